"""Languages as ISO 639-1 codes: what a presence's `languages` column may say.

Why a module of its own: an eligibility criterion asks for an *English* website, and a
catalogue can only test that when every record spells English the same way. People
write "EN", "en", "eng", "English" or "angličtina"; all of them become `en` here, and
anything else is refused with the nearest names, so the stored value is always a code a
condition can compare (`languages: {contains: en}`).

pycountry knows the codes and the English names; its gettext catalogues give the Czech
names. Both are loaded on first use, so importing a file without a presence costs
nothing.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import cache

LOCAL_LANGUAGES = ("cs", "de", "sk", "pl")  # names in these languages are accepted too
SUGGESTIONS = 3
CUTOFF = 70  # rapidfuzz WRatio: below it a spelling is no likely misspelling
NEAR = 5  # suggest the spellings scoring within this of the best one


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def local_names(domain: str) -> list[gettext.GNUTranslations]:
    """pycountry's names of `domain` ("iso639-3" languages, "iso3166-1" countries) in
    each of `LOCAL_LANGUAGES` it has, for names written in those languages."""
    import pycountry

    local = []
    for lang in LOCAL_LANGUAGES:
        try:
            local.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # a pycountry without that catalogue: English names still work
            continue
    return local


@cache
def _names() -> dict[str, str]:
    """Every accepted spelling (casefolded) -> its ISO 639-1 code."""
    import pycountry

    out: dict[str, str] = {}
    local = local_names("iso639-3")
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        spellings = [code, language.alpha_3, language.name]
        spellings += [
            getattr(language, a) for a in ("bibliographic", "common_name") if hasattr(language, a)
        ]
        spellings += [t.gettext(language.name) for t in local]
        for spelling in filter(None, spellings):
            out.setdefault(_key(spelling), code)
    return out


@cache
def _english(code: str) -> str:
    """The English name of an ISO 639-1 code ("English" for en)."""
    import pycountry

    language = pycountry.languages.get(alpha_2=code)
    return language.name if language is not None else code


def language_code(text: str) -> str:
    """The ISO 639-1 code of `text` (a code in any case, an English or local name).

    Raises `ValueError` naming the nearest known languages when `text` is none of them.
    """
    names = _names()
    code = names.get(_key(text))
    if code is not None:
        return code
    codes = _nearest(_key(text), names)
    hint = ""
    if codes:
        hint = "; did you mean " + " or ".join(f"{c} ({_english(c)})" for c in codes) + "?"
    raise ValueError(f"{text!r} is not a language (an ISO 639-1 code such as en, cs, de){hint}")


def _nearest(key: str, names: dict[str, str]) -> list[str]:
    """The codes of the languages nearest to `key`, each once ("en-GB": en, not en for
    "en" and again for "eng"): a tag's language (en-GB, pt_BR) when it is one, else the
    spellings near it, codes compared with a code and names with a name (a name's
    letters are in many a two-letter code)."""
    tag = re.match(r"^([a-z]{2,3})[-_][a-z0-9]+$", key)
    if tag and tag[1] in names:
        return [names[tag[1]]]
    from rapidfuzz import process

    pool = [n for n in names if (len(n) > 3) == (len(key) > 3)]
    near = process.extract(key, pool, limit=10, score_cutoff=CUTOFF)
    best = near[0][1] if near else 0
    codes = dict.fromkeys(names[n] for n, score, _i in near if score >= best - NEAR)
    return list(codes)[:SUGGESTIONS]
