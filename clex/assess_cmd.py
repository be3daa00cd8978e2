"""`clex assess`, `clex compare`, `clex benchmark` and `clex verify`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from evidence import outfile

from .choices import ClusterOpt, date_value
from .files import ForceOpt, more_paths, refuse_overwrite, require_files, require_folder
from .label_cmd import award_sentence
from .output import clip, console, print_json, table, usage_error
from .progress import ProgressOpt, shown
from .session import open_store

if TYPE_CHECKING:
    from assessment.period import Period
    from assessment.snapshot import IndicatorResult, Snapshot
    from criteria.models import Catalogue


def _period(period: str | None, from_: str | None, to: str | None) -> Period:
    from assessment.period import Period

    try:
        if period and (from_ or to):
            usage_error("give --period or --from/--to, not both")
        if period:
            return Period.parse(period)
        if from_ and to:
            start, end = date_value("--from", from_), date_value("--to", to)
            if start and end:
                return Period(start, end)
    except ValueError as exc:
        usage_error(str(exc))
    usage_error("say which period: --period 2024, --period 2022-2023 or --from D --to D")


def assess(
    ctx: typer.Context,
    cluster: str = ClusterOpt,
    period: str = typer.Option(
        None, "--period", help="The period: a year (2024) or years (2022-2023)."
    ),
    from_: str = typer.Option(None, "--from", help="Period start: 2024-01-01 or 1.1.2024."),
    to: str = typer.Option(None, "--to", help="Period end: 2024-12-31 or 31.12.2024."),
    judgements: Path = typer.Option(None, "--judgements", help="The assessor's YAML file."),
    audit: bool = typer.Option(False, "--audit", help="Count only verified evidence."),
    include_drafts: bool = typer.Option(
        False, "--include-drafts", help="Count draft records too (a self-assessment)."
    ),
    previous: Path = typer.Option(
        None,
        "--previous",
        help="Silver: the cluster's Bronze-ready snapshot whose period ended 18-24 months "
        "before this one's (same catalogue, same counting mode).",
    ),
    improvements: Path = typer.Option(
        None,
        "--improvements",
        help="Silver: the YAML file naming the improvement areas (area, description, evidence).",
    ),
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="The assessment's date, not before the period ends (default: today): records "
        "dated and reviews made after it do not count.",
    ),
    catalogue: str = typer.Option(None, "--catalogue", help="Catalogue id or file."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Where to write SNAP.json (refused if it exists)."
    ),
    force: bool = ForceOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    explain: list[str] = typer.Option(
        [],
        "--explain",
        metavar="ID",
        help="Explain an indicator (repeatable): its value and the records of its kind "
        "that missed it by just one condition, with that condition.",
    ),
    show_progress: bool = ProgressOpt,
) -> None:
    """Assess a cluster over a period and write a snapshot (JSON)."""
    from assessment import assess as run
    from assessment import read_snapshot, write_snapshot
    from assessment.counting import check_as_of
    from assessment.improvements import load_improvements
    from assessment.judgements import load_judgements
    from assessment.previous import checked_previous
    from criteria.loader import require_catalogue

    per = _period(period, from_, to)
    day = date.today()
    if as_of:
        day = date_value("--as-of", as_of) or day
    check_as_of(per, day, today=date.today())  # before loading anything: nothing to undo
    refuse_overwrite(output, force, option="-o")
    given = [p for p in (judgements, previous, improvements) if p is not None]
    require_files(given, nothing="nothing was assessed")
    cat = require_catalogue(catalogue)
    explained = _indicator_ids(cat, explain)
    found = load_judgements(judgements, cat) if judgements else []
    store = open_store(ctx)
    # unchecked here: `verify` counts an edited one's problems, and Silver says it cannot serve
    prev = (
        checked_previous(store, read_snapshot(previous, checked=False), cat) if previous else None
    )
    named = load_improvements(improvements, cat) if improvements else []
    with shown(forced=show_progress, as_json=as_json) as progress:
        with progress.step(f"Assessing {cluster}, {per.start} to {per.end}"):
            snap = run(
                store,
                cluster,
                per,
                as_of=day,
                catalogue=cat,
                judgements=found,
                audit=audit,
                include_drafts=include_drafts,
                previous=prev,
                improvements=named,
            )
        with progress.step("Writing the snapshot"), outfile.last_step():
            write_snapshot(snap, output)  # once in place, a signal comes too late
    if as_json:
        print_json(
            {
                "snapshot": str(output),
                "overall": snap.overall,
                "areas": {a.id: a.percent for a in snap.areas},
                "labels": {lb.id: lb.ready for lb in snap.labels},
                "awards": [
                    {"label": a.label, "awarded_on": a.awarded_on, "state": a.state}
                    for a in snap.awards
                ],
            }
            | (
                {"explain": {i: _explained(snap.indicator(i)) for i in explained}}
                if explained
                else {}
            )
        )
        return
    show_summary(snap)
    for ind_id in explained:
        from assessment.explain import why_not_lines

        lines = why_not_lines(snap.indicator(ind_id), snap.concerns)
        console.print("\n".join(lines), markup=False)
    console.print(f"Snapshot written to {output}", markup=False)


def _indicator_ids(cat: Catalogue, asked: list[str]) -> list[str]:
    """The catalogue's ids of the indicators `--explain` names (any case); an unknown
    one stops the command before anything is assessed or written."""
    ids = {i.id.casefold(): i.id for i in cat.indicators}
    unknown = [a for a in asked if a.casefold() not in ids]
    if unknown:  # a wrong option value: exit 2, as every usage error
        usage_error(
            f"--explain: no indicator {', '.join(map(repr, unknown))} in {cat.id}; "
            f"ids are {', '.join(i.id for i in cat.indicators)}"
        )
    return list(dict.fromkeys(ids[a.casefold()] for a in asked))


def shown_value(result: IndicatorResult) -> str:
    """An indicator's value with its unit, in English ("€1,030,000", "73.9 %", "2 per
    year"), never in exponent notation."""
    from evidence.messages import quantity

    if result.value is None:
        return ""
    text = quantity(result.value, result.unit, digits=result.digits)
    return f"{text} per year" if result.per_year else text


