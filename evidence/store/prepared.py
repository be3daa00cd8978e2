"""Statements compiled once and run many times, with only their open values bound per run.

Why here, in the store: the assessment's plans and the store's own hot reads (the web's
page of records) both use it. Why at all: an assessment runs the same few dozen
statements for every cluster of a run (the plans of `metrics`, `why_not` and `costs` are
built once), and SQLAlchemy redid, for every execution, what does not change between
clusters: the statement's cache key, the IN lists rendered anew ("expanding"
parameters), every constant of the plan's `CASE` expressions processed again (a day to
text on SQLite). That was a third of assessing a cluster of 1,000 records, more than
SQLite's own work (issue 19). Here a statement is compiled once per dialect (the plans
that hold them are kept per dialect), its constants bound and processed once, and only
the strings kept, not SQLAlchemy's trees (a plan kept for each profile's values held a
million objects, which every full collection of the garbage collector walked: 40 ms a
cluster on the quick store). A run binds just its open parameters (those built without a
value: the cluster's slug, the instant statuses are read back to, a finish's follow-up
values) and hands the driver the SQL (`Connection.exec_driver_sql`, so errors still take
the store's `handle_error` path). A statement of a shape compiled before (another
period's plan: the same SQL, other constants) reuses that compilation (`_compiled`), as
SQLAlchemy's own cache would; those compilations (`SHAPES_KEPT`, pruned back to it once
half as many again are kept) are the only trees kept: the demo's 39 shapes hold 44,000
objects the collector tracks, where keeping each plan's trees held a million.

Rows come back with the values SQLAlchemy would give: each column through its type's
result processor (a day stored as text on SQLite becomes a `date`). Rows are tuples, not
lists: the garbage collector stops tracking a tuple of plain values, and a list of lists
made every collection walk them all (slower by 20 ms a cluster).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.expression import Executable
from sqlalchemy.util import LRUCache

Processor = Callable[[Any], Any] | None


class Prepared:
    """One statement compiled for one dialect, its constants bound and processed."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled, extracted = _compiled(statement, dialect)
        values = compiled.construct_params(extracted_parameters=extracted, _check=False)
        state = compiled._process_parameters_for_postcompile(values)
        processors = {**compiled._bind_processors, **state.processors}
        open_names = {name for bind, name in compiled.bind_names.items() if bind.required}
        self.sql: str = state.statement
        self.dialect = dialect
        self.types = [column[3] for column in compiled._result_columns]
        self.keys: tuple[str, ...] = tuple(column[0] for column in compiled._result_columns)
        self.results: list[Processor] | None = None
        self.processed: list[tuple[int, Callable[[Any], Any]]] = []  # (column, processor)
        self.positional: bool = compiled.positional
        if self.positional:
            names = list(state.positiontup)
        else:
            escaped = compiled.escaped_bind_names or {}
            names = list(state.parameters)
        self.fixed: list[Any] | dict[str, Any]
        self.open: list[tuple[str, Any, Processor]] = []
        if self.positional:
            self.fixed = []
            for at, name in enumerate(names):
                self.fixed.append(_processed(processors.get(name), state.parameters[name]))
                if name in open_names:
                    self.open.append((name, at, processors.get(name)))
        else:
            self.fixed = {}
            for name in names:
                key = escaped.get(name, name)
                self.fixed[key] = _processed(processors.get(name), state.parameters[name])
                if name in open_names:
                    self.open.append((name, key, processors.get(name)))
        self.raw = False  # run through psycopg's RawCursor: see `_numbered`
        if dialect.driver == "psycopg" and not self.positional:
            self._numbered()

    def _numbered(self) -> None:
        """The statement in PostgreSQL's own `$n` placeholders, its values in their
        order, for psycopg's `RawCursor`. Why: psycopg turns SQLAlchemy's `%(name)s` into
        `$n` by parsing the SQL on every execution, and keeps the result only for a
        statement under 4,096 bytes and 50 parameters; most of an assessment's statements
        are longer (their CASE constants), so parsing them was 15 % of assessing 100
        clusters on PostgreSQL (issue 19). Done once here, as psycopg does it: a `%%` is a
        percent sign and every other `%` starts a placeholder. A statement with any other
        `%` sequence stays as it is (SQLAlchemy writes none)."""
        assert isinstance(self.fixed, dict)
        order: dict[str, int] = {}
        parts: list[str] = []
        at = 0
        for found in _PERCENT.finditer(self.sql):
            key = found.group(1)
            if key is None and found.group(0) != "%%":
                return
            parts.append(self.sql[at : found.start()])
            if key is None:
                parts.append("%")
            else:
                number = order.setdefault(key, len(order))
                parts.append(f"${number + 1}")
            at = found.end()
        parts.append(self.sql[at:])
        if set(order) != set(self.fixed):
            return
        self.sql = "".join(parts)
        self.fixed = [self.fixed[key] for key in order]
        self.open = [(name, order[key], proc) for name, key, proc in self.open]
        self.positional = self.raw = True

    def run(self, conn: Connection, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        """Every row of the statement with `params` bound to its open parameters."""
        args: Any
        if self.positional:
            args = list(self.fixed)
            for name, at, proc in self.open:
                args[at] = _processed(proc, params.get(name))
            args = tuple(args)
        else:
            args = dict(self.fixed)
            for name, key, proc in self.open:
                args[key] = _processed(proc, params.get(name))
        result = _raw(conn, self.sql, args) if self.raw else conn.exec_driver_sql(self.sql, args)
        if self.results is None:  # the first run: the driver's column types are known now
            description = result.cursor.description if result.cursor is not None else None
            codes = [d[1] for d in description] if description else [None] * len(self.types)
            results = [
                t._cached_result_processor(self.dialect, code)
                for t, code in zip(self.types, codes, strict=False)
            ]
            # `processed` before `results`: a thread that finds `results` set (the web's
            # routes run in a pool) must find `processed` set with it
            self.processed = [(n, p) for n, p in enumerate(results) if p is not None]
            self.results = results
        rows = result.fetchall()
        at = self.processed
        if not at:
            return rows  # type: ignore[return-value]
        if not rows:
            return rows  # type: ignore[return-value]
        columns: list[Any] = list(zip(*rows, strict=True))  # column by column: C loops
        for n, proc in at:
            columns[n] = map(proc, columns[n])
        return list(zip(*columns, strict=True))

    def mapping(self, conn: Connection, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """The first row as a dict of the statement's column names, or None (a look-up by
        a unique key: the web's signed-in user and cluster, read on every page)."""
        rows = self.run(conn, params)
        return dict(zip(self.keys, rows[0], strict=True)) if rows else None


# SQLAlchemy's compiled statements by dialect and shape (its cache key: the statement
# without its constants' values), least recently used out: SQLAlchemy's own LRU, the one
# an engine keeps its compiled statements in (safe across the web's threads)
SHAPES_KEPT = 256
_SHAPES: LRUCache[tuple[Dialect, Any, Any], Any] = LRUCache(SHAPES_KEPT)


def _compiled(statement: ClauseElement, dialect: Dialect) -> tuple[Any, Any]:
    """`statement` compiled for `dialect`, and the constants to bind in it. A statement of
    a shape compiled before (the same SQL but for its constants' values: a plan of another
    period, as-of date or region) reuses that compilation with its own constants, as
    SQLAlchemy's own statement cache does; compiling was 44 % of assessing the demo's 15
    periods, 601 statements of 39 shapes (issue 19). A statement without a cache key (a
    construct SQLAlchemy cannot cache) is compiled each time.

    The shape also holds which parameters are open and which take a callable's value:
    SQLAlchemy's key leaves those out (`bindparam("x")` and `bindparam("x", 5)` share
    one), and `Prepared` reads them from the compilation. (`Executable.params()` values
    are not carried over: a statement here binds its open values at `run`.)"""
    key = statement._generate_cache_key()
    if key is None:
        return statement.compile(dialect=dialect), None
    flags = tuple((b.required, b.callable is not None) for b in key.bindparams)
    shape = (dialect, key.key, flags)
    compiled = _SHAPES.get(shape)
    if compiled is None:
        compiled = _SHAPES[shape] = statement.compile(dialect=dialect, cache_key=key)
    return compiled, key.bindparams


@functools.lru_cache(maxsize=64)
def prepared(statement: Executable, dialect: Dialect) -> Prepared:
    """`statement` (one the module keeps, built once) compiled for `dialect`, once per
    store's engine."""
    return Prepared(statement, dialect)  # type: ignore[arg-type]


# a placeholder `%(name)s` (group 1: its name), an escaped `%%`, or any other `%` sequence
_PERCENT = re.compile(r"%\(([^)]*)\)s|%%|%.?")


def _raw(conn: Connection, sql: str, args: tuple[Any, ...]) -> Any:
    """`sql` in `$n` placeholders run through SQLAlchemy (its error handling, its result)
    on a psycopg `RawCursor`: the connection's cursor factory is swapped for this one
    execution (a connection serves one thread at a time)."""
    from psycopg import RawCursor

    driver: Any = conn.connection.driver_connection
    factory = driver.cursor_factory
    driver.cursor_factory = RawCursor
    try:
        return conn.exec_driver_sql(sql, args)
    finally:
        driver.cursor_factory = factory


def _processed(proc: Processor, value: Any) -> Any:
    return value if proc is None else proc(value)
