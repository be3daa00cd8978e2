"""Possible duplicates among the records that run in the period (a member who left
before it, an event of an earlier year, is not counted in it): members whose names look
like one organisation without a shared `org_id` (`evidence.members.near_duplicates`),
and events or projects whose titles are near the same (rapidfuzz, as members) dated
within `NEAR_DAYS` days of each other; each with what it puts at stake (a label minimum
that holds only while the two are counted apart).

Why apart from `assessment.costs`: one check of the concerns, with its own matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from sqlalchemy import Connection

from criteria.models import Catalogue, Metric, counts_items
from evidence.members import MemberName, name_key, near_duplicates
from evidence.messages import M, Msg, joined, num, term, titled

from .concern_rows import Row, Value, records_of, running
from .metrics import EvalContext, evaluate
from .period import Period
from .snapshot import Concern

NEAR_DAYS = 3
SIMILAR = 90
MAX_PAIRS = 30  # duplicate pairs kept per kind: past that, the data needs a cleanup anyway
# kinds whose near-same titles and dates may be one thing entered twice, each with the
# field two of them must share: a newsletter and a press release of one title and day are
# two items of news, "Newsletter 3/2025" and "Newsletter 03/2025" one newsletter
SAME_TITLE: dict[str, str | None] = {
    "event": None,
    "project": None,
    "service": None,
    "communication": "channel",
}
DUPLICATE_KINDS = ("member", *SAME_TITLE)  # members: by name (`evidence.members`)


Once = Callable[[Metric, tuple[str, str]], float | None]  # a value, a pair counted once


def counted_once(conn: Connection, ctx: EvalContext) -> Once:
    """A metric's value with a pair counted once, worked out by the engine as the value
    was (`EvalContext.leave_out`), not by a formula of its own: "one record less" is not
    "one a year less" for a count a year over years counted one by one
    (`Period.year_slices`), where a service of 2024-2025 counts in each year. Either
    record may be the one left out; the higher value is taken (the one the pair can
    still claim). Each metric's is worked out once a pair, however many labels set a
    mark on it (S1 is a Bronze minimum and a Gold step)."""
    done: dict[tuple[int, tuple[str, str]], float | None] = {}

    def once(metric: Metric, pair: tuple[str, str]) -> float | None:
        key = (id(metric), pair)
        if key not in done:
            values = [
                evaluate(conn, metric, replace(ctx, leave_out=rid), with_ids=False).value
                for rid in pair
            ]
            known = [v for v in values if v is not None]
            done[key] = max(known) if known else None
        return done[key]

    return once


def _counting_both(
    cat: Catalogue, results: Mapping[str, Value], pair: tuple[str, str], once: Once
) -> tuple[list[str], list[Msg]]:
    """The indicators whose value counts both records of a pair, and each label minimum
    that holds only while they are two: an assessor counting 15 members of which two are
    one organisation finds 14, below Bronze's 15 (it was "ready", and nothing said so);
    6 newsletters a year of which two are one issue are 5, below Gold's 6."""
    both = [i for i, (_, ids) in results.items() if pair[0] in ids and pair[1] in ids]
    risks: list[Msg] = []
    for rule in cat.labels:
        marks = dict(rule.indicators)
        if rule.gold_steps:  # Gold: every indicator's Gold step too
            for ind_id in both:
                step = cat.indicator(ind_id).gold_step
                if step is not None and ind_id not in marks:
                    marks[ind_id] = step
        for ind_id, threshold in marks.items():
            value = results.get(ind_id, (None, ()))[0]
            counted = cat.indicator(ind_id).metric
            if ind_id not in both or value is None or counted is None:
                continue
            # a count (not a share), worked out again with the pair counted once
            if not counts_items(counted) or threshold.at_least is None:
                continue
            if not threshold.holds(value):
                continue
            single = once(counted, pair)
            if single is not None and not threshold.holds(single):
                risks.append(
                    M(
                        "counted once, {id} is {value}, below {label}'s {mark}",
                        id=ind_id,
                        value=num(single, "count"),
                        label=titled(f"label:{rule.id}", rule.title),
                        mark=num(threshold.at_least, "count"),
                    )
                )
    return both, risks


def duplicates(
    rows: Sequence[Row], period: Period, cat: Catalogue, results: Mapping[str, Value], once: Once
) -> list[Concern]:
    out = []
    members = running([r for r in rows if r.kind == "member"], period)  # left before: not twice
    names = [MemberName(r.id, r.title, r.values.get("org_id"), r.id) for r in members]
    titles = {r.id: r for r in members}
    pairs = sorted(near_duplicates(names, []), key=lambda p: (p[0].id, p[1].id))
    for a, b, score in pairs[:MAX_PAIRS]:
        both, risks = _counting_both(cat, results, (a.id, b.id), once)
        what = _at_stake(
            M(
                "Two members look like one organisation (names {score} alike) and "
                "have no organisation id that tells them apart.",
                score=num(score, "percent", 0),
            ),
            risks,
        )
        out.append(
            Concern(
                group="duplicate",
                indicators=both,
                what=what,
                todo=M(
                    "Give both the same organisation id (company number, VAT or ROR id) "
                    "or correct the name; if they are two organisations, give each its own."
                ),
                records=records_of([titles[a.id], titles[b.id]]),
                records_total=2,
            )
        )
    for kind, shared in SAME_TITLE.items():
        found = _near_same(running([r for r in rows if r.kind == kind], period), shared)
        for first, second in found[:MAX_PAIRS]:
            both, risks = _counting_both(cat, results, (first.id, second.id), once)
            what = M(
                "Two “{kind}” records have nearly the same title and date: "
                "possibly one imported twice.",
                kind=term(f"kind:{kind}"),
            )
            out.append(
                Concern(
                    group="duplicate",
                    indicators=both,
                    what=_at_stake(what, risks),
                    todo=M(
                        "Keep one of them (reject the other), or make their titles say "
                        "how they differ."
                    ),
                    records=records_of([first, second]),
                    records_total=2,
                )
            )
    return out


_NUMBER = re.compile(r"\d+")


def _at_stake(what: Msg, risks: list[Msg]) -> Msg:
    if not risks:
        return what
    return M("{what} At stake: {risks}.", what=what, risks=joined(risks, "list"))


def _near_same(rows: Sequence[Row], shared: str | None) -> list[tuple[Row, Row]]:
    """Pairs dated within `NEAR_DAYS` of each other, alike in `shared` (when given),
    whose titles look alike with the same numbers in them ("Workshop 1" and "Workshop 2"
    are two; "Newsletter 3/2025" and "Newsletter 03/2025" are one, numbers read as
    numbers)."""
    from rapidfuzz import fuzz

    ordered = sorted(rows, key=lambda r: (r.start, r.id))
    keys = [_NUMBER.sub(lambda n: str(int(n[0])), name_key(r.title)) for r in ordered]
    digits = [_NUMBER.findall(k) for k in keys]
    pairs = []
    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if (b.start - a.start).days > NEAR_DAYS:
                break
            if digits[i] != digits[j]:
                continue
            if shared is not None and a.values.get(shared) != b.values.get(shared):
                continue
            score = fuzz.token_sort_ratio(keys[i], keys[j])
            if score >= SIMILAR:
                pairs.append((a, b))
    return pairs
