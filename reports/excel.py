"""The Excel workbook: the same report as tables a manager can filter and an auditor can
re-check, one sheet per question.

Why it is built this way:
- every sheet is a list of rows written through `Sheet`, the one place that touches
  openpyxl cells, so that moving to write-only (streaming) mode for very large
  evidence lists changes that class and not the sheets;
- numbers stay numbers (scores as the snapshot's 0-100 values with a `0.0 %` display
  format, never rounded), dates stay dates, so the workbook's values equal the
  snapshot's;
- text from evidence is never a formula: any text cell is stored as a string, and one
  that starts with `= + - @` also gets Excel's quote prefix (see `Sheet.put`).
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, IconSetRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .context import ReportContext, key_messages

log = logging.getLogger(__name__)

PERCENT = '0.0" %"'
DELTA = "+0.0;-0.0;0"
GAIN = "+0.00;-0.00;0"
DAY = "yyyy-mm-dd"
NUMBER = "#,##0.0#"  # the cell keeps every digit; the display shows two at most
FORMULA_START = ("=", "+", "-", "@")
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
HEAD_FILL = PatternFill("solid", fgColor="1D4E89")
HEAD_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14, color="1D4E89")
RED = PatternFill("solid", fgColor="F8D7D3")
GREEN = PatternFill("solid", fgColor="D5EDD7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


LINE_HEIGHT = 15  # points per line of 11 pt text


def text_lines(text: str, width: float) -> int:
    """Roughly how many lines `text` takes in a column `width` characters wide."""
    per_line = max(1, int(width * 1.15))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


@dataclass(frozen=True)
class Col:
    title: str
    width: float = 12
    fmt: str | None = None
    wrap: bool = False


class Sheet:
    """Append-only writing of one worksheet; the only code that creates cells."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0
        # Printed, a sheet fits the page width (landscape A4) and runs on in length.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]

    def put(self, row: int, col: int, value: Any, fmt: str | None = None) -> Any:
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str):
            text = ILLEGAL.sub("\ufffd", value)
            cell.value = text
            cell.data_type = "s"  # openpyxl would take "=..." for a formula
            if text.startswith(FORMULA_START):
                cell.quotePrefix = True
        else:
            cell.value = value
        if fmt:
            cell.number_format = fmt
        return cell

    def append(self, values: Sequence[Any], cols: Sequence[Col] | None = None) -> int:
        self.row += 1
        lines = 1
        for n, value in enumerate(values, start=1):
            col = cols[n - 1] if cols and n <= len(cols) else None
            cell = self.put(self.row, n, value, col.fmt if col else None)
            cell.alignment = WRAP if col and col.wrap else TOP
            if col and col.wrap and isinstance(value, str):
                lines = max(lines, text_lines(value, col.width))
        if lines > 1:  # neither openpyxl nor LibreOffice sizes wrapped rows on their own
            self.ws.row_dimensions[self.row].height = LINE_HEIGHT * lines
        return self.row

    def title(self, text: str) -> None:
        self.append([text])
        self.ws.cell(row=self.row, column=1).font = TITLE

    def blank(self) -> None:
        self.row += 1

    def header(self, cols: Sequence[Col], *, widths: bool = True) -> int:
        row = self.append([c.title for c in cols])
        lines = max(text_lines(c.title, c.width) for c in cols)
        if lines > 1:
            self.ws.row_dimensions[row].height = LINE_HEIGHT * lines
        for n, col in enumerate(cols, start=1):
            cell = self.ws.cell(row=row, column=n)
            cell.font, cell.fill = HEAD_FONT, HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if widths:
                self.ws.column_dimensions[get_column_letter(n)].width = col.width
        return row

    def rows(self, cols: Sequence[Col], rows: Iterable[Sequence[Any]]) -> tuple[int, int]:
        first = self.row + 1
        for values in rows:
            self.append(values, cols)
        return first, self.row

    def link(self, row: int, col: int, target: str, text: str) -> None:
        cell = self.put(row, col, text)
        cell.hyperlink = target
        cell.style = "Hyperlink"
        cell.alignment = TOP

    def freeze(self, row: int) -> None:
        self.ws.freeze_panes = f"A{row + 1}"


def _range(first_col: int, first_row: int, last_col: int, last_row: int) -> str:
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


