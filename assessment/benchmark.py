"""Position one cluster among groups of peers (ECEI style: a position, "no ranking").

Peers are snapshot files, typically collected by a cluster association. What an
assessor would accept as a comparison decides the rules:
- only like with like: peers assessed with the very same catalogue (SHA-256, not just
  the id: a looser copy under the same id is another yardstick) and in the same counting
  mode (self-assessment or audit) as the assessed snapshot;
- one value per cluster, of a period as long as the assessed one: of a peer's
  comparable snapshots, the one of the very same period, else the newest of the same
  length (then `created`, the file's modification time, its name); one of another
  length is left out (a count of two years is not a count of one), and so are the
  cluster's other snapshots: five periods of one cluster are one cluster, not five
  values of which one cluster gives the median. A cluster is its name and country
  (`assessment.peer_identity`), not its slug: a slug is each store's own choice, so one cluster
  assessed in two stores under two slugs is one, and two clusters that both chose
  `cluster` are two (by slug, four clusters read as five, and two as one), and snapshots
  of the same evidence (`peer_identity.evidence_key`) are one cluster whatever their names;
- a group shows figures only when it holds at least `MIN_GROUP` (five) distinct
  clusters, so no single cluster can be recognised. The same holds for each row: a row
  with fewer than five peers' values is left out of the group's rows and named in
  `hidden` (no row of dashes);
- besides all peers, a group of the same sector and one of the same country, each shown
  only when large enough, and only when the peers it leaves out of a larger group shown
  beside it are none or five at least: all peers (6) beside the same sector (5) told
  the one other cluster's every value by difference;
- the lowest and highest values are each one cluster's own, so they are shown only from
  `MIN_RANGE` (ten) clusters on; with five values the quartiles and the range together
  were all five values;
- every file not compared is listed with why, and peers never appear by name.

What is compared is the indicator's own value in its unit (73.9 %, 1 030 000 €, 4 per
year), not its share of the maximum points: two clusters with full points may differ
widely, and a board asks "how many members do the others have", not "how many points".
The overall score and the area scores are compared as the scores they are (% of the
maximum points). Descriptive indicators (`scored: false`) are compared like any other.

The peers' distribution is given as lowest value, quartiles (the "inclusive" method,
linear interpolation between the peers' values) and highest value; the cluster's
position in words, never a rank or percentile (`position`). Two values are the same
when they read the same as the report prints them (a per cent to one decimal, other
values to two): a cluster whose 73.9 % meets a median of 73.94 % is "at the peers'
median", not above it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from evidence.findings import Finding, UserDataError
from evidence.messages import M, Mp, Msg, Unit, num
from evidence.terms import N_

from .compare import not_judged
from .parsed import PARSED
from .peer_identity import Cluster, Clusters, cluster_of
from .period import Period
from .snapshot import Snapshot
from .snapshot_file import read_snapshot
from .wording import length

MIN_GROUP = 5  # the words say "five": change both together
MIN_RANGE = 10  # clusters from which the lowest and highest values are shown ("ten")

Position = Literal["top_quarter", "above_median", "at_median", "below_median", "bottom_quarter"]
# Where the cluster's value lies among the peers' values (higher or lower, not better
# or worse: a lower-is-better row says so beside it).
POSITION_TEXT: dict[str, str] = {
    "top_quarter": N_("in the peers' top quarter"),
    "above_median": N_("above the peers' median, within the middle half"),
    "at_median": N_("at the peers' median"),
    "below_median": N_("below the peers' median, within the middle half"),
    "bottom_quarter": N_("in the peers' bottom quarter"),
}
COUNTING_TEXT: dict[str, str] = {
    "self": N_("a self-assessment"),
    "self+drafts": N_("a self-assessment counting drafts"),
    "audit": N_("an audit (verified evidence only)"),
}
GROUP_TITLES = {"all": "All peers", "sector": "Same sector", "country": "Same country"}
FEWER_THAN_FIVE = N_("fewer than five peers")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class PeerFile(_Model):
    """A peer as found: the file it came from, and its snapshot or why it is not one."""

    source: str = ""
    snapshot: Snapshot | None = None
    problem: str = ""
    modified: float = 0.0  # the file's mtime: the tiebreak between same-day snapshots


class Row(_Model):
    """One value compared: the overall score, an area's score or an indicator's value."""

    id: str
    title: str
    level: str  # "overall", "area" or "indicator"
    unit: Unit = ""  # of every value in the row ("percent" for scores)
    unit_words: str = ""  # the catalogue's unit words of a "words" unit, in English
    per_year: bool = False
    lower_is_better: bool = False
    scored: bool = True  # False: a descriptive indicator (worth no points)
    n: int  # peer snapshots with a value
    own: float | None
    low: float | None = None  # the lowest peer value
    q1: float | None
    median: float | None
    q3: float | None
    high: float | None = None  # the highest peer value
    position: Position | None  # where `own` lies among the peers' values


class Unlike(_Model):
    """Peers whose totals leave out other judgements than the assessed cluster's: a
    judgement nobody made (`compare.not_judged`) scores 0, which is no state of the
    cluster, so such a total is not compared with one that has it."""

    own_unjudged: bool  # False: the peers were not judged; True: this cluster was not
    indicators: list[str]  # the judgement indicators made in one and not the other
    peers: int  # how many peers
    rows: list[str]  # the overall and area rows they are left out of


class PeerGroup(_Model):
    id: Literal["all", "sector", "country"]
    title: str  # "All peers", "Same sector: Nanofibres", "Same country: CZ"
    clusters: int  # distinct peer clusters in the group
    formed: bool  # large enough to show figures
    reason: Msg | None = None  # why it was not formed
    summary: Msg | None = None  # the overall score's position
    rows: list[Row]
    hidden: list[str] = []  # ids of rows with fewer than five peers' values (not in `rows`)
    unlike: list[Unlike] = []  # peers left out of the totals: judged unlike this cluster


class LeftOut(_Model):
    source: str
    reason: Msg
    length: bool = False  # left out for its period's length (`Period.same_length`)


class Benchmark(_Model):
    cluster: str
    period: str
    mode: str
    counting: str = ""  # the counting mode as compared ("self", "self+drafts", "audit")
    catalogue: str  # id and version
    catalogue_sha256: str
    peer_count: int  # distinct clusters among all comparable peers
    peer_periods: list[str] = []  # the periods of the peers compared
    # peers of a period that ends before the assessed one starts: period -> how many
    earlier_peers: dict[str, int] = {}
    groups: list[PeerGroup]
    left_out: list[LeftOut]
    notes: list[Msg]

    @property
    def main(self) -> PeerGroup:
        return self.groups[0]

    @property
    def rows(self) -> list[Row]:
        """All peers' rows (none when the group is too small to show)."""
        return self.main.rows

    def as_json(self) -> dict[str, Any]:
        """The result for machines, each sentence in English (`clex benchmark --json`)."""
        data = self.model_dump(mode="json")
        for group, model in zip(data["groups"], self.groups, strict=True):
            group["reason"] = str(model.reason) if model.reason else ""
            group["summary"] = str(model.summary) if model.summary else ""
        for gone, model_gone in zip(data["left_out"], self.left_out, strict=True):
            gone["reason"] = str(model_gone.reason)
        data["notes"] = [str(n) for n in self.notes]
        return data


