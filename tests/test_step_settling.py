"""A metric indicator's step names the records its review holds back (s25, case c07-audit).

With the only strategy rejected by the auditor, G7's step on the Gold path read "1 more
document record (strategy, approved_on after ...)", inviting a second strategy, while
G8's step and `--explain G7` named doc-strategy. The step now names it first and says
to settle it with the reviewer, as a judgement's step does, in English and Czech. The
next steps and the Gold path word a step by one function (`gaps._gap`); a cluster this
small has no Gold path, so the PDF's next steps are read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run
from tests.report_fixtures import pdf_words

STRATEGY = (
    "- {kind: document, id: doc-strategy, title: Strategy 2024-2028, doc_type: strategy,"
    " start: 2024-03-20, approved_on: 2024-03-20}\n"
    "- {kind: member, title: A s.r.o., type: sme, joined: 2020-01-01, committed: yes}\n"
)


def _assessed(clex: Callable[..., Run], tmp_path: Path, status: str) -> dict:
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "e.yaml").write_text(STRATEGY, encoding="utf-8")
    assert clex("import", "e.yaml", "--cluster", "nano").code == 0
    if status != "submitted":
        run = clex("evidence", "review", "doc-strategy", "--cluster", "nano", "--status", status,
                   "--reviewer", "Eva")  # fmt: skip
        assert run.code == 0, run
    run = clex("assess", "--cluster", "nano", "--period", "2025", "-o", "s.json")
    assert run.code == 0, run
    return json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))


def test_a_rejected_strategy_is_named_in_g7s_step(clex: Callable[..., Run], tmp_path: Path) -> None:
    snap = _assessed(clex, tmp_path, "rejected")
    assert "G7" in [g["indicator"] for g in snap["gaps"]]  # the Gold path's steps are these
    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    assert clex("report", "s.json", "-o", "cs.pdf", "--lang", "cs").code == 0
    words = pdf_words(tmp_path / "r.pdf")
    assert (
        "settle with the reviewer doc-strategy (rejected): it counts toward 1 more document record"
    ) in words, words
    czech = pdf_words(tmp_path / "cs.pdf")
    assert (
        "vyřešte připomínky k doc-strategy (zamítnuto); po vyřízení se započte do toho, co krok "
        "žádá: ještě 1 záznam typu dokument"
    ) in czech, czech


def test_a_strategy_the_reviewer_asked_about_too(clex: Callable[..., Run], tmp_path: Path) -> None:
    snap = _assessed(clex, tmp_path, "needs_info")
    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    assert (
        "settle with the reviewer doc-strategy (needs information): it counts toward"
        in pdf_words(tmp_path / "r.pdf")
    )
    g7 = next(g for g in snap["gaps"] if g["indicator"] == "G7")
    assert g7["need"]["args"]["settle"]["msg"]["args"]["records"]["msgs"][0]["args"]["id"] == {
        "text": "doc-strategy"
    }
