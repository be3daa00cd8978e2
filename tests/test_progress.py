"""Progress of the commands that take seconds (`clex.progress`), as a user sees it.

Each command runs as a process, its stderr a pipe as in a script or CI: there it shows
no progress unless `--progress` asks for it, and then only on stderr, never with
`--json`; what it prints on stdout is the same with progress or without.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write_members
from tests.test_assess_cli import EVIDENCE

MEMBERS = 1200  # rows of the import: the importer reports every 500


@pytest.fixture
def work(clex_process: Callable[..., Run], tmp_path: Path) -> Path:
    """A store with a cluster, its evidence and two snapshots of it."""
    run = clex_process("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ")
    assert run.code == 0, run
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert clex_process("import", "ev.yaml", "--cluster", "nano").code == 0
    for year in ("2023", "2024"):
        args = ["--cluster", "nano", "--period", year, "--as-of", "2026-01-15"]
        assert clex_process("assess", *args, "-o", f"y{year}.json").code == 0
    peers = tmp_path / "peers"
    peers.mkdir()
    for n in range(5):
        shutil.copy(tmp_path / "y2024.json", peers / f"p{n}.json")
    return tmp_path


# (the command, what its progress says while it runs)
COMMANDS = [
    (
        ["assess", "--cluster", "nano", "--period", "2024", "-o", "again.json", "--force"],
        ["Assessing nano, 2024-01-01 to 2024-12-31", "Writing the snapshot"],
    ),
    (["verify", "y2024.json"], ["Reading the snapshot", "Assessing again from the store"]),
    (["compare", "y2023.json", "y2024.json"], ["Reading the snapshots: 2 of 2", "Comparing"]),
    (["benchmark", "y2024.json", "--peers", "peers"], ["Reading the peers' snapshots"]),
    (["evidence", "validate", "--cluster", "nano"], ["Checking the stored values of nano"]),
    (
        ["evidence", "export", "--cluster", "nano", "out.xlsx", "--force"],
        ["Exporting the records of nano to out.xlsx"],
    ),
    (["import", "undo", "1", "--dry-run"], ["Undoing batch 1"]),
]
NO_JSON = ("export", "undo")  # commands without --json


@pytest.mark.parametrize(("args", "says"), COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_progress_only_when_asked_and_only_on_stderr(
    clex_process: Callable[..., Run], work: Path, args: list[str], says: list[str]
) -> None:
    quiet = clex_process(*args)
    assert quiet.code == 0, quiet
    assert quiet.err == ""  # stderr is no terminal: nothing but problems on it
    shown = clex_process(*args, "--progress")
    assert shown.code == 0, shown
    for words in says:
        assert words in shown.err, shown.err
    assert shown.out == quiet.out  # the result is the same with progress or without


@pytest.mark.parametrize(
    "args", [a for a, _ in COMMANDS if not set(NO_JSON) & set(a)], ids=lambda a: " ".join(a[:2])
)
def test_no_progress_with_json(
    clex_process: Callable[..., Run], work: Path, args: list[str]
) -> None:
    run = clex_process(*args, "--json", "--progress")
    assert run.code == 0, run
    json.loads(run.out)  # stdout is the JSON and nothing else
    assert run.err == ""


def test_the_import_counts_its_rows(clex_process: Callable[..., Run], work: Path) -> None:
    write_members(work / "members.yaml", MEMBERS)
    args = ["import", "members.yaml", "--cluster", "nano", "--dry-run"]
    quiet = clex_process(*args)
    assert quiet.code == 0, quiet
    assert "Importing" not in quiet.err
    shown = clex_process(*args, "--progress")
    assert shown.code == 0, shown
    assert "Importing: 1000 rows" in shown.err, shown.err
    assert shown.out == quiet.out
    as_json = clex_process(*args, "--progress", "--json")
    assert json.loads(as_json.out)["dry_run"] is True
    assert as_json.err == ""


def test_text_from_data_is_shown_as_text(clex_process: Callable[..., Run], work: Path) -> None:
    """A file name with an escape sequence or markup reaches the display cleaned."""
    name = "out[bold]\x1b]0;owned\x07.xlsx"
    run = clex_process("evidence", "export", "--cluster", "nano", name, "--progress")
    assert run.code == 0, run
    assert "\x1b]0;owned" not in run.err
    assert "Exporting the records of nano to out[bold].xlsx" in run.err
