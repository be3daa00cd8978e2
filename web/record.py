"""One record: its fields, source, attachment and history; the manager's edit, withdraw
and restore.

Why a module of its own: a record is where an auditor checks what a score stands on,
so every read here is of the URL's cluster only (a record id of another cluster is "not
found", whatever the user's role), and a download is the file exactly as it was
imported: the attachment is resolved inside the workspace the way an import resolves
it (`evidence.validate.attachment_file`), and a file whose SHA-256 is no longer the
stored one is refused rather than sent. The manager's changes call the library the
command line calls (`evidence.changes`), with the web user as the actor, so they are
logged, checked and undone exactly as `clex evidence edit/withdraw/restore` are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from evidence.changes import EDIT_ORIGIN, NOT_EDITABLE, edit, restore, withdraw
from evidence.findings import Finding, UserDataError
from evidence.messages import Msg
from evidence.models import WITHDRAWN, Record, kind_fields
from evidence.record_history import record_history
from evidence.store import Store, StoreError
from evidence.validate import NO_ATTACHMENTS, attachment_file

from .access import require
from .deps import audit, cluster_or_404, current_user, store_of
from .render import page
from .users import User

router = APIRouter()
_CHUNK = 1 << 16
SHA_HEADER = "X-Content-SHA256"
_WARNED = "edit_warnings"  # the session's key of an edit's warnings, until the page shows them


def record_or_404(store: Store, slug: str, record_id: str) -> Record:
    """The record `record_id` of cluster `slug` (the query is restricted to it); a
    record of another cluster, or none, is not found."""
    try:
        return store.record(slug, record_id)[0]
    except StoreError:
        raise HTTPException(status_code=404) from None


def shown(value: Any) -> Any:
    """A field's value as the page shows it: lists joined, empty as None."""
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value)) or None
    return None if value == "" else value


def fields_of(record: Record) -> list[tuple[str, Any, bool]]:
    """(name, value, a choice's words?) of every field of the record's kind, common ones
    first; dates stay dates (the template says them with the record's precision); a
    choice ("kpi_report", "day") is said in words, in the page's language."""
    return [
        (name, shown(getattr(record, name, None)), info.type == "choice")
        for name, info in kind_fields(record.kind).items()
        if name != "status"  # shown as the badge, in words
    ]


@router.get("/clusters/{slug}/evidence/{record_id}")
def record_page(
    request: Request,
    slug: str,
    record_id: str,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "evidence", slug)
    return _shown(request, store, slug, record_id)


