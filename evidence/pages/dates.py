"""Find the dates in cluster web pages, the way cluster pages write them.

Kept apart from `pages` because date finding is the part that must never invent
anything: every `DateSpan` is a piece of text that is literally there, and its dates are
only the ones that text states. A phrase without its year ("held on 20 October",
"1. 4.", "vom 20. bis 28. April") is a `PartialDate`; only `resolve`, given a year the
caller found elsewhere on the page and says where, turns it into a span.

Forms (in English, Czech, Slovak, German, Polish, and other EU languages' month names):
single days ("6. 11. 2017", "April 4, 2019", "25th of October 2016", "01/07/2017", ISO,
Roman-numeral months "12. IX. 2024", Hungarian "2019. március 12.", "2023. 01. 01.");
ranges sharing their month and year ("23-24 October 2019", "vom 20. bis 28. April 2017",
"15. - 17. 4. 2013", "1.-2.9.2015", "7-8.12.2022", "March 12-15, 2019", Hungarian
"2025. április 9–10.", "7. in 8. februarja", "23./24. April 2025", "15-17/03/2025"), their year
("31 marca – 1 kwietnia 2016", "8.5. - 12.5. 2017", "March - May 2019") or nothing
("od října 2011 do září 2014", "3/2010 – 2/2013", an arrow as Notion and static
sites draw a range, "2027-01-26 → 2027-01-28", "Start date: Jun 30, 2012, End date:
Jun 29, 2013", also with the end's field above the start's); lists of days ("24, 25, 26
March 2015", "12th and 13th June 2015");
spans written with words, whose connectors come from one table per language
(`spanwords`: "από τις 11 έως τις 13 Μαρτίου", "entre le 3 et le 5 mars", "2024. január
1. és 2025. december 31. között") or from the month's case alone (`monthcases`:
"tammikuusta 2022 joulukuuhun 2024", "2022 januárjától 2024 decemberéig");
a duration from a day ("36 months from 1 March 2024", "24 měsíců od 1. 7. 2023"); months
("v červnu 2020", "10/2016"); years with a word that makes them a time ("im Jahr
2019", "v roce 2019", "w 2019 roku", "in 2019") and year ranges ("2016 - 2018").

Decisions:
- a bare year ("Expo Milano 2015", "Horizon 2020") is never a date, nor a year after
  "od"/"do"/"since"/"by" ("do roku 2030" is a target, "od roku 2016" an open start);
  a three-digit "year" (a typo, "201") is not a year;
- a list of days is one range from its first to its last day (a congress "24, 25, 26
  March"; "5 and 19 March" covers 5-19 March: the phrase names one item, and no day
  outside the list is claimed); the days must rise, and a two-day list joined by a
  comma alone must be consecutive ("10, 20 March" is more likely two numbers);
- numbers month first ("03/24/2025") only where the day cannot be a month (over 12):
  "03/04/2025" stays day first, as European pages write it;
- month before day ("June 12") only with English month names; numeric day.month without
  a year only as "1. 4." (a space after the day's dot, a dot after the month, no number
  after it) or "1.4." after a word that announces a day ("dne", "am", "on"): so edition
  numbers ("2."), versions ("1.2"), times ("10.30") and numbered lists are never dates;
- text inside URLs and e-mail addresses is never read ("/7-12-2022-den-klastru/").

Why regular expressions and not dateparser's `search_dates` (measured on the 11
annotated pages of ../shared/samples/pages, 13 dated items):
- `search_dates` (the page's language, DMY) read the start of 4 of the 13 date phrases;
  on the whole pages it returned 24 dates, 3 with a year the page never states ("12th
  and 13th" -> 12 December 2013, "of €42" -> 2042, "24, 25" -> 2025): it swaps day and
  month and fills missing parts from today;
- this reader reads 12 of the 13 (the 13th is a source's typo, "1st May 201"; partial
  dates resolved with the item's year), finds 17 dates on the whole pages, none with a
  year the page does not state; the reader it replaces read 5 of 13;
- it reads the 11 pages and their paragraphs 4x faster than the reader it replaces,
  which read each end again with dateparser (0.15 s against 0.6 s, with the 3 original
  samples), and a crafted 1 MB page in a few seconds.
So the patterns (`dateforms`) locate every phrase and read its numbers, `datetime.date`
refuses days that do not exist, and dateparser serves what it is good at: its language
data gives the month names (`months`), inflected forms included. Reading each end again
with dateparser would only re-read numbers already read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from .dateforms import (
    AND_WORDS,
    ANY_YEAR,
    CLOSE,
    CONNECTOR,
    DURATION,
    END_BEFORE,
    NOT_A_TIME,
    OPENER,
    ORDINAL_DAY,
    ROMAN_MONTHS,
    START_AFTER,
    URL,
    Form,
    Taken,
    forms,
    join_gap,
    matches,
    month_words,
    partial_month,
    partial_numeric,
    year_forms,
)
from .eastdates import era_year, month_number
from .months import (
    badge_capital,
    current_language,
    english_forms,
    forms_of,
    month_case,
    month_of,
)
from .numorder import month_first_day
from .solarhijri import ends as solar_ends

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class DateSpan:
    """A date or range literally in a text, its year(s) stated (or given by `resolve`).

    `start` is the first day of the first unit, `end` the last day covered: the day, the
    month's last day or 31 December by precision; a single day has `end == start`.
    `end_precision` is set only when the end's differs ("June 2019 - 3 May 2020").
    """

    start: date
    end: date
    text: str
    offset: int
    precision: Precision
    end_precision: Precision | None = None
    year_from: str | None = None


@dataclass(frozen=True)
class PartialDate:
    """A date whose phrase states no year: (month, day or None) of its first and last day."""

    text: str
    offset: int
    first: tuple[int, int | None]
    last: tuple[int, int | None]
    precision: Precision


# One reading of a phrase: years (None: not stated), months, days (None: not stated).
_Ends = tuple[int | None, int, int | None, int | None, int, int | None]


def _month_end(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


# Arabic-Indic and Persian digits ("٢١ أبريل ٢٠٢٦"), one for one: the patterns read ASCII.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def _mask(text: str) -> str:
    """`text` with URLs and e-mail addresses blanked and its digits in ASCII (offsets
    unchanged)."""
    return URL.sub(lambda m: " " * len(m.group(0)), text).translate(_DIGITS)


def _month(word: str | None, number: str | None, us: bool, framed: bool = False) -> int | None:
    """The month of a name or number; 0 when the word is not a month here; `framed`:
    the name has a day before it and a year after it (`months.month_of`)."""
    if number:
        if number.isdigit():
            return int(number)
        return ROMAN_MONTHS.index(number) + 1 if number in ROMAN_MONTHS else month_number(number)
    if not word:
        return None
    if us and word.lower().rstrip(".") not in english_forms():
        return 0
    return month_of(word, framed) or 0


def _days_rise(m: re.Match[str]) -> bool:
    """A list of days ("24, 25, 26", "12th and 13th") rises; two joined by a comma
    alone are consecutive."""
    g = m.groupdict()
    both_months = (g.get("m1") or g.get("n1")) and (g.get("m2") or g.get("n2"))
    if both_months or not (g.get("mid") or _is_and(g.get("sep"))):
        return True
    days = [int(d) for d in re.findall(r"\d+", m.string[m.start("d1") : m.end("d2")])]
    if any(b <= a for a, b in pairwise(days)):
        return False
    return not (len(days) == 2 and (m.group("sep") or "").strip() == "," and days[1] != days[0] + 1)


def _is_and(sep: str | None) -> bool:
    return sep is not None and (sep.strip()[:1] == "," or sep.strip().lower() in AND_WORDS)


# Hungarian and Lithuanian put the month first too: "március 12-én", "március 3–5.",
# "kovo 12 d."; read so only with the day's ending ("-én", "-i", a dot, "d."), not
# "-ig" ("until": "március 30-ig" is a deadline) nor a bare number ("május 5 ember").
_MONTH_FIRST_DAY = re.compile(r"-(?:j?[áé]n|j?[ae]?i)(?!\w)|\.(?!\d)|\s?d\.")


# A month name before its day in any language, where nothing but a date is written so:
# The Events Calendar and other WordPress themes print PHP's "F j" and "F j, Y" in the
# site's language ("marzo 10 @ 9:00", "febrero 3, 2027 @ 9:30", "abril 20 - abril 24").
# A time after "@", a comma before the year, or the month named again after the dash
# make it a date; a bare number after a month ("en marzo 10 empresas") stays a number.
_AT_TIME_AFTER = re.compile(r"[^\S\n]{0,3}@[^\S\n]{0,3}\d")
_COMMA_YEAR = re.compile(r"\d(?:st|nd|rd|th)?,[^\S\n]{0,3}(?:19|20)\d\d$")


def _month_first(m: re.Match[str], form: Form) -> bool:
    """The match puts a month before its day as the page writes it: Hungarian and
    Lithuanian always ("március 12-én"), any language in a web calendar's "F j" date
    (`_AT_TIME_AFTER`, `_COMMA_YEAR`, a range naming both months)."""
    word = (m.group("m1") or "").lower()
    if not form.us or word in english_forms():
        return False
    after = m.string[m.end() : m.end() + 6]
    if word in forms_of("hu", "lt") and _MONTH_FIRST_DAY.match(after) is not None:
        return True
    named_twice = bool(m.groupdict().get("m2")) and bool(m.groupdict().get("d2"))
    return (
        _AT_TIME_AFTER.match(after) is not None
        or _COMMA_YEAR.search(m.group(0)) is not None
        or (form.range and named_twice)
    )


def _read(m: re.Match[str], form: Form) -> _Ends | None:
    g = m.groupdict()
    if g.get("sh"):  # a Solar Hijri date: its Gregorian days
        return solar_ends(g)
    us = form.us and not _month_first(m, form)
    framed = not form.us and bool(g.get("y")) and bool(g.get("d1") or g.get("d2"))
    m1 = _month(g.get("m1"), g.get("n1"), us, framed and not g.get("m2"))
    m2 = _month(g.get("m2"), g.get("n2"), us and not g.get("m1"), framed)
    if m1 == 0 or m2 == 0 or not (m1 or m2) or not _days_rise(m):
        return None
    if g.get("sep") is not None and not g["sep"].strip() and not _case_pair(g):
        return None  # two month names side by side, not "from ... until" ("August Juni")
    badge = any(badge_capital(w) for w in (g.get("m1"), g.get("m2")) if w)
    if badge and not _badge_line(m):  # "9 OUT OF 10 SMES", "THE 2 SET CHALLENGE"
        return None
    month1 = m1 or m2 or 0
    month2 = m2 or month1
    day1 = int(g["d1"]) if g.get("d1") else ORDINAL_DAY.get((g.get("dw") or "").lower())
    day2 = int(g["d2"]) if g.get("d2") else day1
    ey = g.get("ey") or g.get("ey2")
    year2 = _year(g["y"]) if g.get("y") else era_year(g.get("era"), ey) if ey else None
    return year2, month1, day1, year2, month2, day2


def _year(written: str) -> int:
    """A year as written: "2026", or "'26" (`dateforms.SHORT_YEAR`), this century's."""
    return 2000 + int(written[1:]) if written[:1] in "'’" else int(written)


