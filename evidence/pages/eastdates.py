"""Dates as Japanese, Chinese, Korean and Thai pages write them, for `dateforms`.

These pages write a date with unit characters, not month names: "2026年3月5日（木）",
"2026년 3월 19일", a month "2026年9月", "2026년 6월 중", a range of days sharing the
month "2026年4月21日（火）～23日（木）" or not "4月21日至4月23日", and years of an era:
Japanese "令和8年" (Reiwa 8 = 2026, "令和元年" its first year) and the Taiwanese (Minguo)
"115年" (1911 + 115), often without its "民國". A weekday in brackets ("（木）", "(목)")
may follow a day. The patterns name their parts with `dateforms`' groups (`y`, `n1`,
`d1`, `n2`, `d2`); an era year is `era` and `ey`, which `era_year` turns into the
Gregorian year. A bare number before "年" is a Minguo year only between 80 and 150
(1991-2061) and only with a month after it: "100年企業" (a century-old firm) is no date.
Thai pages name the month ("23 เมษายน 2569", abbreviated "14-16 พ.ค. 2569") and count
years in the Buddhist Era (2569 = 2026): the month's name is `n1` (`month_number`), the
year `ey`, which `era_year` takes back by 543 years.
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
# Thai months, in full and abbreviated ("พ.ค."), January first; Buddhist Era years.
THAI_MONTHS = (
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
)  # fmt: skip
BUDDHIST_ERA = 543
_THAI_MONTH = "|".join(
    re.escape(name)
    for name in sorted((n for pair in THAI_MONTHS for n in pair), key=len, reverse=True)
)
_THAI_YEAR = r"(?:พ\.\s?ศ\.\s{0,2})?(?P<ey>25\d\d)(?!\d)"
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
    thai = rf"{_S}(?P<n1>{_THAI_MONTH}){_S}{_THAI_YEAR}"
    ranges.append(rf"(?<!\d)(?P<d1>{_DAY}){_S}[-–]{_S}(?P<d2>{_DAY}){thai}")
    singles.append(rf"(?<!\d)(?P<d1>{_DAY}){thai}")
    singles.append(rf"(?<![\d\u0E00-\u0E7F])(?P<n1>{_THAI_MONTH}){_S}{_THAI_YEAR}")
    return ranges, singles


def month_number(name: str) -> int | None:
    """The month a Thai name or abbreviation names (`THAI_MONTHS`), else None."""
    for n, pair in enumerate(THAI_MONTHS, start=1):
        if name in pair:
            return n
    return None


def era_year(era: str | None, number: str) -> int:
    """The Gregorian year of an era's year ("令和", "8" -> 2026; no era: Minguo, or the
    Buddhist Era for a year of four digits, "2569" -> 2026)."""
    if not era and len(number) == 4:
        return int(number) - BUDDHIST_ERA
    base = ERAS[era] if era else MINGUO
    return base + (1 if number == "元" else int(number))


# any year these forms may read: `dates` skips a text with no year at all
ANY_EAST_YEAR = re.compile(
    rf"(?:{'|'.join(ERAS)}){_S}(?:\d{{1,3}}|元){_S}年|\d{{2,3}}{_S}年|[\u0E00-\u0E7F.]{_S}25\d\d(?!\d)"
)
