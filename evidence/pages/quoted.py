"""Years a page names outside the quoted names it gives (`itemdates`' years).

A year inside a quoted name is the name's ("«Automoción 2030»", "„Vision 2030“",
"the “Horizon 2020” programme"): it tells no date its year. Read as one, the cycle
"«Automoción 2030», que continuará el 21 de mayo" put its next session in 2030.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

YEAR = re.compile(r"(?<![\w/.-])((?:19|20)\d{2})(?![\w/-]|\.\d)")
# A short quoted run on one line: guillemets, typographic and straight double quotes.
_QUOTED = re.compile(r"«[^»\n]{1,80}»|“[^”\n]{1,80}”|„[^“”\n]{1,80}[“”]|\"[^\"\n]{1,80}\"")


def years(text: str) -> Iterator[re.Match[str]]:
    """The matches of a bare year in `text` (group 1 the year), but for those inside a
    quoted name."""
    names = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for m in YEAR.finditer(text):
        if not any(a < m.start() and m.end() < b for a, b in names):
            yield m
