""" "Did you mean ...?": the nearest of a field's choices to a word nobody defined.

Why a module of its own: a choice typed into a spreadsheet is refused when it is not
one of the field's words, and a list of eight words does not show which one the
person meant (`Large Compny`, `univerzita`, `co-organizer`). Every refusal of a choice
(a cell, a CSV's kind, a status) asks `suggestion` for the nearest words, so they read
alike: "...; did you mean 'x'?" (or "'x' or 'y'"), a message in the reader's language.
rapidfuzz is imported only when a word is refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from .messages import Arg, M, Msg, joined

CUTOFF = 75  # rapidfuzz WRatio (0-100): below it a suggestion is more noise than help
CLOSE = 5  # how much less near than the best a second suggestion may be


def nearest(
    word: str,
    choices: Iterable[str],
    *,
    limit: int = 2,
    cutoff: float = CUTOFF,
    close: float = CLOSE,
) -> list[str]:
    """The choices nearest to `word` (best first), at most `limit`, each scoring at least
    `cutoff` and within `close` of the best; [] when none is near.

    `word` is compared as a choice is stored: lower case, runs of spaces and hyphens as
    one underscore (the caller normalises; see `evidence.cells.as_name`).
    """
    from rapidfuzz import fuzz, process

    found = process.extract(
        word, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
    )
    # a second word only when it is about as near as the first (organizer: organiser, not
    # co_organiser as well)
    return [c for c, score, _i in found if score >= found[0][1] - close]


def suggestion(word: str, choices: Iterable[str]) -> Arg | None:
    """The nearest choices as a message argument ("'x'" or "'x' or 'y'", the "or" in
    the reader's language) to end a refusal with "did you mean {near}?"; None when none
    is near (the refusal is then a message without it)."""
    near = nearest(word, choices)
    return joined([repr(c) for c in near], "or") if near else None


def with_suggestion(refusal: Msg, word: str, choices: Iterable[str]) -> Msg:
    """`refusal` ended with "; did you mean {near}?" when a choice is near `word`: one
    message for every refusal of a choice, so none is worded twice, with and without."""
    return ending(refusal, suggestion(word, choices))


def ending(refusal: Msg, near: Arg | None) -> Msg:
    """`refusal` ended with "; did you mean {near}?" (as it is when `near` is None)."""
    return (
        refusal
        if near is None
        else M("{refusal}; did you mean {near}?", refusal=refusal, near=near)
    )
