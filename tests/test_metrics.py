"""Metric evaluation: hand-computed values, the built-in catalogue, and SQL == reference.

Every hand-made case is also checked against tests/reference_eval.py, and a hypothesis
test compares the SQL with that reference on random evidence. Set CLEX_TEST_PG_URL
(postgresql+psycopg://user@host:port/db) to run the hand-made cases on PostgreSQL too.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from assessment.metrics import (
    AUDIT,
    AUDIT_STATUSES,
    SELF_ASSESSMENT_STATUSES,
    WITH_DRAFTS_STATUSES,
    Counting,
    EvalContext,
    MetricError,
    MetricResult,
    evaluate,
    evaluate_all,
    evaluate_many,
)
from assessment.period import Period, resolve_value, shift
from criteria.loader import require_catalogue
from criteria.models import Metric
from evidence.models import STATUSES, ClusterProfile, Record, kind_fields, make_record
from evidence.precision import unit_end, unit_start
from evidence.schema import clusters, evidence
from evidence.store import Store, record_to_row
from tests.reference_eval import reference

Y2024 = Period.year(2024)
Y2023_24 = Period.parse("2023-2024")


# -- helpers ---------------------------------------------------------------------------


def rec(slug: str, kind: str, rid: str, start: str, **fields: Any) -> Record:
    return make_record(
        {"cluster": slug, "kind": kind, "id": rid, "title": rid, "start": start, **fields}
    )


def load(store: Store, profile: ClusterProfile, records: list[Record]) -> None:
    store.add_cluster(profile)
    if records:
        with store.write() as conn:
            conn.execute(
                evidence.insert(),
                [record_to_row(r, version=1, import_id=None, all_columns=True) for r in records],
            )


def same(sql: MetricResult, ref: MetricResult, what: object = "") -> None:
    if ref.value is None:
        assert sql.value is None, (what, sql, ref)
    else:
        assert sql.value == pytest.approx(ref.value, rel=1e-9, abs=1e-9), (what, sql, ref)
    assert sql.evidence_ids == ref.evidence_ids, (what, sql, ref)
    assert sql.confirmed == ref.confirmed, (what, sql, ref)


@dataclass
class Hand:
    store: Store
    profile: ClusterProfile
    records: list[Record]

    def __call__(
        self,
        metric: dict[str, Any],
        *,
        period: Period = Y2024,
        audit: bool = False,
        drafts: bool = False,
        lower: bool = False,
        profile: ClusterProfile | None = None,
    ) -> MetricResult:
        """SQL value of `metric`, after checking that the reference agrees. A
        self-assessment counts drafts only with `drafts`; `lower`: the indicator is
        better the lower its value (an audit's bound goes the other way)."""
        m = Metric.model_validate(metric)
        prof = profile or self.profile
        if audit:
            ctx = EvalContext.audit(prof, period)
        else:
            ctx = EvalContext(
                prof, period, WITH_DRAFTS_STATUSES if drafts else SELF_ASSESSMENT_STATUSES
            )
        with self.store.read() as conn:
            got = evaluate_all(conn, {"m": m}, ctx, lower={"m"} if lower else ()).results["m"]
        same(got, reference(self.records, m, ctx, lower=lower), metric)
        return got


# -- the hand-made evidence (period 2024 unless a case says otherwise) -----------------


def hand_records(slug: str) -> list[Record]:
    def r(kind: str, rid: str, start: str, **fields: Any) -> Record:
        return rec(slug, kind, rid, start, **fields)

    sm = "South Moravia"
    return [
        # members: start/end = joined/left
        r("member", "m01", "2020-01-15", type="sme", country="CZ", region=sm, committed=True,
          status="verified", tags="digital, green"),
        r("member", "m02", "2023-06-01", end="2024-06-30", type="research", country="CZ",
          region="Prague", committed=True, tags="x"),
        r("member", "m03", "2024-03-01", type="startup", country="DE", committed=True,
          status="verified", tags="Digital"),
        r("member", "m04", "2024-12-31", type="large_company", region=sm, committed=True, tags="a_b"),
        r("member", "m05", "2019-05-05", type="university", country="AT", committed=False,
          status="draft", tags="digitalisation"),
        r("member", "m06", "2022-01-01", type="sme", country="CZ", region=sm, committed=True,
          status="rejected"),
        r("member", "m07", "2025-01-01", type="public", country="CZ", region=sm, committed=True,
          status="verified"),
        r("member", "m08", "2021-01-01", end="2023-12-30", type="other", country="SK",
          committed=True),
        r("member", "m09", "2024-05-01", type="sme", country="CZ", region=sm, committed=True,
          status="needs_info"),
        # events
        r("event", "e01", "2024-02-10", role="organiser", format="conference", country="CZ",
          participants=120, members_involved=10, audience="members", status="verified"),
        r("event", "e02", "2024-05-05", role="organiser", format="workshop", country="CZ",
          participants=30, audience="mixed"),
        r("event", "e03", "2024-09-09", role="participant", format="fair", country="DE",
          members_involved=3),
        r("event", "e04", "2023-11-11", role="co_organiser", format="mission", country="AT",
          participants=15, members_involved=0),
        r("event", "e05", "2024-12-31", role="speaker", format="conference", country="DE",
          participants=200, members_involved=2, status="rejected"),
        r("event", "e06", "2024-03-03", role="organiser", format="board_meeting", country="CZ",
          participants=8),
        r("event", "e07", "2024-06-06", role="organiser", format="general_assembly",
          country="CZ", participants=40, status="draft"),
        r("event", "e08", "2024-04-04", role="exhibitor", format="fair", country="AT",
          members_involved=2),
        r("event", "e09", "2024-10-10", role="speaker", format="conference", country="DE",
          members_involved=1),
        # staff: start/end = employment
        r("staff", "s01", "2021-03-01", role="manager", fte=1.0, status="verified"),
        r("staff", "s02", "2024-04-01", role="assistant", fte=0.5),
        r("staff", "s03", "2019-01-01", end="2024-03-31", role="manager", fte=0.8),
        # training: one dated entry per training
        r("training", "t01", "2024-05-01", person="s01", hours=40, status="verified"),
        r("training", "t02", "2024-02-01", person="s03", hours=10),
        r("training", "t03", "2023-06-01", person="s01", hours=99),
        # finance
        r("finance", "f01", "2024-01-01", source_type="membership_fees", amount_eur=50000),
        r("finance", "f02", "2024-06-01", source_type="public_regional", amount_eur=120000,
          secured_until="2026-06-30"),
        r("finance", "f03", "2024-12-31", source_type="paid_services", amount_eur=30000),
        r("finance", "f04", "2023-12-31", source_type="private", amount_eur=10000),
        # documents
        r("document", "d01", "2014-07-01", doc_type="statutes", status="verified"),
        r("document", "d02", "2016-01-01", doc_type="statutes", title="Statutes, amended"),
        r("document", "d03", "2022-03-01", doc_type="strategy", approved_on="2022-03-15"),
        r("document", "d04", "2023-02-01", doc_type="success_story"),
        r("document", "d05", "2024-08-01", doc_type="success_story"),
        r("document", "d06", "2021-06-01", doc_type="success_story"),
        r("document", "d07", "2024-11-11", doc_type="award"),
        # communication
        r("communication", "c01", "2024-01-31", channel="newsletter"),
        r("communication", "c02", "2024-04-30", channel="newsletter"),
        r("communication", "c03", "2024-07-31", channel="newsletter"),
        r("communication", "c04", "2023-12-31", channel="newsletter"),
        r("communication", "c05", "2024-03-15", channel="press_release"),
        r("communication", "c06", "2024-09-01", channel="media_mention", reach=5000,
          items=3),  # a media-monitoring report of three mentions
        r("communication", "c07", "2015-01-01", channel="website"),
        r("communication", "c08", "2024-05-05", channel="social_media", items=20),  # a month's
        # presence: the website (since 2015, English among its languages), the ECCP profile
        r("presence", "pr01", "2015-01-01", platform="website", languages=("cs", "en")),
        r("presence", "pr02", "2025-02-01", platform="eccp_profile"),
        # services
        r("service", "sv01", "2024-02-01", category="matchmaking", members_served=12,
          tags="digital"),
        r("service", "sv02", "2024-03-01", end="2024-11-30", category="training",
          members_served=20, tags="green, digital"),
        r("service", "sv03", "2023-01-01", category="internationalisation"),
        r("service", "sv04", "2024-06-01", category="other", members_served=5),
        r("service", "sv05", "2024-10-10", category="consulting", members_served=3,
          status="rejected"),
        # projects
        r("project", "p01", "2023-01-01", end="2025-12-31", role="lead", member_participants=4,
          project_status="running", cluster_budget_eur=150000, partner_countries="CZ, DE"),
        r("project", "p02", "2022-01-01", end="2024-02-29", role="partner",
          member_participants=2, project_status="completed", cluster_budget_eur=40000),
        r("project", "p03", "2024-10-01", role="lead", member_participants=5,
          project_status="planned", cluster_budget_eur=90000),
        r("project", "p04", "2024-05-01", end="2024-12-31", role="partner",
          member_participants=3),
        # surveys: a tie on the newest date with a value, and a newer one without
        r("survey", "sur-0", "2023-05-01", respondents=12, satisfaction=70),
        r("survey", "sur-a", "2024-10-01", respondents=15, satisfaction=80),
        r("survey", "sur-b", "2024-10-01", invited=20, respondents=7, satisfaction=90),
        r("survey", "sur-c", "2024-11-01", invited=40, respondents=3),
    ]  # fmt: skip


def _pg_url() -> str:
    url = os.environ.get("CLEX_TEST_PG_URL")
    if not url:
        pytest.skip("set CLEX_TEST_PG_URL to run the PostgreSQL variant")
    return url


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def hand(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hand]:
    if request.param == "sqlite":
        store, slug = Store(str(tmp_path_factory.mktemp("hand") / "clex.db")), "hand"
    else:
        store, slug = Store(_pg_url()), f"test-{uuid.uuid4().hex[:12]}"
    profile = ClusterProfile(slug=slug, name="Hand-made", country="CZ", region="South Moravia")
    records = hand_records(slug)
    load(store, profile, records)
    try:
        yield Hand(store, profile, records)
    finally:
        if not store.is_sqlite:
            with store.write() as conn:
                conn.execute(delete(evidence).where(evidence.c.cluster == slug))
                conn.execute(delete(clusters).where(clusters.c.slug == slug))
        store.engine.dispose()


def M(aggregate: str, kind: str | None = "member", **kw: Any) -> dict[str, Any]:
    return {"aggregate": aggregate, "kind": kind, **kw}


COMMITTED = {"committed": True}

# (metric, context options, expected value, expected evidence ids or None to skip)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], float | None, tuple[str, ...] | None]] = {
    # scopes (m06 is rejected: never counted; m05 a draft, counted only with --include-drafts
    # (`drafts`); m09 needs information: never counted, drafts or not)
    "active_at_end": (M("count", scope="active_at_end"), {"drafts": True}, 4,
                      ("m01", "m03", "m04", "m05")),
    # a membership without an end goes on (members, staff and projects are open-ended)
    "in_period: open memberships overlap the period": (
        M("count", scope="in_period"), {"drafts": True}, 5, ("m01", "m02", "m03", "m04", "m05")),
    "all": (M("count", scope="all"), {"drafts": True}, 6,
            ("m01", "m02", "m03", "m04", "m05", "m08")),
    "last_years 3": (M("count", scope={"last_years": 3}), {}, 3, ("m02", "m03", "m04")),
    "last_years 4": (M("count", scope={"last_years": 4}), {}, 4, ("m02", "m03", "m04", "m08")),
    # statuses
    "a self-assessment counts submitted and verified records, not drafts": (
        M("count", scope="active_at_end"), {}, 3, ("m01", "m03", "m04")),
    "needs_info never counts, not even with drafts": (
        M("count", scope="all", where={"region": "$region"}), {"drafts": True}, 2, ("m01", "m04")),
    "committed, self-assessment": (
        M("count", scope="active_at_end", where=COMMITTED), {}, 3, ("m01", "m03", "m04")),
    "committed, audit: verified only": (
        M("count", scope="active_at_end", where=COMMITTED), {"audit": True}, 2, ("m01", "m03")),
    # equality, lists, NULLs, variables
    "list = any of": (M("count", scope="all", where={"type": ["sme", "startup"]}), {}, 2, None),
    "ne $country: NULL country never matches": (
        M("count", scope="active_at_end", where={**COMMITTED, "country": {"ne": "$country"}}),
        {}, 1, ("m03",)),
    "$region": (M("count", scope="all", where={"region": "$region"}), {}, 2, ("m01", "m04")),
    "$region of a profile without a region": (
        M("count", scope="all", where={"region": "$region"}), {"no_region": True}, 0, ()),
    "bool ne": (M("count", scope="all", where={"committed": {"ne": True}}), {"drafts": True}, 1, ("m05",)),
    "date as ISO text": (
        M("count", scope="all", where={"start": {"gte": "2024-01-01"}}), {}, 2, ("m03", "m04")),
    "$period_start+6m": (
        M("count", where={"start": {"lt": "$period_start+6m"}}), {"drafts": True}, 4,
        ("m01", "m02", "m03", "m05")),
    # contains
    "tags contains: exact item, case-sensitive": (
        M("count", scope="all", where={"tags": {"contains": "digital"}}), {}, 1, ("m01",)),
    "tags contains with _ (escaped)": (
        M("count", scope="all", where={"tags": {"contains": "a_b"}}), {}, 1, ("m04",)),
    "tags contains _ alone matches no 1-letter tag": (
        M("count", scope="all", where={"tags": {"contains": "_"}}), {}, 0, ()),
    "tags contains %": (M("count", scope="all", where={"tags": {"contains": "%"}}), {}, 0, ()),
    "tags = item": (M("count", scope="all", where={"tags": "green"}), {}, 1, ("m01",)),
    "tags = any of": (
        M("count", scope="all", where={"tags": ["green", "x"]}), {}, 2, ("m01", "m02")),
    "tags ne: empty tags never match": (
        M("count", scope="all", where={"tags": {"ne": "digital"}}), {"drafts": True},
        4, ("m02", "m03", "m04", "m05")),
    "text contains, case-sensitive substring": (
        M("count", scope="all", where={"region": {"contains": "Moravia"}}), {}, 2, None),
    "text contains, other case": (
        M("count", scope="all", where={"region": {"contains": "moravia"}}), {}, 0, ()),
    # numbers: e03 has no participants; e04 is 2023, e05 rejected
    "gte": (M("count", "event", where={"participants": {"gte": 30}}), {"drafts": True}, 3, ("e01", "e02", "e07")),
    "gt": (M("count", "event", where={"participants": {"gt": 30}}), {"drafts": True}, 2, ("e01", "e07")),
    "lt: NULL never matches": (M("count", "event", where={"participants": {"lt": 30}}), {}, 1, ("e06",)),
    "lte": (M("count", "event", where={"participants": {"lte": 30}}), {}, 2, ("e02", "e06")),
    "ne number: NULL never matches": (
        M("count", "event", where={"participants": {"ne": 30}}), {"drafts": True}, 3, ("e01", "e06", "e07")),
    "two operators": (
        M("count", "event", where={"participants": {"gte": 10, "lte": 100}}), {"drafts": True}, 2, ("e02", "e07")),
    # aggregates
    "sum ignores NULL": (M("sum", "event", field="participants"), {"drafts": True}, 198, None),
    "mean": (M("mean", "event", field="participants"), {"drafts": True}, 49.5, None),
    "min": (M("min", "event", field="participants"), {"drafts": True}, 8, None),
    "max": (M("max", "event", field="participants"), {}, 120, None),
    "sum of nothing is 0": (
        M("sum", "event", field="participants", where={"format": "mission"}), {}, 0, ()),
    "mean of nothing is None": (
        M("mean", "event", field="participants", where={"format": "mission"}), {}, None, ()),
    "min of nothing is None": (
        M("min", "event", field="participants", where={"format": "mission"}), {}, None, ()),
    "max of nothing is None": (
        M("max", "event", field="participants", where={"format": "mission"}), {}, None, ()),
    "count_distinct skips NULL": (
        M("count_distinct", field="country", scope="active_at_end"), {"drafts": True}, 3, ("m01", "m03", "m04", "m05")),
    "exists": (M("exists", "finance", scope="all", where={"secured_until": {"gte": "$period_end+1y"}}),
               {}, 1.0, ("f02",)),
    "exists: none": (
        M("exists", "finance", scope="all", where={"secured_until": {"gte": "$period_end+1y"}}),
        {"period": Period.year(2025)}, 0.0, ()),
    "share of count": (
        M("share", scope="active_at_end", where=COMMITTED, numerator={"country": "$country"}),
        {}, 100 / 3, ("m01", "m03", "m04")),
    "share of a field's sum": (
        M("share", "finance", field="amount_eur",
          numerator={"source_type": ["membership_fees", "paid_services", "private"]}),
        {}, 40.0, ("f01", "f02", "f03")),
    "share of an empty base": (M("share", numerator=COMMITTED), {"period": Period.year(2010)}, None, ()),
    "share with $period_end-2y": (
        M("share", "staff", scope="active_at_end", numerator={"start": {"lte": "$period_end-2y"}}),
        {}, 50.0, ("s01", "s02")),
    "latest: tie on start -> greatest id; a newer record without value is skipped": (
        M("latest", "survey", field="satisfaction", scope={"last_years": 2}), {}, 90.0, ("sur-b",)),
    "latest of nothing": (
        M("latest", "survey", field="satisfaction", scope={"last_years": 2}),
        {"period": Period.year(2010)}, None, ()),
    "age_years": (M("age_years", "document", scope="all", where={"doc_type": "statutes"}),
                  {}, 10 + 184 / 365, ("d01",)),
    "age_years of nothing": (
        M("age_years", "document", scope="all", where={"doc_type": "statutes"}),
        {"period": Period.year(2010)}, None, ()),
    # growth: committed active on 2023-12-31 = m01, m02 (m08 left on 12-30); on 2024-12-31
    # = m01, m03, m04
    "growth": (M("growth", where=COMMITTED), {}, 50.0, ("m01", "m03", "m04")),
    # on 2022-12-31 m01 and m08 were active: +50 % over two years is 22.47 % a year,
    # compounded (1.2247 twice is 1.5), not 25
    "growth per_year over 2 years": (
        M("growth", where=COMMITTED, per_year=True), {"period": Y2023_24}, (1.5 ** 0.5 - 1) * 100,
        ("m01", "m03", "m04")),
    "growth from nothing is None": (
        M("growth", where=COMMITTED), {"period": Period.year(2020)}, None, ("m01",)),
    # per_year
    "per_year, 1 year": (
        M("count", "event", where={"format": ["board_meeting", "general_assembly"]}, per_year=True),
        {"drafts": True}, 2.0, ("e06", "e07")),
    "per_year, 2 years": (
        M("count", "event", where={"format": ["board_meeting", "general_assembly"]}, per_year=True),
        {"period": Y2023_24, "drafts": True}, 1.0, ("e06", "e07")),
    "per_year, 3 months": (
        M("count", "event", where={"format": ["board_meeting", "general_assembly"]}, per_year=True),
        {"period": Period.parse("2024-01-01..2024-03-31")}, 4.0, ("e06",)),
    # ratio
    "ratio": (
        {"aggregate": "ratio", "numerator": M("count", scope="active_at_end", where=COMMITTED),
         "denominator": M("sum", "staff", field="fte", scope="active_at_end")},
        {}, 2.0, ("m01", "m03", "m04", "s01", "s02")),
    "ratio with a zero denominator": (
        {"aggregate": "ratio", "numerator": M("count", scope="active_at_end"),
         "denominator": M("sum", "staff", field="fte", where={"role": "nobody"})},
        {"drafts": True}, None, ("m01", "m03", "m04", "m05")),
    "ratio with an undefined numerator": (
        {"aggregate": "ratio", "numerator": M("mean", "event", field="participants", where={"format": "mission"}),
         "denominator": M("count", scope="active_at_end")},
        {"drafts": True}, None, ("m01", "m03", "m04", "m05")),
    # an audit's share or ratio never exceeds what verified records prove: of the committed
    # members active at the end, m01 and m03 are verified, m04 is submitted and m09 needs
    # information; only m01 is in CZ
    "audit share: unverified records stay in the whole, never in the part": (
        M("share", scope="active_at_end", where=COMMITTED, numerator={"country": "$country"}),
        {"audit": True}, 25.0, ("m01", "m03", "m04", "m09")),
    "audit share, lower is better: unverified records count as hits": (
        M("share", scope="active_at_end", where=COMMITTED, numerator={"country": "$country"}),
        {"audit": True, "lower": True}, 75.0, ("m01", "m03", "m04", "m09")),
    # s01 (1.0 FTE) is verified, s02 (0.5) submitted
    "audit ratio: verified numerator over every denominator record": (
        {"aggregate": "ratio", "numerator": M("count", scope="active_at_end", where=COMMITTED),
         "denominator": M("sum", "staff", field="fte", scope="active_at_end")},
        {"audit": True}, 2 / 1.5, ("m01", "m03", "s01", "s02")),
    "audit ratio, lower is better: every numerator record over the verified denominator": (
        {"aggregate": "ratio", "numerator": M("count", scope="active_at_end", where=COMMITTED),
         "denominator": M("sum", "staff", field="fte", scope="active_at_end")},
        {"audit": True, "lower": True}, 4.0, ("m01", "m03", "m04", "m09", "s01")),
    # a list of numbers, the first whole: PostgreSQL cast them all to INTEGER (0.5 -> 0,
    # 7.5 -> 8), so s02 was missed and e06 (8 participants) found
    "a list of numbers on a decimal field, the first whole": (
        M("count", "staff", scope="active_at_end", where={"fte": [1, 0.5]}), {}, 2.0,
        ("s01", "s02")),
    "a list of numbers on a whole-number field, one with a fraction": (
        M("count", "event", where={"participants": [30, 7.5]}), {}, 1.0, ("e02",)),
}  # fmt: skip

