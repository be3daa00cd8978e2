"""A listing of cards: many sibling blocks, each a heading and a date, read from the HTML.

Event calendars and news archives show their items as cards: a date badge ("<span>12</span>
<span>BŘE</span>"), a title in `<h3>`, a place and a time. trafilatura, made for articles,
reads such a page badly: it drops the `<header>` and badge `<div>`s of the cards, keeps a
title or two, and glues the badge's spans into one word ("12BŘE"), so the cards' dates
never reach the text. Where the page has a listing (a parent whose children of one tag
and class are at least two cards, each holding exactly one `<h2>`-`<h6>` and a date
phrase in its text) and trafilatura's text lost a card's heading or date, or put a date
above its card's title, the cards are read here instead.

Each card becomes its heading on a line of its own, then the rest of its text in page
order, one line per block, with a space between inline elements (a badge's day and month
are two spans with nothing between them), so that `split` makes one item per card and
`dates` reads "12 BŘE". The heading comes first whatever the markup's order: a badge
above the title is the card's date, not the end of the card before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from .dateforms import CLOCK_TIME, weekday_before
from .dates import find_dates, find_partial_dates
from .sections import month_label

# What marks a date as the page's own (its publication), not an event's: a card's
# schema.org date inside one is no event's, and `markup` and `datelines` read it too.
PUBLICATION = re.compile(
    r"publish|entry-date|post-date|posted|byline|date-?created|updated|modified|author", re.I
)

_CARD_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_SKIP = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg",
                   "math", "button", "form", "select"))  # fmt: skip
_BLOCK = frozenset((
    "p", "div", "li", "ul", "ol", "tr", "td", "th", "section", "article", "header",
    "footer", "blockquote", "table", "dd", "dt", "dl", "figure", "figcaption", "br",
    "h1", "h2", "h3", "h4", "h5", "h6", "address",
))  # fmt: skip
MAX_CARD_CHARS = 3000  # a card is a teaser; a longer block is an article or a section


@dataclass(frozen=True)
class Card:
    heading: str
    lines: tuple[str, ...]  # the card's other text, one line per block, in page order
    date_above: bool = False  # a date line above the heading (the card before would get it)
    month: str | None = None  # the month heading above the card ("Marzo 2026"; `sections`)
    in_order: str = ""  # its text in page order, the heading where it stands (`article_beside`)
    elem: Any = field(default=None, compare=False)  # the card's element (`beside`)


def clean(text: str | None) -> str:
    """`text` with its whitespace collapsed: how a block's text is compared and shown."""
    return re.sub(r"\s+", " ", text or "").strip()


