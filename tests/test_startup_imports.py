"""`clex --help` (and the help of every group and command) loads no heavy library.

Why: help is what a person runs most often and waits for; issue 19 holds it to 1.3x a
bare Typer application. pydantic (our models, and Typer's own coercion of option values),
SQLAlchemy, Alembic, WeasyPrint and openpyxl take tenths of a second to import, and
none of them is needed to print a help page. Each case runs `python -X importtime -m
clex ... --help` as a user runs it and reads the modules Python imported from its
stderr (one line per module, `import time: self | cumulative | name`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLEX_ENV

HEAVY = ("pydantic", "pydantic_core", "sqlalchemy", "alembic", "weasyprint", "openpyxl")
# our own packages whose modules hold pydantic models or open a store
MODELS = ("criteria", "assessment", "reports", "evidence.models", "evidence.store")

HELP_LINES = [
    ["--help"],
    [],  # no arguments: the help too (no_args_is_help)
    ["evidence", "--help"],
    ["assess", "--help"],
    ["criteria", "--help"],
    ["criteria", "list", "--help"],
    ["evidence", "list", "--help"],
    ["import", "--help"],
    ["label", "award", "--help"],
    ["report", "--help"],
    ["--db", "elsewhere.db", "-v", "evidence", "--help"],  # root options read on the way
]


def imported(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """The run of `python -X importtime -m clex ARGS` and every module it imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "clex", *args],
        cwd=cwd,
        env={**os.environ, **CLEX_ENV},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return proc, names


def _loaded(names: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in packages))


@pytest.mark.parametrize("args", HELP_LINES, ids=lambda a: " ".join(a) or "(none)")
def test_help_imports_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    proc, names = imported(args, tmp_path)
    assert "Usage:" in proc.stdout, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 2)  # no arguments: help, exit 2 as click does
    assert "typer" in names and "clex.cli" in names  # the measure saw the imports
    assert _loaded(names, HEAVY) == []
    assert _loaded(names, MODELS) == []
    assert not (tmp_path / "elsewhere.db").exists() and not (tmp_path / "clex.db").exists()


def test_a_command_still_loads_what_it_needs(tmp_path: Path) -> None:
    """The other side: the imports moved into the commands still happen when they run."""
    proc, names = imported(["criteria", "list", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '"indicators"' in proc.stdout
    assert "pydantic" in names and "criteria.models" in names


def test_the_languages_of_the_help_are_the_reports() -> None:
    """`clex.choices.LANGUAGES` repeats `reports.i18n.LANGUAGES` so that help imports no
    report module; the two must not drift apart."""
    from clex.choices import LANGUAGES
    from reports.i18n import LANGUAGES as REPORT_LANGUAGES

    assert tuple(LANGUAGES) == tuple(REPORT_LANGUAGES)


def test_the_errors_are_the_findings() -> None:
    """`evidence.errors` holds the exceptions the command line catches; the names
    `evidence.findings` exports are the same classes, so every `except` still matches."""
    from evidence import errors, findings

    assert findings.UserDataError is errors.UserDataError
    assert findings.MachineError is errors.MachineError
