"""Which member rows are one organisation: the `org_id` and near-duplicate names.

Why: a member used to be identified by its title, so "Nanofibre Tech s.r.o.", "NanoFibre
Tech, s. r. o." and "Nanofibre Tech" were three committed members and the structure
indicators counted one company three times. A member may now carry an organisation
identifier (a company number, a VAT number or a ROR id); when it does, that is its
natural key (`Member.natural_key_fields`), so two rows with one `org_id` are one record
whatever their titles. Where the identifier is missing, an import compares the names
(legal forms and punctuation stripped, rapidfuzz's token-sort ratio) of the file's
members with each other and with the store's, and warns about every pair that looks
like one organisation: the manager gives both the same `org_id` or corrects the name.
A warning, not an error: two different organisations may have similar names, and
giving each its own `org_id` says so (a pair whose `org_id`s differ is never reported).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

SIMILAR = 90  # token-sort ratio (0-100) from which two names count as one organisation

# Legal forms, compared without dots and spaces ("s. r. o." -> "sro").
LEGAL_FORMS = frozenset(
    {
        # Czech and Slovak
        "sro", "spolsro", "as", "zs", "vos", "ks", "ops", "zu",
        # German and Austrian
        "gmbh", "mbh", "ag", "kg", "ohg", "ev", "eg", "ug", "gmbhcokg",
        # English
        "ltd", "limited", "plc", "llc", "llp", "inc", "corp", "corporation", "co", "company",
        # elsewhere in Europe
        "se", "sa", "sas", "sarl", "bv", "nv", "oy", "ab", "aps", "asa", "spa", "srl", "sl",
        "spzoo", "kft", "zrt", "doo",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")
# every beginning of a legal form: a word that is none cannot start one, and most words
# of a name are none (the look at up to four words from each word was most of the cost
# of comparing a cluster's members, issue 19)
_STARTS = frozenset(form[:n] for form in LEGAL_FORMS for n in range(1, len(form) + 1))


def normalise_org_id(value: str) -> str:
    """An organisation identifier as stored: white space removed, upper case."""
    return "".join(value.split()).upper()


def _words(name: str) -> list[str]:
    """A name's words as compared: casefolded, without accents, dots and punctuation."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [w.replace(".", "") for w in _WORD.findall(text)]


def trailing_form_key(name: str) -> str:
    """A name as `name_key` compares it, but a legal form dropped only at its end, where
    a name carries one ("Nanoprogress, z. s.", "Cluster Übersee e.V."): two names that
    differ by a word that could be a legal form elsewhere ("EV Cluster", "AS Cluster")
    stay two. For a benchmark's clusters (`assessment.peer_identity`), where merging two
    is worse than a warning about a pair of members."""
    words = _words(name)
    # one legal form, of up to four words ("spol. s r. o."), the longest that ends it
    cut = next(
        (i for i in range(max(1, len(words) - 4), len(words)) if "".join(words[i:]) in LEGAL_FORMS),
        len(words),
    )
    return " ".join(words[:cut])


def name_key(name: str) -> str:
    """A member's name as compared: case, accents, punctuation and legal forms dropped."""
    words = _words(name)
    # a legal form written with spaces ("s. r. o.", "spol. s r. o.") is several words
    joined = "".join(words)
    kept: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _STARTS:
            kept.append(words[i])
            i += 1
            continue
        for j in range(min(len(words), i + 4), i, -1):
            if "".join(words[i:j]) in LEGAL_FORMS:
                i = j
                break
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept) or joined


@dataclass(frozen=True, slots=True)
class MemberName:
    """One member as the near-duplicate check sees it; `where` says which row or record."""

    id: str
    title: str
    org_id: str | None
    where: str
    # the membership's days (None: not known here, or ongoing): one organisation may be
    # two records when it left and joined again, never two at once
    start: date | None = None
    end: date | None = None


