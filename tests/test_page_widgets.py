"""Tests of what common event and news tools write: a month view whose cells hold a
screen reader's count beside the day, cards titled by a link, an event page's detail
lines beside its title, teaser lists whose dates are publication dates, press-release
datelines. Every page is written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


def _month_view(events: dict[int, str]) -> str:
    """A month view drawn as an ARIA grid: empty cells of the month before, then a cell a
    day whose heading is a hidden count and the day's `<time>`, events as small headings."""
    cells = ['<div role="gridcell"></div>'] * 3
    for n in range(1, 31):
        count = 1 if n in events else 0
        event = (
            f'<div class="ev"><span>18:00</span><h3><a href="#">{events[n]}</a></h3></div>'
            if n in events
            else ""
        )
        cells.append(
            f'<div role="gridcell"><h3><span class="sr-only">{count} event, </span>'
            f'<time datetime="2025-06-{n:02d}">{n}</time></h3>{event}</div>'
        )
    return (
        "<html><body><main><h1>Events for June 2025</h1>"
        '<div class="bar"><time datetime="2025-06">June 2025</time></div>'
        f'<div role="grid">{"".join(cells)}</div></main></body></html>'
    )


def test_a_month_view_reads_the_day_of_a_cell_that_opens_with_a_count() -> None:
    page = _month_view({4: "Members breakfast on robotics", 19: "Summer networking evening"})
    assert _found(page, html=True) == [
        (D(2025, 6, 4), D(2025, 6, 4)),
        (D(2025, 6, 19), D(2025, 6, 19)),
    ]


def test_cards_titled_by_a_link_classed_as_a_title_are_read() -> None:
    def card(day: str, when: str, title: str) -> str:
        return (
            f'<li class="ev"><div class="badge"><span>WED</span><span>{day}</span></div>'
            f'<div class="info"><a class="ev-title" href="#">{title}</a>'
            f'<p class="ev-time">{when}</p><p class="ev-venue">Harbour Hub, Galway</p>'
            "<p>21 attendees</p></div></li>"
        )

    page = (
        "<html><body><main><h1>Founders evenings</h1><p>Our sessions are listed on the "
        'group page:</p><div class="embed"><ul class="evs">'
        + card("MAY 7", "Wed, May 7, 2025, 6:00 PM", "Term sheets without tears")
        + card("JUN 4", "Wed, Jun 4, 2025, 6:30 PM", "Hiring your first engineers")
        + "</ul></div><h2>Past sessions</h2><p>Recordings are on the intranet.</p>"
        "</main></body></html>"
    )
    items = parse_page(page, filename="p", html=True).items
    assert [(i.title, i.start) for i in items] == [
        ("Term sheets without tears", D(2025, 5, 7)),
        ("Hiring your first engineers", D(2025, 6, 4)),
    ]


def test_the_detail_lines_beside_an_event_title_date_the_event() -> None:
    body = " ".join(["Employers and colleges meet to map the skills the sector needs."] * 6)
    page = (
        '<html><body><main><section class="head"><a href="/events">All events</a>'
        "<h1>Harbour Skills Day</h1>"
        '<div class="details"><div class="detail"><img src="c.svg" alt=""><div>Tue, 14 Oct 2025'
        '</div></div><div class="detail"><div>09:30 - 16:00</div></div><div class="detail">'
        "<div>Maritime Centre, Aberdeen</div></div></div></section>"
        f'<section class="body"><div class="rich"><p>{body}</p></div></section>'
        "</main></body></html>"
    )
    assert _found(page, html=True) == [(D(2025, 10, 14), D(2025, 10, 14))]


