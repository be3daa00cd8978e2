"""The rules of the catalogue language, each written once.

Why a module of its own: the catalogue checks (`criteria.checks`, what `clex criteria
validate` reports with a line number) and the evaluator (`assessment.conditions` and
`assessment.metrics`, what `clex assess` computes) must agree on what a catalogue may
say. When each kept its own copy they drifted apart (`contains` on a choice field was
refused by one and evaluated by the other), so both now read the tables here:

- `AGGREGATES`: every aggregate name, whether it takes a `field` and of which types;
- `OPERATORS`: every condition operator and the field types it applies to;
- `VARIABLES`: every `$variable` a condition value may name, its offsets and the field
  types it can be compared with;
- `ANY_OF`, `field_ref_problem`, `parse_plus`: a `where` entry that ORs mappings, and a
  value taken from another field of the same record (`{gte: {field: invited, times: 0.3}}`,
  `{lt: {field: start, plus: 1y}}`);
- `ATTRIBUTIONS` and `attribution_problem`: `pro_rata` and `time_weighted`, which
  aggregates and scopes take them; `since`, which only `age_years` takes;
- `value_problem`: which literal condition values a field of each type can be compared
  with (a choice one of its words, a date an ISO date, a number a number ...).

The meaning of each (docs/catalogue-format.md) is implemented in `assessment`; only the
vocabulary and what goes with what live here, with the one wording of each refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeGuard, get_args

from evidence.models import FieldInfo, FieldType

# -- aggregates -------------------------------------------------------------------------

Aggregate = Literal[
    "count",
    "count_distinct",
    "sum",
    "mean",
    "min",
    "max",
    "latest",
    "exists",
    "share",
    "ratio",
    "growth",
    "age_years",
]

NUMBER_TYPES: frozenset[FieldType] = frozenset({"int", "float"})
ALL_TYPES: frozenset[FieldType] = frozenset(get_args(FieldType))


@dataclass(frozen=True)
class AggregateRule:
    """Whether an aggregate takes a `field` ("needed", "optional" or "refused"), and the
    field types it accepts (all of them when `field_types` is `ALL_TYPES`)."""

    field: Literal["needed", "optional", "refused"]
    field_types: frozenset[FieldType] = ALL_TYPES
    wants: str = ""  # the accepted types in words, for messages

    @property
    def needs_field(self) -> bool:
        return self.field == "needed"

    @property
    def refuses_field(self) -> bool:
        return self.field == "refused"


_NUMBER = AggregateRule("needed", NUMBER_TYPES, "a number")
AGGREGATES: dict[str, AggregateRule] = {
    "count": AggregateRule("refused"),
    "count_distinct": AggregateRule("needed"),
    "sum": _NUMBER,
    "mean": _NUMBER,
    "min": _NUMBER,
    "max": _NUMBER,
    "latest": AggregateRule("needed", NUMBER_TYPES | {"bool"}, "a number or yes/no"),
    "exists": AggregateRule("refused"),
    "share": AggregateRule("optional", NUMBER_TYPES, "a number"),
    # A ratio's two metrics name their own fields; a `field` beside them is not looked at.
    "ratio": AggregateRule("optional"),
    "growth": AggregateRule("refused"),
    "age_years": AggregateRule("refused"),
}
assert set(AGGREGATES) == set(get_args(Aggregate)), "AGGREGATES and Aggregate differ"

AGGREGATES_WITH_FIELD = frozenset(a for a, r in AGGREGATES.items() if r.needs_field)
AGGREGATES_WITHOUT_FIELD = frozenset(a for a, r in AGGREGATES.items() if r.refuses_field)


def field_type_problem(aggregate: str, info: FieldInfo) -> str | None:
    """Why `aggregate` cannot use the field `info` (None: it can)."""
    rule = AGGREGATES.get(aggregate)
    if rule is None or info.type in rule.field_types:
        return None
    return f"`{aggregate}` needs {rule.wants} field, and {info.name} is {info.type}"


# -- operators --------------------------------------------------------------------------

COMPARISONS = ("gte", "lte", "gt", "lt")
_ORDERED: frozenset[FieldType] = ALL_TYPES - {"list", "bool"}

OPERATORS: dict[str, frozenset[FieldType]] = {
    **dict.fromkeys(COMPARISONS, _ORDERED),
    "ne": ALL_TYPES,  # a list field: does not hold the value
    # a list field: holds the item; a text field: has the substring. Not a choice field:
    # a choice is one word of a closed list, and a list of choices says "any of" them.
    "contains": frozenset({"list", "text"}),
    # the field has no value (NULL; a list field: empty): `missing: true`, or `false`
    "missing": ALL_TYPES,
}
# The operators that compare with another field of the record (`{field: ..., times: ...}`)
FIELD_REF_OPERATORS = ("gte", "lte", "gt", "lt", "ne")
# The `where` key whose value is a list of mappings, one of which must match
ANY_OF = "any_of"


def operator_problem(op: str, info: FieldInfo) -> str | None:
    """Why the operator `op` cannot apply to the field `info` (None: it can)."""
    accepted = OPERATORS.get(op)
    if accepted is None:
        return f"unknown operator {op!r}; use one of {', '.join(sorted(OPERATORS))}"
    if info.type in accepted:
        return None
    if op in COMPARISONS:
        return f"`{op}` cannot compare a {info.type} field"
    return f"`{op}` needs a {' or '.join(sorted(accepted))} field, and {info.name} is {info.type}"


# -- $variables -------------------------------------------------------------------------

_STRINGS: frozenset[FieldType] = frozenset({"text", "choice", "list"})


@dataclass(frozen=True)
class Variable:
    """A `$name` a condition value may be: what it stands for and where it fits."""

    name: str
    field_types: frozenset[FieldType]
    offsets: bool = False  # takes `+N`/`-N` with `y` or `m`, then `+N`/`-N` `d` (days)
    meaning: str = ""


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (
        Variable("country", _STRINGS, meaning="the cluster profile's country"),
        Variable("region", _STRINGS, meaning="the cluster profile's region"),
        Variable("period_start", frozenset({"date"}), True, "the period's first day"),
        Variable("period_end", frozenset({"date"}), True, "the period's last day"),
        Variable(
            "as_of", frozenset({"date"}), True, "the assessment's date (else the period's end)"
        ),
        Variable("founded", frozenset({"date"}), True, "1 January of the profile's founding year"),
    )
}
_VARIABLE = re.compile(r"^\$([a-z_]+)(?:([+-]\d+)([ym]))?(?:([+-]\d+)d)?$")


@dataclass(frozen=True)
class VariableUse:
    """A parsed `$variable`: which one, and its offset in days, then months (0: none).
    Why days: "two years of service by the period's end" starts on or before the day
    after the end, two years back (`$period_end-2y+1d`): 1 January 2024 for a period
    ending 31 December 2025, which `$period_end-2y` (31 December 2023) missed by a day."""

    variable: Variable
    months: int = 0
    days: int = 0


def unknown_variable(value: str) -> str:
    with_offsets = [f"${v}" for v, var in VARIABLES.items() if var.offsets]
    plain = [f"${v}" for v in VARIABLES if f"${v}" not in with_offsets]
    return (
        f"unknown variable {value!r}; use {', '.join(plain)}, {' or '.join(with_offsets)} "
        "(optionally with an offset like $period_end-2y, $period_start+6m or $period_end-2y+1d)"
    )


def is_variable(value: object) -> TypeGuard[str]:
    """Whether a condition value names a variable (any string starting with `$`)."""
    return isinstance(value, str) and value.startswith("$")


def parse_variable(value: str) -> VariableUse:
    """`$period_end-2y` -> (period_end, -24 months), `$period_end-2y+1d` -> (period_end,
    -24 months, +1 day: the day moved first, then the months); `ValueError` for an
    unknown one."""
    m = _VARIABLE.match(value)
    var = VARIABLES.get(m[1]) if m else None
    offset = m is not None and (m[2] is not None or m[4] is not None)
    if m is None or var is None or (offset and not var.offsets):
        raise ValueError(unknown_variable(value))
    amount = int(m[2] or 0)
    return VariableUse(var, amount * 12 if m[3] == "y" else amount, int(m[4] or 0))


def variable_problem(value: str, info: FieldInfo) -> str | None:
    """Why the variable `value` cannot be a condition on the field `info` (None: it can)."""
    try:
        use = parse_variable(value)
    except ValueError as exc:
        return str(exc)
    if info.type not in use.variable.field_types:
        return (
            f"{value} is {use.variable.meaning}, which cannot be compared to "
            f"the {info.type} field {info.name}"
        )
    return None


# -- values -----------------------------------------------------------------------------


def value_problem(info: FieldInfo, value: object) -> str | None:
    """Why the condition value `value` cannot be compared to the field `info` (None: it
    can). The evaluator then types it like the field (a date field: `date.fromisoformat`)."""
    if is_variable(value):
        return variable_problem(value, info)
    if info.type == "choice" and str(value) not in info.choices:
        return f"{value!r} is not one of {', '.join(info.choices)}"
    if info.type == "bool" and not isinstance(value, bool):
        return f"expected true or false, got {value!r}"
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if info.type in NUMBER_TYPES and not number:
        return f"expected a number, got {value!r}"
    if info.type == "date":
        if not isinstance(value, date):
            try:
                date.fromisoformat(str(value))
            except ValueError:
                return f"expected a date, got {value!r}"
        return None
    if isinstance(value, date):
        return f"a date cannot be compared to a {info.type} field"
    return None


def missing_problem(value: object) -> str | None:
    """Why `value` cannot follow `missing:` (None: it can; true or false only)."""
    if isinstance(value, bool):
        return None
    return f"`missing` takes true or false, got {value!r}"


_REF_FAMILIES: dict[FieldType, str] = {"int": "number", "float": "number", "date": "date"}


_PLUS = re.compile(r"^(?:([+-]?\d+)([ym])(?:([+-]\d+)d)?|([+-]?\d+)d)$")


def parse_plus(text: str) -> tuple[int, int]:
    """A field reference's `plus` as (months, days): `1y` -> (12, 0), `-6m+1d` -> (-6, 1),
    `3d` -> (0, 3); the days are applied first, as a variable's are; `ValueError` for
    anything else."""
    m = _PLUS.match(text)
    if m is None:
        raise ValueError(f"`plus` is years or months, then days, like 1y, 6m, 2y-1d; got {text!r}")
    amount = int(m[1] or 0)
    return amount * 12 if m[2] == "y" else amount, int(m[3] or m[4] or 0)


def field_ref_problem(
    op: str,
    info: FieldInfo,
    other: FieldInfo | None,
    name: object,
    times: object,
    plus: object = None,
) -> str | None:
    """Why `{op: {field: name, times: times, plus: plus}}` cannot be a condition on `info`
    (None: it can). `other`: the named field of the same kind, None when it has none.
    Numbers are compared with numbers and dates with dates; `times` (default 1) only on
    numbers, `plus` only on dates."""
    if op not in FIELD_REF_OPERATORS:
        return f"`{op}` cannot compare with another field; use {', '.join(FIELD_REF_OPERATORS)}"
    if other is None:
        return f"the record has no field {name!r} to compare with"
    mine, theirs = _REF_FAMILIES.get(info.type), _REF_FAMILIES.get(other.type)
    if mine is None or mine != theirs:
        return (
            f"{info.name} ({info.type}) cannot be compared with {other.name} ({other.type}): "
            "numbers compare with numbers, dates with dates"
        )
    if times is not None:
        if not isinstance(times, int | float) or isinstance(times, bool):
            return f"`times` is a number, got {times!r}"
        if mine != "number":
            return "`times` multiplies numbers only, not dates"
    if plus is not None:
        if mine != "date":
            return "`plus` moves dates only, not numbers: use `times`"
        try:
            parse_plus(str(plus))
        except ValueError as exc:
            return str(exc)
    return None


# -- attribution to the period, and `since` ----------------------------------------------

# Keys that attribute a record's amount to the period by its span (docs/catalogue-format.md)
ATTRIBUTIONS = ("pro_rata", "time_weighted")


def attribution_problem(
    key: str, aggregate: str, scope: object, field: object, other: bool
) -> str | None:
    """Why a metric cannot take `key: true` (None: it can): a `sum`, or a `share` with a
    `field`, in scope `in_period`, and not both keys at once (`other`)."""
    if other:
        return "a metric is either `pro_rata` or `time_weighted`, not both"
    if aggregate not in ("sum", "share") or (aggregate == "share" and not field):
        return f"`{key}` applies to a `sum`, or a `share` with a `field`, not to `{aggregate}`"
    if scope != "in_period":
        return f"`{key}` attributes amounts to the period: it needs `scope: in_period`"
    return None


SINCE_FIELD = FieldInfo(name="since", type="date")


def since_problem(aggregate: str, value: object) -> str | None:
    """Why a metric cannot take `since: value` (None: it can): `age_years` only, and a
    date or a date `$variable` (`$founded`)."""
    if aggregate != "age_years":
        return f"`since` applies to `age_years` only, not to `{aggregate}`"
    if problem := value_problem(SINCE_FIELD, value):
        return f"`since` takes a date or a date variable such as $founded: {problem}"
    return None
