"""Turn one cell of a user's file into a field value, or say what is wrong with it.

Spreadsheets, CSV and YAML hand us dates as real date cells, ISO text or `31.12.2024`,
booleans as `yes`/`ano`/`x`, numbers as text; every importer goes through `coerce` so
that a value means the same whatever file it came from, and an error message tells the
user what to type instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from .models import FieldInfo

_TRUE = {"yes", "y", "true", "1", "x", "ano", "a", "ja", "oui", "wahr"}
_FALSE = {"no", "n", "false", "0", "ne", "nein", "non", "falsch", "-"}
_DMY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
MAX_TEXT = 10_000


class CellError(ValueError):
    """A value that cannot become the field's type; the message says what to write."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def coerce(info: FieldInfo, value: Any) -> Any:
    """The field's value from a raw cell; None for a blank cell."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_TEXT and info.name not in ("notes",):
            raise CellError(f"text of {len(value):,} characters is too long (at most {MAX_TEXT:,})")
    match info.type:
        case "date":
            return parse_date(value)
        case "bool":
            return _bool(value)
        case "int":
            number = _number(value)
            if number != int(number):
                raise CellError(f"{value!r} is not a whole number")
            return int(number)
        case "float":
            return _number(value)
        case "choice":
            return _choice(info, value)
        case "list":
            if isinstance(value, list | tuple):
                return tuple(str(v).strip() for v in value if not is_blank(v))
            return tuple(t.strip() for t in re.split(r"[,;]", str(value)) if t.strip())
        case _:
            if isinstance(value, datetime | date):
                return value.isoformat()[:10]
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value)


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(text)
        if not m:
            raise CellError(f"{text[:40]!r} is not a date; write 2024-03-31 or 31.3.2024")
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise CellError(f"{text!r} is not a real date (no such day)") from None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{value!r} is not yes or no")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise CellError(f"{str(value)[:40]!r} is not a number") from None


def _choice(info: FieldInfo, value: Any) -> str:
    text = str(value).strip()
    norm = re.sub(r"[\s-]+", "_", text.casefold())
    if norm in info.choices:
        return norm
    raise CellError(f"{text[:40]!r} is not one of: {', '.join(info.choices)}")
