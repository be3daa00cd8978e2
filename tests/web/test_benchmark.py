"""The benchmark page: the association's spread for an analyst, a cluster's position
for its manager or board, and never a figure for fewer than five clusters, never a
peer's name. On SQLite and PostgreSQL (the `site` fixture), reading only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment import read_snapshot

from .conftest import Site


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def store_rows(site: Site) -> list[dict[str, object]]:
    from evidence.store import Store

    store = Store(site.db, create=False)
    try:
        return store.saved_snapshots("nanotex")
    finally:
        store.engine.dispose()


def peers_of(site: Site) -> Path:
    return site.folder / "demo" / "peers"


def peer_names(site: Site) -> set[str]:
    names = set()
    for path in peers_of(site).glob("*.json"):
        snap = read_snapshot(path)
        names |= {snap.cluster.name, snap.cluster.slug, path.stem}
    return names


def test_an_analyst_sees_quartiles_and_no_names(site: Site) -> None:
    answer = site.client("ana", peers=peers_of(site)).get("/benchmark")
    assert answer.status_code == 200
    shown = text_of(answer.text)
    assert "Lower quartile" in shown and "Median" in shown and "Upper quartile" in shown
    assert "23 clusters compared" in shown  # 22 peers and NanoTex's newest
    assert re.search(r"Overall score [\d.]+ % [\d.]+ % [\d.]+ % [\d.]+ % [\d.]+ % 23", shown)
    for name in peer_names(site) | {"NanoTex", "nanotex", "Other Cluster"}:
        assert name not in answer.text, name


def test_an_analyst_with_too_few_clusters_is_told_five_are_needed(site: Site) -> None:
    answer = site.client("ana").get("/benchmark")  # no peers folder: NanoTex alone
    shown = text_of(answer.text)
    assert answer.status_code == 200
    assert "Only 1 cluster in this group: at least 5 are needed" in shown
    assert "quartile" not in shown and "NanoTex" not in shown


def test_a_manager_sees_the_cluster_among_its_peers(site: Site) -> None:
    client = site.client("mia", peers=peers_of(site))
    late = max(  # the demo's kept 2024-2025 (a test may have kept a newer one since)
        r["id"]
        for r in store_rows(site)
        if str(r["period_start"]).startswith("2024") and str(r["period_end"]).startswith("2025")
    )
    answer = client.get(f"/benchmark?n={late}")
    assert answer.status_code == 200
    shown = text_of(answer.text)
    assert "NanoTex Liberec Cluster" in shown
    assert "Peers: 22 clusters" in shown and "peers' top quarter" in shown
    for name in peer_names(site):
        assert name not in answer.text, name
    assert client.get("/benchmark?n=999999").status_code == 404
    assert client.get(f"/benchmark?n={10**23}").status_code == 404  # was a 500


def test_a_board_member_without_peers_is_told_five_are_needed(site: Site) -> None:
    answer = site.client("bob").get("/benchmark")
    assert answer.status_code == 200
    assert "at least 5 are needed" in text_of(answer.text)


@pytest.mark.parametrize("who", ["aud"])
def test_an_auditor_has_no_benchmark(site: Site, who: str) -> None:
    assert site.client(who).get("/benchmark").status_code == 403
