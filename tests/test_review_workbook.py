"""The auditor's review workbook, as the manager and the auditor use it (issue 17).

Each story runs `clex` in process on SQLite and PostgreSQL (`db_url`): the manager
imports evidence, `clex evidence export` writes the workbook, the test edits it as an
auditor would in Excel (openpyxl), and `clex import --reviewer` reads it back. One
changed record blocks only its row; typing the current digest no longer writes old
values back; a deleted, emptied or edited digest is refused; an auditor's title change
and a typo'd id are refused; four eyes; `--skip-conflicts` then `--changed-since`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import Run, edit_rows

EVIDENCE = """\
- {kind: member, title: Alpha s.r.o., type: sme, committed: yes, start: 2019-03-01}
- {kind: member, title: Beta University, type: university, committed: yes, start: 2016-09-01}
- {kind: event, title: Cluster day, format: conference, start: 2024-05-14, participants: 80}
"""


@pytest.fixture
def nano(clex: Callable[..., Run], db_url: str, tmp_path: Path) -> Callable[..., Run]:
    """`clex` on a store (SQLite or PostgreSQL) holding cluster nano and its evidence,
    imported by the manager, and the auditor's export review.xlsx."""

    def run(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url})

    assert run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert run("import", "ev.yaml", "--cluster", "nano").code == 0
    done = run("evidence", "export", "review.xlsx", "--cluster", "nano")
    assert done.code == 0 and "Wrote 3 records" in done.out, done
    return run


def records(run: Callable[..., Run]) -> dict[str, dict[str, Any]]:
    """title -> the record as `clex evidence list --json` gives it."""
    out = run("evidence", "list", "--cluster", "nano", "--json")
    assert out.code == 0, out
    return {r["title"]: r for r in json.loads(out.out)}


