"""The fixed vocabulary of tags: what a record may be tagged with, and "did you mean".

Why: a catalogue counts tagged records (`tags: {contains: digital}`), and free-text tags
made "Digital", "digitalisation" and "digital" three things of which one counted. So a
tag is one of the few words below, written in any case (stored lower case), with
spaces or hyphens for the underscore; anything else is refused with the nearest tag.
Keep the list short: each tag is a theme an assessor asks about, not a keyword.
"""

from __future__ import annotations

from .cells import as_name
from .messages import M, Msg

TAGS: dict[str, str] = {
    "digital": "digital transition: digitalisation, data, AI, Industry 4.0",
    "green": "green transition: climate, environment, decarbonisation",
    "circular_economy": "reuse, recycling, materials kept in use",
    "energy": "energy efficiency, renewable energy, energy supply",
    "health": "health, medical and life-science topics",
    "innovation": "innovation support: new products, processes, technology transfer",
    "research": "research and development, cooperation with research organisations",
    "skills": "skills, training, education and talent",
    "internationalisation": "activities abroad, foreign partners and markets",
}
CUTOFF = 70  # rapidfuzz WRatio: below it no tag is suggested


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
