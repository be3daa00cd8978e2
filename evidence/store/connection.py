"""Opening the store and holding its transactions: the part every caller would get wrong.

WAL and a busy timeout for SQLite, `BEGIN IMMEDIATE` for writers so that two processes
queue instead of failing half-way, migrations on first open, a store that is busy too
long or cannot be opened as a `StoreError`, and the connection settings of a bulk
import. `StoreBase` is the part of `Store` the reading and writing halves build on.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from ..findings import Finding, UserDataError

log = logging.getLogger("evidence.store")

BUSY_TIMEOUT_S = 60
MMAP_BYTES = 1 << 30
CACHE_KIB = 32_768  # SQLite's page cache while importing (its default is 2 MiB)


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


class StoreBase:
    """The engine, its migrations and its two kinds of transaction."""

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

    @contextmanager
    def bulk(self, conn: Connection) -> Iterator[None]:
        """Settings for writing many rows, put back afterwards (issue 8).

        - CPython's cyclic garbage collector is paused: the objects of a chunk's rows live
          long enough to be promoted, and a 100,000-row import had it walk the whole heap
          over and over (about 2 s) to find next to nothing: an import's objects hold no
          cycles, reference counting frees them;
        - SQLite gets a 32 MiB page cache instead of 2 MiB on this connection: the indexes
          of `evidence` are written in id order, i.e. at random, and with the small cache
          their pages kept being evicted and read again (about a third of SQLite's insert
          time at 100,000 rows). The import's peak memory stays near 200 MB (300 allowed).
        """
        collecting = gc.isenabled()
        gc.disable()
        driver: Any = conn.connection.driver_connection if self.is_sqlite else None
        before = 0
        if driver is not None:
            before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
            driver.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        try:
            yield
        finally:
            if collecting:
                gc.enable()
            if driver is not None:  # the driver's connection: SQLAlchemy's may have failed
                driver.execute(f"PRAGMA cache_size={before}")

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()


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


def integrity_ok(store: StoreBase) -> bool:
    """SQLite's own integrity check (used by the kill-mid-import tests)."""
    if not store.is_sqlite:
        return True
    try:
        with store.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    except DBAPIError:
        return False
