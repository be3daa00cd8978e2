"""One view of a snapshot that both report writers share.

Why: the PDF and the workbook must never disagree about what "previous period", "change"
or "evidence behind S1" means. `build_context` works those out once, from snapshots only
(never the store), in the report's language, and hands plain numbers and dates to the
writers; formatting (Babel in the PDF, number formats in Excel) is theirs.

Decisions a reader should know:
- the previous period is the latest `compare` snapshot of the same cluster that ends
  before this one; without one, `snapshot.previous` gives area scores (not indicators);
- compare snapshots of another cluster are left out with a note in the report rather
  than silently mixed in; which peers are compared is the benchmark's rule (same
  catalogue file and counting mode, one per cluster and period, groups of 5+ clusters),
  and the report says what was left out and which groups were too small;
- the appendix is a list of independent per-indicator groups (`AppendixGroup`), so
  that a long one can be rendered in parts, in processes of their own (reports/parallel.py):
  a part may even begin in the middle of a group, as a continued run of its records.
The rows and views it builds are defined in reports/views.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from itertools import accumulate

from assessment.benchmark import MIN_GROUP, PeerFile, PeerGroup, benchmark
from assessment.compare import compare
from assessment.snapshot import EvidenceRef, Snapshot

from .costs import audit_comparison, costs_view
from .i18n import CatalogueTitles, Lang, catalogue_titles
from .views import (
    AreaView,
    AwardView,
    EvidenceRow,
    FindingRow,
    GapRow,
    IndicatorRow,
    LabelView,
    PeerView,
    ReportContext,
    TrendView,
)

DEFAULT_GOLD = 80.0  # the ECEI Gold pass mark, when the catalogue is not at hand
SHA_PREFIX = 12


def same_evidence(indicators: Sequence[IndicatorRow]) -> dict[str, str]:
    """Indicator id -> the first earlier indicator resting on exactly the same records.

    Several indicators often count the same member list; the appendix lists it once
    and points there, which keeps it readable (the workbook still lists every pair).
    """
    first: dict[tuple[str, ...], str] = {}
    out = {}
    for ind in indicators:
        key = tuple(sorted(e.id for e in ind.evidence))
        if not key:
            continue
        if key in first:
            out[ind.id] = first[key]
        else:
            first[key] = ind.id
    return out


def previous_of(snapshot: Snapshot, compare_with: Sequence[Snapshot]) -> Snapshot | None:
    """The latest snapshot of the same cluster whose period ends before this one's."""
    earlier = [
        s
        for s in compare_with
        if s.cluster.slug == snapshot.cluster.slug and s.period.end < snapshot.period.end
    ]
    return max(earlier, key=lambda s: (s.period.end, s.period.start), default=None)


def _evidence_row(ref: EvidenceRef) -> EvidenceRow:
    return EvidenceRow(
        id=ref.id,
        kind=ref.kind,
        start=ref.start,
        end=ref.end,
        title=ref.title,
        status=ref.status,
        sha_prefix=ref.content_sha256[:SHA_PREFIX],
        content_sha256=ref.content_sha256,
        attachment_sha256=ref.attachment_sha256,
        expires=ref.expires,
        source=ref.source,
    )


def _missing_row(record_id: str) -> EvidenceRow:
    return EvidenceRow(record_id, "", None, None, "", "", "", "", None, None, "", missing=True)