# The verified records alone give another value in each of these cases.
NOT_CONFIRMED = {case for case in CASES if case.startswith("audit ")}


@pytest.mark.parametrize("case", list(CASES))
def test_hand_computed(hand: Hand, case: str) -> None:
    metric, options, expected, ids = CASES[case]
    profile = hand.profile.model_copy(update={"region": None}) if options.get("no_region") else None
    got = hand(
        metric,
        period=options.get("period", Y2024),
        audit=options.get("audit", False),
        drafts=options.get("drafts", False),
        lower=options.get("lower", False),
        profile=profile,
    )
    if expected is None:
        assert got.value is None
    else:
        assert got.value == pytest.approx(expected)
    if ids is not None:
        assert got.evidence_ids == ids
    if case in NOT_CONFIRMED:
        assert got.confirmed is False
    elif options.get("audit") and metric["aggregate"] in ("share", "ratio"):
        assert got.confirmed is True
    else:
        assert got.confirmed is None


def test_every_aggregate_operator_and_scope_has_a_hand_case() -> None:
    metrics = [m for m, _, _, _ in CASES.values()]
    metrics += [
        m[part]
        for m in metrics
        if m["aggregate"] == "ratio"
        for part in ("numerator", "denominator")
    ]
    aggregates = {m["aggregate"] for m in metrics}
    assert aggregates == set(Metric.model_fields["aggregate"].annotation.__args__)  # type: ignore[union-attr]
    filters = [m.get("where", {}) for m in metrics]
    filters += [m["numerator"] for m in metrics if m["aggregate"] == "share"]
    ops = {op for where in filters for c in where.values() if isinstance(c, dict) for op in c}
    assert ops == {"gte", "lte", "gt", "lt", "ne", "contains"}
    scopes = {str(m.get("scope", "in_period")) for m in metrics}
    assert {"in_period", "active_at_end", "all", "{'last_years': 3}"} <= scopes


