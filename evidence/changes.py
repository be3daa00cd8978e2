"""The manager's housekeeping: edit a field, withdraw and restore a record, undo a batch.

Why a module of its own: an import changes records a file names; these change records
the manager names, and every one of them must be as safe as an import (all or nothing,
every problem listed, the same value rules), logged field by field in the change log
and reversible. Nothing here deletes: a record is withdrawn (a status, through the
review log, so that statuses "as of" a date still work and no assessment counts it), an
edit keeps the earlier version, an undo is itself a batch that can be undone.

Each function opens one write transaction, starts one batch (`Store.start_batch`) and
writes through the store's methods; `evidence.ingest` uses `field_diffs` for the field
rows an import writes.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .findings import Finding, Location, UserDataError
from .importchecks import Diff, end_given
from .messages import M, Msg, Text
from .models import WITHDRAWN, Record, derive_id, kind_fields, make_record
from .readers import RawRow
from .readers.rows import ALIASES
from .reinstate import comes_back, for_edit, for_restore, for_undo, overlapping_members
from .store import Store, content_sha256, field_changes, json_value, now, review_entry
from .validate import validate_row

EDIT_ORIGIN = "clex evidence edit"
NOT_CONTENT = frozenset({"source", "status", "id", "cluster", "kind"})
NOT_EDITABLE = {
    "id": "the id names the record; it cannot change",
    "kind": "the kind cannot change: withdraw the record and import it as the right kind",
    "cluster": "the cluster cannot change",
    "status": "the status is the auditor's (`clex evidence review`); withdrawing is "
    "`clex evidence withdraw ID --reason ...`",
    "attachment_sha256": "the attachment's digest is computed: edit attachment instead",
    "source": "the source is where the record was first imported from",
}

REVIEW_IS_CHANGED_BY_A_REVIEW = "a review is changed by another review: `clex evidence review`"


def field_diffs(old: Record, new: Record) -> list[Diff]:
    """The content fields whose values differ between two versions of a record."""
    a = old.model_dump(mode="json", exclude=set(NOT_CONTENT))
    b = new.model_dump(mode="json", exclude=set(NOT_CONTENT))
    out = []
    for name in dict.fromkeys([*a, *b]):
        x, y = _empty(a.get(name)), _empty(b.get(name))
        if x != y:
            out.append((name, x, y))
    return out


def _empty(value: Any) -> Any:
    return None if value in ((), [], "") else value


@dataclass
class Done:
    """What a command changed: its batch and, per record, a line for the user: a message
    (`evidence.messages.Msg`, said in the reader's language) or a field's change, which
    is data (`show_diff`). `warnings`: what the user must check after the change, each
    also a "warning: ..." line, apart so that a reader without the lines (the web page)
    shows them too."""

    batch: int | None
    lines: list[Text] = field(default_factory=list)
    diffs: dict[str, list[Diff]] = field(default_factory=dict)
    warnings: list[Msg] = field(default_factory=list)


def _refuse(findings: list[Finding], summary: str) -> None:
    if findings:
        raise UserDataError(findings, summary)


# -- edit ------------------------------------------------------------------------------
def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """`field=value` arguments as a dict; every malformed one is listed."""
    out: dict[str, str] = {}
    problems = []
    for item in items:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not name:
            problems.append(Finding(message=f"{item!r}: write FIELD=VALUE, e.g. title='New title'"))
        elif name in out:
            problems.append(Finding(message=f"{name} is given twice"))
        else:
            out[name] = value
    _refuse(problems, "nothing was changed")
    return out


def field_name(name: str, fields: Mapping[str, Any]) -> str:
    """The field a name given to an edit stands for: a template's column name is read as
    the field it heads (a member's "joined" is its `start`: `readers.rows.ALIASES`, as an
    import reads a header), so `clex evidence edit ID joined=2019-01-01` is not "member
    records have no field"."""
    alias = ALIASES.get(name)
    return alias if alias is not None and name not in fields and alias in fields else name


def edit(
    store: Store,
    cluster: str,
    record_id: str,
    values: Mapping[str, str],
    *,
    actor: str,
    command: str,
    workspace: Path | None = None,
) -> Done:
    """Change fields of one record, the values read as an import reads cells (so
    "31.3.2024", "yes", "12,5" work) and held to every rule an import applies. A
    verified record goes back to submitted, as after an import that changes it."""
    store.cluster(cluster)
    record, _ = store.record(cluster, record_id)
    fields = kind_fields(record.kind)
    where = Location(key=record_id)
    problems = []
    named: dict[str, list[str]] = {}
    for name in values:
        named.setdefault(field_name(name, fields), []).append(name)
    for target, names in named.items():
        if len(names) > 1:  # start=... joined=...: one would win unsaid
            problems.append(
                Finding(
                    location=where,
                    message=f"{' and '.join(names)} are both {target}: give it once",
                )
            )
    values = {field_name(name, fields): value for name, value in values.items()}
    for name in values:
        if name in NOT_EDITABLE:
            problems.append(Finding(location=where, message=f"{name}: {NOT_EDITABLE[name]}"))
        elif name not in fields:
            editable = [f for f in fields if f not in NOT_EDITABLE]
            problems.append(
                Finding(
                    location=where,
                    message=f"{record.kind} records have no field {name!r}; their fields: "
                    + ", ".join(editable),
                )
            )
    _refuse(problems, "nothing was changed")
    current = record.model_dump(mode="python", exclude=set(NOT_CONTENT) | {"attachment_sha256"})
    if "attachment" not in values:
        current.pop("attachment", None)
    cells: dict[str, tuple[str, Any]] = {
        name: (name, value) for name, value in current.items() if name in fields
    }
    cells["id"] = ("id", record.id)
    cells.update((name, (name, value)) for name, value in values.items())
    row = RawRow(file=record_id, sheet=None, row=0, kind=record.kind, cells=cells)
    findings: list[Finding] = []
    checked = validate_row(
        row, cluster, (workspace or Path.cwd()).resolve(), findings, store.cluster(cluster).country
    )
    if findings or checked.record is None:
        located = [
            Finding(file=record_id, location=Location(column=f.location.column), message=f.message)
            for f in findings
        ]
        raise UserDataError(located, "nothing was changed")
    new = checked.record
    keep: dict[str, Any] = {"source": record.source, "status": record.status}
    if "attachment" not in values:
        keep.update(attachment=record.attachment, attachment_sha256=record.attachment_sha256)
    new = new.model_copy(update=keep)
    diffs = field_diffs(record, new)
    if not diffs:
        return Done(batch=None, lines=[M("{id}: nothing changed", id=record_id)])
    done = Done(batch=None)
    with store.write() as conn:
        store.lock_cluster(conn, cluster)
        stored = store.stored_records(conn, cluster, [record_id])
        before, version = stored[record_id]
        if before.status == WITHDRAWN:
            raise UserDataError(
                [Finding(location=where, message=_withdrawn_message(record_id))],
                "nothing was changed",
            )
        if comes_back(before, new):  # its org_id or days: one organisation at a time
            _refuse(
                overlapping_members(store, conn, cluster, [new], for_edit), "nothing was changed"
            )
        twin = _same_key(store, conn, cluster, before, new)
        if twin is not None:
            raise UserDataError([Finding(location=where, message=twin)], "nothing was changed")
        batch = done.batch = store.start_batch(
            conn, cluster, actor=actor, action="edit", command=command
        )
        at = now()
        status = before.status
        entries = []
        if status == "verified":
            entries.append(
                review_entry(
                    cluster=cluster,
                    record_id=record_id,
                    reviewer=actor,
                    old=status,
                    new="submitted",
                    note=f"content changed by {EDIT_ORIGIN}; review again",
                    version=version + 1,
                    at=at,
                    batch=batch,
                )
            )
            status = "submitted"
        new = new.model_copy(update={"status": status})
        store.replace_record(
            conn,
            cluster,
            new,
            version=version + 1,
            sha=content_sha256(new),
            import_id=None,
        )
        rows = field_changes(
            diffs,
            cluster=cluster,
            record_id=record_id,
            batch=batch,
            at=at,
            actor=actor,
            action="edit",
            origin=EDIT_ORIGIN,
        )
        store.append_changes(conn, rows)
        store.append_reviews(conn, entries)
    done.diffs[record_id] = diffs
    done.lines = [f"{record_id}: {show_diff(d)}" for d in diffs]
    if (ended := end_given(new, diffs)) is not None:  # as an import warns (importchecks)
        done.warnings.append(ended)
        done.lines.append(M("warning: {message}", message=ended))
    if entries:
        done.lines.append(
            M("{id}: verified -> submitted (content changed; review again)", id=record_id)
        )
    return done


def norm(value: Any) -> str:
    """A key value as `models.derive_id` compares it: NFKC, casefolded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def _same_key(store: Store, conn: Any, cluster: str, before: Record, new: Record) -> str | None:
    """Why an edit may not give a record the natural key of another stored record of its
    kind (the duplicate rule an import applies: two records would name one thing). A
    member with an org_id is one organisation at a time, asked of `evidence.reinstate`
    as a restore and an undo ask it (it may have left and joined again)."""
    fields = new.key_fields()
    if getattr(new, "org_id", None):
        return None
    if [getattr(new, f) for f in fields] == [getattr(before, f) for f in before.key_fields()]:
        return None
    others: list[tuple[str, str, Any]] = []
    twin = derive_id(new.model_copy(update={"id": ""}))
    stored = store.stored_states(conn, cluster, [twin]) if twin != new.id else {}
    if twin in stored and stored[twin]["status"] != WITHDRAWN:
        others.append((twin, "", None))
    if set(fields) <= {"title", "start"}:
        mine = tuple(norm(getattr(new, f)) for f in fields)
        for rid, _, title, start in store.key_candidates(conn, cluster, [new.kind]):
            values = {"title": title, "start": start}
            if rid != new.id and tuple(norm(values[f]) for f in fields) == mine:
                others.append((rid, title, start))
    if not others:
        return None
    rid, title, start = others[-1]
    shown = f" ({title!r}, {start})" if start is not None else f" ({title!r})" if title else ""
    return (
        f"same {', '.join(fields)} as {rid}{shown}: two {new.kind} records would name one "
        f"thing; correct or withdraw one of them (`clex evidence withdraw {rid} --reason ...`)"
    )


def _show(value: Any) -> str:
    """A value as the user reads it in a diff."""
    if value is None:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(empty)"
    return repr(value) if isinstance(value, str) else str(value)


def show_diff(diff: Diff) -> str:
    """One field's change as the user reads it: "title: 'A' -> 'B'"."""
    name, old, new = diff
    return f"{name}: {_show(old)} -> {_show(new)}"


def show_value(text: str | None) -> str:
    """A change log value (JSON text) as the user reads it."""
    return _show(None if text is None else json.loads(text))


def _withdrawn_message(record_id: str) -> str:
    return f"{record_id} is withdrawn: `clex evidence restore {record_id}` first"


# -- withdraw and restore --------------------------------------------------------------
def withdraw(
    store: Store,
    cluster: str,
    ids: Sequence[str],
    *,
    reason: str,
    actor: str,
    command: str,
) -> Done:
    """Withdraw records (status `withdrawn`, the reason as the review log's note): they
    stop counting; `restore` puts back the status each had."""
    if not reason.strip():
        raise UserDataError([Finding(message="say why: --reason TEXT")], "nothing was withdrawn")
    return _set_statuses(
        store, cluster, ids, actor=actor, command=command, restore=False, note=reason
    )


def restore(
    store: Store,
    cluster: str,
    ids: Sequence[str],
    *,
    reason: str | None,
    actor: str,
    command: str,
) -> Done:
    """Put withdrawn records back to the status each had before it was withdrawn."""
    return _set_statuses(
        store, cluster, ids, actor=actor, command=command, restore=True, note=reason or None
    )


def _set_statuses(
    store: Store,
    cluster: str,
    ids: Sequence[str],
    *,
    actor: str,
    command: str,
    restore: bool,
    note: str | None,
) -> Done:
    store.cluster(cluster)
    ids = list(dict.fromkeys(ids))
    verb = "restored" if restore else "withdrawn"
    with store.write() as conn:
        store.lock_cluster(conn, cluster)
        rows = store.statuses(conn, cluster, ids)
        problems = []
        for rid in ids:
            row = rows.get(rid)
            if row is None:
                problems.append(
                    Finding(
                        location=Location(key=rid),
                        message=f"no evidence record {rid!r} in cluster {cluster!r}",
                    )
                )
            elif restore and row.status != WITHDRAWN:
                problems.append(
                    Finding(location=Location(key=rid), message=f"{rid} is not withdrawn")
                )
            elif not restore and row.status == WITHDRAWN:
                problems.append(
                    Finding(location=Location(key=rid), message=f"{rid} is already withdrawn")
                )
        _refuse(problems, f"nothing was {verb}")
        if restore:  # a member back in the count: one organisation at a time
            back = [r for r, _ in store.stored_records(conn, cluster, ids).values()]
            clash = overlapping_members(store, conn, cluster, back, for_restore)
            _refuse(clash, "nothing was restored")
        before = store.status_before_withdrawal(conn, cluster, ids) if restore else {}
        batch = store.start_batch(
            conn, cluster, actor=actor, action="restore" if restore else "withdraw", command=command
        )
        done = Done(batch=batch)
        at = now()
        entries = []
        for rid in ids:
            old = rows[rid].status
            new = before.get(rid, "submitted") if restore else WITHDRAWN
            store.set_status(conn, cluster, rid, new)
            entries.append(
                review_entry(
                    cluster=cluster,
                    record_id=rid,
                    reviewer=actor,
                    old=old,
                    new=new,
                    note=note,
                    version=rows[rid].version,
                    at=at,
                    batch=batch,
                )
            )
            done.lines.append(f"{rid}: {old} -> {new}")
        store.append_reviews(conn, entries)
    return done


# -- undo ------------------------------------------------------------------------------
def _located(record_id: str, exc: ValidationError) -> list[Finding]:
    """A record's validation errors as findings, one per field, for the user to read
    (pydantic's own text names types and URLs: never printed as it is)."""
    out = []
    for err in exc.errors():
        column = ".".join(str(part) for part in err.get("loc", ()) if not isinstance(part, int))
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        out.append(
            Finding(
                location=Location(key=record_id, column=column or None),
                message=f"the earlier value cannot be put back: {message}",
                record_id=record_id,
            )
        )
    return out


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction writes nothing."""

    def __init__(self, done: Done) -> None:
        self.done = done


def undo(store: Store, batch_id: int, *, actor: str, command: str, dry_run: bool = False) -> Done:
    """Reverse a batch: records it created are withdrawn, records it changed get their
    values from before it back, its status changes are reversed. Refused, every record
    named, when a later change touched one of them. The undo is a batch of its own, so
    undoing it applies the batch again. `dry_run`: what it would change, in a transaction
    that is rolled back (its batch is then None)."""
    try:
        return _undo(store, batch_id, actor=actor, command=command, dry_run=dry_run)
    except _DryRun as done:
        return done.done


def _circle(batch_id: int, chain: list[int]) -> str:
    """ "batch 3 was undone by 4 and re-applied by 5: undo 5"."""
    steps = [f"{'undone' if i % 2 == 0 else 're-applied'} by {b}" for i, b in enumerate(chain)]
    said = ", ".join(steps[:-1]) + (" and " if len(steps) > 1 else "") + steps[-1]
    last = chain[-1]
    if len(chain) % 2 == 0:
        return f"batch {batch_id} was {said}: undo {last}"
    return f"batch {batch_id} was {said}: `clex import undo {last}` applies it again"


def _undo(store: Store, batch_id: int, *, actor: str, command: str, dry_run: bool) -> Done:
    with store.write() as conn:
        batch = store.batch_row(conn, batch_id)
        cluster = batch.cluster
        store.lock_cluster(conn, cluster)
        reviewer = store.batch_reviewer(conn, batch_id)
        if reviewer is not None:
            raise UserDataError(
                [
                    Finding(
                        message=f"batch {batch_id} is a review import by {reviewer}: "
                        f"{REVIEW_IS_CHANGED_BY_A_REVIEW}"
                    )
                ],
                "nothing was undone",
            )
        change_rows, review_rows = store.batch_entries(conn, batch_id)
        ids = list(dict.fromkeys([r.record_id for r in change_rows + review_rows]))
        if not ids:
            raise UserDataError(
                [Finding(message=f"batch {batch_id} changed no record: nothing to undo")],
                "nothing was undone",
            )
        by: set[int | None] = set()
        later = store.touched_after(conn, cluster, ids, batch, by)
        chain = store.undo_chain(conn, batch_id) if later else []
        if later and chain and by <= set(chain):
            raise UserDataError([Finding(message=_circle(batch_id, chain))], "nothing was undone")
        if later:
            raise UserDataError(
                [
                    Finding(location=Location(key=rid), message="; ".join(what), record_id=rid)
                    for rid, what in later.items()
                ],
                f"cannot undo batch {batch_id}: {len(later)} of its record(s) changed after it; "
                "undo the later batches first (`clex import list`), or correct by hand",
            )
        created = {r.record_id for r in change_rows if r.action == "create"}
        fields: dict[str, list[Any]] = {}
        for r in change_rows:
            if r.field is not None:
                fields.setdefault(r.record_id, []).append(r)
        first_status: dict[str, str | None] = {}
        for r in review_rows:
            first_status.setdefault(r.record_id, r.old_status)
        stored = store.stored_records(conn, cluster, ids)
        new_batch = 0  # a dry run starts no batch (a sequence is not rolled back)
        if not dry_run:
            new_batch = store.start_batch(
                conn, cluster, actor=actor, action="undo", command=command, undoes=batch_id
            )
        done = Done(batch=new_batch)
        at = now()
        note = f"undo of batch {batch_id}"
        changes: list[tuple[Any, ...]] = []
        entries: list[dict[str, Any]] = []
        back: list[Record] = []  # members the undo puts back into the count
        gone: set[str] = set()
        for rid in ids:
            record, version = stored[rid]
            after = record
            if rid in fields:
                data = record.model_dump(mode="json")
                for r in reversed(fields[rid]):  # the first change's old value wins
                    data[r.field] = None if r.old is None else json.loads(r.old)
                data = {k: v for k, v in data.items() if v is not None}
                try:
                    restored = make_record(data)
                except ValidationError as exc:  # a rule added since; never expected
                    raise UserDataError(_located(rid, exc), "nothing was undone") from None
                diffs = field_diffs(record, restored)
                after = restored
                version += 1
                if not dry_run:
                    store.replace_record(
                        conn,
                        cluster,
                        restored,
                        version=version,
                        sha=content_sha256(restored),
                        import_id=None,
                    )
                changes.extend(
                    field_changes(
                        diffs,
                        cluster=cluster,
                        record_id=rid,
                        batch=new_batch,
                        at=at,
                        actor=actor,
                        action="undo",
                        origin=note,
                    )
                )
                done.diffs[rid] = diffs
                done.lines.extend(f"{rid}: {show_diff(d)}" for d in diffs)
            target = first_status.get(rid)
            if rid in created and target is None:
                target = WITHDRAWN
            if (target or record.status) == WITHDRAWN:
                gone.add(rid)
            elif comes_back(None if record.status == WITHDRAWN else record, after):
                back.append(after)
            if target is not None and target != record.status:
                if not dry_run:
                    store.set_status(conn, cluster, rid, target)
                entries.append(
                    review_entry(
                        cluster=cluster,
                        record_id=rid,
                        reviewer=actor,
                        old=record.status,
                        new=target,
                        note=note,
                        version=version,
                        at=at,
                        batch=new_batch,
                    )
                )
                done.lines.append(f"{rid}: {record.status} -> {target}")
        clash = overlapping_members(store, conn, cluster, back, for_undo(batch_id), gone)
        _refuse(clash, "nothing was undone")  # one organisation at a time; rolled back
        if dry_run:  # nothing was written; rolled back all the same
            done.batch = None
            raise _DryRun(done)
        store.append_changes(conn, changes)
        store.append_reviews(conn, entries)
    return done


__all__ = [
    "EDIT_ORIGIN",
    "Done",
    "edit",
    "field_diffs",
    "json_value",
    "parse_assignments",
    "restore",
    "show_diff",
    "show_value",
    "undo",
    "withdraw",
]
