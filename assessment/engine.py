"""`assess`: catalogue + evidence + profile + period + judgements -> a snapshot.

The one orchestrating function of an assessment, readable top to bottom. Metric values
come from SQL aggregates in the store (`metrics.evaluate_all`: the whole catalogue, both
counting modes, in one batch); everything after that is plain arithmetic on those
values. There is no clock here: `as_of` is given, and the records are read as they stood
at the end of that day (`counting`): a review after it, or a record dated after it, does
not count, so the same inputs always give the same snapshot, byte for byte, whatever was
reviewed later. A record entered later but dated before it does count (a cluster enters
its history after the fact, and the demo all of it on one day), and so does a later edit
of a record's fields, as it is now but never as verified (the review before the edit was
of other content: `evidence.store.status_at`); `clex verify` of a snapshot names every
such record as a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sqlalchemy import Connection

from criteria.loader import require_catalogue
from criteria.models import Catalogue, Indicator
from evidence.collector import collector_paused
from evidence.findings import Finding, Location, Severity, UserDataError
from evidence.messages import M, Mp, Msg, joined, num
from evidence.models import KINDS, ClusterProfile
from evidence.store import REF_COLUMNS, Store

from .awards import snapshot_awards
from .catalogue_view import catalogue_info, gold_threshold
from .costs import concerns, reviewed, with_records_needed
from .counting import (
    after_finding,
    approved_finding,
    changed_finding,
    check_as_of,
    confirmation,
    cut,
    entered_finding,
    modes,
    status_findings,
    withdrawn_finding,
)
from .explain import explain
from .gaps import cheapest_gain, gaps, gold_plan
from .judged import Verdict, indicator_finding, judge, missing_citations, not_counted
from .labels import Assessed, readiness
from .metrics import (
    Counting,
    EvalContext,
    Evaluation,
    MetricError,
    MetricErrors,
    evaluate_all,
)
from .newest import reached, said, unproven_newest
from .period import Period, per_year
from .profile_needs import profile_findings
from .scoring import gold_met, ladder_points, max_total, requirement, score_all, shown_digits
from .snapshot import (
    AreaResult,
    EvidenceRef,
    Improvement,
    IndicatorResult,
    Judgement,
    Mode,
    PeriodInfo,
    PreviousInfo,
    Snapshot,
    evidence_digest,
)
from .unbacked import unbacked
from .why_not import catalogue_misses, with_misses
from .wording import length as period_length


@cache
def tool_version() -> str:
    """The installed distribution's version (read once: it cost 3 ms a cluster)."""
    try:
        return version("cluster-excellence")
    except PackageNotFoundError:
        return "0+unknown"


def assess(
    store: Store,
    cluster: str,
    period: Period,
    *,
    as_of: date,
    catalogue: Catalogue | None = None,
    judgements: Sequence[Judgement] = (),
    audit: bool = False,
    include_drafts: bool = False,
    previous: Snapshot | PreviousInfo | None = None,
    improvements: Sequence[Improvement] = (),
) -> Snapshot:
    """Assess `cluster` over `period` as of the end of `as_of` (not before the period's
    end: UserDataError); `audit` counts only verified evidence, a self-assessment
    submitted and verified records, and drafts too with `include_drafts`.

    `catalogue` is the one the caller loaded (`criteria.loader.require_catalogue`, which
    gives it its SHA-256 and reference); None: the built-in default. `previous` and
    `improvements` are what Silver reads (the earlier assessment, the areas named).
    """
    # the collector paused: the rows alive at once set off full passes over the whole heap
    # (28 in 100 clusters of 10,000 records, 90 ms a cluster; issue 19)
    with collector_paused():
        return _assess(
            store,
            cluster,
            period,
            as_of=as_of,
            catalogue=catalogue,
            judgements=judgements,
            audit=audit,
            include_drafts=include_drafts,
            previous=previous,
            improvements=improvements,
        )


