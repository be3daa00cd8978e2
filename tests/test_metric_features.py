"""The catalogue format's newer features, hand-computed, on SQLite and PostgreSQL.

`any_of`, `missing`, a field compared with another field of the record, `$as_of` and
`$founded`, `since` on `age_years`, `pro_rata` and `time_weighted` sums, and the
scopes' `expires` and one-day records (docs/catalogue-format.md). The evidence is a
YAML import file as a user writes it; each value is computed by hand in the comment
beside it, and the plain-Python reference (tests/reference_eval.py) must agree. The
catalogue checks for these features are at the end: every problem located, all at once.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assessment.metrics import SELF_ASSESSMENT_STATUSES, EvalContext, evaluate
from assessment.period import Period
from criteria.models import Metric
from evidence.ingest import import_files
from evidence.models import ClusterProfile, Record
from evidence.store import Store
from tests.reference_eval import reference

EVIDENCE = textwrap.dedent("""\
    # members: start = joined
    - {kind: member, title: MA, type: sme, committed: yes, start: 2020-01-01}
    - {kind: member, title: MB, type: university, fee_paying: yes, start: 2021-01-01}
    - {kind: member, title: MC, type: sme, start: 2022-01-01}
    - {kind: member, title: MD, type: public, committed: yes, fee_paying: yes, start: 2019-01-01, expires: 2024-06-30}
    - {kind: member, title: ME, type: startup, committed: yes, start: 2024-03-01, expires: 2025-06-30}
    # events: one day each
    - {kind: event, title: E1, format: workshop, audience: members, participants: 10, tags: digital, start: 2024-02-01}
    - {kind: event, title: E2, format: workshop, participants: 5, start: 2024-03-01}
    - {kind: event, title: E3, format: workshop, start: 2024-04-01}
    # surveys
    - {kind: survey, title: S1, invited: 30, respondents: 3, start: 2024-05-01}
    - {kind: survey, title: S2, invited: 40, respondents: 12, start: 2024-06-01}
    - {kind: survey, title: S3, respondents: 50, start: 2024-07-01}
    # documents
    - {kind: document, title: Statutes amended, doc_type: statutes, start: 2016-01-01}
    - {kind: document, title: Strategy, doc_type: strategy, start: 2022-03-01, approved_on: 2022-02-01}
    - {kind: document, title: Plan, doc_type: action_plan, start: 2023-03-01, approved_on: 2023-04-01}
    - {kind: document, title: Award 2023, doc_type: award, start: 2023-05-01, expires: 2024-06-30}
    - {kind: document, title: Award 2022, doc_type: award, start: 2022-05-01}
    # finance: start..end = the span the amount covers
    - {kind: finance, title: Grant, source_type: public_eu, amount_eur: 600000, start: 2020-01-01, end: 2025-12-31}
    - {kind: finance, title: Fees 2024, source_type: membership_fees, amount_eur: 50000, start: 2024-01-01, end: 2024-12-31}
    - {kind: finance, title: One-off 2024, source_type: private, amount_eur: 1000, start: 2024-05-01}
    - {kind: finance, title: One-off 2023, source_type: private, amount_eur: 2000, start: 2023-05-01}
    - {kind: finance, title: Fiscal 2023-24, source_type: paid_services, amount_eur: 36600, start: 2023-07-01, end: 2024-06-30}
    - {kind: finance, title: Expired pledge, source_type: private, amount_eur: 9000, start: 2023-01-01, end: 2024-12-31, expires: 2023-12-31}
    # projects: open-ended; one without an end that began before 2024
    - {kind: project, title: Running, role: lead, cluster_budget_eur: 10000, start: 2023-01-01}
    - {kind: project, title: Short, role: lead, cluster_budget_eur: 3660, start: 2024-01-01, end: 2024-01-10}
    # staff: the FTE over the year
    - {kind: staff, title: Manager, fte: 1.0, start: 2020-01-01}
    - {kind: staff, title: Leaver, fte: 1.0, start: 2020-01-01, end: 2024-06-30}
    - {kind: staff, title: Newcomer, fte: 0.5, start: 2024-07-01}
    # communication: web news items, not open-ended
    - {kind: communication, title: Site launched, channel: website, start: 2014-05-01}
    - {kind: communication, title: Site (live), channel: website, start: 2014-05-01, end: 2099-12-31}
    - {kind: communication, title: Old site, channel: website, start: 2018-01-01, end: 2030-12-31, expires: 2024-06-30}
    - {kind: communication, title: News 2024, channel: social_media, start: 2024-03-01}
    - {kind: communication, title: News 2023, channel: social_media, start: 2023-11-01}
    """)  # fmt: skip

Y2024 = Period.year(2024)
FOUNDED = date(2011, 1, 1)


class Features:
    def __init__(self, store: Store, records: list[Record]) -> None:
        self.store = store
        self.records = records
        self.profile = store.cluster("feat")

    def __call__(
        self,
        metric: dict[str, Any],
        *,
        as_of: date | None = None,
        founded: int | None = 2011,
    ) -> tuple[float | None, tuple[str, ...]]:
        """The SQL value and the titles of the records behind it, after checking that
        the reference agrees."""
        m = Metric.model_validate(metric)
        profile = self.profile.model_copy(update={"founded": founded})
        ctx = EvalContext(profile, Y2024, SELF_ASSESSMENT_STATUSES, as_of=as_of)
        with self.store.read() as conn:
            got = evaluate(conn, m, ctx)
        want = reference(self.records, m, ctx)
        assert got.evidence_ids == want.evidence_ids, (metric, got, want)
        if want.value is None:
            assert got.value is None
        else:
            assert got.value == pytest.approx(want.value, rel=1e-9), (metric, got, want)
        titles = {r.id: r.title for r in self.records}
        return got.value, tuple(sorted(titles[i] for i in got.evidence_ids))


@pytest.fixture
def feat(db_url: str, tmp_path: Path) -> Iterator[Features]:
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug="feat", name="Features", country="CZ"))
    path = tmp_path / "evidence.yaml"
    path.write_text(EVIDENCE, encoding="utf-8")
    import_files(store, [path], cluster="feat")
    yield Features(store, store.records("feat"))
    store.engine.dispose()


def M(aggregate: str, kind: str, **kw: Any) -> dict[str, Any]:
    return {"aggregate": aggregate, "kind": kind, **kw}


EITHER = {"any_of": [{"committed": True}, {"fee_paying": True}]}


def test_any_of(feat: Features) -> None:
    # committed or fee-paying, active on 2024-12-31: MD expired on 2024-06-30
    assert feat(M("count", "member", scope="active_at_end", where=EITHER)) == (
        3,
        ("MA", "MB", "ME"),
    )
    # in the period, MD still counts: it expired after the period's start
    assert feat(M("count", "member", where=EITHER))[0] == 4
    # nested: committed and (sme or startup), or a university
    nested = {
        "any_of": [
            {"committed": True, "any_of": [{"type": "sme"}, {"type": "startup"}]},
            {"type": "university"},
        ]
    }
    assert feat(M("count", "member", scope="all", where=nested)) == (3, ("MA", "MB", "ME"))
    # a share's numerator: of the five members in the period, four commit or pay
    assert feat(M("share", "member", numerator=EITHER))[0] == pytest.approx(80.0)


def test_missing(feat: Features) -> None:
    assert feat(M("count", "event", where={"audience": {"missing": True}})) == (2, ("E2", "E3"))
    assert feat(M("count", "event", where={"audience": {"missing": False}})) == (1, ("E1",))
    # a list field is missing when it is empty
    assert feat(M("count", "event", where={"tags": {"missing": True}})) == (2, ("E2", "E3"))
    assert feat(M("count", "event", where={"participants": {"missing": False, "gte": 6}})) == (
        1,
        ("E1",),
    )


def test_a_field_compared_with_another_field(feat: Features) -> None:
    # S1: 3 of 30 is 10 % (30 x 0.1 is 3.0000000000000004: compared within 1e-9);
    # S2: 12 of 40; S3 has no `invited`, so it never matches
    tenth = {"respondents": {"gte": {"field": "invited", "times": 0.1}}}
    assert feat(M("count", "survey", where=tenth)) == (2, ("S1", "S2"))
    third = {"respondents": {"gte": {"field": "invited", "times": 0.3}}}
    assert feat(M("count", "survey", where=third)) == (1, ("S2",))
    fewer = {"respondents": {"lt": {"field": "invited"}}}
    assert feat(M("count", "survey", where=fewer)) == (2, ("S1", "S2"))
    exact = {"respondents": {"ne": {"field": "invited", "times": 0.1}}}
    assert feat(M("count", "survey", where=exact)) == (1, ("S2",))
    # dates with dates: approved before it was dated
    early = {"approved_on": {"lt": {"field": "start"}}}
    assert feat(M("count", "document", scope="all", where=early)) == (1, ("Strategy",))
    # a date moved: amounts whose span ends within a year of its start, and those that
    # run two years or more (the expired pledge is out by its expiry, the one-offs have
    # no end); the reference evaluator agrees (`feat`)
    within = {"end": {"lt": {"field": "start", "plus": "1y"}}}
    assert feat(M("count", "finance", scope="all", where=within)) == (
        2,
        ("Fees 2024", "Fiscal 2023-24"),
    )
    longer = {"end": {"gte": {"field": "start", "plus": "2y-1d"}}}
    assert feat(M("count", "finance", scope="all", where=longer)) == (1, ("Grant",))


def test_a_date_moved_in_sql_is_the_day_shift_gives(db_url: str) -> None:
    """`DatePlus` on SQLite and PostgreSQL against `assessment.period.shift`: months
    clamped to the month's last day (SQLite's own `date(d, '+1 months')` runs over),
    then days."""
    from datetime import timedelta

    from sqlalchemy import Date, literal, select

    from assessment.conditions import DatePlus
    from assessment.period import shift

    engine = Store(db_url).engine
    try:
        with engine.connect() as conn:
            for day in (date(2024, 1, 31), date(2024, 2, 29), date(2023, 12, 31)):
                for months, days in ((1, 0), (12, 0), (-1, 0), (13, 1), (0, -1), (-24, 1)):
                    moved = DatePlus(literal(day, Date), months, days)
                    got = conn.execute(select(moved)).scalar()
                    want = shift(day + timedelta(days=days), months)  # the days first
                    assert str(got) == str(want), (day, months, days)
    finally:
        engine.dispose()


def test_as_of_and_founded(feat: Features) -> None:
    recent = {"start": {"gt": "$as_of-12m"}}
    # no assessment date: $as_of is the period's end, so news after 2023-12-31 count
    assert feat(M("count", "communication", scope="all", where=recent)) == (1, ("News 2024",))
    # assessed on 2024-10-31: after 2023-10-31, so the 2023 news item counts too
    got = feat(M("count", "communication", scope="all", where=recent), as_of=date(2024, 10, 31))
    assert got == (2, ("News 2023", "News 2024"))
    since_founding = {"start": {"gte": "$founded+10y"}}  # on or after 2021-01-01
    # Strategy, Plan, Award 2022 (Award 2023 expired before the period's end)
    assert feat(M("count", "document", scope="all", where=since_founding))[0] == 3
    # a profile without a founding year: $founded matches nothing
    assert feat(M("count", "document", scope="all", where=since_founding), founded=None) == (
        0,
        (),
    )


def test_age_since_founding(feat: Features) -> None:
    statutes = M("age_years", "document", scope="all", where={"doc_type": "statutes"})
    # the amended statutes alone: 2016-01-01 .. the end of 2024-12-31
    assert feat(statutes) == (pytest.approx(9.0), ("Statutes amended",))
    # founded 2011: the earlier date decides and no record is behind the value
    with_founding = {**statutes, "since": "$founded"}
    assert feat(with_founding) == (
        pytest.approx(14.0),
        (),
    )
    # a later date does not decide; neither does a profile without a founding year
    assert feat({**statutes, "since": "2020-01-01"})[1] == ("Statutes amended",)
    assert feat(with_founding, founded=None)[0] == pytest.approx(9.0)
    # a founding after the period is not looked at
    assert feat(with_founding, founded=2030)[0] == pytest.approx(9.0)


def test_pro_rata(feat: Features) -> None:
    grant = 600000 * 366 / 2192  # 2024's 366 days of 2020-01-01..2025-12-31 (2,192 days)
    fiscal = 36600 * 182 / 366  # 2024-01-01..06-30 of 2023-07-01..2024-06-30
    # the one-off 2024 payment counts in full, the one of 2023 not at all; the expired
    # pledge expired before 2024 began
    value, behind = feat(M("sum", "finance", field="amount_eur", pro_rata=True))
    assert value == pytest.approx(grant + 50000 + 1000 + fiscal)
    assert behind == ("Fees 2024", "Fiscal 2023-24", "Grant", "One-off 2024")
    # unattributed, the grant and the fiscal year count in full
    assert feat(M("sum", "finance", field="amount_eur"))[0] == pytest.approx(
        600000 + 50000 + 1000 + 36600
    )
    fees = M(
        "share",
        "finance",
        field="amount_eur",
        numerator={"source_type": "membership_fees"},
        pro_rata=True,
    )
    assert feat(fees)[0] == pytest.approx(100 * 50000 / (grant + 50000 + 1000 + fiscal))
    # an open-ended project without an end that began in 2023: none of it is in 2024
    assert feat(M("sum", "project", field="cluster_budget_eur", pro_rata=True)) == (
        pytest.approx(3660),
        ("Short",),
    )


def test_time_weighted(feat: Features) -> None:
    # the manager all year; the leaver 2024-01-01..06-30 (182 of 366 days); the newcomer
    # at 0.5 from 2024-07-01 to the period's end (184 days)
    value, behind = feat(M("sum", "staff", field="fte", time_weighted=True))
    assert value == pytest.approx(1.0 + 182 / 366 + 0.5 * 184 / 366)
    assert behind == ("Leaver", "Manager", "Newcomer")
    # a ten-day project: 10 of 366 days
    assert feat(M("sum", "project", field="cluster_budget_eur", time_weighted=True))[
        0
    ] == pytest.approx(10000 + 3660 * 10 / 366)


def test_one_day_records_and_expires(feat: Features) -> None:
    website = {"channel": "website"}
    # a 2014 news item without an end is not a live website in 2024; one with an end
    # still running is; the old site expired on 2024-06-30
    assert feat(M("exists", "communication", scope="active_at_end", where=website)) == (
        1.0,
        ("Site (live)",),
    )
    # awards of the last three years: the 2023 award expired before the period's end
    assert feat(M("count", "document", scope={"last_years": 3}, where={"doc_type": "award"})) == (
        1,
        ("Award 2022",),
    )
    assert feat(M("count", "document", scope="all", where={"doc_type": "award"}))[1] == (
        "Award 2022",
    )
    # growth: on 2023-12-31 MA, MD were committed; on 2024-12-31 MA, ME (MD expired)
    assert feat(M("growth", "member", where={"committed": True})) == (0.0, ("MA", "ME"))


# -- the catalogue checks: every problem located, all at once ---------------------------

BAD = textwrap.dedent("""\
    id: bad
    version: "1"
    title: Bad
    areas:
      - {id: structure, title: Structure}
    indicators:
      - id: A1
        area: structure
        title: One
        question: Q?
        evidence: E
        metric:
          aggregate: count
          kind: member
          where:
            any_of:
              - {committed: true}
              - {fee_payer: true}
            type: {missing: yes please}
        points: [{at_least: 1, points: 1}]
        basis: b
        verified: false
      - id: A2
        area: structure
        title: Two
        question: Q?
        evidence: E
        metric:
          aggregate: count
          kind: survey
          where:
            respondents: {gte: {field: invitees, times: 0.3}}
            start: {gte: {field: respondents}}
            end: {lte: {field: start, times: 2}}
            any_of: {respondents: 3}
        points: [{at_least: 1, points: 1}]
        basis: b
        verified: false
      - id: A3
        area: structure
        title: Three
        question: Q?
        evidence: E
        metric: {aggregate: count, kind: finance, pro_rata: true}
        points: [{at_least: 1, points: 1}]
        basis: b
        verified: false
      - id: A4
        area: structure
        title: Four
        question: Q?
        evidence: E
        metric: {aggregate: sum, kind: staff, field: fte, time_weighted: true, scope: active_at_end}
        points: [{at_least: 1, points: 1}]
        basis: b
        verified: false
      - id: A5
        area: structure
        title: Five
        question: Q?
        evidence: E
        metric: {aggregate: count, kind: document, since: $founded}
        points: [{at_least: 1, points: 1}]
        basis: b
        verified: false
      - id: A6
        area: structure
        title: Six
        question: Q?
        evidence: E
        metric: {aggregate: age_years, kind: document, scope: all, since: $country}
        points: [{at_least: 1, points: 1}]
        basis: b
        verified: false
    """)


def test_every_problem_is_located(clex: Any, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    run = clex("criteria", "validate", "bad.yaml")
    assert run.code == 1, run
    text = run.out + run.err
    expected = [
        ("18:", "member has no field 'fee_payer'"),
        ("19:", "`missing` takes true or false"),
        ("32:", "no field 'invitees' to compare with"),
        ("33:", "start (date) cannot be compared with respondents (int)"),
        ("34:", "`times` multiplies numbers only"),
        ("35:", "`any_of` takes a list of mappings"),
        ("44:", "`pro_rata` applies to a `sum`, or a `share` with a `field`, not to `count`"),
        ("53:", "`time_weighted` attributes amounts to the period: it needs `scope: in_period`"),
        ("62:", "`since` applies to `age_years` only"),
        ("71:", "`since` takes a date or a date variable such as $founded"),
    ]
    lines = text.splitlines()
    for line, message in expected:
        assert any(line in ln and message in ln for ln in lines), (line, message, text)
    assert "Traceback" not in text


def test_the_schema_knows_the_new_keys(clex: Any) -> None:
    import json

    import jsonschema

    schema = json.loads(clex("criteria", "schema").out)
    metric = {
        "aggregate": "sum",
        "kind": "finance",
        "field": "amount_eur",
        "pro_rata": True,
        "where": {
            "any_of": [{"source_type": "private"}, {"amount_eur": {"gte": {"field": "year"}}}],
            "secured_until": {"missing": False},
        },
    }
    defs = schema.get("$defs", {})
    jsonschema.validate(metric, {"$ref": "#/$defs/Metric", "$defs": defs})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**metric, "pro_ratta": True}, {"$ref": "#/$defs/Metric", "$defs": defs}
        )
