"""Merged cells read as the manager sees them (assessor's case c08).

A manager lists members and merges `type` ("SME") and `committed` ("ano") over the first
five rows, as people do in Excel lists. The file holds the value in the merged range's
top-left cell only, so the reader used to store four members with the defaults (type
other, not committed) without a word, and Bronze was refused on S1. Each workbook here is
written with openpyxl (`ws.merge_cells`, which empties the covered cells as Excel does)
and imported through the importer or the command line: a value merged over rows is
stored in each of them with a note naming the cells and rows; a merge that takes in the
header row, or spans the columns of two fields, is refused with its place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from evidence.findings import UserDataError
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.store import Store
from tests.conftest import Run


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "s.db"))
    s.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    return s


def merged_workbook(
    path: Path, rows: list[list[Any]], merges: list[str], kind: str = "member"
) -> Path:
    """A sheet `kind` of `rows` with `merges` (e.g. "C2:C6"): the covered cells emptied
    first, as Excel keeps only the top-left value."""
    wb = Workbook()
    ws = wb.active
    ws.title = kind
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def members(n: int, merged: bool) -> list[list[Any]]:
    """A header and `n` members, type and committed given in the first row only when
    `merged` (the others' cells are covered by the merge)."""
    out: list[list[Any]] = [["title", "joined", "type", "committed", "org_id"]]
    for i in range(n):
        first = i == 0 or not merged
        out.append([f"Firma {i:02d}", date(2018, 3, 1), "SME" if first else None,
                    "ano" if first else None, f"CZ{20000000 + i}"])  # fmt: skip
    return out


def refusals(store: Store, path: Path) -> list[str]:
    with pytest.raises(UserDataError) as err:
        import_files(store, [path], cluster="nano")
    return [str(f).removeprefix(f"{path}:") for f in err.value.findings]


def test_a_value_merged_over_rows_is_stored_in_each_row_with_a_note(
    store: Store, tmp_path: Path
) -> None:
    rows = members(6, merged=True)
    rows[6][2:4] = ["research", "ne"]  # the sixth member is outside the merged block
    path = merged_workbook(tmp_path / "m.xlsx", rows, ["C2:C6", "D2:D6"])
    report = import_files(store, [path], cluster="nano")
    stored = {r.title: (r.type, r.committed) for r in store.records("nano")}
    assert stored == {
        **{f"Firma {i:02d}": ("sme", True) for i in range(5)},
        "Firma 05": ("research", False),
    }
    assert [str(f).removeprefix(f"{path}:") for f in report.findings] == [
        "member:2:C (type): info: cells C2:C6 are merged: their value 'SME' is applied to "
        "rows 2-6 (unmerge the cells if it is meant for row 2 only)",
        "member:2:D (committed): info: cells D2:D6 are merged: their value 'ano' is applied "
        "to rows 2-6 (unmerge the cells if it is meant for row 2 only)",
    ]
    assert {f.severity for f in report.findings} == {"info"}


def test_a_merged_block_longer_than_the_list_adds_no_rows(store: Store, tmp_path: Path) -> None:
    """Rows the block covers that hold nothing else stay empty rows; a blank row inside
    the list is skipped as before; the note names the rows that got the value."""
    rows = members(4, merged=True)
    rows.insert(3, [])  # an empty row 3 inside the block
    path = merged_workbook(tmp_path / "m.xlsx", rows, ["D2:D12"])
    report = import_files(store, [path], cluster="nano")
    assert report.summary()["created"] == 4
    assert sorted(r.committed for r in store.records("nano")) == [True] * 4
    assert [str(f.message) for f in report.findings] == [
        "cells D2:D12 are merged: their value 'ano' is applied to rows 2-6 (unmerge the "
        "cells if it is meant for row 2 only)",
        # the type is given in the first row only (not merged): the others are untyped
        "3 members without a type are stored as other: Firma 01 (m.xlsx:member:3); Firma 02 "
        "(m.xlsx:member:5); Firma 03 (m.xlsx:member:6). They count as participants but not "
        "as companies (S2) nor in a helix (S4); give each its type: sme, large_company, "
        "startup, research, university, public, association (other if none fits)",
    ]


def test_a_date_merged_over_rows_and_an_empty_merge(store: Store, tmp_path: Path) -> None:
    """A date cell's value is shown as its day; a merged range without a value (formatting)
    is left alone, and no note is made for it."""
    rows = members(3, merged=False)
    for row in rows[2:]:
        row[1] = None
    rows[1][4] = rows[2][4] = rows[3][4] = None
    path = merged_workbook(tmp_path / "d.xlsx", rows, ["B2:B4", "E2:E4"])
    report = import_files(store, [path], cluster="nano")
    assert {r.start for r in store.records("nano")} == {date(2018, 3, 1)}
    assert [str(f.message) for f in report.findings] == [
        "cells B2:B4 are merged: their value 2018-03-01 is applied to rows 2-4 (unmerge the "
        "cells if it is meant for row 2 only)"
    ]


def test_a_merged_header_is_refused_with_its_place(store: Store, tmp_path: Path) -> None:
    rows = [["title", None, "joined", "type"], ["ACME", "x", date(2020, 1, 1), "sme"]]
    across = merged_workbook(tmp_path / "across.xlsx", rows, ["A1:B1"])
    assert refusals(store, across) == [
        "member:1:A (title): the header 'title' is merged over columns A-B (cells A1:B1), so "
        "the columns after A have no header and their values would not be read; unmerge the "
        "cells and give each column its own header"
    ]
    down = merged_workbook(tmp_path / "down.xlsx", members(3, merged=False), ["C1:C3"])
    assert refusals(store, down) == [
        "member:1:C (type): the header 'type' is merged down over rows 1-3 (cells C1:C3); "
        "unmerge the cells: row 1 holds the headers, the rows below it the data"
    ]
    assert store.records("nano") == []


def test_a_value_merged_across_the_columns_of_two_fields_is_refused(
    store: Store, tmp_path: Path
) -> None:
    """A one-day event with `start` and `end` merged: which field the day is for is a
    guess. Over one field's column and one without a header (a wide title) the value is
    the field's, as before; standing in the column without a header, it is refused."""
    rows = [
        ["title", "start", "end", None, "city"],
        ["Cluster day", date(2024, 5, 14), None, None, "Liberec"],
        ["Wide title", date(2024, 6, 1), None, None, "Brno"],
        ["Ostrava day", date(2024, 7, 1), None, "Title in D", "Ostrava"],
    ]
    path = merged_workbook(tmp_path / "e.xlsx", rows, ["B2:C2", "D4:E4"], kind="event")
    assert refusals(store, path) == [
        "event:2:B (start): cells B2:C2 are merged across the columns B (start) and C (end), "
        "so which of them their value is for is a guess; unmerge the cells and give each "
        "column its own value",
        "event:4:D: cells D4:E4 are merged, so their value stands in column D, which has no "
        "header and is not read; unmerge the cells and put the value in column E (city)",
    ]
    wide = [["title", None, "start"], ["Wide title", None, date(2024, 6, 1)]]
    ok = merged_workbook(tmp_path / "w.xlsx", wide, ["A2:B2"], kind="event")
    report = import_files(store, [ok], cluster="nano")
    assert report.findings == [] and [r.title for r in store.records("nano")] == ["Wide title"]


def test_the_template_filled_with_merged_cells_through_the_command_line(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """The assessor's case as a manager runs it: `clex template`, members filled in with
    `type` and `committed` merged over the first five rows, the dry run and the import
    both say so, and `clex evidence list` shows every member an SME that committed."""
    assert clex("init", "--cluster", "c", "--name", "C", "--country", "CZ").code == 0
    assert clex("template", "template.xlsx").code == 0
    wb = load_workbook(tmp_path / "template.xlsx")
    ws = wb["member"]
    col = {c.value: c.column for c in ws[1]}
    for i in range(8):
        row = {"title": f"Firma {i:02d} s.r.o.", "joined": "1.3.2018", "type": "SME",
               "committed": "ano", "org_id": f"CZ {20000000 + i}"}  # fmt: skip
        for key, value in row.items():
            if i == 0 or key not in ("type", "committed") or i >= 5:
                ws.cell(row=2 + i, column=col[key], value=value)
    for key in ("type", "committed"):
        ws.merge_cells(start_row=2, start_column=col[key], end_row=6, end_column=col[key])
    wb.save(tmp_path / "filled.xlsx")
    letter = {key: ws.cell(row=1, column=col[key]).column_letter for key in ("type", "committed")}
    notes = [
        f"filled.xlsx:member:2:{letter['type']} (type): info: cells {letter['type']}2:"
        f"{letter['type']}6 are merged: their value 'SME' is applied to rows 2-6 (unmerge the "
        "cells if it is meant for row 2 only)",
        f"filled.xlsx:member:2:{letter['committed']} (committed): info: cells "
        f"{letter['committed']}2:{letter['committed']}6 are merged: their value 'ano' is "
        "applied to rows 2-6 (unmerge the cells if it is meant for row 2 only)",
    ]
    dry = clex("import", "filled.xlsx", "--cluster", "c", "--dry-run")
    assert dry.code == 0, dry
    assert dry.err.splitlines() == notes
    assert "8 records read: 8 would be created" in dry.out
    run = clex("import", "filled.xlsx", "--cluster", "c")
    assert run.code == 0 and run.err.splitlines() == notes, run
    listed = clex("evidence", "list", "--cluster", "c", "--kind", "member", "--json")
    assert {(m["type"], m["committed"]) for m in json.loads(listed.out)} == {("sme", True)}
