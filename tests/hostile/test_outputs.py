"""Outputs where they cannot be written, and two writers of one file (issue 21, item 4):
a read-only folder and a full disk are exit 3 with the path, no temporary file is left
behind, an existing target is untouched and the store unchanged; two `clex report` runs
to one path leave one whole PDF (`qpdf --check`)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import EXISTING, Watch, Workspace, expect, finish, start

WRITERS = {
    "template": ["template", "{d}/t.xlsx"],
    "assess": ["assess", "--cluster", "nano", "--period", "2024", "-o", "{d}/s.json"],
    "report-xlsx": ["report", "plain.json", "-o", "{d}/r.xlsx"],
    "report-over-existing": ["report", "plain.json", "-o", "{d}/existing.pdf", "--force"],
    "evidence-export": ["evidence", "export", "{d}/e.xlsx", "--cluster", "nano"],
    "demo": ["demo", "--out", "{d}/demo"],
}


def _args(args: list[str], folder: Path) -> list[str]:
    return [a.replace("{d}", str(folder)) for a in args]


@pytest.mark.parametrize("writer", list(WRITERS))
def test_output_into_a_read_only_folder(ws: Workspace, ro_dir: Path, writer: str) -> None:
    watch = Watch(ws.plain, [ro_dir, ws.path])
    expect(ws.run(*_args(WRITERS[writer], ro_dir)), 3, str(ro_dir))
    watch.unchanged()
    assert (ro_dir / "existing.pdf").read_bytes() == EXISTING


@pytest.mark.parametrize("writer", [*WRITERS, "store-on-full-disk"])
def test_output_onto_a_full_disk(ws: Workspace, full_dir: Path, writer: str) -> None:
    if writer == "store-on-full-disk":
        (ws.path / "in.yaml").write_text(
            "".join(
                f"- {{kind: member, title: M{i} {'x' * 200}, start: 2020-01-01}}\n"
                for i in range(200)
            ),
            encoding="utf-8",
        )
        args, db = ["import", "in.yaml", "--cluster", "nano"], str(full_dir / "plain.db")
    else:
        args, db = _args(WRITERS[writer], full_dir), ws.plain
    watch = Watch(db, [full_dir, ws.path])
    expect(ws.run(*args, db=db), 3, str(full_dir))
    watch.unchanged()
    assert (full_dir / "existing.pdf").read_bytes() == EXISTING


def test_an_over_long_output_name(ws: Workspace) -> None:
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("assess", "--cluster", "nano", "--period", "2024", "-o", "x" * 300 + ".json")
    expect(run, 3, "xxxxxxxx")
    watch.unchanged()


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_two_reports_to_one_path_at_once(ws: Workspace) -> None:
    """Both finish; each either wrote the whole PDF or was refused because the other's
    file was there (exit 2): the file passes `qpdf --check`, no temporary file stays."""
    watch = Watch(ws.plain, [ws.path])
    args = ["report", "plain.json", "-o", "same.pdf"]
    started = time.monotonic()
    procs = [start(args, cwd=ws.path, db=ws.plain) for _ in range(2)]
    runs = [finish(p, args, started, 180) for p in procs]
    for run in runs:
        expect(run, (0, 2), "same.pdf")
    assert 0 in [r.code for r in runs], runs
    check = subprocess.run(
        ["qpdf", "--check", str(ws.path / "same.pdf")], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    watch.unchanged("same.pdf")
