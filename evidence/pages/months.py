"""Month names of European languages, taken from dateparser's language data.

`dates` needs to know which words name a month and which month, in the languages cluster
pages are written in (English, Czech, Slovak, German, Polish) and in the other EU
languages whose names cost nothing to add (a page in a language nobody tested must not
lose its dates for want of a table). Hand-written tables drift and miss inflected forms;
dateparser's locale data (`default_loader.get_locale(lang).info["january"]`, ...) has
them, Czech, Slovak and Polish genitives and locatives included. What it lacks is added
here, each form named:

- Slovak locatives ("v júni", "v marci", "v októbri"), Slovenian genitives ("22.
  aprila 2025") and Estonian adessives ("6. veebruaril 2024", but not "mail": e-mail),
  which dateparser does not list;
- the German ASCII spelling "Maerz";
- Latvian locatives, genitives and datives ("12. martā", "12. marta", "līdz 7.
  jūnijam"): dateparser and CLDR list only the nominative ("marts").
- the cases that regular endings make from dateparser's names (Estonian, Finnish,
  Hungarian, Greek, Czech, Slovak, Slovenian: "jaanuarist", "márciusában"), made by
  rule in `monthcases` rather than listed.

Latvian, Norwegian (bokmål, nynorsk), Bulgarian and Greek (CLDR's genitive "Μαρτίου"
included), then Catalan, Galician and Serbian (Latin script) come after Lithuanian: none
gives an earlier language's form a new month (names of several words, Catalan "de
gener", "d'abril", are left out: the patterns read "de" and "d'" themselves).
Turkish and Serbian in Cyrillic come last: their names are in scripts or spellings no
earlier language has ("Mart", "Aralık", "априла"), but for the abbreviations that are
common words elsewhere (Portuguese "tem" has, Catalan "ara" now), left out.

Lithuanian ("2024 m. lapkričio 14 d.") is last in `LANGUAGES`: it gives no other
language's form a new month; its abbreviations "bal" and "vas" are words elsewhere (French
"ball", Spanish "you go", Hungarian "iron") and are left out.

Three rules keep ordinary words from becoming months:

- a form that is a common word in one of the languages is left out ("pro" is Czech
  "for", "sie"/"Sie" Polish and German pronouns, "set", "out", "ago", "sty" English
  words, "lis" a Polish fox, Finnish "joulu" Christmas);
- English "may", "march", "mar" (Spanish/Italian "sea") and Hungarian "már" ("already")
  count only with a capital letter ("they may", "we march");
- a name that means different months in two languages (Croatian "listopad" is October,
  Czech and Polish "listopad" November) means what it means in the page's language
  (`page_language`, found by `language`); where that is unknown or lacks the word,
  the earlier language in `LANGUAGES` wins, so the five languages of the project do.

And `dates` only ever takes a month name next to a day number or a year.
Roman numerals (dateparser's Hungarian "I".."XII") are left out: they are not words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Literal

from .monthcases import case_forms, span_role

# Priority order: a form meaning different months keeps the first language's meaning.
LANGUAGES = (
    "en", "cs", "sk", "de", "pl",  # the project's languages
    "fr", "es", "it", "nl", "hu", "pt", "ro", "sl", "hr", "sv", "da", "fi", "et", "lt",
    "lv", "nb", "nn", "bg", "el", "ca", "gl", "sr-Latn", "tr", "sr-Cyrl",
    *("uk", "ru", "be", "mk", "bs", "mt", "ga", "cy", "sq", "is", "lb", "eu"),
    "ar", "he",
)  # fmt: skip
# Europe's other languages (Ukrainian, Maltese, Irish, Welsh, Albanian, ...): nobody has
# read their pages here, so only their full month names count ("березня", "Marzu",
# "Márta"), never an abbreviation ("fra", Maltese February, is Danish "from"; "лист",
# Ukrainian Nov., is "letter"); and only the wide names of their weekdays.
_FULL_NAMES_ONLY = frozenset({
    "uk", "ru", "be", "mk", "bs", "mt", "ga", "cy", "sq", "is", "lb", "eu", "ar", "he",
})  # fmt: skip
_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_ADDED = {  # forms dateparser does not list (see the docstring), by language
    "sk": {1: "januári", 2: "februári", 3: "marci", 4: "apríli", 5: "máji", 6: "júni",
           7: "júli", 8: "auguste", 9: "septembri", 10: "októbri", 11: "novembri",
           12: "decembri"},
    "de": {3: "maerz"},
    "lv": {1: "janvārī janvāra janvārim", 2: "februārī februāra februārim",
           3: "martā marta martam", 4: "aprīlī aprīļa aprīlim", 5: "maijā maija maijam",
           6: "jūnijā jūnija jūnijam", 7: "jūlijā jūlija jūlijam",
           8: "augustā augusta augustam", 9: "septembrī septembra septembrim",
           10: "oktobrī oktobra oktobrim", 11: "novembrī novembra novembrim",
           12: "decembrī decembra decembrim"},
    "sl": {1: "januarja", 2: "februarja", 3: "marca", 4: "aprila", 5: "maja", 6: "junija",
           7: "julija", 8: "avgusta", 9: "septembra", 10: "oktobra", 11: "novembra",
           12: "decembra"},
    "et": {1: "jaanuaril", 2: "veebruaril", 3: "märtsil", 4: "aprillil", 6: "juunil",
           7: "juulil", 8: "augustil", 9: "septembril", 10: "oktoobril", 11: "novembril",
           12: "detsembril"},
}  # fmt: skip
# Abbreviations in `_STOP` that a date badge writes in capitals ("12 DUB", "3 SET", "5
# OUT"): a word there, a month here, when all its letters are capitals and the date is a
# badge's line of its own (`dates`: "9 OUT OF 10 SMES" is prose). "LED" and "PRO" stay
# words (Czech January and December lose their badges): "24 LED lamps" and "iPhone 12
# PRO" are commoner than a Czech badge.
_BADGE_CAPITALS = frozenset({
    "dub", "lis", "srp", "lut", "sty", "sie", "kol", "tra", "svi", "stu", "lip", "gen", "mag",
    "set", "out", "ian",
})  # fmt: skip
# Badges whose month depends on the language: Croatian "LIP", "SRP", "LIS" are June, July
# and October, Czech and Polish ones July, August and November; read only on a page whose
# language (`page_language`: its `<html lang>`) is Czech or Polish.
_LANGUAGE_BADGES = frozenset({"lis", "srp", "lip"})
_BADGE_LANGUAGES = frozenset({"cs", "pl"})
_PAGE_LANGUAGE: ContextVar[str] = ContextVar("page_language", default="")


@contextmanager
def page_language(lang: str | None) -> Iterator[None]:
    """Read dates as on a page in `lang` (its `<html lang>`, "cs-CZ"; None: unknown)."""
    token = _PAGE_LANGUAGE.set((lang or "").strip().lower()[:2])
    try:
        yield
    finally:
        _PAGE_LANGUAGE.reset(token)


def current_language() -> str:
    """The language `page_language` set, "" when unknown: part of a cache's key."""
    return _PAGE_LANGUAGE.get()


