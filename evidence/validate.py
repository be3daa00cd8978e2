"""Where a record is validated: the checks an import and a review make, in one place.

A record is checked in layers, each where it belongs:

1. the file's shape: columns a kind does not have, a column twice, an unknown kind, a
   file that cannot be read (the readers, `evidence.readers`, as they find the rows);
2. each cell: a date, a number, a choice the cell cannot be (`evidence.cells`, one
   converter per field; `validate_row` runs them);
3. the row as a record: the values' rules beyond their type (a region's code, a tag of
   the vocabulary, a satisfaction on 0-100: `evidence.values`), the review columns
   (status), the attachment inside the workspace, what the record's model
   refuses, worded for the cluster manager, and the rules only an import applies
   (`validate_row` here; the model's own rules, such as an end before the start or a
   control character, stay on `evidence.models`; the import's, such as a completed
   project's end or what replaced a removed field or choice, are in
   `evidence.import_rules`);
4. the row against the store: the same record twice in an import, an edit of a record
   that changed since its export, a status set without a reviewer (`duplicate`,
   `refuse_new`, `refuse_change` here; `evidence.ingest` plans with them);
5. a review by hand: a known status and a reviewer (`check_review` here).

Every check adds a located `Finding` (the review refuses at once) and none writes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .cells import CellError, Converter, converter, is_blank
from .countries import CountryError
from .findings import Finding, Location, UserDataError
from .import_rules import record_problems, refused_value, removed_choice
from .messages import M, Msg, Text
from .models import REVIEW_STATUSES, STATUSES, WITHDRAWN, Record, kind_fields, make_record
from .readers import REVIEW_COLUMNS, RawRow
from .review_import import WITHDRAWING_IS_THE_MANAGERS, exported_content_is_current
from .suggest import with_suggestion
from .values import check_values
from .worddates import FileLanguages, UnitDate, country_languages, settle_units


@dataclass(slots=True)
class CheckedRow:
    """A validated row: the record (None when invalid) and its review columns."""

    record: Record | None
    where: str
    status: str | None = None
    reviewer: str | None = None
    note: str | None = None
    digest: str | None = None  # the export's digest of the record (`evidence.review_import`)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# An import that may name no attachment file (the web page's: it uploads no attachments,
# and a path in the server's folder could name any file there, another cluster's too).
NO_ATTACHMENTS = M(
    "an attachment is a file on the server: add it with `clex import` where the files are "
    "kept (the web page imports records, not their files)"
)


# -- 3. the row as a record -----------------------------------------------------------
def validate_row(
    row: RawRow,
    cluster: str,
    workspace: Path | None,
    findings: list[Finding],
    home_country: str | None = None,
    languages: FileLanguages | None = None,
) -> CheckedRow:
    """Coerce each cell and build the record; every bad cell becomes a finding.

    A date written with a month's name of several meanings ("listopad") is read in
    `languages`, the file's (else the cluster's country's), `evidence.worddates`.

    The values are then held to `evidence.values`' rules (regions, tags, satisfaction),
    a member's region looked up in its country, else in `home_country` (the cluster's).

    The problems of a row are listed in the order they are found (cells left to right,
    then the attachment and status, then what the record's model refuses).
    """
    convert = _converters(row.kind)
    cells = row.cells
    values: dict[str, Any] = {}
    review: dict[str, Any] = {}
    problems: list[tuple[str | None, Text]] = []  # (column, message)
    failed: set[str] = set()
    for fname, (label, raw) in cells.items():
        if fname in _REVIEW:
            review[fname] = None if is_blank(raw) else str(raw).strip()
            continue
        try:
            value = convert[fname](raw)
        except CellError as exc:
            settled = (
                _in_languages(raw, languages or FileLanguages(country_languages(home_country)))
                if fname in _date_fields(row.kind)
                else None
            )
            if settled is not None:
                values[fname] = settled
                continue
            refusal = refused_value(row.kind, fname, raw, exc.message)
            problems.append((label, removed_choice(row.kind, fname, raw) or refusal))
            failed.add(fname)
            continue
        if value is not None:
            values[fname] = value
    for fname, unit_problem in settle_units(values):  # "leden 2025": a month's precision
        problems.append((_label(row, fname) or fname, unit_problem))
        failed.add(fname)
    for fname, problem in check_values(row.kind, values, home_country):
        problems.append((_label(row, fname) or fname, problem))
        failed.add(fname)
    if "start" not in values and isinstance(values.get("year"), int) and "start" not in cells:
        # a financial year given alone is the span its amount covers (pro rata, G9)
        values["start"] = date(values["year"], 1, 1)
        if "end" not in cells:
            values["end"] = date(values["year"], 12, 31)
    if values.get("attachment") and workspace is None:
        problems.append((_label(row, "attachment"), NO_ATTACHMENTS))
    elif values.get("attachment") and workspace is not None:
        digest = _attachment_sha256(str(values["attachment"]), workspace)
        if isinstance(digest, Msg):
            problems.append((_label(row, "attachment"), digest))
        else:
            values["attachment_sha256"] = digest
    status = review.get("status")
    if status is not None:
        status = status.casefold().replace(" ", "_")
        if status not in STATUSES:
            # `withdrawn` is read (an export holds it) but never offered: it is no verdict
            problems.append((_label(row, "status"), _unknown_status(review["status"], status)))
            status = None
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
                problems.append((_label(row, fname) or fname, error_message(fname, err)))
    if record is not None:
        for fname, message in record_problems(record):
            problems.append((_label(row, fname) or _label(row, "project_status"), message))
    for column, message in problems:
        findings.append(Finding(file=row.file, location=row.location(column), message=message))
    return CheckedRow(
        record=None if problems else record,
        where=row.where(),
        status=status,
        reviewer=review.get("reviewer"),
        note=review.get("review_note"),
        digest=review.get("digest"),
    )


_REVIEW = frozenset(REVIEW_COLUMNS)


@cache
def _date_fields(kind: str) -> frozenset[str]:
    return frozenset(name for name, info in kind_fields(kind).items() if info.type == "date")


def _in_languages(raw: Any, languages: FileLanguages) -> date | UnitDate | None:
    """A date cell refused for a month's name of several meanings, read in the file's
    languages when they settle it; None otherwise (the refusal stands)."""
    if not isinstance(raw, str):
        return None
    read = languages.read(raw.strip())
    return read if isinstance(read, date | UnitDate) else None


def _label(row: RawRow, fname: str) -> str | None:
    cell = row.cells.get(fname)
    return cell[0] if cell else None


@cache
def _converters(kind: str) -> dict[str, Converter]:
    """Field -> its cell converter, built once per kind rather than looked up per cell."""
    return {name: converter(info) for name, info in kind_fields(kind).items()}


def _unknown_status(typed: str, status: str) -> Msg:
    """A status column's value that is no review status (`typed` as the cell has it,
    `status` normalised), with the nearest ones when any is near."""
    refusal = M(
        "{value} is not one of {choices}", value=repr(typed), choices=", ".join(REVIEW_STATUSES)
    )
    return with_suggestion(refusal, status, REVIEW_STATUSES)


def error_message(fname: str, err: Any) -> Text:
    """Pydantic's wording turned into what a cluster manager should type instead: a
    message (the reader's language; `str()` its English), else pydantic's own English
    (a model's rule, such as an end before the start)."""
    ctx = err.get("ctx") or {}
    match err["type"]:
        case "missing":
            return M("{field} is required", field=fname)
        case "greater_than" | "greater_than_equal" if err["input"] != err["input"]:  # NaN
            return M(
                "nan is not a finite number: {field} takes a number such as 1250.5", field=fname
            )
        case "greater_than":
            return M(
                "{value} is too small: {field} must be more than {limit}",
                value=repr(err["input"]),
                field=fname,
                limit=str(ctx.get("gt")),
            )
        case "greater_than_equal":
            return M(
                "{value} is too small: {field} must be at least {limit}",
                value=repr(err["input"]),
                field=fname,
                limit=str(ctx.get("ge")),
            )
        case "less_than_equal":
            shown = repr(err["input"])
            shown = shown if len(shown) <= 24 else f"{float(err['input']):.1e}"
            return M(
                "{value} is too large: {field} must be at most {limit}",
                value=shown,
                field=fname,
                limit=str(ctx.get("le")),
            )
        case "value_error" if isinstance(ctx.get("error"), CountryError):
            return ctx["error"].message  # the nearest countries with it (`evidence.countries`)
        case "string_pattern_mismatch" if fname.endswith("slug"):
            return M(
                "{value} is not a cluster slug: lowercase letters, digits and hyphens, "
                "starting with a letter or digit, at most 63 (e.g. nanotex-liberec)",
                value=repr(err["input"]),
            )
        case "string_too_long":
            return M(
                "{field} is too long (at most {most} characters)",
                field=fname,
                most=str(ctx.get("max_length")),
            )
    return str(err["msg"]).removeprefix("Value error, ")


def attachment_file(rel: str, workspace: Path) -> Path | Msg:
    """The file an attachment path names inside the workspace; the message why not when
    refused (a URL, a path that leaves the workspace, no such file). The import and the
    web page's download both resolve attachments here, so neither can leave the
    workspace."""
    if "://" in rel or rel.startswith("file:"):
        return M("an attachment is a path inside the workspace, not a URL (use the url column)")
    shown: str | Msg = repr(rel)
    if len(rel) > 80:
        shown = M("{path}... ({n} characters)", path=repr(rel[:60]), n=len(rel))
    where = str(workspace)
    try:  # a name the file system cannot hold, a loop of links: the row's problem
        target = (workspace / rel).resolve()
        if not target.is_relative_to(workspace):
            return M(
                "attachment {path} is outside the workspace {workspace}; refused",
                path=shown,
                workspace=where,
            )
        if not target.is_file():
            return M(
                "attachment {path} does not exist in the workspace {workspace}",
                path=shown,
                workspace=where,
            )
        return target
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop, before Python 3.13
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _unreadable(shown, why, where)


def _unreadable(shown: str | Msg, why: str, workspace: str) -> Msg:
    return M(
        "attachment {path} cannot be read ({why}); give a file inside {workspace}",
        path=shown,
        why=why,
        workspace=workspace,
    )


def _attachment_sha256(rel: str, workspace: Path) -> str | Msg:
    """SHA-256 of an attachment inside the workspace; the message why not when refused."""
    target = attachment_file(rel, workspace)
    if isinstance(target, Msg):
        return target
    try:
        return file_sha256(target)
    except OSError as exc:
        return _unreadable(repr(rel), exc.strerror or str(exc), str(workspace))


# -- 4. the row against the store -----------------------------------------------------
def row_finding(r: CheckedRow, message: Text) -> Finding:
    """A problem of a valid row, located at the row and naming its record."""
    record = r.record
    assert record is not None
    return Finding(
        file=record.source.file if record.source else "",
        location=record.source.location if record.source else Location(text=r.where),
        message=message,
        record_id=record.id,
    )


_FILE_END = "\x00"  # between a first place's file and its row (no file name holds one)


def first_place(r: CheckedRow) -> str:
    """Where a record was first met in an import, for `duplicate`: its file and row."""
    file = r.record.source.file if r.record is not None and r.record.source else ""
    return f"{file}{_FILE_END}{r.where}"


def duplicate(r: CheckedRow, first: str) -> Finding:
    """The row holds the same record as the row at `first` (`first_place`) of this import:
    "row 4" in the same file, "a.yaml:1" in another (two files imported together)."""
    record = r.record
    assert record is not None
    file, _, where = first.rpartition(_FILE_END)
    mine = record.source.file if record.source else ""
    first = where if file == mine or not file else f"{file}:{where}"
    org_id = getattr(record, "org_id", None)
    if org_id:  # the same organisation under another name: the key is its org_id
        return row_finding(
            r,
            f"same organisation as {first}: both rows have org_id {org_id} ({record.title!r}); "
            "keep one row, or correct the org_id if they are two organisations; if it left "
            "and joined again, give each membership's row an id of its own",
        )
    return row_finding(
        r,
        f"same record as {first} ({record.kind} {record.title!r}, id {record.id}); "
        "give each a distinct id or title, or keep one",
    )


def refuse_new(status: str, reviewer: str | None) -> str | None:
    """Why a new record cannot be stored with `status` (None: it can)."""
    if status not in ("draft", "submitted") and not reviewer:
        return (
            f"a new record cannot start as {status!r}: import it as submitted, then review it "
            f"(`clex evidence review ID --status {status} --reviewer NAME`)"
        )
    return None


def refuse_change(
    r: CheckedRow,
    stored: dict[str, Any],
    *,
    changed: bool,
    reviewed: bool,
    reviewer: str | None,
) -> str | None:
    """Why a row cannot change its stored record (None: it can).

    `changed`: the content differs; `reviewed`: the row sets another status or adds a
    review note. This is the manager's import (a review import, `--reviewer`, decides in
    `evidence.review_import`): a row of an exported workbook whose digest says the
    record's content changed in the store after the export is a conflict when it changes
    the content (it would write the old values back); a review needs a reviewer.
    """
    record = r.record
    assert record is not None
    if (
        changed
        and r.digest is not None
        and not exported_content_is_current(r.digest, record.cluster, record.id, stored["sha"])
    ):
        return (
            f"conflict: record {record.id} changed in the store after this file was "
            "exported (its digest is not the stored content's); export again and redo "
            "this row"
        )
    if reviewed and not reviewer:
        return (
            f"the status column changes {record.id} from {stored['status']!r} to "
            f"{r.status or stored['status']!r}: a review is recorded with `clex evidence "
            "review ID --status S --reviewer NAME`, or in a workbook from `clex evidence "
            "export` imported with --reviewer NAME"
        )
    return None


# -- 5. a review by hand --------------------------------------------------------------


def check_review(status: str, reviewer: str, old: str | None = None) -> None:
    """Raise `UserDataError` unless `status` is known and a reviewer is named; a review
    never sets `withdrawn` nor takes a record out of it (`old`: its status now)."""
    if status == WITHDRAWN or old == WITHDRAWN:
        message = WITHDRAWING_IS_THE_MANAGERS
        if old == WITHDRAWN:
            message = "the record is withdrawn: `clex evidence restore ID` first; " + message
        raise UserDataError([Finding(message=message)])
    if status not in STATUSES:
        raise UserDataError(
            [Finding(message=f"unknown status {status!r}; use one of {', '.join(REVIEW_STATUSES)}")]
        )
    if not reviewer.strip():
        raise UserDataError([Finding(message="a review needs --reviewer NAME")])