# -- the built-in catalogue: every metric, hand-computed on the same evidence ----------

# Self-assessment of 2024 for a cluster in CZ / South Moravia (see hand_records).
CATALOGUE_EXPECTED: dict[str, float] = {
    "S1": 3,  # committed, active on 2024-12-31: m01 m03 m04
    "S2": 100,  # sme, startup, large_company: all three are companies
    "S3": 200 / 3,  # sme + startup of the three companies
    "S4": 1,  # sme, startup, large_company: one helix, industry
    "S5": 50,  # 2 committed on 2023-12-31 (m01, m02) -> 3
    "S6": 200 / 3,  # m01 and m04 in South Moravia; m03 has no region
    "S7": 1,  # m03 (DE); m04 without country does not count
    "G1": 10
    + 184 / 365,  # statutes d01 2014-07-01 .. the end of 2024-12-31: 10 years, 184 days of 365
    "G2": 1.5,  # s01 1.0 + s02 0.5 (s03 left in March)
    "G3": 2.0,  # 3 members / 1.5 FTE (descriptive)
    # trainings of 2024 (t01 40 h, t02 10 h; t03 is 2023) over the FTE averaged over the
    # 366 days: s01 all year, s02 from April (275 days), s03 until March (91 days)
    "G4": (40 + 10) / (1.0 + 0.5 * 275 / 366 + 0.8 * 91 / 366),
    "G5": 50,  # of s01, s02 only s01 started by 2022-12-31
    "G6": 1,  # e06 board meeting; e07 general assembly is a draft: not counted
    "G7": 1,  # strategy d03 of 2022-03-01, approved 2022-03-15
    "G9": 40,  # (50000 fees + 30000 services) / 200000
    "G10": 60,  # f02 (120000 of 200000) secured until 2026-06-30 >= 2025-12-31
    "C1": 3,  # c01-c03 (c04 is 2023)
    "C2": 2,  # e01 conference for members, e02 workshop for a mixed audience
    "C3": 4,  # c05 press release, c06 three media mentions (its items)
    "C4": 1,  # pr01, the website with English (c07 is a news item of 2015, not a site)
    "C5": 20,  # c08 a month's 20 posts (items); the website c07 counts on its start (2015)
    "C6": 2,  # e08 AT exhibitor, e09 DE speaker (e03 only participated, e05 rejected)
    "C7": 2,  # d04, d05 (d06 is older than 3 years)
    "C8": 1,  # d07
    "C9": 0,  # pr02, the ECCP profile, was published after the period
    "C10": 20,  # c08's 20 posts in the twelve months to 2024-12-31
    # matchmaking, training (sv03, standing since 2023, served no member; sv05 rejected;
    # sv04 other)
    "V1": 2,
    # members served / 3 committed members: sv01 and sv04 have no end, standing services
    # whose members served a year count for the days of 2024 they were offered (from
    # 1 February, from 1 June: 335 and 214 of 366); sv02 ended in 2024, 20 in all
    "V2": (12 * 335 / 366 + 20 + 5 * 214 / 366) / 3,
    "V3": 1,  # e08 (exhibitor, AT); e03 only took part, e09 only spoke
    "V4": 2,  # p01, p04 (no status: running); p03 planned, p02 only 2 members
    # pro rata: p01 spans 1,096 days (366 in 2024), p02 790 (60 in 2024); p04 has no budget
    "V5": 150000 * 366 / 1096 + 40000 * 60 / 790,
    "V6": 3,  # sur-0, sur-a (10+ respondents), sur-b (35 %); sur-c 3 of 40
    "V7": 90,  # tie on 2024-10-01: sur-b > sur-a; sur-c has no satisfaction
    "V8": 2,  # sv01, sv02 tagged digital
    "V9": 1,  # sv02 tagged green
}


