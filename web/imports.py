"""Import in the page: upload a workbook or a saved page, see the dry run, then confirm.

Why this shape: a manager must see what an import would do (and every problem, located
as the command line lists it) before anything is stored, and confirm the same files,
not a second upload. So the upload is saved once, in a private folder of its own
(`mkdtemp`, 0700, named by a random token; the file named by a sanitised name, never by
a path the browser sent), the dry run is `evidence.ingest.import_files(dry_run=True)`,
and the confirmation runs the same call for real on the same files: the same reader,
the same hostile-input guards, the same all-or-nothing transaction as `clex import`.
The records name the file the manager uploaded (`names=`), not the temporary path.

A pending upload belongs to one session, user and cluster (its token is kept in the
signed session, and who and where are written beside the files); it expires after
`PENDING_MINUTES`, and its folder is removed when it is confirmed, cancelled or found
expired (every visit to the import screen sweeps the expired ones away).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import threading
import time
import unicodedata
import weakref
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from evidence.changes import show_diff
from evidence.errors import UserDataError
from evidence.findings import Finding
from evidence.ingest import ImportReport, import_files
from evidence.models import KINDS
from evidence.store import Store

from .access import require
from .deps import audit, cluster_or_404, current_user, store_of
from .render import page
from .users import User

router = APIRouter()
_ROOT_LOCK = threading.Lock()
PENDING_MINUTES = 30
PREVIEW_ROWS = 50  # rows of the plan shown (the counts cover them all)
MAX_FILES = 20
NAME_MAX = 200  # characters of an uploaded file's name kept for messages and the source
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_META = "upload.json"
_SESSION = "imports"
_DONE = "imported"  # the session's last confirmed uploads: token -> [cluster, batch]


@dataclass(frozen=True)
class Pending:
    """An upload waiting for its confirmation: its folder, files and their names."""

    token: str
    folder: Path
    user: str
    cluster: str
    names: list[str]
    kind: str | None
    created: float

    @property
    def paths(self) -> list[Path]:
        return [self.folder / str(i) / safe_name(n) for i, n in enumerate(self.names)]

    @property
    def expired(self) -> bool:
        return time.time() - self.created > PENDING_MINUTES * 60


def upload_root(request: Request) -> Path:
    """The folder that holds the pending uploads (one private folder each): the
    application's own, made by `tempfile.mkdtemp` on first use (mode 0700, a new name:
    a folder another user of the machine made first in /tmp is never used), and removed
    with whatever is still pending when the application ends (`weakref.finalize` runs at
    the interpreter's exit too): a pending upload cannot outlive its server, whose next
    start makes a folder of another name, so left behind it would only pile up."""
    state = request.app.state
    configured = getattr(state, "upload_dir", None)
    if configured:
        root = Path(configured)
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return root
    with _ROOT_LOCK:
        made = getattr(state, "upload_tmp", None)
        if made is None or not Path(made).is_dir():
            made = state.upload_tmp = tempfile.mkdtemp(prefix="clex-uploads-")
            weakref.finalize(request.app, shutil.rmtree, made, ignore_errors=True)
    return Path(made)


def shown_name(filename: str | None) -> str:
    """The name the user gave a file, for messages and the records' source: its last
    path part (a browser may send a whole path), without control characters, at most
    `NAME_MAX` characters. A longer name is cut before its suffix, not through it: a
    300-character `….yaml` was cut to no suffix and refused as "unsupported file type"."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > NAME_MAX:  # shortened in the middle: the suffix picks the reader
        stem, dot, suffix = name.rpartition(".")
        ending = f".{suffix}" if dot and stem and len(suffix) <= 10 else ""
        name = name[: NAME_MAX - len(ending) - 1].rstrip() + "…" + ending
    return name or "upload"


def safe_name(name: str) -> str:
    """The name an upload is saved under: letters, digits, `.-_` only, its suffix kept
    (the reader is chosen by it), never a path."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean = re.sub(r"[^A-Za-z0-9_-]+", "_", ascii_stem).strip("_")[:80] or "upload"
    ext = re.sub(r"[^A-Za-z0-9]+", "", suffix)[:10].lower()
    return f"{clean}.{ext}" if ext else clean


def _load(root: Path, token: str) -> Pending | None:
    if not _TOKEN.match(token):
        return None
    folder = root / token
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Pending(
        token,
        folder,
        meta["user"],
        meta["cluster"],
        meta["names"],
        meta["kind"],
        float(meta["created"]),
    )


def sweep(root: Path) -> None:
    """Removes the pending uploads that expired (or whose description is unreadable)."""
    for folder in root.iterdir():
        pending = _load(root, folder.name)
        try:  # another request may have removed it meanwhile
            too_old = time.time() - folder.stat().st_mtime > PENDING_MINUTES * 60
        except FileNotFoundError:
            continue
        if (pending is None and too_old) or (pending is not None and pending.expired):
            shutil.rmtree(folder, ignore_errors=True)


def _running(root: Path, token: str) -> Path:
    """Where an upload is while its confirmation runs (claimed by a rename)."""
    return root / f"{token}.run"


def _forget(request: Request, pending: Pending) -> None:
    shutil.rmtree(pending.folder, ignore_errors=True)
    tokens = [t for t in request.session.get(_SESSION, []) if t != pending.token]
    request.session[_SESSION] = tokens


async def _save(
    root: Path, uploads: list[UploadFile], user: str, slug: str, kind: str | None
) -> tuple[Pending, list[Finding]]:
    """Saves the uploads in a new private folder; problems: empty files, too many."""
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir(mode=0o700)
    names = [shown_name(u.filename) for u in uploads]
    problems = []
    if len(uploads) > MAX_FILES:
        problems.append(Finding(message=f"at most {MAX_FILES} files at once"))
    for i, (upload, name) in enumerate(zip(uploads, names, strict=True)):
        target = folder / str(i) / safe_name(name)
        target.parent.mkdir(mode=0o700)
        size = 0
        with target.open("xb") as out:
            while chunk := await upload.read(1024 * 1024):
                size += len(chunk)
                out.write(chunk)
        if size == 0:
            problems.append(Finding(file=name, message="the file is empty"))
    created = time.time()
    meta = {"user": user, "cluster": slug, "names": names, "kind": kind, "created": created}
    (folder / _META).write_text(json.dumps(meta), encoding="utf-8")
    return Pending(token, folder, user, slug, names, kind, created), problems


def _run(store: Store, user: User, pending: Pending, *, dry_run: bool) -> ImportReport:
    return import_files(
        store,
        pending.paths,
        cluster=pending.cluster,
        kind=pending.kind,
        dry_run=dry_run,
        actor=user.name,
        command=f"web: import {' '.join(pending.names)}",
        names=pending.names,
        attachments=False,  # no file of the server's folder: it may be anyone's
    )


def _problems(findings: list[Finding], pending: Pending) -> list[dict[str, Any]]:
    """Each finding as the page's table shows it: file, sheet, row, column, the rest of
    its location, severity and message (the temporary folder never shown)."""
    hidden = str(pending.folder)
    out = []
    for f in findings:
        loc = f.location
        # a text file's line is its row (a YAML finding put its line under "Where else"
        # and its column beside an empty row)
        row = loc.row if loc.row is not None else loc.line
        rest = ":".join(
            p
            for p in (
                str(loc.line) if loc.line is not None and loc.row is not None else "",
                f"offset {loc.offset}" if loc.offset is not None else "",
                f"byte {loc.byte}" if loc.byte is not None else "",
                loc.key or "",
                loc.text or "",
                f.record_id or "",
            )
            if p
        )
        out.append(
            {
                "file": f.file.replace(hidden, "…"),
                "sheet": loc.sheet or "",
                "row": row if row is not None else "",
                "column": loc.column if loc.column is not None else "",
                "where": rest,
                "severity": f.severity,
                "message": f.message
                if not isinstance(f.message, str)
                else f.message.replace(hidden, "…"),
            }
        )
    return out


def _plan(report: ImportReport) -> list[dict[str, Any]]:
    rows = [o for o in report.outcomes if o.action != "unchanged"][:PREVIEW_ROWS]
    return [
        {
            "action": o.action,
            "kind": o.kind,
            "id": o.id,
            "title": o.title,
            "start": o.start,
            "end": o.end,
            "where": o.where,
            "changes": "; ".join(show_diff(d) for d in o.changes),
        }
        for o in rows
    ]


def _refused(
    request: Request, store: Store, pending: Pending, findings: Any, summary: str = ""
) -> Response:
    """The upload's problems, every one located, and nothing stored (422)."""
    return _form(
        request,
        store,
        pending.cluster,
        status=422,
        stage="problems",
        names=pending.names,
        problems=_problems(findings, pending),
        summary_text=summary,
    )


def _form(request: Request, store: Store, slug: str, status: int = 200, **values: Any) -> Response:
    defaults: dict[str, Any] = {
        "stage": "form",
        "kinds": sorted(KINDS),
        "problems": [],
        "warnings": [],
        "plan": [],
        "summary": None,
        "pending": None,
        "more": 0,
        "batch": None,
        "names": [],
        "summary_text": "",
    }
    defaults.update(values)
    return page(
        request, "import.html", status=status, cluster=cluster_or_404(store, slug), **defaults
    )


@router.get("/clusters/{slug}/import")
def import_form(
    request: Request,
    slug: str,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "import", slug)
    sweep(upload_root(request))
    return _form(request, store, slug)


@router.post("/clusters/{slug}/import")
async def import_upload(
    request: Request,
    slug: str,
    files: list[UploadFile] = File(...),
    kind: str = Form(""),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "import", slug)
    root = upload_root(request)
    sweep(root)
    chosen_kind = kind if kind in KINDS else None
    pending, problems = await _save(root, files, user.name, slug, chosen_kind)
    names = pending.names
    if problems:
        shutil.rmtree(pending.folder, ignore_errors=True)
        return _refused(request, store, pending, problems)
    try:  # the importer is synchronous: off the event loop, as a sync route would be
        report = await run_in_threadpool(_run, store, user, pending, dry_run=True)
    except UserDataError as exc:
        shutil.rmtree(pending.folder, ignore_errors=True)
        audit(request, "import refused", cluster=slug, detail=", ".join(names))
        return _refused(request, store, pending, exc.findings, exc.summary)
    request.session[_SESSION] = [*request.session.get(_SESSION, [])[-9:], pending.token]
    audit(request, "import preview", cluster=slug, detail=", ".join(names))
    shown = sum(1 for o in report.outcomes if o.action != "unchanged")
    return _form(
        request,
        store,
        slug,
        stage="preview",
        names=names,
        pending=pending,
        summary=report.summary(),
        plan=_plan(report),
        more=max(0, shown - PREVIEW_ROWS),
        warnings=_problems([f for f in report.findings if f.severity != "error"], pending),
    )


def _pending_of(request: Request, user: User, slug: str, token: str) -> Pending:
    """The session's own pending upload `token` for this user and cluster, else 404."""
    pending = _load(upload_root(request), token)
    if (
        pending is None
        or token not in request.session.get(_SESSION, [])
        or pending.user != user.name
        or pending.cluster != slug
    ):
        raise HTTPException(status_code=404)
    return pending


@router.post("/clusters/{slug}/import/{token}/confirm")
def import_confirm(
    request: Request,
    slug: str,
    token: str,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "import", slug)
    done = request.session.get(_DONE, {})
    if token in done and done[token][0] == slug:  # a reload, a second click: not "not found"
        return _form(request, store, slug, stage="already", batch=done[token][1])
    if _TOKEN.match(token) and _running(upload_root(request), token).is_dir():
        return _form(request, store, slug, stage="already", batch=None)  # under way
    pending = _pending_of(request, user, slug, token)
    if pending.expired:
        _forget(request, pending)
        return _form(request, store, slug, status=410, stage="expired", names=pending.names)
    # claimed by a rename before it runs: of two clicks at once (the session cookie of
    # the first not back yet), the second finds it gone and imports nothing
    claimed = _running(pending.folder.parent, token)
    try:
        pending.folder.rename(claimed)
    except OSError:
        return _form(request, store, slug, stage="already", batch=None)
    pending = replace(pending, folder=claimed)
    try:
        report = _run(store, user, pending, dry_run=False)
    except UserDataError as exc:
        _forget(request, pending)
        audit(request, "import refused", cluster=slug, detail=", ".join(pending.names))
        return _refused(request, store, pending, exc.findings, exc.summary)
    _forget(request, pending)
    command = f"web: import {' '.join(pending.names)}"
    batch = next(
        (
            b["id"]
            for b in reversed(store.batch_list(slug))
            if b["actor"] == user.name and b["command"] == command
        ),
        None,
    )
    summary = report.summary()
    request.session[_DONE] = dict(
        [*request.session.get(_DONE, {}).items()][-4:], **{token: [slug, batch]}
    )
    audit(
        request,
        "import",
        cluster=slug,
        target=f"batch {batch}",
        detail=f"{', '.join(pending.names)}: {json.dumps(summary)}",
    )
    return _form(
        request,
        store,
        slug,
        stage="done",
        names=pending.names,
        summary=summary,
        batch=batch,
        warnings=_problems([f for f in report.findings if f.severity != "error"], pending),
    )


@router.post("/clusters/{slug}/import/{token}/cancel")
def import_cancel(
    request: Request,
    slug: str,
    token: str,
    user: User = Depends(current_user),
) -> Response:
    require(user, "import", slug)
    _forget(request, _pending_of(request, user, slug, token))
    audit(request, "import cancelled", cluster=slug)
    return RedirectResponse(f"/clusters/{slug}/import", status_code=303)
