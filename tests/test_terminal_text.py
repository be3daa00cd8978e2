"""Text from data reaches the terminal as text: never read as Rich markup, never with
escape sequences or control characters; the store keeps what the user typed (issue 21,
item 5). The hostile titles, names, notes and catalogue are written by the tests."""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from clex.output import SafeConsole, console, err_console, terminal_text
from tests.conftest import ROOT, Run

ESC_NOTE = (
    "see \x1b[31mRED\x1b[0m \x1b]8;;http://evil.example\x1b\\L\x1b]8;;\x1b\\ \x1b]0;PWNED\x07 ok"
)
NAME = "Evil [bold]Cluster[/x] \x1b[31mRED\x1b[0m"
TITLES = (
    "Newsletter [issue 3]",
    "Closing [/x] tag",
    "[link=file:///etc/passwd]click[/link]",
    "[bold]loud[/bold] news",
)
TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "200"}  # Rich's boxed tables, as on a terminal


def test_terminal_text_removes_escapes_and_controls_and_keeps_the_rest() -> None:
    assert terminal_text("Newsletter [issue 3]") == "Newsletter [issue 3]"
    assert terminal_text("a\x1b[31mred\x1b[0m b") == "ared b"
    assert terminal_text("x\x1b]8;;http://e\x1b\\L\x1b]8;;\x1b\\y") == "xLy"
    assert terminal_text("t\x1b]0;title\x07!") == "t!"
    assert terminal_text("c1\x9b31mz\x85") == "c1z"
    assert terminal_text("bidi \u202eevil\u202c ok") == "bidi evil ok"
    assert terminal_text("two\nlines\ttab\r\x00\x07") == "two\nlines tab"
    assert terminal_text("Žluťoučký kůň – ok") == "Žluťoučký kůň – ok"


def _fill(clex: Callable[..., Run], tmp_path: Path) -> str:
    """A store whose cluster name, titles and review note are hostile; returns a record id."""
    assert clex("init", "--cluster", "evil", "--name", NAME, "--founded", "2010").code == 0
    items = [
        {"kind": "communication", "channel": "website", "title": t, "start": f"2024-0{i + 1}-15"}
        for i, t in enumerate(TITLES)
    ]
    (tmp_path / "ev.yaml").write_text(yaml.safe_dump({"evidence": items}), encoding="utf-8")
    dry = clex("import", "ev.yaml", "--cluster", "evil", "--dry-run", env=TERMINAL)
    assert dry.code == 0, dry
    _shows_text(dry)
    assert clex("import", "ev.yaml", "--cluster", "evil").code == 0
    listed = clex("evidence", "list", "--cluster", "evil", "--json")
    rid = next(r["id"] for r in yaml.safe_load(listed.out) if r["title"] == TITLES[1])
    run = clex(
        "evidence", "review", rid, "--status", "needs_info", "--reviewer", "A [/x]", "--note",
        ESC_NOTE,
    )  # fmt: skip
    assert run.code == 0, run
    return str(rid)


def _clean(run: Run) -> None:
    text = run.out + run.err
    assert "Traceback" not in text, run
    assert "\x1b]" not in text and "\x1b[31m" not in text and "PWNED" not in text, run
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]", text), run


def _shows_text(run: Run) -> None:
    _clean(run)
    for title in TITLES:
        assert title in run.out, (title, run)


@pytest.mark.parametrize("env", [TERMINAL, {}], ids=["terminal", "pipe"])
def test_hostile_text_prints_as_text_in_every_command(
    clex: Callable[..., Run], tmp_path: Path, env: dict[str, str]
) -> None:
    rid = _fill(clex, tmp_path)
    _shows_text(clex("evidence", "list", "--cluster", "evil", env=env))
    for args in (
        ("evidence", "show", rid),
        ("evidence", "history", rid),
        ("import", "list"),
        ("evidence", "export", "out.xlsx", "--cluster", "evil"),
        ("assess", "--cluster", "evil", "--period", "2024", "-o", "s2024.json"),
        ("assess", "--cluster", "evil", "--period", "2023", "-o", "s2023.json"),
        ("compare", "s2023.json", "s2024.json"),
        ("benchmark", "s2024.json", "--peers", "s2023.json"),
        ("verify", "s2024.json"),
    ):
        run = clex(*args, env=env)
        assert run.code == 0, run
        _clean(run)
    history = clex("evidence", "history", rid, env=env)
    assert "see RED L  ok" in history.out and "A [/x]" in history.out, history
    assert "Evil [bold]Cluster[/x] RED" in clex("verify", "s2024.json", env=env).out
    # the store keeps what was typed; only the terminal's copy is cleaned
    with sqlite3.connect(tmp_path / "clex.db") as db:
        notes = [r[0] for r in db.execute("SELECT note FROM review_log WHERE note IS NOT NULL")]
    assert ESC_NOTE in notes


def test_catalogue_text_prints_as_text(clex: Callable[..., Run], tmp_path: Path) -> None:
    source = (ROOT / "criteria" / "catalogues" / "ecei-gold.yaml").read_text(encoding="utf-8")
    hostile = " [/x] [link=file:///etc/passwd]L[/link] \x1b[31m"
    text, n = re.subn(
        r"(\n    title: )([^\n'\"]+)\n",
        lambda m: f"{m.group(1)}{yaml.safe_dump(m.group(2) + hostile).split(chr(10))[0]}\n",
        source,
        count=4,
    )
    assert n == 4
    (tmp_path / "evil.yaml").write_text(text, encoding="utf-8")
    for env in (TERMINAL, {}):
        for args in (("criteria", "list", "-c", "evil.yaml"), ("criteria", "show", "G1", "-c", "evil.yaml")):  # fmt: skip
            run = clex(*args, env=env)
            assert run.code == 0, run
            _clean(run)
            if args[1] == "show":  # `list` cuts long titles on a terminal
                assert "[/x] [link=file:///etc/passwd]L[/link]" in run.out, run


# -- every print goes through the safe consoles ----------------------------------------

PRINTING = [*sorted((ROOT / "clex").glob("*.py")), ROOT / "assessment" / "verify_report.py"]
# a console of its own that prints only clex's own words: the report's progress bar
OWN_CONSOLES: set[str] = set()


def _calls(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if name in ("print", "typer.echo", "click.echo", "rich.print", "rprint", "typer.secho"):
            found.append((node.lineno, name))
        elif name in ("sys.stdout.write", "sys.stderr.write") and path.name != "output.py":
            # a fixed line of clex's own (the interrupted run's last words: no console may
            # be safe to use then) carries no user text
            if not all(isinstance(a, ast.Constant) for a in node.args):
                found.append((node.lineno, name))
        elif name.split(".")[-1] == "Console" and path.name not in ("output.py", *OWN_CONSOLES):
            found.append((node.lineno, name))
        for kw in node.keywords:
            if kw.arg == "markup" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                found.append((node.lineno, f"{name}(markup=...)"))
    return found


def test_commands_print_only_through_the_safe_consoles() -> None:
    """A command that prints around `clex.output` (print, typer.echo, a Console of its own,
    markup switched on) would show data's markup and escapes: this fails first."""
    assert isinstance(console, SafeConsole) and isinstance(err_console, SafeConsole)
    offenders = [f"{p.relative_to(ROOT)}:{line}: {what}" for p in PRINTING for line, what in _calls(p)]  # fmt: skip
    assert not offenders, offenders


def test_the_safe_console_ignores_markup_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    out = SafeConsole(force_terminal=False, width=200)
    out.print("[bold]x[/x] \x1b[31mred", markup=True)
    assert capsys.readouterr().out == "[bold]x[/x] red\n"
