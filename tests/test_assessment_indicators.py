"""Every built-in indicator against hand-made evidence and a value computed by hand.

The evidence below is written in the user's own syntax (a YAML import file). The period
is 2024; the cluster is in CZ, region Liberec. The comment on each expected value says
which records make it, so a reader can check the arithmetic without running anything.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from assessment import Period, assess
from assessment.snapshot import Judgement, Snapshot
from criteria.loader import require_catalogue
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.store import Store

EVIDENCE = textwrap.dedent("""\
    # members (start = joined, end = left)
    - {kind: member, title: A, type: sme, country: CZ, region: Liberec, committed: yes, start: 2016-01-01}
    - {kind: member, title: B, type: sme, country: CZ, region: Liberec, committed: yes, start: 2017-01-01}
    - {kind: member, title: C, type: startup, country: CZ, region: Prague, committed: yes, start: 2023-06-01}
    - {kind: member, title: D, type: large_company, country: DE, region: Bayern, committed: yes, start: 2020-01-01}
    - {kind: member, title: E, type: university, country: CZ, region: Liberec, committed: yes, start: 2016-01-01}
    - {kind: member, title: F, type: research, country: CZ, region: Liberec, committed: yes, start: 2019-01-01}
    - {kind: member, title: G, type: public, country: CZ, region: Liberec, committed: yes, start: 2024-03-01}
    - {kind: member, title: H, type: sme, country: CZ, region: Brno, committed: yes, start: 2018-01-01, end: 2024-06-30}
    - {kind: member, title: I, type: association, country: AT, committed: no, start: 2021-01-01}
    - {kind: member, title: J, type: other, country: CZ, region: Jablonec, committed: yes, start: 2024-05-01}
    - {kind: member, title: K, type: sme, country: SK, committed: yes, start: 2020-01-01, status: rejected}
    # staff
    - {kind: staff, title: Manager, fte: 1.0, training_hours: 20, start: 2019-01-01}
    - {kind: staff, title: Assistant, fte: 0.5, training_hours: 10, start: 2024-02-01}
    - {kind: staff, title: Former analyst, fte: 0.8, training_hours: 6, start: 2015-01-01, end: 2024-03-31}
    # documents
    - {kind: document, title: Statutes, doc_type: statutes, start: 2012-05-01}
    - {kind: document, title: Strategy 2022-2026, doc_type: strategy, start: 2022-03-15, approved_on: 2022-03-15}
    - {kind: document, title: Story one, doc_type: success_story, start: 2023-04-01}
    - {kind: document, title: Story two, doc_type: success_story, start: 2024-04-01}
    - {kind: document, title: Old story, doc_type: success_story, start: 2020-04-01}
    # events
    - {kind: event, title: Board 1, format: board_meeting, start: 2024-02-01}
    - {kind: event, title: Board 2, format: board_meeting, start: 2024-06-01}
    - {kind: event, title: Board 3, format: board_meeting, start: 2024-10-01}
    - {kind: event, title: General assembly, format: general_assembly, start: 2024-04-20}
    - {kind: event, title: Board 2023, format: board_meeting, start: 2023-10-01}
    - {kind: event, title: Cluster day, role: organiser, format: conference, audience: members, country: CZ, start: 2024-05-14}
    - {kind: event, title: Workshop, role: co_organiser, format: workshop, audience: mixed, country: CZ, start: 2024-09-10}
    - {kind: event, title: Public talk, role: organiser, format: workshop, audience: public, country: CZ, start: 2024-11-10}
    - {kind: event, title: Visited fair, role: participant, format: fair, audience: public, country: CZ, start: 2024-03-10}
    - {kind: event, title: Techtextil, role: exhibitor, format: fair, country: DE, members_involved: 3, start: 2024-04-23}
    - {kind: event, title: Mission Japan, role: participant, format: mission, country: JP, members_involved: 4, start: 2024-10-07}
    - {kind: event, title: Vienna conference, role: speaker, format: conference, country: AT, members_involved: 0, start: 2024-06-05}
    - {kind: event, title: Second fair, role: exhibitor, format: fair, country: DE, start: 2024-11-20}
    # finance
    - {kind: finance, title: Fees, source_type: membership_fees, amount_eur: 30000, year: 2024}
    - {kind: finance, title: Services, source_type: paid_services, amount_eur: 10000, year: 2024}
    - {kind: finance, title: Ministry, source_type: public_national, amount_eur: 40000, year: 2024, secured_until: 2026-06-30}
    - {kind: finance, title: EU, source_type: public_eu, amount_eur: 20000, year: 2024}
    - {kind: finance, title: Fees, source_type: membership_fees, amount_eur: 99000, year: 2023}
    # communication
    - {kind: communication, title: Website, channel: website, start: 2015-01-01}
    - {kind: communication, title: ECCP profile, channel: eccp_profile, start: 2019-11-01}
    - {kind: communication, title: Newsletter 1, channel: newsletter, start: 2024-01-15}
    - {kind: communication, title: Newsletter 2, channel: newsletter, start: 2024-03-15}
    - {kind: communication, title: Newsletter 3, channel: newsletter, start: 2024-05-15}
    - {kind: communication, title: Newsletter 4, channel: newsletter, start: 2024-09-15}
    - {kind: communication, title: Newsletter 5, channel: newsletter, start: 2024-11-15}
    - {kind: communication, title: Press 1, channel: press_release, start: 2024-02-01}
    - {kind: communication, title: Press 2, channel: press_release, start: 2024-08-01}
    - {kind: communication, title: TV spot, channel: media_mention, start: 2024-09-01}
    - {kind: communication, title: Posts Q1, channel: social_media, start: 2024-01-31}
    - {kind: communication, title: Posts 2, channel: social_media, start: 2024-02-28}
    - {kind: communication, title: Posts 3, channel: social_media, start: 2024-03-31}
    - {kind: communication, title: Posts 4, channel: social_media, start: 2024-04-30}
    - {kind: communication, title: Posts 5, channel: social_media, start: 2024-05-31}
    - {kind: communication, title: Posts 6, channel: social_media, start: 2024-06-30}
    - {kind: communication, title: Posts 7, channel: social_media, start: 2024-07-31}
    - {kind: communication, title: Posts 8, channel: social_media, start: 2024-08-31}
    - {kind: communication, title: Posts 9, channel: social_media, start: 2024-09-30}
    - {kind: communication, title: Posts 10, channel: social_media, start: 2024-10-31}
    - {kind: communication, title: Posts 11, channel: social_media, start: 2024-11-30}
    - {kind: communication, title: Posts 12, channel: social_media, start: 2024-12-31}
    # services
    - {kind: service, title: Matchmaking, category: matchmaking, members_served: 6, tags: digital, start: 2024-02-01}
    - {kind: service, title: Training, category: training, members_served: 4, tags: "digital, green", start: 2024-03-01}
    - {kind: service, title: Export help, category: internationalisation, members_served: 5, start: 2024-04-01}
    - {kind: service, title: Misc, category: other, members_served: 1, start: 2024-05-01}
    # projects
    - {kind: project, title: P1, project_status: running, member_participants: 4, cluster_budget_eur: 120000, start: 2023-01-01, end: 2025-12-31}
    - {kind: project, title: P2, project_status: completed, member_participants: 3, cluster_budget_eur: 50000, start: 2022-01-01, end: 2024-03-31}
    - {kind: project, title: P3, project_status: planned, member_participants: 5, cluster_budget_eur: 90000, start: 2024-10-01}
    - {kind: project, title: P4, project_status: running, member_participants: 2, cluster_budget_eur: 30000, start: 2024-01-01}
    # surveys
    - {kind: survey, title: Survey 2024, invited: 40, respondents: 22, satisfaction: 78, start: 2024-06-01}
    - {kind: survey, title: Survey 2021, invited: 40, respondents: 20, satisfaction: 55, start: 2021-06-01}
