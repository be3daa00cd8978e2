"""How the suite times, measures memory and prints: the rules every figure follows.

Why these rules: a ratio is only meaningful when both sides ran on the same machine in
the same state, so each case runs the clex side and its raw-library twin back to back
in one process, after one warm-up of each (imports, font caches, SQLite's page cache),
and reports the median of k runs (k is printed with every figure). Setup work (a fresh
store, reading back a workbook) runs before each run and is never timed. Peak memory is
what a user sees: the peak RSS (Linux `VmHWM`, see `_peak_rss_self` for why not
`ru_maxrss`) of a spawned child process that does only the measured work, next to the
peak of a child that did everything else (the floor any run pays).
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from itertools import pairwise
from multiprocessing import get_context
from pathlib import Path
from typing import Any


@dataclass
class Timing:
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def k(self) -> int:
        return len(self.runs)


def timeit(
    fn: Callable[[], Any],
    *,
    k: int,
    warmup: bool = True,
    setup: Callable[[], Any] | None = None,
) -> Timing:
    """Median-ready timings of `fn`: one untimed warm-up (unless told not to), k runs.

    `setup` runs before every call, untimed (e.g. a fresh empty store for an import).
    """
    runs: list[float] = []
    for i in range(k + int(warmup)):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        if i >= int(warmup):
            runs.append(elapsed)
    return Timing(runs)


def interleave(
    fns: Sequence[Callable[[], Any]],
    *,
    k: int,
    warmup: bool = True,
    setups: Sequence[Callable[[], Any] | None] | None = None,
) -> list[Timing]:
    """Each of `fns`, run by run in turn, so that a busy minute hurts all of them alike."""
    setups = setups or [None] * len(fns)
    out: list[list[float]] = [[] for _ in fns]
    for i in range(k + int(warmup)):
        for fn, setup, runs in zip(fns, setups, out, strict=True):
            if setup is not None:
                setup()
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
            if i >= int(warmup):
                runs.append(elapsed)
    return [Timing(runs) for runs in out]


def pair(
    clex: Callable[[], Any],
    baseline: Callable[[], Any],
    *,
    k: int,
    warmup: bool = True,
    setup_clex: Callable[[], Any] | None = None,
    setup_baseline: Callable[[], Any] | None = None,
) -> tuple[Timing, Timing]:
    """The clex side and its baseline, interleaved (see `interleave`)."""
    a, b = interleave([clex, baseline], k=k, warmup=warmup, setups=[setup_clex, setup_baseline])
    return a, b


# -- memory ----------------------------------------------------------------------------


def _peak_rss_self() -> int:
    """This process's peak RSS in bytes.

    Linux's `VmHWM` (/proc/self/status) rather than `getrusage().ru_maxrss`: Linux keeps
    ru_maxrss across fork and exec, so a spawned child reports at least the RSS its
    parent had when it forked, and a benchmark parent holding a big data set would be
    measured instead of the child. `ru_maxrss` is the fallback elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _child(fn: Callable[..., Any] | None, args: tuple[Any, ...]) -> int:
    if fn is not None:
        fn(*args)
    return _peak_rss_self()


def peak_rss(fn: Callable[..., Any] | None, *args: Any) -> int:
    """Peak RSS in bytes of a fresh spawned process running `fn(*args)` (None: only the
    imports of the pickled call). `fn` must be importable at module level."""
    with get_context("spawn").Pool(1) as pool:
        return int(pool.apply(_child, (fn, args)))


# -- results ---------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a case at one size."""

    case: str
    size: str
    clex: float | None  # seconds, or bytes for a memory row
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    k: int = 0
    unit: str = "s"
    note: str = ""
    command: str = ""  # how to measure this row again on its own (set by `__main__`)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.clex is None or not self.baseline:
            return None
        return self.clex / self.baseline


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "MB":
        return f"{value / 1e6:,.0f} MB"
    if unit == "us":
        return f"{value * 1e6:,.1f} µs"
    if value >= 100:
        return f"{value:,.0f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value < 0.01:  # the web's pages: a few milliseconds, or less
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.0f} ms"


HEAD = ("case", "size", "k", "clex", "baseline", "ratio", "target", "met?", "command")
VERDICT = {True: "met", False: "**missed**", None: ""}


def table(rows: Sequence[Row]) -> str:
    """The one table `python -m benchmarks` prints (Markdown, so BENCHMARKS.md can hold it)."""
    lines = [
        [
            r.case,
            r.size,
            str(r.k) if r.k else "",
            fmt(r.clex, r.unit),
            fmt(r.baseline, r.unit),
            "" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target,
            VERDICT[r.met],
            f"`{r.command}`" if r.command else "",
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(HEAD)]

    def show(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [show(HEAD), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [show(line) for line in lines]
    notes = [f"- {r.case} ({r.size}): {r.note}" for r in rows if r.note]
    return "\n".join(out + (["", *notes] if notes else []))


def growth_exponent(sizes: Sequence[int], times: Sequence[float]) -> list[float | None]:
    """b in t ~ n^b between each size and the one before (1 = linear, < 1 better)."""
    out: list[float | None] = [None]
    for (n0, t0), (n1, t1) in pairwise(zip(sizes, times, strict=True)):
        out.append(math.log(t1 / t0) / math.log(n1 / n0) if t0 > 0 and t1 > 0 else None)
    return out


def machine() -> dict[str, str]:
    """What the figures were measured on (printed above the table)."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import os

    libs = (
        "SQLAlchemy",
        "openpyxl",
        "python-calamine",
        "weasyprint",
        "pydantic",
        "Jinja2",
        "matplotlib",
    )
    return {
        "library": library_digest(),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **{lib: version(lib) for lib in libs},
    }


def library_digest() -> str:
    """A fingerprint of the measured library code (the figures belong to that state)."""
    from . import ROOT

    digest = hashlib.sha256()
    for package in ("clex", "evidence", "criteria", "assessment", "reports"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in (".py", ".html", ".css", ".yaml") and path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def save(path: Path, rows: Sequence[Row], info: dict[str, Any]) -> None:
    data = {"machine": info, "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
