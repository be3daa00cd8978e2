"""Signing in and out, the language switch, and where a user lands.

Why a module of its own: the only routes a person reaches without a session. A wrong
name and a wrong password get the same answer (names cannot be guessed); the tenth
wrong password in a row locks the account (`web.users.LOCK_AFTER`); an address that
tries too often is slowed down (`web.security.LoginRate`); each attempt is logged.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from evidence.store import Store
from reports.i18n import LANGUAGES

from .access import home_cluster
from .deps import audit, current_user, fingerprint, store_of
from .render import page
from .security import client_of, csrf_token
from .users import User, sign_in

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """A path on this site to go on to after signing in; never another site's address."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    # browsers read "/\\evil.example" as "//evil.example" and drop tabs and line breaks
    if "\\" in target or any(ord(c) < 33 or ord(c) == 127 for c in target):
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    csrf_token(request)
    return page(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    store: Store = Depends(store_of),
) -> Response:
    rate = request.app.state.login_rate
    if rate.blocked(client_of(request)):
        audit(
            request, "sign-in refused", actor=name[:200] or "anonymous", detail="too many attempts"
        )
        return page(request, "login.html", status=429, next=_safe_next(next), error="rate")
    outcome = sign_in(store, name, password)
    if outcome.user is None:
        rate.refused(client_of(request))
        audit(
            request,
            "sign-in refused",
            actor=name[:200] or "anonymous",
            detail="locked" if outcome.locked else "wrong name or password",
        )
        error = "locked" if outcome.locked else "wrong"
        return page(request, "login.html", status=401, next=_safe_next(next), error=error)
    row = store.user_row(outcome.user.name) or {}
    lang = request.session.get("lang")
    request.session.clear()  # a new session: nothing of the anonymous one is kept but the language
    if lang:
        request.session["lang"] = lang
    request.session.update(
        user=outcome.user.name,
        pw=fingerprint(row.get("password_hash", "")),
        since=time.time(),  # a sign-out after it ends this session (`deps.ended`)
    )
    csrf_token(request)
    request.state.user = outcome.user
    audit(request, "sign-in")
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(
    request: Request, user: User = Depends(current_user), store: Store = Depends(store_of)
) -> Response:
    """Ends every session of the user, not only this browser's (`deps.ended`)."""
    store.update_user_row(user.name, signed_out_at=datetime.now(UTC))
    audit(request, "sign-out")
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def choose_language(request: Request, code: str, next: str = "/") -> Response:
    """The EN/CZ switch: the choice is kept in the session (signed in or not)."""
    if code in LANGUAGES:
        request.session["lang"] = code
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/favicon.ico")
def no_icon() -> Response:
    """Browsers ask for an icon on every site; "none" rather than a 404 in every console."""
    return Response(status_code=204)


@router.get("/")
def home(
    request: Request, user: User = Depends(current_user), store: Store = Depends(store_of)
) -> Response:
    """A cluster's people land on its dashboard; an admin or analyst on the list of
    what they may open."""
    cluster = home_cluster(user)
    if cluster is not None:
        return RedirectResponse(f"/clusters/{cluster}", status_code=303)
    clusters = [store.cluster(s) for s in store.cluster_slugs()] if user.role == "admin" else []
    return page(request, "home.html", clusters=clusters)
