"""The evidence list: filters and search narrow as the store's own queries do, the keyset
pager walks every record once, the page streams, and no other cluster shows through."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest

from tests.web.conftest import OTHER_RECORD, Site

LINK = re.compile(r'href="/clusters/nanotex/evidence/([^"/?]+)"')
NEXT = re.compile(r'<a href="([^"]+)"[^>]*>[^<]*(?:Next page|Další stránka)')


def _store(site: Site) -> Any:
    from evidence.store import Store

    return Store(site.db, create=False)


def _walk(client: Any, url: str) -> tuple[list[str], int]:
    """Every record id the list shows from `url` on, following "next"; and the pages."""
    ids: list[str] = []
    pages = 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text[-400:]
        pages += 1
        ids += [unquote(i) for i in LINK.findall(answer.text)]
        found = NEXT.search(answer.text)
        url = found.group(1).replace("&amp;", "&") if found else ""
        assert pages < 200
    return ids, pages


def test_a_kind_is_walked_page_by_page_without_gaps_or_repeats(site: Site) -> None:
    store = _store(site)
    expected = [r.id for r in store.records("nanotex", kind="communication")]
    assert len(expected) > 100  # more than two pages
    ids, pages = _walk(site.client("mia"), "/clusters/nanotex/evidence?kind=communication")
    assert ids == expected  # the store's order: kind, start, id
    assert pages == -(-len(expected) // 50)


def test_the_whole_list_is_walked_in_the_command_lines_order(site: Site) -> None:
    store = _store(site)
    expected = [r.id for r in store.records("nanotex")]
    ids, _ = _walk(site.client("aud"), "/clusters/nanotex/evidence")
    assert ids == expected and len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("query", "kind", "status", "year"),
    [
        ("kind=event&status=verified", "event", "verified", None),
        ("status=rejected", None, "rejected", None),
        ("year=2023&kind=member", "member", None, 2023),
    ],
)
def test_filters_narrow_as_the_store_does(
    site: Site, query: str, kind: str | None, status: str | None, year: int | None
) -> None:
    from datetime import date

    store = _store(site)
    records = store.records(
        "nanotex",
        kind=kind,
        status=status,
        start=date(year, 1, 1) if year else None,
        end=date(year, 12, 31) if year else None,
    )
    ids, _ = _walk(site.client("mia"), f"/clusters/nanotex/evidence?{query}")
    assert ids == [r.id for r in records] and ids


def test_search_finds_the_title_whatever_its_case(site: Site) -> None:
    store = _store(site)
    records = store.records("nanotex")
    word = next(w for r in records for w in r.title.split() if len(w) > 5 and w.isascii())
    expected = [r.id for r in records if word.lower() in r.title.lower()]
    ids, _ = _walk(site.client("mia"), f"/clusters/nanotex/evidence?q={word.upper()}")
    assert ids == expected and ids
    none, _ = _walk(site.client("mia"), "/clusters/nanotex/evidence?q=%25_no-such%25")
    assert none == []


def test_the_page_streams_and_is_whole(site: Site) -> None:
    answer = site.client("mia").get("/clusters/nanotex/evidence")
    assert answer.status_code == 200
    assert "content-length" not in answer.headers  # streamed: no length known up front
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.text.rstrip().endswith("</html>")
    assert answer.text.count("<tr>") == 51  # the header and 50 records


def test_the_pages_chunks_hold_every_piece_in_order() -> None:
    """The streamed page's chunks: every piece Jinja yields, in order, empty ones too (a
    run of empty pieces is not the end), each chunk but the last at least `CHUNK`."""
    from web.render import CHUNK, _chunks

    pieces = ["<p>", *[""] * 5000, "a"] + [f"<td>{n}</td>" for n in range(20_000)] + ["</p>"]
    chunks = list(_chunks(iter(pieces)))
    assert b"".join(chunks) == "".join(pieces).encode()
    assert len(chunks) > 3 and all(len(c) >= CHUNK for c in chunks[:-1])
    assert list(_chunks(iter([]))) == [] and b"".join(_chunks(iter([""] * 600))) == b""


def _in_own_loop(coroutine: Any) -> None:
    """Runs `coroutine` in an event loop of its own thread, raising what it raises: in a
    worker whose browser tests hold Playwright's loop in this thread, `asyncio.run` here
    failed ("cannot be called from a running event loop"), by the order tests ran in."""
    import asyncio
    import threading

    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:  # handed to the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _sent(response: Any) -> list[dict[str, Any]]:
    """The ASGI messages `response` sends, or the error it raises before any."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    _in_own_loop(response({"type": "http"}, receive, send))
    return sent


