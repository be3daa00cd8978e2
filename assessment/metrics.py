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
one evidence kind and first day (`_floor`), in both modes, are one scan (`MetricPlan`); the
records behind the values, with the columns the caller wants, are a second scan that
flags which metric each row backs. So the work grows with the number of kinds, not of
metrics; a year's metrics read about that year's records, not the whole history; every
record is fetched once however many metrics cite it; and the statements are built once
for any number of clusters (issue 8: assessing a cluster of 100,000 records took 2.6 s,
mostly repeated scans; BENCHMARKS.md has the figures).

Counting modes (`Counting`): a self-assessment counts submitted and verified records
(drafts only when asked); an audit counts verified ones, and its value never exceeds
what they prove: in a `share`, `ratio` or `growth`, the records the cluster put forward
but nobody verified (`unproven`) still count against it: they stay in the denominator
(a growth's starting count) while only verified ones count in the numerator (its end
count), the other way round where lower is better (`lower`). Such a value is a bound;
`MetricResult.confirmed` says whether the verified records alone give the same. Statuses
are the column's, or as they stood at an instant (`EvalContext.statuses_at`, read back
from the review log by `evidence.store.status_at`), and no record that starts after the
assessment's date (`as_of`) counts.

Ids are sorted (and the tie on `latest` broken) in Python, because PostgreSQL orders
text by its locale.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Dialect,
    String,
    and_,
    bindparam,
    case,
    or_,
    select,
)

from criteria.models import LastYears, Metric
from evidence.models import STATUSES, ClusterProfile
from evidence.schema import evidence
from evidence.store import STATUS_AT, status_at
from evidence.store.prepared import Prepared

from .aggregates import AGGREGATE_SQL, BOUNDED, BOUNDED_LEAVES, STANDING, Finish, Scan, Worst
from .conditions import MetricError, open_ended
from .period import Period, shift, yearly
from .profile_params import Opened, Plans, given

__all__ = [
    "AUDIT",
    "AUDIT_STATUSES",
    "SELF_ASSESSMENT",
    "SELF_ASSESSMENT_STATUSES",
    "UNPROVEN_STATUSES",
    "WITH_DRAFTS_STATUSES",
    "Counting",
    "EvalContext",
    "Evaluation",
    "MetricError",
    "MetricErrors",
    "MetricResult",
    "evaluate",
    "evaluate_all",
    "evaluate_many",
]


def _statuses(names: Collection[str]) -> tuple[str, ...]:
    return tuple(s for s in STATUSES if s in names)  # in `STATUSES` order


SELF_ASSESSMENT_STATUSES = _statuses({"submitted", "verified"})
WITH_DRAFTS_STATUSES = _statuses({"draft", "submitted", "verified"})  # --include-drafts
AUDIT_STATUSES: tuple[str, ...] = ("verified",)
# put forward by the cluster and not rejected, but not verified either
UNPROVEN_STATUSES = _statuses({"draft", "submitted", "needs_info"})


# At most this many result columns in one query: SQLite refuses more than 2,000 ("too many
# columns in result set") and about 32,766 bound values; a catalogue of thousands of
# indicators used to crash `clex assess` after `clex criteria validate` accepted it (issue
# 21). Each column binds about ten values, so 500 keeps both limits far off.
COLUMNS_PER_QUERY = 500


@dataclass(frozen=True)
class Counting:
    """A counting mode: the statuses of the records that count, and (an audit's) those
    of records that count only against the cluster, in shares and ratios (module
    docstring)."""

    statuses: tuple[str, ...]
    unproven: tuple[str, ...] = ()

    @property
    def admitted(self) -> tuple[str, ...]:
        return _statuses({*self.statuses, *self.unproven})


SELF_ASSESSMENT = Counting(SELF_ASSESSMENT_STATUSES)
AUDIT = Counting(AUDIT_STATUSES, UNPROVEN_STATUSES)


@dataclass(frozen=True)
class EvalContext:
    cluster: ClusterProfile
    period: Period
    statuses: tuple[str, ...]  # the review statuses that count
    unproven: tuple[str, ...] = ()  # counted only against the cluster (`Counting`)
    as_of: date | None = None  # no record that starts after it counts
    statuses_at: datetime | None = None  # statuses as they stood then (None: as now)
    # a record that does not count: the value without it, worked out as the value is (a
    # possible duplicate counted once, `assessment.duplicates`)
    leave_out: str | None = None

    @classmethod
    def self_assessment(cls, cluster: ClusterProfile, period: Period) -> EvalContext:
        return cls(cluster, period, SELF_ASSESSMENT_STATUSES)

    @classmethod
    def audit(cls, cluster: ClusterProfile, period: Period) -> EvalContext:
        return cls(cluster, period, AUDIT.statuses, AUDIT.unproven)

    @property
    def counting(self) -> Counting:
        return Counting(self.statuses, self.unproven)


