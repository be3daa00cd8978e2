"""Read a user's file into raw rows: `.xlsx` (the template), `.csv`, `.yaml`, `.json`.

A reader only finds rows and names their columns; it does not judge values. That is
`ingest`'s job, the same for every format, so a bad date reads the same complaint
whether it came from Excel or YAML. Workbooks are streamed (read-only mode) so a large
file never sits in memory; openpyxl parses through defusedxml, so entity bombs fail.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding
from .models import KINDS, kind_fields

# Columns that are not record fields: the review columns of an exported workbook.
REVIEW_COLUMNS = ("status", "reviewer", "review_note", "version", "last_review")
ALIASES = {
    "joined": "start",
    "left": "end",
    "employed_from": "start",
    "employed_until": "end",
    "note": "review_note",
    "review_notes": "review_note",
    "date": "start",
}
MAX_FILE_BYTES = 200_000_000
MAX_UNCOMPRESSED = 1_000_000_000
MAX_PART = 100_000_000  # a part this large must also compress like real spreadsheet XML
MAX_RATIO = 200


@dataclass
class RawRow:
    """One data row: where it stood and its cells as field -> (column label, raw value)."""

    file: str
    sheet: str | None
    row: int
    kind: str
    cells: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def where(self, column: str | None = None) -> str:
        parts = [p for p in (self.sheet, str(self.row), column) if p]
        return ":".join(parts)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise_header(text: Any) -> str:
    name = re.sub(r"[\s-]+", "_", str(text or "").strip().casefold())
    return ALIASES.get(name, name)


def map_header(
    headers: list[Any], kind: str, where: str, file: str, *, letters: bool, findings: list[Finding]
) -> dict[int, tuple[str, str]]:
    """Column index -> (field, label); unknown columns become findings."""
    known = set(kind_fields(kind)) | set(REVIEW_COLUMNS) | {"kind"}
    out: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for i, head in enumerate(headers):
        if head is None or not str(head).strip():
            continue
        name = normalise_header(head)
        label = f"{column_letter(i)} ({str(head).strip()})" if letters else str(head).strip()
        if name not in known:
            loc = f"{where}:{column_letter(i) if letters else i + 1}" if where else ""
            findings.append(
                Finding(
                    file=file,
                    location=loc.lstrip(":"),
                    message=(
                        f"unknown column {str(head)!r} for {kind}; columns are "
                        f"{', '.join(n for n in kind_fields(kind))}"
                    ),
                )
            )
            continue
        if name in seen:
            findings.append(Finding(file=file, location=where, message=f"column {name!r} twice"))
            continue
        seen.add(name)
        out[i] = (name, label)
    return out


def read_rows(path: Path, *, kind: str | None, findings: list[Finding]) -> Iterator[RawRow]:
    """The rows of one file; problems with the file itself go to `findings`."""
    suffix = path.suffix.lower()
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        findings.append(Finding(file=name, message=f"cannot read the file: {exc.strerror}"))
        return
    if size > MAX_FILE_BYTES:
        findings.append(Finding(file=name, message="file is larger than 200 MB; split it"))
        return
    if suffix == ".xlsx" or suffix == ".xlsm":
        yield from _xlsx_rows(path, findings)
    elif suffix == ".csv":
        yield from _csv_rows(path, kind, findings)
    elif suffix in (".yaml", ".yml", ".json"):
        yield from _mapping_rows(path, kind, findings)
    else:
        findings.append(
            Finding(
                file=name,
                message=(
                    f"unsupported file type {suffix or '(none)'}; use .xlsx, .csv, .yaml, .json, "
                    ".txt or .html"
                ),
            )
        )


def _xlsx_rows(path: Path, findings: list[Finding]) -> Iterator[RawRow]:
    from openpyxl import load_workbook

    name = str(path)
    problem = _zip_problem(path)
    if problem:
        findings.append(Finding(file=name, message=problem))
        return
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        findings.append(Finding(file=name, message=f"not a readable .xlsx workbook ({exc})"))
        return
    try:
        kinds_found = 0
        for ws in wb.worksheets:
            kind = ws.title.strip().casefold()
            if kind not in KINDS:
                continue
            kinds_found += 1
            rows = ws.iter_rows(values_only=True)
            headers = next(rows, None)
            if headers is None:
                continue
            cols = map_header(
                list(headers), kind, f"{ws.title}:1", name, letters=True, findings=findings
            )
            for number, values in enumerate(rows, start=2):
                cells = {f: (label, values[i]) for i, (f, label) in cols.items() if i < len(values)}
                if all(_blank(v) for _, v in cells.values()):
                    continue
                yield RawRow(file=name, sheet=ws.title, row=number, kind=kind, cells=cells)
        if kinds_found == 0:
            findings.append(
                Finding(
                    file=name,
                    message=(
                        "no sheet named after an evidence kind ("
                        + ", ".join(KINDS)
                        + "); start from `clex template FILE.xlsx`"
                    ),
                )
            )
    finally:
        wb.close()


def _zip_problem(path: Path) -> str | None:
    """Refuse truncated files and decompression bombs before openpyxl opens them.

    The sizes checked are the ones the archive declares; zipfile never inflates a part
    beyond its declared size, so a lying header cannot get past this either.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return "not a readable .xlsx workbook (damaged or truncated; open and save it again)"
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        return (
            f"the workbook would expand to {total / 1e9:.1f} GB; refused "
            "(a damaged or hostile file)"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART and ratio > MAX_RATIO:
            return (
                f"the workbook part {info.filename} would expand {ratio:,.0f}-fold to "
                f"{info.file_size / 1e6:,.0f} MB; refused (a damaged or hostile file)"
            )
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _csv_rows(path: Path, kind: str | None, findings: list[Finding]) -> Iterator[RawRow]:
    name = str(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        findings.append(
            Finding(
                file=name,
                location=f"byte {exc.start}",
                message="not valid UTF-8; save the CSV as UTF-8",
            )
        )
        return
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
                location="1",
                message=(
                    f"say which kind the rows are: a `kind` column or `--kind` ({', '.join(KINDS)})"
                ),
            )
        )
        return
    kind_col = norm.index("kind") if "kind" in norm else None
    col_maps: dict[str, dict[int, tuple[str, str]]] = {}
    for number, values in _csv_records(reader, name, findings):
        if all(_blank(v) for v in values):
            continue
        row_kind = kind or ""
        if kind_col is not None and kind_col < len(values) and values[kind_col].strip():
            row_kind = values[kind_col].strip().casefold()
        if row_kind not in KINDS:
            findings.append(
                Finding(
                    file=name,
                    location=f"{number}:kind",
                    message=(f"unknown kind {row_kind!r}; use one of {', '.join(KINDS)}"),
                )
            )
            continue
        if row_kind not in col_maps:
            col_maps[row_kind] = map_header(
                headers, row_kind, "1", name, letters=False, findings=findings
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
                    location=str(reader.line_num),
                    message=(
                        f"cannot read this CSV line ({exc}); a cell over 128 KB or a broken quote"
                    ),
                )
            )
            return
        yield reader.line_num, values