""")

# indicator: (value, points). Committed members active on 2024-12-31: A B C D E F G J = 8.
EXPECTED: dict[str, tuple[float | None, float]] = {
    "S1": (8, 0),  # A B C D E F G J (H left, I not committed, K rejected)
    "S2": (50.0, 1),  # companies A B C D = 4 of 8
    "S3": (75.0, 3),  # SME/startup A B C of companies A B C D
    "S4": (3, 3),  # industry (sme, startup, large_company), research (university, research), public
    "S5": (100 * (8 - 7) / 7, 3),  # active 2023-12-31: A B C D E F H = 7; now 8; one year
    "S6": (62.5, 3),  # Liberec: A B E F G = 5 of 8
    "S7": (1, 1),  # D (DE)
    "G1": ((date(2024, 12, 31) - date(2012, 5, 1)).days / 365.25, 3),  # statutes 2012-05-01
    "G2": (1.5, 2),  # Manager 1.0 + Assistant 0.5 (the analyst left)
    "G3": (8 / 1.5, 3),  # 8 members / 1.5 FTE = 5.3, at most 25
    "G4": ((20 + 10 + 6) / 1.5, 2),  # training hours of staff employed in 2024 / FTE at end
    "G5": (50.0, 1),  # Manager (2019) of Manager, Assistant employed before 2022-12-31
    "G6": (4, 2),  # three board meetings and the general assembly in 2024
    "G7": (1, 2),  # strategy approved 2022-03-15, within 3 years
    "G8": (3, 3),  # the judgement below
    "G9": (40.0, 2),  # (30000 fees + 10000 services) / 100000 in 2024
    "G10": (1, 2),  # ministry funding secured until 2026-06-30 >= 2025-12-31
    "C1": (5, 1),  # five newsletters
    "C2": (2, 0),  # cluster day, workshop (public talk and visited fair do not count)
    "C3": (3, 0),  # two press releases, one TV spot
    # the website record of 2015 has no end and a news item is not open-ended: since
    # issue 15 (A.6) it is active on its start day only, so it is not live in 2024 (was 1)
    "C4": (0, 0),
    "C5": (12, 1),  # twelve social-media records (the website record dates from 2015)
    "C6": (2, 1),  # DE and AT (Japan: only took part)
    "C7": (2, 2),  # stories 2023 and 2024 (2020 is older than 3 years)
    "C8": (0, 0),  # no award
    # the ECCP profile of 2019-11-01, without an end, is likewise active on its day only
    # since issue 15 (A.6) (was 1); a requirement of the labels, worth no points
    "C9": (0, 0),
    "V1": (3, 1),  # matchmaking, training, internationalisation ("other" excluded)
    "V2": (16 / 8, 3),  # 6 + 4 + 5 + 1 members served / 8 committed members
    "V3": (2, 1),  # Techtextil (3 members), Mission Japan (4 members)
    "V4": (2, 1),  # P1 and P2 (P3 planned, P4 has 2 member participants)
    "V5": (200000.0, 1),  # P1 120000 + P2 50000 + P4 30000 (P3 planned)
    "V6": (1, 1),  # the 2024 survey (2021 is older than 2 years)
    "V7": (78.0, 2),  # its satisfaction
    "V8": (2, 1),  # matchmaking and training are tagged digital
    "V9": (1, 1),  # training is tagged green
}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    folder = tmp_path_factory.mktemp("assess")
    store = Store(str(folder / "store.db"))
    store.add_cluster(ClusterProfile(slug="demo", name="Demo", country="CZ", region="Liberec"))
    (folder / "evidence.yaml").write_text(EVIDENCE, encoding="utf-8")
    import_files(store, [folder / "evidence.yaml"], cluster="demo", reviewer="Test Auditor")
    strategy = next(
        r.id for r in store.records("demo", kind="document") if r.title.startswith("Strategy")
    )
    judgement = Judgement(
        indicator="G8",
        level=3,
        rationale="approved, KPIs defined",
        evidence=[strategy],
        assessor="Test",
    )
    return assess(store, "demo", Period.year(2024), as_of=date(2025, 1, 15), judgements=[judgement])


def test_every_builtin_indicator_has_a_hand_computed_case() -> None:
    assert set(EXPECTED) == {i.id for i in require_catalogue().indicators}


@pytest.mark.parametrize("indicator_id", sorted(EXPECTED))
def test_indicator_value_and_points(snapshot: Snapshot, indicator_id: str) -> None:
    value, points = EXPECTED[indicator_id]
    got = snapshot.indicator(indicator_id)
    assert got.value == pytest.approx(value), got.explanation
    assert got.points == points, got.explanation


def test_scores_follow_from_points(snapshot: Snapshot) -> None:
    """The total is all weighted points over all maxima (ECEI: 120 of 150), not a mean of
    the area per cents; those stay as a view."""
    cat = require_catalogue()
    for area in cat.areas:
        inds = [i for i in cat.indicators if i.area == area.id]
        got = sum(EXPECTED[i.id][1] * i.weight for i in inds)
        top = sum(i.max_points * i.weight for i in inds)
        assert snapshot.area(area.id).percent == pytest.approx(100 * got / top, abs=0.01)
    got = sum(EXPECTED[i.id][1] * i.weight for i in cat.indicators)
    top = sum(i.max_points * i.weight for i in cat.indicators)
    assert top == sum(a.max_points for a in snapshot.areas)
    assert snapshot.overall == pytest.approx(100 * got / top, abs=0.01)
    assert sum(a.share_of_total or 0 for a in snapshot.areas) == pytest.approx(100, abs=0.05)


def test_minimums_labels_and_gaps(snapshot: Snapshot) -> None:
    s1 = snapshot.indicator("S1")
    # C4: the 2015 website record is a one-day record since issue 15 (A.6), so not live
    assert s1.minimum_met is False and snapshot.indicator("C4").minimum_met is False
    bronze = snapshot.label("bronze")
    assert bronze is not None and not bronze.ready
    assert any("S1" in r and "needs at least 15" in r for r in bronze.reasons)
    # since issue 15 (A.6) the website (C4) is missing too, and one record fixes it, so it
    # comes before S1's seven members
    first = snapshot.gaps[0]
    assert first.indicator == "C4" and first.fixes_minimum
    s1_gap = next(g for g in snapshot.gaps if g.indicator == "S1")
    assert s1_gap.fixes_minimum
    assert s1_gap.need == "7 more member records (committed = yes) active on 2024-12-31"
    assert snapshot.gold_path[0].indicator == "S1"
    # every indicator below its Gold step is on the path, as a required step
    required = {g.indicator for g in snapshot.gold_path if g.fixes_minimum}
    below = {i.id for i in snapshot.indicators if i.gold_met is False}
    assert below and below <= required
    gold = snapshot.label("gold")
    assert gold is not None and not gold.ready
    assert any(f"{len(below)} indicator(s) below their Gold step" in r for r in gold.reasons)
    gained = sum(g.gain for g in snapshot.gold_path)
    assert snapshot.overall + gained >= 80 - 1e-6
    # fewest steps: dropping the smallest optional step of the path falls short of 80 %
    optional = [g.gain for g in snapshot.gold_path if not g.fixes_minimum]
    if optional:
        assert snapshot.overall + gained - min(optional) < 80


def test_explanations_name_what_was_counted(snapshot: Snapshot) -> None:
    assert snapshot.indicator("S1").explanation == (
        "8 member records (committed = yes) active on 2024-12-31"
    )
    assert len(snapshot.indicator("S1").evidence_ids) == 8
    assert snapshot.indicator("G8").explanation.startswith("judged 3 of 4:")


def test_rejected_record_is_a_status_finding(snapshot: Snapshot) -> None:
    assert any("1 rejected" in f.message for f in snapshot.findings)


def test_twenty_committed_members(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_cluster(ClusterProfile(slug="c20", name="Twenty", country="CZ"))
    rows = [
        f"- {{kind: member, title: Member {n}, committed: yes, type: sme, start: 2020-01-{n:02d}}}"
        for n in range(1, 21)
    ]
    rows += [
        "- {kind: member, title: Left early, committed: yes, start: 2020-01-01, end: 2025-06-30}",
        "- {kind: member, title: Joins later, committed: yes, start: 2026-01-01}",
        "- {kind: member, title: Not committed, committed: no, start: 2020-01-01}",
    ]
    (tmp_path / "m.yaml").write_text("\n".join(rows), encoding="utf-8")
    import_files(store, [tmp_path / "m.yaml"], cluster="c20")
    snap = assess(store, "c20", Period.year(2025), as_of=date(2026, 2, 1))
    s1 = snap.indicator("S1")
    assert s1.value == 20
    titles = {r.id: r.title for r in snap.evidence}
    assert sorted(titles[i] for i in s1.evidence_ids) == sorted(f"Member {n}" for n in range(1, 21))
    assert s1.explanation == "20 member records (committed = yes) active on 2025-12-31"
