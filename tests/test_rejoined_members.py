"""A member that left and joined again is a record per membership, never two at once,
whichever way a record comes back: an import, an edit, a restore, an undo.

The manager's story runs `clex` in process on a real store (the `db_url` fixture):
ACME was a member from 2019, left, and joined again on 1 March 2025. Restoring the old
record, or undoing its withdrawal, made ACME two committed members in 2025 (S1 2); each
is now refused as the import refuses it, with the days to give, and nothing changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Clex = Callable[..., Run]

FIRST = (
    "- {id: acme-first, kind: member, title: ACME, org_id: CZ55555555, type: sme,"
    " committed: yes, start: 2019-01-01}\n"
)
AGAIN = (
    "- {id: acme-rejoined, kind: member, title: ACME a.s., org_id: CZ55555555, type: sme,"
    " committed: yes, start: 2025-03-01}\n"
)
OVERLAP = "has the org_id CZ55555555 of member"


@pytest.fixture
def run(clex: Clex, db_url: str, tmp_path: Path) -> Clex:
    """`clex` as Eva on a store where ACME's first membership (batch 1) was withdrawn
    (batch 2) and its new one imported (batch 3), both open-ended."""

    def go(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url, "CLEX_USER": "Eva"})

    assert go("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    for name, rows in (("first.yaml", FIRST), ("again.yaml", AGAIN)):
        (tmp_path / name).write_text(rows, encoding="utf-8")
    assert go("import", "first.yaml", "--cluster", "nano").code == 0
    assert go("evidence", "withdraw", "acme-first", "--cluster", "nano", "--reason", "x").code == 0
    assert go("import", "again.yaml", "--cluster", "nano").code == 0
    return go


def ok(result: Run) -> Run:
    assert result.code == 0, result
    return result


def state(run: Clex, tmp_path: Path) -> tuple[float, dict[str, tuple[str, str | None]]]:
    """S1 of 2025 and id -> (status, end) of every record."""
    out = tmp_path / "s.json"
    ok(run("assess", "--cluster", "nano", "--period", "2025", "-o", str(out), "--force"))
    s1 = next(i for i in json.loads(out.read_text())["indicators"] if i["id"] == "S1")
    listed = json.loads(ok(run("evidence", "list", "--cluster", "nano", "--json")).out)
    return s1["value"], {r["id"]: (r["status"], r.get("end")) for r in listed}


def refused(result: Run, summary: str) -> str:
    assert result.code == 1, result
    assert OVERLAP in result.err and summary in result.err, result.err
    return result.err


def test_a_restore_or_an_undo_never_makes_one_organisation_two_members(
    run: Clex, tmp_path: Path
) -> None:
    before = state(run, tmp_path)
    assert before == (1, {"acme-first": ("withdrawn", None), "acme-rejoined": ("submitted", None)})
    err = refused(
        run("evidence", "restore", "acme-first", "--cluster", "nano"), "nothing was restored"
    )
    # the days, and the way round a withdrawn record (which cannot be edited)
    assert "overlap (from 2019-01-01; from 2025-03-01)" in err
    assert "withdraw acme-rejoined, restore acme-first, `clex evidence edit acme-first " in err
    assert "end=2025-02-28`, then restore acme-rejoined" in err
    refused(run("import", "undo", "2"), "nothing was undone")  # undoing the withdrawal
    refused(run("import", "undo", "2", "--dry-run"), "nothing was undone")
    assert state(run, tmp_path) == before  # nothing half-done
    # the advice, followed: both memberships, one at a time, ACME one member
    ok(run("evidence", "withdraw", "acme-rejoined", "--cluster", "nano", "--reason", "x"))
    ok(run("evidence", "restore", "acme-first", "--cluster", "nano"))
    edited = ok(run("evidence", "edit", "acme-first", "end=2025-02-28", "--cluster", "nano"))
    batch = re.search(r"Batch (\d+): edited", edited.out + edited.err)
    assert batch is not None, edited
    ok(run("evidence", "restore", "acme-rejoined", "--cluster", "nano"))
    after = state(run, tmp_path)
    assert after[0] == 1 and after[1]["acme-first"] == ("submitted", "2025-02-28")
    # undoing the edit would reopen the first membership: refused, as the edit itself is,
    # and the advice is not the edit the undo takes away ("end acme-first by 2025-02-28")
    err = refused(run("import", "undo", batch[1]), "nothing was undone")
    assert "end=2025-02-28" not in err, err
    assert (
        f"undoing batch {batch[1]} would bring it back over acme-rejoined: withdraw "
        "acme-rejoined first" in " ".join(err.split())
    ), err
    err = refused(
        run("evidence", "edit", "acme-first", "end=", "--cluster", "nano"), "nothing was changed"
    )
    assert "end acme-first by 2025-02-28 (`clex evidence edit acme-first end=2025-02-28`)" in err
    assert state(run, tmp_path) == after