@dataclass(frozen=True)
class MetricResult:
    value: float | None  # None: undefined (mean of nothing, ratio over 0, ...)
    evidence_ids: tuple[str, ...]  # the records behind the value, sorted
    # An audit's share or ratio is a bound (module docstring): whether the verified
    # records alone give the same value; None: the value is no bound.
    confirmed: bool | None = None


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
    other: tuple[str, ...] | Counting | None = None,
    with_ids: bool = True,
    columns: Sequence[ColumnElement[Any]] = (),
    lower: Collection[str] = (),
) -> Evaluation:
    """Every metric in `ctx`'s mode (with the ids behind it unless `with_ids` is false)
    and, when `other` statuses (or a `Counting`) are given, its value counting so instead.

    `columns`: columns of `evidence` to return for each record behind a result
    (`Evaluation.rows`: their values in that order, keyed by id). `lower`: the keys of
    metrics whose indicator is better the lower it is (an audit's bound goes the other
    way for them). Raises `MetricErrors` naming every bad metric.
    """
    if isinstance(other, tuple):
        other = Counting(other)
    lower_keys = frozenset(lower) & set(metrics)
    plan = _plan(metrics, ctx, other, tuple(columns), lower_keys, conn.dialect)
    slug = ctx.cluster.slug
    params: dict[str, Any] = {"cluster": slug}
    params.update(plan.opened.values(ctx.cluster, ctx.period, ctx.as_of))
    if ctx.statuses_at is not None:
        params[STATUS_AT] = ctx.statuses_at
    if ctx.leave_out is not None:
        params[LEAVE_OUT.key] = ctx.leave_out
    got = {
        scan: tuple(v for query in queries for v in query.run(conn, params)[0])
        for scan, queries in plan.aggregates.items()
    }
    values: list[dict[str, float | None]] = []
    for mode in [*plan.leaves, plan.proven]:
        values.append({})
        for part, leaf in mode.items():
            values[-1][part] = leaf.finish(got[leaf.scan], conn, params)
    ids: dict[str, list[str]] = {}
    rows: dict[str, tuple[Any, ...]] = {}
    if with_ids:
        for query, parts in plan.rows.values():
            found = query.run(conn, params)
            n = len(parts)
            rows.update((row[0], tuple(row[n + 1 :])) for row in found)
            for k, part in enumerate(parts, 1):
                ids[part] = [row[0] for row in found if row[k]]
    results = {
        key: _combine(key, metric, values[0], ids, ctx.period) for key, metric in metrics.items()
    }
    for key in plan.bounded:
        proven = _combine(key, metrics[key], values[-1], {}, ctx.period).value
        res = results[key]
        results[key] = MetricResult(res.value, res.evidence_ids, _same(res.value, proven))
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


def _parts(
    key: str, metric: Metric, mode: Counting, worst: Worst = None
) -> list[tuple[str, Metric, tuple[str, ...], Worst]]:
    """The plain metrics a metric is made of (itself, or a ratio's two sides), each with
    the statuses it counts and, for a share, the way its bound goes. `worst`: "low" when
    the value must not exceed what verified records prove (unproven records weigh only
    in a denominator), "high" when lower is better; a ratio's denominator goes the
    other way from its numerator."""
    if metric.aggregate != "ratio":
        if worst is None or metric.aggregate in BOUNDED_LEAVES:
            return [(key, metric, mode.statuses, worst)]
        return [(key, metric, mode.statuses if worst == "low" else mode.admitted, None)]
    if not isinstance(metric.numerator, Metric) or metric.denominator is None:
        raise MetricError("a ratio needs a numerator and a denominator metric")
    flipped: Worst = None if worst is None else ("high" if worst == "low" else "low")
    return [
        *_parts(f"{key}/num", metric.numerator, mode, worst),
        *_parts(f"{key}/den", metric.denominator, mode, flipped),
    ]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


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
        value = yearly(value, period, growth=metric.aggregate == "growth")
    return MetricResult(kept(value), found)


# Significant digits a metric's value keeps (`kept`).
DIGITS = 10


def kept(value: float | None) -> float | None:
    """`value` to `DIGITS` significant digits. Why: SQLite and PostgreSQL add a column's
    floats in different orders, so one evidence gave sums that differ in their last
    digits (the demo's finance per member 337041.26879060804 on one, 337041.268790608 on
    the other), and two snapshots of one evidence had different digests. Ten digits are
    a cent of a hundred million euros, more than any report shows; a ladder's step is
    reached within 1e-9 as before (`criteria.models.Step.holds`)."""
    return None if value is None else float(f"{value:.{DIGITS}g}")