def badge_capital(word: str) -> bool:
    """A capital abbreviation that is a month only on a badge ("12 DUB", "3 SET")."""
    return word.lower().rstrip(".") in _BADGE_CAPITALS and word.rstrip(".").isupper()


_STOP = frozenset({
    "pro", "set", "out", "ago", "sie", "sty", "lis", "lut", "led", "dub", "srp", "gen", "mag",
    "kol", "tra", "svi", "stu", "lip", "ian", "joulu", "kesä", "syys", "heinä", "elo", "loka",
    "tammi", "helmi", "bal", "vas", "mail", "mais", "tem", "ara",
})  # fmt: skip
_CAPITAL_ONLY = frozenset({"may", "march", "mar", "már"})
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})


@lru_cache(maxsize=1)
def _meanings() -> dict[str, dict[str, int]]:
    """Every accepted form, in lower case, and the month it names in each language that
    has it (in the order of `LANGUAGES`)."""
    from dateparser.languages.loader import default_loader  # heavy: only when dates are read

    meanings: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        info = default_loader.get_locale(lang).info
        for number, key in enumerate(_KEYS, start=1):
            names = {str(n).lower() for n in info.get(key, [])}
            names.update(case_forms(lang, names))
            names.update(_ADDED.get(lang, {}).get(number, "").split())
            if lang in _FULL_NAMES_ONLY:
                names = {n for n in names if not any(o != n and o.startswith(n) for o in names)}
            for name in names:
                if not name.isalpha():
                    continue  # "de gener", "d'abril": `dateforms` reads "de"/"d'" itself
                if len(name) >= 3 and (name not in _ROMAN | _STOP or name in _BADGE_CAPITALS):
                    meanings.setdefault(name, {})[lang] = number
    return meanings


