"""Numbers as people type them into Czech and English spreadsheets.

A cluster manager pastes `12.500,50`, `12 500,50` (with the no-break space Excel puts
there), `1,250.75`, `45 000 €`, `€45,000` or `EUR 45000` into a text cell or a CSV
file; each of those is one number, and refusing it only teaches people to retype
their books. Why a module of its own: the notation is a small grammar with a few
traps, and `evidence.cells` (which turns any cell into any field) stays readable by
handing every number written as text to `read_number` here.

The rules, in the order they are applied:

- a sign (`-`, `−`), a currency (`€`, `EUR`, `Kč`, `CZK`, `$` ...) before or after the
  number, a Czech `,-` ("whole crowns") and a percent sign are split off; a currency is
  allowed only in a `*_eur` field and only in euro (`45 000 Kč` is refused with "amount
  in CZK: convert to EUR": converting needs a date and a rate, which is the manager's
  call), a percent sign only in a field on a 0-100 scale (`PERCENT_FIELDS`);
- spaces (plain, no-break, narrow no-break, thin) separate thousands only: the groups
  after the first hold three digits;
- with both `,` and `.`, the last one is the decimal separator (`12.500,50`,
  `1,250.75`); two or more of the same separate thousands (`1.250.000`, `1,250,000`);
- one `,` or `.` followed by exactly three digits (`1,250`, `1.250`) can be either. It
  is a thousands separator in a whole-number field and in an amount of money (euro
  are never written to three decimals). In any other field (hours, fte, satisfaction)
  the rest of the column decides (`evidence.readers.numbercolumns`, with `notation`
  and `settle`): a column writing decimal commas (`7,5`) reads `1.250` as 1250 (a point
  between digit groups separates thousands in Czech and German notation) and `1,250`
  as 1.25; one writing decimal points reads `1,250` as 1250 and `1.250` as 1.25. When
  nothing there tells, `1.250` keeps its old meaning, 1.25, and `1,250` is ambiguous
  (`Ambiguous`): the cell is refused with both readings named. Every reading the cell
  does not give alone is said at import with a warning naming the cell, the reading
  and how to write it unambiguously.

Anything else falls back to Python's own reading (`1e5`), as before.
"""

from __future__ import annotations

import re
from typing import Literal

from .messages import M, Msg

SPACES = " \u00a0\u202f\u2009"
PERCENT_FIELDS = frozenset({"satisfaction"})
CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "eura": "EUR", "eur.": "EUR",
    "kč": "CZK", "kc": "CZK", "czk": "CZK", "kč.": "CZK",
    "$": "USD", "usd": "USD", "us$": "USD", "£": "GBP", "gbp": "GBP",
    "zł": "PLN", "zl": "PLN", "pln": "PLN", "ft": "HUF", "huf": "HUF", "chf": "CHF",
}  # fmt: skip

Notation = Literal["comma", "point"]  # which character a column uses as decimal separator

_HEAD = re.compile(r"^(?P<unit>€|\$|£|us\$|[^\W\d_]{2,4}\.?)\s*", re.IGNORECASE)
_TAIL = re.compile(r"\s*(?P<unit>€|\$|£|%|[^\W\d_]{2,4}\.?)$", re.IGNORECASE)
_WHOLE = re.compile(r"[,.][-\u2013\u2014]$")  # 45 000,- : whole crowns (or euro)
_SPACE_RUN = re.compile(f"[{SPACES}]+")
_DIGITS = re.compile(r"\d+")
_THREE = re.compile(r"(\d{1,3})([,.])(\d{3})")


class NumberError(ValueError):
    """Text that is not a number of the field; the message says what to write.

    `message` is a `Msg` (the reader's language); `str()` its English text.
    """

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def not_a_number(shown: str) -> Msg:
    """ "'abc' is not a number" (`shown`: the value as the user wrote it, quoted)."""
    return M("{value} is not a number", value=shown)


class Ambiguous(NumberError):
    """`1,250` where nothing says whether the comma separates thousands or decimals."""


def read_number(text: str, field: str, *, whole: bool = False) -> float:
    """The number `text` writes, for `field` (`whole`: the field holds whole numbers).

    Raises `NumberError` (`Ambiguous` for `1,250` in a field that could hold 1.25).
    """
    shown = text.strip()[:40]
    head, sign, body, tail = split(text)
    _check_units(shown, field, head, tail)
    if not body:
        raise NumberError(not_a_number(repr(shown)))
    thousands = whole or field.endswith("_eur")
    value = _body(body, thousands=thousands)
    if value is None:
        m = _THREE.fullmatch(body)
        if m and m.group(2) == ",":
            big, small = m.group(1) + m.group(3), f"{float(m.group(1) + '.' + m.group(3)):g}"
            raise Ambiguous(
                M(
                    "{value} can be read two ways: {big} (the comma separating thousands) "
                    "or {small} (a decimal comma), and nothing else in the column tells "
                    "which; write {big} or {decimal}",
                    value=repr(shown),
                    big=big,
                    small=small,
                    decimal=small.replace(".", ","),
                )
            )
        try:  # Python's own reading: 1e5, inf (a finite whole number is checked later)
            value = float(body.replace(",", "."))
        except ValueError:
            raise NumberError(not_a_number(repr(shown))) from None
    return -value if sign else value


