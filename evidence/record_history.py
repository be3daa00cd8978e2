"""A record's history as one chronological list: content and status changes alike.

Why a module of its own: the store keeps a record's story in two append-only logs, the
change log (what a field held before and after, and where the new value came from) and
the review log (how its status moved, with the reviewer's note); an auditor and a
manager want one list, oldest first, each line saying when, who, what happened (created,
field changed, status old -> new, withdrawn, restored, undone), the field, old -> new,
from which file or command, and the note. `clex evidence history` prints it, `--json`
gives it whole; the earlier versions a store kept before the change log existed
(`evidence_versions`) come along in the JSON.
"""

from __future__ import annotations

import json
from typing import Any

from .models import WITHDRAWN
from .store import Store

_WHAT = {"create": "created", "update": "changed", "edit": "changed", "undo": "undone"}


def _text(value: str | None) -> str:
    """A change log value (JSON text) as a person reads it."""
    if value is None:
        return ""
    data = json.loads(value)
    if isinstance(data, list):
        return ", ".join(map(str, data))
    return str(data)


def record_history(
    store: Store, cluster: str, record_id: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(entries oldest first, earlier versions) of one record; see the module."""
    reviews, versions = store.history(cluster, record_id)  # says when the id is unknown
    commands = {b["id"]: b["command"] for b in store.batch_list(cluster)}
    entries: list[tuple[Any, ...]] = []
    for c in store.record_changes(cluster, record_id):
        entry = {
            "at": c["at"],
            "who": c["actor"],
            "what": _WHAT.get(c["action"], c["action"]),
            "field": c["field"],
            "old": None if c["old"] is None else json.loads(c["old"]),
            "new": None if c["new"] is None else json.loads(c["new"]),
            "old_text": _text(c["old"]),
            "new_text": _text(c["new"]),
            "from": c["origin"],
            "note": None,
            "batch": c["batch"],
        }
        # after the review entries written before its batch, before the batch's own
        entries.append((c["review_seq"], 1, c["seq"], entry))
    for r in reviews:
        old, new = r["old_status"], r["new_status"]
        if new == WITHDRAWN and old != WITHDRAWN:
            what = "withdrawn"
        elif old == WITHDRAWN and new != WITHDRAWN:
            what = "restored"
        else:
            what = "status"
        batch = r.get("batch")
        entry = {
            "at": r["at"],
            "who": r["reviewer"],
            "what": what,
            "field": "status",
            "old": old,
            "new": new,
            "old_text": old or "",
            "new_text": new,
            "from": commands.get(batch) if batch is not None else None,
            "note": r["note"],
            "batch": batch,
        }
        entries.append((r["seq"], 0, 0, entry))
    # the logs' own order, not their times: two entries of one second stay in order
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    return [e[3] for e in entries], versions


def last_change(store: Store, cluster: str, record_id: str) -> str:
    """The record's latest entry as one line ("2026-12-02 10:00 Eva: title changed")."""
    entries, _ = record_history(store, cluster, record_id)
    if not entries:
        return ""
    e = entries[-1]
    what = e["what"]
    if what == "changed":
        what = f"{e['field']} changed"
    elif what == "status" and not e["old_text"]:
        what = f"created as {e['new_text']}"
    elif what == "status":
        what = f"status {e['old_text']} -> {e['new_text']}"
    when = e["at"].strftime("%Y-%m-%d %H:%M") if hasattr(e["at"], "strftime") else e["at"]
    source = f" ({e['from']})" if e["from"] else ""
    return f"{when} {e['who']}: {what}{source}"
