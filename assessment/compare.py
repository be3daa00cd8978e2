"""Compare snapshots across periods (a board's "are we getting better?").

Snapshots taken with different catalogues are still compared, but only on what they
share, and the result says how comparable they are: the share of indicators in common,
every indicator whose definition differs (the snapshots carry a digest of each
indicator's definition: a moved threshold shows even under the same id), indicators in
some snapshots only, and whether the snapshots are of one cluster, one counting mode and
one catalogue file (SHA-256). Snapshots written before the digests existed cannot be
checked indicator by indicator, and the result says so unless their catalogue is the
very same file.

A judgement nobody made (an assessment run without a judgements file) has no level and
scores 0: that is no state of the cluster, so its weighted points are left out ("–") and
so is its change, and the part of an overall change it makes is named (`one_sided`):
2024 without G8 judged and 2025 with it read "+16 percentage points" as progress, 11.3
of which were the judgement itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from evidence.messages import M, Msg, joined, num

from .period import Period
from .snapshot import COUNTING_WORDS, IndicatorResult, Snapshot
from .wording import length


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Column(_Model):
    period: str
    end: str
    catalogue: str
    mode: str
    cluster: str = ""
    catalogue_sha256: str = ""


class DefinitionChange(_Model):
    """An indicator not defined alike in every snapshot compared."""

    id: str
    title: str
    change: Literal["redefined", "missing"]
    periods: list[str]  # "redefined": the pairs "2023 -> 2024"; "missing": where it is absent


class AreaRow(_Model):
    id: str
    title: str
    values: list[float | None]


class IndicatorRow(_Model):
    id: str
    title: str
    area: str
    values: list[float | None]
    points: list[float | None]  # the catalogue's ladder points, unweighted
    max_points: list[float | None]
    # as the total counts them (points x weight); None where absent, descriptive or not
    # judged (`not_judged`)
    weighted: list[float | None] = Field(default_factory=list)
    scored: bool = True  # False: descriptive in every snapshot, worth no points
    # True where a judgement was not made in that snapshot (no level: its 0 is no state
    # of the cluster); empty in comparisons written before
    unjudged: list[bool] = Field(default_factory=list)


class Apart(_Model):
    """An indicator whose change between two snapshots is no change of the cluster: judged
    in only one of them (`not_judged` in the other), or defined differently by their
    catalogues (a moved threshold: its points are counted on another ladder)."""

    id: str
    area: str
    why: Literal["judged", "redefined"]
    period: str = ""  # "judged": the period it was judged in
    part: float  # of the overall change, percentage points
    area_part: float | None = None  # of its area's change; None: the area is not in both


class OneSided(_Model):
    """The overall change between two snapshots split into its parts: the indicators set
    apart (`Apart`) and the rest, assessed alike in both (`rest`). Read by `clex compare`,
    the report's summary, area lines and trend page and the workbook, so that all state
    the same numbers."""

    before: str  # the earlier period's label
    after: str
    change: float  # the overall change, percentage points
    part: float  # of which from the indicators set apart
    items: list[Apart]
    # the catalogues ("ecei-gold 2025.9"), when they are not one file
    catalogue_before: str = ""
    catalogue_after: str = ""

    @property
    def rest(self) -> float:
        """The change made by the indicators assessed alike in both periods."""
        return round(self.change - self.part, 2)

    @property
    def judged(self) -> list[tuple[str, str]]:
        """(indicator id, the period it was judged in)."""
        return [(a.id, a.period) for a in self.items if a.why == "judged"]

    @property
    def redefined(self) -> list[str]:
        return [a.id for a in self.items if a.why == "redefined"]

    def in_area(self, area: str) -> list[Apart]:
        return [a for a in self.items if a.area == area and a.area_part is not None]

    def why(self, indicator: str) -> Apart | None:
        return next((a for a in self.items if a.id == indicator), None)


def not_judged(ind: IndicatorResult) -> bool:
    """A judgement nobody made in that assessment: no level (a level given whose evidence
    did not hold is a judgement, 0 points with the level kept)."""
    return ind.method == "judgement" and ind.value is None


def redefined(before: Snapshot, after: Snapshot, indicator: str) -> bool:
    """Whether the two snapshots' catalogues define `indicator` differently (its
    definition digests differ); False where a snapshot has no digest to tell."""
    was = before.catalogue.definitions.get(indicator)
    now = after.catalogue.definitions.get(indicator)
    return was is not None and now is not None and was != now


def _top(s: Snapshot) -> float:
    return sum(i.max_points * i.weight for i in s.indicators if i.scored)


def _share(points: float, top: float) -> float:
    return 100 * points / top if top else 0.0


def one_sided(before: Snapshot, after: Snapshot) -> OneSided | None:
    """The parts of the change of the overall score (and of each area's) that indicators
    judged in only one of `before` and `after`, or defined differently by their
    catalogues, make; each weighted over its own snapshot's maximum as the score is.
    None when every indicator in both was judged in both or neither and defined alike."""
    was = {i.id: i for i in before.indicators}
    top_was, top_now = _top(before), _top(after)
    area_was = {a.id: a.max_points for a in before.areas}
    area_now = {a.id: a.max_points for a in after.areas}
    part, items = 0.0, []
    for now in after.indicators:
        then = was.get(now.id)
        if then is None or not (then.scored and now.scored):
            continue
        if not_judged(then) != not_judged(now):
            why: Literal["judged", "redefined"] = "judged"
            period = (before if not_judged(now) else after).period.label
        elif redefined(before, after, now.id):
            why, period = "redefined", ""
        else:
            continue
        p_now, p_was = now.points * now.weight, then.points * then.weight
        share = _share(p_now, top_now) - _share(p_was, top_was) if top_was and top_now else 0.0
        in_area = None
        if area_was.get(now.area) and area_now.get(now.area) and then.area == now.area:
            in_area = _share(p_now, area_now[now.area]) - _share(p_was, area_was[now.area])
        part += share
        items.append(
            Apart(
                id=now.id,
                area=now.area,
                why=why,
                period=period,
                part=round(share, 2),
                area_part=None if in_area is None else round(in_area, 2),
            )
        )
    if not items:
        return None
    other = before.catalogue.sha256 != after.catalogue.sha256
    return OneSided(
        before=before.period.label,
        after=after.period.label,
        change=round(after.overall - before.overall, 2),
        part=round(part, 2),
        items=items,
        catalogue_before=catalogue_name(before, after) if other else "",
        catalogue_after=catalogue_name(after, before) if other else "",
    )


def catalogue_name(s: Snapshot, other: Snapshot) -> str:
    """ "ecei-gold 2025.9"; with its SHA-256 when `other`'s has the same id and version
    (a changed copy)."""
    name = f"{s.catalogue.id} {s.catalogue.version}"
    if (s.catalogue.id, s.catalogue.version) != (other.catalogue.id, other.catalogue.version):
        return name
    return f"{name} (SHA-256 {s.catalogue.sha256[:12]})"


def one_sided_note(o: OneSided) -> Msg:
    """The note a comparison gives `o`, in the reader's language."""
    if not o.redefined:
        which = joined(
            [M("{id}, judged only in {period}", id=i, period=period) for i, period in o.judged],
            "semicolons",
        )
        return M(
            "Of the overall change from {before} to {after} ({change} percentage points), "
            "{part} come from {which}: a judgement not made has no level and scores no points, "
            "which is no change of the cluster; the indicators assessed in both periods make "
            "{rest}.",
            before=o.before,
            after=o.after,
            change=num(o.change, digits=1),
            part=num(o.part, digits=1),
            which=which,
            rest=num(o.rest, digits=1),
        )
    return M(
        "Of the overall change from {before} to {after} ({change} percentage points), "
        "{part} come from indicators not assessed alike in both periods: {which}. {why} "
        "The indicators assessed alike in both periods make {rest}.",
        before=o.before,
        after=o.after,
        change=num(o.change, digits=1),
        part=num(o.part, digits=1),
        which=joined([apart_words(a, o) for a in o.items], "semicolons"),
        why=M(
            "A judgement not made scores no points, and an indicator the catalogues define "
            "differently scores on another ladder: neither is a change of the cluster."
        )
        if o.judged
        else M(
            "An indicator the catalogues define differently scores on another ladder: that "
            "is no change of the cluster."
        ),
        rest=num(o.rest, digits=1),
    )


def apart_words(a: Apart, o: OneSided) -> Msg:
    """Why `a` is set apart, and its part: "G8, judged only in 2025 (11.3)", "C1,
    defined differently by ecei-gold 2025.9 and ecei-gold 2026.5 (1.9)"."""
    if a.why == "judged":
        return M("{id}, judged only in {period} ({part})", id=a.id, period=a.period,
                 part=num(a.part, digits=1))  # fmt: skip
    return M(
        "{id}, defined differently by {before} and {after} ({part})",
        id=a.id,
        before=o.catalogue_before,
        after=o.catalogue_after,
        part=num(a.part, digits=1),
    )


class Comparison(_Model):
    columns: list[Column]
    areas: list[AreaRow]
    overall: list[float | None]
    indicators: list[IndicatorRow]
    common_share: float  # per cent of indicators present in every snapshot
    same_cluster: bool = True
    same_mode: bool = True
    same_catalogue: bool = True  # one catalogue file (SHA-256)
    definitions_checked: bool = True  # False: a snapshot has no definition digests
    definition_changes: list[DefinitionChange] = Field(default_factory=list)
    # sentences, rendered in the reader's language by the reports and the web page
    notes: list[Msg]
    # on what basis the snapshots were counted, when it differs (`counting_note`): among
    # `notes`, or apart from them (`compare(basis_apart=True)`); not in the JSON, where
    # `notes` says it
    basis: Msg | None = Field(default=None, exclude=True)

    def as_json(self) -> dict[str, Any]:
        """The result for machines, each note in English (`clex compare --json`)."""
        data = self.model_dump(mode="json")
        data["notes"] = [str(n) for n in self.notes]
        return data


def _oldest_first(s: Snapshot) -> tuple[date, date]:
    return (s.period.end, s.period.start)


def compare(snapshots: list[Snapshot], *, basis_apart: bool = False) -> Comparison:
    """Oldest first; values, points and area scores side by side. `basis_apart`: the
    counting note is `basis` only, not among the `notes` (the report's trend page says it
    by the change column, not at the page's foot)."""
    snaps = sorted(snapshots, key=_oldest_first)
    basis = counting_note(snaps)
    columns = [
        Column(
            period=s.period.label,
            end=str(s.period.end),
            catalogue=f"{s.catalogue.id} {s.catalogue.version}",
            mode=s.mode,
            cluster=s.cluster.slug,
            catalogue_sha256=s.catalogue.sha256,
        )
        for s in snaps
    ]
    area_ids = list(dict.fromkeys(a.id for s in snaps for a in s.areas))
    titles = {a.id: a.title for s in snaps for a in s.areas}
    areas = [
        AreaRow(
            id=a,
            title=titles[a],
            values=[next((x.percent for x in s.areas if x.id == a), None) for s in snaps],
        )
        for a in area_ids
    ]
    ind_ids = list(dict.fromkeys(i.id for s in snaps for i in s.indicators))
    rows = []
    for iid in ind_ids:
        found = [next((i for i in s.indicators if i.id == iid), None) for s in snaps]
        first = next(i for i in found if i is not None)
        rows.append(
            IndicatorRow(
                id=iid,
                title=first.title,
                area=first.area,
                values=[i.value if i else None for i in found],
                points=[i.points if i else None for i in found],
                max_points=[i.max_points if i else None for i in found],
                weighted=[
                    i.points * i.weight if i and i.scored and not not_judged(i) else None
                    for i in found
                ],
                scored=any(i.scored for i in found if i is not None),
                unjudged=[i is not None and not_judged(i) for i in found],
            )
        )
    common = [r for r in rows if all(p is not None for p in r.points)]
    share = round(100.0 * len(common) / len(rows), 1) if rows else 100.0
    same_catalogue = len({s.catalogue.sha256 for s in snaps}) == 1
    # the very same catalogue file defines every indicator alike, digests or not
    checked = same_catalogue or all(s.catalogue.definitions for s in snaps)
    changes = _definition_changes(snaps, rows, checked=checked)
    return Comparison(
        columns=columns,
        areas=areas,
        overall=[s.overall for s in snaps],
        indicators=rows,
        common_share=share,
        same_cluster=len({s.cluster.slug for s in snaps}) == 1,
        same_mode=len({s.counting for s in snaps}) == 1,
        same_catalogue=same_catalogue,
        definitions_checked=checked,
        definition_changes=changes,
        notes=_notes(
            snaps, rows, share, changes, checked=checked, basis=None if basis_apart else basis
        ),
        basis=basis,
    )


def _definition_changes(
    snaps: list[Snapshot], rows: list[IndicatorRow], *, checked: bool
) -> list[DefinitionChange]:
    out = []
    for row in rows:
        absent = [s.period.label for s, p in zip(snaps, row.points, strict=True) if p is None]
        if absent:
            out.append(
                DefinitionChange(id=row.id, title=row.title, change="missing", periods=absent)
            )
            continue
        if not checked:
            continue
        moved = [
            f"{a.period.label} -> {b.period.label}"
            for a, b in pairwise(snaps)
            if redefined(a, b, row.id)
        ]
        if moved:
            out.append(
                DefinitionChange(id=row.id, title=row.title, change="redefined", periods=moved)
            )
    return out


def _periods(snaps: list[Snapshot]) -> list[Msg]:
    """Periods a reader would otherwise take for alike: of different lengths (a count
    of two years beside one of one year is not a change), or overlapping (the same
    records count in both; the same period twice is the extreme case)."""
    notes = []
    periods = [Period(s.period.start, s.period.end) for s in snaps]
    if not all(periods[0].same_length(p) for p in periods[1:]):
        each = [
            M("{period}: {length}", period=s.period.label, length=length(p))
            for s, p in zip(snaps, periods, strict=True)
        ]
        notes.append(
            M(
                "The periods differ in length ({each}): a value counted over the period, "
                "not a rate a year, covers another span in each, so its change is not a "
                "change of the cluster.",
                each=joined(each),
            )
        )
    overlapping = [
        M("{a} and {b}", a=a.period.label, b=b.period.label)
        for n, a in enumerate(snaps)
        for b in snaps[n + 1 :]
        if a.period.start <= b.period.end and b.period.start <= a.period.end
    ]
    if overlapping:
        notes.append(
            M(
                "Periods overlap ({pairs}): the records of the days they share count in "
                "both, so they are not one period after another.",
                pairs=joined(overlapping, "semicolons"),
            )
        )
    return notes


def counting_note(snaps: Sequence[Snapshot]) -> Msg | None:
    """On what basis each snapshot was counted, when they differ, and why that makes no
    like-for-like change, for the modes there are: an audit's lower (verified evidence
    only), drafts' higher (records nobody submitted or reviewed). The audit's reason
    said of a drafts mismatch was wrong. None: all were counted alike. The periods are
    named oldest first whatever the order given, as `compare` shows them."""
    countings = {s.counting for s in snaps}
    if len(countings) < 2:
        return None
    each = [
        M("{period}: {mode}", period=s.period.label, mode=M(COUNTING_WORDS[s.counting]))
        for s in sorted(snaps, key=_oldest_first)
    ]
    modes = joined(each)
    audit, drafts = "audit" in countings, "self+drafts" in countings
    if drafts and audit:
        return M(
            "The snapshots were counted in different modes ({modes}): audits count verified "
            "evidence only, and drafts are records nobody has submitted or reviewed yet, so "
            "the change between them is not like for like.",
            modes=modes,
        )
    if drafts:
        return M(
            "The snapshots were counted in different modes ({modes}): drafts are records "
            "nobody has submitted or reviewed yet, so a score counting them is higher and "
            "the change between them is not like for like.",
            modes=modes,
        )
    return M(
        "The snapshots were counted in different modes ({modes}): audits count "
        "verified evidence only and score lower when evidence is unverified.",
        modes=modes,
    )


def _notes(
    snaps: list[Snapshot],
    rows: list[IndicatorRow],
    share: float,
    changes: list[DefinitionChange],
    *,
    checked: bool,
    basis: Msg | None,
) -> list[Msg]:
    notes = []
    if len({s.cluster.slug for s in snaps}) > 1:
        names = list(dict.fromkeys(s.cluster.name for s in snaps))
        notes.append(
            M(
                "The snapshots are of different clusters ({names}): use `clex benchmark` "
                "to compare clusters.",
                names=joined(names),
            )
        )
    if basis is not None:
        notes.append(basis)
    notes += _periods(snaps)
    for a, b in pairwise(snaps):
        o = one_sided(a, b)
        if o is not None:
            notes.append(one_sided_note(o))
    if len({s.catalogue.sha256 for s in snaps}) > 1:
        used = dict.fromkeys(
            f"{s.catalogue.id} {s.catalogue.version} (SHA-256 {s.catalogue.sha256[:12]})"
            for s in snaps
        )
        notes.append(
            M(
                "The snapshots used different catalogues: {used}; {share} of the "
                "indicators are in all of them.",
                used=joined(list(used)),
                share=num(round(share), "percent", 0),
            )
        )
    redefined = [c for c in changes if c.change == "redefined"]
    if redefined:
        notes.append(
            M(
                "Indicators defined differently (their points are not comparable): {which}.",
                which=joined(
                    [M("{id} ({periods})", id=c.id, periods=joined(c.periods)) for c in redefined],
                    "semicolons",
                ),
            )
        )
    missing = [c for c in changes if c.change == "missing"]
    if missing:
        notes.append(
            M(
                "Indicators not in every snapshot: {which}.",
                which=joined(
                    [
                        M("{id} (not in {periods})", id=c.id, periods=joined(c.periods))
                        for c in missing
                    ],
                    "semicolons",
                ),
            )
        )
    if not checked:
        old = [s.period.label for s in snaps if not s.catalogue.definitions]
        notes.append(
            M(
                "The snapshot(s) of {periods} were written before snapshots recorded "
                "indicator definitions, and the catalogues differ: whether an indicator "
                "was redefined cannot be checked.",
                periods=joined(old),
            )
        )
        moved = [r.id for r in rows if len({m for m in r.max_points if m is not None}) > 1]
        if moved:
            notes.append(M("Indicators whose maximum changed: {ids}.", ids=joined(moved)))
    return notes
