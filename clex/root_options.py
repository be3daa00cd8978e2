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

from typing import Any

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


def _as_given(param: _click.Parameter) -> None:
    """A text or flag option's value kept as click read it, without Typer's coercion.

    Why: Typer coerces every option's value through a pydantic `TypeAdapter` it builds on
    first use, and the root options are read on every command line, also `clex evidence
    --help`, which would then load pydantic (a tenth of a second) to hand back the same
    string. A `str` or `bool` option's value already is one (or None); any other option,
    or a Typer without this hook, keeps Typer's own coercion."""
    try:
        from typer._coercion import PassThroughRuntimeParam
    except ImportError:  # another Typer: its own coercion
        return
    desc = getattr(param, "type_descriptor", None)
    if (
        desc is None
        or desc.annotation not in (str, bool)
        or desc.file_annotation is not None
        or getattr(param, "_runtime_param", ...) is not None
    ):
        return
    param._runtime_param = PassThroughRuntimeParam(  # type: ignore[attr-defined]
        annotation=desc.annotation, parameter_info=desc.parameter_info
    )


def _values_as_given(command: _click.Command) -> None:
    """`_as_given` for the options every line reads on its way to its command: the
    options of each group, and the help option of each group and command (created when
    first asked for; an option not given has the value None, which Typer coerces too)."""
    if isinstance(command, TyperGroup):
        for param in command.params:
            _as_given(param)
        for sub in command.commands.values():
            _values_as_given(sub)
    make_help = command.get_help_option

    def get_help_option(ctx: _click.Context) -> Any:
        option = make_help(ctx)
        if option is not None:
            _as_given(option)
        return option

    command.get_help_option = get_help_option  # type: ignore[method-assign]


def files_read_by_clex(command: _click.Command) -> None:
    """No path parameter is checked for reading by Click: an unreadable file ended in
    Click's usage box (exit 2) naming the first such file only, where clex's own checks
    (`files.require_files`, the readers) name every file with what to do, exit 1."""
    for param in command.params:
        kind = param.type  # Typer's own path type (`TyperPath`), told by what it has
        if getattr(kind, "readable", None) is True and hasattr(kind, "exists"):
            kind.readable = False  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        files_read_by_clex(sub)


ARGV = "clex.argv"  # `Context.meta` key of the command line's words, as given


class RootGroup(TyperGroup):
    """The `clex` group: root options anywhere on the line (`hoist`); their values are
    taken as given (`_as_given`)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _values_as_given(self)
        files_read_by_clex(self)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        ctx.meta[ARGV] = list(args)  # the line as given: whose a path is (`files.more_paths`)
        return super().parse_args(ctx, hoist(self, ctx, args))
