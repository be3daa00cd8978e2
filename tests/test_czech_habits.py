"""Czech spreadsheet habits are read, not refused (issue 17, item 6).

A cluster manager's CSV comes out of Excel in Windows-1250 or UTF-16, with `12.500,50`,
`45 000 €` and `50 %` in it, and a choice typed from memory. Each story here writes
such a file the way the program that saves it would (the bytes of that encoding, the
text of a cell typed as text in a workbook) and imports it through the command line,
on SQLite and PostgreSQL: the values stored are the ones meant, the encoding is named
when it is not UTF-8, and what cannot be read is refused with its location, every
problem at once, nothing imported.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from evidence.cells import CellError, coerce
from evidence.models import KINDS, kind_fields
from evidence.numbers import NumberError, read_number
from tests.conftest import Run

CZECH = "Členské příspěvky – Žďár nad Sázavou, ŠKODA a ťuhýk"


@pytest.fixture
def cli(clex: Callable[..., Run], db_url: str) -> Callable[..., Run]:
    """`clex` on a store at `db_url` holding the cluster 'nano'."""

    def run(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url})

    assert run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    return run


def stored(cli: Callable[..., Run]) -> dict[str, dict[str, Any]]:
    """Title -> record, as `clex evidence list --json` gives them."""
    run = cli("evidence", "list", "--cluster", "nano", "--json")
    assert run.code == 0, run
    return {r["title"]: r for r in json.loads(run.out)}


def imported(cli: Callable[..., Run], path: Path) -> Run:
    run = cli("import", str(path), "--cluster", "nano", "--workspace", str(path.parent))
    assert run.code == 0, run
    return run


def refused(cli: Callable[..., Run], path: Path) -> Run:
    run = cli("import", str(path), "--cluster", "nano", "--workspace", str(path.parent))
    assert run.code == 1, run
    assert stored(cli) == {}, "a refused import wrote something"
    return run


FINANCE = (
    f"kind;title;start;source_type;amount_eur\nfinance;{CZECH};1.1.2024;membership_fees;12.500,50\n"
)


# -- encodings ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "prefix", "named"),
    [
        ("cp1250", b"", "read as Windows-1250 (Central European)"),
        ("utf_16", b"", "read as UTF-16"),  # Python writes the byte-order mark
        ("utf_16_le", b"", "read as UTF-16 (little-endian, without a byte-order mark)"),
        ("utf_16_be", codecs.BOM_UTF16_BE, "read as UTF-16"),
        ("utf_8", codecs.BOM_UTF8, None),  # Excel's "CSV UTF-8": UTF-8, nothing to say
        ("utf_8", b"", None),
    ],
)
def test_a_csv_in_any_encoding_excel_saves_is_read_and_named(
    cli: Callable[..., Run], tmp_path: Path, encoding: str, prefix: bytes, named: str | None
) -> None:
    path = tmp_path / "finance.csv"
    path.write_bytes(prefix + FINANCE.replace("\n", "\r\n").encode(encoding))
    run = imported(cli, path)
    records = stored(cli)
    assert list(records) == [CZECH]  # every accented letter came through
    assert records[CZECH]["amount_eur"] == 12500.5
    if named is None:
        assert "read as" not in run.err, run
    else:
        assert f"finance.csv: warning: {named}\n" in run.err, run


def test_iso_8859_2_is_told_from_windows_1250(cli: Callable[..., Run], tmp_path: Path) -> None:
    """The two Central European code pages share most Czech letters but not Ž, Š and ť:
    the one that reads them as letters is the one the file was saved in."""
    path = tmp_path / "members.csv"
    path.write_bytes("kind,title,start\nmember,Žluťoučký kůň s.r.o.,1.1.2024\n".encode("iso8859_2"))
    run = imported(cli, path)
    assert list(stored(cli)) == ["Žluťoučký kůň s.r.o."]
    assert "members.csv: warning: read as ISO-8859-2 (Central European)" in run.err, run


def test_the_encoding_is_a_warning_in_json_too(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "finance.csv"
    path.write_bytes(FINANCE.encode("cp1250"))
    run = cli("import", str(path), "--cluster", "nano", "--json")
    assert run.code == 0, run
    warnings = json.loads(run.out)["warnings"]
    assert [(w["severity"], w["message"]) for w in warnings] == [
        ("warning", "read as Windows-1250 (Central European)")
    ]


def test_a_file_of_mixed_encodings_is_refused_at_its_first_bad_byte(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Two files pasted together: UTF-8 rows and a Windows-1250 row. No one encoding
    reads both right, so the file is refused where UTF-8 stops reading it."""
    head = "kind,title,start\nmember,Žďár UTF-8,2024-01-01\n".encode()
    tail = "member,Žďár 1250,2024-01-01\n".encode("cp1250")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + tail)
    run = refused(cli, path)
    assert (
        f"mixed.csv:byte {len(head) + len('member,')}: mostly UTF-8 but not all of it "
        "(the file mixes encodings); not valid UTF-8, and not readable as any one encoding; "
        "save the CSV as UTF-8"
    ) in run.err, run


