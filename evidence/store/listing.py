"""One page of a cluster's records, for a screen that lists them (the web's evidence list).

Why a query of its own: `Reads.records` returns every matching record whole, which is
what an export or an assessment wants and what a page of 50 rows of a 100,000-record
cluster must never do. A page is a keyset query: the records in `clex evidence list`'s
order (kind, start, id), filtered, after the last row of the previous page, at most
`size + 1` rows (the extra one says whether there is a next page). The row comparison
`(kind, start, id) > (...)` walks the index on (cluster, kind, start) on SQLite and
PostgreSQL alike, so a page deep in the list costs what the first one does: no OFFSET,
no count of everything.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from sqlalchemy import Date, Dialect, Select, String, bindparam, func, select, tuple_

from ..schema import evidence
from .connection import StoreBase
from .prepared import Prepared

_C = evidence.c
PAGE_COLUMNS = (
    _C.id,
    _C.kind,
    _C.title,
    _C.start,
    _C.date_precision,
    _C.status,
    _C.source_file,
    _C.source_sheet,
    _C.source_row,
    _C.source_offset,
)
_NAMES = tuple(c.name for c in PAGE_COLUMNS)
Cursor = tuple[str, date, str]  # (kind, start, id) of the last row of a page


def like_pattern(text: str) -> str:
    """`text` as a case-insensitive "contains" pattern (LIKE's wildcards escaped)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Listing(StoreBase):
    def record_page(
        self,
        cluster: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        year: int | None = None,
        text: str | None = None,
        after: Cursor | None = None,
        size: int = 50,
    ) -> list[dict[str, Any]]:
        """Up to `size + 1` records of `cluster` (the `PAGE_COLUMNS`, as dicts) in the
        order (kind, start, id), after the cursor `after`; `year`: the start's year;
        `text`: in the title, case-insensitive in every alphabet ("čtení" finds "ČTENÍ")."""
        if text and "\x00" in text:
            # SQLite ends a bound text at its first NUL, so the pattern would match every
            # title; no title holds one (record_edges refuses control characters)
            return []
        shape = (bool(kind), bool(status), year is not None, bool(text), after is not None)
        statement = _page_statement(self.engine.dialect, shape, size)
        values: dict[str, Any] = {"cluster": cluster, "kind": kind, "status": status}
        if year is not None:
            values.update(first=date(year, 1, 1), last=date(year, 12, 31))
        if text:
            values["text"] = like_pattern(text.lower())
        if after is not None:
            values.update(after_kind=after[0], after_start=after[1], after_id=after[2])
        with self.read() as conn:
            return [dict(zip(_NAMES, row, strict=True)) for row in statement.run(conn, values)]


@functools.lru_cache(maxsize=128)
def _page_statement(dialect: Dialect, shape: tuple[bool, ...], size: int) -> Prepared:
    """The page's statement for this set of filters, compiled once per store's dialect
    (32 shapes at most): building and compiling it per request was half of the page's
    share of the store (issue 20)."""
    return Prepared(_page_select(shape, size, sqlite=dialect.name == "sqlite"), dialect)


def _page_select(shape: tuple[bool, ...], size: int, *, sqlite: bool) -> Select[Any]:
    kind, status, year, text, after = shape
    q = select(*PAGE_COLUMNS).where(_C.cluster == bindparam("cluster"))
    if kind:
        q = q.where(_C.kind == bindparam("kind"))
    if status:
        q = q.where(_C.status == bindparam("status"))
    if year:
        q = q.where(
            _C.start >= bindparam("first", type_=Date), _C.start <= bindparam("last", type_=Date)
        )
    if text:
        # the pattern comes lower-cased; ILIKE on PostgreSQL, and on SQLite, whose own
        # lower() and LIKE fold ASCII letters only ("čtení" did not find "Čtení"),
        # Python's lower() of the title (`connection.py` registers it as clex_lower)
        pattern = bindparam("text", type_=String)
        if sqlite:
            q = q.where(func.clex_lower(_C.title).like(pattern, escape="\\"))
        else:
            q = q.where(_C.title.ilike(pattern, escape="\\"))
    if after:
        q = q.where(
            tuple_(_C.kind, _C.start, _C.id)
            > tuple_(
                bindparam("after_kind", type_=String),
                bindparam("after_start", type_=Date),
                bindparam("after_id", type_=String),
            )
        )
    return q.order_by(_C.kind, _C.start, _C.id).limit(size + 1)