def _mapping_rows(path: Path, kind: str | None, findings: list[Finding]) -> Iterator[RawRow]:
    from criteria.yamlsource import read_yaml  # safe YAML with line marks (JSON is YAML)

    doc = read_yaml(path)
    findings.extend(doc.findings)
    data = doc.data
    if data is None:
        return
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and "evidence" in data:
        data, prefix = data["evidence"], ("evidence",)
    if not isinstance(data, list):
        findings.append(doc.finding((), "expected a list of records, each a mapping with `kind`"))
        return
    for i, item in enumerate(data):
        line = doc.where((*prefix, i)).split(":")[0]
        if not isinstance(item, dict):
            findings.append(doc.finding((*prefix, i), "each record is a mapping of field: value"))
            continue
        row_kind = str(item.get("kind") or kind or "").casefold()
        if row_kind not in KINDS:
            findings.append(
                doc.finding(
                    (*prefix, i, "kind") if "kind" in item else (*prefix, i),
                    (f"unknown kind {row_kind!r}; use one of {', '.join(KINDS)}"),
                )
            )
            continue
        known = set(kind_fields(row_kind)) | set(REVIEW_COLUMNS) | {"kind"}
        cells: dict[str, tuple[str, Any]] = {}
        for key, value in item.items():
            fname = normalise_header(key)
            if fname not in known:
                findings.append(
                    doc.finding(
                        (*prefix, i, key),
                        f"{row_kind} has no field {key!r}; "
                        f"fields are {', '.join(kind_fields(row_kind))}",
                        key=True,
                    )
                )
            elif fname != "kind":
                cells[fname] = (fname, value)
        yield RawRow(file=str(path), sheet=None, row=int(line), kind=row_kind, cells=cells)


def dumps_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
