"""Countries as ISO 3166-1 codes (assessor's case c01): the EU's `UK` and `EL` read as
`GB` and `GR` and said once, a country in any case or by name, `XX` refused, a country
twice in a partner list counted once, C6 counting the United Kingdom once however it is
written, `clex evidence validate` naming a stored `UK` from before, and `clex init
--country` read alike. Each through the command line as a user runs it, on SQLite and
PostgreSQL (`db_url`); the web page's upload is in tests/web/test_import.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from evidence.store import Store, content_sha256

from .conftest import Run, nano_cli, write_dedented

Clex = Callable[..., Run]
run = nano_cli  # `clex` on a store with the Czech cluster nano (a fixture)
_write = write_dedented

CATALOGUE = """\
id: abroad
version: "1"
title: Abroad
areas:
  - {id: c, title: Communication}
indicators:
  - id: C6
    area: c
    title: Countries in which the cluster presented itself
    question: In how many foreign countries did the cluster present itself?
    evidence: Event programmes
    metric:
      aggregate: count_distinct
      kind: event
      field: country
      scope: in_period
      where: {country: {ne: $country}, role: [organiser, co_organiser, exhibitor, speaker]}
    points: [{at_least: 1, points: 1}, {at_least: 3, points: 2}]
    basis: modelled
    verified: false
labels:
  - {id: bronze, title: Bronze}
