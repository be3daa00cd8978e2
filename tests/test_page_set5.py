"""Tests of the page importer's rules on layouts of a fifth set of real cluster pages:
date lines in elements classed as boilerplate, several card groups on one page,
newsletters of dated paragraphs, struck-out dates, project fields in any order.
Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.importer import parse_page

D = date


def _titled(text: str, *, html: bool = False) -> list[tuple[str, date, date]]:
    return [(i.title, i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def _card(title: str, line: str, text: str) -> str:
    return (
        f'<li class="event-item"><div class="badge"><span>{line.split()[1]}</span>'
        f"<span>{line.split()[2][:3]}</span></div>"
        f'<div class="event-info"><h2><a href="/e">{title}</a></h2>'
        f'<p class="event-meta">{line} | 15:00 - 17:30 | Enschede</p><p>{text}</p></div></li>'
    )


_LONG = (
    " Het fieldlab laat zien hoe een digital twin de omsteltijd van een productielijn met"
    " dertig procent verkortte, met rondleidingen langs de machines en een gesprek met de"
    " operators over wat het hen in de praktijk heeft opgeleverd."
)


def test_a_date_line_classed_meta_is_read() -> None:
    """trafilatura drops the `event-meta` line and glues each badge to the card's text."""
    page = (
        "<html><body><main><h1>Evenementen</h1><p>Onze komende bijeenkomsten.</p>"
        '<ul class="event-list">'
        + _card("Fieldlab Tour", "donderdag 13 februari 2025", "Bezoek het fieldlab." + _LONG)
        + _card("Ledenbijeenkomst", "dinsdag 11 maart 2025", "Met een netwerkdiner." + _LONG)
        + "</ul></main></body></html>"
    )
    assert _titled(page, html=True) == [
        ("Fieldlab Tour", D(2025, 2, 13), D(2025, 2, 13)),
        ("Ledenbijeenkomst", D(2025, 3, 11), D(2025, 3, 11)),
    ]


def _group(name: str, cards: list[tuple[str, str]]) -> str:
    articles = "".join(
        f'<article class="arr"><h3><a href="/a">{title}</a></h3><p>Dato: {day}</p>'
        "<p>Frokostmøte for medlemsbedrifter med faglig program.</p></article>"
        for title, day in cards
    )
    return f"<section><h2>{name}</h2>{articles}</section>"


def test_every_card_group_of_the_main_content_is_read() -> None:
    page = (
        "<html><body><main><h1>Arrangementer</h1>"
        + _group(
            "Kommende",
            [("Havvindfrokost", "4. desember 2025"), ("Klyngesamling", "21.–22. januar 2026")],
        )
        + _group(
            "Tidligere",
            [("Ocean Week", "13.–14. mars 2025"), ("Generalforsamling", "29. april 2025")],
        )
        + "</main></body></html>"
    )
    assert _titled(page, html=True) == [
        ("Havvindfrokost", D(2025, 12, 4), D(2025, 12, 4)),
        ("Klyngesamling", D(2026, 1, 21), D(2026, 1, 22)),
        ("Ocean Week", D(2025, 3, 13), D(2025, 3, 14)),
        ("Generalforsamling", D(2025, 4, 29), D(2025, 4, 29)),
    ]


_NEWSLETTER = """View this email in your browser

GREEN PORTS CLUSTER – NEWSLETTER | FEBRUARY 2025

Dear members, welcome to our newsletter!

SAVE THE DATE: Green Ports Summit
9–10 October 2025, Turku
The call for speakers opens on 1 March.

Webinar series
Session 3: Cyber security for port operators – Thursday 6 March 2025, 10:00–11:00 CET
Session 4: AI for berth planning – Thursday 3 April 2025, 10:00–11:00 CET
Le 6 mai 2025 de 8h30 à 10h30, Matinale Cybersécurité, Toulouse

Best regards,
Ingrid Solberg
"""


def test_a_newsletters_issue_line_is_no_event_and_each_dated_line_is_one() -> None:
    days = sorted((start, end) for _, start, end in _titled(_NEWSLETTER))
    assert days == [
        (D(2025, 3, 6), D(2025, 3, 6)),
        (D(2025, 4, 3), D(2025, 4, 3)),
        (D(2025, 5, 6), D(2025, 5, 6)),
        (D(2025, 10, 9), D(2025, 10, 10)),
    ]


def test_a_count_after_a_yearless_date_is_no_broken_year() -> None:
    text = "NEWSLETTER | FEBRUARY 2025\n\nLooking back\nOn 28 and 29 January, 45 participants met in Oslo.\n"
    assert [(s, e) for _, s, e in _titled(text)] == [(D(2025, 1, 28), D(2025, 1, 29))]


