"""The page's defences, tried as an attacker would, on SQLite and PostgreSQL.

Most tests walk the application's own routes (`app.routes`), so that a screen added
later is covered without a test of its own: every route but the sign-in needs a
session, every POST refuses a request without the CSRF token, every page carries the
security headers and no inline script or style. The tests that need a given screen
(another cluster's record by its id, the review's four eyes) skip while that screen's
route is not in the application, and run once it is.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.web.conftest import OTHER_RECORD, PASSWORD, Site, csrf_of, sign_in

SCRIPT = '<script>alert("clex")</script>'
XSS_RECORD = "xss-title-1"
AUD_EDITED = "aud-edited-1"  # edited by the auditor "aud": aud may never verify it
MIA_MADE = "mia-made-1"  # imported by the manager: aud may verify it
# the only routes a person reaches without a session
OPEN = {"/login", "/lang/{code}", "/favicon.ico"}


def _screen_routes() -> set[tuple[str, str]]:
    """(method, path template) of every route the application's modules declare."""
    from web.app import SCREENS

    found = set()
    for name in [*SCREENS, "signin"]:
        for route in importlib.import_module(f"web.{name}").router.routes:
            for method in getattr(route, "methods", None) or ():
                found.add((method, route.path))
    return found


ROUTES = _screen_routes()


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")


def has(method: str, path: str) -> bool:
    """Whether the application has a route that answers `method path`."""
    path = path.split("?")[0]
    return any(m == method and _pattern(t).match(path) for m, t in ROUTES)


def needs(method: str, path: str) -> Any:
    return pytest.mark.skipif(
        not has(method, path), reason=f"no route for {method} {path} in this application yet"
    )


def app_routes(app: Any) -> Iterator[tuple[str, frozenset[str]]]:
    """(path template, methods) of every route of the application, the included
    routers' too (FastAPI keeps them as included routers, not flattened)."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, frozenset[str]]]:
        for route in routes:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif getattr(route, "methods", None):
                yield prefix + route.path, frozenset(route.methods)

    yield from walk(app.routes, "")


@pytest.fixture(scope="module")
def story(site: Site) -> dict[str, str]:
    """Records of this module's own: a title with a script in it, one the auditor
    edited, one the manager made; and the values that fill the routes' parameters."""
    from evidence.changes import edit
    from evidence.ingest import import_files
    from evidence.store import Store

    store = Store(site.db, create=False)
    source = site.folder / "security.yaml"
    source.write_text(
        "".join(
            f"- id: {rid}\n  kind: document\n  title: '{title}'\n  start: 2024-03-01\n"
            "  status: submitted\n"
            for rid, title in (
                (XSS_RECORD, SCRIPT),
                (AUD_EDITED, "Strategy draft"),
                (MIA_MADE, "Action plan"),
            )
        ),
        encoding="utf-8",
    )
    import_files(store, [source], cluster="nanotex", workspace=site.folder, actor="mia")
    edit(store, "nanotex", AUD_EDITED, {"title": "Strategy, corrected"}, actor="aud", command="t")
    snapshot = json.loads(store.saved_snapshot("nanotex", 1) or "{}")
    store.engine.dispose()
    return {
        "slug": "nanotex",
        "record_id": XSS_RECORD,
        "indicator_id": snapshot["indicators"][0]["id"],
        "n": "1",
        "fmt": "xlsx",
        "code": "en",
        "token": "no-such-token",
    }


def concrete(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: values.get(m.group(1), "x"), template)


def paths(site: Site, method: str, values: dict[str, str]) -> list[str]:
    return sorted(
        concrete(template, values)
        for template, methods in app_routes(site.app())
        if method in methods and not template.startswith("/static")
    )


# --- sign-in needed everywhere ------------------------------------------------------


def test_every_route_but_the_sign_in_needs_a_session(site: Site, story: dict[str, str]) -> None:
    client = site.client()
    token = csrf_of(client.get("/login").text)  # an anonymous session's token: CSRF passes
    templates = [t for t, _ in app_routes(site.app()) if not t.startswith("/static")]
    assert {"/", "/admin/users", "/logout"} <= set(templates)
    for template, methods in app_routes(site.app()):
        if template in OPEN or template.startswith("/static"):
            continue
        path = concrete(template, story)
        if "GET" in methods:
            answer = client.get(path)
            assert answer.status_code == 303, (path, answer.status_code)
            assert answer.headers["location"].startswith("/login?next="), path
            hx = client.get(path, headers={"HX-Request": "true"})
            assert hx.status_code == 401 and hx.headers["hx-redirect"] == "/login", path
        if "POST" in methods:
            answer = client.post(path, data={"csrf_token": token})
            assert answer.status_code == 303, (path, answer.status_code)
            assert answer.headers["location"].startswith("/login"), path


