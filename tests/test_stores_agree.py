"""One evidence, one result, whichever store holds it: the demo's whole job (import,
reviews, awards, its 15 assessments with their judgements, Silver's earlier period)
run on a real SQLite file and on a real PostgreSQL database must write byte-identical
snapshots, digests included.

Why a test of its own: the metrics' property test compares each store's SQL with a
Python reference on small random evidence; this one runs every indicator of the
built-in catalogue, the near misses, the concerns and the Gold path on ten years of a
cluster. It found that the stores added floats in different orders (three values
differed in their last digits, and so did their snapshots' digests), which
`assessment.metrics.kept` now rounds away.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.metrics import kept
from clex.demo_cmd import run_demo
from tests.conftest import PG_URL, fresh_pg


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


def test_a_value_keeps_ten_significant_digits() -> None:
    """Float noise is rounded away, so the stores' different orders of adding give one
    value; what a report shows (and much more) is kept."""
    assert kept(0.1 + 0.2) == 0.3
    assert kept(100 * sum([0.1] * 10) / 2) == 50.0  # 49.99999999999999 unrounded
    assert kept(337041.26879060804) == kept(337041.268790608) == 337041.2688
    assert kept(1 / 3) == 0.3333333333
    assert kept(12345678.91) == 12345678.91
    assert kept(None) is None and kept(0.0) == 0.0
