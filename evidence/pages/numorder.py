"""Which number comes first in a page's slashed dates: the day or the month.

"06/10/2024" is 6 October on a European page and June 10 on an American one; read
alone, it is read day first (`dates`), as most cluster pages write it. A page writes
all its dates one way, though, and a date whose first number is over 12 ("20/05/2024")
proves the page day-first, one whose second is over 12 ("05/20/2024": a Drupal site
left at its US default) proves it month-first. `page_order` decides a page from its
unambiguous dates, and `in_page_order` reads the ambiguous ones of a month-first page
month first, so that a news list's "05/20/2024 ... 06/10/2024 ... 03/06/2024" are
May 20, June 10 and March 6. A page with both kinds, or with none, stays day-first:
nothing is swapped on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

_SLASHED = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_MONTH_FIRST: ContextVar[bool] = ContextVar("month_first", default=False)


# An HTML element stating its day for machines and showing it slashed: `<time
# datetime="2024-03-05T12:00:00Z">Tue, 03/05/2024 - 13:00</time>` (a Drupal date field).
_STATED = re.compile(
    r"(?:datetime|content)\s*=\s*[\"']((?:19|20)\d\d)-(\d\d)-(\d\d)[^\"'<>]*[\"'][^<>]*>"
    r"([^<>]{0,60})"
)


def month_first(text: str) -> bool:
    """The page's slashed dates put the month first: some cannot be read day first
    ("05/20/2024") or the HTML says which day an ambiguous one is (`datetime="2024-03-05"`
    on "03/05/2024"), and none says the day comes first ("20/05/2024")."""
    day_first = month_led = False
    for m in _SLASHED.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        day_first = day_first or (a > 12 and b <= 12)
        month_led = month_led or (b > 12 and a <= 12)
    for m in _STATED.finditer(text):
        shown = _SLASHED.search(m.group(4))
        if shown is None or shown.group(3) != m.group(1) or shown.group(1) == shown.group(2):
            continue
        month, day = int(m.group(2)), int(m.group(3))
        a, b = int(shown.group(1)), int(shown.group(2))
        month_led = month_led or (a, b) == (month, day)
        day_first = day_first or (a, b) == (day, month)
    return month_led and not day_first


@contextmanager
def page_order(text: str) -> Iterator[None]:
    """Read the slashed dates found inside as the page `text` writes them."""
    token = _MONTH_FIRST.set(month_first(text))
    try:
        yield
    finally:
        _MONTH_FIRST.reset(token)


def month_first_day(text: str, start: date, end: date) -> date | None:
    """The day a date found as `text` (from `start` to `end`) is when read month first:
    an ambiguous slashed day ("06/10/2024") on a month-first page (`page_order`); None
    for any other (`dates.find_dates` keeps it as found). Plain values, not the span, so
    that this module needs nothing of `dates`, which calls it."""
    if not _MONTH_FIRST.get():
        return None
    m = _SLASHED.fullmatch(text.strip("()"))
    if m is None or start != end:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if month > 12 or day > 12 or month == day:
        return None
    return date(year, month, day)
