"""Staff records that continue one another: a change of FTE, role or job title (a
promotion), entered as a new record from the day it changed, without `employed_since`.

Why a module of its own: two years of service (G5, "stability of the management team")
run from a staff record's `employed_since`, else from its `start`. A manager who enters
a rise from 0.8 to 1.0 FTE, or a promotion to a new job title (the template asks for
the job title, so the title changes with it), as the record ending the day before and a
new one from the day of the change, and leaves `employed_since` empty, restarts the
person's service: three people of six years read as a team of new hires, and Gold was
refused. Whether the new record is the same person or a successor, only the manager
knows (a successor is what G5 measures), so the import asks, with a warning naming both
records and the day to give; it never fills the field itself.

The title does not decide (it was the only test, and a promotion changed it, so the
commonest case went unwarned); it only pairs records when several people leave and join
on one day. A record is paired with one that ends the day before it starts, or on that
day: by title first, then the one left on each side; when more remain on both sides, one
warning for the day names them all, rather than a warning for every possible pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .findings import Finding, at_source
from .models import Source, Staff

_SUCCESSOR = "if it is a successor, nothing to do"


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


@dataclass
class _Day:
    """The records that start on one day without `employed_since`, and those that end
    the day before or on it, as paired."""

    pairs: list[tuple[Spell, Spell]] = field(default_factory=list)  # (new record, ended)
    starting: list[Spell] = field(default_factory=list)  # left unpaired
    ended: list[Spell] = field(default_factory=list)


def continued(new: Sequence[Spell], stored: Sequence[Spell]) -> list[Finding]:
    """A warning for each new staff record without `employed_since` that starts the day
    after another staff record of the cluster ends (or on that day), whatever its title;
    one warning for a day on which several leave and several join unpaired."""
    ids = {s.id for s in new}
    pool = list(new) + [s for s in stored if s.id not in ids]
    days = _days(pool)
    before = {s.id: e for day in days.values() for s, e in day.pairs}
    out = []
    for day in days.values():
        for s, e in day.pairs:
            if s.id in ids:
                out.append(_pair_warning(s, e, _since(e, before)))
        mine = [s for s in day.starting if s.id in ids]
        if mine:
            out.append(_day_warning(mine, day.ended, before))
    return out


def _days(pool: Sequence[Spell]) -> dict[date, _Day]:
    """Per start day, the records starting without `employed_since` paired with those
    ending the day before or on the day (a record whose own continuation already gives
    `employed_since` is settled and pairs with nothing)."""
    ending: dict[date, list[Spell]] = defaultdict(list)
    for s in pool:
        if s.end is not None:
            ending[s.end].append(s)
    starting: dict[date, list[Spell]] = defaultdict(list)
    for s in pool:
        if s.employed_since is None:
            starting[s.start].append(s)
    given: dict[date, list[Spell]] = defaultdict(list)
    for s in pool:
        if s.employed_since is not None:
            given[s.start].append(s)
    days = {}
    for d in sorted(starting):
        ended = [
            e
            for e in ending.get(d - timedelta(days=1), []) + ending.get(d, [])
            if e.start < d and not _settled(e, given)
        ]
        if ended:
            days[d] = _pair(starting[d], ended)
    return days


def _settled(ended: Spell, given: dict[date, list[Spell]]) -> bool:
    """Whether a record that gives `employed_since` (on or before `ended`'s start)
    starts the day after `ended` ends, or on it (`given`: such records by start day):
    the manager has already said who continues it."""
    assert ended.end is not None
    near = given.get(ended.end, []) + given.get(ended.end + timedelta(days=1), [])
    return any(s.employed_since is not None and s.employed_since <= ended.start for s in near)


def _pair(starting: list[Spell], ended: list[Spell]) -> _Day:
    day = _Day()
    left = list(ended)
    for s in starting:
        same = next((e for e in left if _key(e.title) == _key(s.title)), None)
        if same is not None:
            day.pairs.append((s, same))
            left.remove(same)
        else:
            day.starting.append(s)
    if len(day.starting) == 1 and len(left) == 1:
        day.pairs.append((day.starting.pop(), left[0]))
        left = []
    day.ended = left if day.starting else []
    if not day.ended:
        day.starting = []
    return day


def _when(s: Spell, ended: Sequence[Spell]) -> str:
    if all(e.end is not None and e.end < s.start for e in ended):
        return "the day after"
    if all(e.end == s.start for e in ended):
        return "on the day"
    return "on the day, or the day after,"


def _pair_warning(s: Spell, e: Spell, since: date) -> Finding:
    return at_source(
        s.source,
        (
            f"staff {s.title!r} ({s.where}) starts {_when(s, [e])} {e.title!r} "
            f"({e.where}) ends: if it is the same person (a change of FTE, role or job "
            f"title), give it employed_since {since.isoformat()}, so that the person's "
            f"years of service count (G5); {_SUCCESSOR}"
        ),
        severity="warning",
        record_id=s.id,
    )


def _day_warning(starting: list[Spell], ended: list[Spell], before: dict[str, Spell]) -> Finding:
    """One warning for the records that start on one day, naming every record that
    ended then and the `employed_since` each would give."""
    first = starting[0]
    joined = ", ".join(f"{s.title!r} ({s.where})" for s in starting)
    left = ", ".join(
        f"{e.title!r} ({e.where}) employed_since {_since(e, before).isoformat()}" for e in ended
    )
    return at_source(
        first.source,
        (
            f"staff {joined} {'start' if len(starting) > 1 else 'starts'} "
            f"{_when(first, ended)} other staff records end, {len(ended)} of them: for "
            "a person who stayed (a change of FTE, role or job title), give the new record "
            "the employed_since of that person's record, so that the person's years of "
            f"service count (G5): {left}; for a successor, nothing to do"
        ),
        severity="warning",
        record_id=first.id,
    )


def _since(first: Spell, before: dict[str, Spell]) -> date:
    """The day the chain of records ending with `first` began: its own `employed_since`,
    or that of the record it continues in turn (a rise in FTE, then a promotion)."""
    seen = {first.id}
    while first.employed_since is None:
        prior = before.get(first.id)
        if prior is None or prior.id in seen:
            return first.start
        seen.add(prior.id)
        first = prior
    return first.employed_since


def _key(title: str) -> str:
    return " ".join(title.casefold().split())
