"""A cluster's assessments: the kept ones, running one, their reports, comparing periods.

Why a module of its own: this is the page where a manager does what `clex assess`,
`clex report` and `clex compare` do, without files: the period is read as the command
reads it (`assessment.Period`), the judgements and improvements files go through the
same YAML readers and their guards, Silver's earlier assessment is the kept one the
catalogue asks for (`assessment.previous`, checked against the store as `--previous`
is), and the result is kept in the store (`assessment.keep_snapshot`), never in a file.
The reports are written by `reports.write_report` into a private temporary folder that
is gone once the download is sent. Every route asks `web.access.require` with the
cluster in the URL, and every read is restricted to that cluster.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, UploadFile
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from assessment import Period, assess, keep_snapshot, kept_snapshot
from evidence.findings import Finding, Location, UserDataError
from evidence.store import Store
from reports.i18n import LANGUAGES, catalogue_titles

from .access import require
from .deps import audit, cluster_or_404, current_user, store_of
from .i18n import chosen, lang_of
from .render import page
from .users import User

if TYPE_CHECKING:
    from assessment.benchmark import PeerFile
    from assessment.snapshot import Snapshot
    from criteria.models import Catalogue
    from evidence.models import ClusterProfile

router = APIRouter()
MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class KeptRow:
    """A kept assessment as the list shows it."""

    n: int
    period: str
    catalogue: str
    created: date
    mode: str
    overall: float
    labels: list[tuple[str, bool]]  # (label title in the page's language, ready)


def cluster_of(store: Store, user: User, action: str, slug: str) -> ClusterProfile:
    """The URL's cluster, once the user may do `action` to it (else 404/403)."""
    require(user, action, slug)
    return cluster_or_404(store, slug)


def kept(store: Store, slug: str, n: int) -> Snapshot:
    """The cluster's kept assessment `n` (404: none of that number in this cluster)."""
    snap = kept_snapshot(store, slug, n)
    if snap is None:
        raise HTTPException(status_code=404)
    return snap


