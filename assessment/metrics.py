"""Metric evaluation: catalogue `Metric`s become numbers, computed in the database.

Why it exists: indicators are data (`criteria.models.Metric`), and this module is the one
small interpreter that turns any of them into SQL aggregates over the wide `evidence`
table. Adding an indicator therefore never needs Python code, and a large store is
scored without loading its records. Each value comes with the ids of the records behind
it, which is what an auditor opens. Semantics: docs/catalogue-format.md (the conditions are
in `conditions`); the plain-Python twin in tests/reference_eval.py must agree with this
module on random evidence.

Why batched: an assessment needs every metric of the catalogue in two counting modes
(its own and the other one, for "what an audit would give"), plus the records behind
each value. One SELECT per metric and mode scanned a cluster's records some seventy
times. Here each metric becomes `CASE` expressions inside aggregates, and all metrics of
one evidence kind and first day (`_floor`), in both modes, are one scan (`_Plan`); the
records behind the values, with the columns the caller wants, are a second scan that
flags which metric each row backs. So the work grows with the number of kinds, not of
metrics; a year's metrics read about that year's records, not the whole history; every
record is fetched once however many metrics cite it; and the statements are built once
for any number of clusters (issue 8: assessing a cluster of 100,000 records took 2.6 s,
mostly repeated scans; BENCHMARKS.md has the figures).

Ids are sorted (and the tie on `latest` broken) in Python, because PostgreSQL orders
text by its locale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Date,
    Select,
    String,
    and_,
    bindparam,
    case,
    distinct,
    func,
    or_,
    select,
)

from criteria.models import LastYears, Metric
from criteria.rules import AGGREGATES
from evidence.models import STATUSES, ClusterProfile
from evidence.schema import evidence

from .conditions import MetricError, about, active_at, open_ended, where
from .conditions import field as column_of
from .period import Period, shift

__all__ = [
    "AUDIT_STATUSES",
    "SELF_ASSESSMENT_STATUSES",
    "EvalContext",
    "Evaluation",
    "MetricError",
    "MetricErrors",
    "MetricResult",
    "evaluate",
    "evaluate_all",
    "evaluate_many",
]

SELF_ASSESSMENT_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != "rejected")
AUDIT_STATUSES: tuple[str, ...] = ("verified",)


@dataclass(frozen=True)
class EvalContext:
    cluster: ClusterProfile
    period: Period
    statuses: tuple[str, ...]  # the review statuses that count

    @classmethod
    def self_assessment(cls, cluster: ClusterProfile, period: Period) -> EvalContext:
        return cls(cluster, period, SELF_ASSESSMENT_STATUSES)

    @classmethod
    def audit(cls, cluster: ClusterProfile, period: Period) -> EvalContext:
        return cls(cluster, period, AUDIT_STATUSES)


@dataclass(frozen=True)
class MetricResult:
    value: float | None  # None: undefined (mean of nothing, ratio over 0, ...)
    evidence_ids: tuple[str, ...]  # the records behind the value, sorted


@dataclass(frozen=True)
class Evaluation:
    """Many metrics at once: results in the context's mode, values in the other mode,
    and the requested columns of every record behind a result, by id."""

    results: dict[str, MetricResult]
    other: dict[str, float | None]
    rows: dict[str, tuple[Any, ...]]


class MetricErrors(MetricError):
    """Metrics that cannot be evaluated, all of them: (metric key, what is wrong)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors))
        self.errors = errors


def evaluate(
    conn: Connection, metric: Metric, ctx: EvalContext, *, with_ids: bool = True
) -> MetricResult:
    """The value of `metric` for `ctx` and the ids of the records it rests on."""
    try:
        return evaluate_all(conn, {"m": metric}, ctx, with_ids=with_ids).results["m"]
    except MetricErrors as exc:
        raise MetricError(exc.errors[0][1]) from None


def evaluate_many(
    conn: Connection, metrics: Mapping[str, Metric], ctx: EvalContext
) -> dict[str, MetricResult]:
    return evaluate_all(conn, metrics, ctx).results


