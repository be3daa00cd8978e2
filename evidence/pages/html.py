"""The main text of an HTML page and the date the page states it was published.

A cluster's news page is mostly not news: menus, cookie banners, a sidebar of upcoming
events, comments, a footer with the year. Read whole, its dates become items that the
page is not about. trafilatura (a library made for this) finds the article; we turn its
structure into plain text in which every heading is a line of its own between blank
lines, which is what `split` reads as a heading in a text page.

trafilatura runs with its defaults (balanced) and `fast=True`: the slower comparison
with readability and jusText is skipped because jusText returns paragraphs without
headings, and headings are where items start. On a page whose article is short (under
250 characters) trafilatura's defaults end in a flat dump of the whole page (one
paragraph, headings gone); we notice that and ask again accepting an article of any
length. When that finds nothing either (a bare list, a tiny page of headings) the whole
`<body>` is read, block by block, with the block tags `split` uses for HTML.
`MainText.method` says which reading was used (and `why`), so the importer can note it.
A page whose text names no date at all while its JSON-LD describes events (a Meetup or
Eventbrite widget drawn by a script, its dates only in the markup for machines) is
read as those events' cards (`markup.json_events`): name, days, place, as the markup
states them.

The publication date comes from htmldate with `extensive_search=False`: only what the
page's markup states (meta tags, JSON-LD, `<time>`, elements classed as a date or
by-line, the canonical URL, a timestamp in the markup); the free-text search is off
because it picks the most likely date among all the dates in the text, and on a news
page that may well be the event's. It is only ever an anchor for years a date phrase
leaves out (`anchor`).

Nothing is fetched: the page is parsed once with lxml (no network, no entities
resolved) and both libraries get the parsed tree, never the string (htmldate downloads
a string that looks like a URL). Pages over `MAX_HTML_CHARS` are refused with
`PageTooLarge`, which the importer reports as a finding.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from html.entities import codepoint2name
from typing import Any, Literal

from .cardtext import card_blocks, cards_read
from .datelines import keep_date_lines
from .dates import find_dates, find_partial_dates
from .grid import grid_cards
from .labels import separate_labels
from .listing import Card, clean, find_cards
from .markup import event_dates, json_events, marked_event_days, publication, publication_lines
from .sidebar import beside_list, upcoming_events
from .struck import drop_struck
from .titleline import title_date_lines
from .xmltext import render

# 10 MB: far above any real news or project page (a few hundred kB, scripts included);
# a 9 MB page of text is read (whole) in about 5 s here.
MAX_HTML_CHARS = 10_000_000
# trafilatura's time grows faster than the page (here: 1 s for 0.6 million characters of
# text in 10,000 elements, 27 s for 6 million; 1 s for 20,000 list items, 47 s for
# 300,000): a page above either limit is no article, and is read whole.
MAX_ARTICLE_CHARS = 1_000_000
MAX_ARTICLE_ELEMENTS = 30_000
Method = Literal["main text", "whole body", "cards"]


class PageTooLarge(ValueError):
    """The page is larger than `MAX_HTML_CHARS` (or `limit`): not read at all."""

    def __init__(self, size: int, limit: int = MAX_HTML_CHARS, what: str = "characters") -> None:
        super().__init__(
            f"the page has {size:,} {what}, more than the {limit:,} a page "
            "may have; not read (save the article alone, or split the page)"
        )
        self.size = size


@dataclass(frozen=True)
class MainText:
    """A page's text as the importer reads it.

    `text` has one block per paragraph, list, table or heading, blocks separated by a
    blank line; `headings` are the lines that were headings in the HTML (`<h1>`-`<h6>`),
    in order. `method` is "main text" (trafilatura's article) or "whole body" (every
    block of `<body>`, when trafilatura found no article). `published` is the date the
    page's markup states, or None. "cards" is a listing or a month grid read from the
    HTML itself (`listing`, `grid`), where the text would misread it.
    """

    text: str
    published: date | None
    method: Method
    headings: tuple[str, ...] = ()
    why: str = ""  # why the whole body was read ("" for the main text)
    event_dates: tuple[date, ...] = ()  # the days its event markup states (`markup`)
    event_days: tuple[date, ...] = ()  # of those, the days only event markup states
    posted: tuple[str, ...] = ()  # the texts its markup marks as publication dates (`markup`)


def main_text(html: str) -> tuple[str, date | None]:
    """The page's main text (headings on lines of their own) and its publication date."""
    found = extract(html)
    return found.text, found.published


