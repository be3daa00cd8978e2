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
