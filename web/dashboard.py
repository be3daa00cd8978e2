"""A cluster's dashboard: the score, the labels and why, the path to Gold, the indicators.

Why a module of its own: it is the page a cluster's people land on, and it must say
what the PDF report says, in the same words. So it reads a kept snapshot only (never
the store's records: one document, whatever the cluster's size) and shows it
through the reports' own view (`reports.context.build_context`: the label sentence,
the reasons, the Gold plan, the gaps in the snapshot's order, titles in the page's
language), adding no rule and no wording of its own to what the engine decided.

Decisions:
- the newest kept snapshot is the one the store lists first (`Store.saved_snapshots`:
  the latest period, the latest kept within it); `?n=` picks another of the cluster's
  kept snapshots, and a number that is not one of them is "not found";
- `kept` is the dependency both pages take (`web.indicator` too): the access check
  against the URL's cluster and the snapshot, so both pick the same one for `?n=`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from assessment.period import Period
from assessment.snapshot import Snapshot
from assessment.snapshot_file import kept_snapshot
from evidence.models import ClusterProfile
from evidence.store import Store, as_utc
from reports.context import build_context, key_messages
from reports.html import counting_text

from .access import require
from .deps import cluster_or_404, current_user, store_of
from .i18n import lang_of
from .render import page
from .users import User

router = APIRouter()


@dataclass(frozen=True)
class Kept:
    """The snapshot a page shows, its number, and the cluster's kept ones to pick from."""

    cluster: ClusterProfile
    number: int | None
    snapshot: Snapshot | None
    choices: list[dict[str, Any]]  # `Store.saved_snapshots` rows, newest period first


def kept(
    slug: str,
    n: int | None = None,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Kept:
    """The dependency of both pages: the user may see `slug`'s dashboard (else 404/403),
    and its kept snapshot `n` (None: the newest); 404 for a number that is not one of
    this cluster's (another cluster's number included)."""
    require(user, "dashboard", slug)
    cluster = cluster_or_404(store, slug)
    choices = store.saved_snapshots(slug)
    if n is None:
        number = choices[0]["id"] if choices else None
    elif any(row["id"] == n for row in choices):
        number = n
    else:
        raise HTTPException(status_code=404)
    snapshot = kept_snapshot(store, slug, number) if number is not None else None
    return Kept(cluster, number, snapshot, choices)


def period_label(row: dict[str, Any]) -> str:
    """A kept snapshot's period as the reports name it ("2024", "2024-2025")."""
    return str(Period(row["period_start"], row["period_end"]))


def period_choices(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(number, label) of each kept snapshot; a period kept more than once says when each
    was kept (two "2024-2025" in the menu could not be told apart)."""
    labels = [period_label(row) for row in rows]
    twice = {label for label in labels if labels.count(label) > 1}
    return [
        (
            row["id"],
            f"{label} · {as_utc(row['created_at']):%Y-%m-%d %H:%M} UTC"
            if label in twice
            else label,
        )
        for row, label in zip(rows, labels, strict=True)
    ]


@router.get("/clusters/{slug}")
def dashboard(request: Request, shown: Kept = Depends(kept)) -> Response:
    values: dict[str, Any] = {
        "cluster": shown.cluster,
        "kept": shown,
        "periods": period_choices(shown.choices),
    }
    if shown.snapshot is not None:
        lang = lang_of(request)
        ctx = build_context(shown.snapshot, lang=lang)
        values.update(
            ctx=ctx,
            messages=key_messages(ctx),
            counting=counting_text(shown.snapshot, lang),
        )
    return page(request, "dashboard.html", **values)
