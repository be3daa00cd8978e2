"""The cases of issue 15, each as a cluster manager would enter it, against the built-in
catalogue: an indicator must measure what its title says, and money and hours count once.

Each test imports a few records in the user's syntax (YAML), assesses them with the real
engine and checks the value an assessor would give, worked out in the comments.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from assessment import Period, assess
from assessment.snapshot import Snapshot
from evidence.findings import UserDataError
from evidence.ingest import import_files
from evidence.messages import render
from evidence.models import ClusterProfile
from evidence.store import Store
from reports.i18n import translations


def _assess(
    tmp_path: Path, evidence: str, period: Period, *, founded: int | None = None
) -> Snapshot:
    tmp_path.mkdir(parents=True, exist_ok=True)
    store = Store(str(tmp_path / "store.db"))
    profile = ClusterProfile(slug="c", name="Case", country="CZ", region="CZ-51", founded=founded)
    store.add_cluster(profile)
    (tmp_path / "evidence.yaml").write_text(textwrap.dedent(evidence), encoding="utf-8")
    import_files(store, [tmp_path / "evidence.yaml"], cluster="c")
    return assess(store, "c", period, as_of=period.end)


def _members(types: list[str]) -> str:
    return "\n".join(
        f"- {{kind: member, title: M{n}, type: {t}, country: CZ, committed: yes, start: 2020-01-01}}"
        for n, t in enumerate(types)
    )


def test_companies_alone_are_one_helix(tmp_path: Path) -> None:
    """S4: SMEs, large companies and start-ups are one helix (industry); a companies-only
    cluster is not eligible, and SMEs with a university outscore it."""
    companies = _assess(
        tmp_path / "a", _members(["sme", "large_company", "startup"]), Period.year(2024)
    )
    mixed = _assess(tmp_path / "b", _members(["sme", "university"]), Period.year(2024))
    assert companies.indicator("S4").value == 1 and companies.indicator("S4").points == 0
    assert mixed.indicator("S4").value == 2 and mixed.indicator("S4").points == 2
    bronze = companies.label("bronze")
    assert bronze is not None and any("S4" in str(r) for r in bronze.reasons)


def test_a_news_item_is_not_a_website(tmp_path: Path) -> None:
    """C4: a 2014 news item without an end is not a live website in 2024; a website
    record with English content is, and news items dated on one day prove activity."""
    old = _assess(
        tmp_path / "a",
        "- {kind: communication, title: News 2014, channel: website, start: 2014-05-01}",
        Period.year(2024),
    )
    assert old.indicator("C4").value == 0 and old.indicator("C10").value == 0
    live = _assess(
        tmp_path / "b",
        """\
        - {kind: presence, title: Site, platform: website, languages: "cs, en", url: "https://x.example", start: 2015-01-01}
        - {kind: presence, title: Czech only, platform: website, languages: cs, url: "https://y.example", start: 2015-01-01}
        - {kind: communication, title: News, channel: website, start: 2024-05-01, end: 2024-05-01}
        """,
        Period.year(2024),
    )
    assert live.indicator("C4").value == 1 and live.indicator("C10").value == 1
    czech = _assess(
        tmp_path / "c",
        '- {kind: presence, title: Czech only, platform: website, languages: cs, url: "https://y.example", start: 2015-01-01}',
        Period.year(2024),
    )
    assert czech.indicator("C4").value == 0


def test_age_counts_from_the_founding_year(tmp_path: Path) -> None:
    """G1: amended statutes of 2023 do not make a cluster founded in 2013 young."""
    snap = _assess(
        tmp_path,
        "- {kind: document, title: Amended statutes, doc_type: statutes, start: 2023-04-01}",
        Period.year(2025),
        founded=2013,
    )
    assert snap.indicator("G1").value == pytest.approx(
        13.0  # 1 January 2013 to the end of 31 December 2025: 13 whole years
    )
    assert snap.indicator("G1").points == 3


@pytest.mark.parametrize(("founded", "years"), [(2024, 1 + 31 / 365), (2023, 3.0)])
def test_statutes_of_the_founding_year_date_the_founding(
    tmp_path: Path, founded: int, years: float
) -> None:
    """The profile's founding year is a year, its 1 January any day of it: statutes of
    1 December 2024 date a cluster founded in 2024 to that day, so at the end of 2025 it
    is a year and a month old, short of G1's Gold step of 2 (it was 2 years, reached);
    statutes of 2024 for one founded in 2023 are amended ones, and 2023 decides."""
    snap = _assess(
        tmp_path,
        "- {kind: document, title: Statutes, doc_type: statutes, start: 2024-12-01}",
        Period.year(2025),
        founded=founded,
    )
    g1 = snap.indicator("G1")
    assert g1.value == pytest.approx(years, abs=1e-9)
    assert (g1.points > 0) == (years >= 2)


@pytest.mark.parametrize(
    ("founded", "year", "points"),
    [(2018, 2024, 3), (2021, 2024, 2), (2017, 2023, 3), (2022, 2023, 1), (2019, 2026, 3)],
)
def test_a_cluster_is_a_whole_number_of_years_old_at_the_end_of_a_year(
    tmp_path: Path, founded: int, year: int, points: int
) -> None:
    """Founded in 2018, a cluster is 7 years old when 2024 ends, and "at least 7" is met:
    counted to the start of 31 December it was 6.998, shown as "7 years" with 2 points of
    3; founded in 2021, it is 4 at the end of 2024 ("at least 4": 2 points). Whole years
    are counted by the calendar: 2017 to the end of 2023 holds one 29 February, not the
    1.75 that 365.25 days a year assume, and was 6.998 too."""
    snap = _assess(
        tmp_path,
        "- {kind: document, title: Statutes, doc_type: statutes, start: 2023-04-01}",
        Period.year(year),
        founded=founded,
    )
    assert snap.indicator("G1").value == pytest.approx(year - founded + 1, abs=1e-9)
    assert snap.indicator("G1").points == points


def test_participants_per_fte_is_descriptive(tmp_path: Path) -> None:
    """G3: no members per FTE is not the best value; the ratio is shown, not scored."""
    snap = _assess(
        tmp_path, "- {kind: staff, title: Manager, fte: 1, start: 2020-01-01}", Period.year(2024)
    )
    g3 = snap.indicator("G3")
    assert g3.value == 0 and g3.points == 0 and g3.scored is False


TRAINING = """\
    - {kind: staff, title: Manager, fte: 1, start: 2020-01-01}
    - {kind: training, title: Course 2024, person: Manager, hours: 40, start: 2024-05-01}
    - {kind: training, title: Course 2025, person: Manager, hours: 40, start: 2025-05-01}
    """


@pytest.mark.parametrize(
    ("period", "per_year"),
    [
        (Period.year(2024), 40),
        (Period.year(2025), 40),
        (Period(date(2024, 1, 1), date(2025, 12, 31)), 40),
    ],
)
def test_training_hours_count_in_the_period_they_were_trained(
    tmp_path: Path, period: Period, per_year: float
) -> None:
    """G4: 40 hours trained in 2024 and 40 in 2025 are 40 a year in each year and in the
    two years together (not 80 in each, nor 20 in the two)."""
    assert _assess(tmp_path, TRAINING, period).indicator("G4").value == pytest.approx(per_year)


def test_a_leavers_hours_weigh_against_the_months_worked(tmp_path: Path) -> None:
    snap = _assess(
        tmp_path,
        """\
        - {kind: staff, title: Manager, fte: 1, start: 2020-01-01}
        - {kind: staff, title: Leaver, fte: 1, start: 2020-01-01, end: 2024-06-30}
        - {kind: training, title: Course, person: Leaver, hours: 30, start: 2024-03-01}
        """,
        Period.year(2024),
    )
    # the team had 1 + 182/366 FTE on average in 2024 (the leaver worked 182 days)
    assert snap.indicator("G4").value == pytest.approx(30 / (1 + 182 / 366))


def test_strategy_counts_by_its_approval_and_while_in_force(tmp_path: Path) -> None:
    """G7: a strategy approved in 2015 but filed in 2024 does not count, nor one that
    expired before the period's end; one approved in 2023 and in force does."""
    stale = _assess(
        tmp_path / "a",
        """\
        - {kind: document, title: Old strategy, doc_type: strategy, start: 2024-02-01, approved_on: 2015-03-01}
        - {kind: document, title: Expired strategy, doc_type: strategy, start: 2023-02-01, approved_on: 2023-02-01, expires: 2024-06-30}
        """,
        Period.year(2024),
    )
    assert stale.indicator("G7").value == 0
    fresh = _assess(
        tmp_path / "b",
        "- {kind: document, title: Strategy, doc_type: strategy, start: 2023-02-01, approved_on: 2023-02-01}",
        Period.year(2024),
    )
    assert fresh.indicator("G7").value == 1


