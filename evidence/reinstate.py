"""What a change of stored records may not do when it brings a member back into the
count: make one organisation (one `org_id`) two members on the same days.

Why a module of its own: an import refuses two overlapping memberships of one org_id
(`evidence.importchecks`, `members.same_organisation`), but a member also comes back by
other paths of `evidence.changes`: a restore of a withdrawn record, an undo (of a
withdrawal, of an edit of its days, of an earlier undo) and an edit. Each of those
checked it its own way or not at all, so withdrawing a membership, importing the
organisation's new one and restoring the old one counted one organisation twice in S1.
Every path now asks here, with the import's rule and message, before it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import timedelta
from typing import Any

from .findings import Finding, Location
from .members import MemberName, same_organisation, same_organisation_message
from .models import Member, Record
from .store import Store


def comes_back(before: Record | None, after: Record) -> bool:
    """Whether a change puts `after` among the members counted on days it was not:
    `before` None for a record that was withdrawn, else the record before the change
    (a member whose org_id or days changed). An unchanged member is left alone, so a
    store that held an overlap from before the rule does not block unrelated changes."""
    if not isinstance(after, Member) or not after.org_id:
        return False
    if before is None:
        return True
    days = (getattr(before, "org_id", None), before.start, before.end)
    return days != (after.org_id, after.start, after.end)


def overlapping_members(
    store: Store,
    conn: Any,
    cluster: str,
    back: Sequence[Record],
    advice: Advice,
    gone: Collection[str] = (),
) -> list[Finding]:
    """A finding for each of `back` (members as the change leaves them, counted) whose
    membership overlaps another of its org_id: one of the store's members that are not
    withdrawn, or another of `back`. `advice`: what to do, by the path (`for_edit`,
    `for_restore`, `for_undo`); `gone`: ids the change withdraws, so not compared."""
    named = [
        MemberName(m.id, m.title, m.org_id, f"record {m.id}", m.start, m.end)
        for m in back
        if isinstance(m, Member) and m.org_id
    ]
    if not named:
        return []
    leave = {m.id for m in named} | set(gone)
    stored = [m for m in store.member_names(conn, cluster) if m.id not in leave]
    return [
        Finding(
            location=Location(key=a.id),
            message=same_organisation_message(a, b, advice(a, b)),
            record_id=a.id,
        )
        for a, b in same_organisation(named, stored)
    ]


Advice = Callable[[MemberName, MemberName], str]  # (the member back, the other) -> advice


def for_edit(a: MemberName, b: MemberName) -> str:
    """An edit's advice: the member edited is counted, its days can be changed."""
    return remedy(a, b, withdrawn=False)


def for_restore(a: MemberName, b: MemberName) -> str:
    """A restore's advice: the member restored is withdrawn now (no edit reaches it)."""
    return remedy(a, b, withdrawn=True)


def for_undo(batch: int) -> Advice:
    """An undo's advice (`undo_remedy`), whichever member it brings back."""
    return lambda _a, b: undo_remedy(b, batch)


def undo_remedy(b: MemberName, batch: int) -> str:
    """What to do when an undo would bring a membership back over another: the days an
    edit would give are the very change the undo takes away (undoing the edit that ended
    a membership reopens it; "end it by ..." then said nothing the store lacked), so the
    way is round the other record, or not to undo."""
    return (
        f"undoing batch {batch} would bring it back over {b.id}: withdraw {b.id} first "
        f"(`clex evidence withdraw {b.id} --reason ...`) and undo again, or leave batch "
        f"{batch} as it is"
    )


def remedy(a: MemberName, b: MemberName, withdrawn: bool) -> str:
    """What to do, with the day and the commands: the earlier membership ends the day
    before the later one starts. A withdrawn record cannot be edited, so when it is the
    earlier one the steps go round the later one (withdraw it, restore and end the
    earlier, restore the later)."""
    keep = f"; or leave {a.id} withdrawn" if withdrawn else ""
    if a.start is None or b.start is None:
        return (
            f"give both their days, one ending before the other starts, or correct the org_id{keep}"
        )
    if b.start <= a.start:
        day = a.start - timedelta(days=1)
        return (
            f"end {b.id} by {day} (`clex evidence edit {b.id} end={day}`) and try again, "
            f"or correct the org_id{keep}"
        )
    day = b.start - timedelta(days=1)
    if withdrawn:
        return (
            f"to keep both, {a.id} ends by {day}: withdraw {b.id}, restore {a.id}, "
            f"`clex evidence edit {a.id} end={day}`, then restore {b.id}{keep}"
        )
    return f"end {a.id} by {day} (`clex evidence edit {a.id} end={day}`) or correct the org_id"
