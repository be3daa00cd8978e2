"""Where an item's wording makes the cluster the organiser of what it reports.

Why: `items` reads a role from a verb ("organised a", "attended"), and an event whose
text has none is set to `participant` (the importer says so in the note). Two common
ways a cluster's own page says "we ran it" have no such verb, and were read as attended:

- a meeting of the cluster's own governing body ("The general assembly of the NanoTex
  cluster met on 20 June", "valná hromada našeho klastru", "unsere
  Mitgliederversammlung"): a cluster organises its own board and assembly, and G6
  counts them only so;
- the cluster as the subject of leading, running or hosting ("the NanoTex cluster led a
  business mission", "klastr vedl misi", "der Cluster führte eine Delegation an").

Both are read only where the wording ties the act to the cluster: its name (`cluster_name`,
in any case ending, as `owner.names_cluster` compares it), "we"/"our" in the page's
language, or "the cluster" with no other name after it. A general assembly of another
body ("of the National Cluster Association") or a mission another organisation led
stays as it was read. The languages are those of `items.EVENT_ROLES`: English, Czech,
Slovak, German, Polish and French.

The converse, `organiser_other`: a cluster's page reports its members' own events too
("Our member Elmarco organised an open day for students", "Náš člen Elmarco uspořádal
den otevřených dveří"). The verb "organised" is there, but its subject is a member or
another named organisation, not the cluster: an assessor counts such an event neither as
one the cluster organised (C2) nor as one where it presented itself (C6), so the verb
must not make the cluster its organiser. Where the sentence before the verb names the
cluster or "we" as well ("we and our member X organised"), the verb stays the cluster's.
"""

from __future__ import annotations

import re

from .months import month_of
from .owner import CAPITALS, names_cluster

# A meeting of a governing body, by language (also the formats `items` reads).
ASSEMBLY = (
    r"general assembly|general meeting|members'? meeting|valn\w* hromad\w*"
    r"|člensk\w* schůz\w*|valn\w* zhromažden\w*|mitgliederversammlung\w*"
    r"|generalversammlung\w*|walne\w* zgromadzeni\w*|assemblée générale"
    r"|asamblea\w* general\w*|assemblea generale|assembleia geral|adunar\w* general\w*"
    r"|algemene ledenvergadering|ledenvergadering|årsmöte\w*|föreningsstämma\w*"
    r"|generalforsamling\w*|årsmøte\w*|vuosikokou\w*|syyskokou\w*|kevätkokou\w*"
    r"|yleiskokou\w*|üldkoosolek\w*|visuotin\w* (?:narių )?susirinkim\w*"
    r"|biedru sapulc\w*|pilnsapulc\w*|közgyűlés\w*|godišnj\w* skupštin\w*"
    r"|skupštin\w* klaster\w*|skupščin\w*|zbor članov|genel kurul\w*|γενικ\w* συνέλευσ\w*"
)
BOARD = (
    r"board meeting|meeting of the board|(?:zasedání|jednání|schůz\w*) (?:představenstva"
    r"|správní rady|rady)|zasadnuti\w* predstavenstva|vorstandssitzung\w*"
    r"|sitzung des vorstand\w*|posiedzeni\w* zarządu|réunion du conseil d'administration"
)
_BODY = re.compile(rf"\b(?:{ASSEMBLY}|{BOARD})", re.IGNORECASE)
# "our", "unsere", "našeho", "naszego", "notre": the page speaks as the cluster itself
_OURS = (
    r"(?:our|unser\w*|naš\w*|nasz\w*|notre|nos|nostr[oaie]|nuestr[oa]s?|noss[oa]s?|onze"
    r"|vår[te]?|vores|meie|mūsų|mūsu|nostru|noastr[ăe])"
)
# the word "cluster" by language, said once for both readings of "the cluster" below
_CLUSTER = r"(?:cluster|clúster|klastr|klaster|klaszter|grozd|distrett[oi]|küme)"
# "of the cluster", "klastru", "des Clusters": the page's own cluster, unnamed (no name
# follows: "of the cluster association NCA" is another body)
_THE_CLUSTER = re.compile(
    r"^\s*(?:of\s+|des\s+|der\s+|du\s+|de\s+l[ae']\s*|del(?:l[oa'])?\s*|do\s+|da\s+"
    rf"|van\s+(?:de|het)\s+)?(?:the\s+|{_OURS}\s+)?"
    r"(?:(?:members\s+of\s+the|členů|členov|członków|der\s+mitglieder\s+des)\s+)?"
    rf"(?:{_CLUSTER}\w*|pôle)\b"
    r"(?!\s+(?-i:[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])|\s+(?:association|asocia\w*|network|platform"
    r"|organi[sz]ation|verband\w*|netzwerk\w*|stowarzysz\w*|sdružení|svaz\w*))",
    re.IGNORECASE,
)
# "the cluster", "our cluster", "náš klastr" just before a verb: its subject
_THE_CLUSTER_SUBJECT = re.compile(
    rf"(?:^|\b(?:the|{_OURS}|der|le)\s+){_CLUSTER}\s*$", re.IGNORECASE
)
_OURS_BEFORE = re.compile(rf"\b{_OURS}\s+(?:\w+\s+)?$", re.IGNORECASE)
# A preposition: what follows it is where the act happened, not what was led ("led the
# discussion at the conference" led no conference).
_AT = r"(?:at|in|on|during|of|for|with|na|v|ve|při|auf|bei|während|w|podczas|à|au|lors)\b"
# Leading, running or hosting, with the thing led its object, a few words after it.
_LED = re.compile(
    r"\b(?:led|headed|ran|hosted|organi[sz]ed|vedl\w*|řídil\w*|hostil\w*|viedol|viedla"
    r"|leitete\w*|führte\w*|poprowadził\w*|prowadził\w*|a (?:conduit|mené|dirigé|accueilli))"
    rf"\s+(?P<what>(?:(?!{_AT}\s)\S+\s+){{0,5}}?)"
    r"(?P<event>mission|delegation|stand|booth|workshop|seminar|conference|forum|visit|tour"
    r"|trip|meeting|matchmaking|misi\w*|delegac\w*|expozic\w*|stánek|workshop\w*|seminář\w*"
    r"|konferenc\w*|Mission\w*|Delegation\w*|Gemeinschaftsstand\w*|Stand\w*|misj\w*"
    r"|delegacj\w*|stoisk\w*|délégation|pavillon)\b",
    re.IGNORECASE,
)
_WE_SUBJECT = re.compile(r"\b(?:we|wir|my|nous)\s*$", re.IGNORECASE)
_CLAUSE = re.compile(r"[.;:!?\n]|\b(?:and|but|while|a|ale|und|aber|i|et)\s", re.IGNORECASE)