def test_a_month_first_page_reads_its_ambiguous_slashed_dates_month_first() -> None:
    from evidence.pages.dates import find_dates
    from evidence.pages.numorder import month_first, page_order

    us = "Posted 05/21/2025. Posted 07/08/2025."
    assert month_first(us) and not month_first("21/05/2025 and 07/08/2025")
    assert not month_first("05/21/2025 and 21/05/2025")  # both: nothing is swapped
    with page_order(us):
        assert [s.start for s in find_dates(us)] == [D(2025, 5, 21), D(2025, 7, 8)]
    assert [s.start for s in find_dates(us)] == [D(2025, 5, 21), D(2025, 8, 7)]


def test_teasers_with_a_weekday_by_line_date_only_what_their_text_dates() -> None:
    def teaser(title: str, posted: str, body: str) -> str:
        return (
            f'<div class="views-row"><article class="node"><h2><a href="#">{title}</a></h2>'
            f'<div class="meta">Submitted by editor on <span>{posted} - 10:00</span></div>'
            f"<div class='body'><p>{body}</p></div></article></div>"
        )

    page = (
        "<html><body><main><h1>News</h1><div class='view'>"
        + teaser("Open house", "Thu, 05/22/2025", "Our open house takes place on 18 June 2025.")
        + teaser("Robotics recap", "Wed, 07/02/2025", "Thanks to all who came on 27 June.")
        + "</div></main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 6, 18), D(2025, 6, 18)),
        (D(2025, 6, 27), D(2025, 6, 27)),
    ]


def test_in_a_teaser_list_a_date_line_is_the_posting_day_even_beside_a_deadline() -> None:
    def teaser(posted: str, title: str, body: str) -> str:
        day, month, year = posted.split()
        iso = f"{year}-{['marzo', 'aprile'].index(month) + 3:02d}-{int(day):02d}"
        return (
            f'<li class="news-item"><span class="date"><time datetime="{iso}">{posted}</time></span>'
            f'<h2><a href="#">{title}</a></h2><p>{body}</p><a href="#">Leggi tutto</a></li>'
        )

    page = (
        "<html><body><main><h1>Notizie</h1><ul class='news'>"
        + teaser("3 aprile 2025", "Bando voucher", "Domande fino al 30 aprile 2025.")
        + teaser("20 marzo 2025", "Fiera a Parma", "Il 6 maggio 2025 saremo a Cibus.")
        + teaser("2 marzo 2025", "Assemblea", "Lo scorso 27 febbraio i soci si sono riuniti.")
        + "</ul></main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 5, 6), D(2025, 5, 6)),
        (D(2025, 2, 27), D(2025, 2, 27)),
    ]


def test_a_place_and_date_under_a_press_release_cue_is_its_dateline() -> None:
    text = (
        "Presseinformation\n\nLeipzig, 03.05.2023\n\nNetzwerk startet Pilotlinie\n\n"
        "Das Netzwerk eröffnet am 22. Juni 2023 seine Pilotlinie in Leipzig. "
        "Der Verband wurde im Jahr 2004 gegründet.\n"
    )
    assert _found(text) == [(D(2023, 6, 22), D(2023, 6, 22))]
    # under an event's title, a place and a day are the event's
    event = (
        "Netzwerktreffen Sachsen\n\nLeipzig, 03.05.2023\n\nTreffen der Mitglieder mit Vorträgen.\n"
    )
    assert _found(event) == [(D(2023, 5, 3), D(2023, 5, 3))]


def test_a_calendar_library_month_reads_each_day_from_its_cell_data_date() -> None:
    days = []
    for n in range(1, 31):
        event = (
            '<div class="evs"><a class="ev" href="#"><div class="ev-time">9a</div>'
            '<div class="ev-title">Hydrogen members workshop</div></a></div>'
            if n == 17
            else ""
        )
        days.append(
            f'<td class="day" data-date="2025-09-{n:02d}"><div><a class="num">{n}</a></div>'
            f"{event}</td>"
        )
    rows = "".join(f"<tr>{''.join(days[i : i + 7])}</tr>" for i in range(0, 30, 7))
    page = (
        "<html><body><main><h1>Calendar</h1><table class='outer'><thead><tr><td><table>"
        "<tr><th>Mon</th><th>Tue</th></tr></table></td></tr></thead><tbody><tr><td><div>"
        f"<table class='days'><tbody>{rows}</tbody></table></div></td></tr></tbody></table>"
        "</main></body></html>"
    )
    assert _found(page, html=True) == [(D(2025, 9, 17), D(2025, 9, 17))]


