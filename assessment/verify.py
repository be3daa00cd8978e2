"""`clex verify`: can the store still reproduce this snapshot?

An auditor gets a snapshot and access to the store. Verify re-runs the same assessment
(same catalogue, period, counting mode and choice about drafts, judgements, as-of date)
and says first whether the results are reproduced (the total, each area, each label),
then lists every difference: an indicator's value, points or evidence, a catalogue that
changed, the cluster's profile, gaps and the Gold plan; then the records the snapshot
cites that changed since (`assessment.verify_records`: content, withdrawn, removed,
their attachment file hashed again in the workspace) and the reviews it did not see,
grouped. Reviews made after the snapshot's date are not differences: the assessment
reads statuses as they stood then (they are listed, grouped, as information).

The snapshot itself is checked first (`snapshot_check`: its digest and arithmetic), and
its catalogue is found by id and SHA-256 (`snapshot_catalogue`), never by reading a file
the snapshot merely names: a forged snapshot cannot make verify read or print a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evidence.findings import Finding, Location, UserDataError
from evidence.store import Store, aware, end_of_day

from .counting import after_finding, is_after_finding, is_entered_finding, is_withdrawn_finding
from .engine import assess
from .period import Period
from .snapshot import Snapshot
from .snapshot_catalogue import snapshot_catalogue
from .snapshot_check import check_snapshot
from .verify_fields import field_differences
from .verify_records import records_since
from .verify_report import (
    AreaChange,
    IndicatorChange,
    LabelChange,
    Verdict,
    Verification,
    counted_differently,
)


def verify(
    store: Store,
    snap: Snapshot,
    *,
    snapshot_file: str = "",
    catalogues: Sequence[Path] = (),
    workspace: Path | None = None,
) -> list[Finding]:
    """Every difference between the snapshot and what the store gives now (empty: all
    holds); `catalogues`: catalogue files the user gives, found by SHA-256 or id;
    `workspace`: the folder whose attachment files are hashed again (None: not)."""
    return verification(
        store, snap, snapshot_file=snapshot_file, catalogues=catalogues, workspace=workspace
    ).findings


def verification(
    store: Store,
    snap: Snapshot,
    *,
    snapshot_file: str = "",
    catalogues: Sequence[Path] = (),
    workspace: Path | None = None,
) -> Verification:
    """What `clex verify` reports: the verdict, the other differences, the records
    changed and the reviews since. `workspace`: where the attachments are (the command
    gives the current folder by default); None leaves the files alone (Silver's check
    of an earlier snapshot, run wherever `clex assess` is)."""
    held = store.cluster_slugs()
    if snap.cluster.slug not in held:  # not "160 records no longer in the store"
        raise UserDataError(
            [
                Finding(
                    file=snapshot_file,
                    location=Location(key="cluster"),
                    message=f"this store holds no cluster {snap.cluster.slug!r} (it holds "
                    f"{', '.join(held) or 'none'}): is --db the store the snapshot was made from?",
                )
            ],
            "nothing was verified",
        )
    file_problems = check_snapshot(snap, snapshot_file)
    problems: list[Finding] = []
    verdict = Verdict(rederived=False, total_then=snap.overall)
    scores: list[Finding] = []

    def diff(
        location: str, message: str, record: str | None = None, indicator: str | None = None
    ) -> None:
        scores.append(
            Finding(
                file=snapshot_file,
                location=Location(key=location),
                message=message,
                record_id=record,
                indicator_id=indicator,
            )
        )

    since = records_since(store, snap, file=snapshot_file, workspace=workspace)
    again: Snapshot | None = None
    try:
        catalogue = snapshot_catalogue(snap.catalogue, catalogues)
        if catalogue.sha256 != snap.catalogue.sha256:
            problems.append(
                Finding(
                    file=snapshot_file,
                    location=Location(key="catalogue"),
                    message=f"the catalogue {catalogue.ref} changed since the snapshot "
                    f"(sha256 {snap.catalogue.sha256[:12]} then, {catalogue.sha256[:12]} now)",
                )
            )
        again = assess(
            store,
            snap.cluster.slug,
            Period(snap.period.start, snap.period.end),
            as_of=snap.created,
            catalogue=catalogue,
            judgements=snap.judgements,
            audit=snap.mode == "audit",
            include_drafts=snap.include_drafts or "draft" in snap.counted_statuses,
            previous=snap.previous,
            improvements=snap.improvements,
        )
    except UserDataError as exc:  # no catalogue at hand, a snapshot dated before its end
        problems.extend(
            f if f.file else f.model_copy(update={"file": snapshot_file}) for f in exc.findings
        )
    if again is not None:
        verdict = _with_entered(store, snap, _verdict(snap, again))
        for ind in verdict.indicators:
            diff(ind.id, _indicator_finding(ind), indicator=ind.id)
        if abs(again.overall - snap.overall) > 1e-6:
            diff(
                "overall",
                f"overall {snap.overall:.2f} % in the snapshot, {again.overall:.2f} % now",
            )
        for area in verdict.areas:
            if not area.same:
                diff(f"areas.{area.id}", _area_finding(snap, again, area))
        for label in verdict.labels:
            if not label.same:
                diff(f"label {label.id}", _label_finding(label))
        problems.extend(_rest(snap, again, snapshot_file))
        said = _said(verdict, problems, since.findings)
        if since.reviews:  # said grouped below: they are what `reviewed` counts
            said.add("reviewed")
        said |= _awards_recorded_since(store, snap)
        problems.extend(
            Finding(file=snapshot_file, location=Location(key=where), message=message)
            for where, message in field_differences(snap, known_then(snap, again), skip=said)
        )
    return Verification(
        snapshot=snapshot_file,
        created=snap.created,
        cluster=snap.cluster.name,
        period=snap.period.label,
        verdict=verdict,
        file_problems=file_problems,
        problems=problems,
        records=since.records,
        reviews=since.reviews,
        later_reviews=since.later_reviews,
        findings=file_problems + scores + problems + since.findings,
        evidence_count=len(snap.evidence),
    )


def _verdict(snap: Snapshot, again: Snapshot) -> Verdict:
    """The snapshot's total, areas, labels and indicators against those derived now."""
    now = {i.id: i for i in again.indicators}
    indicators: list[IndicatorChange] = []
    for ind in snap.indicators:
        cur = now.pop(ind.id, None)
        if cur is None:
            indicators.append(
                IndicatorChange(
                    id=ind.id,
                    title=ind.title,
                    missing="no longer in the catalogue",
                    value_then=ind.value,
                    points_then=ind.points,
                )
            )
            continue
        gone = sorted(set(ind.evidence_ids) - set(cur.evidence_ids))
        new = sorted(set(cur.evidence_ids) - set(ind.evidence_ids))
        if _same(cur.value, ind.value) and cur.points == ind.points and not gone and not new:
            continue
        indicators.append(
            IndicatorChange(
                id=ind.id,
                title=ind.title,
                value_then=ind.value,
                value_now=cur.value,
                points_then=ind.points,
                points_now=cur.points,
                no_longer_counted=gone,
                newly_counted=new,
            )
        )
    for cur in now.values():
        indicators.append(
            IndicatorChange(
                id=cur.id,
                title=cur.title,
                missing="missing from the snapshot",
                value_now=cur.value,
                points_now=cur.points,
            )
        )
    then_areas = {a.id: a for a in snap.areas}
    now_areas = {a.id: a for a in again.areas}
    areas = []
    for area_id in dict.fromkeys([*then_areas, *now_areas]):
        was_a, cur_a = then_areas.get(area_id), now_areas.get(area_id)
        areas.append(
            AreaChange(
                id=area_id,
                title=(was_a or cur_a).title,  # type: ignore[union-attr]
                then=was_a.percent if was_a else None,
                now=cur_a.percent if cur_a else None,
                points_differ=bool(
                    was_a
                    and cur_a
                    and (was_a.points, was_a.max_points) != (cur_a.points, cur_a.max_points)
                ),
            )
        )
    then_labels = {lb.id: lb for lb in snap.labels}
    now_labels = {lb.id: lb for lb in again.labels}
    labels = []
    for label_id in dict.fromkeys([*then_labels, *now_labels]):
        was, cur_lb = then_labels.get(label_id), now_labels.get(label_id)
        labels.append(
            LabelChange(
                id=label_id,
                title=(was or cur_lb).title,  # type: ignore[union-attr]
                then=was.ready if was else None,
                now=cur_lb.ready if cur_lb else None,
                reasons_differ=bool(
                    was
                    and cur_lb
                    and (
                        [str(r) for r in was.reasons] != [str(r) for r in cur_lb.reasons]
                        or str(was.qualification) != str(cur_lb.qualification)
                    )
                ),
            )
        )
    return Verdict(
        rederived=True,
        total_then=snap.overall,
        total_now=again.overall,
        areas=areas,
        labels=labels,
        indicators=indicators,
    )


