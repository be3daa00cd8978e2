"""The issue's "Done when" walk: EVERY command of the `clex` app, enumerated from the app
itself (a new command joins the walk, and fails it until it has a line in `ARGS`), run
(a) with `--db` a file that is not a database: no traceback, the file unchanged;
(b) with its output and its store in a read-only folder: no traceback, exit 3 naming
    the folder for each command that writes a file there;
(c) on a store whose record title, review note and cluster name carry Rich markup and
    escape sequences: no traceback, no escape sequence printed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import Watch, Workspace, _mount, _unmount, expect


def commands() -> list[str]:
    """Every command path of the app: the leaves, and a group that runs something itself
    (`clex import FILE...`, a group class of its own)."""
    import typer.main
    from typer.core import TyperGroup

    from clex.cli import app

    found: list[str] = []

    def walk(cmd: object, path: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs is None:
            found.append(" ".join(path))
            return
        if path and type(cmd) is not TyperGroup:
            found.append(" ".join(path))
        for name, sub in subs.items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return sorted(found)


CATALOGUE = str(ROOT / "criteria" / "catalogues" / "ecei-gold.yaml")
ARGS: dict[str, list[str]] = {
    "init": ["init", "--cluster", "walk", "--name", "Walk [/x]", "--country", "CZ"],
    "template": ["template", "{d}/t.xlsx"],
    "assess": ["assess", "--cluster", "nano", "--period", "2024", "-o", "{d}/s.json"],
    "compare": ["compare", "{snap}", "{snap}"],
    "benchmark": ["benchmark", "{snap}", "--peers", "peers"],
    "verify": ["verify", "{snap}"],
    "report": ["report", "{snap}", "-o", "{d}/r.xlsx"],
    "demo": ["demo", "--out", "{demo}"],
    "criteria list": ["criteria", "list"],
    "criteria show": ["criteria", "show", "S1"],
    "criteria validate": ["criteria", "validate", CATALOGUE],
    "criteria schema": ["criteria", "schema"],
    "criteria path": ["criteria", "path"],
    "import": ["import", "in.yaml", "--cluster", "nano"],
    "import undo": ["import", "undo", "1", "--dry-run"],
    "import list": ["import", "list"],
    "evidence list": ["evidence", "list", "--cluster", "nano"],
    "evidence validate": ["evidence", "validate", "--cluster", "nano"],
    "evidence show": ["evidence", "show", "{id}", "--cluster", "nano"],
    "evidence review": [
        "evidence",
        "review",
        "{id}",
        "--cluster",
        "nano",
        "--status",
        "verified",
        "--reviewer",
        "auditor2",
        "--note",
        "[/x] ok",
    ],
    "evidence export": ["evidence", "export", "{d}/e.xlsx", "--cluster", "nano"],
    "evidence edit": ["evidence", "edit", "{id}", "--cluster", "nano", "notes=[/x] edited"],
    "evidence withdraw": ["evidence", "withdraw", "{id}", "--cluster", "nano", "--reason", "[/x]"],
    "evidence restore": ["evidence", "restore", "{id}", "--cluster", "nano"],
    "evidence history": ["evidence", "history", "{id}", "--cluster", "nano"],
    "label award": [
        "label",
        "award",
        "gold",
        "--cluster",
        "nano",
        "--on",
        "2024-01-01",
        "--by",
        "[/x] E",
    ],
    "label withdraw": ["label", "withdraw", "1", "--cluster", "nano", "--reason", "[/x]"],
    "label list": ["label", "list", "--cluster", "nano"],
    # an address not this machine's: the store is opened (and refused) before the address
    "serve": ["serve", "--host", "192.0.2.1"],
    "user add": ["user", "add", "[/x]", "--role", "admin", "--password-stdin"],
    "user list": ["user", "list"],
    "user disable": ["user", "disable", "[/x]"],
    "user enable": ["user", "enable", "[/x]"],
    "user passwd": ["user", "passwd", "[/x]", "--password-stdin"],
}
COMMANDS = commands()


def test_every_command_has_a_walk_line() -> None:
    assert "evidence list" in COMMANDS and "import" in COMMANDS, COMMANDS
    missing = sorted(set(COMMANDS) - set(ARGS))
    assert not missing, f"give these commands a line in ARGS: {missing}"


def _prepare(ws: Workspace, snap: str) -> None:
    (ws.path / "in.yaml").write_text(
        "- {kind: member, title: 'Walk [/x] [link=file:///etc/passwd]x[/link]', "
        "start: 2020-01-01}\n",
        encoding="utf-8",
    )
    (ws.path / "peers").mkdir()
    for i in range(5):
        shutil.copy(ws.path / snap, ws.path / "peers" / f"p{i}.json")
    (ws.path / "occupied").mkdir()  # not a demo folder: `demo` stops at once
    (ws.path / "occupied" / "keep.txt").write_text("mine")


def _args(command: str, *, d: Path, demo: Path, snap: str, record: str) -> list[str]:
    if command not in ARGS:
        pytest.fail(f"no walk line for `clex {command}`: add it to ARGS")
    return [
        a.replace("{d}", str(d))
        .replace("{demo}", str(demo))
        .replace("{snap}", snap)
        .replace("{id}", record)
        for a in ARGS[command]
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_walk_a_store_that_is_not_a_database(ws: Workspace, command: str) -> None:
    _prepare(ws, "plain.json")
    (ws.path / "notadb.db").write_text("just some text, not a database\n" * 50)
    args = _args(
        command, d=ws.path, demo=ws.path / "occupied", snap="plain.json", record=ws.base.plain_id
    )
    watch = Watch(str(ws.path / "notadb.db"), [])
    run = ws.run(*args, db="notadb.db")
    expect(run, (0, 2, 3))
    if run.code == 3:
        assert "notadb.db" in run.err, run
    watch.unchanged()


@pytest.mark.parametrize("command", COMMANDS)
def test_walk_a_read_only_folder(ws: Workspace, tmp_path: Path, command: str) -> None:
    _prepare(ws, "plain.json")
    ro = tmp_path / "ro"
    _mount(ro)
    try:
        shutil.copy(ws.plain, ro / "plain.db")
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        args = _args(command, d=ro, demo=ro / "demo", snap="plain.json", record=ws.base.plain_id)
        watch = Watch(str(ro / "plain.db"), [ro])
        run = ws.run(*args, db=str(ro / "plain.db"))
        writes_there = any("{d}" in a or "{demo}" in a for a in ARGS[command])
        expect(run, 3 if writes_there else (0, 1, 3), *([str(ro)] if writes_there else []))
        if run.code == 3:
            assert str(ro) in run.err, run
        watch.unchanged()
    finally:
        _unmount(ro)


@pytest.mark.parametrize("command", COMMANDS)
def test_walk_a_store_full_of_markup(ws: Workspace, command: str) -> None:
    _prepare(ws, "marked.json")
    args = _args(
        command, d=ws.path, demo=ws.path / "occupied", snap="marked.json", record=ws.base.marked_id
    )
    run = ws.run(*args, db=ws.marked)
    expect(run, (0, 1, 2), plain=True)