def test_bytes_no_encoding_reads_are_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    # 0x81 0x8d 0x8f 0x90 0x9d are holes in Windows-1250 and Windows-1252 alike
    path = tmp_path / "binary.csv"
    path.write_bytes(b"kind,title,start\nmember,\x81\x8d\x8f\x90\x9d\x81\x8d,2024-01-01\n")
    run = refused(cli, path)
    assert "binary.csv:byte 24: not valid UTF-8" in run.err, run
    assert "save the CSV as UTF-8" in run.err, run


PAGE = "<html><body><h2>Cluster meeting 5.3.2024</h2><p>We met in Liberec.</p></body></html>"


@pytest.mark.parametrize("encoding", ["utf_16_le", "utf_16_be"])
def test_ascii_text_in_utf16_without_a_mark_is_read(
    cli: Callable[..., Run], tmp_path: Path, encoding: str
) -> None:
    """ASCII text in UTF-16 is valid UTF-8 too (a zero byte is a character): it was read
    with a zero between the letters, a CSV as "title is required" and a page as "no items
    found". It is read as UTF-16 and named."""
    csv_path = tmp_path / "events.csv"
    csv_path.write_bytes("kind,title,start\nevent,Cluster day,2024-05-14\n".encode(encoding))
    page = tmp_path / "news.html"
    page.write_bytes(PAGE.encode(encoding))
    for path in (csv_path, page):
        run = imported(cli, path)
        assert f"{path.name}: warning: read as UTF-16 (" in run.err, run
    assert set(stored(cli)) == {"Cluster day", "Cluster meeting"}