def _assess(
    store: Store,
    cluster: str,
    period: Period,
    *,
    as_of: date,
    catalogue: Catalogue | None,
    judgements: Sequence[Judgement],
    audit: bool,
    include_drafts: bool,
    previous: Snapshot | PreviousInfo | None,
    improvements: Sequence[Improvement],
) -> Snapshot:
    check_as_of(period, as_of)
    cat = catalogue if catalogue is not None else require_catalogue(None)
    profile = store.cluster(cluster)
    own, other = modes(audit=audit, include_drafts=include_drafts)
    statuses = own.statuses
    judged = {j.indicator: j for j in judgements}
    with store.read() as conn:
        then = cut(store, conn, cluster, as_of, statuses)
        ctx = EvalContext(profile, period, own.statuses, own.unproven, as_of, then.statuses_at)
        evaluated = _evaluate(conn, cat, ctx, other)
        missed = catalogue_misses(conn, cat, ctx)  # the records that missed by one condition
        newest = unproven_newest(conn, cat, ctx, evaluated)  # a `latest` left unproven
        values: dict[str, tuple[float | None, tuple[str, ...]]] = {
            i.id: _value(i, evaluated, judged) for i in cat.indicators
        }
        other_points = {
            i.id: ladder_points(i, evaluated.other[i.id]) if i.metric else None
            for i in cat.indicators
        }
        # the records behind the metrics came with their columns; judgements may cite more
        refs = {i: _ref_of(i, row) for i, row in evaluated.rows.items()}
        cited = {i for j in judgements for i in j.evidence}
        cited |= {i for imp in improvements for i in imp.evidence}
        at = then.statuses_at
        refs.update(_refs(store, conn, cluster, cited - refs.keys(), at))
        _refuse_missing(improvements, refs)
        by_status = store.status_counts(conn, cluster, until=period.end, at=at)
        concern_list = concerns(conn, cat, values, ctx)
    flagged = _Flagged.of(refs, period)
    verdicts = judge(  # missing ids: error
        cat,
        judgements,
        refs,
        period,
        statuses,
        audit=audit,
        approved=then.approved,
        as_of=as_of,
        entered=then.entered,
    )
    other_points.update(
        (k, v.points)
        for k, v in judge(
            cat,
            judgements,
            refs,
            period,
            other.statuses,
            audit=not audit,
            approved=then.approved,
            as_of=as_of,
            entered=then.entered,
        ).items()
    )
    results = [
        _confirmed(
            _result(
                cat,
                i,
                values[i.id],
                other_points[i.id],
                refs,
                flagged,
                verdicts.get(i.id),
                audit,
                profile,
            ),
            evaluated,
            refs,
        )
        for i in cat.indicators
    ]
    results = [said(with_misses(r, missed), newest.get(r.id), cat) for r in results]
    points = {r.id: r.points for r in results}
    areas, overall = score_all(cat, points)
    top = max_total(cat)
    other_overall = None
    if any(p is not None for p in other_points.values()):
        _, other_overall = score_all(
            cat, {k: (v if v is not None else points[k]) for k, v in other_points.items()}
        )
    prev = _previous(previous)
    mode: Mode = "audit" if audit else "self"
    uncounted = not_counted(refs, cited, statuses, period, then.approved, then.entered)
    # every record the verdict rests on: behind a metric, or cited and counting
    behind = evaluated.rows.keys() | {c for c in cited if c in refs and c not in uncounted}
    labels = readiness(
        Assessed(
            catalogue=cat,
            cluster=profile.slug,
            mode=mode,
            include_drafts=include_drafts,
            period=period,
            indicators={r.id: r for r in results},
            overall=overall,
            previous=prev,
            improvements=list(improvements),
            not_counted=uncounted,
            last_days={i: _last_day(refs[i]) for i in cited if i in refs},
            drafts_counted=0 if audit else len(flagged.drafts & behind),
        )
    )
    ref_list = sorted(refs.values(), key=lambda r: r.id)
    settle = {
        i: (v.judgement.counted_level, v.unsettled) for i, v in verdicts.items() if v.unsettled
    }
    next_steps = reached(
        cat, with_records_needed(cat, gaps(cat, results, period, profile, settle)), newest
    )
    plan = gold_plan(cat, results, overall, period, gold_threshold(cat), profile, settle)
    return Snapshot(
        tool_version=tool_version(),
        created=as_of,
        cluster=profile,
        period=PeriodInfo(start=period.start, end=period.end, label=str(period)),
        mode=mode,
        counted_statuses=list(statuses),
        include_drafts=include_drafts,
        after_as_of=then.after,
        entered_after=sorted(then.entered),
        catalogue=catalogue_info(cat),
        evidence_digest=evidence_digest(ref_list),
        evidence=ref_list,
        judgements=list(judgements),
        indicators=results,
        areas=[
            AreaResult(
                id=a.id,
                title=a.title,
                points=areas[a.id].points,
                max_points=areas[a.id].max_points,
                percent=areas[a.id].percent,
                share_of_total=round(100 * areas[a.id].max_points / top, 2) if top else 0.0,
            )
            for a in cat.areas
        ],
        overall=overall,
        other_mode_overall=other_overall,
        labels=labels,
        gaps=next_steps,
        gold_path=plan.path,
        gold_blocked=plan.blocked,
        gold_reach=plan.reach,
        gold_later=plan.later,
        cheapest_gain=cheapest_gain(next_steps),
        findings=status_findings(by_status, audit=audit, include_drafts=include_drafts)
        + after_finding(then.after, as_of)
        + entered_finding(then.entered, as_of)
        + approved_finding(then.approved, as_of)
        + changed_finding(then.changed, as_of)
        + withdrawn_finding(then.withdrawn, behind, as_of)
        + _short_period(cat, period)
        + profile_findings(cat, profile),
        previous=prev,
        improvements=list(improvements),
        awards=snapshot_awards(store, cluster, cat, as_of),
        concerns=concern_list,
        reviewed=reviewed(by_status),
    )


