"""The store against a real SQLite file and, when given, a real PostgreSQL.

Import is all or nothing, re-import changes nothing, a corrected file updates and keeps
the review history, the review log cannot be rewritten, the auditor's round trip
records reviews and refuses rows whose record changed after the export.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from evidence.findings import MachineError, UserDataError
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.review import export, review
from evidence.store import Store, StoreError

EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha s.r.o., type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta University, type: university, committed: yes, start: 1.9.2016}
    - {kind: event, title: Cluster day, format: conference, start: 2024-05-14, participants: 80}
    - {kind: project, title: Filters, partner_countries: "DE, AT", tags: "green, digital", start: 2023-01-01}
""")


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    s.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    return s


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_import_reimport_and_lists(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "ev.yaml", EVIDENCE)
    assert import_files(store, [path], cluster="nano").summary()["created"] == 4
    again = import_files(store, [path], cluster="nano").summary()
    assert again == {"rows": 4, "created": 0, "updated": 0, "unchanged": 4, "reviews": 0}
    project = store.records("nano", kind="project")[0]
    assert project.partner_countries == ("DE", "AT") and project.tags == ("green", "digital")
    assert len(store.records("nano")) == 4


def test_bad_row_stores_nothing(store: Store, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", EVIDENCE + "- {kind: member, title: X, start: 2024-13-01}\n")
    with pytest.raises(UserDataError) as err:
        import_files(store, [bad], cluster="nano")
    assert [str(f.location) for f in err.value.findings] == ["5:start"]
    assert store.records("nano") == []


def test_two_clusters_in_one_store(store: Store, tmp_path: Path) -> None:
    store.add_cluster(ClusterProfile(slug="other", name="Other"))
    path = write(tmp_path, "ev.yaml", EVIDENCE)
    import_files(store, [path], cluster="nano")
    import_files(store, [path], cluster="other")
    assert len(store.records("nano")) == len(store.records("other")) == 4
    with pytest.raises(StoreError, match="no cluster 'nope'"):
        store.cluster("nope")


def test_review_log_is_append_only(store: Store, tmp_path: Path) -> None:
    import_files(store, [write(tmp_path, "ev.yaml", EVIDENCE)], cluster="nano")
    rid = store.records("nano", kind="event")[0].id
    review(store, "nano", [rid], status="needs_info", reviewer="Eva", note="attendance list?")
    review(store, "nano", [rid], status="verified", reviewer="Eva", note="list seen")
    reviews, _ = store.history("nano", rid)
    assert [(r["old_status"], r["new_status"], r["reviewer"], r["note"]) for r in reviews] == [
        (None, "submitted", "clex import", None),
        ("submitted", "needs_info", "Eva", "attendance list?"),
        ("needs_info", "verified", "Eva", "list seen"),
    ]
    assert all(r["at"] is not None for r in reviews)
    for statement in ("UPDATE review_log SET note = 'x'", "DELETE FROM review_log"):
        with pytest.raises(MachineError, match="append-only"), store.write() as conn:
            conn.execute(text(statement))
    assert store.history("nano", rid)[0] == reviews


def _set(path: Path, sheet: str, title: str, **cells: object) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[heads.index("title")].value == title:
            for key, value in cells.items():
                row[heads.index(key)].value = value
    wb.save(path)


def test_auditor_round_trip(store: Store, tmp_path: Path) -> None:
    import_files(store, [write(tmp_path, "ev.yaml", EVIDENCE)], cluster="nano")
    out = tmp_path / "export.xlsx"
    assert export(store, "nano", out) == 4
    same = import_files(store, [out], cluster="nano").summary()
    assert same["unchanged"] == 4 and same["reviews"] == 0

    _set(out, "member", "Alpha s.r.o.", status="verified", review_note="agreement signed")
    _set(out, "event", "Cluster day", status="rejected", review_note="no attendance list")
    with pytest.raises(UserDataError, match="problem") as err:
        import_files(store, [out], cluster="nano")
    assert all("--reviewer" in f.message for f in err.value.findings)
    done = import_files(store, [out], cluster="nano", reviewer="Jana").summary()
    assert done == {"rows": 4, "created": 0, "updated": 0, "unchanged": 2, "reviews": 2}
    alpha = next(r for r in store.records("nano") if r.title == "Alpha s.r.o.")
    assert alpha.status == "verified"
    assert store.history("nano", alpha.id)[0][-1]["note"] == "agreement signed"
    assert import_files(store, [out], cluster="nano", reviewer="Jana").summary()["reviews"] == 0


def test_round_trip_refuses_rows_changed_after_export(store: Store, tmp_path: Path) -> None:
    src = write(tmp_path, "ev.yaml", EVIDENCE)
    import_files(store, [src], cluster="nano")
    out = tmp_path / "export.xlsx"
    export(store, "nano", out)
    write(tmp_path, "ev.yaml", EVIDENCE.replace("participants: 80", "participants: 95"))
    import_files(store, [src], cluster="nano")  # the manager corrects the event meanwhile
    _set(out, "event", "Cluster day", status="verified")
    _set(out, "member", "Alpha s.r.o.", status="verified")
    with pytest.raises(UserDataError) as err:
        import_files(store, [out], cluster="nano", reviewer="Jana")
    messages = [f.message for f in err.value.findings]
    assert len(messages) == 1 and messages[0].startswith("conflict: ")
    assert "the manager changed participants since your export" in messages[0]
    assert {r.status for r in store.records("nano")} == {"submitted"}


def test_manager_reimport_of_a_stale_export_is_a_conflict(store: Store, tmp_path: Path) -> None:
    """Without --reviewer the digest still guards content: an old export edited and
    imported again would write the old values over a newer correction."""
    src = write(tmp_path, "ev.yaml", EVIDENCE)
    import_files(store, [src], cluster="nano")
    out = tmp_path / "export.xlsx"
    export(store, "nano", out)
    write(tmp_path, "ev.yaml", EVIDENCE.replace("participants: 80", "participants: 95"))
    import_files(store, [src], cluster="nano")
    _set(out, "event", "Cluster day", city="Liberec")
    with pytest.raises(UserDataError) as err:
        import_files(store, [out], cluster="nano")
    assert [f.message.split(" (")[0] for f in err.value.findings] == [
        f"conflict: record {store.records('nano', kind='event')[0].id} changed in the store "
        "after this file was exported"
    ]
    review(store, "nano", [store.records("nano", kind="member")[0].id], status="verified",
           reviewer="Eva")  # fmt: skip
    export(store, "nano", out)  # a fresh export: the manager's edit applies
    _set(out, "event", "Cluster day", city="Liberec")
    assert import_files(store, [out], cluster="nano").summary()["updated"] == 1
    assert store.records("nano", kind="event")[0].participants == 95
