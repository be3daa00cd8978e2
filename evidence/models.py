"""Evidence record models: one frozen pydantic class per kind.

These classes are the single source of truth for what an evidence kind is and which
fields it has. The catalogue validator (`criteria`), the store's columns, the Excel
template and the importers all read `KINDS` / `kind_fields()` instead of keeping their
own lists, so adding a field here is the whole change.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .countries import country_code
from .findings import Location
from .languages import language_code
from .members import normalise_org_id
from .precision import DAY, Precision, precision_problems, unit_end
from .record_edges import cleaned, held, invalid

Status = Literal["draft", "submitted", "verified", "rejected", "needs_info", "withdrawn"]
STATUSES: tuple[str, ...] = get_args(Status)
# `withdrawn` is the manager's housekeeping (`clex evidence withdraw`, `restore`, `clex
# import undo`), never an auditor's verdict: a review may set only these, and no
# assessment counts a withdrawn record (it counts submitted, verified, draft).
WITHDRAWN = "withdrawn"
REVIEW_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != WITHDRAWN)

# What both stores hold (issue 21): a person's or a profile's name fits the `String(200)`
# columns of `evidence.schema`; the whole numbers, numbers and dates are
# `evidence.record_edges`' bounds.
NAME_MAX = 200  # a reviewer, the --user, a cluster's region, sector and legal form


def person_key(name: str) -> str:
    """A person's name as compared (Unicode NFKC, spaces collapsed, case folded): "Eva
    Nováková", "eva  nováková" and the same typed with a combining accent are one
    reviewer to the four-eyes rule and one assessor of a judgement, wherever checked."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


NonNegInt = Annotated[int, Field(ge=0)]
NonNegFloat = Annotated[float, Field(ge=0)]


def _country(value: Any, info: ValidationInfo) -> Any:
    """A country as `evidence.countries` reads it ("de", "Germany", the EU's "UK" -> its
    ISO code); a store's value as it is (`clex evidence validate` lists one from before)."""
    if _stored(info) or value is None:
        return value
    return country_code(value)


# A country: what is given is read as its ISO 3166-1 alpha-2 code, or refused.
CountryCode = Annotated[str, BeforeValidator(_country)]


class Source(BaseModel):
    """Where a record came from: enough for an auditor to open the file at that spot."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    sheet: str | None = None
    row: int | None = None
    offset: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.offset is not None:
            parts.append(f"offset {self.offset}")
        return ":".join(parts)

    @property
    def location(self) -> Location:
        """Where in its file, as a finding's location: sheet and row, or offset."""
        return Location(sheet=self.sheet, row=self.row, offset=self.offset)


