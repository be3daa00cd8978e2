"""Import events and projects from a cluster's news and project pages (.txt or .html).

Clusters keep their history on their web pages: news items about events they organised
or attended, and descriptions of their projects. This module splits such a page into
items (a heading and the paragraphs under it), reads each item's dates, kind, place,
role, partners and funder, and turns every dated item into a *draft* record whose
source is the file and the character offset of the item's heading, so that the manager
reviews it before it counts. An item without a date is reported as a problem and never
given one; dates come only from `evidence.pagedates`, which finds what the text states.

Page text is data: HTML goes through the standard library's parser (nothing is fetched,
no entity or link is resolved, script/style are dropped), and nothing is ever evaluated.
The command line (`clex import PAGE.txt|PAGE.html`) wires `parse_page` + `to_records`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from evidence.models import KINDS, Record, Source, make_record
from evidence.pagedates import DateSpan, find_dates, find_partial_dates

__all__ = [
    "PageItem", "PageResult", "ParsedItem", "find_dates", "parse_page", "split_items",
    "to_records",
]  # fmt: skip

BULLET = re.compile(r"^\s*[•·▪◦‣*–-]\s+")
# A line saying who pays is part of the item above it, never a heading of its own.
FUNDING = re.compile(
    r"\b(?:co-?funded|co-?financed|funded|financed|supported|sponsored)\s+(?:by|from)\b"
    r"|^\s*(?:provider|poskytovatel)\s*:",
    re.IGNORECASE,
)
REFERENCE = re.compile(
    r"(?:taken\s+from|source:?|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?"
    r"|převzato(?:\s+z)?)\s*(?:the\s+)?[\(\[]?\s*$",
    re.IGNORECASE,
)

COUNTRIES = {
    "Austria": "AT", "Belgium": "BE", "Bulgaria": "BG", "Croatia": "HR", "Cyprus": "CY",
    "Czech Republic": "CZ", "Czechia": "CZ", "Denmark": "DK", "Estonia": "EE", "Finland": "FI",
    "France": "FR", "Germany": "DE", "Greece": "GR", "Hungary": "HU", "Ireland": "IE",
    "Italy": "IT", "Latvia": "LV", "Lithuania": "LT", "Luxembourg": "LU", "Malta": "MT",
    "Netherlands": "NL", "Poland": "PL", "Portugal": "PT", "Romania": "RO", "Slovakia": "SK",
    "Slovenia": "SI", "Spain": "ES", "Sweden": "SE", "Norway": "NO", "Switzerland": "CH",
    "Iceland": "IS", "United Kingdom": "GB", "Britain": "GB", "Great Britain": "GB", "UK": "GB",
    "Serbia": "RS", "Ukraine": "UA", "Israel": "IL", "Turkey": "TR", "USA": "US",
    "United States": "US", "Canada": "CA", "China": "CN", "Japan": "JP", "South Korea": "KR",
    "Korea": "KR", "India": "IN", "Singapore": "SG", "Russia": "RU", "Brazil": "BR",
    "Česko": "CZ", "Česká republika": "CZ", "Německo": "DE", "Rakousko": "AT",
    "Slovensko": "SK", "Polsko": "PL",
}  # fmt: skip
CITIES = {
    "Praha": "CZ", "Prague": "CZ", "Brno": "CZ", "Ostrava": "CZ", "Plzeň": "CZ", "Pilsen": "CZ",
    "Liberec": "CZ", "Olomouc": "CZ", "Zlín": "CZ", "Pardubice": "CZ", "Hradec Králové": "CZ",
    "České Budějovice": "CZ", "Ústí nad Labem": "CZ", "Jihlava": "CZ", "Karlovy Vary": "CZ",
    "Bratislava": "SK", "Košice": "SK", "Trenčín": "SK", "Žilina": "SK", "Vienna": "AT",
    "Wien": "AT", "Linz": "AT", "Graz": "AT", "Berlin": "DE", "Munich": "DE", "München": "DE",
    "Frankfurt am Main": "DE", "Frankfurt": "DE", "Düsseldorf": "DE", "Hamburg": "DE",
    "Cologne": "DE", "Köln": "DE", "Stuttgart": "DE", "Hannover": "DE", "Dresden": "DE",
    "Leipzig": "DE", "Nuremberg": "DE", "Nürnberg": "DE", "Brussels": "BE", "Paris": "FR",
    "Lyon": "FR", "London": "GB", "Cambridge": "GB", "Manchester": "GB", "Madrid": "ES",
    "Barcelona": "ES", "Valencia": "ES", "Bilbao": "ES", "Lisbon": "PT", "Porto": "PT",
    "Bologna": "IT", "Milan": "IT", "Milano": "IT", "Rome": "IT", "Turin": "IT",
    "Warsaw": "PL", "Kraków": "PL", "Krakow": "PL", "Katowice": "PL", "Wrocław": "PL",
    "Budapest": "HU", "Ljubljana": "SI", "Zagreb": "HR", "Amsterdam": "NL", "Eindhoven": "NL",
    "Copenhagen": "DK", "Stockholm": "SE", "Helsinki": "FI", "Oslo": "NO", "Tallinn": "EE",
    "Riga": "LV", "Vilnius": "LT", "Dublin": "IE", "Zurich": "CH", "Geneva": "CH",
    "Boston": "US", "New York": "US", "Tel Aviv": "IL", "Jerusalem": "IL", "Tokyo": "JP",
    "Seoul": "KR", "Shanghai": "CN", "Beijing": "CN",
}  # fmt: skip
ISO_CODES = frozenset(COUNTRIES.values()) | {"EL", "LI", "ME", "MK", "AL", "BA", "MD"}
FUNDERS = (
    "Interreg", "Horizon 2020", "Horizon Europe", "Erasmus+", "COSME", "LIFE",
    "International Visegrad Fund", "Norway Grants", "EEA Grants", "ERDF", "MPO", "TAČR",
)  # fmt: skip
LEAD_NOTE = re.compile(r"\s*\((?:vedoucí partner|lead partner|lead|leader)\)", re.I)
NAME_WITH_CODE = re.compile(
    r"(?<!\w)([A-Z][^\s,;:()–—]*(?:\s+[^\s,;:()–—]+){0,8}?)\s*\(([A-Z]{2})\)"
)
EVENT_FORMATS = (
    ("study_visit", r"study visit|study tour"), ("general_assembly", r"general assembly"),
    ("board_meeting", r"board meeting"), ("matchmaking", r"matchmaking|b2b|brokerage"),
    ("fair", r"\bfair\b|exhibition|trade show|\bexpo\b"),
    ("conference", r"conference|congress|summit|forum"),
    ("workshop", r"workshop|seminar"), ("training", r"training"),
    ("mission", r"\bmission\b|delegation"), ("meeting", r"\bmeeting\b"),
)  # fmt: skip
EVENT_ROLES = (
    ("co_organiser", r"\bco-?organi[sz]|\b(?:jointly|together) organi[sz]ed"),
    ("organiser", r"\bwe (?:organi[sz]ed|hosted|held)\b|\bwelcomed (?:the )?(?:visitors|guests)"),
    ("exhibitor", r"\bexhibit(?:ed|or|ing)\b|\b(?:stand|booth)\b"),
    ("speaker", r"\blectured\b|\bgave a (?:talk|presentation|speech|lecture)|\bkeynote\b"),
    ("participant", r"\bparticipated\b|\btook (?:a )?part\b|\battended\b|\bvisited\b"
                    r"|\b(?:was|were) represented\b|\bparticipant for\b"),
    ("speaker", r"\bpresented\b"),
)  # fmt: skip


@dataclass(frozen=True)
class PageItem:
    """A heading and the text under it; `offset` is the heading's place in the page."""

    heading: str
    body: str
    offset: int
    text: str  # heading and body as read (for a .txt page, the page's own characters)