def text_lines(elem: Any, leave_out: Any) -> list[str]:
    """The element's text, one line per block, inline elements apart by a space."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if node is leave_out:
            parts.append(f"\n{HEADING_HERE}\n")
            return
        if tag in _SKIP or not tag:
            return
        block = tag in _BLOCK
        parts.append("\n" if block else " ")
        parts.append(_WHITESPACE.sub(" ", node.text or ""))  # a source's line breaks: spaces
        for child in node:
            walk(child)
            parts.append(" " if block else "")  # a badge's spans: "12" "BŘE"
            parts.append(_WHITESPACE.sub(" ", child.tail or ""))
        parts.append("\n" if block else " ")

    walk(elem)
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


_WHITESPACE = re.compile(r"\s+")
HEADING_HERE = "\x00"  # where the heading was, in `_lines`: what comes above it


def dated(lines: list[str]) -> bool:
    text = "\n".join(lines)
    return bool(find_dates(text) or find_partial_dates(text))


def _headings_per_element(tree: Any) -> dict[Any, list[Any]]:
    """The titles inside each element (each counted in its ancestors): its `<h2>`-`<h6>`,
    and in an element without a heading of its own, its titles by class (`title_elements`)."""
    inside: dict[Any, list[Any]] = {}
    for heading in tree.iter(*_CARD_HEADINGS):
        for ancestor in heading.iterancestors():
            inside.setdefault(ancestor, []).append(heading)
    titled: dict[Any, list[Any]] = {}
    for title in title_elements(tree):
        for ancestor in title.iterancestors():
            if ancestor not in inside:
                titled.setdefault(ancestor, []).append(title)
    return inside | titled


# A card's title by its class: the tools that draw event cards without a heading name
# the title's element for what it is ("mu-event-title", "event-card_title",
# "eventlist-title", "card__title"); a "subtitle" is not one.
_TITLE_CLASS = re.compile(r"(?<![^\W\d])title(?![^\W\d])", re.IGNORECASE)


def title_elements(tree: Any) -> list[Any]:
    """The elements classed as a title (Wix: `data-hook="...title"`), outside any
    heading and any other such title; an `<h1>` too when so classed (Squarespace titles
    each event of its list `<h1 class="eventlist-title">`)."""
    found: list[Any] = []
    seen: set[Any] = set()
    for elem in tree.iter():
        if not isinstance(elem.tag, str) or elem.tag in _CARD_HEADINGS:
            continue
        names = f"{elem.get('class') or ''} {elem.get('data-hook') or ''}"
        if not _TITLE_CLASS.search(names):
            continue
        if any(a.tag in _CARD_HEADINGS or a in seen for a in elem.iterancestors()):
            continue
        found.append(elem)
        seen.add(elem)
    return found


def find_cards(tree: Any) -> list[Card]:
    """The cards of the page's listing (at least two), else []: siblings of the same tag
    and class (a theme draws its cards alike; an article, its sidebar and its comments
    are three different blocks), each with one heading and a date. A page may show
    several groups ("Upcoming events" and "Past events", each its own `<section>`): the
    largest group, and with it every other group drawn alike or, on a page with a
    `<main>`, every group in it, in page order. A listing inside a sidebar, menu or
    footer (`beside_the_page`) is never the page's: "Other events" beside a short
    article would replace the article."""
    inside = _headings_per_element(tree)
    main = _main(tree)
    groups: list[tuple[tuple[str, str], Any, list[Card]]] = []
    for parent in inside:
        if beside_the_page(parent) or (main is not None and not _within(parent, main)):
            continue
        alike: dict[tuple[str, str], list[Any]] = {}
        for child in parent:
            if len(inside.get(child, ())) == 1 and child.tag not in _NOT_CARDS:
                alike.setdefault((child.tag, _drawn_as(child)), []).append(child)
        for key, children in alike.items():
            if len(children) < 2:
                continue
            cards = [
                replace(card, month=_month_above(child))
                for child in children
                if (card := read_card(child, inside[child][0]))
            ]
            if len(cards) >= 2:
                groups.append((key, children[0], cards))
    if not groups:
        return []
    best = max(groups, key=lambda group: len(group[2]))  # the first of the largest
    order = {elem: n for n, elem in enumerate(tree.iter())}
    chosen = [g for g in groups if g is best or main is not None or g[0] == best[0]]
    chosen.sort(key=lambda group: order.get(group[1], 0))
    return [card for group in chosen for card in group[2]]


_NOT_CARDS = frozenset(("nav", "aside", "footer", "form"))


def _month_above(card: Any) -> str | None:
    """The month heading among the siblings above the card (The Events Calendar's
    `tribe-events-list-separator-month` "Marzo 2026"): the year of its yearless date."""
    for sibling in card.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or sibling.tag in _SKIP:
            continue
        line = clean("".join(sibling.itertext()))
        if month_label(line) is not None:
            return line
    return None


def _drawn_as(elem: Any) -> str:
    """The element's classes without those that number it ("post-118", "mec-toggle-
    202610-118", a month's or an item's own) or say where it stands among its siblings
    (Contao's and many themes' zebra stripes "even"/"odd", "first"/"last"): how the
    theme draws it."""
    classes = (elem.get("class") or "").split()
    return " ".join(c for c in classes if not re.search(r"\d", c) and not _PLACE.search(c))


# Classes a template gives a block for its place in a list, not for what it is, alone or
# after the theme's prefix ("item-first", The Events Calendar's "tribe-events-last").
_PLACE = re.compile(r"(?:^|[-_])(?:even|odd|first|last|alt|alternate)$", re.IGNORECASE)


def beside_the_page(elem: Any) -> bool:
    """`elem` is, or is inside, a sidebar, menu or footer (`<aside>`, `<nav>`,
    `<footer>`, `role="complementary"`/`"navigation"`/`"contentinfo"`): what a theme puts
    beside every page (related events, recent posts), not what the page is about. A
    card's own `<footer>` (its place or link) is inside the card, never above it."""
    for node in (elem, *elem.iterancestors()):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _BESIDE_TAGS or node.get("role") in _BESIDE_ROLES:
            return True
    return False