def evaluate_all(
    conn: Connection,
    metrics: Mapping[str, Metric],
    ctx: EvalContext,
    *,
    other: tuple[str, ...] | None = None,
    with_ids: bool = True,
    columns: Sequence[ColumnElement[Any]] = (),
) -> Evaluation:
    """Every metric in `ctx`'s mode (with the ids behind it unless `with_ids` is false)
    and, when `other` statuses are given, its value counting those statuses instead.

    `columns`: columns of `evidence` to return for each record behind a result
    (`Evaluation.rows`: their values in that order, keyed by id). Raises `MetricErrors`
    naming every bad metric.
    """
    plan = _plan(metrics, ctx, other, tuple(columns))
    slug = ctx.cluster.slug
    got = {
        scan: tuple(conn.execute(query, {"cluster": slug}).one())
        for scan, query in plan.aggregates.items()
    }
    params: dict[str, Any] = {"cluster": slug}
    values: list[dict[str, float | None]] = []
    for mode in plan.leaves:
        values.append({})
        for part, leaf in mode.items():
            values[-1][part] = leaf.finish(got[leaf.scan], conn, params)
    ids: dict[str, list[str]] = {}
    rows: dict[str, tuple[Any, ...]] = {}
    if with_ids:
        for query, parts in plan.rows.values():
            found = conn.execute(query, params).all()
            n = len(parts)
            rows.update((row[0], tuple(row[n + 1 :])) for row in found)
            for k, part in enumerate(parts, 1):
                ids[part] = [row[0] for row in found if row[k]]
    results = {
        key: _combine(key, metric, values[0], ids, ctx.period) for key, metric in metrics.items()
    }
    return Evaluation(
        results=results,
        other=(
            {k: _combine(k, m, values[1], {}, ctx.period).value for k, m in metrics.items()}
            if other is not None
            else {}
        ),
        rows=rows,
    )


def _floor(m: Metric, period: Period) -> date | None:
    """A day on or after which each record `m` counts starts or ends, if there is one.

    One-day records (not `open_ended`) count "in the period" when they start or end in
    it, and `last_years` counts records that start after its first day; an ongoing
    membership counts however long ago it started, and so do `all`, `active_at_end` and
    `growth`.
    """
    if m.aggregate == "growth":
        return None
    if isinstance(m.scope, LastYears):
        return shift(period.end, -12 * m.scope.last_years)
    if m.scope == "in_period" and not open_ended(m):
        return period.start
    return None


def _parts(key: str, metric: Metric) -> list[tuple[str, Metric]]:
    """The plain metrics a metric is made of: itself, or a ratio's two sides."""
    if metric.aggregate != "ratio":
        return [(key, metric)]
    if not isinstance(metric.numerator, Metric) or metric.denominator is None:
        raise MetricError("a ratio needs a numerator and a denominator metric")
    return [*_parts(f"{key}/num", metric.numerator), *_parts(f"{key}/den", metric.denominator)]


def _combine(
    key: str,
    metric: Metric,
    values: dict[str, float | None],
    ids: dict[str, list[str]],
    period: Period,
) -> MetricResult:
    if metric.aggregate == "ratio":
        assert isinstance(metric.numerator, Metric) and metric.denominator is not None
        num = _combine(f"{key}/num", metric.numerator, values, ids, period)
        den = _combine(f"{key}/den", metric.denominator, values, ids, period)
        value = None if num.value is None or not den.value else num.value / den.value
        found = tuple(sorted(set(num.evidence_ids) | set(den.evidence_ids)))
    else:
        value, found = values[key], tuple(sorted(ids.get(key, ())))
    if metric.per_year and value is not None:
        value /= period.years
    return MetricResult(value, found)


# -- the plan: one aggregate scan and one row scan per evidence kind and first day -------

Scan = tuple[str, "date | None"]  # a kind, and the first day of its records that count

# What a leaf does with its aggregates: its value, given them, the connection (for a
# follow-up query) and the parameters of the row scans, which it may add to.
Finish = Callable[[Sequence[Any], Connection, dict[str, Any]], float | None]
CLUSTER = bindparam("cluster", type_=String)  # the one thing a plan leaves open
_PLANS: dict[tuple[Any, ...], _Plan] = {}
PLANS_KEPT = 16


@dataclass
class _Leaf:
    """One plain metric in one counting mode: its columns in its kind's aggregate query,
    how its value follows from them, and which records are behind it (a condition
    that may hold parameters the finish sets)."""

    scan: Scan
    first: int
    count: int
    done: Finish
    behind: ColumnElement[bool]

    def finish(self, got: Sequence[Any], conn: Connection, params: dict[str, Any]) -> Any:
        return self.done(got[self.first : self.first + self.count], conn, params)


