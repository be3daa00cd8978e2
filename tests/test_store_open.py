"""Opening a store whose schema is current: one query, and no Alembic (issue 19).

Every command opens the store; few ever migrate. `evidence.store.connection.HEAD` is
the head revision as a constant, held here to Alembic's own, and the guard's look at
the store is one statement (tables, marks and revision together). What is counted:
every statement sent to the database while `Store(...)` runs — on SQLite through a
trace callback on every connection opened (the guard's read-only one and the
engine's; what SQLite reports as "-- ..." is a part of a statement being run, here
the PRAGMA functions the look selects from, not a statement sent), on PostgreSQL through SQLAlchemy's `before_cursor_execute` on every engine.
Not counted, because they are not queries of the store: the SQLite connection's set-up
PRAGMAs (WAL, busy timeout, ...), which run when a command's first query connects,
and SQLAlchemy's own first-connect handshake with a server (version, schema), which
does not pass through the engine's events. A store at an older revision is still
upgraded on open, the way a user's is.
"""

from __future__ import annotations

import re
import sqlite3
import sqlite3.dbapi2
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from evidence.store import Store
from evidence.store.connection import HEAD, to_url

from .conftest import store_at_revision

ROOT = Path(__file__).resolve().parents[1]


def test_head_is_alembics_head() -> None:
    """The constant cannot drift from the migrations: a new one must move it."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("evidence") / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD


@contextmanager
def statements(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement sent to the database inside the block (see the module's note)."""
    seen: list[str] = []
    if db_url.startswith("postgresql"):

        def note(_conn: Any, _cur: Any, statement: str, *_: Any) -> None:
            seen.append(statement)

        event.listen(Engine, "before_cursor_execute", note)
        try:
            yield seen
        finally:
            event.remove(Engine, "before_cursor_execute", note)
        return
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: None if sql.startswith("--") else seen.append(sql))
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)  # the guard's
    monkeypatch.setattr(sqlite3.dbapi2, "connect", traced)  # SQLAlchemy's driver's
    yield seen


def test_a_current_store_opens_with_one_query(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db_url).engine.dispose()  # a new store, migrated to the head
    with statements(db_url, monkeypatch) as seen:
        store = Store(db_url, create=False)
    assert len(seen) == 1, seen
    assert "alembic_version" in seen[0]
    # the first query of a command connects: set-up PRAGMAs, its own query, no other look
    with statements(db_url, monkeypatch) as seen:
        assert store.cluster_slugs() == []
    assert any("clusters" in s for s in seen), seen  # the count sees the engine's queries
    looks = [s for s in seen if "alembic_version" in s or "sqlite_master" in s]
    assert looks == []
    store.engine.dispose()


def _imported(db: str) -> str:
    """The modules `clex evidence list --json` imports, as `-X importtime` lists them."""
    args = ["--db", db, "evidence", "list", "--cluster", "nano", "--json"]
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "clex", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"
    return proc.stderr


def test_a_current_store_does_not_import_alembic(db_url: str) -> None:
    store = Store(db_url)
    with store.write() as conn:
        conn.execute(
            text(
                "INSERT INTO clusters (slug, name, country, created_at) "
                "VALUES ('nano', 'Nano', 'CZ', '2025-01-01 10:00:00+00:00')"
            )
        )
    store.engine.dispose()
    imported = _imported(db_url)
    assert not re.search(r"\|\s+alembic\b", imported)  # at any depth
    assert re.search(r"\|\s+sqlalchemy\b", imported)  # the command did open the store


def test_an_older_store_is_still_upgraded(db_url: str) -> None:
    with store_at_revision(db_url, "0007"):
        pass
    imported = _imported(db_url)
    assert re.search(r"\|\s+alembic\b", imported)  # the migrations were needed, and loaded
    check = sqlite3.connect(db_url) if not db_url.startswith("postgresql") else None
    if check is not None:
        assert check.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        check.close()
    else:
        from sqlalchemy import create_engine

        engine = create_engine(to_url(db_url))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [(HEAD,)]
        engine.dispose()


