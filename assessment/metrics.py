"""Metric evaluation: one catalogue `Metric` becomes one number, computed in the database.

Why it exists: indicators are data (`criteria.models.Metric`), and this module is the one
small interpreter that turns any of them into SQL aggregates over the wide `evidence`
table. Adding an indicator therefore never needs Python code, and a large store is
scored without loading its records. Each value comes with the ids of the records behind
it, which is what an auditor opens. Semantics: docs/catalogue-format.md; the plain-Python
twin in tests/reference_eval.py must agree with this module on random evidence.

Only SQLAlchemy Core constructs that compile on SQLite and PostgreSQL are used. Two of
them need a word: "contains" adds `replace(col, v, '') <> col` to the `LIKE`, because
SQLite's LIKE ignores ASCII case and PostgreSQL's does not; and ids are sorted (and the
tie on `latest` broken) in Python, because PostgreSQL orders text by its locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    and_,
    case,
    distinct,
    false,
    func,
    or_,
    select,
    true,
)

from criteria.models import Condition, LastYears, Metric, Scope
from evidence.models import KINDS, STATUSES, ClusterProfile, FieldInfo, kind_fields
from evidence.schema import evidence

from .period import Period, resolve_value, shift

SELF_ASSESSMENT_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != "rejected")
AUDIT_STATUSES: tuple[str, ...] = ("verified",)
NUMERIC = frozenset({"int", "float"})

Where = list[ColumnElement[bool]]


class MetricError(ValueError):
    """A metric that cannot be evaluated (`clex criteria validate` should have said so)."""


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


def evaluate(
    conn: Connection, metric: Metric, ctx: EvalContext, *, with_ids: bool = True
) -> MetricResult:
    """The value of `metric` for `ctx` and the ids of the records it rests on."""
    if metric.aggregate == "ratio":
        if not isinstance(metric.numerator, Metric) or metric.denominator is None:
            raise MetricError("a ratio needs a numerator and a denominator metric")
        num = evaluate(conn, metric.numerator, ctx, with_ids=with_ids)
        den = evaluate(conn, metric.denominator, ctx, with_ids=with_ids)
        value = None if num.value is None or not den.value else num.value / den.value
        ids = tuple(sorted(set(num.evidence_ids) | set(den.evidence_ids)))
    else:
        value, behind = _AGGREGATES[metric.aggregate](conn, metric, ctx)
        found = (
            conn.execute(select(evidence.c.id).where(*behind)).scalars()
            if behind and with_ids
            else ()
        )
        ids = tuple(sorted(found))
    if metric.per_year and value is not None:
        value /= ctx.period.years
    return MetricResult(value, ids)


def evaluate_many(
    conn: Connection, metrics: dict[str, Metric], ctx: EvalContext
) -> dict[str, MetricResult]:
    # Two queries per metric. Were this ever slow, metrics with the same kind, scope and
    # `where` could share one SELECT carrying all their aggregates (and one id query).
    return {key: evaluate(conn, metric, ctx) for key, metric in metrics.items()}


# -- aggregates: each returns (value, the conditions selecting the records behind it) ---

Aggregator = Callable[[Connection, Metric, EvalContext], tuple[float | None, Where]]


def _count(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    base = _base(m, ctx)
    return float(conn.scalar(select(func.count()).select_from(evidence).where(*base)) or 0), base


def _count_distinct(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    base, col = _base(m, ctx), _field(m)
    return float(conn.scalar(select(func.count(distinct(col))).where(*base)) or 0), base


def _simple(fn: Callable[[Any], Any], *, zero: bool = False) -> Aggregator:
    def aggregate(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
        base, col = _base(m, ctx), _field(m, NUMERIC)
        value = _number(conn.scalar(select(fn(col)).where(*base)))
        return (0.0 if value is None and zero else value), base

    return aggregate


def _latest(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    col = _field(m, NUMERIC | {"bool"})
    base = [*_base(m, ctx), col.is_not(None)]  # the newest record that has a value
    newest = conn.scalar(select(func.max(evidence.c.start)).where(*base))
    if newest is None:
        return None, []
    rows = conn.execute(select(evidence.c.id, col).where(*base, evidence.c.start == newest))
    record_id, value = max(rows, key=lambda row: str(row[0]))  # ties: greatest id
    return _number(value), [evidence.c.cluster == ctx.cluster.slug, evidence.c.id == record_id]


def _exists(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    base = _base(m, ctx)
    found = conn.execute(select(evidence.c.id).where(*base).limit(1)).first()
    return (1.0 if found else 0.0), base


def _share(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    if not isinstance(m.numerator, dict):
        raise MetricError("a share needs a `numerator` mapping of conditions")
    base = _base(m, ctx)
    hit = and_(true(), *_where(m.numerator, m, ctx))
    if m.field:
        col = _field(m, NUMERIC)
        whole, part = conn.execute(
            select(func.sum(col), func.sum(case((hit, col), else_=0))).where(*base)
        ).one()
    else:
        whole, part = conn.execute(
            select(func.count(), func.count(case((hit, 1)))).select_from(evidence).where(*base)
        ).one()
    whole, part = _number(whole), _number(part)
    return (100.0 * (part or 0.0) / whole if whole else None), base


def _growth(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    base = _base(m, ctx, scoped=False)  # growth has its own two dates
    at_end, at_start = _active_at(ctx.period.end), _active_at(ctx.period.day_before)
    ended, started = conn.execute(
        select(func.count(case((at_end, 1))), func.count(case((at_start, 1)))).where(*base)
    ).one()
    value = 100.0 * (ended - started) / started if started else None
    return value, [*base, at_end]


def _age_years(conn: Connection, m: Metric, ctx: EvalContext) -> tuple[float | None, Where]:
    base = _base(m, ctx)
    earliest = conn.scalar(select(func.min(evidence.c.start)).where(*base))
    if earliest is None:
        return None, []
    return (ctx.period.end - earliest).days / 365.25, [*base, evidence.c.start == earliest]


_AGGREGATES: dict[str, Aggregator] = {
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


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal):
        return float(value)
    raise MetricError(f"{value!r} is not a number")


# -- filters ---------------------------------------------------------------------------


def _base(m: Metric, ctx: EvalContext, *, scoped: bool = True) -> Where:
    """Kind, cluster, counted statuses, scope and `where`: the records a metric is about."""
    conds: Where = [
        evidence.c.cluster == ctx.cluster.slug,
        evidence.c.kind == m.kind,
        evidence.c.status.in_(ctx.statuses),
    ]
    if scoped:
        conds += _scope(m.scope, ctx.period, open_ended=_open_ended(m))
    return conds + _where(m.where, m, ctx)


def _open_ended(m: Metric) -> bool:
    """Memberships, jobs and projects without an end are ongoing; events are one day."""
    return m.kind in KINDS and KINDS[m.kind].open_ended


def _scope(scope: Scope, period: Period, *, open_ended: bool = False) -> Where:
    start, end = evidence.c.start, evidence.c.end
    if isinstance(scope, LastYears):
        return [start > shift(period.end, -12 * scope.last_years), start <= period.end]
    if scope == "in_period":
        if open_ended:
            return [start <= period.end, or_(end.is_(None), end >= period.start)]
        return [start <= period.end, func.coalesce(end, start) >= period.start]
    if scope == "active_at_end":
        return [_active_at(period.end)]
    if scope == "all":
        return [start <= period.end]
    raise MetricError(f"unknown scope {scope!r}")


def _active_at(day: date) -> ColumnElement[bool]:
    return and_(evidence.c.start <= day, or_(evidence.c.end.is_(None), evidence.c.end >= day))


def _fields(m: Metric) -> dict[str, FieldInfo]:
    if m.kind not in KINDS:
        raise MetricError(f"unknown evidence kind {m.kind!r}; kinds are {', '.join(KINDS)}")
    return kind_fields(m.kind)


def _field(m: Metric, types: frozenset[str] | None = None) -> Column[Any]:
    info = _fields(m).get(m.field or "")
    if info is None:
        raise MetricError(f"{m.kind} has no field {m.field!r}")
    if types is not None and info.type not in types:
        raise MetricError(f"{m.aggregate} needs a number; {m.kind}.{m.field} is a {info.type}")
    return evidence.c[info.name]


def _where(where: dict[str, Condition], m: Metric, ctx: EvalContext) -> Where:
    fields = _fields(m)
    conds: Where = []
    for name, cond in where.items():
        info = fields.get(name)
        if info is None:
            raise MetricError(f"{m.kind} has no field {name!r}")
        conds.append(_condition(evidence.c[name], info, cond, ctx))
    return conds


def _condition(
    col: Column[Any], info: FieldInfo, cond: Condition, ctx: EvalContext
) -> ColumnElement[bool]:
    """One field's condition. A NULL never matches: `x != v` and `x LIKE p` are NULL
    (not true) for a NULL `x`, so no NOT(...) is ever wrapped around a nullable test."""
    if isinstance(cond, dict):
        tests = [_operator(col, info, op, _value(v, info, ctx)) for op, v in cond.items()]
        return and_(true(), *tests)
    values = [_value(v, info, ctx) for v in (cond if isinstance(cond, list) else [cond])]
    values = [v for v in values if v is not None]
    if info.type == "list":  # a list field equals a value when it holds it
        return or_(false(), *(_holds(col, v) for v in values))
    if not values:
        return false()
    return col == values[0] if len(values) == 1 else col.in_(values)


def _operator(col: Column[Any], info: FieldInfo, op: str, v: Any) -> ColumnElement[bool]:
    if v is None:
        return false()
    if op == "contains":
        if info.type == "list":
            return _holds(col, v)
        if info.type in ("text", "choice"):
            return _substring(col, v)
        raise MetricError(f"`contains` needs a text or list field; {info.name} is a {info.type}")
    if op == "ne":
        if info.type == "list":  # does not hold it (an empty list is NULL: no match)
            token = f",{v},"
            return col.is_not(None) if "," in v else func.replace(col, token, "") == col
        return col != v
    if info.type in ("list", "bool"):
        raise MetricError(f"`{op}` cannot compare the {info.type} field {info.name}")
    comparisons = {"gte": col >= v, "lte": col <= v, "gt": col > v, "lt": col < v}
    if op not in comparisons:
        raise MetricError(f"unknown operator {op!r}")
    return comparisons[op]


def _holds(col: Column[Any], item: str) -> ColumnElement[bool]:
    """A `,a,b,` list column holds `item` (case-sensitive; no stored item has a comma)."""
    if not item or "," in item:
        return false()
    return _substring(col, f",{item},")


def _substring(col: Column[Any], needle: str) -> ColumnElement[bool]:
    if not needle:
        return col.is_not(None)
    # LIKE narrows portably; replace() makes it case-sensitive on SQLite as well.
    return and_(col.contains(needle, autoescape=True), func.replace(col, needle, "") != col)


def _value(raw: Any, info: FieldInfo, ctx: EvalContext) -> Any:
    """A condition value resolved ($variables) and typed like the field it is compared to."""
    try:
        value = resolve_value(raw, profile=ctx.cluster, period=ctx.period)
    except ValueError as exc:
        raise MetricError(str(exc)) from None
    if value is None:
        return None
    kind = info.type
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise MetricError(f"{info.name}: expected a date, got {value!r}") from None
    if kind == "bool":
        if not isinstance(value, bool):
            raise MetricError(f"{info.name}: expected true or false, got {value!r}")
        return value
    if kind in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise MetricError(f"{info.name}: expected a number, got {value!r}")
        return value
    if isinstance(value, date):
        raise MetricError(f"{info.name}: a date cannot be compared to a {kind} field")
    return str(value)