def collect_peers(sources: Iterable[Path], *, remember: bool = False) -> list[PeerFile]:
    """Every *.json in the given folders, and the given files; a file that is not a
    snapshot is kept with its problem (the benchmark lists it as left out). A source
    that does not exist, or folders with no file at all, are a user error. `remember`:
    parses kept for the next call (`read_snapshot`), for the web page, when the files
    fit in half the parses kept (`assessment.parsed`): a folder larger than that, read in
    the same order at every visit, would push out each parse before its next use."""
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
    remember = remember and PARSED.holds(sum(f.stat().st_size for f in files))
    peers = []
    for f in files:
        try:
            peers.append(
                PeerFile(
                    source=str(f), snapshot=read_snapshot(f, remember=remember), modified=_mtime(f)
                )
            )
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


def _not_comparable(own: Snapshot, peer: PeerFile, clusters: Clusters) -> Msg | None:
    """Why `peer` cannot be compared with `own`, or None when it can."""
    snap = peer.snapshot
    if snap is None:
        return M("not a snapshot: {problem}", problem=peer.problem)
    peer_is, own_is = clusters.of(snap), clusters.of(own)
    if peer_is is None:
        return clusters.unclear(snap)
    if own_is is None and peer_is[1] == clusters.name(own):
        return clusters.perhaps_own(own)
    if clusters.same(snap) == clusters.same(own):
        return M("the same cluster as the assessed one")
    mine, theirs = own.catalogue, snap.catalogue
    if theirs.id != mine.id:
        yours, ours = f"{theirs.id} {theirs.version}", f"{mine.id} {mine.version}"
        return M("another catalogue ({theirs}, not {mine})", theirs=yours, mine=ours)
    if theirs.sha256 != mine.sha256:
        return M(
            "a changed copy of the catalogue {id} (SHA-256 {theirs}, not {mine}): "
            "its thresholds may differ",
            id=theirs.id,
            theirs=theirs.sha256[:12],
            mine=mine.sha256[:12],
        )
    if snap.counting != own.counting:
        return M(
            "another counting mode: {theirs}, not {mine}",
            theirs=M(COUNTING_TEXT[snap.counting]),
            mine=M(COUNTING_TEXT[own.counting]),
        )
    return _other_length(own, snap)


