"""Every option and argument of every `clex` command says what it is for in `--help`: the
test walks the command tree as Typer builds it, so an option added without `help=` fails
here, by its command and name."""

from __future__ import annotations

import itertools

import typer.main
from typer.core import TyperGroup

from clex.cli import app
from tests.conftest import Run


def _undocumented(cmd: object, path: tuple[str, ...]) -> list[str]:
    missing = [
        f"clex {' '.join(path)}: {'/'.join(getattr(p, 'opts', [])) or p.name}"
        for p in getattr(cmd, "params", [])
        if not getattr(p, "hidden", False) and not (getattr(p, "help", None) or "").strip()
    ]
    if isinstance(cmd, TyperGroup):
        for name, sub in sorted(cmd.commands.items()):
            missing += _undocumented(sub, (*path, name))
    return missing


def test_every_option_and_argument_has_help() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup) and len(root.commands) > 10
    assert _undocumented(root, ()) == []


def test_the_walk_finds_an_option_without_help() -> None:
    bare = typer.Typer()

    @bare.command()
    def one(flag: bool = typer.Option(False, "--flag"), said: int = typer.Option(0, help="x")):
        """One command."""

    @bare.command()
    def two() -> None:
        """Another, so that the app is a group."""

    assert _undocumented(typer.main.get_command(bare), ()) == ["clex one: --flag"]


def test_help_shows_the_new_options(clex) -> None:  # type: ignore[no-untyped-def]
    run: Run = clex("template", "--help")
    assert run.code == 0
    assert "--force" in run.out and "--lang" in run.out and "refused if it exists" in run.out
    run = clex("evidence", "list", "--help")
    assert "may be left out when the store holds only one cluster" in " ".join(run.out.split())


def test_import_help_lists_the_file_import_options(clex) -> None:  # type: ignore[no-untyped-def]
    run: Run = clex("import", "--help", env={"COLUMNS": "200"})
    assert run.code == 0, run
    assert "clex import [OPTIONS] FILE... | undo BATCH | list" in run.out
    for option in ["--cluster", "--kind", "--reviewer", "--skip-conflicts", "--dry-run", "--json"]:
        assert option in run.out, option
    assert "undo" in run.out and "list" in run.out
    undo: Run = clex("import", "undo", "--help")
    assert undo.code == 0, undo
    assert "--reviewer" not in undo.out  # only the import's own help widens


def _ragged(panel_out: str) -> list[str]:
    """The lines of a help's Commands panel that break before the line is full: a
    summary line that ends while the next line's first word would have fitted on it."""
    lines = panel_out.splitlines()
    start = next(i for i, line in enumerate(lines) if "Commands" in line and "╭" in line)
    rows = [line for line in lines[start + 1 :] if line.startswith("│")]
    if not rows:
        return ["no Commands panel"]
    first = rows[0]
    name_end = first.index(" ", 2)  # "│ name": the summary starts after the spaces that follow
    text_at = len(first) - len(first[name_end:].lstrip(" "))
    width = rows[0].rindex("│") - text_at - 1  # the summary column, less Rich's padding
    bad = []
    for row, following in itertools.pairwise(rows):
        continued = following[1:text_at].strip() == ""  # no command name: the same entry
        if not continued:
            continue
        said = row[text_at : row.rindex("│")].rstrip()
        next_word = following[text_at:].split()[0]
        if len(said) + 1 + len(next_word) <= width:
            bad.append(said)
    return bad


def test_command_lists_wrap_summaries_as_paragraphs(clex_process) -> None:  # type: ignore[no-untyped-def]
    """Each command's line in `clex --help` and its groups' help is its docstring's first
    paragraph, wrapped to the terminal: never broken where the source line ended."""
    for group in ([], ["evidence"], ["import"], ["criteria"], ["label"], ["user"]):
        run: Run = clex_process(*group, "--help", env={"COLUMNS": "80"})
        assert run.code == 0, run
        assert _ragged(run.out) == [], group
    root = " ".join(clex_process("--help", env={"COLUMNS": "80"}).out.replace("│", " ").split())
    assert "labels are reproduced, then the records changed" in root


def test_the_ragged_check_finds_a_broken_summary() -> None:
    panel = (
        "╭─ Commands ─────────────────────────────╮\n"
        "│ verify  Re-derive a snapshot: whether  │\n"
        "│         its total is                   │\n"
        "│         reproduced.                    │\n"
        "╰────────────────────────────────────────╯\n"
    )
    assert _ragged(panel) == ["its total is"]


def _helps(cmd: object, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every command's path in the tree, groups included."""
    found = [path]
    if isinstance(cmd, TyperGroup):
        for name, sub in sorted(cmd.commands.items()):
            found += _helps(sub, (*path, name))
    return found


def test_flags_take_no_value_in_the_help(clex) -> None:  # type: ignore[no-untyped-def]
    """A flag (`--json`, `--help`) is shown bare: Typer 0.29 printed it as `--json <bool>`,
    which reads as an option wanting a value, in every command's help (pyproject pins
    Typer below it). Every command of the tree is asked, and its flags found in the
    text."""
    root = typer.main.get_command(app)
    paths = _helps(root, ())
    assert len(paths) > 30
    for path in paths:
        run: Run = clex(*path, "--help", env={"COLUMNS": "120"})
        assert run.code == 0, (path, run)
        assert "--help" in run.out, path
        shown = [line for line in run.out.splitlines() if "<bool>" in line]
        assert shown == [], (path, shown)
