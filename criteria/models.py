"""Catalogue models: criteria are data, validated here, evaluated in `assessment`.

The models check each value on its own (types, allowed words, ladders that ascend).
Checks that need the whole catalogue or the evidence kinds (an indicator's area exists,
a metric's field belongs to its kind, a label names known labels) live in
`criteria.checks`, so that every problem can be reported with its YAML location.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from typing_extensions import TypeAliasType

from evidence.messages import Unit

from .rules import (
    AGGREGATES_WITH_FIELD,
    AGGREGATES_WITHOUT_FIELD,
    Aggregate,
    attribution_problem,
    since_problem,
)

T = TypeVar("T")
Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")]
AreaId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Scalar = str | int | float | bool
# What a step takes (`assessment.effort` holds the cost model and docs/catalogue-format.md
# explains it): `records` per record entered of what exists or happened, `document` one
# document, `survey` a member survey, `judgement` work an assessor judges (per level),
# `activity_year` a year of activity (cannot be done before the audit).
Effort = Literal["records", "document", "survey", "judgement", "activity_year"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldRef(_Model):
    """A condition value taken from another field of the same record:
    `respondents: {gte: {field: invited, times: 0.3}}`. `times` (numbers only) defaults
    to 1; `plus` (dates only) moves the other date by years or months, then days, as a
    variable's offset does (`end: {lt: {field: start, plus: 1y}}`: ends within a year of
    its start); a record without that other field does not match."""

    field: str = Field(min_length=1)
    times: float | None = None
    plus: str | None = None


# A field's condition: a value (equality), a list (any of), or operators, whose values
# may name another field; under the key `any_of`, a list of mappings one of which must
# match (each mapping ANDs its entries and may hold an `any_of` itself).
Operand = Scalar | FieldRef
Condition = TypeAliasType(
    "Condition",
    "Scalar | list[Scalar] | dict[str, Operand] | list[Where]",
)
Where = TypeAliasType("Where", "dict[str, Condition]")


class Translation(_Model):
    title: str | None = None
    question: str | None = None
    evidence: str | None = None
    description: str | None = None
    unit_words: str | None = None  # an indicator's `unit_words` in this language


Translations = dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], Translation]


class LastYears(_Model):
    last_years: int = Field(gt=0, le=50)


Scope = Literal["in_period", "active_at_end", "all"] | LastYears


class Metric(_Model):
    """How a value is computed from evidence (see docs/catalogue-format.md)."""

    aggregate: Aggregate
    kind: str | None = None
    scope: Scope = "in_period"
    where: Where = Field(default_factory=dict)
    field: str | None = None
    # left_to_right: a ratio's numerator is a metric, a share's a mapping of conditions.
    numerator: Metric | Where | None = Field(default=None, union_mode="left_to_right")
    denominator: Metric | None = None
    # count_distinct only: count the groups whose values occur, not the values (the
    # helices: industry = sme, large_company, startup; research = research, university;
    # public = public); a value in no group is not counted
    groups: dict[str, list[Scalar]] | None = None
    per_year: bool = False
    # sum, or a share with a field, in scope in_period: each record's value attributed to
    # the period by the days of its span inside it (`pro_rata`: of its span's days, for
    # amounts covering a span; `time_weighted`: of the period's days, an average)
    pro_rata: bool = False
    time_weighted: bool = False
    # age_years only: a date (or `$founded`) the age counts from when it is earlier than
    # the earliest record
    since: str | None = None

    @field_validator("since", mode="before")
    @classmethod
    def _since_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    @model_validator(mode="after")
    def _shape(self) -> Metric:
        agg = self.aggregate
        for key, other in (("pro_rata", "time_weighted"), ("time_weighted", "pro_rata")):
            if getattr(self, key):
                both = bool(getattr(self, other))
                if problem := attribution_problem(key, agg, self.scope, self.field, both):
                    raise ValueError(problem)
        if self.since is not None and (problem := since_problem(agg, self.since)):
            raise ValueError(problem)
        if agg == "ratio":
            if not isinstance(self.numerator, Metric) or self.denominator is None:
                raise ValueError("a ratio needs a `numerator` metric and a `denominator` metric")
            if self.kind is not None:
                raise ValueError("a ratio names its kinds in `numerator` and `denominator`")
            return self
        if self.kind is None:
            raise ValueError(f"the aggregate {agg!r} needs a `kind`")
        if self.denominator is not None:
            raise ValueError("only a ratio has a `denominator`")
        if agg == "share":
            if not isinstance(self.numerator, dict) or not self.numerator:
                raise ValueError("a share needs a `numerator` mapping of conditions")
        elif self.numerator is not None:
            raise ValueError("only a share or a ratio has a `numerator`")
        if agg in AGGREGATES_WITH_FIELD and not self.field:
            raise ValueError(f"the aggregate {agg!r} needs a `field`")
        if agg in AGGREGATES_WITHOUT_FIELD and self.field:
            raise ValueError(f"the aggregate {agg!r} takes no `field`")
        if self.groups is not None:
            if agg != "count_distinct":
                raise ValueError("only a count_distinct has `groups`")
            if not self.groups or any(not values for values in self.groups.values()):
                raise ValueError("`groups` maps each group's name to a list of values")
            seen = [v for values in self.groups.values() for v in values]
            twice = sorted({str(v) for v in seen if seen.count(v) > 1})
            if twice:
                raise ValueError(f"a value belongs to one group only: {', '.join(twice)}")
        return self


class Threshold(_Model):
    """A value to reach, at least or at most: a label's requirement on an indicator, and
    (with points) a step of a ladder."""

    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> Self:
        if (self.at_least is None) == (self.at_most is None):
            what = type(self).__name__.lower()
            raise ValueError(f"a {what} has either `at_least` or `at_most`")
        return self

    @property
    def threshold(self) -> float:
        return self.at_least if self.at_least is not None else self.at_most  # type: ignore[return-value]

    def holds(self, value: float | None) -> bool:
        """`value` reaches it (within rounding); no value reaches nothing."""
        if value is None:
            return False
        if self.at_least is not None:
            return value >= self.at_least - 1e-9
        assert self.at_most is not None
        return value <= self.at_most + 1e-9

    def __str__(self) -> str:
        return (
            f"at least {self.at_least:g}"
            if self.at_least is not None
            else (f"at most {self.at_most:g}")
        )


class Step(Threshold):
    points: float = Field(ge=0)
    gold: bool = False  # the indicator's own Gold threshold (`gold_steps` labels)
    effort: Effort | None = None  # what reaching this step takes; None: the indicator's


class Level(_Model):
    points: float = Field(ge=0)
    description: str = Field(min_length=1)
    gold: bool = False  # the level a Gold assessment needs
    translations: Translations = Field(default_factory=dict)


class Judgement(_Model):
    levels: list[Level] = Field(min_length=2)

    @field_validator("levels")
    @classmethod
    def _ascending(cls, levels: list[Level]) -> list[Level]:
        pts = [lv.points for lv in levels]
        if any(b <= a for a, b in itertools.pairwise(pts)):
            raise ValueError(f"judgement levels must have ascending points, got {pts}")
        if sum(lv.gold for lv in levels) > 1:
            raise ValueError("one level at most is marked `gold: true`")
        return levels


class Indicator(_Model):
    id: Id
    area: str
    title: str = Field(min_length=1)
    question: str = Field(min_length=1)
    evidence: str = Field(min_length=1)
    metric: Metric | None = None
    judgement: Judgement | None = None
    points: list[Step] = Field(default_factory=list)
    weight: float = Field(default=1, gt=0)
    # False: a descriptive indicator, shown (and usable as a label's requirement) but
    # worth no points, e.g. the listing on the European Cluster Collaboration Platform.
    scored: bool = True
    basis: str = Field(min_length=1)
    verified: bool
    translations: Translations = Field(default_factory=dict)
    # The value's unit in reports ("percent", "eur", "years", ...); None: from the metric
    # (`value_unit`): a share or growth is a percentage, a sum of `amount_eur` is money.
    unit: Unit | None = None
    # The catalogue's own words for the unit, after the number ("hours per FTE a year",
    # "of 100"): the unit is then "words"; translated in `translations` (`unit_words`).
    # Words that read after any number ("h", "of 100") need no plural forms.
    unit_words: str | None = Field(default=None, min_length=1)
    # What its steps take (a step's own `effort` wins); None: from the metric
    # (`assessment.effort.effort_kind`).
    effort: Effort | None = None

    @model_validator(mode="after")
    def _metric_or_judgement(self) -> Indicator:
        if (self.metric is None) == (self.judgement is None):
            raise ValueError("an indicator has either a `metric` or a `judgement`")
        if self.metric is not None and self.scored and not self.points:
            raise ValueError("a metric indicator needs a `points` ladder")
        if not self.scored and self.points:
            raise ValueError("a descriptive indicator (`scored: false`) takes no `points`")
        if self.judgement is not None and self.points:
            raise ValueError("a judgement indicator takes its points from its levels")
        if self.unit == "words" and not self.unit_words:
            raise ValueError("`unit: words` needs the words: `unit_words`")
        if self.unit_words and self.unit not in (None, "words"):
            raise ValueError(f"`unit_words` says the unit in words; drop `unit: {self.unit}`")
        return self

    @field_validator("points")
    @classmethod
    def _ladder(cls, steps: list[Step]) -> list[Step]:
        if steps:
            _check_ladder(steps)
        return steps

    @property
    def lower_is_better(self) -> bool:
        return bool(self.points) and self.points[0].at_most is not None

    @property
    def max_points(self) -> float:
        if not self.scored:
            return 0.0
        if self.judgement is not None:
            return self.judgement.levels[-1].points
        return self.points[-1].points

    @property
    def gold_step(self) -> Step | None:
        """The step (or level, as a step) marked `gold: true`; None: none is marked."""
        if self.judgement is not None:
            level = next((lv for lv in self.judgement.levels if lv.gold), None)
            return Step(at_least=level.points, points=level.points) if level else None
        return next((s for s in self.points if s.gold), None)

    @property
    def gold_points(self) -> float | None:
        """The points of the step (or level) marked `gold: true`; None: none is marked."""
        step = self.gold_step
        return None if step is None else step.points

    @property
    def value_unit(self) -> Unit:
        """The unit of the value: the catalogue's `unit`, else what the metric computes."""
        if self.unit_words:
            return "words"
        if self.unit is not None:
            return self.unit
        if self.metric is None:
            return "points"  # a judgement's value is the level's points
        return metric_unit(self.metric)

    def title_in(self, lang: str) -> str:
        tr = self.translations.get(lang)
        return tr.title if tr and tr.title else self.title