# -- the plan: one aggregate scan and one row scan per evidence kind and first day -------


CLUSTER = bindparam("cluster", type_=String)  # left open, with the cluster's own values
LEAVE_OUT = bindparam("leave_out", type_=String)  # left open: one plan for any record
# least recently used out: clearing the whole cache when full rebuilt a plan for nearly
# every cluster of a hundred (issue 15), when plans were each profile's own
PLANS_KEPT = 128
_PLANS: Plans[MetricPlan] = Plans(PLANS_KEPT)


@dataclass
class _Leaf:
    """One plain metric in one counting mode: its columns in its kind's aggregate query,
    how its value follows from them, and which records are behind it (a condition
    that may hold parameters the finish sets)."""

    scan: Scan
    first: int
    count: int
    done: Finish
    behind: ColumnElement[bool] | None  # None once the plan's statements are built

    def finish(self, got: Sequence[Any], conn: Connection, params: dict[str, Any]) -> Any:
        return self.done(got[self.first : self.first + self.count], conn, params)


@dataclass
class MetricPlan:
    """The queries of some metrics for a period and counting modes, for any cluster
    whose profile gives the same of its own values: built once, then run with the
    cluster's slug and those values (`opened`), so that assessing a hundred clusters
    builds and compiles its SQL once (issues 8 and 19); a plan whose statements must
    hold the values themselves is the profile's own (`Opened.pinned`). `profile` is the
    profile it was built with: only whether it gives each of its own values may be read
    from it (`profile_params.given`, part of the plan's key)."""

    profile: ClusterProfile
    period: Period
    dialect: Dialect  # the statements are compiled for it (`assessment.prepared`)
    counted: tuple[str, ...]  # the statuses of every mode asked for
    status: ColumnElement[Any]  # a record's status: the column, or as it stood then
    last: date  # no record that starts after it counts: the period's end or `as_of`
    as_of: date | None = None  # the assessment's date (`$as_of`)
    leave_out: bool = False  # a record counts nowhere (`EvalContext`; its id left open)
    leaves: list[dict[str, _Leaf]] = field(default_factory=list)
    proven: dict[str, _Leaf] = field(default_factory=dict)  # `bounded` on verified alone
    bounded: set[str] = field(default_factory=set)  # keys whose value is a bound
    columns: dict[Scan, list[ColumnElement[Any]]] = field(default_factory=dict)
    aggregates: dict[Scan, list[Prepared]] = field(default_factory=dict)
    rows: dict[tuple[Scan, int], tuple[Prepared, list[str]]] = field(default_factory=dict)
    params: int = 0  # of the row scans, so far
    opened: Opened = field(default_factory=Opened)  # the cluster's own values, left open

    def add(
        self, m: Metric, statuses: tuple[str, ...], bound: tuple[Counting, Worst] | None = None
    ) -> _Leaf:
        """`m` counting `statuses` joins the scan of its kind and first day (`_floor`): a
        year's metrics of news items read that year, while one over their whole history
        does not make the others read it too. `bound`: a share's mode and the way its
        bound goes."""
        if m.aggregate not in AGGREGATE_SQL:
            raise MetricError(f"unknown aggregate {m.aggregate!r}")
        if bound is not None and bound[1] is not None and m.aggregate in BOUNDED_LEAVES:
            cols, done, behind = BOUNDED_LEAVES[m.aggregate](self, m, *bound)
        else:
            cols, done, behind = AGGREGATE_SQL[m.aggregate](self, m, self.only(statuses))
        assert m.kind is not None  # `about` has checked it
        scan = (m.kind, _floor(m, self.period))
        mine = self.columns.setdefault(scan, [])
        leaf = _Leaf(scan, len(mine), len(cols), done, behind)
        mine.extend(cols)
        return leaf

    def only(self, statuses: tuple[str, ...]) -> tuple[str, ...] | None:
        """`statuses` as a condition: None when the scans admit just those anyway."""
        return None if set(statuses) == set(self.counted) else statuses

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
        start, end, last = evidence.c.start, evidence.c.end, self.last
        conds = [
            evidence.c.cluster == CLUSTER,
            evidence.c.kind == kind,
            self.status.in_(statuses),
        ]
        if self.leave_out:
            conds.append(evidence.c.id != LEAVE_OUT)
        if self.as_of is not None:  # approved after the date: no approved evidence then
            approved = evidence.c.approved_on
            conds.append(or_(approved.is_(None), approved <= self.as_of))
        if floor is None:
            return [*conds, start <= last]
        started = and_(start >= floor, start <= last)
        return [*conds, or_(started, and_(end >= floor, start < floor))]


# id of a metric -> (the metric, kept so that its id stays its own; its JSON)
_JSON: dict[int, tuple[Metric, str]] = {}


