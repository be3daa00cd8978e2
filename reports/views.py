"""The report's view of a snapshot: plain frozen rows that both report writers read.

Why a module of its own: these are what the templates and the workbook's sheets see
(reports/templates/README.md lists them by name), so a reader looking for "what is
`i.evidence_count` in a template" finds the shapes here, apart from the code that
works them out of snapshots (reports/context.py). Numbers and dates stay plain;
formatting belongs to the writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assessment.compare import Comparison, OneSided
from assessment.snapshot import Snapshot

from .costs import CostsView
from .i18n import Lang
from .peers import PeerView


@dataclass(frozen=True)
class EvidenceRow:
    id: str
    kind: str
    start: date | None
    end: date | None
    title: str
    status: str
    sha_prefix: str
    content_sha256: str
    attachment_sha256: str | None
    expires: date | None
    source: str
    missing: bool = False  # cited by the snapshot but not listed in it
    date_precision: str = "day"  # "month"/"year": its dates are shown as only those
    items: int = 1  # how many items a communication record stands for (C5 adds them up)


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    area: str
    title: str
    method: str
    value: float | None
    points: float
    max_points: float
    percent: float  # points of max, 0-100
    weight: float
    minimum: float | None
    minimum_met: bool | None
    previous_points: float | None
    change: float | None
    explanation: str
    evidence: list[EvidenceRow]
    findings: list[str]
    other_mode_points: float | None
    scored: bool = True  # False: descriptive, worth no points; its row adds nothing
    unit: str = ""  # what the value is measured in (`IndicatorResult.unit`)
    unit_words: str = ""  # a "words" unit's words in the report's language
    unbacked: str = ""  # what a value without records rests on (`IndicatorResult.unbacked`)
    per_year: bool = False
    digits: int = 2  # the decimals its value is shown with (`IndicatorResult.digits`)
    # the catalogues compared define it differently: its change is no change of the
    # cluster (`assessment.compare.one_sided`), and its row says "redefined"
    redefined: bool = False

    @property
    def evidence_count(self) -> int:
        return len(self.evidence)

    # The points as the area line and the total count them: times the weight (an area's
    # table shows these, so its rows add up to the area line; tests/test_reports_tally.py).
    @property
    def weighted_points(self) -> float:
        return self.points * self.weight if self.scored else 0.0

    @property
    def weighted_max(self) -> float:
        return self.max_points * self.weight if self.scored else 0.0

    @property
    def weighted_change(self) -> float | None:
        return None if self.change is None or not self.scored else self.change * self.weight

    @property
    def weighted_previous(self) -> float | None:
        return self._weighted(self.previous_points)

    @property
    def weighted_other_mode(self) -> float | None:
        """The other counting mode's points, weighted (the verified-only table)."""
        return self._weighted(self.other_mode_points)

    def _weighted(self, points: float | None) -> float | None:
        """`points` times the weight (None: none, or a descriptive indicator)."""
        return None if points is None or not self.scored else round(points * self.weight, 4)


@dataclass(frozen=True)
class AppendixGroup:
    """One indicator's evidence in the appendix, or a run of it when a part starts inside.

    Reads like the `IndicatorRow` it shows (`i.id`, `i.title` ...), except that
    `evidence` holds the records of this run only and `continued` tells a run that does
    not start the group (it has no title of its own: that stays with the first run).
    """

    row: IndicatorRow
    evidence: list[EvidenceRow]
    continued: bool = False

    @classmethod
    def whole(cls, row: IndicatorRow) -> AppendixGroup:
        return cls(row, row.evidence)

    @property
    def evidence_count(self) -> int:
        return len(self.row.evidence)

    def __getattr__(self, name: str) -> Any:
        if name == "row":  # not set yet (copy, pickle): never recurse
            raise AttributeError(name)
        return getattr(self.row, name)


@dataclass(frozen=True)
class AreaView:
    id: str
    title: str
    share_of_total: float | None  # per cent of all weighted points the area carries
    points: float
    max_points: float
    percent: float
    previous: float | None
    change: float | None
    indicators: list[IndicatorRow]
    # what of `change` indicators set apart make ("of which +9.1 from C1, defined
    # differently by the two catalogues"; `reports.apart.area_notes`)
    change_note: str = ""


@dataclass(frozen=True)
class LabelView:
    id: str
    title: str
    ready: bool
    reasons: list[str]
    qualified: bool = False  # ready on unreviewed evidence (reports/verdict.py)

    @property
    def heading(self) -> str:
        """The title where it starts a table row: its first letter upper case (the Czech
        title "certifikát Gold" is lower case, as it reads inside a sentence)."""
        return self.title[:1].upper() + self.title[1:]


@dataclass(frozen=True)
class AwardView:
    """A label the cluster was awarded (not readiness), in the report's language."""

    label: str
    title: str
    awarded_on: date
    valid: bool  # valid on the snapshot's date
    state: str
    details: str  # kind, body, validity and renewal window, in a sentence


