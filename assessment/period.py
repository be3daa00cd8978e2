"""Assessment periods and the `$variables` of catalogue conditions.

Why a module of its own: metric scopes, `per_year`, growth, `$period_end-2y` and the
labels' "an assessment 18-24 months earlier" all need the same calendar arithmetic.
Doing it once here keeps month-end clamping and "how many years is this period" equal
everywhere, so a value in a snapshot can be re-derived by `clex verify`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from criteria.models import Metric
from criteria.rules import VARIABLES, is_variable, parse_variable
from evidence.models import ClusterProfile

_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_DATES = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift(d: date, months: int) -> date:
    """`d` moved by whole months; a day the target month lacks becomes its last day
    (2024-02-29 - 12 months = 2023-02-28, 2024-01-31 + 1 month = 2024-02-29)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def _anniversary(start: date, months: int) -> date:
    """The first day of the next span of `months` from `start`: the same day `months`
    later, or, when that month lacks the start's day (29 February, 31 January), the day
    after its last."""
    day = shift(start, months)
    return day + timedelta(days=1) if day.day < start.day else day


@dataclass(frozen=True)
class Period:
    """An assessment period; both ends are included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2024', '2022-2023' (whole calendar years) or '2024-03-01..2025-02-28'."""
        text = text.strip()
        if m := _YEARS.match(text):
            first, last = int(m[1]), int(m[2] or m[1])
            if last < first:
                raise ValueError(f"period {text!r}: {last} is before {first}")
            return cls(date(first, 1, 1), date(last, 12, 31))
        if m := _DATES.match(text):
            try:
                return cls(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
            except ValueError as exc:
                raise ValueError(f"period {text!r}: {exc}") from None
        raise ValueError(
            f"period {text!r}: write a year (2024), a span of years (2022-2023) "
            "or two dates (2024-03-01..2025-02-28)"
        )

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int | None:
        """Whole months when the period ends the day before a monthly anniversary of its
        start: 1 January to 31 December, and a financial year from 15 January to 14
        January alike (it was refused as "shorter or longer" than 12 months); from a day
        the end's month lacks (29 February, 31 January), to that month's last day."""
        after = self.end + timedelta(days=1)
        n = (after.year - self.start.year) * 12 + after.month - self.start.month
        for months in (n, n - 1):
            if months < 1:
                continue
            if after == _anniversary(self.start, months):
                return months
        return None

    @property
    def years(self) -> float:
        """Length in years: months / 12 when month-aligned, else days / 365.25."""
        months = self.months
        return months / 12 if months is not None else self.days / 365.25

    @property
    def years_by_days(self) -> float:
        """Length in years by days: the period's days over the days of the year from its
        start (365, or 366 over a 29 February); a period of whole years is `years` (a
        year is one, whatever its days). What a `pro_rata` share, taken by days, is
        measured against (`assessment.attribution.per_year_scale`)."""
        months = self.months
        if months is not None and months % 12 == 0:
            return months / 12
        return self.days / (_anniversary(self.start, 12) - self.start).days

    @property
    def length_key(self) -> tuple[str, int]:
        """What two periods must share to be as long as each other (`same_length`):
        ("months", n) for a period of whole months, else ("days", n)."""
        months = self.months
        return ("months", months) if months is not None else ("days", self.days)

    def same_length(self, other: Period) -> bool:
        """Whether two periods are as long as each other: what a comparison of counts
        needs (a count of two years is not one of one). The one rule of the benchmark,
        compare and a report's "since".

        Exact, as an association's analyst compares: periods of whole months (`months`:
        a calendar year, a July-June year, 365 days or 366) compare when their months
        are as many; any other period only with one of as many days. It was "to the
        nearest month", so a peer's 1 January - 30 December (364 days, which no label is
        judged on) counted as a year beside the calendar year, its counts extrapolated."""
        return self.length_key == other.length_key

    def years_since(self, day: date) -> float:
        """Years from the start of `day` to the end of the period's last day, whole years
        by the calendar and the year under way as its share of days: a cluster founded on
        1 January 2018 is 7 years old at the end of 2024 (counted to the start of 31
        December, or as days / 365.25 over a span holding one 29 February, it was 6.998,
        and "at least 7" gave it a point less than it had)."""
        after = self.end + timedelta(days=1)
        if day >= after:
            return (after - day).days / 365.25
        whole = after.year - day.year
        if shift(day, 12 * whole) > after:
            whole -= 1
        began, ends = shift(day, 12 * whole), shift(day, 12 * (whole + 1))
        return whole + (after - began).days / (ends - began).days

    @property
    def short_of_a_year(self) -> str | None:
        """The length of a period shorter than a year, in words ("1 month", "45 days"): a
        per-year value is then extrapolated from it (December alone: 3 events are 36 a
        year); None for a year or more."""
        months = self.months
        short = months < 12 if months is not None else self.days < 365
        return self.length if short else None

    @property
    def length(self) -> str:
        """The period's length in words: whole months when it has them, else days."""
        months = self.months
        if months is not None:
            return f"{months} month{'s' if months > 1 else ''}"
        return f"{self.days} day{'s' if self.days > 1 else ''}"

    @property
    def year_slices(self) -> tuple[Period, ...]:
        """The period cut into its years: 12-month slices from its start. Why: "services
        a year" over 2024-2025 is the average of what ran in 2024 and what ran in 2025,
        so a programme running in both counts in each, as it does when each year is
        assessed alone (`assessment.aggregates`). Only a period of whole years is cut: a
        shorter last slice counted as a whole year over a period divided by its true
        length (one service throughout 13 months was 1.85 a year), so any other period is
        one slice, counted as it is."""
        months = self.months
        if months is None or months % 12 or months == 12:
            return (self,)
        slices: list[Period] = []
        first = self.start
        while first <= self.end:
            following = _anniversary(self.start, 12 * (len(slices) + 1))
            slices.append(Period(first, min(self.end, following - timedelta(days=1))))
            first = following
        return tuple(slices)

    @property
    def day_before(self) -> date:
        return self.start - timedelta(days=1)

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    def __str__(self) -> str:
        if self.start.timetuple()[1:3] == (1, 1) and self.end.timetuple()[1:3] == (12, 31):
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}-{self.end.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def yearly(value: float, period: Period, *, growth: bool = False) -> float:
    """A value of the whole period as a year's: divided by its years, or, for a growth
    (per cent), compounded: 44 to 53 members over two years is 9.75 % a year (1.0975
    twice is 1.2045), not 20.45 / 2 = 10.23 %, which gave a point more than it grew."""
    years = period.years
    if not growth or years < 1:  # under a year: divided, as the short period's warning
        return value / years  # says (compounding a month's +50 % gave 12,875 % a year)
    return (max(1.0 + value / 100.0, 0.0) ** (1.0 / years) - 1.0) * 100.0


def whole_count(value: float | None, period: Period) -> int:
    """The whole count a count a year stands for over the period, which the steps still
    missing are reckoned from: each record once, or once in each year it ran
    (`Period.year_slices`). So a service of 2024-2025 is two of the four a two-year
    period needs for 2 a year, though one record."""
    return round((value or 0.0) * period.years)


def per_year(metric: Metric | None) -> bool:
    """Whether `metric`, or a metric it divides, is a per-year rate of the period."""
    if metric is None:
        return False
    parts = [p for p in (metric.numerator, metric.denominator) if isinstance(p, Metric)]
    return metric.per_year or any(per_year(p) for p in parts)


def resolve_value(
    value: Any, *, profile: ClusterProfile, period: Period, as_of: date | None = None
) -> Any:
    """A condition value with `$country`, `$region`, `$period_start`, `$period_end`,
    `$as_of`, `$founded` and their offsets (`$period_end-2y`, `$as_of-12m`,
    `$period_end-2y+1d`: the days first, then the months, so two years back from the
    day after the end) replaced;
    other values as given.

    `$country`/`$region`/`$founded` are None when the profile lacks them (and then match
    nothing); `$as_of` is the assessment's date, or the period's end without one.
    """
    if not is_variable(value):
        return value
    use = parse_variable(value)  # ValueError: unknown (criteria.rules.VARIABLES)
    base = _VALUES[use.variable.name](profile, period, as_of)
    if base is None or not (use.months or use.days):
        return base
    return shift(base + timedelta(days=use.days), use.months)


def year_only(value: Any) -> bool:
    """A date value known to its year only: `$founded` (with an offset or not), which the
    profile gives as a year."""
    return is_variable(value) and parse_variable(value).variable.name == "founded"


def founded_on(profile: ClusterProfile) -> date | None:
    """`$founded`: 1 January of the profile's founding year (None: the profile has none)."""
    return None if profile.founded is None else date(profile.founded, 1, 1)


# What each variable of `criteria.rules.VARIABLES` stands for (offsets: `parse_variable`).
_VALUES: dict[str, Callable[[ClusterProfile, Period, date | None], Any]] = {
    "country": lambda profile, _, __: profile.country,
    "region": lambda profile, _, __: profile.region,
    "period_start": lambda _, period, __: period.start,
    "period_end": lambda _, period, __: period.end,
    "as_of": lambda _, period, as_of: period.end if as_of is None else as_of,
    "founded": lambda profile, _, __: founded_on(profile),
}
assert set(_VALUES) == set(VARIABLES), "criteria.rules.VARIABLES differ"
