"""The manager's page "What costs you points": near misses, missing profile fields,
suspicious values and possible duplicates, each with its records and what to do; and the
audit comparison, said only once reviews exist.

Why a module of its own: the PDF page and the workbook sheet show the same items in the
same order, so both read the `CostsView` built here, from the snapshot only. The items
come from the engine (`IndicatorResult.not_counted`, `Snapshot.concerns`, found by
`assessment.costs`); this module groups them, renders their messages in the report's
language and adds the points at stake: the indicator's next step (`Snapshot.gaps`), in
percentage points of the overall score, summed over the indicators an item holds down.
Possible duplicates inflate counts rather than lower them, so they carry no points.

The audit comparison ("counting only verified evidence the score would be X") is alarming
on a first self-assessment nobody has reviewed yet: every record is unverified, so an
audit would count almost nothing. It is shown only once some record has been reviewed
(verified, rejected or asked for information: `Snapshot.reviewed`, or for a snapshot
written before it the statuses of its evidence), and then with how many records are
verified; before that the page says that no review has been made yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from assessment.snapshot import Gap, IndicatorResult, Snapshot
from evidence.messages import M, Mp
from evidence.models import KINDS, kind_fields

from .i18n import Lang

REVIEWED = ("verified", "rejected", "needs_info")
# fields of a date type, of any kind: a condition on one is about when a record is dated
DATE_FIELDS = frozenset(
    name for kind in KINDS for name, info in kind_fields(kind).items() if info.type == "date"
)
SHOWN = 20  # records named per item


@dataclass(frozen=True)
class CostRecord:
    id: str
    title: str
    value: str = ""  # the value in question, formatted; "" when none


@dataclass(frozen=True)
class CostItem:
    indicators: list[str]  # the indicators it holds down ("" for none)
    what: str
    todo: str
    records: list[CostRecord]
    total: int  # records in all (more than listed when long)
    at_stake: float | None  # overall percentage points of the indicators' next steps


@dataclass(frozen=True)
class CostGroup:
    id: str  # "near_misses", "profile", "suspicious", "duplicates"
    title: str
    intro: str
    items: list[CostItem]
    none: str = ""  # said when it has no items, so a reader knows it was looked at
    stakes: bool = True  # False: nothing in it can win points (no "at stake" column)


@dataclass(frozen=True)
class CostsView:
    groups: list[CostGroup] = field(default_factory=list)
    audit: str = ""  # the audit comparison, or "" when it is not said
    no_review: str = ""  # "no record has been reviewed yet" when that is so


def reviews_exist(snapshot: Snapshot) -> bool:
    """Whether any record was reviewed by the snapshot's date."""
    if snapshot.reviewed is not None:
        return snapshot.reviewed > 0
    return any(r.status in REVIEWED for r in snapshot.evidence)


def audit_comparison(snapshot: Snapshot, lang: Lang) -> str:
    """The other counting mode's overall score with its context, or "" when it is not
    worth saying (no other score, the same score, or nobody has reviewed anything)."""
    other = snapshot.other_mode_overall
    if other is None or abs(other - snapshot.overall) <= 0.05:
        return ""
    now = lang.pct(snapshot.overall)  # a score: one decimal always ("84.0 %", not "84 %")
    if snapshot.mode == "audit":
        return lang.msg(
            M(
                "Counting submitted records too, as a self-assessment does, the overall "
                "score would be {other} instead of {now}.",
                other=lang.pct(other),
                now=now,
            )
        )
    if not reviews_exist(snapshot):
        return ""
    verified = sum(1 for r in snapshot.evidence if r.status == "verified")
    return lang.msg(
        Mp(
            "Counting only verified evidence, as an audit does, the overall score would be "
            "{other} instead of {now}: {n} of the {total} records behind the scores is "
            "verified so far, and an audit counts no other.",
            "Counting only verified evidence, as an audit does, the overall score would be "
            "{other} instead of {now}: {n} of the {total} records behind the scores are "
            "verified so far, and an audit counts no other.",
            n=verified,
            total=len(snapshot.evidence),
            other=lang.pct(other),
            now=now,
        )
    )


