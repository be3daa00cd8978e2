"""Standing services counted in a period they started before: a concern an auditor checks.

Why: a service without an end is a standing service (`evidence.models.Service`), offered
from its start in every period until its end is given, its `members_served` the members
it serves a year. The import says so of the services it creates or changes
(`evidence.importchecks.standing`), but a store filled before that reading held services
entered as the old template said ("empty while it is offered", and so also one-off
services left without an end), and nothing was said at assessment: a partner day of
2019 entered without its end counted in V1, V2 and V8 of every later year, unnoticed. A
standing service is right where it still runs; that is what an auditor asks to see (its
offer, price list or web page of the period), and the start before the period is what
a record cannot prove of itself. So each counted service without an end that started
before the period is named, with the indicators it counts in; the value is left as
counted (whether it still runs is the source's to tell, not a rule's to guess).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, select

from criteria.models import Catalogue
from evidence.messages import M, Mp, term
from evidence.schema import evidence

from .concern_rows import Value, named
from .metrics import EvalContext
from .snapshot import Concern

KIND = "service"


def standing_before(
    conn: Connection, cat: Catalogue, results: Mapping[str, Value], ctx: EvalContext
) -> list[Concern]:
    """One concern for the counted services without an end that started before the
    period (module docstring), the earliest first; none when there are none."""
    counted = {i: set(ids) for i, (_, ids) in results.items() if ids}
    every = set().union(*counted.values()) if counted else set()
    if not every:
        return []
    c = evidence.c
    # the services first (a few), then those counted: not every counted id as a parameter
    found = conn.execute(
        select(c.id, c.title)
        .where(
            c.cluster == ctx.cluster.slug,
            c.kind == KIND,
            c.end.is_(None),
            c.start < ctx.period.start,
        )
        .order_by(c.start, c.id)
    ).all()
    rows = [r for r in found if r.id in every]
    if not rows:
        return []
    ids = {r.id for r in rows}
    indicators = [i.id for i in cat.indicators if counted.get(i.id, set()) & ids]
    return [
        Concern(
            group="suspicious",
            what=Mp(
                "{n} “{kind}” record without an end started before the period and counts "
                "in it as a standing service, offered ever since ({ids}): nothing in the "
                "store says it still ran in the period.",
                "{n} “{kind}” records without an end started before the period and count "
                "in it as standing services, offered ever since ({ids}): nothing in the "
                "store says they still ran in the period.",
                n=len(rows),
                kind=term(f"kind:{KIND}"),
                ids=", ".join(indicators),
            ),
            todo=M(
                "Keep at hand what shows each still ran in the period (its offer, price "
                "list or web page of the period): an auditor asks for it. A service "
                "delivered once, or over a set time, needs its end (a one-day service: "
                "its day again); give it and import it again."
            ),
            indicators=indicators,
            records=named(rows),
            records_total=len(rows),
        )
    ]