# --- CSRF ---------------------------------------------------------------------------


def test_every_post_without_the_csrf_token_is_refused(site: Site, story: dict[str, str]) -> None:
    client = site.client("mia")
    admin = site.client("ada")
    posts = paths(site, "POST", story)
    assert {"/login", "/logout", "/admin/users"} <= set(posts)
    for path in posts:
        for who in (client, admin):
            bare = who.post(path, data={"name": "mia", "status": "verified"})
            assert bare.status_code == 403 and "Form expired" in bare.text, path
            wrong = who.post(path, data={"csrf_token": "forged", "name": "x"})
            assert wrong.status_code == 403, path
            header = who.post(path, data={"name": "x"}, headers={"X-CSRF-Token": "forged"})
            assert header.status_code == 403, path
            raw = who.post(path, content=b"{}", headers={"content-type": "application/json"})
            assert raw.status_code == 403, path
    assert client.get("/login").status_code in (200, 303)  # still signed in


def test_the_csrf_check_reads_multipart_forms_and_the_htmx_header(site: Site) -> None:
    from evidence.store import Store

    admin = site.client("ada")
    token = csrf_of(admin.get("/admin/users").text)
    fields = {"name": "mp-user", "role": "board", "cluster": "nanotex"}
    fields |= {"password": PASSWORD, "again": PASSWORD}
    upload = {"attachment": ("note.txt", b"an uploaded file beside the fields", "text/plain")}
    wrong = admin.post("/admin/users", data={**fields, "csrf_token": "forged"}, files=upload)
    assert wrong.status_code == 403
    store = Store(site.db, create=False)
    assert store.user_row("mp-user") is None
    right = admin.post("/admin/users", data={**fields, "csrf_token": token}, files=upload)
    assert right.status_code == 303, right.text[-500:]
    assert store.user_row("mp-user") is not None
    # htmx sends the token as a header (static/web.js), with a form without it
    by_header = admin.post(
        "/admin/users/disable", data={"name": "mp-user"}, headers={"X-CSRF-Token": token}
    )
    assert by_header.status_code == 303
    assert store.user_row("mp-user")["disabled"]  # type: ignore[index]
    store.engine.dispose()


@needs("POST", "/clusters/nanotex/import")
def test_an_upload_with_the_right_token_passes_the_csrf_check(site: Site) -> None:
    client = site.client("mia")
    token = csrf_of(client.get("/clusters/nanotex/import").text)
    upload = {"files": ("evidence.yaml", b"- not: a record\n", "application/yaml")}
    answer = client.post("/clusters/nanotex/import", data={"csrf_token": token}, files=upload)
    assert answer.status_code != 403 and "Form expired" not in answer.text
    refused = client.post("/clusters/nanotex/import", data={"csrf_token": "x"}, files=upload)
    assert refused.status_code == 403


# --- headers, no inline script, escaped text ------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)


def test_every_page_has_the_headers_and_no_inline_script_or_style(
    site: Site, story: dict[str, str]
) -> None:
    gets = paths(site, "GET", story)
    assert len(gets) >= 4
    for who in ("ada", "mia", "aud", None):
        client = site.client(who)
        for path in [*gets, "/no-such-page", "/clusters/nope/evidence"]:
            answer = client.get(path)
            headers = answer.headers
            csp = headers.get("content-security-policy", "")
            assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, (who, path)
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
            assert headers["x-content-type-options"] == "nosniff", path
            assert headers["x-frame-options"] == "DENY", path
            assert headers["referrer-policy"] == "same-origin", path
            assert "strict-transport-security" not in headers  # not over plain HTTP
            if headers.get("content-type", "").startswith("text/html"):
                html = answer.text
                assert not INLINE_SCRIPT.findall(html), (who, path)
                assert not re.search(r"<style|\sstyle=|\shx-on|javascript:", html, re.I), path
                assert SCRIPT not in html, (who, path)
    secure = site.client("mia", secure=True).get("/")
    assert secure.headers["strict-transport-security"].startswith("max-age=")


