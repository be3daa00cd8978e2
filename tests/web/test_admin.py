"""The admin's page of users: list, add, disable and enable, new password, the log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from evidence.store import Store
from tests.test_user_log import OPEN_AGAIN, REFUSE
from tests.web.conftest import PASSWORD, Site, csrf_of, sign_in


def _form(client, path: str = "/admin/users", **data: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/admin/users").text)
    return client.post(path, data={"csrf_token": token, **data})


def test_only_an_admin_reaches_the_users_page(site: Site) -> None:
    for name in ("mia", "aud", "bob", "ana", "oma"):
        client = site.client(name)
        assert client.get("/admin/users").status_code == 403, name
        token = csrf_of(client.get("/login").text)
        added = client.post(
            "/admin/users",
            data={"csrf_token": token, "name": f"by-{name}", "role": "admin", "password": "x" * 12},
        )
        assert added.status_code == 403, name
    store = Store(site.db, create=False)
    assert all(store.user_row(f"by-{n}") is None for n in ("mia", "aud", "bob", "ana", "oma"))
    store.engine.dispose()


def test_the_page_lists_every_user_with_role_cluster_and_state(site: Site) -> None:
    from web.users import add_user, set_disabled

    store = Store(site.db, create=False)
    add_user(store, "ad-off", "board", "nanotex", PASSWORD)
    set_disabled(store, "ad-off", True)
    add_user(store, "ad-locked", "auditor", "other", PASSWORD)
    store.update_user_row("ad-locked", locked_until=datetime.now(UTC) + timedelta(minutes=5))
    add_user(store, "ad-was-locked", "auditor", "other", PASSWORD)
    store.update_user_row("ad-was-locked", locked_until=datetime.now(UTC) - timedelta(minutes=1))
    store.engine.dispose()
    html = site.client("ada").get("/admin/users").text
    rows = {
        cells[0]: cells[1:4]
        for cells in (
            [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", html, re.S)
        )
        if cells
    }
    assert rows["mia"] == ["manager", "nanotex", "active"]
    assert rows["ana"] == ["analyst", "", "active"]
    assert rows["ad-off"] == ["board", "nanotex", "disabled"]
    assert rows["ad-locked"] == ["auditor", "other", "locked"]
    assert rows["ad-was-locked"] == ["auditor", "other", "active"]  # the lockout has ended


def test_an_admin_adds_a_user_who_then_signs_in_and_it_is_logged(site: Site) -> None:
    admin = site.client("ada")
    answer = _form(
        admin,
        name="new-mgr",
        role="manager",
        cluster="nanotex",
        password="a-new-pass-1",
        again="a-new-pass-1",
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users"
    page = admin.get("/admin/users").text
    assert "User new-mgr added." in page
    assert "a-new-pass-1" not in page
    fresh = site.client()
    sign_in(fresh, "new-mgr", "a-new-pass-1")
    assert fresh.get("/").headers["location"] == "/clusters/nanotex"
    store = Store(site.db, create=False)
    entry = store.access_entries(actor="ada")[0]
    assert (entry["action"], entry["target"], entry["detail"], entry["cluster"]) == (
        "user added",
        "new-mgr",
        "manager",
        "nanotex",
    )
    store.engine.dispose()


def test_every_problem_of_a_new_user_is_listed_and_nothing_is_written(site: Site) -> None:
    admin = site.client("ada")
    store = Store(site.db, create=False)
    before = store.access_count()
    answer = _form(admin, name=" x", role="manager", cluster="", password="shrt-1", again="shrt-2")
    assert answer.status_code == 422
    text = answer.text
    assert "The two passwords differ." in text
    assert "must not be empty or start or end with a space" in text
    assert "a manager is of a cluster" in text
    assert "at least 10 characters" in text
    assert 'value=" x"' in text  # the form keeps what was typed, never the passwords
    assert "shrt-1" not in text and "shrt-2" not in text
    taken = _form(
        admin, name="mia", role="board", cluster="nanotex", password=PASSWORD, again=PASSWORD
    )
    assert taken.status_code == 422 and "there is a user &#39;mia&#39; already" in taken.text
    alike = _form(
        admin, name="MIA", role="board", cluster="nanotex", password=PASSWORD, again=PASSWORD
    )
    assert alike.status_code == 422, alike.text[-400:]
    assert "differs from &#39;MIA&#39; only in capitals" in alike.text
    no_cluster = _form(
        admin, name="zz-x", role="auditor", cluster="nope", password=PASSWORD, again=PASSWORD
    )
    assert no_cluster.status_code == 422 and "no cluster &#39;nope&#39;" in no_cluster.text
    assert store.user_row(" x") is None and store.user_row("zz-x") is None
    assert store.user_row("MIA") is None
    assert store.user_row("mia")["role"] == "manager"  # type: ignore[index]
    assert store.access_count() == before  # nothing logged either: nothing happened
    store.engine.dispose()


def test_disable_refuses_the_user_at_once_and_enable_lets_them_back(site: Site) -> None:
    from web.users import add_user

    store = Store(site.db, create=False)
    add_user(store, "ad-temp", "board", "nanotex", PASSWORD)
    theirs = site.client("ad-temp")
    assert theirs.get("/").status_code == 303
    admin = site.client("ada")
    answer = _form(admin, "/admin/users/disable", name="ad-temp")
    assert answer.status_code == 303
    assert "User ad-temp disabled" in admin.get("/admin/users").text
    refused = theirs.get("/")
    assert refused.headers["location"].startswith("/login")
    assert _form(admin, "/admin/users/enable", name="ad-temp").status_code == 303
    sign_in(theirs, "ad-temp")
    actions = [(e["action"], e["target"]) for e in store.access_entries(actor="ada", limit=2)]
    assert actions == [("user enabled", "ad-temp"), ("user disabled", "ad-temp")]
    store.engine.dispose()


def test_an_admin_cannot_disable_themself(site: Site) -> None:
    admin = site.client("ada")
    answer = _form(admin, "/admin/users/disable", name="ada")
    assert answer.status_code == 422
    assert "You cannot disable yourself" in answer.text
    assert admin.get("/admin/users").status_code == 200  # still signed in, still admin
    assert 'action="/admin/users/disable"' in answer.text
    # the page offers no button to do it either
    own_row = re.search(r"<tr>\s*<td>ada</td>(.*?)</tr>", answer.text, re.S)
    assert own_row and "/admin/users/disable" not in own_row.group(1)


def test_an_unknown_user_is_a_problem_on_the_page(site: Site) -> None:
    admin = site.client("ada")
    for path in ("/admin/users/disable", "/admin/users/enable"):
        answer = _form(admin, path, name="nobody-here")
        assert answer.status_code == 422 and "no user &#39;nobody-here&#39;" in answer.text
    answer = _form(
        admin, "/admin/users/password", name="nobody-here", password=PASSWORD, again=PASSWORD
    )
    assert answer.status_code == 422 and "no user &#39;nobody-here&#39;" in answer.text


def test_a_new_password_unlocks_and_ends_the_users_sessions(site: Site) -> None:
    from web.users import add_user

    store = Store(site.db, create=False)
    add_user(store, "ad-pw", "auditor", "nanotex", PASSWORD)
    theirs = site.client("ad-pw")
    store.update_user_row("ad-pw", locked_until=datetime.now(UTC) + timedelta(minutes=10))
    admin = site.client("ada")
    short = _form(admin, "/admin/users/password", name="ad-pw", password="short", again="short")
    assert short.status_code == 422 and "at least 10 characters" in short.text
    differ = _form(
        admin, "/admin/users/password", name="ad-pw", password="new-pass-123", again="new-pass-124"
    )
    assert differ.status_code == 422 and "The two passwords differ." in differ.text
    assert "<details open>" in differ.text.replace("<details open >", "<details open>")
    done = _form(
        admin, "/admin/users/password", name="ad-pw", password="new-pass-123", again="new-pass-123"
    )
    assert done.status_code == 303
    assert theirs.get("/").headers["location"].startswith("/login")  # the old session ends
    sign_in(site.client(), "ad-pw", "new-pass-123")  # and the lockout is lifted
    assert store.access_entries(actor="ada", limit=1)[0]["action"] == "password set"
    store.engine.dispose()


def test_an_admin_changing_their_own_password_stays_signed_in(site: Site) -> None:
    from web.users import add_user

    store = Store(site.db, create=False)
    add_user(store, "ad-boss", "admin", None, PASSWORD)
    store.engine.dispose()
    admin = site.client("ad-boss")
    done = _form(
        admin,
        "/admin/users/password",
        name="ad-boss",
        password="boss-pass-99",
        again="boss-pass-99",
    )
    assert done.status_code == 303
    assert admin.get("/admin/users").status_code == 200
    sign_in(site.client(), "ad-boss", "boss-pass-99")


def test_the_page_shows_the_newest_access_log_entries_escaped(site: Site) -> None:
    client = site.client()
    token = csrf_of(client.get("/login").text)
    client.post(
        "/login", data={"name": "<b>evil</b>", "password": "wrong-wrong", "csrf_token": token}
    )
    html = site.client("ada").get("/admin/users").text
    log = html.split("Access log")[1]
    assert "&lt;b&gt;evil&lt;/b&gt;" in log and "<b>evil</b>" not in html
    assert "sign-in refused" in log
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</td><td>ada</td><td>sign-in</td>", log)


def test_the_users_page_speaks_czech(site: Site) -> None:
    admin = site.client("ada")
    admin.get("/lang/cs")
    html = admin.get("/admin/users").text
    for czech in ("Uživatelé", "Přidat uživatele", "Záznam přístupů", "aktivní", "manažer"):
        assert czech in html, czech
    answer = _form(admin, name="zz-cs", role="board", cluster="nanotex", password="a", again="b")
    assert "Zadaná hesla se liší." in answer.text


def test_a_user_change_whose_log_line_is_refused_is_not_made(site: Site) -> None:
    """The page changes a user and writes its access-log line in one transaction: when
    the database refuses the line (a trigger of its own), the user stays as they were
    and the admin is told, not shown a half-made change. (The module's store is shared:
    the trigger goes again at the end.)"""
    admin = site.client("ada")  # signed in (and logged) before the log closes
    store = Store(site.db, create=False)
    with store.engine.begin() as conn:
        for statement in REFUSE[store.engine.dialect.name]:
            conn.exec_driver_sql(statement)
    try:
        before, mia = store.access_count(), store.user_row("mia")
        added = _form(
            admin, name="log-closed", role="board", cluster="nanotex",
            password=PASSWORD, again=PASSWORD,
        )  # fmt: skip
        switched = _form(admin, "/admin/users/disable", name="mia")
        renewed = _form(
            admin, "/admin/users/password", name="mia", password="x" * 12, again="x" * 12
        )
        for answer in (added, switched, renewed):
            assert answer.status_code == 503, answer.text[-400:]
            assert "the database refused the change (the log is closed)" in answer.text
        assert store.user_row("log-closed") is None
        assert store.user_row("mia") == mia  # as enabled as before, the same password
        assert store.access_count() == before
    finally:
        with store.engine.begin() as conn:
            for statement in OPEN_AGAIN[store.engine.dialect.name]:
                conn.exec_driver_sql(statement)
        store.engine.dispose()


def test_the_access_log_reads_in_czech(site: Site) -> None:
    """The log keeps its English keys; the page says them in the reader's language."""
    admin = site.client("ada")
    admin.get("/lang/cs")
    page = admin.get("/admin/users").text
    assert "<td>přihlášení</td>" in page and "<td>sign-in</td>" not in page


