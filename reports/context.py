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

from assessment.benchmark import PeerFile
from assessment.compare import OneSided, compare, not_judged, one_sided
from assessment.period import Period
from assessment.snapshot import (
    COUNTING_SHORT,
    COUNTING_WORDS,
    EvidenceRef,
    PeriodInfo,
    Snapshot,
    counting,
)

from .apart import area_notes, catalogue_sentence, change_sentence
from .costs import audit_comparison, costs_view
from .gold_view import gap_rows, gold_view, ineligible
from .i18n import CatalogueTitles, Lang, catalogue_titles
from .older import explanation as older_explanation
from .older import is_older
from .peers import peer_view
from .sentences import Sentences, marks_titles
from .verdict import basis, qualified, verdict
from .views import (
    AreaView,
    AwardView,
    EvidenceRow,
    FindingRow,
    IndicatorRow,
    LabelView,
    ReportContext,
    TrendRow,
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
    """The latest snapshot of the same cluster whose period ends before this one's
    begins, of a period as long as this one's (a year is compared with a year, two years
    with two years); None when there is none. Not the latest of any length: "+28.3
    percentage points since 2022-2023" said of one year against two compared counts of
    different spans, and a period that overlaps this one counts some records twice (the
    trend's notes name both).

    The summary's "since" and the trend's change column both take it, so they agree."""
    alike = [
        s
        for s in compare_with
        if s.cluster.slug == snapshot.cluster.slug and comparable(snapshot, s.period)
    ]
    return max(alike, key=lambda s: (s.period.end, s.period.start), default=None)


def comparable(snapshot: Snapshot, earlier: PeriodInfo) -> bool:
    """Whether `earlier` is a period a change "since" may be said against: as long as
    the snapshot's (`Period.same_length`) and ended before it began. The same rule for
    a snapshot compared with and for Silver's earlier assessment (`Snapshot.previous`),
    which said "+28.3 since 2022-2023" of one year against two."""
    mine = Period(snapshot.period.start, snapshot.period.end)
    theirs = Period(earlier.start, earlier.end)
    return earlier.end < snapshot.period.start and mine.same_length(theirs)


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
        date_precision=ref.date_precision,
        items=ref.items,
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

    say = sentences(snapshot, titles, lang)
    # the parts of the change since `prev` that are no change of the cluster: the summary,
    # the area lines, the indicator rows and the trend page all read this one object
    parts = one_sided(prev, snapshot) if prev is not None else None
    indicators = [
        _indicator(snapshot, i.id, prev, refs, titles, say, parts) for i in snapshot.indicators
    ]
    areas = _areas(snapshot, prev, indicators, titles, area_notes(parts, lang))
    previous_label: str | None = None
    previous_overall: float | None = None
    then: str | None = None  # the previous period's counting mode
    if prev is not None:
        previous_label, previous_overall, then = prev.period.label, prev.overall, prev.counting
    elif snapshot.previous is not None and comparable(snapshot, snapshot.previous.period):
        earlier = snapshot.previous
        previous_label, previous_overall = earlier.period.label, earlier.overall
        then = counting(earlier.mode, earlier.include_drafts) if earlier.mode else None
    differently = ""
    if previous_label is not None and then is not None and then != snapshot.counting:
        differently = _(
            "{period} was counted as {then}, this assessment as {now}: the change between "
            "them is not like for like."
        ).format(
            period=previous_label,
            then=_(COUNTING_WORDS[then]),
            now=_(COUNTING_WORDS[snapshot.counting]),
        )
        previous_label = _based(previous_label, then, snapshot, lang)

    labels = [
        LabelView(
            lb.id,
            titles.labels.get(lb.id, lb.title),
            lb.ready,
            [say(r) for r in lb.reasons],
            qualified=qualified(snapshot, lb.id),
        )
        for lb in snapshot.labels
    ]
    ind_title = {i.id: i.title for i in indicators}
    area_title = {a.id: a.title for a in areas}
    below = ineligible(snapshot)
    gold_path = gap_rows(
        snapshot.gold_path, ind_title, area_title, say, start=snapshot.overall, ineligible=below
    )
    gaps = gap_rows(snapshot.gaps, ind_title, area_title, say, start=None, ineligible=below)
    peer_titles = {**area_title, **{i.id: f"{i.id} {i.title}" for i in indicators}}
    peers_shown = peer_view(snapshot, peers, peer_titles, lang, unit_words(snapshot, titles))
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
        verdict=verdict(snapshot, {lb.id: lb.title for lb in labels}, lang),
        gold_threshold=titles.gold_threshold or DEFAULT_GOLD,
        gold_path=gold_path,
        gaps=gaps,
        findings=_findings(snapshot, say),
        mode_differences=[
            i
            for i in indicators
            if i.other_mode_points is not None and abs(i.other_mode_points - i.points) > 1e-9
        ],
        status_counts=dict(Counter(r.status for r in snapshot.evidence).most_common()),
        trend=trend_view(snapshot, same, prev, area_title, lang, parts),
        peers=peers_shown,
        notes=notes,
        verdict_basis=basis(snapshot, lang),
        gold=gold_view(snapshot, ind_title, area_title, say),
        costs=costs_view(snapshot, lang, {i.id: i.title for i in indicators}),
        counted_differently=differently,
        one_sided=parts,
        other_catalogue=catalogue_sentence(prev, snapshot, lang),
    )


