"""Progress on stderr for the commands that take seconds: one look, one rule for when.

Why: assessing a large cluster, verifying its snapshot, exporting its records or reading
a hundred peer snapshots takes seconds to minutes, and a command that says nothing for
that long looks hung. Every such command shows the same Rich display, made here:

- shown only to a person: when stderr is a terminal, or when `--progress` asks for it
  (a log, CI); never with `--json` or `--quiet`, whose output a script reads;
- on stderr, so it never mixes with what a script reads from stdout;
- one line per stage: a spinner, what is being done ("Assessing nano, 2024"), a bar
  (pulsing while the total is unknown) and the time elapsed; a counted stage says how
  far it is ("Reading snapshots: 3 of 12").

The library never prints: where a loop is in the library it takes a callback
(`evidence.ingest.import_files(progress=...)`), which `Step` is; where the loop is in the
command, the command calls its `Step` itself; a stage with no loop to count shows as a
spinner with the time elapsed. When nothing is to be shown, `shown` yields a display
whose steps do nothing, so a command has no `if` around its progress.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from .output import SafeConsole, terminal_text

if TYPE_CHECKING:
    from rich.progress import Progress

PROGRESS_HELP = "Show progress on stderr even when it is not a terminal (not with --json)."

ProgressOpt: bool = typer.Option(False, "--progress", help=PROGRESS_HELP)


def wanted(*, forced: bool = False, quiet: bool = False, as_json: bool = False) -> bool:
    """Whether to show progress: to a person (stderr a terminal, or `--progress`), never
    with `--quiet` or `--json`, nor where stderr is closed (`2>&-`: Python's `sys.stderr`
    is None; asking it whether it is a terminal ended every such run in exit 1)."""
    if quiet or as_json or sys.stderr is None:
        return False
    return forced or sys.stderr.isatty()


@contextmanager
def rich_bar(
    show: bool, *, forced: bool = False, transient: bool = True
) -> Iterator[Progress | None]:
    """The Rich progress display on stderr (None when `show` is false): a spinner, the
    task's description (text, never markup, on a `SafeConsole`), a bar and the time
    elapsed. `forced` (`--progress`) draws it as on a terminal wherever stderr goes;
    `transient` clears it when done, so the command's own lines follow it."""
    if not show:
        yield None
        return
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    err = SafeConsole(file=sys.stderr, force_terminal=True if forced else None, highlight=False)
    text = TextColumn("{task.description}", markup=False)
    columns = (SpinnerColumn(), text, BarColumn(), TimeElapsedColumn())
    with Bar(*columns, console=err, transient=transient) as bar:
        yield bar


class Step:
    """One stage of the display; called with a number of items done (the `progress`
    callback a library loop takes), it advances by that many."""

    def __init__(self, bar: Progress | None, description: str, total: int | None, unit: str):
        self.bar = bar
        self.description = description
        self.total = total
        self.unit = unit
        self.done = 0
        self.task: Any = None if bar is None else bar.add_task(self._text(), total=total)

    def _text(self) -> str:
        text = terminal_text(self.description)  # a slug or a file name from the user
        if self.total is not None:
            return f"{text}: {self.done} of {self.total}"
        if self.unit and self.done:
            return f"{text}: {self.done} {self.unit}"
        return text

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, description=self._text())

    def describe(self, description: str) -> None:
        """Say what is being done now (a stage of several parts: the demo's steps)."""
        self.description = description
        if self.bar is not None:
            self.bar.update(self.task, description=self._text())

    def finish(self) -> None:
        if self.bar is not None:
            total = self.total or max(self.done, 1)  # unknown length: a full bar when over
            self.bar.update(self.task, completed=total, total=total)


class Display:
    """The stages of one command's progress (`step`); every step does nothing when the
    display is not shown."""

    def __init__(self, bar: Progress | None) -> None:
        self.bar = bar

    @contextmanager
    def step(self, description: str, *, total: int | None = None, unit: str = "") -> Iterator[Step]:
        """A stage while the block runs: `description` (text from data is shown as
        text), counted to `total` when known, else with the number of `unit` done."""
        stage = Step(self.bar, description, total, unit)
        yield stage
        stage.finish()


@contextmanager
def shown(*, forced: bool = False, quiet: bool = False, as_json: bool = False) -> Iterator[Display]:
    """The progress of a command while the block runs, by the rule of `wanted`."""
    with rich_bar(wanted(forced=forced, quiet=quiet, as_json=as_json), forced=forced) as bar:
        yield Display(bar)
