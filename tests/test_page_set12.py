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


def _card(title: str, when: str, cls: str = "event") -> str:
    return (
        f'<li class="{cls}"><article><h2><a href="/e/{len(title)}">{title}</a></h2>'
        f'<p class="date">{when}</p><p>Plats: Science Park-huset.</p></article></li>'
    )


def _page(body: str) -> str:
    return (
        '<html lang="sv"><head><title>Evenemang</title></head><body>'
        '<header><a href="/">Norrlands Science Park</a></header>'
        f"<main><h1>Evenemang</h1>{body}</main>"
        "<footer><p>Receptionen är öppen vardagar 08.00–16.30</p></footer></body></html>"
    )


CARDS = (
    '<ul class="event-list">'
    + _card("Frukostseminarium om AI i industrin", "2026-04-15 kl. 07.30–09.00")
    + _card("Innovationsveckan Norrland", "11–15 maj 2026")
    + _card("Demo Day för inkubatorbolagen", "onsdag 3 juni 2026 kl. 13.00")
    + "</ul>"
)


def test_a_past_events_list_beside_the_cards_is_read() -> None:
    past = (
        "<h2>Tidigare evenemang</h2><ul class='event-list past'>"
        "<li><a href='/e/a'>Inspirationsdag för unga entreprenörer</a> – 2026-02-11</li>"
        "<li><a href='/e/b'>Julmingel</a> – 2025-12-10</li></ul>"
    )
    found = _found(_page(CARDS + past))
    assert (D(2026, 2, 11), D(2026, 2, 11)) in found
    assert (D(2025, 12, 10), D(2025, 12, 10)) in found
    assert len(found) == 5


def test_an_archive_of_one_card_beside_the_cards_is_read_as_a_card() -> None:
    archive = (
        "<h2>Terugblik</h2><ul class='event-list archief'>"
        + _card("Nieuwjaarsbijeenkomst", "12 januari 2026")
        + "</ul>"
    )
    items = parse_page(_page(CARDS + archive), filename="p", html=True).items
    last = [i for i in items if i.start == D(2026, 1, 12)]
    assert [i.title for i in last] == ["Nieuwjaarsbijeenkomst"]


def test_an_intro_above_the_cards_stays_out() -> None:
    intro = "<p class='intro'>Geplaatst op 3 maart 2026 · Alle bijeenkomsten op de campus.</p>"
    assert (D(2026, 3, 3), D(2026, 3, 3)) not in _found(_page(intro + CARDS))


def test_a_squarespace_start_and_end_on_two_date_lines_are_one_event() -> None:
    def event(title: str, dates: str) -> str:
        return (
            '<article class="eventlist-event"><div class="eventlist-column-info">'
            f'<h1 class="eventlist-title"><a href="/e">{title}</a></h1>'
            f'<ul class="eventlist-meta">{dates}</ul></div></article>'
        )

    page = (
        '<html lang="pt"><body><main><h1>Eventos</h1><div class="eventlist">'
        + event("Workshop Economia Circular", "<li>terça-feira, 21 de abril de 2026</li>")
        + event(
            "Missão empresarial à Galiza",
            "<li>quinta-feira, 14 de maio de 2026 08:00</li>"
            "<li>sexta-feira, 15 de maio de 2026 19:00</li>",
        )
        + event("Assembleia Geral Ordinária", "<li>sábado, 27 de junho de 2026</li>")
        + "</div></main></body></html>"
    )
    assert _found(page) == [
        (D(2026, 4, 21), D(2026, 4, 21)),
        (D(2026, 5, 14), D(2026, 5, 15)),
        (D(2026, 6, 27), D(2026, 6, 27)),
    ]


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


def test_a_two_digit_year_after_an_apostrophe_is_this_centurys() -> None:
    from evidence.pages.dates import find_dates

    spans = find_dates("di 14 apr '26 | 13:30 - 17:00")
    assert [(s.start, s.end) for s in spans] == [(D(2026, 4, 14), D(2026, 4, 14))]
    spans = find_dates("8 - 10 juni ’26")
    assert [(s.start, s.end) for s in spans] == [(D(2026, 6, 8), D(2026, 6, 10))]
    assert find_dates("rock 'n' roll '26") == []
    assert find_dates("Summer '26") == []  # a month or a season alone stays unread
    text = "Agenda\n\nMasterclass Lean Automation\n\nOp di 14 apr '26 in Enschede, 13:30.\n"
    assert _found(text, html=False) == [(D(2026, 4, 14), D(2026, 4, 14))]