def test_cards_titled_by_a_title_classed_h1_are_read() -> None:
    def event(title: str, shown: str) -> str:
        return (
            '<article class="evl-event"><div class="tag"><div>sep</div></div>'
            f'<div class="info"><h1 class="evl-title"><a href="#">{title}</a></h1>'
            f'<ul class="evl-meta event-meta"><li class="event-meta-item"><time>{shown}</time>'
            "</li><li>Umeå</li></ul><p>A morning of talks.</p></div></article>"
        )

    page = (
        '<html><body><main><div class="evl">'
        + event("Skogsdag", "fredag 12 september 2025")
        + event("Frukostmöte", "fredag 26 september 2025")
        + "</div></main></body></html>"
    )
    items = parse_page(page, filename="p", html=True).items
    assert [(i.title, i.start) for i in items] == [
        ("Skogsdag", D(2025, 9, 12)),
        ("Frukostmöte", D(2025, 9, 26)),
    ]


def test_a_list_view_with_a_weekday_badge_over_a_yearless_date_line() -> None:
    def row(iso: str, badge: str, shown: str, title: str) -> str:
        return f"""
<div class="list-row">
  <div class="date-tag">
    <time datetime="{iso}">
      <span class="wd">{badge.split()[0]}</span>
      <span class="dn">{badge.split()[1]}</span>
    </time>
  </div>
  <article class="list-event">
    <header>
      <div class="dt"><time datetime="{iso}"><span>{shown} @ 8:30 am</span> - <span>10:00 am</span></time></div>
      <h3 class="list-title"><a href="#">{title}</a></h3>
    </header>
  </article>
</div>"""

    page = (
        '<html><body><main><h1>Upcoming Events</h1><div class="list">'
        + row("2025-03-04", "Tue 4", "March 4", "Lean breakfast")
        + row("2025-03-19", "Wed 19", "March 19", "Cobot clinic")
        + "</div></main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 3, 4), D(2025, 3, 4)),
        (D(2025, 3, 19), D(2025, 3, 19)),
    ]


def test_a_date_the_markup_marks_as_published_is_no_item_and_dates_its_teaser() -> None:
    def article(title: str, teaser: str, iso: str, shown: str) -> str:
        return (
            f'<div class="article" itemscope><div class="header"><h3><a href="#">{title}</a>'
            f'</h3></div><div class="teaser"><p>{teaser}</p></div><div class="footer"><p>'
            f'<span class="list-date"><time itemprop="datePublished" datetime="{iso}">{shown}'
            "</time></span></p></div></div>"
        )

    page = (
        '<html><body><main><h1>Aktuelles</h1><div class="news">'
        + article(
            "Treffen",
            "Das Treffen findet am 14. Mai 2024 in Chemnitz statt.",
            "2024-04-02",
            "02.04.2024",
        )
        + article(
            "Rückblick Messe",
            "Am 24. April waren wir mit einem Stand dabei.",
            "2024-04-30",
            "30.04.2024",
        )
        + article(
            "Neues Mitglied",
            "Wir begrüßen ein neues Mitglied im Verbund.",
            "2024-05-06",
            "06.05.2024",
        )
        + "</div></main></body></html>"
    )
    items = parse_page(page, filename="p", html=True).items
    assert [(i.start, i.date.year_from) for i in items] == [
        (D(2024, 5, 14), None),
        (D(2024, 4, 24), "the publication date '30.04.2024' of the item"),
    ]


