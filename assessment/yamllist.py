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

from evidence.findings import Finding
from evidence.yamlsource import YamlDoc, read_yaml

M = TypeVar("M", bound=BaseModel)
Where = tuple[str | int, ...]


@dataclass
class YamlList(Generic[M]):
    """The items that validated (with their YAML path) and the findings of the rest."""

    doc: YamlDoc
    items: list[tuple[Where, M]]
    findings: list[Finding]


def read_list(
    path: Path,
    key: str,
    model: type[M],
    *,
    shape: str,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] = lambda item: item,
) -> YamlList[M]:
    """Items of `path` under `key` (or the whole file when it is a bare list).

    `shape` names the keys an item has, for the message when the file is no list;
    `prepare` normalises an item before validation (a single id where a list is meant).
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
    out: list[tuple[Where, M]] = []
    for i, item in enumerate(items or []):
        where = (*prefix, i)
        if isinstance(item, dict):
            item = prepare(item)
        try:
            out.append((where, model.model_validate(item)))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = (*where, *err["loc"])
                extra = err["type"] == "extra_forbidden"
                msg = (
                    "unknown key " + repr(err["loc"][-1])
                    if extra
                    else f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
                )
                findings.append(doc.finding(loc, msg, key=extra))
    return YamlList(doc, out, findings)