ONCE = """\
    - {kind: finance, title: Fees, source_type: membership_fees, amount_eur: 30000, start: 2024-01-01, end: 2024-12-31}
    - {kind: finance, title: Grant, source_type: public_eu, amount_eur: 600000, start: 2020-01-01, end: 2025-12-31}
    """
PER_YEAR = (
    "    - {kind: finance, title: Fees, source_type: membership_fees, amount_eur: 30000, start: 2024-01-01, end: 2024-12-31}\n"
    + "".join(
        f"    - {{kind: finance, title: Grant {y}, source_type: public_eu, amount_eur: {600000 * days // 2192}, start: {y}-01-01, end: {y}-12-31}}\n"
        for y, days in [
            (2020, 366),
            (2021, 365),
            (2022, 365),
            (2023, 365),
            (2024, 366),
            (2025, 365),
        ]
    )
)


def test_a_grant_counts_once_however_it_is_entered(tmp_path: Path) -> None:
    """G9: a six-year grant entered once and entered year by year give the same share
    in 2024 (a sixth of it, by days), not the whole grant in every year it touches."""
    once = _assess(tmp_path / "a", ONCE, Period.year(2024)).indicator("G9").value
    per_year = _assess(tmp_path / "b", PER_YEAR, Period.year(2024)).indicator("G9").value
    grant_2024 = 600000 * 366 / 2192
    assert once == pytest.approx(100 * 30000 / (30000 + grant_2024))
    assert per_year == pytest.approx(once, abs=0.01)


def test_a_token_pledge_does_not_secure_the_funding(tmp_path: Path) -> None:
    """G10: one euro secured until 2099 is not funding secured a year ahead."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: finance, title: Fees, source_type: membership_fees, amount_eur: 50000, start: 2024-01-01, end: 2024-12-31}
        - {kind: finance, title: Pledge, source_type: private, amount_eur: 1, start: 2024-01-01, end: 2024-12-31, secured_until: 2099-12-31}
        """,
        Period.year(2024),
    )
    assert snap.indicator("G10").value == pytest.approx(100 / 50001)
    assert snap.indicator("G10").points == 0


def test_substance_thresholds(tmp_path: Path) -> None:
    """Two-person meetings, a service that served nobody and a one-respondent survey do
    not count; a fair only visited is not an activity abroad the cluster runs."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: event, title: Chat, role: organiser, format: meeting, audience: members, participants: 2, start: 2024-03-01}
        - {kind: event, title: Fair visit, role: participant, format: fair, country: DE, members_involved: 3, start: 2024-04-01}
        - {kind: service, title: Helpdesk, category: consulting, members_served: 0, tags: digital, start: 2024-05-01}
        - {kind: survey, title: Poll, invited: 80, respondents: 1, satisfaction: 100, start: 2024-06-01}
        """,
        Period.year(2024),
    )
    for indicator in ("C2", "V1", "V3", "V6", "V8"):
        assert snap.indicator(indicator).value == 0, indicator
    assert snap.indicator("V7").value is None


def test_an_expired_agreement_and_a_paid_fee(tmp_path: Path) -> None:
    """S1: an agreement past its expiry no longer commits; a paid fee does."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: member, title: Expired, type: sme, committed: yes, start: 2020-01-01, expires: 2024-06-30}
        - {kind: member, title: Pays, type: sme, fee_paying: yes, start: 2020-01-01}
        - {kind: member, title: Neither, type: sme, start: 2020-01-01}
        """,
        Period.year(2024),
    )
    s1 = snap.indicator("S1")
    assert s1.value == 1
    # "why not counted" names the expiry, not a date the record does meet
    assert sorted((m.title, str(m.condition)) for m in s1.not_counted) == [
        ("Expired", "not expired before Dec 31, 2024"),
        ("Neither", "committed is yes or fee-paying is yes"),
    ]


def test_more_respondents_than_invited_is_refused(tmp_path: Path) -> None:
    """A survey cannot have more answers than people asked (a swapped pair of columns)."""
    with pytest.raises(UserDataError) as err:
        _assess(
            tmp_path,
            "- {kind: survey, title: Poll, invited: 10, respondents: 50, start: 2024-06-01}",
            Period.year(2024),
        )
    assert "50 respondents of 10 invited" in str(err.value.findings[0])


