"""The workbook's look, shared by its sheets (reports/excel_sheets.py): number formats,
fonts, fills and the conditional formats that colour scores.

Why a module of its own: one place to change a colour or a number format for every
sheet, apart from what each sheet lists. Number formats only change how a value is
shown, never the value (scores stay the snapshot's 0-100 numbers).
"""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import ColorScaleRule, IconSetRule
from openpyxl.styles import Alignment, Font, PatternFill

from .views import ReportContext

PERCENT = '0.0" %"'
DELTA = "+0.0;-0.0;0"
GAIN = "+0.00;-0.00;0"
NUMBER = "#,##0.0#"  # the cell keeps every digit; the display shows two at most
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14, color="1D4E89")
VERDICT = Font(bold=True, size=12)
RED = PatternFill("solid", fgColor="F8D7D3")
GREEN = PatternFill("solid", fgColor="D5EDD7")
LEFT = Alignment(horizontal="left", vertical="top")


def yes_no(value: bool | None, ctx: ReportContext) -> str:
    """A yes/no cell's text in the report's language; empty when there is no answer."""
    if value is None:
        return ""
    return ctx.lang._("yes") if value else ctx.lang._("no")


def traffic_lights(ws: Any, ref: str) -> None:
    """Scores in `ref` as lights: none, part, full (0-100)."""
    ws.conditional_formatting.add(
        ref,
        IconSetRule("3TrafficLights1", "num", [0, 0.01, 99.95], showValue=None, reverse=None),
    )


def colour_scale(ws: Any, ref: str) -> None:
    """Scores in `ref` shaded red (0) through yellow (50) to green (100)."""
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
