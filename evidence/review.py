"""The review trail: status changes and the auditor's export.

Every status change goes through `review` (or an import with review columns) and is
appended to `review_log`; nothing here updates or deletes a log row. The export writes
the version and the last review of each record, so a re-import can tell an auditor's
edit from a record that changed in the store in the meantime. What a review may set is
checked in `validate`; the statements on the tables are the store's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from .findings import Finding, UserDataError
from .models import WITHDRAWN, Record
from .store import Store, review_entry
from .validate import WITHDRAW_BY_MANAGER, check_review


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
    old status, new status) for each record.
    """
    if at is not None:  # stored in UTC: SQLite keeps the wall time only
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    check_review(status, reviewer)
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
        withdrawn = [i for i in dict.fromkeys(ids) if rows[i].status == WITHDRAWN]
        if withdrawn:  # the manager's housekeeping, not a verdict (evidence.changes)
            raise UserDataError(
                [
                    Finding(record_id=i, message=f"{i} is withdrawn: {WITHDRAW_BY_MANAGER}")
                    for i in withdrawn
                ],
                "nothing was reviewed; `clex evidence restore ID` first",
            )
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


def export(store: Store, cluster: str, path: Path) -> int:
    """Write every record of the cluster to a workbook an auditor can review."""
    from .workbook import write_export

    records = store.records(cluster)
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        by_kind[rec.kind].append(rec)
    last: dict[str, tuple[int, str]] = {}
    with store.read() as conn:
        versions = store.versions(conn, cluster)
        for row in store.reviews(conn, cluster):
            text = (
                f"{row.at:%Y-%m-%d} {row.reviewer}: {row.old_status or 'new'} -> "
                f"{row.new_status}" + (f" ({row.note})" if row.note else "")
            )
            last[row.record_id] = (versions.get(row.record_id, 1), text)
    for rid, version in versions.items():
        last.setdefault(rid, (version, ""))
    tmp = path.with_name(path.name + ".part")
    write_export(tmp, by_kind, last)
    tmp.replace(path)  # never leave a half-written workbook under the real name
    return len(records)