# and every `*_eur`: money. `items` (how many items a communication record stands for)
# added up is a count of items, as a count of single-item records was.
FIELD_UNITS: dict[str, Unit] = {"hours": "hours", "fte": "fte", "items": "count"}


def metric_unit(metric: Metric) -> Unit:
    """What a metric's value is measured in: a share or growth in per cent, an age in
    years, a sum of a field in that field's unit, a count in records, whether something
    exists as yes or no."""
    match metric.aggregate:
        case "share" | "growth":
            return "percent"
        case "age_years":
            return "years"
        case "sum" | "mean" | "min" | "max" | "latest":
            name = metric.field or ""
            return "eur" if name.endswith("_eur") else FIELD_UNITS.get(name, "")
        case "exists":
            return "yes_no"
        case "count" | "count_distinct":
            return "count"
    return ""


def counts_items(metric: Metric) -> bool:
    """Whether a metric counts things one by one: a `count` of records, or a `sum` of
    a field in the unit `count` (C5 adds up the items each communication record stands
    for). Both ask for the items they are short of, and a duplicate counted once is one
    record's items less."""
    return metric.aggregate == "count" or (
        metric.aggregate == "sum" and metric_unit(metric) == "count"
    )


def _check_ladder(steps: list[Step]) -> None:
    kinds = {s.at_least is not None for s in steps}
    if len(kinds) > 1:
        raise ValueError("a points ladder uses either `at_least` or `at_most` in every step")
    if sum(s.gold for s in steps) > 1:
        raise ValueError("one step at most is marked `gold: true`")
    ascending = steps[0].at_least is not None
    for a, b in itertools.pairwise(steps):
        if b.points <= a.points:
            raise ValueError(f"points must ascend along the ladder: {a.points} then {b.points}")
        if ascending and b.threshold <= a.threshold:
            raise ValueError(f"`at_least` thresholds must ascend: {a.threshold} then {b.threshold}")
        if not ascending and b.threshold >= a.threshold:
            raise ValueError(f"`at_most` thresholds must descend: {a.threshold} then {b.threshold}")


