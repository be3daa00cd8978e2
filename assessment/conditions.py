"""Conditions of metrics: which records of the wide `evidence` table a metric is about.

Why apart from `metrics`: these compile a catalogue's `scope` and `where` conditions into
SQLAlchemy conditions, and both the batched aggregates and the id lists are built from
them, so there is exactly one place that says what "in the period" or "contains" means.
Which operator applies to which field type, and which `$variables` exist, is not decided
here but read from `criteria.rules`, the table the catalogue checks read too.
Semantics: docs/catalogue-format.md; only constructs that compile on SQLite and
PostgreSQL are used. "contains" adds `replace(col, v, '') <> col` to the `LIKE`, because
SQLite's LIKE ignores ASCII case and PostgreSQL's does not.

`where()` gives ONE condition per entry of the mapping, in order (an `any_of` entry is
one OR of its mappings): "why not counted" names the one entry a record failed by that
position, so the contract must hold.

The scopes also read `expires` and the kind's `open_ended`: evidence that expired before
the day it is measured on does not count, and a record that is not open-ended (an
event, a news item) is active only from its start to its end (no end: its start day),
so a 2014 news item is not a live website in 2024. A kind `counted_where_it_starts` (an
event, a communication item) is "in the period" only when it starts in it: a fair of 30
December to 2 January is one event of the year it opens, not one of each year it
touches.

Dates known only to the month or year (`Record.date_precision`, `evidence.precision`)
prove no day: a record of a kind that is not open-ended counts in a window only when
every day its dates allow lies in it. "June 2020" counts in 2020 and in a period of
1 June..31 December, not in one that starts on 15 June (it may have been on the 10th);
a year-dated one counts in a calendar year; neither is ever "active on" one day. An
open-ended record (a membership, a project "from October 2011 to September 2014") ran
through its months and is read as with days. Such a record left out is named by "why
not counted" as dated only to its month or year (`dated`), not as outside the period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Column, ColumnElement, Date, and_, false, func, or_, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from criteria.models import Condition, FieldRef, LastYears, Metric, Scope
from criteria.rules import (
    ANY_OF,
    NUMBER_TYPES,
    field_ref_problem,
    field_type_problem,
    missing_problem,
    operator_problem,
    parse_plus,
    value_problem,
)
from evidence.models import KINDS, ClusterProfile, FieldInfo, kind_fields
from evidence.precision import DAY, last_whole_unit_by
from evidence.schema import evidence

from .period import Period, resolve_value, shift
from .profile_params import Opened, own_variable

NUMERIC = NUMBER_TYPES

Where = list[ColumnElement[bool]]


@dataclass(frozen=True)
class Subject:
    """What `$variables` in conditions refer to: the profile, the period, the date."""

    profile: ClusterProfile
    period: Period
    as_of: date | None = None
    opened: Opened | None = None  # the cluster's own values as open parameters, recorded


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
    as_of: date | None = None,
    opened: Opened | None = None,
) -> ColumnElement[bool]:
    """Counted statuses, scope and `where`: which of a cluster's records of `m.kind` a
    metric is about. `statuses` None: every status the surrounding query admits.
    `status`: what a record's status is (default: the column; an assessment "as of" a
    past day reads it back from the review log, `evidence.store.status_at`). `as_of`:
    the assessment's date (`$as_of`). `opened`: the cluster's own values become open
    parameters, recorded there (assessment/profile_params.py)."""
    fields(m)  # an unknown kind is an error even without conditions
    col = evidence.c.status if status is None else status
    conds: Where = [] if statuses is None else [col.in_(statuses)]
    if scoped:
        conds += scope(m.scope, period, open_ended=open_ended(m), by_start=by_start(m))
    return and_(true(), *conds, *where(m.where, m, profile, period, as_of=as_of, opened=opened))


def open_ended(m: Metric) -> bool:
    """Memberships, jobs and projects without an end are ongoing; events are one day."""
    return m.kind in KINDS and KINDS[m.kind].open_ended


def by_start(m: Metric) -> bool:
    """Events belong to the period they start in (module docstring), when they are
    counted or added up whole; an amount attributed by its days (`attribution`) is
    already split between the periods it spans, each given its own days."""
    attributed = m.pro_rata or m.time_weighted
    return m.kind in KINDS and KINDS[m.kind].counted_where_it_starts and not attributed


def scope(
    scope: Scope,
    period: Period,
    *,
    open_ended: bool = False,
    by_start: bool = False,
    expiry: bool = True,
    precise: bool = True,
) -> Where:
    """The scope's conditions: the record's dates against the period (`by_start`: its
    start, for `in_period`), and its `expires`
    against the day it is measured on (`expiry_day`; without `expiry`, the dates alone:
    "why not counted" names an expiry as a condition of its own), and what a record
    dated only to the month or year needs besides (`dated`; without `precise`, not:
    "why not counted" names it apart too)."""
    start, end = evidence.c.start, evidence.c.end
    expired = [unexpired(expiry_day(scope, period))] if expiry else []
    imprecise = dated(scope, period, open_ended=open_ended, by_start=by_start) if precise else None
    whole = [imprecise] if imprecise is not None else []
    if isinstance(scope, LastYears):
        since = shift(period.end, -12 * scope.last_years)
        return [start > since, start <= period.end, *whole, *expired]
    if scope == "in_period":
        if by_start:
            ends = start >= period.start
        elif open_ended:
            ends = or_(end.is_(None), end >= period.start)
        else:
            ends = func.coalesce(end, start) >= period.start
        return [start <= period.end, ends, *whole, *expired]
    if scope == "active_at_end":
        return [active_at(period.end, open_ended=open_ended, expiry=expiry, precise=precise)]
    if scope == "all":
        return [start <= period.end, *whole, *expired]
    raise MetricError(f"unknown scope {scope!r}")


def dated(
    scope: Scope, period: Period, *, open_ended: bool, by_start: bool = False
) -> ColumnElement[bool] | None:
    """What a record dated only to the month or year needs, besides the scope's dates, to
    count (module docstring); None for an open-ended kind, which needs nothing more. A
    record dated to the day always passes. `in_period`: its whole span in the period
    (`by_start`: its start's month or year);
    `all` and `last_years`, which date a record by its start: its start's month (year)
    ended by the period's end; `active_at_end`: never (no day of it is proven)."""
    if open_ended:
        return None
    precision, start, end = evidence.c.date_precision, evidence.c.start, evidence.c.end
    if scope == "active_at_end":
        return precision == DAY
    by_end = _start_unit_by(period.end)
    if scope == "in_period":
        ended = true() if by_start else or_(end.is_(None), end <= period.end)
        inside = and_(start >= period.start, by_end, ended)
        return or_(precision == DAY, inside)
    if isinstance(scope, LastYears) or scope == "all":
        return or_(precision == DAY, by_end)
    raise MetricError(f"unknown scope {scope!r}")


def _start_unit_by(day: date) -> ColumnElement[bool]:
    """The month (year) a record starts in has ended by the end of `day`: a comparison
    of `start` (the unit's first day) with a day computed here, so no date arithmetic
    runs in SQL and an index on `start` still serves."""
    precision, start = evidence.c.date_precision, evidence.c.start
    return or_(
        and_(precision == "month", start <= last_whole_unit_by(day, "month")),
        and_(precision == "year", start <= last_whole_unit_by(day, "year")),
    )


def expiry_day(scope: Scope, period: Period) -> date:
    """The day a record's `expires` is held against: the period's start for `in_period`
    (it held during part of the period), its end for the other scopes."""
    return period.start if scope == "in_period" else period.end


def active_at(
    day: date, *, open_ended: bool, expiry: bool = True, precise: bool = True
) -> ColumnElement[bool]:
    """Active on `day`: started, not ended and (with `expiry`) not expired. A record that
    is not open-ended without an end lasts its start day only; one dated only to the
    month or year proves no day (with `precise`: "why not counted" names that apart)."""
    start, end = evidence.c.start, evidence.c.end
    lasts = or_(end.is_(None), end >= day) if open_ended else func.coalesce(end, start) >= day
    conds = [start <= day, lasts, *([unexpired(day)] if expiry else [])]
    if precise and not open_ended:
        conds.append(evidence.c.date_precision == DAY)
    return and_(*conds)


def unexpired(day: date) -> ColumnElement[bool]:
    """The evidence still holds on `day`: no `expires`, or not before it."""
    return or_(evidence.c.expires.is_(None), evidence.c.expires >= day)


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
    conditions: dict[str, Condition],
    m: Metric,
    profile: ClusterProfile,
    period: Period,
    *,
    as_of: date | None = None,
    opened: Opened | None = None,
) -> Where:
    """ONE condition per entry of `conditions`, in their order (module docstring)."""
    known = fields(m)
    ctx = Subject(profile, period, as_of, opened)
    return [entry(name, cond, known, m, ctx) for name, cond in conditions.items()]


