"""One smoke test per `clex` command, run as a user runs it: `python -m clex` in a new
process. The same command also runs in this process (the `clex` fixture every other CLI
test uses), in a copy of the same folder: both must give the same exit code, the same
stdout and the same stderr, so the in-process tests test what a user gets.

`clex demo` is run once per session as a subprocess (conftest.py `demo_run`); its second
run in process must give the same snapshots (test_demo.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assessment import read_snapshot, write_snapshot
from tests.conftest import Demo, Run, run_in_process, run_process, start_process
from tests.report_fixtures import as_another_cluster
from tests.test_assess_cli import EVIDENCE
from tests.test_readme import cli_commands

AS_OF = ("--as-of", "2026-01-15")
ALPHA = "<id of Alpha>"
SPARE = "<id of the withdrawn record of the cluster spare>"

# command -> (its arguments, what its output must say); ALPHA is replaced by the record's id
SMOKE: dict[str, tuple[tuple[str, ...], str]] = {
    "init": (("init", "--cluster", "other", "--name", "Other", "--country", "cz"), "Created"),
    "template": (("template", "t.xlsx"), "Wrote t.xlsx"),
    "import": (("import", "more.yaml", "--cluster", "nano"), "1 were created"),
    "evidence list": (("evidence", "list", "--cluster", "nano"), "5 evidence records"),
    "evidence show": (("evidence", "show", ALPHA, "--cluster", "nano"), "Alpha"),
    "evidence history": (("evidence", "history", ALPHA, "--cluster", "nano"), "History of"),
    "evidence edit": (
        ("evidence", "edit", ALPHA, "--cluster", "nano", "notes=signed 31.3.2024"),
        "notes: (empty) -> 'signed 31.3.2024'",
    ),
    "evidence withdraw": (
        ("evidence", "withdraw", ALPHA, "--cluster", "nano", "--reason", "a duplicate"),
        "submitted -> withdrawn",
    ),
    "evidence restore": (
        ("evidence", "restore", SPARE, "--cluster", "spare"),
        "withdrawn -> submitted",
    ),
    "import undo": (("import", "undo", "1"), "Batch 1 undone as batch"),
    "import list": (("import", "list", "--cluster", "nano"), "clex import ev.yaml"),
    "evidence review": (
        (
            "evidence",
            "review",
            ALPHA,
            "--cluster",
            "nano",
            *("--status", "verified", "--reviewer", "Eva"),
        ),
        "submitted -> verified",
    ),
    "evidence export": (("evidence", "export", "e.xlsx", "--cluster", "nano"), "Wrote 5"),
    "evidence validate": (("evidence", "validate", "--cluster", "nano"), "holds no value"),
    "assess": (
        ("assess", "--cluster", "nano", "--period", "2023", *AS_OF, "-o", "s.json"),
        "Snapshot written to s.json",
    ),
    "compare": (("compare", "y2023.json", "y2024.json"), "Overall"),
    "benchmark": (("benchmark", "y2024.json", "--peers", "peers"), "All peers: 5 clusters"),
    "verify": (("verify", "y2024.json"), "verified"),
    "report": (("report", "y2024.json", "-o", "r.xlsx"), "Report written to r.xlsx"),
    "label award": (
        ("label", "award", "silver", "--cluster", "nano", "--on", "2025-07-01"),
        "Recorded award 2: Silver",
    ),
    "label list": (("label", "list", "--cluster", "nano", *AS_OF), "valid until 2027-05-31"),
    "label withdraw": (
        ("label", "withdraw", "1", "--cluster", "nano", "--reason", "entered in error"),
        "Withdrew award 1",
    ),
    "criteria list": (("criteria", "list"), "indicators"),
    "criteria show": (("criteria", "show", "S1"), "S1"),
    "criteria validate": (("criteria", "validate", "tiny.yaml"), "tiny.yaml: ok"),
    "criteria schema": (("criteria", "schema"), '"$schema"'),
    "criteria path": (("criteria", "path"), ".yaml"),
    # CLEX_PASSWORD is set for every smoke run (test_smoke)
    "user add": (("user", "add", "eva", "--role", "auditor", "--cluster", "nano"), "added eva"),
    "user list": (("user", "list"), "ivo"),
    "user disable": (("user", "disable", "ivo"), "ivo disabled"),
    "user enable": (("user", "enable", "ivo"), "ivo enabled"),
    "user passwd": (("user", "passwd", "ivo"), "new password set for ivo"),
}


def test_every_command_has_a_smoke_test() -> None:
    assert set(SMOKE) | {"demo", "serve"} == cli_commands()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A store with a cluster, its evidence and an award, two snapshots, peers and a
    catalogue."""
    from criteria.loader import resolve

    work = tmp_path_factory.mktemp("smoke")
    env = {"CLEX_DB": str(work / "clex.db")}

    def clex(*args: str) -> Run:
        run = run_in_process(args, cwd=work, env=env)
        assert run.code == 0, run
        return run

    clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ")
    (work / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    (work / "more.yaml").write_text(
        "- {kind: member, title: Delta, type: sme, committed: yes, start: 2024-03-01}\n",
        encoding="utf-8",
    )
    clex("import", "ev.yaml", "--cluster", "nano")
    listed = json.loads(clex("evidence", "list", "--cluster", "nano", "--json").out)
    alpha = next(r["id"] for r in listed if r["title"] == "Alpha")
    for year in ("2023", "2024"):
        clex("assess", "--cluster", "nano", "--period", year, *AS_OF, "-o", f"y{year}.json")
    clex("label", "award", "gold", "--cluster", "nano", "--on", "2025-06-01", "--by", "EUCLES")
    base = read_snapshot(work / "y2024.json")
    (work / "peers").mkdir()
    for n in range(5):  # the same assessment as five other clusters', written by clex
        peer = as_another_cluster(base, f"peer{n}", f"P{n}")
        write_snapshot(peer, work / "peers" / f"p{n}.json")
    shutil.copy(resolve(None), work / "tiny.yaml")
    clex("init", "--cluster", "spare", "--name", "Spare")  # a withdrawn record to restore
    clex("import", "more.yaml", "--cluster", "spare")
    spare = json.loads(clex("evidence", "list", "--cluster", "spare", "--json").out)[0]["id"]
    clex("evidence", "withdraw", spare, "--cluster", "spare", "--reason", "a test")
    clex_env = {**env, "CLEX_PASSWORD": "a-long-password"}
    run = run_in_process(
        ["user", "add", "ivo", "--role", "manager", "--cluster", "nano"], cwd=work, env=clex_env
    )
    assert run.code == 0, run
    return work, alpha, spare


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(SMOKE))
def test_smoke(command: str, folder: tuple[Path, str, str], tmp_path: Path) -> None:
    prepared, alpha, spare = folder
    args, expected = SMOKE[command]
    args = tuple({ALPHA: alpha, SPARE: spare}.get(a, a) for a in args)
    runs = {}
    for how, runner in (("process", run_process), ("in process", run_in_process)):
        work = shutil.copytree(prepared, tmp_path / how.replace(" ", "-"))
        env = {"CLEX_DB": str(work / "clex.db"), "CLEX_PASSWORD": "a-long-password"}
        run = runner(args, cwd=work, env=env)
        runs[how] = Run(
            run.code, run.out.replace(str(work), "DIR"), run.err.replace(str(work), "DIR")
        )
    process, in_process = runs["process"], runs["in process"]
    assert process.code == 0, process
    assert expected in process.out, process
    assert (in_process.code, in_process.out, in_process.err) == (
        process.code,
        process.out,
        process.err,
    )


@pytest.mark.slow
def test_serve_smoke(folder: tuple[Path, str, str], tmp_path: Path) -> None:
    """`clex serve` as a user starts it: it says where it serves, the sign-in page
    answers there, and Ctrl-C (SIGINT) stops it."""
    import signal
    import socket
    import time
    import urllib.request

    work = shutil.copytree(folder[0], tmp_path / "serve")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = start_process(["serve", "--port", str(port), "--error-log", "errors.log"], cwd=work)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as answer:
                    assert answer.status == 200
                    assert "Sign in" in answer.read().decode()
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
                time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert f"on http://127.0.0.1:{port}/" in out
    assert "Traceback" not in err, err


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_demo_smoke(demo_run: Demo) -> None:
    assert demo_run.run.code == 0, demo_run.run
    assert "Open first:" in demo_run.run.out
    assert demo_run.run.err == ""  # no progress display when stderr is not a terminal
