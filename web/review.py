"""The auditor's review queue: the next record due, and verify / reject / needs info.

Why a screen of its own: an auditor works through a cluster's submitted records one
after another, and wants the next one in front of them with a key press (v, r, n, s),
not a list to search. Which record is next is the store's query (`Store.review_queue`:
submitted first, then those whose manager answered a "needs info", oldest change first,
the auditor's own records left out); a verdict is `evidence.review.review`, the same
call as `clex evidence review`, which holds the rules (four eyes, withdrawal). A verdict
it refuses is shown on the queue page with its reasons, the record unchanged.

Skipping changes nothing: the skipped ids travel in the URL (`?skip=a,b`), so a skip is
a plain link that works without JavaScript, a reload keeps it, and nothing is kept on
the server for it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from evidence.errors import UserDataError
from evidence.findings import Finding
from evidence.messages import M
from evidence.models import Record, kind_fields
from evidence.review import review
from evidence.store import Store, StoreError

from .access import require
from .deps import audit, cluster_or_404, current_user, store_of
from .render import page
from .users import User

router = APIRouter()
VERDICTS = ("verified", "rejected", "needs_info")
MAX_SKIPPED = 200  # ids kept in the URL; the oldest skip is forgotten first
NOTE_MAX = 10_000  # as a record's notes
NEEDS_A_NOTE = ("rejected", "needs_info")  # a stray key press rejected with nothing said
# fields shown in their own rows (the rest, the kind's own, follow in the model's order)
_SHOWN_APART = {"id", "cluster", "kind", "title", "status", "source", "attachment_sha256"}


def skipped_ids(text: str | None) -> list[str]:
    """The ids of a `skip` parameter (comma separated), at most `MAX_SKIPPED`, no repeats."""
    ids = [i.strip() for i in (text or "").split(",") if i.strip()]
    return list(dict.fromkeys(ids))[-MAX_SKIPPED:]


def queue_url(slug: str, skip: list[str]) -> str:
    from urllib.parse import urlencode

    base = f"/clusters/{slug}/review"
    return f"{base}?{urlencode({'skip': ','.join(skip)})}" if skip else base


def fields_of(record: Record) -> list[tuple[str, Any, bool]]:
    """(field, value, a choice's words?) of the record's filled fields, in the model's
    order (a choice, "kpi_report", is said in words in the page's language)."""
    data = record.model_dump()
    info = kind_fields(record.kind)
    return [
        (name, value, name in info and info[name].type == "choice")
        for name, value in data.items()
        if name not in _SHOWN_APART and value not in (None, "", (), [])
    ]


def _queue_page(
    request: Request,
    store: Store,
    user: User,
    slug: str,
    skip: list[str],
    *,
    shown: str | None = None,
    refused: UserDataError | None = None,
    note: str = "",
    status: int = 200,
) -> Response:
    queue = store.review_queue(slug, user.name, skip)
    record_id = shown or queue.next_id
    record = version = None
    if record_id is not None:
        record, version = store.record(slug, record_id)
    return page(
        request,
        "review.html",
        status=status,
        cluster=cluster_or_404(store, slug),
        queue=queue,
        record=record,
        version=version,
        fields=fields_of(record) if record is not None else [],
        skip=skip,
        skip_text=",".join(skip),
        next_skip=queue_url(slug, [*skip, record_id]) if record_id else None,
        restart=queue_url(slug, []),
        refused=refused,
        note=note,
    )


@router.get("/clusters/{slug}/review")
def review_queue(
    request: Request,
    slug: str,
    skip: str | None = None,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "review", slug)
    return _queue_page(request, store, user, slug, skipped_ids(skip))


@router.post("/clusters/{slug}/review/{record_id}")
def review_record(
    request: Request,
    slug: str,
    record_id: str,
    status: str = Form(...),
    note: str = Form(""),
    skip: str = Form(""),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    require(user, "review", slug)
    try:  # the record must be this cluster's: another's id is not found here
        store.record(slug, record_id)
    except StoreError:
        raise HTTPException(status_code=404) from None
    if status not in VERDICTS:
        raise HTTPException(status_code=400)
    ids = skipped_ids(skip)
    note = note.strip()[:NOTE_MAX]
    if status in NEEDS_A_NOTE and not note:  # the manager is told why, or cannot act on it
        why = M("a rejection or a request for more information says why: write the note")
        refused = UserDataError([Finding(message=why)], "nothing was reviewed")
        return _queue_page(
            request, store, user, slug, ids, shown=record_id, refused=refused, status=422
        )
    try:
        done = review(
            store, slug, [record_id], status=status, reviewer=user.name, note=note or None
        )
    except UserDataError as exc:
        audit(request, "review refused", cluster=slug, target=record_id, detail=status)
        return _queue_page(
            request, store, user, slug, ids, shown=record_id, refused=exc, note=note, status=409
        )
    for rid, old, new in done:
        audit(request, "review", cluster=slug, target=rid, detail=f"{old} -> {new}")
    return RedirectResponse(queue_url(slug, ids), status_code=303)
