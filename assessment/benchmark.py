"""Position one cluster among groups of peers (ECEI style: a position, "no ranking").

Peers are snapshot files, typically collected by a cluster association. What an
assessor would accept as a comparison decides the rules:
- only like with like: peers assessed with the very same catalogue (SHA-256, not just
  the id: a looser copy under the same id is another yardstick) and in the same counting
  mode (self-assessment or audit) as the assessed snapshot;
- one value per cluster and period: of several comparable snapshots of one cluster and
  period, the latest (`created`, then the file's modification time, then its name);
- a group shows figures only when it holds at least `MIN_GROUP` distinct clusters, so
  no single cluster can be recognised; five files of one cluster are one cluster;
- besides all peers, a group of the same sector and one of the same country, each shown
  only when large enough;
- every file not compared is listed with why, and peers never appear by name.

The position is said in quartiles ("above the median of 22 clusters"), not as a rank.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from evidence.findings import Finding, UserDataError

from .snapshot import COUNTING_WORDS, Snapshot
from .snapshot_file import read_snapshot

MIN_GROUP = 5
EPS = 1e-9

Position = Literal["top_quarter", "above_median", "at_median", "below_median", "bottom_quarter"]
POSITION_TEXT: dict[str, str] = {
    "top_quarter": "in the top quarter",
    "above_median": "above the median",
    "at_median": "at the median",
    "below_median": "below the median",
    "bottom_quarter": "in the bottom quarter",
}
GROUP_TITLES = {"all": "All peers", "sector": "Same sector", "country": "Same country"}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class PeerFile(_Model):
    """A peer as found: the file it came from, and its snapshot or why it is not one."""

    source: str = ""
    snapshot: Snapshot | None = None
    problem: str = ""
    modified: float = 0.0  # the file's mtime: the tiebreak between same-day snapshots


class Row(_Model):
    id: str
    title: str
    level: str  # "overall", "area" or "indicator"
    n: int  # peer snapshots with a value
    own: float | None
    q1: float | None
    median: float | None
    q3: float | None
    position: Position | None  # where `own` lies among the peers' quartiles


class PeerGroup(_Model):
    id: Literal["all", "sector", "country"]
    title: str  # "All peers", "Same sector: Nanofibres", "Same country: CZ"
    clusters: int  # distinct peer clusters in the group
    formed: bool  # large enough to show figures
    reason: str = ""  # why it was not formed
    summary: str = ""  # the overall position, e.g. "above the median of 22 clusters"
    rows: list[Row]


class LeftOut(_Model):
    source: str
    reason: str


class Benchmark(_Model):
    cluster: str
    period: str
    mode: str
    catalogue: str  # id and version
    catalogue_sha256: str
    peer_count: int  # distinct clusters among all comparable peers
    groups: list[PeerGroup]
    left_out: list[LeftOut]
    notes: list[str]

    @property
    def main(self) -> PeerGroup:
        return self.groups[0]

    @property
    def rows(self) -> list[Row]:
        """All peers' rows (none when the group is too small to show)."""
        return self.main.rows


def collect_peers(sources: Iterable[Path]) -> list[PeerFile]:
    """Every *.json in the given folders, and the given files; a file that is not a
    snapshot is kept with its problem (the benchmark lists it as left out). A source
    that does not exist, or folders with no file at all, are a user error."""
    files: list[Path] = []
    missing = []
    for src in sources:
        if src.is_dir():
            files.extend(sorted(src.glob("*.json")))
        elif src.exists():
            files.append(src)
        else:
            missing.append(Finding(file=str(src), message="no such file or folder"))
    if missing:
        raise UserDataError(missing, f"{len(missing)} peer source(s) not found")
    if not files:
        raise UserDataError(
            [Finding(message="no peer snapshots found in " + ", ".join(str(s) for s in sources))]
        )
    peers = []
    for f in files:
        try:
            peers.append(PeerFile(source=str(f), snapshot=read_snapshot(f), modified=_mtime(f)))
        except UserDataError as exc:
            problem = "; ".join(str(x.message) for x in exc.findings[:3])
            peers.append(PeerFile(source=str(f), problem=problem))
    return peers


