"""Tables that add up, units on values, the label sentence and report progress (issue 16).

What a reader sees: the text of real PDFs (pdftotext -layout, so a table row stays a
line), the cells of a real workbook read back with openpyxl, and `clex report` as a user
runs it. Snapshots come from tests/report_fixtures.py (store -> import -> assess); the
built-in catalogue weights G7 by 2 and G8 by 3, so weighted and unweighted points differ.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from assessment import Snapshot, write_snapshot
from reports import write_report
from reports.i18n import Lang
from reports.verdict import basis, verdict
from tests.conftest import Run
from tests.report_fixtures import ReportData, build

pytestmark = [
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"),
    pytest.mark.xdist_group("reports-pdf"),
]

# "13 / 22", "6,5 / 12": a number, a slash, a number (the spaces may be narrow ones)
NUMBER = r"\d[\d\u00a0\u202f]*(?:[.,]\d+)?"
PAIR = re.compile(rf"({NUMBER})\s*/\s*({NUMBER})")
ROW = re.compile(r"^\s*([A-Z]\d+)\s")  # a table row starts with the indicator's id
AREA_LINE = {
    "en": re.compile(rf"^({NUMBER}) of ({NUMBER}) points( ·|$)"),
    "cs": re.compile(rf"^({NUMBER}) z možných ({NUMBER}) bodů( ·|$)"),
}
AREA_TOTAL = {"en": "Area total", "cs": "Oblast celkem"}
ALL_AREAS = {
    "en": re.compile(rf"All areas: ({NUMBER}) of ({NUMBER}) points, an overall score of"),
    "cs": re.compile(rf"Všechny oblasti: ({NUMBER}) z možných ({NUMBER}) bodů, celkové skóre"),
}
OVERALL_ROW = {"en": "Overall", "cs": "Celkem"}


def number(text: str) -> float:
    return float(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))


def layout_text(pdf: Path) -> str:
    args = ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def ready(snapshot: Snapshot, *, verified: bool) -> Snapshot:
    """`snapshot` with Bronze ready (Silver and Gold not), its records all verified or not."""
    labels = [lb.model_copy(update={"ready": lb.id == "bronze"}) for lb in snapshot.labels]
    evidence = (
        [r.model_copy(update={"status": "verified"}) for r in snapshot.evidence]
        if verified
        else snapshot.evidence
    )
    return snapshot.model_copy(update={"labels": labels, "evidence": evidence})


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("tally-data"))


@pytest.fixture(scope="module")
def pdfs(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The English report as it is, the Czech one of a Bronze-ready variant (its records
    as they are: submitted, so ready on unreviewed evidence)."""
    folder = tmp_path_factory.mktemp("tally-pdf")
    en = write_report(data.own, folder / "en.pdf", compare=[data.previous])
    cs = write_report(
        ready(data.own, verified=False), folder / "cs.pdf", compare=[data.previous], lang="cs"
    )
    return {"en": layout_text(en), "cs": layout_text(cs)}


