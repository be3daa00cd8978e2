"""The benchmark as a reader sees it, once for the PDF, the workbook and the charts.

Why a module of its own: the PDF page, the workbook sheet and `clex benchmark` must
say the same thing about the same peers: values in their units, the peer basis, the
position in words, and "fewer than five peers" with no number at all where a group or a
row is too small (no table of dashes). `peer_view` works that out once, in the report's
language, from `assessment.benchmark` (which decides what is compared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assessment.benchmark import (
    COUNTING_TEXT,
    FEWER_THAN_FIVE,
    MIN_GROUP,
    POSITION_TEXT,
    Benchmark,
    PeerFile,
    PeerGroup,
    Row,
    Unlike,
    benchmark,
)
from assessment.period import Period
from assessment.snapshot import Snapshot
from assessment.wording import length
from evidence.terms import N_

from .i18n import Lang

SHA_PREFIX = 12


@dataclass(frozen=True)
class PeerLine:
    """One row in the reader's language: every figure formatted with its unit."""

    row: Row  # the numbers (the workbook writes these, with a number format)
    title: str
    own: str
    low: str
    q1: str
    median: str
    q3: str
    high: str
    position: str  # "in the peers' top quarter"; "no value" when the cluster has none
    note: str  # "lower is better", "descriptive, no points" or ""
    middle: str = ""  # "43,4 % – 77,6 %", "4 – 10 per year": the middle half
    spread: str = ""  # the peers' lowest to highest, the same way


@dataclass(frozen=True)
class PeerTable:
    group: PeerGroup
    title: str  # "All peers (22 clusters)"
    summary: str  # the overall score's position, a sentence
    scores: list[PeerLine]  # overall and area scores (% of the maximum points)
    values: list[PeerLine]  # each indicator's own value
    by_area: list[tuple[str, str, list[PeerLine]]]  # (area id, title, its indicators' lines)
    # peers left out of the totals ("2 peers were not judged on G8 ..."), then "Fewer
    # than five peers have a value for: ..."; or ""
    hidden: str

    @property
    def ranged(self) -> bool:
        """Whether any row shows the peers' lowest and highest values (from ten peers
        on, `MIN_RANGE`): the chart's legend then speaks of the whisker."""
        return any(line.row.low is not None for line in (*self.scores, *self.values))


@dataclass(frozen=True)
class PeerView:
    result: Benchmark
    basis: str  # n clusters, periods, catalogue with its SHA-256 prefix, counting mode
    tables: list[PeerTable]  # the groups large enough to show, all peers first
    groups: list[str]  # a sentence per sector or country group: shown or why not
    notes: list[str]
    too_few: str  # when no group is shown: "Fewer than five peers ...", else ""
    positions: dict[str, str]  # position code -> words in the report's language
    units: dict[str, str] = field(default_factory=dict)  # indicator id -> its unit words

    @property
    def shown(self) -> bool:
        """All peers hold enough clusters to show figures."""
        return self.result.main.formed

    @property
    def main(self) -> PeerTable | None:
        return self.tables[0] if self.tables and self.tables[0].group.id == "all" else None


def position_words(lang: Lang) -> dict[str, str]:
    """The benchmark's positions in the report's language."""
    return {code: lang._(words) for code, words in POSITION_TEXT.items()}


def peer_view(
    snapshot: Snapshot,
    peers: Sequence[Snapshot | PeerFile],
    titles: dict[str, str],  # row id -> title in the report's language
    lang: Lang,
    units: dict[str, str] | None = None,  # indicator id -> its unit words in `lang`
) -> PeerView | None:
    if not peers:
        return None
    _ = lang._
    result = benchmark(snapshot, peers)
    titles = {"overall": _("Overall score"), **titles}
    words = position_words(lang)
    tables = [
        _table(g, snapshot, titles, words, lang, units or {}) for g in result.groups if g.formed
    ]
    notes = [lang.msg(n) for n in result.notes]
    if result.left_out:
        notes.append(
            _("Left out of the comparison ({n}): {reasons}.").format(
                n=len(result.left_out),
                reasons="; ".join(
                    f"{gone.source}: {lang.msg(gone.reason)}" for gone in result.left_out
                ),
            )
        )
    too_few = ""
    if not result.main.formed:
        too_few = _(
            "Fewer than five peers: the comparable peer clusters are too few to show any "
            "figure, so that no single cluster can be recognised."
        )
    return PeerView(
        result=result,
        basis=basis(result, lang),
        tables=tables,
        groups=[_group_sentence(g, snapshot, lang) for g in result.groups[1:]],
        notes=notes,
        too_few=too_few,
        positions=words,
        units=dict(units or {}),
    )


