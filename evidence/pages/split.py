"""Split a cluster's page (.txt or .html) into items: each heading and the text under it.

Kept apart from reading the items (`items`) because where an item starts is a
question of layout alone: blank lines and short lines in text, `<h1>`-`<h6>` in HTML.
HTML goes through the standard library's parser: nothing is fetched, no entity or
link is resolved, script/style are dropped. Each item keeps the offset of its heading
in the page, which becomes the draft record's source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .dates import find_dates

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


@dataclass
class _Block:
    lines: list[str]
    offset: int  # of the block's first non-blank character (of its heading tag, in HTML)
    end: int  # after its last non-blank character (plain text only)
    tag_heading: bool = False


def _text_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    pos = 0
    current: _Block | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            current = None
        elif current is None:
            lead = len(line) - len(line.lstrip())
            current = _Block([stripped], pos + lead, pos + len(line.rstrip()))
            blocks.append(current)
        else:
            current.lines.append(stripped)
            current.end = pos + len(line.rstrip())
        pos += len(line)
    return blocks


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


def _headings(blocks: list[_Block]) -> list[int]:
    """Indexes of the blocks that start items."""
    if any(b.tag_heading for b in blocks):
        return [i for i, b in enumerate(blocks) if b.tag_heading]
    marks: list[int] = []
    for i, block in enumerate(blocks):
        kind = _candidate(block)
        if kind and _in_list(blocks, i):
            continue  # one point of a bulleted list, not a heading
        if kind == "colon":  # "Projects in the region:" opens items only above paragraphs
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or _candidate(nxt) or all(BULLET.match(x) for x in nxt.lines):
                continue
        elif kind is None:
            continue
        if marks and marks[-1] == i - 1:  # two headings in a row: title + subtitle
            if find_dates(block.lines[0]) and not find_dates(blocks[i - 1].lines[0]):
                marks.pop()  # the first was a section title above a dated item
            else:
                continue  # the second is a subtitle, part of the item
        marks.append(i)
    return marks


class _HTMLBlocks(HTMLParser):
    """Text blocks of an HTML page with their source offsets; scripts and styles dropped."""

    BLOCK = frozenset((
        "p", "div", "li", "ul", "ol", "tr", "td", "th", "section", "article", "header",
        "footer", "main", "aside", "nav", "blockquote", "pre", "table", "dd", "dt", "dl",
        "figure", "figcaption", "form", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    ))  # fmt: skip
    SKIP = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg",
                      "math", "title"))  # fmt: skip

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = [0]
        for m in re.finditer("\n", source):
            self.starts.append(m.end())
        self.blocks: list[_Block] = []
        self.parts: list[str] = []
        self.first: int | None = None
        self.skip = 0
        self.heading_at: int | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _flush(self) -> None:
        lines = [re.sub(r"\s+", " ", x).strip() for x in "".join(self.parts).split("\n")]
        lines = [x for x in lines if x]
        if lines:
            is_heading = self.heading_at is not None
            at = self.heading_at if self.heading_at is not None else self.first or 0
            self.blocks.append(_Block(lines, at, at, tag_heading=is_heading))
        self.parts, self.first = [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self._flush()
            if tag == "li":
                self.parts.append("• ")
            elif re.fullmatch(r"h[1-6]", tag):
                self.heading_at = self._pos()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self.heading_at = None

    def handle_data(self, data: str) -> None:
        if self.skip or not data.strip():
            if not self.skip and self.parts:
                self.parts.append(" ")
            return
        if self.first is None:
            self.first = self._pos() + len(data) - len(data.lstrip())
        self.parts.append(data.replace("\n", " "))


def split_items(text: str, *, html: bool) -> list[PageItem]:
    """Split a page into items: each heading and the paragraphs under it.

    HTML: `<h1>`-`<h6>` are the headings when the page has any, else the same rules as
    for text apply to its blocks. Text: a heading is a short line standing alone (blank
    lines around it), without a final full stop, e.g. "Grow your region 6. 11. 2017" or
    "KETGATE (01/07/2017 - 31/08/2020)"; funding lines ("Provider: MPO"), bullet lists
    and a subtitle right under a heading belong to the item.
    """
    return split_page(text, html)[0]


def split_page(text: str, html: bool) -> tuple[list[PageItem], str]:
    """The items, and the text above the first heading."""
    if html:
        parser = _HTMLBlocks(text)
        parser.feed(text)
        parser.close()
        parser._flush()
        blocks = parser.blocks
    else:
        blocks = _text_blocks(text)
    marks = _headings(blocks)
    items: list[PageItem] = []
    for n, i in enumerate(marks):
        nxt = marks[n + 1] if n + 1 < len(marks) else len(blocks)
        head = blocks[i]
        heading = BULLET.sub("", head.lines[0]).strip() if not html else " ".join(head.lines)
        if html:
            body = "\n\n".join("\n".join(b.lines) for b in blocks[i + 1 : nxt])
            items.append(PageItem(heading, body, head.offset, f"{heading}\n\n{body}".strip()))
            continue
        start = head.offset + len(head.lines[0]) - len(BULLET.sub("", head.lines[0]))
        stop = blocks[nxt].offset if nxt < len(blocks) else len(text)
        chunk = text[start:stop].rstrip()
        body = text[head.end : stop].strip()
        items.append(PageItem(heading, body, start, chunk))
    above = blocks[: marks[0]] if marks else blocks
    return items, "\n\n".join("\n".join(b.lines) for b in above)
