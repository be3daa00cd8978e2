"""Opening the store and holding its transactions: the part every caller would get wrong.

WAL and a busy timeout for SQLite, `BEGIN IMMEDIATE` for writers so that two processes
queue instead of failing half-way, migrations on first open, and the connection settings
of a bulk import. The head revision of the migrations is a constant here (`HEAD`, held
to Alembic's by a test): a store found at it by the guard's one-statement look is
opened with that one query, and Alembic is imported only to upgrade (or to tell an
older revision from a newer one): every command opens the store, few ever migrate.
Before any of that, `evidence.store.guard` looks at the file or database read-only:
what is not a clex store (or a newer one) is refused untouched; the machine's trouble
met later (a full disk, a read-only file, a lock held too long, a corrupt page) is a
`MachineError` through the engine's `handle_error` hook.
`StoreBase` is the part of `Store` the reading and writing halves build on.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from ..collector import collector_paused
from ..findings import Finding, UserDataError
from ..outfile import keeping
from . import guard

log = logging.getLogger("evidence.store")

BUSY_TIMEOUT_S = 60  # how long a command waits for another's lock; CLEX_BUSY_TIMEOUT sets it
LONGEST_WAIT_S = 2_147_483  # PostgreSQL's longest lock_timeout (2**31 - 1 ms), about 24 days
MMAP_BYTES = 1 << 30
CACHE_KIB = 32_768  # SQLite's page cache while importing (its default is 2 MiB)
HEAD = "0012"  # the newest migration's revision (evidence/migrations/versions/)
LARGEST_INTEGER = 2**63 - 1  # of an integer column, in SQLite and PostgreSQL's bigint

# A server database's tables and revision in one statement (see guard.LOOK); without
# `alembic_version` it fails and the tables are read alone.
_PG_TABLES = (
    "SELECT 'table', c.relname FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
)
_PG_LOOK = _PG_TABLES + " UNION ALL SELECT 'revision', version_num FROM alembic_version"


class StoreError(UserDataError):
    """The store cannot be used as asked (missing cluster, locked too long, bad URL)."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__([Finding(file=where, message=message)], message)


def storable(n: int) -> bool:
    """Whether `n` fits an integer column. Why: a batch or assessment number typed as
    99999999999999999999999 (`clex import undo`, the page's `?n=`) is no number the store
    holds, and SQLite refuses to compare it at all (Python's OverflowError, a traceback);
    a lookup asks this first and finds nothing, as it does for any other unknown number."""
    return -LARGEST_INTEGER - 1 <= n <= LARGEST_INTEGER


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_url(db: str) -> str:
    """A path becomes a SQLite URL; anything with '://' is taken as an SQLAlchemy URL.

    `postgres://`, as Heroku, Render and Supabase hand out their URLs (and libpq takes
    them), is PostgreSQL: SQLAlchemy knows only `postgresql`, and the pasted URL was
    "Can't load plugin: sqlalchemy.dialects:postgres". (`postgresql://` without a driver
    is psycopg 3's already, SQLAlchemy's default since 2.1.)"""
    if db.startswith(("postgres://", "postgres+")):
        db = "postgresql" + db.removeprefix("postgres")
    if "://" in db:
        if not is_utf8(db):  # the driver's traceback (a Latin-2 terminal typed the password)
            shown = guard.hide_password(repr(db.encode("utf-8", "surrogateescape")))
            raise StoreError(
                f"cannot open the store {shown}: the URL is not UTF-8 text; give it in UTF-8 "
                "(a password's special characters percent-encoded, e.g. %C3%A9 for é)"
            )
        return db
    try:
        path = Path(db).expanduser()
    except RuntimeError:  # ~nosuchuser/x.db
        raise StoreError(f"cannot open the store {db!r}: no home folder for its ~") from None
    return f"sqlite:///{path.resolve()}"