def test_a_cluster_share_above_the_project_budget_is_refused(tmp_path: Path) -> None:
    """V5 adds up the cluster's share of its projects' money: a share larger than the
    whole project's budget is two numbers swapped or a typo, not funding."""
    with pytest.raises(UserDataError) as err:
        _assess(
            tmp_path,
            "- {kind: project, title: P, start: 2024-01-01, budget_eur: 100000,"
            " cluster_budget_eur: 250000}",
            Period.year(2024),
        )
    said = str(err.value.findings[0])
    assert "cluster_budget_eur" in said and "more than the project's whole budget" in said


def test_a_pro_rata_amount_per_year_over_half_a_year_is_the_years_amount(
    tmp_path: Path,
) -> None:
    """V5 over January-June 2025 of five projects with 120,000 EUR each for 2025: 600,000
    a year throughout, so 600,000 per year. The share was taken by days (181/365) and the
    year by months (0.5): 595,068 for January-June and 604,932 for July-December. A
    one-off 50,000 in March is twice itself a year over the half-year, as any per-year
    value is (not 2.017 times, as a year by days would have made it). Over whole years
    the values are as they were. A record wholly inside the half-year counts whole, with
    an end or without: a project of 124,000 over February-May is 248,000 a year, below
    V5's Gold step (the months' scale on its day share made it 250,055, over the step),
    and a one-day training of 40 h is 80 h a year (G4 read 80.66). Only a record crossing
    the period's edges is scaled, and never past its whole amount."""
    projects = "\n".join(
        f"- {{kind: project, title: P{n}, cluster_budget_eur: 120000, project_status: running,"
        f" start: {y}-01-01, end: {y}-12-31}}"
        for n in range(5)
        for y in (2024, 2025)
    )
    projects += "\n- {kind: project, title: One-off, cluster_budget_eur: 50000, start: 2025-03-01}"
    periods = {
        p: Period.parse(p)
        for p in ("2025-01-01..2025-06-30", "2025-07-01..2025-12-31", "2024-01-01..2024-06-30")
    }
    periods |= {"2025": Period.year(2025), "2024-2025": Period.parse("2024-2025")}
    got = {
        p: _assess(tmp_path / str(n), projects, period).indicator("V5").value
        for n, (p, period) in enumerate(periods.items())
    }
    assert got == {
        "2025-01-01..2025-06-30": pytest.approx(700000, abs=1e-6),  # 600,000 + 2 x 50,000
        "2025-07-01..2025-12-31": pytest.approx(600000, abs=1e-6),
        "2024-01-01..2024-06-30": pytest.approx(600000, abs=1e-6),  # 182 of 366 days
        "2025": 650000,
        "2024-2025": 625000,
    }, got

    half = Period.parse("2025-01-01..2025-06-30")
    inside = (
        "- {kind: staff, title: Manager, fte: 1, start: 2020-01-01}\n"
        "- {kind: training, title: Course, person: Manager, hours: 40, start: 2025-03-10%s}\n"
        "- {kind: project, title: Inside, cluster_budget_eur: 124000, project_status: running,"
        " start: 2025-02-01%s}"
    )
    for name, ends in {
        "ended": (", end: 2025-03-10", ", end: 2025-05-31"),
        "open": ("", ""),
    }.items():
        got_half = _assess(tmp_path / name, inside % ends, half)
        assert got_half.indicator("G4").value == pytest.approx(80, abs=1e-9), name
        assert got_half.indicator("V5").value == pytest.approx(248000, abs=1e-6), name
    # 181 of its 182 days in the half-year, x 0.5 / (181/365) = 1.0027 of it: its whole
    edge = "- {kind: project, title: Edge, cluster_budget_eur: 182000, start: 2024-12-31"
    edge += ", end: 2025-06-30}"
    assert _assess(tmp_path / "edge", edge, half).indicator("V5").value == pytest.approx(364000)
    # wholly inside July-December, where the scale is below 1 (0.5 / (184/365)): whole too
    later = "- {kind: project, title: Later, cluster_budget_eur: 100000, start: 2025-07-01"
    later += ", end: 2025-12-31}"
    second = Period.parse("2025-07-01..2025-12-31")
    assert _assess(tmp_path / "later", later, second).indicator("V5").value == 200000


def test_a_tiny_invited_base_is_not_a_survey(tmp_path: Path) -> None:
    """V6/V7: one answer of two invited is a 50 % response but not the members' view; a
    30 % response counts from 15 invited."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: survey, title: Tiny, invited: 2, respondents: 1, satisfaction: 95, start: 2024-06-01}
        - {kind: survey, title: Small, invited: 20, respondents: 7, satisfaction: 75, start: 2024-03-01}
        """,
        Period.year(2024),
    )
    assert snap.indicator("V6").value == 1 and snap.indicator("V7").value == 75


def test_near_misses_are_near(tmp_path: Path) -> None:
    """Why not counted lists last year's newsletter for this year's count, not one of
    2016, nor a press release (another thing, not a near miss of a newsletter)."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: communication, title: Newsletter 2024, channel: newsletter, start: 2024-03-01}
        - {kind: communication, title: Newsletter 2023, channel: newsletter, start: 2023-11-01}
        - {kind: communication, title: Newsletter 2016, channel: newsletter, start: 2016-11-01}
        - {kind: communication, title: Press 2024, channel: press_release, start: 2024-05-01}
        """,
        Period.year(2024),
    )
    c1 = snap.indicator("C1")
    assert [(m.title, str(m.condition)) for m in c1.not_counted] == [
        ("Newsletter 2023", "starting from Jan 1, 2024 to Dec 31, 2024")
    ]
    assert c1.not_counted_total == 1


