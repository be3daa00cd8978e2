"""A listing's month headings ("Marzo 2026", "MÄRZ 2026"): the year of the dates under them.

Event calendars (The Events Calendar's list view, many themes' agendas) group their events
under a line naming a month and its year, and print each event's own date without the
year ("marzo 10 @ 9:00", "12. 3.", "Do 12. März"): the year is the heading's, not the
page's publication date nor the copyright line's. A heading governs the dates below it
until the next heading; a date of another month under it (a range running into the next
month, January under a December heading) takes the year that puts it nearest the
heading's month.
"""

from __future__ import annotations

import re
from datetime import date

from .anchor import Anchor, pick_year
from .dates import DateSpan, find_dates, find_partial_dates
from .months import weekday_alternation, weekday_numbers
from .split import SECTION_NAMES

# Words that may stand beside the month on its heading: a section's name ("Events",
# "Agenda"), not an event's ("Hackathon, May 2025").
SECTION_WORDS = SECTION_NAMES | frozenset({
    "newsletter", "nyhetsbrev", "nyhedsbrev", "nieuwsbrief", "boletín", "boletim",
    "bollettino", "rundbrief", "zpravodaj", "spravodajca", "biuletyn", "uutiskirje",
    "arkiv", "archivo", "archivio", "archief", "calendar", "kalender", "kalendář",
    "kalendár", "calendario", "calendrier", "agenda", "program", "programme", "programm",
})  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+")
MAX_LABEL_CHARS = 40


def month_label(line: str) -> date | None:
    """The month (its 1st) a short line names alone, or beside a section's name; None
    for any other line."""
    line = line.strip()
    if not line or len(line) > MAX_LABEL_CHARS or "\n" in line:
        return None
    spans = find_dates(line)
    if len(spans) != 1 or spans[0].precision != "month":
        return None
    span = spans[0]
    if (span.start.year, span.start.month) != (span.end.year, span.end.month):
        return None
    rest = line[: span.offset] + " " + line[span.offset + len(span.text) :]
    words = [w.casefold() for w in _WORD.findall(rest)]
    if len(words) > 1 or not all(w in SECTION_WORDS for w in words):
        return None
    return span.start


def month_headings(text: str) -> tuple[tuple[int, date, str], ...]:
    """Every line of `text` that is a month heading: its offset, its month and its words."""
    found: list[tuple[int, date, str]] = []
    at = 0
    for line in text.split("\n"):
        month = month_label(line)
        if month is not None:
            found.append((at + len(line) - len(line.lstrip()), month, line.strip()))
        at += len(line) + 1
    return tuple(found)


def heading_year(
    headings: tuple[tuple[int, date, str], ...], at: int, month: int, day: int | None
) -> tuple[int, str] | None:
    """The year of a yearless (month, day) at offset `at` from the month heading above it,
    with the words that say so; None without a heading above or one that fits."""
    above = [h for h in headings if h[0] < at]
    if not above:
        return None
    _, first, words = above[-1]
    anchor = Anchor(first.replace(day=15), first.year, f"the month heading {words!r}", None)
    year = pick_year(month, day, anchor)
    return None if year is None else (year, anchor.source)


def month_lines(text: str, spans: list[DateSpan], after: int) -> list[DateSpan]:
    """The `spans` of `text` past `after` (an item's heading) that are a month line over
    a line dating a day of that month ("MARS 2026" / "Mardi 17 mars 2026 | Petit-déjeuner
    export"): the heading of the month's events, no event. Over a title ("Березень 2027"
    / "Бізнес-місія до Польщі") the month is a card's date and stays."""
    return [
        s
        for s in spans
        if s.precision == "month"
        and s.offset >= after
        and month_label(_line_of(text, s)) is not None
        and _month_below(text, s, spans)
    ]


def _month_below(text: str, label: DateSpan, spans: list[DateSpan]) -> bool:
    end = text.find("\n", label.offset + len(label.text))
    if end < 0:
        return False
    start = len(text) - len(text[end:].lstrip())
    below = text[start:].split("\n", 1)[0]
    months = [s.start.month for s in find_dates(below) if s.precision == "day"]
    months += [p.first[0] for p in find_partial_dates(below) if p.first[1] is not None]
    months += [  # a day line the heading dates ("Do 12": `weekday_days`)
        s.start.month
        for s in spans
        if s.precision == "day" and start <= s.offset < start + len(below)
    ]
    return label.start.month in months


def _line_of(text: str, span: DateSpan) -> str:
    start = text.rfind("\n", 0, span.offset) + 1
    end = text.find("\n", span.offset + len(span.text))
    return text[start : len(text) if end < 0 else end]


def _day_line() -> re.Pattern[str]:
    return re.compile(
        rf"^[^\S\n]{{0,3}}(?P<wd>{weekday_alternation()})\.?,?[^\S\n]{{1,3}}"
        r"(?P<d>3[01]|[12]\d|0?[1-9])\.?(?=[^\S\n]*(?:$|[|–—-]|\d{1,2}[:.]\d\d))",
        re.IGNORECASE | re.MULTILINE,
    )


def weekday_days(
    text: str, headings: tuple[tuple[int, date, str], ...], base: int, taken: list[range]
) -> list[DateSpan]:
    """Lines of `text` (at `base` in the page) that open with a weekday and a day alone
    ("Do 12", "Tue 3 | 18:00"), under a month heading ("März 2026"): that month's day,
    where the weekday is the day's own (12 March 2026 is a Thursday, "Do"); `taken`, the
    places of the dates already read."""
    found: list[DateSpan] = []
    for m in _day_line().finditer(text):
        if any(m.start() in r or m.end() - 1 in r for r in taken):
            continue
        above = [h for h in headings if h[0] < base + m.start()]
        if not above:
            continue
        _, first, words = above[-1]
        try:
            day = first.replace(day=int(m.group("d")))
        except ValueError:  # 31 in a month of 30
            continue
        if day.weekday() not in weekday_numbers().get(m.group("wd").lower(), frozenset()):
            continue
        source = f"the month heading {words!r}"
        found.append(DateSpan(day, day, m.group(0).strip(), m.start(), "day", None, source))
    return found
