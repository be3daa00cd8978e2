"""Import evidence files into the store: all of it or nothing, every problem listed.

`import_files` reads every file, turns every row into a record (collecting each bad
cell as a located finding), compares the records with the store (new, changed,
unchanged, reviewed, in conflict) and only when nothing is wrong writes everything in
one transaction. `--dry-run` runs the same up to the write. Re-importing a file changes
nothing, because a record's id is stable and its content digest is compared.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import Connection, bindparam, select

from .cells import CellError, Converter, converter, is_blank
from .findings import Finding, UserDataError, errors
from .models import STATUSES, Record, kind_fields, make_record
from .readers import REVIEW_COLUMNS, RawRow, read_rows
from .schema import clusters, evidence, evidence_versions, imports, review_log
from .store import (
    Store,
    append_reviews,
    content_sha256,
    insert_rows,
    now,
    record_columns,
    record_to_row,
    record_values,
    review_entry,
)

log = logging.getLogger(__name__)

Action = Literal["create", "update", "unchanged", "review"]
IMPORTER = "clex import"


@dataclass(slots=True)
class Review:
    old: str | None
    new: str
    reviewer: str
    note: str | None


@dataclass(slots=True)
class Planned:
    record: Record
    where: str
    action: Action = "create"
    version: int = 1
    reviews: list[Review] = field(default_factory=list)
    sha: str = ""  # content digest, computed once


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one record, kept small so a 100,000-row import stays in memory."""

    action: Action
    kind: str
    id: str
    title: str
    start: date
    end: date | None
    status: str
    where: str
    reviews: int


@dataclass
class ImportReport:
    files: list[str]
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def reviews(self) -> int:
        return sum(o.reviews for o in self.outcomes)

    def summary(self) -> dict[str, int]:
        return {
            "rows": len(self.outcomes),
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "reviews": self.reviews,
        }


