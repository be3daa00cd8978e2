"""Suspicious values among the records an indicator adds up or averages: `FAR` times
above or below the median of the other records of their kind (all of the cluster's
counted records up to the period's end make the usual range, at least `MIN_VALUES` of
them); a value of at most 10 among values around 50 or more is said to be on another
scale (a 1-10 satisfaction among percentages).

Why apart from `assessment.costs`: one check of the concerns, with its own arithmetic
(the median without the record itself, `_median_without`).
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from evidence.messages import M, Mp, num, term

from .concern_rows import Row, Use, Value, number, records_of
from .snapshot import Concern

FAR = 10.0
MIN_VALUES = 4


def outliers(
    rows: Sequence[Row], uses: dict[str, Use], results: Mapping[str, Value]
) -> list[Concern]:
    out = []
    for kind in sorted(uses):
        mine = [r for r in rows if r.kind == kind]
        for name in sorted(uses[kind].values):
            ids = sorted(uses[kind].values[name])
            counted = {e for i in ids if i in results for e in results[i][1]}
            values = [(r, v) for r in mine if (v := number(r.values.get(name))) is not None]
            if len(values) < MIN_VALUES:
                continue
            far: list[tuple[Row, float, float]] = []
            ordered = sorted(v for _, v in values)
            exact = any(math.isnan(v) for v in ordered)  # NaN does not sort: as it was
            for n, (r, v) in enumerate(values):
                if r.id not in counted:
                    continue
                if exact:
                    usual = statistics.median(w for k, (_, w) in enumerate(values) if k != n)
                else:
                    usual = _median_without(ordered, v)
                if usual > 0 and (v > FAR * usual or v < usual / FAR):
                    far.append((r, v, usual))
            if not far:
                continue
            usual = statistics.median(v for _, v in values)
            scale = all(v <= 10 for _, v, _ in far) and usual >= 50
            args: dict[str, Any] = {
                "n": len(far),
                "kind": term(f"kind:{kind}"),
                "field": term(f"field:{name}"),
                "usual": num(usual),
            }
            if scale:
                what = Mp(
                    "{n} “{kind}” record gives “{field}” on another scale (at most 10, "
                    "where the others give about {usual}).",
                    "{n} “{kind}” records give “{field}” on another scale (at most 10, "
                    "where the others give about {usual}).",
                    **args,
                )
                todo = M("Convert the values to the scale of the others and import them again.")
            else:
                what = Mp(
                    "{n} “{kind}” record has a “{field}” far from the usual (about {usual}).",
                    "{n} “{kind}” records have a “{field}” far from the usual (about {usual}).",
                    **args,
                )
                todo = M("Check the values against their source; correct and import them again.")
            flagged = [r for r, _, _ in far]
            out.append(
                Concern(
                    group="suspicious",
                    what=what,
                    todo=todo,
                    indicators=ids,
                    records=records_of(flagged, name),
                    records_total=len(flagged),
                )
            )
    return out


def _median_without(ordered: Sequence[float], value: float) -> float:
    """`statistics.median` of the sorted `ordered` with one `value` left out, the same
    float, without sorting the others again for each record (that was 40 % of assessing
    a cluster of 100,000 records, issue 19): which occurrence goes makes no difference."""
    gone = bisect.bisect_left(ordered, value)
    size = len(ordered) - 1

    def at(i: int) -> float:
        return ordered[i] if i < gone else ordered[i + 1]

    if size % 2 == 1:
        return at(size // 2)
    half = size // 2
    return (at(half - 1) + at(half)) / 2
