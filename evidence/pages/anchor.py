"""The page's own date: the anchor for years a date phrase leaves out, never an item's date.

A news page says "the info day was held on 20 October" and, in its by-line, "Submitted
by ... on 22 October 2021": the event's year is the one that puts 20 October nearest
the day the page was published. This module finds that day (`page_anchor`), picks the
year (`pick_year`), and tells the importer which dates in the text are the page's own
(`publication_spans`), so that a by-line never becomes an event.

What counts as the page's date, strongest first:
1. the date in the HTML's markup (htmldate, passed in as `html_date`);
2. a date after a publication cue on the same line ("Published:", "Posted on",
   "Submitted by X on", "Veröffentlicht am", "Publikováno", "Zveřejněno", "Publikované",
   "Opublikowano", "Dodano", ...), or on the line under a cue standing alone ("Meldung");
   a press release's dateline ("Praha, 28. srpna 2024 – <the first sentence>");
3. a date standing alone on its own line near the top of the page (the first 10 lines,
   600 characters), with at most a weekday, a time or a news label beside it, unless
   the page has several such lines (then they head a list of dated items); a by-line
   ("05.03.2019 | Redaktion") likewise, unless several lines open with a date and a bar;
4. a copyright line with a single year ("© 2016"): a year, no day, and said so.
"Updated"/"Stand:" dates are the page's too (never items) but are no anchor: a page
may be updated years after the events it reports; so are "Created" properties (Notion's
database export, a public office's "Data wytworzenia") and a cued month ("Fecha de
edición: febrero de 2026": a page is published on a day, its month is no anchor).

The dates themselves are read by `dates.find_dates`: a cue only says whose date it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..precision import unit_end
from .dateforms import CLOCK_TIME, weekday_before
from .dates import DateSpan, find_dates
from .months import weekday_pattern

TOP_LINES = 10
TOP_CHARS = 600
# A year the anchor may move to: the nearest of anchor year - 1, + 0, + 1 within this (a
# quarter: further away, a past report and a coming event are equally likely).
MAX_DISTANCE_DAYS = 92

# Galician "o", Albanian "më" ("Publikuar më: 12.03.2027")
_PREP = r"(?:on|am|vom|dne|dňa|dnia|le|el|il|em|o|op|den|the|на|më)"
# What names a press release, in the languages of cluster pages: a cue whose date is the
# release's (`_PUBLISHED`), and a heading with the release's dateline under it
# (`_release_above`).
_PRESS_RELEASE = (
    r"press(?:\s+|-)?release|media\s+release|news\s+release|for\s+immediate\s+release"
    r"|pressemitteilung|presseinformation|pressemeldung|medienmitteilung"
    r"|tisková\s+zpráva|tlačová\s+správa|komunikat\s+prasowy|informacja\s+prasowa"
    r"|communiqué\s+de\s+presse|comunicato\s+stampa|nota\s+de\s+prensa|comunicado\s+de\s+imprensa"
    r"|persbericht|pressmeddelande|pressemeddelelse|pressemelding|tiedote|lehdistötiedote"
    r"|sajtóközlemény|comunicat\s+de\s+presă|sporočilo\s+za\s+javnost|sporočilo\s+za\s+medije"
    r"|priopćenje|pressiteade|pranešimas\s+spaudai|preses\s+relīze"
    r"|comunicado\s+de\s+prensa|nota\s+de\s+imprensa|nota\s+de\s+premsa|prentsa\s+oharra"
    r"|δελτ[ιί]ο\s+τ[υύ]που|ανακο[ιί]νωση|прессъобщение|прес-реліз|пресс-релиз|саопштење"
    r"|соопштение|basın\s+bülteni|njoftim\s+për\s+shtyp|fréttatilkynning"
    r"|stqarrija\s+għall-istampa|preaseisiúint|(?:presse)?communiqu[ée]|saop[sš]tenje|saopćenje"
)
_PUBLISHED = (
    # English
    r"published|posted|submitted|publication\s+date"
    r"|date\s+of\s+publication|date\s+published|release\s+date|embargoed\s+until"
    # German
    r"|veröffentlicht|erschienen|publiziert|eingestellt|meldung"
    r"|nachricht|artikel|datum\s+der\s+veröffentlichung"
    # Czech and Slovak
    r"|publikováno|zveřejněno|vloženo|přidáno|vydáno|datum\s+zveřejnění|datum\s+publikace"
    r"|publikované|zverejnené|uverejnené|pridané|vložené"
    r"|dátum\s+zverejnenia|dátum\s+publikovania"
    # Polish
    r"|opublikowano|opublikowany|dodano|data\s+publikacji|data\s+dodania"
    # a few more European languages, for pages in none of the above
    r"|publiée?s?|mis\s+en\s+ligne|publicado|pubblicato|gepubliceerd|objavljeno|közzétéve"
    r"|megjelent|publicerad|publiceret|julkaistu|publicat|date\s+de\s+publication"
    r"|fecha\s+de\s+publicación|data\s+(?:di\s+)?pubblicazione|datum\s+objave"
    r"|fecha\s+de\s+edición|data\s+de\s+edição|data\s+d['’]edició|date\s+d['’]édition"
    r"|paskelbta|publikuota|publicēts|avaldatud|publisert|публикувано|публикуван[ао]?"
    r"|δημοσιεύθηκε|δημοσίευση|ημερομηνία\s+δημοσίευσης|ανάρτηση|αναρτήθηκε"
    r"|közzététel\s+dátuma|megjelenés\s+dátuma|datum\s+vydání|објављено"
    r"|yay[ıi]n\s+tarihi|yay[ıi][nm]lanma\s+tarihi"
    # the languages `months` reads by their full names only
    r"|опубліковано|опубликовано|објавено|foilsithe|ippubblikat[a]?|publikuar|cyhoeddwyd|birt"
    # Chinese, Japanese, Korean, Hebrew, Arabic ("公告日期：2026-02-06", "掲載日")
    r"|公告日期：?|發布日期：?|发布日期：?|發布時間：?|发布时间：?|掲載日：?|등록일|작성일|게시일|פורסם|תאריך\s+פרסום"
    r"|نُشر|نشر\s+في|تاريخ\s+النشر|تاریخ\s+انتشار|منتشر\s+شده"  # Arabic, Persian
    # a press release: its date is the release's
    rf"|{_PRESS_RELEASE}"
)
_UPDATED = (
    r"updated|last\s+(?:updated|modified|changed)|aktualisiert|zuletzt\s+(?:geändert|aktualisiert)"
    r"|stand(?=\s*:)|aktualizováno|aktualizace|aktualizované|naposledy\s+(?:upraveno|upravené)"
    r"|aktualizácia"  # Slovak "Posledná aktualizácia: 14. 1. 2025"
    r"|zaktualizowano|aktualizacja|ostatnia\s+aktualizacja|mis\s+à\s+jour|actualizado"
    r"|aggiornato|bijgewerkt|oppdatert|обновено|актуализирано|ενημερώθηκε|atjaunināts"
    r"|aktualisierung|(?:última\s+)?actualización|utolsó\s+módosítás|módosítva|frissítve"
    r"|mise\s+à\s+jour|(?:son\s+)?güncelleme(?:\s+tarihi)?|güncellendi|ажурирано"
    r"|darrera\s+(?:actualització|modificació)|actualitzat|última\s+(?:edição|edición|modificação)"
    r"|last\s+edited|edited|ultima\s+modifica"
    # when the page or its database entry was made (Notion's "Created", a Polish BIP
    # page's "Data wytworzenia"): a property of the page, never an activity's day
    r"|created|date\s+created|criado|creado|creato|erstellt|vytvořeno|vytvorené|utworzono"
    r"|data\s+wytworzenia|data\s+utworzenia|créé|aangemaakt|skapad|oprettet|luotu"
)
# "më: " too; Notion's "@" before a date property ("Criado | @27 de novembro de 2026")
_TAIL = rf"\s*(?:[:|(\-–—]\s*)?(?:{_PREP}(?:\s+|\s*:\s*))?(?:the\s+)?@?$"
# "Submitted by Jane Doe on", "Posted in News on": a by-line up to its "on".
_BYLINE = r"(?:posted|published|submitted|written|added|created)\s+(?:by|in)\s+[^\n]{1,80}?\s+on"
_PUBLISHED_CUE = re.compile(rf"(?<!\w)(?:{_BYLINE}|(?:{_PUBLISHED})){_TAIL}", re.IGNORECASE)
_UPDATED_CUE = re.compile(rf"(?<!\w)(?:{_UPDATED}){_TAIL}", re.IGNORECASE)
# Words that may stand beside the page's date on its line: a news label.
# (`_LABEL` adds the publication cues, press releases among them.)
_LABELS = (
    r"news|article|blog|aktuelles|aktuality|aktualita|novinky|novinka|článek|článok|správy"
    r"|správa|aktualności|wiadomości"
)
_LABEL = re.compile(rf"(?<!\w)(?:{_LABELS}|{_PUBLISHED})(?!\w)", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?P<year>(?:19|20)\d{2})(?![\d\s]*[-–—/]\s*\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Anchor:
    """The page's own date: `day` when known, else only its `year`.

    `source` says in words where it was read ("the page's publication date 22 October
    2021"), for the draft record's note; `offset` is where in the text (None: the HTML's
    markup).
    """

    day: date | None
    year: int | None
    source: str
    offset: int | None


def _line(text: str, offset: int) -> tuple[int, int]:
    """The line around `offset`, looked for at most 1,000 characters either way (a longer
    line holds no date standing alone, and a page of one long line stays linear)."""
    low = max(0, offset - 1000)
    start = text.rfind("\n", low, offset)
    end = text.find("\n", offset, offset + 1000)
    return (start + 1 if start >= 0 else low), (end if end >= 0 else min(len(text), offset + 1000))


@lru_cache(maxsize=1)
def _weekday_tail() -> re.Pattern[str]:
    """A weekday right before a date, which may stand between a cue and its date."""
    return re.compile(rf"{weekday_before()}$")


def _alone(text: str, span: DateSpan) -> bool:
    """The date stands alone on its line: beside it at most a weekday, a time, a label."""
    start, end = _line(text, span.offset)
    rest = text[start : span.offset] + " " + text[span.offset + len(span.text) : end]
    if len(rest.strip()) > 60:  # more than a weekday, a time and a label
        return False
    rest = weekday_pattern().sub(" ", CLOCK_TIME.sub(" ", rest))
    rest = _LABEL.sub(" ", rest)
    return not re.search(r"\w", rest)


# "05.03.2019 | Redaktion", "Jana Nováková · 4. 4. 2016": a date and a name, set apart.
_NAME = r"[^\W\d_][\w.'-]{0,40}(?:\s{1,3}[^\W\d_][\w.'-]{0,40}){0,3}"


def _byline(text: str, span: DateSpan) -> bool:
    """The date's line is a by-line: the date and, set apart by a bar or a dot, a name.

    A post has one day, so a range is no by-line; nor is a row of a table ("Okres
    realizacji | 01.03.2024 – 28.02.2027", "Začiatok realizácie | 01.07.2023"), whose
    label reads like a name: a line with a bar next to another with one is a table's.
    """
    if span.start != span.end:
        return False
    start, end = _line(text, span.offset)
    if _table_row(text, start, end):
        return False
    before = text[start : span.offset].strip()
    after = text[span.offset + len(span.text) : end].strip()
    if (before and after) or len(before + after) > 60:
        return False
    if before:  # "Jana Nováková · 4. 4. 2016": the name before the date
        return bool(re.fullmatch(rf"{_NAME}\s{{0,3}}[|·•/–—]", before))
    return bool(re.fullmatch(rf"[|·•/–—]\s{{0,3}}{_NAME}", after))


def _table_row(text: str, start: int, end: int) -> bool:
    """The line from `start` to `end` and the line above or below it both hold a bar."""
    if "|" not in text[start:end]:
        return False
    above = text[text.rfind("\n", 0, max(0, start - 1)) + 1 : max(0, start - 1)]
    below_end = text.find("\n", end + 1)
    below = text[end + 1 : below_end if below_end >= 0 else len(text)]
    return (start > 0 and "|" in above) or (end < len(text) and "|" in below)


# A press release's dateline: "Praha, 28. srpna 2024 – The association invites ...": a
# place (a few words, the first capitalised) and a comma before the date, a dash and the
# paragraph's first sentence after it. (A short line "Brno, 12. 11. 2025 – Matchmaking
# Day" is an event list's line, not a dateline.)
# "Praha, ", "DRESDEN, Germany, ": a place, its country after a comma too
_DATELINE_PLACE = re.compile(r"[^\W\d_][\w.'-]{1,30}(?:,?[ \t]{1,2}[\w.'-]{1,30}){0,3},[ \t]{1,3}")
# "2024. –": Croatian year dot; "14 February 2022 /PRNewswire/ -- ": a wire's name, two hyphens
_DATELINE_DASH = re.compile(r"\.?(?:[ \t]{1,3}/[^/\n]{2,30}/)?[ \t]{0,3}(?:--|[–—-])[ \t]{1,3}\S")
DATELINE_SENTENCE = 80  # characters of prose after the dash, at least
# Under a press release's heading, a place alone with its date needs no comma and may
# take the language's "in" and "on": "Bratislava 2. februára 2027", "V Českých
# Budějovicích dne 7. 12. 2026", "Clermont-Ferrand, le 8 septembre 2026"; a few words
# without digits, the first capitalised (`_dateline` checks it).
_RELEASE_PLACE = re.compile(
    r"[^\W\d_][\w.'-]{0,30}(?:,?[ \t]{1,3}[^\W\d_][\w.'-]{0,30}){0,4},?[ \t]{1,3}"
)


def _dateline(text: str, span: DateSpan) -> int | None:
    """Where the dateline that `span` ends starts, or None when it is not one."""
    start, end = _line(text, span.offset)
    after = span.offset + len(span.text)
    place = _DATELINE_PLACE.fullmatch(text, start, span.offset)
    alone = not text[after:end].strip(" \t.–—-")
    if alone and _RELEASE_PLACE.fullmatch(text, start, span.offset) and text[start].isupper():
        # "Pressemitteilung / Dresden, 14.02.2022 / <the release>"
        return start if _release_above(text, start) else None
    if place is None or not text[start].isupper():
        return None
    dash = _DATELINE_DASH.match(text, after, end)
    if dash and end - dash.end() >= DATELINE_SENTENCE:
        return start
    return None


# What heads a press release.
_RELEASE = re.compile(rf"(?i:{_PRESS_RELEASE})")


def _release_above(text: str, start: int) -> bool:
    """A line that names a press release ("Pressemitteilung", "Press release: ...")
    stands above `start`, at the top of the page: a place and a date alone on the line
    under it is the release's dateline. (Under an event's title the same line is the
    event's place and day.)"""
    if start > TOP_CHARS:
        return False
    return any(
        len(line.strip()) <= 80 and _RELEASE.search(line) for line in text[:start].splitlines()
    )


def _led_lines(text: str, spans: list[DateSpan]) -> set[int]:
    """Dates that open their line before a bar or a dash ("18.09.2025 | Netzwerktreffen"),
    when at least two lines do so: a list of dated items, not a by-line."""
    led: set[int] = set()
    for span in spans:
        start, end = _line(text, span.offset)
        rest = text[span.offset + len(span.text) : end].lstrip()
        if not text[start : span.offset].strip() and rest[:1] in ("|", "·", "•", "–", "—"):
            led.add(span.offset)
    return led if len(led) > 1 else set()


def _cue_line_above(text: str, span: DateSpan) -> bool:
    """The line above the date's is a publication cue alone ("Meldung", "Published:")."""
    start, _ = _line(text, span.offset)
    if start == 0:
        return False
    above_start, _ = _line(text, start - 1)
    above = text[above_start : start - 1].strip(" \t•·▪‣*-–")  # a definition list's bullets
    cue = above.rstrip(" :|")
    labelled = _LABEL.fullmatch(cue) or _UPDATED_CUE.match(cue)
    return bool(above) and len(above) <= 40 and bool(labelled)


def _classified(
    text: str, cards: bool = False, events: frozenset[date] = frozenset()
) -> list[tuple[str, DateSpan, int]]:
    """The page's own dates: ("published" | "top" | "updated", span, start of its cue).
    `cards`: the text is a listing's cards (`html.extract`), whose top date is a card's;
    `events`: the days the page's event markup states (an event page's date line under
    its title, "Sábado, 7 de novembro de 2026", is the event's day, not the page's)."""
    found: list[tuple[str, DateSpan, int]] = []
    spans = find_dates(text)
    alone = {s.offset for s in spans if s.start == s.end and _alone(text, s)}
    # several lines that are a date alone (ranges too: "25–27 MAR 2025") head a list of
    # dated items, none of them the page's date; but one range line below a date right
    # under the page's title is an event the article names ("Cluster publishes its annual
    # report / 12 March 2025 / ... / Smart Automation Austria / 20–22 May 2025"), where
    # under a section's name ("Agenda / Webinar / 12 MAR 2025 / ...") it is a list's
    lines = {s.offset for s in spans if s.offset in alone or _alone(text, s)}
    listed_lines = len(alone) > 1 or len(lines) > 2
    led = _led_lines(text, spans)
    # a press release has one dateline; several lines "Place, date – sentence" are a
    # list of events, each its own item
    datelines = {s.offset: _dateline(text, s) for s in spans if s.start == s.end}
    datelines = {k: v for k, v in datelines.items() if v is not None}
    if len(datelines) > 1:
        datelines = {}
    for span in spans:
        start, _ = _line(text, span.offset)
        if span.precision != "day":  # a page is published on a day: "in 2009" is history,
            # but "Cyhoeddwyd: Gorffennaf 2026", "Fecha de edición: febrero de 2026" is the
            # page's month: no anchor, never an item
            cue = _PUBLISHED_CUE.search(text, start, span.offset) or _UPDATED_CUE.search(
                text, start, span.offset
            )
            if cue and span.offset - start <= 60:
                found.append(("updated", span, cue.start()))
            continue
        before = text[max(start, span.offset - 120) : span.offset]
        weekday = _weekday_tail().search(before, max(0, len(before) - 16))
        before = before[: weekday.start()] if weekday else before  # "... on Mon, 06/10/2024"
        cue = _PUBLISHED_CUE.search(before)
        if cue:
            found.append(("published", span, span.offset - len(before) + cue.start()))
            continue
        cue = _UPDATED_CUE.search(before)
        if cue:
            found.append(("updated", span, span.offset - len(before) + cue.start()))
            continue
        if span.offset in alone and _cue_line_above(text, span):
            found.append(("published", span, span.offset))
            continue
        dateline = datelines.get(span.offset)
        if dateline is not None:
            found.append(("published", span, dateline))
            continue
        top = span.offset < TOP_CHARS and text.count("\n", 0, span.offset) < TOP_LINES
        under_title = "\n" not in text[: span.offset].strip()
        listed = listed_lines or (len(lines) == 2 and not under_title)
        if top and alone == {span.offset} and not listed and not cards and span.start not in events:
            found.append(("top", span, span.offset))
        elif top and span.offset not in led and _byline(text, span):
            found.append(("published", span, _line(text, span.offset)[0]))
    return found


def publication_spans(
    text: str, *, cards: bool = False, events: frozenset[date] = frozenset()
) -> list[tuple[int, int]]:
    """Character ranges (start, end) of the page's own dates and their cues: publication
    and update dates, by-lines, a date alone at the top; never the dates of items."""
    own = _classified(text, cards, events)
    ranges = [(cue, span.offset + len(span.text)) for _, span, cue in own]
    for m in _COPYRIGHT.finditer(text):
        ranges.append((m.start(), m.end()))
    return sorted(ranges)


def page_anchor(
    text: str,
    *,
    html_date: date | None = None,
    cards: bool = False,
    events: frozenset[date] = frozenset(),
) -> Anchor | None:
    """The page's date for years a date phrase leaves out, or None when the page has none."""
    if html_date is not None:
        source = f"the page's publication date {html_date.isoformat()} (in its HTML)"
        return Anchor(html_date, html_date.year, source, None)
    own = _classified(text, cards, events)
    for wanted in ("published", "top"):
        for kind, span, _ in own:
            if kind != wanted:
                continue
            where = (
                "the page's publication date" if kind == "published" else "the date atop the page"
            )
            source = f"{where} {span.text!r}"
            if span.precision == "day":
                return Anchor(span.start, span.start.year, source, span.offset)
            return Anchor(None, span.start.year, source, span.offset)
    years = {int(m.group("year")) for m in _COPYRIGHT.finditer(text)}
    if len(years) == 1:
        m = next(_COPYRIGHT.finditer(text))
        return Anchor(None, years.pop(), f"the page's copyright line {m.group(0)!r}", m.start())
    return None


# "This year" after a date without one: Polish "br." (bieżącego roku), Czech and Slovak
# "t. r." (tohoto/tohto roku), German "d. J." (dieses Jahres), Croatian "o. g.",
# Slovenian "t. l.", Lithuanian "š. m.", Latvian "š. g.", Romanian "a.c.", Italian "c.a.",
# and the words in full: the year of the page's own date, however far the day.
_THIS_YEAR = re.compile(
    r"[^\S\n]{1,3}(?:b\.?\s?r\.|t\.\s?r\.|d\.\s?J\.|o\.\s?g\.|t\.\s?l\.|š\.\s?m\.|š\.\s?g\."
    r"|a\.\s?c\.|c\.\s?a\.|(?i:this\s+year|dieses\s+Jahres|tego\s+roku|tohoto\s+roku"
    r"|tohto\s+roku|de\s+este\s+año|del\s+corrente\s+anno|de\s+cette\s+année)(?!\w))"
)


def this_year(text: str, end: int, anchor: Anchor | None) -> int | None:
    """The anchor's year where the words after a yearless date (ending at `end`) say
    "this year" ("8-9 czerwca br.", "w listopadzie br."): a pick by distance
    (`pick_year`) gives up on a day more than a quarter away."""
    if anchor is None or anchor.year is None or not _THIS_YEAR.match(text, end):
        return None
    return anchor.year


def pick_year(month: int, day: int | None, anchor: Anchor) -> int | None:
    """The year that puts (month, day) nearest the anchor's day, within a quarter either
    way ("20 October" on a page of 22 October 2021 -> 2021; "15 January" on a page of 20
    November 2021 -> 2022); None when no year does (a news page of October naming "20
    March" may report the last one or announce the next: the year is not the page's to
    give). Without the anchor's day, its year. A month without a day is measured from
    its nearest day ("v březnu" on a page of 7 December is next March: its 1st is 84
    days away, though its middle is 98)."""
    if anchor.day is None:
        return anchor.year
    best: tuple[int, int] | None = None
    for year in (anchor.day.year - 1, anchor.day.year, anchor.day.year + 1):
        try:
            first = date(year, month, day if day is not None else 1)
        except ValueError:  # 29 February in a common year
            continue
        last = first if day is not None else unit_end(first, "month")
        distance = max((first - anchor.day).days, (anchor.day - last).days, 0)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best is not None and best[0] <= MAX_DISTANCE_DAYS else None


def publication_dates(
    text: str, *, cards: bool = False, events: frozenset[date] = frozenset()
) -> list[tuple[int, date, str]]:
    """Every publication date the page states (offset, day, its words): one per item on
    a news list, where each item's implied years are its own."""
    return [
        (span.offset, span.start, span.text)
        for kind, span, _ in _classified(text, cards, events)
        if kind in ("published", "top")
    ]
