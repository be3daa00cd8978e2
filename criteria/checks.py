"""Whole-catalogue checks that a single field's validator cannot make.

They run on the raw YAML data (not on the validated model) so that they still report
their problems when pydantic has found others elsewhere: a user fixes everything in one
pass. Each check has the same signature and `CHECKS` is the plain list of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from evidence.findings import Finding
from evidence.models import COMMON_FIELDS, KINDS, FieldInfo, kind_fields
from evidence.yamlsource import YamlDoc

from .rules import OPERATORS, field_type_problem, operator_problem, value_problem

Check = Callable[[YamlDoc], Iterator[Finding]]


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if not isinstance(seq, list):
        return []
    return [(i, item) for i, item in enumerate(seq) if isinstance(item, dict)]


def _ids(data: Any, key: str) -> set[str]:
    return {str(item["id"]) for _, item in _items(data, key) if "id" in item}


def check_duplicate_ids(doc: YamlDoc) -> Iterator[Finding]:
    for key in ("areas", "indicators", "labels"):
        seen: dict[str, int] = {}
        for i, item in _items(doc.data, key):
            ident = item.get("id")
            if ident is None:
                continue
            if str(ident) in seen:
                first = doc.where((key, seen[str(ident)], "id"))
                yield doc.finding(
                    (key, i, "id"),
                    f"duplicate {key[:-1]} id {ident!r} "
                    f"(first defined at line {first.split(':')[0]})",
                )
            else:
                seen[str(ident)] = i


def check_indicator_areas(doc: YamlDoc) -> Iterator[Finding]:
    areas = _ids(doc.data, "areas")
    for i, ind in _items(doc.data, "indicators"):
        area = ind.get("area")
        if area is not None and str(area) not in areas:
            yield doc.finding(
                ("indicators", i, "area"),
                f"indicator {ind.get('id', '?')}: unknown area {area!r}; "
                f"areas are {', '.join(sorted(areas)) or 'none'}",
                indicator_id=str(ind.get("id", "")) or None,
            )


def check_metrics(doc: YamlDoc) -> Iterator[Finding]:
    for i, ind in _items(doc.data, "indicators"):
        metric = ind.get("metric")
        if isinstance(metric, dict):
            yield from _check_metric(doc, ("indicators", i, "metric"), metric, str(ind.get("id")))


def _check_metric(
    doc: YamlDoc, path: tuple[str | int, ...], metric: dict[str, Any], ind_id: str
) -> Iterator[Finding]:
    if metric.get("aggregate") == "ratio":
        for part in ("numerator", "denominator"):
            sub = metric.get(part)
            if isinstance(sub, dict):
                yield from _check_metric(doc, (*path, part), sub, ind_id)
        return
    kind = metric.get("kind")
    if kind is None:
        return
    if kind not in KINDS:
        yield doc.finding(
            (*path, "kind"),
            f"indicator {ind_id}: unknown evidence kind {kind!r}; kinds are {', '.join(KINDS)}",
            indicator_id=ind_id,
        )
        return
    fields = kind_fields(str(kind))
    fname = metric.get("field")
    if fname is not None and fname not in fields:
        yield doc.finding(
            (*path, "field"), _unknown_field(ind_id, kind, fname, fields), indicator_id=ind_id
        )
    elif fname is not None and (
        problem := field_type_problem(str(metric.get("aggregate")), fields[fname])
    ):
        yield doc.finding(
            (*path, "field"), f"indicator {ind_id}: {kind}.{fname}: {problem}", indicator_id=ind_id
        )
    for part in ("where", "numerator"):
        cond = metric.get(part)
        if isinstance(cond, dict):
            yield from _check_where(doc, (*path, part), cond, str(kind), fields, ind_id)


def _unknown_field(ind_id: str, kind: str, name: str, fields: dict[str, FieldInfo]) -> str:
    own = [f for f in fields if f not in COMMON_FIELDS]
    return (
        f"indicator {ind_id}: {kind} has no field {name!r}; its fields are "
        f"{', '.join(own)} and the common ones ({', '.join(COMMON_FIELDS[3:9])} ...)"
    )


def _check_where(
    doc: YamlDoc,
    path: tuple[str | int, ...],
    where: dict[str, Any],
    kind: str,
    fields: dict[str, FieldInfo],
    ind_id: str,
) -> Iterator[Finding]:
    for name, cond in where.items():
        info = fields.get(name)
        if info is None:
            yield doc.finding(
                (*path, name),
                _unknown_field(ind_id, kind, name, fields),
                key=True,
                indicator_id=ind_id,
            )
            continue
        values: list[Any]
        if isinstance(cond, dict):
            for op in cond:
                if problem := operator_problem(str(op), info):
                    subject = f"{kind}.{name}: " if op in OPERATORS else ""
                    yield doc.finding(
                        (*path, name, op),
                        f"indicator {ind_id}: {subject}{problem}",
                        key=True,
                        indicator_id=ind_id,
                    )
            values = list(cond.values())
        elif isinstance(cond, list):
            values = cond
        else:
            values = [cond]
        for value in values:
            problem = value_problem(info, value)
            if problem:
                yield doc.finding(
                    (*path, name),
                    f"indicator {ind_id}: {kind}.{name}: {problem}",
                    indicator_id=ind_id,
                )


def check_labels(doc: YamlDoc) -> Iterator[Finding]:
    labels = _ids(doc.data, "labels")
    areas = _ids(doc.data, "areas")
    for i, label in _items(doc.data, "labels"):
        requires = label.get("requires")
        for j, other in enumerate(requires if isinstance(requires, list) else []):
            if str(other) not in labels:
                yield doc.finding(
                    ("labels", i, "requires", j),
                    f"label {label.get('id')}: requires unknown label {other!r}",
                )
            elif str(other) == str(label.get("id")):
                yield doc.finding(
                    ("labels", i, "requires", j), f"label {label.get('id')}: requires itself"
                )
        at_least = label.get("area_at_least")
        for area in at_least if isinstance(at_least, dict) else {}:
            if str(area) not in areas:
                yield doc.finding(
                    ("labels", i, "area_at_least", area),
                    f"label {label.get('id')}: unknown area {area!r}",
                    key=True,
                )
    yield from _label_cycles(doc)


def _label_cycles(doc: YamlDoc) -> Iterator[Finding]:
    graph = {
        str(lb.get("id")): [str(r) for r in lb.get("requires") or [] if isinstance(r, str)]
        for _, lb in _items(doc.data, "labels")
    }
    index = {str(lb.get("id")): i for i, lb in _items(doc.data, "labels")}
    reported: set[str] = set()
    for start in graph:
        stack = [start]
        seen: set[str] = set()
        while stack:
            node = stack.pop()
            for nxt in graph.get(node, []):
                if nxt == start and start not in reported and nxt != node:
                    reported.add(start)
                    yield doc.finding(
                        ("labels", index[start], "requires"),
                        f"label {start}: its `requires` form a cycle",
                    )
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)


CHECKS: list[Check] = [check_duplicate_ids, check_indicator_areas, check_metrics, check_labels]
