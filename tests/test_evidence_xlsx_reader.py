"""The workbook reader (python-calamine) reads a workbook as the openpyxl reader did.

calamine was brought in for speed (issue 8); what a workbook means must not change. Each
workbook here is read by `read_rows` and by `openpyxl_rows`, the openpyxl reader clex
had before, and the two must give the same rows, cells, values and findings; then the
import's own messages are checked where a user sees them. Every workbook is written
here, as a manager would fill it in (plus the cells only a formula can leave behind).
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from evidence.findings import Finding, Location, UserDataError
from evidence.ingest import import_files
from evidence.models import KINDS, ClusterProfile
from evidence.readers import RawRow, map_header, read_rows
from evidence.store import Store


def openpyxl_rows(path: Path, findings: list[Finding]) -> list[RawRow]:
    """The reader before calamine (evidence/readers.py until issue 8), as the reference."""
    name = str(path)
    wb = load_workbook(path, read_only=True, data_only=True)
    out: list[RawRow] = []
    try:
        for ws in wb.worksheets:
            kind = ws.title.strip().casefold()
            if kind not in KINDS:
                continue
            rows = ws.iter_rows(values_only=True)
            headers = next(rows, None)
            if headers is None:
                continue
            cols = map_header(
                list(headers),
                kind,
                Location(sheet=ws.title, row=1),
                name,
                letters=True,
                findings=findings,
            )
            for number, values in enumerate(rows, start=2):
                cells = {f: (label, values[i]) for i, (f, label) in cols.items() if i < len(values)}
                if all(
                    v is None or (isinstance(v, str) and not v.strip()) for _, v in cells.values()
                ):
                    continue
                out.append(RawRow(file=name, sheet=ws.title, row=number, kind=kind, cells=cells))
    finally:
        wb.close()
    return out


def both_readers(path: Path) -> tuple[list[RawRow], list[str]]:
    """The rows and findings of `read_rows`, asserted equal to the openpyxl reader's."""
    new: list[Finding] = []
    rows = list(read_rows(path, kind=None, findings=new))
    old: list[Finding] = []
    reference = openpyxl_rows(path, old)
    # repr, not ==: 173 == 173.0 and a date equals nothing of another type, but a reader
    # must give the very type openpyxl gave
    assert [repr(r) for r in rows] == [repr(r) for r in reference]
    assert [str(f) for f in new] == [str(f) for f in old]
    return rows, [str(f) for f in new]


