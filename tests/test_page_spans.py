"""Tests of spans written with words: "<from> DATE <to> DATE", "<between> DATE <and>
DATE", "DATE <and> DATE <between>", and month names in the cases those words take, in
the languages of European cluster pages. A span's two ends make one item, never two
single days; a deadline ("until") is never a span's end. Every sentence is written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from evidence.pages.dates import find_dates, find_partial_dates
from evidence.pages.importer import parse_page
from evidence.pages.monthcases import case_forms
from evidence.pages.months import month_of, page_language

D = date


def _spans(text: str, lang: str | None = None) -> list[tuple[date, date]]:
    with page_language(lang):
        return [(s.start, s.end) for s in find_dates(text)]


def _items(page: str, lang: str | None = None) -> list[tuple[str, date, date]]:
    with page_language(lang):
        return [(i.kind, i.start, i.end) for i in parse_page(page, filename="p").items]


DAYS = (D(2025, 6, 2), D(2025, 6, 4))
MONTHS = (D(2021, 2, 1), D(2023, 11, 30))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("el", "Η ημερίδα γίνεται από τις 2 έως τις 4 Ιουνίου 2025.", DAYS),
        (
            "it",
            "Il salone si tiene dal 28 maggio all’8 giugno 2025.",
            (D(2025, 5, 28), D(2025, 6, 8)),
        ),
        ("da", "Kurset holdes fra den 2. til den 4. juni 2025.", DAYS),
        ("es", "El foro tendrá lugar entre el 2 y el 4 de junio de 2025.", DAYS),
        ("fr", "Le salon se tient entre le 2 et le 4 juin 2025.", DAYS),
        ("ro", "Târgul are loc între 2 și 4 iunie 2025.", DAYS),
        ("hu", "A vásár 2025. június 2. és 4. között lesz.", DAYS),
        ("hu", "A vásár 2025. június 2-tól 4-ig tart.", DAYS),
        ("lt", "Paroda vyks 2025 m. birželio 2–4 d. Kaune.", DAYS),
        ("lv", "Izstāde notiks no 2025. gada 2. līdz 4. jūnijam.", DAYS),
        ("lv", "Izstāde notiks 2025. gada 2. un 3. jūnijā.", (D(2025, 6, 2), D(2025, 6, 3))),
        ("lt", "Paroda vyks 2025 m. birželio 2 ir 3 d. Kaune.", (D(2025, 6, 2), D(2025, 6, 3))),
        ("sl", "Srečanje bo med 2. in 4. junijem 2025.", DAYS),
        ("cs", "Kurz proběhne mezi 2. a 4. červnem 2025.", DAYS),
    ],
)
def test_a_range_of_days_in_words_is_one_span(lang: str, text: str, expected: tuple) -> None:
    assert _spans(text, lang) == [expected]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("et", "Uuring kestis veebruarist 2021 kuni novembrini 2023."),
        ("et", "Uuring kestis veebruarist 2021 novembrini 2023."),
        ("fi", "Tutkimus tehtiin helmikuusta 2021 marraskuuhun 2023."),
        ("hu", "A kutatás 2021 februárjától 2023 novemberéig tartott."),
        ("el", "Η μελέτη έγινε από τον Φεβρουάριο του 2021 έως τον Νοέμβριο του 2023."),
        ("hr", "Istraživanje je trajalo od veljače 2021. do studenoga 2023. godine."),
        ("ro", "Studiul s-a desfășurat din februarie 2021 până în noiembrie 2023."),
        ("es", "El estudio se hizo de febrero de 2021 a noviembre de 2023."),
        ("pt", "O estudo decorreu de fevereiro de 2021 a novembro de 2023."),
        ("it", "Lo studio, avviato a febbraio 2021 e che si concluderà a novembre 2023, è finito."),
        ("lv", "Pētījums notika no 2021. gada februāra līdz 2023. gada novembrim."),
        ("lt", "Tyrimas vyko nuo 2021 m. vasario iki 2023 m. lapkričio."),
    ],
)
def test_a_span_of_months_in_words_is_one_span(lang: str, text: str) -> None:
    assert _spans(text, lang) == [MONTHS]


def test_spans_of_days_with_their_years_and_suffixes() -> None:
    whole = (D(2021, 2, 1), D(2023, 11, 30))
    assert _spans("Hanke kesti 1. veebruarist 2021 kuni 30. novembrini 2023.", "et") == [whole]
    assert _spans("Trajanje od 1. veljače 2021. do 30. studenoga 2023.", "hr") == [whole]
    assert _spans("A program 2021. február 1. és 2023. november 30. között fut.", "hu") == [whole]
    assert _spans("A program 2021. február 1-jétől 2023. november 30-ig fut.", "hu") == [whole]
    assert _spans("Проектът е от 1 февруари 2021 г. до 30 ноември 2023 г.", "bg") == [whole]
    assert _spans("Projektas nuo 2021 m. vasario 1 d. iki 2023 m. lapkričio 30 d.", "lt") == [whole]


def test_spans_of_years_in_words() -> None:
    years = [(D(2021, 1, 1), D(2023, 12, 31))]
    assert _spans("El programa se desarrolla de 2021 a 2023.", "es") == years
    assert _spans("Program traje od 2021. do 2023. godine.", "hr") == years
    assert _spans("Programul se derulează între 2021 și 2023.", "ro") == years
    assert _spans("A program 2021 és 2023 között fut.", "hu") == years
    # an "and" without a "between" still names two years
    assert years[0] not in _spans("Veletrh se konal v letech 2021 a 2023.", "cs")


def test_what_is_not_a_span() -> None:
    # "de" before "et": two months named, not a span between them
    assert len(_spans("les réunions de mars 2024 et juin 2024", "fr")) == 2
    # a nominative ending like a case ("August", German "Juni") joins nothing
    assert len(_spans("August 2023\nJuni 2024", "de")) == 2
    # a sentence's full stop before a capital: two sentences, two months
    assert len(_spans("Počelo je u studenom 2022. Do prosinca 2023. gotovo je.", "hr")) == 2
    # an exhibition opens on one day and closes on another: two days (no opener)
    text = "La mostra si apre il 3 maggio 2025 e si chiude il 30 giugno 2025 al museo."
    assert len(_spans(text, "it")) == 2
    # but the same words after "avviato a" close a span
    assert len(_spans("Il progetto avviato a maggio 2025 e si conclude a giugno 2026.", "it")) == 1


def test_month_case_forms_come_from_dateparser_names_by_rule() -> None:
    assert {"veebruarist", "novembrini", "septembris"} <= case_forms(
        "et", {"veebruar"}
    ) | case_forms("et", {"november"}) | case_forms("et", {"september"})
    assert "marraskuuhun" in case_forms("fi", {"marras", "marraskuu"})
    assert {"márciusában", "szeptemberétől", "decemberig"} <= (
        case_forms("hu", {"március"})
        | case_forms("hu", {"szeptember"})
        | case_forms("hu", {"december"})
    )
    assert case_forms("sl", {"marec"}) == {"marcu", "marcem"}
    assert month_of("márciusában") == 3
    assert month_of("Σεπτέμβριο") == 9
    assert month_of("joulukuusta") == 12


def test_hungarian_and_latvian_months_with_the_year_first() -> None:
    assert _spans("A következő ülés 2025 márciusában lesz.", "hu") == [
        (D(2025, 3, 1), D(2025, 3, 31))
    ]
    assert _spans("Sanāksme notiks 2025. gada martā Rīgā.", "lv") == [
        (D(2025, 3, 1), D(2025, 3, 31))
    ]


PAGES = {
    "et": (
        "Metsafoorum\n\nFoorum toimub 2.–4. juunil 2025 Tartus. Registreerimine on avatud "
        "kuni 15. maini.\n\nProjekt kestab veebruarist 2021 kuni novembrini 2023.\n"
    ),
    "ro": (
        "Forum regional\n\nForumul are loc între 2 și 4 iunie 2025 la Iași, cu înscriere până "
        "la data de 15 mai 2025.\n\nProiectul se derulează din februarie 2021 până în "
        "noiembrie 2023.\n"
    ),
    "nl": (
        "Bouwdag\n\nDe bouwdag is van 2 tot en met 4 juni 2025 in Deventer. Aanmelden kan "
        "tot en met 15 mei 2025.\n\nHet project loopt van februari 2021 tot november 2023.\n"
    ),
    "el": (
        "Ημερίδα\n\nΗ ημερίδα γίνεται από τις 2 έως τις 4 Ιουνίου 2025 στη Λάρισα.\n\nΤο "
        "έργο υλοποιείται από τον Φεβρουάριο του 2021 έως τον Νοέμβριο του 2023.\n"
    ),
}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_span_makes_one_item_and_a_deadline_none(lang: str) -> None:
    assert _items(PAGES[lang], lang) == [
        ("event", D(2025, 6, 2), D(2025, 6, 4)),
        ("project", D(2021, 2, 1), D(2023, 11, 30)),
    ]


def test_a_term_noun_makes_years_a_projects_beside_a_day() -> None:
    page = (
        "Inspirationsdag\n\nDagen hålls den 4 juni 2025 i Luleå. Där visas resultat från "
        "projektet Skogsdata, som pågår 2021–2024 med stöd från regionen.\n"
    )
    assert _items(page, "sv") == [
        ("event", D(2025, 6, 4), D(2025, 6, 4)),
        ("project", D(2021, 1, 1), D(2024, 12, 31)),
    ]


def test_a_weekday_opened_day_inside_a_fair_is_a_sub_event() -> None:
    page = (
        "Sejem Gradnja\n\nGrozd bo sodeloval na sejmu, ki bo potekal od 2. do 6. junija 2025 "
        "v Celju.\n\nV sredo, 4. junija, bo na stojnici grozda potekala delavnica o lesenih "
        "fasadah za arhitekte in investitorje.\n"
    )
    assert ("event", D(2025, 6, 4), D(2025, 6, 4)) in _items(page, "sl")
    (partial,) = find_partial_dates("V sredo, 4. junija, bo delavnica.")
    assert partial.first == (6, 4)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", "Hanke toteutetaan vuosina 2021–2024."),
        ("sl", "Projekt poteka v obdobju 2021–2024."),
        ("el", "Το έργο υλοποιείται την περίοδο 2021-2024."),
        ("et", "Projekt kestab aastatel 2021–2024."),
    ],
)
def test_the_period_words_make_years_a_projects_beside_a_day(lang: str, words: str) -> None:
    page = f"Seminar\n\nThe seminar is on 4 June 2025 in Oulu. {words}\n"
    assert _items(page, lang) == [
        ("event", D(2025, 6, 4), D(2025, 6, 4)),
        ("project", D(2021, 1, 1), D(2024, 12, 31)),
    ]


def test_hungarian_and_lithuanian_days_after_their_month() -> None:
    with page_language("hu"):
        (partial,) = find_partial_dates("A közgyűlés június 4-én lesz.")
        assert (partial.first, partial.last) == ((6, 4), (6, 4))
        (partial,) = find_partial_dates("A vásár június 2–4. között lesz.")
        assert (partial.first, partial.last) == ((6, 2), (6, 4))
        assert find_partial_dates("Jelentkezni június 1-ig lehet.") == []  # "until"
        (partial,) = find_partial_dates("A vásár június 2. és 4. között lesz.")
        assert (partial.first, partial.last) == ((6, 2), (6, 4))
    with page_language("lt"):
        (partial,) = find_partial_dates("Seminaras vyks birželio 4 d. Kaune.")
        assert partial.first == (6, 4)


def test_until_written_as_a_case_is_a_deadline() -> None:
    page = (
        "Fórum\n\nA fórum 2025. június 4-én lesz Pécsen. Jelentkezni 2025. május 20-ig "
        "lehet.\n\nA projekt 2021. február 1-jétől 2023. november 30-ig tart.\n"
    )
    assert _items(page, "hu") == [
        ("event", D(2025, 6, 4), D(2025, 6, 4)),
        ("project", D(2021, 2, 1), D(2023, 11, 30)),
    ]
    page = "Foorum\n\nFoorum toimub 4. juunil 2025. Registreerimine 20. maini 2025.\n"
    assert _items(page, "et") == [("event", D(2025, 6, 4), D(2025, 6, 4))]


def test_months_in_the_cases_of_from_and_until_share_one_year() -> None:
    year = [(D(2025, 2, 1), D(2025, 11, 30))]
    assert _spans("Koolitus kestab veebruarist novembrini 2025.", "et") == year
    assert _spans("Koulutus kestää helmikuusta marraskuuhun 2025.", "fi") == year
    assert _spans("A képzés 2025 februárjától novemberéig tart.", "hu") == year
    assert _spans("Programm August Juni 2025", "de") == [(D(2025, 6, 1), D(2025, 6, 30))]


def test_catalan_galician_and_serbian_months_and_spans() -> None:
    assert _spans("La fira és del 2 al 4 de juny de 2025.", "ca") == [DAYS]
    assert _spans("La jornada és el 4 d’agost de 2025.", "ca") == [(D(2025, 8, 4), D(2025, 8, 4))]
    assert _spans("O foro é do 2 ao 4 de xuño de 2025.", "gl") == [DAYS]
    assert _spans("Sajam traje od 2. do 4. juna 2025. godine.", "sr-Latn") == [DAYS]
    text = "Les inscripcions són obertes fins al 20 de maig de 2025."
    (span,) = find_dates(text)
    from evidence.pages.roles import date_role

    assert date_role(text, span.offset, span.offset + len(span.text)) is not None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Die Messe läuft vom 2. Juni bis zum 4. Juni 2025."),
        ("fr", "Le salon a lieu du 2 juin jusqu’au 4 juin 2025."),
        ("it", "La fiera si tiene dal 2 fino al 4 giugno 2025."),
    ],
)
def test_to_words_with_their_article(lang: str, text: str) -> None:
    assert _spans(text, lang) == [DAYS]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Das Vorhaben begann im Februar 2021 und endet im November 2023."),
        ("fr", "Le projet a démarré en février 2021 et se terminera en novembre 2023."),
        ("es", "El proyecto comenzó en febrero de 2021 y finalizará en noviembre de 2023."),
        ("pl", "Projekt rozpoczął się w lutym 2021 i zakończy się w listopadzie 2023."),
        ("cs", "Projekt začal v únoru 2021 a skončí v listopadu 2023."),
        ("nl", "Het project startte in februari 2021 en eindigt in november 2023."),
        ("pt", "O projeto começou em fevereiro de 2021 e termina em novembro de 2023."),
    ],
)
def test_a_start_and_an_end_told_as_verbs(lang: str, text: str) -> None:
    assert _spans(text, lang) == [MONTHS]
