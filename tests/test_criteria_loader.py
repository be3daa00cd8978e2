"""The catalogue loader: every problem at once, each with its YAML line, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from criteria.loader import load_catalogue

GOOD = textwrap.dedent("""\
    id: tiny
    version: "1"
    title: Tiny
    areas:
      - {id: structure, title: Structure}
    indicators:
      - id: S1
        area: structure
        title: Committed members
        question: How many?
        evidence: Member list
        metric:
          aggregate: count
          kind: member
          scope: active_at_end
          where: {committed: true, type: [sme, startup], country: {ne: $country}}
        points:
          - {at_least: 15, points: 1}
          - {at_least: 30, points: 2}
        weight: 1
        basis: ECCP
        verified: true
      - id: S2
        area: structure
        title: Members per FTE
        question: How many members per management FTE?
        evidence: Staff list
        metric:
          aggregate: ratio
          numerator: {aggregate: count, kind: member, scope: active_at_end}
          denominator: {aggregate: sum, kind: staff, field: fte, scope: active_at_end}
        points:
          - {at_most: 100, points: 1}
          - {at_most: 50, points: 2}
        basis: modelled
        verified: false
      - id: S3
        area: structure
        title: Strategy quality
        question: Is the strategy good?
        evidence: Strategy document
        judgement:
          levels:
            - {points: 0, description: none}
            - {points: 3, description: good}
        basis: modelled
        verified: false
    labels:
      - {id: bronze, title: Bronze, indicators: {S1: {at_least: 15}}}
      - {id: silver, title: Silver, requires: [bronze], improvements: {count: 3}}