def _is_cluster(words: str, cluster_name: str | None, unnamed: re.Pattern[str]) -> bool:
    """`words` name the importing cluster: its name, or "the cluster" unnamed (`unnamed`:
    where in the words, before a verb or after a governing body)."""
    if cluster_name and names_cluster(words, (cluster_name,)):
        return True
    return bool(unnamed.search(words.strip()))


def _own_body(text: str, cluster_name: str | None) -> bool:
    """A governing body's meeting that is the cluster's own: "the general assembly of
    <the cluster>", "<the cluster>'s board", "our general assembly"."""
    for m in _BODY.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        after = re.split(r"[,.;:()\n]", text[m.end() : m.end() + 80], maxsplit=1)[0]
        owner = " ".join(after.split()[:5])
        if _OURS_BEFORE.search(before):
            return True
        possessive = re.search(r"([\w .&-]{2,60})['’]s\s+(?:annual\s+)?$", before)
        if possessive and _is_cluster(possessive.group(1), cluster_name, _THE_CLUSTER_SUBJECT):
            return True
        if owner and _is_cluster(owner, cluster_name, _THE_CLUSTER):
            return True
    return False


def _subject(text: str, at: int) -> str:
    """The words of the clause before `at` (the verb's subject, as a page writes it)."""
    before = text[max(0, at - 80) : at]
    cuts = list(_CLAUSE.finditer(before))
    return before[cuts[-1].end() :] if cuts else before


def _led_by_cluster(text: str, cluster_name: str | None) -> bool:
    """The cluster (or "we") as the subject that led, ran or hosted an event."""
    for m in _LED.finditer(text):
        subject = _subject(text, m.start())
        if not subject.strip():
            continue
        if _WE_SUBJECT.search(subject) or _is_cluster(subject, cluster_name, _THE_CLUSTER_SUBJECT):
            return True
    return False


def own_role(text: str, cluster_name: str | None, fmt: str | None) -> str | None:
    """ "organiser" where the wording makes the cluster the organiser (module doc)."""
    if fmt in ("general_assembly", "board_meeting") and _own_body(text, cluster_name):
        return "organiser"
    return "organiser" if _led_by_cluster(text, cluster_name) else None


