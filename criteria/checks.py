"""Whole-catalogue checks that a single field's validator cannot make.

They run on the raw YAML data (not on the validated model) so that they still report
their problems when pydantic has found others elsewhere: a user fixes everything in one
pass. Each check has the same signature and `CHECKS` is the plain list of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from evidence.countries import COUNTRY_FIELDS, is_country
from evidence.findings import Finding
from evidence.models import COMMON_FIELDS, KINDS, FieldInfo, kind_fields
from evidence.regions import subdivision
from evidence.vocabulary import TAGS, normalise_tag, tag_problem
from evidence.yamlsource import YamlDoc

from .rules import (
    ANY_OF,
    OPERATORS,
    field_ref_problem,
    field_type_problem,
    is_variable,
    missing_problem,
    operator_problem,
    value_problem,
)

Check = Callable[[YamlDoc], Iterator[Finding]]


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if not isinstance(seq, list):
        return []
    return [(i, item) for i, item in enumerate(seq) if isinstance(item, dict)]


def _ids(data: Any, key: str) -> set[str]:
    return {str(item["id"]) for _, item in _items(data, key) if "id" in item}


# More indicators than an assessment runs in reasonable time: measured on 2 cores, 300
# indicators assess in ~15 s, 1,000 in ~55 s of CPU (SQL, the Gold path, the gaps), 4,734
# not within 15 minutes. The ECEI-modelled catalogue has 36; a real one never needs more.
MAX_INDICATORS = 500


def check_size(doc: YamlDoc) -> Iterator[Finding]:
    """`criteria validate` refuses what `assess` cannot run: a catalogue with more
    indicators than an assessment can evaluate in minutes."""
    items = _items(doc.data, "indicators")
    if len(items) > MAX_INDICATORS:
        yield doc.finding(
            ("indicators",),
            f"the catalogue has {len(items):,} indicators, more than the {MAX_INDICATORS:,} "
            "an assessment can evaluate in reasonable time; split it into catalogues by area",
        )


def check_duplicate_ids(doc: YamlDoc) -> Iterator[Finding]:
    for key in ("areas", "indicators", "labels", "improvement_topics"):
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
    groups = metric.get("groups")
    info = fields.get(str(fname)) if fname is not None else None
    for group, values in groups.items() if isinstance(groups, dict) and info else ():
        for j, value in enumerate(values if isinstance(values, list) else []):
            if problem := value_problem(info, value):  # type: ignore[arg-type]
                yield doc.finding(
                    (*path, "groups", group, j),
                    f"indicator {ind_id}: {kind}.{fname}: {problem}",
                    indicator_id=ind_id,
                )


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
    """Every entry of a `where` mapping (or a share's `numerator`), and every mapping of
    its `any_of`s, at any depth."""
    for name, cond in where.items():
        if name == ANY_OF:
            if not isinstance(cond, list) or not cond or not all(isinstance(c, dict) for c in cond):
                yield doc.finding(
                    (*path, name),
                    f"indicator {ind_id}: `any_of` takes a list of mappings of conditions, "
                    "e.g. `any_of: [{committed: true}, {fee_paying: true}]`",
                    indicator_id=ind_id,
                )
                continue
            for j, alt in enumerate(cond):
                yield from _check_where(doc, (*path, name, j), alt, kind, fields, ind_id)
            continue
        info = fields.get(name)
        if info is None:
            yield doc.finding(
                (*path, name),
                _unknown_field(ind_id, kind, name, fields),
                key=True,
                indicator_id=ind_id,
            )
            continue
        if isinstance(cond, dict):
            for op, value in cond.items():
                yield from _check_operator(
                    doc, (*path, name), kind, fields, info, op, value, ind_id
                )
            continue
        values = cond if isinstance(cond, list) else [cond]
        for value in values:
            if isinstance(value, dict):
                problem: str | None = "a list of mappings belongs under `any_of`"
            else:
                problem = value_problem(info, value) or literal_problem(info, value)
            if problem:
                yield doc.finding(
                    (*path, name),
                    f"indicator {ind_id}: {kind}.{name}: {problem}",
                    indicator_id=ind_id,
                )


def _check_operator(
    doc: YamlDoc,
    path: tuple[str | int, ...],
    kind: str,
    fields: dict[str, FieldInfo],
    info: FieldInfo,
    op: Any,
    value: Any,
    ind_id: str,
) -> Iterator[Finding]:
    """One `op: value` of a field's condition: the operator, then its value (`missing`'s
    true or false, another field of the record, or a value)."""
    subject = f"indicator {ind_id}: {kind}.{info.name}: "
    if problem := operator_problem(str(op), info):
        prefix = subject if op in OPERATORS else f"indicator {ind_id}: "
        yield doc.finding((*path, op), prefix + problem, key=True, indicator_id=ind_id)
        return
    if op == "missing":
        problem = missing_problem(value)
    elif isinstance(value, dict):
        other = value.get("field")
        known = fields.get(other) if isinstance(other, str) else None
        problem = field_ref_problem(
            str(op), info, known, other, value.get("times"), value.get("plus")
        )
    else:
        problem = value_problem(info, value) or literal_problem(info, value)
    if problem:
        yield doc.finding((*path, op), subject + problem, indicator_id=ind_id)


def literal_problem(info: FieldInfo, value: Any) -> str | None:
    """Why a literal can never equal what an import stores in this field: tags are the
    vocabulary's lower-case words, regions ISO 3166-2 codes, countries ISO alpha-2
    codes (the importer converts "Liberec" to CZ-51, so a catalogue's "Liberec" would
    match nothing and score 0 without a word). None: it can, or it is a `$variable`."""
    if not isinstance(value, str) or is_variable(value):
        return None
    if info.name == "tags" and value not in TAGS:  # stored lower case: "Green" never matches
        problem = tag_problem(value)
        return (
            str(problem)
            if problem
            else f"{value!r} is stored as {normalise_tag(value)}: write that"
        )
    if info.name == "region" and (value != value.upper() or subdivision(value) is None):
        return f"{value!r} is not an ISO 3166-2 region code as stored (e.g. CZ-51)"
    if info.name in COUNTRY_FIELDS and not is_country(value):
        return f"{value!r} is not an ISO 3166-1 alpha-2 country code as stored (e.g. CZ, GB)"
    return None


def check_labels(doc: YamlDoc) -> Iterator[Finding]:
    labels = _ids(doc.data, "labels")
    indicators = _ids(doc.data, "indicators")
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
        needed = label.get("indicators")
        for ind_id in needed if isinstance(needed, dict) else {}:
            if str(ind_id) not in indicators:
                yield doc.finding(
                    ("labels", i, "indicators", ind_id),
                    f"label {label.get('id')}: unknown indicator {ind_id!r}",
                    key=True,
                )
        if label.get("gold_steps") is True:
            yield from _gold_steps(doc, label)
    yield from _label_cycles(doc)


def _gold_steps(doc: YamlDoc, label: dict[str, Any]) -> Iterator[Finding]:
    """A `gold_steps` label needs every scored indicator to mark its Gold step."""
    for i, ind in _items(doc.data, "indicators"):
        ind_id = str(ind.get("id"))
        if ind.get("scored") is False:
            continue
        judgement = ind.get("judgement")
        steps = judgement.get("levels") if isinstance(judgement, dict) else ind.get("points")
        if not isinstance(steps, list) or any(
            isinstance(s, dict) and s.get("gold") is True for s in steps
        ):
            continue
        where = "judgement" if isinstance(judgement, dict) else "points"
        yield doc.finding(
            ("indicators", i, where),
            f"indicator {ind_id}: label {label.get('id')} asks every indicator to reach its "
            f"Gold step; mark one {'level' if where == 'judgement' else 'step'} "
            "`gold: true`",
            indicator_id=ind_id,
        )


def check_efforts(doc: YamlDoc) -> Iterator[Finding]:
    """An effort must be one a step of its indicator can take: no assessor judges a
    metric, and no work makes an organisation older or a past period grow
    (`activity_year`, which is what the Gold path makes of them anyway)."""
    for i, ind in _items(doc.data, "indicators"):
        ind_id = str(ind.get("id"))
        metric = ind.get("metric")
        aggregate = metric.get("aggregate") if isinstance(metric, dict) else None
        steps = ind.get("points")
        places: list[tuple[tuple[Any, ...], Any]] = [
            (("indicators", i, "effort"), ind.get("effort"))
        ]
        places += [
            (("indicators", i, "points", j, "effort"), step.get("effort"))
            for j, step in enumerate(steps if isinstance(steps, list) else [])
            if isinstance(step, dict)
        ]
        for path, effort in places:
            if effort is None or not isinstance(metric, dict):
                continue
            if effort == "judgement":
                yield doc.finding(
                    path,
                    f"indicator {ind_id}: effort `judgement` is for an indicator an assessor "
                    "judges; a metric's step takes `records`, `document`, `survey` or "
                    "`activity_year`",
                    indicator_id=ind_id,
                )
            elif aggregate in ("age_years", "growth") and effort != "activity_year":
                what = "an age" if aggregate == "age_years" else "growth over a period"
                yield doc.finding(
                    path,
                    f"indicator {ind_id}: no work makes {what} greater; its effort is "
                    f"`activity_year`, not `{effort}`",
                    indicator_id=ind_id,
                )


def check_improvement_topics(doc: YamlDoc) -> Iterator[Finding]:
    indicators = _ids(doc.data, "indicators")
    for i, topic in _items(doc.data, "improvement_topics"):
        if str(topic.get("id")) in indicators:
            yield doc.finding(
                ("improvement_topics", i, "id"),
                f"improvement topic {topic.get('id')}: an indicator has this id; "
                "give the topic its own",
            )
        listed = topic.get("indicators")
        for j, ind_id in enumerate(listed if isinstance(listed, list) else []):
            if str(ind_id) not in indicators:
                yield doc.finding(
                    ("improvement_topics", i, "indicators", j),
                    f"improvement topic {topic.get('id')}: unknown indicator {ind_id!r}",
                )


# Keys of the format before label rules became data (issue: label verdicts), and what to
# write instead; the loader reports these instead of a bare "unknown key".
OLD_KEYS: dict[tuple[str, str], str] = {
    ("indicators", "minimum"): (
        "`minimum` moved to the labels: list it under the label that needs it, "
        "e.g. `indicators: {{{id}: {{{op}: {value}}}}}` in the `bronze` label"
    ),
    ("areas", "weight"): (
        "areas carry no weight any more: the total is all weighted points over all maxima "
        "(as ECEI counts); weigh the indicators (`weight`) and delete this key"
    ),
    ("labels", "all_minimums_met"): (
        "write the thresholds the label needs under `indicators:`, "
        "e.g. `indicators: {{S1: {{at_least: 15}}}}`, or `requires: [bronze]` to take another "
        "label's; for Gold add `gold_steps: true` (every indicator at its step marked "
        "`gold: true`)"
    ),
    ("labels", "overall_at_least"): (
        "write `total_at_least: {value}`: per cent of all weighted points (no longer the "
        "mean of the area per cents)"
    ),
    ("labels", "area_at_least"): (
        "area per cents are a view, not a rule: write indicator thresholds under "
        "`indicators:`, `gold_steps: true` or `total_at_least`"
    ),
    ("labels", "improved_areas"): (
        "write `improvements: {{count: N, previous_months_min: 18, previous_months_max: "
        "24}}`: the cluster names N improvement areas (indicators or `improvement_topics`), "
        "each reaching its Gold step"
    ),
    ("labels", "validity_months"): (
        "write `validity: {{months: {value}}}` (and, if they differ from 24 and 12, "
        "`renewal_months`, `renewal_window_months`)"
    ),
}


def check_old_format(doc: YamlDoc) -> Iterator[Finding]:
    """Keys of the earlier format, each with what to write instead."""
    for (section, key), advice in OLD_KEYS.items():
        for i, item in _items(doc.data, section):
            if key not in item:
                continue
            value = item[key]
            op = "at_least"
            if section == "indicators":
                steps = item.get("points")
                first = steps[0] if isinstance(steps, list) and steps else None
                op = "at_most" if isinstance(first, dict) and "at_most" in first else op
            text = advice.format(id=item.get("id", "ID"), op=op, value=value)
            yield doc.finding(
                (section, i, key), f"{section[:-1]} {item.get('id')}: {text}", key=True
            )


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


CHECKS: list[Check] = [
    check_size,
    check_duplicate_ids,
    check_indicator_areas,
    check_metrics,
    check_labels,
    check_efforts,
    check_improvement_topics,
    check_old_format,
]
