"""Why not counted: the records of an indicator's kind that failed exactly one condition.

Why it exists: a value says what was counted, not what was nearly counted. The member
whose `committed` was left empty, the event dated a week before the period, the draft
nobody submitted: each misses an indicator by one condition, and each is the cheapest
point a cluster can win back (or an error an assessor should see). So for every metric
indicator the snapshot lists the records of its kind that failed exactly one of its
conditions, with that condition in words (`IndicatorResult.not_counted`, the first `CAP`
of them, newest first, and their total).

The conditions are the counting mode's statuses, the scope as one condition ("in the
period 2024-01-01..2024-12-31", "active on 2024-12-31"; a growth: active at the period's
end, the records its value counts), for a record dated only to the month or year that
its month (year) lies wholly in what is counted (`conditions.dated`: a separate
condition, so that "June 2020" against a period starting on 15 June is named as dated
too coarsely, which giving the day fixes, not as outside the period), each entry of
`where` (an `any_of` entry is one condition) and, for a `count_distinct` with
`groups`, "in one of the groups". They are compiled by `assessment.conditions`
(`scope()`, `where()`: one SQL condition per entry, in order), so "failed" means
exactly what the metric means by it. For a share, "not counted" means not in the
whole (its denominator: a record in the whole that misses the numerator is counted, as
a miss); a ratio lists both sides' records, each marked with its side. In an audit, a
share's whole and a bound's side that unverified records hold down admit the unverified
statuses too, as `assessment.metrics` counts them.

In SQL: per evidence kind, one query returns the records that missed some metric of
that kind by exactly one condition, with, for each group of metrics that share their
conditions (several about committed members active at the end), the index of the
condition the record failed (`CASE`s); Python counts them and keeps the newest `CAP` of
each group. One statement a kind, because the statements' own overhead was the cost: a
count scan per kind plus a newest-first `LIMIT` query per group made "why not counted"
40 % of a small cluster's assessment (BENCHMARKS.md, issue 15), and window functions
sorting every group's misses were slower still. The records fetched are few because a
near miss is near (below). Only records dated up to the period's end are looked at:
later ones belong to a later period, and none dated after the assessment's date may
change the snapshot (`counting.after_finding` names those).

Near means near: a record that fails a condition saying what it is (a choice such as
the channel or the format, a value it states that an `any_of` on one choice field
refuses, a topic among its tags, or a comparison with the cluster's `$country`: a
newsletter is no near miss of the press releases, a refused application none of the
projects that ran, a green service none of the digital ones, a domestic member none of
the foreign ones) is another thing, not a miss, and so is a record that ended more
than one period's length before the window its scope counts (last year's newsletter is
a near miss of this year's count, one of 2016 is not). An expired record is named as
such ("not expired before ..."), apart from its dates. A record withdrawn on the
assessment's date is none either (`_held`): withdrawn, it is no evidence at all. But a
value an importer set unstated (`evidence.assumed`: the page importer's `participant`
where the page names no role) says nothing of what the record is: where it is the value
that keeps the record out, the record is a near miss, and its condition says the value
was the importer's.

The words come from the catalogue's own mapping (`describe`), generically: an operator
this module does not know is still shown as "field op value", so a new operator of the
catalogue language degrades to plain words rather than an error.
"""

from __future__ import annotations

import functools
import heapq
import operator
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Dialect, and_, case, func, not_, or_, select, true

from criteria.models import Catalogue, LastYears, Metric
from criteria.rules import ANY_OF
from evidence.assumed import assumed_value, said_sql
from evidence.messages import M, Msg, joined, term
from evidence.models import KINDS, WITHDRAWN, FieldInfo, kind_fields
from evidence.schema import evidence
from evidence.store import STATUS_AT, status_at
from evidence.store.prepared import Prepared

from .conditions import (
    active_at,
    by_start,
    dated,
    expiry_day,
    group_values,
    one_of,
    open_ended,
    scope,
    unexpired,
    where,
)
from .conditions import field as column_of
from .metrics import BOUNDED, CLUSTER, Counting, EvalContext, metric_json
from .period import Period, shift
from .profile_params import Opened, Plans, given, own_variable
from .snapshot import IndicatorResult, NotCounted
from .wording import describe, field_term, scope_words

