"""An older snapshot's English sentences, in the reader's language where they can be.

Why a module of its own: a snapshot written before the engine's sentences were messages
(clex before commit 162b048) stores each explanation and finding as English text, which
`Sentences` shows as it is, so a Czech reader of the web page, the PDF or the workbook
read "judged 3 of 4: ... (Jana)". What a judged indicator's explanation said is still in
the snapshot: the judgement (indicator, agreed level, assessors), the result's maximum
and the level's description (the catalogue's, translated in `CatalogueInfo.translations`,
completed for such a snapshot by `assessment.catalogue_view.complete_levels`). So where
the text is exactly what that clex wrote from them, "judged {level} of {most}:
{description}" and the assessors are rebuilt as the engine's message today.

The reasons after "; scores 0:" (and every other sentence of such a snapshot) exist only
as English text. They are not translated by matching strings (a record's title inside
them would be rewritten too, and a near match would say something the snapshot does
not); a reader in another language sees them as they are, marked as the stored text of
an older clex, so that English words in a Czech report are explained, not a bug.
"""

from __future__ import annotations

from assessment.snapshot import IndicatorResult, Judgement, Snapshot
from evidence.messages import M, Text, num

# How an older clex joined a judged level and the reasons it scored 0.
_SCORES_0 = "; scores 0: "


def is_older(snapshot: Snapshot) -> bool:
    """Whether `snapshot` was written before sentences were messages: its explanations
    are English text (every newer snapshot's are messages)."""
    return any(isinstance(i.explanation, str) for i in snapshot.indicators)


def marked(text: str, lang: str) -> Text:
    """An older clex's English `text` as a reader of `lang` sees it: marked as such in
    another language, as it is in English (and when empty)."""
    if not text or lang == "en":
        return text
    return M("{text} (recorded in English by an older clex)", text=text)


def explanation(snapshot: Snapshot, result: IndicatorResult, lang: str) -> Text:
    """The explanation of `result` to render: a message as it is; an older snapshot's
    "judged ..." text rebuilt from its judgement; any other text marked (`marked`)."""
    text = result.explanation
    if not isinstance(text, str):
        return text
    j = next((j for j in snapshot.judgements if j.indicator == result.id), None)
    rebuilt = _judged(text, j, result.max_points, lang) if j is not None else None
    return rebuilt if rebuilt is not None else marked(text, lang)


def _judged(text: str, j: Judgement, most: float, lang: str) -> Text | None:
    """`text` as the message of today when it is exactly what an older clex wrote for
    `j` (`f"judged {level:g} of {most:g}: {description}"`, `f" ({who})"` when the
    judgement names assessors, `"; scores 0: "` and its reasons); None otherwise."""
    head = f"judged {j.level:g} of {most:g}: "
    if not text.startswith(head):
        return None
    said, sep, why = text[len(head) :].partition(_SCORES_0)
    who = f" ({j.who})" if j.who else ""
    if not said.endswith(who):
        return None
    description = said[: len(said) - len(who)]
    if not description or (sep and not why):
        return None
    judged = M(
        "judged {level} of {most}: {description}",
        level=num(j.level),
        most=num(most, "points"),
        description=description,
    )
    if who:
        judged = M("{judged} ({who})", judged=judged, who=j.who)
    if sep:
        judged = M("{judged}; scores 0: {why}", judged=judged, why=marked(why, lang))
    return judged