def _with_entered(store: Store, snap: Snapshot, verdict: Verdict) -> Verdict:
    """The records an indicator counts differently that were entered into the store after
    the snapshot's date, with the day: a record entered later is newly counted where the
    store held none of the cluster's records on that date (it had no state then to go
    back to), and a snapshot written before such records were left out counted them."""
    ids = {i for ind in verdict.indicators for i in ind.newly_counted + ind.no_longer_counted}
    if not ids:
        return verdict
    cutoff = end_of_day(snap.created)
    with store.read() as conn:
        when = store.entered_on(conn, snap.cluster.slug, ids)
    late = {i: at.date() for i, at in when.items() if at >= cutoff}
    if not late:
        return verdict
    indicators = [
        ind.model_copy(
            update={
                "entered_since": {
                    i: late[i] for i in ind.newly_counted + ind.no_longer_counted if i in late
                }
            }
        )
        for ind in verdict.indicators
    ]
    return verdict.model_copy(update={"indicators": indicators})


def _said(verdict: Verdict, problems: list[Finding], records: list[Finding]) -> set[str]:
    """The snapshot's paths already reported in their own words (an indicator's value,
    an area, a label's readiness, the gaps, a changed record ...): not said twice."""
    said = {f"indicators.{i.id}" for i in verdict.indicators}
    said |= {f"areas.{a.id}" for a in verdict.areas if not a.same}
    said |= {f"labels.{lb.id}" for lb in verdict.labels if not lb.same}
    if verdict.total_now is not None and abs(verdict.total_now - verdict.total_then) > 1e-6:
        said.add("overall")
    said |= {f.location.key for f in problems if f.location.key}  # catalogue, cluster, gaps ...
    if "gaps" in said:  # the cheapest step is one of them
        said.add("cheapest_gain")
    if "gold_path" in said:  # the rest of the Gold plan
        said |= {"gold_later", "gold_blocked", "gold_reach"}
    changed = {f.record_id for f in records if f.record_id}
    changed |= {i for ind in verdict.indicators for i in ind.entered_since}  # said with them
    said |= {f"evidence.{rid}" for rid in changed}
    if changed:
        said.add("evidence_digest")
    return said


