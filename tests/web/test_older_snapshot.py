"""A kept assessment written by a clex before the engine's sentences were messages
(commit 162b048): its explanations and findings are English text. The Czech indicator
page rebuilds a judged indicator's "judged 4 of 4: ... (assessors)" from the judgement,
and shows the reasons that exist only in English marked as an older clex's text."""

from __future__ import annotations

from typing import Any

from tests.report_fixtures import older_form
from tests.web.conftest import Site
from tests.web.test_dashboard import shown, text_of

WHY = "doc-0001 is rejected"
FINDING = "the judgement cites doc-0001 (Strategy), which is rejected: cite another record"
MARK = "(anglicky zapsáno starší verzí clex)"


def _keep_older(site: Site) -> tuple[int, Any]:
    """The demo's newest kept assessment kept again in its older form; its number."""
    from assessment.snapshot_file import keep_snapshot, kept_snapshot
    from evidence.store import Store

    store = Store(site.db, create=False)
    try:
        snap = kept_snapshot(store, "nanotex", store.saved_snapshots("nanotex")[0]["id"])
        assert snap is not None
        number = keep_snapshot(store, older_form(snap, WHY, FINDING))
        return number, snap
    finally:
        store.engine.dispose()


def test_the_czech_indicator_page_of_an_older_snapshot(site: Site) -> None:
    number, snap = _keep_older(site)
    g8 = next(j for j in snap.judgements if j.indicator == "G8")
    who = ", ".join(a.name for a in g8.assessor_levels)
    client = site.client("mia")
    client.get("/lang/cs")
    page = client.get(f"/clusters/nanotex/indicators/G8?n={number}")
    assert page.status_code == 200
    said = shown(page.text, "explanation")
    assert said.startswith(f"posouzeno: {g8.level:g} (nejvýše 4\u00a0body): Jako úroveň 3")
    assert said.endswith(f"({who}); 0 bodů: {WHY} {MARK}")
    assert "judged" not in said
    assert f"{FINDING} {MARK}" in text_of(page.text)
    # in English the older text reads as it was, unmarked
    client.get("/lang/en")
    page = client.get(f"/clusters/nanotex/indicators/G8?n={number}")
    said = shown(page.text, "explanation")
    assert said.startswith(f"judged {g8.level:g} of 4\u00a0points: As level 3")
    assert said.endswith(f"({who}); scores 0: {WHY}") and "older clex" not in page.text
