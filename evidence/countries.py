"""Countries as ISO 3166-1 alpha-2 codes: what a country field may hold and how it is read.

Why a module of its own: a catalogue counts countries by comparing their codes (C6 "the
countries in which the cluster presented itself", a member "based outside the cluster's
country"), so every record must spell a country one way. Two-letter text was not
enough: the EU and Eurostat write the United Kingdom `UK` and Greece `EL` where ISO
3166-1 has `GB` and `GR`, so a cluster that copied its events from an EU project list
showed the United Kingdom twice and counted one country too many; and `XX` counted as
abroad.

So a country is read from what a cluster manager writes, as a region or a language is:
the ISO code in any case (`de`), its three-letter code (`DEU`), the country's English
name (pycountry's name, official or common name, or an everyday one: `EVERYDAY`) or its
name in a local language (`evidence.languages.LOCAL_LANGUAGES`: "Německo",
"Deutschland"), accents optional; the
EU's two codes of its own are read as the ISO ones (`EU_CODES`: unambiguous, and what
an EU list says) and an import says once that it read them so (`EuCodesRead`).
Anything else is refused with the nearest names. The record's model does the reading
(`evidence.models.CountryCode`), so an import, `clex init --country` and every other
way a record or profile is made agree; a store's values are read back as they are, and
`stored_problem` says what `clex evidence validate` reports about one from before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from .findings import Finding, Location, ReadOnce
from .languages import local_names
from .messages import M, Msg, joined
from .regions import normalise
from .suggest import ending, nearest

# The EU's and Eurostat's own codes of two countries (its "country codes" glossary),
# which ISO 3166-1 writes otherwise; no ISO code is either, so reading them is safe.
EU_CODES = {"UK": "GB", "EL": "GR"}
# Everyday names that pycountry's names and translations lack ("Russian Federation",
# "Türkiye", "Spojené království"): each names one country, in ISO 3166-1's sense (a
# fair in England, Scotland or Wales is held in the United Kingdom).
EVERYDAY = {
    "Britain": "GB", "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
    "Northern Ireland": "GB", "Velká Británie": "GB", "Anglie": "GB", "Russia": "RU",
    "Rusko": "RU", "Turkey": "TR", "Turecko": "TR", "Holland": "NL", "Holandsko": "NL",
    "Macedonia": "MK", "Vatican": "VA",
}  # fmt: skip
COUNTRY_FIELDS = ("country", "partner_countries")  # every record field holding countries
SUGGESTIONS = 3
CUTOFF = 85  # rapidfuzz WRatio: below it a name is no likely misspelling
NEAR = 6  # suggest the names scoring within this of the best one
_SPLIT = re.compile(r"[,;]")


class CountryError(ValueError):
    """A country that is none; `message` says what to write instead (a `Msg`)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


@cache
def _countries() -> dict[str, str]:
    """ISO alpha-2 code -> the country's English name (pycountry, loaded on first use)."""
    import pycountry

    return {c.alpha_2: c.name for c in pycountry.countries}


