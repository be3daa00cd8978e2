"""Label readiness, by the rules the catalogue states (no label logic lives in code).

Each rule a label can carry (`indicators` thresholds, `gold_steps`, `total_at_least`,
`improvements`, `requires`) is checked here and explained in a sentence, met or not, so
the report can say *why* a cluster is or is not ready. Readiness is not an award: no
validity is given here (awards are recorded with `clex label award`, see `awards`).

Two rules hold for every label, because an assessor would refuse anything else: a label
is judged on a whole 12- or 24-month period only (shorter windows extrapolate per-year
values), and draft records counted in a self-assessment qualify the verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from criteria.models import Catalogue, LabelRule

from .period import Period
from .snapshot import (
    COUNTING_WORDS,
    Improvement,
    IndicatorResult,
    LabelResult,
    Mode,
    PreviousInfo,
    counting,
)

LABEL_PERIOD_MONTHS = (12, 24)
SAY = 6  # indicators a reason names before "and N more" (a report's verdict stays short)


@dataclass(frozen=True)
class Assessed:
    """What the rules read: this assessment's results and the evidence behind claims."""

    catalogue: Catalogue
    cluster: str
    mode: Mode
    period: Period
    indicators: dict[str, IndicatorResult]
    overall: float
    previous: PreviousInfo | None = None
    improvements: list[Improvement] = field(default_factory=list)
    # cited record id -> why it does not count in this assessment (status, date)
    not_counted: Mapping[str, str] = field(default_factory=dict)
    drafts_counted: int = 0
    include_drafts: bool = False


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def readiness(a: Assessed) -> list[LabelResult]:
    """Every label of the catalogue: ready or not, with the reasons either way."""
    own = {rule.id: _own_reasons(rule, a) for rule in a.catalogue.labels}
    period_reason = _period_reason(a.period)
    qualification = (
        f"counting {a.drafts_counted} draft record(s) (--include-drafts): not yet submitted "
        "evidence, so not a basis for an application"
        if a.drafts_counted
        else ""
    )
    out = []
    for rule in a.catalogue.labels:
        ok, reasons = own[rule.id]
        for other in _required(a.catalogue, rule.id):
            other_ok, _ = own[other]
            ok = ok and other_ok
            title = a.catalogue.label(other).title
            reasons = [*reasons, f"{title} rules {'hold' if other_ok else 'do not hold'}"]
        if period_reason:
            ok = False
            reasons = [period_reason, *reasons]
        out.append(
            LabelResult(
                id=rule.id,
                title=rule.title,
                ready=ok,
                reasons=reasons,
                qualification=qualification if ok else "",
            )
        )
    return out


def _period_reason(period: Period) -> str | None:
    if period.months in LABEL_PERIOD_MONTHS:
        return None
    return (
        f"labels are judged on a whole 12- or 24-month period; {period} is {period.length} "
        "(its per-year values are extrapolated)"
    )


def _own_reasons(rule: LabelRule, a: Assessed) -> tuple[bool, list[str]]:
    ok = True
    reasons: list[str] = []
    for ind_id, threshold in rule.indicators.items():
        res = a.indicators[ind_id]
        met = threshold.holds(res.value)
        ok = ok and met
        reasons.append(
            f"{ind_id} {res.title}: {_v(res.value)}, {'meets' if met else 'needs'} {threshold}"
        )
    if rule.gold_steps:
        rule_ok, text = _gold_steps(a)
        ok = ok and rule_ok
        reasons.append(text)
    if rule.total_at_least is not None:
        need = rule.total_at_least
        if a.overall + 1e-9 >= need:
            reasons.append(f"total {a.overall:.1f} % of all points reaches {need:g} %")
        else:
            ok = False
            reasons.append(
                f"total {a.overall:.1f} % of all points is below {need:g} % "
                f"({need - a.overall:.1f} points short)"
            )
    if rule.improvements is not None:
        rule_ok, texts = _improvements(rule, a)
        ok = ok and rule_ok
        reasons += texts
    return ok, reasons


def _gold_steps(a: Assessed) -> tuple[bool, str]:
    below = [r for r in a.indicators.values() if r.gold_met is False]
    if not below:
        n = sum(1 for r in a.indicators.values() if r.gold_met)
        return True, f"all {n} scored indicators reach their Gold step"
    listed = "; ".join(
        f"{r.id} {r.title} {r.points:g} of {r.gold_points:g} points" for r in below[:SAY]
    )
    more = (
        f"; and {len(below) - SAY} more (the Gold path lists them all)" if len(below) > SAY else ""
    )
    return False, f"{len(below)} indicator(s) below their Gold step: {listed}{more}"


