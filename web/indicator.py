"""One indicator of a kept assessment: its value, why, the records behind it, near misses.

Why a module of its own: this is where a manager asks "why only 2 points?" and an
auditor "which records make this 53?". It shows what the snapshot says and nothing
else: the value and points, the engine's explanation (in the page's language through
the reports' `Sentences`), the findings, the records the snapshot cites for the
indicator with their title, kind, date and status as they stood when it was assessed
(`EvidenceRef`), and the near misses the engine kept (`IndicatorResult.not_counted`:
records that failed exactly one condition, and which one).

Decisions:
- a record is a link to its page only for someone who may open records
  (`may("evidence", slug)`); a board member sees the titles, not the links;
- an indicator may cite thousands of records: the page lists `PAGE` of them at a time,
  in the report appendix's order (by date, then id), with `?page=`; the snapshot is
  read whole anyway (it is one document), the store's records never are;
- the catalogue's definition is not in a snapshot (only its digest), so the page says
  what the engine says of it: the explanation and the condition each near miss failed.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query
from starlette.requests import Request
from starlette.responses import Response

from reports.context import build_context, sentences
from reports.i18n import catalogue_titles

from .dashboard import Kept, kept
from .i18n import lang_of
from .render import page

router = APIRouter()

PAGE = 100  # records listed at a time


@router.get("/clusters/{slug}/indicators/{indicator_id}")
def indicator(
    request: Request,
    indicator_id: str,
    page_no: int = Query(1, alias="page"),
    shown: Kept = Depends(kept),
) -> Response:
    snapshot = shown.snapshot
    if snapshot is None or all(i.id != indicator_id for i in snapshot.indicators):
        raise HTTPException(status_code=404)
    lang = lang_of(request)
    ctx = build_context(snapshot, lang=lang)
    row = ctx.indicator(indicator_id)
    result = snapshot.indicator(indicator_id)
    say = sentences(snapshot, catalogue_titles(snapshot, lang.code), lang)
    pages = max(1, -(-len(row.evidence) // PAGE))
    number = min(max(page_no, 1), pages)
    area = next((a for a in ctx.areas if a.id == row.area), None)
    return page(
        request,
        "indicator.html",
        cluster=shown.cluster,
        kept=shown,
        snapshot=snapshot,
        row=row,
        area=area,
        misses=[(m, say(m.condition)) for m in result.not_counted],
        misses_total=result.not_counted_total,
        records=row.evidence[(number - 1) * PAGE : number * PAGE],
        page_no=number,
        pages=pages,
        first=(number - 1) * PAGE + 1,
        gap=next((g for g in ctx.gaps if g.indicator == indicator_id), None),
    )
