"""Lists of other articles on a news page ("Latest news", "Weitere Meldungen"): not items.

A news page shows, beside or under its article, a list of the site's other articles,
each with the day it was posted: "Latest news / 21 November 2024 / New member joins".
Those are publication dates of other pages, never events, yet each line looks like an
event list's ("18. 2. 2025 – Inovačný deň"). What tells them apart is the list's name:
"Upcoming events" lists events, "Latest news", "Další aktuality", "Zobacz również" list
articles. `news_list_spans` finds such a named list (its name the first line of a block,
the dated lines under it in the same block or in the blocks right after, each opening
with a date, or a list point closing with one) so that the importer blanks it, as it
blanks a by-line. A block of such a list that goes on to date its own news ("News / 6
March 2024 / Recap: Twin Day / ... joined on 29 February") is a teaser of a page that
is itself the list: only its posting day is blanked (`teaser_dates`, which also dates
the years its text leaves out).
"""

from __future__ import annotations

import re

from .dates import find_dates, find_partial_dates

# The names sites give a list of their articles, in the languages of cluster pages; a
# list of events ("Upcoming events", "Termine", "Nadchádzajúce podujatia") is not one.
_ARTICLES = (
    r"news|articles?|posts|stories|aktuality|aktualit[ay]|novinky|zprávy|články|správy|články"
    r"|meldungen|nachrichten|beiträge|artikel|aktuelles|aktualności|wiadomości|artykuły|wpisy"
    r"|actualités|nouvelles|noticias|notizie|articoli|nieuws|berichten|notícias|artigos"
    r"|nyheter(?:na)?|uutiset|știri|noutăți|articole|vijesti|novosti|naujienos|hírek|novice"
    r"|haberler|duyurular"  # Turkish
    # Japanese, Chinese, Korean, Arabic, Hebrew ("お知らせ", "最新消息", "공지사항", "آخر الأخبار")
    r"|お知らせ|新着情報|ニュース|最新消息|最新公告|消息|公告|新聞|新闻|공지사항|소식|뉴스"
    r"|الأخبار|أخبار|חדשות|עדכונים"
)
_QUALIFIERS = (
    r"latest|recent|more|other|related|further|older|previous|další|nejnovější|související"
    r"|poslední|ostatní|najnovšie|ďalšie|súvisiace|posledné|weitere|aktuelle|neueste|ähnliche"
    r"|verwandte|najnowsze|ostatnie|inne|powiązane|dernières|autres|últimas|otras|ultime"
    r"|altre|meer|laatste|ander|gerelateerd|outras|senaste|fler|relaterade|uusimmat|muut"
    r"|ultimele|alte|najnovije|ostale|povezane|naujausios|kitos|legfrissebb|további"
    r"|kapcsolódó|najnovejše|sorodne|ostale|son|diğer|آخر|أحدث"
)
_SEE_ALSO = (
    r"see\s+also|read\s+also|you\s+may\s+also\s+like|zobacz\s+(?:również|także)|czytaj\s+także"
    r"|à\s+lire\s+aussi|voir\s+aussi|leggi\s+anche|lees\s+ook|leia\s+também|läs\s+också"
    r"|lue\s+myös|citește\s+și|pročitajte\s+(?:i|također)|taip\s+pat\s+skaitykite"
    r"|přečtěte\s+si\s+také|prečítajte\s+si\s+aj|lesen\s+sie\s+auch|mehr\s+zum\s+thema"
)
_LABEL = re.compile(
    rf"(?i:(?:(?:{_QUALIFIERS})\s+)?(?:{_ARTICLES})(?:\s+(?:{_QUALIFIERS}|archive|archiv))?"
    rf"|(?:{_ARTICLES})\s+(?:relacionadas|correlate|correlati|relacionados|récentes)"
    rf"|{_SEE_ALSO})\s*:?"
)


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block of non-blank lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text)]


def _opens_with_date(line: str) -> bool:
    """The line opens with a date ("18. 2. 2025 – Inovačný deň"), or a list point closes
    with one ("- Five questions to ask before buying a cobot (2 Oct 2026)", "• Quattro
    nuovi soci 15/09/2026"): either way an article's posting day."""
    spans = find_dates(line)
    if not spans:
        return False
    last = spans[-1]
    closes = line[:1] in _BULLETS and not line[last.offset + len(last.text) :].strip(" )].")
    return closes or not line[: spans[0].offset].strip().lstrip("".join(_BULLETS)).strip()


_BULLETS = frozenset("-•·*–▪‣")


def news_list_spans(text: str) -> list[tuple[int, int]]:
    """The ranges of the dated lines of every named list of articles on the page."""
    return _spans(text)[0]


def teaser_dates(text: str) -> list[tuple[int, int]]:
    """The posting-date lines of the teasers in such a list that date their news in
    their text ("News / 6 March 2024 / Recap / ... joined on 29 February"): each the
    publication date of the teaser under it."""
    return _spans(text)[1]


def _spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    out: list[tuple[int, int]] = []
    teasers: list[tuple[int, int]] = []
    blocks = _blocks(text)
    for i, (start, end) in enumerate(blocks):
        first_end = text.find("\n", start, end)
        first_end = end if first_end < 0 else first_end
        if not _LABEL.fullmatch(text[start:first_end].strip()):
            continue
        rest = text[first_end:end]
        if rest.strip():
            lines = [x for x in rest.splitlines() if x.strip()]
            if any(_opens_with_date(x.strip()) for x in lines):
                out.append((first_end, end))
            continue
        for b_start, b_end in blocks[i + 1 :]:  # the name alone, the list in blocks below
            block = text[b_start:b_end]
            if not _opens_with_date(block.strip()):
                break
            first = block.find("\n")
            rest = block[first:] if first >= 0 else ""
            listed = all(_opens_with_date(x.strip()) for x in block.splitlines() if x.strip())
            if not listed and (find_dates(rest) or find_partial_dates(rest)):  # a teaser
                out.append((b_start, b_start + first))  # dating its news ("News" over a
                teasers.append(out[-1])  # list of them): its posting day only; a block
                continue  # whose every line opens with a date is the list itself
            out.append((b_start, b_end))
    return out, teasers