def _last_day(ref: EvidenceRef) -> date | None:
    """A record's last day: its end, or its start for a kind that lasts a day without
    one; None for one that runs on (a member, a project, a standing service)."""
    if ref.end is not None:
        return ref.end
    return None if KINDS[ref.kind].open_ended else ref.start


def _refuse_missing(improvements: Sequence[Improvement], refs: dict[str, EvidenceRef]) -> None:
    """An improvement area citing a record the store does not hold is the user's error."""
    findings = missing_citations(improvements, refs)
    if findings:
        raise UserDataError(findings, "the improvement areas cite records the store lacks")


def _evaluate(conn: Connection, cat: Catalogue, ctx: EvalContext, other: Counting) -> Evaluation:
    """Every metric of the catalogue in one batch; a bad one is the user's error."""
    metrics = {i.id: i.metric for i in cat.indicators if i.metric is not None}
    lower = {i.id for i in cat.indicators if i.lower_is_better}
    try:
        return evaluate_all(conn, metrics, ctx, other=other, columns=REF_COLUMNS, lower=lower)
    except MetricErrors as exc:  # `clex criteria validate` catches these before
        raise UserDataError(
            [
                Finding(
                    location=Location(key=key),
                    indicator_id=key,
                    message=f"cannot evaluate {key}: {msg}",
                )
                for key, msg in exc.errors
            ]
        ) from None
    except MetricError as exc:
        raise UserDataError(
            [Finding(location=Location(key=cat.id), message=f"cannot evaluate: {exc}")]
        ) from None


