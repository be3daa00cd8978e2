"""Merged cells of a workbook's sheet, read as the manager sees them.

Why: people merge cells in Excel lists: one "SME" in `type` over the five members it
applies to, one "ano" in `committed` over a block of rows. On screen the value stands in
every row the merged cell covers; in the file it is in the range's top-left cell only, and
calamine (as openpyxl) reads the other cells as empty. Read so, four of five members were
stored with the defaults (type other, not committed) without a word, and Bronze was
refused on S1.

So `MergedCells` reads a sheet's merged ranges (calamine's `merged_cell_ranges`) before its
data rows, for `xlsx._sheet_rows`:

- a range within the data rows over one column that is read (a field's column, perhaps
  with columns without a header beside it: a wide title) gives its value to every row it
  covers that holds data of its own, and the import says so in a note naming the cells
  and the rows, so that nothing is read into a row silently; a row it covers that holds
  nothing else stays an empty row (skipped, as blank rows are), so a block merged further
  down than the list goes adds no rows;
- a range over the columns of two fields or more is refused: which field its value is for
  would be a guess (the same value in `start` and `end`? in `type` and `country`?); so is
  a range whose value stands in a column that is not read (no header) beside a field's;
  the refusal names the cells and says "unmerge the cells";
- a range that takes in the header row is refused: a header merged over columns leaves
  the columns after the first without a header, their values unread, like an unknown
  header (refused too); one merged down into the data rows would make the header a value.

A merged range without a value (formatting) is left alone: its cells read as empty, which
is what the manager sees.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..findings import Finding, Location
from ..messages import M, joined
from .rows import blank, column_letter

Range = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first column), (last ...)), 0-based


@dataclass(slots=True)
class _Span:
    """A merged range within the data rows whose value is spread over its rows."""

    first: int  # rows, 0-based as calamine counts them (row 1 of the sheet is 0)
    last: int
    col: int  # 0-based
    name: str  # the field the value is read into
    label: str  # its column: "J (type)"
    cells: str  # "J2:J6"
    value: Any = None
    given: list[int] = field(default_factory=list)  # 0-based rows the value was spread to


class MergedCells:
    """The merged ranges of one sheet: refused ones become findings when made; the rest
    spread their value down their rows through `spread`, called for each data row in
    order; `finish` adds the notes saying which rows got a value."""

    def __init__(
        self,
        ranges: list[Range],
        headers: list[Any],
        read: dict[int, tuple[str, str]],
        *,
        file: str,
        sheet: str,
        findings: list[Finding],
    ) -> None:
        """`headers`: the header row's values by column; `read`: column -> (field, label)
        of the columns the sheet's rows are read from."""
        self._file, self._sheet, self._findings = file, sheet, findings
        self._read = read
        spans: list[_Span] = []
        for (r0, c0), (r1, c1) in ranges:
            if (r0, c0) == (r1, c1):
                continue
            cells = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            if r0 == 0:
                self._header(headers, r1, c0, c1, cells)
                continue
            span = self._span(r0, r1, c0, c1, cells)
            if span is not None:
                spans.append(span)
        self._spans = sorted(spans, key=lambda s: (s.first, s.col))  # notes in this order
        self._waiting = deque(self._spans)  # not reached yet, in order of their first row
        self._active: list[_Span] = []  # reached: their value known (None: empty)

    def _header(self, headers: list[Any], r1: int, c0: int, c1: int, cells: str) -> None:
        """A range that takes in the header row: refused, unless it holds no header."""
        head = headers[c0] if c0 < len(headers) else None
        if blank(head):
            return
        text = str(head).strip()
        where = Location(sheet=self._sheet, row=1, column=f"{column_letter(c0)} ({text})")
        shown = repr(text)
        if r1 > 0:
            message = M(
                "the header {header} is merged down over rows 1-{last} (cells {cells}); "
                "unmerge the cells: row 1 holds the headers, the rows below it the data",
                header=shown,
                last=str(r1 + 1),
                cells=cells,
            )
        else:
            message = M(
                "the header {header} is merged over columns {first}-{last} (cells {cells}), "
                "so the columns after {first} have no header and their values would not be "
                "read; unmerge the cells and give each column its own header",
                header=shown,
                first=column_letter(c0),
                last=column_letter(c1),
                cells=cells,
            )
        self._findings.append(Finding(file=self._file, location=where, message=message))

    def _span(self, r0: int, r1: int, c0: int, c1: int, cells: str) -> _Span | None:
        """The span of a range within the data rows; None (and perhaps a refusal) when
        its value is not spread: it covers no column that is read, two fields, or stands
        in a column that is not read."""
        fields = [self._read[c] for c in range(c0, c1 + 1) if c in self._read]
        if not fields:
            return None
        where = Location(sheet=self._sheet, row=r0 + 1, column=self._column(c0))
        if len(fields) > 1:
            message = M(
                "cells {cells} are merged across the columns {columns}, so which of them "
                "their value is for is a guess; unmerge the cells and give each column its "
                "own value",
                cells=cells,
                columns=joined([label for _, label in fields], "and"),
            )
            self._findings.append(Finding(file=self._file, location=where, message=message))
            return None
        ((name, label),) = fields
        if c0 not in self._read:
            message = M(
                "cells {cells} are merged, so their value stands in column {column}, which "
                "has no header and is not read; unmerge the cells and put the value in "
                "column {target}",
                cells=cells,
                column=column_letter(c0),
                target=label,
            )
            self._findings.append(Finding(file=self._file, location=where, message=message))
            return None
        if r0 == r1:
            return None  # one row over columns without a header: a wide cell, read as it is
        return _Span(first=r0, last=r1, col=c0, name=name, label=label, cells=cells)

    def _column(self, c: int) -> str:
        return self._read[c][1] if c in self._read else column_letter(c)

    def spread(self, row: int, cells: dict[str, tuple[str, Any]], own: bool) -> None:
        """Row `row` (0-based) read into `cells`; `own`: it holds data of its own. A span
        starting here takes its value from it; a span covering it gives it its value."""
        if any(s.last < row for s in self._active):
            self._active = [s for s in self._active if s.last >= row]
        for span in self._active:
            if own and span.value is not None:
                cells[span.name] = (cells[span.name][0], span.value)
                span.given.append(row)
        while self._waiting and self._waiting[0].first <= row:
            span = self._waiting.popleft()
            value = cells[span.name][1] if span.first == row else None
            span.value = None if blank(value) else value
            self._active.append(span)

    def finish(self) -> None:
        """The sheet's rows are read: a note for each span that gave rows its value."""
        for span in self._spans:
            if not span.given:
                continue
            self._findings.append(
                Finding(
                    file=self._file,
                    location=Location(sheet=self._sheet, row=span.first + 1, column=span.label),
                    message=M(
                        "cells {cells} are merged: their value {value} is applied to rows "
                        "{first}-{last} (unmerge the cells if it is meant for row {first} only)",
                        cells=span.cells,
                        value=_shown(span.value),
                        first=str(span.first + 1),
                        last=str(span.given[-1] + 1),
                    ),
                    severity="info",
                )
            )


def _shown(value: Any) -> str:
    """A cell's value as the manager typed it: text quoted, a date cell as its day."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, datetime) and value == datetime(value.year, value.month, value.day):
        return value.date().isoformat()
    return str(value)
