"""The manager's and the auditor's whole stories, end to end, in a real browser.

Each story is what a person does in one sitting, through the page only: the manager
signs in, reads the dashboard, imports a file (dry run, then confirm), finds the new
record, corrects a field, assesses a year and downloads its PDF; the auditor signs in,
works through the review queue with the keyboard (verify, reject with a note, ask for
information), and finds their verdicts in the records' history. After each step the
store says what the page said. Both stories run on SQLite and on PostgreSQL; the
screenshots go to build/screenshots/ (story-*.png).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.web.conftest import Site, screenshot

STORY_FILE = """\
- id: story-workshop-2025
  kind: event
  title: Story workshop on recycled nanofibres
  start: 2025-03-10
  format: workshop
  role: organiser
  participants: 30
  status: submitted
"""


def _store(site: Site) -> Any:
    from evidence.store import Store

    return Store(site.db, create=False)


def test_the_managers_story(site: Site, server: str, page_as: Any, tmp_path: Path) -> None:
    backend = "pg" if "postgresql" in site.db else "sqlite"
    page = page_as("mia")
    # the dashboard: where the cluster stands
    assert page.url == f"{server}/clusters/nanotex"
    assert "NanoTex Liberec Cluster" in page.locator("h1").inner_text()
    assert page.locator(".cards .card").count() >= 3
    screenshot(page, f"story-manager-dashboard-{backend}")

    # import: upload, dry run with the preview, confirm
    source = tmp_path / "workshop.yaml"
    source.write_text(STORY_FILE, encoding="utf-8")
    page.click("nav.menu >> text=Import")
    page.set_input_files("input[name=files]", str(source))
    page.click("form.upload button[type=submit]")
    assert "Dry run" in page.locator("h2").first.inner_text()
    assert "story-workshop-2025" in page.locator("table.plan").inner_text()
    screenshot(page, f"story-manager-preview-{backend}")
    store = _store(site)
    try:
        page.click("text=Confirm the import")
        page.wait_for_load_state()
        record, _version = store.record("nanotex", "story-workshop-2025")
        assert record.title == "Story workshop on recycled nanofibres"
        assert store.batch_list("nanotex")[-1]["actor"] == "mia"

        # the evidence list finds it; its page shows it; a field corrected
        page.click("nav.menu >> text=Evidence")
        page.fill("input[name=q]", "recycled nanofibres")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**q=recycled**")
        rows = page.locator("table.records tbody tr")
        assert rows.count() == 1
        rows.first.locator("a").first.click()
        page.wait_for_url("**/evidence/story-workshop-2025")
        assert "Story workshop" in page.locator("h1").inner_text()
        page.select_option("select[name=field]", "participants")
        page.fill("input[name=value]", "42")
        page.click("text=Save the field")
        page.wait_for_load_state()
        history = page.locator("table.history").inner_text()
        assert "mia" in history and "participants" in history
        record, _version = store.record("nanotex", "story-workshop-2025")
        assert record.participants == 42  # type: ignore[attr-defined]
        screenshot(page, f"story-manager-record-{backend}")

        # an assessment of 2025, kept, shown on the dashboard, its PDF downloaded
        page.click("nav.menu >> text=Assessments")
        page.fill("input[name=period]", "2025")
        page.click("text=Assess and keep")
        page.wait_for_url(re.compile(r".*/clusters/nanotex\?n=\d+$"))
        number = int(page.url.rsplit("=", 1)[1])
        assert "2025" in page.locator("h1").inner_text()
        kept = {row["id"]: row for row in store.saved_snapshots("nanotex")}
        assert number in kept and kept[number]["period_start"].year == 2025
        page.click("nav.menu >> text=Assessments")
        with page.expect_download() as waiting:
            page.click(f'a[href="/clusters/nanotex/assessments/{number}/report.pdf?lang=en"]')
        pdf = tmp_path / "report.pdf"
        waiting.value.save_as(pdf)
        text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "NanoTex Liberec Cluster" in text and "2025" in text
    finally:
        store.engine.dispose()

    page.click("header .side button[type=submit]")  # sign out
    page.wait_for_url("**/login")
    page.goto(f"{server}/clusters/nanotex")
    assert "/login" in page.url  # signed out means signed out


def test_the_auditors_story(site: Site, server: str, page_as: Any) -> None:
    backend = "pg" if "postgresql" in site.db else "sqlite"
    page = page_as("aud")
    assert page.url == f"{server}/clusters/nanotex"
    page.click("nav.menu >> text=Review queue")
    store = _store(site)
    verdicts = {}
    try:
        for key, status, note in (
            ("v", "verified", ""),
            ("r", "rejected", "The attendance list is missing."),
            ("n", "needs_info", "Which members took part?"),
        ):
            record_id = page.locator("form.verdict").get_attribute("action").rsplit("/", 1)[1]
            if note:
                page.fill("textarea[name=note]", note)
            page.locator("body").click(position={"x": 5, "y": 300})  # out of the note
            page.keyboard.press(key)
            page.wait_for_load_state()
            page.wait_for_function(
                "id => !document.querySelector('form.verdict') || "
                "!document.querySelector('form.verdict').action.endsWith('/' + id)",
                arg=record_id,
            )
            verdicts[record_id] = (status, note)
            if key == "v":
                screenshot(page, f"story-auditor-queue-{backend}")
        with store.read() as conn:
            stored = store.statuses(conn, "nanotex", list(verdicts))
        assert {i: row.status for i, row in stored.items()} == {
            i: status for i, (status, _note) in verdicts.items()
        }
    finally:
        store.engine.dispose()

    # the verdicts are in each record's history, with the auditor's name and note
    for record_id, (_status, note) in verdicts.items():
        page.goto(f"{server}/clusters/nanotex/evidence/{record_id}")
        history = page.locator("table.history").inner_text()
        assert "aud" in history, record_id
        if note:
            assert note in history
    screenshot(page, f"story-auditor-history-{backend}")

    # the auditor changes nothing else: no edit form, and the page in Czech
    assert page.locator("form[action$='/edit']").count() == 0
    page.click("header .langs >> text=CZ")
    page.goto(f"{server}/clusters/nanotex/review")
    assert "Fronta k posouzení" in page.locator("h1").inner_text()
    screenshot(page, f"story-auditor-queue-cs-{backend}")
