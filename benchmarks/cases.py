"""The assessment and import cases: clex against bare SQL and bare openpyxl + sqlite3.

Why each is measured as it is:
- assess-all: `assess()` of every cluster of a store for one period (100 clusters of
  1,000 records, and in a full run of 10,000: a million), against `baresql` computing
  the same metric values for both counting modes (the snapshot carries self-assessment
  values and audit-mode points), checked value by value against the snapshots of the
  same run. The note adds what the bare SQL costs with the id lists behind each value,
  which a snapshot also carries. Those rows are medians after a warm-up, which builds
  the plans; one more row gives the first round of the smallest size in fresh spawned
  processes, as a user's run has it (its plans built);
- assess-one: one cluster of 1,000 records (where a per-cluster fixed cost shows) and
  of 100,000 (10,000 with `--quick`), against the same bare SQL; target 1.5x each;
- import: `import_files` of a template workbook into a fresh store, against reading it
  in openpyxl's read-only mode plus a bare `executemany` (see `rawlib`); the peak RSS
  of the import runs in a spawned child, next to the floor of a child that did
  everything but the import;
- scale: the same two at 1k to 1M records, with the growth exponent b of t ~ n^b
  between neighbouring sizes (b <= 1: linear or better; 1.1 allows for noise).
"""

from __future__ import annotations

import math
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessment.metrics import AUDIT, SELF_ASSESSMENT_STATUSES
from assessment.snapshot import Snapshot

from . import baresql, rawlib
from .config import AS_OF, PERIOD, Run
from .generate import Spec, build_store, build_workbook, one_cluster
from .measure import Row, Timing, growth_exponent, pair, peak_rss, timeit

GROWTH_LIMIT = 1.1  # b above this between neighbouring sizes is worse than linear
MB = 1_000_000