def catalogue_metrics() -> dict[str, Metric]:
    return {i.id: i.metric for i in require_catalogue().indicators if i.metric is not None}


def test_catalogue_expectations_cover_every_metric_indicator() -> None:
    assert set(CATALOGUE_EXPECTED) == set(catalogue_metrics())


@pytest.mark.parametrize("audit", [False, True], ids=["self-assessment", "audit"])
def test_builtin_catalogue(hand: Hand, audit: bool) -> None:
    metrics = catalogue_metrics()
    ctx = (
        EvalContext.audit(hand.profile, Y2024)
        if audit
        else EvalContext.self_assessment(hand.profile, Y2024)
    )
    lower = {i.id for i in require_catalogue().indicators if i.lower_is_better}
    with hand.store.read() as conn:
        results = evaluate_all(conn, metrics, ctx, lower=lower).results
    assert set(results) == set(metrics)
    for key, metric in metrics.items():
        same(results[key], reference(hand.records, metric, ctx, lower=key in lower), key)
        if not audit:
            assert results[key].value == pytest.approx(CATALOGUE_EXPECTED[key]), key


@pytest.mark.parametrize("left_out", ["m01", "p01", "nobody"])
def test_a_record_left_out_counts_nowhere(hand: Hand, left_out: str) -> None:
    """`EvalContext.leave_out`, how the duplicates concern counts a pair once: the engine
    and the reference agree on every catalogue metric without the record, and it is
    behind none of them. Without the project p01, V5 is p02's part alone; an id of no
    record changes nothing."""
    metrics = catalogue_metrics()
    ctx = replace(EvalContext.self_assessment(hand.profile, Y2024), leave_out=left_out)
    lower = {i.id for i in require_catalogue().indicators if i.lower_is_better}
    with hand.store.read() as conn:
        results = evaluate_all(conn, metrics, ctx, lower=lower).results
    for key, metric in metrics.items():
        same(results[key], reference(hand.records, metric, ctx, lower=key in lower), key)
        assert left_out not in results[key].evidence_ids, key
    want = {"p01": 40000 * 60 / 790}.get(left_out, CATALOGUE_EXPECTED["V5"])
    assert results["V5"].value == pytest.approx(want)


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "metric",
    [
        M("sum", field="type"),  # not a number
        M("count", where={"nonsense": 1}),
        M("count", where={"participants": {"gte": "many"}}, kind="event"),
        M("count", where={"committed": "yes"}),
        M("count", where={"tags": {"gte": "a"}}),
        M("count", where={"start": {"lte": "$period_middle"}}),
        M("count", where={"start": {"lte": "not a date"}}),
        M("count", kind="unicorn"),
        M("count", where={"type": {"contains": "public"}}),  # a choice field
        M("count", where={"start": "$country"}),  # a variable of another type
    ],
)
def test_metric_errors(tmp_path: Any, metric: dict[str, Any]) -> None:
    store = Store(str(tmp_path / "clex.db"))
    ctx = EvalContext.self_assessment(ClusterProfile(slug="x", name="X"), Y2024)
    with store.read() as conn, pytest.raises(MetricError):
        evaluate(conn, Metric.model_validate(metric), ctx)


