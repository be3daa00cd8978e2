"""The two exceptions a command line turns into exit codes: `UserDataError` (exit 1) and
`MachineError` (exit 3).

Why a module of its own: `clex.cli` catches both around every command, so it imports them
before it knows which command runs; in `evidence.findings`, next to the pydantic models of
a finding, they made `clex --help` load pydantic. `evidence.findings` re-exports them, so
`from evidence.findings import UserDataError` is the same class.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class UserDataError(Exception):
    """The user's input has problems; `findings` lists every one of them (the `Finding`s
    of `evidence.findings`, typed loosely here: that module imports this one)."""

    def __init__(self, findings: Iterable[Any], summary: str = "") -> None:
        self.findings = list(findings)
        self.summary = summary or f"{len(self.findings)} problem(s) found"
        super().__init__(self.summary)


class MachineError(Exception):
    """Trouble of the machine or of the store's file, not of the user's data: a full disk,
    a read-only folder, a file that is not a clex store, a store another program holds
    locked. The command line prints `error: PATH: problem; what to do` and exits 3.

    Why a class of its own: the user cannot fix it by editing a file's rows, and a script
    that retries on a locked store must tell it from bad data (exit 1) and a mistyped
    option (exit 2)."""

    def __init__(self, path: object, problem: str, todo: str = "") -> None:
        self.path = str(path) if path is not None else ""
        self.problem = problem
        self.todo = todo
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{where}{problem}" + (f"; {todo}" if todo else ""))


class DatabaseUnreachable(MachineError):
    """The database server cannot be reached, or its connection was lost in the middle
    of a command. Why a class of its own: the web page says it in its user's words (try
    again, tell the administrator) rather than as the store's URL and the driver's
    reason, which go to the server's log; the command line prints it as any other."""
