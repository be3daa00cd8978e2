"""The words the reports give a change that is not all the cluster's own.

Why a module: the summary, the area lines (PDF and workbook) and the trend page state the
same split of a change (`assessment.compare.one_sided`: indicators judged in only one of
the two periods, or defined differently by their catalogues, set apart from the rest);
the numbers come from that one object, and the sentences from here, so that no page
words it otherwise.
"""

from __future__ import annotations

from assessment.compare import Apart, OneSided, catalogue_name
from assessment.snapshot import Snapshot

from .i18n import Lang


def apart_phrase(a: Apart, part: float, lang: Lang) -> str:
    """ "+11.3 from G8, judged only in 2025", "+1.9 from C1, defined differently by the
    two catalogues"."""
    _ = lang._
    if a.why == "judged":
        return _("{part} from {id}, judged only in {period}").format(
            part=lang.delta(part), id=a.id, period=a.period
        )
    return _("{part} from {id}, defined differently by the two catalogues").format(
        part=lang.delta(part), id=a.id
    )


def area_notes(parts: OneSided | None, lang: Lang) -> dict[str, str]:
    """Area id -> what of its change the indicators set apart make ("of which +9.1 from
    C1, defined differently by the two catalogues"); areas without any are left out."""
    if parts is None:
        return {}
    out = {}
    for area in dict.fromkeys(a.area for a in parts.items):
        items = parts.in_area(area)
        if items:
            out[area] = lang._("of which {parts}").format(
                parts="; ".join(apart_phrase(a, a.area_part or 0.0, lang) for a in items)
            )
    return out


def change_sentence(
    score: str, change: float, period: str, parts: OneSided | None, lang: Lang
) -> str:
    """The summary's first sentence: the overall score and its change against `period`,
    naming the parts of the change that are no change of the cluster."""
    _ = lang._
    if parts is None:
        return _(
            "The overall score is {score}, {change} percentage points against {period}."
        ).format(score=score, change=lang.delta(change), period=period)
    if not parts.redefined:
        return _(
            "The overall score is {score}, {change} percentage points against {period}, of "
            "which {part} from {which}: a judgement not made scores no points."
        ).format(
            score=score,
            change=lang.delta(change),
            period=period,
            part=lang.delta(parts.part),
            which="; ".join(
                _("{id}, judged only in {period}").format(id=i, period=p) for i, p in parts.judged
            ),
        )
    return _(
        "The overall score is {score}, {change} percentage points against {period}, of which "
        "{parts}; the indicators assessed alike in both periods make {rest}."
    ).format(
        score=score,
        change=lang.delta(change),
        period=period,
        parts="; ".join(apart_phrase(a, a.part, lang) for a in parts.items),
        rest=lang.delta(parts.rest),
    )


def catalogue_sentence(prev: Snapshot | None, snapshot: Snapshot, lang: Lang) -> str:
    """ "2024 was assessed with another catalogue (ecei-gold 2025.9; this assessment:
    ecei-gold 2026.5)."; empty when both used the same catalogue file."""
    if prev is None or prev.catalogue.sha256 == snapshot.catalogue.sha256:
        return ""
    return lang._(
        "{period} was assessed with another catalogue ({then}; this assessment: {now})."
    ).format(
        period=prev.period.label,
        then=catalogue_name(prev, snapshot),
        now=catalogue_name(snapshot, prev),
    )
