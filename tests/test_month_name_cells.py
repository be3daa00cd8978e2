"""Dates typed with a month's name in a workbook or CSV are read (s25, minor finding).

A Czech manager types "15. března 2019" or "leden 2025" into a date column as into a
letter, a German one "3. März 2025". Each story writes the file as its program would
(openpyxl's text cells, a semicolon CSV), imports it through the command line and reads
back what was stored: the day when a day is written, the whole month or year with its
`date_precision` when only those are. A name that means different months in different
languages is read in the workbook's language: the cluster's country's, else the file's
other month names'; refused, with what to write, only when neither settles it, as are
a word that is no month and a month in a field that needs a day; nothing imported then.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.conftest import Run


@pytest.fixture
def cli(clex: Callable[..., Run]) -> Callable[..., Run]:
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    return clex


def stored(cli: Callable[..., Run]) -> dict[str, tuple[Any, Any, Any]]:
    """Title -> (start, end, date_precision) as `clex evidence list --json` gives them."""
    run = cli("evidence", "list", "--cluster", "nano", "--json")
    assert run.code == 0, run
    return {
        r["title"]: (r["start"], r.get("end"), r["date_precision"]) for r in json.loads(run.out)
    }


def test_czech_and_german_month_names_in_a_workbook(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "evidence.xlsx"
    wb = Workbook()
    events = wb.active
    assert events is not None
    events.title = "event"
    events.append(["title", "start", "end", "role", "format"])
    events.append(["Valná hromada", "15. března 2019", None, "organiser", "general_assembly"])
    events.append(["Messe", "3. März 2025", "5. März 2025", "exhibitor", "fair"])
    events.append(["Letní škola", "červen 2024", "srpen 2024", "organiser", "training"])
    news = wb.create_sheet("communication")
    news.append(["title", "start", "channel"])
    news.append(["Zpravodaj leden", "leden 2025", "newsletter"])  # nominative: a month
    news.append(["Zpravodaj říjen", "října 2025", "newsletter"])  # genitive: a month
    news.append(["Rundbrief Februar", "Februar 2025", "newsletter"])
    news.append(["Jahresbericht", "2019", "newsletter"])  # a year
    members = wb.create_sheet("member")
    members.append(["title", "joined", "type"])
    members.append(["Nanovlákna s.r.o.", "1. října 2020", "sme"])
    members.append(["Glas GmbH", "Juli 2021", "sme"])  # known to the month, ongoing
    wb.save(path)
    run = cli("import", str(path), "--cluster", "nano")
    assert run.code == 0, run
    assert stored(cli) == {
        "Valná hromada": ("2019-03-15", None, "day"),
        "Messe": ("2025-03-03", "2025-03-05", "day"),
        "Letní škola": ("2024-06-01", "2024-08-31", "month"),
        "Zpravodaj leden": ("2025-01-01", "2025-01-31", "month"),
        "Zpravodaj říjen": ("2025-10-01", "2025-10-31", "month"),
        "Rundbrief Februar": ("2025-02-01", "2025-02-28", "month"),
        "Jahresbericht": ("2019-01-01", "2019-12-31", "year"),
        "Nanovlákna s.r.o.": ("2020-10-01", None, "day"),
        "Glas GmbH": ("2021-07-01", None, "month"),
    }


def test_month_names_in_a_csv(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "kind;title;start;end;channel\n"
        "communication;Zpravodaj 1;15. ledna 2025;;newsletter\n"
        "communication;Zpravodaj 2;únor 2025;;newsletter\n"
        "communication;Quartal;Januar 2025;März 2025;newsletter\n"
        "communication;Newsletter 4;2025-04;;newsletter\n"
        "communication;Newsletter 5;5/2025;;newsletter\n",
        encoding="utf-8",
    )
    run = cli("import", str(path), "--cluster", "nano")
    assert run.code == 0, run
    assert stored(cli) == {
        "Zpravodaj 1": ("2025-01-15", None, "day"),
        "Zpravodaj 2": ("2025-02-01", "2025-02-28", "month"),
        "Quartal": ("2025-01-01", "2025-03-31", "month"),
        "Newsletter 4": ("2025-04-01", "2025-04-30", "month"),
        "Newsletter 5": ("2025-05-01", "2025-05-31", "month"),
    }


def test_ambiguous_unknown_and_dayless_dates_are_refused(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "kind;title;start;date_precision;channel\n"
        "communication;A;listopada 2025;;newsletter\n"  # Polish November, Croatian October
        "communication;B;foo 2025;;newsletter\n"
        "communication;C;leden 2025;day;newsletter\n"
        "communication;D;31. února 2025;;newsletter\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs.csv"
    docs.write_text(
        "kind;title;start;doc_type;approved_on\ndocument;Strategie;1.3.2022;strategy;březen 2022\n",
        encoding="utf-8",
    )
    run = cli("import", str(path), str(docs), "--cluster", "nano")
    assert run.code == 1, run
    assert (
        "news.csv:2:start: 'listopada 2025' is not a date: 'listopada' names different "
        "months in different languages, and neither the cluster's country nor the file's "
        "other month names settle which; write 2024-03-31 or 31.3.2024"
    ) in run.err, run
    assert "news.csv:3:start: 'foo 2025' is not a date; write 2024-03-31 or 31.3.2024" in run.err
    assert (
        "news.csv:4:start: 'leden 2025' gives only the month or year, but the row's "
        "date_precision is day: leave date_precision empty, or write the day"
    ) in run.err, run
    assert "news.csv:5:start: '31. února 2025' is not a real date (no such day)" in run.err
    assert (
        "docs.csv:2:approved_on: 'březen 2022' gives only the month or year; this field "
        "needs the day: write 2024-03-31 or 31.3.2024"
    ) in run.err, run
    assert stored(cli) == {}


@pytest.mark.parametrize(("country", "month"), [("CZ", "11"), ("HR", "10"), ("PL", "11")])
def test_a_month_of_two_meanings_is_read_in_the_clusters_language(
    clex: Callable[..., Run], tmp_path: Path, country: str, month: str
) -> None:
    """ "listopad" is November in Czech and Polish, October in Croatian: a Czech manager's
    "listopad 2025" was refused; the cluster's country settles it."""
    assert clex("init", "--cluster", "c", "--name", "C", "--country", country).code == 0
    path = tmp_path / "evidence.xlsx"
    wb = Workbook()
    news = wb.active
    assert news is not None
    news.title = "communication"
    news.append(["title", "start", "channel"])
    news.append(["Zpravodaj", "listopad 2025", "newsletter"])
    wb.save(path)
    run = clex("import", str(path), "--cluster", "c")
    assert run.code == 0, run
    done = clex("evidence", "list", "--cluster", "c", "--json")
    got = {
        r["title"]: (r["start"], r.get("end"), r["date_precision"]) for r in json.loads(done.out)
    }
    end = "2025-11-30" if month == "11" else "2025-10-31"
    assert got == {"Zpravodaj": (f"2025-{month}-01", end, "month")}, got


