"""What every record's values must be on the way in, in one pass over a row's values.

Why a module of its own, and one pass: these rules (no control characters in text, the
numbers and dates both stores hold, the 15 digits a spreadsheet keeps) were three
pydantic validators on every field ("*"), so a row of twelve fields called Python 36
times, with a `ValidationInfo` built for each call: about a third of an import's
validation (issue 19: 4.1 s of 100,000 rows' 4.5 s validation was the records' model).
`Record._edges` (a wrap validator) now calls `cleaned` on the row before pydantic
validates it and `held` on the record after, once each.

The rules are the same and so are the errors: each problem is a pydantic `value_error`
at its field (`loc`), in field order, together with the model's own errors, so that an
import still lists every problem of a row with its column. Values that arrive typed are
checked before pydantic (as the per-field validators were, whatever else failed); one
that arrives as text (a date or number pydantic parses) is checked on the record, so
only once the rest of the row is valid. A record read back from a
store (`make_record(stored=True)`) is taken as it is (a program other than clex may have
written it, or a value may be from before a rule), save for its numbers' 15 digits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Iterable
from datetime import date
from typing import Any, get_args

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

# What both stores hold, so that a file SQLite takes PostgreSQL takes too (issue 21): an
# integer column is PostgreSQL's `integer` (4 bytes; SQLite's would take 8), a number is
# finite (an infinity or NaN is exported as an empty cell and read back as 0), a date lies
# in a span an assessment can compute with (a period's end plus a day, a month's end).
STORE_INT_MAX = 2**31 - 1
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_KNOWN_TYPES = frozenset(get_args(ErrorType))

Problem = tuple[str, str, Any]  # (field, message, the value given)


def clean_text(text: str) -> str:
    """Line ends become \\n; other control characters are refused (no spreadsheet or PDF
    can hold them, and they are never meant)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X} at "
            f"position {bad.start() + 1}; remove it"
        )
    return text


def cleaned(
    data: dict[str, Any], fields: Container[str], problems: list[Problem]
) -> dict[str, Any]:
    """`data` with the text of its `fields` cleaned (`clean_text`, in lists and tuples
    too) and their values that arrive typed (a workbook's numbers and dates: every
    importer's converters type them) held to the store's bounds, before pydantic
    validates the rest, so that a row's problems all show at once, as the validators
    of each field gave them. A refused value goes to `problems` and its field is left
    out (pydantic's "required" for it is dropped by `invalid`); a name that is no field
    is left to pydantic ("extra inputs are not permitted"). Dates and whole numbers are
    told by their exact type and let through by one comparison, the message made only
    for a value refused: this runs for every field of every row."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        kind = value.__class__
        try:
            if name not in fields or value is None or kind is bool:
                pass
            elif isinstance(value, str):
                if "\r" in value or _CONTROL.search(value):
                    value = clean_text(value)
            elif kind is date:
                if not FIRST_DAY <= value <= LAST_DAY:
                    _check(value)
            elif kind is int:
                if not -STORE_INT_MAX <= value <= STORE_INT_MAX:
                    _check(value)
            elif isinstance(value, tuple | list):
                if any(isinstance(v, str) for v in value):
                    value = kind(clean_text(v) if isinstance(v, str) else v for v in value)
            else:
                _check(value)  # a float, or a subclass of date or int
        except ValueError as exc:
            problems.append((name, str(exc), value))
            continue
        out[name] = value
    return out


def held(values: dict[str, Any], problems: list[Problem], *, stored: bool) -> dict[str, Any]:
    """The fields whose numbers change to the 15 significant digits a spreadsheet keeps
    (so that a record read back from an exported workbook is the record written); each
    number or date beyond what both stores hold goes to `problems` (not for `stored`)."""
    changed: dict[str, Any] = {}
    for name, value in values.items():
        kind = value.__class__
        if value is None or kind is str or kind is bool or kind is tuple:
            continue
        if isinstance(value, float):
            kept = float(f"{value:.15g}")
            if kept != value:
                changed[name] = kept
        if stored:
            continue
        if kind is int and -STORE_INT_MAX <= value <= STORE_INT_MAX:
            continue
        if kind is date and FIRST_DAY <= value <= LAST_DAY:
            continue
        try:
            _check(value)
        except ValueError as exc:
            problems.append((name, str(exc), value))
    return changed


def _check(value: Any) -> None:
    """Whole numbers, numbers and dates within what both stores hold: refused at the edge
    with the limit named, never a database error."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number; write a number such as 1250.5")
    elif isinstance(value, date):
        if not FIRST_DAY <= value <= LAST_DAY:
            raise ValueError(f"{value} is outside the dates clex takes ({FIRST_DAY} to {LAST_DAY})")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > STORE_INT_MAX:
        raise ValueError(f"{_short(value)} is too large: at most {STORE_INT_MAX:,}")


def _short(number: int) -> str:
    """A whole number as a message shows it: 2147483648, or 1.0e+300 when it is long."""
    text = str(number)
    if len(text) <= 20:
        return text
    if len(text) < 309:  # a float holds it
        return f"{float(number):.1e}"
    return text[:12] + "..."


def invalid(
    title: str, fields: Iterable[str], problems: list[Problem], exc: ValidationError | None
) -> ValidationError:
    """One `ValidationError` of `problems` and `exc`'s errors, in the order of `fields`
    (then the model's own, located nowhere), as pydantic's field validators gave them."""
    order = {name: n for n, name in enumerate(fields)}
    details: list[tuple[int, InitErrorDetails]] = [
        (
            order.get(name, len(order)),
            InitErrorDetails(
                type="value_error", loc=(name,), input=value, ctx={"error": ValueError(message)}
            ),
        )
        for name, message, value in problems
    ]
    refused = {name for name, _, _ in problems}  # one problem a field, as a validator gave
    for err in exc.errors(include_url=False) if exc is not None else ():
        loc = err["loc"]
        if loc and loc[0] in refused:
            continue
        where = order.get(str(loc[0]), len(order)) if loc else len(order) + 1
        details.append((where, _detail(err)))
    details.sort(key=lambda d: d[0])  # stable: each field's problems keep their order
    return ValidationError.from_exception_data(title, [d for _, d in details])


def _detail(err: Any) -> InitErrorDetails:
    """A pydantic error as it was, to raise again among others."""
    if err["type"] in _KNOWN_TYPES:
        detail = InitErrorDetails(type=err["type"], loc=err["loc"], input=err["input"])
        if err.get("ctx"):
            detail["ctx"] = err["ctx"]
        return detail
    custom = PydanticCustomError(err["type"], "{message}", {"message": err["msg"]})
    return InitErrorDetails(type=custom, loc=err["loc"], input=err["input"])
