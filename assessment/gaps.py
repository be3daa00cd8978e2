"""What is missing: the next step of every indicator, and the shortest path to Gold.

A gap is one ladder step up on one indicator, said in evidence terms, with the overall
percentage points it adds and a rough effort. The Gold path is the fewest such steps
(one per indicator, possibly several rungs at once) that make the Gold rules hold:
first every missed eligibility threshold, then every indicator below its own Gold step,
then the indicators with the largest possible gain until the total reaches the pass
mark. Because each indicator adds to the total independently, taking the largest gains
first is the optimum for "fewest steps".
"""

from __future__ import annotations

from criteria.models import Catalogue, Indicator, Step

from .explain import need
from .period import Period
from .scoring import next_step, overall_gain
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
) -> Gap:
    count_now = len(res.evidence_ids) if ind.metric and ind.metric.aggregate == "count" else None
    text, effort = need(ind, res.value, step, period, count_now)
    gain = overall_gain(catalogue, ind, max(0.0, step.points - res.points))
    return Gap(
        indicator=ind.id,
        area=ind.area,
        points_now=res.points,
        points_next=step.points,
        gain=round(gain, 2),
        effort=effort,
        need=text,
        fixes_minimum=fixes_minimum,
    )


def gaps(catalogue: Catalogue, results: list[IndicatorResult], period: Period) -> list[Gap]:
    """The next step of each indicator below its maximum, most gain per effort first.

    Required steps come first whatever their gain (`fixes_minimum`): a missed eligibility
    threshold (no label without it), or a next step that brings an indicator up to its
    Gold step (no Gold without it), as in the Gold path.
    """
    out = []
    for res in results:
        ind = catalogue.indicator(res.id)
        if res.minimum_met is False:
            step = _minimum_step(ind, res)
            if step is not None:
                out.append(_gap(catalogue, ind, res, step, period, fixes_minimum=True))
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
            out.append(_gap(catalogue, ind, res, step, period, fixes_minimum=required))
    ineligible = {r.id for r in results if r.minimum_met is False}
    out.sort(
        key=lambda g: (
            g.indicator not in ineligible,  # no label at all without these
            not g.fixes_minimum,
            -g.gain / max(g.effort, 1),
            g.indicator,
        )
    )
    return out


def gold_path(
    catalogue: Catalogue,
    results: list[IndicatorResult],
    overall: float,
    period: Period,
    target: float | None,
) -> list[Gap]:
    """The fewest steps to Gold: missed eligibility thresholds, indicators below their
    Gold step (to the higher of the two where both apply), then the largest gains until
    the total reaches `target`."""
    path: list[Gap] = []
    gained = 0.0
    done: set[str] = set()
    for res in results:
        ind = catalogue.indicator(res.id)
        needed = [
            s
            for s in (
                _minimum_step(ind, res) if res.minimum_met is False else None,
                _gold_step(ind) if res.gold_met is False else None,
            )
            if s is not None
        ]
        if needed:
            step = max(needed, key=lambda s: s.points)
            gap = _gap(catalogue, ind, res, step, period, fixes_minimum=True)
            path.append(gap)
            gained += gap.gain
            done.add(res.id)
    if target is None:
        return path
    candidates = []
    for res in results:
        ind = catalogue.indicator(res.id)
        if res.id in done or res.points >= res.max_points or not res.scored:
            continue
        top = (
            Step(at_least=ind.max_points, points=ind.max_points)
            if ind.judgement is not None
            else ind.points[-1]
        )
        candidates.append(_gap(catalogue, ind, res, top, period))
    candidates.sort(key=lambda g: (-g.gain, g.effort, g.indicator))
    for gap in candidates:
        if overall + gained >= target - 1e-9:
            break
        path.append(gap)
        gained += gap.gain
    return path
