"""The assessments screen: the kept assessments, running one, the reports, comparing.

On SQLite and PostgreSQL (the `site` fixture); the demo keeps 15 assessments of
NanoTex. Tests that run an assessment add to the store; the others read only, and
none depends on which assessments were added before it.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from assessment import kept_snapshot
from evidence.store import Store

from .conftest import Site, csrf_of, screenshot, sign_in_form

YEARS = [str(y) for y in range(2016, 2026)]
PERIODS = ["2016-2017", "2018-2019", "2020-2021", "2022-2023", "2024-2025"]
LIST = "/clusters/nanotex/assessments"


def kept_n(site: Site, label: str) -> int:
    """The number of the demo's kept assessment of `label` (the first one kept)."""
    store = Store(site.db, create=False)
    try:
        rows = store.saved_snapshots("nanotex")
        return min(
            int(r["id"]) for r in rows if label == _label(r["period_start"], r["period_end"])
        )
    finally:
        store.engine.dispose()


def _label(start: Any, end: Any) -> str:
    first, last = str(start)[:4], str(end)[:4]
    return first if first == last else f"{first}-{last}"


def kept_count(site: Site) -> int:
    store = Store(site.db, create=False)
    try:
        return len(store.saved_snapshots("nanotex"))
    finally:
        store.engine.dispose()


def run(client: Any, **fields: Any) -> Any:
    csrf = csrf_of(client.get(LIST).text)
    files = fields.pop("files", None)
    return client.post(LIST, data={"csrf_token": csrf, **fields}, files=files)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_list_shows_the_demos_periods(site: Site) -> None:
    answer = site.client("bob").get(LIST)
    assert answer.status_code == 200
    shown = text_of(answer.text)
    for label in YEARS + PERIODS:
        assert f" {label} " in shown
    n = kept_n(site, "2024-2025")
    assert f'href="/clusters/nanotex?n={n}"' in answer.text
    assert f'href="/clusters/nanotex/assessments/{n}/report.pdf?lang=en"' in answer.text
    assert "Run an assessment" not in shown  # a board member does not run one


def test_a_manager_runs_a_year_and_it_is_kept(site: Site) -> None:
    client = site.client("mia")
    before = kept_count(site)
    answer = run(client, period="2025")
    assert answer.status_code == 303, text_of(answer.text)[-600:]
    location = answer.headers["location"]
    n = int(location.rsplit("n=", 1)[1])
    assert location == f"/clusters/nanotex?n={n}"
    assert kept_count(site) == before + 1
    store = Store(site.db, create=False)
    try:
        snap = kept_snapshot(store, "nanotex", n)
        logged = store.access_entries(actor="mia", limit=20)
    finally:
        store.engine.dispose()
    assert snap is not None and snap.period.label == "2025" and snap.mode == "self"
    assert any(e["action"] == "assessment run" and e["target"] == f"assessment {n}" for e in logged)
    listed = client.get(LIST).text
    assert f'href="/clusters/nanotex?n={n}"' in listed
    assert client.get(location).status_code == 200


def test_judgements_upload_counts_and_bad_input_keeps_nothing(site: Site) -> None:
    client = site.client("mia")
    judged = (site.folder / "demo" / "data" / "judgements-2024-2025.yaml").read_bytes()
    answer = run(client, period="2024-2025", files={"judgements": ("mine.yaml", judged)})
    assert answer.status_code == 303
    audited = run(client, **{"from": "1.1.2025", "to": "31.12.2025", "audit": "true"})
    assert audited.status_code == 303
    store = Store(site.db, create=False)
    try:
        snap, audit = (
            kept_snapshot(store, "nanotex", int(a.headers["location"].rsplit("n=", 1)[1]))
            for a in (answer, audited)
        )
    finally:
        store.engine.dispose()
    assert snap is not None and snap.mode == "self" and snap.judgements
    # Silver's earlier assessment: the kept 2022-2023, as the demo chains its periods
    assert snap.previous is not None and snap.previous.period.label == "2022-2023"
    assert audit is not None and audit.mode == "audit" and audit.period.label == "2025"
    assert audit.previous is None  # no kept audit ended 18-24 months before

    before = kept_count(site)
    bad = b"judgements:\n  - indicator: ZZ9\n    level: 3\n    rationale: x\n"
    answer = run(client, period="20x5", files={"judgements": ("mine.yaml", bad)})
    assert answer.status_code == 422
    shown = text_of(answer.text)
    assert "period '20x5'" in shown.replace("&#39;", "'")
    assert "mine.yaml:" in shown and "ZZ9" in shown  # the upload's name, not a temp path
    assert "/tmp" not in shown
    # on the list's own page, above the form, with what was typed still in it
    assert 'role="alert"' in answer.text and "Nothing was assessed:" in shown
    assert 'name="period" placeholder="2025 · 2024-2025" size="12" value="20x5"' in answer.text
    both = run(client, period="2025", to="2025-12-31", audit="true")
    assert both.status_code == 422
    assert 'name="to" placeholder="2025-12-31" size="11" value="2025-12-31"' in both.text
    assert 'name="audit" value="true" checked' in both.text
    assert run(client, period="2030").status_code == 422  # not over yet: as the CLI
    assert kept_count(site) == before