CAP = 20  # records listed per indicator (the total is given too)
# The condition a record dated only to the month or year fails when its month or year
# meets the period without lying wholly in it (`conditions.dated`): not outside the
# period, and fixable by giving the day.
PRECISION = "precision"

Missed = tuple[list[NotCounted], int]  # the first CAP misses, and how many there were


@dataclass(frozen=True)
class _Condition:
    on: str  # "status", "scope", "precision", "expires", "where.<entry>", "groups"
    words: Msg
    sql: ColumnElement[bool] | None  # None once the statement is built
    # a condition that says what the record is (a newsletter, a board meeting, a foreign
    # member), not how it fares: failing it alone is being something else, not a near
    # miss, so a record must meet it to be listed at all
    defines: bool = False
    # the field whose stated value `defines` needs: a defining condition on one field
    # (`_stated`) or an `any_of` on one choice field (`_stated_choice`) defines what a
    # record is only when the record says it; a record that leaves the field empty is a
    # near miss (giving the value is the fix)
    stated: str | None = None
    # a `where` entry on the cluster's own values, worded for each cluster: (its name,
    # the condition, the kind); the statement is shared (assessment/profile_params.py)
    own: tuple[str, Any, str] | None = None

    def said(self, ctx: EvalContext) -> Msg:
        """The condition in words, for the cluster of `ctx` (what a record that failed it
        left empty or was given unstated is said per record: `_words_for`)."""
        if self.own is None:
            return self.words
        name, cond, kind = self.own
        return describe(name, cond, kind_fields(kind), ctx.cluster, ctx.period)


@dataclass(frozen=True)
class _Part:
    """A plain metric an indicator's value is made of (itself, or a ratio's side)."""

    indicator: str
    side: str  # "" or "numerator"/"denominator" (nested: "numerator of the denominator")
    kind: str
    conditions: list[_Condition]
    growth: bool = False  # its scope is the growth's own (the same words, kept apart)

    @property
    def same(self) -> tuple[Any, ...]:
        """Equal for parts whose conditions are the same (their words say all of them,
        but for a condition on the cluster's own values: its words are the building
        cluster's, and `$founded+24m` of a cluster founded in 2010 reads as
        `$period_start-12y` of 2024 does, which other clusters' do not; it is told
        by the condition itself)."""
        return (
            self.growth,
            *((c.on, str(c.words) if c.own is None else repr(c.own)) for c in self.conditions),
        )


def catalogue_misses(conn: Connection, cat: Catalogue, ctx: EvalContext) -> dict[str, Missed]:
    """`missed_by_one` for every metric indicator of a catalogue, by indicator id."""
    metrics = {i.id: i.metric for i in cat.indicators if i.metric is not None}
    lower = {i.id for i in cat.indicators if i.lower_is_better}
    return missed_by_one(conn, metrics, ctx, lower=lower)


def with_misses(result: IndicatorResult, missed: Mapping[str, Missed]) -> IndicatorResult:
    """An indicator's result with its records that missed by one condition."""
    if result.id not in missed:
        return result
    listed, total = missed[result.id]
    return result.model_copy(update={"not_counted": listed, "not_counted_total": total})


