"""Conditions, records and scopes in words: the pieces every engine sentence is built of.

Why a module of its own: an explanation, a gap's next step and a near miss all name the
same things (member records that are committed, active on a day, a share of them that
are SMEs), and a reader must see them said the same way, in her language, with no field
name, operator or `$variable` in sight. So each piece is a message (`evidence.messages`):
a field is a term ("fee-paying"), a choice value a term ("large company"), a `$variable`
what it stands for here ("the cluster's region (CZ-64 (Jihomoravský kraj))", a date), an
operator a phrase of the msgid ("at least"). Reports render them in their language; the
command line prints the English (`str(msg)`).

A condition shape this module does not know (a future operator) is still said in words,
"{field} {operator} {value}", never an error.

A metric's conditions in words are kept (`conditions`): every cluster of an assessment
run asks for the same few dozen, and building them anew was a tenth of assessing a
cluster of 1,000 records (issue 19). Messages are frozen, so a kept one is shared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from criteria.models import FieldRef, LastYears, Metric, Scope
from evidence.messages import Arg, M, Mp, Msg, joined, num, term
from evidence.models import KINDS, ClusterProfile, FieldInfo, kind_fields
from evidence.terms import N_

from .conditions import by_start
from .period import Period, resolve_value

_OPERATORS: dict[str, str] = {
    "gte": N_("{field} at least {value}"),
    "lte": N_("{field} at most {value}"),
    "gt": N_("{field} more than {value}"),
    "lt": N_("{field} less than {value}"),
    "ne": N_("{field} is not {value}"),
}
_DATE_OPERATORS: dict[str, str] = {
    "gte": N_("{field} on or after {value}"),
    "lte": N_("{field} on or before {value}"),
    "gt": N_("{field} after {value}"),
    "lt": N_("{field} before {value}"),
}
KNOWN_OPERATORS = frozenset({*_OPERATORS, "contains", "missing"})


def field_term(name: str) -> Arg:
    return term(f"field:{name}")


def _fields(kind: str | None) -> Mapping[str, FieldInfo]:
    return kind_fields(kind) if kind in KINDS else {}


# List fields whose values are codes of a fixed vocabulary, said by their word: a tag
# ("digital transition"), a language by its name in the reader's language ("angličtina").
_NAMED_VALUES = {"tags": "tag", "languages": "language"}


def describe(
    name: str,
    cond: Any,
    fields: Mapping[str, FieldInfo],
    profile: ClusterProfile | None = None,
    period: Period | None = None,
) -> Msg:
    """One entry of a `where` mapping in words: "committed is yes", "participants at
    least 10", "committed is yes or fee-paying is yes". With a profile and a period a
    `$variable` is said with what it stands for; without them, by what it means. The one
    wording of conditions: explanations, gaps and near misses use it."""
    info = fields.get(name)
    listed = info is not None and info.type == "list"

    def value(v: Any) -> Arg | Msg:
        if name in _NAMED_VALUES:  # a tag or a language: its word
            if isinstance(v, str):
                return term(f"{_NAMED_VALUES[name]}:{v}")
            if isinstance(v, list) and all(isinstance(x, str) for x in v):
                return joined([M("{x}", x=value(x)) for x in v], "or")
        return _value(v, info, profile, period)

    if _alternatives(cond):
        alternatives = [_all_of(c, fields, profile, period, bracket=len(c) > 1) for c in cond]
        return _either(alternatives)
    if isinstance(cond, Mapping) and name not in fields and not _is_operators(cond):
        return _all_of(cond, fields, profile, period)
    f = field_term(name)
    if isinstance(cond, Mapping):
        tests = []
        for op, v in cond.items():
            if op == "missing":
                text = N_("{field} has no value") if v else N_("{field} has a value")
                tests.append(M(text, field=f))
            elif op == "contains" and listed:
                tests.append(M("{field} include {value}", field=f, value=value(v)))
            elif op in _DATE_OPERATORS and info is not None and info.type == "date":
                tests.append(M(_DATE_OPERATORS[op], field=f, value=value(v)))
            elif op in _OPERATORS:
                tests.append(M(_OPERATORS[op], field=f, value=value(v)))
            else:  # an operator of a later catalogue language: still in words
                tests.append(M("{field} {operator} {value}", field=f, operator=op, value=value(v)))
        return M("{tests}", tests=joined(tests, "and"))
    if isinstance(cond, list):
        values = joined([M("{x}", x=value(v)) for v in cond], "or")
        if listed:
            return M("{field} include {value}", field=f, value=values)
        return M("{field} is {value}", field=f, value=values)
    if listed:
        return M("{field} include {value}", field=f, value=value(cond))
    return M("{field} is {value}", field=f, value=value(cond))


def _all_of(
    cond: Mapping[str, Any],
    fields: Mapping[str, FieldInfo],
    profile: ClusterProfile | None,
    period: Period | None,
    *,
    bracket: bool = False,
) -> Msg:
    if not cond:
        return M("any record")
    both = _anded(cond, fields, profile, period)
    return M("({conditions})", conditions=both) if bracket else both


def _alternatives(cond: Any) -> bool:
    """Whether a `where` entry is an `any_of`: a list of mappings of conditions."""
    return isinstance(cond, list) and bool(cond) and all(isinstance(c, Mapping) for c in cond)


def _either(alternatives: list[Msg]) -> Msg:
    """ "a or b or c": an `any_of`'s branches each joined by "or". Why not "a, b or c":
    a branch holds commas of its own (a date, "a, b and c"), and among the entries of a
    `where` joined by "and" the commas between branches read as more "and"s (G7's
    four ways of being in force read as one list of conditions all to be met)."""
    said = alternatives[-1]
    for branch in reversed(alternatives[:-1]):
        said = M("{a} or {b}", a=branch, b=said)
    return said


def _anded(
    cond: Mapping[str, Any],
    fields: Mapping[str, FieldInfo],
    profile: ClusterProfile | None,
    period: Period | None,
) -> Msg:
    """The entries of a mapping joined by "and"; an `any_of` of several branches among
    other entries in brackets, so that its "or" does not take in its neighbours."""
    tests = []
    for k, v in cond.items():
        said = describe(k, v, fields, profile, period)
        if len(cond) > 1 and _alternatives(v) and len(v) > 1:
            said = M("({conditions})", conditions=said)
        tests.append(said)
    return M("{tests}", tests=joined(tests, "and"))


def _is_operators(cond: Mapping[str, Any]) -> bool:
    return bool(cond) and all(op in KNOWN_OPERATORS for op in cond)


def _value(
    v: Any, info: FieldInfo | None, profile: ClusterProfile | None, period: Period | None
) -> Arg | Msg:
    """A condition's value in words: yes/no, a choice's word, a `$variable` with what it
    stands for here, a value relative to the record's own field ("0.3 times its own
    invited")."""
    if isinstance(v, bool):
        return term("value:yes" if v else "value:no")
    if isinstance(v, FieldRef):  # the catalogue's parsed form of {field: .., times: ..}
        v = v.model_dump(exclude_none=True)
    if isinstance(v, list):
        return joined([M("{x}", x=_value(x, info, profile, period)) for x in v], "or")
    if isinstance(v, Mapping):
        if "field" in v and set(v) <= {"field", "times", "plus"}:
            times = v.get("times", 1)
            own = field_term(str(v["field"]))
            if v.get("plus"):
                return _moved(own, str(v["plus"]))
            if times == 1:
                return M("its own {field}", field=own)
            return M("{times} times its own {field}", times=num(times), field=own)
        return joined([M("{x}", x=_value(x, info, profile, period)) for x in v.values()])
    if isinstance(v, str) and v.startswith("$"):
        return _variable(v, profile, period)
    if isinstance(v, str) and info is not None and v in info.choices:
        return term(f"choice:{v}")
    if isinstance(v, int | float):
        return num(v)
    if isinstance(v, dt.date):
        return M("{day}", day=v)
    return M("{x}", x=str(v))


