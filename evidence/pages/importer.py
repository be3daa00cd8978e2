"""Import events and projects from a cluster's news and project pages (.txt or .html).

Clusters keep their history on their web pages: news items about events they organised
or attended, and descriptions of their projects. For HTML, `html` first takes the main
text (menus and footers out) and the publication date the markup states; `anchor` finds
the page's own posting dates, which are never an item's (nor are the dates its
markup marks as published: a news list's teaser dates, `markup.publication_lines`);
`split` splits the text into items (a heading and the paragraphs under it);
`itemdates` picks the dates of each item that make records (with `roles`, the words
that make a date a deadline, a call or a founding year) and the year of a phrase that
leaves it out; `items` reads kind, place, venue, role, partners and funder; `owner` notes an
item that may be another organisation's.
This module turns every dated item into a *draft* record whose source is the file and
the character offset of the item, so that the manager reviews it before it counts. An
item without a date, and a phrase whose year the page does not give, are reported and
never given one; dates come only from `dates`, which finds what the text states.

Page text is data: nothing is fetched, no entity or link is resolved, script and style
are dropped, and nothing is ever evaluated. `clex import PAGE.txt|PAGE.html` reaches
`page_records` through `readers.read_rows`, which reads the file in its encoding.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..assumed import assumed_note
from ..findings import Finding, Location
from ..models import KINDS, Record, Source, make_record
from ..precision import unit_end, unit_start
from .anchor import page_anchor, publication_spans
from .columns import posted_columns
from .dates import DateSpan, find_dates, find_partial_dates
from .eventwords import funding_call
from .html import PageTooLarge, extract, source_offset
from .itemdates import agenda_days, item_dates, page_context, page_title, teaser_list
from .items import ParsedItem, item_title, parse_item
from .language import language_of
from .months import page_language
from .newsletter import archive_spans
from .newslist import news_list_spans, teaser_dates
from .numorder import page_order
from .owner import someone_else
from .sections import month_label
from .split import PageItem, split_items, split_page

__all__ = [
    "PageItem", "PageResult", "ParsedItem", "find_dates", "page_records", "parse_page",
    "split_items", "to_records",
]  # fmt: skip


@dataclass
class PageResult:
    filename: str
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    source: str = ""  # the file's own text (for HTML, the markup the offsets point into)
    extracted: bool = False  # HTML read through its main text (offsets then found again)


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """`text` with the given ranges turned into spaces: offsets stay where they were."""
    chars = list(text)
    for a, b in ranges:
        for i in range(max(0, a), min(len(chars), b)):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _posted_spans(text: str, posted: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where in `text` the publication dates the HTML marks (`html.MainText.posted`)
    are: each text as the page wrote it, whatever the spaces between its words."""
    ranges: list[tuple[int, int]] = []
    for words in posted:
        pattern = r"\s*".join(re.escape(w) for w in words.split())
        ranges += [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    return ranges


def _posted_dates(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, date, str]]:
    """The day each marked publication date names (offset, day, its words)."""
    found = []
    for a, b in ranges:
        spans = find_dates(text[a:b])
        if spans and spans[0].precision == "day":
            found.append((a + spans[0].offset, spans[0].start, spans[0].text))
    return found


def _under_teasers(
    dated: list[tuple[int, date, str]], items: list[PageItem]
) -> list[tuple[int, date, str]]:
    """The marked publication dates, each moved into the teaser it closes where a list
    writes them under each teaser (TYPO3's news list: title, teaser, date): the last
    date follows the last item's heading. Blanked, such a date is outside every item,
    just after its own teaser's end, where it would be read as the next one's."""
    if not dated or not items or dated[-1][0] < items[-1].offset:
        return dated
    starts = [item.offset for item in items]  # in page order, none overlapping another
    moved = []
    for at, day, words in dated:
        n = bisect.bisect_right(starts, at) - 1  # the item starting last before the date
        end = items[n].offset + len(items[n].text) if n >= 0 else at + 1
        moved.append((end - 1, day, words) if end <= at else (at, day, words))
    return moved


def _masked(
    text: str,
    cards: bool,
    posted: list[tuple[int, int]] | None = None,
    events: frozenset[date] = frozenset(),
) -> str:
    """The page without its publication lines: a by-line ("Submitted by ... on 22 October
    2021"), a date alone under the title or one the HTML marks as a publication date
    (`posted`) is never an item's date nor its heading, nor is a list of the site's
    other articles ("Latest news", `newslist`) nor a newsletter's archive of issues.
    (Links need no masking: `dates` reads no date inside a URL.)"""
    ranges = list(news_list_spans(text)) + archive_spans(text) + list(posted or ())
    for a, b in publication_spans(text, cards=cards, events=events):
        line_a = text.rfind("\n", 0, a) + 1
        line_b = text.find("\n", b)
        line_b = len(text) if line_b < 0 else line_b
        short = line_b - line_a <= 120
        ranges.append((line_a, line_b) if short else (a, b))
    return _blank(text, ranges)