def test_a_chinese_day_without_its_year_takes_the_pages() -> None:
    text = (
        "2026年活动安排\n\n"
        "发布时间：2026-03-02 来源：集群促进中心\n\n"
        "时间 | 活动名称 | 地点\n"
        "3月27日（周五） | 工业机器人应用对接会 | 高新区创新大厦3楼\n"
        "4月15日—17日 | 智能装备博览会 | 国际会展中心\n"
        "6月中旬 | 产学研合作洽谈会 | 待定\n"
    )
    assert _found(text, html=False) == [
        (D(2026, 3, 27), D(2026, 3, 27)),
        (D(2026, 4, 15), D(2026, 4, 17)),
        (D(2026, 6, 1), D(2026, 6, 30)),
    ]


def test_a_year_inside_a_quoted_name_dates_nothing() -> None:
    text = (
        "Jornada Industria Conectada\n\n"
        "Fecha: jueves, 16 de abril de 2026, en Albacete.\n\n"
        "Programa\n\n"
        "Esta jornada forma parte del ciclo «Automoción 2030», que continuará el 21 de "
        "mayo con un taller práctico sobre gemelos digitales.\n"
    )
    assert _found(text, html=False) == [
        (D(2026, 4, 16), D(2026, 4, 16)),
        (D(2026, 5, 21), D(2026, 5, 21)),
    ]


def test_this_years_abbreviation_gives_the_page_year_however_far_the_day() -> None:
    text = (
        "Izba zaprasza na misję gospodarczą do Wilna\n\n"
        "Opublikowano: 05.03.2026\n\n"
        "Misja gospodarcza do Wilna odbędzie się w dniach 8-9 czerwca br. "
        "Gala Lidera Przedsiębiorczości odbędzie się w listopadzie br. w Operze.\n"
    )
    assert _found(text, html=False) == [
        (D(2026, 6, 8), D(2026, 6, 9)),
        (D(2026, 11, 1), D(2026, 11, 30)),
    ]
    items = parse_page(text, filename="p").items
    assert "this year" in (items[0].date.year_from or "")


def test_a_thai_date_in_the_buddhist_era_is_read() -> None:
    from evidence.pages.dates import find_dates

    def read(text: str) -> list[tuple[date, date, str]]:
        return [(s.start, s.end, s.precision) for s in find_dates(text)]

    assert read("วันพฤหัสบดีที่ 23 เมษายน 2569 เวลา 09.00") == [(D(2026, 4, 23), D(2026, 4, 23), "day")]
    assert read("14-16 พ.ค. 2569 ศูนย์ประชุม") == [(D(2026, 5, 14), D(2026, 5, 16), "day")]
    assert read("มิถุนายน 2569") == [(D(2026, 6, 1), D(2026, 6, 30), "month")]
    assert read("ปี 2569") == []  # a year alone stays unread
    text = (
        "กิจกรรม\n\n"
        "สัมมนา อุตสาหกรรมอาหาร\n\n"
        "วันพฤหัสบดีที่ 23 เมษายน 2569 ณ โรงแรมชลบุรี · ปิดรับสมัคร 10 เม.ย. 2569\n"
    )
    assert _found(text, html=False) == [(D(2026, 4, 23), D(2026, 4, 23))]