def test_a_strategy_counts_only_while_it_is_in_force(tmp_path: Path) -> None:
    """G7 "strategy approved in the last three years" and in force: one approved in March
    2023 that ended in June 2024 gives 2024-2025 nothing; one without an end, or ending
    after the period, does."""
    period = Period.parse("2024-2025")
    ended = _assess(
        tmp_path / "ended",
        """\
        - {kind: document, title: Strategy 2023, doc_type: strategy, start: 2023-03-01,
           end: 2024-06-30, approved_on: 2023-03-01}
        """,
        period,
    )
    assert ended.indicator("G7").value == 0 and ended.indicator("G7").evidence_ids == []
    for name, end in (
        ("open", ""),
        ("later", ", end: 2027-12-31"),
        ("a month", ", date_precision: month"),  # its end is March's last day: no term
        ("a year", "/year"),  # its end is 2023's last day: no term
        ("a year's term", "/year, end: 2026-12-31"),
    ):
        start = "2023-01-01, date_precision: year" if end.startswith("/year") else "2023-03-01"
        kept = _assess(
            tmp_path / name,
            f"- {{kind: document, title: Strategy 2023, doc_type: strategy, start: {start}"
            f"{end.removeprefix('/year')}, approved_on: 2023-03-01}}\n",
            period,
        )
        assert kept.indicator("G7").value == 1, name
    # "Strategy 2023-2024" dated to its years, or from March 2023 to December 2024 dated
    # to its months: a term that ended before the period did (it counted: any strategy
    # dated to a month or year passed, whatever its end)
    for name, dates in (
        ("years", "start: 2023-01-01, end: 2024-12-31, date_precision: year"),
        ("months", "start: 2023-03-01, end: 2024-12-31, date_precision: month"),
    ):
        ended = _assess(
            tmp_path / f"ended {name}",
            f"- {{kind: document, title: Strategy 2023-2024, doc_type: strategy, {dates},"
            " approved_on: 2023-03-01}\n",
            Period.parse("2025"),
        )
        assert ended.indicator("G7").value == 0, name


def test_governance_meetings_are_the_clusters_own(tmp_path: Path) -> None:
    """G6 counts the meetings of the cluster's own board and general assembly: four
    meetings a year of a national association's bodies that it only attended are not
    its governance (2 of its own in 2024: 2 a year)."""
    others = "\n".join(
        f"- {{kind: event, title: Association board {q}, format: board_meeting,"
        f" role: participant, start: 2024-0{q * 2}-10}}"
        for q in range(1, 5)
    )
    own = (
        "\n- {kind: event, title: Our board, format: board_meeting, start: 2024-03-05}"
        "\n- {kind: event, title: Our assembly, format: general_assembly, role: co_organiser,"
        " start: 2024-06-05}"
    )
    snap = _assess(tmp_path, others + own, Period.year(2024))
    assert snap.indicator("G6").value == 2
    titles = {e.id: e.title for e in snap.evidence}
    assert sorted(titles[i] for i in snap.indicator("G6").evidence_ids) == [
        "Our assembly",
        "Our board",
    ]


def test_growth_a_year_is_compounded(tmp_path: Path) -> None:
    """S5: 44 committed members at the start of 2024-2025 and 53 at its end grew 20.45 %
    in two years: 9.75 % a year (1.0975 twice is 1.2045), 2 points, not 10.23 % and the
    3 points of "at least 10"."""
    old = "\n".join(
        f"- {{kind: member, title: Old {n}, type: sme, committed: yes, start: 2020-01-01}}"
        for n in range(44)
    )
    new = "\n".join(
        f"- {{kind: member, title: New {n}, type: sme, committed: yes, start: 2024-06-01}}"
        for n in range(9)
    )
    snap = _assess(tmp_path, old + "\n" + new, Period.parse("2024-2025"))
    s5 = snap.indicator("S5")
    assert s5.value == pytest.approx(((53 / 44) ** 0.5 - 1) * 100)  # 9.75
    assert s5.points == 2


def test_growth_from_none_says_why_it_has_no_value(tmp_path: Path) -> None:
    """S5 of a cluster whose members all joined in the period: no rate, so no value and
    no points, and the explanation says why in both languages (it said only "no
    value", which reads like a failure to count)."""
    from reports.i18n import Lang

    joined = "\n".join(
        f"- {{kind: member, title: New {n}, type: sme, committed: yes, start: 2025-03-01}}"
        for n in range(20)
    )
    s5 = _assess(tmp_path, joined, Period.year(2025)).indicator("S5")
    assert s5.value is None and s5.points == 0 and len(s5.evidence_ids) == 20
    english = Lang("en").msg(s5.explanation)
    assert "no value, as none were active at the start" in english, english
    czech = Lang("cs").msg(s5.explanation)
    assert "bez hodnoty, protože na začátku nebyl platný žádný" in czech, czech


def test_growth_in_a_period_under_a_year_is_divided_not_compounded() -> None:
    """A month's +50 % compounded to a year is 12,875 %, and a day's +1,000 % overflows:
    under a year the value is divided, as the short period's warning says."""
    from assessment.period import yearly

    month = Period.parse("2024-03-01..2024-03-31")
    assert yearly(50.0, month, growth=True) == pytest.approx(50.0 * 12)
    assert yearly(1000.0, Period.parse("2024-03-01..2024-03-01"), growth=True) > 0
    two = Period.parse("2024-2025")
    assert yearly(-100.0, two, growth=True) == pytest.approx(-100.0)  # all left
    assert yearly(44.0, two, growth=True) == pytest.approx(20.0)  # 1.2 twice is 1.44


def test_two_years_of_service_end_with_the_period(tmp_path: Path) -> None:
    """G5 "worked for the cluster for at least two years": by 31 December 2025 a start on
    1 January 2024 has served two whole years (2024 and 2025); one a day later has not.
    `$period_end-2y` (31 December 2023) asked for two years and a day. A start known to
    its year only counts when every day of that year is two years back."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: staff, title: Manager, start: 2024-01-01, fte: 0.5}
        - {kind: staff, title: Assistant, start: 2024-01-02, fte: 0.5}
        - {kind: staff, title: Since 2024, start: 2024-01-01, date_precision: year, fte: 0.5}
        - {kind: staff, title: Since 2023, start: 2023-01-01, date_precision: year, fte: 0.5}
        """,
        Period.parse("2025"),
    )
    # "2024" may be 31 December 2024: not two years; "2023" is, whatever its day
    assert snap.indicator("G5").value == 50.0


def test_the_last_three_years_start_the_day_after_three_years_back(tmp_path: Path) -> None:
    """G7 "approved in the last three years", for 2025: 2023, 2024 and 2025, as the
    indicators of the last three years (`last_years: 3`) count them; a strategy approved
    on 31 December 2022 is older than that."""
    period = Period.parse("2025")
    for approved, counted in (("2022-12-31", 0), ("2023-01-01", 1)):
        snap = _assess(
            tmp_path / approved,
            f"- {{kind: document, title: Strategy, doc_type: strategy, start: {approved},"
            f" approved_on: {approved}}}\n",
            period,
        )
        assert snap.indicator("G7").value == counted, approved


