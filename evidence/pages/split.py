"""Split a cluster's page into items: each heading and the text under it.

Kept apart from reading the items (`items`) because where an item starts is a
question of layout alone: blank lines and short lines, and for an HTML page the lines
that were `<h1>`-`<h6>` (`html.extract` gives its main text as such lines). Each item
keeps the offset of its heading in the text, which becomes the draft record's source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dateforms import CLOCK_TIME
from .dates import find_dates, find_partial_dates
from .months import weekday_pattern

BULLET = re.compile(r"^\s*[•·▪◦‣*–-]\s+")
# A line saying who pays is part of the item above it, never a heading of its own.
FUNDING = re.compile(
    r"\b(?:co-?funded|co-?financed|funded|financed|supported|sponsored)\s+(?:by|from)\b"
    r"|^\s*(?:provider|poskytovatel)\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PageItem:
    """A heading and the text under it; `offset` is the heading's place in the page."""

    heading: str
    body: str
    offset: int
    text: str  # heading and body as read (for a .txt page, the page's own characters)
    head_at: int = 0  # where the heading starts in `text` (after a date line above it)

    @property
    def head_end(self) -> int:
        """Where the heading, and a date line above it, end in `text`."""
        return self.head_at + len(self.heading)


@dataclass
class _Block:
    lines: list[str]
    offset: int  # of the block's first non-blank character
    end: int  # after its last non-blank character
    tag_heading: bool = False


def _text_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    pos = 0
    current: _Block | None = None
    second: list[tuple[int, int] | None] = []  # where each block's second line starts, ends
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        if not stripped:
            current = None
        elif current is None:
            current = _Block([stripped], pos + lead, pos + len(line.rstrip()))
            blocks.append(current)
            second.append(None)
        else:
            if len(current.lines) == 1:
                second[-1] = (pos + lead, current.end)
            current.lines.append(stripped)
            current.end = pos + len(line.rstrip())
        pos += len(line)
    return _split_titles(blocks, second)


def _split_titles(blocks: list[_Block], second: list[tuple[int, int] | None]) -> list[_Block]:
    """A title line right above its paragraph (or above a date line and its paragraph),
    without a blank line between them ("Final conference in Gliwice" over "The final
    conference took place ..."), is a heading."""
    out: list[_Block] = []
    for block, where in zip(blocks, second, strict=True):
        title, *rest = block.lines
        alone = _Block([title], block.offset, where[1] if where else block.end)
        if where is None or _candidate(alone) != "heading" or _only_a_date(title):
            out.append(block)
            continue
        body = rest[1] if _only_a_date(rest[0]) and len(rest) > 1 else rest[0]  # a date line
        long_enough = len(body) >= 40 and len(body) > 1.5 * len(title)
        prose = (long_enough or _dated_title(title)) and body[-1] in ".!?:"
        if not prose or BULLET.match(body):
            out.append(block)
            continue
        out.append(alone)
        out.append(_Block(rest, where[0], block.end))
    return out


def _dated_title(line: str) -> bool:
    """A line that a date opens or closes, set apart by a bar or a dash ("18.09.2025 |
    Netzwerktreffen", "Energy Forum | 26–27 November 2025"): an event list's title, over
    a paragraph of any length (a list's entries are often one short sentence)."""
    spans = find_dates(line)
    if not spans:
        return False
    first, last = spans[0], spans[-1]
    # a short word may open the line: "Le 13 février 2025 | Atelier", "Am 8. Mai 2025 | ..."
    opener = re.fullmatch(r"(?:[^\W\d_]{1,4}\s{1,2})?", line[: first.offset]) is not None
    after = line[first.offset + len(first.text) :].lstrip()[:1]
    head = opener and after in _TITLE_SEPARATORS
    end = last.offset + len(last.text)
    tail = not line[end:].strip() and line[: last.offset].rstrip()[-1:] in _TITLE_SEPARATORS
    return head or tail


_TITLE_SEPARATORS = ("|", "·", "•", "–", "—", "-", ":")


