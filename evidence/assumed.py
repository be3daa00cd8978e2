"""Values an importer set without its source stating them, as the record's note says.

Why: the page importer must give every event a role (the field is required), and where
the page does not say it, it sets `participant` and says so in the draft's note ("Role
not stated in the text; set to participant, please check."). The assessment then took
that value for a fact: a near miss that fails a condition saying what a record is (a
role, a format) is "another thing, not a miss" (`assessment.why_not`), so the cluster's
own general assembly, read as attended, was named by no indicator. A value nobody stated
says nothing about what the record is; the near miss is where it is checked.

The note is the carrier: it is what the manager reads and what an auditor sees beside
the record, and it holds the field and the value together. The fact lasts as long as
both do: a manager who edits the field (the value no longer is the one the note names)
or deletes the sentence has checked it. `said_sql` is that test in SQL, for one field,
against the record's current value; `assumed_value` reads it back for a record's words.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, String, cast, func, literal

from .schema import evidence

_TAIL = ", please check."


def _label(field: str) -> str:
    """The field as the note's sentence starts with it ("Role", "Members involved")."""
    return field.replace("_", " ").capitalize()


def _head(field: str) -> str:
    return f"{_label(field)} not stated in the text; set to "


def assumed_note(field: str, value: object) -> str:
    """The note's sentence for a `field` the importer set to `value` unstated."""
    return f"{_head(field)}{value}{_TAIL}"


def assumed_value(notes: str | None, field: str) -> str | None:
    """The value the note says the importer set `field` to, or None."""
    if not notes:
        return None
    m = re.search(re.escape(_head(field)) + r"(.+?)" + re.escape(_TAIL), notes)
    return m.group(1) if m else None


def said_sql(field: str) -> ColumnElement[bool]:
    """Whether a record's `field` still holds the value its note says the importer set
    unstated (NULL, not true, for a record without a value: nothing was set).

    A plain substring test, as `assumed_value` reads it: not LIKE, in which the `_` of a
    value (`study_visit`) matches any character ("set to study visit" by hand) and which
    SQLite compares without case; replace() finds the sentence exactly on every dialect."""
    value = cast(evidence.c[field], String)
    sentence = literal(_head(field)) + value + literal(_TAIL)
    return func.replace(evidence.c.notes, sentence, "") != evidence.c.notes