def select_peers(
    own: Snapshot, peers: Sequence[Snapshot | PeerFile]
) -> tuple[list[PeerFile], list[LeftOut]]:
    """The comparable peers, one per cluster (the snapshot of the assessed period, else
    the newest of its length), and the rest with why. Comparability comes first: a
    cluster's audit is not a newer version of its self-assessment, and only the
    snapshot that can be compared is of use."""
    found: dict[Cluster, list[PeerFile]] = {}
    left: list[LeftOut] = []
    files = _as_peer_files(peers)
    clusters = Clusters([own, *(p.snapshot for p in files if p.snapshot is not None)])
    for peer in files:
        reason = _not_comparable(own, peer, clusters)
        if reason is not None:
            by_length = peer.snapshot is not None and reason == _other_length(own, peer.snapshot)
            left.append(LeftOut(source=peer.source, reason=reason, length=by_length))
        else:
            assert peer.snapshot is not None
            snap = clusters.filled(peer.snapshot)  # its country, found from its other files
            found.setdefault(clusters.same(snap) or cluster_of(snap), []).append(
                peer.model_copy(update={"snapshot": snap})
            )
    kept = []
    for candidates in found.values():
        ranked = sorted(candidates, key=lambda p: _preference(own, p), reverse=True)
        kept.append(ranked[0])
        for other in ranked[1:]:
            assert other.snapshot is not None
            why = M(
                "another snapshot of a cluster already compared ({period}); {used} is used",
                period=other.snapshot.period.label,
                used=ranked[0].source,
            )
            left.append(LeftOut(source=other.source, reason=why))
    return kept, left


def _preference(own: Snapshot, peer: PeerFile) -> tuple[object, ...]:
    """What makes one of a cluster's snapshots the one compared (the highest wins): the
    assessed period itself, then the newest period's end, then the newest file."""
    assert peer.snapshot is not None
    snap = peer.snapshot
    same = snap.period.start == own.period.start and snap.period.end == own.period.end
    return (same, snap.period.end, snap.created, peer.modified, peer.source)


def _period(snapshot: Snapshot) -> Period:
    return Period(snapshot.period.start, snapshot.period.end)


def _other_length(own: Snapshot, snap: Snapshot) -> Msg | None:
    """Why a period of another length is not compared (a count of two years is not a
    count of one; `Period.same_length`)."""
    if _period(own).same_length(_period(snap)):
        return None
    return M(
        "a period of another length ({period}: {theirs}, not {mine}): its counts cover "
        "another span",
        period=snap.period.label,
        theirs=length(_period(snap)),
        mine=length(_period(own)),
    )


def shown_digits(unit: str) -> int:
    """The decimals a report shows of a value in `unit` (evidence.messages.quantity)."""
    return 1 if unit == "percent" else 2


def position(own: float, q1: float, median: float, q3: float, digits: int = 2) -> Position:
    """Where `own` lies among the peers' quartiles, values compared as shown (`digits`).

    A tie with the median is "at the median"; a value equal to the third quartile is
    within the middle half (the top quarter lies above it), one equal to the first
    quartile too; when quartile and median coincide, the median wins.
    """
    o, a, m, c = (round(v, digits) for v in (own, q1, median, q3))
    if o == m:
        return "at_median"
    if o > c:
        return "top_quarter"
    if o > m:
        return "above_median"
    if o >= a:
        return "below_median"
    return "bottom_quarter"


