"""How much memory a workbook's sheets would take in calamine, found before it opens them.

Why: calamine holds a sheet as one dense grid of 32-byte cells spanning every cell that
holds anything, and copies a shared string into every cell that refers to it. So a 4.7 KB
workbook with one cell at XFD1048576 asks for 550 GB (the process aborts: a Rust
allocation failure cannot be caught), a cell at XFD20000 takes more than 4 GB, and a
3.4 MB workbook whose 110,000 cells all refer to one 32,767-character string takes more
than 10 GB. Neither the archive's sizes nor its compression ratio show this.

`SheetExtent` is fed a sheet part's XML as it is inflated (in chunks, by `xlsx._inflate`)
and follows rows and cells as calamine does: a cell's `r="XFD20000"` where it has one, the
next column (or row) where it has none; an empty cell (`<c r=".."/>`) takes no room in
calamine and is not counted. The declared `<dimension ref>` is not believed either way:
calamine does not allocate by it (a workbook declaring A1:XFD1048576 over two rows reads
in 78 MB), and a hostile file can declare a small one over a huge sheet.

The text the shared-string cells refer to is bounded cheaply first (cells x the largest
string), then by each string's bytes (a pattern over the part); only when that bound is
over the limit are the strings' lengths read exactly (`shared_text`), a few seconds for
a very large workbook.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections import Counter
from typing import IO

MAX_CELLS = 20_000_000  # rows x columns of one sheet's extent: about 640 MB in calamine
MAX_SHARED_TEXT = 100_000_000  # characters of shared strings the cells of a workbook refer to
MAX_TAG = 65_536  # bytes of one start tag; a longer one could hide a cell reference

# one start tag of a row or a cell (any namespace prefix); attribute values may hold ">"
_TAG = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)((?:\s(?:[^<>"']|"[^"<]*"|'[^'<]*')*)?)(/?)>"""
)
_R = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_SHARED = re.compile(rb"""\st\s*=\s*["']s["']""")
_V = re.compile(rb"\s*<(?:[A-Za-z_][\w.-]*:)?v>\s*([0-9]{1,12})\s*<")
_REF = re.compile(rb"\$?([A-Za-z]{1,7})\$?([0-9]{1,12})")


# the fast way: patterns that start with a literal, which the regex engine skips to
_CELL_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")  # what may follow "<c" in a cell
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,7})([0-9]{1,12})"')
_PLAIN_SHARED = re.compile(rb't="s"[^<>]*><v>([0-9]{1,12})</v>')
MAX_TAIL = 4_000_000