def test_a_service_over_two_years_spreads_its_uses_over_them(tmp_path: Path) -> None:
    """V2 "uses of services per committed participant a year": a mentoring programme of
    2024-2025 serving 10 of 10 committed members is 5 uses in 2024 and 5 in 2025, and 10
    over the two years: 0.5 a year whichever way (it was 1, 1 and 0.5)."""
    evidence = (
        _members(["sme"] * 10)
        + "\n- {kind: service, title: Mentoring, category: consulting, members_served: 10,"
        " start: 2024-01-01, end: 2025-12-31}\n"
    )
    for n, period in enumerate(("2024", "2025", "2024-2025")):
        snap = _assess(tmp_path / str(n), evidence, Period.parse(period))
        assert snap.indicator("V2").value == pytest.approx(0.5, abs=0.01), period


def test_services_running_two_years_count_in_each_of_them(tmp_path: Path) -> None:
    """V8 "services on the digital transition a year": two programmes of 2024-2025 are
    two services of 2024 and two of 2025, so 2 a year over 2024-2025 too (it was 1: each
    counted once over the two years, then divided by 2, and a 24-month renewal missed
    Gold that each year reached). One of 2024 alone adds 1 to 2024 and 0.5 a year to the
    two years: 3 + 2 = 5 service-years over 2 years."""
    evidence = "".join(
        f"- {{kind: service, title: {title}, category: consulting, members_served: 20,"
        f" tags: digital, start: {start}, end: {end}}}\n"
        for title, start, end in (
            ("Digital audit", "2024-01-01", "2025-12-31"),
            ("AI clinic", "2024-01-01", "2025-12-31"),
            ("Cloud day", "2024-05-01", "2024-05-31"),
        )
    )
    values = {
        p: _assess(tmp_path / p, evidence, Period.parse(p)).indicator("V8").value
        for p in ("2024", "2025", "2024-2025")
    }
    assert values == {"2024": 3, "2025": 2, "2024-2025": 2.5}


def test_a_standing_service_counts_in_every_year_it_is_offered(tmp_path: Path) -> None:
    """V1, V8 and V2 of services entered as the template says, "empty while it is
    offered": an information desk (digital) offered since 2019 and a training programme
    (digital) since September 2025, each serving 20 members a year, in a cluster of 10
    committed members, and a one-off partner day of 2025 (its day as its end, 10 served).
    The desk counted on its start day alone: in no period after 2019 (V1 2 in 2025, V8
    1 a year, V2 1.0). Now each standing service is in every period it meets, one of
    each year's services over two years, as an ongoing project is, and its members
    served a year count a year's worth for each year it runs in the period."""
    evidence = (
        _members(["sme"] * 10)
        + "\n- {kind: service, id: desk, title: Information desk, category: information,"
        " members_served: 20, tags: digital, start: 2019-01-01}"
        "\n- {kind: service, id: training, title: Digital training, category: training,"
        " members_served: 20, tags: digital, start: 2025-09-01}"
        "\n- {kind: service, id: day, title: Partner day, category: matchmaking,"
        " members_served: 10, start: 2025-04-10, end: 2025-04-10}\n"
    )
    snaps = {
        p: _assess(tmp_path / p, evidence, Period.parse(p))
        for p in ("2025", "2024-2025", "2025-01-01..2025-06-30")
    }
    autumn = 20 * 122 / 365  # the training's uses in 2025: offered from 1 September
    one = snaps["2025"]
    assert one.indicator("V1").value == 3
    assert one.indicator("V8").value == 2
    assert one.indicator("V2").value == pytest.approx((20 + autumn + 10) / 10, abs=1e-6)
    assert {"desk", "training", "day"} <= set(one.indicator("V2").evidence_ids)
    two = snaps["2024-2025"]
    assert two.indicator("V8").value == 1.5  # the desk in 2024, the desk and training in 2025
    # the desk 20 a year through both years, the training 122 of the 731 days, two years
    training = 20 * 122 / 731 * 2
    assert two.indicator("V2").value == pytest.approx((40 + training + 10) / 2 / 10, abs=1e-6)
    assert "desk" in two.indicator("V2").evidence_ids
    # January-June: 10 uses of the desk and the partner day, 20 + 20 a year
    half = snaps["2025-01-01..2025-06-30"]
    assert half.indicator("V2").value == pytest.approx((10 + 10) / 0.5 / 10, abs=1e-6)
    assert half.indicator("V1").value == 2  # the training started after June


def test_the_import_names_services_without_an_end(tmp_path: Path) -> None:
    """A service without an end is a standing service: the import says so, once, naming
    the services it creates without one, and what a service delivered once needs; a
    re-import of the same file, which changes nothing, says nothing again."""
    store = Store(str(tmp_path / "store.db"))
    store.add_cluster(ClusterProfile(slug="c", name="Case", country="CZ"))
    path = tmp_path / "evidence.yaml"
    path.write_text(
        "- {kind: service, id: desk, title: Desk, category: information, start: 2019-01-01}\n"
        "- {kind: service, id: day, title: Day, category: matchmaking, start: 2025-04-10}\n"
        "- {kind: service, id: fair, title: Fair, category: marketing, start: 2025-05-01,"
        " end: 2025-05-03}\n",
        encoding="utf-8",
    )
    said = [str(f.message) for f in import_files(store, [path], cluster="c").findings]
    standing = [m for m in said if "without an end" in m]
    assert len(standing) == 1, said
    assert "2 services without an end are read as standing services" in standing[0]
    assert "desk, day;" in standing[0] and "fair" not in standing[0]
    assert "a one-day service: its day again" in standing[0]
    again = [str(f.message) for f in import_files(store, [path], cluster="c").findings]
    assert not [m for m in again if "without an end" in m], again


