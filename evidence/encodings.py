"""Which encoding a CSV file was saved in, and its text.

Excel on a Czech Windows saves "CSV" in Windows-1250 and "Unicode text" in UTF-16;
LibreOffice asks, and people pick whatever is offered. Refusing everything but UTF-8
sent managers off to find a setting they had never seen, so a CSV file is read as:

1. UTF-8 (with or without a byte-order mark) when it is valid UTF-8: by far the most
   common, and a file that is valid UTF-8 almost never was meant as anything else;
2. UTF-16 when it starts with a UTF-16 byte-order mark, or when its bytes show the
   zeros UTF-16 puts beside every ASCII letter (saved without a mark);
3. otherwise what charset-normalizer finds among the encodings European spreadsheets
   save in (`CANDIDATES`), with the encoding named in a warning ("read as Windows-1250
   (Central European)") so the manager can check the accented letters.

A file that is UTF-8 in places and something else in others (two files pasted
together), or that no candidate reads without nonsense, is refused, located at its
first byte that is not UTF-8, with the one advice that always works: save as UTF-8.

UTF-16 without a mark is looked for before UTF-8: text of ASCII letters in UTF-16 is
valid UTF-8 too (a zero byte is a character), and was read as letters with a zero
between each, so a page gave "no items found" and a CSV "title is required". A file
that is no text at all is named as what it is, with what to do, rather than as an
encoding no one can find: gzip-compressed (a page saved by a download tool, a `.gz`
renamed), a zip archive, and text in EBCDIC (a mainframe's encoding).
"""

from __future__ import annotations

import codecs
import re

from .messages import M, Msg, Text

# what European spreadsheets save "CSV" or "text" in; charset-normalizer chooses among
# these only, so a file of Czech is not read as, say, Ukrainian DOS, and bytes no
# spreadsheet wrote are refused rather than read as a code page that takes any byte
# (DOS 852, Mac Central European)
CANDIDATES = (
    "cp1250", "cp1252", "iso8859_2", "iso8859_15", "utf_16", "utf_16_le", "utf_16_be",
)  # fmt: skip
NAMES = {
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 (little-endian, without a byte-order mark)",
    "utf_16_be": "UTF-16 (big-endian, without a byte-order mark)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1252": "Windows-1252 (Western European)",
    "iso8859_2": "ISO-8859-2 (Central European)",
    "iso8859_15": "ISO-8859-15 (Western European)",
}
# a UTF-8 sequence of two to four bytes: such sequences beside bytes that are not
# UTF-8 mean a file of mixed encodings, which no single encoding reads right
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class EncodingError(ValueError):
    """No one encoding reads the file; `byte` is where UTF-8 stops reading it.
    `message`: what to tell the user (a `Msg` where the file is no text at all)."""

    def __init__(self, message: Text, byte: int) -> None:
        super().__init__(str(message))
        self.message = message
        self.byte = byte


def decode(raw: bytes, what: str = "CSV") -> tuple[str, str]:
    """(the file's text, the encoding it was read as: a Python codec name).

    An HTML page is read in the charset it declares (`<meta charset>`) when that reads
    it. Raises `EncodingError` when no one encoding reads the file; `what` names the file
    in its advice ("save the CSV as UTF-8").
    """
    packed = _not_text(raw)
    if packed is not None:
        raise EncodingError(packed, 0)
    if what == "page" and (declared := _declared(raw)) is not None:
        try:
            return raw.decode(declared), codecs.lookup(declared).name.replace("-", "_")
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _decode(raw)
    except EncodingError as exc:
        message = exc.message
        if isinstance(message, str):
            message = message.replace("save the CSV", f"save the {what}")
        raise EncodingError(message, exc.byte) from None


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_-]{2,40})""", re.I)


_GZIP = b"\x1f\x8b"
_ZIP = b"PK\x03\x04"


def _not_text(raw: bytes) -> Msg | None:
    """What the file is, and what to do, when it is no text file at all."""
    if raw.startswith(_GZIP):
        return M(
            "a gzip-compressed file, not text: decompress it (gunzip, or 7-Zip on Windows) "
            "and import the file it holds"
        )
    if raw.startswith(_ZIP):
        return M(
            "a zip archive (or an Office document), not text: extract the file it holds, "
            "or save the document as HTML or CSV"
        )
    if _looks_ebcdic(raw):
        return M(
            "text in EBCDIC (a mainframe's encoding): convert it to UTF-8 (iconv -f CP500 "
            "-t UTF-8), or save it again as UTF-8"
        )
    return None


def _looks_ebcdic(raw: bytes) -> bool:
    """Text in EBCDIC: no byte is an ASCII space or a line feed, and read as EBCDIC
    (code page 500) nearly all of it is plain ASCII text."""
    sample = raw[:4096]
    if len(sample) < 16 or b" " in sample or b"\n" in sample or sample.count(0x40) < 2:
        return False
    text = sample.decode("cp500")
    plain = sum(1 for ch in text if ch in "\x85\r\n\t" or (ch.isascii() and ch.isprintable()))
    return plain >= 0.95 * len(text)


def _declared(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if any."""
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf_16"), "utf_16"
        except UnicodeDecodeError as exc:
            raise EncodingError(_refusal("UTF-16 with a byte-order mark"), exc.start) from None
    if _looks_utf16(raw):
        endian = "utf_16_le" if raw[1:2] == b"\x00" else "utf_16_be"
        try:
            return raw.decode(endian), endian
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf_8_sig"), "utf_8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(raw):
        raise EncodingError(
            "mostly UTF-8 but not all of it (the file mixes encodings); "
            + _refusal("any one encoding"),
            first_bad,
        )
    found = _detect(raw)
    if found is None:
        raise EncodingError(_refusal("UTF-8 or any encoding a spreadsheet saves in"), first_bad)
    try:
        return raw.decode(found).removeprefix("\ufeff"), found
    except UnicodeDecodeError:
        raise EncodingError(_refusal(NAMES.get(found, found)), first_bad) from None


def name(codec: str) -> str:
    """A codec as a person knows it: cp1250 -> "Windows-1250 (Central European)"."""
    return NAMES.get(codec, codec.replace("_", "-").upper())


def _refusal(tried: str) -> str:
    return f"not valid UTF-8, and not readable as {tried}; save the CSV as UTF-8"


def _looks_utf16(raw: bytes) -> bool:
    """Half the bytes zero, all on one side: ASCII text in UTF-16 without a mark."""
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) >= 0.6 * half and min(even, odd) <= 0.05 * half


def _detect(raw: bytes) -> str | None:
    """charset-normalizer's choice among `CANDIDATES`, or None when none reads `raw`.

    Code pages that read the file equally well by charset-normalizer's measure (it
    finds no nonsense in either) are told apart by what they make of the bytes above
    ASCII: the one that reads more of them as letters wins (ISO-8859-2's `Žluťoučký`
    is Windows-1250's `®lu»oučký`); a tie keeps charset-normalizer's order.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw, cp_isolation=list(CANDIDATES)))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    fitting = [str(m.encoding) for m in matches if m.chaos <= least]
    sample = raw[:65536]
    return max(fitting, key=lambda codec: _letters(sample, codec))


def _letters(sample: bytes, codec: str) -> int:
    text = sample.decode(codec, errors="ignore")
    return sum(1 for ch in text if ord(ch) > 127 and ch.isalpha())
