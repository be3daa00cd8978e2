"""Tests of a municipality's or a chamber's notices: a regulation's number ("VZN č.
3/2025", "Decree No. 12/2024") is no month, and the day a rule or a price list applies
from ("platné od 1. 1. 2026", "gültig ab") is no event. Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.dates import find_dates
from evidence.pages.importer import parse_page

D = date


def _found(text: str) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p").items]


def test_a_slashed_number_after_a_number_sign_is_a_documents_number() -> None:
    for text in ("VZN č. 3/2025 o dani", "Decree No. 12/2024", "Beschluss Nr. 5/2026", "#4/2025"):
        assert find_dates(text) == [], text
    # without the sign it is still a month: "in 03/2025", a project's "01/2025 – 12/2026"
    assert [s.start for s in find_dates("in 03/2025 we met")] == [D(2025, 3, 1)]
    assert [s.start for s in find_dates("období 01/2025 – 12/2026")] == [D(2025, 1, 1)]


def test_a_regulation_and_the_day_it_applies_from_are_no_events() -> None:
    page = (
        "Na stiahnutie\n\n"
        "VZN č. 3/2025 o dani z nehnuteľností (PDF, 412 kB) – platné od 1. 1. 2026\n\n"
        "Cenník služieb (PDF) – gültig ab 1. 2. 2026\n\n"
        "Podnikateľské raňajky\n\n"
        "Stretnutie podnikateľov mesta sa uskutoční 12. marca 2026 v radnici.\n"
    )
    assert _found(page) == [(D(2026, 3, 12), D(2026, 3, 12))]
