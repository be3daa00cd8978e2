"""The assessor's judgements file: levels for indicators no record can measure.

```yaml
judgements:
  - indicator: G8
    level: 3                 # the points of the chosen level
    rationale: Strategy 2024-2028 approved by the general assembly, KPIs defined.
    evidence: [doc-1a2b3c4d5e6f]
    assessor: Jana Nováková
```
Read with the same located-error YAML reader as catalogues, so a typo points at its line.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from criteria.models import Catalogue
from evidence.findings import Finding, UserDataError
from evidence.yamlsource import read_yaml

from .snapshot import Judgement


def load_judgements(path: Path, catalogue: Catalogue) -> list[Judgement]:
    """Every judgement of the file, or `UserDataError` listing each problem with its line."""
    doc = read_yaml(path)
    findings: list[Finding] = list(doc.findings)
    data = doc.data
    prefix: tuple[str | int, ...] = ()
    items = data
    if isinstance(data, dict) and "judgements" in data:
        items, prefix = data["judgements"], ("judgements",)
    out: list[Judgement] = []
    if data is not None and not isinstance(items, list):
        findings.append(
            doc.finding(
                prefix, "expected a list of judgements (indicator, level, rationale, evidence)"
            )
        )
        items = []
    seen: set[str] = set()
    for i, item in enumerate(items or []):
        where = (*prefix, i)
        if isinstance(item, dict) and isinstance(item.get("evidence"), str):
            item = {**item, "evidence": [item["evidence"]]}
        try:
            judgement = Judgement.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = (*where, *err["loc"])
                msg = (
                    "unknown key " + repr(err["loc"][-1])
                    if err["type"] == "extra_forbidden"
                    else f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
                )
                findings.append(doc.finding(loc, msg, key=err["type"] == "extra_forbidden"))
            continue
        problem = _problem(judgement, catalogue, seen)
        if problem:
            findings.append(
                doc.finding(
                    (*where, "indicator") if "indicator" in problem else (*where, "level"),
                    problem,
                    indicator_id=judgement.indicator,
                )
            )
            continue
        seen.add(judgement.indicator)
        out.append(judgement)
    if findings:
        raise UserDataError(findings, f"{path}: {len(findings)} problem(s) in the judgements")
    return out


def _problem(j: Judgement, catalogue: Catalogue, seen: set[str]) -> str | None:
    ids = {i.id: i for i in catalogue.indicators}
    ind = ids.get(j.indicator)
    if ind is None:
        return f"unknown indicator {j.indicator!r}"
    if ind.judgement is None:
        return f"indicator {j.indicator} is measured from evidence, not judged"
    if j.indicator in seen:
        return f"indicator {j.indicator} is judged twice"
    levels = [lv.points for lv in ind.judgement.levels]
    if j.level not in levels:
        return (
            f"level {j.level:g} is not a level of {j.indicator}; levels are "
            f"{', '.join(f'{p:g}' for p in levels)}"
        )
    return None
