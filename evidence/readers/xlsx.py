"""Read an `.xlsx` workbook (the template, or an export) into raw rows.

Workbooks are read with python-calamine (a Rust reader), not openpyxl: openpyxl's
read-only mode took about 9 s of the 29 s that importing the 100,000-row benchmark
workbook took; calamine reads the same workbook in about 0.9 s (issue 8). The price
is memory: calamine holds one whole sheet at a time where openpyxl streamed rows (a
peak of about 70 MB for that workbook, about 560 MB for a million rows on one sheet).
openpyxl still writes the template and the exports. `_sheet_rows` turns calamine's
values into what openpyxl gave (whole numbers as int, date cells as datetime, error
cells as their code), so a workbook imports as it did before.

Hostile workbooks: `_zip_problem` refuses truncated archives and decompression bombs
before calamine opens them; calamine's XML parser does not expand entities, so an
entity bomb is "not a readable workbook"; the bits of XML read here go through
defusedxml. Sheets whose cells reach too far, and shared strings copied into too many
cells, are refused before calamine allocates for them (`xlsxextent`).
"""

from __future__ import annotations

import copy
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..cells import Uncomputed
from ..findings import Finding, Location
from ..messages import M, joined
from ..models import KINDS
from .rows import RawRow, map_header
from .xlsxextent import SheetExtent, shared_text
from .xlsxmerged import MergedCells

MAX_UNCOMPRESSED = 1_000_000_000
MAX_PART = 100_000_000  # a part this large must also compress like real spreadsheet XML
MAX_RATIO = 200