def build_context(
    snapshot: Snapshot,
    *,
    compare_with: Sequence[Snapshot] = (),
    peers: Sequence[Snapshot | PeerFile] = (),
    lang: Lang,
) -> ReportContext:
    _ = lang._
    titles = catalogue_titles(snapshot, lang.code)
    notes: list[str] = []
    same = [s for s in compare_with if s.cluster.slug == snapshot.cluster.slug]
    for other in compare_with:
        if other.cluster.slug != snapshot.cluster.slug:
            notes.append(
                _(
                    "A snapshot of another cluster ({cluster}, {period}) was left out of the trend."
                ).format(cluster=other.cluster.name, period=other.period.label)
            )
    prev = previous_of(snapshot, same)
    refs = {r.id: r for r in snapshot.evidence}

    indicators = [_indicator(snapshot, i.id, prev, refs, titles) for i in snapshot.indicators]
    areas = _areas(snapshot, prev, indicators, titles)
    previous_label: str | None = None
    previous_overall: float | None = None
    if prev is not None:
        previous_label, previous_overall = prev.period.label, prev.overall
    elif snapshot.previous is not None:
        previous_label, previous_overall = snapshot.previous.period.label, snapshot.previous.overall

    labels = [
        LabelView(lb.id, titles.labels.get(lb.id, lb.title), lb.ready, list(lb.reasons))
        for lb in snapshot.labels
    ]
    ind_title = {i.id: i.title for i in indicators}
    area_title = {a.id: a.title for a in areas}
    gold_path = _gaps(snapshot.gold_path, ind_title, area_title, start=snapshot.overall)
    gaps = _gaps(snapshot.gaps, ind_title, area_title, start=None)
    peer_view = _peers(snapshot, peers, indicators, area_title, lang)
    return ReportContext(
        snapshot=snapshot,
        lang=lang,
        catalogue_title=titles.catalogue or snapshot.catalogue.title,
        previous_label=previous_label,
        previous_overall=previous_overall,
        areas=areas,
        indicators=indicators,
        labels=labels,
        awards=_awards(snapshot, titles, lang),
        verdict=_verdict(labels, lang),
        gold_threshold=titles.gold_threshold or DEFAULT_GOLD,
        gold_path=gold_path,
        gaps=gaps,
        findings=_findings(snapshot),
        mode_differences=[
            i
            for i in indicators
            if i.other_mode_points is not None and abs(i.other_mode_points - i.points) > 1e-9
        ],
        status_counts=dict(Counter(r.status for r in snapshot.evidence).most_common()),
        trend=_trend(snapshot, same, area_title, lang),
        peers=peer_view,
        notes=notes,
        costs=costs_view(snapshot, lang, {i.id: i.title for i in indicators}),
    )


def _indicator(
    snapshot: Snapshot,
    indicator_id: str,
    prev: Snapshot | None,
    refs: dict[str, EvidenceRef],
    titles: CatalogueTitles,
) -> IndicatorRow:
    ind = snapshot.indicator(indicator_id)
    before = next((i for i in prev.indicators if i.id == ind.id), None) if prev else None
    rows = [_evidence_row(refs[e]) if e in refs else _missing_row(e) for e in ind.evidence_ids]
    rows.sort(key=lambda r: (r.start or date.min, r.id))
    return IndicatorRow(
        id=ind.id,
        area=ind.area,
        title=titles.indicators.get(ind.id, ind.title),
        method=ind.method,
        value=ind.value,
        points=ind.points,
        max_points=ind.max_points,
        percent=round(100.0 * ind.points / ind.max_points, 1) if ind.max_points else 0.0,
        weight=ind.weight,
        minimum=ind.minimum,
        minimum_met=ind.minimum_met,
        previous_points=before.points if before else None,
        change=ind.points - before.points if before else None,
        explanation=ind.explanation,
        evidence=rows,
        findings=[f.message for f in ind.findings],
        other_mode_points=ind.other_mode_points,
    )


def _areas(
    snapshot: Snapshot,
    prev: Snapshot | None,
    indicators: list[IndicatorRow],
    titles: CatalogueTitles,
) -> list[AreaView]:
    if prev is not None:
        before = {a.id: a.percent for a in prev.areas}
    elif snapshot.previous is not None:
        before = dict(snapshot.previous.areas)
    else:
        before = {}
    out = []
    for a in snapshot.areas:
        was = before.get(a.id)
        out.append(
            AreaView(
                id=a.id,
                title=titles.areas.get(a.id, a.title),
                share_of_total=a.share_of_total,
                points=a.points,
                max_points=a.max_points,
                percent=a.percent,
                previous=was,
                change=None if was is None else round(a.percent - was, 2),
                indicators=[i for i in indicators if i.area == a.id],
            )
        )
    return out


