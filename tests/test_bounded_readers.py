"""Bounded readers (issue 21, item 3): tiny hostile files that used to abort the process,
eat gigabytes or run for minutes are refused (or read) in seconds, each with a located
message. Every file is built here."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from evidence.readers.xlsxextent import SheetExtent, _string_bytes, _string_lengths, shared_text


@pytest.fixture
def ws(clex, tmp_path: Path) -> Path:
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    return tmp_path


def workbook(path: Path, extra_rows: str = "", strings: str | None = None) -> Path:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "member"
    sheet.append(["title", "joined", "type", "url", "attachment"])
    sheet.append(["ACME", "2020-01-01", "sme", None, None])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace("</sheetData>", extra_rows + "</sheetData>")
            if item.filename == "xl/_rels/workbook.xml.rels" and strings is not None:
                data = data.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    "</Relationships>",
                )
            dst.writestr(item.filename, data)
        if strings is not None:
            dst.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"<si><t>{strings}</t></si></sst>",
            )
    return path


def run_import(clex, path: Path, limit: float = 30):
    start = time.monotonic()
    run = clex("import", str(path), "--cluster", "nano", "--dry-run", timeout=limit * 2)
    return run, time.monotonic() - start


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("XFD1048576", "reaches cell XFD1048576: 1,048,576 rows x 16,384 columns"),
        ("XFD20000", "reaches cell XFD20000"),
    ],
)
def test_a_far_cell_is_refused_before_the_reader_allocates(clex, ws, cell, fragment) -> None:
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    path = workbook(ws / "far.xlsx", f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>')
    assert path.stat().st_size < 10_000
    run, took = run_import(clex, path)
    assert run.code == 1, run
    assert fragment in run.err and "20,000,000 cells" in run.err, run.err
    assert took < 30


def test_a_far_empty_cell_takes_no_room_and_is_read(clex, ws) -> None:
    path = workbook(ws / "styled.xlsx", '<row r="90000"><c r="XFD90000" s="0"/></row>')
    run, _ = run_import(clex, path)
    assert run.code == 0, run


def test_a_cell_without_a_reference_is_counted_where_it_stands(clex, ws) -> None:
    cells = "<c><v>1</v></c>" * 3
    path = workbook(ws / "noref.xlsx", f'<row r="10000000">{cells}</row>')
    run, _ = run_import(clex, path)
    assert run.code == 1 and "10,000,000 rows" in run.err, run.err


def test_one_long_shared_string_copied_into_many_cells_is_refused(clex, ws) -> None:
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>' for i in range(3, 4003))
    path = workbook(ws / "copies.xlsx", rows, strings="x" * 32_767)
    run, took = run_import(clex, path)
    assert run.code == 1, run
    assert "131,068,000 characters of shared strings" in run.err, run.err
    assert "100,000,000 characters" in run.err
    assert took < 30


CRAFTED = {
    "digits": "1" * 1_000_000,
    "dots": "." * 1_000_000,
    "dashes": "-" * 1_000_000,
    "spaces": "a" + " " * 999_998 + "b",
    "months": "May " * 250_000,
    "capitalised and": "Acme and Beta " * 71_000,
    "headings": "# Heading\n" * 100_000,
    "e-mail halves": "a@" * 500_000,
    "dates": "1. 5. 2020\n" * 90_000,
    "month years": "May 2020 " * 110_000,
    "dates under the limit": "May 2020 " * 2_400 + "word " * 195_000,
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_a_crafted_1_mb_page_is_read_in_seconds(clex, ws, name) -> None:
    page = ws / "page.txt"
    page.write_text(CRAFTED[name])
    assert page.stat().st_size >= 990_000
    start = time.monotonic()
    run = clex("import", str(page), "--cluster", "nano", "--dry-run", timeout=120)
    took = time.monotonic() - start
    assert run.code in (0, 1), run
    assert took < 40, f"{name}: {took:.1f} s"  # about 2-15 s on a loaded 2-core machine


def test_a_page_with_too_many_numbers_says_the_limit(clex, ws) -> None:
    page = ws / "dates.txt"
    page.write_text("May 2020 " * 3_000)
    run = clex("import", str(page), "--cluster", "nano", "--dry-run", timeout=60)
    assert run.code == 1 and "more than the 2,500 a page may have" in run.err, run.err


def test_a_page_over_10_mb_is_not_read(clex, ws) -> None:
    page = ws / "huge.txt"
    page.write_bytes(b"word " * 2_200_000)
    run = clex("import", str(page), "--cluster", "nano", "--dry-run", timeout=60)
    assert run.code == 1 and "larger than 10 MB" in run.err, run.err


def test_a_yaml_list_of_a_million_values_is_refused_quickly(clex, ws) -> None:
    path = ws / "many.yaml"
    path.write_text("- [" + ",".join(["1"] * 1_200_000) + "]\n")
    start = time.monotonic()
    run = clex("import", str(path), "--cluster", "nano", "--dry-run", timeout=120)
    assert run.code == 1 and "more than 100,000 values" in run.err, run.err
    assert f"{path}:1:" in run.err
    assert time.monotonic() - start < 60


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "]" * 100_000, "{a: " * 5_000 + "1" + "}" * 5_000]
)
def test_deep_yaml_is_refused_at_its_place(clex, ws, text) -> None:
    path = ws / "deep.yaml"
    path.write_text(text)
    run = clex("import", str(path), "--cluster", "nano", "--dry-run", timeout=60)
    assert run.code == 1 and "nesting deeper than 40 levels" in run.err, run.err


def test_yaml_aliases_are_refused(clex, ws) -> None:
    path = ws / "alias.yaml"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(9):
        name = "a" if i == 0 else f"b{i - 1}"
        lines.append(f"b{i}: &b{i} [" + ", ".join([f"*{name}"] * 10) + "]")
    path.write_text("\n".join(lines) + "\n")
    run = clex("import", str(path), "--cluster", "nano", "--dry-run", timeout=60)
    assert run.code == 1 and "aliases" in run.err, run.err


def test_only_regular_files_are_inputs(clex, ws) -> None:
    fifo = ws / "pipe.yaml"
    os.mkfifo(fifo)
    loop = ws / "loop.xlsx"
    loop.symlink_to(ws / "loop.xlsx")
    folder = ws / "folder.csv"
    folder.mkdir()
    long = ws / ("x" * 300 + ".csv")
    args = [str(fifo), "/dev/zero", str(loop), str(folder), str(long)]
    run = clex("import", *args, "--cluster", "nano", timeout=30)
    assert run.code == 1, run
    assert f"{fifo}: not a regular file" in run.err
    assert "/dev/zero: not a regular file" in run.err
    assert f"{loop}: a loop of symbolic links" in run.err
    assert f"{folder}: is a folder" in run.err
    assert "the name is too long" in run.err


def _strings_zip(strings_xml: str) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", strings_xml)
    return zipfile.ZipFile(buf)


def _sheet_referring(counts: dict[int, int]) -> SheetExtent:
    """A sheet's extent whose cells refer to shared string i counts[i] times."""
    sheet = SheetExtent("xl/worksheets/sheet1.xml")
    for index, n in counts.items():
        sheet.shared[str(index).encode()] = n
        sheet.shared_cells += n
    return sheet


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST = f'<sst xmlns="{MAIN}" xmlns:x="{MAIN}">{{}}</sst>'


