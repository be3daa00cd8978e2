"""Compare snapshots across periods (a board's "are we getting better?").

Snapshots taken with different catalogues are still compared, but only on what they
share, and the result says how comparable they are: the share of indicators in common
and which of those changed their definition (their thresholds moved).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .snapshot import Snapshot


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Column(_Model):
    period: str
    end: str
    catalogue: str
    mode: str


class AreaRow(_Model):
    id: str
    title: str
    values: list[float | None]


class IndicatorRow(_Model):
    id: str
    title: str
    area: str
    values: list[float | None]
    points: list[float | None]
    max_points: list[float | None]


class Comparison(_Model):
    columns: list[Column]
    areas: list[AreaRow]
    overall: list[float | None]
    indicators: list[IndicatorRow]
    common_share: float  # per cent of indicators present in every snapshot
    notes: list[str]


def compare(snapshots: list[Snapshot]) -> Comparison:
    """Oldest first; values, points and area scores side by side."""
    snaps = sorted(snapshots, key=lambda s: (s.period.end, s.period.start))
    columns = [
        Column(
            period=s.period.label,
            end=str(s.period.end),
            catalogue=f"{s.catalogue.id} {s.catalogue.version}",
            mode=s.mode,
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
            )
        )
    common = [r for r in rows if all(p is not None for p in r.points)]
    share = round(100.0 * len(common) / len(rows), 1) if rows else 100.0
    return Comparison(
        columns=columns,
        areas=areas,
        overall=[s.overall for s in snaps],
        indicators=rows,
        common_share=share,
        notes=_notes(snaps, rows, share),
    )


def _notes(snaps: list[Snapshot], rows: list[IndicatorRow], share: float) -> list[str]:
    notes = []
    if len({(s.catalogue.id, s.catalogue.sha256) for s in snaps}) > 1:
        notes.append(
            f"The snapshots use different catalogues: {share:.0f} % of the indicators "
            "are in all of them; scores are comparable only on those."
        )
        moved = [r.id for r in rows if len({m for m in r.max_points if m is not None}) > 1]
        if moved:
            notes.append("Indicators whose maximum changed between catalogues: " + ", ".join(moved))
        only = [r.id for r in rows if any(p is None for p in r.points)]
        if only:
            notes.append("Indicators not in every snapshot: " + ", ".join(only))
    if len({s.mode for s in snaps}) > 1:
        notes.append(
            "Some snapshots are audits (verified evidence only) and some are "
            "self-assessments; audits score lower when evidence is unverified."
        )
    if len({s.cluster.slug for s in snaps}) > 1:
        notes.append("The snapshots are of different clusters: use `clex benchmark` instead.")
    return notes
