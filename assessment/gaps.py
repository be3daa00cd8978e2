"""What is missing: the next step of every indicator, and the cheapest path to Gold.

A gap is one ladder step up on one indicator, said in evidence terms, with the overall
percentage points it adds and what it takes (`assessment.effort`: an effort word, a
cost, or why it cannot be done before the audit). The Gold path is the cheapest set of
steps (any rung per indicator) that makes every Gold rule hold: every missed eligibility
threshold, every indicator at its Gold step, the total at the pass mark; found exactly
by `assessment.cheapest` (a multiple-choice knapsack) over the steps that can be done
before the audit. When none reaches Gold, the snapshot says what blocks it, and the same
optimiser finds the cheapest path for an audit of a later period: steps that need a year
of activity (events, newsletters, growth) admitted at their cost, an age never. A
manager then still has a plan, marked as one for a later period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from criteria.models import Catalogue, Indicator, Step
from evidence.messages import M, Mp, num
from evidence.models import ClusterProfile

from .cheapest import Option, cheapest, scale_for
from .effort import UNIT_COST, StepEffort, step_effort
from .explain import need
from .judged import Unsettled, held_by_review, settling, with_settling
from .period import Period
from .scoring import max_total, next_step, overall_gain
from .shared import Steps, merged, priced_once, share
from .side_effects import checked
from .snapshot import Gap, IndicatorResult


def _minimum_step(indicator: Indicator, res: IndicatorResult) -> Step | None:
    """The lowest ladder step whose threshold meets the eligibility threshold (`res.minimum`)."""
    minimum = res.minimum
    if minimum is None:
        return None
    if indicator.judgement is not None:
        return Step(
            at_least=minimum,
            points=next(
                (lv.points for lv in indicator.judgement.levels if lv.points >= minimum), minimum
            ),
        )
    if not indicator.points:  # descriptive: no ladder, the threshold itself is the step
        return Step(at_least=minimum, points=0)
    for step in indicator.points:
        ok = step.threshold <= minimum if indicator.lower_is_better else step.threshold >= minimum
        if ok:
            return step
    return indicator.points[-1]


def _judgement_step(indicator: Indicator, points: float) -> Step | None:
    assert indicator.judgement is not None
    nxt = next((lv for lv in indicator.judgement.levels if lv.points > points), None)
    return Step(at_least=nxt.points, points=nxt.points) if nxt else None


# indicator id -> the level its assessors agreed on and the cited records whose status,
# dates or approval alone keep it from scoring (`judged.Verdict.unsettled`)
Settle = Mapping[str, tuple[float, tuple[Unsettled, ...]]]


@dataclass(frozen=True)
class _Plan:
    """What every step of one assessment is worded and priced against: the catalogue,
    the period, the cluster's profile and the judgements waiting only for the reviewer."""

    catalogue: Catalogue
    period: Period
    profile: ClusterProfile | None = None
    settle: Settle | None = None


def _gap(
    plan: _Plan, ind: Indicator, res: IndicatorResult, step: Step, *, fixes_minimum: bool = False
) -> Gap:
    """One step up, in evidence terms, with its effort. A judgement whose agreed level
    reaches the step and scores nothing only because of the records it cites (their
    status, their dates, their approval) takes those records put right, not the levels
    climbed again: a strategy the reviewer asked about, or a KPI report dated by its
    approval after the period, cost "3 levels higher in the assessor's judgement", 15
    units, where one record restores the assessors' level (`judged.settling`)."""
    period = plan.period
    held = (plan.settle or {}).get(ind.id)
    if held is not None and held[0] >= step.points - 1e-9:
        text, n = settling(*held)
        effort = StepEffort(
            kind="records",
            quantity=n,
            cost=UNIT_COST["records"] * n,
            text=Mp("{n} record", "{n} records", n=n),
            blocked=None,
        )
    else:
        text, _ = need(ind, res.value, step, period, plan.profile)
        text = with_settling(text, held_by_review(ind, res.not_counted))
        effort = step_effort(ind, res, step, period)
    gain = overall_gain(plan.catalogue, ind, max(0.0, step.points - res.points))
    return Gap(
        indicator=ind.id,
        area=ind.area,
        points_now=res.points,
        points_next=step.points,
        gain=round(gain, 2),
        effort=effort.quantity,
        need=text,
        fixes_minimum=fixes_minimum,
        effort_kind=effort.kind,
        cost=effort.cost,
        effort_text=effort.text,
        blocked=effort.blocked or "",
    )


def _value(g: Gap) -> float:
    """Overall points per effort unit (a step that cannot be done: none)."""
    return g.gain / max(g.cost, 1e-9) if g.cost is not None else -1.0