class Area(_Model):
    """A chapter of the catalogue. Areas carry no weight: the total is the sum of all
    weighted points over the sum of all maxima (as ECEI counts), an area's per cent is a
    view of its own indicators."""

    id: AreaId
    title: str = Field(min_length=1)
    translations: Translations = Field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        tr = self.translations.get(lang)
        return tr.title if tr and tr.title else self.title


class Improvements(_Model):
    """Silver: `count` improvement areas the cluster names, each reaching its Gold step,
    after an assessment whose period ended `previous_months_min`..`max` months before."""

    count: int = Field(default=3, ge=1)
    previous_months_min: int = Field(default=18, ge=0)
    previous_months_max: int = Field(default=24, ge=0)

    @model_validator(mode="after")
    def _window(self) -> Improvements:
        if self.previous_months_max < self.previous_months_min:
            raise ValueError("previous_months_max is smaller than previous_months_min")
        return self


class Validity(_Model):
    """How long an awarded label is valid, counted from the award (never from a
    readiness computed by this tool)."""

    months: int = Field(default=24, gt=0, le=120)  # a first award
    # a timely renewal: awarded while the same label is still valid
    renewal_months: int = Field(default=36, gt=0, le=120)
    # after expiry the label can still be renewed (not applied for anew) this long
    renewal_window_months: int = Field(default=12, ge=0, le=60)


