"""Tests of the page importer's rules learnt from an eleventh set of cluster pages:
dates as Japanese, Chinese and Korean pages write them (era years included), a board's
column of posting dates, and deadlines and news lists in those languages. Every page is
written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.dates import find_dates
from evidence.pages.importer import parse_page

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("日時2027年3月5日（金）13:30～", D(2027, 3, 5), D(2027, 3, 5), "day"),
        ("会期 2027年4月21日（水）～23日（金）", D(2027, 4, 21), D(2027, 4, 23), "day"),
        ("令和9年6月10日（木）", D(2027, 6, 10), D(2027, 6, 10), "day"),
        ("令和元年5月7日", D(2019, 5, 7), D(2019, 5, 7), "day"),
        ("116年4月21日（三）至4月23日（五）", D(2027, 4, 21), D(2027, 4, 23), "day"),
        ("民國116年3月2日", D(2027, 3, 2), D(2027, 3, 2), "day"),
        ("2027年9月（予定）", D(2027, 9, 1), D(2027, 9, 30), "month"),
        ("2027년 6월 중", D(2027, 6, 1), D(2027, 6, 30), "month"),
        ("2027년 3월 19일 (금)", D(2027, 3, 19), D(2027, 3, 19), "day"),
        ("일시 2027.03.19(금) 14:00", D(2027, 3, 19), D(2027, 3, 19), "day"),
        ("2027.04.21 ~ 2027.04.23", D(2027, 4, 21), D(2027, 4, 23), "day"),
    ],
)
def test_east_asian_dates(text: str, start: date, end: date, precision: str) -> None:
    spans = find_dates(text)
    assert [(s.start, s.end, s.precision) for s in spans] == [(start, end, precision)]


def test_a_number_before_nen_without_a_month_is_no_year() -> None:
    assert find_dates("創業100年企業の集い") == []
    assert find_dates("v2027.10.12 released") == []


def test_a_japanese_deadline_beside_the_event_is_no_event() -> None:
    text = (
        "イベント情報\n\n"
        "第3回 加工セミナー\n\n"
        "日時2027年3月5日（金）13:30～17:00 会場 研究所 申込締切2027年2月26日（金）\n"
    )
    assert _found(text) == [(D(2027, 3, 5), D(2027, 3, 5))]


def test_a_dated_news_list_under_its_japanese_name_is_no_event() -> None:
    text = (
        "イベント\n\n"
        "会員交流会\n\n"
        "日時2027.05.14 18:00～\n\n"
        "お知らせ\n\n"
        "• 2027.02.06 ホームページをリニューアルしました。\n"
        "• 2027.01.20 年末年始休業中のお問い合わせへの回答を完了しました。\n"
    )
    assert _found(text) == [(D(2027, 5, 14), D(2027, 5, 14))]


def test_a_boards_posting_date_column_is_no_event() -> None:
    text = (
        "행사안내\n\n"
        "번호 | 제목 | 행사기간 | 장소 | 등록일\n"
        "27 | 스마트 조선소 설명회 | 2027.03.19(금) 14:00~17:00 | 대회의실 | 2027-02-05\n"
        "26 | 기자재 전시회 공동관 | 2027.04.21 ~ 2027.04.23 | BEXCO | 2027-01-30\n"
        "25 | 해외시장 개척단 | 2027년 6월 중 | 하이퐁 | 2027-01-15\n"
    )
    assert _found(text) == [
        (D(2027, 3, 19), D(2027, 3, 19)),
        (D(2027, 4, 21), D(2027, 4, 23)),
        (D(2027, 6, 1), D(2027, 6, 30)),
    ]


def test_a_column_of_event_dates_stays_the_events() -> None:
    text = (
        "Events\n\n"
        "No | Title | Date | Place\n"
        "1 | Cluster forum | 2027-03-19 | Brno\n"
        "2 | Matchmaking day | 2027-04-21 | Zlín\n"
    )
    assert _found(text) == [(D(2027, 3, 19), D(2027, 3, 19)), (D(2027, 4, 21), D(2027, 4, 21))]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("الموافق 10 مارس 2027", D(2027, 3, 10), D(2027, 3, 10)),
        ("٢١ أبريل ٢٠٢٧", D(2027, 4, 21), D(2027, 4, 21)),
        ("من 12 إلى 14 مايو 2027", D(2027, 5, 12), D(2027, 5, 14)),
        ("يونيو 2027", D(2027, 6, 1), D(2027, 6, 30)),
        ("יום חמישי, 18 במרץ 2027", D(2027, 3, 18), D(2027, 3, 18)),
        ("10-12 במאי 2027", D(2027, 5, 10), D(2027, 5, 12)),
    ],
)
def test_arabic_and_hebrew_dates(text: str, start: date, end: date) -> None:
    assert [(s.start, s.end) for s in find_dates(text)] == [(start, end)]


def test_arabic_and_hebrew_registration_limits_are_no_events() -> None:
    arabic = (
        "الفعاليات\n\n"
        "منتدى الاستثمار الصناعي\n\n"
        "يعقد المنتدى يوم 10 مارس 2027 في الغرفة. آخر موعد للتسجيل: 5 مارس 2027\n"
    )
    hebrew = "אירועים\n\nכנס חדשנות\n\nהכנס יתקיים ב-18 במרץ 2027 בכרמיאל. הרשמה עד 12.3.2027\n"
    assert _found(arabic) == [(D(2027, 3, 10), D(2027, 3, 10))]
    assert _found(hebrew) == [(D(2027, 3, 18), D(2027, 3, 18))]


def test_a_dash_drawn_by_the_style_sheet_joins_two_time_elements() -> None:
    page = (
        "<html lang='de-CH'><body><main><article><h1>Veranstaltungen</h1>"
        "<h2>SMART INDUSTRY Basel 2027 – Fachmesse für Automation</h2><ul><li>"
        "<time class='event-date' datetime='2027-09-14'>Dienstag, 14. September 2027</time> "
        "<span class='event-time-localized-start'>09:00</span> "
        "<span class='event-datetime-divider'></span> "
        "<time class='event-date' datetime='2027-09-17'>Freitag, 17. September 2027</time>"
        "</li></ul><p>Messehallen 1 und 2, Basel. Über 280 Aussteller aus der Schweiz, "
        "Deutschland und Frankreich stellen ihre Neuheiten vor.</p></article></main></body></html>"
    )
    assert _found(page, html=True) == [(D(2027, 9, 14), D(2027, 9, 17))]


@pytest.mark.parametrize(
    "line",
    [
        "Foyer Halle 3 (über die Festtage geschlossen: 24.–26. Dezember 2027)",
        "Con motivo de la festividad de San José, las oficinas permanecerán cerradas el "
        "19 de marzo de 2027.",
        "Dňa 1. mája 2027 (štátny sviatok) je centrum zatvorené.",
    ],
)
def test_a_closure_or_a_holiday_is_no_event(line: str) -> None:
    text = f"Agenda\n\nSeminar on export finance\n\nHeld on 10 March 2027 in the hall.\n\n{line}\n"
    assert _found(text) == [(D(2027, 3, 10), D(2027, 3, 10))]