@dataclass
class _Plan:
    """The queries of some metrics for a period and counting modes, for any cluster
    with the same `$country`/`$region`: built once, then run with the cluster's slug,
    so that assessing a hundred clusters compiles its SQL once (issue 8)."""

    profile: ClusterProfile
    period: Period
    counted: tuple[str, ...]  # the statuses of every mode asked for
    leaves: list[dict[str, _Leaf]] = field(default_factory=list)
    columns: dict[Scan, list[ColumnElement[Any]]] = field(default_factory=dict)
    aggregates: dict[Scan, Select[Any]] = field(default_factory=dict)
    rows: dict[Scan, tuple[Select[Any], list[str]]] = field(default_factory=dict)
    params: int = 0  # of the row scans, so far

    def add(self, m: Metric, statuses: tuple[str, ...] | None) -> _Leaf:
        """`m` counting `statuses` (None: all counted statuses) joins the scan of its
        kind and first day (`_floor`): a year's metrics of news items read that year,
        while one over their whole history does not make the others read it too."""
        if m.aggregate not in _AGGREGATES:
            raise MetricError(f"unknown aggregate {m.aggregate!r}")
        cols, done, behind = _AGGREGATES[m.aggregate](self, m, statuses)
        assert m.kind is not None  # `about` has checked it
        scan = (m.kind, _floor(m, self.period))
        mine = self.columns.setdefault(scan, [])
        leaf = _Leaf(scan, len(mine), len(cols), done, behind)
        mine.extend(cols)
        return leaf

    def param(self, type_: Any) -> BindParameter[Any]:
        """A fresh parameter of the row scans (a leaf's finish gives its value)."""
        self.params += 1
        return bindparam(f"p{self.params}", type_=type_)

    def where(self, scan: Scan, statuses: tuple[str, ...]) -> list[ColumnElement[bool]]:
        """What every record of a scan satisfies: it starts by the period's end and, with
        a first day, starts or ends on it or later. That is written as two ranges, each
        one an index's (migration 0003), and without a separate `start <= end`, so that
        SQLite reads the two ranges (a MULTI-INDEX OR) and a year's scan reads that
        year, not the whole history: 30 times fewer rows for a year of news items."""
        kind, floor = scan
        start, end, last = evidence.c.start, evidence.c.end, self.period.end
        conds = [
            evidence.c.cluster == CLUSTER,
            evidence.c.kind == kind,
            evidence.c.status.in_(statuses),
        ]
        if floor is None:
            return [*conds, start <= last]
        started = and_(start >= floor, start <= last)
        return [*conds, or_(started, and_(end >= floor, start < floor))]


def _plan(
    metrics: Mapping[str, Metric],
    ctx: EvalContext,
    other: tuple[str, ...] | None,
    columns: tuple[ColumnElement[Any], ...],
) -> _Plan:
    key = (
        tuple((k, m.model_dump_json()) for k, m in metrics.items()),
        ctx.period,
        ctx.statuses,
        other,
        ctx.cluster.country,
        ctx.cluster.region,
        tuple((str(c), repr(c.type)) for c in columns),
    )
    if key in _PLANS:
        return _PLANS[key]
    modes = [ctx.statuses] + ([other] if other is not None else [])
    counted = tuple(s for s in STATUSES if any(s in m for m in modes))
    plan = _Plan(ctx.cluster, ctx.period, counted)
    errors: list[tuple[str, str]] = []
    plan.leaves = [{} for _ in modes]
    for k, metric in metrics.items():
        try:
            for mode, statuses in enumerate(modes):
                for part, m in _parts(k, metric):
                    mine = None if set(statuses) == set(counted) else statuses
                    plan.leaves[mode][part] = plan.add(m, mine)
        except MetricError as exc:
            errors.append((k, str(exc)))
    if errors:
        raise MetricErrors(errors)
    for scan, cols in plan.columns.items():
        plan.aggregates[scan] = select(*cols).where(*plan.where(scan, counted))
    by_scan: dict[Scan, list[str]] = {}
    for part, leaf in plan.leaves[0].items():
        by_scan.setdefault(leaf.scan, []).append(part)
    for scan, parts in by_scan.items():
        behind = [plan.leaves[0][p].behind for p in parts]
        flags = [case((b, 1), else_=0) for b in behind]
        query = select(evidence.c.id, *flags, *columns).where(
            *plan.where(scan, ctx.statuses), or_(*behind)
        )
        plan.rows[scan] = (query, parts)
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()
    _PLANS[key] = plan
    return plan


