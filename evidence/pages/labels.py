"""A field's label and its value kept apart when the HTML is read as text.

A project page lays out its data as label and value in two inline elements with nothing
between them (`<span class="label">Data di inizio</span><span class="value">01/03/2024
</span>`); CSS shows them apart, but their text is "Data di inizio01/03/2024", and the
start label that makes a project's span (`dateforms.START_LABEL`) is no longer a word
before a date. Before the page is read, a label that ends in a letter and is followed
at once by a value that starts with a digit gets the separator a page would write, a
colon ("Data di inizio: 01/03/2024"); a value and a word glued the other way ("2nd",
"12BŘE") are left alone.
"""

from __future__ import annotations

from typing import Any

_INLINE = ("span", "strong", "b", "em", "i", "label", "dt", "small", "abbr")


def _text(elem: Any) -> str:
    return "".join(elem.itertext())


def separate_labels(tree: Any) -> None:
    """Put ": " between every inline label ending in a letter and a value right after it
    that starts with a digit (its next element, or its tail)."""
    for elem in tree.iter(*_INLINE):
        label = _text(elem).rstrip()
        if not label or not label[-1].isalpha() or _text(elem) != _text(elem).rstrip():
            continue
        tail = elem.tail or ""
        if tail[:1].isdigit():
            elem.tail = ": " + tail
            continue
        following = elem.getnext()
        if tail or following is None or not isinstance(following.tag, str):
            continue
        if following.tag in _INLINE and _text(following).lstrip()[:1].isdigit():
            elem.tail = ": "
