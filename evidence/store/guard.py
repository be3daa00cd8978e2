"""What a store's file (or database) is, found out before clex writes a byte to it.

Why a module of its own: opening a store used to be the first write. SQLAlchemy's
connect hook switched the file to WAL and Alembic created clex's tables in whatever
`--db` named, so `clex evidence list --db other-program.db` changed another program's
database, and a text file, a PDF, a corrupt or a newer store ended in a traceback
(issue 21). Here the file is looked at first, read-only, with nothing of clex's hooks:
its first bytes, then its tables and Alembic revision through a `mode=ro` connection;
anything but a clex store of a revision this clex knows (or, for a command that creates
one, a new or empty database) is a `MachineError` naming the path and what to do, and
the file is left byte-for-byte as it was. The look is one statement (`LOOK`): the
tables, the marks and the revision together, so a store whose schema is current costs
one query to open and the migrations (Alembic) are not even imported (issue 19); only
a revision other than the head asks for the list of known ones. `machine_trouble`
turns what SQLite or
PostgreSQL say later (a full disk, a read-only file, a lock held too long, a page found
corrupt) into the same kind of message.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path
from urllib.parse import quote

from ..errors import DatabaseUnreachable
from ..findings import MachineError

SQLITE_MAGIC = b"SQLite format 3\x00"
# the tables every clex store has had since its first revision
CLEX_TABLES = frozenset({"clusters", "evidence", "imports", "review_log", "snapshots"})
MARKS = ("user_version", "application_id")  # what a program sets to say a file is its own
INIT = "`clex init --cluster SLUG --name NAME` creates a store"
NOT_OURS = "give --db a clex store, or a new file name to `clex init`"
CORRUPT = (
    "restore the store from a backup (`sqlite3 FILE .recover` may save its rows); "
    "clex changed nothing"
)
READ_ONLY = (
    "the store is read-only (its file or its folder)",
    "give clex write access to both (it writes its -wal and -shm files next to the "
    "store, even to read), or copy the store to a writable folder",
)
TRY_AGAIN = "try again when it has finished (CLEX_BUSY_TIMEOUT sets the wait in seconds)"

# The whole look at a SQLite file in one statement: (what, value) rows of its tables,
# its marks and its Alembic revision. A file without `alembic_version` (new, foreign)
# fails to prepare it ("no such table") and is looked at again without that part.
_TABLES_AND_MARKS = (
    "SELECT 'table', name FROM sqlite_master WHERE type = 'table'"
    " UNION ALL SELECT 'user_version', user_version FROM pragma_user_version"
    " UNION ALL SELECT 'application_id', application_id FROM pragma_application_id"
)
LOOK = _TABLES_AND_MARKS + " UNION ALL SELECT 'revision', version_num FROM alembic_version"
Known = Callable[[], Collection[str]]  # the revisions this clex knows, asked for only if needed


def locked(where: object, busy_s: float) -> MachineError:
    """Another process held the store's lock longer than this one waits."""
    return MachineError(
        where, f"another process holds the store locked (waited {busy_s:g} s)", TRY_AGAIN
    )


def check_sqlite_file(
    path: Path, *, create: bool, head: str, known: Known, busy_s: float
) -> str | None:
    """Raise `MachineError` unless `path` is a clex store clex can open (or, with
    `create`, a path where one may be made: no file yet, or an empty one). Reads only.
    Returns the store's revision (None: no store there yet)."""
    if path.is_dir():
        raise MachineError(path, "is a folder, not a store file", NOT_OURS)
    if path.exists() and not path.is_file():  # opening a pipe would wait for a writer
        raise MachineError(path, "not a regular file (a pipe, device or socket)", NOT_OURS)
    if not path.exists():
        if not create:
            raise MachineError(path, "no such store", INIT)
        if not path.parent.is_dir():
            raise MachineError(path.parent, "no such folder for the new store", "create it first")
        if not os.access(path.parent, os.W_OK):
            raise MachineError(path.parent, "the folder is read-only", "give --db a writable place")
        return None
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise MachineError(
            path, f"cannot read the store: {exc.strerror}", "check the file's permissions"
        ) from None
    if not magic:  # an empty file: SQLite takes it as an empty database
        if create:
            return None
        raise MachineError(path, "an empty file, not a clex store", INIT)
    if magic != SQLITE_MAGIC:
        raise MachineError(path, "not a clex store (not a SQLite database at all)", NOT_OURS)
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise MachineError(path, *READ_ONLY)
    side = [Path(f"{path}{end}") for end in ("-wal", "-shm")]
    fresh = [p for p in side if not p.exists()]
    try:
        return _look(path, create=create, head=head, known=known, busy_s=busy_s)
    except MachineError:
        for p in fresh:  # what the read-only look itself made next to a file refused
            if p.exists() and (p.name.endswith("-shm") or p.stat().st_size == 0):
                p.unlink(missing_ok=True)
        raise


