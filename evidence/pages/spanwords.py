"""The words that join a span's two dates, one table per language.

A span is "<from> DATE <to> DATE" ("od 3. do 5. března", "von Januar bis Dezember",
"από τις 11 έως τις 13 Μαρτίου"), "DATE – DATE", or "<between> DATE <and> DATE"
("entre le 3 et le 5 mars", "între 3 și 5 martie"), or "DATE <and> DATE <between>"
(Hungarian "január 1. és december 31. között"). Only the words differ from language to
language, so they are data here and `dateforms` builds its patterns from them: a
language that writes its spans so needs a line in these tables, not a new pattern.

Kept apart from `dateforms` (the patterns) so that the tables read as tables:

- `FROM`: words that open a span (its start follows);
- `TO`: words that lead to its end; "until" alone before a date is a deadline
  (`roles`), so a `TO` word makes a span only between two dates;
- `AND`: "and", which makes a span only after a `FROM` word ("between") or before a
  `CLOSE` word; "5 and 19 March" alone stays a list of days (`dates`);
- `ARTICLES`: an article a `FROM`/`TO`/`AND` word may take before the date ("du 3 au
  5", "entre el 3 y el 5", "έως τις 13", "til den 5.");
- `CLOSE`: words after the end that make an "and" a span (Hungarian "között").
- `STARTED`, `ENDED`: a start and an end told as verbs ("begann im Januar 2022 und
  endet im Dezember 2024", "a démarré en ... et se terminera en ..."); an `ENDED` verb
  follows an "and", so it makes a span only after a `STARTED` verb or a `FROM` word.

A space in an entry stands for the blanks between words; "'" for both apostrophes; a
word that ends in a hyphen is written onto its number (Maltese "mill-20 sal-22").
"""

from __future__ import annotations

import re

