"""The workbook's sheets, one function per sheet: what a manager filters and an auditor
re-checks, from the report's view (reports/views.py) into rows.

Why a module of its own: reports/excel.py decides which sheets a workbook has, in what
order, and writes the file; this is what goes on each sheet (columns, number formats,
which colours and conditional formats where, links between sheets), the part that
changes when a sheet does. Cells are made and streamed by reports/sheetwriter.py, the
formats and colours themselves are reports/excel_styles.py.
- numbers stay numbers (scores as the snapshot's 0-100 values with a `0.0 %` display
  format, never rounded), dates stay dates, so the workbook's values equal the
  snapshot's;
- the Evidence rows' numbers are known before the Indicators sheet is written (`fill`
  writes Evidence first), so Indicators can link to them whatever the sheets' order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname

from .context import key_messages
from .costs_sheet import costs_sheet
from .excel_peers import benchmark_sheet, unit_text, value_format
from .excel_styles import (
    BOLD,
    DELTA,
    GAIN,
    GREEN,
    LEFT,
    NUMBER,
    PERCENT,
    RED,
    TITLE,
    VERDICT,
    colour_scale,
    traffic_lights,
    yes_no,
)
from .i18n import Lang
from .sheetwriter import TOP, WRAP, Col, Sheet, cell_range, text_lines
from .views import GapRow, ReportContext


def fill(sheets: dict[str, Sheet], ctx: ReportContext, evidence: str) -> None:
    first_rows = _evidence(sheets["evidence"], ctx)
    _summary(sheets["summary"], ctx)
    _areas(sheets["areas"], ctx)
    _indicators(sheets["indicators"], ctx, first_rows, evidence)
    _gaps(sheets["gaps"], ctx)
    costs_sheet(sheets["costs"], ctx)
    _findings(sheets["findings"], ctx)
    if ctx.trend:
        _trend(sheets["trend"], ctx)
    if ctx.peers:
        benchmark_sheet(sheets["benchmark"], ctx.peers, ctx.lang)


def _summary(sh: Sheet, ctx: ReportContext) -> None:
    snap, lang = ctx.snapshot, ctx.lang
    _ = lang._
    sh.widths([30, 22, 90])
    kind = (
        _("Cluster excellence audit")
        if snap.mode == "audit"
        else _("Cluster excellence self-assessment")
    )
    sh.title(f"{kind}: {snap.cluster.name}", TITLE)
    sh.blank()
    facts: list[tuple[str, Any, str | None]] = [
        (_("Cluster"), snap.cluster.name, None),
        (_("Cluster id"), snap.cluster.slug, None),
        (_("Period"), snap.period.label, None),
        (_("Period start"), snap.period.start, None),
        (_("Period end"), snap.period.end, None),
        (
            _("Catalogue"),
            f"{ctx.catalogue_title} ({snap.catalogue.id} {snap.catalogue.version})",
            None,
        ),
        (_("Catalogue SHA-256"), snap.catalogue.sha256, None),
        (_("Evidence counted"), ", ".join(lang.status(s) for s in snap.counted_statuses), None),
        (_("Snapshot of"), snap.created, None),
        (_("Evidence digest"), snap.evidence_digest, None),
        (_("Tool version"), snap.tool_version, None),
    ]
    for label, value, fmt in facts:
        sh.append([sh.cell(label, font=BOLD, align=TOP), sh.cell(value, align=LEFT, fmt=fmt)])
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
    if snap.other_mode_overall is not None and ctx.costs.audit:  # only once reviewed
        other = (
            _("Overall score counting submitted and verified records")
            if snap.mode == "audit"
            else _("Overall score counting verified records only")
        )
        score_rows.append((other, snap.other_mode_overall))
    for label, value in score_rows:
        fmt = DELTA if label == _("Change") else PERCENT
        sh.append([sh.cell(label, font=BOLD, align=TOP), sh.cell(value, align=TOP, fmt=fmt)])
    sh.blank()
    sh.title(ctx.verdict, VERDICT)
    cols = [Col(_("Label"), 30), Col(_("Ready"), 22), Col(_("Reasons"), 90, wrap=True)]
    sh.header(cols, widths=False)
    for lb in ctx.labels:
        sh.append(
            [lb.heading, yes_no(lb.ready, ctx), "; ".join(lb.reasons)],
            cols,
            fills={2: GREEN if lb.ready else RED},
        )
    if ctx.awards:  # readiness is not an award: the labels awarded carry the dates
        sh.blank()
        sh.title(_("Labels awarded, as of %(date)s") % {"date": lang.date(snap.created)}, BOLD)
        cols = [Col(_("Label"), 30), Col(_("State"), 22), Col(_("Details"), 90, wrap=True)]
        sh.header(cols, widths=False)
        for award in ctx.awards:
            sh.append(
                [award.title, award.state, award.details],
                cols,
                fills={2: GREEN if award.valid else RED},
            )
    sh.blank()
    sh.title(_("Key messages"), BOLD)
    for message in key_messages(ctx):
        # one wide cell over B:C, as tall as the message
        sh.append([None, sh.cell(message, align=WRAP)], lines=text_lines(message, 22 + 90))
        sh.merge(2, 3)


def _areas(sh: Sheet, ctx: ReportContext) -> None:
    _ = ctx.lang._
    cols = [
        Col(_("ID"), 16),
        Col(_("Area"), 40),
        Col(_("Share of all points"), 11, PERCENT),
        Col(_("Points"), 9, "General"),
        Col(_("Max points"), 11, "General"),
        Col(_("Score"), 11, PERCENT),
        Col(ctx.previous_label or _("Before"), 11, PERCENT),
        Col(_("Change"), 10, DELTA),
        Col(_("Indicators"), 11, "General"),
        # what of the change is no change of the cluster (`reports.apart.area_notes`)
        Col(_("Not like for like"), 40, wrap=True),
    ]
    sh.freeze("A2")
    sh.header(cols)
    first = sh.rows(
        cols,
        (
            [
                a.id,
                a.title,
                a.share_of_total,
                a.points,
                a.max_points,
                a.percent,
                a.previous,
                a.change,
                len(a.indicators),
                a.change_note or None,
            ]
            for a in ctx.areas
        ),
    )[0]
    row = sh.append(
        [
            "overall",
            _("Overall"),
            None,
            ctx.total_points,
            ctx.total_max,
            ctx.snapshot.overall,
            ctx.previous_overall,
            ctx.overall_change,
        ],
        cols,
        font=BOLD,
    )
    colour_scale(sh.ws, cell_range(6, first, 6, row))


# How a value shows in its cell: the number stays the snapshot's, the format adds the unit
# where a symbol says it in every language; the Unit column says it in words
# (excel_peers.unit_text, shared with the Benchmark sheet).


def _indicators(sh: Sheet, ctx: ReportContext, first_rows: dict[str, int], evidence: str) -> None:
    _ = ctx.lang._
    other = _("Submitted and verified") if ctx.snapshot.mode == "audit" else _("Verified only")
    area_title = {a.id: a.title for a in ctx.areas}
    cols = [
        Col(_("ID"), 7),
        Col(_("Area"), 32, wrap=True),
        Col(_("Indicator"), 44, wrap=True),
        Col(_("Method"), 10),
        Col(_("Value"), 12, NUMBER),
        Col(_("Unit"), 12),
        Col(_("Points"), 8, "General"),
        Col(_("Max points"), 8, "General"),
        Col(_("Points of max"), 10, PERCENT),
        Col(_("Weight"), 8, "General"),
        Col(_("Weighted points"), 9, "General"),
        Col(_("Weighted max"), 9, "General"),
        Col(_("Eligibility"), 11, "General"),
        Col(_("Eligibility met"), 9),
        # weighted, as the area lines count them (Points and Max points: the ladder's)
        Col(_("Weighted points in %(period)s") % {"period": ctx.previous_label or _("Before")}, 11),
        Col(_("Change"), 9, DELTA),
        Col(_("Change basis"), 11),  # "redefined": the catalogues define it differently
        Col(_("Weighted points, %(mode)s") % {"mode": other}, 11, "General"),
        Col(_("Evidence"), 9, "General"),
        Col(_("First evidence"), 13),
        Col(_("Explanation"), 60, wrap=True),
        Col(_("Findings"), 50, wrap=True),
    ]
    titles = [c.title for c in cols]  # 1-based column numbers of the formatted ones
    share = titles.index(_("Points of max")) + 1
    met = titles.index(_("Eligibility met")) + 1
    change = titles.index(_("Change")) + 1
    sh.freeze("D2")
    head = sh.header(cols)
    target = quote_sheetname(evidence)
    for i in ctx.indicators:
        first = first_rows.get(i.id)
        # a descriptive indicator is worth no points: "not scored", not a 0 that reads as
        # a miss (its value and eligibility still show)
        scored = i.scored
        sh.append(
            [
                i.id,
                area_title.get(i.area, i.area),
                i.title,
                ctx.lang.method(i.method),
                sh.cell(i.value, fmt=value_format(i.unit, ctx.lang, i.digits, i.value)),
                unit_text(ctx.lang, i.unit, i.per_year, i.unit_words),
                i.points if scored else _("not scored"),
                i.max_points if scored else None,
                i.percent if scored else None,
                i.weight if scored else None,
                i.weighted_points if scored else None,
                i.weighted_max if scored else None,
                i.minimum,
                yes_no(i.minimum_met, ctx),
                i.weighted_previous,
                None if i.weighted_change is None else round(i.weighted_change, 4),
                _("redefined") if i.redefined else None,
                i.weighted_other_mode,
                i.evidence_count,
                sh.link(f"#{target}!A{first}", f"→ {evidence}") if first else None,
                i.explanation,
                "\n".join(i.findings),
            ],
            cols,
            fills={met: RED} if i.minimum_met is False else None,
        )
    last = sh.row
    traffic_lights(sh.ws, cell_range(share, head + 1, share, last))
    sh.ws.conditional_formatting.add(
        cell_range(change, head + 1, change, last),
        CellIsRule(operator="lessThan", formula=["0"], font=Font(color="C0392B")),
    )
    sh.ws.auto_filter.ref = cell_range(1, head, len(cols), last)


def _gaps(sh: Sheet, ctx: ReportContext) -> None:
    """The Gold path (or what blocks it), the cheapest gain, every next step: one table
    shape, so a filter or a sum works the same on each. Effort is in units of work
    (`assessment.effort`); a step that cannot be done before the audit has no cost and
    says why, except on a path for an audit of a later period (when none reaches Gold
    before the audit), whose steps say which plan they are in the last column."""
    _ = ctx.lang._
    cols = [
        Col("#", 5, "General"),
        Col(_("ID"), 7),
        Col(_("Indicator"), 40, wrap=True),
        Col(_("Area"), 24, wrap=True),
        Col(_("Points now"), 9, "General"),
        Col(_("Points next"), 9, "General"),
        Col(_("Gain"), 9, GAIN),
        Col(_("Overall after"), 11, PERCENT),
        Col(_("Takes"), 18, wrap=True),
        Col(_("Effort"), 8, "General"),
        Col(_("Required step"), 16, wrap=True),
        Col(_("What it needs"), 70, wrap=True),
        Col(_("Not before the audit because"), 40, wrap=True),
        Col(_("Plan"), 30, wrap=True),
    ]
    gold = ctx.gold
    later = gold is not None and gold.later is True

    def plan(g: GapRow) -> str:
        """Which plan a step of the Gold path belongs to, and whether it needs a year of
        activity (then only for an audit of a later period)."""
        if g.later:
            return _("Needs a year of activity: for an audit of a later period.")
        return _("for an audit of a later period") if later else _("before the audit")

    def row(g: GapRow, on_path: bool = False) -> list[Any]:
        return [
            g.step,
            g.indicator,
            g.title,
            g.area,
            g.points_now,
            g.points_next,
            g.gain,
            g.overall_after,
            g.effort_text,
            g.cost,
            g.required or _("no"),
            g.need,
            g.blocked or None,
            plan(g) if on_path else None,
        ]

    sh.widths([c.width for c in cols])
    sh.freeze("A3")
    sh.title(_("Gaps and the cheapest path to Gold"), TITLE)
    sh.header(cols, widths=False)
    sh.rows(cols, (row(g, on_path=True) for g in ctx.gold_path))
    if gold is not None and gold.plan and (ctx.gold_path or gold.blocked):
        sh.blank()
        sh.title(gold.plan, TITLE)
    if gold is not None and gold.blocked:
        if gold.reach is not None:
            sh.append(
                [
                    _(
                        "The steps that can be done before the audit bring the total to "
                        "{reach} at most, below the pass mark of {mark}."
                    ).format(reach=ctx.lang.pct(gold.reach), mark=ctx.lang.pct(ctx.gold_threshold))
                ]
            )
        sh.title(_("What blocks Gold before the audit") if later else _("What blocks Gold"), TITLE)
        sh.header(cols, widths=False)
        sh.rows(cols, (row(g) for g in gold.blocked))
    if gold is not None and gold.cheapest is not None:
        sh.blank()
        sh.title(_("Cheapest gain"), TITLE)
        sh.header(cols, widths=False)
        sh.rows(cols, [row(gold.cheapest)])
    sh.blank()
    sh.title(_("Every next step, best value first"), TITLE)
    sh.header(cols, widths=False)
    sh.rows(cols, (row(g) for g in ctx.gaps))


def _findings(sh: Sheet, ctx: ReportContext) -> None:
    _ = ctx.lang._
    cols = [
        Col(_("Severity"), 11),
        Col(_("ID"), 8),
        Col(_("Record"), 20),
        Col(_("Finding"), 100, wrap=True),
    ]
    sh.freeze("A2")
    head = sh.header(cols)
    rows = ([ctx.lang.severity(f.severity), f.indicator, f.record, f.message] for f in ctx.findings)
    sh.rows(cols, rows)
    if not ctx.findings:
        sh.append(["", "", "", _("No findings.")], cols)
    for note in ctx.notes:
        sh.append(["", "", "", note], cols)
    sh.ws.auto_filter.ref = cell_range(1, head, len(cols), max(sh.row, head + 1))


def _evidence(sh: Sheet, ctx: ReportContext) -> dict[str, int]:
    """One row per (indicator, record), as an Excel table; returns each indicator's first row."""
    _ = ctx.lang._
    cols = [
        Col(_("Indicator"), 10),
        Col(_("Record"), 20),
        Col(_("Kind"), 14),
        Col(_("Date"), 12),
        Col(_("End"), 12),
        Col(_("Title"), 60, wrap=True),
        # how many items a record stands for (a monthly report's posts), which C5 adds up
        Col(_("Items"), 8),
        Col(_("Status"), 12),
        Col(_("Expires"), 12),
        Col(_("SHA-256"), 20),
        Col(_("Attachment SHA-256"), 20),
        Col(_("Source"), 40),
    ]
    sh.freeze("A2")
    head = sh.header(cols)
    first_rows: dict[str, int] = {}
    for i in ctx.indicators:
        if i.evidence:
            first_rows[i.id] = sh.row + 1
        for e in i.evidence:
            sh.append(
                [
                    i.id,
                    e.id,
                    ctx.lang.kind(e.kind),
                    _dated(sh, e.start, e.date_precision, ctx.lang),
                    _dated(sh, e.end, e.date_precision, ctx.lang),
                    e.title,
                    e.items if e.kind == "communication" else None,
                    ctx.lang.status(e.status),
                    e.expires,
                    e.content_sha256,
                    e.attachment_sha256,
                    e.source,
                ],
                cols,
            )
    last = max(sh.row, head + 1)
    if sh.row == head:
        sh.append([_("No evidence records.")])
    sh.table("Evidence", cols, head, last)
    return first_rows


