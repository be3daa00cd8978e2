"""`--db` files that are not a clex store, or a clex store that cannot be used (issue 21,
item 7): exit 3 with the file named, and the file never modified: not a byte, no table
added, no WAL switch (no -wal or -shm file beside it)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from .conftest import Watch, Workspace, expect


def _foreign(path: Path) -> None:
    """Another program's SQLite file, in the rollback-journal mode it chose."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ann', '+420 123')")
    sqlite3.connect(path).close()


def _corrupt(path: Path, plain: Path) -> None:
    data = bytearray(plain.read_bytes())
    data[4096:12288] = b"\xa5" * 8192  # pages 2 and 3: tables of the store
    path.write_bytes(bytes(data))


def _newer(path: Path, plain: Path) -> None:
    shutil.copy(plain, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    sqlite3.connect(path).close()


STORES = {
    "foreign-sqlite": (lambda p, plain: _foreign(p), ()),
    "text-file": (lambda p, plain: p.write_text("name,phone\nAnn,+420 123\n"), ()),
    "empty-file": (lambda p, plain: p.write_bytes(b""), ()),
    "corrupt-store": (_corrupt, ()),
    "truncated-store": (lambda p, plain: p.write_bytes(plain.read_bytes()[:5000]), ()),
    "newer-schema": (_newer, ("newer",)),
}
COMMANDS = {
    "evidence-list": ["evidence", "list", "--cluster", "nano"],
    "import": ["import", "in.yaml", "--cluster", "nano"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("store", list(STORES))
def test_a_file_that_is_no_usable_store_is_left_alone(
    ws: Workspace, store: str, command: str
) -> None:
    make, words = STORES[store]
    make(ws.path / "other.db", ws.path / "plain.db")
    (ws.path / "in.yaml").write_text("- {kind: member, title: A, start: 2020-01-01}\n")
    watch = Watch(str(ws.path / "other.db"), [ws.path])
    run = ws.run(*COMMANDS[command], "--db", "other.db")
    expect(run, 3, "other.db", *words)
    watch.unchanged()


def test_a_locked_store(ws: Workspace) -> None:
    """Another program holds the store's write lock: refused as locked, not waited for
    without end, not a traceback."""
    (ws.path / "in.yaml").write_text("- {kind: member, title: A, start: 2020-01-01}\n")
    conn = sqlite3.connect(ws.plain, isolation_level=None, timeout=1)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        # CLEX_BUSY_TIMEOUT: how long a command waits for another writer (default 60 s)
        run = ws.run(
            "import", "in.yaml", "--cluster", "nano", wall=60, env={"CLEX_BUSY_TIMEOUT": "2"}
        )
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    expect(run, 3, "plain.db", "locked")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_store_in_a_read_only_folder(ws: Workspace, tmp_path: Path, command: str) -> None:
    """Reading works or says why; writing says the folder is read-only (exit 3)."""
    import subprocess

    from .conftest import _mount, _unmount

    target = tmp_path / "ro-store"
    _mount(target)
    try:
        shutil.copy(ws.plain, target / "plain.db")
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        (ws.path / "in.yaml").write_text("- {kind: member, title: A, start: 2020-01-01}\n")
        watch = Watch(str(target / "plain.db"), [target])
        run = ws.run(*COMMANDS[command], db=str(target / "plain.db"))
        if command == "import":
            expect(run, 3, "plain.db")
        else:
            expect(run, (0, 3), "member" if run.code == 0 else "plain.db")
        watch.unchanged()
    finally:
        _unmount(target)
