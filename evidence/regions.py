"""Regions as ISO 3166-2 codes: a name in English or the local language becomes its code.

Why: a catalogue compares a member's region with the cluster's (`region: $region`), and
text compared as text made "Liberec", "Liberec Region" and "Liberecký kraj" three
regions. So a region is stored as its ISO 3166-2 code (CZ-51) and read from whatever a
cluster manager writes: the code in any case, the subdivision's own (local) name from
pycountry, its English name (pycountry's English translation, or `region_names.ENGLISH`
where pycountry has none), each with or without its generic word ("kraj", "Region",
"Land", "Voivodeship" ...), accents optional. The name is looked up among the
subdivisions of the record's country (a member's own, else the cluster's).

Regions are compared at the top level of a country's subdivisions (a Czech "kraj", a
German "Land"): a district's code or name (CZ-511, "Liberec" district) resolves to the
region it lies in, so two members of one region never differ by the level they were
written at. A name nothing matches is refused with the nearest names (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .region_names import ENGLISH
from .suggest import nearest

_CODE = re.compile(r"^([A-Za-z]{2})-([A-Za-z0-9]{1,3})$")
# Words that say what kind of subdivision a name is, not which: left out when matching.
_GENERIC = frozenset(
    {
        "region", "regions", "kraj", "state", "land", "bundesland", "province", "provincia",
        "voivodeship", "voivodship", "wojewodztwo", "county", "megye", "comunidad", "autonoma",
        "autonomous", "community", "of", "the", "capital", "city", "hlavni", "mesto",
        "district", "okres",
    }
)  # fmt: skip
SUGGESTIONS = 3
CUTOFF = 72  # rapidfuzz WRatio: below it a name is no likely misspelling
NEAR = 8  # suggest the names scoring within this of the best one


class RegionError(ValueError):
    """A region that cannot be resolved; the message says what to write instead."""


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str  # the local name, as pycountry gives it


def normalise(text: str) -> str:
    """Case, accents, hyphens and commas left out: "Ústí-nad-Labem" -> "usti nad labem"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _keys(name: str) -> set[str]:
    full = normalise(name)
    bare = " ".join(w for w in full.split() if w not in _GENERIC)
    return {k for k in (full, bare) if k}


@cache
def _english() -> dict[str, str]:
    """pycountry's English translations of subdivision names (a few hundred exist)."""
    import gettext

    import pycountry

    try:
        en = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    except OSError:
        return {}
    return {k: v for k, v in en._catalog.items() if isinstance(k, str) and k and k != v}  # type: ignore[attr-defined]


@cache
def subdivision(code: str) -> Subdivision | None:
    """The subdivision with this code (any case), None when ISO 3166-2 has none."""
    import pycountry

    found = pycountry.subdivisions.get(code=code.upper())
    return Subdivision(found.code, found.name) if found is not None else None


@cache
def _top(code: str) -> Subdivision:
    """The top-level subdivision `code` lies in (itself when it is one)."""
    import pycountry

    sub = pycountry.subdivisions.get(code=code)
    while sub.parent_code:
        sub = pycountry.subdivisions.get(code=sub.parent_code)
    return Subdivision(sub.code, sub.name)


@cache
def _index(country: str) -> dict[str, tuple[str, ...]]:
    """Normalised name -> the top-level codes it names in `country` (one, unless the
    name is ambiguous). Top-level names win over the names of lower levels."""
    import pycountry

    english = _english()
    top: dict[str, set[str]] = {}
    lower: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions.get(country_code=country) or ():
        names = [sub.name, english.get(sub.name, ""), *ENGLISH.get(sub.code, ())]
        target = top if sub.parent_code is None else lower
        code = _top(sub.code).code
        for name in names:
            for key in _keys(name) if name else ():
                target.setdefault(key, set()).add(code)
        target.setdefault(normalise(sub.code), set()).add(code)
    out = {k: tuple(sorted(v)) for k, v in lower.items()}
    out.update((k, tuple(sorted(v))) for k, v in top.items())
    return out


def describe(code: str) -> str:
    """ "CZ-51 (Liberecký kraj)"; the code alone when ISO 3166-2 does not know it."""
    sub = subdivision(code)
    return f"{sub.code} ({sub.name})" if sub else code


def resolve(text: str, country: str | None) -> str:
    """The ISO 3166-2 code (top level) of the region `text` in `country`.

    Raises `RegionError` saying why not: an unknown name (with the nearest ones), a
    name without a country to look it up in, a code of another country.
    """
    return _resolve(" ".join(str(text).split()), (country or "").upper() or None)


@cache
def _resolve(text: str, country: str | None) -> str:
    m = _CODE.match(text)
    if m and subdivision(text) is not None:
        code = _top(text.upper()).code
        if country and m[1].upper() != country:
            raise RegionError(
                f"{text!r} is a region of {m[1].upper()}, not of {country}; "
                "correct the region or the country"
            )
        return code
    if country is None:
        raise RegionError(
            f"{text!r}: a region's name is looked up in its country; give the country "
            "(the member's, or the cluster's with `clex init --country CZ`) or write the "
            "ISO 3166-2 code, e.g. CZ-51"
        )
    index = _index(country)
    if not index:
        raise RegionError(f"ISO 3166-2 lists no regions of {country}; leave the region empty")
    for key in _keys(text):
        codes = index.get(key)
        if codes and len(codes) == 1:
            return codes[0]
        if codes:
            raise RegionError(
                f"{text!r} names several regions of {country}: "
                f"{', '.join(describe(c) for c in codes)}; write the code"
            )
    hint = suggest(text, country)
    raise RegionError(
        f"{text!r} is not a region of {country} (ISO 3166-2)"
        + (f"; did you mean {hint}?" if hint else f"; write its ISO 3166-2 code ({country}-...)")
    )


def suggest(text: str, country: str) -> str:
    """The nearest regions of `country` to `text`, as "CZ-51 (Liberecký kraj) or ..."."""
    index = _index(country)
    query = min(_keys(text) or {normalise(text)}, key=len)  # "kraj" says nothing
    found = nearest(query, index, limit=10, cutoff=CUTOFF, close=NEAR)
    codes = dict.fromkeys(code for key in found for code in index[key])
    return " or ".join(describe(c) for c in list(codes)[:SUGGESTIONS])
