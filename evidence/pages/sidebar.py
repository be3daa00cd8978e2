"""A sidebar's list of the site's upcoming events ("Tulevased sündmused", "Upcoming
events", "Nächste Termine"): the cluster's own events, read beside the article.

trafilatura leaves a page's `<aside>` out, and rightly: related posts, archives and tag
clouds are no part of the article. But a cluster's news page often shows its coming
events there, and a widget named so lists events of the site's own calendar, each a date
and a title; an assessor counts them. Only a list under a heading that names what is
coming ("upcoming", "kommende", "nadcházející", "tulevased", "prochains") is read, in a
sidebar (`listing.beside_the_page`, or a block classed as a sidebar or a widget), never
the menu or the footer; each entry becomes its title as a heading and its date line
under it, unless the main text already holds its title.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import find_dates, find_partial_dates
from .listing import beside_the_page, clean, text_lines

# "What is coming" in the languages of cluster pages: the name of an events widget.
_UPCOMING = re.compile(
    r"(?<!\w)(?:upcoming|forthcoming|next|future|kommende\w*|nächste\w*|bevorstehende\w*"
    r"|nadcházející|připravované|nadchádzajúce|pripravované|nadchodzące|najbliższe"
    r"|prochain\w*|à\s+venir|próxim[oa]s|prossim[io]|komende|aankomende|kommande"
    r"|tulevat|tulevia|tulevased|eelseisvad|gaidāmie|gaidāmi|artėjantys|artimiausi"
    r"|közelgő|következő|predstojeć\w*|nadolazeć\w*|prihajajoč\w*|viitoare|yaklaşan"
    r"|επερχόμεν\w*)(?!\w)",
    re.IGNORECASE,
)
_SIDEBAR_CLASS = re.compile(r"sidebar|widget|aside|complementary", re.IGNORECASE)
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_ENTRY_TAGS = ("li", "article", "div", "p", "tr")
MAX_ENTRY_CHARS = 400  # an entry is a date and a title, maybe a place; not an article


def upcoming_events(tree: Any) -> list[tuple[str, str]]:
    """(title, date line) of each entry of the page's sidebar lists of upcoming events."""
    found: list[tuple[str, str]] = []
    for heading in tree.iter(*_HEADINGS, "strong", "span", "div", "p"):
        name = clean("".join(heading.itertext()))
        if not name or len(name) > 60 or not _UPCOMING.search(name):
            continue
        if not _in_sidebar(heading) or any(h.tag in _HEADINGS for h in heading.iter()
                                           if h is not heading):  # fmt: skip
            continue
        for entry in _entries(heading):
            if (read := _entry(entry)) is not None:
                found.append(read)
        if found:
            break
    return found


def _in_sidebar(elem: Any) -> bool:
    for node in (elem, *elem.iterancestors()):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in ("nav", "footer", "header") or node.get("role") in ("navigation", "contentinfo"):
            return False
    if beside_the_page(elem):
        return True
    return any(
        _SIDEBAR_CLASS.search(f"{a.get('class') or ''} {a.get('id') or ''}")
        for a in elem.iterancestors()
    )


def _entries(heading: Any) -> list[Any]:
    """The entries of the list after the heading: the items of the first list or block
    that follows it among its siblings."""
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        items = [c for c in sibling if isinstance(c.tag, str) and c.tag in _ENTRY_TAGS]
        return items if len(items) >= 1 else [sibling]
    return []


def _entry(elem: Any) -> tuple[str, str] | None:
    lines = text_lines(elem, None)
    text = "\n".join(lines)
    if not text or len(text) > MAX_ENTRY_CHARS:
        return None
    phrases = [s.text for s in find_dates(text)] + [p.text for p in find_partial_dates(text)]
    if not phrases:
        return None
    links = [clean("".join(a.itertext())) for a in elem.iter("a")]
    title = next((t for t in links if t and t not in phrases[0]), None)
    if title is None:
        rest = clean(text.replace(phrases[0], " "))
        title = rest.strip(" –—-|·:,")
    if not title:
        return None
    date_line = clean(" ".join(line for line in lines if title not in line) or phrases[0])
    return title, date_line


MIN_LIST_HEADINGS = 2  # a title and one article's heading are no list


def beside_list(
    text: str, headings: tuple[str, ...], coming: list[tuple[str, str]]
) -> tuple[str, tuple[str, ...]] | None:
    """The page's text and headings with the `coming` events its text lacks, each its
    title as a heading and its date line under it, where the page is itself a list (of
    news, of events: more than two headings); None to keep them. Beside one article the
    sidebar is the site's chrome, repeated on every page, and the article is what the
    page is about."""
    new = [(title, when) for title, when in coming if title not in text]
    if not new or len(headings) <= MIN_LIST_HEADINGS:
        return None
    blocks = [text, *(f"{title}\n\n{when}" for title, when in new)]
    return "\n\n".join(blocks), (*headings, *(title for title, _ in new))