def _value(
    ind: Indicator, evaluated: Evaluation, judged: dict[str, Judgement]
) -> tuple[float | None, tuple[str, ...]]:
    if ind.metric is not None:
        res = evaluated.results[ind.id]
        return res.value, res.evidence_ids
    j = judged.get(ind.id)
    return (j.counted_level, tuple(j.evidence)) if j else (None, ())


def _ref_of(record_id: str, row: Sequence[Any]) -> EvidenceRef:
    """`REF_COLUMNS` of a record as the snapshot's reference to it."""
    _, kind, title, start, end, status, content, attachment, expires, *where, dated, items = row
    file, sheet, line, at = where
    source = ":".join([str(p) for p in (file, sheet, line) if p is not None])
    if at is not None:
        source += f":offset {at}"
    return EvidenceRef(
        id=record_id,
        kind=kind,
        title=title,
        start=start,
        end=end,
        date_precision=dated,
        items=1 if items is None else items,
        status=status,
        content_sha256=content,
        attachment_sha256=attachment,
        expires=expires,
        source=source,
    )


def _refs(
    store: Store, conn: Connection, cluster: str, ids: Iterable[str], at: datetime | None
) -> dict[str, EvidenceRef]:
    """References to records no metric fetched (judgements cite them by id)."""
    return {r[0]: _ref_of(r[0], r) for r in store.evidence_refs(conn, cluster, ids, at=at)}


def _confirmed(
    result: IndicatorResult, evaluated: Evaluation, refs: dict[str, EvidenceRef]
) -> IndicatorResult:
    """An audit's share or ratio says whether verified evidence alone confirms it."""
    found = evaluated.results.get(result.id)
    if found is None or found.confirmed is None:
        return result
    statuses = {i: refs[i].status for i in result.evidence_ids if i in refs}
    extra = confirmation(result.id, found.confirmed, result.evidence_ids, statuses)
    return result.model_copy(
        update={"confirmed": found.confirmed, "findings": [*result.findings, *extra]}
    )


def _result(
    cat: Catalogue,
    ind: Indicator,
    value: tuple[float | None, tuple[str, ...]],
    other_points: float | None,
    refs: dict[str, EvidenceRef],
    flagged: _Flagged,
    verdict: Verdict | None,
    audit: bool,
    profile: ClusterProfile,
) -> IndicatorResult:
    val, ids = value
    period = flagged.period
    need = requirement(cat, ind.id)
    pts = ladder_points(ind, val) if ind.metric else (verdict.points if verdict else 0.0)
    findings = _findings(ind, ids, refs, flagged, verdict, audit)
    digits = shown_digits(cat, ind, val)
    if ind.metric is not None:
        words = ind.unit_words or ""
        text = explain(ind.metric, val, period, profile, ind.value_unit, words, digits)
    elif verdict is not None:
        text = verdict.explanation
    else:
        text = M("not judged yet: add it to the judgements file (--judgements)")
    return IndicatorResult(
        id=ind.id,
        area=ind.area,
        title=ind.title,
        method="metric" if ind.metric else "judgement",
        value=val,
        points=pts,
        max_points=ind.max_points,
        weight=ind.weight,
        minimum=need[1].threshold if need else None,
        minimum_met=need[1].holds(val) if need else None,
        gold_points=ind.gold_points if ind.scored else None,
        gold_met=gold_met(ind, pts),
        scored=ind.scored,
        unit=ind.value_unit,
        unit_words=ind.unit_words or "",
        per_year=bool(ind.metric and ind.metric.per_year),
        digits=digits,
        lower_is_better=ind.lower_is_better,
        evidence_ids=list(ids),
        explanation=text,
        findings=findings,
        basis=ind.basis,
        verified_threshold=ind.verified,
        other_mode_points=other_points,
        unbacked=unbacked(ind.metric, val, ids, profile, period) or "" if ind.metric else "",
    )


