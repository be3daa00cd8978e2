"""The `clex` command: parses options and hands over to one function per command.

Kept thin on purpose: every command is a few lines that call the library
(`criteria`, `evidence`, `assessment`, `reports`) and print. Heavy libraries are
imported inside the commands that need them so that `clex --help` starts fast.
"""

from __future__ import annotations

import logging
import sys

import typer

from evidence.findings import MachineError, UserDataError

from . import assess_cmd, criteria_cmd, demo_cmd, evidence_cmd, label_cmd, records_cmd, report_cmd
from .output import fail_with_findings, machine_error, renew_consoles
from .root_options import RootGroup

app = typer.Typer(
    name="clex",
    cls=RootGroup,
    help="Assess a cluster organisation against criteria modelled on the ECEI labels.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(criteria_cmd.app, name="criteria")
app.command("init")(evidence_cmd.init)
app.command("template")(evidence_cmd.template)
app.add_typer(records_cmd.import_app, name="import")  # `clex import FILE...`, undo, list
evidence_cmd.app.command("edit")(records_cmd.edit)
evidence_cmd.app.command("withdraw")(records_cmd.withdraw)
evidence_cmd.app.command("restore")(records_cmd.restore)
evidence_cmd.app.command("history")(records_cmd.history)
app.add_typer(evidence_cmd.app, name="evidence")
app.command("assess")(assess_cmd.assess)
app.command("compare")(assess_cmd.compare)
app.command("benchmark")(assess_cmd.benchmark)
app.command("verify")(assess_cmd.verify)
app.add_typer(label_cmd.app, name="label")
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
        help="The evidence store: a SQLite file or an SQLAlchemy URL (default: ./clex.db). "
        "Like --verbose, it may be given anywhere on the line.",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens."),
    user: str = typer.Option(
        None,
        "--user",
        envvar="CLEX_USER",
        metavar="NAME",
        help="Who changes the store, recorded with every change (default: your login name).",
    ),
) -> None:
    ctx.obj = {**(ctx.obj or {}), "db": db or "clex.db", "user": user}
    _log_to_stderr(logging.INFO if verbose else logging.WARNING)


class _StderrHandler(logging.StreamHandler):
    """The handler `_log_to_stderr` installs (a class of its own, to find it again)."""


def _log_to_stderr(level: int) -> None:
    """What `logging.basicConfig(level=..., format=...)` does in a fresh process, done so
    that it also holds on each run of `main()` in one process: the previous run's handler
    (bound to the stderr of that run) is replaced, the level is set again."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user-data problems become exit 1 with located messages, never a traceback.

    `argv` is the command line without the program name (default: `sys.argv[1:]`); given,
    the command runs in this process as if `clex ARGV` had started it. It always ends in
    `SystemExit` with the exit code, as the `clex` script does."""
    renew_consoles()  # read the environment and the streams of this run
    try:
        app(
            args=argv,
            prog_name=None if argv is None else "clex",
            standalone_mode=True,
            obj={"argv": list(sys.argv[1:] if argv is None else argv)},
        )
    except UserDataError as exc:
        as_json = "--json" in (sys.argv if argv is None else argv)
        try:
            fail_with_findings(exc.findings, exc.summary, as_json=as_json)
        except typer.Exit as done:
            sys.exit(done.exit_code)
    except MachineError as exc:
        as_json = "--json" in (sys.argv if argv is None else argv)
        try:
            machine_error(str(exc), as_json=as_json)
        except typer.Exit as done:
            sys.exit(done.exit_code)
