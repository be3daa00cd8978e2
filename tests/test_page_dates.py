"""Tests of the date-expression reader (`evidence.pages.dates`): form by form in each
language, sentences that hold no date, dates without a year and `resolve`, and pages
crafted to make the patterns backtrack. The annotated development pages are read at run
time (skipped where absent); only short date phrases appear here.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from evidence.pages.dates import DateSpan, PartialDate, find_dates, find_partial_dates, resolve
from evidence.pages.months import month_of

D = date
PAGES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "pages"

# (text, matched text, start, end, precision, end_precision)
FORMS = [
    # English
    ("held 23-24 October 2019 in", "23-24 October 2019", D(2019, 10, 23), D(2019, 10, 24), "day", None),
    ("11-12 December 2023", "11-12 December 2023", D(2023, 12, 11), D(2023, 12, 12), "day", None),
    ("on 24, 25, 26 March 2015,", "24, 25, 26 March 2015", D(2015, 3, 24), D(2015, 3, 26), "day", None),
    ("On 12th and 13th June 2015 the", "12th and 13th June 2015", D(2015, 6, 12), D(2015, 6, 13), "day", None),
    ("on the 25th of October 2016", "25th of October 2016", D(2016, 10, 25), D(2016, 10, 25), "day", None),
    ("on 1st May 2019", "1st May 2019", D(2019, 5, 1), D(2019, 5, 1), "day", None),
    ("Jun 30, 2012", "Jun 30, 2012", D(2012, 6, 30), D(2012, 6, 30), "day", None),
    ("Start date: Jun 30, 2012, End date: Jun 29, 2013 X",
     "Start date: Jun 30, 2012, End date: Jun 29, 2013", D(2012, 6, 30), D(2013, 6, 29), "day", None),
    ("June 2019 - March 2020", "June 2019 - March 2020", D(2019, 6, 1), D(2020, 3, 31), "month", None),
    ("June 2019 - 3 May 2020", "June 2019 - 3 May 2020", D(2019, 6, 1), D(2020, 5, 3), "month", "day"),
    ("in June 2020 we", "June 2020", D(2020, 6, 1), D(2020, 6, 30), "month", None),
    ("the 2016 - 2018 project", "2016 - 2018", D(2016, 1, 1), D(2018, 12, 31), "year", None),
    ("It lasted from 2016 to 2018.", "from 2016 to 2018", D(2016, 1, 1), D(2018, 12, 31), "year", None),
    ("met in 2019.", "in 2019", D(2019, 1, 1), D(2019, 12, 31), "year", None),
    ("on 2017-07-01", "2017-07-01", D(2017, 7, 1), D(2017, 7, 1), "day", None),
    ("(01/07/2017)", "(01/07/2017)", D(2017, 7, 1), D(2017, 7, 1), "day", None),
    # Czech
    ("od 8. do 12. května 2017", "od 8. do 12. května 2017", D(2017, 5, 8), D(2017, 5, 12), "day", None),
    ("od října 2011 do září 2014", "od října 2011 do září 2014", D(2011, 10, 1), D(2014, 9, 30), "month", None),
    ("projekt 3/2010 – 2/2013", "3/2010 – 2/2013", D(2010, 3, 1), D(2013, 2, 28), "month", None),
    ("ve dnech 15. - 17. 4. 2013 v", "15. - 17. 4. 2013", D(2013, 4, 15), D(2013, 4, 17), "day", None),
    ("konané 1.-2.9.2015", "1.-2.9.2015", D(2015, 9, 1), D(2015, 9, 2), "day", None),
    ("dne 1. 4. 2016", "1. 4. 2016", D(2016, 4, 1), D(2016, 4, 1), "day", None),
    ("7.-8. 12. 2022", "7.-8. 12. 2022", D(2022, 12, 7), D(2022, 12, 8), "day", None),
    ("v červnu 2020 v Bruselu", "červnu 2020", D(2020, 6, 1), D(2020, 6, 30), "month", None),
    ("v roce 2019 se", "v roce 2019", D(2019, 1, 1), D(2019, 12, 31), "year", None),
    ("1. a 2. června 2019", "1. a 2. června 2019", D(2019, 6, 1), D(2019, 6, 2), "day", None),
    # Slovak
    ("v dňoch 7-8.12.2022", "7-8.12.2022", D(2022, 12, 7), D(2022, 12, 8), "day", None),
    ("dňa 28.11.2022 pod", "28.11.2022", D(2022, 11, 28), D(2022, 11, 28), "day", None),
    ("v júni 2020", "júni 2020", D(2020, 6, 1), D(2020, 6, 30), "month", None),
    ("v roku 2019", "v roku 2019", D(2019, 1, 1), D(2019, 12, 31), "year", None),
    ("12. októbra 2021", "12. októbra 2021", D(2021, 10, 12), D(2021, 10, 12), "day", None),
    # German
    ("vom 20. bis 28. April 2017", "vom 20. bis 28. April 2017", D(2017, 4, 20), D(2017, 4, 28), "day", None),
    ("im Juni 2020", "Juni 2020", D(2020, 6, 1), D(2020, 6, 30), "month", None),
    ("im Jahr 2019 hat", "im Jahr 2019", D(2019, 1, 1), D(2019, 12, 31), "year", None),
    ("am 3. März 2021", "3. März 2021", D(2021, 3, 3), D(2021, 3, 3), "day", None),
    ("Laufzeit: 01.01.2017 - 31.12.2019", "01.01.2017 - 31.12.2019", D(2017, 1, 1), D(2019, 12, 31), "day", None),
    # Polish
    ("W dniach 31 marca – 1 kwietnia 2016 roku", "31 marca – 1 kwietnia 2016", D(2016, 3, 31), D(2016, 4, 1), "day", None),
    ("w czerwcu 2020", "czerwcu 2020", D(2020, 6, 1), D(2020, 6, 30), "month", None),
    ("w roku 2019", "w roku 2019", D(2019, 1, 1), D(2019, 12, 31), "year", None),
    ("w 2019 roku", "w 2019 roku", D(2019, 1, 1), D(2019, 12, 31), "year", None),
    ("12 października 2018", "12 października 2018", D(2018, 10, 12), D(2018, 10, 12), "day", None),
    ("od 1 lutego 2024 r. do 30 czerwca 2025 r.", "od 1 lutego 2024 r. do 30 czerwca 2025",
     D(2024, 2, 1), D(2025, 6, 30), "day", None),
    # month names of other EU languages
    ("du 12 au 15 mai 2019", "du 12 au 15 mai 2019", D(2019, 5, 12), D(2019, 5, 15), "day", None),
    ("el 12 de mayo de 2019", "12 de mayo de 2019", D(2019, 5, 12), D(2019, 5, 12), "day", None),
    ("dal 3 al 5 giugno 2019", "dal 3 al 5 giugno 2019", D(2019, 6, 3), D(2019, 6, 5), "day", None),
    ("van 3 tot 5 juni 2019", "van 3 tot 5 juni 2019", D(2019, 6, 3), D(2019, 6, 5), "day", None),
    ("2019. március 12.", "2019. március 12.", D(2019, 3, 12), D(2019, 3, 12), "day", None),
    # Hungarian ranges and numeric dates put the year first
    ("2024. május 6–7. között", "2024. május 6–7.", D(2024, 5, 6), D(2024, 5, 7), "day", None),
    ("2024. május 30. – június 1. között", "2024. május 30. – június 1.", D(2024, 5, 30),
     D(2024, 6, 1), "day", None),
    ("Időtartam: 2022. 03. 01. – 2024. 02. 29.", "2022. 03. 01. – 2024. 02. 29.",
     D(2022, 3, 1), D(2024, 2, 29), "day", None),
    # Roman-numeral months (capitals only)
    ("ve středu 9. X. 2024 v", "9. X. 2024", D(2024, 10, 9), D(2024, 10, 9), "day", None),
    ("ve dnech 21.–23. III. 2023", "21.–23. III. 2023", D(2023, 3, 21), D(2023, 3, 23), "day", None),
    # start and end labels of a few words
    ("Začátek projektu: 1. 4. 2021\nKonec projektu: 31. 3. 2023 ",
     "Začátek projektu: 1. 4. 2021\nKonec projektu: 31. 3. 2023", D(2021, 4, 1), D(2023, 3, 31),
     "day", None),
    ("Beginn der Laufzeit: 01.02.2020, Ende der Laufzeit: 31.01.2022",
     "Beginn der Laufzeit: 01.02.2020, Ende der Laufzeit: 31.01.2022", D(2020, 2, 1),
     D(2022, 1, 31), "day", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "matched", "start", "end", "precision", "end_prec"), FORMS)
def test_forms(
    text: str, matched: str, start: date, end: date, precision: str, end_prec: str | None
) -> None:
    spans = find_dates(text)
    assert len(spans) == 1, spans
    span = spans[0]
    assert (span.text, span.start, span.end) == (matched, start, end)
    assert (span.precision, span.end_precision, span.year_from) == (precision, end_prec, None)
    assert text[span.offset : span.offset + len(span.text)] == span.text


NO_DATES = [
    # English: modal "may", the verb "march", years in names, numbers that are not days
    "They may march through Brno.", "Expo Milano 2015 and Horizon 2020", "since 1992",
    "version 1.2 at 10.30, the 2. edition", "in 2012 and 2016 the cluster", "from the 1st May 201",
    "02/30/2017", "2.22.2017", "31.2.2017", "29 February 2019", "2019 - 2019", "1990 - 2060",
    "Golden Cluster 2016", "152 160 EUR, approx. 3.7 Mio.", "see https://x.cz/7-12-2022-den/",
    # Czech: "září" shines, "pro" for, targets and open starts
    "Slunce září nad Brnem.", "Plán pro 2019 byl schválen.", "Strategie do roku 2030.",
    "Členem je od roku 2016.", "List papíru, 2. ročník", "Obsadili 3. místo z 12.",
    # Slovak
    "Stretnutie sa konalo v spomenutých dňoch.", "Máme 12 členov a 2 projekty.",
    # German: "Sie" (formal you) is not Polish "sie" (August)
    "Als Sie 2019 kamen", "Die 2. Clusterwoche Deutschland", "Seit 2015 wächst der Verband.",
    # Polish: "lis" a fox, "maj" only with a day or year
    "Lis 2019 razy", "Spotkanie odbyło się w Katowicach.",
    # lower-case "v", "i" are words, not Roman months
    "Sešli se 5. v 2019 ročníku", "Part 2. i. 2019 edition",
]  # fmt: skip


@pytest.mark.parametrize("text", NO_DATES)
def test_sentences_without_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text", ["Slunce září.", "version 1.2. at 10.30", "the 2. edition", "1. 2. 3. 4.",
             "Kapitel 1.2. und 3.4.5.", "ISO 9001", "Top 10 list"],
)  # fmt: skip
def test_text_without_partial_dates(text: str) -> None:
    assert find_partial_dates(text) == []


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # a bare connector before a colon is prose, not an end label
        ("Workshop 12 May 2024, to the partners: 14 June 2024 we send the report.", 2),
        ("Od 1. 3. 2024 do nás zavítali: 12. 5. 2024 hosté.", 2),
        # a count after a Hungarian date is not the range's second day (that has its dot)
        ("2025. április 9. – 12 résztvevő", 1),
    ],
)
def test_two_dates_are_not_joined_by_prose(text: str, days: int) -> None:
    spans = find_dates(text)
    assert len(spans) == days and all(s.start == s.end for s in spans), spans


def test_a_number_list_is_not_a_range_but_its_last_date_is_a_date() -> None:
    # a two-day list joined by a comma alone must be consecutive days
    assert [s.text for s in find_dates("Top 10, 20 March 2019")] == ["20 March 2019"]
    # other lists run from their first to their last day
    spans = find_dates("on 5 and 19 March 2019")
    assert [(s.start, s.end) for s in spans] == [(D(2019, 3, 5), D(2019, 3, 19))]


PARTIALS = [
    ("held on 20 October.", "20 October", (10, 20), (10, 20), "day"),
    ("On 12th June, in", "12th June", (6, 12), (6, 12), "day"),
    ("on 23-24 October", "23-24 October", (10, 23), (10, 24), "day"),
    ("1. 4. se uskutečnil", "1. 4.", (4, 1), (4, 1), "day"),
    ("dne 1.4. se", "1.4.", (4, 1), (4, 1), "day"),
    ("vom 20. bis 28. April fand", "vom 20. bis 28. April", (4, 20), (4, 28), "day"),
    ("31 marca – 1 kwietnia", "31 marca – 1 kwietnia", (3, 31), (4, 1), "day"),
    ("from 30 December to 2 January", "from 30 December to 2 January", (12, 30), (1, 2), "day"),
    ("ve dnech 15. - 17. 4. v", "15. - 17. 4.", (4, 15), (4, 17), "day"),
    ("on the sixteenth of March", "sixteenth of March", (3, 16), (3, 16), "day"),
    ("on June 12", "June 12", (6, 12), (6, 12), "day"),
    ("in June we", "June", (6, None), (6, None), "month"),
    ("v září se", "září", (9, None), (9, None), "month"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "matched", "first", "last", "precision"), PARTIALS)
def test_partial_dates(
    text: str, matched: str, first: tuple[int, int | None], last: tuple[int, int | None],
    precision: str,
) -> None:  # fmt: skip
    assert find_dates(text) == []
    (partial,) = find_partial_dates(text)
    assert (partial.text, partial.first, partial.last, partial.precision) == (
        matched, first, last, precision,
    )  # fmt: skip
    assert text[partial.offset : partial.offset + len(partial.text)] == partial.text


def test_partial_dates_leave_complete_dates_alone() -> None:
    text = "on 4 October 2017 and on 5 October"
    assert [p.text for p in find_partial_dates(text)] == ["5 October"]
    assert [s.text for s in find_dates(text)] == ["4 October 2017"]


def _partial(first: tuple[int, int | None], last: tuple[int, int | None]) -> PartialDate:
    return PartialDate("x", 3, first, last, "day" if first[1] else "month")


def test_resolve() -> None:
    span = resolve(_partial((10, 20), (10, 20)), 2021, year_from="publication date")
    assert span is not None
    assert (span.start, span.end, span.precision) == (D(2021, 10, 20), D(2021, 10, 20), "day")
    assert (span.text, span.offset, span.year_from) == ("x", 3, "publication date")
    over_new_year = resolve(_partial((12, 30), (1, 2)), 2019, year_from="heading")
    assert over_new_year is not None
    assert (over_new_year.start, over_new_year.end) == (D(2019, 12, 30), D(2020, 1, 2))
    month = resolve(_partial((2, None), (2, None)), 2020, year_from="heading")
    assert month is not None
    assert (month.start, month.end, month.precision) == (D(2020, 2, 1), D(2020, 2, 29), "month")
    assert resolve(_partial((2, 29), (2, 29)), 2019, year_from="heading") is None
    leap = resolve(_partial((2, 29), (2, 29)), 2020, year_from="heading")
    assert leap is not None and leap.start == D(2020, 2, 29)


def test_month_names_come_from_dateparser_and_the_additions() -> None:
    assert month_of("czerwcu") == month_of("června") == month_of("Juni") == 6
    assert month_of("júni") == 6  # a Slovak locative dateparser does not list
    assert month_of("listopadu") == 11  # Czech November, not Croatian October
    assert month_of("May") == 5 and month_of("may") is None
    assert month_of("Sie") is None and month_of("pro") is None


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail (not hang) when reading takes more than 20 seconds of this process's CPU: a
    catastrophic backtrack never ends, while a fair read of the megabyte takes a few
    seconds; counted in CPU (`ITIMER_PROF`), not on the clock, so that a machine busy
    with other work does not fail a read that is merely slowed."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("reading a crafted page took more than 20 s of CPU")

    old = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, 20)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


CRAFTED = {
    "digits and dots": "1.2.3.4. 5. 6.-7. 8 9. 10.11 " * 36000,
    "dates and dashes": "12. 3. - 4. 5. 2019 – " * 48000,
    "month names and dashes": "May - June – 12 Mai, 2. März - 3 " * 31000,
    "lists of days": "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and " * 30000,
    "years and cues": "in 2019 - 2020 im Jahr 2019 od roku " * 28000,
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_megabyte_is_read_in_seconds(name: str, deadline: None) -> None:
    text = CRAFTED[name]
    assert len(text) >= 1_000_000
    spans = find_dates(text)
    partials = find_partial_dates(text)
    for item in [*spans, *partials]:
        assert text[item.offset : item.offset + len(item.text)] == item.text


def _truth() -> dict[str, dict]:
    if not (PAGES / "truth.json").is_file():
        pytest.skip(f"annotated pages not found in {PAGES}")
    return json.loads((PAGES / "truth.json").read_text(encoding="utf-8"))


def test_development_pages_invent_no_year() -> None:
    for name, info in _truth().items():
        for span in find_dates((PAGES / name).read_text(encoding="utf-8")):
            assert {span.start.year, span.end.year} <= set(info["years"]), (name, span)


def test_development_pages_date_phrases_are_read() -> None:
    missed = []
    for name, info in _truth().items():
        text = (PAGES / name).read_text(encoding="utf-8")
        spans, partials = find_dates(text), find_partial_dates(text)
        for item in info["items"]:
            at = text.index(item["date_text"])
            want = (item["start"], item.get("end", item["start"]))
            year = int(item["start"][:4])
            near = [s for s in spans if abs(s.offset - at) < len(item["date_text"])]
            near += [
                r for p in partials if abs(p.offset - at) < len(item["date_text"])
                for r in [resolve(p, year, year_from="truth")] if r is not None
            ]  # fmt: skip
            if want not in {_as_truth(s) for s in near}:
                missed.append((name, item["date_text"]))
    # the one phrase left is a source's typo ("1st May 201"): its start has no year
    assert len(missed) <= 1, missed


def _as_truth(span: DateSpan) -> tuple[str, str]:
    """The truth's convention: month/year precision names the first day, for the end too."""
    end, prec = span.end, span.end_precision or span.precision
    if prec == "month":
        end = end.replace(day=1)
    elif prec == "year":
        end = end.replace(month=1, day=1)
    return span.start.isoformat(), end.isoformat()


def test_a_slashed_date_that_puts_the_year_first_is_year_month_day() -> None:
    (span,) = find_dates("Webinarra: 2026/11/04, 10:00")
    assert (span.start, span.text) == (date(2026, 11, 4), "2026/11/04")
    assert find_dates("zenbakia 2026/13/04") == []  # no month 13
