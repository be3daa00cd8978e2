"""`python -m benchmarks [--quick] [--only CASE] [--results FILE] [--profile]` (`make bench`).

Runs every case in this one process and prints one table: case, size, runs (k), clex
time, baseline time, ratio, target, met. Progress goes to stderr; nothing is written
but the cached data sets (`.bench-data/`, or `$CLEX_BENCH_DATA`), a scratch folder
there that is removed at the end, and the results file when asked for one.
`--profile` also runs the clex side of each case once under cProfile and prints the top
costs after the table (how BENCHMARKS.md names where the time goes).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from . import data_dir
from .cases import CASES as RUN_CASES
from .config import FULL, QUICK, Run
from .demo_case import CASES as DEMO_CASES
from .measure import Row, machine, save, table
from .pg_cases import CASES as PG_CASES
from .report_cases import CASES as REPORT_CASES
from .startup_cases import CASES as STARTUP_CASES
from .web_cases import CASES as WEB_CASES
from .web_pages import CASES as PAGE_CASES

CASES: dict[str, Callable[[Run], list[Row]]] = {
    **RUN_CASES,
    **REPORT_CASES,
    **STARTUP_CASES,
    **DEMO_CASES,
    **PG_CASES,
    **WEB_CASES,
    **PAGE_CASES,
}
ORDER = (
    "assess-all",
    "assess-one",
    "import",
    "excel",
    "pdf",
    "scale",
    "startup",
    "demo",
    "pg-assess",
    "pg-import",
    "web-list",
    "web-pages",
)


def rerun(case: str, quick: bool) -> str:
    """The command that measures one case again on its own (the table's last column)."""
    return f"make bench BENCH_ARGS='{'--quick ' if quick else ''}--only {case}'"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about 10x smaller: a smoke run")
    parser.add_argument(
        "--only", action="append", choices=ORDER, metavar="CASE", help=f"one of {', '.join(ORDER)}"
    )
    parser.add_argument("--results", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--profile", action="store_true", help="print cProfile top costs too")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="  .. %(message)s")
    warnings.simplefilter("ignore")  # WeasyPrint's and openpyxl's chatter is not a figure
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    info = machine()
    info["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"clex benchmarks{' (--quick)' if args.quick else ''}, {info['date']}, "
        f"`{' '.join(['python -m benchmarks', *(argv if argv is not None else sys.argv[1:])])}`"
        f": {info['cpus']} x {info['cpu']}, {info['os']}, "
        f"{info['ram']} RAM, Python {info['python']}, SQLite {info['sqlite']}, "
        f"SQLAlchemy {info['SQLAlchemy']}, openpyxl {info['openpyxl']}, "
        f"python-calamine {info['python-calamine']}, "
        f"WeasyPrint {info['weasyprint']}; library digest {info['library']}",
        flush=True,
    )
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=data_dir()))
    run = Run(sizes=QUICK if args.quick else FULL, scratch=scratch, profile=args.profile)
    rows: list[Row] = []
    loads: list[str] = []
    started = time.perf_counter()
    try:
        for name in ORDER:
            if args.only and name not in args.only:
                continue
            print(f"{name} ...", file=sys.stderr, flush=True)
            loads.append(f"{name} {os.getloadavg()[0]:.1f}")
            case_start = time.perf_counter()
            try:
                new = CASES[name](run)
                for row in new:
                    row.command = row.command or rerun(name, args.quick)
                rows += new
            except Exception as exc:  # one broken case must not hide the others' figures
                traceback.print_exc()
                rows.append(Row(name, "", None, note=f"failed: {type(exc).__name__}: {exc}"))
            print(f"{name}: {time.perf_counter() - case_start:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    minutes = (time.perf_counter() - started) / 60
    print()
    print(table(rows))
    print()
    print(
        f"Times are medians of k runs after one warm-up (the k column); the ratio is "
        f"clex / baseline. Whole run: {minutes:.1f} min. 1-minute load average at the "
        f"start of each case: {', '.join(loads)}."
    )
    missed = sorted({r.case for r in rows if r.met is False})
    if missed and not args.profile:
        print(
            f"Missed: {', '.join(missed)}. Where the time goes: the same cases with "
            f"--profile (cProfile of the clex side); BENCHMARKS.md says why for each."
        )
    for name, text in run.profiles.items():
        print(f"\n## cProfile: {name} (one run of the clex side)\n{text}")
    if args.results:
        save(args.results, rows, {**info, "minutes": f"{minutes:.1f}", "load": loads})
    return 0  # a missed target is a figure to read, not a failure of the run


if __name__ == "__main__":
    sys.exit(main())
