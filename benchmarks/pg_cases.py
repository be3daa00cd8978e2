"""The PostgreSQL cases: assessment and import on a real server, against bare SQL and COPY.

Why each is measured as it is (the SQLite twins are in `cases`; these reuse their parts):
- pg-assess: `assess()` of every cluster of the assess-all data set (1M records; quick:
  100,000) on a `Store` opened on the PostgreSQL database, against `baresql`'s
  hand-written value queries translated to PostgreSQL (`pg_baresql`) on a bare psycopg
  connection to the same database; values are checked as in the SQLite case. The data
  set is loaded once into a database named after its key (`pg_server.Server.name`):
  the schema by the real `Store(url)` migrations, the rows by psycopg's COPY from the
  SQLite store, then VACUUM ANALYZE; a later run reuses it when its row count matches.
  Loading is never timed;
- pg-import: `import_files` of the one-cluster workbook into a freshly migrated
  database (dropped and created before each run, untimed), against python-calamine
  (clex's reader) reading every kind sheet plus psycopg COPY of the raw values into one
  plain table per sheet (text columns, no keys, no index), in one transaction: what
  the same rows cost bare. Neither side checks the other's work, the clex side's
  created count is asserted.
No server and no binaries to start one: the rows say how to install PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, cast

from . import rawlib
from .cases import AssessPair, _assess_row, say
from .config import Run
from .generate import Spec, build_store, build_workbook, one_cluster
from .measure import Row, pair
from .pg_baresql import PgConnection
from .pg_server import Server, server, unavailable

ASSESS_TARGET, IMPORT_TARGET = 2.0, 1.5


# -- the data sets, loaded once ----------------------------------------------------------


def _count(srv: Server, db: str) -> int:
    import psycopg

    try:
        with psycopg.connect(srv.conninfo(db)) as con:
            row = con.execute("SELECT count(*) FROM evidence").fetchone()
            return int(row[0]) if row else -1
    except psycopg.Error:
        return -1


def load(srv: Server, spec: Spec) -> str:
    """The database holding `spec`'s store (loaded unless already there); its name."""
    import psycopg

    from evidence.schema import metadata
    from evidence.store import Store

    db = srv.name(spec.key())
    if srv.exists(db) and _count(srv, db) == spec.records:
        return db
    src = build_store(spec)
    say(f"loading {spec.records:,} records into PostgreSQL database {db} (once)")
    srv.recreate(db)
    Store(srv.sqlalchemy_url(db)).engine.dispose()  # the schema, by the real migrations
    with closing(sqlite3.connect(src)) as lite, psycopg.connect(srv.conninfo(db)) as pg:
        for table in metadata.sorted_tables:  # parents before children
            cols = [r[1] for r in lite.execute(f'PRAGMA table_info("{table.name}")')]
            names = ", ".join(f'"{c}"' for c in cols)
            rows = lite.execute(f'SELECT {names} FROM "{table.name}"') if cols else []
            with pg.cursor().copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:  # SQLite's text dates and 0/1 booleans: COPY's input
                    copy.write_row(row)
        pg.commit()
    with psycopg.connect(srv.conninfo(db), autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
    return db


# -- pg-assess ---------------------------------------------------------------------------


class PgAssessPair(AssessPair):
    """`cases.AssessPair` with its store and its bare connection on PostgreSQL."""

    def __init__(self, spec: Spec, srv: Server) -> None:
        from evidence.store import Store

        super().__init__(spec)  # the plans, the catalogue and the checks are the same
        self.store.engine.dispose()
        self.con.close()
        db = load(srv, spec)
        self.store = Store(srv.sqlalchemy_url(db))
        # `baresql`'s plans only call execute(...).fetchone(), which PgConnection has
        self.con = cast(sqlite3.Connection, PgConnection(srv.conninfo(db)))


def pg_assess(run: Run) -> list[Row]:
    spec = run.sizes.assess_all[-1]  # the largest: a million records in a full run
    size = f"{spec.clusters} clusters, {spec.records:,} rec"
    srv = server()
    if srv is None:
        return [Row("pg-assess", size, None, note=unavailable())]
    say(f"pg-assess: {spec.records:,} records in {spec.clusters} clusters, PostgreSQL")
    ap = PgAssessPair(spec, srv)
    try:
        row = _assess_row("pg-assess", size, run, ap, run.sizes.k_slow, "<= 2x bare SQL")
    finally:
        ap.close()
    row.met = row.ratio is not None and row.ratio <= ASSESS_TARGET
    row.note = f"PostgreSQL {srv.version()}; {row.note}"
    return [row]


# -- pg-import ---------------------------------------------------------------------------


def copy_sheets(xlsx: Path, conninfo: str) -> int:
    """The bare import: python-calamine's rows, COPY'd as they are into a text table per
    kind sheet, in one transaction; returns the rows."""
    import psycopg

    count = 0
    with psycopg.connect(conninfo) as con, con.cursor() as cur:
        for title, header, rows in rawlib.kind_sheets(rawlib._calamine_sheets(xlsx)):
            columns = ", ".join(f'"{h}" text' for h in header)
            cur.execute(f'CREATE TABLE "{title}" ({columns})')
            with cur.copy(f'COPY "{title}" FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
    return count  # the `with` committed


class PgImportPair:
    def __init__(self, srv: Server, rows: int) -> None:
        self.srv, self.spec = srv, one_cluster(rows)
        self.xlsx = build_workbook(self.spec)
        self.db, self.bare_db = srv.name("import"), srv.name("import_bare")
        self.store: Any = None

    def setup_clex(self) -> None:
        from evidence.store import Store

        if self.store is not None:
            self.store.engine.dispose()
        self.srv.recreate(self.db)
        self.store = Store(self.srv.sqlalchemy_url(self.db))
        self.store.add_cluster(self.spec.profile(0))

    def clex(self) -> None:
        from evidence.ingest import import_files

        report = import_files(self.store, [self.xlsx], cluster=self.spec.slugs()[0])
        assert report.summary()["created"] == self.spec.records, report.summary()

    def setup_bare(self) -> None:
        self.srv.recreate(self.bare_db)

    def bare(self) -> None:
        assert copy_sheets(self.xlsx, self.srv.conninfo(self.bare_db)) == self.spec.records

    def close(self) -> None:
        if self.store is not None:
            self.store.engine.dispose()
        self.srv.drop(self.db)
        self.srv.drop(self.bare_db)


def pg_import(run: Run) -> list[Row]:
    n = run.sizes.import_rows
    srv = server()
    if srv is None:
        return [Row("pg-import", f"{n:,} rows", None, note=unavailable())]
    say(f"pg-import: a {n:,}-row workbook into PostgreSQL")
    ip = PgImportPair(srv, n)
    try:
        clex_t, bare_t = pair(
            ip.clex,
            ip.bare,
            setup_clex=ip.setup_clex,
            setup_baseline=ip.setup_bare,
            k=run.k(n),
            warmup=n < 100_000,
        )
        ip.setup_clex()
        run.profiled("pg-import", ip.clex)
    finally:
        ip.close()
    row = Row("pg-import", f"{n:,} rows", clex_t.median, bare_t.median, "<= 1.5x", k=clex_t.k)
    row.met = row.ratio is not None and row.ratio <= IMPORT_TARGET
    row.note = (
        f"PostgreSQL {srv.version()}; bare = python-calamine rows + psycopg COPY into "
        "plain text tables, one transaction"
    )
    return [row]


CASES = {"pg-assess": pg_assess, "pg-import": pg_import}