def _candidate(block: _Block) -> str | None:
    """'heading', 'colon' (a short label ending in ':') or None (body text)."""
    if len(block.lines) != 1:
        return None
    line = BULLET.sub("", block.lines[0]).strip()
    if not line or len(line) > 150 or line[0].islower():
        return None
    if line.endswith(":"):
        return "colon" if len(line) <= 100 else None
    if line[-1] in ".,;" or FUNDING.search(line):
        return None
    return "heading"


def _marker(block: _Block) -> str | None:
    m = BULLET.match(block.lines[0])
    return m.group(0).strip() if m else None


def _in_list(blocks: list[_Block], i: int) -> bool:
    """A bulleted line next to another with the same bullet is a list's point: "• CreaClust"
    between paragraphs heads an item, "• Create a network" among five "•" lines does not."""
    mark = _marker(blocks[i])
    if mark is None:
        return False
    near = (blocks[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks))
    return any(_marker(b) == mark for b in near)


# The names websites give their news and event sections, above the first item.
SECTION_NAMES = frozenset({
    "news", "latest news", "events", "past events", "upcoming events", "projects", "blog",
    "press", "archive", "aktuelles", "meldung", "meldungen", "termine", "veranstaltungen",
    "nachrichten", "archiv", "projekte", "aktuality", "novinky", "akce", "projekty", "zprávy",
    "události", "správy", "podujatia", "aktualności", "wydarzenia", "actualités",
    "événements", "projets", "noticias", "eventos", "notizie", "eventi",
})  # fmt: skip


def _only_a_date(line: str) -> bool:
    spans = find_dates(line)
    return len(spans) == 1 and not line.replace(spans[0].text, "").strip(" \t|·•-–—:,")


def _section_label(line: str) -> bool:
    """A page section's name ("News", "Aktuelles", "Naše projekty"): two ordinary words at
    most (a project's name, "V4Clusters" or "CluStrat", is not one)."""
    words = BULLET.sub("", line).split()
    ordinary = all(re.fullmatch(r"[^\W\d_][^\W\d_A-Z]*", w) for w in words)
    return 0 < len(words) <= 2 and len(line) <= 30 and ordinary


def _headings(blocks: list[_Block]) -> list[int]:
    """Indexes of the blocks that start items."""
    if any(b.tag_heading for b in blocks):
        return [i for i, b in enumerate(blocks) if b.tag_heading]
    marks: list[int] = []
    for i, block in enumerate(blocks):
        kind = _candidate(block)
        if kind and _in_list(blocks, i):
            continue  # one point of a bulleted list, not a heading
        if kind and (_only_a_date(block.lines[0]) or _date_line(block)):
            continue  # a date line under a heading (a news item's posting day) or above it
        if kind == "colon":  # "Projects in the region:" opens items only above paragraphs
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or _candidate(nxt) or all(BULLET.match(x) for x in nxt.lines):
                continue
        elif kind is None:
            continue
        if marks and marks[-1] == i - 1:  # two headings in a row: title + subtitle
            above, this = blocks[i - 1].lines[0], block.lines[0]
            label = i - 1 == 0 or (  # the page's own title, or its section's name
                _section_label(above)
                and (
                    BULLET.sub("", above).strip(" :").casefold() in SECTION_NAMES
                    or not _section_label(this)
                )
            )
            if label or (find_dates(block.lines[0]) and not find_dates(blocks[i - 1].lines[0])):
                marks.pop()  # the first was a section title ("Aktuelles") above the item
            else:
                continue  # the second is a subtitle, part of the item
        marks.append(i)
    return marks


def split_items(text: str, *, headings: frozenset[str] = frozenset()) -> list[PageItem]:
    """Split a page's text into items: each heading and the paragraphs under it.

    A heading is a short line standing alone (blank lines around it), without a final
    full stop, e.g. "Grow your region 6. 11. 2017" or "KETGATE (01/07/2017 - 31/08/2020)";
    funding lines ("Provider: MPO"), bullet lists and a subtitle right under a heading
    belong to the item. `headings`: lines that were `<h1>`-`<h6>` in an HTML page (its
    main text, `html.extract`); when any is present, they alone start items.
    """
    return split_page(text, headings)[0]


