"""Which dates on a page are the dates of an event or a project, and which are not.

A news page names many dates besides the ones a record needs: when it was published,
until when one may register, when a funding call opened, when the cluster was founded,
where a quoted text comes from. An assessor counts none of them as activity, so each
date the page importer finds is given a role from the words just before it and from its
sentence, in the languages of European cluster pages (English, Czech, Slovak, German,
Polish, and the commonest French, Spanish and Italian words). A date whose role is not
None never becomes a record; the importer names the role when it explains a left-out
item.

The cue words are deliberately narrow: a word that is also part of ordinary event prose
("call" in "the info day on the call was held on ...") is only a cue together with the
verb that makes it one ("the call was launched on ...").
"""

from __future__ import annotations

import re

# Words right before a date that make it an end or a limit, not the day something happens.
_UNTIL = re.compile(
    r"(?:\b(?:until|till|by|before|latest|through|no\s+later\s+than|deadline(?:\s+(?:is|of))?"
    r"|closes?|due|do|až\s+do|nejpozději(?:\s+do)?|najneskôr(?:\s+do)?|bis(?:\s+(?:zum|spätestens))?"
    r"|spätestens(?:\s+(?:am|bis))?|do\s+dnia|najpóźniej(?:\s+do)?|jusqu'(?:au|à)|avant\s+le"
    r"|hasta\s+el|antes\s+del?|entro\s+il|fino\s+al)"
    r"\s+(?:(?:the|dne|dňa|dem|den)\s+)?)$",
    re.IGNORECASE,
)
# Words shortly before a date (same sentence) that make it a deadline.
_DEADLINE = re.compile(
    r"\b(?:deadline|due\s+date|closing\s+date|cut-?off|registration|register|apply|applications?"
    r"|submi(?:t|ssions?)|sign\s+up|uzávěrk\w*|přihl\w*|registr\w*|lhůt\w*|termín\w*\s+(?:pro\s+)?"
    r"(?:podání|přihlá\w*|odevzdání)|uzávierk\w*|prihlás\w*|prihlášk\w*|anmeld\w*|frist\w*"
    r"|einsendeschluss|bewerbung\w*|zgłosze\w*|rejestracj\w*|termin\w*\s+składania|nabór\s+wniosków"
    r"|inscri\w*|date\s+limite|plazo|fecha\s+límite|scadenza|iscrizion\w*)\b",
    re.IGNORECASE,
)
# A funding call or programme being announced: its dates are not the cluster's activity.
_CALL = re.compile(
    r"\b(?:(?:call|výzv\w*|aufruf\w*|ausschreibung\w*|nabór\w*|konkurs\w*|appel\w*|convocatoria)"
    r"\W+(?:\w+\W+){0,6}?(?:launched|published|opened|announced|vyhlášen\w*|vyhlásil\w*"
    r"|otevřen\w*|veröffentlicht|gestartet|ogłoszon\w*|lancé\w*|publicad\w*)"
    r"|(?:launched|published|opened|announced|vyhlášen\w*|vyhlásil\w*|ogłoszon\w*|veröffentlicht)"
    r"\W+(?:\w+\W+){0,6}?(?:call|výzv\w*|aufruf\w*|ausschreibung\w*|nabór\w*|konkurs\w*))\b",
    re.IGNORECASE,
)
# Since when something has been so, and when an organisation was founded.
_SINCE = re.compile(
    r"\b(?:since|founded|established|set\s+up|(?:was|were)\s+created|od\s+roku|založen\w*|vznikl\w*|seit|gegründet"
    r"|od\s+(?:roku|r\.)|założon\w*|powstał\w*|depuis|fondée?|desde|fundad\w*|dal|fondat\w*)"
    r"(?:\s+\w+){0,3}\s+$",
    re.IGNORECASE,
)
# Where a quoted text or a picture comes from, or when the page itself was changed.
_REFERENCE = re.compile(
    r"(?:taken\s+from|source:?|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?"
    r"|převzato(?:\s+z)?|zdroj:?|aktualizováno|quelle:?|stand:?|źródło:?)\s*(?:the\s+)?[\(\[]?\s*$",
    re.IGNORECASE,
)
# "from the 1st May 201 to the 31st October 2015": the end of a range whose start is unreadable.
_BROKEN_RANGE = re.compile(
    r"\b(?:from|od|vom|von|du)\b[^.!?]{1,40}?\b(?:to|do|bis|au)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-ZÁČĎÉĚÍĽĹŇÓÔŘŠŤÚŮÝŽÄÖÜŁŚŻŹ])|\n\s*\n")


def sentence_before(text: str, offset: int, *, limit: int = 200) -> str:
    """The words of the date's sentence that come before it (at most `limit` characters)."""
    window = text[max(0, offset - limit) : offset]
    cut = 0
    for m in _SENTENCE_END.finditer(window):
        cut = m.end()
    return window[cut:]


def sentence_around(text: str, offset: int, end: int, *, limit: int = 300) -> str:
    """The whole sentence the date stands in (bounded, for the call and title checks)."""
    after = text[end : end + limit]
    m = re.search(r"[.!?](?=\s|$)|\n\s*\n", after)
    return (
        sentence_before(text, offset, limit=limit)
        + text[offset:end]
        + after[: m.start() if m else None]
    )


def date_role(text: str, offset: int, end: int) -> str | None:
    """None for a date an event or project happens on; else why it is not one."""
    before = sentence_before(text, offset)
    if _REFERENCE.search(before[-60:]):
        return "the date of a source text"
    if _UNTIL.search(before[-40:]) or _DEADLINE.search(before[-70:]):
        return "a deadline"
    if _BROKEN_RANGE.search(before[-60:]):
        return "the end of a range whose start cannot be read"
    if _SINCE.search(before[-50:]):
        return "a founding or 'since' date"
    if _CALL.search(sentence_around(text, offset, end)):
        return "the date of a funding call"
    return None
