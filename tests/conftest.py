"""Shared fixtures: run the real `clex` command in a scratch folder, in this process
(`clex`, the default: fast) or in a subprocess as a user starts it (`clex_process`: the
smoke test of each command, the README walk-through and the durability tests), and the
demo, built once per test session."""

from __future__ import annotations

import gc
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from sqlalchemy import Connection

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
# what both runners put in the command's environment (the store: CLEX_DB in tmp_path)
CLEX_ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
PACKAGES = ("evidence", "criteria", "assessment", "reports", "clex")


class Run:
    """What a run of `clex` gave: its exit code, stdout and stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def run_process(
    args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> Run:
    """`python -m clex ARGS` in a subprocess, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "clex", *args],
        cwd=cwd,
        env={**os.environ, **CLEX_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    result = Run(proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in result.err, result
    return result


def start_process(args: Sequence[str], *, cwd: Path, **popen: Any) -> subprocess.Popen[str]:
    """`python -m clex ARGS` started in `cwd` on the store `cwd/clex.db`, its output piped,
    left running (a test that signals it or runs two at once waits for it itself)."""
    return subprocess.Popen(
        [sys.executable, "-m", "clex", *args],
        cwd=cwd,
        env={**os.environ, **CLEX_ENV, "CLEX_DB": str(cwd / "clex.db")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def run_in_process(
    args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> Run:
    """`clex ARGS` through `clex.cli.main(argv)` in this process, as `run_process` runs it:
    in `cwd`, with `env` added to the environment, stdout and stderr captured (UTF-8, the
    newlines a text-mode pipe gives), the exit code taken from `SystemExit`, and the
    process-wide state a run leaves (caches, logging, the working folder) put back, so
    each run starts as a new process would (the garbage collector, too, sees only the
    run's objects). An exception escaping `main` is a bug: it
    fails the test with its traceback."""
    from clex.cli import main

    _clear_caches()
    # the collector leaves this test process's heap alone, as a new process has none
    gc.freeze()
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    code = 0
    try:
        with pytest.MonkeyPatch.context() as mp, _deadline(timeout, args):
            mp.chdir(cwd)
            for name, value in {**CLEX_ENV, **(env or {})}.items():
                mp.setenv(name, value)
            mp.setattr(sys, "stdout", stdout)
            mp.setattr(sys, "stderr", stderr)
            try:
                main(list(args))
            except SystemExit as exc:
                code = _exit_code(exc.code, stderr)
            finally:
                stdout.flush()
                stderr.flush()
    finally:
        gc.unfreeze()
        root.handlers[:] = handlers  # the run replaces a handler left by another run
        root.setLevel(level)
    result = Run(code, _text(out.getvalue()), _text(err.getvalue()))
    assert "Traceback" not in result.err, result
    return result


def _exit_code(code: object, stderr: io.TextIOBase) -> int:
    """The process's exit code for `sys.exit(code)`, as the interpreter makes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    stderr.write(f"{code}\n")
    return 1


def _text(data: bytes) -> str:
    """What `subprocess.run(..., text=True)` reads from a pipe: universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _clear_caches() -> None:
    """Empty the functools caches of the project's modules, as a new process has them (a
    file read once, e.g. a catalogue, may have changed since)."""
    for name, module in list(sys.modules.items()):
        if module is None or name.partition(".")[0] not in PACKAGES:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "__wrapped__"):
                value.cache_clear()


class _Expired(BaseException):
    """Raised by the timer in whatever the command was doing (a BaseException, so that no
    `except Exception` of the command takes it for one of its own errors)."""


@contextmanager
def _deadline(seconds: float, args: Sequence[str]) -> Iterator[None]:
    """The subprocess runner's timeout: a run that takes longer fails the test."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        # not the traceback: pytest cannot show frames a signal interrupted in C code
        pytest.fail(f"clex {' '.join(args)} took more than {seconds} s", pytrace=False)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _runner(how: Callable[..., Run], tmp_path: Path) -> Callable[..., Run]:
    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
    ) -> Run:
        full_env = {"CLEX_DB": str(tmp_path / "clex.db"), **(env or {})}
        return how(args, cwd=cwd or tmp_path, env=full_env, timeout=timeout)

    return run


@pytest.fixture
def clex(tmp_path: Path) -> Callable[..., Run]:
    """Run `clex ARGS` in this process, in tmp_path with its own store; returns code/out/err."""
    return _runner(run_in_process, tmp_path)


@pytest.fixture
def clex_process(tmp_path: Path) -> Callable[..., Run]:
    """Run `python -m clex ARGS` in a subprocess, in tmp_path with its own store."""
    return _runner(run_process, tmp_path)


class Demo:
    """`clex demo --out clex-demo`, run once in `folder` in a subprocess."""

    def __init__(self, folder: Path, run: Run) -> None:
        self.folder = folder
        self.out = folder / "clex-demo"
        self.run = run

    def copy_to(self, folder: Path) -> Path:
        """A copy of the demo's folder as `folder/clex-demo`, for a test that changes it."""
        target = folder / "clex-demo"
        shutil.copytree(self.out, target)
        return target


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo, built once per session as a user runs it (the demo's smoke test); tests
    read it and must not change it (`Demo.copy_to` gives a copy to change)."""
    folder = tmp_path_factory.mktemp("demo")
    run = run_process(
        ["demo", "--out", "clex-demo"],
        cwd=folder,
        env={"CLEX_DB": str(folder / "elsewhere.db")},
        timeout=600,
    )
    assert run.code == 0, run
    return Demo(folder, run)


def _own_pg_database(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (the base
    name plus the worker's id, created on first use): tests empty their database, and two
    workers emptying one would pull it from under each other."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine, make_url, text

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if found.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


# Tests that read the session's demo (`demo_run`) carry `xdist_group("demo")`, so that
# with `--dist loadgroup` (the Makefile) one worker builds the demo once.
PG_URL = _own_pg_database(os.environ.get("CLEX_TEST_PG_URL"))
if PG_URL:  # subprocesses and tests that read the variable get this worker's database
    os.environ["CLEX_TEST_PG_URL"] = PG_URL


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


@contextmanager
def store_at_revision(
    db_url: str, revision: str, *, region: str | None = None
) -> Iterator[Connection]:
    """A store as a user has it from an earlier version: `db_url` migrated up to
    `revision` only, holding the cluster 'nano' (CZ, `region`), in one transaction the
    caller fills with old rows; `Store(db_url)` then upgrades it the way a user's is."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from evidence.store import to_url

    engine = create_engine(to_url(db_url))
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("evidence") / "migrations"))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.execute(
                text(
                    "INSERT INTO clusters (slug, name, country, region, created_at) VALUES "
                    "('nano', 'Nano', 'CZ', :region, '2025-01-01 10:00:00+00:00')"
                ),
                {"region": region},
            )
            yield conn
    finally:
        engine.dispose()


def said(text: object) -> str:
    """A snapshot JSON's sentence (a message, or an older snapshot's text) in English, as
    the command line says it."""
    from evidence.messages import Msg

    return text if isinstance(text, str) else str(Msg.model_validate(text))


REVIEWED_AT = datetime(2020, 1, 1, tzinfo=UTC)  # before every assessment of the fixtures


def import_reviewed(
    store: Any,
    path: Path,
    *,
    cluster: str,
    reviewer: str,
    workspace: Path | None = None,
    at: datetime = REVIEWED_AT,
) -> Any:
    """Import an evidence YAML file whose records carry review statuses, as the two
    people do since a review import creates nothing (issue 17): the manager imports the
    records (without the statuses only a review sets: new ones start as submitted), then
    `reviewer` reviews them on `at`, before the fixtures' assessment dates, so that an
    assessment "as of" a past date counts them as the file says. The file is put back
    as it was (its name and lines stay the records' source). Returns the import's report."""
    from evidence.ingest import import_files
    from evidence.review import review

    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    items = data["evidence"] if isinstance(data, dict) else data
    wanted = [item.get("status") for item in items]
    path.write_text(_REVIEWED.sub("status: null", text), encoding="utf-8")
    try:
        report = import_files(store, [path], cluster=cluster, workspace=workspace)
    finally:
        path.write_text(text, encoding="utf-8")
    assert len(report.outcomes) == len(items), "one record per item of the file"
    by_status: dict[str, list[str]] = {}
    for outcome, status in zip(report.outcomes, wanted, strict=True):
        if status in ("verified", "rejected", "needs_info") and outcome.status != status:
            by_status.setdefault(status, []).append(outcome.id)
    for status, ids in by_status.items():
        review(store, cluster, ids, status=status, reviewer=reviewer, at=at)
    return report


_REVIEWED = re.compile(r"\bstatus: *(verified|rejected|needs_info)\b")


def edit_rows(
    path: Path,
    sheet: str,
    *,
    where: tuple[str, Any] | None = None,
    save_as: Path | None = None,
    **values: Any,
) -> None:
    """Change cells of a workbook's rows as a person does in Excel: in the rows whose
    `where` column holds its value (every data row when None), set each column of
    `values`; saved to `save_as` (default: the same file)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if where is None or row[heads.index(where[0])].value == where[1]:
            for key, value in values.items():
                row[heads.index(key)].value = value
    wb.save(save_as or path)


def write_members(path: Path, count: int) -> None:
    """A YAML file of `count` distinct small-firm members (an import that takes seconds:
    long enough to interrupt or to show progress)."""
    path.write_text(
        "".join(
            f"- {{kind: member, title: Member {n:05d}, type: sme, committed: yes, "
            "start: 2020-01-01}\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )


@pytest.fixture
def nano_cli(clex: Callable[..., Run], db_url: str) -> Callable[..., Run]:
    """`clex` on a store (SQLite or PostgreSQL) with the Czech cluster nano."""

    def go(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url})

    assert go("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    return go


def write_dedented(tmp_path: Path, name: str, body: str) -> str:
    """Write `body` (dedented) to the file `name` in `tmp_path`; the name, for a command."""
    (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return name
