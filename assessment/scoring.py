"""From values to points, area scores and the overall score.

Kept apart from the metric evaluation so that the rules of DESIGN.md read in one
place: points per indicator from its ladder (the highest step reached), times weight;
area score = points / max points in per cent; overall = weighted mean of the areas.
`gain` answers the manager's question "what does one more step here add overall?".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from criteria.models import Catalogue, Indicator, Step


def reaches(step: Step, value: float) -> bool:
    if step.at_least is not None:
        return value >= step.at_least - 1e-9
    assert step.at_most is not None
    return value <= step.at_most + 1e-9


def ladder_points(indicator: Indicator, value: float | None) -> float:
    """Points of the highest step `value` reaches (0 when none, or no value)."""
    if value is None:
        return 0.0
    best = 0.0
    for step in indicator.points:
        if reaches(step, value):
            best = max(best, step.points)
    return best


def next_step(indicator: Indicator, points: float) -> Step | None:
    """The first ladder step above the current points, if any."""
    return next((s for s in indicator.points if s.points > points), None)


def minimum_met(indicator: Indicator, value: float | None, points: float) -> bool | None:
    """None when the indicator has no minimum; judgements compare points to it."""
    if indicator.minimum is None:
        return None
    if indicator.judgement is not None:
        return points >= indicator.minimum - 1e-9
    if value is None:
        return False
    if indicator.lower_is_better:
        return value <= indicator.minimum + 1e-9
    return value >= indicator.minimum - 1e-9


@dataclass(frozen=True)
class AreaScore:
    id: str
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        return round(100.0 * self.points / self.max_points, 2) if self.max_points else 0.0


def area_scores(catalogue: Catalogue, points: Mapping[str, float]) -> dict[str, AreaScore]:
    """Weighted points and maxima per area."""
    out: dict[str, AreaScore] = {}
    for area in catalogue.areas:
        inds = [i for i in catalogue.indicators if i.area == area.id]
        got = sum(points.get(i.id, 0.0) * i.weight for i in inds)
        top = sum(i.max_points * i.weight for i in inds)
        out[area.id] = AreaScore(area.id, round(got, 4), round(top, 4))
    return out


def overall(catalogue: Catalogue, areas: Mapping[str, AreaScore]) -> float:
    total_weight = sum(a.weight for a in catalogue.areas)
    value = sum(a.weight * areas[a.id].percent for a in catalogue.areas) / total_weight
    return round(value, 2)


def overall_gain(catalogue: Catalogue, indicator: Indicator, extra_points: float) -> float:
    """Overall percentage points added by `extra_points` more on `indicator`."""
    area = catalogue.area(indicator.area)
    top = sum(i.max_points * i.weight for i in catalogue.indicators if i.area == area.id)
    total_weight = sum(a.weight for a in catalogue.areas)
    if not top:
        return 0.0
    return 100.0 * extra_points * indicator.weight / top * area.weight / total_weight


def score_all(
    catalogue: Catalogue, points: Mapping[str, float]
) -> tuple[dict[str, AreaScore], float]:
    areas = area_scores(catalogue, points)
    return areas, overall(catalogue, areas)


def improved_areas(now: Mapping[str, float], before: Mapping[str, float]) -> list[str]:
    return [a for a, pct in now.items() if a in before and pct > before[a] + 1e-9]


def total(values: Iterable[float]) -> float:
    return round(sum(values), 4)
