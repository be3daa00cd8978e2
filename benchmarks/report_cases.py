"""The report cases: clex's Excel and PDF writers against openpyxl and WeasyPrint alone.

Why each is measured as it is:
- excel: `write_report(snapshot, out.xlsx)` for the 2024 snapshot of a 100,000-record
  cluster, against openpyxl's write-only mode writing the very cells of clex's output;
- pdf: `write_report(snapshot, out.pdf)` against WeasyPrint rendering the final HTML
  that `reports.html.render_html` returns for the same snapshot, at two sizes (the fixed
  costs of charts and templates weigh more in a short report);
- pdf parallel: `write_report(..., workers=2)` (reports/parallel.py) against the same
  report in one process, from the pdf case. A library without that parameter gets
  `rawlib`'s stand-in instead: the HTML cut in two, rendered in two processes, joined;
  one untimed split at the middle row measures the halves, the timed runs use the cut
  that balances them;
- cpu 2-proc: a pure-Python loop run twice in two processes against twice in one. It is
  the ceiling of any two-process speed-up on this machine at this moment, the number
  that says whether 0.65x is reachable at all.
"""

from __future__ import annotations

import inspect
import logging
import re
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context

from assessment.snapshot import Snapshot

from . import rawlib
from .cases import say
from .config import AS_OF, PERIOD, Run
from .generate import build_store, one_cluster
from .measure import Row, Timing, interleave, pair, timeit

_snapshots: dict[int, Snapshot] = {}


def snapshot(records: int) -> Snapshot:
    """The 2024 snapshot of a one-cluster store of `records` (assessed once, untimed)."""
    if records not in _snapshots:
        from assessment.engine import assess
        from evidence.store import Store

        spec = one_cluster(records)
        store = Store(str(build_store(spec)))
        _snapshots[records] = assess(store, spec.slugs()[0], PERIOD, as_of=AS_OF)
        store.engine.dispose()
    return _snapshots[records]


def evidence_rows(snap: Snapshot) -> int:
    return sum(len(i.evidence_ids) for i in snap.indicators)


def excel(run: Run) -> list[Row]:
    return [_excel(run, n) for n in run.sizes.excel]


def _excel(run: Run, n: int) -> Row:
    from reports import write_report

    snap = snapshot(n)
    say(f"excel: the report of a {n:,}-record cluster ({evidence_rows(snap):,} evidence rows)")
    out, bare_out = run.scratch / "report.xlsx", run.scratch / "bare.xlsx"
    write_report(snap, out)  # also the warm-up of the clex side
    cells = rawlib.read_cells(out)
    rawlib.write_only(cells, bare_out)  # and of the bare side
    clex_t, bare_t = pair(
        lambda: write_report(snap, out),
        lambda: rawlib.write_only(cells, bare_out),
        k=run.k(n),
        warmup=False,
    )
    run.profiled(f"excel {n:,}", lambda: write_report(snap, out))
    size = f"{n:,} rec, {sum(len(r) for _, r in cells):,} rows"
    row = Row("excel", size, clex_t.median, bare_t.median, "<= 1.3x", k=clex_t.k)
    row.met = row.ratio is not None and row.ratio <= 1.3
    row.note = "bare = openpyxl write-only mode, the same cells (values, no styles)"
    return row


def pdf(run: Run) -> list[Row]:
    """Each size: clex and WeasyPrint alone, interleaved; the largest also in two processes
    (the three interleaved, so the parallel ratio compares runs of the same minutes)."""
    from reports import render_html, write_report

    parallel = "workers" in inspect.signature(write_report).parameters
    rows: list[Row] = []
    for n in run.sizes.pdf:
        snap = snapshot(n)
        rendered = render_html(snap)  # the HTML `write_report` prints, and its base URL
        appendix = len(rawlib.appendix_rows(rendered.html))
        say(f"pdf: the report of a {n:,}-record cluster ({appendix:,} appendix rows)")
        out, bare_out = run.scratch / "report.pdf", run.scratch / "bare.pdf"
        fns = [
            lambda snap=snap, out=out: write_report(snap, out),
            lambda r=rendered, out=bare_out: rawlib.weasyprint_pdf(r.html, out, r.base_url),
        ]
        last = n == run.sizes.pdf[-1]
        if last and parallel:
            fns.append(lambda snap=snap, out=out: write_report(snap, out, workers=2))
        # one warm-up per process: fonts and caches are warm after it
        with Captured("reports.parallel") as parallel_log:
            timings = interleave(fns, k=run.sizes.k_slow, warmup=not rows)
        clex_t, single = timings[0], timings[1]
        own = timeit(partial(render_html, snap), k=run.sizes.k_fast)
        row = Row("pdf", f"{n:,} rec, {appendix:,} rows", clex_t.median, single.median)
        row.k, row.target = clex_t.k, "<= 1.10x"
        row.met = row.ratio is not None and row.ratio <= 1.10
        row.note = (
            "bare = weasyprint.HTML(string=render_html(snap).html).write_pdf() with Python's "
            f"default GC thresholds; clex's own work before WeasyPrint (render_html: context, "
            f"charts, templates) {own.median:.2f} s = {100 * own.median / single.median:.1f} % "
            f"of the bare render (median of {own.k})"
        )
        rows.append(row)
        if last:
            run.profiled("pdf", fns[0])
            if parallel:
                rows.append(_parallel(run, timings[2], clex_t, appendix, parallel_log))
                run.profiled("pdf parallel", fns[2])
            else:
                rows.append(_raw_parallel(run, rendered.html, single.median))
    rows.append(_cpu(run))
    return rows


