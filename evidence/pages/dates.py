"""Find the dates in cluster web pages, the way cluster pages write them.

Kept apart from `pages` because date finding is the part that must never
invent anything: every `DateSpan` is a piece of text that is literally there, and its
dates are only the ones that text states. The forms are those of Czech and European
cluster pages: "6. 11. 2017", "On April 4, 2019", "8.5. - 12.5. 2017", "March 12-15,
2019", "between the 25th and 28th of October, 2016", "(01/07/2017 - 31/08/2020)",
"(10/2016 - 09/2017)", "started in January 2016 and ended in December 2017" and Czech
month names ("12. března 2019", "od 8. do 12. května 2017", "leden 2016").

Regular expressions only *locate* candidates and split ranges into their two ends;
each end is read by dateparser (English and Czech, day-month-year order, absolute dates
only, required parts) and then cross-checked against the numbers in the text, because
dateparser quietly swaps day and month ("2.22.2017" -> 22 February) and would fill a
missing day or year from today's date. A year alone ("2019") or a day without a year
("4 October") is never a date here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

import dateparser

Precision = Literal["day", "month"]

_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_CZ_FORMS = (
    "leden ledna lednu", "únor února únoru", "březen března březnu", "duben dubna dubnu",
    "květen května květnu", "červen června červnu", "červenec července červenci",
    "srpen srpna srpnu", "září", "říjen října říjnu", "listopad listopadu",
    "prosinec prosince prosinci",
)  # fmt: skip
# Czech month names in the nominative, genitive and locative ("leden", "ledna", "v lednu").
_CZ_MONTHS = {form: n for n, forms in enumerate(_CZ_FORMS, start=1) for form in forms.split()}
_EN_ALTS = [*_EN_MONTHS, *(f"{m[:3]}\\.?" for m in _EN_MONTHS if m != "May"), "Sept\\.?"]
# English names must start with a capital ("may", "march" are words too); Czech are lower.
_MONTH = (
    r"(?:(?:" + "|".join(sorted(_EN_ALTS, key=len, reverse=True)) + r")"
    r"|(?i:" + "|".join(sorted(_CZ_MONTHS, key=len, reverse=True)) + r"))(?!\w)"
)
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_ORD = r"(?:st|nd|rd|th)"
_DAY = r"(?<![\d.,/])\d{1,2}"
_DASH = r"\s*[-–—]\s*"
_NUM = r"\d{1,2}"
_NUM2 = r"\d{2}"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# Ranges whose first end borrows month and/or year from the second end.
_RANGES = [
    # 8.5. - 12.5. 2017
    rf"{_g('d1', _DAY)}\.\s?{_g('m1', _NUM)}\.?{_DASH}"
    rf"{_g('d2', _NUM)}\.\s?{_g('m2', _NUM)}\.\s?{_g('y2', _YEAR)}",
    # 12-14. 6. 2017 (also "12-14. 6th 2017")
    rf"{_g('d1', _DAY)}\.?{_DASH}{_g('d2', _NUM)}\.\s?{_g('m2', _NUM)}"
    rf"(?:\.|{_ORD})\s?{_g('y2', _YEAR)}",
    # March 12-15, 2019 / April 28 - May 2, 2019
    rf"{_g('m1', _MONTH)}\s+{_g('d1', _NUM)}{_ORD}?(?:{_DASH}|\s+to\s+)"
    rf"(?:{_g('m2', _MONTH)}\s+)?{_g('d2', _NUM)}{_ORD}?,?\s+{_g('y2', _YEAR)}",
    # from 22 to 28 May 2017 / od 8. do 12. května 2017 / 8. května - 12. června 2017
    rf"(?:(?i:from|od)\s+(?:the\s+)?)?{_g('d1', _DAY)}(?:\.|{_ORD})?(?:\s+{_g('m1', _MONTH)})?"
    rf"(?:{_DASH}|\s+(?:to|until|till|do)\s+(?:the\s+)?){_g('d2', _NUM)}(?:\.|{_ORD})?"
    rf"\s+(?:of\s+)?{_g('m2', _MONTH)},?\s+{_g('y2', _YEAR)}",
    # between the 25th and 28th of October, 2016
    rf"(?i:between)\s+(?:the\s+)?{_g('d1', _DAY)}{_ORD}?\s+and\s+(?:the\s+)?"
    rf"{_g('d2', _NUM)}{_ORD}?\s+(?:of\s+)?{_g('m2', _MONTH)},?\s+{_g('y2', _YEAR)}",
    # March - May 2019 / from January to March 2019
    rf"(?:(?i:from)\s+)?{_g('m1', _MONTH)}(?:{_DASH}|\s+(?:to|until)\s+)"
    rf"{_g('m2', _MONTH)},?\s+{_g('y2', _YEAR)}",
]
# Complete single dates, most specific first.
_SINGLES = [
    rf"{_g('d', _DAY)}\.\s?{_g('m', _NUM)}\.\s?{_g('y', _YEAR)}",  # 6. 11. 2017
    rf"(?<![\d/]){_g('d', _NUM)}/{_g('m', _NUM)}/{_g('y', _YEAR)}",  # 01/07/2017
    rf"(?<!\d){_g('y', _YEAR)}-{_g('m', _NUM2)}-{_g('d', _NUM2)}(?!\d)",  # 2017-07-01
    rf"{_g('d', _DAY)}(?:\.|{_ORD})?\s+(?:of\s+)?{_g('m', _MONTH)},?\s+{_g('y', _YEAR)}",
    rf"{_g('m', _MONTH)}\s+{_g('d', _NUM)}{_ORD}?,?\s+{_g('y', _YEAR)}",  # April 4, 2019
    rf"{_g('m', _MONTH)},?\s+{_g('y', _YEAR)}",  # January 2016 / března 2019
    rf"(?<![\d/.]){_g('m', _NUM)}/{_g('y', _YEAR)}(?![/\d])",  # 10/2016
]
_ANY_YEAR = re.compile(_YEAR)
_RANGE_RES = [re.compile(p) for p in _RANGES]
_SINGLE_RES = [re.compile(p) for p in _SINGLES]
# What may stand between two complete dates of one range, and what may open it.
_CONNECTOR = re.compile(
    r"\s*(?:[-–—]|to|until|till|through|do|až"
    r"|(?P<and>and)(?:\s+(?:ended|finished|closed|lasted\s+until|ran\s+until)\s+(?:in|on))?"
    r"|,?\s*(?:and\s+)?(?:ended|finished)\s+(?:in|on))\s*",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"(?:\b(?:between|from|od|(?:started|starting|began|ran|running|run)\s+(?:in|on|from))"
    r"\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    rf"(?:\b\d{{1,2}}(?:\.|{_ORD})?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}\b"
    rf"|\b[a-z-]*(?:first|second|third|[a-z]th)\s+of\s+{_MONTH})"
)

_BASE: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["absolute-time"],  # no "today", "in 2 days", timestamps
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_DAY_SETTINGS = {**_BASE, "REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True}
_MONTH_SETTINGS = {**_BASE, "REQUIRE_PARTS": ["month", "year"]}


@dataclass(frozen=True)
class DateSpan:
    """A date or date range literally present in a text.

    `offset` is where `text` starts in the searched string. For month precision
    ("10/2016", "January 2016") `start` is the first and `end` the last day of the month(s);
    for a single day `end == start`.
    """

    start: date
    end: date
    text: str
    offset: int
    precision: Precision


def _month_number(token: str) -> int:
    low = token.lower().rstrip(".")
    if low in _CZ_MONTHS:
        return _CZ_MONTHS[low]
    if low.isdigit():
        return int(low)
    for number, name in enumerate(_EN_MONTHS, start=1):
        if name.lower().startswith(low[:3]):
            return number
    return 0


@lru_cache(maxsize=4096)
def _read(text: str, day: int | None, month: int, year: int) -> date | None:
    """dateparser's reading of `text`, kept only if it agrees with the numbers in it."""
    settings = _DAY_SETTINGS if day is not None else _MONTH_SETTINGS
    parsed = dateparser.parse(text, languages=["en", "cs"], settings=settings)
    if parsed is None or (parsed.year, parsed.month) != (year, month):
        return None
    if day is not None and parsed.day != day:
        return None
    return parsed.date() if day is not None else date(year, month, 1)