@dataclass(frozen=True)
class GapRow:
    step: int
    indicator: str
    title: str
    area: str
    points_now: float
    points_next: float
    gain: float
    effort: int
    need: str
    fixes_minimum: bool
    overall_after: float | None  # only along the Gold path
    effort_text: str = ""  # what the step takes, in words ("12 records", "1 document")
    cost: float | None = None  # effort units (`assessment.effort`); None: not before the audit
    blocked: str = ""  # why it cannot be done before the audit ("": it can)
    later: bool = False  # needs a year of activity: for an audit of a later period
    # what a required step (`fixes_minimum`) reaches, in words: "reaches the eligibility
    # criterion" (no label without it) or "reaches the Gold step" (no Gold without it);
    # "" when it is no required step
    required: str = ""


@dataclass(frozen=True)
class GoldView:
    """What the Gold path page says besides the path: the steps that block Gold (then no
    path), the highest total reachable when short of the pass mark, the best single step,
    and the path's cost in effort units; which plan the path is (`plan`, a sentence;
    `later`: `Snapshot.gold_later`) and how many of its steps need a year of activity."""

    plan: str
    later: bool | None
    activity: int
    blocked: list[GapRow]
    reach: float | None
    cheapest: GapRow | None
    total_cost: float


@dataclass(frozen=True)
class FindingRow:
    severity: str
    indicator: str
    record: str
    message: str


@dataclass(frozen=True)
class TrendRow:
    """One indicator across the periods compared, in weighted points as the area lines
    and the total count them; `None`: absent from that snapshot, or descriptive."""

    id: str
    title: str
    points: list[float | None]
    scored: bool
    change: float | None  # against `TrendView.since`; None where a judgement was not made
    unjudged: list[bool] = field(default_factory=list)  # a judgement not made, by period
    redefined: bool = False  # defined differently then and now: its change is not the cluster's


@dataclass(frozen=True)
class TrendView:
    comparison: Comparison
    periods: list[str]
    area_titles: dict[str, str]
    notes: list[str]
    # The change column is against the previous period compared, as the summary's
    # "since" is (`context.previous_of`), never against the first one listed.
    since: str | None = None
    area_changes: dict[str, float | None] = field(default_factory=dict)
    overall_change: float | None = None
    indicators: list[TrendRow] = field(default_factory=list)
    # the periods were counted in different modes: on what basis each (shown by the
    # change column, not only at the page's foot)
    basis: str = ""
    area_notes: dict[str, str] = field(default_factory=dict)  # as `AreaView.change_note`


@dataclass
class ReportContext:
    snapshot: Snapshot
    lang: Lang
    catalogue_title: str
    previous_label: str | None
    previous_overall: float | None
    areas: list[AreaView]
    indicators: list[IndicatorRow]
    labels: list[LabelView]
    awards: list[AwardView]
    verdict: str
    gold_threshold: float
    gold_path: list[GapRow]
    gaps: list[GapRow]
    findings: list[FindingRow]
    mode_differences: list[IndicatorRow]
    status_counts: dict[str, int]
    trend: TrendView | None
    peers: PeerView | None
    notes: list[str] = field(default_factory=list)
    verdict_basis: str = ""  # what a qualified verdict rests on, in a sentence

    @property
    def total_points(self) -> float:
        """All weighted points: the sum of the area lines (the total's numerator)."""
        return round(sum(a.points for a in self.areas), 4)

    @property
    def total_max(self) -> float:
        return round(sum(a.max_points for a in self.areas), 4)

    gold: GoldView | None = None  # `reports.gold_view`
    costs: CostsView = field(default_factory=CostsView)  # "What costs you points"
    # the previous period was counted in another mode: both bases in a sentence (the
    # summary's); `previous_label` then names its basis too ("2024 (drafts counted)")
    counted_differently: str = ""
    # the parts of the overall change that are no change of the cluster: indicators
    # judged in only one of the two periods, or defined differently by their catalogues
    # (`assessment.compare.one_sided`); the summary names them
    one_sided: OneSided | None = None
    # the previous period was assessed with another catalogue: both named, in a sentence
    other_catalogue: str = ""

    @property
    def overall_change(self) -> float | None:
        if self.previous_overall is None:
            return None
        return round(self.snapshot.overall - self.previous_overall, 2)  # not 26.41999999

    @property
    def other_mode_total(self) -> float | None:
        """All weighted points counting the other way (the verified-only table's total)."""
        if self.snapshot.other_mode_overall is None:
            return None
        # an indicator without points of the other mode counts the same either way
        other = (
            i.weighted_points if i.weighted_other_mode is None else i.weighted_other_mode
            for i in self.indicators
        )
        return round(sum(other), 4)

    @property
    def minimums(self) -> list[IndicatorRow]:
        return [i for i in self.indicators if i.minimum_met is not None]

    @property
    def minimums_missed(self) -> list[IndicatorRow]:
        return [i for i in self.indicators if i.minimum_met is False]

    @property
    def evidence_total(self) -> int:
        return len(self.snapshot.evidence)

    def indicator(self, indicator_id: str) -> IndicatorRow:
        return next(i for i in self.indicators if i.id == indicator_id)