def test_a_solar_hijri_date_is_read_in_gregorian_days() -> None:
    from evidence.pages.dates import find_dates
    from evidence.pages.solarhijri import nowruz

    assert [nowruz(y) for y in (1399, 1403, 1405)] == [
        D(2020, 3, 20),
        D(2024, 3, 20),
        D(2026, 3, 21),
    ]
    spans = find_dates("سه‌شنبه ۲۵ فروردین ۱۴۰۵، ساعت ۹ تا ۱۳")
    assert [(s.start, s.end) for s in spans] == [(D(2026, 4, 14), D(2026, 4, 14))]
    spans = find_dates("۱۲ تا ۱۵ اردیبهشت ۱۴۰۵، محل دائمی نمایشگاه")
    assert [(s.start, s.end) for s in spans] == [(D(2026, 5, 2), D(2026, 5, 5))]
    assert find_dates("۳۱ اسفند ۱۴۰۴") == []  # 1404's last month has 29 days
    page = (
        '<html lang="fa" dir="rtl"><body><main><h1>رویدادها</h1>'
        "<p>تاریخ انتشار: ۱۲ اسفند ۱۴۰۴</p>"
        '<div class="event"><h2>کارگاه آموزشی کیفیت</h2><p>۱۰ خرداد ۱۴۰۵</p>'
        "<p>مهلت ثبت‌نام: ۳۱ فروردین ۱۴۰۵</p></div>"
        '<div class="event"><h2>همایش قطعات خودرو</h2><p>۲۵ فروردین ۱۴۰۵، اصفهان</p></div>'
        "</main></body></html>"
    )
    assert sorted(set(_found(page))) == [
        (D(2026, 4, 14), D(2026, 4, 14)),
        (D(2026, 5, 31), D(2026, 5, 31)),
    ]


def test_a_table_cells_line_break_keeps_its_two_lines_apart() -> None:
    page = (
        '<html lang="de"><body><main><h1>Messekalender</h1>'
        "<p>Alle Veranstaltungen auf dem Messegelände Cottbus. Änderungen vorbehalten.</p>"
        "<table><tr><th>Laufzeit</th><th>Veranstaltung</th><th>Thema</th></tr>"
        "<tr><td>Sa/So<br>18./19.04.2026</td><td>BAU &amp; WOHNEN Lausitz</td>"
        "<td>Baumesse für Eigenheim und Sanierung</td></tr>"
        "<tr><td>09.–11.06.2026</td><td>ENERGIEWENDE OST</td><td>Fachmesse</td></tr>"
        "</table></main></body></html>"
    )
    assert (D(2026, 4, 18), D(2026, 4, 19)) in _found(page)


def test_a_month_whose_exact_day_is_to_be_announced_is_the_events_month() -> None:
    def event(title: str, when: str) -> str:
        return f'<div class="event"><h3>{title}</h3><p class="when">{when}</p></div>'

    page = (
        '<html lang="el"><body><main><h1>Εκδηλώσεις</h1>'
        + event("Ημερίδα: Ψηφιακός μετασχηματισμός", "Πέμπτη 23 Απριλίου 2026, 11:00")
        + event("Γενική Συνέλευση Μελών", "Ιούνιος 2026 (η ακριβής ημερομηνία θα ανακοινωθεί)")
        + event("Members' Meeting", "September 2026 (exact date to be announced)")
        + "</main></body></html>"
    )
    assert sorted(set(_found(page))) == [
        (D(2026, 4, 23), D(2026, 4, 23)),
        (D(2026, 6, 1), D(2026, 6, 30)),
        (D(2026, 9, 1), D(2026, 9, 30)),
    ]
    notice = "Rules\n\nNews of the cluster.\n\nThe new rules will be announced in September 2026.\n"
    assert _found(notice, html=False) == []


def test_a_danish_day_slash_month_dash_year_is_a_date() -> None:
    from evidence.pages.dates import find_dates

    spans = find_dates("Nytårskur for erhvervslivet, 15/1-2026 – tak til de 230 deltagere!")
    assert [(s.start, s.text) for s in spans] == [(D(2026, 1, 15), "15/1-2026")]
    assert find_dates("ISO 9001/1-2015") == []


def test_a_numeric_day_after_a_weekday_takes_the_pages_year() -> None:
    from evidence.pages.dates import find_partial_dates

    assert [p.first for p in find_partial_dates("ke 25.3. klo 14.00–16.00")] == [(3, 25)]
    assert [p.first for p in find_partial_dates("Mi., 18.3. um 10 Uhr")] == [(3, 18)]
    assert find_partial_dates("version 2.3. und") == []
    page = (
        '<html lang="fi"><body><main><h1>Tapahtumat</h1>'
        '<p class="date">Julkaistu 2.3.2026</p>'
        "<h2>Vetytalouden aamupäivä</h2><p>ke 25.3. klo 14.00–16.00, Oulu</p>"
        "</main></body></html>"
    )
    assert _found(page) == [(D(2026, 3, 25), D(2026, 3, 25))]