def _awards_recorded_since(store: Store, snap: Snapshot) -> set[str]:
    """Awards recorded (or withdrawn) after the snapshot's date, though dated before it:
    the snapshot could not know them, as it cannot know reviews made after its date;
    information, not a difference (`clex label list` shows them)."""
    cutoff = end_of_day(snap.created)
    return {
        f"awards.{a.id}"
        for a in store.awards(snap.cluster.slug, until=snap.created)
        if aware(a.recorded_at) >= cutoff
        or (a.withdrawn is not None and aware(a.withdrawn) >= cutoff)
    }


def known_then(snap: Snapshot, again: Snapshot) -> Snapshot:
    """`again` (derived now) saying of records dated after the snapshot's date only what
    the snapshot could know: those it lists (`after_as_of`, and the finding naming
    them). Records of the next period imported since, as Silver's timeline has them, are
    no part of the assessment and no difference; an id the snapshot lists that the store
    does not date after it still is one. Records withdrawn since are said once, among
    the records changed since, not again as a finding the snapshot could not have."""
    listed = set(snap.after_as_of)
    kept = [i for i in again.after_as_of if i in listed]
    said = after_finding(kept, snap.created)
    # records entered after the snapshot's date: those it names, as it named them
    entered = [i for i in again.entered_after if i in snap.entered_after]
    named = [f for f in snap.findings if is_entered_finding(f)] if entered else []
    findings = []
    for f in again.findings:
        if is_after_finding(f):
            findings.extend(said)
        elif is_entered_finding(f):
            findings.extend(named)
        elif not is_withdrawn_finding(f) or f in snap.findings:  # withdrawals: said apart
            findings.append(f)
    update = {"after_as_of": kept, "entered_after": entered, "findings": findings}
    return again.model_copy(update=update)