class ClusterProfile(BaseModel):
    """The cluster organisation itself; metrics may refer to `$country` and `$region`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    name: str = Field(min_length=1, max_length=300)
    country: CountryCode | None = None
    region: str | None = None
    sector: str | None = None
    founded: int | None = Field(default=None, ge=1900, le=2100)
    website: str | None = None
    legal_form: str | None = None

    @field_validator("region", "sector", "legal_form", "website", mode="after")
    @classmethod
    def _fits_the_store(cls, value: str | None, info: ValidationInfo) -> str | None:
        """At most what the store's columns hold (`evidence.schema`), checked on what a
        user gives, not on what a store read back holds (it may be from before)."""
        top = 2000 if info.field_name == "website" else NAME_MAX
        if value is not None and len(value) > top and not _stored(info):
            raise ValueError(f"{len(value):,} characters is too long (at most {top:,})")
        return value


class Record(BaseModel):
    """Fields every evidence record has, whatever its kind."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(default="", max_length=120)
    cluster: str
    kind: str
    title: str = Field(min_length=1, max_length=1000)
    start: date
    end: date | None = None
    # How exactly `start` and `end` are known (`evidence.precision`): "day", or "month" /
    # "year" for a record whose source names only the month ("v červnu 2020") or the year
    # ("im Jahr 2019"). Then `start` is the first day of its month (year) and `end` the
    # last day of the month (year) it ends in; the record lies somewhere in that span and
    # no day of it is invented. Without an `end`, a kind that is not open-ended (an event,
    # a document, a newsletter) took place within the start's month (year): `end` is set
    # to that month's (year's) last day, so "June 2020" is 1..30 June; an open-ended one
    # (a member, a project) is ongoing, as with a day. The assessment counts such a
    # record in a period only when that whole span lies in it (open-ended ones: when
    # they run through its months, as with days; `assessment.conditions`).
    date_precision: Precision = DAY
    tags: tuple[str, ...] = ()
    url: str | None = Field(default=None, max_length=2000)
    attachment: str | None = None
    attachment_sha256: str | None = None
    source: Source | None = None
    status: Status = "submitted"
    expires: date | None = None
    notes: str | None = Field(default=None, max_length=10000)

    # Fields whose values together name the same real-world thing across imports.
    natural_key: ClassVar[tuple[str, ...]] = ("title", "start")
    # True for things that last until they end (a membership, a job, a project, a standing
    # service): without an `end` they are ongoing. False for things that happen (an event,
    # a newsletter, a document): without an `end` they are a single day, their `start`.
    open_ended: ClassVar[bool] = False
    # The fields an ongoing record (open-ended, without an `end`) states for a year, not
    # for its whole run, which has no end yet: a standing service's `members_served` is
    # the members it serves a year. A `pro_rata` sum gives such a record a year's worth
    # for each of the period's years it runs in (`assessment.attribution`), never its
    # whole value again in every period. With an `end`, the value covers its span.
    yearly_while_ongoing: ClassVar[frozenset[str]] = frozenset()
    # True for an occurrence of a few days (an event): it belongs to the period in which
    # it starts, so a fair over New Year counts once, in the year it opens, and never
    # again in the next. False for what is delivered while it runs (a service programme,
    # a project): it counts in every period it runs in.
    counted_where_it_starts: ClassVar[bool] = False
    # The fields a record leaves empty when it is at the cluster's home: an event in the
    # cluster's own country is entered without one (the template's note says so), so an
    # event without a country is no near miss of a presentation abroad
    # (`assessment.why_not`). A member has a seat somewhere: its empty country is unknown.
    empty_at_home: ClassVar[frozenset[str]] = frozenset()

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(t.strip() for t in re.split(r"[,;]", value) if t.strip())
        return value

    def key_fields(self) -> tuple[str, ...]:
        """The fields that name this record's real-world thing (its `natural_key`)."""
        return self.natural_key

    @field_validator("date_precision", mode="after")
    @classmethod
    def _whole_units(cls, value: str, info: ValidationInfo) -> str:
        """A month (year) precision dates whole months (years): the error is the
        precision's, named at its column, saying what to write instead."""
        start, end = info.data.get("start"), info.data.get("end")
        if isinstance(start, date):
            problems = precision_problems(start, end if isinstance(end, date) else None, value)
            if problems:
                raise ValueError(
                    f"date_precision {value}: "
                    + "; ".join(problems)
                    + " (or date_precision day, when the day is known)"
                )
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _edges(
        cls, data: Any, handler: ModelWrapValidatorHandler[Record], info: ValidationInfo
    ) -> Record:
        """Text without control characters, numbers and dates the stores hold, numbers
        to a spreadsheet's 15 digits: one pass over the row before pydantic validates it
        and one over the record after (`evidence.record_edges`, which says why), each
        problem at its field among the model's own. A store's text and bounds are read
        as they are (a program other than clex may have written them); a record given
        instead of a row is taken as it is, as pydantic takes one."""
        if not isinstance(data, dict):  # a record already made (pydantic re-validates none)
            return handler(data)
        stored = bool(info.context and info.context.get("stored"))
        problems: list[tuple[str, str, Any]] = []
        if not stored:
            data = cleaned(data, cls.model_fields, problems)
        try:
            record = handler(data)
        except ValidationError as exc:
            if not problems:
                raise
            raise invalid(cls.__name__, cls.model_fields, problems, exc) from None
        for name, value in held(record.__dict__, problems, stored=stored).items():
            object.__setattr__(record, name, value)  # its own, new record: not yet seen
        if problems:
            raise invalid(cls.__name__, cls.model_fields, problems, None)
        return record

    @model_validator(mode="after")
    def _check_dates_and_id(self) -> Record:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.end is None and self.date_precision != DAY and not self.open_ended:
            # took place within its start's month (year): the docstring of the field
            object.__setattr__(self, "end", unit_end(self.start, self.date_precision))
        if not self.id:
            object.__setattr__(self, "id", derive_id(self))
        return self


