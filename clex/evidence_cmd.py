"""`clex init`, `clex template`, `clex import` and `clex evidence ...`.

Each command opens the store named by `--db`/`CLEX_DB`, calls one library function and
prints. The store (SQLAlchemy) is imported inside the commands so `clex --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import typer

from evidence import outfile
from evidence.precision import shown_span

from .choices import (
    LANGUAGES,
    ClusterOpt,
    check_ids,
    date_value,
    kind_option,
    lang_option,
    status_option,
)
from .files import ForceOpt, refuse_overwrite, require_files, require_folder
from .output import (
    clip,
    console,
    count,
    err_console,
    fail_with_findings,
    print_json,
    table,
    usage_error,
)
from .progress import ProgressOpt
from .progress import shown as progress_shown
from .session import open_store

app = typer.Typer(help="List, show, review and export evidence records.", no_args_is_help=True)

__all__ = ["ClusterOpt", "open_store"]  # what the other command modules take from here
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
DRY_RUN_ROWS = 200


def init(
    ctx: typer.Context,
    cluster: str = typer.Option(
        ..., "--cluster", help="Short id: lower-case letters, digits, -.", metavar="SLUG"
    ),
    name: str = typer.Option(
        None, "--name", help="The cluster organisation's name (needed to create one)."
    ),
    country: str = typer.Option(
        None, "--country", help="ISO 3166-1 code (e.g. CZ) in any case, or the country's name."
    ),
    region: str = typer.Option(
        None, "--region", help="ISO 3166-2 code or name, e.g. CZ-51 or 'Liberec Region'."
    ),
    sector: str = typer.Option(None, "--sector", help="The cluster's sector, e.g. nanotechnology."),
    founded: int = typer.Option(None, "--founded", help="Year the organisation was founded."),
    website: str = typer.Option(None, "--website", help="The cluster's website address."),
    legal_form: str = typer.Option(
        None, "--legal-form", help="The organisation's legal form, e.g. association."
    ),
) -> None:
    """Create a cluster's profile in the store, or change the options given of an
    existing one (the others keep their values)."""
    from pydantic import ValidationError

    from evidence.countries import country_or_as_written, describe, is_country
    from evidence.models import ClusterProfile
    from evidence.regions import RegionError, resolve
    from evidence.store import StoreError

    # "uk" -> GB, "Germany" -> DE: said below, as an import says it
    read_as = None if country is None else country_or_as_written(country)
    given = {
        k: v
        for k, v in dict(
            name=name,
            country=read_as,
            region=region,
            sector=sector,
            founded=founded,
            website=website,
            legal_form=legal_form,
        ).items()
        if v is not None
    }
    if founded is not None and not 1800 <= founded <= date.today().year:
        # a founding year to come gave G1 no value and said nothing
        usage_error(f"--founded {founded}: a year from 1800 to this one ({date.today().year})")
    store = open_store(ctx, create=True)
    try:
        old: ClusterProfile | None = store.cluster(cluster)
    except StoreError:
        old = None
    if old is None and "name" not in given:
        usage_error(f"a new cluster needs --name; `clex init --cluster {cluster} --name NAME`")
    data = {**(old.model_dump() if old else {"slug": cluster}), **given}
    if (
        data.get("region")
        and ("region" in given or "country" in given)
        and (data.get("country") is None or is_country(data["country"]))
    ):
        try:
            data["region"] = resolve(data["region"], data.get("country"))
        except RegionError as exc:
            usage_error(f"--region: {exc}")
    try:
        profile = ClusterProfile.model_validate(data)
    except ValidationError as exc:
        from evidence.validate import error_message

        usage_error(
            "; ".join(
                f"--{str(e['loc'][0]).replace('slug', 'cluster').replace('_', '-')}: "
                + str(error_message(str(e["loc"][0]), e))
                for e in exc.errors()
            )
        )
    with outfile.last_step():  # its one change: once stored, a signal comes too late
        store.add_cluster(profile)
    if old is None:
        message = f"Created cluster {cluster} ({profile.name}) in {store.where}"
    else:
        changed = [
            f"{k} {getattr(old, k)!r} -> {v!r}"
            for k, v in profile.model_dump().items()
            if getattr(old, k) != v
        ]
        message = f"Updated cluster {cluster} ({profile.name}) in {store.where}: " + (
            "; ".join(changed) or "nothing changed"
        )
    if country is not None and read_as != country.strip().upper():
        message += f"\n--country {country.strip()!r} was read as {describe(str(read_as))}"
    console.print(message, markup=False)


def template(
    file: Path = typer.Argument(
        ..., metavar="FILE.xlsx", help="The workbook to write (refused if it exists)."
    ),
    lang: str = lang_option(
        LANGUAGES, "Language of the notes, instructions and sheet help: en or cs."
    ),
    force: bool = ForceOpt,
) -> None:
    """Write a blank evidence workbook: a sheet per kind, notes and dropdowns."""
    from evidence.workbook import write_template

    if file.suffix.lower() != ".xlsx":
        usage_error("the template is an .xlsx workbook: give a name ending in .xlsx")
    refuse_overwrite(file, force)
    with outfile.last_step():  # its one file: once in place, a signal comes too late
        write_template(file, translate=_translator(lang))
    console.print(
        f"Wrote {file}: fill in the sheets, then `clex import {file} --cluster SLUG`", markup=False
    )


def import_(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help=".xlsx .csv .yaml .json .txt .html"
    ),
    cluster: str = ClusterOpt,
    kind: str = kind_option("The kind of every row (CSV, pages)."),
    reviewer: str = typer.Option(
        None,
        "--reviewer",
        help="A review import: record the status/note columns of an exported workbook as "
        "reviews by NAME (statuses and notes only; nothing else may change).",
    ),
    skip_conflicts: bool = typer.Option(
        False,
        "--skip-conflicts",
        help="With --reviewer: apply every row but those whose record changed since the "
        "export, and list those.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and show; store nothing."),
    workspace: Path = typer.Option(
        None, "--workspace", help="Folder attachments must be in (default: here)."
    ),
    as_json: bool = JsonOpt,
    show_progress: bool = ProgressOpt,
) -> None:
    """Import evidence: all rows or none; every problem listed with its place."""
    from evidence.findings import format_findings
    from evidence.ingest import import_files

    from .who import actor, command_line, fits

    if reviewer is not None and not reviewer.strip():
        usage_error("--reviewer needs the reviewer's name")
    if reviewer is not None:
        fits("--reviewer", reviewer.strip())
    if skip_conflicts and not reviewer:
        usage_error("--skip-conflicts is for a review import: add --reviewer NAME")
    require_files(files, nothing="nothing was imported")
    require_folder(workspace, "--workspace")
    store = open_store(ctx)
    with (
        progress_shown(forced=show_progress, as_json=as_json) as progress,
        progress.step("Importing", unit="rows") as rows,
        outfile.last_step(),  # its one commit: once made, a signal comes too late
    ):
        report = import_files(
            store,
            files,
            cluster=cluster,
            kind=kind,
            reviewer=reviewer,
            dry_run=dry_run,
            workspace=workspace,
            progress=rows,
            actor=actor(ctx),
            command=command_line(ctx),
            skip_conflicts=skip_conflicts,
        )
    warnings = [f for f in report.findings if f.severity != "error"]
    summary = report.summary()
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                **summary,
                "skipped": report.skipped,
                "records": [
                    {
                        "id": o.id,
                        "kind": o.kind,
                        "title": o.title,
                        "start": o.start,
                        "end": o.end,
                        "date_precision": o.date_precision,
                        "status": o.status,
                        "action": o.action,
                        "source": o.where,
                        "changes": [
                            {"field": f, "old": old, "new": new} for f, old, new in o.changes
                        ],
                    }
                    for o in report.outcomes
                ],
                "warnings": [w.model_dump(exclude_none=True) for w in warnings],
            }
        )
        return
    if warnings:
        err_console.print(format_findings(warnings), markup=False)
    if dry_run:
        from evidence.changes import show_diff

        table(
            "Dry run: nothing was stored",
            ["action", "kind", "id", "title", "start", "end", "source", "changes"],
            [
                (
                    o.action,
                    o.kind,
                    o.id,
                    clip(o.title, 60),
                    *shown_span(o.start, o.end, o.date_precision),
                    o.where,
                    "; ".join(show_diff(d) for d in o.changes),
                )
                for o in report.outcomes
                if o.action != "unchanged"
            ][:DRY_RUN_ROWS],
        )
        shown = sum(1 for o in report.outcomes if o.action != "unchanged")
        if shown > DRY_RUN_ROWS:
            console.print(
                f"... and {shown - DRY_RUN_ROWS} more (--json lists them all)", markup=False
            )
    verb = "would be" if dry_run else "were"
    console.print(
        f"{count(summary['rows'], 'record')} read: {summary['created']} {verb} created, "
        f"{summary['updated']} updated, {summary['unchanged']} unchanged; "
        f"{summary['reviews']} review entries.",
        markup=False,
    )
    if report.skipped:
        console.print(
            f"{len(report.skipped)} row(s) skipped as conflicts (listed above): "
            f"`clex evidence export NEW.xlsx --cluster {cluster} --changed-since "
            f"{files[0]}` writes the rows to redo.",
            markup=False,
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    cluster: str = ClusterOpt,
    kind: str = kind_option("Only records of this kind (member, event, ...)."),
    status: str = status_option("Only records with this status (submitted, verified, ...)."),
    from_: str = typer.Option(
        None,
        "--from",
        metavar="DATE",
        help="Only records starting on or after it (2024-03-31 or 31.3.2024).",
    ),
    to: str = typer.Option(
        None,
        "--to",
        metavar="DATE",
        help="Only records starting on or before it (2024-03-31 or 31.3.2024).",
    ),
    as_json: bool = JsonOpt,
    show_progress: bool = ProgressOpt,
) -> None:
    """List evidence records, filtered by kind, status and dates."""
    store = open_store(ctx)
    store.cluster(cluster)
    first, last = _date("--from", from_), _date("--to", to)
    if first is not None and last is not None and first > last:
        usage_error(f"--from {first} is after --to {last}: no record could start between them")
    with (
        progress_shown(forced=show_progress, as_json=as_json) as progress,
        progress.step(f"Reading the records of {cluster}"),
    ):
        records = store.records(cluster, kind=kind, status=status, start=first, end=last)
    if as_json:
        print_json([r.model_dump(mode="json", exclude_none=True) for r in records])
        return
    table(
        f"{count(len(records), 'evidence record')} of {cluster}",
        ["id", "kind", "start", "end", "status", "title"],
        [
            (
                r.id,
                r.kind,
                *shown_span(r.start, r.end, r.date_precision),
                r.status,
                clip(r.title, 70),
            )
            for r in records
        ],
    )


@app.command()
def validate(
    ctx: typer.Context,
    cluster: str = ClusterOpt,
    as_json: bool = JsonOpt,
    show_progress: bool = ProgressOpt,
) -> None:
    """Check what the store holds against today's value rules (regions as codes, tags of
    the vocabulary, satisfaction 0-100, countries as ISO 3166-1 codes): values stored
    before them, or left by a migration that could not convert them. Exit 1 when any
    needs fixing."""
    from evidence.values import stored_problems

    store = open_store(ctx)
    profile = store.cluster(cluster)
    with (
        progress_shown(forced=show_progress, as_json=as_json) as progress,
        progress.step(f"Checking the stored values of {cluster}"),
    ):
        findings = stored_problems(profile, store.records(cluster))
    if findings:
        fail_with_findings(
            findings,
            f"{count(len(findings), 'stored value')} to fix: correct them in the file and "
            "import it again",
            as_json=as_json,
        )
    if as_json:
        print_json({"ok": True, "findings": []})
        return
    console.print(f"The evidence of {cluster} holds no value the rules refuse.", markup=False)


@app.command()
def show(
    ctx: typer.Context,
    record_id: str = typer.Argument(..., metavar="ID", help="The record's id."),
    cluster: str = ClusterOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Every field of one record, where it first came from, its version and its last
    change (`clex evidence history` has them all)."""
    from evidence.record_history import last_change

    store = open_store(ctx)
    check_ids(store, cluster, [record_id])
    record, version = store.record(cluster, record_id)
    data = record.model_dump(mode="json", exclude_none=True)
    if not as_json:  # "2020-06" for a date known only to its month
        data["start"], data["end"] = shown_span(record.start, record.end, record.date_precision)
    data["version"] = version
    last = last_change(store, cluster, record_id)
    if last:
        data["last_change"] = last
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        if value not in ((), [], ""):
            console.print(f"{key:>18}  {_text(value)}", markup=False)


