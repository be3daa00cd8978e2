"""A record that serves more members than the cluster has: a concern, not a cap.

Why: V2 divides the members services served (`members_served`, summed) by the committed
participants. A manager who typed a newsletter's 400 subscribers into the information
service of a cluster of 55 got V2 7.65 (its top step) where the 55 could give at most
about 1.4, and only the generic "far from the usual" concern could catch it, when the
other services served about as few; among services serving 40 each, a 120 passed
unnoticed. A service cannot serve more member organisations than the cluster has, so a
value above the participants the ratio divides by is named, with the participants and
what to check. The value is left as counted: a service may serve the members of an
earlier year besides the period's, or non-committed members, and which number is right
is the record's source to tell, not a cap to guess.

The rule reads the catalogue, not an indicator's id: a ratio whose numerator adds up a
number of one kind and whose denominator counts members (V2 in the built-in catalogue).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from sqlalchemy import Connection

from criteria.models import Catalogue, Metric
from evidence.messages import M, Mp, num, term

from .concern_rows import Row, Value, number, records_of
from .metrics import EvalContext, evaluate
from .snapshot import Concern


def beyond_members(
    conn: Connection,
    cat: Catalogue,
    rows: Sequence[Row],
    results: Mapping[str, Value],
    ctx: EvalContext,
) -> list[Concern]:
    """A concern for each per-member ratio (module docstring) whose counted records give
    a number above the members it divides by, as the engine counts them for the period."""
    out = []
    for ind_id, kind, name, members in _per_member(cat):
        if ind_id not in results:
            continue
        counted = set(results[ind_id][1])
        mine = [r for r in rows if r.kind == kind and r.id in counted]
        if not mine:
            continue
        total = evaluate(conn, members, ctx, with_ids=False).value
        if total is None:
            continue
        above = [r for r in mine if (v := number(r.values.get(name))) is not None and v > total]
        if not above:
            continue
        out.append(
            Concern(
                group="suspicious",
                what=Mp(
                    "{n} “{kind}” record gives a “{field}” above the {members} participants "
                    "{ids} divides by: a record cannot serve more members than the cluster "
                    "has.",
                    "{n} “{kind}” records give a “{field}” above the {members} participants "
                    "{ids} divides by: a record cannot serve more members than the cluster "
                    "has.",
                    n=len(above),
                    kind=term(f"kind:{kind}"),
                    field=term(f"field:{name}"),
                    members=num(total),
                    ids=ind_id,
                ),
                todo=M(
                    "Check that “{field}” counts the member organisations served, each "
                    "once (not subscribers, attendees or visits; a standing service's a "
                    "year); correct it and import it again.",
                    field=term(f"field:{name}"),
                ),
                indicators=[ind_id],
                records=records_of(above, name),
                records_total=len(above),
            )
        )
    return out


def _per_member(cat: Catalogue) -> Iterator[tuple[str, str, str, Metric]]:
    """(indicator, kind, field, the members' count) of each ratio that adds up a field
    of one kind per member counted."""
    for ind in cat.indicators:
        m = ind.metric
        if m is None or m.aggregate != "ratio":
            continue
        top, bottom = m.numerator, m.denominator
        if not isinstance(top, Metric) or bottom is None:
            continue
        if top.aggregate != "sum" or top.kind is None or top.field is None:
            continue
        if bottom.aggregate == "count" and bottom.kind == "member":
            yield ind.id, top.kind, top.field, bottom