def _part(day: str | None, month: str, year: str, literal: str | None = None) -> date | None:
    """One end of a date: `literal` is its own text, else a text rebuilt from its parts."""
    m = _month_number(month)
    if not 1 <= m <= 12:
        return None
    d = int(day) if day else None
    if literal is None:
        if month.isdigit():
            literal = f"{d}. {m}. {year}" if d is not None else f"{m}/{year}"
        else:
            literal = f"{d} {month} {year}" if d is not None else f"{month} {year}"
    return _read(literal, d, m, int(year))


def _month_end(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def _widen(text: str, begin: int, end: int) -> tuple[int, int]:
    """Take in parentheses that enclose exactly the date: "(10/2016 - 09/2017)"."""
    if begin > 0 and end < len(text) and text[begin - 1] == "(" and text[end] == ")":
        return begin - 1, end + 1
    return begin, end


def _span(text: str, begin: int, end: int, first: date, last: date, prec: Precision) -> DateSpan:
    if prec == "month":
        last = _month_end(last)
    begin, end = _widen(text, begin, end)
    return DateSpan(first, last, text[begin:end], begin, prec)


def find_dates(text: str) -> list[DateSpan]:
    """Every date expression in `text`, in order, none overlapping another."""
    if not _ANY_YEAR.search(text):  # every form ends with a year: skip the regexes
        return []
    taken: list[tuple[int, int]] = []
    found: list[DateSpan] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for rx in _RANGE_RES:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            m2 = g.get("m2") or g["m1"]
            y = g["y2"]
            last = _part(g.get("d2"), m2, y)
            first = _part(g.get("d1"), g.get("m1") or m2, y)
            if first is None or last is None or last < first:
                continue
            prec: Precision = "month" if g.get("d1") is None else "day"
            found.append(_span(text, m.start(), m.end(), first, last, prec))
            taken.append((m.start(), m.end()))

    singles: list[DateSpan] = []
    for rx in _SINGLE_RES:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            value = _part(g.get("d"), g["m"], g["y"], literal=m.group(0))
            if value is None:
                continue
            prec = "day" if g.get("d") else "month"
            singles.append(
                DateSpan(value, _month_end(value) if prec == "month" else value,
                         m.group(0), m.start(), prec)
            )  # fmt: skip
            taken.append((m.start(), m.end()))
    singles.sort(key=lambda s: s.offset)

    i = 0
    while i < len(singles):
        one = singles[i]
        two = singles[i + 1] if i + 1 < len(singles) else None
        if two is not None and two.start >= one.start:
            gap = text[one.offset + len(one.text) : two.offset]
            link = _CONNECTOR.fullmatch(gap)
            opener = _OPENER.search(text[max(0, one.offset - 30) : one.offset])
            if link and (opener or not link.group("and")):
                begin = one.offset - (len(opener.group(0)) if opener else 0)
                prec = "month" if "month" in (one.precision, two.precision) else "day"
                end = two.offset + len(two.text)
                found.append(_span(text, begin, end, one.start, two.end, prec))
                i += 2
                continue
        found.append(one)
        i += 1
    found.sort(key=lambda s: s.offset)
    return found


def find_partial_dates(text: str) -> list[str]:
    """Day-and-month mentions without a year ("4 October", "sixteenth of March").

    These are not dates an importer may use; they explain why an item has none.
    """
    for span in find_dates(text):
        blank = " " * len(span.text)
        text = text[: span.offset] + blank + text[span.offset + len(span.text) :]
    return [m.group(0) for m in _PARTIAL.finditer(text)]
