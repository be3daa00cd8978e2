"""Tests of page layouts a held-out set of cluster pages exercised: lists of other
articles beside a news article, table rows and definition lists of a project's or an
event's data, start/end labels in more languages, a report's year in its title, and the
`<time>` elements trafilatura would drop. Every text is written here.
"""

from __future__ import annotations

from datetime import date

from evidence.pages.dates import find_dates
from evidence.pages.html import extract
from evidence.pages.importer import parse_page
from evidence.pages.newslist import news_list_spans

D = date


def _found(text: str, *, html: bool = False) -> list[tuple[date, date]]:
    return [(i.start, i.end) for i in parse_page(text, filename="p", html=html).items]


ARTICLE = """Expo recap
Published: 18 November 2024

The members met in Lyon on 14 November 2024 for the yearly expo.

{label}
21 November 2024
New member joins the cluster
07 November 2024
Call for pilot cases now open
"""


def test_a_list_of_other_articles_gives_no_items() -> None:
    for label in ("Latest news", "Další aktuality", "Weitere Meldungen", "Últimas noticias",
                  "Zobacz również", "Meer nieuws", "Senaste nyheterna", "Related news"):  # fmt: skip
        assert _found(ARTICLE.format(label=label)) == [(D(2024, 11, 14), D(2024, 11, 14))], label


def test_an_events_list_stays_and_a_list_under_its_name_is_found_below() -> None:
    events = ARTICLE.format(label="Upcoming events")
    assert (D(2024, 11, 21), D(2024, 11, 21)) in _found(events)
    text = "Latest news\n\n12.02.2025 – Audits done\n\n04.11.2024 – At the Cluster Days\n"
    assert len(news_list_spans(text)) == 2
    assert news_list_spans("News\n\nForum brings 140 people to Eindhoven\n") == []


def test_a_table_row_or_a_range_is_no_by_line() -> None:
    table = (
        "Cyfrowy Klaster\n\nProjekt rozszerza ofertę usług klastra dla firm członkowskich.\n\n"
        "Beneficjent | Stowarzyszenie Klaster ICT\nOkres realizacji | 01.03.2024 – 28.02.2027\n"
        "Wartość projektu | 2 340 000,00 zł\n"
    )
    assert _found(table) == [(D(2024, 3, 1), D(2027, 2, 28))]
    rows = (
        "ZelenáDoprava\n\nProjekt testuje elektrické nákladné bicykle v dvoch mestách.\n\n"
        "Začiatok realizácie | 01.07.2023\nKoniec realizácie | 30.06.2025\n"
    )
    assert _found(rows) == [(D(2023, 7, 1), D(2025, 6, 30))]


def test_start_and_end_labels_on_two_lines_and_in_more_languages() -> None:
    cases = [
        ("• Fecha de inicio: 1 de octubre de 2023\n• Fecha de finalización: 30 de septiembre de 2025",
         D(2023, 10, 1), D(2025, 9, 30)),
        ("Data de início: 01-04-2023\nData de conclusão: 31-03-2026", D(2023, 4, 1), D(2026, 3, 31)),
        ("Data începerii | 15.02.2024\nData finalizării | 14.02.2026", D(2024, 2, 15), D(2026, 2, 14)),
        ("Razdoblje provedbe: 1. srpnja 2023. – 30. lipnja 2025.", D(2023, 7, 1), D(2025, 6, 30)),
        ("18 t/m 20 november 2025", D(2025, 11, 18), D(2025, 11, 20)),
        ("2024 m. lapkričio 14 d. Vilniuje", D(2024, 11, 14), D(2024, 11, 14)),
    ]  # fmt: skip
    for text, start, end in cases:
        spans = find_dates(text)
        assert [(s.start, s.end) for s in spans] == [(start, end)], text


def test_a_connector_before_a_colon_still_joins_nothing() -> None:
    text = "Held on 3 May 2024, to: the partners 14 June 2024 arrived."
    assert len(find_dates(text)) == 2
    assert len(find_dates("1 May 2024 | to | 3 May 2024")) == 2


def test_deadlines_and_a_call_opening_in_more_languages_are_no_items() -> None:
    for line in ("Sista anmälningsdag: 16 oktober 2025", "Ilmoittautuminen viimeistään 5.2.2025",
                 "Înscrieri până la 30 iunie 2025", "Call opens: 3 March 2025",
                 "Ouverture de l'appel : 18 novembre 2024", "Annonce des lauréats : mars 2025",
                 "• Anmeldeschluss\n• 20. März 2025"):  # fmt: skip
        text = f"Seminar\n\nAn event for members on the topic of the day.\n\n{line}\n"
        assert _found(text) == [], line


def test_a_report_title_gives_its_year_before_a_copyright_line() -> None:
    text = (
        "Výroční zpráva za rok 2022\n\nAkce klastru\n"
        "V dubnu jsme uspořádali Den inovací. Dne 24. listopadu proběhla valná hromada.\n\n"
        "Klastr | © 2023\n"
    )
    assert _found(text) == [(D(2022, 4, 1), D(2022, 4, 30)), (D(2022, 11, 24), D(2022, 11, 24))]


def test_an_event_list_line_may_open_with_a_short_word() -> None:
    text = (
        "Agenda\n\nLe 13 février 2025 | Atelier emballages, Rennes\nRetours d'expérience.\n\n"
        "Le 10 avril 2025 | Assemblée générale, Saint-Brieuc\nOrdre du jour envoyé aux adhérents.\n"
    )
    assert _found(text) == [(D(2025, 2, 13), D(2025, 2, 13)), (D(2025, 4, 10), D(2025, 4, 10))]


def test_a_croatian_dateline_with_its_year_dot_is_the_publication_date() -> None:
    text = (
        "Vijesti\n\nZagreb, 14. ožujka 2024. – Klaster je organizirao od 9. do 11. ožujka 2024. "
        "godine poslovnu misiju u Beč za dvanaest proizvođača namještaja i distributere.\n"
    )
    assert _found(text) == [(D(2024, 3, 9), D(2024, 3, 11))]


def test_time_elements_keep_their_text() -> None:
    html = (
        "<html><body><main><h1>Agenda</h1><p>Bekijk de komende bijeenkomsten van het cluster "
        "hieronder en meld je aan via de pagina.</p><ul>"
        '<li><time datetime="2025-09-11">11 september 2025</time> – Netwerkborrel</li>'
        '<li><time datetime="2025-10-02">2 oktober 2025</time> – Kennissessie</li>'
        "</ul></main></body></html>"
    )
    assert "11 september 2025 – Netwerkborrel" in extract(html).text
    assert (D(2025, 10, 2), D(2025, 10, 2)) in _found(html, html=True)


def test_a_newsletter_archive_lists_send_days_not_events() -> None:
    archive = (
        "Rundbrief\n\nHier finden Sie alle bisherigen Ausgaben unseres Rundbriefs.\n\n"
        "Archiv\n\n"
        "14.10.2025 - Rundbrief Oktober 2025: Rückblick Netzwerktag\n\n"
        "09.09.2025 - Sommerausgabe: Neues aus den Arbeitsgruppen\n\n"
        "12.08.2025 - Rundbrief August 2025\n"
    )
    assert _found(archive) == []
    # the same shape with events' titles is a list of events
    events = archive.replace("Rundbrief Oktober 2025", "Netzwerktag").replace(
        "Rundbrief August 2025", "Werkstattgespräch"
    )
    assert (D(2025, 10, 14), D(2025, 10, 14)) in _found(events)
