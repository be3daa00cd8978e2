"""The README is a promise: every command line in it runs as written, and every command of
`clex` is documented there. The walkthrough runs in a fresh folder, in order, in bash,
with the project's `clex` first on the PATH; `# exit N` marks an expected failure. Its
`clex demo` line is the session's demo (conftest.py `demo_run`: the same command line,
run the same way once per session), copied into the folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from clex.cli import app
from tests.conftest import Demo

README = Path(__file__).resolve().parents[1] / "README.md"


def command_lines() -> list[tuple[str, int]]:
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    out = []
    for block in blocks:
        for line in block.splitlines():
            if not line.startswith("$ "):
                continue
            command = line[2:].strip()
            expected = 0
            if m := re.search(r"\s+# exit (\d+)$", command):
                expected, command = int(m.group(1)), command[: m.start()]
            out.append((command, expected))
    return out


def cli_commands() -> set[str]:
    group = typer.main.get_command(app)
    names: set[str] = set()
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        names |= {f"{name} {sub}" for sub in subs} if subs else {name}
        if subs and getattr(cmd, "runs_without_subcommand", False):  # `clex import FILE...`
            names.add(name)
    return names


def test_every_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = []
    for name in sorted(cli_commands()):
        group, _, sub = name.partition(" ")
        documented = f"clex {name}" in text or (
            sub and re.search(rf"clex {group} [a-z|\\]*\b{sub}\b", text)
        )
        if not documented:
            missing.append(name)
    assert not missing, f"commands missing from the README: {missing}"


def clex_on_path(folder: Path) -> str:
    """The folder of the project's `clex` script: beside this Python when the project is
    installed, else a script in `folder` that runs `python -m clex` with this Python."""
    here = Path(sys.executable).parent
    if (here / "clex").is_file():
        return str(here)
    script = folder / "clex"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m clex "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return str(folder)


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_readme_command_lines_run_as_written(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, demo_run: Demo
) -> None:
    lines = [(c, e) for c, e in command_lines() if not c.startswith("make ")]
    assert len(lines) > 20
    env = {k: v for k, v in os.environ.items() if k != "CLEX_DB"}
    bin_dir = clex_on_path(tmp_path_factory.mktemp("bin"))
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "200"
    script_env = ""
    for command, expected in lines:
        if command.startswith("export "):
            script_env += command + "\n"
            continue
        if command.startswith("clex demo"):
            # the demo the session built with this very command line (a second run costs
            # a minute; its own tests are in test_demo.py)
            assert command == "clex demo --out clex-demo", "update conftest.py demo_run"
            assert demo_run.run.code == expected, demo_run.run
            demo_run.copy_to(tmp_path)
            continue
        proc = subprocess.run(
            ["bash", "-c", script_env + command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert proc.returncode == expected, (command, proc.stdout[-2000:], proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr, (command, proc.stderr)
    for made in (
        "nanotex-2024-2025.pdf",
        "nanotex-2024-2025.xlsx",
        "board.pdf",
        "nanotex-audit.pdf",
        "clex-demo/report-2024-2025.pdf",
    ):
        assert (tmp_path / made).stat().st_size > 10_000, made


def test_the_as_of_sentence_names_all_an_assessment_of_a_date_leaves_out() -> None:
    """`--as-of` leaves out records dated after the date, records entered after it
    (`assessment.counting.entered_finding`) and reviews made after it; the README named
    only the first and the last, so a user whose newsletter of November, entered in
    March, was missing from an assessment as of January found no word of why."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    said = text[text.index("`--as-of` is the assessment's date") :].split("Readiness")[0]
    for left_out in ("records dated after it", "records entered after it", "reviews made after it"):
        assert left_out in said, said