@lru_cache(maxsize=1)
def _span_cases() -> dict[str, str]:
    """The case forms that mean "from", "until" or "in" ("tammikuusta", "decemberig",
    "märtsis"), only
    those `case_forms` makes (a nominative such as Estonian "august" is not one)."""
    from dateparser.languages.loader import default_loader

    roles: dict[str, str] = {}
    for lang in ("et", "fi", "hu"):
        info = default_loader.get_locale(lang).info
        for key in _KEYS:
            names = {str(n).lower() for n in info.get(key, [])}
            for form in case_forms(lang, names) - names:
                if (role := span_role(lang, form)) is not None:
                    roles[form] = role
    return roles


def month_case(word: str) -> str | None:
    """ "from", "until" or "in" when `word` is a month name in that case, else None."""
    return _span_cases().get(word.lower())


def in_case_forms() -> list[str]:
    """The month forms in the case of "in" ("märtsis", "kesäkuussa", "márciusban")."""
    return sorted((f for f, role in _span_cases().items() if role == "in"), key=len, reverse=True)


@lru_cache(maxsize=1)
def month_forms() -> dict[str, int]:
    """Every accepted form, in lower case, and the month it names in the first language
    of `LANGUAGES` that has it."""
    return {name: next(iter(by_lang.values())) for name, by_lang in _meanings().items()}


def months_named(word: str) -> frozenset[int]:
    """Every month `word` (lower case) names in any language: one for most names, two
    for "listopad" (Czech and Polish November, Croatian October). A workbook's cell
    settles such a word by the workbook's languages (`evidence.worddates`)."""
    return frozenset(_meanings().get(word, {}).values())


def month_meanings(word: str) -> dict[str, int]:
    """The month `word` (lower case) names in each language that has it ("listopad":
    {"cs": 11, "pl": 11, "hr": 10}); empty when no language does."""
    return dict(_meanings().get(word, {}))


def month_languages(word: str) -> frozenset[str]:
    """The languages in which `word` (lower case) names a month."""
    return frozenset(_meanings().get(word, ()))


@lru_cache(maxsize=1)
def english_forms() -> frozenset[str]:
    """The English forms: only they may stand before the day ("June 12")."""
    return forms_of("en")


@lru_cache(maxsize=8)
def forms_of(*langs: str) -> frozenset[str]:
    """The month forms, in lower case, that dateparser lists for the given languages."""
    from dateparser.languages.loader import default_loader

    return frozenset(
        str(n).lower()
        for lang in langs
        for key in _KEYS
        for n in default_loader.get_locale(lang).info.get(key, [])
    )


