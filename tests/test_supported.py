"""A project the cluster only supports, counted by V4: named for the auditor.

Session 25's assessor (case c04): a project with `role: support` (a letter of support,
no cluster budget, three member participants) counted as one of the cluster's
collaborative projects in V4, and nothing said so. ECEI credits the collaborative
projects the cluster management initiated or facilitated; the value stays as counted and
the project is a concern, in `clex assess`'s snapshot, its `--explain V4` and the
report, in English and Czech. V5 (a sum of the cluster's budget) is not named.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.report_fixtures import pdf_words

PROJECTS = """\
- {kind: project, title: Supported by letter, acronym: SUP, role: support, start: 2025-01-01,
   end: 2025-12-31, budget_eur: 800000, member_participants: 3}
- {kind: project, title: Smart textiles, acronym: TEX, role: partner, start: 2025-01-01,
   end: 2025-12-31, budget_eur: 900000, cluster_budget_eur: 90000, member_participants: 4}
- {kind: project, title: Led by us, acronym: LED, role: lead, start: 2024-01-01,
   end: 2026-12-31, budget_eur: 2000000, cluster_budget_eur: 300000, member_participants: 5}
- {kind: project, title: Supported too small, acronym: SMA, role: support, start: 2025-02-01,
   end: 2025-10-31, member_participants: 2}
"""


def _assessed(clex: Any, tmp_path: Path, *extra: str, projects: str = PROJECTS) -> Any:
    assert clex("init", "--cluster", "c", "--name", "Case", "--country", "CZ").code == 0
    (tmp_path / "p.yaml").write_text(projects, encoding="utf-8")
    assert clex("import", "p.yaml", "--cluster", "c").code == 0
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15",
        "-o", "s.json", *extra,
    )  # fmt: skip
    assert run.code == 0, run
    return run


def test_a_supported_project_counted_by_v4_is_named(clex: Any, tmp_path: Path) -> None:
    run = _assessed(clex, tmp_path, "--explain", "V4", "--explain", "V5")
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    v4 = next(i for i in snap["indicators"] if i["id"] == "V4")
    assert v4["value"] == 3  # counted as the catalogue says: a concern, not a refusal
    named = [c for c in snap["concerns"] if "only supports" in c["what"]["id"]]
    assert len(named) == 1, snap["concerns"]
    concern = named[0]
    # the one V4 counts; the one with two member participants is not counted, not named
    assert [r["title"] for r in concern["records"]] == ["Supported by letter"]
    assert concern["indicators"] == ["V4"] and concern["group"] == "suspicious"
    # the --explain of V4 says it beside what it counted; V5's does not
    out = run.out
    v4_part, v5_part = out.split("V5 Project funding")[0], out.split("V5 Project funding")[1]
    assert "to check (" in v4_part and "only supports (role “support”) counts in V4" in v4_part
    assert "only supports" not in v5_part

    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    page = pdf_words(tmp_path / "r.pdf")
    assert "1 project the cluster only supports (role “support”) counts in V4" in page
    assert "Supported by letter" in page and "what the cluster did for each" in page
    assert clex("report", "s.json", "-o", "cs.pdf", "--lang", "cs").code == 0
    czech = pdf_words(tmp_path / "cs.pdf")
    assert "1 projekt, který klastr jen podporuje (role „podpora“)" in czech, czech


def test_no_concern_without_a_counted_supported_project(clex: Any, tmp_path: Path) -> None:
    """The supported project as a partner's: nothing to name."""
    _assessed(clex, tmp_path, projects=PROJECTS.replace("role: support", "role: partner"))
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert not [c for c in snap["concerns"] if "only supports" in c["what"]["id"]]
