"""The store's tables, as one readable block of SQLAlchemy Core.

Evidence is one wide table: the common fields as columns and every kind's own fields as
nullable columns (named as in `evidence.models`), so that metrics are plain SQL
aggregates over indexed columns on SQLite and PostgreSQL alike. List fields (`tags`,
`partners`, `partner_countries`) are stored as `,a,b,` so that "contains" is a portable
`LIKE '%,a,%'`. The Alembic migrations under `evidence/migrations` create exactly this;
a test compares the two.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.types import TypeEngine

from .models import FieldType, all_kind_fields

metadata = MetaData()

clusters = Table(
    "clusters",
    metadata,
    Column("slug", String(63), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("country", String(2)),
    Column("region", String(200)),
    Column("sector", String(200)),
    Column("founded", Integer),
    Column("website", String(2000)),
    Column("legal_form", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster", String(63), ForeignKey("clusters.slug"), nullable=False),
    Column("file", String(1000), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("created", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("reviews", Integer, nullable=False, default=0),
    Column("reviewer", String(200)),
    Column("batch", Integer),  # 0007: the batch this file's import was part of
)

# Every command that changes records (an import run, an edit, a withdrawal or a restore,
# an undo) is one batch: who, when, the command line; `undoes` names the batch an undo
# reversed. The rows of `changes` and `review_log` point at their batch, so a batch can
# be listed (`clex import list`) and reversed (`clex import undo`) as one thing.
batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster", String(63), ForeignKey("clusters.slug"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("command", Text, nullable=False),
    Column("undoes", Integer, ForeignKey("batches.id")),
    # the review log's last seq when the batch began: its change rows come after those
    # entries and before its own (a record's history merges the two logs by it)
    Column("review_seq", Integer, nullable=False),
    Index("ix_batches_cluster", "cluster", "id"),
)

_SQL_TYPES: dict[FieldType, type[TypeEngine[Any]]] = {
    "text": Text,
    "choice": String,
    "list": Text,
    "int": Integer,
    "float": Float,
    "bool": Boolean,
    "date": Date,
}


def kind_columns() -> list[Column[Any]]:
    """One nullable column per kind field, typed from the record models."""
    cols: list[Column[Any]] = []
    for name, info in all_kind_fields().items():
        sql_type = _SQL_TYPES[info.type]
        cols.append(Column(name, sql_type(40) if sql_type is String else sql_type()))
    return cols


evidence = Table(
    "evidence",
    metadata,
    Column("cluster", String(63), ForeignKey("clusters.slug"), primary_key=True),
    Column("id", String(120), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("title", Text, nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date),
    # 0008: "day", or "month"/"year" for dates known only to the month or year
    Column("date_precision", String(5), nullable=False, server_default="day"),
    Column("tags", Text),
    Column("url", Text),
    Column("attachment", Text),
    Column("attachment_sha256", String(64)),
    Column("source_file", Text),
    Column("source_sheet", String(100)),
    Column("source_row", Integer),
    Column("source_offset", Integer),
    Column("status", String(20), nullable=False),
    Column("expires", Date),
    Column("notes", Text),
    Column("version", Integer, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id")),
    *kind_columns(),
    Index("ix_evidence_cluster_kind_start", "cluster", "kind", "start"),
    Index("ix_evidence_cluster_kind_end", "cluster", "kind", "end", "start", "status"),  # 0003
)

# Every earlier version of a record, written when an import replaces it: an auditor can
# see what a record said when a snapshot was taken.
evidence_versions = Table(
    "evidence_versions",
    metadata,
    Column("cluster", String(63), primary_key=True),
    Column("id", String(120), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("content_sha256", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id")),
    ForeignKeyConstraint(["cluster", "id"], ["evidence.cluster", "evidence.id"]),
)

# Append-only: no code path updates or deletes a row of this table.
review_log = Table(
    "review_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("cluster", String(63), nullable=False),
    Column("record_id", String(120), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("old_status", String(20)),
    Column("new_status", String(20), nullable=False),
    Column("note", Text),
    Column("record_version", Integer, nullable=False),
    Column("batch", Integer),  # 0007: the batch that made the change (None before 0007)
    ForeignKeyConstraint(["cluster", "record_id"], ["evidence.cluster", "evidence.id"]),
    Index("ix_review_log_record", "cluster", "record_id"),
)

# Field-level history, append-only like the review log (migration 0007 makes the
# database refuse updates and deletes): one row per changed field of a record, or one
# row (`field` NULL) for its creation. `old` and `new` are the values as JSON text (NULL:
# empty); `origin` says where the new value came from ("evidence.xlsx, sheet event, row
# 7" or "clex evidence edit"), since the record's `source_*` keep its first origin.
changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("cluster", String(63), nullable=False),
    Column("record_id", String(120), nullable=False),
    Column("batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(10), nullable=False),
    Column("field", String(60)),
    Column("old", Text),
    Column("new", Text),
    Column("origin", Text),
    ForeignKeyConstraint(["cluster", "record_id"], ["evidence.cluster", "evidence.id"]),
    Index("ix_changes_record", "cluster", "record_id"),
    Index("ix_changes_batch", "batch"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster", String(63), ForeignKey("clusters.slug"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("catalogue_id", String(63), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("document", Text, nullable=False),
)

# The labels a cluster was awarded (ECEI's award, not clex's readiness), one row each.
# Append-only like the review log: an award entered in error is withdrawn by a later row
# whose `withdraws` names it (label, date and body repeated, `note` the reason), so the
# store can always say what it recorded and when; the database refuses updates and
# deletes (migration 0004).
awards = Table(
    "awards",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster", String(63), ForeignKey("clusters.slug"), nullable=False),
    Column("label", String(40), nullable=False),
    Column("awarded_on", Date, nullable=False),
    Column("awarded_by", Text),
    Column("note", Text),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("withdraws", Integer, ForeignKey("awards.id")),
    Index("ix_awards_cluster", "cluster", "awarded_on"),
)

# The web page's users (0009, issue 20): an argon2id hash, never the password; one role,
# for one cluster (none for an admin or an association analyst); what the login lockout
# needs. A user is disabled, never deleted, so the logs' names keep meaning someone.
users = Table(
    "users",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("cluster", String(63), ForeignKey("clusters.slug")),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("signed_out_at", DateTime(timezone=True)),  # 0010: sessions begun before it end
)

# Append-only (0009): every action in the web page with the user's name: sign-ins, refused
# sign-ins, downloads, users added or disabled. Record changes go to `batches`, `changes`
# and `review_log` as from the command line; this log says who did what in the page.
access_log = Table(
    "access_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("cluster", String(63)),
    Column("target", Text),
    Column("detail", Text),
    Column("client", String(100)),
    Index("ix_access_log_actor", "actor", "seq"),
)
