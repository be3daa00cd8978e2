"""The manager corrects the store as a user does, through `clex` (issue 17, items 1-3).

Each story runs the real command line in process on a real store (SQLite, and
PostgreSQL when CLEX_TEST_PG_URL is set: the `db_url` fixture), with workbooks written
by `clex` and filled in with openpyxl: a corrected title with the record's id updates
that record and the old title stops counting; a workbook without ids warns "possibly the
same"; edit, withdraw, restore and undo change what `clex assess` counts and are in the
history, field by field; an undo is undone; what cannot be done is refused with every
problem listed and nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, edit_rows
from tests.test_evidence_workbook import fill

MEMBERS = """\
- {kind: member, title: Alpha Nano s.r.o., type: sme, committed: yes, start: 2019-03-01}
- {kind: member, title: Beta University, type: university, committed: yes, start: 2016-09-01}
- {kind: event, title: Cluster day 2024, format: conference, role: organiser, start: 2024-05-14}
- {kind: event, title: Cluster day 2023, format: conference, role: organiser, start: 2023-05-16}
"""

Clex = Callable[..., Run]


@pytest.fixture
def run(clex: Clex, db_url: str, tmp_path: Path) -> Clex:
    """`clex` on the test's store, as the user Eva, with the cluster `nano` and its
    evidence imported from ev.yaml (batch 1)."""

    def go(*args: str, user: str = "Eva") -> Run:
        return clex(*args, env={"CLEX_DB": db_url, "CLEX_USER": user})

    assert go("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(MEMBERS, encoding="utf-8")
    done = go("import", "ev.yaml", "--cluster", "nano")
    assert done.code == 0 and "4 were created" in done.out, done
    return go


def ok(result: Run) -> Run:
    assert result.code == 0, result
    return result


def records(run: Clex) -> dict[str, dict[str, Any]]:
    """title -> record of every record of `nano`."""
    listed = json.loads(ok(run("evidence", "list", "--cluster", "nano", "--json")).out)
    return {r["title"]: r for r in listed}


def committed(run: Clex, tmp_path: Path) -> tuple[float, list[str]]:
    """S1 (committed members at the end of 2024) and the titles of the records behind it."""
    out = tmp_path / "s.json"
    # as of today (the default): the store's changes were made today
    ok(run("assess", "--cluster", "nano", "--period", "2024", "-o", str(out), "--force"))
    snap = json.loads(out.read_text(encoding="utf-8"))
    s1 = next(i for i in snap["indicators"] if i["id"] == "S1")
    titles = {e["id"]: e["title"] for e in snap["evidence"]}
    return s1["value"], sorted(titles[i] for i in s1["evidence_ids"])


def history(run: Clex, rid: str) -> list[dict[str, Any]]:
    return json.loads(ok(run("evidence", "history", rid, "--cluster", "nano", "--json")).out)[
        "history"
    ]


def test_a_corrected_title_with_the_id_updates_that_record(run: Clex, tmp_path: Path) -> None:
    """The manager exports, corrects a member's title in the workbook (the id column
    stays) and imports it: the same record changes, no second one appears, and the old
    title no longer counts in an assessment."""
    assert committed(run, tmp_path) == (2, ["Alpha Nano s.r.o.", "Beta University"])
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    ok(run("evidence", "export", "e.xlsx", "--cluster", "nano"))
    edit_rows(
        tmp_path / "e.xlsx",
        "member",
        where=("id", alpha),
        save_as=tmp_path / "fixed.xlsx",
        title="Alpha Nanofibres s.r.o.",
    )

    dry = ok(run("import", "fixed.xlsx", "--cluster", "nano", "--dry-run"))
    assert "title: 'Alpha Nano s.r.o.' -> 'Alpha Nanofibres s.r.o.'" in dry.out, dry
    done = ok(run("import", "fixed.xlsx", "--cluster", "nano"))
    assert "0 were created, 1 updated" in done.out, done
    assert committed(run, tmp_path) == (2, ["Alpha Nanofibres s.r.o.", "Beta University"])
    assert records(run)["Alpha Nanofibres s.r.o."]["id"] == alpha

    changed = [e for e in history(run, alpha) if e["what"] == "changed"]
    assert [(e["field"], e["old"], e["new"], e["who"]) for e in changed] == [
        ("title", "Alpha Nano s.r.o.", "Alpha Nanofibres s.r.o.", "Eva")
    ]
    assert changed[0]["from"].startswith("fixed.xlsx, sheet member, row ")
    # the record keeps where it was first imported from
    shown = json.loads(ok(run("evidence", "show", alpha, "--cluster", "nano", "--json")).out)
    assert shown["source"]["file"] == "ev.yaml"
    assert "title changed" in shown["last_change"]


def test_a_workbook_without_ids_warns_possibly_the_same(run: Clex, tmp_path: Path) -> None:
    """A corrected date typed into a fresh template (no id) is a new record, and the
    import says which stored record it may be; a yearly event the file also holds is
    not flagged."""
    ok(run("template", "t.xlsx"))
    fill(
        tmp_path / "t.xlsx",
        tmp_path / "new.xlsx",
        {
            "event": [
                # the 2024 cluster day on its real date: same title, another date
                {"title": "Cluster day 2024", "start": "15.5.2024", "format": "conference"},
                # a title with a typo corrected, same date
                {"title": "Cluster day 2023.", "start": date(2023, 5, 16), "format": "conference"},
                # a different event the same day: not similar enough
                {"title": "Board meeting", "start": date(2024, 5, 14), "format": "board_meeting"},
            ]
        },
    )
    stored = records(run)
    done = ok(run("import", "new.xlsx", "--cluster", "nano", "--dry-run"))
    day24, day23 = stored["Cluster day 2024"]["id"], stored["Cluster day 2023"]["id"]
    assert (
        f"possibly the same as {day24} ('Cluster day 2024', 2024-05-14): to correct that "
        f"record put {day24} in the id column; to keep both, ignore this"
    ) in done.err, done
    assert f"possibly the same as {day23} ('Cluster day 2023', 2023-05-16)" in done.err
    assert done.err.count("possibly the same") == 2, done
    assert "new.xlsx:event:2:" in done.err and "new.xlsx:event:3:" in done.err

    # the next year's edition, with last year's in the same file: nothing to warn about
    fill(
        tmp_path / "t.xlsx",
        tmp_path / "yearly.xlsx",
        {
            "event": [
                {
                    "title": "Cluster day 2024",
                    "start": date(2024, 5, 14),
                    "format": "conference",
                    "role": "organiser",
                },
                {"title": "Cluster day 2024", "start": date(2025, 5, 13), "format": "conference"},
            ]
        },
    )
    done = ok(run("import", "yearly.xlsx", "--cluster", "nano"))
    assert "possibly the same" not in done.err, done


def test_withdraw_restore_and_edit_change_what_counts(run: Clex, tmp_path: Path) -> None:
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    done = ok(run("evidence", "withdraw", alpha, "--cluster", "nano", "--reason", "left in 2023"))
    assert f"{alpha}: submitted -> withdrawn" in done.out
    assert committed(run, tmp_path) == (1, ["Beta University"])
    # a review neither sets nor clears it
    refused = run(
        *("evidence", "review", alpha, "--cluster", "nano"),
        *("--status", "verified", "--reviewer", "Jana"),
    )
    assert refused.code == 1 and "clex evidence restore" in refused.err, refused
    refused = run(
        *("evidence", "review", records(run)["Beta University"]["id"], "--cluster", "nano"),
        *("--status", "withdrawn", "--reviewer", "Jana"),
    )
    assert refused.code == 1 and "withdrawing is the manager's housekeeping" in refused.err
    # an import of its row leaves it alone and says how to restore it
    again = ok(run("import", "ev.yaml", "--cluster", "nano"))
    assert f"`clex evidence restore {alpha}`" in again.err, again
    assert records(run)["Alpha Nano s.r.o."]["status"] == "withdrawn"
    # an export holds it as withdrawn: imported again, its row is left alone; a row set
    # to withdrawn by hand is refused
    ok(run("evidence", "export", "e.xlsx", "--cluster", "nano"))
    again = ok(run("import", "e.xlsx", "--cluster", "nano"))
    assert f"`clex evidence restore {alpha}`" in again.err, again
    edit_rows(tmp_path / "e.xlsx", "member", save_as=tmp_path / "w.xlsx", status="withdrawn")
    refused = run("import", "w.xlsx", "--cluster", "nano", "--reviewer", "Jana")
    assert refused.code == 1, refused
    assert "w.xlsx:member:" in refused.err and "withdrawing is the manager's" in refused.err
    assert records(run)["Beta University"]["status"] == "submitted"

    ok(run("evidence", "restore", alpha, "--cluster", "nano", "--reason", "still a member"))
    assert committed(run, tmp_path) == (2, ["Alpha Nano s.r.o.", "Beta University"])

    # verified, then edited: it goes back to submitted, as after an import that changes it
    ok(
        run(
            "evidence",
            "review",
            alpha,
            "--cluster",
            "nano",
            "--status",
            "verified",
            "--reviewer",
            "Jana",
        )
    )
    done = ok(run("evidence", "edit", alpha, "--cluster", "nano", "committed=no", "start=1.3.2019"))
    assert f"{alpha}: committed: True -> False" in done.out, done
    assert "verified -> submitted" in done.out
    assert committed(run, tmp_path) == (1, ["Beta University"])

    entries = history(run, alpha)
    assert [(e["what"], e["field"], e["old"], e["new"]) for e in entries] == [
        ("created", None, None, None),
        ("status", "status", None, "submitted"),
        ("withdrawn", "status", "submitted", "withdrawn"),
        ("restored", "status", "withdrawn", "submitted"),
        ("status", "status", "submitted", "verified"),
        ("changed", "committed", True, False),
        ("status", "status", "verified", "submitted"),
    ]
    assert entries[2]["note"] == "left in 2023" and entries[2]["who"] == "Eva"
    assert entries[5]["from"] == "clex evidence edit" and entries[5]["who"] == "Eva"
    assert entries[0]["from"] == "ev.yaml, row 1"
    text = ok(run("evidence", "history", alpha, "--cluster", "nano")).out
    assert "withdrawn" in text and "left in 2023" in text and "clex evidence edit" in text


def test_edit_reads_cells_as_an_import_and_refuses_with_every_problem(run: Clex) -> None:
    day = records(run)["Cluster day 2024"]["id"]
    done = ok(
        run("evidence", "edit", day, "--cluster", "nano", "participants=1 250", "end=16.5.2024")
    )
    assert (
        "participants: (empty) -> 1250" in done.out and "end: (empty) -> '2024-05-16'" in done.out
    )
    refused = run(
        "evidence",
        "edit",
        day,
        "--cluster",
        "nano",
        "participants=many",
        "end=1.1.2020",
        "kind=member",
        "colour=red",
        "status=verified",
    )
    assert refused.code == 1, refused
    for message in (
        "kind: the kind cannot change",
        "event records have no field 'colour'",
        "status: the status is the auditor's",
    ):
        assert message in refused.err, refused
    refused = run("evidence", "edit", day, "--cluster", "nano", "participants=many", "end=1.1.2020")
    assert refused.code == 1
    assert f"{day}:participants: 'many' is not a number" in refused.err, refused
    assert "end 2020-01-01 is before start 2024-05-14" in refused.err
    assert records(run)["Cluster day 2024"]["participants"] == 1250  # nothing changed
    assert run("evidence", "edit", day, "--cluster", "nano", "title").code == 2  # usage
    # the template's column names are the fields they head: a member's "joined" and "left"
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    ok(run("evidence", "edit", alpha, "--cluster", "nano", "joined=1.2.2019", "left=31.12.2025"))
    member = records(run)["Alpha Nano s.r.o."]
    assert (member["start"], member["end"]) == ("2019-02-01", "2025-12-31")
    both = run("evidence", "edit", alpha, "--cluster", "nano", "start=1.1.2019", "joined=1.1.2020")
    assert both.code == 1 and "start and joined are both start: give it once" in both.err, both


def test_a_batch_number_beyond_the_stores_integers_is_no_batch(run: Clex) -> None:
    """`clex import undo 99999999999999999999999` was SQLite's OverflowError and a
    traceback; it is a batch the store does not have, said as for any other number."""
    for batch in ("99999999999999999999999", "-99999999999999999999999"):
        for dry in ([], ["--dry-run"]):
            refused = run("import", "undo", *dry, "--", batch)
            assert refused.code == 1, refused
            assert f"no batch {batch} in the store; `clex import list` shows them" in refused.err


def test_undo_an_import_and_undo_the_undo(run: Clex, tmp_path: Path) -> None:
    """Batch 2 creates a member and changes another; undoing it withdraws the new one and
    puts the old values back; undoing the undo applies it again."""
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    (tmp_path / "more.yaml").write_text(
        "- {kind: member, title: Gamma a.s., type: sme, committed: yes, start: 2020-01-01}\n"
        f"- {{id: {alpha}, kind: member, title: Alpha Nano s.r.o., type: sme, committed: no,"
        " start: 2019-03-01}\n",
        encoding="utf-8",
    )
    ok(run("import", "more.yaml", "--cluster", "nano", user="Petr"))
    gamma = records(run)["Gamma a.s."]["id"]
    assert committed(run, tmp_path) == (2, ["Beta University", "Gamma a.s."])
    listed = ok(run("import", "list", "--cluster", "nano")).out
    assert "clex import more.yaml --cluster nano" in listed and "Petr" in listed

    dry = ok(run("import", "undo", "2", "--dry-run"))
    assert f"{alpha}: committed: False -> True" in dry.out, dry
    assert f"{gamma}: submitted -> withdrawn" in dry.out
    assert "nothing was written" in dry.out
    assert committed(run, tmp_path) == (2, ["Beta University", "Gamma a.s."])
    assert len(json.loads(ok(run("import", "list", "--json")).out)) == 2

    done = ok(run("import", "undo", "2"))
    assert f"{alpha}: committed: False -> True" in done.out, done
    assert f"{gamma}: submitted -> withdrawn" in done.out
    assert "Batch 2 undone as batch 3" in done.out
    assert committed(run, tmp_path) == (2, ["Alpha Nano s.r.o.", "Beta University"])
    assert [e["what"] for e in history(run, alpha)][-1] == "undone"
    batches = json.loads(ok(run("import", "list", "--json")).out)
    assert [(b["id"], b["action"], b["undoes"], b["undone_by"]) for b in batches] == [
        (1, "import", None, None),
        (2, "import", None, 3),
        (3, "undo", 2, None),
    ]
    assert batches[1]["created"] == 1 and batches[1]["changed"] == 1

    # undoing it again is refused, saying which batch to undo instead
    refused = run("import", "undo", "2")
    assert refused.code == 1, refused
    assert "batch 2 was undone by 3: `clex import undo 3` applies it again" in refused.err

    done = ok(run("import", "undo", "3"))
    assert f"{gamma}: withdrawn -> submitted" in done.out, done
    assert committed(run, tmp_path) == (2, ["Beta University", "Gamma a.s."])
    refused = run("import", "undo", "2")
    assert refused.code == 1, refused
    assert "batch 2 was undone by 3 and re-applied by 4: undo 4" in refused.err, refused
    assert refused.err.count("batch 2 was") == 1
    # a later edit of one of its records is named as before
    ok(run("evidence", "edit", gamma, "--cluster", "nano", "notes=checked"))
    refused = run("import", "undo", "2")
    assert refused.code == 1 and f"{gamma}: notes changed by batch 5" in refused.err, refused


def test_undo_is_refused_when_a_later_change_touched_its_records(run: Clex) -> None:
    beta = records(run)["Beta University"]["id"]
    day = records(run)["Cluster day 2024"]["id"]
    ok(run("evidence", "edit", beta, "--cluster", "nano", "region=Liberec Region"))
    ok(
        run(
            "evidence",
            "review",
            day,
            "--cluster",
            "nano",
            "--status",
            "needs_info",
            "--reviewer",
            "Jana",
        )
    )
    refused = run("import", "undo", "1")
    assert refused.code == 1, refused
    assert f"{beta}: region changed by batch 2" in refused.err, refused
    assert f"{day}: status submitted -> needs_info by Jana" in refused.err
    assert "cannot undo batch 1: 2 of its record(s) changed after it" in refused.err
    assert len(records(run)) == 4 and all(r["status"] != "withdrawn" for r in records(run).values())
    assert run("import", "undo", "99").code == 1


def test_import_keeps_taking_files(run: Clex, tmp_path: Path) -> None:
    """`clex import` is a group, but any other first word is a file: `./undo` is one."""
    (tmp_path / "list.yaml").write_text(
        "- {kind: member, title: Listed Ltd, type: sme, start: 2020-01-01}\n", encoding="utf-8"
    )
    done = run("import", "list.yaml", "--cluster", "nano")
    assert done.code == 0 and "1 were created" in done.out, done
    (tmp_path / "undo").write_text("title\n", encoding="utf-8")
    done = run("import", "./undo", "--cluster", "nano")
    assert done.code == 1 and "undo: unsupported file type" in done.err, done
    done = run("import", "missing.xlsx", "--cluster", "nano")
    assert done.code == 1 and "missing.xlsx: no such file" in done.err, done
    assert "BATCH" in run("import", "undo", "--help").out


def test_the_change_log_names_who_created_and_changed_a_record(db_url: str, run: Clex) -> None:
    """The change log's half of a record's authors (four eyes): the user of the import
    that created it and of every edit, not a reviewer who only judged it."""
    from evidence.store import Store

    beta, day = records(run)["Beta University"]["id"], records(run)["Cluster day 2024"]["id"]
    ok(run("evidence", "edit", beta, "--cluster", "nano", "notes=founding member", user="Petr"))
    ok(
        run(
            "evidence",
            "review",
            day,
            "--cluster",
            "nano",
            "--status",
            "verified",
            "--reviewer",
            "Jana",
        )
    )
    store = Store(db_url)
    try:
        with store.read() as conn:
            actors = store.change_actors(conn, "nano", [beta, day, "nope"])
    finally:
        store.engine.dispose()
    assert actors == {beta: {"Eva", "Petr"}, day: {"Eva"}}


def test_the_change_log_is_append_only(db_url: str, run: Clex) -> None:
    from sqlalchemy import text

    from evidence.store import Store

    store = Store(db_url)
    try:
        for sql in ("UPDATE changes SET actor = 'x'", "DELETE FROM changes"):
            with pytest.raises(Exception, match="append-only"), store.write() as conn:
                conn.execute(text(sql))
    finally:
        store.engine.dispose()


def test_a_store_of_revision_0006_upgrades_and_its_history_reads(db_url: str) -> None:
    """A store from before batches keeps its review log; history and undo work on."""
    from sqlalchemy import text

    from evidence.store import Store
    from tests.conftest import store_at_revision

    with store_at_revision(db_url, "0006") as conn:
        conn.execute(
            text(
                "INSERT INTO evidence (cluster, id, kind, title, start, status, version, "
                "content_sha256, updated_at) VALUES ('nano', 'eve-1', 'event', 'Old day', "
                "'2024-01-01', 'submitted', 1, 'x', '2025-01-01 10:00:00+00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO review_log (cluster, record_id, at, reviewer, old_status, "
                "new_status, record_version) VALUES ('nano', 'eve-1', "
                "'2025-01-01 10:00:00+00:00', 'clex import', NULL, 'submitted', 1)"
            )
        )
    store = Store(db_url)
    try:
        from evidence.changes import withdraw
        from evidence.record_history import record_history

        done = withdraw(store, "nano", ["eve-1"], reason="gone", actor="Eva", command="test")
        assert done.batch == 1
        entries, _ = record_history(store, "nano", "eve-1")
        assert [(e["what"], e["batch"]) for e in entries] == [("status", None), ("withdrawn", 1)]
    finally:
        store.engine.dispose()


# -- review 17, F1 -------------------------------------------------------------------------
def test_an_id_names_one_record_of_one_kind(run: Clex, tmp_path: Path) -> None:
    """A row with an event's id on a member row is refused: it would wipe the event's
    fields (and an undo could not put them back); nothing changes."""
    day = records(run)["Cluster day 2024"]["id"]
    (tmp_path / "kind.yaml").write_text(
        f"- {{id: {day}, kind: member, title: Cluster day 2024, type: sme, start: 2024-05-14}}\n",
        encoding="utf-8",
    )
    refused = run("import", "kind.yaml", "--cluster", "nano")
    assert refused.code == 1, refused
    assert f"{day} is an event, not a member: an id names one record of one kind" in refused.err
    assert "Traceback" not in refused.err
    assert records(run)["Cluster day 2024"]["kind"] == "event"
    assert len(json.loads(ok(run("import", "list", "--json")).out)) == 1


def test_a_mistyped_id_is_refused_with_the_nearest(run: Clex, tmp_path: Path) -> None:
    """An id one character off a stored id never creates a record under the made-up id."""
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    typo = alpha[:-1] + ("0" if alpha[-1] != "0" else "1")
    (tmp_path / "typo.yaml").write_text(
        f"- {{id: {typo}, kind: member, title: Alpha Nano a.s., type: sme, start: 2019-03-01}}\n",
        encoding="utf-8",
    )
    refused = run("import", "typo.yaml", "--cluster", "nano")
    assert refused.code == 1, refused
    assert f"no record {typo}; did you mean {alpha}? (a new record: leave the id empty)" in (
        refused.err
    )
    assert len(records(run)) == 4
    # an id far from every stored one is still a new record of the manager's
    (tmp_path / "new.yaml").write_text(
        "- {id: mem-brand-new-1, kind: member, title: Delta a.s., type: sme, start: 2021-01-01}\n",
        encoding="utf-8",
    )
    assert "1 were created" in ok(run("import", "new.yaml", "--cluster", "nano")).out


def test_a_review_import_is_not_undone_and_names_its_reviewer(run: Clex, tmp_path: Path) -> None:
    """The manager cannot reverse the auditor's verdicts with `clex import undo`; the
    review's batch is the reviewer's, and a record's creation names the importing user."""
    day = records(run)["Cluster day 2024"]["id"]
    ok(run("evidence", "export", "r.xlsx", "--cluster", "nano"))
    edit_rows(tmp_path / "r.xlsx", "event", where=("id", day), status="verified")
    ok(run("import", "r.xlsx", "--cluster", "nano", "--reviewer", "Jana"))
    batches = json.loads(ok(run("import", "list", "--json")).out)
    assert [(b["id"], b["actor"]) for b in batches] == [(1, "Eva"), (2, "Jana")]

    refused = run("import", "undo", "2")
    assert refused.code == 1, refused
    assert (
        "batch 2 is a review import by Jana: a review is changed by another review: "
        "`clex evidence review`" in refused.err
    )
    assert records(run)["Cluster day 2024"]["status"] == "verified"
    assert len(json.loads(ok(run("import", "list", "--json")).out)) == 2

    statuses = [(e["who"], e["old"], e["new"]) for e in history(run, day) if e["what"] == "status"]
    assert statuses == [("Eva", None, "submitted"), ("Jana", "submitted", "verified")]
    assert all(e["who"] != "clex import" for e in history(run, day))


