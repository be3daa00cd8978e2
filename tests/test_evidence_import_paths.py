"""The import's short paths give what the long ones give (issue 8).

A 100,000-row import was made fast by doing the same work in fewer steps: a converter
per field instead of `coerce` per cell, a digest built without a pydantic dump, tuples
sent to the driver instead of Core's per-row dicts. Each short path is held here to its
definition on random input, because stored digests and rows must not change: a store
written before would otherwise see every record as changed.
"""

from __future__ import annotations

import gc
import sqlite3
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from evidence.cells import _coerce, converter
from evidence.findings import UserDataError
from evidence.ingest import import_files
from evidence.models import KINDS, ClusterProfile, FieldInfo, Record, kind_fields, make_record
from evidence.schema import evidence
from evidence.store import (
    Store,
    content_sha256,
    insert_rows,
    record_columns,
    record_to_row,
    record_values,
)
from evidence.store.rows import _dumped_sha256, _join

FIELDS = sorted(
    {(f.name, f.type, f.choices): f for k in KINDS for f in kind_fields(k).values()}.values(),
    key=lambda f: (f.name, f.type),
)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(["yes", " Ano ", "x", "-", "sme", "Large Company", "co-organiser", "1,5"]),
    st.sampled_from(["2024-03-31", "31.3.2024", "31.02.2024", "12 345,5", "inf", "nan", "1e400"]),
    st.sampled_from(["x" * 10_000, " y" * 5_001, "z" * 10_001]),  # around MAX_TEXT
    st.integers(-(2**60), 2**60),
    st.sampled_from([2**53, 2**53 + 1, -(2**53) - 1, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.lists(st.one_of(TEXT, st.integers(), st.none()), max_size=3),
    st.lists(TEXT, max_size=3).map(tuple),
)


def outcome(fn: Any, value: Any) -> tuple[str, str]:
    try:
        result = fn(value)
    except Exception as exc:
        return type(exc).__name__, str(exc)
    return "ok", repr(result)  # repr: 1 and 1.0 and True are not the same value here


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), CELL)
def test_a_converter_is_coerce(info: FieldInfo, value: Any) -> None:
    assert outcome(converter(info), value) == outcome(lambda v: _coerce(info, v), value)


def field_value(info: FieldInfo) -> st.SearchStrategy[Any]:
    match info.type:
        case "int":
            return st.integers(-5, 10**12)
        case "float":
            return st.floats(allow_nan=True) | st.integers(0, 10**6)
        case "bool":
            return st.booleans()
        case "date":
            return st.dates()
        case "list":
            return st.lists(TEXT, max_size=3).map(tuple)
        case "choice":
            return st.sampled_from(info.choices)
    return TEXT


@st.composite
def records(draw: st.DrawFn) -> Record | None:
    kind = draw(st.sampled_from(list(KINDS)))
    data: dict[str, Any] = {
        "kind": kind,
        "cluster": "c",
        "title": draw(TEXT.filter(str.strip)),
        "start": draw(st.dates()),
    }
    for name, info in kind_fields(kind).items():
        if name not in data and name != "status" and draw(st.booleans()):
            data[name] = draw(field_value(info))
    if draw(st.booleans()):
        data["source"] = {"file": "f.xlsx", "sheet": kind, "row": draw(st.integers(2, 99))}
    try:
        return make_record(data)
    except ValidationError:
        return None


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_the_digest_is_the_dumped_digest(record: Record | None) -> None:
    """Including defaults such as Staff.fte = 0, which the dump writes as 0.0."""
    if record is not None:
        assert content_sha256(record) == _dumped_sha256(record)


def reference_row(record: Record, *, version: int, import_id: int | None, sha: str) -> dict:
    """`record_to_row` before issue 8, minus `updated_at` (a clock reading)."""
    row: dict[str, Any] = {}
    for name in type(record).model_fields:
        if name == "source":
            continue
        value = getattr(record, name)
        row[name] = _join(value) if isinstance(value, tuple) else value
    src = record.source
    row.update(
        source_file=src.file if src else None,
        source_sheet=src.sheet if src else None,
        source_row=src.row if src else None,
        source_offset=src.offset if src else None,
        version=version,
        content_sha256=sha or content_sha256(record),
        import_id=import_id,
    )
    return row