# A number sign before a slashed number: "VZN č. 3/2025", "Decree No. 12/2024", "Nr.
# 5/2026", "n. 4/2025", "#3/2025", "№ 7/2026": a document's number and year, no month.
_NUMBER_SIGN = re.compile(
    r"(?:(?<!\w)(?:č|n|br|št|sz|st)\.|(?<!\w)(?i:čís|no|nr|nro|nº|n°|num|núm|number|"
    r"nummer|numéro|numero|číslo|numer|broj)\.?|[#№])[^\S\n]{0,2}$"
)


def _numbered(masked: str, m: re.Match[str]) -> bool:
    """A slashed number without a month's name that a number sign opens: a document's
    number ("VZN č. 3/2025"), never a date."""
    if m.groupdict().get("m1") or "/" not in m.group(0):
        return False
    return _NUMBER_SIGN.search(masked, max(0, m.start() - 12), m.start()) is not None


def _badge_line(m: re.Match[str]) -> bool:
    """The match is its line's only text (a badge: "12 DUB", "3 SET 2025"), whatever
    separators stand around it: a capital abbreviation inside prose or a heading is a
    word ("9 OUT OF 10", "WINNERS OF THE 2 SET CHALLENGE")."""
    text = m.string
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    rest = text[start : m.start()] + text[m.end() : len(text) if end < 0 else end]
    return not rest.strip(" \t|·•,.:;()–—-")


