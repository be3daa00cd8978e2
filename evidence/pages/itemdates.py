"""Which dates of a page item make records, and where a year the phrase leaves out comes from.

An item (a heading and the text under it, or a whole news article) can name several
dates. An assessor counts the days something happened: the item's heading date when the
heading is dated (a list of news, one record per heading), else every date in the text
that is not a publication date, a deadline, a call, a founding date or the date of a
source (`roles`), so that an article reporting two meetings gives two drafts. A year
alone ("im Jahr 2019") is used only when the item names nothing finer: a page that
gives a project's months also names the programme's years, which are not the project's.

A phrase without a year ("held on 20 October", "1. 4.") takes its year from the page:
the date the HTML's event markup states for that day and month (`markup`), the
publication date (the year that puts the day nearest to it), else the one year its
sentence or the item's heading names, else the one year the whole page names (an event's
name, a deadline, another date). The record says where the year came from. Where the
page names no year, or several that fit, the phrase is reported and never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .anchor import Anchor, pick_year, publication_dates, this_year
from .cancelled import status_roles
from .dates import DateSpan, PartialDate, find_dates, find_partial_dates, resolve
from .eventwords import EVENT_WORDS, names_an_event
from .markup import markup_year
from .months import weekday_alternation
from .newsletter import dated_line, issue_at, issue_line, paragraph_of
from .quoted import YEAR
from .quoted import years as named_years
from .roles import SOURCE, date_role, sentence_around
from .sections import SECTION_WORDS, heading_year, month_headings, month_lines, weekday_days
from .split import PageItem


@dataclass(frozen=True)
class PageContext:
    """What the whole page says that an item's dates may need."""

    anchor: Anchor | None
    years: frozenset[int]  # every year the page names, outside source references
    published: tuple[tuple[int, date, str], ...] = ()  # every publication date, in order
    title: tuple[int, str] | None = None  # the one year of the page's title, and the title
    markup: tuple[date, ...] = ()  # the days the HTML's event markup states (`markup`)
    teasers: bool = False  # the items are a news list's teasers (`teaser_list`)
    call: bool = False  # the page announces a funding call (`eventwords.funding_call`)
    issue: tuple[date, str] | None = None  # a newsletter's issue month (its 15th) and words
    months: tuple[tuple[int, date, str], ...] = ()  # a listing's month headings (`sections`)


@dataclass
class ItemDates:
    spans: list[DateSpan] = field(default_factory=list)  # the dates that make records
    left_out: list[str] = field(default_factory=list)  # "'30 November' is a deadline"
    yearless: list[str] = field(default_factory=list)  # phrases whose year is not on the page


def page_context(
    text: str,
    anchor: Anchor | None,
    source: str | None = None,
    *,
    title: str = "",
    markup: tuple[date, ...] = (),
    cards: bool = False,
    events: frozenset[date] = frozenset(),
    call: bool = False,
) -> PageContext:
    """`text`: the page with its publication lines blanked; `source`: the page as read,
    whose publication dates date the items under them; `title`: the page's first heading
    ("Annual Report 2023"), whose one year, when it is not part of a date, is the year of
    the sections under it ("In March we organised ..."); `cards`: the page is a listing's
    cards (`html.extract`), whose top date is a card's, not the page's; `events`: the days
    its event markup states (`markup.marked_event_days`), never the page's own."""
    years: set[int] = set()
    spans = find_dates(text)
    for span in spans:
        if date_role(text, span.offset, span.offset + len(span.text)) != SOURCE:
            years.update({span.start.year, span.end.year})
    for m in named_years(text):
        if date_role(text, m.start(), m.end()) != SOURCE:
            years.add(int(m.group(1)))
    if anchor is not None and anchor.day is not None:
        years.add(anchor.day.year)
    published = (
        tuple(publication_dates(source, cards=cards, events=events)) if source is not None else ()
    )
    titled_spans = find_dates(title) if title else []
    year = _one_year(title) if title and not titled_spans else None
    top = _line_end(text, ISSUE_LINES)
    issue = [
        s
        for s in spans
        if s.offset + len(s.text) <= top and s.precision == "month" and issue_at(text, s)
    ]
    issue = issue or [s for s in titled_spans if issue_line(title, s)]
    if issue:  # "NEWSLETTER | FEBRUARY 2025": the year of the dates below it
        year = issue[0].start.year
    titled = (year, title) if year else None
    sent = (issue[0].start.replace(day=15), issue[0].text) if issue else None
    return PageContext(
        anchor, frozenset(years), published, titled, markup, call=call, issue=sent,
        months=month_headings(text),
    )  # fmt: skip


