"""`baresql`'s hand-written queries, in PostgreSQL's dialect, on a bare psycopg connection.

Why a translation and not a second set of queries: the metric semantics are written
once, in `baresql` (SQLite's dialect, checked value by value against clex on every
run); writing them again for PostgreSQL would be a second copy to keep in step. The
differences are few and mechanical, so each has one rule here, applied once per
statement text (cached) before the clock starts mattering:

- parameters: `?` -> `%s` (psycopg's), a literal `%` doubled;
- conditions that are constant: SQLite's `0`/`1` -> `FALSE`/`TRUE`;
- `instr(a, b)` -> `strpos(a, b)` (same arguments, same 1-based result, 0: absent);
- two-argument `min(a, b)`/`max(a, b)` -> `least`/`greatest` (one argument: the
  aggregate, unchanged);
- `date(d, 'start of month', '+N months', '-1 days')` -> `date_trunc` and intervals;
- `julianday(d)` -> the Julian day number of the date `d` as a float8 (days since
  2000-01-01 plus 2451544.5, SQLite's value at midnight), so that spans divide as reals;
- boolean fields, which SQLite stores as 0/1 and `baresql` compares with 0/1, are read
  as integers (`"committed"::int`).

Dates go as text parameters (psycopg sends a `str` untyped, so PostgreSQL reads it as
the date it is compared with). `PgConnection.execute` returns rows as `sqlite3` gives
them (a date as ISO text, a numeric as a float) so that `baresql`'s plans run unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from evidence.models import all_kind_fields

_BOOLS = sorted(n for n, info in all_kind_fields().items() if info.type == "bool")
_BOOL_COLUMN = re.compile(r'"(' + "|".join(map(re.escape, _BOOLS)) + r')"')
_CONSTANT = re.compile(r"\((0|1)\)|(?<=WHEN )(0|1)(?= THEN)")
_CALL = re.compile(r"\b(julianday|min|max|instr|date)\(")
_MODIFIER = re.compile(r"^\s*'(start of month|[+-]\d+ (?:months|days))'\s*$")


def _arguments(sql: str, open_at: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose `(` is at `open_at`, and its `)` + 1."""
    depth, start, args = 0, open_at + 1, []
    for i in range(open_at, len(sql)):
        c = sql[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append(sql[start:i])
                return args, i + 1
        elif c == "," and depth == 1:
            args.append(sql[start:i])
            start = i + 1
    raise ValueError(f"unbalanced parentheses in {sql!r}")


def _functions(sql: str) -> str:
    """SQLite's scalar functions as PostgreSQL's (inner calls first)."""
    out, pos = [], 0
    while (m := _CALL.search(sql, pos)) is not None:
        args, end = _arguments(sql, m.end() - 1)
        args = [_functions(a) for a in args]
        name = m[1]
        if name == "julianday":
            (arg,) = args
            call = f"(({arg})::date - DATE '2000-01-01' + 2451544.5::float8)"
        elif name == "date":
            call = _date(args)
        elif name == "instr":
            call = f"strpos({','.join(args)})"
        elif len(args) > 1:
            call = f"{'least' if name == 'min' else 'greatest'}({','.join(args)})"
        else:
            call = f"{name}({args[0]})"
        out += [sql[pos : m.start()], call]
        pos = end
    return "".join([*out, sql[pos:]])


def _date(args: list[str]) -> str:
    """SQLite's `date(d, modifier, ...)` of the modifiers `baresql` writes: the start of
    the month, whole months (PostgreSQL clamps a day the month lacks; `baresql` clamps
    with `min` too, which becomes `least`) and days."""
    day, *modifiers = args
    out = f"({day})::date"
    for raw in modifiers:
        m = _MODIFIER.match(raw)
        if m is None:
            raise ValueError(f"no PostgreSQL rule for the date modifier {raw!r}")
        if m[1] == "start of month":
            out = f"date_trunc('month', {out})::date"
        else:
            out = f"({out} + INTERVAL '{m[1]}')::date"
    return out


@cache
def translate(sql: str) -> str:
    """One of `baresql`'s statements in PostgreSQL's dialect (see the module's rules)."""
    sql = _functions(sql)
    sql = _CONSTANT.sub(lambda m: f"({_TRUTH[m[1]]})" if m[1] else _TRUTH[m[2]], sql)
    sql = _BOOL_COLUMN.sub(r'"\1"::int', sql)
    return sql.replace("%", "%%").replace("?", "%s")


_TRUTH = {"0": "FALSE", "1": "TRUE"}


def _as_sqlite(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Rows:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def fetchone(self) -> tuple[Any, ...] | None:
        row = self.cursor.fetchone()
        return None if row is None else tuple(map(_as_sqlite, row))

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(map(_as_sqlite, row)) for row in self.cursor.fetchall()]


class PgConnection:
    """A bare psycopg connection that takes `baresql`'s statements (autocommit: reads)."""

    def __init__(self, conninfo: str) -> None:
        import psycopg

        self.con = psycopg.connect(conninfo, autocommit=True)

    def execute(self, sql: str, params: Any = ()) -> _Rows:
        return _Rows(self.con.execute(translate(sql), list(params)))

    def close(self) -> None:
        self.con.close()