def _span(
    text: str, begin: int, end: int, first: date, last: date, prec: Precision,
    end_prec: Precision | None = None,
) -> DateSpan:  # fmt: skip
    """Take in parentheses that enclose exactly the date: "(10/2016 - 09/2017)"."""
    if begin > 0 and end < len(text) and text[begin - 1] == "(" and text[end] == ")":
        begin, end = begin - 1, end + 1
    return DateSpan(first, last, text[begin:end], begin, prec, end_prec)


def _dates(ends: _Ends) -> tuple[date, date, Precision] | None:
    y1, m1, d1, y2, m2, d2 = ends
    if y1 is None or y2 is None:
        return None
    try:
        first = date(y1, m1, d1 or 1) if m1 else date(y1, 1, 1)
        last = date(y2, m2, d2) if d2 else _month_end(date(y2, m2, 1)) if m2 else date(y2, 12, 31)
    except ValueError:  # 31 February, month 13
        return None
    prec: Precision = "day" if d1 else "month" if m1 else "year"
    return (first, last, prec) if last >= first else None


def find_dates(text: str) -> list[DateSpan]:
    """Every complete date expression in `text`, in order, none overlapping another (its
    month names read in the page's language, `months.page_language`, its slashed days
    in the page's order, `numorder.page_order`)."""
    return [_in_page_order(span) for span in _find_dates(text, current_language())]


