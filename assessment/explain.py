"""Words for numbers: the one-line explanation of a value, the next step of a gap, and
the records an indicator nearly counted (`--explain`).

An auditor reads "34 member records (committed = true) active on 2024-12-31" and can
reproduce it; a manager reads "6 more member records (committed = true) active on
2025-12-31" and knows what to collect. Both come from the metric itself, so a user's
own catalogue gets the same sentences without code.
"""

from __future__ import annotations

import math
from typing import Any

from criteria.models import FieldRef, Indicator, LastYears, Metric, Step

from .period import Period
from .snapshot import IndicatorResult


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "no value"
    text = (
        f"{value:,.0f}"
        if abs(value - round(value)) < 1e-9
        else f"{value:,.2f}".rstrip("0").rstrip(".")  # 12.999 -> "13", not "13."
    )
    return f"{text}{unit}"


def _cond(name: str, cond: Any) -> str:
    if name == "any_of" and isinstance(cond, list):
        # "committed = yes or fee_paying = yes"; an alternative of several tests in brackets
        alternatives = [
            "; ".join(_cond(k, v) for k, v in alt.items())
            if len(alt) == 1
            else "(" + "; ".join(_cond(k, v) for k, v in alt.items()) + ")"
            for alt in cond
        ]
        return " or ".join(alternatives)
    if isinstance(cond, dict):
        ops = {"gte": ">=", "lte": "<=", "gt": ">", "lt": "<", "ne": "not", "contains": "has"}
        return ", ".join(
            f"{name} {'is empty' if v else 'is given'}"
            if op == "missing"
            else f"{name} {ops.get(op, op)} {_val(v)}"
            for op, v in cond.items()
        )
    if isinstance(cond, list):
        return f"{name} in ({', '.join(_val(v) for v in cond)})"
    return f"{name} = {_val(cond)}"


def _val(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, FieldRef):  # another field of the record
        return value.field if value.times is None else f"{value.times:g} x {value.field}"
    return str(value)


def where_text(where: dict[str, Any] | None) -> str:
    return f" ({'; '.join(_cond(k, v) for k, v in where.items())})" if where else ""


def scope_text(metric: Metric, period: Period) -> str:
    scope = metric.scope
    if isinstance(scope, LastYears):
        return f"dated in the {scope.last_years} years up to {period.end}"
    return {
        "in_period": f"in {period.start}..{period.end}",
        "active_at_end": f"active on {period.end}",
        "all": f"up to {period.end}",
    }[scope]


def explain(metric: Metric, value: float | None, period: Period) -> str:
    """One line that says what was counted and where, so the value can be reproduced."""
    per = " per year" if metric.per_year else ""
    if metric.aggregate == "ratio":
        assert isinstance(metric.numerator, Metric) and metric.denominator is not None
        return (
            f"{number(value)}{per} = [{explain(metric.numerator, None, period)}] / "
            f"[{explain(metric.denominator, None, period)}]"
        ).replace("no value ", "")
    base = f"{metric.kind} records{where_text(metric.where)} {scope_text(metric, period)}"
    v = number(value)
    match metric.aggregate:
        case "count":
            return f"{v} {base}{per}"
        case "count_distinct" if metric.groups:
            return f"{v} of the groups {', '.join(metric.groups)}{per} among {base}"
        case "count_distinct":
            return f"{v} distinct {metric.field}{per} among {base}"
        case "sum" | "mean" | "min" | "max":
            how = _attribution(metric)
            return f"{metric.aggregate} of {metric.field}{how} = {v}{per} over {base}"
        case "latest":
            return f"latest {metric.field} = {v} among {base}"
        case "exists":
            return ("found: " if value else "none found: ") + base
        case "share":
            numer = metric.numerator if isinstance(metric.numerator, dict) else {}
            weight = f" by {metric.field}" if metric.field else ""
            return f"{number(value, ' %')}{weight} match{where_text(numer)} among {base}"
        case "growth":
            return (
                f"{number(value, ' %')} change in {metric.kind} records"
                f"{where_text(metric.where)} active on {period.day_before} and on {period.end}"
            )
        case "age_years":
            records = f"the earliest of the {metric.kind} records{where_text(metric.where)}"
            if metric.since:  # the profile's founding year counts when it is earlier
                records = f"the earlier of {metric.since} (the profile) and {records}"
            return f"{v} years from {records} to {period.end}"
    return f"{v}{per}"


def _attribution(metric: Metric) -> str:
    if metric.pro_rata:
        return " (pro rata to the days in the period)"
    if metric.time_weighted:
        return " (averaged over the period's days)"
    return ""


def need(
    indicator: Indicator,
    value: float | None,
    step: Step,
    period: Period,
    count_now: int | None = None,
) -> tuple[str, int]:
    """What the next step asks for, in evidence terms, and a rough effort (actions)."""
    metric = indicator.metric
    if metric is None:
        assert indicator.judgement is not None
        level = next(
            (lv for lv in indicator.judgement.levels if lv.points >= step.points),
            indicator.judgement.levels[-1],
        )
        return (
            f"an assessor's judgement of at least {level.points:g} points: {level.description}",
            2,
        )
    target = step.threshold
    base = f"{metric.kind} records{where_text(metric.where)} {scope_text(metric, period)}"
    if metric.aggregate == "count":
        have = value or 0.0
        if metric.per_year:
            missing = math.ceil(target * period.years - 1e-9) - (count_now or 0)
        else:
            missing = math.ceil(target - have - 1e-9)
        missing = max(1, missing)
        return f"{missing} more {base}", missing
    if metric.aggregate == "exists":
        return f"a {base}", 1
    if metric.aggregate == "count_distinct":
        missing = max(1, math.ceil(target - (value or 0.0) - 1e-9))
        what = (
            f"of the groups {', '.join(metric.groups)}"
            if metric.groups
            else (f"distinct {metric.field}")
        )
        return f"{missing} more {what} among {base}", missing
    unit = " %" if metric.aggregate in ("share", "growth") else ""
    direction = "at most" if step.at_most is not None else "at least"
    return (
        f"{indicator.title}: {direction} {number(target, unit)}"
        f"{' per year' if metric.per_year else ''} (now {number(value, unit)})",
        3,
    )


def why_not_lines(result: IndicatorResult) -> list[str]:
    """`clex assess --explain ID`: what an indicator counted and, record by record, what
    it nearly counted (`assessment.why_not`): the one condition each record failed."""
    value = number(result.value)
    lines = [f"{result.id} {result.title}: {value}", f"  {result.explanation}"]
    if result.method != "metric":
        return lines
    lines.append(f"  counted: {len(result.evidence_ids)} record(s)")
    if not result.not_counted_total:
        lines.append("  not counted for just one condition: none")
        return lines
    lines.append(f"  not counted for just one condition: {result.not_counted_total}")
    for miss in result.not_counted:
        side = f" [{miss.part}]" if miss.part else ""
        lines.append(
            f"  - {miss.id} {miss.title} ({miss.start}, {miss.status}){side}: "
            f"needs {miss.condition}"
        )
    more = result.not_counted_total - len(result.not_counted)
    if more > 0:
        lines.append(
            f"  ... and {more} more (the snapshot lists the newest {len(result.not_counted)})"
        )
    return lines