def entry(
    name: str, cond: Any, known: dict[str, FieldInfo], m: Metric, ctx: Subject
) -> ColumnElement[bool]:
    """The condition of one `where` entry: a field's, or an `any_of` (an OR of mappings,
    each the AND of its own entries)."""
    if name == ANY_OF:
        if not isinstance(cond, list) or not cond or not all(isinstance(c, dict) for c in cond):
            raise MetricError("`any_of` takes a list of mappings of conditions")
        return or_(
            *(and_(true(), *(entry(n, c, known, m, ctx) for n, c in alt.items())) for alt in cond)
        )
    info = known.get(name)
    if info is None:
        raise MetricError(f"{m.kind} has no field {name!r}")
    return _condition(evidence.c[name], info, cond, ctx, known)


def _condition(
    col: Column[Any], info: FieldInfo, cond: Any, ctx: Subject, known: dict[str, FieldInfo]
) -> ColumnElement[bool]:
    """One field's condition. A NULL never matches (but `missing: true`): `x != v` and
    `x LIKE p` are NULL (not true) for a NULL `x`, so no NOT(...) is ever wrapped around a
    nullable test."""
    if isinstance(cond, dict):
        tests = [_test(col, info, op, v, ctx, known) for op, v in cond.items()]
        return and_(true(), *tests)
    if isinstance(cond, list) and any(isinstance(v, dict) for v in cond):
        raise MetricError(f"{info.name}: a list of mappings belongs under `any_of`")
    bindable = info.type != "list"  # a list field holds a value: built from the string
    values = [_value(v, info, ctx, bindable) for v in (cond if isinstance(cond, list) else [cond])]
    values = [v for v in values if v is not None]
    if info.type == "list":  # a list field equals a value when it holds it
        return or_(false(), *(_holds(col, v) for v in values))
    if not values:
        return false()
    return col == values[0] if len(values) == 1 else one_of(col, values)