def _main(tree: Any) -> Any | None:
    """The page's one `<main>` (or `role="main"`): where a theme puts what the page is
    about; a listing outside it is related content, whatever its markup."""
    mains = [e for e in tree.iter() if e.tag == "main" or e.get("role") == "main"]
    return mains[0] if len(mains) == 1 else None


def _within(elem: Any, container: Any) -> bool:
    return elem is container or any(a is container for a in elem.iterancestors())


_BESIDE_TAGS = frozenset(("nav", "aside", "footer"))
_BESIDE_ROLES = frozenset(("complementary", "navigation", "contentinfo"))


def read_card(elem: Any, heading: Any) -> Card | None:
    """The card `elem` is, when it has a title and a date and is short enough."""
    title = clean("".join(heading.itertext()))
    lines = text_lines(elem, heading)
    above = lines[: lines.index(HEADING_HERE)] if HEADING_HERE in lines else []
    in_order = " ".join(title if line == HEADING_HERE else line for line in lines)
    lines = _joined_days(_without_badge_days([line for line in lines if line != HEADING_HERE]))
    if title and not dated([title, *lines]) and (day := machine_day(elem)) is not None:
        lines.append(day)  # "12/09" or an icon on screen, "2024-09-12" in the markup
    if title and sum(map(len, lines)) <= MAX_CARD_CHARS and dated([title, *lines]):
        return Card(title, tuple(lines), bool(above) and dated(above), in_order=in_order, elem=elem)
    return None


_ISO = re.compile(r"\s*((?:19|20)\d\d-[01]\d-[0-3]\d)(?![\d])")


def machine_day(elem: Any) -> str | None:
    """The day the element's event markup states for machines, as it writes it:
    schema.org's `startDate` (microdata's `content` or a `datetime`), with the `endDate`
    when it is another day ("2024-09-12 – 2024-09-13"); the first of each. A bare
    `<time datetime>` is not enough (a calendar's day cell, a post's by-line), nor is a
    date marked as a publication ("entry-date published")."""
    start = end = None
    for part in elem.iter():
        if not isinstance(part.tag, str):
            continue
        parent = part.getparent()
        names = f"{part.get('class') or ''} {'' if parent is None else parent.get('class') or ''}"
        if PUBLICATION.search(names):
            continue
        props = (part.get("itemprop") or "").lower()
        if "startdate" not in props and "enddate" not in props:
            continue
        values = [part.get("content"), part.get("datetime")]
        day = next((m.group(1) for v in values if v and (m := _ISO.match(v))), None)
        if day is None:
            continue
        if "enddate" in props:
            end = end or day
        elif start is None:
            start = day
    if start is None:
        return None
    return f"{start} – {end}" if end and end > start else start


def _day_line(line: str) -> Any | None:
    """The one day a line names, where the line is that day alone, with at most its
    weekday before it and a clock time ("quinta-feira, 14 de maio de 2026 08:00"): a
    sentence naming a day ("Domande fino al 30 aprile 2025.") is no date line."""
    spans = find_dates(line)
    if len(spans) != 1 or spans[0].precision != "day" or spans[0].start != spans[0].end:
        return None
    at = line.find(spans[0].text)
    before, after = line[:at], line[at + len(spans[0].text) :]
    rest = _WEEKDAY.sub("", before) + CLOCK_TIME.sub("", after)
    return spans[0] if not re.search(r"[^\W\d_]", rest) else None


def _joined_days(lines: list[str]) -> list[str]:
    """A card's start and end written as two date lines (Squarespace's multi-day event:
    "quinta-feira, 14 de maio de 2026 08:00" over "sexta-feira, 15 de maio de 2026
    19:00"), joined by a dash into the one span they are: read apart, one event would be
    two, the second titled by its own date. Only a pair: three date lines are a list."""
    joined: list[str] = []
    pair = False
    for n, line in enumerate(lines):
        after = lines[n + 1] if n + 1 < len(lines) else ""
        first = _day_line(joined[-1]) if joined and not pair else None
        second = _day_line(line) if first else None
        if first and second and first.start < second.start and not _day_line(after):
            joined[-1] = f"{joined[-1]} – {line}"
            pair = True
            continue
        pair = False
        joined.append(line)
    return joined


_WEEKDAY = re.compile(weekday_before(2))
_BADGE_DAY = re.compile(r"(?:[^\W\d_]{2,12}\.?,?\s{1,3})?(\d{1,2})\.?")


