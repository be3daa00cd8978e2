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

from criteria.models import Catalogue, LabelRule, Threshold
from evidence.messages import Arg, M, Mp, Msg, apart, joined, num, titled
from evidence.terms import N_

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
    not_counted: Mapping[str, Msg] = field(default_factory=dict)
    # cited record id -> its last day (None: it runs on), for what an area's evidence dates
    last_days: Mapping[str, date | None] = field(default_factory=dict)
    drafts_counted: int = 0
    include_drafts: bool = False


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def readiness(a: Assessed) -> list[LabelResult]:
    """Every label of the catalogue: ready or not, with the reasons either way."""
    own = {rule.id: _own_reasons(rule, a) for rule in a.catalogue.labels}
    period_reason = _period_reason(a.period)
    qualification: Msg | str = (
        Mp(
            "ready on unreviewed evidence: counting {n} draft record, not yet submitted, "
            "so not a basis for an application",
            "ready on unreviewed evidence: counting {n} draft records, not yet submitted, "
            "so not a basis for an application",
            n=a.drafts_counted,
        )
        if a.drafts_counted
        else ""
    )
    out = []
    for rule in a.catalogue.labels:
        ok, reasons = own[rule.id]
        for other in _required(a.catalogue, rule.id):
            other_ok, _ = own[other]
            ok = ok and other_ok
            said = N_("the {label} rules hold") if other_ok else N_("the {label} rules do not hold")
            reasons = [*reasons, M(said, label=_label(a.catalogue, other))]
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


def _period_reason(period: Period) -> Msg | None:
    if period.months in LABEL_PERIOD_MONTHS:
        return None
    return M(
        "labels are judged on a whole period of 12 or 24 months; {period} is shorter or "
        "longer (its values per year are extrapolated)",
        period=str(period),
    )


def _threshold(threshold: Threshold, unit: str) -> Msg:
    value = num(threshold.threshold, unit)  # type: ignore[arg-type]
    if threshold.at_least is not None:
        return M("at least {value}", value=value)
    return M("at most {value}", value=value)


def _own_reasons(rule: LabelRule, a: Assessed) -> tuple[bool, list[Msg]]:
    ok = True
    reasons: list[Msg] = []
    for ind_id, threshold in rule.indicators.items():
        res = a.indicators[ind_id]
        met = threshold.holds(res.value)
        ok = ok and met
        value = (
            M("no value")
            if res.value is None
            else num(
                res.value,
                res.unit,
                max(res.digits, apart(res.value, threshold.threshold, res.unit)),
            )
        )
        said = (
            N_("{id} {title}: {value}, meets {threshold}")
            if met
            else N_("{id} {title}: {value}, needs {threshold}")
        )
        reasons.append(
            M(
                said,
                id=ind_id,
                title=titled(f"indicator:{ind_id}", res.title),
                value=value,
                threshold=_threshold(threshold, res.unit),
            )
        )
    if rule.gold_steps:
        rule_ok, text = _gold_steps(a)
        ok = ok and rule_ok
        reasons.append(text)
    if rule.total_at_least is not None:
        need = rule.total_at_least
        total = num(a.overall, "percent", apart(a.overall, need, "percent"))
        mark = num(need, "percent")
        if a.overall + 1e-9 >= need:
            reasons.append(
                M("the total, {total} of all points, reaches {mark}", total=total, mark=mark)
            )
        else:
            ok = False
            reasons.append(
                M(
                    "the total, {total} of all points, is below {mark}: "
                    "{short} percentage points short",
                    total=total,
                    mark=mark,
                    short=num(need - a.overall, digits=apart(need - a.overall, 0, digits=1)),
                )
            )
    if rule.improvements is not None:
        rule_ok, texts = _improvements(rule, a)
        ok = ok and rule_ok
        reasons += texts
    return ok, reasons


def _gold_steps(a: Assessed) -> tuple[bool, Msg]:
    below = [r for r in a.indicators.values() if r.gold_met is False]
    if not below:
        n = sum(1 for r in a.indicators.values() if r.gold_met)
        return True, Mp(
            "the {n} scored indicator reaches its Gold step",
            "all {n} scored indicators reach their Gold step",
            n=n,
        )
    listed: list[Msg] = [
        M(
            "{id} {title}: {points}",
            id=r.id,
            title=titled(f"indicator:{r.id}", r.title),
            points=below_gold(r),
        )
        for r in below[:SAY]
    ]
    if len(below) > SAY:
        listed.append(
            Mp(
                "{n} more (the Gold path lists them all)",
                "{n} more (the Gold path lists them all)",
                n=len(below) - SAY,
            )
        )
    return False, Mp(
        "{n} indicator is below its Gold step: {list}",
        "{n} indicators are below their Gold step: {list}",
        n=len(below),
        list=joined(listed, "list"),
    )


