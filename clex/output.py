"""Console output shared by every command: tables, JSON and user-data errors.

Commands print results to stdout (pipeable, `--json` where a person might pipe) and
problems to stderr as `FILE:LOCATION: message`, one line each, never a traceback.

Every line a command prints goes through `console` or `err_console` (a `SafeConsole`),
and nearly every one carries text from the user's data: a title, a cluster name, a
review note, a catalogue's wording. So the consoles read no Rich markup in a string
("Newsletter [issue 3]" keeps its brackets, `[/x]` is no crash, `[link=...]` no
hyperlink) and remove escape sequences and control characters (`terminal_text`), so
data cannot colour, retitle, clear or hyperlink the user's terminal. Only what is
printed is cleaned: the store keeps the text as the user typed it, and JSON output
(`print_json`) gives it exactly (JSON escapes control characters itself).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from evidence.errors import MachineError

if TYPE_CHECKING:
    from evidence.findings import Finding

# escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes, their
# 8-bit forms), then single control characters and the bidirectional overrides that
# make a terminal show text in another order than it is ("Trojan source")
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` as a terminal may show it: escape sequences and control characters
    removed, a tab as a space; line breaks kept. The store keeps the text as typed."""
    if text.isprintable():
        return text  # the common case: nothing to remove
    return _CONTROL.sub("", _ESCAPE.sub("", text.replace("\t", " ")))