@dataclass(slots=True)
class _Row:
    """A converted row: the record (None when invalid) and its review columns."""

    record: Record | None
    where: str
    status: str | None = None
    reviewer: str | None = None
    note: str | None = None
    version: int | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_files(
    store: Store,
    paths: Iterable[Path],
    *,
    cluster: str,
    kind: str | None = None,
    reviewer: str | None = None,
    dry_run: bool = False,
    workspace: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate and (unless `dry_run`) store every record of `paths` in one transaction.

    Raises `UserDataError` listing every problem when any row is bad; then nothing is
    written. Warnings (e.g. a page item without a date) do not stop the import.
    """
    profile = store.cluster(cluster)  # a clear error when the cluster does not exist
    paths = list(paths)
    report = ImportReport(files=[str(p) for p in paths], dry_run=dry_run)
    ws = (workspace or Path.cwd()).resolve()
    rows = chain.from_iterable(
        _convert(
            read_rows(
                path,
                kind=kind,
                findings=report.findings,
                cluster=profile.slug,
                cluster_name=profile.name,
            ),
            cluster,
            ws,
            report.findings,
            progress,
        )
        for path in paths
    )
    # One transaction that holds the cluster's lock: two imports at once cannot both decide
    # to create the same record (the second waits, then sees it). Rows are read, checked
    # and written in chunks, so the import's own memory stays flat however many rows
    # there are (a workbook's reader holds one sheet, see `readers`); the first problem
    # stops the writing, the checking goes on to list every problem, and raising rolls
    # back whatever was written.
    with store.read() if dry_run else store.write() as conn, _bulk(conn, store.is_sqlite):
        import_ids: list[int] = []
        # with the lock held, a cluster without evidence now has none until we commit
        empty = False
        if not dry_run:
            _lock_cluster(conn, cluster)
            import_ids = _start_import(conn, cluster, paths, reviewer)
            empty = conn.execute(_ANY_EVIDENCE.params(cluster=cluster)).first() is None
        seen: dict[str, str] = {}
        for chunk in _chunks(rows, CHUNK):
            planned = _plan(conn, cluster, chunk, reviewer, report.findings, seen, empty)
            if not dry_run and not errors(report.findings):
                _apply(conn, cluster, planned, import_ids[0] if import_ids else None)
            report.outcomes.extend(_outcome(p) for p in planned)
        if errors(report.findings):
            raise UserDataError(
                report.findings,
                f"{len(errors(report.findings))} problem(s) found; nothing was imported",
            )
        if import_ids:
            conn.execute(
                imports.update().where(imports.c.id.in_(import_ids)).values(**report.summary())
            )
    log.info("imported %s: %s", ", ".join(report.files), report.summary())
    return report


CHUNK = 2000
CACHE_KIB = 32_768  # SQLite's page cache while importing (its default is 2 MiB)
_ANY_EVIDENCE = select(evidence.c.id).where(evidence.c.cluster == bindparam("cluster")).limit(1)


@contextmanager
def _bulk(conn: Connection, sqlite: bool) -> Iterator[None]:
    """Settings for writing many rows, put back afterwards (issue 8).

    - CPython's cyclic garbage collector is paused: the objects of a chunk's rows live
      long enough to be promoted, and a 100,000-row import had it walk the whole heap
      over and over (about 2 s) to find next to nothing: an import's objects hold no
      cycles, reference counting frees them;
    - SQLite gets a 32 MiB page cache instead of 2 MiB on this connection: the indexes
      of `evidence` are written in id order, i.e. at random, and with the small cache
      their pages kept being evicted and read again (about a third of SQLite's insert
      time at 100,000 rows). The import's peak memory stays near 200 MB (300 allowed).
    """
    collecting = gc.isenabled()
    gc.disable()
    driver: Any = conn.connection.driver_connection if sqlite else None
    before = 0
    if driver is not None:
        before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
        driver.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        if driver is not None:  # the driver's connection: SQLAlchemy's may have failed
            driver.execute(f"PRAGMA cache_size={before}")


def _chunks(rows: Iterable[_Row], size: int) -> Iterator[list[_Row]]:
    chunk: list[_Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _outcome(p: Planned) -> Outcome:
    r = p.record
    return Outcome(
        action=p.action,
        kind=r.kind,
        id=r.id,
        title=r.title[:200],
        start=r.start,
        end=r.end,
        status=r.status,
        where=p.where,
        reviews=len(p.reviews),
    )


def _start_import(
    conn: Connection, cluster: str, paths: list[Path], reviewer: str | None
) -> list[int]:
    """One `imports` row per file (its SHA-256); the counts are filled in at the end."""
    out = []
    for path in paths:
        res = conn.execute(
            imports.insert().values(
                cluster=cluster,
                file=str(path),
                sha256=file_sha256(path),
                at=now(),
                rows=0,
                created=0,
                updated=0,
                unchanged=0,
                reviews=0,
                reviewer=reviewer,
            )
        )
        key = res.inserted_primary_key
        assert key is not None
        out.append(int(key[0]))
    return out


def _lock_cluster(conn: Connection, cluster: str) -> None:
    """Serialise writers of one cluster (PostgreSQL row lock; SQLite already holds the
    database's write lock from BEGIN IMMEDIATE)."""
    conn.execute(select(clusters.c.slug).where(clusters.c.slug == cluster).with_for_update())


def _convert(
    items: Iterable[RawRow | Record],
    cluster: str,
    workspace: Path,
    findings: list[Finding],
    progress: Callable[[int], None] | None,
) -> Iterator[_Row]:
    for n, item in enumerate(items, start=1):
        if progress and n % 500 == 0:
            progress(500)
        if isinstance(item, Record):
            offset = item.source.offset if item.source else None
            yield _Row(record=item, where=f"offset {offset}")
        else:
            yield row_to_record(item, cluster, workspace, findings)


def row_to_record(row: RawRow, cluster: str, workspace: Path, findings: list[Finding]) -> _Row:
    """Coerce each cell and build the record; every bad cell becomes a finding.

    The problems of a row are listed in the order they are found (cells left to right,
    then the attachment, status and version, then what the record's model refuses).
    """
    convert = _converters(row.kind)
    cells = row.cells
    values: dict[str, Any] = {}
    review: dict[str, Any] = {}
    problems: list[tuple[str | None, str]] = []  # (column, message)
    failed: set[str] = set()
    for fname, (label, raw) in cells.items():
        if fname in _REVIEW:
            review[fname] = None if is_blank(raw) else str(raw).strip()
            continue
        try:
            value = convert[fname](raw)
        except CellError as exc:
            problems.append((label, str(exc)))
            failed.add(fname)
            continue
        if value is not None:
            values[fname] = value
    if "start" not in values and isinstance(values.get("year"), int) and "start" not in cells:
        values["start"] = date(values["year"], 1, 1)
    if values.get("attachment"):
        digest = _attachment_sha256(str(values["attachment"]), workspace)
        if digest.startswith("!"):
            problems.append((_label(row, "attachment"), digest[1:]))
        else:
            values["attachment_sha256"] = digest
    status = review.get("status")
    if status is not None:
        status = status.casefold().replace(" ", "_")
        if status not in STATUSES:
            message = f"{review['status']!r} is not one of {', '.join(STATUSES)}"
            problems.append((_label(row, "status"), message))
            status = None
    version = review.get("version")
    if version is not None:
        try:
            version = int(float(version))
        except (ValueError, OverflowError):
            message = "the version column must hold the exported number"
            problems.append((_label(row, "version"), message))
            version = None
    values.update(
        kind=row.kind,
        cluster=cluster,
        source={"file": row.file, "sheet": row.sheet, "row": row.row},
    )
    record = None
    try:
        record = make_record(values)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            fname = str(err["loc"][0]) if err["loc"] else ""
            if fname not in failed:
                problems.append((_label(row, fname) or fname, _message(fname, err)))
    for column, message in problems:
        findings.append(Finding(file=row.file, location=row.location(column), message=message))
    return _Row(
        record=None if problems else record,
        where=row.where(),
        status=status,
        reviewer=review.get("reviewer"),
        note=review.get("review_note"),
        version=version,
    )


_REVIEW = frozenset(REVIEW_COLUMNS)


def _label(row: RawRow, fname: str) -> str | None:
    cell = row.cells.get(fname)
    return cell[0] if cell else None


@cache
def _converters(kind: str) -> dict[str, Converter]:
    """Field -> its cell converter, built once per kind rather than looked up per cell."""
    return {name: converter(info) for name, info in kind_fields(kind).items()}


def _message(fname: str, err: Any) -> str:
    """Pydantic's wording turned into what a cluster manager should type instead."""
    ctx = err.get("ctx") or {}
    match err["type"]:
        case "missing":
            return f"{fname} is required"
        case "greater_than_equal":
            return f"{err['input']!r} is too small: {fname} must be at least {ctx.get('ge')}"
        case "less_than_equal":
            return f"{err['input']!r} is too large: {fname} must be at most {ctx.get('le')}"
        case "string_pattern_mismatch" if "country" in fname:
            return f"{err['input']!r} is not a two-letter country code (ISO 3166, e.g. CZ, DE)"
        case "string_too_long":
            return f"{fname} is too long (at most {ctx.get('max_length')} characters)"
    return str(err["msg"]).removeprefix("Value error, ")


def _attachment_sha256(rel: str, workspace: Path) -> str:
    """SHA-256 of an attachment inside the workspace; '!message' when refused."""
    if "://" in rel or rel.startswith("file:"):
        return "!an attachment is a path inside the workspace, not a URL (use the url column)"
    target = (workspace / rel).resolve()
    if not target.is_relative_to(workspace):
        return f"!attachment {rel!r} is outside the workspace {workspace}; refused"
    if not target.is_file():
        return f"!attachment {rel!r} does not exist in the workspace {workspace}"
    return file_sha256(target)


def _plan(
    conn: Connection,
    cluster: str,
    rows: list[_Row],
    reviewer: str | None,
    findings: list[Finding],
    seen: dict[str, str],
    empty: bool = False,
) -> list[Planned]:
    """What to do with each good row of a chunk; `seen` spans the whole import.

    `empty`: the cluster had no evidence when the import took its lock, so no id of this
    import can be stored yet (those it wrote itself are in `seen`).
    """
    good = [r for r in rows if r.record is not None]
    fresh: list[_Row] = []
    for r in good:
        assert r.record is not None
        rid = r.record.id
        if rid in seen:
            findings.append(
                Finding(
                    file=r.record.source.file if r.record.source else "",
                    location=r.record.source.location if r.record.source else r.where,
                    message=f"same record as {seen[rid]} ({r.record.kind} {r.record.title!r}, "
                    f"id {rid}); give each a distinct id or title, or keep one",
                    record_id=rid,
                )
            )
        else:
            seen[rid] = r.where
            fresh.append(r)
    ids = [] if empty else [r.record.id for r in fresh if r.record is not None]
    existing = _existing(conn, cluster, ids)
    planned = []
    for r in fresh:
        assert r.record is not None
        p = _plan_row(r, existing.get(r.record.id), reviewer, findings)
        if p is not None:
            planned.append(p)
    return planned


def _existing(conn: Connection, cluster: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored version, digest, status and last review note of each id, fetched in chunks."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = select(
            evidence.c.id, evidence.c.version, evidence.c.content_sha256, evidence.c.status
        ).where(evidence.c.cluster == cluster, evidence.c.id.in_(chunk))
        for row in conn.execute(q):
            out[row.id] = {
                "version": row.version,
                "sha": row.content_sha256,
                "status": row.status,
                "note": None,
            }
        notes = (
            select(review_log.c.record_id, review_log.c.note)
            .where(review_log.c.cluster == cluster, review_log.c.record_id.in_(chunk))
            .order_by(review_log.c.seq)
        )
        for note in conn.execute(notes):
            out[note.record_id]["note"] = note.note
    return out


def _plan_row(
    r: _Row, stored: dict[str, Any] | None, reviewer: str | None, findings: list[Finding]
) -> Planned | None:
    record = r.record
    assert record is not None
    who = reviewer or r.reviewer

    def problem(message: str) -> None:
        findings.append(
            Finding(
                file=record.source.file if record.source else "",
                location=record.source.location if record.source else r.where,
                message=message,
                record_id=record.id,
            )
        )

    if stored is None:
        status = r.status or record.status
        if status not in ("draft", "submitted") and not who:
            problem(
                f"a new record cannot start as {status!r} without a reviewer; pass --reviewer NAME"
            )
            return None
        planned = Planned(
            record=_with_status(record, status), where=r.where, sha=content_sha256(record)
        )
        planned.reviews.append(Review(None, status, who or IMPORTER, r.note))
        return planned
    sha = content_sha256(record)
    changed = sha != stored["sha"]
    status_changed = r.status is not None and r.status != stored["status"]
    note_added = r.note is not None and r.note != stored["note"]
    if (
        r.version is not None
        and r.version != stored["version"]
        and (changed or status_changed or note_added)
    ):
        problem(
            f"conflict: record {record.id} changed in the store after this file was "
            f"exported (version {r.version} then, {stored['version']} now); export again "
            "and redo this row"
        )
        return None
    if (status_changed or note_added) and not who:
        problem(
            f"the status column changes {record.id} from {stored['status']!r} to "
            f"{r.status or stored['status']!r}; pass --reviewer NAME to record the review"
        )
        return None
    status = stored["status"]
    planned = Planned(
        record=record, where=r.where, version=stored["version"], action="unchanged", sha=sha
    )
    if changed:
        planned.action = "update"
        planned.version = stored["version"] + 1
        if status == "verified":
            planned.reviews.append(
                Review(status, "submitted", IMPORTER, f"content changed by {r.where}; review again")
            )
            status = "submitted"
    if status_changed or note_added:
        assert who is not None
        new = r.status or status
        planned.reviews.append(Review(status, new, who, r.note))
        status = new
        if planned.action == "unchanged":
            planned.action = "review"
    planned.record = _with_status(record, status)
    return planned


def _with_status(record: Record, status: str) -> Record:
    """The record with `status` (itself when it has it already: no copy per row)."""
    return record if record.status == status else record.model_copy(update={"status": status})


def _apply(conn: Connection, cluster: str, planned: list[Planned], import_id: int | None) -> None:
    at = now()
    by_kind: dict[type[Record], list[tuple[Any, ...]]] = {}
    for p in planned:
        if p.action == "create":
            row = record_values(p.record, version=1, import_id=import_id, sha=p.sha, at=at)
            by_kind.setdefault(type(p.record), []).append(row)
    for cls, new_rows in by_kind.items():  # one kind: the same columns in every row
        for i in range(0, len(new_rows), 2000):
            insert_rows(conn, evidence, record_columns(cls), new_rows[i : i + 2000])
    entries: list[dict[str, Any]] = []
    for p in planned:
        if p.action == "update":
            _replace(conn, cluster, p, import_id)
        elif p.action == "review":
            conn.execute(
                evidence.update()
                .where(evidence.c.cluster == cluster, evidence.c.id == p.record.id)
                .values(status=p.record.status, updated_at=now())
            )
        for rv in p.reviews:
            entries.append(
                review_entry(
                    cluster=cluster,
                    record_id=p.record.id,
                    reviewer=rv.reviewer,
                    old=rv.old,
                    new=rv.new,
                    note=rv.note,
                    version=p.version,
                    at=at,
                )
            )
    append_reviews(conn, entries)


def _replace(conn: Any, cluster: str, p: Planned, import_id: int | None) -> None:
    """Keep the old version of a changed record, then write the new one."""
    from .readers import dumps_json
    from .store import row_to_record

    old = conn.execute(
        select(evidence).where(evidence.c.cluster == cluster, evidence.c.id == p.record.id)
    ).first()
    conn.execute(
        evidence_versions.insert().values(
            cluster=cluster,
            id=p.record.id,
            version=old.version,
            content_sha256=old.content_sha256,
            data=dumps_json(row_to_record(old).model_dump(mode="json")),
            replaced_at=now(),
            import_id=import_id,
        )
    )
    values = record_to_row(
        p.record, version=p.version, import_id=import_id, sha=p.sha, all_columns=True
    )
    conn.execute(
        evidence.update()
        .where(evidence.c.cluster == cluster, evidence.c.id == p.record.id)
        .values(**values)
    )