def _without_badge_days(lines: list[str]) -> list[str]:
    """The card's lines without a badge that only repeats the day of its date line
    ("Tue 3" above "December 3 @ 9:00 am", The Events Calendar's list): read with the line
    under it, the badge's day would take the line's month ("3 December 3") and leave
    the date line's own day a stray number."""
    days = {
        p.first[1] for line in lines for p in find_partial_dates(line) if p.first[1] is not None
    } | {s.start.day for line in lines for s in find_dates(line)}
    kept = []
    for line in lines:
        m = _BADGE_DAY.fullmatch(line)
        if m is None or int(m.group(1)) not in days:
            kept.append(line)
    return kept


# Text of trafilatura's that is in no card, beyond which the page is an article (its
# cards a list of related events or news beside it) and its text is kept.
MAX_TEXT_OUTSIDE = 400
# Or, in words (of three letters or more): most of the text's words are in no card and
# they outnumber the cards' own words `ARTICLE_WORDS_PER_CARD_WORD` times: an article
# however short (an event's page of 300 characters), its cards a few titles and dates.
ARTICLE_WORDS_PER_CARD_WORD = 2
_WORD = re.compile(r"[^\W\d_]{3,}")


def misread(cards: list[Card], blocks: list[str]) -> bool:
    """trafilatura's `blocks` read the page's listing wrongly, and the listing is what the
    page is: a card's date stands above its heading (in text, the end of the card
    before), or its heading or the date phrase of its lines is not in the text at all;
    and the text holds no article of its own beside the cards."""
    return not article_beside(cards, blocks) and _misread(cards, clean("\n".join(blocks)))


def article_beside(cards: list[Card], blocks: list[str]) -> bool:
    """`blocks` hold an article and the cards are a list (or a calendar) of related
    events beside it: more than `MAX_TEXT_OUTSIDE` characters in no card, or a short
    article whose words are most of the text and many more than the cards' (a
    listing's intro line or a table of day numbers is neither)."""
    inside = clean(" ".join(f"{c.heading} {' '.join(c.lines)}" for c in cards))
    # and in page order: trafilatura glues a badge above the title to it ("qui., 12
    # mar.Sessão de apresentação"), a line that starts with the card's first words
    glued = _glued(inside) + "\n" + _glued(" ".join(c.in_order for c in cards))
    lines = [clean(line) for block in blocks for line in block.split("\n")]
    outside = sum(len(line) for line in lines if _glued(line)[:40] not in glued and _prose(line))
    if outside > MAX_TEXT_OUTSIDE:
        return True
    card_words = _WORD.findall(inside.lower())
    known = set(card_words)
    words = _WORD.findall(" ".join(blocks).lower())
    unknown = sum(w not in known for w in words)
    return 2 * unknown > len(words) and unknown > ARTICLE_WORDS_PER_CARD_WORD * len(card_words)


def _prose(line: str) -> bool:
    """The line has words (two of three letters or more): a grid's day labels ("12",
    "Mon", a screen reader's "0 event, 12") are the calendar's own, never an article."""
    return len(_WORD.findall(line)) >= 2


def _glued(text: str) -> str:
    """`text` without its spaces and bullets: trafilatura glues a card's badge to the
    text after it ("13febdonderdag 13 februari"), which is still the card's text."""
    return re.sub(r"[\s•]+", "", text)


def _misread(cards: list[Card], flat: str) -> bool:
    for card in cards:
        if card.date_above:
            return True
        if card.heading not in flat or _glued_in(card.heading, flat):
            return True
        joined = "\n".join(card.lines)
        phrases = [s.text for s in find_dates(joined)] + [
            p.text for p in find_partial_dates(joined)
        ]
        for phrase in phrases:
            if clean(phrase) not in flat or _glued_in(clean(phrase), flat):
                return True
    return False


def _glued_in(part: str, flat: str) -> bool:
    """Every time `part` is in `flat` a letter or a digit touches it: trafilatura glued
    the card's elements into one run ("18 mai.Missão Empresarial", "Inscrever-me12 de
    mar. de 2026"; Wix's divs), which no date reader can take apart."""
    starts = [m.start() for m in re.finditer(re.escape(part), flat)]
    return bool(starts) and all(_touches(flat, at, at + len(part), part) for at in starts)


def _touches(flat: str, start: int, end: int, part: str) -> bool:
    before = flat[start - 1] if start > 0 else " "
    after = flat[end] if end < len(flat) else " "
    return (before.isalnum() and part[:1].isalnum()) or (after.isalnum() and part[-1:].isalnum())