# -- aggregates: each gives its columns, its finish, and the records behind it ----------

Statuses = tuple[str, ...] | None
Built = tuple[list[Any], Finish, ColumnElement[bool]]
Aggregate = Callable[[_Plan, Metric, Statuses], Built]


def _about(p: _Plan, m: Metric, statuses: Statuses) -> ColumnElement[bool]:
    return about(m, p.profile, p.period, statuses)


def _counter(p: _Plan, m: Metric, statuses: Statuses, done: Callable[[Any], float]) -> Built:
    cond = _about(p, m, statuses)
    return [func.count(case((cond, 1)))], lambda got, *_: done(got[0]), cond


def _count(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    return _counter(p, m, statuses, lambda n: float(n or 0))


def _exists(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    return _counter(p, m, statuses, lambda n: 1.0 if n else 0.0)


def _count_distinct(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    cond, col = _about(p, m, statuses), column_of(m)
    return [func.count(distinct(case((cond, col))))], lambda got, *_: float(got[0] or 0), cond


def _simple(fn: Callable[[Any], Any], *, zero: bool = False) -> Aggregate:
    def aggregate(p: _Plan, m: Metric, statuses: Statuses) -> Built:
        cond, col = _about(p, m, statuses), column_of(m)

        def done(got: Sequence[Any], *_: Any) -> float | None:
            value = _number(got[0])
            return 0.0 if value is None and zero else value

        return [fn(case((cond, col)))], done, cond

    return aggregate


def _share(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    if not isinstance(m.numerator, dict):
        raise MetricError("a share needs a `numerator` mapping of conditions")
    cond = _about(p, m, statuses)
    hit = and_(cond, *where(m.numerator, m, p.profile, p.period))
    cols: list[Any]
    if m.field:
        col = column_of(m)
        cols = [func.sum(case((cond, col))), func.sum(case((hit, col), (cond, 0)))]
    else:
        cols = [func.count(case((cond, 1))), func.count(case((hit, 1)))]

    def done(got: Sequence[Any], *_: Any) -> float | None:
        whole, part = _number(got[0]), _number(got[1])
        return 100.0 * (part or 0.0) / whole if whole else None

    return cols, done, cond


def _growth(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    base = about(m, p.profile, p.period, statuses, scoped=False)  # it has its own two dates
    at_end = and_(base, active_at(p.period.end))
    at_start = and_(base, active_at(p.period.day_before))

    def done(got: Sequence[Any], *_: Any) -> float | None:
        ended, started = got
        return 100.0 * (ended - started) / started if started else None

    return [func.count(case((at_end, 1))), func.count(case((at_start, 1)))], done, at_end


def _age_years(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    cond = _about(p, m, statuses)
    earliest = p.param(Date)  # the records behind: those of the earliest day

    def done(got: Sequence[Any], _: Connection, params: dict[str, Any]) -> float | None:
        params[earliest.key] = got[0]
        return None if got[0] is None else (p.period.end - got[0]).days / 365.25

    behind = and_(cond, evidence.c.start == earliest)
    return [func.min(case((cond, evidence.c.start)))], done, behind


def _latest(p: _Plan, m: Metric, statuses: Statuses) -> Built:
    col = column_of(m)
    cond = and_(_about(p, m, statuses), col.is_not(None))  # the newest record with a value
    chosen = p.param(String)
    assert m.kind is not None
    pick = select(evidence.c.id, col).where(
        *p.where((m.kind, None), p.counted),
        cond,
        evidence.c.start == bindparam("newest", type_=Date),
    )

    def done(got: Sequence[Any], conn: Connection, params: dict[str, Any]) -> float | None:
        params[chosen.key] = None
        if got[0] is None:
            return None
        found = conn.execute(pick, {"cluster": params["cluster"], "newest": got[0]})
        record_id, value = max(found, key=lambda row: str(row[0]))  # ties: greatest id
        params[chosen.key] = record_id
        return _number(value)

    return [func.max(case((cond, evidence.c.start)))], done, evidence.c.id == chosen


_AGGREGATES: dict[str, Aggregate] = {
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
assert set(_AGGREGATES) == set(AGGREGATES) - {"ratio"}, "criteria.rules.AGGREGATES differ"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal):
        return float(value)
    raise MetricError(f"{value!r} is not a number")