def _tidy(v: float) -> float:
    return round(v, 6)  # no float noise (73.90000000000001) in JSON or a workbook


def _row(
    base: dict[str, Any],
    own: float | None,
    values: list[tuple[Cluster, float | None]],  # (cluster, value) per peer snapshot
) -> Row | None:
    """The row, or None when fewer than five clusters have a value (nothing shown)."""
    known = sorted(v for _, v in values if v is not None)
    clusters = {c for c, v in values if v is not None}
    if len(clusters) < MIN_GROUP:
        return None
    q1, median, q3 = (_tidy(q) for q in statistics.quantiles(known, n=4, method="inclusive"))
    digits = shown_digits(base.get("unit", ""))
    where = None if own is None else position(own, q1, median, q3, digits)
    ranged = len(clusters) >= MIN_RANGE  # below: each end is one cluster's own value
    return Row(
        **base,
        n=len(known),
        own=own,
        low=_tidy(known[0]) if ranged else None,
        q1=q1,
        median=median,
        q3=q3,
        high=_tidy(known[-1]) if ranged else None,
        position=where,
    )


def _unjudged(snap: Snapshot) -> dict[str, str]:
    """The scored judgement indicators nobody judged in `snap` (`not_judged`): id -> area."""
    return {i.id: i.area for i in snap.indicators if i.scored and not_judged(i)}


def _unlike(own: Snapshot, peers: list[Snapshot]) -> dict[int, set[str]]:
    """Per peer (by `id()` of its snapshot) the judgement indicators judged in it or in
    `own` only."""
    mine = set(_unjudged(own))
    out = {}
    for peer in peers:
        differ = mine ^ set(_unjudged(peer))
        if differ:
            out[id(peer)] = differ
    return out


def _unlike_said(own: Snapshot, unlike: dict[int, set[str]]) -> list[Unlike]:
    """What `_rows` left out of the totals, for the reader: peers not judged where this
    cluster was, and peers judged where it was not, with the rows they are left out of
    (shown without them, or hidden for want of them)."""
    mine, area = set(_unjudged(own)), {i.id: i.area for i in own.indicators}
    out = []
    for own_unjudged in (False, True):
        ids: set[str] = set()
        peers = 0
        for differ in unlike.values():
            side = differ & mine if own_unjudged else differ - mine
            if side:
                ids |= side
                peers += 1
        if not peers:
            continue
        areas = {area[i] for i in ids}
        rows = ["overall", *(a.id for a in own.areas if a.id in areas)]
        out.append(
            Unlike(
                own_unjudged=own_unjudged,
                indicators=sorted(ids, key=list(area).index),
                peers=peers,
                rows=rows,
            )
        )
    return out


