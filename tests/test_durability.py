"""The store loses nothing: a killed import leaves all of it or none of it, and four
processes writing at once all succeed (they wait for each other, no "database is
locked"). Real processes, real SQLite files and, when given, a real PostgreSQL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from evidence.models import ClusterProfile
from evidence.schema import evidence, review_log
from evidence.store import Store, integrity_ok
from tests.conftest import PG_URL, fresh_pg

ROWS = 50_000
KILLS = 20


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


@pytest.mark.slow
def test_sigkill_mid_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    store = Store(str(base))
    store.add_cluster(ClusterProfile(slug="big", name="Big"))
    small = members_csv(tmp_path / "small.csv", 10, "Earlier")
    assert (
        subprocess.run(
            clex_cmd(str(base), "import", str(small), "--cluster", "big"),
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    store.engine.dispose()
    big = members_csv(tmp_path / "big.csv", ROWS, "Member")

    full = tmp_path / "full.db"
    shutil.copy(base, full)
    started = time.monotonic()
    done = subprocess.run(
        clex_cmd(str(full), "import", str(big), "--cluster", "big"),
        capture_output=True,
        text=True,
        check=False,
    )
    whole = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert count(Store(str(full))) == 10 + ROWS

    outcomes = []
    for i in range(KILLS):
        db = tmp_path / f"kill{i}.db"
        shutil.copy(base, db)
        # spread over the run, and half of the kills in its last third (writing, commit)
        moment = whole * (i / KILLS if i % 2 == 0 else 0.66 + 0.34 * i / KILLS)
        proc = subprocess.Popen(
            clex_cmd(str(db), "import", str(big), "--cluster", "big"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = Store(str(db))
        assert integrity_ok(store), f"kill {i} at {moment:.2f} s: integrity check failed"
        n = count(store)
        assert n in (10, 10 + ROWS), f"kill {i} at {moment:.2f} s left {n} records"
        assert count(store, review_log) == n  # one review entry per record, same transaction
        outcomes.append(n)
        store.engine.dispose()
    print(
        f"\n{KILLS} kills over {whole:.1f} s: {outcomes.count(10)} left nothing, "
        f"{outcomes.count(10 + ROWS)} completed"
    )
    assert outcomes.count(10) > 0


def _concurrent(db: str, tmp_path: Path) -> None:
    store = Store(db)
    store.add_cluster(ClusterProfile(slug="c", name="C"))
    seed = members_csv(tmp_path / "seed.csv", 50, "Seed")
    assert (
        subprocess.run(
            clex_cmd(db, "import", str(seed), "--cluster", "c"), capture_output=True, check=False
        ).returncode
        == 0
    )
    ids = [r.id for r in store.records("c")]
    files = [members_csv(tmp_path / f"f{n}.csv", 3000, f"Batch{n}") for n in range(2)]
    procs = [
        subprocess.Popen(
            clex_cmd(db, "import", str(f), "--cluster", "c"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    script = (
        "import subprocess, sys\n"
        "for n, rid in enumerate(sys.argv[3:]):\n"
        "    status = 'verified' if n % 2 else 'needs_info'\n"
        "    r = subprocess.run([sys.executable, '-m', 'clex', '--db', sys.argv[1], "
        "'evidence', 'review', rid, '--cluster', 'c', '--status', status, "
        "'--reviewer', sys.argv[2]], capture_output=True, text=True)\n"
        "    sys.stderr.write(r.stderr)\n"
        "    assert r.returncode == 0, r.stderr\n"
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
    assert dict(reviewers) == {"clex import": 6050, "Eva": 8, "Jan": 8}


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
