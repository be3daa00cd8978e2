"""`clex demo`: the whole job on a built-in sample cluster, in one folder.

NanoTex Liberec Cluster is fictional (a Czech nanofibre cluster, evidence 2016-2025, made
by `scripts/make_demo_data.py`). The demo does what a user does, with the same library
calls the other commands make: create the cluster, import the shipped workbook and YAML
files with the normal importer, record the auditor's reviews, assess every year and every
two-year renewal period (2016-2017 ... 2024-2025, each against the one before, as the
Silver rule asks), compare the years, benchmark 2024-2025 against the shipped peer
snapshots, and write the PDF and Excel reports for 2024-2025 (and the 2022-2023 PDF that
shows why Gold was missed then). A fixed `as_of` date makes every run give byte-identical
snapshots; each run starts from a fresh store in the output folder.

Python's cycle collector is paused while the demo runs (`_collections_between_steps`):
the demo keeps what it makes (19 snapshots, their catalogue, WeasyPrint's and
matplotlib's modules) to the end, and the collector's passes walked all of it again and
again, a quarter of the demo's CPU time. Cycles are still freed where there are many:
after the first PDF (WeasyPrint's box trees, some 600,000 objects) one collection walks
only what was made since the assessments, which were set aside (`gc.freeze`) unwalked.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .choices import LANGUAGES, lang_option
from .output import console, usage_error
from .progress import shown

if TYPE_CHECKING:
    from assessment.benchmark import Benchmark
    from assessment.compare import Comparison
    from assessment.snapshot import Snapshot

AS_OF = date(2026, 1, 15)
YEARS = tuple(range(2016, 2026))
PERIODS = ("2016-2017", "2018-2019", "2020-2021", "2022-2023", "2024-2025")  # renewal cycles
EARLIER, LATEST = PERIODS[-2], PERIODS[-1]
EVIDENCE_FILES = ("evidence.xlsx", "documents.yaml", "communication.yaml")
MARKER = ".clex-demo"


def demo_data() -> Path:
    """The data shipped in the package (clex/demo_data)."""
    return Path(str(resources.files("clex") / "demo_data"))


@dataclass
class DemoResult:
    out: Path
    slug: str = ""
    name: str = ""
    imported: int = 0
    reviews: dict[str, int] = field(default_factory=dict)
    years: list[Snapshot] = field(default_factory=list)
    periods: dict[str, Snapshot] = field(default_factory=dict)
    comparison: Comparison | None = None
    benchmark: Benchmark | None = None
    peers: int = 0
    files: dict[str, Path] = field(default_factory=dict)


def prepare(out: Path) -> None:
    """A demo folder to (re)use: refuse a folder that holds something else."""
    from evidence.outfile import write_text

    if out.exists() and not out.is_dir():
        usage_error(f"--out {out}: not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        usage_error(
            f"--out {out}: the folder exists and is not a clex demo folder; "
            "give a new or empty folder (the demo replaces its store and files)"
        )
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / MARKER, "made by `clex demo`; it replaces this folder's contents\n")
    for name in ("clex.db", "clex.db-wal", "clex.db-shm", "clex.db-journal"):
        (out / name).unlink(missing_ok=True)
    for sub in ("data", "peers", "snapshots"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    src = demo_data()
    shutil.copytree(
        src,
        out / "data",
        ignore=shutil.ignore_patterns("peers", "__pycache__"),
        copy_function=_copy,
    )
    shutil.copytree(src / "peers", out / "peers", copy_function=_copy)
    (out / "snapshots").mkdir()


def _copy(src: str, dst: str) -> None:
    """`shutil.copy2`, stopping at the first file the machine refuses (a full disk: exit 3
    naming it), where `copytree` would go on and raise a list of every failed file."""
    from evidence.outfile import machine_problem

    try:
        shutil.copy2(src, dst)
    except OSError as exc:
        mapped = machine_problem(exc, dst)
        if mapped is None:
            raise
        raise mapped from None


@contextmanager
def _collections_between_steps() -> Iterator[Callable[[bool], None]]:
    """The cycle collector paused; the callable it gives sets what is alive aside
    (`gc.freeze`: no later pass walks it), after one collection if told to: call it
    between steps. Measured on `clex demo` (2 cores, load 3-4, CPU time in one process):
    15.2 s with the collector as Python sets it, 12.0 s with it off throughout (peak RSS
    492 MB and 610 MB); a collection of everything after the assessments took 0.7 s and
    freed only 47,000 objects, one after the first PDF 0.8 s and 636,000."""
    from evidence.collector import collector_paused

    def settle(collect: bool) -> None:
        if collect:
            gc.collect()
        gc.freeze()

    with collector_paused():
        try:
            yield settle
        finally:
            gc.unfreeze()


def run_demo(
    out: Path,
    *,
    lang: str = "en",
    step: Callable[[str], None] = lambda _: None,
    reports: bool = True,
    db: str | None = None,
) -> DemoResult:
    """Every step of the demo into `out`; `step` is told what starts next. `db`: another
    store than the fresh `out/clex.db` (the web page's tests fill a PostgreSQL one)."""
    with _collections_between_steps() as settle:
        return _run_demo(out, lang, step, reports, settle, db)


def _run_demo(
    out: Path,
    lang: str,
    step: Callable[[str], None],
    reports: bool,
    settle: Callable[[bool], None],
    db: str | None = None,
) -> DemoResult:
    import yaml

    from assessment import Period, assess, keep_snapshot, write_snapshot
    from assessment.benchmark import benchmark, collect_peers
    from assessment.compare import compare
    from assessment.improvements import load_improvements
    from assessment.judgements import load_judgements
    from criteria.loader import require_catalogue
    from evidence.ingest import import_files
    from evidence.models import ClusterProfile
    from evidence.review import review
    from evidence.store import Store
    from evidence.values import with_region_code

    result = DemoResult(out=out)
    step("copying the demo data")
    prepare(out)
    data = out / "data"
    profile = with_region_code(
        ClusterProfile.model_validate(
            yaml.safe_load((data / "cluster.yaml").read_text(encoding="utf-8"))
        )
    )
    result.slug, result.name = profile.slug, profile.name
    store = Store(db or str(out / "clex.db"))
    try:
        store.add_cluster(profile)
        step("importing the evidence workbook and YAML files")
        # Relative paths, so the snapshots name `data/evidence.xlsx`, wherever `out` is.
        with chdir(out):
            report = import_files(
                store,
                [Path("data") / name for name in EVIDENCE_FILES],
                cluster=profile.slug,
                workspace=Path("data"),
            )
        result.imported = report.count("create")
        step("recording the auditor's reviews")
        plan = yaml.safe_load((data / "reviews.yaml").read_text(encoding="utf-8"))
        for entry in plan:
            done = review(
                store,
                profile.slug,
                entry["ids"],
                status=entry["status"],
                reviewer=entry["reviewer"],
                note=entry.get("note"),
                at=entry.get("at"),  # the story's date: reviews after AS_OF would not count
            )
            result.reviews[entry["status"]] = result.reviews.get(entry["status"], 0) + len(done)
        step("recording the labels awarded")
        for award in yaml.safe_load((data / "awards.yaml").read_text(encoding="utf-8")):
            store.add_award(
                profile.slug,
                award["label"],
                award["awarded_on"],
                awarded_by=award["awarded_by"],
                note=award["note"],
            )

        catalogue = require_catalogue(None)

        def run(label: str, period: Period, previous: Snapshot | None = None) -> Snapshot:
            step(f"assessing {label}")
            judged = load_judgements(data / f"judgements-{label}.yaml", catalogue)
            named = data / f"improvements-{label}.yaml"
            snap = assess(
                store,
                profile.slug,
                period,
                as_of=AS_OF,
                catalogue=catalogue,
                judgements=judged,
                previous=previous,
                improvements=load_improvements(named, catalogue) if named.exists() else [],
            )
            sealed = write_snapshot(snap, out / "snapshots" / f"{label}.json")
            keep_snapshot(store, snap, sealed=sealed)  # what `clex serve` shows of the demo
            return snap

        result.years = [run(str(y), Period.year(y)) for y in YEARS]
        previous: Snapshot | None = None
        for label in PERIODS:  # each with the one before: Silver compares 24 months back
            previous = result.periods[label] = run(label, Period.parse(label), previous)
    finally:
        store.engine.dispose()
    settle(False)  # the snapshots and the modules stay to the end: never walked again

    step("comparing the years and benchmarking against the peers")
    result.comparison = compare(result.years)
    _write_json(out / "compare-years.json", result.comparison.as_json())
    latest = result.periods[LATEST]
    peers = collect_peers([out / "peers"])
    result.benchmark = benchmark(latest, peers)
    result.peers = result.benchmark.peer_count
    _write_json(out / f"benchmark-{LATEST}.json", result.benchmark.as_json())
    if reports:
        from reports import write_report

        # each report with the renewal periods before it: the trend, and the previous
        # period for the changes; peers only for 2024-2025 (they are 2024-2025 snapshots)
        before = [result.periods[p] for p in PERIODS[:-1]]
        for suffix in ("pdf", "xlsx"):
            step(f"writing the {LATEST} {suffix.upper()} report")
            result.files[suffix] = write_report(
                latest, out / f"report-{LATEST}.{suffix}", compare=before, peers=peers, lang=lang
            )
            settle(suffix == "pdf")  # WeasyPrint's cycles freed, walking the PDF's only
        step(f"writing the {EARLIER} PDF report")
        result.files["earlier_pdf"] = write_report(
            result.periods[EARLIER], out / f"report-{EARLIER}.pdf", compare=before[:-1], lang=lang
        )
    return result


def _write_json(path: Path, value: Any) -> None:
    import json

    from evidence.outfile import write_text

    write_text(path, json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def demo(
    ctx: typer.Context,
    out: Path = typer.Option(
        Path("clex-demo"),
        "--out",
        help="Folder for the demo's store, data, snapshots and reports (replaced on each run).",
    ),
    lang: str = lang_option(LANGUAGES, "Report language: en or cs."),
) -> None:
    """Run the whole job on a built-in sample cluster: import, assess, compare,
    benchmark, report.

    The demo uses its own fresh store OUT/clex.db and ignores --db / CLEX_DB.
    """
    from .session import home_path

    out = home_path(str(out), "--out")  # "~/demo" quoted: one folder, not ./~ and ~ both
    steps = 3 + len(YEARS) + len(PERIODS) + 1 + 3
    with shown() as progress, progress.step("Starting", total=steps) as advance:
        started = False

        def step(text: str) -> None:
            nonlocal started
            if started:
                advance()
            started = True
            advance.describe(text)

        fresh = not out.exists()
        try:
            result = run_demo(out, lang=lang, step=step)
        except BaseException:  # a full disk, an interrupt: no half-made demo folder left
            if fresh and out.is_dir():
                shutil.rmtree(out, ignore_errors=True)
            raise
        advance()
    _tell(result)
    # The command ends the process: what it holds is set aside, so that the collection
    # Python makes while it shuts down does not walk it all once more.
    gc.freeze()


def story(result: DemoResult) -> list[str]:
    """The story in a few lines: the earlier period, the latest, what changed, the peers."""
    from assessment.benchmark import POSITION_TEXT

    earlier, latest = result.periods[EARLIER], result.periods[LATEST]
    lines = []
    for snap in (earlier, latest):
        gold = snap.label("gold")
        if gold is None:  # a catalogue without a Gold label
            lines.append(f"{snap.period.label}: overall {snap.overall:.1f} %")
            continue
        reasons = [str(r) for r in gold.reasons]
        failed = [r for r in reasons if "missed" in r or "below" in r or "do not" in r]
        why = "; ".join(reasons if gold.ready or not failed else failed)
        verdict = "Gold ready" if gold.ready else "Gold not ready"
        lines.append(f"{snap.period.label}: overall {snap.overall:.1f} %, {verdict}: {why}.")
    silver = latest.label("silver")
    if silver is not None:
        verdict = "Silver ready" if silver.ready else "Silver not ready"
        lines.append(f"{LATEST}: {verdict}: {'; '.join(str(r) for r in silver.reasons)}.")
    for award in latest.awards:
        lines.append(
            f"{award.title} awarded {award.awarded_on} ({award.awarded_by}): valid until "
            f"{award.valid_until}, renewable until {award.renewable_until}; on "
            f"{latest.created}: {award.state}."
        )
    moves = sorted(
        ((i.points - earlier.indicator(i.id).points) * i.weight, i.id, i.title)
        for i in latest.indicators
    )
    gains = [f"{iid} {title} (+{d:g})" for d, iid, title in reversed(moves) if d > 0]
    losses = [f"{iid} {title} ({d:g})" for d, iid, title in moves if d < 0]
    if gains or losses:
        net = sum(d for d, _, _ in moves)
        shown = gains[:4] + losses[:2]
        more = len(gains) + len(losses) - len(shown)
        rest = f", and {more} more" if more else ""
        lines.append(f"What changed (weighted points, {net:+g} in all): {', '.join(shown)}{rest}.")
    bench = result.benchmark
    row = next((r for r in bench.rows if r.level == "overall"), None) if bench else None
    if bench and row and row.median is not None and row.q1 is not None and row.q3 is not None:
        where = POSITION_TEXT[row.position] if row.position else "not placed"
        lines.append(
            f"Among {bench.peer_count} peer clusters ({LATEST}): median {row.median:.1f} %, "
            f"middle half {row.q1:.1f}-{row.q3:.1f} %; {result.name} is {where}."
        )
    if bench:
        lines += [f"{g.title}: {g.summary or f'not shown, {g.reason}'}." for g in bench.groups[1:]]
    return lines


def _tell(result: DemoResult) -> None:
    out = result.out
    reviewed = ", ".join(f"{n} {status}" for status, n in result.reviews.items())
    lines = [
        f"Demo cluster: {result.name} ({result.slug}), fictional; evidence 2016-2025.",
        f"Imported {result.imported} records from {out / 'data'}; auditor's reviews: {reviewed}.",
        "",
        *story(result),
        "",
    ]
    files = [
        ("Open first:", result.files.get("pdf"), "the report for the board"),
        ("Then:", result.files.get("xlsx"), "every indicator, its evidence, the peers"),
        ("Before:", result.files.get("earlier_pdf"), f"why {EARLIER} missed Gold"),
        ("Snapshots:", out / "snapshots", f"each year and each period {PERIODS[0]}..{LATEST}"),
        ("Evidence:", out / "data" / "evidence.xlsx", "the clex template, filled in"),
        ("Compared:", out / "compare-years.json", "the years side by side"),
        ("Peers:", out / f"benchmark-{LATEST}.json", f"{result.peers} peer clusters"),
    ]
    lines += [f"{head:<12}{path}   ({what})" for head, path, what in files if path]
    verify = out / "snapshots" / f"{LATEST}.json"
    lines.append(f"{'Try:':<12}clex --db {out / 'clex.db'} verify {verify}")
    for line in lines:
        console.print(line, markup=False)