def sentences(snapshot: Snapshot, titles: CatalogueTitles, lang: Lang) -> Sentences:
    """The engine's sentences of `snapshot` in `lang`, the catalogue's titles translated."""
    english = {i.id: i.title for i in snapshot.indicators}
    english.update((a.id, a.title) for a in snapshot.areas)
    english.update((lb.id, lb.title) for lb in snapshot.labels)
    units = {i.id: i.unit_words for i in snapshot.indicators if i.unit_words}
    # every label reason of a newer snapshot names an indicator or a label as a marked title
    marked = any(marks_titles(r) for lb in snapshot.labels for r in lb.reasons)
    return Sentences(lang, titles, english, units, legacy=not marked, older=is_older(snapshot))


def unit_words(snapshot: Snapshot, titles: CatalogueTitles) -> dict[str, str]:
    """Indicator id -> its unit words in the report's language (English where the
    catalogue has no translation)."""
    return {i.id: titles.units.get(i.id, i.unit_words) for i in snapshot.indicators if i.unit_words}


def _indicator(
    snapshot: Snapshot,
    indicator_id: str,
    prev: Snapshot | None,
    refs: dict[str, EvidenceRef],
    titles: CatalogueTitles,
    say: Sentences,
    parts: OneSided | None = None,
) -> IndicatorRow:
    ind = snapshot.indicator(indicator_id)
    apart = parts.why(ind.id) if parts is not None else None
    before = next((i for i in prev.indicators if i.id == ind.id), None) if prev else None
    if before is not None and (not_judged(before) or not_judged(ind)):
        before = None  # a judgement not made then or now: no change to state
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
        explanation=say(older_explanation(snapshot, ind, say.lang.code)),
        evidence=rows,
        findings=[say(f.message) for f in ind.findings],
        other_mode_points=ind.other_mode_points,
        scored=ind.scored,
        unit=ind.unit,
        unit_words=titles.units.get(ind.id, ind.unit_words),
        unbacked=say(ind.unbacked) if ind.unbacked else "",
        per_year=ind.per_year,
        digits=ind.digits,
        redefined=apart is not None and apart.why == "redefined",
    )


def _areas(
    snapshot: Snapshot,
    prev: Snapshot | None,
    indicators: list[IndicatorRow],
    titles: CatalogueTitles,
    notes: dict[str, str],
) -> list[AreaView]:
    if prev is not None:
        before = {a.id: a.percent for a in prev.areas}
    elif snapshot.previous is not None and comparable(snapshot, snapshot.previous.period):
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
                change_note=notes.get(a.id, "") if was is not None else "",
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


def _findings(snapshot: Snapshot, say: Sentences) -> list[FindingRow]:
    rows = [
        FindingRow(f.severity, f.indicator_id or "", f.record_id or "", say(f.message))
        for f in snapshot.findings
    ]
    for ind in snapshot.indicators:
        rows += [
            FindingRow(f.severity, ind.id, f.record_id or "", say(f.message)) for f in ind.findings
        ]
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(rows, key=lambda r: order.get(r.severity, 3))