# -- the period --------------------------------------------------------------------------


def test_period() -> None:
    assert Period.parse("2024") == Period(date(2024, 1, 1), date(2024, 12, 31)) == Y2024
    assert Period.parse("2022-2023") == Period(date(2022, 1, 1), date(2023, 12, 31))
    assert Y2024.years == 1.0 and Period.parse("2022-2023").years == 2.0
    assert Period.parse("2024-03-01..2024-05-31").years == 0.25
    # a financial year from the 15th is twelve months (labels judge it: the assessor's
    # case), as is a year from 29 February to 28 February; a span of no whole months
    # counts its days
    odd = Period(date(2024, 1, 15), date(2025, 1, 14))
    assert odd.months == 12 and odd.years == 1.0
    assert Period(date(2024, 2, 29), date(2025, 2, 28)).months == 12
    assert Period(date(2024, 2, 29), date(2025, 2, 27)).months is None  # a day short
    ragged = Period(date(2024, 1, 15), date(2024, 3, 1))
    assert ragged.months is None and ragged.years == pytest.approx(47 / 365.25)
    assert (str(Y2024), str(Period.parse("2022-2023")), str(odd)) == (
        "2024",
        "2022-2023",
        "2024-01-15..2025-01-14",
    )
    assert date(2024, 7, 1) in Y2024 and date(2025, 1, 1) not in Y2024
    for bad in ("24", "2024-2022", "2024-02-30..2024-03-01", "2024-05-01..2024-04-01", "soon"):
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_shift_clamps_to_month_end() -> None:
    assert shift(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert shift(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert shift(date(2024, 12, 31), -24) == date(2022, 12, 31)
    assert shift(date(2024, 1, 1), 6) == date(2024, 7, 1)
    assert shift(date(2024, 3, 31), -13) == date(2023, 2, 28)


def test_resolve_value() -> None:
    prof = ClusterProfile(slug="x", name="X", country="CZ", region="Brno")
    r = lambda v: resolve_value(v, profile=prof, period=Y2024)  # noqa: E731
    assert (r("$country"), r("$region"), r("plain"), r(3), r(True)) == (
        "CZ",
        "Brno",
        "plain",
        3,
        True,
    )
    assert r("$period_start") == date(2024, 1, 1)
    assert r("$period_end") == date(2024, 12, 31)
    assert r("$period_end-2y") == date(2022, 12, 31)
    assert r("$period_start+6m") == date(2024, 7, 1)
    assert r("$period_end+1m") == date(2025, 1, 31)
    assert (
        resolve_value("$region", profile=ClusterProfile(slug="x", name="X"), period=Y2024) is None
    )
    with pytest.raises(ValueError, match="unknown variable"):
        r("$period_end-2w")


# -- property: the SQL equals the reference on random evidence ---------------------------

COUNTRIES = ["CZ", "DE", "AT", "SK"]
REGIONS = ["South Moravia", "Prague", "south moravia", "Zlin_1%"]
TAGS = ["digital", "green", "Digital", "a_b", "50%", "x", "digitalisation"]
PARTNERS = ["TU Brno", "CzechInvest", "VSB"]
STAFF_ROLES = ["manager", "assistant", "Manager", "project manager"]
LANGUAGES = ["en", "cs", "de"]
CITIES = ["Brno", "brno", "Praha"]

TEXT_POOLS: dict[str, list[Any]] = {
    "country": [*COUNTRIES, "$country"],
    "region": [*REGIONS, "$region"],
    "role": STAFF_ROLES,
    "city": CITIES,
    "tags": TAGS,
    "partners": PARTNERS,
    "partner_countries": COUNTRIES,
    "person": STAFF_ROLES,
    "languages": [*LANGUAGES, "e"],
}
SUBSTRINGS = ["Moravia", "moravia", "_", "%", "Zlin_", "a", "manager", "", "rno", "dig"]
NUMBER_POOLS: dict[str, list[Any]] = {
    "participants": [0, 5, 10, 30, 120],
    "members_involved": [0, 1, 2, 5],
    "fte": [0, 0.25, 0.5, 0.8, 1.0, 1.5],
    "hours": [0.5, 5, 12.5, 40],
    "year": [2022, 2023, 2024, 2025],
    "amount_eur": [0, 1000, 2500.5, 50000],
    "budget_eur": [0, 10000, 99999.5],
    "cluster_budget_eur": [0, 5000, 40000],
    "member_participants": [0, 1, 3, 6],
    "members_served": [0, 3, 12],
    "satisfaction": [0, 55.5, 80, 100],
    "invited": [0, 10, 30, 40],
    "respondents": [0, 3, 12, 30],
}
DATE_VALUES = ["$period_end", "$period_start", "$period_end-2y", "$period_start+6m",
               "$period_end+1y", "$period_end-1m", "2024-06-30", "$as_of", "$as_of-12m",
               "$founded", "$founded+10y", "$period_end-2y+1d", "$period_start-1m-1d"]  # fmt: skip
TIMES = [None, None, 0.1, 0.3, 1, 2.5]
PLUSES = [None, None, "1y", "-6m", "1m-1d", "2y+1d", "-3d"]  # a date field moved

KIND_WHERE = {
    "member": ["type", "country", "region", "committed", "fee_paying", "tags", "start", "end"],
    "event": ["role", "format", "country", "city", "participants", "members_involved", "audience", "tags", "start"],
    "staff": ["role", "fte", "start", "end", "tags"],
    "training": ["hours", "person", "start", "end", "tags"],
    "presence": ["platform", "languages", "start", "end", "expires"],
    "finance": ["year", "source_type", "amount_eur", "secured_until", "start"],
    "project": ["role", "budget_eur", "cluster_budget_eur", "partners", "partner_countries",
                "member_participants", "project_status", "end"],
    "service": ["category", "members_served", "fee_based", "tags"],
    "survey": ["satisfaction", "invited", "respondents", "start", "end", "expires"],
    "document": ["doc_type", "approved_on", "tags", "expires"],
}  # fmt: skip
KIND_NUMBERS = {
    kind: [f for f in fields if kind_fields(kind)[f].type in ("int", "float")]
    for kind, fields in KIND_WHERE.items()
}
SCOPES: list[Any] = ["in_period", "active_at_end", "all", {"last_years": 1}, {"last_years": 3}]
PERIODS = [
    Y2024,
    Y2023_24,
    Period(date(2024, 3, 15), date(2024, 9, 10)),
    Period.parse("2024-02-01..2024-04-30"),
]


def _choices(kind: str, name: str) -> list[str]:
    return list(kind_fields(kind)[name].choices)


def opt(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.sampled_from(values))


def days_around(p: Period) -> st.SearchStrategy[date]:
    edges = [p.start, p.end, p.day_before, p.end + timedelta(days=1), shift(p.end, -12),
             shift(p.end, -12) + timedelta(days=1), shift(p.end, -24), shift(p.end, -36),
             shift(p.start, 6), shift(p.end, -1)]  # fmt: skip
    near = st.dates(shift(p.start, -12), shift(p.end, 6))
    return st.one_of(st.sampled_from(edges), near, st.dates(date(2019, 1, 1), date(2026, 6, 30)))


def ends(p: Period, start: date) -> st.SearchStrategy[date]:
    def later(days: int) -> date:
        return start + timedelta(days=days)

    def not_before_start(d: date) -> date:  # no filter: rejected examples cost time
        return max(d, start)

    return days_around(p).map(not_before_start) | st.integers(0, 900).map(later)


@st.composite
def records(draw: st.DrawFn, slug: str, p: Period, kinds: list[str]) -> list[Record]:
    own: dict[str, dict[str, st.SearchStrategy[Any]]] = {
        "member": {"type": st.sampled_from(_choices("member", "type")), "country": opt(COUNTRIES),
                   "region": opt(REGIONS), "committed": st.booleans(), "fee_paying": st.booleans()},
        "event": {"role": st.sampled_from(_choices("event", "role")),
                  "format": st.sampled_from(_choices("event", "format")), "country": opt(COUNTRIES),
                  "city": opt(CITIES), "participants": opt(NUMBER_POOLS["participants"]),
                  "members_involved": opt(NUMBER_POOLS["members_involved"]),
                  "audience": opt(_choices("event", "audience"))},
        "staff": {"role": opt(STAFF_ROLES), "fte": st.sampled_from(NUMBER_POOLS["fte"])},
        "training": {"hours": st.sampled_from(NUMBER_POOLS["hours"]), "person": opt(STAFF_ROLES)},
        "presence": {"platform": st.sampled_from(_choices("presence", "platform")),
                     "languages": st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True)},
        "finance": {"year": opt(NUMBER_POOLS["year"]), "source_type": st.sampled_from(_choices("finance", "source_type")),
                    "amount_eur": st.sampled_from(NUMBER_POOLS["amount_eur"]), "secured_until": st.none() | days_around(p)},
        "project": {"role": st.sampled_from(_choices("project", "role")), "budget_eur": opt(NUMBER_POOLS["budget_eur"]),
                    "cluster_budget_eur": opt(NUMBER_POOLS["cluster_budget_eur"]),
                    "partners": st.lists(st.sampled_from(PARTNERS), max_size=2, unique=True),
                    "partner_countries": st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True),
                    "member_participants": opt(NUMBER_POOLS["member_participants"]),
                    "project_status": opt(_choices("project", "project_status"))},
        "service": {"category": st.sampled_from(_choices("service", "category")),
                    "members_served": opt(NUMBER_POOLS["members_served"]), "fee_based": st.booleans()},
        "survey": {"satisfaction": opt(NUMBER_POOLS["satisfaction"]),
                   "invited": opt(NUMBER_POOLS["invited"]),
                   "respondents": opt(NUMBER_POOLS["respondents"])},
        "document": {"doc_type": st.sampled_from(["statutes", "strategy", "award"]),
                     "approved_on": st.none() | days_around(p)},
    }  # fmt: skip
    out = []
    for n in range(draw(st.integers(5, 30))):
        kind = draw(st.sampled_from(kinds))
        start = draw(days_around(p))
        end = draw(st.none() | ends(p, start))
        # dates known only to the month or year: whole units (evidence.precision)
        precision = draw(st.sampled_from(["day", "day", "month", "year"]))
        start, end = unit_start(start, precision), end and unit_end(end, precision)
        fields = {name: draw(s) for name, s in own[kind].items()}
        tags = draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))
        status = draw(st.sampled_from(STATUSES))
        expires = draw(st.none() | st.none() | days_around(p))
        out.append(rec(slug, kind, f"{kind[:3]}-{n:02d}", start.isoformat(), end=end, tags=tags,
                       status=status, expires=expires, date_precision=precision,
                       **fields))  # fmt: skip
    return out