_VARIABLE_WORDS = {
    "country": N_("the cluster's country"),
    "region": N_("the cluster's region"),
    "founded": N_("the cluster's founding"),
    "period_start": N_("the period's first day"),
    "period_end": N_("the period's last day"),
    "as_of": N_("the assessment's date"),
}


def _months(months: int) -> Msg:
    """A span of whole months in words: "3 years", "18 months" (the sign left out)."""
    years, rest = divmod(abs(months), 12)
    if rest:
        return Mp("{n} month", "{n} months", n=abs(months))
    return Mp("{n} year", "{n} years", n=years)


def _moved(field: Arg, plus: str) -> Msg:
    """Another date field moved by `plus` ("its own start plus 1 year")."""
    from criteria.rules import parse_plus

    months, days = parse_plus(plus)
    own = M("its own {field}", field=field)
    words = ("{date} plus {span}", "{date} minus {span}")
    return _offset(own, months, days, words, "date", span_first=False)


def _offset(
    date: Msg, months: int, days: int, words: tuple[str, str], key: str, span_first: bool
) -> Msg:
    """`date` moved by days, then months (as `resolve_value` moves them), in `words`
    (later, earlier) that hold {span} and {KEY}: "2 years before 1 day after ..."; each
    caller keeps the message ids, and the order of their arguments, that kept snapshots
    hold."""
    for amount, span in (
        (days, Mp("{n} day", "{n} days", n=abs(days))),
        (months, _months(months)),
    ):
        if amount:
            args = {"span": span, key: date} if span_first else {key: date, "span": span}
            date = M(words[0] if amount > 0 else words[1], **args)
    return date


