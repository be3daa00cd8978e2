"""A judgement nobody made is no change of the cluster.

The assessor's case (session 24, F6): the board's 2024 self-assessment ran without a
judgements file, so G8 had no level and 0 points; 2025 had G8 judged. `clex compare`,
the report's trend page and summary line counted the missing judgement as 0 and
headlined "+16 percentage points against 2024", 11.3 of which were the judgement itself.
Now G8 reads "not judged" there, its change is left out, and every place that states
the overall change names the part made by judgements made in one period only (the
totals stay each assessment's own). As the user runs it: the CLI, a real store, the
PDF's text and the workbook read back; the web page in tests/web/test_assessments.py.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.report_fixtures import pdf_words, two_snapshots

EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta, type: university, committed: yes, start: 2016-09-01}
    - {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}
    - {id: doc-strategy, kind: document, title: Strategy 2024-2027, doc_type: strategy, start: 2024-02-01, approved_on: 2024-02-01}
""") + "".join(
    f"- {{kind: communication, channel: newsletter, title: Newsletter {n}/2025, start: 2025-{n:02d}-10}}\n"
    for n in range(1, 13)
)  # fmt: skip

JUDGED = (
    "judgements:\n  - {indicator: G8, level: 3, rationale: seen, evidence: [doc-strategy],"
    " assessors: [{name: A, level: 3}, {name: B, level: 3}]}\n"
)


@pytest.fixture
def snaps(clex: Any, tmp_path: Path) -> Any:
    judged = ("--judgements", "j.yaml")
    return two_snapshots(clex, tmp_path, EVIDENCE, second=judged, files={"j.yaml": JUDGED})


def one(x: float) -> str:
    """A number as a message shows it: at most one decimal, no trailing zero."""
    return f"{x:.1f}".removesuffix(".0")


def _parts(tmp_path: Path) -> tuple[float, float, float]:
    """The overall change, G8's part of it (9 weighted points of the maximum) and the
    rest, worked out from the two snapshots."""
    import json

    a, b = (json.loads((tmp_path / f"s{y}.json").read_text()) for y in (2024, 2025))
    top = sum(i["max_points"] * i["weight"] for i in b["indicators"] if i["scored"])
    change = b["overall"] - a["overall"]
    part = 100 * 9 / top
    return change, part, change - part


def test_compare_says_not_judged_and_names_the_judgements_part(snaps: Any, tmp_path: Path) -> None:
    out = " ".join(snaps("compare", "s2024.json", "s2025.json").out.split())
    assert "G8 Quality of the strategy, action plan and KPI monitoring not judged 9.0 " in out
    change, part, rest = _parts(tmp_path)
    assert part > rest > 0  # the newsletters of 2025 are the cluster's own change
    assert (
        f"Of the overall change from 2024 to 2025 ({one(change)} percentage points), "
        f"{one(part)} come from G8, judged only in 2025: a judgement not made has no level "
        "and scores no points, which is no change of the cluster; the indicators assessed "
        f"in both periods make {one(rest)}."
    ) in out
    data = snaps("compare", "s2024.json", "s2025.json", "--json").out
    import json

    g8 = next(r for r in json.loads(data)["indicators"] if r["id"] == "G8")
    assert g8["weighted"] == [None, 9.0] and g8["unjudged"] == [True, False]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_report_states_the_change_with_the_judgements_part(snaps: Any, tmp_path: Path) -> None:
    for lang in ("en", "cs"):
        for suffix in ("pdf", "xlsx"):
            snaps("report", "s2025.json", "--compare", "s2024.json", "--lang", lang,
                  "-o", f"r-{lang}.{suffix}")  # fmt: skip
    _, part, _ = _parts(tmp_path)
    en = pdf_words(tmp_path / "r-en.pdf")
    said = (
        f"percentage points against 2024, of which +{part:.1f} from G8, judged only in 2025: "
        "a judgement not made scores no points."
    )
    assert said in en
    # the trend page: not judged, no change stated for G8
    assert "G8 Quality of the strategy, action plan and KPI monitoring not judged 9 –" in en
    cs = pdf_words(tmp_path / "r-cs.pdf")
    assert "připadá na G8, hodnocený jen v období 2025" in cs
    assert "nehodnoceno" in cs
    book = load_workbook(tmp_path / "r-en.xlsx")
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert any(said in c for c in cells)
    assert any(c.startswith("Of the overall change from 2024 to 2025") for c in cells)
    assert "not judged" in cells  # the Trend sheet's G8 in 2024
