"""Label verdicts an ECEI assessor would give, in the user's syntax: a catalogue YAML,
evidence YAML, judgements and improvement areas, and `clex assess` as a user runs it, on
SQLite and PostgreSQL.

The catalogue is small so that every figure can be counted by hand: 10 weighted points,
3 in structure and 7 in governance (areas of unequal size on purpose).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import said

CATALOGUE = textwrap.dedent("""\
    id: mini
    version: "1"
    title: Mini
    areas:
      - {id: structure, title: Structure}
      - {id: governance, title: Governance}
    indicators:
      - id: M1
        area: structure
        title: Committed members
        question: How many?
        evidence: Member list
        metric: {aggregate: count, kind: member, scope: active_at_end, where: {committed: true}}
        points:
          - {at_least: 2, points: 1}
          - {at_least: 4, points: 2, gold: true}
          - {at_least: 6, points: 3}
        basis: test
        verified: false
      - id: F1
        area: governance
        title: Management FTE
        question: How many FTE?
        evidence: Staff list
        metric: {aggregate: sum, kind: staff, field: fte, scope: active_at_end}
        points:
          - {at_least: 0.5, points: 1, gold: true}
        basis: test
        verified: false
      - id: E1
        area: governance
        title: Events
        question: How many events?
        evidence: Events
        metric: {aggregate: count, kind: event, scope: in_period}
        points:
          - {at_least: 1, points: 1}
          - {at_least: 2, points: 2, gold: true}
          - {at_least: 3, points: 3}
        basis: test
        verified: false
      - id: P1
        area: governance
        title: ECCP profile
        question: Listed?
        evidence: The profile
        metric: {aggregate: exists, kind: presence, scope: active_at_end, where: {platform: eccp_profile}}
        scored: false
        basis: test
        verified: false
      - id: J1
        area: governance
        title: Strategy
        question: How good?
        evidence: Strategy
        judgement:
          levels:
            - {points: 0, description: none}
            - {points: 1, description: draft}
            - {points: 2, description: approved, gold: true}
            - {points: 3, description: monitored}
        basis: test
        verified: false
    labels:
      - id: bronze
        title: Bronze
        indicators: {M1: {at_least: 2}, F1: {at_least: 0.5}, P1: {at_least: 1}}
      - id: silver
        title: Silver
        requires: [bronze]
        improvements: {count: 2}
      - id: gold
        title: Gold
        requires: [bronze]
        gold_steps: true
        total_at_least: 80
    improvement_topics:
      - {id: people, title: People, indicators: [M1, F1]}
""")


def english(label: dict[str, Any]) -> dict[str, Any]:
    """A label of a snapshot's JSON with its sentences (messages) in English, as the
    command line says them."""
    say = said
    return {
        **label,
        "reasons": [say(r) for r in label["reasons"]],
        "qualification": say(label.get("qualification", "")),
    }


def members(n: int, since: str = "2019-01-01") -> str:
    return "".join(
        f"- {{kind: member, title: Member {i}, type: sme, committed: yes, start: {since}}}\n"
        for i in range(n)
    )


def events(year: int, n: int) -> str:
    return "".join(
        f"- {{kind: event, title: Day {i} {year}, format: workshop, start: {year}-0{i + 1}-10}}\n"
        for i in range(n)
    )


BASE = (
    "- {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}\n"
    "- {kind: presence, title: ECCP profile, platform: eccp_profile, start: 2019-11-01}\n"
    "- {kind: document, title: Strategy 2023, doc_type: strategy, start: 2023-03-01}\n"
)


def judged(level: int, record: str) -> str:
    return (
        "judgements:\n"
        f"  - {{indicator: J1, level: {level}, rationale: seen on site, evidence: [{record}]}}\n"
    )


class Cluster:
    """One cluster's folder and store, driven through the CLI."""

    def __init__(self, clex: Callable[..., Any], folder: Path, db: str, slug: str = "nano"):
        self.clex, self.folder, self.db, self.slug = clex, folder, db, slug
        (folder / "cat.yaml").write_text(CATALOGUE, encoding="utf-8")

    def run(self, *args: str) -> Any:
        return self.clex(*args, env={"CLEX_DB": self.db})

    def init(self) -> Cluster:
        assert self.run("init", "--cluster", self.slug, "--name", self.slug.title()).code == 0
        return self

    def add(self, name: str, yaml_text: str) -> None:
        (self.folder / name).write_text(yaml_text, encoding="utf-8")
        run = self.run("import", name, "--cluster", self.slug)
        assert run.code == 0, run

    def record(self, title: str) -> str:
        run = self.run("evidence", "list", "--cluster", self.slug, "--json")
        assert run.code == 0, run
        return next(r["id"] for r in json.loads(run.out) if r["title"] == title)

    def assess(self, period: str, out: str, *extra: str, as_of: str = "2026-06-30") -> Any:
        args = ["assess", "--cluster", self.slug, "--catalogue", "cat.yaml", "--period", period]
        return self.run(*args, "--as-of", as_of, "-o", out, *extra)

    def snap(self, name: str) -> dict[str, Any]:
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    def label(self, name: str, label: str) -> dict[str, Any]:
        return english(next(lb for lb in self.snap(name)["labels"] if lb["id"] == label))


