"""Tests of card and badge layouts (event calendars, archives), and of the date forms
they write: a badge's day and month in two spans, a date line above its card's title, a
time after a date without its year, a Dutch weekday, month abbreviations in capitals.
Every page is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.dates import find_dates, find_partial_dates
from evidence.pages.html import extract
from evidence.pages.importer import parse_page
from evidence.pages.months import month_of
from evidence.pages.roles import date_role

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def _titled(text: str, *, html: bool = False) -> list[tuple[str, date]]:
    return [(i.title, i.start) for i in parse_page(text, filename="p", html=html).items]


def _card(day: str, month: str, title: str, extra: str = "") -> str:
    return (
        '<article class="event-card"><div class="event-card__date">'
        f'<span class="day">{day}</span><span class="month">{month}</span></div>'
        f'<div class="body"><h3><a href="#">{title}</a></h3><ul class="meta">'
        f'<li class="place">Ostrava, Dolní oblast Vítkovice</li><li>8:30 – 10:30</li></ul>{extra}'
        "</div></article>"
    )


CARDS = (
    "<html><body><header><nav><ul><li><a href='/'>Úvod</a></li></ul></nav></header>"
    "<main><h1>Kalendář akcí 2025</h1><p>Přehled akcí, které klastr pořádá.</p>"
    '<div class="event-grid">{cards}</div></main><footer>© 2017–2025 Klastr</footer></body></html>'
)


def test_a_listing_of_badge_cards_gives_one_item_per_card() -> None:
    cards = (
        _card("12", "BŘE", "Snídaně s kybernetickou bezpečností")
        + _card("3", "DUB", "Webinář: Umělá inteligence ve výrobě")
        + _card("27–28", "KVĚ", "Datová konference DATAFEST", "<p>Registrace do 15. 5. 2025.</p>")
    )
    page = CARDS.format(cards=cards)
    text = extract(page).text
    assert "12 BŘE" in text and "12BŘE" not in text
    assert text.index("Snídaně s kybernetickou") < text.index("12 BŘE")  # the title first
    assert _found(page, html=True) == [
        (D(2025, 3, 12), D(2025, 3, 12)),
        (D(2025, 4, 3), D(2025, 4, 3)),
        (D(2025, 5, 27), D(2025, 5, 28)),
    ]


def test_cards_whose_date_line_stands_above_the_title_keep_their_dates() -> None:
    card = (
        '<div class="event" itemscope itemtype="https://schema.org/Event">'
        '<meta itemprop="startDate" content="{iso}T09:00">'
        '<p class="when">{when}, 09:00 – 17:00</p><h2 itemprop="name">{title}</h2>'
        '<p class="where">Online (MS Teams)</p></div>'
    )
    page = (
        "<html><body><main><h1>Events &amp; Webinars</h1>"
        + card.format(iso="2025-11-18", when="Tue 18 Nov", title="Fintech Compliance Masterclass")
        + card.format(iso="2025-12-04", when="Thu 4 Dec", title="Open Banking Roundtable")
        + "</main><footer>Fintech Cluster</footer></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 11, 18), D(2025, 11, 18)),
        (D(2025, 12, 4), D(2025, 12, 4)),
    ]


def test_an_article_with_sections_stays_as_trafilatura_reads_it() -> None:
    page = (
        "<html><body><main><h1>News</h1>"
        "<section><h2>Forum in Brno</h2><p>The forum took place on 3 March 2025 in Brno "
        "with 120 guests from the members.</p></section>"
        "<section><h2>Expo in Lyon</h2><p>The members met in Lyon on 14 November 2024 for "
        "the yearly expo of the sector.</p></section></main></body></html>"
    )
    assert extract(page).text.startswith("News")
    assert _found(page, html=True) == [
        (D(2025, 3, 3), D(2025, 3, 3)),
        (D(2024, 11, 14), D(2024, 11, 14)),
    ]


def test_a_time_after_a_date_without_its_year_is_no_broken_year() -> None:
    for line in ("El 4 de diciembre, 11:00-12:00 h, jornada en Murcia.",
                 "Workshop 18 Nov\n09:30 – 11:00 in Galway.", "Atelier le 14 mai 10h à Lyon."):  # fmt: skip
        text = f"Boletín 2025\n\nJornada de socios\n\n{line}\n"
        assert len(_found(text)) == 1, line
    assert _found("News 2015\n\nMeeting\n\nHeld from 1st May 201 to Friday.\n") == []


def test_several_date_lines_head_a_list_and_none_is_the_page_date() -> None:
    text = "Agenda\n\nWebinar: Indústria 5.0\n\n12 MAR 2025\nOnline\n\nVisita técnica\n\n25–27 MAR 2025\nBraga\n"
    assert _found(text) == [(D(2025, 3, 12), D(2025, 3, 12)), (D(2025, 3, 25), D(2025, 3, 27))]


def test_dutch_do_before_a_day_and_a_dutch_month_is_thursday() -> None:
    text = "do 5 jun · 14:00"
    assert date_role(text, 3, 8) is None
    assert date_role("Do 5. Juni 2025 | Netzwerktreffen", 3, 15) is None
    for deadline in ("Přihlášky do 5. června", "Zgłoszenia do 5 czerwca", "Prijave do 5. lipnja",
                     "Prijave do 5. jun."):  # fmt: skip
        start = deadline.index("do ") + 3
        assert date_role(deadline, start, len(deadline)) is not None, deadline


def test_month_forms_of_badges_slovenian_and_estonian() -> None:
    assert month_of("DUB") == 4 and month_of("dub") is None
    assert month_of("SET") == 9 and month_of("set") is None
    assert month_of("LED") is None  # "24 LED lamps"
    assert month_of("aprila") == 4 and month_of("veebruaril") == 2


def test_the_event_markup_gives_the_year_of_its_own_day_only() -> None:
    page = (
        "<html><body><main><h1>Agenda</h1><ul>"
        '<li><h2>Breakfast briefing</h2><time datetime="2025-11-18">18 Nov</time> in Galway</li>'
        '<li><h2>Webinar</h2><time datetime="2025-11-27">27 Nov</time> online</li>'
        "<li><h2>Networking</h2><p>10 Dec in Galway</p></li>"
        "</ul></main></body></html>"
    )
    result = parse_page(page, filename="p", html=True)
    assert [(i.start, i.end) for i in result.items] == [
        (D(2025, 11, 18), D(2025, 11, 18)), (D(2025, 11, 27), D(2025, 11, 27))
    ]  # fmt: skip
    assert "markup" in (result.items[0].date.year_from or "")
    assert any("'10 Dec' without a year" in message for _, message in result.problems)


def test_a_range_with_times_and_weekdays_between_its_ends_is_one_range() -> None:
    cases = [
        ("30 September 2025 @ 9:00 am - 2 October 2025 @ 4:00 pm", D(2025, 9, 30), D(2025, 10, 2)),
        ("mardi 30 septembre au jeudi 2 octobre 2025", D(2025, 9, 30), D(2025, 10, 2)),
        ("Mo, 3. März 2025, 10:00 Uhr bis Mittwoch, 5. März 2025", D(2025, 3, 3), D(2025, 3, 5)),
    ]  # fmt: skip
    for text, start, end in cases:
        assert [(s.start, s.end) for s in find_dates(text)] == [(start, end)], text
    partial = find_partial_dates("Termin: 24. Juni @ 9:00 - 27. Juni @ 17:00")
    assert [(p.first, p.last) for p in partial] == [((6, 24), (6, 27))]
    assert len(find_dates("Held on 3 May 2024 at 10:00, and the partners met 14 June 2024.")) == 2


def test_deadlines_updates_calls_and_issues_in_more_languages_are_no_items() -> None:
    for line in ("Tilmeldingsfrist: 25. marts 2025", "Ansøgningsfrist: 1. oktober 2025 kl. 12.00",
                 "Dagsorden udsendes senest 3. juni 2025.", "Opdateret 12.8.2025",
                 "Inscriptions gratuites jusqu’au 15 septembre 2025.",
                 "La inscripción se cerrará el 21 de abril de 2025.",
                 "Javni poziv Ministarstva otvoren je od 1. travnja do 30. travnja 2025.",
                 "Boletín nº 11/2025"):  # fmt: skip
        text = f"Seminar\n\nAn event for members on the topic of the day.\n\n{line}\n"
        assert _found(text) == [], line


def test_a_duration_from_a_day_is_a_span_that_long() -> None:
    cases = [
        ("The project runs for 36 months from 1 March 2024.", D(2024, 3, 1), D(2027, 2, 28)),
        ("Projekt trvá 24 měsíců od 1. 7. 2023 a je financován TA ČR.", D(2023, 7, 1), D(2025, 6, 30)),
        ("Das Projekt läuft 24 Monate ab dem 31. Januar 2024.", D(2024, 1, 31), D(2026, 1, 30)),
    ]  # fmt: skip
    for text, start, end in cases:
        assert [(s.start, s.end) for s in find_dates(text)] == [(start, end)], text
    assert [(s.start, s.end) for s in find_dates("Within 3 months, on 1 March 2024, we met.")] == [
        (D(2024, 3, 1), D(2024, 3, 1))
    ]
    text = (
        "Zielona Transformacja\n\nOkres realizacji: 01.03.2024 – 28.02.2027\n\n"
        "Projekt realizowany jest przez 36 miesięcy od 1 marca 2024 r. dla 40 członków.\n"
    )
    assert _found(text) == [(D(2024, 3, 1), D(2027, 2, 28))]  # the same span, said twice


def test_a_month_heading_with_nothing_under_it_labels_the_items_below() -> None:
    text = (
        "Nyhetsbrev februari 2025\n\nFrukostseminarium: Cirkulär plast\n\n"
        "Vi ses den 12 mars 2025 kl. 08.00–09.30 i Göteborg.\n\n"
        "Klusterdagarna 2025\n\nMässan 30 sep–2 okt 2025 på Svenska Mässan, Göteborg.\n"
    )
    assert _found(text) == [(D(2025, 3, 12), D(2025, 3, 12)), (D(2025, 9, 30), D(2025, 10, 2))]
    heads = "<html><body><main><h1>Fairs</h1><h2>Hannover Messe, April 2025</h2><h2>Expo Lyon, May 2025</h2></main></body></html>"
    assert len(_found(heads, html=True)) == 2
    assert _found("Meetings\n\nBoard meeting in March 2025\n\nThe board met in Brno.\n") == [
        (D(2025, 3, 1), D(2025, 3, 31))
    ]


def test_a_day_inside_a_dated_project_heading_period_is_its_activity() -> None:
    text = (
        "Projekt Zielona Transformacja\n\nWartość projektu: 2 450 000 zł z Funduszy "
        "Europejskich dla Podkarpacia 2021-2027\n\nOkres realizacji: 01.03.2024 – 28.02.2027\n\n"
        "Spotkanie inaugurujące projekt odbyło się 14 marca 2024 r. w Rzeszowie.\n"
    )
    assert _found(text) == [(D(2024, 3, 1), D(2027, 2, 28)), (D(2024, 3, 14), D(2024, 3, 14))]


def _month_table(events: dict[int, str], *, first_weekday: int = 2, days: int = 31) -> str:
    cells = [f'<td><span class="num">{n}</span></td>' for n in range(30 - first_weekday + 1, 31)]
    for n in range(1, days + 1):
        event = f'<a href="/e/{n}">{events[n]}</a>' if n in events else ""
        cells.append(f'<td><span class="num">{n}</span>{event}</td>')
    rows = "".join("<tr>" + "".join(cells[i : i + 7]) + "</tr>" for i in range(0, len(cells), 7))
    return f'<table class="calendar"><thead><tr><th>Po</th><th>Ut</th></tr></thead><tbody>{rows}</tbody></table>'


def test_a_month_grid_gives_each_event_the_day_of_its_cell() -> None:
    events = {8: "Inovačné raňajky: vodík v doprave", 21: "Energetická konferencia Tatry",
              22: "Energetická konferencia Tatry"}  # fmt: skip
    page = (
        "<html><body><main><h1>Kalendár podujatí</h1>"
        '<div class="nav"><a href="?m=9">« september</a><h2>október 2025</h2></div>'
        f"{_month_table(events)}<p>Kliknutím zobrazíte podrobnosti.</p></main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 10, 8), D(2025, 10, 8)),
        (D(2025, 10, 21), D(2025, 10, 22)),
    ]
    # another month's cells (29, 30 before the 1st) are the days of the month before
    other = page.replace(
        '<span class="num">29</span></td>',
        '<span class="num">29</span><a href="#">Old event</a></td>',
        1,
    )
    assert _found(other, html=True)[0] == (D(2025, 9, 29), D(2025, 9, 29))


def test_an_aria_grid_reads_each_cell_day_from_its_datetime() -> None:
    cells = []
    for n in range(1, 32):
        event = ('<div class="event"><span>10:00 - 13:00</span><h3><a href="#">Assemblea dei soci</a></h3></div>'
                 if n == 8 else "")  # fmt: skip
        cells.append(
            f'<div role="gridcell"><time datetime="2025-05-{n:02d}">{n}</time>{event}</div>'
        )
    page = (
        '<html><body><main><h1>Eventi</h1><time datetime="2025-05">Maggio 2025</time>'
        f'<div role="grid">{"".join(cells)}</div></main></body></html>'
    )
    assert _found(page, html=True) == [(D(2025, 5, 8), D(2025, 5, 8))]


def test_a_table_of_figures_is_no_calendar() -> None:
    rows = "".join(
        f"<tr><td>{(n * 7) % 31 + 1}</td><td><a href='#'>Member company {n}</a></td></tr>"
        for n in range(30)
    )
    page = f"<html><body><main><h1>Members 2025</h1><p>Joined in March 2025.</p><table>{rows}</table></main></body></html>"
    assert extract(page).method != "cards"


def test_an_article_with_related_event_cards_keeps_its_article() -> None:
    article = " ".join(["The members met in Lyon on 14 November 2024 for the yearly expo."] * 8)
    page = CARDS.format(
        cards=_card("12", "BŘE", "Snídaně s bezpečností") + _card("3", "DUB", "Webinář AI")
    ).replace(
        "<p>Přehled akcí, které klastr pořádá.</p>",
        f"<article><h2>Expo recap</h2><p>{article}</p></article>",
    )
    text = extract(page).text
    assert "yearly expo" in text


def test_a_date_line_above_each_heading_opens_its_item() -> None:
    cards = [("Fintech Compliance Masterclass", D(2025, 11, 18)),
             ("Open Banking Roundtable", D(2025, 12, 4))]  # fmt: skip
    text = (
        "Agenda 2025\n\nTue 18 Nov, 09:00\n\nFintech Compliance Masterclass\n\n"
        "A day on the new rules, online.\n\nThu 4 Dec, 14:00\n\nOpen Banking Roundtable\n\n"
        "Members discuss the PSD3 draft in Dublin.\n"
    )
    assert _titled(text) == cards
    flat = (
        "<html><body><main><h1>Agenda 2025</h1>"
        "<p>Tue 18 Nov, 09:00</p><h2>Fintech Compliance Masterclass</h2><p>A day on the new rules, online.</p>"
        "<p>Thu 4 Dec, 14:00</p><h2>Open Banking Roundtable</h2><p>Members discuss the PSD3 draft in Dublin.</p>"
        "</main></body></html>"
    )
    assert _titled(flat, html=True) == cards


def test_dates_under_headings_or_after_the_text_stay_with_their_item() -> None:
    under = (
        "News 2025\n\nForum in Brno\n\n3 March 2025\n\nAnnual Meeting\n\n12 May 2025\n\n"
        "Expo in Lyon\n\n14 November 2025\n"
    )
    assert _titled(under) == [("Forum in Brno", D(2025, 3, 3)), ("Annual Meeting", D(2025, 5, 12)),
                              ("Expo in Lyon", D(2025, 11, 14))]  # fmt: skip
    last = (
        "Events\n\nForum in Brno\n\nThe forum for members in Brno.\n\n3 March 2025\n\n"
        "Expo in Lyon\n\nThe yearly expo of the sector.\n\n14 November 2025\n"
    )
    assert _titled(last) == [("Forum in Brno", D(2025, 3, 3)), ("Expo in Lyon", D(2025, 11, 14))]


def test_a_calendar_widget_beside_an_article_leaves_the_article() -> None:
    article = " ".join(["The members met in Lyon on 14 November 2024 for the yearly expo."] * 8)
    page = (
        f"<html><body><main><article><h1>Expo recap</h1><p>{article}</p></article>"
        f"<aside><h2>október 2025</h2>{_month_table({8: 'Inovačné raňajky'})}</aside></main></body></html>"
    )
    found = extract(page)
    assert found.method != "cards" and "yearly expo" in found.text


EVENT_PAGE = """<html><head><meta property="article:published_time" content="2025-08-28T09:00:00+02:00">
</head><body><main><article><h1>Battery Materials Day 2025</h1>
{line}
<p>The Battery Materials Day brings together cathode and anode producers, recyclers and
researchers from the Nordic countries. This year's edition focuses on the traceability of
critical raw materials and on the new EU battery passport for the members.</p>
<h2>Agenda</h2><ul><li>09:30 Registration and coffee</li><li>10:00 Welcome</li></ul>
<h2>Registration</h2><p>Participation is free for members. Please register by 3 October
2025; places are limited to 150.</p></article></main></body></html>"""


def test_the_date_line_under_the_title_that_trafilatura_dropped_is_read() -> None:
    line = '<p class="meta">Event · <time datetime="2025-10-15">15 October 2025</time> · Science Park Skellefteå</p>'
    assert _found(EVENT_PAGE.format(line=line), html=True) == [(D(2025, 10, 15), D(2025, 10, 15))]
    posted = '<p class="meta">28 August 2025 · 3 min read</p>'  # the page's own day
    assert _found(EVENT_PAGE.format(line=posted), html=True) == []
    for own in ('<p class="byline">By the Northern Digital Health Cluster team · 20 February 2025</p>',
                '<p class="post-meta">Publicat pe <time class="entry-date published">3 martie 2025</time></p>',
                "<table><tr><td>Start</td><td>15.02.2024</td></tr></table>"):  # fmt: skip
        assert _found(EVENT_PAGE.format(line=own), html=True) == [], own


def test_a_date_line_beside_a_deadline_alone_is_the_event_day() -> None:
    text = (
        "Agenda\n\nWebinar: Industry 5.0\n\n12 March 2025\n\nOnline. Registration until 1 March 2025.\n\n"
        "Study visit to Braga\n\n25 March 2025\n\nFactories in Braga; the bus leaves from Porto.\n"
    )
    assert _titled(text) == [
        ("Webinar: Industry 5.0", D(2025, 3, 12)),
        ("Study visit to Braga", D(2025, 3, 25)),
    ]
    posted = (
        "News\n\nForum in Brno\n\n3 March 2025\n\nThe forum on 28 February 2025 had 120 guests.\n"
    )
    assert _found(posted) == [(D(2025, 2, 28), D(2025, 2, 28))]


def test_a_cards_badge_and_its_days_one_by_one_restate_the_range_below() -> None:
    text = (
        "Arrangementer\n\n"
        "Studietur til Bremen\n\n"
        "14 apr.\n"
        "tirs. 14. apr. 2026 tors. 16. apr. 2026\n"
        "Turen går fra den 14. til den 16. april 2026 med besøg hos tre havne.\n\n"
        "Netværksmøde\n\n"
        "Mødet holdes den 5. maj 2026 på messen, som løber fra den 4. til den 7. maj 2026.\n"
    )
    assert _found(text) == [
        (D(2026, 4, 14), D(2026, 4, 16)),
        # a day inside a range read after it is an event of its own, not a badge
        (D(2026, 5, 5), D(2026, 5, 5)),
        (D(2026, 5, 4), D(2026, 5, 7)),
    ]
