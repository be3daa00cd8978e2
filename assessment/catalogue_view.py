"""What a report needs of the catalogue, written into the snapshot.

Why a module of its own: a report reads the snapshot only (DESIGN: "Reports ... read
snapshots"), yet it shows the catalogue's translated titles and the Gold pass mark. So
the engine copies them into `CatalogueInfo` here, from the `Catalogue` it was given, and
`reports` never imports `criteria`.

A snapshot written before these fields existed has `translations` None;
`complete_old_snapshot` fills them from the catalogue when it is a built-in one (found
by SHA-256 or the built-in id it names, never by a path the snapshot names:
`snapshot_catalogue`): titles only for the same catalogue id and only where the English
title is still the snapshot's, the Gold pass mark only from the very same file (same
SHA-256). When the catalogue is not at hand the snapshot stays as it is, and a report
shows English titles and 80 %. A snapshot written before sentences were messages (its
explanations are English text) but after titles were carried has no level descriptions
(`levels`); `complete_levels` adds them the same way, so that a report can say the
level it rebuilds from the judgement (`reports.older`) in the reader's language.

`definitions` gives each indicator's definition digest, so that `compare` can tell a
redefined indicator (a moved threshold) from one that merely kept its id.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

from criteria.models import Area, Catalogue, ImprovementTopic, Indicator, LabelRule
from evidence.findings import UserDataError

from .snapshot import CatalogueInfo, CatalogueTitles, Snapshot
from .snapshot_catalogue import snapshot_catalogue

log = logging.getLogger(__name__)

GOLD = "gold"  # the label whose `total_at_least` is the pass mark a report draws


def gold_threshold(cat: Catalogue) -> float | None:
    gold = next((lb for lb in cat.labels if lb.id == GOLD), None)
    return gold.total_at_least if gold is not None else None


def translated_titles(cat: Catalogue) -> dict[str, CatalogueTitles]:
    """Per language, every title the catalogue translates (the others stay English)."""
    parts: list[Catalogue | Area | Indicator | LabelRule | ImprovementTopic] = [cat, *cat.areas]
    parts += cat.indicators
    parts += [*cat.labels, *cat.improvement_topics]
    langs = sorted({lang for part in parts for lang in part.translations})
    out: dict[str, CatalogueTitles] = {}
    for lang in langs:
        own = cat.translations.get(lang)
        out[lang] = CatalogueTitles(
            catalogue=(own.title or "") if own is not None else "",
            areas=_titles(cat.areas, lang),
            indicators=_titles(cat.indicators, lang),
            labels=_titles(cat.labels, lang),
            topics=_titles(cat.improvement_topics, lang),
            units=_unit_words(cat.indicators, lang),
            levels=_levels(cat.indicators, lang),
        )
    return out


def _unit_words(items: Sequence[Indicator], lang: str) -> dict[str, str]:
    return {
        i.id: tr.unit_words
        for i in items
        if i.unit_words and (tr := i.translations.get(lang)) is not None and tr.unit_words
    }


def _levels(items: Sequence[Indicator], lang: str) -> dict[str, str]:
    """A judgement level's English description -> its description in `lang`."""
    return {
        lv.description: tr.description
        for i in items
        if i.judgement is not None
        for lv in i.judgement.levels
        if (tr := lv.translations.get(lang)) is not None and tr.description
    }


def _titles(
    items: Sequence[Area | Indicator | LabelRule | ImprovementTopic], lang: str
) -> dict[str, str]:
    return {
        item.id: tr.title
        for item in items
        if (tr := item.translations.get(lang)) is not None and tr.title
    }


# What an indicator says rather than what it is called: left out of its digest, so that
# a new title, question or translation does not make two snapshots incomparable.
_WORDING = {"id", "title", "question", "evidence", "basis", "translations", "unit_words"}


def _without_translations(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_translations(v) for k, v in value.items() if k != "translations"}
    if isinstance(value, list):
        return [_without_translations(v) for v in value]
    return value


