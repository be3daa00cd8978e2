"""Turn one cell of a user's file into a field value, or say what is wrong with it.

Spreadsheets, CSV and YAML hand us dates as real date cells, ISO text or `31.12.2024`,
booleans as `yes`/`ano`/`x`, numbers as text in Czech or English notation (read by
`evidence.numbers`: `12 500,50`, `1,250.75`, `45 000 €`); every importer goes through
`coerce` so that a value means the same whatever file it came from, and an error
message tells the user what to type instead (a choice it nearly is: "did you mean",
`evidence.suggest`).

`converter(info)` is that same coercion as a function of one field, built once: an
import of 100,000 rows calls it about 1.3 million times (issue 8). Each converter
takes the values that make up nearly every real cell (a plain string, a date cell,
a whole number) on a short path and hands everything else to `_coerce`, the one full
definition, so the two cannot disagree on anything but speed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from .messages import M, Msg
from .models import FieldInfo
from .numbers import NumberError, not_a_number, read_number
from .suggest import with_suggestion
from .worddates import UnitDate, day_needed, read_words

_TRUE = {"yes", "y", "true", "1", "x", "ano", "a", "ja", "oui", "wahr"}
_FALSE = {"no", "n", "false", "0", "ne", "nein", "non", "falsch", "-"}
_DMY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_LIST_SEP = re.compile(r"[,;]")
_CHOICE_SEP = re.compile(r"[\s-]+")
MAX_TEXT = 10_000
# What a spreadsheet shows in a cell whose formula failed. A CSV export writes it as
# text, and a workbook holds it as an error cell or as text pasted as a value; either
# way it is no title, number or date (a record titled "#REF!" was imported as such).
SPREADSHEET_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
    }
)
# The day numbers of 1954-10-03 .. 2099-12-31: a date cell formatted as General or a
# number shows one, and so does a CSV written from it. Outside, a number is more likely
# something else (a year, a count) than a date.
_DAY_NUMBERS = (20_000, 73_050)
EXACT = 2**53  # integers up to this size survive the trip through a float unchanged

Converter = Callable[[Any], Any]


class CellError(ValueError):
    """A value that cannot become the field's type; the message says what to write.

    `message` is a `Msg` (shown in the reader's language: the web page's import preview
    in Czech); `str()` is its English text, as the command line prints it.
    """

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class Uncomputed(str):
    """A formula cell written without its value, holding the formula's text. Why: a
    spreadsheet saves each formula's last value beside it, but a workbook a program wrote
    (openpyxl, a script's export) may hold the formula alone, which calamine reads as an
    empty cell: '=10+5' participants were left out without a word."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def coerce(info: FieldInfo, value: Any) -> Any:
    """The field's value from a raw cell; None for a blank cell."""
    return converter(info)(value)


_CONVERTERS: dict[tuple[str, str, tuple[str, ...]], Converter] = {}


def converter(info: FieldInfo) -> Converter:
    """`coerce` for one field, as a function of the raw value (built once per field)."""
    key = (info.name, info.type, info.choices)
    conv = _CONVERTERS.get(key)
    if conv is None:
        conv = _CONVERTERS[key] = _build(info)
    return conv


def _build(info: FieldInfo) -> Converter:
    """The short path for `info`'s type; anything it does not take goes to `_coerce`.

    Each short path returns exactly what `_coerce` returns for the values it takes.
    """
    long_ok = info.name == "notes"

    if info.type == "text":

        def text(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is str:
                value = value.strip()
                if not value:
                    return None
                if (len(value) <= MAX_TEXT or long_ok) and not _error_code(value):
                    return value
            return _coerce(info, value)

        return text
    if info.type == "date":

        def day(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is datetime:
                return value.date()
            if type(value) is date:
                return value
            return _coerce(info, value)

        return day
    if info.type == "bool":

        def yes_no(value: Any) -> Any:
            if value is None or value is True or value is False:
                return value
            if type(value) is str:
                text = value.strip().casefold()
                if text in _TRUE:
                    return True
                if text in _FALSE:
                    return False
            return _coerce(info, value)

        return yes_no
    if info.type == "int":

        def whole(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is int and -EXACT <= value <= EXACT:
                return value
            if type(value) is float and value.is_integer():
                return int(value)
            return _coerce(info, value)

        return whole
    if info.type == "float":

        def number(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is float:
                return value
            if type(value) is int and -EXACT <= value <= EXACT:
                return float(value)
            return _coerce(info, value)

        return number
    if info.type == "choice":
        # a casefolded cell that is already a choice is what the full path's normalising
        # would make of it (no choice holds white space or a hyphen)
        plain = frozenset(c for c in info.choices if not _CHOICE_SEP.search(c))

        def choice(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is str:
                text = value.strip().casefold()
                if text in plain:
                    return text
            return _coerce(info, value)

        return choice
    if info.type == "list":

        def items(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is str:
                value = value.strip()
                if not value:
                    return None
                if (len(value) <= MAX_TEXT or long_ok) and not _error_code(value):
                    return tuple(t.strip() for t in _LIST_SEP.split(value) if t.strip())
            return _coerce(info, value)

        return items
    return lambda value: _coerce(info, value)


def _coerce(info: FieldInfo, value: Any) -> Any:
    """The full definition of `coerce`: every type of cell, every message."""
    if type(value) is Uncomputed:
        formula = f"={value[:60]}" if value else "a formula"
        raise CellError(
            M(
                "holds {formula} whose value was never computed (a program wrote the file "
                "without it): open the file in a spreadsheet and save it, or type the value",
                formula=formula,
            )
        )
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        if _error_code(value):
            raise CellError(
                M(
                    "holds the spreadsheet error {code}, not a value (a formula that failed, "
                    "or its result pasted as text): correct the formula in the spreadsheet, or "
                    "type the value",
                    code=value.upper(),
                )
            )
        if len(value) > MAX_TEXT and info.name not in ("notes",):
            raise CellError(
                M(
                    "text of {n} characters is too long (at most {most})",
                    n=len(value),
                    most=MAX_TEXT,
                )
            )
    match info.type:
        case "date":
            return read_date(value)
        case "bool":
            return _bool(value)
        case "int":
            number = _number(value, info.name, whole=True)
            if not math.isfinite(number) or number != int(number):
                raise CellError(M("{value} is not a whole number", value=repr(value)))
            return int(number)
        case "float":
            return _number(value, info.name)
        case "choice":
            return _choice(info, value)
        case "list":
            if isinstance(value, list | tuple):
                return tuple(str(v).strip() for v in value if not is_blank(v))
            return tuple(t.strip() for t in _LIST_SEP.split(str(value)) if t.strip())
        case _:
            if isinstance(value, datetime | date):
                return value.isoformat()[:10]
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value)


def _error_code(text: str) -> bool:
    """Is this (stripped, non-empty) text a spreadsheet's error code? Cheap for the
    short paths: only text that starts with "#" is looked up."""
    return text[:1] == "#" and text.upper() in SPREADSHEET_ERRORS


def parse_date(value: Any) -> date:
    """A day: a date cell, `2024-03-31`, `31.3.2024` or with a month's name ("15. března
    2019"); a whole month or year (`evidence.worddates`) is refused: a day is needed."""
    read = read_date(value)
    if isinstance(read, UnitDate):
        raise CellError(day_needed(read))
    return read


def read_date(value: Any) -> date | UnitDate:
    """A date field's value: a day, or a whole month or year ("leden 2025", "2019")
    that `evidence.worddates.settle_units` makes the row's `date_precision`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a year typed into a number cell: 2019.0
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(text)
        if not m:
            read = read_words(text)
            if isinstance(read, Msg):
                raise CellError(read)
            if read is None:
                refusal = M(
                    "{value} is not a date; write 2024-03-31 or 31.3.2024", value=repr(text[:40])
                )
                raise CellError(_day_number_hint(value, refusal))
            return read
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise CellError(M("{value} is not a real date (no such day)", value=repr(text))) from None


def _day_number_hint(value: Any, refusal: Msg) -> Msg:
    """`refusal`, with the date a spreadsheet's day number stands for when `value` looks
    like one (45678 is 2025-01-21 in Excel's and LibreOffice's count from 1899-12-30).
    Why: a date cell formatted as General shows the number, and "'45678' is not a date"
    left the user to guess what happened to their date."""
    if isinstance(value, bool):
        return refusal
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        return refusal
    if not (math.isfinite(number) and _DAY_NUMBERS[0] <= number <= _DAY_NUMBERS[1]):
        return refusal
    day = date(1899, 12, 30) + timedelta(days=int(number))
    return M(
        "{refusal} (it looks like a spreadsheet's day number, which is {day}: format the "
        "cell as a date, or type the date)",
        refusal=refusal,
        day=day.isoformat(),
    )


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(M("{value} is not yes or no", value=repr(value)))


def _number(value: Any, field: str, *, whole: bool = False) -> float:
    """A number cell, or text in any notation `evidence.numbers` reads for `field`."""
    if isinstance(value, bool):
        raise CellError(not_a_number(repr(value)))
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an integer beyond any float
            raise CellError(not_a_number(repr(str(value)[:40]))) from None
    if not isinstance(value, str):
        raise CellError(not_a_number(repr(str(value)[:40])))
    try:
        return read_number(value, field, whole=whole)
    except NumberError as exc:
        raise CellError(exc.message) from None


def as_name(text: str) -> str:
    """A word as choices, tags and column names are stored: trimmed, lower case, each
    run of spaces and hyphens one underscore ("Circular Economy" -> circular_economy)."""
    return _CHOICE_SEP.sub("_", text.strip().casefold())


def _choice(info: FieldInfo, value: Any) -> str:
    text = str(value).strip()
    norm = as_name(text)
    if norm in info.choices:
        return norm
    refusal = M(
        "{value} is not one of: {choices}", value=repr(text[:40]), choices=", ".join(info.choices)
    )
    raise CellError(with_suggestion(refusal, norm, info.choices))