def _peers(kind: str, name: str) -> list[str]:
    """The fields of `kind` a field may be compared with: numbers with numbers, dates
    with dates (`criteria.rules.field_ref_problem`)."""
    family = {"int": "n", "float": "n", "date": "d"}
    mine = family.get(kind_fields(kind)[name].type)
    return [
        f
        for f in KIND_WHERE[kind]
        if mine is not None and family.get(kind_fields(kind)[f].type) == mine
    ]


@st.composite
def conditions(draw: st.DrawFn, kind: str, min_size: int = 0, depth: int = 0) -> dict[str, Any]:
    names = draw(
        st.lists(st.sampled_from(KIND_WHERE[kind]), min_size=min_size, max_size=2, unique=True)
    )
    out: dict[str, Any] = {}
    pool: list[Any]
    if depth < 2 and draw(st.integers(0, 3)) == 0:  # an any_of of one to three mappings
        out["any_of"] = draw(
            st.lists(conditions(kind, min_size=1, depth=depth + 1), min_size=1, max_size=3)
        )
    for name in names:
        ftype = kind_fields(kind)[name].type
        if ftype == "choice":  # `contains` does not apply to a choice (criteria.rules)
            pool, ops = _choices(kind, name), ["ne"]
        elif ftype in ("text", "list"):
            pool, ops = TEXT_POOLS[name], ["ne", "contains"]
        elif ftype == "bool":
            pool, ops = [True, False], ["ne"]
        elif ftype == "date":
            pool, ops = DATE_VALUES, ["gte", "lte", "gt", "lt", "ne"]
        else:
            pool, ops = NUMBER_POOLS[name], ["gte", "lte", "gt", "lt", "ne"]
        form = draw(st.sampled_from(["eq", "any", "ops", "ops", "missing", "field"]))
        peers = _peers(kind, name)
        if form == "missing":
            out[name] = {"missing": draw(st.booleans())}
        elif form == "field" and peers:
            other = draw(st.sampled_from(peers))
            times = draw(st.sampled_from(TIMES)) if ftype in ("int", "float") else None
            plus = draw(st.sampled_from(PLUSES)) if ftype == "date" else None
            ref: dict[str, Any] = {"field": other} | ({} if times is None else {"times": times})
            ref |= {} if plus is None else {"plus": plus}
            out[name] = {draw(st.sampled_from(["gte", "lte", "gt", "lt", "ne"])): ref}
        elif form == "eq":
            out[name] = draw(st.sampled_from(pool))
        elif form == "any":
            out[name] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        else:
            chosen = draw(st.lists(st.sampled_from(ops), min_size=1, max_size=2, unique=True))
            out[name] = {
                op: draw(
                    st.sampled_from(
                        pool + SUBSTRINGS if op == "contains" and ftype == "text" else pool
                    )
                )
                for op in chosen
            }
    return out


