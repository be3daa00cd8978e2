"""A file that is not a clex store is never modified, and the store's trouble is a message.

Issue 21: `clex evidence list --db other-program.db` added clex's tables to another
program's SQLite file and switched it to WAL; a text file, a PDF, a corrupt or newer
store, a locked one, a read-only folder, a full disk ended in tracebacks. Each case here
runs the command as a user does and asserts exit 3, the path and what to do in the
message, no traceback, and the file's bytes unchanged. The files are built by the tests.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_URL, Run, fresh_pg

EXIT_MACHINE = 3


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE payroll (who TEXT, amount INTEGER)")
    conn.execute("INSERT INTO payroll VALUES ('ann', 100)")
    conn.commit()
    conn.close()
    return path


def writes(data: bytes) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


def marked_sqlite(path: Path) -> Path:
    """A database without tables yet that another program has marked as its own."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=7")
    conn.commit()
    conn.close()
    return path


def clex_store(clex: Callable[..., Run], path: Path) -> Path:
    run = clex("--db", str(path), "init", "--cluster", "nano", "--name", "Nano")
    assert run.code == 0, run
    return path


def corrupt_copy(store: Path, target: Path, how: str) -> Path:
    data = bytearray(store.read_bytes())
    if how == "header":
        data[16:18] = b"\x00\x03"  # a page size SQLite cannot have
    elif how == "schema":
        data[100:300] = b"\xff" * 200  # the schema's page
    else:
        data = data[:8192]  # cut short
    target.write_bytes(bytes(data))
    return target


def newer_copy(store: Path, target: Path) -> Path:
    target.write_bytes(store.read_bytes())
    conn = sqlite3.connect(target)
    conn.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")  # everything in the main file
    conn.close()
    return target


def refused(run: Run, path: Path, *fragments: str) -> None:
    assert run.code == EXIT_MACHINE, run
    assert "Traceback" not in run.err, run
    assert str(path) in run.err, run
    for fragment in fragments:
        assert fragment in run.err, run


