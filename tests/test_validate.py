"""The checks of `evidence.validate`, word for word, in process (SQLite only: no SQL here)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from evidence.findings import Finding, UserDataError
from evidence.ingest import import_files
from evidence.models import REVIEW_STATUSES, ClusterProfile
from evidence.readers import RawRow
from evidence.review import review
from evidence.store import Store
from evidence.validate import validate_row


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "clex.db"))
    s.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    return s


def _yaml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "ev.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_validate_row_names_each_bad_cell(tmp_path: Path) -> None:
    findings: list[Finding] = []
    row = RawRow(
        file="ev.csv",
        sheet=None,
        row=3,
        kind="member",
        cells={
            "title": ("title", "Alpha"),
            "start": ("start", "2024-13-01"),
            "status": ("status", "done"),
            "version": ("version", "two"),  # an old export's column: read and ignored
        },
    )
    checked = validate_row(row, "nano", tmp_path, findings)
    assert checked.record is None and checked.where == "3"
    assert [(str(f.location), str(f.message)) for f in findings] == [
        ("3:start", "'2024-13-01' is not a real date (no such day)"),
        ("3:status", f"'done' is not one of {', '.join(REVIEW_STATUSES)}"),
    ]  # the model's "start is required" is not repeated for a cell already refused


def test_same_record_twice_and_new_status_without_reviewer(store: Store, tmp_path: Path) -> None:
    path = _yaml(
        tmp_path,
        """\
        - {kind: member, title: Alpha, start: 2019-03-01}
        - {kind: member, title: Alpha, start: 2019-03-01}
        - {kind: member, title: Beta, start: 2019-03-01, status: verified}
        """,
    )
    with pytest.raises(UserDataError) as err:
        import_files(store, [path], cluster="nano")
    first, second = err.value.findings
    assert str(first.location) == "2" and first.record_id is not None
    assert first.message == (
        f"same record as 1 (member 'Alpha', id {first.record_id}); "
        "give each a distinct id or title, or keep one"
    )
    assert str(second.location) == "3"
    assert second.message == (
        "a new record cannot start as 'verified': import it as submitted, then review it "
        "(`clex evidence review ID --status verified --reviewer NAME`)"
    )
    assert store.records("nano") == []


def test_the_same_record_in_two_files_names_the_first_file(store: Store, tmp_path: Path) -> None:
    """Two files imported together: the second's row says which file held the record
    first ("a.yaml:1"), not a bare row number that reads as its own file's."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _yaml(tmp_path / "a", "- {kind: member, title: Alpha, start: 2019-03-01}\n")
    second = _yaml(
        tmp_path / "b",
        "- {kind: member, title: Gamma, start: 2019-03-01}\n"
        "- {kind: member, title: Alpha, start: 2019-03-01}\n",
    )
    with pytest.raises(UserDataError) as err:
        import_files(store, [first, second], cluster="nano")
    (found,) = err.value.findings
    assert found.file == str(second) and str(found.location) == "2"
    assert found.message.startswith(f"same record as {first}:1 (member 'Alpha'"), found.message
    assert store.records("nano") == []


def test_review_needs_a_known_status_and_a_reviewer(store: Store) -> None:
    with pytest.raises(UserDataError) as err:
        review(store, "nano", ["x"], status="done", reviewer="Jana")
    assert [f.message for f in err.value.findings] == [
        f"unknown status 'done'; use one of {', '.join(REVIEW_STATUSES)}"
    ]
    with pytest.raises(UserDataError) as err:
        review(store, "nano", ["x"], status="verified", reviewer="  ")
    assert [f.message for f in err.value.findings] == ["a review needs --reviewer NAME"]
