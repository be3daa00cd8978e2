"""Import evidence files into the store: all of it or nothing, every problem listed.

`import_files` reads every file, turns every row into a record (collecting each bad
cell as a located finding), compares the records with the store (new, changed,
unchanged, reviewed, in conflict) and only when nothing is wrong writes everything in
one transaction. `--dry-run` runs the same up to the write. Re-importing a file changes
nothing, because a record's id is stable and its content digest is compared.

Every import that writes is one batch (`Store.start_batch`): a record it creates gets a
"create" row in the change log, a record it changes a row per changed field (old ->
new, and the file, sheet and row the new value came from), while the record keeps the
source it was first imported from. A record the store holds as withdrawn is left
alone (a warning names `clex evidence restore`). A new record without an id whose
natural key is close to a stored record's is a warning "possibly the same as ID", so a
corrected title or date is not silently a second record (`evidence.identity`).

Why a module of its own: it is the import's plan and its transaction, nothing else.
Reading a file is `readers`' job, checking a row `validate`'s, and every statement on
the store's tables the store's (`Store.lock_cluster`, `stored_states`, `insert_records`
...); what is left here decides, row by row, what happens to each record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection

from .cells import is_blank
from .changes import Diff, field_diffs
from .countries import EuCodesRead
from .findings import Finding, UserDataError, errors
from .identity import KnownIds, NewRecord, other_kind, possibly_the_same
from .import_rules import record_problems
from .importchecks import Across
from .languages import TagsRead
from .models import WITHDRAWN, Record
from .readers import RawRow, read_rows
from .reimport import keep_absent, puts_back
from .review_import import WITHDRAWING_IS_THE_MANAGERS, plan_reviews, without_id
from .store import Store, change_entry, content_sha256, field_changes, now, review_entry
from .validate import (
    CheckedRow,
    duplicate,
    file_sha256,
    first_place,
    refuse_change,
    refuse_new,
    row_finding,
    validate_row,
)
from .worddates import FileLanguages, country_languages

log = logging.getLogger(__name__)

Action = Literal["create", "update", "unchanged", "review"]
IMPORTER = "clex import"
# what an import read as something else and says once (`findings.ReadOnce`)
ReadAs = tuple[EuCodesRead | TagsRead, ...]


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
    named: bool = False  # the row gave the record's id
    diffs: list[Diff] = field(default_factory=list)  # (field, old, new) of an update


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
    changes: tuple[Diff, ...] = ()  # (field, old, new) of an update, for --dry-run
    date_precision: str = "day"


@dataclass
class ImportReport:
    files: list[str]
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dry_run: bool = False
    skipped: list[str] = field(default_factory=list)  # conflicts a review import skipped

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
    actor: str | None = None,
    command: str | None = None,
    skip_conflicts: bool = False,
    names: Sequence[str] | None = None,
    attachments: bool = True,
) -> ImportReport:
    """Validate and (unless `dry_run`) store every record of `paths` in one transaction.

    Raises `UserDataError` listing every problem when any row is bad; then nothing is
    written. Warnings (e.g. a page item without a date) do not stop the import. With a
    `reviewer` it is a review import: statuses and notes of stored records only
    (`evidence.review_import`); `skip_conflicts` then applies every row but those whose
    record changed since the export (listed as warnings and in `skipped`).
    `actor` and `command`: who runs it and its command line, for the import's batch.
    `names`: what each of `paths` is called in the findings, the records' source and the
    import's row (default: the path as given); a file uploaded to the web page is saved
    under a private temporary path, but its records name the file the user uploaded.
    `attachments=False`: a row naming an attachment file is a problem (the web page's
    import: the files it could name are the server's, not the uploader's).
    """
    profile = store.cluster(cluster)  # a clear error when the cluster does not exist
    paths = list(paths)
    missing = [Finding(file=str(p), message="no such file") for p in paths if not p.is_file()]
    if missing:
        raise UserDataError(missing, f"{len(missing)} file(s) not found; nothing was imported")
    shown = dict(zip(map(str, paths), names, strict=True)) if names is not None else {}
    report = ImportReport(files=[shown.get(str(p), str(p)) for p in paths], dry_run=dry_run)
    ws = (workspace or Path.cwd()).resolve()
    files_ws = ws if attachments else None  # None: the rows may name no attachment file
    explicit: set[int] = set()  # the rows (by id()) that gave an id
    present: dict[int, frozenset[str]] = {}  # row (by id()) -> the columns its file has
    # the EU's UK and EL read as GB and GR, en-GB as en: said once each, below
    read_as: ReadAs = (EuCodesRead(), TagsRead())
    rows = chain.from_iterable(
        _convert(
            _named(
                read_rows(
                    path,
                    kind=kind,
                    findings=report.findings,
                    cluster=profile.slug,
                    cluster_name=profile.name,
                ),
                shown,
            ),
            cluster,
            files_ws,
            report.findings,
            progress,
            profile.country,
            explicit,
            present,
            read_as,
        )
        for path in paths
    )
    # One transaction that holds the cluster's lock: two imports at once cannot both decide
    # to create the same record (the second waits, then sees it). Rows are read, checked
    # and written in chunks, so the import's own memory stays flat however many rows
    # there are (a workbook's reader holds one sheet, see `readers`); the first problem
    # stops the writing, the checking goes on to list every problem, and raising rolls
    # back whatever was written.
    with store.read() if dry_run else store.write() as conn, store.bulk(conn):
        import_ids: list[int] = []
        batch: int | None = None
        # a review import is the reviewer's act; the manager's is `--user`'s
        who = (reviewer.strip() if reviewer else None) or actor or IMPORTER
        # with the lock held, a cluster without evidence now has none until we commit
        empty = False
        if not dry_run:
            store.lock_cluster(conn, cluster)
            empty = not store.has_evidence(conn, cluster)
            batch = store.start_batch(
                conn,
                cluster,
                actor=who,
                action="import",
                command=command or f"{IMPORTER} {' '.join(report.files)}",
            )
            files = ((shown.get(str(p), str(p)), file_sha256(p)) for p in paths)
            import_ids = store.start_imports(conn, cluster, files, reviewer, batch)
        else:
            empty = not store.has_evidence(conn, cluster)
        seen: dict[str, str] = {}
        known = None if empty else KnownIds(store, conn, cluster)
        across = Across()  # the checks over every row and the store (importchecks)
        unnamed: list[NewRecord] = []  # new records without an id of their own
        for chunk in _chunks(rows, CHUNK):
            if reviewer is not None:
                planned = _plan_reviews(
                    store, conn, cluster, chunk, reviewer, report, seen, skip_conflicts, explicit
                )
            else:
                planned = _plan(
                    store,
                    conn,
                    cluster,
                    chunk,
                    reviewer,
                    report.findings,
                    seen,
                    empty,
                    explicit,
                    importer=actor or IMPORTER,
                    known=known,
                    present=present,
                )
            if batch is not None and not errors(report.findings):
                ctx = _Batch(batch, who, import_ids[0])
                _apply(store, conn, cluster, planned, ctx)
            report.outcomes.extend(_outcome(p) for p in planned)
            for p in planned:
                changed = p.action in ("create", "update")
                across.add(p.record, p.where, changed=changed, diffs=p.diffs)
            if not empty:
                unnamed.extend(
                    NewRecord(r.id, r.kind, r.title, r.start, r.source)
                    for r in (p.record for p in planned if p.action == "create" and not p.named)
                )
        refused = bool(errors(report.findings))
        report.findings.extend(across.findings(store, conn, cluster, empty=empty, refused=refused))
        if unnamed:
            report.findings.extend(possibly_the_same(store, conn, cluster, unnamed, seen))
        report.findings[:] = _renamed(report.findings, shown)
        if not report.outcomes and not errors(report.findings):
            # an empty template, the wrong sheet names: said, and no empty batch left
            # behind for `clex import list` and the history to show
            report.findings.append(
                Finding(
                    file=", ".join(report.files),
                    message="no record in the file(s): every sheet or list is empty, or "
                    "its sheets are not named after the kinds (member, event, ...)",
                )
            )
        if errors(report.findings):
            raise UserDataError(
                report.findings,
                f"{len(errors(report.findings))} problem(s) found; nothing was imported",
            )
        report.findings.extend(note for said in read_as for note in said.notes())
        if import_ids:
            store.finish_imports(conn, import_ids, report.summary())
    log.info("imported %s: %s", ", ".join(report.files), report.summary())
    return report


CHUNK = 2000


def _named(items: Iterable[RawRow | Record], shown: dict[str, str]) -> Iterator[RawRow | Record]:
    """The rows of a file, each naming its file as `shown` says (`import_files`' names)."""
    for item in items:
        if isinstance(item, Record):
            if item.source is not None and item.source.file in shown:
                source = item.source.model_copy(update={"file": shown[item.source.file]})
                item = item.model_copy(update={"source": source})
        elif item.file in shown:
            item.file = shown[item.file]
        yield item


def _renamed(findings: list[Finding], shown: dict[str, str]) -> list[Finding]:
    """The findings, those about a renamed file naming it as `shown` says (a reader's
    problems with a whole file name the path it read)."""
    if not shown:
        return findings
    return [
        f.model_copy(update={"file": shown[f.file]}) if f.file in shown else f for f in findings
    ]


def _chunks(rows: Iterable[CheckedRow], size: int) -> Iterator[list[CheckedRow]]:
    chunk: list[CheckedRow] = []
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
        changes=tuple(p.diffs),
        date_precision=r.date_precision,
    )


