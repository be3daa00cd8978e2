"""Steps that one piece of work takes at once, priced once on the Gold path.

Why: V6 (a member survey run in the last two years) and V7 (the satisfaction the latest
survey gives) are both won by one survey with a good result. Priced apart, the path
counted two surveys, 20 units, for the one it takes, and a wrong price can make another
path look cheaper. Steps whose effort is a member survey, on indicators that count
survey records, are one group of the knapsack (`assessment.cheapest`): each choice of
their rungs costs the dearest of them (two surveys for a second survey a year, one for
the rest), not their sum. On the path, the dearest step carries the cost and the others
say they are the same survey.

Only surveys are shared: a document or a record serves the indicator it is entered for
(a strategy and its quality judgement are two pieces of work).
"""

from __future__ import annotations

from collections.abc import Sequence

from criteria.models import Catalogue
from evidence.messages import M

from .cheapest import Option
from .snapshot import Gap

Steps = tuple[Gap, ...]


def share(catalogue: Catalogue, offered: Sequence[Gap]) -> str | None:
    """What an indicator's steps have in common with another's (None: nothing): a member
    survey, when every step of its is one and it counts survey records."""
    if not offered:
        return None
    ind = catalogue.indicator(offered[0].indicator)
    counts_surveys = ind.metric is not None and ind.metric.kind == "survey"
    if counts_surveys and all(g.effort_kind == "survey" for g in offered):
        return "survey"
    return None


def merged(groups: Sequence[Sequence[Option[Steps]]]) -> list[Option[Steps]]:
    """One group standing for all: for each price the work may take (the dearest of its
    steps: one survey serves them all), every total gain the groups' steps at that price
    or less can add up to, each with its fewest steps (then the lower rungs, listed
    first). Worked out gain by gain, not by every combination of the groups' steps,
    which grew with the power of the groups (a catalogue of many survey indicators ran
    for minutes). A price at which a group that must take a step has none is no option."""
    prices = sorted({option.cost for options in groups for option in options})
    out: list[Option[Steps]] = []
    for price in prices:
        reach: dict[int, tuple[int, Steps]] = {0: (0, ())}  # gain -> (steps, the steps)
        for options in groups:
            within = [o for o in options if o.cost <= price + 1e-9]
            nxt: dict[int, tuple[int, Steps]] = {}
            for gain, (count, steps) in reach.items():
                for option in within:
                    total = gain + option.gain
                    cand = (count + option.is_step, steps + (option.key or ()))
                    if total not in nxt or cand[0] < nxt[total][0]:
                        nxt[total] = cand
            reach = nxt
        # a gain that a higher one reaches with fewer steps is never the better choice:
        # left out, the knapsack (which counts this group's choice as one step) takes the
        # first gain that suffices, the one with the fewest steps. One reached with as
        # few steps is kept: one survey reaches V7's 80 as it reaches its Gold step 70,
        # and with the total already reached, "at least 80, REQUIRED" asked the members
        # for more satisfaction than Gold does
        kept: list[Option[Steps]] = []
        fewest: int | None = None
        for gain, (count, steps) in sorted(reach.items(), reverse=True):
            if fewest is None or count <= fewest:
                kept.append(Option(gain=gain, cost=price, key=steps or None))
                fewest = count
        out += reversed(kept)
    return out


def priced_once(path: Sequence[Gap], catalogue: Catalogue) -> list[Gap]:
    """The path with each shared piece of work priced on its dearest step; the others
    cost nothing more and say whose survey they share."""
    shared = [g for g in path if share(catalogue, [g]) is not None and g.cost is not None]
    if len(shared) < 2:
        return list(path)
    dearest = max(shared, key=lambda g: (g.cost or 0.0, g.indicator))
    same = M("the same member survey as {id}", id=dearest.indicator)
    return [
        g.model_copy(update={"cost": 0.0, "effort_text": same})
        if g in shared and g is not dearest
        else g
        for g in path
    ]
