"""What a record's values must be beyond their type: regions, tags, satisfaction.

Why a module of its own: a cell can be a well-formed value of its field's type and
still not mean what a catalogue will take it to mean: a region's name where the
catalogue compares codes, a tag the catalogue never counts, a 1-5 score in a 0-100
column. These checks need more than one field (a member's region is looked up in its
country, else the cluster's) and must not run when a stored record is read back (a
store may hold values from before they existed: `clex evidence validate` lists those),
so they are not model validators: an import runs `check_values` on each row's values
(`evidence.validate.validate_row`), and `stored_problems` runs the same rules on what a
store already holds, and the country rule too (`evidence.countries`: the record's model
reads a country on the way in, so only a stored one can be none).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from .countries import (
    COUNTRY_FIELDS,
    country_or_as_written,
    profile_country_problem,
    stored_problem,
)
from .findings import Finding, Location
from .import_rules import record_problems
from .messages import M, Msg, Text
from .models import ClusterProfile, Record
from .regions import RegionError, resolve
from .vocabulary import normalise_tag, tag_problem

SCALE_TOP = 5  # a satisfaction in (0, 5] looks like a score on a 1-5 scale


def check_values(
    kind: str, values: MutableMapping[str, Any], home_country: str | None
) -> list[tuple[str, Text]]:
    """(field, message) for each value that breaks a rule; `values` gets the stored
    form of those that keep it (a region's code, lower-case tags)."""
    out: list[tuple[str, Text]] = []
    if kind == "member" and values.get("region"):
        # the row's country as its record will hold it, for its region
        country = values.get("country")
        within = country_or_as_written(country) if country else home_country
        try:
            values["region"] = resolve(str(values["region"]), within)
        except RegionError as exc:
            out.append(("region", str(exc)))
    tags = values.get("tags")
    if tags:
        items = [tags] if isinstance(tags, str) else list(tags)
        bad = [p for p in (tag_problem(str(t)) for t in items) if p]
        out.extend(("tags", p) for p in bad)
        if not bad:
            values["tags"] = tuple(dict.fromkeys(normalise_tag(str(t)) for t in items))
    if kind == "survey":
        problem = satisfaction_problem(values.get("satisfaction"))
        if problem:
            out.append(("satisfaction", problem))
    return out


def satisfaction_problem(value: Any) -> Msg | None:
    """A satisfaction in (0, 5] is no doubt a 1-5 (or 0-1) score in the 0-100 column."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= SCALE_TOP:
        return None
    if value < 1:
        return M(
            "satisfaction {value} looks like a share of 1; satisfaction is 0-100, so write "
            "{percent}",
            value=f"{value:g}",
            percent=f"{value * 100:g}",
        )
    on_100 = (value - 1) / (SCALE_TOP - 1) * 100
    return M(
        "satisfaction {value} looks like a score on a 1-5 scale; satisfaction is 0-100: "
        "{value} of 5 is {percent} ((x - 1) / 4 x 100). Convert it, or give the survey's "
        "percentage of satisfied members",
        value=f"{value:g}",
        percent=f"{on_100:.4g}",
    )


def with_region_code(profile: ClusterProfile) -> ClusterProfile:
    """The profile with its region as its code (`RegionError` when it names none): a
    profile read from a file gets what `clex init --region` gives."""
    if not profile.region:
        return profile
    return profile.model_copy(update={"region": resolve(profile.region, profile.country)})


def profile_problem(profile: ClusterProfile) -> str | None:
    """Why the profile's region is not a region code of its country (None: it is)."""
    if not profile.region:
        return None
    try:
        code = resolve(profile.region, profile.country)
    except RegionError as exc:
        return f"the cluster's region: {exc}"
    if code != profile.region:
        return (
            f"the cluster's region {profile.region!r} is stored as a name; set the code "
            f"with `clex init --cluster {profile.slug} --region {code}`"
        )
    return None


def stored_problems(profile: ClusterProfile, records: Iterable[Record]) -> list[Finding]:
    """The value rules run on what a store holds: a finding for the profile and for each
    record whose values an import would refuse now (stored before the rules, or by a
    migration that could not convert them), located at the record's id."""
    out = []
    if wrong := profile_country_problem(profile.slug, profile.country):
        out.append(Finding(location=Location(key="profile.country"), message=wrong))
    if problem := profile_problem(profile):
        out.append(Finding(location=Location(key="profile.region"), message=problem))
    for record in records:
        values = record.model_dump(include={"region", "tags", "satisfaction", *COUNTRY_FIELDS})
        original = dict(values)
        found: list[tuple[str, Text]] = [
            (fname, bad)
            for fname in COUNTRY_FIELDS
            if (bad := stored_problem(fname, values.get(fname)))
        ]
        found += check_values(record.kind, values, profile.country)
        found += record_problems(record)  # e.g. a completed project stored without an end
        for fname in ("region", "tags"):
            if values.get(fname) != original.get(fname) and all(f != fname for f, _ in found):
                found.append((fname, _stored_form(fname, original[fname], values[fname])))
        for fname, message in found:
            out.append(
                Finding(
                    file=record.source.file if record.source else "",
                    location=Location(key=f"{record.id}.{fname}"),
                    message=message,
                    record_id=record.id,
                )
            )
    return out


def _stored_form(fname: str, was: Any, now: Any) -> str:
    shown = ", ".join(now) if isinstance(now, tuple) else now
    return f"{fname} {was!r} is stored as written, not as {shown}; import the record again"
