"""`clex template`: the notes on the column headers are written for the person filling the
workbook in (a sentence per column, per kind where a column means something of its own),
and `--lang cs` writes the notes, the instructions and the sheet help in Czech while the
sheets, headers and dropdown words stay as an import reads them. Workbooks are written
by the command and read back with openpyxl."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evidence.models import KINDS
from evidence.template_notes import BY_KIND, CELL, COMMON, PICK, REQUIRED, sentence
from evidence.workbook import INSTRUCTIONS, KIND_HELP, template_fields
from reports.i18n import translations
from tests.conftest import Run

TEMPLATE_MSGIDS = [*COMMON.values(), *BY_KIND.values(), *CELL.values(), PICK, REQUIRED,
                   *KIND_HELP.values(), *INSTRUCTIONS]  # fmt: skip


def notes(path: Path) -> dict[tuple[str, str], str]:
    wb = load_workbook(path)
    return {
        (kind, str(cell.value)): cell.comment.text
        for kind in KINDS
        for cell in wb[kind][1]
        if cell.comment is not None
    }


@pytest.fixture
def written(clex: Callable[..., Run], tmp_path: Path) -> tuple[Path, Path]:
    assert clex("template", "en.xlsx").code == 0
    run = clex("template", "cs.xlsx", "--lang", "cs")
    assert run.code == 0, run
    return tmp_path / "en.xlsx", tmp_path / "cs.xlsx"


def test_every_column_has_a_sentence_of_its_own() -> None:
    missing = [
        f"{kind}.{f.name}"
        for kind in KINDS
        for f in template_fields(kind)
        if not sentence(kind, f.name)
    ]
    assert missing == [], "write a sentence for each in evidence/template_notes.py"
    assert set(BY_KIND) <= {(k, f.name) for k in KINDS for f in template_fields(k)}  # no stale


def test_the_notes_read_as_written_for_a_person(written: tuple[Path, Path]) -> None:
    english = notes(written[0])
    assert english[("survey", "invited")] == (
        "How many members were asked to answer. A whole number."
    )
    assert english[("document", "approved_by")] == (
        "Who approved the document, e.g. the general assembly or the board."
    )
    assert english[("member", "joined")].startswith("The day the organisation joined the cluster.")
    assert english[("member", "joined")].endswith("A date: 2024-03-31 or 31.3.2024. Required.")
    assert english[("event", "format")].startswith(
        "What kind of event it was. Pick one from the list: conference, fair,"
    )
    machine_made = [
        k for k, text in english.items() if re.search(r"\b(of the|eur of)\b \w+\.", text)
    ]
    assert machine_made == []
    assert len(english) == sum(len(template_fields(k)) for k in KINDS)


def test_the_czech_template_speaks_czech_and_imports_alike(written: tuple[Path, Path]) -> None:
    en, cs = (load_workbook(p) for p in written)
    assert en.sheetnames == cs.sheetnames
    for kind in KINDS:  # what an import reads: the same headers, the same dropdown words
        assert [c.value for c in en[kind][1]] == [c.value for c in cs[kind][1]]
        assert [dv.formula1 for dv in en[kind].data_validations.dataValidation] == [
            dv.formula1 for dv in cs[kind].data_validations.dataValidation
        ]
    czech = notes(written[1])
    assert czech[("survey", "invited")] == "Kolik členů bylo požádáno o odpověď. Celé číslo."
    assert czech[("member", "committed")] == (
        "Zavázal se člen ke klastru formálně, např. podepsanou členskou smlouvou? "
        "Vyberte yes (ano) nebo no (ne)."
    )
    assert czech[("event", "format")].startswith(
        "Jaký to byl druh akce. Vyberte jednu hodnotu ze seznamu: conference, fair,"
    )
    assert czech[("event", "title")].endswith("Povinné.")
    english = notes(written[0])
    assert [k for k in czech if czech[k] == english[k]] == []  # every note translated
    sheet = cs["instructions"]
    column_b = [sheet.cell(row=r, column=2).value or "" for r in range(1, sheet.max_row + 1)]
    assert sheet["A1"].value == "Sešit dokladů clex"
    assert any(text.startswith("Jeden list pro každý druh dokladů") for text in column_b)
    assert (
        "Účastníci klastru: firmy, výzkumné organizace, univerzity, veřejné instituce." in column_b
    )
    assert cs["examples"]["A1"].value == "list member"
    errors = {dv.error for dv in cs["event"].data_validations.dataValidation}
    assert any(e.startswith("Vyberte jednu hodnotu ze seznamu: organiser") for e in errors)


def test_every_template_sentence_has_its_czech() -> None:
    cs = translations("cs")
    untranslated = [m for m in TEMPLATE_MSGIDS if cs.gettext(m) == m]
    assert untranslated == []
    assert "{choices}" in cs.gettext(PICK)
