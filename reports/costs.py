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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assessment.snapshot import IndicatorResult, Snapshot
from evidence.messages import M, Mp

from .i18n import Lang

REVIEWED = ("verified", "rejected", "needs_info")
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


@dataclass(frozen=True)
class CostsView:
    groups: list[CostGroup] = field(default_factory=list)
    audit: str = ""  # the audit comparison, or "" when it is not said
    no_review: str = ""  # "no record has been reviewed yet" when that is so

    @property
    def empty(self) -> bool:
        return not any(g.items for g in self.groups)


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
    near = [item for ind in snapshot.indicators for item in _near_misses(ind, titles, lang, stake)]
    groups = [
        CostGroup(
            "near_misses",
            _("Near misses"),
            _(
                "Records that missed an indicator by one condition only: the cheapest "
                "points to win back."
            ),
            near,
        ),
        CostGroup(
            "profile",
            _("Missing profile fields"),
            _("Conditions compare records with the cluster's profile; without it they fail."),
            by_group["profile"],
        ),
        CostGroup(
            "suspicious",
            _("Suspicious values"),
            _("Values that are probably a mistake in the data and cost points."),
            by_group["suspicious"],
        ),
        CostGroup(
            "duplicates",
            _("Possible duplicates"),
            _(
                "Records that may be one and the same: an auditor counts them once, so "
                "settle them before the audit."
            ),
            by_group["duplicate"],
        ),
    ]
    no_review = ""
    if snapshot.mode == "self" and not reviews_exist(snapshot):
        no_review = _(
            "No record has been reviewed yet. An audit counts verified records only: "
            "have the evidence reviewed before the audit to see where it stands."
        )
    return CostsView(groups, audit_comparison(snapshot, lang), no_review)


def _near_misses(
    ind: IndicatorResult,
    titles: dict[str, str],
    lang: Lang,
    stake: Callable[[Sequence[str]], float | None],
) -> list[CostItem]:
    """One item per condition an indicator's near misses failed."""
    if not ind.not_counted:
        return []
    by_condition: dict[str, list[CostRecord]] = {}
    todo: dict[str, str] = {}
    for miss in ind.not_counted:
        words = lang.msg(miss.condition)
        by_condition.setdefault(words, []).append(CostRecord(miss.id, miss.title))
        todo.setdefault(words, _todo(miss.on, miss.status, lang))
    title = titles.get(ind.id, ind.title)
    out = []
    for words, records in by_condition.items():
        # the snapshot lists the newest misses; its total is the indicator's, all
        # conditions together, so it is the item's own only when there is one condition
        total = ind.not_counted_total if len(by_condition) == 1 else len(records)
        out.append(
            CostItem(
                indicators=[ind.id],
                what=lang.msg(
                    M(
                        "{title}: not counted because of one condition: {condition}.",
                        title=title,
                        condition=words,
                    )
                ),
                todo=todo[words],
                records=records[:SHOWN],
                total=max(total, len(records)),
                at_stake=stake([ind.id]),
            )
        )
    return out


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
    if on == "scope":
        return _("Check their dates: they fall outside what the indicator counts.")
    if on == "expires":
        return _("Renew the expired documents, or add the current ones.")
    return _("Complete or correct the field the condition names, and import them again.")