def test_a_title_with_a_script_in_it_is_shown_as_text(site: Site, story: dict[str, str]) -> None:
    escaped = "&lt;script&gt;alert(&#34;clex&#34;)&lt;/script&gt;"
    pages = [
        f"/clusters/nanotex/evidence/{XSS_RECORD}",
        "/clusters/nanotex/evidence?q=alert",
        "/clusters/nanotex/review",
    ]
    shown = 0
    for path in pages:
        if not has("GET", path):
            continue
        who = "aud" if "review" in path else "mia"
        html = site.client(who).get(path).text
        assert SCRIPT not in html, path
        if escaped in html:
            shown += 1
    if has("GET", pages[0]):
        assert escaped in site.client("mia").get(pages[0]).text
    # a user's name is text too: the admin's page and the access log show it escaped
    from evidence.store import Store
    from web.users import add_user

    store = Store(site.db, create=False)
    add_user(store, SCRIPT, "board", "nanotex", PASSWORD)
    store.engine.dispose()
    html = site.client("ada").get("/admin/users").text
    assert SCRIPT not in html and escaped in html
    their = site.client(SCRIPT)
    assert SCRIPT not in their.get(f"/login?next=/clusters/{SCRIPT}").text


# --- another cluster's data, by changing the URL ------------------------------------

ACROSS = [
    ("mia", "GET", "/clusters/other"),
    ("mia", "GET", "/clusters/other/evidence"),
    ("mia", "GET", f"/clusters/other/evidence/{OTHER_RECORD}"),
    ("mia", "GET", f"/clusters/nanotex/evidence/{OTHER_RECORD}"),
    ("mia", "GET", f"/clusters/other/evidence/{OTHER_RECORD}/attachment"),
    ("mia", "GET", f"/clusters/nanotex/evidence/{OTHER_RECORD}/attachment"),
    ("oma", "GET", f"/clusters/nanotex/evidence/{XSS_RECORD}"),
    ("oma", "GET", "/clusters/nanotex/indicators/{indicator_id}"),
    ("oma", "GET", "/clusters/nanotex/assessments"),
    ("oma", "GET", "/clusters/nanotex?n=1"),  # a kept assessment is shown by the dashboard
    ("oma", "GET", "/clusters/nanotex/assessments/1/report.pdf"),
    ("oma", "GET", "/clusters/nanotex/compare?n=1&n=2"),
    ("oma", "GET", "/clusters/nanotex/review"),
    ("oma", "GET", "/clusters/nanotex/import"),
    ("aud", "POST", f"/clusters/nanotex/review/{OTHER_RECORD}"),
    ("aud", "POST", f"/clusters/other/review/{OTHER_RECORD}"),
    ("mia", "POST", f"/clusters/nanotex/evidence/{OTHER_RECORD}/edit"),
    ("mia", "POST", f"/clusters/other/evidence/{OTHER_RECORD}/edit"),
    ("mia", "POST", f"/clusters/other/evidence/{OTHER_RECORD}/withdraw"),
    ("mia", "POST", "/clusters/other/assessments"),
]


@pytest.mark.parametrize(
    ("who", "method", "path"),
    [pytest.param(w, m, p, marks=needs(m, p), id=f"{w}-{m}-{p}") for w, m, p in ACROSS],
)
def test_another_clusters_data_is_not_found(
    site: Site, story: dict[str, str], who: str, method: str, path: str
) -> None:
    from evidence.store import Store

    store = Store(site.db, create=False)
    before = store.record("other", OTHER_RECORD)
    client = site.client(who)
    path = path.format(**story)
    if method == "GET":
        answer = client.get(path)
    else:
        token = csrf_of(client.get("/login").text)
        form = {"csrf_token": token, "status": "verified", "note": "x", "reason": "x"}
        form |= {"field": "title", "value": "stolen", "title": "stolen", "period": "2024-2025"}
        answer = client.post(path, data=form)
    assert answer.status_code == 404, (path, answer.status_code)
    assert "Other cluster" not in answer.text and "strategy" not in answer.text.lower()
    assert store.record("other", OTHER_RECORD) == before  # nothing changed
    store.engine.dispose()


# --- four eyes through the page ------------------------------------------------------


