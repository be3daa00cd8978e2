"""The evidence store: SQLite by default, any SQLAlchemy URL (PostgreSQL) by `--db`.

Why a class around an Engine: it owns the things every caller would otherwise get
wrong: WAL and a busy timeout for SQLite, `BEGIN IMMEDIATE` for writers so that two
processes queue instead of failing half-way, migrations on first open, and the mapping
between frozen `Record` values and the wide `evidence` table.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, OperationalError

from .findings import Finding, UserDataError
from .models import COMMON_FIELDS, KINDS, ClusterProfile, Record, Source, kind_fields, make_record
from .schema import clusters, evidence, evidence_versions, review_log

log = logging.getLogger(__name__)

LIST_FIELDS = frozenset(n for k in KINDS for n, f in kind_fields(k).items() if f.type == "list")
_NOT_CONTENT = {"source", "status", "id", "cluster", "kind"}
BUSY_TIMEOUT_S = 60


class StoreError(UserDataError):
    """The store cannot be used as asked (missing cluster, locked too long, bad URL)."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__([Finding(file=where, message=message)], message)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_url(db: str) -> str:
    """A path becomes a SQLite URL; anything with '://' is taken as an SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def content_sha256(record: Record) -> str:
    """Digest of what a record says (not where it came from or its review status).

    It is the SHA-256 of the JSON of the record's content fields as `model_dump(mode=
    "json")` gives them, empty ones left out, keys sorted; stored digests depend on that
    exact text. The JSON is built here straight from the field values, five times faster
    than a dump (an import digests every row, issue 8); a value of a type not handled
    here takes the dump (`_dumped_sha256`), and a test holds the two to the same text.
    """
    fields = _content_fields(type(record))
    if fields is None:
        return _dumped_sha256(record)
    data: dict[str, Any] = {}
    values = record.__dict__
    for name, is_float in fields:
        value = values[name]
        kind = type(value)
        if is_float and kind is int:  # a default such as `fte = 0`: the dump makes it 0.0
            value, kind = float(value), float
        if kind is str:
            if value:
                data[name] = value
        elif value is None:
            continue
        elif kind is date:
            data[name] = value.isoformat()
        elif kind is tuple:
            if value:
                if not all(type(v) is str for v in value):
                    return _dumped_sha256(record)
                data[name] = list(value)
        elif kind is int or kind is bool or (kind is float and math.isfinite(value)):
            data[name] = value
        else:
            return _dumped_sha256(record)
    return hashlib.sha256(_JSON.encode(data).encode()).hexdigest()


def _dumped_sha256(record: Record) -> str:
    """`content_sha256` by its definition: a JSON dump of the record's content."""
    data = record.model_dump(mode="json", exclude=_NOT_CONTENT, exclude_none=True)
    data = {k: v for k, v in data.items() if v not in ((), [], "")}
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


# what json.dumps(..., sort_keys=True, ensure_ascii=False) builds on every call
_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


@cache
def _content_fields(cls: type[Record]) -> tuple[tuple[str, bool], ...] | None:
    """(name, whether it is a float field) of each content field of an evidence kind."""
    kind = cls.model_fields["kind"].default
    if KINDS.get(kind) is not cls:
        return None
    floats = {n for n, f in kind_fields(kind).items() if f.type == "float"}
    return tuple((n, n in floats) for n in cls.model_fields if n not in _NOT_CONTENT)


def _join(values: Sequence[str]) -> str | None:
    return "," + ",".join(v.replace(",", " ") for v in values) + "," if values else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


_ALL_COLUMNS = tuple(evidence.c.keys())


def record_to_row(
    record: Record,
    *,
    version: int,
    import_id: int | None,
    sha: str = "",
    all_columns: bool = False,
) -> dict[str, Any]:
    """The row of one record: the columns of its kind (records of one kind share keys, as
    a bulk insert needs), or every column of the wide table (None where the kind lacks
    the field) with `all_columns`, so that an update also clears other kinds' columns."""
    row: dict[str, Any] = dict.fromkeys(_ALL_COLUMNS) if all_columns else {}
    values = record_values(record, version=version, import_id=import_id, sha=sha)
    row.update(zip(record_columns(type(record)), values, strict=True))
    return row


_TAIL = (
    "source_file",
    "source_sheet",
    "source_row",
    "source_offset",
    "version",
    "content_sha256",
    "updated_at",
    "import_id",
)


@cache
def _record_fields(cls: type[Record]) -> tuple[str, ...]:
    return tuple(name for name in cls.model_fields if name != "source")


@cache
def record_columns(cls: type[Record]) -> tuple[str, ...]:
    """The `evidence` columns a record of `cls` fills, in the order of `record_values`."""
    return _record_fields(cls) + _TAIL


def record_values(
    record: Record,
    *,
    version: int,
    import_id: int | None,
    sha: str = "",
    at: datetime | None = None,
) -> tuple[Any, ...]:
    """`record_to_row` as a tuple in `record_columns` order: what `insert_rows` takes."""
    values = record.__dict__
    row = [
        _join(value) if isinstance(value, tuple) else value
        for value in map(values.__getitem__, _record_fields(type(record)))
    ]
    src = record.source
    if src is None:
        row += (None, None, None, None)
    else:
        row += (src.file or None, src.sheet, src.row, src.offset)
    row += (version, sha or content_sha256(record), at or now(), import_id)
    return tuple(row)


def insert_rows(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT `rows`, tuples of plain values in `columns` order, in one executemany.

    Core's executemany builds a parameter dict per row and runs every value through
    its type's processor one by one; for a 100,000-row import that cost more than
    SQLite's own inserting (issue 8). Here the statement is compiled once per dialect
    and columns, the processors are looked up once, and the driver gets tuples. A
    driver with named parameters (psycopg) goes Core's way, which is just as right.
    """
    if not rows:
        return
    plan = _insert_plan(conn.dialect, table, columns)
    if plan is None:
        conn.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    sql, order, processors = plan
    params = [order(r) for r in rows]  # the statement's column order (the table's)
    if processors:
        # a value is processed once: rows share their dates and `updated_at`
        done: list[dict[Any, Any]] = [{} for _ in processors]
        for n, row in enumerate(params):
            values = list(row)
            for (i, process), seen in zip(processors, done, strict=True):
                value = values[i]
                if value is None:
                    continue
                # by value only where equal means the same text (not so for two aware
                # datetimes of the same instant in different zones)
                key = value if type(value) in (date, bool) else id(value)
                if key not in seen:
                    seen[key] = process(value)
                values[i] = seen[key]
            params[n] = tuple(values)
    conn.exec_driver_sql(sql, params)


_Plan = tuple[str, Callable[[tuple[Any, ...]], tuple[Any, ...]], list[tuple[int, Any]]]
_PLANS: dict[tuple[Any, ...], _Plan | None] = {}


def _insert_plan(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> _Plan | None:
    """(SQL with positional parameters, what puts a row in its order, the (index, bind
    processor) of each parameter that has one); None when parameters are named."""
    key = (type(dialect), dialect.paramstyle, table.name, columns)
    if key not in _PLANS:
        plan = None
        compiled = table.insert().compile(dialect=dialect, column_keys=list(columns))
        names = list(compiled.positiontup or ())
        if dialect.positional and len(columns) > 1 and sorted(names) == sorted(columns):
            order = itemgetter(*(columns.index(name) for name in names))
            processors = []
            for i, name in enumerate(names):
                process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors.append((i, process))
            if all(process(None) is None for _, process in processors):  # NULL stays NULL
                plan = (compiled.string, order, processors)
        _PLANS[key] = plan
    return _PLANS[key]


def row_to_record(row: Any) -> Record:
    m = row._mapping
    data: dict[str, Any] = {}
    for name in KINDS[m["kind"]].model_fields:
        if name == "source" or name not in m:
            continue
        value = m[name]
        if name == "tags" or name in LIST_FIELDS:
            value = _split(value)
        if value is not None:
            data[name] = value
    if m["source_file"]:
        data["source"] = Source(
            file=m["source_file"],
            sheet=m["source_sheet"],
            row=m["source_row"],
            offset=m["source_offset"],
        )
    return make_record(data)


class Store:
    def __init__(self, db: str) -> None:
        self.url = to_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        try:
            self.engine: Engine = create_engine(
                self.url,
                connect_args={"timeout": BUSY_TIMEOUT_S} if self.is_sqlite else {},
            )
        except Exception as exc:  # a malformed URL or a missing driver
            raise StoreError(f"cannot open the store {db!r}: {exc}") from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._migrate()

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("evidence") / "migrations"))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        try:
            with self.engine.connect() as conn:
                if MigrationContext.configure(conn).get_current_revision() == head:
                    return
            with self.write() as conn:
                if MigrationContext.configure(conn).get_current_revision() != head:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    log.info("store %s migrated to %s", self.url, head)
        except OperationalError as exc:
            raise StoreError(f"cannot open the store {self.url}: {exc.orig}") from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction; SQLite takes the write lock up front and waits for it."""
        try:
            with self.engine.connect() as conn:
                conn.info["immediate"] = True
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise StoreError(
                    f"the store is busy: another clex process held it for more "
                    f"than {BUSY_TIMEOUT_S} s; try again"
                ) from None
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- clusters ---------------------------------------------------------------------
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

    def cluster(self, slug: str) -> ClusterProfile:
        with self.read() as conn:
            row = conn.execute(select(clusters).where(clusters.c.slug == slug)).first()
            known = [r[0] for r in conn.execute(select(clusters.c.slug))] if not row else []
        if row is None:
            hint = f"clusters here: {', '.join(known)}" if known else "the store has none yet"
            raise StoreError(
                f"no cluster {slug!r} in the store ({hint}); create it with "
                f"`clex init --cluster {slug} --name NAME`"
            )
        data = {k: v for k, v in row._mapping.items() if k != "created_at"}
        return ClusterProfile.model_validate(data)

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
            return [row_to_record(r) for r in conn.execute(q)]

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
        return row_to_record(row), row._mapping["version"]

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

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()


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
) -> dict[str, Any]:
    return {
        "cluster": cluster,
        "record_id": record_id,
        "at": at or now(),
        "reviewer": reviewer,
        "old_status": old,
        "new_status": new,
        "note": note,
        "record_version": version,
    }


def append_reviews(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """The only writer of the review log: it appends, nothing ever updates or deletes
    (the database refuses both, see migration 0002)."""
    for i in range(0, len(entries), 2000):
        rows = [tuple(map(e.__getitem__, _REVIEW_COLUMNS)) for e in entries[i : i + 2000]]
        insert_rows(conn, review_log, _REVIEW_COLUMNS, rows)


_REVIEW_COLUMNS = (  # the keys of `review_entry`
    "cluster",
    "record_id",
    "at",
    "reviewer",
    "old_status",
    "new_status",
    "note",
    "record_version",
)


MMAP_BYTES = 1 << 30


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    # Reads through a memory map instead of a read() per page: an assessment walks a
    # cluster's records through the (cluster, kind, start) index, page by page, and
    # this made those scans about a third faster (issue 8, BENCHMARKS.md). Address
    # space only; the operating system's page cache holds the data either way.
    cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("immediate") else "BEGIN")


def integrity_ok(store: Store) -> bool:
    """SQLite's own integrity check (used by the kill-mid-import tests)."""
    if not store.is_sqlite:
        return True
    try:
        with store.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    except DBAPIError:
        return False


__all__ = ["COMMON_FIELDS", "Store", "StoreError", "append_reviews", "content_sha256"]
