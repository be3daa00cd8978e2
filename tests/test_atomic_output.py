"""Every file clex writes is put in place whole and checked, or not at all (issue 21):
`evidence.outfile` itself, two reports written to one path at once, and every writer
on a read-only folder and a full disk (small tmpfs mounts, skipped where the test cannot
mount one): exit 3 naming the file, nothing half-written, no temporary file left."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence.findings import MachineError
from evidence.outfile import TEMP_SUFFIX, output_file, pdf_problem, write_text, zip_problem
from tests.conftest import run_process, start_process
from tests.test_assess_cli import EVIDENCE

AS_OF = ("--as-of", "2026-01-15")


def leftovers(folder: Path, *expected: str) -> list[str]:
    """What is in `folder` besides `expected`: a partial output or a temporary file."""
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


# -- the module ---------------------------------------------------------------------------


def test_the_target_is_replaced_only_when_the_write_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), output_file(target) as tmp:
        tmp.write_text("half")
        assert target.read_text() == "old"
        raise RuntimeError("the writer failed")
    assert target.read_text() == "old"
    assert leftovers(tmp_path, "out.txt") == []
    write_text(target, "new")
    assert target.read_text() == "new"
    assert leftovers(tmp_path, "out.txt") == []


def test_each_write_has_a_temporary_file_of_its_own(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with output_file(target) as one, output_file(target) as two:
        assert one != two and one.parent == two.parent == tmp_path
        assert one.name.endswith(TEMP_SUFFIX)
        one.write_text("one")
        two.write_text("two")
    assert target.read_text() == "one"  # the last one moved into place wins, whole
    assert leftovers(tmp_path, "out.txt") == []


def test_a_write_that_fails_its_check_is_not_put_in_place(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    with pytest.raises(MachineError) as err, output_file(target, check=pdf_problem) as tmp:
        tmp.write_bytes(b"%PDF-1.7\n1 0 obj\n<<")  # cut short
    assert str(err.value).startswith(f"{target}: not written: the PDF is incomplete")
    assert not target.exists() and leftovers(tmp_path) == []
    with pytest.raises(MachineError), output_file(tmp_path / "w.xlsx", check=zip_problem) as tmp:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("xl/workbook.xml", "<workbook/>")
        tmp.write_bytes(tmp.read_bytes()[:-30])  # the central directory cut off
    assert leftovers(tmp_path) == []


def test_the_file_gets_the_permissions_a_plain_write_gives(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_text(tmp_path / "new.json", "{}")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644  # mkstemp's is 0600


# -- through the command line ---------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a cluster and its evidence, and a snapshot of it."""
    work = tmp_path_factory.mktemp("atomic")
    env = {"CLEX_DB": str(work / "clex.db")}
    (work / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    for args in (
        ["init", "--cluster", "nano", "--name", "Nano", "--country", "CZ"],
        ["import", "ev.yaml"],
        ["assess", "--period", "2024", *AS_OF, "-o", "snap.json"],
    ):
        run = run_process(args, cwd=work, env=env)
        assert run.code == 0, run
    return work


def clex(work: Path, *args: str) -> subprocess.Popen[str]:
    return start_process(args, cwd=work)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_two_reports_to_one_path_at_once(work: Path, tmp_path: Path, suffix: str) -> None:
    """Both finish (or one is refused: the file exists), and the file is whole: it was
    the same `OUT.part` for both, and 2 of 5 PDFs failed `qpdf --check`."""
    shutil.copy(work / "snap.json", tmp_path)
    out = tmp_path / f"r{suffix}"
    procs = [clex(work, "report", str(tmp_path / "snap.json"), "-o", str(out)) for _ in (1, 2)]
    runs = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    for code, _, err in runs:
        assert "Traceback" not in err
        assert code == 0 or (code == 2 and "exists" in err), runs
    assert any(code == 0 for code, _, _ in runs)
    assert leftovers(tmp_path, "snap.json", out.name) == []
    if suffix == ".pdf":
        if shutil.which("qpdf"):
            check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
            assert check.returncode == 0, check.stdout + check.stderr
        assert pdf_problem(out) is None
    else:
        assert zip_problem(out) is None
        with zipfile.ZipFile(out) as zf:
            assert zf.testzip() is None


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A read-only tmpfs and a full one (1 MiB, filled but for 8 KiB), as root mounts
    them; skipped where mounting is not allowed."""
    ro, full = tmp_path / "ro", tmp_path / "full"
    ro.mkdir()
    full.mkdir()
    made = []
    try:
        for folder, options in ((ro, "ro,size=1m"), (full, "size=1m")):
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
            made.append(folder)
        with contextlib.suppress(OSError), open(full / "filler", "wb") as fh:
            fh.write(b"\0" * (1024 * 1024))  # as much as fits
        filled = (full / "filler").stat().st_size
        (full / "filler").write_bytes(b"\0" * (filled - 8 * 1024))
        yield ro, full
    finally:
        for folder in made:
            subprocess.run(["umount", str(folder)], check=False)


# every command that writes a file the user names: (arguments, OUT stands for the file)
WRITERS = {
    "template": ("template", "OUT.xlsx"),
    "assess": ("assess", "--period", "2024", *AS_OF, "-o", "OUT.json"),
    "export": ("evidence", "export", "OUT.xlsx"),
    "report xlsx": ("report", "SNAP", "-o", "OUT.xlsx"),
    "report pdf": ("report", "SNAP", "-o", "OUT.pdf"),
    "demo": ("demo", "--out", "OUT"),
}


@pytest.mark.slow
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_read_only_folder_or_a_full_disk_is_exit_3(
    work: Path, mounted: tuple[Path, Path], writer: str
) -> None:
    for folder, problem in zip(
        mounted, ("cannot write in this folder", "no space left on the device"), strict=True
    ):
        before = leftovers(folder)
        out = folder / "out"
        args = [
            str(work / "snap.json") if a == "SNAP" else a.replace("OUT", str(out))
            for a in WRITERS[writer]
        ]
        if writer == "demo" and folder.name == "ro":
            problem = "read-only"
        run = run_process(args, cwd=work, env={"CLEX_DB": str(work / "clex.db")}, timeout=600)
        assert run.code == 3, run
        line = run.err.strip().splitlines()[-1]
        assert line.startswith(f"error: {folder}") and problem in line, run
        assert "; " in line  # what to do
        if writer != "demo":  # the demo's folder: made before the disk filled
            assert leftovers(folder) == before, run


def test_an_over_long_name_or_a_link_loop_is_no_traceback(work: Path, tmp_path: Path) -> None:
    env = {"CLEX_DB": str(work / "clex.db")}
    long = tmp_path / ("x" * 300 + ".xlsx")
    run = run_process(["template", str(long)], cwd=tmp_path, env=env)
    assert run.code == 3 and "the file name is too long; give a shorter name" in run.err, run
    (tmp_path / "loop.xlsx").symlink_to("loop.xlsx")
    run = run_process(["template", "loop.xlsx"], cwd=tmp_path, env=env)
    assert run.code == 2 and "exists" in run.err, run  # not the link silently replaced
    assert (tmp_path / "loop.xlsx").is_symlink()