def _in_page_order(span: DateSpan) -> DateSpan:
    """`span` read month first where the page writes its slashed days so."""
    day = month_first_day(span.text, span.start, span.end)
    return span if day is None else replace(span, start=day, end=day)


def _lead(masked: str, begin: int) -> int:
    """Where a range starts once its opening words are taken in ("from", "od", "between
    the", "Start date:")."""
    before = masked[max(0, begin - 32) : begin].rstrip()
    if not before or not (before[-1].isalpha() or before[-1] in ":.|'’"):
        return begin  # openers end in a letter, a colon, a table's bar, "r." or "dall’"
    opener = OPENER.search(masked, max(0, begin - 32), begin)
    return begin - len(opener.group(0)) if opener else begin


@lru_cache(maxsize=2048)
def _find_dates(text: str, language: str) -> tuple[DateSpan, ...]:
    """`find_dates`; `language` (the page's, which `month_of` reads) keys the cache."""
    if not ANY_YEAR.search(text.translate(_DIGITS)):  # every complete form states a year
        return ()
    masked, taken = _mask(text), Taken()
    months = month_words(masked)
    found: list[DateSpan] = []
    singles: list[DateSpan] = []
    for form in forms(True):
        for m in matches(form, masked, months):
            ends = _read(m, form) if taken.free(m.start(), m.end()) else None
            read = _dates(ends) if ends else None
            if read is None or _numbered(masked, m):
                if ends and not form.range:  # "29 February 2019": not "February 2019"
                    taken.take(m.start(), m.end())
                continue
            begin = _lead(masked, m.start()) if form.range else m.start()
            (found if form.range else singles).append(_span(text, begin, m.end(), *read))
            taken.take(begin, m.end())
    span_rx, single_rx = year_forms()
    for m in span_rx.finditer(masked):
        y1, y2 = int(m.group("y1")), int(m.group("y"))
        begin = _lead(masked, m.start())
        opener = OPENER.search(masked, max(0, begin - 1), m.start()) if begin < m.start() else None
        opened = _opens_and(opener, m.group("sep").strip()) or CLOSE.match(masked, m.end())
        listed = _is_and(m.group("sep")) and not opened  # "2012 and 2016": two years
        if y1 < y2 <= y1 + 50 and not listed and taken.free(begin, m.end()):
            found.append(_span(text, begin, m.end(), *_year_range(y1, y2)))
            taken.take(begin, m.end())
    for m in single_rx.finditer(masked):
        year = int(m.group("y") or m.group("y2") or m.group("y3"))
        if taken.free(m.start(), m.end()) and not NOT_A_TIME.search(
            masked, max(0, m.start() - 20), m.start()
        ):
            singles.append(_span(text, m.start(), m.end(), *_year_range(year, year)))
            taken.take(m.start(), m.end())
    found += [_lasting(text, s) for s in _join(text, sorted(singles, key=lambda s: s.offset))]
    return tuple(sorted(found, key=lambda s: s.offset))


