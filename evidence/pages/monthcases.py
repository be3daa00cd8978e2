"""Case forms of month names that dateparser does not list, made by each language's endings.

A span's ends are written in the cases "from" and "until" take, and a month "in" is a
case of its own: Estonian "jaanuarist ... detsembrini", Finnish "tammikuusta ...
joulukuuhun", Hungarian "januártól ... decemberig", "márciusában", Greek "από τον
Σεπτέμβριο", Slovenian "v marcu". dateparser's language data has the nominative (and for
some languages one or two cases); a hand list of every form drifts and misses some, while
these languages build the cases regularly from one stem, so they are built here from
dateparser's own names, one rule per language:

- Estonian: the genitive stem ("jaanuari", "märtsi", "septembri": "-ber" drops its "e")
  with the elative "-st", terminative "-ni", inessive "-s" and adessive "-l";
- Finnish: the name in "-kuu" with the inessive "-ssa", elative "-sta", illative "-hun",
  partitive "-ta", adessive "-lla", ablative "-lta" and allative "-lle";
- Hungarian: the name and its possessive ("januárja", "márciusa", "szeptembere") with
  "-ban/-ben" (in), "-tól/-től" (from), "-ig" (until), "-ra/-re", after the vowels of
  the name (the last of "szeptember" is front, of "március" back);
- Greek: the accusative of a name in "-ος" drops its "ς" ("Σεπτέμβριο", "Μάιο");
- Serbian, in either script: the genitive ("4. juna", "septembra", "22. априла");
- Czech and Slovak: the instrumental ("mezi 3. a 5. březnem", "medzi ... marcom");
- Slovenian: the locative and the instrumental ("marec" -> "marcu", "marcem"; "januar"
  -> "januarju", "januarjem"; "v marcu", "med 3. in 5. marcem").

`months` filters the forms as it filters dateparser's (common words left out).
"""

from __future__ import annotations

from collections.abc import Iterable

_FRONT = set("eéiíöőüű")
# The endings of "from" and "until" in the languages that write them as a case: a span
# "tammikuusta 2022 joulukuuhun 2024" needs no word between its dates (`dates`).
_FROM_ENDS = {"et": ("st",), "fi": ("sta",), "hu": ("tól", "től")}
_TO_ENDS = {"et": ("ni",), "fi": ("hun",), "hu": ("ig",)}
# And the case of "in": "toimub märtsis", "kesäkuussa", "márciusban": a month alone that
# is a time, as "in June" is (`dateforms.partial_month`).
_IN_ENDS = {"et": ("s",), "fi": ("ssa",), "hu": ("ban", "ben")}
_BACK = set("aáoóuú")


def case_forms(lang: str, names: Iterable[str]) -> set[str]:
    """The case forms of one month in `lang`, from its names (lower case) as dateparser
    lists them (the longest is the nominative); empty for other languages."""
    names = [n for n in names if n.isalpha()]
    full = max(names, key=len, default="")
    if not full:
        return set()
    if lang == "et":
        stem = full if full.endswith("i") else full + "i"
        if full.endswith("ber"):  # "september" -> "septembri"
            stem = full[:-2] + "ri"
        return {stem, *(stem + end for end in ("st", "ni", "s", "l"))}
    if lang == "fi":
        base = next((n for n in names if n.endswith("kuu")), "")
        ends = ("ssa", "sta", "hun", "ta", "lla", "lta", "lle")
        return {base + end for end in ends} if base else set()
    if lang == "hu":
        return _hungarian(full)
    if lang == "el":
        return {n[:-1] for n in names if n.endswith("ος")}
    if lang == "cs":  # the locative's stem: "březnu" -> "březnem", "prosinci" -> "prosincem"
        forms = {n[:-1] + "em" for n in names if len(n) >= 5 and n.endswith(("u", "ci"))}
        return forms | {n + "m" for n in names if n == "září"}
    if lang == "sk":  # the genitive's stem: "marca" -> "marcom", "januára" -> "januárom"
        return {n[:-1] + "om" for n in names if len(n) >= 4 and n.endswith("a")}
    if lang == "sr-Latn":  # the genitive: "jun" -> "juna", "septembar" -> "septembra"
        return {full[:-2] + "ra" if full.endswith("bar") else full + "a"}
    if lang == "sr-Cyrl":  # the same in Cyrillic: "април" -> "априла", "новембар" -> "новембра"
        return {full[:-2] + "ра" if full.endswith("бар") else full + "а"}
    if lang == "sl":
        stem = full[:-2] + full[-1] if full.endswith(("ec", "er")) else full  # "marec": "marc"
        stem += "j" if stem.endswith("ar") else ""  # "januar": "januarju", "januarjem"
        return {stem + "u", stem + ("em" if stem.endswith(("j", "c")) else "om")}
    return set()


def _hungarian(name: str) -> set[str]:
    """ "március" -> "márciusban", "márciustól", "márciusig", "márciusában", ..."""
    vowels = [c for c in name if c in _FRONT | _BACK]
    front = bool(vowels) and vowels[-1] in _FRONT
    ban, tol, ra = ("ben", "től", "re") if front else ("ban", "tól", "ra")
    # the possessive: "januárja", "márciusa", "szeptembere"; its final vowel lengthens
    own = name + ("e" if front else "ja" if name.endswith("r") else "a")
    long = own[:-1] + ("é" if front else "á")
    return {stem + end for stem in (name, long) for end in (ban, tol, "ig", ra)} | {own}


def span_role(lang: str, form: str) -> str | None:
    """ "from", "until" or "in" for a case form that means so in `lang`, else None."""
    if form.endswith(_FROM_ENDS.get(lang, ())):
        return "from"
    if form.endswith(_TO_ENDS.get(lang, ())):
        return "until"
    return "in" if form.endswith(_IN_ENDS.get(lang, ())) else None