def _yes_no(value: bool | None, ctx: ReportContext) -> str:
    if value is None:
        return ""
    return ctx.lang._("yes") if value else ctx.lang._("no")


def _traffic_lights(ws: Worksheet, ref: str) -> None:
    ws.conditional_formatting.add(
        ref,
        IconSetRule("3TrafficLights1", "num", [0, 0.01, 99.95], showValue=None, reverse=None),
    )


def _colour_scale(ws: Worksheet, ref: str) -> None:
    ws.conditional_formatting.add(
        ref,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="F8D7D3",
            mid_type="num",
            mid_value=50,
            mid_color="FFF2CC",
            end_type="num",
            end_value=100,
            end_color="C6E7C9",
        ),
    )


def write_workbook(ctx: ReportContext, out: Path) -> Path:
    wb = Workbook()
    _ = ctx.lang._
    names = {
        "summary": _("Summary"),
        "areas": _("Areas"),
        "indicators": _("Indicators"),
        "gaps": _("Gaps"),
        "findings": _("Findings"),
        "evidence": _("Evidence"),
        "trend": _("Trend"),
        "benchmark": _("Benchmark"),
    }
    sheets = {key: Sheet(wb.create_sheet(name)) for key, name in names.items()}
    wb.remove(wb.active)  # type: ignore[arg-type]
    first_rows = _evidence(sheets["evidence"], ctx)
    _summary(sheets["summary"], ctx)
    _areas(sheets["areas"], ctx)
    _indicators(sheets["indicators"], ctx, first_rows, names["evidence"])
    _gaps(sheets["gaps"], ctx)
    _findings(sheets["findings"], ctx)
    if ctx.trend:
        _trend(sheets["trend"], ctx)
    else:
        wb.remove(sheets["trend"].ws)
    if ctx.peers:
        _benchmark(sheets["benchmark"], ctx)
    else:
        wb.remove(sheets["benchmark"].ws)
    snap = ctx.snapshot
    wb.properties.title = f"{snap.cluster.name}, {snap.period.label}"
    wb.properties.creator = snap.cluster.name
    wb.properties.keywords = f"clex, {snap.catalogue.id}, {snap.period.label}"
    wb.properties.description = (
        f"clex {snap.tool_version}; {snap.catalogue.id} {snap.catalogue.version}"
    )
    stamp = _datetime(snap.created)
    wb.properties.created = wb.properties.modified = stamp
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    _reproducible(tmp, snap.created)
    tmp.replace(out)
    log.info("wrote %s", out)
    return out


def _datetime(day: date) -> Any:
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


def _reproducible(path: Path, day: date) -> None:
    """Same snapshot, same bytes: zip entry times and the saved-at stamp become `day`.

    openpyxl stamps the save time into docProps/core.xml and the zip entries; an auditor
    comparing two runs should see no difference that the data does not explain.
    """
    stamp = f"{day.isoformat()}T00:00:00Z"
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in entries:
            if name == "docProps/core.xml":
                blob = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    blob,
                )
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, blob)