ISSUE_LINES = 3  # a newsletter names its issue in its first lines


def _line_end(text: str, lines: int) -> int:
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def page_title(lines: list[str]) -> str:
    """The page's title among its first lines (those above its first item, and that
    item's heading): the first short line, not a sentence, that names a year ("Annual
    Report 2023" under a breadcrumb, "Výroční zpráva za rok 2022" above "Akce klastru")."""
    for line in lines:
        line = line.strip()
        if 0 < len(line) <= 120 and line[-1] not in ".!?" and YEAR.search(line):
            return line
    return ""


def _one_year(text: str) -> int | None:
    found = {int(m.group(1)) for m in named_years(text)}
    return found.pop() if len(found) == 1 else None


def _date_line(item: PageItem, span: DateSpan) -> bool:
    """The date stands alone on the line right under the heading: on a news list, the
    day the news was posted, not the day of what it reports (used only where the item
    names another date; a date line above a title is an event list's date, and stays)."""
    text = item.text
    start = text.rfind("\n", 0, span.offset) + 1
    end = text.find("\n", span.offset)
    end = len(text) if end < 0 else end
    first = not text[item.head_end : start].strip()
    one_day = span.precision == "day" and span.start == span.end  # a post has one day
    line = text[start:end].strip(" \t|·•-–—:")
    after = line[len(span.text) :] if line.startswith(span.text) else None
    alone = after is not None and (not after or _CATEGORY.fullmatch(after) is not None)
    return one_day and start > 0 and first and alone


# A news card's category after its date ("2. apríla 2025 · Podujatia", "12.03.2025 | News"):
# still a date line; a place or a time is not a category ("· Bratislava, 9.00").
_CATEGORY = re.compile(r"\s{0,3}[·|•]\s{0,3}[^\W\d_]{2,30}(?:[ -][^\W\d_]{2,30})?")


def _event_day(item: PageItem, line: DateSpan, ctx: PageContext) -> bool:
    """The date line under the heading is an event's day, not the day the item was
    posted: the page's event markup states that day (a card's `startDate`), or the item's
    words name an event and no call (`eventwords`)."""
    return line.start in ctx.markup or names_an_event(item.text)


def teaser_list(items: list[PageItem]) -> bool:
    """The items are a news list's teasers: most of the items that have a date line
    under their heading (`_date_line`) name another activity's date in their text ("28
    February 2024 / From 4 to 8 March a delegation ..."), so the line is the day each
    teaser was posted, also in a teaser that names no other date or a deadline alone
    (its news is no event). An event list's cards name their day and at most a deadline
    or a time, and keep their lines."""
    lined = posted = 0
    for item in items:
        spans = find_dates(item.text)
        lines = [s for s in spans if s.offset >= item.head_end and _date_line(item, s)]
        if not lines:
            continue
        lined += 1
        others = [(s.offset, s.text) for s in spans if s is not lines[0]]
        others += [(p.offset, p.text) for p in find_partial_dates(item.text)]
        if any(date_role(item.text, at, at + len(words)) is None for at, words in others):
            posted += 1
    return lined >= 2 and 2 * posted > lined


def _item_anchor(item: PageItem, ctx: PageContext, line: DateSpan | None) -> Anchor | None:
    """The date that implied years of `item` are measured from: its own date line, the
    publication date just above or in it, else the page's when the page has only one."""
    if line is not None:
        return Anchor(line.start, line.start.year, f"the item's date line {line.text!r}", None)
    end = item.offset + len(item.text)
    near = [p for p in ctx.published if item.offset - 300 <= p[0] < end]
    if near:
        _, day, words = near[-1]
        return Anchor(day, day.year, f"the publication date {words!r} of the item", near[-1][0])
    return ctx.anchor if len(ctx.published) <= 1 else None


