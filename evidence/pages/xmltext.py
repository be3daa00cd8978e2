"""The text of trafilatura's XML body: its blocks (paragraphs, lists, tables, headings)
one per entry, the headings among them, an element's `<lb/>` a line break.

A paragraph inside a table cell or a list item stands on a line of its own: trafilatura
keeps a cell's `<br>` as a `<p>` after the cell's first text ("Sa/So<p>18./19.04.2026</p>"),
which read glued ("Sa/So18./19.04.2026") is no date.
"""

from __future__ import annotations

from typing import Any

from .listing import clean

_PARAGRAPHS = frozenset(("p", "quote", "div"))


def _inline(elem: Any) -> str:
    """An element's text with `<lb/>` as line breaks and whitespace otherwise collapsed."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            if child.tag != "lb" and child.tag in ("list", "table", "head"):
                continue
            apart = "\n" if child.tag in _PARAGRAPHS else ""  # "Sa/So<p>18./19.04.2026</p>"
            parts.append(apart)
            walk(child)
            parts.append(apart)
            if child.tail:
                parts.append(child.tail)

    walk(elem)
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def render(body: Any) -> tuple[list[str], list[str]]:
    """Blocks of text (paragraphs, lists, tables, headings) and which of them are headings."""
    blocks: list[str] = []
    headings: list[str] = []

    def block(elem: Any) -> None:
        tag = elem.tag
        if tag == "head":
            text = clean("".join(elem.itertext()))
            if text:
                blocks.append(text)
                headings.append(text)
        elif tag == "list":
            lines = [f"• {t}" for item in elem.iter("item") if (t := clean(_inline(item)))]
            if lines:
                blocks.append("\n".join(lines))
        elif tag == "table":
            rows = []
            for row in elem.iter("row"):
                cells = [t for cell in row.iter("cell") if (t := clean(_inline(cell)))]
                if cells:
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
        elif tag in ("graphic",):
            return
        else:  # p, quote, code, div and anything else: a paragraph (its nested blocks after)
            text = _inline(elem)
            if text:
                blocks.append(text)
            for child in elem:
                if child.tag in ("list", "table", "head"):
                    block(child)

    for elem in body:
        block(elem)
    return blocks, headings
