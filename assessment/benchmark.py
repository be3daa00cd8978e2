"""Position one cluster among its peers (ECEI style: comparison, "no ranking").

Peers are snapshots, typically collected by a cluster association. For each indicator
and area: the peers' median and quartiles and this cluster's percentile rank. Groups of
fewer than `MIN_GROUP` peers are not shown, so no single peer can be recognised, and
peers never appear by name.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from evidence.findings import Finding, UserDataError

from .snapshot import Snapshot
from .snapshot_file import read_snapshot

MIN_GROUP = 5


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    level: str  # "overall", "area" or "indicator"
    n: int
    own: float | None
    q1: float | None
    median: float | None
    q3: float | None
    percentile: float | None  # share of peers this cluster scores above (ties count half)


class Benchmark(BaseModel):
    model_config = ConfigDict(frozen=True)

    cluster: str
    period: str
    peer_count: int
    rows: list[Row]
    notes: list[str]


def collect_peers(sources: Iterable[Path], *, exclude: Snapshot | None = None) -> list[Snapshot]:
    """Every snapshot in the given folders/files (not the cluster's own), problems listed."""
    files: list[Path] = []
    for src in sources:
        files.extend(sorted(src.glob("*.json")) if src.is_dir() else [src])
    peers, problems = [], []
    for f in files:
        try:
            snap = read_snapshot(f)
        except UserDataError as exc:
            problems.extend(exc.findings)
            continue
        if exclude is not None and snap.cluster.slug == exclude.cluster.slug:
            continue
        peers.append(snap)
    if problems:
        raise UserDataError(problems, f"{len(problems)} peer file(s) could not be read")
    if not peers:
        raise UserDataError(
            [Finding(message="no peer snapshots found in " + ", ".join(str(s) for s in sources))]
        )
    return peers


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return round(q1, 2), round(median, 2), round(q3, 2)


def _percentile(own: float, values: list[float]) -> float:
    below = sum(1 for v in values if v < own - 1e-9)
    equal = sum(1 for v in values if abs(v - own) <= 1e-9)
    return round(100.0 * (below + 0.5 * equal) / len(values), 1)


def _row(ident: str, title: str, level: str, own: float | None, values: list[float | None]) -> Row:
    known = [v for v in values if v is not None]
    base = {"id": ident, "title": title, "level": level, "n": len(known), "own": own}
    if len(known) < MIN_GROUP:  # too few to show without exposing single peers
        return Row(**base, q1=None, median=None, q3=None, percentile=None)
    q1, median, q3 = _quartiles(known)
    return Row(
        **base,
        q1=q1,
        median=median,
        q3=q3,
        percentile=None if own is None else _percentile(own, known),
    )


def benchmark(own: Snapshot, peers: list[Snapshot]) -> Benchmark:
    """Per area and indicator (per cent of maximum points), and overall."""
    notes = []
    same_catalogue = [p for p in peers if p.catalogue.id == own.catalogue.id]
    if len(same_catalogue) < len(peers):
        notes.append(
            f"{len(peers) - len(same_catalogue)} peer(s) use another catalogue and were left out."
        )
    peers = same_catalogue
    periods = {p.period.label for p in peers}
    if periods - {own.period.label}:
        notes.append("Peers' periods: " + ", ".join(sorted(periods)) + ".")
    rows = [_row("overall", "Overall", "overall", own.overall, [p.overall for p in peers])]
    for area in own.areas:
        rows.append(
            _row(
                area.id,
                area.title,
                "area",
                area.percent,
                [next((a.percent for a in p.areas if a.id == area.id), None) for p in peers],
            )
        )
    for ind in own.indicators:

        def pct(s: Snapshot, iid: str = ind.id) -> float | None:
            found = next((i for i in s.indicators if i.id == iid), None)
            if found is None or not found.max_points:
                return None
            return round(100.0 * found.points / found.max_points, 1)

        rows.append(
            _row(ind.id, f"{ind.id} {ind.title}", "indicator", pct(own), [pct(p) for p in peers])
        )
    hidden = sum(1 for r in rows if r.median is None)
    if hidden:
        notes.append(f"{hidden} row(s) have fewer than {MIN_GROUP} peers and are not shown.")
    return Benchmark(
        cluster=own.cluster.slug,
        period=own.period.label,
        peer_count=len(peers),
        rows=rows,
        notes=notes,
    )
