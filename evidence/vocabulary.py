"""The fixed vocabulary of tags: what a record may be tagged with, and "did you mean".

Why: a catalogue counts tagged records (`tags: {contains: digital}`), and free-text tags
made "Digital", "digitalisation" and "digital" three things of which one counted. So a
tag is one of the few words below, written in any case (stored lower case), with
spaces or hyphens for the underscore; anything else is refused with the nearest tag.
Keep the list short: each tag is a theme an assessor asks about, not a keyword.

Which topics make a service one of the twin transition's is said here once
(`TRANSITIONS`): the built-in catalogue's V8 and V9 count a service tagged with any
topic of their transition (tests/test_transition_tags.py holds the catalogue to it), and
the template's note on `tags` names them. A green-transition service tagged `energy`
or `circular_economy`, as the topics offer, counted nowhere while V9 asked for `green`.
"""

from __future__ import annotations

from .cells import as_name
from .messages import M, Msg

# What each tag covers. The built-in catalogue counts only services tagged with a topic of
# a transition (`TRANSITIONS`); the other tags describe a record and score nothing there.
TAGS: dict[str, str] = {
    "digital": "digital transition: digitalisation, data, AI, Industry 4.0",
    "green": "green transition: climate, environment, decarbonisation",
    "circular_economy": "green transition: reuse, recycling, materials kept in use",
    "energy": "green transition: energy efficiency, renewable energy, energy supply",
    "health": "health, medical and life-science topics",
    "innovation": "innovation support: new products, processes, technology transfer",
    "research": "research and development, cooperation with research organisations",
    "skills": "skills, training, education and talent",
    "internationalisation": "activities abroad, foreign partners and markets",
}
# The topics of each transition: a service tagged with any of them is one of its services.
# The other tags describe a record and belong to neither.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "digital": ("digital",),
    "green": ("green", "energy", "circular_economy"),
}
assert all(t in TAGS for ts in TRANSITIONS.values() for t in ts), "a transition topic is no tag"
CUTOFF = 70  # rapidfuzz WRatio: below it no tag is suggested


def other_topics() -> tuple[str, ...]:
    """The tags of neither transition, in the vocabulary's order."""
    twin = {t for ts in TRANSITIONS.values() for t in ts}
    return tuple(t for t in TAGS if t not in twin)


def tag_problem(tag: str) -> Msg | None:
    """Why `tag` is not in the vocabulary (None: it is; `normalise_tag` gives its form)."""
    if normalise_tag(tag) in TAGS:
        return None
    hint, tags = suggest_tag(tag), ", ".join(TAGS)
    if hint is None:
        return M("unknown tag {tag}; the tags are: {tags}", tag=repr(tag), tags=tags)
    return M(
        "unknown tag {tag}; did you mean {near}? the tags are: {tags}",
        tag=repr(tag),
        near=hint,
        tags=tags,
    )


def normalise_tag(tag: str) -> str:
    """The stored form: lower case, underscores ("Circular Economy" -> circular_economy)."""
    return as_name(tag)


def suggest_tag(tag: str) -> str | None:
    from rapidfuzz import fuzz, process

    found = process.extractOne(
        normalise_tag(tag), list(TAGS), scorer=fuzz.WRatio, score_cutoff=CUTOFF
    )
    return found[0] if found else None
