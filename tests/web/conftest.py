"""The web page's fixtures: a filled store on SQLite and PostgreSQL, its people, a
client for plain HTTP checks, a real server and a real browser.

The store is the demo's (`clex.demo_cmd.run_demo`, without reports: the NanoTex
cluster, its evidence, reviews and kept assessments) plus a second cluster, "other",
with a record of its own, so that a test can try to reach across clusters. It is
filled once per test module and backend; tests that change data change records of
their own making or accept what earlier tests of the module did.

The browser is Debian's chromium (`scripts/sysdeps.sh` installs it), driven by
Playwright through `executable_path`, since `playwright install` cannot download here.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PG_URL

PASSWORD = "correct-horse-1"
# name -> (role, cluster)
PEOPLE = {
    "ada": ("admin", None),
    "mia": ("manager", "nanotex"),
    "aud": ("auditor", "nanotex"),
    "bob": ("board", "nanotex"),
    "ana": ("analyst", None),
    "oma": ("manager", "other"),
}
OTHER_RECORD = "other-secret-1"


@dataclass
class Site:
    """A filled store and what a test needs to reach it."""

    db: str
    folder: Path
    base_url: str = ""
    apps: list[Any] = field(default_factory=list)

    def app(self, **options: Any) -> Any:
        from web.app import create_app

        app = create_app(self.db, secret="test-secret", **options)
        self.apps.append(app)
        return app

    def client(self, user: str | None = None, **options: Any) -> Any:
        """A Starlette test client, signed in as `user` when given."""
        from starlette.testclient import TestClient

        base = "https://testserver" if options.get("secure") else "http://testserver"
        client = TestClient(self.app(**options), base_url=base, follow_redirects=False)
        if user is not None:
            sign_in(client, user)
        return client


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: Any, user: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    answer = client.post(
        "/login", data={"name": user, "password": password, "csrf_token": csrf_of(page.text)}
    )
    assert answer.status_code == 303, answer.text[-500:]
    return answer


def fill(db: str, folder: Path) -> None:
    """The demo's cluster and kept assessments, a second cluster, and one user per role."""
    from clex.demo_cmd import run_demo
    from evidence.ingest import import_files
    from evidence.models import ClusterProfile
    from evidence.store import Store
    from web.users import add_user

    run_demo(folder / "demo", reports=False, db=db)
    store = Store(db, create=False)
    try:
        store.add_cluster(ClusterProfile(slug="other", name="Other Cluster", country="CZ"))
        source = folder / "other.yaml"
        source.write_text(
            f"- id: {OTHER_RECORD}\n  kind: document\n  title: Other cluster's strategy\n"
            "  start: 2024-02-01\n  status: submitted\n",
            encoding="utf-8",
        )
        import_files(store, [source], cluster="other", workspace=folder, actor="oma")
        for name, (role, cluster) in PEOPLE.items():
            add_user(store, name, role, cluster, PASSWORD)
    finally:
        store.engine.dispose()


@pytest.fixture(scope="session")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The filled stores every module copies: made once per test process and backend (the
    demo's assessments take seconds; a copy takes milliseconds)."""
    return {"folder": tmp_path_factory.mktemp("filled")}


def _copy_sqlite(filled: dict[str, Any], folder: Path) -> str:
    if "sqlite" not in filled:
        fill(str(filled["folder"] / "clex.db"), filled["folder"])
        filled["sqlite"] = filled["folder"] / "clex.db"
    target = folder / "clex.db"
    shutil.copy(filled["sqlite"], target)
    return str(target)


def _copy_pg(filled: dict[str, Any], module: str) -> str:
    """A PostgreSQL database made from the filled template (`CREATE DATABASE ... TEMPLATE`)."""
    from sqlalchemy import create_engine, make_url, text

    assert PG_URL is not None
    base = make_url(PG_URL)
    template, name = f"{base.database}_filled", f"{base.database}_{module}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if "postgres" not in filled:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{template}"'))
                conn.execute(text(f'CREATE DATABASE "{template}"'))
                url = base.set(database=template).render_as_string(hide_password=False)
                (filled["folder"] / "pg").mkdir()
                fill(url, filled["folder"] / "pg")
                filled["postgres"] = template
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    filled: dict[str, Any],
) -> Iterator[Site]:
    """A filled store on SQLite, and on PostgreSQL when CLEX_TEST_PG_URL is set; each
    test module gets its own copy of it."""
    folder = tmp_path_factory.mktemp("site")
    if request.param == "sqlite":
        db = _copy_sqlite(filled, folder)
    else:
        if not PG_URL:
            pytest.skip("CLEX_TEST_PG_URL is not set")
        db = _copy_pg(filled, request.module.__name__.rsplit(".", 1)[-1][:40])
    # the demo's folder (its data, peers and attachments) beside the copy, as `fill` left it
    source = filled["folder"] / ("pg" if request.param == "postgres" else "") / "demo"
    shutil.copytree(source, folder / "demo")
    made = Site(db, folder)
    yield made
    for app in made.apps:
        app.state.store.engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[str]:
    """uvicorn serving the site on 127.0.0.1 on a free port, in a thread; its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(site.app(), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    site.base_url = f"http://127.0.0.1:{port}"
    yield site.base_url
    running.should_exit = True
    thread.join(timeout=10)


def chromium_path() -> str | None:
    """Debian's chromium (the `chromium` package), which Playwright drives."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless chromium driven by Playwright."""
    executable = chromium_path()
    if executable is None:
        why = "no chromium: `bash scripts/sysdeps.sh .venv/bin/python --browser` installs it"
        if os.environ.get("CI"):  # CI must run the browser tests, never skip them
            pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


def sign_in_form(page: Any, name: str, password: str = PASSWORD) -> None:
    """Fills and sends the sign-in form of the page shown (works without JavaScript)."""
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def page_as(browser: Any, server: str) -> Iterator[Any]:
    """`page_as("mia")`: a new browser page, signed in as that user, in English."""
    contexts: list[Any] = []

    def open_as(user: str, lang: str = "en") -> Any:
        context = browser.new_context(
            locale="cs-CZ" if lang == "cs" else "en-GB", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server}/lang/{lang}?next=/login")
        sign_in_form(page, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot under build/screenshots/, to be looked at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of one module share its store (`site`, module-scoped) and may build on
    what an earlier test of the module did: under pytest-xdist (`--dist loadgroup`) a
    module's tests run on one worker, in order, and its store is filled once."""
    for item in items:
        module = getattr(item, "module", None)
        if module is None or not module.__name__.startswith("tests.web."):
            continue
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(module.__name__))
