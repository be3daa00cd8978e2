"""The `clex` command: parses options and hands over to one function per command.

Kept thin on purpose: every command is a few lines that call the library
(`criteria`, `evidence`, `assessment`, `reports`) and print. Heavy libraries are
imported inside the commands that need them so that `clex --help` starts fast.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from typing import Any

import typer

from evidence.errors import MachineError, UserDataError

from . import (
    assess_cmd,
    criteria_cmd,
    demo_cmd,
    evidence_cmd,
    label_cmd,
    records_cmd,
    report_cmd,
    serve_cmd,
    user_cmd,
)
from .files import MANY
from .output import (
    EXIT_INTERRUPTED,
    fail_with_findings,
    machine_error,
    renew_consoles,
    terminal_text,
)
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
app.command("benchmark", context_settings=MANY)(assess_cmd.benchmark)
app.command("verify")(assess_cmd.verify)
app.add_typer(label_cmd.app, name="label")
app.command("report", context_settings=MANY)(report_cmd.report)
app.command("demo")(demo_cmd.demo)
app.command("serve")(serve_cmd.serve)
app.add_typer(user_cmd.app, name="user")


def _summaries(group: typer.Typer) -> None:
    """Each command's line in its group's list: the first paragraph of its docstring as
    one line, for Rich to wrap. Why: Typer's Rich help keeps a docstring's line breaks
    there (not in the command's own `--help`), so a summary broken at the source's 88
    columns came out as ragged half-lines in an 80-column terminal."""
    for info in group.registered_commands:
        if info.short_help is None and info.callback is not None:
            first = (info.help or info.callback.__doc__ or "").strip().split("\n\n")[0]
            info.short_help = " ".join(first.split()) or None
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _summaries(sub.typer_instance)


_summaries(app)


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
    _log_to_stderr(verbose)


class _StderrHandler(logging.StreamHandler):
    """The handler `_log_to_stderr` installs (a class of its own, to find it again).

    A library's record about the interrupt itself is not shown: SQLAlchemy's pool logs
    an error when Ctrl-C lands while it closes a connection, and the one line
    "interrupted" already says what happened.

    Nor, without --verbose, what the page readers log (`PAGE_LIBRARIES`): trafilatura
    and htmldate log what they discard on an empty or odd page ("ERROR
    trafilatura.utils: parsed tree length: 0, wrong data type or not valid HTML",
    "WARNING trafilatura.core: discarding data: None"), in their words and above the
    import's own findings, which say what it means for the page ("no main text was
    found", "no items found")."""

    def __init__(self, stream: Any, *, verbose: bool) -> None:
        super().__init__(stream)
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        from evidence.outfile import Interrupted

        if record.exc_info and isinstance(record.exc_info[1], Interrupted):
            return False
        if not self.verbose and record.name.partition(".")[0] in PAGE_LIBRARIES:
            return False
        return bool(super().filter(record))


# the libraries `evidence.pages` reads pages with, and those they log through
PAGE_LIBRARIES = frozenset({"trafilatura", "htmldate", "courlan", "justext"})


class _TerminalFormatter(logging.Formatter):
    """Log lines carry user text (titles, file names): shown as a terminal may show it,
    escape sequences and control characters removed, as every other line is."""

    def format(self, record: logging.LogRecord) -> str:
        cached = record.exc_text  # another handler's traceback, kept for that handler
        record.exc_text = None
        try:
            return terminal_text(super().format(record))
        finally:
            record.exc_text = cached

    def formatException(self, ei: Any) -> str:
        """A library's error with an exception: its one line, never a traceback."""
        return f"{ei[0].__name__}: {ei[1]}" if ei and ei[0] is not None else ""

    def formatStack(self, stack_info: str) -> str:
        return ""


def _log_to_stderr(verbose: bool) -> None:
    """What `logging.basicConfig(level=..., format=...)` does in a fresh process, done so
    that it also holds on each run of `main()` in one process: the previous run's handler
    (bound to the stderr of that run) is replaced, the level is set again."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    handler = _StderrHandler(sys.stderr, verbose=verbose)
    handler.setFormatter(_TerminalFormatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user-data problems become exit 1 with located messages, never a traceback.

    `argv` is the command line without the program name (default: `sys.argv[1:]`); given,
    the command runs in this process as if `clex ARGV` had started it. It always ends in
    `SystemExit` with the exit code, as the `clex` script does.

    Ctrl-C and SIGTERM: one line "interrupted", exit 130, wherever they come; what was
    being written is removed (`evidence.outfile`) and a store transaction rolled back.
    An `OSError` of the machine (full disk, read-only folder, permission, a name too long,
    a link loop) that no command turned into a message is exit 3 with its path."""
    from evidence import outfile

    if argv is not None:
        outfile.forget_interrupts()  # a run in a process that ran one before
    previous: dict[int | str, Any] = {}
    try:
        previous = catch_signals()
        renew_consoles()  # read the environment and the streams of this run
        code = _run(argv, list(sys.argv[1:] if argv is None else argv))
    except outfile.Interrupted:
        code = _interrupted()
    except Exception as exc:
        # an interrupt Python or a library turned into an error of its own (one raised
        # while a module's class is made becomes "RuntimeError: Error calling
        # __set_name__"): the run was interrupted, and says so; the error is logged
        # (shown with -v), in case it was a failure of its own
        if not outfile.interrupted():
            raise
        logging.getLogger("clex").info("after the interrupt: %s: %s", type(exc).__name__, exc)
        code = _interrupted()
    finally:
        if argv is not None:  # in a process that goes on: its own handlers back
            _put_back(previous)
        else:  # the process ends: a signal now would kill it as Python shuts down
            _put_back({n: signal.SIG_IGN for n in previous if isinstance(n, int)})
    sys.exit(code)


def _run(argv: list[str] | None, args: list[str]) -> int:
    """The command's exit code; `Interrupted` if a signal came (even one swallowed)."""
    from evidence import outfile

    as_json = "--json" in args
    outfile.arm()
    try:
        try:
            app(
                args=argv,
                prog_name=None if argv is None else "clex",
                standalone_mode=True,
                obj={"argv": args},
            )
            code: Any = 0
        except SystemExit as done:
            code = done.code
        except UserDataError as exc:
            code = _exit_code(fail_with_findings, exc.findings, exc.summary, as_json=as_json)
        except MachineError as exc:
            code = _exit_code(machine_error, str(exc), as_json=as_json)
        except OSError as exc:  # the last resort: a write no command expected to fail
            mapped = outfile.machine_problem(exc)
            if mapped is None:
                raise
            code = _exit_code(machine_error, str(mapped), as_json=as_json)
        if outfile.interrupted():  # a library swallowed it: the run did not finish
            raise outfile.Interrupted
        return code if isinstance(code, int) else 0 if code is None else 1
    finally:
        outfile.disarm()  # from here on a signal is noted, not raised


def _exit_code(fail: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    try:
        fail(*args, **kwargs)
    except typer.Exit as done:
        return int(done.exit_code)
    return 1


def _interrupted() -> int:
    """The line an interrupted run ends with, and its exit code."""
    import contextlib

    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
    return EXIT_INTERRUPTED


_SIGNALS = ("SIGINT", "SIGTERM")


def catch_signals() -> dict[int | str, Any]:
    """SIGINT and SIGTERM raise `Interrupted` (`evidence.outfile.interrupt`), and one
    Python could not raise is not printed (`sys.unraisablehook`); the handlers before, to
    put back. Only the main thread may set handlers: elsewhere, nothing."""
    import threading

    from evidence.outfile import interrupt, quiet_unraisable

    if threading.current_thread() is not threading.main_thread():
        return {}
    before: dict[int | str, Any] = {"unraisablehook": sys.unraisablehook}
    sys.unraisablehook = quiet_unraisable(sys.unraisablehook)
    for name in _SIGNALS:
        number = getattr(signal, name)
        before[number] = signal.signal(number, interrupt)
    return before


def _put_back(previous: dict[int | str, Any]) -> None:
    for number, handler in previous.items():
        if isinstance(number, str):
            setattr(sys, number, handler)
        else:
            signal.signal(number, handler)
