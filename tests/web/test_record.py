"""A record's page: its fields and history, its attachment exactly as imported (or
refused), the manager's edit/withdraw/restore, and what an auditor may not do."""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.web.conftest import PASSWORD, Site, csrf_of, screenshot, sign_in, sign_in_form

SCRIPT = "<script>alert(1)</script> strategy"
PROOF = b"signed minutes of the board, 2024\n"


@pytest.fixture(scope="module")
def extra(site: Site) -> Iterator[dict[str, Any]]:
    """Records of this module's own: a title with a script in it and an attachment, one
    whose attachment is later swapped for a link out of the workspace, one to edit, a
    service without an end (given one, the edit warns)."""
    from evidence.ingest import import_files
    from evidence.store import Store

    folder = site.folder
    (folder / "files").mkdir(exist_ok=True)
    (folder / "files" / "proof.txt").write_bytes(PROOF)
    (folder / "files" / "moved.txt").write_bytes(b"soon a link\n")
    (folder / "files" / "changing.txt").write_bytes(b"as imported\n")
    (folder / "secret.txt").write_bytes(b"outside\n")
    source = folder / "web-records.yaml"
    source.write_text(
        "- id: web-script\n  kind: document\n"
        f"  title: '{SCRIPT}'\n  start: 2024-03-01\n  attachment: files/proof.txt\n"
        "  url: 'javascript:alert(2)'\n  notes: '<b>bold?</b>'\n"
        "- id: web-linked\n  kind: document\n  title: Linked file\n  start: 2024-03-02\n"
        "  attachment: files/moved.txt\n  url: https://example.org/minutes\n"
        "- id: web-changing\n  kind: document\n  title: Changing file\n  start: 2024-03-03\n"
        "  attachment: files/changing.txt\n"
        "- id: web-edit\n  kind: event\n  title: Web edit target\n  start: 2024-04-01\n"
        "  participants: 12\n"
        "- id: web-service\n  kind: service\n  title: Matchmaking days\n  start: 2019-01-01\n"
        "  category: matchmaking\n  members_served: 20\n"
        "- id: web-service-2\n  kind: service\n  title: Export desk\n  start: 2022-01-01\n"
        "  category: internationalisation\n  members_served: 10\n",
        encoding="utf-8",
    )
    store = Store(site.db, create=False)
    import_files(store, [source], cluster="nanotex", workspace=folder, actor="mia")
    store.engine.dispose()
    yield {"folder": folder}


def _client(site: Site, user: str) -> Any:
    return site.client(user, workspace=site.folder)


def test_a_script_in_a_title_is_text_in_the_list_and_on_the_record(
    site: Site, extra: dict[str, Any]
) -> None:
    mia = _client(site, "mia")
    listed = mia.get("/clusters/nanotex/evidence?q=alert").text
    page = mia.get("/clusters/nanotex/evidence/web-script").text
    for html in (listed, page):
        assert "<script>alert(1)" not in html
        assert htmllib.escape(SCRIPT, quote=False) in html
    assert "<b>bold?</b>" not in page and "&lt;b&gt;bold?&lt;/b&gt;" in page
    # a url that is not http(s) is text, never a link
    assert 'href="javascript:' not in page and "javascript:alert(2)" in page


def test_the_record_shows_its_fields_source_attachment_and_history(
    site: Site, extra: dict[str, Any]
) -> None:
    page = _client(site, "aud").get("/clusters/nanotex/evidence/web-linked").text
    digest = hashlib.sha256(b"soon a link\n").hexdigest()
    assert "Linked file" in page and "web-records.yaml" in page
    assert digest in page and 'href="/clusters/nanotex/evidence/web-linked/attachment"' in page
    assert '<a href="https://example.org/minutes" rel="noopener noreferrer nofollow">' in page
    assert "History" in page and ">mia<" in page  # created by mia's import
    # no `download` attribute: with it, a browser dropped the 409 page of a changed file
    assert 'attachment" download' not in page
    czech = _client(site, "mia")
    czech.get("/lang/cs")
    cs = czech.get("/clusters/nanotex/evidence/web-linked").text
    # withdrawing reads apart from downloading ("Stáhnout" is both in Czech)
    assert "Odvolat záznam" in cs and "Stáhnout soubor" in cs and "Stáhnout záznam" not in cs
    # fields in words, with the key `clex evidence edit` takes beside them
    assert 'datum zahájení <code class="muted">start</code>' in cs, cs[:3000]
    assert '<option value="title">název (title)</option>' in cs
    assert re.search(r"<dd>\s*den\s*</dd>", cs), "a choice (date_precision: day) in words"


