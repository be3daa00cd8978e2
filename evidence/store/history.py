"""Batches and the field-level change log: what the manager's changes write and read.

Why apart from `reads`/`writes`: the review log says how a record's *status* moved; the
change log (`changes`, append-only in the database, migration 0007) says how its
*content* moved, field by field, and `batches` groups both by the command that made
them (an import run, an edit, a withdrawal, an undo). Listing the batches, undoing one
(`evidence.changes`) and a record's history (`clex evidence history`) read them here.

Values in `changes.old`/`changes.new` are JSON text of the field's value as a record's
`model_dump(mode="json")` gives it (NULL for an empty value), so a change can be put
back exactly (`evidence.changes.undo`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, or_, select

from ..models import WITHDRAWN, Record
from ..schema import batches, changes, evidence, imports, review_log
from .connection import StoreBase, StoreError, now, storable
from .rows import db_row_to_record, insert_rows

_CHANGE_COLUMNS = (
    "cluster",
    "record_id",
    "batch",
    "at",
    "actor",
    "action",
    "field",
    "old",
    "new",
    "origin",
)
_IN_CHUNK = 500


def json_value(value: Any) -> str | None:
    """A field's value as `changes` stores it: JSON text, None for an empty value."""
    if value is None or value in ((), [], ""):
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


def change_entry(
    *,
    cluster: str,
    record_id: str,
    batch: int,
    at: datetime,
    actor: str,
    action: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    origin: str | None = None,
) -> tuple[Any, ...]:
    """One row of the change log (values as `model_dump(mode="json")` gives them)."""
    return (
        cluster,
        record_id,
        batch,
        at,
        actor,
        action,
        field,
        json_value(old),
        json_value(new),
        origin,
    )


def field_changes(
    diffs: Sequence[tuple[str, Any, Any]],
    *,
    cluster: str,
    record_id: str,
    batch: int,
    at: datetime,
    actor: str,
    action: str,
    origin: str | None,
) -> list[tuple[Any, ...]]:
    """One row of the change log per changed field (`diffs`: field, old, new), as an
    import's update, an edit and an undo all write them."""
    return [
        change_entry(
            cluster=cluster,
            record_id=record_id,
            batch=batch,
            at=at,
            actor=actor,
            action=action,
            field=name,
            old=old,
            new=new,
            origin=origin,
        )
        for name, old, new in diffs
    ]