@pytest.mark.parametrize(
    ("name", "make", "fragment"),
    [
        ("payroll.db", foreign_sqlite, "not a clex store: it holds other tables (payroll)"),
        ("marked.db", marked_sqlite, "not a clex store"),
        ("notes.txt", writes(b"hello\n"), "not a SQLite database"),
        ("paper.pdf", writes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"), "not a"),
        ("random.db", writes(os.urandom(4096)), "not a SQLite database"),
        ("empty.db", writes(b""), "an empty file, not a clex store"),
    ],
)
@pytest.mark.parametrize("command", [["evidence", "list"], ["import", "rows.yaml"]])
def test_a_file_that_is_not_a_store_is_refused_untouched(
    clex: Callable[..., Run],
    tmp_path: Path,
    name: str,
    make: Callable[[Path], Path],
    fragment: str,
    command: list[str],
) -> None:
    (tmp_path / "rows.yaml").write_text("- {kind: event, title: T, start: 2024-01-01}\n")
    path = make(tmp_path / name)
    before = sha(path)
    run = clex("--db", str(path), *command, "--cluster", "nano")
    refused(run, path, fragment, "; ")
    assert sha(path) == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


def test_init_does_not_turn_another_programs_database_into_a_store(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    for path in (foreign_sqlite(tmp_path / "a.db"), marked_sqlite(tmp_path / "b.db")):
        before = sha(path)
        run = clex("--db", str(path), "init", "--cluster", "nano", "--name", "Nano")
        refused(run, path, "not a clex store", "clex init")
        assert sha(path) == before


def test_init_makes_a_store_of_a_new_or_empty_file(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    for name in ("new.db", "empty.db"):
        clex_store(clex, tmp_path / name)
        assert clex("--db", str(tmp_path / name), "evidence", "list").code == 0


def test_a_folder_as_the_store(clex: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    refused(clex("--db", str(folder), "evidence", "list"), folder, "is a folder")


def test_a_pipe_as_the_store_is_refused_without_waiting(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """Opening a FIFO waits for a writer that never comes: it is refused first."""
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    refused(clex("--db", str(fifo), "evidence", "list", timeout=30), fifo, "not a regular file")


def test_a_store_missing_one_of_its_tables_is_damaged_not_a_traceback(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    store = clex_store(clex, tmp_path / "half.db")
    with sqlite3.connect(store) as conn:
        conn.execute("DROP TABLE awards")
    conn.close()
    refused(
        clex("--db", str(store), "label", "list", "--cluster", "nano"),
        store,
        "the store is damaged",
        "no such table: awards",
        "restore the store from a backup",
    )


@pytest.mark.parametrize("how", ["header", "schema", "short"])
def test_a_corrupt_store_is_refused_untouched(
    clex: Callable[..., Run], tmp_path: Path, how: str
) -> None:
    good = clex_store(clex, tmp_path / "good.db")
    path = corrupt_copy(good, tmp_path / "bad.db", how)
    before = sha(path)
    for command in (["evidence", "list"], ["assess", "--period", "2024", "-o", "s.json"]):
        refused(clex("--db", str(path), *command), path, "corrupt", "backup")
    assert sha(path) == before
    assert not (tmp_path / "s.json").exists()


def test_a_newer_store_is_refused_untouched(clex: Callable[..., Run], tmp_path: Path) -> None:
    path = newer_copy(clex_store(clex, tmp_path / "good.db"), tmp_path / "newer.db")
    before = sha(path)
    run = clex("--db", str(path), "evidence", "list")
    refused(run, path, "0999_from_the_future", "newer than this clex", "upgrade clex")
    assert sha(path) == before


def test_a_locked_store_is_a_message_after_a_bounded_wait(
    clex_process: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "clex.db"
    assert clex_process("init", "--cluster", "nano", "--name", "Nano").code == 0
    (tmp_path / "rows.yaml").write_text("- {kind: event, title: T, start: 2024-01-01}\n")
    holder = subprocess.Popen(
        [
            "python3",
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        run = clex_process("import", "rows.yaml", env={"CLEX_BUSY_TIMEOUT": "1"})
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    refused(run, path, "another process holds the store locked", "try again")
    assert waited < 60, waited
    assert clex_process("evidence", "list").out.count("T") >= 0  # still a store


@pytest.fixture
def small_mount(tmp_path: Path) -> Iterator[Path]:
    """A 400 KB tmpfs (root only): a disk that fills, or that can be made read-only."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_store_and_folder(
    clex: Callable[..., Run], tmp_path: Path, small_mount: Path
) -> None:
    store = clex_store(clex, small_mount / "clex.db")
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    before = sha(store)
    refused(clex("--db", str(store), "evidence", "list"), store, "read-only", "write access")
    new = small_mount / "new.db"
    run = clex("--db", str(new), "init", "--cluster", "nano", "--name", "Nano")
    refused(run, small_mount, "read-only")
    assert sha(store) == before and not new.exists()


def test_a_full_disk_leaves_the_store_as_it_was(
    clex: Callable[..., Run], tmp_path: Path, small_mount: Path
) -> None:
    store = clex_store(clex, small_mount / "clex.db")
    rows = "".join(
        f"- {{kind: event, title: 'Event {i} {'x' * 200}', start: 2024-01-01, "
        f"notes: '{'n' * 300}'}}\n"
        for i in range(3000)
    )
    (tmp_path / "rows.yaml").write_text(rows)
    before = sha(store)
    run = clex("--db", str(store), "import", str(tmp_path / "rows.yaml"))
    refused(run, store, "the disk is full", "free some space")
    assert sha(store) == before


@pytest.mark.postgres
def test_a_postgresql_database_with_other_tables_is_refused_untouched(
    clex: Callable[..., Run],
) -> None:
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    from sqlalchemy import create_engine, inspect, text

    url = fresh_pg(PG_URL)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (who text)"))
    try:
        for command in (["evidence", "list"], ["init", "--cluster", "nano", "--name", "N"]):
            run = clex("--db", url, *command)
            assert run.code == EXIT_MACHINE, run
            assert "not a clex store: it holds other tables (payroll)" in run.err, run
        assert inspect(engine).get_table_names() == ["payroll"]
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE payroll"))
        run = clex("--db", url, "evidence", "list")
        assert run.code == EXIT_MACHINE and "an empty database" in run.err, run
        assert inspect(engine).get_table_names() == []
        assert clex("--db", url, "init", "--cluster", "nano", "--name", "N").code == 0
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
        run = clex("--db", url, "evidence", "list")
        assert run.code == EXIT_MACHINE and "newer than this clex" in run.err, run
    finally:
        engine.dispose()
        fresh_pg(url)


@pytest.mark.postgres
def test_a_lost_server_connection_is_a_message_and_saves_nothing() -> None:
    """The server ends the store's connection half-way through a change (a restart, an
    administrator, a network gone): a message with what to do, not a traceback; the
    change is not saved, and the next command works."""
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    import psycopg
    from sqlalchemy import make_url, text

    from evidence.findings import MachineError
    from evidence.models import ClusterProfile
    from evidence.store import Store

    url = fresh_pg(PG_URL)
    store = Store(url)
    store.add_cluster(ClusterProfile(slug="nano", name="Nano"))
    parts = make_url(url)
    admin = psycopg.connect(
        host=parts.host, port=parts.port, user=parts.username, dbname=parts.database,
        password=parts.password, autocommit=True,
    )  # fmt: skip
    try:
        with pytest.raises(MachineError) as caught, store.write() as conn:
            conn.execute(text("UPDATE clusters SET name = 'Changed'"))
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            conn.execute(text("UPDATE clusters SET name = 'Changed again'"))
        said = str(caught.value)
        assert "lost the connection to the database server" in said, said
        assert "run the command again" in said and "was not saved" in said, said
        assert store.cluster("nano").name == "Nano"
    finally:
        admin.close()
        store.engine.dispose()
        fresh_pg(url)


def test_an_init_the_full_disk_stopped_leaves_no_file(
    clex: Callable[..., Run], tmp_path: Path, small_mount: Path
) -> None:
    """A full disk while `clex init` made the tables left an empty 4 KB new.db behind (the
    message said nothing was saved), which every later command called "an empty
    database, not a clex store"; the file a failed init made is removed."""
    (small_mount / "filler").write_bytes(b"x" * (400 * 1024 - 12 * 1024))
    new = small_mount / "new.db"
    run = clex("--db", str(new), "init", "--cluster", "nano", "--name", "Nano")
    refused(run, new, "disk")  # full, or an I/O error, by where it ran out
    assert sorted(p.name for p in small_mount.iterdir()) == ["filler"]


def test_a_busy_timeout_of_infinity_or_a_month_is_the_longest_wait(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """CLEX_BUSY_TIMEOUT=inf was "cannot open the store: cannot convert float infinity
    to integer"; a month is beyond PostgreSQL's lock_timeout, which refused the
    connection as a server that cannot be reached. Both are the longest wait now."""
    from evidence.store.connection import LONGEST_WAIT_S, busy_timeout

    store = clex_store(clex, tmp_path / "clex.db")
    for value in ("inf", "3000000", "nan", "-1", "soon"):
        run = clex("--db", str(store), "evidence", "list", env={"CLEX_BUSY_TIMEOUT": value})
        assert run.code == 0, (value, run)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLEX_BUSY_TIMEOUT", "inf")
        assert busy_timeout() == LONGEST_WAIT_S
        mp.setenv("CLEX_BUSY_TIMEOUT", "nan")
        assert busy_timeout() == 60


def test_a_row_edited_outside_clex_is_the_stores_trouble_not_a_traceback(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """A date column holding 'soon' (SQLAlchemy's ValueError as it read the row) or a
    count holding 'many' (pydantic's ValidationError) ended `clex evidence list`,
    `export` and `validate` in a traceback; it is the store's trouble, said as such."""
    import sqlite3

    store = clex_store(clex, tmp_path / "clex.db")
    (tmp_path / "ev.yaml").write_text(
        "- {kind: event, title: Day, format: conference, start: 2024-05-14, participants: 80}\n"
    )
    assert clex("--db", str(store), "import", str(tmp_path / "ev.yaml")).code == 0
    for column, value in (("participants", "many"), ("start", "soon")):
        with sqlite3.connect(store) as conn:
            conn.execute(f"UPDATE evidence SET {column} = ?", (value,))
        for args in (
            ["evidence", "list"],
            ["evidence", "validate"],
            ["evidence", "export", "x.xlsx"],
        ):
            run = clex("--db", str(store), *args)
            assert run.code == EXIT_MACHINE, run
            assert "it was changed outside clex" in run.err and repr(value) in run.err, run
        with sqlite3.connect(store) as conn:
            conn.execute("UPDATE evidence SET participants = 80, start = '2024-05-14'")
    assert not (tmp_path / "x.xlsx").exists()
