"""Snapshots checked before use: bounded numbers and dates, unique ids, its digest, and
the arithmetic that must hold from points to areas to the total to the labels.

Why: a snapshot is a file a person can edit, mail or forge, and every command after
`clex assess` (report, compare, benchmark, verify) trusts it without the store. A
report that printed "overall 85 %" over areas that add up to 50.8 % would lend clex's
name to a number clex never computed. So each snapshot is checked here first, and
every problem found is returned at once, located by its path in the file
("indicators.S1.points"), for the command to refuse it (exit 1).

What is checked is what the snapshot alone can show: it carries no ladder, so an
indicator's points are held to 0..max_points, not re-derived from its value (`clex
verify` re-derives them from the store). The sums follow `assessment.scoring`: an area's
points are its scored indicators' weighted points, the total is all weighted points
over all weighted maxima. A snapshot written before the digest existed has none and is
accepted when everything else holds; a digest that does not match the content means
the file was edited after clex wrote it.

The checks are a plain list (`CHECKS`), each `(snapshot) -> [(where, message)]`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from evidence.findings import Finding, Location
from evidence.record_edges import FIRST_DAY, LAST_DAY

from .period import Period
from .snapshot import Snapshot, content_digest, evidence_digest

Problem = tuple[str, str]  # (where in the snapshot, what is wrong)

LARGEST = 1e15  # no count, amount or point of a cluster comes near it
# A snapshot's own structure nests about 6 levels deep, and its messages (an explanation
# built of a catalogue's nested conditions) about 40 more; far beyond that is no
# snapshot, and a reader or a report that recurses through it would overflow the stack.
DEEPEST = 100
# The assessment's own dates (period, as-of date) lie where an assessment can; dates of
# records and awards in a wider range, short of where date arithmetic overflows.
OWN_DAYS = (FIRST_DAY, LAST_DAY)  # what records hold, too
RECORD_DAYS = (date(1000, 1, 1), date(2999, 12, 31))
_TOL = 1e-6  # points are sums of a few ladder steps: equal up to float noise
_ROUNDED = 0.0051  # a percentage rounded to 2 places; area points to 4
GOLD = "gold"  # the label whose `total_at_least` the snapshot carries as gold_threshold


def number_problems(data: Any) -> list[Problem]:
    """The raw JSON's numbers that no snapshot holds: NaN, infinities (JSON has neither,
    Python's reader accepts both) and magnitudes beyond `LARGEST`; and nesting deeper
    than any snapshot's. Checked on the parsed file before the models, which would take
    a NaN for a float."""
    out: list[Problem] = []
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > DEEPEST:
            out.append((_short_path(path), f"nested more than {DEEPEST} levels deep"))
            continue
        if isinstance(value, dict):
            stack.extend((_join(path, str(k)), v, depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((_join(path, str(i)), v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, float) and not math.isfinite(value):
            out.append((path, f"{value} is not a number a snapshot can hold"))
        elif isinstance(value, (int, float)) and abs(value) > LARGEST:
            out.append((path, f"{_number(value)} is out of range (at most {LARGEST:g})"))
    return sorted(out)


def too_deep(data: Any) -> bool:
    """Whether the parsed file nests deeper than `DEEPEST` (cheap: no paths built)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > DEEPEST:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return False


def _number(value: float) -> str:
    """A number in a message: an integer of hundreds of digits (which no float holds)
    by its count of digits."""
    if isinstance(value, int) and abs(value) >= 10**20:
        return f"a {len(str(abs(value)))}-digit number"
    return f"{value:g}"


def _short_path(path: str, parts: int = 6) -> str:
    """A path some hundred levels deep, by its first parts."""
    split = path.split(".")
    return path if len(split) <= parts else ".".join(split[:parts]) + ". ..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def check_snapshot(snap: Snapshot, file: str = "", *, bounds_only: bool = False) -> list[Finding]:
    """Every problem of a loaded snapshot, located; empty when it can be used.
    `bounds_only`: only what no snapshot can hold (`BOUNDS`: dates out of range, ids
    twice, no indicators), for a caller that reports the digest and the arithmetic
    itself (through `clex verify`)."""
    problems = [p for check in (BOUNDS if bounds_only else CHECKS) for p in check(snap)]
    return [
        Finding(file=file, location=Location(key=where), message=msg) for where, msg in problems
    ]


# -- the checks ------------------------------------------------------------------------


def _digest(snap: Snapshot) -> Iterator[Problem]:
    if snap.digest is not None and snap.digest != content_digest(snap):
        yield (
            "digest",
            "edited after clex wrote it: its content no longer matches its digest "
            "(write a new snapshot with `clex assess`)",
        )


