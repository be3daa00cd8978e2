"""What `clex verify` found, as one value, and the lines a person reads first.

Why a module of its own: an auditor asks three questions in this order, and the answer
must come in this order too, however many records changed: (1) are the snapshot's
results reproduced, and if not, how did the total, each area and each label change?
(2) which records it cites changed since (content, withdrawn, no longer in the store,
their attachment file)? (3) which reviews came since, as groups ("12 records verified
by Jana Novak") with the ids after, never one line per record before what matters.
`assessment.verify` fills a `Verification`; `verification_lines` words it; `--json`
dumps it whole (every record, id and finding).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from evidence.findings import Finding

IDS_SHOWN = 12  # ids listed after a group's sentence in text (`--json` has them all)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AreaChange(_Model):
    """An area's percentage in the snapshot and as derived now (None: not there)."""

    id: str
    title: str
    then: float | None
    now: float | None
    points_differ: bool = False  # points or maximum differ behind one percentage

    @property
    def same(self) -> bool:
        return _same_number(self.then, self.now) and not self.points_differ


class LabelChange(_Model):
    """A label's readiness in the snapshot and now (None: the label is not there)."""

    id: str
    title: str
    then: bool | None
    now: bool | None
    reasons_differ: bool = False

    @property
    def same(self) -> bool:
        return self.then == self.now and not self.reasons_differ


class IndicatorChange(_Model):
    """An indicator whose value, points or evidence differ from the snapshot's."""

    id: str
    title: str
    value_then: float | None = None
    value_now: float | None = None
    points_then: float | None = None
    points_now: float | None = None
    no_longer_counted: list[str] = Field(default_factory=list)
    newly_counted: list[str] = Field(default_factory=list)
    # id -> the day it was entered, of those above entered after the snapshot's date
    entered_since: dict[str, date] = Field(default_factory=dict)
    # "no longer in the catalogue" / "missing from the snapshot": there on one side only
    missing: str | None = None


class Verdict(_Model):
    """Whether the store reproduces the snapshot's results. `rederived` False: the
    assessment could not be run again (its catalogue not at hand, a bad date), and the
    findings say why; then only the snapshot's own numbers are known."""

    rederived: bool
    total_then: float
    total_now: float | None = None
    areas: list[AreaChange] = Field(default_factory=list)
    labels: list[LabelChange] = Field(default_factory=list)
    indicators: list[IndicatorChange] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reproduced(self) -> bool:
        return (
            self.rederived
            and _same_number(self.total_then, self.total_now)
            and all(a.same for a in self.areas)
            and all(lb.same for lb in self.labels)
            and not self.indicators
        )


class FieldChange(_Model):
    field: str
    then: Any = None
    now: Any = None


RecordWhat = Literal["changed", "withdrawn", "removed", "attachment changed", "attachment missing"]


class RecordChange(_Model):
    """A record the snapshot cites that is not as it was: its content (`fields`, when
    the store still has the version the snapshot saw), withdrawn (when, by whom, why),
    gone from the store, or its attachment file changed or missing (`file`)."""

    id: str
    title: str
    what: RecordWhat
    message: str
    fields: list[FieldChange] = Field(default_factory=list)
    at: datetime | None = None
    by: str | None = None
    reason: str | None = None
    file: str | None = None
    sha256_then: str | None = None
    sha256_now: str | None = None


class ReviewGroup(_Model):
    """Records whose latest status change in a span was to `status` by `reviewer`.
    `counted`: dated on or before the snapshot's date, so the snapshot should have seen
    it (a difference); otherwise made after that date (information: the snapshot reads
    statuses as they stood on its date)."""

    status: str
    reviewer: str
    counted: bool
    ids: list[str]
    before: dict[str, str] = Field(default_factory=dict)  # id -> status before this one


class Verification(_Model):
    """All `clex verify` found. `findings`: every difference, one per item, located in
    the snapshot file (empty: the store reproduces the snapshot); `file_problems`: what
    the file's own checks found (`snapshot_check`: edited, numbers that do not add up);
    `problems`: the rest that are neither scores nor records nor reviews (the
    catalogue, the cluster's profile, gaps, the Gold plan)."""

    snapshot: str
    created: date
    cluster: str
    period: str
    verdict: Verdict
    file_problems: list[Finding] = Field(default_factory=list)  # its own checks failed
    problems: list[Finding] = Field(default_factory=list)
    records: list[RecordChange] = Field(default_factory=list)
    reviews: list[ReviewGroup] = Field(default_factory=list)
    later_reviews: list[ReviewGroup] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    evidence_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if self.ok:
            return f"{self.snapshot}: verified ({self.evidence_count} evidence records unchanged)."
        return (
            f"{self.snapshot}: {len(self.findings)} difference(s); the snapshot no longer "
            "matches the store"
        )


