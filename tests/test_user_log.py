"""`clex user` changes a user and writes the access log's line of it in one transaction:
an auditor reading the log sees every change made, and none that was not.

Before, the change and its line were two commits: a failure (or a Ctrl-C) between them
left a user added with no trace in the log. The failure here is a real one: a trigger
on the real database refusing the log's insert, as a full log table or a policy of the
database's own would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from evidence.store import Store
from tests.conftest import Run

PASSWORD = {"CLEX_PASSWORD": "a-long-password"}
REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE INSERT ON access_log "
        "BEGIN SELECT RAISE(ABORT, 'the log is closed'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the log is closed'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}
OPEN_AGAIN = {
    "sqlite": ["DROP TRIGGER refuse"],
    "postgresql": ["DROP TRIGGER refuse ON access_log", "DROP FUNCTION refuse()"],
}


def _users(db_url: str) -> dict[str, dict[str, Any]]:
    store = Store(db_url)
    try:
        return {r["name"]: r for r in store.user_rows()}
    finally:
        store.engine.dispose()


def _log(db_url: str) -> list[tuple[str, str, str | None]]:
    store = Store(db_url)
    try:
        entries = reversed(store.access_entries())
        return [(e["actor"], e["action"], e["target"]) for e in entries]
    finally:
        store.engine.dispose()


def _prepared(clex: Callable[..., Run], db_url: str) -> dict[str, str]:
    env = {"CLEX_DB": db_url, "USER": "ada", **PASSWORD}
    assert clex("init", "--cluster", "nano", "--name", "Nano", env=env).code == 0
    added = clex("user", "add", "ivo", "--role", "manager", "--cluster", "nano", env=env)
    assert added.code == 0, added
    return env


def test_every_user_change_is_in_the_log_with_who_made_it(
    clex: Callable[..., Run], db_url: str
) -> None:
    env = _prepared(clex, db_url)
    for args in (("disable", "ivo"), ("enable", "ivo"), ("passwd", "ivo")):
        run = clex("user", *args, env=env)
        assert run.code == 0, run
    actions = [(action, target) for actor, action, target in _log(db_url)]
    assert actions == [
        ("user added", "ivo"),
        ("user disabled", "ivo"),
        ("user enabled", "ivo"),
        ("password set", "ivo"),
    ]
    assert all(actor.startswith("clex user: ") for actor, _, _ in _log(db_url))


def test_a_change_whose_log_line_is_refused_is_not_made(
    clex: Callable[..., Run], db_url: str
) -> None:
    env = _prepared(clex, db_url)
    before_users, before_log = _users(db_url), _log(db_url)
    store = Store(db_url)
    with store.engine.begin() as conn:
        for statement in REFUSE[store.engine.dialect.name]:
            conn.execute(text(statement))
    store.engine.dispose()
    for args in (
        ("add", "eva", "--role", "auditor", "--cluster", "nano"),
        ("disable", "ivo"),
        ("passwd", "ivo"),
    ):
        run = clex("user", *args, env={**env, "CLEX_PASSWORD": "another-password-2"})
        assert run.code == 3, run
        assert "the database refused the change (the log is closed)" in run.err, run
        assert "nothing of it was saved" in run.err and "Traceback" not in run.err, run
    assert _users(db_url) == before_users  # no eva; ivo enabled, with the old password
    assert _log(db_url) == before_log
