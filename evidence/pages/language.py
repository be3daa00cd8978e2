"""Which language a page is written in, for `months.page_language` to read its dates in.

A few month names mean different months in different languages: Croatian "listopad"
is October, Czech and Polish "listopad" November; Croatian "srpanj" is July, Czech "srpen"
August; Croatian "lipanj" June, Polish "lipiec" July. `months` alone can only rank the
languages (the project's five first), which reads every Croatian page a month late. The
page itself says which it is: its HTML `lang` attribute ("hr", "hr-HR"), else the
language most of its month words belong to (a Croatian page names "listopada", but also
"srpnja" and "prosinca", which only Croatian has). The importer sets the result for the
whole page (`months.page_language`, the one place the page's language is kept); where it
is unknown, or lacks a word, the fixed order of `months.LANGUAGES` decides as before.
"""

from __future__ import annotations

import re
from collections import Counter

from .months import LANGUAGES, month_languages

# Norwegian: "no" is bokmål, whose month names `months` reads as "nb".
_ALIASES = {"no": "nb"}
_HTML_LANG = re.compile(r"<html\b[^>]{0,2000}?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.IGNORECASE)
_WORD = re.compile(r"(?<!\w)[^\W\d_]{3,12}(?!\w)")
_READ = 1_000_000  # characters read for month words: enough for any page's own text


def language_of(text: str, *, html: bool = False) -> str | None:
    """The page's language: an HTML page's `lang` attribute, else the language of
    `LANGUAGES` that has the most of the page's month words (None on a tie: the fixed
    order then decides)."""
    if html and (m := _HTML_LANG.search(text[:20_000])):
        code = m.group(1).lower()
        if (code := _ALIASES.get(code, code)) in LANGUAGES:
            return code
    votes: Counter[str] = Counter()
    for m in _WORD.finditer(text, 0, _READ):
        votes.update(month_languages(m.group(0).lower()))
    if not votes:
        return None
    best = max(votes.values())
    leaders = [lang for lang in LANGUAGES if votes[lang] == best]
    return leaders[0] if len(leaders) == 1 else None
