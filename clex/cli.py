"""The `clex` command: parses options and hands over to one function per command.

Kept thin on purpose: every command is a few lines that call the library
(`criteria`, `evidence`, `assessment`, `reports`) and print. Heavy libraries are
imported inside the commands that need them so that `clex --help` starts fast.
"""

from __future__ import annotations

import logging
import sys

import typer

from evidence.findings import UserDataError

from . import assess_cmd, criteria_cmd, demo_cmd, evidence_cmd, report_cmd
from .output import fail_with_findings

app = typer.Typer(
    name="clex",
    help="Assess a cluster organisation against criteria modelled on the ECEI labels.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(criteria_cmd.app, name="criteria")
app.command("init")(evidence_cmd.init)
app.command("template")(evidence_cmd.template)
app.command("import")(evidence_cmd.import_)
app.add_typer(evidence_cmd.app, name="evidence")
app.command("assess")(assess_cmd.assess)
app.command("compare")(assess_cmd.compare)
app.command("benchmark")(assess_cmd.benchmark)
app.command("verify")(assess_cmd.verify)
app.command("report")(report_cmd.report)
app.command("demo")(demo_cmd.demo)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        envvar="CLEX_DB",
        metavar="PATH|URL",
        help="The evidence store: a SQLite file or an SQLAlchemy URL (default: ./clex.db).",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens."),
) -> None:
    ctx.obj = {"db": db or "clex.db"}
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    """Entry point: user-data problems become exit 1 with located messages, never a traceback."""
    try:
        app(standalone_mode=True)
    except UserDataError as exc:
        try:
            fail_with_findings(exc.findings, exc.summary, as_json="--json" in sys.argv)
        except typer.Exit as done:
            sys.exit(done.exit_code)
