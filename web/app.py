"""The application `clex serve` runs: FastAPI, the store, sessions and the page routes.

Why a factory: the command line, the tests and the benchmark each make an application
over their own store (`create_app(db)`), and nothing is opened at import. Errors never
reach the browser as a traceback: a refused or missing page, the user's data problems
(listed, as the command line lists them) and the machine's trouble each get a page of
their own, and so does a fault of clex itself (`web.faults`: a number to quote, its
details in the error log, one line in the server's log).
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from sqlalchemy import make_url
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from evidence.errors import DatabaseUnreachable, MachineError, UserDataError
from evidence.store import Store, StoreError

from . import signin
from .deps import SignInNeeded
from .faults import Faults
from .render import page
from .security import UPLOAD_LIMIT, Guard, LoginRate, csrf_protect

STATIC = Path(__file__).with_name("static")
SESSION_HOURS = 8
log = logging.getLogger(__name__)

# the routers of the screens, each a module of this package with a `router`
SCREENS = [
    "dashboard",
    "indicator",
    "assessments",
    "benchmark",
    "evidence",
    "record",
    "review",
    "imports",
    "admin",
]


def create_app(
    db: str,
    *,
    secret: str | None = None,
    secure: bool = False,
    upload_limit: int = UPLOAD_LIMIT,
    peers: Path | None = None,
    workspace: Path | None = None,
    error_log: Path | None = None,
) -> FastAPI:
    """The web application over the store `db` (which must exist: `clex init` makes it).

    `secret`: the key that signs session cookies (default: a new one per start, so a
    restart signs everyone out); `secure`: the page is served over HTTPS (behind a
    proxy), so cookies are marked Secure and HSTS is sent; `peers`: a folder of peer
    snapshots (`clex benchmark --peers`) the benchmark adds to the clusters of the store;
    `workspace`: the folder records' attachments are in (default: the SQLite store's
    folder, else the current one); no download leaves it; `error_log`: the file a fault
    of clex's details are appended to (`web.faults`; None: not kept)."""
    app = FastAPI(
        title="clex",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.store = Store(db, create=False)
    app.state.login_rate = LoginRate()
    app.state.upload_limit = upload_limit
    app.state.peers = peers
    store = app.state.store
    if workspace is None:
        database = make_url(store.url).database if store.is_sqlite else None
        workspace = Path(database).parent if database else Path.cwd()
    app.state.workspace = workspace.resolve()
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or secrets.token_urlsafe(32),
        session_cookie="clex_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(Faults, error_log=error_log)  # inside Guard: its page gets the headers
    app.add_middleware(Guard, limit=upload_limit, secure=secure)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(signin.router)
    import importlib

    for name in SCREENS:
        app.include_router(importlib.import_module(f"web.{name}").router)
    _handlers(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(request: Request, exc: SignInNeeded) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    @app.exception_handler(HTTPException)
    async def refused(request: Request, exc: HTTPException) -> Response:
        return page(
            request, "error.html", status=exc.status_code, problem=_problem(exc), findings=[]
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return page(request, "error.html", status=400, problem="bad", findings=[])

    @app.exception_handler(UserDataError)
    async def user_data(request: Request, exc: UserDataError) -> Response:
        return page(
            request,
            "error.html",
            status=422,
            problem="data",
            summary=exc.summary,
            findings=exc.findings,
        )

    @app.exception_handler(MachineError)
    async def machine(request: Request, exc: MachineError) -> Response:
        log.error("machine trouble: %s", exc)
        return page(
            request, "error.html", status=503, problem="machine", summary=str(exc), findings=[]
        )

    @app.exception_handler(DatabaseUnreachable)
    async def database_lost(request: Request, exc: DatabaseUnreachable) -> Response:
        """The database server gone or unreachable (mid-session, too): the page says so in
        its user's words, the store's URL and the driver's reason go to the log only."""
        log.error("machine trouble: %s", exc)
        return page(request, "error.html", status=503, problem="database", findings=[])

    @app.exception_handler(StoreError)
    async def store_trouble(request: Request, exc: StoreError) -> Response:
        log.error("store trouble: %s", exc)
        return page(
            request, "error.html", status=503, problem="machine", summary=str(exc), findings=[]
        )


def _problem(exc: HTTPException) -> str:
    if exc.detail == "csrf":
        return "csrf"
    return {401: "signin", 403: "forbidden", 404: "missing", 405: "missing", 413: "large"}.get(
        exc.status_code, "bad"
    )
