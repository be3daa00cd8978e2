"""The hostile-input suite's harness: `clex` run as a user starts it (`python -m clex` in
a subprocess) under hard limits, and what each case must leave as it found.

Why a harness of its own: the cases here are the inputs that once made clex allocate
hundreds of gigabytes, backtrack for minutes, hang on a FIFO or abort in Rust. Run in
the test process they would take pytest down with them; run under `resource` limits
(address space, CPU seconds) and a wall-clock timeout in a process group of their own, a
regression fails its case instead of eating the machine. Every case then checks the
same things (`expect`): the exit code agreed for issue 21 (0 ok, 1 the user's data,
2 usage, 3 the machine or the store's file, 130 interrupted), a fragment of the message,
no traceback or Rust panic, and, through `Watch`, a store byte-for-byte (SQLite) or
row-for-row (PostgreSQL) as it was and a folder with no stray temporary file and every
file that was there untouched.

Every input is built by the tests; the shared stores (`base`) are built once per worker
with the CLI itself, and each test gets copies of them (`ws`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import PG_URL, ROOT, fresh_pg, run_in_process

MEMORY = 2 * 1024**3  # address space of one run: the demo's report needs well under 1 GB
CPU = 60  # CPU seconds of one run
WALL = 90  # seconds of one run, however it spends them (a FIFO blocks without CPU)
CLUSTER_NAME = "Nano [/x] [bold]Newsletter [issue 3]"
MARKUP = "Newsletter [issue 3] [/x] [link=file:///etc/passwd]x[/link] [bold]b"
ESC = "\x1b[31mred\x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07\x1b[2J"
AS_OF = "2025-01-01"


@dataclass
class Run:
    """What one bounded run gave."""

    args: list[str]
    code: int
    out: str
    err: str
    seconds: float

    def __repr__(self) -> str:
        return (
            f"<clex {' '.join(self.args)[:300]}\nexit {self.code} after {self.seconds:.1f} s"
            f"\nstdout:\n{self.out[-3000:]}\nstderr:\n{self.err[-3000:]}>"
        )


def _limit(cpu: int) -> None:
    """In the child, before `exec`: the address space and CPU time it may use."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def start(
    args: Sequence[str],
    *,
    cwd: Path,
    db: str | None = None,
    env: dict[str, str] | None = None,
    cpu: int = CPU,
) -> subprocess.Popen[str]:
    """`python -m clex ARGS` started under the limits, in a process group of its own."""
    full = {
        **os.environ,
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        **({"CLEX_DB": db} if db else {}),
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "clex", *args],
        cwd=cwd,
        env=full,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=lambda: _limit(cpu),  # the child sets its own limits
        start_new_session=True,
    )


