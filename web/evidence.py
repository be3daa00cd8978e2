"""The evidence list: a cluster's records, filtered, searched and paged to any size.

Why this shape: a cluster may hold 100,000 records, so the page never asks for them all.
It asks the store for one keyset page (`Store.record_page`: 50 rows after the last one
shown, in `clex evidence list`'s order kind, start, id) and streams the page out as
Jinja generates it. It counts nothing: a count of a 100,000-record cluster on every page
would cost more than the page itself, and "next" / "first" is what a keyset can offer
honestly. The filters are a plain GET form and the pager plain links, so the list reads
without JavaScript; htmx only swaps the table in place and keeps the URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from evidence.models import KINDS, STATUSES
from evidence.record_edges import LAST_DAY as _LAST
from evidence.store import Store
from reports.i18n import Lang

from .access import require
from .deps import cluster_or_404, signed_in, store_of
from .i18n import lang_of
from .render import environment, streamed

router = APIRouter()
PAGE_SIZE = 50
_SEP = "|"  # between the parts of a cursor: kind|start|id (a kind and a date hold none)


def source_text(row: dict[str, Any], row_word: str, offset_word: str) -> str:
    """Where a record came from, in one line: file · sheet · row N (or offset N)."""
    parts = [row["source_file"] or ""]
    if row["source_sheet"]:
        parts.append(row["source_sheet"])
    if row["source_row"] is not None:
        parts.append(f"{row_word} {row['source_row']}")
    if row["source_offset"] is not None:
        parts.append(f"{offset_word} {row['source_offset']}")
    return " · ".join(p for p in parts if p)


class Line(NamedTuple):
    """One row of the list as the page shows it: every cell's text is worded here, once,
    not by a template filter per cell (Jinja's filters, attribute look-ups and URL
    quoting were two thirds of the page's time)."""

    href: str
    day: str
    kind: str
    title: str
    status: str
    status_word: str
    source: str


def lines(rows: list[dict[str, Any]], base: str, lang: Lang) -> list[Line]:
    """The page's rows worded in `lang`, each linking to its record under `base`."""
    day = environment(lang.code).filters["date"]  # the environment's, with its cache
    row_word, offset_word = lang._("row"), lang._("offset")
    return [
        Line(
            f"{base}/{quote(row['id'], safe='/')}",
            day(row["start"], "medium", row["date_precision"]),
            lang.kind(row["kind"]),
            row["title"],
            row["status"],
            lang.status(row["status"]),
            source_text(row, row_word, offset_word),
        )
        for row in rows
    ]


def cursor_of(row: dict[str, Any]) -> str:
    """The cursor after `row`: its kind, start and id."""
    return _SEP.join((row["kind"], row["start"].isoformat(), row["id"]))


def parse_cursor(text: str) -> tuple[str, date, str]:
    """A cursor back as (kind, start, id); a damaged one is a bad request."""
    kind, _, rest = text.partition(_SEP)
    day, _, record_id = rest.partition(_SEP)
    try:
        start = date.fromisoformat(day)
    except ValueError:
        raise HTTPException(status_code=400) from None
    if kind not in KINDS or not record_id:
        raise HTTPException(status_code=400)
    return kind, start, record_id


def filters_of(request: Request) -> dict[str, str]:
    """The list's filters as the URL gives them, each checked (a bad one: 400)."""
    q = request.query_params
    out = {
        "kind": q.get("kind", "").strip(),
        "status": q.get("status", "").strip(),
        "year": q.get("year", "").strip(),
        "q": q.get("q", "").strip()[:200],
    }
    if out["kind"] and out["kind"] not in KINDS:
        raise HTTPException(status_code=400)
    if out["status"] and out["status"] not in STATUSES:
        raise HTTPException(status_code=400)
    out["year"] = _year(out["year"])
    return out


def _year(text: str) -> str:
    """The year filter as digits; a 400 unless a whole year from 1900. A number field
    lets a browser send "2.024e3" for 2024 (a valid number to it), which htmx then
    answered with nothing at all (it swaps no 400): taken as the year it is."""
    if not text:
        return ""
    try:
        value = float(text) if text.isascii() else None
    except ValueError:
        value = None
    if value is None or not value.is_integer() or not 1900 <= value <= _LAST.year:
        raise HTTPException(status_code=400)
    return str(int(value))


@router.get("/clusters/{slug}/evidence")
async def evidence_list(request: Request, slug: str, store: Store = Depends(store_of)) -> Response:
    """Every read of the page (the user, the cluster, the rows) in one trip to the thread
    pool and one transaction; the page then streamed from the event loop. A sync route
    with the usual `current_user` took three trips, each more than the page's query."""
    values = await run_in_threadpool(_page, request, store, slug)
    return streamed(request, "evidence.html", **values)


def _page(request: Request, store: Store, slug: str) -> dict[str, Any]:
    with store.reading():
        user = signed_in(request, store)
        require(user, "evidence", slug)
        cluster = cluster_or_404(store, slug)
        chosen_filters = filters_of(request)
        after = request.query_params.get("after")
        rows = store.record_page(
            slug,
            kind=chosen_filters["kind"] or None,
            status=chosen_filters["status"] or None,
            year=int(chosen_filters["year"]) if chosen_filters["year"] else None,
            text=chosen_filters["q"] or None,
            after=parse_cursor(after) if after else None,
            size=PAGE_SIZE,
        )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    kept = {k: v for k, v in chosen_filters.items() if v}
    base = f"/clusters/{slug}/evidence"
    first = base + ("?" + urlencode(kept) if kept else "")
    following = base + "?" + urlencode({**kept, "after": cursor_of(rows[-1])}) if more else None
    return {
        "cluster": cluster,
        "rows": lines(rows, base, lang_of(request)),
        "filters": chosen_filters,
        "kinds": list(KINDS),
        "statuses": list(STATUSES),
        "first": first if after else None,
        "following": following,
        "paged": bool(after),
    }
