"""What `clex` prints when its output is not a terminal (a pipe, a file): plain columns,
no box drawing, no width limit, so nothing is wrapped or cut mid-word and `grep` finds
every word whole (`clex evidence history ID | grep needs_info` used to find nothing when
the table folded "needs_inf|o" at 80 columns). On a terminal the table stays boxed and
fitted to its width (tests/test_cli_in_process.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from clex.output import plain_table
from tests.conftest import CLEX_ENV, ROOT, Run
from tests.test_assess_cli import EVIDENCE

LONG_NOTE = (
    "the signed membership agreement is missing from the attachment; "
    "please add the scanned copy with both signatures and the date"
)
LONG_TITLE = "Nanofibre Technologies and Advanced Filtration Materials Research Institute Liberec"


def _store(clex: Callable[..., Run], tmp_path: Path) -> str:
    assert clex("init", "--cluster", "nano", "--name", "Nano").code == 0
    (tmp_path / "ev.yaml").write_text(
        EVIDENCE + f"- {{kind: member, title: {LONG_TITLE}, type: research, start: 2020-01-01}}\n",
        encoding="utf-8",
    )
    assert clex("import", "ev.yaml", "--cluster", "nano").code == 0
    listed = json.loads(clex("evidence", "list", "--json").out)
    alpha = next(r["id"] for r in listed if r["title"] == "Alpha")
    run = clex(
        "evidence", "review", alpha, "--status", "needs_info", "--reviewer", "Eva Novakova",
        "--note", LONG_NOTE,
    )  # fmt: skip
    assert run.code == 0, run
    return alpha


def test_history_piped_to_grep_finds_needs_info(clex: Callable[..., Run], tmp_path: Path) -> None:
    alpha = _store(clex, tmp_path)
    env = {**os.environ, **CLEX_ENV, "COLUMNS": "80", "CLEX_DB": str(tmp_path / "clex.db")}
    env.pop("TTY_COMPATIBLE", None)
    env.pop("FORCE_COLOR", None)
    command = (
        f'"{sys.executable}" -m clex evidence history {alpha} --cluster nano | grep needs_info'
    )
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done
    (line,) = done.stdout.splitlines()
    assert "submitted" in line and "needs_info" in line and "Eva Novakova" in line
    assert LONG_NOTE in line  # the note whole, on the same line, however wide
    assert not set("│┃┏━─") & set(done.stdout)


def test_a_table_that_is_not_on_a_terminal_is_plain_and_whole(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    _store(clex, tmp_path)
    run = clex("evidence", "list", "--cluster", "nano", env={"COLUMNS": "60"})
    assert run.code == 0, run
    lines = run.out.splitlines()
    assert lines[0] == "6 evidence records of nano"
    assert lines[1].split() == ["id", "kind", "start", "end", "status", "title"]
    assert any(line.endswith(LONG_TITLE) for line in lines)  # not cut at 70, not wrapped
    assert not set("│┃┏━─…") & set(run.out)
    status_at = lines[1].index("status")  # the columns line up under their header
    assert all(line[status_at:].split()[0] in ("submitted", "needs_info") for line in lines[2:])


def test_on_a_terminal_a_long_title_is_cut_at_a_word(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    _store(clex, tmp_path)
    run = clex("evidence", "list", "--cluster", "nano", env={"TTY_COMPATIBLE": "1"})
    assert run.code == 0 and "┏" in run.out, run
    assert "Advanced Filtration Materials Research…" in " ".join(run.out.split())


def test_plain_table_lines() -> None:
    assert plain_table("Title", ["a", "bb"], [["1", "two\nlines"], ["333", ""]]) == [
        "Title",
        "a    bb",
        "1    two lines",
        "333",
    ]


def test_history_on_an_80_column_terminal_splits_no_word(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    alpha = _store(clex, tmp_path)
    run = clex(
        "evidence", "history", alpha, "--user", "Jana Manager",
        env={"TTY_COMPATIBLE": "1", "COLUMNS": "80"},
    )  # fmt: skip
    assert run.code == 0, run
    assert all(len(line) <= 80 for line in run.out.splitlines()), run.out
    words = set(run.out.split())
    assert {"needs_info", "submitted", "Novakova", "created"} <= words, run.out
    for word in ["signed", "membership", "agreement", "attachment;", "signatures"]:
        assert word in words, run.out  # the note wrapped at spaces, never mid-word


def test_a_table_that_fits_an_80_column_terminal_stays_boxed(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    _store(clex, tmp_path)
    run = clex("import", "list", env={"TTY_COMPATIBLE": "1", "COLUMNS": "200"})
    assert run.code == 0 and "┏" in run.out, run


def test_columns_0_is_an_unknown_width_not_an_empty_output(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """COLUMNS=0 (some CI runners and editors' shells) made Rich's consoles zero wide:
    every command printed nothing at all and ended with exit 0, the help too."""
    _store(clex, tmp_path)
    for tty in ({}, {"TTY_COMPATIBLE": "1"}):
        run = clex("evidence", "list", "--cluster", "nano", env={"COLUMNS": "0", **tty})
        assert run.code == 0 and LONG_TITLE.split()[0] in run.out, run
        assert "6 evidence records of nano" in run.out, run
    run = clex("criteria", "list", env={"COLUMNS": "0", "LINES": "0"})
    assert run.code == 0 and "S1" in run.out, run
    run = clex("--help", env={"COLUMNS": "0"})
    assert run.code == 0 and "evidence" in run.out and "criteria" in run.out, run


def test_force_color_0_forces_no_colour(clex: Callable[..., Run], tmp_path: Path) -> None:
    """FORCE_COLOR=0 says "do not force colour" (Node's reading, CI files write it);
    Rich and Typer forced colour for any value not empty: a piped list was a boxed table
    of escape sequences, the help too. It prints as with FORCE_COLOR unset."""
    _store(clex, tmp_path)
    for value in ("0", "false"):
        colour = {"FORCE_COLOR": value, "NO_COLOR": ""}
        run = clex("evidence", "list", "--cluster", "nano", env=colour)
        assert run.code == 0 and "\x1b" not in run.out and not set("│┃┏━─") & set(run.out), run
        assert run.out == clex("evidence", "list", "--cluster", "nano", env={"NO_COLOR": ""}).out
    env = {**os.environ, **CLEX_ENV, "FORCE_COLOR": "0", "NO_COLOR": "", "PYTHONPATH": str(ROOT)}
    env.pop("TTY_COMPATIBLE", None)
    helped = subprocess.run(
        [sys.executable, "-m", "clex", "--help"], cwd=tmp_path, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert helped.returncode == 0 and "\x1b" not in helped.stdout, helped
    forced = clex("evidence", "list", "--cluster", "nano", env={"FORCE_COLOR": "1"})
    assert "┏" in forced.out, forced  # any other value still forces it


def test_an_output_that_cannot_say_every_character_is_no_traceback(tmp_path: Path) -> None:
    """A terminal in ISO-8859-2 (or a pipe with UTF-8 mode off) cannot say an en dash:
    a table writes "?" for it, JSON writes it as an ASCII escape (nothing lost), and a
    finished command exits 0. It was a UnicodeEncodeError traceback and exit 1."""
    db = str(tmp_path / "clex.db")
    (tmp_path / "ev.yaml").write_text(
        "- {kind: event, title: Workshop – Liberec, start: 2024-03-02, format: workshop}\n",
        encoding="utf-8",
    )

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, **CLEX_ENV, "CLEX_DB": db, "PYTHONIOENCODING": "iso-8859-2"}
        env.pop("PYTHONUTF8", None)
        return subprocess.run(
            [sys.executable, "-m", "clex", *args], cwd=tmp_path, env=env, capture_output=True
        )

    assert run("init", "--cluster", "nano", "--name", "Nano").returncode == 0
    assert run("import", "ev.yaml", "--cluster", "nano").returncode == 0
    table = run("evidence", "list", "--cluster", "nano")
    assert table.returncode == 0 and b"Traceback" not in table.stderr, table
    assert b"Workshop ? Liberec" in table.stdout
    listed = run("evidence", "list", "--cluster", "nano", "--json")
    assert listed.returncode == 0, listed
    assert b"\\u2013" in listed.stdout
    assert json.loads(listed.stdout)[0]["title"] == "Workshop – Liberec"


def test_a_reader_that_leaves_early_ends_the_run_with_141(tmp_path: Path) -> None:
    """`clex evidence list | head -1`: the rest goes nowhere, no traceback, and the exit
    code says "the reader left" (141, as SIGPIPE), not "the data has problems" (1)."""
    db = str(tmp_path / "clex.db")
    rows = "".join(
        f"- {{kind: event, title: Workshop {n}, start: 2024-01-01, format: workshop}}\n"
        for n in range(3000)
    )
    (tmp_path / "ev.yaml").write_text(rows, encoding="utf-8")
    env = {**os.environ, **CLEX_ENV, "CLEX_DB": db}
    env.pop("TTY_COMPATIBLE", None)
    clex = [sys.executable, "-m", "clex"]
    subprocess.run([*clex, "init", "--cluster", "nano", "--name", "N"], env=env, check=True)
    subprocess.run([*clex, "import", "ev.yaml"], cwd=tmp_path, env=env, check=True)
    with subprocess.Popen(
        [*clex, "evidence", "list"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as run:
        assert run.stdout is not None and run.stderr is not None
        first = run.stdout.readline()
        run.stdout.close()  # as `head -1` does, with some 200 KB still to come
        err = run.stderr.read()
        code = run.wait()
    assert first.startswith(b"3000 evidence records")
    assert code == 141 and b"Traceback" not in err, (code, err)


def _closed(tmp_path: Path, shut: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`clex ARGS` started with a standard stream closed (`shut`: '>&-' or '2>&-')."""
    env = {**os.environ, **CLEX_ENV, "CLEX_DB": str(tmp_path / "clex.db"), "PYTHONPATH": str(ROOT)}
    env.pop("TTY_COMPATIBLE", None)
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {shut}', "sh", sys.executable, "-m", "clex", *args],
        cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip


def test_a_closed_stdout_is_said_not_a_traceback_nor_silence(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """`clex ... >&-`: Python's `sys.stdout` is None. JSON output (`--json`, `criteria
    schema`) was a traceback, a table went nowhere with exit 0; now each is exit 3 naming
    standard output and what to do, and a `--json` run's own problems go to stderr."""
    _store(clex, tmp_path)
    for args in (
        ["evidence", "list", "--cluster", "nano"],
        ["evidence", "list", "--cluster", "nano", "--json"],
        ["criteria", "schema"],
    ):
        done = _closed(tmp_path, ">&-", *args)
        assert done.returncode == 3 and b"Traceback" not in done.stderr, (args, done)
        assert b"error: standard output: closed" in done.stderr, done
        assert b"a terminal, a file or /dev/null" in done.stderr, done
    done = _closed(tmp_path, ">&-", "evidence", "list", "--cluster", "nope", "--json")
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done
    assert b"error: no cluster 'nope'" in done.stderr, done


def test_a_closed_stderr_leaves_the_results_whole(clex: Callable[..., Run], tmp_path: Path) -> None:
    """`clex evidence list 2>&-`: asking a stderr that is None whether it is a terminal
    (for the progress bar) ended the run in exit 1, nothing listed."""
    _store(clex, tmp_path)
    done = _closed(tmp_path, "2>&-", "evidence", "list", "--cluster", "nano")
    assert done.returncode == 0, done
    assert done.stdout.startswith(b"6 evidence records of nano"), done


def test_json_to_a_reader_that_left_ends_with_141(clex: Callable[..., Run], tmp_path: Path) -> None:
    """`clex evidence list --json | head -1`: the JSON went to Python's buffer, whose flush
    at exit failed, so the run ended with 1 (the data has problems) and said nothing.
    Now 141, as the tables end, and no traceback."""
    _store(clex, tmp_path)
    env = {**os.environ, **CLEX_ENV, "CLEX_DB": str(tmp_path / "clex.db"), "PYTHONPATH": str(ROOT)}
    for args in (["evidence", "list", "--cluster", "nano", "--json"], ["criteria", "schema"]):
        read, write = os.pipe()
        os.close(read)  # the reader left before anything came
        try:
            done = subprocess.run(
                [sys.executable, "-m", "clex", *args],
                cwd=tmp_path, env=env, stdout=write, stderr=subprocess.PIPE, check=False,
            )  # fmt: skip
        finally:
            os.close(write)
        assert done.returncode == 141 and b"Traceback" not in done.stderr, (args, done)
        assert b"Exception ignored" not in done.stderr, done