def _variable(v: str, profile: ClusterProfile | None, period: Period | None) -> Msg:
    """A `$variable`: what it stands for here ("the cluster's region (CZ-64 ...)", a day),
    or what it means when that is not known."""
    from criteria.rules import parse_variable

    try:
        use = parse_variable(v)
    except ValueError:
        return M("{x}", x=v.lstrip("$"))
    name = use.variable.name
    meaning = M(_VARIABLE_WORDS.get(name, "{x}"), x=name.replace("_", " "))
    # "$period_end-2y+1d": "2 years before 1 day after the period's last day"
    later, earlier = "{span} after {meaning}", "{span} before {meaning}"
    meaning = _offset(meaning, use.months, use.days, (later, earlier), "meaning", span_first=True)
    if profile is None or period is None:
        return meaning
    try:
        resolved = resolve_value(v, profile=profile, period=period)
    except (ValueError, TypeError):
        return meaning
    if resolved is None:
        return M("{meaning}, which the cluster's profile does not give", meaning=meaning)
    if isinstance(resolved, dt.date):
        return M("{day}", day=resolved)
    if name == "region":
        from evidence.regions import describe as region_name

        resolved = region_name(str(resolved))
    return M("{meaning} ({value})", meaning=meaning, value=str(resolved))


# -- records and their scope ------------------------------------------------------------


# (id of the `where`, kind, the profile's `$variables`, period) -> (the `where`, words);
# the `where` itself is kept so that its id cannot stand for another mapping later
_CONDITIONS: dict[tuple[Any, ...], tuple[Mapping[str, Any], Msg]] = {}
CONDITIONS_KEPT = 4096


def conditions(
    where: Mapping[str, Any] | None,
    kind: str | None,
    profile: ClusterProfile | None = None,
    period: Period | None = None,
) -> Msg | None:
    """A metric's `where` (or a share's part) in words, its entries joined by "and"."""
    if not where:
        return None
    says = None if profile is None else (profile.country, profile.region, profile.founded)
    key = (id(where), kind, says, period)
    kept = _CONDITIONS.get(key)
    if kept is not None and kept[0] is where:
        return kept[1]
    fields = _fields(kind)
    msg = _anded(where, fields, profile, period)
    if len(_CONDITIONS) >= CONDITIONS_KEPT:
        _CONDITIONS.clear()
    _CONDITIONS[key] = (where, msg)
    return msg


def records(
    metric: Metric, profile: ClusterProfile | None = None, period: Period | None = None
) -> Msg:
    """ "member records (committed is yes)"."""
    kind = term(f"kind:{metric.kind}")
    cond = conditions(metric.where, metric.kind, profile, period)
    if cond is None:
        return M("{kind} records", kind=kind)
    return M("{kind} records ({conditions})", kind=kind, conditions=cond)


def more_records(
    n: int, metric: Metric, profile: ClusterProfile | None, period: Period | None
) -> Msg:
    """ "6 more member records (committed is yes)"."""
    kind = term(f"kind:{metric.kind}")
    cond = conditions(metric.where, metric.kind, profile, period)
    if cond is None:
        return Mp("{n} more {kind} record", "{n} more {kind} records", n=n, kind=kind)
    return Mp(
        "{n} more {kind} record ({conditions})",
        "{n} more {kind} records ({conditions})",
        n=n,
        kind=kind,
        conditions=cond,
    )


def scope_text(metric: Metric, period: Period) -> Msg:
    """Which of a metric's records count in time ("active on 31 Dec 2025")."""
    return scope_words(metric.scope, period, by_start=by_start(metric))


def scope_words(scope: Scope, period: Period, *, by_start: bool = False) -> Msg:
    """A metric's scope as one condition a record meets or not (`by_start`: an event,
    which counts in the period it starts in, `conditions.by_start`)."""
    if isinstance(scope, LastYears):
        return Mp(
            "dated in the year up to {end}",
            "dated in the {n} years up to {end}",
            n=scope.last_years,
            end=period.end,
        )
    if scope == "in_period" and by_start:
        return M("starting from {start} to {end}", start=period.start, end=period.end)
    if scope == "in_period":
        return M("from {start} to {end}", start=period.start, end=period.end)
    if scope == "active_at_end":
        return M("active on {day}", day=period.end)
    if scope == "all":
        return M("dated up to {end}", end=period.end)
    return M("in the scope {scope} of the period", scope=str(scope))


def length(period: Period) -> Msg:
    """A period's length: whole years or months when it has them, else days ("1 year",
    "10 months", "364 days")."""
    if period.months is not None and period.months % 12 == 0:
        return M("{x}", x=num(period.months // 12, "years"))  # "2 years", as values say
    if period.months is not None:
        return Mp("{n} month", "{n} months", n=period.months)
    return Mp("{n} day", "{n} days", n=period.days)
