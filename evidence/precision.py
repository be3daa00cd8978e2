"""Dates known only to the month or the year: their units, their rules, their words.

Why a module of its own: a page says "v červnu 2020" or "im Jahr 2019", and a record
made from it must neither invent a day nor lose the date. Such a record keeps the span
its words allow (`start` the first day of the month or year, `end` the last day of the
month or year its end falls in) and says so in `Record.date_precision`. Three places
need the same small facts about those units: the record's checks (`evidence.models`:
a month-precision start is a 1st), the assessment's conditions (`assessment.conditions`:
which months lie wholly before a day) and everything that shows a date ("June 2020",
"červen 2020", "2019" rather than a made-up day). They are here, once.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal, get_args

Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[str, ...] = get_args(Precision)
DAY: Precision = "day"

# Babel's skeletons: the locale's own order and the month's nominative ("červen 2020",
# not the genitive "června 2020" of a full date).
_SKELETON = {"month": "yMMMM", "year": "y"}


def unit_start(day: date, precision: str) -> date:
    """The first day of the month or year `day` lies in (`day` itself for "day")."""
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return date(day.year, 1, 1)
    return day


def unit_end(day: date, precision: str) -> date:
    """The last day of the month or year `day` lies in (`day` itself for "day")."""
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        return date(day.year, 12, 31)
    return day


def last_whole_unit_by(day: date, precision: str) -> date:
    """The first day of the last month (or year) that has ended by the end of `day`: a
    record of that precision starting on or before it lies wholly on or before `day`.
    ("month", 15 June 2020) -> 1 May 2020; ("month", 30 June 2020) -> 1 June 2020."""
    if unit_end(day, precision) == day:
        return unit_start(day, precision)
    return unit_start(unit_start(day, precision) - timedelta(days=1), precision)


def precision_problems(start: date, end: date | None, precision: str) -> list[str]:
    """What is wrong with `start`/`end` for `precision`, each saying what to write
    instead (no problem for "day"); the caller adds that a known day takes "day"."""
    if precision == DAY:
        return []
    unit = "month" if precision == "month" else "year"
    out = []
    if start != unit_start(start, precision):
        out.append(
            f"start {start} is not the first day of a {unit}: write {unit_start(start, precision)}"
        )
    if end is not None and end != unit_end(end, precision):
        out.append(f"end {end} is not the last day of a {unit}: write {unit_end(end, precision)}")
    return out


def day_text(day: date, precision: str, locale: str = "en", form: str = "medium") -> str:
    """One date in `locale`'s words: the day as Babel's `form` ("medium": "Jun 1,
    2020"), or only its month ("June 2020", "červen 2020") or year ("2020")."""
    from babel.dates import format_date, format_skeleton

    skeleton = _SKELETON.get(precision)
    if skeleton is None:
        return format_date(day, format=form, locale=locale)
    return format_skeleton(skeleton, day, locale=locale)


def shown_span(start: date, end: date | None, precision: str) -> tuple[str, str]:
    """A record's start and end as the command line shows them ("" for no end)."""
    return iso_text(start, precision), "" if end is None else iso_text(end, precision)


def iso_text(day: date, precision: str) -> str:
    """One date as the command line shows dates: 2020-06-01, 2020-06 or 2020."""
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    return day.isoformat()
