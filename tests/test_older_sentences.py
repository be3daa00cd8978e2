"""A snapshot written before the engine's sentences were messages (clex before commit
162b048) stores them as English text. A report in Czech (PDF, workbook; the web page
goes through the same view) rebuilds a judged indicator's "judged 2 of 4: ... (who)"
from the judgement, the maximum and the catalogue's level description, and shows the
reasons that exist only in English marked as an older clex's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment import read_snapshot, write_snapshot
from reports.context import build_context
from reports.i18n import Lang
from tests.report_fixtures import ReportData, build, older_form

pytestmark = pytest.mark.xdist_group("older-sentences")  # its module fixture is built once

WHY = "doc-0001 is rejected"  # a reason that stands only as an older clex's English
FINDING = (
    "the judgement cites doc-0001 (Strategie), which is rejected and does not count in "
    "this self-assessment, so G8 scores 0 points instead of 2: cite another record"
)
MARK = "(anglicky zapsáno starší verzí clex)"
LEVEL_2_CS = "Schválená strategie s cíli; bez akčního plánu"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("older-data"))


@pytest.fixture
def older(data: ReportData, tmp_path: Path) -> Path:
    path = tmp_path / "older.json"
    # s25-int's Gold path lists G4 and V2 twice for this cluster, which reading refuses
    # (reported apart); the path plays no part in these sentences
    write_snapshot(older_form(data.own, WHY, FINDING).model_copy(update={"gold_path": []}), path)
    return path


def test_the_old_form_is_what_an_older_clex_wrote(older: Path) -> None:
    snap = read_snapshot(older)
    g8 = snap.indicator("G8").explanation
    assert isinstance(g8, str)
    assert g8.startswith("judged 2 of 4: Approved strategy with objectives;")
    assert g8.endswith(f" (J. Nováková); scores 0: {WHY}")
    # the levels' Czech descriptions, which it did not carry, come from its catalogue
    assert snap.catalogue.translations is not None
    assert snap.catalogue.translations["cs"].levels


def test_a_czech_report_rebuilds_the_judged_level_and_marks_the_english_reasons(
    older: Path,
) -> None:
    snap = read_snapshot(older)
    ctx = build_context(snap, lang=Lang("cs"))
    row = ctx.indicator("G8")
    assert row.explanation.startswith(f"posouzeno: 2 (nejvýše 4\u00a0body): {LEVEL_2_CS}")
    assert row.explanation.endswith(f" (J. Nováková); 0 bodů: {WHY} {MARK}")
    assert "judged" not in row.explanation
    assert row.findings == [f"{FINDING} {MARK}"]
    assert f"{FINDING} {MARK}" in [f.message for f in ctx.findings]
    # a metric indicator's English text is marked too, never half translated
    assert ctx.indicator("S1").explanation == f"{snap.indicator('S1').explanation} {MARK}"


def test_english_shows_the_older_text_without_a_mark(older: Path) -> None:
    snap = read_snapshot(older)
    row = build_context(snap, lang=Lang("en")).indicator("G8")
    assert row.explanation.startswith("judged 2 of 4\u00a0points: Approved strategy")
    assert row.explanation.endswith(f" (J. Nováková); scores 0: {WHY}")
    assert "older clex" not in row.explanation + "".join(row.findings)


def test_the_czech_pdf_and_workbook_say_the_same(older: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from reports import render_html, write_report

    snap = read_snapshot(older)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_html(snap, lang="cs").html))
    assert LEVEL_2_CS in text and "judged 2 of 4" not in text
    assert MARK in text
    out = write_report(snap, tmp_path / "older.xlsx", lang="cs")
    cells = [
        str(c)
        for ws in load_workbook(out, read_only=True).worksheets
        for r in ws.iter_rows(values_only=True)
        for c in r
        if isinstance(c, str)
    ]
    assert any(c.startswith("posouzeno: 2") and LEVEL_2_CS in c for c in cells)
    assert not any("judged 2 of 4" in c for c in cells)