def test_the_add_user_form_starts_valid(site: Site) -> None:
    """Its role starts as manager, so its cluster starts as a cluster, not "none" (the
    form as it opened was refused)."""
    page = site.client("ada").get("/admin/users").text
    form = page[page.index('class="filters adduser"') :]
    assert re.search(r'<option value="manager"\s+selected', form), form[:800]
    assert re.search(
        r'<option value="[a-z0-9-]+"\s+selected>', form[form.index('name="cluster"') :]
    )


def test_a_name_or_password_with_control_characters_is_refused(site: Site) -> None:
    """The admin's form added "new\\x00one" on SQLite (PostgreSQL: a 500 and a traceback),
    "new\\x01two", a name over two lines and one a right-to-left mark shows backwards.
    Each is refused with the character and its place; a NUL in a name to disable or
    re-password is a problem on the page, not a 500."""
    admin = site.client("ada")
    store = Store(site.db, create=False)
    for name, char in (("new\x00one", "U+0000"), ("new\x01two", "U+0001"), ("new\nthree", "U+000A"),
                       ("new\u202efour", "U+202E")):  # fmt: skip
        answer = _form(admin, name=name, role="admin", password=PASSWORD, again=PASSWORD)
        assert answer.status_code == 422, (name, answer.text[-400:])
        said = f"a user&#39;s name contains the control character {char} at position 4"
        assert said in answer.text, answer.text[-600:]
    weak = PASSWORD + "\x7f"
    answer = _form(admin, name="new-five", role="admin", password=weak, again=weak)
    assert answer.status_code == 422 and "must not hold control characters" in answer.text
    names = {r["name"] for r in store.user_rows()}
    assert not names & {"new\x00one", "new\x01two", "new\nthree", "new\u202efour", "new-five"}
    for path, more in (("/admin/users/disable", {}), ("/admin/users/password", {"password": PASSWORD, "again": PASSWORD})):  # fmt: skip
        answer = _form(admin, path, name="mia\x00", **more)
        assert answer.status_code == 422, (path, answer.text[-400:])
    czech = site.client("ada")
    czech.get("/lang/cs")
    answer = _form(czech, name="x\x01y", role="admin", password=PASSWORD, again=PASSWORD)
    assert "jméno uživatele obsahuje řídicí znak U+0001 na pozici 2" in answer.text
    store.engine.dispose()


