"""Catalogue models: criteria are data, validated here, evaluated in `assessment`.

The models check each value on its own (types, allowed words, ladders that ascend).
Checks that need the whole catalogue or the evidence kinds (an indicator's area exists,
a metric's field belongs to its kind, a label names known labels) live in
`criteria.checks`, so that every problem can be reported with its YAML location.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .rules import AGGREGATES_WITH_FIELD, AGGREGATES_WITHOUT_FIELD, Aggregate

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")]
AreaId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Scalar = str | int | float | bool
Condition = Scalar | list[Scalar] | dict[str, Scalar]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Translation(_Model):
    title: str | None = None
    question: str | None = None
    evidence: str | None = None
    description: str | None = None


Translations = dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], Translation]


class LastYears(_Model):
    last_years: int = Field(gt=0, le=50)


Scope = Literal["in_period", "active_at_end", "all"] | LastYears


class Metric(_Model):
    """How a value is computed from evidence (see docs/catalogue-format.md)."""

    aggregate: Aggregate
    kind: str | None = None
    scope: Scope = "in_period"
    where: dict[str, Condition] = Field(default_factory=dict)
    field: str | None = None
    # left_to_right: a ratio's numerator is a metric, a share's a mapping of conditions.
    numerator: Metric | dict[str, Condition] | None = Field(
        default=None, union_mode="left_to_right"
    )
    denominator: Metric | None = None
    per_year: bool = False

    @model_validator(mode="after")
    def _shape(self) -> Metric:
        agg = self.aggregate
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
        return self


class Step(_Model):
    at_least: float | None = None
    at_most: float | None = None
    points: float = Field(ge=0)

    @model_validator(mode="after")
    def _one_threshold(self) -> Step:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a step has either `at_least` or `at_most`")
        return self

    @property
    def threshold(self) -> float:
        return self.at_least if self.at_least is not None else self.at_most  # type: ignore[return-value]


class Level(_Model):
    points: float = Field(ge=0)
    description: str = Field(min_length=1)
    translations: Translations = Field(default_factory=dict)


class Judgement(_Model):
    levels: list[Level] = Field(min_length=2)

    @field_validator("levels")
    @classmethod
    def _ascending(cls, levels: list[Level]) -> list[Level]:
        pts = [lv.points for lv in levels]
        if any(b <= a for a, b in itertools.pairwise(pts)):
            raise ValueError(f"judgement levels must have ascending points, got {pts}")
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
    minimum: float | None = None
    weight: float = Field(default=1, gt=0)
    basis: str = Field(min_length=1)
    verified: bool
    translations: Translations = Field(default_factory=dict)

    @model_validator(mode="after")
    def _metric_or_judgement(self) -> Indicator:
        if (self.metric is None) == (self.judgement is None):
            raise ValueError("an indicator has either a `metric` or a `judgement`")
        if self.metric is not None and not self.points:
            raise ValueError("a metric indicator needs a `points` ladder")
        if self.judgement is not None and self.points:
            raise ValueError("a judgement indicator takes its points from its levels")
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
        if self.judgement is not None:
            return self.judgement.levels[-1].points
        return self.points[-1].points

    def title_in(self, lang: str) -> str:
        tr = self.translations.get(lang)
        return tr.title if tr and tr.title else self.title


def _check_ladder(steps: list[Step]) -> None:
    kinds = {s.at_least is not None for s in steps}
    if len(kinds) > 1:
        raise ValueError("a points ladder uses either `at_least` or `at_most` in every step")
    ascending = steps[0].at_least is not None
    for a, b in itertools.pairwise(steps):
        if b.points <= a.points:
            raise ValueError(f"points must ascend along the ladder: {a.points} then {b.points}")
        if ascending and b.threshold <= a.threshold:
            raise ValueError(f"`at_least` thresholds must ascend: {a.threshold} then {b.threshold}")
        if not ascending and b.threshold >= a.threshold:
            raise ValueError(f"`at_most` thresholds must descend: {a.threshold} then {b.threshold}")


class Area(_Model):
    id: AreaId
    title: str = Field(min_length=1)
    weight: float = Field(default=1, gt=0)
    translations: Translations = Field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        tr = self.translations.get(lang)
        return tr.title if tr and tr.title else self.title


class ImprovedAreas(_Model):
    at_least: int = Field(ge=1)
    previous_months_min: int = Field(default=18, ge=0)
    previous_months_max: int = Field(default=24, ge=0)

    @model_validator(mode="after")
    def _window(self) -> ImprovedAreas:
        if self.previous_months_max < self.previous_months_min:
            raise ValueError("previous_months_max is smaller than previous_months_min")
        return self


class Validity(_Model):
    """How long a label awarded on a date is valid, and how long after that it can still
    be renewed; the dates are computed in `assessment.awards`, from the award's date."""

    months: int = Field(default=24, gt=0, le=120)  # a first award
    # a timely renewal (awarded while the same label is still valid)
    renewal_months: int = Field(default=24, gt=0, le=120)
    # after expiry, the label can still be renewed (not applied for anew)
    renewal_window_months: int = Field(default=12, ge=0, le=60)


class LabelRule(_Model):
    """A label's rules; which of them hold is decided in `assessment`, never in code here."""

    id: AreaId
    title: str = Field(min_length=1)
    requires: list[str] = Field(default_factory=list)
    all_minimums_met: bool = False
    overall_at_least: float | None = Field(default=None, ge=0, le=100)
    area_at_least: dict[str, float] = Field(default_factory=dict)
    improved_areas: ImprovedAreas | None = None
    validity_months: int = Field(default=24, gt=0, le=120)
    translations: Translations = Field(default_factory=dict)


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
    # Where it was loaded from, given by `criteria.loader` as the validation context
    # {"origin": Origin(...)}: a loaded catalogue carries its SHA-256 along, so nothing
    # downstream reads the file again to learn it.
    _origin: Origin | None = PrivateAttr(default=None)

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
