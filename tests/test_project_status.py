"""A project that did not happen: an application not funded, a project cancelled before
it ran (session 23's assessor, F3).

The import refused `rejected` and `cancelled` ("is not one of: planned, running,
completed"), a manager then left the status empty, and an empty status counts as
running: V4 read 4 where the assessor counts 2, V5 EUR 340,137 where EUR 240,000, and
Gold was given. Each test runs `clex` as a manager does, on a real SQLite store, and
reads back what it wrote (the snapshot, the template's drop-down list).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run
from tests.report_fixtures import pdf_words

# Two real projects of 2025 with three members each, EUR 120,000 of the cluster's own a
# year; an Interreg application refused in June 2025 and a Horizon project the funder
# called off before it started, both with member participants and budgets.
PROJECTS = textwrap.dedent("""\
    - {kind: project, title: Real one, project_status: running, member_participants: 3, cluster_budget_eur: 120000, start: 2025-01-01, end: 2025-12-31}
    - {kind: project, title: Real two, project_status: completed, member_participants: 4, cluster_budget_eur: 120000, start: 2025-01-01, end: 2025-12-31}
    - {kind: project, title: NanoHealth (application refused), project_status: not_funded, member_participants: 5, cluster_budget_eur: 300000, start: 2025-09-01, end: 2027-08-31}
    - {kind: project, title: GreenFab (called off by the funder), project_status: Cancelled, member_participants: 4, cluster_budget_eur: 150000, start: 2025-01-01, end: 2027-12-31}
""")


def _init(clex: Callable[..., Run]) -> None:
    run = clex("init", "--cluster", "c", "--name", "Case", "--country", "CZ")
    assert run.code == 0, run


def test_a_project_that_did_not_happen_counts_nowhere(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """V4 counts the two real projects (below the Gold step of 3), V5 their EUR 240,000
    a year (below 250,000): the refused application and the cancelled project count in
    neither, and the import takes both statuses as typed (in any case)."""
    _init(clex)
    (tmp_path / "projects.yaml").write_text(PROJECTS, encoding="utf-8")
    run = clex("import", "projects.yaml", "--cluster", "c")
    assert run.code == 0, run
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    values = {i["id"]: i for i in snap["indicators"]}
    assert values["V4"]["value"] == 2 and not values["V4"]["gold_met"]
    assert values["V5"]["value"] == 240000 and not values["V5"]["gold_met"]
    listed = json.loads(clex("evidence", "list", "--cluster", "c", "--json").out)
    statuses = {r["title"]: r.get("project_status") for r in listed}
    assert statuses["GreenFab (called off by the funder)"] == "cancelled"


def test_a_project_that_did_not_happen_is_no_near_miss(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """The refused application and the cancelled project fail V4's and V5's status
    condition (running or completed, or no value) and nothing else, but they are no near
    misses: they are projects that did not happen, and no assessor accepts marking them
    running for the points. The snapshot lists neither, and the report's "Near misses"
    offers no points for them (it offered +0.94 for both, "project status is running or
    completed or project status has no value")."""
    _init(clex)
    (tmp_path / "projects.yaml").write_text(PROJECTS, encoding="utf-8")
    assert clex("import", "projects.yaml", "--cluster", "c").code == 0
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    values = {i["id"]: i for i in snap["indicators"]}
    for indicator in ("V4", "V5"):
        assert values[indicator]["not_counted"] == [], values[indicator]["not_counted"]
        assert values[indicator]["not_counted_total"] == 0

    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    page = pdf_words(tmp_path / "r.pdf")
    near = page[page.index("Near misses") : page.index("Missing profile fields")]
    assert "None found." in near
    for title in ("NanoHealth", "GreenFab", "project status is running or completed"):
        assert title not in near


def test_a_rejected_status_is_refused_naming_the_value_to_give(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """`rejected` is the review status an auditor gives; as a project's status it is
    refused, and the refusal says which value a refused application and a cancelled
    project take, so nobody leaves the status empty (which counts as running)."""
    _init(clex)
    (tmp_path / "p.csv").write_text(
        "kind,title,project_status,member_participants,start\n"
        "project,NanoHealth,rejected,5,2025-09-01\n",
        encoding="utf-8",
    )
    run = clex("import", "p.csv", "--cluster", "c", "--dry-run")
    assert run.code == 1, run
    assert "p.csv:2:project_status: 'rejected' is not one of: planned, running, completed, " in (
        run.err
    )
    assert "an application refused or withdrawn is not_funded" in run.err
    assert "a project called off before it ran is cancelled" in run.err


def test_the_template_offers_both_statuses(clex: Callable[..., Run], tmp_path: Path) -> None:
    """The workbook's drop-down list on project_status has the two new values."""
    from openpyxl import load_workbook

    run = clex("template", "t.xlsx")
    assert run.code == 0, run
    sheet = load_workbook(tmp_path / "t.xlsx")["project"]
    headers = [c.value for c in sheet[1]]
    letter = sheet.cell(row=1, column=headers.index("project_status") + 1).column_letter
    lists = [
        dv.formula1
        for dv in sheet.data_validations.dataValidation
        if any(str(r).startswith(f"{letter}2") for r in dv.sqref.ranges)
    ]
    assert lists == ['"planned,running,completed,not_funded,cancelled"']
