"""Users, roles and passwords: what `clex user` and the admin's page both call.

Why a module of its own: the command line and the web page add, list, disable and
re-password users; both must hash the same way (argon2id through pwdlib, whose
defaults follow OWASP's parameters), refuse the same bad input and lock an account
after the same number of wrong passwords. The SQL is the store's
(`evidence.store.accounts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from evidence.findings import Finding, UserDataError
from evidence.messages import M
from evidence.models import NAME_MAX, person_key
from evidence.store import as_utc

from .security import LoginRate

if TYPE_CHECKING:
    from pwdlib import PasswordHash

    from evidence.store import AccessEntry, Store

ROLES = ("admin", "manager", "auditor", "board", "analyst")
# the roles that are "of a cluster"; an admin and an association analyst are of none
CLUSTER_ROLES = ("manager", "auditor", "board")
PASSWORD_MIN = 10
LOCK_AFTER = 10  # the tenth wrong password in a row locks the account ...
LOCK_FOR = timedelta(minutes=15)  # ... for this long (an admin's `passwd` unlocks it)
# what nobody types into a sign-in form: control characters (a NUL, which PostgreSQL
# holds in no text; a tab or a line break, which break the access log's lines) and the
# marks that show a name in another order than it is ("Trojan source")
_UNTYPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class User:
    """A user as a request sees them (never the hash)."""

    name: str
    role: str
    cluster: str | None
    disabled: bool


@dataclass(frozen=True)
class Actor:
    """Who changes a user, as the access log names them: the admin's name in the page,
    "clex user: ..." at a terminal, and the address a request came from."""

    name: str
    client: str | None = None


def _entry(by: Actor | None, action: str, target: str, **more: str | None) -> AccessEntry | None:
    """The access log's line for a change `by` makes (None: a change nobody logs, as a
    benchmark's or a test's set-up)."""
    if by is None:
        return None
    from evidence.store import AccessEntry

    return AccessEntry(by.name, action, target=target, client=by.client, **more)


@cache
def _hasher() -> PasswordHash:
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (salted; a new one each call)."""
    return _hasher().hash(password)


def password_matches(password: str, hashed: str) -> bool:
    """Whether `password` is the one `hashed` was made from."""
    try:
        return bool(_hasher().verify(password, hashed))
    except Exception:  # a hash that is not argon2's (a hand-edited row): no match
        return False


def _user(row: dict[str, Any]) -> User:
    return User(row["name"], row["role"], row["cluster"], bool(row["disabled"]))


def check_new_user(
    store: Store, name: str, role: str, cluster: str | None, password: str
) -> list[Finding]:
    """Every problem with adding this user, all at once (empty: none)."""
    problems = []
    if not name.strip() or name != name.strip():
        problems.append(
            Finding(message="a user's name must not be empty or start or end with a space")
        )
    bad = _UNTYPED.search(name)
    if bad is not None:
        problems.append(
            Finding(
                message=M(
                    "a user's name contains the control character {char} at position "
                    "{position}; remove it",
                    char=f"U+{ord(bad.group()):04X}",
                    position=str(bad.start() + 1),
                )
            )
        )
    if len(name) > NAME_MAX:
        problems.append(Finding(message=f"a user's name has at most {NAME_MAX} characters"))
    if role not in ROLES:
        problems.append(Finding(message=f"no role {role!r}: one of {', '.join(ROLES)}"))
    elif role in CLUSTER_ROLES and not cluster:
        problems.append(Finding(message=f"a {role} is of a cluster: give --cluster SLUG"))
    elif role not in CLUSTER_ROLES and cluster:
        problems.append(Finding(message=f"an {role} is of no single cluster: leave --cluster out"))
    if cluster and role in CLUSTER_ROLES and cluster not in store.cluster_slugs():
        problems.append(Finding(message=f"no cluster {cluster!r} in the store"))
    problems += check_password(password)
    if bad is None and name.strip() and store.user_row(name) is not None:
        problems.append(
            Finding(
                message=f"there is a user {name!r} already: `clex user passwd` changes a password"
            )
        )
    elif bad is None and name.strip():
        # "MIA" beside "mia", "Jiří  Novák" beside "Jiří Novák" (or its accents typed as
        # combining marks): one person to the four-eyes check and the history, which
        # compare people's names (`person_key`), so two accounts would be one reviewer
        alike = [r["name"] for r in _alike(store, name)]
        if alike:
            problems.append(
                Finding(
                    message=f"there is a user {alike[0]!r} already, a name that differs "
                    f"from {name!r} only in capitals, spaces or how its accents are "
                    "typed: choose another name"
                )
            )
    return problems


