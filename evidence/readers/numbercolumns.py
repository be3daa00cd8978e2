"""`1,250` decided by the rest of its column.

One comma followed by three digits is a thousands separator in English notation and a
decimal comma in Czech: 1250 hours or 1.25. A single cell cannot tell, but its column
usually can: a column that also holds `2,5` or `12 500,75` writes decimal commas, one
that holds `1,250.5` or `2.5` writes decimal points. Why a module of its own: every
other rule about a cell is the cell's alone (`evidence.cells`), this one needs the
column, so it runs over a reader's rows before any cell is converted
(`settle_numbers`, wrapped around each tabular reader in `evidence.readers`).

Only number fields that are not amounts of money take part: whole numbers and euro
never have three decimals, so there `1,250` is 1250 whatever the column
(`evidence.numbers`). A column's notation is what its cells show beyond doubt
(`evidence.numbers.notation`); an ambiguous cell is rewritten to the number the
column's notation gives it (`evidence.numbers.settle`); when the column shows both
notations or neither, the cell is left as written and refused with both readings.

Rows stream through untouched until a sheet holds an ambiguous cell; from there the
sheet's rows wait here until its end (the column's later cells may decide), which
costs memory only for a sheet that needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from ..models import Record, kind_fields
from ..numbers import Notation, ambiguous, notation, settle
from .rows import RawRow

Column = tuple[str, str]  # (kind, field): a CSV holding several kinds maps each on its own


def settle_numbers(items: Iterable[RawRow | Record]) -> Iterator[RawRow | Record]:
    """`items` with each ambiguous number cell settled by its column, per file and sheet."""
    seen: dict[Column, set[Notation]] = {}
    held: list[RawRow | Record] = []
    sheet: tuple[str, str | None] | None = None
    for item in items:
        if isinstance(item, RawRow):
            here = (item.file, item.sheet)
            if here != sheet:
                yield from _release(held, seen)
                held, seen, sheet = [], {}, here
            if _observe(item, seen) or held:
                held.append(item)
                continue
        elif held:
            held.append(item)
            continue
        yield item
    yield from _release(held, seen)


def _observe(row: RawRow, seen: dict[Column, set[Notation]]) -> bool:
    """Add the notations `row`'s cells show to `seen`; whether it has an ambiguous cell."""
    fields = _settled_fields(row.kind)
    if not fields:  # most kinds: nothing to look at
        return False
    doubt = False
    for fname, (_label, raw) in row.cells.items():
        if fname not in fields or not isinstance(raw, str):
            continue
        shown = notation(raw)
        if shown is not None:
            seen.setdefault((row.kind, fname), set()).add(shown)
        elif ambiguous(raw):
            doubt = True
    return doubt


def _release(
    held: list[RawRow | Record], seen: dict[Column, set[Notation]]
) -> Iterator[RawRow | Record]:
    for item in held:
        if isinstance(item, RawRow):
            _settle_row(item, seen)
        yield item


def _settle_row(row: RawRow, seen: dict[Column, set[Notation]]) -> None:
    fields = _settled_fields(row.kind)
    for fname, (label, raw) in row.cells.items():
        if fname in fields and isinstance(raw, str) and ambiguous(raw):
            shown = seen.get((row.kind, fname), set())
            if len(shown) == 1:
                row.cells[fname] = (label, settle(raw, next(iter(shown))))


@cache
def _settled_fields(kind: str) -> frozenset[str]:
    """The fields of `kind` where `1,250` could be 1.25: decimals that are not money."""
    return frozenset(
        name
        for name, info in kind_fields(kind).items()
        if info.type == "float" and not name.endswith("_eur")
    )