class SheetExtent:
    """The rows, columns and shared-string cells of one sheet, from its XML in chunks.

    Two ways: `feed` collects every cell reference with a few regular expressions run
    in C (about 3 s for a million cells on a loaded machine, calamine's own read time),
    which is exact when every cell names its place
    (`r="B7"`, as Excel, LibreOffice and openpyxl write); when some cell does not, or the
    extent is over the limit (empty cells may be among those counted), `exact` is set and
    the part is read again through `rescan`, which follows rows and cells one tag at a
    time as calamine does (about 10 s for a million cells on a loaded machine).
    """

    def __init__(self, part: str, title: str | None = None) -> None:
        self.part = part
        self.title = title
        self.rows = self.columns = 0  # the extent: the highest row and column holding a cell
        self.shared_cells = 0  # cells of type "s" (a shared string)
        self.shared: Counter[bytes] = Counter()  # shared string index -> cells referring to it
        self.too_long_tag = False
        self.exact = False  # set: `feed` could not be sure; `rescan` the part
        self._scanning = False
        self._row = self._col = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        if self._scanning:
            self._exact(self._split(chunk))
            return
        data = self._tail + chunk if self._tail else chunk
        cut = max(data.rfind(b"<c "), data.rfind(b"<row"))  # the last cell or row may go on
        if cut > 0 and len(data) - cut < MAX_TAIL:
            data, self._tail = data[:cut], data[cut:]
        else:
            self._tail = b""
        cells = sum(data.count(b"<c" + end) for end in _CELL_ENDS)
        refs = _PLAIN_REF.findall(data)
        if len(refs) != cells or _PREFIXED.search(data):
            self.exact = True
        if refs:
            letters, digits = zip(*refs, strict=True)
            self.rows = max(self.rows, *map(int, digits))
            self.columns = max(self.columns, *map(_column_number, set(letters)))
        values = _PLAIN_SHARED.findall(data)
        if len(values) != data.count(b't="s"') or b"t='s'" in data:
            self.exact = True
        self.shared.update(values)
        self.shared_cells += len(values)

    def finish(self) -> None:
        """The part ended: what is left in the tail is the last row."""
        tail, self._tail = self._tail, b""
        if tail:
            self.feed(tail)
            self._tail = b""
        if self.rows * self.columns > MAX_CELLS:
            self.exact = True  # empty cells may be among those counted: count as calamine does

    def rescan(self, zf: zipfile.ZipFile) -> None:
        """Read the part again, one tag at a time (`exact`)."""
        self.rows = self.columns = self.shared_cells = self._row = self._col = 0
        self.shared.clear()
        self._scanning, self._tail = True, b""
        with zf.open(self.part) as fh:
            while chunk := fh.read(1 << 20):
                self._exact(self._split(chunk))
        self._scanning = False

    def _split(self, chunk: bytes) -> bytes:
        data = self._tail + chunk if self._tail else chunk
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:  # a tag split by the chunk: keep its start
            data, self._tail = data[:cut], data[cut:]
            if len(self._tail) > MAX_TAG:
                self.too_long_tag = True
                self._tail = b""
        else:
            self._tail = b""
        return data

    def _exact(self, data: bytes) -> None:
        for m in _TAG.finditer(data):
            attrs = m[2]
            empty = bool(m[3]) or attrs.endswith(b"/")  # <c .../>: calamine leaves it out
            shared = m[1] == b"c" and not empty and _SHARED.search(attrs)
            if shared:
                v = _V.match(data, m.end())
                if v is None and len(data) - m.end() < 256:  # its value may be in the next chunk
                    self._tail = data[m.start() :] + self._tail
                    return
                if v is not None:
                    self.shared[v[1]] += 1
            r = _R.search(attrs) if attrs else None
            if m[1] == b"row":
                ref = r and r[1]
                self._row = int(ref) if ref and ref.isdigit() and len(ref) < 13 else self._row + 1
                self._col = 0
                continue
            ref_m = r and _REF.fullmatch(r[1])
            if ref_m:
                self._row, self._col = int(ref_m[2]), _column_number(ref_m[1])
            else:
                self._col += 1
            if empty:
                continue
            self.rows = max(self.rows, self._row)
            self.columns = max(self.columns, self._col)
            if shared:
                self.shared_cells += 1

    def problem(self) -> str | None:
        if self.too_long_tag:
            return (
                f"the workbook part {self.part} has a tag longer than {MAX_TAG:,} bytes; "
                "refused (a damaged or hostile file)"
            )
        cells = self.rows * self.columns
        if cells > MAX_CELLS:
            return (
                f"{'sheet ' + repr(self.title) if self.title else 'the sheet'} ({self.part}) "
                f"reaches cell {_column_letters(self.columns)}"
                f"{self.rows}: {self.rows:,} rows x {self.columns:,} columns = {cells:,} "
                f"cells, over the {MAX_CELLS:,} cells (rows x columns) a sheet may span; "
                "delete the cells beyond your data (or split the sheet) and save it again"
            )
        return None


