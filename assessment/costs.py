"""What quietly costs points: suspicious values and possible duplicates, found at assessment.

Why: a score says what was counted, not what went wrong on the way. A home-region share
of 0 % because nobody filled in the members' regions, a country left empty on half the
events, a satisfaction of 7.5 (a 1-10 score) among 82s, one workshop imported twice
under two spellings: each changes points without a word, and each is cheaper to fix
than any new activity. The manager's page "What costs you points" lists them
(`reports/costs.py`); they are found here, where the store is at hand, and carried in
the snapshot (`Snapshot.concerns`), since a report never opens the store.

What counts as suspicious (every rule is about what the catalogue's metrics use, so a
field no indicator looks at is never flagged):
- a profile field (`$country`, `$region`, `$founded`) a metric compares records with and
  the profile lacks (`assessment.profile_needs`), with the indicators it holds down;
- a field a metric's conditions name, empty on many of the records of its kind that
  run in the period (at least `MANY_RECORDS` records and `MANY_SHARE` of them): a
  condition on an empty field fails, so those records never count;
- a share of 0 % whose condition compares records with the cluster's own country or
  region while the profile has it: a cluster based somewhere with nobody there is
  unlikely; the records with that field empty are named (the usual cause);
- a value a per-member ratio adds up above the members it divides by (a service that
  served 400 members of a cluster of 55, `assessment.served`);
- hours or FTE beyond what time allows: training hours per FTE above a full-time
  working year, a record's hours above its days' 24 hours, one person above one FTE
  (`assessment.time_allows`);
- a counted service without an end that started before the period: a standing service
  whose running in the period an auditor asks to see (`assessment.standing`);
- a project the cluster only supports (role support) counted as its collaborative
  project: what the cluster did for it is what an auditor asks (`assessment.supported`);
- a value a metric adds up or averages far above or below the usual of its kind, or on
  another scale (`assessment.outliers`).
Possible duplicates among the records that run in the period: members whose names look
like one organisation, events or projects of near the same title and date
(`assessment.duplicates`). Documents entered in place of what a count counts (minutes
without their board meeting, `assessment.proof_records`). A trainee on no staff record
(`assessment.trainees`).

Records are the counting mode's (as they stood on the assessment's date), dated up to
the period's end, and of those only the ones some check reads are read (`_wants`); an
assessment with none gives no concerns. A concern names at most
`concern_rows.SHOWN` records and says how many there were.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Dialect,
    String,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
)

from criteria.models import Catalogue, LastYears, Metric, counts_items, metric_unit
from evidence.messages import M, Mp, num, term
from evidence.models import KINDS, ClusterProfile, kind_fields
from evidence.pages.items import city_country
from evidence.regions import describe
from evidence.schema import evidence
from evidence.store import STATUS_AT, status_at
from evidence.store.prepared import Prepared
from evidence.terms import N_

from .concern_rows import Filters, Row, Use, Value, reaching, records_of
from .duplicates import DUPLICATE_KINDS, SAME_TITLE, counted_once, duplicates
from .metrics import EvalContext
from .outliers import outliers
from .period import Period, shift
from .profile_needs import EXAMPLES, _used, profile_variables
from .proof_records import unentered
from .served import beyond_members
from .snapshot import Concern, Gap
from .standing import standing_before
from .supported import only_supported
from .time_allows import beyond_time
from .trainees import outside_staff
from .would_count import Judge, entry_fields

MANY_RECORDS = 3
MANY_SHARE = 0.2
REVIEWED = ("verified", "rejected", "needs_info")

PROFILE_WORDS = {
    "country": N_("the cluster's country"),
    "region": N_("the cluster's home region"),
    "founded": N_("the cluster's founding year"),
}


def concerns(
    conn: Connection, cat: Catalogue, results: Mapping[str, Value], ctx: EvalContext
) -> list[Concern]:
    """Every concern of an assessment (module docstring), in a fixed order: profile,
    suspicious values, duplicates. `results`: each indicator's value and the records
    behind it; `ctx`: how they were evaluated (the cluster, the period, the counting
    mode's statuses, the instant statuses are read back to; a duplicate's value counted
    once is evaluated so too)."""
    profile, period, statuses, statuses_at = ctx.cluster, ctx.period, ctx.statuses, ctx.statuses_at
    uses = _uses(cat)
    rows = _rows(conn, profile.slug, period, statuses, uses, statuses_at)
    zero = _zero_shares(cat, rows, results, profile, period)
    # a field the 0 % share already names is not named twice for the same indicators
    named = {(c.indicators[0], c.records_total) for c in zero}
    empty = [
        c
        for c in _empty_fields(rows, uses, period, profile, Judge(conn, profile, period, ctx.as_of))
        if not all((i, c.records_total) in named for i in c.indicators)
    ]
    out = _profile(cat, profile) + empty + zero
    out += unentered(conn, cat, profile, period, statuses, statuses_at=statuses_at, as_of=ctx.as_of)
    out += outside_staff(rows, cat, results)
    out += beyond_members(conn, cat, rows, results, ctx)
    out += beyond_time(cat, rows, uses, results, period)
    out += standing_before(conn, cat, results, ctx)
    out += only_supported(conn, cat, results, ctx)
    out += outliers(rows, uses, results)
    out += duplicates(rows, period, cat, results, counted_once(conn, ctx))
    return out


def with_records_needed(cat: Catalogue, steps: Sequence[Gap]) -> list[Gap]:
    """The next steps, each with the records it needs when that is a number of records
    (`Gap.records_needed`): a plain count, higher is better, whose step's effort
    (`assessment.effort.quantity`) is the records it is short of, or an `exists`, which
    one record wins (a strategy the auditor asked about, settled, is G7's step). Why: the
    page "What costs you points" shows points at stake for near misses only when fixing
    them would reach the step; four records do not win a step that needs 27. A sum of
    items (C5) needs the items it is short of, each near miss reckoned one item: a
    monthly report of 20 posts may win more than it is said to, never less."""
    counts = {
        i.id
        for i in cat.indicators
        if i.metric is not None
        and (i.metric.aggregate == "exists" or counts_items(i.metric))
        and not i.lower_is_better
    }
    return [
        s.model_copy(update={"records_needed": s.effort}) if s.indicator in counts else s
        for s in steps
    ]


def reviewed(by_status: Mapping[str, int]) -> int:
    """How many records have been reviewed: verified, rejected or asked for information."""
    return sum(n for s, n in by_status.items() if s in REVIEWED)


# -- what the catalogue uses ---------------------------------------------------------------


def _uses(cat: Catalogue) -> dict[str, Use]:
    out: dict[str, Use] = {}
    for ind in cat.indicators:
        if ind.metric is not None:
            for kind, fields, filters, value, metric in _metric_uses(ind.metric):
                use = out.setdefault(kind, Use({}, {}))
                for name in fields:
                    use.conditions.setdefault(name, []).append((ind.id, filters, metric))
                if value:
                    use.values.setdefault(value, set()).add(ind.id)
                if fields or (metric.aggregate == "share" and any(_home_refs(metric.numerator))):
                    use.reach.append(metric)
    return out


def _metric_uses(m: Metric) -> Iterator[tuple[str, set[str], Filters, str | None, Metric]]:
    """(kind, the fields its conditions name that a record may lack by mistake, the
    choices its records must have, the numeric field it aggregates) of a metric and of
    the metrics it is made of. A missing number or date mostly means "does not apply"
    (a membership fee is secured for no later year), a missing choice, text or yes/no
    that the record was not filled in (a member's region or country)."""
    if isinstance(m.numerator, Metric):
        yield from _metric_uses(m.numerator)
    if m.denominator is not None:
        yield from _metric_uses(m.denominator)
    if m.kind is None:
        return
    fields = kind_fields(m.kind)
    named = set(_where_fields(m.where))
    if isinstance(m.numerator, Mapping):
        named |= set(_where_fields(m.numerator))
    filters = tuple(
        (n, frozenset(c if isinstance(c, list) else [c]))
        for n, c in sorted(m.where.items())
        if n in fields and fields[n].type == "choice" and not isinstance(c, Mapping)
    )
    chosen = {n for n, _ in filters}
    usable = {
        n for n in named - chosen if n in fields and fields[n].type in ("choice", "text", "bool")
    }
    value = m.field if m.field in fields and fields[m.field].type in ("int", "float") else None
    if m.aggregate in ("count", "count_distinct", "growth", "age_years"):
        value = None  # a field it counts or dates by, not a value it adds up
    elif metric_unit(m) == "count":
        value = None  # items a record stands for (a monthly report's 20 posts), not a size
    yield m.kind, usable, filters, value, m


def _where_fields(where: Any) -> Iterator[str]:
    if isinstance(where, Mapping):
        for name, cond in where.items():
            yield from sorted(entry_fields(name, cond))


def _rows(
    conn: Connection,
    cluster: str,
    period: Period,
    statuses: Sequence[str],
    uses: dict[str, Use],
    statuses_at: Any,
) -> list[Row]:
    """The counted records, dated up to the period's end, that a concern may look at,
    with the fields looked at: of each kind, those whose last day reaches the earliest
    day a check of that kind starts from (`_wants`), and those giving a value a metric
    adds up (the outliers' usual range takes every year). Not every record up to the
    period's end: in ten years of a cluster's records, six in seven were news and
    documents no check looks at, or earlier years' events (issue 19)."""
    wants = _wants(uses, period)
    # a record's country too: a region is not asked of a member abroad (`_lacks`); a
    # trainee, who should be on the staff list (`assessment.trainees`); and the field two
    # near-same records must share to be one (`duplicates.SAME_TITLE`)
    # and an event's place and part in it, which say whether its empty country is home
    names = {"org_id", "country", "person", "city", "role", "format"}
    names |= {f for f in SAME_TITLE.values() if f}
    names |= {f for u in uses.values() for f in (*u.conditions, *u.values)}
    names |= {
        n
        for u in uses.values()
        for users in u.conditions.values()
        for _, fs, _ in users
        for n, _ in fs
    }
    cols = [evidence.c[n] for n in sorted(names) if n in evidence.c]
    query = _query(conn.dialect, wants, tuple(cols), period.end, tuple(statuses), statuses_at)
    params = (
        {"cluster": cluster}
        if statuses_at is None
        else {"cluster": cluster, STATUS_AT: statuses_at}
    )
    out = []
    wanted = {
        kind: [(n, col.name) for n, col in enumerate(cols) if col.name in kind_fields(kind)]
        for kind, _, _ in wants
    }
    for row in query.run(conn, params):
        record_id, kind, title, start, end, *values = row
        kept = {name: values[n] for n, name in wanted[kind]}
        out.append(Row(record_id, kind, title, start, end, kept))
    out.sort(key=lambda r: (r.kind, r.start, r.id))  # PostgreSQL orders text by locale
    return out


_EVERY_YEAR = date.min  # a kind whose every record up to the period's end is looked at
_VALUES_ONLY = date.max  # a kind whose records giving a value are all that is looked at
Want = tuple[str, date, tuple[str, ...]]  # (kind, the day its last day must reach, values)


def _wants(uses: dict[str, Use], period: Period) -> tuple[Want, ...]:
    """Of each kind a check looks at: the earliest day its records' last day must reach
    (the empty-field and 0 % checks: each metric's `_since`; the duplicates: the
    period's first day for members and the kinds of `duplicates.SAME_TITLE`) and the
    numeric fields whose records are read whatever their date (the outliers)."""
    out = []
    for kind in sorted(set(uses) | set(DUPLICATE_KINDS)):
        use = uses.get(kind, Use({}, {}))
        since = [_since(m, period) for m in use.reach]
        if kind in DUPLICATE_KINDS:
            since.append(period.start)
        dated = [d for d in since if d is not None]
        if len(dated) < len(since):  # a check that looks at every year
            first = _EVERY_YEAR
        elif dated:
            first = min(dated)
        elif use.values:
            first = _VALUES_ONLY
        else:
            continue  # counted, but no check looks at its records
        out.append((kind, first, tuple(sorted(use.values))))
    return tuple(out)


# (dialect, wants, columns, period's end, statuses, by the review log) -> the statement
_QUERIES: dict[tuple[Any, ...], Prepared] = {}


def _query(
    dialect: Dialect,
    wants: tuple[Want, ...],
    cols: tuple[Column[Any], ...],
    end: date,
    statuses: tuple[str, ...],
    statuses_at: Any,
) -> Prepared:
    """The statement of `_rows`, built once for every cluster of a run (the slug is its
    one open parameter), so that it is compiled once (`assessment.prepared`)."""
    key = (dialect, wants, tuple(c.name for c in cols), end, statuses, statuses_at is None)
    if key not in _QUERIES:
        status = evidence.c.status if statuses_at is None else status_at()
        c = evidence.c
        if len(_QUERIES) >= 256:
            _QUERIES.clear()
        query = (
            select(c.id, c.kind, c.title, c.start, c.end, *cols)
            .where(
                c.cluster == bindparam("cluster", type_=String),
                c.start <= end,
                status.in_(list(statuses)),
                or_(*(_wanted(*want) for want in wants)) if wants else false(),
            )
            .order_by(c.kind, c.start, c.id)
        )
        _QUERIES[key] = Prepared(query, dialect)
    return _QUERIES[key]


def _wanted(kind: str, first: date, values: tuple[str, ...]) -> ColumnElement[bool]:
    """The records of `kind` that `Row.last` says reach `first`, or give a value."""
    c = evidence.c
    if first == _EVERY_YEAR:
        return c.kind == kind
    reach: list[ColumnElement[bool]] = []
    if first != _VALUES_ONLY:
        reach.append(func.coalesce(c.end, c.start) >= first)
        if KINDS[kind].open_ended:
            reach.append(c.end.is_(None))  # ongoing
    reach += [c[v].is_not(None) for v in values]
    return and_(c.kind == kind, or_(*reach))


def _since(m: Metric, period: Period) -> date | None:
    """The day a record's last day must reach for `m` to count it (None: any record up
    to the period's end): the period's first day, its last for `active_at_end`, the first
    of `last_years`; `all` and `growth` look at every year."""
    if m.aggregate == "growth" or m.scope == "all":
        return None
    if isinstance(m.scope, LastYears):
        return shift(period.end, -12 * m.scope.last_years)
    return period.end if m.scope == "active_at_end" else period.start


# -- the profile ---------------------------------------------------------------------------


def _profile(cat: Catalogue, profile: ClusterProfile) -> list[Concern]:
    missing = [n for n in profile_variables() if getattr(profile, n) is None]
    used = cat.derived("profile_variables", _used)
    out = []
    for name in missing:
        ids = sorted(i for i, names in used.items() if name in names)
        if not ids:
            continue
        words = PROFILE_WORDS.get(name)
        field = M(words) if words else M("{x}", x=name)
        option = f"--{name.replace('_', '-')} {EXAMPLES.get(name, 'VALUE')}"
        out.append(
            Concern(
                group="profile",
                what=Mp(
                    "The profile does not give {field}: {n} indicator compares records "
                    "with it and counts less or nothing ({ids}).",
                    "The profile does not give {field}: {n} indicators compare records "
                    "with it and count less or nothing ({ids}).",
                    n=len(ids),
                    field=field,
                    ids=", ".join(ids),
                ),
                todo=M(
                    "Set it: {command}",
                    command=f"clex init --cluster {profile.slug} {option}",
                ),
                indicators=ids,
            )
        )
    return out


# -- suspicious values ---------------------------------------------------------------------


def _lacks(row: Row, name: str, profile: ClusterProfile) -> bool:
    """The record lacks `name`, and filling it in could matter: a region is not asked of
    a record in another country than the cluster's (no foreign region is its home region,
    so filling it in wins no point; the concern listed members from Germany and Poland),
    nor a country of an event its record places at home (`_placed_at_home`)."""
    if row.values.get(name) is not None:
        return False
    if name in KINDS[row.kind].empty_at_home and _placed_at_home(row, profile):
        return False
    return not (name == "region" and _abroad(row, profile))


# Presenting at another's event, and formats that travel by their nature: without a
# place, the record does not say it was the cluster's own event at home.
AWAY_ROLES = frozenset({"exhibitor", "speaker", "participant"})
AWAY_FORMATS = frozenset({"fair", "mission", "study_visit"})


def _placed_at_home(row: Row, profile: ClusterProfile) -> bool:
    """An event entered without a country is at the cluster's home, as the template's
    note says (`Record.empty_at_home`), unless its record says otherwise: its city lies
    in another country ("Munich"), or it names no city either (its place is unknown) and
    the cluster went to it rather than held it at home (it exhibited, spoke or took
    part, or it is a fair, a mission or a study visit). The concern named every local
    workshop and board meeting entered as the note asks as "having no country"."""
    city = row.values.get("city")
    if city:
        where = city_country(str(city))
        return where is None or not profile.country or where == profile.country
    away = row.values.get("role") in AWAY_ROLES or row.values.get("format") in AWAY_FORMATS
    return not away


def _abroad(row: Row, profile: ClusterProfile) -> bool:
    """The record names a country other than the cluster's (none of its regions is home)."""
    country = row.values.get("country")
    return bool(profile.country) and country is not None and country != profile.country


def _empty_fields(
    rows: Sequence[Row],
    uses: dict[str, Use],
    period: Period,
    profile: ClusterProfile,
    judge: Judge | None = None,
) -> list[Concern]:
    """A field empty on many of the records that would count but for it. `judge`: the
    store's word on which records every other condition of a metric admits and which it
    does not count as they are (`assessment.would_count`: a venue that `any_of` accepts
    empty, a board meeting at home that no venue makes an activity abroad); None: the
    rows' dates and choices alone (the years a field is asked of)."""
    out = []
    for kind in sorted(uses):
        mine = [r for r in rows if r.kind == kind]
        for name, users in sorted(uses[kind].conditions.items()):
            # the records some indicator asks the field of: of its kind, with its choices,
            # in the years it counts (a 2023 survey is one of a 2-year indicator's)
            asked = [
                (i, m, [r for r in reaching(mine, _since(m, period)) if _meets(r, f)])
                for i, f, m in users
            ]
            about = {r.id: r for _, _, rs in asked for r in rs}
            empty = [r for r in about.values() if _lacks(r, name, profile)]
            if len(empty) < MANY_RECORDS:
                continue
            ids = sorted({i for i, _, _ in users})
            if judge is not None:  # only those that filling the field in would count
                admitted: set[str] = set()
                missed: dict[str, set[str]] = {}
                for i, m, rs in asked:
                    admitted_here, missed[i] = judge.split(m, name, [r.id for r in rs])
                    admitted |= admitted_here
                lacking = {r.id for r in empty}
                about = {i: r for i, r in about.items() if i in admitted}
                empty = [r for r in empty if any(r.id in ms for ms in missed.values())]
                ids = sorted(i for i, ms in missed.items() if ms & lacking)
            empty.sort(key=lambda r: (r.start, r.id))
            if len(empty) < MANY_RECORDS or len(empty) < MANY_SHARE * len(about):
                continue
            out.append(
                Concern(
                    group="suspicious",
                    what=Mp(
                        "{n} of the {total} “{kind}” records that {ids} would count has no "
                        "“{field}”, so it is not counted.",
                        "{n} of the {total} “{kind}” records that {ids} would count have no "
                        "“{field}”, so they are not counted.",
                        n=len(empty),
                        total=len(about),
                        kind=term(f"kind:{kind}"),
                        field=term(f"field:{name}"),
                        ids=", ".join(ids),
                    ),
                    todo=M(
                        "Fill in “{field}” on these records and import them again.",
                        field=term(f"field:{name}"),
                    ),
                    indicators=ids,
                    records=records_of(empty),
                    records_total=len(empty),
                )
            )
    return out


def _meets(row: Row, filters: Filters) -> bool:
    return all(row.values.get(n) in allowed for n, allowed in filters)


def _zero_shares(
    cat: Catalogue,
    rows: Sequence[Row],
    results: Mapping[str, Value],
    profile: ClusterProfile,
    period: Period,
) -> list[Concern]:
    """A share of 0 % although its condition compares records with the profile's own
    country or region, which the profile gives."""
    out = []
    for ind in cat.indicators:
        m, res = ind.metric, results.get(ind.id)
        if m is None or res is None or m.aggregate != "share" or res[0] != 0 or not m.kind:
            continue
        home = _home_fields(m.numerator, profile)
        if not home:
            continue
        whole = reaching([r for r in rows if r.kind == m.kind], _since(m, period))
        counted = set(res[1])
        if counted:
            whole = [r for r in whole if r.id in counted] or whole
        if not whole:
            continue
        name, value = home[0]
        if name == "region" and all(_abroad(r, profile) for r in whole):
            continue  # every one abroad: 0 % at home is what the records say
        empty = [r for r in whole if _lacks(r, name, profile)]
        what = M(
            "The share is {value} although the profile gives {place}: "
            "{n} of its {total} “{kind}” records have no “{field}”.",
            value=num(0, "percent"),
            place=describe(value) if name == "region" else value,
            n=len(empty),
            total=len(whole),
            kind=term(f"kind:{m.kind}"),
            field=term(f"field:{name}"),
        )
        out.append(
            Concern(
                group="suspicious",
                what=what,
                todo=M(
                    "Check “{field}” on these records: fill in the missing ones, correct "
                    "the wrong ones, and import them again.",
                    field=term(f"field:{name}"),
                ),
                indicators=[ind.id],
                records=records_of(empty or whole, name),
                records_total=len(empty or whole),
            )
        )
    return out


def _home_fields(numerator: Any, profile: ClusterProfile) -> list[tuple[str, str]]:
    """(field, the profile's value) of a share's conditions that compare a field with
    `$country` or `$region` where the profile gives it."""
    return [
        (name, str(given))
        for name, ref in _home_refs(numerator)
        if (given := getattr(profile, ref))
    ]


def _home_refs(numerator: Any) -> Iterator[tuple[str, str]]:
    """(field, "country" or "region") of each condition of a share's numerator that
    compares the field with the profile's own country or region."""
    if not isinstance(numerator, Mapping):
        return
    for name, cond in numerator.items():
        for v in cond.values() if isinstance(cond, Mapping) else [cond]:
            if isinstance(v, str) and v in ("$country", "$region"):
                yield name, v[1:]


__all__ = ["concerns", "reviewed", "with_records_needed"]