def test_giving_a_standing_service_an_end_says_what_members_served_now_needs(
    tmp_path: Path,
) -> None:
    """A standing service's members_served is the members it serves a year; once it has
    an end, the members served over its whole span. Giving a stored service an end, by
    an import or `clex evidence edit`, changes every past year's V2 (20 a year since
    2019 became 20 over seven years), so both warn with the yearly reading and the
    total it now needs, in Czech too; a service given its end when it is created, or
    one stating no members served, is not named."""
    from evidence.changes import edit

    store = Store(str(tmp_path / "store.db"))
    store.add_cluster(ClusterProfile(slug="c", name="Case", country="CZ"))
    rows = (
        "- {{kind: service, id: desk, title: Desk, category: information,"
        " members_served: 20, start: 2019-01-01{desk}}}\n"
        "- {{kind: service, id: help, title: Help, category: consulting, start: 2019-01-01}}\n"
        "- {{kind: service, id: day, title: Day, category: matchmaking, members_served: 8,"
        " start: 2025-04-10, end: 2025-04-10}}\n"
        "- {{kind: service, id: club, title: Club, category: matchmaking,"
        " members_served: 12, start: 2024-01-01}}\n"
    )
    path = tmp_path / "evidence.yaml"
    path.write_text(rows.format(desk=""), encoding="utf-8")
    first = [str(f.message) for f in import_files(store, [path], cluster="c").findings]
    assert not [m for m in first if "is given an end" in m], first
    path.write_text(rows.format(desk=", end: 2025-12-31"), encoding="utf-8")
    found = import_files(store, [path], cluster="c").findings
    ended = [f for f in found if "is given an end" in str(f.message)]
    assert len(ended) == 1, [str(f.message) for f in found]
    said = str(ended[0].message)
    assert said.startswith("desk: the service is given an end (Dec 31, 2025)."), said
    assert "members_served (20) was read as the members it serves a year" in said
    assert "from Jan 1, 2019 to Dec 31, 2025 in all: at 20 a year, about 140" in said
    assert "It gives 20: check it is that total" in said
    assert ended[0].severity == "warning"
    czech = render(ended[0].message, translations("cs"), "cs")
    assert "služba dostala konec" in czech, czech
    done = edit(store, "c", "club", {"end": "31.12.2024"}, actor="me", command="edit")
    warned = [str(line) for line in done.lines if str(line).startswith("warning: ")]
    assert warned == [
        "warning: club: the service is given an end (Dec 31, 2024). Without one its "
        "members_served (12) was read as the members it serves a year; with it, "
        "members_served is the members served from Jan 1, 2024 to Dec 31, 2024 in all: at 12 "
        "a year, about 12. It gives 12: check it is that total (each "
        "member once)"
    ], done.lines
    # the edit's warning is a message, said in Czech as the import's is (session 25: it
    # was English text whatever the reader's language)
    cs = translations("cs")
    czech_lines = [render(line, cs, "cs") for line in done.lines]
    assert "upozornění: club: služba dostala konec (31. 12. 2024)" in czech_lines[-1], czech_lines
    assert "warning" not in czech_lines[-1] and "the service" not in czech_lines[-1]
    quiet = edit(store, "c", "help", {"end": "2025-12-31"}, actor="me", command="edit")
    assert not [line for line in quiet.lines if "given an end" in str(line)], quiet.lines


def test_the_import_names_members_without_a_type(tmp_path: Path) -> None:
    """A member row without a type (an empty cell, or no type at all) is stored as
    `other`: a participant, not a company, so S2 falls by it. The import says so once,
    naming the rows and the types to give, in Czech too; a row that gives `other` is
    not named, and a re-import that changes nothing says nothing again."""
    store = Store(str(tmp_path / "store.db"))
    store.add_cluster(ClusterProfile(slug="c", name="Case", country="CZ"))
    path = tmp_path / "members.csv"
    path.write_text(
        "kind,title,start,committed,country,type\n"
        "member,NoType s.r.o.,2020-01-01,yes,CZ,\n"
        "member,Typed s.r.o.,2020-01-01,yes,CZ,sme\n"
        "member,Chamber,2020-01-01,yes,CZ,other\n",
        encoding="utf-8",
    )
    more = tmp_path / "more.yaml"
    more.write_text(
        "- {kind: member, title: Bare a.s., start: 2020-01-01, committed: yes, country: CZ}\n",
        encoding="utf-8",
    )
    found = import_files(store, [path, more], cluster="c").findings
    untyped = [f for f in found if "without a type" in str(f.message)]
    assert len(untyped) == 1, [str(f.message) for f in found]
    said = str(untyped[0].message)
    assert said.startswith("2 members without a type are stored as other: "), said
    assert "NoType s.r.o. (members.csv:2); Bare a.s. (more.yaml:1)" in said
    assert "Chamber" not in said and "Typed" not in said
    assert "give each its type: sme, large_company, startup, research" in said
    assert untyped[0].severity == "warning"
    czech = render(untyped[0].message, translations("cs"), "cs")
    assert czech.startswith("2 členové bez typu jsou uloženi jako other"), czech
    again = import_files(store, [path, more], cluster="c").findings
    assert not [f for f in again if "without a type" in str(f.message)]
    s2 = assess(store, "c", Period.year(2025), as_of=date(2025, 12, 31)).indicator("S2")
    assert s2.value == pytest.approx(100 / 4)  # one company among four participants


def test_a_yearly_count_over_years_reads_each_years_expiry(tmp_path: Path) -> None:
    """V8 over 2023-2025 is the average of the three years' own values: a programme of
    June 2023 to February 2025 whose evidence expires on 1 March 2024 is one of 2023's
    and of 2024's services, none of 2025's (its slices held the expiry against the
    period's start only, and it counted in 2025 too). A period that is not whole years
    is one slice, counted as it is: 18 months of one service are 1 / 1.5 a year (its
    last half year counted as a whole one gave 1.33)."""
    evidence = (
        "- {kind: service, title: Digital audit, category: consulting, members_served: 20,"
        " tags: digital, start: 2023-06-01, end: 2025-02-01, expires: 2024-03-01}\n"
    )
    values = {
        p: _assess(tmp_path / p, evidence, Period.parse(p)).indicator("V8").value
        for p in ("2023", "2024", "2025", "2023-2025")
    }
    assert values == {"2023": 1, "2024": 1, "2025": 0, "2023-2025": pytest.approx(2 / 3)}
    assert len(Period.parse("2024-01-01..2025-06-30").year_slices) == 1


