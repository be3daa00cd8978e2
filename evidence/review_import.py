"""What a review import decides: the auditor's workbook read back into the store.

An import with `--reviewer NAME` is the auditor's: the manager edits, the auditor
judges. So a review import changes statuses and review notes only, of records already
in the store, and each of its rows is held to these rules (every problem is listed, and
nothing is written while one is left):

- the row carries the digest `clex evidence export` wrote of the record's content and
  status as exported (`export_digest`). A row without one is refused, never silently
  read without conflict detection; a digest that matches no state the record ever had
  was edited (or copied from another row) and is refused too;
- a row whose record changed in the store after the export is a conflict, that row
  only, and the message names what changed ("the manager changed title since your
  export"); `--skip-conflicts` applies the other rows and lists these as warnings;
- a row whose content differs from the record as exported is refused with the field
  named: a review changes status and notes only (typing the current digest into a stale
  row therefore never writes its old values back);
- an id that is not in the store is refused: a typo never creates a record;
- four eyes: a reviewer among the record's authors (`Store.authors`: who created it or
  set it to submitted) cannot verify it; `evidence.review.review` holds the same rule;
- withdrawing is the manager's housekeeping: a review neither sets nor clears it, and
  the row of a withdrawn record is left alone (a warning when it asks for a change);
- a review sets verified, rejected, needs_info or submitted: `draft` is the manager's
  (a record still being written), so a review never sets it;
- the reviewer is `--reviewer NAME`: a `reviewer` cell naming someone else is refused
  (it would be silently ignored otherwise, and the log would name the wrong person);
- a row without an id is refused: a review names its records by the ids the export
  wrote and never creates one (the id a row's natural key makes is never used).

Why a module of its own: `evidence.ingest` is the manager's import (create, update);
it hands the rows of a review import here and writes what comes back, so the two kinds
of import share their reading, checking and transaction and differ only here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any, Protocol

from .findings import Finding, Location, Severity
from .models import STATUSES, WITHDRAWN, Record, person_key
from .store import content_sha256
from .workbook import header_label

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .store import Store

WITHDRAWING_IS_THE_MANAGERS = (
    "withdrawing is the manager's housekeeping: `clex evidence withdraw ID --reason ...`"
)
_NOT_CONTENT = frozenset({"source", "status", "id", "cluster", "kind"})
_EDIT_HINT = "a review changes status and notes only; the manager edits with `clex evidence edit`"
DRAFT_IS_THE_MANAGERS = (
    "draft is the manager's: a record still being written; a review sets verified, "
    "rejected, needs_info or submitted"
)


def export_digest(cluster: str, record_id: str, content_sha: str, status: str) -> str:
    """The digest an export writes of a record: its content (the stored content digest)
    and its status as exported, bound to its id, so a cell copied from another row, or
    typed, matches nothing. Short enough to sit in a cell; it is no secret, only a
    fingerprint of a state."""
    text = "\x1f".join((cluster, record_id, content_sha, status))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def exported_content_is_current(digest: str, cluster: str, record_id: str, sha: str) -> bool:
    """Whether `digest` was exported from a record whose content is the stored `sha`
    (with whatever status it had then)."""
    wanted = digest.strip().casefold()
    return any(export_digest(cluster, record_id, sha, s) == wanted for s in STATUSES)


class CheckedRow(Protocol):
    """What a review import reads of a checked row (`evidence.validate.CheckedRow`; a
    protocol here, as `validate` asks this module whether a digest is current)."""

    @property
    def record(self) -> Record | None: ...
    @property
    def where(self) -> str: ...
    @property
    def status(self) -> str | None: ...
    @property
    def reviewer(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def digest(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Exported:
    """The state of a record a digest names: its version, content digest and status then,
    and its content as JSON when it is an earlier version (None: the stored one)."""

    version: int
    sha: str
    status: str
    content: dict[str, Any] | None = None


def exported_state(
    digest: str,
    cluster: str,
    record_id: str,
    current: tuple[int, str],
    earlier: Sequence[tuple[int, str, dict[str, Any]]] = (),
) -> Exported | None:
    """The state `digest` was exported from: the stored content (`current` = (version,
    content digest)) or an earlier version's, with one of the statuses; None when it
    matches no state the record ever had."""
    wanted = digest.strip().casefold()
    version, sha = current
    for status in STATUSES:
        if export_digest(cluster, record_id, sha, status) == wanted:
            return Exported(version, sha, status)
    for old_version, old_sha, data in reversed(earlier):
        for status in STATUSES:
            if export_digest(cluster, record_id, old_sha, status) == wanted:
                return Exported(old_version, old_sha, status, data)
    return None


def is_author(who: str, authors: Iterable[str]) -> bool:
    """Whether `who` is one of `authors` (names compared as a person types them)."""
    me = person_key(who)
    return any(person_key(a) == me for a in authors)


def four_eyes_message(who: str, record_id: str, title: str) -> str:
    return (
        f"four eyes: {who} created, submitted or edited {record_id} ({title!r}), so cannot "
        "verify it; another reviewer verifies it"
    )


@dataclass(slots=True)
class Verdict:
    """What a review import does with one row: its record (with the status after the
    review), and the review entries (old, new, reviewer, note) it appends."""

    record: Record
    where: str
    version: int
    sha: str
    reviews: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    # (field, old, new) of what the review changes: status and review_note, so that a
    # `--dry-run` shows "status: 'submitted' -> 'verified'"
    diffs: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def action(self) -> str:
        return "review" if self.reviews else "unchanged"


def plan_reviews(
    store: Store,
    conn: Connection,
    cluster: str,
    rows: Sequence[CheckedRow],
    stored: dict[str, dict[str, Any]],
    reviewer: str,
    findings: list[Finding],
    *,
    skip_conflicts: bool = False,
    skipped: list[str] | None = None,
) -> list[Verdict]:
    """The verdicts of a chunk of a review import's valid rows; each refused row adds a
    finding (a conflict a warning with `skip_conflicts`, its id then in `skipped`).

    `stored`: `Store.stored_states` of the rows' ids."""
    unknown = [r for r in rows if _rec(r).id not in stored]
    if unknown:
        findings.extend(_unknown_ids(store, conn, cluster, unknown))
    known = [r for r in rows if _rec(r).id in stored]
    findings.extend(_without_digest([r for r in known if not r.digest]))
    rows = [r for r in known if r.digest]  # the others are refused above
    ids = [_rec(r).id for r in rows]
    # the states the digests name: the stored content's, else an earlier version's
    stale = [
        rid
        for r, rid in zip(rows, ids, strict=True)
        if not exported_content_is_current(r.digest or "", cluster, rid, stored[rid]["sha"])
    ]
    earlier = store.earlier_versions(conn, cluster, stale) if stale else {}
    states = {
        rid: exported_state(
            r.digest or "",
            cluster,
            rid,
            (stored[rid]["version"], stored[rid]["sha"]),
            earlier.get(rid, ()),
        )
        for r, rid in zip(rows, ids, strict=True)
    }
    # the stored records, to name the fields of a content edit or a conflict
    unclean = [
        rid
        for r, rid in zip(rows, ids, strict=True)
        if (state := states[rid]) is not None
        and (state.content is not None or content_sha256(_rec(r)) != state.sha)
    ]
    current = store.records_in(conn, cluster, unclean) if unclean else {}
    verifying = [rid for r, rid in zip(rows, ids, strict=True) if r.status == "verified"]
    authors = store.authors(conn, cluster, verifying) if verifying else {}
    out = []
    for r, rid in zip(rows, ids, strict=True):
        verdict = _decide(
            r,
            stored[rid],
            states[rid],
            current.get(rid),
            authors.get(rid, set()),
            reviewer,
            findings,
            skip_conflicts=skip_conflicts,
            skipped=skipped,
        )
        if verdict is not None:
            out.append(verdict)
    return out


