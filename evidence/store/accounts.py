"""The web page's users and its access log: every statement on `users` and `access_log`.

Why in the store: the store owns every SQL statement on its tables (this package's
docstring); what a user may do, and how a password is hashed, is the web page's
(`web.users`, `web.access`). A user is never deleted (disabled instead), and the access
log is only appended to (migration 0009 makes the database refuse anything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from ..schema import access_log, users
from .connection import StoreBase, now
from .prepared import prepared

_USER = select(users).where(users.c.name == bindparam("name"))


@dataclass(frozen=True)
class AccessEntry:
    """One line of the access log, for a change that writes it in its own transaction
    (a user added, disabled, re-passworded): the change and its line are stored together
    or not at all, so the log never misses a change and never tells of one not made."""

    actor: str
    action: str
    cluster: str | None = None
    target: str | None = None
    detail: str | None = None
    client: str | None = None


class Accounts(StoreBase):
    def user_row(self, name: str) -> dict[str, Any] | None:
        """The user called `name` (names are compared exactly), or None."""
        with self.read() as conn:  # compiled once: every page reads its user
            return prepared(_USER, conn.dialect).mapping(conn, {"name": name})

    def user_rows(self) -> list[dict[str, Any]]:
        """Every user, by name."""
        with self.read() as conn:
            rows = conn.execute(select(users).order_by(users.c.name)).mappings().all()
        return [dict(r) for r in rows]

    def add_user_row(
        self,
        name: str,
        password_hash: str,
        role: str,
        cluster: str | None,
        *,
        log: AccessEntry | None = None,
    ) -> bool:
        """Adds the user, and `log` in the same transaction; False (nothing written) when
        the name is taken."""
        row = {
            "name": name,
            "password_hash": password_hash,
            "role": role,
            "cluster": cluster,
            "disabled": False,
            "failed_logins": 0,
            "created_at": now(),
        }
        with self.write() as conn:
            upsert = _upsert(conn.dialect.name)
            if upsert is not None:
                # one statement: an admin adding the same name at the same moment (on
                # PostgreSQL, whose writers do not queue as SQLite's do) waits and adds none
                added = conn.execute(upsert(users).values(**row).on_conflict_do_nothing())
                if not added.rowcount:
                    return False
            else:
                taken = conn.execute(select(users.c.name).where(users.c.name == name)).first()
                if taken is not None:
                    return False
                conn.execute(insert(users).values(**row))
            if log is not None:
                _append(conn, log)
        return True

    def update_user_row(self, name: str, *, log: AccessEntry | None = None, **values: Any) -> bool:
        """Sets the given columns of the user, and `log` in the same transaction; False
        (nothing written) when there is no such user."""
        with self.write() as conn:
            done = conn.execute(update(users).where(users.c.name == name).values(**values))
            if done.rowcount and log is not None:
                _append(conn, log)
        return bool(done.rowcount)

    def failed_login(self, name: str, *, limit: int, lock_until: datetime) -> int:
        """Counts one more wrong password for `name` in one statement (two sign-ins at once
        both count) and locks the account when the count reaches `limit`. Returns the
        count (0: no such user)."""
        with self.write() as conn:
            conn.execute(
                update(users)
                .where(users.c.name == name)
                .values(failed_logins=users.c.failed_logins + 1)
            )
            count = conn.execute(select(users.c.failed_logins).where(users.c.name == name)).scalar()
            if count is not None and count >= limit:
                conn.execute(
                    update(users)
                    .where(users.c.name == name)
                    .values(locked_until=lock_until, failed_logins=0)
                )
        return int(count or 0)

    def log_access(
        self,
        actor: str,
        action: str,
        *,
        cluster: str | None = None,
        target: str | None = None,
        detail: str | None = None,
        client: str | None = None,
    ) -> None:
        """Appends one entry to the access log."""
        with self.write() as conn:
            _append(conn, AccessEntry(actor, action, cluster, target, detail, client))

    def access_entries(self, *, actor: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """The newest entries of the access log first (of one actor when given)."""
        query = select(access_log).order_by(access_log.c.seq.desc()).limit(limit)
        if actor is not None:
            query = query.where(access_log.c.actor == actor)
        with self.read() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def access_count(self) -> int:
        """How many entries the access log holds."""
        with self.read() as conn:
            return int(conn.execute(select(func.count()).select_from(access_log)).scalar() or 0)


def _upsert(dialect: str) -> Any:
    """The dialect's `insert` with `on_conflict_do_nothing` (None: another server)."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    return None


def _append(conn: Connection, entry: AccessEntry) -> None:
    conn.execute(
        insert(access_log).values(
            at=now(),
            actor=_typed(entry.actor)[:200],
            action=entry.action[:40],
            cluster=entry.cluster,
            target=_typed(entry.target),
            detail=_typed(entry.detail),
            client=(entry.client or "")[:100] or None,
        )
    )


def _typed(text: str | None) -> Any:
    """What was typed (a name refused at sign-in), a NUL written as `\\x00`: PostgreSQL
    holds none in a text, and the refusal's line was lost with a traceback."""
    return text.replace("\x00", "\\x00") if text else text
