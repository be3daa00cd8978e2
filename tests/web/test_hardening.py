"""What a review of the page found, each kept from coming back: the server's files out of
a manager's reach, names that cannot be told apart by the lockout, Czech capitals in
the search, a damaged filter, a sign-in that keeps the whole address asked for, an
unknown cluster that is not found, and an auditor's own records in another spelling."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import PASSWORD, Site, csrf_of, sign_in


def _store(site: Site) -> Any:
    from evidence.store import Store

    return Store(site.db, create=False)


def test_a_manager_cannot_point_an_attachment_at_a_file_of_the_server(site: Site) -> None:
    mia = site.client("mia")
    page = mia.get("/clusters/nanotex/evidence?kind=document").text
    first = page.split('href="/clusters/nanotex/evidence/', 2)[1].split('"')[0]
    shown = mia.get(f"/clusters/nanotex/evidence/{first}").text
    assert 'value="attachment"' not in shown  # not offered in the edit form
    answer = mia.post(
        f"/clusters/nanotex/evidence/{first}/edit",
        data={"field": "attachment", "value": "clex.db", "csrf_token": csrf_of(shown)},
    )
    assert answer.status_code == 422 and "clex import" in answer.text


def test_an_uploaded_file_may_not_name_an_attachment(site: Site) -> None:
    mia = site.client("mia")
    form = mia.get("/clusters/nanotex/import").text
    rows = "- id: hard-att\n  kind: document\n  title: Minutes\n  start: 2025-02-01\n  attachment: clex.db\n"
    answer = mia.post(
        "/clusters/nanotex/import",
        data={"csrf_token": csrf_of(form), "kind": ""},
        files={"files": ("minutes.yaml", rows.encode(), "application/x-yaml")},
    )
    assert answer.status_code == 422
    assert "clex import" in answer.text and "Confirm the import" not in answer.text
    store = _store(site)
    try:
        assert (
            "hard-att" not in store.record_ids_of("nanotex")
            if hasattr(store, "record_ids_of")
            else True
        )
        with store.read() as conn:
            assert "hard-att" not in store.statuses(conn, "nanotex", ["hard-att"])
    finally:
        store.engine.dispose()


def test_the_store_and_hidden_files_are_never_sent(site: Site) -> None:
    from evidence.changes import edit

    store = _store(site)
    workspace = site.folder
    (workspace / ".env").write_text("CLEX_SECRET_KEY=x\n")
    try:
        target = store.record_page("nanotex", kind="document", size=2)[0]["id"]
        edit(
            store,
            "nanotex",
            target,
            {"attachment": ".env"},
            actor="cli",
            command="t",
            workspace=workspace,
        )
        answer = site.client("mia", workspace=workspace).get(
            f"/clusters/nanotex/evidence/{target}/attachment"
        )
        assert answer.status_code == 404 and "CLEX_SECRET_KEY" not in answer.text
    finally:
        store.engine.dispose()


def test_an_unknown_name_is_locked_out_like_a_real_one(site: Site) -> None:
    client = site.client()
    token = csrf_of(client.get("/login").text)
    answers = [
        client.post(
            "/login", data={"name": "ghost", "password": "wrong-wrong", "csrf_token": token}
        )
        for _ in range(10)
    ]
    assert all(a.status_code == 401 for a in answers)
    assert "locked" not in answers[8].text and "locked" in answers[9].text


def test_the_search_finds_czech_capitals_as_typed(site: Site) -> None:
    from evidence.ingest import import_files

    source = site.folder / "czech.yaml"
    source.write_text(
        "- id: hard-czech\n  kind: document\n  title: Čtení výroční zprávy\n  start: 2025-02-02\n",
        encoding="utf-8",
    )
    store = _store(site)
    try:
        import_files(store, [source], cluster="nanotex", workspace=site.folder, actor="mia")
    finally:
        store.engine.dispose()
    mia = site.client("mia")
    for typed in (
        "Čtení",
        "výroční",
        "ČTENÍ VÝROČNÍ" if "postgresql" in site.db else "Čtení výroční",
    ):
        assert "hard-czech" in mia.get("/clusters/nanotex/evidence", params={"q": typed}).text, (
            typed
        )


def test_a_damaged_year_is_a_bad_request(site: Site) -> None:
    answer = site.client("mia").get("/clusters/nanotex/evidence?year=%C2%B2")
    assert answer.status_code == 400


def test_the_sign_in_goes_back_to_the_whole_address(site: Site) -> None:
    client = site.client()
    asked = "/clusters/nanotex/evidence?kind=event&q=fair"
    first = client.get(asked)
    assert first.status_code == 303
    login = client.get(first.headers["location"])
    answer = client.post(
        "/login",
        data={"name": "mia", "password": PASSWORD, "csrf_token": csrf_of(login.text),
              "next": login.text.split('name="next" value="', 1)[1].split('"', 1)[0].replace("&amp;", "&")},
    )  # fmt: skip
    assert answer.headers["location"] == asked


def test_an_unknown_cluster_is_not_found_even_for_an_admin(site: Site) -> None:
    ada = site.client("ada")
    for path in ("/clusters/nosuch", "/clusters/nosuch/evidence", "/clusters/nosuch/assessments"):
        assert ada.get(path).status_code == 404, path


def test_the_queue_knows_the_auditor_in_another_spelling(site: Site) -> None:
    from evidence.changes import edit
    from web.users import add_user

    store = _store(site)
    try:
        add_user(store, "Šárka Nová", "auditor", "nanotex", PASSWORD)
        due = store.review_queue("nanotex", "Šárka Nová")
        assert due.next_id is not None
        edit(
            store,
            "nanotex",
            due.next_id,
            {"notes": "typed by her"},
            actor="ŠÁRKA  NOVÁ",
            command="t",
        )
        after = store.review_queue("nanotex", "Šárka Nová")
        assert after.next_id != due.next_id and after.authored == due.authored + 1
    finally:
        store.engine.dispose()
    client = site.client()
    sign_in(client, "Šárka Nová")
    assert f"/review/{due.next_id}" not in client.get("/clusters/nanotex/review").text


def test_a_fault_of_clex_is_a_page_a_line_and_its_details_in_the_error_log(
    site: Site, tmp_path: Any, caplog: Any
) -> None:
    """A fault no handler answers: Starlette answered with the "bug" page and then raised
    it again for the server, so uvicorn logged "Exception in ASGI application" with the
    whole traceback on every 500 (and the test client raised it). Now the page gives the
    fault's number, the log one line naming the request, the error and the error log, and
    the error log the traceback under that number."""
    import logging

    from starlette.testclient import TestClient

    error_log = tmp_path / "state" / "serve-errors.log"
    error_log.parent.mkdir()
    app = site.app(error_log=error_log)

    def broken() -> None:
        raise KeyError("a fault of clex's own")

    app.add_api_route("/clusters/nanotex/broken", broken)
    client = TestClient(app, follow_redirects=False)  # raises what reaches the server
    sign_in(client, "mia")
    with caplog.at_level(logging.ERROR):
        answer = client.get("/clusters/nanotex/broken")
    assert answer.status_code == 500 and "Something went wrong" in answer.text
    assert answer.headers["x-frame-options"] == "DENY"  # the page has the headers of any
    fault = answer.text.split("Its number is ", 1)[1][:8]
    (line,) = [r.getMessage() for r in caplog.records if r.name == "web.app"]
    assert line == (
        f"fault {fault} of clex on GET /clusters/nanotex/broken: "
        f'KeyError: "a fault of clex\'s own"; details in {error_log}'
    )
    assert all(r.exc_info is None for r in caplog.records)  # no traceback in the log
    kept = error_log.read_text(encoding="utf-8")
    assert kept.startswith(f"--- fault {fault} at ") and "Traceback" in kept
    assert 'raise KeyError("a fault of clex\'s own")' in kept
    client.get("/lang/cs")
    czech = client.get("/clusters/nanotex/broken").text
    assert "správce pod ním najde podrobnosti v protokolu chyb" in czech


def test_a_database_lost_mid_session_is_said_in_the_users_words(site: Site) -> None:
    """PostgreSQL's connection lost while a manager works: the page showed the store's URL,
    the driver's reason ("terminating connection due to administrator command") and
    "run the command again"; it says what happened and what to do in the user's words,
    the details going to the server's log."""
    import pytest
    from sqlalchemy import create_engine, make_url, text

    if "postgresql" not in site.db:
        pytest.skip("a database server's connection: PostgreSQL only")
    mia = site.client("mia")
    assert mia.get("/clusters/nanotex/evidence").status_code == 200
    url = make_url(site.db)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": url.database},
            )
    finally:
        admin.dispose()
    answer = mia.get("/clusters/nanotex/evidence")
    assert answer.status_code == 503
    assert "The database cannot be reached" in answer.text
    assert "tell the administrator" in answer.text
    for driver_words in ("postgresql", "psycopg", "terminating connection", "run the command"):
        assert driver_words not in answer.text, driver_words
