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

import unicodedata
from functools import cache

LOCAL_LANGUAGES = ("cs", "de", "sk", "pl")  # names in these languages are accepted too


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _names() -> dict[str, str]:
    """Every accepted spelling (casefolded) -> its ISO 639-1 code."""
    import gettext

    import pycountry

    out: dict[str, str] = {}
    local = []
    for lang in LOCAL_LANGUAGES:
        try:
            local.append(gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # a pycountry without that catalogue: English names still work
            continue
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


def language_code(text: str) -> str:
    """The ISO 639-1 code of `text` (a code in any case, an English or local name).

    Raises `ValueError` naming the nearest known languages when `text` is none of them.
    """
    names = _names()
    code = names.get(_key(text))
    if code is not None:
        return code
    from rapidfuzz import process

    near = process.extract(_key(text), list(names), limit=3, score_cutoff=70)
    hint = ""
    if near:
        hint = "; did you mean " + " or ".join(f"{names[n]} ({n})" for n, _s, _i in near) + "?"
    raise ValueError(f"{text!r} is not a language (an ISO 639-1 code such as en, cs, de){hint}")