def _findings(
    ind: Indicator,
    ids: Sequence[str],
    refs: dict[str, EvidenceRef],
    flagged: _Flagged,
    verdict: Verdict | None,
    audit: bool,
) -> list[Finding]:
    out: list[Finding] = list(verdict.findings) if verdict else []

    def add(message: Msg, record: str | None = None, severity: Severity = "warning") -> None:
        out.append(indicator_finding(ind.id, message, record, severity))

    drafts = [r for r in ids if r in flagged.drafts] if flagged.drafts else []
    if drafts and not audit:
        add(
            Mp(
                "{n} draft record counted; submit or verify it: {ids}",
                "{n} draft records counted; submit or verify them: {ids}",
                n=len(drafts),
                ids=", ".join(drafts[:5]) + (" ..." if len(drafts) > 5 else ""),
            )
        )
    period = flagged.period
    if period.short_of_a_year and per_year(ind.metric):
        add(
            M(
                "a value per year, extrapolated to a year from {length} ({period})",
                length=period_length(period),
                period=str(period),
            ),
            severity="info",
        )
    for rid in [r for r in ids if r in flagged.expiring] if flagged.expiring else []:
        ref = refs[rid]
        add(
            M(
                "{id} ({title}) expires on {day}, before the period ends",
                id=rid,
                title=ref.title,
                day=ref.expires,
            ),
            rid,
        )
    return out


@dataclass(frozen=True)
class _Flagged:
    """The cited records an indicator's findings mention, found once per assessment
    (not once per indicator: a large cluster's indicators cite ~100,000 ids)."""

    period: Period
    drafts: frozenset[str]
    expiring: frozenset[str]  # expires before the period ends

    @classmethod
    def of(cls, refs: dict[str, EvidenceRef], period: Period) -> _Flagged:
        return cls(
            period,
            frozenset(i for i, r in refs.items() if r.status == "draft"),
            frozenset(
                i for i, r in refs.items() if r.expires is not None and r.expires < period.end
            ),
        )


def _short_period(cat: Catalogue, period: Period) -> list[Finding]:
    """A period shorter than a year still assesses, but its per-year values are guesses."""
    length = period.short_of_a_year
    rates = [i.id for i in cat.indicators if per_year(i.metric)]
    if length is None or not rates:
        return []
    factor = 365.25 / period.days if period.months is None else 12 / period.months
    return [
        Finding(
            severity="warning",
            message=Mp(
                "the period {period} is {length} long, shorter than a year: the values per "
                "year of {n} indicator ({ids}) are extrapolated to a year (one event in it "
                "counts as {factor} a year)",
                "the period {period} is {length} long, shorter than a year: the values per "
                "year of {n} indicators ({ids}) are extrapolated to a year (one event in it "
                "counts as {factor} a year)",
                n=len(rates),
                period=str(period),
                length=period_length(period),
                ids=joined(rates, "and"),
                factor=num(factor, digits=3),
            ),
        )
    ]


def _previous(snapshot: Snapshot | PreviousInfo | None) -> PreviousInfo | None:
    """What a label rule needs of the previous assessment (a snapshot carries it along, so
    `clex verify` can re-derive Silver without the previous file)."""
    if snapshot is None or isinstance(snapshot, PreviousInfo):
        return snapshot
    return previous_info(snapshot)


def previous_info(snapshot: Snapshot, *, differences: int | None = None) -> PreviousInfo:
    """The earlier assessment as Silver reads it; `differences`: how many `clex verify`
    found between that snapshot and the store (None: not checked)."""
    return PreviousInfo(
        period=snapshot.period,
        overall=snapshot.overall,
        areas={a.id: a.percent for a in snapshot.areas},
        catalogue_sha256=snapshot.catalogue.sha256,
        cluster=snapshot.cluster.slug,
        mode=snapshot.mode,
        ready=[lb.id for lb in snapshot.labels if lb.ready],
        points={i.id: i.points for i in snapshot.indicators},
        include_drafts=snapshot.include_drafts,
        differences=differences,
    )
