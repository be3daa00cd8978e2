"""The regular expressions that locate date phrases, built once from the month names.

Kept apart from `dates` (which reads what these find) because the patterns are the part
that must stay linear-time on any page: every repetition is bounded, no quantifier
nests over the same characters, and month names are one trie (`months`), so a 1 MB page
of digits, dots, dashes and month names is read in seconds.

Each pattern names its parts with the same groups, so one reader handles them all:
`d1`/`d2` days, `m1`/`m2` month names, `n1`/`n2` month numbers, `y1`/`y` years (`y` is
the last, shared one), `dw` an English ordinal word ("sixteenth"), `sep` the last
separator of a list of days, `cue` words before the date that are not part of it.
A pattern built with `year=False` is the same phrase without its year (a partial date).

Scanning is here too (`matches`, `Taken`): a pattern that starts with a month name is
tried only where `month_words` found one, and one with days before a month name only in
the 100 characters before one, so that a long list of numbers is not re-read from each
of its numbers; the opening words of a range ("from", "od", "between the") are taken in
afterwards by looking back, not by every pattern at every position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import spanwords
from .eastdates import ANY_EAST_YEAR, east_forms
from .months import in_case_forms, month_alternation, month_forms, weekday_alternation
from .solarhijri import ANY_SOLAR_YEAR, solar_forms

# Space inside a date phrase: up to three blanks and at most one line break (a date may
# wrap in a text page; it never continues past a blank line).
S = r"(?:[^\S\n]{1,3}|[^\S\n]{0,2}\n[^\S\n]{0,2})"
S0 = r"(?:[^\S\n]{0,3}|[^\S\n]{0,2}\n[^\S\n]{0,2})"
YEAR = r"(?:19|20)\d\d(?![\d])"
# A year of two digits after an apostrophe, as agendas shorten it ("di 14 apr '26"):
# only after a day and a month's name, where nothing else is "'26".
SHORT_YEAR = r"['’]\d\d(?![\d'’])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
MNUM = r"(?:1[0-2]|0?[1-9])(?!\d)"
ORD = r"(?:(?:st|nd|rd|th|er|°|º)(?!\w))"
# A month in Roman numerals ("12. IX. 2024"), capitals only: "v", "i" are words.
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# after a day or a Roman month: its dot, or a blank alone (Polish "1 IV 2025 r.")
_RDOT = rf"(?:\.{S0}|{S})"
ROMAN = "(?:" + "|".join(sorted(ROMAN_MONTHS, key=len, reverse=True)) + r")(?![\w])"
DSUF = rf"(?:\.|{ORD})?"
# a number that is not the tail of another number or word, but may follow an article or
# preposition joined by a hyphen (Maltese "mill-20 sal-22 ta' Mejju"; "COVID-19" stays)
B = r"(?:(?<![\w.,/:\-–])|(?<=[a-zħġċż]-))"
B2 = r"(?<![\w.,/:])"  # the same, where a dash may come before (the end of a range)
# after a connector word: its blanks, none after an apostrophe ("all’8 marzo") or a
# hyphen (Maltese "sal-22")
_AFTER = rf"(?:(?<=['’-]){S0}|{S})"
# an article after a connector ("du 3 au 5", "έως τις 13", "til den 5."): `spanwords`
THE = rf"(?:(?i:{spanwords.alternation(spanwords.ARTICLES, S)}){_AFTER})?"
# "12 de marzo", Catalan "3 d’abril", Maltese "12 ta' Marzu" (CLDR's "d 'ta'’ MMMM y")
OF = rf"(?:{S}(?i:of|de|del|di)|{S}(?i:d|ta)['’])?"
YSEP = rf",?(?:{S}(?i:de|del|του))?{S}"  # "marzo de 2024", "Σεπτέμβριο του 2022"
_TO_WORDS = spanwords.alternation(spanwords.TO, S)
# a slash only after a day's dot: "am 23./24. April 2025"
TO = rf"(?:{S0}[-–—]{S0}|(?<=\.)/|{S}(?i:{_TO_WORDS}){_AFTER}{THE})"
# A clock time beside a date on its line ("09:30", "18.00 Uhr", "9:00 am", "10.00 hod."):
# what a date line may hold besides its date (`anchor`, `split`).
CLOCK_TIME = re.compile(
    r"(?<!\d)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?!\d)\s*(?:h|hod\.?|uhr|godz\.?|am|pm)?(?!\w)",
    re.IGNORECASE,
)
# A time after a range's first day and a weekday before its last: "24. Juni @ 9:00 -
# 27. Juni", "30 September 2025 @ 9:00 am - 2 October", "30 septembre au jeudi 2 octobre".
AT_TIME = (
    rf"(?:{S0}(?:@|,|(?i:um|à|at|kl\.?|o)(?!\w))?{S0}(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d)"
    rf"(?:{S0}(?i:am|pm|h|uhr)(?!\w))?)"
)


@lru_cache(maxsize=2)
def weekday_before(shortest: int = 3) -> str:
    """A weekday name (`shortest` letters or more) and its dot or comma, before a day.
    Two letters only where a date's end follows a range's dash ("di 1 dec – wo 2 dec
    2026"): elsewhere "do", "po", "to" are words."""
    return rf"(?:(?<!\w)(?i:{weekday_alternation(shortest)})\.?,?{S})"


AND_WORDS = spanwords.plain(spanwords.AND) | {"in"}
_ANDS = spanwords.alternation(spanwords.AND)
# Slovenian "in" only after a day's dot ("7. in 8. februarja 2024"; "2 in 3 cases" is English)
AND = rf"(?:{S0},{S0}(?:(?i:{_ANDS}){S})?|{S}(?i:{_ANDS}){S}{THE}|(?<=\.){S}in{S})"
ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second",
    "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh",
    "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first",
)  # fmt: skip
ORDINAL_DAY = {word: n for n, word in enumerate(ORDINALS, start=1)}
# Words that make a bare year a time ("im Jahr 2019", "v roce 2019", "in 2019").
YEAR_CUE = (
    r"(?i:(?:im|in\s+dem)\s+Jahre?|in\s+the\s+year|in|during|throughout|v\s+roce|v\s+r\."
    r"|v\s+roku|w\s+roku|roku|v\s+letu|leta|en|en\s+el\s+año|em|nel|nell'anno|în|în\s+anul"
    r"|vuonna)"
)
YEARS_CUE = (
    r"(?i:in\s+den\s+Jahren|in\s+the\s+years|v\s+letech|v\s+rokoch|w\s+latach|in|during"
    r"|im\s+Zeitraum|v\s+období|en|nel|negli\s+anni)"
)
# Words after which a year is a limit, not a time: "od roku 2016", "do roku 2030".
NOT_A_TIME = re.compile(
    r"(?i:\b(?:od|do|since|by|seit|bis|ab|depuis|desde|hasta|fino|dal|tot|sinds|po|przed"
    r"|před|pred|before|after|nach|vor|until|till)\s{1,3}(?:roku\s{1,3})?)$"
)
# Start/end labels of a project's dates: "Start date: ..., End date: ...". A label that is
# a noun may have up to three words before its colon ("Začiatok realizácie:", "Ende der
# Laufzeit:") or before a table's cell bar ("Data începerii | 15.02.2024", as `html`
# writes a row), and the end's label may open the next line or list point ("• Fecha de
# finalización: ..."); a bare connector needs its colon and may have no words before it
# ("to the partners: 14 June" is prose).
_MORE_WORDS = r"(?:\s{1,3}[^\W\d_]{1,20}){0,3}"
START_LABEL = (
    r"(?i:(?:start(?:\s+date)?|begin(?:ning)?|beginn|startdatum|projektbeginn|laufzeitbeginn"
    r"|začátek|zahájení|datum\s+zahájení|začiatok|zahájenie|rozpoczęcie|data\s+rozpoczęcia"
    r"|początek|début|date\s+de\s+début|fecha\s+de\s+inicio|inicio|data\s+di\s+inizio"
    r"|inizio|kezdés|kezdete|data\s+de\s+início|início|data\s+începerii|începerea|început"
    r"|alkamis\w*|aloitus\w*|begindatum|aanvang|projektstart|datum\s+početka|početak"
    rf"|pradžia|pradžios\s+data){_MORE_WORDS}\s{{0,3}}[:|]|(?:from|od|von)\s{{0,3}}:)\s{{0,3}}$"
)
END_LABEL = (
    r"(?:(?:end(?:\s+date)?|ends|ending|finish|ende|enddatum|projektende|laufzeitende|konec"
    r"|ukončení|datum\s+ukončení|koniec|ukončenie|zakończenie|data\s+zakończenia"
    r"|date\s+de\s+fin|fecha\s+de\s+fin(?:alización)?|data\s+di\s+fine|einddatum"
    r"|befejezés\w*|vége|data\s+de\s+(?:conclusão|fim|termo)|conclusão|data\s+finalizării"
    r"|finalizare|data\s+de\s+(?:sfârșit|încheiere)|päättymis\w*|päättyy|slutdatum"
    r"|projektslut|datum\s+završetka|završetak|pabaiga|pabaigos\s+data"
    rf"|fecha\s+de\s+término){_MORE_WORDS}\s{{0,3}}[:|]|(?:fin|fine|to|do|bis)\s{{0,3}}:)"
)
# An end's label right before its date, and a start's label right after it, for fields in
# the other order ("Planned end date: | 2026.12.31." above "Start: | 2024.07.01.").
END_BEFORE = re.compile(rf"(?i:{END_LABEL})[\s|]{{0,5}}$")
START_AFTER = re.compile(
    r"[,;|]?\s{0,3}(?:[•·▪‣*]\s{1,3})?(?:[^\W\d_]{1,20}\s{1,3}){0,3}"
    + START_LABEL.removesuffix("$")
    + r"[\s|]{0,5}"
)
# "to" words that are not also "and" (Czech "a"): those need an opener (`dates._join`)
_TO_ONLY = spanwords.alternation(spanwords.TO, leave_out=spanwords.plain(spanwords.AND))
CONNECTOR = re.compile(  # after a Polish year's "r."/"roku": "od 1 stycznia 2024 r. do ..."
    # and Bulgarian, Russian "г."/"года", Ukrainian "р."/"року" (CLDR's "d MMMM y 'р'."),
    # Serbian "godine", Lithuanian "m.", a year's dot before a dash or a word in lower
    # case (Croatian "1. srpnja 2023. – 30. lipnja", "studenoga 2022. do listopada")
    # A dash, an arrow ("2027-01-26 → 2027-01-28", Notion's date range), or a table's bar
    # between two whole dates, each its cell: a table's start and end columns ("Forum |
    # 20.01.2027 | 21.01.2027 | Poznań"); an end before the start is no range (`dates._join`)
    r"(?:\.?\s{1,3}(?:r\.|roku|г\.|года|р\.|року|godine|m\.)|\.(?=\s{0,3}[-–—]|\s{1,3}(?-i:[^\W\d_A-ZÀ-ÞĀ-ŽА-ЯΑ-Ω])))?"
    rf"\s{{0,3}}(?:[-–—→|~～〜]|->|至|(?:{_TO_ONLY})(?:\s{{1,3}}(?:{spanwords.alternation(spanwords.ARTICLES)}))?"
    rf"|(?P<and>(?:{_ANDS})(?:\s{{1,3}}(?:ended|finished|closed|lasted\s+until"
    rf"|ran\s+until)\s{{1,3}}(?:in|on)|\s{{1,3}}(?:{spanwords.alternation(spanwords.ENDED)}))?"
    # Italian "(avviato a settembre 2022) e che si concluderà ad (agosto 2024)": an "and"
    # that needs its opener ("la mostra si apre il 3 maggio e si chiude il 30" is two days)
    r"|e\s{1,3}(?:che\s{1,3})?si\s{1,3}(?:è\s{1,3})?conclu\w{1,6}\s{1,3}(?:a|ad|il|nel|nell['’]))"
    r"|,?\s{0,3}(?:and\s{1,3})?(?:ended|finished)\s{1,3}(?:in|on)"
    rf"|[,;|]?\s{{0,3}}(?:[•·▪‣*]\s{{1,3}})?{END_LABEL})\s{{0,3}}",
    re.IGNORECASE,
)
# After a span's end, what makes "DATE and DATE" a span: Hungarian "... és ... között".
CLOSE = re.compile(rf"\s{{0,3}}(?i:{spanwords.alternation(spanwords.CLOSE)})(?!\w)")
OPENER = re.compile(  # (?<!\w) first: a scan of the words before a date stays cheap
    rf"(?<!\w)(?:(?:\b(?P<from>{spanwords.alternation(spanwords.FROM)}"
    rf"|{spanwords.alternation(spanwords.STARTED)})"
    r"(?:(?<=['’-])|\s{1,3})"
    rf"(?:(?:{spanwords.alternation(spanwords.ARTICLES)}|roku)\s{{1,3}}|r\.\s{{0,3}}|l['’])?)$|"
    + START_LABEL
    + ")",
    re.IGNORECASE,
)
# possessive quantifiers (`++`, `{m,n}+`): "a@a@a@..." made the e-mail half backtrack
# 200 x 200 steps at every position (100 kB took minutes)
URL = re.compile(
    r"(?i:https?://|www\.)\S{1,2000}+|[^\s@]{1,200}+@(?:[^\s@.]{1,63}+\.){1,10}+\w{1,20}+(?!\w)"
)
ANY_YEAR = re.compile(rf"{YEAR}|{SHORT_YEAR}|{ANY_EAST_YEAR.pattern}|{ANY_SOLAR_YEAR}")
# A duration in months and where it starts, right before a date: "36 months from 1 March
# 2024", "24 měsíců od 1. 7. 2023", "36 miesięcy od", "für 24 Monate ab", "18 mois à
# partir du". The number opens the phrase; the date's own reader reads the start.
DURATION = re.compile(
    r"(?<![\w.,])(?P<n>[1-9]\d?|1[01]\d|120)\s{1,3}(?i:months?|měsíc\w{0,3}|mesiac\w{0,3}"
    r"|monat\w{0,2}|miesi\w{1,5}|mois|mes(?:es)?|mesi|maand(?:en)?|månad(?:er)?|måned(?:er)?"
    r"|hónap\w{0,3}|lun[ia]|kuukau\w{1,4}|mėnes\w{1,4}|mjesec\w{0,3}|mesec\w{0,3}|kuud)"
    r"\s{1,3}(?i:from|starting(?:\s{1,3}(?:on|from))?|beginning|od|ab|vom|von|à\s{1,3}partir\s{1,3}du"
    r"|a\s{1,3}partir\s{1,3}del?|desde|dal|dall'|vanaf|fra|från|nuo|alates|de|du)"
    r"(?:\s{1,3}(?:the|dem|den|dne|dnia|dňa|le|el|il))?\s{1,3}$"
)