def missed_by_one(
    conn: Connection,
    metrics: Mapping[str, Metric],
    ctx: EvalContext,
    *,
    lower: Collection[str] = (),
) -> dict[str, Missed]:
    """For each metric (by indicator id), the records that failed exactly one condition.

    `lower`: the indicators better the lower they are (an audit's bound goes the other
    way for them, which decides which statuses a ratio's side admits)."""
    opened, kinds = _prepared(metrics, ctx, frozenset(lower), conn.dialect)
    params: dict[str, Any] = {"cluster": ctx.cluster.slug}
    params.update(opened.values(ctx.cluster, ctx.period, ctx.as_of))
    if ctx.statuses_at is not None:
        params[STATUS_AT] = ctx.statuses_at
    found: dict[str, list[NotCounted]] = {key: [] for key in metrics}
    totals: dict[str, int] = dict.fromkeys(metrics, 0)
    said: dict[int, Msg] = {}  # each condition's words for this cluster, worded once
    for query, fields, groups in kinds:
        missed: list[list[tuple[Any, ...]]] = [[] for _ in groups]
        for record_id, title, start, now, notes, *rest in query.run(conn, params):
            held = dict(zip(fields, rest, strict=False))  # the defining fields' values
            for n, index in enumerate(rest[len(fields) :]):
                if index is not None:
                    missed[n].append((record_id, title, start, now, index, (notes, held)))
        for group, rows in zip(groups, missed, strict=True):
            newest = heapq.nsmallest(CAP, rows, key=lambda r: (-r[2].toordinal(), r[0]))
            for part in group:
                totals[part.indicator] += len(rows)
                found[part.indicator] += [
                    NotCounted(
                        id=record_id,
                        title=title,
                        start=start,
                        status=now,
                        condition=_words_for(
                            part.conditions[which],
                            _said(part.conditions[which], ctx, said),
                            record,
                            part.kind,
                        ),
                        on=part.conditions[which].on,
                        part=part.side,
                    )
                    for record_id, title, start, now, which, record in newest
                ]
    return {
        key: (
            sorted(found[key], key=_newest_first)[:CAP],
            totals[key],
        )
        for key in metrics
    }


def _said(c: _Condition, ctx: EvalContext, said: dict[int, Msg]) -> Msg:
    if id(c) not in said:
        said[id(c)] = c.said(ctx)
    return said[id(c)]


# One kind's query (the records that missed some group by one condition, with the values
# of the fields its defining conditions test, then the index of the condition for each
# group), those fields, and its groups of parts with the same conditions.
_Kind = tuple[Prepared, list[str], list[list[_Part]]]
PREPARED_KEPT = 64
_PREPARED: Plans[tuple[Opened, list[_Kind]]] = Plans(PREPARED_KEPT)


def _prepared(
    metrics: Mapping[str, Metric], ctx: EvalContext, lower: frozenset[str], dialect: Dialect
) -> tuple[Opened, list[_Kind]]:
    """The statements of `missed_by_one`, with the cluster's own values they leave open,
    built once for every cluster whose profile gives the same of those values (once per
    profile where a statement must hold them: `profile_params.Opened.pinned`) and kept
    (least recently used out): building them costs more than running them on a small
    cluster, and assessing a hundred clusters would otherwise build them a hundred times
    (benchmarks: assess-all)."""
    p = ctx.cluster
    key = (
        dialect,
        tuple((k, metric_json(m)) for k, m in metrics.items()),
        ctx.period,
        ctx.counting,
        ctx.as_of,
        ctx.statuses_at is not None,
        tuple(sorted(lower)),
        given(p),
    )
    kept = _PREPARED.get(key, p)
    if kept is not None:
        return kept
    opened = Opened()
    parts: list[_Part] = []
    for name, metric in metrics.items():
        worst = None
        if ctx.unproven and metric.aggregate in BOUNDED:
            worst = "high" if name in lower else "low"
        parts += _parts(name, "", metric, ctx, worst, opened)
    # parts with the same conditions (S1 and S2 both about committed members active at
    # the end) are counted and listed once
    by_kind: dict[str, dict[tuple[Any, ...], list[_Part]]] = {}
    for part in parts:
        by_kind.setdefault(part.kind, {}).setdefault(part.same, []).append(part)
    status = evidence.c.status if ctx.statuses_at is None else status_at()
    last = ctx.period.end if ctx.as_of is None else min(ctx.period.end, ctx.as_of)
    prepared: list[_Kind] = []
    for kind, alike in by_kind.items():
        groups = list(alike.values())
        failed = [_failed(group[0]) for group in groups]
        fields = sorted(
            {f for group in groups for c in group[0].conditions if c.defines and (f := _field(c))}
        )
        c = evidence.c
        values = [c[f] for f in fields]
        query = select(c.id, c.title, c.start, status, c.notes, *values, *failed).where(
            evidence.c.cluster == CLUSTER,
            evidence.c.kind == kind,
            evidence.c.start <= last,
            or_(*(f.is_not(None) for f in failed)),
            _held(status),
        )
        # compiled, and the parts without their SQL: SQLAlchemy's trees, kept for each
        # plan, were objects every full garbage collection walked (issue 19)
        words = [[replace(part, conditions=_words(part)) for part in group] for group in groups]
        prepared.append((Prepared(query, dialect), fields, words))
    _PREPARED.put(key, p, (opened, prepared), opened.pinned)
    return opened, prepared