def _year_for(
    p: PartialDate, item: PageItem, ctx: PageContext, anchor: Anchor | None
) -> tuple[int, str] | None:
    month, day = p.first
    if (year := markup_year(ctx.markup, month, day)) is not None:  # "18 Nov" on a badge
        return year, f"the date {date(year, month, day or 1).isoformat()} in the page's markup"
    if headed := heading_year(ctx.months, item.offset + p.offset - item.head_at, month, day):
        return headed  # "marzo 10" under a calendar's "Marzo 2026"
    if (year := this_year(item.text, p.offset + len(p.text), anchor)) is not None:
        return year, f"{anchor.source if anchor else 'the page'} (the date says this year)"
    if anchor is not None and anchor.day is not None:  # a day: the year nearest to it
        year = pick_year(month, day, anchor)
        if year is not None:
            return year, anchor.source
    sentence = sentence_around(item.text, p.offset, p.offset + len(p.text))
    if (year := _one_year(sentence)) is not None:
        return year, f"the year {year} in the same sentence"
    if (year := _one_year(item.heading)) is not None:
        return year, f"the year {year} in the heading {item.heading[:80]!r}"
    if ctx.issue is not None:  # a newsletter of January 2027: "le 10 décembre" is 2026's
        sent, words = ctx.issue
        issued = Anchor(sent, sent.year, f"the newsletter's issue {words!r}", None)
        if (year := pick_year(month, day, issued)) is not None:
            return year, issued.source
    if ctx.title is not None:  # "Annual Report 2023" above "Events": the report's year
        return ctx.title[0], f"the year {ctx.title[0]} in the page's title {ctx.title[1][:80]!r}"
    if anchor is not None and anchor.day is None and anchor.year is not None:
        # a copyright line's year, last: a page may be years younger than its report
        return anchor.year, anchor.source
    if anchor is None and len(ctx.years) == 1 and not ctx.published:
        year = next(iter(ctx.years))
        return year, f"the year {year}, the only year the page names"
    return None


def _broken_year(text: str, end: int) -> bool:
    """ "1st May 201 to ...": a number right after a day and month is a year mistyped.
    A time is not ("4 de diciembre, 11:00-12:00 h", "18 Nov\n09:30", "12. 3. 9.30 Uhr",
    "14 mai 10h"): a number followed by a colon or a dot and two digits, or by "h". Nor
    is a count after a comma ("On 28 and 29 January, 45 participants met")."""
    after = text[end : end + 12]
    if _TIME_AFTER.match(after) or _COUNT_AFTER.match(after):
        return False
    return re.match(r"\s*,?\s*\d{1,4}(?!\d)", after[:8]) is not None


_COUNT_AFTER = re.compile(r"\s*,\s*\d{1,4}\s+[^\W\d_]{2,}")
_TIME_AFTER = re.compile(r"\s*,?\s*\d{1,2}(?:[:.]\d{2}(?!\d)|\s?h(?![^\W\d_]))")


def _restates(span: DateSpan, kept: DateSpan, text: str = "") -> bool:
    """The same dates again, their beginning ("říjen 2011" after "od října 2011 do září
    2014"), or a day of an event already read ("13. 10." in the programme of a conference
    of 12-13 October): a restatement, not another activity. A day inside a project's
    years is another activity (a meeting of the project) and stays, and so does a day
    that opens a sentence of its own with its weekday (`_own_day`) or that a sentence of
    another paragraph tells (`_told_apart`)."""
    if span.start == kept.start and span.end <= kept.end:  # unless an event of that month
        # is told apart ("Kulatý stůl ... proběhne v březnu" under a project from 1. 3.)
        told = span.precision == "month" and _told_apart(text, span, kept)
        return not (text and told and _event_sentence(text, span))
    short = (kept.end - kept.start).days <= 31
    inside = short and kept.start <= span.start and span.end <= kept.end
    return inside and not (text and (_own_day(text, span) or _told_apart(text, span, kept)))