def _mtime(path: Path) -> float:
    return path.stat().st_mtime


def _as_peer_files(peers: Sequence[Snapshot | PeerFile]) -> list[PeerFile]:
    return [
        p if isinstance(p, PeerFile) else PeerFile(source=f"peer snapshot {n}", snapshot=p)
        for n, p in enumerate(peers, start=1)
    ]


def _not_comparable(own: Snapshot, peer: PeerFile) -> str:
    """Why `peer` cannot be compared with `own`, or "" when it can."""
    snap = peer.snapshot
    if snap is None:
        return f"not a snapshot: {peer.problem}"
    if snap.cluster.slug == own.cluster.slug:
        return "the same cluster as the assessed one"
    mine, theirs = own.catalogue, snap.catalogue
    if theirs.id != mine.id:
        return f"another catalogue ({theirs.id} {theirs.version}, not {mine.id} {mine.version})"
    if theirs.sha256 != mine.sha256:
        return (
            f"a changed copy of the catalogue {theirs.id} (SHA-256 {theirs.sha256[:12]}, "
            f"not {mine.sha256[:12]}): its thresholds may differ"
        )
    if snap.counting != own.counting:
        return (
            f"another counting mode: {COUNTING_WORDS[snap.counting]}, not "
            f"{COUNTING_WORDS[own.counting]}"
        )
    return ""


def select_peers(
    own: Snapshot, peers: Sequence[Snapshot | PeerFile]
) -> tuple[list[PeerFile], list[LeftOut]]:
    """The comparable peers, one per cluster and period (the latest), and the rest
    with why. Comparability comes first: a cluster's audit is not a newer version of
    its self-assessment, and only the snapshot that can be compared is of use."""
    kept: dict[tuple[str, str], PeerFile] = {}
    left: list[LeftOut] = []
    for peer in _as_peer_files(peers):
        reason = _not_comparable(own, peer)
        if reason:
            left.append(LeftOut(source=peer.source, reason=reason))
            continue
        assert peer.snapshot is not None
        key = (peer.snapshot.cluster.slug, peer.snapshot.period.label)
        other = kept.get(key)
        if other is not None:
            older, kept[key] = sorted((other, peer), key=_recency)
            left.append(
                LeftOut(
                    source=older.source,
                    reason=(
                        f"an older snapshot of the same cluster and period ({key[1]}); "
                        f"{kept[key].source} is used"
                    ),
                )
            )
        else:
            kept[key] = peer
    return list(kept.values()), left


def _recency(peer: PeerFile) -> tuple[object, ...]:
    assert peer.snapshot is not None
    return (peer.snapshot.created, peer.modified, peer.source)


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return round(q1, 2), round(median, 2), round(q3, 2)


def position(own: float, q1: float, median: float, q3: float) -> Position:
    if own > q3 + EPS:
        return "top_quarter"
    if own > median + EPS:
        return "above_median"
    if own >= median - EPS:
        return "at_median"
    if own >= q1 - EPS:
        return "below_median"
    return "bottom_quarter"


def _row(
    ident: str,
    title: str,
    level: str,
    own: float | None,
    values: list[tuple[str, float | None]],  # (cluster, value) per peer snapshot
) -> Row:
    known = [v for _, v in values if v is not None]
    clusters = {c for c, v in values if v is not None}
    base = {"id": ident, "title": title, "level": level, "n": len(known), "own": own}
    if len(clusters) < MIN_GROUP:  # too few to show without exposing single clusters
        return Row(**base, q1=None, median=None, q3=None, position=None)
    q1, median, q3 = _quartiles(known)
    where = None if own is None else position(own, q1, median, q3)
    return Row(**base, q1=q1, median=median, q3=q3, position=where)


def _percent(snap: Snapshot, indicator_id: str) -> float | None:
    found = next((i for i in snap.indicators if i.id == indicator_id), None)
    if found is None or not found.max_points:
        return None
    return round(100.0 * found.points / found.max_points, 1)


