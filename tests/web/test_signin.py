"""Signing in: the password, the CSRF token, the lockout, the headers, the access log."""

from __future__ import annotations

from tests.web.conftest import PASSWORD, Site, csrf_of, sign_in


def test_a_user_signs_in_and_lands_on_their_cluster(site: Site) -> None:
    client = site.client()
    answer = sign_in(client, "mia")
    assert answer.headers["location"] == "/"
    home = client.get("/")
    assert home.status_code == 303 and home.headers["location"] == "/clusters/nanotex"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_behind_https_the_cookie_is_secure(site: Site) -> None:
    answer = sign_in(site.client(secure=True), "mia")
    assert "secure" in answer.headers["set-cookie"].lower()


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(site: Site) -> None:
    client = site.client()
    token = csrf_of(client.get("/login").text)
    wrong = client.post(
        "/login", data={"name": "mia", "password": "nope-nope-1", "csrf_token": token}
    )
    nobody = client.post(
        "/login", data={"name": "zed", "password": "nope-nope-1", "csrf_token": token}
    )
    assert wrong.status_code == nobody.status_code == 401
    assert "Wrong name or password." in wrong.text and "Wrong name or password." in nobody.text


def test_a_sign_in_without_the_csrf_token_is_refused(site: Site) -> None:
    client = site.client()
    client.get("/login")
    answer = client.post("/login", data={"name": "mia", "password": PASSWORD})
    assert answer.status_code == 403
    assert "Form expired" in answer.text


def test_the_tenth_wrong_password_locks_the_account_and_passwd_unlocks_it(site: Site) -> None:
    from evidence.store import Store
    from web.users import add_user, set_password

    store = Store(site.db, create=False)
    add_user(store, "locky", "board", "nanotex", PASSWORD)
    client = site.client()
    token = csrf_of(client.get("/login").text)
    codes = []
    for _ in range(10):
        answer = client.post(
            "/login", data={"name": "locky", "password": "wrong-wrong", "csrf_token": token}
        )
        codes.append((answer.status_code, "locked" in answer.text))
    assert codes[:9] == [(401, False)] * 9
    assert codes[9] == (401, True)
    right = client.post("/login", data={"name": "locky", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 401 and "locked" in right.text  # the right password too, now
    set_password(store, "locky", "another-pass-2")
    sign_in(client, "locky", "another-pass-2")
    refused = [e for e in store.access_entries(actor="locky") if e["action"] == "sign-in refused"]
    assert len(refused) == 11
    store.engine.dispose()


def test_every_answer_carries_the_security_headers(site: Site) -> None:
    answer = site.client().get("/login")
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "<script>" not in answer.text  # no inline script: every script is a file


def test_a_page_without_a_session_sends_to_the_sign_in(site: Site) -> None:
    answer = site.client().get("/?from=mail")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/%3Ffrom%3Dmail"  # the whole address


def test_a_disabled_user_is_refused_at_the_next_request(site: Site) -> None:
    from evidence.store import Store
    from web.users import add_user, set_disabled

    store = Store(site.db, create=False)
    add_user(store, "gone", "board", "nanotex", PASSWORD)
    client = site.client("gone")
    assert client.get("/").status_code == 303
    set_disabled(store, "gone", True)
    answer = client.get("/")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    store.engine.dispose()


def test_the_sign_in_page_speaks_czech(site: Site) -> None:
    client = site.client()
    client.get("/lang/cs")
    assert "Přihlásit se" in client.get("/login").text
    assert 'lang="cs"' in client.get("/login").text


def test_an_upload_over_the_limit_is_refused_before_it_is_read(site: Site) -> None:
    client = site.client("mia", upload_limit=1000)
    answer = client.post(
        "/login", content=b"x" * 5000, headers={"content-type": "application/octet-stream"}
    )
    assert answer.status_code == 413


def test_an_address_that_keeps_failing_waits_whichever_names_it_tries(site: Site) -> None:
    from web.security import LoginRate

    client = site.client()
    client.app.state.login_rate = LoginRate(attempts=3)
    token = csrf_of(client.get("/login").text)
    codes = [
        client.post(
            "/login", data={"name": name, "password": "guess-guess", "csrf_token": token}
        ).status_code
        for name in ("mia", "aud", "bob", "ana")
    ]
    assert codes == [401, 401, 401, 429]
    right = client.post("/login", data={"name": "mia", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 429  # even the right password waits


def test_successful_sign_ins_do_not_use_up_the_address(site: Site) -> None:
    from web.security import LoginRate

    client = site.client()
    client.app.state.login_rate = LoginRate(attempts=2)
    for _ in range(5):
        sign_in(client, "mia")


def test_a_name_or_password_with_a_nul_is_a_wrong_one(site: Site) -> None:
    """A NUL typed (or sent) at the sign-in: PostgreSQL refuses to look a name with one up,
    and the refusal was a 500 with a traceback in the server's log. Now it is a wrong name
    or password, as any other, and the access log keeps what was typed, the NUL as \\x00."""
    from evidence.store import Store

    client = site.client()
    token = csrf_of(client.get("/login").text)
    for name, password in (("mia\x00", PASSWORD), ("mia", PASSWORD + "\x00"), ("\x00", "\x00")):
        answer = client.post(
            "/login", data={"name": name, "password": password, "csrf_token": token}
        )
        assert answer.status_code == 401 and "Wrong name or password." in answer.text, name
    store = Store(site.db, create=False)
    actors = [e["actor"] for e in store.access_entries(limit=3)]
    store.engine.dispose()
    assert actors == ["\\x00", "mia", "mia\\x00"]