def weighted(result: IndicatorResult, points: float) -> float:
    """`points` of the indicator's ladder as the total counts them (times its weight).

    The reasons name the points a report's area tables show: those are weighted, so a
    reason saying "0 of 2 points" next to a table's "0 / 4" would contradict it. The
    snapshot keeps `IndicatorResult.points` unweighted (the catalogue's ladder)."""
    return points * result.weight if result.scored else 0.0


def below_gold(r: IndicatorResult) -> Msg:
    """ "1 of 3 points, its Gold step needs 2": an indicator below its Gold step, its points
    of its maximum and the Gold step's points, weighted. Why not "1 of 2 points" (the
    Gold step's): an assessor reads "of 2" as the maximum, and S7 has 3."""
    return M(
        "{points}, its Gold step needs {gold}",
        points=of_points(weighted(r, r.points), weighted(r, r.max_points)),
        gold=num(weighted(r, r.gold_points or 0.0)),
    )


def of_points(points: float, most: float) -> Msg:
    """ "2 of 3 points" (Czech: "2 ze 3 bodů"): weighted points (`weighted`); a weight
    with a fraction gives "1.5 of 4.5 points" (the count then is no whole number)."""
    if abs(most - round(most)) > 1e-9:
        return M("{points} of {most}", points=num(points), most=num(most, "points"))
    return Mp(
        "{points} of {n} point",
        "{points} of {n} points",
        n=round(most),
        points=num(points),
    )


def _improvements(rule: LabelRule, a: Assessed) -> tuple[bool, list[Msg]]:
    imp = rule.improvements
    assert imp is not None
    problem = _previous_problem(rule, a)
    texts: list[Msg] = (
        [problem] if problem else [M("earlier assessment: {which}", which=_prev_text(rule, a))]
    )
    good = 0
    for claim in a.improvements:
        holds, text = _claim(claim, a)
        good += holds
        texts.append(text)
        old = _baseline_evidence(claim, a) if holds else None
        if old is not None:
            texts.append(old)
    if good >= imp.count:
        texts.append(
            Mp(
                "{good} improvement areas reach their Gold step; {n} is needed",
                "{good} improvement areas reach their Gold step; {n} are needed",
                n=imp.count,
                good=good,
            )
        )
    else:
        said = Mp(
            "{good} of the {n} improvement area needed reaches its Gold step",
            "{good} of the {n} improvement areas needed reach their Gold step",
            n=imp.count,
            good=good,
        )
        if not a.improvements:
            said = M("{what}; name the improvement areas in the improvements file", what=said)
        texts.append(said)
    return problem is None and good >= imp.count, texts


def _prev_text(rule: LabelRule, a: Assessed) -> Msg:
    assert a.previous is not None
    ready = [M("{x}", x=_label(a.catalogue, r)) for r in _required(a.catalogue, rule.id)]
    if not ready:
        return M("{period}, same catalogue and counting mode", period=a.previous.period.label)
    return M(
        "{period}, ready for {labels}, same catalogue and counting mode",
        period=a.previous.period.label,
        labels=joined(ready, "and"),
    )


def _previous_problem(rule: LabelRule, a: Assessed) -> Msg | None:
    """Why the earlier assessment cannot serve Silver, or None: it must be of the same
    cluster, catalogue (SHA-256) and counting mode, ready for the labels this one
    requires (Bronze), and its period must have ended 18-24 months before this one's."""
    assert rule.improvements is not None
    low, high = rule.improvements.previous_months_min, rule.improvements.previous_months_max
    prev = a.previous
    if prev is None:
        return M(
            "needs the cluster's Bronze-ready assessment whose period ended {low} to {high} "
            "months before this period's end, given as the earlier assessment",
            low=low,
            high=high,
        )
    earlier = prev.period.label
    if prev.cluster is None or prev.mode is None or prev.ready is None:
        return M(
            "the earlier assessment ({period}) was written by an older clex and does not say "
            "its cluster, counting mode and labels; assess that period again",
            period=earlier,
        )
    if prev.cluster != a.cluster:  # before its differences: of course another's differs
        return M(
            "the earlier assessment is of another cluster ({other}, not {cluster})",
            other=prev.cluster,
            cluster=a.cluster,
        )
    if prev.differences:
        return Mp(
            "the earlier snapshot ({period}) no longer matches the store: {n} difference; "
            "verify it, or assess that period again",
            "the earlier snapshot ({period}) no longer matches the store: {n} differences; "
            "verify it, or assess that period again",
            n=prev.differences,
            period=earlier,
        )
    if prev.catalogue_sha256 != a.catalogue.sha256:
        return M(
            "the earlier assessment used another catalogue (SHA-256 {was}, now {now}); "
            "assess both with the same one",
            was=prev.catalogue_sha256[:12],
            now=a.catalogue.sha256[:12],
        )
    was, now = counting(prev.mode, prev.include_drafts), counting(a.mode, a.include_drafts)
    if was != now:
        return M(
            "the earlier assessment counted as {was}, this one as {now}",
            was=M(COUNTING_WORDS[was]),
            now=M(COUNTING_WORDS[now]),
        )
    missing = [r for r in _required(a.catalogue, rule.id) if r not in prev.ready]
    if missing:
        return M(
            "the earlier assessment ({period}) was not ready for {labels}",
            period=earlier,
            labels=joined([M("{x}", x=_label(a.catalogue, r)) for r in missing], "and"),
        )
    gap = months_between(prev.period.end, a.period.end)
    if not low <= gap <= high:
        return Mp(
            "the earlier assessment ({period}) ended {n} month before this one; it must "
            "end {low} to {high} months before",
            "the earlier assessment ({period}) ended {n} months before this one; it must "
            "end {low} to {high} months before",
            n=gap,
            period=earlier,
            low=low,
            high=high,
        )
    return None


