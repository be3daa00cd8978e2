"""Tests of the page importer's rules on layouts a review found misread: a sidebar of
related events beside a short article, teasers whose dates close them, a posting date
over a call, a by-line beside a "recent posts" list, all-caps prose, invitations and
closing verbs that are no deadline, a one-word event name, a daily event in a grid.
Every page is written here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from evidence.pages.dates import find_dates
from evidence.pages.importer import parse_page
from evidence.pages.roles import date_role

D = date


def _titled(text: str, *, html: bool = False) -> list[tuple[str, date, date]]:
    return [(i.title, i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


_ARTICLE = (
    "<h1>Matchmaking Day for Automotive Suppliers</h1>"
    "<p>Join us for the Matchmaking Day on 12 March 2025 at the Brno Exhibition Centre. "
    "Suppliers meet buyers from five countries in pre-arranged one-to-one meetings.</p>"
    "<p>Participation is free for members of the cluster.</p>"
)
_TEASERS = (
    '<h2>Other events</h2><div class="events-list">'
    '<div class="teaser"><h3><a href="/e/1">Hydrogen Forum</a></h3><span>5 May 2025</span></div>'
    '<div class="teaser"><h3><a href="/e/2">Battery Days</a></h3><span>10 June 2025</span></div>'
    '<div class="teaser"><h3><a href="/e/3">Smart Factory Tour</a></h3><span>2 July 2025</span>'
    "</div></div>"
)
_MATCHMAKING = [("Matchmaking Day for Automotive Suppliers", D(2025, 3, 12), D(2025, 3, 12))]


def test_related_events_in_a_sidebar_leave_a_short_article_the_page() -> None:
    page = f"<html><body><main><article>{_ARTICLE}</article></main><aside>{_TEASERS}</aside></body></html>"
    assert _titled(page, html=True) == _MATCHMAKING


def test_a_listing_outside_the_pages_main_is_related_content() -> None:
    page = (
        f"<html><body><main><article>{_ARTICLE}</article></main><div>{_TEASERS}</div></body></html>"
    )
    assert _titled(page, html=True) == _MATCHMAKING


def test_a_short_article_with_many_more_words_than_the_cards_beside_it_is_kept() -> None:
    page = (
        f"<html><body><div><article>{_ARTICLE}</article></div><div>{_TEASERS}</div></body></html>"
    )
    assert _titled(page, html=True) == _MATCHMAKING


def test_dates_that_close_each_teaser_stay_with_it_above_a_pagination_line() -> None:
    page = (
        "Projects of the cluster\n\nCluster Boost\n\nA training programme for members.\n\n"
        "12.03.2024\n\nGreen Factory\n\nA project on energy efficiency.\n\n05.06.2024\n\n"
        "Circular Plastics\n\nRecycling of packaging from the food industry.\n\n20.09.2024\n\n"
        "Page 1 of 3\n"
    )
    assert [(t, s) for t, s, _ in _titled(page)] == [
        ("Cluster Boost", D(2024, 3, 12)),
        ("Green Factory", D(2024, 6, 5)),
        ("Circular Plastics", D(2024, 9, 20)),
    ]


def test_a_date_line_above_a_heading_stays_with_an_undated_item_before_it() -> None:
    page = (
        "Events\n\n12 March 2025\n\nWorkshop on AI\n\nA day of talks in Brno.\n\n"
        "Tour of the plant\n\nMembers visit the new line.\n\n5 May 2025\n\n"
        "Hydrogen Forum\n\nExperts meet in Linz.\n\n3 June 2025\n\nBattery Days\n\nIn Graz.\n"
    )
    assert [(t, s) for t, s, _ in _titled(page)] == [
        ("Workshop on AI", D(2025, 3, 12)),
        ("Tour of the plant", D(2025, 5, 5)),  # from here on the page's dates close items
        ("Hydrogen Forum", D(2025, 6, 3)),
    ]


def test_a_posting_date_over_a_call_or_a_survey_with_a_deadline_is_no_event() -> None:
    page = (
        "News\n\nNew call for innovation vouchers\n\n12 March 2025\n\n"
        "The region has opened a new call for innovation vouchers for SMEs. "
        "Applications until 30 April 2025.\n\nMembers survey\n\n3 March 2025\n\n"
        "Please fill in our annual members survey. Deadline: 20 March 2025.\n"
    )
    assert _titled(page) == []


def test_a_date_line_over_an_event_with_a_deadline_is_the_events_day() -> None:
    page = (
        "Agenda\n\nHydrogen Forum\n\n12 March 2025\n\nIn Linz. Registration until 1 March 2025.\n\n"
        "Battery Summit\n\n3 June 2025\n\nIn Graz. Registration until 20 May 2025.\n"
    )
    assert _titled(page) == [
        ("Hydrogen Forum", D(2025, 3, 12), D(2025, 3, 12)),
        ("Battery Summit", D(2025, 6, 3), D(2025, 6, 3)),
    ]


def test_the_times_of_a_recent_posts_sidebar_leave_the_by_line_the_pages_date() -> None:
    page = (
        '<html lang="en"><body><main><article><h1>Members meet in Graz</h1>'
        '<div class="meta"><time datetime="2025-01-22">22/01</time> · Anna Berger</div>'
        "<p>On 20 January the members of the cluster met in Graz to agree the work plan for "
        "the year. Forty companies took part in the meeting and discussed joint projects.</p>"
        "<p>The board presented the budget and the new working groups.</p></article></main>"
        '<aside><h2>Recent posts</h2><ul><li><a href="/p/1">New members join</a> '
        '<time datetime="2024-12-10">10/12</time></li><li><a href="/p/2">Annual report out</a> '
        '<time datetime="2024-11-05">05/11</time></li></ul></aside></body></html>'
    )
    assert _titled(page, html=True) == [("Members meet in Graz", D(2025, 1, 20), D(2025, 1, 20))]


def test_capitals_in_prose_are_words_not_badge_months() -> None:
    page = (
        "Cluster news 2024\n\n9 OUT OF 10 SMES PLAN TO INVEST IN AI\n\nA survey of members.\n\n"
        "WINNERS OF THE 2 SET CHALLENGE\n\nTeams competed over the summer.\n\n"
        "Workshop on hydrogen\n\nThe workshop took place on 12 March 2024 in Brno.\n"
    )
    assert _titled(page) == [("Workshop on hydrogen", D(2024, 3, 12), D(2024, 3, 12))]
    assert [s.text for s in find_dates("3 SET 2025")] == ["3 SET 2025"]  # a badge line


def test_a_badge_whose_month_differs_by_language_is_read_only_in_that_language() -> None:
    def card(day: str, month: str, title: str) -> str:
        return (
            f'<div class="card"><span>{day}</span> <span>{month}</span>'
            f"<h3>{title}</h3><p>Zagreb, 10:00</p></div>"
        )

    cards = card("12", "LIS", "Dan inovacija") + card("3", "STU", "Radionica AI")
    page = "<html lang='{}'><body><h1>Događanja 2025</h1><div>{}</div></body></html>"
    croatian = _titled(page.format("hr", cards), html=True)
    assert ("Dan inovacija", D(2025, 11, 12), D(2025, 11, 12)) not in croatian
    czech = _titled(page.format("cs", cards), html=True)
    assert ("Dan inovacija", D(2025, 11, 12), D(2025, 11, 12)) in czech


def test_an_invitation_to_an_opening_is_no_funding_call() -> None:
    page = (
        "Novosti klastera\n\nOtvorenje Centra kompetencija\n\n"
        "Pozivamo vas na svečano otvorenje Centra kompetencija 12. svibnja 2025. u Zagrebu.\n"
    )
    assert _titled(page) == [("Otvorenje Centra kompetencija", D(2025, 5, 12), D(2025, 5, 12))]
    call = "Javni poziv za vaučere objavljen je 12. svibnja 2025. u Zagrebu."
    at = call.index("12. svibnja 2025")
    assert date_role(call, at, at + len("12. svibnja 2025")) == "the date of a funding call"


def test_a_closing_verb_is_a_deadline_only_for_a_registration_or_a_call() -> None:
    congress = (
        "El congreso se celebrará en Valencia y se cerrará el 5 de junio de 2025 con premios."
    )
    show = "La mostra si apre il 3 maggio 2025 e si chiude il 30 giugno 2025 presso il museo."
    recent = "Klyngen har senest 12. marts 2025 holdt workshop i Odense."
    for text, words in ((congress, "5 de junio de 2025"), (show, "30 giugno 2025"),
                        (recent, "12. marts 2025")):  # fmt: skip
        at = text.index(words)
        assert date_role(text, at, at + len(words)) is None, text
    for text, words in (
        ("Las inscripciones se cierran el 5 de junio de 2025.", "5 de junio de 2025"),
        ("Le iscrizioni si chiudono il 30 giugno 2025.", "30 giugno 2025"),
        ("Tilmelding senest 12. marts 2025.", "12. marts 2025"),
    ):
        at = text.index(words)
        assert date_role(text, at, at + len(words)) is not None, text


def test_one_range_line_below_the_top_date_leaves_it_the_pages_date() -> None:
    page = (
        "Cluster publishes its annual report\n\n12 March 2025\n\n"
        "The cluster has published its annual report for members.\n\n"
        "Smart Automation Austria\n\n20–22 May 2025\n\nVisit our joint booth in hall 3.\n"
    )
    assert _titled(page) == [("Smart Automation Austria", D(2025, 5, 20), D(2025, 5, 22))]


def test_a_one_word_event_name_beside_a_month_or_year_is_an_event() -> None:
    page = (
        "Our events\n\nHydrogen Forum, 12 March 2025\n\nThe forum brought together 80 experts.\n\n"
        "Hackathon, May 2025\n"
    )
    assert [(t, s) for t, s, _ in _titled(page)] == [
        ("Hydrogen Forum", D(2025, 3, 12)),
        ("Hackathon", D(2025, 5, 1)),
    ]
    assert _titled("Newsletter March 2025\n\nWorkshop on AI\n\nHeld on 12 March 2025.\n") == [
        ("Workshop on AI", D(2025, 3, 12), D(2025, 3, 12))
    ]


def test_a_daily_event_in_every_cell_of_a_month_grid_is_one_event_a_day() -> None:
    cells = "".join(f"<td>{n}<a href='#'>Networking breakfast</a></td>" for n in range(1, 32))
    page = f"<html><body><h1>Calendar</h1><h2>März 2025</h2><table><tr>{cells}</tr></table></body></html>"
    found = _titled(page, html=True)
    assert len(found) == 31 and found[0][1:] == (D(2025, 3, 1), D(2025, 3, 1))


def test_the_cards_and_the_grid_are_looked_for_once_a_page(monkeypatch: Any) -> None:
    from evidence.pages import html

    calls: list[str] = []
    for name in ("find_cards", "grid_cards"):
        real = getattr(html, name)
        monkeypatch.setattr(
            html, name, lambda tree, real=real, name=name: calls.append(name) or real(tree)
        )
    html.extract("<html><body><h1>Short</h1><p>A page of one short line.</p></body></html>")
    assert sorted(calls) == ["find_cards", "grid_cards"]
