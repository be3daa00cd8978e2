"""Date lines that trafilatura would clean away for their class, kept for the text.

trafilatura discards, before it looks for the article, every element whose class or id
has one of its boilerplate words: "meta", "timestamp", "bar", "banner", "widget",
"slide", "-icon"... Event cards write their date line in just such an element
(`<p class="event-meta">donderdag 13 februari 2025 | 15:00 - 17:30 | Enschede</p>`),
and the card's day then never reaches the text. Here, before trafilatura runs, a short
element whose own text names a whole date (a day, a month and a year) loses its class
and id, so that it is read as any paragraph. A date line is a line: an element of more
than `MAX_LINE_CHARS` characters, one holding blocks, one in a sidebar, menu or footer
(`listing.beside_the_page`), and one its markup marks as the page's own by-line
(`listing.PUBLICATION`: "entry-date", "posted", "author"; WordPress's "entry-meta" and
"post-meta", a post's by-line), and one that names the page's publication date (a
by-line: "14. März 2025 · Redaktion") are left to trafilatura. A short list that holds
such a line (Squarespace's "eventitem-meta": day, time, place) is kept with it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .dates import find_dates
from .listing import PUBLICATION, beside_the_page, clean

MAX_LINE_CHARS = 200  # a date line with its time and place, not a paragraph
# trafilatura's boilerplate words for classes and ids (its `OVERALL_DISCARD_XPATH`) that
# a theme also gives to a date line.
_BOILERPLATE = re.compile(
    r"meta|timestamp|info|bar|banner|widget|slide|icon|overlay|expand|rating", re.IGNORECASE
)
_BYLINE = re.compile(r"(?:entry|post)-?(?:meta|info)", re.IGNORECASE)
_BLOCKS = frozenset(("p", "div", "ul", "ol", "li", "dl", "table", "tr", "section", "article",
                     "h1", "h2", "h3", "h4", "h5", "h6"))  # fmt: skip


def keep_date_lines(tree: Any, published: date | None) -> None:
    """Strip the boilerplate class and id of every short date line of the page that does
    not name `published`, the page's publication date."""
    for elem in tree.iter("p", "div", "span", "li", "dd", "small"):
        names = f"{elem.get('class') or ''} {elem.get('id') or ''}"
        if not _BOILERPLATE.search(names) or PUBLICATION.search(names) or _BYLINE.search(names):
            continue
        if not _a_date_line(elem, published) or beside_the_page(elem):
            continue
        for attribute in ("class", "id"):
            elem.attrib.pop(attribute, None)
        _keep_holder(elem)


def _keep_holder(line: Any) -> None:
    """The short list that holds a date line ("eventitem-meta": the day, the time, the
    place, each an item of a `<ul>` classed "event-meta") loses its boilerplate class too:
    trafilatura would drop it whole, the date line with it."""
    holder = line.getparent()
    while holder is not None and holder.tag in ("ul", "ol", "div", "dl"):
        names = f"{holder.get('class') or ''} {holder.get('id') or ''}"
        if not _BOILERPLATE.search(names) or PUBLICATION.search(names) or _BYLINE.search(names):
            return
        if len(clean(" ".join(holder.itertext()))) > MAX_LINE_CHARS:
            return
        for attribute in ("class", "id"):
            holder.attrib.pop(attribute, None)
        holder = holder.getparent()


def _a_date_line(elem: Any, published: date | None) -> bool:
    """One short line of text, no blocks inside, that names a whole date, not `published`."""
    for part in elem.iterdescendants():
        if not isinstance(part.tag, str) or part.tag in _BLOCKS:
            return False
        if PUBLICATION.search(f"{part.get('class') or ''} {part.get('itemprop') or ''}"):
            return False
    text = clean(" ".join(elem.itertext()))
    if len(text) > MAX_LINE_CHARS:
        return False
    days = [span.start for span in find_dates(text)]
    return bool(days) and published not in days