def definition_digest(indicator: Indicator) -> str:
    """SHA-256 of the indicator's canonical JSON: area, weight, metric or judgement
    levels, points ladder, Gold marks and whatever else decides its points; not its
    wording. Defaults are left out, so a field added later with a default keeps the
    digests of indicators that do not use it."""
    data = indicator.model_dump(mode="json", exclude=_WORDING, exclude_defaults=True)
    text = json.dumps(
        _without_translations(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


def catalogue_info(cat: Catalogue) -> CatalogueInfo:
    """The snapshot's account of the catalogue `cat` (loaded: it knows its SHA-256),
    worked out once per catalogue."""
    return cat.derived("catalogue_info", _catalogue_info)


def _catalogue_info(cat: Catalogue) -> CatalogueInfo:
    return CatalogueInfo(
        id=cat.id,
        version=cat.version,
        title=cat.title,
        sha256=cat.sha256,
        ref=cat.ref,
        gold_threshold=gold_threshold(cat),
        translations=translated_titles(cat),
        definitions={i.id: definition_digest(i) for i in cat.indicators},
    )


def _catalogue_at_hand(info: CatalogueInfo) -> Catalogue | None:
    """The snapshot's catalogue when it is at hand and has the snapshot's id."""
    try:
        cat = snapshot_catalogue(info)  # never a file the snapshot merely names
    except (UserDataError, OSError) as exc:  # a mailed snapshot may name a file not here
        log.info("catalogue %s not available for titles: %s", info.ref, exc)
        return None
    return cat if cat.id == info.id else None


def complete_levels(snapshot: Snapshot) -> Snapshot:
    """A snapshot whose explanations are English text (written before they were
    messages) and whose titles carry no level descriptions, with the descriptions of
    its catalogue's judgement levels in each language; any other snapshot as it is."""
    info = snapshot.catalogue
    older = any(
        i.method == "judgement" and isinstance(i.explanation, str) for i in snapshot.indicators
    )
    if not older or not info.translations or any(t.levels for t in info.translations.values()):
        return snapshot
    cat = _catalogue_at_hand(info)
    if cat is None:
        return snapshot
    own = translated_titles(cat)
    translations = {
        lang: t.model_copy(update={"levels": own[lang].levels}) if lang in own else t
        for lang, t in info.translations.items()
    }
    completed = info.model_copy(update={"translations": translations})
    return snapshot.model_copy(update={"catalogue": completed})


def complete_old_snapshot(snapshot: Snapshot) -> Snapshot:
    """An old snapshot (no `translations`) with what its catalogue file can still tell."""
    info = snapshot.catalogue
    cat = _catalogue_at_hand(info)
    if cat is None:
        return snapshot
    english = {
        "areas": {a.id: a.title for a in snapshot.areas},
        "indicators": {i.id: i.title for i in snapshot.indicators},
        "labels": {lb.id: lb.title for lb in snapshot.labels},
    }
    now = {
        "areas": {a.id: a.title for a in cat.areas},
        "indicators": {i.id: i.title for i in cat.indicators},
        "labels": {lb.id: lb.title for lb in cat.labels},
    }

    def still(kind: str, titles: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in titles.items() if english[kind].get(k) == now[kind][k]}

    translations = {
        lang: CatalogueTitles(
            catalogue=t.catalogue if cat.title == info.title else "",
            areas=still("areas", t.areas),
            indicators=still("indicators", t.indicators),
            labels=still("labels", t.labels),
            topics=t.topics,  # an old snapshot names no topic title to compare with
            units=t.units,
            levels=t.levels,
        )
        for lang, t in translated_titles(cat).items()
    }
    same_file = cat.sha256 == info.sha256
    completed = info.model_copy(
        update={
            "gold_threshold": gold_threshold(cat) if same_file else None,
            "translations": translations,
        }
    )
    return snapshot.model_copy(update={"catalogue": completed})
