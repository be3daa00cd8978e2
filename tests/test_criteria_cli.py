"""`clex criteria ...` as a user runs it, and the built-in catalogue's shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from criteria.loader import require_catalogue, resolve


def test_builtin_catalogue_shape(clex) -> None:
    run = clex("criteria", "list", "--json")
    assert run.code == 0, run
    data = json.loads(run.out)
    inds = data["indicators"]
    assert 28 <= len([i for i in inds if i["scored"]]) <= 34
    assert {a["id"] for a in data["areas"]} == {
        "structure",
        "governance",
        "communication",
        "services",
    }
    assert {i["area"] for i in inds} == {a["id"] for a in data["areas"]}
    for ind in inds:
        assert ind["basis"].strip(), ind["id"]
        assert isinstance(ind["verified"], bool), ind["id"]
        assert ind["metric"] or ind["judgement"], ind["id"]
        assert (ind["max_points"] > 0) == ind["scored"], ind["id"]
    assert {lb["id"] for lb in data["labels"]} == {"bronze", "silver", "gold"}
    gold = next(lb for lb in data["labels"] if lb["id"] == "gold")
    assert gold["total_at_least"] == 80 and gold["gold_steps"] and gold["requires"] == ["bronze"]
    silver = next(lb for lb in data["labels"] if lb["id"] == "silver")
    assert silver["improvements"] == {
        "count": 3,
        "previous_months_min": 18,
        "previous_months_max": 24,
    }


def test_bronze_is_the_eccp_eligibility_criteria_and_nothing_else() -> None:
    """Bronze asks exactly the eligibility criteria (15 committed participants, two
    helices, 0.5 FTE, an English website with recent activity, the ECCP profile); a
    member survey is not one."""
    cat = require_catalogue()
    bronze = cat.label("bronze")
    needs = {
        (ind.metric.kind, ind.metric.aggregate, str(threshold))
        for ind_id, threshold in bronze.indicators.items()
        if (ind := cat.indicator(ind_id)).metric is not None
    }
    assert needs == {
        ("member", "count", "at least 15"),
        ("member", "count_distinct", "at least 2"),  # two of the helices
        ("staff", "sum", "at least 0.5"),
        ("presence", "exists", "at least 1"),  # the website and the ECCP profile
        ("communication", "sum", "at least 1"),  # recent activity on the web (items, 2026.5)
    }
    wheres = [cat.indicator(i).metric.where for i in bronze.indicators]  # type: ignore[union-attr]
    assert {"platform": "eccp_profile"} in wheres
    assert {"platform": "website", "languages": {"contains": "en"}} in wheres
    assert not any(cat.indicator(i).metric.kind == "survey" for i in bronze.indicators)  # type: ignore[union-attr]
    assert not cat.indicator("C9").scored and cat.indicator("C9").max_points == 0
    # every scored indicator marks its Gold step, and Gold asks for them all
    assert all(i.gold_points is not None for i in cat.scored)


def test_list_show_and_path(clex) -> None:
    run = clex("criteria", "list")
    assert run.code == 0 and "S1" in run.out and "structure" in run.out
    first = require_catalogue().indicators[0]
    run = clex("criteria", "show", first.id.lower())
    assert run.code == 0, run
    assert first.question in run.out and first.basis in run.out
    run = clex("criteria", "show", "NOPE")
    assert run.code == 1 and "no indicator or label 'NOPE'" in run.err
    run = clex("criteria", "show", "gold")
    assert run.code == 0, run
    assert "every requirement of Bronze" in run.out and "at least 80 %" in run.out
    run = clex("criteria", "show", "bronze")
    assert "S1 Committed cluster participants: at least 15" in run.out, run.out
    assert "Readiness computed here is not an award" in run.out
    run = clex("criteria", "show", "strategy")
    assert run.code == 0, run
    assert "G8 Quality of the strategy, action plan and KPI monitoring: Gold step 3" in run.out
    run = clex("criteria", "path")
    assert Path(run.out.strip()) == resolve("ecei-gold")


def test_validate_reports_three_mistakes_at_once(clex, tmp_path: Path) -> None:
    text = resolve("ecei-gold").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    first, second = data["indicators"][0], data["indicators"][1]
    assert f"id: {second['id']}" in text
    text = text.replace(f"area: {first['area']}", "area: nowhere", 1)
    text = text.replace(f"id: {second['id']}\n", f"id: {first['id']}\n", 1)
    text = text.replace("title:", "titel:", 1)  # the catalogue's own title key
    bad = tmp_path / "mine.yaml"
    bad.write_text(text, encoding="utf-8")
    run = clex("criteria", "validate", str(bad))
    assert run.code == 1, run
    lines = [ln for ln in run.err.splitlines() if ln.startswith(str(bad))]
    assert len(lines) >= 3, run.err
    assert any("unknown area 'nowhere'" in ln for ln in lines)
    assert any(f"duplicate indicator id '{first['id']}'" in ln for ln in lines)
    assert any("unknown key 'titel'" in ln for ln in lines)
    for ln in lines:
        assert ln.split(":")[1].isdigit(), ln


def test_validate_ok_and_json(clex) -> None:
    run = clex("criteria", "validate", str(resolve("ecei-gold")), "--json")
    assert run.code == 0 and json.loads(run.out)["ok"] is True
    run = clex("criteria", "validate", "missing.yaml")
    assert run.code == 1 and "missing.yaml" in run.err


def test_other_catalogue_by_file(clex, tmp_path: Path) -> None:
    from tests.test_criteria_loader import GOOD

    (tmp_path / "tiny.yaml").write_text(GOOD, encoding="utf-8")
    run = clex("criteria", "list", "--catalogue", "tiny.yaml", "--json")
    assert run.code == 0, run
    assert [i["id"] for i in json.loads(run.out)["indicators"]] == ["S1", "S2", "S3"]


def test_schema_accepts_builtin_and_rejects_typo(clex) -> None:
    run = clex("criteria", "schema")
    schema = json.loads(run.out)
    data = yaml.safe_load(resolve("ecei-gold").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["indicators"][0]["colour"] = "red"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        assert "colour" in str(exc)
    else:
        raise AssertionError("the schema accepted an unknown key")


def test_usage_error_exit_code(clex) -> None:
    assert clex("criteria", "frobnicate").code == 2


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['clex', '--help']\n"
        "try:\n    runpy.run_module('clex', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'openpyxl', 'matplotlib', 'sqlalchemy')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "HEAVY []" in out, out


LITERALS = """\
id: t
version: "1"
title: T
source: test
areas: [{id: s, title: S}]
indicators:
  - id: A
    area: s
    title: A
    question: Q?
    evidence: E
    metric: {aggregate: count, kind: service, where: {tags: {contains: Green}}}
    points: [{at_least: 1, points: 1}]
    basis: b
    verified: false
  - id: B
    area: s
    title: B
    question: Q?
    evidence: E
    metric: {aggregate: count, kind: member, where: {region: Liberec, country: {ne: CZE}}}
    points: [{at_least: 1, points: 1}]
    basis: b
    verified: false
labels: []
"""


def test_literals_that_never_match_what_is_stored_are_refused(clex, tmp_path: Path) -> None:
    """Imports store tags lower case, regions and countries as codes: a catalogue that
    compares with "Green", "Liberec" or "CZE" would count nothing without a word."""
    (tmp_path / "lit.yaml").write_text(LITERALS, encoding="utf-8")
    run = clex("criteria", "validate", str(tmp_path / "lit.yaml"))
    assert run.code == 1, run
    assert "lit.yaml:12:72: indicator A: service.tags: 'Green' is stored as green" in run.err
    assert "lit.yaml:21:62: indicator B: member.region: 'Liberec' is not an ISO 3166-2" in run.err
    assert "lit.yaml:21:85: indicator B: member.country: 'CZE' is not an ISO 3166" in run.err