def near_duplicates(
    new: Sequence[MemberName], stored: Sequence[MemberName]
) -> list[tuple[MemberName, MemberName, float]]:
    """Pairs (a row of `new`, another row of `new` or a stored member, score) whose names
    look like one organisation and that `org_id` does not tell apart.

    A pair is left out when both are one record (the same id: an update) or when both
    have an `org_id` (the same one makes them one record; different ones say they are
    two organisations). Names whose numbers differ ("Hotel 1", "Hotel 2") are two.
    Only names that share the first three letters of a word are compared (a typo in the
    first letters of every word goes unseen), so an import of thousands of members
    compares each with a few others, not with all.
    """
    from rapidfuzz import fuzz

    new_ids = {m.id for m in new}
    pool = list(new) + [m for m in stored if m.id not in new_ids]
    keys = [name_key(m.title) for m in pool]
    blocks: dict[tuple[str, str], list[int]] = {}
    for j, key in enumerate(keys):
        for block in _blocks(key):
            blocks.setdefault(block, []).append(j)
    pairs = []
    for i, a in enumerate(new):
        candidates = sorted({j for b in _blocks(keys[i]) for j in blocks[b] if j > i})
        for j in candidates:
            b = pool[j]
            if a.id == b.id or (a.org_id and b.org_id):
                continue
            score = max(
                fuzz.token_sort_ratio(keys[i], keys[j]),
                fuzz.ratio(keys[i].replace(" ", ""), keys[j].replace(" ", "")),
            )
            if score >= SIMILAR:
                pairs.append((a, b, float(score)))
    return pairs


_DIGITS = re.compile(r"\d+")


def _blocks(key: str) -> set[tuple[str, str]]:
    """The groups a name is compared within: its numbers with each word's first letters."""
    digits = " ".join(_DIGITS.findall(key))
    words = [w for w in key.split() if not w.isdigit()] or key.split()
    return {(digits, w[:3]) for w in words} | {(digits, key.replace(" ", "")[:3])}


def near_duplicate_message(a: MemberName, b: MemberName, score: float) -> str:
    """The warning for one pair, naming both rows and what to do. One organisation is
    one record: "give both the same org_id" (the advice before) left two records of one
    organisation, both counted, and silenced the warning."""
    return (
        f"member {a.title!r} ({a.where}) and member {b.title!r} ({b.where}) look like one "
        f"organisation (names {score:.0f} % alike); if they are one, keep one record "
        f"(withdraw the other: `clex evidence withdraw ID --reason duplicate`) and give it "
        "the org_id (company number, VAT or ROR id); if they are two organisations, give "
        "each its own org_id"
    )


def same_organisation(
    new: Sequence[MemberName], stored: Sequence[MemberName]
) -> list[tuple[MemberName, MemberName]]:
    """Pairs (a row of `new`, an earlier row of `new` or a stored member) of two records
    with one `org_id` whose memberships overlap: the org_id names the organisation, so
    they are one member counted twice (an import merges rows by it only when it derives
    their ids; given ids, or an edit, can still put it on two records). Two that do not
    overlap are one organisation that left and joined again: a record per membership,
    each counted in its own days (one open-ended record over both falsified the years
    between, and editing it to the new one the years before)."""
    new_ids = {m.id for m in new}
    held: dict[str, list[MemberName]] = {}
    for m in stored:
        if m.org_id and m.id not in new_ids:
            held.setdefault(m.org_id, []).append(m)
    pairs = []
    for m in new:
        if not m.org_id:
            continue
        others = held.setdefault(m.org_id, [])
        other = next((o for o in others if o.id != m.id and overlap(m, o)), None)
        if other is not None:
            pairs.append((m, other))
        else:
            others.append(m)
    return pairs


def overlap(a: MemberName, b: MemberName) -> bool:
    """Whether two memberships share a day (one of unknown dates: as if they did)."""
    if a.start is None or b.start is None:
        return True
    return (a.end is None or a.end >= b.start) and (b.end is None or b.end >= a.start)


def same_organisation_message(a: MemberName, b: MemberName, remedy: str | None = None) -> str:
    """The error for one pair, whichever way it arose (an import's row, an edit, a
    restore, an undo): the two memberships and what to do so that the organisation is
    one member at a time. `remedy` replaces the import row's advice (give the row the
    stored record's id) for a change of stored records."""
    if remedy is None:
        remedy = (
            f"to change that record, give this row its id {b.id}; else end one membership "
            "before the other starts, withdraw one of them (`clex evidence withdraw ID "
            "--reason duplicate`) or correct the org_id"
        )
    return (
        f"member {a.title!r} ({a.where}) has the org_id {a.org_id} of member {b.title!r} "
        f"({b.where}) and their memberships overlap ({_days(a)}; {_days(b)}): one "
        "organisation is one member at a time (a record per membership when it left and "
        f"joined again); {remedy}"
    )


def _days(m: MemberName) -> str:
    """A membership's days as the message shows them."""
    if m.start is None:
        return "days not known"
    return f"{m.start} to {m.end}" if m.end is not None else f"from {m.start}"