def test_an_event_over_new_year_counts_in_the_year_it_starts(tmp_path: Path) -> None:
    """C2 and C6: a members' winter school and a stand in Vienna, both 30 December 2024
    to 2 January 2025, are events of 2024, not of 2025 as well (the two years added up
    to more than the two-year period). Over 2024-2025 they count once; a day-dated event
    of 2025 is 2025's alone."""
    evidence = """\
        - {kind: event, title: Winter school, format: training, role: organiser,
           participants: 30, audience: members, start: 2024-12-30, end: 2025-01-02}
        - {kind: event, title: Stand in Vienna, format: fair, role: exhibitor, country: AT,
           start: 2024-12-30, end: 2025-01-02}
        - {kind: event, title: Spring workshop, format: workshop, role: organiser,
           participants: 12, audience: members, start: 2025-03-04}
        """
    snaps = {p: _assess(tmp_path / p, evidence, Period.parse(p)) for p in ("2024", "2025")}
    snaps["2024-2025"] = _assess(tmp_path / "two", evidence, Period.parse("2024-2025"))
    got = {p: (s.indicator("C2").value, s.indicator("C6").value) for p, s in snaps.items()}
    assert got == {"2024": (1, 1), "2025": (1, 0), "2024-2025": (1, 1)}  # 2 events in 2 years
    # a newsletter over New Year alike: one of 2024's (C1), once over the two years
    letter = "- {kind: communication, channel: newsletter, title: Winter letter,"
    letter += " start: 2024-12-20, end: 2025-01-10}\n"
    c1 = {
        p: _assess(tmp_path / f"n{p}", letter, Period.parse(p)).indicator("C1").value
        for p in ("2024", "2025", "2024-2025")
    }
    assert c1 == {"2024": 1, "2025": 0, "2024-2025": 0.5}
    # 2025 names why the winter school is not one of its events
    missed = {m.title: m for m in snaps["2025"].indicator("C2").not_counted}["Winter school"]
    assert (missed.on, str(missed.condition)) == (
        "scope",
        "starting from Jan 1, 2025 to Dec 31, 2025",
    )


def test_a_change_of_fte_keeps_the_persons_years_of_service(tmp_path: Path) -> None:
    """G5 "worked for the cluster for at least two years": three people since 2019 went
    from 0.8 to 1.0 FTE on 1 April 2025, entered as the record until 31 March and a new
    one from 1 April. With `employed_since` on the new ones, 3 of 3 (100 %); without
    it, the import warns, naming the day to give, and the new records count from 1 April
    (0 of 3: Gold was refused on a rise in FTE)."""

    def team(since: bool) -> str:
        rows = []
        for name in ("Jana Novak", "Petr Dvorak", "Eva Mala"):
            rows.append(
                f"- {{kind: staff, title: {name}, fte: 0.8, start: 2019-01-01, end: 2025-03-31}}"
            )
            given = ", employed_since: 2019-01-01" if since else ""
            rows.append(f"- {{kind: staff, title: {name}, fte: 1.0, start: 2025-04-01{given}}}")
        return "\n".join(rows) + "\n"

    assert _assess(tmp_path / "a", team(True), Period.year(2025)).indicator("G5").value == 100
    assert _assess(tmp_path / "b", team(False), Period.year(2025)).indicator("G5").value == 0
    store = Store(str(tmp_path / "b" / "store.db"))
    (tmp_path / "b" / "more.yaml").write_text(
        "- {kind: staff, title: Eva Mala, fte: 0.5, start: 2026-01-01}\n"
        "- {kind: staff, title: Cluster assistant, fte: 0.5, start: 2026-01-01}\n",
        encoding="utf-8",
    )
    report = import_files(store, [tmp_path / "b" / "more.yaml"], cluster="c")
    said = [f.message for f in report.findings if "starts the day after" in f.message]
    # the stored record of Eva Mala from 1 April 2025 has no end: nothing continues it
    assert said == []
    (tmp_path / "b" / "fix.yaml").write_text(
        "- {kind: staff, title: Jana Novak, fte: 0.8, start: 2019-01-01, end: 2025-03-31}\n"
        "- {kind: staff, title: Jana Novak, fte: 1.0, start: 2025-04-01, end: 2025-12-31}\n"
        "- {kind: staff, title: JANA  NOVAK, fte: 0.6, start: 2026-01-01}\n",
        encoding="utf-8",
    )
    late = "- {kind: staff, title: Eva Mala, fte: 1, start: 2025-04-01, employed_since: 2026-01-01}"
    (tmp_path / "b" / "late.yaml").write_text(late + "\n", encoding="utf-8")
    with pytest.raises(UserDataError) as refused:
        import_files(store, [tmp_path / "b" / "late.yaml"], cluster="c")
    assert "employed_since 2026-01-01 is after start 2025-04-01" in str(refused.value.findings)
    report = import_files(store, [tmp_path / "b" / "fix.yaml"], cluster="c")
    said = [f.message for f in report.findings if "starts the day after" in f.message]
    assert len(said) == 2 and all("give it employed_since 2019-01-01" in m for m in said), said
    assert "if it is a successor, nothing to do" in said[0]