def _range_end(day: DateSpan, span: DateSpan) -> bool:
    """`day` is one day, the first or the last of the range `span`."""
    return day.start == day.end and span.start != span.end and day.start in (span.start, span.end)


_PROSE_WORDS = 10  # words of a sentence that tells something, not a programme's line


def _told_apart(text: str, span: DateSpan, kept: DateSpan) -> bool:
    """A day inside an event's days told in a sentence of its own in another paragraph
    ("Uz sajam ... organiziraju B2B susrete koji će se održati 18. ožujka 2027. u
    dvorani sajma" under a fair of 17-19 March): a side event on that day, as a
    programme's line ("18. 3. – B2B susreti") is not, being no sentence, and a sentence
    of the paragraph that names the fair ("the second day, 18 March, ...") is the fair's."""
    if paragraph_of(text, span.offset) == paragraph_of(text, kept.offset):
        return False
    sentence = sentence_around(text, span.offset, span.offset + len(span.text))
    return len(re.findall(r"[^\W\d_]{2,}", sentence)) >= _PROSE_WORDS


@lru_cache(maxsize=1)
def _weekday_opening() -> re.Pattern[str]:
    """A sentence's opening weekday, in any case ("V četrtek,", "Ve středu", "Am
    Mittwoch,", "On Tuesday"): babel's names, their last letter free for the cases."""
    stems = {n[:-1] if len(n) >= 5 else n for n in weekday_alternation(3).split("|")}
    alternation = "|".join(sorted(stems, key=len, reverse=True))
    return re.compile(
        rf"(?:^|[.!?]\s{{1,3}}|\n\s{{0,3}})(?:[^\W\d_]{{1,3}}\s{{1,3}})?(?i:{alternation})\w{{0,3}},?\s{{1,3}}$"
    )


def _own_day(text: str, span: DateSpan) -> bool:
    """A day inside an event's days that opens its sentence with its weekday and goes on
    with words of its own ("V četrtek, 11. aprila, bo na stojnici potekala okrogla miza
    ..."): a sub-event of its own (a round table at the fair), not the fair's day again.
    A programme's line ("Tuesday, 12 October" above its sessions) has no such words."""
    before = text[max(0, span.offset - 30) : span.offset]
    end = text.find("\n", span.offset)
    after = text[span.offset + len(span.text) : len(text) if end < 0 else end]
    return bool(_weekday_opening().search(before)) and len(re.findall(r"[^\W\d_]{2,}", after)) >= 6


# "in the years 2017-2019", "v letech", "w latach": a project's years, not a programme's;
# and a term's or a running verb's ("looptijd 2023 t/m 2026", "som pågår 2022–2025").
_YEARS_CUE = re.compile(
    r"(?i:\b(?:in\s+the\s+years|in\s+den\s+jahren|v\s+letech|v\s+rokoch|w\s+latach"
    r"|im\s+zeitraum|negli\s+anni|en\s+los\s+años|entre|în\s+perioada|în\s+anii"
    r"|laufzeit|läuft|looptijd|loopt|pågår|löper|løber|løbetid|runs|running|lasts|duration"
    r"|trvá|trwa|durée|durata|duración|duração|kestää|kesto|trajanje|traja"
    # "the period" and "the years" in the other languages ("v období", "vuosina")
    r"|period|periode|perioden|período|periodo|période|razdoblju|obdobju|období|období"
    r"|obdobie|okresie|περίοδο|периода|laikotarpiu|időszakban|kaudel|vuosina|aastatel"
    r"|åren|årene|jaren|anos|años|anni|années|letoma)"
    r"(?:\s{0,2}:\s{0,2}|\s+))$"
    # a compound that ends in "period" ("prosjektperiode", "Projektzeitraum" aside)
    r"|(?i:\w{3,}(?:periode|perioden|period|perioder)\s{0,2}:?\s{1,2})$"
)
# "AGROSENS (2023-2025)", "«Розумне агро Поділля» (2025–2027)": years in brackets right
# after a name are that name's own years (a project's), whatever the language.
_NAMED_YEARS = re.compile(r"[^\W\d_][»”\"'’]?\s?$")


