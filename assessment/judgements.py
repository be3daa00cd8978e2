"""The assessor's judgements file: levels for indicators no record can measure.

```yaml
judgements:
  - indicator: G8
    level: 3                 # the points of the chosen level
    rationale: Strategy 2024-2028 approved by the general assembly, KPIs defined.
    evidence: [doc-1a2b3c4d5e6f]
    assessors:               # each assessor's own level (a Gold audit has two)
      - {name: Jana Nováková, level: 3}
      - {name: Peter Schmidt, level: 2}
```
`level` is the level the assessors agreed on, and it is what scores (never above the
highest of the assessors' own levels: `Judgement.counted_level`). A file may instead
name one `assessor: NAME` (the older form: that assessor's level is the agreed one).
Read with the same located-error YAML reader as catalogues, so a typo points at its line.
Whether a judgement's evidence lets it score is the engine's business (`judged.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from criteria.models import Catalogue
from evidence.findings import UserDataError
from evidence.messages import M, Mp, Msg, Text, joined, num
from evidence.models import person_key

from .snapshot import Judgement
from .yamllist import cited_marks, read_list


def load_judgements(path: Path, catalogue: Catalogue) -> list[Judgement]:
    """Every judgement of the file, or `UserDataError` listing each problem with its line."""
    read = read_list(
        path,
        "judgements",
        Judgement,
        shape="indicator, level, rationale, evidence",
        missing=lambda key, item: _no_level(item, catalogue) if key == "level" else None,
    )
    doc, findings = read.doc, read.findings
    out: list[Judgement] = []
    seen: set[str] = set()
    for where, raw, judgement in read.items:
        problems = _problems(judgement, raw, catalogue, seen)
        findings += [
            doc.finding((*where, *loc), msg, key=True, indicator_id=judgement.indicator)
            for loc, msg in problems
        ]
        seen.add(judgement.indicator)
        if problems:
            continue
        out.append(judgement.located(doc.file, cited_marks(doc, where, raw, "indicator")))
    if findings:
        raise UserDataError(findings, f"{path}: {len(findings)} problem(s) in the judgements")
    return out


Problem = tuple[tuple[str | int, ...], Text]  # where in the judgement, what is wrong


def _problems(
    j: Judgement, item: dict[str, Any], catalogue: Catalogue, seen: set[str]
) -> list[Problem]:
    ids = {i.id: i for i in catalogue.indicators}
    ind = ids.get(j.indicator)
    if ind is None:
        return [(("indicator",), f"unknown indicator {j.indicator!r}")]
    if ind.judgement is None:
        return [(("indicator",), f"indicator {j.indicator} is measured from evidence, not judged")]
    if j.indicator in seen:
        return [(("indicator",), f"indicator {j.indicator} is judged twice")]
    levels = [lv.points for lv in ind.judgement.levels]
    out: list[Problem] = []

    def level(where: tuple[str | int, ...], value: float, whose: str) -> None:
        if value not in levels:
            out.append(
                (
                    where,
                    f"{whose}level {value:g} is not a level of {j.indicator}; levels are "
                    f"{', '.join(f'{p:g}' for p in levels)}",
                )
            )

    level(("level",), j.level, "")
    if "assessors" in item and "assessor" in item:
        out.append(
            (
                ("assessors",),
                "give either `assessor: NAME` (one assessor) or `assessors:` (each with "
                "their level), not both",
            )
        )
    if "assessors" in item and not j.assessors:
        out.append((("assessors",), "list each assessor as {name: NAME, level: LEVEL}"))
    names: dict[str, str] = {}  # person_key -> the name as first written
    for k, a in enumerate(j.assessors):
        name = a.name.strip()
        key = person_key(name)
        if not name:
            out.append((("assessors", k, "name"), "an assessor needs a name"))
        elif key in names:
            out.append((("assessors", k, "name"), _named_twice(name, names[key])))
        names.setdefault(key, name)
        level(("assessors", k, "level"), a.level, f"{name or 'the assessor'}'s ")
    return out


def _named_twice(name: str, first: str) -> Msg:
    """One assessor listed twice, the second time maybe in other capitals or spacing
    ("A One", "a  one"): one person's two levels would pass as the two assessors a Gold
    audit needs, so names are compared as people's names are (`person_key`, as the
    four-eyes rule compares reviewers)."""
    return M(
        "assessor '{name}' is named twice (as '{first}' above; names are compared whatever their "
        "capitals and spaces): list each assessor once, with their own level",
        name=name,
        first=first,
    )


def _no_level(item: dict[str, Any], catalogue: Catalogue) -> Msg:
    """A judgement without the agreed `level`: the assessors' own levels are no score
    (`Judgement.counted_level` scores the agreed one), so the level they agreed on is
    asked for, with the levels they gave (or the indicator's levels to choose from)."""
    assessors = item.get("assessors")
    given = [
        a["level"]
        for a in (assessors if isinstance(assessors, list) else [])
        if isinstance(a, dict)
        and isinstance(a.get("level"), int | float)
        and not isinstance(a.get("level"), bool)
    ]
    if given:
        return Mp(
            "level: give the level agreed on (the assessor gave {levels})",
            "level: give the level the assessors agreed on (they gave {levels})",
            n=len(given),
            levels=joined([num(v) for v in given], "and"),
        )
    ind = next((i for i in catalogue.indicators if i.id == item.get("indicator")), None)
    if ind is None or ind.judgement is None:
        return M("level: give the level chosen")
    return M(
        "level: give the level chosen, one of {levels} (the levels of {indicator})",
        indicator=ind.id,
        levels=joined([num(lv.points) for lv in ind.judgement.levels], "list"),
    )
