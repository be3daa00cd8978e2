"""The auditor's review queue: which record an auditor looks at next, and how many are left.

Why in the store: the queue is a query over `evidence`, the review log and the change
log, and every statement on the store's tables is the store's. The queue never loads a
cluster's records: it counts, and reads one id.

A record is due for review when it is `submitted`, or when it is `needs_info` and its
content changed after the review that asked for information (its version is later than
the one that review saw: the manager answered). Submitted records come first, then the
answered ones, each oldest change first (the order in which they were handed in).
A record the auditor authored (created, submitted or edited: the review log's and the
change log's names) is not theirs to verify (four eyes), so it is left out of their
queue and counted apart; `evidence.review.review` refuses it anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, or_, select, union

from ..models import person_key
from ..schema import changes, evidence, review_log
from .connection import StoreBase

_C = evidence.c
_L = review_log.c


@dataclass(frozen=True)
class Queue:
    """The next record due (None: none left), how many are due (the next one and those
    skipped included), and how many due records the auditor authored (not theirs)."""

    next_id: str | None
    due: int
    skipped: int
    authored: int


def _due() -> ColumnElement[bool]:
    asked = (
        select(func.max(_L.record_version))
        .where(_L.cluster == _C.cluster, _L.record_id == _C.id, _L.new_status == "needs_info")
        .correlate(evidence)
        .scalar_subquery()
    )
    return or_(
        _C.status == "submitted",
        and_(_C.status == "needs_info", _C.version > func.coalesce(asked, 0)),
    )


def _authored(names: Sequence[str]) -> ColumnElement[bool]:
    """The records one of `names` (the reviewer's spellings, `_spellings`) authored."""
    edited = exists().where(
        changes.c.cluster == _C.cluster,
        changes.c.record_id == _C.id,
        changes.c.actor.in_(list(names)),
    )
    handed_in = exists().where(
        _L.cluster == _C.cluster,
        _L.record_id == _C.id,
        _L.reviewer.in_(list(names)),
        or_(_L.old_status.is_(None), _L.new_status == "submitted"),
    )
    return or_(edited, handed_in)


def _spellings(conn: Connection, cluster: str, reviewer: str) -> list[str]:
    """Every name in the cluster's logs that is the reviewer's (`person_key`): compared in
    Python, since SQLite's lower() folds ASCII only ("Šárka" would not be "šárka")."""
    me = person_key(reviewer)
    names = union(
        select(changes.c.actor).where(changes.c.cluster == cluster),
        select(_L.reviewer).where(_L.cluster == cluster),
    )
    return [n for (n,) in conn.execute(names) if person_key(n) == me] or [reviewer]


class ReviewQueue(StoreBase):
    def review_queue(self, cluster: str, reviewer: str, skip: Sequence[str] = ()) -> Queue:
        """The cluster's review queue as `reviewer` sees it, `skip` (ids) left for later."""
        with self.read() as conn:
            due, mine = _due(), _authored(_spellings(conn, cluster, reviewer))
            theirs = and_(_C.cluster == cluster, due, ~mine)
            skipped = _C.id.in_(list(skip)) if skip else None
            first = case((_C.status == "submitted", 0), else_=1)
            pick = select(_C.id).where(theirs).order_by(first, _C.updated_at, _C.id).limit(1)
            if skipped is not None:
                pick = pick.where(~skipped)
            next_id = conn.execute(pick).scalar()
            total = conn.execute(select(func.count()).where(theirs)).scalar_one()
            passed = (
                conn.execute(select(func.count()).where(theirs, skipped)).scalar_one()
                if skipped is not None
                else 0
            )
            authored = conn.execute(
                select(func.count()).where(_C.cluster == cluster, due, mine)
            ).scalar_one()
        return Queue(next_id, int(total), int(passed), int(authored))
