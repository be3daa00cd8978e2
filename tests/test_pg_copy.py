"""PostgreSQL's bulk inserts go by COPY (`evidence.store.copy`): the rows must be those
SQLite gets from the same import, value for value, and a failed import leaves none."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.schema import changes, evidence, review_log
from evidence.store import Store

from .conftest import PG_URL, fresh_pg

pytestmark = pytest.mark.postgres

HOSTILE = textwrap.dedent("""\
    - {kind: event, title: "Tab\\there, back\\\\slash, \\\\N and \\"quotes\\"", format: conference, start: 2024-05-14, participants: 80}
    - {kind: event, title: "Line\\nbreak, ünïcödé ✓, 50% off", format: workshop, start: 2024-06-01, tags: "green, digital"}
    - {kind: member, title: Alpha s.r.o., type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta University, type: university, committed: no, start: 1.9.2016}
""")
# what differs by nature between two imports: when, and the ids the database counted
_WHEN = {"updated_at", "at", "import_id", "batch", "seq"}


def _workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The benchmarks' generated workbook (every kind, every field type), 300 rows."""
    monkeypatch.setenv("CLEX_BENCH_DATA", str(tmp_path / "bench"))
    from benchmarks.generate import build_workbook, one_cluster

    return build_workbook(one_cluster(300), workers=1)


def _rows(store: Store, table: Any) -> list[dict[str, Any]]:
    keys = [c for c in table.c if c.name not in _WHEN]
    order = [table.c.record_id if "record_id" in table.c else table.c.id]
    with store.read() as conn:
        found = conn.execute(select(*keys).order_by(*order, *keys[:3])).mappings()
        return [dict(r) for r in found]


def _imported(url: str, files: list[Path]) -> Store:
    store = Store(url)
    store.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    for path in files:
        import_files(store, [path], cluster="nano")
    return store


@pytest.fixture
def pg_url() -> str:
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    return fresh_pg(PG_URL)


def test_copy_stores_what_sqlite_stores(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    files = [_workbook(tmp_path, monkeypatch), hostile]
    lite, pg = _imported(str(tmp_path / "store.db"), files), _imported(pg_url, files)
    try:
        for table in (evidence, changes, review_log):
            assert _rows(pg, table) == _rows(lite, table), table.name
        assert len(_rows(pg, evidence)) == 304
        titles = {r["title"] for r in _rows(pg, evidence)}
        assert 'Tab\there, back\\slash, \\N and "quotes"' in titles
    finally:
        lite.engine.dispose()
        pg.engine.dispose()


def test_a_failed_import_leaves_no_copied_rows(pg_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    good = "\n".join(
        f"- {{kind: event, title: E{i}, format: workshop, start: 2024-05-14}}" for i in range(3000)
    )
    bad.write_text(good + "\n- {kind: event, title: Late, start: not a date}\n", encoding="utf-8")
    store = Store(pg_url)
    store.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    try:
        with pytest.raises(Exception, match="nothing was imported"):
            import_files(store, [bad], cluster="nano")
        assert _rows(store, evidence) == [] and _rows(store, changes) == []
    finally:
        store.engine.dispose()
