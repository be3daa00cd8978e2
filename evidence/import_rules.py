"""Rules a record must meet when it is imported, and what replaced the forms we removed.

Why a module of its own: some rules hold for what is imported from now on but not for
what a store already holds. A completed project needs an `end` (without one it would
run forever and count in every later period), yet a store filled before that rule must
still load its old projects; so the rule is checked here, at import, not by the model
that also reads the store back. And fields or choices that the model lost (a staff
member's undated `training_hours`, the communication channel `eccp_profile`) would
otherwise be refused as merely unknown; a file written for the old model gets told what
to write instead.
"""

from __future__ import annotations

from .cells import as_name
from .messages import M, Text, num
from .models import Project, Record, Survey

# (kind, field) -> what to write instead, for fields a kind no longer has
REMOVED_FIELDS: dict[tuple[str, str], str] = {
    ("staff", "training_hours"): (
        "staff no longer has training_hours: record each training as its own row, "
        "kind: training, with its date (start), hours and person (the staff member's "
        "name), so the hours count in the period they were trained"
    ),
}

# (kind, field, value) -> what to write instead, for choices a field no longer offers
REMOVED_CHOICES: dict[tuple[str, str, str], str] = {
    ("communication", "channel", "eccp_profile"): (
        "the channel eccp_profile is gone: the ECCP profile is the cluster's standing "
        "presence; record it as kind: presence, platform: eccp_profile (with its url and "
        "the day it went online as start)"
    ),
}


def removed_field(kind: str, field: str) -> str | None:
    """What to write instead of `field`, when `kind` had it once; None otherwise."""
    return REMOVED_FIELDS.get((kind, field))


def removed_choice(kind: str, field: str, value: object) -> str | None:
    """What to write instead of choice `value` of `field`, when it was removed."""
    if not isinstance(value, str):
        return None
    return REMOVED_CHOICES.get((kind, field, as_name(value)))


def record_problems(record: Record) -> list[tuple[str, Text]]:
    """(field, message) for every import rule `record` breaks; empty when none."""
    problems: list[tuple[str, Text]] = []
    if isinstance(record, Project) and record.project_status == "completed" and record.end is None:
        problems.append(
            (
                "end",
                M(
                    "a completed project needs an end date (without one it would run for "
                    "ever); give the end, or a project_status of running"
                ),
            )
        )
    if isinstance(record, Survey) and _more_than(record, "respondents", "invited"):
        problems.append(
            (
                "respondents",
                M(
                    "{respondents} respondents of {invited} invited: more answered than were "
                    "asked; correct either number",
                    respondents=str(record.respondents),
                    invited=str(record.invited),
                ),
            )
        )
    if isinstance(record, Project) and _more_than(record, "cluster_budget_eur", "budget_eur"):
        assert record.cluster_budget_eur is not None and record.budget_eur is not None
        problems.append(
            (
                "cluster_budget_eur",
                M(
                    "the cluster's share of {share} EUR is more than the project's whole "
                    "budget of {budget} EUR (budget_eur); correct either amount",
                    share=num(record.cluster_budget_eur, digits=0),
                    budget=num(record.budget_eur, digits=0),
                ),
            )
        )
    return problems


def _more_than(record: Record, part: str, whole: str) -> bool:
    """A part larger than its whole (two numbers swapped, or a typo): both given."""
    have, of = getattr(record, part, None), getattr(record, whole, None)
    return have is not None and of is not None and have > of
