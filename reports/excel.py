"""The Excel workbook: the same report as tables a manager can filter and an auditor can
re-check, one sheet per question.

Why it is built this way:
- this module is the workbook: which sheets it has and in what order, its properties,
  and the file written whole or not at all; what goes on each sheet is
  reports/excel_sheets.py;
- every sheet is a list of rows streamed through `reports.sheetwriter.Sheet` (openpyxl's
  write-only mode), the one place that touches openpyxl cells: a sheet is never held in
  memory, so a cluster with 100,000 evidence records is written at about the speed of
  openpyxl writing the bare values. What streaming needs first (column widths, frozen
  panes) each sheet sets before its first row; the Evidence rows' numbers are known
  beforehand, so the Indicators sheet can link to them whatever the order of writing;
- numbers stay numbers and dates stay dates, so the workbook's values equal the
  snapshot's; the same snapshot gives the same bytes (`save` stamps the snapshot's day);
- text from evidence is never a formula: any text cell is stored as a string, and one
  that starts with `= + - @` also gets Excel's quote prefix (see `Sheet.cell`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from openpyxl import Workbook

from evidence.outfile import output_file, zip_problem

from .excel_sheets import fill
from .sheetwriter import Sheet, save
from .views import ReportContext

log = logging.getLogger(__name__)


def write_workbook(ctx: ReportContext, out: Path) -> Path:
    wb = Workbook(write_only=True)
    _ = ctx.lang._
    names = {
        "summary": _("Summary"),
        "areas": _("Areas"),
        "indicators": _("Indicators"),
        "gaps": _("Gaps"),
        "costs": _("Costs"),
        "findings": _("Findings"),
        "evidence": _("Evidence"),
        "trend": _("Trend"),
        "benchmark": _("Benchmark"),
    }
    if not ctx.trend:
        del names["trend"]
    if not ctx.peers:
        del names["benchmark"]
    # Sheets are created in the order a reader sees them; each streams to a file of its
    # own, so they can be filled in any order.
    sheets = {key: Sheet(wb, name, ctx.lang.code) for key, name in names.items()}
    snap = ctx.snapshot
    try:
        fill(sheets, ctx, names["evidence"])
        wb.properties.title = f"{snap.cluster.name}, {snap.period.label}"
        wb.properties.creator = snap.cluster.name
        wb.properties.keywords = f"clex, {snap.catalogue.id}, {snap.period.label}"
        wb.properties.description = (
            f"clex {snap.tool_version}; {snap.catalogue.id} {snap.catalogue.version}"
        )
        with output_file(out, check=zip_problem) as tmp:  # whole and checked, or not at all
            save(wb, tmp, snap.created)
    except BaseException:  # the sheets' streams closed and their files dropped
        for sheet in sheets.values():
            sheet.discard()
        raise
    log.info("wrote %s", out)
    return out
