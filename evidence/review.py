"""The review trail: status changes by hand and the auditor's export.

Every status change goes through `review` (or a review import, `evidence.review_import`)
and is appended to `review_log`; nothing here updates or deletes a log row. The export
writes each record's digest (its content and status as exported,
`review_import.export_digest`) and its last review, so that a review import can tell
the auditor's verdict from a record that changed in the store in the meantime; with
`changed_since` it writes only the records whose state is not what an earlier export
(and the auditor's verdicts in it) left, the rows the auditor must redo (never a
withdrawn record's: it is out of the audit until the manager restores it). What a review
may set is checked in `validate` and `review_import` (four eyes, withdrawal); the
statements on the tables are the store's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection

from .findings import Finding, Location, UserDataError, errors
from .infile import not_a_file
from .models import STATUSES, WITHDRAWN, Record
from .review_import import (
    DRAFT_IS_THE_MANAGERS,
    export_digest,
    exported_state,
    four_eyes_message,
    is_author,
)
from .store import Store, as_utc, now, review_entry
from .validate import check_review


def review(
    store: Store,
    cluster: str,
    ids: Sequence[str],
    *,
    status: str,
    reviewer: str,
    note: str | None = None,
    at: datetime | None = None,
) -> list[tuple[str, str, str]]:
    """Set the status of each record, appending one log entry each; all or nothing.

    `at`: when the review was made (default: now). A scripted story (the demo, a test)
    records reviews on past dates this way, so that an assessment "as of" a date sees
    them or not as it would have then; a naive datetime is taken as UTC. Returns (id,
    old status, new status) for each record. Refused: a record's author verifying it
    (four eyes), setting or clearing `withdrawn` and setting `draft` (the manager's).
    """
    if at is not None:  # stored in UTC: SQLite keeps the wall time only
        at = as_utc(at)
    check_review(status, reviewer)
    if status == "draft":  # a record still being written is the manager's, not a verdict
        raise UserDataError([Finding(message=DRAFT_IS_THE_MANAGERS)], "nothing was reviewed")
    store.cluster(cluster)
    done = []
    with store.write() as conn:
        rows = store.statuses(conn, cluster, ids)
        missing = [i for i in ids if i not in rows]
        if missing:
            raise UserDataError(
                [
                    Finding(record_id=i, message=f"no evidence record {i!r} in cluster {cluster!r}")
                    for i in missing
                ],
                "nothing was reviewed",
            )
        _refuse(store, conn, cluster, ids, rows, status, reviewer)
        entries = []
        for rid in dict.fromkeys(ids):
            row = rows[rid]
            entries.append(
                review_entry(
                    cluster=cluster,
                    record_id=rid,
                    reviewer=reviewer.strip(),
                    old=row.status,
                    new=status,
                    note=note,
                    version=row.version,
                    at=at,
                )
            )
            store.set_status(conn, cluster, rid, status)
            done.append((rid, row.status, status))
        store.append_reviews(conn, entries)
    return done


def _refuse(
    store: Store,
    conn: Connection,
    cluster: str,
    ids: Sequence[str],
    rows: dict[str, object],
    status: str,
    reviewer: str,
) -> None:
    """Raise listing every record the review may not change (withdrawn, four eyes)."""
    problems = [
        Finding(
            record_id=i,
            message=f"{i} is withdrawn by the manager: `clex evidence restore {i}` first",
        )
        for i in dict.fromkeys(ids)
        if getattr(rows[i], "status", None) == WITHDRAWN
    ]
    if status == "verified":
        authors = store.authors(conn, cluster, ids)
        titles = {r.id: r.title for r in store.records_in(conn, cluster, ids).values()}
        problems += [
            Finding(record_id=i, message=four_eyes_message(reviewer.strip(), i, titles[i]))
            for i in dict.fromkeys(ids)
            if is_author(reviewer, authors[i])
        ]
    if problems:
        raise UserDataError(problems, "nothing was reviewed")


def export(store: Store, cluster: str, path: Path, *, changed_since: Path | None = None) -> int:
    """Write the records of the cluster to a workbook an auditor can review; returns how
    many. `changed_since`: an earlier export (reviewed or not); only the records whose
    state differs from what it left are written (see `_redo`)."""
    from .workbook import exported_at_of, write_export

    store.cluster(cluster)
    old = _exported_rows(changed_since) if changed_since is not None else None
    last: dict[str, tuple[str, str]] = {}
    at = now()
    with store.read() as conn:
        ids = list(store.versions(conn, cluster))
        records = store.records_in(conn, cluster, ids)
        states = store.stored_states(conn, cluster, ids)
        digests = {i: export_digest(cluster, i, s["sha"], s["status"]) for i, s in states.items()}
        if old is not None:
            assert changed_since is not None
            when = exported_at_of(changed_since)
            # a record not in the earlier export: new since, or changed since (else it
            # was left out of a partial export, `--changed-since` itself)
            recent = store.updated_since(conn, cluster, when) if when else set(states)
            keep = _redo(store, conn, cluster, old, states, digests, recent)
            # a withdrawn record is the manager's, out of the audit: nothing to redo
            keep = {i for i in keep if states[i]["status"] != WITHDRAWN}
            records = {i: r for i, r in records.items() if i in keep}
        texts: dict[str, str] = {}
        for row in store.reviews(conn, cluster):
            texts[row.record_id] = (
                f"{row.at:%Y-%m-%d} {row.reviewer}: {row.old_status or 'new'} -> "
                f"{row.new_status}" + (f" ({row.note})" if row.note else "")
            )
    for rid in records:
        last[rid] = (digests[rid], texts.get(rid, ""))
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for rec in sorted(records.values(), key=lambda r: (r.kind, r.start, r.id)):
        by_kind[rec.kind].append(rec)
    write_export(path, by_kind, last, exported_at=at)  # whole or not at all
    return len(records)


def _redo(
    store: Store,
    conn: Connection,
    cluster: str,
    old: dict[str, tuple[str | None, str | None]],
    states: dict[str, dict[str, object]],
    digests: dict[str, str],
    recent: set[str],
) -> set[str]:
    """The ids the auditor must (re)do after the export `old` (id -> (digest, status in
    the file)): records not in it that are `recent` (created or changed since it was
    written), and those in it whose digest there matches no state, or whose state now is
    neither the one exported nor the one the auditor's verdict in the file made of it
    (the content as exported, the file's status)."""
    stale = [i for i in states if i in old and old[i][0] and old[i][0] != digests[i]]
    earlier = store.earlier_versions(conn, cluster, stale) if stale else {}
    out = set()
    for rid, st in states.items():
        if rid not in old:
            if rid in recent:
                out.add(rid)
            continue
        digest, file_status = old[rid]
        if digest == digests[rid]:
            continue
        then = (
            exported_state(
                digest,
                cluster,
                rid,
                (int(str(st["version"])), str(st["sha"])),
                earlier.get(rid, ()),
            )
            if digest
            else None
        )
        if then is not None and (then.sha, file_status or then.status) == (st["sha"], st["status"]):
            continue
        out.add(rid)
    return out


def _exported_rows(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """id -> (digest, status) of each row of an exported workbook; refused when it has
    no digest column (not a workbook `clex evidence export` wrote)."""
    from .readers import read_rows

    why = not_a_file(path)
    if why is not None:  # a folder or /dev/zero was "no such file" too
        message = f"{why}; --changed-since takes an earlier export"
        raise UserDataError([Finding(file=str(path), message=message)], f"{path}: {message}")
    findings: list[Finding] = []
    out: dict[str, tuple[str | None, str | None]] = {}
    with_digest = False
    for row in read_rows(path, kind=None, findings=findings):
        if isinstance(row, Record):
            continue
        cells = {k: v for k, (_, v) in row.cells.items()}
        rid = str(cells.get("id") or "").strip()
        digest = str(cells.get("digest") or "").strip() or None
        with_digest = with_digest or "digest" in cells
        status = str(cells.get("status") or "").strip().casefold().replace(" ", "_") or None
        if rid:
            out[rid] = (digest, status if status in STATUSES else None)
    if errors(findings):
        raise UserDataError(findings, f"{path} cannot be read as an earlier export")
    if not with_digest:
        raise UserDataError(
            [
                Finding(
                    file=str(path),
                    location=Location(column="digest"),
                    message="no digest column: --changed-since compares with a workbook "
                    "`clex evidence export` wrote",
                )
            ]
        )
    return out