def test_a_judgements_upload_naming_an_assessor_twice_is_refused_in_czech(site: Site) -> None:
    """One assessor listed twice in other capitals and a judgement without its agreed
    level: both refused at their lines, in the page's language, nothing kept."""
    client = site.client("mia")
    client.get("/lang/cs")
    before = kept_count(site)
    bad = (
        b"judgements:\n"
        b"  - {indicator: G8, level: 3,"
        b" assessors: [{name: A One, level: 3}, {name: a one, level: 3}]}\n"
        b"  - {indicator: G8, assessors: [{name: A One, level: 4}, {name: B Two, level: 2}]}\n"
    )
    answer = run(client, period="2025", files={"judgements": ("mine.yaml", bad)})
    assert answer.status_code == 422
    shown = text_of(answer.text).replace("&#39;", "'")
    assert (
        "mine.yaml:2:69: posuzovatel „a one“ je uveden dvakrát (výše jako „A One“; jména se "
        "porovnávají bez ohledu na velká písmena a mezery)"
    ) in shown
    assert (
        "mine.yaml:3:5: level: zadejte úroveň, na které se posuzovatelé shodli (uvedli 4 a 2)"
        in shown
    )
    assert kept_count(site) == before


@pytest.mark.parametrize(("who", "status"), [("aud", 403), ("bob", 403), ("oma", 404)])
def test_only_the_clusters_manager_runs_one(site: Site, who: str, status: int) -> None:
    client = site.client(who)
    before = kept_count(site)
    home = "/clusters/other/assessments" if who == "oma" else LIST
    token = csrf_of(client.get(home).text)
    answer = client.post(LIST, data={"csrf_token": token, "period": "2025"})
    assert answer.status_code == status
    assert kept_count(site) == before
    if who == "oma":
        assert client.get(LIST).status_code == 404
        n = kept_n(site, "2024-2025")
        assert client.get(f"{LIST}/{n}/report.pdf").status_code == 404
        assert client.get(f"/clusters/nanotex/compare?n={n}&n={n - 1}").status_code == 404


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() or "" for page in reader.pages[:3])


def test_the_pdf_names_the_cluster_and_period_in_czech(site: Site) -> None:
    client = site.client("bob")
    n = kept_n(site, "2024-2025")
    answer = client.get(f"{LIST}/{n}/report.pdf?lang=cs")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert 'filename="nanotex-2024-2025-cs.pdf"' in answer.headers["content-disposition"]
    assert answer.content.startswith(b"%PDF")
    text = pdf_text(answer.content)
    assert "NanoTex Liberec Cluster" in text and "2024-2025" in text
    assert "Hodnocené období" in text
    store = Store(site.db, create=False)
    try:
        logged = store.access_entries(actor="bob", limit=20)
    finally:
        store.engine.dispose()
    assert any(e["action"] == "report download" for e in logged)
    assert client.get(f"{LIST}/999999/report.pdf").status_code == 404
    # beyond SQLite's integers: no such assessment either (it was a 500 and a traceback)
    assert client.get(f"{LIST}/{10**23}/report.pdf").status_code == 404
    assert client.get(f"{LIST}/{n}/report.docx").status_code == 404
    assert client.get(f"{LIST}/{n}/report.pdf?lang=de").status_code == 422


def test_the_workbook_holds_the_scores(site: Site) -> None:
    from openpyxl import load_workbook

    client = site.client("aud")
    n = kept_n(site, "2022-2023")
    answer = client.get(f"{LIST}/{n}/report.xlsx?lang=en")
    assert answer.status_code == 200
    assert 'filename="nanotex-2022-2023-en.xlsx"' in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    store = Store(site.db, create=False)
    try:
        snap = kept_snapshot(store, "nanotex", n)
    finally:
        store.engine.dispose()
    assert snap is not None
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Overall score"] == snap.overall
    assert "Trend" in book.sheetnames  # the earlier two-year periods, as the demo's report


def test_compare_shows_both_overall_scores(site: Site) -> None:
    client = site.client("bob")
    early, late = kept_n(site, "2022-2023"), kept_n(site, "2024-2025")
    answer = client.get(f"/clusters/nanotex/compare?n={late}&n={early}")
    assert answer.status_code == 200
    store = Store(site.db, create=False)
    try:
        a, b = kept_snapshot(store, "nanotex", early), kept_snapshot(store, "nanotex", late)
    finally:
        store.engine.dispose()
    assert a is not None and b is not None
    shown = text_of(answer.text)
    row = re.search(r"Overall score (\S+) (\S+) \((\S+)\)", shown)
    assert row, shown[-1500:]
    said = [f"{x:.1f}".removesuffix(".0") for x in (a.overall, b.overall)]  # "84", not "84.0"
    assert list(row.groups()[:2]) == said
    assert shown.index("2022-2023") < shown.index("2024-2025")  # oldest first
    assert "Every indicator is defined alike" in shown
    assert client.get(f"/clusters/nanotex/compare?n={late}").status_code == 422
    bare = client.get("/clusters/nanotex/compare")  # a bookmark: the list to choose from
    assert bare.status_code == 303 and bare.headers["location"] == "/clusters/nanotex/assessments"