@router.get("/clusters/{slug}/assessments", response_class=HTMLResponse)
def assessments(
    request: Request,
    slug: str,
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    cluster = cluster_of(store, user, "reports", slug)
    return _listing(request, store, cluster)


def _listing(
    request: Request,
    store: Store,
    cluster: ClusterProfile,
    refused: UserDataError | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The kept assessments and the form to run one; after a refused run, its problems
    beside the form and what was typed still in it (the files must be chosen again: a
    browser never fills a file field)."""
    slug = cluster.slug
    code = chosen(request)
    rows = []
    unreadable = []  # kept ones no longer read (a period before 1900 kept by an older clex)
    for row in store.saved_snapshots(slug):  # a cluster keeps tens of them, not thousands
        try:
            snap = kept(store, slug, int(row["id"]))
        except UserDataError:  # one of them must not take the list of all the others away
            unreadable.append(int(row["id"]))
            continue
        titles = catalogue_titles(snap, code).labels
        rows.append(
            KeptRow(
                n=int(row["id"]),
                period=snap.period.label,
                catalogue=f"{snap.catalogue.id} {snap.catalogue.version}",
                created=snap.created,
                mode=snap.mode,
                overall=snap.overall,
                labels=[(titles.get(lb.id, lb.title), lb.ready) for lb in snap.labels],
            )
        )
    return page(
        request,
        "assessments.html",
        status=422 if refused else 200,
        cluster=cluster,
        rows=rows,
        unreadable=", ".join(f"#{n}" for n in unreadable),
        today=date.today(),
        refused=refused,
        typed=typed or {},
        shown_at=f"/clusters/{slug}/assessments",
    )


def _date(field: str, text: str, problems: list[Finding]) -> date | None:
    from evidence.cells import CellError, parse_date

    try:
        return parse_date(text)
    except CellError as exc:
        problems.append(Finding(location=Location(key=field), message=exc.message))
        return None


def period_of(text: str, start: str, end: str, problems: list[Finding]) -> Period | None:
    """The period as `clex assess` reads it: a year, years, or from/to dates."""
    text, start, end = text.strip(), start.strip(), end.strip()
    where = Location(key="period")
    if text and (start or end):
        problems.append(Finding(location=where, message="give a period or from/to, not both"))
        return None
    try:
        if text:
            return Period.parse(text)
        if start and end:
            first, last = _date("from", start, problems), _date("to", end, problems)
            return Period(first, last) if first and last else None
    except ValueError as exc:
        problems.append(Finding(location=where, message=str(exc)))
        return None
    problems.append(
        Finding(
            location=where,
            message="say which period: 2024, 2022-2023, or both dates from and to",
        )
    )
    return None


def uploaded(upload: UploadFile | None, folder: Path, name: str) -> Path | None:
    """The upload written into the private `folder` (None: no file was chosen)."""
    if upload is None or not upload.filename:
        return None
    data = upload.file.read()
    if not data:
        return None
    path = folder / name
    path.write_bytes(data)
    return path


def read_upload(
    upload: UploadFile | None, folder: Path, name: str, cat: Catalogue, problems: list[Finding]
) -> list[Any]:
    """A YAML upload read by the command's reader (`load_judgements`, `load_improvements`);
    its problems named after the uploaded file, not the temporary one."""
    from assessment.improvements import load_improvements
    from assessment.judgements import load_judgements

    path = uploaded(upload, folder, f"{name}.yaml")
    if path is None:
        return []
    load = load_judgements if name == "judgements" else load_improvements
    try:
        return list(load(path, cat))
    except UserDataError as exc:
        shown = Path(upload.filename or name).name if upload else name
        problems += [
            f.model_copy(update={"file": shown}) if f.file == str(path) else f for f in exc.findings
        ]
        return []


@router.post("/clusters/{slug}/assessments")
def run(
    request: Request,
    slug: str,
    period: str = Form(""),
    start: str = Form("", alias="from"),
    end: str = Form("", alias="to"),
    audit_mode: bool = Form(False, alias="audit"),
    judgements: UploadFile | None = File(None),
    improvements: UploadFile | None = File(None),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """Assess the period as of today, keep the snapshot, show its dashboard; any problem
    (the period, the files) is listed together and nothing is kept."""
    from assessment.counting import check_as_of
    from assessment.previous import checked_previous, kept_previous
    from assessment.snapshot import counting
    from criteria.loader import require_catalogue

    cluster = cluster_of(store, user, "assess", slug)
    problems: list[Finding] = []
    per = period_of(period, start, end, problems)
    today = date.today()
    if per is not None:
        try:
            check_as_of(per, today, today=today)
        except UserDataError as exc:
            problems += exc.findings
    cat = require_catalogue(None)
    with tempfile.TemporaryDirectory(prefix="clex-run-") as folder:  # 0700, only ours
        found = read_upload(judgements, Path(folder), "judgements", cat, problems)
        named = read_upload(improvements, Path(folder), "improvements", cat, problems)
    if problems or per is None:
        typed = {"period": period, "from": start, "to": end, "audit": "yes" if audit_mode else ""}
        refused = UserDataError(problems, "nothing was assessed")
        return _listing(request, store, cluster, refused, typed)
    earlier = kept_previous(
        store, slug, per, cat, counting("audit" if audit_mode else "self", False)
    )
    snap = assess(
        store,
        slug,
        per,
        as_of=today,
        catalogue=cat,
        judgements=found,
        audit=audit_mode,
        previous=checked_previous(store, earlier, cat) if earlier else None,
        improvements=named,
    )
    n = keep_snapshot(store, snap)
    audit(request, "assessment run", cluster=slug, target=f"assessment {n}", detail=str(per))
    return RedirectResponse(f"/clusters/{slug}?n={n}", status_code=303)


def earlier_alike(store: Store, slug: str, snap: Snapshot) -> list[Snapshot]:
    """The kept periods before `snap`'s of the same length, one per period (the newest
    kept): the trend and the "since" of its report, as the demo gives its reports."""
    own = Period(snap.period.start, snap.period.end)
    out: dict[str, Snapshot] = {}
    for row in store.saved_snapshots(slug):
        per = Period(row["period_start"], row["period_end"])
        alike = (per.months, per.months or per.days) == (own.months, own.months or own.days)
        if per.end >= own.end or not alike or str(per) in out:
            continue
        out[str(per)] = kept(store, slug, int(row["id"]))
    return sorted(out.values(), key=lambda s: s.period.end)


def fitting_peers(request: Request, snap: Snapshot) -> list[PeerFile]:
    """The peers folder's snapshots of the same period, anonymous ("peer snapshot N");
    none when the application has no peers folder or none of them fits."""
    from assessment.benchmark import collect_peers

    folder: Path | None = request.app.state.peers
    if folder is None:
        return []
    peers = [
        p
        for p in collect_peers([folder], remember=True)
        if p.snapshot is not None and p.snapshot.period.label == snap.period.label
    ]
    return [p.model_copy(update={"source": f"peer {i}"}) for i, p in enumerate(peers, 1)]


@router.get("/clusters/{slug}/assessments/{n}/report.{fmt}")
def report(
    request: Request,
    slug: str,
    n: int,
    fmt: str,
    lang: str = Query(""),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """The PDF or the workbook of a kept assessment, written for this download only."""
    from reports import write_report

    cluster_of(store, user, "reports", slug)
    if fmt not in MEDIA:
        raise HTTPException(status_code=404)
    code = lang or chosen(request)
    if code not in LANGUAGES:
        where = Location(key="lang")
        raise UserDataError(
            [Finding(location=where, message=f"no report language {code!r}; use en or cs")],
            "no report was written",
        )
    snap = kept(store, slug, n)
    folder = Path(tempfile.mkdtemp(prefix="clex-report-"))
    gone = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    name = f"{slug}-{snap.period.label}-{code}.{fmt}"
    try:
        written = write_report(
            snap,
            folder / name,
            compare=earlier_alike(store, slug, snap),
            peers=fitting_peers(request, snap),
            lang=code,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    audit(request, "report download", cluster=slug, target=f"assessment {n}", detail=name)
    return FileResponse(written, media_type=MEDIA[fmt], filename=name, background=gone)


@router.get("/clusters/{slug}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    slug: str,
    n: list[int] = Query([]),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """The chosen kept assessments side by side, as the report's trend shows them."""
    from reports.context import trend_view

    cluster = cluster_of(store, user, "reports", slug)
    chosen_n = list(dict.fromkeys(n))
    if not chosen_n:  # a bookmark, or the address typed: the list to choose them from
        return RedirectResponse(f"/clusters/{slug}/assessments", status_code=303)
    if len(chosen_n) < 2:
        raise UserDataError(
            [Finding(location=Location(key="n"), message="choose two or more assessments")],
            "nothing to compare",
        )
    snaps = sorted(
        (kept(store, slug, i) for i in chosen_n), key=lambda s: (s.period.end, s.period.start)
    )
    lang = lang_of(request)
    titles = catalogue_titles(snaps[-1], lang.code)
    area_title = {a.id: titles.areas.get(a.id, a.title) for a in snaps[-1].areas}
    trend = trend_view(snaps[-1], snaps[:-1], snaps[-2], area_title, lang)
    return page(request, "compare.html", cluster=cluster, trend=trend, snaps=snaps)