def _convert(
    items: Iterable[RawRow | Record],
    cluster: str,
    workspace: Path | None,
    findings: list[Finding],
    progress: Callable[[int], None] | None,
    home_country: str | None = None,
    explicit: set[int] | None = None,
    present: dict[int, frozenset[str]] | None = None,
    read_as: ReadAs = (),
) -> Iterator[CheckedRow]:
    """Each row of one file checked. A row with a month's name the cluster's country
    does not settle ("listopad" in a German cluster's file) waits for the end of the
    file, when its other month names are known (`evidence.worddates.FileLanguages`)."""
    languages = FileLanguages(country_languages(home_country))
    waiting: list[RawRow] = []
    for n, item in enumerate(_rows_then_waiting(items, languages, waiting), start=1):
        if progress and n % 500 == 0:
            progress(500)
        if isinstance(item, Record):  # a page's draft: the import's own rules still hold
            offset = item.source.offset if item.source else None
            checked = CheckedRow(record=item, where=f"offset {offset}")
            problems = [row_finding(checked, message) for _, message in record_problems(item)]
            findings.extend(problems)
            if present is not None and not problems:
                # a page's fields are guesses: imported again, it changes nothing a person
                # may have corrected since (only a record not yet stored takes them)
                present[id(checked)] = frozenset({"id", "cluster", "kind"})
            yield CheckedRow(record=None, where=checked.where) if problems else checked
        else:
            checked = validate_row(item, cluster, workspace, findings, home_country, languages)
            given = item.cells.get("id")
            named = given is not None and not is_blank(given[1])
            if explicit is not None and named and checked.record is not None:
                explicit.add(id(checked))
            if present is not None and checked.record is not None:
                present[id(checked)] = frozenset(item.cells)
            for said in read_as if checked.record is not None else ():
                said.see(item.cells, item.file, item.location)
            yield checked


