"""A document approved after the assessment's date is no evidence on that date.

The assessor's case (session 23, F7): the KPI report of 2024, entered as the docs advise
with the span it reports on (2024-01-01..12-31) and its approval date (2025-01-20), gave
G8 its level in an assessment as of 2025-01-15, five days before the board approved it.
It counts nowhere and no judgement may cite it then, and the snapshot says so; as of its
approval or later it counts. As the user runs it: the CLI on a real store.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import said

EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}
    - {kind: document, title: Strategy 2024-2028, doc_type: strategy, start: 2024-03-21, approved_on: 2024-03-21}
    - {kind: document, title: KPI report 2024, doc_type: kpi_report, start: 2024-01-01, end: 2024-12-31, approved_by: Board, approved_on: 2025-01-20}
    - {kind: document, title: Story of 2024, doc_type: success_story, start: 2024-11-01, approved_on: 2025-01-20}
    - {kind: document, title: Story not submitted, doc_type: success_story, start: 2024-10-01, approved_on: 2025-01-25, status: draft}
""")  # fmt: skip


def _assess(clex: Any, env: dict[str, str], folder: Path, as_of: str) -> dict[str, Any]:
    run = clex("assess", "--cluster", "nano", "--period", "2024", "--as-of", as_of,
               "--judgements", "j.yaml", "-o", f"{as_of}.json", env=env)  # fmt: skip
    assert run.code == 0, run
    snap: dict[str, Any] = json.loads((folder / f"{as_of}.json").read_text(encoding="utf-8"))
    snap["terminal"] = run.out
    return snap


def _indicator(snap: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in snap["indicators"] if i["id"] == key)
    return found


def test_a_document_approved_after_the_date_counts_nowhere_then(
    clex: Any, db_url: str, tmp_path: Path
) -> None:
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ", env=env).code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert clex("import", "ev.yaml", "--cluster", "nano", env=env).code == 0
    listed = json.loads(clex("evidence", "list", "--cluster", "nano", "--json", env=env).out)
    ids = {r["title"]: r["id"] for r in listed}
    strategy, kpi, story = ids["Strategy 2024-2028"], ids["KPI report 2024"], ids["Story of 2024"]
    (tmp_path / "j.yaml").write_text(textwrap.dedent(f"""\
        judgements:
          - {{indicator: G8, level: 4, evidence: [{strategy}, {kpi}], assessor: Jana Nováková}}
        """), encoding="utf-8")  # fmt: skip

    before = _assess(clex, env, tmp_path, "2025-01-15")
    g8, c7 = _indicator(before, "G8"), _indicator(before, "C7")
    assert g8["points"] == 0 and c7["value"] == 0 and story not in c7["evidence_ids"]
    assert (
        f"the judgement cites {kpi} (KPI report 2024), approved on Jan 20, 2025, after Jan 15, "
        "2025, the assessment's date, so G8 scores 0 points instead of 4 points: it was no "
        "approved evidence then; assess as of its approval or later, or cite records approved "
        "by then"
    ) in [said(f["message"]) for f in g8["findings"]]
    note = (
        f"2 documents approved after Jan 15, 2025, the assessment's date, were not counted: "
        f"{', '.join(sorted([f'{kpi} (2025-01-20)', f'{story} (2025-01-20)']))}"
    )
    assert note in [said(f["message"]) for f in before["findings"]]  # not the uncounted draft
    assert note in before["terminal"]
    assert clex("verify", "2025-01-15.json", env=env).code == 0

    after = _assess(clex, env, tmp_path, "2025-01-20")  # the day of approval: it counts
    assert _indicator(after, "G8")["points"] == 4
    assert _indicator(after, "C7")["evidence_ids"] == [story]
    assert "approved after" not in json.dumps(after["findings"])