@lru_cache(maxsize=1)
def join_gap() -> re.Pattern[str]:
    """Between two complete dates of a range, what `CONNECTOR` does not read: a time
    after the first ("@ 9:00 am"), a weekday before the second (two letters right after
    a dash: "Mo, 28.09.2026 - Di, 29.09.2026")."""
    weekday = rf"(?:(?<=[-–—]){S0}{weekday_before(2)}|{weekday_before()})"
    return re.compile(rf"^(?:{AT_TIME})?(?P<link>.*?){weekday}?$", re.DOTALL)


@dataclass(frozen=True)
class Form:
    """One compiled pattern and how to read it."""

    rx: re.Pattern[str]
    us: bool = False  # month before day: English month names only
    range: bool = False  # a range form (read before the single dates)

    @property
    def month_first(self) -> bool:
        """Starts with a month name: tried only where `month_words` found one."""
        return self.rx.pattern.startswith("(?<!\\w)(?P<m1>")

    @property
    def month_after_days(self) -> bool:
        """Days, then a month name: searched only in the stretch before a month name (a
        long list of numbers would otherwise be re-read from each of its numbers)."""
        return (
            not self.month_first
            and "(?P<m1>" in self.rx.pattern
            and "(?P<dw>" not in self.rx.pattern
        )


