"""The catalogue's metric values as hand-written SQL strings run through bare `sqlite3`.

Why: the assess target is "at most 2x the time of the bare SQL queries that compute the
same metric values". This module is those queries, written by hand from the catalogue
model (`criteria.models.Metric`), not taken from `assessment.metrics`, so that a slow
statement in the library would show as a gap instead of hiding in the baseline. One
SELECT per aggregate (two for a ratio), positional parameters, built once per cluster
and counting mode before the clock starts; running them is all the baseline times.

The semantics follow docs/catalogue-format.md: scopes (a record past its `expires` date
no longer counts; a one-off record such as an event is active only from its start to
its end, or on its start day), `per_year`, NULL never matches, list fields stored as
`,a,b,`, "contains" case-sensitive (`instr`, where the library uses LIKE plus
replace()), `any_of` as one OR, `missing`, values taken from another field of the
record (`{field: invited, times: 0.3}`), `$as_of` and `$founded` (resolved here, not by
the library's resolver), `since` on `age_years`, and `pro_rata` / `time_weighted`
attribution to the period with SQLite's `julianday`. An audit (`unproven` statuses
given) bounds a share, a ratio or a growth as docs/catalogue-format.md ("Which records
count") says: unverified records stay in a share's base and a ratio's denominator, the
other way round where lower is better.
`cases` checks every value against clex's snapshot, so "the same metric values" is
verified on every run, not assumed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from assessment.period import Period, shift
from criteria.models import Catalogue, Condition, LastYears, Metric
from criteria.rules import parse_plus, parse_variable
from evidence.models import KINDS, ClusterProfile, FieldInfo, kind_fields

Sql = tuple[str, list[Any]]  # a condition and its parameters
Combine = Callable[[sqlite3.Connection], float | None]


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _col(name: str) -> str:
    return f'"{name}"'


def _and(parts: list[Sql]) -> Sql:
    if not parts:
        return "1", []
    return " AND ".join(f"({s})" for s, _ in parts), [p for _, ps in parts for p in ps]


def _or(parts: list[Sql]) -> Sql:
    if not parts:
        return "0", []
    return " OR ".join(f"({s})" for s, _ in parts), [p for _, ps in parts for p in ps]


_UNEXPIRED = '("expires" IS NULL OR "expires" >= ?)'


def _active(day: date, open_ended: bool) -> Sql:
    """Active on `day`: started, not ended (a one-off record: on its start..end, or its
    start day), not expired."""
    end = '("end" IS NULL OR "end" >= ?)' if open_ended else 'coalesce("end", "start") >= ?'
    return f'"start" <= ? AND {end} AND {_UNEXPIRED}', [day.isoformat()] * 3


_SINCE = FieldInfo(name="since", type="date")


def _open(m: Metric) -> bool:
    return KINDS[m.kind or ""].open_ended


def _by_start(m: Metric) -> bool:
    attributed = m.pro_rata or m.time_weighted
    return KINDS[m.kind or ""].counted_where_it_starts and not attributed


# `latest` takes the newest record that stands (docs/catalogue-format.md): any status
# but withdrawn and rejected, and has no value when the mode does not count it
STANDING = ("draft", "submitted", "verified", "needs_info")


@dataclass(frozen=True)
class Bare:
    """Builds the value queries of one cluster, period and set of counted statuses. No
    record is left out (`EvalContext.leave_out`, a possible duplicate counted once): the
    snapshot's values it is checked against count every record."""

    profile: ClusterProfile
    period: Period
    statuses: tuple[str, ...]
    unproven: tuple[str, ...] = ()  # an audit's: they count only against the cluster
    as_of: date | None = None  # `$as_of`; None: the period's end

    def __post_init__(self) -> None:
        # a count a year over whole years counts each year apart (`Period.year_slices`);
        # the benchmark's period is one year (config.PERIOD), where it is a plain count
        if len(self.period.year_slices) > 1:
            raise ValueError(f"bare SQL is written for a period of a year, not {self.period}")

    def _latest(self, m: Metric, standing: Sql) -> Combine:
        """The newest standing record's value when its status counts (`STANDING`)."""
        base, params = standing
        col = _col(str(m.field))
        sql = (
            f"SELECT {col}, status FROM evidence WHERE {base} AND {col} IS NOT NULL "
            'ORDER BY "start" DESC, id DESC LIMIT 1'
        )
        counted = self.statuses

        def run(con: sqlite3.Connection) -> float | None:
            row = con.execute(sql, params).fetchone()
            return float(row[0]) if row and row[1] in counted else None

        return run

    def base(self, m: Metric, *, scoped: bool = True) -> Sql:
        marks = ",".join("?" * len(self.statuses))
        first = f"cluster = ? AND kind = ? AND status IN ({marks})"
        parts: list[Sql] = [(first, [self.profile.slug, m.kind, *self.statuses])]
        if scoped:
            parts.append(self.scope(m))
        if self.as_of is not None:  # a document approved after the date is no evidence then
            parts.append(("(approved_on IS NULL OR approved_on <= ?)", [self.as_of.isoformat()]))
        parts += self.where(m.where, m)
        return _and(parts)

    def scope(self, m: Metric) -> Sql:
        p = self.period
        end, start = p.end.isoformat(), p.start.isoformat()
        if isinstance(m.scope, LastYears):
            since = shift(p.end, -12 * m.scope.last_years)
            return f'"start" > ? AND "start" <= ? AND {_UNEXPIRED}', [since.isoformat(), end, end]
        if m.scope == "in_period":
            if _by_start(m):  # an event belongs to the period it starts in
                sql = '"start" <= ? AND "start" >= ?'
            elif _open(m):
                sql = '"start" <= ? AND ("end" IS NULL OR "end" >= ?)'
            else:
                sql = '"start" <= ? AND coalesce("end", "start") >= ?'
            return f"{sql} AND {_UNEXPIRED}", [end, start, start]
        if m.scope == "active_at_end":
            return _active(p.end, _open(m))
        return f'"start" <= ? AND {_UNEXPIRED}', [end, end]  # all

    def where(self, where: dict[str, Any], m: Metric) -> list[Sql]:
        """One condition per entry; `any_of` ORs its mappings (each an AND, recursively)."""
        fields = kind_fields(m.kind)
        out = []
        for name, cond in where.items():
            if name == "any_of":
                out.append(_or([_and(self.where(sub, m)) for sub in cond]))
            else:
                out.append(self.condition(name, fields[name], cond))
        return out

    def variable(self, raw: str) -> Any:
        """`$name` or `$name+Ny`/`-Nm`: the profile's or the period's value, or None."""
        use = parse_variable(raw)  # the catalogue's grammar: days first, then months
        founded = self.profile.founded
        base: Any = {
            "country": self.profile.country,
            "region": self.profile.region,
            "period_start": self.period.start,
            "period_end": self.period.end,
            "as_of": self.as_of or self.period.end,
            "founded": None if founded is None else date(founded, 1, 1),
        }[use.variable.name]
        if base is None or not (use.months or use.days):
            return base
        return shift(base + timedelta(days=use.days), use.months)

    def value(self, raw: Any, info: FieldInfo) -> Any:
        v = self.variable(raw) if isinstance(raw, str) and raw.startswith("$") else raw
        if info.type == "date" and isinstance(v, str):
            return date.fromisoformat(v)
        return v

    def condition(self, name: str, info: FieldInfo, cond: Condition) -> Sql:
        col = _col(name)
        if isinstance(cond, dict):
            return _and([self.operator(col, info, op, v) for op, v in cond.items()])
        values = [self.value(v, info) for v in (cond if isinstance(cond, list) else [cond])]
        values = [v for v in values if v is not None]
        if info.type == "list":
            holds = [_holds(col, str(v)) for v in values]
            return " OR ".join(f"({s})" for s, _ in holds) or "0", [
                p for _, ps in holds for p in ps
            ]
        if not values:
            return "0", []
        if len(values) == 1:
            return f"{col} = ?", [_param(values[0])]
        return f"{col} IN ({','.join('?' * len(values))})", [_param(v) for v in values]

    def operator(self, col: str, info: FieldInfo, op: str, raw: Any) -> Sql:
        if op == "missing":  # an empty list is stored as NULL
            return f"{col} IS NULL" if raw else f"{col} IS NOT NULL", []
        sign = {"gte": ">=", "lte": "<=", "gt": ">", "lt": "<", "ne": "<>"}.get(op)
        if (ref := _field_ref(raw)) is not None:  # another field of the record (NULL: no)
            name, times, plus = ref
            if plus is not None:  # a date moved: days, then months clamped to the month
                months, days = parse_plus(plus)
                moved = _col(name)
                if days:
                    moved = f"date({moved}, '{days:+d} days')"
                if months:
                    last = f"date({moved}, 'start of month', '{months + 1:+d} months', '-1 days')"
                    moved = f"min(date({moved}, '{months:+d} months'), {last})"
                return f"{col} {sign} {moved}", []
            if times is None:
                return f"{col} {sign} {_col(name)}", []
            return f"{col} {sign} {_col(name)} * ?", [times]
        v = self.value(raw, info)
        if v is None:
            return "0", []
        if op == "contains":
            if info.type == "list":
                return _holds(col, str(v))
            return (f"instr({col}, ?) > 0", [v]) if v else (f"{col} IS NOT NULL", [])
        if op == "ne":
            if info.type == "list":
                if "," in v:
                    return f"{col} IS NOT NULL", []
                return f"replace({col}, ?, '') = {col}", [f",{v},"]
            return f"{col} <> ?", [_param(v)]
        return f"{col} {sign} ?", [_param(v)]

    def attributed(self, m: Metric, col: str) -> Sql:
        """A record's amount as a sum counts it: in full, or attributed to the period by
        the days of its span inside it (both ends counted) over the days of its span
        (`pro_rata`; no end: in full if it starts in the period, else nothing, but a
        standing service's members served a year count a year's worth for each of the
        period's years it runs in) or of the period (`time_weighted`; no end: to the
        period's end if open-ended, else a day)."""
        p = self.period
        start, end = p.start.isoformat(), p.end.isoformat()
        if m.pro_rata:
            inside = 'julianday(min("end", ?)) - julianday(max("start", ?)) + 1'
            span = 'julianday("end") - julianday("start") + 1'
            # per year over a part of a year: the share of a record crossing the period's
            # edges in the period's months, not days, at most 1; one inside counts whole
            scale = p.years / p.years_by_days if m.per_year else 1.0
            kind = KINDS[m.kind or ""]
            if kind.open_ended and m.field in kind.yearly_while_ongoing:
                # ongoing, a year's worth: for each of the period's years it runs in
                running = 'julianday(?) - julianday(max("start", ?)) + 1'
                ongoing: Sql = (f"{col} * ({running}) / ? * ?", [end, start, p.days, p.years])
            else:
                ongoing = (f'CASE WHEN "start" >= ? THEN {col} ELSE 0 END', [start])
            sql = (
                f'CASE WHEN "end" IS NULL THEN {ongoing[0]} '
                f'WHEN "start" >= ? AND "end" <= ? THEN {col} '
                f"ELSE {col} * min(({inside}) / ({span}) * ?, 1) END"
            )
            return sql, [*ongoing[1], start, end, end, start, scale]
        if m.time_weighted:
            until = "?" if _open(m) else '"start"'
            inside = f'julianday(min(coalesce("end", {until}), ?)) - julianday(max("start", ?)) + 1'
            params = [end] if _open(m) else []
            return f"{col} * ({inside}) / ?", [*params, end, start, p.days]
        return col, []

    # -- one metric: its SELECT and how its row becomes the value ----------------------
    def plan(self, m: Metric, worst: str | None = None) -> Combine:
        """`worst`: an audit's bound, "low" (the value is at most what verified records
        give) or "high" (lower is better: at least)."""
        fn = self._plan(m, worst)
        if not m.per_year:
            return fn
        years = self.period.years
        if m.aggregate == "growth" and years >= 1:  # compounded (assessment.period.yearly)
            return lambda con: (
                None if (v := fn(con)) is None else ((1 + v / 100) ** (1 / years) - 1) * 100
            )
        return lambda con: None if (v := fn(con)) is None else v / years

    def _plan(self, m: Metric, worst: str | None) -> Combine:
        agg = m.aggregate
        every = (*self.statuses, *self.unproven)
        if agg == "ratio":
            assert isinstance(m.numerator, Metric) and m.denominator is not None
            flip = {None: None, "low": "high", "high": "low"}[worst]
            num, den = self.plan(m.numerator, worst), self.plan(m.denominator, flip)

            def ratio(con: sqlite3.Connection) -> float | None:
                n, d = num(con), den(con)
                return None if n is None or not d else n / d

            return ratio
        if worst is not None and agg not in ("share", "growth"):
            counted = self.statuses if worst == "low" else every
            return replace(self, statuses=counted, unproven=())._plan(m, None)
        bare = replace(self, statuses=every) if worst is not None else self
        if agg == "latest":  # the newest record that stands, counted or not
            stands = tuple(s for s in STANDING if s != "draft" or s in self.statuses)
            return self._latest(m, replace(bare, statuses=stands).base(m))
        base, params = bare.base(m, scoped=agg != "growth")
        col = _col(m.field) if m.field else ""
        if agg == "count":
            return _scalar(f"SELECT count(*) FROM evidence WHERE {base}", params, zero=True)
        if agg == "count_distinct" and m.groups:
            whens, group_params = [], []
            for name, values in m.groups.items():
                whens.append(f"WHEN {col} IN ({','.join('?' * len(values))}) THEN ?")
                group_params += [*map(_param, values), name]
            group = f"CASE {' '.join(whens)} END"
            sql = f"SELECT count(DISTINCT {group}) FROM evidence WHERE {base}"
            return _scalar(sql, group_params + params, zero=True)
        if agg == "count_distinct":
            sql = f"SELECT count(DISTINCT {col}) FROM evidence WHERE {base}"
            return _scalar(sql, params, zero=True)
        if agg == "sum":
            amount, amount_params = self.attributed(m, col)
            sql = f"SELECT sum({amount}) FROM evidence WHERE {base}"
            return _scalar(sql, amount_params + params, zero=True)
        if agg in ("mean", "min", "max"):
            fn = {"mean": "avg", "min": "min", "max": "max"}[agg]
            return _scalar(f"SELECT {fn}({col}) FROM evidence WHERE {base}", params)
        if agg == "exists":
            sql = f"SELECT 1 FROM evidence WHERE {base} LIMIT 1"
            return lambda con: 1.0 if con.execute(sql, params).fetchone() else 0.0
        if agg == "share":
            assert isinstance(m.numerator, dict)
            hit, hit_params = _and(self.where(m.numerator, m))
            if worst == "low":  # verified hits only
                marks = ",".join("?" * len(self.statuses))
                hit, hit_params = f"status IN ({marks}) AND ({hit})", [*self.statuses, *hit_params]
            elif worst == "high":  # an unverified record counts as a hit
                marks = ",".join("?" * len(self.unproven))
                hit, hit_params = f"status IN ({marks}) OR ({hit})", [*self.unproven, *hit_params]
            if m.field:
                amount, ap = self.attributed(m, col)
                sel = f"sum({amount}), sum(CASE WHEN {hit} THEN {amount} ELSE 0 END)"
                sel_params = ap + hit_params + ap
            else:
                sel = f"count(*), count(CASE WHEN {hit} THEN 1 END)"
                sel_params = hit_params
            sql, all_params = f"SELECT {sel} FROM evidence WHERE {base}", sel_params + params

            def share(con: sqlite3.Connection) -> float | None:
                whole, part = con.execute(sql, all_params).fetchone()
                return 100.0 * (part or 0) / whole if whole else None

            return share
        if agg == "growth":
            (end_sql, end_p), (start_sql, start_p) = (
                _active(self.period.end, _open(m)),
                _active(self.period.day_before, _open(m)),
            )
            if worst is not None:  # verified records only at the end ("low") or start
                marks = ",".join("?" * len(self.statuses))
                proven = f"status IN ({marks}) AND "
                if worst == "low":
                    end_sql, end_p = proven + end_sql, [*self.statuses, *end_p]
                else:
                    start_sql, start_p = proven + start_sql, [*self.statuses, *start_p]
            sql = (
                f"SELECT count(CASE WHEN {end_sql} THEN 1 END), "
                f"count(CASE WHEN {start_sql} THEN 1 END) FROM evidence WHERE {base}"
            )
            all_params = end_p + start_p + params

            def growth(con: sqlite3.Connection) -> float | None:
                ended, started = con.execute(sql, all_params).fetchone()
                return 100.0 * (ended - started) / started if started else None

            return growth
        if agg == "age_years":
            sql = f'SELECT min("start") FROM evidence WHERE {base}'
            end = self.period.end
            since = None if m.since is None else self.value(m.since, _SINCE)

            coarse = str(m.since).startswith("$founded")  # a year: its own year's record dates it

            def age(con: sqlite3.Connection) -> float | None:
                found = con.execute(sql, params).fetchone()[0]
                first = found and date.fromisoformat(found)
                if since is not None and (
                    not first or (since.year < first.year if coarse else since < first)
                ):
                    return _age(since, end)
                return _age(first, end) if first else None

            return age
        raise ValueError(f"no bare SQL for the aggregate {agg!r}")


