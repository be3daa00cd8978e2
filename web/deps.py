"""Who is asking, and the store: the dependencies every route takes.

Why a module of its own: each request re-reads its user from the store (one indexed
query), so a user disabled or re-passworded by an admin is refused at the next request,
not when the cookie runs out; and every route gets the store the same way. A route
that needs a cluster's data then calls `web.access.require` with the cluster the data
belongs to.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from fastapi import Depends, HTTPException
from starlette.requests import Request

from evidence.models import ClusterProfile
from evidence.store import Store, StoreError, as_utc

from .security import client_of
from .users import Actor, User


class SignInNeeded(Exception):
    """Raised for a request without a valid session; answered by a redirect to /login
    (a page) or 401 (an htmx request)."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def the_store(request: Request) -> Store:
    """The application's store (opened once when the application starts)."""
    store: Store = request.app.state.store
    return store


async def store_of(request: Request) -> Store:
    """`the_store` as a dependency; async, as it reads nothing: a sync dependency costs a
    hop to the thread pool on every request."""
    return the_store(request)


def cluster_or_404(store: Store, slug: str) -> ClusterProfile:
    """The cluster of the URL; one the store does not hold is not found (an admin's typo,
    or a guess: the same answer as another cluster's)."""
    try:
        return store.cluster(slug)
    except StoreError:
        raise HTTPException(status_code=404) from None


def fingerprint(password_hash: str) -> str:
    """What the session keeps of the password: a new password ends every other session."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def ended(row: dict[str, Any], since: object) -> bool:
    """Whether the session, begun at `since` (seconds since the epoch), was ended by its
    user's sign-out: a signed cookie the server keeps no copy of outlives "Sign out" in
    any copy of it, so signing out ends every session of the user begun before it."""
    out = as_utc(row.get("signed_out_at"))
    if out is None:
        return False
    return not isinstance(since, int | float) or since <= out.timestamp()


def current_user(request: Request, store: Store = Depends(store_of)) -> User:
    """The signed-in user, read from the store afresh; else `SignInNeeded`."""
    return signed_in(request, store)


def signed_in(request: Request, store: Store) -> User:
    """What `current_user` does, for a route that does its reads in one trip to the
    thread pool (the evidence list: the user, the cluster and the page together)."""
    name = request.session.get("user")
    row = store.user_row(name) if isinstance(name, str) else None
    if (
        row is None
        or row["disabled"]
        or request.session.get("pw") != fingerprint(row["password_hash"])
        or ended(row, request.session.get("since"))
    ):
        if name is not None:
            request.session.pop("user", None)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(quote(target, safe="/"))
    user = User(row["name"], row["role"], row["cluster"], False)
    request.state.user = user
    return user


def audit(
    request: Request,
    action: str,
    *,
    cluster: str | None = None,
    target: str | None = None,
    detail: str | None = None,
    actor: str | None = None,
) -> None:
    """One entry in the append-only access log, with the user's name and address."""
    by = actor_of(request)
    the_store(request).log_access(
        actor or by.name, action, cluster=cluster, target=target, detail=detail, client=by.client
    )


def actor_of(request: Request) -> Actor:
    """Who makes this request's change, as the access log names them: the signed-in
    user's name ("anonymous" before signing in) and the address."""
    user = getattr(request.state, "user", None)
    return Actor(user.name if user is not None else "anonymous", client_of(request))