def _month(name: str) -> str:
    # an abbreviation's dot, not a sentence's: "Oct. 12", "12 Oct. 2019" but "on 4 October."
    # and Portuguese and Spanish "12 de mar. de 2026" (Wix): the dot before "de" and a year
    return (
        rf"(?<!\w)(?P<{name}>(?i:{month_alternation()}))(?!\w)"
        rf"(?:\.(?=\s{{0,3}}(?:[\d,]|(?:de|del)\s{{1,3}}{YEAR})))?"
    )


def _y(year: bool, sep: str = YSEP, short: bool = False) -> str:
    if not year:
        return ""
    return rf"{sep}(?P<y>{YEAR}|{SHORT_YEAR})" if short else rf"{sep}(?P<y>{YEAR})"


def _forms(year: bool) -> list[tuple[str, bool, bool]]:
    m1, m2 = _month("m1"), _month("m2")
    y = _y(year)
    short = _y(year, short=True)  # "14 apr '26", "8 - 10 juni '26"
    mid = rf"(?P<mid>(?:{AND}{DAY}{DSUF}){{0,6}}?)"
    ranges = [
        # 23-24 October 2019 / 24, 25, 26 March 2015 / od 8. do 12. května / 31 marca – 1 kwietnia
        rf"{B}(?P<d1>{DAY}){DSUF}(?:{OF}{S0}{m1}{AT_TIME}?)?{mid}(?P<sep>{TO}|{AND})"
        rf"(?:(?<=[-–—]){S0}{weekday_before(2)}|{weekday_before()})?(?P<d2>{DAY}){DSUF}{OF}{S0}{m2}{short}",
        # March 12-15, 2019 / April 28 - May 2, 2019 (US order)
        rf"{m1}{S}(?P<d1>{DAY})(?:{ORD}|\.)?(?P<sep>{TO}|{AND})(?:{m2}{S})?"
        rf"(?P<d2>{DAY}){ORD}?{_y(year, rf',?{S}')}",
        # 8.5. - 12.5. 2017 / 31.3.–1.4.2016
        rf"{B}(?P<d1>{DAY})\.{S0}(?P<n1>{MNUM})\.?{TO}(?P<d2>{DAY})\.{S0}(?P<n2>{MNUM})\."
        + (rf"{S0}(?P<y>{YEAR})" if year else r"(?!\s{0,3}\d)"),
        # 15. - 17. 4. 2013 / 1.-2.9.2015 / 7-8.12.2022 / 12-14. 6th 2017
        rf"{B}(?P<d1>{DAY})\.?{TO}(?P<d2>{DAY})\.{S0}(?P<n2>{MNUM})(?:\.|{ORD})"
        + (rf"{S0}(?P<y>{YEAR})" if year else r"(?!\s{0,3}\d)"),
        # 15-17/03/2025 (a range of days before a numeric month and year)
        *(
            [rf"{B}(?P<d1>{DAY}){S0}[-–]{S0}(?P<d2>{DAY})/(?P<n2>{MNUM})/(?P<y>{YEAR})(?![/\d])"]
            if year
            else []
        ),
        # March - May 2019 / od října do prosince 2019 / "jaanuarist detsembrini 2024", the
        # cases of "from" and "until" alone (`dates` checks the cases: "August Juni")
        *([rf"{m1}(?P<sep>{TO}|{AND}|{S}){m2}{y}"] if year else []),
        *([rf"{B}(?P<y>{YEAR}){S}{m1}(?P<sep>{S}){m2}(?!{S0}\d)"] if year else []),
        *(_year_first_ranges() if year else []),
    ]
    singles = [
        rf"{B2}(?P<d1>{DAY}){DSUF}{OF}{S0}{m1}{short}",  # 12 May 2019 / 12. května / 1er mai
        rf"{m1}{S}(?P<d1>{DAY}){ORD}?{_y(year, rf',?{S}')}",  # April 4, 2019 / June 12th
        rf"(?<!\w)(?=[efnstEFNST])(?i:(?P<dw>{'|'.join(sorted(ORDINALS, key=len, reverse=True))})"
        rf"{S}of){S}{m1}{y}",
    ]
    if year:
        singles += _numeric_singles()
    east_ranges, east_singles = east_forms(year)
    solar_ranges, solar_singles = solar_forms() if year else ([], [])
    ranges += east_ranges + solar_ranges
    singles += east_singles + solar_singles
    return [(p, i == 1, True) for i, p in enumerate(ranges)] + [
        (p, i == 1, False) for i, p in enumerate(singles)
    ]  # the second range and the second single put the month first (US order)