@needs("POST", "/clusters/nanotex/review/x")
def test_an_auditor_verifying_their_own_edit_is_refused(site: Site, story: dict[str, str]) -> None:
    from evidence.store import Store

    store = Store(site.db, create=False)
    client = site.client("aud")
    token = csrf_of(client.get("/clusters/nanotex/review").text)
    own = client.post(
        f"/clusters/nanotex/review/{AUD_EDITED}", data={"csrf_token": token, "status": "verified"}
    )
    assert own.status_code in (403, 409, 422), own.status_code
    assert store.record("nanotex", AUD_EDITED)[0].status == "submitted"
    # the same auditor verifies a record someone else made: the route itself works
    other = client.post(
        f"/clusters/nanotex/review/{MIA_MADE}", data={"csrf_token": token, "status": "verified"}
    )
    assert other.status_code == 303, other.text[-500:]
    assert store.record("nanotex", MIA_MADE)[0].status == "verified"
    store.engine.dispose()


# --- sessions, redirects, lockout ----------------------------------------------------


def test_a_forged_or_altered_session_cookie_signs_nobody_in(site: Site) -> None:
    client = site.client("mia")
    cookie = client.cookies.get("clex_session")
    assert cookie and "mia" not in cookie  # signed, not readable as plain text ...
    payload = cookie.split(".")[0]
    data = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert data["user"] == "mia"  # ... though not secret: it holds no password or hash
    assert "correct-horse" not in json.dumps(data) and "argon2" not in json.dumps(data)
    forged = base64.b64encode(json.dumps({**data, "user": "ada"}).encode()).decode()
    stranger = site.client()
    stranger.cookies.set("clex_session", forged + cookie[len(payload) :])
    answer = stranger.get("/admin/users")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    other_key = site.client()
    other_key.cookies.set("clex_session", cookie)
    assert other_key.get("/").status_code == 303  # the same key: mia's session is valid ...
    assert other_key.get("/").headers["location"] == "/clusters/nanotex"
    from starlette.testclient import TestClient

    from web.app import create_app

    restarted = TestClient(create_app(site.db, secret="another-key"), follow_redirects=False)
    restarted.cookies.set("clex_session", cookie)
    assert restarted.get("/").headers["location"].startswith("/login")  # ... with another, not
    restarted.app.state.store.engine.dispose()  # type: ignore[attr-defined]


def test_the_session_cookie_is_httponly_samesite_and_limited_in_time(site: Site) -> None:
    client = site.client()
    answer = sign_in(client, "bob")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    age = int(re.search(r"max-age=(\d+)", cookie).group(1))  # type: ignore[union-attr]
    assert 0 < age <= 12 * 3600
    assert "secure" in sign_in(site.client(secure=True), "bob").headers["set-cookie"].lower()
    out = client.post("/logout", data={"csrf_token": csrf_of(client.get("/login").text)})
    assert out.status_code == 303
    assert client.get("/").headers["location"].startswith("/login")