@dataclass(frozen=True)
class ParsedItem:
    """What one dated item says; `date` is the span (in `text`) the dates come from."""

    title: str
    kind: str
    start: date
    end: date
    date: DateSpan
    offset: int
    text: str
    city: str | None = None
    country: str | None = None
    role: str | None = None
    format: str | None = None
    partners: tuple[str, ...] = ()
    partner_countries: tuple[str, ...] = ()
    funder: str | None = None
    acronym: str | None = None

    @property
    def date_text(self) -> str:
        return self.date.text

    @property
    def precision(self) -> str:
        return self.date.precision


@dataclass
class PageResult:
    filename: str
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


# ---------------------------------------------------------------- splitting


@dataclass
class _Block:
    lines: list[str]
    offset: int  # of the block's first non-blank character (of its heading tag, in HTML)
    end: int  # after its last non-blank character (plain text only)
    tag_heading: bool = False


def _text_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    pos = 0
    current: _Block | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            current = None
        elif current is None:
            lead = len(line) - len(line.lstrip())
            current = _Block([stripped], pos + lead, pos + len(line.rstrip()))
            blocks.append(current)
        else:
            current.lines.append(stripped)
            current.end = pos + len(line.rstrip())
        pos += len(line)
    return blocks


def _candidate(block: _Block) -> str | None:
    """'heading', 'colon' (a short label ending in ':') or None (body text)."""
    if len(block.lines) != 1:
        return None
    line = BULLET.sub("", block.lines[0]).strip()
    if not line or len(line) > 150 or line[0].islower():
        return None
    if line.endswith(":"):
        return "colon" if len(line) <= 100 else None
    if line[-1] in ".,;" or FUNDING.search(line):
        return None
    return "heading"


