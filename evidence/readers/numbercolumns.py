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
notations or neither, the cell is left as written: `1,250` is refused with both
readings, `1.250` read as 1.25 (a decimal point, what it always meant).

A reading the column gave is said, with the cell: a warning names the cell, what it
was read as and why (a cell of the column that shows its notation), and how to write
it so that the cell alone says it (`1250` or `1,25`). In Czech and German notation a
point between digit groups separates thousands, so `1.250` beside `7,5` is 1250, as
its writer meant; but one course of 1,250 training hours gave G4 its top step with no
word (session 25), so the import says it. `1.250` read as 1.25 because nothing in the
column tells is said too: a Czech reader means 1250 by it. Only `1.250` in a column
of decimal points is read without a word: the cell and its column agree.

Rows stream through untouched until a sheet holds an ambiguous cell; from there the
sheet's rows wait here until its end (the column's later cells may decide), which
costs memory only for a sheet that needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from ..findings import Finding
from ..messages import M, Msg
from ..models import Record, kind_fields
from ..numbers import Notation, ambiguous, notation, settle, split
from .rows import RawRow

Column = tuple[str, str]  # (kind, field): a CSV holding several kinds maps each on its own
Seen = dict[Column, dict[Notation, str]]  # the notations a column shows, each by its first cell


def settle_numbers(
    items: Iterable[RawRow | Record], findings: list[Finding]
) -> Iterator[RawRow | Record]:
    """`items` with each ambiguous number cell settled by its column, per file and sheet;
    a warning in `findings` for each cell read by its column (module docstring)."""
    seen: Seen = {}
    held: list[RawRow | Record] = []
    sheet: tuple[str, str | None] | None = None
    for item in items:
        if isinstance(item, RawRow):
            here = (item.file, item.sheet)
            if here != sheet:
                yield from _release(held, seen, findings)
                held, seen, sheet = [], {}, here
            if _observe(item, seen) or held:
                held.append(item)
                continue
        elif held:
            held.append(item)
            continue
        yield item
    yield from _release(held, seen, findings)


def _observe(row: RawRow, seen: Seen) -> bool:
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
            seen.setdefault((row.kind, fname), {}).setdefault(shown, raw.strip())
        elif ambiguous(raw):
            doubt = True
    return doubt


def _release(
    held: list[RawRow | Record], seen: Seen, findings: list[Finding]
) -> Iterator[RawRow | Record]:
    for item in held:
        if isinstance(item, RawRow):
            _settle_row(item, seen, findings)
        yield item


def _settle_row(row: RawRow, seen: Seen, findings: list[Finding]) -> None:
    fields = _settled_fields(row.kind)
    for fname, (label, raw) in row.cells.items():
        if fname in fields and isinstance(raw, str) and ambiguous(raw):
            shown = seen.get((row.kind, fname), {})
            said = _said(raw, shown)
            if said is not None:
                findings.append(
                    Finding(
                        file=row.file,
                        location=row.location(label),
                        message=said,
                        severity="warning",
                    )
                )
            if len(shown) == 1:
                row.cells[fname] = (label, settle(raw, next(iter(shown))))


def _said(raw: str, shown: dict[Notation, str]) -> Msg | None:
    """What the import says of the ambiguous cell `raw` in a column showing `shown`
    (None: `1.250` among decimal points, read as the cell and its column both say; and
    `1,250` the column cannot decide, which `evidence.numbers` refuses)."""
    body = split(raw)[2]
    sep = "," if "," in body else "."
    digits, three = body.split(sep)
    big, small = f"{digits}{three}", f"{float(digits + '.' + three):g}"
    if len(shown) == 1:
        decimal = next(iter(shown))
        if decimal == "point" and sep == ".":
            return None
        args = {
            "value": repr(raw.strip()),
            "big": big,
            "example": repr(shown[decimal]),
        }
        if decimal == "comma":
            small = small.replace(".", ",")
            return M(
                "{value} is read as {reading}: its column writes decimals with a comma "
                "(as {example} does); write {big} or {small} so that the cell alone says "
                "which",
                reading=big if sep == "." else small,
                small=small,
                **args,
            )
        return M(
            "{value} is read as {big}: its column writes decimals with a point (as "
            "{example} does); write {big} or {small} so that the cell alone says which",
            small=small,
            **args,
        )
    if sep == ",":
        return None
    return M(
        "{value} is read as {small} (a decimal point): nothing else in its column tells "
        "whether the point separates thousands; write {big} if that was meant",
        value=repr(raw.strip()),
        small=small,
        big=big,
    )


@cache
def _settled_fields(kind: str) -> frozenset[str]:
    """The fields of `kind` where `1,250` could be 1.25: decimals that are not money."""
    return frozenset(
        name
        for name, info in kind_fields(kind).items()
        if info.type == "float" and not name.endswith("_eur")
    )
