"""What a Gold path's new records do to every indicator that counts them, priced in.

Why: a committed member entered for S2 is also in the whole of S3 and S6 and in V2's
denominator (uses of services per member); a staff record entered for G2 is also in the
whole of G5 (staff employed for two years). An assessor followed a path exactly and fell
short twice: three company members lifted S2 and pulled V2 below its Gold step (the
step said so in its small print, the headline still promised Gold), and "1 more staff
record" for G2, a person newly hired, cost G5 a point. Priced apart, steps that add
records of one kind also missed that one set of records can lift two indicators at
once (6 SME members reach the next step of S2 and of S3, 6 units, where S2 and S3 apart
cost 11).

So the steps that add records of one kind are one group of the knapsack
(`assessment.cheapest`): each combination of their rungs is a batch of records (steps
whose conditions agree share one batch, the largest of their counts), and the batch is
re-evaluated on every scored indicator of that kind: its count, a share's whole and
part, a ratio's denominator, a sum. A new record counts in a condition only where the
step's own conditions say it does (an SME counts among the companies); where they do
not, the worst case is taken: in a share's whole, not in its part. Where that worst
case costs a share points and the share's condition can hold too, the batch takes the
condition on ("1 more staff record ...; the new records also: employed since on or
before 1 Jan 2024"), which the path says. A combination that still pushes an indicator
below its Gold step is no way to Gold; its points lost elsewhere come off its gain.

Not modelled (the re-assessment shows them): a growth rate, distinct values other than
the step's own, a latest value, and a ratio over another kind's sum than the step's.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from criteria.models import Catalogue, Indicator, Metric
from evidence.messages import M, Mp, Msg, joined, num
from evidence.models import ClusterProfile

from .cheapest import Option
from .period import Period
from .scoring import gold_met, ladder_points, overall_gain
from .snapshot import Gap, IndicatorResult
from .wording import conditions

Steps = tuple[Gap, ...]
COMBINATIONS = 20_000  # beyond this a kind's steps are priced apart (as before)

# a region code begins with its country's: a record in the home region is in the home
# country, which a condition "country is not the cluster's" excludes
_LINKED = {("region", "$region"): ("country", "$country")}


@dataclass(frozen=True)
class Shape:
    """What every record of a batch is known to be: a field's possible values, and
    conditions known to hold as written (an `any_of`, a comparison)."""

    values: tuple[tuple[str, frozenset[Any]], ...] = ()
    holds: tuple[tuple[str, str], ...] = ()

    def value(self, field: str) -> frozenset[Any] | None:
        return dict(self.values).get(field)


def _hashable(v: Any) -> Any:
    return v if isinstance(v, (str, bool, int, float)) or v is None else repr(v)


def shape_of(where: Mapping[str, Any] | None) -> Shape:
    values: dict[str, frozenset[Any]] = {}
    holds: dict[str, str] = {}
    for field, cond in (where or {}).items():
        if isinstance(cond, list) and field != "any_of":
            values[field] = frozenset(_hashable(v) for v in cond)
        elif isinstance(cond, (str, bool, int, float)):
            values[field] = frozenset([cond])
        else:
            holds[field] = repr(cond)
    return Shape(tuple(sorted(values.items())), tuple(sorted(holds.items())))


def both(a: Shape, b: Shape) -> Shape | None:
    """Records that are both (None: no record can be)."""
    values = dict(a.values)
    for field, vs in b.values:
        values[field] = values[field] & vs if field in values else vs
        if not values[field]:
            return None
    holds = dict(a.holds)
    for field, cond in b.holds:
        if holds.get(field, cond) != cond:
            return None
        holds[field] = cond
    out = Shape(tuple(sorted(values.items())), tuple(sorted(holds.items())))
    return out if _consistent(out) else None


def _consistent(shape: Shape) -> bool:
    for (field, v), (other, w) in _LINKED.items():
        if shape.value(field) == frozenset([v]) and dict(shape.holds).get(other) == repr({"ne": w}):
            return False
    return True


def surely(shape: Shape, where: Mapping[str, Any] | None) -> bool:
    """Every record of the shape meets every condition of `where`."""
    for field, cond in (where or {}).items():
        if repr(cond) == dict(shape.holds).get(field):
            continue
        if field == "any_of" and isinstance(cond, list):
            if any(surely(shape, alt) for alt in cond):
                continue
            return False
        known = shape.value(field)
        if isinstance(cond, list):
            if known is None or not known <= {_hashable(v) for v in cond}:
                return False
        elif isinstance(cond, (str, bool, int, float)):
            if known != frozenset([cond]):
                return False
        else:
            return False
    return True


def could(shape: Shape, where: Mapping[str, Any] | None) -> bool:
    """A record of the shape may meet `where` (nothing known contradicts it)."""
    return both(shape, shape_of(where)) is not None if where else True


@dataclass(frozen=True)
class Batch:
    kind: str
    shape: Shape
    n: int  # records
    field: str | None = None  # a sum's field, and how much of it the records add
    amount: float = 0.0
    base: float = 0.0  # the sum before (a ratio over that sum divides by it)
    took: tuple[str, ...] = ()  # indicators whose condition the batch took on


def adds(catalogue: Catalogue, gap: Gap) -> str | None:
    """The kind of record a step adds, when it is records of what happened or exists."""
    metric = catalogue.indicator(gap.indicator).metric
    if metric is None or metric.kind is None or gap.effort_kind not in ("records", "document"):
        return None
    if metric.aggregate in ("count", "exists") and not metric.per_year:
        return metric.kind
    if metric.aggregate == "share" and not metric.field:
        return metric.kind
    if metric.aggregate == "sum" and metric.field and not metric.per_year:
        return metric.kind
    return None


def _batch(ind: Indicator, res: IndicatorResult, gap: Gap) -> Batch:
    metric = ind.metric
    assert metric is not None and metric.kind is not None
    where = dict(metric.where)
    if metric.aggregate == "share" and isinstance(metric.numerator, dict):
        where.update(metric.numerator)
    shape = shape_of(where)
    if metric.aggregate == "sum":
        step = next((s for s in ind.points if s.points >= gap.points_next - 1e-9), None)
        amount = max(0.0, (step.threshold if step else 0.0) - (res.value or 0.0))
        return Batch(metric.kind, shape, gap.effort, metric.field, amount, res.value or 0.0)
    return Batch(metric.kind, shape, gap.effort)


def _touches(metric: Metric | None, kind: str) -> bool:
    if metric is None:
        return False
    below = metric.denominator
    return metric.kind == kind or (below is not None and below.kind == kind)


def value_after(ind: Indicator, res: IndicatorResult, batches: Sequence[Batch]) -> float | None:
    """The indicator's value with the batches' records entered (the worst case where
    their conditions leave it open); its value as it is where they do not touch it."""
    metric, value = ind.metric, res.value
    if metric is None or value is None or not batches:
        return value
    kind = batches[0].kind
    if metric.aggregate == "share" and not metric.field and metric.kind == kind:
        whole = len(res.evidence_ids)
        part = round(value / 100 * whole)
        for b in batches:
            if could(b.shape, metric.where):
                whole += b.n
                numerator = metric.numerator if isinstance(metric.numerator, dict) else {}
                if surely(b.shape, metric.where) and surely(b.shape, numerator):
                    part += b.n
        return 100 * part / whole if whole else value
    if metric.aggregate == "count" and metric.kind == kind and not metric.per_year:
        return value + sum(b.n for b in batches if surely(b.shape, metric.where))
    if metric.aggregate == "sum" and metric.kind == kind and not metric.per_year:
        return value + sum(b.amount for b in batches if b.field == metric.field)
    below = metric.denominator
    if metric.aggregate == "ratio" and below is not None and below.kind == kind:
        base: float
        more: float
        if below.aggregate == "count":
            base = sum(1 for i in res.evidence_ids if i.startswith(f"{kind[:3]}-"))
            more = float(sum(b.n for b in batches if could(b.shape, below.where)))
        elif below.aggregate == "sum":
            sums = [b for b in batches if b.field == below.field]
            base = max((b.base for b in sums), default=0.0)
            more = sum(b.amount for b in sums)
        else:
            return value
        return value * base / (base + more) if base + more > 0 and base else value
    return value


@dataclass(frozen=True)
class Combined:
    """One combination of a kind's steps, re-evaluated."""

    cost: float
    gain: float  # weighted points, net of what the batches cost elsewhere
    steps: Steps  # the path's steps: the chosen, then the ones the records move too
    broken: tuple[str, ...] = ()  # indicators pushed below their Gold step


