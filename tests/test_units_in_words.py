"""Units a reader can say, one count of unverified records, a one-page cover (issue 16,
review items 5, 7, 11, 13, 25, 27, 28, 33).

What a reader sees: the text of real PDFs (pdftotext), the cells of a real workbook, the
built-in catalogue as it loads. Snapshots come from tests/report_fixtures.py (store ->
import -> assess): G4, V2, G3 are ratios and V7 a score of 100, said in the catalogue's
own unit words; C4 is a yes-or-no; V5 sums a `*_eur` field per year; G1 counts from the
founding year in the profile with no statutes record.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from criteria.loader import require_catalogue
from criteria.models import Indicator
from evidence.messages import quantity
from reports import write_report
from reports.i18n import Lang
from reports.verdict import basis
from tests.report_fixtures import ReportData, build

pytestmark = [
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"),
    pytest.mark.xdist_group("reports-pdf"),
]

NBSP = "\u00a0"


def pages(pdf: Path) -> list[str]:
    args = ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def row(text: str, indicator: str) -> str:
    """The areas table's row of `indicator` (its first two lines: a value may wrap before
    "per year"), spaces made plain and runs of spaces one."""
    lines = text.splitlines()
    at = next(n for n, ln in enumerate(lines) if re.match(rf"^\s*{indicator}\s", ln))
    return " ".join(" ".join(lines[at : at + 2]).replace(NBSP, " ").split())


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("units-data"))


@pytest.fixture(scope="module")
def pdfs(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("units-pdf")
    out = {}
    for lang in ("en", "cs"):
        pdf = write_report(
            data.own, folder / f"{lang}.pdf", compare=[data.previous], peers=data.peers, lang=lang
        )
        out[lang] = pages(pdf)
    return out


def test_the_catalogue_says_ratios_and_scores_in_its_own_words() -> None:
    cat = require_catalogue("ecei-gold")
    ind = {i.id: i for i in cat.indicators}
    assert (ind["G4"].value_unit, ind["G4"].unit_words) == ("words", "h per FTE a year")
    assert ind["V7"].unit_words == "of 100"
    assert ind["V7"].translations["cs"].unit_words == "ze 100"
    assert {ind[i].value_unit for i in ("G3", "V2")} == {"words"}
    assert ind["C4"].value_unit == ind["C9"].value_unit == "yes_no"  # exists: yes or no
    assert ind["V5"].value_unit == "eur"


def test_unit_words_are_checked_where_the_catalogue_sets_them() -> None:
    base: dict[str, Any] = {
        "id": "X1",
        "area": "structure",
        "title": "Hours per FTE",
        "question": "?",
        "evidence": "Training log.",
        "metric": {"aggregate": "count", "kind": "training", "scope": "in_period"},
        "points": [{"at_least": 1, "points": 1}],
        "basis": "b",
        "verified": False,
    }
    with pytest.raises(ValidationError, match="`unit: words` needs the words"):
        Indicator.model_validate({**base, "unit": "words"})
    with pytest.raises(ValidationError, match="drop `unit: percent`"):
        Indicator.model_validate({**base, "unit": "percent", "unit_words": "h per FTE"})


def test_a_value_and_its_unit_never_part_and_large_amounts_show_no_cents() -> None:
    cs, en = Lang("cs"), Lang("en")
    assert en.value(371669.34, "eur", per_year=True) == "€371,669 per\u00a0year"
    money = cs.value(371669.34, "eur", per_year=True)
    assert ",34" not in money and money.endswith(" za\u00a0rok") and " " not in money[:-7]
    assert cs.value(10.2, "percent", per_year=True) == "10,2\u00a0% za\u00a0rok"
    assert en.value(45.32, "words", words="h per FTE a year") == "45.32\u00a0h per FTE a year"
    assert (en.value(1, "yes_no"), cs.value(0, "yes_no")) == ("yes", "ne")
    assert en.value(-1.9, "percent") == "\u22121.9\u00a0%"  # a minus, not a hyphen
    assert quantity(-1.9, "percent") == "-1.9\u00a0%"  # the command line: a plain hyphen


def test_every_value_has_its_unit_in_the_pdf(pdfs: dict[str, list[str]]) -> None:
    en = "\n".join(pdfs["en"])
    assert "€150,000" in row(en, "V5") and "per year" in row(en, "V5")
    assert "30 h per FTE" in row(en, "G4")
    assert "78 of 100" in row(en, "V7")
    assert re.search(r"\bno\b", row(en, "C4"))
    assert "65 participants" in row(en, "G3")
    cs = "\n".join(pdfs["cs"])
    assert "78 ze 100" in row(cs, "V7")
    assert "150 000 €" in row(cs, "V5").replace("\u202f", " ")
    assert re.search(r"\bne\b", row(cs, "C4"))


def test_per_year_is_said_once(pdfs: dict[str, list[str]]) -> None:
    for lang, said in (("en", "(per year)"), ("cs", "(za rok)")):
        text = " ".join(" ".join(pdfs[lang]).split())
        assert f"{said} {said}" not in text


def test_the_cover_is_one_page_and_the_summary_has_every_reason(
    pdfs: dict[str, list[str]], data: ReportData
) -> None:
    for lang, contents, summary in (("en", "Contents", "Executive summary"), ("cs", "Obsah", "")):
        second = [ln.strip() for ln in pdfs[lang][1].splitlines() if ln.strip()]
        assert second[1] == contents  # the running head, then the contents
        if summary:
            assert "more: see the executive summary" in pdfs[lang][0]
    bronze = next(lb for lb in data.own.labels if lb.id == "bronze")
    assert len(bronze.reasons) > 2
    summary_text = " ".join(pdfs["en"][2].split())
    assert "Label readiness" in summary_text and "C4 Cluster website in English: no" in (
        summary_text
    )


def test_one_count_of_unverified_records_everywhere(data: ReportData) -> None:
    """The verdict's basis counts the records the summary and findings page tally."""
    snap = data.own.model_copy(
        update={"labels": [lb.model_copy(update={"ready": True}) for lb in data.own.labels]}
    )
    unverified = sum(1 for r in snap.evidence if r.status != "verified")
    assert unverified == 61
    assert basis(snap, Lang("en")).startswith(f"{unverified} records behind the scores")


