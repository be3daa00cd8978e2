"""`clex report`: a snapshot (plus earlier snapshots and peers) -> PDF or Excel report.

Thin on purpose: reads the snapshot files, checks the options a person can get wrong,
and hands over to `reports.write_report`. WeasyPrint, openpyxl and matplotlib are
imported only inside that call, so `clex --help` stays fast.

Progress: a report takes seconds (a long appendix minutes), so the steps the writers
report (reports/progress.py: the report's view, pages laid out, parts written) show as a
Rich progress on stderr, where they never mix with what a script reads from stdout.
Shown only to a person: not with `--quiet` or `--json`, and not when stderr is not a
terminal (a log file, CI), unless `--progress` asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from evidence import outfile

from .choices import LANGUAGES, lang_option
from .files import ForceOpt, more_paths, refuse_overwrite, require_files, require_folder
from .output import console, err_console, print_json, usage_error
from .progress import rich_bar
from .progress import wanted as shown_to_person

if TYPE_CHECKING:
    from reports.progress import Progress, Step


def report(
    ctx: typer.Context,
    snapshot: Path = typer.Argument(..., metavar="SNAP.json", help="The snapshot to report on."),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        help="OUT.pdf or OUT.xlsx; the suffix picks the format (refused if it exists).",
    ),
    force: bool = ForceOpt,
    compare: list[Path] = typer.Option(
        None,
        "--compare",
        metavar="SNAP.json",
        help="Earlier snapshots (--compare A B, or repeated): trend.",
    ),
    peers: list[Path] = typer.Option(
        None,
        "--peers",
        metavar="DIR|FILE",
        help="Peer snapshots, folders or files (--peers A B, or repeated).",
    ),
    lang: str = lang_option(LANGUAGES, "Report language: en or cs."),
    templates: Path = typer.Option(
        None, "--templates", metavar="DIR", help="Folder of templates that override the PDF's."
    ),
    pdfa: bool = typer.Option(
        False, "--pdfa", help="Write PDF/A-3b with the snapshot embedded as an attachment."
    ),
    workers: int = typer.Option(
        0,
        "--workers",
        metavar="N",
        help="PDF: processes for a long evidence appendix; 0 picks by its length and the CPUs.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print where it wrote, as JSON."),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print nothing but problems: no progress, no closing line."
    ),
    show_progress: bool = typer.Option(
        False,
        "--progress",
        help="Show progress on stderr even when it is not a terminal (not with -q or --json).",
    ),
) -> None:
    """Write the PDF or Excel report of a snapshot (and its trend and peer position)."""
    given = more_paths(ctx, {"--compare": compare, "--peers": peers}, snapshot)
    compare, peers = given["--compare"] or [], given["--peers"] or []
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        usage_error(f"-o must name a .pdf or .xlsx file, not {output.name!r}")
    if pdfa and suffix != ".pdf":
        usage_error("--pdfa applies to a .pdf report only")
    if workers < 0:
        usage_error(f"--workers must be 0 (automatic) or more, not {workers}")
    require_folder(templates, "--templates")
    refuse_overwrite(output, force, option="-o")
    require_files([snapshot, *compare], nothing="no report was written")

    from assessment import read_snapshot
    from assessment.benchmark import collect_peers
    from reports import write_report

    own = read_snapshot(snapshot)
    earlier = [read_snapshot(p) for p in compare]
    for path, other in zip(compare, earlier, strict=True):
        if other.cluster.slug != own.cluster.slug:  # said here too, not in the PDF alone
            err_console.print(
                f"warning: {path}: a snapshot of another cluster ({other.cluster.name}, "
                f"{other.period.label}) is left out of the trend",
                markup=False,
            )
    others = collect_peers(peers) if peers else []
    show = shown_to_person(forced=show_progress, quiet=quiet, as_json=as_json)
    # the report's one file: once in place, a signal comes too late
    with progress_shown(show, forced=show_progress) as progress, outfile.last_step():
        written = write_report(
            own,
            output,
            compare=earlier,
            peers=others,
            lang=lang,
            templates=templates,
            pdfa=pdfa,
            workers=workers,
            progress=progress,
        )
    if as_json:
        print_json({"report": str(written), "format": suffix[1:], "lang": lang, "pdfa": pdfa})
    elif not quiet:
        console.print(f"Report written to {written}", markup=False)


# What each stage of reports/progress.py says while it runs and once it is over.
_WORDS = {
    "prepare": ("Reading the snapshot into the report", "Report's view made"),
    "html": ("Filling the templates", "HTML made"),
    "layout": ("Laying out pages", "{pages} pages laid out"),
    "write": ("Writing the PDF", "PDF written: {pages} pages"),
    "workbook": ("Writing the workbook", "Workbook written"),
}


class RichProgress:
    """The writers' steps as one line per stage of a Rich progress display."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.tasks: dict[str, Any] = {}

    def __call__(self, step: Step) -> None:
        running, over = _WORDS[step.stage]
        parts = step.total is not None and step.total > 1 and step.stage in ("layout", "write")
        if step.finished:
            text = over.format(pages=step.pages or 0)
            if parts:
                text += f" (in {step.total} parts)"
        elif parts:
            what = "parts laid out" if step.stage == "layout" else "parts written"
            text = f"{running}: {step.done} of {step.total} {what}"
            if step.pages:
                text += f", {step.pages} pages"
        else:
            text = running
        task = self.tasks.get(step.stage)
        if task is None:
            task = self.tasks[step.stage] = self.bar.add_task(text, total=step.total)
        if step.finished:  # a stage of unknown length shows as a full bar when over
            total = step.total or 1
            self.bar.update(task, description=text, completed=total, total=total)
        else:
            self.bar.update(task, description=text, completed=step.done, total=step.total)


@contextmanager
def progress_shown(wanted: bool, *, forced: bool = False) -> Iterator[Progress | None]:
    """The writers' steps on the commands' shared display (clex/progress.py), or None."""
    with rich_bar(wanted, forced=forced, transient=False) as bar:
        yield None if bar is None else RichProgress(bar)
