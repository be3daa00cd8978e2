"""Values that mean what a catalogue takes them to mean (issue 15, part C): regions as
ISO 3166-2 codes, tags of the vocabulary, satisfaction on 0-100, no workbook sheet
silently skipped, `clex init` that changes only what it is given, and a profile gap
that an assessment reports. Each through the command line as a user runs it, on SQLite
and PostgreSQL (`db_url`), with files in the user's syntax."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from evidence.regions import RegionError, resolve
from evidence.store import Store
from tests.conftest import said

from .conftest import Run, nano_cli, write_dedented

Clex = Callable[..., Run]
run = nano_cli  # `clex` on a store with the Czech cluster nano (a fixture)
_write = write_dedented


def _records(run: Clex, kind: str) -> dict[str, dict]:
    listed = run("evidence", "list", "--cluster", "nano", "--kind", kind, "--json")
    assert listed.code == 0, listed
    return {r["title"]: r for r in json.loads(listed.out)}


# -- regions ---------------------------------------------------------------------------


def test_region_names_in_english_and_czech_and_codes_are_one_region(
    run: Clex, tmp_path: Path
) -> None:
    name = _write(
        tmp_path,
        "members.yaml",
        """\
        - {kind: member, title: A, start: 2020-01-01, region: Liberec}
        - {kind: member, title: B, start: 2020-01-01, region: Liberec Region}
        - {kind: member, title: C, start: 2020-01-01, region: Liberecký kraj}
        - {kind: member, title: D, start: 2020-01-01, region: cz-51}
        - {kind: member, title: E, start: 2020-01-01, region: Jablonec nad Nisou}
        - {kind: member, title: F, start: 2020-01-01, country: DE, region: Saxony}
        - {kind: member, title: G, start: 2020-01-01, country: DE, region: Sachsen}
        - {kind: member, title: H, start: 2020-01-01, region: Prague}
        """,
    )
    assert run("import", name, "--cluster", "nano").code == 0
    regions = {t: r.get("region") for t, r in _records(run, "member").items()}
    # a district (Jablonec nad Nisou) is compared as the region it lies in
    assert regions == {
        "A": "CZ-51", "B": "CZ-51", "C": "CZ-51", "D": "CZ-51", "E": "CZ-51",
        "F": "DE-SN", "G": "DE-SN", "H": "CZ-10",
    }  # fmt: skip


def test_an_unknown_region_is_refused_with_the_nearest_and_nothing_is_imported(
    run: Clex, tmp_path: Path
) -> None:
    name = _write(
        tmp_path,
        "members.yaml",
        """\
        - {kind: member, title: A, start: 2020-01-01, region: Liberec}
        - {kind: member, title: B, start: 2020-01-01, region: Libreec}
        - {kind: member, title: C, start: 2020-01-01, country: DE, region: CZ-51}
        """,
    )
    result = run("import", name, "--cluster", "nano")
    assert result.code == 1, result
    assert (
        "members.yaml:2:region: 'Libreec' is not a region of CZ (ISO 3166-2); "
        "did you mean CZ-51 (Liberecký kraj)?" in result.err
    )
    assert "members.yaml:3:region: 'CZ-51' is a region of CZ, not of DE" in result.err
    assert _records(run, "member") == {}


def test_a_region_name_without_any_country_asks_for_one() -> None:
    with pytest.raises(RegionError, match="give the country"):
        resolve("Liberec", None)
    assert resolve("cz-51", None) == "CZ-51"


def test_init_takes_a_region_name_and_stores_the_code(run: Clex) -> None:
    result = run("init", "--cluster", "nano", "--region", "Liberecký kraj")
    assert result.code == 0, result
    assert "region None -> 'CZ-51'" in result.out
    bad = run("init", "--cluster", "nano", "--region", "Libreec")
    assert bad.code == 2 and "did you mean CZ-51 (Liberecký kraj)?" in bad.err
    moved = run("init", "--cluster", "nano", "--country", "DE")
    assert moved.code == 2 and "'CZ-51' is a region of CZ, not of DE" in moved.err


# -- tags and satisfaction ----------------------------------------------------------------


def test_tags_are_case_insensitive_words_of_the_vocabulary(run: Clex, tmp_path: Path) -> None:
    good = _write(
        tmp_path,
        "services.yaml",
        """\
        - {kind: service, title: Audits, start: 2024-02-01, tags: "Digital, GREEN"}
        - {kind: service, title: Loops, start: 2024-03-01, tags: [Circular Economy, digital]}
        """,
    )
    assert run("import", good, "--cluster", "nano").code == 0
    tags = {t: r["tags"] for t, r in _records(run, "service").items()}
    assert tags == {"Audits": ["digital", "green"], "Loops": ["circular_economy", "digital"]}
    bad = _write(
        tmp_path,
        "more.yaml",
        "- {kind: service, title: AI day, start: 2024-04-01, tags: [digitalisation, ai]}\n",
    )
    result = run("import", bad, "--cluster", "nano")
    assert result.code == 1, result
    assert "more.yaml:1:tags: unknown tag 'digitalisation'; did you mean digital?" in result.err
    assert "more.yaml:1:tags: unknown tag 'ai'; the tags are: digital, green," in result.err


def test_a_satisfaction_on_a_1_to_5_scale_gets_a_hint(run: Clex, tmp_path: Path) -> None:
    name = _write(
        tmp_path,
        "surveys.csv",
        """\
        kind,title,start,satisfaction
        survey,Survey 2023,2023-11-01,4.3
        survey,Survey 2024,2024-11-01,83
        survey,Survey 2025,2025-11-01,0.8
        """,
    )
    result = run("import", name, "--cluster", "nano")
    assert result.code == 1, result
    assert (
        "surveys.csv:2:satisfaction: satisfaction 4.3 looks like a score on a 1-5 scale; "
        "satisfaction is 0-100: 4.3 of 5 is 82.5" in result.err
    )
    assert "surveys.csv:4:satisfaction: satisfaction 0.8 looks like a share of 1" in result.err
    assert "surveys.csv:3" not in result.err


# -- the workbook -----------------------------------------------------------------------


def test_a_sheet_not_named_after_a_kind_is_an_error(run: Clex, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "instructions"  # the template's own sheets are not evidence
    wb["instructions"].append(["read me"])
    staff = wb.create_sheet("Zaměstnanci")
    staff.append(["title", "start", "fte"])
    staff.append(["Eva", "2024-01-01", 1])
    near = wb.create_sheet("Members")  # a kind in another case is that kind
    near.append(["title", "start"])
    near.append(["Alpha", "2024-01-01"])
    typo = wb.create_sheet("evnts")
    typo.append(["title", "start"])
    typo.append(["Fair", "2024-01-01"])
    wb.create_sheet("Sheet1")  # empty: nothing would be lost
    wb.save(tmp_path / "ev.xlsx")
    result = run("import", "ev.xlsx", "--cluster", "nano")
    assert result.code == 1, result
    assert "ev.xlsx:Zaměstnanci: sheet 'Zaměstnanci' is not an evidence kind" in result.err
    assert (
        "ev.xlsx:evnts: sheet 'evnts' is not an evidence kind, so its rows would not be "
        "imported; did you mean event?" in result.err
    )
    assert "Sheet1" not in result.err and "instructions" not in result.err.split("(")[0]
    assert _records(run, "member") == {}


# -- clex init ---------------------------------------------------------------------------


def test_init_changes_only_the_options_given(run: Clex, db_url: str) -> None:
    full = ("--sector", "Nanotextiles", "--founded", "2012", "--region", "CZ-51")
    assert run("init", "--cluster", "nano", *full).code == 0
    result = run("init", "--cluster", "nano", "--website", "https://nano.example")
    assert result.code == 0, result
    assert "website None -> 'https://nano.example'" in result.out
    store = Store(db_url)
    try:
        profile = store.cluster("nano")
    finally:
        store.engine.dispose()
    assert (profile.name, profile.country, profile.region, profile.sector, profile.founded) == (
        "Nano", "CZ", "CZ-51", "Nanotextiles", 2012,
    )  # fmt: skip
    new = run("init", "--cluster", "fresh")
    assert new.code == 2 and "a new cluster needs --name" in new.err


# -- a profile field a condition needs --------------------------------------------------

CATALOGUE = """\
id: home
version: "1"
title: Home and abroad
areas:
  - {id: s, title: Structure}