def _explained(result: IndicatorResult) -> dict[str, Any]:
    """`--explain` in `--json`: the sentences in English, the records as they are."""
    data = result.model_dump(mode="json", include={"value", "not_counted", "not_counted_total"})
    data["explanation"] = str(result.explanation)
    for row, miss in zip(data["not_counted"], result.not_counted, strict=True):
        row["condition"] = str(miss.condition)
    return data


def show_summary(snap: Snapshot) -> None:
    mode = "audit (verified evidence only)" if snap.mode == "audit" else "self-assessment"
    if snap.include_drafts:
        mode += ", drafts counted"
    table(
        f"{snap.cluster.name}, {snap.period.label}: {mode}",
        ["id", "area", "title", "value", "points", "eligibility", "Gold step"],
        [
            (
                i.id,
                i.area,
                clip(i.title, 48),
                shown_value(i),
                f"{i.points:g}/{i.max_points:g}" if i.scored else "not scored",
                {None: "", True: "met", False: "MISSED"}[i.minimum_met],
                {None: "", True: "reached", False: "below"}[i.gold_met],
            )
            for i in snap.indicators
        ],
    )
    table(
        None,
        ["area", "score"],
        [(a.title, f"{a.percent:.1f} %") for a in snap.areas]
        + [("Overall (all points)", f"{snap.overall:.1f} %")],
    )
    for i in snap.indicators:  # a judgement that scores less than its level says why,
        if i.method == "judgement" and i.value is not None and i.points < i.value:
            console.print(f"{i.id}: {i.explanation}", markup=False)
            for finding in i.findings:  # and what to do: each refusal with its remedy
                if finding.severity == "error":
                    console.print(f"{i.id}: {finding.message}", markup=False)
    for i in snap.indicators:  # what its assessors' levels say against it, or why no value
        if i.method == "judgement" or i.value is None:
            for finding in i.findings:
                if finding.severity == "warning":
                    console.print(f"{i.id}: warning: {finding.message}", markup=False)
    for lb in snap.labels:
        verdict = "READY" if lb.ready else "not ready"
        if lb.qualification:
            verdict += f" ({lb.qualification})"
        reasons = "; ".join(str(r) for r in lb.reasons)
        console.print(f"{lb.title}: {verdict} - {reasons}", markup=False)
    for finding in snap.findings:  # what the reader should know: left out, profile gaps
        console.print(str(finding), markup=False)
    if snap.awards:  # readiness is not an award: the awards recorded, as of the snapshot
        console.print(f"Labels awarded, as of {snap.created}:", markup=False)
        for award in snap.awards:
            console.print(f"  {award_sentence(award)}", markup=False)


