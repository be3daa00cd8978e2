"""Files a command writes: never over an existing one unless `--force` says so.

Why: `clex template`, `clex assess -o`, `clex report -o` and `clex evidence export` used
to overwrite silently; one wrong name in a shell history replaced a filled-in workbook or
the snapshot an audit rests on. Each checks its output here before it does any work, so
a refusal (exit 2, the file named) leaves nothing half-written and nothing changed.
"""

from __future__ import annotations

from pathlib import Path

import typer

from .output import usage_error

ForceOpt: bool = typer.Option(
    False, "--force", help="Overwrite the output file if it exists (refused without it)."
)


def refuse_overwrite(path: Path, force: bool, *, option: str = "") -> None:
    """A usage error (exit 2) when `path` is a folder, its folder does not exist, or it
    exists and `force` is not given."""
    if path.is_dir():  # not even with --force: a folder is never replaced by a file
        usage_error(f"{option + ': ' if option else ''}{path} is a folder; give a file name")
    if not path.parent.is_dir():  # else the writer fails with a traceback
        usage_error(f"{option + ': ' if option else ''}{path}: no folder {path.parent}")
    if force or not path.exists():
        return
    usage_error(
        f"{option + ': ' if option else ''}{path} exists; give another name, or --force "
        "to overwrite it"
    )