def _lasting(text: str, span: DateSpan) -> DateSpan:
    """A day after a duration ("36 months from 1 March 2024") is the start of a span that
    long: it ends the day before the same day N months later (1 March 2024 + 36 months ->
    28 February 2027), as a project's dates are written."""
    if span.precision != "day" or span.start != span.end:
        return span
    m = DURATION.search(text, max(0, span.offset - 60), span.offset)
    if m is None or m.end() != span.offset:
        return span
    months = span.start.month - 1 + int(m.group("n"))
    year, month = span.start.year + months // 12, months % 12 + 1
    last = min(span.start.day, calendar.monthrange(year, month)[1])
    end = date(year, month, last) - timedelta(days=1)
    return DateSpan(
        span.start, end, text[m.start() : span.offset + len(span.text)], m.start(), "day"
    )


def _year_range(y1: int, y2: int) -> tuple[date, date, Precision]:
    return date(y1, 1, 1), date(y2, 12, 31), "year"


def _join(text: str, singles: list[DateSpan]) -> list[DateSpan]:
    """Two complete dates linked by "to", a dash, "and ended in" or start/end labels."""
    out: list[DateSpan] = []
    i = 0
    while i < len(singles):
        one = singles[i]
        two = singles[i + 1] if i + 1 < len(singles) else None
        begin = _linked(text, one, two) if two is not None and two.start >= one.start else None
        if two is not None and begin is not None:
            end = two.offset + len(two.text)
            end_prec = two.precision if two.precision != one.precision else None
            out.append(_span(text, begin, end, one.start, two.end, one.precision, end_prec))
            i += 2
            continue
        if two is not None and _end_then_start(text, one, two):
            end = two.offset + len(two.text)
            out.append(_span(text, one.offset, end, two.start, one.end, two.precision))
            i += 2
            continue
        out.append(one)
        i += 1
    return out


def _linked(text: str, one: DateSpan, two: DateSpan) -> int | None:
    """Where the span of `one` to `two` begins when words link them ("od ... do", "DATE
    – DATE", "between ... and", "... és ... között", the cases of "from" and "until"),
    else None. The opener is looked for only once a link is found (a page of a
    thousand dates has a thousand gaps and few links)."""
    gap = text[one.offset + len(one.text) : two.offset]
    bare = join_gap().fullmatch(gap) if len(gap) <= 80 else None
    link = CONNECTOR.fullmatch(bare.group("link") if bare else gap)
    if link is None:
        return one.offset if _cases(text, one, two) else None
    opener = OPENER.search(text, max(0, one.offset - 40), one.offset)
    word = link.group("and")
    if word and not _opens_and(opener, word):
        opener = None  # "de mars 2024 et juin 2024": "de" opens only "de ... a"
    closed = word and CLOSE.match(text, two.offset + len(two.text))
    if opener or closed or not word or _cases(text, one, two):
        return one.offset - (len(opener.group(0)) if opener else 0)
    return None


# "From" and "until" written as the month's case, no word between: Finnish "tammikuusta
# 2022 joulukuuhun 2024", Estonian "jaanuarist ... detsembrini", Hungarian "2022
# januárjától 2024 decemberéig" and on a day "2022. január 1-jétől 2024. december 31-ig".
_DAY_FROM = re.compile(r"\d-[^\W\d_]{0,3}t[óő]l$")
_DAY_TO = re.compile(r"\d-[^\W\d_]{0,3}ig(?!\w)")
_WORDS = re.compile(r"[^\W\d_]{3,}")