def _cued(text: str, span: DateSpan) -> bool:
    """A year phrase whose own words make it a time ("im Jahr 2019", "v letech 2017-2019")."""
    before = text[max(0, span.offset - 30) : span.offset]
    bracketed = span.text[:1] == "(" and span.text[-1:] == ")"
    return (
        span.text[:1].isalpha()
        or bool(_YEARS_CUE.search(before))
        or (bracketed and bool(_NAMED_YEARS.search(before)))
    )


MAX_AGENDA_DAYS = 14  # a congress, a fair, a summit week: longer is a project's period


def agenda_days(found: ItemDates, earlier: list[DateSpan]) -> None:
    """Leaves the days of an agenda out of `found`, each with its reason, as `item_dates`
    leaves out the others: a day whose phrase states no year ("Martedì 26 gennaio |
    Sessione plenaria", "Day 2 – Wednesday 10 March") inside a multi-day event that an
    earlier item of the page dates ("Dal 26/01/2027 al 28/01/2027") is one of that
    event's days, not an event of its own."""
    events = [e for e in earlier if 0 < (e.end - e.start).days <= MAX_AGENDA_DAYS]
    kept: list[DateSpan] = []
    for s in found.spans:
        within = (
            next((e for e in events if e.start <= s.start <= e.end), None)
            if s.year_from is not None and s.start == s.end
            else None
        )
        if within is None:
            kept.append(s)
        else:
            found.left_out.append(f"{s.text!r} is a day of the event {within.text!r}")
    found.spans = kept


def _named_in_body(head: DateSpan, body: list[DateSpan]) -> bool:
    """A headline's month ("O Foro reunirá en febreiro a 300 profesionais") that a day
    of the body falls in: the body names the day, and its other dates are their own."""
    return head.precision == "month" and any(
        s.precision == "day" and head.start <= s.start <= head.end for s in body
    )


def _one_day_within(span: DateSpan, period: DateSpan) -> bool:
    """A single day inside a period longer than a month (a project's)."""
    long = (period.end - period.start).days > 31
    return (
        long
        and span.precision == "day"
        and span.start == span.end
        and period.start <= span.start <= period.end
    )


def _label(item: PageItem, span: DateSpan) -> bool:
    """A heading or a title line with nothing under it that is one month or one year,
    alone or beside a section's name ("Nyhetsbrev februari 2025", a calendar's "Maggio
    2025"): the label of the section of items below it, not an activity of its own. A
    name beside it is an event's ("Hackathon, May 2025", "Formnext 2024")."""
    one_unit = span.start.month == span.end.month if span.precision == "month" else True
    coarse = span.precision != "day" and span.start.year == span.end.year and one_unit
    line = item.text.strip()
    rest = item.text[: span.offset] + " " + item.text[span.offset + len(span.text) :]
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", rest)]
    section = all(w in SECTION_WORDS for w in words)
    return coarse and "\n" not in line and len(words) <= 1 and section


def _event_sentence(text: str, span: DateSpan) -> bool:
    """The date's sentence names an event (a call's info day is one)."""
    sentence = sentence_around(text, span.offset, span.offset + len(span.text))
    return EVENT_WORDS.search(sentence) is not None