def busy_timeout() -> float:
    """Seconds to wait for another process's lock: `CLEX_BUSY_TIMEOUT`, else 60; at most
    `LONGEST_WAIT_S`. Why the bound: `inf` was "cannot open the store 'clex.db': cannot
    convert float infinity to integer", and a wait of a month PostgreSQL's refusal of its
    lock_timeout, said as a server that cannot be reached."""
    try:
        value = float(os.environ.get("CLEX_BUSY_TIMEOUT", BUSY_TIMEOUT_S))
    except ValueError:
        return BUSY_TIMEOUT_S
    return min(value, LONGEST_WAIT_S) if value >= 0 else BUSY_TIMEOUT_S  # nan: not >= 0


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None: a server's URL, an in-memory database)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def _remove_new_store(file: Path) -> None:
    """The SQLite file a failed `clex init` made, and its journals. Why: a full disk or a
    Ctrl-C while the tables were made left an empty 4 KB file that the message said was
    not saved, and every later command called "an empty database, not a clex store"."""
    for path in (file, *(Path(f"{file}{end}") for end in ("-wal", "-shm", "-journal"))):
        with suppress(OSError):
            path.unlink(missing_ok=True)


def _values(given: Any) -> Iterator[Any]:
    """The values of a statement's parameters: a dict, a tuple, or a list of them."""
    items = given.values() if isinstance(given, dict) else given
    for item in items if isinstance(given, dict | list | tuple) else [given]:
        yield from _values(item) if isinstance(item, dict | list | tuple) else [item]


def _too_large(parameters: Any) -> StoreError:
    """The number of a statement's `parameters` that no integer column holds, as a user
    error naming it (SQLite's OverflowError names none)."""
    big = next((v for v in _values(parameters) if isinstance(v, int) and not storable(v)), None)
    shown = "a number" if big is None else str(big)
    return StoreError(f"{shown} is beyond any number the store holds (at most {LARGEST_INTEGER})")


def not_utf8(parameters: Any) -> StoreError:
    """A text of a statement's `parameters` that is not UTF-8, as a user error naming it.
    Why: a terminal in ISO-8859-2 or Windows-1250 sends "José" or "Café" typed after
    `--note`, `--reviewer`, `--reason` or `--user` as bytes Python keeps as lone
    surrogates (a file's name too), and the database driver refused them with a
    traceback. A file's text never gets here: every reader decodes it or says which byte
    it cannot."""
    bad = [v for v in _values(parameters) if isinstance(v, str) and not is_utf8(v)]
    text = min(bad, key=len, default="")  # the value given, not the command line holding it
    shown = text.encode("utf-8", "surrogateescape") if text else "a text"
    return StoreError(
        f"{shown!r} is not UTF-8 text (a file's name, or what the terminal or a variable "
        "such as CLEX_USER gave in another encoding): rename the file, or set the terminal "
        "to UTF-8 and give it again; nothing was saved"
    )


def with_nul(parameters: Any) -> StoreError | None:
    """A text of a statement's `parameters` holding a NUL character, as a user error naming
    it (None: none holds one). Why: PostgreSQL holds no NUL in a text, and psycopg's
    refusal was a traceback (a name typed with one into the web page's forms); SQLite
    keeps it, and a text clex checks never holds one."""
    bad = [v for v in _values(parameters) if isinstance(v, str) and "\x00" in v]
    if not bad:
        return None
    return StoreError(
        f"{min(bad, key=len)[:200]!r} holds a NUL character, which no text in the store may "
        "hold: remove it and give it again; nothing was saved"
    )


