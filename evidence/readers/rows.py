"""The row every tabular reader yields, and the header mapping they share.

Workbooks, CSV and YAML/JSON files all come out as `RawRow`s: where a row stood and its
cells as field -> (column label, raw value). Column names are matched here, once, so an
"employed_from" header or a misspelt column reads the same in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..cells import as_name
from ..findings import Finding, Location
from ..import_rules import removed_field
from ..messages import M, Msg
from ..models import KINDS, kind_fields
from ..suggest import with_suggestion

# Columns that are not record fields: the review columns of an exported workbook
# (`version` is read, and ignored, in workbooks exported before the `digest`).
REVIEW_COLUMNS = ("status", "reviewer", "review_note", "digest", "version", "last_review")
ALIASES = {
    "joined": "start",
    "left": "end",
    "employed_from": "start",
    "employed_until": "end",
    "note": "review_note",
    "review_notes": "review_note",
    "date": "start",
}


@dataclass(slots=True)
class RawRow:
    """One data row: where it stood and its cells as field -> (column label, raw value)."""

    file: str
    sheet: str | None
    row: int
    kind: str
    cells: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def where(self, column: str | None = None) -> str:
        parts = [p for p in (self.sheet, str(self.row), column) if p]
        return ":".join(parts)

    def location(self, column: str | None = None) -> Location:
        """`where` as a finding's location: sheet, row and column (its label)."""
        return Location(sheet=self.sheet, row=self.row, column=column)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise_header(text: Any) -> str:
    name = as_name(str(text or ""))
    return ALIASES.get(name, name)


def map_header(
    headers: list[Any],
    kind: str,
    where: Location,
    file: str,
    *,
    letters: bool,
    findings: list[Finding],
) -> dict[int, tuple[str, str]]:
    """Column index -> (field, label); unknown columns become findings.

    `where` is the header row's location; `letters`: name columns A, B ... (a workbook),
    else 1, 2 ... (a CSV file).
    """
    known = set(kind_fields(kind)) | set(REVIEW_COLUMNS) | {"kind"}
    out: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for i, head in enumerate(headers):
        if head is None or not str(head).strip():
            continue
        name = normalise_header(head)
        label = f"{column_letter(i)} ({str(head).strip()})" if letters else str(head).strip()
        if name not in known:
            column: int | str = column_letter(i) if letters else i + 1
            findings.append(
                Finding(
                    file=file,
                    location=where.model_copy(update={"column": column}),
                    message=removed_field(kind, name)
                    or M(
                        "unknown column {column} for {kind}; columns are {columns}",
                        column=repr(str(head)),
                        kind=kind,
                        columns=", ".join(kind_fields(kind)),
                    ),
                )
            )
            continue
        if name in seen:
            twice = M("column {name} twice", name=repr(name))
            findings.append(Finding(file=file, location=where, message=twice))
            continue
        seen.add(name)
        out[i] = (name, label)
    return out


def unknown_kind(kind: str) -> Msg:
    """A row's kind that is none of the kinds, with the nearest ones when any is near."""
    refusal = M("unknown kind {kind}; use one of {kinds}", kind=repr(kind), kinds=", ".join(KINDS))
    return with_suggestion(refusal, kind, KINDS)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
