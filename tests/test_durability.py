"""The store loses nothing: a killed import leaves all of it or none of it, and four
processes writing at once all succeed (they wait for each other, no "database is
locked"). Real processes, real SQLite files and, when given, a real PostgreSQL."""

from __future__ import annotations

import os
import re
import select as selectors
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from evidence.ingest import CHUNK, import_files
from evidence.models import ClusterProfile
from evidence.schema import evidence, imports, review_log
from evidence.store import Store, integrity_ok
from tests.conftest import PG_URL, fresh_pg

# Four chunks: the importer writes CHUNK rows at a time inside its one transaction.
ROWS = 4 * CHUNK
PROGRESS = re.compile(rb"Importing: (\d+) rows")


def members_csv(path: Path, rows: int, prefix: str) -> Path:
    lines = ["kind,title,start,type,country,committed"]
    lines += [f"member,{prefix} {i},2020-01-01,sme,CZ,yes" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(store: Store, table=evidence) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def clex_cmd(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "clex", "--db", db, *args]


class Import:
    """`clex import BIG.csv` into `db` in a process, watched from outside: the rows its
    progress line says it has read (`--progress`: Rich draws it as on a terminal), and
    the size of the store's write-ahead log."""

    def __init__(self, db: Path, csv: Path) -> None:
        self.db, self.wal = db, Path(f"{db}-wal")
        env = {**os.environ, "TTY_COMPATIBLE": "1", "FORCE_COLOR": "1", "TERM": "xterm"}
        env |= {"NO_COLOR": "1", "COLUMNS": "200"}
        self.proc = subprocess.Popen(
            clex_cmd(str(db), "import", str(csv), "--cluster", "big", "--progress"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.fileno()
        os.set_blocking(self.stderr, False)
        self.shown = 0  # rows read, as the progress line last showed them
        self.output = b""

    def wal_size(self) -> int:
        try:
            return self.wal.stat().st_size
        except FileNotFoundError:
            return 0

    def until(self, condition: Callable[[], bool], *, poll: float, timeout: float = 300) -> bool:
        """Watch until `condition()` holds (True) or the process ends (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read()
            if condition():
                return True
            if self.proc.poll() is not None:
                self._read()
                return condition()
            if poll:
                time.sleep(poll)
            else:  # wait for the next progress line (Rich redraws it 10 times a second)
                selectors.select([self.stderr], [], [], 0.5)
        raise AssertionError(f"still importing after {timeout} s: {self.output[-300:]!r}")

    def _read(self) -> None:
        try:
            while data := os.read(self.stderr, 65536):
                self.output += data
        except BlockingIOError:
            pass
        shown = PROGRESS.findall(self.output[-4096:])
        if shown:
            self.shown = int(shown[-1])

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        assert self.proc.returncode == -signal.SIGKILL  # it had not ended by itself

    def finish(self) -> int:
        self.until(lambda: False, poll=0)
        return self.proc.wait()


def wal_frames(wal: Path) -> tuple[int, int]:
    """(frames, commit frames) of the current generation of an SQLite write-ahead log: a
    transaction is committed once its last frame, marked with the database's size, is in
    the log (https://sqlite.org/fileformat.html#the_write_ahead_log)."""
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < 32:
        return 0, 0
    page_size = struct.unpack(">I", data[8:12])[0]
    salt = data[16:24]
    frames = commits = 0
    for at in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        if data[at + 8 : at + 16] != salt:  # a frame of an earlier generation
            break
        frames += 1
        commits += struct.unpack(">I", data[at + 4 : at + 8])[0] != 0
    return frames, commits


@pytest.mark.slow
def test_sigkill_mid_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    """Each kill is timed by what the import shows and writes, not by the clock, and the
    test asserts where it landed: after whole chunks were written inside the import's
    transaction (its progress line had passed them), or while the commit was being
    written (the write-ahead log was growing). The store then holds nothing of the import
    (or, for a commit that made it, all of it), passes SQLite's integrity check, and has
    one review entry per record."""
    base = tmp_path / "base.db"
    store = Store(str(base))
    store.add_cluster(ClusterProfile(slug="big", name="Big"))
    import_files(store, [members_csv(tmp_path / "small.csv", 10, "Earlier")], cluster="big")
    store.engine.dispose()
    big = members_csv(tmp_path / "big.csv", ROWS, "Member")

    def run(name: str) -> Import:
        shutil.copy(base, tmp_path / name)
        return Import(tmp_path / name, big)

    # the whole import, to see the size of its commit in the write-ahead log
    full = run("full.db")
    full.until(lambda: full.shown >= ROWS, poll=0)  # every row read: the last chunk next
    commit_size = 0

    def grown() -> bool:
        nonlocal commit_size
        commit_size = max(commit_size, full.wal_size())
        return False

    full.until(grown, poll=0.0005)
    assert full.proc.returncode == 0, full.output[-2000:]
    assert count(Store(str(full.db))) == 10 + ROWS
    assert commit_size > 100_000, commit_size

    outcomes: dict[str, tuple[int, int, int]] = {}
    kills: list[tuple[str, Callable[[Import], bool], float]] = [
        # one chunk written, uncommitted: the progress line shows rows of the next chunk
        ("one chunk written", lambda imp: imp.shown > CHUNK, 0),
        ("all but the last chunk written", lambda imp: imp.shown > ROWS - CHUNK, 0),
        # the commit being written to the log: its first frames, half of it
        ("commit started", lambda imp: imp.wal_size() > 32 + 4096, 0.0002),
        ("commit half written", lambda imp: imp.wal_size() >= commit_size // 2, 0.0002),
    ]
    for i, (moment, landed, poll) in enumerate(kills):
        imp = run(f"kill{i}.db")
        if poll:  # the log is watched once every row has been read
            imp.until(lambda imp=imp: imp.shown >= ROWS, poll=0)
        assert imp.until(lambda imp=imp, landed=landed: landed(imp), poll=poll), moment
        imp.kill()
        frames, commits = wal_frames(imp.wal)  # before any connection recovers the log
        store = Store(str(imp.db))
        assert integrity_ok(store), f"{moment}: integrity check failed"
        n = count(store)
        assert n in (10, 10 + ROWS), f"{moment}: the kill left {n} records"
        assert count(store, review_log) == n  # one review entry per record, same transaction
        assert count(store, imports) == (1 if n == 10 else 2)
        assert (n == 10 + ROWS) == (commits > 0), (moment, n, frames, commits)
        if not poll:
            assert n == 10, f"{moment}: killed after {imp.shown} rows, yet committed"
        outcomes[moment] = (imp.shown, frames, n - 10)
        store.engine.dispose()
    print(
        f"\n{ROWS} rows, {commit_size} bytes of commit: "
        + "; ".join(
            f"{m}: {r} rows shown, {f} log frames, {k} kept" for m, (r, f, k) in outcomes.items()
        )
    )


def _concurrent(db: str, tmp_path: Path) -> None:
    store = Store(db)
    store.add_cluster(ClusterProfile(slug="c", name="C"))
    import_files(store, [members_csv(tmp_path / "seed.csv", 50, "Seed")], cluster="c")
    ids = [r.id for r in store.records("c")]
    files = [members_csv(tmp_path / f"f{n}.csv", 3000, f"Batch{n}") for n in range(2)]
    procs = [
        subprocess.Popen(
            clex_cmd(db, "import", str(f), "--cluster", "c"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "CLEX_USER": "Petra"},  # who imports: the creation entries name her
        )
        for f in files
    ]
    # a reviewer: one process running `clex evidence review` eight times, one record each
    script = (
        "import sys\n"
        "from clex.cli import main\n"
        "for n, rid in enumerate(sys.argv[3:]):\n"
        "    status = 'verified' if n % 2 else 'needs_info'\n"
        "    try:\n"
        "        main(['--db', sys.argv[1], 'evidence', 'review', rid, '--cluster', 'c', "
        "'--status', status, '--reviewer', sys.argv[2]])\n"
        "    except SystemExit as done:\n"
        "        assert done.code == 0, done.code\n"
    )
    for who, part in (("Eva", ids[:8]), ("Jan", ids[8:16])):
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", script, db, who, *part],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err
    assert count(store) == 50 + 6000
    with store.read() as conn:
        reviewers = conn.execute(
            select(review_log.c.reviewer, func.count()).group_by(review_log.c.reviewer)
        ).all()
    # the seed came through the library (no user known), the two files through `clex import`
    assert dict(reviewers) == {"clex import": 50, "Petra": 6000, "Eva": 8, "Jan": 8}


@pytest.mark.slow
def test_four_writers_at_once_sqlite(tmp_path: Path) -> None:
    _concurrent(str(tmp_path / "shared.db"), tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="CLEX_TEST_PG_URL is not set")
def test_four_writers_at_once_postgres(tmp_path: Path) -> None:
    assert PG_URL is not None
    _concurrent(fresh_pg(PG_URL), tmp_path)


def test_integrity_check_sees_a_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Store(str(db)).engine.dispose()
    data = bytearray(db.read_bytes())
    data[100:] = os.urandom(len(data) - 100)
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    from sqlalchemy import create_engine

    class Probe:
        is_sqlite = True
        engine = create_engine(f"sqlite:///{db}")

    assert not integrity_ok(Probe())  # type: ignore[arg-type]