def _held(status: ColumnElement[Any]) -> ColumnElement[bool]:
    """A record withdrawn on the assessment's date is no near miss: the manager took it
    back as no evidence, and "needs status submitted or verified" advised counting what
    the cluster withdrew (restoring it is the manager's call). One entered after the
    date, which the store did not hold then, reads as withdrawn too (`status_at`; a
    finding names it). A record withdrawn after the date stood on it: it is counted, or
    listed, as it stood."""
    return status != WITHDRAWN


def _words(part: _Part) -> list[_Condition]:
    return [replace(c, sql=None) for c in part.conditions]


def _newest_first(miss: NotCounted) -> tuple[int, str, str]:
    """Newest first, then by id and side (in Python: PostgreSQL orders text by locale)."""
    return (-miss.start.toordinal(), miss.id, miss.part)


# -- the parts of a metric and their conditions ------------------------------------------


def _parts(
    key: str, side: str, m: Metric, ctx: EvalContext, worst: str | None, opened: Opened
) -> list[_Part]:
    """A ratio's two sides (the denominator's bound goes the other way), or `m` itself
    with the statuses its counted records have (module docstring)."""
    if m.aggregate == "ratio":
        assert isinstance(m.numerator, Metric) and m.denominator is not None
        flipped = None if worst is None else ("high" if worst == "low" else "low")
        return [
            *_parts(key, _side("numerator", side), m.numerator, ctx, worst, opened),
            *_parts(key, _side("denominator", side), m.denominator, ctx, flipped, opened),
        ]
    assert m.kind is not None
    mode = ctx.counting
    statuses = _admitting(m, mode, worst)
    conditions = _conditions(m, statuses, ctx, opened)
    return [_Part(key, side, m.kind, conditions, m.aggregate == "growth")]


def _side(name: str, outer: str) -> str:
    return f"{name} of the {outer}" if outer else name


def _admitting(m: Metric, mode: Counting, worst: str | None) -> tuple[str, ...]:
    """The statuses of the records a plain metric counts: in an audit, a share's whole
    and a side whose bound unverified records hold down admit those too."""
    if not mode.unproven:
        return mode.statuses
    if m.aggregate == "share" or worst == "high":
        return mode.admitted
    return mode.statuses