def _column_number(letters: bytes) -> int:
    """b'A' -> 1, b'XFD' -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


def shared_text(
    zf: zipfile.ZipFile, strings_part: str | None, sheets: list[SheetExtent]
) -> str | None:
    """A problem when the shared strings the sheets' cells refer to add up to more than
    `MAX_SHARED_TEXT` characters (each cell gets its own copy in calamine)."""
    cells = sum(s.shared_cells for s in sheets)
    if not cells or not strings_part:
        return None
    try:
        largest = zf.getinfo(strings_part).file_size  # no string is longer than its part
    except KeyError:
        return None
    if cells * largest <= MAX_SHARED_TEXT:
        return None
    if largest <= BOUND_PART:  # each string's bytes bound its characters
        bounds = _string_bytes(zf.read(strings_part))
        if bounds is not None and _referred(sheets, bounds) <= MAX_SHARED_TEXT:
            return None
    with zf.open(strings_part) as fh:
        total = _referred(sheets, _string_lengths(fh))
    if total <= MAX_SHARED_TEXT:
        return None
    return (
        f"the workbook's cells refer to {total:,} characters of shared strings "
        f"({strings_part}), over the {MAX_SHARED_TEXT:,} characters read; refused "
        "(a damaged or hostile file, or split the workbook)"
    )


def _referred(sheets: list[SheetExtent], lengths: array[int]) -> int:
    """The characters (at most) of shared strings the sheets' cells refer to."""
    total = 0
    for sheet in sheets:
        for index, n in sheet.shared.items():
            i = int(index)
            if i < len(lengths):
                total += n * lengths[i]
    return total


# a shared string's start tag, end tag (group 1 "/") or empty tag (group 2 "/"), under any
# prefix (any characters but those that end a name: a prefix may be "é")
_SI = re.compile(rb"<(/?)(?:[^\s<>/:!?=\"']+:)?si(?=[\s/>])[^<>]*?(/?)>")
_ANY_TAG = re.compile(rb"<[^<>]*>")  # any tag, as far as its first ">"
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml[^<>]*\?>)?\s*<")
BOUND_PART = 64 << 20  # bytes of a shared-strings part read whole to bound its strings


def _string_bytes(data: bytes) -> array[int] | None:
    """For each shared string (`<si>`) of the part `data`, in order, the bytes of its
    element: more than its characters (a character takes at least a byte, an entity or
    the markup more), found by patterns run in C, under half of parsing the part
    (`_string_lengths`: 0.18 s against 0.46 s for a 100,000-row workbook's 6 MB), which
    is then needed only when this bound is over the limit.

    Sound only for plain XML in UTF-8, where every "<" starts a tag: None (and the part
    is parsed) when it is not so, that is, when it is in another encoding (UTF-16), holds
    a comment, CDATA, a document type or a processing instruction but the declaration
    (any of which may hold "<si>"), a "<" that is not a tag's (one in an attribute's
    value, which a parser refuses or reads otherwise), or tags of strings that do not
    alternate start, end (one inside another)."""
    if not _DECLARATION.match(data) or b"<!" in data or data.count(b"<?") > 1:
        return None
    if data.count(b"<?") == 1 and not data.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"):
        return None
    if _ANY_TAG.subn(b"", data)[1] != data.count(b"<"):
        return None
    spans: array[int] = array("q")
    opened = -1
    for m in _SI.finditer(data):
        if m.group(1):  # </si>
            if opened < 0:
                return None
            spans.append(m.end() - opened)
            opened = -1
        elif opened >= 0:
            return None
        elif m.group(2):  # <si/>: an empty string
            spans.append(m.end() - m.start())
        else:
            opened = m.start()
    return None if opened >= 0 else spans


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _string_lengths(fh: IO[bytes]) -> array[int]:
    """The length in characters of each shared string (`<si>`), in order."""
    from defusedxml.ElementTree import iterparse

    out: array[int] = array("q")
    n = 0
    for event, el in iterparse(fh, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start":
            if tag == "si":
                n = 0
            continue
        if tag == "t":
            n += len(el.text or "")
        elif tag == "si":
            out.append(n)
            el.clear()
    return out
