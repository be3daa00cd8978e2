"""Import in the page: upload, dry-run preview with located problems, confirm, refusals."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import Site, csrf_of

GOOD = """\
- id: imp-web-1
  kind: event
  title: Nanofibre day 2025
  start: 2025-05-14
  status: submitted
- id: imp-web-2
  kind: document
  title: Export strategy 2025
  start: 2025-01-10
  status: submitted
"""
BAD = """\
- id: imp-bad-1
  kind: event
  title: A day without a date
  status: submitted
- id: imp-bad-2
  kind: document
  title: Strategy
  start: 2025-13-45
  status: submitted
- id: imp-bad-3
  kind: event
  title: Fine on its own
  start: 2025-02-01
"""


def upload(client: Any, files: list[tuple[str, bytes]], kind: str = "") -> Any:
    token = csrf_of(client.get("/clusters/nanotex/import").text)
    return client.post(
        "/clusters/nanotex/import",
        data={"csrf_token": token, "kind": kind},
        files=[("files", (name, body, "application/octet-stream")) for name, body in files],
    )


def confirm_url(html: str) -> str:
    found = re.search(r'action="(/clusters/nanotex/import/[^"]+/confirm)"', html)
    assert found, html[-3000:]
    return found.group(1)


def stored_ids(site: Site, prefix: str) -> dict[str, Any]:
    from evidence.store import Store

    store = Store(site.db, create=False)
    try:
        return {r.id: r for r in store.records("nanotex") if r.id.startswith(prefix)}
    finally:
        store.engine.dispose()


def test_upload_preview_then_confirm_stores_the_records_as_the_manager(site: Site) -> None:
    from evidence.store import Store

    client = site.client("mia")
    preview = upload(client, [("../../etc/evidence 2025.yaml", GOOD.encode())])
    assert preview.status_code == 200, preview.text[-3000:]
    assert "Dry run" in preview.text and "imp-web-1" in preview.text
    assert re.search(r'<div class="big">2</div>\s*to be created', preview.text)
    assert stored_ids(site, "imp-web-") == {}  # a dry run stores nothing
    url = confirm_url(preview.text)
    done = client.post(url, data={"csrf_token": csrf_of(preview.text)})
    assert done.status_code == 200, done.text[-3000:]
    assert "Imported" in done.text
    records = stored_ids(site, "imp-web-")
    assert set(records) == {"imp-web-1", "imp-web-2"}
    # the record names the file the manager uploaded, never the temporary folder
    assert records["imp-web-1"].source is not None
    assert records["imp-web-1"].source.file == "evidence 2025.yaml"
    store = Store(site.db, create=False)
    try:
        batch = store.batch_list("nanotex")[-1]
    finally:
        store.engine.dispose()
    assert batch["actor"] == "mia" and batch["command"] == "web: import evidence 2025.yaml"
    assert f"batch {batch['id']}" in done.text
    # confirming again (a reload, a second click) imports nothing and says it was done
    again = client.post(url, data={"csrf_token": csrf_of(preview.text)})
    assert again.status_code == 200 and "Already imported" in again.text
    assert f"batch {batch['id']}" in again.text
    store = Store(site.db, create=False)
    try:
        assert store.batch_list("nanotex")[-1]["id"] == batch["id"]  # no second batch
    finally:
        store.engine.dispose()
    # ... while in another session (its own token) the upload is not found
    other = site.client("mia")
    token = csrf_of(other.get("/clusters/nanotex/import").text)
    assert other.post(url, data={"csrf_token": token}).status_code == 404


def test_two_confirmations_at_once_import_once(site: Site) -> None:
    """Two clicks before the first answer came back: the session cookie holds no word of
    the first, so the upload itself is claimed (renamed) before it runs; the second finds
    it under way ("already imported") or gone (not found), and never imports it again."""
    from evidence.store import Store

    client = site.client("mia")
    preview = upload(client, [("twice.yaml", GOOD.replace("imp-web-", "imp-twice-").encode())])
    url, token = confirm_url(preview.text), csrf_of(preview.text)
    cookies = dict(client.cookies)
    late = site.client()  # the same session as it was before the first answer
    late.cookies.update(cookies)
    assert client.post(url, data={"csrf_token": token}).status_code == 200
    second = late.post(url, data={"csrf_token": token})
    assert second.status_code == 404 or "Already imported" in second.text
    store = Store(site.db, create=False)
    try:
        made = [b for b in store.batch_list("nanotex") if "twice.yaml" in b["command"]]
    finally:
        store.engine.dispose()
    assert len(made) == 1


def test_every_problem_is_listed_with_its_place_and_nothing_is_stored(site: Site) -> None:
    client = site.client("mia")
    answer = upload(client, [("bad.yaml", BAD.encode())])
    assert answer.status_code == 422
    assert "Nothing was imported" in answer.text
    assert "/confirm" not in answer.text
    rows = re.findall(r"<tr><td>bad\.yaml</td>.*?</tr>", answer.text, re.S)
    assert len(rows) >= 2, answer.text[-3000:]  # the missing date and the impossible one
    assert "start" in answer.text and "2025-13-45" in answer.text
    # a YAML file's line is the row: its record starts on line 5, under Row, not under
    # "Where else" beside an empty row
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    date_row = next(c for c in cells if "2025-13-45" in c[-1])
    assert date_row[2] == "5" and date_row[4] == "", date_row
    assert stored_ids(site, "imp-bad-") == {}


def test_a_file_that_is_not_what_its_name_says_is_refused(site: Site) -> None:
    client = site.client("mia")
    answer = upload(client, [("members.xlsx", b"id,title\nx,<script>alert(1)</script>\n")])
    assert answer.status_code == 422
    assert "members.xlsx" in answer.text and "not a readable .xlsx workbook" in answer.text
    assert "<script>alert" not in answer.text


def test_a_workbook_with_a_formula_is_refused(site: Site) -> None:
    from openpyxl import Workbook

    path = site.folder / "formula.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "event"
    sheet.append(["id", "title", "start"])
    sheet.append(["imp-formula-1", '=HYPERLINK("http://evil","x")', "2025-01-01"])
    book.save(path)
    answer = upload(site.client("mia"), [("formula.xlsx", path.read_bytes())])
    assert answer.status_code == 422, answer.text[-3000:]
    assert "formula.xlsx" in answer.text and "/confirm" not in answer.text
    assert "B (title)" in answer.text  # located: the formula's cell is not read as a value
    assert stored_ids(site, "imp-formula-") == {}


def test_an_empty_file_is_refused(site: Site) -> None:
    answer = upload(site.client("mia"), [("empty.csv", b"")])
    assert answer.status_code == 422 and "the file is empty" in answer.text


def test_someone_elses_upload_cannot_be_confirmed(site: Site) -> None:
    from evidence.store import Store
    from web.users import add_user

    store = Store(site.db, create=False)
    try:
        add_user(store, "max", "manager", "nanotex", "correct-horse-1")
    finally:
        store.engine.dispose()
    mine = site.client("mia")
    preview = upload(mine, [("other.yaml", GOOD.replace("imp-web-", "imp-else-").encode())])
    url = confirm_url(preview.text)
    theirs = site.client("max")
    token = csrf_of(theirs.get("/clusters/nanotex/import").text)
    assert theirs.post(url, data={"csrf_token": token}).status_code == 404
    # nor can the manager of another cluster, through their own cluster's URL
    oma = site.client("oma")
    token = csrf_of(oma.get("/clusters/other/import").text)
    assert oma.post(url.replace("nanotex", "other"), data={"csrf_token": token}).status_code == 404
    assert stored_ids(site, "imp-else-") == {}


def test_an_auditor_cannot_import(site: Site) -> None:
    client = site.client("aud")
    assert client.get("/clusters/nanotex/import").status_code == 403
    token = csrf_of(client.get("/clusters/nanotex/review").text)
    answer = client.post(
        "/clusters/nanotex/import",
        data={"csrf_token": token},
        files=[("files", ("a.yaml", GOOD.replace("imp-web-", "imp-aud-").encode(), "text/yaml"))],
    )
    assert answer.status_code == 403
    assert stored_ids(site, "imp-aud-") == {}


def test_an_upload_without_the_csrf_token_is_refused(site: Site) -> None:
    client = site.client("mia")
    client.get("/clusters/nanotex/import")
    answer = client.post(
        "/clusters/nanotex/import",
        files=[("files", ("a.yaml", GOOD.replace("imp-web-", "imp-csrf-").encode(), "text/yaml"))],
    )
    assert answer.status_code == 403
    assert stored_ids(site, "imp-csrf-") == {}


def test_uploaded_names_are_never_paths() -> None:
    from web.imports import safe_name, shown_name

    assert shown_name("C:\\Users\\mia\\Plán 2025.xlsx") == "Plán 2025.xlsx"
    assert shown_name("../../etc/passwd") == "passwd"
    assert safe_name("Plán 2025.xlsx") == "Plan_2025.xlsx"
    assert safe_name("..") == "upload"
    assert "/" not in safe_name("a/../../b.yaml")
    assert shown_name("x" * 300) == "x" * 199 + "…"  # no suffix to keep
    assert shown_name("a" * 300 + ".not-a-suffix-at-all").endswith("a…")


def test_a_file_with_a_very_long_name_is_imported_under_a_shortened_one(site: Site) -> None:
    """A name of 300 characters (and a whole Windows path before it) was cut to 200,
    suffix and all, and the valid file refused as "unsupported file type (none)". It is
    cut before its suffix: the preview and the records name it shortened, `….yaml`."""
    from web.imports import NAME_MAX

    client = site.client("mia")
    long_name = "Výroční zpráva " + "ž" * 300 + ".yaml"
    rows = GOOD.replace("imp-web-", "imp-long-")
    preview = upload(client, [("C:\\Users\\mia\\" + long_name, rows.encode())])
    assert preview.status_code == 200, preview.text[-3000:]
    assert "unsupported file type" not in preview.text
    done = client.post(confirm_url(preview.text), data={"csrf_token": csrf_of(preview.text)})
    assert done.status_code == 200, done.text[-3000:]
    source = stored_ids(site, "imp-long-")["imp-long-1"].source
    assert source is not None and source.file.startswith("Výroční zpráva ž")
    assert source.file.endswith("ž….yaml") and len(source.file) == NAME_MAX


def test_the_manager_imports_in_the_browser(site: Site, page_as: Any, server: str) -> None:
    from tests.web.conftest import screenshot

    for lang, prefix in (("en", "browser-en-"), ("cs", "prohlizec-cs-")):
        source = site.folder / f"browser-{lang}.yaml"
        source.write_text(GOOD.replace("imp-web-", prefix), encoding="utf-8")
        page = page_as("mia", lang=lang)
        page.goto(f"{server}/clusters/nanotex/import")
        screenshot(page, f"import-form-{lang}")
        page.set_input_files("input[type=file]", str(source))
        page.click("form.upload button[type=submit]")
        page.wait_for_load_state()
        page.wait_for_selector("table.plan")
        assert stored_ids(site, prefix) == {}
        screenshot(page, f"import-preview-{lang}")
        page.click(".import-actions button[type=submit]:not(.secondary)")
        page.wait_for_selector("h2.ok")
        screenshot(page, f"import-done-{lang}")
        assert set(stored_ids(site, prefix)) == {f"{prefix}1", f"{prefix}2"}


def test_an_upload_under_way_is_not_imported_again(site: Site) -> None:
    """While the first confirmation runs, its upload is claimed (renamed): a second one
    arriving then says so and imports nothing."""
    from pathlib import Path

    from evidence.store import Store
    from web.imports import upload_root

    client = site.client("mia")
    preview = upload(client, [("busy.yaml", GOOD.replace("imp-web-", "imp-busy-").encode())])
    url = confirm_url(preview.text)
    token = url.rsplit("/", 2)[-2]
    root = upload_root(type("R", (), {"app": client.app})())  # the app's own upload folder
    Path(root / token).rename(root / f"{token}.run")  # the first click, running
    second = client.post(url, data={"csrf_token": csrf_of(preview.text)})
    assert second.status_code == 200 and "Already imported" in second.text, second.text[-800:]
    store = Store(site.db, create=False)
    try:
        assert not [b for b in store.batch_list("nanotex") if "busy.yaml" in b["command"]]
    finally:
        store.engine.dispose()


CZECH_BAD = """\
- id: cs-bad-1
  kind: event
  title: Den bez data
  start: 31.2.2025
  participants: abc