def _cases(text: str, one: DateSpan, two: DateSpan) -> bool:
    """Two dates whose month or day words are in the cases of "from" and "until"."""
    gap = text[one.offset + len(one.text) : two.offset]
    if len(gap) > 12 or not re.fullmatch(r"(?:-[^\W\d_]{0,3}t[óő]l)?\s{1,3}", gap):
        return False
    first = (one.text + gap).rstrip()
    second = text[two.offset : two.offset + len(two.text) + 6]
    starts = _DAY_FROM.search(first) or any(
        month_case(w) == "from" for w in _WORDS.findall(one.text)
    )
    ends = _DAY_TO.search(second) or any(month_case(w) == "until" for w in _WORDS.findall(two.text))
    return bool(starts and ends)


def _case_pair(g: dict[str, str | None]) -> bool:
    """Two month names side by side in the cases of "from" and "until"."""
    return month_case(g.get("m1") or "") == "from" and month_case(g.get("m2") or "") == "until"


def _opens_and(opener: re.Match[str] | None, word: str) -> bool:
    """An opener that makes "DATE and DATE" a span: "between", "entre", "od"; Romance
    "de"/"da" only before "a" ("de enero de 2022 a diciembre", not "de mars et juin")."""
    if opener is None:
        return False
    start = (opener.groupdict().get("from") or "").lower()
    return start not in {"de", "da"} or word.lower() in {"a", "à", "ad"}


def _end_then_start(text: str, one: DateSpan, two: DateSpan) -> bool:
    """A project's end field above its start field ("Planned end date: 2026.12.31." and
    below it "Start: 2024.07.01."): one span from the start to the end, as the fields
    say, whatever their order."""
    if two.start >= one.end or one.precision != two.precision:
        return False
    gap = text[one.offset + len(one.text) : two.offset]
    if len(gap) > 80 or START_AFTER.fullmatch(gap) is None:
        return False
    return END_BEFORE.search(text, max(0, one.offset - 80), one.offset) is not None


def find_partial_dates(text: str) -> list[PartialDate]:
    """Dates whose phrase states no year ("held on 20 October", "On 12th June",
    "23-24 October", "1. 4.", "vom 20. bis 28. April", "in June"), outside the spans
    of `find_dates`. They are not dates until `resolve` is given a year."""
    masked, chunks, at = _mask(text), [], 0
    for span in find_dates(text):
        chunks += [masked[at : span.offset], " " * len(span.text)]
        at = span.offset + len(span.text)
    masked = "".join([*chunks, masked[at:]])
    taken, found = Taken(), []
    months = month_words(masked)
    for form in (*forms(False), Form(partial_numeric()), Form(partial_month())):
        for m in matches(form, masked, months):
            begin = m.end("cue") if m.groupdict().get("cue") else m.start()
            if form.range:
                begin = _lead(masked, begin)
            partial = _partial(m, form, text[begin : m.end()], begin)
            if partial is not None and taken.free(begin, m.end()):
                found.append(partial)
                taken.take(begin, m.end())
    return sorted(found, key=lambda p: p.offset)


def _partial(m: re.Match[str], form: Form, text: str, offset: int) -> PartialDate | None:
    g = m.groupdict()
    cued = g.get("cue") and g.get("d2") and not g.get("d1")  # "dne 1.4.": the cued form
    ends = _read_cued(g) if cued else _read(m, form)
    if ends is None:
        return None
    _, m1, d1, _, m2, d2 = ends
    try:  # the day must exist in some year (29 February does)
        first, last = date(2000, m1, d1 or 1), date(2000, m2, d2 or 1)
    except ValueError:
        return None
    if last < first and m1 == m2:
        return None
    return PartialDate(text, offset, (m1, d1), (m2, d2), "day" if d1 else "month")


def _read_cued(g: dict[str, str | None]) -> _Ends:
    day, month = int(g["d2"] or 0), int(g["n2"] or 0)
    return None, month, day, None, month, day


def resolve(partial: PartialDate, year: int, *, year_from: str) -> DateSpan | None:
    """The span of `partial` in `year` (a range over New Year ends the next year);
    None when its day does not exist in that year (29 February 2019)."""
    (m1, d1), (m2, d2) = partial.first, partial.last
    year2 = year + 1 if (m2, d2 or 0) < (m1, d1 or 0) else year
    try:
        start = date(year, m1, d1 or 1)
        end = date(year2, m2, d2) if d2 else _month_end(date(year2, m2, 1))
    except ValueError:
        return None
    return DateSpan(start, end, partial.text, partial.offset, partial.precision, None, year_from)
