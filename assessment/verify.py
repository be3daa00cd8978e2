"""`clex verify`: can the store still reproduce this snapshot?

An auditor gets a snapshot and access to the store. Verify re-runs the same assessment
(same catalogue, period, counting mode and choice about drafts, judgements, as-of date)
and lists every difference: a record changed or removed since, a review dated on or
before the snapshot's date that the snapshot did not see, a catalogue that changed, and
any value, point, area, label, gap or the cluster's profile that no longer matches.
Reviews made after the snapshot's date are not differences: the assessment reads
statuses as they stood then.

The snapshot itself is checked first (`snapshot_check`: its digest and arithmetic), and
its catalogue is found by id and SHA-256 (`snapshot_catalogue`), never by reading a file
the snapshot merely names: a forged snapshot cannot make verify read or print a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evidence.findings import Finding, Location, UserDataError
from evidence.store import Store, end_of_day

from .engine import assess
from .period import Period
from .snapshot import Snapshot
from .snapshot_catalogue import snapshot_catalogue
from .snapshot_check import check_snapshot


def verify(
    store: Store, snap: Snapshot, *, snapshot_file: str = "", catalogues: Sequence[Path] = ()
) -> list[Finding]:
    """Every difference between the snapshot and what the store gives now (empty: all
    holds); `catalogues`: catalogue files the user gives, found by SHA-256 or id."""
    out: list[Finding] = check_snapshot(snap, snapshot_file)

    def diff(
        location: str, message: str, record: str | None = None, indicator: str | None = None
    ) -> None:
        out.append(
            Finding(
                file=snapshot_file,
                location=Location(key=location),
                message=message,
                record_id=record,
                indicator_id=indicator,
            )
        )

    out.extend(_records(store, snap, snapshot_file))
    try:
        catalogue = snapshot_catalogue(snap.catalogue, catalogues)
    except UserDataError as exc:
        return out + [f.model_copy(update={"file": snapshot_file}) for f in exc.findings]
    sha = catalogue.sha256
    if sha != snap.catalogue.sha256:
        diff(
            "catalogue",
            f"the catalogue {catalogue.ref} changed since the snapshot "
            f"(sha256 {snap.catalogue.sha256[:12]} then, {sha[:12]} now)",
        )
    try:
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
    except UserDataError as exc:  # e.g. a snapshot dated before its period ended
        return out + [f.model_copy(update={"file": snapshot_file}) for f in exc.findings]
    now = {i.id: i for i in again.indicators}
    for ind in snap.indicators:
        cur = now.get(ind.id)
        if cur is None:
            diff(ind.id, f"indicator {ind.id} is no longer in the catalogue", indicator=ind.id)
            continue
        if not _same(cur.value, ind.value) or cur.points != ind.points:
            diff(
                ind.id,
                f"{ind.id} {ind.title}: value {_v(ind.value)} ({ind.points:g} points) "
                f"in the snapshot, {_v(cur.value)} ({cur.points:g} points) now",
                indicator=ind.id,
            )
        if set(cur.evidence_ids) != set(ind.evidence_ids):
            gone = sorted(set(ind.evidence_ids) - set(cur.evidence_ids))
            new = sorted(set(cur.evidence_ids) - set(ind.evidence_ids))
            diff(
                ind.id,
                f"{ind.id}: the evidence behind it differs"
                + (f"; no longer counted: {', '.join(gone[:10])}" if gone else "")
                + (f"; newly counted: {', '.join(new[:10])}" if new else ""),
                indicator=ind.id,
            )
    for ind in again.indicators:
        if ind.id not in {i.id for i in snap.indicators}:
            diff(ind.id, f"{ind.id} {ind.title} is missing from the snapshot", indicator=ind.id)
    if abs(again.overall - snap.overall) > 1e-6:
        diff("overall", f"overall {snap.overall:.2f} % in the snapshot, {again.overall:.2f} % now")
    out.extend(_rest(snap, again, snapshot_file))
    return out


def _rest(snap: Snapshot, again: Snapshot, file: str) -> list[Finding]:
    """What else the store re-derives: the cluster's profile, the areas, every label's
    verdict and reasons, the gaps and the Gold path."""
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
    areas = {a.id: a for a in again.areas}
    for area in snap.areas:
        now = areas.pop(area.id, None)
        if now is None:
            diff(f"areas.{area.id}", f"area {area.id} is not among the catalogue's areas")
        elif (area.points, area.max_points, area.percent, area.title) != (
            now.points,
            now.max_points,
            now.percent,
            now.title,
        ):
            diff(
                f"areas.{area.id}",
                f"{area.title}: {area.points:g} of {area.max_points:g} points "
                f"({area.percent:g} %) in the snapshot, {now.points:g} of "
                f"{now.max_points:g} ({now.percent:g} %) now",
            )
    for area_id in areas:
        diff(f"areas.{area_id}", f"area {area_id} is missing from the snapshot")
    labels = {lb.id: lb for lb in snap.labels}
    for lb in again.labels:
        was = labels.pop(lb.id, None)
        if was is None:
            diff(f"label {lb.id}", f"{lb.title} is missing from the snapshot")
        elif was.ready != lb.ready:
            diff(f"label {lb.id}", f"{lb.title} readiness was {was.ready}, is {lb.ready} now")
        elif [str(r) for r in was.reasons] != [str(r) for r in lb.reasons] or str(
            was.qualification
        ) != str(lb.qualification):
            diff(f"label {lb.id}", f"{lb.title}: the reasons differ from those derived now")
    for label_id in labels:
        diff(f"label {label_id}", f"label {label_id} is not among the catalogue's labels")
    for name in ("gaps", "gold_path"):
        was_steps = [(g.indicator, g.points_now, g.points_next) for g in getattr(snap, name)]
        now_steps = [(g.indicator, g.points_now, g.points_next) for g in getattr(again, name)]
        if was_steps != now_steps:
            diff(name, f"the {name.replace('_', ' ')} differs from the one derived now")
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


def _records(store: Store, snap: Snapshot, file: str) -> list[Finding]:
    """Each evidence record of the snapshot, compared with the store by content digest and
    by its status as it stood at the end of the snapshot's date."""
    out: list[Finding] = []
    ids = [r.id for r in snap.evidence]
    current = store.digests(snap.cluster.slug, ids, at=end_of_day(snap.created))
    for ref in snap.evidence:
        found = current.get(ref.id)
        where = Location(key=f"evidence {ref.id}")
        if found is None:
            out.append(
                Finding(
                    file=file,
                    location=where,
                    record_id=ref.id,
                    message=f"record {ref.id} ({ref.title}) was removed from the store",
                )
            )
        elif found[0] != ref.content_sha256:
            out.append(
                Finding(
                    file=file,
                    location=where,
                    record_id=ref.id,
                    message=f"record {ref.id} ({ref.title}) changed after the "
                    "snapshot (`clex evidence history` shows how)",
                )
            )
        elif found[1] != ref.status:
            out.append(
                Finding(
                    file=file,
                    location=where,
                    record_id=ref.id,
                    message=f"record {ref.id} ({ref.title}) was reviewed since the "
                    f"snapshot, by a review dated on or before {snap.created}: "
                    f"{ref.status} then, {found[1]} now",
                )
            )
    return out


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _v(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"
