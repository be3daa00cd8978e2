"""Migration 0006: a store made before region codes and the tag vocabulary upgrades with
its data: names it recognises become codes, tags their vocabulary form, each changed
record keeps its earlier version and its review status, and a re-import of the file it
came from finds it unchanged; what it cannot convert stays for `clex evidence validate`.
On SQLite and PostgreSQL (`db_url`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from evidence.models import Member
from evidence.store import Store, content_sha256

from .conftest import Run, store_at_revision

ROWS = [  # id, title, country, region, tags, status
    ("m1", "Alpha", None, "Liberec Region", ",Digital,green,", "verified"),
    ("m2", "Beta", "HU", "Central Hungary", None, "submitted"),
    ("m3", "Gamma", "DE", "Sachsen", ",Circular Economy,", "submitted"),
    ("m4", "Delta", "CZ", "CZ-51", ",green,", "submitted"),
]


def _old_store(db_url: str) -> None:
    """A store at the revision before 0006 holding names and free-text tags, each
    record with the digest of what it said then."""
    with store_at_revision(db_url, "0006-1", region="Liberecký kraj") as conn:
        for rid, title, country, region, tags, status in ROWS:
            old = Member(
                id=rid,
                cluster="nano",
                title=title,
                start="2020-01-01",
                type="sme",
                country=country,
                region=region,
                tags=tuple(t for t in (tags or "").split(",") if t),
            )
            conn.execute(
                text(
                    "INSERT INTO evidence (cluster, id, kind, title, start, status, version, "
                    "content_sha256, updated_at, type, committed, fee_paying, country, "
                    "region, tags) VALUES ('nano', :id, 'member', :title, '2020-01-01', "
                    ":status, 1, :sha, '2025-01-01 10:00:00+00:00', 'sme', :no, :no, "
                    ":country, :region, :tags)"
                ),
                {
                    "id": rid,
                    "title": title,
                    "status": status,
                    "sha": content_sha256(old),
                    "no": False,
                    "country": country,
                    "region": region,
                    "tags": tags,
                },
            )


def test_a_store_before_0006_upgrades_its_regions_and_tags(
    db_url: str, clex: Callable[..., Run], tmp_path: Path
) -> None:
    _old_store(db_url)
    store = Store(db_url)  # migrates to head
    try:
        assert store.cluster("nano").region == "CZ-51"
        members = {r.id: r for r in store.records("nano")}
        assert {i: (m.region, m.tags, m.status) for i, m in members.items()} == {
            "m1": ("CZ-51", ("digital", "green"), "verified"),
            "m2": ("Central Hungary", (), "submitted"),  # not an ISO 3166-2 region: left
            "m3": ("DE-SN", ("circular_economy",), "submitted"),
            "m4": ("CZ-51", ("green",), "submitted"),
        }
        _, version = store.record("nano", "m1")
        assert version == 2 and store.record("nano", "m4")[1] == 1
        _, earlier = store.history("nano", "m1")
        assert [json.loads(v["data"])["region"] for v in earlier] == ["Liberec Region"]
    finally:
        store.engine.dispose()

    def run(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url})

    (tmp_path / "m.yaml").write_text(
        "- {id: m1, kind: member, title: Alpha, start: 2020-01-01, type: sme, "
        "region: Liberec Region, tags: [Digital, green]}\n",
        encoding="utf-8",
    )
    again = run("import", "m.yaml", "--cluster", "nano", "--json")
    assert again.code == 0, again
    assert json.loads(again.out)["unchanged"] == 1  # still verified, unchanged
    checked = run("evidence", "validate", "--cluster", "nano")
    assert checked.code == 1, checked
    assert "m2.region: 'Central Hungary' is not a region of HU (ISO 3166-2)" in checked.err
    assert "m1" not in checked.err and "m3" not in checked.err
