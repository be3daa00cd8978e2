"""Every change the program makes to the store: clusters, imports, records, reviews.

Why here: an import and a review decide *what* to write (`evidence.ingest`,
`evidence.review`); how it lands in the tables (the wide row, the earlier version kept
in `evidence_versions`, the append-only review log, the counts of an `imports` row) is
the store's. Methods that take a `conn` write inside the caller's `Store.write()`
transaction, so an import still writes all of its rows or none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from ..models import ClusterProfile, Record
from ..schema import awards, clusters, evidence, evidence_versions, imports, review_log
from .connection import StoreBase, StoreError, now
from .rows import db_row_to_record, insert_rows, record_columns, record_to_row, record_values

_BATCH = 2000  # rows per executemany


FILE_MAX = 1000  # `imports.file` is String(1000) in `evidence.schema`


class Writes(StoreBase):
    def add_cluster(self, profile: ClusterProfile) -> bool:
        """Create or update a cluster profile; returns True when it was new."""
        values = profile.model_dump()
        with self.write() as conn:
            exists = conn.execute(
                select(clusters.c.slug).where(clusters.c.slug == profile.slug)
            ).first()
            if exists:
                conn.execute(
                    clusters.update().where(clusters.c.slug == profile.slug).values(**values)
                )
            else:
                conn.execute(clusters.insert().values(**values, created_at=now()))
        return not exists

    # -- awards (append-only: migration 0004) ---------------------------------------
    def add_award(
        self, cluster: str, label: str, awarded_on: date, *, awarded_by: str, note: str
    ) -> int:
        """Record that `cluster` was awarded `label` on `awarded_on`; returns the award's id.

        The same label awarded on the same day again is refused: entered twice, the second
        read as a timely renewal of the first and kept an expired label valid a year on."""
        with self.write() as conn:
            self._require_cluster(conn, cluster)
            rows = list(conn.execute(select(awards).where(awards.c.cluster == cluster)))
            same = [r.id for r in _standing(rows) if (r.label, r.awarded_on) == (label, awarded_on)]
            if same:
                raise StoreError(
                    f"cluster {cluster!r} already holds the {label.capitalize()} label awarded on "
                    f"{awarded_on.isoformat()} (award {same[0]}); an award entered wrong is "
                    f"withdrawn (`clex label withdraw {same[0]} --reason ...`), then entered again"
                )
            res = conn.execute(
                awards.insert().values(
                    cluster=cluster,
                    label=label,
                    awarded_on=awarded_on,
                    awarded_by=awarded_by or None,
                    note=note or None,
                    recorded_at=now(),
                )
            )
            key = res.inserted_primary_key
            assert key is not None
            return int(key[0])

    def withdraw_award(self, cluster: str, award_id: int, reason: str) -> None:
        """Withdraw an award entered in error: a later row that names it, never a change."""
        with self.write() as conn:
            self._require_cluster(conn, cluster)
            rows = list(conn.execute(select(awards).where(awards.c.cluster == cluster)))
            award = next((r for r in rows if r.id == award_id and r.withdraws is None), None)
            if award is None:
                known = [str(r.id) for r in _standing(rows)]
                raise StoreError(
                    f"no award {award_id} of cluster {cluster!r} (its awards: "
                    f"{', '.join(known) or 'none'}); `clex label list` shows them"
                )
            if any(r.withdraws == award_id for r in rows):
                raise StoreError(f"award {award_id} of cluster {cluster!r} is already withdrawn")
            conn.execute(
                awards.insert().values(
                    cluster=cluster,
                    label=award.label,
                    awarded_on=award.awarded_on,
                    awarded_by=award.awarded_by,
                    note=reason,
                    recorded_at=now(),
                    withdraws=award_id,
                )
            )

    def _require_cluster(self, conn: Connection, cluster: str) -> None:
        """Lock the cluster's row (writers of one cluster queue), or say it is unknown."""
        found = conn.execute(
            select(clusters.c.slug).where(clusters.c.slug == cluster).with_for_update()
        ).first()
        if found is None:
            raise StoreError(
                f"no cluster {cluster!r} in the store; create it with "
                f"`clex init --cluster {cluster} --name NAME`"
            )

    # -- in the caller's write transaction --------------------------------------------
    def lock_cluster(self, conn: Connection, cluster: str) -> None:
        """Serialise writers of one cluster (PostgreSQL row lock; SQLite already holds the
        database's write lock from BEGIN IMMEDIATE)."""
        conn.execute(select(clusters.c.slug).where(clusters.c.slug == cluster).with_for_update())

    def start_imports(
        self,
        conn: Connection,
        cluster: str,
        files: Iterable[tuple[str, str]],
        reviewer: str | None,
        batch: int | None = None,
    ) -> list[int]:
        """One `imports` row per (file, its SHA-256); the counts are filled in at the end."""
        out = []
        for file, sha256 in files:
            if len(file) > FILE_MAX:  # a deep path: the column keeps its end, the file's name
                file = "..." + file[-(FILE_MAX - 3) :]
            res = conn.execute(
                imports.insert().values(
                    cluster=cluster,
                    file=file,
                    sha256=sha256,
                    at=now(),
                    rows=0,
                    created=0,
                    updated=0,
                    unchanged=0,
                    reviews=0,
                    reviewer=reviewer,
                    batch=batch,
                )
            )
            key = res.inserted_primary_key
            assert key is not None
            out.append(int(key[0]))
        return out

    def finish_imports(
        self, conn: Connection, import_ids: list[int], counts: Mapping[str, int]
    ) -> None:
        """The counts (rows, created, updated, unchanged, reviews) of finished imports."""
        conn.execute(imports.update().where(imports.c.id.in_(import_ids)).values(**counts))

    def insert_records(
        self,
        conn: Connection,
        new: Iterable[tuple[Record, str]],
        *,
        import_id: int | None,
        at: datetime,
    ) -> None:
        """Insert (record, its content digest) as version 1, a bulk insert per kind."""
        by_kind: dict[type[Record], list[tuple[Any, ...]]] = {}
        for record, sha in new:
            row = record_values(record, version=1, import_id=import_id, sha=sha, at=at)
            by_kind.setdefault(type(record), []).append(row)
        for cls, new_rows in by_kind.items():  # one kind: the same columns in every row
            for i in range(0, len(new_rows), _BATCH):
                insert_rows(conn, evidence, record_columns(cls), new_rows[i : i + _BATCH])

    def replace_record(
        self,
        conn: Connection,
        cluster: str,
        record: Record,
        *,
        version: int,
        sha: str,
        import_id: int | None,
    ) -> None:
        """Keep the old version of a changed record, then write the new one.

        The record keeps the source it was first imported from (`source_*`): where a
        later change came from is in the change log (`changes.origin`)."""
        old: Any = conn.execute(
            select(evidence).where(evidence.c.cluster == cluster, evidence.c.id == record.id)
        ).first()
        conn.execute(
            evidence_versions.insert().values(
                cluster=cluster,
                id=record.id,
                version=old.version,
                content_sha256=old.content_sha256,
                data=_dumps_json(db_row_to_record(old).model_dump(mode="json")),
                replaced_at=now(),
                import_id=import_id,
            )
        )
        values = record_to_row(
            record, version=version, import_id=import_id, sha=sha, all_columns=True
        )
        for column in _SOURCE_COLUMNS:
            values[column] = getattr(old, column)
        conn.execute(
            evidence.update()
            .where(evidence.c.cluster == cluster, evidence.c.id == record.id)
            .values(**values)
        )

    def set_status(self, conn: Connection, cluster: str, record_id: str, status: str) -> None:
        """A record's review status (its review log entry is `append_reviews`' job)."""
        conn.execute(
            evidence.update()
            .where(evidence.c.cluster == cluster, evidence.c.id == record_id)
            .values(status=status, updated_at=now())
        )

    def append_reviews(self, conn: Connection, entries: Sequence[dict[str, Any]]) -> None:
        """The only writer of the review log: it appends, nothing ever updates or deletes
        (the database refuses both, see migration 0002)."""
        for i in range(0, len(entries), _BATCH):
            rows = [tuple(map(e.__getitem__, _REVIEW_COLUMNS)) for e in entries[i : i + _BATCH]]
            insert_rows(conn, review_log, _REVIEW_COLUMNS, rows)


def review_entry(
    *,
    cluster: str,
    record_id: str,
    reviewer: str,
    old: str | None,
    new: str,
    note: str | None,
    version: int,
    at: datetime | None = None,
    batch: int | None = None,
) -> dict[str, Any]:
    """One entry of the review log, as `Store.append_reviews` takes it."""
    return {
        "cluster": cluster,
        "record_id": record_id,
        "at": at or now(),
        "reviewer": reviewer,
        "old_status": old,
        "new_status": new,
        "note": note,
        "record_version": version,
        "batch": batch,
    }


_REVIEW_COLUMNS = (  # the keys of `review_entry`
    "cluster",
    "record_id",
    "at",
    "reviewer",
    "old_status",
    "new_status",
    "note",
    "record_version",
    "batch",
)
_SOURCE_COLUMNS = ("source_file", "source_sheet", "source_row", "source_offset")


def _dumps_json(value: Any) -> str:
    """The text of an earlier version in `evidence_versions.data`."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _standing(rows: list[Any]) -> list[Any]:
    """The awards among a cluster's award rows that stand: neither a withdrawal row nor
    an award a later row withdraws."""
    gone = {r.withdraws for r in rows}
    return [r for r in rows if r.withdraws is None and r.id not in gone]