def test_a_cancelled_heading_cancels_its_paragraph_not_the_events_below_it() -> None:
    text = (
        "NEWSLETTER | FEBRUARY 2025\n\nDear members, below are our activities.\n\n"
        "POSTPONED: Workshop on fuels\nThe workshop planned for 12 March has been postponed"
        " to 23 April 2025 due to the availability of the port authority. Venue unchanged."
        " Already registered participants keep their seats.\n\n"
        "CANCELLED: Study visit to the port (27 March 2025)\n"
        "Unfortunately, we had to cancel the study visit due to low registration numbers."
        " We hope to offer it again in the autumn.\n\nWebinar series\n"
        "Session 3: Cyber security for port operators – Thursday 6 March 2025, 10:00\n"
    )
    assert [(s, e) for _, s, e in _titled(text)] == [
        (D(2025, 4, 23), D(2025, 4, 23)),
        (D(2025, 3, 6), D(2025, 3, 6)),
    ]


def test_a_struck_out_date_is_not_read() -> None:
    page = (
        "<html><body><article><h1>Foro de envases sostenibles</h1>"
        "<p><span>Fecha:</span> <del>20/03/2025</del> 08/05/2025</p>"
        "<p>El foro reunirá a más de 300 profesionales del sector para debatir sobre envases"
        " sostenibles y la digitalización de la cadena de frío, con encuentros B2B.</p>"
        "<p>Lugar: <s>Valencia</s> Madrid, IFEMA.</p></article></body></html>"
    )
    assert [(s, e) for _, s, e in _titled(page, html=True)] == [(D(2025, 5, 8), D(2025, 5, 8))]


def _project(fields: str) -> list[tuple[date, date]]:
    page = (
        "<html><body><article><h1>BLUE-AQUA – Acquacoltura sostenibile</h1>"
        f"{fields}<p>Il progetto riunisce 17 partner di 8 paesi per sviluppare sistemi di"
        " acquacoltura multitrofica integrata nel Mediterraneo.</p></article></body></html>"
    )
    return [(s, e) for _, s, e in _titled(page, html=True)]


def test_a_projects_end_field_above_its_start_field_makes_one_span() -> None:
    fields = (
        "<table><tr><td>A projekt tervezett befejezési dátuma:</td><td>2026.12.31.</td></tr>"
        "<tr><td>A projekt kezdete:</td><td>2024.07.01.</td></tr></table>"
    )
    assert _project(fields) == [(D(2024, 7, 1), D(2026, 12, 31))]


def test_an_inline_label_glued_to_its_value_gets_a_separator() -> None:
    fields = (
        '<div><span class="label">Data di inizio</span><span class="value">01/03/2024</span></div>'
        '<div><span class="label">Data di fine</span><span class="value">28/02/2027</span></div>'
    )
    assert _project(fields) == [(D(2024, 3, 1), D(2027, 2, 28))]


def _post(day: str, category: str, title: str, text: str) -> str:
    return (
        f'<article class="post"><div class="meta"><span class="date">{day}</span> · '
        f'<span class="cat">{category}</span></div><h2><a href="/n">{title}</a></h2>'
        f'<p>{text}</p><a class="more" href="/n">Čítať viac</a></article>'
    )


def test_a_news_cards_date_line_with_its_category_is_the_day_it_was_posted() -> None:
    page = (
        '<html><body><main class="posts">'
        + _post("2. apríla 2025", "Podujatia", "Klaster na konferencii Smart City",
                "Zástupcovia klastra sa v dňoch 26. – 27. marca 2025 zúčastnili konferencie.")
        + _post("11. februára 2025", "Klaster", "Valné zhromaždenie schválilo plán",
                "Na valnom zhromaždení 6. februára sa stretlo 23 členských organizácií.")
        + "</main></body></html>"
    )  # fmt: skip
    assert [(s, e) for _, s, e in _titled(page, html=True)] == [
        (D(2025, 3, 26), D(2025, 3, 27)),
        (D(2025, 2, 6), D(2025, 2, 6)),
    ]


def test_a_yearless_agenda_line_with_its_weekday_takes_the_issues_year() -> None:
    text = (
        "Si ce message ne s'affiche pas correctement, cliquez ici.\n\n"
        "LA LETTRE DU CLUSTER – N° 47 – OCTOBRE 2025\n\nÉdito\n"
        "Chers adhérents, plus de 200 participants à notre Université d'été les 4 et 5"
        " septembre à Montpellier. Merci à tous !\n\n"
        "AGENDA\n\n📅 Webinaire « IA générative et RGPD »\n"
        "jeudi 16 octobre à 11h – en ligne – gratuit pour les adhérents\n\n"
        "📅 Matinale Cybersécurité\nLe 6 novembre 2025 de 8h30 à 10h30, Toulouse\n"
    )
    assert [(s, e) for _, s, e in _titled(text)] == [
        (D(2025, 9, 4), D(2025, 9, 5)),
        (D(2025, 10, 16), D(2025, 10, 16)),
        (D(2025, 11, 6), D(2025, 11, 6)),
    ]
