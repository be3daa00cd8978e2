"""The cheapest choice of steps that reaches a total: a multiple-choice knapsack, exact.

Why its own module: the Gold path is the cheapest set of steps (any rung per indicator)
that makes every Gold rule hold, and "cheapest" must be exact, not greedy: a greedy pick
by points per effort misses, e.g., one dear step that replaces three cheap ones that
fall just short. The problem knows nothing of indicators, so it is tested on its own
against brute force (tests/test_gold_path.py).

Each group (an indicator) offers options (its rungs, and "no step" where no rule needs
one); exactly one option per group is taken. An option adds a whole number of gain
units (weighted points, scaled to integers) at a finite cost. The answer is the choice
with the least cost whose gains reach `need`; among equally cheap ones, the one with the
fewest steps (options that are not "no step"), then the earliest options listed. With
~35 indicators, a few rungs each and a few hundred gain units this is a dynamic
programme over the gain reached (capped at `need`), in well under a millisecond per
group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class Option(Generic[K]):
    gain: int  # gain units (>= 0)
    cost: float  # finite, >= 0
    key: K | None = None  # the caller's handle; None: "no step"

    @property
    def is_step(self) -> bool:
        return self.key is not None


def cheapest(groups: Sequence[Sequence[Option[K]]], need: int) -> list[Option[K]] | None:
    """One option per group, least cost (then fewest steps) with total gain >= `need`;
    None when no choice reaches it (or a group offers nothing)."""
    need = max(0, need)
    # best[g]: (cost, steps, back) for a total gain of g (capped at need) so far
    Best = tuple[float, int, int, int]  # cost, steps, previous gain, option index
    best: list[Best | None] = [None] * (need + 1)
    best[0] = (0.0, 0, -1, -1)
    layers: list[list[Best | None]] = []
    for options in groups:
        nxt: list[Best | None] = [None] * (need + 1)
        for g, here in enumerate(best):
            if here is None:
                continue
            for idx, opt in enumerate(options):
                to = min(need, g + opt.gain)
                cand = (here[0] + opt.cost, here[1] + opt.is_step, g, idx)
                old = nxt[to]
                if old is None or cand[:2] < old[:2]:
                    nxt[to] = cand
        layers.append(nxt)
        best = nxt
    if best[need] is None:
        return None
    chosen: list[Option[K]] = []
    g = need
    for options, layer in zip(reversed(groups), reversed(layers), strict=True):
        entry = layer[g]
        assert entry is not None
        chosen.append(options[entry[3]])
        g = entry[2]
    chosen.reverse()
    return chosen


def scale_for(values: Sequence[float]) -> int:
    """The smallest of a few factors that makes every value whole (weighted points are
    usually whole or halves); 1000 (rounded) when none does."""
    for factor in (1, 2, 4, 5, 10, 20, 100):
        if all(abs(v * factor - round(v * factor)) < 1e-6 for v in values):
            return factor
    return 1000