def split_page(text: str, headings: frozenset[str] = frozenset()) -> tuple[list[PageItem], str]:
    """The items, and the text above the first heading.

    On a page whose items each have a date line above their heading ("12 March 2025 /
    Workshop on AI / ...", a card's badge as text), that line opens the item and its date
    is the heading's (`PageItem.head_end`).
    """
    blocks = _text_blocks(text)
    for block in blocks:
        block.tag_heading = len(block.lines) == 1 and block.lines[0] in headings
    marks = _headings(blocks)
    firsts = _dates_above(blocks, marks)
    items: list[PageItem] = []
    for n, i in enumerate(marks):
        nxt = firsts[n + 1] if n + 1 < len(marks) else len(blocks)
        head = blocks[i]
        heading = BULLET.sub("", head.lines[0]).strip()
        start = head.offset + len(head.lines[0]) - len(BULLET.sub("", head.lines[0]))
        head_at = 0
        if firsts[n] != i:  # a date line above the heading opens the item
            head_at, start = start - blocks[firsts[n]].offset, blocks[firsts[n]].offset
        stop = blocks[nxt].offset if nxt < len(blocks) else len(text)
        chunk = text[start:stop].rstrip()
        body = text[head.end : stop].strip()
        items.append(PageItem(heading, body, start, chunk, head_at))
    above = blocks[: firsts[0]] if marks else blocks
    return items, "\n\n".join("\n".join(b.lines) for b in above)


def _dates_above(blocks: list[_Block], marks: list[int]) -> list[int]:
    """Where each item starts: its heading, or the date line right above it, when that is
    the page's way: the first heading has one above (a page whose dates close its
    teasers, "Title / text / 12.03.2024", has text there), at least two do, more than
    have one below, and the page does not end in one. Even then a date line stays with
    the item before it when that item has no other date (`_dated`): a teaser's date
    moved to the next item would leave it undated and date the next one wrongly."""
    above = [i > 0 and i - 1 not in marks and _date_line(blocks[i - 1]) for i in marks]
    below = [i + 1 < len(blocks) and _date_line(blocks[i + 1]) for i in marks]
    last = bool(blocks) and _date_line(blocks[-1]) and len(blocks) - 1 not in marks
    # A section's title with nothing under it but the first item's date ("Events /
    # 12 March 2025 / Workshop on AI") is not the first heading.
    lead = int(len(marks) > 1 and marks[1] == marks[0] + 2 and above[1])
    if not (marks and above[lead]) or sum(above) < 2 or sum(above) <= sum(below) or last:
        return list(marks)
    firsts = list(marks)
    firsts[lead] -= 1
    for n in range(lead + 1, len(marks)):
        before = blocks[firsts[n - 1] : marks[n] - 1]
        if above[n] and _dated(before):
            firsts[n] = marks[n] - 1
    return firsts


def _dated(blocks: list[_Block]) -> bool:
    text = "\n".join(line for block in blocks for line in block.lines)
    return bool(find_dates(text) or find_partial_dates(text))


_TIME_OR_MARK = re.compile(
    rf"{CLOCK_TIME.pattern}|\b(?:am|pm|h|uhr|kl|hod|godz)\b|[\s|·•,.:;@–—-]+", re.IGNORECASE
)


def _date_line(block: _Block) -> bool:
    """A block that is one short line of a date and at most a weekday and a time
    ("Tue 18 Nov, 09:00 – 17:00", "12 MAR 2025", "do 5 jun · 14:00")."""
    if len(block.lines) != 1 or len(block.lines[0]) > 60:
        return False
    line = block.lines[0]
    spans = [(s.offset, s.text) for s in find_dates(line)] or [
        (p.offset, p.text) for p in find_partial_dates(line)
    ]
    if len(spans) != 1:
        return False
    rest = line[: spans[0][0]] + " " + line[spans[0][0] + len(spans[0][1]) :]
    rest = weekday_pattern().sub(" ", rest)
    return not _TIME_OR_MARK.sub("", rest)
