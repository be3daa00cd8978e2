"""The dashboard and the indicator page: what they show is what the kept snapshot says,
in English and Czech, to the people of the cluster only; the records behind a value."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import Site, screenshot, sign_in_form

PERIOD = "2024-2025"


@pytest.fixture(scope="module")
def demo(site: Site) -> Iterator[tuple[int, Any]]:
    """The demo's kept snapshot of 2024-2025: its number and the snapshot, read from the
    store the way the library reads it."""
    from assessment.period import Period
    from assessment.snapshot_file import kept_snapshot
    from evidence.store import Store

    store = Store(site.db, create=False)
    try:
        rows = store.saved_snapshots("nanotex")
        number = next(
            r["id"] for r in rows if str(Period(r["period_start"], r["period_end"])) == PERIOD
        )
        snap = kept_snapshot(store, "nanotex", number)
        assert snap is not None and rows[0]["id"] == number  # the newest kept one
        yield number, snap
    finally:
        store.engine.dispose()


def first_short_of_gold(site: Site) -> int:
    """The number of the oldest kept snapshot whose Gold path has steps."""
    from assessment.snapshot_file import kept_snapshot
    from evidence.store import Store

    store = Store(site.db, create=False)
    try:
        for row in reversed(store.saved_snapshots("nanotex")):
            snap = kept_snapshot(store, "nanotex", row["id"])
            if snap is not None and snap.gold_path:
                return int(row["id"])
    finally:
        store.engine.dispose()
    raise AssertionError("no kept snapshot of the demo is short of Gold")


def text_of(page: str) -> str:
    """The page's text, tags dropped and entities read (numbers carry no-break spaces)."""
    return html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", page)))


