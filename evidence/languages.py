"""Languages as ISO 639-1 codes: what a presence's `languages` column may say.

Why a module of its own: an eligibility criterion asks for an *English* website, and a
catalogue can only test that when every record spells English the same way. People
write "EN", "en", "eng", "English" or "angličtina"; all of them become `en` here, and
anything else is refused with the nearest names, so the stored value is always a code a
condition can compare (`languages: {contains: en}`).

A BCP 47 tag with a region or a script ("en-GB", "pt_BR", "sr-Latn-RS", "es-419"), as a
CMS or a browser writes a site's language, is its language: the criterion asks whether
the site is in English, not in which English. It was refused with "did you mean en?",
so the manager retyped what was clearly right; it is now read as `en`, and the import
says so once (`TagsRead`, as `countries.EuCodesRead` says UK was read as GB). A tag
whose language, script or region is none is still refused, saying which part.

pycountry knows the codes and the English names; its gettext catalogues give the Czech
names. Both are loaded on first use, so importing a file without a presence costs
nothing.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from .findings import Finding, Location, ReadOnce
from .messages import M
from .suggest import nearest

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


# language, then a script and/or a region (ISO 3166-1 or UN M.49 digits) and variants
# ("de-DE-1996"), - or _
_TAG = re.compile(
    r"^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?"
    r"((?:[-_](?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)$"
)
# the UN M.49 areas BCP 47 uses as regions ("es-419", Latin America; "en-150", Europe)
M49_AREAS = frozenset(
    {
        "001", "002", "003", "005", "009", "011", "013", "014", "015", "017", "018", "019",
        "021", "029", "030", "034", "035", "039", "053", "054", "057", "061", "142", "143",
        "145", "150", "151", "154", "155", "202", "419",
    }
)  # fmt: skip


def language_code(text: str) -> str:
    """The ISO 639-1 code of `text` (a code in any case, an English or local name, a
    BCP 47 tag with a script or region: `tag_language`).

    Raises `ValueError` naming the nearest known languages when `text` is none of them,
    or the part of a tag that is wrong.
    """
    names = _names()
    code = names.get(_key(text))
    if code is not None:
        return code
    code = tag_language(text)  # raises for a tag with a wrong script or region
    if code is not None:
        return code
    codes = _nearest(_key(text), names)
    hint = ""
    if codes:
        hint = "; did you mean " + " or ".join(f"{c} ({_english(c)})" for c in codes) + "?"
    raise ValueError(f"{text!r} is not a language (an ISO 639-1 code such as en, cs, de){hint}")


def tag_language(text: str) -> str | None:
    """The ISO 639-1 code of a BCP 47 tag with a script or region ("en-GB" -> en), None
    when `text` is no such tag (a code alone, a name, a tag of an unknown language).

    Raises `ValueError` for a tag of a known language whose script or region is none
    ("en-XX"): the nearest language would hide that the rest is wrong."""
    key = _key(text)
    tag = _TAG.match(key)
    if tag is None or (tag[2] is None and tag[3] is None and not tag[4]):
        return None
    language, script, region = tag[1], tag[2], tag[3]
    names = _names()
    import pycountry

    by_code = pycountry.languages.get(alpha_2=language) or pycountry.languages.get(alpha_3=language)
    if by_code is None or language not in names:  # a name's letters ("ido") are no code
        return None

    if script is not None and pycountry.scripts.get(alpha_4=script) is None:
        raise ValueError(
            f"{text.strip()!r} is not a language tag: {script.title()!r} is no script "
            f"(ISO 15924, e.g. Latn); write {names[language]}"
        )
    known = region is not None and (
        region in M49_AREAS or pycountry.countries.get(alpha_2=region) is not None
    )
    if region is not None and not known:
        raise ValueError(
            f"{text.strip()!r} is not a language tag: {region.upper()!r} is no region "
            f"(an ISO 3166-1 code such as GB); write {names[language]}"
        )
    return names[language]


class TagsRead(ReadOnce):
    """The BCP 47 tags an import read as their languages (en-GB as en), said once per
    import: where each was first met and in how many rows."""

    def see(
        self, cells: Mapping[str, tuple[str, Any]], file: str, at: Callable[[str], Location]
    ) -> None:
        """Note the tags among a valid row's `languages` cell (field -> (label, raw));
        `at`: a column's location in the row."""
        label, raw = cells.get("languages", ("", None))
        items = re.split(r"[,;]", raw) if isinstance(raw, str) else raw
        if isinstance(items, list | tuple):
            self.met(filter(None, map(_as_read, items)), file, at(label))

    def notes(self) -> list[Finding]:
        """A note for each tag read, at the row it was first met."""
        return self.said(
            lambda tag, n: M(
                "{tag} was read as {code} ({language}): clex stores and compares a "
                "language as its ISO 639-1 code, without region, script or variant; rows "
                "with {tag} in this import: {n}",
                tag=tag,
                code=language_code(tag),
                language=_english(language_code(tag)),
                n=n,
            )
        )


def _as_read(item: Any) -> str | None:
    """A valid row's item as the tag it was read as, written as BCP 47 writes it
    ("en-gb", "en_GB" -> "en-GB": one note); None for a code or a name."""
    key = _key(str(item))
    tag = _TAG.match(key)
    if tag is None or key in _names() or tag_language(key) is None:
        return None
    script = [tag[2].title()] if tag[2] else []
    region = [tag[3].upper()] if tag[3] else []
    variants = [v for v in re.split(r"[-_]", tag[4]) if v]
    return "-".join([tag[1], *script, *region, *variants])


def _nearest(key: str, names: dict[str, str]) -> list[str]:
    """The codes of the languages nearest to `key`, each once, codes compared with a
    code and names with a name (a name's letters are in many a two-letter code)."""
    pool = [n for n in names if (len(n) > 3) == (len(key) > 3)]
    found = nearest(key, pool, limit=10, cutoff=CUTOFF, close=NEAR)
    codes = dict.fromkeys(names[n] for n in found)
    return list(codes)[:SUGGESTIONS]