def _touched(catalogue: Catalogue, results: Sequence[IndicatorResult], kind: str) -> list:
    return [
        (catalogue.indicator(r.id), r)
        for r in results
        if r.scored and _touches(catalogue.indicator(r.id).metric, kind)
    ]


def _merge(parts: list[tuple[Gap, Batch]]) -> list[tuple[list[Gap], Batch]]:
    """Steps whose records can be the same records share one batch (the largest)."""
    out: list[tuple[list[Gap], Batch]] = []
    for gap, batch in parts:
        for i, (gaps, b) in enumerate(out):
            shape = both(b.shape, batch.shape)
            if shape is not None and b.field == batch.field:
                out[i] = (
                    [*gaps, gap],
                    Batch(
                        b.kind,
                        shape,
                        max(b.n, batch.n),
                        b.field,
                        max(b.amount, batch.amount),
                        max(b.base, batch.base),
                    ),
                )
                break
        else:
            out.append(([gap], batch))
    return out


def combine(
    catalogue: Catalogue,
    results: Sequence[IndicatorResult],
    chosen: Sequence[Gap],
    plan: Wording,
) -> Combined:
    """The chosen steps of one kind as batches of records, re-evaluated on every scored
    indicator that counts that kind."""
    by_id = {r.id: r for r in results}
    parts = [(g, _batch(catalogue.indicator(g.indicator), by_id[g.indicator], g)) for g in chosen]
    merged = _merge(parts)
    if not merged:
        return Combined(0.0, 0.0, ())
    kind = merged[0][1].kind
    touched = _touched(catalogue, results, kind)
    stepped = {g.indicator: g for g in chosen}

    def points(batches: Sequence[Batch]) -> dict[str, float]:
        return {i.id: ladder_points(i, value_after(i, r, batches)) for i, r in touched}

    batches = [b for _, b in merged]
    # take on a share's condition where the worst case costs it points and it can hold
    for ind, res in touched:
        metric = ind.metric
        if ind.id in stepped or metric is None or metric.aggregate != "share":
            continue
        if points(batches)[ind.id] >= res.points - 1e-9:
            continue
        part = metric.numerator if isinstance(metric.numerator, dict) else {}
        cond = {**metric.where, **part}
        taken = [both(b.shape, shape_of(cond)) for b in batches]
        if all(s is not None for s in taken):
            batches = [
                Batch(b.kind, s, b.n, b.field, b.amount, b.base, (*b.took, ind.id))
                for b, s in zip(batches, taken, strict=True)
                if s is not None
            ]
    after = points(batches)
    cost, out = 0.0, []
    for (gaps, _), batch in zip(merged, batches, strict=True):
        lead = max(gaps, key=lambda g: (g.effort, g.cost or 0.0, g.indicator))
        cost += (lead.cost or 0.0) / max(lead.effort, 1) * batch.n
        for g in gaps:
            text = plan.took(batch, catalogue)
            if g is lead:
                update: dict[str, Any] = {
                    "cost": (lead.cost or 0.0) / max(lead.effort, 1) * batch.n
                }
                if batch.n != g.effort:
                    update["effort"] = batch.n
                    update["effort_text"] = plan.records(batch.n)
            else:
                update = {
                    "cost": 0.0,
                    "effort_text": M("the same records as {id}", id=lead.indicator),
                }
            if text is not None:
                update["need"] = M("{need}; the new records also: {also}", need=g.need, also=text)
            out.append(g.model_copy(update=update))
    gain, broken = 0.0, []
    lead_id = out[0].indicator if out else ""
    for ind, res in touched:
        pts = after[ind.id]
        if ind.id in stepped and pts < stepped[ind.id].points_next - 1e-9:
            broken.append(ind.id)  # its own step not reached: another batch pulls it down
        if res.gold_met and gold_met(ind, pts) is False:
            broken.append(ind.id)
        gain += (pts - res.points) * ind.weight
        if ind.id not in stepped and abs(pts - res.points) > 1e-9:
            value = value_after(ind, res, batches)
            out.append(plan.moved(catalogue, ind, res, pts, value, lead_id))
    return Combined(cost, gain, tuple(out), tuple(broken))


