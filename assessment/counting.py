"""What an assessment counts: its counting mode and its date, and what it says it left out.

Why a module of its own: these are rules of the assessment, not of the SQL (written up
in docs/catalogue-format.md, "Which records count"). A self-assessment counts submitted
and verified records, drafts only when the user asks (`include_drafts`), records that
need information never; an audit counts verified records, and its shares and ratios
are bounds that unverified records hold down (`assessment.metrics.Counting`). An
assessment sees the store as it stood at the end of its date (`as_of`, UTC): no record
dated after it counts, and no review made after it (statuses are read back from the
append-only review log, `evidence.store.status_at`), so two runs with the same date
give the same snapshot whatever was reviewed since. The engine asks this module which
modes to count in and where the store stood, and gets back the findings that tell the
reader what was not counted and why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from evidence.findings import Finding, Location, Severity, UserDataError
from evidence.messages import M, Mp, Msg
from evidence.record_edges import FIRST_DAY, LAST_DAY
from evidence.store import Store, Withdrawal, end_of_day

from .metrics import (
    AUDIT,
    SELF_ASSESSMENT_STATUSES,
    WITH_DRAFTS_STATUSES,
    Counting,
)
from .period import Period

SHOWN = 5  # ids a finding names before "..."


def modes(*, audit: bool, include_drafts: bool) -> tuple[Counting, Counting]:
    """(the mode an assessment counts in, the other one its snapshot also reports): the
    other mode of a self-assessment is the audit; of an audit, the self-assessment with
    the same choice about drafts."""
    own = Counting(WITH_DRAFTS_STATUSES if include_drafts else SELF_ASSESSMENT_STATUSES)
    return (AUDIT, own) if audit else (own, AUDIT)


def check_as_of(period: Period, as_of: date, *, today: date | None = None) -> None:
    """An assessment's date cannot come before its period ends: the evidence of the days
    after it would not be there yet (and the records the store has of those days would
    count as if they were). Nor can it lie after `today` (the command line passes it; the
    engine has no clock): the store's state at a future date is not known yet, so two
    runs with that date could differ. A period ending today has not ended either: the
    day is not over, and the events, payments and members of its last hours are still
    to come (it was assessed at 05:30 while one ending tomorrow was refused)."""
    problem = None
    if period.start < FIRST_DAY:  # records and snapshots hold 1900-2100 (`record_edges`)
        problem = (
            f"the period {period} begins before {FIRST_DAY}: evidence and snapshots hold "
            f"dates from {FIRST_DAY.year} to {LAST_DAY.year} (no report could read a "
            "snapshot of it); assess a period within them"
        )
    elif today is not None and period.end >= today:
        # not "give --as-of END or later", which the next check refuses as after today
        last = today - timedelta(days=1)
        part = (
            f", or the part of this one up to yesterday ({period.start}..{last})"
            if period.start <= last
            else ""  # it has not even begun, or begins today: no part of it is over
        )
        ends = (
            f"it ends today, {period.end}, and the day is not over"
            if period.end == today
            else f"it ends on {period.end}"
        )
        problem = (
            f"the period {period} has not ended yet ({ends}): assess a period that has ended{part}"
        )
    elif as_of < period.end:
        problem = (
            f"the assessment's date {as_of} is before the period {period} ends "
            f"({period.end}); give --as-of {period.end} or later"
        )
    elif today is not None and as_of > today:
        problem = (
            f"the assessment's date {as_of} is after today ({today}): the evidence of the "
            "days to come is not known yet; give --as-of today or earlier"
        )
    if problem:
        where = Location(key="period" if period.start < FIRST_DAY else "as_of")
        raise UserDataError([Finding(location=where, message=problem)], "nothing was assessed")


@dataclass(frozen=True)
class Cut:
    """Where the store stood at the end of an assessment's date."""

    statuses_at: datetime | None  # read statuses back to then; None: the column is right
    after: list[str]  # ids of the records dated after the date, sorted
    changed: list[str]  # ids of the records whose content changed after it, sorted
    # id -> approval day of the documents approved after it: no evidence yet on the date
    approved: dict[str, date] = field(default_factory=dict)
    # the records withdrawn since (an undo, the manager's withdrawal), by id
    withdrawn: list[Withdrawal] = field(default_factory=list)
    # id -> the day it was entered, of the records entered after the date, dated by then
    # and counted in the mode now: not in the store then, so not counted (`status_at`)
    entered: dict[str, date] = field(default_factory=dict)


