"""What a step takes: its effort in the catalogue's words, its cost, and whether it can be
done before the audit at all.

Why: a path that counted every indicator as one step proposed "102 more communication
records" next to "one approved strategy" as if they weighed the same, and proposed
steps no work can make (an older organisation, growth over a period that has passed).
So every step gets an effort from a fixed vocabulary (`criteria.models.Effort`, the
catalogue's `effort` key on an indicator or a step) and a cost the Gold path minimises.

The cost model, in effort units (one unit: entering one record of something that exists
or happened; the other prices are rough multiples of it, a manager's order of magnitude):

| effort          | what it is                                  | before the audit | later period |
|-----------------|---------------------------------------------|------------------|--------------|
| `records`       | records of what exists or happened, entered | 1 per record     | the same     |
| `document`      | a document written, approved or collected   | 5 per document   | the same     |
| `survey`        | a member survey run and its result recorded | 10 per survey    | the same     |
| `judgement`     | work an assessor judges (a better strategy) | 5 per level      | the same     |
| `activity_year` | a year of activity in the period            | cannot be done   | 3 per item   |
| (an age)        | `age_years`, whatever its effort word       | cannot be done   | 3 per year   |

How many: a count asks for the records it is short of (per year: times the period's
years, less those it has); distinct values the values missing; a share of records the
matching records to add (k with (part + k) / (whole + k) at the step: what happened and
was not entered, never records re-typed); a
judgement the levels climbed; the newest record's value (`latest`: a survey's
satisfaction) one record, whatever the rungs (one survey scoring 70 climbs from none to
the Gold step; it cost two); anything else one per ladder rung climbed.

Not before the audit, whatever the catalogue says: an age (it grows with time only) and
growth over the period (the period is over: `check_as_of` holds every assessment's date
on or after its end). A catalogue marks the other steps that need new activity in the
period (events, newsletters per year) `activity_year`: only what did happen can still be
recorded, and the period has ended.

For an audit of a later period (the plan when none reaches Gold before the audit, see
`assessment.gaps.gold_plan`): a step that needs a year of activity costs 3 units per
item of activity (an event held, a newsletter sent: doing it is about twice the work of
recording it), growth counts as activity too (recruiting over the next period: 3 per
rung climbed), the other steps cost what they cost before the audit. An age is reached
by waiting: 3 units for each whole year it is short of its step, said as the years the
cluster must grow older (a cluster a year old is two in a period a year later). An age
without a value (no founding year, no statutes) stays out of reach: waiting does not
date the founding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from criteria.models import Effort, Indicator, Step, counts_items
from evidence.messages import M, Mp, Msg

from .period import Period, whole_count
from .snapshot import IndicatorResult

UNIT_COST: dict[Effort, float] = {"records": 1, "document": 5, "survey": 10, "judgement": 5}
ACTIVITY_COST = 3.0  # per item of activity, for an audit of a later period


@dataclass(frozen=True)
class StepEffort:
    kind: Effort
    quantity: int  # records, documents, surveys, levels or rungs
    cost: float | None  # effort units; None: cannot be done before the audit
    text: Msg  # the effort in words: "12 records", "1 document", "a year of activity"
    blocked: Msg | None  # why it cannot be done before the audit
    # its cost for an audit of a later period: `cost` when it can be done before the
    # audit, `ACTIVITY_COST` per item when it needs a year of activity, and per year an
    # age is short of its step (a cluster a year old is two in a period a year later);
    # None: not even then (an age without a value)
    later_cost: float | None = None


def effort_kind(indicator: Indicator, step: Step | None = None) -> Effort:
    """The step's own `effort`, else the indicator's, else one from its metric."""
    if step is not None and step.effort is not None:
        return step.effort
    if indicator.effort is not None:
        return indicator.effort
    metric = indicator.metric
    if metric is None:
        return "judgement"
    if metric.aggregate in ("age_years", "growth") or metric.per_year:
        return "activity_year"
    if metric.aggregate == "exists" or metric.kind == "document":
        return "document"
    if metric.kind == "survey":
        return "survey"
    return "records"


def _never(indicator: Indicator) -> Msg | None:
    """Why no work before the audit can make this indicator's step, whatever its effort."""
    aggregate = indicator.metric.aggregate if indicator.metric else None
    if aggregate == "age_years":
        return M("an age grows with time only")
    if aggregate == "growth":
        return M("the growth over a period that has ended cannot change")
    return None


