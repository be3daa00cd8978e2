"""Label readiness, by the rules the catalogue states (no label logic lives in code).

Each rule a label can carry (`all_minimums_met`, `overall_at_least`, `area_at_least`,
`improved_areas`, `requires`) is checked here and explained in a sentence, met or not,
so the report can say *why* a cluster is or is not ready.
"""

from __future__ import annotations

from datetime import date

from criteria.models import Catalogue, LabelRule

from .period import shift
from .scoring import improved_areas
from .snapshot import IndicatorResult, LabelResult, PreviousInfo


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _own_reasons(
    rule: LabelRule,
    catalogue: Catalogue,
    indicators: list[IndicatorResult],
    areas: dict[str, float],
    overall: float,
    period_end: date,
    previous: PreviousInfo | None,
) -> tuple[bool, list[str]]:
    ok = True
    reasons: list[str] = []
    if rule.all_minimums_met:
        missed = [i for i in indicators if i.minimum_met is False]
        if missed:
            ok = False
            reasons += [
                f"minimum missed: {i.id} {i.title} is {_v(i.value)}, needs "
                f"{'at most' if _lower(catalogue, i.id) else 'at least'} {i.minimum:g}"
                for i in missed
                if i.minimum is not None
            ]
        else:
            count = sum(1 for i in indicators if i.minimum_met)
            reasons.append(f"all {count} minimum requirements met")
    if rule.overall_at_least is not None:
        if overall + 1e-9 >= rule.overall_at_least:
            reasons.append(f"overall {overall:.1f} % reaches {rule.overall_at_least:g} %")
        else:
            ok = False
            reasons.append(
                f"overall {overall:.1f} % is below {rule.overall_at_least:g} % "
                f"({rule.overall_at_least - overall:.1f} points short)"
            )
    for area_id, needed in rule.area_at_least.items():
        got = areas.get(area_id, 0.0)
        if got + 1e-9 < needed:
            ok = False
            reasons.append(f"{area_id} {got:.1f} % is below {needed:g} %")
        else:
            reasons.append(f"{area_id} {got:.1f} % reaches {needed:g} %")
    if rule.improved_areas is not None:
        rule_ok, text = _improvement(rule, catalogue, areas, period_end, previous)
        ok = ok and rule_ok
        reasons.append(text)
    return ok, reasons


def _improvement(
    rule: LabelRule,
    catalogue: Catalogue,
    areas: dict[str, float],
    period_end: date,
    previous: PreviousInfo | None,
) -> tuple[bool, str]:
    imp = rule.improved_areas
    assert imp is not None
    window = f"{imp.previous_months_min}-{imp.previous_months_max} months earlier"
    if previous is None:
        return False, (
            f"needs a previous assessment from {window} (clex assess --previous "
            "SNAP) to show improvement in "
            f"{imp.at_least} areas"
        )
    gap = months_between(previous.period.end, period_end)
    if not imp.previous_months_min <= gap <= imp.previous_months_max:
        return False, (
            f"the previous assessment ({previous.period.label}) ended {gap} months "
            f"earlier; it must be {window}"
        )
    better = improved_areas(areas, previous.areas)
    names = ", ".join(
        catalogue.area(a).title for a in better if a in {x.id for x in catalogue.areas}
    )
    if len(better) >= imp.at_least:
        return True, f"improved in {len(better)} areas since {previous.period.label}: {names}"
    return False, (
        f"improved in {len(better)} of the {imp.at_least} areas needed since "
        f"{previous.period.label}" + (f" ({names})" if names else "")
    )


def _lower(catalogue: Catalogue, indicator_id: str) -> bool:
    return catalogue.indicator(indicator_id).lower_is_better


def _v(value: float | None) -> str:
    return "missing" if value is None else f"{value:g}"


def readiness(
    catalogue: Catalogue,
    indicators: list[IndicatorResult],
    areas: dict[str, float],
    overall: float,
    period_end: date,
    as_of: date,
    previous: PreviousInfo | None,
) -> list[LabelResult]:
    """Every label of the catalogue: ready or not, with the reasons either way."""
    own = {
        rule.id: _own_reasons(rule, catalogue, indicators, areas, overall, period_end, previous)
        for rule in catalogue.labels
    }
    out = []
    for rule in catalogue.labels:
        ok, reasons = own[rule.id]
        for other in _required(catalogue, rule.id):
            other_ok, _ = own[other]
            ok = ok and other_ok
            title = catalogue.label(other).title
            reasons = [*reasons, f"{title} rules {'hold' if other_ok else 'do not hold'}"]
        valid = shift(as_of, rule.validity_months) if ok else None
        out.append(
            LabelResult(id=rule.id, title=rule.title, ready=ok, reasons=reasons, valid_until=valid)
        )
    return out


def _required(catalogue: Catalogue, label_id: str) -> list[str]:
    """Labels required directly or through others (the loader refuses cycles)."""
    seen: list[str] = []
    stack = list(catalogue.label(label_id).requires)
    while stack:
        other = stack.pop()
        if other not in seen:
            seen.append(other)
            stack.extend(catalogue.label(other).requires)
    return seen
