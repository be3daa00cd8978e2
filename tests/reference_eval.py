"""A plain-Python reference for `assessment.metrics`: the same semantics, no SQL.

Written from docs/catalogue-format.md, not from the SQL, so that the property tests in
test_metrics.py compare two independent readings of the format. It is slow on purpose
(it looks at every record for every metric) and is only ever used in tests.

Counting modes, as docs/catalogue-format.md has them: a record counts when its status
is one of `ctx.statuses`; an audit (`ctx.unproven`) bounds a share, a ratio or a
growth: records put forward but not verified stay where they count against the cluster
(a share's whole, a ratio's denominator, a growth's start; the other way round where
lower is better) and are left out where they would count for it. No record that starts
after `ctx.as_of` counts, nor a document approved after it, nor `ctx.leave_out`.

Also from the format: `any_of`, `missing`, values taken from another field of the record
(`{field: invited, times: 0.3}`), `$as_of` and `$founded`, `since` on `age_years`,
`pro_rata` and `time_weighted` sums, and the scopes' `expires` and one-day records.
Dates known only to the month or year (`date_precision`): a record that is not
open-ended counts in a window only when every day its dates allow lies in it, is never
active on one day, and weighs one day in a `time_weighted` sum; an open-ended one is
read as with days.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from assessment.metrics import EvalContext, MetricResult
from criteria.models import FieldRef, LastYears, Metric
from evidence.models import KINDS, Record, kind_fields

# `latest` picks the newest record that stands (docs/catalogue-format.md): any status but
# withdrawn and rejected; it has no value when the mode does not count that record
STANDING = {"draft", "submitted", "verified", "needs_info"}


def _standing(counted: set[str]) -> set[str]:
    """`latest`'s candidates: a draft only where drafts count."""
    return {s for s in STANDING if s != "draft" or s in counted}


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
        and r.id != ctx.leave_out  # a possible duplicate counted once
        and r.kind == metric.kind
        and r.status in (_standing(counted) if metric.aggregate == "latest" else counted)
        and (ctx.as_of is None or r.start <= ctx.as_of)
        and (ctx.as_of is None or (getattr(r, "approved_on", None) or ctx.as_of) <= ctx.as_of)
    ]
    mine = [r for r in mine if _matches_all(r, metric.where, types, ctx)]
    lasting = type_open_ended(metric.kind)
    p = ctx.period
    agg = metric.aggregate

    if agg == "growth":
        before = p.start - timedelta(days=1)
        # an audit's bound: unproven records count where they hold the growth down
        end_pool = [r for r in mine if worse != "less" or r.status not in unproven]
        start_pool = [r for r in mine if worse != "more" or r.status not in unproven]
        at_end = [r for r in end_pool if _active(r, p.end, lasting)]
        at_start = [r for r in start_pool if _active(r, before, lasting)]
        change = 100 * (len(at_end) - len(at_start)) / len(at_start) if at_start else None
        return _per_year(metric, ctx, change, [r.id for r in at_end])

    attributed = metric.pro_rata or metric.time_weighted  # split by days already
    by_start = KINDS[metric.kind].counted_where_it_starts and not attributed
    base = [r for r in mine if _in_scope(r, metric.scope, ctx, lasting, by_start)]
    if metric.pro_rata and not _yearly(metric):  # no end, started before: none of it here
        base = [r for r in base if r.end is not None or r.start >= p.start]
    ids = [r.id for r in base]
    values = [_amount(r, metric, p, lasting) for r in base] if metric.field else []
    present = [v for v in values if v is not None]
    value: float | None
    # a count a year over years: what runs in each year of the period, added up
    yearly = [base]
    if metric.per_year and metric.scope == "in_period" and len(p.year_slices) > 1:
        yearly = [
            [r for r in base if _runs_in(r, s, lasting, by_start) and _holds_on(r, s.start)]
            for s in p.year_slices
        ]
    if agg == "count":
        value = sum(len(year) for year in yearly)
    elif agg == "count_distinct" and metric.groups is not None:
        group_of = {v: name for name, values in metric.groups.items() for v in values}
        grouped = [(r.id, group_of.get(_get(r, metric.field))) for r in base]
        ids = [i for i, g in grouped if g]
        value = sum(len({group_of.get(_get(r, metric.field)) for r in y} - {None}) for y in yearly)
    elif agg == "count_distinct":
        value = sum(len({_amount(r, metric, p, lasting) for r in y} - {None}) for y in yearly)
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
        newest = max(candidates, key=lambda r: (r.start, r.id), default=None)
        if newest is not None and newest.status in counted:  # the newest that stands
            value, ids = _get(newest, metric.field), [newest.id]
        else:
            value, ids = None, []
    elif agg == "age_years":
        since = _resolve(metric.since, ctx, "date") if metric.since is not None else None
        if since is not None and since > p.end:
            since = None  # a founding after the period is not looked at
        first = min((r.start for r in base), default=None)
        # `$founded` is a year: a record of that year dates the founding to its day
        coarse = isinstance(metric.since, str) and metric.since.startswith("$founded")
        if since is not None and (
            first is None or (since.year < first.year if coarse else since < first)
        ):
            value, ids = _age(since, p.end), []
        elif first is not None:
            value = _age(first, p.end)
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
            whole = [_amount(r, metric, p, lasting) for r in base]
            part = [_amount(r, metric, p, lasting) for r in hits]
            total = sum(v for v in whole if v is not None)
            got = sum(v for v in part if v is not None)
            value = 100 * got / total if any(v is not None for v in whole) and total else None
        else:
            value = 100 * len(hits) / len(base) if base else None
    else:
        raise AssertionError(f"reference has no aggregate {agg!r}")
    return _per_year(metric, ctx, value, ids)