def metric_json(m: Metric) -> str:
    """`m` as JSON, the part of a plan's key that says what it computes: dumped once per
    metric object (a catalogue's metrics are the same objects for every cluster; dumping
    them all twice a cluster was 1.5 % of assessing one of 1,000 records)."""
    kept = _JSON.get(id(m))
    if kept is not None and kept[0] is m:
        return kept[1]
    if len(_JSON) >= 8192:
        _JSON.clear()
    text = m.model_dump_json()
    _JSON[id(m)] = (m, text)
    return text


def _plan(
    metrics: Mapping[str, Metric],
    ctx: EvalContext,
    other: Counting | None,
    columns: tuple[ColumnElement[Any], ...],
    lower: frozenset[str],
    dialect: Dialect,
) -> MetricPlan:
    key: tuple[Any, ...] = (
        dialect,
        tuple((k, metric_json(m)) for k, m in metrics.items()),
        ctx.period,
        ctx.counting,
        other,
        ctx.as_of,
        ctx.statuses_at is not None,
        ctx.leave_out is not None,
        tuple(sorted(lower)),
        given(ctx.cluster),
        tuple((str(c), repr(c.type)) for c in columns),
    )
    kept = _PLANS.get(key, ctx.cluster)
    if kept is not None:
        return kept
    modes = [ctx.counting] + ([other] if other is not None else [])
    counted = _statuses({s for m in modes for s in m.admitted})
    if any(_has_latest(m) for m in metrics.values()):
        counted = _statuses({*counted, *STANDING})  # `latest` looks at every standing record
    status = evidence.c.status if ctx.statuses_at is None else status_at()
    last = ctx.period.end if ctx.as_of is None else min(ctx.period.end, ctx.as_of)
    leaving = ctx.leave_out is not None
    plan = MetricPlan(ctx.cluster, ctx.period, dialect, counted, status, last, ctx.as_of, leaving)
    errors: list[tuple[str, str]] = []
    plan.leaves = [{} for _ in modes]
    for k, metric in metrics.items():
        try:
            for n, mode in enumerate(modes):
                worst: Worst = None
                if mode.unproven and metric.aggregate in BOUNDED:
                    worst = "high" if k in lower else "low"
                    if n == 0:  # the value on verified records alone, to compare
                        plan.bounded.add(k)
                        for part, m, statuses, _ in _parts(k, metric, mode):
                            plan.proven[part] = plan.add(m, statuses)
                for part, m, statuses, way in _parts(k, metric, mode, worst):
                    plan.leaves[n][part] = plan.add(m, statuses, (mode, way))
        except MetricError as exc:
            errors.append((k, str(exc)))
    if errors:
        raise MetricErrors(errors)
    for scan, cols in plan.columns.items():
        where = plan.where(scan, counted)
        plan.aggregates[scan] = [
            Prepared(select(*cols[i : i + COLUMNS_PER_QUERY]).where(*where), dialect)
            for i in range(0, len(cols), COLUMNS_PER_QUERY)
        ]
    by_scan: dict[Scan, list[str]] = {}
    for part, leaf in plan.leaves[0].items():
        by_scan.setdefault(leaf.scan, []).append(part)
    shown = [status.label("status") if c is evidence.c.status else c for c in columns]
    for scan, all_parts in by_scan.items():
        for i in range(0, len(all_parts), COLUMNS_PER_QUERY):
            parts = all_parts[i : i + COLUMNS_PER_QUERY]
            behind = [_built(plan.leaves[0][p].behind) for p in parts]
            flags = [case((b, 1), else_=0) for b in behind]
            query = select(evidence.c.id, *flags, *shown).where(
                *plan.where(scan, ctx.counting.admitted), or_(*behind)
            )
            plan.rows[scan, i] = (Prepared(query, dialect), parts)
    # what was only needed to build the statements goes: the plans kept (`PLANS_KEPT`)
    # held SQLAlchemy's trees, a million objects when each profile had its own, that
    # each of the garbage collector's full collections walked (issue 19)
    plan.columns.clear()
    for mode_leaves in [*plan.leaves, plan.proven]:
        for leaf in mode_leaves.values():
            leaf.behind = None
    _PLANS.put(key, ctx.cluster, plan, plan.opened.pinned)
    return plan


def _has_latest(m: Metric) -> bool:
    """Whether `m`, or a side of its ratio, is a `latest` (`aggregates._latest`)."""
    sides = [m.numerator, m.denominator] if m.aggregate == "ratio" else []
    return m.aggregate == "latest" or any(isinstance(x, Metric) and _has_latest(x) for x in sides)


def _built(behind: ColumnElement[bool] | None) -> ColumnElement[bool]:
    assert behind is not None, "a leaf's condition is dropped only after the plan is built"
    return behind
