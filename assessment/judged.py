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

from collections.abc import Sequence
from dataclasses import dataclass

from criteria.models import Catalogue, Indicator
from evidence.findings import Finding, Location, Severity, UserDataError

from .period import Period
from .snapshot import EvidenceRef, Improvement, Judgement

# What to do about a cited record whose status does not count, by that status.
_REMEDY = {
    "rejected": "cite another record, or correct this one and have it reviewed again",
    "needs_info": "give the reviewer the information asked for and have it reviewed again",
    "draft": "submit it for review (an audit counts verified records only)",
    "submitted": "have it verified",
}


@dataclass(frozen=True)
class Verdict:
    """What a judgement is worth in this assessment."""

    judgement: Judgement
    points: float  # the agreed level's points, or 0 when its evidence does not hold
    explanation: str
    findings: tuple[Finding, ...]


def judge(
    catalogue: Catalogue,
    judgements: Sequence[Judgement],
    refs: dict[str, EvidenceRef],
    period: Period,
    statuses: Sequence[str],
    *,
    audit: bool,
) -> dict[str, Verdict]:
    """The verdict on each judged indicator; `UserDataError` when a cited id is missing.

    `refs` holds every record of the cluster that the judgements cite and the store has;
    `statuses` are the statuses this assessment counts.
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
        j.indicator: _verdict(indicators[j.indicator], j, refs, period, statuses, audit)
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
) -> Verdict:
    assert ind.judgement is not None
    out: list[Finding] = []
    mode = "audit" if audit else "self-assessment"

    def add(message: str, record: str | None = None, severity: Severity = "error") -> None:
        out.append(indicator_finding(ind.id, message, record, severity))

    cited = [refs[rid] for rid in dict.fromkeys(j.evidence)]
    zero = f"so {ind.id} scores 0 points instead of {j.level:g}"
    failed: list[str] = []
    for ref in cited:
        if ref.status not in statuses:
            remedy = _REMEDY.get(ref.status, "cite a record that counts")
            add(
                f"the judgement cites {ref.id} ({ref.title}), which is {ref.status} and does "
                f"not count in this {mode}, {zero}: {remedy}",
                ref.id,
            )
            failed.append(f"{ref.id} is {ref.status}")
        if outside(ref, period):
            dates = f"{ref.start}" + (f" to {ref.end}" if ref.end is not None else "")
            add(
                f"the judgement cites {ref.id} ({ref.title}, {dates}), which lies outside the "
                f"period {period.start} to {period.end}, {zero}: cite records of the period",
                ref.id,
            )
            failed.append(f"{ref.id} lies outside the period")
    lowest = min(lv.points for lv in ind.judgement.levels)
    if j.level > lowest and not cited:
        add(
            f"judged {j.level:g} points without any evidence, {zero}: list the ids of the "
            "records that show this level under `evidence:` in the judgements file"
        )
        failed.append("no evidence cited")
    assessors = j.assessor_levels
    if audit and len(assessors) < 2:
        add(
            "a Gold audit records both assessors' levels (one national, one foreign); this "
            f"judgement has {len(assessors) or 'no'} assessor{'' if len(assessors) == 1 else 's'}"
            ": list both under `assessors:` with their levels",
            severity="warning",
        )
    given = [a.level for a in assessors]
    if given and not min(given) <= j.level <= max(given):
        add(
            f"the agreed level {j.level:g} lies outside the assessors' own levels ("
            + ", ".join(f"{a.name} {a.level:g}" for a in assessors)
            + "): an agreed level is one of theirs or between them; correct it or the "
            "assessors' levels",
            severity="warning",
        )
    if len(set(given)) > 1:
        add(
            "the assessors' levels differ: "
            + ", ".join(f"{a.name} {a.level:g}" for a in assessors)
            + f"; the level they agreed on is {j.level:g}",
            severity="info",
        )
    level = next(lv for lv in ind.judgement.levels if lv.points == j.level)
    who = assessor_names(j)
    text = f"judged {j.level:g} of {ind.max_points:g}: {level.description}" + (
        f" ({who})" if who else ""
    )
    if failed:
        text += f"; scores 0: {'; '.join(failed)}"
    return Verdict(j, 0.0 if failed else j.level, text, tuple(out))


def indicator_finding(
    indicator_id: str, message: str, record: str | None = None, severity: Severity = "warning"
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
    refs: dict[str, EvidenceRef], cited: set[str], statuses: Sequence[str], period: Period
) -> dict[str, str]:
    """Cited records that exist but do not count in this assessment, and why (the rule a
    judgement follows, for the records a Silver improvement area cites)."""
    out: dict[str, str] = {}
    for rid in sorted(cited):
        ref = refs.get(rid)
        if ref is None:
            continue
        if ref.status not in statuses:
            out[rid] = f"{ref.status}, not counted in this mode"
        elif outside(ref, period):
            out[rid] = "outside the period"
    return out


def assessor_names(j: Judgement) -> str:
    """The assessors as a reader sees them: names, and a level that is not the agreed one."""
    return ", ".join(
        a.name + ("" if a.level == j.level else f" ({a.level:g})") for a in j.assessor_levels
    )