def test_a_card_whose_only_date_is_its_event_markup_takes_that_day() -> None:
    def card(title: str, shown: str, start: str, end: str = "") -> str:
        until = f'<meta itemprop="endDate" content="{end}T17:00">' if end else ""
        return (
            f'<div class="card" itemscope itemtype="https://schema.org/Event"><h3 itemprop="name">'
            f'{title}</h3><meta itemprop="startDate" content="{start}T09:00">{until}'
            f'<p class="when">{shown} · Trondheim</p></div>'
        )

    page = (
        '<html><body><main><h1>Arrangementer</h1><div class="cards">'
        + card("Havbruksdagen", "12/09", "2025-09-12")
        + card("Sjømatmessa", "1/10–2/10", "2025-10-01", "2025-10-02")
        + "</div></main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 9, 12), D(2025, 9, 12)),
        (D(2025, 10, 1), D(2025, 10, 2)),
    ]


def test_events_a_script_shows_are_read_from_the_pages_json_ld() -> None:
    described = (
        '[{"@context": "https://schema.org", "@type": "Event", "name": "Pitch evening",'
        ' "startDate": "2025-04-09T18:30:00+01:00", "location": {"@type": "Place",'
        ' "name": "Harbour Hub", "address": {"addressLocality": "Cork"}}},'
        ' {"@type": "EducationEvent", "name": "IP clinic", "startDate": "2025-05-14",'
        ' "endDate": "2025-05-15"}]'
    )
    page = (
        f'<html><head><script type="application/ld+json">{described}</script></head><body>'
        "<main><h1>Founders series</h1><p>Our sessions are listed below.</p>"
        '<div id="widget"></div><script src="widget.js"></script></main></body></html>'
    )
    assert _found(page, html=True) == [
        (D(2025, 4, 9), D(2025, 4, 9)),
        (D(2025, 5, 14), D(2025, 5, 15)),
    ]
    # a page that shows its dates is read from its text, not from its JSON-LD
    shown = page.replace("listed below.", "held on 3 March 2025 in Cork.")
    assert _found(shown, html=True) == [(D(2025, 3, 3), D(2025, 3, 3))]


def test_a_romanian_registration_until_the_date_of_is_a_deadline() -> None:
    text = (
        "Zilele inovării\n\nEvenimentul are loc pe 26 octombrie 2023 la Cluj-Napoca. "
        "Participarea este gratuită, cu înregistrare până la data de 20 octombrie 2023.\n"
    )
    assert _found(text) == [(D(2023, 10, 26), D(2023, 10, 26))]


def test_a_datetime_on_a_slashed_date_says_which_number_is_the_month() -> None:
    page = (
        "<html><body><main><h1>Plant tour</h1><div class='date'><time "
        'datetime="2025-03-05T14:00:00Z">Wed, 03/05/2025 - 15:00</time> · Ghent, Hall 2</div>'
        "<p>Members visit the new press line of our host and meet its engineers.</p>"
        "</main></body></html>"
    )
    assert _found(page, html=True) == [(D(2025, 3, 5), D(2025, 3, 5))]


def test_a_wire_release_dateline_is_its_publication_date() -> None:
    text = (
        "Cluster opens a pilot line\n\nDRESDEN, Germany, February 14, 2022 /PRNewswire/ -- "
        "The cluster and its partners open a pilot line for chip packaging on March 3, 2022 "
        "at the science park, with demonstrations for member companies.\n"
    )
    assert _found(text) == [(D(2022, 3, 3), D(2022, 3, 3))]