def extract(html: str) -> MainText:
    """`main_text` with the headings and the method used; raises `PageTooLarge`."""
    if len(html) > MAX_HTML_CHARS:
        raise PageTooLarge(len(html))
    tree = _parse(html)
    if tree is None:
        return MainText("", None, "whole body", why="the file holds no HTML that could be read")
    posted = publication_lines(tree)  # before anything changes the tree
    days = marked_event_days(tree)
    coming = upcoming_events(tree)
    described, title = json_events(tree), _page_title(tree)
    found = replace(_extract(tree), posted=posted, event_days=days)
    if not described or _any_date(found.text):
        return _with_upcoming(found, coming)
    # the dates are shown by a script, unless the page's own cards show more events than
    # its JSON-LD describes (a theme's markup for the next event only) and trafilatura
    # lost them
    listed = find_cards(tree)
    if len(listed) > len(described):
        blocks, headings = card_blocks(listed, title)
    else:
        cards = [Card(name, (days, *([place] if place else []))) for name, days, place in described]
        blocks, headings = card_blocks(cards, None if title == cards[0].heading else title)
    return replace(
        found, text="\n\n".join(blocks), method="cards", headings=tuple(headings), why=""
    )


def _with_upcoming(found: MainText, coming: list[tuple[str, str]]) -> MainText:
    """`found` with the sidebar's upcoming events its text lacks (`sidebar.beside_list`)."""
    added = beside_list(found.text, found.headings, coming)
    return found if added is None else replace(found, text=added[0], headings=added[1])


def _any_date(text: str) -> bool:
    return bool(find_dates(text) or find_partial_dates(text))


def _extract(tree: Any) -> MainText:
    events = event_dates(tree)
    published = publication(_published(tree), tree)
    _keep_times(tree)
    drop_struck(tree)
    separate_labels(tree)
    keep_date_lines(tree, published)
    chars, elements = _size(tree)
    if chars > MAX_ARTICLE_CHARS or elements > MAX_ARTICLE_ELEMENTS:
        why = (
            f"the page has more than {MAX_ARTICLE_CHARS:,} characters of text or "
            f"{MAX_ARTICLE_ELEMENTS:,} elements, too many to look for its article"
        )
        return replace(_whole_body(tree, published, why), event_dates=events)
    page_headings = any(
        clean("".join(h.itertext())) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")
    )
    title = _page_title(tree)
    cards, grid = find_cards(tree), grid_cards(tree)
    for short_article in (False, True):
        body = _trafilatura_body(tree, short_article)
        if body is None or _flattened(body, tree):
            continue
        blocks, headings = render(body)
        if (read := cards_read(cards, grid, blocks, title)) is not None:
            return MainText(read[0], published, "cards", read[1], event_dates=events)
        if title in blocks:  # the date line beside the title, when trafilatura dropped it
            above, below = title_date_lines(tree, title, "\n".join(blocks), published)
            at = blocks.index(title)
            blocks[at : at + 1] = [*above, title, *below]
        if title and not headings:
            blocks.insert(0, title)
            headings.insert(0, title)
        if (headings or not page_headings) and len(blocks) > len(headings):
            text = "\n\n".join(blocks)
            return MainText(text, published, "main text", tuple(headings), "", events)
    whole = _whole_body(tree, published, "no main text was found in the page")
    if (read := cards_read(cards, grid, [], title)) is not None:  # no article: cards are the page
        return MainText(read[0], published, "cards", read[1], event_dates=events)
    return replace(whole, event_dates=events)


def _parse(html: str) -> Any | None:
    """An lxml tree of the page, or None: trafilatura's loader (it repairs common faults),
    else lxml's own HTML parser; neither fetches anything nor resolves entities."""
    from lxml import etree
    from lxml import html as lxml_html
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, TypeError):
        tree = None
    if tree is None and html.strip():
        try:
            tree = lxml_html.document_fromstring(html)
        except (ValueError, etree.ParserError):
            tree = None
    return tree


