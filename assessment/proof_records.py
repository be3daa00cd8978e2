"""Documents entered in place of what an indicator counts: minutes without their meeting.

Why: G6 counts the meetings of the cluster's governing bodies, entered as events (the
meeting's day, format, the cluster as organiser), and asks for signed minutes as their
evidence. A cluster that entered its six board meetings of 2025 only as the minutes
(`document`, `doc_type: minutes`) got G6 = 0 with no word: no near miss (a document is
no event) and no concern, and Gold was refused for meetings an auditor would count.

The minutes are not counted in their meeting's place: a meeting entered both ways would
count twice, and a document says neither who organised the meeting nor who came. So the
check says what to enter: the documents of the period (the metric's own scope) of a
kind that proves one of the things a count indicator counts (`PROOFS`), that have no
record of that thing on their day or in the month before (`WRITTEN_WITHIN`: minutes
are signed after the meeting) which the indicator would count but for its date and its
review (its own `where`, a status that stands: a board meeting the cluster only
attended, or one the auditor rejected, left its own board's minutes unnamed while G6
stayed 0), named with the indicator's records in words and the step they hold down.
Every indicator the proof fits is looked at, the built-in G6 or a user catalogue's own
meetings count alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select

from criteria.models import Catalogue, Metric
from evidence.messages import M, Mp, term
from evidence.models import ClusterProfile
from evidence.schema import evidence
from evidence.store import STATUS_AT, status_at

from .aggregates import STANDING
from .concern_rows import Row, records_of
from .conditions import scope, where
from .period import Period
from .snapshot import Concern
from .wording import records


@dataclass(frozen=True)
class Proof:
    """Records of `kind` with `field` = `value` document one thing of `proves`' kind whose
    `choice` is one of `values`, on the same day."""

    kind: str
    field: str
    value: str
    proves: str
    choice: str
    values: frozenset[str]


PROOFS = (
    # signed minutes are the evidence of a board meeting or a general assembly
    Proof(
        "document", "doc_type", "minutes", "event", "format",
        frozenset({"board_meeting", "general_assembly"}),
    ),
)  # fmt: skip

# minutes are signed after the meeting: a meeting up to this long before is theirs
WRITTEN_WITHIN = timedelta(days=31)


def unentered(
    conn: Connection,
    cat: Catalogue,
    profile: ClusterProfile,
    period: Period,
    statuses: Sequence[str],
    *,
    statuses_at: Any = None,
    as_of: date | None = None,
) -> list[Concern]:
    """A concern per count indicator with documents of the period that prove what it
    counts and have no such record on their day or the month before (module docstring)."""
    out = []
    for ind_id, m, proof in _fits(cat):
        found = _documents(conn, m, proof, profile, period, statuses, statuses_at, as_of)
        if not found:
            continue
        said = records(m, profile, period)
        out.append(
            Concern(
                group="suspicious",
                what=Mp(
                    "{n} “{proof}” document of the period has no record that {ids} "
                    "counts on its day or in the month before: {ids} counts {records}, and "
                    "the document alone is not counted.",
                    "{n} “{proof}” documents of the period have no record that {ids} "
                    "counts on their day or in the month before: {ids} counts {records}, "
                    "and the documents alone are not counted.",
                    n=len(found),
                    proof=term(f"choice:{proof.value}"),
                    ids=ind_id,
                    records=said,
                ),
                todo=M(
                    "Enter what each document records as one of the {records}, on the "
                    "document's day, with the document as its attachment; each counts once.",
                    records=said,
                ),
                indicators=[ind_id],
                records=records_of(found),
                records_total=len(found),
            )
        )
    return out


def _fits(cat: Catalogue) -> Iterator[tuple[str, Metric, Proof]]:
    """(indicator, metric, proof) for every count whose records a proof documents: its
    kind the proof's, its condition on the proof's choice naming one of its values."""
    for ind in cat.indicators:
        m = ind.metric
        if m is None or m.aggregate != "count":
            continue
        for proof in PROOFS:
            cond = m.where.get(proof.choice)
            wanted = cond if isinstance(cond, list) else [cond]
            if m.kind == proof.proves and proof.values & {v for v in wanted if isinstance(v, str)}:
                yield ind.id, m, proof


def _documents(
    conn: Connection,
    m: Metric,
    proof: Proof,
    profile: ClusterProfile,
    period: Period,
    statuses: Sequence[str],
    statuses_at: Any,
    as_of: date | None,
) -> list[Row]:
    """The counted proofs in `m`'s scope with no record of what they prove on their day
    or in the `WRITTEN_WITHIN` days before (minutes are signed after the meeting). The
    record must be one `m` counts but for its date and its review: every condition of
    `m`'s own `where` (G6: the cluster as organiser, so a board meeting of another body
    it attended on the day is not its own board's), and a status that stands
    (`STANDING`: a draft or a submitted one is entered, a near miss; a rejected or
    withdrawn one is no meeting the assessment can count)."""
    c = evidence.c
    cluster = profile.slug
    status = c.status if statuses_at is None else status_at()
    query = select(c.id, c.kind, c.title, c.start, c.end).where(
        c.cluster == cluster,
        c.kind == proof.kind,
        c[proof.field] == proof.value,
        status.in_(list(statuses)),
        *scope(m.scope, period, by_start=True),
        *([c.start <= as_of] if as_of is not None else []),
    )
    params = {} if statuses_at is None else {STATUS_AT: statuses_at}
    found = [Row(*r, {}) for r in conn.execute(query.order_by(c.start, c.id), params)]
    if not found:
        return []
    first = min(r.start for r in found) - WRITTEN_WITHIN
    days = set(
        conn.execute(
            select(c.start).where(
                c.cluster == cluster,
                c.kind == proof.proves,
                c[proof.choice].in_(sorted(proof.values)),  # what the document records
                *where(m.where, m, profile, period, as_of=as_of),
                status.in_(STANDING),
                c.start >= first,
            ),
            params,
        ).scalars()
    )
    return [r for r in found if not any(r.start - WRITTEN_WITHIN <= d <= r.start for d in days)]
