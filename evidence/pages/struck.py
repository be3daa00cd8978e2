"""Text the page strikes out: what it no longer says, never read.

A postponed event keeps its old date on the page, struck through beside the new one
("Fecha: <del>20/03/2025</del> 08/05/2025"), and a sold-out price or a changed venue is
shown the same way. Read as text, the struck date is a date like any other, and the
event gets two records, one on a day it did not happen. `<del>`, `<s>` and `<strike>`
are what HTML has for "no longer so"; they are taken out of the tree (their tail, the
text after them, stays) before anything reads it.
"""

from __future__ import annotations

from typing import Any

STRUCK = ("del", "s", "strike")


def drop_struck(tree: Any) -> None:
    """Remove every struck-out element of `tree`, keeping the text that follows it."""
    for elem in list(tree.iter(*STRUCK)):
        parent = elem.getparent()
        if parent is None:
            continue
        tail = elem.tail or ""
        previous = elem.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(elem)
