"""Bulk inserts on PostgreSQL by COPY: the rows an import writes, in one stream per table.

Why: on PostgreSQL an executemany of INSERTs (psycopg's pipeline, which SQLAlchemy's
psycopg dialect uses) costs the server a parse, bind and execute per row. COPY ... FROM
STDIN is PostgreSQL's own bulk path: the same rows travel as one stream and are
inserted with the same constraints, triggers and indexes, inside the caller's
transaction (the DBAPI connection of the SQLAlchemy `Connection`), so an import still
writes all of its rows or none. Values go as psycopg adapts them for any statement (a
date, a bool, an aware datetime, a float by its repr), in COPY's text format, which
PostgreSQL parses with each column's own input function: the stored values are those
an INSERT stores. `rows.insert_rows` calls this for every bulk insert on PostgreSQL.

Statistics: a table that has never been analyzed (a new store's `evidence`) is
ANALYZEd, in the transaction, after its first rows. Without it, the plan PostgreSQL
caches for the foreign-key checks of the change log and the review log (one per row,
against `evidence`) was made while `evidence` looked tiny and scanned the whole table
for every row: an import's time grew with the square of its rows (10,000 rows: over
10 s of checks; after the ANALYZE, 0.2 s). It runs once per store, autovacuum keeps the
statistics afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

from .connection import not_utf8


def copy_rows(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """COPY `rows` (tuples of plain values in `columns` order) into `table`."""
    driver: Any = conn.connection.driver_connection
    names = ", ".join(f'"{name}"' for name in columns)
    with driver.cursor() as cur:
        try:
            with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        except UnicodeEncodeError:  # psycopg's own stream: the store's error hook never sees it
            raise not_utf8(rows) from None  # the caller's transaction rolls back
        # relpages is 0 until a VACUUM or ANALYZE has looked at the table
        cur.execute("SELECT relpages FROM pg_class WHERE oid = %s::regclass", [table.name])
        found = cur.fetchone()
        if found is not None and found[0] == 0:
            cur.execute(f'ANALYZE "{table.name}"')
