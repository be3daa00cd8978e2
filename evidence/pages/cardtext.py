"""The text a page is read as from its cards: the listing's cards, or its month grid's,
and the sections that stand beside a listing in the page's content.

A listing's page often has more than its cards: a "Past events" heading over a plain list
of links ("Julmingel – 2025-12-10"), an archive holding a single card, an intro
paragraph. Read as cards, the page would lose them, and with them its past events; so
the blocks beside the listing (the other children of its cards' parent, and of that
parent's parent unless it is the page's `<main>` or `<body>`) are read too, in page
order, where they name a date: a heading kept only over such a block, a block holding
one card read as that card. What stands beside the page (sidebars, menus, footers) and
the page's title stay out.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import find_dates
from .listing import (
    Card,
    article_beside,
    beside_the_page,
    clean,
    dated,
    misread,
    read_card,
    text_lines,
    title_elements,
)

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def cards_read(
    cards: list[Card], grid: list[Card], blocks: list[str], title: str | None
) -> tuple[str, tuple[str, ...]] | None:
    """The text and headings the page is read as when `blocks` (trafilatura's) misread
    it: its listing's `cards` whose badges or titles the text lost, else its month
    `grid`, unless an article stands beside it; None keeps `blocks`. The cards and the
    grid are found once per page by the caller, whatever number of readings it tries."""
    chosen = cards if cards and misread(cards, blocks) else grid
    beside = chosen is grid and article_beside(grid, blocks) and not _grid_bare(grid, blocks)
    if not chosen or beside:
        return None
    if chosen is grid and title and _names_a_month(title):
        title = None  # "Events for December 2024": the month view's label, no event
    if chosen is cards:
        text, headings = listing_blocks(cards, title)
    else:
        text, headings = card_blocks(chosen, title)
    return "\n\n".join(text), tuple(headings)


# A month grid's week as trafilatura writes a table's row: "23 | 24 | 25 | 26 | 27 | 28 | 1".
_DAY_NUMBER = r"(?:3[01]|[12]\d|0?[1-9])"
_WEEK_ROW = re.compile(rf"[ \t]*(?:{_DAY_NUMBER}[ \t]*\|[ \t]*){{6}}{_DAY_NUMBER}[ \t]*")
MIN_WEEKS = 4


def _grid_bare(grid: list[Card], blocks: list[str]) -> bool:
    """The text keeps the month grid's weeks, their day numbers, but none of its events
    (trafilatura drops a cell's links): the grid is the page's main content, misread,
    whatever text stands around it (an intro, a list of recurring events, the page's
    metadata), where a calendar widget beside an article is not in the text at all."""
    lines = [line for block in blocks for line in block.split("\n")]
    weeks = sum(1 for line in lines if _WEEK_ROW.fullmatch(line))
    flat = clean("\n".join(blocks))
    return weeks >= MIN_WEEKS and not any(card.heading in flat for card in grid)


def _names_a_month(title: str) -> bool:
    """The title's one date is a month ("Events for December 2024", "Veranstaltungen im
    März 2025"): on a calendar's month view, the month shown, which its cells date."""
    spans = find_dates(title)
    return (
        len(spans) == 1
        and spans[0].precision == "month"
        and spans[0].start.month == spans[0].end.month
    )


def listing_blocks(cards: list[Card], title: str | None) -> tuple[list[str], list[str]]:
    """`card_blocks` of the listing's cards with the dated sections beside it
    (`_beside`), each where the page puts it."""
    first = next((c.elem for c in cards if c.elem is not None), None)
    if first is None:
        return card_blocks(cards, title)
    root = first.getroottree().getroot()
    order = {elem: n for n, elem in enumerate(root.iter())}
    units: list[tuple[int, Card | str | list[str]]] = [
        (order.get(card.elem, 0), card) for card in cards
    ]
    first_card = min(order.get(card.elem, 0) for card in cards)
    units += [
        (order.get(elem, 0), unit)
        for elem, unit in _beside(cards)
        if order.get(elem, 0) > first_card or isinstance(unit, Card)
    ]
    units.sort(key=lambda unit: unit[0])
    blocks: list[str] = [title] if title else []
    headings: list[str] = list(blocks)
    run: list[Card] = []
    kept = _kept([unit for _, unit in units])
    for unit in [*kept, None]:
        if isinstance(unit, Card):
            run.append(unit)
            continue
        if run:
            more, marked = card_blocks(run, None)
            blocks += more
            headings += marked
            run = []
        if isinstance(unit, str):
            blocks.append(unit)
            headings.append(unit)
        elif unit is not None:
            blocks.append("\n".join(unit))
    return blocks, headings


def _kept(units: list[Card | str | list[str]]) -> list[Card | str | list[str]]:
    """The units without a heading that no dated block follows (a "Newsletter" heading
    over a form, a heading over the next cards)."""
    kept = []
    for n, unit in enumerate(units):
        after = units[n + 1] if n + 1 < len(units) else None
        if isinstance(unit, str) and not isinstance(after, list):
            continue
        kept.append(unit)
    return kept


def _beside(cards: list[Card]) -> list[tuple[Any, str | list[str] | Card]]:
    """The dated blocks beside the listing: (element, a heading's text, a block's lines
    or the one card it holds)."""
    elems = {card.elem for card in cards if card.elem is not None}
    parents = {elem.getparent() for elem in elems} - {None}
    around: list[Any] = []
    for parent in parents:
        around += list(parent)
        up = parent.getparent()
        if up is not None and parent.tag not in ("main", "body") and parent.get("role") != "main":
            around += list(up)
    found: list[tuple[Any, str | list[str] | Card]] = []
    seen: set[Any] = set()
    for elem in around:
        if elem in seen or elem in elems or elem in parents or not isinstance(elem.tag, str):
            continue
        seen.add(elem)
        if elem.tag == "h1" or beside_the_page(elem) or _holds(elem, elems):
            continue
        if elem.tag in _HEADINGS:
            if line := clean("".join(elem.itertext())):
                found.append((elem, line))
            continue
        lines = text_lines(elem, None)
        if not lines or not dated(lines):
            continue
        inner = [*elem.iter(*_HEADINGS)] or title_elements(elem)
        card = read_card(elem, inner[0]) if len(inner) == 1 else None
        found.append((elem, card if card is not None else lines))
    return found


def _holds(elem: Any, cards: set[Any]) -> bool:
    return any(part in cards for part in elem.iter())


def card_blocks(cards: list[Card], title: str | None) -> tuple[list[str], list[str]]:
    """Blocks of text and which are headings: the page's title, then each card."""
    blocks: list[str] = [title] if title else []
    headings: list[str] = list(blocks)
    month = None
    for card in cards:
        if card.month and card.month != month:  # its own item: `itemdates` leaves it out
            blocks.append(card.month)
            headings.append(card.month)
        month = card.month
        blocks.append(card.heading)
        headings.append(card.heading)
        if card.lines:
            blocks.append("\n".join(card.lines))
    return blocks, headings
