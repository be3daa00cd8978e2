"""A plain-Python reference for `assessment.metrics`: the same semantics, no SQL.

Written from docs/catalogue-format.md, not from the SQL, so that the property tests in
test_metrics.py compare two independent readings of the format. It is slow on purpose
(it looks at every record for every metric) and is only ever used in tests.

Counting modes, as docs/catalogue-format.md has them: a record counts when its status
is one of `ctx.statuses`; an audit (`ctx.unproven`) bounds a share, a ratio or a
growth: records put forward but not verified stay where they count against the cluster
(a share's whole, a ratio's denominator, a growth's start; the other way round where
lower is better) and are left out where they would count for it. No record that starts after `ctx.as_of` counts.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from assessment.metrics import EvalContext, MetricResult
from criteria.models import LastYears, Metric
from evidence.models import Record, kind_fields


def reference(
    records: list[Record], metric: Metric, ctx: EvalContext, *, lower: bool = False
) -> MetricResult:
    """`metric`'s value in `ctx`; `lower`: its indicator is better the lower it is."""
    if not ctx.unproven or metric.aggregate not in ("share", "ratio", "growth"):
        return _reference(records, metric, ctx, None)
    bound = _reference(records, metric, ctx, "more" if lower else "less")
    proven = _reference(records, metric, ctx, None)
    if bound.value is None or proven.value is None:
        confirmed = bound.value is None and proven.value is None
    else:
        confirmed = abs(bound.value - proven.value) <= 1e-9 * max(1.0, abs(proven.value))
    return MetricResult(bound.value, bound.evidence_ids, confirmed)


def _reference(
    records: list[Record], metric: Metric, ctx: EvalContext, worse: str | None
) -> MetricResult:
    """`worse`: "less" when the value may be no more than verified records prove, "more"
    when no less (lower is better); None: count `ctx.statuses`."""
    if metric.aggregate == "ratio":
        assert isinstance(metric.numerator, Metric) and metric.denominator is not None
        flip = {None: None, "less": "more", "more": "less"}[worse]
        num = _reference(records, metric.numerator, ctx, worse)
        den = _reference(records, metric.denominator, ctx, flip)
        undefined = num.value is None or den.value is None or den.value == 0
        quotient = None if undefined else num.value / den.value  # type: ignore[operator]
        ids = sorted(set(num.evidence_ids) | set(den.evidence_ids))
        return _per_year(metric, ctx, quotient, ids)

    assert metric.kind is not None
    types: dict[str, str] = {name: info.type for name, info in kind_fields(metric.kind).items()}
    unproven = set(ctx.unproven)
    counted = set(ctx.statuses)
    if worse == "more" or (worse == "less" and metric.aggregate in ("share", "growth")):
        counted |= unproven  # a share and a growth sort them out below
    mine = [
        r
        for r in records
        if r.cluster == ctx.cluster.slug
        and r.kind == metric.kind
        and r.status in counted
        and (ctx.as_of is None or r.start <= ctx.as_of)
    ]
    mine = [r for r in mine if _matches_all(r, metric.where, types, ctx)]
    p = ctx.period
    agg = metric.aggregate

    if agg == "growth":
        before = p.start - timedelta(days=1)
        # an audit's bound: unproven records count where they hold the growth down
        end_pool = [r for r in mine if worse != "less" or r.status not in unproven]
        start_pool = [r for r in mine if worse != "more" or r.status not in unproven]
        at_end = [r for r in end_pool if _active(r, p.end)]
        at_start = [r for r in start_pool if _active(r, before)]
        change = 100 * (len(at_end) - len(at_start)) / len(at_start) if at_start else None
        return _per_year(metric, ctx, change, [r.id for r in at_end])

    base = [r for r in mine if _in_scope(r, metric.scope, ctx)]
    ids = [r.id for r in base]
    values = [_get(r, metric.field) for r in base] if metric.field else []
    present = [v for v in values if v is not None]
    value: float | None
    if agg == "count":
        value = len(base)
    elif agg == "count_distinct" and metric.groups is not None:
        group_of = {v: name for name, values in metric.groups.items() for v in values}
        grouped = [(r.id, group_of.get(_get(r, metric.field))) for r in base]
        value, ids = len({g for _, g in grouped if g}), [i for i, g in grouped if g]
    elif agg == "count_distinct":
        value = len(set(present))
    elif agg == "sum":
        value = sum(present)
    elif agg == "mean":
        value = sum(present) / len(present) if present else None
    elif agg == "min":
        value = min(present) if present else None
    elif agg == "max":
        value = max(present) if present else None
    elif agg == "exists":
        value = 1.0 if base else 0.0
    elif agg == "latest":
        candidates = [r for r in base if _get(r, metric.field) is not None]
        if candidates:
            newest = max(candidates, key=lambda r: (r.start, r.id))
            value, ids = _get(newest, metric.field), [newest.id]
        else:
            value, ids = None, []
    elif agg == "age_years":
        if base:
            first = min(r.start for r in base)
            value = (p.end - first).days / 365.25
            ids = [r.id for r in base if r.start == first]
        else:
            value, ids = None, []
    elif agg == "share":
        assert isinstance(metric.numerator, dict)
        hits = [r for r in base if _matches_all(r, metric.numerator, types, ctx)]
        if worse == "less":  # unverified records are never hits
            hits = [r for r in hits if r.status not in unproven]
        elif worse == "more":  # ... or always are
            found = {r.id for r in hits}
            hits = [r for r in base if r.status in unproven or r.id in found]
        if metric.field:
            whole = [_get(r, metric.field) for r in base]
            part = [_get(r, metric.field) for r in hits]
            total = sum(v for v in whole if v is not None)
            got = sum(v for v in part if v is not None)
            value = 100 * got / total if any(v is not None for v in whole) and total else None
        else:
            value = 100 * len(hits) / len(base) if base else None
    else:
        raise AssertionError(f"reference has no aggregate {agg!r}")
    return _per_year(metric, ctx, value, ids)