def one_of(col: ColumnElement[Any], values: Sequence[Any]) -> ColumnElement[bool]:
    """`col IN values`, the numbers all floats when any is one. Why: SQLAlchemy types an
    IN list's parameters after its first value and PostgreSQL casts each of them to that
    type, so `hours: [5, 0.5]` was `hours IN (5::INTEGER, 0.5::INTEGER)` and a record of
    half an hour never matched there (it did on SQLite); as floats nothing is cast, and
    5.0 equals 5 on both."""
    if any(isinstance(v, float) for v in values):
        values = [float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in values]
    return col.in_(values)


def group_values(values: Sequence[Any]) -> list[Any]:
    """A group's values as its IN list binds them (`one_of`): a string or a number kept,
    anything else (a day) as its text."""
    return [v if isinstance(v, str | int | float) else str(v) for v in values]


def _test(
    col: Column[Any], info: FieldInfo, op: str, raw: Any, ctx: Subject, known: dict[str, FieldInfo]
) -> ColumnElement[bool]:
    """One operator of a field's condition: `missing`, a comparison with another field of
    the record, or with a value."""
    if problem := operator_problem(op, info):
        raise MetricError(f"{info.name}: {problem}")
    if op == "missing":
        if problem := missing_problem(raw):
            raise MetricError(f"{info.name}: {problem}")
        return col.is_(None) if raw else col.is_not(None)
    if isinstance(raw, FieldRef | dict):
        ref = raw if isinstance(raw, FieldRef) else FieldRef.model_validate(raw)
        other = known.get(ref.field)
        if problem := field_ref_problem(op, info, other, ref.field, ref.times, ref.plus):
            raise MetricError(f"{info.name}: {problem}")
        assert other is not None
        rhs: ColumnElement[Any] = evidence.c[other.name]
        if ref.plus is not None:
            return _compare(col, op, DatePlus(rhs, *parse_plus(ref.plus)))
        if ref.times is None:
            return _compare(col, op, rhs)
        return _near(col, op, rhs * float(ref.times))
    bindable = op != "contains" and info.type != "list"  # both built from the string
    return _operator(col, info, op, _value(raw, info, ctx, bindable))


