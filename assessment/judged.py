"""When a judgement scores: the rule an auditor can sign.

An assessor's level is worth its points only when the records behind it hold. Every
record a judgement cites must be in the store: a missing one is an error in the user's
data, refused before anything is scored (`clex assess` exits 1 and lists every missing
id). Every cited record must also count in the assessment's mode (its status among the
counted statuses the engine passes, its dates within the period), and a level above the
lowest must cite at least one record. A judgement that fails scores 0 points, with an
error finding that says why and what to do; the level the assessors gave stays in the
snapshot, so a reader sees what was judged and why it did not score.

A Gold audit has two assessors (one national, one foreign): in an audit, a judgement
with fewer than two assessors' levels gets a warning, and assessors whose levels differ
are named (info), whatever the mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from criteria.models import Catalogue, Indicator
from evidence.findings import Finding, Location, Severity, UserDataError
from evidence.messages import M, Mp, Msg, Text, joined, num, term
from evidence.terms import N_

from .period import Period
from .snapshot import EvidenceRef, Improvement, Judgement, NotCounted

# What to do about a cited record whose status does not count, by that status.
_REMEDY = {
    "rejected": N_("cite another record, or correct this one and have it reviewed again"),
    "needs_info": N_("give the reviewer the information asked for and have it reviewed again"),
    "draft": N_("submit it for review (an audit counts verified records only)"),
    "submitted": N_("have it verified"),
}

# A cited record that was no evidence yet on the assessment's date, by why (a document
# approved after it, a record entered after it): what the finding says, and the reason
# "scores 0" gives. The step is the same for both: an assessment of a later date.
_LATE = {
    "entered": (
        N_(
            "the judgement cites {id} ({title}), entered on {entered}, after {day}, the "
            "assessment's date, {zero}: the store did not hold it then; assess as of "
            "{entered} or later, or cite records entered by then"
        ),
        N_("{id} was entered after the assessment's date"),
    ),
    "approved": (
        N_(
            "the judgement cites {id} ({title}), approved on {approved}, after {day}, the "
            "assessment's date, {zero}: it was no approved evidence then; assess as of its "
            "approval or later, or cite records approved by then"
        ),
        N_("{id} was approved after the assessment's date"),
    ),
}


@dataclass(frozen=True)
class Unsettled:
    """A cited record that alone keeps the agreed level from scoring, and why: its status
    (the reviewer settles it), a document dated after the period (a report on it, to be
    dated by the span it reports on), a record outside the period (to be replaced by one
    of the period), a document approved after the assessment's date or a record entered
    after it (it counts in an assessment dated on or after `day`, its approval or its
    entry). Each is work on records, not a level the assessors must give again
    (`settling`)."""

    record: str
    why: Literal["status", "reports_on", "outside", "approved", "entered"]
    day: date | None = None


@dataclass(frozen=True)
class Verdict:
    """What a judgement is worth in this assessment."""

    judgement: Judgement
    points: float  # the agreed level's points, or 0 when its evidence does not hold
    explanation: Msg
    findings: tuple[Finding, ...]
    # the cited records whose status, dates or approval alone keep the agreed level from
    # scoring (settling them is the step: `assessment.gaps`); empty when it scores or
    # anything else fails (no evidence cited)
    unsettled: tuple[Unsettled, ...] = ()


def judge(
    catalogue: Catalogue,
    judgements: Sequence[Judgement],
    refs: dict[str, EvidenceRef],
    period: Period,
    statuses: Sequence[str],
    *,
    audit: bool,
    approved: Mapping[str, date] | None = None,
    as_of: date | None = None,
    entered: Mapping[str, date] | None = None,
) -> dict[str, Verdict]:
    """The verdict on each judged indicator; `UserDataError` when a cited id is missing.

    `refs` holds every record of the cluster that the judgements cite and the store has;
    `statuses` are the statuses this assessment counts; `approved`: documents approved
    after `as_of`, the assessment's date (`counting.Cut.approved`), which no judgement
    may cite then; `entered`: records entered into the store after `as_of`
    (`counting.Cut.entered`), which it did not hold then.
    """
    missing = missing_citations(judgements, refs)
    if missing:
        files = sorted({f.file for f in missing if f.file})
        raise UserDataError(
            missing,
            f"{len(missing)} record(s) cited by the judgements"
            + (f" in {', '.join(files)}" if files else "")
            + " are not in the store; import them or correct the ids",
        )
    indicators = {i.id: i for i in catalogue.indicators if i.judgement is not None}
    return {
        j.indicator: _verdict(
            indicators[j.indicator],
            j,
            refs,
            period,
            statuses,
            audit,
            approved or {},
            as_of,
            entered or {},
        )
        for j in judgements
        if j.indicator in indicators
    }


def missing_citations(
    items: Sequence[Judgement | Improvement], refs: dict[str, EvidenceRef]
) -> list[Finding]:
    """One error per id a judgement or an improvement area cites that the store does not
    have, at its line in the user's file."""
    out = []
    for item in items:
        for rid in dict.fromkeys(item.evidence):
            if rid in refs:
                continue
            file, location = item.source(rid)
            out.append(
                Finding(
                    file=file,
                    location=location,
                    message=f"{item.subject} cites {rid}, which is not in the store for this "
                    "cluster: import it or correct the id",
                    record_id=rid,
                    indicator_id=item.indicator_id,
                )
            )
    return out


