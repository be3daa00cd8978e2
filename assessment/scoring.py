"""From values to points, area scores and the overall score.

Kept apart from the metric evaluation so that the rules of DESIGN.md read in one
place: points per indicator from its ladder (the highest step reached), times weight;
overall = all weighted points / all weighted maxima in per cent (as ECEI counts: areas of
unequal size do not make one area's point worth more than another's); an area's score
is the same ratio over its own indicators, a view.
`gain` answers the manager's question "what does one more step here add overall?".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from criteria.models import Catalogue, Indicator, Step, Threshold
from evidence.messages import apart_from_all


def ladder_points(indicator: Indicator, value: float | None) -> float:
    """Points of the highest step `value` reaches (0 when none, or no value, or the
    indicator is descriptive)."""
    if value is None or not indicator.scored:
        return 0.0
    best = 0.0
    for step in indicator.points:
        if step.holds(value):
            best = max(best, step.points)
    return best


def next_step(indicator: Indicator, points: float) -> Step | None:
    """The first ladder step above the current points, if any."""
    return next((s for s in indicator.points if s.points > points), None)


def requirement(catalogue: Catalogue, indicator_id: str) -> tuple[str, Threshold] | None:
    """The first label (in catalogue order, so Bronze before Gold) that sets a threshold
    on this indicator, and that threshold: the indicator's eligibility requirement."""
    for label in catalogue.labels:
        threshold = label.indicators.get(indicator_id)
        if threshold is not None:
            return label.id, threshold
    return None


def shown_digits(catalogue: Catalogue, indicator: Indicator, value: float | None) -> int:
    """The decimals (`evidence.messages.num`'s digits) that keep `value` from reading as a
    step or a label's threshold it is not: 34.999 % shown as "35 %" beside "at least
    35 %, missed" is a number an auditor cannot sign. Every place that shows the value
    shows it with these (the result keeps them: `IndicatorResult.digits`)."""
    if value is None:
        return 2
    marks = [step.threshold for step in indicator.points]
    marks += [
        label.indicators[indicator.id].threshold
        for label in catalogue.labels
        if indicator.id in label.indicators
    ]
    return apart_from_all(value, marks, indicator.value_unit)


def gold_met(indicator: Indicator, points: float) -> bool | None:
    """Whether the indicator reaches its own Gold step (None: it marks none)."""
    gold = indicator.gold_points
    if gold is None or not indicator.scored:
        return None
    return points >= gold - 1e-9


@dataclass(frozen=True)
class AreaScore:
    id: str
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        return round(100.0 * self.points / self.max_points, 2) if self.max_points else 0.0


def area_scores(catalogue: Catalogue, points: Mapping[str, float]) -> dict[str, AreaScore]:
    """Weighted points and maxima per area: a view; the total does not average them."""
    out: dict[str, AreaScore] = {}
    for area in catalogue.areas:
        inds = [i for i in catalogue.scored if i.area == area.id]
        got = sum(points.get(i.id, 0.0) * i.weight for i in inds)
        top = sum(i.max_points * i.weight for i in inds)
        out[area.id] = AreaScore(area.id, round(got, 4), round(top, 4))
    return out


def max_total(catalogue: Catalogue) -> float:
    """All weighted maxima (kept with the catalogue: each gap asks for it)."""
    return catalogue.derived("max_total", _max_total)


def _max_total(catalogue: Catalogue) -> float:
    return sum(i.max_points * i.weight for i in catalogue.scored)


def overall(catalogue: Catalogue, points: Mapping[str, float]) -> float:
    """The total as ECEI counts it: all weighted points over all weighted maxima, in per
    cent (2013: 120 of 150 points), so a point weighs the same in every area."""
    top = max_total(catalogue)
    got = sum(points.get(i.id, 0.0) * i.weight for i in catalogue.scored)
    return round(100.0 * got / top, 2) if top else 0.0


def overall_gain(catalogue: Catalogue, indicator: Indicator, extra_points: float) -> float:
    """Overall percentage points added by `extra_points` more on `indicator`."""
    top = max_total(catalogue)
    if not top or not indicator.scored:
        return 0.0
    return 100.0 * extra_points * indicator.weight / top


def score_all(
    catalogue: Catalogue, points: Mapping[str, float]
) -> tuple[dict[str, AreaScore], float]:
    return area_scores(catalogue, points), overall(catalogue, points)