@dataclass(frozen=True)
class Wording:
    """What a combined step is said against."""

    period: Period
    profile: ClusterProfile | None = None

    def records(self, n: int) -> Msg:
        return Mp("{n} record", "{n} records", n=n)

    def took(self, batch: Batch, catalogue: Catalogue) -> Msg | None:
        if not batch.took:
            return None
        said = []
        for iid in batch.took:
            metric = catalogue.indicator(iid).metric
            assert metric is not None
            part = metric.numerator if isinstance(metric.numerator, dict) else None
            cond = conditions(part, metric.kind, self.profile, self.period)
            if cond is not None:
                said.append(M("{conditions} (else they lower {id})", conditions=cond, id=iid))
        return M("{x}", x=joined(said, "and")) if said else None

    def moved(
        self,
        catalogue: Catalogue,
        ind: Indicator,
        res: IndicatorResult,
        pts: float,
        value: float | None,
        lead: str,
    ) -> Gap:
        said = num(value, res.unit, words=res.unit_words) if value is not None else "-"
        if pts > res.points:
            text = M("the records of {id} count in it too: {value}", id=lead, value=said)
        elif res.gold_met and gold_met(ind, pts) is False:
            text = M(
                "the records of {id} lower it to {value}, below its Gold step: more "
                "activity in the period assessed must make it up",
                id=lead,
                value=said,
            )
        else:
            text = M("the records of {id} lower it to {value}", id=lead, value=said)
        return Gap(
            indicator=ind.id,
            area=ind.area,
            points_now=res.points,
            points_next=pts,
            gain=round(overall_gain(catalogue, ind, pts - res.points), 2),
            effort=0,
            need=text,
            effort_kind="records",
            cost=0.0,
            effort_text=M("the same records as {id}", id=lead),
        )