"""

FAIRS = """\
- {id: ev-de, kind: event, title: Hannover Messe, start: 2025-04-01, role: exhibitor, country: DE}
- {id: ev-gb, kind: event, title: London fair, start: 2025-05-01, role: exhibitor, country: GB}
- {id: ev-uk, kind: event, title: Birmingham fair, start: 2025-06-01, role: exhibitor, country: UK}
- {id: ev-uk2, kind: event, title: Leeds fair, start: 2025-07-01, role: exhibitor, country: uk}
"""


def _listed(run: Clex, kind: str, field: str) -> dict[str, object]:
    listed = run("evidence", "list", "--cluster", "nano", "--kind", kind, "--json")
    assert listed.code == 0, listed
    return {r["id"]: r.get(field) for r in json.loads(listed.out)}


def test_the_united_kingdom_written_uk_and_gb_is_one_country_of_c6(
    run: Clex, tmp_path: Path
) -> None:
    _write(tmp_path, "fairs.yaml", FAIRS)
    _write(tmp_path, "abroad.yaml", CATALOGUE)
    imported = run("import", "fairs.yaml", "--cluster", "nano")
    assert imported.code == 0, imported
    # said once for the import, at the first row that has it, with how many rows
    assert imported.err.count("UK was read as GB") == 1, imported.err
    assert (
        "fairs.yaml:3:country: info: UK was read as GB (United Kingdom): UK is the EU's code "
        "of that country, GB its ISO 3166-1 code, which clex stores and compares; rows with "
        "UK in this import: 2" in " ".join(imported.err.split())
    ), imported.err
    assert _listed(run, "event", "country") == {
        "ev-de": "DE", "ev-gb": "GB", "ev-uk": "GB", "ev-uk2": "GB",
    }  # fmt: skip
    assessed = run(
        "assess", "--cluster", "nano", "--period", "2025", "--catalogue", "abroad.yaml",
        "--as-of", "2026-01-15", "--output", "snap.json",
    )  # fmt: skip
    assert assessed.code == 0, assessed
    snap = json.loads((tmp_path / "snap.json").read_text(encoding="utf-8"))
    c6 = next(i for i in snap["indicators"] if i["id"] == "C6")
    assert c6["value"] == 2  # Germany and the United Kingdom, not three
    assert run("evidence", "validate", "--cluster", "nano").code == 0


def test_a_country_is_read_in_any_case_or_by_name_and_a_partner_list_once(
    run: Clex, tmp_path: Path
) -> None:
    _write(
        tmp_path,
        "places.yaml",
        """\
        - {id: m1, kind: member, title: A, start: 2020-01-01, country: " de "}
        - {id: m2, kind: member, title: B, start: 2020-01-01, country: Německo}
        - {id: m3, kind: member, title: C, start: 2020-01-01, country: DEU}
        - {id: m4, kind: member, title: D, start: 2020-01-01, country: Greece}
        - {id: m5, kind: member, title: E, start: 2020-01-01, country: EL}
        - {id: m6, kind: member, title: F, start: 2020-01-01, country: Czechia, region: CZ-51}
        - {id: m7, kind: member, title: G, start: 2020-01-01, country: united kingdom, region: GB-LND}
        """,
    )
    _write(
        tmp_path,
        "projects.csv",
        """\
        id,kind,title,start,partner_countries
        p1,project,Interreg link,2024-01-01,"UK; GB; el; Austria"
        """,
    )
    result = run("import", "places.yaml", "projects.csv", "--cluster", "nano")
    assert result.code == 0, result
    assert result.err.count("EL was read as GR (Greece)") == 1, result.err
    assert "places.yaml:5:country: info: EL was read as GR" in result.err
    assert "projects.csv:2:partner_countries: info: UK was read as GB" in result.err
    assert _listed(run, "member", "country") == {
        "m1": "DE", "m2": "DE", "m3": "DE", "m4": "GR", "m5": "GR", "m6": "CZ", "m7": "GB",
    }  # fmt: skip
    # a region is read against the country as read ("a region of CZ, not of CZECHIA")
    assert _listed(run, "member", "region")["m6"] == "CZ-51"
    assert _listed(run, "project", "partner_countries") == {"p1": ["GB", "GR", "AT"]}


def test_a_code_no_country_has_is_refused_with_its_place_and_nothing_is_imported(
    run: Clex, tmp_path: Path
) -> None:
    _write(
        tmp_path,
        "bad.yaml",
        """\
        - {kind: member, title: Nowhere Ltd, start: 2020-01-01, country: XX}
        - {kind: event, title: Fair, start: 2025-01-01, role: exhibitor, country: Germny}
        - {kind: project, title: P, start: 2025-01-01, partner_countries: "UK, GB, EL, XX"}
        - {kind: event, title: Fine, start: 2025-01-01, country: GB}
        """,
    )
    result = run("import", "bad.yaml", "--cluster", "nano")
    assert result.code == 1, result
    said = result.err
    assert (
        "bad.yaml:1:country: 'XX' is not a country: write its ISO 3166-1 code (e.g. CZ, DE, "
        "GB) or its name\n" in said
    ), said
    assert "bad.yaml:2:country: 'Germny' is not a country" in said
    assert "did you mean DE (Germany)?" in said
    assert "bad.yaml:3:partner_countries: 'XX' is not a country" in said
    assert "3 problem(s) found; nothing was imported" in said
    assert "Traceback" not in said and "pattern" not in said
    assert _listed(run, "event", "country") == {}


def test_a_stored_uk_from_before_is_named_by_validate_and_an_import_again_corrects_it(
    run: Clex, db_url: str, tmp_path: Path
) -> None:
    """A store filled when `UK` was taken as written: validate names it and what to do;
    the file imported again stores GB, and C6 then counts it with London."""
    _write(tmp_path, "fairs.yaml", FAIRS)
    assert run("import", "fairs.yaml", "--cluster", "nano").code == 0
    store = Store(db_url)
    try:  # as an earlier clex stored them: UK, and a made-up XX; the profile's EL
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE clusters SET country = 'EL' WHERE slug = 'nano'"))
        for rid, code in (("ev-uk", "UK"), ("ev-de", "XX")):
            record, _ = store.record("nano", rid)
            old = record.model_copy(update={"country": code})
            with store.engine.begin() as conn:
                conn.execute(
                    text("UPDATE evidence SET country = :c, content_sha256 = :s WHERE id = :i"),
                    {"c": code, "s": content_sha256(old), "i": rid},
                )
    finally:
        store.engine.dispose()
    checked = run("evidence", "validate", "--cluster", "nano")
    assert checked.code == 1, checked
    said = " ".join(checked.err.split())
    assert (
        "ev-uk.country: country 'UK' is stored as written, not as GB (United Kingdom), so the "
        "assessment counts it as another country; import the record again" in said
    ), said
    assert (
        "ev-de.country: country 'XX' is not an ISO 3166-1 country code, yet the assessment "
        "counts it as a country; correct it in the file and import it again" in said
    ), said
    assert (
        "profile.country: the cluster's country 'EL' is not an ISO 3166-1 code, so the "
        "assessment compares its records with another country; set it with clex init "
        "--cluster nano --country GR" in said
    ), said
    assert run("init", "--cluster", "nano", "--country", "CZ").code == 0
    again = run("import", "fairs.yaml", "--cluster", "nano", "--json")
    assert again.code == 0, again
    assert {r["id"]: r["action"] for r in json.loads(again.out)["records"]}["ev-uk"] == "update"
    assert _listed(run, "event", "country")["ev-uk"] == "GB"
    assert run("evidence", "validate", "--cluster", "nano").code == 0


def test_init_reads_the_profile_country_as_an_import_does(run: Clex) -> None:
    moved = run("init", "--cluster", "nano", "--country", "uk")
    assert moved.code == 0, moved
    assert "country 'CZ' -> 'GB'" in moved.out
    assert "--country 'uk' was read as GB (United Kingdom)" in moved.out
    assert run("init", "--cluster", "nano", "--country", "Česko").code == 0
    bad = run("init", "--cluster", "nano", "--country", "XX")
    assert bad.code == 2 and "--country: 'XX' is not a country" in bad.err, bad
    assert "Traceback" not in bad.err


def test_a_catalogue_comparing_with_the_eus_uk_is_refused(clex: Clex, tmp_path: Path) -> None:
    """An import stores GB for UK: a catalogue literal `UK` would match nothing."""
    (tmp_path / "uk.yaml").write_text(
        CATALOGUE.replace("{country: {ne: $country}, ", "{country: UK, "), encoding="utf-8"
    )
    result = clex("criteria", "validate", str(tmp_path / "uk.yaml"))
    assert result.code == 1, result
    assert "event.country: 'UK' is not an ISO 3166-1 alpha-2 country code as stored" in result.err