SAMPLE = [
    make_record(
        {
            "kind": "project",
            "cluster": "nano",
            "title": "Filters",
            "start": date(2023, 1, 1),
            "end": date(2025, 6, 30),
            "partners": ("TU Liberec", "Filter GmbH, Ltd"),
            "partner_countries": ("DE", "AT"),
            "budget_eur": 1234.5,
            "source": {"file": "p.xlsx", "sheet": "project", "row": 2},
        }
    ),
    make_record(
        {"kind": "member", "cluster": "nano", "title": "ACME", "start": date(2020, 1, 1)}
        | {"committed": True, "fee_paying": False, "country": "CZ", "tags": ("green",)}
    ),
    make_record(
        {"kind": "staff", "cluster": "nano", "title": "Manager", "start": date(2019, 1, 1)}
    ),
]


def test_a_row_is_the_row_it_was() -> None:
    for record in SAMPLE:
        row = record_to_row(record, version=3, import_id=7, sha="")
        assert row.pop("updated_at").tzinfo is not None
        assert list(row.items()) == list(
            reference_row(record, version=3, import_id=7, sha="").items()
        )
        columns = [c for c in record_columns(type(record)) if c != "updated_at"]
        assert list(row) == columns


def stored(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as con:  # the values as SQLite holds them, not as read back
        return con.execute("SELECT * FROM evidence ORDER BY id").fetchall()


def test_insert_rows_stores_what_core_stores(tmp_path: Path) -> None:
    at = datetime(2025, 1, 15, 10, 30, tzinfo=UTC)
    core, fast = Store(str(tmp_path / "core.db")), Store(str(tmp_path / "fast.db"))
    for store in (core, fast):
        store.add_cluster(ClusterProfile(slug="nano", name="Nano"))
    with core.write() as conn:
        for record in SAMPLE:
            row = record_to_row(record, version=1, import_id=None)
            conn.execute(evidence.insert(), [{**row, "updated_at": at}])
    with fast.write() as conn:
        for record in SAMPLE:
            values = record_values(record, version=1, import_id=None, at=at)
            insert_rows(conn, evidence, record_columns(type(record)), [values])
    assert stored(tmp_path / "fast.db") == stored(tmp_path / "core.db")
    assert len(stored(tmp_path / "fast.db")) == len(SAMPLE)


def test_sqlite_gets_the_short_insert_for_every_kind() -> None:
    """No time is asserted; but should a schema change send SQLite back to Core's
    per-row dicts, this says so before a benchmark does."""
    from sqlalchemy.dialects import sqlite

    from evidence.schema import review_log
    from evidence.store.rows import _insert_plan
    from evidence.store.writes import _REVIEW_COLUMNS

    dialect = sqlite.dialect()
    for cls in KINDS.values():
        assert _insert_plan(dialect, evidence, record_columns(cls)) is not None, cls
    assert _insert_plan(dialect, review_log, _REVIEW_COLUMNS) is not None


def test_the_import_puts_back_what_it_changes(tmp_path: Path) -> None:
    """The garbage collector is paused and SQLite's page cache enlarged during an import;
    both are as they were afterwards, whether it succeeded or not."""
    store = Store(str(tmp_path / "s.db"))
    store.add_cluster(ClusterProfile(slug="nano", name="Nano"))
    (tmp_path / "ok.csv").write_text("kind,title,start\nmember,ACME,2020-01-01\n")
    (tmp_path / "bad.csv").write_text("kind,title,start\nmember,Beta,someday\n")

    def cache_sizes() -> set[int]:
        pool = store.engine.pool
        with store.engine.connect() as conn:
            sizes = {conn.exec_driver_sql("PRAGMA cache_size").scalar_one()}
        assert pool.checkedout() == 0
        return sizes

    before = cache_sizes()
    assert gc.isenabled()
    import_files(store, [tmp_path / "ok.csv"], cluster="nano")
    assert gc.isenabled() and cache_sizes() == before
    with pytest.raises(UserDataError):
        import_files(store, [tmp_path / "bad.csv"], cluster="nano")
    assert gc.isenabled() and cache_sizes() == before
    gc.disable()
    try:
        import_files(store, [tmp_path / "ok.csv"], cluster="nano")
        assert not gc.isenabled()  # a caller's choice is left alone
    finally:
        gc.enable()


def test_a_time_is_no_date() -> None:
    """`converter` takes the short path only for what it can vouch for."""
    start = kind_fields("event")["start"]
    with pytest.raises(ValueError, match="'09:30:00' is not a date"):
        converter(start)(time(9, 30))
