"""Ctrl-C and SIGTERM, sent for real to `python -m clex` while it imports, assesses and
writes a report: one line "interrupted", exit 130, no traceback; the output file as it
was or complete (never half), no temporary file left; the store as it was or with the
whole import (issue 21).

Each command runs once uninterrupted first (its duration `T` and the complete result),
then is signalled at fractions of `T`, so the signals land early (Python still importing
modules), in the middle of the work and near its end whatever the machine's speed. A
run the signal came too late for must have finished whole; at least one run of each
command must have been interrupted, or the test proved nothing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_process, start_process, write_members
from tests.test_assess_cli import EVIDENCE

pytestmark = pytest.mark.slow

AS_OF = ("--as-of", "2026-01-15")
# records of the import that is interrupted: about a second, so that the earliest signal
# (5 %) lands after Python's own start, which is not clex's to answer
MEMBERS = 4000

# (fraction of the uninterrupted run's time, the signal, sent to the process group too)
WHEN = [
    (0.05, signal.SIGINT, False),  # while Python imports typer, rich, pydantic
    (0.45, signal.SIGTERM, False),
    (0.7, signal.SIGINT, True),  # as a terminal sends Ctrl-C: to every process
    (0.9, signal.SIGTERM, True),
]


@dataclass
class Signalled:
    code: int
    out: str
    err: str


def signalled(args: list[str], cwd: Path, after: float, sig: int, group: bool) -> Signalled:
    """`python -m clex ARGS` in `cwd`, sent `sig` `after` seconds (to its process group
    when `group`, as Ctrl-C on a terminal reaches every process of the command)."""
    proc = start_process(args, cwd=cwd, start_new_session=True)
    time.sleep(after)
    try:
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
    except ProcessLookupError:  # it had finished
        pass
    out, err = proc.communicate(timeout=300)
    return Signalled(proc.returncode, out, err)


def assert_clean_end(run: Signalled) -> bool:
    """The run ended whole (exit 0) or interrupted as promised; True if interrupted."""
    assert "Traceback" not in run.err and "Exception ignored" not in run.err, run
    if run.code == 0:
        return False
    assert run.code == 130, run
    assert run.err.rstrip("\n").splitlines()[-1] == "interrupted", run
    assert run.err.count("interrupted") == 1, run
    return True


def stray(folder: Path) -> list[str]:
    """Temporary files a writer left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".clex-tmp"))


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    run = run_process(args, cwd=cwd, env={"CLEX_DB": str(cwd / "clex.db")}, timeout=300)
    assert run.code == 0, run
    return time.perf_counter() - started


def earlier(share: float, attempt: int) -> float:
    """The share of `T` for a signal's `attempt`-th try: a run that finished whole before
    its signal (a machine busier while `T` was measured, or a signal in the process's
    last moments, after the work, which it rightly ignores) is tried again earlier."""
    return share / 2**attempt


TRIES = 3


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a cluster and a little evidence, a snapshot of it, and a file of
    `MEMBERS` members to import."""
    work = tmp_path_factory.mktemp("interrupts")
    env = {"CLEX_DB": str(work / "clex.db")}
    for args in (["init", "--cluster", "nano", "--name", "Nano", "--country", "CZ"],):
        assert run_process(args, cwd=work, env=env).code == 0
    (work / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert run_process(["import", "ev.yaml"], cwd=work, env=env).code == 0
    run = run_process(["assess", "--period", "2024", *AS_OF, "-o", "snap.json"], cwd=work, env=env)
    assert run.code == 0, run
    write_members(work / "members.yaml", MEMBERS)
    return work


def store_state(db: Path) -> tuple[int, int]:
    """(records, import batches) of a store, after SQLite's own integrity check."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        records = conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
        batches = conn.execute("SELECT count(*) FROM batches").fetchone()[0]
    return records, batches


def copy_store(work: Path, to: Path) -> Path:
    import shutil

    to.mkdir()
    with sqlite3.connect(work / "clex.db") as src, sqlite3.connect(to / "clex.db") as dst:
        src.backup(dst)
    shutil.copy(work / "members.yaml", to)
    shutil.copy(work / "snap.json", to)
    return to


