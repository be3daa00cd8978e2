"""Snapshot files: written whole or not at all, read back checked, with located errors.

Apart from `snapshot.py` (the models) because reading an old snapshot completes it from
its catalogue (`catalogue_view`), which itself builds on the models: models <- views <-
files, no cycle.

Reading checks the file before anyone uses it (`snapshot_check`): numbers a snapshot
cannot hold, the models, and, unless the caller re-derives it anyway, the digest and
the arithmetic. A file that fails is refused as a whole, every problem listed.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from evidence.findings import Finding, Location, UserDataError
from evidence.infile import not_a_file
from evidence.outfile import write_text

from .catalogue_view import complete_levels, complete_old_snapshot
from .parsed import PARSED
from .snapshot import SCHEMA, Snapshot
from .snapshot_check import DEEPEST, LARGEST, check_snapshot, number_problems, too_deep

if TYPE_CHECKING:
    from evidence.store import Store

SHOWN = 20  # problems listed before "and N more"
_WRITE_ONE = "give a snapshot `clex assess` wrote"


def write_snapshot(snapshot: Snapshot, path: Path) -> tuple[str, str]:
    """`snapshot` to `path`, whole or not at all (`evidence.outfile`); returns the text
    written and its digest (`Snapshot.sealed`), for `keep_snapshot` to reuse."""
    sealed = snapshot.sealed()
    write_text(path, sealed[0])
    return sealed


def keep_snapshot(
    store: Store, snapshot: Snapshot, *, sealed: tuple[str, str] | None = None
) -> int:
    """`snapshot` kept whole in the store (`evidence.store.saved`), for the web page;
    returns its number there. `sealed`: its text and digest when already made."""
    text, digest = sealed if sealed is not None else snapshot.sealed()
    return store.save_snapshot(
        snapshot.cluster.slug,
        text,
        period_start=snapshot.period.start,
        period_end=snapshot.period.end,
        catalogue_id=snapshot.catalogue.id,
        sha256=digest,
    )


def kept_snapshot(store: Store, cluster: str, number: int) -> Snapshot | None:
    """The cluster's kept snapshot `number`, checked as a file is (None: not there);
    parsed once per process for the same text (`assessment.parsed`)."""
    text = store.saved_snapshot(cluster, number)
    return None if text is None else snapshot_of_text(text, f"assessment {number}", remember=True)


def read_snapshot(path: Path | str, *, checked: bool = True, remember: bool = False) -> Snapshot:
    """Load and check a snapshot; a damaged, foreign or inconsistent file is a located
    user error. `checked=False` leaves out the digest and the arithmetic, for a caller
    that reports them itself (`clex assess --previous`, through `verify`); what no
    snapshot holds (numbers, nesting, dates out of range) is refused either way.
    `remember`: the parse is kept for the next read of the same text (`assessment.parsed`;
    the web page reads its peers' files on every visit), the file itself read each time."""
    name = str(path)
    return snapshot_of_text(_text(Path(path), name), name, checked=checked, remember=remember)


def snapshot_of_text(
    text: str, name: str, *, checked: bool = True, remember: bool = False
) -> Snapshot:
    """A snapshot from its JSON text (a file's, or one kept in the store), checked as
    `read_snapshot` checks a file; `name` says where it came from in the problems.
    `remember` (checked ones only): the parse is kept for the next call with the same
    text (`assessment.parsed`)."""
    if remember and checked:
        return PARSED.get(text, lambda t: snapshot_of_text(t, name))
    data, odd = _json(text, name)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UserDataError(
            [
                Finding(
                    file=name,
                    message=(
                        f'not a clex snapshot (expected "schema": "{SCHEMA}"); write one with '
                        "`clex assess`"
                    ),
                )
            ]
        )
    numbers = number_problems(data) if odd or too_deep(data) else []
    if numbers:
        _refuse(name, [_finding(name, where, msg) for where, msg in numbers], "a damaged snapshot")
    try:
        snapshot = Snapshot.model_validate(data)
    except ValidationError as exc:
        found = [_finding(name, ".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        _refuse(name, found, "a damaged snapshot")
    problems = check_snapshot(snapshot, name, bounds_only=not checked)
    if problems:
        edited = any(f.location.key == "digest" for f in problems)
        _refuse(
            name,
            problems,
            "edited after clex wrote it; refused"
            if edited
            else "its numbers do not add up; refused"
            if checked
            else "a damaged snapshot",
        )
    if snapshot.catalogue.translations is None:  # written before the snapshot carried them
        snapshot = complete_old_snapshot(snapshot)
    return complete_levels(snapshot)


def _text(path: Path, name: str) -> str:
    """The file's text; a located user error, with what to do, when it cannot be read
    (`evidence.infile`: "no such file", "is a folder") or is not UTF-8 text. A UTF-8
    byte order mark (Windows Notepad writes one when it saves) is left out, as every
    other reader of clex leaves it out: JSON's parser refused it as "Unexpected UTF-8
    BOM"."""
    why = not_a_file(path)
    if why is not None:
        raise UserDataError([Finding(file=name, message=why)], f"{name}: {why}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserDataError([Finding(file=name, message=f"cannot read: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        where = Location(byte=exc.start)
        message = f"not a JSON snapshot (not UTF-8 text); {_WRITE_ONE}"
        raise UserDataError([Finding(file=name, location=where, message=message)]) from None


def _json(text: str, name: str) -> tuple[Any, bool]:
    """The text's JSON, and whether it holds a number no snapshot can (NaN, infinity,
    beyond `LARGEST`)."""
    odd: list[str] = []

    def number(kind: type[int] | type[float]) -> Callable[[str], int | float]:
        def read(literal: str) -> int | float:
            value = kind(literal)  # an int of over 4300 digits: ValueError, caught below
            if abs(value) > LARGEST or (isinstance(value, float) and not math.isfinite(value)):
                odd.append(literal)
            return value

        return read

    try:
        data = json.loads(
            text,
            parse_float=number(float),
            parse_int=number(int),
            parse_constant=number(float),  # NaN, Infinity, -Infinity
        )
        # located only when there is something to locate: the walk costs on big files
        return data, bool(odd)
    except RecursionError:
        message = f"not a JSON snapshot (nested more than {DEEPEST} levels deep)"
    except json.JSONDecodeError as exc:
        where = Location(line=exc.lineno, column=exc.colno)
        raise UserDataError(
            [
                Finding(
                    file=name,
                    location=where,
                    message=f"not a JSON snapshot ({exc.msg}); {_WRITE_ONE}",
                )
            ]
        ) from None
    except ValueError:  # an integer of more digits than Python converts
        message = (
            f"not a snapshot: a number of more than {sys.get_int_max_str_digits()} digits "
            f"(no snapshot holds one beyond {LARGEST:g})"
        )
    raise UserDataError([Finding(file=name, message=message)])


def _finding(file: str, where: str, message: str) -> Finding:
    return Finding(file=file, location=Location(key=where), message=message)


def _refuse(name: str, findings: list[Finding], what: str) -> None:
    shown = findings[:SHOWN]
    if len(findings) > SHOWN:
        shown.append(Finding(file=name, message=f"and {len(findings) - SHOWN} more problems"))
    raise UserDataError(shown, f"{name}: {what}")