def test_a_month_table_dates_its_cells_by_their_data_day() -> None:
    cells = [
        '<td class="other-month"><div>29</div></td>',
        '<td class="other-month"><div>30</div></td>',
    ]
    for n in range(1, 32):
        event = '<h3 class="ev-title"><a href="#">Robotics open lab</a></h3>' if n == 9 else ""
        cells.append(
            f'<td class="this-month" data-day="2025-12-{n:02d}"><div>{n}</div>{event}</td>'
        )
    rows = "".join(f"<tr>{''.join(cells[i : i + 7])}</tr>" for i in range(0, len(cells), 7))
    page = (
        "<html><body><main><h2>Events for this month</h2>"
        f"<table class='cal'><thead><tr><th>Mon</th></tr></thead><tbody>{rows}</tbody></table>"
        "</main></body></html>"
    )
    assert _found(page, html=True) == [(D(2025, 12, 9), D(2025, 12, 9))]


def test_a_text_news_list_keeps_its_teasers_and_reads_their_posting_days() -> None:
    text = (
        "News\n\n10 June 2025\nJoint stand\nMembers exhibit in Munich from 24 to 27 June 2025.\n\n"
        "6 March 2025\nRecap: Twin Day\nOver 120 participants joined on 28 February in Ghent.\n"
    )
    items = parse_page(text, filename="p").items
    assert [(i.start, i.date.year_from) for i in items] == [
        (D(2025, 6, 24), None),
        (D(2025, 2, 28), "the publication date '6 March 2025' of the item"),
    ]


def test_a_wordpress_post_class_marks_no_publication_date() -> None:
    def event(title: str, when: str) -> str:
        return (
            f'<article class="post-7 tribe_events type-tribe_events status-publish hentry">'
            f'<h3><a href="#">{title}</a></h3><p>{when} @ 9:00 am</p></article>'
        )

    page = (
        "<html><body><main><h1>Events</h1><div class='list'>"
        + event("Lean breakfast", "March 4, 2025")
        + event("Cobot clinic", "March 19, 2025")
        + "</div></main></body></html>"
    )
    assert _found(page, html=True) == [
        (D(2025, 3, 4), D(2025, 3, 4)),
        (D(2025, 3, 19), D(2025, 3, 19)),
    ]


def _table_month(events: dict[tuple[int, int], str]) -> str:
    """A municipal calendar's month table for April 2026: weeks from Monday 30 March to
    Sunday 3 May, each cell a number and its events' links; an intro, recurring events
    and the page's metadata around it, more text than the events' own."""
    days = [(3, 30), (3, 31)] + [(4, d) for d in range(1, 31)] + [(5, d) for d in (1, 2, 3)]
    rows = []
    for week in range(0, len(days), 7):
        cells = []
        for month, day in days[week : week + 7]:
            title = events.get((month, day))
            link = f'<ul><li><a href="/e/{month}-{day}">{title}</a></li></ul>' if title else ""
            cells.append(f'<td class="day"><span class="num">{day}</span>{link}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        "<html><body><main><h1>Koledar dogodkov</h1>"
        "<p>Dogodki za podjetnike, ki jih pripravljajo občina, grozd in podjetniški "
        "inkubator. Udeležba na vseh dogodkih je brezplačna, prijave zbiramo po e-pošti.</p>"
        '<div class="nav"><a href="?m=3">‹ marec 2026</a><h2>april 2026</h2>'
        '<a href="?m=5">maj 2026 ›</a></div>'
        '<table class="calendar"><thead><tr><th>pon</th><th>tor</th><th>sre</th><th>čet</th>'
        f"<th>pet</th><th>sob</th><th>ned</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "<h3>Redni dogodki</h3><p>Svetovalne ure točke za evropska sredstva – vsak torek "
        "med 9. in 15. uro v sobi 112 na občini, brez predhodne prijave, tudi po telefonu.</p>"
        "<h3>Podatki o strani</h3><dl><dt>Pripravil:</dt><dd>Oddelek za gospodarstvo</dd>"
        "<dt>Objavljeno:</dt><dd>2026-03-18 10:12</dd><dt>Spremenjeno:</dt>"
        "<dd>2026-03-30 08:40</dd><dt>Ogledi:</dt><dd>1877</dd></dl>"
        "</main></body></html>"
    )


