"""The review trail: status changes and the auditor's export.

Every status change goes through `review` (or an import with review columns) and is
appended to `review_log`; nothing here updates or deletes a log row. The export writes
the version and the last review of each record, so a re-import can tell an auditor's
edit from a record that changed in the store in the meantime.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from .findings import Finding, UserDataError
from .models import STATUSES, Record
from .schema import evidence, review_log
from .store import Store, append_reviews, now, review_entry


def review(
    store: Store,
    cluster: str,
    ids: Sequence[str],
    *,
    status: str,
    reviewer: str,
    note: str | None = None,
) -> list[tuple[str, str, str]]:
    """Set the status of each record, appending one log entry each; all or nothing.

    Returns (id, old status, new status) for each record.
    """
    if status not in STATUSES:
        raise UserDataError(
            [Finding(message=f"unknown status {status!r}; use one of {', '.join(STATUSES)}")]
        )
    if not reviewer.strip():
        raise UserDataError([Finding(message="a review needs --reviewer NAME")])
    store.cluster(cluster)
    done = []
    with store.write() as conn:
        rows = {
            r.id: r
            for r in conn.execute(
                select(evidence.c.id, evidence.c.status, evidence.c.version).where(
                    evidence.c.cluster == cluster, evidence.c.id.in_(list(ids))
                )
            )
        }
        missing = [i for i in ids if i not in rows]
        if missing:
            raise UserDataError(
                [
                    Finding(record_id=i, message=f"no evidence record {i!r} in cluster {cluster!r}")
                    for i in missing
                ],
                "nothing was reviewed",
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
                )
            )
            conn.execute(
                evidence.update()
                .where(evidence.c.cluster == cluster, evidence.c.id == rid)
                .values(status=status, updated_at=now())
            )
            done.append((rid, row.status, status))
        append_reviews(conn, entries)
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
        versions = dict(
            conn.execute(
                select(evidence.c.id, evidence.c.version).where(evidence.c.cluster == cluster)
            ).all()
        )
        for row in conn.execute(
            select(review_log).where(review_log.c.cluster == cluster).order_by(review_log.c.seq)
        ):
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