def _rest(snap: Snapshot, again: Snapshot, file: str) -> list[Finding]:
    """What else the store re-derives: the cluster's profile, the gaps and the Gold
    path."""
    out: list[Finding] = []

    def diff(location: str, message: str) -> None:
        out.append(Finding(file=file, location=Location(key=location), message=message))

    if snap.cluster != again.cluster:
        changed = [
            name
            for name in type(snap.cluster).model_fields
            if getattr(snap.cluster, name) != getattr(again.cluster, name)
        ]
        diff("cluster", f"the cluster's profile differs from the store's: {', '.join(changed)}")
    for name in ("gaps", "gold_path"):
        was_steps = [(g.indicator, g.points_now, g.points_next) for g in getattr(snap, name)]
        now_steps = [(g.indicator, g.points_now, g.points_next) for g in getattr(again, name)]
        if was_steps != now_steps:
            diff(name, _STEPS_DIFFER[name])
    # (None, False): written before the later plan existed, Gold out of reach either way
    if snap.gold_later != again.gold_later and (snap.gold_later, again.gold_later) != (
        None,
        False,
    ):
        plan = {None: "before the audit", True: "for a later period", False: "out of reach"}
        diff(
            "gold_path",
            f"the Gold plan was {plan[snap.gold_later]}, is {plan[again.gold_later]} now",
        )
    return out


_STEPS_DIFFER = {
    "gaps": "the gaps (each indicator's next step) differ from those derived now",
    "gold_path": "the Gold path differs from the one derived now",
}


def _indicator_finding(ind: IndicatorChange) -> str:
    """The difference of one indicator as a finding (the messages `--json` keeps)."""
    if ind.missing == "no longer in the catalogue":
        return f"indicator {ind.id} is no longer in the catalogue"
    if ind.missing:
        return f"{ind.id} {ind.title} is missing from the snapshot"
    if (ind.value_then, ind.points_then) != (ind.value_now, ind.points_now):
        text = (
            f"{ind.id} {ind.title}: value {_v(ind.value_then)} ({ind.points_then or 0:g} points) "
            f"in the snapshot, {_v(ind.value_now)} ({ind.points_now or 0:g} points) now"
        )
    else:
        text = f"{ind.id}: the evidence behind it differs"
    return text + counted_differently(ind)


def _area_finding(snap: Snapshot, again: Snapshot, area: AreaChange) -> str:
    if area.then is None:
        return f"area {area.id} is missing from the snapshot"
    if area.now is None:
        return f"area {area.id} is not among the catalogue's areas"
    was, now = snap.area(area.id), again.area(area.id)
    return (
        f"{was.title}: {was.points:g} of {was.max_points:g} points ({was.percent:g} %) in the "
        f"snapshot, {now.points:g} of {now.max_points:g} ({now.percent:g} %) now"
    )


def _label_finding(label: LabelChange) -> str:
    if label.then is None:
        return f"{label.title} is missing from the snapshot"
    if label.now is None:
        return f"label {label.id} is not among the catalogue's labels"
    if label.then != label.now:
        return f"{label.title} readiness was {label.then}, is {label.now} now"
    return f"{label.title}: the reasons differ from those derived now"


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _v(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"