def check_password(password: str) -> list[Finding]:
    """The password's problems: too short, or not text a person can type again."""
    if len(password) < PASSWORD_MIN:
        return [Finding(message=f"a password has at least {PASSWORD_MIN} characters")]
    if _UNTYPED.search(password):
        return [Finding(message=M("a password must not hold control characters"))]
    return []


def add_user(
    store: Store,
    name: str,
    role: str,
    cluster: str | None,
    password: str,
    *,
    by: Actor | None = None,
) -> User:
    """Adds the user, with the access log's line of it `by`; `UserDataError` listing
    every problem otherwise (nothing written)."""
    problems = check_new_user(store, name, role, cluster, password)
    if problems:
        raise UserDataError(problems, "no user was added")
    user = User(name, role, cluster if role in CLUSTER_ROLES else None, False)
    log = _entry(by, "user added", name, cluster=user.cluster, detail=role)
    if not store.add_user_row(name, hash_password(password), role, user.cluster, log=log):
        raise UserDataError(
            [Finding(message=f"there is a user {name!r} already")], "no user was added"
        )
    return user


def users(store: Store) -> list[User]:
    """Every user, by name."""
    return [_user(r) for r in store.user_rows()]


def states(store: Store, *, at: datetime | None = None) -> list[tuple[User, str]]:
    """Every user, by name, with their state at `at` (now): "disabled", "locked" (too
    many wrong passwords, until the lockout ends or a new password is set) or "active"."""
    at = at or datetime.now(UTC)
    out = []
    for row in store.user_rows():
        locked = as_utc(row["locked_until"])
        if row["disabled"]:
            state = "disabled"
        elif locked is not None and locked > at:
            state = "locked"
        else:
            state = "active"
        out.append((_user(row), state))
    return out


def find(store: Store, name: str) -> User | None:
    """The user `name` names (`user_named`), or None."""
    row = user_named(store, name)
    return _user(row) if row is not None else None


def _alike(store: Store, name: str) -> list[dict[str, Any]]:
    """The users whose names are `name` as people's names are compared (`person_key`:
    case, spaces, composed or combining accents), by name."""
    key = person_key(name)
    return [r for r in store.user_rows() if person_key(r["name"]) == key]


def _named(store: Store, name: str) -> list[dict[str, Any]]:
    """The user rows `name` may mean: the user of that exact name, else every user whose
    name is the same person's (more than one only in a store from before such names were
    refused). A name with a NUL is nobody's (PostgreSQL would refuse to look it up)."""
    if "\x00" in name:
        return []
    row = store.user_row(name)
    return [row] if row is not None else _alike(store, name)


def user_named(store: Store, name: str) -> dict[str, Any] | None:
    """The user row `name` signs in as: the user of that exact name, else the one user
    whose name is the same person's (`person_key`: "jiří novák", "Jiří  Novák", or with
    its accents typed as combining marks, for "Jiří Novák"). None for nobody, or for a
    store from before the rule that holds two such users (which of them is meant cannot
    be told). Their session, and every edit and review they make, carry the stored
    name, so the history and the four-eyes check see one person."""
    rows = _named(store, name)
    return rows[0] if len(rows) == 1 else None