def _awards(snapshot: Snapshot, titles: CatalogueTitles, lang: Lang) -> list[AwardView]:
    """The labels awarded (`clex label award`), their validity and state on the
    snapshot's date: readiness is not an award, so only these carry dates."""
    _ = lang._
    states = {
        "not yet awarded": _("not yet awarded"),
        "valid": _("valid"),
        "in the renewal window": _("in the renewal window"),
        "expired": _("expired"),
        "renewed": _("renewed"),
        "withdrawn": _("withdrawn"),
    }
    kinds = {
        "first award": _("First award"),
        "timely renewal": _("Timely renewal"),
        "late renewal": _("Late renewal"),
        "new award": _("New award"),
    }
    out = []
    for a in snapshot.awards:
        details = _(
            "{kind} on {awarded_on}, valid {months} months: until {valid_until}; "
            "renewable by repeating the process until {renewable_until}."
        ).format(
            kind=kinds[a.kind],
            awarded_on=lang.date(a.awarded_on),
            months=a.months,
            valid_until=lang.date(a.valid_until),
            renewable_until=lang.date(a.renewable_until),
        )
        if a.awarded_by:
            details += " " + _("Awarded by {body}.").format(body=a.awarded_by)
        out.append(
            AwardView(
                label=a.label,
                title=titles.labels.get(a.label, a.title),
                awarded_on=a.awarded_on,
                valid=a.state == "valid",
                state=states[a.state],
                details=details,
            )
        )
    return out


def _verdict(labels: list[LabelView], lang: Lang) -> str:
    _ = lang._
    ready = [lb for lb in labels if lb.ready]
    if ready:
        return _("Ready for the {label} label").format(label=ready[-1].title)
    return _("Not yet ready for any label")


def _gaps(
    gaps: Sequence, ind_title: dict[str, str], area_title: dict[str, str], *, start: float | None
) -> list[GapRow]:
    after = list(accumulate((g.gain for g in gaps), initial=start)) if start is not None else []
    return [
        GapRow(
            step=n + 1,
            indicator=g.indicator,
            title=ind_title.get(g.indicator, g.indicator),
            area=area_title.get(g.area, g.area),
            points_now=g.points_now,
            points_next=g.points_next,
            gain=g.gain,
            effort=g.effort,
            need=g.need,
            fixes_minimum=g.fixes_minimum,
            overall_after=round(after[n + 1], 2) if after else None,
        )
        for n, g in enumerate(gaps)
    ]


def _findings(snapshot: Snapshot) -> list[FindingRow]:
    rows = [
        FindingRow(f.severity, f.indicator_id or "", f.record_id or "", f.message)
        for f in snapshot.findings
    ]
    for ind in snapshot.indicators:
        rows += [FindingRow(f.severity, ind.id, f.record_id or "", f.message) for f in ind.findings]
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(rows, key=lambda r: order.get(r.severity, 3))


def _trend(
    snapshot: Snapshot, same: list[Snapshot], area_title: dict[str, str], lang: Lang
) -> TrendView | None:
    others = {s.period.label: s for s in same if s.period.label != snapshot.period.label}
    if not others:
        return None
    result = compare([*others.values(), snapshot])
    notes = list(result.notes)
    if result.common_share < 100:
        notes.insert(
            0,
            lang._("{share} of the indicators are in every snapshot.").format(
                share=lang.pct(result.common_share, 0)
            ),
        )
    return TrendView(
        comparison=result,
        periods=[c.period for c in result.columns],
        area_titles={a.id: area_title.get(a.id, a.title) for a in result.areas},
        notes=notes,
    )


def _peers(
    snapshot: Snapshot,
    peers: Sequence[Snapshot | PeerFile],
    indicators: list[IndicatorRow],
    area_title: dict[str, str],
    lang: Lang,
) -> PeerView | None:
    if not peers:
        return None
    _ = lang._
    result = benchmark(snapshot, peers)
    titles = {"overall": _("Overall"), **area_title}
    titles.update({i.id: f"{i.id} {i.title}" for i in indicators})
    words = position_words(lang)
    groups = [_group_sentence(g, snapshot, words, lang) for g in result.groups[1:]]
    notes = list(result.notes)
    if result.left_out:
        notes.append(
            _("Left out of the comparison ({n}): {reasons}.").format(
                n=len(result.left_out),
                reasons="; ".join(f"{gone.source}: {gone.reason}" for gone in result.left_out),
            )
        )
    return PeerView(result=result, titles=titles, notes=notes, positions=words, groups=groups)


