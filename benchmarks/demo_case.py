"""The `clex demo` case: the demo as a process, this tree's code against the base commit's.

Why it is measured as it is (issue 19: the demo at most half its CPU time on main at
5fd93c5):
- the base is the code of a commit (`CLEX_BENCH_DEMO_BASE`, default 5fd93c5), taken
  with `git archive` from this repository into the run's scratch folder once, and run
  with the same interpreter and libraries, PYTHONPATH pointing at it; this tree runs
  the same way with PYTHONPATH at the working tree. Both run `python -m clex demo --out
  DIR` as a user does, interleaved run by run, after one untimed run each (which also
  compiles the extracted tree's bytecode);
- the figure is the child's CPU time, user + system, from `os.wait4`: the demo is one
  process, so its CPU time is the work it does, and on a shared machine it moves far
  less than the wall-clock (which the row's note gives as well);
- the two demo folders are compared file by file after the runs (the store aside):
  a faster demo that writes other snapshots or reports would not count.
"""

from __future__ import annotations

import filecmp
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from . import ROOT
from .cases import say
from .config import Run
from .measure import Row

BASE = "5fd93c5"
STORE = ("clex.db", "clex.db-wal", "clex.db-shm", "clex.db-journal")


def base_tree(run: Run, commit: str) -> Path:
    """The base commit's files, extracted once into the run's scratch folder."""
    where = run.scratch / f"base-{commit}"
    if not where.is_dir():
        where.mkdir()
        git = subprocess.Popen(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit], stdout=subprocess.PIPE
        )
        assert git.stdout is not None
        with tarfile.open(fileobj=git.stdout, mode="r|") as tar:
            tar.extractall(where, filter="data")
        if git.wait() != 0:
            raise RuntimeError(f"git archive {commit} failed")
    return where


def demo_process(code: Path, out: Path) -> tuple[float, float]:
    """(CPU seconds user + system, wall seconds) of `python -m clex demo --out out` run
    on the code in `code`."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("CLEX_DB", None)
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: nothing waits on a reader
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "clex", "demo", "--out", str(out)],
            cwd=code,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode(errors="replace")
            raise RuntimeError(f"clex demo ({code}) exited {proc.returncode}: {text[-500:]}")
    return usage.ru_utime + usage.ru_stime, wall


def differing(a: Path, b: Path) -> list[str]:
    """Files that differ between two demo folders, or are in one only (the store aside)."""
    out: list[str] = []
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    for name in sorted(names_a | names_b):
        if name.parts[0] in STORE:
            continue
        if name not in names_a or name not in names_b:
            out.append(f"{name} (in one only)")
        elif not filecmp.cmp(a / name, b / name, shallow=False):
            out.append(str(name))
    return out


def demo(run: Run) -> list[Row]:
    commit = os.environ.get("CLEX_BENCH_DEMO_BASE") or BASE
    base = base_tree(run, commit)
    sides = {"base": base, "tree": ROOT}
    outs = {name: run.scratch / f"demo-{name}" for name in sides}
    k = run.sizes.k_slow
    say(f"demo: `clex demo` as a process, {commit} against the working tree, {k} runs each")
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    wall: dict[str, list[float]] = {name: [] for name in sides}
    for i in range(k + 1):  # the first of each is the warm-up
        for name, code in sides.items():
            c, w = demo_process(code, outs[name])
            if i:
                cpu[name].append(c)
                wall[name].append(w)
    tree, main = statistics.median(cpu["tree"]), statistics.median(cpu["base"])
    row = Row("demo", "`clex demo`, CPU time", tree, main, "<= 0.5x main", k=k)
    row.met = row.ratio is not None and row.ratio <= 0.5
    diff = differing(outs["base"], outs["tree"])
    row.note = (
        f"baseline = the same command on the code of {commit} (git archive), same "
        f"interpreter; CPU time (user + system) of the child from os.wait4, medians; "
        f"wall-clock {statistics.median(wall['tree']):.1f} s against "
        f"{statistics.median(wall['base']):.1f} s; demo folders "
        + ("identical (store aside)" if not diff else f"differ: {', '.join(diff[:5])}")
    )
    return [row]


CASES = {"demo": demo}