- id: cs-bad-2
  kind: member
  title: Alfa s.r.o.
  start: 2024-01-01
  type: Large Compny
- id: cs-bad-3
  kind: document
  start: 2025-01-10
"""


def test_the_czech_preview_says_each_row_problem_in_czech(site: Site) -> None:
    """A manager on the Czech page meets an import's row problems in Czech, the values
    as they typed them; the English page keeps the English sentences."""
    from html import unescape

    client = site.client("mia")
    client.get("/lang/cs")
    answer = upload(client, [("chyby.yaml", CZECH_BAD.encode())])
    assert answer.status_code == 422, answer.text[-3000:]
    text = unescape(answer.text)
    for czech in (
        "'31.2.2025' není skutečné datum (takový den neexistuje)",
        "'abc' není číslo",
        "'Large Compny' není žádná z možností: sme, large_company",
        "měli jste na mysli 'large_company'?",
        "chybí povinný údaj title",
    ):
        assert czech in text, czech
    for english in ("is not a real date", "is not a number", "is not one of", "is required"):
        assert english not in text, english
    english_page = unescape(upload(site.client("mia"), [("bad.yaml", CZECH_BAD.encode())]).text)
    assert "'31.2.2025' is not a real date (no such day)" in english_page
    assert "title is required" in english_page


def test_an_uploaded_workbook_with_merged_cells_is_read_as_the_manager_sees_it(
    site: Site,
) -> None:
    """The page imports through the same reader as the command line: a value merged
    over rows is given to each of them, and the preview says so (in Czech on the Czech
    page); confirmed, every member is stored with it."""
    import io
    from html import unescape

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "member"
    ws.append(["id", "title", "joined", "type", "committed"])
    ws.append(["merged-web-0", "Alfa s.r.o.", "1.3.2018", "SME", "ano"])
    for i in range(1, 4):
        ws.append([f"merged-web-{i}", f"Firma {i} s.r.o.", "1.3.2018"])
    ws.merge_cells("D2:D5")
    ws.merge_cells("E2:E5")
    body = io.BytesIO()
    wb.save(body)
    client = site.client("mia")
    client.get("/lang/cs")
    preview = upload(client, [("clenove.xlsx", body.getvalue())])
    assert preview.status_code == 200, preview.text[-3000:]
    text = unescape(preview.text)
    assert "poznámka:" in text
    assert "buňky D2:D5 jsou sloučené: jejich hodnota 'SME' platí pro řádky 2–5" in text
    assert "buňky E2:E5 jsou sloučené: jejich hodnota 'ano' platí pro řádky 2–5" in text
    done = client.post(confirm_url(preview.text), data={"csrf_token": csrf_of(preview.text)})
    assert done.status_code == 200, done.text[-3000:]
    stored = stored_ids(site, "merged-web-")
    assert {(r.type, r.committed) for r in stored.values()} == {("sme", True)}
    assert len(stored) == 4


def test_the_page_reads_the_eus_uk_as_gb_and_says_so_once(site: Site) -> None:
    """The page imports through the importer: the EU's UK is stored as GB, the preview
    notes it once (in Czech on the Czech page), and XX is refused as on the command line."""
    from html import unescape

    body = "".join(
        f"- {{id: imp-uk-{n}, kind: event, title: Fair {n}, start: 2025-0{n}-01, "
        f"role: exhibitor, country: {code}}}\n"
        for n, code in ((1, "UK"), (2, "GB"), (3, "uk"))
    )
    client = site.client("mia")
    preview = upload(client, [("fairs.yaml", body.encode())])
    assert preview.status_code == 200, preview.text[-3000:]
    text = unescape(preview.text)
    assert text.count("UK was read as GB (United Kingdom)") == 1, text[-3000:]
    done = client.post(confirm_url(preview.text), data={"csrf_token": csrf_of(preview.text)})
    assert done.status_code == 200, done.text[-3000:]
    stored = stored_ids(site, "imp-uk-")
    assert {r.id: getattr(r, "country", None) for r in stored.values()} == {
        "imp-uk-1": "GB", "imp-uk-2": "GB", "imp-uk-3": "GB",
    }  # fmt: skip
    czech = site.client("mia")
    czech.get("/lang/cs")
    again = unescape(upload(czech, [("fairs.yaml", body.encode())]).text)
    assert "UK bylo načteno jako GB (United Kingdom)" in again, again[-3000:]
    refused = upload(site.client("mia"), [("xx.yaml", body.replace("GB", "XX").encode())])
    assert refused.status_code == 422
    assert "'XX' is not a country" in unescape(refused.text)


LEAVE = """\
import sys
from pathlib import Path
from starlette.testclient import TestClient
from tests.web.conftest import csrf_of, sign_in
from tests.web.test_import import GOOD, upload
from web.app import create_app

client = TestClient(create_app(sys.argv[1], secret="s"), follow_redirects=False)
sign_in(client, "mia")
assert upload(client, [("e.yaml", GOOD.encode())]).status_code == 200
held = Path(client.app.state.upload_tmp)
assert any(held.iterdir()), "the pending upload is in the folder"
print(held)
"""


def test_pending_uploads_leave_with_the_server(site: Site, tmp_path: Any) -> None:
    """A server that ends with an upload still pending (previewed, never confirmed)
    leaves no folder behind: its next start could not use it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", LEAVE, site.db],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("clex-uploads-")
    assert not folder.exists()