def test_an_interrupted_import_stores_all_or_nothing(work: Path, tmp_path: Path) -> None:
    whole = copy_store(work, tmp_path / "whole")
    before = store_state(whole / "clex.db")
    took = timed(["import", "members.yaml"], whole)
    after = store_state(whole / "clex.db")
    assert after[0] == before[0] + MEMBERS
    interrupted = 0
    for k, (share, sig, group) in enumerate(WHEN):
        for attempt in range(TRIES):
            folder = copy_store(work, tmp_path / f"run{k}-{attempt}")
            when = took * earlier(share, attempt)
            run = signalled(["import", "members.yaml"], folder, when, sig, group)
            got = assert_clean_end(run)
            state = store_state(folder / "clex.db")
            assert state == (before if run.code else after), (run, state)
            if got:
                break
        interrupted += got
    assert interrupted >= 2, "the signals came too late to test anything"


def test_an_interrupted_assess_leaves_the_snapshot_as_it_was(work: Path, tmp_path: Path) -> None:
    folder = copy_store(work, tmp_path / "assess")
    old = (folder / "snap.json").read_bytes()
    args = ["assess", "--period", "2024", *AS_OF, "-o", "snap.json", "--force"]
    took = timed(args, folder)
    complete = (folder / "snap.json").read_bytes()
    assert json.loads(complete)["schema"]
    interrupted = 0
    for share, sig, group in WHEN[:3]:
        for attempt in range(TRIES):
            (folder / "snap.json").write_bytes(old)
            store = (folder / "clex.db").read_bytes()
            run = signalled(args, folder, took * earlier(share, attempt), sig, group)
            got = assert_clean_end(run)
            now = (folder / "snap.json").read_bytes()
            if run.code:
                assert now == old, run
            else:
                assert json.loads(now)["schema"] == json.loads(complete)["schema"]
            assert (folder / "clex.db").read_bytes() == store  # assess only reads
            assert stray(folder) == []
            if got:
                break
        interrupted += got
    assert interrupted >= 2, "the signals came too late to test anything"


@pytest.mark.parametrize(
    ("workers", "when"),
    [("1", [(0.5, signal.SIGTERM, False), (0.85, signal.SIGINT, True)]), ("2", [WHEN[2]])],
)
def test_an_interrupted_report_leaves_the_file_as_it_was(
    work: Path, tmp_path: Path, workers: str, when: list[tuple[float, int, bool]]
) -> None:
    """The PDF a finished run writes is reproducible: an interrupted run leaves the
    previous one's bytes, a run that finished writes the same bytes again. With two
    workers, Ctrl-C to the process group reaches the parts' processes too."""
    folder = copy_store(work, tmp_path / "report")
    args = ["report", "snap.json", "-o", "r.pdf", "--force", "--workers", workers]
    took = timed(args, folder)
    complete = (folder / "r.pdf").read_bytes()
    interrupted = 0
    for share, sig, group in when:  # few: a report takes a while
        for attempt in range(TRIES):
            run = signalled(args, folder, took * earlier(share, attempt), sig, group)
            got = assert_clean_end(run)
            assert (folder / "r.pdf").read_bytes() == complete, run
            assert stray(folder) == []
            assert not [p for p in folder.iterdir() if p.name.startswith(".clex-pdf-")]
            if got:
                break
        interrupted += got
    assert interrupted >= 1, "the signals came too late to test anything"


def test_a_signal_while_the_first_modules_load_is_interrupted_not_a_traceback(
    tmp_path: Path,
) -> None:
    """The signal lands while `python -m clex` imports the module its own handlers come
    from (sent by an import hook at that moment, so the test does not depend on timing):
    one line "interrupted", exit 130, no traceback of the import."""
    script = tmp_path / "trip.py"
    script.write_text(
        "import os, signal, sys\n"
        "class Trip:\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'evidence.outfile':\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Trip())\n"
        "sys.argv = ['clex', '--help']\n"
        "from clex.__main__ import run\n"
        "run()\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    run = Signalled(proc.returncode, proc.stdout, proc.stderr)
    assert assert_clean_end(run), run
    assert run.out == "", run  # no help printed: the command never began
