"""Hours and FTE beyond what time allows: a concern, not a cap.

Why: G4 divides the management team's training hours by its average FTE. A Czech
workbook's `1.250` hours (one course, 1,250 hours in Czech notation, where a point
separates thousands) gave 2,009 hours of training per FTE a year, G4's top step, and
"Suspicious values: none found": the generic "far from its kind's usual"
(`assessment.outliers`) needs four records for a usual, and the team had two. Some
values need no usual, because time itself bounds them; each is named with its records:

- an hour ratio per FTE a year (a ratio adding up `hours` over a sum of `fte`) above a
  full-time working year, `FULL_TIME_YEAR` hours: no team trains longer than it works;
- a record's `hours` above the hours of the days it spans (24 a day; a record without
  an end lasts its start day, one dated to a month or year that month or year): one
  person's course of 1,250 hours on 3 April, or a course of several days entered on
  its first day alone;
- a staff record's `fte` above 1: a staff record is one person, and one person is at
  most one full-time equivalent (the record model admits up to 1.5).

`FULL_TIME_YEAR` is 48 weeks of 40 hours: a full-time year after the four weeks of
paid leave the EU's Working Time Directive (2003/88/EC, art. 7) gives every worker, and
before any public holiday, so a value above it is past doubt, not merely high (a real
working year is nearer 1,700-1,800 hours). No softer bound is guessed: 200 hours of
training is a lot, not impossible. The values stay as counted: which number is right
is the record's source to tell.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from criteria.models import Catalogue, Metric
from evidence.messages import M, Mp, num, term

from .concern_rows import Row, Use, Value, number, records_of
from .period import Period, per_year
from .snapshot import Concern

FULL_TIME_YEAR = 48 * 40  # hours: 48 weeks of 40 hours (module docstring)
DAY_HOURS = 24
HOURS, FTE = "hours", "fte"  # the fields time bounds


def beyond_time(
    cat: Catalogue,
    rows: Sequence[Row],
    uses: Mapping[str, Use],
    results: Mapping[str, Value],
    period: Period,
) -> list[Concern]:
    """The concerns of the module docstring, ratios first, then records."""
    out = list(_ratios(cat, rows, results, period))
    for kind in sorted(uses):
        for name, ids in sorted(uses[kind].values.items()):
            if name not in (HOURS, FTE):
                continue
            counted = {e for i in ids if i in results for e in results[i][1]}
            mine = [r for r in rows if r.kind == kind and r.id in counted]
            concern = _hours(kind, mine, ids) if name == HOURS else _fte(kind, mine, ids)
            if concern is not None:
                out.append(concern)
    return out


def _ratios(
    cat: Catalogue, rows: Sequence[Row], results: Mapping[str, Value], period: Period
) -> Iterator[Concern]:
    for ind_id, kind, metric in _hours_per_fte(cat):
        value = results[ind_id][0] if ind_id in results else None
        if value is None:
            continue
        yearly = value if per_year(metric) else value / period.years
        if yearly <= FULL_TIME_YEAR:
            continue
        counted = set(results[ind_id][1])
        mine = sorted(
            (r for r in rows if r.kind == kind and r.id in counted),
            key=lambda r: -(number(r.values.get(HOURS)) or 0.0),
        )
        yield Concern(
            group="suspicious",
            what=M(
                "{ids} gives {value} hours per FTE a year, more than a full-time working "
                "year ({year} hours): nobody trains longer than they work.",
                ids=ind_id,
                value=num(yearly),
                year=num(FULL_TIME_YEAR),
            ),
            todo=M(
                "Check the records with the most “{field}” against their certificates (a "
                "thousands separator where a decimal one was meant, a team's hours on one "
                "record); correct them and import them again.",
                field=term(f"field:{HOURS}"),
            ),
            indicators=[ind_id],
            records=records_of(mine, HOURS),
            records_total=len(mine),
        )


def _hours(kind: str, rows: Sequence[Row], ids: set[str]) -> Concern | None:
    """The records giving more hours than their days have."""
    above = [
        r
        for r in rows
        if (v := number(r.values.get(HOURS))) is not None and v > DAY_HOURS * _days(r)
    ]
    if not above:
        return None
    return Concern(
        group="suspicious",
        what=Mp(
            "{n} “{kind}” record gives more “{field}” than the days it spans have "
            "({day} hours a day).",
            "{n} “{kind}” records give more “{field}” than the days they span have "
            "({day} hours a day).",
            n=len(above),
            kind=term(f"kind:{kind}"),
            field=term(f"field:{HOURS}"),
            day=DAY_HOURS,
        ),
        todo=M(
            "Check the hours against the certificate (a thousands separator where a "
            "decimal one was meant); give a course of several days its end, and each "
            "person's training a record of its own; import them again."
        ),
        indicators=sorted(ids),
        records=records_of(above, HOURS),
        records_total=len(above),
    )


def _fte(kind: str, rows: Sequence[Row], ids: set[str]) -> Concern | None:
    """The staff records of more than one full-time equivalent."""
    above = [r for r in rows if (v := number(r.values.get(FTE))) is not None and v > 1]
    if not above:
        return None
    return Concern(
        group="suspicious",
        what=Mp(
            "{n} “{kind}” record gives an “{field}” above 1: one person works at most "
            "one full-time equivalent.",
            "{n} “{kind}” records give an “{field}” above 1: one person works at most "
            "one full-time equivalent.",
            n=len(above),
            kind=term(f"kind:{kind}"),
            field=term(f"field:{FTE}"),
        ),
        todo=M(
            "Give the share of a full-time job the person works (0.5 for half time, 1 "
            "for full time), one record per person; import them again."
        ),
        indicators=sorted(ids),
        records=records_of(above, FTE),
        records_total=len(above),
    )


def _days(row: Row) -> int:
    """The days a record spans: its start to its last day (`Row.last`), at least one."""
    last = row.last or row.start
    return max((last - row.start).days + 1, 1)


def _hours_per_fte(cat: Catalogue) -> Iterator[tuple[str, str, Metric]]:
    """(indicator, the kind whose hours it adds up, its metric) of each ratio of hours
    per FTE."""
    for ind in cat.indicators:
        m = ind.metric
        if m is None or m.aggregate != "ratio":
            continue
        top, bottom = m.numerator, m.denominator
        if not isinstance(top, Metric) or not isinstance(bottom, Metric):
            continue
        if top.kind is None or (top.aggregate, top.field) != ("sum", HOURS):
            continue
        if (bottom.aggregate, bottom.field) == ("sum", FTE):
            yield ind.id, top.kind, m