def finish(proc: subprocess.Popen[str], args: Sequence[str], started: float, wall: float) -> Run:
    """Wait for a started run; past `wall` seconds its whole group is killed and the case
    fails."""
    try:
        out, err = proc.communicate(timeout=max(1.0, wall - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(
            f"clex {' '.join(args)[:300]} ran past {wall} s and was killed\n"
            f"stdout:\n{out[-2000:]}\nstderr:\n{err[-2000:]}",
            pytrace=False,
        )
    return Run(list(args), proc.returncode, out, err, time.monotonic() - started)


def clex_run(
    args: Sequence[str],
    *,
    cwd: Path,
    db: str | None = None,
    env: dict[str, str] | None = None,
    wall: float = WALL,
    cpu: int = CPU,
) -> Run:
    """One bounded run of `clex ARGS`."""
    started = time.monotonic()
    proc = start(args, cwd=cwd, db=db, env=env, cpu=cpu)
    return finish(proc, args, started, wall)


def expect(
    run: Run, code: int | tuple[int, ...], *fragments: str | tuple[str, ...], plain: bool = False
) -> None:
    """The run ended by itself with `code` (one of them, where the issue allows either),
    said every fragment (stdout or stderr), printed no traceback or panic; with `plain`,
    no escape sequence reached the terminal either."""
    if run.code < 0:
        name = signal.Signals(-run.code).name
        pytest.fail(
            f"killed by {name} (limits: {MEMORY >> 30} GB address space, CPU time)\n{run!r}",
            pytrace=False,
        )
    both = run.out + run.err
    for sign in (
        "Traceback (most recent call last)",
        "panicked at",
        "RUST_BACKTRACE",
        "memory allocation of",
        "MemoryError",
        "Fatal Python error",
    ):
        assert sign not in both, run
    codes = code if isinstance(code, tuple) else (code,)
    assert run.code in codes, run
    for fragment in fragments:  # a tuple: any one of its wordings
        wordings = fragment if isinstance(fragment, tuple) else (fragment,)
        assert any(w in both for w in wordings), (fragment, run)
    if plain:
        assert "\x1b" not in both and "\x07" not in both, run


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under `folder` (links as their target's name) with its SHA-256."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.name.endswith("-shm"):
            # SQLite's shared-memory index of a WAL store: any reader rewrites it (it
            # holds no data, only where in the -wal each page is); only its presence counts
            out[rel] = "shm"
        elif path.is_file():
            out[rel] = sha256(path)
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = "special"
    return out


def store_state(db: str) -> object:
    """What must not change in a store: a SQLite file's bytes and the files beside it
    that belong to it (-wal, -shm, -journal); a PostgreSQL store's rows, table by table."""
    if "://" not in db:
        path = Path(db)
        beside = sorted(p.name for p in path.parent.glob(path.name + "-*"))
        return (sha256(path) if path.is_file() else None, beside)
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            return {
                t: sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{t}"')))
                for t in tables
            }
    finally:
        engine.dispose()


@dataclass
class Watch:
    """The state of a store and of folders before a case: `unchanged()` asserts it after,
    the folders allowed only the `new` files the case was meant to write."""

    db: str | None
    folders: list[Path] = field(default_factory=list)
    before: tuple[object, list[dict[str, str]]] = field(init=False)

    def __post_init__(self) -> None:
        self.before = self._state()

    def _state(self) -> tuple[object, list[dict[str, str]]]:
        store = store_state(self.db) if self.db else None
        return store, [folder_state(f) for f in self.folders]

    def unchanged(self, *new: str) -> None:
        store, folders = self._state()
        assert store == self.before[0], "the store changed"
        for folder, then, now in zip(self.folders, self.before[1], folders, strict=True):
            added = sorted(set(now) - set(then) - set(new))
            assert not added, f"stray files in {folder}: {added}"
            changed = sorted(k for k in then if now.get(k) != then[k])
            assert not changed, f"files changed or gone in {folder}: {changed}"


# -- the shared stores, built once per worker with the CLI ------------------------------
def _members(n: int, prefix: str) -> str:
    types = ["sme", "research", "public", "large_company"]
    return "".join(
        f"- {{kind: member, title: '{prefix} member {i}', start: 2020-01-0{1 + i % 9}, "
        f"type: {types[i % 4]}, country: CZ, committed: true}}\n"
        for i in range(n)
    )


PLAIN_EVIDENCE = (
    _members(16, "Plain")
    + "- {kind: event, title: Workshop, start: 2024-03-01, role: organiser, format: workshop,"
    " participants: 20}\n"
    "- {kind: staff, title: Manager, start: 2020-01-01, fte: 1.0}\n"
    "- {kind: communication, title: Letter, start: 2024-05-01, channel: newsletter}\n"
)
MARKED_EVIDENCE = (
    _members(3, "Marked")
    + f"- {{kind: event, title: {MARKUP!r}, start: 2024-03-01, role: organiser,"
    " format: workshop, participants: 20}\n"
    "- {kind: communication, title: 'Newsletter [issue 3]', start: 2024-05-01,"
    " channel: newsletter}\n"
)


@dataclass
class Base:
    """The shared stores: `plain` (a clean store and its snapshot, for forgeries) and
    `marked` (markup in titles and the cluster name, escape sequences in a title, the
    cluster's name and a review note: a store another version or tool may have filled)."""

    folder: Path
    marked_id: str  # the record whose title and review note carry the sequences
    plain_id: str  # the plain store's event

    @property
    def plain_db(self) -> Path:
        return self.folder / "plain.db"

    @property
    def marked_db(self) -> Path:
        return self.folder / "marked.db"


def _cli(folder: Path, db: Path, *args: str) -> str:
    run = run_in_process(args, cwd=folder, env={"CLEX_DB": str(db), "CLEX_USER": "manager"})
    assert run.code == 0, run
    return run.out


@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    folder = tmp_path_factory.mktemp("hostile-base")
    (folder / "plain.yaml").write_text(PLAIN_EVIDENCE, encoding="utf-8")
    (folder / "marked.yaml").write_text(MARKED_EVIDENCE, encoding="utf-8")
    for name in ("plain", "marked"):
        db = folder / f"{name}.db"
        cluster_name = CLUSTER_NAME if name == "marked" else "Nano"
        _cli(folder, db, "init", "--cluster", "nano", "--name", cluster_name, "--country", "CZ")
        _cli(folder, db, "import", f"{name}.yaml", "--cluster", "nano")
    import json

    listed = json.loads(_cli(folder, folder / "marked.db", "evidence", "list", "--json"))
    marked = next(r["id"] for r in listed if r["kind"] == "event")
    listed = json.loads(_cli(folder, folder / "plain.db", "evidence", "list", "--json"))
    plain = next(r["id"] for r in listed if r["kind"] == "event")
    _cli(
        folder,
        folder / "marked.db",
        "evidence",
        "review",
        marked,
        "--cluster",
        "nano",
        "--status",
        "needs_info",
        "--reviewer",
        "auditor",
        "--note",
        "see [/x] " + ESC,
    )
    for name in ("plain", "marked"):
        _cli(
            folder,
            folder / f"{name}.db",
            "assess",
            "--cluster",
            "nano",
            "--period",
            "2024",
            "--as-of",
            AS_OF,
            "-o",
            f"{name}.json",
        )
    # what no import lets in, as another tool or an older clex may have stored it; then
    # into the main file (the tests copy it alone, without its write-ahead log): the
    # connection of a `with` stayed open (its name to the fixture's end, then a
    # reference cycle until the collector ran), so the close that would have done it
    # was not the last, and a copy now and then missed the change
    with contextlib.closing(sqlite3.connect(folder / "marked.db")) as conn:
        with conn:
            conn.execute("UPDATE evidence SET title = title || ? WHERE id = ?", (ESC, marked))
            conn.execute("UPDATE clusters SET name = name || ?", (ESC,))
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "the marked store's log was not written into its file"
    return Base(folder, marked, plain)


@dataclass
class Workspace:
    """A test's folder with copies of the shared stores and snapshots."""

    path: Path
    base: Base

    @property
    def plain(self) -> str:
        return str(self.path / "plain.db")

    @property
    def marked(self) -> str:
        return str(self.path / "marked.db")

    def run(self, *args: str, db: str | None = None, **kw: object) -> Run:
        return clex_run(args, cwd=self.path, db=db or self.plain, **kw)  # type: ignore[arg-type]


@pytest.fixture
def ws(base: Base, tmp_path: Path) -> Workspace:
    for name in ("plain.db", "marked.db", "plain.json", "marked.json"):
        shutil.copy(base.folder / name, tmp_path / name)
    return Workspace(tmp_path, base)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, ws: Workspace) -> str:
    """The plain store as a SQLite file, and (CLEX_TEST_PG_URL set) as a fresh PostgreSQL
    database holding the cluster `nano` and the plain store's records."""
    if request.param == "sqlite":
        return ws.plain
    if not PG_URL:
        pytest.skip("CLEX_TEST_PG_URL is not set")
    url = fresh_pg(PG_URL)
    (ws.path / "pg.yaml").write_text(PLAIN_EVIDENCE, encoding="utf-8")
    env = {"CLEX_DB": url, "CLEX_USER": "manager"}
    for args in (
        ["init", "--cluster", "nano", "--name", "Nano", "--country", "CZ"],
        ["import", "pg.yaml", "--cluster", "nano"],
    ):
        run = run_in_process(args, cwd=ws.path, env=env)
        assert run.code == 0, run
    return url


# -- folders on file systems that refuse writes -----------------------------------------
def _mount(target: Path, *options: str) -> None:
    """A small tmpfs at `target`, or the case skipped with why."""
    target.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(["size=2m", *options]), "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {done.stderr.strip() or done.returncode}")


def _unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


EXISTING = b"%PDF-1.4 an earlier output that must stay as it is"


@pytest.fixture
def ro_dir(tmp_path: Path) -> Iterator[Path]:
    """A read-only folder (a tmpfs remounted read-only: root writes through a mode of
    0555, not through this) holding `existing.pdf`."""
    target = tmp_path / "readonly"
    _mount(target)
    try:
        (target / "existing.pdf").write_bytes(EXISTING)
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        yield target
    finally:
        _unmount(target)


@pytest.fixture
def full_dir(tmp_path: Path, base: Base) -> Iterator[Path]:
    """A 2 MB tmpfs filled to the last byte, holding `existing.pdf` and a copy of the
    plain store (`plain.db`)."""
    target = tmp_path / "full"
    _mount(target)
    try:
        (target / "existing.pdf").write_bytes(EXISTING)
        shutil.copy(base.plain_db, target / "plain.db")
        fd = os.open(target / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        yield target
    finally:
        _unmount(target)
