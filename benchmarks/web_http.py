"""The evidence list over HTTP: both sides served by uvicorn on loopback (issue 20, point 6).

Why a second harness: Starlette's TestClient (the `web-list` rows) calls the application
in the benchmark's process, and, outside a `with` block, starts an event loop in a new
thread for every request, so a route's trip to the thread pool starts a new worker
thread each time, and the transport is the client's, not a server's. "The page answers"
is what a browser sees from a server, so this row asks one: the real application
(`create_app` over the one-cluster store, a manager signed in through the sign-in form)
and the bare answer (`web_cases.bare_app`: the keyset SQL on one sqlite3 connection, the
rows as plain escaped HTML) each served by uvicorn in a process of its own on a free
loopback port, asked in turn over one keep-alive connection each by `http.client` (the
standard library's client: a thin one, so the ratio is the servers'). A sample is 20
requests.
"""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from .measure import Row, interleave

ROOT = Path(__file__).resolve().parent.parent
PER_SAMPLE = 20
_SERVE = """
import sys, uvicorn
sys.path.insert(0, {root!r})
if {bare!r}:
    from benchmarks.web_cases import bare_app
    app = bare_app({db!r}, {slug!r})
else:
    from pathlib import Path
    from web.app import create_app
    app = create_app({db!r}, secret="bench", workspace=Path({scratch!r}))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db: str, slug: str, scratch: Path, *, bare: bool) -> Iterator[int]:
    """uvicorn serving the application (or the bare answer) in a process of its own; the
    port, once it accepts connections."""
    port = _free_port()
    code = _SERVE.format(
        root=str(ROOT), bare=bare, db=db, slug=slug, scratch=str(scratch), port=port
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited ({process.returncode})") from None
                time.sleep(0.05)
        else:
            raise RuntimeError("the server did not start within 15 s")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> bytes:
    conn.request("GET", path, headers=headers)
    answer = conn.getresponse()
    body = answer.read()
    assert answer.status == 200, (answer.status, body[-300:])
    return body


def _signed_in(conn: http.client.HTTPConnection) -> str:
    """The session cookie of the benchmark's manager, signed in through the form."""
    conn.request("GET", "/login")
    answer = conn.getresponse()
    page = answer.read().decode()
    cookie = (answer.getheader("set-cookie") or "").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = urlencode({"name": "bench", "password": "bench-password-1", "csrf_token": token[1]})
    kinds = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", "/login", body=form, headers=kinds)
    answer = conn.getresponse()
    answer.read()
    assert answer.status == 303, answer.status
    return (answer.getheader("set-cookie") or "").split(";")[0]


def over_http(db: str, slug: str, scratch: Path, records: int, k: int, target: float) -> Row:
    """The first page of the list from uvicorn against the bare answer from uvicorn."""
    url = f"/clusters/{slug}/evidence"
    with (
        served(db, slug, scratch, bare=False) as clex_port,
        served(db, slug, scratch, bare=True) as bare_port,
    ):
        clex = http.client.HTTPConnection("127.0.0.1", clex_port)
        bare = http.client.HTTPConnection("127.0.0.1", bare_port)
        cookie = {"Cookie": _signed_in(clex)}
        assert _get(clex, url, cookie).count(b"<tr>") == 51
        assert _get(bare, "/", {}).count(b"<tr>") == 50

        def clex_side() -> None:
            for _ in range(PER_SAMPLE):
                _get(clex, url, cookie)

        def bare_side() -> None:
            for _ in range(PER_SAMPLE):
                _get(bare, "/", {})

        print("  .. web-list over HTTP", file=sys.stderr, flush=True)
        clex_t, bare_t = interleave([clex_side, bare_side], k=k)
        clex.close()
        bare.close()
    return Row(
        "web-list",
        f"{records:,} rec, first page over HTTP",
        clex_t.median / PER_SAMPLE,
        bare_t.median / PER_SAMPLE,
        f"<= {target}x",
        clex_t.median / bare_t.median <= target,
        clex_t.k,
        note="uvicorn serving the app vs uvicorn serving bare sqlite3 + HTML strings, each "
        "in its own process, asked in turn by http.client over keep-alive connections "
        f"({PER_SAMPLE} requests a sample)",
    )
