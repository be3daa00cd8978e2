"""Labels awarded, not labels ready: each award's validity and renewal window, from its date.

Why a module of its own: readiness is what clex computes from evidence; an award is
what ECEI gave on a date, and everything the cluster must know about it follows from
that date and the label's `validity` (DOMAIN.md, "Label rules"):

- a first award (or one applied for anew) is valid `months` from the award;
- a *timely renewal*, awarded while the same label was still valid, is valid
  `renewal_months` from its own date;
- after expiry the label can still be renewed by repeating the process for
  `renewal_window_months` (a *late renewal*, valid `months`); after that it must be
  applied for anew.

"Valid until" is the last valid day: an award of 15 March 2024 valid 24 months is
valid until 14 March 2026 and expires on the 15th; one of 29 February 2024 is valid
until 28 February 2026 (its anniversary does not exist: `_anniversary`). Dates move by
whole months with `assessment.period.shift`. `clex label list` and the snapshot
(`Snapshot.awards`) both show what `award_terms` computes here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from criteria.models import Catalogue, Validity
from evidence.store import Award

from .period import shift
from .snapshot import AwardInfo, AwardKind, AwardState

if TYPE_CHECKING:
    from evidence.store import Store

_DAY = timedelta(days=1)


def validity_of(catalogue: Catalogue) -> Callable[[str], Validity]:
    """label id -> its `validity` in `catalogue` (the defaults for a label it lacks)."""
    rules = {rule.id: rule for rule in catalogue.labels}

    def validity(label: str) -> Validity:
        rule = rules.get(label)
        return rule.validity if rule is not None else Validity()

    return validity


def award_terms(
    awards: Sequence[Award],
    validity: Callable[[str], Validity],
    on: date,
    titles: dict[str, str] | None = None,
) -> list[AwardInfo]:
    """Each award with its kind, validity, renewal window and state on the day `on`.

    Withdrawn awards are listed (state "withdrawn") but no other award is a renewal of
    one. Awards are taken oldest first; the kind of each depends on the awards of the
    same label before it."""
    kept = sorted(awards, key=lambda a: (a.awarded_on, a.id))
    out: list[AwardInfo] = []
    last: dict[str, AwardInfo] = {}  # label -> its latest standing award so far
    for award in kept:
        rule = validity(award.label)
        before = last.get(award.label)
        kind = _kind(before, award.awarded_on)
        months = rule.renewal_months if kind == "timely renewal" else rule.months
        expires = _anniversary(award.awarded_on, months)
        info = AwardInfo(
            id=award.id,
            label=award.label,
            title=(titles or {}).get(award.label, award.label),
            awarded_on=award.awarded_on,
            awarded_by=award.awarded_by,
            note=award.note,
            kind=kind,
            months=months,
            valid_until=expires - _DAY,
            renewable_until=_anniversary(expires, rule.renewal_window_months) - _DAY,
            state="valid",
            withdrawn_reason=award.withdrawn_reason if award.withdrawn else None,
        )
        if award.withdrawn is None:
            last[award.label] = info
        out.append(info)
    return [_on(info, on, out) for info in out]


def _anniversary(day: date, months: int) -> date:
    """The first day after `months` from `day`: its anniversary, or, when the target
    month lacks that day, the first of the next month (an award of 29 February 2024
    valid 24 months is valid through 28 February 2026, not only to the 27th)."""
    moved = shift(day, months)
    return moved + _DAY if moved.day < day.day else moved


def _kind(before: AwardInfo | None, day: date) -> AwardKind:
    if before is None:
        return "first award"
    if day <= before.valid_until:
        return "timely renewal"
    if day <= before.renewable_until:
        return "late renewal"
    return "new award"


def state_on(info: AwardInfo, day: date, renewed: bool = False) -> AwardState:
    """What an award means on `day`: not yet awarded, valid, in its renewal window (expired,
    still renewable by repeating the process) or expired (apply anew); `renewed` when a
    later award of the same label had been made by then."""
    if info.withdrawn_reason is not None:
        return "withdrawn"
    if day < info.awarded_on:
        return "not yet awarded"
    if renewed:
        return "renewed"
    if day <= info.valid_until:
        return "valid"
    if day <= info.renewable_until:
        return "in the renewal window"
    return "expired"


def _on(info: AwardInfo, day: date, every: list[AwardInfo]) -> AwardInfo:
    renewed = any(
        other.label == info.label
        and other.withdrawn_reason is None
        and info.awarded_on < other.awarded_on <= day
        for other in every
    )
    return info.model_copy(update={"state": state_on(info, day, renewed)})


def snapshot_awards(
    store: Store, cluster: str, catalogue: Catalogue, as_of: date
) -> list[AwardInfo]:
    """The awards recorded for `cluster` up to `as_of`, with their validity on that day
    (what `assess` puts in the snapshot; withdrawn awards left out)."""
    found = [a for a in store.awards(cluster, until=as_of) if a.withdrawn is None]
    titles = {rule.id: rule.title for rule in catalogue.labels}
    return award_terms(found, validity_of(catalogue), as_of, titles)
