"""`clex report`: a snapshot (plus earlier snapshots and peers) -> PDF or Excel report.

Thin on purpose: reads the snapshot files, checks the options a person can get wrong,
and hands over to `reports.write_report`. WeasyPrint, openpyxl and matplotlib are
imported only inside that call, so `clex --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from .output import console, print_json, usage_error

LANGUAGES = ("en", "cs")  # reports.i18n.LANGUAGES; repeated so --help imports nothing


def report(
    snapshot: Path = typer.Argument(..., metavar="SNAP.json", help="The snapshot to report on."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="OUT.pdf or OUT.xlsx; the suffix picks the format."
    ),
    compare: list[Path] = typer.Option(
        None, "--compare", metavar="SNAP.json", help="An earlier snapshot (repeatable): trend."
    ),
    peers: list[Path] = typer.Option(
        None, "--peers", metavar="DIR|FILE", help="Peer snapshots, folders or files (repeatable)."
    ),
    lang: str = typer.Option("en", "--lang", help="Report language: en or cs."),
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
) -> None:
    """Write the PDF or Excel report of a snapshot (and its trend and peer position)."""
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        usage_error(f"-o must name a .pdf or .xlsx file, not {output.name!r}")
    if lang not in LANGUAGES:
        usage_error(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if pdfa and suffix != ".pdf":
        usage_error("--pdfa applies to a .pdf report only")
    if workers < 0:
        usage_error(f"--workers must be 0 (automatic) or more, not {workers}")
    if templates is not None and not templates.is_dir():
        usage_error(f"--templates must be a folder: {templates}")

    from assessment import read_snapshot
    from assessment.benchmark import collect_peers
    from reports import write_report

    own = read_snapshot(snapshot)
    earlier = [read_snapshot(p) for p in compare or []]
    others = collect_peers(peers) if peers else []
    written = write_report(
        own,
        output,
        compare=earlier,
        peers=others,
        lang=lang,
        templates=templates,
        pdfa=pdfa,
        workers=workers,
    )
    if as_json:
        print_json({"report": str(written), "format": suffix[1:], "lang": lang, "pdfa": pdfa})
    else:
        console.print(f"Report written to {written}", markup=False)