def _is_code(value: Any) -> bool:
    """A stored language: an ISO 639-1 code as `language_code` gives it."""
    return (
        isinstance(value, str)
        and len(value) == 2
        and value.isascii()
        and value.isalpha()
        and value.islower()
    )


def _stored(info: ValidationInfo) -> bool:
    """True when the model is being read back from a store (`make_record(stored=True)`)."""
    return bool(info.context and info.context.get("stored"))


def _norm(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def derive_id(record: Record) -> str:
    """A stable id from cluster, kind and natural key, so re-imports never duplicate."""
    fields = record.key_fields()
    key = "|".join(_norm(getattr(record, name)) for name in fields)
    if fields != record.natural_key:  # another key than the kind's usual one: say which
        key = f"{','.join(fields)}={key}"
    digest = hashlib.sha256(f"{record.cluster}|{record.kind}|{key}".encode()).hexdigest()
    return f"{record.kind[:3]}-{digest[:12]}"


class Member(Record):
    """A cluster participant. `start`/`end` are the dates it joined and left.

    `org_id` (a company number, VAT number or ROR id) names the organisation: when given
    it is the natural key, so two rows with one `org_id` are one member whatever their
    titles (`evidence/members.py` warns about similar names without one).
    """

    kind: Literal["member"] = "member"
    open_ended: ClassVar[bool] = True
    type: Literal[
        "sme",
        "large_company",
        "startup",
        "research",
        "university",
        "public",
        "association",
        "other",
    ] = "other"
    country: CountryCode | None = None
    region: str | None = None
    committed: bool = False
    fee_paying: bool = False
    org_id: str | None = Field(default=None, max_length=100)
    natural_key: ClassVar[tuple[str, ...]] = ("title",)

    @field_validator("org_id", mode="after")
    @classmethod
    def _normalise_org_id(cls, value: str | None) -> str | None:
        return normalise_org_id(value) or None if value is not None else None

    def key_fields(self) -> tuple[str, ...]:
        return ("org_id",) if self.org_id else self.natural_key


class Event(Record):
    kind: Literal["event"] = "event"
    counted_where_it_starts: ClassVar[bool] = True
    empty_at_home: ClassVar[frozenset[str]] = frozenset({"country"})
    role: Literal["organiser", "co_organiser", "participant", "exhibitor", "speaker"] = "organiser"
    format: Literal[
        "conference",
        "fair",
        "workshop",
        "meeting",
        "matchmaking",
        "training",
        "board_meeting",
        "general_assembly",
        "study_visit",
        "mission",
        "other",
    ] = "other"
    city: str | None = None
    country: CountryCode | None = None
    participants: NonNegInt | None = None
    members_involved: NonNegInt | None = None
    audience: Literal["members", "public", "mixed"] | None = None
    # where it took place: a webinar run from home for partners in Japan is no
    # presentation in Japan (C6, V3); empty: on site, as before the field existed
    venue: Literal["on_site", "online", "hybrid"] | None = None


class Project(Record):
    """A project; `project_status` because `status` is the record's review status."""

    kind: Literal["project"] = "project"
    open_ended: ClassVar[bool] = True
    acronym: str | None = None
    role: Literal["lead", "partner", "support"] = "partner"
    funder: str | None = None
    programme: str | None = None
    budget_eur: NonNegFloat | None = None
    cluster_budget_eur: NonNegFloat | None = None
    partners: tuple[str, ...] = ()
    partner_countries: tuple[CountryCode, ...] = ()
    member_participants: NonNegInt | None = None
    # not_funded: an application refused or withdrawn; cancelled: a project called off
    # before it ran. No indicator counts either (both were left empty when the import
    # refused them, and empty counts as running: V4, V5). Not "rejected": that is the
    # review status an auditor gives, and a choice has one word wherever it is named
    project_status: Literal["planned", "running", "completed", "not_funded", "cancelled"] | None = (
        None
    )

    @field_validator("partners", "partner_countries", mode="before")
    @classmethod
    def _split_lists(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(t.strip() for t in re.split(r"[,;]", value) if t.strip())
        return value

    @field_validator("partner_countries", mode="after")
    @classmethod
    def _each_country_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """UK and GB read as one code are one partner country, counted once."""
        return tuple(dict.fromkeys(value))


class Document(Record):
    kind: Literal["document"] = "document"
    doc_type: Literal[
        "statutes",
        "strategy",
        "action_plan",
        "kpi_report",
        "annual_report",
        "minutes",
        "success_story",
        "award",
        "press_clipping",
        "survey_report",
        "other",
    ] = "other"
    approved_by: str | None = None
    approved_on: date | None = None
    natural_key: ClassVar[tuple[str, ...]] = ("doc_type", "title", "start")


class Communication(Record):
    kind: Literal["communication"] = "communication"
    counted_where_it_starts: ClassVar[bool] = True  # a newsletter over New Year: once
    channel: Literal[
        "newsletter",
        "press_release",
        "media_mention",
        "website",
        "social_media",
        "publication",
        "presentation",
    ] = "newsletter"
    audience: str | None = None
    reach: NonNegInt | None = None
    # how many items (news, posts, mentions) the record stands for: a monthly
    # social-media report of 20 posts is one record of 20 items, which C1, C3, C5 and
    # C10 add up (counted as one record, it read as one post); 1 for a single item
    items: int = Field(default=1, ge=1)
    natural_key: ClassVar[tuple[str, ...]] = ("channel", "title", "start")


class Presence(Record):
    """The cluster's own standing presence online: its website, its profile on the
    European Cluster Collaboration Platform, a social-media account. `start` is the day
    it went online, `end` the day it closed; without an end it is online. What it
    published goes in `communication` records (proof of activity)."""

    kind: Literal["presence"] = "presence"
    open_ended: ClassVar[bool] = True
    platform: Literal["website", "eccp_profile", "social_account", "other"] = "website"
    languages: tuple[str, ...] = ()
    natural_key: ClassVar[tuple[str, ...]] = ("platform", "url", "title")

    @field_validator("languages", mode="before")
    @classmethod
    def _language_codes(cls, value: Any, info: ValidationInfo) -> Any:
        if _stored(info) and isinstance(value, list | tuple) and all(map(_is_code, value)):
            # read back: the codes were checked on the way in, and checking them again
            # loaded every language's names (a tenth of a second of `clex evidence list`)
            return tuple(value)
        if isinstance(value, str):
            value = [t for t in re.split(r"[,;]", value) if t.strip()]
        if isinstance(value, list | tuple):
            codes, problems = [], []
            for item in value:
                try:
                    codes.append(language_code(str(item).strip()))
                except ValueError as exc:
                    problems.append(str(exc))
            if problems:
                raise ValueError("; ".join(problems))
            return tuple(dict.fromkeys(codes))
        return value


class Service(Record):
    """A service the cluster delivers to its members. One delivered on a day (a partner
    day) or over a set span (a programme of 2024-2025) has that day or span as its
    `start` and `end`, and `members_served` the members it served in all. A standing
    service (an information desk, matchmaking offered all year) has no `end` while it is
    offered: it runs on, as a membership or a project does, and counts in every period
    it meets; its `members_served` is the members it serves a year
    (`yearly_while_ongoing`). Without an end a service was read as delivered on its
    start day alone, and five services offered since 2019-2023 counted in no year after
    the one they started in."""

    kind: Literal["service"] = "service"
    open_ended: ClassVar[bool] = True
    yearly_while_ongoing: ClassVar[frozenset[str]] = frozenset({"members_served"})
    category: Literal[
        "information",
        "matchmaking",
        "collaborative_rd",
        "internationalisation",
        "training",
        "marketing",
        "access_to_finance",
        "infrastructure",
        "consulting",
        "other",
    ] = "other"
    members_served: NonNegInt | None = None
    fee_based: bool = False
    natural_key: ClassVar[tuple[str, ...]] = ("category", "title", "start")


class Staff(Record):
    """A person of the cluster management; `start`/`end` are the employment at one FTE
    and role. A change of FTE or role is a new record from the day it changed, with
    `employed_since` the day the person started working for the cluster: two years of
    service (G5) run from it, not from the change (a rise from 0.8 to 1.0 FTE made a
    long-serving team "unstable")."""

    kind: Literal["staff"] = "staff"
    open_ended: ClassVar[bool] = True
    role: str | None = None
    fte: NonNegFloat = Field(default=0, le=1.5)
    employed_since: date | None = None

    @model_validator(mode="after")
    def _since_by_start(self) -> Staff:
        if self.employed_since is not None and self.employed_since > self.start:
            raise ValueError(
                f"employed_since {self.employed_since} is after start {self.start}: it is "
                "the day the person started working for the cluster, on or before this "
                "record's start (empty when this record is the first)"
            )
        return self


class Training(Record):
    """Training a person of the cluster management took, dated: the hours count in the
    period the training took place (`start`, or `start`..`end` for a course)."""

    kind: Literal["training"] = "training"
    hours: float = Field(gt=0)
    person: str | None = Field(default=None, max_length=300)
    natural_key: ClassVar[tuple[str, ...]] = ("person", "title", "start")


class Finance(Record):
    """Money the cluster organisation received or was promised. `start`..`end` is the
    span the amount covers: a financial year (2024-01-01..2024-12-31), or a six-year
    grant entered once (six years), which a catalogue attributes to a period pro rata;
    without an end it is a one-off payment on `start`."""

    kind: Literal["finance"] = "finance"
    year: int | None = Field(default=None, ge=1900, le=2100)
    source_type: Literal[
        "membership_fees",
        "paid_services",
        "private",
        "public_regional",
        "public_national",
        "public_eu",
        "project_funding",
        "other",
    ] = "other"
    amount_eur: NonNegFloat = 0
    secured_until: date | None = None
    natural_key: ClassVar[tuple[str, ...]] = ("source_type", "title", "start")


class Survey(Record):
    kind: Literal["survey"] = "survey"
    invited: NonNegInt | None = None
    respondents: NonNegInt | None = None
    satisfaction: float | None = Field(default=None, ge=0, le=100)


KINDS: dict[str, type[Record]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        Member,
        Event,
        Project,
        Document,
        Communication,
        Presence,
        Service,
        Staff,
        Training,
        Finance,
        Survey,
    )
}

COMMON_FIELDS: tuple[str, ...] = tuple(Record.model_fields)


FieldType = Literal["text", "int", "float", "bool", "date", "list", "choice"]


class FieldInfo(BaseModel):
    """What a catalogue, template or importer needs to know about one field."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: FieldType
    choices: tuple[str, ...] = ()
    required: bool = False
    description: str = ""


def _describe(annotation: Any) -> tuple[FieldType, tuple[str, ...]]:
    origin = get_origin(annotation)
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin is Literal:
        return "choice", tuple(str(a) for a in get_args(annotation))
    if origin is tuple:
        return "list", ()
    if args and origin is not None:  # Optional[...] / Annotated[...]
        return _describe(args[0])
    mapping: dict[Any, FieldType] = {
        bool: "bool",
        int: "int",
        float: "float",
        date: "date",
        str: "text",
    }
    return mapping.get(annotation, "text"), ()


FIELD_HELP: dict[str, str] = {
    "id": "Optional stable id; left empty, one is derived from the kind and the title/date.",
    "title": "What it is: organisation name, event title, document title ...",
    "start": "Effective date (joined, took place, approved, employed from). Date or d.m.yyyy.",
    "end": "Optional end date (left, ended, employed until).",
    "date_precision": "day; or month / year when only the month or year is known: start "
    "is then the 1st of the month (1 January), end the month's (year's) last day.",
    "tags": "Comma-separated tags, e.g. digital, green.",
    "url": "A link for the auditor; never fetched.",
    "attachment": "Path of a file inside the workspace; its SHA-256 is recorded at import.",
    "status": "draft, submitted, verified, rejected or needs_info.",
    "expires": "Date after which this evidence no longer holds.",
    "notes": "Free text.",
    "committed": "Signed membership agreement or equivalent commitment (yes/no).",
    "fee_paying": "Pays a membership fee (yes/no).",
    "country": "ISO 3166-1 alpha-2 code (e.g. CZ) in any case, or the country's name; the "
    "EU's UK and EL are read as GB and GR.",
    "partner_countries": "The partners' countries, comma-separated, as the country column "
    "takes them; each once.",
    "fte": "Full-time equivalent, 0 to 1.5.",
    "satisfaction": "Average satisfaction, 0 to 100.",
    "amount_eur": "Amount in euro.",
    "org_id": "Company number, VAT number or ROR id; the member's identity when given "
    "(rows with one org_id are one member).",
    "platform": "website, eccp_profile (the ECCP profile), social_account or other.",
    "languages": "Languages of the content, comma-separated: ISO codes (en, cs) or names.",
    "hours": "Hours of training, more than 0.",
    "person": "Who took the training: the staff member's name.",
    "venue": "on_site, online or hybrid; empty: on site.",
    "items": "How many news items, posts or mentions the record stands for (a whole number "
    "from 1); empty: 1.",
    "employed_since": "The day the person started working for the cluster, when this "
    "record continues an earlier one (a change of FTE or role); empty: start.",
    # a field that means something particular in one kind: "kind.field"
    "presence.start": "The day it went online.",
    "presence.end": "The day it closed; empty while it is online.",
    "finance.start": "First day of the span the amount covers (a financial year: 1.1.2024).",
    "finance.end": "Last day of that span (31.12.2024; a six-year grant entered once: its "
    "sixth year's end); empty for a one-off payment.",
    "training.start": "The day of the training (its first day, for a course).",
}


@cache
def kind_fields(kind: str) -> dict[str, FieldInfo]:
    """Every field a record of `kind` has (common ones first), with its type and choices."""
    cls = KINDS[kind]
    out: dict[str, FieldInfo] = {}
    for name, info in cls.model_fields.items():
        if name in ("attachment_sha256", "source", "cluster", "kind"):
            continue
        ftype, choices = _describe(info.annotation)
        out[name] = FieldInfo(
            name=name,
            type=ftype,
            choices=choices,
            required=info.is_required(),
            description=FIELD_HELP.get(f"{kind}.{name}", FIELD_HELP.get(name, "")),
        )
    return out


def all_kind_fields() -> dict[str, FieldInfo]:
    """The union of every kind's own fields (name -> info); same name means same type."""
    out: dict[str, FieldInfo] = {}
    for kind in KINDS:
        for name, info in kind_fields(kind).items():
            if name in COMMON_FIELDS:
                continue
            seen = out.get(name)
            if seen is None or (seen.type == "choice" and info.type != "choice"):
                out[name] = info if seen is None else info.model_copy(update={"choices": ()})
            elif seen.type == "choice" and info.type == "choice":
                merged = tuple(dict.fromkeys(seen.choices + info.choices))
                out[name] = seen.model_copy(update={"choices": merged})
    return out


def make_record(data: dict[str, Any], *, stored: bool = False) -> Record:
    """Build the record of the kind named in `data` (raises pydantic.ValidationError);
    `stored`: read back from a store, whose values are taken without the store's bounds
    (`Record._edges`), as a store may hold values from before they existed."""
    kind = data.get("kind")
    cls = KINDS.get(str(kind))
    if cls is None:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return cls.model_validate(data, context={"stored": stored})
