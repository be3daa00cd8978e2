"""The auditor's review queue: the next record, verdicts with notes, four eyes, refusals."""

from __future__ import annotations

import itertools
import re
from typing import Any

from tests.web.conftest import OTHER_RECORD, Site, csrf_of

_made = itertools.count(1)


def submitted_records(site: Site, n: int = 1, *, actor: str = "mia") -> list[str]:
    """`n` new submitted records of nanotex, imported by `actor` (ids of this test's own)."""
    from evidence.ingest import import_files
    from evidence.store import Store

    batch = next(_made)
    ids = [f"rq-{batch}-{i}" for i in range(n)]
    source = site.folder / f"review-{batch}.yaml"
    source.write_text(
        "".join(
            f"- id: {rid}\n  kind: document\n  title: Strategy draft {rid}\n"
            "  start: 2024-03-01\n  status: submitted\n"
            for rid in ids
        ),
        encoding="utf-8",
    )
    store = Store(site.db, create=False)
    try:
        import_files(store, [source], cluster="nanotex", workspace=site.folder, actor=actor)
    finally:
        store.engine.dispose()
    return ids


def stored(site: Site, rid: str, cluster: str = "nanotex") -> tuple[str, list[dict[str, Any]]]:
    """The record's status and its review log."""
    from evidence.store import Store

    store = Store(site.db, create=False)
    try:
        record, _ = store.record(cluster, rid)
        reviews, _ = store.history(cluster, rid)
    finally:
        store.engine.dispose()
    return record.status, reviews


def post_review(client: Any, rid: str, status: str, note: str = "", **extra: str) -> Any:
    token = csrf_of(client.get("/clusters/nanotex/review").text)
    return client.post(
        f"/clusters/nanotex/review/{rid}",
        data={"status": status, "note": note, "csrf_token": token, **extra},
    )


def test_the_queue_shows_the_oldest_submitted_record_with_its_keys(site: Site) -> None:
    from evidence.store import Store

    client = site.client("aud")
    answer = client.get("/clusters/nanotex/review")
    assert answer.status_code == 200
    shown = re.search(r'action="/clusters/nanotex/review/([^"]+)"', answer.text)
    assert shown, answer.text[-2000:]
    store = Store(site.db, create=False)
    try:
        queue = store.review_queue("nanotex", "aud")
        record, _ = store.record("nanotex", shown.group(1))
    finally:
        store.engine.dispose()
    assert record.status in ("submitted", "needs_info") and queue.next_id == record.id
    assert queue.due > 0 and "records to review" in answer.text
    for key in ("v", "r", "n", "s"):
        assert f'data-key="{key}"' in answer.text and f"<kbd>{key}</kbd>" in answer.text


def test_skip_goes_to_the_next_record_and_changes_nothing(site: Site) -> None:
    client = site.client("aud")
    first = re.search(r'review/([^"]+)"', client.get("/clusters/nanotex/review").text)
    assert first
    skipped = client.get(f"/clusters/nanotex/review?skip={first.group(1)}")
    second = re.search(r'action="/clusters/nanotex/review/([^"]+)"', skipped.text)
    assert second and second.group(1) != first.group(1)
    assert "1 skipped for now" in skipped.text
    assert stored(site, first.group(1))[0] in ("submitted", "needs_info")


def test_the_auditor_verifies_rejects_and_asks_for_information(site: Site) -> None:
    good, bad, unclear = submitted_records(site, 3)
    client = site.client("aud")
    answer = post_review(client, good, "verified", "Checked against the minutes.")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/clusters/nanotex/review"
    status, reviews = stored(site, good)
    assert status == "verified"
    assert (reviews[-1]["reviewer"], reviews[-1]["new_status"], reviews[-1]["note"]) == (
        "aud",
        "verified",
        "Checked against the minutes.",
    )
    assert post_review(client, bad, "rejected", "Not a strategy.").status_code == 303
    assert stored(site, bad)[0] == "rejected"
    assert stored(site, bad)[1][-1]["note"] == "Not a strategy."
    skip = f"{good},{bad}"
    answer = post_review(client, unclear, "needs_info", "Which year?", skip=skip)
    assert answer.status_code == 303 and "skip=" in answer.headers["location"]
    assert stored(site, unclear)[0] == "needs_info"


def test_a_rejection_or_a_question_says_why(site: Site) -> None:
    """A rejection or a request for information without a note is refused (the manager
    could not act on it), nothing changed, the record shown again; a verification needs
    none."""
    (rid,) = submitted_records(site, 1)
    before = stored(site, rid)[0]
    client = site.client("aud")
    for status in ("rejected", "needs_info"):
        answer = post_review(client, rid, status, "   ")
        assert answer.status_code == 422, answer.text[-500:]
        assert "says why: write the note" in answer.text
        assert f'action="/clusters/nanotex/review/{rid}"' in answer.text
        assert stored(site, rid)[0] == before
    assert post_review(client, rid, "verified").status_code == 303
    assert stored(site, rid)[0] == "verified"


