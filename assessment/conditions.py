"""Conditions of metrics: which records of the wide `evidence` table a metric is about.

Why apart from `metrics`: these compile a catalogue's `scope` and `where` conditions into
SQLAlchemy conditions, and both the batched aggregates and the id lists are built from
them, so there is exactly one place that says what "in the period" or "contains" means.
Which operator applies to which field type, and which `$variables` exist, is not decided
here but read from `criteria.rules`, the table the catalogue checks read too.
Semantics: docs/catalogue-format.md; only constructs that compile on SQLite and
PostgreSQL are used. "contains" adds `replace(col, v, '') <> col` to the `LIKE`, because
SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Column, ColumnElement, and_, false, func, or_, true

from criteria.models import Condition, LastYears, Metric, Scope
from criteria.rules import NUMBER_TYPES, field_type_problem, operator_problem, value_problem
from evidence.models import KINDS, ClusterProfile, FieldInfo, kind_fields
from evidence.schema import evidence

from .period import Period, resolve_value, shift

NUMERIC = NUMBER_TYPES

Where = list[ColumnElement[bool]]
Subject = tuple[ClusterProfile, Period]  # what `$variables` in conditions refer to


class MetricError(ValueError):
    """A metric that cannot be evaluated (`clex criteria validate` should have said so)."""


# -- conditions ------------------------------------------------------------------------


def about(
    m: Metric,
    profile: ClusterProfile,
    period: Period,
    statuses: tuple[str, ...] | None,
    *,
    scoped: bool = True,
    status: ColumnElement[Any] | None = None,
) -> ColumnElement[bool]:
    """Counted statuses, scope and `where`: which of a cluster's records of `m.kind` a
    metric is about. `statuses` None: every status the surrounding query admits.
    `status`: what a record's status is (default: the column; an assessment "as of" a
    past day reads it back from the review log, `evidence.store.status_at`)."""
    fields(m)  # an unknown kind is an error even without conditions
    col = evidence.c.status if status is None else status
    conds: Where = [] if statuses is None else [col.in_(statuses)]
    if scoped:
        conds += scope(m.scope, period, open_ended=open_ended(m))
    return and_(true(), *conds, *where(m.where, m, profile, period))


def open_ended(m: Metric) -> bool:
    """Memberships, jobs and projects without an end are ongoing; events are one day."""
    return m.kind in KINDS and KINDS[m.kind].open_ended


def scope(scope: Scope, period: Period, *, open_ended: bool = False) -> Where:
    start, end = evidence.c.start, evidence.c.end
    if isinstance(scope, LastYears):
        return [start > shift(period.end, -12 * scope.last_years), start <= period.end]
    if scope == "in_period":
        if open_ended:
            return [start <= period.end, or_(end.is_(None), end >= period.start)]
        return [start <= period.end, func.coalesce(end, start) >= period.start]
    if scope == "active_at_end":
        return [active_at(period.end)]
    if scope == "all":
        return [start <= period.end]
    raise MetricError(f"unknown scope {scope!r}")


def active_at(day: date) -> ColumnElement[bool]:
    return and_(evidence.c.start <= day, or_(evidence.c.end.is_(None), evidence.c.end >= day))


def fields(m: Metric) -> dict[str, FieldInfo]:
    if m.kind not in KINDS:
        raise MetricError(f"unknown evidence kind {m.kind!r}; kinds are {', '.join(KINDS)}")
    return kind_fields(m.kind)


def field(m: Metric) -> Column[Any]:
    """The column of `m.field`, of a type its aggregate accepts (`criteria.rules`)."""
    info = fields(m).get(m.field or "")
    if info is None:
        raise MetricError(f"{m.kind} has no field {m.field!r}")
    if problem := field_type_problem(m.aggregate, info):
        raise MetricError(f"{m.kind}.{m.field}: {problem}")
    return evidence.c[info.name]


def where(
    conditions: dict[str, Condition], m: Metric, profile: ClusterProfile, period: Period
) -> Where:
    known = fields(m)
    conds: Where = []
    for name, cond in conditions.items():
        info = known.get(name)
        if info is None:
            raise MetricError(f"{m.kind} has no field {name!r}")
        conds.append(_condition(evidence.c[name], info, cond, (profile, period)))
    return conds


def _condition(
    col: Column[Any], info: FieldInfo, cond: Condition, ctx: Subject
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
    if problem := operator_problem(op, info):
        raise MetricError(f"{info.name}: {problem}")
    if v is None:
        return false()
    if op == "contains":  # a list or text field (`criteria.rules.OPERATORS`)
        return _holds(col, v) if info.type == "list" else _substring(col, v)
    if op == "ne":
        if info.type == "list":  # does not hold it (an empty list is NULL: no match)
            token = f",{v},"
            return col.is_not(None) if "," in v else func.replace(col, token, "") == col
        return col != v
    comparisons = {"gte": col >= v, "lte": col <= v, "gt": col > v, "lt": col < v}
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


def _value(raw: Any, info: FieldInfo, ctx: Subject) -> Any:
    """A condition value resolved ($variables) and typed like the field it is compared to;
    which values fit which field is `criteria.rules.value_problem`, as for the checks."""
    if problem := value_problem(info, raw):
        raise MetricError(f"{info.name}: {problem}")
    try:
        value = resolve_value(raw, profile=ctx[0], period=ctx[1])
    except ValueError as exc:
        raise MetricError(str(exc)) from None
    if value is None:
        return None
    if info.type == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if info.type == "bool" or info.type in NUMERIC:
        return value
    return str(value)