@st.composite
def simple_metrics(draw: st.DrawFn, kinds: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(kinds))
    agg = draw(st.sampled_from(["count", "count_distinct", "sum", "mean", "min", "max", "latest",
                                "exists", "share", "growth", "age_years"]))  # fmt: skip
    numbers = KIND_NUMBERS[kind]
    if agg in ("sum", "mean", "min", "max", "latest") and not numbers:
        agg = "count"
    m: dict[str, Any] = {"aggregate": agg, "kind": kind, "scope": draw(st.sampled_from(SCOPES)),
                         "where": draw(conditions(kind)), "per_year": draw(st.booleans())}  # fmt: skip
    if agg in ("sum", "mean", "min", "max", "latest"):
        m["field"] = draw(st.sampled_from(numbers))
    elif agg == "count_distinct":
        m["field"] = draw(st.sampled_from(KIND_WHERE[kind]))
    elif agg == "share":
        m["numerator"] = draw(conditions(kind, min_size=1))
        with_field = draw(st.booleans())
        if numbers and with_field:
            m["field"] = draw(st.sampled_from(numbers))
    elif agg == "age_years" and draw(st.booleans()):
        m["since"] = draw(st.sampled_from(["$founded", "$founded+5y", "2020-06-30", "$as_of-3y"]))
    if m.get("field") and agg in ("sum", "share") and draw(st.integers(0, 2)) > 0:
        m["scope"] = "in_period"  # pro_rata and time_weighted attribute to the period
        m[draw(st.sampled_from(["pro_rata", "time_weighted"]))] = True
    return m


CATALOGUE = [m.model_dump(exclude_defaults=True) for m in catalogue_metrics().values()]