def kind_groups(
    catalogue: Catalogue,
    results: Sequence[IndicatorResult],
    offers: Sequence[tuple[list[Gap], bool]],
    plan: Wording,
    scale: float,
    *,
    strict: bool = True,
) -> Grouped:
    """The knapsack groups of the steps that add records of one kind (several offers
    each), the offers they took (by index), the gain units added to every option of a
    group so that none is below zero (the need grows by as much), and the required
    indicators no combination serves without pushing another below its Gold step.
    Not `strict` (a plan for a later period, whose activity can make it up): such a
    combination is kept, and the path shows the indicator it lowers."""
    by_kind: dict[str, list[int]] = {}
    for i, (offered, _) in enumerate(offers):
        doable = [g for g in offered if g.cost is not None]
        kinds = {adds(catalogue, g) for g in doable}
        if len(kinds) == 1 and None not in kinds and doable:
            by_kind.setdefault(kinds.pop(), []).append(i)  # type: ignore[arg-type]
    groups: list[list[Option[Steps]]] = []
    taken: list[int] = []
    stuck: dict[str, tuple[str, ...]] = {}
    lifted = 0
    for members in by_kind.values():
        choices = [
            ([] if offers[i][1] else [None]) + [g for g in offers[i][0] if g.cost is not None]
            for i in members
        ]
        size = 1
        for c in choices:
            size *= len(c)
        if size > COMBINATIONS:
            continue
        options: list[Option[Steps]] = []
        raw: list[tuple[float, float, Steps]] = []
        broke: dict[str, set[str]] = {}
        for combo in itertools.product(*choices):
            chosen = [g for g in combo if g is not None]
            if not chosen:
                raw.append((0.0, 0.0, ()))
                continue
            done = combine(catalogue, results, chosen, plan)
            if done.broken and strict:
                for g in chosen:
                    broke.setdefault(g.indicator, set()).update(done.broken)
                continue
            raw.append((done.cost, done.gain, done.steps))
        taken += members
        if not raw:
            for i in members:
                if offers[i][1]:
                    iid = offers[i][0][0].indicator
                    stuck[iid] = tuple(sorted(broke.get(iid, set()) - {iid}))
            groups.append([])  # no way to Gold through these steps
            continue
        offset = max(0, -min(round(gain * scale) for _, gain, _ in raw))
        for cost, gain, steps in raw:
            units = round(gain * scale) + offset
            options.append(Option(gain=units, cost=cost, key=steps or None))
        groups.append(options)
        lifted += offset
    return Grouped(groups, taken, lifted, stuck)


@dataclass(frozen=True)
class Grouped:
    groups: list[list[Option[Steps]]]
    taken: list[int]
    lifted: int
    stuck: dict[str, tuple[str, ...]]
