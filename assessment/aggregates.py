"""The SQL of each aggregate of a catalogue metric, for `assessment.metrics`' plans.

Why a module of its own: the plan (`metrics.MetricPlan`) decides which scans run and
how their rows come back; this module says, for each aggregate name (count, share,
growth, latest ...), which aggregate columns of its kind's scan it needs, how its value
follows from them (its finish), and which records are behind the value (the condition
the row scan flags). An audit's bounded share and growth (`BOUNDED_LEAVES`) are here
too: the records put forward but not verified count against the cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Protocol

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Date,
    Dialect,
    String,
    and_,
    bindparam,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
    true,
)

from criteria.models import Metric
from criteria.rules import AGGREGATES
from evidence.models import REVIEW_STATUSES, ClusterProfile
from evidence.schema import evidence
from evidence.store.prepared import Prepared

from .attribution import restrict, weight
from .conditions import (
    MetricError,
    about,
    active_at,
    by_start,
    group_values,
    one_of,
    open_ended,
    scope,
    where,
)
from .conditions import field as column_of
from .period import Period, resolve_value, year_only
from .profile_params import Opened, own_variable

Worst = Literal["low", "high"] | None  # the value a bound must not exceed, or fall below
# What a leaf does with its aggregates: its value, given them, the connection (for a
# follow-up query) and the parameters of the row scans, which it may add to.
Finish = Callable[[Sequence[Any], Connection, dict[str, Any]], float | None]
Scan = tuple[str, "date | None"]  # a kind, and the first day of its records that count


class MetricPlan(Protocol):
    """What an aggregate reads of the plan it joins (`metrics.MetricPlan`): a protocol,
    so that this module needs nothing of the one that imports it."""

    profile: ClusterProfile
    period: Period
    dialect: Dialect
    counted: tuple[str, ...]
    status: ColumnElement[Any]
    as_of: date | None
    opened: Opened

    def only(self, statuses: tuple[str, ...]) -> tuple[str, ...] | None: ...
    def param(self, type_: Any) -> BindParameter[Any]: ...
    def where(self, scan: Scan, statuses: tuple[str, ...]) -> list[ColumnElement[bool]]: ...


class Counting(Protocol):
    """A counting mode as a bounded aggregate reads it (`metrics.Counting`)."""

    @property
    def statuses(self) -> tuple[str, ...]: ...
    @property
    def unproven(self) -> tuple[str, ...]: ...
    @property
    def admitted(self) -> tuple[str, ...]: ...


Statuses = tuple[str, ...] | None
# The records that stand, whatever a mode counts: all but the withdrawn and the
# rejected. `latest` picks its newest record among them (`_latest`), so a plan with a
# `latest` metric scans them all (`metrics._plan`).
STANDING: tuple[str, ...] = tuple(s for s in REVIEW_STATUSES if s != "rejected")


def standing(counted: Collection[str]) -> tuple[str, ...]:
    """The records that stand for a mode counting `counted`: a draft only where drafts
    are counted (`--include-drafts`). A draft is a record nobody has submitted (an
    unread page's guess among them), and drafts count only when asked for: a draft
    survey hid a submitted one's score from the self-assessment. A questioned
    (`needs_info`) or a submitted record stands in every mode: the cluster gave it."""
    return tuple(s for s in STANDING if s != "draft" or s in counted)


Built = tuple[list[Any], Finish, ColumnElement[bool]]
Aggregate = Callable[[MetricPlan, Metric, Statuses], Built]


def _about(p: MetricPlan, m: Metric, statuses: Statuses) -> ColumnElement[bool]:
    return about(m, p.profile, p.period, statuses, status=p.status, as_of=p.as_of, opened=p.opened)


def _where(p: MetricPlan, m: Metric, conditions: Any) -> list[ColumnElement[bool]]:
    return where(conditions, m, p.profile, p.period, as_of=p.as_of, opened=p.opened)


def _amount(p: MetricPlan, m: Metric) -> ColumnElement[Any]:
    """The field's value, or the part of it that belongs to the period (`attribution`)."""
    col = column_of(m)
    share = weight(m, p.period, open_ended=open_ended(m))
    return col if share is None else col * share


def _counter(p: MetricPlan, m: Metric, statuses: Statuses, done: Callable[[Any], float]) -> Built:
    cond = _about(p, m, statuses)
    return [func.count(case((cond, 1)))], lambda got, *_: done(got[0]), cond


def _in_each_year(p: MetricPlan, m: Metric) -> list[ColumnElement[bool]] | None:
    """For a count a year over a period of more than a year, what runs in each of its
    years (`Period.year_slices`): a record counts once in every year it runs in, so a
    service of 2024-2025 is one of 2024's and one of 2025's, as when each year is
    assessed alone (counted once over the two years, two such services were "1 a year"
    over 2024-2025 and 2 a year in each). An event counts in the year it starts only
    (`conditions.by_start`). None: the period is one slice, counted as it is."""
    slices = p.period.year_slices
    if not m.per_year or m.scope != "in_period" or len(slices) < 2:
        return None
    # the dates, and the expiry against each year's start (evidence expired in 2024 is
    # none of 2025's); the precision holds already for the whole period
    how = {"open_ended": open_ended(m), "by_start": by_start(m), "precise": False}
    return [and_(true(), *scope("in_period", s, **how)) for s in slices]


def _summed(got: Sequence[Any], *_: Any) -> float:
    return float(sum(n or 0 for n in got))


def _count(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    years = _in_each_year(p, m)
    if years is None:
        return _counter(p, m, statuses, lambda n: float(n or 0))
    cond = _about(p, m, statuses)
    return [func.count(case((and_(cond, y), 1))) for y in years], _summed, cond


def _exists(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    return _counter(p, m, statuses, lambda n: 1.0 if n else 0.0)


def _count_distinct(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    cond, col = _about(p, m, statuses), column_of(m)
    if m.groups is None:
        counted: ColumnElement[Any] = case((cond, col))
    else:  # the group a value belongs to, so that distinct groups are counted
        whens = [
            (and_(cond, one_of(col, group_values(values))), literal(name))
            for name, values in m.groups.items()
        ]
        counted = case(*whens)
        cond = or_(*(w for w, _ in whens))  # the records behind: those in some group
    years = _in_each_year(p, m)
    if years is not None:  # the values distinct within each year, added up
        cols = [func.count(distinct(case((y, counted)))) for y in years]
        return cols, _summed, cond
    return [func.count(distinct(counted))], lambda got, *_: float(got[0] or 0), cond


def _simple(fn: Callable[[Any], Any], *, zero: bool = False) -> Aggregate:
    def aggregate(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
        cond, col = restrict(_about(p, m, statuses), m, p.period), _amount(p, m)

        def done(got: Sequence[Any], *_: Any) -> float | None:
            value = _number(got[0])
            return 0.0 if value is None and zero else value

        return [fn(case((cond, col)))], done, cond

    return aggregate


def _share(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    if not isinstance(m.numerator, dict):
        raise MetricError("a share needs a `numerator` mapping of conditions")
    cond = restrict(_about(p, m, statuses), m, p.period)
    hit = and_(cond, *_where(p, m, m.numerator))
    return _share_cols(p, m, cond, hit), _share_done, cond


def _share_cols(
    p: MetricPlan, m: Metric, cond: ColumnElement[bool], hit: ColumnElement[bool]
) -> list[Any]:
    """The whole and the part of a share: counts, or the field's sums (attributed to
    the period when the metric says so)."""
    if m.field:
        col = _amount(p, m)
        return [func.sum(case((cond, col))), func.sum(case((hit, col), (cond, 0)))]
    return [func.count(case((cond, 1))), func.count(case((hit, 1)))]


def _share_done(got: Sequence[Any], *_: Any) -> float | None:
    whole, part = _number(got[0]), _number(got[1])
    return 100.0 * (part or 0.0) / whole if whole else None


def _share_bound(p: MetricPlan, m: Metric, mode: Counting, worst: Worst) -> Built:
    """An audit's share (module docstring): every record the cluster put forward is in
    the whole; in the part, verified hits only ("low"), or verified hits and every
    unproven record ("high": lower is better, so an unverified record counts as a hit)."""
    if not isinstance(m.numerator, dict):
        raise MetricError("a share needs a `numerator` mapping of conditions")
    cond = restrict(_about(p, m, p.only(mode.admitted)), m, p.period)
    if worst == "low":
        hit = and_(cond, p.status.in_(mode.statuses), *_where(p, m, m.numerator))
    else:
        found = and_(true(), *_where(p, m, m.numerator))
        hit = and_(cond, or_(p.status.in_(mode.unproven), found))
    return _share_cols(p, m, cond, hit), _share_done, cond


def _growth(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    return _growth_between(p, m, statuses, statuses)


def _growth_between(p: MetricPlan, m: Metric, ended: Statuses, started: Statuses) -> Built:
    """Growth from the records active the day before the period (counting `started`) to
    those active at its end (counting `ended`)."""

    def base(statuses: Statuses) -> ColumnElement[bool]:  # a growth has its own two dates
        return about(
            m,
            p.profile,
            p.period,
            statuses,
            scoped=False,
            status=p.status,
            as_of=p.as_of,
            opened=p.opened,
        )

    lasting = open_ended(m)
    at_end = and_(base(ended), active_at(p.period.end, open_ended=lasting))
    at_start = and_(base(started), active_at(p.period.day_before, open_ended=lasting))

    def done(got: Sequence[Any], *_: Any) -> float | None:
        end, start = got
        return 100.0 * (end - start) / start if start else None

    return [func.count(case((at_end, 1))), func.count(case((at_start, 1)))], done, at_end


def _growth_bound(p: MetricPlan, m: Metric, mode: Counting, worst: Worst) -> Built:
    """An audit's growth: unproven records count at the start, not at the end ("low"), or
    the other way round where lower is better ("high"), so that it never shows more
    growth than verified records prove."""
    proven, admitted = p.only(mode.statuses), p.only(mode.admitted)
    if worst == "low":
        return _growth_between(p, m, proven, admitted)
    return _growth_between(p, m, admitted, proven)


def _age_years(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    """Years from the earliest record's start (or `since`, when earlier) to the period's
    end. A `since` after the period's end is not looked at; when it decides, no record
    is behind the value. `$founded` is a year (its 1 January stands for any day of it):
    a record of that very year dates the founding to its day, so only an earlier year
    decides (founded 2024 and statutes of 1 December 2024: a year old at the end of 2025,
    not two)."""
    cond = _about(p, m, statuses)
    earliest = p.param(Date)  # the records behind: those of the earliest day
    since_of = _since(p, m)
    a_year = year_only(m.since)

    def done(got: Sequence[Any], _: Connection, params: dict[str, Any]) -> float | None:
        first = got[0]
        since = since_of(params)
        if since is not None and (first is None or before(since, first, a_year)):
            params[earliest.key] = None
            return p.period.years_since(since)
        params[earliest.key] = first
        return None if first is None else p.period.years_since(first)

    behind = and_(cond, evidence.c.start == earliest)
    return [func.min(case((cond, evidence.c.start)))], done, behind


def _latest(p: MetricPlan, m: Metric, statuses: Statuses) -> Built:
    """The value of the newest record that stands (`standing`: a submitted or a
    questioned one too, a draft where drafts count), when the mode counts it; None when
    it does not. Why: the
    newest survey replaces the older ones, so an unverified or questioned newest survey
    leaves the value unproven; falling back to an older, better one let an audit score
    higher than the self-assessment, and rewarded not submitting a poor result. A
    rejected record is the auditor's refusal of it as evidence, so it replaces nothing
    (the cluster cannot reject its own record: four eyes). Ties: the greatest id."""
    col = column_of(m)
    counts = p.counted if statuses is None else statuses
    stands = standing(counts)
    cond = and_(_about(p, m, p.only(stands)), col.is_not(None))  # the newest with a value
    chosen = p.param(String)
    assert m.kind is not None
    pick = select(evidence.c.id, col, p.status).where(
        *p.where((m.kind, None), stands),
        cond,
        evidence.c.start == bindparam("newest", type_=Date),
    )
    picked = Prepared(pick, p.dialect)

    def done(got: Sequence[Any], conn: Connection, params: dict[str, Any]) -> float | None:
        params[chosen.key] = None
        if got[0] is None:
            return None
        found = picked.run(conn, dict(params, newest=got[0]))
        record_id, value, status = max(found, key=lambda row: str(row[0]))  # ties: greatest id
        if status not in counts:
            return None  # the newest is not proven in this mode: no older one stands for it
        params[chosen.key] = record_id
        return _number(value)

    return [func.max(case((cond, evidence.c.start)))], done, evidence.c.id == chosen


def before(since: date, first: date, year_only: bool) -> bool:
    """`since` is earlier than the first record's day (by the year, for a year only)."""
    return since.year < first.year if year_only else since < first


def _since(p: MetricPlan, m: Metric) -> Callable[[Mapping[str, Any]], date | None]:
    """`m.since` as a run's day (None: none, or after the period's end): the cluster's
    own `$founded` from the run's parameters, any other value resolved once here."""
    if m.since is None:
        return lambda _: None
    try:
        value = resolve_value(m.since, profile=p.profile, period=p.period, as_of=p.as_of)
    except ValueError as exc:
        raise MetricError(str(exc)) from None
    if value is None:
        return lambda _: None
    end = p.period.end
    if own_variable(m.since) and isinstance(value, date):
        name = p.opened.param(m.since, "date").key

        def own(params: Mapping[str, Any]) -> date | None:
            day = params.get(name)
            return day if day is not None and day <= end else None

        return own
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    fixed = day if day <= end else None
    return lambda _: fixed


AGGREGATE_SQL: dict[str, Aggregate] = {
    "count": _count,
    "count_distinct": _count_distinct,
    "sum": _simple(func.sum, zero=True),
    "mean": _simple(func.avg),
    "min": _simple(func.min),
    "max": _simple(func.max),
    "latest": _latest,
    "exists": _exists,
    "share": _share,
    "growth": _growth,
    "age_years": _age_years,
}
# Every aggregate name of `criteria.rules` but `ratio`, which `_parts`/`_combine` make
# of two plain metrics: a name added there and not here fails at import, not at assess.
assert set(AGGREGATE_SQL) == set(AGGREGATES) - {"ratio"}, "criteria.rules.AGGREGATES differ"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal):
        return float(value)
    raise MetricError(f"{value!r} is not a number")


# The aggregates an audit bounds (module docstring), and how each plain one is built.
BOUNDED_LEAVES: dict[str, Callable[[MetricPlan, Metric, Counting, Worst], Built]] = {
    "share": _share_bound,
    "growth": _growth_bound,
}
BOUNDED = (*BOUNDED_LEAVES, "ratio")
