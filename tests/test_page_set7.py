"""Tests of the page importer's rules for the languages and lines of a seventh set of
cluster pages: Turkish and Serbian (Cyrillic) month names, publication and update
lines in more languages, postponements. Every page is written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def test_turkish_month_names_date_an_event_and_a_project() -> None:
    text = (
        "Küme Eşleştirme Günleri\n\n"
        "Etkinlik 2-3 Mart 2027 tarihlerinde İzmir'de gerçekleştirilecek. "
        "Proje 1 Ocak 2026 – 31 Aralık 2027 döneminde uygulanmaktadır.\n"
    )
    assert _found(text) == [(D(2027, 3, 2), D(2027, 3, 3)), (D(2026, 1, 1), D(2027, 12, 31))]


def test_serbian_cyrillic_genitive_months_and_weekday() -> None:
    text = (
        "Регионална конференција\n\n"
        "Кластер организује конференцију 22. и 23. априла 2027. године у Новом Саду. "
        "Пројекат се спроводи од јануара 2025. до децембра 2026.\n"
    )
    assert _found(text) == [(D(2027, 4, 22), D(2027, 4, 23)), (D(2025, 1, 1), D(2026, 12, 31))]


@pytest.mark.parametrize(
    "line",
    [
        "Yayın tarihi: 27.11.2026",
        "Datum vydání: 27. 11. 2026",
        "Actualité publiée le 27 novembre 2026",
        "Última actualización: 27/11/2026",
        "Utolsó módosítás: 2026. november 27.",
        "Hinweis der Redaktion (Aktualisierung vom 27.11.2026): neuer Ort.",
    ],
)
def test_a_publication_or_update_line_is_no_item(line: str) -> None:
    text = f"Cluster news\n\n{line}\n\nThe cluster meets its members on 3 February 2027 in Brno.\n"
    assert _found(text) == [(D(2027, 2, 3), D(2027, 2, 3))]


def test_a_serbian_postponement_keeps_only_the_new_date() -> None:
    text = (
        "Фестивал одложен\n\n"
        "Фестивал иновација, планиран за 10. март 2027, одложен је за 14. април 2027.\n"
    )
    assert _found(text) == [(D(2027, 4, 14), D(2027, 4, 14))]


@pytest.mark.parametrize(
    ("event", "deadline"),
    [
        ("Etkinlik 3 Şubat 2027 tarihinde yapılacak.", "Son başvuru: 20 Ocak 2027."),
        ("Скуп се одржава 3. фебруара 2027.", "Рок за пријаве је 20. јануар 2027."),
        ("L'evento si terrà il 3 febbraio 2027.", "Registrazione entro lunedì 20 gennaio 2027."),
        ("L'evento si terrà il 3 febbraio 2027.", "Registrazione entro il 20 gennaio 2027."),
        ("Konferansen holdes 3. februar 2027.", "Påmeldingen er åpen til 20. januar 2027."),
        ("Konferencen holdes 3. februar 2027.", "Tilmeldingen er åben til 20. januar 2027."),
    ],
)
def test_a_registration_deadline_is_no_item(event: str, deadline: str) -> None:
    text = f"Cluster event\n\n{event} {deadline}\n"
    assert _found(text) == [(D(2027, 2, 3), D(2027, 2, 3))]


def test_a_cyrillic_strategy_period_is_no_project() -> None:
    text = (
        "Јавни позив\n\n"
        "Фонд је објавио позив у складу са Стратегијом паметне специјализације "
        "за период од 2020. до 2027. године.\n"
    )
    assert _found(text) == []


@pytest.mark.parametrize(
    "card",
    [
        "Rencontres Mobilités 2027\n\n1er avril 2027\nJournée de conférences au Mans. "
        "Inscription jusqu'au 15 janvier 2027.\n",
        "Smart Factory Summit\n\n1 April 2027\nA summit of talks in Leeds. Call for papers "
        "open until 15 January 2027.\n",
        "Rencontres Mobilités 2027\n\n1er avril 2027\nJournée au Mans. Appel à intervenants "
        "ouvert jusqu'au 15 janvier 2027.\n",
    ],
)
def test_a_date_line_over_an_event_with_a_call_for_speakers_is_the_events(card: str) -> None:
    page = "Agenda\n\nWebinar Batteries\n\n11 March 2027\nOnline, 10:00.\n\n" + card
    assert _found(page) == [(D(2027, 3, 11), D(2027, 3, 11)), (D(2027, 4, 1), D(2027, 4, 1))]


def test_a_side_event_told_in_its_own_paragraph_inside_a_fairs_days_is_an_item() -> None:
    text = (
        "Štand na sajmu\n\n"
        "Klaster organizira zajednički nastup članica na sajmu koji će se održati od 17. do "
        "19. ožujka 2027. u Splitu.\n\n"
        "Uz sajam, Klaster i mreža EEN organiziraju međunarodne B2B susrete koji će se "
        "održati 18. ožujka 2027. u kongresnoj dvorani sajma.\n"
    )
    assert _found(text) == [(D(2027, 3, 17), D(2027, 3, 19)), (D(2027, 3, 18), D(2027, 3, 18))]
    # a short line that tells nothing of its own is the fair's day again
    programme = text.split("\n\nUz")[0] + "\n\nDrugi dan sajma, 18. ožujka 2027., B2B susreti.\n"
    assert _found(programme) == [(D(2027, 3, 17), D(2027, 3, 19))]


def test_an_event_pages_date_line_in_a_meta_list_with_an_event_time_is_its_day() -> None:
    """Squarespace's event page: the day in `<time class="event-date">` inside a list
    classed "eventitem-meta" under the title; htmldate takes it for the publication date,
    trafilatura drops the list, and a date alone atop the text reads as the page's."""
    page = (
        '<html lang="pt"><body><main><article class="eventitem">'
        '<h1 class="eventitem-title">Fórum do Mar 2026</h1>'
        '<ul class="eventitem-meta event-meta">'
        '<li class="eventitem-meta-item event-meta-item"><time class="event-date" '
        'datetime="2026-11-07">Sábado, 7 de novembro de 2026</time></li>'
        '<li class="eventitem-meta-item event-meta-item">Pavilhão do Conhecimento, Lisboa</li>'
        "</ul><div><p>O encontro anual da economia azul reúne armadores, portos, estaleiros "
        "e empresas de biotecnologia marinha de todo o país para dois painéis.</p>"
        "<p>Inscrições até 30 de outubro.</p></div></article></main></body></html>"
    )
    assert _found(page, html=True) == [(D(2026, 11, 7), D(2026, 11, 7))]


@pytest.mark.parametrize(
    "listing",
    [
        "Related articles\n- Five questions to ask before buying a cobot (2 Oct 2026)\n"
        "- Our take-aways from the network meeting (18 Sep 2026)\n",
        "Ultime notizie\n\n• Quattro nuovi soci nel Distretto 15/09/2026\n\n"
        "• Assemblea dei soci: approvato il bilancio 30/06/2026\n",
    ],
)
def test_a_list_of_articles_whose_points_close_with_their_day_is_no_item(listing: str) -> None:
    text = f"Bootcamp\n\nThe bootcamp runs on 26–27 January 2027 in Limerick.\n\n{listing}"
    assert _found(text) == [(D(2027, 1, 26), D(2027, 1, 27))]


def test_a_two_letter_weekday_after_a_ranges_dash_stays_in_the_range() -> None:
    text = "Precisiebeurs 2026\n\nDe beurs is open di 1 dec – wo 2 dec 2026 in Den Bosch.\n"
    assert _found(text) == [(D(2026, 12, 1), D(2026, 12, 2))]