def test_the_attachment_is_sent_with_its_sha256(site: Site, extra: dict[str, Any]) -> None:
    answer = _client(site, "aud").get("/clusters/nanotex/evidence/web-script/attachment")
    assert answer.status_code == 200
    assert answer.content == PROOF
    assert answer.headers["x-content-sha256"] == hashlib.sha256(PROOF).hexdigest()
    assert answer.headers["content-disposition"].startswith('attachment; filename="proof.txt"')
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-type"] == "application/octet-stream"


def test_a_changed_file_is_refused(site: Site, extra: dict[str, Any]) -> None:
    (extra["folder"] / "files" / "changing.txt").write_bytes(b"changed after import\n")
    answer = _client(site, "mia").get("/clusters/nanotex/evidence/web-changing/attachment")
    assert answer.status_code == 409
    assert "The file changed since import" in answer.text
    assert "changed after import" not in answer.text


def test_a_file_out_of_the_workspace_is_never_sent(site: Site, extra: dict[str, Any]) -> None:
    moved: Path = extra["folder"] / "files" / "moved.txt"
    moved.unlink()
    moved.symlink_to(extra["folder"].parent)  # a link that leaves the workspace
    mia = _client(site, "mia")
    answer = mia.get("/clusters/nanotex/evidence/web-linked/attachment")
    assert answer.status_code == 404 and "Not in the workspace" in answer.text
    # another workspace: the stored path is not in it
    elsewhere = site.client("mia", workspace=extra["folder"] / "files")
    gone = elsewhere.get("/clusters/nanotex/evidence/web-script/attachment")
    assert gone.status_code == 404 and "The file is not in the workspace" in gone.text
    for path in ("..%2F..%2Fsecret.txt", "..%2Fweb-script", "%2E%2E"):
        assert mia.get(f"/clusters/nanotex/evidence/{path}/attachment").status_code == 404


