"""The data model of issue 15, as a cluster manager meets it: `clex import` of files in
the user's syntax into a real store (SQLite, and PostgreSQL when configured).

- `presence`: the cluster's website, ECCP profile, social accounts, with languages as
  ISO 639-1 codes whatever the file wrote;
- `training`: dated hours per person (staff has no `training_hours` any more, and a file
  that still uses it, or the channel `eccp_profile`, is told what to write instead);
- a member's `org_id` is its identity; similar names without one are warned about;
- a completed project needs an end (at import; stored ones still load).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from evidence.members import name_key, trailing_form_key
from evidence.models import KINDS, Project, kind_fields
from evidence.store import Store, content_sha256, now
from reports.i18n import Lang


def _setup(clex: Callable[..., Any], db_url: str) -> dict[str, str]:
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ", env=env).code == 0
    return env


def _write(tmp_path: Path, body: str, name: str = "ev.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _records(db_url: str, kind: str) -> list[Any]:
    store = Store(db_url)
    try:
        return store.records("nano", kind=kind)
    finally:
        store.engine.dispose()


def test_presence_languages_become_codes(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        - {kind: presence, title: Cluster website, url: "https://nano.example",
           start: 2015-06-01, languages: "EN, Čeština, angličtina"}
        - {kind: presence, title: ECCP profile, platform: eccp_profile,
           url: "https://clustercollaboration.eu/nano", start: 2019-11-01, languages: [de]}
        """,
    )
    run = clex("import", "ev.yaml", "--cluster", "nano", env=env)
    assert run.code == 0, run.err
    got = {r.title: (r.platform, r.languages, r.end) for r in _records(db_url, "presence")}
    assert got == {
        "Cluster website": ("website", ("en", "cs"), None),
        "ECCP profile": ("eccp_profile", ("de",), None),
    }
    assert KINDS["presence"].open_ended
    # read back, the stored codes are taken as they are: no command that lists or
    # assesses records loads every language's names (a tenth of a second each time)
    from tests.test_startup_imports import imported

    proc, modules = imported(["--db", db_url, "evidence", "list", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert '"languages": [\n      "en",\n      "cs"\n    ]' in proc.stdout
    assert "pycountry" not in modules


def test_an_unknown_language_is_refused_with_a_suggestion(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        kind,title,start,languages
        presence,Website,2020-01-01,"en, Englsh"
        presence,Blog,2020-01-01,en
        """,
        "ev.csv",
    )
    run = clex("import", "ev.csv", "--cluster", "nano", env=env)
    assert run.code == 1
    assert "ev.csv:2:languages: 'Englsh' is not a language" in run.err
    assert "did you mean en (English)?" in run.err
    assert _records(db_url, "presence") == []  # nothing half-written


def test_a_language_tag_with_a_region_is_read_as_its_language(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    """`en-GB`, as a CMS writes a site's language, was refused with "did you mean en?"
    (the manager retyped what was clearly right): it is English, read as `en` and said
    once in the import's notes, as UK is read as GB. A tag whose region or script is
    none, or whose language is none, is still refused, saying which part."""
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        - {kind: presence, title: W, start: 2020-01-01, url: "https://a", languages: en-GB}
        - {kind: presence, title: X, start: 2020-01-01, url: "https://b", languages: Deutsh}
        - {kind: presence, title: Y, start: 2020-01-01, url: "https://c", languages: en-XX}
        - {kind: presence, title: Z, start: 2020-01-01, url: "https://d", languages: en-Abcd-GB}
        """,
    )
    run = clex("import", "ev.yaml", "--cluster", "nano", env=env)
    assert run.code == 1
    said = " ".join(run.err.split())
    assert "ev.yaml:1" not in said, said
    assert (
        "ev.yaml:2:languages: 'Deutsh' is not a language (an ISO 639-1 code such as en, cs, de); did you mean de (German)?"
        in said
    ), said
    assert (
        "ev.yaml:3:languages: 'en-XX' is not a language tag: 'XX' is no region (an ISO 3166-1 code such as GB); write en"
        in said
    ), said
    assert "ev.yaml:4:languages: 'en-Abcd-GB' is not a language tag: 'Abcd' is no script" in said
    assert _records(db_url, "presence") == []  # nothing half-written
    _write(
        tmp_path,
        """\
        - {kind: presence, title: W, start: 2020-01-01, url: "https://a", languages: "en-GB, cs"}
        - {kind: presence, title: X, start: 2020-01-01, url: "https://b", languages: "pt_BR; en-gb"}
        - {kind: presence, title: Y, start: 2020-01-01, url: "https://c", languages: de-AT}
        """,
    )
    run = clex("import", "ev.yaml", "--cluster", "nano", env=env)
    assert run.code == 0, run.err
    got = {r.title: r.languages for r in _records(db_url, "presence")}
    assert got == {"W": ("en", "cs"), "X": ("pt", "en"), "Y": ("de",)}
    notes = [" ".join(line.split()) for line in run.err.splitlines() if "was read as" in line]
    assert notes == [  # each tag once, at the row it was first met, counting its rows
        "ev.yaml:1:languages: info: en-GB was read as en (English): clex stores and compares "
        "a language as its ISO 639-1 code, without region, script or variant; rows with "
        "en-GB in this import: 2",
        "ev.yaml:2:languages: info: pt-BR was read as pt (Portuguese): clex stores and "
        "compares a language as its ISO 639-1 code, without region, script or variant; "
        "rows with pt-BR in this import: 1",
        "ev.yaml:3:languages: info: de-AT was read as de (German): clex stores and compares "
        "a language as its ISO 639-1 code, without region, script or variant; rows with "
        "de-AT in this import: 1",
    ], run.err


def test_old_forms_are_told_what_to_write_instead(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        - {kind: staff, title: Eva, fte: 1, start: 2019-01-01, training_hours: 40}
        - {kind: communication, title: ECCP profile, channel: eccp_profile, start: 2019-11-01}
        - {kind: communication, title: News, channel: website, start: 2024-03-01}
        """,
    )
    run = clex("import", "ev.yaml", "--cluster", "nano", env=env)
    assert run.code == 1
    lines = run.err.splitlines()
    assert any(
        line.startswith("ev.yaml:1:")
        and "staff no longer has training_hours" in line
        and "kind: training" in line
        for line in lines
    ), run.err
    assert any(
        line.startswith("ev.yaml:2:") and "kind: presence, platform: eccp_profile" in line
        for line in lines
    ), run.err
    # the same in a workbook-like CSV header
    _write(tmp_path, "kind,title,start,training_hours\nstaff,Eva,2019-01-01,40\n", "st.csv")
    run = clex("import", "st.csv", "--cluster", "nano", env=env)
    assert run.code == 1 and "st.csv:1:4: staff no longer has training_hours" in run.err
    assert _records(db_url, "staff") == [] and _records(db_url, "communication") == []


def test_training_entries_are_dated_hours_per_person(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        - {kind: training, title: Cluster management course, start: 2024-04-09,
           hours: 16, person: Eva}
        - {kind: training, title: Cluster management course, start: 2024-04-09,
           hours: 16, person: Petr}
        """,
    )
    assert clex("import", "ev.yaml", "--cluster", "nano", env=env).code == 0
    got = sorted((r.person, r.hours, r.start) for r in _records(db_url, "training"))
    assert got == [("Eva", 16.0, date(2024, 4, 9)), ("Petr", 16.0, date(2024, 4, 9))]
    assert not KINDS["training"].open_ended
    _write(
        tmp_path,
        """\
        - {kind: training, title: Webinar, start: 2024-05-01, hours: 0}
        - {kind: training, title: Webinar, start: 2024-05-02}
        """,
        "bad.yaml",
    )
    run = clex("import", "bad.yaml", "--cluster", "nano", env=env)
    assert run.code == 1
    assert "bad.yaml:1:hours: 0.0 is too small: hours must be more than 0" in run.err
    assert "bad.yaml:2:hours: hours is required" in run.err


def test_org_id_is_the_member_identity(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        - {kind: member, title: Nanofibre Tech s.r.o., org_id: cz 254 12345, start: 2019-01-01,
           committed: yes}
        """,
    )
    assert clex("import", "ev.yaml", "--cluster", "nano", env=env).code == 0
    (first,) = _records(db_url, "member")
    assert first.org_id == "CZ25412345"
    # the same organisation under another spelling, with the same org_id: one member
    _write(
        tmp_path,
        """\
        - {kind: member, title: "NanoFibre Tech, a.s.", org_id: CZ25412345, start: 2019-01-01,
           committed: yes}
        """,
        "renamed.yaml",
    )
    run = clex("import", "renamed.yaml", "--cluster", "nano", env=env)
    assert run.code == 0, run.err
    assert "look like one organisation" not in run.err  # an update, not a near-duplicate
    (member,) = _records(db_url, "member")
    assert (member.id, member.title) == (first.id, "NanoFibre Tech, a.s.")
    # two rows of one file with one org_id are one member: the second is refused
    _write(
        tmp_path,
        """\
        - {kind: member, title: Alpha, org_id: DE123, start: 2020-01-01}
        - {kind: member, title: Alpha GmbH, org_id: de 123, start: 2020-01-01}
        """,
        "twice.yaml",
    )
    run = clex("import", "twice.yaml", "--cluster", "nano", env=env)
    assert (
        run.code == 1
        and "twice.yaml:2: same organisation as 1: both rows have org_id DE123" in run.err
    )


def test_near_duplicate_member_names_are_warned_about(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(tmp_path, "- {kind: member, title: Elmarco spol. s r.o., start: 2015-01-01}\n")
    assert clex("import", "ev.yaml", "--cluster", "nano", env=env).code == 0
    _write(
        tmp_path,
        """\
        - {kind: member, title: "ELMARCO, s. r. o.", start: 2016-01-01}
        - {kind: member, title: Nanofibre Tech s.r.o., start: 2019-01-01}
        - {kind: member, title: NanoFibre Tech a.s., start: 2019-02-01}
        - {kind: member, title: Hotel Nano 1, start: 2019-02-01}
        - {kind: member, title: Hotel Nano 2, start: 2019-02-01}
        - {kind: member, title: Alpha Lab GmbH, org_id: DE1, start: 2019-02-01}
        - {kind: member, title: Alpha Lab AG, org_id: DE2, start: 2019-02-01}
        - {kind: member, title: Technical University of Liberec, start: 2019-02-01}
        """,
        "more.yaml",
    )
    run = clex("import", "more.yaml", "--cluster", "nano", env=env)
    assert run.code == 0, run.err  # a warning, not an error: all eight are stored
    assert len(_records(db_url, "member")) == 9
    warnings = [line for line in run.err.splitlines() if "look like one organisation" in line]
    assert len(warnings) == 2, run.err
    elmarco, nanofibre = warnings
    assert elmarco.startswith("more.yaml:1: warning: member 'ELMARCO, s. r. o.' (more.yaml:1)")
    assert "member 'Elmarco spol. s r.o.' (stored record mem-" in elmarco
    assert "if they are one, keep one record (withdraw the other" in elmarco
    assert nanofibre.startswith("more.yaml:2: warning: member 'Nanofibre Tech s.r.o.'")
    assert "'NanoFibre Tech a.s.' (more.yaml:3)" in nanofibre
    # re-importing the same file updates nothing and warns against the store's others
    run = clex("import", "more.yaml", "--cluster", "nano", env=env)
    assert run.code == 0
    assert sum("look like one organisation" in line for line in run.err.splitlines()) == 2


def test_name_key_drops_legal_forms_and_punctuation() -> None:
    assert name_key("Nanofibre Tech, s. r. o.") == name_key("NANOFIBRE TECH s.r.o.")
    assert name_key("Elmarco spol. s r. o.") == "elmarco"
    assert name_key("Siemens GmbH & Co. KG") == "siemens"
    assert name_key("Technická univerzita v Liberci") == "technicka univerzita v liberci"


def test_a_clusters_name_drops_a_legal_form_at_its_end_only() -> None:
    """A benchmark's clusters (`assessment.peer_identity`): one legal form at the end, as
    names carry it; "EV Cluster" (electric vehicles) is not "AS Cluster"."""
    same = ["Nanoprogress, z. s.", "NANOPROGRESS z.s.", "Nanoprogress", "Nanoprogress, o.p.s."]
    assert {trailing_form_key(n) for n in same} == {"nanoprogress"}
    assert trailing_form_key("Cluster Übersee e. V.") == trailing_form_key("CLUSTER UBERSEE")
    assert trailing_form_key("Auto GmbH & Co. KG") == "auto"
    assert len({trailing_form_key(n) for n in ("EV Cluster", "AS Cluster", "Cluster")}) == 3


def test_a_completed_project_needs_an_end(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        kind,title,start,project_status,end
        project,NANOFIL,2021-01-01,completed,
        project,FILTEX,2021-01-01,completed,2023-12-31
        project,GREENFIB,2024-01-01,running,
        """,
        "ev.csv",
    )
    run = clex("import", "ev.csv", "--cluster", "nano", env=env)
    assert run.code == 1
    assert "ev.csv:2:end: a completed project needs an end date" in run.err
    assert "ev.csv:3" not in run.err and "ev.csv:4" not in run.err
    assert _records(db_url, "project") == []
    # a project stored before the rule still loads
    store = Store(db_url)
    try:
        old = Project(
            cluster="nano", title="OLD", start=date(2015, 1, 1), project_status="completed"
        )
        with store.write() as conn:
            store.insert_records(conn, [(old, content_sha256(old))], import_id=None, at=now())
        assert [p.title for p in store.records("nano", kind="project")] == ["OLD"]
    finally:
        store.engine.dispose()


def test_a_finance_year_that_contradicts_its_dates_is_refused(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    """`year` is the financial year an amount belongs to, but the amount counts by its
    dates (docs/ecei-gold.md "Money"): year 2024 on 2025-01-01..2025-12-31, or on a
    one-off payment of March 2025, was taken silently and counted in 2025. Refused at the
    row's year, with the span to give; a year the span touches is right (a six-year
    grant, a financial year from July), and so is a year alone (its span). An edit is
    held to it too."""
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        kind,title,year,source_type,amount_eur,start,end
        finance,Membership fees,2024,membership_fees,12000,2025-01-01,2025-12-31
        finance,Regional grant,2024,public_regional,30000,2025-03-01,
        finance,Six-year grant,2022,public_eu,600000,2020-01-01,2025-12-31
        finance,Financial year from July,2025,private,1000,2024-07-01,2025-06-30
        """,
        "ev.csv",
    )
    run = clex("import", "ev.csv", "--cluster", "nano", env=env)
    assert run.code == 1
    said = " ".join(run.err.split())
    assert (
        "ev.csv:2:year: year 2024 is none of the years of the span its amount covers (Jan 1, "
        "2025 to Dec 31, 2025), where it counts; give the span of the financial year 2024 "
        "(start 2024-01-01, end 2024-12-31) or correct the year" in said
    ), said
    assert (
        "ev.csv:3:year: year 2024, yet the amount is a one-off payment of Mar 1, 2025 (it has "
        "no end), so it counts in 2025; give the span of the financial year 2024" in said
    ), said
    assert "ev.csv:4" not in said and "ev.csv:5" not in said
    assert _records(db_url, "finance") == []  # nothing half-written
    fixed = (
        (tmp_path / "ev.csv")
        .read_text(encoding="utf-8")
        .replace(
            "2024,membership_fees,12000,2025-01-01,2025-12-31",
            "2024,membership_fees,12000,2024-01-01,2024-12-31",
        )
        .replace("2024,public_regional,30000,2025-03-01,", "2025,public_regional,30000,2025-03-01,")
    )
    (tmp_path / "ev.csv").write_text(fixed, encoding="utf-8")
    assert clex("import", "ev.csv", "--cluster", "nano", env=env).code == 0
    fees = next(r for r in _records(db_url, "finance") if r.title == "Membership fees")
    edit = clex("evidence", "edit", fees.id, "year=2023", "--cluster", "nano", env=env)
    assert edit.code == 1 and "year 2023 is none of the years of the span" in edit.err


def test_the_template_has_the_new_kinds(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    assert clex("template", "t.xlsx").code == 0
    wb = load_workbook(tmp_path / "t.xlsx")
    assert {"presence", "training"} <= set(wb.sheetnames)
    header = [c.value for c in next(wb["presence"].iter_rows(max_row=1))]
    assert {"platform", "languages", "url"} <= set(header)
    header = [c.value for c in next(wb["staff"].iter_rows(max_row=1))]
    assert "training_hours" not in header
    header = [c.value for c in next(wb["member"].iter_rows(max_row=1))]
    assert "org_id" in header
    assert "span the amount covers" in kind_fields("finance")["start"].description
    # filled in as a manager would, it imports
    row = {"title": "Website", "start": "1.6.2015", "platform": "website", "languages": "EN"}
    sheet = wb["presence"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    for name, value in row.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    sheet = wb["training"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    for name, value in {
        "title": "Course",
        "start": "9.4.2024",
        "hours": 8,
        "person": "Eva",
    }.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    wb.save(tmp_path / "filled.xlsx")
    env = _setup(clex, db_url)
    run = clex("import", "filled.xlsx", "--cluster", "nano", env=env)
    assert run.code == 0, run.err
    (presence,) = _records(db_url, "presence")
    assert (presence.start, presence.languages) == (date(2015, 6, 1), ("en",))
    (training,) = _records(db_url, "training")
    assert (training.person, training.hours) == ("Eva", 8.0)


def test_every_kind_has_a_name_in_the_reports() -> None:
    for code in ("en", "cs"):
        names = Lang(code).kind_names()
        assert set(names) == set(KINDS)
    assert Lang("cs").kind("presence") == "online prezentace"
    assert Lang("en").kind("training") == "training"


def test_one_org_id_on_two_member_records_is_refused_in_an_import_and_an_edit(
    clex: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    """The org_id names the organisation: two records holding one are one member counted
    twice (a Bronze of 14 organisations read as 15). An import that gives a second record
    a stored member's org_id (spaced otherwise), and an edit that does, are refused;
    following the near-duplicate warning (withdraw one) settles it."""
    env = _setup(clex, db_url)
    _write(
        tmp_path,
        """\
        - {kind: member, id: mem-000, title: Alpha Tech, org_id: CZ10000000, start: 2019-01-01}
        - {kind: member, title: Beta Lab, start: 2019-01-01}
        - {kind: member, title: Beta Lab s.r.o., start: 2019-01-01}
        """,
    )
    assert clex("import", "ev.yaml", "--cluster", "nano", env=env).code == 0
    _write(
        tmp_path,
        "- {kind: member, title: ALPHA TECH a.s., org_id: CZ 100 000 00, start: 2020-01-01}\n",
        "again.yaml",
    )
    run = clex("import", "again.yaml", "--cluster", "nano", env=env)
    assert run.code == 1, run.err
    assert "has the org_id CZ10000000 of member 'Alpha Tech' (stored record mem-000)" in run.err
    assert "give this row its id mem-000" in run.err and "nothing was imported" in run.err
    assert len(_records(db_url, "member")) == 3
    ids = {m.title: m.id for m in _records(db_url, "member")}
    first = clex(
        "evidence", "edit", ids["Beta Lab"], "org_id=CZ22222222", "--cluster", "nano", env=env
    )
    assert first.code == 0, first.err
    second = clex(
        "evidence",
        "edit",
        ids["Beta Lab s.r.o."],
        "org_id=cz 22222222",
        "--cluster",
        "nano",
        env=env,
    )
    said = f"has the org_id CZ22222222 of member 'Beta Lab' (stored record {ids['Beta Lab']})"
    assert second.code == 1 and said in second.err
    withdrawn = clex(
        "evidence", "withdraw", ids["Beta Lab s.r.o."], "--reason", "duplicate", "--cluster", "nano",
        env=env,
    )  # fmt: skip
    assert withdrawn.code == 0, withdrawn.err