def test_a_column_the_file_leaves_out_keeps_the_stored_field(run: Clex, tmp_path: Path) -> None:
    """A CSV with only some columns changes those fields; the others stay as stored (only
    an empty cell in a column the file has clears a field)."""
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    (tmp_path / "few.csv").write_text(
        f"id,title,start,region\n{alpha},Alpha Nano s.r.o.,2019-03-01,Liberec Region\n",
        encoding="utf-8",
    )
    done = ok(run("import", "few.csv", "--cluster", "nano", "--kind", "member"))
    assert "0 were created, 1 updated" in done.out, done
    stored = records(run)["Alpha Nano s.r.o."]
    assert (stored["region"], stored["committed"], stored["type"]) == ("CZ-51", True, "sme")
    (tmp_path / "few.csv").write_text(
        f"id,title,start,region\n{alpha},Alpha Nano s.r.o.,2019-03-01,\n", encoding="utf-8"
    )
    ok(run("import", "few.csv", "--cluster", "nano", "--kind", "member"))
    stored = records(run)["Alpha Nano s.r.o."]
    assert (stored.get("region"), stored["committed"]) == (None, True)


def test_an_old_file_putting_back_an_edited_value_warns(run: Clex, tmp_path: Path) -> None:
    """The manager corrects a title with `clex evidence edit`, then imports the old source
    file again: the title goes back, with a warning naming the edit (dry run too). A file
    that changes its own earlier value back is not warned about. (An exported workbook
    with a stale digest is refused as a conflict before any of this.)"""
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    ok(run("evidence", "edit", alpha, "--cluster", "nano", "title=Alpha Nanofibres s.r.o."))
    today = date.today().isoformat()
    warning = (
        "title: puts back 'Alpha Nano s.r.o.' over 'Alpha Nanofibres s.r.o.' set by "
        f"`clex evidence edit` on {today} (batch 2)"
    )
    dry = ok(run("import", "ev.yaml", "--cluster", "nano", "--dry-run"))
    assert warning in dry.out + dry.err, dry
    assert records(run).get("Alpha Nanofibres s.r.o.") is not None
    done = ok(run("import", "ev.yaml", "--cluster", "nano"))
    assert warning in done.out + done.err, done
    assert "1 updated" in done.out, done

    # the file itself changes the title and back: its own values, no warning
    row = f"- {{id: {alpha}, kind: member, title: TITLE, type: sme, start: 2019-03-01}}\n"
    (tmp_path / "own.yaml").write_text(row.replace("TITLE", "Alpha N."), "utf-8")
    assert "1 updated" in ok(run("import", "own.yaml", "--cluster", "nano")).out
    (tmp_path / "own.yaml").write_text(row.replace("TITLE", "Alpha Nano s.r.o."), "utf-8")
    again = ok(run("import", "own.yaml", "--cluster", "nano"))
    assert "1 updated" in again.out and "puts back" not in again.out + again.err, again
    # another file putting that back is warned about
    (tmp_path / "other.yaml").write_text(row.replace("TITLE", "Alpha N."), "utf-8")
    other = ok(run("import", "other.yaml", "--cluster", "nano"))
    assert "title: puts back 'Alpha N.' over 'Alpha Nano s.r.o.' set by the import of " in (
        other.out + other.err
    ), other