# Bounds on what is read of a page. Reading is linear in the page, but each date costs
# about a millisecond (its forms, its sentence's cues, its item): a crafted 1 MB page of
# dates ("May 2020 May 2020 ...", 110,000 of them) took minutes, a 47 MB page for ever.
# A real news or project page has a few hundred dates and under 200 kB of text, so
# 2 million characters and 2,500 numbers (digit runs; a date has one to three) are far
# above any (the samples have under 25) and keep the worst page to about 10 s here.
MAX_TEXT_CHARS = 2_000_000
MAX_NUMBERS = 2_500
_NUMBER = re.compile(r"\d+")


def _bounded(text: str) -> None:
    """Raise `PageTooLarge` for a page's text beyond the bounds above."""
    if len(text) > MAX_TEXT_CHARS:
        raise PageTooLarge(len(text), MAX_TEXT_CHARS, "characters of text")
    numbers = sum(1 for _ in itertools.islice(_NUMBER.finditer(text), MAX_NUMBERS + 1))
    if numbers > MAX_NUMBERS:
        raise PageTooLarge(numbers, MAX_NUMBERS, "numbers (dates, years, figures) or more")


def parse_page(
    text: str,
    *,
    filename: str,
    html: bool = False,
    kind: str | None = None,
    cluster_name: str | None = None,
    cluster: str | None = None,
) -> PageResult:
    """Read every item of a page; dateless items become problems, not items.

    `kind` ("event" or "project") forces the kind of every item; `cluster_name` (and the
    cluster's id `cluster`), when given, let "organised by <name>" mark the cluster as
    (co-)organiser and let an item that never names the cluster say so in its note.
    """
    if kind not in (None, "event", "project"):
        raise ValueError(f"kind must be 'event' or 'project', not {kind!r}")
    # "12 LIS", "listopad": whose month; "06/10/2024": day or month first (`numorder`)
    with page_language(language_of(text, html=html)), page_order(text):
        return _read_page(text, filename, html, kind, cluster_name, cluster)


def _read_page(
    text: str,
    filename: str,
    html: bool,
    kind: str | None,
    cluster_name: str | None,
    cluster: str | None,
) -> PageResult:
    result = PageResult(filename=filename, source=text)
    published, headings, cards = None, frozenset[str](), False
    markup: tuple[date, ...] = ()
    events: frozenset[date] = frozenset()  # days only event markup states: no page's date
    marked: tuple[str, ...] = ()
    if html:
        page = extract(text)
        text, published, headings = page.text, page.published, frozenset(page.headings)
        markup, cards, marked = page.event_dates, page.method == "cards", page.posted
        events = frozenset(page.event_days)
        result.extracted = True
        if page.why:
            result.problems.append((0, f"read the whole page, not an article: {page.why}"))
    _bounded(text)
    anchor = page_anchor(text, html_date=published, cards=cards, events=events)
    posted = _posted_spans(text, marked) + teaser_dates(text) + posted_columns(text)
    masked = _masked(text, cards, posted, events)
    items, above = split_page(masked, headings)
    title = page_title([*above.splitlines(), *(item.heading for item in items[:1])])
    if above.strip() and (find_dates(above) or find_partial_dates(above)):
        lead = masked[: items[0].offset] if items else masked
        start = len(lead) - len(lead.lstrip())
        items.insert(0, PageItem("", lead.strip(), start, lead.strip()))
    if not items:
        result.problems.append((0, "no items found (no headings with text under them)"))
    context = page_context(
        masked,
        anchor,
        text,
        title=title,
        markup=markup,
        cards=cards,
        events=events,
        call=funding_call(masked),
    )
    dated = {at: (at, day, words) for at, day, words in context.published}
    own = _under_teasers(_posted_dates(text, posted), items)
    dated.update({p[0]: p for p in own})  # each teaser's own day
    context = replace(context, teasers=teaser_list(items), published=tuple(sorted(dated.values())))
    names = tuple(n for n in (cluster_name, cluster) if n)
    earlier: list[DateSpan] = []
    for item in items:
        found = item_dates(item, context)
        agenda_days(found, earlier)
        earlier += found.spans
        for n, span in enumerate(found.spans):
            parsed = parse_item(item, span, kind, cluster_name, first=n == 0)
            if len(found.spans) > 1:  # whose are the item's numbers? (`headcount`)
                parsed = replace(parsed, participants=None, members_involved=None)
            note = someone_else(item.text, names) if names else None
            if note:  # both notes when the item names a member as organiser (`items`)
                parsed = replace(parsed, other=" ".join(filter(None, (parsed.other, note))))
            result.items.append(parsed)
        title = item_title(item, None)
        if found.yearless:
            named = ", ".join(repr(p) for p in found.yearless[:5])
            result.problems.append((item.offset, (
                f"item {title!r} at offset {item.offset} names {named} without a year, and "
                "the page does not give it; not imported: add the year to the page, or enter "
                "the record by hand"
            )))  # fmt: skip
        if found.spans or found.yearless or (not item.body.strip() and month_label(item.heading)):
            continue  # a listing's month heading ("Marzo 2026") dates the items below it
        why = f"; {found.left_out[0]}" if found.left_out else ""
        message = f"item {title!r} at offset {item.offset} has no date{why}; not imported"
        result.problems.append((item.offset, message))
    return result