# "our member", "member company", "náš člen", "členská firma", "unser Mitglied",
# "Mitgliedsunternehmen", "nasz członek", "notre membre": the subject is a member
_MEMBER = re.compile(
    r"\b(?:members?|member\s+(?:compan(?:y|ies)|firms?|organi[sz]ations?)|člen|členové|členská"
    r"|členský|členské|členov|členovia|mitglied\w*|mitgliedsunternehm\w*|mitgliedsfirm\w*"
    r"|członek|członkowie|członkowsk\w*|membres?|adhérents?|miembros?|soci[oa])\b",
    re.IGNORECASE,
)
# A named organisation just before the verb: "Elmarco", "the Technical University of
# Liberec", "CzechInvest"; its words capitalised ("of", "für", "a" may join them)
_NAME = rf"[{CAPITALS}][\w&.'-]*"
_NAMED = re.compile(
    rf"(?<!\w)(?P<name>{_NAME}(?:\s+(?:(?:of|for|für|pro|de|du|&)\s+)?{_NAME}){{0,5}})\s*,?\s*$"
)
# An article or a determiner just before a name: "the", "Le", "Die", "la empresa"
_ARTICLE = re.compile(
    r"(?:^|\s)(?:the|le|la|les|l'|der|die|das|el|il|lo|company|firm|firma|společnost|spółka"
    r"|unternehmen|société|empresa)$",
    re.IGNORECASE,
)
# "we" and the auxiliaries of a first person ("jsme uspořádali", "sme zorganizovali")
_WE_LEAD = re.compile(r"\b(?:we|wir|my|nous|jsme|sme|smo|jsem|som)\b", re.IGNORECASE)
# A verb in the first person plural: "pořádáme", "organizujeme", "zorganizowaliśmy"
_WE_VERB = re.compile(
    r"(?:we|wir|nous)\s|\w*(?:me|śmy)\b|\w+\s+(?:jsme|sme)\b", re.IGNORECASE
)  # "we organised" is matched from its "we"
# Words a sentence or a clause starts with that name nobody ("On", "Last", "Die")
_NOT_NAMES = frozenset({
    "on", "in", "at", "last", "this", "next", "the", "a", "an", "yesterday", "today",
    "recently", "also", "then", "later", "early", "v", "ve", "na", "letos", "loni", "minulý",
    "včera", "dnes", "am", "im", "der", "die", "das", "letzte", "w", "we", "le", "la", "les",
})  # fmt: skip


def _named_other(subject: str, cluster_name: str | None) -> str | None:
    """The organisation `subject` ends with, when it is a name and not the cluster's: a
    name after a preposition is a place or a partner ("v Banskej Bystrici", "ve spolupráci
    s parkem Ostrava"), and a cluster's ("Le cluster AquaWal") is left to `owner`, which
    notes when it is not the importing cluster's."""
    m = _NAMED.search(subject)
    if m is None or re.search(rf"\b(?:{_CLUSTER}|pôle)", subject, re.IGNORECASE):
        return None
    before = subject[: m.start()].rstrip()
    if before and not before.endswith((",", "(")) and not _ARTICLE.search(before):
        return None
    words = [
        w for w in m.group("name").split()
        if w.lower() not in _NOT_NAMES and not re.fullmatch(_OURS, w, re.IGNORECASE)
    ]  # fmt: skip
    if not words or any(month_of(w) for w in words) or re.search(_CLUSTER, m.group("name"), re.I):
        return None  # a date's month, or a cluster's name (perhaps this one's)
    name = " ".join(words)
    if cluster_name and names_cluster(name, (cluster_name,)):
        return None
    return name


def organiser_other(text: str, at: int, cluster_name: str | None) -> str | None:
    """Who organised, when the subject of the organising verb at `at` is a member or
    another named organisation, not the cluster: "a member (Elmarco)", "CzechInvest";
    None when it is the cluster, "we", or not clear (module doc)."""
    subject = _subject(text, at)
    if not subject.strip():
        return None
    lead = re.split(r"[.!?;\n]", text[max(0, at - 160) : at])[-1]  # the sentence so far
    if (
        _is_cluster(subject, cluster_name, _THE_CLUSTER_SUBJECT)
        or _WE_LEAD.search(lead)
        or _WE_VERB.match(text, at)
    ):
        return None
    if cluster_name and names_cluster(lead, (cluster_name,)):
        return None
    member = _MEMBER.search(subject)
    if member:
        name = _named_other(subject[member.end() :], cluster_name)
        return f"a member ({name})" if name else "a member"
    return _named_other(subject, cluster_name)
