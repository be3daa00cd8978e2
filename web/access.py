"""What each role may do, checked against the cluster a request touches.

Why a module of its own: every route asks the same question ("may this user do this to
this cluster's data?") and must get the same answer; a route that checked only "is
this user signed in" would let an auditor of one cluster read another's record by
changing an id in the URL. The answer depends on the record's cluster, never on the
page: routes take the cluster from the stored record or the URL and call `allowed`.

A cluster the user has no role in is "not found" (404), so that its existence is not
revealed; a cluster the user may see but not change in that way is "forbidden" (403).
"""

from __future__ import annotations

from fastapi import HTTPException

from .users import User

# action -> the roles that may do it in their own cluster (an admin: in every cluster)
ACTIONS: dict[str, frozenset[str]] = {
    "dashboard": frozenset({"manager", "auditor", "board"}),  # scores, labels, the path
    "evidence": frozenset({"manager", "auditor"}),  # records, their history, attachments
    "import": frozenset({"manager"}),
    "edit": frozenset({"manager"}),  # edit a field, withdraw, restore, judgements
    "review": frozenset({"auditor"}),  # statuses and notes, never their own records
    "assess": frozenset({"manager"}),  # run an assessment for a period
    "reports": frozenset({"manager", "auditor", "board"}),  # PDF and workbook, compare
}
# actions over many clusters at once
ASSOCIATION = {"benchmark": frozenset({"analyst", "board", "manager"}), "users": frozenset()}


def may(user: User, action: str, cluster: str | None = None) -> bool:
    """Whether `user` may do `action` (to `cluster`'s data, for a cluster's action)."""
    if user.disabled:
        return False
    if action in ASSOCIATION:
        return user.role == "admin" or user.role in ASSOCIATION[action]
    if user.role == "admin":
        return action in ACTIONS and action not in ("review",)
    return user.cluster == cluster and user.role in ACTIONS.get(action, frozenset())


def sees(user: User, cluster: str) -> bool:
    """Whether the user has any role in `cluster` (else it is not found for them)."""
    return user.role == "admin" or (
        user.cluster == cluster and user.role in ("manager", "auditor", "board")
    )


def require(user: User, action: str, cluster: str | None = None) -> None:
    """Raises 404 for a cluster the user has no part in, 403 for a refused action."""
    if cluster is not None and not sees(user, cluster):
        raise HTTPException(status_code=404)
    if not may(user, action, cluster):
        raise HTTPException(status_code=403)


def home_cluster(user: User) -> str | None:
    """The cluster a user lands on after signing in (None: an admin's or analyst's)."""
    return user.cluster if user.role in ("manager", "auditor", "board") else None
