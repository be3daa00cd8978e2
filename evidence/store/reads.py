"""Every query the rest of the program asks of the store (the metrics compiler aside).

Why here: the tables' layout (a wide `evidence` table, lists stored as `,a,b,`, the
review log beside it) stays the store's business; callers get records, counts and
plain rows. Methods that take a `conn` run inside a transaction the caller holds
(`Store.read()` or `Store.write()`), so that what they read belongs with what the
caller does next (an import's plan and its writes, an assessment's metrics and the
records they cite); the others open their own read transaction.

Statuses as they stood: the review log is append-only and every status change is in it
(a review, an import's review columns, the "content changed, review again" an import
writes, and a record's creation with its first status), so a record's status at an
instant is read back from it (`status_at`): the last review at or before the instant
gives its new status; with none, the first later one's old status (or, when that later
one is the record's creation, the status it was created with); with no review at all,
its current status. A record entered after the instant (its creation in the log comes
after it) was not in the store then: it stands as withdrawn, in no count, once the store
held any of the cluster's records by then (`entered_after` names them); a store whose
first record was entered later holds no state of that day to go back to, and a cluster
that starts using clex assesses its past from its evidence as dated. Only the status is
read back: a record's content is as it is now
(earlier contents are in `evidence_versions`, which an assessment does not read). So a
"verified" that stood at the instant is not taken for a record whose content changed
after it (an edit, an import's update, an undo): the review vouched for content the
record no longer holds, and an audit dated then would otherwise count unverified
content as verified; such a record stands as "submitted".
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Row,
    and_,
    bindparam,
    case,
    func,
    select,
)

from ..members import MemberName
from ..models import WITHDRAWN, ClusterProfile, Record
from ..schema import awards, batches, changes, clusters, evidence, evidence_versions, review_log
from .connection import StoreBase, StoreError
from .prepared import prepared
from .rows import db_row_to_record

_C = evidence.c
REF_COLUMNS = (
    _C.id,
    _C.kind,
    _C.title,
    _C.start,
    _C.end,
    _C.status,
    _C.content_sha256,
    _C.attachment_sha256,
    _C.expires,
    _C.source_file,
    _C.source_sheet,
    _C.source_row,
    _C.source_offset,
    _C.date_precision,
    _C["items"],  # `_C.items` is the collection's own method
)  # what a snapshot says of a record it cites (`assessment.snapshot.EvidenceRef`)


@dataclass(frozen=True)
class Award:
    """A label awarded to a cluster on a date, as the store recorded it; `withdrawn` and
    `withdrawn_reason` are set when a later row withdrew it (entered in error)."""

    id: int
    cluster: str
    label: str
    awarded_on: date
    awarded_by: str
    note: str
    recorded_at: datetime
    withdrawn: datetime | None = None
    withdrawn_reason: str = ""


@dataclass(frozen=True)
class Withdrawal:
    """A record's withdrawal as the review log has it: when, by whom, why (the manager's
    reason), and the import batch it reversed when an undo withdrew it."""

    id: str
    at: datetime
    by: str
    reason: str
    undoes: int | None


CONTENT_CHANGES = ("update", "edit", "undo")  # the change log's actions that alter content
STATUS_AT = "status_at"  # the parameter `status_at()` leaves open: an aware datetime
_AT = bindparam(STATUS_AT, type_=DateTime(timezone=True))


def aware(at: datetime) -> datetime:
    """A time the store gave back, aware: SQLite gives back naive datetimes; the store
    writes UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """A time in UTC, as the store keeps it, a naive one taken as UTC: a time the store
    gave back (SQLite gives the wall time it stored, which is UTC; PostgreSQL the
    session's time zone), or one given to it (a review's `at`)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """The instant a day ends (UTC): statuses "as of" a day are those at this instant."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def status_at() -> ColumnElement[str]:
    """A record's status at the instant `STATUS_AT`, read back from the review log (see
    the module's docstring); a correlated subquery on `evidence`, so it is only used
    when some review of the cluster came after that instant (`Reads.reviewed_after`)."""
    log = review_log.alias("rl")
    mine = (log.c.cluster == _C.cluster, log.c.record_id == _C.id)
    before = (
        select(log.c.new_status)
        .where(*mine, log.c.at < _AT)
        .order_by(log.c.at.desc(), log.c.seq.desc())
        .limit(1)
        .correlate(evidence)
        .scalar_subquery()
    )
    after = (
        select(func.coalesce(log.c.old_status, log.c.new_status))
        .where(*mine, log.c.at >= _AT)
        .order_by(log.c.at, log.c.seq)
        .limit(1)
        .correlate(evidence)
        .scalar_subquery()
    )
    stood = func.coalesce(before, after, _C.status)
    # entered after the instant, in a store that held the cluster's records by then
    created = review_log.alias("cr")
    entered_later = (
        select(created.c.seq)
        .where(
            created.c.cluster == _C.cluster,
            created.c.record_id == _C.id,
            created.c.old_status.is_(None),
            created.c.at >= _AT,
        )
        .correlate(evidence)
        .exists()
    )
    first = review_log.alias("first")
    in_use = (
        select(first.c.seq)
        .where(first.c.cluster == _C.cluster, first.c.old_status.is_(None), first.c.at < _AT)
        .correlate(evidence)
        .exists()
    )
    # content changed after the instant: the review then was of other content (module)
    changed = (
        select(changes.c.seq)
        .where(
            changes.c.cluster == _C.cluster,
            changes.c.record_id == _C.id,
            changes.c.at >= _AT,
            changes.c.action.in_(CONTENT_CHANGES),
        )
        .correlate(evidence)
        .exists()
    )
    # the EXISTS first, then `stood` once (its two subqueries are the cost): a verified
    # that stood becomes submitted, any other status stays what it was
    return case(
        (and_(entered_later, in_use), WITHDRAWN),
        (changed, func.replace(stood, "verified", "submitted")),
        else_=stood,
    )