def _summary(sh: Sheet, ctx: ReportContext) -> None:
    snap, lang = ctx.snapshot, ctx.lang
    _ = lang._
    sh.ws.column_dimensions["A"].width = 30
    sh.ws.column_dimensions["B"].width = 22
    sh.ws.column_dimensions["C"].width = 90
    kind = (
        _("Cluster excellence audit")
        if snap.mode == "audit"
        else _("Cluster excellence self-assessment")
    )
    sh.title(f"{kind}: {snap.cluster.name}")
    sh.blank()
    facts: list[tuple[str, Any, str | None]] = [
        (_("Cluster"), snap.cluster.name, None),
        (_("Cluster id"), snap.cluster.slug, None),
        (_("Period"), snap.period.label, None),
        (_("Period start"), snap.period.start, DAY),
        (_("Period end"), snap.period.end, DAY),
        (
            _("Catalogue"),
            f"{ctx.catalogue_title} ({snap.catalogue.id} {snap.catalogue.version})",
            None,
        ),
        (_("Catalogue SHA-256"), snap.catalogue.sha256, None),
        (_("Evidence counted"), ", ".join(snap.counted_statuses), None),
        (_("Snapshot of"), snap.created, DAY),
        (_("Evidence digest"), snap.evidence_digest, None),
        (_("Tool version"), snap.tool_version, None),
    ]
    left = Alignment(horizontal="left", vertical="top")
    for label, value, fmt in facts:
        sh.append([label, value], [Col(""), Col("", fmt=fmt)])
        sh.ws.cell(row=sh.row, column=1).font = BOLD
        sh.ws.cell(row=sh.row, column=2).alignment = left
    sh.blank()
    score_rows: list[tuple[str, float | None]] = [
        (_("Overall score"), snap.overall),
        (_("Gold needs"), ctx.gold_threshold),
    ]
    if ctx.previous_overall is not None:
        score_rows.append(
            (
                _("Overall score in %(period)s") % {"period": ctx.previous_label},
                ctx.previous_overall,
            )
        )
        score_rows.append((_("Change"), ctx.overall_change))
    if snap.other_mode_overall is not None:
        other = _("All but rejected") if snap.mode == "audit" else _("Verified only")
        score_rows.append((_("Overall score, %(mode)s") % {"mode": other}, snap.other_mode_overall))
    for label, value in score_rows:
        fmt = DELTA if label == _("Change") else PERCENT
        sh.append([label, value], [Col(""), Col("", fmt=fmt)])
        sh.ws.cell(row=sh.row, column=1).font = BOLD
    sh.blank()
    sh.append([ctx.verdict])
    sh.ws.cell(row=sh.row, column=1).font = Font(bold=True, size=12)
    cols = [Col(_("Label"), 30), Col(_("Ready"), 22), Col(_("Reasons"), 90, wrap=True)]
    sh.header(cols, widths=False)
    for lb in ctx.labels:
        row = sh.append([lb.title, _yes_no(lb.ready, ctx), "; ".join(lb.reasons)], cols)
        sh.ws.cell(row=row, column=2).fill = GREEN if lb.ready else RED
    sh.blank()
    sh.append([_("Key messages")])
    sh.ws.cell(row=sh.row, column=1).font = BOLD
    for message in key_messages(ctx):
        sh.append(["", message], [Col(""), Col("")])
        sh.ws.merge_cells(start_row=sh.row, start_column=2, end_row=sh.row, end_column=3)
        sh.ws.cell(row=sh.row, column=2).alignment = WRAP
        sh.ws.row_dimensions[sh.row].height = LINE_HEIGHT * text_lines(message, 22 + 90)


def _areas(sh: Sheet, ctx: ReportContext) -> None:
    _ = ctx.lang._
    cols = [
        Col(_("ID"), 16),
        Col(_("Area"), 40),
        Col(_("Weight"), 9, "General"),
        Col(_("Points"), 9, "General"),
        Col(_("Max points"), 11, "General"),
        Col(_("Score"), 11, PERCENT),
        Col(ctx.previous_label or _("Before"), 11, PERCENT),
        Col(_("Change"), 10, DELTA),
        Col(_("Indicators"), 11, "General"),
    ]
    head = sh.header(cols)
    first = sh.rows(
        cols,
        (
            [
                a.id,
                a.title,
                a.weight,
                a.points,
                a.max_points,
                a.percent,
                a.previous,
                a.change,
                len(a.indicators),
            ]
            for a in ctx.areas
        ),
    )[0]
    row = sh.append(
        [
            "overall",
            _("Overall"),
            None,
            None,
            None,
            ctx.snapshot.overall,
            ctx.previous_overall,
            ctx.overall_change,
        ],
        cols,
    )
    for n in range(1, len(cols) + 1):
        sh.ws.cell(row=row, column=n).font = BOLD
    _colour_scale(sh.ws, _range(6, first, 6, row))
    sh.freeze(head)


