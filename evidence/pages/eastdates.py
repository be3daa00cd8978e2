"""Dates as Japanese, Chinese and Korean pages write them, for `dateforms`.

These pages write a date with unit characters, not month names: "2026年3月5日（木）",
"2026년 3월 19일", a month "2026年9月", "2026년 6월 중", a range of days sharing the
month "2026年4月21日（火）～23日（木）" or not "4月21日至4月23日", and years of an era:
Japanese "令和8年" (Reiwa 8 = 2026, "令和元年" its first year) and the Taiwanese (Minguo)
"115年" (1911 + 115), often without its "民國". A weekday in brackets ("（木）", "(목)")
may follow a day. The patterns name their parts with `dateforms`' groups (`y`, `n1`,
`d1`, `n2`, `d2`); an era year is `era` and `ey`, which `era_year` turns into the
Gregorian year. A bare number before "年" is a Minguo year only between 80 and 150
(1991-2061) and only with a month after it: "100年企業" (a century-old firm) is no date.
"""

from __future__ import annotations

import re

# Gregorian year of an era's year 0: Reiwa 1 = 2019, Heisei 1 = 1989, Minguo 1 = 1912.
ERAS = {"令和": 2018, "平成": 1988, "民國": 1911, "民国": 1911}
MINGUO = 1911
_S = r"[^\S\n]{0,2}"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_WEEKDAY = rf"(?:{_S}[（(](?:周|週|星期)?[月火水木金土日一二三四五六天월화수목금토일][)）])?"
# the year: Gregorian, an era's ("令和8年", "令和元年", "民國115年"), a bare Minguo year
_Y = (
    rf"(?:(?P<y>{_YEAR})|(?P<era>{'|'.join(ERAS)}){_S}(?P<ey>\d{{1,3}}|元)"
    r"|(?<![\d.,])(?P<ey2>[89]\d|1[0-4]\d|150)(?!\d))"
)
_TO = rf"{_S}(?:[-–—~～〜]|至|から|부터){_S}"
_NEXT = r"(?![\d.])"


def east_forms(year: bool) -> tuple[list[str], list[str]]:
    """Range patterns and single-day or month patterns; without a year, a day and its
    month alone ("3月27日（周五）", "4月15日—17日"), which takes the year of its page."""
    if not year:
        md = rf"(?<![\d年년.．/])(?P<n1>{_MONTH}){_S}月{_S}(?P<d1>{_DAY}){_S}[日号]"
        third = rf"(?<![\d年년.．/])(?P<n1>{_MONTH}){_S}月(?:上旬|中旬|下旬)"  # a month's tenth
        return [rf"{md}{_WEEKDAY}{_TO}(?:(?P<n2>{_MONTH}){_S}月{_S})?(?P<d2>{_DAY}){_S}[日号]"], [
            md + _WEEKDAY,
            third,
        ]
    ranges = []
    singles = []
    for y_unit, m_unit, d_unit in (("年", "月", "日"), ("년", "월", "일")):
        ymd = rf"{_Y}{_S}{y_unit}{_S}(?P<n1>{_MONTH}){_S}{m_unit}{_S}(?P<d1>{_DAY}){_S}{d_unit}"
        ranges.append(
            rf"{ymd}{_WEEKDAY}{_TO}(?:(?P<n2>{_MONTH}){_S}{m_unit}{_S})?(?P<d2>{_DAY}){_S}{d_unit}"
            rf"{_WEEKDAY}"
        )
        singles.append(ymd + _WEEKDAY)
        singles.append(rf"{_Y}{_S}{y_unit}{_S}(?P<n1>{_MONTH}){_S}{m_unit}(?!{_S}\d)")
    # "2026.03.19" (the year first, two-digit month and day, no closing dot: Korean,
    # Japanese and Chinese boards; Hungarian's closing dot is `dateforms`' own form)
    singles.append(
        rf"(?<![\d.,/:A-Za-z])(?P<y>{_YEAR})\.(?P<n1>1[0-2]|0[1-9])\.(?P<d1>3[01]|[12]\d|0[1-9]){_NEXT}"
    )
    return ranges, singles


def era_year(era: str | None, number: str) -> int:
    """The Gregorian year of an era's year ("令和", "8" -> 2026; no era: Minguo)."""
    base = ERAS[era] if era else MINGUO
    return base + (1 if number == "元" else int(number))


# any year these forms may read: `dates` skips a text with no year at all
ANY_EAST_YEAR = re.compile(rf"(?:{'|'.join(ERAS)}){_S}(?:\d{{1,3}}|元){_S}年|\d{{2,3}}{_S}年")
