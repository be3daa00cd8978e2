"""Presence and training records, the member's org_id; staff loses its training hours.

Why (issue 15): a website or an ECCP profile is a standing presence, not a news item, so
it gets its own open-ended kind (`presence`: platform, languages); the communication
channel `eccp_profile` goes, and every record that used it becomes a presence of
platform `eccp_profile`, keeping its id, status, review log and earlier versions. A
staff member's `training_hours` were undated and counted in every period; training is
now dated entries (`training`: hours, person): each staff record's hours > 0 become a
training record dated at the staff member's start, `needs_info` with a note asking for
the real date(s), and the column goes. Members get `org_id`, their identity when given.

A record whose content changes here (a moved profile, a staff member without the hours)
gets its content digest recomputed as `evidence.store.rows.content_sha256` computes it
(written out below, so this revision does not depend on later models); `clex verify`
of a snapshot that cited such a record then says it changed, which it did.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

import hashlib
import json
import math
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NOTE = (
    "moved from the staff record by migration 0005: the hours were undated; "
    "give the date(s) of the training"
)
REVIEWER = "migration 0005"

# The content fields of each kind this revision writes a digest for, as its models have
# them (the common fields, then the kind's own).
_COMMON = ("title", "start", "end", "tags", "url", "attachment", "attachment_sha256")
_COMMON_TAIL = ("expires", "notes")
_CONTENT = {
    "staff": (*_COMMON, *_COMMON_TAIL, "role", "fte"),
    "presence": (*_COMMON, *_COMMON_TAIL, "platform", "languages"),
    "training": (*_COMMON, *_COMMON_TAIL, "hours", "person"),
}
_LISTS = ("tags", "languages")
_FLOATS = ("fte", "hours")


def _digest(kind: str, row: dict[str, Any]) -> str:
    """`content_sha256` of a record of `kind` whose column values are `row`."""
    data: dict[str, Any] = {}
    for name in _CONTENT[kind]:
        value = row.get(name)
        if name in _LISTS:
            value = [v for v in (value or "").split(",") if v]
        elif name in _FLOATS and value is not None:
            value = float(value)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, float) and not math.isfinite(value):
            continue
        data[name] = value
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _training_id(cluster: str, person: str, title: str, start: date) -> str:
    """`evidence.models.derive_id` of a training record (natural key person, title, start)."""

    def norm(value: Any) -> str:
        import unicodedata

        return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())

    key = "|".join(norm(v) for v in (person, title, start))
    digest = hashlib.sha256(f"{cluster}|training|{key}".encode()).hexdigest()
    return f"tra-{digest[:12]}"


def upgrade() -> None:
    op.add_column("evidence", sa.Column("org_id", sa.Text(), nullable=True))
    op.add_column("evidence", sa.Column("platform", sa.String(length=40), nullable=True))
    op.add_column("evidence", sa.Column("languages", sa.Text(), nullable=True))
    op.add_column("evidence", sa.Column("hours", sa.Float(), nullable=True))
    op.add_column("evidence", sa.Column("person", sa.Text(), nullable=True))
    conn = op.get_bind()
    meta = sa.MetaData()
    ev = sa.Table("evidence", meta, autoload_with=conn)
    log = sa.Table("review_log", meta, autoload_with=conn)
    at = datetime.now(UTC)
    _move_eccp_profiles(conn, ev)
    _move_training_hours(conn, ev, log, at)
    op.drop_column("evidence", "training_hours")  # SQLite 3.35+ drops a plain column too


def _move_eccp_profiles(conn: sa.Connection, ev: sa.Table) -> None:
    """Communication records of channel eccp_profile become presence records: same id,
    status and version; what a presence has no field for (audience, reach) goes into
    the notes rather than away."""
    rows = conn.execute(
        sa.select(ev).where(ev.c.kind == "communication", ev.c.channel == "eccp_profile")
    ).all()
    for row in rows:
        m = dict(row._mapping)
        extra = [f"{k}: {m[k]}" for k in ("audience", "reach") if m.get(k) not in (None, "")]
        notes = m.get("notes")
        if extra:
            moved = "moved from a communication record by migration 0005; " + ", ".join(extra)
            notes = f"{notes}\n{moved}" if notes else moved
        values = {
            "kind": "presence",
            "platform": "eccp_profile",
            "channel": None,
            "audience": None,
            "reach": None,
            "notes": notes,
        }
        values["content_sha256"] = _digest("presence", {**m, **values})
        conn.execute(
            ev.update().where(ev.c.cluster == m["cluster"], ev.c.id == m["id"]).values(**values)
        )


def _move_training_hours(conn: sa.Connection, ev: sa.Table, log: sa.Table, at: datetime) -> None:
    """Each staff member's training hours > 0 become a training record dated at the
    staff member's start, `needs_info`; every staff record that had the field gets its
    digest without it."""
    rows = conn.execute(
        sa.select(ev).where(ev.c.kind == "staff", ev.c.training_hours.is_not(None))
    ).all()
    for row in rows:
        m = dict(row._mapping)
        conn.execute(
            ev.update()
            .where(ev.c.cluster == m["cluster"], ev.c.id == m["id"])
            .values(content_sha256=_digest("staff", m))
        )
        hours = m["training_hours"]
        if not hours or hours <= 0:
            continue
        title = f"Training of {m['title']}"[:1000]
        record = {
            "cluster": m["cluster"],
            "id": _training_id(m["cluster"], m["title"], title, m["start"]),
            "kind": "training",
            "title": title,
            "start": m["start"],
            "hours": float(hours),
            "person": m["title"][:300],
            "status": "needs_info",
            "notes": NOTE,
            "version": 1,
            "updated_at": at,
        }
        exists = conn.execute(
            sa.select(ev.c.id).where(ev.c.cluster == m["cluster"], ev.c.id == record["id"])
        ).first()
        if exists is not None:  # two staff records with one name and start: one entry
            continue
        record["content_sha256"] = _digest("training", record)
        conn.execute(ev.insert().values(**record))
        conn.execute(
            log.insert().values(
                cluster=m["cluster"],
                record_id=record["id"],
                at=at,
                reviewer=REVIEWER,
                old_status=None,
                new_status="needs_info",
                note=NOTE,
                record_version=1,
            )
        )


def downgrade() -> None:
    raise NotImplementedError(
        "migration 0005 cannot be undone without losing presence and training records "
        "(the review log that names them is append-only); restore a backup of the store"
    )