def _rows_then_waiting(
    items: Iterable[RawRow | Record], languages: FileLanguages, waiting: list[RawRow]
) -> Iterator[RawRow | Record]:
    """The file's rows, those whose month's name waits for the file's languages last."""
    for item in items:
        if isinstance(item, RawRow):
            values = [raw for _, raw in item.cells.values()]
            languages.see(values)
            if languages.doubtful(values):
                waiting.append(item)
                continue
        yield item
    yield from waiting


def _plan(
    store: Store,
    conn: Connection,
    cluster: str,
    rows: list[CheckedRow],
    reviewer: str | None,
    findings: list[Finding],
    seen: dict[str, str],
    empty: bool = False,
    explicit: set[int] | None = None,
    *,
    importer: str = IMPORTER,
    known: KnownIds | None = None,
    present: dict[int, frozenset[str]] | None = None,
) -> list[Planned]:
    """What to do with each good row of a chunk; `seen` spans the whole import.

    `empty`: the cluster had no evidence when the import took its lock, so no id of this
    import can be stored yet (those it wrote itself are in `seen`).
    """
    good = [r for r in rows if r.record is not None]
    fresh: list[CheckedRow] = []
    for r in good:
        assert r.record is not None
        rid = r.record.id
        if rid in seen:
            findings.append(duplicate(r, seen[rid]))
        else:
            seen[rid] = first_place(r)
            fresh.append(r)
    ids = [] if empty else [r.record.id for r in fresh if r.record is not None]
    existing = store.stored_states(conn, cluster, ids)
    shas = {id(r): content_sha256(r.record) for r in fresh if r.record is not None}
    differ = [
        r
        for r in fresh
        if r.record is not None
        and r.record.id in existing
        and shas[id(r)] != existing[r.record.id]["sha"]
    ]
    olds = store.stored_records(conn, cluster, [r.record.id for r in differ if r.record])
    changed: list[str] = []
    for r in differ:  # a column the file does not have leaves its field as stored
        assert r.record is not None
        old_record = olds[r.record.id][0]
        columns = present.get(id(r)) if present is not None else None
        if columns is not None and old_record.kind == r.record.kind:
            merged = keep_absent(r.record, old_record, columns)
            if isinstance(merged, list):
                findings.extend(row_finding(r, m) for m in merged)
                fresh.remove(r)
                continue
            if merged is not r.record:
                r.record = merged
                shas[id(r)] = content_sha256(merged)
        if shas[id(r)] != existing[r.record.id]["sha"]:
            changed.append(r.record.id)
    logs = store.field_changes(conn, cluster, changed) if changed else {}
    planned = []
    for r in fresh:
        assert r.record is not None
        rid = r.record.id
        old = olds.get(rid)
        named = explicit is not None and id(r) in explicit
        if named and rid not in existing and known is not None:
            typo = known.near(rid)
            if typo is not None:
                findings.append(row_finding(r, typo))
                continue
        p = _plan_row(
            r, existing.get(rid), reviewer, findings, shas[id(r)], old and old[0], importer
        )
        if p is not None:
            p.named = named
            planned.append(p)
            if p.action == "update" and rid in logs:
                file = p.record.source.file if p.record.source else ""
                findings.extend(
                    row_finding(r, m).model_copy(update={"severity": "warning"})
                    for m in puts_back(p.diffs, logs[rid], file)
                )
    if explicit is not None:  # ids of objects are reused once they are gone
        explicit.difference_update(id(r) for r in rows)
    if present is not None:
        for r in rows:
            present.pop(id(r), None)
    return planned


