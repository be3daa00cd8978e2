"""Records as rows of the wide `evidence` table, and back; their content digests.

Why a module of its own: an import turns 100,000 records into rows and digests, so this
mapping is written for speed (tuples in `record_columns` order, a digest built straight
from the field values, one compiled INSERT per kind), and each short path is held by a
test to what the plain one gives. `record_to_row`/`record_values` go into the table,
`db_row_to_record` comes out of it.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from operator import itemgetter
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

from ..models import KINDS, Record, Source, kind_fields, make_record
from ..precision import DAY
from ..schema import evidence
from . import guard
from .connection import now
from .copy import copy_rows

LIST_FIELDS = frozenset(n for k in KINDS for n, f in kind_fields(k).items() if f.type == "list")
_NOT_CONTENT = {"source", "status", "id", "cluster", "kind"}
_PRECISION = "date_precision"
_ITEMS = "items"  # a communication record's: 1, a single item, is left out of its digest


def content_sha256(record: Record) -> str:
    """Digest of what a record says (not where it came from or its review status).

    It is the SHA-256 of the JSON of the record's content fields as `model_dump(mode=
    "json")` gives them, empty ones left out, keys sorted; stored digests depend on that
    exact text. The JSON is built here straight from the field values, five times faster
    than a dump (an import digests every row, issue 8); a value of a type not handled
    here takes the dump (`_dumped_sha256`), and a test holds the two to the same text.
    A `date_precision` of "day" (the default) is left out like an empty field, so every
    digest stored before the field existed (migration 0008) is still the record's; so are
    a communication record's `items` of 1 (migration 0012).
    """
    fields = _content_fields(type(record))
    if fields is None:
        return _dumped_sha256(record)
    data: dict[str, Any] = {}
    values = record.__dict__
    for name, is_float in fields:
        value = values[name]
        kind = type(value)
        if is_float and kind is int:  # a default such as `fte = 0`: the dump makes it 0.0
            value, kind = float(value), float
        if kind is str:
            if value and not (name == _PRECISION and value == DAY):
                data[name] = value
        elif value is None:
            continue
        elif kind is date:
            data[name] = value.isoformat()
        elif kind is tuple:
            if value:
                if not all(type(v) is str for v in value):
                    return _dumped_sha256(record)
                data[name] = list(value)
        elif kind is int or kind is bool or (kind is float and math.isfinite(value)):
            if not (name == _ITEMS and value == 1):
                data[name] = value
        else:
            return _dumped_sha256(record)
    return hashlib.sha256(_JSON.encode(data).encode()).hexdigest()


def _dumped_sha256(record: Record) -> str:
    """`content_sha256` by its definition: a JSON dump of the record's content."""
    data = record.model_dump(mode="json", exclude=_NOT_CONTENT, exclude_none=True)
    data = {k: v for k, v in data.items() if v not in ((), [], "")}
    if data.get(_PRECISION) == DAY:
        del data[_PRECISION]
    if data.get(_ITEMS) == 1:
        del data[_ITEMS]
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


# what json.dumps(..., sort_keys=True, ensure_ascii=False) builds on every call
_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


@cache
def _content_fields(cls: type[Record]) -> tuple[tuple[str, bool], ...] | None:
    """(name, whether it is a float field) of each content field of an evidence kind."""
    kind = cls.model_fields["kind"].default
    if KINDS.get(kind) is not cls:
        return None
    floats = {n for n, f in kind_fields(kind).items() if f.type == "float"}
    return tuple((n, n in floats) for n in cls.model_fields if n not in _NOT_CONTENT)


def _join(values: Sequence[str]) -> str | None:
    return "," + ",".join(v.replace(",", " ") for v in values) + "," if values else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


_ALL_COLUMNS = tuple(evidence.c.keys())


def record_to_row(
    record: Record,
    *,
    version: int,
    import_id: int | None,
    sha: str = "",
    all_columns: bool = False,
) -> dict[str, Any]:
    """The row of one record: the columns of its kind (records of one kind share keys, as
    a bulk insert needs), or every column of the wide table (None where the kind lacks
    the field) with `all_columns`, so that an update also clears other kinds' columns."""
    row: dict[str, Any] = dict.fromkeys(_ALL_COLUMNS) if all_columns else {}
    values = record_values(record, version=version, import_id=import_id, sha=sha)
    row.update(zip(record_columns(type(record)), values, strict=True))
    return row


_TAIL = (
    "source_file",
    "source_sheet",
    "source_row",
    "source_offset",
    "version",
    "content_sha256",
    "updated_at",
    "import_id",
)


@cache
def _record_fields(cls: type[Record]) -> tuple[str, ...]:
    return tuple(name for name in cls.model_fields if name != "source")


@cache
def record_columns(cls: type[Record]) -> tuple[str, ...]:
    """The `evidence` columns a record of `cls` fills, in the order of `record_values`."""
    return _record_fields(cls) + _TAIL


def record_values(
    record: Record,
    *,
    version: int,
    import_id: int | None,
    sha: str = "",
    at: datetime | None = None,
) -> tuple[Any, ...]:
    """`record_to_row` as a tuple in `record_columns` order: what `insert_rows` takes."""
    values = record.__dict__
    row = [
        _join(value) if isinstance(value, tuple) else value
        for value in map(values.__getitem__, _record_fields(type(record)))
    ]
    src = record.source
    if src is None:
        row += (None, None, None, None)
    else:
        row += (src.file or None, src.sheet, src.row, src.offset)
    row += (version, sha or content_sha256(record), at or now(), import_id)
    return tuple(row)


def insert_rows(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT `rows`, tuples of plain values in `columns` order, in one executemany.

    Core's executemany builds a parameter dict per row and runs every value through
    its type's processor one by one; for a 100,000-row import that cost more than
    SQLite's own inserting (issue 8). Here the statement is compiled once per dialect
    and columns, the processors are looked up once, and the driver gets tuples. On
    PostgreSQL the rows go by COPY instead (`copy`); another driver with named
    parameters goes Core's way, which is just as right.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":  # PostgreSQL's bulk path (`copy`)
        copy_rows(conn, table, columns, rows)
        return
    plan = _insert_plan(conn.dialect, table, columns)
    if plan is None:
        conn.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    sql, order, processors = plan
    params = [order(r) for r in rows]  # the statement's column order (the table's)
    if processors:
        # a value is processed once: rows share their dates and `updated_at`
        done: list[dict[Any, Any]] = [{} for _ in processors]
        for n, row in enumerate(params):
            values = list(row)
            for (i, process), seen in zip(processors, done, strict=True):
                value = values[i]
                if value is None:
                    continue
                # by value only where equal means the same text (not so for two aware
                # datetimes of the same instant in different zones)
                key = value if type(value) in (date, bool) else id(value)
                if key not in seen:
                    seen[key] = process(value)
                values[i] = seen[key]
            params[n] = tuple(values)
    conn.exec_driver_sql(sql, params)


_Plan = tuple[str, Callable[[tuple[Any, ...]], tuple[Any, ...]], list[tuple[int, Any]]]
_PLANS: dict[tuple[Any, ...], _Plan | None] = {}


def _insert_plan(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> _Plan | None:
    """(SQL with positional parameters, what puts a row in its order, the (index, bind
    processor) of each parameter that has one); None when parameters are named."""
    key = (type(dialect), dialect.paramstyle, table.name, columns)
    if key not in _PLANS:
        plan = None
        compiled = table.insert().compile(dialect=dialect, column_keys=list(columns))
        names = list(compiled.positiontup or ())
        if dialect.positional and len(columns) > 1 and sorted(names) == sorted(columns):
            order = itemgetter(*(columns.index(name) for name in names))
            processors = []
            for i, name in enumerate(names):
                process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors.append((i, process))
            if all(process(None) is None for _, process in processors):  # NULL stays NULL
                plan = (compiled.string, order, processors)
        _PLANS[key] = plan
    return _PLANS[key]


def db_row_to_record(row: Any) -> Record:
    """The record a row of the `evidence` table holds (the opposite of `record_to_row`)."""
    m = row._mapping
    data: dict[str, Any] = {}
    for name in KINDS[m["kind"]].model_fields:
        if name == "source" or name not in m:
            continue
        value = m[name]
        if name == "tags" or name in LIST_FIELDS:
            value = _split(value)
        if value is not None:
            data[name] = value
    if m["source_file"]:
        data["source"] = Source(
            file=m["source_file"],
            sheet=m["source_sheet"],
            row=m["source_row"],
            offset=m["source_offset"],
        )
    try:
        return make_record(data, stored=True)
    except ValidationError as exc:  # a row edited outside clex: the store's trouble
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        what = f"record {m['id']}'s {field} {first.get('input')!r}, which no {m['kind']} can hold"
        raise guard.stored_value(None, what) from None
