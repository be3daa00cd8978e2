"""A change against a period counted in another mode says on what basis each was counted.

The assessor's case (session 23, F9): 2024 assessed with `--include-drafts`, 2025
without. The report's summary said "+2.8 percentage points against 2024", the drafts
were mentioned only at the foot of the trend page, and `clex compare` gave the audits'
reason ("audits count verified evidence only"), which does not apply to drafts. Every
place that states the change names the basis: the summary line, the trend page, the
workbook, compare; in English and Czech. As the user runs it: the CLI, a real store,
the PDF's text and the workbook read back.
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
    - {kind: member, title: Gamma, type: sme, committed: yes, start: 2024-02-01, status: draft}
    - {kind: event, title: Workshop 2024, format: workshop, role: organiser, start: 2024-05-01, status: draft}
""")  # fmt: skip


@pytest.fixture
def snaps(clex: Any, tmp_path: Path) -> Any:
    return two_snapshots(clex, tmp_path, EVIDENCE, first=("--include-drafts",))


def test_compare_gives_the_drafts_reason_not_the_audits(snaps: Any) -> None:
    out = snaps("compare", "s2024.json", "s2025.json").out
    assert (
        "The snapshots were counted in different modes (2024: a self-assessment counting "
        "drafts (--include-drafts), 2025: a self-assessment): drafts are records nobody has "
        "submitted or reviewed yet, so a score counting them is higher and the change "
        "between them is not like for like."
    ) in " ".join(out.split())
    assert "audits count" not in out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_every_change_in_the_report_names_the_basis(snaps: Any, tmp_path: Path) -> None:
    for lang in ("en", "cs"):
        snaps("report", "s2025.json", "--compare", "s2024.json", "--lang", lang,
              "-o", f"r-{lang}.pdf")  # fmt: skip
        snaps("report", "s2025.json", "--compare", "s2024.json", "--lang", lang,
              "-o", f"r-{lang}.xlsx")  # fmt: skip
    en = pdf_words(tmp_path / "r-en.pdf")
    assert "percentage points against 2024 (drafts counted)." in en  # the summary line
    assert (
        "2024 was counted as a self-assessment counting drafts (--include-drafts), this "
        "assessment as a self-assessment: the change between them is not like for like."
    ) in en
    assert "change since 2024 (drafts counted)" in en.lower()  # the trend page's change column
    assert "drafts are records nobody has submitted or reviewed yet" in en
    cs = pdf_words(tmp_path / "r-cs.pdf")
    assert "2024 (včetně konceptů)" in cs
    assert "2024 bylo počítáno jako sebehodnocení včetně konceptů (--include-drafts)" in cs
    assert "koncepty jsou záznamy, které zatím nikdo nepředložil ani neposoudil" in cs

    book = load_workbook(tmp_path / "r-en.xlsx")
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "Overall score in 2024 (drafts counted)" in cells
    assert any(c.startswith("The snapshots were counted in different modes") for c in cells)
    assert any("2024 was counted as a self-assessment counting drafts" in c for c in cells)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_trend_page_says_the_modes_once_whatever_the_order_given(
    snaps: Any, tmp_path: Path
) -> None:
    """Earlier periods given newest first: the trend page said the modes by its change
    column in the order given and again at its foot oldest first (two notes unequal)."""
    snaps("assess", "--cluster", "nano", "--as-of", "2026-01-15", "--period", "2023",
          "--audit", "-o", "s2023.json")  # fmt: skip
    snaps("report", "s2025.json", "--compare", "s2024.json", "s2023.json", "-o", "r.pdf")
    text = pdf_words(tmp_path / "r.pdf")
    assert text.count("counted in different modes") == 1, text
    assert "(2023: an audit" in text
