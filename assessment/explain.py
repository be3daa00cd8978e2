"""Words for numbers: the one-line explanation of a value, the next step of a gap, and
the records an indicator nearly counted (`--explain`).

An auditor reads "member records (committed is yes) active on 31 Dec 2024: 34" and can
reproduce it; a manager reads "6 more member records (committed is yes) active on
31 Dec 2025" and knows what to collect. Both come from the metric itself, so a user's
own catalogue gets the same sentences without code. They are messages
(`evidence.messages`), built of the pieces of `assessment.wording`, so a report says
them in its language and the command line in English.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any, get_args

from criteria.models import Indicator, Metric, Step, metric_unit
from evidence.messages import Arg, M, Mp, Msg, Unit, apart, joined, num, term
from evidence.models import ClusterProfile
from evidence.terms import N_

from .period import Period, resolve_value, whole_count, year_only
from .snapshot import Concern, IndicatorResult
from .wording import conditions, field_term, more_records, records, scope_text


def value_arg(
    value: float | None, unit: Unit | str = "", words: str = "", digits: int = 2
) -> Arg | Msg:
    """A value with its unit (`words`: the catalogue's unit words), or "no value"."""
    if value is None:
        return M("no value")
    known = unit if unit in get_args(Unit) else ""
    return num(value, known, digits, words)  # type: ignore[arg-type]


_SUBJECTS: OrderedDict[tuple[Any, ...], tuple[Metric, Msg]] = OrderedDict()


def _subject(metric: Metric, period: Period, profile: ClusterProfile | None) -> Msg:
    """What a metric counts, without its value ("member records ... active on ...").

    Remembered per metric, period and the profile's variables (the last 4,096): the
    words do not depend on the value, and building them anew for every cluster of a
    benchmark run was a third of its assessments' time. The metric itself is kept with
    its words, so that its `id()` cannot be reused by another metric while the entry
    lives."""
    # the profile's words are its variables' values: clusters of one country share them
    where = (profile.country, profile.region, profile.founded) if profile else None
    key = (id(metric), period, where)
    hit = _SUBJECTS.get(key)
    if hit is not None and hit[0] is metric:
        _SUBJECTS.move_to_end(key)
        return hit[1]
    said = _said(metric, period, profile)
    _SUBJECTS[key] = (metric, said)
    if len(_SUBJECTS) > 4096:
        _SUBJECTS.popitem(last=False)
    return said


def _said(metric: Metric, period: Period, profile: ClusterProfile | None) -> Msg:
    if metric.aggregate == "ratio":
        assert isinstance(metric.numerator, Metric) and metric.denominator is not None
        return M(
            "{numerator}, divided by {denominator}",
            numerator=_subject(metric.numerator, period, profile),
            denominator=_subject(metric.denominator, period, profile),
        )
    base = M(
        "{records} {scope}",
        records=records(metric, profile, period),
        scope=scope_text(metric, period),
    )
    field = field_term(metric.field or "")
    match metric.aggregate:
        case "count" | "exists":
            return base
        case "count_distinct" if metric.groups:
            groups = joined([M("{x}", x=term(f"group:{g}")) for g in metric.groups], "list")
            return M("groups represented ({groups}) among {records}", groups=groups, records=base)
        case "count_distinct":
            return M("different {field} among {records}", field=field, records=base)
        case "sum" | "mean" | "min" | "max" | "latest":
            words = {
                "sum": N_("total {field} over {records}"),
                "mean": N_("average {field} over {records}"),
                "min": N_("lowest {field} among {records}"),
                "max": N_("highest {field} among {records}"),
                "latest": N_("latest {field} among {records}"),
            }
            how = _attribution(metric)
            what = M("{field} {how}", field=field, how=how) if how is not None else field
            return M(words[metric.aggregate], field=what, records=base)
        case "share":
            numer = metric.numerator if isinstance(metric.numerator, dict) else {}
            part = conditions(numer, metric.kind, profile, period) or M("any record")
            if metric.field:
                return M(
                    "share of {field} among {records} where {part}",
                    field=field,
                    records=base,
                    part=part,
                )
            return M("share among {records} where {part}", records=base, part=part)
        case "growth":
            return M(
                "change in the number of {records} active from {before} to {end}",
                records=records(metric, profile, period),
                before=period.day_before,
                end=period.end,
            )
        case "age_years":
            earliest = M("the earliest of the {records}", records=records(metric, profile, period))
            if metric.since:  # the since day counts only when it is earlier
                return _age_since(metric.since, earliest, profile, period)
            return M("age from {start} to {end}", start=earliest, end=period.end)
    return base


def _age_since(since: str, earliest: Msg, profile: ClusterProfile | None, period: Period) -> Msg:
    """What `age_years` counts when it has a `since` day: from the records' earliest day,
    or `since` when it is earlier. `$founded` is a year, and only an earlier year decides
    (`aggregates._age_years`): statutes of the founding year date the founding to their
    day. The sentence said "the earlier of Jan 1, 2025 and the statutes" over a value
    counted from statutes of 1 June 2025, and recomputing it gave a year, not 0.59."""
    from .wording import _variable

    if not year_only(since):
        day = _variable(since, profile, period) if since.startswith("$") else M("{x}", x=since)
        return M(
            "age to {end} from {records}, or from {day} when that is earlier",
            end=period.end,
            records=earliest,
            day=day,
        )
    found = None
    if profile is not None:
        try:
            found = resolve_value(since, profile=profile, period=period)
        except (ValueError, TypeError):
            found = None
    if not isinstance(found, date):
        return M(
            "age to {end} from {records}, or from {founded} when it is in an earlier year",
            end=period.end,
            records=earliest,
            founded=_variable(since, profile, period),
        )
    return M(
        "age to {end} from {records}, or from 1 January {year} (the founding year) when "
        "that year is earlier",
        end=period.end,
        records=earliest,
        year=str(found.year),
    )


def explain(
    metric: Metric,
    value: float | None,
    period: Period,
    profile: ClusterProfile | None = None,
    unit: Unit | None = None,
    words: str = "",
    digits: int = 2,
) -> Msg:
    """One line that says what was counted and where, so the value can be reproduced
    (`digits`: as the result shows its value, `scoring.shown_digits`)."""
    subject = _subject(metric, period, profile)
    if metric.aggregate == "exists":
        text = N_("found: {what}") if value else N_("none found: {what}")
        return M(text, what=subject)
    if metric.aggregate == "growth" and value is None:  # a change from none has no rate
        return M(
            "{what}: no value, as none were active at the start (a growth from none is "
            "no rate; it counts from the next period)",
            what=subject,
        )
    shown = value_arg(value, unit if unit is not None else metric_unit(metric), words, digits)
    if metric.per_year and value is not None:
        return M("{what}: {value} per year", what=subject, value=shown)
    return M("{what}: {value}", what=subject, value=shown)


def _attribution(metric: Metric) -> Msg | None:
    if metric.pro_rata:
        return M("(pro rata to the days in the period)")
    if metric.time_weighted:
        return M("(averaged over the period's days)")
    return None


def need(
    indicator: Indicator,
    value: float | None,
    step: Step,
    period: Period,
    profile: ClusterProfile | None = None,
) -> tuple[Msg, int]:
    """What the next step asks for, in evidence terms, and a rough effort (actions)."""
    metric = indicator.metric
    if metric is None:
        assert indicator.judgement is not None
        level = next(
            (lv for lv in indicator.judgement.levels if lv.points >= step.points),
            indicator.judgement.levels[-1],
        )
        return (
            M(
                "an assessor's judgement of at least {points}: {description}",
                points=num(level.points, "points"),
                description=level.description,
            ),
            2,
        )
    target = step.threshold
    scope = scope_text(metric, period)
    if metric.aggregate in ("count", "exists"):
        if metric.aggregate == "exists":
            missing = 1
        elif metric.per_year:
            missing = math.ceil(target * period.years - 1e-9) - whole_count(value, period)
        else:
            missing = math.ceil(target - (value or 0.0) - 1e-9)
        missing = max(1, missing)
        what = more_records(missing, metric, profile, period)
        return M("{records} {scope}", records=what, scope=scope), missing
    if metric.aggregate == "count_distinct":
        missing = max(1, math.ceil(target - (value or 0.0) - 1e-9))
        among = M("{records} {scope}", records=records(metric, profile, period), scope=scope)
        if metric.groups:
            groups = joined([M("{x}", x=term(f"group:{g}")) for g in metric.groups], "list")
            text = Mp(
                "{n} more of the groups ({groups}) among {records}",
                "{n} more of the groups ({groups}) among {records}",
                n=missing,
                groups=groups,
                records=among,
            )
        else:
            text = Mp(
                "{n} more distinct value of {field} among {records}",
                "{n} more distinct values of {field} among {records}",
                n=missing,
                field=field_term(metric.field or ""),
                records=among,
            )
        return text, missing
    unit = indicator.value_unit
    words = indicator.unit_words or ""
    target_arg = num(target, unit, words=words)
    now = value_arg(value, unit, words, apart(value, target, unit) if value is not None else 2)
    if metric.per_year:
        target_arg = M("{value} per year", value=target_arg)  # type: ignore[assignment]
    said = (
        N_("a value of at most {target} (now {value})")
        if step.at_most is not None
        else N_("a value of at least {target} (now {value})")
    )
    return M(said, target=target_arg, value=now), 3


def why_not_lines(result: IndicatorResult, concerns: Sequence[Concern] = ()) -> list[str]:
    """`clex assess --explain ID`: what an indicator counted, what among it an auditor
    will ask about (the snapshot's concerns naming the indicator: a project the cluster
    only supports, counted in V4) and, record by record, what it nearly counted
    (`assessment.why_not`): the one condition each record failed."""
    shown = value_arg(result.value, result.unit, result.unit_words, result.digits)
    value = str(M("{x}", x=shown))
    lines = [f"{result.id} {result.title}: {value}", f"  {result.explanation}"]
    if result.method != "metric":
        return lines
    lines.append(f"  counted: {_records(len(result.evidence_ids))}")
    for concern in concerns:
        if result.id not in concern.indicators:
            continue
        named = ", ".join(r.id for r in concern.records)
        more = concern.records_total - len(concern.records)
        named += f" and {more} more" if more > 0 else ""
        which = f" ({named})" if named else ""
        lines.append(f"  to check{which}: {concern.what}")
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


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"
