"""The streaming sheet writer: how the workbook's cells reach the file, in openpyxl's
write-only mode, knowing nothing of reports (the report's sheets are reports/excel_sheets.py).

Why it is built this way:
- a sheet is written row by row and never held in memory (`Workbook(write_only=True)`),
  so a cluster with 100,000 evidence records costs no more than openpyxl writing the
  bare values (issue 8 allows 1.3 times that);
- styled cells are openpyxl's expensive part: each combination of font, fill,
  alignment, number format and quote prefix is registered once per sheet
  (`Sheet.style`), and a cell gets that style's array and index when it is made
  (`_StyledCell`), so openpyxl neither styles it attribute by attribute nor looks its
  style up again when writing; `_Stream` takes rows of such cells as they are (openpyxl's
  own `append` turns every styled cell into an exception, a repr and a spare cell);
- text is never a formula: every text cell is stored as a string (data type "s"), and
  one that starts with `= + - @` also gets Excel's quote prefix (`Sheet.cell`);
- the same snapshot gives the same bytes: `save` stamps every zip entry and the
  document's dates with the snapshot's day instead of the clock.

What write-only mode asks for, and how it is met: column widths, frozen panes and page
setup are written with the sheet's head, so `Sheet` refuses them after the first row; a
row's height is set before the row goes out; a table's columns cannot be read back from
the sheet, so `Sheet.table` names them; merged cells are listed directly (a write-only
sheet has no `merge_cells`). Conditional formats, filters, hyperlinks on cells and
charts are written with the sheet's tail and work as in a normal sheet.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from evidence.outfile import closing_zip

FORMULA_START = ("=", "+", "-", "@")
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
DAY = "yyyy-mm-dd"
# A date as the report's language writes it (the cell holds the date itself): Czech
# "1. 1. 2024", as the PDF and a Czech spreadsheet show it; ISO elsewhere.
DAYS = {"cs": "d. m. yyyy"}
HEAD_FILL = PatternFill("solid", fgColor="1D4E89")
HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINE_HEIGHT = 15  # points per line of 11 pt text


def text_lines(text: str, width: float) -> int:
    """Roughly how many lines `text` takes in a column `width` characters wide."""
    per_line = max(1, int(width * 1.15))
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


@dataclass(frozen=True)
class Col:
    title: str
    width: float = 12
    fmt: str | None = None
    wrap: bool = False


class _Style(NamedTuple):
    array: StyleArray  # font, fill, alignment, format ... as indexes into the workbook's lists
    id: int  # the array's index in the workbook's list of cell styles


class _StyledCell(Cell):
    """A cell whose style index is fixed when it is made (openpyxl looks it up per cell)."""

    __slots__ = ("style_id",)  # shadows the base class's look-up property


def _cell(ws: WriteOnlyWorksheet, value: Any, data_type: str, style: _Style) -> Cell:
    # The value is known to be of the type `data_type` says, so openpyxl's own checks
    # (which would also take "=..." for a formula) are skipped.
    cell: Any = _StyledCell(ws, 1, 1)
    cell._value = value
    cell.data_type = data_type
    cell._style = style.array  # shared and never changed: the cell is written at once
    cell.style_id = style.id
    return cell


class _Stream(WriteOnlyWorksheet):
    """A write-only worksheet whose rows are ready cells (or None where there is none).

    openpyxl's own `append` takes values and turns a styled cell into an exception, a
    repr and a spare cell on the way; here `Sheet` has made every cell already.
    """

    def _values_to_row(self, values: Sequence[Cell | None], row_idx: int) -> Iterator[Cell]:
        for col_idx, cell in enumerate(values, 1):
            if cell is not None:
                cell.row = row_idx
                cell.column = col_idx
                if cell.hyperlink is not None:
                    cell.hyperlink.ref = cell.coordinate
                yield cell


class _Plan(NamedTuple):
    """How a column styles each kind of value (see `Sheet.append`)."""

    text: _Style
    quoted: _Style  # text that starts like a formula
    number: _Style
    day: _Style
    wrap_width: float  # 0: no wrapping


class Sheet:
    """Append-only writing of one streamed worksheet; the only code that creates cells."""

    def __init__(self, wb: Workbook, title: str, lang: str = "en") -> None:
        assert wb.write_only, "the workbook must be write-only"
        self.day = DAYS.get(lang, DAY)  # the format of a date cell that names none
        ws: Any = _Stream(parent=wb, title=title)
        cast(Any, wb)._add_sheet(ws)  # what `wb.create_sheet` does with its own class
        # Typed loosely: openpyxl's type stubs miss what a write-only sheet takes over
        # from Worksheet (page setup, dimensions, conditional formatting ...).
        self.ws: Any = ws
        self.row = 0
        # (ids of font, fill, alignment, format, quote) -> (style, the objects, kept
        # alive so that their ids stay theirs)
        self._styles: dict[tuple[Any, ...], tuple[_Style, tuple[Any, ...]]] = {}
        self._plans: dict[int, tuple[Sequence[Col], list[_Plan]]] = {}
        # Printed, a sheet fits the page width (landscape A4) and runs on in length.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    # -- before the first row ---------------------------------------------------------

    def _before_rows(self, what: str) -> None:
        if self.row:
            raise RuntimeError(f"{what} must be set before the first row of a streamed sheet")

    def widths(self, widths: Sequence[float]) -> None:
        """Column widths in characters, from column A on."""
        self._before_rows("column widths")
        for n, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(n)].width = width

    def freeze(self, cell: str) -> None:
        """Rows above and columns left of `cell` stay in view ("A2": the first row)."""
        self._before_rows("frozen panes")
        self.ws.freeze_panes = cell

    # -- cells ------------------------------------------------------------------------

    def style(
        self,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        align: Alignment | None = None,
        fmt: str | None = None,
        quote: bool = False,
    ) -> _Style:
        """The workbook's cell style for this combination, registered once."""
        key = (id(font), id(fill), id(align), fmt, quote)
        found = self._styles.get(key)
        if found is None:
            cell: Any = Cell(self.ws, row=1, column=1)
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if align is not None:
                cell.alignment = align
            if fmt is not None:
                cell.number_format = fmt
            if quote:
                cell.quotePrefix = True
            found = self._styles[key] = (_Style(cell._style, cell.style_id), (font, fill, align))
        return found[0]

    def cell(
        self,
        value: Any,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        align: Alignment | None = None,
        fmt: str | None = None,
    ) -> Cell | None:
        """A styled cell for `value` (None for none); text is always text, never a formula."""
        if value is None:
            return None
        if isinstance(value, str):
            text = ILLEGAL.sub("\ufffd", value)
            quote = text.startswith(FORMULA_START)
            style = self.style(font=font, fill=fill, align=align, fmt=fmt, quote=quote)
            return _cell(self.ws, text, "s", style)
        if isinstance(value, bool):
            return _cell(self.ws, value, "b", self.style(font=font, fill=fill, align=align))
        if isinstance(value, date):  # datetime too
            style = self.style(font=font, fill=fill, align=align, fmt=fmt or self.day)
            return _cell(self.ws, value, "d", style)
        if isinstance(value, int | float):
            style = self.style(font=font, fill=fill, align=align, fmt=fmt)
            return _cell(self.ws, value, "n", style)
        raise TypeError(f"cannot write a {type(value).__name__} to a cell")

    def link(self, target: str, text: str) -> Cell:
        """A cell that opens `target` ("#'Sheet'!A5" for a place in this workbook)."""
        cell = Cell(self.ws, row=1, column=1, value=ILLEGAL.sub("\ufffd", text))
        cell.data_type = "s"
        cell.hyperlink = target
        cell.style = "Hyperlink"
        cell.alignment = TOP
        return cell

    # -- rows -------------------------------------------------------------------------

    def _plan(self, cols: Sequence[Col]) -> list[_Plan]:
        found = self._plans.get(id(cols))
        if found is None or found[0] is not cols:
            plans = []
            for col in cols:
                align = WRAP if col.wrap else TOP
                plans.append(
                    _Plan(
                        text=self.style(align=align, fmt=col.fmt),
                        quoted=self.style(align=align, fmt=col.fmt, quote=True),
                        number=self.style(align=align, fmt=col.fmt),
                        day=self.style(align=align, fmt=col.fmt or self.day),
                        wrap_width=col.width if col.wrap else 0,
                    )
                )
            found = self._plans[id(cols)] = (cols, plans)
        return found[1]

    def append(
        self,
        values: Sequence[Any],
        cols: Sequence[Col] | None = None,
        *,
        font: Font | None = None,
        fills: dict[int, PatternFill] | None = None,
        lines: int = 1,
    ) -> int:
        """One row: each value styled by its column (format, wrap); returns its number.

        A cell (from `cell` or `link`) is written as it is; `font` applies to the row,
        `fills` to some of its columns (1-based). The row is made tall enough for the
        longest wrapped text, or for `lines` lines.
        """
        self.row += 1
        plans = self._plan(cols) if cols and font is None and not fills else ()
        ws = self.ws
        row: list[Cell | None] = []
        for n, value in enumerate(values):
            kind = type(value)
            if n < len(plans):  # the common case, inline: up to 100,000s of rows
                plan = plans[n]
                if kind is str:
                    text = ILLEGAL.sub("\ufffd", value)
                    if plan.wrap_width:
                        lines = max(lines, text_lines(text, plan.wrap_width))
                    style = plan.quoted if text.startswith(FORMULA_START) else plan.text
                    row.append(_cell(ws, text, "s", style))
                    continue
                if kind is float or kind is int:
                    row.append(_cell(ws, value, "n", plan.number))
                    continue
                if kind is date:
                    row.append(_cell(ws, value, "d", plan.day))
                    continue
            if value is None or isinstance(value, Cell):
                row.append(value)
                continue
            col = cols[n] if cols and n < len(cols) else None
            if col is not None and col.wrap and isinstance(value, str):
                lines = max(lines, text_lines(value, col.width))
            row.append(
                self.cell(
                    value,
                    font=font,
                    fill=fills.get(n + 1) if fills else None,
                    align=WRAP if col is not None and col.wrap else TOP,
                    fmt=col.fmt if col is not None else None,
                )
            )
        if lines > 1:  # neither openpyxl nor LibreOffice sizes wrapped rows on their own
            ws.row_dimensions[self.row].height = LINE_HEIGHT * lines
        ws.append(row)
        return self.row

    def title(self, text: str, font: Font) -> int:
        return self.append([self.cell(text, font=font)])

    def blank(self) -> None:
        self.append([])

    def header(self, cols: Sequence[Col], *, widths: bool = True) -> int:
        if widths:
            self.widths([c.width for c in cols])
        lines = max(text_lines(c.title, c.width) for c in cols)
        cells = [self.cell(c.title, font=HEAD_FONT, fill=HEAD_FILL, align=HEAD_ALIGN) for c in cols]
        return self.append(cells, lines=lines)

    def rows(self, cols: Sequence[Col], rows: Iterable[Sequence[Any]]) -> tuple[int, int]:
        first = self.row + 1
        for values in rows:
            self.append(values, cols)
        return first, self.row

    # -- sheet-wide -------------------------------------------------------------------

    def discard(self) -> None:
        """Close the sheet's stream and drop its temporary file (a workbook not saved)."""
        with contextlib.suppress(Exception):
            if not self.ws.closed:
                self.ws.close()
            if self.ws._writer is not None:
                self.ws._writer.cleanup()

    def merge(self, first_col: int, last_col: int, row: int | None = None) -> None:
        row = row or self.row
        self.ws.merged_cells.add(
            CellRange(min_col=first_col, min_row=row, max_col=last_col, max_row=row)
        )

    def table(self, name: str, cols: Sequence[Col], head: int, last: int) -> None:
        """The rows `head`..`last` as an Excel table (filter buttons, banded rows)."""
        ref = cell_range(1, head, len(cols), last)
        table = Table(
            displayName=name,
            ref=ref,
            autoFilter=AutoFilter(ref=ref),
            tableColumns=[TableColumn(id=n, name=c.title) for n, c in enumerate(cols, 1)],
            tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
        )
        with warnings.catch_warnings():  # the columns are given, as write-only mode asks
            warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
            self.ws.add_table(table)


def cell_range(first_col: int, first_row: int, last_col: int, last_row: int) -> str:
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


class _StampedZip(zipfile.ZipFile):
    """A zip whose every entry carries one date, so that equal content gives equal bytes."""

    def __init__(self, path: Path, day: date) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = (day.year, day.month, day.day, 0, 0, 0)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(  # type: ignore[override]
        self, name: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any
    ) -> None:
        info = name if isinstance(name, zipfile.ZipInfo) else self._info(name)
        super().writestr(info, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        info = self._info(str(arcname or filename))
        info.file_size = Path(filename).stat().st_size
        with open(filename, "rb") as src, self.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save(wb: Workbook, out: Path, day: date) -> None:
    """Write `wb` to `out`, stamped with `day` (zip entries and document dates)."""
    stamp = datetime(day.year, day.month, day.day)
    wb.properties.created = wb.properties.modified = stamp
    with closing_zip(_StampedZip(out, day)) as archive:  # nothing left to finish on an error
        ExcelWriter(wb, archive).write_data()
