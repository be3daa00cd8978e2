"""Progress of a report being written: the steps the writers pass, for a person waiting.

Why: a 16-page PDF takes seconds and a long appendix minutes, and a command that prints
nothing meanwhile looks hung. The library does not print: the writers call a `Progress`
callback with `Step`s (the report's view made, pages laid out, parts written) and the
command line decides how, and whether, to show them (clex/report_cmd.py: a Rich progress
on stderr, quiet with `--quiet`, `--json` or when stderr is not a terminal). A caller
that passes nothing gets `silent`, so the library works the same without a terminal.

The steps, in the order they come:
- `prepare`: the report's view of the snapshot and its charts (done=1 when made);
- `html`: the PDF's HTML from the templates;
- `layout`: pages laid out; one process reports `done=0` when it starts and the page
  count when done; a parallel render counts its parts (`total` parts) and the pages
  known so far (`pages`);
- `write`: the PDF written (a parallel render: parts written, of `total`, then joined);
- `workbook`: the Excel workbook written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Stage = Literal["prepare", "html", "layout", "write", "workbook"]
STAGES: tuple[Stage, ...] = ("prepare", "html", "layout", "write", "workbook")


@dataclass(frozen=True)
class Step:
    """Where one stage of a report stands: `done` of `total` (None: not known)."""

    stage: Stage
    done: int = 0
    total: int | None = None
    pages: int | None = None  # pages laid out so far, when known
    finished: bool = False  # the stage is over


Progress = Callable[[Step], None]


def silent(step: Step) -> None:
    """The default: a library call shows nothing."""


__all__ = ["STAGES", "Progress", "Stage", "Step", "silent"]
