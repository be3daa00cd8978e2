"""Tests of pages in languages the importer read no month names of (Bulgarian, Greek,
Latvian, Norwegian), and of month names read in the page's own language (Croatian
"listopad" is October), and of events cancelled or moved (their old dates are no
records). Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.dates import find_dates, find_partial_dates
from evidence.pages.importer import parse_page
from evidence.pages.language import language_of
from evidence.pages.months import page_language
from evidence.pages.roles import date_role

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def _spans(text: str) -> list[tuple[date, date]]:
    return [(s.start, s.end) for s in find_dates(text)]


def test_bulgarian_dates_ranges_and_publication_lines() -> None:
    assert _spans("форума на 15 май 2025 г. в София") == [(D(2025, 5, 15), D(2025, 5, 15))]
    assert _spans("от 10 до 12 юни 2025 г.") == [(D(2025, 6, 10), D(2025, 6, 12))]
    page = (
        "Годишна среща\n\nПубликувано на 10.02.2025 г.\n"
        "Срещата се проведе на 6 февруари 2025 г. в Пловдив. Регистрация до 3 февруари 2025 г.\n"
    )
    assert _found(page) == [(D(2025, 2, 6), D(2025, 2, 6))]


def test_greek_genitive_months_and_weekdays() -> None:
    assert _spans("Πέμπτη 20 Μαρτίου 2025, 10:00") == [(D(2025, 3, 20), D(2025, 3, 20))]
    text = "Δηλώσεις συμμετοχής έως 30 Μαΐου 2025."
    (span,) = find_dates(text)
    assert span.start == D(2025, 5, 30)
    assert date_role(text, span.offset, span.offset + len(span.text)) is not None


def test_latvian_year_first_dates_and_case_forms() -> None:
    assert _spans("klasteris 2025. gada 12. martā Rīgā") == [(D(2025, 3, 12), D(2025, 3, 12))]
    (partial,) = find_partial_dates("Savukārt no 5. līdz 7. jūnijam klastera uzņēmumi")
    assert (partial.first, partial.last) == ((6, 5), (6, 7))
    text = "Reģistrācija forumam līdz 5. martam 2025."
    (span,) = find_dates(text)
    assert date_role(text, span.offset, span.offset + len(span.text)) is not None


def test_norwegian_months() -> None:
    assert _spans("Dato: 4. desember 2025, kl. 08.00") == [(D(2025, 12, 4), D(2025, 12, 4))]
    assert _spans("fra 3. til 5. mars 2025") == [(D(2025, 3, 3), D(2025, 3, 5))]


CROATIAN = (
    '<html lang="hr"><body><main><h1>Događanja</h1>'
    "<h2>Drvo i namještaj na sajmu</h2>"
    "<p>Klaster je izlagao od 14. do 16. listopada 2025. na sajmu u Zagrebu.</p>"
    "</main></body></html>"
)


def test_a_month_name_means_what_it_means_in_the_pages_language() -> None:
    assert _found(CROATIAN, html=True) == [(D(2025, 10, 14), D(2025, 10, 16))]
    czech = CROATIAN.replace('lang="hr"', 'lang="cs"').replace("listopada", "listopadu")
    assert _found(czech, html=True) == [(D(2025, 11, 14), D(2025, 11, 16))]
    with page_language("hr"):
        assert _spans("1. srpnja 2024.") == [(D(2024, 7, 1), D(2024, 7, 1))]
    assert _spans("12. listopadu 2025") == [(D(2025, 11, 12), D(2025, 11, 12))]


def test_without_a_lang_attribute_the_pages_month_words_decide() -> None:
    assert language_of("13. listopada, 2. srpnja i 5. prosinca 2025.") == "hr"
    assert language_of("12. listopadu a 3. března 2025") == "cs"
    assert language_of("no month here") is None
    text = "Sajam\n\nOd 14. do 16. listopada 2025. i opet 2. prosinca 2025. u Zagrebu.\n"
    assert _found(text)[0] == (D(2025, 10, 14), D(2025, 10, 16))


def test_a_cancelled_event_is_no_record_and_says_why() -> None:
    page = (
        "<html><body><main><h1>Akce</h1>"
        "<h2>ZRUŠENO – Workshop: akumulace tepla</h2><p>27. března 2025, online</p>"
        "<h2>Energetická snídaně</h2><p>12. března 2025, Ostrava</p>"
        "<h2>Study visit to Rotterdam</h2><p>3 April 2025 (cancelled)</p>"
        "<p>Unfortunately the visit will not take place.</p></main></body></html>"
    )
    result = parse_page(page, filename="p", html=True)
    assert [(i.start, i.end) for i in result.items] == [(D(2025, 3, 12), D(2025, 3, 12))]
    assert any("cancelled event" in message for _, message in result.problems)
    # in prose the word is no label: a report of a cancellation keeps its date
    report = page.replace("ZRUŠENO – ", "").replace(" (cancelled)", " was cancelled by the port")
    assert len(parse_page(report, filename="p", html=True).items) == 3


def test_a_postponed_event_keeps_its_new_date_only() -> None:
    en = (
        "POSTPONED: Workshop on bunkering\nThe workshop planned for 12 March has been "
        "postponed to 23 April 2025 due to the port authority.\n"
    )
    assert _found(en) == [(D(2025, 4, 23), D(2025, 4, 23))]
    de = "Stammtisch\n\nDer Stammtisch wird vom 12. März 2025 auf den 23. April 2025 verschoben.\n"
    assert _found(de) == [(D(2025, 4, 23), D(2025, 4, 23))]
    es = (
        "Foro 2025\n\nEl foro, previsto inicialmente para el 20 de marzo de 2025, se celebrará "
        "finalmente el jueves 8 de mayo de 2025.\n"
    )
    assert _found(es) == [(D(2025, 5, 8), D(2025, 5, 8))]


def test_range_forms_of_several_languages() -> None:
    assert _spans("7. in 8. februarja 2024") == [(D(2024, 2, 7), D(2024, 2, 8))]
    assert _spans("the 2 in 3 March 2025 cases") == [(D(2025, 3, 3), D(2025, 3, 3))]
    assert _spans("op 1 en 2 april 2025") == [(D(2025, 4, 1), D(2025, 4, 2))]
    assert _spans("am 23./24. April 2025") == [(D(2025, 4, 23), D(2025, 4, 24))]
    assert _spans("15-17/03/2025") == [(D(2025, 3, 15), D(2025, 3, 17))]


def test_month_first_numeric_dates_only_when_unambiguous() -> None:
    assert _spans("03/24/2025 – 03/27/2025") == [(D(2025, 3, 24), D(2025, 3, 27))]
    assert _spans("03/04/2025") == [(D(2025, 4, 3), D(2025, 4, 3))]  # day first, as before
