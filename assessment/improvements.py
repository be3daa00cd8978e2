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
from .yamllist import cited_marks, read_list


def load_improvements(path: Path, catalogue: Catalogue) -> list[Improvement]:
    """Every improvement area of the file, or `UserDataError` listing each problem."""
    read = read_list(path, "improvements", Improvement, shape="area, description, evidence")
    findings = read.findings
    scored = {i.id for i in catalogue.scored}
    topics = {t.id: t.indicators for t in catalogue.improvement_topics}
    # an indicator of a topic stands for its topic: V6 (a survey was run) and V7 (its
    # score) named apart were two areas resting on the same surveys, where an assessor
    # sees one, member satisfaction
    topic_of = {i: t for t, inds in topics.items() for i in inds}
    named: dict[str, str] = {}  # indicator id -> the area that named it
    out: list[Improvement] = []
    for where, raw, item in read.items:
        problem = None
        if item.area in topics:
            inds = topics[item.area]
        elif item.area in scored:
            inds = [item.area]
        else:
            inds = []
            problem = (
                f"{item.area} is a descriptive indicator, worth no points: name a scored one"
                if any(i.id == item.area for i in catalogue.indicators)
                else f"unknown improvement area {item.area!r}: name an indicator id or an "
                f"improvement topic ({', '.join(topics) or 'none'})"
            )
        overlap = [i for i in inds if i in named]
        shared = topic_of.get(item.area) if item.area not in topics else None
        sibling = next((named[i] for i in topics[shared] if i in named), None) if shared else None
        if problem is None and overlap:
            first = named[overlap[0]]
            problem = (
                f"{item.area} overlaps {first} (both cover {', '.join(overlap)}): each "
                "improvement area must be a different part of the cluster's work"
            )
        elif problem is None and sibling is not None:
            problem = (
                f"{item.area} and {sibling} are both part of the improvement topic {shared}: "
                f"one improvement area, not two (name {shared} once)"
            )
        if problem is not None:
            findings.append(read.doc.finding((*where, "area"), problem))
            continue
        named |= dict.fromkeys(inds, item.area)
        out.append(item.located(read.doc.file, cited_marks(read.doc, where, raw, "area")))
    if findings:
        raise UserDataError(findings, f"{path}: {len(findings)} problem(s) in the improvements")
    return out
