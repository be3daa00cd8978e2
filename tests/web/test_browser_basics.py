"""The page in a real browser (Debian's chromium through Playwright): signing in and
out in English and Czech, the lockout as a person sees it, the admin's page, no console
error and no CSP violation (htmx loads from /static), and reading without JavaScript.

Screenshots go to build/screenshots/ (`screenshot()`), to be looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, Site, screenshot, sign_in_form

pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture
def watched(browser: Any) -> Iterator[Callable[..., tuple[Any, list[str]]]]:
    """`watched(js=True)`: a new page and the list its console errors, page errors and
    CSP violations go to (an empty list at the end of a test: none happened)."""
    contexts: list[Any] = []

    def open_page(js: bool = True, locale: str = "en-GB") -> tuple[Any, list[str]]:
        context = browser.new_context(
            java_script_enabled=js, locale=locale, viewport={"width": 1280, "height": 800}
        )
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        return page, problems

    yield open_page
    for context in contexts:
        context.close()


def test_the_sign_in_page_in_english_and_czech(server: str, watched: Any) -> None:
    page, problems = watched()
    page.goto(f"{server}/login")
    assert page.locator("h1").inner_text() == "Sign in"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("typeof htmx") == "object"  # loaded from /static under the CSP
    screenshot(page, "signin-en")
    page.click("text=CZ")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Přihlásit se"
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.get_by_label("Heslo").count() == 1
    screenshot(page, "signin-cs")
    assert problems == []


def test_mia_signs_in_lands_on_her_cluster_and_signs_out(server: str, watched: Any) -> None:
    page, problems = watched()
    page.goto(f"{server}/")
    assert page.url == f"{server}/login?next=/"
    sign_in_form(page, "mia")
    assert page.url == f"{server}/clusters/nanotex"  # her cluster's dashboard
    screenshot(page, "mia-after-sign-in")
    page.goto(f"{server}/admin/users")  # not hers: refused, on a page that says so
    assert page.locator("h1").inner_text() == "Not allowed"
    assert "mia · manager · nanotex" in page.locator("header .who").inner_text()
    assert page.evaluate("typeof htmx") == "object"
    screenshot(page, "mia-not-allowed")
    page.click("header button[type=submit]")  # Sign out
    page.wait_for_load_state()
    assert page.url == f"{server}/login"
    page.goto(f"{server}/")
    assert "/login" in page.url  # the session is gone
    # the refused page is a 403 (and her dashboard a 404 while the dashboard is not merged)
    assert [p for p in problems if "403" not in p and "404" not in p] == []


def test_the_tenth_wrong_password_shows_the_lockout(site: Site, server: str, watched: Any) -> None:
    from evidence.store import Store
    from web.users import LOCK_AFTER, add_user

    store = Store(site.db, create=False)
    add_user(store, "br-lock", "board", "nanotex", PASSWORD)
    store.engine.dispose()
    page, problems = watched()
    page.goto(f"{server}/login")
    for attempt in range(LOCK_AFTER):
        sign_in_form(page, "br-lock", "not-the-password")
        alert = page.locator("[role=alert]").inner_text()
        if attempt < LOCK_AFTER - 1:
            assert alert == "Wrong name or password.", attempt
    assert "locked for 15 minutes" in alert
    screenshot(page, "lockout-en")
    sign_in_form(page, "br-lock")  # the right password: still locked
    assert "locked for 15 minutes" in page.locator("[role=alert]").inner_text()
    assert "/login" in page.url
    # the 401 answers are what the browser logs as failed loads; nothing else
    assert [p for p in problems if "401" not in p] == []


def test_the_admin_adds_a_user_in_the_browser(site: Site, server: str, watched: Any) -> None:
    page, problems = watched()
    page.goto(f"{server}/login?next=/admin/users")
    sign_in_form(page, "ada")
    assert page.url == f"{server}/admin/users"
    form = page.locator("form.adduser")
    form.locator("input[name=name]").fill("br-new")
    form.locator("select[name=role]").select_option("auditor")
    form.locator("select[name=cluster]").select_option("nanotex")
    form.locator("input[name=password]").fill("browser-pass-1")
    form.locator("input[name=again]").fill("browser-pass-2")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "The two passwords differ." in page.locator("[role=alert]").inner_text()
    assert page.locator("form.adduser input[name=name]").input_value() == "br-new"
    screenshot(page, "admin-problem")
    form.locator("input[name=password]").fill("browser-pass-1")
    form.locator("input[name=again]").fill("browser-pass-1")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "User br-new added." in page.locator("[role=status]").inner_text()
    row = page.locator("table.users tr", has_text="br-new")
    assert "auditor" in row.inner_text() and "active" in row.inner_text()
    screenshot(page, "admin-users")
    assert [p for p in problems if "422" not in p] == []


def test_the_admins_page_in_czech(server: str, page_as: Any) -> None:
    page = page_as("ada", lang="cs")
    page.goto(f"{server}/admin/users")
    assert page.locator("h1").inner_text() == "Uživatelé"
    assert page.get_by_role("heading", name="Přidat uživatele").count() == 1
    screenshot(page, "admin-users-cs")


def test_the_page_reads_without_javascript(server: str, watched: Any) -> None:
    page, problems = watched(js=False)
    page.goto(f"{server}/lang/en?next=/login")
    assert page.locator("h1").inner_text() == "Sign in"
    sign_in_form(page, "ada")  # a plain HTML form: no script needed to sign in
    assert page.url == f"{server}/"
    page.goto(f"{server}/admin/users")
    assert page.locator("h1").inner_text() == "Users"
    assert page.locator("table.users tr", has_text="mia").count() == 1
    row = page.locator("table.users tr", has_text="bob")
    row.locator("summary").click()  # <details>: opens without a script
    assert row.locator("form.password").is_visible()
    screenshot(page, "admin-users-nojs")
    page.click("header button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{server}/login"
    assert problems == []


def test_a_phone_screen_keeps_its_width(server: str, page_as: Any) -> None:
    """On a phone (390 px) a wide table scrolls in its own box: the page never grows wider
    than the screen (the evidence list was 691 px, the assessments 934)."""
    page = page_as("mia")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/clusters/nanotex",
        "/clusters/nanotex/evidence",
        "/clusters/nanotex/assessments",
    ):
        page.goto(f"{server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        # ... and a title column is not squeezed to a few letters a line
        cells = page.locator("td:has(> a)")
        if cells.count():
            assert cells.first.bounding_box()["width"] >= 150, path  # type: ignore[index]
    screenshot(page, "mia-phone-evidence")


def test_a_filter_swapped_in_by_htmx_brings_its_clear_link(server: str, watched: Any) -> None:
    """htmx swaps only the table, so the "Clear" link beside the form came only with a
    whole page; it now comes out of band with the table, and leaves with it."""
    page, problems = watched()
    page.goto(f"{server}/login?next=/clusters/nanotex/evidence")
    sign_in_form(page, "mia")
    clear = page.locator("#clear a")
    assert clear.count() == 0
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded anew
    page.select_option("form.filters select[name=kind]", "event")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**kind=event**")
    clear.wait_for()
    assert page.evaluate("window.sameDocument === true")  # swapped by htmx, not reloaded
    kinds = page.locator("table.records tbody td:nth-child(2)").all_inner_texts()
    assert kinds and {k.strip() for k in kinds} == {"event"}
    clear.click()
    page.wait_for_url(f"{server}/clusters/nanotex/evidence")
    assert clear.count() == 0
    assert page.locator("form.filters select[name=kind]").input_value() == ""
    assert problems == []


def test_a_refused_change_opens_on_its_problems(server: str, watched: Any) -> None:
    """A refused edit answers the record's own page, the problems above the form, far
    below the top on a phone: the page opens on them (focused), what was typed kept."""
    page, problems = watched()
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(f"{server}/login?next=/clusters/nanotex/evidence?kind=event")
    sign_in_form(page, "mia")
    page.locator("table.records tbody tr a").first.click()
    page.wait_for_load_state()
    page.select_option("select[name=field]", "start")
    page.fill("input[name=value]", "31.2.2024")
    page.click("text=Save the field")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement && document.activeElement.id") == "problems"
    box = page.locator("#problems").bounding_box()
    assert box is not None and 0 <= box["y"] < 700, box  # on the screen, not below it
    assert "not a real date" in page.locator("#problems").inner_text()
    assert page.locator("input[name=value]").input_value() == "31.2.2024"
    screenshot(page, "mia-phone-refused-edit")
    assert [p for p in problems if "422" not in p] == []
