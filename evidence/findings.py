"""One shape for every problem found in a user's data, and one way to print it.

A catalogue line, a workbook cell, a judgement without evidence: all become a
`Finding`, are collected over a whole run (never stop at the first) and printed as
`FILE:LOCATION: message`, or as JSON for machines. Library code raises `UserDataError`
with the findings; the command line turns that into exit code 1.

A finding's `Location` is structured (line and column, sheet/row/column, offset ...)
so that a program can use it, and written as text in one place, `Location.__str__`.
In JSON (`--json`, snapshots) it is an object of the parts it has, e.g.
`{"line": 12, "column": 5}`; a snapshot written when locations were text still reads,
its location kept as that text.

`UserDataError` and `MachineError` live in `evidence.errors` (no pydantic: the command
line catches them before it knows its command) and are re-exported here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, field_validator, model_serializer

from .errors import MachineError, UserDataError
from .messages import Text

__all__ = [
    "NOWHERE",
    "Finding",
    "Location",
    "MachineError",
    "Severity",
    "UserDataError",
    "errors",
    "finding_json",
    "format_findings",
]

Severity = Literal["error", "warning", "info"]


class Location(BaseModel):
    """Where a problem is in its file; every part is optional, `str()` writes it as text.

    `str()` joins the parts it has with ":" in this order: sheet, row, line, column,
    `offset N`, `byte N`, key, text; e.g. "12:5" (YAML line:column), "member:7:C (title)"
    (workbook sheet:row:column), "5:start" (CSV row:column), "offset 2345" (a page item).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheet: str | None = None  # a workbook's sheet
    row: int | None = None  # a record's row: workbook row, CSV line, line a YAML record is on
    line: int | None = None  # a line of a text file (YAML, a CSV line, a template)
    column: int | str | None = None  # 1-based number, or as the file names it: "C (title)"
    offset: int | None = None  # character offset of a page item
    byte: int | None = None  # byte offset of text that is not UTF-8
    key: str | None = None  # an id or data path: "S1", "evidence 3f2a", "indicators.0.id"
    text: str | None = None  # a location known only as text (snapshots written before)

    def __str__(self) -> str:
        parts = [
            str(p) for p in (self.sheet, self.row, self.line, self.column) if p not in (None, "")
        ]
        if self.offset is not None:
            parts.append(f"offset {self.offset}")
        if self.byte is not None:
            parts.append(f"byte {self.byte}")
        parts.extend(p for p in (self.key, self.text) if p)
        return ":".join(parts)

    @model_serializer(mode="wrap")
    def _parts_it_has(self, handler: Any) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


NOWHERE = Location()


class Finding(BaseModel):
    """A problem in user data, located well enough for the user to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = ""
    location: Location = NOWHERE
    # what is wrong: a message the engine words (`evidence.messages`, rendered in a
    # report's or the web page's language: an import's row and column problems among
    # them) or plain English text (the rest of an import's findings, older snapshots)
    message: Text
    severity: Severity = "error"
    record_id: str | None = None
    indicator_id: str | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _text_location(cls, value: Any) -> Any:
        """A location given as text (a snapshot written before) is kept as that text."""
        if isinstance(value, str):
            return Location(text=value) if value else NOWHERE
        return value

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, str(self.location)) if p)
        prefix = f"{where}: " if where else ""
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}{tag}{self.message}"


class Placed(Protocol):
    """Where a record came from, as a finding reads it (`models.Source`)."""

    @property
    def file(self) -> str: ...
    @property
    def location(self) -> Location: ...


def at_source(source: Placed | None, message: Text, **more: Any) -> Finding:
    """A finding about a record, placed where the record came from (nowhere when it came
    from no file)."""
    if source is None:
        return Finding(message=message, **more)
    return Finding(file=source.file, location=source.location, message=message, **more)


@dataclass
class ReadOnce:
    """Values an import read as others (the EU's UK as GB, the tag en-GB as en), said
    once per import, not once per row: where each was first met and in how many rows."""

    first: dict[str, tuple[str, Location]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def met(self, values: Iterable[str], file: str, where: Location) -> None:
        """The values read in one row (each counted once for the row)."""
        for value in sorted(set(values)):
            self.first.setdefault(value, (file, where))
            self.rows[value] = self.rows.get(value, 0) + 1

    def said(self, message: Callable[[str, int], Text]) -> list[Finding]:
        """A note for each value read, at the row it was first met: `message(value, rows)`."""
        return [
            Finding(
                file=file, location=where, severity="info", message=message(value, self.rows[value])
            )
            for value, (file, where) in self.first.items()
        ]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as `--json` prints it: its message as English text (a snapshot keeps the
    message itself, which a report renders in its language)."""
    return {**finding.model_dump(exclude_none=True), "message": str(finding.message)}


def format_findings(findings: Iterable[Finding], *, as_json: bool = False) -> str:
    items = list(findings)
    if as_json:
        return json.dumps([finding_json(f) for f in items], indent=2)
    return "\n".join(str(f) for f in items)
