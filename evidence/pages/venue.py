"""Whether an event was held online, hybrid or on site, from its words.

Why: C6 (countries where the cluster presented itself) and V3 count an event abroad only
when it was held there, on site or hybrid, not online; an event's `venue` says which.
Cluster pages say it in their own language ("online webinar", "webinář", "Online-
Seminar", "proběhne online", "via Zoom", "hybride Veranstaltung"), and a webinar with
a partner "in Vienna" names the partner's seat, not a place anyone travelled to. Read
where the importer reads a governing body: the item's heading and its date's sentence,
plus a "Venue: online" line anywhere in the item, so that an article naming a webinar
among other events does not make them all online.

The words are narrow: "online" alone is as often the registration ("register online",
"online přihláška") or the topic ("a workshop on online marketing") as the venue, so it
is read only as an event's attribute ("online workshop", "online-Veranstaltung"), after
a verb of taking place ("held online", "proběhne online", "findet online statt") or as
the place ("Místo: online"). A livestream alone is an event on site that is also
streamed: hybrid, which counts as on site does. Online and in-person words together
(hybrid, "prezenčně i online", "in person and online") are hybrid.
"""

from __future__ import annotations

import re

# An online event's own name, in the languages of cluster pages
_WEBINAR = r"webinar\w*|webinář\w*|webinár\w*|webinaari\w*|webinaire\w*|webinario\w*|vebinar\w*"
_ONLINE = (
    r"online|on-line|virtual|virtuální\w*|virtuáln\w*|virtuell\w*|wirtualn\w*|virtuel\w*"
    r"|en\s+ligne|en\s+línea|zdaln\w*|distan[čc]n\w*"
)
# What an "online ..." attribute must describe to be the event's venue
_EVENT_NOUN = (
    r"event\w*|session\w*|edition|meeting\w*|workshop\w*|seminar\w*|semináře?\w*|seminár\w*"
    r"|conference\w*|konferen\w*|forum|fórum|fair|exhibition|tour|b2b|matchmaking|training\w*"
    r"|školení|akce|setkání|stretnuti\w*|veranstaltung\w*|konferenz\w*|tagung\w*|treffen"
    r"|messe|sitzung\w*|wydarzeni\w*|spotkani\w*|szkoleni\w*|événement\w*|réunion\w*"
    r"|evento\w*|jornada\w*|encuentro\w*|mission|delegation|misi\w*|talk|presentation"
    r"|prezentac\w*|info\s*day|networking|format"
)
_TOOLS = r"zoom\w*|(?-i:(?:MS\s+|Microsoft\s+)?Teams)|webex|google\s+meet|skype|gotomeeting"
_TAKES_PLACE = (
    r"held|hosted|run|took\s+place|take[sn]?\s+place|proběh\w*|konal\w*\s+se|koná\s+se|bude|uskuteč\w*\s+se|se\s+uskuteč\w*|prebeh\w*"
    r"|findet|fand|stattfind\w*|läuft|odbył\w*\s+się|odbędzie\s+się|se\s+tiendra|a\s+eu\s+lieu"
    r"|tendrá\s+lugar|se\s+celebr\w*|si\s+terrà|si\s+è\s+svolt\w*"
)
_ONLINE_CUE = re.compile(
    rf"\b(?:{_WEBINAR})"
    rf"|\b(?:{_ONLINE})[\s-]+(?:{_EVENT_NOUN})\b"
    rf"|\b(?:{_TAKES_PLACE})\s+(?:(?:also|only|fully|entirely|purely|pouze|výhradně|nur|rein"
    rf"|ausschließlich|wholly)\s+)?(?:{_ONLINE}|virtually|virtuálně|remotely)\b"
    rf"|\b(?:via|on|through|over|přes|na|über|per|par|przez|mediante|tramite|v)\s+(?:{_TOOLS})\b"
    rf"|\bonline[\s-]+(?:via|über|přes)\b",
    re.IGNORECASE,
)
# "hybrid" alone is as often the topic ("hybrid drives") as the event's form
_HYBRID_WORD = r"hybrid\w*|hybrydow\w*|híbrid\w*|ibrid[oa]\w*"
# "Venue: online", "Místo konání: online", "Ort: Online"
_PLACE_LINE = re.compile(
    r"^\s*(?:venue|place|location|where|místo(?:\s+konání)?|miesto(?:\s+konania)?"
    r"|ort|veranstaltungsort|miejsce|lieu|lugar|luogo|sede)\s*:\s*"
    rf"(?:(?P<hybrid>{_HYBRID_WORD})|{_ONLINE}|{_TOOLS})\b",
    re.IGNORECASE | re.MULTILINE,
)
_HYBRID = re.compile(
    rf"\b(?:{_HYBRID_WORD})[\s-]+(?:{_EVENT_NOUN}|form\w*|mode|format\w*|modus|formou)\b"
    rf"|\b(?:{_EVENT_NOUN}|jornada|giornata|formato?|forma|modalit\w*|mode)\s+(?:{_HYBRID_WORD})"
    r"|\bhybridně\b"
    rf"|\b(?:{_TAKES_PLACE})\s+(?:{_HYBRID_WORD})\b"
    r"|\b(?:live[\s-]?stream\w*|streamed\s+live|live\s+streamed|živě\s+přenáš\w*|živý\s+přenos)",
    re.IGNORECASE,
)
_IN_PERSON = re.compile(
    r"\b(?:in\s+person|on[\s-]site|face[\s-]to[\s-]face|prezenčn\w*|osobně"
    r"|in\s+präsenz|präsenzveranstaltung\w*|stacjonarn\w*|en\s+présentiel|presencial\w*"
    r"|in\s+presenza)\b",
    re.IGNORECASE,
)


def event_venue(heading: str, sentence: str, text: str) -> str | None:
    """'online', 'hybrid' or 'on_site' where the words say it (module doc), else None
    (which C6 and V3 take as on site)."""
    where = f"{heading}\n{sentence}"
    line = _PLACE_LINE.search(text)
    online = bool(_ONLINE_CUE.search(where) or line)
    in_person = bool(_IN_PERSON.search(where))
    # "prezenčně i online", "in person or online": any online word beside an in-person one
    online = online or (in_person and bool(re.search(rf"\b(?:{_ONLINE})\b", where, re.I)))
    if _HYBRID.search(where) or (line and line.group("hybrid")) or (online and in_person):
        return "hybrid"
    if online:
        return "online"
    return "on_site" if in_person else None
