"""`Store.record_page` and `Store.reading` on real SQLite and PostgreSQL (`db_url`).

The page's statement is compiled once per set of filters (`Prepared`); every one of
the 32 sets is checked here against the same records filtered in Python, walked page
by page to the end, so a statement compiled for one set can never answer for another.
"""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from evidence.models import ClusterProfile, make_record
from evidence.schema import evidence
from evidence.store import Store, record_to_row

KINDS = ["event", "document", "project"]
STATUSES = ["submitted", "verified", "draft"]
TITLES = ["Open day", "Workshop on 50% MATTERS", "Board_meeting", "Čtení a psaní"]


def _store(db_url: str) -> Store:
    store = Store(db_url)
    rows = []
    for slug in ("nano", "bio"):
        store.add_cluster(ClusterProfile(slug=slug, name=slug.title(), country="CZ"))
        for n in range(60):
            fields = {
                "cluster": slug,
                "kind": KINDS[n % 3],
                "id": f"{slug}-{n:02d}",
                "title": TITLES[n % 4],
                "start": date(2022 + n % 3, 1 + n % 12, 1 + n % 28).isoformat(),
                "status": STATUSES[n % 3 if n % 5 else 1],
            }
            if fields["kind"] == "project":
                fields["project_status"] = "running"
            record = make_record(fields)
            rows.append(record_to_row(record, version=1, import_id=None, all_columns=True))
    with store.write() as conn:
        conn.execute(evidence.insert(), rows)
    return store


def _expected(store: Store, **given: object) -> list[str]:
    kept = []
    for r in store.records("nano"):
        if given.get("kind") and r.kind != given["kind"]:
            continue
        if given.get("status") and r.status != given["status"]:
            continue
        if given.get("year") and r.start.year != given["year"]:
            continue
        text = given.get("text")
        if isinstance(text, str) and text.lower() not in r.title.lower():
            continue
        kept.append((r.kind, r.start, r.id))
    return [rid for _, _, rid in sorted(kept)]


def _walked(store: Store, size: int, **given: object) -> list[str]:
    seen: list[str] = []
    after = None
    for _ in range(100):  # 60 records: a page that does not advance is a failure, not a hang
        rows = store.record_page("nano", after=after, size=size, **given)  # type: ignore[arg-type]
        seen += [r["id"] for r in rows[:size]]
        if len(rows) <= size:
            return seen
        last = rows[size - 1]
        after = (last["kind"], last["start"], last["id"])
    raise AssertionError(f"the pages never ended: {given}")


def test_every_set_of_filters_pages_through_exactly_its_records(db_url: str) -> None:
    store = _store(db_url)
    try:
        choices = {
            "kind": [None, "document"],
            "status": [None, "verified"],
            "year": [None, 2023],
            "text": [None, "workshop on 50%"],
        }
        for values in itertools.product(*choices.values()):
            given = {k: v for k, v in zip(choices, values, strict=True) if v is not None}
            expected = _expected(store, **given)
            assert _walked(store, 7, **given) == expected, given
            assert _walked(store, 50, **given) == expected, given
        # LIKE's wildcards are literal: "50%" is not "50 anything", "_" not any letter
        assert _walked(store, 50, text="50%x") == []
        assert _walked(store, 50, text="board_") == _expected(store, text="board_")
        assert _walked(store, 50, text="board%meeting") == []
        # case-insensitive beyond ASCII on both stores (SQLite's lower() folds ASCII only)
        czech = _expected(store, text="čtení A PSANÍ")
        assert czech and _walked(store, 50, text="čtení A PSANÍ") == czech
        assert _walked(store, 50, text="ČTENÍ") == _expected(store, text="Čtení")
        # a NUL finds nothing (SQLite would end the pattern there and match every title;
        # PostgreSQL refuses the text)
        assert _walked(store, 50, text="\x00") == []
        assert _walked(store, 50, text="Open\x00day") == []
    finally:
        store.engine.dispose()


def test_a_page_gives_days_and_the_page_columns(db_url: str) -> None:
    store = _store(db_url)
    try:
        row = store.record_page("nano", kind="event", size=1)[0]
        assert isinstance(row["start"], date)
        assert set(row) >= {"id", "kind", "title", "start", "status", "source_row"}
    finally:
        store.engine.dispose()


def test_reads_inside_reading_share_one_connection(db_url: str) -> None:
    store = _store(db_url)
    try:
        with store.reading(), store.read() as first, store.read() as second:
            assert first is second
            assert store.cluster("nano").name == "Nano"  # a read of its own, inside
        with store.read() as outside, store.read() as again:
            assert outside is not again
        with pytest.raises(KeyError), store.reading():
            raise KeyError("x")
        with store.read() as after, store.read() as other:
            assert after is not other  # the failed reading() left nothing shared behind
    finally:
        store.engine.dispose()


def test_reads_after_a_write_leave_the_write_lock_free(tmp_path: Path) -> None:
    """The write's `BEGIN IMMEDIATE` is for its own transaction only: the pooled
    connection's later reads begin plainly, so another process can write meanwhile and
    a write inside `reading()` does not wait for the reading's own lock."""
    path = tmp_path / "s.db"
    store = Store(str(path))
    try:
        store.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))  # a write
        with store.reading():
            assert store.cluster("nano").name == "Nano"
            other = sqlite3.connect(path, timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")  # "database is locked" if the read held it
                other.rollback()
            finally:
                other.close()
            store.add_cluster(ClusterProfile(slug="bio", name="Bio", country="CZ"))
        assert store.cluster_slugs() == ["bio", "nano"]
    finally:
        store.engine.dispose()
