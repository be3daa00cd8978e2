"""Files clex writes for a user: in place whole and checked, or not at all; and interrupts.

Why (issue 21): two `clex report` runs to one path shared the temporary file `OUT.part`
and left a PDF that `qpdf --check` fails while both exited 0; Ctrl-C during rendering
left a PDF without its page headers, exit 0; a full disk or a read-only folder ended in
a traceback. So every writer (reports, workbooks, snapshots, the demo's files) writes
through `output_file`:
- a temporary file of its own (`mkstemp`: a name no other run can take) in the target's
  folder, so that the final move is a rename within one file system, which is atomic;
- the writer writes the temporary file by its name (WeasyPrint, openpyxl and zipfile
  take a path); then it is flushed to the disk, checked (`check`, e.g. `pdf_problem`: a
  PDF that parses, `zip_problem`: a workbook whose zip is complete) and only then moved
  over the target (`os.replace`): a reader sees the old file or the new one, never half;
- on any failure or interrupt the temporary file is removed and the target untouched;
  an `OSError` of writing (full disk, read-only folder, no permission, a name too long)
  becomes a `MachineError` naming the target, not the temporary file.

Interrupts live here too, in the lowest layer, because the writers must know of them:
the command line's handler for SIGINT and SIGTERM (`interrupt`) raises `Interrupted`
once, wherever the program is (a `BaseException`, so that no `except Exception` takes
it for an error of its own); later signals are ignored while the first one unwinds, so
that clean-up (a store's rollback, removing a temporary file) is not cut short. A file
being written when an interrupt came is never moved into place, even where a library
swallowed the exception (WeasyPrint did once: the PDF lacked its page headers).

A change made lasting (a store's commit, a file moved into place) runs in `keeping()`:
signals wait until it is done, so that it is made whole or not begun. A command's last
such change (`last_step()`) ends its part in signals: its result is kept, so a signal
after it (while the summary prints) is noted and ignored, and the run ends as if the
signal had come after the exit; otherwise a Ctrl-C there said "interrupted", exit 130,
of an import that was stored (a flaky `tests/test_interrupts.py`). An `Interrupted`
raised where Python cannot pass it on (a weakref callback, a `__del__`) is not printed
as "Exception ignored" (`quiet_unraisable`): the run notes the signal and ends with
"interrupted" all the same.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .findings import MachineError

TEMP_SUFFIX = ".clex-tmp"  # the temporary files' names end so (`.NAME.XXXXXXXX.clex-tmp`)
FORCE_AFTER = 3  # this many signals end the process at once (a clean-up that hangs)


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM: the command stops, cleans up and exits 130."""

    def __init__(self, signum: int = 0) -> None:
        self.signum = signum
        super().__init__("interrupted")


@dataclass
class _Run:
    """What the signals of this run of a command have done so far (`forget_interrupts`
    starts the next run in a process that ran one)."""

    signals: list[int] = field(default_factory=list)  # received, in order
    armed: bool = False  # a first signal raises (while the command runs)
    last: bool = False  # the command is at its last step (`last_step`)
    settled: bool = False  # the command's result is kept (its last step done)
    held: bool = False  # a change is being made lasting (`keeping`): a signal waits
    lost: bool = False  # the first signal's `Interrupted` was lost: the next one raises


_RUN = _Run()


def interrupt(signum: int, frame: FrameType | None) -> None:
    """The signal handler the command line installs for SIGINT and SIGTERM: the first
    signal raises `Interrupted` while armed (once a change being made lasting is done,
    `keeping`), and so does the next if the first one's was lost (`quiet_unraisable`);
    the next are noted and ignored while it unwinds, and the `FORCE_AFTER`th
    ends the process (exit 130) for a clean-up that hangs, even one after the command's
    result was kept (then what it was printing is cut short)."""
    run = _RUN
    run.signals.append(signum)
    if (len(run.signals) == 1 or run.lost) and run.armed and not run.held:
        run.lost = False
        raise Interrupted(signum)
    if len(run.signals) >= FORCE_AFTER:
        with contextlib.suppress(OSError):
            os.write(2, b"interrupted\n")
        os._exit(130)