def test_a_month_table_whose_text_lost_its_events_is_read_from_its_cells() -> None:
    page = _table_month({
        (4, 8): "Poslovni zajtrk članov grozda",
        (4, 22): "Delavnica o zelenih javnih naročilih",
        (5, 2): "Dan odprtih vrat inkubatorja",  # a cell after the month's last day
    })  # fmt: skip
    assert _found(page, html=True) == [
        (D(2026, 4, 8), D(2026, 4, 8)),
        (D(2026, 4, 22), D(2026, 4, 22)),
        (D(2026, 5, 2), D(2026, 5, 2)),
    ]


def _event_theme_page() -> str:
    """An events plugin's list: a card per event, classed by its month ("ev-m-202609"),
    the JSON-LD of the next event only, and a cookie box trafilatura takes for text."""
    events = [
        ("202609", "Kulatý stůl dodavatelů", "Út 15. 9. 2026", "Jablonec"),
        ("202609", "Exkurze do slévárny Kovolis", "Čt 24. 9. 2026", "Hedvikov"),
        ("202610", "Konference Povrchové úpravy", "13. 10. 2026 – 14. 10. 2026", "Brno"),
        ("202611", "Workshop Vodíkové zásobníky", "St 4. 11. 2026", "online"),
    ]
    cards = "".join(
        f'<article class="ev-item ev-m-{month}"><div class="ev-body"><h3 class="ev-title">'
        f'<a href="/akce/{n}">{title}</a></h3><div class="event-description">Odborný program pro členy '
        f'klastru a hosty.</div></div><div class="event-meta-wrap"><span class="ev-date">{day}</span>'
        f"<span>{place}</span></div></article>"
        for n, (month, title, day, place) in enumerate(events)
    )
    return (
        '<html><head><script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"Event","name":"Kulatý stůl dodavatelů","startDate":"2026-09-15T09:00"}'
        "</script></head><body>"
        '<div class="cookie-box" role="dialog"><p>Používáme cookies, abychom zlepšili '
        "vaši zkušenost s webem. Některé jsou nezbytné, jiné nám pomáhají web rozvíjet "
        "a měřit jeho návštěvnost, abychom vám mohli nabízet lepší obsah.</p>"
        '<p><a href="#">Přijmout vše</a></p><p><a href="#">Jen nezbytné</a></p></div>'
        "<main><h1>Akce</h1><p>Přehled všech akcí klastru a jeho partnerů v regionu. Účast "
        "na akcích klastru je pro členské firmy zdarma, pokud není uvedeno jinak.</p>"
        f'<div class="ev-list">{cards}</div><section><h2>Pravidelná setkání</h2><p>Setkání '
        "údržbářů: každé první úterý v měsíci od 18 hodin v restauraci Radnice.</p>"
        "</section></main></body></html>"
    )


def test_an_event_plugins_cards_classed_by_month_are_one_listing_beside_one_json_ld() -> None:
    assert _found(_event_theme_page(), html=True) == [
        (D(2026, 9, 15), D(2026, 9, 15)),
        (D(2026, 9, 24), D(2026, 9, 24)),
        (D(2026, 10, 13), D(2026, 10, 14)),
        (D(2026, 11, 4), D(2026, 11, 4)),
    ]


def test_cards_that_outnumber_the_json_ld_are_read_when_the_text_lost_every_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A theme's JSON-LD describes its next event only; where trafilatura's text lost
    every date (it took a cookie box for the article), the page's own cards, which show
    every event's day, are read, not the one event of the script."""
    from evidence.pages import html as page_html

    lost = page_html.MainText("Používáme cookies.\n\nPřehled akcí klastru.", None, "main text")
    monkeypatch.setattr(page_html, "_extract", lambda tree: lost)
    read = page_html.extract(_event_theme_page())
    assert read.method == "cards"
    assert "Workshop Vodíkové zásobníky" in read.text and "St 4. 11. 2026" in read.text
