"""What a spreadsheet leaves in a cell that is no value: an error code (#REF!, #N/A ...)
written as text by a CSV export or pasted as a value, and a date shown as its day number
(a date cell formatted as General). Each is refused with its cell and what to do, as a
user runs `clex import`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from tests.test_cli_choices import Clex, nano  # noqa: F401  (the fixture)

ERROR = (
    "holds the spreadsheet error {code}, not a value (a formula that failed, or its "
    "result pasted as text): correct the formula in the spreadsheet, or type the value"
)


def test_an_error_code_as_text_is_refused_in_every_column(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "events.csv").write_text(
        "title,start,participants,city,tags\n"
        "#REF!,2024-01-01,10,Liberec,\n"
        "Den,#N/A,#VALUE!,#DIV/0!,\n"
        "Fair,2024-02-01,5,Brno,#name?\n",
        encoding="utf-8",
    )
    run = nano("import", "events.csv", "--kind", "event", "--dry-run")
    assert run.code == 1, run
    lines = [line for line in run.out.splitlines() + run.err.splitlines() if "events.csv:" in line]
    assert lines == [
        "events.csv:2:title: " + ERROR.format(code="#REF!"),
        "events.csv:3:start: " + ERROR.format(code="#N/A"),
        "events.csv:3:participants: " + ERROR.format(code="#VALUE!"),
        "events.csv:3:city: " + ERROR.format(code="#DIV/0!"),
        "events.csv:4:tags: " + ERROR.format(code="#NAME?"),
    ]


def test_an_error_code_pasted_as_text_in_a_workbook_is_refused(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    wb = Workbook()
    ws = wb.active
    ws.title = "member"
    ws.append(["title", "joined"])
    ws.append(["ACME", date(2020, 1, 1)])
    ws.append([None, date(2021, 1, 1)])
    ws["A3"] = "#N/A"
    ws["A3"].data_type = "s"  # text, as pasted values keep it (not an error cell)
    wb.save(tmp_path / "m.xlsx")
    run = nano("import", "m.xlsx", "--dry-run")
    assert run.code == 1, run
    assert "m.xlsx:member:3:A (title): " + ERROR.format(code="#N/A") in run.err + run.out


def test_a_day_number_in_a_date_column_is_named_with_its_date(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    wb = Workbook()
    ws = wb.active
    ws.title = "event"
    ws.append(["title", "start"])
    ws.append(["General", 45678])  # a date cell formatted as General
    ws.append(["Typed", "45678"])
    ws.append(["With a time", 45678.75])
    ws.append(["A year", 2024])  # no day number: the whole year 2024 (date precision year)
    wb.save(tmp_path / "e.xlsx")
    run = nano("import", "e.xlsx", "--dry-run")
    assert run.code == 1, run
    hint = (
        " (it looks like a spreadsheet's day number, which is 2025-01-21: format the cell "
        "as a date, or type the date)"
    )
    said = run.err + run.out
    for row, shown in ((2, "'45678'"), (3, "'45678'"), (4, "'45678.75'")):
        refusal = f"{shown} is not a date; write 2024-03-31 or 31.3.2024"
        assert f"e.xlsx:event:{row}:B (start): {refusal}{hint}" in said, said
    assert "e.xlsx:event:5" not in said and "3 problem(s) found" in said
