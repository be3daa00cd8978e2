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