def item_dates(item: PageItem, ctx: PageContext) -> ItemDates:
    """The dates of `item` that make records (in order), and those left out, with why."""
    text = item.text
    out = ItemDates()
    spans = list(find_dates(text))
    partials = [
        p for p in find_partial_dates(text) if not _broken_year(text, p.offset + len(p.text))
    ]
    lines = [s for s in spans if s.offset >= item.head_end and _date_line(item, s)]
    others = [(s.offset, s.text) for s in spans] + [(p.offset, p.text) for p in partials]
    # posted on that day about another date; beside a deadline alone the line is the
    # event's day where the item shows it is an event (`_event_day`), else the day a call
    # or a notice was posted ("New call ... / 12 March 2025 / Applications until 30 April")
    roles = [
        date_role(text, at, at + len(words))
        for at, words in others
        if not lines or at != lines[0].offset
    ]
    activity = (
        ctx.teasers
        or any(role is None for role in roles)
        or bool(lines and roles and not _event_day(item, lines[0], ctx))
    )
    line = lines[0] if lines and activity else None
    if line is not None:
        spans.remove(line)
        out.left_out.append(f"{line.text!r} is the day the item was posted")
    anchor = _item_anchor(item, ctx, line)
    status = status_roles(text, item.heading, [(at, at + len(words)) for at, words in others])
    for p in partials:
        end = p.offset + len(p.text)
        role = status.get(p.offset) or date_role(text, p.offset, end, p.precision)
        if role is not None:
            out.left_out.append(f"{p.text!r} is {role}")
            continue
        found = _year_for(p, item, ctx, anchor)
        span = resolve(p, found[0], year_from=found[1]) if found else None
        if span is None:
            out.yearless.append(p.text)
        else:
            spans.append(span)
    read = [range(s.offset, s.offset + len(s.text)) for s in spans]
    read += [range(p.offset, p.offset + len(p.text)) for p in partials]
    spans += weekday_days(text, ctx.months, item.offset - item.head_at, read)  # "Do 12"
    labels = month_lines(text, spans, item.head_end)  # "MARS 2026" over its events
    out.left_out += [f"{s.text!r} names the section's month or year" for s in labels]
    spans = [s for s in spans if s not in labels]
    kept: list[DateSpan] = []
    issue = False  # the heading is a newsletter's issue line
    for span in sorted(spans, key=lambda s: s.offset):
        role = status.get(span.offset) or date_role(
            text, span.offset, span.offset + len(span.text), span.precision
        )
        if role is None and ctx.call and not _event_sentence(text, span):
            role = "the timetable of the funding call the page announces"
        if role is not None:
            out.left_out.append(f"{span.text!r} is {role}")
        elif issue_at(text, span):
            out.left_out.append(f"{span.text!r} names a newsletter's issue")
            issue = issue or span.offset < item.head_end
        elif not any(_restates(span, k, text) for k in kept):
            # a card's badge ("27 janv.") or its first and last days one by one ("man. 23.
            # mar. 2026 ons. 25. mar. 2026") above the range they restate: the range is
            # the event's (a day inside it, or an event of its own that it spans, stays)
            kept = [k for k in kept if not _range_end(k, span)]
            kept.append(span)
    if len(kept) == 1 and _label(item, kept[0]):
        out.left_out.append(f"{kept[0].text!r} names the section's month or year")
        kept = []
    heading = [s for s in kept if s.offset < item.head_end]
    if heading and _named_in_body(heading[0], [s for s in kept if s.offset >= item.head_end]):
        kept.remove(heading[0])  # "... reunirá en febreiro ...": the body's 9 February
        heading = []
    if heading:  # a dated heading dates the item; the body's dates are its context,
        # but a day in a project's period is one of its activities (its kick-off meeting)
        # and so is a line of the body that its date starts or closes (a newsletter's
        # agenda under a paragraph read as a heading: `newsletter`)
        days = [
            s
            for s in kept
            if s.offset >= item.head_end and (_one_day_within(s, heading[0]) or dated_line(text, s))
        ]
        kept = heading[:1] + days
    if issue:  # an issue's agenda: a dated line is its paragraph's event
        lines_of = {paragraph_of(text, s.offset) for s in kept if dated_line(text, s)}
        kept = [
            s for s in kept if dated_line(text, s) or paragraph_of(text, s.offset) not in lines_of
        ]
    if any(s.precision != "year" for s in kept):  # bare years beside finer dates: context
        kept = [s for s in kept if s.precision != "year" or _cued(text, s)]
    out.spans = kept
    return out