def _verdict(
    ind: Indicator,
    j: Judgement,
    refs: dict[str, EvidenceRef],
    period: Period,
    statuses: Sequence[str],
    audit: bool,
    approved: Mapping[str, date],
    as_of: date | None,
    entered: Mapping[str, date],
) -> Verdict:
    assert ind.judgement is not None
    out: list[Finding] = []
    mode = M("audit") if audit else M("self-assessment")

    def add(message: Msg, record: str | None = None, severity: Severity = "error") -> None:
        out.append(indicator_finding(ind.id, message, record, severity))

    cited = [refs[rid] for rid in dict.fromkeys(j.evidence)]
    level_pts = num(j.counted_level, "points")
    zero = M("so {id} scores 0 points instead of {level}", id=ind.id, level=level_pts)
    failed: list[Msg] = []
    unsettled: list[Unsettled] = []

    def late(ref: EvidenceRef, why: Literal["entered", "approved"], when: date) -> None:
        said, reason = _LATE[why]
        add(M(said, id=ref.id, title=ref.title, day=as_of, zero=zero, **{why: when}), ref.id)
        failed.append(M(reason, id=ref.id))
        unsettled.append(Unsettled(ref.id, why, when))

    for ref in cited:
        status = term(f"status:{ref.status}")
        if ref.id in entered:  # it stands as withdrawn then: say why (no reviewer's to settle)
            late(ref, "entered", entered[ref.id])
        elif ref.status not in statuses:
            unsettled.append(Unsettled(ref.id, "status"))
            remedy = _REMEDY.get(ref.status, N_("cite a record that counts"))
            add(
                M(
                    "the judgement cites {id} ({title}), which is {status} and does not count "
                    "in this {mode}, {zero}: {remedy}",
                    id=ref.id,
                    title=ref.title,
                    status=status,
                    mode=mode,
                    zero=zero,
                    remedy=M(remedy),
                ),
                ref.id,
            )
            failed.append(M("{id} is {status}", id=ref.id, status=status))
        if ref.id in approved:
            late(ref, "approved", approved[ref.id])
        if outside(ref, period):
            dates = (
                M("{start} to {end}", start=ref.start, end=ref.end)
                if ref.end is not None
                else M("{day}", day=ref.start)
            )
            # a document dated after the period is often a report on it, written once the
            # period was over (the year's KPI monitoring report, approved in January):
            # it counts dated by the span it reports on, which is what it is evidence of
            where: dict[str, Any] = {"id": ref.id, "title": ref.title, "dates": dates}
            where |= {"start": period.start, "end": period.end, "zero": zero}
            reports_on = ref.start > period.end and ref.kind == "document"
            if reports_on:
                said = M(
                    "the judgement cites {id} ({title}, {dates}), which lies after the period "
                    "from {start} to {end}, {zero}: a report on the period written after it "
                    "counts when its start and end are the span it reports on (its approval "
                    "date under approved_on); else cite records of the period",
                    **where,
                )
            else:
                said = M(
                    "the judgement cites {id} ({title}, {dates}), which lies outside the period "
                    "from {start} to {end}, {zero}: cite records of the period",
                    **where,
                )
            add(said, ref.id)
            failed.append(M("{id} lies outside the period", id=ref.id))
            unsettled.append(Unsettled(ref.id, "reports_on" if reports_on else "outside"))
    lowest = min(lv.points for lv in ind.judgement.levels)
    if j.counted_level > lowest and not cited:
        add(
            M(
                "judged {level} without any evidence, {zero}: list the ids of the records "
                "that show this level under evidence in the judgements file",
                level=level_pts,
                zero=zero,
            )
        )
        failed.append(M("no evidence cited"))
    assessors = j.assessor_levels
    if audit and len(assessors) < 2:
        add(
            Mp(
                "a Gold audit records both assessors' levels (one national, one foreign); "
                "this judgement has {n} assessor: list both under assessors with their levels",
                "a Gold audit records both assessors' levels (one national, one foreign); "
                "this judgement has {n} assessors: list both under assessors with their levels",
                n=len(assessors),
            ),
            severity="warning",
        )
    given = [a.level for a in assessors]
    levels = joined([M("{name} {level}", name=a.name, level=num(a.level)) for a in assessors])
    counted = j.counted_level
    if counted < j.level:
        add(
            M(
                "the agreed level {level} lies above the assessors' own levels ({levels}), "
                "so it counts as {counted}, the highest of theirs: an agreed level is one of "
                "theirs or between them; correct it or the assessors' levels",
                level=num(j.level),
                levels=levels,
                counted=num(counted),
            ),
            severity="warning",
        )
    elif given and not min(given) <= j.level <= max(given):
        add(
            M(
                "the agreed level {level} lies outside the assessors' own levels ({levels}): "
                "an agreed level is one of theirs or between them; correct it or the "
                "assessors' levels",
                level=num(j.level),
                levels=levels,
            ),
            severity="warning",
        )
    if len(set(given)) > 1:
        add(
            M(
                "the assessors' levels differ: {levels}; the level they agreed on is {level}",
                levels=levels,
                level=num(j.level),
            ),
            severity="info",
        )
    level = next(lv for lv in ind.judgement.levels if lv.points == counted)
    who = j.who
    judged = M(
        "judged {level} of {most}: {description}",
        level=num(counted),
        most=num(ind.max_points, "points"),
        description=level.description,
    )
    if who:
        judged = M("{judged} ({who})", judged=judged, who=who)
    if failed:
        judged = M("{judged}; scores 0: {why}", judged=judged, why=joined(failed))
    only_records = bool(failed) and len(failed) == len(unsettled)
    return Verdict(
        j,
        0.0 if failed else counted,
        judged,
        tuple(out),
        tuple(unsettled) if only_records else (),
    )