def _decide(
    r: CheckedRow,
    st: dict[str, Any],
    state: Exported | None,
    current: Record | None,
    authors: set[str],
    reviewer: str,
    findings: list[Finding],
    *,
    skip_conflicts: bool,
    skipped: list[str] | None,
) -> Verdict | None:
    """One row: a verdict, or None with the reason in `findings`."""
    record = _rec(r)
    rid = record.id
    if state is None:
        findings.append(
            _at(
                r,
                "digest",
                f"the digest of {rid} matches no state the record ever had: the cell was "
                "edited or copied from another row; export again and review the new workbook",
            )
        )
        return None
    wants_status = r.status is not None and r.status != state.status
    wants_note = r.note is not None and r.note != st["note"]
    if st["status"] == WITHDRAWN:
        if wants_status or wants_note:
            message = f"{rid} is withdrawn by the manager: a review cannot change it"
            findings.append(_at(r, None, message, severity="warning"))
        return Verdict(
            record=_with_status(record, WITHDRAWN),
            where=r.where,
            version=st["version"],
            sha=st["sha"],
        )
    if r.reviewer is not None and not is_author(r.reviewer, [reviewer]):
        findings.append(
            _at(
                r,
                "reviewer",
                f"reviewer: {r.reviewer!r} in your file, but the reviewer is --reviewer "
                f"{reviewer}; clear the cell",
            )
        )
        return None
    if content_sha256(record) != state.sha:
        exported = state.content if state.content is not None else _content(current)
        edits = differences(_content(record), exported)
        where = "in the store" if state.content is None else "when you exported it"
        for name, mine, theirs in edits:
            findings.append(
                _at(
                    r,
                    name,
                    f"{name}: {_shown(mine)} in your file, {_shown(theirs)} {where}: {_EDIT_HINT}",
                )
            )
        if edits:
            return None
    verdict = Verdict(
        record=_with_status(record, st["status"]),
        where=r.where,
        version=st["version"],
        sha=st["sha"],
    )
    if not wants_status and not wants_note:
        return verdict  # the auditor left the row as exported
    new = r.status if wants_status and r.status is not None else st["status"]
    if state.sha != st["sha"] or state.status != st["status"]:
        if new == st["status"] and not wants_note:
            return verdict  # someone else already made the same verdict
        message = _conflict(rid, state, st, current)
        if skip_conflicts:
            findings.append(_at(r, None, message, severity="warning"))
            if skipped is not None:
                skipped.append(rid)
        else:
            findings.append(_at(r, None, message + "; or import with --skip-conflicts"))
        return None
    if new == WITHDRAWN:  # a withdrawn record's row is left alone above
        findings.append(_at(r, "status", WITHDRAWING_IS_THE_MANAGERS))
        return None
    if new == "draft" and new != st["status"]:
        findings.append(_at(r, "status", DRAFT_IS_THE_MANAGERS))
        return None
    if new == "verified" and new != st["status"] and is_author(reviewer, authors):
        findings.append(_at(r, "status", four_eyes_message(reviewer, rid, record.title)))
        return None
    verdict.reviews.append((st["status"], new, reviewer, r.note))
    verdict.record = _with_status(record, new)
    if new != st["status"]:
        verdict.diffs.append(("status", st["status"], new))
    if wants_note:
        verdict.diffs.append(("review_note", st["note"], r.note))
    return verdict


