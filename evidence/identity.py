"""Which stored record an import row may mean: a mistyped id, a corrected title or date,
a row whose id names a record of another kind.

Why apart from `evidence.ingest`: these are the import's guesses about identity, each a
rule of its own with its thresholds (rapidfuzz distances and ratios), while the import
itself plans and writes. A record's id is its identity; without an id, its natural key.
A wrong guess must never change the store: a mistyped id or another kind is refused with
the record meant, a possibly corrected title only warned about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from .findings import Finding, at_source
from .models import Source
from .store import Store

TYPO_MAX = 2  # edits (rapidfuzz Levenshtein) within which a new id reads as a stored one
TYPO_MIN_LEN = 8  # shorter ids are too alike to tell a typo from another record


class KnownIds:
    """The cluster's stored ids, read once when a row first names an id the store does
    not hold: a mistyped id must not silently create a record under a made-up id."""

    def __init__(self, store: Store, conn: Connection, cluster: str) -> None:
        self._read = lambda: store.record_ids(conn, cluster)
        self._ids: list[str] | None = None

    def near(self, rid: str) -> str | None:
        """The refusal for `rid` when a stored id is within `TYPO_MAX` edits, else None."""
        if len(rid) < TYPO_MIN_LEN:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._ids is None:
            self._ids = self._read()
        best = process.extractOne(
            rid, self._ids, scorer=Levenshtein.distance, score_cutoff=TYPO_MAX
        )
        if best is None or len(best[0]) < TYPO_MIN_LEN:
            return None
        return f"no record {rid}; did you mean {best[0]}? (a new record: leave the id empty)"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def other_kind(record_id: str, stored: str, given: str) -> str:
    """Why a row may not turn a stored record into another kind: its own fields would
    be wiped and every rule of its kind skipped (and an undo could not put it back)."""
    return (
        f"{record_id} is {_a(stored)}, not {_a(given)}: an id names one record of one kind "
        f"(a new {given} record: leave the id empty)"
    )


SAME_TITLE = 90  # rapidfuzz ratio (0-100) from which two titles read as one corrected
SAME_DAY_MAX = 500  # stored records of a kind and start a new title is compared with


@dataclass(frozen=True, slots=True)
class NewRecord:
    """What `possibly_the_same` needs of a new record (small: an import may make many)."""

    id: str
    kind: str
    title: str
    start: date
    source: Source | None


def possibly_the_same(
    store: Store, conn: Connection, cluster: str, new: list[NewRecord], seen: dict[str, str]
) -> list[Finding]:
    """A warning for each new record without an id that looks like a stored record of
    the same kind this import does not contain: the same start and a title at least
    `SAME_TITLE` alike (a corrected title), or the same title on another date (a
    corrected date). A yearly event the file holds too is not flagged: it is in `seen`.

    A title is compared only with the stored titles of its kind and start, in
    rapidfuzz's C loop, and only while they are at most `SAME_DAY_MAX` (a generated
    member list where thousands joined on one day would otherwise cost minutes; such
    members still get `evidence.members`' "look like one organisation" check)."""
    from rapidfuzz import fuzz, process

    kinds = sorted({r.kind for r in new})
    by_start: dict[tuple[str, date], dict[str, str]] = {}  # id -> title, casefolded
    by_title: dict[tuple[str, str], list[tuple[str, date]]] = {}
    titles: dict[str, str] = {}
    for rid, kind, title, start in store.key_candidates(conn, cluster, kinds):
        if rid in seen:
            continue
        titles[rid] = title
        by_start.setdefault((kind, start), {})[rid] = title.casefold()
        by_title.setdefault((kind, title.casefold()), []).append((rid, start))
    out = []
    for r in new:
        match: tuple[str, str, date] | None = None
        same_day = by_start.get((r.kind, r.start))
        best = (
            process.extractOne(
                r.title.casefold(), same_day, scorer=fuzz.ratio, score_cutoff=SAME_TITLE
            )
            if same_day and len(same_day) <= SAME_DAY_MAX
            else None
        )
        if best is not None:
            match = (best[2], titles[best[2]], r.start)
        else:
            for rid, start in by_title.get((r.kind, r.title.casefold()), []):
                if start != r.start:
                    match = (rid, r.title, start)
                    break
        if match is None:
            continue
        rid, title, start = match
        out.append(
            at_source(
                r.source,
                (
                    f"possibly the same as {rid} ({title!r}, {start}): to correct that record "
                    f"put {rid} in the id column; to keep both, ignore this"
                ),
                severity="warning",
                record_id=r.id,
            )
        )
    return out