def interrupted() -> bool:
    """Whether a signal came during this run (even one a library swallowed) before its
    result was kept."""
    return bool(_RUN.signals) and not _RUN.settled


def arm() -> None:
    """From now on the first signal raises `Interrupted` (the command starts)."""
    _RUN.armed = True


def disarm() -> None:
    """From now on a signal is only noted (the command is over; the process exits)."""
    _RUN.armed = False


def forget_interrupts() -> None:
    """Start a run with no signal received (a run of `main` in a process that ran one)."""
    global _RUN
    _RUN = _Run()


@contextmanager
def keeping() -> Iterator[None]:
    """The block makes a change lasting (a commit, a file moved into place): not begun
    if a signal came already (one a library swallowed), and a signal that comes while it
    runs is only noted, then raised once it is done. Inside `last_step()` the command is
    settled instead: that signal and later ones are ignored. A flag the handler reads,
    not a signal mask: the kernel hands a signal to any thread that does not block it
    (Rich's refresh thread, a test runner's), and Python then runs the handler in the
    main thread wherever it is. Only the main thread holds (the one the handler runs
    in, and that can be told `Interrupted`)."""
    run = _RUN
    if not run.armed or run.held or threading.current_thread() is not threading.main_thread():
        yield  # not a command run, within a change held already, or not where signals land
        return
    if run.signals:
        raise Interrupted(run.signals[0])
    run.held = True
    try:
        yield
        if run.last:
            run.settled = True
            run.armed = False
    finally:
        run.held = False
    if run.signals and run.armed:
        raise Interrupted(run.signals[0])


@contextmanager
def last_step() -> Iterator[None]:
    """The block holds the command's last lasting change (its one commit or its one file):
    once `keeping()` made it, the command's result stands and a signal is ignored."""
    _RUN.last = True
    try:
        yield
    finally:
        _RUN.last = False


def quiet_unraisable(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """A `sys.unraisablehook` that drops an `Interrupted` Python could not raise (the
    handler ran inside a weakref callback or a `__del__`, which prints "Exception
    ignored" with a traceback) and passes anything else to `previous`. The interrupt
    still counts: the command keeps nothing more (`keeping` and `output_file` refuse),
    it ends "interrupted" at the latest when it is done, and the next Ctrl-C raises at
    once (it cannot be sent again from here: the handler would run inside this hook)."""

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            previous(unraisable)
        else:
            _RUN.lost = True

    return hook


# -- writing ---------------------------------------------------------------------------

# errno -> (what is wrong, what to do), for a file the user asked for or the store
_MACHINE: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on the device", "free some space and run again"),
    errno.EDQUOT: ("over the disk quota", "free some space or raise the quota, and run again"),
    errno.EROFS: (
        "the file system is read-only",
        "write to a folder on a writable file system",
    ),
    errno.EACCES: (
        "permission denied",
        "check the permissions of the file and its folder, or write somewhere else",
    ),
    errno.EPERM: (
        "operation not permitted",
        "check the permissions of the file and its folder, or write somewhere else",
    ),
    errno.ENAMETOOLONG: ("the file name is too long", "give a shorter name"),
    errno.ELOOP: (
        "too many levels of symbolic links (a link that points to itself?)",
        "fix the link or give the real path",
    ),
}


def machine_problem(exc: OSError, path: object = None) -> MachineError | None:
    """`exc` as a `MachineError` (`path`, else the file the error names) when it is the
    machine's trouble (full disk, read-only, permission, a name too long, a link loop);
    None for any other error."""
    from .findings import MachineError

    known = _MACHINE.get(exc.errno or 0)
    if known is None:
        return None
    where = path if path is not None else exc.filename
    return MachineError(where, *known)


