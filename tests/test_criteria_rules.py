"""One source per rule: the catalogue checks and the evaluator read `criteria.rules`.

For every operator, `$variable` and aggregate against a field of every type, a catalogue
that `clex criteria validate` accepts must evaluate, and one it refuses must not: the
two sides may never disagree again (they did on `contains` over a choice field).
"""

from __future__ import annotations

import json
import re
import textwrap
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest

from assessment import aggregates
from assessment.conditions import MetricError, field, where
from assessment.period import Period
from criteria.loader import load_catalogue, require_catalogue
from criteria.models import Metric
from criteria.rules import AGGREGATES, OPERATORS, VARIABLES, Aggregate, parse_variable
from evidence.models import KINDS, FieldType, kind_fields

PROFILE_KW = {"slug": "x", "name": "X", "country": "CZ", "region": "South Moravia"}
PERIOD = Period.year(2024)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "catalogue-format.md"


# Fields whose literals the catalogue checks hold to what an import stores (a tag of the
# vocabulary, a region or country code; `criteria.checks.literal_problem`, tested in
# test_criteria_cli): stricter than their type, so not the ones that stand for it here.
VOCABULARY_FIELDS = {"tags", "region", "country", "partner_countries"}


def _field_of_each_type() -> dict[str, tuple[str, str]]:
    """FieldType -> (kind, field), the first found."""
    out: dict[str, tuple[str, str]] = {}
    for kind in KINDS:
        for name, info in kind_fields(kind).items():
            if name not in VOCABULARY_FIELDS:
                out.setdefault(info.type, (kind, name))
    return out


FIELDS = _field_of_each_type()


def _value_for(kind: str, name: str) -> Any:
    info = kind_fields(kind)[name]
    return {
        "text": "x",
        "list": "x",
        "choice": info.choices[0] if info.choices else "x",
        "bool": True,
        "int": 1,
        "float": 1.5,
        "date": "2024-01-01",
    }[info.type]


def _catalogue(metric: dict[str, Any]) -> str:
    return textwrap.dedent(f"""\
        id: tiny
        version: "1"
        title: Tiny
        areas:
          - {{id: structure, title: Structure}}
        indicators:
          - id: S1
            area: structure
            title: One
            question: How many?
            evidence: Records
            metric: {json.dumps(metric)}
            points:
              - {{at_least: 1, points: 1}}
            basis: modelled
            verified: false
        """)


def _checks_accept(metric: dict[str, Any]) -> bool:
    cat, findings = load_catalogue("cat.yaml", text=_catalogue(metric))
    return cat is not None and not findings


def _evaluator_accepts(metric: dict[str, Any]) -> bool:
    from evidence.models import ClusterProfile

    m = Metric.model_validate(metric)
    try:
        where(m.where, m, ClusterProfile(**PROFILE_KW), PERIOD)
        if m.field:
            field(m)
    except MetricError:
        return False
    return True


def test_every_field_type_has_a_field() -> None:
    assert set(FIELDS) == set(get_args(FieldType))


@pytest.mark.parametrize("ftype", sorted(get_args(FieldType)))
@pytest.mark.parametrize("op", sorted(OPERATORS))
def test_operator_checks_and_evaluator_agree(op: str, ftype: str) -> None:
    kind, name = FIELDS[ftype]
    metric = {
        "aggregate": "count",
        "kind": kind,
        "scope": "all",
        "where": {name: {op: True if op == "missing" else _value_for(kind, name)}},
    }
    accepted = ftype in OPERATORS[op]
    assert _checks_accept(metric) is accepted
    assert _evaluator_accepts(metric) is accepted


@pytest.mark.parametrize("ftype", sorted(get_args(FieldType)))
@pytest.mark.parametrize(
    "variable", [f"${v}" for v in VARIABLES] + ["$period_end-2y", "$period_start+6m"]
)
def test_variable_checks_and_evaluator_agree(variable: str, ftype: str) -> None:
    kind, name = FIELDS[ftype]
    metric = {"aggregate": "count", "kind": kind, "scope": "all", "where": {name: variable}}
    accepted = ftype in parse_variable(variable).variable.field_types
    assert _checks_accept(metric) is accepted
    assert _evaluator_accepts(metric) is accepted


@pytest.mark.parametrize("variable", ["$county", "$country+1y", "$period_end-2w", "$Period_end"])
def test_unknown_variables_are_refused_by_both(variable: str) -> None:
    kind, name = FIELDS["date" if "period" in variable.lower() else "text"]
    metric = {"aggregate": "count", "kind": kind, "scope": "all", "where": {name: variable}}
    assert not _checks_accept(metric)
    assert not _evaluator_accepts(metric)


VALUES: list[Any] = ["x", "2024-01-01", "2024-13-01", 1, 1.5, True, "sme"]


@pytest.mark.parametrize("ftype", sorted(get_args(FieldType)))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_checks_and_evaluator_agree(value: Any, ftype: str) -> None:
    kind, name = FIELDS[ftype]
    for cond in (value, [value], {"ne": value}):
        metric = {"aggregate": "count", "kind": kind, "scope": "all", "where": {name: cond}}
        assert _checks_accept(metric) is _evaluator_accepts(metric), cond


def test_a_bad_date_is_refused_by_validation_too() -> None:
    kind, name = FIELDS["date"]
    metric = {"aggregate": "count", "kind": kind, "where": {name: {"gte": "2024-13-01"}}}
    assert not _checks_accept(metric)
    assert not _evaluator_accepts(metric)