class SafeConsole(Console):
    """A Rich console that prints text from data as text: a string is never read as
    markup, and strings and `Text` lose escape sequences and control characters
    (`terminal_text`). Rich objects built here (`table`) clean their cells themselves."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        kwargs["markup"] = False
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().print(*(_clean(o) for o in objects), **kwargs)

    def out(self, *objects: Any, **kwargs: Any) -> None:
        kwargs["highlight"] = False
        super().out(*(_clean(o) for o in objects), **kwargs)

    @property
    def file(self) -> Any:
        """Rich's file, but where stdout was closed when the command started (`clex ...
        >&-`: Python's `sys.stdout` is None), one that refuses the first write: Rich wrote
        to nowhere, so every result was lost and the run still ended with 0."""
        if self._file is None and not self.stderr and sys.stdout is None:
            return _CLOSED
        return super().file

    @file.setter
    def file(self, new_file: Any) -> None:
        self._file = new_file

    def on_broken_pipe(self) -> None:
        """The output's reader left early (`clex verify SNAP | head -1`): the rest goes
        nowhere and the run ends with 141, as a process that SIGPIPE ends does; Rich's
        exit 1 read as "the data has problems" (`verify`: a difference)."""
        try:
            super().on_broken_pipe()  # Rich's own: quiet, stdout to /dev/null, exit 1
        except SystemExit:
            raise SystemExit(EXIT_BROKEN_PIPE) from None


def stdout_closed() -> MachineError:
    """The error of a result printed to a standard output that is closed (`>&-`)."""
    return MachineError(
        "standard output",
        "closed, so clex could not print its results",
        "run the command with its output to a terminal, a file or /dev/null",
    )


class _ClosedStdout(io.TextIOBase):
    """The console's file when stdout is closed: a write is `stdout_closed()`."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise stdout_closed()

    def isatty(self) -> bool:
        return False


_CLOSED = _ClosedStdout()


def _clean(value: Any) -> Any:
    if isinstance(value, Text):
        plain = terminal_text(value.plain)
        return value if plain == value.plain else Text(plain, style=value.style)
    if isinstance(value, str):
        return terminal_text(value)
    return value


def styled(text: str, style: str) -> Text:
    """Text from data in a style of ours (a heading in bold), never read as markup."""
    return Text(terminal_text(text), style=style)


# The width (COLUMNS), colours (NO_COLOR, FORCE_COLOR, TERM) and terminal detection of a
# Console are read when it is made; `main()` makes them again on each run (`renew_consoles`).
_OPTIONS: dict[str, Any] = {"highlight": False, "soft_wrap": True, "emoji": False}
console = SafeConsole(**_OPTIONS)
err_console = SafeConsole(stderr=True, **_OPTIONS)

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_MACHINE = 3  # the machine or the store's file (`evidence.findings.MachineError`)
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM, as a shell reports a SIGINT
EXIT_BROKEN_PIPE = 141  # the output's reader closed early, as a shell reports a SIGPIPE


def renew_consoles() -> None:
    """Make `console` and `err_console` again, in place (the commands hold them), from the
    environment and the streams as they are now, as importing this module in a new
    process does: `main()` calls it so that each run in one process starts alike.

    A stream whose encoding cannot say every character (a terminal in ISO-8859-2, a
    pipe under LANG=C with UTF-8 mode off) writes what it cannot say as "?": an en dash
    in a title ended a finished `assess` in a traceback and exit 1. A UTF-8 one writes a
    name's bytes that are not UTF-8 as they are."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # a file name that is not UTF-8 (kept by Python as surrogates) is printed as the
            # bytes it is, as `ls` does: under LANG=en_US.UTF-8 (strict, unlike C.UTF-8)
            # "Wrote t\xfe.xlsx" was a traceback after the file was written
            stream.reconfigure(errors="surrogateescape" if _utf8(stream) else "replace")
    _unknown_size_unset()
    _force_color_off_unset()
    SafeConsole.__init__(console, **_OPTIONS)
    SafeConsole.__init__(err_console, stderr=True, **_OPTIONS)


def _unknown_size_unset() -> None:
    """COLUMNS=0 (or LINES=0), as some CI runners and editors' shells set it, means "the
    width is not known"; Rich took it as a terminal no character wide and every command
    printed nothing at all, exit 0 (Typer's help, too). Unset, the width is the
    terminal's, or 80 when there is none, as without it."""
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) == 0:
            del os.environ[name]


def _force_color_off_unset() -> None:
    """FORCE_COLOR=0 (or false) means "do not force colour", as Node's tools read it and
    CI configurations write it; Rich (15, after force-color.org) and Typer's help force
    colour for any value that is not empty, so a piped `clex evidence list` was a boxed
    table full of escape sequences. Unset, colour is the terminal's, as without it."""
    if os.environ.get("FORCE_COLOR", "").strip().casefold() in ("0", "false"):
        del os.environ["FORCE_COLOR"]


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 evidence record", "2 evidence records" (`plural` when adding an s is wrong)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _utf8(stream: Any) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def print_json(value: Any) -> None:
    """JSON to stdout, plain (no colour codes), so it pipes into jq or a file; as ASCII
    escapes ("\u2013") where stdout cannot say every character, so nothing is lost."""
    text = json.dumps(value, indent=2, ensure_ascii=not _utf8(sys.stdout), default=str)
    write_stdout(text + "\n")


def write_stdout(text: str) -> None:
    """`text` to stdout as it is, flushed: a reader that left early (`--json | head`)
    ends the run with 141 as the console's tables do (Python's own flush at exit failed
    and the run ended with 1, saying nothing); a stdout closed (`>&-`) is
    `stdout_closed()` (it was a traceback: `sys.stdout` is None)."""
    if sys.stdout is None:
        raise stdout_closed()
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        console.on_broken_pipe()


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table: boxed and fitted to the width on a terminal; elsewhere (a pipe, a file)
    plain columns, one line per row, never wrapped or cut (`plain_table`). Cells and
    title are text, never markup, cleaned for the terminal (`terminal_text`)."""
    cells = [["" if v is None else terminal_text(str(v)) for v in row] for row in rows]
    title = terminal_text(title) if title else title
    if not console.is_terminal:
        for line in plain_table(title, columns, cells):
            console.print(line, markup=False, soft_wrap=True, crop=False)
        return
    if _min_width(columns, cells) > console.width:
        for line in blocks(title, columns, cells):
            console.print(line, markup=False, soft_wrap=False, overflow="fold")
        return
    t = Table(title=Text(title) if title else None, show_lines=False, header_style="bold")
    for col in columns:
        no_wrap = col in _NO_WRAP
        t.add_column(Text(col), overflow="ellipsis" if no_wrap else "fold", no_wrap=no_wrap)
    for row in cells:
        t.add_row(*(Text(cell) for cell in row))
    console.print(t)


# Columns whose cells are never wrapped on a terminal (an id or a date cut in two lines
# is misread); every other column wraps at spaces.
_NO_WRAP = ("id", "when", "start", "end", "batch")


def _min_width(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """The narrowest a boxed table of these cells can be without splitting a word: each
    column as wide as its longest word (its longest cell when it does not wrap), plus the
    box's padding and rules."""
    total = 1
    for i, col in enumerate(columns):
        texts = [col, *(row[i] for row in rows)]
        if col in _NO_WRAP:
            widest = max(len(t) for t in texts)
        else:
            widest = max((len(w) for t in texts for w in t.split()), default=0)
        total += widest + 3
    return total


def blocks(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table too wide for the terminal as one block per row: the first cell on a line of
    its own, then `column: value` for each other non-empty cell, a blank line between
    rows. Why: squeezing eight columns into 80 characters split words mid-word
    ("manag|er"); a block is read top to bottom and the terminal wraps it at spaces."""
    lines = [title] if title else []
    for row in rows:
        if lines:
            lines.append("")
        lines.append(f"{columns[0]}: {row[0]}" if row[0] else columns[0])
        lines += [
            f"  {col}: {cell}" for col, cell in zip(columns[1:], row[1:], strict=True) if cell
        ]
    return lines


def clip(text: str, width: int) -> str:
    """`text` shortened for a table column on a terminal: cut at the last word boundary
    before `width`, with an ellipsis; in full when the output is not a terminal (a pipe,
    a file), where nothing is ever cut."""
    if not console.is_terminal or len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:-") + "…"


def plain_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> list[str]:
    """The lines of a table for a reader that is not a terminal: the title, the header
    and one line per row, columns padded with spaces to their widest cell and two spaces
    apart, no box drawing and no width limit, so `grep` finds every word whole and `cut`
    or `awk` can take the columns apart. A line break inside a cell becomes a space."""
    flat = [[" ".join(c.split("\n")) for c in row] for row in [list(columns), *rows]]
    widths = [max(len(row[i]) for row in flat) for i in range(len(columns))]
    lines = [title] if title else []
    for row in flat:
        padded = [cell.ljust(w) for cell, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return lines


def fail_with_findings(
    findings: Sequence[Finding], summary: str, *, as_json: bool = False
) -> NoReturn:
    from evidence.findings import finding_json, format_findings  # pydantic: not for --help

    if as_json and _json_said(
        {"ok": False, "summary": summary, "findings": [finding_json(f) for f in findings]}
    ):
        raise typer.Exit(EXIT_DATA)
    # a finding that only repeats the summary (an error raised with one message,
    # e.g. "no batch 99") is printed once, as the "error:" line
    listed = [f for f in findings if str(f) != summary]
    if listed:
        err_console.print(format_findings(listed), markup=False)
    err_console.print(f"error: {summary}", markup=False)
    raise typer.Exit(EXIT_DATA)


def machine_error(message: str, *, as_json: bool = False) -> NoReturn:
    """Exit 3 with one line: the machine's trouble, its path and what to do."""
    if not (as_json and _json_said({"ok": False, "summary": message, "findings": []})):
        err_console.print(f"error: {message}", markup=False)
    raise typer.Exit(EXIT_MACHINE)


def _json_said(problems: dict[str, Any]) -> bool:
    """Whether a `--json` run's problems reached stdout; False when stdout itself is the
    trouble (a full disk, closed), and they are to be said on stderr instead."""
    try:
        print_json(problems)
    except (OSError, MachineError):
        return False
    return True


def usage_error(message: str) -> NoReturn:
    err_console.print(f"usage error: {message}", markup=False)
    raise typer.Exit(EXIT_USAGE)