def compare(
    snapshots: list[Path] = typer.Argument(
        ..., metavar="SNAP.json...", help="Two or more snapshots, oldest first."
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    show_progress: bool = ProgressOpt,
) -> None:
    """Compare snapshots across periods: area scores and each indicator's weighted
    points with their changes (--json adds the values), every indicator whose
    definition differs, and periods of other lengths or that overlap."""
    from assessment import read_snapshot
    from assessment.compare import compare as run

    if len(snapshots) < 2:
        usage_error("compare needs at least two snapshots")
    require_files(snapshots, nothing="nothing was compared")
    with shown(forced=show_progress, as_json=as_json) as progress:
        with progress.step("Reading the snapshots", total=len(snapshots)) as read:
            snaps = []
            for p in snapshots:
                snaps.append(read_snapshot(p))
                read()
        with progress.step("Comparing"):
            result = run(snaps)
    if as_json:
        print_json(result.as_json())
        return
    heads = ["", *[c.period for c in result.columns]]
    table(
        "Areas (%)",
        heads,
        [(row.title, *_cells(row.values)) for row in result.areas]
        + [("Overall", *_cells(result.overall))],
    )
    changed = {c.id: c.change for c in result.definition_changes}
    # weighted, as the total counts them (the area and overall lines are percentages of
    # those points); the ladder's own points, which --json also gives, are not what the
    # total adds up
    table(
        "Indicators (weighted points)",
        ["id", "title", *heads[1:], "definition"],
        [
            (
                row.id,
                clip(row.title, 40),
                *_cells(row.weighted, row.unjudged),
                changed.get(row.id, ""),
            )
            for row in result.indicators
        ],
    )
    for note in result.notes:
        console.print(str(note), markup=False)


def _cells(values: list[float | None], unjudged: list[bool] | None = None) -> list[str]:
    """Each value with its change from the one before, both to one decimal. The change
    is the exact one, rounded, as the reports and the web page show it (38.46 to 76.92
    is +38.5 everywhere; the numbers shown, 38.5 and 76.9, differ by 38.4). A judgement
    not made reads "not judged", and no change is counted from it."""
    out, before = [], None
    for n, v in enumerate(values):
        if unjudged and unjudged[n]:
            out.append("not judged")
            before = None
        elif v is None:
            out.append("-")
        else:
            change = 0.0 if before is None else round(v - before, 1) + 0.0  # no "-0.0"
            delta = "" if before is None else f" ({change:+.1f})"
            out.append(f"{v:.1f}{delta}")
            before = v
    return out


def benchmark(
    ctx: typer.Context,
    snapshot: Path = typer.Argument(..., metavar="SNAP.json", help="The cluster's snapshot."),
    peers: list[Path] = typer.Option(
        ...,
        "--peers",
        help="Folders or snapshot files of peer clusters (--peers A B, or repeated).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    show_progress: bool = ProgressOpt,
) -> None:
    """Position a snapshot among peer groups of 5+ clusters: each value against the
    peers' median, quartiles and range."""
    from assessment import read_snapshot
    from assessment.benchmark import collect_peers

    from .benchmark_out import show_benchmark

    peers = more_paths(ctx, {"--peers": peers}, snapshot)["--peers"] or []
    with shown(forced=show_progress, as_json=as_json) as progress:
        with progress.step("Reading the snapshot"):
            own = read_snapshot(snapshot)
        with progress.step("Reading the peers' snapshots"):
            others = collect_peers(peers)
    show_benchmark(own, others, as_json)


def verify(
    ctx: typer.Context,
    snapshot: Path = typer.Argument(..., metavar="SNAP.json", help="The snapshot to check."),
    catalogue: list[Path] = typer.Option(
        [],
        "--catalogue",
        metavar="FILE",
        help="The catalogue file the snapshot was made with, when not a built-in one "
        "(repeatable; found by its SHA-256 or id; the path the snapshot names is never "
        "read).",
    ),
    workspace: Path = typer.Option(
        None,
        "--workspace",
        metavar="DIR",
        help="Folder the attachments are in, as for the import (default: here); each "
        "attachment of a record the snapshot cites is hashed again.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print everything found as JSON (every record and id)."
    ),
    show_progress: bool = ProgressOpt,
) -> None:
    """Re-derive a snapshot from the store: whether its total, areas and labels are
    reproduced, then the records changed and the reviews since; exit 1 on any
    difference."""
    from assessment import read_snapshot
    from assessment.verify import verification
    from assessment.verify_report import verification_lines
    from evidence.findings import finding_json

    from .output import EXIT_DATA, err_console

    require_folder(workspace, "--workspace")
    require_files([snapshot, *catalogue], nothing="nothing was verified")
    _require_catalogues(catalogue)
    with shown(forced=show_progress, as_json=as_json) as progress:
        with progress.step("Reading the snapshot"):
            snap = read_snapshot(snapshot)
        store = open_store(ctx)
        with progress.step("Assessing again from the store and comparing"):
            found = verification(
                store,
                snap,
                snapshot_file=str(snapshot),
                catalogues=catalogue,
                workspace=workspace or Path.cwd(),
            )
    if as_json:
        print_json(
            {"ok": found.ok, "summary": found.summary()}
            | found.model_dump(mode="json", exclude={"findings", "problems", "file_problems"})
            | {
                "file_problems": [finding_json(f) for f in found.file_problems],
                "problems": [finding_json(f) for f in found.problems],
                "findings": [finding_json(f) for f in found.findings],
            }
        )
    else:  # a difference is a problem of the user's data: all of it on stderr, exit 1
        out = console if found.ok else err_console
        out.print("\n".join(verification_lines(found)), markup=False)
        out.print(found.summary() if found.ok else f"error: {found.summary()}", markup=False)
    if not found.ok:
        raise typer.Exit(EXIT_DATA)


def _require_catalogues(files: list[Path]) -> None:
    """Every `--catalogue` file of `clex verify` loaded first, the problems of all of them
    listed (exit 1). Why: a broken one was met only while the snapshot was re-derived,
    and was told as a difference of the snapshot ("the snapshot no longer matches the
    store"), its problem placed in the snapshot's file."""
    from criteria.loader import require_catalogue
    from evidence.findings import UserDataError

    problems = []
    for path in files:
        try:
            require_catalogue(path)
        except UserDataError as exc:
            problems += exc.findings
    if problems:
        raise UserDataError(problems, "a --catalogue file has problems; nothing was verified")