FROM = {
    "en": "from|between",
    "cs": "od|mezi",
    "sk": "od|medzi",
    "pl": "od|między",
    "de": "von|vom|zwischen",
    "fr": "du|de|entre",
    "it": "dal|dall'|da|tra|fra",
    "es": "del|desde|entre|de",
    "pt": "de|desde|entre",
    "nl": "van|tussen",
    "sv": "från|mellan",
    "da": "fra|mellem",
    "nb": "fra|mellom",
    "et": "alates",
    "lv": "no",
    "lt": "nuo|tarp",
    "hr": "od|između",
    "sl": "od|med",
    "ro": "din|de la|între",
    "bg": "от|между",
    "el": "από|μεταξύ",
    "ca": "del|de|des de|entre",
    "gl": "do|dende|desde|entre",
    "uk": "з|від|між",
    "ru": "с|от|между",
    "mt": "mill-|minn",
    "ga": "ó|idir",
    "cy": "rhwng",
    "ar": "من|بين",
    "he": "מ-|בין",
}
TO = {
    "en": "to|till|until|through",
    "cs": "do|až",
    "sk": "do|až",
    "pl": "do",
    "de": "bis",
    "fr": "au|à|jusqu'au|jusqu'à",
    "it": "al|all'|a|ad|fino al|fino a",
    "es": "al|a|hasta",
    "pt": "a|até|ao",
    "nl": "tot en met|t/m|tot",
    "sv": "till",
    "da": "til",
    "hu": "tó",
    "et": "kuni",
    "lv": "līdz",
    "lt": "iki",
    "ro": "până la|până în|până",
    "bg": "до",
    "el": "έως|μέχρι|ως",
    "ca": "al|a|fins al|fins a",
    "gl": "ao|a|ata",
    "uk": "по|до",
    "ru": "по|до",
    "mt": "sal-|sa",
    "ga": "go dtí|go",
    # Welsh "ar 1 Hydref 2025 a bydd yn para tan 30 Medi 2027" ("and will last until")
    "cy": "tan|hyd at|a bydd yn para tan|ac yn para tan|a barhaodd tan",
    "ar": "إلى|الى|حتى",
    "he": "עד",
}
AND = {
    "en": "and|&",
    "de": "und",
    "cs": "a",
    "pl": "i|oraz",
    "fr": "et",
    "es": "y|e",
    "it": "e",
    "nl": "en",
    "hu": "és",
    "ro": "și",
    "fi": "ja",
    "lv": "un",
    "lt": "ir",
    "sv": "och",
    "da": "og",
    "bg": "и",
    "el": "και",
    "ga": "agus",
    "cy": "a|ac",
    "ar": "و",
    "he": "ו-",
}
ARTICLES = {
    "en": "the",
    "de": "dem|den|zum",
    "da": "den",
    "fr": "le",
    "es": "el",
    "it": "il|l'",
    "el": "τις|τον|την|το",
}
CLOSE = {"hu": "között", "fi": "välillä|välisenä aikana"}
# A start and an end told as verbs: "began in January 2022 and ends in December 2024".
# `STARTED` opens the span as `FROM` does; `ENDED` follows the `AND` word before its end.
STARTED = {
    "en": "started in|started on|starting in|starting on|starting from|began in|began on"
    "|ran from|running from|runs from|run from",
    "de": "begann im|begann am|beginnt im|beginnt am|startete im|startete am|startet im|startet am",
    "fr": "a démarré en|a démarré le|a débuté en|a débuté le|a commencé en|a commencé le"
    "|démarre en|démarre le|débute en|débute le",
    "es": "comenzó en|comenzó el|empezó en|empezó el|se inició en|se inició el|arrancó en"
    "|arrancó el",
    "pt": "começou em|iniciou em|arrancou em|teve início em|tem início em|com início em|início em",
    "it": "avviato a|avviato ad|avviato il|avviato nel|avviata a|avviata ad|avviata il"
    "|avviata nel|iniziato a|iniziato il|iniziato nel|iniziata a|iniziata il|iniziata nel"
    "|partito a|partito il|partito nel|partita a|partita il|partita nel|avviato nell'"
    "|avviata nell'|iniziato nell'|iniziata nell'",
    "pl": "rozpoczął się w|rozpoczęła się w|rozpoczęło się w|ruszył w|ruszyła w",
    "cs": "začal v|začal ve|začala v|začala ve|začalo v|začalo ve|zahájen v|zahájena v",
    "nl": "startte in|startte op|begon in|begon op|gestart in|gestart op",
}
ENDED = {
    "de": "endet im|endet am|endete im|endete am|endet mit",
    "fr": "se termine en|se termine le|se terminera en|se terminera le|s'achève en"
    "|s'achèvera en|prend fin en|prendra fin en|s'est terminé en|s'est achevé en",
    "es": "finaliza en|finalizará en|finalizó en|termina en|terminará en|terminó en"
    "|concluye en|concluirá en|concluyó en|finaliza el|finalizará el|termina el|terminará el",
    "pt": "termina em|terminará em|terminou em|conclui em|concluirá em|concluiu em"
    "|conclusão em|conclusão prevista em|fim em|termo em",
    "pl": "zakończy się w|zakończył się w|zakończyła się w|kończy się w",
    "cs": "skončí v|skončí ve|skončil v|skončil ve|skončila v|skončila ve|končí v|končí ve",
    "nl": "eindigt in|eindigt op|eindigde in|eindigde op|loopt af in",
}


def words(table: dict[str, str]) -> list[str]:
    """Every word of a table, once, longest first (so "tot en met" is tried before "tot")."""
    found = {w for entry in table.values() for w in entry.split("|")}
    return sorted(found, key=lambda w: (-len(w), w))


def alternation(
    table: dict[str, str], space: str = r"\s{1,3}", leave_out: frozenset[str] = frozenset()
) -> str:
    """The table's words (but `leave_out`) as a regex alternation; `space` between a
    phrase's words."""
    parts = []
    for word in words(table):
        if word in leave_out:
            continue
        rx = re.escape(word).replace(r"\ ", space).replace("'", "['’]")
        parts.append(rx)
    return "|".join(parts)


def plain(table: dict[str, str]) -> frozenset[str]:
    """The table's one-word entries, in lower case (to compare a matched word)."""
    return frozenset(w for w in words(table) if " " not in w)
