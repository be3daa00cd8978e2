"""The Silver applicant's improvement areas (`clex assess --improvements FILE`).

ECEI Silver asks the cluster to name three areas in which it improved since its first
benchmarking, each with a documented description of how the improvement changed the
cluster, checked against the relevant Gold criteria. Here an area is an indicator or an
improvement topic of the catalogue (a group of indicators), and "checked against Gold"
means it reaches its Gold step now:

```yaml
improvements:
  - area: strategy            # an improvement topic, or an indicator id such as G8
    description: New strategy 2025-2028 built on a member survey, with a KPI plan.
    evidence: [doc-1a2b3c4d5e6f, doc-2b3c4d5e6f7a]
```
"""

from __future__ import annotations

from pathlib import Path

from criteria.models import Catalogue
from evidence.findings import UserDataError

from .snapshot import Improvement
from .yamllist import read_list


def load_improvements(path: Path, catalogue: Catalogue) -> list[Improvement]:
    """Every improvement area of the file, or `UserDataError` listing each problem."""
    read = read_list(path, "improvements", Improvement, shape="area, description, evidence")
    findings = read.findings
    known = {i.id for i in catalogue.indicators} | {t.id for t in catalogue.improvement_topics}
    seen: set[str] = set()
    out: list[Improvement] = []
    for where, _, item in read.items:
        if item.area not in known:
            topics = ", ".join(t.id for t in catalogue.improvement_topics) or "none"
            findings.append(
                read.doc.finding(
                    (*where, "area"),
                    f"unknown improvement area {item.area!r}: name an indicator id or an "
                    f"improvement topic ({topics})",
                )
            )
        elif item.area in seen:
            findings.append(
                read.doc.finding((*where, "area"), f"{item.area} is named twice; name it once")
            )
        else:
            seen.add(item.area)
            out.append(item)
    if findings:
        raise UserDataError(findings, f"{path}: {len(findings)} problem(s) in the improvements")
    return out