def _claim(claim: Improvement, a: Assessed) -> tuple[bool, Msg]:
    """An improvement area holds when its evidence counts, it reaches its Gold step now
    and it has more points than in the earlier assessment (an area that was already at
    its best is no improvement)."""
    topic = a.catalogue.topic(claim.area)
    ids = topic.indicators if topic is not None else [claim.area]
    name = _area_name(claim, a.catalogue)
    bad = [
        M("{id} ({why})", id=rid, why=a.not_counted[rid])
        for rid in claim.evidence
        if rid in a.not_counted
    ]
    if bad:
        return False, M(
            "improvement {name}: its evidence does not count: {records}",
            name=name,
            records=joined(bad),
        )
    below = [i for i in ids if a.indicators[i].gold_met is not True]
    if below:
        parts = [
            M(
                "{id}: {points}",
                id=i,
                points=below_gold(a.indicators[i]),
            )
            for i in below
        ]
        return False, M(
            "improvement {name}: below the Gold step ({indicators})",
            name=name,
            indicators=joined(parts),
        )
    before = a.previous.points if a.previous is not None else None
    if before is None:  # no usable earlier assessment: `_previous_problem` says why
        return False, M(
            "improvement {name}: reaches the Gold step; no earlier points to compare", name=name
        )
    assert a.previous is not None
    # weighted, as the area tables show them; the earlier assessment used the same
    # catalogue (`_previous_problem`), so the same weights
    was = sum(weighted(a.indicators[i], before.get(i, 0.0)) for i in ids)
    now = sum(weighted(a.indicators[i], a.indicators[i].points) for i in ids)
    since = M(
        "from {was} to {now} since {period}",
        was=num(was, "points"),
        now=num(now, "points"),
        period=a.previous.period.label,
    )
    if now <= was + 1e-9:
        return False, M("improvement {name}: no improvement ({since})", name=name, since=since)
    return True, M("improvement {name}: reaches the Gold step ({since})", name=name, since=since)


def _area_name(claim: Improvement, cat: Catalogue) -> Msg | Arg:
    """An area as a reason names it: its topic's title, or its indicator's id and title."""
    topic = cat.topic(claim.area)
    if topic is not None:
        return titled(f"topic:{topic.id}", topic.title)
    return M(
        "{id} {title}",
        id=claim.area,
        title=titled(f"indicator:{claim.area}", cat.indicator(claim.area).title),
    )


def _baseline_evidence(claim: Improvement, a: Assessed) -> Msg | None:
    """A note on an accepted area whose cited records all date from the earlier
    benchmarking's period or before (none reaches past its end), or None.

    Why: Silver asks for a documented description of how the improvement changed the
    cluster. The points come from this period's records, so the area holds; but records
    of the baseline (the newsletters of the year of the first benchmarking) show the
    state before the improvement, not the improvement, and an assessor asks for this
    period's. A note, not a refusal: the evidence is the cluster's to choose."""
    prev = a.previous
    if prev is None or not claim.evidence or any(r not in a.last_days for r in claim.evidence):
        return None
    ends = [a.last_days[r] for r in claim.evidence]
    if any(day is None or day > prev.period.end for day in ends):
        return None
    return M(
        "improvement {name}: every record it cites ({records}) dates from {period}, the "
        "earlier benchmarking's period, or before: it shows the state before the "
        "improvement; cite records of {now} that document it",
        name=_area_name(claim, a.catalogue),
        records=", ".join(claim.evidence),
        period=prev.period.label,
        now=str(a.period),
    )


def _label(catalogue: Catalogue, label_id: str) -> Arg:
    return titled(f"label:{label_id}", catalogue.label(label_id).title)


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