class History(StoreBase):
    # -- writing, in the caller's write transaction ------------------------------------
    def start_batch(
        self,
        conn: Connection,
        cluster: str,
        *,
        actor: str,
        action: str,
        command: str,
        undoes: int | None = None,
    ) -> int:
        """A new batch (one command that changes records); returns its id."""
        seq = conn.execute(select(func.max(review_log.c.seq))).scalar()
        res = conn.execute(
            batches.insert().values(
                cluster=cluster,
                at=now(),
                actor=actor,
                action=action,
                command=command,
                undoes=undoes,
                review_seq=seq or 0,
            )
        )
        key = res.inserted_primary_key
        assert key is not None
        return int(key[0])

    def append_changes(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """The only writer of the change log: it appends (the database refuses the rest)."""
        for i in range(0, len(rows), 2000):
            insert_rows(conn, changes, _CHANGE_COLUMNS, rows[i : i + 2000])

    # -- reading, in the caller's transaction --------------------------------------------
    def stored_records(
        self, conn: Connection, cluster: str, ids: Sequence[str]
    ) -> dict[str, tuple[Record, int]]:
        """id -> (record, version) of each of `ids` in the store."""
        out: dict[str, tuple[Record, int]] = {}
        wanted = list(ids)
        for i in range(0, len(wanted), _IN_CHUNK):
            q = select(evidence).where(
                evidence.c.cluster == cluster, evidence.c.id.in_(wanted[i : i + _IN_CHUNK])
            )
            for row in conn.execute(q):
                out[row.id] = (db_row_to_record(row), row.version)
        return out

    def batch_row(self, conn: Connection, batch_id: int) -> Row[Any]:
        row = None
        if storable(batch_id):
            row = conn.execute(select(batches).where(batches.c.id == batch_id)).first()
        if row is None:
            raise StoreError(f"no batch {batch_id} in the store; `clex import list` shows them")
        return row

    def batch_reviewer(self, conn: Connection, batch_id: int) -> str | None:
        """The reviewer of a review import's batch (`clex import --reviewer`), else None."""
        q = select(imports.c.reviewer).where(
            imports.c.batch == batch_id, imports.c.reviewer.is_not(None)
        )
        return conn.execute(q.limit(1)).scalar()

    def record_ids(self, conn: Connection, cluster: str) -> list[str]:
        """Every record id of the cluster: what a mistyped id in an import is checked
        against (`evidence.ingest`)."""
        q = select(evidence.c.id).where(evidence.c.cluster == cluster).order_by(evidence.c.id)
        return list(conn.execute(q).scalars())

    def field_changes(
        self, conn: Connection, cluster: str, ids: Sequence[str]
    ) -> dict[str, list[dict[str, Any]]]:
        """id -> the field rows of each record's change log (field, old, new as JSON
        text, action, origin, batch, at), oldest first: what a re-import puts back."""
        out: dict[str, list[dict[str, Any]]] = {}
        wanted = list(ids)
        for i in range(0, len(wanted), _IN_CHUNK):
            q = select(changes).where(
                changes.c.cluster == cluster,
                changes.c.record_id.in_(wanted[i : i + _IN_CHUNK]),
                changes.c.field.is_not(None),
            )
            for r in conn.execute(q.order_by(changes.c.seq)):
                out.setdefault(r.record_id, []).append(dict(r._mapping))
        return out

    def batch_entries(
        self, conn: Connection, batch_id: int
    ) -> tuple[list[Row[Any]], list[Row[Any]]]:
        """(change log rows, review log rows) a batch wrote, oldest first."""
        ch = list(conn.execute(select(changes).where(changes.c.batch == batch_id).order_by("seq")))
        rv = list(
            conn.execute(select(review_log).where(review_log.c.batch == batch_id).order_by("seq"))
        )
        return ch, rv

    def undo_chain(self, conn: Connection, batch_id: int) -> list[int]:
        """The batches that undid `batch_id`, then undid that undo, and so on, in order:
        [4, 5] when batch 4 undid it and batch 5 undid 4 (applied it again)."""
        out: list[int] = []
        current = batch_id
        while True:
            q = select(batches.c.id).where(batches.c.undoes == current).order_by(batches.c.id)
            nxt = conn.execute(q.limit(1)).scalar()
            if nxt is None:
                return out
            out.append(int(nxt))
            current = int(nxt)

    def touched_after(
        self,
        conn: Connection,
        cluster: str,
        ids: Sequence[str],
        batch: Row[Any],
        by: set[int | None] | None = None,
    ) -> dict[str, list[str]]:
        """id -> what changed each of `ids` after `batch` (a later batch's field change or
        status change, or a review without a batch made after it: batches are written
        one at a time, so every review entry after `batch.review_seq` that is not the
        batch's own came after it). `by` collects the later batches (None: a review)."""
        out: dict[str, list[str]] = {}
        wanted = list(ids)
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i : i + _IN_CHUNK]
            q = select(changes.c.record_id, changes.c.batch, changes.c.field).where(
                changes.c.cluster == cluster,
                changes.c.record_id.in_(chunk),
                changes.c.batch > batch.id,
            )
            for r in conn.execute(q.order_by(changes.c.seq)):
                what = f"{r.field} changed" if r.field else "created"
                if by is not None:
                    by.add(r.batch)
                out.setdefault(r.record_id, []).append(f"{what} by batch {r.batch}")
            q2 = select(review_log).where(
                review_log.c.cluster == cluster, review_log.c.record_id.in_(chunk)
            )
            for r in conn.execute(q2.order_by(review_log.c.seq)):
                if r.seq > batch.review_seq and r.batch != batch.id:
                    who = f"batch {r.batch}" if r.batch is not None else r.reviewer
                    if by is not None:
                        by.add(r.batch)
                    out.setdefault(r.record_id, []).append(
                        f"status {r.old_status} -> {r.new_status} by {who}"
                    )
        return out

    def status_before_withdrawal(
        self, conn: Connection, cluster: str, ids: Sequence[str]
    ) -> dict[str, str]:
        """id -> the status each record had before its latest withdrawal."""
        q = (
            select(review_log.c.record_id, review_log.c.old_status)
            .where(
                review_log.c.cluster == cluster,
                review_log.c.record_id.in_(list(ids)),
                review_log.c.new_status == WITHDRAWN,
            )
            .order_by(review_log.c.seq)
        )
        return {r.record_id: r.old_status or "submitted" for r in conn.execute(q)}

    def key_candidates(
        self, conn: Connection, cluster: str, kinds: Sequence[str]
    ) -> list[tuple[str, str, str, Any]]:
        """(id, kind, title, start) of the cluster's records of `kinds` that are not
        withdrawn: what a new record without an id may be a correction of."""
        q = select(evidence.c.id, evidence.c.kind, evidence.c.title, evidence.c.start).where(
            evidence.c.cluster == cluster,
            evidence.c.kind.in_(list(kinds)),
            evidence.c.status != WITHDRAWN,
        )
        return [(r[0], r[1], r[2], r[3]) for r in conn.execute(q.order_by(evidence.c.id))]

    def change_actors(
        self, conn: Connection, cluster: str, ids: Sequence[str]
    ) -> dict[str, set[str]]:
        """id -> everyone who created or changed the content of each record (an import's
        user, an edit's, an undo's): the change log's half of a record's authors, for
        the four-eyes rule (`Store.authors` joins it to the review log's half)."""
        out: dict[str, set[str]] = {}
        wanted = list(ids)
        for i in range(0, len(wanted), _IN_CHUNK):
            q = (
                select(changes.c.record_id, changes.c.actor)
                .where(
                    changes.c.cluster == cluster,
                    changes.c.record_id.in_(wanted[i : i + _IN_CHUNK]),
                )
                .distinct()
            )
            for rid, who in conn.execute(q):
                out.setdefault(rid, set()).add(who)
        return out

    def authors(self, conn: Connection, cluster: str, ids: Sequence[str]) -> dict[str, set[str]]:
        """id -> the names of each record's authors: whoever created it or changed its
        content (the change log's actors, `change_actors`), and whoever the review log
        names on its creation entry or on an entry that set it to `submitted`. The
        four-eyes rule (`evidence.review_import`) lets none of them verify it."""
        out: dict[str, set[str]] = {i: set() for i in ids}
        wanted = list(dict.fromkeys(ids))
        log = review_log.c
        for i in range(0, len(wanted), _IN_CHUNK):
            q = select(log.record_id, log.reviewer).where(
                log.cluster == cluster,
                log.record_id.in_(wanted[i : i + _IN_CHUNK]),
                or_(log.old_status.is_(None), log.new_status == "submitted"),
            )
            for row in conn.execute(q):
                out[row.record_id].add(row.reviewer)
        for rid, names in self.change_actors(conn, cluster, wanted).items():
            out[rid] |= names
        return out

    # -- reading, in a transaction of its own ------------------------------------------
    def record_changes(self, cluster: str, record_id: str) -> list[dict[str, Any]]:
        """The change log of one record, oldest first, each with its batch's command."""
        q = (
            select(
                changes,
                batches.c.command,
                batches.c.action.label("batch_action"),
                batches.c.review_seq,
            )
            .join(batches, batches.c.id == changes.c.batch)
            .where(changes.c.cluster == cluster, changes.c.record_id == record_id)
            .order_by(changes.c.seq)
        )
        with self.read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def batch_list(self, cluster: str | None = None) -> list[dict[str, Any]]:
        """Every batch (of `cluster`), oldest first: id, at, actor, action, command, the
        files of an import, created/changed/status counts, and the batch that undid it."""
        with self.read() as conn:
            q = select(batches).order_by(batches.c.id)
            if cluster:
                q = q.where(batches.c.cluster == cluster)
            rows: list[dict[str, Any]] = [dict(r._mapping) for r in conn.execute(q)]
            created: dict[int, int] = dict(
                conn.execute(
                    select(changes.c.batch, func.count())
                    .where(changes.c.action == "create")
                    .group_by(changes.c.batch)
                ).all()
            )
            changed: dict[int, int] = dict(
                conn.execute(
                    select(changes.c.batch, func.count(func.distinct(changes.c.record_id)))
                    .where(changes.c.action != "create")
                    .group_by(changes.c.batch)
                ).all()
            )
            statuses: dict[int, int] = dict(
                conn.execute(
                    select(review_log.c.batch, func.count())
                    .where(review_log.c.batch.is_not(None), review_log.c.old_status.is_not(None))
                    .group_by(review_log.c.batch)
                ).all()
            )
            files: dict[int, list[str]] = {}
            q2 = select(imports.c.batch, imports.c.file).order_by(imports.c.id)
            for batch, file in conn.execute(q2):
                if batch is not None:
                    files.setdefault(batch, []).append(file)
        undone = {r["undoes"]: r["id"] for r in rows if r["undoes"] is not None}
        for r in rows:
            r["created"] = created.get(r["id"], 0)
            r["changed"] = changed.get(r["id"], 0)
            r["statuses"] = statuses.get(r["id"], 0)
            r["files"] = files.get(r["id"], [])
            r["undone_by"] = undone.get(r["id"])
        return rows
