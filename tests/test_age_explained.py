"""G1's explanation says what its value does (s25b F6): a cluster founded in 2025 with
statutes of 1 June 2025 is 0.59 years old at the end of 2025 (the statutes date the
founding to their day); the sentence named "the earlier of Jan 1, 2025 and the
statutes", from which a reader recomputed 1.0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

EVIDENCE = (
    "- {id: doc-statutes, kind: document, title: Statutes, doc_type: statutes,"
    " start: 2025-06-01, approved_on: 2025-06-01}\n"
)


def test_g1_says_it_counts_from_the_statutes_of_the_founding_year(
    clex: Any, tmp_path: Path
) -> None:
    (tmp_path / "e.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert clex("init", "--cluster", "c", "--name", "C", "--founded", "2025").code == 0
    assert clex("import", "e.yaml", "--cluster", "c").code == 0
    done = clex("assess", "--cluster", "c", "--period", "2025", "--explain", "G1",
                "-o", "s.json")  # fmt: skip
    text = " ".join(done.out.split())
    assert "G1 Age of the cluster organisation: 0.59 years" in text
    assert (
        "age to Dec 31, 2025 from the earliest of the document records (document type is "
        "statutes), or from 1 January 2025 (the founding year) when that year is earlier: "
        "0.59 years"
    ) in text
    assert "the earlier of" not in text
    done = clex("report", "s.json", "--lang", "cs", "-o", "r.xlsx")
    assert done.code == 0
    from openpyxl import load_workbook

    cells = " ".join(
        str(c)
        for ws in load_workbook(tmp_path / "r.xlsx").worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    assert "nebo od 1. ledna 2025 (rok založení), je-li tento rok dřívější" in cells
