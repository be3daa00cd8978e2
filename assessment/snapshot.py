"""The snapshot: one self-contained JSON document per assessment (`clex.assessment/1`).

Everything downstream (reports, compare, benchmark, verify) reads snapshots, never the
store, so that a snapshot mailed to an auditor or an association can still be read and
checked. The models are frozen and strict so that a hand-edited snapshot is caught.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from evidence.findings import Finding, Location
from evidence.messages import Text, Unit
from evidence.models import ClusterProfile
from evidence.terms import N_

SCHEMA = "clex.assessment/1"
Mode = Literal["self", "audit"]


class _Model(BaseModel):
    # NaN and infinities written as `json` wrote them (NaN, Infinity), which the readers
    # refuse by name, not as null (pydantic's default), which reads back as "no value"
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="constants")


class PeriodInfo(_Model):
    start: date
    end: date
    label: str  # "2024", "2022-2023" or "2024-03-01..2025-02-28"


class CatalogueTitles(_Model):
    """One language's titles from the catalogue's own `translations` (only those it has)."""

    catalogue: str = ""
    areas: dict[str, str] = Field(default_factory=dict)
    indicators: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    # improvement topics (Silver); empty in snapshots written before they were carried
    topics: dict[str, str] = Field(default_factory=dict)
    # indicator id -> its unit words (`Indicator.unit_words`) in this language
    units: dict[str, str] = Field(default_factory=dict)
    # a judgement level's English description -> its description in this language
    levels: dict[str, str] = Field(default_factory=dict)


class CatalogueInfo(_Model):
    """The catalogue an assessment used, and what a report needs of it: a report reads
    the snapshot only, never the catalogue file."""

    id: str
    version: str
    title: str
    sha256: str
    ref: str  # the built-in id or the file path it was loaded from
    # The `gold` label's `overall_at_least`; None: no such rule (a report then shows
    # the ECEI 80 %). Absent from snapshots written before it was added: see below.
    gold_threshold: float | None = None
    # Titles by language; None only in a snapshot written before this field existed,
    # which `read_snapshot` completes from the catalogue file when it is at hand.
    translations: dict[str, CatalogueTitles] | None = None
    # Indicator id -> SHA-256 of its definition (catalogue_view.definition_digest), so
    # that `compare` sees a redefined indicator; empty in snapshots written before.
    definitions: dict[str, str] = Field(default_factory=dict)


class EvidenceRef(_Model):
    """A record behind some score, as it was when the snapshot was taken."""

    id: str
    kind: str
    title: str
    start: date
    end: date | None = None
    # "month"/"year": dated only to them (`Record.date_precision`); not written when
    # "day", so a snapshot file (and its digest) says what it said before the field
    date_precision: str = "day"
    # how many items a communication record stands for (`Communication.items`); not
    # written when 1, as `date_precision` is not when "day"
    items: int = Field(default=1, ge=1, le=2**63 - 1)
    status: str
    content_sha256: str
    attachment_sha256: str | None = None
    expires: date | None = None
    source: str = ""

    @model_serializer(mode="wrap")
    def _day_unsaid(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("date_precision") == "day":
            del data["date_precision"]
        if data.get("items") == 1:
            del data["items"]
        return data


class AssessorLevel(_Model):
    """One assessor's own level for a judgement (a Gold audit has two assessors)."""

    name: str
    level: float


class _Cited(_Model):
    """An item of a user's file that cites records: it knows where it and each cited id
    stand in the file (the reader sets it), so that an error about a cited id can name
    the file and line; not part of the snapshot."""

    _source: tuple[str, dict[str, Location]] = PrivateAttr(default=("", {}))

    def located(self, file: str, marks: dict[str, Location]) -> Self:
        """This item, knowing its file and where it (key "") and each cited id stand."""
        self._source = (file, dict(marks))
        return self

    def source(self, key: str = "") -> tuple[str, Location]:
        """The file and the location of a cited id (of the item when not known)."""
        file, marks = self._source
        return file, marks.get(key) or marks.get("") or Location(key=self._name())

    def _name(self) -> str:
        return ""

    @property
    def subject(self) -> str:
        """How a message names it: "the judgement of G8", "improvement area strategy"."""
        return self._name()

    @property
    def indicator_id(self) -> str | None:
        return None