""")


def messages(text: str) -> list[str]:
    cat, findings = load_catalogue("cat.yaml", text=text)
    assert cat is None
    return [str(f) for f in findings]


def test_good_catalogue_loads() -> None:
    cat, findings = load_catalogue("cat.yaml", text=GOOD)
    assert findings == []
    assert cat is not None
    assert [i.id for i in cat.indicators] == ["S1", "S2", "S3"]
    assert cat.indicator("S2").lower_is_better
    assert cat.indicator("S3").max_points == 3
    improvements = cat.label("silver").improvements
    assert improvements is not None and improvements.previous_months_min == 18
    assert str(cat.label("bronze").indicators["S1"]) == "at least 15"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "kind: member\n",
            "kind: membr\n",
            "cat.yaml:14:13: indicator S1: unknown evidence kind 'membr'",
        ),
        (
            "committed: true,",
            "commited: true,",
            "cat.yaml:16:15: indicator S1: member has no field 'commited'",
        ),
        (
            "[sme, startup]",
            "[sme, unicorn]",
            "cat.yaml:16:38: indicator S1: member.type: 'unicorn' is not one of",
        ),
        (
            "{ne: $country}",
            "{near: $country}",
            "cat.yaml:16:64: indicator S1: unknown operator 'near'",
        ),
        ("{ne: $country}", "{ne: $county}", "unknown variable '$county'"),
        (
            "    area: structure\n    title: Members per",
            "    area: structur\n    title: Members per",
            "cat.yaml:24:11: indicator S2: unknown area 'structur'",
        ),
        (
            "{at_least: 30, points: 2}",
            "{at_least: 10, points: 2}",
            "`at_least` thresholds must ascend: 15.0 then 10.0",
        ),
        (
            "{at_most: 50, points: 2}",
            "{at_most: 50, points: 1}",
            "points must ascend along the ladder",
        ),
        (
            "requires: [bronze]",
            "requires: [bronce]",
            "cat.yaml:50:44: label silver: requires unknown label 'bronce'",
        ),
        (
            "  - id: S3\n",
            "  - id: S2\n",
            "cat.yaml:37:9: duplicate indicator id 'S2' (first defined at line 23)",
        ),
        (
            "    verified: true\n",
            "    verified: true\n    colour: red\n",
            "cat.yaml:23:5: indicator S1: unknown key 'colour'",
        ),
        ("    basis: ECCP\n", "", "cat.yaml:7:5: indicator S1: missing key 'basis'"),
        (
            "field: fte,",
            "",
            "cat.yaml:31:20: indicator S2: `denominator`: the aggregate 'sum' needs a `field`",
        ),
        (
            "aggregate: count\n",
            "aggregate: total\n",
            "cat.yaml:13:18: indicator S1: `aggregate`: Input should be",
        ),
        ("{points: 3, description: good}", "{points: 0, description: good}", "ascending points"),
        (
            "field: fte,",
            "field: role,",
            "indicator S2: staff.role: `sum` needs a number field, and role is text",
        ),
        (
            "committed: true,",
            "committed: {gte: 1},",
            "indicator S1: member.committed: `gte` cannot compare a bool field",
        ),
    ],
)
def test_each_mistake_is_located(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = messages(GOOD.replace(old, new, 1))
    assert any(expected in m for m in found), found


def test_three_mistakes_give_three_located_messages() -> None:
    text = (
        GOOD.replace("kind: member\n", "kind: membr\n", 1)
        .replace("requires: [bronze]", "requires: [gold]")
        .replace("{at_least: 30, points: 2}", "{at_least: 10, points: 2}")
    )
    found = messages(text)
    assert len(found) == 3, found
    assert [m.split(":")[1] for m in found] == ["14", "18", "50"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- just\n- a list\n", "a catalogue is a mapping"),
        ("id: [unclosed\n", "not valid YAML"),
        ("id: !!python/object/apply:os.system [ls]\n", "the tag"),
        ("a: &x {b: 1}\nc: *x\n", "aliases"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "nesting deeper"),
        ("id: x\nid: y\n", "duplicate key 'id'"),
    ],
)
def test_hostile_or_broken_yaml_is_a_finding(text: str, expected: str) -> None:
    found = messages(text)
    assert any(expected in m for m in found), found


def test_binary_file_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "cat.yaml"
    path.write_bytes(b"id: \xff\xfe\x00garbage")
    cat, findings = load_catalogue(path)
    assert cat is None
    assert "not valid UTF-8" in str(findings[0])


OLD_FORMAT = (
    GOOD.replace("    weight: 1\n    basis: ECCP", "    minimum: 15\n    basis: ECCP")
    .replace("{id: structure, title: Structure}", "{id: structure, title: Structure, weight: 2}")
    .replace(
        "  - {id: bronze, title: Bronze, indicators: {S1: {at_least: 15}}}\n",
        "  - {id: bronze, title: Bronze, all_minimums_met: true, validity_months: 24}\n"
        "  - {id: gold, title: Gold, overall_at_least: 80, area_at_least: {structure: 60}}\n",
    )
    .replace("improvements: {count: 3}", "improved_areas: {at_least: 3}")
)


def test_a_catalogue_written_the_old_way_says_what_to_write_instead() -> None:
    found = messages(OLD_FORMAT)
    expected = [
        ("cat.yaml:5:39:", "area structure: areas carry no weight any more"),
        ("cat.yaml:20:5:", "indicator S1: `minimum` moved to the labels"),
        ("cat.yaml:20:5:", "`indicators: {S1: {at_least: 15}}` in the `bronze` label"),
        ("cat.yaml:49:33:", "label bronze: write the thresholds the label needs under"),
        ("cat.yaml:49:57:", "label bronze: write `validity: {months: 24}`"),
        ("cat.yaml:50:29:", "label gold: write `total_at_least: 80`: per cent of all"),
        ("cat.yaml:50:51:", "label gold: area per cents are a view, not a rule"),
        ("cat.yaml:51:53:", "label silver: write `improvements: {count: N, previous_months_min"),
    ]
    for where, text in expected:
        assert any(m.startswith(where) and text in m for m in found), (where, text, found)
    # each old key is said once, with the advice, not also as a bare "unknown key"
    assert not any("unknown key" in m for m in found), found
    assert len(found) == 7, found


def test_gold_steps_need_a_marked_step_on_every_scored_indicator() -> None:
    text = GOOD.replace(
        "  - {id: silver,", "  - {id: gold, title: Gold, gold_steps: true}\n  - {id: silver,"
    ).replace("{at_least: 30, points: 2}", "{at_least: 30, points: 2, gold: true}")
    found = messages(text)
    assert any(
        m.startswith("cat.yaml:33:7:") and "indicator S2: label gold asks every indicator" in m
        for m in found
    ), found
    assert any("indicator S3:" in m and "mark one level `gold: true`" in m for m in found), found
    assert not any("indicator S1:" in m for m in found), found


def test_label_thresholds_name_known_indicators_and_topics_known_ones() -> None:
    text = GOOD.replace("indicators: {S1: {at_least: 15}}", "indicators: {S9: {at_least: 15}}") + (
        "improvement_topics:\n"
        "  - {id: people, title: People, indicators: [S1, S7]}\n"
        "  - {id: S2, title: Clash, indicators: [S2]}\n"
    )
    found = messages(text)
    assert any("label bronze: unknown indicator 'S9'" in m for m in found), found
    assert any("cat.yaml:52:" in m and "unknown indicator 'S7'" in m for m in found), found
    assert any("improvement topic S2: an indicator has this id" in m for m in found), found


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        ("{industry: [sme, unicorn]}", "member.type: 'unicorn' is not one of"),
        ("{industry: [sme], also: [sme]}", "a value belongs to one group only: sme"),
        ("{industry: []}", "maps each group's name to a list of values"),
    ],
)
def test_value_groups_are_checked(groups: str, expected: str) -> None:
    text = GOOD.replace(
        "    metric:\n      aggregate: count\n      kind: member\n",
        "    metric:\n      aggregate: count_distinct\n      kind: member\n      field: type\n"
        f"      groups: {groups}\n",
        1,
    )
    assert text != GOOD
    found = messages(text)
    assert any(expected in m and "indicator S1" in m for m in found), found


def test_only_a_count_distinct_has_groups() -> None:
    text = GOOD.replace(
        "      kind: member\n", "      kind: member\n      groups: {industry: [sme]}\n", 1
    )
    assert any("only a count_distinct has `groups`" in m for m in messages(text))