def _age(since: date, end: date) -> float:
    """Years from `since` to the end of `end`: anniversaries counted one by one, then the
    year under way by its days (the slow, obvious way)."""
    after = end + timedelta(days=1)
    years, at = 0, since
    while True:
        try:
            nxt = at.replace(year=since.year + years + 1)
        except ValueError:  # 29 February in a year without one
            nxt = date(since.year + years + 1, 2, 28)
        if nxt > after:
            return years + (after - at).days / (nxt - at).days
        years, at = years + 1, nxt


def _per_year(metric: Metric, ctx: EvalContext, value: Any, ids: list[str]) -> MetricResult:
    if value is not None:
        value = float(value)
        if metric.per_year and metric.aggregate == "growth" and ctx.period.years >= 1:
            value = ((1 + value / 100) ** (1 / ctx.period.years) - 1) * 100
        elif metric.per_year:
            value = value / ctx.period.years
    return MetricResult(value, tuple(sorted(ids)))


def type_open_ended(kind: str) -> bool:
    return KINDS[kind].open_ended


def _yearly(metric: Metric) -> bool:
    """An ongoing record of the kind states this field for a year (a standing service's
    members served a year)."""
    kind = KINDS[metric.kind or ""]
    return kind.open_ended and metric.field in kind.yearly_while_ongoing


def _holds_on(r: Record, day: date) -> bool:
    """Not expired on `day`."""
    return r.expires is None or r.expires >= day


def _coarse(r: Record, open_ended: bool) -> bool:
    """Dated only to the month or year, and of a kind that is not open-ended."""
    return r.date_precision != "day" and not open_ended


def _last_possible_start(r: Record) -> date:
    """The latest day a coarse record's start may stand for: its month's (year's) last."""
    if r.date_precision == "year":
        return date(r.start.year, 12, 31)
    if r.date_precision == "month":
        last = calendar.monthrange(r.start.year, r.start.month)[1]
        return date(r.start.year, r.start.month, last)
    return r.start


def _active(r: Record, day: date, open_ended: bool) -> bool:
    if _coarse(r, open_ended):
        return False
    if r.end is not None:
        last: date | None = r.end
    else:
        last = None if open_ended else r.start  # an event without an end: its day
    return r.start <= day and (last is None or last >= day) and _holds_on(r, day)


def _runs_in(r: Record, p: Any, open_ended: bool, by_start: bool) -> bool:
    """The record's dates meet the span `p` (by its start only, for an event)."""
    if by_start:
        return p.start <= r.start <= p.end
    if r.end is None and open_ended:
        return r.start <= p.end
    return r.start <= p.end and (r.end or r.start) >= p.start


def _in_scope(
    r: Record, scope: Any, ctx: EvalContext, open_ended: bool, by_start: bool = False
) -> bool:
    p = ctx.period
    if isinstance(scope, LastYears):
        years = scope.last_years
        earliest = _add_months(p.end, -12 * years)
        if _coarse(r, open_ended) and _last_possible_start(r) > p.end:
            return False
        return earliest < r.start <= p.end and _holds_on(r, p.end)
    if scope == "in_period":
        if not _holds_on(r, p.start):
            return False
        if r.end is None and open_ended:  # a membership, job or project goes on
            return r.start <= p.end
        if _coarse(r, open_ended):  # every day it may have been on lies in the period
            last = r.end if r.end is not None and not by_start else _last_possible_start(r)
            return p.start <= r.start and last <= p.end
        return _runs_in(r, p, open_ended=False, by_start=by_start)
    if scope == "active_at_end":
        return _active(r, p.end, open_ended)
    if scope == "all":
        if _coarse(r, open_ended) and _last_possible_start(r) > p.end:
            return False
        return r.start <= p.end and _holds_on(r, p.end)
    raise AssertionError(scope)


