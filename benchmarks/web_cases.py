"""The web case: the evidence list of a 100,000-record cluster (issue 20, point 6).

Why measured so: the page must answer within 1.5x the bare paginated SQL, on the first
page and deep in the list. The clex side is the real application (`web.app.create_app`
over a copy of the one-cluster store, a signed-in manager, the session cookie checked,
the user read back, `require`, the keyset page of `Store.record_page`, the Jinja page
streamed) asked through Starlette's TestClient. The baseline is the same request
answered by a bare ASGI callable through the same TestClient: the same keyset query
written by hand on one sqlite3 connection, the rows as plain HTML strings (escaped,
ISO dates), no session, no framework. Both sides thus pay the same transport; the
ratio is what the application adds to the SQL. The deep page starts after the record
90% of the way through the list (its cursor found once, untimed, by OFFSET). The note
gives the framework's floor: a bare FastAPI route with Starlette's session middleware
answering the bare SQL's page (what the brief's framework costs before any of clex's
work). Two more rows split the target: the store's page (`Store.record_page`) against
the bare paginated SQL without the web around either, and the page of the 100,000-record
cluster against the same page of a 1,000-record one (a page that loads nothing more at
any size gives 1x). One more asks a real server (`web_http`): uvicorn serving each side.
"""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from starlette.requests import Request  # at the top: FastAPI reads the route's annotations

from .config import Run
from .generate import build_store, one_cluster
from .measure import Row, interleave
from .web_http import over_http

TARGET = 1.5
PAGE = 50
_COLUMNS = "id, kind, title, start, date_precision, status, source_file, source_sheet, source_row"
_FIRST = (
    f"SELECT {_COLUMNS} FROM evidence WHERE cluster = ? ORDER BY kind, start, id LIMIT {PAGE + 1}"
)
_AFTER = (
    f"SELECT {_COLUMNS} FROM evidence WHERE cluster = ? AND (kind, start, id) > (?, ?, ?) "
    f"ORDER BY kind, start, id LIMIT {PAGE + 1}"
)


def say(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


def bare_app(db: str, slug: str) -> Callable[..., Any]:
    """An ASGI callable answering `?after=kind|start|id` with the page as HTML strings."""
    conn = sqlite3.connect(db, check_same_thread=False)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        query = scope["query_string"].decode()
        if query.startswith("after="):
            from urllib.parse import unquote_plus

            kind, start, rid = unquote_plus(query[6:]).split("|", 2)
            rows = conn.execute(_AFTER, (slug, kind, start, rid)).fetchall()
        else:
            rows = conn.execute(_FIRST, (slug,)).fetchall()
        e = html.escape
        body = "".join(
            f"<tr><td>{r[3]}</td><td>{r[1]}</td><td><a href='/e/{e(r[0])}'>{e(r[2])}</a></td>"
            f"<td>{r[5]}</td><td>{e(r[6] or '')} {e(r[7] or '')} {r[8]}</td></tr>"
            for r in rows[:PAGE]
        )
        page = f"<!doctype html><table>{body}</table>".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/html")],
            }
        )
        await send({"type": "http.response.body", "body": page})

    return app


def signed_in_app(run: Run, records: int) -> tuple[Any, Any, str, str]:
    """The application over a copy of the one-cluster store of `records` records, a
    manager signed in through the page: (app, client, db, slug)."""

    from evidence.store import Store
    from web.app import create_app
    from web.users import add_user

    spec = one_cluster(records)
    source = build_store(spec)
    db = run.scratch / f"web-list-{records}.db"
    shutil.copyfile(source, db)
    slug = spec.slugs()[0]
    store = Store(str(db))  # migrates the copy (the users' table) once, untimed
    add_user(store, "bench", "manager", slug, "bench-password-1")
    store.engine.dispose()
    app = create_app(str(db), secret="bench", workspace=run.scratch)
    return app, signed_in(app), str(db), slug


def signed_in(app: Any, name: str = "bench", password: str = "bench-password-1") -> Any:
    """A TestClient of `app` signed in through the sign-in page as `name`."""
    from starlette.testclient import TestClient

    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "no CSRF token on the sign-in page"
    data = {"name": name, "password": password, "csrf_token": token[1]}
    signed = client.post("/login", data=data)
    assert signed.status_code == 303, signed.text[-300:]
    return client


def framework_app(db: str, slug: str) -> Any:
    """The raw library doing the page's work: a FastAPI route with Starlette's session
    middleware (the cookie read and checked) answering the bare SQL's page as HTML
    strings. What no page built on FastAPI can go below."""
    from fastapi import FastAPI
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.responses import HTMLResponse

    inner = bare_app(db, slug)
    app = FastAPI()

    @app.get("/")
    async def page(request: Request) -> HTMLResponse:
        if request.session.setdefault("user", "bench") != "bench":  # set once, then read
            raise AssertionError("the session was not kept")
        sent: list[Any] = []

        async def keep(message: Any) -> None:
            sent.append(message)

        await inner(request.scope, request.receive, keep)
        return HTMLResponse(sent[1]["body"])

    app.add_middleware(SessionMiddleware, secret_key="bench", session_cookie="s")
    return app