def _per_year(metric: Metric, ctx: EvalContext, value: Any, ids: list[str]) -> MetricResult:
    if value is not None:
        value = float(value)
        if metric.per_year:
            value = value / ctx.period.years
    return MetricResult(value, tuple(sorted(ids)))


def _active(r: Record, day: date) -> bool:
    return r.start <= day and (r.end is None or r.end >= day)


def _in_scope(r: Record, scope: Any, ctx: EvalContext) -> bool:
    p = ctx.period
    if isinstance(scope, LastYears):
        years = scope.last_years
        earliest = _add_months(p.end, -12 * years)
        return earliest < r.start <= p.end
    if scope == "in_period":
        if r.end is None and type(r).open_ended:  # a membership, job or project goes on
            return r.start <= p.end
        last_day = r.end if r.end is not None else r.start
        return r.start <= p.end and last_day >= p.start
    if scope == "active_at_end":
        return _active(r, p.end)
    if scope == "all":
        return r.start <= p.end
    raise AssertionError(scope)


def _add_months(d: date, months: int) -> date:
    # Written apart from assessment.period.shift on purpose.
    month_index = d.month - 1 + months
    year = d.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _get(r: Record, name: str | None) -> Any:
    value = getattr(r, name or "")
    if isinstance(value, tuple):  # an empty list is stored as NULL
        return ",".join(value) if value else None
    return value


def _resolve(value: Any, ctx: EvalContext, ftype: str) -> Any:
    if isinstance(value, str):
        if value == "$country":
            return ctx.cluster.country
        if value == "$region":
            return ctx.cluster.region
        m = re.fullmatch(r"\$period_(start|end)(?:([+-])(\d+)([ym]))?", value)
        if m:
            day = ctx.period.start if m[1] == "start" else ctx.period.end
            if m[2]:
                n = int(m[3]) * (12 if m[4] == "y" else 1)
                day = _add_months(day, n if m[2] == "+" else -n)
            return day
    if ftype == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if ftype in ("text", "choice", "list") and value is not None:
        return str(value)
    return value


def _matches_all(r: Record, where: dict[str, Any], types: dict[str, str], ctx: EvalContext) -> bool:
    return all(_matches(r, name, cond, types[name], ctx) for name, cond in where.items())


def _matches(r: Record, name: str, cond: Any, ftype: str, ctx: EvalContext) -> bool:
    raw = getattr(r, name)
    have: Any = (raw or None) if ftype == "list" else raw
    if have is None:
        return False  # NULL never matches, whatever the operator
    if isinstance(cond, dict):
        return all(_op(have, op, _resolve(v, ctx, ftype), ftype) for op, v in cond.items())
    wanted = cond if isinstance(cond, list) else [cond]
    for v in wanted:
        v = _resolve(v, ctx, ftype)
        if v is None:
            continue
        if (v in have) if ftype == "list" else (have == v):
            return True
    return False


def _op(have: Any, op: str, v: Any, ftype: str) -> bool:
    if v is None:
        return False
    if op == "contains":
        return v in have  # tuple membership for lists, substring for text
    if op == "ne":
        return v not in have if ftype == "list" else have != v
    return {
        "gte": have >= v,
        "lte": have <= v,
        "gt": have > v,
        "lt": have < v,
    }[op]
