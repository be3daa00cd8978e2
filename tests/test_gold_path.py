"""The Gold path by effort: the optimiser against brute force, and a small catalogue whose
cheapest path, blockers and cheapest gain are worked out by hand, run through `clex` as a
user runs it (SQLite and PostgreSQL), down to the report's text and workbook cells.

The catalogue: D1 documents (1 -> 1 point, Gold; 3 -> 2; 4 -> 3; effort `document`, 5 a
document), R1 committed members (2 -> 1, Gold; 4 -> 2; 6 -> 3; `records`, 1 a record), Y1
events per year (1 -> 1, Gold; 2 -> 2; `activity_year`: never before the audit), P1 an
ECCP profile (descriptive, a Bronze threshold; `document`). 8 points in all. When no set
of steps reaches Gold before the audit, the same optimiser plans for an audit of a later
period: Y1's events at 3 units each, an age (A1, added where a test needs it) a year of
activity for each year it is short of its step.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assessment.cheapest import Option, cheapest, scale_for
from tests.report_fixtures import pdf_words

# -- the optimiser ---------------------------------------------------------------------


def brute(groups: list[list[Option[int]]], need: int) -> tuple[float, int] | None:
    """The least (cost, steps) over every choice whose gains reach `need`."""
    best = None
    for choice in itertools.product(*groups):
        if sum(o.gain for o in choice) >= need:
            here = (sum(o.cost for o in choice), sum(o.is_step for o in choice))
            best = here if best is None or here < best else best
    return best


option = st.builds(
    Option, gain=st.integers(0, 6), cost=st.integers(0, 12).map(float), key=st.integers(0, 9)
)
group = st.tuples(st.booleans(), st.lists(option, max_size=4)).map(
    lambda g: ([Option(gain=0, cost=0.0)] if g[0] else []) + g[1]
)


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(group, min_size=1, max_size=5), need=st.integers(0, 25))
def test_cheapest_is_as_cheap_as_brute_force(groups: list[list[Option[int]]], need: int) -> None:
    expected = brute(groups, need)
    got = cheapest(groups, need)
    if expected is None:
        assert got is None
        return
    assert got is not None and len(got) == len(groups)
    assert all(o in options for o, options in zip(got, groups, strict=True))
    assert sum(o.gain for o in got) >= need
    assert (sum(o.cost for o in got), sum(o.is_step for o in got)) == expected


def test_cheapest_beats_the_greedy_pick() -> None:
    """By points per effort a greedy pick takes A (3 for 1) and then B (1 for 1), cost 2;
    C alone reaches 4 for 1.5."""
    a, b, c = Option(3, 1.0, "A"), Option(1, 1.0, "B"), Option(4, 1.5, "C")
    skip: Option[str] = Option(0, 0.0)
    got = cheapest([[skip, a], [skip, b], [skip, c]], 4)
    assert got is not None and [o.key for o in got if o.is_step] == ["C"]


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(group, min_size=1, max_size=4), need=st.integers(0, 25))
def test_a_shared_group_is_as_cheap_as_every_combination(
    groups: list[list[Option[int]]], need: int
) -> None:
    """`shared.merged` (one survey serves every group: a choice costs its dearest step)
    gives the knapsack the cheapest choice every combination of the groups' options
    gives, with as few steps, worked out gain by gain."""
    from assessment.shared import merged

    keyed = [[Option(o.gain, o.cost, (o.key,) if o.key is not None else None) for o in g]
             for g in groups]  # fmt: skip
    best = None
    for choice in itertools.product(*groups):
        if sum(o.gain for o in choice) >= need:
            here = (max((o.cost for o in choice), default=0.0), sum(o.is_step for o in choice))
            best = here if best is None or here < best else best
    got = cheapest([merged(keyed)], need)  # type: ignore[arg-type]
    if best is None:
        assert got is None
        return
    assert got is not None
    (chosen,) = got
    assert chosen.gain >= need and chosen.cost == best[0]
    assert len(chosen.key or ()) == best[1]


def test_one_survey_asks_no_more_than_the_total_needs() -> None:
    """One survey serves V7's Gold step 70 (gain 2) and its 80 (gain 4) alike. With the
    total already reached (need 2), the step taken is 70: "at least 80, REQUIRED" asked
    the members for more satisfaction than Gold does; with 4 needed, it is 80."""
    from assessment.shared import merged

    v7 = [Option(2, 10.0, ("70",)), Option(4, 10.0, ("80",))]  # required: no "no step"
    for need, step in ((2, "70"), (0, "70"), (4, "80")):
        got = cheapest([merged([v7])], need)  # type: ignore[list-item]
        assert got is not None and got[0].key == (step,), need


def test_required_group_and_unreachable_need() -> None:
    must = [Option(0, 5.0, "P")]  # a required step: no "no step" option
    assert cheapest([must, [Option(0, 0.0), Option(2, 1.0, "X")]], 3) is None
    got = cheapest([must, [Option(0, 0.0), Option(2, 1.0, "X")]], 2)
    assert got is not None and [o.key for o in got] == ["P", "X"]
    assert cheapest([[]], 0) is None  # a required step that cannot be done


def test_scale_makes_halves_whole() -> None:
    assert scale_for([1.0, 3.0]) == 1
    assert scale_for([0.5, 2.0]) == 2
    assert scale_for([1 / 3]) == 1000


# -- a catalogue worked out by hand ------------------------------------------------------

CATALOGUE = textwrap.dedent("""\
    id: effort
    version: "1"
    title: Effort
    areas:
      - {id: structure, title: Structure}
    indicators:
      - id: D1
        area: structure
        title: Success stories
        question: How many?
        evidence: Stories
        metric: {aggregate: count, kind: document, scope: all, where: {doc_type: success_story}}
        points:
          - {at_least: 1, points: 1, gold: true}
          - {at_least: 3, points: 2}
          - {at_least: 4, points: 3}
        effort: document
        basis: test
        verified: false
      - id: R1
        area: structure
        title: Committed members
        question: How many?
        evidence: Member list
        metric: {aggregate: count, kind: member, scope: active_at_end, where: {committed: true}}
        points:
          - {at_least: 2, points: 1, gold: true}
          - {at_least: 4, points: 2}
          - {at_least: 6, points: 3}
        effort: records
        basis: test
        verified: false
      - id: Y1
        area: structure
        title: Events per year
        question: How many?
        evidence: Events
        metric: {aggregate: count, kind: event, scope: in_period, per_year: true}
        points:
          - {at_least: 1, points: 1, gold: true}
          - {at_least: 2, points: 2}
        effort: activity_year
        basis: test
        verified: false
      - id: P1
        area: structure
        title: ECCP profile
        question: Listed?
        evidence: The profile
        metric: {aggregate: exists, kind: presence, scope: active_at_end, where: {platform: eccp_profile}}
        scored: false
        effort: document
        basis: test
        verified: false
    labels:
      - id: bronze
        title: Bronze
        indicators: {P1: {at_least: 1}}
      - id: gold
        title: Gold
        requires: [bronze]
        gold_steps: true
        total_at_least: MARK
