"""Read a `.csv` file into raw rows.

The delimiter (comma, semicolon or tab) is sniffed, as spreadsheets save CSV with the
one their locale uses, and so is the encoding (`encodings`: UTF-8 first, then UTF-16
and the Windows code pages, named in a warning); the rows' kind comes from a `kind`
column or from `--kind`, so one CSV may hold several kinds, each mapped with its own
columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..encodings import EncodingError, decode
from ..encodings import name as encoding_name
from ..findings import Finding, Location
from ..models import KINDS
from .rows import RawRow, blank, map_header, normalise_header, unknown_kind


def csv_rows(path: Path, kind: str | None, findings: list[Finding]) -> Iterator[RawRow]:
    """The rows of a CSV file; row 1 is the header, blank rows are skipped."""
    name = str(path)
    try:
        text, codec = decode(path.read_bytes())
    except EncodingError as exc:
        findings.append(Finding(file=name, location=Location(byte=exc.byte), message=exc.message))
        return
    if codec != "utf_8":
        findings.append(
            Finding(file=name, message=f"read as {encoding_name(codec)}", severity="warning")
        )
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    headers = next(reader, None)
    if headers is None:
        findings.append(Finding(file=name, message="the file is empty"))
        return
    norm = [normalise_header(h) for h in headers]
    if kind is None and "kind" not in norm:
        findings.append(
            Finding(
                file=name,
                location=Location(row=1),
                message=(
                    f"say which kind the rows are: a `kind` column or `--kind` ({', '.join(KINDS)})"
                ),
            )
        )
        return
    kind_col = norm.index("kind") if "kind" in norm else None
    col_maps: dict[str, dict[int, tuple[str, str]]] = {}
    for number, values in _csv_records(reader, name, findings):
        if all(blank(v) for v in values):
            continue
        row_kind = kind or ""
        if kind_col is not None and kind_col < len(values) and values[kind_col].strip():
            row_kind = values[kind_col].strip().casefold()
        if row_kind not in KINDS:
            findings.append(
                Finding(
                    file=name,
                    location=Location(row=number, column="kind"),
                    message=unknown_kind(row_kind),
                )
            )
            continue
        if row_kind not in col_maps:
            col_maps[row_kind] = map_header(
                headers, row_kind, Location(row=1), name, letters=False, findings=findings
            )
        cells = {
            f: (label, values[i])
            for i, (f, label) in col_maps[row_kind].items()
            if i < len(values) and f != "kind"
        }
        yield RawRow(file=name, sheet=None, row=number, kind=row_kind, cells=cells)


def _csv_records(
    reader: Any, name: str, findings: list[Finding]
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each record; a malformed record ends the file with a finding."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            findings.append(
                Finding(
                    file=name,
                    location=Location(line=reader.line_num),
                    message=(
                        f"cannot read this CSV line ({exc}); a cell over 128 KB or a broken quote"
                    ),
                )
            )
            return
        yield reader.line_num, values