def test_the_admins_actions_find_a_user_as_sign_in_does(site: Site) -> None:
    """A name typed in another case, spacing or accent form is the stored user, for
    disable, enable and a new password as for signing in (`web.users.the_user`); an
    older store's two users of one person's name are refused, both named."""
    from web.users import add_user, hash_password, sign_in

    store = Store(site.db, create=False)
    add_user(store, "Jiří Novák", "board", "nanotex", PASSWORD)
    store.add_user_row("Eva Nová", hash_password(PASSWORD), "board", "nanotex")  # an older
    store.add_user_row("EVA  NOVÁ", hash_password(PASSWORD), "board", "nanotex")  # store's
    admin = site.client("ada")
    typed = "JIR\u030cÍ  NOVÁK"  # capitals, two spaces, a combining caron
    answer = _form(admin, "/admin/users/disable", name=typed)
    assert answer.status_code == 303
    assert "User Jiří Novák disabled" in admin.get("/admin/users").text
    assert store.user_row("Jiří Novák")["disabled"]  # type: ignore[index]
    assert _form(admin, "/admin/users/enable", name="jiří novák").status_code == 303
    new = "another-password-7"
    answer = _form(admin, "/admin/users/password", name=" jiří  novák", password=new, again=new)
    assert answer.status_code == 303
    assert sign_in(store, "Jiří Novák", new).user is not None
    entries = [(e["action"], e["target"]) for e in store.access_entries(limit=3)]
    assert entries == [
        ("password set", "Jiří Novák"),
        ("user enabled", "Jiří Novák"),
        ("user disabled", "Jiří Novák"),
    ]
    # the admin themself, in capitals, is still the admin
    answer = _form(admin, "/admin/users/disable", name="ADA")
    assert answer.status_code == 422 and "You cannot disable yourself" in answer.text
    # two stored users share the key: which one cannot be told
    for path, more in (("/admin/users/disable", {}), ("/admin/users/password", {"password": new, "again": new})):  # fmt: skip
        answer = _form(admin, path, name="eva nová", **more)
        assert answer.status_code == 422
        assert (
            "&#39;eva nová&#39; could be any of the users &#39;EVA  NOVÁ&#39;, &#39;Eva Nová&#39;"
            in answer.text
        )
    assert not any(
        r["disabled"] for r in store.user_rows() if r["name"] in ("Eva Nová", "EVA  NOVÁ")
    )
    czech = site.client("ada")
    czech.get("/lang/cs")
    answer = _form(czech, "/admin/users/disable", name="eva nová")
    assert "může být kterýkoli z uživatelů" in answer.text
    # the exact stored name, as the page's buttons send it, is one of them
    assert _form(admin, "/admin/users/disable", name="EVA  NOVÁ").status_code == 303
    assert store.user_row("EVA  NOVÁ")["disabled"] and not store.user_row("Eva Nová")["disabled"]  # type: ignore[index]
    store.engine.dispose()