""")

EVIDENCE = (
    "- {kind: document, title: Story, doc_type: success_story, start: 2024-03-01}\n"
    "- {kind: member, title: Alpha, type: sme, committed: yes, start: 2020-01-01}\n"
    "- {kind: member, title: Beta, type: sme, committed: yes, start: 2020-01-01}\n"
)
EVENT = "- {kind: event, title: Workshop, format: workshop, start: 2025-03-10}\n"


class Cluster:
    def __init__(self, clex: Callable[..., Any], folder: Path, db: str, mark: int) -> None:
        self.clex, self.folder, self.db = clex, folder, db
        (folder / "cat.yaml").write_text(CATALOGUE.replace("MARK", str(mark)), encoding="utf-8")
        assert self.run("init", "--cluster", "nano", "--name", "Nano").code == 0

    def run(self, *args: str) -> Any:
        return self.clex(*args, env={"CLEX_DB": self.db})

    def add(self, text: str) -> None:
        (self.folder / "e.yaml").write_text(text, encoding="utf-8")
        assert self.run("import", "e.yaml", "--cluster", "nano").code == 0

    def assess(self) -> dict[str, Any]:
        run = self.run(
            "assess", "--cluster", "nano", "--catalogue", "cat.yaml", "--period", "2025",
            "--as-of", "2026-01-31", "-o", "s.json",
        )  # fmt: skip
        assert run.code == 0, run
        return json.loads((self.folder / "s.json").read_text(encoding="utf-8"))


def steps(gaps: list[dict[str, Any]]) -> list[tuple[str, float, float | None]]:
    return [(g["indicator"], g["points_next"], g["cost"]) for g in gaps]


def test_cheapest_path_by_effort(clex: Callable[..., Any], tmp_path: Path, db_url: str) -> None:
    """3 of 8 points (37.5 %); 75 % needs 3 more. R1 to 6 members (4 records, 4 units) and
    D1 to 3 stories (2 documents, 10 units) cost 14; D1 to 4 (15) or R1 to 4 plus D1 to 4
    cost more. P1's profile is required (a document, 5). Y1's second event cannot be held
    in 2025 any more: never proposed."""
    nano = Cluster(clex, tmp_path, db_url, mark=75)
    nano.add(EVIDENCE + EVENT)
    snap = nano.assess()
    assert snap["overall"] == 37.5
    assert steps(snap["gold_path"]) == [("P1", 0, 5), ("R1", 3, 4), ("D1", 2, 10)]
    assert snap["gold_blocked"] == [] and snap["gold_reach"] is None
    assert (
        snap["gold_path"][0]["fixes_minimum"] and snap["gold_path"][0]["effort_kind"] == "document"
    )
    r1 = snap["gold_path"][1]
    assert r1["effort"] == 4 and r1["effort_text"]["args"]["n"]["num"] == 4
    assert sum(g["gain"] for g in snap["gold_path"]) + snap["overall"] == pytest.approx(75)
    y1 = next(g for g in snap["gaps"] if g["indicator"] == "Y1")
    assert y1["cost"] is None and y1["effort_kind"] == "activity_year" and y1["blocked"]
    # the cheapest gain: R1's next rung, 12.5 points for 2 records
    best = snap["cheapest_gain"]
    assert (best["indicator"], best["points_next"], best["cost"]) == ("R1", 2, 2)

    # the report says so, in English (PDF) and Czech (workbook)
    pdf = tmp_path / "r.pdf"
    assert nano.run("report", "s.json", "-o", str(pdf)).code == 0
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True, text=True, check=True,
            ).stdout.split()
        )  # fmt: skip
        assert "Gaps and the cheapest path to Gold" in text
        assert "Takes: 4 records" in text and "Takes: 2 documents" in text
        assert "Effort of the whole path, in units: 19." in text
        assert "Cheapest gain" in text
        assert "Not before the audit: it takes more activity in the period than is recorded" in text
        assert "Cheapest path to Gold before the audit: 3 steps." in text
        assert "later period" not in text
    xlsx = tmp_path / "r.xlsx"
    assert nano.run("report", "s.json", "-o", str(xlsx), "--lang", "cs").code == 0
    title = "Co chybí a nejméně pracná cesta k certifikátu Gold"
    sheet = next(ws for ws in load_workbook(xlsx).worksheets if ws["A1"].value == title)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    head = rows[1]
    takes, cost = head.index("Vyžaduje"), head.index("Náročnost")
    path = rows[2:5]
    assert [r[1] for r in path] == ["P1", "R1", "D1"]
    assert [r[takes] for r in path] == ["1 dokument", "4 záznamy", "2 dokumenty"]
    assert [r[cost] for r in path] == [5, 4, 10]
    why = head.index("Proč ne před auditem")
    y1_row = next(r for r in rows if r[1] == "Y1")
    assert y1_row[why] == (
        "vyžaduje v období víc činnosti, než je zaznamenáno, a období už skončilo: co se "
        "stalo a dosud zaznamenáno není, lze ještě zadat"
    )
    assert y1_row[cost] is None
    plan = head.index("Plán")
    assert [r[plan] for r in path] == ["před auditem"] * 3
    assert snap["gold_later"] is None


pdf_text = pdf_words


def test_a_step_past_the_gold_step_says_so(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """No success story: D1 is below its Gold step (1 story, 1 point), and 75 % of the 8
    points (Y1 has 1) needs D1 at 2 (3 stories) with R1 at 3. The step is required, but
    "at least 3" is not its Gold step: the need says the rest counts toward the total."""
    nano = Cluster(clex, tmp_path, db_url, mark=75)
    nano.add(EVIDENCE.split("\n", 1)[1] + EVENT)  # the members and the event, no story
    snap = nano.assess()
    d1 = next(g for g in snap["gold_path"] if g["indicator"] == "D1")
    assert d1["fixes_minimum"] and d1["points_next"] == 2, steps(snap["gold_path"])
    from evidence.messages import Msg

    said = str(Msg.model_validate(d1["need"]))
    assert said.endswith("(past its Gold step, 1 point: the rest counts toward the total)"), said
    r1 = next(g for g in snap["gold_path"] if g["indicator"] == "R1")
    assert "past its Gold step" not in str(Msg.model_validate(r1["need"]))  # not required

    # the workbook says what each required step reaches: P1 the eligibility criterion (no
    # label without it), D1 its Gold step ("fixes a minimum" read as Bronze's for both)
    for lang, title, head_word, words in (
        (
            "en",
            "Gaps and the cheapest path to Gold",
            "Required step",
            ["reaches the eligibility criterion", "reaches the Gold step", "no"],
        ),
        (
            "cs",
            "Co chybí a nejméně pracná cesta k certifikátu Gold",
            "Nutný krok",
            ["splní kritérium způsobilosti", "dosáhne stupně pro certifikát Gold", "ne"],
        ),
    ):
        xlsx = tmp_path / f"r-{lang}.xlsx"
        assert nano.run("report", "s.json", "-o", str(xlsx), "--lang", lang).code == 0
        sheet = next(ws for ws in load_workbook(xlsx).worksheets if ws["A1"].value == title)
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        col = rows[1].index(head_word)
        said = {r[1]: r[col] for r in rows[2:] if r[1] in ("P1", "D1", "R1")}
        assert said == dict(zip(["P1", "D1", "R1"], words, strict=True)), said


def test_gold_blocked_by_a_required_step_plans_a_later_period(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """No event in 2025: Y1 is below its Gold step, and no work now adds one to 2025, so no
    path before the audit. 2 of 8 points (25 %); 75 % needs 6. For an audit of a later
    period: P1's profile (5), and 4 more points: Y1 to 2 events a year (2 events, 6 units)
    and R1 to 6 members (4 records, 4) cost 10; Y1 to 1 (3) + R1 to 6 (4) + D1 to 3
    stories (10) cost 17, D1 to 4 and R1 to 6 (19): activity is the cheapest."""
    nano = Cluster(clex, tmp_path, db_url, mark=75)
    nano.add(EVIDENCE)
    snap = nano.assess()
    assert snap["gold_later"] is True
    assert steps(snap["gold_path"]) == [("Y1", 2, 6), ("P1", 0, 5), ("R1", 3, 4)]
    assert [g["later"] for g in snap["gold_path"]] == [True, False, False]
    y1 = snap["gold_path"][0]
    assert y1["fixes_minimum"] and y1["effort_kind"] == "activity_year" and y1["blocked"]
    assert sum(g["gain"] for g in snap["gold_path"]) + snap["overall"] == pytest.approx(75)
    # what blocks Gold before the audit stays listed; the next steps still say "not now"
    assert steps(snap["gold_blocked"]) == [("Y1", 1, None)]
    assert snap["gold_blocked"][0]["fixes_minimum"] and not snap["gold_blocked"][0]["later"]
    assert snap["gold_reach"] is None
    assert next(g for g in snap["gaps"] if g["indicator"] == "Y1")["cost"] is None
    assert nano.run("verify", "s.json", "--catalogue", "cat.yaml").code == 0

    pdf = tmp_path / "r.pdf"
    assert nano.run("report", "s.json", "-o", str(pdf)).code == 0
    text = pdf_text(pdf)
    plan = (
        "No set of steps reaches Gold before the audit. Cheapest path for an audit of a "
        "later period: 3 steps, 1 of them needs a year of activity."
    )
    assert text.count(plan) == 2  # the key message and the gaps page
    assert "steps to Gold for an audit of a later period; 1 needs a year of activity" in text
    assert "Needs a year of activity: for an audit of a later period." in text
    assert "Effort of the whole path, in units: 15." in text
    assert "What blocks Gold before the audit" in text
    assert "Cheapest path to Gold before the audit" not in text
    assert "First steps towards Gold" not in text  # a later plan is not the summary's table

    xlsx = tmp_path / "r.xlsx"
    assert nano.run("report", "s.json", "-o", str(xlsx), "--lang", "cs").code == 0
    title = "Co chybí a nejméně pracná cesta k certifikátu Gold"
    sheet = next(ws for ws in load_workbook(xlsx).worksheets if ws["A1"].value == title)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    head = rows[1]
    cost, plan_col = head.index("Náročnost"), head.index("Plán")
    assert [(r[1], r[cost], r[plan_col]) for r in rows[2:5]] == [
        ("Y1", 6, "Vyžaduje rok činnosti: jen pro audit pozdějšího období."),
        ("P1", 5, "pro audit pozdějšího období"),
        ("R1", 4, "pro audit pozdějšího období"),
    ]
    assert rows[6][0] == (
        "Certifikátu Gold nelze do auditu dosáhnout žádnou kombinací kroků. Nejméně pracná cesta pro "
        "audit pozdějšího období: 3 kroky, 1 z nich vyžaduje rok činnosti."
    )
    assert any(r[0] == "Co brání certifikátu Gold před auditem" for r in rows)


def test_gold_out_of_reach_says_how_far(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """At a 90 % mark all 8 points would be needed (7.2 rounds up); the doable steps give
    D1 3 + R1 3 + Y1 1 = 7 of 8: 87.5 % at most, blocked by Y1's second event."""
    nano = Cluster(clex, tmp_path, db_url, mark=90)
    nano.add(EVIDENCE + EVENT)
    snap = nano.assess()
    assert snap["gold_reach"] == 87.5
    assert steps(snap["gold_blocked"]) == [("Y1", 2, None)]
    # for a later period every point: Y1's second event (3), D1 to 4 stories (15), R1 to 6
    # members (4), P1 (5)
    assert snap["gold_later"] is True
    assert sorted(steps(snap["gold_path"])) == [
        ("D1", 3, 15),
        ("P1", 0, 5),
        ("R1", 3, 4),
        ("Y1", 2, 3),
    ]
    run = nano.run("report", "s.json", "-o", "r.xlsx")
    assert run.code == 0, run


