"""Projects the cluster only supports, counted as its collaborative projects: a concern.

Why: V4 counts collaborative projects with at least three member participants, and its
question and evidence text do not ask for the cluster's part in them, so a project with
`role: support` (the cluster wrote a letter of support, or advises from outside the
consortium, with no budget of its own) counts as one of the cluster's. ECEI credits
the collaborative projects the cluster management initiated or facilitated; a supported
project may be one (the cluster brought the partners together and stayed outside the
grant), or a letter only. Which of the two is the source's to tell, not a rule's to
guess, so the value is left as counted and the project is named for the auditor, with
what to keep at hand: what the cluster did for it.

Only counts of projects are checked (V4 in the built-in catalogue): they credit a
project as the cluster's own work. A sum of the cluster's budget (V5) credits the money
the funding contract gives the cluster, which V5's evidence (that contract) shows
whatever the role is called; a supported project without a budget adds nothing to it.
The rule reads the catalogue, not an indicator's id.
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

KIND = "project"
ROLE = "support"
COUNTS = ("count", "count_distinct")  # aggregates that credit each record as one


def only_supported(
    conn: Connection, cat: Catalogue, results: Mapping[str, Value], ctx: EvalContext
) -> list[Concern]:
    """One concern for the projects with the role support that a count of projects
    counts (module docstring), the earliest first; none when there are none."""
    counted = {
        i.id: set(results[i.id][1])
        for i in cat.indicators
        if i.metric is not None
        and i.metric.kind == KIND
        and i.metric.aggregate in COUNTS
        and i.id in results
    }
    every = set().union(*counted.values()) if counted else set()
    if not every:
        return []
    c = evidence.c
    # the cluster's supported projects first (a few), then those counted
    found = conn.execute(
        select(c.id, c.title)
        .where(c.cluster == ctx.cluster.slug, c.kind == KIND, c.role == ROLE)
        .order_by(c.start, c.id)
    ).all()
    rows = [r for r in found if r.id in every]
    if not rows:
        return []
    ids = {r.id for r in rows}
    indicators = [i for i, got in counted.items() if got & ids]
    return [
        Concern(
            group="suspicious",
            what=Mp(
                "{n} project the cluster only supports (role “{role}”) counts in {ids} as a "
                "collaborative project of the cluster: ECEI credits the projects the "
                "cluster management initiated or facilitated, which a letter of support "
                "alone is not.",
                "{n} projects the cluster only supports (role “{role}”) count in {ids} as "
                "collaborative projects of the cluster: ECEI credits the projects the "
                "cluster management initiated or facilitated, which a letter of support "
                "alone is not.",
                n=len(rows),
                role=term(f"choice:{ROLE}"),
                ids=", ".join(indicators),
            ),
            todo=M(
                "Keep at hand what the cluster did for each (brought the partners "
                "together, prepared the proposal, runs its meetings): an auditor asks for "
                "it. A project the cluster only wrote a letter for is not its "
                "collaborative project: withdraw it (clex evidence withdraw)."
            ),
            indicators=indicators,
            records=named(rows),
            records_total=len(rows),
        )
    ]