class DatePlus(FunctionElement[date]):
    """A date column moved by days, then months, in SQL, as `resolve_value` moves a day
    in Python: a day the target month lacks becomes its last day (31 January
    plus a month is 29 February). PostgreSQL's interval arithmetic does so itself;
    SQLite's `date(d, '+1 months')` runs over into March, so the month's last day is
    taken when it comes first. Both give a date comparable with a date column."""

    type = Date()
    inherit_cache = True
    name = "date_plus"
    # the offsets are part of the statement's cache key, as its column is
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's own attribute)
        *FunctionElement._traverse_internals,
        ("months", InternalTraversal.dp_plain_obj),
        ("days", InternalTraversal.dp_plain_obj),
    ]

    def __init__(self, day: ColumnElement[Any], months: int, days: int) -> None:
        self.months, self.days = months, days
        super().__init__(day)


@compiles(DatePlus, "sqlite")
def _date_plus_sqlite(element: DatePlus, compiler: Any, **kw: Any) -> str:
    (day,) = element.clauses
    sql = compiler.process(day, **kw)
    months, days = element.months, element.days
    if days:
        sql = f"date({sql}, '{days:+d} days')"
    if months:
        plain = f"date({sql}, '{months:+d} months')"
        last = f"date({sql}, 'start of month', '{months + 1:+d} months', '-1 days')"
        sql = f"min({plain}, {last})"
    return sql


@compiles(DatePlus, "postgresql")
def _date_plus_postgresql(element: DatePlus, compiler: Any, **kw: Any) -> str:
    (day,) = element.clauses
    sql = compiler.process(day, **kw)
    days, months = f"INTERVAL '{element.days} days'", f"INTERVAL '{element.months} months'"
    return f"CAST(CAST({sql} + {days} AS DATE) + {months} AS DATE)"


def _compare(col: Column[Any], op: str, rhs: Any) -> ColumnElement[bool]:
    comparisons = {"gte": col >= rhs, "lte": col <= rhs, "gt": col > rhs, "lt": col < rhs}
    return col != rhs if op == "ne" else comparisons[op]


# A product like 30 * 0.1 is 3.0000000000000004 in floating point: a field compared with
# another one `times` a number is compared within this, so that 3 of 30 is 10 %.
TOLERANCE = 1e-9


def _near(col: Column[Any], op: str, rhs: ColumnElement[Any]) -> ColumnElement[bool]:
    low, high = rhs - TOLERANCE, rhs + TOLERANCE
    tests = {"gte": col >= low, "lte": col <= high, "gt": col > high, "lt": col < low}
    return or_(col < low, col > high) if op == "ne" else tests[op]


def _operator(col: Column[Any], info: FieldInfo, op: str, v: Any) -> ColumnElement[bool]:
    if v is None:
        return false()
    if op == "contains":  # a list or text field (`criteria.rules.OPERATORS`)
        return _holds(col, v) if info.type == "list" else _substring(col, v)
    if op == "ne":
        if info.type == "list":  # does not hold it (an empty list is NULL: no match)
            token = f",{v},"
            return col.is_not(None) if "," in v else func.replace(col, token, "") == col
        return col != v
    return _compare(col, op, v)


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


def _value(raw: Any, info: FieldInfo, ctx: Subject, bindable: bool = False) -> Any:
    """A condition value resolved ($variables) and typed like the field it is compared to;
    which values fit which field is `criteria.rules.value_problem`, as for the checks.
    With `ctx.opened`, the cluster's own value is an open parameter where the SQL can
    take one (`bindable`); where it cannot, the plan is pinned to the profile."""
    if problem := value_problem(info, raw):
        raise MetricError(f"{info.name}: {problem}")
    try:
        value = resolve_value(raw, profile=ctx.profile, period=ctx.period, as_of=ctx.as_of)
    except ValueError as exc:
        raise MetricError(str(exc)) from None
    if value is None:
        return None
    if ctx.opened is not None and own_variable(raw):
        if bindable and info.type == "date" and isinstance(value, date):
            return ctx.opened.param(raw, "date")
        if bindable and info.type in ("text", "choice"):
            return ctx.opened.param(raw, "text")
        ctx.opened.pinned = True
    if info.type == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if info.type == "bool" or info.type in NUMERIC:
        return value
    return str(value)