class LabelRule(_Model):
    """A label's rules; which of them hold is decided in `assessment`, never in code here."""

    id: AreaId
    title: str = Field(min_length=1)
    requires: list[str] = Field(default_factory=list)
    # indicator id -> the threshold its value must reach (Bronze: the eligibility criteria)
    indicators: dict[str, Threshold] = Field(default_factory=dict)
    gold_steps: bool = False  # every scored indicator reaches its step marked `gold: true`
    total_at_least: float | None = Field(default=None, ge=0, le=100)  # per cent of all points
    improvements: Improvements | None = None
    validity: Validity = Field(default_factory=Validity)
    translations: Translations = Field(default_factory=dict)


class ImprovementTopic(_Model):
    """A theme a Silver applicant may name as an improvement area: it reaches its Gold
    step when every one of its indicators does."""

    id: Id
    title: str = Field(min_length=1)
    indicators: list[str] = Field(min_length=1)
    translations: Translations = Field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        tr = self.translations.get(lang)
        return tr.title if tr and tr.title else self.title


class Origin(_Model):
    """Where a catalogue was loaded from."""

    sha256: str
    ref: str  # the built-in id, or the file's path as given


class Catalogue(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    source: str = ""
    translations: Translations = Field(default_factory=dict)
    areas: list[Area] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    labels: list[LabelRule] = Field(default_factory=list)
    improvement_topics: list[ImprovementTopic] = Field(default_factory=list)
    # Where it was loaded from, given by `criteria.loader` as the validation context
    # {"origin": Origin(...)}: a loaded catalogue carries its SHA-256 along, so nothing
    # downstream reads the file again to learn it.
    _origin: Origin | None = PrivateAttr(default=None)
    # What is computed from the catalogue alone (its digests, the variables its metrics
    # use), once per catalogue rather than once per assessed cluster (`derived`).
    _derived: dict[tuple[str, int], Any] = PrivateAttr(default_factory=dict)

    def derived(self, name: str, compute: Callable[[Catalogue], T]) -> T:
        """`compute(self)`, computed once and kept with this catalogue (it is frozen, so
        the result cannot go stale): assessing a hundred clusters with one catalogue
        otherwise redid it a hundred times (benchmarks: assess-all)."""
        key = (name, id(self))  # a `model_copy` shares the dict, not the result
        if key not in self._derived:
            self._derived[key] = compute(self)
        return self._derived[key]

    @model_validator(mode="after")
    def _set_origin(self, info: ValidationInfo) -> Catalogue:
        origin = info.context.get("origin") if isinstance(info.context, dict) else None
        if isinstance(origin, Origin):
            self._origin = origin
        return self

    @property
    def origin(self) -> Origin:
        """The file it was loaded from (`ValueError` for a catalogue built in code)."""
        if self._origin is None:
            raise ValueError(f"the catalogue {self.id} was not loaded from a file")
        return self._origin

    @property
    def sha256(self) -> str:
        """The SHA-256 of the catalogue file's bytes, computed once when it was loaded."""
        return self.origin.sha256

    @property
    def ref(self) -> str:
        """How a snapshot names it: the built-in id, or the file's path as given."""
        return self.origin.ref

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def label(self, label_id: str) -> LabelRule:
        return next(lb for lb in self.labels if lb.id == label_id)

    def topic(self, topic_id: str) -> ImprovementTopic | None:
        return next((t for t in self.improvement_topics if t.id == topic_id), None)

    @property
    def scored(self) -> list[Indicator]:
        return [i for i in self.indicators if i.scored]