def month_of(word: str, framed: bool = False) -> int | None:
    """The month a word names (as written: the capital matters), else None; in the
    page's language (`page_language`) when that language has the word. `framed`: the
    word stands between a day and a year ("sáb., 28 mar. 2026", as Portuguese, Spanish
    and Italian abbreviate March), where "mar" and "may" are no sea and no verb, and so
    need no capital."""
    low = word.lower().rstrip(".")
    if low in _CAPITAL_ONLY and not word[:1].isupper() and not framed:
        return None
    if low in _BADGE_CAPITALS and not word.rstrip(".").isupper():
        return None
    if low in _LANGUAGE_BADGES and _PAGE_LANGUAGE.get() not in _BADGE_LANGUAGES:
        return None
    by_lang = _meanings().get(low)
    if by_lang is None:
        return None
    lang = _PAGE_LANGUAGE.get()
    return by_lang[lang] if lang in by_lang else next(iter(by_lang.values()))


def month_alternation() -> str:
    """A regex matching every form, as a trie: one pass over a word whatever the number
    of forms (a flat alternation of 380 names would try each at every position)."""
    trie: dict[str, dict] = {}
    for form in month_forms():
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(c) + _trie_regex(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


_WEEKDAY_LOCALES = (
    "en", "de", "cs", "sk", "pl", "fr", "es", "it", "nl", "pt", "hu", "sl", "hr", "ro", "sv",
    "da", "fi", "et", "lv", "lt", "nb", "nn", "bg", "el", "ca", "gl", "sr", "tr",
    *sorted(_FULL_NAMES_ONLY),
)  # fmt: skip
# Locales whose abbreviated names are common words of other languages (Turkish "Per",
# "Sal", "Cum": Italian "for", Spanish "salt", Latin "with"): their wide names only.
_WIDE_ONLY = frozenset({"tr"}) | _FULL_NAMES_ONLY


@lru_cache(maxsize=1)
def weekday_pattern() -> re.Pattern[str]:
    """A weekday name (wide or abbreviated, its dot too) as a word, compiled once: what
    a date line may hold beside its date ("Tue 18 Nov", "Donnerstag, 5. Juni")."""
    return re.compile(rf"(?<!\w)(?:{weekday_alternation()})\.?(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=2)
def weekday_alternation(shortest: int = 1) -> str:
    """A regex alternation of weekday names (wide and abbreviated, without their dot) in
    the languages of European cluster pages, from babel's locale data, longest first;
    `shortest`: leave out shorter names ("do", "po", "to" are words too)."""
    from babel.dates import get_day_names

    names: set[str] = set()
    for locale in _WEEKDAY_LOCALES:
        widths: tuple[Literal["wide", "abbreviated"], ...] = (
            ("wide",) if locale in _WIDE_ONLY else ("wide", "abbreviated")
        )
        for width in widths:
            names.update(
                str(n).lower().rstrip(".") for n in get_day_names(width, locale=locale).values()
            )
    kept = sorted((n for n in names if len(n) >= shortest), key=len, reverse=True)
    return "|".join(re.escape(n) for n in kept)


@lru_cache(maxsize=1)
def weekday_numbers() -> dict[str, frozenset[int]]:
    """Each weekday name of `weekday_alternation` (lower case, without its dot) and the
    days of the week (0 Monday) it names in any of the languages: "do" is Thursday in
    German and Dutch; a line's weekday checks the day a heading's month gives it."""
    from babel.dates import get_day_names

    found: dict[str, set[int]] = {}
    for locale in _WEEKDAY_LOCALES:
        widths: tuple[Literal["wide", "abbreviated"], ...] = (
            ("wide",) if locale in _WIDE_ONLY else ("wide", "abbreviated")
        )
        for width in widths:
            for number, name in get_day_names(width, locale=locale).items():
                found.setdefault(str(name).lower().rstrip("."), set()).add(int(number))
    return {name: frozenset(days) for name, days in found.items()}