def xlsx_rows(path: Path, findings: list[Finding]) -> Iterator[RawRow]:
    """The rows of every sheet named after an evidence kind (hidden sheets too)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    name = str(path)
    problem, may_hold_errors = _compound_file(path), set[str]()
    if problem is None:
        problem, may_hold_errors = _zip_problem(path)
    if problem:
        findings.append(Finding(file=name, message=problem))
        return
    try:
        wb = CalamineWorkbook.from_path(name)
        parts = _sheet_parts(path)
    except Exception as exc:  # calamine, zipfile and the XML parser each raise their own
        findings.append(Finding(file=name, message=f"not a readable .xlsx workbook ({exc})"))
        return
    with wb:
        kinds_found = unknown = 0
        for meta in wb.sheets_metadata:  # hidden sheets too, as a user may hide a sheet
            kind = meta.name.strip().casefold()
            if meta.typ != SheetTypeEnum.WorkSheet or kind in NOT_IMPORTED:
                continue
            if kind not in KINDS:
                unknown += _unknown_sheet(wb, name, meta.name, findings)
                continue
            kinds_found += 1
            try:
                sheet = wb.get_sheet_by_name(meta.name)  # the whole sheet, parsed in Rust
                part = parts.get(meta.name)
                errors = _error_cells(path, part) if part in may_hold_errors else {}
            except Exception as exc:  # an entity bomb or broken XML ends up here
                findings.append(
                    Finding(
                        file=name,
                        location=Location(sheet=meta.name),
                        message=f"not a readable .xlsx workbook ({exc})",
                    )
                )
                continue
            yield from _sheet_rows(name, meta.name, kind, sheet, errors, findings)
            del sheet
        if kinds_found == 0 and not unknown:
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


# The template's own sheets, which hold help and examples, not evidence.
NOT_IMPORTED = frozenset({"instructions", "examples"})


def _unknown_sheet(wb: Any, file: str, title: str, findings: list[Finding]) -> int:
    """A sheet not named after a kind is refused when it holds anything (its rows would
    be lost without a word); an empty one (Excel's "Sheet1") is left alone. 1: refused."""
    from rapidfuzz import fuzz, process

    try:
        empty = wb.get_sheet_by_name(title).start is None
    except Exception:  # unreadable: a sheet no import can use, refused below all the same
        empty = False
    if empty:
        return 0
    near = process.extract(
        title.strip().casefold(), list(KINDS), scorer=fuzz.WRatio, limit=2, score_cutoff=70
    )
    shown, kinds = repr(title), ", ".join(KINDS)
    message = M(
        "sheet {sheet} is not an evidence kind, so its rows would not be imported; rename "
        "it to one of {kinds} (sheets `instructions` and `examples` are not imported)",
        sheet=shown,
        kinds=kinds,
    )
    if near:
        message = M(
            "sheet {sheet} is not an evidence kind, so its rows would not be imported; did "
            "you mean {near}? rename it to one of {kinds} (sheets `instructions` and "
            "`examples` are not imported)",
            sheet=shown,
            near=joined([k for k, _, _ in near], "or"),
            kinds=kinds,
        )
    findings.append(Finding(file=file, location=Location(sheet=title), message=message))
    return 1


def _sheet_rows(
    file: str,
    title: str,
    kind: str,
    sheet: Any,
    errors: dict[tuple[int, int], str],
    findings: list[Finding],
) -> Iterator[RawRow]:
    """The data rows of one sheet; row 1 is the header, as in the template.

    calamine's rows start at the first column that holds anything, so a column index
    is shifted back by that offset; a sheet whose row 1 is empty has no header and so
    no columns (openpyxl read it the same way: nothing). A value merged over rows is
    read in each of them, with a note (`xlsxmerged`).
    """
    if sheet.start is None or sheet.start[0] != 0:
        return
    rows = sheet.iter_rows()
    first = next(rows)
    offset = sheet.end[1] + 1 - len(first)  # the first column calamine left out
    headers: list[Any] = [None] * offset + [_plain(v) for v in first]
    for (r, c), code in errors.items():
        if r == 0 and c < len(headers):
            headers[c] = code
    where = Location(sheet=title, row=1)
    cols = map_header(headers, kind, where, file, letters=True, findings=findings)
    # a `kind` column repeats what the sheet's name says (the CSV reader drops it too)
    plan = [(i - offset, i, f, label) for i, (f, label) in cols.items() if f != "kind"]
    ranges = sheet.merged_cell_ranges  # a value merged over rows is in each of them
    merged = None
    if ranges:
        read = {i: (f, label) for _, i, f, label in plan}
        merged = MergedCells(ranges, headers, read, file=file, sheet=title, findings=findings)
    for number, values in enumerate(rows, start=2):
        cells: dict[str, tuple[str, Any]] = {}
        filled = False
        for j, _, f, label in plan:
            v = values[j]
            t = type(v)
            if t is str:
                if not v:
                    v = None
                elif not filled and not v.isspace():
                    filled = True
            elif t is float:
                filled = True
                if v.is_integer():
                    v = int(v)  # what openpyxl gave for a whole number: 173, not 173.0
            elif t is date:
                filled = True
                v = datetime(v.year, v.month, v.day)  # openpyxl's date cells were datetimes
            else:
                filled = True
            cells[f] = (label, v)
        if errors:
            for _, i, f, label in plan:
                error = errors.get((number - 1, i))
                if error is not None:
                    cells[f] = (label, error)
                    filled = True
        if merged is not None:
            merged.spread(number - 1, cells, filled)
        if filled:
            yield RawRow(file=file, sheet=title, row=number, kind=kind, cells=cells)
    if merged is not None:
        merged.finish()


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> the archive member holding its XML (from the workbook's relations)."""
    with zipfile.ZipFile(path) as zf:
        return _parts(zf)[0]


def _parts(zf: zipfile.ZipFile) -> tuple[dict[str, str], str | None]:
    """Sheet name -> the archive member holding its XML, and the shared strings' member
    (from the workbook's relations)."""
    names = set(zf.namelist())
    book = "xl/workbook.xml"
    for rel in _xml(zf, "_rels/.rels"):
        if rel.get("Type", "").endswith("/officeDocument"):
            book = _target("", rel.get("Target", book))
    base = posixpath.dirname(book)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(book) + ".rels")
    rels = [rel for rel in _xml(zf, rels_part) if _local(rel.tag) == "Relationship"]
    targets = {rel.get("Id"): _target(base, rel.get("Target", "")) for rel in rels}
    strings = next(
        (targets[rel.get("Id")] for rel in rels if rel.get("Type", "").endswith("/sharedStrings")),
        None,
    )
    out: dict[str, str] = {}
    for el in _xml(zf, book):
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        part = targets.get(rid)
        if part in names:
            out[el.get("name", "")] = part
    return out, strings if strings in names else None


def _xml(zf: zipfile.ZipFile, member: str) -> Iterator[Any]:
    from defusedxml.ElementTree import fromstring

    try:
        data = zf.read(member)
    except KeyError:
        return
    yield from fromstring(data).iter()


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _error_cells(path: Path, part: str) -> dict[tuple[int, int], str]:
    """(row, column), 0-based, -> the code of each error cell (#N/A, #DIV/0! ...).

    calamine reads an error cell as an empty one, which would let a failed formula in
    a required column read as "missing" and in any other column vanish. openpyxl read
    the code as the cell's text, so this puts it back, and every field refuses it as a
    failed formula (`evidence.cells`), as it refuses the same code typed as text. A
    formula written without its value (by a program, never by a spreadsheet) is read
    empty too: it comes back as `Uncomputed`, which every field refuses with what to
    do. Both are rare, so only a part in which `_zip_problem` saw `t="e"` or a formula
    is parsed for them (defusedxml: no entities).
    """
    from defusedxml.ElementTree import iterparse

    out: dict[tuple[int, int], str] = {}
    row, col = -1, -1
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        for event, el in iterparse(fh, events=("start", "end")):
            tag = _local(el.tag)
            if event == "start":
                if tag == "row":
                    r = el.get("r")
                    row, col = (int(r) - 1 if r else row + 1), -1
                elif tag == "c":
                    m = _REF.fullmatch(el.get("r") or "")
                    if m:
                        row, col = int(m[2]) - 1, _column_index(m[1])
                    else:
                        col += 1
            elif tag == "c":
                inner = {_local(x.tag): x.text for x in el}
                code = inner.get("v")
                if el.get("t") == "e":
                    if code:
                        out[(row, col)] = code
                elif "f" in inner and not code and el.get("t") not in _TEXT_RESULT:
                    out[(row, col)] = Uncomputed(inner["f"] or "")
                el.clear()
            elif tag == "row":
                el.clear()
    return out


# a formula's value as text: an empty one (`<v></v>`) is the text "" a spreadsheet
# computed (=IF(A2;"";...)); a formula with no value and no such type was never computed
_TEXT_RESULT = ("str", "inlineStr")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _column_index(letters: str) -> int:
    """'A' -> 0, 'AB' -> 27."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1


def _plain(value: Any) -> Any:
    """A calamine value as openpyxl gave it (see `_sheet_rows`), for the header row."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


DAMAGED = "not a readable .xlsx workbook (damaged or truncated; open and save it again)"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Microsoft's compound file: .xls, or encrypted
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted workbook holds
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def _compound_file(path: Path) -> str | None:
    """A problem when the file is Microsoft's compound file, not a zip: a workbook that
    is password-protected (Excel encrypts it into one) or an .xls renamed .xlsx, said so
    that the advice can work ("damaged, save it again" kept the password)."""
    try:
        with path.open("rb") as f:
            if f.read(8) != _OLE:
                return None
            data = f.read(2 * 1024 * 1024)  # the directory names its streams early
    except OSError:
        return None  # the reader that follows says what is wrong with the file
    if _ENCRYPTED in data:
        return (
            "a password-protected workbook: remove the password in Excel (File, "
            "Info, Protect Workbook, Encrypt with Password: empty) and save it"
        )
    return "an Excel 97-2003 workbook (.xls): save it as .xlsx"


def _another_zip(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """A problem when the zip holds no workbook (every workbook's parts are under xl/):
    an .ods or a .docx renamed .xlsx, or a zip of other files, said as what it is."""
    if any(n.startswith("xl/") for n in names):
        return None
    if "mimetype" in names:  # its first bytes only: the sizes are not checked yet
        with zf.open("mimetype") as part:
            if part.read(100).startswith(_ODS):
                return "an OpenDocument spreadsheet (.ods): save it as .xlsx"
    what = "a Word document (.docx)" if "word/document.xml" in names else "a zip of other files"
    return f"not an .xlsx workbook but {what}; give the workbook itself"


def _zip_problem(path: Path) -> tuple[str | None, set[str]]:
    """Refuse truncated files, decompression bombs and entity declarations before
    calamine opens the workbook; also name the parts that may hold error cells.

    The sizes the archive declares are checked first. Then every part is inflated once
    here, through zipfile: calamine's zip reader believes no declared size, so a part
    that inflates past the size it declares is refused here rather than filling
    calamine's memory. A part whose prolog declares an entity is refused as openpyxl
    (through defusedxml) refused it; calamine would not expand it anyway.
    """
    flagged: set[str] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            other = _another_zip(zf, {info.filename for info in infos})
            if other:
                return other, flagged
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED:
                return (
                    f"the workbook would expand to {total / 1e9:.1f} GB; refused "
                    "(a damaged or hostile file)"
                ), flagged
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MAX_PART and ratio > MAX_RATIO:
                    return (
                        f"the workbook part {info.filename} would expand {ratio:,.0f}-fold to "
                        f"{info.file_size / 1e6:,.0f} MB; refused (a damaged or hostile file)"
                    ), flagged
            sheet_parts, strings = _parts(zf)
            # also any sheet the relations do not name: calamine may find it by its path
            sheets = set(sheet_parts.values()) | {
                i.filename for i in infos if "worksheets/" in i.filename.casefold()
            }
            titles = {part: title for title, part in sheet_parts.items()}
            extents = {part: SheetExtent(part, titles.get(part)) for part in sheets}
            strings = max(  # the largest of the shared-string tables calamine might read
                {strings} | {i.filename for i in infos if i.filename.endswith("sharedStrings.xml")},
                key=lambda n: zf.getinfo(n).file_size if n else -1,
            )
            for info in infos:
                problem = _inflate(zf, info, flagged, extents.get(info.filename))
                if problem:
                    return problem, flagged
            for extent in extents.values():
                extent.finish()
                if extent.exact:
                    extent.rescan(zf)
                problem = extent.problem()
                if problem:
                    return problem, flagged
            problem = shared_text(zf, strings, list(extents.values()))
            if problem:
                return problem, flagged
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return DAMAGED, flagged  # also: a bad CRC, an encrypted or a deflate64 part
    except Exception as exc:
        return f"not a readable .xlsx workbook ({exc})", flagged
    return None, flagged


def _inflate(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, flagged: set[str], extent: SheetExtent | None
) -> str | None:
    """Inflate one part, counting: a problem if it is larger than declared or declares
    entities; `flagged` gets its name if it may hold an error cell (`t="e"`); a sheet's
    XML goes through its `extent` (how far its cells reach)."""
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1  # zipfile stops at the declared size: read past it
    size, tail = 0, b""
    with zf.open(probe) as fh:
        while chunk := fh.read(1 << 20):
            if size == 0 and b"<!ENTITY" in chunk:
                return (
                    f"not a readable .xlsx workbook: its part {info.filename} declares XML "
                    "entities, as an entity bomb does; refused"
                )
            size += len(chunk)
            if size > info.file_size:
                return (
                    f"the workbook part {info.filename} inflates past the "
                    f"{info.file_size:,} bytes it declares; refused (a damaged or hostile file)"
                )
            if extent is not None:
                extent.feed(chunk)
            window = tail + chunk
            if b'"e"' in window or b"'e'" in window:  # t="e" (or a false alarm in text)
                flagged.add(info.filename)
            elif b"<f" in window or b":f>" in window or b":f " in window:  # a formula
                flagged.add(info.filename)
            tail = chunk[-2:]
    return None