# The counting mode as the peer basis says it: which records the peers' values count.
BASIS_COUNTING = {
    "self": N_("a self-assessment, counting submitted and verified records"),
    "self+drafts": N_("a self-assessment, counting draft, submitted and verified records"),
}


def _length_sentence(result: Benchmark, lang: Lang) -> str:
    """ " 1 peer is left out for the length of its period: ...", or "": said in the basis,
    which says "of a period as long", since a 364-day period is no year and the reader
    asks why a peer is missing (`Period.same_length`)."""
    short = sum(gone.length for gone in result.left_out)
    if not short:
        return ""
    return " " + lang.n_(
        "{n} peer is left out for the length of its period: only periods of exactly "
        "{length} are compared.",
        "{n} peers are left out for the length of their periods: only periods of exactly "
        "{length} are compared.",
        short,
    ).format(n=short, length=lang.msg(length(Period.parse(result.period))))


def basis(result: Benchmark, lang: Lang) -> str:
    """What the peers are: how many, of which periods (and how many of each period
    earlier than the assessed one), which catalogue, which mode (with the records it
    counts: "a self-assessment" alone does not say)."""
    _ = lang._
    mode = result.counting or result.mode
    counting = BASIS_COUNTING.get(mode) or COUNTING_TEXT.get(mode, COUNTING_TEXT["self"])
    periods = ", ".join(result.peer_periods) or result.period
    if not result.main.formed:  # no number of clusters either: "fewer than five"
        return _("Peers: {few}, catalogue {catalogue} (SHA-256 {sha}), {counting}.").format(
            few=_(FEWER_THAN_FIVE),
            catalogue=result.catalogue,
            sha=result.catalogue_sha256[:SHA_PREFIX],
            counting=_(counting),
        ) + _length_sentence(result, lang)
    said = lang.n_(
        "Peers: {n} cluster, period {periods}, catalogue {catalogue} (SHA-256 {sha}), "
        "{counting}; one snapshot per cluster (snapshots of the same evidence are one "
        "cluster, whatever its name), of a period as long, peers never named.",
        "Peers: {n} clusters, period {periods}, catalogue {catalogue} (SHA-256 {sha}), "
        "{counting}; one snapshot per cluster (snapshots of the same evidence are one "
        "cluster, whatever its name), of a period as long, peers never named.",
        result.peer_count,
    ).format(
        n=result.peer_count,
        periods=periods,
        catalogue=result.catalogue,
        sha=result.catalogue_sha256[:SHA_PREFIX],
        counting=_(counting),
    )
    said += _length_sentence(result, lang)
    if not result.earlier_peers:
        return said
    older = "; ".join(
        lang.n_("{n} peer is of {period}", "{n} peers are of {period}", n).format(n=n, period=label)
        for label, n in result.earlier_peers.items()
    )
    # a peer whose newest snapshot is years old is compared as it is (the association
    # decides whether to keep it), but said: its values move the quartiles
    return (
        said
        + " "
        + _("Of an earlier period than {period}: {older}; their values may be out of date.").format(
            period=result.period, older=older
        )
    )


def _line(row: Row, title: str, words: dict[str, str], lang: Lang, unit_words: str) -> PeerLine:
    """A row's figures with their unit; "per year" said once per figure or range, and
    not at all in the note (a title often says it already: "Meetings per year")."""
    _ = lang._

    def show(v: float | None, per_year: bool = False) -> str:
        return lang.value(v, row.unit, per_year and row.per_year, unit_words)

    def bare(v: float | None) -> str:  # the catalogue's unit words once per range
        return lang.num(v) if row.unit == "words" else show(v)

    def between(a: float | None, b: float | None) -> str:
        if a is None or b is None:  # a range too small a group does not show
            return "–"
        text = f"{bare(a)} – {bare(b)}"
        if row.unit == "words" and unit_words and a is not None:
            text = f"{text}\u00a0{unit_words}"
        if row.per_year and a is not None:
            return _("{value} per year").format(value=text)
        return text

    notes = []
    if row.lower_is_better:
        notes.append(_("lower is better"))
    if not row.scored:
        notes.append(_("descriptive, no points"))
    return PeerLine(
        row=row,
        title=title,
        own=show(row.own, True),
        low=bare(row.low),
        q1=bare(row.q1),
        median=show(row.median, True),
        q3=bare(row.q3),
        high=bare(row.high),
        position=words[row.position] if row.position else _("no value"),
        note=", ".join(notes),
        middle=between(row.q1, row.q3),
        spread=between(row.low, row.high),
    )