def cut(
    store: Store, conn: Connection, cluster: str, as_of: date, statuses: Collection[str]
) -> Cut:
    """One cheap query decides whether any status changed after the date (usually not:
    an assessment of the year just ended); only then are statuses read back. `statuses`:
    those the assessment counts (a document approved later is named only among them)."""
    at = end_of_day(as_of)
    reviewed = store.reviewed_after(conn, cluster, at)
    after = store.dated_after(conn, cluster, as_of)
    approved = store.approved_after(conn, cluster, as_of, statuses, at if reviewed else None)
    entered = store.entered_after(conn, cluster, at, day=as_of, statuses=statuses)
    # one entered since is not counted at all, whatever its status now: not "counts as
    # it is now" (an audit named a submitted one, entered and edited since, so)
    held = store.entered_after(conn, cluster, at, day=as_of) if reviewed else {}
    return Cut(
        at if reviewed else None,
        after,
        [i for i in store.changed_after(conn, cluster, at, as_of) if i not in held],
        approved,
        store.withdrawn_after(conn, cluster, at),
        {i: when.date() for i, when in entered.items()},
    )


def changed_finding(ids: Sequence[str], as_of: date) -> list[Finding]:
    """Records edited after the assessment's date count as they are now; a verification
    made before the edit vouched for other content, so it does not count (the store's
    `status_at` takes it for "submitted"): an audit dated before an edit never counts
    unverified content."""
    if not ids:
        return []
    return [
        Finding(
            severity="warning",
            message=Mp(
                "{n} record was changed after {day}, the assessment's date: it counts as it "
                "is now, and a verification before the change, which was of other content, "
                "does not count: {ids}",
                "{n} records were changed after {day}, the assessment's date: they count as "
                "they are now, and a verification before the change, which was of other "
                "content, does not count: {ids}",
                n=len(ids),
                day=as_of,
                ids=_some(ids),
            ),
        )
    ]


def withdrawn_finding(
    withdrawn: Sequence[Withdrawal], counted: Collection[str], as_of: date
) -> list[Finding]:
    """Records this assessment counts that were withdrawn after its date. They count as
    they stood then, so a snapshot kept before an undo still verifies; but an undo says
    the import was an error, and a report made since must not rest on them unsaid (it
    listed them as submitted). One warning per withdrawal: when, by whom, and the batch
    undone or the reason."""
    groups: dict[tuple[date, str, int | None, str], list[str]] = {}
    for w in withdrawn:
        if w.id in counted:
            reason = "" if w.undoes is not None else w.reason
            groups.setdefault((w.at.date(), w.by, w.undoes, reason), []).append(w.id)
    out = []
    for (day, by, undoes, reason), ids in sorted(groups.items(), key=lambda g: str(g[0])):
        how = (
            M("undo of batch {batch}", batch=undoes)
            if undoes is not None
            else M("reason: {reason}", reason=reason or "-")
        )
        out.append(
            Finding(
                severity="warning",
                message=Mp(
                    "{n} record counted here was withdrawn after {as_of}, the assessment's "
                    "date: on {day} by {by} ({how}); it counts as it stood then: {ids}",
                    "{n} records counted here were withdrawn after {as_of}, the assessment's "
                    "date: on {day} by {by} ({how}); they count as they stood then: {ids}",
                    n=len(ids),
                    as_of=as_of,
                    day=day,
                    by=by,
                    how=how,
                    ids=_some(ids),
                ),
            )
        )
    return out


def is_withdrawn_finding(finding: Finding) -> bool:
    """Whether `finding` is `withdrawn_finding`'s: `clex verify` says the withdrawals
    since a snapshot itself (its records changed), so a snapshot kept before them is not
    told apart by this finding too."""
    message = finding.message
    return isinstance(message, Msg) and message.id.startswith(_WITHDRAWN)


_WITHDRAWN = "{n} record counted here was withdrawn after"  # its message's start


def approved_finding(approved: Mapping[str, date], as_of: date) -> list[Finding]:
    """Documents approved after the assessment's date (a year's KPI report, entered with
    the span it reports on, approved after that date) were no approved evidence then:
    they count nowhere and no judgement may cite them, as a record dated after it."""
    if not approved:
        return []
    ids = [f"{i} ({day.isoformat()})" for i, day in sorted(approved.items())]
    return [
        Finding(
            severity="info",
            message=Mp(
                "{n} document approved after {day}, the assessment's date, was not counted: {ids}",
                "{n} documents approved after {day}, the assessment's date, were not "
                "counted: {ids}",
                n=len(ids),
                day=as_of,
                ids=_some(ids),
            ),
        )
    ]


def after_finding(ids: Sequence[str], as_of: date) -> list[Finding]:
    if not ids:
        return []
    return [
        Finding(
            severity="info",
            message=Mp(
                "{n} record dated after {day}, the assessment's date, was not counted: {ids}",
                "{n} records dated after {day}, the assessment's date, were not counted: {ids}",
                n=len(ids),
                day=as_of,
                ids=_some(ids),
            ),
        )
    ]


