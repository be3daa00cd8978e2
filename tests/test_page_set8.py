"""Tests of the page importer's rules for the languages and lines of an eighth set of
cluster pages: Europe's other languages (Ukrainian, Maltese, Irish), their connectors
and year words. Every page is written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def test_ukrainian_genitive_months_weekday_and_year_word() -> None:
    text = (
        "Форум кластера\n\n"
        "Форум відбудеться у четвер, 12 березня 2027 року у Вінниці.\n\n"
        "Проєкт\n\n"
        "Проєкт триває з 1 лютого 2026 року по 31 січня 2028 року.\n"
    )
    assert _found(text) == [(D(2027, 3, 12), D(2027, 3, 12)), (D(2026, 2, 1), D(2028, 1, 31))]


def test_maltese_months_with_ta_and_hyphened_range() -> None:
    text = (
        "Jum ta' Informazzjoni\n\n"
        "Il-klaster jistieden lill-membri nhar il-Ħamis 11 ta' Marzu 2027 f'Ħal Far.\n\n"
        "Konferenza Annwali\n\n"
        "Il-konferenza ssir mill-19 sal-21 ta' Mejju 2027 il-Belt Valletta.\n"
    )
    assert _found(text) == [(D(2027, 3, 11), D(2027, 3, 11)), (D(2027, 5, 19), D(2027, 5, 21))]


def test_irish_month_names_date_an_event() -> None:
    text = "Lá Nuálaíochta\n\nBeidh an lá ar siúl Déardaoin, 11 Márta 2027 i nGaillimh.\n"
    assert _found(text) == [(D(2027, 3, 11), D(2027, 3, 11))]


def test_serbian_year_word_before_the_range_end() -> None:
    text = "Projekat\n\nProjekat traje od 1. marta 2026. godine do 28. februara 2028. godine.\n"
    assert _found(text) == [(D(2026, 3, 1), D(2028, 2, 28))]


def test_a_news_list_marking_event_spans_as_published_is_a_calendar() -> None:
    def entry(day: str, title: str) -> str:
        return (
            '<div class="article"><div class="news-list-date"><time itemprop="datePublished">'
            f"{day}</time></div><h3>{title}</h3><p>Setkání členů a partnerů klastru "
            "v Jihlavě, s programem a občerstvením pro všechny účastníky.</p></div>"
        )

    page = (
        '<html lang="cs"><body><main><h1>Kalendář akcí</h1>'
        + entry("čt 14. 1. 2027, 16:00", "Novoroční setkání")
        + entry("16.–18. 3. 2027", "Společná expozice na veletrhu")
        + entry("duben 2027", "Exkurze do závodu")
        + "</main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2027, 1, 14), D(2027, 1, 14)),
        (D(2027, 3, 16), D(2027, 3, 18)),
        (D(2027, 4, 1), D(2027, 4, 30)),
    ]


def test_an_event_nodes_date_field_in_its_content_wrapper_under_the_title() -> None:
    page = (
        '<html lang="de"><body><main><article><h1>Kooperationsbörse Verpackung</h1>'
        '<div class="node__content"><div class="field field--name-field-datum">'
        '<div class="field__label">Datum</div><div class="field__item">'
        "Donnerstag, 11. März 2027, 9:00 – 15:00 Uhr</div></div>"
        '<div class="field field--name-field-ort"><div class="field__label">Ort</div>'
        '<div class="field__item">Technologiezentrum Freistadt</div></div>'
        '<div class="field--name-body"><p>Lebensmittelproduzenten suchen nachhaltige '
        "Verpackungslösungen, Verpackungshersteller suchen Pilotkunden: bei der Börse "
        "bringen wir beide Seiten in vorab vereinbarten Gesprächen zusammen.</p>"
        "<p>Wir erklären den Ablauf und geben Tipps zur Gesprächsvorbereitung, damit "
        "alle Teilnehmenden gut vorbereitet in die Gespräche gehen.</p></div>"
        "</div></article></main></body></html>"
    )
    assert _found(page, html=True) == [(D(2027, 3, 11), D(2027, 3, 11))]


def test_polish_roman_months_without_dots() -> None:
    text = (
        "Projekt MetalTwin\n\n"
        "Projekt realizowany jest od 1 IV 2026 r. do 31 III 2029 r. w ramach programu. "
        "Spotkanie otwierające partnerów odbędzie się w dniach 22–23 IV 2026 r. w Rzeszowie.\n"
    )
    assert _found(text) == [(D(2026, 4, 1), D(2029, 3, 31)), (D(2026, 4, 22), D(2026, 4, 23))]


def test_hungarian_year_first_roman_months() -> None:
    text = (
        "Újévi fórum\n\nA klasztertagok fóruma: 2027. I. 21. (csütörtök), Debrecen.\n\n"
        "Szakmai napok\n\nHegesztéstechnikai napok: 2027. II. 9–10., Miskolc.\n\n"
        "Szakkiállítás\n\nKözös kiállítás: 2027. III. 30. – IV. 1., Debrecen.\n"
    )
    assert _found(text) == [
        (D(2027, 1, 21), D(2027, 1, 21)),
        (D(2027, 2, 9), D(2027, 2, 10)),
        (D(2027, 3, 30), D(2027, 4, 1)),
    ]


def test_a_two_letter_weekday_after_a_ranges_dash() -> None:
    text = (
        "Exkursion\n\nExkursion zum Kunststoffrecycling in Westböhmen: "
        "Mo, 27.09.2027 - Di, 28.09.2027, Abfahrt in Selb.\n"
    )
    assert _found(text) == [(D(2027, 9, 27), D(2027, 9, 28))]


def test_a_lower_case_mar_between_a_day_and_a_year_is_march() -> None:
    text = (
        "Assembleia Geral\n\nAssembleia Geral Ordinária: sáb., 27 mar. 2027, 10:00, "
        "na sede do Polo em Ponte de Lima.\n"
    )
    assert _found(text) == [(D(2027, 3, 27), D(2027, 3, 27))]


def test_galician_publication_line_deadline_and_from_the_range() -> None:
    text = (
        "Xornada técnica\n\nPublicado o 1 de outubro de 2026 · Categoría: Actividades\n\n"
        "O clúster organiza o vindeiro xoves 22 de outubro de 2026 unha xornada técnica. "
        "Cómpre inscribirse ata o 19 de outubro.\n\n"
        "Feira\n\nO clúster estará na feira, que se celebra do 9 ao 11 de novembro de 2026.\n"
    )
    assert _found(text) == [(D(2026, 10, 22), D(2026, 10, 22)), (D(2026, 11, 9), D(2026, 11, 11))]


def test_irish_publication_line_and_deadline() -> None:
    text = (
        "Lá Nuálaíochta\n\nFoilsithe: 8 Feabhra 2027\n\n"
        "Beidh an lá ar siúl Déardaoin, 11 Márta 2027 i nGaillimh. "
        "Cláraigh roimh 5 Márta 2027.\n"
    )
    assert _found(text) == [(D(2027, 3, 11), D(2027, 3, 11))]


@pytest.mark.parametrize(
    "sentence",
    [
        "Grozd je bil ustanovljen leta 2010 in povezuje 36 podjetij.",
        "Clusterul a fost înființat în 2013 și reunește 67 de membri.",
        "O clúster, constituído en 2012, agrupa 48 empresas.",
        "Bunaíodh an bhraisle in 2017 agus tá 33 ball aici.",
    ],
)
def test_a_founding_year_is_no_item(sentence: str) -> None:
    text = f"Workshop\n\nThe workshop takes place on 3 March 2027 in Ljubljana.\n\nAbout\n\n{sentence}\n"
    assert _found(text) == [(D(2027, 3, 3), D(2027, 3, 3))]


@pytest.mark.parametrize(
    "line",
    [
        "Bioklusteri ry – Tiedote 17.11.2026",
        "Persbericht 17 november 2026",
        "Comunicato stampa 17 novembre 2026",
        "Pressmeddelande 17 november 2026",
    ],
)
def test_a_press_release_line_is_no_item(line: str) -> None:
    text = f"{line}\n\nThe cluster holds its seminar on 8 December 2026 in Kuopio.\n"
    assert _found(text) == [(D(2026, 12, 8), D(2026, 12, 8))]


@pytest.mark.parametrize(
    ("published", "event"),
    [
        ("Birt 8. febrúar 2027", "haldinn verður fimmtudaginn 11. mars 2027 á Ísafirði"),
        ("Publikuar më: 12.02.2027", "do të mbahet më 11 mars 2027 në Korçë"),
    ],
)
def test_icelandic_and_albanian_publication_labels(published: str, event: str) -> None:
    """Icelandic "Birt" and Albanian "Publikuar më:" (its "on" before the colon) mark the
    article's own date, not an event of it (a held-out set read both as events)."""
    text = f"Nýsköpunardagur / Dita e inovacionit\n\n{published}\n\nDagurinn {event}.\n"
    assert _found(text) == [(D(2027, 3, 11), D(2027, 3, 11))]