def _keep_times(tree: Any) -> None:
    """Turn every `<time>` into a `<span>`, text and all, once htmldate has read them.

    trafilatura deletes `<time>` elements with their text (they are in its list of
    elements to clean), and event pages write their dates in them: "<li><time
    datetime="2025-09-11">11 september 2025</time> – Netwerkborrel</li>" came out as
    "– Netwerkborrel", an event without its date. The text is what the page says; the
    `datetime` attribute is never read as an item's date.
    """
    for elem in list(tree.iter()):
        if _drawn_dash(elem):
            elem.text = " – "
    for elem in tree.iter("time"):
        elem.tag = "span"


# An empty element that a style sheet draws as the dash between a range's two `<time>`s
# (Squarespace's `<span class="event-datetime-divider"></span>` between "Dienstag, 15.
# September 2026" and "Freitag, 18. September 2026"): without its dash the two read as two
# days.
_DIVIDER = re.compile(r"(?i)divider|separator")


def _drawn_dash(elem: Any) -> bool:
    if not isinstance(elem.tag, str) or len(elem) or (elem.text or "").strip():
        return False
    if not _DIVIDER.search(elem.get("class") or ""):
        return False
    before = list(elem.itersiblings(preceding=True))
    after = list(elem.itersiblings())
    return any(e.tag == "time" for e in before) and any(e.tag == "time" for e in after)


def _published(tree: Any) -> date | None:
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(found) if found else None


@cache
def _short_article_config() -> Any:
    """trafilatura's settings, but any article length is enough: no whole-page dump."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _trafilatura_body(tree: Any, short_article: bool) -> Any | None:
    """trafilatura's article as its XML tree (`head`, `p`, `list`, `table`...), or None.

    The first pass uses trafilatura's defaults, under which a by-line in a `<div>` is
    kept; when the article is short (under 250 characters) those defaults end in a flat
    dump of the page, so the second pass accepts an article of any length.
    """
    from trafilatura import bare_extraction

    extra = {"config": _short_article_config()} if short_article else {}
    document = bare_extraction(
        tree, fast=True, include_comments=False, include_tables=True,
        include_formatting=True, include_links=False, include_images=False,
        deduplicate=False, with_metadata=False, **extra,
    )  # fmt: skip
    if document is None:
        return None
    body = document.get("body") if isinstance(document, dict) else document.body
    return body if body is not None and len(body) else None


_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "dt", "blockquote")


def _flattened(body: Any, tree: Any) -> bool:
    """trafilatura's last resort: a page of several blocks dumped as one paragraph."""
    if len(body) != 1 or body[0].tag != "p" or body[0].find("lb") is not None:
        return False
    blocks = 0
    for elem in tree.iter(*_BLOCK_TAGS):
        if clean("".join(elem.itertext())):
            blocks += 1
            if blocks > 1:
                return True
    return False


def _page_title(tree: Any) -> str | None:
    """The page's one `<h1>`, when it has exactly one (trafilatura may leave it out)."""
    titles = [clean("".join(h.itertext())) for h in tree.iter("h1")]
    titles = [t for t in titles if t]
    return titles[0] if len(titles) == 1 and len(titles[0]) <= 300 else None


_SKIP = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg",
                   "math", "title", "head"))  # fmt: skip
_BLOCK = frozenset((
    "p", "div", "li", "ul", "ol", "tr", "td", "th", "section", "article", "header",
    "footer", "main", "aside", "nav", "blockquote", "pre", "table", "dd", "dt", "dl",
    "figure", "figcaption", "form", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "body",
))  # fmt: skip
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def _size(tree: Any) -> tuple[int, int]:
    """The page's characters of text (scripts and styles aside) and its element count."""
    size = elements = 0
    for elem in tree.iter():
        elements += 1
        tag = elem.tag if isinstance(elem.tag, str) else ""
        if tag not in _SKIP:
            size += len(elem.text or "")
        size += len(elem.tail or "")
    return size, elements


