"""`evidence.store.prepared` runs a statement as SQLAlchemy would: same rows, same types.

Real SQLite and PostgreSQL (`db_url`); the statement has what the plans use: constants
in CASE expressions (a day, processed to text on SQLite), IN lists (expanding
parameters), an open parameter bound per run (the slug) and a day read back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, String, bindparam, case, func, literal, literal_column, select

from evidence.models import ClusterProfile, make_record
from evidence.schema import evidence
from evidence.store import Store, record_to_row
from evidence.store.prepared import Prepared


def _store(db_url: str) -> Store:
    store = Store(db_url)
    rows = []
    for slug in ("nano", "bio"):
        store.add_cluster(ClusterProfile(slug=slug, name=slug.title(), country="CZ"))
        for n, start in enumerate(["2023-05-01", "2024-02-03", "2024-11-30"]):
            record = make_record(
                {
                    "cluster": slug,
                    "kind": "event",
                    "id": f"{slug}-e{n}",
                    "title": f"Event {n}",
                    "start": start,
                    "status": ["submitted", "verified", "draft"][n],
                }
            )
            rows.append(record_to_row(record, version=1, import_id=None, all_columns=True))
    with store.write() as conn:
        conn.execute(evidence.insert(), rows)
    return store


def test_prepared_gives_what_sqlalchemy_gives(db_url: str) -> None:
    store = _store(db_url)
    c = evidence.c
    since = date(2024, 1, 1)
    counted = c.status.in_(["submitted", "verified"])
    statement = (
        select(
            c.id,
            c.start,
            case((c.start >= since, 1), else_=0),
            func.min(c.start).over(),
        )
        .where(
            c.cluster == bindparam("cluster", type_=String),
            counted,
            c.start <= bindparam("last", type_=Date),
        )
        .order_by(c.id)
    )
    try:
        with store.read() as conn:
            ready = Prepared(statement, conn.dialect)
            for slug in ("nano", "bio", "none"):
                params = {"cluster": slug, "last": date(2024, 12, 31)}
                expected = [tuple(row) for row in conn.execute(statement, params)]
                got = [tuple(row) for row in ready.run(conn, params)]
                assert got == expected
                assert all(type(row[1]) is date for row in got)
            assert [r[0] for r in ready.run(conn, {"cluster": "nano", "last": since})] == [
                "nano-e0"
            ]
    finally:
        store.engine.dispose()


def test_a_kept_look_up_gives_the_row_sqlalchemy_gives(db_url: str) -> None:
    """`prepared(...).mapping`: a statement the module keeps, compiled once per dialect,
    gives the row as SQLAlchemy's mapping (every column type processed: the times, the
    JSON), and None where nothing matches."""
    from evidence.schema import clusters
    from evidence.store.prepared import prepared

    store = _store(db_url)
    statement = select(clusters).where(clusters.c.slug == bindparam("slug"))
    try:
        with store.read() as conn:
            for slug in ("nano", "bio"):
                expected = dict(conn.execute(statement, {"slug": slug}).mappings().one())
                got = prepared(statement, conn.dialect).mapping(conn, {"slug": slug})
                assert got == expected and got is not None
                assert {k: type(v) for k, v in got.items()} == {
                    k: type(v) for k, v in expected.items()
                }
            assert prepared(statement, conn.dialect).mapping(conn, {"slug": "none"}) is None
            assert prepared(statement, conn.dialect) is prepared(statement, conn.dialect)
        assert store.cluster("bio").name == "Bio"
    finally:
        store.engine.dispose()


def test_a_shape_compiled_once_binds_each_statements_own_constants(db_url: str) -> None:
    """Statements of one shape (the same SQL but for their constants: a plan of another
    period, status list or first day) share one compilation, and each runs with its own
    constants, the IN lists of another length included, as SQLAlchemy would run it."""
    from evidence.store import prepared as module

    store = _store(db_url)
    c = evidence.c

    def statement(since: date, statuses: list[str]) -> Any:
        return (
            select(c.id, case((c.start >= since, 1), else_=0), literal(since).label("since"))
            .where(c.cluster == bindparam("cluster", type_=String), c.status.in_(statuses))
            .order_by(c.id)
        )

    cases = [
        (date(2024, 1, 1), ["submitted", "verified"]),
        (date(2023, 1, 1), ["submitted", "verified"]),
        (date(2025, 1, 1), ["draft"]),
        (date(2020, 6, 30), ["draft", "submitted", "verified"]),
    ]
    try:
        with store.read() as conn:
            for since, statuses in cases:
                query = statement(since, statuses)
                ready = Prepared(query, conn.dialect)
                for slug in ("nano", "bio"):
                    expected = [tuple(r) for r in conn.execute(query, {"cluster": slug})]
                    assert [tuple(r) for r in ready.run(conn, {"cluster": slug})] == expected
                    assert expected  # each case finds records, so a wrong constant shows
            shapes = {id(module._compiled(statement(*case_), conn.dialect)[0]) for case_ in cases}
            assert len(shapes) == 1  # one shape, compiled once
    finally:
        store.engine.dispose()


def test_an_open_parameter_and_a_valued_one_of_one_name_are_two_shapes(db_url: str) -> None:
    """`bindparam("status")` left open and `bindparam("status", "verified")` given share
    SQLAlchemy's cache key; compiled in either order, each keeps its own meaning: the
    open one takes the run's value, the valued one its own."""
    from evidence.store import prepared as module

    store = _store(db_url)
    c = evidence.c

    def statement(value: str | None) -> Any:
        status = (
            bindparam("status", type_=String)
            if value is None
            else bindparam("status", value, type_=String)
        )
        return select(c.id).where(c.status == status).order_by(c.id)

    try:
        with store.read() as conn:
            for order in ((None, "verified"), ("verified", None)):
                module._SHAPES.clear()
                got = {v: Prepared(statement(v), conn.dialect) for v in order}
                draft = [r[0] for r in got[None].run(conn, {"status": "draft"})]
                assert draft == ["bio-e2", "nano-e2"]
                verified = [r[0] for r in got["verified"].run(conn, {})]
                assert verified == ["bio-e1", "nano-e1"]
    finally:
        store.engine.dispose()


