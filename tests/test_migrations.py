"""The Alembic migrations build exactly the tables `evidence/schema.py` declares.

The store's code reads and writes through `evidence.schema`, but a database gets its
tables from `evidence/migrations`: if the two drift apart, a new store works in the tests
that create tables from the metadata and breaks on a user's disk. So this test migrates
an empty store the way a user's store is migrated (`Store(url)` runs `alembic upgrade
head`) and asks Alembic's autogenerate comparison for the difference between that
database and the metadata: tables, columns, types, nullability, server defaults, indexes,
unique and foreign-key constraints. An empty difference is the only pass; on SQLite and
on PostgreSQL (the `db_url` fixture).
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Index, Integer, MetaData

from evidence.schema import metadata
from evidence.store import Store

from .conftest import store_at_revision

# Alembic's own bookkeeping table is in the database, not in the metadata.
_ALEMBIC = "alembic_version"


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name == _ALEMBIC)


def _difference(url: str, target: MetaData = metadata) -> list[Any]:
    """What Alembic would change to make a freshly migrated store match `target`."""
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_object": _include_object,
                },
            )
            return list(compare_metadata(context, target))
    finally:
        store.engine.dispose()


def test_migrations_build_exactly_the_schema(db_url: str) -> None:
    diff = _difference(db_url)
    assert diff == [], "migrations and evidence/schema.py differ:\n" + "\n".join(map(repr, diff))


def test_the_comparison_sees_a_difference(db_url: str) -> None:
    """The comparison is not blind: a column no migration made, a nullability no
    migration set and an index no migration created are each reported."""
    altered = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(altered)
    altered.tables["clusters"].append_column(Column("not_in_any_migration", Integer))
    altered.tables["clusters"].c.country.nullable = False
    Index("ix_not_in_any_migration", altered.tables["snapshots"].c.sha256)
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in _difference(db_url, altered)}
    assert kinds == {"add_column", "modify_nullable", "add_index"}


def test_a_store_of_revision_0003_upgrades_with_its_data(db_url: str) -> None:
    """A user's store made before the awards (0004) keeps its cluster, records and review
    log when `Store(url)` migrates it, and records awards afterwards."""
    from datetime import date

    from sqlalchemy import inspect, text

    with store_at_revision(db_url, "0003") as conn:
        conn.execute(
            text(
                "INSERT INTO evidence (cluster, id, kind, title, start, status, version, "
                "content_sha256, updated_at, type, committed) VALUES ('nano', 'm1', 'member', "
                "'Alpha', '2024-01-05', 'verified', 1, :sha, '2025-01-01 10:00:00+00:00', "
                "'sme', :yes)"
            ),
            {"sha": "0" * 64, "yes": True},
        )
        conn.execute(
            text(
                "INSERT INTO review_log (cluster, record_id, at, reviewer, new_status, "
                "record_version) VALUES ('nano', 'm1', '2025-01-02 10:00:00+00:00', 'Eva', "
                "'verified', 1)"
            )
        )
        assert "awards" not in inspect(conn).get_table_names()

    store = Store(db_url)
    try:
        assert store.cluster("nano").name == "Nano"
        (record,) = store.records("nano")
        assert (record.id, record.title, record.status) == ("m1", "Alpha", "verified")
        reviews, _ = store.history("nano", "m1")
        assert [r["reviewer"] for r in reviews] == ["Eva"]
        store.add_award("nano", "gold", date(2024, 3, 15), awarded_by="EUCLES", note="")
        assert [a.label for a in store.awards("nano")] == ["gold"]
    finally:
        store.engine.dispose()
    assert _difference(db_url) == []


def test_a_store_of_revision_0004_upgrades_to_presence_and_training(db_url: str) -> None:
    """0005 (issue 15): a communication record of channel eccp_profile becomes a presence
    (same id, status, review log; its reach kept in the notes), a staff member's
    training hours > 0 become a dated training record to be checked (`needs_info`, with
    the note saying why), the staff member keeps the rest, and every digest is the one
    the models compute: a re-import of the same content changes nothing."""

    from sqlalchemy import inspect, text

    from evidence.models import Presence, Training
    from evidence.store import content_sha256

    row = (
        "INSERT INTO evidence (cluster, id, kind, title, start, status, version, "
        "content_sha256, updated_at, {cols}) VALUES ('nano', :id, :kind, :title, :start, "
        ":status, 1, :sha, '2025-01-01 10:00:00+00:00', {vals})"
    )
    with store_at_revision(db_url, "0004") as conn:
        common = {"sha": "0" * 64, "status": "verified"}
        conn.execute(
            text(row.format(cols="channel, reach, url, tags", vals=":channel, :reach, :url, :tags")),
            {**common, "id": "com-eccp", "kind": "communication", "title": "ECCP profile",
             "start": "2019-11-01", "channel": "eccp_profile", "reach": 120,
             "url": "https://clustercollaboration.eu/nano", "tags": ",digital,"},
        )  # fmt: skip
        conn.execute(
            text(row.format(cols="channel", vals=":channel")),
            {**common, "id": "com-news", "kind": "communication", "title": "News",
             "start": "2024-03-01", "channel": "website"},
        )  # fmt: skip
        for sid, name, hours in (("sta-eva", "Eva Nová", 40.0), ("sta-petr", "Petr", 0.0)):
            conn.execute(
                text(row.format(cols="role, fte, training_hours", vals=":role, :fte, :hours")),
                {**common, "id": sid, "kind": "staff", "title": name, "start": "2019-01-01",
                 "role": "manager", "fte": 1.0, "hours": hours},
            )  # fmt: skip
        conn.execute(
            text(
                "INSERT INTO review_log (cluster, record_id, at, reviewer, new_status, "
                "record_version) VALUES ('nano', 'com-eccp', '2025-01-02 10:00:00+00:00', "
                "'Eva', 'verified', 1)"
            )
        )
        assert "org_id" not in {c["name"] for c in inspect(conn).get_columns("evidence")}

    store = Store(db_url)
    try:
        records = {r.id: r for r in store.records("nano")}
        profile = records["com-eccp"]
        assert (profile.kind, profile.status, profile.url, profile.tags) == (
            "presence",
            "verified",
            "https://clustercollaboration.eu/nano",
            ("digital",),
        )
        assert isinstance(profile, Presence) and profile.platform == "eccp_profile"
        assert "reach: 120" in (profile.notes or "")
        reviews, _ = store.history("nano", "com-eccp")
        assert [r["reviewer"] for r in reviews] == ["Eva"]
        assert records["com-news"].kind == "communication"
        (training,) = [r for r in records.values() if r.kind == "training"]
        assert (training.title, training.start, training.status) == (
            "Training of Eva Nová",
            records["sta-eva"].start,
            "needs_info",
        )
        assert isinstance(training, Training)
        assert (training.hours, training.person) == (40.0, "Eva Nová")
        assert training.notes == (
            "moved from the staff record by migration 0005: the hours were undated; "
            "give the date(s) of the training"
        )
        reviews, _ = store.history("nano", training.id)
        assert [(r["old_status"], r["new_status"]) for r in reviews] == [(None, "needs_info")]
        assert (
            training.id == type(training).model_validate({**training.model_dump(), "id": ""}).id
        )  # the id the model derives: an import of the same entry updates this one
        digests = store.digests("nano", [*sorted(records), training.id])
        for rid in ("com-eccp", "sta-eva", "sta-petr", training.id):
            assert digests[rid][0] == content_sha256(records.get(rid, training)), rid
    finally:
        store.engine.dispose()
    assert _difference(db_url) == []