def _conditions(
    m: Metric, statuses: tuple[str, ...], ctx: EvalContext, opened: Opened
) -> list[_Condition]:
    profile, period = ctx.cluster, ctx.period
    status = evidence.c.status if ctx.statuses_at is None else status_at()
    said = joined([M("{x}", x=term(f"status:{s}")) for s in statuses], "or")
    out = [_Condition("status", M("status {statuses}", statuses=said), status.in_(statuses))]
    # the dates and the expiry apart, so that an expired agreement is named as such
    lasting = open_ended(m)
    if m.aggregate == "growth":  # its value counts the records active at the period's end
        on_end = active_at(period.end, open_ended=lasting, expiry=False, precise=False)
        out.append(_Condition("scope", M("active on {day}", day=period.end), on_end))
        day = period.end
        dates, whole = on_end, dated("active_at_end", period, open_ended=lasting)
    else:
        first = by_start(m)
        found = scope(
            m.scope, period, open_ended=lasting, by_start=first, expiry=False, precise=False
        )
        dates = and_(true(), *found)
        out.append(_Condition("scope", scope_words(m.scope, period, by_start=first), dates))
        day = expiry_day(m.scope, period)
        whole = dated(m.scope, period, open_ended=lasting, by_start=first)
    if whole is not None:  # dated only to the month or year: named apart (fixable)
        words = M("dated to the day, or to a month or year wholly inside what is counted")
        out.append(_Condition(PRECISION, words, or_(not_(dates), whole)))
    out.append(_Condition("expires", M("not expired before {day}", day=day), unexpired(day)))
    if (since := _lookback(m, period)) is not None:  # what is "near" in time
        recent = func.coalesce(evidence.c.end, evidence.c.start) >= since
        if open_ended(m):
            recent = or_(evidence.c.end.is_(None), recent)
        ended = M("ended on or after {day}", day=since)
        out.append(_Condition("near", ended, recent, defines=True))
    fields = kind_fields(m.kind or "")
    # one condition per entry, in order
    compiled = where(m.where, m, profile, period, opened=opened)
    for (name, cond), sql in zip(m.where.items(), compiled, strict=True):
        words = describe(name, cond, fields, profile, period)
        own = (name, cond, m.kind or "") if own_variable(cond) else None
        info = fields.get(name)
        defines = _defines(info, cond) or _topics(name, cond)
        stated = _stated_choice(cond, fields) if name == ANY_OF else _stated(info, defines, m.kind)
        defines = defines or stated is not None
        out.append(_Condition(f"where.{name}", words, sql, defines, own=own, stated=stated))
    if m.groups:
        values = group_values([v for vs in m.groups.values() for v in vs])
        groups = joined([M("{x}", x=term(f"group:{g}")) for g in m.groups], "or")
        words = M(
            "{field} in one of the groups {groups}", field=field_term(m.field or ""), groups=groups
        )
        out.append(_Condition("groups", words, one_of(column_of(m), values)))
    return out


def _lookback(m: Metric, period: Period) -> date | None:
    """The first day a record must still run on to be a near miss in time: one period's
    length before the window its scope counts (a newsletter of last year is a near miss
    of this year's count, one of 2016 is not; a member who left last year is, one who
    left in 2018 is not). None for the scope `all`, which looks at every date."""
    if m.scope == "all" and m.aggregate != "growth":
        return None
    scope = m.scope
    first = (
        shift(period.end, -12 * scope.last_years) if isinstance(scope, LastYears) else period.start
    )
    if period.months is not None:  # a calendar span: the same months before it
        return shift(first, -period.months)
    return first - timedelta(days=period.days)


def _defines(info: FieldInfo | None, cond: Any) -> bool:
    """A `where` entry that says what a record is: a choice field equal to one of some
    values (channel newsletter, format board_meeting, platform eccp_profile), a topic a
    list of tags holds or lacks (a service tagged green is no near miss of the digital
    ones: adding a tag for the points would mislabel it), or a field compared with the
    cluster's own `$country`/`$region` (a foreign member)."""
    if info is not None and info.type == "choice" and not isinstance(cond, Mapping):
        return True
    if info is not None and info.name == "tags":  # the topics; not a website's languages
        return True
    values = cond.values() if isinstance(cond, Mapping) else [cond]
    return any(isinstance(v, str) and v in ("$country", "$region") for v in values)


def _stated(info: FieldInfo | None, defines: bool, kind: str | None) -> str | None:
    """The field whose value a defining condition on one field tests, or None: a record
    that leaves it empty does not say what it is, so it is a near miss (filling the
    field in is the fix), not another thing. A member without a country is no domestic
    member: three foreign members entered without one dropped out of S7 unnamed, while
    the report promised near misses for a field left empty. Tags stay a statement (a
    service without a topic is not a digital one left unsaid), and so does a field a
    kind leaves empty at home (`Record.empty_at_home`: an event without a country took
    place in the cluster's own, as the template's note says; listed, every local
    workshop was a near miss of C6)."""
    if not defines or info is None or info.name == "tags":
        return None
    if kind in KINDS and info.name in KINDS[kind].empty_at_home:
        return None
    return info.name if info.name in evidence.c else None