def workbook(path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def with_cells(path: Path, cells: dict[str, str]) -> Path:
    """Replace cells (by reference) of the first sheet with the given XML: what a formula
    leaves behind in a file Excel saved, which openpyxl cannot write."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, cell in cells.items():
        xml, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell, xml)
        assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for filename, data in parts.items():
            zf.writestr(filename, data)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "s.db"))
    s.add_cluster(ClusterProfile(slug="nano", name="Nano"))
    return s


def problems(store: Store, path: Path) -> list[str]:
    with pytest.raises(UserDataError) as err:
        import_files(store, [path], cluster="nano")
    return [str(f).removeprefix(f"{path}:") for f in err.value.findings]


def test_locations_when_the_data_does_not_start_in_column_a(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "b.xlsx",
        {
            "member": [
                [None, "title", "joined", "type"],
                [None, "ACME", date(2020, 1, 1), "sme"],
                [None, "Beta", "31.02.2024", "unicorn"],
                [],
                [None, None, "2020-01-01", "sme"],
            ]
        },
    )
    rows, _ = both_readers(path)
    assert [(r.row, r.cells["title"][0]) for r in rows] == [
        (2, "B (title)"),
        (3, "B (title)"),
        (5, "B (title)"),
    ]
    assert problems(store, path) == [
        "member:3:C (joined): '31.02.2024' is not a real date (no such day)",
        "member:3:D (type): 'unicorn' is not one of: sme, large_company, startup, research, "
        "university, public, association, other",
        "member:5:B (title): title is required",
    ]


def test_a_sheet_whose_first_row_is_empty_has_no_header(store: Store, tmp_path: Path) -> None:
    """Row 1 is the header, as in the template; a table lower down was never read."""
    path = workbook(
        tmp_path / "low.xlsx",
        {
            "event": [[], ["title", "start"], ["Cluster day", date(2024, 5, 14)]],
            "member": [["title", "joined"], ["ACME", date(2020, 1, 1)]],
        },
    )
    rows, findings = both_readers(path)
    assert [(r.sheet, r.row) for r in rows] == [("member", 2)] and findings == []
    assert import_files(store, [path], cluster="nano").summary()["created"] == 1


def test_values_are_what_openpyxl_gave(store: Store, tmp_path: Path) -> None:
    """Whole numbers are int (calamine reads 173.0), date cells datetime (calamine: date),
    a time or a duration stays one, formulas give their cached value."""
    header = ["title", "start", "participants", "city", "members_involved"]
    path = workbook(
        tmp_path / "v.xlsx",
        {
            "event": [
                header,
                ["Date cell", date(2024, 5, 14), 85, "Liberec", 2.0],
                ["Midnight", datetime(2024, 5, 14), 85.0, 2024, 3],
                ["With a time", datetime(2024, 5, 14, 9, 30), "85", 1.5, 4],
                ["Time", time(9, 30), 2.5, timedelta(hours=30), True],
                ["Formula", 45000, 12, "x", 0],
                ["  ", None, None, "   ", None],
            ]
        },
    )
    with_cells(
        path,
        {
            "C6": '<c r="C6"><f>10+2</f><v>12</v></c>',
            "D6": '<c r="D6" t="str"><f>"x"</f><v>x</v></c>',
            # (a formula never calculated is refused, unlike openpyxl's None: see
            # test_a_formula_written_without_its_value_is_refused_not_lost)
        },
    )
    rows, _ = both_readers(path)
    start, participants = rows[0].cells["start"][1], rows[0].cells["participants"][1]
    assert type(start) is datetime and type(participants) is int
    assert [r.row for r in rows] == [2, 3, 4, 5, 6]  # the blank row 7 is no row
    assert problems(store, path) == [
        "event:5:B (start): '09:30:00' is not a date; write 2024-03-31 or 31.3.2024",
        "event:5:C (participants): 2.5 is not a whole number",
        "event:5:E (members_involved): True is not a number",
        "event:6:B (start): '45000' is not a date; write 2024-03-31 or 31.3.2024 (it looks "
        "like a spreadsheet's day number, which is 2023-03-15: format the cell as a date, or "
        "type the date)",
    ]


def test_records_from_date_and_datetime_cells_are_the_same(store: Store, tmp_path: Path) -> None:
    header = ["title", "start", "participants"]
    one = workbook(tmp_path / "1.xlsx", {"event": [header, ["Day", date(2024, 5, 14), 85]]})
    two = workbook(tmp_path / "2.xlsx", {"event": [header, ["Day", datetime(2024, 5, 14), 85.0]]})
    assert import_files(store, [one], cluster="nano").summary()["created"] == 1
    assert import_files(store, [two], cluster="nano").summary()["unchanged"] == 1
    (event,) = store.records("nano")
    assert event.start == date(2024, 5, 14) and event.participants == 85


def test_error_cells_read_as_their_code(store: Store, tmp_path: Path) -> None:
    """calamine reads #N/A as an empty cell; the reader puts the code back, so a failed
    formula is a located complaint in a date column, not a missing or vanished value."""
    path = workbook(
        tmp_path / "e.xlsx",
        {
            "member": [
                ["title", "joined", "region", "#REF!"],
                ["ACME", "#N/A", "#DIV/0!", None],
                ["Beta", date(2020, 1, 1), None, "#VALUE!"],
            ]
        },
    )
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/worksheets/sheet1.xml").count(b't="e"') == 4
    both_readers(path)
    assert problems(store, path) == [
        "member:1:D: unknown column '#REF!' for member; columns are id, title, start, end, date_precision, tags, "
        "url, attachment, status, expires, notes, type, country, region, committed, fee_paying, "
        "org_id",
        "member:2:B (joined): " + FAILED_FORMULA.format(code="#N/A"),
        "member:2:C (region): " + FAILED_FORMULA.format(code="#DIV/0!"),
    ]


FAILED_FORMULA = (
    "holds the spreadsheet error {code}, not a value (a formula that failed, or its "
    "result pasted as text): correct the formula in the spreadsheet, or type the value"
)


def test_a_title_that_is_an_error_code_is_refused(store: Store, tmp_path: Path) -> None:
    """A failed formula's code is no title, in an error cell (openpyxl writes the text
    #N/A as one) as in text (tests/test_spreadsheet_cells.py). It was kept as the title
    "#N/A" so that an export of it imported again; now no import stores such a title."""
    path = workbook(tmp_path / "t.xlsx", {"member": [["title", "joined"], ["#N/A", "2020-01-01"]]})
    assert problems(store, path) == ["member:2:A (title): " + FAILED_FORMULA.format(code="#N/A")]
    assert store.records("nano") == []


def test_sheet_names_hidden_sheets_and_other_sheets(store: Store, tmp_path: Path) -> None:
    """A kind's sheet in any case, hidden too; the template's `examples` sheet is not
    evidence (any other sheet that holds something is refused: tests/test_values.py)."""
    path = workbook(
        tmp_path / "s.xlsx",
        {
            "examples": [["anything", "goes"]],
            " Member ": [["title", "joined"], ["ACME", date(2020, 1, 1)]],
            "EVENT": [["title", "start"], ["Cluster day", date(2024, 5, 14)]],
        },
        hidden=("EVENT",),
    )
    rows, _ = both_readers(path)
    assert [(r.sheet, r.kind) for r in rows] == [(" Member ", "member"), ("EVENT", "event")]
    assert import_files(store, [path], cluster="nano").summary()["created"] == 2


def test_a_kind_column_is_ignored(store: Store, tmp_path: Path) -> None:
    """It reached the importer as a field and failed there (a KeyError traceback)."""
    path = workbook(
        tmp_path / "k.xlsx",
        {"member": [["kind", "title", "joined"], ["member", "ACME", "2020-01-01"]]},
    )
    assert import_files(store, [path], cluster="nano").summary()["created"] == 1


def test_a_broken_sheet_is_a_finding(store: Store, tmp_path: Path) -> None:
    good = workbook(tmp_path / "g.xlsx", {"member": [["title", "joined"], ["ACME", "2020-01-01"]]})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    (finding,) = problems(store, broken)
    assert finding.startswith("member: not a readable .xlsx workbook (")
    assert store.records("nano") == []


def test_a_workbook_of_another_kind_is_named_with_what_to_do(store: Store, tmp_path: Path) -> None:
    """ "Damaged, save it again" cannot help a password-protected workbook (Excel encrypts
    it into a compound file, and saving keeps the password), an .xls or .ods renamed
    .xlsx, or a document that is not a workbook: each is named as what it is."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "locked.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(64))
    (tmp_path / "old.xlsx").write_bytes(ole + "Workbook".encode("utf-16-le") + bytes(64))
    with zipfile.ZipFile(tmp_path / "calc.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with zipfile.ZipFile(tmp_path / "letter.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    said = {
        "locked.xlsx": "a password-protected workbook: remove the password in Excel",
        "old.xlsx": "an Excel 97-2003 workbook (.xls): save it as .xlsx",
        "calc.xlsx": "an OpenDocument spreadsheet (.ods): save it as .xlsx",
        "letter.xlsx": "not an .xlsx workbook but a Word document (.docx)",
    }
    for name, words in said.items():
        (finding,) = problems(store, tmp_path / name)
        assert words in finding, (name, finding)
    assert store.records("nano") == []


def test_a_formula_written_without_its_value_is_refused_not_lost(
    store: Store, tmp_path: Path
) -> None:
    """A workbook a program wrote (openpyxl, a script's export) may hold a formula without
    the value a spreadsheet saves beside it; calamine read such a cell as empty, so '=10+5'
    participants and a city from a formula were left out without a word. Each is refused
    with what to do; a formula's value a spreadsheet saved counts, an empty text too."""
    header = ["title", "start", "format", "participants", "city"]
    written = [header, ["Fair", "2024-03-01", "fair", "=10+5", '=CONCAT("Lib","erec")']]
    path = workbook(tmp_path / "f.xlsx", {"event": written})
    todo = "whose value was never computed (a program wrote the file without it): open the file in a spreadsheet and save it, or type the value"  # fmt: skip
    assert problems(store, path) == [
        f"event:2:D (participants): holds =10+5 {todo}",
        f'event:2:E (city): holds =CONCAT("Lib","erec") {todo}',
    ]
    saved = workbook(
        tmp_path / "s.xlsx", {"event": [header, ["Fair", "2024-03-01", "fair", 0, "x"]]}
    )
    with_cells(
        saved,
        {
            "D2": '<c r="D2"><f>10+5</f><v>15</v></c>',
            "E2": '<c r="E2" t="str"><f>IF(1=1,"","x")</f><v></v></c>',
        },
    )
    import_files(store, [saved], cluster="nano")
    (event,) = store.records("nano")
    assert event.participants == 15 and event.city is None  # type: ignore[union-attr]