def _indicators(sh: Sheet, ctx: ReportContext, first_rows: dict[str, int], evidence: str) -> None:
    _ = ctx.lang._
    other = _("All but rejected") if ctx.snapshot.mode == "audit" else _("Verified only")
    area_title = {a.id: a.title for a in ctx.areas}
    cols = [
        Col(_("ID"), 7),
        Col(_("Area"), 32, wrap=True),
        Col(_("Indicator"), 44, wrap=True),
        Col(_("Method"), 10),
        Col(_("Value"), 11, NUMBER),
        Col(_("Points"), 8, "General"),
        Col(_("Max points"), 8, "General"),
        Col(_("Points of max"), 10, PERCENT),
        Col(_("Weight"), 8, "General"),
        Col(_("Minimum"), 9, "General"),
        Col(_("Minimum met"), 9),
        Col(ctx.previous_label or _("Before"), 9, "General"),
        Col(_("Change"), 9, DELTA),
        Col(_("Points, %(mode)s") % {"mode": other}, 11, "General"),
        Col(_("Evidence"), 9, "General"),
        Col(_("First evidence"), 13),
        Col(_("Explanation"), 60, wrap=True),
        Col(_("Findings"), 50, wrap=True),
    ]
    head = sh.header(cols)
    target = quote_sheetname(evidence)
    for i in ctx.indicators:
        row = sh.append(
            [
                i.id,
                area_title.get(i.area, i.area),
                i.title,
                i.method,
                i.value,
                i.points,
                i.max_points,
                i.percent,
                i.weight,
                i.minimum,
                _yes_no(i.minimum_met, ctx),
                i.previous_points,
                i.change,
                i.other_mode_points,
                i.evidence_count,
                None,
                i.explanation,
                "\n".join(i.findings),
            ],
            cols,
        )
        if i.id in first_rows:
            sh.link(row, 16, f"#{target}!A{first_rows[i.id]}", f"→ {evidence}")
        if i.minimum_met is False:
            sh.ws.cell(row=row, column=11).fill = RED
    last = sh.row
    _traffic_lights(sh.ws, _range(8, head + 1, 8, last))
    sh.ws.conditional_formatting.add(
        _range(13, head + 1, 13, last),
        CellIsRule(operator="lessThan", formula=["0"], font=Font(color="C0392B")),
    )
    sh.ws.auto_filter.ref = _range(1, head, len(cols), last)
    sh.ws.freeze_panes = "D2"


def _gaps(sh: Sheet, ctx: ReportContext) -> None:
    _ = ctx.lang._
    sh.title(_("Gaps and the shortest path to Gold"))
    cols = [
        Col("#", 5, "General"),
        Col(_("ID"), 7),
        Col(_("Indicator"), 40, wrap=True),
        Col(_("Area"), 24, wrap=True),
        Col(_("Points now"), 9, "General"),
        Col(_("Points next"), 9, "General"),
        Col(_("Gain"), 9, GAIN),
        Col(_("Overall after"), 11, PERCENT),
        Col(_("Effort"), 8, "General"),
        Col(_("Fixes a minimum"), 10),
        Col(_("What it needs"), 80, wrap=True),
    ]
    sh.header(cols)
    sh.rows(
        cols,
        (
            [
                g.step,
                g.indicator,
                g.title,
                g.area,
                g.points_now,
                g.points_next,
                g.gain,
                g.overall_after,
                g.effort,
                _yes_no(g.fixes_minimum, ctx),
                g.need,
            ]
            for g in ctx.gold_path
        ),
    )
    sh.blank()
    sh.append([_("Every next step, best value first")])
    sh.ws.cell(row=sh.row, column=1).font = TITLE
    sh.header(cols, widths=False)
    sh.rows(
        cols,
        (
            [
                g.step,
                g.indicator,
                g.title,
                g.area,
                g.points_now,
                g.points_next,
                g.gain,
                None,
                g.effort,
                _yes_no(g.fixes_minimum, ctx),
                g.need,
            ]
            for g in ctx.gaps
        ),
    )
    sh.freeze(2)


def _findings(sh: Sheet, ctx: ReportContext) -> None:
    _ = ctx.lang._
    cols = [
        Col(_("Severity"), 11),
        Col(_("ID"), 8),
        Col(_("Record"), 20),
        Col(_("Finding"), 100, wrap=True),
    ]
    head = sh.header(cols)
    sh.rows(cols, ([f.severity, f.indicator, f.record, f.message] for f in ctx.findings))
    if not ctx.findings:
        sh.append(["", "", "", _("No findings.")], cols)
    for note in ctx.notes:
        sh.append(["", "", "", note], cols)
    sh.ws.auto_filter.ref = _range(1, head, len(cols), max(sh.row, head + 1))
    sh.freeze(head)


