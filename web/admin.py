"""The admin's page of users: list them, add one, disable or enable, set a new password.

Why a module of its own: it is the page's twin of `clex user` and must do exactly what
that command does (`web.users` adds, checks and hashes for both), so that a user added
in the page and one added in a terminal are the same. Only an admin reaches it
(`web.access`, action "users"). Every change is logged with the admin's name, as the
command logs its own. A form with problems is shown again with every problem listed and
nothing written; the passwords typed are never sent back. An admin cannot disable
themself: the page would lock its only admin out, and another admin (or `clex user
enable` in a terminal) is always the way back for everyone else.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from evidence.errors import UserDataError
from evidence.findings import Finding
from evidence.store import Store, as_utc
from evidence.terms import N_

from .access import require
from .deps import actor_of, current_user, fingerprint, store_of
from .i18n import lang_of
from .render import page
from .users import (
    ROLES,
    User,
    add_user,
    check_new_user,
    set_disabled,
    set_password,
    states,
    the_user,
)

router = APIRouter()
LOG_ENTRIES = 50  # the newest entries of the access log the page shows
# The access log's actions and the details that are words, as the page says them: the log
# keeps these English keys (a log is not rewritten per reader), the page translates them.
LOG_WORDS = frozenset({
    N_("sign-in"), N_("sign-in refused"), N_("sign-out"), N_("wrong name or password"),
    N_("locked"), N_("too many attempts"), N_("user added"), N_("user disabled"),
    N_("user enabled"), N_("password set"), N_("download"), N_("report download"),
    N_("edit"), N_("import"), N_("import preview"), N_("import refused"),
    N_("import cancelled"), N_("review"), N_("review refused"), N_("assessment run"),
    N_("withdraw"), N_("restore"),
})  # fmt: skip


def _listing(
    request: Request,
    store: Store,
    *,
    status: int = 200,
    problems: list[str] | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    done = request.session.pop("admin_done", None)
    return page(
        request,
        "admin_users.html",
        status=status,
        people=states(store),
        clusters=[store.cluster(slug) for slug in store.cluster_slugs()],
        roles=ROLES,
        entries=[_in_utc(e) for e in store.access_entries(limit=LOG_ENTRIES)],
        log_words=LOG_WORDS,
        problems=problems or [],
        form=form or {},
        done=done,
    )


def _in_utc(entry: dict[str, Any]) -> dict[str, Any]:
    """An access-log entry whose time is UTC's."""
    return {**entry, "at": as_utc(entry["at"])}


def _messages(request: Request, findings: list[Finding]) -> list[str]:
    lang = lang_of(request)
    return [lang.msg(f.message) for f in findings]


def _said(request: Request, text: str) -> str:
    return lang_of(request)._(text)


def _done(request: Request, what: str, name: str) -> Response:
    request.session["admin_done"] = [what, name]
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/users")
def users_page(
    request: Request, user: User = Depends(current_user), store: Store = Depends(store_of)
) -> Response:
    require(user, "users")
    return _listing(request, store)


@router.post("/admin/users")
def add(
    request: Request,
    name: str = Form(""),
    role: str = Form(""),
    cluster: str = Form(""),
    password: str = Form(""),
    again: str = Form(""),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """A new user, as `clex user add` makes one (the password typed twice)."""
    require(user, "users")
    form = {"name": name, "role": role, "cluster": cluster}
    if password != again:  # still check the rest, so that every problem is listed at once
        found = check_new_user(store, name, role, cluster or None, password)
        problems = [_said(request, "The two passwords differ."), *_messages(request, found)]
        return _listing(request, store, status=422, problems=problems, form=form)
    try:
        added = add_user(store, name, role, cluster or None, password, by=actor_of(request))
    except UserDataError as error:
        problems = _messages(request, error.findings)
        return _listing(request, store, status=422, problems=problems, form=form)
    return _done(request, "added", added.name)


def _switch(request: Request, user: User, store: Store, name: str, disabled: bool) -> Response:
    require(user, "users")
    try:
        name = the_user(store, name)  # as sign-in finds it: "MIA" is mia
        if disabled and name == user.name:
            problem = _said(request, "You cannot disable yourself: another administrator can.")
            return _listing(request, store, status=422, problems=[problem])
        set_disabled(store, name, disabled, by=actor_of(request))
    except UserDataError as error:
        return _listing(request, store, status=422, problems=_messages(request, error.findings))
    return _done(request, "disabled" if disabled else "enabled", name)


@router.post("/admin/users/password")
def new_password(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    again: str = Form(""),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """A new password for a user; it also lifts a lockout and ends their sessions."""
    require(user, "users")
    problems: list[str] = []
    if password != again:
        problems.append(_said(request, "The two passwords differ."))
    else:
        try:
            name = set_password(store, name, password, by=actor_of(request))
        except UserDataError as error:
            problems += _messages(request, error.findings)
    if problems:
        return _listing(request, store, status=422, problems=problems, form={"password_of": name})
    if name == user.name:  # the admin's own: this session goes on, the others end
        row = store.user_row(name) or {}
        request.session["pw"] = fingerprint(row.get("password_hash", ""))
    return _done(request, "password", name)


@router.post("/admin/users/{switch}")
def disable_or_enable(
    request: Request,
    switch: Literal["disable", "enable"],
    name: str = Form(""),
    user: User = Depends(current_user),
    store: Store = Depends(store_of),
) -> Response:
    """Disables a user (their next request is refused; nothing is deleted), or enables
    them again. After /admin/users/password, which this path would match too."""
    return _switch(request, user, store, name, switch == "disable")