def _look(path: Path, *, create: bool, head: str, known: Known, busy_s: float) -> str | None:
    """The tables, marks and revision of a SQLite file, read through a read-only
    connection in one statement (`LOOK`), judged by `check_tables`."""
    try:
        # the name as the file system's bytes: one that is not UTF-8 (n\xff.db) was a traceback
        conn = sqlite3.connect(f"file:{quote(os.fsencode(path))}?mode=ro", uri=True, timeout=busy_s)
        try:
            try:
                rows = conn.execute(LOOK).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table: alembic_version" not in str(exc):
                    raise
                rows = conn.execute(_TABLES_AND_MARKS).fetchall()  # not a clex store (yet)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        found = sqlite_trouble(path, str(exc), busy_s)
        raise found or MachineError(path, f"cannot read the store ({exc})", CORRUPT) from None
    tables = [value for what, value in rows if what == "table"]
    # another program's mark on a database without tables (yet): not ours either
    marks = {what: value for what, value in rows if what in MARKS}
    if not tables and any(marks.values()):
        tables = [f"PRAGMA {p}={marks[p]}" for p in MARKS if marks.get(p)]
    revision = next((value for what, value in rows if what == "revision"), None)
    check_tables(path, tables, revision, create=create, head=head, known=known)
    return revision


def check_tables(
    where: object,
    tables: Collection[str],
    revision: str | None,
    *,
    create: bool,
    head: str,
    known: Known,
) -> None:
    """The same judgement for SQLite and PostgreSQL, from the tables and the revision
    (the known revisions are asked for only when it is not `head`)."""
    clex_tables = CLEX_TABLES & set(tables)
    if not tables:
        if create:
            return
        raise MachineError(where, "an empty database, not a clex store yet", INIT)
    if revision is not None and (revision == head or revision in known()):
        return
    if revision is not None and clex_tables == CLEX_TABLES:
        raise MachineError(
            where,
            f"the store's schema is revision {revision}, newer than this clex knows",
            "upgrade clex to open it (pip install -U clex); clex changed nothing",
        )
    others = sorted(set(tables) - CLEX_TABLES - {"alembic_version"})
    shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
    raise MachineError(
        where, f"not a clex store: it holds other tables ({shown or 'no clex revision'})", NOT_OURS
    )


def sqlite_trouble(path: object, message: str, busy_s: float) -> MachineError | None:
    """SQLite's message as a `MachineError` with what to do (None: not the machine's)."""
    text = message.lower()
    if "disk is full" in text or "database or disk is full" in text:
        return MachineError(
            path, "the disk is full", "free some space and run the command again; nothing was saved"
        )
    if "readonly" in text or "read-only" in text:
        return MachineError(path, *READ_ONLY)
    if "locked" in text or "busy" in text:
        return locked(path, busy_s)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return MachineError(path, f"the store is corrupt ({message})", CORRUPT)
    if "no such table" in text or "no such column" in text:  # a store's table dropped
        return MachineError(path, f"the store is damaged ({message.strip()})", CORRUPT)
    if "unable to open" in text or "cannot open" in text:
        return MachineError(
            path,
            "cannot open the store's file",
            "check that the file and its folder exist and clex may read and write there",
        )
    if "disk i/o error" in text:
        return MachineError(
            path, "the disk reported an error (disk I/O error)", "check the disk and free space"
        )
    return None


CHANGED_OUTSIDE = (
    "it was changed outside clex: restore the store from a backup, or correct that row "
    "(sqlite3, psql); clex changed nothing"
)


