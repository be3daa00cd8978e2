"""Read one page item: its title, kind, place, venue, role, partners and funder.

Everything here is read from the item's own wording and left empty when the text does
not say it (a city only where the text names one, a role only where a verb states it);
the dates are chosen by `itemdates`. The tables of countries, cities, funders, event
formats and roles are the vocabulary of Czech and European cluster pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from .dates import DateSpan
from .formats import EVENT_FORMATS
from .headcount import headcount
from .ownrole import ASSEMBLY, BOARD, organiser_other, own_role
from .roles import sentence_around
from .split import BULLET, PageItem
from .venue import event_venue

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


def city_country(city: str | None) -> str | None:
    """The country of a place written in an event's `city` ("Munich", "wien", or a
    country's own name), None when the tables do not know it. For the assessment's
    question whether an event entered without a country was abroad (`assessment.costs`):
    the tables are the place names of Czech and European cluster pages, not a gazetteer."""
    if not city:
        return None
    return _PLACES.get(_place_key(city))


def _place_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


_PLACES = {_place_key(name): code for name, code in (*COUNTRIES.items(), *CITIES.items())}
FUNDERS = (
    "Interreg", "Horizon 2020", "Horizon Europe", "Erasmus+", "COSME", "LIFE",
    "International Visegrad Fund", "Norway Grants", "EEA Grants", "ERDF", "MPO", "TAČR",
)  # fmt: skip
LEAD_NOTE = re.compile(r"\s*\((?:vedoucí partner|lead partner|lead|leader)\)", re.I)
NAME_WITH_CODE = re.compile(
    r"(?<!\w)([A-Z][^\s,;:()–—]*(?:\s+[^\s,;:()–—]+){0,8}?)\s*\(([A-Z]{2})\)"
)
EVENT_ROLES = (
    ("co_organiser", r"\bco-?organi[sz]|\b(?:jointly|together) organi[sz]ed|\bspolupořád\w*"
                     r"|\bspoluorganiz\w*|\bmitveranstalt\w*|\bwspółorganiz\w*"),
    ("organiser", r"\bwe (?:organi[sz]ed|hosted|held)\b|\bwelcomed (?:the )?(?:visitors|guests)"
                  r"|\b(?:organi[sz]ed|hosted) (?:a|an|the|its|our)\b|\bheld (?:its|our)\b"
                  r"|\b(?:u?s|z)?pořádal\w*|\b(?:u?s)?pořádá(?!n)\w*|\b(?:z)?organizoval\w*"
                  r"|\b(?:z)?organizuj\w*|\busporiada\w*"
                  r"|\bveranstaltete\w*|\borganisierte\w*|\brichtete\w* .{0,40}\baus\b"
                  r"|\bzorganizował\w*|\borganizował\w*|\ba organisé\b|\borganise\b"),
    ("exhibitor", r"\bexhibit(?:ed|or|ing)\b|\b(?:stand|booth)\b"),
    ("speaker", r"\blectured\b|\bgave a (?:talk|presentation|speech|lecture)|\bkeynote\b"),
    ("participant", r"\bparticipated\b|\btook (?:a )?part\b|\battended\b|\bvisited\b"
                    r"|\b(?:was|were) represented\b|\bparticipant for\b"),
    ("speaker", r"\bpresented\b"),
)  # fmt: skip


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
    venue: str | None = None  # online, hybrid or on_site where the words say (`venue`)
    participants: int | None = None  # stated exactly (`headcount`)
    members_involved: int | None = None
    other: str | None = None  # the note when the item may be another organisation's

    @property
    def date_text(self) -> str:
        return self.date.text

    @property
    def precision(self) -> str:
        """The coarser of the start's and the end's ("June 2019 - 3 May 2020": month)."""
        order = ("day", "month", "year")
        ends = (self.date.precision, self.date.end_precision or self.date.precision)
        return max(ends, key=order.index)


def item_title(item: PageItem, span: DateSpan | None) -> str:
    heading, at = item.heading, (span.offset - item.head_at if span is not None else -1)
    if span is not None and 0 <= at < len(heading):  # a date in the heading, not above it
        heading = heading[:at] + heading[at + len(span.text) :]
    title = re.sub(r"\(\s*\)|\s+", " ", heading).strip(" -–—,:;|/")
    if not title:  # the heading was only a date: use the first sentence of the body
        title = re.split(r"(?<=[.!?])\s", item.body.strip(), maxsplit=1)[0]
    return (title[:297] + "...") if len(title) > 300 else (title or "(untitled item)")


def sentence_title(item: PageItem, span: DateSpan) -> str:
    """A title for a date the heading does not cover: its sentence, date and all ("The
    final conference took place on 12 May 2021 in Gliwice"): cutting the date out leaves
    fragments ("took place on in Gliwice") that would become the record's name."""
    end = span.offset + len(span.text)
    sentence = re.sub(r"\s+", " ", sentence_around(item.text, span.offset, end, limit=160))
    sentence = sentence.strip(" -–—,:;|/•·")
    if not sentence:
        return item_title(item, span)
    sentence = sentence[0].upper() + sentence[1:]
    return (sentence[:147] + "...") if len(sentence) > 150 else sentence


def _kind(item: PageItem, span: DateSpan, first: bool = True) -> str:
    """A project lasts months and is named so; an event is a day or a few. A short dated
    activity on a project's page (its kick-off meeting) is an event of its own."""
    text, heading = item.text, item.heading
    short = span.precision == "day" and (span.end - span.start).days <= 31
    if short and (not first or not re.search(r"\bproje[ckt]\w*", heading, re.IGNORECASE)):
        return "event"
    # A date known to the month or year is not a long activity: "June 2020" is a day in June.
    one_unit = (
        span.precision != "day"
        and span.end_precision in (None, span.precision)
        and (
            (span.start.year, span.start.month if span.precision == "month" else 1)
            == (span.end.year, span.end.month if span.precision == "month" else 1)
        )
    )
    long_range = (span.end - span.start).days > 62 and not one_unit
    signals = (
        long_range,
        bool(re.search(r"\bproject\b", heading, re.IGNORECASE)),
        bool(re.search(r"^\s*(?:provider|poskytovatel)\s*:", text, re.IGNORECASE | re.M)),
        bool(re.search(r"project partners?\b|\bis a (?:project )?partner\b", text, re.I)),
        bool(re.search(r"\bco-?(?:funded|financed)\b|\b(?:funded|financed) (?:by|from)\b", text)),
        any(f in text for f in ("Interreg", "Horizon 2020", "Horizon Europe", "ERDF")),
    )
    return "project" if any(signals) else "event"


@lru_cache(maxsize=8)
def _names_pattern(table: str, prefix: str) -> re.Pattern[str]:
    """One pattern for a whole table of names (longest first: "Frankfurt am Main" before
    "Frankfurt"), so a page of many items is not searched once per name."""
    names = sorted({"cities": CITIES, "countries": COUNTRIES}[table], key=len, reverse=True)
    return re.compile(rf"{prefix}(?<!\w)(?P<name>{'|'.join(map(re.escape, names))})(?!\w)")


def _place(item: PageItem) -> tuple[str | None, str | None]:
    """City and country only where the text names them; None when unsure."""

    def known(table: str, text: str, prefix: str = "") -> tuple[str, str] | None:
        m = _names_pattern(table, prefix).search(text)
        if m is None:
            return None
        names = CITIES if table == "cities" else COUNTRIES
        return m.group("name"), names[m.group("name")]

    near = r"\b(?:in|at|of)\s+(?:the\s+)?"
    city = known("cities", item.heading) or known("cities", item.body, near)
    country = known("countries", item.heading)
    if city and (country is None or country[1] == city[1]):
        return city[0], city[1]
    return None, country[1] if country else None


# The meetings of a governing body in the languages of EVENT_ROLES, read in an item's
# heading and its date's sentence only: a long item (an annual report, a newsletter)
# names its assembly among other events, which are not assemblies.
BODIES = (("general_assembly", ASSEMBLY), ("board_meeting", BOARD))


def _format(where: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The format whose words come first in `where`, or None."""
    hits = [(m.start(), f) for f, p in table if (m := re.search(p, where, re.I))]
    return min(hits)[1] if hits else None


def _event_fields(
    text: str, cluster_name: str | None, sentence: str = ""
) -> tuple[str | None, str | None, str | None]:
    """Role, format and who else organised it ("a member (Elmarco)", `organiser_other`)
    from an item's wording; `sentence` is its date's (`own_role` and the governing bodies
    read only the heading and it)."""
    role = None
    if cluster_name:
        name = re.escape(cluster_name)
        joint = rf"organi[sz]ed by (?:the )?{name}\w*\s+(?:together|in cooperation)"
        if re.search(joint, text, re.IGNORECASE):
            role = "co_organiser"
        elif re.search(rf"organi[sz]ed by (?:the )?{name}\b", text, re.IGNORECASE):
            role = "organiser"
    heading = text.split("\n", 1)[0]
    fmt = (
        _format(heading, EVENT_FORMATS + BODIES)
        or _format(sentence, BODIES)
        or _format(text, EVENT_FORMATS)
    )
    if role is None:  # its own assembly, "the cluster led a mission" (`ownrole`)
        role = own_role(f"{heading}\n{sentence}", cluster_name, fmt)
    other = None
    for candidate, pattern in EVENT_ROLES:
        if role is not None:
            break
        found = list(re.finditer(pattern, text, re.IGNORECASE))
        if found and candidate == "organiser":  # "our member X organised": not the cluster
            # who organised it: said in the date's sentence, where that names an organiser
            said = list(re.finditer(pattern, sentence, re.IGNORECASE))
            scope, found = (sentence, said) if said else (text, found)
            others = [organiser_other(scope, m.start(), cluster_name) for m in found]
            if all(others):
                other = others[0]
                continue
        role = candidate if found else None
    if other and role is None:
        role = "participant"  # the cluster's part, if any, is not said: the note asks
    return role, fmt, other


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


def parse_item(
    item: PageItem,
    span: DateSpan,
    kind: str | None,
    cluster_name: str | None,
    *,
    first: bool = True,
) -> ParsedItem:
    """`first`: the item's first dated record, titled by the heading; the others (an
    article reporting several meetings) are titled by the sentence that dates them."""
    title = item_title(item, span) if first and item.heading else sentence_title(item, span)
    kind = kind or _kind(item, span, first)
    fields: dict[str, Any] = {}
    if kind == "event":
        fields["city"], fields["country"] = _place(item)
        end = span.offset + len(span.text)
        sentence = sentence_around(item.text, span.offset, end) if span.offset >= 0 else ""
        fields["role"], fields["format"], other = _event_fields(item.text, cluster_name, sentence)
        if other:
            fields["other"] = (
                f"The text says {other} organised it, not the cluster: the role is set to "
                f"{fields['role']}, not organiser, so it does not count as an event the "
                "cluster organised; change the role if the cluster organised it too."
            )
        fields["participants"], fields["members_involved"] = headcount(item.text)
        fields["venue"] = event_venue(item.heading, sentence, item.text)
        if fields["venue"] == "online":  # "a webinar with ecoplus in Vienna": its seat
            fields["city"] = fields["country"] = None
    else:
        partners, codes, lead = _partners(item.body)
        fields.update(partners=partners, partner_countries=codes, funder=_funder(item.body))
        fields["acronym"] = _acronym(title, item.body)
        if lead or re.search(r"\bis (?:a )?(?:project )?partner\b", item.body):
            fields["role"] = "lead" if lead else "partner"
    return ParsedItem(title=title, kind=kind, start=span.start, end=span.end, date=span,
                      offset=item.offset, text=item.text, **fields)  # fmt: skip
