"""The days a page's markup states in full for its events, for the years its text leaves out.

An event calendar shows "18 Nov" or "Tue 18 Nov" on a badge and keeps the whole date in
its markup, for machines: `<time datetime="2025-11-18">`, schema.org's
`itemprop="startDate" content="2025-11-18T09:00"`, microformats' `dtstart`/`dtend`
(The Events Calendar writes `<abbr class="dtstart" title="2025-09-30">`), a Drupal date
field's `content="2025-09-30T09:00:00+02:00"`, JSON-LD's `"startDate"`. The visible
phrase is still the item's date; the markup only says which year it is in, and only for
a day and month it states itself (`itemdates` asks for the year of "18 Nov" and gets
2025 when the markup names 18 November of one year and no other).

Only standard markup is read, never a class name of one site's theme; a month alone
(`datetime="2025-03"`, a calendar's month) states no day and is left out.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from .listing import PUBLICATION, beside_the_page

_ISO_DAY = re.compile(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d])")
_MICROFORMATS = frozenset(("dtstart", "dtend"))
_PROPS = frozenset(("startdate", "enddate"))
_JSON_KEYS = ("startDate", "endDate")
# A class that names its `<time>` an event's ("event-date", "tribe-event-date-start").
_EVENT_CLASS = re.compile(r"(?<![a-z])event", re.IGNORECASE)
MAX_DATES = 500  # a calendar of a few years; more is no page of events


def iso_day(value: str | None) -> date | None:
    """The day an ISO date or date-time attribute value names, else None."""
    m = _ISO_DAY.match(value or "")
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _element_dates(tree: Any, *, beside: bool = True) -> list[tuple[date, bool]]:
    """Each day an element states, and whether it is event markup itself (schema.org,
    microformats, a Drupal date field) rather than a bare `<time datetime>`; with
    `beside=False`, none in a sidebar, menu or footer (`listing.beside_the_page`)."""
    found: list[tuple[date, bool]] = []
    for elem in tree.iter():
        if not isinstance(elem.tag, str) or (not beside and beside_the_page(elem)):
            continue
        attrib = elem.attrib
        classes = set((attrib.get("class") or "").lower().split())
        props = set((attrib.get("itemprop") or "").lower().split())
        rdf = set((attrib.get("property") or "").lower().split())
        value, event = None, True
        if props & _PROPS:
            value = attrib.get("content") or attrib.get("datetime")
        elif classes & _MICROFORMATS:
            value = attrib.get("title") or attrib.get("datetime") or attrib.get("value")
        elif "dc:date" in rdf and "dc:created" not in rdf:  # a Drupal date field, not the node's
            value = attrib.get("content")
        elif elem.tag.lower() == "time" or attrib.get("datetime"):
            # "<time class="event-date">" (Squarespace, many themes): an event's day
            value, event = (
                attrib.get("datetime"),
                _EVENT_CLASS.search(" ".join(classes)) is not None,
            )
        if (day := iso_day(value)) is not None:
            found.append((day, event))
    return found


def _json_objects(tree: Any) -> list[object]:
    """The parsed JSON-LD blocks of the page (a block that does not parse is left out)."""
    found: list[object] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            found.append(json.loads(script.text))
        except (ValueError, RecursionError):
            continue
    return found


def json_events(tree: Any) -> list[tuple[str, str, str | None]]:
    """The events the page's JSON-LD describes, each (name, its days as the markup writes
    them: "2025-02-12" or "2025-02-12 – 2025-02-13", its place's name or town or None):
    what an events tool states for machines (Meetup, Eventbrite, The Events Calendar,
    Squarespace write one `Event` per event) when the page shows its dates only
    through a script. At most `MAX_DATES`."""
    found: list[tuple[str, str, str | None]] = []

    def walk(node: object, depth: int = 0) -> None:
        if depth > 20 or len(found) >= MAX_DATES:
            return
        if isinstance(node, list):
            for value in node:
                walk(value, depth + 1)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        name, start, end = node.get("name"), node.get("startDate"), node.get("endDate")
        first = iso_day(start) if isinstance(start, str) else None
        if any(isinstance(k, str) and k.endswith("Event") for k in kinds) and first:
            last = iso_day(end) if isinstance(end, str) else None
            days = first.isoformat() + (f" – {last.isoformat()}" if last and last > first else "")
            if isinstance(name, str) and name.strip():
                found.append((" ".join(name.split()), days, _place(node.get("location"))))
            return
        for value in node.values():
            walk(value, depth + 1)

    for block in _json_objects(tree):
        walk(block)
    return found


def _place(location: object) -> str | None:
    """A JSON-LD location's name, else its address's town."""
    if isinstance(location, list):
        location = location[0] if location else None
    if not isinstance(location, dict):
        return None
    address = location.get("address")
    town = address.get("addressLocality") if isinstance(address, dict) else None
    for value in (location.get("name"), town):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _json_dates(tree: Any) -> list[date]:
    found: list[date] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in _JSON_KEYS:
                day = iso_day(node.get(key)) if isinstance(node.get(key), str) else None
                if day is not None:
                    found.append(day)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for block in _json_objects(tree):
        try:
            walk(block)
        except RecursionError:
            continue
    return found


def marked_event_days(tree: Any) -> tuple[date, ...]:
    """The days only event markup states (schema.org, microformats, a Drupal date field,
    a `<time>` classed as an event's), not a bare `<time>`, which may be a by-line's."""
    return tuple(dict.fromkeys(d for d, event in _element_dates(tree) if event))[:MAX_DATES]


def event_dates(tree: Any) -> tuple[date, ...]:
    """The whole days the page's markup states (in page order, each once)."""
    found = dict.fromkeys([d for d, _ in _element_dates(tree)] + _json_dates(tree))
    return tuple(found)[:MAX_DATES]


def _publication_marked(tree: Any) -> bool:
    """The markup states a publication date of its own: a `meta` named for it
    (`article:published_time`, `DC.date.issued`, ...), `itemprop="datePublished"`, or a
    dated element classed as one, or inside one ("entry-date published", "<p
    class=byline>"), that is no event's start (The Events Calendar classes its start
    `published dtstart`)."""
    for elem in tree.iter():
        if not isinstance(elem.tag, str):
            continue
        attrib = elem.attrib
        if elem.tag.lower() == "meta":
            name = f"{attrib.get('name', '')} {attrib.get('property', '')}"
            if PUBLICATION.search(name) or "issued" in name.lower():
                return True
        if "datepublished" in (attrib.get("itemprop") or "").lower():
            return True
        if not (attrib.get("datetime") or elem.tag.lower() in ("time", "abbr")):
            continue
        parent = elem.getparent()
        classes = (
            f"{attrib.get('class') or ''} {'' if parent is None else parent.get('class') or ''}"
        )
        if PUBLICATION.search(classes) and not _MICROFORMATS & set(classes.lower().split()):
            return True
    return False


def publication(published: date | None, tree: Any) -> date | None:
    """htmldate's publication date, unless it is an event's: htmldate takes the first
    `<time datetime>` or `abbr.published.dtstart` of a calendar for the page's date, and a
    calendar's first event is then measured against itself. A day that event markup
    states (or one of several `<time>` days: a list), on a page that marks no publication
    date of its own, is no anchor; one `<time>` alone may well be the by-line's, and the
    `<time>`s of a sidebar ("Recent posts") are other pages' days, not a list of this
    page's."""
    if published is None:
        return None
    stated = _element_dates(tree)
    events = {d for d, event in stated if event} | set(_json_dates(tree))
    times = {d for d, event in _element_dates(tree, beside=False) if not event}
    listed = published in times and len(times) > 1
    if (published in events or listed) and not _publication_marked(tree):
        return None
    return published


def markup_year(dates: tuple[date, ...], month: int, day: int | None) -> int | None:
    """The one year in which the markup names this day and month, else None."""
    if day is None:
        return None
    years = {d.year for d in dates if (d.month, d.day) == (month, day)}
    return years.pop() if len(years) == 1 else None


# Drupal's node field for the day a node was created: its teaser's by-line.
_CREATED_FIELD = re.compile(r"field--name-created|field-name-created", re.IGNORECASE)
MAX_POSTED_CHARS = 120  # a by-line, not a paragraph
MAX_POSTED = 200  # a long archive page's teasers; each is looked for in the whole text


def publication_lines(tree: Any) -> tuple[str, ...]:
    """The texts of the elements the markup marks as a publication date: schema.org's
    `datePublished`/`dateCreated`/`dateModified` (TYPO3's news list writes each teaser's
    day so, under the teaser), a class of `PUBLICATION` ("entry-date published",
    "posted-on", "byline") or Drupal's created field; never an event's start (The
    Events Calendar classes its start `published dtstart`). Each text is short and
    names a date: a list's teaser dates, which are never items. But a day is published,
    never a span of days or a month: where one element so marked holds "17.–19. 3. 2026"
    or "duben 2026", the site uses the mark for its events' dates (a news extension run
    as a calendar), and no element with that mark is a publication date."""
    from .dates import find_dates
    from .listing import clean

    found: dict[str, str] = {}  # each text and its mark
    misused: set[str] = set()
    for elem in tree.iter():
        if not isinstance(elem.tag, str) or _event_start(elem):
            continue
        props = (elem.get("itemprop") or "").lower()
        # WordPress classes every post, events too, "status-publish": no date's mark
        classes = " ".join(c for c in (elem.get("class") or "").split() if c != "status-publish")
        marked = any(p in props for p in ("datepublished", "datecreated", "datemodified"))
        if not (marked or PUBLICATION.search(classes) or _CREATED_FIELD.search(classes)):
            continue
        text = clean(_short_text(elem))
        if 0 < len(text) <= MAX_POSTED_CHARS and (spans := find_dates(text)):
            mark = f"{props}|{classes}"
            found[text] = mark
            if spans[0].end > spans[0].start or spans[0].precision != "day":
                misused.add(mark)
            if len(found) >= MAX_POSTED:
                break
    return tuple(text for text, mark in found.items() if mark not in misused)


def _short_text(elem: Any) -> str:
    """The element's text, or as much of it as shows it is no line: reading stops past
    four by-lines' length (an element of a whole page may be classed "author-x")."""
    parts: list[str] = []
    size = 0
    for piece in elem.itertext():
        parts.append(piece[: 4 * MAX_POSTED_CHARS])
        size += len(parts[-1])
        if size > 4 * MAX_POSTED_CHARS:
            break
    return " ".join(parts)


def _event_start(elem: Any) -> bool:
    """`elem` is, or is inside, an event's microformats start or end."""
    for node in (elem, *elem.iterancestors()):
        if _MICROFORMATS & set((node.get("class") or "").lower().split()):
            return True
    return False
