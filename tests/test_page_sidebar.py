"""Tests of a sidebar's list of upcoming events ("Tulevased sündmused", "Nächste
Termine"): read beside a list of news, not beside a single article (there it is the
site's chrome), never from the menu or the footer. Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.importer import parse_page

D = date

ASIDE = """<aside class="sundmused"><h2>Tulevased sündmused</h2><ul>
<li><span class="aeg">15.04.2026</span> <a href="/s/1">Klastri üldkoosolek</a></li>
<li><span class="aeg">12.–14. mai 2026</span> <a href="/s/2">Ühisstend messil TechTartu</a></li>
</ul></aside>"""

NEWS = """<article><h2><a href="/u/{n}">{title}</a></h2><p class="kuupaev">Avaldatud {posted}</p>
<p>{text}</p></article>"""


def _page(articles: list[tuple[str, str, str]], aside: str = ASIDE) -> str:
    body = "".join(
        NEWS.format(n=n, title=t, posted=p, text=x) for n, (t, p, x) in enumerate(articles)
    )
    return (
        '<html lang="et"><body><header><nav><a href="/">Avaleht</a></nav></header>'
        f'<div class="sisu"><main><h1>Uudised</h1>{body}</main>{aside}</div>'
        "<footer><p>MTÜ Klaster, Tartu</p></footer></body></html>"
    )


LIST = [
    (
        "Seminar: tehisintellekt tervishoius",
        "05.02.2026",
        "Klaster korraldab neljapäeval, 19. märtsil 2026 Tartu Biomeedikumis seminari, kus "
        "arutatakse meditsiiniseadmete määruse üle.",
    ),
    (
        "Klastri delegatsioon käis Düsseldorfis",
        "20.11.2025",
        "Seitse liikmesettevõtet osalesid 17.–20. novembril 2025 messil MEDICA klastri "
        "ühisstendil.",
    ),
]


def _found(page: str) -> list[tuple[str, date, date]]:
    return [(i.title, i.start, i.end) for i in parse_page(page, filename="p", html=True).items]


def test_a_news_lists_sidebar_of_upcoming_events_gives_its_events() -> None:
    found = _found(_page(LIST))
    assert ("Klastri üldkoosolek", D(2026, 4, 15), D(2026, 4, 15)) in found
    assert ("Ühisstend messil TechTartu", D(2026, 5, 12), D(2026, 5, 14)) in found
    assert len(found) == 4


def test_beside_one_article_the_sidebar_is_the_sites_chrome() -> None:
    found = _found(_page(LIST[:1]))
    assert [start for _, start, _ in found] == [D(2026, 3, 19)]


def test_a_sidebar_list_not_named_as_upcoming_is_not_read() -> None:
    archive = ASIDE.replace("Tulevased sündmused", "Arhiiv")
    found = _found(_page(LIST, archive))
    assert [start for _, start, _ in found] == [D(2026, 3, 19), D(2025, 11, 17)]