def position_words(lang: Lang) -> dict[str, str]:
    """The benchmark's positions in the report's language."""
    _ = lang._
    return {
        "top_quarter": _("in the top quarter"),
        "above_median": _("above the median"),
        "at_median": _("at the median"),
        "below_median": _("below the median"),
        "bottom_quarter": _("in the bottom quarter"),
    }


def _group_sentence(group: PeerGroup, snapshot: Snapshot, words: dict[str, str], lang: Lang) -> str:
    _ = lang._
    name = _("Same sector") if group.id == "sector" else _("Same country")
    value = snapshot.cluster.sector if group.id == "sector" else snapshot.cluster.country
    if not value:
        return _("{group}: no group, the cluster's profile does not say.").format(group=name)
    if not group.formed:
        return _("{group} ({value}): not shown, {n} of the {min} clusters needed.").format(
            group=name, value=value, n=group.clusters, min=MIN_GROUP
        )
    overall = group.rows[0]
    return _("{group} ({value}): {n} clusters; {cluster} is {position} (median {median}).").format(
        group=name,
        value=value,
        n=group.clusters,
        cluster=snapshot.cluster.name,
        position=words[overall.position] if overall.position else "-",
        median=lang.pct(overall.median),
    )


def key_messages(ctx: ReportContext) -> list[str]:
    """The executive summary in sentences: score, minimums, areas, path, evidence."""
    lang, snap = ctx.lang, ctx.snapshot
    _ = lang._
    out = []
    short = ctx.gold_threshold - snap.overall
    if ctx.overall_change is not None and ctx.previous_label:
        text = _("The overall score is {score}, {change} points against {period}.").format(
            score=lang.pct(snap.overall),
            change=lang.delta(ctx.overall_change),
            period=ctx.previous_label,
        )
    else:
        text = _("The overall score is {score}.").format(score=lang.pct(snap.overall))
    if short > 0:
        text += " " + _("Gold needs {threshold}: {short} points to go.").format(
            threshold=lang.pct(ctx.gold_threshold, 0), short=lang.num(short, 1)
        )
    else:
        text += " " + _("It reaches the Gold pass mark of {threshold}.").format(
            threshold=lang.pct(ctx.gold_threshold, 0)
        )
    out.append(text)
    missed, total = ctx.minimums_missed, len(ctx.minimums)
    if missed:
        out.append(
            lang.n_(
                "{n} of {total} eligibility criteria is missed: {which}. "
                "No label can be awarded until it is met.",
                "{n} of {total} eligibility criteria are missed: {which}. "
                "No label can be awarded until they are met.",
                len(missed),
            ).format(
                n=len(missed), total=total, which=", ".join(f"{i.id} {i.title}" for i in missed)
            )
        )
    elif total:
        out.append(_("All {total} eligibility criteria are met.").format(total=total))
    if ctx.areas:
        best = max(ctx.areas, key=lambda a: a.percent)
        worst = min(ctx.areas, key=lambda a: a.percent)
        out.append(
            _("Strongest area: {best} ({best_score}); weakest: {worst} ({worst_score}).").format(
                best=best.title,
                best_score=lang.pct(best.percent),
                worst=worst.title,
                worst_score=lang.pct(worst.percent),
            )
        )
    if ctx.gold_path:
        first = ", ".join(f"{g.indicator} {g.title}" for g in ctx.gold_path[:3])
        out.append(
            lang.n_(
                "The shortest path to Gold takes {n} step: {first}.",
                "The shortest path to Gold takes {n} steps, starting with {first}.",
                len(ctx.gold_path),
            ).format(n=len(ctx.gold_path), first=first)
        )
    verified = ctx.status_counts.get("verified", 0)
    out.append(
        lang.n_(
            "{n} evidence record supports the scores; {verified} of them verified.",
            "{n} evidence records support the scores; {verified} of them verified.",
            ctx.evidence_total,
        ).format(n=ctx.evidence_total, verified=verified)
    )
    # said only once reviews exist, and with how much is verified (reports/costs.py)
    if snap.mode == "self" and (audit := audit_comparison(snap, lang)):
        out.append(audit)
    return out