def test_a_stores_password_is_never_shown_or_kept(clex: Any, tmp_path: Path) -> None:
    """A PostgreSQL URL's password is *** wherever clex says the store: in an error, in
    `init`'s line, and in a batch's command line, which the append-only log keeps for
    good. A driver clex does not install is named, with the one to write."""
    from .conftest import PG_URL

    closed = "postgresql+psycopg://clexadm:pgsecret@127.0.0.1:1/x"
    run = clex("--db", closed, "evidence", "list")
    assert run.code == 3 and "pgsecret" not in run.out + run.err, run
    assert "clexadm:***@127.0.0.1:1" in run.err
    other = clex("--db", closed.replace("+psycopg", "+psycopg2"), "evidence", "list")
    assert other.code != 0 and "pgsecret" not in other.out + other.err, other
    assert "no database driver 'psycopg2'; write postgresql+psycopg://" in other.err
    if not PG_URL:
        return
    from sqlalchemy.engine import make_url

    from .conftest import fresh_pg

    url = make_url(fresh_pg(PG_URL)).set(password="pgsecret")  # the tests' server: trust
    db = url.render_as_string(hide_password=False)
    (tmp_path / "e.yaml").write_text("- {kind: member, title: A, start: 2020-01-01}\n")
    created = clex("--db", db, "init", "--cluster", "nano", "--name", "Nano")
    assert created.code == 0 and "pgsecret" not in created.out, created
    assert clex("--db", db, "import", "e.yaml", "--cluster", "nano").code == 0
    batches = clex("--db", db, "import", "list", "--json")
    assert "pgsecret" not in batches.out and ":***@" in batches.out, batches
    missing = clex("--db", db.rsplit("/", 1)[0] + "/no_such_db_here", "evidence", "list")
    assert missing.code == 3 and "create the database first" in missing.err, missing


def test_a_postgres_url_as_hosts_hand_it_out_is_postgresql(clex: Any) -> None:
    """`postgres://` (Heroku's, Render's, Supabase's URLs) was "Can't load plugin:
    sqlalchemy.dialects:postgres"; it is PostgreSQL through psycopg, as `postgresql://`
    already was: a closed port is the server that cannot be reached, password hidden."""
    assert to_url("postgres://a@h/x") == "postgresql://a@h/x"
    assert to_url("postgres+psycopg://a@h/x") == "postgresql+psycopg://a@h/x"
    for scheme in ("postgres", "postgresql"):
        run = clex("--db", f"{scheme}://clexadm:pgsecret@127.0.0.1:1/x", "evidence", "list")
        assert run.code == 3 and "pgsecret" not in run.err, run
        assert "clexadm:***@127.0.0.1:1/x: cannot reach the database (" in run.err, run
        assert "Connection refused); check that the server runs" in run.err, run


def test_a_server_url_whose_options_the_driver_refuses_is_said(clex: Any) -> None:
    """`?connect_timeout=abc` or an option libpq does not know: psycopg refuses them
    before it connects (a ProgrammingError, not the OperationalError of a server that is
    down), and each was a traceback. Now the URL is named, its password hidden, with the
    driver's reason and what to correct; no server is needed to tell it."""
    for query, reason in (
        ("connect_timeout=abc", "bad value for connect_timeout: 'abc'"),
        ("bogusparam=1", 'invalid connection option "bogusparam"'),
    ):
        url = f"postgresql+psycopg://clexadm:pgsecret@127.0.0.1:1/x?{query}"
        run = clex("--db", url, "evidence", "list")
        assert run.code == 1, run
        assert f"error: cannot open the store postgresql+psycopg://clexadm:***@127.0.0.1:1/x?{query}: {reason}; correct the options after '?' in the URL" in run.err  # fmt: skip


def test_a_server_that_refuses_a_new_connection_later_is_the_machines_trouble() -> None:
    """The store opened, then its database was dropped (or the server went down): the next
    connection's OperationalError was no disconnect of a running statement, so it went
    up as it was, and `clex serve` answered every page as a fault of clex (500). It is
    the same 'cannot reach the database' as at the start, with what to do."""
    from sqlalchemy import create_engine, make_url, text

    from evidence.errors import MachineError
    from evidence.models import ClusterProfile

    from .conftest import PG_URL

    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    base = make_url(PG_URL)
    name = f"{base.database}_dropped"  # a database of its own: the test drops it
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        store = Store(base.set(database=name).render_as_string(hide_password=False))
        store.add_cluster(ClusterProfile(slug="nano", name="Nano"))
        store.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        with pytest.raises(MachineError, match=r"cannot reach the database .*does not exist"):
            store.user_row("eva")
    finally:
        admin.dispose()