def costs_view(snapshot: Snapshot, lang: Lang, titles: dict[str, str]) -> CostsView:
    """The page's groups, in the order a manager works through them; `titles`: indicator
    titles in the report's language."""
    _ = lang._
    gains = {g.indicator: g.gain for g in snapshot.gaps}

    def stake(ids: Sequence[str]) -> float | None:
        found = [gains[i] for i in ids if i in gains]
        return round(sum(found), 2) if found else None

    by_group: dict[str, list[CostItem]] = defaultdict(list)
    for c in snapshot.concerns:
        records = [
            CostRecord(r.id, r.title, lang.num(r.value) if r.value is not None else "")
            for r in c.records
        ]
        what = lang.msg(c.what)
        if c.group == "suspicious" and len(c.indicators) == 1:  # which indicator it costs
            title = titles.get(c.indicators[0], c.indicators[0])
            what = lang.msg(M("{title}: {what}", title=title, what=what))
        by_group[c.group].append(
            CostItem(
                indicators=list(c.indicators),
                what=what,
                todo=lang.msg(c.todo),
                records=records,
                total=max(c.records_total, len(records)),
                at_stake=None if c.group == "duplicate" else stake(c.indicators),
            )
        )
    near, outside = _near_misses(snapshot, lang, titles)
    none = _("None found.")
    groups = [
        CostGroup(
            "near_misses",
            _("Near misses"),
            _(
                "Records that missed an indicator by one condition a manager can settle: "
                "a draft to submit, a question of the reviewer to answer, a field left "
                "empty or wrong. Points are at stake only where fixing the records listed "
                "reaches the indicator's next step."
            ),
            near,
            none,
        ),
        CostGroup(
            "profile",
            _("Missing profile fields"),
            _("Conditions compare records with the cluster's profile; without it they fail."),
            by_group["profile"],
            none,
        ),
        CostGroup(
            "suspicious",
            _("Suspicious values"),
            _("Values that are probably a mistake in the data and cost points."),
            by_group["suspicious"],
            none,
        ),
        CostGroup(
            "duplicates",
            _("Possible duplicates"),
            _(
                "Records that may be one and the same: an auditor counts them once, so "
                "settle them before the audit."
            ),
            by_group["duplicate"],
            none,
        ),
        CostGroup(
            "outside",
            _("Correctly not counted: outside the period"),
            _(
                "Records dated outside what an indicator counts, or that ended before it: "
                "the indicators rightly leave them out. They are listed so you can see "
                "they were checked; there are no points to win here, and a record keeps "
                "the dates it has."
            ),
            outside,
            none,
            stakes=False,
        ),
    ]
    no_review = ""
    if snapshot.mode == "self" and not reviews_exist(snapshot):
        no_review = _(
            "No record has been reviewed yet. An audit counts verified records only: "
            "have the evidence reviewed before the audit to see where it stands."
        )
    return CostsView(groups, audit_comparison(snapshot, lang), no_review)


@dataclass
class _Row:
    """Near misses that failed the same condition (in words) with the same thing to do."""

    todo: str
    outside: bool
    records: dict[str, CostRecord] = field(default_factory=dict)
    indicators: dict[str, list[str]] = field(default_factory=dict)  # record -> indicators
    counted: dict[str, set[str]] = field(default_factory=dict)  # indicator -> records


def _near_misses(
    snapshot: Snapshot, lang: Lang, titles: dict[str, str]
) -> tuple[list[CostItem], list[CostItem]]:
    """The near misses a manager can fix, and those correctly left out as dated outside
    the period: one item per failed condition and set of indicators, so a record that
    misses eight indicators the same way is listed once, with the eight."""
    order = {ind.id: n for n, ind in enumerate(snapshot.indicators)}
    rows: dict[tuple[str, str], _Row] = {}
    for ind in snapshot.indicators:
        for miss in ind.not_counted:
            words = lang.msg(miss.condition)
            dated = _dated_outside(miss.on)
            todo = _todo(miss.on, miss.status, lang)
            row = rows.setdefault((words, todo), _Row(todo, dated))
            row.records.setdefault(miss.id, CostRecord(miss.id, miss.title))
            mine = row.indicators.setdefault(miss.id, [])
            if ind.id not in mine:
                mine.append(ind.id)
            if not miss.part:  # a ratio's side: fixing it moves the ratio either way
                row.counted.setdefault(ind.id, set()).add(miss.id)
    by_id = {ind.id: ind for ind in snapshot.indicators}
    steps = {g.indicator: g for g in snapshot.gaps}
    near: list[CostItem] = []
    outside: list[CostItem] = []
    for (words, _todo_words), row in rows.items():
        by_set: dict[tuple[str, ...], list[CostRecord]] = {}
        for rid, record in row.records.items():
            ids = tuple(sorted(row.indicators[rid], key=lambda i: order.get(i, 0)))
            by_set.setdefault(ids, []).append(record)
        for ids, records in by_set.items():
            if len(ids) == 1:  # the indicator by its title, as the other groups do
                title = titles.get(ids[0], by_id[ids[0]].title)
                what = lang.msg(
                    M(
                        "{title}: not counted because of one condition: {condition}.",
                        title=title,
                        condition=words,
                    )
                )
            else:
                what = lang.msg(
                    M("Not counted because of one condition: {condition}.", condition=words)
                )
            stake: float | None = None
            notes: list[str] = []
            if not row.outside:
                stake, notes = _stake(ids, records, row, steps, lang)
            item = CostItem(
                indicators=list(ids),
                what=" ".join([what, *notes]),
                todo=row.todo,
                records=records[:SHOWN],
                total=len(records) + _hidden(ids, records, by_id),
                at_stake=stake,
            )
            (outside if row.outside else near).append(item)
    return near, outside


