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
import unicodedata

# "<Name> is a project partner / the lead partner / the coordinator of ..."
_ACTOR_BEFORE = re.compile(
    r"(?P<name>(?:[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜŁŚŻ][\w&.-]{0,40}\s+){0,6}?[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜŁŚŻ][\w&.-]{0,40}"
    r"(?:\s+-\s+[A-Z]{2})?)\s+(?:is|was|are|were|je|bola|byla|ist|war|jest|był\w*)\s+"
    r"(?:the\s+|a\s+|an\s+|one\s+of\s+the\s+)?(?:project\s+)?(?:lead\s+)?"
    r"(?:partner|coordinator|organi[sz]er|leader|host|partnerem|koordinátorem|partnerom"
    r"|Partner|Koordinator|partnerem|koordynatorem)\b"
)
# "organised by <Name>", "organizovanú <Name>", "organizovaný <Name>", "veranstaltet von <Name>"
_ACTOR_AFTER = re.compile(
    r"\b(?:organi[sz]ed\s+by|hosted\s+by|coordinated\s+by|organizovan\w*|pořádan\w*"
    r"|veranstaltet\s+von|organisiert\s+von|organizowan\w*\s+przez)\s+(?:the\s+)?"
    r"(?P<name>[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜŁŚŻ][\w&.-]{0,40}(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜŁŚŻ][\w&.-]{0,40}){0,5})"
)
# "<Name> se účastnila / se zúčastnil / took part / participated / nahm teil"
_ACTOR_VERB = re.compile(
    r"(?P<name>[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜŁŚŻ][\w&.-]{0,40}(?:\s+[\w&.-]{1,40}){0,4}?)"
    r"\s+(?:se\s+z?účastnil\w*|took\s+part|participated|attended|nahm\s+teil|wzięł\w*\s+udział)"
)


def _fold(text: str) -> str:
    """Lower case without accents: "NANOPROGRESS" and "Nánoprogress" compare equal."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain).casefold()


def names_cluster(text: str, names: tuple[str, ...]) -> bool:
    folded = _fold(text)
    return any(n and re.search(rf"(?<!\w){re.escape(_fold(n))}(?!\w)", folded) for n in names)


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
    if not any(names) or names_cluster(text, names):
        return None
    other = acting_other(text, names)
    who = f" and says it of {other!r}" if other else ""
    return (
        f"The text does not name the cluster{who}: it may be another organisation's "
        "activity; check it is the cluster's own before it counts."
    )