def test_a_file_of_one_language_settles_it_where_the_country_does_not(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """An Austrian cluster's file written in Czech: "března" and "leden" are Czech only,
    so "listopad" in the row before them is Czech November. The same word in a file with
    no other month name is refused: nothing settles it."""
    assert clex("init", "--cluster", "at", "--name", "AT", "--country", "AT").code == 0
    path = tmp_path / "news.csv"
    path.write_text(
        "kind;title;start;channel\n"
        "communication;Listopad;listopad 2025;newsletter\n"
        "communication;Březen;15. března 2025;newsletter\n"
        "communication;Leden;leden 2025;newsletter\n",
        encoding="utf-8",
    )
    run = clex("import", str(path), "--cluster", "at")
    assert run.code == 0, run
    done = clex("evidence", "list", "--cluster", "at", "--json")
    got = {r["title"]: r["start"] for r in json.loads(done.out)}
    assert got == {"Listopad": "2025-11-01", "Březen": "2025-03-15", "Leden": "2025-01-01"}
    alone = tmp_path / "alone.csv"
    alone.write_text(
        "kind;title;start;channel\ncommunication;B;listopad 2025;newsletter\n", encoding="utf-8"
    )
    run = clex("import", str(alone), "--cluster", "at")
    assert run.code == 1 and "'listopad' names different months" in run.err, run