@pytest.mark.parametrize("ftype", sorted(get_args(FieldType)))
@pytest.mark.parametrize(
    "aggregate", sorted(a for a, r in AGGREGATES.items() if r.field != "refused" and a != "ratio")
)
def test_aggregate_field_types_checks_and_evaluator_agree(aggregate: str, ftype: str) -> None:
    kind, name = FIELDS[ftype]
    metric: dict[str, Any] = {"aggregate": aggregate, "kind": kind, "field": name}
    if aggregate == "share":
        metric["numerator"] = {"id": {"ne": "x"}}
    accepted = ftype in AGGREGATES[aggregate].field_types
    assert _checks_accept(metric) is accepted
    assert _evaluator_accepts(metric) is accepted


def test_aggregate_names_are_one_list() -> None:
    assert set(get_args(Aggregate)) == set(AGGREGATES)
    assert set(Metric.model_fields["aggregate"].annotation.__args__) == set(AGGREGATES)  # type: ignore[union-attr]
    # the evaluator's table: every plain aggregate; a ratio is made of two of them
    assert set(aggregates.AGGREGATE_SQL) | {"ratio"} == set(AGGREGATES)


def test_docs_name_every_operator_variable_and_aggregate() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for op in OPERATORS:
        assert f"`{{{op}: v}}`" in text, op
    for name in VARIABLES:
        assert f"`${name}" in text, name
    table = re.search(r"^\| `aggregate` \|(.*)$", text, re.M)
    assert table is not None
    assert set(re.findall(r"`([a-z_]+)`", table[1])) >= set(AGGREGATES)


def test_a_loaded_catalogue_carries_its_sha256_and_reference(tmp_path: Path) -> None:
    import hashlib

    builtin = require_catalogue("ecei-gold")
    assert builtin.ref == "ecei-gold"
    path = Path(str(__import__("criteria.loader").loader.resolve("ecei-gold")))
    assert builtin.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert require_catalogue(None) is builtin  # parsed once per process

    own = tmp_path / "own.yaml"
    own.write_bytes(path.read_bytes() + b"\n# changed\n")
    cat = require_catalogue(str(own))
    assert cat.ref == str(own)
    assert cat.sha256 == hashlib.sha256(own.read_bytes()).hexdigest() != builtin.sha256


def test_a_catalogue_built_in_code_has_no_origin() -> None:
    from criteria.models import Catalogue

    data = require_catalogue().model_dump()
    with pytest.raises(ValueError, match="not loaded from a file"):
        _ = Catalogue.model_validate(data).sha256


def test_variables_resolve_as_documented() -> None:
    from assessment.period import resolve_value
    from evidence.models import ClusterProfile

    profile = ClusterProfile(**PROFILE_KW, founded=2011)
    got = {v: resolve_value(f"${v}", profile=profile, period=PERIOD) for v in VARIABLES}
    assert got == {
        "country": "CZ",
        "region": "South Moravia",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "as_of": date(2024, 12, 31),  # no assessment date: the period's end
        "founded": date(2011, 1, 1),
    }
    as_of = date(2025, 3, 1)
    assert resolve_value("$as_of-12m", profile=profile, period=PERIOD, as_of=as_of) == date(
        2024, 3, 1
    )
    bare = ClusterProfile(**PROFILE_KW)
    assert resolve_value("$founded", profile=bare, period=PERIOD) is None
    assert resolve_value("$founded+1y", profile=bare, period=PERIOD) is None


def test_an_offset_may_end_in_days_after_its_months() -> None:
    """`$period_end-2y+1d`: two years back from the day after the period (G5's two years
    of service), resolved and worded; days alone or before the months are not a form."""
    from assessment.period import resolve_value
    from assessment.wording import _variable
    from evidence.models import ClusterProfile
    from reports.i18n import Lang

    use = parse_variable("$period_end-2y+1d")
    assert (use.variable.name, use.months, use.days) == ("period_end", -24, 1)
    assert parse_variable("$as_of-3d").days == -3
    profile = ClusterProfile(slug="c", name="C", country="CZ")
    day = resolve_value("$period_end-2y+1d", profile=profile, period=Period.parse("2025"))
    assert day == date(2024, 1, 1)
    worded = _variable("$period_end-2y+1d", None, None)
    assert Lang("en").msg(worded) == "2 years before 1 day after the period's last day"
    assert Lang("cs").msg(worded) == "poslední den období plus 1 den minus 2 roky"
    # the day first, then the months: two years of service by 28 February 2026 start on
    # 1 March 2024 (months first gave 29 February: 28 February 2024, then a day)
    leap = Period(date(2025, 3, 1), date(2026, 2, 28))
    assert resolve_value("$period_end-2y+1d", profile=profile, period=leap) == date(2024, 3, 1)
    for wrong in ("$period_end+1d-2y", "$country+1d", "$period_end-1w"):
        with pytest.raises(ValueError):
            parse_variable(wrong)


def test_plus_moves_dates_only_and_says_its_form() -> None:
    from criteria.rules import field_ref_problem, parse_plus

    fields = kind_fields("survey")
    assert parse_plus("1y") == (12, 0) and parse_plus("-6m+1d") == (-6, 1)
    assert parse_plus("2y-1d") == (24, -1) and parse_plus("3d") == (0, 3)
    start, end, invited = fields["start"], fields["end"], fields["invited"]
    assert field_ref_problem("lt", end, start, "start", None, "1y") is None
    said = field_ref_problem("gte", fields["respondents"], invited, "invited", None, "1y")
    assert said == "`plus` moves dates only, not numbers: use `times`"
    for wrong in ("1w", "", "y", "1y1m", "1y1d"):  # days after months need their sign
        said = field_ref_problem("lt", end, start, "start", None, wrong)
        assert said is not None and "like 1y, 6m, 2y-1d" in said, wrong