def the_user(store: Store, name: str, not_done: str = "nothing was changed") -> str:
    """The stored name of the user `name` means, found as sign-in finds it
    (`user_named`), for a change of that user (`clex user passwd/disable/enable`, the
    admin's page); `UserDataError` (`not_done` its summary) for nobody, and for a name
    that two users of an older store share as people's names are compared, naming them,
    since which one is meant cannot be told."""
    rows = _named(store, name)
    if len(rows) == 1:
        return str(rows[0]["name"])
    if not rows:
        message = M("no user {name}", name=repr(name))
    else:
        message = M(
            "{name} could be any of the users {names}, whose names differ only in capitals, "
            "spaces or how their accents are typed (added before such names were refused): "
            "give the name exactly as stored, as the admin page's buttons do",
            name=repr(name),
            names=", ".join(repr(r["name"]) for r in rows),
        )
    raise UserDataError([Finding(message=message)], not_done)


def set_password(store: Store, name: str, password: str, *, by: Actor | None = None) -> str:
    """A new password for the user `name` means (`the_user`; it also lifts a lockout),
    with the log's line `by`; returns their stored name."""
    not_done = "the password was not changed"
    problems = check_password(password)
    if problems:
        raise UserDataError(problems, not_done)
    name = the_user(store, name, not_done)
    done = store.update_user_row(
        name,
        log=_entry(by, "password set", name),
        password_hash=hash_password(password),
        failed_logins=0,
        locked_until=None,
    )
    if not done:  # removed since it was found
        raise UserDataError([Finding(message=M("no user {name}", name=repr(name)))], not_done)
    return name


def set_disabled(store: Store, name: str, disabled: bool, *, by: Actor | None = None) -> str:
    """Disables (or enables again) the user `name` means (`the_user`): a disabled user's
    next request is refused; with the log's line `by`; returns their stored name."""
    name = the_user(store, name)
    log = _entry(by, "user disabled" if disabled else "user enabled", name)
    if not store.update_user_row(name, log=log, disabled=disabled):  # removed since found
        gone = Finding(message=M("no user {name}", name=repr(name)))
        raise UserDataError([gone], "nothing was changed")
    return name


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the user, or why not (the page says one thing for an
    unknown name and a wrong password, so that names cannot be guessed through it)."""

    user: User | None
    locked: bool = False


def sign_in(store: Store, name: str, password: str, *, at: datetime | None = None) -> SignIn:
    """Checks the password; counts a wrong one and locks after `LOCK_AFTER` in a row."""
    at = at or datetime.now(UTC)
    # a name with a NUL is nobody's (PostgreSQL would refuse to look it up)
    row = user_named(store, name)
    if row is None:
        password_matches(password, _dummy_hash())  # the same time as for a real user
        key = f"{store.url}\n{name}"
        _NOBODY.refused(key, at.timestamp())
        return SignIn(None, locked=_NOBODY.blocked(key, at.timestamp()))
    locked = as_utc(row["locked_until"])
    if locked is not None and locked > at:
        password_matches(password, _dummy_hash())  # no quicker answer for a locked name
        return SignIn(None, locked=True)
    if not password_matches(password, row["password_hash"]):
        count = store.failed_login(row["name"], limit=LOCK_AFTER, lock_until=at + LOCK_FOR)
        return SignIn(None, locked=count >= LOCK_AFTER)
    if row["disabled"]:
        return SignIn(None)
    if row["failed_logins"] or locked is not None:
        store.update_user_row(row["name"], failed_logins=0, locked_until=None)
    return SignIn(_user(row))


# Wrong passwords for names that are no user's, counted as for a user's: the tenth in a
# row within `LOCK_FOR` says "locked" too, so the lockout message does not tell a real
# name from a guessed one.
_NOBODY = LoginRate(attempts=LOCK_AFTER, window=LOCK_FOR.total_seconds())


@cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone's")