@app.command("review")
def review_(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(..., metavar="ID...", help="The records' ids."),
    cluster: str = ClusterOpt,
    status: str = status_option(
        "The new status: verified, rejected, needs_info or submitted.", required=True
    ),
    reviewer: str = typer.Option(..., "--reviewer", help="Who reviews: your name."),
    note: str = typer.Option(None, "--note", help="Why: what was checked or what is missing."),
) -> None:
    """Set the review status of records; each change is appended to the review log."""
    from evidence.review import review

    from .who import fits

    fits("--reviewer", reviewer.strip())

    with outfile.last_step():  # its one batch: once stored, a signal comes too late
        changed = list(
            review(open_store(ctx), cluster, ids, status=status, reviewer=reviewer, note=note)
        )
    for rid, old, new in changed:
        console.print(f"{rid}: {old} -> {new}", markup=False)


@app.command()
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., metavar="FILE.xlsx", help="The workbook to write (refused if it exists)."
    ),
    cluster: str = ClusterOpt,
    changed_since: Path = typer.Option(
        None,
        "--changed-since",
        metavar="OLD.xlsx",
        help="Only the records whose state differs from what this earlier export (and the "
        "verdicts imported from it) left: the rows to redo.",
    ),
    force: bool = ForceOpt,
    show_progress: bool = ProgressOpt,
) -> None:
    """Export the records to a workbook with status, reviewer, note and digest columns."""
    from evidence.review import export as do_export

    if file.suffix.lower() != ".xlsx":
        usage_error("the export is an .xlsx workbook: give a name ending in .xlsx")
    refuse_overwrite(file, force)
    store = open_store(ctx)
    with (
        progress_shown(forced=show_progress) as progress,
        progress.step(f"Exporting the records of {cluster} to {file}"),
        outfile.last_step(),  # its one file: once in place, a signal comes too late
    ):
        count = do_export(store, cluster, file, changed_since=changed_since)
    since = f" changed since {changed_since}" if changed_since is not None else ""
    console.print(
        f"Wrote {count} records{since} to {file}. Review the status and review_note "
        f"columns, then `clex import {file} --cluster {cluster} --reviewer NAME`.",
        markup=False,
    )


def _translator(lang: str) -> Callable[[str], str] | None:
    """The gettext function of `lang` for the template's words (None: English as written)."""
    if lang == "en":
        return None
    from reports.i18n import translations

    return translations(lang).gettext


def _date(option: str, text: str | None) -> date | None:
    return date_value(option, text)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
