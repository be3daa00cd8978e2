"""Shared fixtures: run the real `clex` command in a subprocess, in a scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


@pytest.fixture
def clex(tmp_path: Path) -> Callable[..., Run]:
    """Run `python -m clex ARGS` in tmp_path with its own store; returns code/out/err."""

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
    ) -> Run:
        full_env = {
            **os.environ,
            "CLEX_DB": str(tmp_path / "clex.db"),
            "COLUMNS": "200",
            "NO_COLOR": "1",
            **(env or {}),
        }
        proc = subprocess.run(
            [sys.executable, "-m", "clex", *args],
            cwd=cwd or tmp_path,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        result = Run(proc)
        assert "Traceback" not in result.err, result
        return result

    return run


PG_URL = os.environ.get("CLEX_TEST_PG_URL")


def fresh_pg(url: str) -> str:
    """Empty the test PostgreSQL database so each test starts from a clean store."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL: a real SQLite file, and a real PostgreSQL when CLEX_TEST_PG_URL is set."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    return fresh_pg(PG_URL)