def _plan_reviews(
    store: Store,
    conn: Connection,
    cluster: str,
    rows: list[CheckedRow],
    reviewer: str,
    report: ImportReport,
    seen: dict[str, str],
    skip_conflicts: bool,
    explicit: set[int],
) -> list[Planned]:
    """A review import's chunk: `evidence.review_import` decides, this writes its way.
    `explicit`: the rows (by id()) that gave an id; the others name no record."""
    fresh: list[CheckedRow] = []
    for r in rows:
        if r.record is None:
            continue
        if id(r) not in explicit:
            report.findings.append(without_id(r))
        elif r.record.id in seen:
            report.findings.append(duplicate(r, seen[r.record.id]))
        else:
            seen[r.record.id] = first_place(r)
            fresh.append(r)
    existing = store.stored_states(conn, cluster, [r.record.id for r in fresh if r.record])
    explicit.difference_update(id(r) for r in rows)  # ids of objects are reused
    verdicts = plan_reviews(
        store,
        conn,
        cluster,
        fresh,
        existing,
        reviewer.strip(),
        report.findings,
        skip_conflicts=skip_conflicts,
        skipped=report.skipped,
    )
    return [
        Planned(
            record=v.record,
            where=v.where,
            action="review" if v.reviews else "unchanged",
            version=v.version,
            reviews=[Review(*rv) for rv in v.reviews],
            sha=v.sha,
            diffs=v.diffs,  # status and note: shown by --dry-run, never in `changes`
        )
        for v in verdicts
    ]


