"""What a value rests on when no evidence record backs it.

Why a module of its own: an indicator's value normally rests on the records its appendix
lists, and a value of zero needs none. But an age counted from the founding year in the
cluster's profile (`since: $founded`) is "14 years" with no record at all; the appendix
then used to say "the value is zero or comes from a judgement", which was false. An
auditor asks for the statutes or a registry extract there, so the snapshot says what the
value rests on and what record would back it (`IndicatorResult.unbacked`), in words a
report shows in its language.
"""

from __future__ import annotations

from criteria.models import Metric
from evidence.messages import M, Msg
from evidence.models import ClusterProfile

from .period import Period
from .wording import _variable, records


def unbacked(
    metric: Metric,
    value: float | None,
    evidence_ids: tuple[str, ...] | list[str],
    profile: ClusterProfile | None,
    period: Period,
) -> Msg | None:
    """What a non-zero value without any record rests on; None when records back it (or
    the value is zero or missing: nothing to back)."""
    if evidence_ids or not value:
        return None
    wanted = records(metric, profile, period)
    if metric.since and metric.since.startswith("$"):
        return M(
            "the value comes from the cluster's profile ({source}); no record backs it "
            "yet: an auditor will ask for {records}",
            source=_variable(metric.since, profile, period),
            records=wanted,
        )
    return M("no record backs this value yet: an auditor will ask for {records}", records=wanted)
