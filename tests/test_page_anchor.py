"""The page's own date (by-lines, publication lines, a date atop the page) and the year it
gives a date phrase that states none."""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.anchor import Anchor, page_anchor, pick_year, publication_spans
from evidence.pages.importer import parse_page

BODY = "\n\nThe cluster meeting was held on 20 October in the town hall.\n"


def _spans(text: str) -> list[str]:
    return [text[a:b] for a, b in publication_spans(text)]


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Submitted by Jane Roe on 22 October 2021", date(2021, 10, 22)),
        ("Published: 22 October 2021", date(2021, 10, 22)),
        ("Posted on October 22, 2021 by the editor", date(2021, 10, 22)),
        ("Veröffentlicht am 12.03.2021", date(2021, 3, 12)),
        ("Publikováno: 3. 5. 2019", date(2019, 5, 3)),
        ("Zveřejněno dne 3. 5. 2019", date(2019, 5, 3)),
        ("Publikované 3.5.2019", date(2019, 5, 3)),
        ("Opublikowano: 12.03.2021 10:35", date(2021, 3, 12)),
        ("Dodano 12.03.2021", date(2021, 3, 12)),
    ],
)
def test_publication_lines_in_each_language(line: str, day: date) -> None:
    text = "A title of the news\n\n" + line + BODY
    anchor = page_anchor(text)
    assert anchor is not None and anchor.day == day and anchor.year == day.year
    said = anchor.source.split("'")[-2]  # the date as the page writes it
    assert anchor.offset is not None and text[anchor.offset :].startswith(said)
    assert anchor.source.startswith("the page's publication date") and said in line
    (span,) = _spans(text)
    assert line.startswith(span) and span.endswith(said)


def test_the_by_line_span_runs_from_its_cue_to_its_date() -> None:
    text = "Recap of a day\n\nSubmitted by Jane Roe on 22 October 2021" + BODY
    assert _spans(text) == ["Submitted by Jane Roe on 22 October 2021"]
    assert page_anchor(text) == Anchor(
        date(2021, 10, 22), 2021, "the page's publication date '22 October 2021'",
        text.index("22 October"),
    )  # fmt: skip


def test_a_label_line_above_a_date_line() -> None:
    text = "Meldung\n14.09.2020\n\nEine Reise zu den Clustern" + BODY
    anchor = page_anchor(text)
    assert anchor is not None and anchor.day == date(2020, 9, 14)
    assert _spans(text) == ["14.09.2020"]


def test_a_date_alone_near_the_top_with_a_weekday_and_a_time() -> None:
    for line in (
        "05.06.2017",
        "Dienstag, 14.09.2020 10:30",
        "wtorek 12.03.2021",
        "14.09.2020 | News",
    ):
        text = "Kongres klastrů v Polsku\n\n" + line + BODY
        anchor = page_anchor(text)
        assert anchor is not None and anchor.source.startswith("the date atop the page"), line
        assert len(_spans(text)) == 1


def test_dates_that_are_not_the_pages_own() -> None:
    cases = [
        "Workshop in Brno 6. 11. 2017" + BODY,  # a heading with a date: an item
        "Hydrogen day\n\nDate: 12. 3. 2019\nVenue: Brno" + BODY,  # an event's date
        # several dates alone on their lines: a list of dated items, not a publication date
        "Events\n\n12. 3. 2019\n\nWorkshop\n\n4. 4. 2019\n\nConference" + BODY,
        # a date alone, but far below the top of the page
        "Title\n\n" + "A line of text.\n" * 12 + "\n05.06.2017\n" + BODY,
        "The event was organised by the cluster on 12. 3. 2019." + BODY,
    ]
    for text in cases:
        assert page_anchor(text) is None, text
        assert publication_spans(text) == [], text


def test_updates_are_the_pages_own_but_no_anchor() -> None:
    for line in ("Stand: 01.02.2022", "Last updated: 1 February 2022", "Aktualizováno 1. 2. 2022"):
        text = "Title\n\n" + line + BODY
        assert page_anchor(text) is None, line
        assert len(_spans(text)) == 1, line


def test_the_html_date_wins_over_the_text() -> None:
    text = "Title\n\nPublished: 22 October 2021" + BODY
    anchor = page_anchor(text, html_date=date(2021, 10, 25))
    assert anchor == Anchor(
        date(2021, 10, 25), 2021, "the page's publication date 2021-10-25 (in its HTML)", None
    )


def test_a_copyright_year_is_a_year_without_a_day() -> None:
    anchor = page_anchor("Title" + BODY + "\n© 2016 The Cluster\n")
    assert anchor is not None and (anchor.day, anchor.year) == (None, 2016)
    assert "copyright" in anchor.source
    assert page_anchor("Title" + BODY + "\n© 2010–2023 The Cluster\n") is None
    assert page_anchor("Title" + BODY) is None