def test_a_value_without_records_says_what_it_rests_on(pdfs: dict[str, list[str]]) -> None:
    text = " ".join(" ".join(pdfs["en"]).split())
    assert "G1 Age of the cluster organisation · 0" in text
    assert "No evidence records: the value comes from the cluster's profile (Jan 1, 2016)" in text
    assert "no record backs it yet: an auditor will ask for document records" in text
    cs = " ".join(" ".join(pdfs["cs"]).split())
    assert "Žádné záznamy: hodnota vychází z profilu klastru (1. 1. 2016)" in cs


def test_a_judged_level_is_described_in_both_languages(pdfs: dict[str, list[str]]) -> None:
    cs = " ".join(" ".join(pdfs["cs"]).split())
    # the catalogue's own Czech words for the level (2026.3), not its English ones
    assert "posouzeno: 2 (nejvýše 4 body): Schválená strategie s cíli" in cs
    assert "(nejvýše 4 body): Approved" not in cs


def test_the_workbook_names_every_unit(data: ReportData, tmp_path: Path) -> None:
    book = load_workbook(write_report(data.own, tmp_path / "x.xlsx", peers=data.peers))
    sheet = book["Indicators"]
    assert sheet["F1"].value == "Unit"
    units = {r[0].value: r[5].value for r in sheet.iter_rows(min_row=2) if r[0].value}
    assert all(units[i] for i in ("S1", "S4", "S7", "G3", "G4", "V5", "V7", "C4")), units
    assert units["V5"] == "€ per year" and units["S1"] == "count"
    assert (units["G4"], units["V7"], units["C4"]) == ("h per FTE a year", "of 100", "yes or no")
    assert units["C1"] == "count per year"