@pytest.fixture
def nano(clex: Callable[..., Any], tmp_path: Path, db_url: str) -> Cluster:
    cluster = Cluster(clex, tmp_path, db_url).init()
    cluster.add("base.yaml", BASE + members(4))
    return cluster


def with_judgement(cluster: Cluster, level: int, name: str = "j.yaml") -> str:
    (cluster.folder / name).write_text(
        judged(level, cluster.record("Strategy 2023")), encoding="utf-8"
    )
    return name


def test_gold_needs_every_gold_step_and_80_percent_of_all_points(nano: Cluster) -> None:
    nano.add("events.yaml", events(2025, 3))
    j = with_judgement(nano, 3)
    assert nano.assess("2025", "gold.json", "--judgements", j).code == 0
    snap = nano.snap("gold.json")
    # (2 + 1 + 3 + 3) of 10 points: the ECCP profile is a requirement worth no points
    assert snap["overall"] == 90.0
    assert {a["id"]: a["percent"] for a in snap["areas"]} == {
        "structure": pytest.approx(66.67),
        "governance": pytest.approx(100.0),
    }
    gold = nano.label("gold.json", "gold")
    assert gold["ready"], gold
    assert "all 4 scored indicators reach their Gold step" in gold["reasons"]
    assert gold["valid_until"] is None  # readiness is not an award


def test_gold_refused_when_one_indicator_misses_its_gold_step(nano: Cluster) -> None:
    """81.8 % is not enough when an indicator is below its own Gold step (the brief's
    "a plainly not excellent cluster told it is Gold-ready")."""
    nano.add("events.yaml", events(2025, 3))
    nano.add("more.yaml", members(2, since="2020-01-01").replace("Member", "Other"))
    j = with_judgement(nano, 1)  # a strategy only drafted: below the Gold level 2
    assert nano.assess("2025", "g.json", "--judgements", j).code == 0
    snap = nano.snap("g.json")
    assert snap["overall"] == 80.0  # (3 + 1 + 3 + 1) of 10
    gold = nano.label("g.json", "gold")
    assert not gold["ready"]
    # 1 of J1's 3 points: "1 of 2 points" read as if 2 were its maximum
    said = "1 indicator is below its Gold step: J1 Strategy: 1 of 3 points, its Gold step needs 2"
    assert said in gold["reasons"], gold["reasons"]
    j1 = next(i for i in snap["indicators"] if i["id"] == "J1")
    assert j1["gold_met"] is False and j1["gold_points"] == 2
    assert any(g["indicator"] == "J1" and g["fixes_minimum"] for g in snap["gold_path"])


