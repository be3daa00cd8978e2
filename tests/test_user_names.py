"""`clex user passwd/disable/enable` find a user as signing in does: the stored user
whose name is the one typed as people's names are compared (`person_key`: capitals,
spaces, accents typed as combining marks), through the one helper the admin's page uses
too (`web.users.the_user`); an older store's two users of one such name are refused,
both named, and the exact stored name still picks one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from evidence.store import Store
from tests.conftest import Run
from tests.test_user_log import PASSWORD


def _users(db_url: str) -> dict[str, dict[str, Any]]:
    store = Store(db_url)
    try:
        return {r["name"]: r for r in store.user_rows()}
    finally:
        store.engine.dispose()


def test_clex_user_finds_the_user_as_sign_in_does(clex: Callable[..., Run], db_url: str) -> None:
    from web.users import sign_in

    env = {"CLEX_DB": db_url, "USER": "ada", **PASSWORD}
    assert clex("init", "--cluster", "nano", "--name", "Nano", env=env).code == 0
    added = clex("user", "add", "Jiří Novák", "--role", "board", "--cluster", "nano", env=env)
    assert added.code == 0, added
    run = clex("user", "disable", "JIR\u030cÍ  NOVÁK", env=env)  # capitals, spaces, a caron
    assert run.code == 0, run
    assert "Jiří Novák disabled" in run.out
    assert _users(db_url)["Jiří Novák"]["disabled"]
    run = clex("user", "enable", "jiří novák", env=env)
    assert run.code == 0 and "Jiří Novák enabled" in run.out, run
    run = clex("user", "passwd", "jiří  novák", env={**env, "CLEX_PASSWORD": "a-new-password-9"})
    assert run.code == 0 and "new password set for Jiří Novák" in run.out, run
    store = Store(db_url)
    try:
        assert sign_in(store, "Jiří Novák", "a-new-password-9").user is not None
    finally:
        store.engine.dispose()
    run = clex("user", "disable", "nobody", env=env)
    assert run.code == 1 and "no user 'nobody'" in run.out + run.err


def test_two_users_of_one_name_in_an_older_store_are_refused(
    clex: Callable[..., Run], db_url: str
) -> None:
    from web.users import hash_password

    env = {"CLEX_DB": db_url, "USER": "ada", **PASSWORD}
    assert clex("init", "--cluster", "nano", "--name", "Nano", env=env).code == 0
    store = Store(db_url)
    try:  # as a store from before such names were refused holds them
        for name in ("Eva Nová", "EVA NOVÁ"):
            store.add_user_row(name, hash_password("a-long-password"), "board", "nano")
    finally:
        store.engine.dispose()
    for args in (("disable", "eva nová"), ("enable", "eva nová"), ("passwd", "eva nová")):
        run = clex("user", *args, env=env)
        assert run.code == 1, run
        said = " ".join((run.out + run.err).split())
        assert "'eva nová' could be any of the users 'EVA NOVÁ', 'Eva Nová'" in said, said
    assert not any(u["disabled"] for u in _users(db_url).values())
    run = clex("user", "disable", "EVA NOVÁ", env=env)  # the exact stored name is one
    assert run.code == 0, run
    users = _users(db_url)
    assert users["EVA NOVÁ"]["disabled"] and not users["Eva Nová"]["disabled"]