def _rows(
    own: Snapshot, peers: list[Snapshot], alike: bool = True
) -> tuple[list[Row], list[str], dict[int, set[str]]]:
    """The overall and area scores, then every indicator's value; the ids of the rows
    too few peers have a value for; and the peers (by index) whose totals leave out other
    judgements than `own`'s, with those judgements (`_unlike`). Such a peer's overall
    score, and its score of each area holding one of them, are not compared: a judgement
    not made scores 0 (12 of 106 points for the strategy), which is no state of the
    cluster; its indicator rows still are. `alike=False` (the association's spread, which
    has no cluster of its own): every total as it is."""
    unlike = _unlike(own, peers) if alike else {}
    area_of = {i.id: i.area for i in own.indicators}

    def values(get: Callable[[Snapshot], float | None]) -> list[tuple[Cluster, float | None]]:
        return [(cluster_of(p), get(p)) for p in peers]

    def overall(p: Snapshot) -> float | None:
        return None if id(p) in unlike else p.overall

    wanted: list[tuple[dict[str, Any], float | None, Callable[[Snapshot], float | None]]] = [
        (
            {"id": "overall", "title": "Overall", "level": "overall", "unit": "percent"},
            own.overall,
            overall,
        )
    ]
    for area in own.areas:

        def area_percent(s: Snapshot, aid: str = area.id) -> float | None:
            if any(area_of.get(i) == aid for i in unlike.get(id(s), ())):
                return None
            return next((a.percent for a in s.areas if a.id == aid), None)

        scores: dict[str, Any] = {"id": area.id, "title": area.title, "level": "area"}
        wanted.append(({**scores, "unit": "percent"}, area.percent, area_percent))
    for ind in own.indicators:

        def ind_value(s: Snapshot, iid: str = ind.id) -> float | None:
            return next((i.value for i in s.indicators if i.id == iid), None)

        base: dict[str, Any] = {
            "id": ind.id,
            "title": f"{ind.id} {ind.title}",
            "level": "indicator",
            "unit": ind.unit,
            "unit_words": ind.unit_words,
            "per_year": ind.per_year,
            "lower_is_better": ind.lower_is_better,
            "scored": ind.scored,
        }
        wanted.append((base, ind.value, ind_value))
    rows, hidden = [], []
    for base, mine, get in wanted:
        row = _row(base, mine, values(get))
        if row is None:
            hidden.append(base["id"])
        else:
            rows.append(row)
    return rows, hidden, unlike


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
    unformed: Msg | None = None,
) -> PeerGroup:
    clusters = len({cluster_of(m) for m in members})
    if unformed is not None or clusters < MIN_GROUP:
        reason = unformed or M(
            "fewer than five peers: no figures are shown, so that no single cluster "
            "can be recognised"
        )
        return PeerGroup(
            id=gid, title=title, clusters=clusters, formed=False, reason=reason, rows=[]
        )
    rows, hidden, unlike = _rows(own, members)
    overall = next((r for r in rows if r.id == "overall"), None)
    summary = None
    if overall is not None and overall.position is not None:
        summary = Mp(
            "overall score {score}: {position} ({n} cluster)",
            "overall score {score}: {position} ({n} clusters)",
            n=overall.n,  # without the peers judged unlike this cluster (`_rows`)
            score=num(own.overall, "percent"),
            position=M(POSITION_TEXT[overall.position]),
        )
    return PeerGroup(
        id=gid,
        title=title,
        clusters=clusters,
        formed=True,
        summary=summary,
        rows=rows,
        hidden=hidden,
        unlike=_unlike_said(own, unlike),
    )


def benchmark(own: Snapshot, peers: Sequence[Snapshot | PeerFile]) -> Benchmark:
    """The comparable peers as groups (all, same sector, same country), each with
    the peers' distribution and this cluster's position when large enough; the rest
    left out."""
    chosen, left_out = select_peers(own, peers)
    members = [p.snapshot for p in chosen if p.snapshot is not None]
    profile = own.cluster
    sector = [m for m in members if _same_text(m.cluster.sector, profile.sector)]
    country = [m for m in members if profile.country and m.cluster.country == profile.country]
    wanted: list[tuple[Literal["all", "sector", "country"], str, list[Snapshot]]] = [
        ("all", GROUP_TITLES["all"], members),
        ("sector", f"Same sector: {profile.sector}", sector),
        ("country", f"Same country: {profile.country}", country),
    ]
    groups: list[PeerGroup] = []
    shown: list[tuple[PeerGroup, set[Cluster]]] = []  # each group built, with its clusters
    for gid, title, group in wanted:
        clusters = {cluster_of(m) for m in group}
        why = _why_not_shown(gid, profile.sector, profile.country, clusters, shown)
        built = _group(gid, GROUP_TITLES[gid] if why and not group else title, own, group, why)
        groups.append(built)
        shown.append((built, clusters))
    return Benchmark(
        cluster=profile.slug,
        period=own.period.label,
        mode=own.mode,
        counting=own.counting,
        catalogue=f"{own.catalogue.id} {own.catalogue.version}",
        catalogue_sha256=own.catalogue.sha256,
        peer_count=groups[0].clusters,
        peer_periods=sorted({m.period.label for m in members}),
        earlier_peers=_earlier(own, members),
        groups=groups,
        left_out=left_out,
        notes=_notes(groups),
    )


def _earlier(own: Snapshot, members: Sequence[Snapshot]) -> dict[str, int]:
    """How many of the compared peers (one snapshot per cluster) are of each period that
    ended before the assessed period started, oldest first. Why: a peer whose only
    snapshot is of 2021 is compared with 2025 as the newest it has (the rules above), and
    its values move the quartiles; whether four-year-old data still benchmarks is the
    association's call, so the peer stays, and the basis says how many are of which
    earlier period (ECEI compares current benchmarking data)."""
    older = Counter(
        (m.period.start, m.period.label) for m in members if m.period.end < own.period.start
    )
    return {label: n for (_, label), n in sorted(older.items())}