def gaps(
    catalogue: Catalogue,
    results: list[IndicatorResult],
    period: Period,
    profile: ClusterProfile | None = None,
    settle: Settle | None = None,
) -> list[Gap]:
    """The next step of each indicator below its maximum, most gain per effort first.

    Required steps come first whatever their gain (`fixes_minimum`): a missed eligibility
    threshold (no label without it), or a next step that brings an indicator up to its
    Gold step (no Gold without it), as in the Gold path. Steps that cannot be done before
    the audit come after the others of their rank: shown, not proposed.
    """
    plan = _Plan(catalogue, period, profile, settle)
    out = []
    for res in results:
        ind = catalogue.indicator(res.id)
        if res.minimum_met is False:
            step = _minimum_step(ind, res)
            if step is not None:
                out.append(_gap(plan, ind, res, step, fixes_minimum=True))
                continue
        if res.points >= res.max_points or not res.scored:
            continue
        held = (settle or {}).get(ind.id)
        if held is not None and held[0] > res.points:  # settled, the whole agreed level
            step = Step(at_least=held[0], points=held[0])
        elif ind.judgement is not None:
            step = _judgement_step(ind, res.points)
        else:
            step = next_step(ind, res.points)
        if step is not None:
            gold = res.gold_points
            required = res.gold_met is False and gold is not None and step.points >= gold
            out.append(_gap(plan, ind, res, step, fixes_minimum=required))
    ineligible = {r.id for r in results if r.minimum_met is False}
    out.sort(
        key=lambda g: (
            g.indicator not in ineligible,  # no label at all without these
            not g.fixes_minimum,
            g.cost is None,
            -_value(g),
            g.indicator,
        )
    )
    return out


def cheapest_gain(found: list[Gap]) -> Gap | None:
    """The single next step that adds the most overall points per effort unit, of those
    that can be done before the audit (fewer units, then the indicator id, on a tie)."""
    doable = [g for g in found if g.cost is not None and g.gain > 0]
    return min(doable, key=lambda g: (-_value(g), g.cost, g.indicator), default=None)


@dataclass(frozen=True)
class GoldPlan:
    path: list[Gap]  # the cheapest steps that make the Gold rules hold
    blocked: list[Gap]  # what no work before the audit can do, when Gold is out of reach
    reach: float | None  # the highest total the doable steps reach, when short of the mark
    # None: `path` is the plan before the audit (or Gold holds); True: none reaches Gold
    # before the audit, `path` is the cheapest for an audit of a later period; False:
    # not even that reaches Gold (an age, or the total)
    later: bool | None = None


def _rungs(ind: Indicator, res: IndicatorResult) -> list[Step]:
    """Every step above the indicator's points (a judgement's levels as steps)."""
    if not res.scored:
        return []
    if ind.judgement is not None:
        return [
            Step(at_least=lv.points, points=lv.points)
            for lv in ind.judgement.levels
            if lv.points > res.points + 1e-9
        ]
    return [s for s in ind.points if s.points > res.points + 1e-9]


def _required(ind: Indicator, res: IndicatorResult) -> Step | None:
    """The step a Gold rule requires: the higher of a missed eligibility threshold's step
    and the Gold step the indicator is below."""
    needed = [
        s
        for s in (
            _minimum_step(ind, res) if res.minimum_met is False else None,
            ind.gold_step if res.gold_met is False else None,
        )
        if s is not None
    ]
    return max(needed, key=lambda s: s.points) if needed else None


@dataclass(frozen=True)
class _Offer:
    """One indicator's rungs, as steps before the audit (`now`: cost None when it cannot
    be done) and for an audit of a later period (`later`: activity at its cost, marked
    `later`; cost None: never, an age)."""

    now: list[Gap]
    later: list[Gap]
    must: bool  # a Gold rule requires one of them


def _offer(plan: _Plan, ind: Indicator, res: IndicatorResult) -> _Offer:
    required = _required(ind, res)
    rungs = _rungs(ind, res)
    held = (plan.settle or {}).get(ind.id)
    settles = (
        held is not None
        and held[0] > res.points
        and (required is None or held[0] >= required.points - 1e-9)
    )
    if held is not None and settles:
        # putting the records right gives the agreed level back, no lower rung and no
        # higher one: those would be the assessors judging again
        rungs = [Step(at_least=held[0], points=held[0])]
    if required is not None:
        rungs = [s for s in rungs if s.points >= required.points - 1e-9] or [required]
    now: list[Gap] = []
    later: list[Gap] = []
    gold = ind.gold_step
    for step in rungs:
        gap = _gap(plan, ind, res, step, fixes_minimum=required is not None)
        if (
            not settles  # the agreed level is no choice of the path's
            and required is not None
            and gold is not None
            and required.points <= gold.points + 1e-9  # not an eligibility minimum above it
            and step.points > gold.points + 1e-9
        ):
            # "required: at least 4 points" read as if the Gold step were 4, not 3: the
            # step past it is the path's choice for the total, and it says so
            gap = gap.model_copy(
                update={
                    "need": M(
                        "{need} (past its Gold step, {gold}: the rest counts toward the total)",
                        need=gap.need,
                        gold=num(gold.points, "points"),
                    )
                }
            )
        now.append(gap)
        if gap.cost is not None:
            later.append(gap)
        else:
            cost = step_effort(ind, res, step, plan.period).later_cost
            later.append(gap.model_copy(update={"cost": cost, "later": cost is not None}))
    return _Offer(now=now, later=later, must=required is not None)