def _shown(
    request: Request,
    store: Store,
    slug: str,
    record_id: str,
    refused: UserDataError | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The record's page; after a refused change, with the problems beside the form that
    was sent and what was typed still in it (a page of its own lost both)."""
    cluster = cluster_or_404(store, slug)
    record = record_or_404(store, slug, record_id)
    entries, _ = record_history(store, slug, record_id)
    if any(e["from"] == EDIT_ORIGIN for e in entries):  # say which command: the web's too
        commands = {b["id"]: b["command"] for b in store.batch_list(slug)}
        for e in entries:
            if e["from"] == EDIT_ORIGIN:
                e["from"] = commands.get(e["batch"], e["from"])
    # an attachment names a file on the server: set by `clex import` where the files are
    editable = [n for n in kind_fields(record.kind) if n not in NOT_EDITABLE and n != "attachment"]
    url = record.url or ""
    return page(
        request,
        "record.html",
        status=422 if refused else 200,
        cluster=cluster,
        record=record,
        fields=fields_of(record),
        # every date field said as a date (approved_on too); only start and end carry
        # the record's precision (a month, a year)
        dates={n for n, info in kind_fields(record.kind).items() if info.type == "date"},
        history=entries,
        editable=editable,
        linkable=url.lower().startswith(("http://", "https://")),
        withdrawn=record.status == WITHDRAWN,
        refused=refused,
        typed=typed or {},
        warnings=_warnings(request, slug, record_id),
        shown_at=f"/clusters/{slug}/evidence/{quote(record_id, safe='')}",
    )


def _warn(request: Request, slug: str, record_id: str, warnings: list[Msg]) -> None:
    """Keep an edit's warnings (`Done.warnings`: what the terminal prints as "warning:
    ...") in the session for the record's page the edit redirects to; none: nothing kept."""
    if warnings:
        said = [w.model_dump(mode="json") for w in warnings]
        request.session[_WARNED] = {"at": [slug, record_id], "warnings": said}
    else:
        request.session.pop(_WARNED, None)


def _warnings(request: Request, slug: str, record_id: str) -> list[Msg]:
    """The warnings of the edit just made to this record, once (the page says them in
    its language); another record's page leaves them for theirs."""
    kept = request.session.get(_WARNED)
    if not isinstance(kept, dict) or kept.get("at") != [slug, record_id]:
        return []
    request.session.pop(_WARNED, None)
    return [Msg.model_validate(w) for w in kept.get("warnings", [])]


def _back(slug: str, record_id: str) -> RedirectResponse:
    return RedirectResponse(f"/clusters/{slug}/evidence/{quote(record_id, safe='')}", 303)


@router.post("/clusters/{slug}/evidence/{record_id}/edit")
def edit_field(
    request: Request,
    slug: str,
    record_id: str,
    field: str = Form(..., max_length=60),
    value: str = Form("", max_length=10_000),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "edit", slug)
    record_or_404(store, slug, record_id)
    try:
        if field == "attachment":  # any file of the server's folder, another cluster's too
            raise UserDataError([Finding(message=NO_ATTACHMENTS)], "nothing was changed")
        done = edit(
            store,
            slug,
            record_id,
            {field: value},
            actor=user.name,
            command=f"web: edit {field}",
            workspace=request.app.state.workspace,
        )
    except UserDataError as exc:
        typed = {"form": "edit", "field": field, "value": value}
        return _shown(request, store, slug, record_id, exc, typed)
    audit(request, "edit", cluster=slug, target=record_id, detail=f"{field}; batch {done.batch}")
    _warn(request, slug, record_id, done.warnings)
    return _back(slug, record_id)


@router.post("/clusters/{slug}/evidence/{record_id}/{action}")
def withdraw_or_restore(
    request: Request,
    slug: str,
    record_id: str,
    action: Literal["withdraw", "restore"],
    reason: str = Form("", max_length=2000),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """`clex evidence withdraw ID --reason ...` / `restore ID [--reason ...]`, by the web
    user (a withdrawal without a reason is refused by the library, as on the command line)."""
    require(user, "edit", slug)
    record_or_404(store, slug, record_id)
    try:
        if action == "withdraw":
            done = withdraw(
                store, slug, [record_id], reason=reason, actor=user.name, command="web: withdraw"
            )
        else:
            done = restore(
                store,
                slug,
                [record_id],
                reason=reason or None,
                actor=user.name,
                command="web: restore",
            )
    except UserDataError as exc:
        return _shown(request, store, slug, record_id, exc, {"form": action, "reason": reason})
    audit(request, action, cluster=slug, target=record_id, detail=f"batch {done.batch}")
    return _back(slug, record_id)


def _private(target: Path, workspace: Path, store: Store) -> bool:
    """A file no attachment may be, even inside the workspace: the store itself (and its
    journal), or a hidden file or folder (`.env`, `.git`)."""
    inside = target.relative_to(workspace.resolve()).parts
    if any(part.startswith(".") for part in inside):
        return True
    db = store.where
    return (
        isinstance(db, Path)
        and target.name.startswith(db.resolve().name)
        and (target.parent == db.resolve().parent)
    )


@router.get("/clusters/{slug}/evidence/{record_id}/attachment")
def attachment(
    request: Request,
    slug: str,
    record_id: str,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """The attachment as imported: refused when it left the workspace, is gone, or its
    SHA-256 is no longer the one stored at import (hashed and sent from one open file)."""
    require(user, "evidence", slug)
    cluster = cluster_or_404(store, slug)
    record = record_or_404(store, slug, record_id)
    if not record.attachment:
        raise HTTPException(status_code=404)
    workspace = request.app.state.workspace
    target = attachment_file(record.attachment, workspace)

    def refused(status: int, problem: str) -> Response:
        return page(
            request, "record_file.html", status=status, cluster=cluster, record=record,
            problem=problem,
        )  # fmt: skip

    if not isinstance(target, Path):  # the message why not (its English words, the id)
        outside = "outside" in target.id or "not a URL" in target.id
        return refused(404, "outside" if outside else "missing")
    if _private(target, Path(workspace), store):
        return refused(404, "outside")
    try:
        handle = target.open("rb")
    except OSError:
        return refused(404, "missing")
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    sha = digest.hexdigest()
    if sha != record.attachment_sha256:
        handle.close()
        return refused(409, "changed")
    handle.seek(0)
    audit(request, "download", cluster=slug, target=record_id, detail=record.attachment)
    name = target.name
    ascii_name = "".join(c if " " <= c <= "~" and c not in '"\\;' else "_" for c in name)
    headers = {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''"
        + quote(name, safe=""),
        "X-Content-Type-Options": "nosniff",
        SHA_HEADER: sha,
        "Content-Length": str(size),
        "Cache-Control": "private, no-store",
    }
    return StreamingResponse(_sent(handle), media_type="application/octet-stream", headers=headers)


def _sent(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        yield from iter(lambda: handle.read(_CHUNK), b"")