def test_signing_out_ends_every_copy_of_the_session(site: Site) -> None:
    """A session is a signed cookie the server keeps no copy of: "Sign out" made the
    browser forget it, and a copy (another device, a shared computer) still signed its
    holder in for hours. A sign-out now ends every session of the user begun before it;
    signing in again starts one that works."""
    client = site.client("mia")
    copy = site.client()
    copy.cookies.set("clex_session", client.cookies.get("clex_session") or "")
    assert copy.get("/clusters/nanotex/evidence").status_code == 200  # the copy works ...
    token = csrf_of(client.get("/clusters/nanotex/evidence").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    gone = copy.get("/clusters/nanotex/evidence")
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")  # ... no more
    again = site.client("mia")  # signed in anew
    assert again.get("/clusters/nanotex/evidence").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "///evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_no_redirect_to_another_site_after_sign_in(site: Site, target: str) -> None:
    client = site.client()
    form = client.get("/login", params={"next": target}).text
    assert "evil.example" not in form
    token = csrf_of(form)
    answer = client.post(
        "/login", data={"name": "bob", "password": PASSWORD, "next": target, "csrf_token": token}
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    switch = client.get("/lang/cs", params={"next": target})
    assert switch.headers["location"] == "/"


def test_a_path_on_the_site_is_kept_after_sign_in(site: Site) -> None:
    client = site.client()
    token = csrf_of(client.get("/login?next=/admin/users").text)
    answer = client.post(
        "/login",
        data={"name": "ada", "password": PASSWORD, "next": "/admin/users", "csrf_token": token},
    )
    assert answer.headers["location"] == "/admin/users"


def test_a_disabled_users_session_is_refused_for_every_request(site: Site) -> None:
    from evidence.store import Store
    from web.users import add_user, set_disabled

    store = Store(site.db, create=False)
    add_user(store, "sec-admin", "admin", None, PASSWORD)
    client = site.client("sec-admin")
    token = csrf_of(client.get("/admin/users").text)
    set_disabled(store, "sec-admin", True)
    for answer in (
        client.get("/admin/users"),
        client.post("/admin/users/disable", data={"name": "mia", "csrf_token": token}),
    ):
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert not store.user_row("mia")["disabled"]  # type: ignore[index]
    fresh = site.client()
    token = csrf_of(fresh.get("/login").text)
    refused = fresh.post(
        "/login", data={"name": "sec-admin", "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 401  # the right password, but disabled
    store.engine.dispose()


def test_a_lockout_ends_by_itself_after_its_time(site: Site) -> None:
    from evidence.store import Store
    from web.users import LOCK_AFTER, LOCK_FOR, add_user, sign_in

    store = Store(site.db, create=False)
    add_user(store, "sec-lock", "board", "nanotex", PASSWORD)
    start = datetime.now(UTC)
    outcomes = [sign_in(store, "sec-lock", "wrong-pass-x", at=start) for _ in range(LOCK_AFTER)]
    assert [o.locked for o in outcomes] == [False] * (LOCK_AFTER - 1) + [True]
    during = start + LOCK_FOR - timedelta(seconds=1)
    assert sign_in(store, "sec-lock", PASSWORD, at=during).locked  # the right one too
    after = sign_in(store, "sec-lock", PASSWORD, at=start + LOCK_FOR + timedelta(seconds=1))
    assert after.user is not None and after.user.name == "sec-lock"
    # after a good sign-in the count starts again: nine more wrong ones do not lock
    later = start + LOCK_FOR * 2
    nine = [sign_in(store, "sec-lock", "wrong", at=later) for _ in range(LOCK_AFTER - 1)]
    assert not any(o.locked for o in nine)
    assert sign_in(store, "sec-lock", PASSWORD, at=later).user is not None
    store.engine.dispose()


def test_the_sign_in_is_rate_limited_per_address(site: Site) -> None:
    client = site.client()
    limit = client.app.state.login_rate.attempts  # refused sign-ins per address
    token = csrf_of(client.get("/login").text)
    codes = [
        client.post(
            "/login", data={"name": f"nobody-{i}", "password": "x" * 10, "csrf_token": token}
        ).status_code
        for i in range(limit + 1)
    ]
    assert codes[:limit] == [401] * limit and codes[limit] == 429


# --- the access log ------------------------------------------------------------------


def test_the_access_log_is_append_only_in_the_database(site: Site) -> None:
    from evidence.store import Store

    store = Store(site.db, create=False)
    site.client("bob")  # one more entry at least
    count = store.access_count()
    assert count > 0
    for statement in (
        "UPDATE access_log SET actor = 'someone else'",
        "DELETE FROM access_log",
    ):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert store.access_count() == count
    assert all(e["actor"] != "someone else" for e in store.access_entries(limit=count))
    store.engine.dispose()


def test_every_sign_in_and_admin_action_is_logged_with_the_users_name(site: Site) -> None:
    from evidence.store import Store

    store = Store(site.db, create=False)
    client = site.client("ada")
    token = csrf_of(client.get("/admin/users").text)
    client.post("/admin/users/disable", data={"name": "ana", "csrf_token": token})
    client.post("/admin/users/enable", data={"name": "ana", "csrf_token": token})
    newest = [(e["actor"], e["action"], e["target"]) for e in store.access_entries(limit=3)]
    assert newest == [
        ("ada", "user enabled", "ana"),
        ("ada", "user disabled", "ana"),
        ("ada", "sign-in", None),
    ]
    assert all(e["client"] for e in store.access_entries(limit=3))
    store.engine.dispose()


def test_store_file_is_not_served(site: Site) -> None:
    client = site.client("ada")
    for path in ("/static/../clex.db", "/static/%2e%2e/app.py", f"/static/{Path(site.db).name}"):
        assert client.get(path).status_code == 404, path