def is_utf8(text: str) -> bool:
    """`text` can be written as UTF-8: bytes of another encoding that the command line
    or the environment gave are kept by Python as lone surrogates, which neither a store,
    a hash nor a signature takes. The one check of it, for the store and the commands."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The store and connection `StoreBase.reading()` shares with the reads inside it (per
# thread or task: each copy of the context has its own)
_READING: ContextVar[tuple[StoreBase, Connection] | None] = ContextVar("reading", default=None)


class StoreBase:
    """The engine, its migrations and its two kinds of transaction.

    `create`: a new store may be made (`clex init`, the demo, tests); without it only an
    existing clex store is opened. Either way a file or database that is not a clex
    store (or one newer than this clex) is refused before anything is written."""

    def __init__(self, db: str, *, create: bool = True) -> None:
        self.url = to_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        self.busy_s = busy_timeout()
        file = sqlite_path(self.url) if self.is_sqlite else None
        self.where: object = file
        revision = None
        new_file = file is not None and not file.exists()  # made here: removed if not made whole
        if file is not None:
            revision = guard.check_sqlite_file(
                file, create=create, head=HEAD, known=_revisions, busy_s=self.busy_s
            )
        try:
            if not self.is_sqlite:
                self.where = make_url(self.url).render_as_string(hide_password=True)
            lock_ms = int(self.busy_s * 1000)
            self.engine: Engine = create_engine(
                self.url,
                connect_args={"timeout": self.busy_s}
                if self.is_sqlite
                else {"options": f"-c lock_timeout={lock_ms}"}
                if self.url.startswith("postgresql")
                else {},
            )
        except ModuleNotFoundError as exc:  # postgresql+psycopg2://, which is not installed
            raise StoreError(
                f"cannot open the store {guard.hide_password(repr(db))}: no database driver "
                f"{exc.name!r}; write postgresql+psycopg:// (psycopg 3, which clex installs)"
            ) from None
        except Exception as exc:  # a malformed URL
            shown = guard.hide_password(repr(db))
            raise StoreError(
                f"cannot open the store {shown}: {guard.hide_password(str(exc))}"
            ) from None
        event.listen(self.engine, "handle_error", self._machine_trouble)
        if self.is_sqlite:
            event.listen(self.engine, "connect", functools.partial(_sqlite_connect, self.busy_s))
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            revision = self._check_server(create)
        if revision != HEAD:  # a new store, an older one, or one not looked at (in memory)
            try:
                self._migrate()
            except BaseException:  # a full disk, Ctrl-C: no empty file left as a "store"
                if new_file and file is not None:
                    self.engine.dispose()
                    _remove_new_store(file)
                raise
        else:  # what `-v` shows of an open, now that Alembic's own lines are not printed
            log.info("store %s opened: schema %s, current", self.where, HEAD)

    def _machine_trouble(self, ctx: ExceptionContext) -> None:
        """The database's trouble that is the machine's, raised as a `MachineError`; a
        number no integer column holds (SQLite's OverflowError), a text that is not
        UTF-8 or one with a NUL (PostgreSQL's refusal), as a user error."""
        exc = ctx.original_exception
        if isinstance(exc, OverflowError):  # a lookup that did not ask `storable` first
            raise _too_large(ctx.parameters) from None
        if isinstance(exc, UnicodeEncodeError):  # text of the command line, not UTF-8
            raise not_utf8(ctx.parameters) from None
        nul = None if self.is_sqlite else with_nul(ctx.parameters)
        if nul is not None:
            raise nul from None
        if ctx.is_disconnect and not self.is_sqlite:  # a server restarted, a network gone
            raise guard.disconnected(self.where, exc) from None
        refused = isinstance(ctx.sqlalchemy_exception, OperationalError)
        if refused and ctx.connection is None and not self.is_sqlite:
            # a new connection refused after the store opened (a server down, its database
            # dropped): `clex serve` answered it as a fault of clex, a 500
            raise guard.unreachable(self.where, exc) from None
        if self.is_sqlite:
            found = guard.sqlite_trouble(self.where, str(exc), self.busy_s)
        else:
            found = guard.server_trouble(self.where, getattr(exc, "sqlstate", None))
        if found is not None:
            raise found from None

    def _check_server(self, create: bool) -> str | None:
        """A server's database: its tables and revision, read in one statement before
        anything is written. Returns the revision (None: no clex store there yet)."""
        try:
            conn = self.engine.connect()
        except OperationalError as exc:
            raise guard.unreachable(self.where, exc.orig or exc) from None
        except ProgrammingError as exc:  # the driver refuses the URL's options unsent
            raise StoreError(
                f"cannot open the store {self.where}: {guard.first_line(exc.orig or exc)}; "
                "correct the options after '?' in the URL"
            ) from None
        try:
            with conn:
                rows = self._server_look(conn)
        except OperationalError as exc:
            raise guard.unreachable(self.where, exc.orig or exc) from None
        tables = [value for what, value in rows if what == "table"]
        revision = next((value for what, value in rows if what == "revision"), None)
        guard.check_tables(self.where, tables, revision, create=create, head=HEAD, known=_revisions)
        return revision

    def _server_look(self, conn: Connection) -> list[Any]:
        """(what, value) rows of the database's tables and revision: on PostgreSQL in one
        statement, on another server through SQLAlchemy's inspector."""
        if not self.url.startswith("postgresql"):
            rows: list[Any] = [("table", t) for t in inspect(conn).get_table_names()]
            if ("table", "alembic_version") in rows:
                rows += conn.execute(text("SELECT 'revision', version_num FROM alembic_version"))
            return rows
        try:
            return list(conn.exec_driver_sql(_PG_LOOK))
        except ProgrammingError:  # no alembic_version: not a clex store (yet)
            conn.rollback()
            return list(conn.exec_driver_sql(_PG_TABLES))

    def _migrate(self) -> None:
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        cfg = _alembic_config()
        head = _head()
        try:
            with self.engine.connect() as conn:
                if MigrationContext.configure(conn).get_current_revision() == head:
                    return
            with self.write() as conn:
                if MigrationContext.configure(conn).get_current_revision() != head:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    log.info("store %s migrated to %s", self.where, head)
        except OperationalError as exc:
            raise StoreError(f"cannot open the store {self.where}: {exc.orig}") from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction; SQLite takes the write lock up front and waits for it.

        The flag that asks `_sqlite_begin` for `BEGIN IMMEDIATE` lives in the pooled
        connection's `info`, which outlives this checkout: it is taken off as soon as the
        transaction has begun, or every later read on that connection would take the
        write lock too (readers queuing behind an import, a page's `reading()` locking
        out its own write)."""
        try:
            with self.engine.connect() as conn:
                conn.info["immediate"] = True
                try:
                    transaction = conn.begin()
                finally:
                    conn.info.pop("immediate", None)
                try:
                    yield conn
                except BaseException:
                    if transaction.is_active:
                        transaction.rollback()
                    raise
                if transaction.is_active:
                    # made whole or not begun, whatever signal comes; a commit that fails
                    # (or is not begun) is rolled back as the connection closes
                    with keeping():
                        transaction.commit()
        except OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise guard.locked(self.where, self.busy_s) from None
            raise
        except (ValueError, TypeError) as exc:  # rolled back above
            if not guard.from_result_processor(exc):
                raise
            raise guard.stored_value(self.where, f"a value its column cannot ({exc})") from None
        except DBAPIError as exc:  # rolled back above
            if guard.is_refusal(exc.orig):
                raise guard.refused(self.where, exc.orig) from None
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction (or the one `reading()` holds open)."""
        shared = _READING.get()
        if shared is not None and shared[0] is self:
            yield shared[1]
            return
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (ValueError, TypeError) as exc:
            if not guard.from_result_processor(exc):
                raise
            raise guard.stored_value(self.where, f"a value its column cannot ({exc})") from None

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Every read inside (in this thread or task) shares one connection and one
        transaction: a page that reads its user, its cluster and its rows pays for taking
        a connection and opening a transaction once, not three times (about a third of
        the store's share of the web's evidence list, issue 20). Writes inside still take
        their own transaction."""
        with self.read() as conn:
            token = _READING.set((self, conn))
            try:
                yield
            finally:
                _READING.reset(token)

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
        driver: Any = conn.connection.driver_connection if self.is_sqlite else None
        before = 0
        if driver is not None:
            before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
            driver.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        try:
            with collector_paused():
                yield
        finally:
            if driver is not None:  # the driver's connection: SQLAlchemy's may have failed
                # an interrupt may have closed it already (the rollback ran first):
                # nothing to put back then, and no error to hide the interrupt behind
                with suppress(sqlite3.ProgrammingError):
                    driver.execute(f"PRAGMA cache_size={before}")

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("evidence") / "migrations"))
    return cfg


_SCRIPT: list[Any] = []  # the migrations' ScriptDirectory, read once per process


def _script() -> Any:
    if not _SCRIPT:
        from alembic.script import ScriptDirectory

        _SCRIPT.append(ScriptDirectory.from_config(_alembic_config()))
    return _SCRIPT[0]


def _head() -> str:
    return str(_script().get_current_head())


def _revisions() -> frozenset[str]:
    """Every revision this clex's migrations know: a store at another is a newer one."""
    return frozenset(s.revision for s in _script().walk_revisions())


def _sqlite_connect(busy_s: float, dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(busy_s * 1000)}")
    # Reads through a memory map instead of a read() per page: an assessment walks a
    # cluster's records through the (cluster, kind, start) index, page by page, and
    # this made those scans about a third faster (issue 8, BENCHMARKS.md). Address
    # space only; the operating system's page cache holds the data either way.
    cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cur.close()
    # lower() in every alphabet for the web's title search (`listing`): SQLite's own
    # lower() folds ASCII only; Python's gives what PostgreSQL's ILIKE compares
    dbapi_conn.create_function("clex_lower", 1, _lower, deterministic=True)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


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
