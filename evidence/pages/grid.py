"""A month's calendar grid: its events, each with the day of the cell it stands in.

A calendar page ("Kalendár podujatí", The Events Calendar's month view) draws a month as
a table or an ARIA grid: a cell per day, the day's number in it, the events of that day
as links or small headings under the number, the month and year once, above the grid
("október 2025") or in each cell's `<time datetime="2025-05-08">`. Read as text, the grid
is a column of numbers and titles with nothing tying a title to its day. Here each event
becomes a card (`listing.Card`): its title, the text of its cell, and its day: the cell's
`datetime` as the page's markup writes it ("2025-05-08"), else the cell's number and the
grid's month label ("8 október 2025"), both what the page states. An event shown in
several days' cells in a row (a two-day conference) is one card from its first to its
last day, up to a week (`MAX_RUN_DAYS`); beyond, it recurs daily and each day is a
card. A cell's number before the month's "1" or after its last day is another month's,
and is read from its `datetime`, else as a day of the month before or after the label's
("2" after the 31 of "marzec 2026" is 2 April 2026, written as ISO 8601).
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import Any

from .dates import find_dates, find_partial_dates
from .listing import HEADING_HERE, Card, clean, text_lines
from .markup import iso_day

_DAY = re.compile(r"\s*(3[01]|[12]\d|0?[1-9])(?!\d)")
_TITLES = ("h2", "h3", "h4", "h5", "h6")
MIN_CELLS = 28  # four weeks at least
# An event in more consecutive cells than this is one that recurs daily, one card a day:
# a fair or a congress lasts a week at most, a month-long run is no one event.
MAX_RUN_DAYS = 7


def _cells(grid: Any) -> list[Any]:
    """The grid's day cells: its `<td>`s or ARIA grid cells that hold no cell themselves
    (a calendar library wraps its day table in a table's cell)."""
    if grid.tag == "table":
        cells = list(grid.iter("td"))
        return [c for c in cells if next(c.iterdescendants("td"), None) is None]
    cells = [c for c in grid.iter() if _is_grid(c, "gridcell")]
    return [c for c in cells if not any(_is_grid(d, "gridcell") for d in c.iterdescendants())]


def _is_grid(elem: Any, role: str = "grid") -> bool:
    if not isinstance(elem.tag, str):
        return False
    return elem.get("role") == role or (role == "grid" and elem.tag == "table")


def _grids(tree: Any) -> list[Any]:
    """The page's tables and ARIA grids that hold no other: FullCalendar draws its month
    as a table of day cells inside the cell of another, which is no calendar of its own."""
    return [e for e in tree.iter() if _is_grid(e) and not any(map(_is_grid, e.iterdescendants()))]


def _month_label(grid: Any) -> str | None:
    """The month and year written above the grid (or in its caption): "október 2025"."""
    caption = grid.find("caption")
    candidates = [caption] if caption is not None else []
    node = grid
    for _ in range(3):  # the grid's preceding siblings, then its parent's
        candidates.extend(node.itersiblings(preceding=True))
        node = node.getparent()
        if node is None:
            break
    for elem in candidates:
        for part in elem.iter():
            if not isinstance(part.tag, str):
                continue
            text = clean(part.text or "")
            spans = find_dates(text) if len(text) <= 40 else []
            if len(spans) == 1 and spans[0].precision == "month" and spans[0].text == text:
                return text
    return None


def _cell_iso(cell: Any) -> str | None:
    """The day the cell's own `data-` attributes name (FullCalendar's `data-date`, The
    Events Calendar's older `data-day`), else the first a `datetime` in it names, as the
    markup writes it. (An event's own `data-` dates inside a cell may be another day's:
    a conference that started the day before.)"""
    for name, value in cell.attrib.items():
        if name.startswith("data-") and iso_day(value) is not None:
            return value.strip()[:10]
    for elem in cell.iter():
        value = (elem.get("datetime") or "").strip() if isinstance(elem.tag, str) else ""
        if iso_day(value) is not None:
            return value[:10]
    return None


def _day_label(elem: Any) -> bool:
    """The element holds the cell's day (a `datetime` naming a whole day): the cell's
    number, however it is written ("<h3><span>1 event, </span><time datetime="2024-12-03">3
    </time></h3>" in The Events Calendar), not an event's title."""
    return any(
        isinstance(part.tag, str) and iso_day(part.get("datetime")) is not None
        for part in elem.iter()
    )


def _events(cell: Any) -> list[tuple[str, list[str]]]:
    """The cell's events: (title, the other lines of the event's block)."""
    titles = [h for h in cell.iter(*_TITLES) if not _day_label(h)]
    titles = titles or [a for a in cell.iter("a") if not _day_label(a)]
    events = []
    for title in titles:
        name = clean("".join(title.itertext()))
        if len(name) < 4 or not re.search(r"[^\W\d_]{3}", name):
            continue
        block = title.getparent() if title.getparent() is not cell else title
        lines = [line for line in text_lines(block, title) if line not in (name, HEADING_HERE)]
        events.append((name, lines))
    return events


def grid_cards(tree: Any) -> list[Card]:
    """The events of the page's month grids, one card each."""
    cards: list[Card] = []
    for grid in _grids(tree):
        cells = _cells(grid)
        numbers = [_number(cell) for cell in cells]
        if len(cells) < MIN_CELLS or not _calendar(numbers):
            continue
        label = _month_label(grid)
        first = find_dates(label)[0].start if label else None
        ones = [i for i, n in enumerate(numbers) if n == 1]
        own = range(ones[0], ones[1] if len(ones) > 1 else len(cells)) if ones else range(0)
        runs: list[list[Any]] = []  # [title, days, lines, last cell]
        open_runs: dict[str, list[Any]] = {}
        for i, (cell, number) in enumerate(zip(cells, numbers, strict=True)):
            day = _cell_iso(cell) or _cell_day(number, i, own, label, first)
            for name, lines in _events(cell) if day else ():
                run = open_runs.get(name)
                if run is not None and run[3] == i - 1:  # the same event the day after
                    run[1].append(day)
                    run[3] = i
                    continue
                open_runs[name] = [name, [day], lines, i]
                runs.append(open_runs[name])
        for name, days, lines, _ in runs:
            joined = "\n".join(lines)
            if find_dates(joined) or find_partial_dates(joined):  # the event states its days
                cards.append(Card(name, tuple(lines)))
            elif len(days) > MAX_RUN_DAYS:  # a daily event (a breakfast every day), each day
                cards.extend(Card(name, (day, *lines)) for day in days)
            else:
                span = days[0] if len(days) == 1 else f"{days[0]} – {days[-1]}"
                cards.append(Card(name, (span, *lines)))
    return cards


def _cell_day(
    number: int | None, i: int, own: range, label: str | None, first: date | None
) -> str | None:
    """The day of cell `i` from its number: in the labelled month ("4 marzec 2026"), or
    in the month before its "1" or after its last day, as ISO 8601 ("2026-04-02")."""
    if not number or label is None or first is None or not own:
        return None
    if i in own:
        return f"{number} {label}"
    months = first.year * 12 + first.month - 1 + (-1 if i < own.start else 1)
    try:
        return date(months // 12, months % 12 + 1, number).isoformat()
    except ValueError:  # no such day in that month
        return None


def _calendar(numbers: list[int | None]) -> bool:
    """Day numbers in a calendar's order: each the one before plus one, or a month's 1
    (a table of figures has numbers too, in no such order)."""
    days = [n for n in numbers if n is not None]
    steps = sum(1 for a, b in pairwise(days) if b in (a + 1, 1))
    return len(days) >= MIN_CELLS and steps >= 0.9 * (len(days) - 1)


def _number(cell: Any) -> int | None:
    """The cell's day number: the day its `datetime` names, else the number its text
    opens with (a screen reader's "1 event, 3" opens with a count, not the day)."""
    iso = _cell_iso(cell)
    if iso is not None:
        return int(iso[8:10])
    m = _DAY.match(clean("".join(cell.itertext())))
    return int(m.group(1)) if m else None