def test_an_auditor_never_verifies_a_record_they_edited(site: Site) -> None:
    from evidence.changes import edit
    from evidence.store import Store

    (rid,) = submitted_records(site)
    store = Store(site.db, create=False)
    try:
        edit(store, "nanotex", rid, {"title": "Strategy, as aud put it"}, actor="aud",
             command="clex evidence edit")  # fmt: skip
        assert rid not in _queue_ids(store)
    finally:
        store.engine.dispose()
    answer = post_review(site.client("aud"), rid, "verified", "Looks fine to me.")
    assert answer.status_code == 409
    assert "four eyes" in answer.text and "Not reviewed" in answer.text
    assert rid in answer.text  # the refused record stays on the page
    status, reviews = stored(site, rid)
    assert status == "submitted" and all(r["reviewer"] != "aud" for r in reviews)


def test_an_auditor_never_verifies_a_record_they_imported(site: Site) -> None:
    (rid,) = submitted_records(site, actor="aud")
    answer = post_review(site.client("aud"), rid, "verified")
    assert answer.status_code == 409 and "four eyes" in answer.text
    assert stored(site, rid)[0] == "submitted"


def _queue_ids(store: Any) -> set[str]:
    """Every id the auditor's queue would show, skipping through it."""
    seen: list[str] = []
    while (queue := store.review_queue("nanotex", "aud", seen)).next_id is not None:
        seen.append(queue.next_id)
    return set(seen)


def test_a_manager_cannot_review(site: Site) -> None:
    (rid,) = submitted_records(site)
    client = site.client("mia")
    assert client.get("/clusters/nanotex/review").status_code == 403
    token = csrf_of(client.get("/clusters/nanotex").text)
    answer = client.post(
        f"/clusters/nanotex/review/{rid}", data={"status": "verified", "csrf_token": token}
    )
    assert answer.status_code == 403
    assert stored(site, rid)[0] == "submitted"


def test_another_clusters_record_is_not_found_here(site: Site) -> None:
    client = site.client("aud")
    assert post_review(client, OTHER_RECORD, "verified").status_code == 404
    assert client.get("/clusters/other/review").status_code == 404
    assert stored(site, OTHER_RECORD, "other")[0] == "submitted"


def test_a_review_without_the_csrf_token_is_refused(site: Site) -> None:
    (rid,) = submitted_records(site)
    client = site.client("aud")
    answer = client.post(f"/clusters/nanotex/review/{rid}", data={"status": "verified"})
    assert answer.status_code == 403
    assert stored(site, rid)[0] == "submitted"


def test_the_reviewer_is_in_the_access_log(site: Site) -> None:
    from evidence.store import Store

    (rid,) = submitted_records(site)
    assert post_review(site.client("aud"), rid, "rejected", "No source.").status_code == 303
    store = Store(site.db, create=False)
    try:
        entries = store.access_entries(actor="aud")
    finally:
        store.engine.dispose()
    assert any(
        (e["action"], e["target"], e["detail"]) == ("review", rid, "submitted -> rejected")
        for e in entries
    )


def test_the_auditor_verifies_with_the_v_key_in_the_browser(
    site: Site, page_as: Any, server: str
) -> None:
    from tests.web.conftest import screenshot

    for lang in ("en", "cs"):
        page = page_as("aud", lang=lang)
        page.goto(f"{server}/clusters/nanotex/review")
        form = page.locator("form.verdict")
        rid = form.get_attribute("action").rsplit("/", 1)[-1]
        page.fill("#note", "Checked in the browser." if lang == "en" else "Ověřeno v prohlížeči.")
        screenshot(page, f"review-{lang}")
        page.locator("h2").first.click()  # out of the note: keys are not typed into it
        with page.expect_navigation():
            page.keyboard.press("v")
        assert page.url == f"{server}/clusters/nanotex/review"
        status, reviews = stored(site, rid)
        assert status == "verified" and reviews[-1]["reviewer"] == "aud"
        assert reviews[-1]["note"] in ("Checked in the browser.", "Ověřeno v prohlížeči.")
        assert f"review/{rid}" not in page.content()
        # r with no note goes to the note: a stray key rejects nothing
        shown = page.locator("form.verdict").get_attribute("action").rsplit("/", 1)[-1]
        page.locator("h2").first.click()
        page.keyboard.press("r")
        assert page.evaluate("document.activeElement.id") == "note"
        assert stored(site, shown)[0] in ("submitted", "needs_info")
