"""Tests of event lists grouped under month headings ("Marzo 2026", "MARS 2026"): The
Events Calendar's list view in the site's language, whose dates are PHP's "F j" without
the year, and old table agendas whose month rows head the month's events. Every page is
written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.dates import find_dates, find_partial_dates
from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def _tribe_list() -> str:
    """The Events Calendar's legacy list view in Spanish: a month separator above the
    events of each month, the first and last event classed so, dates without the year
    except the next year's, no JSON-LD, a copyright line of another year."""

    def event(place: str, title: str, when: str) -> str:
        return (
            f'<div class="type-tribe_events {place}">'
            f'<h3 class="tribe-events-list-event-title"><a href="#">{title}</a></h3>'
            f'<div class="tribe-events-event-meta"><div class="tribe-event-schedule-details">'
            f"{when}</div><div>Zaragoza</div></div>"
            "<p>Inscripción gratuita para los socios del clúster.</p></div>"
        )

    def month(name: str) -> str:
        return f'<span class="tribe-events-list-separator-month"><span>{name}</span></span>'

    return (
        '<html lang="es"><body><div id="tribe-events-content"><h1>Próximos eventos</h1>'
        '<div class="tribe-events-loop">'
        + month("Marzo 2026")
        + event("tribe-events-first", "Jornada de ciberseguridad", "<span>marzo 10 @ 9:00</span>")
        + month("Abril 2026")
        + event(
            "",
            "Misión comercial a México",
            '<span class="start">abril 20</span> - <span class="end">abril 24</span>',
        )
        + month("Enero 2027")
        + event("", "Foro de proveedores", "<span>enero 14 @ 10:00</span>")
        + event(
            "tribe-events-last",
            "Congreso anual",
            "<span>febrero 3, 2027 @ 9:30</span> - <span>febrero 4, 2027 @ 14:00</span>",
        )
        + "</div></div><footer><p>Copyright © 2024 Clúster</p></footer></body></html>"
    )


def test_an_events_calendar_list_takes_the_year_of_its_month_separators() -> None:
    assert _found(_tribe_list(), html=True) == [
        (D(2026, 3, 10), D(2026, 3, 10)),
        (D(2026, 4, 20), D(2026, 4, 24)),
        (D(2027, 1, 14), D(2027, 1, 14)),
        (D(2027, 2, 3), D(2027, 2, 4)),
    ]


def test_the_month_separators_are_no_items_nor_problems() -> None:
    result = parse_page(_tribe_list(), filename="p", html=True)
    assert not any("2026'" in message for _, message in result.problems)
    assert [i.title for i in result.items][:2] == [
        "Jornada de ciberseguridad",
        "Misión comercial a México",
    ]


def test_a_month_before_its_day_in_any_language_only_as_a_calendar_writes_it() -> None:
    assert [p.text for p in find_partial_dates("marzo 10 @ 9:00")] == ["marzo 10"]
    assert [p.text for p in find_partial_dates("abril 20 - abril 24")] == ["abril 20 - abril 24"]
    assert [s.start for s in find_dates("febrero 3, 2027")] == [D(2027, 2, 3)]
    # a number after a month in prose is a count, not a day
    assert find_partial_dates("en marzo 10 empresas visitaron la feria") == []
    assert find_dates("en febrero 3 socios 2027") == []


def test_yearless_dates_of_a_text_page_take_the_month_heading_above_them() -> None:
    page = (
        "Agenda del clúster\n\n"
        "Diciembre 2026\n\n"
        "Cena de socios\n"
        "El 15 de diciembre en Zaragoza, con la entrega de premios.\n\n"
        "Enero 2027\n\n"
        "Taller de hidrógeno\n"
        "El 20 de enero en Huesca, para técnicos de las empresas socias.\n\n"
        "© 2024 Clúster de Movilidad\n"
    )
    assert _found(page) == [
        (D(2026, 12, 15), D(2026, 12, 15)),
        (D(2027, 1, 20), D(2027, 1, 20)),
    ]


def test_a_month_row_over_its_dated_events_is_no_event_of_its_own() -> None:
    page = (
        "Agenda des manifestations\n\n"
        "Accueil du public du lundi au vendredi, CCI de l'Aube, Troyes.\n"
        "MARS 2026\n"
        "Mardi 17 mars 2026 | Petit-déjeuner export : réussir sur le marché allemand\n"
        "MAI 2026\n"
        "Jeudi 28 mai 2026 | Soirée des entrepreneurs aubois à Troyes\n"
    )
    assert _found(page) == [
        (D(2026, 3, 17), D(2026, 3, 17)),
        (D(2026, 5, 28), D(2026, 5, 28)),
    ]


def test_a_month_line_over_a_title_stays_that_events_date() -> None:
    page = (
        "Events of the cluster\n\n"
        "12 November 2026\n\nAutumn field day\n\nOver 180 participants saw drones at work.\n\n"
        "March 2027\n\nBusiness mission to Poland\n\nExact dates will be announced.\n"
    )
    assert (D(2027, 3, 1), D(2027, 3, 31)) in _found(page)


def test_a_weekday_and_a_day_alone_under_a_month_heading_are_that_months_day() -> None:
    page = (
        "Veranstaltungen\n\n"
        "März 2026\n\n"
        "Do 12\nClustertreffen Leichtbau in Augsburg\n\n"
        "Di 24 | 18:00\nStammtisch der Mitglieder\n\n"
        "April 2026\n\n"
        "Mi 1\nWebinar Wasserstoff\n\n"
        "Fr 2\nEin Tag, dessen Wochentag nicht stimmt\n\n"
        "© 2024 Cluster Leichtbau\n"
    )
    assert _found(page) == [
        (D(2026, 3, 12), D(2026, 3, 12)),
        (D(2026, 3, 24), D(2026, 3, 24)),
        (D(2026, 4, 1), D(2026, 4, 1)),
    ]  # 2 April 2026 is a Thursday: "Fr 2" is no day of that April
