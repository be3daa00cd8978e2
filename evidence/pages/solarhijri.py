"""Dates in the Solar Hijri calendar, as Iranian pages write them, for `dateforms`.

An Iranian page dates its events "۲۵ فروردین ۱۴۰۵" (25 Farvardin 1405 = 14 April 2026)
or "۱۲ تا ۱۵ اردیبهشت ۱۴۰۵" (12 to 15 Ordibehesht): a day, a Persian month's name and a
year of the calendar that starts at Nowruz, the March equinox (`dates` reads the
Persian digits as ASCII). The patterns name the month `sh` (`sh2` for a range's second)
and the year `shy`; `ends` turns a match into Gregorian days. The year's first day is
found by the arithmetic of the Jalaali calendar (Borkowski's breaks of the 2,820-year
cycle, exact for the years a page names), the month lengths are fixed: six of 31 days,
five of 30, the last of 29 or 30.
"""

from __future__ import annotations

from datetime import date, timedelta

MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_S = r"[^\S\n]{1,3}"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<shy>1[34]\d\d)(?!\d)"
ANY_SOLAR_YEAR = rf"(?:{_MONTH}){_S}1[34]\d\d(?!\d)"  # `dates` skips a text with no year
# Years where the leap rule's 33-year runs break (jalaali's table).
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192,
           2262, 2324, 2394, 2456, 3178)  # fmt: skip


def solar_forms() -> tuple[list[str], list[str]]:
    """A range of days in one month ("۱۲ تا ۱۵ اردیبهشت ۱۴۰۵", "12-15 ...") and a day."""
    month = rf"(?P<sh>{_MONTH})(?![^\W\d_])"
    to = rf"(?:{_S}تا{_S}|[^\S\n]{{0,2}}[-–][^\S\n]{{0,2}})"
    return (
        [rf"(?<!\d)(?P<d1>{_DAY}){to}(?P<d2>{_DAY}){_S}{month}{_S}{_YEAR}"],
        [rf"(?<!\d)(?P<d1>{_DAY}){_S}{month}{_S}{_YEAR}"],
    )


def nowruz(year: int) -> date:
    """The Gregorian day of 1 Farvardin of the Solar Hijri `year`."""
    leap, before = -14, _BREAKS[0]
    jump = 0
    for brk in _BREAKS[1:]:
        jump = brk - before
        if year < brk:
            break
        leap += jump // 33 * 8 + jump % 33 // 4
        before = brk
    n = year - before
    leap += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap += 1
    gregorian = year + 621
    gregorian_leap = gregorian // 4 - (gregorian // 100 + 1) * 3 // 4 - 150
    return date(gregorian, 3, 20 + leap - gregorian_leap)


def to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Solar Hijri date; None for a day its month lacks."""
    length = 31 if month <= 6 else 30 if month <= 11 else 29
    if month == 12 and (nowruz(year + 1) - nowruz(year)).days == 366:
        length = 30
    if not 1 <= day <= length:
        return None
    offset = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return nowruz(year) + timedelta(days=offset + day - 1)


def ends(groups: dict[str, str | None]) -> tuple[int, int, int, int, int, int] | None:
    """The Gregorian (year, month, day) of a match's first and last day."""
    year, month = int(groups.get("shy") or 0), MONTHS.index(groups.get("sh") or "") + 1
    first = to_gregorian(year, month, int(groups.get("d1") or 0))
    last = to_gregorian(year, month, int(groups.get("d2") or groups.get("d1") or 0))
    if first is None or last is None or last < first:
        return None
    return first.year, first.month, first.day, last.year, last.month, last.day