def _older(res: IndicatorResult, step: Step) -> int | None:
    """The whole years an age is short of `step`: nothing but time makes it greater, and
    time does; None when it has no value (waiting does not date a founding)."""
    if res.value is None or step.at_least is None:
        return None
    return max(1, math.ceil(step.at_least - res.value - 1e-9))


def quantity(indicator: Indicator, res: IndicatorResult, step: Step, period: Period) -> int:
    """How many records, documents, levels or rungs the step asks for (at least 1)."""
    metric = indicator.metric
    target = step.threshold
    have = res.value or 0.0
    if metric is None:  # a judgement: the levels climbed
        assert indicator.judgement is not None
        levels = indicator.judgement.levels
        return max(1, sum(1 for lv in levels if res.points < lv.points <= step.points))
    match metric.aggregate:
        case _ if counts_items(metric):  # a count, or items added up (C5): the items short
            if metric.per_year:
                missing = math.ceil(target * period.years - 1e-9) - whole_count(have, period)
            else:
                missing = math.ceil(target - have - 1e-9)
            return max(1, missing)
        case "count_distinct":
            return max(1, math.ceil(target - have - 1e-9))
        case "exists" | "latest":  # one record, or the newest with the value: one
            return 1
        case "share" if not metric.field and step.at_least is not None:
            # records added that match (what happened and was not entered), not records
            # re-typed: 24 SMEs of 42 companies reach 60 % with 3 more SMEs (27 of 45),
            # where "2 records" read as two large companies turned into SMEs
            whole = len(res.evidence_ids)
            share, part = target / 100, round(have / 100 * whole)  # a count of records
            if share >= 1:
                return max(1, math.ceil(whole - part - 1e-9))
            return max(1, math.ceil((share * whole - part) / (1 - share) - 1e-9))
    return max(1, sum(1 for s in indicator.points if res.points < s.points <= step.points))


def step_effort(
    indicator: Indicator, res: IndicatorResult, step: Step, period: Period
) -> StepEffort:
    """What reaching `step` from where `res` stands takes, and what it costs."""
    kind = effort_kind(indicator, step)
    n = quantity(indicator, res, step, period)
    blocked = _never(indicator)
    if indicator.metric is not None and indicator.metric.aggregate == "age_years":
        years = _older(res, step)
        text = (
            Mp("{n} year older", "{n} years older", n=years)
            if years
            else M("a founding date (statutes, or the founding year)")
        )
        later = None if years is None else ACTIVITY_COST * years
        return StepEffort(
            kind=kind, quantity=n, cost=None, text=text, blocked=blocked, later_cost=later
        )
    if blocked is None and kind == "activity_year":
        # what the records hold is short of the step: only what did happen and is not
        # recorded yet can still be entered ("it takes a year of activity" was said of
        # services offered all year that the records held but did not count)
        blocked = M(
            "it takes more activity in the period than is recorded, and the period has "
            "ended: what did happen and is not recorded yet can still be entered"
        )
    match kind:
        case "records":
            text = Mp("{n} record", "{n} records", n=n)
        case "document":
            text = Mp("{n} document", "{n} documents", n=n)
        case "survey":
            text = Mp("{n} member survey", "{n} member surveys", n=n)
        case "judgement":
            text = Mp(
                "{n} level higher in the assessor's judgement",
                "{n} levels higher in the assessor's judgement",
                n=n,
            )
        case _:
            text = M("a year of activity")
    cost = None if blocked is not None else UNIT_COST[kind] * n
    later = cost if cost is not None else ACTIVITY_COST * n
    return StepEffort(
        kind=kind, quantity=n, cost=cost, text=text, blocked=blocked, later_cost=later
    )