def _status(at: datetime | None) -> ColumnElement[Any]:
    return _C.status if at is None else status_at().label("status")


def _params(cluster: str, at: datetime | None) -> dict[str, Any]:
    return {"cluster": cluster} if at is None else {"cluster": cluster, STATUS_AT: at}


_CLUSTER = select(clusters).where(clusters.c.slug == bindparam("slug"))
_ANY_EVIDENCE = select(_C.id).where(_C.cluster == bindparam("cluster")).limit(1)
_IN_CHUNK = 500  # ids per `IN (...)`


class Reads(StoreBase):
    # -- clusters ---------------------------------------------------------------------
    def cluster(self, slug: str) -> ClusterProfile:
        with self.read() as conn:  # compiled once: every page of a cluster reads it
            row = prepared(_CLUSTER, conn.dialect).mapping(conn, {"slug": slug})
            known = [r[0] for r in conn.execute(select(clusters.c.slug))] if not row else []
        if row is None:
            hint = f"clusters here: {', '.join(known)}" if known else "the store has none yet"
            raise StoreError(
                f"no cluster {slug!r} in the store ({hint}); create it with "
                f"`clex init --cluster {slug} --name NAME`"
            )
        data = {k: v for k, v in row.items() if k != "created_at"}
        return ClusterProfile.model_validate(data, context={"stored": True})

    def cluster_slugs(self) -> list[str]:
        """The slugs of the clusters the store holds, sorted (the command line's
        `--cluster` is checked against them, and may be left out when there is one)."""
        with self.read() as conn:
            return sorted(row[0] for row in conn.execute(select(clusters.c.slug)))

    # -- awards -----------------------------------------------------------------------
    def awards(self, cluster: str, *, until: date | None = None) -> list[Award]:
        """The cluster's awards (awarded on or before `until`), oldest first, each with
        its withdrawal when a later row withdrew it."""
        q = select(awards).where(awards.c.cluster == cluster).order_by(awards.c.id)
        with self.read() as conn:
            rows = list(conn.execute(q))
        withdrawals = {r.withdraws: r for r in rows if r.withdraws is not None}
        out = []
        for r in rows:
            if r.withdraws is not None or (until is not None and r.awarded_on > until):
                continue
            gone = withdrawals.get(r.id)
            out.append(
                Award(
                    id=r.id,
                    cluster=r.cluster,
                    label=r.label,
                    awarded_on=r.awarded_on,
                    awarded_by=r.awarded_by or "",
                    note=r.note or "",
                    recorded_at=r.recorded_at,
                    withdrawn=gone.recorded_at if gone is not None else None,
                    withdrawn_reason=(gone.note or "") if gone is not None else "",
                )
            )
        return sorted(out, key=lambda a: (a.awarded_on, a.id))

    # -- evidence ---------------------------------------------------------------------
    def records(
        self,
        cluster: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        start: date | None = None,
        end: date | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[Record]:
        q = select(evidence).where(evidence.c.cluster == cluster)
        if kind:
            q = q.where(evidence.c.kind == kind)
        if status:
            q = q.where(evidence.c.status == status)
        if start:
            q = q.where(evidence.c.start >= start)
        if end:
            q = q.where(evidence.c.start <= end)
        if ids is not None:
            q = q.where(evidence.c.id.in_(list(ids)))
        q = q.order_by(evidence.c.kind, evidence.c.start, evidence.c.id)
        with self.read() as conn:
            return [db_row_to_record(r) for r in conn.execute(q)]

    def record(self, cluster: str, record_id: str) -> tuple[Record, int]:
        with self.read() as conn:
            row = conn.execute(
                select(evidence).where(evidence.c.cluster == cluster, evidence.c.id == record_id)
            ).first()
        if row is None:
            raise StoreError(
                f"no evidence record {record_id!r} in cluster {cluster!r}; "
                "`clex evidence list` shows the ids"
            )
        return db_row_to_record(row), row._mapping["version"]

    def history(
        self, cluster: str, record_id: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(reviews oldest first, earlier versions oldest first) of one record."""
        self.record(cluster, record_id)
        with self.read() as conn:
            reviews = [
                dict(r._mapping)
                for r in conn.execute(
                    select(review_log)
                    .where(review_log.c.cluster == cluster, review_log.c.record_id == record_id)
                    .order_by(review_log.c.seq)
                )
            ]
            versions = [
                dict(r._mapping)
                for r in conn.execute(
                    select(evidence_versions)
                    .where(
                        evidence_versions.c.cluster == cluster, evidence_versions.c.id == record_id
                    )
                    .order_by(evidence_versions.c.version)
                )
            ]
        return reviews, versions

    # -- in the caller's transaction: an import, a review, an export ------------------
    def has_evidence(self, conn: Connection, cluster: str) -> bool:
        return conn.execute(_ANY_EVIDENCE.params(cluster=cluster)).first() is not None

    def stored_states(
        self, conn: Connection, cluster: str, ids: list[str]
    ) -> dict[str, dict[str, Any]]:
        """Stored kind, version, digest, status and last review note of each id, in chunks."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i : i + _IN_CHUNK]
            q = select(_C.id, _C.version, _C.content_sha256, _C.status, _C.kind).where(
                _C.cluster == cluster, _C.id.in_(chunk)
            )
            for row in conn.execute(q):
                out[row.id] = {
                    "kind": row.kind,
                    "version": row.version,
                    "sha": row.content_sha256,
                    "status": row.status,
                    "note": None,
                }
            notes = (
                select(review_log.c.record_id, review_log.c.note)
                .where(review_log.c.cluster == cluster, review_log.c.record_id.in_(chunk))
                .order_by(review_log.c.seq)
            )
            for note in conn.execute(notes):
                out[note.record_id]["note"] = note.note
        return out

    def earlier_versions(
        self, conn: Connection, cluster: str, ids: Sequence[str]
    ) -> dict[str, list[tuple[int, str, dict[str, Any]]]]:
        """id -> (version, content digest, content as JSON) of each earlier version."""
        out: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
        wanted = list(dict.fromkeys(ids))
        v = evidence_versions.c
        for i in range(0, len(wanted), _IN_CHUNK):
            q = (
                select(v.id, v.version, v.content_sha256, v.data)
                .where(v.cluster == cluster, v.id.in_(wanted[i : i + _IN_CHUNK]))
                .order_by(v.id, v.version)
            )
            for row in conn.execute(q):
                out.setdefault(row.id, []).append(
                    (row.version, row.content_sha256, json.loads(row.data))
                )
        return out

    def records_in(self, conn: Connection, cluster: str, ids: Sequence[str]) -> dict[str, Record]:
        """id -> the stored record, of each of `ids` in the store (in the caller's
        transaction, as an import reads them)."""
        out: dict[str, Record] = {}
        wanted = list(dict.fromkeys(ids))
        for i in range(0, len(wanted), _IN_CHUNK):
            q = select(evidence).where(_C.cluster == cluster, _C.id.in_(wanted[i : i + _IN_CHUNK]))
            out.update((r.id, db_row_to_record(r)) for r in conn.execute(q))
        return out

    def updated_since(self, conn: Connection, cluster: str, at: datetime) -> set[str]:
        """The ids of the cluster's records created or changed (content or status) at or
        after `at`."""
        since = bindparam("since", at, type_=DateTime(timezone=True))
        q = select(_C.id).where(_C.cluster == cluster, _C.updated_at >= since)
        return {r[0] for r in conn.execute(q)}

    def member_names(self, conn: Connection, cluster: str) -> list[MemberName]:
        """Every member of the cluster that is not withdrawn, for the near-duplicate and
        same-organisation checks (a withdrawn duplicate is settled)."""
        q = select(_C.id, _C.title, _C.org_id, _C.start, _C.end).where(
            _C.cluster == cluster, _C.kind == "member", _C.status != WITHDRAWN
        )
        return [
            MemberName(r.id, r.title, r.org_id, f"stored record {r.id}", r.start, r.end)
            for r in conn.execute(q.order_by(_C.id))
        ]

    def staff_spells(self, conn: Connection, cluster: str) -> list[tuple[Any, ...]]:
        """(id, title, start, end, employed_since) of every staff record of the cluster
        that is not withdrawn, for the check of records continuing one another
        (`evidence.staffspells`)."""
        q = select(_C.id, _C.title, _C.start, _C.end, _C.employed_since).where(
            _C.cluster == cluster, _C.kind == "staff", _C.status != WITHDRAWN
        )
        return [tuple(r) for r in conn.execute(q.order_by(_C.id))]

    def statuses(self, conn: Connection, cluster: str, ids: Sequence[str]) -> dict[str, Any]:
        """id -> (id, status, version) of each of `ids` in the store."""
        q = select(_C.id, _C.status, _C.version).where(_C.cluster == cluster, _C.id.in_(list(ids)))
        return {r.id: r for r in conn.execute(q)}

    def versions(self, conn: Connection, cluster: str) -> dict[str, int]:
        """id -> version of every record of the cluster."""
        q = select(_C.id, _C.version).where(_C.cluster == cluster)
        return dict(conn.execute(q).all())

    def reviews(self, conn: Connection, cluster: str) -> Iterator[Row[Any]]:
        """The cluster's review log, oldest entry first."""
        q = select(review_log).where(review_log.c.cluster == cluster).order_by(review_log.c.seq)
        yield from conn.execute(q)

    # -- what an assessment and `clex verify` ask -------------------------------------
    def evidence_refs(
        self, conn: Connection, cluster: str, ids: Iterable[str], *, at: datetime | None = None
    ) -> Iterator[Sequence[Any]]:
        """`REF_COLUMNS` of each of `ids` that is in the store (the status as it stood at
        `at` when given, see `status_at`)."""
        wanted = sorted(ids)
        columns = [_status(at) if c is _C.status else c for c in REF_COLUMNS]
        for i in range(0, len(wanted), _IN_CHUNK):
            q = select(*columns).where(_C.cluster == cluster, _C.id.in_(wanted[i : i + _IN_CHUNK]))
            yield from conn.execute(q, _params(cluster, at))

    def status_counts(
        self, conn: Connection, cluster: str, *, until: date, at: datetime | None = None
    ) -> dict[str, int]:
        """status -> number of the cluster's records that start on or before `until`
        (their statuses at `at` when given)."""
        status = _status(at)
        q = select(status, func.count()).where(_C.cluster == cluster, _C.start <= until)
        return dict(conn.execute(q.group_by(status), _params(cluster, at)).all())

    def reviewed_after(self, conn: Connection, cluster: str, at: datetime) -> bool:
        """Whether some record's status changed after `at`, or a record was entered after
        it into a store that held the cluster's records by then (if not, the status column
        is each record's status at `at`; `status_at`)."""
        q = select(review_log.c.seq).where(
            review_log.c.cluster == cluster,
            review_log.c.at >= at,
            review_log.c.old_status.is_not(None),
            review_log.c.old_status != review_log.c.new_status,
        )
        if conn.execute(q.limit(1)).first() is not None:
            return True
        return bool(self.entered_after(conn, cluster, at, limit=1))

    def entered_after(
        self,
        conn: Connection,
        cluster: str,
        at: datetime,
        *,
        day: date | None = None,
        statuses: Collection[str] | None = None,
        limit: int | None = None,
    ) -> dict[str, datetime]:
        """id -> when it was entered, of the cluster's records entered after `at` (their
        creation in the review log), when the store held any of the cluster's records
        before `at`; empty otherwise (`status_at`: a store filled later has no earlier
        state to go back to). `day`: only those dated on or before it (one dated after
        is said to be so already); `statuses`: only those whose status now is one of
        them (those a later assessment would count); `limit`: at most this many."""
        log = review_log.c
        mine = (log.cluster == cluster, log.old_status.is_(None))
        held = select(log.seq).where(*mine, log.at < at).limit(1)
        if conn.execute(held).first() is None:
            return {}
        q = (
            select(log.record_id, log.at)
            .join(evidence, and_(_C.cluster == log.cluster, _C.id == log.record_id))
            .where(*mine, log.at >= at)
            .order_by(log.record_id)
        )
        if day is not None:
            q = q.where(_C.start <= day)
        if statuses is not None:
            q = q.where(_C.status.in_(list(statuses)))
        rows = conn.execute(q if limit is None else q.limit(limit))
        return {r[0]: aware(r[1]) for r in rows}

    def entered_on(
        self, conn: Connection, cluster: str, ids: Collection[str]
    ) -> dict[str, datetime]:
        """id -> when each of `ids` was entered (its creation in the review log); a
        record entered before the log kept creations is not among them."""
        log = review_log.c
        out: dict[str, datetime] = {}
        wanted = sorted(ids)
        for i in range(0, len(wanted), _IN_CHUNK):
            q = select(log.record_id, func.min(log.at)).where(
                log.cluster == cluster,
                log.old_status.is_(None),
                log.record_id.in_(wanted[i : i + _IN_CHUNK]),
            )
            out.update({r[0]: aware(r[1]) for r in conn.execute(q.group_by(log.record_id))})
        return out

    def changed_after(self, conn: Connection, cluster: str, at: datetime, day: date) -> list[str]:
        """The ids of the cluster's records dated on or before `day` and not withdrawn
        whose content changed after `at` (an edit, an import's update, an undo), sorted:
        those an assessment of `day` counts as they are now. Through the batches after
        `at` (a few rows), not the cluster's whole change log; a record dated after `day`
        is no part of that assessment, whatever its changes."""
        later = select(batches.c.id).where(batches.c.cluster == cluster, batches.c.at >= at)
        q = (
            select(changes.c.record_id)
            .join(evidence, and_(_C.cluster == changes.c.cluster, _C.id == changes.c.record_id))
            .where(
                changes.c.batch.in_(later.scalar_subquery()),
                changes.c.at >= at,
                changes.c.action.in_(CONTENT_CHANGES),
                _C.start <= day,
                _C.status != WITHDRAWN,
            )
            .distinct()
        )
        return sorted(r[0] for r in conn.execute(q))

    def withdrawn_after(self, conn: Connection, cluster: str, at: datetime) -> list[Withdrawal]:
        """The cluster's records withdrawn now whose last withdrawal came after `at`,
        sorted by id: an assessment of a day before counts them as they stood then."""
        log = review_log.c
        q = (
            select(log.record_id, log.at, log.reviewer, log.note, batches.c.undoes)
            .select_from(review_log.outerjoin(batches, batches.c.id == log.batch))
            .join(evidence, and_(_C.cluster == log.cluster, _C.id == log.record_id))
            .where(
                log.cluster == cluster,
                log.new_status == WITHDRAWN,
                log.at >= at,
                _C.status == WITHDRAWN,
            )
            .order_by(log.record_id, log.seq)
        )
        last = {r[0]: r for r in conn.execute(q)}  # a record's last withdrawal wins
        return [Withdrawal(i, aware(r[1]), r[2], r[3] or "", r[4]) for i, r in sorted(last.items())]

    def approved_after(
        self,
        conn: Connection,
        cluster: str,
        day: date,
        statuses: Collection[str],
        at: datetime | None = None,
    ) -> dict[str, date]:
        """id -> approval day of the cluster's records approved after `day` (a document's
        `approved_on`): not yet approved evidence on that day, whatever span they cover.
        Only those of `statuses` (as they stood at `at` when given): a rejected, a
        withdrawn or an uncounted draft document is no evidence whenever it was approved,
        and naming it "not counted for its approval day" gave the wrong reason. Not one
        dated after `day` either: that is said of it already (`dated_after`)."""
        q = select(_C.id, _C.approved_on, _status(at)).where(
            _C.cluster == cluster, _C.approved_on > day, _C.start <= day
        )
        rows = conn.execute(q, _params(cluster, at))
        return {r[0]: r[1] for r in sorted(rows) if r[2] in statuses}

    def dated_after(self, conn: Connection, cluster: str, day: date) -> list[str]:
        """The ids of the cluster's records that start after `day`, sorted."""
        q = select(_C.id).where(_C.cluster == cluster, _C.start > day)
        return sorted(r[0] for r in conn.execute(q))

    def digests(
        self, cluster: str, ids: Sequence[str], *, at: datetime | None = None
    ) -> dict[str, tuple[str, str]]:
        """id -> (content digest, status) of each of `ids` that is in the store (the
        status as it stood at `at` when given and some review came after it)."""
        out: dict[str, tuple[str, str]] = {}
        with self.read() as conn:
            if at is not None and not self.reviewed_after(conn, cluster, at):
                at = None
            status = _status(at)
            for i in range(0, len(ids), _IN_CHUNK):
                q = select(_C.id, _C.content_sha256, status).where(
                    _C.cluster == cluster, _C.id.in_(ids[i : i + _IN_CHUNK])
                )
                out.update({r[0]: (r[1], r[2]) for r in conn.execute(q, _params(cluster, at))})
        return out