def say(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


# -- assessment --------------------------------------------------------------------------


class AssessPair:
    """clex's `assess` and the bare SQL of the same values over one store's clusters."""

    def __init__(self, spec: Spec, catalogue: str | Path | None = None) -> None:
        from criteria.loader import require_catalogue
        from evidence.store import Store

        self.spec, self.path = spec, build_store(spec)
        self.store = Store(str(self.path))
        self.cat = require_catalogue(catalogue)  # None: the built-in one, as users assess
        self.slugs = spec.slugs()
        self.plans = [
            (
                spec.profile(i).slug,
                baresql.plans(
                    self.cat, spec.profile(i), PERIOD, SELF_ASSESSMENT_STATUSES, as_of=AS_OF
                ),
                baresql.plans(
                    self.cat, spec.profile(i), PERIOD, AUDIT.statuses, AUDIT.unproven, AS_OF
                ),
            )
            for i in range(spec.clusters)
        ]
        self.con = sqlite3.connect(self.path)
        self.snaps: dict[str, Snapshot] = {}
        self.values: dict[str, tuple[dict[str, float | None], dict[str, float | None]]] = {}

    def clex(self) -> None:
        from assessment.engine import assess

        for slug in self.slugs:
            self.snaps[slug] = assess(self.store, slug, PERIOD, as_of=AS_OF, catalogue=self.cat)

    def bare(self) -> None:
        con = self.con
        for slug, own, audit in self.plans:
            self.values[slug] = (
                {k: f(con) for k, f in own.items()},
                {k: f(con) for k, f in audit.items()},
            )

    def bare_with_ids(self) -> None:
        self.bare()
        for i in range(self.spec.clusters):
            for statuses in (SELF_ASSESSMENT_STATUSES, AUDIT.admitted):
                prof = self.spec.profile(i)
                for sql, params in baresql.id_queries(self.cat, prof, PERIOD, statuses, AS_OF):
                    self.con.execute(sql, params).fetchall()

    def mismatches(self) -> list[str]:
        """Every value (and audit-mode points) where the bare SQL and clex disagree."""
        from assessment.scoring import ladder_points

        indicators = {i.id: i for i in self.cat.indicators}
        out = []
        for slug, snap in self.snaps.items():
            own, audit = self.values[slug]
            for r in snap.indicators:
                if r.id not in own:
                    continue
                v, ok = own[r.id], True
                if v is None or r.value is None:
                    ok = v is None and r.value is None
                else:
                    ok = math.isclose(v, r.value, rel_tol=1e-9, abs_tol=1e-12)
                other = ladder_points(indicators[r.id], audit[r.id])
                if not ok or other != r.other_mode_points:
                    clex = f"{r.value} / {r.other_mode_points}"
                    out.append(f"{slug} {r.id}: bare {v} / {other}, clex {clex}")
        return out

    def close(self) -> None:
        self.con.close()
        self.store.engine.dispose()


def _assess_row(
    case: str, size: str, run: Run, ap: AssessPair, k: int, target: str, profile: bool = True
) -> Row:
    clex_t, bare_t = pair(ap.clex, ap.bare, k=k)
    wrong = ap.mismatches()
    ids_t = timeit(ap.bare_with_ids, k=1, warmup=False)
    if profile:
        run.profiled(case, ap.clex)
    records = sum(len(s.evidence) for s in ap.snaps.values())
    note = (
        f"bare SQL = value queries of both counting modes; {len(wrong) or 'no'} value "
        f"mismatches{': ' + '; '.join(wrong[:3]) if wrong else ''}; bare SQL with the "
        f"evidence-id lists too: {ids_t.median:.2f} s "
        f"(ratio {clex_t.median / ids_t.median:.2f}x); {records:,} evidence refs in the snapshots"
    )
    return Row(case, size, clex_t.median, bare_t.median, target, None, clex_t.k, note=note)


def first_round(spec: Spec) -> tuple[float, float]:
    """In a fresh process: the CPU of assessing every cluster of `spec` once (its plans
    built, as in a user's run) and of the bare SQL of the same values once."""
    import time

    ap = AssessPair(spec)  # the store opened, the bare side's statements written
    started = time.process_time()
    ap.clex()
    clex = time.process_time() - started
    started = time.process_time()
    ap.bare()
    bare = time.process_time() - started
    ap.close()
    return clex, bare


def _first_round_row(run: Run, spec: Spec) -> Row:
    """The first round in fresh processes: what the rows after a warm-up leave out."""
    from multiprocessing import get_context

    say(f"assess-all: the first round of {spec.clusters} clusters, each in a fresh process")
    k = run.sizes.k_fast
    with get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        got = [pool.apply(first_round, (spec,)) for _ in range(k)]
    clex_t, bare_t = Timing([c for c, _ in got]), Timing([b for _, b in got])
    size = f"{spec.clusters} clusters x {spec.records // spec.clusters:,} rec, first round"
    note = (
        "each of k spawned processes opens the store and assesses every cluster once "
        "(the plans built: what a user's run does), then runs the bare SQL once; CPU "
        "time of each, medians"
    )
    row = Row("assess-all", size, clex_t.median, bare_t.median, "<= 1.5x bare SQL", k=k)
    row.note = note
    row.met = row.ratio is not None and row.ratio <= 1.5
    return row


def assess_all(run: Run) -> list[Row]:
    rows = []
    for n, spec in enumerate(run.sizes.assess_all, 1):
        say(f"assess-all: {spec.records:,} records in {spec.clusters} clusters")
        ap = AssessPair(spec)
        try:
            row = _assess_row(
                "assess-all",
                f"{spec.clusters} clusters x {spec.records // spec.clusters:,} rec",
                run,
                ap,
                run.sizes.k_slow if spec.records >= 1_000_000 else run.sizes.k_fast,
                "<= 1.5x bare SQL",
                profile=n == len(run.sizes.assess_all),  # the largest
            )
        finally:
            ap.close()
        row.met = row.ratio is not None and row.ratio <= 1.5
        rows.append(row)
    rows.insert(1, _first_round_row(run, run.sizes.assess_all[0]))
    return rows


def assess_one(run: Run, records: int | None = None) -> tuple[Timing, Timing]:
    """Timings of one cluster of `records` (memoised: the growth table reuses them)."""
    n = records or run.sizes.assess_one[-1]
    if ("assess", n) not in run.memo:
        say(f"assess one cluster of {n:,} records")
        ap = AssessPair(one_cluster(n))
        try:
            timings = pair(ap.clex, ap.bare, k=run.k(n))
            if ap.mismatches():
                say(f"value mismatches: {ap.mismatches()[:3]}")
            if n == run.sizes.assess_one[-1]:
                run.profiled("assess-one", ap.clex)
        finally:
            ap.close()
        run.memo[("assess", n)] = timings
    return run.memo[("assess", n)]


def assess_one_case(run: Run) -> list[Row]:
    rows = []
    for n in run.sizes.assess_one:
        clex_t, bare_t = assess_one(run, n)
        row = Row("assess-one", f"1 cluster x {n:,} rec", clex_t.median, bare_t.median)
        row.target, row.k = "<= 1.5x bare SQL", clex_t.k
        row.met = row.ratio is not None and row.ratio <= 1.5
        rows.append(row)
    return rows


# -- import ------------------------------------------------------------------------------


def _fresh_store(db: Path, spec: Spec) -> Any:
    from evidence.store import Store

    for side in ("", "-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    store = Store(str(db))
    store.add_cluster(spec.profile(0))
    return store


def import_child(xlsx: str, db: str, spec: Spec, do_import: bool = True) -> None:
    """What the memory child does: open a fresh store and (unless told not) import."""
    from evidence.ingest import import_files

    store = _fresh_store(Path(db), spec)
    if do_import:
        import_files(store, [Path(xlsx)], cluster=spec.slugs()[0])


class ImportPair:
    def __init__(self, run: Run, rows: int) -> None:
        self.spec = one_cluster(rows)
        self.xlsx = build_workbook(self.spec)
        self.db, self.bare_db = run.scratch / "import.db", run.scratch / "bare-import.db"
        self.store: Any = None

    def setup_clex(self) -> None:
        if self.store is not None:
            self.store.engine.dispose()
        self.store = _fresh_store(self.db, self.spec)

    def clex(self) -> None:
        from evidence.ingest import import_files

        report = import_files(self.store, [self.xlsx], cluster=self.spec.slugs()[0])
        assert report.summary()["created"] == self.spec.records, report.summary()

    def setup_bare(self) -> None:
        for side in ("", "-wal", "-shm"):
            Path(f"{self.bare_db}{side}").unlink(missing_ok=True)

    def bare(self) -> None:
        assert rawlib.read_and_insert(self.xlsx, self.bare_db) == self.spec.records


def import_timings(run: Run, rows: int) -> tuple[Timing, Timing]:
    """Timings of importing a `rows`-row workbook (memoised: the growth table reuses them).

    From 100,000 rows on there is no warm-up (a minute-long run warms itself), and at a
    million rows only the clex side runs: the bare read alone would add minutes to the
    suite, and the growth exponent is about clex.
    """
    if ("import", rows) not in run.memo:
        say(f"import a {rows:,}-row workbook")
        ip = ImportPair(run, rows)
        kwargs: dict[str, Any] = {"k": run.k(rows), "warmup": rows < 100_000}
        if rows >= 1_000_000:
            clex_t = timeit(ip.clex, setup=ip.setup_clex, **kwargs)
            run.memo[("import", rows)] = (clex_t, Timing([]))
        else:
            run.memo[("import", rows)] = pair(
                ip.clex, ip.bare, setup_clex=ip.setup_clex, setup_baseline=ip.setup_bare, **kwargs
            )
        if rows == run.sizes.import_rows:
            ip.setup_clex()
            run.profiled("import", ip.clex)
    return run.memo[("import", rows)]


def import_case(run: Run) -> list[Row]:
    n = run.sizes.import_rows
    clex_t, bare_t = import_timings(run, n)
    row = Row("import", f"{n:,} rows", clex_t.median, bare_t.median, "<= 1.5x", k=clex_t.k)
    row.met = row.ratio is not None and row.ratio <= 1.5
    say("import: the bare twin reading with python-calamine, clex's reader")
    ip = ImportPair(run, n)
    cal = timeit(
        lambda: rawlib.read_and_insert(ip.xlsx, ip.bare_db, calamine=True),
        setup=ip.setup_bare,
        k=run.k(n),
    )
    row.note = (
        "bare = openpyxl read-only rows + sqlite3 executemany into plain tables; the same "
        f"reading with python-calamine (clex's reader): {cal.median:.2f} s, clex "
        f"{clex_t.median / cal.median:.2f}x that"
    )
    say("import: peak RSS in a spawned child")
    args = (str(ip.xlsx), str(run.scratch / "child.db"), ip.spec)
    peak = peak_rss(import_child, *args)
    floor = peak_rss(import_child, *args, False)
    mem = Row("import peak RSS", f"{n:,} rows", peak, floor, "< 300 MB", peak < 300 * MB, 1)
    mem.unit = "MB"
    mem.note = "baseline column = a child that opened the store but imported nothing"
    return [row, mem]


# -- growth ------------------------------------------------------------------------------


def _scale_rows(
    what: str, sizes: tuple[int, ...], measure: Callable[[int], tuple[Timing, Timing]]
) -> list[Row]:
    timings = [measure(n) for n in sizes]
    medians = [c.median for c, _ in timings]
    rows = []
    for n, (c, b), g in zip(sizes, timings, growth_exponent(sizes, medians), strict=True):
        per = c.median / n * 1e6
        bare = b.median if b.runs else None
        row = Row(f"scale {what}", f"{n:,} rec, {per:,.1f} µs/rec", c.median, bare, k=c.k)
        if g is not None:
            row.target, row.met = f"linear: b={g:.2f}", g <= GROWTH_LIMIT
        rows.append(row)
    return rows


def scale(run: Run) -> list[Row]:
    rows = _scale_rows("assess-one", run.sizes.scale_assess, lambda n: assess_one(run, n))
    rows += _scale_rows("import", run.sizes.scale_import, lambda n: import_timings(run, n))
    return rows


CASES: dict[str, Callable[[Run], list[Row]]] = {
    "assess-all": assess_all,
    "assess-one": assess_one_case,
    "import": import_case,
    "scale": scale,
}