def _amount(r: Record, metric: Metric, p: Any, open_ended: bool) -> Any:
    """The field's value, or the part of it that belongs to the period: `pro_rata` by
    the days of the record's span, `time_weighted` by the days of the period."""
    value = _get(r, metric.field)
    if value is None or not (metric.pro_rata or metric.time_weighted):
        return value
    if metric.pro_rata:
        if r.end is None and _yearly(metric):  # a year's worth per year of the period it runs
            running = (p.end - max(r.start, p.start)).days + 1
            return value * running / ((p.end - p.start).days + 1) * p.years
        if r.end is None:
            return value if p.start <= r.start <= p.end else 0.0
        if p.start <= r.start and r.end <= p.end:  # wholly inside: all of it, unscaled
            return value
        inside = (min(r.end, p.end) - max(r.start, p.start)).days + 1
        share = max(inside, 0) / ((r.end - r.start).days + 1)
        if metric.per_year and p.years != p.years_by_days:  # the share in the period's months
            share = min(share * p.years / p.years_by_days, 1.0)
        return value * share
    until = r.end if r.end is not None else (p.end if open_ended else r.start)
    if _coarse(r, open_ended):  # its shortest possible length: one day
        until = r.start
    inside = (min(until, p.end) - max(r.start, p.start)).days + 1
    return value * max(inside, 0) / ((p.end - p.start).days + 1)


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
        m = re.fullmatch(
            r"\$(period_start|period_end|as_of|founded)(?:([+-])(\d+)([ym]))?(?:([+-]\d+)d)?",
            value,
        )
        if m:
            founded = ctx.cluster.founded
            day = {
                "period_start": ctx.period.start,
                "period_end": ctx.period.end,
                "as_of": ctx.as_of or ctx.period.end,
                "founded": None if founded is None else date(founded, 1, 1),
            }[m[1]]
            if day is None:
                return None
            day += timedelta(days=int(m[5] or 0))  # the days first, then the months
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
    return all(_entry(r, name, cond, types, ctx) for name, cond in where.items())


def _entry(r: Record, name: str, cond: Any, types: dict[str, str], ctx: EvalContext) -> bool:
    if name == "any_of":  # at least one of the mappings matches
        return any(_matches_all(r, alt, types, ctx) for alt in cond)
    return _matches(r, name, cond, types, ctx)


def _matches(r: Record, name: str, cond: Any, types: dict[str, str], ctx: EvalContext) -> bool:
    ftype = types[name]
    raw = getattr(r, name)
    have: Any = (raw or None) if ftype == "list" else raw
    if isinstance(cond, dict) and "missing" in cond:
        if (have is None) != cond["missing"]:
            return False
        cond = {op: v for op, v in cond.items() if op != "missing"}
        if not cond:
            return True
    if have is None:
        return False  # NULL never matches, whatever the operator
    if isinstance(cond, dict):
        return all(_test(r, have, op, v, ftype, ctx) for op, v in cond.items())
    wanted = cond if isinstance(cond, list) else [cond]
    for v in wanted:
        v = _resolve(v, ctx, ftype)
        if v is None:
            continue
        if (v in have) if ftype == "list" else (have == v):
            return True
    return False


def _test(r: Record, have: Any, op: str, v: Any, ftype: str, ctx: EvalContext) -> bool:
    if isinstance(v, FieldRef):  # another field of the same record, times a number
        other = getattr(r, v.field)
        if other is None:
            return False
        if v.plus is not None:  # a date moved by months (clamped to the month), then days
            m = re.fullmatch(r"(?:([+-]?\d+)([ym])(?:([+-]\d+)d)?|([+-]?\d+)d)", v.plus)
            assert m, v.plus
            months = int(m[1] or 0) * (12 if m[2] == "y" else 1)
            moved = _add_months(other + timedelta(days=int(m[3] or m[4] or 0)), months)
            return _op(have, op, moved, ftype)
        if v.times is None:
            return _op(have, op, other, ftype)
        target, eps = other * v.times, 1e-9  # compared within 1e-9 (30 x 0.1 is 3)
        return {
            "gte": have >= target - eps,
            "lte": have <= target + eps,
            "gt": have > target + eps,
            "lt": have < target - eps,
            "ne": abs(have - target) > eps,
        }[op]
    return _op(have, op, _resolve(v, ctx, ftype), ftype)


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