_HU_FROM = r"[^\W\d_]{0,3}t[óő]l"  # Hungarian "from" on a day: "3-tól", "1-jétől"
# A Hungarian case ending on a day's number: "5-ig" (until), "17-én", "1-jén" (on), "19-i"
_HU_DAY_CASE = r"-(?:[^\W\d_]{0,3}ig|j?[ae]n|j?[áé]n|j?[ée]i|i)(?!\w)"


def _year_first_ranges() -> list[str]:
    """Ranges that put the year first: Hungarian "2025. április 9–10.", "2025. április
    30. – május 2.", and a range of days before a Roman month ("12.–14. IX. 2024")."""
    m1, m2 = _month("m1"), _month("m2")
    return [
        # the second day with its dot: "9. – 12 résztvevő" is a day and a count; or with
        # the cases of "from" and "until": "2024. március 3-tól 5-ig", "3. és 5. között",
        # or another case on the day ("február 16–17-én", "16–17-i"; `_HU_DAY_CASE`)
        rf"{B}(?P<y>{YEAR})\.{S}{m1}{S}(?P<d1>{DAY})\.?(?P<sep>{TO}|{AND}|-{_HU_FROM}{S})"
        rf"(?:{m2}{S})?(?P<d2>{DAY})(?:\.|{_HU_DAY_CASE})(?!\d)",
        # and in numbers: "2027.04.21–22.", "2027. 04. 21–22-én"
        rf"{B}(?P<y>{YEAR})\.{S0}(?P<n1>{MNUM})\.{S0}(?P<d1>{DAY})\.?(?P<sep>{TO})"
        rf"(?P<d2>{DAY})(?:\.|{_HU_DAY_CASE})(?!\d)",
        rf"{B}(?P<d1>{DAY})\.?{TO}(?P<d2>{DAY}){_RDOT}(?P<n2>{ROMAN}){_RDOT}(?P<y>{YEAR})",
        # Hungarian with a Roman month: "2026. II. 10–11.", "2026. III. 31. – IV. 2."
        rf"{B}(?P<y>{YEAR})\.{S0}(?P<n1>{ROMAN})\.{S0}(?P<d1>{DAY})\.?(?P<sep>{TO})"
        rf"(?:(?P<n2>{ROMAN})\.{S0})?(?P<d2>{DAY})\.(?!\d)",
        # Lithuanian "2025 m. birželio 24–27 d.", Latvian "2024. gada 3. līdz 5. martam"
        rf"{B}(?P<y>{YEAR}){S}m\.{S}{m1}{S}(?P<d1>{DAY})(?P<sep>{TO}|{AND})(?P<d2>{DAY})(?!\d)"
        rf"(?:{S}d\.)?",
        rf"{B}(?P<y>{YEAR})\.{S}(?i:gada){S}(?P<d1>{DAY})\.(?P<sep>{TO}|{AND})(?P<d2>{DAY})\.{S}{m2}",
    ]


