"""Tiny files of huge cost and inputs that are not files (issue 21, item 3): each read
within the run's limits or refused with the file named (exit 1), the store unchanged.

Every workbook here is a few kilobytes: what it costs is what it makes a reader
allocate (a cell at XFD1048576 once aborted the process asking for 512 GB), not what it
weighs."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.test_hostile import with_shared_strings

from .conftest import Watch, Workspace, expect

HEAD = ["title", "joined", "type", "country", "committed", "attachment"]


def member_workbook(path: Path, *, far: str | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    sheet: Any = wb.active
    sheet.title = "member"
    sheet.append(HEAD)
    sheet.append(["ACME", "2020-01-01", "sme", "CZ", "yes", None])
    if far:
        sheet[far] = "x"
    wb.save(path)
    return path


def _rewrite(path: Path, part: str, change: object) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts[part] = change(parts[part].decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def shared_string_bomb(path: Path, cells: int = 100_000) -> Path:
    """One 32,767-character shared string (Excel's longest cell) in `cells` cells: about
    3 GB of text from a file of a few hundred kilobytes."""
    member_workbook(path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename).decode() for i in zf.infolist()}
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(3, cells))
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace("</sheetData>", rows + "</sheetData>")
    parts[sheet] = re.sub(r"<dimension[^>]*/>", f'<dimension ref="A1:F{cells}"/>', parts[sheet])
    with_shared_strings(path, parts, "<si><t>" + "A" * 32767 + "</t></si>")
    assert path.stat().st_size < 1_000_000
    return path


def _refused_import(ws: Workspace, name: str, *fragments: str | tuple[str, ...]) -> None:
    watch = Watch(ws.plain, [ws.path])
    expect(ws.run("import", name, "--cluster", "nano"), 1, name, *fragments)
    watch.unchanged()


@pytest.mark.parametrize(
    ("far", "named"),
    [("XFD1048576", ("XFD1048576", "1048576", "1,048,576")), ("XFD20000", ("XFD20000",))],
)
def test_a_cell_far_out_in_a_tiny_workbook(ws: Workspace, far: str, named: tuple[str]) -> None:
    path = member_workbook(ws.path / "far.xlsx", far=far)
    assert path.stat().st_size < 10_000
    _refused_import(ws, "far.xlsx", named)


def test_a_declared_dimension_far_out(ws: Workspace) -> None:
    """Only the declared dimension is huge (the cells are two rows): read as the cells
    are, or refused, within the limits."""
    path = member_workbook(ws.path / "dim.xlsx")
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(r"<dimension[^>]*/>", '<dimension ref="A1:XFD1048576"/>', x),
    )
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("import", "dim.xlsx", "--cluster", "nano", "--dry-run")
    expect(run, (0, 1), "dim.xlsx" if run.code else "1 record read")
    watch.unchanged()


def test_one_long_shared_string_repeated(ws: Workspace) -> None:
    shared_string_bomb(ws.path / "strings.xlsx")
    _refused_import(ws, "strings.xlsx")


# -- pages: patterns that backtrack -----------------------------------------------------
@pytest.mark.parametrize("unit", ["1.", "12 ", "1.1.2020-", "od 1. do ", "March 2015, 3"])
def test_a_crafted_megabyte_page_is_read_in_seconds(ws: Workspace, unit: str) -> None:
    text = "News of the cluster\n\n" + unit * (1_000_000 // len(unit)) + "\n"
    (ws.path / "page.txt").write_text(text, encoding="utf-8")
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("import", "page.txt", "--cluster", "nano", "--dry-run", cpu=20)
    # read, or refused at once for holding more numbers than a page may (the limit named)
    expect(run, (0, 1), "numbers" if run.code else "read")
    watch.unchanged()


# -- YAML -------------------------------------------------------------------------------
ALIASES = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
)


@pytest.mark.parametrize("shape", ["aliases", "deep", "many-nodes"])
def test_costly_yaml(ws: Workspace, shape: str) -> None:
    if shape == "aliases":
        text = ALIASES
    elif shape == "deep":
        text = "[" * 100_000 + "]" * 100_000 + "\n"
    else:  # about 2.4 MB of tiny nodes
        text = "[" + ", ".join(["{a: [1, 2]}"] * 200_000) + "]\n"
    (ws.path / "big.yaml").write_text(text, encoding="utf-8")
    _refused_import(ws, "big.yaml")
    watch = Watch(ws.plain, [ws.path])
    expect(ws.run("criteria", "validate", "big.yaml", cpu=30), 1, "big.yaml")
    watch.unchanged()


# -- inputs that are not regular files --------------------------------------------------
def _special(ws: Workspace, what: str, name: str) -> Path:
    path = ws.path / name
    if what == "fifo":
        os.mkfifo(path)
    elif what == "dev-zero":
        path.symlink_to("/dev/zero")
    elif what == "missing":
        pass
    elif what == "folder":
        path.mkdir()
    elif what == "loop":
        path.symlink_to(name)
    elif what == "long-name":
        path = ws.path / ("x" * 300 + Path(name).suffix)
    return path


SPECIAL_COMMANDS = {
    "import": (["import", "{}", "--cluster", "nano"], "in.yaml"),
    "criteria-validate": (["criteria", "validate", "{}"], "in.yaml"),
    "assess-judgements": (
        ["assess", "--cluster", "nano", "--period", "2024", "--judgements", "{}", "-o", "o.json"],
        "in.yaml",
    ),
    "verify": (["verify", "{}"], "in.json"),
    "report": (["report", "{}", "-o", "o.xlsx"], "in.json"),
}
SPECIALS = [
    (what, command)
    for what in ("fifo", "dev-zero", "missing", "folder", "loop", "long-name")
    for command in SPECIAL_COMMANDS
    if what in ("fifo", "dev-zero", "missing", "folder") or command in ("import", "verify")
]


@pytest.mark.parametrize(("what", "command"), SPECIALS)
def test_an_input_that_is_not_a_regular_file(ws: Workspace, what: str, command: str) -> None:
    """Refused before it is read, the file named: a FIFO does not hang, /dev/zero does
    not fill the memory."""
    args, name = SPECIAL_COMMANDS[command]
    path = _special(ws, what, name)
    watch = Watch(ws.plain, [ws.path])
    run = ws.run(*[a.replace("{}", path.name) for a in args], wall=40)
    expect(run, 1, path.name[:40])
    watch.unchanged()


@pytest.mark.parametrize(
    "attachment",
    ["a" * 300 + ".pdf", "a/" * 3000 + "a.pdf"],
    ids=["300-char-name", "6000-char-path"],
)
def test_an_over_long_attachment_name(ws: Workspace, attachment: str) -> None:
    (ws.path / "long.yaml").write_text(
        f"- {{kind: member, title: A, start: 2020-01-01, type: sme, attachment: '{attachment}'}}\n",
        encoding="utf-8",
    )
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("import", "long.yaml", "--cluster", "nano", "--workspace", ".")
    expect(run, 1, "long.yaml", "attachment")
    watch.unchanged()
