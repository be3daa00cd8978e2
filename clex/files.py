"""Files a command writes: never over an existing one unless `--force` says so.

Why: `clex template`, `clex assess -o`, `clex report -o` and `clex evidence export` used
to overwrite silently; one wrong name in a shell history replaced a filled-in workbook or
the snapshot an audit rests on. Each checks its output here before it does any work, so
a refusal (exit 2, the file named) leaves nothing half-written and nothing changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import typer

from evidence.infile import not_a_file

from .output import count, usage_error

ForceOpt: bool = typer.Option(
    False, "--force", help="Overwrite the output file if it exists (refused without it)."
)


def refuse_overwrite(path: Path, force: bool, *, option: str = "") -> None:
    """A usage error (exit 2) when `path` is a folder, its folder does not exist, or it
    exists and `force` is not given; a `MachineError` (exit 3) when its folder cannot be
    written (a read-only file system, no permission), found before any work is done."""
    if str(path) == "-":  # the shells' "standard output", which these files are not
        usage_error(
            f"{option + ': ' if option else ''}'-' is not written to the terminal here; "
            "give a file name"
        )
    if path.is_dir():  # not even with --force: a folder is never replaced by a file
        usage_error(f"{option + ': ' if option else ''}{path} is a folder; give a file name")
    if not path.parent.is_dir():  # else the writer fails with a traceback
        usage_error(f"{option + ': ' if option else ''}{path}: no folder {path.parent}")
    if not os.access(path.parent, os.W_OK | os.X_OK):  # before the work, not after it
        from evidence.findings import MachineError

        raise MachineError(
            path.parent,
            "cannot write in this folder (read-only, or no permission)",
            "give an output file in a folder you can write to",
        )
    if not (path.exists() or path.is_symlink()):  # a dangling link is a name too
        return
    if force:
        if (other := _not_regular(path)) is not None:  # not even with --force
            usage_error(f"{option + ': ' if option else ''}{path} {other}")
        return
    usage_error(
        f"{option + ': ' if option else ''}{path} exists; give another name, or --force "
        "to overwrite it"
    )


def _not_regular(path: Path) -> str | None:
    """Why an existing output path is never replaced, even with --force (None: it is a
    regular file of its own): the writer replaces the name with a new file, so `-o
    /dev/null --force` run as root put a plain file where the system's device was, and
    a link's file would stay as it was while the link became a copy."""
    import stat

    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return f"is a symbolic link (to {os.readlink(path)}); give the file's own name"
    if not stat.S_ISREG(mode):
        return "is a device, pipe or socket, not a file; give a file name"
    return None


def require_files(paths: Iterable[Path], *, nothing: str) -> None:
    """Refuse (exit 1, every one listed) input files that are missing ("no such file"),
    folders ("is a folder, not a file") or unreadable, before any is read; `nothing` ends
    the summary ("nothing was imported"). Why here: the library said "no such file" of a folder and
    `clex verify` "not a file" of a missing one, each the other's wording."""
    from evidence.findings import Finding, UserDataError

    problems = [
        Finding(file=str(p), message=why) for p in paths if (why := not_a_file(p)) is not None
    ]
    if problems:
        n = len(problems)
        raise UserDataError(problems, f"{count(n, 'file')} cannot be read; {nothing}")


def require_folder(path: Path | None, option: str) -> None:
    """A usage error (exit 2) when a folder option (`--workspace`) names no folder. Why:
    `clex import --workspace typo` listed every attachment as missing "in the workspace
    typo", one line each, never saying the folder itself is not there; `verify` and
    `serve` each said it in words of their own."""
    if path is None or path.is_dir():
        return
    usage_error(f"{option} {path}: {'not a folder' if path.exists() else 'no such folder'}")


# `clex report SNAP --compare A B` and `clex benchmark SNAP --peers A B`, as DESIGN's
# command contract writes them (`--peers DIR_OR_FILES...`): Click gives an option one
# value, so the paths after the first come as the command's extra arguments (its
# `context_settings` allow them) and go to the option given; with two such options
# given, whose they are cannot be told, and the user is asked to repeat the option.
MANY = {"allow_extra_args": True}


def more_paths(
    ctx: typer.Context, given: dict[str, list[Path] | None], first: Path
) -> dict[str, list[Path] | None]:
    """`given` (option -> its paths) with the command's extra arguments added to the one
    option given. `first`: the command's own argument (SNAP.json), which must come before
    the option: Click takes the path after the option's first as that argument, so
    `--peers A OWN B` read A's neighbour as the cluster's own snapshot."""
    from .root_options import ARGV

    extra = ctx.args
    if not extra:
        return given
    words = ctx.meta.get(ARGV, [])
    where = [i for i, w in enumerate(words) if w.split("=", 1)[0] in given]
    own = next((i for i, w in enumerate(words) if not w.startswith("-") and Path(w) == first), None)
    if own is None or (where and own > where[0]):
        options = " or ".join(given)
        usage_error(
            f"with several paths after {options}, give the snapshot first: "
            f"SNAP.json {next(iter(given))} A B"
        )
    named = [name for name, paths in given.items() if paths]
    if len(named) != 1:
        options = " and ".join(given)
        usage_error(
            f"unexpected {' '.join(extra)}: give {options} once for each file, e.g. "
            f"{next(iter(given))} A {next(iter(given))} B"
        )
    return {
        name: [*(paths or []), *(Path(e) for e in extra)] if name == named[0] else paths
        for name, paths in given.items()
    }
