"""The raw-library twins of import and the reports: what the same work costs bare.

Why each twin is what it is:
- import: openpyxl `load_workbook(read_only=True, data_only=True)` (clex's own reading
  mode) iterating every row of every kind sheet, plus a bare bulk insert: `sqlite3`
  `executemany` into one plain table per sheet with the sheet's columns (no types, no
  keys, no index), in one transaction, WAL and synchronous=NORMAL as clex's store.
  It neither checks nor converts a value; that is the work clex is allowed 0.5x for.
  The same with python-calamine reading (clex's reader) shows clex's own share;
- Excel: openpyxl's write-only mode writing the very cells of clex's workbook (read
  back from it before the clock starts): same sheets, same values, no styles;
- PDF: WeasyPrint rendering the final HTML that `reports.render_html` returns, with its
  base URL and WeasyPrint's own URL fetcher;
- parallel PDF, for a library without a parallel path: the same HTML cut in two at an
  appendix table row (the second part gets the document head and the cut group's table
  header again), both parts rendered by WeasyPrint in two spawned processes, joined
  with `qpdf --pages`: what two processes can achieve, in numbers.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from evidence.models import KINDS


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def kind_sheets(
    sheets: Iterator[tuple[str, Iterator[Any]]],
) -> Iterator[tuple[str, list[Any], Iterator[tuple[Any, ...]]]]:
    """The kind sheets of a workbook as the bare imports take them: title, header and the
    non-empty rows padded or cut to the header's width (other sheets are skipped)."""
    for title, rows in sheets:
        header = next(rows, None)
        if title not in KINDS or header is None:
            continue
        width = len(header)
        yield (
            title,
            list(header),
            (
                (tuple(row) + (None,) * width)[:width]
                for row in rows
                if any(v is not None and v != "" for v in row)
            ),
        )


def read_and_insert(xlsx: Path, db: Path, *, calamine: bool = False) -> int:
    """Read every data row of the workbook and bulk-insert it as it is; returns the rows.

    `calamine`: read with python-calamine (the reader clex uses) instead of openpyxl's
    read-only mode (the reader the issue names), to show clex's own share apart."""
    count = 0
    with closing(sqlite3.connect(db, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("BEGIN IMMEDIATE")
        for title, header, rows in kind_sheets(
            (_calamine_sheets if calamine else _openpyxl_sheets)(xlsx)
        ):
            width = len(header)
            columns = ", ".join(f'"{h}"' for h in header)
            con.execute(f'CREATE TABLE "{title}" ({columns})')
            insert = f'INSERT INTO "{title}" VALUES ({", ".join("?" * width)})'
            data = ([_plain(v) for v in row] for row in rows)
            count += con.executemany(insert, data).rowcount
        con.execute("COMMIT")
    return count


def _openpyxl_sheets(xlsx: Path) -> Iterator[tuple[str, Iterator[tuple[Any, ...]]]]:
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            yield ws.title, ws.iter_rows(values_only=True)
    finally:
        wb.close()


def _calamine_sheets(xlsx: Path) -> Iterator[tuple[str, Iterator[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(xlsx))
    for name in wb.sheet_names:
        yield name, iter(wb.get_sheet_by_name(name).iter_rows())


Cells = list[tuple[str, list[tuple[Any, ...]]]]


def read_cells(xlsx: Path) -> Cells:
    """Every sheet's values (read before the clock starts, to be written again)."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True, data_only=True)
    try:
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
    finally:
        wb.close()


def write_only(cells: Cells, out: Path) -> None:
    """The same cells through openpyxl's write-only (streaming) mode."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in cells:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(out)


def weasyprint_pdf(html: str, out: Path, base_url: str | None = None) -> float:
    """WeasyPrint alone (its own URL fetcher) on a final HTML string; returns its time."""
    from weasyprint import HTML

    if base_url is None:
        from reports.weasy import TEMPLATES

        base_url = TEMPLATES.resolve().as_uri() + "/"
    start = time.perf_counter()
    HTML(string=html, base_url=base_url).write_pdf(out)
    return time.perf_counter() - start


# -- the appendix in two parts ------------------------------------------------------------

_ROW = re.compile(r"<tr(?=[ >])(?!><th)")


def appendix_rows(html: str) -> list[int]:
    """Offsets of the appendix's table body rows (header rows excluded)."""
    start = html.find('<section class="appendix">')
    if start < 0:
        return []
    return [m.start() for m in _ROW.finditer(html, start)]


def split(html: str, first_rows: int) -> tuple[str, str]:
    """(everything up to appendix row `first_rows`, the rest as a document of its own)."""
    rows = appendix_rows(html)
    cut = rows[min(max(first_rows, 1), len(rows) - 1)]
    group = html.rfind('<div class="ev-group">', 0, cut)
    tbody = html.find("<tbody>", group) + len("<tbody>")
    body = html.find(">", html.find("<body")) + 1
    head_again = re.sub(r' id="[^"]*"', "", html[group:tbody])  # ids stay unique per part
    first = html[:cut] + "</tbody></table></div></section></body></html>"
    second = html[:body] + '<section class="appendix">' + head_again + html[cut:]
    return first, second


def _render_part(job: tuple[str, str]) -> float:
    html, out = job
    return weasyprint_pdf(html, Path(out))


def parallel_pdf(parts: list[str], out: Path) -> list[float]:
    """Render the parts in as many spawned processes and join them; returns part times."""
    files = [out.with_name(f"{out.stem}.part{i}.pdf") for i in range(len(parts))]
    jobs = [(html, str(f)) for html, f in zip(parts, files, strict=True)]
    with ProcessPoolExecutor(len(parts), mp_context=get_context("spawn")) as pool:
        times = list(pool.map(_render_part, jobs))
    subprocess.run(
        ["qpdf", "--empty", "--pages", *map(str, files), "--", str(out)],
        check=True,
        capture_output=True,
    )
    for f in files:
        f.unlink()
    return times


def balance(total_rows: int, first_rows: int, times: list[float]) -> int:
    """Rows for the first part so that both take as long, from one measured split.

    Model: part 1 = front matter f + r x rows, part 2 = r x rows; solve for the row
    count that makes them equal (0 when the front matter alone is the longer half).
    """
    t1, t2 = times
    r = t2 / max(total_rows - first_rows, 1)
    front = t1 - r * first_rows
    return max(1, min(total_rows - 1, round((r * total_rows - front) / (2 * r))))
