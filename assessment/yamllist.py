"""A YAML file that is a list of items under one key, each item a pydantic model.

The assessor's judgements and the Silver applicant's improvement areas are both such
files; reading them the same way means every problem is reported with its line, all at
once, and the two files accept the same shapes (`key:` mapping or a bare list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from evidence.findings import Finding, Location
from evidence.messages import Text
from evidence.yamlsource import YamlDoc, read_yaml

M = TypeVar("M", bound=BaseModel)
Where = tuple[str | int, ...]
# a missing key of an item (its name, the item as written) in words; None: pydantic's
Missing = Callable[[str, dict[str, Any]], Text | None]


@dataclass
class YamlList(Generic[M]):
    """The items that validated (with their YAML path and the mapping as written) and the
    findings of the rest."""

    doc: YamlDoc
    items: list[tuple[Where, dict[str, Any], M]]
    findings: list[Finding]


def read_list(
    path: Path,
    key: str,
    model: type[M],
    *,
    shape: str,
    missing: Missing | None = None,
) -> YamlList[M]:
    """Items of `path` under `key` (or the whole file when it is a bare list).

    `shape` names the keys an item has, for the message when the file is no list; an
    item's single `evidence` id is read as a list of one (`evidence_as_list`).
    `missing` words a missing key of an item from what the item does give (the agreed
    level of a judgement whose assessors gave theirs), instead of "Field required".
    """
    doc = read_yaml(path)
    findings: list[Finding] = list(doc.findings)
    data = doc.data
    prefix: Where = ()
    items = data
    if isinstance(data, dict) and key in data:
        items, prefix = data[key], (key,)
    if data is not None and not isinstance(items, list):
        findings.append(doc.finding(prefix, f"expected a list of {key} ({shape})"))
        items = []
    out: list[tuple[Where, dict[str, Any], M]] = []
    for i, raw in enumerate(items or []):
        where = (*prefix, i)
        item = evidence_as_list(raw) if isinstance(raw, dict) else raw
        try:
            out.append((where, raw, model.model_validate(item)))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = (*where, *err["loc"])
                extra = err["type"] == "extra_forbidden"
                msg: Text = (
                    "unknown key " + repr(err["loc"][-1])
                    if extra
                    else f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
                )
                if missing and err["type"] == "missing" and len(err["loc"]) == 1:
                    msg = missing(str(err["loc"][0]), item) or msg
                findings.append(doc.finding(loc, msg, key=extra))
    return YamlList(doc, out, findings)


def evidence_as_list(item: dict[str, Any]) -> dict[str, Any]:
    """`evidence: ID` written for `evidence: [ID]` (one record is often all there is)."""
    if isinstance(item.get("evidence"), str):
        return {**item, "evidence": [item["evidence"]]}
    return item


def cited_marks(doc: YamlDoc, where: Where, item: dict[str, Any], key: str) -> dict[str, Location]:
    """Where an item (at its `key`) and each id it cites under `evidence` stand in the file."""
    marks = {"": doc.location((*where, key))}
    evidence = item.get("evidence")
    if isinstance(evidence, str):  # `evidence: doc-1` for a list of one
        marks.setdefault(evidence, doc.location((*where, "evidence")))
    elif isinstance(evidence, list):
        for k, rid in enumerate(evidence):
            marks.setdefault(str(rid), doc.location((*where, "evidence", k)))
    return marks
