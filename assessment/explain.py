"""Words for numbers: the one-line explanation of a value, the next step of a gap, and
the records an indicator nearly counted (`--explain`).

An auditor reads "34 member records (committed is yes) active on 2024-12-31" and can
reproduce it; a manager reads "6 more member records (committed is yes) active on
2025-12-31" and knows what to collect. Both come from the metric itself, so a user's
own catalogue gets the same sentences without code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from criteria.models import FieldRef, Indicator, LastYears, Metric, Step
from evidence.models import KINDS, ClusterProfile, FieldInfo, kind_fields

from .period import Period, resolve_value
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


def where_text(where: Mapping[str, Any] | None, kind: str | None) -> str:
    """A metric's `where` (or a share's numerator) in brackets, in `describe`'s words."""
    if not where:
        return ""
    fields = kind_fields(kind) if kind in KINDS else {}
    return f" ({'; '.join(describe(k, v, fields) for k, v in where.items())})"


_OPERATORS = {
    "gte": "at least",
    "lte": "at most",
    "gt": "more than",
    "lt": "less than",
    "ne": "is not",
    "contains": "contains",
}


def _where(metric: Metric) -> str:
    return where_text(metric.where, metric.kind)


def describe(
    name: str,
    cond: Any,
    fields: Mapping[str, FieldInfo],
    profile: ClusterProfile | None = None,
    period: Period | None = None,
) -> str:
    """One entry of a `where` mapping in words: "committed is yes", "participants at
    least 10", "any of: (committed is yes) or (fee_paying is yes)". With a profile and a
    period a `$variable` is shown with what it stands for ("CZ ($country)"), without
    them as written. Any shape it does not know is written out as it stands, never an
    error. The one wording of conditions: explanations, gaps and near misses use it."""
    info = fields.get(name)
    listed = info is not None and info.type == "list"

    def value(v: Any) -> str:
        return _value(v, profile, period)

    if isinstance(cond, list) and cond and all(isinstance(c, Mapping) for c in cond):
        # "committed is yes or fee_paying is yes"; an alternative of several tests in brackets
        alternatives = [
            "; ".join(describe(k, v, fields, profile, period) for k, v in c.items()) or "anything"
            for c in cond
        ]
        return " or ".join(
            a if len(c) == 1 else f"({a})" for a, c in zip(alternatives, cond, strict=True)
        )
    if isinstance(cond, Mapping) and name not in fields and not _is_operators(cond):
        return "; ".join(describe(k, v, fields, profile, period) for k, v in cond.items())
    if isinstance(cond, Mapping):
        tests = []
        for op, v in cond.items():
            if op == "missing":
                tests.append(f"{name} {'has no value' if v else 'has a value'}")
            elif op == "contains" and listed:
                tests.append(f"{name} includes {value(v)}")
            elif op in _OPERATORS:
                tests.append(f"{name} {_OPERATORS[op]} {value(v)}")
            else:
                tests.append(f"{name} {op} {value(v)}")
        return " and ".join(tests)
    if isinstance(cond, list):
        return f"{name} {'includes one of' if listed else 'is one of'} {value(cond)}"
    return f"{name} {'includes' if listed else 'is'} {value(cond)}"


def _is_operators(cond: Mapping[str, Any]) -> bool:
    return bool(cond) and all(op in _OPERATORS or op == "missing" for op in cond)


def _value(v: Any, profile: ClusterProfile | None, period: Period | None) -> str:
    """A condition's value in words: yes/no, a `$variable` with what it stands for
    here, a value relative to the record's own field ("0.3 × invited")."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, FieldRef):  # the catalogue's parsed form of {field: .., times: ..}
        v = v.model_dump(exclude_none=True)
    if isinstance(v, list):
        return ", ".join(_value(x, profile, period) for x in v)
    if isinstance(v, Mapping):
        if "field" in v and set(v) <= {"field", "times"}:
            times = v.get("times", 1)
            return f"its own {v['field']}" if times == 1 else f"{times:g} × its own {v['field']}"
        return ", ".join(f"{k}: {_value(x, profile, period)}" for k, x in v.items())
    if isinstance(v, str) and v.startswith("$"):
        if profile is None or period is None:
            return v
        try:
            resolved = resolve_value(v, profile=profile, period=period)
        except (ValueError, TypeError):
            return v
        if resolved is None:
            return f"{v} (which the cluster's profile does not give)"
        return f"{resolved} ({v})"
    return str(v)


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
    base = f"{metric.kind} records{_where(metric)} {scope_text(metric, period)}"
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
            equals = "" if value is None else f" = {v}"  # a ratio's side has no value of its own
            return f"{metric.aggregate} of {metric.field}{how}{equals}{per} over {base}"
        case "latest":
            return f"latest {metric.field} = {v} among {base}"
        case "exists":
            return ("found: " if value else "none found: ") + base
        case "share":
            numer = metric.numerator if isinstance(metric.numerator, dict) else {}
            weight = f" by {metric.field}" if metric.field else ""
            return (
                f"{number(value, ' %')}{weight} match{where_text(numer, metric.kind)} among {base}"
            )
        case "growth":
            return (
                f"{number(value, ' %')} change in {metric.kind} records"
                f"{_where(metric)} active on {period.day_before} and on {period.end}"
            )
        case "age_years":
            records = f"the earliest of the {metric.kind} records{_where(metric)}"
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
    base = f"{metric.kind} records{_where(metric)} {scope_text(metric, period)}"
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
