"""The earlier assessment Silver compares with: chosen among the kept ones, and checked.

Why a module of its own: `clex assess --previous` and the web page's "run an
assessment" must hand Silver the same thing, an earlier snapshot re-derived from the
store first (a snapshot edited by hand, or one the store no longer backs, cannot serve),
and the web page, which has no file to be given, picks it from the cluster's kept
snapshots the way the demo chains its periods: the one whose period ended the months
before this one's that the catalogue's Silver rule asks (18 to 24 by default).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .labels import months_between
from .snapshot_file import kept_snapshot

if TYPE_CHECKING:
    from criteria.models import Catalogue
    from evidence.store import Store

    from .period import Period
    from .snapshot import PreviousInfo, Snapshot

DEFAULT_MONTHS = (18, 24)  # `criteria.models.Improvements`' defaults


def silver_months(catalogue: Catalogue) -> tuple[int, int]:
    """How many months before this period's end the earlier one must end (Silver's rule)."""
    for rule in catalogue.labels:
        if rule.improvements is not None:
            return (rule.improvements.previous_months_min, rule.improvements.previous_months_max)
    return DEFAULT_MONTHS


def kept_previous(
    store: Store, cluster: str, period: Period, catalogue: Catalogue, counting: str
) -> Snapshot | None:
    """The cluster's newest kept snapshot made with `catalogue` (SHA-256) in the same
    counting mode whose period ended as many months before `period`'s end as Silver asks,
    one as long as `period` first (two years after two years, as the demo chains them);
    None: there is none, and Silver says what it needs."""
    low, high = silver_months(catalogue)
    fitting: list[Snapshot] = []
    for row in store.saved_snapshots(cluster):  # newest period first
        end = row["period_end"]
        end = end if isinstance(end, date) else date.fromisoformat(str(end))
        gap = months_between(end, period.end)
        if row["catalogue_id"] != catalogue.id or not low <= gap <= high:
            continue
        snap = kept_snapshot(store, cluster, int(row["id"]))
        if (
            snap is not None
            and snap.catalogue.sha256 == catalogue.sha256
            and snap.counting == counting
        ):
            fitting.append(snap)
    alike = [s for s in fitting if (s.period.start, s.period.end) == _shifted(period, s)]
    return next(iter(alike or fitting), None)


def _shifted(period: Period, earlier: Snapshot) -> tuple[date, date]:
    """`period`'s start and end moved back to end where `earlier` ends (same length)."""
    from .period import shift

    months = months_between(earlier.period.end, period.end)
    return shift(period.start, -months), earlier.period.end


def checked_previous(store: Store, snap: Snapshot, cat: Catalogue) -> PreviousInfo:
    """Silver's earlier assessment, re-derived from the store first (`clex verify`): a
    snapshot edited by hand, or one the store no longer backs, cannot serve. Its
    catalogue is this assessment's (never a path the earlier snapshot names); one made
    with another catalogue is not re-derived: Silver refuses it for that."""
    from criteria.loader import builtin_ids
    from evidence.findings import UserDataError

    from .engine import previous_info
    from .verify import verify

    if snap.catalogue.sha256 != cat.sha256:
        return previous_info(snap, differences=None)
    given = [] if cat.ref in builtin_ids() else [Path(cat.ref)]
    try:
        differences = len(verify(store, snap, catalogues=given))
    except UserDataError:  # e.g. another cluster's: Silver says why it cannot serve
        differences = None
    return previous_info(snap, differences=differences)