def _cheapest_path(
    catalogue: Catalogue,
    results: list[IndicatorResult],
    steps: list[tuple[list[Gap], bool]],
    target: float | None,
) -> tuple[list[Gap] | None, float]:
    """The cheapest steps (those with a cost) that make the Gold rules hold, or None;
    with the most weighted points the steps could add (`assessment.cheapest`)."""
    top = max_total(catalogue)
    now = sum(r.points * catalogue.indicator(r.id).weight for r in results if r.scored)
    weight = {r.id: catalogue.indicator(r.id).weight for r in results}
    gains = {
        id(g): max(0.0, g.points_next - g.points_now) * weight[g.indicator]
        for offered, _ in steps
        for g in offered
    }
    mark = (target or 0.0) / 100 * top
    scale = scale_for([*gains.values(), mark, now])
    groups: list[list[Option[Steps]]] = []
    by_work: dict[str, list[list[Option[Steps]]]] = {}  # groups whose work one survey does
    for offered, must in steps:
        options: list[Option[Steps]] = [] if must else [Option(gain=0, cost=0.0)]
        options += [
            Option(gain=round(gains[id(g)] * scale), cost=g.cost, key=(g,))
            for g in offered
            if g.cost is not None
        ]
        work = share(catalogue, offered)
        if work is None:
            groups.append(options)
        else:
            by_work.setdefault(work, []).append(options)
    groups += [merged(shared) for shared in by_work.values()]
    need_units = round(mark * scale) - round(now * scale) if target is not None else 0
    chosen = cheapest(groups, need_units)
    best = sum(max((o.gain for o in options), default=0) for options in groups) / scale
    if chosen is None:
        return None, best
    path = [g for o in chosen if o.key is not None for g in o.key]
    return _order(priced_once(path, catalogue)), best


def gold_plan(
    catalogue: Catalogue,
    results: list[IndicatorResult],
    overall: float,
    period: Period,
    target: float | None,
    profile: ClusterProfile | None = None,
    settle: Settle | None = None,
) -> GoldPlan:
    """The cheapest steps to Gold before the audit (`assessment.cheapest`); when none
    reaches it, what blocks it and the cheapest steps for an audit of a later period
    (a year of activity admitted at its cost, `assessment.effort`), if any."""
    plan = _Plan(catalogue, period, profile, settle)
    offers = [_offer(plan, catalogue.indicator(r.id), r) for r in results]
    blockers = [o.now[0] for o in offers if o.must and all(g.cost is None for g in o.now)]
    reach = None
    if not blockers:
        path, best = _cheapest_path(catalogue, results, [(o.now, o.must) for o in offers], target)
        if path is not None:
            return GoldPlan(path=checked(catalogue, results, path), blocked=[], reach=None)
        top = max_total(catalogue)
        reach = round(overall + 100 * best / top, 2) if top else overall
        for offer in offers:
            cannot = [g for g in offer.now if g.cost is None]
            if cannot:
                blockers.append(max(cannot, key=lambda g: g.points_next))
    later, _ = _cheapest_path(catalogue, results, [(o.later, o.must) for o in offers], target)
    if later is not None:
        path = checked(catalogue, results, later)
        return GoldPlan(path=path, blocked=_order(blockers), reach=reach, later=True)
    # not even for a later period: what no later period changes (an age without a value)
    # first
    never = {(g.indicator, g.points_next) for o in offers for g in o.later if g.cost is None}
    blockers = sorted(_order(blockers), key=lambda g: (g.indicator, g.points_next) not in never)
    return GoldPlan(path=[], blocked=blockers, reach=reach, later=False)


def _order(path: list[Gap]) -> list[Gap]:
    """Required steps first, then the largest gains (the report adds them up in order)."""
    return sorted(path, key=lambda g: (not g.fixes_minimum, -g.gain, g.indicator))


def gold_path(
    catalogue: Catalogue,
    results: list[IndicatorResult],
    overall: float,
    period: Period,
    target: float | None,
) -> list[Gap]:
    """The cheapest steps to Gold: before the audit, else for an audit of a later period;
    empty when Gold holds or no steps reach it (`gold_plan` says which)."""
    return gold_plan(catalogue, results, overall, period, target).path