def entered_finding(entered: Mapping[str, date], as_of: date) -> list[Finding]:
    """Records entered into the store after the assessment's date, though dated by then
    (a newsletter of November found and entered in March): the store did not hold them
    on that date, so they are no part of an assessment of it, in either mode, as a
    review made after it is not. Named with the day each was entered, and how to count
    them: an assessment of a later date. A warning, as "changed after" is: leaving them
    out changes values and verdicts (a Gold step), unlike a record dated after the date,
    which no assessment of it would count."""
    if not entered:
        return []
    days = sorted(entered.values())
    ids = [f"{i} ({day.isoformat()})" for i, day in sorted(entered.items())]
    return [
        Finding(
            severity="warning",
            message=Mp(
                "{n} record entered after {day}, the assessment's date, is left out, as the "
                "store did not hold it then (the day it was entered in brackets): {ids}; "
                "assess as of {last} or later to count it",
                "{n} records entered after {day}, the assessment's date, are left out, as the "
                "store did not hold them then (the day each was entered in brackets): {ids}; "
                "assess as of {last} or later to count them",
                n=len(ids),
                day=as_of,
                ids=_some(ids),
                last=days[-1],
            ),
        )
    ]


_ENTERED = "{n} record entered after {day}"  # its message's start


def is_entered_finding(finding: Finding) -> bool:
    """Whether `finding` is `entered_finding`'s: `clex verify` keeps of it only the
    records the snapshot names (a record entered after the snapshot was written is no
    difference)."""
    message = finding.message
    return isinstance(message, Msg) and message.id.startswith(_ENTERED)


_AFTER = re.compile(r"\{n\} records? dated after \{day\}|\d+ records? dated after ")


def is_after_finding(finding: Finding) -> bool:
    """Whether `finding` is `after_finding`'s (a snapshot's message, or an older one's
    English text): the records it names were by definition not part of the assessment."""
    message = finding.message
    return bool(_AFTER.match(message.id if isinstance(message, Msg) else message))


def status_findings(
    by_status: Mapping[str, int], *, audit: bool, include_drafts: bool
) -> list[Finding]:
    """What the reader should know about the evidence base as a whole: which records the
    mode left out (statuses as they stood on the assessment's date)."""
    out = []

    def add(severity: Severity, message: Msg) -> None:
        out.append(Finding(severity=severity, message=message))

    if by_status.get("rejected"):
        add(
            "info",
            Mp(
                "{n} rejected record was not counted",
                "{n} rejected records were not counted",
                n=by_status["rejected"],
            ),
        )
    if audit:
        unverified = sum(n for s, n in by_status.items() if s in AUDIT.unproven)
        if unverified:
            add(
                "warning",
                Mp(
                    "{n} record not yet verified was not counted for the cluster in this "
                    "audit; in shares and ratios it counts against it",
                    "{n} records not yet verified were not counted for the cluster in this "
                    "audit; in shares and ratios they count against it",
                    n=unverified,
                ),
            )
        return out
    drafts = by_status.get("draft", 0)
    if drafts and include_drafts:
        add(
            "warning",
            Mp(
                "{n} draft record was counted (--include-drafts); review it before the audit",
                "{n} draft records were counted (--include-drafts); review them before the audit",
                n=drafts,
            ),
        )
    elif drafts:
        add(
            "info",
            Mp(
                "{n} draft record was not counted; submit it, or assess with "
                "--include-drafts to see what it would add",
                "{n} draft records were not counted; submit them, or assess with "
                "--include-drafts to see what they would add",
                n=drafts,
            ),
        )
    if by_status.get("needs_info"):
        add(
            "warning",
            Mp(
                "{n} record needs more information from the cluster and was not counted",
                "{n} records need more information from the cluster and were not counted",
                n=by_status["needs_info"],
            ),
        )
    return out


def confirmation(
    indicator: str, confirmed: bool | None, ids: Sequence[str], statuses: Mapping[str, str]
) -> list[Finding]:
    """An audit's share or ratio that verified records alone would put higher (or, where
    lower is better, lower): the unverified records behind it, which hold it down."""
    if confirmed is not False:
        return []
    unverified = [i for i in ids if statuses.get(i, "verified") != "verified"]
    return [
        Finding(
            location=Location(key=indicator),
            indicator_id=indicator,
            message=Mp(
                "not confirmed: {n} unverified record counts against the cluster here until "
                "it is verified: {ids}",
                "not confirmed: {n} unverified records count against the cluster here until "
                "they are verified: {ids}",
                n=len(unverified),
                ids=_some(unverified),
            ),
        )
    ]


def _some(ids: Sequence[str]) -> str:
    return ", ".join(ids[:SHOWN]) + (" ..." if len(ids) > SHOWN else "")
