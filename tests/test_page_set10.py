"""Tests of the page importer's rules learnt from a tenth set of cluster pages: a
project's years in brackets after its name, date columns that pair, and the page's own
dates (press-release datelines, update lines) told apart from items. Every page is
written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def test_years_in_brackets_after_a_name_are_the_named_projects() -> None:
    text = (
        "Activitats\n\n"
        "El 12 de març de 2027 el clúster va reunir els socis a Girona. "
        "El projecte VINYA-SENS (2025–2028) hi va presentar els primers sensors.\n"
    )
    assert _found(text) == [(D(2027, 3, 12), D(2027, 3, 12)), (D(2025, 1, 1), D(2028, 12, 31))]


def test_years_in_brackets_after_a_word_that_is_not_a_name_stay_context() -> None:
    text = "Activitats\n\nEl 12 de març de 2027 es va celebrar la jornada (2025–2028 inclosos).\n"
    assert _found(text) == [(D(2027, 3, 12), D(2027, 3, 12))]


def test_a_compound_period_word_cues_a_projects_years() -> None:
    text = (
        "Samling\n\n"
        "Klyngesamlingen holdes 10. mars 2027 på Frøya, som del av prosjektet Havrom "
        "med prosjektperiode 2025–2028.\n"
    )
    assert _found(text) == [(D(2027, 3, 10), D(2027, 3, 10)), (D(2025, 1, 1), D(2028, 12, 31))]


def test_an_arrow_between_two_dates_is_a_range() -> None:
    text = (
        "Agenda\n\n"
        "2027-05-11 → 2027-05-13\nSalon de la robotique agricole, Angers\n\n"
        "Projet\n\n"
        "Período: 1 de abril de 2026 → 31 de março de 2028\n"
    )
    assert _found(text) == [(D(2027, 5, 11), D(2027, 5, 13)), (D(2026, 4, 1), D(2028, 3, 31))]


def test_a_press_release_line_for_immediate_release_dates_the_release() -> None:
    text = (
        "PRESS RELEASE\nFor immediate release – Monday, 7 June 2027\n\n"
        "Cluster opens its test bay\n\n"
        "The cluster will open its test bay on 14 July 2027 in Derby.\n"
    )
    assert _found(text) == [(D(2027, 7, 14), D(2027, 7, 14))]


def test_a_place_and_day_under_a_release_heading_in_serbian_latin() -> None:
    text = (
        "SAOPŠTENJE ZA JAVNOST\nKragujevac, 3. maj 2027.\n\n"
        "Sajam klastera\n\n"
        "Klaster organizuje sajam 9. juna 2027. u Kragujevcu za sve članice i partnere.\n"
    )
    assert _found(text) == [(D(2027, 6, 9), D(2027, 6, 9))]


def test_created_and_edited_properties_and_an_edition_month_are_the_pages() -> None:
    text = (
        "Eventos 2027\n\n"
        "Criado | @2 de março de 2027 10:12\n"
        "Última edição | @4 de março de 2027 09:00\n"
        "Data de edição: março de 2027\n\n"
        "Eventos\n\n"
        "Nome | Data\nJornada de inovação têxtil | @20 de abril de 2027\n"
    )
    assert _found(text) == [(D(2027, 4, 20), D(2027, 4, 20))]


def test_a_publication_label_above_its_date_in_a_bulleted_list() -> None:
    text = (
        "Szkolenie\n\n"
        "Szkolenie z prawa przewozowego odbędzie się 12 maja 2027 r. w Koninie.\n\n"
        "Metryka\n\n• Data wytworzenia:\n• 2027-03-01\n• Data publikacji:\n• 2027-03-02 12:05\n"
    )
    assert _found(text) == [(D(2027, 5, 12), D(2027, 5, 12))]


def test_start_and_end_columns_of_a_table_row_are_one_range() -> None:
    text = (
        "Harmonogram\n\n"
        "Lp. | Wydarzenie | Data rozpoczęcia | Data zakończenia | Miejsce\n"
        "1 | Targi logistyczne | 09.03.2027 | 11.03.2027 | Kielce\n"
        "2 | Szkolenie | 14.04.2027 | — | Konin\n"
        "3 | Walne Zgromadzenie | 20.05.2027 | 20.05.2027 | Poznań\n"
    )
    assert _found(text) == [
        (D(2027, 3, 9), D(2027, 3, 11)),
        (D(2027, 4, 14), D(2027, 4, 14)),
        (D(2027, 5, 20), D(2027, 5, 20)),
    ]


def test_cards_striped_even_and_odd_are_one_listing() -> None:
    def card(stripe: str, day: str, title: str) -> str:
        return (
            f'<div class="event layout_list {stripe}"><p class="time">{day}</p>'
            f'<h2><a href="/e">{title}</a></h2><p class="location">Hagen</p></div>'
        )

    page = (
        '<html lang="de"><body><div class="mod_article"><h1>Termine 2027</h1>'
        '<div class="mod_eventlist"><div class="header even first"><span>Mai 2027</span></div>'
        + card("even first", "11.05.2027 18:00", "Sommerempfang")
        + card("odd", "20.05.2027 – 21.05.2027", "Fachtagung Wasserstoff")
        + '<div class="header odd last"><span>Juni 2027</span></div>'
        + card("even last", "08.06.2027 10:00", "Werksbesichtigung")
        + "</div></div></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2027, 5, 11), D(2027, 5, 11)),
        (D(2027, 5, 20), D(2027, 5, 21)),
        (D(2027, 6, 8), D(2027, 6, 8)),
    ]


def test_a_headlines_month_gives_way_to_the_bodys_day_in_it() -> None:
    text = (
        "NOTA DE PRENSA\nLugo, 20 de abril de 2027\n\n"
        "O clúster reunirá en maio a 200 empresas do sector\n\n"
        "O clúster celebrará o xoves 13 de maio de 2027 o seu foro anual en Lugo. "
        "O proxecto MAR-LIMPO, que o acompaña, execútase entre xaneiro de 2026 "
        "e decembro de 2027.\n"
    )
    assert _found(text) == [(D(2027, 5, 13), D(2027, 5, 13)), (D(2026, 1, 1), D(2027, 12, 31))]


def test_span_words_of_irish_welsh_and_portuguese_project_periods() -> None:
    irish = "Tionscadal\n\nRithfidh an tionscadal ó Feabhra 2027 go Eanáir 2029 i gCorcaigh.\n"
    welsh = (
        "Prosiect\n\nDechreuodd y prosiect ar 1 Mawrth 2026 a bydd yn para tan "
        "28 Chwefror 2028 yng Nghaerdydd.\n"
    )
    portuguese = "Projeto\n\nO projeto tem início em 03/2027 e conclusão em 02/2029, no Porto.\n"
    assert _found(irish) == [(D(2027, 2, 1), D(2029, 1, 31))]
    assert _found(welsh) == [(D(2026, 3, 1), D(2028, 2, 28))]
    assert _found(portuguese) == [(D(2027, 3, 1), D(2029, 2, 28))]


def test_deadlines_in_welsh_and_maltese_are_no_events() -> None:
    welsh = (
        "Gweithdy\n\nCynhelir y gweithdy ar 9 Mawrth 2027 yn Abertawe. "
        "Rhaid cofrestru erbyn 1 Mawrth 2027.\n"
    )
    maltese = (
        "Konferenza\n\nIl-konferenza ssir nhar il-Ħamis 11 ta' Marzu 2027. "
        "Ir-reġistrazzjoni hija miftuħa sal-1 ta' Marzu.\n"
    )
    assert _found(welsh) == [(D(2027, 3, 9), D(2027, 3, 9))]
    assert _found(maltese) == [(D(2027, 3, 11), D(2027, 3, 11))]


def test_the_steps_of_a_call_for_members_are_no_items() -> None:
    text = (
        "Apel pentru noi membri\n\n"
        "Calendarul sesiunii\n\n"
        "• Depunerea dosarelor: între 1 martie 2027 și 30 aprilie 2027.\n"
        "• Evaluarea dosarelor de către Consiliul Director: în cursul lunii mai 2027.\n"
    )
    assert _found(text) == []


def test_an_issues_month_under_the_newsletters_name_or_after_its_number() -> None:
    under_name = (
        "Dunántúli Faipari Klaszter – Hírlevél\n2027. április\n\n"
        "Kedves Tagok!\n\nA klaszter 2027. május 12-én szakmai napot tart Zalaegerszegen.\n"
    )
    numbered = (
        "БИЛТЕН КЛАСТЕРА\nБрој 2, април 2027.\n\n"
        "Поштовани чланови,\n\nСкупштина кластера биће одржана 12. маја 2027. у Чачку.\n"
    )
    assert _found(under_name) == [(D(2027, 5, 12), D(2027, 5, 12))]
    assert _found(numbered) == [(D(2027, 5, 12), D(2027, 5, 12))]


AGENDA = (
    "Settimana dell'Agritech 2027\n\n"
    "Quando: dal 9/03/2027 all'11/03/2027, Fiera di Verona.\n\n"
    "Programma\n\n"
    "Martedì 9 marzo | Sessione plenaria\n"
    "Mercoledì 10 marzo | Tavoli tecnici\n"
    "Giovedì 11 marzo | Visite aziendali\n"
)


def test_the_days_of_an_agenda_inside_the_events_range_are_no_events() -> None:
    text = (
        AGENDA + "\nLa settimana sarà presentata in un webinar martedì 2 marzo 2027 alle 17:00.\n"
    )
    assert _found(text) == [(D(2027, 3, 9), D(2027, 3, 11)), (D(2027, 3, 2), D(2027, 3, 2))]


def test_hungarian_ranges_with_a_case_ending_or_in_numbers() -> None:
    text = (
        "Műhely\n\nA beszállítói műhelyt 2027. május 11–12-én tartjuk Győrben.\n\n"
        "Beszállítói napok\n\n2027.06.08–09.\nKecskemét, kétnapos B2B találkozó.\n"
    )
    assert _found(text) == [(D(2027, 5, 11), D(2027, 5, 12)), (D(2027, 6, 8), D(2027, 6, 9))]


def test_a_newsletters_issue_month_gives_yearless_days_their_nearest_year() -> None:
    french = (
        "La Lettre du pôle – n° 12 – février 2027\n\n"
        "ÉDITO\n\nLe 14 janvier dernier, 60 adhérents ont assisté à nos vœux à Metz. "
        "Rendez-vous le 3 mars 2027 à Nancy pour notre assemblée.\n"
    )
    portuguese = (
        "NEWSLETTER N.º 4 | novembro 2026\n\n"
        "AGENDA\n» Workshop «Portos verdes» – a 12 de janeiro, das 10h às 13h, em Aveiro. "
        "Feira do mar de 2 a 4 de março de 2027.\n"
    )
    assert (D(2027, 1, 14), D(2027, 1, 14)) in _found(french)
    assert (D(2027, 1, 12), D(2027, 1, 12)) in _found(portuguese)


def test_the_month_a_project_was_approved_or_a_line_announced_is_no_item() -> None:
    german = (
        "Projekte\n\nIm September 2026 wurde das Projekt „Holz-Kreis“ bewilligt; es läuft "
        "von 01/2027 bis 12/2028.\n"
    )
    greek = (
        "Αποστολή\n\nΤον Μάρτιο 2027 ανακοινώνεται η σύνθεση της αποστολής. "
        "Η έκθεση θα πραγματοποιηθεί στις 14 Απριλίου 2027 στη Θεσσαλονίκη.\n"
    )
    assert _found(german) == [(D(2027, 1, 1), D(2028, 12, 31))]
    assert _found(greek) == [(D(2027, 4, 14), D(2027, 4, 14))]


def test_a_greek_posting_line_is_the_pages_date() -> None:
    text = (
        "Ημερίδα για τα τρόφιμα\n\nΑνάρτηση: 2/2/2027\n\n"
        "Η ημερίδα θα γίνει το Σάββατο 6 Μαρτίου 2027 στη Λάρισα, με ελεύθερη είσοδο.\n"
    )
    assert _found(text) == [(D(2027, 3, 6), D(2027, 3, 6))]


def test_the_day_a_count_is_taken_at_is_no_item() -> None:
    slovak = (
        "Členská základňa\n\nSeminár sme zorganizovali 14. mája 2025 v Nitre. "
        "K 31. 12. 2025 mal klaster 61 členov.\n"
    )
    spanish = (
        "Datos generales\n\nLa jornada se celebró el 3 de junio de 2025 en Huesca. "
        "Socios a 31 de diciembre de 2025: 88 entidades.\n"
    )
    assert _found(slovak) == [(D(2025, 5, 14), D(2025, 5, 14))]
    assert _found(spanish) == [(D(2025, 6, 3), D(2025, 6, 3))]


def test_a_listings_filter_range_is_no_item_but_a_dated_line_under_events_is() -> None:
    filtered = (
        "Kalendar\n\nDogađaji od 01.03.2027 do 31.08.2027\n\n"
        "Sajam inovacija\n\nSrijeda, 14. april 2027., Sarajevo.\n"
    )
    listed = "Tapahtumat\n\n18.2.2027 Webinaari: Hiilijalanjäljen laskenta\n"
    assert _found(filtered) == [(D(2027, 4, 14), D(2027, 4, 14))]
    assert _found(listed) == [(D(2027, 2, 18), D(2027, 2, 18))]


def test_the_same_session_in_another_time_zone_is_no_second_event() -> None:
    text = (
        "Webinar: Hydrogen valleys\n\nThe webinar with the Australian cluster network "
        "takes place on Thursday, 11 March 2027 at 22:00 – 23:30 CET "
        "(Friday 12 March, 08:00 – 09:30 AEDT), online.\n"
    )
    assert _found(text) == [(D(2027, 3, 11), D(2027, 3, 11))]


def test_an_agenda_left_out_says_why() -> None:
    """An item whose only dates are an agenda's days was "has no date" without the reason
    every other date left out gives."""
    result = parse_page(AGENDA, filename="p.txt")
    assert [(i.start, i.end) for i in result.items] == [(D(2027, 3, 9), D(2027, 3, 11))]
    ((_, message),) = result.problems
    assert message.startswith("item 'Programma' at offset ")
    assert message.endswith(
        "has no date; '9 marzo' is a day of the event \"dal 9/03/2027 all'11/03/2027\"; "
        "not imported"
    )