def shown(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    assert found, f"no #{element_id} on the page"
    return html.unescape(found.group(1)).strip()


def record_ids(page: str) -> list[str]:
    return re.findall(r'<tr class="record" data-id="([^"]+)"', page)


def test_the_dashboard_shows_the_newest_kept_score_and_verdict(site: Site, demo: Any) -> None:
    from reports.i18n import Lang
    from reports.verdict import verdict

    number, snap = demo
    en = Lang("en")
    page = site.client("mia").get("/clusters/nanotex")
    assert page.status_code == 200
    assert shown(page.text, "overall") == en.pct(snap.overall)
    said = verdict(snap, {lb.id: lb.title for lb in snap.labels}, en)
    assert said.startswith("Ready for the Gold label")  # the demo reaches Gold in 2024-2025
    assert shown(page.text, "verdict") == said + "."
    text = text_of(page.text)
    assert snap.cluster.name in text and PERIOD in text
    for area in snap.areas:
        assert area.title in text and en.pct(area.percent) in text
    for label in snap.labels:
        row = re.search(rf'<tr class="label-{label.id}">(.*?)</tr>', page.text, re.S)
        assert row, label.id
        assert ("ready" if label.ready else "not ready") in text_of(row.group(1))
    assert "self-assessment: submitted and verified records" in text  # the mode, stated
    for ind in snap.indicators:  # each indicator links to its page, with its value
        assert f'href="/clusters/nanotex/indicators/{ind.id}?n={number}"' in page.text
        assert en.value(ind.value, ind.unit, ind.per_year, ind.unit_words) in text
    # the next steps in the snapshot's order
    steps = re.findall(r"/indicators/([^?\"]+)\?n=\d+\">\1</a></td>\s*<td><strong>", page.text)
    assert steps == [g.indicator for g in snap.gold_path] + [g.indicator for g in snap.gaps]


def test_another_kept_period_is_picked_with_n(site: Site, demo: Any) -> None:
    from assessment.snapshot_file import kept_snapshot
    from evidence.store import Store
    from reports.i18n import Lang

    store = Store(site.db, create=False)
    try:
        oldest = store.saved_snapshots("nanotex")[-1]["id"]
        snap = kept_snapshot(store, "nanotex", oldest)
    finally:
        store.engine.dispose()
    assert snap is not None
    client = site.client("bob")
    page = client.get(f"/clusters/nanotex?n={oldest}")
    assert page.status_code == 200
    assert shown(page.text, "overall") == Lang("en").pct(snap.overall)
    assert f'<option value="{oldest}" selected>{snap.period.label}</option>' in page.text
    assert client.get("/clusters/nanotex?n=999999").status_code == 404
    assert client.get("/clusters/nanotex?n=x").status_code == 400


def test_the_czech_dashboard_says_czech_words_and_numbers(site: Site, demo: Any) -> None:
    from reports.i18n import Lang

    _, snap = demo
    client = site.client("mia")
    client.get("/lang/cs")
    page = client.get("/clusters/nanotex")
    cs = Lang("cs")
    assert shown(page.text, "overall") == cs.pct(snap.overall)
    assert "," in cs.pct(snap.overall)  # a decimal comma
    text = text_of(page.text)
    for words in ("Připraven", "Celkové skóre", "Připravenost na certifikát", "Ukazatele"):
        assert words in text, words
    assert "Overall score" not in text and "Label readiness" not in text


def test_the_indicator_page_lists_the_snapshots_records(site: Site, demo: Any) -> None:
    from reports.i18n import Lang

    number, snap = demo
    ind = max(snap.indicators, key=lambda i: len(i.evidence_ids))
    page = site.client("mia").get(f"/clusters/nanotex/indicators/{ind.id}?n={number}")
    assert page.status_code == 200
    ids = record_ids(page.text)
    assert sorted(ids) == sorted(ind.evidence_ids) and len(ids) == len(set(ids))
    assert f'href="/clusters/nanotex/evidence/{ids[0]}"' in page.text
    en = Lang("en")
    assert shown(page.text, "value") == en.value(ind.value, ind.unit, ind.per_year, ind.unit_words)
    assert shown(page.text, "points").startswith(en.num(ind.points))
    text = text_of(page.text)
    for miss in ind.not_counted:  # the near misses the engine kept
        assert miss.id in text and miss.title in text
    assert "Not counted because of one condition" in text


def test_a_long_record_list_is_paged(
    site: Site, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.indicator

    number, snap = demo
    ind = max(snap.indicators, key=lambda i: len(i.evidence_ids))
    monkeypatch.setattr(web.indicator, "PAGE", 20)
    client = site.client("aud")
    seen: list[str] = []
    page_no = 1
    while True:
        page = client.get(f"/clusters/nanotex/indicators/{ind.id}?n={number}&page={page_no}")
        ids = record_ids(page.text)
        assert 0 < len(ids) <= 20
        seen += ids
        if 'rel="next"' not in page.text:
            break
        page_no += 1
    assert page_no == -(-len(ind.evidence_ids) // 20)
    assert sorted(seen) == sorted(ind.evidence_ids) and len(seen) == len(set(seen))


def test_a_board_member_sees_records_without_links(site: Site, demo: Any) -> None:
    number, snap = demo
    ind = max(snap.indicators, key=lambda i: len(i.evidence_ids))
    page = site.client("bob").get(f"/clusters/nanotex/indicators/{ind.id}?n={number}")
    assert page.status_code == 200
    assert sorted(record_ids(page.text)) == sorted(ind.evidence_ids)
    assert "/evidence/" not in page.text
    titles = {r.id: r.title for r in snap.evidence}
    assert html.escape(titles[ind.evidence_ids[0]], quote=False) in page.text


def test_the_pages_are_the_clusters_own(site: Site, demo: Any) -> None:
    number, _ = demo
    assert site.client("oma").get("/clusters/nanotex").status_code == 404
    assert site.client("oma").get(f"/clusters/nanotex/indicators/S1?n={number}").status_code == 404
    assert site.client("ana").get("/clusters/nanotex").status_code == 404
    assert site.client("ana").get("/clusters/nanotex/indicators/S1").status_code == 404
    mia = site.client("mia")
    assert mia.get("/clusters/nanotex/indicators/NOPE").status_code == 404
    assert mia.get("/clusters/other").status_code == 404
    assert mia.get("/clusters/nosuch").status_code == 404


def test_a_cluster_without_a_kept_assessment_says_so(site: Site) -> None:
    page = site.client("oma").get("/clusters/other")
    assert page.status_code == 200
    assert "No assessment has been kept for this cluster yet." in page.text
    assert 'href="/clusters/other/assessments"' in page.text
    assert site.client("oma").get("/clusters/other/indicators/S1").status_code == 404
    admin = site.client("ada").get("/clusters/other")
    assert admin.status_code == 200 and 'href="/clusters/other/assessments"' in admin.text


def test_the_dashboard_and_an_indicator_in_a_browser(
    site: Site, demo: Any, page_as: Any, browser: Any, server: str
) -> None:
    number, snap = demo
    early = first_short_of_gold(site)
    for code, word in (("en", "Label readiness"), ("cs", "Připravenost na certifikát")):
        page = page_as("mia", lang=code)
        page.goto(f"{server}/clusters/nanotex")
        assert page.locator("#verdict").is_visible()
        assert word in page.inner_text("main")
        screenshot(page, f"dashboard-{code}")
        page.click("table.dash-indicators a >> text=S1")
        page.wait_for_load_state()
        assert page.url.endswith(f"/clusters/nanotex/indicators/S1?n={number}")
        assert page.locator("tr.record").count() == len(snap.indicator("S1").evidence_ids)
        screenshot(page, f"indicator-{code}")
    # an early period, short of Gold: the path to Gold, step by step
    page.goto(f"{server}/clusters/nanotex?n={early}")
    assert page.locator("table.dash-path").first.is_visible()
    screenshot(page, "dashboard-path-cs")
    # without JavaScript: sign in, read the dashboard, pick a period, open an indicator
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{server}/login")
        sign_in_form(page, "bob")
        page.wait_for_url(f"{server}/clusters/nanotex")
        assert page.locator("#overall").inner_text().strip()
        page.select_option("select[name=n]", index=1)
        page.click("form.dash-periods button")
        page.wait_for_load_state()
        assert "?n=" in page.url
        page.click("table.dash-indicators a >> nth=0")
        page.wait_for_load_state()
        assert page.locator("tr.record").count() > 0
        assert page.locator("tr.record a").count() == 0  # a board member: no record links
    finally:
        context.close()


def test_a_period_kept_twice_says_when_each_was_kept() -> None:
    from datetime import UTC, date, datetime

    from web.dashboard import period_choices

    def row(n: int, start: date, end: date, at: datetime) -> dict[str, Any]:
        return {"id": n, "period_start": start, "period_end": end, "created_at": at}

    rows = [
        row(3, date(2024, 1, 1), date(2025, 12, 31), datetime(2026, 12, 4, 16, 2, tzinfo=UTC)),
        row(2, date(2024, 1, 1), date(2025, 12, 31), datetime(2026, 1, 15, 9, 0)),  # SQLite's
        row(1, date(2022, 1, 1), date(2023, 12, 31), datetime(2026, 1, 15, 9, 0)),
    ]
    assert period_choices(rows) == [
        (3, "2024-2025 · 2026-12-04 16:02 UTC"),
        (2, "2024-2025 · 2026-01-15 09:00 UTC"),
        (1, "2022-2023"),
    ]