indicators:
  - id: H1
    area: s
    title: Members at home
    question: How many members are in the home region?
    evidence: The member list
    metric: {aggregate: count, kind: member, scope: active_at_end, where: {region: $region}}
    points: [{at_least: 1, points: 1}]
    basis: modelled
    verified: false
  - id: H2
    area: s
    title: Members abroad
    question: How many members are abroad?
    evidence: The member list
    metric:
      aggregate: share
      kind: member
      scope: active_at_end
      numerator: {country: {ne: $country}}
    points: [{at_least: 10, points: 1}]
    basis: modelled
    verified: false
  - id: H3
    area: s
    title: Digital services
    question: How many digital services?
    evidence: The service list
    metric: {aggregate: count, kind: service, where: {tags: {contains: digital}}}
    points: [{at_least: 1, points: 1}]
    basis: modelled
    verified: false
labels:
  - {id: bronze, title: Bronze}
"""


def test_a_profile_field_a_condition_needs_is_a_finding(
    clex: Clex, db_url: str, tmp_path: Path
) -> None:
    def go(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url})

    assert go("init", "--cluster", "bare", "--name", "Bare").code == 0
    _write(tmp_path, "home.yaml", CATALOGUE)
    _write(tmp_path, "m.yaml", "- {kind: member, title: A, start: 2020-01-01, country: CZ}\n")
    assert go("import", "m.yaml", "--cluster", "bare").code == 0
    args = ("assess", "--cluster", "bare", "--period", "2024", "--catalogue", "home.yaml")
    result = go(*args, "--as-of", "2025-01-31", "--output", "snap.json")
    assert result.code == 0, result
    expected = {
        "profile.country": "the profile has no country, which H2 compare records with: "
        "such a condition matches no record, so they count less or nothing; "
        "set it with clex init --cluster bare --country CODE",
        "profile.region": "the profile has no region, which H1 compare records with"
        ": such a condition matches no record, so they count less or nothing; set it with "
        "clex init --cluster bare --region CODE-OR-NAME",
    }
    snap = json.loads((tmp_path / "snap.json").read_text(encoding="utf-8"))
    found = {f["location"]["key"]: said(f["message"]) for f in snap["findings"]}
    assert {k: found.get(k) for k in expected} == expected
    assert "profile.founded" not in found  # no indicator here needs it
    assert f"warning: {expected['profile.country']}" in result.out
    assert go("init", "--cluster", "bare", "--country", "CZ", "--region", "Liberec").code == 0
    again = go(*args, "--as-of", "2025-01-31", "--output", "snap2.json")
    assert again.code == 0 and "the profile has no" not in again.out