def settling(level: float, held: Sequence[Unsettled]) -> tuple[Msg, int]:
    """The step that gives a judgement its agreed `level` back, and the records it takes:
    each cited record put right, the way its finding says. The assessors agreed on the
    level; a KPI report on 2025 entered on its approval day in 2026 is one record to
    date by the span it reports on, not "3 levels higher in the assessor's judgement"."""
    ids = list(dict.fromkeys(h.record for h in held))
    by: dict[str, list[Unsettled]] = {}
    for h in held:
        by.setdefault(h.why, []).append(h)
    if set(by) == {"status"}:  # the step's wording since session 21
        return M(
            "the assessors' level {level} counted: settle with the reviewer the records "
            "it rests on ({records})",
            level=num(level),
            records=", ".join(ids),
        ), len(ids)

    def records(why: str) -> tuple[str, int]:
        named = list(dict.fromkeys(h.record for h in by[why]))
        return ", ".join(named), len(named)

    parts: list[Msg] = []
    if "status" in by:
        named, _ = records("status")
        parts.append(M("settle with the reviewer {records}", records=named))
    if "reports_on" in by:
        named, n = records("reports_on")
        parts.append(
            Mp(
                "enter {records} with the span it reports on as its start and end, its "
                "approval day under approved_on",
                "enter {records} with the spans they report on as their start and end, "
                "their approval days under approved_on",
                n=n,
                records=named,
            )
        )
    if "outside" in by:
        named, _ = records("outside")
        parts.append(M("cite records of the period in place of {records}", records=named))
    if "approved" in by:
        named, n = records("approved")
        parts.append(
            Mp(
                "assess as of {day} or later, once {records} is approved",
                "assess as of {day} or later, once {records} are approved",
                n=n,
                records=named,
                day=_last(by["approved"]),
            )
        )
    if "entered" in by:
        named, n = records("entered")
        parts.append(
            Mp(
                "assess as of {day} or later, the day {records} was entered",
                "assess as of {day} or later, by when {records} were entered",
                n=n,
                records=named,
                day=_last(by["entered"]),
            )
        )
    return M(
        "the assessors' level {level} counted: {steps}",
        level=num(level),
        steps=joined(parts, "semicolons"),
    ), len(ids)


