"""The records a concern check reads (`assessment.costs`), one row each, and how the
checks choose among them.

Why apart: the concerns' checks (empty fields, 0 % shares, outliers, possible
duplicates, training outside the staff) each read the same rows; the rows and their
dates live here so that each check can be a module of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from criteria.models import Metric
from evidence.models import KINDS

from .period import Period
from .snapshot import ConcernRecord

SHOWN = 20  # records a concern names (it says how many there were)
Value = tuple[float | None, Sequence[str]]  # an indicator's value and the records behind it
Filters = tuple[tuple[str, frozenset[Any]], ...]  # choice field -> the values it must have


@dataclass(frozen=True)
class Use:
    """What the catalogue's metrics ask of one kind: the fields their conditions name
    (each with the indicators and the choices that say which records the condition is
    about: a strategy's approval date is asked of strategies only) and the numeric
    fields they add up or average, each with the indicators; `reach`: the metrics whose
    records of the years they count a check looks at (`_wants`)."""

    conditions: dict[str, list[tuple[str, Filters, Metric]]]
    values: dict[str, set[str]]
    reach: list[Metric] = field(default_factory=list)  # whose period's records are looked at


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    title: str
    start: date
    end: date | None
    values: dict[str, Any]
    last: date | None = field(init=False)  # its last day (None: ongoing), worked out once

    def __post_init__(self) -> None:
        ongoing = self.end is None and KINDS[self.kind].open_ended
        object.__setattr__(self, "last", None if ongoing else (self.end or self.start))


def running(rows: Sequence[Row], period: Period) -> list[Row]:
    """The records that run in the period (all are dated up to its end): an open-ended
    one (a member, a project) without an end is ongoing; any other lasts its start day
    (one dated only to a month or year has its `end`). Not "every record without an
    end": an event of five years ago is not a record of this period, and its twin was
    that year's concern. A kind counted where it starts (an event, a news item,
    `Record.counted_where_it_starts`, as `conditions.by_start` counts it) runs in the
    period it starts in: a fair of 30 December to 2 January is one of the old year's,
    and a pair of it was named in the new year too, which counts neither."""
    return [
        r
        for r in reaching(rows, period.start)
        if not KINDS[r.kind].counted_where_it_starts or r.start >= period.start
    ]


def reaching(rows: Sequence[Row], since: date | None) -> list[Row]:
    """The rows whose last day reaches `since` (all when None)."""
    if since is None:
        return list(rows)
    return [r for r in rows if r.last is None or r.last >= since]


def records_of(rows: Sequence[Row], field: str | None = None) -> list[ConcernRecord]:
    return [
        ConcernRecord(id=r.id, title=r.title, value=number(r.values.get(field)) if field else None)
        for r in rows[:SHOWN]
    ]


class Named(Protocol):
    """A record as a check's own query gives it: its id and title (a SQL row)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...


def named(rows: Sequence[Named]) -> list[ConcernRecord]:
    """The records a concern names when it names no value (the first `SHOWN`), for the
    checks that read their records with a query of their own, not as `Row`s."""
    return [ConcernRecord(id=r.id, title=r.title) for r in rows[:SHOWN]]


def number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
