"""The evidence store: SQLite by default, any SQLAlchemy URL (PostgreSQL) by `--db`.

Why a class around an Engine: it owns the things every caller would otherwise get
wrong: WAL and a busy timeout for SQLite, `BEGIN IMMEDIATE` for writers so that two
processes queue instead of failing half-way, migrations on first open, and the mapping
between frozen `Record` values and the wide `evidence` table. Every SQL statement on
the store's tables is here or in `evidence.schema` (the metric compiler,
`assessment.metrics`, builds its aggregates on `evidence.schema` and runs them on a
connection of `Store.read()`).

- `connection`: opening, migrating, the read and write transactions, bulk settings;
- `rows`: a record as a row of `evidence` and back, content digests, fast inserts;
- `reads`: every query (records, clusters, what an import, a review, an assessment and
  `clex verify` need to know, the awards);
- `writes`: every change (clusters, imports, records, versions, the review log, the
  awards);
- `history`: batches and the field-level change log (the manager's edits, withdrawals,
  undos and every import's changes, field by field);
- `accounts`: the web page's users and its append-only access log;
- `saved`: assessments kept whole in the store (the demo's, the web page's);
- `queue`: the auditor's review queue (the next record due, how many are left).
- `listing`: one page of a cluster's records, by keyset (the web's evidence list).
"""

from __future__ import annotations

from ..models import COMMON_FIELDS
from .accounts import AccessEntry, Accounts
from .connection import (
    BUSY_TIMEOUT_S,
    MMAP_BYTES,
    StoreError,
    integrity_ok,
    is_utf8,
    now,
    to_url,
)
from .history import History, change_entry, field_changes, json_value
from .listing import Listing
from .queue import Queue, ReviewQueue
from .reads import (
    REF_COLUMNS,
    STATUS_AT,
    Award,
    Reads,
    Withdrawal,
    as_utc,
    aware,
    end_of_day,
    status_at,
)
from .rows import (
    LIST_FIELDS,
    content_sha256,
    db_row_to_record,
    insert_rows,
    record_columns,
    record_to_row,
    record_values,
)
from .saved import Saved
from .writes import Writes, review_entry


class Store(Reads, Writes, History, Accounts, Saved, ReviewQueue, Listing):
    """One store: `Store(path or URL)` opens (and migrates) it."""


__all__ = [
    "BUSY_TIMEOUT_S",
    "COMMON_FIELDS",
    "LIST_FIELDS",
    "MMAP_BYTES",
    "REF_COLUMNS",
    "STATUS_AT",
    "AccessEntry",
    "Accounts",
    "Award",
    "History",
    "Listing",
    "Queue",
    "ReviewQueue",
    "Saved",
    "Store",
    "StoreError",
    "Withdrawal",
    "as_utc",
    "aware",
    "change_entry",
    "content_sha256",
    "db_row_to_record",
    "end_of_day",
    "field_changes",
    "insert_rows",
    "integrity_ok",
    "is_utf8",
    "json_value",
    "now",
    "record_columns",
    "record_to_row",
    "record_values",
    "review_entry",
    "status_at",
    "to_url",
]
