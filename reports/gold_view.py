"""The report's view of the gaps and of the Gold path: rows in the reader's language,
what blocks Gold, and the cheapest gain.

Kept out of `reports/context.py` so that the path's rows, its running total and its
words (effort, cost, why a step cannot be done before the audit) live in one place that
both writers (PDF and workbook) read through `GapRow` and `GoldView`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from assessment.snapshot import Gap, Snapshot

from .sentences import Sentences
from .views import GapRow, GoldView


def gap_rows(
    gaps: Sequence[Gap],
    ind_title: dict[str, str],
    area_title: dict[str, str],
    say: Sentences,
    *,
    start: float | None,
) -> list[GapRow]:
    """One row per gap; with `start` (the overall score) the total after each step."""
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
            need=say(g.need),
            fixes_minimum=g.fixes_minimum,
            overall_after=round(after[n + 1], 2) if after else None,
            effort_text=say(g.effort_text) if g.effort_text else str(g.effort),
            cost=g.cost,
            blocked=say(g.blocked),
        )
        for n, g in enumerate(gaps)
    ]


def gold_view(
    snapshot: Snapshot, ind_title: dict[str, str], area_title: dict[str, str], say: Sentences
) -> GoldView:
    """What blocks Gold (if anything) and the single best step, as rows."""
    best = snapshot.cheapest_gain
    return GoldView(
        blocked=gap_rows(snapshot.gold_blocked, ind_title, area_title, say, start=None),
        reach=snapshot.gold_reach,
        cheapest=(
            gap_rows([best], ind_title, area_title, say, start=None)[0]
            if best is not None
            else None
        ),
        total_cost=sum(g.cost or 0.0 for g in snapshot.gold_path),
    )