@pytest.mark.parametrize(
    ("strings", "counts", "refused"),
    [
        # cells x the largest string is over the limit, the strings' bytes are not
        ("<si><t>ab</t></si><si><t>{long}</t></si>", {0: 4000, 1: 1}, False),
        # over the limit by every measure
        ("<si><t>ab</t></si><si><t>{long}</t></si>", {0: 10, 1: 4000}, True),
        # "<si>" inside CDATA would cut the long string's bytes short: parsed instead
        ("<si><t><![CDATA[<si>]]>{long}</t></si>", {0: 4000}, True),
        # an empty string, a prefixed one and attributes are counted as strings
        ('<si/><x:si a="1"><x:t>{long}</x:t></x:si>', {0: 9, 1: 4000}, True),
        ('<si/><x:si a="1"><x:t>{long}</x:t></x:si>', {0: 4000, 1: 1}, False),
    ],
)
def test_shared_strings_are_bounded_by_their_bytes_then_read(
    strings: str, counts: dict[int, int], refused: bool
) -> None:
    """The cheap bound (each string's bytes) decides only when it is under the limit;
    otherwise the strings are parsed, and the verdict is the exact one either way."""
    part = SST.format(strings.format(long="y" * 32_767))
    with _strings_zip(part) as zf:
        problem = shared_text(zf, "xl/sharedStrings.xml", [_sheet_referring(counts)])
        exact = sum(n * length for n, length in zip(counts.values(), _lengths(zf), strict=False))
    assert (problem is not None) is refused, problem
    assert (exact > 100_000_000) is refused


def _lengths(zf: zipfile.ZipFile) -> list[int]:
    with zf.open("xl/sharedStrings.xml") as fh:
        return list(_string_lengths(fh))


HUGE = "y" * 32_767


@pytest.mark.parametrize(
    "part",
    [
        # a processing instruction (not the declaration) may hold "</si><si>"
        f"<sst><si><t>a</t><?x </si><si>?><t>{HUGE}</t></si></sst>".encode(),
        # another encoding: the byte patterns would find no string at all
        f'<?xml version="1.0" encoding="UTF-16"?><sst><si><t>{HUGE}</t></si></sst>'.encode(
            "utf-16"
        ),
        # a "<" inside an attribute's value (no parser reads it as a string's end)
        f'<sst><si><t a="</si><si>">{HUGE}</t></si></sst>'.encode(),
        # a comment, a string inside a string
        f"<sst><!-- <si> --><si><t>{HUGE}</t></si></sst>".encode(),
        f"<sst><si><si><t>{HUGE}</t></si></si></sst>".encode(),
    ],
)
def test_a_part_the_byte_bound_cannot_be_sure_of_is_parsed(part: bytes) -> None:
    assert _string_bytes(part) is None


@pytest.mark.parametrize(
    "part",
    [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sst><si><t>{HUGE}</t></si><si/></sst>',
        f'\ufeff<?xml version="1.0"?><sst><si><t>ab</t></si><si><t>{HUGE}</t></si></sst>',
        # any prefix, "é" too; ">" in an attribute's value
        f'<sst xmlns:é="{MAIN}"><é:si><é:t>{HUGE}</é:t></é:si><si a=">"><t>a</t></si></sst>',
        f"<sst><si><r><t>a&amp;b</t></r><rPh><t>{HUGE}</t></rPh></si></sst>",
    ],
)
def test_each_strings_bytes_bound_its_characters(part: str) -> None:
    data = part.encode()
    bounds = _string_bytes(data)
    with io.BytesIO(data) as fh:
        lengths = list(_string_lengths(fh))
    assert bounds is not None and len(bounds) == len(lengths)
    assert all(b >= n for b, n in zip(bounds, lengths, strict=True)), (list(bounds), lengths)
