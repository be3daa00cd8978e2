"""Every sentence a reader sees has its Czech translation, in every plural form.

The engine words its sentences as messages (`evidence.messages.M`, `Mp`) and names its
vocabulary as terms (`evidence.terms`); the reports add their own words (`_`, `n_`).
This test extracts them as `pybabel` does (keywords of reports/locale/babel.cfg) from
the reports, the assessment and the message modules, adds every vocabulary key's
English word, and fails on any without a Czech translation in every form (Czech has
three plural forms). A Czech string that drops or invents a `{placeholder}` is caught
too (a dropped one is allowed only for the English-only catalogue texts, `description`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from evidence.messages import M, apart, num, render
from evidence.term_keys import all_terms
from evidence.terms import word
from reports.i18n import LOCALE_DIR

from .report_fixtures import build, pdf_words

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "n_": (1, 2),
    "M": None,
    "Mp": (1, 2),
    "N_": None,
    "C_": ((1, "c"), 2),
}
ENGINE_KEYWORDS = {"M": None, "Mp": (1, 2)}
METHODS = [("templates/**.html", "jinja2"), ("templates/**.css", "jinja2"), ("**.py", "python")]
# droppable placeholders: catalogue text that the catalogue does not translate
DROPPABLE = {"description"}


def czech() -> Catalog:
    with (LOCALE_DIR / "cs" / "LC_MESSAGES" / "clex.po").open("rb") as fh:
        return read_po(fh, locale="cs")


def marked() -> list[tuple[str | tuple[str, str], str | None]]:
    """Every msgid the code marks with its gettext context, as pybabel extracts them."""
    found: list[tuple[str | tuple[str, str], str | None]] = []
    for folder in ("reports", "assessment"):
        for _f, _l, msg, _c, context in extract_from_dir(
            str(ROOT / folder), method_map=METHODS, keywords=KEYWORDS
        ):
            found.append((msg, context))
    for path in ("evidence/messages.py", "evidence/terms.py"):
        for _l, msg, _c, context in extract_from_file(
            "python", str(ROOT / path), keywords=KEYWORDS
        ):
            found.append((msg, context))
    # the rest of the engine's messages: an import's problems (evidence.cells, .validate,
    # .import_rules, the readers), shown in the web page's language
    for _f, _l, msg, _c, context in extract_from_dir(
        str(ROOT / "evidence"), method_map=[("**.py", "python")], keywords=ENGINE_KEYWORDS
    ):
        found.append((msg, context))
    return found


def msgids() -> list[str | tuple[str, str]]:
    """Every msgid the code marks (without a context), and every term's word."""
    found = [msg for msg, context in marked() if context is None]
    found.extend(word(key) for key in all_terms())
    return list(dict.fromkeys(found))


def test_every_message_in_a_context_has_its_czech_form() -> None:
    """A unit after a decimal number is a message of its own (context "a decimal
    number"): Czech says "1,25 bodu", none of its three plural forms."""
    catalog = czech()
    wanted = [(msg, context) for msg, context in marked() if context is not None]
    assert ("{v} points", "a decimal number") in wanted
    missing = []
    for msg, context in wanted:
        found = catalog.get(msg if isinstance(msg, str) else msg[0], context)
        if found is None or not found.string:
            missing.append((msg, context))
    assert missing == []


def test_every_message_and_term_has_every_czech_form() -> None:
    catalog = czech()
    assert catalog.num_plurals == 3
    # a plural marked as two N_() (evidence.messages._UNIT_WORDS) is one plural entry
    plurals = {m.id[1]: m for m in catalog if isinstance(m.id, tuple)}
    missing = []
    for msg in msgids():
        msgid = msg if isinstance(msg, str) else msg[0]
        found = catalog.get(msgid) or plurals.get(msgid)
        if found is None:
            missing.append(msgid)
            continue
        forms = [found.string] if isinstance(found.string, str) else list(found.string)
        wanted = 3 if isinstance(msg, tuple) or isinstance(found.id, tuple) else 1
        if len(forms) < wanted or not all(forms):
            missing.append(msgid)
    assert missing == []


def test_czech_keeps_the_placeholders() -> None:
    """A translation that names a placeholder the msgid lacks renders "{x}" to a reader;
    one that drops a number drops what the sentence is about."""
    wrong = []
    for message in czech():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else message.string
        names = set().union(*(set(re.findall(r"\{(\w+)\}", i)) for i in ids))
        for text in strings:
            got = set(re.findall(r"\{(\w+)\}", text or ""))
            if got - names or (names - got - DROPPABLE - {"n"}):
                wrong.append((message.id, text))
    assert wrong == []


def test_the_keywords_find_the_engine_sentences() -> None:
    """The extraction finds what the engine says (a keyword lost would pass vacuously)."""
    found = {m if isinstance(m, str) else m[0] for m in msgids()}
    for msgid in (
        "{records} {scope}",
        "active on {day}",
        "{field} at least {value}",
        "{n} rejected record was not counted",
        "fee-paying",
        "large company",
        "a self-assessment",
        "{value} is not a real date (no such day)",
        "{field} is required",
    ):
        assert msgid in found, msgid


