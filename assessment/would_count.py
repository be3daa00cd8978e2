"""Which records lacking a field filling it in would make count: the empty-field check's
judge (`assessment.costs`).

Why: the check listed every record of an indicator's kind with the field empty, and so
named records the indicator counts already and records it would never count. An
event's `venue` left empty means on site, which C6 and V3 accept (`any_of` with
`{venue: {missing: true}}`), yet every cluster with events was told that its 21 events
"have no venue, so they are not counted", board meetings at home among them, which no
venue makes a presentation abroad. A record is at stake only when every condition of
the metric that does not name the field already holds and the metric does not count it
as it is; then filling the field in is what stands between it and the count.

The conditions are the engine's own (`assessment.conditions.entry`, one SQL condition
per `where` entry, an `any_of` one entry; a share's numerator too), so "holds" means
exactly what the metric means by it, `missing` and `$country` included, in one query
per metric over the records the check already holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, select, true

from criteria.models import Metric
from criteria.rules import ANY_OF
from evidence.models import ClusterProfile
from evidence.schema import evidence

from .conditions import Subject, entry, fields
from .period import Period

CHUNK = 500  # record ids a statement names at once (SQLite's bound parameters)


@dataclass(frozen=True)
class Judge:
    """What the conditions of a cluster's metrics are evaluated on: its store and what
    `$variables` stand for (the profile, the period, the assessment's date)."""

    conn: Connection
    profile: ClusterProfile
    period: Period
    as_of: date | None = None

    def split(self, m: Metric, name: str, ids: Sequence[str]) -> tuple[set[str], set[str]]:
        """Of the records `ids` (of `m.kind`): those every condition of `m` not naming
        `name` admits, and of them those `m` does not count as they are."""
        known = fields(m)
        ctx = Subject(self.profile, self.period, self.as_of)
        entries = list(_entries(m))
        others = [entry(n, c, known, m, ctx) for n, c in entries if name not in entry_fields(n, c)]
        own = [entry(n, c, known, m, ctx) for n, c in entries if name in entry_fields(n, c)]
        admitted: ColumnElement[bool] = and_(true(), *others)
        counted: ColumnElement[bool] = and_(admitted, *own)
        c = evidence.c
        about: set[str] = set()
        missed: set[str] = set()
        for at in range(0, len(ids), CHUNK):
            query = select(c.id, case((admitted, 1), else_=0), case((counted, 1), else_=0)).where(
                c.cluster == self.profile.slug,
                c.kind == m.kind,
                c.id.in_(list(ids[at : at + CHUNK])),
            )
            for record_id, admits, counts in self.conn.execute(query):
                if admits:
                    about.add(record_id)
                    if not counts:
                        missed.add(record_id)
        return about, missed


def _entries(m: Metric) -> Iterator[tuple[str, Any]]:
    """The metric's `where` entries, and a share's numerator's: a record the whole
    admits and the numerator does not is one the share does not count for the cluster."""
    yield from m.where.items()
    if isinstance(m.numerator, Mapping):
        yield from m.numerator.items()


def entry_fields(name: str, cond: Any) -> set[str]:
    """The fields one `where` entry names (an `any_of`: each of its mappings' fields)."""
    if name != ANY_OF or not isinstance(cond, list):
        return {name}
    out: set[str] = set()
    for part in cond:
        if isinstance(part, Mapping):
            for n, c in part.items():
                out |= entry_fields(n, c)
    return out