@contextmanager
def output_file(path: Path, *, check: Callable[[Path], str | None] | None = None) -> Iterator[Path]:
    """A temporary file of this run's own next to `path`, for the writer to write; once
    the block ends, the file flushed to disk, `check`ed (None: sound, else what is wrong)
    and moved over `path`. On an exception or an interrupt the temporary file is removed
    and `path` left as it was; a write the machine refused is a `MachineError` naming
    `path`."""
    path = Path(path)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name[:64]}.", suffix=TEMP_SUFFIX, dir=path.parent or "."
        )
        tmp = Path(name)
        try:
            os.fchmod(fd, _mode_for(path))
        finally:
            os.close(fd)
        yield tmp
        _sync(tmp)
        problem = check(tmp) if check is not None else None
        if problem is not None:
            from .findings import MachineError

            raise MachineError(
                path, f"not written: {problem}", "nothing was changed; run the command again"
            )
        if interrupted():  # an interrupt some library swallowed: the file may lack parts
            raise Interrupted(_RUN.signals[0])
        with keeping():
            os.replace(tmp, path)
            tmp = None
            _sync_folder(path.parent)
    except OSError as exc:
        mapped = machine_problem(exc, path) if _ours(exc, tmp, path) else None
        if mapped is None:
            raise
        raise mapped from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def write_text(path: Path, text: str, *, check: Callable[[Path], str | None] | None = None) -> None:
    """`text` (UTF-8) to `path` through `output_file`."""
    with output_file(path, check=check) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _ours(exc: OSError, tmp: Path | None, path: Path) -> bool:
    """Whether `exc` is about the output file (not, say, a template the writer read)."""
    named = {exc.filename, exc.filename2} - {None}
    if not named:  # a write or flush without a name: the file being written
        return True
    mine = {str(path), str(path.parent), os.fspath(path.parent) or "."}
    if tmp is not None:
        mine.add(str(tmp))
    return any(str(n) in mine or str(n).endswith(TEMP_SUFFIX) for n in named)


def _mode_for(path: Path) -> int:
    """The permissions `open(path, "w")` would give: the target's own if it exists, else
    0666 less the umask (`mkstemp` makes 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync(tmp: Path) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """The rename made durable too (best effort: not every file system syncs a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def closing_zip(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipFile]:
    """`archive` (a zip being written) closed when the block ends. On an error its file
    is closed as it is, without the zip's end records (`output_file` throws it away):
    a `ZipFile` left open finishes itself when it is collected, and a full disk then
    prints "Exception ignored ... Traceback" however well the error was reported."""
    try:
        yield archive
    except BaseException:
        fp, archive.fp = archive.fp, None
        if fp is not None:
            with contextlib.suppress(OSError, ValueError):
                fp.close()
        raise
    archive.close()


# -- checks of the formats clex writes ---------------------------------------------------


def pdf_problem(path: Path) -> str | None:
    """None for a PDF that parses whole: its header, its end, its cross-reference table
    and its page tree (pypdf); else what is wrong."""
    with open(path, "rb") as fh:
        head = fh.read(8)
        fh.seek(max(0, os.fstat(fh.fileno()).st_size - 1024))
        tail = fh.read()
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        return "the PDF is incomplete"
    try:
        from pypdf import PdfReader

        reader = PdfReader(path, strict=False)
        if len(reader.pages) == 0:
            return "the PDF has no pages"
    except Exception as exc:  # pypdf's errors have no common base
        return f"the PDF does not parse ({exc})"
    return None


def zip_problem(path: Path) -> str | None:
    """None for a workbook (a zip) that is complete: its central directory, written last,
    reads, names the parts an .xlsx needs, and every member lies inside the file."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"the workbook is incomplete ({exc})"
    names = {i.filename for i in infos}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        return "the workbook lacks its parts"
    size = path.stat().st_size
    if any(i.header_offset + i.compress_size > size for i in infos):
        return "the workbook is cut short"
    return None


__all__ = [
    "Interrupted",
    "arm",
    "closing_zip",
    "disarm",
    "forget_interrupts",
    "interrupt",
    "interrupted",
    "keeping",
    "last_step",
    "machine_problem",
    "output_file",
    "pdf_problem",
    "quiet_unraisable",
    "write_text",
    "zip_problem",
]