class Judgement(_Cited):
    indicator: str
    level: float  # the level the assessors agreed on: this one scores
    rationale: str = ""
    evidence: list[str] = Field(default_factory=list)
    assessor: str = ""  # the one assessor of a file (or snapshot) written the older way
    assessors: list[AssessorLevel] = Field(default_factory=list)  # each one's own level

    @model_serializer(mode="wrap")
    def _assessors_when_given(self, handler: Any) -> dict[str, Any]:
        """A judgement of one `assessor` is written as before the two-assessor form."""
        data: dict[str, Any] = handler(self)
        if not self.assessors:
            data.pop("assessors", None)
        return data

    @property
    def assessor_levels(self) -> list[AssessorLevel]:
        """Each assessor's level; the one `assessor` of an older file gave the agreed one."""
        if self.assessors or not self.assessor:
            return list(self.assessors)
        return [AssessorLevel(name=self.assessor, level=self.level)]

    @property
    def counted_level(self) -> float:
        """The level that scores: the agreed one, but never above every assessor's own
        (an agreed 4 where both assessors gave 2 is no level either of them found);
        below theirs it stands, as the stricter reading."""
        given = [a.level for a in self.assessor_levels]
        return min(self.level, max(given)) if given else self.level

    @property
    def who(self) -> str:
        """The assessors as a reader sees them: names, and a level that is not the agreed
        one (the explanation's "(Jana, Petr (2))"; a report rebuilds an older snapshot's
        English explanation with it, `reports.older`)."""
        return ", ".join(
            a.name + ("" if a.level == self.level else f" ({a.level:g})")
            for a in self.assessor_levels
        )

    def _name(self) -> str:
        return self.indicator

    @property
    def subject(self) -> str:
        return f"the judgement of {self.indicator}"

    @property
    def indicator_id(self) -> str | None:
        return self.indicator


class Gap(_Model):
    indicator: str
    area: str
    points_now: float
    points_next: float
    gain: float  # overall percentage points this step adds
    effort: int  # rough number of records or actions it needs
    need: Text  # the next step in evidence terms (a message; text in older snapshots)
    # a step a label rule requires: a missed eligibility threshold or the Gold step
    fixes_minimum: bool = False
    # What the step takes (`assessment.effort`; older snapshots: "", None): the catalogue's
    # effort word, its cost in effort units, the effort in words ("12 records"), and why
    # it cannot be done before the audit ("": it can; its cost is then None).
    effort_kind: str = ""
    cost: float | None = None
    effort_text: Text = ""
    blocked: Text = ""
    # More records the step needs when each record counts one (a plain count, higher is
    # better: `assessment.costs.with_records_needed`); None when records alone do not
    # tell (a share, a sum, a ratio, distinct values) and in snapshots written before.
    # A report says whether an indicator's near misses would reach the step.
    records_needed: int | None = None
    # a step of the plan for an audit of a later period that needs a year of activity:
    # `blocked` says why not before the audit, `cost` is its cost in that later period
    later: bool = False


class NotCounted(_Model):
    """A record of an indicator's kind that failed exactly one of its conditions
    (`assessment.why_not`): the nearest misses, the ones a user can most often fix."""

    id: str
    title: str
    start: date
    status: str  # as it stood on the snapshot's date
    condition: Text  # the one condition it failed, in words ("committed is yes")
    # which condition: "status", "scope", "precision" (dated only to a month or year
    # that is not wholly in the period), "expires", "where.<entry>" or "groups" (a key a
    # report can translate or group by)
    on: str
    part: str = ""  # a ratio's side: "numerator" or "denominator"; "" otherwise


class ConcernRecord(_Model):
    """A record a concern is about, with the value in question (a suspicious value)."""

    id: str
    title: str
    value: float | None = None


class Concern(_Model):
    """Something found at assessment time that quietly costs points, or that an auditor
    would question (`assessment.costs`): a profile field the catalogue needs, a
    suspicious value, a possible duplicate; with the records it is about and what to do."""

    group: Literal["profile", "suspicious", "duplicate"]
    what: Text
    todo: Text
    indicators: list[str] = Field(default_factory=list)  # whose points it holds down
    records: list[ConcernRecord] = Field(default_factory=list)  # the first ones
    records_total: int = 0