def _topics(name: str, cond: Any) -> bool:
    """An `any_of` whose every branch is one condition on the tags (V9's green, energy
    or circular_economy): the topics say what a service is, as one tag does (`_defines`),
    so a service tagged health is no near miss of the green ones."""
    if name != ANY_OF or not isinstance(cond, list) or not cond:
        return False
    return all(isinstance(b, Mapping) and list(b) == ["tags"] for b in cond)


def _stated_choice(cond: Any, fields: Mapping[str, FieldInfo]) -> str | None:
    """The choice field every branch of an `any_of` tests, and nothing else (V4's
    `project_status` running or completed, or no value; C6's `venue`), or None. Such an
    `any_of` says what a record is, as a plain choice condition does (`_defines`), once
    the record states a value: a refused application (`not_funded`) or a cancelled
    project is no near miss of the projects that ran, and an online webinar none of the
    presentations abroad; marking it running or on site for the points would falsify it.
    An empty value is still a near miss where no branch admits it."""
    if not isinstance(cond, list) or not cond or not all(isinstance(b, Mapping) for b in cond):
        return None
    tested = {name for branch in cond for name in branch}
    if len(tested) != 1 or not all(len(branch) == 1 for branch in cond):
        return None
    (name,) = tested
    info = fields.get(name)
    return name if info is not None and info.type == "choice" else None


def _sql(c: _Condition) -> ColumnElement[bool]:
    assert c.sql is not None, "a condition's SQL is dropped only after its statement is built"
    return c.sql


def _fails(part: _Part) -> ColumnElement[Any]:
    """How many conditions of `part` a record fails (a condition NULL for it fails); a
    record failing one that `defines` what it is counts as failing them all."""
    every = len(part.conditions)
    fails = [case((_sql(c), 0), else_=_failing(c, every)) for c in part.conditions]
    return functools.reduce(operator.add, fails)


def _failing(c: _Condition, every: int) -> int | ColumnElement[int]:
    """What failing `c` counts for: one condition, or all `every` of them when it says
    what the record is (for a `stated` choice, only when the record gives a value; for
    any field, only when its value is not one an importer set unstated)."""
    if not c.defines:
        return 1
    defined: int | ColumnElement[int] = every
    if c.stated is not None:
        defined = case((evidence.c[c.stated].is_not(None), every), else_=1)
    field = _field(c)
    if field is None:
        return defined
    return case((said_sql(field), 1), else_=defined)


def _field(c: _Condition) -> str | None:
    """The one field a `defines` condition tests (a `where` entry's, an `any_of`'s
    `stated` choice), or None (the scope's nearness, an entry over several fields)."""
    if c.stated is not None:
        return c.stated
    name = c.on.removeprefix("where.")
    return name if name != c.on and name != ANY_OF else None


def _words_for(
    c: _Condition, words: Msg, record: tuple[str | None, Mapping[str, Any]], kind: str
) -> Msg:
    """A near miss's condition, with what the record holds in the field that kept it out,
    decided per record: the value an importer set unstated (a guess to check, not what
    the record is), or "X is empty" where the field is; the plain words otherwise. Per
    record, not per condition: a role the importer set is not empty."""
    field = _field(c) if c.defines else None
    if field is None:
        return words
    notes, held = record
    value = held.get(field)
    if value is None:
        if c.stated is None:
            return words
        return M("{condition}: {field} is empty", condition=words, field=field_term(field))
    guess = assumed_value(notes, field)
    if guess is None or guess != str(value):
        return words
    info = kind_fields(kind).get(field)
    said: Any = term(f"choice:{guess}") if info is not None and guess in info.choices else guess
    return M(
        "{condition} ({field} is {value}: set by the importer, not read from the source; check it)",
        condition=words,
        field=field_term(field),
        value=said,
    )


def _failed(part: _Part) -> ColumnElement[Any]:
    """The index of the one condition of `part` a record fails; NULL when it fails none
    or more than one."""
    fails = [case((_sql(c), 0), else_=1) for c in part.conditions]
    which = functools.reduce(operator.add, [f * i for i, f in enumerate(fails) if i])
    return case((_fails(part) == 1, which))
