"""Whose activity a page item reports: the importing cluster's, or someone else's.

A cluster often imports pages it did not write: a cluster association's list of its own
projects, a partner's news about a congress. Their items are real events and projects,
but not necessarily the cluster's, and an assessor counts only the cluster's own. The
importer cannot know for sure, so it says what it sees in the draft's note, before the
record counts: the item names the cluster (nothing to say), or it does not and names
another organisation as the one acting ("The National Cluster Association is a project
partner", "organised by NCA", "Národní klastrová asociace se účastnila").
"""

from __future__ import annotations

import re

from ..regions import normalise

CAPITALS = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜŁŚŻ"  # a name's words start with a capital
_WORD = rf"[{CAPITALS}][\w&.-]{{0,40}}"
# "<Name> is a project partner / the lead partner / the coordinator of ..."
_ACTOR_BEFORE = re.compile(
    rf"(?P<name>(?:{_WORD}[ \t]+){{0,6}}?{_WORD}"
    r"(?:\s+-\s+[A-Z]{2})?)\s+(?:is|was|are|were|je|bola|byla|ist|war|jest|był\w*)\s+"
    r"(?:the\s+|a\s+|an\s+|one\s+of\s+the\s+)?(?:project\s+)?(?:lead\s+)?"
    r"(?:partner|coordinator|organi[sz]er|leader|host|partnerem|koordinátorem|partnerom"
    r"|Partner|Koordinator|partnerem|koordynatorem)\b"
)
# "organised by <Name>", "organizovanú <Name>", "organizovaný <Name>", "veranstaltet von <Name>"
_ACTOR_AFTER = re.compile(
    r"\b(?:organi[sz]ed\s+by|hosted\s+by|coordinated\s+by|organizovan\w*|pořádan\w*"
    r"|veranstaltet\s+von|organisiert\s+von|organizowan\w*\s+przez)\s+(?:the\s+)?"
    rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,5}})"
)
# "<Name> se účastnila / se zúčastnil / took part / participated / nahm teil"
_ACTOR_VERB = re.compile(
    rf"(?P<name>{_WORD}(?:[ \t]+[\w&.-]{{1,40}}){{0,4}}?)"
    r"\s+(?:se\s+z?účastnil\w*|took\s+part|participated|attended|nahm\s+teil|wzięł\w*\s+udział)"
)


# Words every cluster's name may share: they say nothing about which cluster it is.
_GENERIC = frozenset({
    "cluster", "clusters", "klastr", "klaster", "klastra", "klastru", "klasteru", "association",
    "asociace", "asociacia", "verband", "verein", "network", "netzwerk", "the", "and", "und",
    "for", "pro", "des", "der", "die", "von", "of", "gmbh",
    "pole", "pôle", "national", "regional",
})  # fmt: skip
# "we organised", "naše členy", "unsere Mitglieder": the page speaks as the cluster itself.
_WE = re.compile(
    r"\b(?:we|our|us|wir|unser\w*|uns|my|nás|náš\w*|naš\w*|nasz\w*|nous|notre|nos)\b",
    re.IGNORECASE,
)


def _stems(name: str) -> list[str]:
    """The distinctive words of a name, cut to a stem that survives declension
    ("Moravskoslezský inovační klastr" -> "moravskoslez", "inovac")."""
    words = [w for w in normalise(name).split() if w not in _GENERIC]
    return [w[: max(4, len(w) - 3)] for w in words if len(w) >= 3]


def names_cluster(text: str, names: tuple[str, ...]) -> bool:
    """The text names the cluster by one of `names` (its name or id), in any case ending."""
    folded = normalise(text)
    for name in names:
        if not name:
            continue
        if re.search(rf"(?<!\w){re.escape(normalise(name))}(?!\w)", folded):
            return True
        stems = _stems(name)
        if stems and all(re.search(rf"(?<!\w){re.escape(s)}", folded) for s in stems):
            return True
    return False


def acting_other(text: str, names: tuple[str, ...]) -> str | None:
    """The first organisation the text names as acting that is not the cluster."""
    found: list[tuple[int, str]] = []
    for rx in (_ACTOR_BEFORE, _ACTOR_AFTER, _ACTOR_VERB):
        for m in rx.finditer(text[:20000]):
            name = m.group("name").strip(" -")
            if name and not names_cluster(name, names) and len(name) >= 3:
                found.append((m.start(), name))
                break
    return min(found)[1] if found else None


def someone_else(text: str, names: tuple[str, ...]) -> str | None:
    """The draft note's words when `text` may report another organisation's activity."""
    if not any(names) or names_cluster(text, names) or _WE.search(text):
        return None
    other = acting_other(text, names)
    who = f" and says it of {other!r}" if other else ""
    return (
        f"The text does not name the cluster{who}: it may be another organisation's "
        "activity; check it is the cluster's own before it counts."
    )