def _plan_row(
    r: CheckedRow,
    stored: dict[str, Any] | None,
    reviewer: str | None,
    findings: list[Finding],
    sha: str = "",
    old: Record | None = None,
    importer: str = IMPORTER,
) -> Planned | None:
    """What to do with one row; `old` is the stored record when its content differs."""
    record = r.record
    assert record is not None
    who = reviewer or r.reviewer
    if stored is not None and stored.get("kind", record.kind) != record.kind:
        findings.append(row_finding(r, other_kind(record.id, stored["kind"], record.kind)))
        return None
    if stored is not None and stored["status"] == WITHDRAWN:
        message = (
            f"{record.id} is withdrawn: this row is left alone; "
            f"`clex evidence restore {record.id}` first to change it"
        )
        findings.append(row_finding(r, message).model_copy(update={"severity": "warning"}))
        return Planned(
            record=_with_status(record, WITHDRAWN),
            where=r.where,
            version=stored["version"],
            action="unchanged",
        )
    if r.status == WITHDRAWN:  # an exported withdrawn record's row is left alone above
        findings.append(row_finding(r, WITHDRAWING_IS_THE_MANAGERS))
        return None
    if stored is None:
        status = r.status or record.status
        refused = refuse_new(status, who)
        if refused is not None:
            findings.append(row_finding(r, refused))
            return None
        planned = Planned(
            record=_with_status(record, status), where=r.where, sha=sha or content_sha256(record)
        )
        planned.reviews.append(Review(None, status, who or importer, r.note))
        return planned
    sha = sha or content_sha256(record)
    changed = sha != stored["sha"]
    status_changed = r.status is not None and r.status != stored["status"]
    note_added = r.note is not None and r.note != stored["note"]
    reviewed = status_changed or note_added
    refused = refuse_change(r, stored, changed=changed, reviewed=reviewed, reviewer=who)
    if refused is not None:
        findings.append(row_finding(r, refused))
        return None
    status = stored["status"]
    planned = Planned(
        record=record, where=r.where, version=stored["version"], action="unchanged", sha=sha
    )
    if changed:
        planned.action = "update"
        planned.version = stored["version"] + 1
        planned.diffs = field_diffs(old, record) if old is not None else []
        if status == "verified":
            planned.reviews.append(
                Review(status, "submitted", importer, f"content changed by {r.where}; review again")
            )
            status = "submitted"
    if reviewed:
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


@dataclass(frozen=True, slots=True)
class _Batch:
    """The batch an import writes in: its id, who runs it, its first `imports` row."""

    id: int
    actor: str
    import_id: int


def _origin(record: Record, where: str) -> str:
    """Where a value came from, for the change log: "file.xlsx, sheet event, row 7"."""
    src = record.source
    if src is None:
        return where
    parts = [src.file] if src.file else []
    if src.sheet:
        parts.append(f"sheet {src.sheet}")
    if src.row is not None:
        parts.append(f"row {src.row}")
    if src.offset is not None:
        parts.append(f"offset {src.offset}")
    return ", ".join(parts) or where


def _apply(
    store: Store, conn: Connection, cluster: str, planned: list[Planned], batch: _Batch
) -> None:
    at = now()
    import_id = batch.import_id
    new = ((p.record, p.sha) for p in planned if p.action == "create")
    store.insert_records(conn, new, import_id=import_id, at=at)
    changes: list[tuple[Any, ...]] = []
    entries: list[dict[str, Any]] = []
    for p in planned:
        if p.action == "create":
            changes.append(
                change_entry(
                    cluster=cluster,
                    record_id=p.record.id,
                    batch=batch.id,
                    at=at,
                    actor=batch.actor,
                    action="create",
                    origin=_origin(p.record, p.where),
                )
            )
        if p.action == "update":
            store.replace_record(
                conn, cluster, p.record, version=p.version, sha=p.sha, import_id=import_id
            )
            changes.extend(
                field_changes(
                    p.diffs,
                    cluster=cluster,
                    record_id=p.record.id,
                    batch=batch.id,
                    at=at,
                    actor=batch.actor,
                    action="update",
                    origin=_origin(p.record, p.where),
                )
            )
        elif p.action == "review":
            store.set_status(conn, cluster, p.record.id, p.record.status)
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
                    batch=batch.id,
                )
            )
    store.append_changes(conn, changes)
    store.append_reviews(conn, entries)