def _record_offsets(result: PageResult) -> list[int]:
    """Each item's offset in the file: for HTML read through its main text, where its
    first words are in the markup (looked for in order, after the item before)."""
    if not result.extracted:
        return [item.offset for item in result.items]
    offsets: list[int] = []
    last = 0
    for item in result.items:
        found = source_offset(result.source, item.text[:80].split("\n", 1)[0], last)
        last = found if found is not None else last
        offsets.append(last)
    return offsets


def _numbers_note(item: ParsedItem) -> str:
    """What the draft's note says of an event's participants and members involved: the
    numbers read, to check, or that the page gives none (C2 and V3 need them)."""
    read = [
        f"{words} {value}"
        for words, value in (
            ("participants", item.participants),
            ("members involved", item.members_involved),
        )
        if value is not None
    ]
    if len(read) == 2:
        return f"Numbers read from the wording: {' and '.join(read)}; please check them."
    if read:
        return (
            f"Numbers read from the wording: {read[0]}; please check it, and give the "
            f"{'members involved' if item.participants is not None else 'participants'} "
            "where known."
        )
    return "The text gives no number of participants or of members involved: give them where known."


def to_records(result: PageResult, *, cluster: str) -> list[Record]:
    """Draft records (status 'draft', source file and offset) for the parsed items."""
    records: list[Record] = []
    for item, offset in zip(result.items, _record_offsets(result), strict=True):
        own = KINDS[item.kind].model_fields
        data: dict[str, object] = {
            "cluster": cluster, "kind": item.kind, "title": item.title,
            "start": unit_start(item.start, item.precision),
            "end": unit_end(item.end, item.precision), "status": "draft",
            "date_precision": item.precision,  # the coarser end's: "June 2019 - 3 May 2020"
            "source": Source(file=result.filename, offset=offset),
        }  # fmt: skip
        year = f"; the year from {item.date.year_from}" if item.date.year_from else ""
        notes = [
            f"Imported from a page; date from {item.date_text!r} ({item.precision}{year}).",
            "Kind, role and place were read from the wording: please check them.",
        ]
        if item.kind == "event":
            notes.append(_numbers_note(item))
        if item.other:
            notes.append(item.other)
        if item.venue == "online":
            notes.append(
                "Read as held online: no place is set, as an online event presents the "
                "cluster in no country; change the venue if it was held on site."
            )
        for name in ("city", "country", "venue", "role", "format", "partners", "partner_countries",
                     "funder", "acronym", "participants", "members_involved"):  # fmt: skip
            value = getattr(item, name)
            if name in own and value not in (None, ()):
                data[name] = value
        if "role" not in data:
            data["role"] = "participant" if item.kind == "event" else "partner"
            notes.append(assumed_note("role", data["role"]))
        data["notes"] = " ".join(notes)
        records.append(make_record(data))
    return records


def page_records(
    path: Path,
    text: str,
    kind: str | None,
    cluster: str,
    cluster_name: str | None,
    findings: list[Finding],
) -> Iterator[Record]:
    """The draft records of one page file (its `text` as read); its problems go to
    `findings` as warnings."""
    if not text.strip():
        findings.append(Finding(file=str(path), message="the page is empty; nothing to import"))
        return
    if kind not in (None, "event", "project"):
        findings.append(
            Finding(
                file=str(path),
                message="pages give event or project records; use --kind event or --kind project",
            )
        )
        return
    try:
        result = parse_page(
            text,
            filename=str(path),
            html=path.suffix.lower() != ".txt",
            kind=kind,
            cluster_name=cluster_name,
            cluster=cluster,
        )
    except PageTooLarge as exc:
        findings.append(Finding(file=str(path), message=str(exc)))
        return
    for offset, message in result.problems:
        findings.append(
            Finding(
                file=str(path),
                location=Location(offset=offset),
                message=message,
                severity="warning",
            )
        )
    yield from to_records(result, cluster=cluster)