def test_gold_refused_below_80_percent_of_all_points(nano: Cluster) -> None:
    nano.add("events.yaml", events(2025, 2))
    j = with_judgement(nano, 2)
    assert nano.assess("2025", "g.json", "--judgements", j).code == 0
    gold = nano.label("g.json", "gold")
    assert nano.snap("g.json")["overall"] == 70.0  # (2 + 1 + 2 + 2) of 10
    assert not gold["ready"]
    assert (
        "the total, 70\u00a0% of all points, is below 80\u00a0%: 10 percentage points short"
        in gold["reasons"]
    )
    assert "all 4 scored indicators reach their Gold step" in gold["reasons"]


def test_bronze_is_the_eligibility_criteria(nano: Cluster) -> None:
    """No survey, no events, no strategy: Bronze holds on the eligibility criteria alone."""
    assert nano.assess("2025", "b.json").code == 0
    bronze = nano.label("b.json", "bronze")
    assert bronze["ready"], bronze
    assert "M1 Committed members: 4, meets at least 2" in bronze["reasons"]
    assert "P1 ECCP profile: yes" in bronze["reasons"]  # a yes needs no threshold


def test_bronze_refused_without_the_eccp_profile(clex: Callable[..., Any], tmp_path: Path) -> None:
    cluster = Cluster(clex, tmp_path, str(tmp_path / "s.db")).init()
    cluster.add("base.yaml", BASE.splitlines(keepends=True)[0] + members(4))
    assert cluster.assess("2025", "b.json").code == 0
    bronze = cluster.label("b.json", "bronze")
    assert not bronze["ready"]
    assert "P1 ECCP profile: no, needs yes" in bronze["reasons"]
    silver, gold = cluster.label("b.json", "silver"), cluster.label("b.json", "gold")
    assert "the Bronze rules do not hold" in silver["reasons"] + gold["reasons"]


def test_labels_only_on_whole_12_or_24_month_periods(nano: Cluster) -> None:
    run = nano.assess("2025-07-01..2025-12-31", "half.json")
    assert run.code == 0, run
    bronze = nano.label("half.json", "bronze")
    assert not bronze["ready"]
    assert bronze["reasons"][0] == (
        "labels are judged on a whole period of 12 or 24 months; 2025-07-01..2025-12-31 is "
        "shorter or longer (its values per year are extrapolated)"
    )
    assert nano.assess("2024-2025", "two.json").code == 0
    assert nano.label("two.json", "bronze")["ready"]
    # a financial year from the 15th is twelve whole months (it was "shorter or longer")
    assert nano.assess("2025-01-15..2026-01-14", "fy.json").code == 0
    assert nano.label("fy.json", "bronze")["ready"]


# ---------------------------------------------------------------- Silver


def silver_story(cluster: Cluster) -> None:
    """2023: Bronze-ready; 2025: more members and events, a better strategy."""
    cluster.add("events.yaml", events(2023, 1) + events(2025, 3))
    cluster.add("more.yaml", members(2, since="2024-06-01").replace("Member", "New"))
    assert cluster.assess("2023", "p2023.json").code == 0