def test_an_edit_cannot_make_a_record_the_same_as_another(run: Clex) -> None:
    """The duplicate rule holds for an edit: renaming a member to another member's title
    is refused, naming that record; nothing changes."""
    alpha = records(run)["Alpha Nano s.r.o."]["id"]
    beta = records(run)["Beta University"]["id"]
    refused = run("evidence", "edit", alpha, "--cluster", "nano", "title=beta  UNIVERSITY")
    assert refused.code == 1, refused
    assert f"same title as {beta} ('Beta University', 2016-09-01)" in refused.err, refused
    assert "Alpha Nano s.r.o." in records(run)
    # a different title is fine, and so is a title of a withdrawn record's
    ok(run("evidence", "withdraw", beta, "--cluster", "nano", "--reason", "left"))
    ok(run("evidence", "edit", alpha, "--cluster", "nano", "title=Beta University"))


def test_a_year_without_a_start_column_still_gives_the_span(run: Clex, tmp_path: Path) -> None:
    """A finance file with `year` and no `start` column: the year's span is the file's
    value, not a kept stored start."""
    (tmp_path / "fin.yaml").write_text(
        "- {kind: finance, title: Fees, year: 2023, amount_eur: 1000,"
        " source_type: membership_fees}\n",
        encoding="utf-8",
    )
    ok(run("import", "fin.yaml", "--cluster", "nano"))
    fees = records(run)["Fees"]
    assert fees["start"] == "2023-01-01", fees
    (tmp_path / "fin.csv").write_text(
        f"id,title,year,amount_eur,source_type\n{fees['id']},Fees,2024,1000,membership_fees\n",
        encoding="utf-8",
    )
    ok(run("import", "fin.csv", "--cluster", "nano", "--kind", "finance"))
    fees = records(run)["Fees"]
    assert (fees["start"], fees["end"], fees["year"]) == ("2024-01-01", "2024-12-31", 2024), fees
