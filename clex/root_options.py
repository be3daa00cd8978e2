"""Root options (`--db`, `--user`, `--verbose`) accepted anywhere on the command line.

Why: people type the command first and the store last (`clex evidence list --db x.db`);
click reads a group's options only before its subcommand, so that line used to fail with
"No such option: --db". `RootGroup` (the `clex` group's class) moves every root option
found after the subcommand to just after the root options given before it, then lets
click parse as usual, so a root option written later on the line wins, as a repeated
option does in click.

The root options are read from the root command itself, so one added to the root
callback (e.g. `--user`) is accepted anywhere without a change here. A token is left
where it is when it cannot be a root option: the value of an option that takes one
(`--note -v` keeps "-v" as the note), anything after `--`, and an option of the same
name that the subcommand itself declares.
"""

from __future__ import annotations

from typer import _click  # Typer's own click (it no longer uses the click package)
from typer._click.exceptions import UsageError
from typer.core import TyperGroup, TyperOption


def _options(params: list[_click.Parameter]) -> dict[str, bool]:
    """Option name -> whether it takes a value, for every name of every option."""
    out: dict[str, bool] = {}
    for p in params:
        if isinstance(p, TyperOption):
            takes = not (p.is_flag or p.count)
            for name in [*p.opts, *p.secondary_opts]:
                out[name] = takes
    return out


def _all_options(ctx: _click.Context, group: TyperGroup) -> dict[str, bool]:
    """The options of a group and of every command under it (a group whose next word is
    not one of its commands, e.g. one that falls back to a default command)."""
    out = _options(group.params)
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if isinstance(sub, TyperGroup):
            out |= _all_options(ctx, sub)
        elif sub is not None:
            out |= _options(sub.params)
    return out


def hoist(root: TyperGroup, ctx: _click.Context, args: list[str]) -> list[str]:
    """`args` with the root options that follow the subcommand moved in front of it."""
    root_opts = _options(root.params)
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        name = args[i].split("=", 1)[0]
        i += 2 if root_opts.get(name) and "=" not in args[i] else 1
    head, rest = args[:i], args[i:]
    moved: list[str] = []
    kept: list[str] = []
    cmd: _click.Command = root
    own: dict[str, bool] = {}
    at_leaf = False
    j = 0
    while j < len(rest):
        token = rest[j]
        if token == "--":
            kept += rest[j:]
            break
        name = token.split("=", 1)[0]
        if name in root_opts and name not in own:
            takes = root_opts[name] and "=" not in token
            if takes and j + 1 == len(rest):  # else click took the next word as its value
                raise UsageError(f"Option '{name}' requires an argument.", ctx)
            moved += rest[j : j + (2 if takes else 1)]
            j += 2 if takes else 1
            continue
        if isinstance(cmd, TyperGroup) and not at_leaf and not token.startswith("-"):
            sub = cmd.get_command(ctx, token)
            if sub is not None:
                cmd = sub
                own = _options(sub.params)
                kept.append(token)
                j += 1
                continue
            at_leaf = True  # a word no command of the group has: its options are any of them
            own = _all_options(ctx, cmd)
        takes = own.get(name, False) and "=" not in token
        kept += rest[j : j + (2 if takes else 1)]
        j += 2 if takes else 1
    return head + moved + kept


class RootGroup(TyperGroup):
    """The `clex` group: root options anywhere on the line (`hoist`)."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist(self, ctx, args))
