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

import re

from .cells import as_name
from .messages import M, Msg, Text, num
from .models import Finance, Project, Record, Survey

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # a year in a financial year's name

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


def refused_value(kind: str, field: str, value: object, refusal: Text) -> Text:
    """The refusal of a cell's `value`, with what to give instead when the field leaves
    it unclear. A rejected application and a cancelled project were refused with the
    list of choices only ("is not one of: planned, running, completed"), so a manager
    left the status empty, which counts as running (V4, V5); a finance record's year
    given as a financial year ('2026/27', 'FY 2026') was "not a number"."""
    if (kind, field) == ("project", "project_status"):
        return M(
            "{refusal}; an application refused or withdrawn is not_funded, a project "
            "called off before it ran is cancelled (no indicator counts either)",
            refusal=refusal,
        )
    if (kind, field) == ("finance", "year"):
        return _year_advice(value, refusal)
    return refusal


def _year_advice(value: object, refusal: Text) -> Msg:
    """A finance record's `year` that is no year ('2026/27', 'FY 2026'): what to write.
    Why: a financial year from July is what a treasurer calls its year, and "is not a
    number" left the manager to guess that `year` is one calendar year and that the
    span goes into start and end (pro rata then counts each part in its year)."""
    first = int(m.group(0)) if (m := _YEAR.search(str(value))) else 2025
    return M(
        "{refusal}: give the year the amount is booked in (e.g. {first}), or leave year "
        "empty and give the span the amount covers as start and end (a financial year "
        "from July: {start} and {end})",
        refusal=refusal,
        first=str(first),
        start=f"1.7.{first}",
        end=f"30.6.{first + 1}",
    )


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
    if isinstance(record, Finance) and (wrong := _year_not_in_span(record)):
        problems.append(("year", wrong))
    return problems


def _year_not_in_span(record: Finance) -> Text | None:
    """Why a finance record's `year` contradicts its dates, or None. The year is the
    financial year the amount belongs to (the template's note), but the amount counts by
    its dates (`start`..`end`, pro rata; no end: a one-off payment on `start`, docs/
    ecei-gold.md "Money"), and no catalogue reads `year`: year 2024 on 2025-01-01..
    2025-12-31 was taken silently and counted in 2025, where the manager meant 2024. A
    year the span touches is right (a grant over 2020-2025, a financial year from July)."""
    year = record.year
    last = record.end or record.start
    if year is None or record.start.year <= year <= last.year:
        return None
    span = {"start": f"{year}-01-01", "end": f"{year}-12-31", "year": str(year)}
    if record.end is None:
        return M(
            "year {year}, yet the amount is a one-off payment of {day} (it has no end), so "
            "it counts in {paid}; give the span of the financial year {year} it covers "
            "(start {start}, end {end}) or correct the year",
            day=record.start,
            paid=str(record.start.year),
            **span,
        )
    return M(
        "year {year} is none of the years of the span its amount covers ({first} to "
        "{last}), where it counts; give the span of the financial year {year} (start "
        "{start}, end {end}) or correct the year",
        first=record.start,
        last=record.end,
        **span,
    )


def _more_than(record: Record, part: str, whole: str) -> bool:
    """A part larger than its whole (two numbers swapped, or a typo): both given."""
    have, of = getattr(record, part, None), getattr(record, whole, None)
    return have is not None and of is not None and have > of