def test_a_manager_edits_a_field_and_the_history_names_them(
    site: Site, extra: dict[str, Any]
) -> None:
    mia = _client(site, "mia")
    page = mia.get("/clusters/nanotex/evidence/web-edit").text
    assert 'action="/clusters/nanotex/evidence/web-edit/edit"' in page
    answer = mia.post(
        "/clusters/nanotex/evidence/web-edit/edit",
        data={"field": "participants", "value": "40", "csrf_token": csrf_of(page)},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/clusters/nanotex/evidence/web-edit"
    page = mia.get("/clusters/nanotex/evidence/web-edit").text
    history = page[page.index('<table class="history">') :]
    last_row = history.split("<tr>")[-1]
    assert ">mia<" in last_row and ">12<" in last_row and ">40<" in last_row
    assert ">participants<" in last_row and "web: edit participants" in last_row
    from evidence.record_history import record_history
    from evidence.store import Store

    store = Store(site.db, create=False)
    entries, _ = record_history(store, "nanotex", "web-edit")
    last = entries[-1]
    assert (last["who"], last["field"], last["old"], last["new"]) == ("mia", "participants", 12, 40)
    batch = next(b for b in store.batch_list("nanotex") if b["id"] == last["batch"])
    assert (batch["actor"], batch["command"]) == ("mia", "web: edit participants")


def test_an_edits_warning_is_shown_once_in_the_pages_language(
    site: Site, extra: dict[str, Any]
) -> None:
    """A service given an end: `clex evidence edit` prints what its members_served now
    has to be; the record's page the edit returns to says it too, in Czech here."""
    mia = _client(site, "mia")
    mia.get("/lang/cs")
    token = csrf_of(mia.get("/clusters/nanotex/evidence/web-service").text)
    answer = mia.post(
        "/clusters/nanotex/evidence/web-service/edit",
        data={"field": "end", "value": "31.12.2025", "csrf_token": token},
    )
    assert answer.status_code == 303
    page = mia.get("/clusters/nanotex/evidence/web-service").text
    warned = page[page.index('id="warnings"') :].split("</div>")[0]
    text = htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", warned)))
    assert "Uloženo; zkontrolujte:" in text
    assert "web-service: služba dostala konec" in text and "při 20 za rok asi 140" in text
    assert 'id="warnings"' not in mia.get("/clusters/nanotex/evidence/web-service").text  # once
    # an edit without a warning shows none, in English as the terminal says it
    mia.get("/lang/en")
    token = csrf_of(mia.get("/clusters/nanotex/evidence/web-service").text)
    mia.post(
        "/clusters/nanotex/evidence/web-service/edit",
        data={"field": "members_served", "value": "60", "csrf_token": token},
    )
    assert 'id="warnings"' not in mia.get("/clusters/nanotex/evidence/web-service").text


def test_bad_edits_list_every_problem_and_change_nothing(site: Site, extra: dict[str, Any]) -> None:
    """Refused on the record's own page, the problems beside the form and what was typed
    still in it (a page of its own lost both)."""
    mia = _client(site, "mia")
    token = csrf_of(mia.get("/clusters/nanotex/evidence/web-edit").text)
    for field, value, says in [
        ("start", "31.2.2024", "start"),
        ("kind", "member", "the kind cannot change"),
        ("colour", "red", "event records have no field"),
    ]:
        answer = mia.post(
            "/clusters/nanotex/evidence/web-edit/edit",
            data={"field": field, "value": value, "csrf_token": token},
        )
        assert answer.status_code == 422 and "Web edit target" in answer.text
        alert = answer.text.split('role="alert"')[1].split("</div>")[0]
        assert says in alert and "Nothing was changed:" in alert
        assert "web-edit:" not in alert  # the record is the page's: no id before the message
        assert f'name="value" maxlength="10000" value="{value}"' in answer.text
    again = mia.post(
        "/clusters/nanotex/evidence/web-edit/edit",
        data={"field": "start", "value": "31.2.2024", "csrf_token": token},
    ).text
    assert '<option value="start" selected>' in again
    withdraw = mia.post(
        "/clusters/nanotex/evidence/web-edit/withdraw",
        data={"reason": " ", "csrf_token": token},
    )
    assert withdraw.status_code == 422 and 'role="alert"' in withdraw.text
    assert 'required value=" "' in withdraw.text
    from evidence.store import Store

    store = Store(site.db, create=False)
    record, _ = store.record("nanotex", "web-edit")
    store.engine.dispose()
    assert record.status != "withdrawn" and str(record.start) == "2024-04-01"
    # the refused page is at the form's POST address: its EN/CZ switch leads back to the
    # record's page (a GET of /edit was a 405)
    switch = re.search(r'href="/lang/cs\?next=([^"]*)"', again)
    assert switch and unquote(switch[1]) == "/clusters/nanotex/evidence/web-edit", switch


def test_a_manager_withdraws_and_restores(site: Site, extra: dict[str, Any]) -> None:
    mia = _client(site, "mia")
    token = csrf_of(mia.get("/clusters/nanotex/evidence/web-edit").text)
    done = mia.post(
        "/clusters/nanotex/evidence/web-edit/withdraw",
        data={"reason": "entered twice", "csrf_token": token},
    )
    assert done.status_code == 303
    page = mia.get("/clusters/nanotex/evidence/web-edit").text
    assert "entered twice" in page and "/restore" in page and "/withdraw" not in page
    listed = mia.get("/clusters/nanotex/evidence?status=withdrawn&kind=event").text
    assert 'href="/clusters/nanotex/evidence/web-edit"' in listed
    back = mia.post(
        "/clusters/nanotex/evidence/web-edit/restore", data={"reason": "", "csrf_token": token}
    )
    assert back.status_code == 303
    page = mia.get("/clusters/nanotex/evidence/web-edit").text
    assert "/withdraw" in page and 'class="badge withdrawn"' not in page.split("<h2>")[0]


def test_an_auditor_sees_no_edit_forms_and_cannot_post_one(
    site: Site, extra: dict[str, Any]
) -> None:
    aud = _client(site, "aud")
    page = aud.get("/clusters/nanotex/evidence/web-edit").text
    assert "/edit" not in page and "/withdraw" not in page and "/restore" not in page
    token = csrf_of(page)
    for action, data in [
        ("edit", {"field": "title", "value": "Auditor's title"}),
        ("withdraw", {"reason": "mine now"}),
        ("restore", {}),
    ]:
        answer = aud.post(
            f"/clusters/nanotex/evidence/web-edit/{action}", data={**data, "csrf_token": token}
        )
        assert answer.status_code == 403, action
    oma = _client(site, "oma")  # a manager of another cluster: not found
    other_token = csrf_of(oma.get("/").text) if oma.get("/").status_code == 200 else token
    answer = oma.post(
        "/clusters/nanotex/evidence/web-edit/edit",
        data={"field": "title", "value": "x", "csrf_token": other_token},
    )
    assert answer.status_code in (403, 404)
    assert (
        "Auditor's title"
        not in _client(site, "mia").get("/clusters/nanotex/evidence/web-edit").text
    )


def test_a_post_without_the_csrf_token_is_refused(site: Site, extra: dict[str, Any]) -> None:
    answer = _client(site, "mia").post(
        "/clusters/nanotex/evidence/web-edit/edit", data={"field": "title", "value": "x"}
    )
    assert answer.status_code == 403 and "Form expired" in answer.text


def test_list_and_record_in_a_browser_en_and_cs(
    site: Site, extra: dict[str, Any], page_as: Any, server: str, browser: Any
) -> None:
    if "sqlite" not in site.db and "://" in site.db:
        pytest.skip("the screenshots are taken once, on SQLite")
    for lang in ("en", "cs"):
        page = page_as("mia", lang=lang)
        page.goto(f"{server}/clusters/nanotex/evidence?kind=event")
        assert page.locator("table.records tbody tr").count() == 50
        page.select_option("select[name=status]", "verified")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**status=verified**")
        rows = page.locator("table.records tbody tr")
        assert rows.count() > 0
        assert all(
            "verified" in c or "ověřen" in c for c in rows.locator(".badge").all_inner_texts()
        )
        screenshot(page, f"evidence-list-{lang}")
        page.goto(f"{server}/clusters/nanotex/evidence/web-script")
        assert SCRIPT in page.locator("h1").inner_text()
        screenshot(page, f"evidence-record-{lang}")
        page.goto(f"{server}/clusters/nanotex/evidence/web-edit")  # edited, withdrawn, restored
        assert page.locator("table.history tbody tr").count() >= 4
        screenshot(page, f"evidence-record-history-{lang}")
    # without JavaScript the list reads and its pager is a plain link
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{server}/login")
    sign_in_form(plain, "aud")
    plain.goto(f"{server}/clusters/nanotex/evidence")
    first = plain.locator("table.records tbody tr").first.inner_text()
    plain.click("nav.pager a >> nth=-1")
    assert (
        "after=" in plain.url
        and plain.locator("table.records tbody tr").first.inner_text() != first
    )
    context.close()


def test_an_edits_warning_in_a_browser(
    site: Site, extra: dict[str, Any], page_as: Any, server: str
) -> None:
    """The manager gives a service an end in the form; the page the browser lands on
    says what members_served now has to be, in Czech."""
    if "sqlite" not in site.db and "://" in site.db:
        pytest.skip("the browser tests run once, on SQLite")
    page = page_as("mia", lang="cs")
    page.goto(f"{server}/clusters/nanotex/evidence/web-service-2")
    assert page.locator("#warnings").count() == 0
    page.select_option("select[name=field]", "end")
    page.fill("input[name=value]", "31.12.2025")
    page.click("form[action$='/edit'] button[type=submit]")
    page.wait_for_url("**/evidence/web-service-2")
    warned = page.locator("#warnings")
    assert warned.is_visible()
    text = warned.inner_text()
    assert "Uloženo; zkontrolujte:" in text and "web-service-2: služba dostala konec" in text
    assert "při 10 za rok asi 40" in text
    screenshot(page, "evidence-record-edit-warning-cs")
    page.reload()
    assert page.locator("#warnings").count() == 0


def test_the_workspace_defaults_to_the_stores_folder_and_serve_takes_one(site: Site) -> None:
    from typer.testing import CliRunner

    from clex.cli import app

    workspace = site.app().state.workspace
    if "://" in site.db:  # PostgreSQL: no store folder, the current one
        assert workspace == Path.cwd().resolve()
    else:
        assert workspace == site.folder.resolve()
    shown = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert "--workspace" in shown.output and "attachments" in shown.output


def test_a_page_not_found_keeps_the_users_menu(site: Site) -> None:
    """A record that is not there, or a page not hers, answers with her cluster's menu
    (it had only "Benchmark", or nothing for an auditor)."""
    for user in ("mia", "aud"):
        client = _client(site, user)
        missing = client.get("/clusters/nanotex/evidence/no-such-record")
        assert missing.status_code == 404
        assert 'href="/clusters/nanotex/evidence"' in missing.text, user
        refused = client.get("/admin/users")
        assert refused.status_code == 403 and 'href="/clusters/nanotex"' in refused.text, user


def test_a_users_name_is_one_person_in_any_case_spacing_or_accent_form(
    site: Site, extra: dict[str, Any]
) -> None:
    """Session 25: web users' names were compared with casefold only, while the history
    and the four-eyes check compare people's names with `person_key` (NFKC, spaces
    collapsed, case folded). An admin could add "JIŘÍ  NOVÁK" (accents typed as
    combining marks) beside "Jiří Novák", and "Jiří Novák" could not sign in typed so.
    Now adding the second is refused, signing in so is signing in as the stored name,
    and the edit's history names "Jiří Novák". Accents stay part of a name (the house
    rule): "JIRI NOVAK" is nobody."""
    import unicodedata

    from evidence.record_history import record_history
    from evidence.store import Store

    stored = unicodedata.normalize("NFC", "Jiří Novák")
    typed = unicodedata.normalize("NFD", "JIŘÍ  NOVÁK")
    assert typed != stored and typed.casefold() != stored.casefold()
    admin = site.client("ada")

    def add(name: str) -> Any:
        token = csrf_of(admin.get("/admin/users").text)
        data = {"name": name, "role": "manager", "cluster": "nanotex"}
        data |= {"password": PASSWORD, "again": PASSWORD, "csrf_token": token}
        return admin.post("/admin/users", data=data)

    assert add(stored).status_code == 303
    twin = add(typed)
    assert twin.status_code == 422, twin.text[-400:]
    assert "only in capitals, spaces or how its accents are typed" in twin.text

    jiri = site.client(workspace=site.folder)
    sign_in(jiri, typed)
    page = jiri.get("/clusters/nanotex/evidence/web-edit").text
    answer = jiri.post(
        "/clusters/nanotex/evidence/web-edit/edit",
        data={"field": "city", "value": "Brno", "csrf_token": csrf_of(page)},
    )
    assert answer.status_code == 303, answer.text[-400:]
    store = Store(site.db, create=False)
    entries, _ = record_history(store, "nanotex", "web-edit")
    assert (entries[-1]["who"], entries[-1]["field"]) == (stored, "city")
    assert store.user_row(typed) is None
    store.engine.dispose()

    nobody = site.client()
    token = csrf_of(nobody.get("/login").text)
    refused = nobody.post(
        "/login", data={"name": "JIRI NOVAK", "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 401