def _parallel(run: Run, par: Timing, single: Timing, appendix: int, log: list[str]) -> Row:
    """`write_report(..., workers=2)` against the same report in one process."""
    size = f"{appendix:,} rows, 2 proc"
    row = Row("pdf parallel", size, par.median, single.median, "<= 0.65x", k=par.k)
    row.met = row.ratio is not None and row.ratio <= 0.65
    joins = [re.sub(r"wrote \S+: ", "", m) for m in log if "joining" in m]
    last = [m for m in log if m.startswith("part ")][-2:] + joins[-1:]
    row.note = (
        "clex = write_report(..., workers=2); baseline = the same report in one process "
        "(the clex column of the pdf row above, runs interleaved with these); "
        f"reports.parallel's log of the last run: {'; '.join(last) or 'none'}"
    )
    return row


class Captured(logging.Handler):
    """The INFO messages of one logger while a block runs (kept off the console)."""

    def __init__(self, name: str) -> None:
        super().__init__(logging.INFO)
        self.logger = logging.getLogger(name)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> list[str]:
        self.saved = (self.logger.level, self.logger.propagate)
        self.logger.setLevel(logging.INFO)
        self.logger.propagate = False
        self.logger.addHandler(self)
        return self.messages

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self.saved[0])
        self.logger.propagate = self.saved[1]


def _raw_parallel(run: Run, html: str, single: float) -> Row:
    """Without a parallel path in `reports`: what two processes would achieve (rawlib)."""
    total = len(rawlib.appendix_rows(html))
    out = run.scratch / "parallel.pdf"
    say(f"pdf parallel: {total:,} appendix rows in two processes")
    half = total // 2
    first = rawlib.balance(total, half, rawlib.parallel_pdf(list(rawlib.split(html, half)), out))
    parts = list(rawlib.split(html, first))
    part_times: list[list[float]] = []
    par = timeit(
        lambda: part_times.append(rawlib.parallel_pdf(parts, out)),
        k=run.sizes.k_slow,
        warmup=False,
    )
    row = Row("pdf parallel", f"{total:,} rows, 2 proc", par.median, single, "<= 0.65x", k=par.k)
    row.met = row.ratio is not None and row.ratio <= 0.65
    mid = sorted(part_times, key=sum)[len(part_times) // 2]
    row.note = (
        f"reports has no parallel path: WeasyPrint alone on the HTML cut after appendix row "
        f"{first:,} of {total:,}, in two processes, joined by qpdf; the parts took "
        f"{mid[0]:.1f} s and {mid[1]:.1f} s side by side; baseline = the one-process render"
    )
    return row


def burn(n: int) -> float:
    start, s = time.perf_counter(), 0
    for i in range(n):
        s += i * i
    return time.perf_counter() - start


def _cpu(run: Run) -> Row:
    """How much two processes gain on this machine now (pure Python, no I/O)."""
    n = 10_000_000
    ctx = get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        list(pool.map(burn, [1000, 1000]))  # started and imported before the clock
        two = timeit(lambda: list(pool.map(burn, [n, n])), k=run.sizes.k_fast)
    one = timeit(lambda: (burn(n), burn(n)), k=run.sizes.k_fast)
    row = Row("cpu 2-proc", "2 x pure-Python loop", two.median, one.median, "0.50x ideal", k=two.k)
    row.note = (
        "clex column = both loops in two processes, baseline = one after the other: the "
        "best any two-process split can do on this machine while the suite ran"
    )
    return row


CASES = {"excel": excel, "pdf": pdf}
