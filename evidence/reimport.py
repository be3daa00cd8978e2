"""What an import that updates a stored record keeps and warns about.

Why a module of its own: a file imported again is often older than the store (an old
workbook, a CSV with fewer columns), and neither may silently undo the manager's later
corrections. Two rules, applied by `evidence.ingest` before it compares contents:

- a column the file does not have leaves its field as stored (`keep_absent`); only an
  empty cell in a column the file has clears a field;
- an update that puts back a value the field had before, over a value set by another
  batch than an import of this same file (an edit, an undo, another file), is a
  warning naming that batch (`puts_back`), in `--dry-run` too.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import ValidationError

from .changes import NOT_CONTENT, Diff, show_value
from .models import Record, kind_fields
from .store import json_value as _json

_KEEP_OUT = NOT_CONTENT | {"attachment_sha256"}


def keep_absent(record: Record, stored: Record, present: Collection[str]) -> Record | list[str]:
    """`record` with the stored value of every field whose column the file does not
    have (the attachment's digest follows the attachment); the problems instead when the
    two together break a rule of the record's kind."""
    derived = set()
    if "year" in present and "start" not in present:  # the file's year gave its span
        derived = {"start", "end"}
    update: dict[str, Any] = {
        name: getattr(stored, name)
        for name in kind_fields(record.kind)
        if name not in present and name not in _KEEP_OUT and name not in derived
    }
    if "attachment" in update:
        update["attachment_sha256"] = stored.attachment_sha256
    if not update or all(getattr(record, k) == v for k, v in update.items()):
        return record
    merged = record.model_copy(update=update)
    try:
        return type(record).model_validate(merged.model_dump())
    except ValidationError as exc:
        return [
            f"with the stored values of the columns this file does not have: "
            f"{str(e.get('msg', 'invalid')).removeprefix('Value error, ')}"
            for e in exc.errors()
        ]


def puts_back(diffs: list[Diff], log: list[dict[str, Any]], file: str) -> list[str]:
    """A warning for each of `diffs` (field, stored, new) whose new value the field had
    before and whose stored value another batch than an import of `file` set: "title:
    puts back 'old' over 'new' set by `clex evidence edit` on DATE (batch N)". `log`: the
    record's field changes, oldest first (`Store.field_changes`)."""
    out = []
    for name, stored, new in diffs:
        rows = [c for c in log if c["field"] == name]
        if not rows:
            continue
        last = rows[-1]
        if last["action"] in ("create", "update") and _file(last["origin"]) == file:
            continue
        earlier = {c["old"] for c in rows}
        if _json(new) not in earlier:
            continue
        out.append(
            f"{name}: puts back {show_value(_json(new))} over {show_value(_json(stored))} "
            f"set by {_by(last)} on {last['at']:%Y-%m-%d} (batch {last['batch']})"
        )
    return out


def _file(origin: str | None) -> str:
    return (origin or "").split(", ")[0]


def _by(change: dict[str, Any]) -> str:
    if change["action"] == "edit":
        return "`clex evidence edit`"
    if change["action"] == "undo":
        return "`clex import undo`"
    return f"the import of {_file(change['origin'])}"