def _numeric_singles() -> list[str]:
    m1 = _month("m1")
    return [
        rf"{B}(?P<y>{YEAR})\.{S}{m1}{S}(?P<d1>{DAY})\.?",  # 2019. március 12. (Hungarian)
        rf"{B}(?P<y>{YEAR}){S}m\.{S}{m1}{S}(?P<d1>{DAY}){S}d\.",  # 2024 m. lapkričio 14 d.
        rf"{B}(?P<y>{YEAR})\.{S}(?i:gada){S}(?P<d1>{DAY})\.{S}{m1}",  # 2025. gada 12. martā
        rf"{B2}(?P<d1>{DAY})\.{S0}(?P<n1>{MNUM})\.{S0}(?P<y>{YEAR})",  # 6. 11. 2017
        rf"{B2}(?P<d1>{DAY}){_RDOT}(?P<n1>{ROMAN}){_RDOT}(?P<y>{YEAR})",  # 12. IX. 2024, 1 IV 2025
        rf"{B2}(?P<y>{YEAR})\.{S0}(?P<n1>{ROMAN})\.{S0}(?P<d1>{DAY})\.",  # 2026. I. 22.
        # 2023. 01. 01. / 2023.01.01. (Hungarian: year, month, day, each with its dot)
        rf"{B2}(?P<y>{YEAR})\.{S0}(?P<n1>1[0-2]|0[1-9])\.{S0}(?P<d1>3[01]|[12]\d|0[1-9])\.",
        rf"{B2}(?P<d1>{DAY})/(?P<n1>{MNUM})/(?P<y>{YEAR})(?![/\d])",  # 01/07/2017
        rf"{B2}(?P<d1>{DAY})/(?P<n1>{MNUM})-(?P<y>{YEAR})(?![\d-])",  # 15/1-2026 (Danish)
        # 03/24/2025: month first only where the second number cannot be a month (a
        # US page); "03/04/2025" stays day first, as European pages write it
        rf"{B2}(?P<n1>0?[1-9]|1[0-2])/(?P<d1>1[3-9]|2\d|3[01])/(?P<y>{YEAR})(?![/\d])",
        rf"{B2}(?P<y>{YEAR})-(?P<n1>1[0-2]|0[1-9])-(?P<d1>3[01]|[12]\d|0[1-9])(?![\d-])",
        # 2027/02/23 (Basque, Hungarian: the year first, then month and day, never Y/D/M)
        rf"{B2}(?P<y>{YEAR})/(?P<n1>1[0-2]|0[1-9])/(?P<d1>3[01]|[12]\d|0[1-9])(?![/\d])",
        # 01-04-2023 (Portuguese, Dutch: day first, both with two digits)
        rf"{B2}(?P<d1>3[01]|[12]\d|0[1-9])-(?P<n1>1[0-2]|0[1-9])-(?P<y>{YEAR})(?![\d-])",
        # the year first: Latvian "2022. gada janvāra", Hungarian "2024. március" (a
        # name in lower case: "2024. March" is two sentences) and "2024 márciusában"
        rf"{B}(?P<y>{YEAR})(?:\.{S}(?i:gada)|{S}m\.){S}{m1}(?!{S0}\d{{1,2}}(?!\d))",
        rf"{B}(?P<y>{YEAR})(?:\.{S}(?=[a-zá-ű])|{S}(?=[^\W\d_]{{3,12}}(?:ban|ben|tól|től|ig)(?!\w)))"
        rf"{m1}(?!{S0}\d{{1,2}}(?!\d))",
        rf"{m1}{_y(True)}(?!\.\d)",  # January 2016 / března 2019 / mayo de 2019
        rf"{B2}(?P<n1>{MNUM})/(?P<y>{YEAR})(?![/\d])",  # 10/2016
    ]


