"""The workbook's "Costs" sheet: the PDF's page "What costs you points" as rows to filter.

Why a module of its own: reports/excel_sheets.py holds the sheets that were there before;
this one is read from `ReportContext.costs` (reports/costs.py) like the PDF page, one
row per item with its group, indicators, what and what to do, the records (one per
line: the id, a dash, the title and the value in question, so a title never runs into
its id) and the points at stake as a number; a group with no item has a row saying
"None found", as the page does, so a reader knows it was checked.
"""

from __future__ import annotations

from .excel_styles import BOLD, GAIN
from .sheetwriter import WRAP, Col, Sheet, cell_range, text_lines
from .views import ReportContext


def costs_sheet(sh: Sheet, ctx: ReportContext) -> None:
    _ = ctx.lang._
    view = ctx.costs
    cols = [
        Col(_("Group"), 22, wrap=True),
        Col(_("ID"), 10),
        Col(_("What"), 60, wrap=True),
        Col(_("What to do"), 45, wrap=True),
        Col(_("Records"), 60, wrap=True),
        Col(_("At stake"), 10, fmt=GAIN),
    ]
    sh.freeze("A2")
    head = sh.header(cols)
    for group in view.groups:
        if not group.items:
            sh.append([group.title, "", group.none], cols)
        for item in group.items:
            lines = [
                f"{r.id} — {r.title}" + (f" ({r.value})" if r.value else "") for r in item.records
            ]
            if item.total > len(item.records):
                lines.append(_("and %(n)s more") % {"n": item.total - len(item.records)})
            records = "\n".join(lines)
            height = max(len(lines), text_lines(item.what, 60), text_lines(item.todo, 45), 1)
            sh.append(
                [
                    group.title,
                    ", ".join(item.indicators),
                    item.what,
                    item.todo,
                    records,
                    item.at_stake,
                ],
                cols,
                lines=height,
            )
    sh.ws.auto_filter.ref = cell_range(1, head, len(cols), max(sh.row, head + 1))
    for note in (view.audit, view.no_review):
        if note:  # one wide cell under the table, as tall as the note
            sh.blank()
            sh.append([sh.cell(note, font=BOLD, align=WRAP)], lines=text_lines(note, 190))
            sh.merge(1, 5)