def split(text: str) -> tuple[str, str, str, str]:
    """(unit before, sign, the number, unit after) of `text`; units casefolded."""
    rest = text.strip()
    head = tail = ""
    m = _HEAD.match(rest)
    if m:
        head, rest = m.group("unit").casefold(), rest[m.end() :]
    sign = ""
    if rest[:1] in ("-", "\u2212"):
        sign, rest = "-", rest[1:].lstrip(SPACES)
    elif rest[:1] == "+":
        rest = rest[1:].lstrip(SPACES)
    m = _TAIL.search(rest)
    if m:
        tail, rest = m.group("unit").casefold(), rest[: m.start()]
    rest = _WHOLE.sub("", rest.strip(SPACES))
    return head, sign, rest, tail


def _check_units(shown: str, field: str, head: str, tail: str) -> None:
    units = [u for u in (head, tail) if u]
    if not units:
        return
    if len(units) == 2:
        raise NumberError(not_a_number(repr(shown)))
    unit = units[0]
    if unit == "%":
        if field in PERCENT_FIELDS:
            return
        raise NumberError(
            M(
                "{value} is a percentage; {field} takes a plain number (a percent sign "
                "only goes in {fields})",
                value=repr(shown),
                field=field,
                fields=", ".join(sorted(PERCENT_FIELDS)),
            )
        )
    code = CURRENCIES.get(unit)
    if code is None:
        raise NumberError(not_a_number(repr(shown)))
    if not field.endswith("_eur"):
        raise NumberError(
            M(
                "{value} is an amount of money; {field} takes a plain number",
                value=repr(shown),
                field=field,
            )
        )
    if code != "EUR":
        raise NumberError(
            M(
                "{value} is an amount in {code}: convert to EUR ({field} holds euro; "
                "the rate is yours to choose)",
                value=repr(shown),
                code=code,
                field=field,
            )
        )


def _body(body: str, *, thousands: bool) -> float | None:
    """The number of a body of digits and separators; None when no notation reads it
    (or when it is `1,250` in a field that could hold 1.25: the caller says so)."""
    if _SPACE_RUN.search(body):
        parts = _SPACE_RUN.split(body)
        last = parts[-1]
        decimal = ""
        for sep in (",", "."):
            if last.count(sep) == 1 and sep not in "".join(parts[:-1]):
                last, decimal = last.split(sep)
                break
        groups = [*parts[:-1], last]
        if not _grouped(groups) or (decimal and not decimal.isdigit()):
            return None
        return float("".join(groups) + ("." + decimal if decimal else ""))
    commas, points = body.count(","), body.count(".")
    if commas and points:
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        sep = "." if dec == "," else ","
        whole_part, _, decimal = body.rpartition(dec)
        if not decimal.isdigit() or dec in whole_part or not _grouped(whole_part.split(sep)):
            return None
        return float(whole_part.replace(sep, "") + "." + decimal)
    sep = "," if commas else "."
    count = commas or points
    if count == 0:
        return float(body) if body.isdigit() else None
    if count > 1:
        return float(body.replace(sep, "")) if _grouped(body.split(sep)) else None
    m = _THREE.fullmatch(body)
    if m is not None and not m.group(1).startswith("0"):
        if thousands:
            return float(m.group(1) + m.group(3))
        if sep == ",":
            return None  # 1,250: ambiguous
    whole_part, decimal = body.split(sep)
    if not decimal.isdigit() or not (whole_part.isdigit() or whole_part == ""):
        return None
    return float((whole_part or "0") + "." + decimal)


def _grouped(groups: list[str]) -> bool:
    """Digit groups as thousands separators leave them: 1-3 digits, then 3 each."""
    return (
        all(_DIGITS.fullmatch(g) for g in groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )


def notation(text: str) -> Notation | None:
    """The decimal separator `text` shows beyond doubt (None: it shows none)."""
    _head, _sign, body, _tail = split(text)
    if _SPACE_RUN.search(body):
        body = _SPACE_RUN.sub("", body)
        if body.count(",") == 1 and "." not in body:
            return "comma"
        if body.count(".") == 1 and "," not in body:
            return "point"
        return None
    commas, points = body.count(","), body.count(".")
    if commas and points:
        return "comma" if body.rfind(",") > body.rfind(".") else "point"
    if commas + points == 0 or _ambiguous_body(body):
        return None
    if commas > 1:
        return "point"  # 1,250,000 is English
    if points > 1:
        return "comma"  # 1.250.000 is Czech (and German)
    return "comma" if commas else "point"


def ambiguous(text: str) -> bool:
    """`text` is one separator between 1-3 digits and three digits (1,250 or 1.250)."""
    return _ambiguous_body(split(text)[2])


def _ambiguous_body(body: str) -> bool:
    m = _THREE.fullmatch(body)
    return m is not None and not m.group(1).startswith("0")


def settle(text: str, decimal: Notation) -> str:
    """`text` (`ambiguous`) rewritten so that the cell reads as a column using `decimal`
    writes it: 1,250 becomes 1250 in a column of points and 1.250 in a column of
    commas; 1.250 becomes 1250 in a column of commas."""
    stripped = text.strip()
    m = _THREE.search(stripped)
    if m is None:
        return text
    digits, sep, three = m.groups()
    if decimal == "comma":
        number = f"{digits}.{three}" if sep == "," else f"{digits}{three}"
    else:
        number = f"{digits}{three}" if sep == "," else f"{digits}.{three}"
    return stripped[: m.start()] + number + stripped[m.end() :]
