"""`clex.cli.main(argv)` runs the command line in this process, run after run, each run as
a new process would start: its own environment, streams, logging and exit code; and the
`clex` fixture built on it lets a bug's traceback through."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest

from clex import criteria_cmd, output
from clex.cli import main
from tests.conftest import Run


def test_main_takes_argv_and_exits_with_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["criteria", "path"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip().endswith(".yaml")
    with pytest.raises(SystemExit) as done:
        main(["criteria", "frobnicate"])
    assert done.value.code == 2
    assert "Usage: clex criteria" in capsys.readouterr().err


def test_a_user_data_error_is_located_and_exits_1(clex: Callable[..., Run]) -> None:
    run = clex("criteria", "validate", "missing.yaml", "--json")
    assert run.code == 1 and '"ok": false' in run.out and "missing.yaml" in run.out
    run = clex("criteria", "validate", "missing.yaml")
    assert run.code == 1 and run.err.startswith("missing.yaml") and "error:" in run.err


def test_each_run_reads_its_environment(
    clex: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the consoles as an import under another environment left them: 50 columns, colours
    with monkeypatch.context() as env:
        env.setenv("COLUMNS", "50")
        env.setenv("FORCE_COLOR", "1")
        output.renew_consoles()
    try:  # a terminal (TTY_COMPATIBLE=1): fitted to its width
        narrow = clex("criteria", "list", env={"COLUMNS": "70", "TTY_COMPATIBLE": "1"})
        wide = clex("criteria", "list", env={"TTY_COMPATIBLE": "1"})  # COLUMNS=200, NO_COLOR=1
        piped = clex("criteria", "list", env={"COLUMNS": "70"})  # not a terminal: plain
    finally:
        output.renew_consoles()
    assert narrow.code == wide.code == piped.code == 0
    # too narrow for the table's words: one block per criterion, wrapped at 70, not 50
    assert "┏" not in narrow.out and "id: S1" in narrow.out
    assert 50 < max(map(len, narrow.out.splitlines())) <= 70 < len(top_of_table(wide.out))
    assert not re.search("\x1b\\[[0-9;]*(3[0-8]|9[0-7])", narrow.out + wide.out)  # no colour
    assert "\x1b[" not in piped.out and "┏" not in piped.out
    assert max(map(len, piped.out.splitlines())) > 70  # never cut to the width


def top_of_table(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("┏"))


def test_logging_goes_to_the_stderr_of_its_own_run(clex: Callable[..., Run]) -> None:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    verbose = clex("-v", "init", "--cluster", "nano", "--name", "Nano")
    assert verbose.code == 0 and "INFO evidence.store: store" in verbose.err
    assert (root.level, root.handlers) == (level, handlers)  # put back after the run
    quiet = clex("--db", "other.db", "init", "--cluster", "nano", "--name", "Nano")
    assert quiet.code == 0 and quiet.err == ""


def test_an_exception_escaping_main_fails_the_test(
    clex: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ref: str | None) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(criteria_cmd, "require_catalogue", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        clex("criteria", "list")