@pytest.fixture(scope="module")
def workbook(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("tally-xlsx") / "report.xlsx"
    return load_workbook(write_report(data.own, out, compare=[data.previous]))


def area_tables(text: str, lang: str) -> list[dict[str, Any]]:
    """Each area table of the PDF text: its line, its rows' points and its total row."""
    areas: list[dict[str, Any]] = []
    for line in text.splitlines():
        head = AREA_LINE[lang].match(line.strip())
        if head:
            line_points = tuple(map(number, head.groups()[:2]))
            areas.append({"line": line_points, "rows": {}, "total": None})
            continue
        if not areas or areas[-1]["total"] is not None:
            continue
        row = ROW.match(line)
        if row:
            pairs = PAIR.findall(line)
            if pairs:  # the last pair on a row's first line is its points (none: not scored)
                areas[-1]["rows"][row.group(1)] = tuple(map(number, pairs[-1]))
        elif line.strip().startswith(AREA_TOTAL[lang]):
            areas[-1]["total"] = tuple(map(number, PAIR.findall(line)[-1]))
    return areas


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_every_area_table_adds_up_to_its_line_and_the_areas_to_the_total(
    pdfs: dict[str, str], data: ReportData, lang: str
) -> None:
    text = pdfs[lang]
    areas = area_tables(text, lang)
    assert [a["line"] for a in areas] == [(a.points, a.max_points) for a in data.own.areas]
    scored = {i.id for i in data.own.indicators if i.scored}
    for area, snap_area in zip(areas, data.own.areas, strict=True):
        mine = {i.id for i in data.own.indicators if i.area == snap_area.id}
        assert set(area["rows"]) == mine & scored, snap_area.id
        got = sum(p for p, _ in area["rows"].values())
        top = sum(m for _, m in area["rows"].values())
        assert (got, top) == pytest.approx(area["line"]), snap_area.id
        assert area["total"] == area["line"]
    # weighted: G8 (weight 3) shows three times its points, not its own points
    g8 = data.own.indicator("G8")
    governance = areas[[a.id for a in data.own.areas].index("governance")]
    assert governance["rows"]["G8"] == (g8.points * 3, g8.max_points * 3)
    total = ALL_AREAS[lang].search(" ".join(text.split()))
    assert total is not None
    points, top = map(number, total.groups())
    assert points == pytest.approx(sum(a["line"][0] for a in areas))
    assert top == pytest.approx(sum(a["line"][1] for a in areas))
    assert round(100 * points / top, 1) == round(data.own.overall, 1)
    # the summary's area table: the same lines, and an Overall row that is their sum
    summary = [
        tuple(map(number, PAIR.findall(line)[-1]))
        for line in text.splitlines()
        if PAIR.search(line) and line.strip().startswith(OVERALL_ROW[lang])
    ]
    assert summary[0] == (points, top)


def test_values_carry_their_units(pdfs: dict[str, str], data: ReportData) -> None:
    en, cs = (" ".join(pdfs[k].split()) for k in ("en", "cs"))
    s2 = data.own.indicator("S2")
    assert s2.unit == "percent"
    assert f"{s2.value:.1f} %" in en.replace("\u00a0", " ")
    assert f"{s2.value:.1f} %".replace(".", ",") in cs.replace("\u00a0", " ")
    assert "0.4 FTE" in en  # G2, staff in full-time equivalents
    assert "9 years" in en  # G1, the organisation's age
    assert re.search(r"\b6 per year\b", en)  # C1, newsletters a year


def test_the_label_sentence_is_exact(data: ReportData) -> None:
    en, cs = Lang("en"), Lang("cs")
    titles_cs = {"bronze": "certifikát Bronze", "silver": "certifikát Silver"}
    assert verdict(data.own, {}, en) == "Not yet ready for any label"
    unreviewed, checked = ready(data.own, verified=False), ready(data.own, verified=True)
    assert verdict(checked, {}, en) == "Ready for the Bronze label"
    assert verdict(checked, titles_cs, cs) == "Připraven na certifikát Bronze"
    assert verdict(checked, {}, cs) == "Připraven na certifikát Bronze"
    assert verdict(unreviewed, {}, en) == "Ready for the Bronze label on unreviewed evidence"
    assert verdict(unreviewed, titles_cs, cs) == (
        "Připraven na certifikát Bronze na základě neověřených podkladů"
    )
    assert basis(checked, en) == ""
    n = sum(1 for r in data.own.evidence if r.status == "submitted")
    assert basis(unreviewed, en).startswith(f"{n} records behind the scores are not yet verified.")
    # drafts the engine counted (--include-drafts) qualify it even when all else is verified
    labels = [
        lb.model_copy(update={"qualification": "counting 1 draft record(s)"} if lb.ready else {})
        for lb in checked.labels
    ]
    drafted = checked.model_copy(update={"labels": labels})
    assert verdict(drafted, {}, en) == "Ready for the Bronze label on unreviewed evidence"


def test_the_czech_pdf_says_the_label_sentence_once(pdfs: dict[str, str]) -> None:
    text = " ".join(pdfs["cs"].split())
    assert "Připraven na certifikát Bronze na základě neověřených podkladů" in text
    assert "certifikát certifikát" not in text
    assert "Audit započítává pouze ověřené doklady." in text


def rows(ws: Worksheet) -> list[dict[str, Any]]:
    head = [c.value for c in ws[1]]
    out = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            break
        out.append(dict(zip(head, row, strict=False)))
    return out


def test_the_workbook_adds_up(workbook: Any, data: ReportData) -> None:
    areas = {r["ID"]: r for r in rows(workbook["Areas"])}
    indicators = rows(workbook["Indicators"])
    for area in data.own.areas:
        mine = [r for r in indicators if r["Area"] == area.title]
        weighted = sum(r["Weighted points"] or 0 for r in mine)
        assert weighted == pytest.approx(areas[area.id]["Points"]), area.id
        assert sum(r["Weighted max"] or 0 for r in mine) == pytest.approx(
            areas[area.id]["Max points"]
        )
        for r in mine:
            if r["Weighted points"] is not None:
                assert r["Weighted points"] == pytest.approx(r["Points"] * r["Weight"])
    overall = areas["overall"]
    assert overall["Points"] == pytest.approx(sum(a.points for a in data.own.areas))
    assert overall["Max points"] == pytest.approx(sum(a.max_points for a in data.own.areas))
    assert 100 * overall["Points"] / overall["Max points"] == pytest.approx(
        data.own.overall, abs=0.005
    )


def test_the_workbook_says_each_value_s_unit(workbook: Any, data: ReportData) -> None:
    ws = workbook["Indicators"]
    head = [c.value for c in ws[1]]
    value, unit = head.index("Value") + 1, head.index("Unit") + 1
    by_id = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    s2 = ws.cell(row=by_id["S2"], column=value)
    assert s2.value == pytest.approx(data.own.indicator("S2").value)
    assert s2.number_format == '0.0" %"'
    assert ws.cell(row=by_id["S2"], column=unit).value == "%"
    assert ws.cell(row=by_id["G2"], column=unit).value == "FTE"
    assert ws.cell(row=by_id["G1"], column=unit).value == "years"
    assert ws.cell(row=by_id["C1"], column=unit).value == "count per year"


# -- progress, through the command line -----------------------------------------------


@pytest.fixture(scope="module")
def snap_file(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tally-snap") / "own.json"
    write_snapshot(data.own, out)
    return out


def test_progress_shows_pages_laid_out_when_asked(
    clex: Callable[..., Run], snap_file: Path, tmp_path: Path
) -> None:
    run = clex("report", str(snap_file), "-o", str(tmp_path / "r.pdf"), "--progress")
    assert run.code == 0, run
    assert re.search(r"\d+ pages laid out", run.err), run.err
    assert "PDF written" in run.err
    assert "Report written to" in run.out and "laid out" not in run.out


def test_progress_counts_the_parts_of_a_parallel_render(
    clex: Callable[..., Run], snap_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    run = clex("report", str(snap_file), "-o", str(out), "--workers", "2", "--progress")
    assert run.code == 0, run
    assert re.search(r"\d+ pages laid out \(in 2 parts\)", run.err), run.err
    assert "parts written" in run.err or "PDF written" in run.err


@pytest.mark.parametrize(
    ("options", "stdout"),
    [
        ((), "Report written to"),  # stderr is not a terminal here: no progress
        (("--progress", "--json"), '"report"'),
        (("--progress", "--quiet"), ""),
    ],
)
def test_progress_is_quiet_unless_a_person_watches(
    clex: Callable[..., Run], snap_file: Path, tmp_path: Path, options: tuple[str, ...], stdout: str
) -> None:
    out = tmp_path / "r.xlsx"
    run = clex("report", str(snap_file), "-o", str(out), *options)
    assert run.code == 0, run
    assert out.is_file()
    assert run.err == ""
    assert stdout in run.out
    if not stdout:
        assert run.out == ""


def test_a_workbook_s_progress(clex: Callable[..., Run], snap_file: Path, tmp_path: Path) -> None:
    run = clex("report", str(snap_file), "-o", str(tmp_path / "r.xlsx"), "--progress")
    assert run.code == 0, run
    assert "Workbook written" in run.err