def _field_ref(raw: Any) -> tuple[str, float | None, str | None] | None:
    """`{field: invited, times: 0.3}` or `{field: start, plus: 1y}` (the catalogue model's
    object or a plain mapping) as (field, times, plus)."""
    if isinstance(raw, dict):
        return str(raw["field"]), raw.get("times"), raw.get("plus")
    if hasattr(raw, "field") and not isinstance(raw, str | int | float | date):
        return str(raw.field), getattr(raw, "times", None), getattr(raw, "plus", None)
    return None


def _holds(col: str, item: str) -> Sql:
    if not item or "," in item:
        return "0", []
    return f"instr({col}, ?) > 0", [f",{item},"]


def _scalar(sql: str, params: list[Any], zero: bool = False) -> Combine:
    def run(con: sqlite3.Connection) -> float | None:
        row = con.execute(sql, params).fetchone()
        value = row[0] if row else None
        if value is None:
            return 0.0 if zero else None
        return float(value)

    return run


def plans(
    cat: Catalogue,
    profile: ClusterProfile,
    period: Period,
    statuses: tuple[str, ...],
    unproven: tuple[str, ...] = (),
    as_of: date | None = None,
) -> dict[str, Combine]:
    """Indicator id -> the function computing its value; judgement indicators have none."""
    bare = Bare(profile, period, statuses, unproven, as_of)
    out = {}
    for i in cat.indicators:
        if i.metric is None:
            continue
        worst = None
        if unproven and i.metric.aggregate in ("share", "ratio", "growth"):
            worst = "high" if i.lower_is_better else "low"
        out[i.id] = bare.plan(i.metric, worst)
    return out