@cache
def _names() -> dict[str, str]:
    """Every accepted spelling of a country (`normalise`d) -> its alpha-2 code: codes
    first, so no name can shadow one."""
    import pycountry

    local = local_names("iso3166-1")
    out: dict[str, str] = {}
    for country in pycountry.countries:
        out.setdefault(normalise(country.alpha_2), country.alpha_2)
        out.setdefault(normalise(country.alpha_3), country.alpha_2)
    for country in pycountry.countries:
        names = [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
        names += [t.gettext(country.name) for t in local]
        for name in filter(None, names):
            out.setdefault(normalise(name), country.alpha_2)
            # "Korea, Republic of" is written "Republic of Korea" too
            head, _, tail = name.partition(", ")
            if tail:
                out.setdefault(normalise(f"{tail} {head}"), country.alpha_2)
    for name, code in EVERYDAY.items():
        out.setdefault(normalise(name), code)
    return out


def is_country(code: Any) -> bool:
    """True when `code` is a country as a store holds it: an ISO alpha-2 code, upper case."""
    return isinstance(code, str) and code in _countries()


def eu_code(text: Any) -> str | None:
    """`text` as one of the EU's own codes (" uk " -> "UK"); None when it is none."""
    code = str(text).strip().upper()
    return code if code in EU_CODES else None


def describe(code: str) -> str:
    """ "GB (United Kingdom)"; the code alone when ISO 3166-1 does not know it."""
    name = _countries().get(code)
    return f"{code} ({name})" if name else code


def country_code(text: Any) -> str:
    """The ISO 3166-1 alpha-2 code of `text` (a code in any case, an alpha-3 code, an
    English or local name, the EU's UK or EL). Raises `CountryError` saying what to
    write, with the nearest countries when a name is near one."""
    shown = " ".join(str(text).split())
    if eu_code(shown):
        return EU_CODES[shown.upper()]
    code = _names().get(normalise(shown))
    if code is not None:
        return code
    refusal = M(
        "{value} is not a country: write its ISO 3166-1 code (e.g. CZ, DE, GB) or its name",
        value=repr(shown),
    )
    near = _nearest(shown)
    raise CountryError(ending(refusal, joined(near, "or") if near else None))


def country_or_as_written(text: Any) -> str:
    """`text`'s ISO 3166-1 code ("Czechia", "uk" -> CZ, GB), or `text` as written when it
    names no country: for what needs the country before the record's or the profile's
    own check refuses it (beside any other problem)."""
    try:
        return country_code(text)
    except CountryError:
        return str(text)


def _nearest(text: str) -> list[str]:
    """The countries whose names are near `text`, as "DE (Germany)"; none for a code
    (two or three letters: any other code is as near, so naming one would be a guess)."""
    key = normalise(text)
    if len(key) <= 3:
        return []
    names = _names()
    spelled = [n for n in names if len(n) > 3]
    found = nearest(key, spelled, limit=10, cutoff=CUTOFF, close=NEAR)
    codes = dict.fromkeys(names[n] for n in found)
    return [describe(c) for c in list(codes)[:SUGGESTIONS]]


def stored_problem(fname: str, value: Any) -> Msg | None:
    """Why a country a store holds is not one as an import stores it now (None: it is):
    stored before the rule, it is counted as written (UK beside GB as two countries)."""
    items = value if isinstance(value, list | tuple) else [value]
    bad = [str(v) for v in items if v is not None and not is_country(v)]
    if not bad:
        return None
    read: list[str] = []
    for item in bad:
        try:
            read.append(describe(country_code(item)))
        except CountryError:
            return M(
                "{field} {value} is not an ISO 3166-1 country code, yet the assessment counts "
                "it as a country; correct it in the file and import it again",
                field=fname,
                value=repr(item),
            )
    return M(
        "{field} {value} is stored as written, not as {codes}, so the assessment counts it "
        "as another country; import the record again",
        field=fname,
        value=", ".join(map(repr, bad)),
        codes=", ".join(read),
    )


def profile_country_problem(slug: str, value: Any) -> Msg | None:
    """Why the cluster's stored country is none as `clex init --country` stores it now
    (None: it is), with the command that sets it."""
    if value is None or is_country(value):
        return None
    try:
        code = country_code(value)
    except CountryError:
        code = "CODE"
    return M(
        "the cluster's country {value} is not an ISO 3166-1 code, so the assessment "
        "compares its records with another country; set it with {command}",
        value=repr(value),
        command=f"clex init --cluster {slug} --country {code}",
    )


class EuCodesRead(ReadOnce):
    """The EU's own codes (UK, EL) an import read as ISO ones, said once per import:
    where each was first met and in how many rows (a row with UK twice counts once)."""

    def see(
        self, cells: Mapping[str, tuple[str, Any]], file: str, at: Callable[[str], Location]
    ) -> None:
        """Note the EU codes among a valid row's country cells (field -> (label, raw));
        `at`: a column's location in the row."""
        for fname in COUNTRY_FIELDS:
            label, raw = cells.get(fname, ("", None))
            items = _SPLIT.split(raw) if isinstance(raw, str) else raw
            if isinstance(items, list | tuple):
                self.met(filter(None, map(eu_code, items)), file, at(label))

    def notes(self) -> list[Finding]:
        """A note for each EU code read, at the row it was first met."""
        return self.said(
            lambda code, n: M(
                "{eu} was read as {iso} ({country}): {eu} is the EU's code of that "
                "country, {iso} its ISO 3166-1 code, which clex stores and compares; rows "
                "with {eu} in this import: {n}",
                eu=code,
                country=_countries()[EU_CODES[code]],
                iso=EU_CODES[code],
                n=n,
            )
        )