def stored_value(where: object, what: str) -> MachineError:
    """A value in the store that its column or its record cannot hold (a date column
    holding 'soon', a count holding 'many'): the store was edited outside clex, and every
    command that read the row ended in a traceback of SQLAlchemy or pydantic."""
    return MachineError(where, f"the store holds {what}", CHANGED_OUTSIDE)


def from_result_processor(exc: BaseException) -> bool:
    """Whether `exc` was raised where SQLAlchemy turns a stored value into Python's (its
    result processors: a date column's text that is no date), not in clex's own code."""
    tb, last = exc.__traceback__, ""
    while tb is not None:
        last, tb = tb.tb_frame.f_code.co_filename, tb.tb_next
    return "sqlalchemy" in last and "processors" in last


def disconnected(where: object, reason: object) -> MachineError:
    """The database server's connection lost in the middle of a command; whatever its
    open transaction held was rolled back by the server."""
    return DatabaseUnreachable(
        where,
        f"lost the connection to the database server ({first_line(reason)})",
        "check that the server runs and is reachable, then run the command again; the "
        "change it was making was not saved",
    )


def first_line(reason: object) -> str:
    """A driver's message as one line (PostgreSQL adds DETAIL and CONTEXT lines)."""
    text = str(reason).strip()
    return text.splitlines()[0] if text else "no reason given"


def is_refusal(error: BaseException | None) -> bool:
    """Whether the driver's `error` is the database refusing a change: SQLite's
    constraint or `RAISE(ABORT)` in a trigger, PostgreSQL's integrity classes (23) and
    a trigger's `RAISE EXCEPTION` (P0)."""
    if isinstance(error, sqlite3.IntegrityError):
        return True
    return str(getattr(error, "sqlstate", None) or "")[:2] in ("23", "P0")


def refused(where: object, reason: object) -> MachineError:
    """A change the database itself refused (a constraint or a trigger no statement of
    clex expects to meet: the append-only logs' own, or one added outside clex), after
    its transaction was rolled back."""
    return MachineError(
        where,
        f"the database refused the change ({first_line(reason)})",
        "nothing of it was saved; if the database was changed outside clex (a trigger or "
        "constraint of its own), ask whoever manages it",
    )


# PostgreSQL's SQLSTATE codes of trouble that is the server's, not the data's
_PG_TROUBLE = {
    "53100": ("the database server's disk is full", "free space on the server and try again"),
    "53200": ("the database server is out of memory", "try again later"),
    "55P03": ("another process holds the store locked", TRY_AGAIN),
    "57014": ("another process held the store locked too long", TRY_AGAIN),
    "25006": ("the database is read-only", "connect as a user that may write, or to the primary"),
    "42501": ("permission denied on the database", "grant the user the rights clex needs"),
}


# what to do when the server answered a connection with one of these (else: not reached)
_PG_CONNECT = {
    "28P01": "check the user name and password in the URL",
    "28000": "check the user name in the URL and that the server lets it connect from here",
    "3D000": "create the database first (createdb NAME), or name one that exists in the URL",
}


# libpq's words for them: psycopg gives no SQLSTATE for a connection the server refused
_PG_CONNECT_WORDS = (
    (re.compile(r"password authentication failed|no password supplied"), "28P01"),
    (re.compile(r'role "[^"]*" does not exist'), "28000"),
    (re.compile(r'database "[^"]*" does not exist'), "3D000"),
)


def unreachable(where: object, error: BaseException) -> MachineError:
    """A database the store could not connect to, with what to do by the server's answer:
    a wrong password or a database that does not exist is not a server that is down."""
    state = str(getattr(error, "sqlstate", None) or "")
    state = state or next((s for words, s in _PG_CONNECT_WORDS if words.search(str(error))), "")
    todo = _PG_CONNECT.get(state)
    return DatabaseUnreachable(
        where,
        f"cannot reach the database ({first_line(error)})",
        todo or "check that the server runs and the URL names it",
    )


_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@/\s]+@")


def hide_password(text: str) -> str:
    """`text` with the password of any URL in it shown as *** (a store URL printed, logged
    or kept in a batch's command line must not keep it: the batches are append-only)."""
    return _PASSWORD.sub(r"\1***@", text)


def server_trouble(where: object, sqlstate: str | None) -> MachineError | None:
    found = _PG_TROUBLE.get(sqlstate or "")
    return MachineError(where, *found) if found else None
