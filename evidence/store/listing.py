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

from datetime import date
from typing import Any

from sqlalchemy import select, tuple_

from ..schema import evidence
from .connection import StoreBase

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
        `text`: in the title, case-insensitive (SQLite's lower() folds ASCII only)."""
        q = select(*PAGE_COLUMNS).where(_C.cluster == cluster)
        if kind:
            q = q.where(_C.kind == kind)
        if status:
            q = q.where(_C.status == status)
        if year is not None:
            q = q.where(_C.start >= date(year, 1, 1), _C.start <= date(year, 12, 31))
        if text:
            # ILIKE on PostgreSQL; lower() on both sides on SQLite (which folds ASCII only,
            # so "Čtení" finds "Čtení" and "čtení" finds "čtení", as typed)
            q = q.where(_C.title.ilike(like_pattern(text), escape="\\"))
        if after is not None:
            q = q.where(tuple_(_C.kind, _C.start, _C.id) > tuple_(*after))
        q = q.order_by(_C.kind, _C.start, _C.id).limit(size + 1)
        with self.read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]
