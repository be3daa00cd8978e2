"""What is missing: the next step of every indicator, and the cheapest path to Gold.

A gap is one ladder step up on one indicator, said in evidence terms, with the overall
percentage points it adds and what it takes (`assessment.effort`: an effort word, a
cost, or why it cannot be done before the audit). The Gold path is the cheapest set of
steps (any rung per indicator) that makes every Gold rule hold: every missed eligibility
threshold, every indicator at its Gold step, the total at the pass mark; found exactly
by `assessment.cheapest` (a multiple-choice knapsack) over the steps that can be done
before the audit. When none reaches Gold, the snapshot says what blocks it instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from criteria.models import Catalogue, Indicator, Step
from evidence.models import ClusterProfile

from .cheapest import Option, cheapest, scale_for
from .effort import step_effort
from .explain import need
from .period import Period
from .scoring import max_total, next_step, overall_gain
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


def _gold_step(indicator: Indicator) -> Step | None:
    """The step (or level, as a step) marked `gold: true`."""
    if indicator.judgement is not None:
        level = next((lv for lv in indicator.judgement.levels if lv.gold), None)
        return Step(at_least=level.points, points=level.points) if level else None
    return next((s for s in indicator.points if s.gold), None)


def _judgement_step(indicator: Indicator, points: float) -> Step | None:
    assert indicator.judgement is not None
    nxt = next((lv for lv in indicator.judgement.levels if lv.points > points), None)
    return Step(at_least=nxt.points, points=nxt.points) if nxt else None


def _gap(
    catalogue: Catalogue,
    ind: Indicator,
    res: IndicatorResult,
    step: Step,
    period: Period,
    *,
    fixes_minimum: bool = False,
    profile: ClusterProfile | None = None,
) -> Gap:
    count_now = len(res.evidence_ids) if ind.metric and ind.metric.aggregate == "count" else None
    text, _ = need(ind, res.value, step, period, count_now, profile)
    effort = step_effort(ind, res, step, period)
    gain = overall_gain(catalogue, ind, max(0.0, step.points - res.points))
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
) -> list[Gap]:
    """The next step of each indicator below its maximum, most gain per effort first.

    Required steps come first whatever their gain (`fixes_minimum`): a missed eligibility
    threshold (no label without it), or a next step that brings an indicator up to its
    Gold step (no Gold without it), as in the Gold path. Steps that cannot be done before
    the audit come after the others of their rank: shown, not proposed.
    """
    out = []
    for res in results:
        ind = catalogue.indicator(res.id)
        if res.minimum_met is False:
            step = _minimum_step(ind, res)
            if step is not None:
                out.append(
                    _gap(catalogue, ind, res, step, period, fixes_minimum=True, profile=profile)
                )
                continue
        if res.points >= res.max_points or not res.scored:
            continue
        step = (
            _judgement_step(ind, res.points)
            if ind.judgement is not None
            else next_step(ind, res.points)
        )
        if step is not None:
            gold = res.gold_points
            required = res.gold_met is False and gold is not None and step.points >= gold
            out.append(
                _gap(catalogue, ind, res, step, period, fixes_minimum=required, profile=profile)
            )
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
            _gold_step(ind) if res.gold_met is False else None,
        )
        if s is not None
    ]
    return max(needed, key=lambda s: s.points) if needed else None


def gold_plan(
    catalogue: Catalogue,
    results: list[IndicatorResult],
    overall: float,
    period: Period,
    target: float | None,
    profile: ClusterProfile | None = None,
) -> GoldPlan:
    """The cheapest steps to Gold (`assessment.cheapest`), or what blocks it."""
    offers: list[tuple[Indicator, IndicatorResult, list[Gap], bool]] = []
    blockers: list[Gap] = []
    for res in results:
        ind = catalogue.indicator(res.id)
        required = _required(ind, res)
        rungs = _rungs(ind, res)
        if required is not None:
            rungs = [s for s in rungs if s.points >= required.points - 1e-9] or [required]
        offered = [
            _gap(
                catalogue, ind, res, s, period, fixes_minimum=required is not None, profile=profile
            )
            for s in rungs
        ]
        if required is not None and all(g.cost is None for g in offered):
            blockers.append(offered[0])
        offers.append((ind, res, offered, required is not None))
    if blockers:
        return GoldPlan(path=[], blocked=_order(blockers), reach=None)
    top = max_total(catalogue)
    now = sum(r.points * catalogue.indicator(r.id).weight for r in results if r.scored)
    gains = {
        id(g): max(0.0, g.points_next - g.points_now) * ind.weight
        for ind, _, gs, _ in offers
        for g in gs
    }
    mark = (target or 0.0) / 100 * top
    scale = scale_for([*gains.values(), mark, now])
    groups: list[list[Option[Gap]]] = []
    for _, _, offered, must in offers:
        options: list[Option[Gap]] = [] if must else [Option(gain=0, cost=0.0)]
        options += [
            Option(gain=round(gains[id(g)] * scale), cost=g.cost, key=g)
            for g in offered
            if g.cost is not None
        ]
        groups.append(options)
    need_units = round(mark * scale) - round(now * scale) if target is not None else 0
    chosen = cheapest(groups, need_units)
    if chosen is not None:
        return GoldPlan(
            path=_order([o.key for o in chosen if o.key is not None]), blocked=[], reach=None
        )
    best = sum(max(o.gain for o in options) for options in groups) / scale
    reach = round(overall + 100 * best / top, 2) if top else overall
    undoable = []
    for _, _, offered, _ in offers:
        cannot = [g for g in offered if g.cost is None]
        if cannot:
            undoable.append(max(cannot, key=lambda g: g.points_next))
    return GoldPlan(path=[], blocked=_order(undoable), reach=reach)


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
    """The cheapest steps to Gold; empty when Gold holds or cannot be reached before the
    audit (`gold_plan` says which)."""
    return gold_plan(catalogue, results, overall, period, target).path