def test_a_file_that_is_no_text_is_named_with_what_to_do(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A page saved gzip-compressed (by a download tool, or a .gz renamed), a zip, a page
    in EBCDIC: each was "mostly UTF-8 but not all of it (the file mixes encodings)" or
    "unsupported file type .gz"; each is named as what it is, with what to do."""
    gzipped = gzip.compress(PAGE.encode())
    (tmp_path / "news.html").write_bytes(gzipped)
    (tmp_path / "events.csv").write_bytes(gzip.compress(b"kind,title\nevent,Day\n"))
    (tmp_path / "news.html.gz").write_bytes(gzipped)
    (tmp_path / "mainframe.html").write_bytes(PAGE.replace("><", ">\n<").encode("cp500"))
    with zipfile.ZipFile(tmp_path / "page.html", "w") as zf:
        zf.writestr("page.html", PAGE)
    said = {
        "news.html": "news.html:byte 0: a gzip-compressed file, not text: decompress it "
        "(gunzip, or 7-Zip on Windows) and import the file it holds",
        "events.csv": "events.csv:byte 0: a gzip-compressed file, not text",
        "news.html.gz": "news.html.gz: a gzip-compressed file: decompress it (gunzip, or "
        "7-Zip on Windows) and import the file it holds",
        "mainframe.html": "mainframe.html:byte 0: text in EBCDIC (a mainframe's encoding): "
        "convert it to UTF-8 (iconv -f CP500 -t UTF-8), or save it again as UTF-8",
        "page.html": "page.html:byte 0: a zip archive (or an Office document), not text: "
        "extract the file it holds, or save the document as HTML or CSV",
    }
    for name, message in said.items():
        run = refused(cli, tmp_path / name)
        assert f"{tmp_path / message}" in run.err, run


# -- numbers ------------------------------------------------------------------------------
def test_amounts_in_czech_and_english_notation(cli: Callable[..., Run], tmp_path: Path) -> None:
    amounts = {
        "tečka a čárka": ("12.500,50", 12500.5),
        "mezera": ("12 500,50", 12500.5),
        "pevná mezera": ("12\u00a0500,50", 12500.5),  # what Excel's number format puts there
        "úzká mezera": ("12\u202f500,50", 12500.5),
        "English": ("1,250.75", 1250.75),
        "euro after": ("45 000 €", 45000.0),
        "euro before": ("€45,000", 45000.0),
        "EUR before": ("EUR 45000", 45000.0),
        "whole crowns habit": ("3 000,- EUR", 3000.0),
        "millions": ("1.250.000", 1250000.0),
        "decimal comma": ("12,5", 12.5),
        "euro three digits": ("1,250", 1250.0),  # euro never have three decimals
    }
    lines = ["kind;title;start;source_type;amount_eur"]
    lines += [f'finance;{t};1.1.2024;other;"{text}"' for t, (text, _v) in amounts.items()]
    path = tmp_path / "amounts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported(cli, path)
    records = stored(cli)
    assert {t: r["amount_eur"] for t, r in records.items()} == {
        t: value for t, (_text, value) in amounts.items()
    }


def test_crowns_and_other_currencies_are_refused_every_one_located(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "amounts.csv"
    path.write_text(
        "kind;title;start;amount_eur\n"
        "finance;A;1.1.2024;45 000 Kč\n"
        "finance;B;1.1.2024;12 000 CZK\n"
        "finance;C;1.1.2024;$500\n"
        "finance;D;1.1.2024;45 000 €\n",
        encoding="utf-8",
    )
    run = refused(cli, path)
    assert "amounts.csv:2:amount_eur: '45 000 Kč' is an amount in CZK: convert to EUR" in run.err
    assert "amounts.csv:3:amount_eur: '12 000 CZK' is an amount in CZK: convert to EUR" in run.err
    assert "amounts.csv:4:amount_eur: '$500' is an amount in USD: convert to EUR" in run.err
    assert "3 problem(s) found; nothing was imported" in run.err, run


def test_a_percentage_in_a_percent_field_and_nowhere_else(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    good = tmp_path / "survey.csv"
    good.write_text(
        "kind;title;start;invited;respondents;satisfaction\n"
        "survey;Spokojenost členů;1.6.2024;1 250;300;87,5 %\n"
        "survey;Member survey;1.6.2023;1,250;300;50%\n",
        encoding="utf-8",
    )
    imported(cli, good)
    got = {t: (r["invited"], r["satisfaction"]) for t, r in stored(cli).items()}
    assert got == {"Spokojenost členů": (1250, 87.5), "Member survey": (1250, 50.0)}
    bad = tmp_path / "staff.csv"
    bad.write_text("kind;title;start;fte\nstaff;Jana;1.1.2024;50 %\n", encoding="utf-8")
    run = cli("import", str(bad), "--cluster", "nano")
    assert run.code == 1, run
    assert (
        "staff.csv:2:fte: '50 %' is a percentage; fte takes a plain number "
        "(a percent sign only goes in satisfaction)"
    ) in run.err, run


def trainings(path: Path, hours: list[str]) -> Path:
    lines = ["kind;title;start;person;hours"]
    lines += [f'training;Course {i};1.3.2024;Jana;"{h}"' for i, h in enumerate(hours, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("column", "meant"),
    [
        (["1,250", "2,5", "0,75"], 1.25),  # a column of decimal commas
        (["1,250", "12 500,5"], 1.25),
        (["1,250", "2.5"], 1250.0),  # a column of decimal points
        (["7.5", "1,250", "1,250.5"], 1250.0),  # the deciding cell may come before or after
    ],
)
def test_one_comma_and_three_digits_is_decided_by_its_column(
    cli: Callable[..., Run], tmp_path: Path, column: list[str], meant: float
) -> None:
    imported(cli, trainings(tmp_path / "training.csv", column))
    position = column.index("1,250") + 1
    assert stored(cli)[f"Course {position}"]["hours"] == meant


@pytest.mark.parametrize(
    ("column", "meant", "said"),
    [
        (["7,5", "1.250"], 1250.0, "'1.250' is read as 1250: its column writes decimals with "
         "a comma (as '7,5' does); write 1250 or 1,25 so that the cell alone says which"),
        (["2,5", "1,250"], 1.25, "'1,250' is read as 1,25: its column writes decimals with a "
         "comma (as '2,5' does); write 1250 or 1,25 so that the cell alone says which"),
        (["2.5", "1,250"], 1250.0, "'1,250' is read as 1250: its column writes decimals with "
         "a point (as '2.5' does); write 1250 or 1.25 so that the cell alone says which"),
        (["8", "1.250"], 1.25, "'1.250' is read as 1.25 (a decimal point): nothing else in its "
         "column tells whether the point separates thousands; write 1250 if that was meant"),
        (["2.5", "1.250"], 1.25, None),  # the cell and its column agree
    ],
    ids=["point-in-commas", "comma-in-commas", "comma-in-points", "point-alone", "agreed"],
)  # fmt: skip
def test_a_cell_its_column_decides_is_said_with_how_to_write_it(
    cli: Callable[..., Run], tmp_path: Path, column: list[str], meant: float, said: str | None
) -> None:
    """Session 25's assessor (F1): `1.250` beside `7,5` became 1,250 training hours with
    no word, where the cell alone reads 1.25. A point between digit groups separates
    thousands in Czech notation, so the column's reading stands, but the import says how
    it read each cell whose reading is not the cell's own, and how to write it."""
    run = imported(cli, trainings(tmp_path / "training.csv", column))
    assert stored(cli)["Course 2"]["hours"] == meant
    warnings = [line for line in (run.out + run.err).splitlines() if "warning:" in line]
    expected = [f"training.csv:3:hours: warning: {said}"] if said else []
    assert [w[w.index("training.csv") :] for w in warnings] == expected, run


@pytest.mark.parametrize(
    "column", [["1,250"], ["1,250", "8"], ["1,250", "2,5", "2.5"]], ids=["alone", "no", "both"]
)
def test_one_comma_and_three_digits_the_column_cannot_decide_is_refused(
    cli: Callable[..., Run], tmp_path: Path, column: list[str]
) -> None:
    run = refused(cli, trainings(tmp_path / "training.csv", column))
    assert (
        "training.csv:2:hours: '1,250' can be read two ways: 1250 (the comma separating "
        "thousands) or 1.25 (a decimal comma), and nothing else in the column tells which; "
        "write 1250 or 1,25"
    ) in run.err, run


def test_a_column_is_decided_per_sheet(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Two files in one import: each column is its own file's."""
    a = trainings(tmp_path / "a.csv", ["1,250", "2,5"])
    b = tmp_path / "b.csv"
    b.write_text('kind;title;start;person;hours\ntraining;B;1.3.2024;Petr;"1,250"\n')
    run = cli("import", str(a), str(b), "--cluster", "nano")
    assert run.code == 1, run
    assert "b.csv:2:hours: '1,250' can be read two ways" in run.err, run
    # a.csv's column decided its cell: said as a warning (session 25), never refused
    assert "a.csv:2:hours: warning: '1,250' is read as 1,25" in run.err, run
    assert "a.csv:2:hours: '1,250' can be read two ways" not in run.err, run


# -- workbook cells typed as text -------------------------------------------------------------
def test_workbook_cells_typed_as_text(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A workbook whose cells are text (pasted, or a column formatted as text): read as
    the same notation a CSV is, and a choice typed from memory gets a suggestion."""
    path = tmp_path / "evidence.xlsx"
    wb = Workbook()
    finance = wb.active
    assert finance is not None
    finance.title = "finance"
    finance.append(["title", "start", "source_type", "amount_eur"])
    finance.append(["Dotace kraje", "1.1.2024", "public_regional", "12.500,50"])
    finance.append(["Členské příspěvky", "1.1.2024", "membership_fees", "45\u00a0000 €"])
    training = wb.create_sheet("training")
    training.append(["title", "start", "person", "hours"])
    training.append(["Excel", "1.3.2024", "Jana", "1,250"])
    training.append(["Lean", "2.3.2024", "Jana", "2,5"])
    wb.save(path)
    imported(cli, path)
    got = {t: r.get("amount_eur", r.get("hours")) for t, r in stored(cli).items()}
    assert got == {
        "Dotace kraje": 12500.5,
        "Členské příspěvky": 45000.0,
        "Excel": 1.25,
        "Lean": 2.5,
    }


def test_workbook_text_cells_refused_with_suggestions(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "evidence.xlsx"
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "finance"
    sheet.append(["title", "start", "source_type", "amount_eur"])
    sheet.append(["Dotace", "1.1.2024", "regional", "45 000 Kč"])
    sheet.append(["Poplatky", "1.1.2024", "Membership Fee", "1 000"])
    wb.save(path)
    run = refused(cli, path)
    assert (
        "finance:2:C (source_type): 'regional' is not one of: membership_fees, paid_services, "
        "private, public_regional, public_national, public_eu, project_funding, other; "
        "did you mean 'public_regional'?"
    ) in run.err, run
    assert "finance:2:D (amount_eur): '45 000 Kč' is an amount in CZK: convert to EUR" in run.err
    assert "finance:3:C (source_type): 'Membership Fee' is not one of:" in run.err
    assert "did you mean 'membership_fees'?" in run.err, run


def test_a_financial_year_in_year_says_what_to_enter(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A treasurer's "2026/27" in a finance record's `year` was refused with only
    "'2026/27' is not a number": the refusal now says what `year` is and where a
    financial year goes. Another whole-number field keeps the plain refusal. A year in a
    number cell that is no whole number (or text such as "2026,5") was refused without
    the advice: one place words the refusal of a finance record's year."""
    path = tmp_path / "evidence.xlsx"
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "finance"
    sheet.append(["title", "start", "source_type", "amount_eur", "year"])
    sheet.append(["Fees FY 2026/27 budget", "1.7.2026", "membership_fees", "30 000", "2026/27"])
    sheet.append(["Fees", "1.7.2026", "membership_fees", "30 000", 2026.5])
    sheet.append(["Dues", "1.7.2026", "membership_fees", "30 000", "2026,5"])
    events = wb.create_sheet("event")
    events.append(["title", "start", "participants"])
    events.append(["Workshop", "1.3.2026", "about 20"])
    wb.save(path)
    run = refused(cli, path)
    advice = (
        ": give the year the amount is booked in (e.g. 2026), or leave year empty and give "
        "the span the amount covers as start and end (a financial year from July: 1.7.2026 "
        "and 30.6.2027)"
    )
    assert "finance:2:E (year): '2026/27' is not a number" + advice in run.err, run
    assert "finance:3:E (year): 2026.5 is not a whole number" + advice in run.err, run
    assert "finance:4:E (year): '2026,5' is not a whole number" + advice in run.err, run
    assert "event:2:C (participants): 'about 20' is not a number\n" in run.err, run


# -- did you mean -----------------------------------------------------------------------------
def test_a_csv_kind_typo_gets_a_suggestion(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "kind,title,start,type\nMembers,ACME,2024-01-01,Large Compny\n", encoding="utf-8"
    )
    run = refused(cli, path)
    assert "rows.csv:2:kind: unknown kind 'members'; use one of" in run.err, run
    assert "did you mean 'member'?" in run.err, run
    path.write_text("kind,title,start,type\nmember,ACME,2024-01-01,Large Compny\n")
    run = refused(cli, path)
    assert "rows.csv:2:type: 'Large Compny' is not one of:" in run.err, run
    assert "; did you mean 'large_company'?" in run.err, run


def test_a_yaml_kind_and_a_status_typo_get_suggestions(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "rows.yaml"
    path.write_text(
        "- {kind: evnet, title: Setkání, start: 2024-03-01}\n"
        "- {kind: member, title: ACME, start: 2024-01-01, status: verifed}\n",
        encoding="utf-8",
    )
    run = refused(cli, path)
    assert "rows.yaml:1:10: unknown kind 'evnet'; use one of" in run.err, run
    assert "did you mean 'event'?" in run.err, run
    assert (
        "rows.yaml:2:status: 'verifed' is not one of draft, submitted, verified, rejected, "
        "needs_info; did you mean 'verified'?"
    ) in run.err, run


CHOICE_FIELDS = sorted(
    {(kind, name): info for kind in KINDS for name, info in kind_fields(kind).items()
     if info.type == "choice"}.items()
)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "info"), [pytest.param(k, i, id=f"{k}.{f}") for (k, f), i in CHOICE_FIELDS]
)
def test_every_choice_field_suggests_the_choice_a_typo_meant(kind: str, info: Any) -> None:
    """Each choice of each choice field, typed with one letter doubled and in capitals,
    is refused with that choice suggested."""
    assert info.choices, info
    for choice in info.choices:
        typo = (choice[:2] + choice[1] + choice[2:]).upper().replace("_", " ")
        with pytest.raises(CellError) as caught:
            coerce(info, typo)
        assert f"did you mean {choice!r}" in str(caught.value), (kind, info.name, typo)


def test_a_word_far_from_every_choice_gets_no_suggestion() -> None:
    info = kind_fields("member")["type"]
    with pytest.raises(CellError) as caught:
        coerce(info, "unicorn")
    assert str(caught.value) == (
        "'unicorn' is not one of: sme, large_company, startup, research, university, public, "
        "association, other"
    )


# -- the notation, cell by cell ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("12.500,50", "amount_eur", 12500.5),
        ("12 500,50", "budget_eur", 12500.5),
        ("-1 250,5", "amount_eur", -1250.5),
        ("1,250,000.5", "amount_eur", 1250000.5),
        ("45 000,- Kč", "amount_eur", None),
        ("12,5", "hours", 12.5),
        ("0,250", "hours", 0.25),  # 0 thousands is nobody's notation
        ("1250,500", "hours", 1250.5),  # thousands come in threes
        ("1.250", "hours", 1.25),  # a point alone keeps the meaning it always had
        ("1.250", "participants", 1250.0),  # but a whole number has no decimals
        ("1,250", "participants", 1250.0),
        ("1 2 3", "hours", None),  # spaces only between threes
        ("12,50,0", "amount_eur", None),
        ("1e3", "hours", 1000.0),
        ("many", "hours", None),
        ("45 €", "hours", None),
        ("75 %", "satisfaction", 75.0),
    ],
)
def test_the_notation(text: str, field: str, value: float | None) -> None:
    whole = field == "participants"
    if value is None:
        with pytest.raises(NumberError):
            read_number(text, field, whole=whole)
    else:
        assert read_number(text, field, whole=whole) == value