def any_metric(kinds: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    ratio = st.builds(
        lambda n, d, y: {"aggregate": "ratio", "numerator": n, "denominator": d, "per_year": y},
        simple_metrics(kinds),
        simple_metrics(kinds),
        st.booleans(),
    )
    own = simple_metrics(kinds)
    return st.one_of(own, own, ratio, st.sampled_from(CATALOGUE))


@pytest.fixture(scope="module", params=BACKENDS)
def prop_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """SQLite, and PostgreSQL (CLEX_TEST_PG_URL): the same random evidence on both."""
    if request.param == "sqlite":
        store = Store(str(tmp_path_factory.mktemp("prop") / "clex.db"))
    else:
        store = Store(_pg_url())
    yield store
    if not store.is_sqlite:
        with store.write() as conn:
            conn.execute(delete(evidence).where(evidence.c.cluster.like(f"{RUN}-%")))
            conn.execute(delete(clusters).where(clusters.c.slug.like(f"{RUN}-%")))
    store.engine.dispose()


_slugs = itertools.count()
RUN = f"p{uuid.uuid4().hex[:8]}"  # this run's clusters, apart from other runs' on PostgreSQL


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_sql_equals_reference(prop_store: Store, data: st.DataObject) -> None:
    slug = f"{RUN}-{next(_slugs)}"
    profile = ClusterProfile(slug=slug, name="Random", country=data.draw(opt(COUNTRIES)),
                             region=data.draw(opt(REGIONS)),
                             founded=data.draw(opt([2010, 2020, 2024, 2030])))  # fmt: skip
    period = data.draw(st.sampled_from(PERIODS))
    mode = data.draw(
        st.sampled_from(
            [Counting(SELF_ASSESSMENT_STATUSES)] * 2
            + [AUDIT] * 2
            + [Counting(WITH_DRAFTS_STATUSES), Counting(AUDIT_STATUSES), Counting(("draft",))]
        )
    )
    # no record that starts after the assessment's date counts
    as_of = data.draw(st.sampled_from([None, period.end, period.end - timedelta(days=90)]))
    # A few kinds per example, so that the records are dense enough to give values.
    kinds = data.draw(
        st.lists(st.sampled_from(list(KIND_WHERE)), min_size=1, max_size=3, unique=True)
    )
    evidence_set = data.draw(records(slug, period, kinds))
    load(prop_store, profile, evidence_set)
    # a record that counts nowhere, in either mode (a possible duplicate counted once)
    leave_out = data.draw(st.sampled_from([None, None, *(r.id for r in evidence_set)]))
    ctx = EvalContext(
        profile, period, mode.statuses, mode.unproven, as_of=as_of, leave_out=leave_out
    )
    other = data.draw(
        st.sampled_from([AUDIT, Counting(SELF_ASSESSMENT_STATUSES), Counting(("draft",))])
    )
    other_ctx = replace(ctx, statuses=other.statuses, unproven=other.unproven)
    raws = data.draw(st.lists(any_metric(kinds), min_size=1, max_size=4))
    metrics = {f"m{i}": Metric.model_validate(raw) for i, raw in enumerate(raws)}
    lower = set(data.draw(st.lists(st.sampled_from(list(metrics)), unique=True)))
    with prop_store.read() as conn:
        alone = {
            key: evaluate_all(conn, {key: metric}, ctx, lower=lower).results[key]
            for key, metric in metrics.items()
        }
        # the assessment's way: all at once, sharing scans, and the other counting mode
        batch = evaluate_all(conn, metrics, ctx, other=other, lower=lower)
    for (key, metric), raw in zip(metrics.items(), raws, strict=True):
        want = reference(evidence_set, metric, ctx, lower=key in lower)
        same(alone[key], want, raw)
        same(batch.results[key], want, raw)
        theirs = reference(evidence_set, metric, other_ctx, lower=key in lower)
        got = MetricResult(batch.other[key], theirs.evidence_ids, theirs.confirmed)
        same(got, theirs, raw)


def test_statements_are_shared_by_clusters_but_not_their_values(tmp_path: Any) -> None:
    """The statements of a catalogue are built once and run for each cluster: each
    cluster still gets its own records, its own `$country`, and its own latest record."""
    store = Store(str(tmp_path / "clex.db"))
    metrics = {
        "home": Metric.model_validate(M("count", scope="all", where={"country": "$country"})),
        "latest": Metric.model_validate(
            M("latest", kind="survey", field="satisfaction", scope="all")
        ),
    }
    for slug, country, score in (("a", "CZ", 70.0), ("b", "SK", 80.0)):
        load(
            store,
            ClusterProfile(slug=slug, name=slug, country=country),
            [
                rec(slug, "member", f"{slug}-1", "2020-01-01", country="CZ", type="sme"),
                rec(slug, "member", f"{slug}-2", "2020-01-01", country="SK", type="sme"),
                rec(slug, "member", f"{slug}-3", "2020-01-01", country="SK", type="sme"),
                rec(slug, "survey", f"{slug}-s", "2024-03-01", satisfaction=score),
            ],
        )
    got = {}
    for slug in ("a", "b", "a"):
        ctx = EvalContext.self_assessment(store.cluster(slug), Y2024)
        with store.read() as conn:
            got[slug] = evaluate_many(conn, metrics, ctx)
    assert got["a"]["home"] == MetricResult(1.0, ("a-1",))
    assert got["b"]["home"] == MetricResult(2.0, ("b-2", "b-3"))
    assert got["a"]["latest"] == MetricResult(70.0, ("a-s",))
    assert got["b"]["latest"] == MetricResult(80.0, ("b-s",))


OWN_METRICS = {  # each of the cluster's own values, where a statement holds a parameter
    "home": M("count", scope="all", where={"region": "$region"}),
    "abroad": M("count", scope="all", where={"country": {"ne": "$country"}}),
    "home_or_sk": M("count", scope="all", where={"country": ["$country", "SK"]}),
    "left_late": M("count", scope="all", where={"end": {"gte": "$founded+24m"}}),
    "age": M("age_years", kind="document", scope="all", where={"doc_type": "statutes"},
             since="$founded"),
}  # fmt: skip
PINNED_METRICS = {"tagged": M("count", scope="all", where={"tags": "$country"})}  # a list


def _own_clusters(store: Store, run: str) -> dict[str, tuple[ClusterProfile, list[Record]]]:
    """Three clusters of the same records but their own values: two profiles that give
    every value, one that gives none."""
    out = {}
    for name, country, region, founded in (
        ("a", "CZ", "South Moravia", 2010),
        ("b", "SK", "Prague", 2018),
        ("c", None, None, None),
    ):
        slug = f"{run}-{name}"
        profile = ClusterProfile(
            slug=slug, name=slug, country=country, region=region, founded=founded
        )
        records = [
            rec(slug, "member", f"{slug}-1", "2011-01-01", end="2013-06-30", country="CZ",
                region="South Moravia", type="sme", tags="CZ"),
            rec(slug, "member", f"{slug}-2", "2019-01-01", end="2021-01-01", country="SK",
                region="Prague", type="sme", tags="SK"),
            rec(slug, "member", f"{slug}-3", "2020-01-01", country="AT", type="sme"),
            rec(slug, "document", f"{slug}-d", "2016-05-01", doc_type="statutes"),
        ]  # fmt: skip
        load(store, profile, records)
        out[name] = (profile, records)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("raws", [OWN_METRICS, PINNED_METRICS], ids=["shared", "pinned"])
def test_own_values_bound_per_cluster(tmp_path: Any, raws: dict[str, Any], backend: str) -> None:
    """A plan is built once for every profile that gives the same of its own values
    (`$country`, `$region`, `$founded`), which are bound when it runs: each cluster
    still gets the values the reference gives for its own profile, in any order. Where
    a statement must hold the value itself (a list field holds `$country`), each profile
    gets its own plan."""
    from assessment import metrics as engine

    run = f"own-{uuid.uuid4().hex[:8]}"
    store = Store(str(tmp_path / "clex.db") if backend == "sqlite" else _pg_url())
    clusters_ = _own_clusters(store, run)
    metrics = {key: Metric.model_validate(raw) for key, raw in raws.items()}
    engine._PLANS.clear()  # counted below (a cache: emptied, it is built again)
    for name in ("a", "b", "c", "a", "b"):
        profile, records = clusters_[name]
        slug = profile.slug
        ctx = EvalContext(profile, Y2024, SELF_ASSESSMENT_STATUSES, ())
        with store.read() as conn:
            got = evaluate_all(conn, metrics, ctx).results
        for key, metric in metrics.items():
            same(got[key], reference(records, metric, ctx), f"{slug} {key}")
    built = len(engine._PLANS)
    # one plan for the two profiles that give every value, one for the one giving none
    assert built == (2 if raws is OWN_METRICS else 3)
    if not store.is_sqlite:
        with store.write() as conn:
            conn.execute(delete(evidence).where(evidence.c.cluster.like(f"{run}-%")))
            conn.execute(delete(clusters).where(clusters.c.slug.like(f"{run}-%")))
    store.engine.dispose()


def test_a_pinned_plan_is_never_another_profiles() -> None:
    """A plan that holds a profile's own values is kept under them, even when the keys
    known to be pinned are forgotten meanwhile (another thread's plan filled the set and
    cleared it): the next profile builds its own plan rather than take this one."""
    from assessment.profile_params import Plans

    class Forgetful(set[Any]):
        def add(self, _: Any) -> None:  # cleared by another thread just after
            pass

    plans: Plans[str] = Plans(8)
    plans._pinned = Forgetful()
    cz = ClusterProfile(slug="a", name="A", country="CZ", region="X", founded=2010)
    sk = ClusterProfile(slug="b", name="B", country="SK", region="Y", founded=2011)
    plans.put(("key",), cz, "CZ's plan", pinned=True)
    assert plans.get(("key",), sk) is None
    plans.put(("shared",), cz, "every profile's plan", pinned=False)
    assert plans.get(("shared",), sk) == "every profile's plan"