def test_a_streamed_page_says_its_last_chunk_is_the_last() -> None:
    """One body message for a page of one chunk, the last of several saying it is the
    last (no empty message after it); a template failing in its first chunk fails before
    the status is sent, so the page is an error page, not a 200 cut short."""
    from web.render import CHUNK, Streamed

    one = _sent(Streamed(iter([b"<p>short</p>"])))
    assert [m["type"] for m in one] == ["http.response.start", "http.response.body"]
    assert one[0]["status"] == 200 and one[1] == {
        "type": "http.response.body",
        "body": b"<p>short</p>",
        "more_body": False,
    }
    parts = [b"a" * CHUNK, b"b" * CHUNK, b"c"]
    many = _sent(Streamed(iter(parts)))
    bodies = [m for m in many if m["type"] == "http.response.body"]
    assert [m["body"] for m in bodies] == parts
    assert [m["more_body"] for m in bodies] == [True, True, False]
    assert _sent(Streamed(iter([])))[1:] == [
        {"type": "http.response.body", "body": b"", "more_body": False}
    ]

    def failing() -> Any:
        raise RuntimeError("the template failed")
        yield b""  # a generator

    sent: list[dict[str, Any]] = []
    with pytest.raises(RuntimeError, match="the template failed"):

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        async def receive() -> dict[str, Any]:
            return {"type": "http.disconnect"}

        _in_own_loop(Streamed(failing())({"type": "http"}, receive, send))
    assert sent == []  # nothing went out: the server answers 500


def test_the_filters_work_as_a_plain_form_and_keep_in_the_links(site: Site) -> None:
    html = site.client("mia").get("/clusters/nanotex/evidence?kind=communication").text
    assert '<form class="filters" method="get" action="/clusters/nanotex/evidence"' in html
    assert '<option value="communication" selected>' in html
    assert 'hx-get="/clusters/nanotex/evidence"' in html and 'hx-push-url="true"' in html
    assert (
        NEXT.search(html)
        .group(1)
        .startswith("/clusters/nanotex/evidence?kind=communication&amp;after=")
    )  # type: ignore[union-attr]


def test_another_clusters_list_and_records_are_not_found(site: Site) -> None:
    mia = site.client("mia")
    assert mia.get("/clusters/other/evidence").status_code == 404
    assert mia.get(f"/clusters/other/evidence/{OTHER_RECORD}").status_code == 404
    assert mia.get(f"/clusters/nanotex/evidence/{OTHER_RECORD}").status_code == 404
    ids, _ = _walk(site.client("ada"), "/clusters/nanotex/evidence?q=other+cluster")
    assert OTHER_RECORD not in ids
    assert site.client("bob").get("/clusters/nanotex/evidence").status_code == 403
    assert site.client("ada").get("/clusters/nowhere/evidence").status_code == 404


@pytest.mark.parametrize(
    "query", ["after=nonsense", "after=event|2024-13-01|x", "kind=spaceship", "year=12", "status=x"]
)
def test_a_damaged_url_is_a_bad_request_page(site: Site, query: str) -> None:
    answer = site.client("mia").get(f"/clusters/nanotex/evidence?{query}")
    assert answer.status_code == 400 and "Bad request" in answer.text


def test_signed_out_the_list_asks_to_sign_in(site: Site) -> None:
    answer = site.client().get("/clusters/nanotex/evidence?kind=event")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")


def test_over_http_the_page_is_sent_chunked(site: Site, server: str) -> None:
    """Through uvicorn the list goes out as it is generated: chunked, no length."""
    import httpx2 as httpx  # what Starlette's TestClient uses (pyproject's dev extra)

    from tests.web.conftest import sign_in

    with httpx.Client(base_url=server, follow_redirects=False) as client:
        sign_in(client, "mia")
        with client.stream("GET", "/clusters/nanotex/evidence") as answer:
            assert answer.status_code == 200
            assert answer.headers.get("transfer-encoding") == "chunked"
            assert "content-length" not in answer.headers
            body = b"".join(answer.iter_bytes())
    assert body.count(b"<tr>") == 51 and body.rstrip().endswith(b"</html>")


def test_a_year_a_number_field_sends_in_exponent_form_is_that_year(site: Site) -> None:
    """A browser's number field takes "2.024e3" as 2024 and sends it so; htmx shows
    nothing for a 400, so the list took it as it is. A year that is no whole number
    is still a bad request."""
    mia = site.client("mia")
    plain = mia.get("/clusters/nanotex/evidence?year=2024").text
    assert mia.get("/clusters/nanotex/evidence?year=2.024e3").text.count("<tr>") == (
        plain.count("<tr>")
    )
    for bad in ("2024.5", "nan", "1e400", "١٩٩٩"):
        assert mia.get(f"/clusters/nanotex/evidence?year={bad}").status_code == 400, bad
