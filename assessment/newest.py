"""The newest record of a `latest` indicator that the assessment's mode does not count.

Why: `latest` (V7, the satisfaction of the most recent survey) takes the newest record
that stands, and when the mode does not count it (submitted in an audit, questioned in
a self-assessment) the value is unproven, not the older survey's (`aggregates._latest`).
A reader then needs to know which record that is and what counting it would give, which
may be fewer points than the older survey gave before 2026.5: a finding on the
indicator says it, and the next step's near miss counts it only when its value reaches
the step (`Gap.records_needed`, read by the report's "What costs you points").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection

from criteria.models import Catalogue
from evidence.findings import Finding
from evidence.messages import M, term
from evidence.schema import evidence

from .aggregates import standing as stands
from .explain import value_arg
from .judged import indicator_finding
from .metrics import EvalContext, Evaluation, evaluate_all
from .scoring import ladder_points
from .snapshot import Gap, IndicatorResult


@dataclass(frozen=True)
class Newest:
    """The newest standing record of an indicator and the value it gives, uncounted."""

    id: str
    start: date
    status: str
    value: float


def unproven_newest(
    conn: Connection, cat: Catalogue, ctx: EvalContext, evaluated: Evaluation
) -> dict[str, Newest]:
    """Indicator id -> its newest standing record, for each `latest` indicator that has
    no value in `ctx`'s mode while such a record exists (the mode does not count it)."""
    metrics = {
        i.id: i.metric
        for i in cat.indicators
        if i.metric is not None
        and i.metric.aggregate == "latest"
        and evaluated.results[i.id].value is None
    }
    if not metrics:
        return {}
    standing = replace(ctx, statuses=stands(ctx.statuses), unproven=())
    columns = (evidence.c.start, evidence.c.status)
    got = evaluate_all(conn, metrics, standing, columns=columns)
    out: dict[str, Newest] = {}
    for key, res in got.results.items():
        if res.value is None or not res.evidence_ids:
            continue
        rid = res.evidence_ids[0]
        start, status = _row(got.rows[rid])
        out[key] = Newest(rid, start, status, res.value)
    return out


def _row(row: tuple[Any, ...]) -> tuple[date, str]:
    start = row[0] if isinstance(row[0], date) else date.fromisoformat(str(row[0]))
    return start, str(row[1])


def said(result: IndicatorResult, newest: Newest | None, cat: Catalogue) -> IndicatorResult:
    """`result` with a finding naming its uncounted newest record and what it gives."""
    if newest is None:
        return result
    ind = cat.indicator(result.id)
    message = M(
        "the newest record, {id} of {day} ({status}), is not counted in this assessment, "
        "and an older one does not stand for it; counted, it gives {value}: {points} of "
        "{max} points",
        id=newest.id,
        day=newest.start,
        status=term(f"status:{newest.status}"),
        value=value_arg(newest.value, result.unit, result.unit_words, result.digits),
        points=ladder_points(ind, newest.value),
        max=result.max_points,
    )
    finding: Finding = indicator_finding(result.id, message, newest.id, "warning")
    return result.model_copy(update={"findings": [*result.findings, finding]})


def reached(cat: Catalogue, steps: Sequence[Gap], newest: dict[str, Newest]) -> list[Gap]:
    """The next steps, a `latest` one needing one record (its newest, counted) when that
    record's value reaches it; otherwise no number of records tells."""
    out = []
    for step in steps:
        found = newest.get(step.indicator)
        if found is not None:
            pts = ladder_points(cat.indicator(step.indicator), found.value)
            if pts >= step.points_next - 1e-9:
                step = step.model_copy(update={"records_needed": 1})
        out.append(step)
    return out
