"""The profile fields a catalogue's conditions need and the cluster's profile lacks.

Why: a condition on `$country` (members abroad), `$region` (members at home) or
`$founded` (the organisation's age) compares records with the cluster's profile; a
profile without that field makes the condition match nothing, and the indicators that
use it lose their points without a word (a cluster without a country has no activity
"abroad"). So each such gap is a finding of the assessment, in the snapshot and the
command's output, naming the indicators and the `clex init` option that fixes it.

Which variables stand for profile fields is read from `criteria.rules.VARIABLES`: a
variable named after a field of `ClusterProfile` is one, so a new one is covered as
soon as the catalogue language has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from criteria.models import Catalogue
from criteria.rules import VARIABLES, is_variable, parse_variable
from evidence.findings import Finding, Location
from evidence.messages import M, joined, term
from evidence.models import ClusterProfile

# What to show after the `clex init` option: a placeholder that says what to type, never
# a value that looks like the cluster's own; a field not listed gets VALUE.
EXAMPLES = {"country": "CODE", "region": "CODE-OR-NAME", "founded": "YEAR"}


def profile_variables() -> list[str]:
    """The `$variables` that stand for a field of the cluster's profile."""
    return [name for name in VARIABLES if name in ClusterProfile.model_fields]


def profile_findings(catalogue: Catalogue, profile: ClusterProfile) -> list[Finding]:
    """One warning per profile field a metric needs and the profile has no value for."""
    needs: dict[str, list[str]] = {
        name: [] for name in profile_variables() if getattr(profile, name) is None
    }
    for indicator_id, used in catalogue.derived("profile_variables", _used).items():
        for name in used & needs.keys():
            needs[name].append(indicator_id)
    return [
        Finding(
            severity="warning",
            location=Location(key=f"profile.{name}"),
            message=M(
                "the profile has no {field}, which {indicators} compare records with: such a "
                "condition matches no record, so they count less or nothing; set it with "
                "{command}",
                field=term(f"profile:{name}"),
                indicators=joined(ids, "and"),
                command=(
                    f"clex init --cluster {profile.slug} --{name.replace('_', '-')} "
                    f"{EXAMPLES.get(name, 'VALUE')}"
                ),
            ),
        )
        for name, ids in needs.items()
        if ids
    ]


def _used(catalogue: Catalogue) -> dict[str, set[str]]:
    """Each metric indicator's `$variables` (a property of the catalogue alone)."""
    return {
        i.id: set(variables(i.metric.model_dump()))
        for i in catalogue.indicators
        if i.metric is not None
    }


def variables(value: Any) -> Iterator[str]:
    """The names of the `$variables` anywhere in a metric's data (conditions, `since`,
    the metrics a share or ratio divides)."""
    if is_variable(value):
        try:
            yield parse_variable(value).variable.name
        except ValueError:  # the catalogue checks refuse it; nothing to say here
            return
    elif isinstance(value, dict):
        for v in value.values():
            yield from variables(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from variables(v)