@lru_cache(maxsize=2)
def forms(year: bool) -> tuple[Form, ...]:
    """Range forms first, then single dates; with `year=False` the partial forms."""
    return tuple(Form(re.compile(p), us, is_range) for p, us, is_range in _forms(year))


@lru_cache(maxsize=1)
def year_forms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Year ranges ("2016 - 2018", "2016 až roku 2018") and cued years ("v roce 2019")."""
    roku = rf"(?:(?i:roku|r\.){S})?"
    after = r"(?![\d]|[-–/.,]\d)"
    # "2017–2019" is a range; "2017-07-01" and "2019/20" are not two years
    first = r"(?!\d|[-–/.,]\d{1,2}(?!\d)|[-–/.,]\d{3}(?!\d))"
    span = re.compile(
        rf"{B}(?P<y1>{YEAR}){first}(?:\.(?=\s))?"  # Croatian "od 2022. do 2025."
        rf"(?P<sep>{TO}|{S}(?i:{_ANDS}){S}{THE}){roku}(?P<y>{YEAR}){after}"
    )
    listed = (
        rf"(?!{S0}(?:,|(?i:and|und|a|i|et|y|e|en|és|&|oraz)\b){S0}{YEAR})"  # "in 2012 and 2016"
    )
    single = re.compile(
        rf"(?<!\w)(?=[a-zA-Zîv])(?P<cue>{YEAR_CUE}){S}(?P<y>{YEAR}){after}{listed}"
        rf"|(?<!\w)(?i:w){S}(?P<y2>{YEAR}){S}(?i:roku|r\.)"  # w 2019 roku
        rf"|{B}(?P<y3>{YEAR})-(?i:ban|ben)(?!\w)"  # 2019-ben
    )
    return span, single


WORD = re.compile(r"(?<!\w)[^\W\d_]{3,15}(?!\w)")  # "szeptemberétől"


def month_words(text: str) -> list[int]:
    """Where words that may name a month start (one fast pass over the text)."""
    names = month_forms()
    return [m.start() for m in WORD.finditer(text) if m.group(0).lower() in names]


@lru_cache(maxsize=1)
def partial_numeric() -> re.Pattern[str]:
    """A day and month in numbers without a year, only where nothing else reads so:
    "1. 4." (a space after the day's dot, the month's dot, no number after) or "D.M."
    after a word that announces a day ("dne 1.4.", "am 1.4.") or a weekday ("ke 25.3.",
    "Mi., 18.3.")."""
    tail = r"\.(?!\s{0,3}\d)(?!\w)"
    return re.compile(
        rf"{B}(?<!\d\.\s)(?P<d1>{DAY})\.\s{{1,2}}(?P<n1>{MNUM}){tail}"
        rf"|(?P<cue>(?<!\w)(?i:dne|dňa|dnia|am|vom|ab|on|le|el|il|op|den"
        rf"|{weekday_alternation(2)})\.?,?{S})"
        rf"(?P<d2>{DAY})\.(?P<n2>{MNUM}){tail}"
    )


@lru_cache(maxsize=1)
def partial_month() -> re.Pattern[str]:
    """A month without day or year after a word that makes it a time: "in June",
    "im Juni", "v červnu", "w czerwcu", "nel mese di giugno", "în luna mai"; or in the
    case of "in" ("toimub märtsis", "kesäkuussa"); not followed by a number or "of"."""
    cue = (
        r"(?i:in|im|during|v|ve|vo|w|we|en|nel|em|în|(?:in\s+the\s+)?month\s+of|mese\s+di"
        r"|mois\s+d[e']|mes\s+de|mês\s+de|luna)"
    )
    cased = "|".join(re.escape(f) for f in in_case_forms())
    lead = rf"(?:(?P<cue>{cue}{S})|(?=(?i:{cased})(?!\w)))" if cased else rf"(?P<cue>{cue}{S})"
    return re.compile(rf"(?<!\w){lead}{_month('m1')}(?!\s{{0,3}}(?:\d|(?i:of)\b))")


def matches(form: Form, masked: str, months: list[int]) -> Iterator[re.Match[str]]:
    """`form`'s matches, left to right; a form starting with a month name is tried only
    where a month name starts (the month trie is the slow part of a scan)."""
    if form.month_after_days:
        yield from near_months(form.rx, masked, months)
        return
    if not form.month_first:
        yield from form.rx.finditer(masked)
        return
    after = 0
    for pos in months:
        m = form.rx.match(masked, pos) if pos >= after else None
        if m is not None:
            after = m.end()
            yield m


def near_months(rx: re.Pattern[str], masked: str, months: list[int]) -> Iterator[re.Match[str]]:
    """`rx`'s matches that start at most 100 characters before a month name."""
    windows: list[list[int]] = []
    for pos in months:
        if windows and pos - 100 <= windows[-1][1]:
            windows[-1][1] = pos
        else:
            windows.append([max(0, pos - 100), pos])
    after = 0
    for lo, hi in windows:
        start = max(lo, after)
        while start <= hi:
            found = rx.search(masked, start, hi + 60)  # the month and year fit in 60
            if found is None or found.start() > hi:
                break
            m = rx.match(masked, found.start())  # ...read to its real end
            if m is None:
                start = found.start() + 1
                continue
            after = start = m.end()
            yield m


class Taken:
    """Character ranges already read, kept sorted, so that no two spans overlap."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b)  # ranges starting before b
        return i == 0 or self.ends[i - 1] <= a

    def take(self, a: int, b: int) -> None:
        i = bisect.bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)
