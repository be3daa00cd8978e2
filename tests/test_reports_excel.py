"""The Excel workbook, as a reader sees it: cell values equal the snapshot's, evidence
text stays text, and LibreOffice opens the file and reads the same values.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports import write_report
from tests.report_fixtures import FORMULA_TITLE, HOSTILE_TITLE, ReportData, build

pytestmark = pytest.mark.xdist_group(
    "reports-excel"
)  # its module fixtures are built once, in one worker

SHEETS = ["Summary", "Areas", "Indicators", "Gaps", "Costs", "Findings", "Evidence"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("report-data"))


@pytest.fixture(scope="module")
def xlsx(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    return write_report(data.own, out, compare=[data.previous], peers=data.peers)


@pytest.fixture(scope="module")
def wb(xlsx: Path) -> Workbook:
    return load_workbook(xlsx)


def rows(ws: Worksheet, header_row: int = 1) -> list[dict[str, Any]]:
    head = [c.value for c in ws[header_row]]
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            break
        out.append(dict(zip(head, row, strict=False)))
    return out


def test_sheets(wb: Workbook) -> None:
    assert wb.sheetnames == [*SHEETS, "Trend", "Benchmark"]


def test_summary_and_areas_equal_the_snapshot(wb: Workbook, data: ReportData) -> None:
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Overall score"] == data.own.overall
    assert summary["Overall score in 2023"] == data.previous.overall
    assert summary["Catalogue SHA-256"] == data.own.catalogue.sha256
    assert summary["Period start"].date() == date(2024, 1, 1)
    assert summary["Bronze"] == "no" and summary["Gold"] == "no"
    areas = {r["ID"]: r for r in rows(wb["Areas"])}
    for area in data.own.areas:
        assert areas[area.id]["Score"] == area.percent
        assert areas[area.id]["Points"] == area.points
        assert areas[area.id]["2023"] == data.previous.area(area.id).percent
    assert areas["overall"]["Score"] == data.own.overall
    assert wb["Areas"]["F2"].number_format == '0.0" %"'


def test_indicators_equal_the_snapshot(wb: Workbook, data: ReportData) -> None:
    found = {r["ID"]: r for r in rows(wb["Indicators"])}
    assert list(found) == [i.id for i in data.own.indicators]
    for ind in data.own.indicators:
        row = found[ind.id]
        # Excel keeps 15 significant digits; the snapshot's JSON has all 17.
        assert row["Value"] == (None if ind.value is None else pytest.approx(ind.value, rel=1e-14))
        # the ladder's own points; a descriptive indicator is worth none: "not scored"
        assert row["Points"] == (ind.points if ind.scored else "not scored")
        assert row["Max points"] == (ind.max_points if ind.scored else None)
        assert row["Evidence"] == len(ind.evidence_ids)
        assert row["Eligibility met"] == {None: None, True: "yes", False: "no"}[ind.minimum_met]
        before = data.previous.indicator(ind.id).points * ind.weight  # weighted, like the total
        assert row["Weighted points in 2023"] == (before if ind.scored else None)


def test_each_indicator_links_to_its_first_evidence_row(wb: Workbook, data: ReportData) -> None:
    ws, evidence = wb["Indicators"], wb["Evidence"]
    head = [c.value for c in ws[1]]
    col = head.index("First evidence") + 1
    linked = 0
    for row in range(2, ws.max_row + 1):
        ind = ws.cell(row=row, column=1).value
        cell = ws.cell(row=row, column=col)
        if not data.own.indicator(ind).evidence_ids:
            assert cell.hyperlink is None
            continue
        target = cell.hyperlink.location or cell.hyperlink.target
        sheet, ref = target.lstrip("#").split("!")
        assert sheet.strip("'") == "Evidence"
        first = int(ref[1:])
        assert evidence.cell(row=first, column=1).value == ind
        assert evidence.cell(row=first - 1, column=1).value != ind
        linked += 1
    assert linked > 20


def test_evidence_is_a_filterable_table_with_a_frozen_header(
    wb: Workbook, data: ReportData
) -> None:
    ws = wb["Evidence"]
    assert ws.freeze_panes == "A2"
    (table,) = ws.tables.values()
    assert table.ref.startswith("A1:L")  # L: the Items column (a record's items, C5)
    assert int(table.ref.split("L")[1]) == 1 + sum(len(i.evidence_ids) for i in data.own.indicators)
    assert table.autoFilter is not None
    record = rows(ws)[0]
    assert (
        isinstance(record["Date"], type(ws["D2"].value)) and ws["D2"].number_format == "yyyy-mm-dd"
    )


def test_hostile_text_is_stored_as_text(wb: Workbook, xlsx: Path) -> None:
    cells = [
        c
        for row in wb["Evidence"].iter_rows()
        for c in row
        if c.value in (HOSTILE_TITLE, FORMULA_TITLE)
    ]
    assert {c.value for c in cells} == {HOSTILE_TITLE, FORMULA_TITLE}
    for cell in cells:
        assert cell.data_type == "s"
    assert any(c.value == FORMULA_TITLE and c.quotePrefix for c in cells)
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name), name  # no formula anywhere


def test_text_cells_never_become_formulas(tmp_path: Path) -> None:
    from reports.sheetwriter import Col, Sheet, save

    texts = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "plain", "bell\x07"]
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, "T")
    for text in texts:
        cell = sheet.cell(text)
        assert cell is not None and cell.data_type == "s"
        assert bool(cell.quotePrefix) == text.startswith(("=", "+", "-", "@"))
        sheet.append([text, text], [Col("a"), Col("b", wrap=True)])
    save(wb, tmp_path / "t.xlsx", date(2025, 1, 15))
    ws = load_workbook(tmp_path / "t.xlsx")["T"]
    for n, text in enumerate(texts, 1):
        for cell in ws[n]:
            assert cell.data_type == "s"
            assert bool(cell.quotePrefix) == text.startswith(("=", "+", "-", "@"))
    assert ws["A6"].value == ws["B6"].value == "bell\ufffd"


def test_a_streamed_sheet_refuses_late_layout() -> None:
    from reports.sheetwriter import Sheet

    sheet = Sheet(Workbook(write_only=True), "T")
    sheet.widths([10])
    sheet.freeze("A2")
    sheet.append(["x"])
    with pytest.raises(RuntimeError, match="before the first row"):
        sheet.freeze("A3")
    with pytest.raises(RuntimeError, match="before the first row"):
        sheet.widths([12])
    sheet.discard()


def test_formats_rules_and_chart(wb: Workbook) -> None:
    indicators = wb["Indicators"]
    rules = [r for cf in indicators.conditional_formatting for r in cf.rules]
    assert any(r.type == "iconSet" for r in rules)
    assert wb["Areas"].conditional_formatting  # colour scale on scores
    assert len(wb["Trend"]._charts) == 1
    bench = wb["Benchmark"]
    assert bench["A1"].value == "Group" and bench["B1"].value == "Level"
    rows = [r for r in bench.iter_rows(min_row=2, values_only=True) if r[1] == "Overall"]
    # no sector group (too small), and the country's holds all six peers: not twice
    assert [r[0] for r in rows] == ["All peers"]
    said = [r[0] for r in bench.iter_rows(values_only=True) if r and isinstance(r[0], str)]
    assert "Same country (CZ): the same clusters as the group “All peers”, not shown." in said
    assert all(r[12] in {"in the peers' top quarter", "at the peers' median",
                         "above the peers' median, within the middle half",
                         "below the peers' median, within the middle half",
                         "in the peers' bottom quarter"} for r in rows)  # fmt: skip
    assert all(wb[name].column_dimensions["A"].width >= 5 for name in wb.sheetnames)


def test_without_compare_or_peers_there_is_no_trend_or_benchmark(
    data: ReportData, tmp_path: Path
) -> None:
    out = write_report(data.own, tmp_path / "plain.xlsx")
    assert load_workbook(out).sheetnames == SHEETS


def test_the_same_snapshot_gives_the_same_bytes(data: ReportData, tmp_path: Path) -> None:
    one = write_report(data.own, tmp_path / "one.xlsx", compare=[data.previous])
    two = write_report(data.own, tmp_path / "two.xlsx", compare=[data.previous])
    assert one.read_bytes() == two.read_bytes()


def test_czech_workbook(data: ReportData, tmp_path: Path) -> None:
    wb = load_workbook(
        write_report(data.own, tmp_path / "cs.xlsx", lang="cs", compare=[data.previous])
    )
    assert wb.sheetnames[:7] == [
        "Souhrn",
        "Oblasti",
        "Ukazatele",
        "Co chybí",
        "Co stojí body",
        "Zjištění",
        "Doklady",
    ]
    titles = [r["Ukazatel"] for r in rows(wb["Ukazatele"])]
    assert titles[0] == "Členové klastru se závazkem"
    head = [c.value for c in wb["Ukazatele"][1]]
    link = wb["Ukazatele"].cell(row=2, column=head.index("První doklad") + 1).hyperlink
    assert (link.location or link.target).startswith("#Doklady!") or (
        link.location or link.target
    ).startswith("#'Doklady'!")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) missing")
def test_libreoffice_opens_it_and_reads_the_same_values(
    xlsx: Path, data: ReportData, tmp_path: Path
) -> None:
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "HOME": str(tmp_path)}

    def convert(target: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(xlsx),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
        )

    pdf = convert("pdf")
    assert pdf.returncode == 0 and (tmp_path / "report.pdf").stat().st_size > 1000, pdf.stderr
    # Every sheet as CSV, values (not formulas, not as shown): what LibreOffice computed.
    sheets = convert(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,false,false,false,-1"
    )
    assert sheets.returncode == 0, sheets.stderr

    def read(sheet: str) -> list[list[str]]:
        with (tmp_path / f"report-{sheet}.csv").open(encoding="utf-8") as fh:
            return list(csv.reader(fh))

    areas = {r[0]: r for r in read("Areas")[1:] if r and r[0]}
    for area in data.own.areas:
        assert float(areas[area.id][5]) == pytest.approx(area.percent)
    assert float(areas["overall"][5]) == pytest.approx(data.own.overall)
    sheet = read("Indicators")
    points = sheet[0].index("Points")
    indicators = {r[0]: r for r in sheet[1:] if r and r[0]}
    for ind in data.own.indicators:
        cell = indicators[ind.id][points]
        assert (float(cell) == ind.points) if ind.scored else cell == "not scored"
    titles = [r[5] for r in read("Evidence")[1:]]
    assert HOSTILE_TITLE in titles and FORMULA_TITLE in titles


def test_cli_writes_the_workbook(
    data: ReportData, clex: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "board.xlsx"
    result = clex(
        "report",
        str(data.own_file),
        "-o",
        str(out),
        "--compare",
        str(data.previous_file),
        "--peers",
        str(data.peer_dir),
        "--json",
    )
    assert result.code == 0, result
    assert '"format": "xlsx"' in result.out
    wb = load_workbook(out)
    assert "Benchmark" in wb.sheetnames and "Trend" in wb.sheetnames


def test_benchmark_sheet_holds_values_in_their_units(wb: Workbook, data: ReportData) -> None:
    """The cells are the indicators' own values (S2 a share in %, S1 a count of
    members), with a number format showing the unit; not a share of the points."""
    bench = rows(wb["Benchmark"])
    mine = {r["ID"]: r for r in bench if r["Group"] == "All peers"}
    s1, s2 = data.own.indicator("S1"), data.own.indicator("S2")
    assert mine["S2"]["This cluster"] == s2.value and mine["S2"]["Unit"] == "%"
    assert mine["S1"]["This cluster"] == s1.value and mine["S1"]["Unit"] == "count"
    # six peers: the lowest and the highest are two peers' own values, not shown
    assert (mine["S1"]["Lowest"], mine["S1"]["Highest"]) == (None, None)
    assert mine["S1"]["Median"] is not None
    assert mine["S1"]["n"] == len(data.peers)
    ws = wb["Benchmark"]
    row = next(c.row for c in ws["C"] if c.value == "S2")
    assert ws.cell(row, 7).number_format == '0.0" %"'
    assert mine["overall"]["This cluster"] == data.own.overall
    notes = [
        r[0] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("Peers:")
    ]
    assert notes and notes[0].startswith("Peers: 6 clusters, period 2024, catalogue ecei-gold ")


def test_fewer_than_five_peers_give_no_number_in_the_workbook(
    data: ReportData, tmp_path: Path
) -> None:
    out = write_report(data.own, tmp_path / "few.xlsx", peers=data.peers[:4])
    ws = load_workbook(out)["Benchmark"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert any(str(c).startswith("Fewer than five peers: the comparable") for c in cells)
    assert not any(isinstance(c, int | float) for c in cells)
    assert "Median" not in cells and not any("%" in str(c) for c in cells)