def test_a_long_statement_with_percent_signs_and_a_repeated_parameter(db_url: str) -> None:
    """What psycopg would otherwise parse on every run: a statement over 4,096 bytes with
    over 50 constants, a literal percent sign in its SQL (escaped `%%` by SQLAlchemy), a
    LIKE pattern and one open parameter used twice. On PostgreSQL it runs in `$n`
    placeholders (parsed once, `Prepared.raw`); the rows are SQLAlchemy's on both."""
    store = _store(db_url)
    c = evidence.c
    slug = bindparam("cluster", type_=String)
    since = [date(2020 + n % 6, 1 + n % 12, 1) for n in range(120)]
    statement = (
        select(
            c.id,
            literal_column("'50%'").label("share"),
            (c.title + literal("% done")).label("note"),
            *[
                case((c.start >= day, n), else_=-n).label(f"after_{n}")
                for n, day in enumerate(since)
            ],
            (c.cluster == slug).label("same"),
        )
        .where(c.cluster == slug, c.title.like("Event%"))
        .order_by(c.id)
    )
    try:
        with store.read() as conn:
            ready = Prepared(statement, conn.dialect)
            assert len(ready.sql) > 4096 and len(ready.fixed) > 50
            if conn.dialect.name == "postgresql":
                assert ready.raw and "%(" not in ready.sql and "$1" in ready.sql
            for name in ("nano", "bio", "none"):
                expected = [tuple(r) for r in conn.execute(statement, {"cluster": name})]
                assert [tuple(r) for r in ready.run(conn, {"cluster": name})] == expected
                assert all(r[1] == "50%" and r[2].endswith("% done") for r in expected)
                assert len(expected) == (0 if name == "none" else 3)
            again = Prepared(statement, conn.dialect)  # the shape reused: numbered again
            assert again.sql == ready.sql
            assert [tuple(r) for r in again.run(conn, {"cluster": "bio"})] == [
                tuple(r) for r in conn.execute(statement, {"cluster": "bio"})
            ]
    finally:
        store.engine.dispose()