def _evidence(sh: Sheet, ctx: ReportContext) -> dict[str, int]:
    """One row per (indicator, record); returns each indicator's first row."""
    _ = ctx.lang._
    cols = [
        Col(_("Indicator"), 10),
        Col(_("Record"), 20),
        Col(_("Kind"), 14),
        Col(_("Date"), 12, DAY),
        Col(_("End"), 12, DAY),
        Col(_("Title"), 60, wrap=True),
        Col(_("Status"), 12),
        Col(_("Expires"), 12, DAY),
        Col(_("SHA-256"), 20),
        Col(_("Attachment SHA-256"), 20),
        Col(_("Source"), 40),
    ]
    head = sh.header(cols)
    first_rows: dict[str, int] = {}
    for i in ctx.indicators:
        for e in i.evidence:
            row = sh.append(
                [
                    i.id,
                    e.id,
                    e.kind,
                    e.start,
                    e.end,
                    e.title,
                    e.status,
                    e.expires,
                    e.content_sha256,
                    e.attachment_sha256,
                    e.source,
                ],
                cols,
            )
            first_rows.setdefault(i.id, row)
    last = max(sh.row, head + 1)
    if sh.row == head:
        sh.append([_("No evidence records.")])
    table = Table(displayName="Evidence", ref=_range(1, head, len(cols), last))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sh.ws.add_table(table)
    sh.freeze(head)
    return first_rows


def _trend(sh: Sheet, ctx: ReportContext) -> None:
    assert ctx.trend is not None
    _ = ctx.lang._
    comp = ctx.trend.comparison
    periods = ctx.trend.periods
    cols = [Col(_("Area"), 40)] + [Col(p, 11, PERCENT) for p in periods]
    head = sh.header(cols)
    sh.rows(cols, ([ctx.trend.area_titles[a.id], *a.values] for a in comp.areas))
    last = sh.append([_("Overall"), *comp.overall], cols)
    chart = LineChart()
    chart.title = _("Scores over time")
    chart.y_axis.title = "%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.height, chart.width = 8, 18
    # One series per row (area, overall), the periods as categories.
    for row in range(head + 1, last + 1):
        values = Reference(sh.ws, min_col=1, max_col=len(periods) + 1, min_row=row)
        chart.add_data(values, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(sh.ws, min_col=2, max_col=len(periods) + 1, min_row=head))
    sh.ws.add_chart(chart, f"{get_column_letter(len(periods) + 3)}{head}")
    sh.blank()
    icols = [Col(_("ID"), 8), Col(_("Indicator"), 40)] + [Col(p, 11, "General") for p in periods]
    sh.append([_("Points per indicator")])
    sh.ws.cell(row=sh.row, column=1).font = TITLE
    sh.header(icols, widths=False)
    titles = {i.id: i.title for i in ctx.indicators}
    sh.rows(icols, ([r.id, titles.get(r.id, r.title), *r.points] for r in comp.indicators))
    for note in ctx.trend.notes:
        sh.append([note])
    sh.freeze(head)


def _benchmark(sh: Sheet, ctx: ReportContext) -> None:
    assert ctx.peers is not None
    _ = ctx.lang._
    levels = {"overall": _("Overall"), "area": _("Area"), "indicator": _("Indicator")}
    cols = [
        Col(_("Level"), 11),
        Col(_("ID"), 14),
        Col(_("Title"), 50, wrap=True),
        Col("n", 6, "General"),
        Col(_("Own"), 10, PERCENT),
        Col(_("Q1"), 10, PERCENT),
        Col(_("Median"), 10, PERCENT),
        Col(_("Q3"), 10, PERCENT),
        Col(_("Percentile"), 11, "0"),
    ]
    head = sh.header(cols)
    result = ctx.peers.result
    first, last = sh.rows(
        cols,
        (
            [
                levels.get(r.level, r.level),
                r.id,
                ctx.peers.titles.get(r.id, r.title),
                r.n,
                r.own,
                r.q1,
                r.median,
                r.q3,
                r.percentile,
            ]
            for r in result.rows
        ),
    )
    _colour_scale(sh.ws, _range(9, first, 9, last))
    sh.blank()
    sh.append(
        [
            _("Peers: %(n)s snapshots of other clusters; peers are never named.")
            % {"n": result.peer_count}
        ]
    )
    for note in ctx.peers.notes:
        sh.append([note])
    sh.ws.auto_filter.ref = _range(1, head, len(cols), last)
    sh.freeze(head)