def _rows(own: Snapshot, peers: list[Snapshot]) -> list[Row]:
    """Per cent of the maximum: overall, per area and per indicator."""

    def values(get: Callable[[Snapshot], float | None]) -> list[tuple[str, float | None]]:
        return [(p.cluster.slug, get(p)) for p in peers]

    rows = [_row("overall", "Overall", "overall", own.overall, values(lambda p: p.overall))]
    for area in own.areas:

        def area_percent(s: Snapshot, aid: str = area.id) -> float | None:
            return next((a.percent for a in s.areas if a.id == aid), None)

        rows.append(_row(area.id, area.title, "area", area.percent, values(area_percent)))
    for ind in own.indicators:

        def ind_percent(s: Snapshot, iid: str = ind.id) -> float | None:
            return _percent(s, iid)

        title = f"{ind.id} {ind.title}"
        rows.append(_row(ind.id, title, "indicator", _percent(own, ind.id), values(ind_percent)))
    return rows


def _same_text(a: str | None, b: str | None) -> bool:
    return (
        a is not None
        and b is not None
        and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    )


def _group(
    gid: Literal["all", "sector", "country"],
    title: str,
    own: Snapshot,
    members: list[Snapshot],
    unformed: str = "",
) -> PeerGroup:
    clusters = len({m.cluster.slug for m in members})
    if unformed or clusters < MIN_GROUP:
        reason = unformed or (
            f"{clusters} cluster(s) with comparable snapshots, fewer than {MIN_GROUP}: "
            "no figures are shown, so that no single cluster can be recognised"
        )
        return PeerGroup(
            id=gid, title=title, clusters=clusters, formed=False, reason=reason, rows=[]
        )
    rows = _rows(own, members)
    overall = rows[0]
    summary = (
        f"{POSITION_TEXT[overall.position]} of {clusters} clusters" if overall.position else ""
    )
    return PeerGroup(
        id=gid, title=title, clusters=clusters, formed=True, summary=summary, rows=rows
    )


def benchmark(own: Snapshot, peers: Sequence[Snapshot | PeerFile]) -> Benchmark:
    """The comparable peers as groups (all, same sector, same country), each with
    quartiles and this cluster's position when large enough; the rest left out."""
    chosen, left_out = select_peers(own, peers)
    members = [p.snapshot for p in chosen if p.snapshot is not None]
    profile = own.cluster
    groups = [_group("all", GROUP_TITLES["all"], own, members)]
    if profile.sector:
        same = [m for m in members if _same_text(m.cluster.sector, profile.sector)]
        groups.append(_group("sector", f"Same sector: {profile.sector}", own, same))
    else:
        groups.append(
            _group("sector", GROUP_TITLES["sector"], own, [], "the cluster's profile has no sector")
        )
    if profile.country:
        same = [m for m in members if m.cluster.country == profile.country]
        groups.append(_group("country", f"Same country: {profile.country}", own, same))
    else:
        groups.append(
            _group(
                "country", GROUP_TITLES["country"], own, [], "the cluster's profile has no country"
            )
        )
    return Benchmark(
        cluster=profile.slug,
        period=own.period.label,
        mode=own.mode,
        catalogue=f"{own.catalogue.id} {own.catalogue.version}",
        catalogue_sha256=own.catalogue.sha256,
        peer_count=groups[0].clusters,
        groups=groups,
        left_out=left_out,
        notes=_notes(own, members, groups[0]),
    )


def _notes(own: Snapshot, members: list[Snapshot], main: PeerGroup) -> list[str]:
    notes = []
    periods = sorted({m.period.label for m in members})
    if set(periods) - {own.period.label}:
        notes.append("Peers' periods: " + ", ".join(periods) + ".")
    repeated = len(members) - main.clusters
    if repeated:
        notes.append(
            f"{repeated} peer snapshot(s) are further periods of a cluster already compared; "
            "each period counts as one value."
        )
    hidden = sum(1 for r in main.rows if r.median is None)
    if hidden:
        notes.append(f"{hidden} row(s) have fewer than {MIN_GROUP} clusters and are not shown.")
    return notes