def trend_view(
    snapshot: Snapshot,
    same: list[Snapshot],
    prev: Snapshot | None,
    area_title: dict[str, str],
    lang: Lang,
    parts: OneSided | None = None,
) -> TrendView | None:
    """The periods side by side; the change column is this period against `prev` (the
    summary's previous period), areas and the total in percentage points, indicators in
    weighted points; descriptive indicators have no points (None, shown as "–")."""
    others = {s.period.label: s for s in same if s.period.label != snapshot.period.label}
    if not others:
        return None
    shown = [*others.values(), snapshot]
    result = compare(shown, basis_apart=True)  # said by the change column, not at the foot
    basis = result.basis
    notes = [lang.msg(n) for n in result.notes]
    if result.common_share < 100:
        notes.insert(
            0,
            lang._("{share} of the indicators are in every snapshot.").format(
                share=lang.pct(result.common_share, 0)
            ),
        )
    periods = [c.period for c in result.columns]
    now = periods.index(snapshot.period.label)
    was = periods.index(prev.period.label) if prev is not None else None

    def change(values: Sequence[float | None]) -> float | None:
        after, before = values[now], None if was is None else values[was]
        if after is None or before is None:
            return None
        return round(after - before, 2)

    titles = catalogue_titles(snapshot, lang.code).indicators
    rows = [
        TrendRow(
            id=r.id,
            title=titles.get(r.id, r.title),
            points=list(r.weighted) if r.scored else [None] * len(periods),
            scored=r.scored,
            change=change(r.weighted) if r.scored else None,  # None: not judged then or now
            unjudged=list(r.unjudged),
            redefined=parts is not None and r.id in parts.redefined,
        )
        for r in result.indicators
    ]
    return TrendView(
        comparison=result,
        periods=periods,
        area_titles={a.id: area_title.get(a.id, a.title) for a in result.areas},
        notes=notes,
        since=_since(snapshot, prev, lang),
        area_changes={a.id: change(a.values) for a in result.areas},
        overall_change=change(result.overall),
        indicators=rows,
        basis=lang.msg(basis) if basis is not None else "",
        area_notes=area_notes(parts, lang),
    )


def _since(snapshot: Snapshot, prev: Snapshot | None, lang: Lang) -> str | None:
    """The period the trend's change is against, as the summary's `previous_label`."""
    return None if prev is None else _based(prev.period.label, prev.counting, snapshot, lang)


def _based(label: str, then: str | None, snapshot: Snapshot, lang: Lang) -> str:
    """A previous period's label, with its basis when it was counted otherwise than
    `snapshot` ("2024 (drafts counted)"): every change said against it says so."""
    if then is None or then == snapshot.counting:
        return label
    return f"{label} ({lang._(COUNTING_SHORT[then])})"


def key_messages(ctx: ReportContext) -> list[str]:
    """The executive summary in sentences: score, minimums, areas, path, evidence."""
    lang, snap = ctx.lang, ctx.snapshot
    _ = lang._
    out = []
    short = ctx.gold_threshold - snap.overall
    if ctx.overall_change is not None and ctx.previous_label:
        text = change_sentence(
            lang.pct(snap.overall), ctx.overall_change, ctx.previous_label, ctx.one_sided, lang
        )
    else:
        text = _("The overall score is {score}.").format(score=lang.pct(snap.overall))
    if ctx.other_catalogue:
        text += " " + ctx.other_catalogue
    if short > 0:
        text += " " + _("Gold needs {threshold}: {short} percentage points to go.").format(
            threshold=lang.pct(ctx.gold_threshold, 0), short=lang.num(short, 1)
        )
    else:
        text += " " + _("It reaches the Gold pass mark of {threshold}.").format(
            threshold=lang.pct(ctx.gold_threshold, 0)
        )
    if ctx.counted_differently:
        text += " " + ctx.counted_differently
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
    if ctx.gold is not None and ctx.gold.later:
        out.append(ctx.gold.plan)
    elif ctx.gold_path:
        first = ", ".join(f"{g.indicator} {g.title}" for g in ctx.gold_path[:3])
        out.append(
            lang.n_(
                "The cheapest path to Gold takes {n} step: {first}.",
                "The cheapest path to Gold takes {n} steps, starting with {first}.",
                len(ctx.gold_path),
            ).format(n=len(ctx.gold_path), first=first)
        )
    elif ctx.gold is not None and ctx.gold.blocked:
        first = ", ".join(f"{g.indicator} {g.title}" for g in ctx.gold.blocked[:3])
        out.append(
            (
                _(
                    "No set of steps reaches Gold, before the audit or for an audit of a "
                    "later period; it is blocked by {first}."
                )
                if ctx.gold.later is False
                else _("No set of steps reaches Gold before the audit; it is blocked by {first}.")
            ).format(first=first)
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