# -- the lines a person reads ---------------------------------------------------------
def verification_lines(v: Verification) -> list[str]:
    """The verdict first, then what the file itself or the catalogue say, then the
    records changed, then the reviews grouped; plain text, one item a line."""
    lines = _verdict_lines(v)
    if v.file_problems:
        lines.append("The snapshot file fails its own checks (edited after clex wrote it?):")
        lines.extend(f"  {f}" for f in v.file_problems)
    if v.problems:
        lines.append("Other differences:")
        lines.extend(f"  {f}" for f in v.problems)
    if v.records:
        lines.append(f"Records changed since the snapshot ({len(v.records)}):")
        lines.extend(f"  {line}" for line in _record_lines(v.records))
    if v.reviews:
        n = sum(len(g.ids) for g in v.reviews)
        lines.append(
            f"Reviews dated on or before {v.created} that the snapshot did not see ({_records(n)}):"
        )
        lines.extend(f"  {group_sentence(g)}" for g in v.reviews)
    if v.later_reviews:
        n = sum(len(g.ids) for g in v.later_reviews)
        lines.append(
            f"Reviews after {v.created} ({_records(n)}): not part of the snapshot, which "
            "reads statuses as they stood on its date"
        )
        lines.extend(f"  {group_sentence(g)}" for g in v.later_reviews)
    return lines


def _record_lines(records: list[RecordChange]) -> list[str]:
    """Content changes a record a line (each has its fields), then withdrawals grouped
    by day, who and reason (an undone import withdraws many at once), then the records
    gone from the store, then the attachment files."""
    order = ("changed", "withdrawn", "removed", "attachment changed", "attachment missing")
    lines: list[str] = []
    for what in order:
        mine = [r for r in records if r.what == what]
        if what == "withdrawn":
            groups: dict[tuple[date | None, str | None, str | None], list[RecordChange]] = {}
            for r in mine:
                groups.setdefault((r.at.date() if r.at else None, r.by, r.reason), []).append(r)
            for (day, by, reason), group in sorted(groups.items(), key=lambda kv: str(kv[0])):
                if len(group) == 1:
                    lines.append(group[0].message)
                    continue
                when = (f" on {day}" if day else "") + (f" by {by}" if by else "")
                why = f": {reason}" if reason else ""
                lines.append(
                    f"{_records(len(group))} withdrawn{when}{why}: "
                    f"{_ids([r.id for r in group])} (`clex evidence restore` puts them back)"
                )
        elif what == "removed" and len(mine) > 1:
            lines.append(
                f"{_records(len(mine))} no longer in the store: {_ids([r.id for r in mine])}"
            )
        else:
            lines.extend(r.message for r in mine)
    return lines


def _verdict_lines(v: Verification) -> list[str]:
    d = v.verdict
    head = f"{v.snapshot} ({v.cluster}, {v.period}, as of {v.created}):"
    if not d.rederived:
        return [
            f"{head} not re-derived: the store could not assess it again "
            f"(total {_pct(d.total_then)} in the snapshot)"
        ]
    if d.reproduced:
        labels = ", ".join(f"{lb.title} {_ready(lb.then)}" for lb in d.labels)
        return [
            f"{head} values, points and labels reproduced: total {_pct(d.total_then)}, "
            f"{len(d.areas)} areas"
            + (f", {labels}" if labels else "")
            + ("; but the file fails its own checks" if v.file_problems else "")
            + ("; other fields differ (below)" if v.problems and not v.file_problems else "")
        ]
    lines = [f"{head} NOT reproduced by the store as it is now"]
    then, now = _pair(d.total_then, d.total_now)
    lines.append(
        f"  Total {then} then, {now} now"
        if not _same_number(d.total_then, d.total_now)
        else f"  Total {then} then and now"
    )
    changed = [a for a in d.areas if not a.same]
    if changed:
        parts = []
        for a in changed:
            if a.then is None or a.now is None:
                gone = "missing from the snapshot" if a.then is None else "no longer derived"
                parts.append(f"{a.title} {gone}")
            else:
                t, n = _pair(a.then, a.now)
                parts.append(f"{a.title} {t} then, {n} now")
        rest = [a.title for a in d.areas if a.same]
        tail = ""
        if rest:
            # titles may hold commas and "and": one is named, more are counted
            tail = (
                f"; {rest[0]} reproduced"
                if len(rest) == 1
                else f"; the other {len(rest)} reproduced"
            )
        lines.append("  Areas: " + "; ".join(parts) + tail)
    else:
        lines.append(f"  Areas: all {len(d.areas)} reproduced")
    parts = [_label_change(lb) for lb in d.labels if not lb.same]
    same = [f"{lb.title} ({_ready(lb.then)})" for lb in d.labels if lb.same]
    if same:
        parts.append(f"{_and(same)} reproduced")
    if parts:
        lines.append("  Labels: " + "; ".join(parts))
    for ind in d.indicators:
        lines.append(f"  {indicator_sentence(ind)}")
    return lines