def cells(path: Path, sheet: str) -> list[dict[str, Any]]:
    """The data rows of a sheet as header -> value."""
    ws = load_workbook(path)[sheet]
    heads = [c.value for c in ws[1]]
    return [
        dict(zip(heads, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)
    ]


def edit(path: Path, sheet: str, which: str, **values: Any) -> None:
    """Change cells of the row whose title is `which`, as an auditor does in Excel."""
    edit_rows(path, sheet, where=("title", which), **values)


def manager_changes_participants(run: Callable[..., Run], tmp_path: Path, n: int) -> None:
    """The manager corrects the event in the source file and imports it again."""
    text = EVIDENCE.replace("participants: 80", f"participants: {n}")
    (tmp_path / "ev.yaml").write_text(text, encoding="utf-8")
    done = run("import", "ev.yaml", "--cluster", "nano")
    assert done.code == 0 and "1 updated" in done.out, done


def test_export_writes_a_digest_not_a_version(nano: Callable[..., Run], tmp_path: Path) -> None:
    rows = cells(tmp_path / "review.xlsx", "member")
    assert "version" not in rows[0] and all(len(r["digest"]) == 16 for r in rows)
    assert len({r["digest"] for r in rows}) == 2
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 0 and "3 unchanged; 0 review entries" in run.out, run


def test_one_changed_record_blocks_only_its_row_then_skip_and_changed_since(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    review = tmp_path / "review.xlsx"
    manager_changes_participants(nano, tmp_path, 95)
    edit(review, "member", "Alpha s.r.o.", status="verified", review_note="agreement seen")
    edit(review, "event", "Cluster day", status="verified")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    problems = [ln for ln in run.err.splitlines() if ln.startswith(str(review.name))]
    assert len(problems) == 1, run.err
    assert ":event:2:" in problems[0]
    assert "the manager changed participants since your export" in problems[0]
    assert "--skip-conflicts" in problems[0]
    assert {r["status"] for r in records(nano).values()} == {"submitted"}  # nothing written

    run = nano(
        "import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana", "--skip-conflicts"
    )
    assert run.code == 0, run
    assert "warning: conflict" in run.err and "participants" in run.err
    assert "1 row(s) skipped as conflicts" in run.out
    now = records(nano)
    assert now["Alpha s.r.o."]["status"] == "verified"
    assert now["Cluster day"]["status"] == "submitted" and now["Cluster day"]["participants"] == 95

    time.sleep(1.1)  # the store keeps whole seconds: Alpha's verdict came before this export
    run = nano(
        "evidence", "export", "redo.xlsx", "--cluster", "nano", "--changed-since", "review.xlsx"
    )
    assert run.code == 0 and "Wrote 1 records changed since review.xlsx" in run.out, run
    redo = tmp_path / "redo.xlsx"
    assert [r["title"] for r in cells(redo, "event")] == ["Cluster day"]
    assert cells(redo, "event")[0]["participants"] == 95
    assert cells(redo, "member") == []  # Alpha verified as asked, Beta untouched
    edit(redo, "event", "Cluster day", status="verified", review_note="95 on the list")
    run = nano("import", "redo.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 0 and "1 review entries" in run.out, run
    assert records(nano)["Cluster day"]["status"] == "verified"
    run = nano(
        "evidence", "export", "again.xlsx", "--cluster", "nano", "--changed-since", "redo.xlsx"
    )
    assert run.code == 0 and "Wrote 0 records" in run.out, run


def test_changed_since_a_folder_or_a_device_says_what_it_is(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    """`--changed-since` of a folder or /dev/zero said "no such file", which they are."""
    (tmp_path / "exports").mkdir()
    for given, said in [
        ("gone.xlsx", "gone.xlsx: no such file; --changed-since takes an earlier export"),
        ("exports", "exports: is a folder, not a file; --changed-since takes an earlier export"),
        ("/dev/zero", "/dev/zero: not a regular file (a pipe, device or socket)"),
    ]:
        run = nano("evidence", "export", "x.xlsx", "--cluster", "nano", "--changed-since", given)
        assert run.code == 1 and said in run.err, run
        assert not (tmp_path / "x.xlsx").exists()


def test_another_verdict_since_the_export_is_a_conflict_naming_it(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    alpha = records(nano)["Alpha s.r.o."]["id"]
    run = nano(
        "evidence", "review", alpha, "--cluster", "nano", "--status", "needs_info",
        "--reviewer", "Eva", "--note", "agreement?",
    )  # fmt: skip
    assert run.code == 0, run
    edit(tmp_path / "review.xlsx", "member", "Alpha s.r.o.", status="verified")
    edit(tmp_path / "review.xlsx", "member", "Beta University", review_note="seen the statutes")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert "member:3: conflict: " in run.err
    assert "its status went from 'submitted' to 'needs_info'" in run.err
    assert "manager" not in run.err  # the content did not change
    run = nano(
        "import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana", "--skip-conflicts"
    )
    assert run.code == 0 and "1 review entries" in run.out, run  # Beta's note
    assert records(nano)["Alpha s.r.o."]["status"] == "needs_info"
    assert nano("evidence", "export", "now.xlsx", "--cluster", "nano").code == 0
    last = {r["title"]: r["last_review"] for r in cells(tmp_path / "now.xlsx", "member")}
    assert last["Beta University"].endswith("Jana: submitted -> submitted (seen the statutes)")


def test_typing_the_current_digest_does_not_write_old_values_back(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    manager_changes_participants(nano, tmp_path, 95)
    assert nano("evidence", "export", "fresh.xlsx", "--cluster", "nano").code == 0
    current = cells(tmp_path / "fresh.xlsx", "event")[0]["digest"]
    edit(tmp_path / "review.xlsx", "event", "Cluster day", digest=current, status="verified")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert (
        "event:2:participants: participants: '80' in your file, '95' in the store: a review "
        "changes status and notes only; the manager edits with `clex evidence edit`"
    ) in run.err
    event = records(nano)["Cluster day"]
    assert event["participants"] == 95 and event["status"] == "submitted"


def test_a_deleted_emptied_or_edited_digest_is_refused(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    review = tmp_path / "review.xlsx"
    wb = load_workbook(review)
    ws = wb["member"]
    ws.delete_cols([c.value for c in ws[1]].index("digest") + 1)
    wb.save(tmp_path / "deleted.xlsx")
    edit(tmp_path / "deleted.xlsx", "member", "Alpha s.r.o.", status="verified")
    run = nano("import", "deleted.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert "deleted.xlsx:member:digest: no digest in row(s) 2, 3: a review import" in run.err

    edit(review, "event", "Cluster day", digest=None, status="verified")
    edit(review, "member", "Alpha s.r.o.", digest="0123456789abcdef", status="verified")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert "review.xlsx:event:digest: no digest in row(s) 2" in run.err
    assert "member:3:digest: the digest of" in run.err and "matches no state" in run.err
    assert {r["status"] for r in records(nano).values()} == {"submitted"}

    beta = cells(tmp_path / "deleted.xlsx", "member")[0]
    assert beta["title"] == "Beta University"
    copied = tmp_path / "copied.xlsx"
    assert nano("evidence", "export", "copied.xlsx", "--cluster", "nano").code == 0
    digest = next(r["digest"] for r in cells(copied, "member") if r["title"] == "Beta University")
    edit(copied, "member", "Alpha s.r.o.", digest=digest, status="verified")
    run = nano("import", "copied.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1 and "member:3:digest: the digest of" in run.err, run


def test_an_auditor_changing_a_title_is_refused(nano: Callable[..., Run], tmp_path: Path) -> None:
    edit(tmp_path / "review.xlsx", "member", "Alpha s.r.o.", title="Alpha a.s.", status="verified")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert (
        "member:3:title: title: 'Alpha a.s.' in your file, 'Alpha s.r.o.' in the store: "
        "a review changes status and notes only"
    ) in run.err
    assert set(records(nano)) == {"Alpha s.r.o.", "Beta University", "Cluster day"}


def test_a_typo_in_an_id_is_refused_and_creates_nothing(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    review = tmp_path / "review.xlsx"
    rid = cells(review, "member")[0]["id"]
    typo = rid[:-1] + ("0" if rid[-1] != "0" else "1")
    edit(review, "member", "Alpha s.r.o.", id=typo, status="verified")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert f"member:3:id: no evidence record {typo!r} in cluster 'nano'" in run.err
    assert f"did you mean {rid}?" in run.err
    assert len(records(nano)) == 3
    # a review import of plain evidence creates nothing either
    (tmp_path / "new.yaml").write_text(
        "- {kind: member, title: Gamma, type: sme, start: 2020-01-01, status: verified}\n",
        encoding="utf-8",
    )
    run = nano("import", "new.yaml", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert "new.yaml:1:id: a row without an id: a review never creates records" in run.err
    assert "no evidence record" not in run.err  # no id the auditor never typed
    assert len(records(nano)) == 3


def test_a_row_without_an_id_is_refused_as_such(nano: Callable[..., Run], tmp_path: Path) -> None:
    """The auditor cleared an id cell: the row names no record; the message never shows
    the id its natural key makes (one the auditor never typed)."""
    edit(tmp_path / "review.xlsx", "member", "Alpha s.r.o.", id=None, status="verified")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert "member:3:id: a row without an id: a review never creates records" in run.err
    assert "no evidence record" not in run.err and "mem-" not in run.err
    assert {r["status"] for r in records(nano).values()} == {"submitted"}


def test_four_eyes(nano: Callable[..., Run], tmp_path: Path) -> None:
    alpha = records(nano)["Alpha s.r.o."]["id"]
    beta = records(nano)["Beta University"]["id"]
    for rid in (alpha, beta):  # Petr (the manager) submits them under his name
        run = nano(
            "evidence", "review", rid, "--cluster", "nano", "--status", "submitted",
            "--reviewer", "Petr Novak",
        )  # fmt: skip
        assert run.code == 0, run
    run = nano(
        "evidence", "review", alpha, "--cluster", "nano", "--status", "verified",
        "--reviewer", "petr  novak",
    )  # fmt: skip
    assert run.code == 1 and "four eyes: petr  novak created, submitted or edited" in run.err, run
    assert nano("evidence", "export", "four.xlsx", "--cluster", "nano").code == 0
    edit(tmp_path / "four.xlsx", "member", "Alpha s.r.o.", status="verified")
    edit(tmp_path / "four.xlsx", "member", "Beta University", status="needs_info")
    run = nano("import", "four.xlsx", "--cluster", "nano", "--reviewer", "Petr Novak")
    assert run.code == 1, run
    assert "member:3:status: four eyes: Petr Novak" in run.err
    assert "Beta" not in run.err  # asking for information is no verdict on his own work
    assert records(nano)["Alpha s.r.o."]["status"] == "submitted"
    run = nano("import", "four.xlsx", "--cluster", "nano", "--reviewer", "Jana Auditor")
    assert run.code == 0 and "2 review entries" in run.out, run
    now = records(nano)
    assert now["Alpha s.r.o."]["status"] == "verified"
    assert now["Beta University"]["status"] == "needs_info"


def test_a_review_neither_withdraws_nor_restores(nano: Callable[..., Run]) -> None:
    alpha = records(nano)["Alpha s.r.o."]["id"]
    run = nano(
        "evidence", "review", alpha, "--cluster", "nano", "--status", "withdrawn",
        "--reviewer", "Jana",
    )  # fmt: skip
    assert run.code == 1 and "`clex evidence withdraw ID --reason ...`" in run.err, run
    assert records(nano)["Alpha s.r.o."]["status"] == "submitted"


def test_a_withdrawn_record_is_not_reviewed(nano: Callable[..., Run], tmp_path: Path) -> None:
    """The manager withdrew Alpha; neither a review by hand nor a review workbook
    brings it back."""
    alpha = records(nano)["Alpha s.r.o."]["id"]
    run = nano("evidence", "withdraw", alpha, "--cluster", "nano", "--reason", "left in 2023")
    assert run.code == 0, run
    assert nano("evidence", "export", "w.xlsx", "--cluster", "nano").code == 0
    assert cells(tmp_path / "w.xlsx", "member")[1]["status"] == "withdrawn"
    # the status cell still says withdrawn, a note added: left alone, nothing logged
    edit(tmp_path / "w.xlsx", "member", "Alpha s.r.o.", review_note="left in 2023?")
    run = nano("import", "w.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 0 and "0 review entries" in run.out, run
    warning = f"warning: {alpha} is withdrawn by the manager: a review cannot change it"
    assert warning in run.err
    history = nano("evidence", "history", alpha, "--cluster", "nano", "--json")
    assert "withdrawn -> withdrawn" not in history.out
    assert history.code == 0 and "left in 2023?" not in history.out, history
    # set to verified: the same warning, not the one about withdrawing
    edit(tmp_path / "w.xlsx", "member", "Alpha s.r.o.", status="verified")
    run = nano("import", "w.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 0 and warning in run.err, run
    assert "housekeeping" not in run.err and "0 review entries" in run.out
    # an untouched row of a withdrawn record says nothing
    assert nano("evidence", "export", "w2.xlsx", "--cluster", "nano").code == 0
    run = nano("import", "w2.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 0 and "withdrawn" not in run.err, run
    # withdrawing in a workbook is still the manager's
    edit(tmp_path / "w2.xlsx", "member", "Beta University", status="withdrawn")
    run = nano("import", "w2.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1 and "member:2:status: withdrawing is the manager's" in run.err, run
    run = nano(
        "evidence", "review", alpha, "--cluster", "nano", "--status", "verified",
        "--reviewer", "Jana",
    )  # fmt: skip
    assert run.code == 1 and f"`clex evidence restore {alpha}` first" in run.err
    assert records(nano)["Alpha s.r.o."]["status"] == "withdrawn"


def test_skip_conflicts_needs_a_review_import(nano: Callable[..., Run]) -> None:
    run = nano("import", "review.xlsx", "--cluster", "nano", "--skip-conflicts")
    assert run.code == 2 and "--reviewer" in run.err, run
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", " ")
    assert run.code == 2 and "--reviewer needs the reviewer's name" in run.err, run


def test_changed_since_needs_an_export(nano: Callable[..., Run], tmp_path: Path) -> None:
    run = nano("evidence", "export", "x.xlsx", "--cluster", "nano", "--changed-since", "ev.yaml")
    assert run.code == 1 and "no digest column" in run.err, run
    assert not (tmp_path / "x.xlsx").exists()


def test_four_eyes_knows_who_imported_or_edited(nano: Callable[..., Run]) -> None:
    """The authors include the change log's users: whoever edited a record (`--user`)
    cannot verify it, by hand or in a workbook; another reviewer can."""
    gamma = records(nano)["Alpha s.r.o."]["id"]
    run = nano(
        "evidence", "edit", gamma, "title=Alpha a.s.", "--cluster", "nano", "--user", "Eva Kral"
    )  # fmt: skip
    assert run.code == 0, run
    run = nano(
        "evidence", "review", gamma, "--cluster", "nano", "--status", "verified",
        "--reviewer", "Eva Kral",
    )  # fmt: skip
    assert run.code == 1 and "four eyes: Eva Kral" in run.err, run
    run = nano(
        "evidence", "review", gamma, "--cluster", "nano", "--status", "verified",
        "--reviewer", "Jana Auditor",
    )  # fmt: skip
    assert run.code == 0, run
    assert records(nano)["Alpha a.s."]["status"] == "verified"


def test_a_dry_run_shows_the_status_and_note_it_would_set(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    edit(tmp_path / "review.xlsx", "member", "Alpha s.r.o.", status="verified", review_note="ok")
    args = ("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana", "--dry-run")
    run = nano(*args, "--json")
    assert run.code == 0, run
    changes = {r["title"]: r["changes"] for r in json.loads(run.out)["records"]}
    assert changes["Alpha s.r.o."] == [
        {"field": "status", "old": "submitted", "new": "verified"},
        {"field": "review_note", "old": None, "new": "ok"},
    ]
    assert changes["Beta University"] == [] and changes["Cluster day"] == []
    run = nano(*args)
    assert run.code == 0 and "status: 'submitted' -> 'verified'" in " ".join(run.out.split()), run
    assert records(nano)["Alpha s.r.o."]["status"] == "submitted"  # nothing written


def test_a_review_never_sets_draft(nano: Callable[..., Run], tmp_path: Path) -> None:
    edit(tmp_path / "review.xlsx", "member", "Beta University", status="draft")
    edit(tmp_path / "review.xlsx", "member", "Alpha s.r.o.", status="needs_info")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert "member:2:status: draft is the manager's" in run.err
    assert "verified, rejected, needs_info or submitted" in run.err
    assert {r["status"] for r in records(nano).values()} == {"submitted"}  # nothing written
    beta = records(nano)["Beta University"]["id"]
    run = nano(
        "evidence", "review", beta, "--cluster", "nano", "--status", "draft", "--reviewer", "Jana"
    )  # fmt: skip
    assert run.code == 1 and "draft is the manager's" in run.err, run
    assert records(nano)["Beta University"]["status"] == "submitted"


def test_a_reviewer_cell_naming_someone_else_is_refused(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    review = tmp_path / "review.xlsx"
    edit(review, "member", "Alpha s.r.o.", status="verified", reviewer="Petr Novak")
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 1, run
    assert (
        "member:3:reviewer: reviewer: 'Petr Novak' in your file, but the reviewer is "
        "--reviewer Jana; clear the cell"
    ) in run.err
    assert records(nano)["Alpha s.r.o."]["status"] == "submitted"
    edit(review, "member", "Alpha s.r.o.", reviewer=" jana ")  # the same person
    run = nano("import", "review.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert run.code == 0 and "1 review entries" in run.out, run
    assert records(nano)["Alpha s.r.o."]["status"] == "verified"


def test_changed_since_leaves_withdrawn_records_out(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    alpha = records(nano)["Alpha s.r.o."]["id"]
    run = nano("evidence", "withdraw", alpha, "--cluster", "nano", "--reason", "left")
    assert run.code == 0, run
    manager_changes_participants(nano, tmp_path, 95)
    run = nano(
        "evidence", "export", "redo.xlsx", "--cluster", "nano", "--changed-since", "review.xlsx"
    )
    assert run.code == 0 and "Wrote 1 records changed since review.xlsx" in run.out, run
    assert cells(tmp_path / "redo.xlsx", "member") == []
    assert [r["title"] for r in cells(tmp_path / "redo.xlsx", "event")] == ["Cluster day"]