def _whole_body(tree: Any, published: date | None, why: str) -> MainText:
    """Every text block of the page's body: the blocks `split` would see in the HTML.

    Walks lxml's tree with the same block and skip tags as `split`'s HTML reader; not
    that reader itself, because Python's HTMLParser takes quadratic time on some broken
    markup (thousands of unclosed "<a"), and lxml has parsed the page already.
    """
    from lxml import etree

    blocks: list[str] = []
    headings: list[str] = []
    parts: list[str] = []
    state = {"heading": False}

    def flush() -> None:
        lines = [clean(x) for x in "".join(parts).split("\n")]
        lines = [x for x in lines if x]
        if lines:
            blocks.append("\n".join(lines))
            if state["heading"]:
                headings.append(" ".join(lines))
        parts.clear()

    root = tree.find(".//body")
    walker = etree.iterwalk(root if root is not None else tree, events=("start", "end"))
    for event, elem in walker:
        tag = elem.tag.lower() if isinstance(elem.tag, str) else ""
        if event == "start":
            if tag in _SKIP or not tag:
                walker.skip_subtree()  # no text of its own; its tail comes at its "end"
                continue
            if tag == "br":
                parts.append("\n")
            elif tag in _BLOCK:
                flush()
                state["heading"] = tag in _HEADINGS
                if tag == "li":
                    parts.append("• ")
            parts.append(elem.text or "")
        else:
            if tag in _BLOCK:
                flush()
                state["heading"] = False
            if elem is not root:
                parts.append(elem.tail or "")
    flush()
    return MainText("\n\n".join(blocks), published, "whole body", tuple(headings), why)


# --- where a piece of the main text is in the raw HTML ----------------------------------

_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_INLINE = frozenset((
    "a", "abbr", "b", "bdi", "bdo", "cite", "em", "font", "i", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u",
))  # fmt: skip
_HEADING_TAG = re.compile(r"<h[1-6]\b", re.IGNORECASE)
_BODY_TAG = re.compile(r"<body\b", re.IGNORECASE)
# Between two words of a snippet the page may have whitespace, a no-break space, a tag.
_GAP = r"(?:\s|&nbsp;|&#160;|&#[xX]0*[aA]0;|<[^<>]{0,4000}>)+"


def _char_pattern(char: str) -> str:
    """A character as the page may write it: itself or an entity."""
    forms = [re.escape(char), f"&#0*{ord(char)};", f"&#[xX]0*{ord(char):x};"]
    name = codepoint2name.get(ord(char))
    if name:
        forms.append(f"&{name};")
    if char in "'\"" or ord(char) > 127:
        return "(?:" + "|".join(forms) + ")"
    return forms[0] if char.isalnum() or char.isspace() else "(?:" + "|".join(forms) + ")"


def source_offset(html: str, snippet: str, start: int = 0) -> int | None:
    """Where a piece of the main text (a heading, a sentence) starts in the raw HTML.

    Best effort: the snippet's words may be separated in the page by any whitespace or
    tags, and any character may be written as an entity. Among several places, one in
    `<h1>`-`<h6>` wins, else the first inside `<body>`. When the snippet starts an element
    the offset is that element's opening tag (as for the headings `split` finds). None
    when the snippet is not found. `start`: where to look from (the items of a page come
    in order, so each is looked for after the one before: a page of 30,000 items stays
    linear); the first eight words are enough to find a place.
    """
    words = html_lib.unescape(snippet).split()[:8]
    if not words or len(html) > MAX_HTML_CHARS or len(snippet) > 2000:
        return None
    pattern = _GAP.join("".join(_char_pattern(c) for c in word) for word in words)
    body = _BODY_TAG.search(html)
    body_at = body.start() if body else 0
    best: int | None = None
    for n, m in enumerate(re.compile(pattern).finditer(html, start, start + 2_000_000)):
        if n >= 50:
            break
        opened = _opening_tags_before(html, m.start())
        if _HEADING_TAG.match(html, opened):
            return opened
        if best is None and opened >= body_at:
            best = opened
    return best


def _opening_tags_before(html: str, raw: int) -> int:
    """`raw`, moved back to the element the text opens: over inline opening tags (`<a>`,
    `<span>`, ...) up to and including the first block tag (`<h2>`, `<p>`, `<div>`)."""
    pos = raw
    while True:
        back = pos
        while back > 0 and html[back - 1].isspace():
            back -= 1
        if back == 0 or html[back - 1] != ">":
            return pos
        lt = html.rfind("<", max(0, back - 4002), back)
        tag = _OPENING.fullmatch(html, lt, back) if lt >= 0 else None
        if tag is None:
            return pos
        pos = lt
        if tag.group(1).lower() not in _INLINE:
            return pos
