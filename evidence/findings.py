"""One shape for every problem found in a user's data, and one way to print it.

A catalogue line, a workbook cell, a judgement without evidence: all become a
`Finding`, are collected over a whole run (never stop at the first) and printed as
`FILE:LOCATION: message`, or as JSON for machines. Library code raises `UserDataError`
with the findings; the command line turns that into exit code 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]


class Finding(BaseModel):
    """A problem in user data, located well enough for the user to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = ""
    location: str = ""  # "12:5" (YAML line:col), "member:row 7:title", "offset 2345"
    message: str
    severity: Severity = "error"
    record_id: str | None = None
    indicator_id: str | None = None

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, self.location) if p)
        prefix = f"{where}: " if where else ""
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}{tag}{self.message}"


class UserDataError(Exception):
    """The user's input has problems; `findings` lists every one of them."""

    def __init__(self, findings: Iterable[Finding], summary: str = "") -> None:
        self.findings = list(findings)
        self.summary = summary or f"{len(self.findings)} problem(s) found"
        super().__init__(self.summary)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def format_findings(findings: Iterable[Finding], *, as_json: bool = False) -> str:
    items = list(findings)
    if as_json:
        return json.dumps([f.model_dump(exclude_none=True) for f in items], indent=2)
    return "\n".join(str(f) for f in items)
