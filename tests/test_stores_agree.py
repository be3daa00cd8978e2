"""One evidence, one result, whichever store holds it: assessed on a real SQLite file and
on a real PostgreSQL database, the snapshots must be the same text, digests included.
The demo's whole job (import, reviews, awards, 15 assessments with judgements, Silver's
earlier period), and the benchmark generator's three clusters with the built-in
catalogue and with one using every feature of the format, in both counting modes.

Why tests of their own: the metrics' property test compares each store's SQL with a
Python reference on small random evidence; these run every indicator, the near misses,
the concerns and the Gold path on ten years of a cluster. They found that the stores
added floats in different orders (a few values differed in their last digits, and so
did their snapshots' digests), which `assessment.metrics.kept` now rounds away.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from assessment.engine import assess
from assessment.metrics import kept
from benchmarks.config import AS_OF, PERIOD
from benchmarks.generate import build_store
from clex.demo_cmd import run_demo
from criteria.loader import require_catalogue
from evidence.schema import metadata
from evidence.store import Store
from tests.conftest import PG_URL, fresh_pg
from tests.test_benchmark_values import SPEC, features_catalogue


@pytest.mark.slow
@pytest.mark.postgres
def test_the_demo_gives_the_same_snapshots_on_sqlite_and_postgresql(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    run_demo(tmp_path / "sqlite", reports=False)
    run_demo(tmp_path / "postgresql", reports=False, db=fresh_pg(PG_URL))
    ours = sorted((tmp_path / "sqlite" / "snapshots").glob("*.json"))
    assert len(ours) == 15
    differ = [
        f.name
        for f in ours
        if f.read_bytes() != (tmp_path / "postgresql" / "snapshots" / f.name).read_bytes()
    ]
    assert differ == []


@pytest.mark.slow
@pytest.mark.postgres
def test_every_format_feature_gives_the_same_snapshots_on_both_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark generator's three clusters of ten years, copied row by row into
    PostgreSQL, assessed on both stores with the built-in catalogue and with one that
    uses every feature of the format (`tests/test_benchmark_values.py`), in both
    counting modes: the snapshots are the same text."""
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    monkeypatch.setenv("CLEX_BENCH_DATA", str(tmp_path))
    lite = Store(str(build_store(SPEC, workers=1)))
    pg = Store(fresh_pg(PG_URL))
    try:
        with lite.read() as source, pg.write() as target:
            for table in metadata.sorted_tables:
                rows = [dict(r) for r in source.execute(select(table)).mappings()]
                if rows:
                    target.execute(table.insert(), rows)
        differ, compared = [], 0
        for catalogue in (None, features_catalogue(tmp_path / "features.yaml")):
            cat = require_catalogue(catalogue)
            for slug in SPEC.slugs():
                for audit in (False, True):
                    snaps = [
                        assess(store, slug, PERIOD, as_of=AS_OF, catalogue=cat, audit=audit)
                        for store in (lite, pg)
                    ]
                    compared += 1
                    if snaps[0].sealed() != snaps[1].sealed():
                        differ.append((cat.id, slug, audit))
        assert compared == 12 and differ == []
    finally:
        lite.engine.dispose()
        pg.engine.dispose()


def test_a_value_keeps_ten_significant_digits() -> None:
    """Float noise is rounded away, so the stores' different orders of adding give one
    value; what a report shows (and much more) is kept."""
    assert kept(0.1 + 0.2) == 0.3
    assert kept(100 * sum([0.1] * 10) / 2) == 50.0  # 49.99999999999999 unrounded
    assert kept(337041.26879060804) == kept(337041.268790608) == 337041.2688
    assert kept(1 / 3) == 0.3333333333
    assert kept(12345678.91) == 12345678.91
    assert kept(None) is None and kept(0.0) == 0.0
