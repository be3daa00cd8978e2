"""The date line next to a page's title, when trafilatura dropped it.

An event page or a news article states its date in a short line right under (or over)
its `<h1>`: "Event · <time>15 October 2025</time> · Science Park Skellefteå", "Posted
on 3 March 2025". Themes class that line `meta`, `byline` or `date`, and trafilatura
leaves such lines out as boilerplate; the event's page then has no date in its text at
all. A short block beside the title that names a date and is not in the main text is
put back under the title, as the page shows it, and is then read as any line of text;
a line that its markup marks as the page's own (a by-line, `class="entry-date
published"`, an author) is not: it is no item's date, and a by-line of seven words is
more than `anchor` can tell from an event's line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .dates import find_dates, find_partial_dates
from .listing import PUBLICATION, clean, text_lines

MAX_LINE_CHARS = 150  # a date line, not a paragraph
_NEAR = 2  # blocks looked at on either side of the title


def _text(elem: Any) -> str:
    """The element's text, inline parts apart by a space ("15 October 2025 · Skellefteå")."""
    return " ".join(text_lines(elem, None))


_BLOCKS = frozenset(("p", "div", "ul", "ol", "li", "dl", "table", "tr", "section", "article"))


def _simple(elem: Any) -> bool:
    """One line of the page (no blocks inside: a table of a project's data is no date
    line), and no publication's or author's markup in it (a by-line is the page's date,
    and trafilatura was right to leave it for `anchor` to miss)."""
    for part in elem.iter():
        if not isinstance(part.tag, str) or (part is not elem and part.tag in _BLOCKS):
            return False
        if PUBLICATION.search(f"{part.get('class') or ''} {part.get('itemprop') or ''}"):
            return False
    return True


MAX_DETAILS_CHARS = 140  # a few short lines: a date, a time, a place, a price


def _detail_lines(elem: Any) -> list[str]:
    """The lines of a block of short detail lines beside the title (an event page's
    "<div class=details><div><img>Thu, 12 Sep 2024</div><div>09:30 - 16:30</div>
    <div>Glasgow</div></div>"), when the block is only
    `<div>`s, `<p>`s and `<span>`s (no table of data, no list), is short, and holds no
    publication's or author's markup. They are one line, as the page shows them side by
    side: the date with its time and place is the event's, where a date alone under a
    title would be read as the day the page was posted."""
    for part in elem.iter():
        if not isinstance(part.tag, str):
            continue
        if part.tag in _BLOCKS and part.tag not in ("div", "p"):
            return []
        if PUBLICATION.search(f"{part.get('class') or ''} {part.get('itemprop') or ''}"):
            return []
    lines = text_lines(elem, None)
    return [" · ".join(lines)] if sum(map(len, lines)) <= MAX_DETAILS_CHARS else []


def _dated(line: str, published: date | None) -> bool:
    """The line names a date, and not the page's publication date ("12 March 2025 · 3
    min read" on a post of 12 March is its by-line)."""
    days: list[tuple[int, int | None]] = [(s.start.month, s.start.day) for s in find_dates(line)]
    days += [p.first for p in find_partial_dates(line)]
    return bool(days) and (published is None or (published.month, published.day) not in days)


def title_date_lines(
    tree: Any, title: str, text: str, published: date | None = None
) -> tuple[list[str], list[str]]:
    """The date lines over and under the page's one `<h1>` (whose text is `title`) that
    `text` lacks: (lines above it, lines below it), in page order; `published`: the page's
    publication date, which such a line names when it is a by-line."""
    heads = [h for h in tree.iter("h1") if clean("".join(h.itertext()))]
    if len(heads) != 1 or clean("".join(heads[0].itertext())) != title:
        return [], []
    flat = clean(text)
    head = heads[0]
    found: tuple[list[str], list[str]] = ([], [])
    for side, siblings in enumerate(
        (head.itersiblings(preceding=True), head.itersiblings())  # above: nearest first
    ):
        for n, elem in enumerate(siblings):
            if n >= _NEAR or not isinstance(elem.tag, str):
                break
            for line in _lines(elem, nearest=-1 if side == 0 else 0):
                if 0 < len(line) <= MAX_LINE_CHARS and _dated(line, published) and line not in flat:
                    found[side].append(line)
    return found[0][::-1], found[1]


_WRAPPERS = ("div", "section")
_DEPTH = 3  # wrappers looked into: a CMS nests a node's fields in a few


def _lines(elem: Any, nearest: int) -> list[str]:
    """The date line `elem` is, or holds as its block nearest the title (its first child
    below the title, its last above): a CMS wraps a node's fields in a content block
    (Drupal's `<div class="node__content"><div class="field--name-field-datum">Datum
    ...`), whose first field is the line beside the title."""
    for _ in range(_DEPTH):
        if _simple(elem):
            return [_text(elem)]
        if lines := _detail_lines(elem):
            return lines
        children = [c for c in elem if isinstance(c.tag, str)]
        if elem.tag not in _WRAPPERS or not children:
            return []
        elem = children[nearest]
    return []
