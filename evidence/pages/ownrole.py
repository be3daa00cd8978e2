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
"""

from __future__ import annotations

import re

from .owner import names_cluster

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