def _table(
    group: PeerGroup,
    snapshot: Snapshot,
    titles: dict[str, str],
    words: dict[str, str],
    lang: Lang,
    units: dict[str, str],
) -> PeerTable:
    _ = lang._
    name = {"all": _("All peers"), "sector": _("Same sector"), "country": _("Same country")}
    value = {"sector": snapshot.cluster.sector, "country": snapshot.cluster.country}.get(group.id)
    head = name[group.id] + (f" ({value})" if value else "")
    lines = [
        _line(r, titles.get(r.id, r.title), words, lang, units.get(r.id, r.unit_words))
        for r in group.rows
    ]
    values = [line for line in lines if line.row.level == "indicator"]
    area_of = {i.id: i.area for i in snapshot.indicators}
    by_area = [
        (a.id, titles.get(a.id, a.title), [v for v in values if area_of.get(v.row.id) == a.id])
        for a in snapshot.areas
    ]
    said = [_unlike_sentence(u, titles, lang) for u in group.unlike]
    if group.hidden:
        hidden = _("Fewer than five peers have a value for: {rows}. These rows are not shown.")
        said.append(hidden.format(rows="; ".join(titles.get(i, i) for i in group.hidden)))
    hidden = " ".join(said)
    return PeerTable(
        group=group,
        title=lang.n_("{group}: {n} cluster", "{group}: {n} clusters", group.clusters).format(
            group=head, n=group.clusters
        ),
        summary=_("{cluster}: {summary}.").format(
            cluster=snapshot.cluster.name, summary=lang.msg(group.summary)
        )
        if group.summary
        else "",
        scores=[line for line in lines if line.row.level != "indicator"],
        values=values,
        by_area=[b for b in by_area if b[2]],
        hidden=hidden,
    )


def _unlike_sentence(u: Unlike, titles: dict[str, str], lang: Lang) -> str:
    """Which peers' totals are left out because they were judged unlike this cluster
    (`assessment.benchmark.Unlike`), on which indicators, out of which rows."""
    args = {
        "n": u.peers,
        "indicators": "; ".join(titles.get(i, i) for i in u.indicators),
        "rows": "; ".join(titles.get(r, r) for r in u.rows),
    }
    if u.own_unjudged:
        return lang.n_(
            "This cluster was not judged on {indicators}: its total leaves out those points "
            "(a judgement not made scores none), so {n} peer judged on it is left out of: "
            "{rows}.",
            "This cluster was not judged on {indicators}: its total leaves out those points "
            "(a judgement not made scores none), so {n} peers judged on it are left out of: "
            "{rows}.",
            u.peers,
        ).format(**args)
    return lang.n_(
        "{n} peer was not judged on {indicators}: its total leaves out those points (a "
        "judgement not made scores none), so it is left out of: {rows}.",
        "{n} peers were not judged on {indicators}: their totals leave out those points (a "
        "judgement not made scores none), so they are left out of: {rows}.",
        u.peers,
    ).format(**args)


def _group_sentence(group: PeerGroup, snapshot: Snapshot, lang: Lang) -> str:
    _ = lang._
    name = _("Same sector") if group.id == "sector" else _("Same country")
    value = snapshot.cluster.sector if group.id == "sector" else snapshot.cluster.country
    if not value:
        return _("{group}: no group, the cluster's profile does not say.").format(group=name)
    if not group.formed:  # too few, or it would tell the few it leaves out of another
        few = _(FEWER_THAN_FIVE) if group.clusters < MIN_GROUP else lang.msg(group.reason or "")
        return _("{group} ({value}): {few}, not shown.").format(group=name, value=value, few=few)
    return _("{group} ({value}): {cluster}: {summary}.").format(
        group=name,
        value=value,
        cluster=snapshot.cluster.name,
        summary=lang.msg(group.summary) if group.summary else _("no value"),
    )


def peer_charts(table: PeerTable, cluster: str, lang: Lang) -> dict[str, str]:
    """Box plots as SVG `data:` URIs: `peers` for the scores, `peers_<area id>` for the
    indicators of each area (one chart per area keeps each on a page)."""
    from . import charts

    _ = lang._
    legend = (cluster, _("Peers' middle half"), _("Peers' median"), _("Peers' range"))

    def boxes(lines: list[PeerLine]) -> str:
        rows = []
        for line in lines:
            r = line.row
            if r.q1 is not None and r.median is not None and r.q3 is not None:
                rows.append(
                    charts.PeerBox(
                        line.title, r.own, r.low, r.q1, r.median, r.q3, r.high, line.low, line.high
                    )
                )
        return charts.data_uri(charts.peer_boxes(rows, legend=legend))

    out = {"peers": boxes(table.scores)} if table.scores else {}
    for area_id, _title, lines in table.by_area:
        out[f"peers_{area_id}"] = boxes(lines)
    return out