AGE = """\
  - id: A1
    area: structure
    title: Age of the organisation
    question: How old?
    evidence: Statutes
    metric: {aggregate: age_years, kind: document, scope: all, where: {doc_type: statutes}}
    points:
      - {at_least: 2, points: 1, gold: true}
      - {at_least: 4, points: 2}
    effort: activity_year
    basis: test
    verified: false
"""


def test_an_age_blocks_gold_before_the_audit_and_waits_for_a_later_period(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """Statutes from 2025: one year old at most, below A1's Gold step of 2 years. No work
    before the audit makes the organisation older: the age first among the blockers,
    then Y1's event. A later period does, as time passes: the plan for an audit of a
    later period holds the age, at a year of activity for each year it is short of."""
    nano = Cluster(clex, tmp_path, db_url, mark=75)
    cat = tmp_path / "cat.yaml"
    text = cat.read_text(encoding="utf-8")
    cat.write_text(text.replace("\nlabels:", "\n" + AGE + "labels:", 1), encoding="utf-8")
    statutes = "- {kind: document, title: Statutes, doc_type: statutes, start: 2025-02-01}\n"
    nano.add(EVIDENCE + statutes)
    snap = nano.assess()
    assert snap["gold_later"] is True
    assert [g["indicator"] for g in snap["gold_blocked"]] == ["A1", "Y1"]
    assert all(g["cost"] is None and g["blocked"] for g in snap["gold_blocked"])
    assert str(snap["gold_blocked"][0]["blocked"]["id"]) == "an age grows with time only"
    age = next(g for g in snap["gold_path"] if g["indicator"] == "A1")
    assert age["later"] is True
    # said as the years to wait, 3 units each (the rung the path picks decides how many)
    years = age["effort_text"]["args"]["n"]["num"]
    assert age["effort_text"]["id"] == "{n} year older" and age["cost"] == 3.0 * years
    run = nano.run("report", "s.json", "-o", "r.xlsx")
    assert run.code == 0, run
    rows = [
        [c.value for c in row]
        for ws in load_workbook(tmp_path / "r.xlsx").worksheets
        if ws["A1"].value == "Gaps and the cheapest path to Gold"
        for row in ws.iter_rows()
    ]
    said = [str(r[0]) for r in rows if r[0]]
    assert not any("or for an audit of a later period" in t for t in said), said
    assert any("Cheapest path for an audit of a later period" in t for t in said), said


def test_an_age_without_a_founding_date_is_not_reached_by_waiting(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """No statutes and no founding year: the age has no value, and no later period dates
    the founding; Gold is out of reach until a founding date is entered."""
    nano = Cluster(clex, tmp_path, db_url, mark=75)
    cat = tmp_path / "cat.yaml"
    text = cat.read_text(encoding="utf-8")
    cat.write_text(text.replace("\nlabels:", "\n" + AGE + "labels:", 1), encoding="utf-8")
    nano.add(EVIDENCE)
    snap = nano.assess()
    assert snap["gold_path"] == [] and snap["gold_later"] is False
    (age,) = [g for g in snap["gold_blocked"] if g["indicator"] == "A1"]
    assert age["effort_text"]["id"] == "a founding date (statutes, or the founding year)"
    assert snap["gold_blocked"][0]["indicator"] == "A1"  # what no later period changes first


def test_catalogue_refuses_efforts_no_step_can_take(
    clex: Callable[..., Any], tmp_path: Path
) -> None:
    text = CATALOGUE.replace("MARK", "75")
    text = text.replace("effort: records", "effort: judgement", 1)
    text = text.replace(
        "metric: {aggregate: count, kind: event, scope: in_period, per_year: true}",
        "metric: {aggregate: growth, kind: member, scope: in_period}",
    ).replace("effort: activity_year", "effort: document", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    run = clex("criteria", "validate", str(bad))
    assert run.code == 1, run
    lines = [ln for ln in run.err.splitlines() if ln.startswith(str(bad))]
    assert any(
        "R1: effort `judgement` is for an indicator an assessor judges" in ln for ln in lines
    )
    assert any("Y1: no work makes growth over a period greater" in ln for ln in lines)
    assert "Traceback" not in run.err


SURVEYS = textwrap.dedent("""\
    id: surveys
    version: "1"
    title: Surveys
    areas:
      - {id: services, title: Services}
    indicators:
      - id: V6
        area: services
        title: Survey carried out
        question: Surveyed?
        evidence: Survey
        metric: {aggregate: count, kind: survey, scope: {last_years: 2}, where: {respondents: {gte: 10}}}
        points:
          - {at_least: 1, points: 1, gold: true}
        basis: test
        verified: false
      - id: V7
        area: services
        title: Satisfaction
        question: How satisfied?
        evidence: Survey
        metric:
          aggregate: latest
          kind: survey
          field: satisfaction
          scope: {last_years: 2}
          where: {respondents: {gte: 10}}
        points:
          - {at_least: 60, points: 1}
          - {at_least: 70, points: 2, gold: true}
        basis: test
        verified: false
    labels:
      - id: gold
        title: Gold
        gold_steps: true
        total_at_least: 80
""")


def test_one_survey_serves_two_indicators_on_the_gold_path(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """No survey yet: V6 (a survey run) and V7 (its satisfaction at 70) are both won by
    one survey with a good result, so the path costs one survey, 10 units, not 20, and
    the step that shares it says so."""
    (tmp_path / "cat.yaml").write_text(SURVEYS, encoding="utf-8")
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "nano", "--name", "Nano", env=env).code == 0
    run = clex(
        "assess", "--cluster", "nano", "--catalogue", "cat.yaml", "--period", "2025",
        "--as-of", "2026-01-31", "-o", "s.json", env=env,
    )  # fmt: skip
    assert run.code == 0, run
    path = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["gold_path"]
    assert sorted(g["indicator"] for g in path) == ["V6", "V7"]
    assert sum(g["cost"] for g in path) == 10
    shared = [g for g in path if g["cost"] == 0]
    assert len(shared) == 1 and shared[0]["effort_text"]["id"] == "the same member survey as {id}"


COUPLED = textwrap.dedent("""\
    id: coupled
    version: "1"
    title: Coupled
    areas:
      - {id: structure, title: Structure}
    indicators:
      - id: M1
        area: structure
        title: Committed members
        question: How many?
        evidence: Member list
        metric: {aggregate: count, kind: member, scope: active_at_end, where: {committed: true}}
        points:
          - {at_least: 2, points: 1}
          - {at_least: 3, points: 2, gold: true}
        basis: test
        verified: false
      - id: U1
        area: structure
        title: Service uses per member
        question: How many?
        evidence: Services
        metric:
          aggregate: ratio
          numerator: {aggregate: sum, kind: service, field: members_served, scope: in_period}
          denominator:
            aggregate: count
            kind: member
            scope: active_at_end
            where: {committed: true}
        points:
          - {at_least: 1, points: 1, gold: true}
        basis: test
        verified: false
    labels:
      - id: gold
        title: Gold
        gold_steps: true
        total_at_least: 50
""")


def test_a_step_that_lowers_another_indicator_below_its_gold_step_says_so(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """Two committed members and two uses of services: U1 (uses per member) stands at
    its Gold step, 1.00. The path's third member for M1 would make it 0.67, so the step
    says so (the knapsack, indicator by indicator, did not see it)."""
    (tmp_path / "cat.yaml").write_text(COUPLED, encoding="utf-8")
    (tmp_path / "e.yaml").write_text(
        "- {kind: member, title: Alpha, type: sme, committed: yes, start: 2020-01-01}\n"
        "- {kind: member, title: Beta, type: sme, committed: yes, start: 2020-01-01}\n"
        "- {kind: service, title: Coaching, category: consulting, members_served: 2,"
        " start: 2025-03-01}\n",
        encoding="utf-8",
    )
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "nano", "--name", "Nano", env=env).code == 0
    assert clex("import", "e.yaml", "--cluster", "nano", env=env).code == 0
    run = clex(
        "assess", "--cluster", "nano", "--catalogue", "cat.yaml", "--period", "2025",
        "--as-of", "2026-01-31", "-o", "s.json", env=env,
    )  # fmt: skip
    assert run.code == 0, run
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    (m1,) = [g for g in snap["gold_path"] if g["indicator"] == "M1"]
    said = " ".join(str(a) for a in [m1["need"]])
    assert "unless the new records count in them too, this lowers {hurt}" in said
    text = clex("report", "s.json", "-o", "r.pdf", env=env)
    assert text.code == 0
    words = pdf_text(tmp_path / "r.pdf")
    assert "this lowers U1 to 0.67" in words and "below the Gold step" in words


def members_assessed(clex: Callable[..., Any], folder: Path, types: list[str]) -> Path:
    """A cluster of committed members of these types, assessed for 2025 with the built-in
    catalogue: its snapshot's path."""
    members = "".join(
        f"- {{kind: member, title: Org {i}, type: {t}, committed: yes, start: 2020-01-01}}\n"
        for i, t in enumerate(types)
    )
    (folder / "m.yaml").write_text(members, encoding="utf-8")
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    assert clex("import", "m.yaml", "--cluster", "nano").code == 0
    run = clex("assess", "--cluster", "nano", "--period", "2025", "--as-of", "2026-01-31",
               "-o", "s.json")  # fmt: skip
    assert run.code == 0, run
    return folder / "s.json"


def test_a_share_short_of_its_step_takes_the_matching_records_to_add(
    clex: Callable[..., Any], tmp_path: Path
) -> None:
    """24 SMEs among 42 member companies are 57.1 %; 60 % takes 3 more SMEs (27 of 45),
    not "2 records", which only two large companies re-typed as SMEs would give."""
    path = members_assessed(clex, tmp_path, ["sme"] * 24 + ["large_company"] * 18)
    snap = json.loads(path.read_text(encoding="utf-8"))
    (s3,) = [g for g in snap["gaps"] if g["indicator"] == "S3"]
    assert s3["points_next"] == 2 and s3["effort"] == 3 and s3["cost"] == 3


def test_a_share_step_that_adds_records_says_which_share_it_may_lower(
    clex: Callable[..., Any], tmp_path: Path
) -> None:
    """12 companies among 24 members (S2 50 %) reach 60 % with 6 more companies; if none
    of them is an SME, the SMEs' share of companies (S3, 8 of 12 at its Gold step) falls
    to 8 of 18: the step says so, as a count's step does."""
    from assessment import read_snapshot
    from assessment.side_effects import checked
    from criteria.loader import require_catalogue

    types = ["sme"] * 8 + ["large_company"] * 4 + ["university"] * 12
    snap = read_snapshot(members_assessed(clex, tmp_path, types))
    (s2,) = [g for g in snap.gaps if g.indicator == "S2"]
    assert s2.points_next == 2 and s2.effort == 6
    (said,) = checked(require_catalogue("ecei-gold"), snap.indicators, [s2])
    lowers = "unless the new records count in them too, this lowers S3 to 44.4\u00a0%"
    assert lowers in str(said.need)


def test_one_step_to_gold_reads_as_one_step(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """The summary tile under the number of steps: with the ECCP profile in and no event
    in 2025, Gold takes one step, Y1's event, for an audit of a later period. It read "1
    steps to Gold" (en) and "1 kroků k certifikátu Gold" (cs PDF), the plural whatever
    the number."""
    nano = Cluster(clex, tmp_path, db_url, mark=30)
    profile = "- {kind: presence, title: ECCP profile, platform: eccp_profile, start: 2019-11-01}\n"
    nano.add(EVIDENCE + profile)
    snap = nano.assess()
    assert snap["gold_later"] is True and steps(snap["gold_path"]) == [("Y1", 1, 3)]
    words = {}
    for lang in ("en", "cs"):
        assert nano.run("report", "s.json", "-o", f"{lang}.pdf", "--lang", lang).code == 0
        words[lang] = pdf_text(tmp_path / f"{lang}.pdf")
    # the tiles' numbers come first in the text ("25.0 % – 1/1 1"), then their labels
    said = "criteria met step to Gold for an audit of a later period; 1 needs a year of activity"
    assert said in words["en"] and "steps to Gold for an audit" not in words["en"]
    said = "krok k certifikátu Gold pro audit pozdějšího období; 1 vyžaduje rok činnosti"
    assert said in words["cs"] and "kroků k certifikátu Gold" not in words["cs"]


JUDGED = """\
  - id: J1
    area: structure
    title: Strategy quality
    question: How good?
    evidence: Strategy and KPI reports
    judgement:
      levels:
        - {points: 0, description: None.}
        - {points: 1, description: Some.}
        - {points: 2, description: Good., gold: true}
        - {points: 3, description: Monitored.}
    effort: judgement
    basis: test
    verified: false
"""


def test_a_judgement_held_back_by_a_report_dated_after_the_period_is_one_record(
    clex: Callable[..., Any], tmp_path: Path, db_url: str
) -> None:
    """J1 judged 3 by both assessors on the KPI report on 2025, entered on its approval
    day in 2026 (as clusters date a document): it scores 0 and is below its Gold step.
    The path's step is that record dated by the span it reports on, 1 record, with the
    agreed level's 3 points (3 + 3 of 11 reach 50 % with the profile); it read "2
    levels higher in the assessor's judgement", though nobody need judge again, and
    the cheapest gain "1 level higher"."""
    nano = Cluster(clex, tmp_path, db_url, mark=50)
    cat = (tmp_path / "cat.yaml").read_text(encoding="utf-8")
    head, tail = cat.split("labels:\n", 1)
    (tmp_path / "cat.yaml").write_text(head + JUDGED + "labels:\n" + tail, encoding="utf-8")
    kpi = (
        "- {id: doc-kpi, kind: document, title: KPI report 2025, doc_type: kpi_report,"
        " start: 2026-01-10, approved_on: 2026-01-10}\n"
    )
    nano.add(EVIDENCE + EVENT + kpi)
    (tmp_path / "j.yaml").write_text(
        "judgements:\n  - {indicator: J1, level: 3, rationale: seen, evidence: [doc-kpi],"
        " assessors: [{name: A, level: 3}, {name: B, level: 3}]}\n",
        encoding="utf-8",
    )
    run = nano.run(
        "assess", "--cluster", "nano", "--catalogue", "cat.yaml", "--period", "2025",
        "--as-of", "2026-01-31", "--judgements", "j.yaml", "-o", "s.json",
    )  # fmt: skip
    assert run.code == 0, run
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    j1 = next(i for i in snap["indicators"] if i["id"] == "J1")
    assert j1["points"] == 0
    assert steps(snap["gold_path"]) == [("J1", 3, 1), ("P1", 0, 5)]
    (step,) = [g for g in snap["gold_path"] if g["indicator"] == "J1"]
    assert step["effort_kind"] == "records" and step["gain"] == pytest.approx(300 / 11, abs=0.01)
    best = snap["cheapest_gain"]
    assert (best["indicator"], best["points_next"], best["cost"]) == ("J1", 3, 1)
    words = pdf_text_of(nano, tmp_path)
    said = (
        "the assessors' level 3 counted: enter doc-kpi with the span it reports on as its "
        "start and end, its approval day under approved_on Takes: 1 record"
    )
    assert said in words and "higher in the assessor's judgement" not in words


def pdf_text_of(nano: Cluster, folder: Path) -> str:
    assert nano.run("report", "s.json", "-o", "r.pdf").code == 0
    return pdf_text(folder / "r.pdf")