def _headings(blocks: list[_Block]) -> list[int]:
    """Indexes of the blocks that start items."""
    if any(b.tag_heading for b in blocks):
        return [i for i, b in enumerate(blocks) if b.tag_heading]
    marks: list[int] = []
    for i, block in enumerate(blocks):
        kind = _candidate(block)
        if kind == "colon":  # "Projects in the region:" opens items only above paragraphs
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or _candidate(nxt) or all(BULLET.match(x) for x in nxt.lines):
                continue
        elif kind is None:
            continue
        if marks and marks[-1] == i - 1:  # two headings in a row: title + subtitle
            if find_dates(block.lines[0]) and not find_dates(blocks[i - 1].lines[0]):
                marks.pop()  # the first was a section title above a dated item
            else:
                continue  # the second is a subtitle, part of the item
        marks.append(i)
    return marks


class _HTMLBlocks(HTMLParser):
    """Text blocks of an HTML page with their source offsets; scripts and styles dropped."""

    BLOCK = frozenset((
        "p", "div", "li", "ul", "ol", "tr", "td", "th", "section", "article", "header",
        "footer", "main", "aside", "nav", "blockquote", "pre", "table", "dd", "dt", "dl",
        "figure", "figcaption", "form", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    ))  # fmt: skip
    SKIP = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg",
                      "math", "title"))  # fmt: skip

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = [0]
        for m in re.finditer("\n", source):
            self.starts.append(m.end())
        self.blocks: list[_Block] = []
        self.parts: list[str] = []
        self.first: int | None = None
        self.skip = 0
        self.heading_at: int | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _flush(self) -> None:
        lines = [re.sub(r"\s+", " ", x).strip() for x in "".join(self.parts).split("\n")]
        lines = [x for x in lines if x]
        if lines:
            is_heading = self.heading_at is not None
            at = self.heading_at if self.heading_at is not None else self.first or 0
            self.blocks.append(_Block(lines, at, at, tag_heading=is_heading))
        self.parts, self.first = [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self._flush()
            if tag == "li":
                self.parts.append("• ")
            elif re.fullmatch(r"h[1-6]", tag):
                self.heading_at = self._pos()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self.heading_at = None

    def handle_data(self, data: str) -> None:
        if self.skip or not data.strip():
            if not self.skip and self.parts:
                self.parts.append(" ")
            return
        if self.first is None:
            self.first = self._pos() + len(data) - len(data.lstrip())
        self.parts.append(data.replace("\n", " "))


def split_items(text: str, *, html: bool) -> list[PageItem]:
    """Split a page into items: each heading and the paragraphs under it.

    HTML: `<h1>`-`<h6>` are the headings when the page has any, else the same rules as
    for text apply to its blocks. Text: a heading is a short line standing alone (blank
    lines around it), without a final full stop, e.g. "Grow your region 6. 11. 2017" or
    "KETGATE (01/07/2017 - 31/08/2020)"; funding lines ("Provider: MPO"), bullet lists
    and a subtitle right under a heading belong to the item.
    """
    return _split(text, html)[0]


def _split(text: str, html: bool) -> tuple[list[PageItem], str]:
    """The items, and the text above the first heading."""
    if html:
        parser = _HTMLBlocks(text)
        parser.feed(text)
        parser.close()
        parser._flush()
        blocks = parser.blocks
    else:
        blocks = _text_blocks(text)
    marks = _headings(blocks)
    items: list[PageItem] = []
    for n, i in enumerate(marks):
        nxt = marks[n + 1] if n + 1 < len(marks) else len(blocks)
        head = blocks[i]
        heading = BULLET.sub("", head.lines[0]).strip() if not html else " ".join(head.lines)
        if html:
            body = "\n\n".join("\n".join(b.lines) for b in blocks[i + 1 : nxt])
            items.append(PageItem(heading, body, head.offset, f"{heading}\n\n{body}".strip()))
            continue
        start = head.offset + len(head.lines[0]) - len(BULLET.sub("", head.lines[0]))
        stop = blocks[nxt].offset if nxt < len(blocks) else len(text)
        chunk = text[start:stop].rstrip()
        body = text[head.end : stop].strip()
        items.append(PageItem(heading, body, start, chunk))
    above = blocks[: marks[0]] if marks else blocks
    return items, "\n\n".join("\n".join(b.lines) for b in above)


# ---------------------------------------------------------------- reading an item


def _item_date(item: PageItem) -> DateSpan | None:
    """The heading's date, else the first date in the body that is not a reference."""
    for span in find_dates(item.text):
        before = item.text[max(0, span.offset - 40) : span.offset]
        if not REFERENCE.search(before):
            return span
    return None


def _title(item: PageItem, span: DateSpan | None) -> str:
    heading = item.heading
    if span is not None and span.offset < len(heading):
        heading = heading[: span.offset] + heading[span.offset + len(span.text) :]
    title = re.sub(r"\(\s*\)|\s+", " ", heading).strip(" -–—,:;|/")
    if not title:  # the heading was only a date: use the first sentence of the body
        title = re.split(r"(?<=[.!?])\s", item.body.strip(), maxsplit=1)[0]
    return (title[:297] + "...") if len(title) > 300 else (title or "(untitled item)")


def _kind(item: PageItem, span: DateSpan) -> str:
    text, heading = item.text, item.heading
    long_range = (span.end - span.start).days > 62
    signals = (
        long_range,
        bool(re.search(r"\bproject\b", heading, re.IGNORECASE)),
        bool(re.search(r"^\s*(?:provider|poskytovatel)\s*:", text, re.IGNORECASE | re.M)),
        bool(re.search(r"project partners?\b|\bis a (?:project )?partner\b", text, re.I)),
        bool(re.search(r"\bco-?(?:funded|financed)\b|\b(?:funded|financed) (?:by|from)\b", text)),
        any(f in text for f in ("Interreg", "Horizon 2020", "Horizon Europe", "ERDF")),
    )
    return "project" if any(signals) else "event"


def _place(item: PageItem) -> tuple[str | None, str | None]:
    """City and country only where the text names them; None when unsure."""

    def known(names: dict[str, str], text: str, prefix: str = "") -> tuple[str, str] | None:
        best: tuple[int, str, str] | None = None
        for name, code in names.items():
            m = re.search(rf"{prefix}(?<!\w){re.escape(name)}(?!\w)", text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), name, code)
        return (best[1], best[2]) if best else None

    near = r"\b(?:in|at|of)\s+(?:the\s+)?"
    city = known(CITIES, item.heading) or known(CITIES, item.body, near)
    country = known(COUNTRIES, item.heading)
    if city and (country is None or country[1] == city[1]):
        return city[0], city[1]
    return None, country[1] if country else None