def test_the_list_and_compare_read_without_javascript(
    site: Site, browser: Any, server: str
) -> None:
    early, late = kept_n(site, "2022-2023"), kept_n(site, "2024-2025")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}/login")
        sign_in_form(page, "bob")
        page.goto(f"{server}{LIST}")
        page.check(f"#pick-{early}")
        page.check(f"#pick-{late}")
        page.click("form.assessments button[type=submit]")
        page.wait_for_load_state()
        assert "/clusters/nanotex/compare?n=" in page.url
        assert page.locator("table.compare").count() == 2
    finally:
        context.close()


def test_the_screens_in_a_browser(site: Site, page_as: Any, server: str) -> None:
    """The list, compare and benchmark pages in English and Czech, looked at."""
    for app in site.apps:  # the served application gets the demo's peers folder
        app.state.peers = site.folder / "demo" / "peers"
    early, late = kept_n(site, "2022-2023"), kept_n(site, "2024-2025")
    for lang in ("en", "cs"):
        page = page_as("mia", lang=lang)
        page.goto(f"{server}{LIST}")
        page.check(f"#pick-{early}")
        page.check(f"#pick-{late}")
        heading = {"en": "Assessments", "cs": "Hodnocení"}[lang]
        assert heading in page.locator("h1").inner_text()
        screenshot(page, f"assessments-list-{lang}")
        page.click("form.assessments button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith(f"/clusters/nanotex/compare?n={early}&n={late}") or (
            "compare?" in page.url
        )
        assert page.locator("table.compare").count() == 2
        screenshot(page, f"compare-{lang}")
        page.goto(f"{server}/benchmark?n={late}")
        assert page.locator("table.benchmark").count() >= 1
        screenshot(page, f"benchmark-own-{lang}")
        analyst = page_as("ana", lang=lang)
        analyst.goto(f"{server}/benchmark")
        assert analyst.locator("table.benchmark").count() == 1
        screenshot(analyst, f"benchmark-association-{lang}")


def test_a_period_date_that_is_no_day_is_said_in_the_pages_language() -> None:
    """The assessment form's from/to date is read as an import's date cell, and refused
    in the same words: Czech on the Czech page (the form's problems render `|msg`)."""
    from evidence.findings import Finding
    from evidence.messages import render
    from reports.i18n import translations
    from web.assessments import period_of

    problems: list[Finding] = []
    assert period_of("", "31.2.2024", "2024-12-31", problems) is None
    (found,) = problems
    assert str(found.message) == "'31.2.2024' is not a real date (no such day)"
    assert render(found.message, translations("cs"), "cs") == (
        "'31.2.2024' není skutečné datum (takový den neexistuje)"
    )


def test_a_period_before_1900_is_refused_and_an_unreadable_one_hides_only_itself(
    site: Site,
) -> None:
    """A manager could run 1800: it was kept, no reader took its snapshot (dates outside
    1900-2100), and the cluster's list of assessments was a 422 from then on, every
    other assessment gone with it. Now the run is refused as the CLI refuses it, and a
    kept one that cannot be read (an older clex kept it) is named, the others listed."""
    from datetime import date

    client = site.client("mia")
    before = kept_count(site)
    answer = run(client, period="1800")
    assert answer.status_code == 422
    assert "the period 1800 begins before 1900-01-01" in text_of(answer.text)
    assert kept_count(site) == before

    store = Store(site.db, create=False)
    try:
        n = store.save_snapshot(
            "nanotex", "{}", period_start=date(1800, 1, 1), period_end=date(1800, 12, 31),
            catalogue_id="ecei-gold", sha256="0" * 64,
        )  # fmt: skip
    finally:
        store.engine.dispose()
    listed = site.client("bob").get(LIST)
    assert listed.status_code == 200
    shown = text_of(listed.text)
    assert f"Not shown: the kept assessments #{n} cannot be read" in shown
    assert " 2024-2025 " in shown


def test_compare_leaves_out_a_judgement_not_made(site: Site) -> None:
    """2023 run on the page without a judgements file (G8 not judged) beside the demo's
    2024 (G8 judged): G8 reads "not judged" with no change, and the page names the part
    of the overall change the judgement makes (session 24, F6); it counted the missing
    judgement as 0 and its points as progress."""
    client = site.client("mia")
    answer = run(client, period="2023")
    assert answer.status_code == 303, text_of(answer.text)[-600:]
    mine = int(answer.headers["location"].rsplit("n=", 1)[1])
    judged = kept_n(site, "2024")
    shown = text_of(client.get(f"/clusters/nanotex/compare?n={mine}&n={judged}").text)
    g8 = r"G8 Quality of the strategy, action plan and KPI monitoring not judged \d+ "
    assert re.search(g8, shown), shown
    assert "Of the overall change from 2023 to 2024" in shown
    assert "come from G8, judged only in 2024" in shown