def _label_change(lb: LabelChange) -> str:
    if lb.then is None:
        return f"{lb.title}: missing from the snapshot ({_ready(lb.now)} now)"
    if lb.now is None:
        return f"{lb.title}: not among the catalogue's labels now"
    if lb.then != lb.now:
        return (
            f"{lb.title} ready then, not now"
            if lb.then
            else f"{lb.title} not ready then, ready now"
        )
    return f"{lb.title}: the reasons differ from those derived now ({_ready(lb.then)} then and now)"


def indicator_sentence(ind: IndicatorChange) -> str:
    """ "S1 Committed members: value 3 (1 point) then, 2 (0 points) now; no longer
    counted: a, b"."""
    text = f"{ind.id} {ind.title}"
    if ind.missing:
        return f"{text}: {ind.missing}"
    if (ind.value_then, ind.points_then) != (ind.value_now, ind.points_now):
        text += (
            f": value {_v(ind.value_then)} ({_points(ind.points_then)}) then, "
            f"{_v(ind.value_now)} ({_points(ind.points_now)}) now"
        )
    else:
        text += ": the evidence behind it differs"
    return text + counted_differently(ind)


def counted_differently(ind: IndicatorChange) -> str:
    """ "; no longer counted: a; newly counted: b (entered on 2026-03-01, after the
    snapshot's date)": the records an indicator counts differently, a record entered
    after the snapshot's date with the day."""
    text = ""
    for label, ids in (
        ("no longer counted", ind.no_longer_counted),
        ("newly counted", ind.newly_counted),
    ):
        if ids:
            text += f"; {label}: {_ids(ids)}"
            late = [i for i in ids[:IDS_SHOWN] if i in ind.entered_since]
            if late == ids:  # every one: the days alone
                days = sorted({ind.entered_since[i].isoformat() for i in late})
                text += f" (entered on {', '.join(days)}, after the snapshot's date)"
            elif late:
                said = ", ".join(f"{i} on {ind.entered_since[i]}" for i in late)
                text += f" (entered after the snapshot's date: {said})"
    return text


_DONE = {
    "verified": "verified",
    "rejected": "rejected",
    "needs_info": "marked as needing information",
    "submitted": "put back to submitted",
    "draft": "put back to draft",
    "withdrawn": "withdrawn",
}


def group_sentence(g: ReviewGroup) -> str:
    """ "12 records verified by Jana Novak: a, b, c ..."."""
    done = _DONE.get(g.status, f"set to {g.status}")
    return f"{_records(len(g.ids))} {done} by {g.reviewer}: {_ids(g.ids)}"


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:IDS_SHOWN])
    more = len(ids) - IDS_SHOWN
    return shown + (f" and {more} more (--json lists them all)" if more > 0 else "")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _records(n: int) -> str:
    return f"{n} record" + ("" if n == 1 else "s")


def _ready(ready: bool | None) -> str:
    return {True: "ready", False: "not ready", None: "not derived"}[ready]


def _points(p: float | None) -> str:
    if p is None:
        return "no points"
    return f"{p:g} point" + ("" if p == 1 else "s")


def _v(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _pct(value: float | None) -> str:
    return "none" if value is None else f"{value:.1f} %"


def _pair(a: float | None, b: float | None) -> tuple[str, str]:
    """Two percentages with one decimal, or two when one decimal hides the difference."""
    if a is None or b is None or f"{a:.1f}" != f"{b:.1f}" or _same_number(a, b):
        return _pct(a), _pct(b)
    return f"{a:.2f} %", f"{b:.2f} %"


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6