# Excel's own month names in the report's language (`[$-405]`: Czech), so that a date
# known only to the month reads "červen 2020" and stays a date a filter can sort.
_LCID = {"cs": "405", "en": "809"}


def _dated(sh: Sheet, day: date | None, precision: str, lang: Lang) -> Any:
    """A record's date as its cell: the day, or shown as its month or year only."""
    if day is None or precision not in ("month", "year"):
        return day
    shown = "yyyy" if precision == "year" else "mmmm yyyy"
    lcid = _LCID.get(lang.code)
    return sh.cell(day, align=TOP, fmt=f"[$-{lcid}]{shown}" if lcid else shown)


def _trend(sh: Sheet, ctx: ReportContext) -> None:
    assert ctx.trend is not None
    _ = ctx.lang._
    trend = ctx.trend
    comp = trend.comparison
    periods = trend.periods
    # the change since the summary's previous period, as the PDF's trend page says it
    since = _("Change since %(period)s") % {"period": trend.since} if trend.since else _("Change")
    cols = [Col(_("Area"), 40), *(Col(p, 11, PERCENT) for p in periods), Col(since, 14, DELTA)]
    cols.append(Col(_("Not like for like"), 40, wrap=True))
    sh.freeze("A2")
    head = sh.header(cols)
    sh.rows(
        cols,
        (
            [
                trend.area_titles[a.id],
                *a.values,
                trend.area_changes.get(a.id),
                trend.area_notes.get(a.id),
            ]
            for a in comp.areas
        ),
    )
    last = sh.append([_("Overall"), *comp.overall, trend.overall_change], cols)
    if trend.basis:  # by the change it qualifies, not among the notes below
        sh.append([trend.basis])
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
    icols += [Col(since, 14, DELTA), Col(_("Change basis"), 11)]
    sh.title(_("Weighted points per indicator"), TITLE)
    sh.header(icols, widths=False)
    sh.rows(
        icols,
        (
            [
                r.id,
                r.title,
                *(
                    [
                        _("not judged") if r.unjudged and r.unjudged[n] else v
                        for n, v in enumerate(r.points)
                    ]
                    if r.scored
                    else [_("not scored")] * len(periods)
                ),
                r.change,
                _("redefined") if r.redefined else None,
            ]
            for r in trend.indicators
        ),
    )
    for note in trend.notes:
        sh.append([note])
