"""Amounts attributed to the period by the days of their span: `pro_rata`, `time_weighted`.

Why a module of its own: a 6-year grant entered once, or a financial year's income, is
an amount that covers a span; summed whole in every period it touches, it counts again
and again (a grant of 600,000 over six years is not 600,000 in each of them). And an
FTE is a level held over time: a leaver's FTE counts for the months worked, not for the
whole year. Both need day arithmetic in SQL, which SQLite and PostgreSQL write
differently; this module is the one place that does it (`day`), and the plain-Python
twin in tests/reference_eval.py must agree with it.

- `pro_rata`: value x (days of the record's start..end inside the period / days of its
  span). A record without an `end` counts in full when it starts in the period (a
  one-off payment), otherwise not at all. Per year over a period that is not whole
  years, the share of a record crossing the period's edges is measured in the period's
  months (`per_year_scale`); one wholly inside counts whole. An ongoing record whose
  field states a year's worth (`Record.yearly_while_ongoing`: a standing service's
  members served a year) has no span to divide: it counts that value for each of the
  period's years it runs in, value x (days it runs in the period / days of the period)
  x the period's years, so 20 members a year is 20 in 2025, 40 over 2024-2025 (20 a
  year either way) and about 6.7 in 2025 for a service offered from 1 September. In
  full in every period, it counted 20 again in each; in full where it started, it
  counted in no later year.
- `time_weighted`: value x (days of its span inside the period / days of the period),
  the average over the period. An open-ended record without an end runs to the
  period's end; one that is not open-ended lasts its start day.

A record dated only to the month or year (`Record.date_precision`) is counted by the
days it proves, never by the days of its unit: one that is not open-ended lies wholly in
the period when it counts at all (`assessment.conditions.dated`), so `pro_rata` gives it
all of its value, and `time_weighted` one day, its shortest possible length, as a
record without an end (a one-day event "in June" is not 30 days of anything). An
open-ended one ran through its months and is weighed by them, as with days.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, literal, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer

from criteria.models import Metric
from evidence.models import KINDS
from evidence.precision import DAY
from evidence.schema import evidence

from .period import Period

EPOCH = date(1970, 1, 1)


class day(FunctionElement[int]):  # an SQL function, named as one
    """The days from 1970-01-01 to a date column: `julianday` on SQLite, date subtraction
    on PostgreSQL (both exact integers)."""

    type = Integer()
    name = "clex_day"
    inherit_cache = True


@compiles(day)
def _day_default(element: day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day, "sqlite")
def _day_sqlite(element: day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


def _number(d: date) -> ColumnElement[int]:
    return literal((d - EPOCH).days, Integer)


def _least(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((a < b, a), else_=b)


def _greatest(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((a > b, a), else_=b)


def attributed(m: Metric) -> bool:
    return m.pro_rata or m.time_weighted


def yearly(m: Metric) -> bool:
    """Whether `m` sums a field that an ongoing record of its kind states for a year
    (`Record.yearly_while_ongoing`), attributed `pro_rata` (module docstring)."""
    kind = KINDS.get(m.kind or "")
    return bool(m.pro_rata and kind and kind.open_ended and m.field in kind.yearly_while_ongoing)


def weight(m: Metric, period: Period, *, open_ended: bool) -> ColumnElement[float] | None:
    """The share of each record's value that belongs to `period` (None: all of it). The
    scope (`in_period`, enforced by the catalogue checks) keeps only records whose span
    meets the period, so the days inside it are at least one."""
    if not attributed(m):
        return None
    start, end = evidence.c.start, evidence.c.end
    first, last = _number(period.start), _number(period.end)
    s = day(start)
    if m.pro_rata:
        e = day(end)
        inside = _least(e, last) - _greatest(s, first) + 1
        spread = cast(inside, Float) / (e - s + 1)
        scale = per_year_scale(m, period)
        if scale != 1.0:  # only a record crossing the period's edges, at most its whole
            whole = and_(start >= period.start, end <= period.end)
            scaled = _least(spread * literal(scale, Float), literal(1.0, Float))
            spread = case((whole, literal(1.0, Float)), else_=scaled)
        if yearly(m):  # a year's worth for each of the period's years it runs in
            running = last - _greatest(s, first) + 1
            in_full = cast(running, Float) / period.days * literal(period.years, Float)
        else:
            in_full = case((start >= period.start, literal(1.0, Float)), else_=literal(0.0, Float))
        return case((end.is_(None), in_full), else_=spread)
    ends: ColumnElement[bool] = end.is_not(None)
    if not open_ended:  # dated only to the month or year: one day (module docstring)
        ends = and_(ends, evidence.c.date_precision == DAY)
    until = case((ends, day(end)), else_=last if open_ended else s)
    inside = _least(until, last) - _greatest(s, first) + 1
    return case((inside > 0, cast(inside, Float) / period.days), else_=literal(0.0, Float))


def per_year_scale(m: Metric, period: Period) -> float:
    """What the `pro_rata` share of a record crossing the period's edges is multiplied
    by in a `per_year` value over a period that is not whole years (capped at the whole
    record): the period's years by months over its years by days, so that the share is
    the period's months of the year the value is divided by. Why: the share is taken by
    days and the year by months (`Period.years`), and a steady 600,000 a year read
    595,068 per year over January-June (181/365 of it over 0.5 year) and 604,932 over
    July-December; now 300,000 over 0.5 year. A record wholly inside the period is not
    scaled: it is all there, as a one-off payment is, and per year twice itself over a
    half-year like every per-year value (scaled, a training of 40 h on one day in March
    gave G4 80.66, and a project of 124,000 over February-May 250,055 a year, over V5's
    Gold step). 1 for whole years (unchanged) and for a value not per year."""
    if not m.per_year:
        return 1.0
    return period.years / period.years_by_days


def counted(m: Metric, period: Period) -> ColumnElement[bool] | None:
    """What a record needs besides the metric's conditions to be behind an attributed
    value: `pro_rata` leaves out a record without an end that started before the period
    (none of it belongs there), unless it states a year's worth (`yearly`: a standing
    service runs on into the period). None: nothing."""
    if not m.pro_rata or yearly(m):
        return None
    return or_(evidence.c.end.is_not(None), evidence.c.start >= period.start)


def restrict(cond: ColumnElement[bool], m: Metric, period: Period) -> ColumnElement[bool]:
    extra = counted(m, period)
    return cond if extra is None else and_(cond, extra)