def improvements(cluster: Cluster, areas: list[tuple[str, str]], name: str = "imp.yaml") -> str:
    lines = ["improvements:"]
    for area, record_title in areas:
        lines.append(
            f"  - {{area: {area}, description: how it changed us, "
            f"evidence: [{cluster.record(record_title)}]}}"
        )
    (cluster.folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


def test_silver_ready_with_a_bronze_assessment_and_two_improvements_at_gold(
    nano: Cluster,
) -> None:
    silver_story(nano)
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 2 2025")])
    run = nano.assess("2025", "p2025.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 0, run
    silver = nano.label("p2025.json", "silver")
    assert silver["ready"], silver
    reasons = " | ".join(silver["reasons"])
    assert "earlier assessment: 2023, ready for Bronze, same catalogue and counting mode" in reasons
    assert (
        "improvement People: reaches the Gold step (from 3 points to 4 points since 2023)"
        in reasons
    )
    assert (
        "improvement E1 Events: reaches the Gold step (from 1 point to 3 points since 2023)"
        in reasons
    )
    # the snapshot keeps what was named, so verify re-derives Silver without the files
    assert [i["area"] for i in nano.snap("p2025.json")["improvements"]] == ["people", "E1"]
    assert nano.run("verify", "p2025.json", "--catalogue", "cat.yaml").code == 0


def test_an_improvement_documented_only_by_baseline_records_is_said(nano: Cluster) -> None:
    """Session 25's assessor (case c02): an area citing only records of the earlier
    benchmarking's period (2023) was accepted without a word, though they show the state
    before the improvement. The area still holds (its points are this period's records)
    and the verdict says so, naming the records and asking for this period's, in English
    and Czech, in the snapshot and the report; an area citing a member who joined in 2024
    (it runs on) has no such note."""
    from tests.report_fixtures import pdf_words

    silver_story(nano)
    old = nano.record("Day 0 2023")
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 0 2023")])
    run = nano.assess("2025", "p2025.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 0, run
    silver = nano.label("p2025.json", "silver")
    assert silver["ready"], silver
    notes = [r for r in silver["reasons"] if "the state before the improvement" in r]
    assert notes == [
        f"improvement E1 Events: every record it cites ({old}) dates from 2023, the earlier "
        "benchmarking's period, or before: it shows the state before the improvement; cite "
        "records of 2025 that document it"
    ]
    assert nano.run("report", "p2025.json", "-o", "r.pdf").code == 0
    page = pdf_words(nano.folder / "r.pdf")
    assert f"every record it cites ({old}) dates from 2023" in page
    assert nano.run("report", "p2025.json", "-o", "cs.pdf", "--lang", "cs").code == 0
    czech = pdf_words(nano.folder / "cs.pdf")
    # (the id may break at its hyphen in the PDF's line)
    assert "pocházejí z období 2023, tedy z období dřívějšího benchmarkingu" in czech, czech
    assert nano.run("verify", "p2025.json", "--catalogue", "cat.yaml").code == 0


def test_silver_takes_an_earlier_assessment_made_before_the_later_records_came(
    nano: Cluster,
) -> None:
    """The usual timeline: 2023 assessed in January 2024, the next years' records imported
    after it. They are dated after the earlier assessment's date, so no part of it: its
    snapshot still matches the store, and `clex verify` of it finds nothing."""
    nano.add("events.yaml", events(2023, 1))
    assert nano.assess("2023", "p2023.json", as_of="2024-01-15").code == 0
    later = events(2025, 3) + members(2, since="2024-06-01").replace("Member", "New")
    nano.add("later.yaml", later)
    # a later record edited (or updated by a re-import) is no part of the earlier one either
    edited = nano.run(
        "evidence", "edit", nano.record("New 1"), "title=New One", "--cluster", "nano"
    )
    assert edited.code == 0, edited
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 2 2025")])
    run = nano.assess("2025", "p2025.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 0, run
    assert nano.label("p2025.json", "silver")["ready"]
    assert nano.snap("p2025.json")["previous"]["differences"] == 0
    verified = nano.run("verify", "p2023.json", "--catalogue", "cat.yaml")
    assert verified.code == 0, verified


def test_silver_refuses_an_improvement_below_its_gold_step(nano: Cluster) -> None:
    silver_story(nano)
    j = with_judgement(nano, 1)
    imp = improvements(nano, [("people", "New 0"), ("J1", "Strategy 2023")])
    args = ("--previous", "p2023.json", "--improvements", imp, "--judgements", j)
    assert nano.assess("2025", "s.json", *args).code == 0
    silver = nano.label("s.json", "silver")
    assert not silver["ready"]
    assert (
        "improvement J1 Strategy: below the Gold step (J1: 1 of 3 points, its Gold step needs 2)"
        in silver["reasons"]
    ), silver["reasons"]
    assert "1 of the 2 improvement areas needed reach their Gold step" in silver["reasons"]


def test_silver_refuses_a_wrong_earlier_assessment(
    nano: Cluster, clex: Callable[..., Any], tmp_path: Path
) -> None:
    silver_story(nano)
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 2 2025")])

    def reason(previous: str, *extra: str) -> str:
        run = nano.assess(
            "2025", "s.json", "--previous", previous, "--improvements", imp, "--force", *extra
        )  # each reason in place of the last
        assert run.code == 0, run
        silver = nano.label("s.json", "silver")
        assert not silver["ready"]
        return " | ".join(silver["reasons"])

    # too soon: 2024 ended 12 months before 2025
    assert nano.assess("2024", "p2024.json").code == 0
    assert "(2024) ended 12 months before this one; it must end 18 to 24 months" in reason(
        "p2024.json"
    )
    # the same cluster's audit
    assert nano.assess("2023", "a2023.json", "--audit").code == 0
    assert "counted as an audit (verified evidence only), this one as a self-assessment" in (
        reason("a2023.json")
    )
    # another catalogue (a looser copy under the same id)
    (tmp_path / "loose.yaml").write_text(
        CATALOGUE.replace(
            "{at_least: 4, points: 2, gold: true}", "{at_least: 3, points: 2, gold: true}"
        ),
        encoding="utf-8",
    )
    run = nano.run(
        "assess", "--cluster", "nano", "--catalogue", "loose.yaml", "--period", "2023",
        "--as-of", "2026-06-30", "-o", "l2023.json",
    )  # fmt: skip
    assert run.code == 0, run
    assert "the earlier assessment used another catalogue" in reason("l2023.json")
    # another cluster's Bronze-ready snapshot
    other = Cluster(nano.clex, tmp_path, nano.db, slug="other").init()
    other.add(
        "o.yaml",
        BASE.replace("Strategy 2023", "Other strategy")
        + members(5, "2018-01-01").replace("Member", "O"),
    )
    assert other.assess("2023", "o2023.json").code == 0
    assert other.label("o2023.json", "bronze")["ready"]
    assert "the earlier assessment is of another cluster (other, not nano)" in reason("o2023.json")
    # ... and from another store, where it has records this one does not: the cluster is
    # the reason, not the differences its re-derivation finds here
    far_folder = tmp_path / "far"
    far_folder.mkdir()
    far = Cluster(nano.clex, far_folder, str(far_folder / "far.db"), slug="far").init()
    (tmp_path / "f.yaml").write_text(BASE + members(5, "2018-01-01"), encoding="utf-8")
    assert far.run("import", "f.yaml", "--cluster", "far").code == 0
    assert far.assess("2023", "f2023.json").code == 0
    said = reason("f2023.json")
    assert "the earlier assessment is of another cluster (far, not nano)" in said, said
    assert "no longer matches the store" not in said


def test_silver_refuses_an_earlier_assessment_that_was_not_bronze_ready(
    clex: Callable[..., Any], tmp_path: Path
) -> None:
    cluster = Cluster(clex, tmp_path, str(tmp_path / "s.db")).init()
    cluster.add("base.yaml", BASE + members(1))  # one member in 2023: not eligible
    cluster.add("later.yaml", members(4, since="2024-01-01").replace("Member", "Later"))
    cluster.add("events.yaml", events(2025, 3))
    assert cluster.assess("2023", "p2023.json").code == 0
    imp = improvements(cluster, [("people", "Later 0"), ("E1", "Day 2 2025")])
    run = cluster.assess("2025", "s.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 0, run
    silver = cluster.label("s.json", "silver")
    assert not silver["ready"]
    assert "the earlier assessment (2023) was not ready for Bronze" in silver["reasons"]


def test_improvements_citing_missing_records_are_an_error(nano: Cluster) -> None:
    silver_story(nano)
    (nano.folder / "imp.yaml").write_text(
        "improvements:\n"
        "  - {area: people, description: grew, evidence: [mem-000000000000]}\n"
        "  - {area: E1, description: more events, evidence: [evt-111111111111]}\n",
        encoding="utf-8",
    )
    run = nano.assess("2025", "s.json", "--previous", "p2023.json", "--improvements", "imp.yaml")
    assert run.code == 1, run
    assert (
        "imp.yaml:2:50: improvement area people cites mem-000000000000, which is not in the store"
    ) in run.err
    assert "imp.yaml:3:" in run.err and "improvement area E1 cites evt-111111111111" in run.err
    assert not (nano.folder / "s.json").exists()


def test_improvements_file_problems_are_located_all_at_once(nano: Cluster) -> None:
    (nano.folder / "imp.yaml").write_text(
        "improvements:\n"
        "  - {area: peeple, description: grew, evidence: [x]}\n"
        "  - {area: E1, description: '', evidence: [y]}\n"
        "  - {area: M1, description: ok, evidence: [z], colour: red}\n",
        encoding="utf-8",
    )
    run = nano.assess("2025", "s.json", "--improvements", "imp.yaml")
    assert run.code == 1, run
    assert "imp.yaml:2:12: unknown improvement area 'peeple'" in run.err, run.err
    assert "(people)" in run.err
    assert "imp.yaml:3:" in run.err and "description" in run.err
    assert "imp.yaml:4:" in run.err and "unknown key 'colour'" in run.err


def test_drafts_counted_qualify_the_verdict(nano: Cluster) -> None:
    """A self-assessment counts drafts only when asked, and then the label sentence says so."""
    nano.add("drafts.yaml", events(2025, 3).replace("}\n", ", status: draft}\n"))
    j = with_judgement(nano, 3)
    assert nano.assess("2025", "plain.json", "--judgements", j).code == 0
    assert nano.snap("plain.json")["overall"] == 60.0  # (2 + 1 + 0 + 3): drafts not counted
    assert not nano.label("plain.json", "gold")["ready"]
    run = nano.assess("2025", "drafts.json", "--judgements", j, "--include-drafts")
    assert run.code == 0, run
    gold = nano.label("drafts.json", "gold")
    assert gold["ready"] and gold["qualification"].startswith(
        "ready on unreviewed evidence: counting 3 draft records"
    )
    assert "Gold: READY (ready on unreviewed evidence: counting 3 draft records" in " ".join(
        run.out.split()
    )


def test_an_area_already_at_its_best_is_no_improvement(nano: Cluster) -> None:
    silver_story(nano)
    imp = improvements(nano, [("F1", "Strategy 2023"), ("E1", "Day 2 2025")])
    run = nano.assess("2025", "s.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 0, run
    silver = nano.label("s.json", "silver")
    assert not silver["ready"]
    assert (
        "improvement F1 Management FTE: no improvement (from 1 point to 1 point since 2023)"
        in (silver["reasons"])
    )


def weigh(cluster: Cluster, **weights: int) -> None:
    """The mini catalogue with indicators weighted (`J1=2`): its areas count them so."""
    text = CATALOGUE
    for iid, weight in weights.items():
        text = text.replace(f"  - id: {iid}\n", f"  - id: {iid}\n    weight: {weight}\n")
    (cluster.folder / "cat.yaml").write_text(text, encoding="utf-8")


def test_reasons_name_weighted_points_as_the_area_tables_show_them(nano: Cluster) -> None:
    """J1 weighs 2 and E1 3: the reasons say "2 of 6 points, its Gold step needs 4", "from
    3 to 9 points", the points the area line adds up, while the snapshot keeps the
    ladder's own points."""
    weigh(nano, J1=2, E1=3)
    silver_story(nano)
    j = with_judgement(nano, 1)
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 2 2025"), ("J1", "Strategy 2023")])
    args = ("--previous", "p2023.json", "--improvements", imp, "--judgements", j)
    assert nano.assess("2025", "w.json", *args).code == 0
    snap = nano.snap("w.json")
    j1 = next(i for i in snap["indicators"] if i["id"] == "J1")
    assert (j1["points"], j1["weight"], j1["gold_points"]) == (1, 2, 2)  # unweighted
    gold = nano.label("w.json", "gold")
    said = "1 indicator is below its Gold step: J1 Strategy: 2 of 6 points, its Gold step needs 4"
    assert said in gold["reasons"], gold["reasons"]
    silver = nano.label("w.json", "silver")
    assert (
        "improvement E1 Events: reaches the Gold step (from 3 points to 9 points since 2023)"
        in silver["reasons"]
    )
    assert (
        "improvement J1 Strategy: below the Gold step (J1: 2 of 6 points, its Gold step needs 4)"
        in silver["reasons"]
    ), silver["reasons"]
    governance = next(a for a in snap["areas"] if a["id"] == "governance")
    assert governance["points"] == 1 + 3 * 3 + 1 * 2  # F1, E1 x 3, J1 x 2


def test_improvement_areas_must_not_overlap_or_be_descriptive(nano: Cluster) -> None:
    silver_story(nano)
    imp = improvements(nano, [("people", "New 0"), ("M1", "New 1"), ("P1", "ECCP profile")])
    run = nano.assess("2025", "s.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 1, run
    assert "imp.yaml:3:" in run.err and "M1 overlaps people (both cover M1)" in run.err
    assert "imp.yaml:4:" in run.err and "P1 is a descriptive indicator" in run.err


def test_two_indicators_of_one_topic_are_one_improvement_area(nano: Cluster) -> None:
    """M1 and F1 both belong to the topic people: named apart they are still one area of
    the cluster's work (as V6, a survey run, and V7, its score, are one: satisfaction)."""
    silver_story(nano)
    imp = improvements(nano, [("M1", "New 1"), ("F1", "Manager"), ("E1", "Day 2 2025")])
    run = nano.assess("2025", "s.json", "--previous", "p2023.json", "--improvements", imp)
    assert run.code == 1 and not (nano.folder / "s.json").exists(), run
    said = " ".join(run.err.split())
    assert "imp.yaml:3:" in said, said
    assert "F1 and M1 are both part of the improvement topic people" in said, said


def test_silver_refuses_an_earlier_assessment_that_counted_drafts(nano: Cluster) -> None:
    silver_story(nano)
    assert nano.assess("2023", "d2023.json", "--include-drafts").code == 0
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 2 2025")])
    run = nano.assess("2025", "s.json", "--previous", "d2023.json", "--improvements", imp)
    assert run.code == 0, run
    silver = nano.label("s.json", "silver")
    assert not silver["ready"]
    assert (
        "the earlier assessment counted as a self-assessment counting drafts "
        "(--include-drafts), this one as a self-assessment"
    ) in silver["reasons"]


def test_silver_refuses_an_earlier_snapshot_the_store_does_not_back(nano: Cluster) -> None:
    """An earlier snapshot edited by hand (here: its period moved to 2023 from 2024, so
    that it falls in the window) is re-derived from the store and refused."""
    silver_story(nano)
    assert nano.assess("2024", "p2024.json").code == 0
    data = nano.snap("p2024.json")
    data["period"] = {"start": "2023-01-01", "end": "2023-12-31", "label": "2023"}
    (nano.folder / "edited.json").write_text(json.dumps(data), encoding="utf-8")
    imp = improvements(nano, [("people", "New 0"), ("E1", "Day 2 2025")])
    run = nano.assess("2025", "s.json", "--previous", "edited.json", "--improvements", imp)
    assert run.code == 0, run
    silver = nano.label("s.json", "silver")
    assert not silver["ready"]
    assert silver["reasons"][0].startswith(
        "the earlier snapshot (2023) no longer matches the store: "
    )
    # the honest one still serves (in place of the snapshot above: --force)
    run = nano.assess(
        "2025", "s.json", "--previous", "p2023.json", "--improvements", imp, "--force"
    )
    assert nano.label("s.json", "silver")["ready"]
    assert nano.snap("s.json")["previous"]["differences"] == 0


def test_builtin_bronze_needs_two_helices_not_two_company_types(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """Fifteen companies of two kinds (SMEs, large companies) are one helix, industry:
    not eligible; one university among them makes two."""
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "tex", "--name", "Tex", env=env).code == 0
    rows = "".join(
        f"- {{kind: member, title: Firm {n}, type: {'sme' if n % 2 else 'large_company'}, "
        "committed: yes, start: 2020-01-01}\n"
        for n in range(15)
    ) + (
        "- {kind: staff, title: Manager, fte: 0.5, start: 2020-01-01}\n"
        "- {kind: presence, title: Website, platform: website, languages: en, start: 2020-01-01}\n"
        "- {kind: presence, title: ECCP, platform: eccp_profile, start: 2020-01-01}\n"
        "- {kind: communication, title: News, channel: website, start: 2024-10-01}\n"
    )
    (tmp_path / "ev.yaml").write_text(rows, encoding="utf-8")
    assert clex("import", "ev.yaml", "--cluster", "tex", env=env).code == 0
    args = ("assess", "--cluster", "tex", "--period", "2024", "--as-of", "2025-01-15")
    assert clex(*args, "-o", "a.json", env=env).code == 0
    snap = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    bronze = english(next(lb for lb in snap["labels"] if lb["id"] == "bronze"))
    assert not bronze["ready"]
    assert (
        "S4 Triple-helix mix of committed participants: 1, needs at least 2" in (bronze["reasons"])
    )
    (tmp_path / "uni.yaml").write_text(
        "- {kind: member, title: TU Liberec, type: university, committed: yes, "
        "start: 2020-01-01}\n",
        encoding="utf-8",
    )
    assert clex("import", "uni.yaml", "--cluster", "tex", env=env).code == 0
    assert clex(*args, "-o", "b.json", env=env).code == 0
    snap = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert next(lb for lb in snap["labels"] if lb["id"] == "bronze")["ready"]


def test_a_value_just_below_a_threshold_is_not_shown_as_meeting_it(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """0.4999 FTE missing "at least 0.5" read "0.5 FTE, needs at least 0.5 FTE" when
    shown with two decimals: the value takes the decimals that tell it from the mark."""
    cluster = Cluster(clex, tmp_path, db_url).init()
    cluster.add("base.yaml", BASE.replace("fte: 1.0", "fte: 0.4999") + members(4))
    assert cluster.assess("2025", "s.json").code == 0
    bronze = cluster.label("s.json", "bronze")
    assert bronze["ready"] is False
    fte = next(r for r in bronze["reasons"] if r.startswith("F1"))
    assert "0.4999" in fte and "needs at least 0.5" in fte, fte


def test_a_value_just_below_a_step_reads_so_wherever_it_is_shown(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """Not only the label's reasons: the indicator's own line, its explanation, the
    command line's table, the PDF in both languages and the workbook's cell show 0.4999
    FTE beside its missed step of 0.5, never "0.5"; a value far from every step keeps
    two decimals (the file leaves them out)."""
    from openpyxl import load_workbook

    from tests.report_fixtures import pdf_words

    cluster = Cluster(clex, tmp_path, db_url).init()
    cluster.add("base.yaml", BASE.replace("fte: 1.0", "fte: 0.4999") + members(4))
    run = cluster.assess("2025", "s.json")
    assert run.code == 0, run
    assert "0.4999 FTE" in run.out, run.out
    results = {i["id"]: i for i in cluster.snap("s.json")["indicators"]}
    assert results["F1"]["digits"] == 4 and "digits" not in results["M1"]
    assert "0.4999" in said(results["F1"]["explanation"]), results["F1"]["explanation"]
    for lang, shown in (("en", "0.4999 FTE"), ("cs", "0,4999 úvazku")):
        out = f"r-{lang}.pdf"
        assert cluster.run("report", "s.json", "-o", out, "--lang", lang).code == 0
        words = pdf_words(tmp_path / out)
        assert shown in words and "0.5 FTE" not in words.replace("at least 0.5 FTE", ""), lang
    assert cluster.run("report", "s.json", "-o", "r.xlsx").code == 0
    sheet = load_workbook(tmp_path / "r.xlsx")["Indicators"]
    cell = next(row[4] for row in sheet.iter_rows(min_row=2) if row[0].value == "F1")
    assert cell.value == 0.4999 and cell.number_format == "#,##0.0###"
