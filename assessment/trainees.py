"""Training of people who are not on the staff list: a concern, not a correction.

Why: G4 counts the management team's own training hours, and `training` records say so
(`evidence.models.Training`: training a person of the cluster management took). A
course the cluster gave its members, entered as `training` with "12 member companies"
as the person, raised G4 from 2 points to 3, and nothing said so. Which records are
the staff's cannot be told in the catalogue's conditions (a person is a name, the staff
list's titles are names with a role), so the assessment names the counted training
records whose person no staff record of the period names, with what to do: name the
staff member as the staff list does, or record training given to members as a service.
The value is left as counted: a person written another way than the staff list writes
them ("J. Nováková") is the staff's all the same, and a person is a judgement to make.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from criteria.models import Catalogue, Metric
from evidence.members import name_key
from evidence.messages import M, Mp, term

from .snapshot import Concern, ConcernRecord

SHOWN = 20  # records named in the concern; the count says how many there are


def outside_staff(
    rows: Iterable[Any], cat: Catalogue, results: Mapping[str, tuple[Any, Sequence[str]]]
) -> list[Concern]:
    """The concern over counted `training` records whose `person` is on no staff record
    of the rows (`assessment.costs` rows: id, kind, title, values), or none."""
    ids = sorted(i.id for i in cat.indicators if i.metric and _counts_training(i.metric))
    counted = {rid for i in ids if i in results for rid in results[i][1]}
    rows = list(rows)
    staff = [_words(r.title) for r in rows if r.kind == "staff"]
    if not counted or not staff:
        return []
    training = [r for r in rows if r.kind == "training" and r.id in counted]
    outside = [
        r
        for r in training
        if r.values.get("person") and not _on_the_list(_words(r.values["person"]), staff)
    ]
    if not outside:
        return []
    return [
        Concern(
            group="suspicious",
            what=Mp(
                "{n} of the {total} counted “{kind}” records names someone who is on no "
                "staff record ({ids} counts the management team's own training).",
                "{n} of the {total} counted “{kind}” records name someone who is on no "
                "staff record ({ids} counts the management team's own training).",
                n=len(outside),
                total=len(training),
                kind=term("kind:training"),
                ids=", ".join(ids),
            ),
            todo=M(
                "Name the staff member in “{field}” as the staff list does, or record "
                "training the cluster gave its members as a service (category training).",
                field=term("field:person"),
            ),
            indicators=ids,
            records=[
                ConcernRecord(id=r.id, title=f"{r.title} ({r.values['person']})")
                for r in outside[:SHOWN]
            ],
            records_total=len(outside),
        )
    ]


def _counts_training(metric: Metric) -> bool:
    """The metric, or one it is made of, counts `training` records."""
    if metric.kind == "training":
        return True
    return any(
        isinstance(part, Metric) and _counts_training(part)
        for part in (metric.numerator, metric.denominator)
    )


def _words(text: str) -> set[str]:
    """The words of a name, without case, accents or punctuation ("Jana Horáková,
    manager"), as members' names are compared (`evidence.members.name_key`)."""
    return {w for w in name_key(text).split() if len(w) > 1}


def _on_the_list(person: set[str], staff: list[set[str]]) -> bool:
    """Every word of the person's name is in one staff record's title."""
    return bool(person) and any(person <= title for title in staff)
