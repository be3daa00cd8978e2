"""Staff records that continue one another: a change of FTE or role, entered as a new
record from the day it changed, without `employed_since`.

Why a module of its own: two years of service (G5, "stability of the management team")
run from a staff record's `employed_since`, else from its `start`. A manager who enters
a rise from 0.8 to 1.0 FTE as the record ending the day before and a new one from the
day of the change, and leaves `employed_since` empty, restarts the person's service:
three people of six years read as a team of new hires, and Gold was refused. Whether
the new record is the same person or a successor in the same job, only the manager
knows (a successor is what G5 measures), so the import asks, with a warning naming both
records and the day to give; it never fills the field itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .findings import Finding, at_source
from .models import Source, Staff


@dataclass(frozen=True)
class Spell:
    """A staff record as the check reads it: where it is, for the message."""

    id: str
    title: str
    start: date
    end: date | None
    employed_since: date | None
    where: str
    source: Source | None = None


def spell(record: Staff, where: str) -> Spell:
    return Spell(
        record.id,
        record.title,
        record.start,
        record.end,
        record.employed_since,
        where,
        record.source,
    )


def continued(new: Sequence[Spell], stored: Sequence[Spell]) -> list[Finding]:
    """A warning for each new staff record without `employed_since` that starts the day
    after another staff record of the same title (casefolded) ends."""
    ids = {s.id for s in new}
    pool = list(new) + [s for s in stored if s.id not in ids]
    ending: dict[tuple[str, date], Spell] = {}
    for s in pool:
        if s.end is not None:
            ending.setdefault((_key(s.title), s.end), s)
    out = []
    for s in new:
        if s.employed_since is not None:
            continue
        before = ending.get((_key(s.title), s.start - timedelta(days=1)))
        if before is None or before.id == s.id:
            continue
        since = _since(before, ending)
        out.append(
            at_source(
                s.source,
                (
                    f"staff {s.title!r} ({s.where}) starts the day after {before.title!r} "
                    f"({before.where}) ends: if it is the same person (a change of FTE or "
                    f"role), give it employed_since {since.isoformat()}, so that the "
                    "person's years of service count (G5); if it is a successor, nothing "
                    "to do"
                ),
                severity="warning",
                record_id=s.id,
            )
        )
    return out


def _since(first: Spell, ending: dict[tuple[str, date], Spell]) -> date:
    """The day the chain of records ending with `first` began: its own `employed_since`,
    or that of the record it continues in turn (a rise in FTE, then a cut)."""
    seen = {first.id}
    while first.employed_since is None:
        before = ending.get((_key(first.title), first.start - timedelta(days=1)))
        if before is None or before.id in seen:
            return first.start
        seen.add(before.id)
        first = before
    return first.employed_since


def _key(title: str) -> str:
    return " ".join(title.casefold().split())
