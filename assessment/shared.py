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
from itertools import product

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
    """One group whose options are every choice of one option per group: the gains
    added, the cost the dearest's (one survey serves them all)."""
    out = []
    for choice in product(*groups):
        steps = tuple(g for option in choice if option.key for g in option.key)
        out.append(
            Option(
                gain=sum(option.gain for option in choice),
                cost=max((option.cost for option in choice), default=0.0),
                key=steps or None,
            )
        )
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