def _conflict(rid: str, state: Exported, st: dict[str, Any], current: Record | None) -> str:
    parts = []
    if state.sha != st["sha"]:
        changed = [n for n, _, _ in differences(_content(current), state.content or {})]
        parts.append(f"the manager changed {_and(changed) or 'its content'} since your export")
    if state.status != st["status"]:
        parts.append(f"its status went from {state.status!r} to {st['status']!r}")
    return (
        f"conflict: {rid} changed in the store after your export: {'; and '.join(parts)}. "
        "Your row was not applied: `clex evidence export NEW.xlsx --changed-since THIS.xlsx` "
        "gives you the rows to redo"
    )


def _unknown_ids(
    store: Store, conn: Connection, cluster: str, rows: list[CheckedRow]
) -> list[Finding]:
    known = list(store.versions(conn, cluster))
    out = []
    for r in rows:
        rid = _rec(r).id
        near = get_close_matches(rid, known, n=1, cutoff=0.8)
        hint = f"did you mean {near[0]}?" if near else "`clex evidence list` shows the ids"
        out.append(
            _at(
                r,
                "id",
                f"no evidence record {rid!r} in cluster {cluster!r}: a review changes the "
                f"status and notes of stored records and never creates one ({hint})",
            )
        )
    return out


def without_id(r: CheckedRow) -> Finding:
    """The finding of a review row that names no record (its id cell empty): the id the
    row's natural key would make is never shown, as the auditor never typed it."""
    finding = _at(
        r,
        "id",
        "a row without an id: a review never creates records; review the rows "
        "`clex evidence export` wrote, each with its id",
    )
    return finding.model_copy(update={"record_id": None})


def _without_digest(rows: list[CheckedRow]) -> list[Finding]:
    """One finding per sheet listing its rows without a digest."""
    places: dict[tuple[str, str | None], list[str]] = {}
    for r in rows:
        source = _rec(r).source
        key = (source.file, source.sheet) if source else ("", None)
        places.setdefault(key, []).append(str(source.row) if source and source.row else r.where)
    out = []
    for (file, sheet), numbers in places.items():
        shown = ", ".join(numbers[:20]) + (
            f" and {len(numbers) - 20} more" if len(numbers) > 20 else ""
        )
        out.append(
            Finding(
                file=file,
                location=Location(sheet=sheet, column="digest"),
                message=(
                    f"no digest in row(s) {shown}: a review import compares each row's digest, "
                    "as `clex evidence export` wrote it, with the store to find the records "
                    "changed since; review a workbook `clex evidence export` wrote (one "
                    "exported before digests has a `version` column instead: export again)"
                ),
            )
        )
    return out


def differences(mine: dict[str, Any], theirs: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, value in `mine`, value in `theirs`) of each content field that differs;
    an empty value and a missing one are the same."""
    out = []
    for name in dict.fromkeys([*mine, *theirs]):
        if name in _NOT_CONTENT:
            continue
        a, b = _value(mine.get(name)), _value(theirs.get(name))
        if a != b:
            out.append((name, a, b))
    return out


def _content(record: Record | None) -> dict[str, Any]:
    return {} if record is None else record.model_dump(mode="json")


def _value(value: Any) -> Any:
    if value in (None, "", [], ()):
        return None
    return list(value) if isinstance(value, tuple) else value


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return repr(str(value))


def _and(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _rec(r: CheckedRow) -> Record:
    assert r.record is not None
    return r.record


def _with_status(record: Record, status: str) -> Record:
    return record if record.status == status else record.model_copy(update={"status": status})


def _at(
    r: CheckedRow, column: str | None, message: str, *, severity: Severity = "error"
) -> Finding:
    """A finding at the row (and `column`, a field name) naming its record."""
    record = _rec(r)
    source = record.source
    where = source.location if source else Location(text=r.where)
    if column is not None:
        where = where.model_copy(update={"column": header_label(record.kind, column)})
    return Finding(
        file=source.file if source else "",
        location=where,
        message=message,
        record_id=record.id,
        severity=severity,
    )
