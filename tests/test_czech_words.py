"""The Czech report in Czech words: numbers with the right forms, titles, statuses.

What a Czech reader stumbled on (issue 16, review items 14-18, 31-32): a decimal number
with the plural of five ("1,25 bodů" for "1,25 bodu"), "z 2" for "ze 2", catalogue titles
left English inside the engine's sentences ("zlepšení Strategy, action plan ..."), tags
and language codes ("štítky zahrnují digital", "jazyky zahrnují en"), and the workbook's
statuses, severities and methods as English codes. These tests read the real outputs:
the Czech workbook's cells (openpyxl) and sentences rendered as the report renders them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from assessment.labels import below_gold, of_points
from assessment.snapshot import IndicatorResult
from evidence.messages import M, term, titled
from reports import write_report
from reports.context import sentences
from reports.i18n import Lang, catalogue_titles

from .report_fixtures import ReportData, build

# Czech says "ze" before a number pronounced with s, z, š, ž, č, t + consonant at the start
ZE = (2, 3, 4, 6, 7, 12, 13, 14, 16, 17, 22, 23, 24, 26, 27, 100)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("czech-words"))


@pytest.fixture(scope="module")
def wb(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    out = tmp_path_factory.mktemp("xlsx") / "zprava.xlsx"
    return load_workbook(write_report(data.own, out, lang="cs", compare=[data.previous]))


def column(wb: Workbook, sheet: str, title: str) -> list[Any]:
    rows = list(wb[sheet].iter_rows(values_only=True))
    at = list(rows[0]).index(title)
    return [r[at] for r in rows[1:] if r and r[at] not in (None, "")]


def test_a_decimal_takes_its_own_czech_form() -> None:
    def spaced(lang: Lang) -> Any:  # a report keeps a value with its unit: no-break spaces
        return lambda value, unit: lang.value(value, unit).replace("\u00a0", " ")

    cs, en = spaced(Lang("cs")), spaced(Lang("en"))
    assert cs(1.25, "points") == "1,25 bodu"
    assert cs(16.6, "years") == "16,6 roku"
    assert cs(2.5, "hours") == "2,5 hodiny"
    assert cs(0.5, "fte") == "0,5 úvazku (FTE)"
    assert cs(4, "fte") == "4 úvazky (FTE)"
    assert cs(1, "fte") == "1 úvazek (FTE)"
    assert cs(5, "points") == "5 bodů"
    assert cs(1.001, "points") == "1 bod"  # shown as a whole number, read as one
    assert (en(1.25, "points"), en(4, "fte")) == ("1.25 points", "4 FTE")


def test_below_the_gold_step_names_the_maximum_and_the_gold_step() -> None:
    """S7 at 1 point, its Gold step 2 of 3: "1 of 2 points" read as if 2 were its maximum."""
    s7 = IndicatorResult(
        id="S7", area="structure", title="International participants", method="metric",
        value=1, points=1, max_points=3, weight=1, gold_points=2, gold_met=False, explanation="",
    )  # fmt: skip
    assert Lang("en").msg(below_gold(s7)) == "1 of 3 points, its Gold step needs 2"
    assert Lang("cs").msg(below_gold(s7)) == (
        "1 ze 3 bodů, jeho stupeň pro certifikát Gold vyžaduje 2"
    )


def test_of_points_says_ze_where_czech_does() -> None:
    cs = Lang("cs")
    said = {n: cs.msg(of_points(0, n)) for n in range(1, 30)}
    assert said[1] == "0 z 1 bodu"
    assert said[2] == "0 ze 2 bodů" and said[3] == "0 ze 3 bodů"
    wrong = [s for n, s in said.items() if n in ZE and re.search(rf"\bz {n}\b", s)]
    assert wrong == []
    assert all(not re.search(r"\bze (5|8|9|10|11|15|20|21|25)\b", s) for s in said.values())


def test_tags_and_languages_are_words() -> None:
    cs = Lang("cs")
    tags = M("{field} include {value}", field=term("field:tags"), value=term("tag:digital"))
    langs = M("{field} include {value}", field=term("field:languages"), value=term("language:en"))
    assert cs.msg(tags) == "štítky zahrnují hodnotu digitální transformace"
    assert cs.msg(langs) == "jazyky zahrnují hodnotu angličtina"
    assert str(langs) == "languages include English"


def test_catalogue_titles_in_the_silver_reasons_are_czech(data: ReportData) -> None:
    """The engine marks a catalogue title with what it titles; the snapshot carries the
    Czech titles of indicators, labels and improvement topics (Silver)."""
    snap = data.own
    say = sentences(snap, catalogue_titles(snap, "cs"), Lang("cs"))
    topic = M(
        "improvement {name}: reaches the Gold step; no earlier points to compare",
        name=titled("topic:strategy", "Strategy, action plan and monitoring"),
    )
    indicator = M(
        "improvement {name}: reaches the Gold step; no earlier points to compare",
        name=M("{id} {title}", id="S1", title=titled("indicator:S1", "whatever English")),
    )
    rules = M("the {label} rules hold", label=titled("label:bronze", "Bronze"))
    assert say(topic).startswith("oblast zlepšení „Strategie, akční plán a jejich sledování“")
    assert say(indicator).startswith("oblast zlepšení „S1 Členové klastru se závazkem“")
    assert say(rules) == "pravidla pro certifikát Bronze jsou splněna"
    assert str(topic).startswith("improvement Strategy, action plan and monitoring")
    # a record's title that happens to equal a catalogue title is the user's own: kept
    day = date(2026, 1, 1)
    own = M(
        "{id} ({title}) expires on {day}, before the period ends", id="d", title="Gold", day=day
    )
    assert "(Gold)" in say(own)


def test_the_czech_workbook_says_statuses_severities_and_methods_in_czech(wb: Workbook) -> None:
    statuses = {"koncept", "předloženo", "ověřeno", "zamítnuto", "chybí informace"}
    assert set(column(wb, "Doklady", "Stav")) <= statuses
    assert "ověřeno" in column(wb, "Doklady", "Stav")
    assert set(column(wb, "Zjištění", "Závažnost")) <= {"chyba", "upozornění", "poznámka"}
    assert set(column(wb, "Ukazatele", "Metoda")) == {"výpočet z dokladů", "posouzení hodnotitele"}
    summary = {r[0]: r[1] for r in wb["Souhrn"].iter_rows(values_only=True) if r and r[0]}
    counted = summary["Započtené doklady"]
    assert not re.search(r"submitted|verified|draft", counted), counted
    assert "ověřeno" in counted
    assert "Certifikát Gold" in summary  # a label's row, its title as a table starts it


def test_the_english_workbook_says_note_not_info(
    data: ReportData, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out: Path = tmp_path_factory.mktemp("en") / "report.xlsx"
    wb = load_workbook(write_report(data.own, out, lang="en"))
    assert "info" not in column(wb, "Findings", "Severity")
    assert set(column(wb, "Indicators", "Method")) <= {
        "computed from records",
        "assessor's judgement",
    }


def test_every_czech_message_keeps_the_english_ones_values() -> None:
    """A translation that leaves out a value its English message gives says less than
    the English (`msgfmt -c` refused the catalogue for 'hodnocení posuzovatele alespoň
    {points}', which dropped the level the judgement asks for); one that adds a value
    fails at run time. Babel's own check knows only %-formats, not these braces."""
    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[1] / "reports/locale/cs/LC_MESSAGES/clex.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    names = re.compile(r"\{(\w+)[^{}]*\}")
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(names.findall(i) for i in ids))
        may_drop = {"n"} if len(ids) > 1 else set()  # "jeden krok" needs no count
        for text in strings:
            found = set(names.findall(text))
            if text and (found - wanted or wanted - found - may_drop):
                wrong.append((ids[0], text))
    assert wrong == []
