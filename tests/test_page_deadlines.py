"""Tests of a call's or a registration's deadline in more languages: Estonian "tähtaeg",
Slovenian "rok za oddajo", Finnish "asti"/"mennessä" after the date, an English
competition round that "closes at 11am on". Every page is written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.importer import parse_page

D = date


def _found(text: str) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p").items]


@pytest.mark.parametrize(
    "deadline",
    [
        "Sihtasutus avas taotlusvooru, mille tähtaeg on 31. märts 2026.",
        "Rok za oddajo vlog za razpis »Podjetno v svet 2026« je 31. marec 2026.",
        "Osastopaikat varataan saapumisjärjestyksessä 31.3.2026 asti.",
        "Hakemukset on jätettävä 31.3.2026 mennessä.",
        "Note that the current Smart competition round closes at 11am on 31st March 2026.",
    ],
)
def test_a_deadline_in_the_pages_language_is_no_event(deadline: str) -> None:
    page = f"News\n\nMembers' seminar\n\nThe seminar takes place on 12 March 2026.\n{deadline}\n"
    assert _found(page) == [(D(2026, 3, 12), D(2026, 3, 12))]