def web_list(run: Run) -> list[Row]:
    from starlette.testclient import TestClient

    records = run.sizes.assess_one[-1]
    app, client, db, slug = signed_in_app(run, records)
    with sqlite3.connect(db) as conn:
        deep = conn.execute(
            f"SELECT kind, start, id FROM evidence WHERE cluster = ? ORDER BY kind, start, id "
            f"LIMIT 1 OFFSET {records * 9 // 10}",
            (slug,),
        ).fetchone()
    cursor = "|".join(deep)

    bare = TestClient(bare_app(db, slug))
    framework = TestClient(framework_app(db, slug))
    framework.get("/")  # the session cookie

    def floor() -> None:  # the framework doing the bare SQL's page, with a session
        assert framework.get("/").text.count("<tr>") == PAGE

    rows = []
    for name, query in (("first page", ""), ("deep page (90%)", f"?after={cursor}")):
        url = f"/clusters/{slug}/evidence{query}"

        cpu: dict[str, list[float]] = {"clex": [], "bare": []}

        def clex(url: str = url, cpu: dict[str, list[float]] = cpu) -> None:
            started = time.process_time()
            answer = client.get(url.replace("|", "%7C"))
            cpu["clex"].append(time.process_time() - started)
            assert answer.status_code == 200 and answer.text.count("<tr>") == PAGE + 1

        def baseline(query: str = query, cpu: dict[str, list[float]] = cpu) -> None:
            started = time.process_time()
            answer = bare.get("/" + query.replace("|", "%7C"))
            cpu["bare"].append(time.process_time() - started)
            assert answer.status_code == 200 and answer.text.count("<tr>") == PAGE

        say(f"web-list {name}")
        clex_t, bare_t, floor_t = interleave(
            [clex, baseline, floor], k=max(20, run.sizes.k_fast * 10)
        )
        ratio = clex_t.median / bare_t.median
        a, b = statistics.median(cpu["clex"]), statistics.median(cpu["bare"])
        rows.append(
            Row(
                "web-list",
                f"{records:,} rec, {name}",
                clex_t.median,
                bare_t.median,
                f"<= {TARGET}x",
                ratio <= TARGET,
                clex_t.k,
                note="the app through TestClient vs bare sqlite3 + HTML strings through it; "
                f"a bare FastAPI route with a session answering the bare SQL's page takes "
                f"{floor_t.median * 1000:.1f} ms ({floor_t.median / bare_t.median:.2f}x the "
                f"bare answer; clex {clex_t.median / floor_t.median:.2f}x it); processor "
                f"time {a * 1000:.1f} ms vs {b * 1000:.1f} ms ({a / b:.2f}x)",
            )
        )
    rows.append(over_http(db, slug, run.scratch, records, max(10, run.sizes.k_fast * 3), TARGET))
    rows.append(_store_page(run, app.state.store, db, slug))
    rows.append(_any_size(run, client, slug, records))
    app.state.store.engine.dispose()
    return rows


def _store_page(run: Run, store: Any, db: str, slug: str) -> Row:
    """The store's part of the page: `Store.record_page` in the page's `reading()` against
    the bare paginated SQL on one sqlite3 connection (50 pages a sample)."""
    conn = sqlite3.connect(db)

    def clex() -> None:
        for _ in range(50):
            with store.reading():
                assert len(store.record_page(slug, size=PAGE)) == PAGE + 1

    def baseline() -> None:
        for _ in range(50):
            assert len(conn.execute(_FIRST, (slug,)).fetchall()) == PAGE + 1

    say("web-list the store's page")
    clex_t, bare_t = interleave([clex, baseline], k=max(10, run.sizes.k_fast * 4))
    conn.close()
    return Row(
        "web-list",
        "the store's page of 50",
        clex_t.median / 50,
        bare_t.median / 50,
        f"<= {TARGET}x",
        clex_t.median / bare_t.median <= TARGET,
        clex_t.k,
        note="Store.record_page (compiled once, rows as dicts with days) in one read "
        "transaction vs sqlite3 execute + fetchall of the same keyset query",
    )


def _any_size(run: Run, big_client: Any, slug: str, records: int) -> Row:
    """The page of the 100,000-record cluster against the same page of the smallest
    one-cluster store: a page that costs the same at any size (nothing loads every
    record) gives 1x."""
    small = run.sizes.assess_one[0]
    app, client, _db, small_slug = signed_in_app(run, small)

    def clex() -> None:
        assert big_client.get(f"/clusters/{slug}/evidence").status_code == 200

    def baseline() -> None:
        assert client.get(f"/clusters/{small_slug}/evidence").status_code == 200

    say(f"web-list {records:,} against {small:,} records")
    big_t, small_t = interleave([clex, baseline], k=max(20, run.sizes.k_fast * 10))
    app.state.store.engine.dispose()
    return Row(
        "web-list",
        f"{records:,} vs {small:,} rec",
        big_t.median,
        small_t.median,
        f"<= {TARGET}x",
        big_t.median / small_t.median <= TARGET,
        big_t.k,
        note="the first page of the large cluster vs the first page of the small one, "
        "both through the application: the page's cost does not grow with the cluster",
    )


CASES: dict[str, Callable[[Run], list[Row]]] = {"web-list": web_list}