def _why_not_shown(
    gid: str,
    sector: str | None,
    country: str | None,
    mine: set[Cluster],
    before: list[tuple[PeerGroup, set[Cluster]]],
) -> Msg | None:
    """Why a group shows no figures although it may hold five clusters: the profile
    does not say its sector or country, or its clusters (`mine`) lie within those of a
    group shown before it whose other peers are fewer than five (the difference between
    the two would tell them)."""
    if gid == "sector" and not sector:
        return M("the cluster's profile has no sector")
    if gid == "country" and not country:
        return M("the cluster's profile has no country")
    for shown, larger in before:
        rest = len(larger - mine)
        if shown.formed and mine and mine == larger:  # the same table twice says nothing
            return M(
                "the same clusters as the group “{group}”",
                group=M(GROUP_TITLES[shown.id]),
            )
        if shown.formed and mine <= larger and 0 < rest < MIN_GROUP:
            return Mp(
                "beside the group “{group}”, it would leave out {n} cluster, whose "
                "values its figures and that group's would tell",
                "beside the group “{group}”, it would leave out {n} clusters, whose "
                "values its figures and that group's would tell",
                n=rest,
                group=M(GROUP_TITLES[shown.id]),
            )
    return None


def _notes(groups: list[PeerGroup]) -> list[Msg]:
    small = [g for g in groups if g.formed and g.clusters < MIN_RANGE]
    if not small:
        return []
    return [
        M(
            "The lowest and highest values are shown from ten clusters on: in a "
            "smaller group each is one cluster's own value."
        )
    ]


class Spread(_Model):
    """The association's view of one yardstick (catalogue and counting mode): how many
    clusters were assessed with it and, from five clusters on, each value's spread."""

    catalogue: str  # id and version
    catalogue_sha256: str
    counting: str
    clusters: int
    periods: list[str]
    formed: bool  # five clusters or more: figures are shown
    rows: list[Row]  # `own` and `position` empty: no cluster is singled out
    hidden: list[str] = []


def spreads(snapshots: Sequence[Snapshot | PeerFile]) -> tuple[list[Spread], list[Msg]]:
    """Every cluster's newest snapshot, grouped by catalogue (SHA-256), counting mode
    and the period's length (months), each group with its distribution when it holds
    five clusters or more (the rule of `benchmark`, with no cluster of its own); and why
    any file could not be used. No cluster is named: an association's analyst sees the
    spread, never who is where."""
    groups: dict[tuple[str, str, tuple[str, int]], dict[Cluster, Snapshot]] = {}
    problems: list[Msg] = []
    files = _as_peer_files(snapshots)
    clusters = Clusters(p.snapshot for p in files if p.snapshot is not None)
    for peer in files:
        snap = peer.snapshot
        if snap is None:
            problems.append(M("not a snapshot: {problem}", problem=peer.problem))
            continue
        if clusters.of(snap) is None:
            problems.append(clusters.unclear(snap))
            continue
        snap = clusters.filled(snap)
        span = _period(snap).length_key  # as `Period.same_length` compares them
        members = groups.setdefault((snap.catalogue.sha256, snap.counting, span), {})
        key = clusters.same(snap) or cluster_of(snap)
        newest = members.get(key)
        if newest is None or (snap.period.end, snap.created) > (
            newest.period.end,
            newest.created,
        ):
            members[key] = snap
    out = []
    for (sha, mode, _), members in groups.items():
        latest = max(members.values(), key=lambda s: (s.period.end, s.created))
        found = list(members.values())
        formed = len(found) >= MIN_GROUP
        rows, hidden, _ = _rows(latest, found, alike=False) if formed else ([], [], {})
        out.append(
            Spread(
                catalogue=f"{latest.catalogue.id} {latest.catalogue.version}",
                catalogue_sha256=sha,
                counting=mode,
                clusters=len(found),
                periods=sorted({s.period.label for s in found}),
                formed=formed,
                rows=[r.model_copy(update={"own": None, "position": None}) for r in rows],
                hidden=hidden,
            )
        )
    out.sort(key=lambda g: -g.clusters)
    return out, problems