def _period_label(snap: Snapshot) -> Iterator[Problem]:
    """The period's label is what every reader shows ("Nano, 2024"), and the store cannot
    re-derive it: it must name the period's own days."""
    start, end = snap.period.start, snap.period.end
    if start > end:
        yield ("period", f"starts {start} after it ends {end}")
        return
    own = str(Period(start, end))
    if snap.period.label != own:
        yield ("period.label", f"{snap.period.label!r} does not name the period {own}")


def _dates(snap: Snapshot) -> Iterator[Problem]:
    own = [("created", snap.created), ("period.start", snap.period.start)]
    own.append(("period.end", snap.period.end))
    yield from _in_range(own, OWN_DAYS)
    others: list[tuple[str, date | None]] = []
    for ref in snap.evidence:
        key = f"evidence.{ref.id}"
        others += [(f"{key}.start", ref.start), (f"{key}.end", ref.end)]
        others.append((f"{key}.expires", ref.expires))
    for award in snap.awards:
        key = f"awards.{award.id}"
        others += [
            (f"{key}.awarded_on", award.awarded_on),
            (f"{key}.valid_until", award.valid_until),
        ]
        others.append((f"{key}.renewable_until", award.renewable_until))
    yield from _in_range(others, RECORD_DAYS)
    if snap.period.start > snap.period.end:
        yield "period", f"the period starts ({snap.period.start}) after it ends ({snap.period.end})"
    if snap.created < snap.period.end:
        yield "created", f"assessed on {snap.created}, before its period ended ({snap.period.end})"


def _in_range(
    days: Iterable[tuple[str, date | None]], bounds: tuple[date, date]
) -> Iterator[Problem]:
    low, high = bounds
    for where, day in days:
        if day is not None and not low <= day <= high:
            yield where, f"the date {day} is outside {low.year}-{high.year}"


def _unique(snap: Snapshot) -> Iterator[Problem]:
    lists: dict[str, list[str]] = {
        "indicators": [i.id for i in snap.indicators],
        "areas": [a.id for a in snap.areas],
        "labels": [lb.id for lb in snap.labels],
        "evidence": [r.id for r in snap.evidence],
        "awards": [str(a.id) for a in snap.awards],
        "judgements": [j.indicator for j in snap.judgements],
        "gaps": [g.indicator for g in snap.gaps],
        "gold_path": [g.indicator for g in snap.gold_path],
    }
    for where, ids in lists.items():
        twice = sorted(k for k, n in Counter(ids).items() if n > 1)
        if twice:
            yield where, f"ids listed more than once: {', '.join(twice[:10])}"
    if not snap.indicators:
        yield "indicators", "no indicators: nothing was assessed"
    if not snap.areas:
        yield "areas", "no areas"


def _references(snap: Snapshot) -> Iterator[Problem]:
    areas = {a.id for a in snap.areas}
    indicators = {i.id for i in snap.indicators}
    evidence = {r.id for r in snap.evidence}
    for ind in snap.indicators:
        if ind.area not in areas:
            yield f"indicators.{ind.id}.area", f"area {ind.area} is not among the areas"
        unknown = sorted(set(ind.evidence_ids) - evidence)
        if unknown:
            yield (
                f"indicators.{ind.id}.evidence_ids",
                f"records not in the snapshot's evidence: {', '.join(unknown[:10])}",
            )
    for name, gaps in (("gaps", snap.gaps), ("gold_path", snap.gold_path)):
        for gap in gaps:
            if gap.indicator not in indicators:
                yield f"{name}.{gap.indicator}", f"no indicator {gap.indicator} in the snapshot"
    defined = set(snap.catalogue.definitions)
    if defined and defined != indicators:
        missing, extra = sorted(defined - indicators), sorted(indicators - defined)
        yield (
            "indicators",
            "not the catalogue's indicators"
            + (f"; missing: {', '.join(missing[:10])}" if missing else "")
            + (f"; not in the catalogue: {', '.join(extra[:10])}" if extra else ""),
        )
    if snap.catalogue.gold_threshold is not None and snap.label(GOLD) is None:
        yield "labels", "the catalogue has a Gold label, the snapshot does not"
    if snap.evidence_digest != evidence_digest(snap.evidence):
        yield "evidence_digest", "does not match the evidence the snapshot lists"