def _improvements(rule: LabelRule, a: Assessed) -> tuple[bool, list[str]]:
    imp = rule.improvements
    assert imp is not None
    problem = _previous_problem(rule, a)
    texts = [problem] if problem else [f"earlier assessment: {_prev_text(rule, a)}"]
    good = 0
    for claim in a.improvements:
        holds, text = _claim(claim, a)
        good += holds
        texts.append(text)
    if good >= imp.count:
        texts.append(f"{good} improvement area(s) reach their Gold step ({imp.count} needed)")
    else:
        how = "" if a.improvements else " (clex assess --improvements FILE)"
        texts.append(
            f"{good} of the {imp.count} improvement areas needed reach their Gold step{how}"
        )
    return problem is None and good >= imp.count, texts


def _prev_text(rule: LabelRule, a: Assessed) -> str:
    assert a.previous is not None
    ready = "".join(
        f", {a.catalogue.label(r).title}-ready" for r in _required(a.catalogue, rule.id)
    )
    return f"{a.previous.period.label}{ready}, same catalogue and counting mode"


def _previous_problem(rule: LabelRule, a: Assessed) -> str | None:
    """Why the earlier assessment cannot serve Silver, or None: it must be of the same
    cluster, catalogue (SHA-256) and counting mode, ready for the labels this one
    requires (Bronze), and its period must have ended 18-24 months before this one's."""
    assert rule.improvements is not None
    low, high = rule.improvements.previous_months_min, rule.improvements.previous_months_max
    prev = a.previous
    window = f"{low}-{high} months before this period's end"
    if prev is None:
        return (
            f"needs the cluster's Bronze-ready assessment whose period ended {window} "
            "(clex assess --previous SNAP)"
        )
    if prev.cluster is None or prev.mode is None or prev.ready is None:
        return (
            f"the earlier assessment ({prev.period.label}) was written by an older clex and "
            "does not say its cluster, counting mode and labels; assess that period again"
        )
    if prev.differences:
        return (
            f"the earlier snapshot ({prev.period.label}) no longer matches the store: "
            f"{prev.differences} difference(s); run `clex verify` on it, or assess that "
            "period again"
        )
    if prev.cluster != a.cluster:
        return f"the earlier assessment is of cluster {prev.cluster}, not {a.cluster}"
    if prev.catalogue_sha256 != a.catalogue.sha256:
        return (
            f"the earlier assessment used another catalogue (SHA-256 "
            f"{prev.catalogue_sha256[:12]}, now {a.catalogue.sha256[:12]}); assess both "
            "with the same one"
        )
    was, now = counting(prev.mode, prev.include_drafts), counting(a.mode, a.include_drafts)
    if was != now:
        return (
            f"the earlier assessment counted as {COUNTING_WORDS[was]}, this one as "
            f"{COUNTING_WORDS[now]}"
        )
    missing = [r for r in _required(a.catalogue, rule.id) if r not in prev.ready]
    if missing:
        titles = ", ".join(a.catalogue.label(r).title for r in missing)
        return f"the earlier assessment ({prev.period.label}) was not ready for {titles}"
    gap = months_between(prev.period.end, a.period.end)
    if not low <= gap <= high:
        return f"the earlier assessment ({prev.period.label}) ended {gap} months before; {window}"
    return None


def _claim(claim: Improvement, a: Assessed) -> tuple[bool, str]:
    """An improvement area holds when its evidence counts, it reaches its Gold step now
    and it has more points than in the earlier assessment (an area that was already at
    its best is no improvement)."""
    cat = a.catalogue
    topic = cat.topic(claim.area)
    ids = topic.indicators if topic is not None else [claim.area]
    name = topic.title if topic is not None else f"{claim.area} {cat.indicator(claim.area).title}"
    bad = [f"{rid} ({a.not_counted[rid]})" for rid in claim.evidence if rid in a.not_counted]
    if bad:
        return False, f"improvement {name}: its evidence does not count: {', '.join(bad)}"
    below = [i for i in ids if a.indicators[i].gold_met is not True]
    if below:
        parts = ", ".join(
            f"{i} {a.indicators[i].points:g} of {_g(a.indicators[i].gold_points)}" for i in below
        )
        return False, f"improvement {name}: below the Gold step ({parts} points)"
    before = a.previous.points if a.previous is not None else None
    if before is None:  # no usable earlier assessment: `_previous_problem` says why
        return False, f"improvement {name}: reaches the Gold step; no earlier points to compare"
    assert a.previous is not None
    was = sum(before.get(i, 0.0) for i in ids)
    now = sum(a.indicators[i].points for i in ids)
    since = f"{was:g} -> {now:g} points since {a.previous.period.label}"
    if now <= was + 1e-9:
        return False, f"improvement {name}: no improvement ({since})"
    return True, f"improvement {name}: reaches the Gold step ({since})"


def _g(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _v(value: float | None) -> str:
    return "missing" if value is None else f"{value:g}"


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
