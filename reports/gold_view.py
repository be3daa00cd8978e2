"""The report's view of the gaps and of the Gold path: rows in the reader's language,
which plan the path is (before the audit, or for an audit of a later period), what
blocks Gold, and the cheapest gain.

Kept out of `reports/context.py` so that the path's rows, its running total and its
words (effort, cost, why a step cannot be done before the audit) live in one place that
both writers (PDF and workbook) read through `GapRow` and `GoldView`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import accumulate

from assessment.snapshot import Gap, Snapshot

from .i18n import Lang
from .sentences import Sentences
from .views import GapRow, GoldView


def gap_rows(
    gaps: Sequence[Gap],
    ind_title: dict[str, str],
    area_title: dict[str, str],
    say: Sentences,
    *,
    start: float | None,
    ineligible: Collection[str] = (),
) -> list[GapRow]:
    """One row per gap; with `start` (the overall score) the total after each step.
    `ineligible`: the indicators below their eligibility threshold (`ineligible`), whose
    required step reaches it; any other required step reaches the Gold step."""
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
            later=g.later,
            required=_required(g, ineligible, say),
        )
        for n, g in enumerate(gaps)
    ]


def ineligible(snapshot: Snapshot) -> frozenset[str]:
    """The indicators below the eligibility threshold a label sets on them."""
    return frozenset(r.id for r in snapshot.indicators if r.minimum_met is False)


def _required(g: Gap, ineligible: Collection[str], say: Sentences) -> str:
    """What a required step reaches, in words. Why not "fixes a minimum" for both: the
    Gap's flag is set for a missed eligibility criterion (no label at all) and for an
    indicator below its Gold step (no Gold), and an assessor reads "minimum" as the
    former only (`docs/ecei-gold.md`: *Bronze needs*)."""
    if not g.fixes_minimum:
        return ""
    _ = say.lang._
    if g.indicator in ineligible:
        return _("reaches the eligibility criterion")
    return _("reaches the Gold step")


def plan_sentence(snapshot: Snapshot, lang: Lang) -> str:
    """Which plan the Gold path is, in a sentence ("" when the Gold rules hold): the one
    the gaps page heads the path with, and the summary's key message starts from."""
    n = len(snapshot.gold_path)
    if snapshot.gold_later:
        m = sum(g.later for g in snapshot.gold_path)
        return lang._(
            "No set of steps reaches Gold before the audit. Cheapest path for an audit of "
            "a later period: {steps}, {activity}."
        ).format(
            steps=lang.n_("{n} step", "{n} steps", n).format(n=n),
            activity=lang.n_(
                "{m} of them needs a year of activity",
                "{m} of them need a year of activity",
                m,
            ).format(m=m),
        )
    if n:
        return lang.n_(
            "Cheapest path to Gold before the audit: {n} step.",
            "Cheapest path to Gold before the audit: {n} steps.",
            n,
        ).format(n=n)
    if snapshot.gold_later is False:
        return lang._(
            "No set of steps reaches Gold, before the audit or for an audit of a later period."
        )
    return lang._("No set of steps reaches Gold before the audit.") if snapshot.gold_blocked else ""


def gold_view(
    snapshot: Snapshot, ind_title: dict[str, str], area_title: dict[str, str], say: Sentences
) -> GoldView:
    """Which plan the path is, what blocks Gold (if anything) and the single best step."""
    best = snapshot.cheapest_gain
    below = ineligible(snapshot)
    return GoldView(
        plan=plan_sentence(snapshot, say.lang),
        later=snapshot.gold_later,
        activity=sum(g.later for g in snapshot.gold_path),
        blocked=gap_rows(
            snapshot.gold_blocked,
            ind_title,
            area_title,
            say,
            start=None,
            ineligible=below,
        ),
        reach=snapshot.gold_reach,
        cheapest=(
            gap_rows([best], ind_title, area_title, say, start=None, ineligible=below)[0]
            if best is not None
            else None
        ),
        total_cost=sum(g.cost or 0.0 for g in snapshot.gold_path),
    )
