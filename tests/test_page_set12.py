"""Tests of the page importer's rules learnt from a twelfth set of cluster pages: the
sections beside a listing of cards (a past-events list, an archive of one card), a
Squarespace event's start and end on two date lines, a closure in French, a Turkish
news list. Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = True) -> list[tuple[date, date]]:
    return sorted((i.start, i.end) for i in parse_page(text, filename="p", html=html).items)


def test_a_french_office_closure_is_no_event() -> None:
    text = (
        "Agenda\n\n"
        "Petit-déjeuner export\n\n"
        "Jeudi 18 juin 2026, 8h30, à Charleroi.\n\n"
        "Secrétariat\n\n"
        "Lundi-vendredi 8h30-16h30. Fermé le 21 juillet 2026 (Fête nationale).\n"
    )
    assert _found(text, html=False) == [(D(2026, 6, 18), D(2026, 6, 18))]


def test_a_turkish_news_list_is_no_event() -> None:
    text = (
        "Etkinlikler\n\n"
        "Savunma Sanayii Tedarikçi Günü\n\n"
        "12 Mayıs 2026, İzmir\n\n"
        "Son Haberler\n\n"
        "05.02.2026 Kümemiz ihtiyaç analizi çalışmasını tamamladı.\n"
        "29.01.2026 Geçtiğimiz hafta düzenlenen çalıştaya 40 firma katıldı.\n"
    )
    assert _found(text, html=False) == [(D(2026, 5, 12), D(2026, 5, 12))]
