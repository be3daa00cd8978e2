"""Tests of a Wix events list: each event's elements are `<div>`s with `data-hook`s
that trafilatura glues into one run ("seg., 18 mai.Missão Empresarial"), its full date a
Portuguese abbreviation with "de" before the year ("18 de mai. de 2026, 09:00 – 22 de
mai. de 2026, 18:00"). Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.dates import find_dates
from evidence.pages.importer import parse_page

D = date


def _event(badge: str, title: str, place: str, full: str, text: str) -> str:
    return f"""<li data-hook="event-list-item"><div data-hook="ev-list-item">
<div data-hook="ev-date-container"><div data-hook="ev-date">{badge}</div></div>
<div data-hook="ev-list-item-title">{title}</div>
<div data-hook="ev-list-item-location">{place}</div>
<a data-hook="ev-rsvp-button" href="#">Inscrever-me</a>
<div data-hook="ev-list-item-content"><div data-hook="ev-full-date">{full}</div>
<div data-hook="ev-list-item-description">{text}</div></div></div></li>"""


PAGE = (
    '<html lang="pt"><body><div id="SITE_CONTAINER"><main><h1>Próximos Eventos</h1>'
    '<ul data-hook="events-cards">'
    + _event(
        "qui., 12 mar.",
        "Sessão de apresentação: Agendas Mobilizadoras",
        "Vila Nova de Famalicão",
        "12 de mar. de 2026, 09:30 – 13:00",
        "Ponto de situação das agendas do PRR para o setor têxtil.",
    )
    + _event(
        "seg., 18 mai.",
        "Missão Empresarial a Marrocos",
        "Casablanca e Tânger",
        "18 de mai. de 2026, 09:00 – 22 de mai. de 2026, 18:00",
        "Visitas a fábricas de confeção e reuniões com compradores.",
    )
    + "</ul></main></div></body></html>"
)


def test_an_abbreviated_month_before_de_and_a_year_is_a_whole_date() -> None:
    (span,) = find_dates("18 de mai. de 2026, 09:00 – 22 de mai. de 2026, 18:00")
    assert (span.start, span.end) == (D(2026, 5, 18), D(2026, 5, 22))
    # a sentence's full stop after a month stays one: "em março. De 2026 em diante"
    assert find_dates("Chegou em março. De 2026 em diante") == []


def test_a_wix_list_whose_elements_trafilatura_glued_is_read_card_by_card() -> None:
    items = parse_page(PAGE, filename="p", html=True).items
    assert [(i.title, i.start, i.end) for i in items] == [
        ("Sessão de apresentação: Agendas Mobilizadoras", D(2026, 3, 12), D(2026, 3, 12)),
        ("Missão Empresarial a Marrocos", D(2026, 5, 18), D(2026, 5, 22)),
    ]
