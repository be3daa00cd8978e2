"""The association's benchmark: how the clusters compare, without naming any of them.

Why a module of its own: it is the one page that reads many clusters at once, so what
it may show is decided here and only here. An analyst (or an admin) sees the spread of
every value over the clusters' newest kept assessments and the peer snapshots the
application was started with (`assessment.benchmark.spreads`); a manager or a board
member sees their own cluster's newest assessment positioned among the others, exactly
as the report's peers page says it (`reports.peers.peer_view`). Either way a group of
fewer than five clusters shows no figure (the library's rule), and no other cluster's
name, slug or file name reaches the page: peers are "peer 1", "peer 2".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from assessment.benchmark import MIN_GROUP, MIN_RANGE, PeerFile, collect_peers, spreads
from assessment.snapshot_file import kept_snapshot, snapshot_of_text
from evidence.findings import UserDataError
from evidence.store import Store
from reports.context import unit_words
from reports.i18n import catalogue_titles

from .access import require
from .deps import current_user, store_of
from .i18n import lang_of
from .render import page
from .users import User

if TYPE_CHECKING:
    from assessment.snapshot import Snapshot

router = APIRouter()


def kept_latest(store: Store) -> dict[str, Snapshot | None]:
    """Each cluster's newest kept assessment (None: its document cannot be read)."""
    out: dict[str, Snapshot | None] = {}
    for slug, text in store.latest_snapshots().items():
        try:
            out[slug] = snapshot_of_text(text, "a kept assessment", remember=True)
        except UserDataError:
            out[slug] = None
    return out


def peer_files(request: Request) -> tuple[list[PeerFile], str]:
    """The application's peer snapshots, and a problem with its folder ("" when none)."""
    folder: Path | None = request.app.state.peers
    if folder is None:
        return [], ""
    try:
        return collect_peers([folder], remember=True), ""
    except UserDataError as exc:
        return [], exc.summary


def anonymous(peers: list[Snapshot | PeerFile]) -> list[PeerFile]:
    """The peers as "peer 1", "peer 2": a file's name may say whose it is."""
    return [
        PeerFile(source=f"peer {i}", snapshot=p)
        if not isinstance(p, PeerFile)
        else p.model_copy(update={"source": f"peer {i}"})
        for i, p in enumerate(peers, 1)
    ]


@router.get("/benchmark", response_class=HTMLResponse)
def benchmark_page(
    request: Request,
    n: int | None = None,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """`?n=`: a manager's or board member's kept assessment to position (default: the
    cluster's newest)."""
    require(user, "benchmark")
    lang = lang_of(request)
    latest = kept_latest(store)
    files, folder_problem = peer_files(request)
    if user.role in ("analyst", "admin"):
        found = [s for s in latest.values() if s is not None]
        groups, problems = spreads(anonymous([*found, *files]))
        examples = {s.catalogue.sha256: s for s in [*found, *(f.snapshot for f in files)] if s}
        titles, units = {}, {}
        for sha, snap in examples.items():
            named = catalogue_titles(snap, lang.code)
            units[sha] = unit_words(snap, named)
            titles[sha] = {a.id: named.areas.get(a.id, a.title) for a in snap.areas} | {
                i.id: f"{i.id} {named.indicators.get(i.id, i.title)}" for i in snap.indicators
            }
        return page(
            request,
            "benchmark_association.html",
            groups=groups,
            titles=titles,
            units=units,
            problems=[lang.msg(p) for p in problems],
            unreadable=sum(1 for s in latest.values() if s is None),
            folder_problem=folder_problem,
            minimum=MIN_GROUP,
            ranged=MIN_RANGE,
        )
    if n is not None and user.cluster is not None:
        chosen_one = kept_snapshot(store, user.cluster, n)
        if chosen_one is None:
            raise HTTPException(status_code=404)
        latest[user.cluster] = chosen_one
    return own_position(request, user, latest, files, folder_problem, store)


def own_position(
    request: Request,
    user: User,
    latest: dict[str, Snapshot | None],
    files: list[PeerFile],
    folder_problem: str,
    store: Store,
) -> Response:
    """A manager's or board member's cluster among the others, as its report shows it."""
    from reports.peers import peer_view

    lang = lang_of(request)
    own = latest.get(user.cluster or "")
    view = None
    if own is not None:
        others: list[Snapshot | PeerFile] = [
            s for slug, s in latest.items() if s is not None and slug != user.cluster
        ]
        named = catalogue_titles(own, lang.code)
        titles = {a.id: named.areas.get(a.id, a.title) for a in own.areas} | {
            i.id: f"{i.id} {named.indicators.get(i.id, i.title)}" for i in own.indicators
        }
        view = peer_view(own, anonymous([*others, *files]), titles, lang, unit_words(own, named))
    return page(
        request,
        "benchmark_own.html",
        cluster=store.cluster(user.cluster) if user.cluster else None,
        own=own,
        view=view,
        folder_problem=folder_problem,
        minimum=MIN_GROUP,
    )