def test_a_promotion_to_a_new_job_title_asks_for_employed_since(tmp_path: Path) -> None:
    """G5: the project manager (since 2019) becomes deputy cluster manager on 1 April
    2025, entered as the old record until 31 March and a new one with the new job title
    (the template asks for the job title). The import warned only when the title stayed
    the same, so the promotion restarted her service silently (40 %, Gold refused). It
    now warns whatever the title, naming both records and the day to give; with that day
    given, 3 of 4 have served two years (75 %) and the warning is settled."""
    team = """\
        - {id: stf-0, kind: staff, title: Cluster manager, fte: 1, start: 2018-01-01}
        - {id: stf-1, kind: staff, title: Project manager, fte: 1, start: 2019-01-01,
           end: 2025-03-31}
        - {id: stf-1b, kind: staff, title: Deputy cluster manager, fte: 1, start: 2025-04-01}
        - {id: stf-2, kind: staff, title: Assistant, fte: 1, start: 2020-01-01}
        - {id: stf-3, kind: staff, title: Bookkeeper, fte: 0.3, start: 2024-06-01}
        """
    snap = _assess(tmp_path, team, Period.year(2025))
    assert snap.indicator("G5").value == 50  # stf-1b counted from 1 April 2025
    store = Store(str(tmp_path / "store.db"))
    report = import_files(store, [tmp_path / "evidence.yaml"], cluster="c")
    where = f"{tmp_path}/"
    said = [f.message.replace(where, "") for f in report.findings if f.record_id == "stf-1b"]
    assert said == [
        "staff 'Deputy cluster manager' (evidence.yaml:4) starts the day after "
        "'Project manager' (evidence.yaml:2) ends: if it is the same person (a change of "
        "FTE, role or job title), give it employed_since 2019-01-01, so that the person's "
        "years of service count (G5); if it is a successor, nothing to do"
    ], said
    fixed = team.replace("start: 2025-04-01}", "start: 2025-04-01, employed_since: 2019-01-01}")
    (tmp_path / "evidence.yaml").write_text(textwrap.dedent(fixed), encoding="utf-8")
    report = import_files(store, [tmp_path / "evidence.yaml"], cluster="c")
    assert [f for f in report.findings if f.severity == "warning"] == []
    period = Period.year(2025)
    assert assess(store, "c", period, as_of=period.end).indicator("G5").value == 75
    # a chain (a promotion, then a cut in FTE) is asked once per record, each giving the
    # day the person began; two who leave and two who join on one day with other titles
    # are one warning naming both who left, not four; a record ending on the day the
    # new one starts is a continuation too
    more = tmp_path / "more.yaml"
    more.write_text(
        textwrap.dedent("""\
        - {id: stf-1c, kind: staff, title: Deputy manager, fte: 0.8, start: 2026-01-01}
        - {id: stf-4, kind: staff, title: Analyst, fte: 1, start: 2021-05-01, end: 2025-06-30}
        - {id: stf-5, kind: staff, title: Event manager, fte: 1, start: 2022-01-01,
           end: 2025-06-30}
        - {id: stf-6, kind: staff, title: Senior analyst, fte: 1, start: 2025-07-01}
        - {id: stf-7, kind: staff, title: Events lead, fte: 1, start: 2025-07-01}
        - {id: stf-8, kind: staff, title: Web editor, fte: 1, start: 2023-01-01,
           end: 2025-09-01}
        - {id: stf-9, kind: staff, title: Communication officer, fte: 1, start: 2025-09-01}
        """),
        encoding="utf-8",
    )
    edit_end = "start: 2025-04-01, employed_since: 2019-01-01, end: 2025-12-31}"
    fixed = fixed.replace("start: 2025-04-01, employed_since: 2019-01-01}", edit_end)
    (tmp_path / "evidence.yaml").write_text(textwrap.dedent(fixed), encoding="utf-8")
    report = import_files(store, [tmp_path / "evidence.yaml", more], cluster="c")
    said = {
        f.record_id: f.message.replace(where, "")
        for f in report.findings
        if f.severity == "warning"
    }
    assert sorted(said) == ["stf-1c", "stf-6", "stf-9"], said
    assert "'Deputy cluster manager' (evidence.yaml:4) ends" in said["stf-1c"]
    assert "employed_since 2019-01-01" in said["stf-1c"]
    assert said["stf-6"].startswith(
        "staff 'Senior analyst' (more.yaml:5), 'Events lead' (more.yaml:6) start the day "
        "after other staff records end, 2 of them: for a person who stayed"
    ), said["stf-6"]
    assert (
        "'Analyst' (more.yaml:2) employed_since 2021-05-01, 'Event manager' (more.yaml:3) "
        "employed_since 2022-01-01; for a successor, nothing to do"
    ) in said["stf-6"]
    assert "starts on the day 'Web editor' (more.yaml:7) ends" in said["stf-9"]


def test_an_online_event_is_no_presentation_abroad(tmp_path: Path) -> None:
    """C6 "countries in which the cluster presented itself" and V3 "activities abroad":
    a fair in Hannover and a conference in Vienna count; a webinar run from Liberec for
    partners in Japan (venue online) does not, a hybrid mission to Poland does. The
    webinar is no near miss either: it was online, and marking it on site for the
    points would falsify it (why_not: a value an `any_of` on one choice field refuses)."""
    evidence = """\
        - {kind: event, title: Hannover Messe, format: fair, role: exhibitor, country: DE,
           members_involved: 3, start: 2025-04-01}
        - {kind: event, title: Vienna conference, format: conference, role: organiser,
           country: AT, members_involved: 2, start: 2025-06-01, venue: on_site}
        - {kind: event, title: Matchmaking webinar for Japan, format: matchmaking,
           role: organiser, country: JP, members_involved: 5, start: 2025-09-01, venue: online}
        - {kind: event, title: Mission to Poland, format: mission, role: organiser,
           country: PL, members_involved: 4, start: 2025-10-01, venue: hybrid}
        """
    snap = _assess(tmp_path, evidence, Period.year(2025))
    assert snap.indicator("C6").value == 3  # DE, AT, PL
    assert snap.indicator("V3").value == 3
    for indicator in ("C6", "V3"):
        listed = [m.title for m in snap.indicator(indicator).not_counted]
        assert "Matchmaking webinar for Japan" not in listed


def test_a_member_that_left_and_joined_again_is_a_record_per_membership(tmp_path: Path) -> None:
    """S1 of one organisation (org_id CZ55555555) in from 2019 to 30 June 2023 and again
    from 1 March 2025: a member in 2022 and 2025, not in 2024. Two rows with ids of
    their own and one org_id are taken when the memberships do not overlap (both were
    refused, and one record over both falsified 2024 or 2022); overlapping, refused."""
    rows = """\
        - {id: mem-acme-1, kind: member, title: ACME, org_id: CZ55555555, type: sme,
           committed: yes, start: 2019-01-01, end: 2023-06-30}
        - {id: mem-acme-2, kind: member, title: ACME a.s., org_id: CZ55555555, type: sme,
           committed: yes, start: 2025-03-01}
        """
    s1 = {
        year: _assess(tmp_path / str(year), rows, Period.year(year)).indicator("S1").value
        for year in (2022, 2024, 2025)
    }
    assert s1 == {2022: 1, 2024: 0, 2025: 1}
    with pytest.raises(UserDataError) as refused:
        _assess(tmp_path / "x", rows.replace("2023-06-30", "2025-03-01"), Period.year(2025))
    assert "has the org_id CZ55555555 of member 'ACME'" in str(refused.value.findings)
    # an edit that makes them overlap is refused too (the org_id unchanged, the days not)
    from evidence.changes import edit

    store = Store(str(tmp_path / "2025" / "store.db"))
    with pytest.raises(UserDataError) as edited:
        edit(store, "c", "mem-acme-1", {"end": ""}, actor="test", command="edit")
    said = str(edited.value.findings)
    assert "has the org_id CZ55555555 of member 'ACME a.s.' (stored record mem-acme-2)" in said
    assert "end mem-acme-1 by 2025-02-28" in said


def test_one_survey_climbs_a_satisfaction_ladder(tmp_path: Path) -> None:
    """V7 is the newest survey's satisfaction: from no survey to its Gold step (70, two
    rungs) takes one survey that scores it, not one survey per rung (the Gold path
    priced it at two)."""
    from assessment.effort import step_effort
    from criteria.loader import require_catalogue

    member = "- {kind: member, title: Alpha, type: sme, committed: yes, start: 2020-01-01}"
    v7 = _assess(tmp_path, member, Period.year(2025)).indicator("V7")
    ind = require_catalogue("ecei-gold").indicator("V7")
    assert v7.value is None and ind.gold_step is not None
    effort = step_effort(ind, v7, ind.gold_step, Period.year(2025))
    assert (effort.kind, effort.quantity, effort.cost) == ("survey", 1, 10)