# The aggregates whose value a further counted record can only raise (or leave): for
# them a record the review keeps out is part of the way to the next step. A mean, a
# share, a latest value or a growth may fall when it is counted; those are left alone.
_RAISED_BY_A_RECORD = frozenset({"count", "count_distinct", "sum", "exists", "max"})
# The review statuses a reviewer settles (a draft is the manager's to submit).
_REVIEWERS = ("rejected", "needs_info", "submitted")


def held_by_review(indicator: Indicator, misses: Sequence[NotCounted]) -> list[NotCounted]:
    """The records of a metric indicator's step that exist and fail only their review
    status (rejected, needs info; submitted in an audit): the reviewer settles them, as
    the records a judgement rests on (`settling`). A ratio's denominator is left out."""
    metric = indicator.metric
    if metric is None or indicator.lower_is_better:
        return []
    if metric.aggregate not in _RAISED_BY_A_RECORD and metric.aggregate != "ratio":
        return []
    return [
        m
        for m in misses
        if m.on == "status" and m.status in _REVIEWERS and m.part in ("", "numerator")
    ]


def with_settling(step: Msg, held: Sequence[NotCounted]) -> Msg:
    """A metric's step with the records it rests on first, as a judgement's step names
    them (`settling`): "settle with the reviewer doc-strategy (rejected): it counts
    toward 1 more document record (strategy ...)". Without them the step invited a
    second strategy while the first waited for its re-review."""
    if not held:
        return step
    records = joined(
        [M("{id} ({status})", id=h.id, status=term(f"status:{h.status}")) for h in held]
    )
    return Mp(
        "{settle}: it counts toward {step}",
        "{settle}: they count toward {step}",
        n=len(held),
        settle=M("settle with the reviewer {records}", records=records),
        step=step,
    )


def _last(held: Sequence[Unsettled]) -> date:
    """The day from which an assessment counts all of `held` (approved or entered)."""
    return max(h.day for h in held if h.day is not None)


def indicator_finding(
    indicator_id: str, message: Text, record: str | None = None, severity: Severity = "warning"
) -> Finding:
    """A finding about one indicator (and maybe one record), keyed by the indicator."""
    return Finding(
        location=Location(key=indicator_id),
        message=message,
        record_id=record,
        indicator_id=indicator_id,
        severity=severity,
    )


def outside(ref: EvidenceRef, period: Period) -> bool:
    """A cited record that starts after the period or ends before it: not its evidence."""
    return ref.start > period.end or (ref.end is not None and ref.end < period.start)


def not_counted(
    refs: dict[str, EvidenceRef],
    cited: set[str],
    statuses: Sequence[str],
    period: Period,
    approved: Mapping[str, date] | None = None,
    entered: Mapping[str, date] | None = None,
) -> dict[str, Msg]:
    """Cited records that exist but do not count in this assessment, and why (the rule a
    judgement follows, for the records a Silver improvement area cites)."""
    out: dict[str, Msg] = {}
    for rid in sorted(cited):
        ref = refs.get(rid)
        if ref is None:
            continue
        if entered and rid in entered:
            out[rid] = M("entered after the assessment's date")
        elif ref.status not in statuses:
            out[rid] = M("{status}, not counted in this mode", status=term(f"status:{ref.status}"))
        elif outside(ref, period):
            out[rid] = M("outside the period")
        elif approved and rid in approved:
            out[rid] = M("approved after the assessment's date")
    return out