def test_pick_year_takes_the_year_nearest_the_pages_day() -> None:
    published = Anchor(date(2021, 10, 22), 2021, "x", 0)
    assert pick_year(10, 20, published) == 2021  # a recap two days later
    assert pick_year(11, 30, published) == 2021  # a deadline a month ahead
    announced = Anchor(date(2021, 11, 20), 2021, "x", 0)
    assert pick_year(1, 15, announced) == 2022  # an event announced for next January
    assert pick_year(1, None, announced) == 2022  # "in January"
    early = Anchor(date(2022, 1, 10), 2022, "x", 0)
    assert pick_year(12, 8, early) == 2021  # a recap of last December
    assert pick_year(2, 29, Anchor(date(2024, 3, 1), 2024, "x", 0)) == 2024
    # no 29 February within a quarter: no year (the importer reports the date)
    assert pick_year(2, 29, Anchor(date(2021, 3, 1), 2021, "x", 0)) is None
    assert pick_year(7, 1, Anchor(None, 2016, "x", 0)) == 2016
    # "20 March" on a page of 12 October: last March or next? Not the page's to say.
    assert pick_year(3, 20, Anchor(date(2023, 10, 12), 2023, "x", 0)) is None
    assert pick_year(7, 1, Anchor(None, None, "x", None)) is None


def test_long_pages_stay_fast() -> None:
    import time

    text = ("Published on 6. 11. 2017 and more words. " * 2000) + ("x" * 500_000)
    started = time.perf_counter()
    spans = publication_spans(text)
    assert len(spans) == 2000 and page_anchor(text) is not None
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize(
    ("heading", "dateline", "body"),
    [
        # no comma after the place, and the language's "in ... on" around it
        (
            "TLAČOVÁ SPRÁVA",
            "Nitra 3. marca 2026",
            "Klaster usporiada seminár o recyklácii plastov 14. apríla v Nitre.",
        ),
        (
            "TISKOVÁ ZPRÁVA",
            "V Hradci Králové dne 3. 3. 2026",
            "Klastr pořádá seminář o recyklaci plastů 14. dubna v Hradci Králové.",
        ),
        # the language's "on" after the comma
        (
            "COMMUNIQUÉ DE PRESSE",
            "Limoges, le 3 mars 2026",
            "Le pôle organise un séminaire sur le recyclage le 14 avril à Limoges.",
        ),
        # a press release's heading in Estonian
        (
            "PRESSITEADE",
            "Pärnu, 3. märts 2026",
            "Klaster korraldab plastide ringlussevõtu seminari 14. aprillil Pärnus.",
        ),
    ],
)
def test_a_dateline_under_a_press_release_heading_is_the_release_date(
    heading: str, dateline: str, body: str
) -> None:
    text = f"{heading}\n{dateline}\n\nSeminar on plastics\n\n{body}\n"
    anchor = page_anchor(text)
    assert anchor is not None and anchor.day == date(2026, 3, 3)
    assert anchor.source.startswith("the page's publication date")
    items = parse_page(text, filename="p.txt").items
    assert [(i.start, i.end) for i in items] == [(date(2026, 4, 14), date(2026, 4, 14))]


@pytest.mark.parametrize(
    "text",
    [
        # a press release's name before its date, in the words that head one
        "A title\n\nMedia release: 22 October 2021" + BODY,
        "A title\n\nSajtóközlemény: 2021. október 22." + BODY,
        # a dateline under the heading, in the words that cue a date
        "PRESSEMELDING\nOslo 22. oktober 2021\n\nSeminar\n\nKlyngen holder et seminar 14. november.\n",
    ],
)
def test_press_release_words_are_one_list_for_cue_and_heading(text: str) -> None:
    anchor = page_anchor(text)
    assert anchor is not None and anchor.day == date(2021, 10, 22)
    assert anchor.source.startswith("the page's publication date")


def test_a_place_and_date_under_an_event_title_stay_the_event() -> None:
    text = "Seminar on plastics\nNitra 3. marca 2026\n\nKlaster usporiada seminár v Nitre.\n"
    items = parse_page(text, filename="p.txt").items
    assert [(i.start, i.end) for i in items] == [(date(2026, 3, 3), date(2026, 3, 3))]


@pytest.mark.parametrize(
    ("published", "sentence", "month"),
    [
        (
            "Pubblicato il 10 aprile 2026",
            "Nel mese di giugno si terrà un workshop a Monza.",
            date(2026, 6, 1),
        ),
        (
            "Publicat: 9 februarie 2026",
            "Un atelier la Oradea este planificat pentru luna mai.",
            date(2026, 5, 1),
        ),
        (
            "Avaldatud 11. jaanuar 2026",
            "Teine õppereis toimub märtsis Soome saeveskitesse.",
            date(2026, 3, 1),
        ),
        # a month's nearest day counts: next March from December, 84 days to its 1st
        (
            "Zveřejněno 7. 12. 2026",
            "Seminář pro starosty proběhne v březnu v Písku.",
            date(2027, 3, 1),
        ),
    ],
)
def test_a_month_alone_is_dated_by_its_cue_or_case_and_the_nearest_year(
    published: str, sentence: str, month: date
) -> None:
    text = f"Novinky\n\n{published}\n\nKlastr\n\n{sentence}\n"
    (item,) = parse_page(text, filename="p.txt").items
    assert (item.start, item.precision) == (month, "month")


def test_a_slovak_last_update_line_is_no_item() -> None:
    text = (
        "Projekt DigiDrevo\n\nKlaster realizuje projekt od 1. 3. 2025 do 28. 2. 2027.\n\n"
        "Posledná aktualizácia: 14. 1. 2026\n"
    )
    items = parse_page(text, filename="p.txt").items
    assert [(i.start, i.end) for i in items] == [(date(2025, 3, 1), date(2027, 2, 28))]