class IndicatorResult(_Model):
    id: str
    area: str
    title: str
    method: Literal["metric", "judgement"]
    value: float | None
    points: float
    max_points: float
    weight: float
    # The eligibility threshold a label sets on this indicator (Bronze's, in the built-in
    # catalogue), and whether the value meets it; None: no label sets one.
    minimum: float | None = None
    minimum_met: bool | None = None
    gold_points: float | None = None  # the points of its Gold step (None: none marked)
    gold_met: bool | None = None
    scored: bool = True  # False: descriptive, worth no points (e.g. the ECCP listing)
    # what the value is measured in ("percent", "eur", "years", "count", ...; `Indicator.
    # value_unit`) and whether it is a yearly average: a report shows "73.9 %", "€1,030,000",
    # "2 per year"; "" in snapshots written before (shown as a plain number)
    unit: Unit = ""
    unit_words: str = ""  # the catalogue's words of a "words" unit, in English
    per_year: bool = False
    # the decimals its value is shown with (`scoring.shown_digits`): more than 2 only when
    # fewer would show it as a step or threshold it is not; left out of the file at 2
    digits: int = Field(2, exclude_if=lambda d: d == 2)
    # an `at_most` ladder: the lower the value, the more points (a benchmark says so);
    # False in snapshots written before
    lower_is_better: bool = False
    evidence_ids: list[str] = Field(default_factory=list)
    explanation: Text  # a message (`evidence.messages`); English text in older snapshots
    # What a non-zero value rests on when no record backs it ("the value comes from the
    # cluster's founding ..., an auditor will ask for ..."; `assessment.unbacked`);
    # "" when records back it, and in snapshots written before
    unbacked: Text = ""
    findings: list[Finding] = Field(default_factory=list)
    basis: str = ""
    verified_threshold: bool = False
    other_mode_points: float | None = None  # points when counting the other way (self/audit)
    # An audit's share or ratio: whether verified evidence alone gives the same value
    # (False: unverified records hold it down); None: no such bound
    confirmed: bool | None = None
    # The records that failed exactly one condition (the first `why_not.CAP` of them,
    # newest first) and how many there were; empty in snapshots written before
    not_counted: list[NotCounted] = Field(default_factory=list)
    not_counted_total: int = 0


class AreaResult(_Model):
    """An area's points: a view. The total is not a mean of these (see `scoring`)."""

    id: str
    title: str
    weight: float = 1.0  # always 1: areas carry no weight (kept so older snapshots load)
    points: float
    max_points: float
    percent: float
    share_of_total: float | None = None  # per cent of all weighted points it carries


class LabelResult(_Model):
    """Readiness for a label, never an award: awards are recorded (`clex label award`)
    and their validity counts from the award date."""

    id: str
    title: str
    ready: bool
    reasons: list[Text]
    # What the verdict rests on when that is weaker than it looks (draft records
    # counted); the label sentence carries it.
    qualification: Text = ""
    valid_until: date | None = None  # never set: kept so that older snapshots load


AwardKind = Literal["first award", "timely renewal", "late renewal", "new award"]
AwardState = Literal[
    "not yet awarded", "valid", "in the renewal window", "expired", "renewed", "withdrawn"
]


class AwardInfo(_Model):
    """A label the cluster was awarded (recorded with `clex label award`), its validity
    from the award's date and its state on the snapshot's date (`assessment.awards`)."""

    id: int
    label: str
    title: str
    awarded_on: date
    awarded_by: str = ""
    note: str = ""
    kind: AwardKind
    months: int  # valid this many months from `awarded_on`
    valid_until: date  # the last valid day
    renewable_until: date  # the last day it can be renewed by repeating the process
    state: AwardState
    withdrawn_reason: str | None = None  # None: not withdrawn


COUNTING_WORDS = {  # msgids: a report translates them (evidence.terms.N_)
    "self": N_("a self-assessment"),
    "self+drafts": N_("a self-assessment counting drafts (--include-drafts)"),
    "audit": N_("an audit (verified evidence only)"),
}


# the same, short, after a period's label where two counted differently: "2024 (drafts
# counted)" wherever a report says a change against it (`reports.context`)
COUNTING_SHORT = {
    "self": N_("self-assessed"),
    "self+drafts": N_("drafts counted"),
    "audit": N_("audited"),
}


def counting(mode: Mode, include_drafts: bool | None) -> str:
    return f"{mode}+drafts" if mode == "self" and include_drafts else mode


class PreviousInfo(_Model):
    """What Silver needs of the earlier assessment; carried in the snapshot so `clex
    verify` re-derives Silver without the earlier file. Fields added later are None in
    a snapshot written before them, and Silver then says the earlier one is too old."""

    period: PeriodInfo
    overall: float
    areas: dict[str, float]
    catalogue_sha256: str
    cluster: str | None = None
    mode: Mode | None = None
    ready: list[str] | None = None  # the labels it was ready for
    points: dict[str, float] | None = None  # indicator id -> points
    include_drafts: bool | None = None
    # what `clex verify` found between the earlier snapshot and the store when this one
    # was assessed (None: not checked; an edited or outdated snapshot cannot serve)
    differences: int | None = None