def _event_fields(text: str, cluster_name: str | None) -> tuple[str | None, str | None]:
    role = None
    if cluster_name:
        name = re.escape(cluster_name)
        joint = rf"organi[sz]ed by (?:the )?{name}\w*\s+(?:together|in cooperation)"
        if re.search(joint, text, re.IGNORECASE):
            role = "co_organiser"
        elif re.search(rf"organi[sz]ed by (?:the )?{name}\b", text, re.IGNORECASE):
            role = "organiser"
    for candidate, pattern in EVENT_ROLES:
        if role is None and re.search(pattern, text, re.IGNORECASE):
            role = candidate
    fmt = None
    for where in (text.split("\n", 1)[0], text):
        hits = [(m.start(), f) for f, p in EVENT_FORMATS if (m := re.search(p, where, re.I))]
        if hits:
            fmt = min(hits)[1]
            break
    return role, fmt


def _partners(body: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Partner names and countries from a "Project Partners:" list or "Name (CZ)" mentions."""
    names: list[str] = []
    codes: list[str] = []
    listing = re.search(r"^\s*(?:project\s+)?partners?\s*:?\s*$|partneři projektu", body,
                        re.IGNORECASE | re.M)  # fmt: skip
    if listing:
        for line in body[listing.end() :].splitlines():
            if not line.strip():
                continue
            if not BULLET.match(line):
                break
            name = BULLET.sub("", line).strip()
            name = LEAD_NOTE.sub("", name)
            m = re.search(r",\s*([A-Z]{2})$|\s*\(([A-Z]{2})\)$", name)
            code = (m.group(1) or m.group(2)) if m else None
            if m is None:
                m2 = re.search(r",\s*(" + "|".join(map(re.escape, COUNTRIES)) + r")$", name)
                code = COUNTRIES[m2.group(1)] if m2 else None
                m = m2
            if m is not None and code in ISO_CODES:
                name = name[: m.start()]
                codes.append(code)
            names.append(re.sub(r"\s+", " ", name).strip(" ,"))
    for paragraph in body.splitlines():
        if "partner" not in paragraph.lower():
            continue
        for m in NAME_WITH_CODE.finditer(paragraph):
            if m.group(2) in ISO_CODES:
                names.append(m.group(1).strip())
                codes.append(m.group(2))
    lead = bool(re.search(r"\bis (?:the |a )?(?:lead partner|project leader|coordinator)\b", body))
    return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(codes)), lead


def _funder(text: str) -> str | None:
    provider = re.search(r"^\s*(?:provider|poskytovatel)\s*:\s*(.+?)\s*$", text, re.I | re.M)
    if provider:
        return provider.group(1)[:200]
    for verb in (r"co-?funded|co-?financed", r"funded|financed", r"supported|sponsored"):
        m = re.search(
            rf"\b(?:{verb})\s+(?:by|from)\s+(?:the\s+)?(.+?)"
            r"(?=\s+(?:from|under|and|through|for|to|in)\b|[.;\n”\"]|,\s+(?!(?-i:[A-Z]{2,})\b)|$)",
            text, re.IGNORECASE,
        )  # fmt: skip
        if m:
            return m.group(1).strip()[:200]
    return next((f for f in FUNDERS if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)), None)


def _acronym(title: str, body: str) -> str | None:
    word = r"[A-Za-z0-9#+&-]*(?:[A-Z].*[A-Z0-9]|[0-9].*[A-Z])[A-Za-z0-9#+&-]*"
    if re.fullmatch(word, title) and len(title) <= 20:
        return title
    m = re.search(r"\((\S{2,20})\)\s*$", title) or re.search(r"\((\S+) acronym\)", body)
    return m.group(1) if m and re.fullmatch(word, m.group(1)) else None


def _parse_item(
    item: PageItem, span: DateSpan, kind: str | None, cluster_name: str | None
) -> ParsedItem:
    title = _title(item, span)
    kind = kind or _kind(item, span)
    fields: dict[str, Any] = {}
    if kind == "event":
        fields["city"], fields["country"] = _place(item)
        fields["role"], fields["format"] = _event_fields(item.text, cluster_name)
    else:
        partners, codes, lead = _partners(item.body)
        fields.update(partners=partners, partner_countries=codes, funder=_funder(item.body))
        fields["acronym"] = _acronym(title, item.body)
        if lead or re.search(r"\bis (?:a )?(?:project )?partner\b", item.body):
            fields["role"] = "lead" if lead else "partner"
    return ParsedItem(title=title, kind=kind, start=span.start, end=span.end, date=span,
                      offset=item.offset, text=item.text, **fields)  # fmt: skip


def parse_page(
    text: str,
    *,
    filename: str,
    html: bool = False,
    kind: str | None = None,
    cluster_name: str | None = None,
) -> PageResult:
    """Read every item of a page; dateless items become problems, not items.

    `kind` ("event" or "project") forces the kind of every item; `cluster_name`, when
    given, lets "organised by <name>" mark the cluster as (co-)organiser.
    """
    if kind not in (None, "event", "project"):
        raise ValueError(f"kind must be 'event' or 'project', not {kind!r}")
    result = PageResult(filename=filename)
    items, above = _split(text, html)
    if not items:
        result.problems.append((0, "no items found (no headings with text under them)"))
    for item in items:
        span = _item_date(item)
        if span is not None:
            result.items.append(_parse_item(item, span, kind, cluster_name))
            continue
        why = ""
        partial = find_partial_dates(item.text)
        refs = [s.text for s in find_dates(item.text)]
        if partial:
            why = f"; it names {partial[0]!r} without a year"
        elif refs:
            why = f"; {refs[0]!r} is the date of a source text, not of the item"
        title = _title(item, None)
        message = f"item {title!r} at offset {item.offset} has no date{why}; not imported"
        result.problems.append((item.offset, message))
    if items and find_dates(above):
        message = "the text before the first heading names a date but no item; not imported"
        result.problems.insert(0, (0, message))
    return result


def to_records(result: PageResult, *, cluster: str) -> list[Record]:
    """Draft records (status 'draft', source file and offset) for the parsed items."""
    records: list[Record] = []
    for item in result.items:
        own = KINDS[item.kind].model_fields
        data: dict[str, object] = {
            "cluster": cluster, "kind": item.kind, "title": item.title,
            "start": item.start, "end": item.end, "status": "draft",
            "source": Source(file=result.filename, offset=item.offset),
        }  # fmt: skip
        notes = [
            f"Imported from a page; date from {item.date_text!r} ({item.date.precision}).",
            "Kind, role and place were read from the wording: please check them.",
        ]
        for name in ("city", "country", "role", "format", "partners", "partner_countries",
                     "funder", "acronym"):  # fmt: skip
            value = getattr(item, name)
            if name in own and value not in (None, ()):
                data[name] = value
        if "role" not in data:
            data["role"] = "participant" if item.kind == "event" else "partner"
            notes.append(f"Role not stated in the text; set to {data['role']}, please check.")
        data["notes"] = " ".join(notes)
        records.append(make_record(data))
    return records