def id_queries(
    cat: Catalogue,
    profile: ClusterProfile,
    period: Period,
    statuses: tuple[str, ...],
    as_of: date | None = None,
) -> list[Sql]:
    """The id lists behind each value (what a snapshot also carries), for the notes."""
    bare = Bare(profile, period, statuses, as_of=as_of)
    out: list[Sql] = []

    def add(m: Metric) -> None:
        if m.aggregate == "ratio":
            assert isinstance(m.numerator, Metric) and m.denominator is not None
            add(m.numerator)
            add(m.denominator)
            return
        base, params = bare.base(m, scoped=m.aggregate != "growth")
        out.append((f"SELECT id FROM evidence WHERE {base}", params))

    for i in cat.indicators:
        if i.metric is not None:
            add(i.metric)
    return out


def _age(since: date, end: date) -> float:
    """Years from `since` to the end of `end`: whole anniversaries, then the year under
    way by its days (as the assessment counts an age)."""
    after = end + timedelta(days=1)
    years = after.year - since.year

    def on(n: int) -> date:
        try:
            return since.replace(year=since.year + n)
        except ValueError:  # 29 February in a year without one
            return date(since.year + n, 2, 28)

    if on(years) > after:
        years -= 1
    return years + (after - on(years)).days / (on(years + 1) - on(years)).days