class Improvement(_Cited):
    """An improvement area a Silver applicant names: an indicator or an improvement
    topic of the catalogue, how it changed the cluster, and the records that show it."""

    area: str
    description: str = Field(min_length=1)
    evidence: list[str] = Field(min_length=1)

    def _name(self) -> str:
        return f"improvements.{self.area}"

    @property
    def subject(self) -> str:
        return f"improvement area {self.area}"


class Snapshot(_Model):
    schema_: Literal["clex.assessment/1"] = Field("clex.assessment/1", alias="schema")
    tool_version: str
    created: date
    cluster: ClusterProfile
    period: PeriodInfo
    mode: Mode
    counted_statuses: list[str]
    include_drafts: bool = False  # --include-drafts (an audit's other mode counts them)
    after_as_of: list[str] = Field(default_factory=list)  # ids dated after `created`
    # ids dated by `created` but entered into the store after it: not counted
    entered_after: list[str] = Field(default_factory=list)
    catalogue: CatalogueInfo
    evidence_digest: str
    evidence: list[EvidenceRef]
    judgements: list[Judgement] = Field(default_factory=list)
    indicators: list[IndicatorResult]
    areas: list[AreaResult]
    overall: float
    other_mode_overall: float | None = None
    labels: list[LabelResult]
    gaps: list[Gap]
    gold_path: list[Gap]
    # The steps Gold needs that cannot be done before the audit (then `gold_path` is
    # empty); when no doable set reaches Gold's total, `gold_reach` is the highest total
    # one does. `cheapest_gain`: the doable next step with the most points per effort.
    gold_blocked: list[Gap] = Field(default_factory=list)
    gold_reach: float | None = None
    # Which plan `gold_path` is, when none reaches Gold before the audit: True, the
    # cheapest path for an audit of a later period (steps that need a year of activity
    # admitted at their cost, marked `later`); False, not even that reaches Gold (an age,
    # or the total), `gold_blocked` says what; None: the plan before the audit, or Gold
    # holds (and snapshots written before).
    gold_later: bool | None = None
    cheapest_gain: Gap | None = None
    findings: list[Finding] = Field(default_factory=list)
    previous: PreviousInfo | None = None
    improvements: list[Improvement] = Field(default_factory=list)
    awards: list[AwardInfo] = Field(default_factory=list)  # awarded up to `created`
    # SHA-256 of the snapshot's canonical JSON without this field (`content_digest`),
    # written with every snapshot file; None in snapshots written before it existed.
    # A file whose digest does not match its content was edited after clex wrote it.
    digest: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    # What quietly costs points (`assessment.costs`); empty in snapshots written before
    concerns: list[Concern] = Field(default_factory=list)
    # Records reviewed (verified, rejected or needing information) on `created`, dated up
    # to the period's end; None in snapshots written before (their evidence tells)
    reviewed: int | None = None

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, ser_json_inf_nan="constants"
    )

    def indicator(self, indicator_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.id == indicator_id)

    @property
    def counting(self) -> str:
        """The counting mode as comparisons need it: drafts counted make a mode of their
        own (a Silver baseline, a peer or a compared year must count the same way)."""
        return counting(self.mode, self.include_drafts)

    def area(self, area_id: str) -> AreaResult:
        return next(a for a in self.areas if a.id == area_id)

    def label(self, label_id: str) -> LabelResult | None:
        return next((lb for lb in self.labels if lb.id == label_id), None)

    def to_json(self) -> str:
        """The snapshot file's text, sealed with the digest of its content: indented by
        pydantic's own serialiser (`json.dumps` with `indent` runs Python's pure-Python
        encoder, a tenth of `clex demo`, issue 19). Its numbers are the shortest that read
        back as the same float (`1e-7` where `json` wrote `1e-07`); a NaN or an infinity is
        written as `json` wrote it (`_Model`'s config), and refused when read back."""
        return self.sealed()[0]

    def sealed(self) -> tuple[str, str]:
        """The file's text (`to_json`) and the digest sealed into it, computed once for a
        caller that needs both (the demo writes each period's file and keeps it in the
        store: four serialisations of half a megabyte where two do)."""
        digest = content_digest(self)
        sealed = self.model_copy(update={"digest": digest})
        return sealed.model_dump_json(indent=2, by_alias=True) + "\n", digest


def evidence_digest(refs: list[EvidenceRef]) -> str:
    lines = sorted(f"{r.id}:{r.content_sha256}:{r.status}" for r in refs)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def content_digest(snapshot: Snapshot) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces), without its
    `digest` and without fields at their defaults: a field added later with a default
    leaves the digest of a snapshot written before it unchanged, and so does a reader
    that fills a default the file left out."""
    data = snapshot.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude={"digest"}
    )
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
