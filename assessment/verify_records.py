"""What became of a snapshot's records since it was taken, and which reviews came since.

Why a module of its own: `clex verify` re-derives the scores (`assessment.verify`), but
an auditor also needs to know why they moved, record by record, and what happened to
the evidence that did not move any number: a record withdrawn after the snapshot's date
still counts in a re-derivation as of that date, a strategy PDF replaced on disk
changes no digest in the store. So each record the snapshot cites is compared with the
store (content, status now, still there) and its attachment file is hashed again in the
workspace, and the review log is read once and grouped (by new status and reviewer).

Statuses as they stood: the re-derivation reads a record's status at the end of the
snapshot's date (`evidence.store.status_at`). A cited record whose status then is not
the snapshot's was changed by a review dated on or before that day which the snapshot
did not see: a difference. Reviews after that day are information only.
Withdrawal is the manager's housekeeping (status `withdrawn`, logged like any status
change): it is reported as the record's change, never as a review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence.findings import Finding, Location
from evidence.models import WITHDRAWN
from evidence.store import Store, aware, end_of_day
from evidence.validate import file_sha256

from .snapshot import EvidenceRef, Snapshot
from .verify_report import FieldChange, RecordChange, ReviewGroup

_NOT_CONTENT = {"id", "cluster", "kind", "status", "source"}
_IN_CHUNK = 500


@dataclass
class RecordsSince:
    """`records`: the cited records not as they were; `reviews`: status changes the
    snapshot should have seen (dated on or before its date); `later_reviews`: those
    after it; `findings`: one difference per changed record and per unseen review."""

    records: list[RecordChange] = field(default_factory=list)
    reviews: list[ReviewGroup] = field(default_factory=list)
    later_reviews: list[ReviewGroup] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def records_since(
    store: Store, snap: Snapshot, *, file: str, workspace: Path | None
) -> RecordsSince:
    """The cited records not as they were and the reviews since the snapshot (see the
    module's docstring); attachment files hashed again in `workspace` unless None."""
    cluster = snap.cluster.slug
    ids = [r.id for r in snap.evidence]
    now = store.digests(cluster, ids)  # id -> (content digest, status now)
    with store.read() as conn:
        log = [dict(r._mapping) for r in store.reviews(conn, cluster)]
    out = RecordsSince(records=_record_changes(store, snap, now, log, workspace))
    out.findings = [_finding(file, c.id, c.message) for c in out.records]
    gone = {c.id for c in out.records if c.what in ("removed", "withdrawn")}
    out.reviews, unseen = _unseen_reviews(store, snap, log, gone)
    out.findings.extend(_finding(file, rid, message) for rid, message in unseen)
    out.later_reviews = _later_reviews(log, end_of_day(snap.created))
    return out


def _record_changes(
    store: Store,
    snap: Snapshot,
    now: dict[str, tuple[str, str]],
    log: list[dict[str, Any]],
    workspace: Path | None,
) -> list[RecordChange]:
    """Each cited record removed, withdrawn or changed (in the snapshot's order), then
    each whose attachment file is not the one the snapshot saw."""
    there = [r for r in snap.evidence if r.id in now and now[r.id][1] != WITHDRAWN]
    changed = [r for r in there if now[r.id][0] != r.content_sha256]
    with_file = [r for r in there if workspace is not None and r.attachment_sha256]
    wanted = sorted({r.id for r in changed + with_file})
    current = {
        rec.id: rec.model_dump(mode="json")
        for rec in (store.records(snap.cluster.slug, ids=wanted) if wanted else [])
    }
    earlier = _versions_seen(store, snap.cluster.slug, changed)
    last_withdrawal = {e["record_id"]: e for e in log if e["new_status"] == WITHDRAWN}
    out: list[RecordChange] = []
    for ref in snap.evidence:
        found = now.get(ref.id)
        if found is None:
            out.append(
                RecordChange(
                    id=ref.id,
                    title=ref.title,
                    what="removed",
                    message=f"record {ref.id} ({ref.title}) was removed from the store",
                )
            )
        elif found[1] == WITHDRAWN:
            out.append(_withdrawn(ref, last_withdrawal.get(ref.id), found[0]))
        elif found[0] != ref.content_sha256:
            out.append(_changed(ref, earlier.get(ref.id), current.get(ref.id)))
    for ref in with_file:
        assert workspace is not None
        change = _attachment(ref, current.get(ref.id), workspace)
        if change is not None:
            out.append(change)
    return out


def _unseen_reviews(
    store: Store, snap: Snapshot, log: list[dict[str, Any]], gone: set[str]
) -> tuple[list[ReviewGroup], list[tuple[str, str]]]:
    """Cited records whose status at the end of the snapshot's date is not the one the
    snapshot recorded: grouped by the review that set it, and (id, message) for each."""
    cutoff = end_of_day(snap.created)
    then = store.digests(snap.cluster.slug, [r.id for r in snap.evidence], at=cutoff)
    unseen = {
        r.id: r
        for r in snap.evidence
        if r.id in then and r.id not in gone and then[r.id][1] != r.status
    }
    if unseen:  # one entered after the date stands as withdrawn then: no review of it
        with store.read() as conn:
            entered = store.entered_on(conn, snap.cluster.slug, unseen)
        unseen = {i: r for i, r in unseen.items() if i not in entered or entered[i] < cutoff}
    last = {e["record_id"]: e for e in log if e["record_id"] in unseen and aware(e["at"]) < cutoff}
    groups = _groups(
        ((rid, last.get(rid), ref.status, then[rid][1]) for rid, ref in sorted(unseen.items())),
        counted=True,
    )
    messages = []
    for rid, ref in sorted(unseen.items()):
        by = f" by {last[rid]['reviewer']}" if rid in last else ""
        messages.append(
            (
                rid,
                f"record {rid} ({ref.title}) was reviewed since the snapshot{by}, by a "
                f"review dated on or before {snap.created}: {ref.status} then, "
                f"{then[rid][1]} now",
            )
        )
    return groups, messages


def _later_reviews(log: list[dict[str, Any]], cutoff: datetime) -> list[ReviewGroup]:
    """The latest status change of each record after the snapshot's date, grouped (a
    record's creation and the manager's withdrawals and restores are not reviews)."""
    later: dict[str, dict[str, Any]] = {}
    for e in log:
        if (
            aware(e["at"]) >= cutoff
            and e["old_status"] is not None
            and e["old_status"] != e["new_status"]
            and WITHDRAWN not in (e["old_status"], e["new_status"])
        ):
            later[e["record_id"]] = e
    return _groups(
        ((rid, e, e["old_status"], e["new_status"]) for rid, e in sorted(later.items())),
        counted=False,
    )


def _finding(file: str, record_id: str, message: str) -> Finding:
    return Finding(
        file=file,
        location=Location(key=f"evidence {record_id}"),
        record_id=record_id,
        message=message,
    )


def _groups(
    items: Iterable[tuple[str, dict[str, Any] | None, str, str]], *, counted: bool
) -> list[ReviewGroup]:
    """(id, its latest review, status before, status after) grouped by (status after,
    reviewer): the largest group first, then by status and reviewer."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    for rid, entry, old, new in items:
        reviewer = entry["reviewer"] if entry else "unknown"
        groups.setdefault((new, reviewer), {})[rid] = old
    return [
        ReviewGroup(status=new, reviewer=who, counted=counted, ids=sorted(ids), before=ids)
        for (new, who), ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def _withdrawn(ref: EvidenceRef, entry: dict[str, Any] | None, sha: str) -> RecordChange:
    text = f"record {ref.id} ({ref.title}) was withdrawn"
    at = by = reason = None
    if entry is not None:
        at, by, reason = aware(entry["at"]), entry["reviewer"], entry["note"]
        text += f" on {at.date()} by {by}"
        if reason:
            text += f": {reason}"
    if sha != ref.content_sha256:
        text += "; its content changed too"
    text += " (`clex evidence restore` puts it back)"
    return RecordChange(
        id=ref.id, title=ref.title, what="withdrawn", message=text, at=at, by=by, reason=reason
    )


def _changed(
    ref: EvidenceRef, seen: dict[str, Any] | None, now: dict[str, Any] | None
) -> RecordChange:
    """A record whose content differs, with each field then and now when the store
    still holds the version the snapshot saw."""
    text = f"record {ref.id} ({ref.title}) changed after the snapshot"
    fields: list[FieldChange] = []
    if seen is not None and now is not None:
        for name in sorted((seen.keys() | now.keys()) - _NOT_CONTENT):
            a, b = _blank(seen.get(name)), _blank(now.get(name))
            if a != b:
                fields.append(FieldChange(field=name, then=a, now=b))
    if fields:
        text += ": " + "; ".join(
            f"{f.field} {_shown(f.then)} then, {_shown(f.now)} now" for f in fields
        )
    else:
        text += " (`clex evidence history` shows how)"
    return RecordChange(id=ref.id, title=ref.title, what="changed", message=text, fields=fields)


def _attachment(
    ref: EvidenceRef, now: dict[str, Any] | None, workspace: Path
) -> RecordChange | None:
    """The record's attachment file hashed again in the workspace, against the SHA-256
    the snapshot recorded; None when it is the same file. A file replaced through the
    store (a re-import with the new file) is its content change, not reported twice."""
    rel = (now or {}).get("attachment")
    if not rel:
        return None  # the store no longer names a file: that is its content change
    root = workspace.resolve()
    target = (root / rel).resolve()
    base = dict(id=ref.id, title=ref.title, file=str(rel), sha256_then=ref.attachment_sha256)
    who = f"record {ref.id} ({ref.title}): its attachment {rel}"
    if not target.is_relative_to(root):
        return RecordChange(
            **base, what="attachment missing", message=f"{who} is outside the workspace {root}"
        )
    if not target.is_file():
        return RecordChange(
            **base,
            what="attachment missing",
            message=f"{who} is not in the workspace {root} (give the folder with --workspace)",
        )
    sha = file_sha256(target)
    replaced_through_store = sha == (now or {}).get("attachment_sha256")
    if sha == ref.attachment_sha256 or replaced_through_store:
        return None
    return RecordChange(
        **base,
        what="attachment changed",
        sha256_now=sha,
        message=f"{who} changed since the snapshot (SHA-256 {str(ref.attachment_sha256)[:12]} "
        f"then, {sha[:12]} now)",
    )


def _versions_seen(
    store: Store, cluster: str, refs: Sequence[EvidenceRef]
) -> dict[str, dict[str, Any]]:
    """id -> the content (as JSON data) of the latest earlier version whose digest is the
    one the snapshot recorded, for the records whose content changed since."""
    wanted = {r.id: r.content_sha256 for r in refs}
    out: dict[str, dict[str, Any]] = {}
    with store.read() as conn:
        earlier = store.earlier_versions(conn, cluster, sorted(wanted))
    for rid, versions in earlier.items():
        for _version, sha, data in versions:  # oldest first: the latest match wins
            if sha == wanted[rid]:
                out[rid] = data
    return out


def _blank(value: Any) -> Any:
    return None if value in ("", [], (), None) else value


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 64 and _is_digest(value):
        return value[:12]
    if isinstance(value, list):
        return "'" + ", ".join(map(str, value)) + "'"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _is_digest(value: str) -> bool:
    """A SHA-256 in hex (an attachment's digest): shown by its first 12 digits."""
    return all(c in "0123456789abcdef" for c in value)