def _points(snap: Snapshot) -> Iterator[Problem]:
    for ind in snap.indicators:
        key = f"indicators.{ind.id}"
        if ind.max_points < 0 or ind.weight < 0:
            yield key, f"negative maximum ({ind.max_points:g}) or weight ({ind.weight:g})"
        if not -_TOL <= ind.points <= ind.max_points + _TOL:
            yield (
                f"{key}.points",
                f"{ind.points:g} points, outside 0..{ind.max_points:g} (its maximum)",
            )
        if not ind.scored and ind.points:
            yield f"{key}.points", f"{ind.points:g} points on a descriptive indicator (worth none)"
        for name, value in (
            ("gold_points", ind.gold_points),
            ("other_mode_points", ind.other_mode_points),
        ):
            if value is not None and not -_TOL <= value <= ind.max_points + _TOL:
                yield f"{key}.{name}", f"{value:g}, outside 0..{ind.max_points:g} (its maximum)"
        gold = ind.gold_points
        if gold is not None and ind.gold_met is not None and ind.scored:
            reached = ind.points >= gold - 1e-9
            if ind.gold_met != reached:
                yield (
                    f"{key}.gold_met",
                    f"says the Gold step ({gold:g} points) is "
                    f"{'reached' if ind.gold_met else 'missed'} with {ind.points:g} points",
                )
        if ind.not_counted_total < len(ind.not_counted):
            yield f"{key}.not_counted_total", "fewer than the records listed as not counted"
    by_id = {i.id: i for i in snap.indicators}
    for name, gaps in (("gaps", snap.gaps), ("gold_path", snap.gold_path)):
        for gap in gaps:
            found = by_id.get(gap.indicator)
            if found is not None and abs(gap.points_now - found.points) > _TOL:
                yield (
                    f"{name}.{gap.indicator}.points_now",
                    f"{gap.points_now:g}, while the indicator has {found.points:g} points",
                )


def _percent(where: str, value: float) -> Iterator[Problem]:
    if not 0 <= value <= 100:
        yield where, f"{value:g} % is outside 0-100 %"


def _sums(snap: Snapshot) -> Iterator[Problem]:
    scored = [i for i in snap.indicators if i.scored]
    top = sum(i.max_points * i.weight for i in scored)
    got = sum(i.points * i.weight for i in scored)
    for area in snap.areas:
        key = f"areas.{area.id}"
        mine = [i for i in scored if i.area == area.id]
        a_got = sum(i.points * i.weight for i in mine)
        a_top = sum(i.max_points * i.weight for i in mine)
        if abs(area.points - a_got) > 1e-3 or abs(area.max_points - a_top) > 1e-3:
            yield (
                key,
                f"{area.points:g} of {area.max_points:g} points, but its indicators' weighted "
                f"points add up to {a_got:g} of {a_top:g}",
            )
        yield from _percent(f"{key}.percent", area.percent)
        want = 100.0 * a_got / a_top if a_top else 0.0
        if abs(area.percent - want) > _ROUNDED:
            yield f"{key}.percent", f"{area.percent:g} %, but its points give {want:.2f} %"
        if area.share_of_total is not None:
            yield from _percent(f"{key}.share_of_total", area.share_of_total)
            share = 100.0 * a_top / top if top else 0.0
            if abs(area.share_of_total - share) > _ROUNDED:
                yield (
                    f"{key}.share_of_total",
                    f"{area.share_of_total:g} % of all points, but its maximum is {share:.2f} %",
                )
    yield from _percent("overall", snap.overall)
    total = 100.0 * got / top if top else 0.0
    if abs(snap.overall - total) > _ROUNDED:
        yield (
            "overall",
            f"overall {snap.overall:g} %, but the indicators' weighted points give "
            f"{total:.2f} % ({got:g} of {top:g} points; the areas: "
            f"{', '.join(f'{a.id} {a.percent:g} %' for a in snap.areas)})",
        )
    other = [i.other_mode_points for i in scored]
    if snap.other_mode_overall is not None:
        yield from _percent("other_mode_overall", snap.other_mode_overall)
        if all(p is not None for p in other):
            alt = sum((i.other_mode_points or 0.0) * i.weight for i in scored)
            want = 100.0 * alt / top if top else 0.0
            if abs(snap.other_mode_overall - want) > _ROUNDED:
                yield (
                    "other_mode_overall",
                    f"{snap.other_mode_overall:g} %, but the indicators' points in the "
                    f"other mode give {want:.2f} %",
                )
    if snap.previous is not None:
        yield from _percent("previous.overall", snap.previous.overall)
        for area_id, value in snap.previous.areas.items():
            yield from _percent(f"previous.areas.{area_id}", value)


def _labels(snap: Snapshot) -> Iterator[Problem]:
    threshold = snap.catalogue.gold_threshold
    if threshold is not None:
        yield from _percent("catalogue.gold_threshold", threshold)
    gold = snap.label(GOLD)
    ready = gold is not None and gold.ready
    if ready and threshold is not None and snap.overall < threshold - 1e-9:
        yield (
            f"labels.{GOLD}.ready",
            f"ready for Gold with an overall {snap.overall:g} %, below its pass mark "
            f"of {threshold:g} %",
        )


# what no snapshot holds, whoever wrote it: refused even where the caller re-derives it
BOUNDS: list[Callable[[Snapshot], Iterable[Problem]]] = [_dates, _period_label, _unique]
CHECKS: list[Callable[[Snapshot], Iterable[Problem]]] = [
    _digest,
    *BOUNDS,
    _references,
    _points,
    _sums,
    _labels,
]