def _hidden(
    ids: Sequence[str], records: Sequence[CostRecord], by_id: dict[str, IndicatorResult]
) -> int:
    """Misses the snapshot does not list (it keeps the newest `why_not.CAP` of each
    indicator, with their total): counted as "and n more" of an item that holds all of
    an indicator's listed misses, since the unlisted ones are then of the same kind."""
    mine = {r.id for r in records}
    inds = [by_id[i] for i in ids]
    hidden = [
        ind.not_counted_total - len(ind.not_counted)
        for ind in inds
        if {m.id for m in ind.not_counted} <= mine
    ]
    return max([0, *hidden])


def _stake(
    ids: Sequence[str],
    records: Sequence[CostRecord],
    row: _Row,
    steps: dict[str, Gap],
    lang: Lang,
) -> tuple[float | None, list[str]]:
    """The points of the indicators' next steps that fixing these records reaches, and
    for a step they do not reach, what share of it they cover. A step's gain is counted
    only when the step says how many records it needs (`Gap.records_needed`) and these
    records, each counting one, are at least as many: four records do not win a step
    that needs 27, and a share or a ratio says no number of records at all."""
    mine = {r.id for r in records}
    gains, notes = [], []
    for i in ids:
        step = steps.get(i)
        if step is None or step.records_needed is None:
            continue
        have = len(row.counted.get(i, set()) & mine)
        if have >= step.records_needed:
            gains.append(step.gain)
        elif have:
            notes.append(
                lang.msg(
                    Mp(
                        "{indicator}: its next step needs {n} more record, and these give only "
                        "{have}, so no points are shown.",
                        "{indicator}: its next step needs {n} more records, and these give only "
                        "{have}, so no points are shown.",
                        n=step.records_needed,
                        have=have,
                        indicator=i,
                    )
                )
            )
    return (round(sum(gains), 2) if gains else None), notes


def _dated_outside(on: str) -> bool:
    """Whether the failed condition is about when the record is dated: its scope (the
    period, the day it must be active on, the years before the period's end) or a date
    field compared with the period (a strategy's approval date). Such a record is
    correctly left out; moving its dates would be re-dating, so it is not a point to win."""
    if on == "scope":
        return True
    return on.startswith("where.") and on.removeprefix("where.") in DATE_FIELDS


def _todo(on: str, status: str, lang: Lang) -> str:
    _ = lang._
    if on == "status":
        if status == "draft":
            return _("Submit these records (they are drafts).")
        if status == "needs_info":
            return _("Give the reviewer the information asked for.")
        if status == "rejected":
            return _("See why they were rejected; correct and submit them again.")
        return _("Have these records reviewed.")
    if _dated_outside(on):
        return _(
            "Nothing to fix: they are dated outside what the indicator counts, or ended before it."
        )
    if on == "expires":
        return _("Renew the expired documents, or add the current ones.")
    if on == "precision":
        return _(
            "These records are dated only to the month or year, and that month or year is "
            "not wholly in the period: give the day (and precision day) to count them."
        )
    return _(
        "If a record is incomplete or wrong, complete or correct it from its source and "
        "import it again; if it is right, it is correctly not counted."
    )