# -- the Czech report, as a reader sees it ---------------------------------------------------

# English words of the engine's sentences that a Czech reader must never meet
ENGLISH = (
    "records",
    "active on",
    "at least",
    "per year",
    "points",
    "of the",
    "below",
    "reaches",
    "needs",
    "is one of",
    "more than",
    "has no value",
)


@pytest.fixture(scope="module")
def czech_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample cluster's report (tests/report_fixtures.py) in Czech, as pdftotext
    extracts it: the same pages the demo writes, with trend and peers."""
    from reports import write_report

    data = build(tmp_path_factory.mktemp("czech"))
    pdf = tmp_path_factory.mktemp("pdf") / "zprava.pdf"
    write_report(data.own, pdf, lang="cs", compare=[data.previous], peers=data.peers)
    return pdf_words(pdf)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_czech_report_says_the_engine_sentences_in_czech(czech_text: str) -> None:
    text = czech_text
    found = [w for w in ENGLISH if re.search(rf"\b{w}\b", text)]
    assert found == [], [text[max(0, text.find(w) - 80) : text.find(w) + 80] for w in found]
    assert "$" not in text
    assert re.findall(r"[^\W\d_]+_[^\W\d_]+", text) == []  # a field or choice name
    assert " = " not in text and ".." not in text
    # the engine's sentences are there, in Czech, with the cluster's own values
    for czech in ("záznamy typu člen", "s platností k 31. 12. 2024", "závazný: ano"):
        assert czech in text, czech


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_czech_report_names_labels_and_numbers_the_czech_way(czech_text: str) -> None:
    """One name for a label ("certifikát Gold"), "ze 2" not "z 2", no command lines and
    no English status or severity word in the Czech PDF."""
    text = czech_text
    for wrong in (
        "Zlatý certifikát",
        "Bronzový",
        "zlatého stupně",
        "zlatým stupněm",
        "úrovni Gold",
    ):
        assert wrong not in text, wrong
    assert "certifikát Gold" in text and "certifikát Bronze" in text
    assert "vyděleno" not in text
    assert re.findall(r"\bz (?:2|3|4|7|12|13|14|17)\b", text) == []
    assert "clex assess" not in text and "--improvements" not in text
    assert re.findall(r"\b(?:submitted|verified|warning|info|metric|judgement)\b", text) == []
    assert re.findall(r"\d+,\d+ bodů", text) == []  # a decimal: "1,25 bodu"


def test_a_value_within_rounding_of_its_mark_is_the_mark() -> None:
    """0.7 + 0.1 FTE is 0.7999999999999999, which meets "at least 0.8" (`Step.holds`
    allows 1e-9): it reads "0.8", not with six decimals, and so does its cell."""
    assert apart(0.7 + 0.1, 0.8, "fte") == 2
    assert apart(35 - 1e-13, 35, "percent") == 2


def test_money_under_a_hundred_keeps_its_cents_in_the_workbook() -> None:
    """€49.60 beside "at least €50" read "50 €" in its cell while the PDF said €49.60."""
    from reports.excel_peers import value_format
    from reports.i18n import Lang

    en = Lang("en")
    assert value_format("eur", en, 2, 49.6) == '#,##0.00" €"'
    assert value_format("eur", en, 2, 49.0) == value_format("eur", en, 2, 4_999.6) == '#,##0" €"'


@pytest.mark.parametrize(
    ("value", "mark", "unit", "digits", "shown"),
    [
        (0.4999, 0.5, "", 4, "0.4999"),  # two decimals read 0.5
        (0.47, 0.5, "", 2, "0.47"),  # already apart: the usual two
        (79.96, 80.0, "percent", 3, "79.96\u00a0%"),  # a percentage: one decimal less
        (79.5, 80.0, "percent", 2, "79.5\u00a0%"),
        (0.5, 0.5, "", 2, "0.5"),  # the mark itself
        (87.3, 90.0, "percent", 2, "87.3\u00a0%"),
        # money of €100 or more shows no cents, unless they keep it from its mark
        (49_999.6, 50_000.0, "eur", 3, "€49,999.60"),
        (49_999.999, 50_000.0, "eur", 5, "€49,999.999"),
        (48_000.4, 50_000.0, "eur", 2, "€48,000"),
        (1_999.6, 2_000.0, "hours", 3, "1,999.6 hours"),  # a large number: no decimals
        (1_999.6, 1_500.0, "hours", 2, "2,000 hours"),  # ... where none reads as the mark
    ],
)
def test_a_value_is_shown_apart_from_its_mark(
    value: float, mark: float, unit: str, digits: int, shown: str
) -> None:
    assert apart(value, mark, unit) == digits
    assert render(M("{v}", v=num(value, unit, digits))) == shown  # type: ignore[arg-type]


def test_a_percentage_asked_for_no_decimals_shows_none() -> None:
    assert render(M("{v}", v=num(87.3, "percent", 0))) == "87\u00a0%"  # names 87 % alike
    assert render(M("{v}", v=num(87.34, "percent"))) == "87.3\u00a0%"
