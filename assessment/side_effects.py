"""What a Gold path's new records do to the indicators they also count in.

Why: a committed member entered for S1 is also in the whole of S2, S3 and S6 and in
V2's denominator (uses of services per member). An assessor found a path that added
one member to reach S1's Gold step while V2 stood exactly at its own, 1.00: with the
member, V2 fell to 0.97 and Gold was not reached, yet the path said it was. The
knapsack treats indicators as independent (`assessment.cheapest`), so the path is
checked afterwards: for each step that adds records of a kind, every other indicator
at its Gold step whose base (a share's whole, a ratio's denominator) counts records of
that kind is worked out again as if none of the new records counted in its numerator.
A step that would push one below its Gold step says so, naming what the new records
must also be; the path is not changed (the records may well count in both).

The base's size is the indicator's cited records of that kind (a record's id begins
with its kind's first three letters, `evidence.models.record_id`).
"""

from __future__ import annotations

from collections.abc import Sequence

from criteria.models import Catalogue, Metric
from evidence.messages import M, joined, num

from .snapshot import Gap, IndicatorResult


def _base_kind(metric: Metric | None) -> str | None:
    """The kind of record an indicator divides by: a share's whole, a ratio's
    denominator (None: it divides by nothing, or by no count of records)."""
    if metric is None:
        return None
    if metric.aggregate == "share":
        return metric.kind
    below = metric.denominator
    if metric.aggregate == "ratio" and isinstance(below, Metric) and below.aggregate == "count":
        return below.kind
    return None


def _adds(catalogue: Catalogue, gap: Gap) -> str | None:
    """The kind of record a step adds, when it is records of what happened or exists (a
    share of records too: its step is matching records added, `effort.quantity`)."""
    metric = catalogue.indicator(gap.indicator).metric
    if metric is None or metric.aggregate not in ("count", "exists", "share"):
        return None
    if metric.aggregate == "share" and metric.field:
        return None
    return metric.kind if gap.effort_kind in ("records", "document") else None


def checked(catalogue: Catalogue, results: Sequence[IndicatorResult], path: list[Gap]) -> list[Gap]:
    """The path, each step that would push another indicator below its Gold step saying
    which and to what (the worst case: no new record counts in its numerator)."""
    stepped = {g.indicator for g in path}
    out = []
    for gap in path:
        kind = _adds(catalogue, gap)
        hurt = []
        for res in results:
            ind = catalogue.indicator(res.id)
            if (
                kind is None
                or res.id in stepped
                or not res.gold_met
                or res.value is None
                or _base_kind(ind.metric) != kind
                or ind.gold_step is None
            ):
                continue
            base = sum(1 for i in res.evidence_ids if i.startswith(f"{kind[:3]}-"))
            if not base:
                continue
            worst = res.value * base / (base + gap.effort)
            if not ind.gold_step.holds(worst):
                value = num(worst, res.unit, words=res.unit_words)
                hurt.append(M("{id} to {value}", id=res.id, value=value))
        if hurt:
            gap = gap.model_copy(
                update={
                    "need": M(
                        "{need}; unless the new records count in them too, this lowers "
                        "{hurt}, below the Gold step",
                        need=gap.need,
                        hurt=joined(hurt, "list"),
                    )
                }
            )
        out.append(gap)
    return out
