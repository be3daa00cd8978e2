"""The manager's record commands: `clex evidence edit/withdraw/restore/history` and
`clex import undo/list` (with `clex import FILE...` itself as the fallback).

Why a module of its own: these commands change records the manager names, each as one
logged, reversible batch (`evidence.changes`); they need who acts (`--user`) and the
command line, which the root command keeps in its context. Each command opens the
store, calls one library function and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from evidence import outfile

from .choices import AnyClusterOpt, check_fields, check_ids
from .evidence_cmd import ClusterOpt, JsonOpt, import_, open_store
from .files import require_folder
from .output import console, count, print_json, table, usage_error
from .progress import ProgressOpt, shown
from .who import actor, command_line

# typer ships its own click; its group's methods take that click's Context
Context = Any


# -- clex evidence edit / withdraw / restore ---------------------------------------------
def edit(
    ctx: typer.Context,
    record_id: str = typer.Argument(..., metavar="ID", help="The record to change."),
    assignments: list[str] = typer.Argument(
        ...,
        metavar="FIELD=VALUE...",
        help="Fields to set, read as an import reads cells: title='New title', "
        "start=31.3.2024, committed=yes; an empty value clears the field.",
    ),
    cluster: str = ClusterOpt,
    workspace: Path = typer.Option(
        None, "--workspace", help="Folder an edited attachment must be in (default: here)."
    ),
) -> None:
    """Change fields of one record; logged field by field (`clex evidence history`) and
    undone with `clex import undo BATCH`."""
    from evidence.changes import edit as do_edit
    from evidence.changes import field_name, parse_assignments
    from evidence.models import kind_fields

    bare = [a for a in assignments if "=" not in a]
    if bare:  # a slip of the command line, not of the data: a usage error
        usage_error(
            "; ".join(f"{a!r} has no '=': write {a}=VALUE, or {a}= to clear it" for a in bare)
        )
    require_folder(workspace, "--workspace")
    store = open_store(ctx)
    check_ids(store, cluster, [record_id])
    kind = store.record(cluster, record_id)[0].kind
    fields = kind_fields(kind)
    names = [field_name(a.partition("=")[0].strip(), fields) for a in assignments]
    check_fields(kind, names, [*fields, "id", "kind", "cluster", "status"])
    with outfile.last_step():  # its one batch: once stored, a signal comes too late
        done = do_edit(
            store,
            cluster,
            record_id,
            parse_assignments(assignments),
            actor=actor(ctx),
            command=command_line(ctx),
            workspace=workspace,
        )
    _print_done(done, "edited")


def withdraw(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(..., metavar="ID...", help="The records to withdraw."),
    cluster: str = ClusterOpt,
    reason: str = typer.Option(..., "--reason", help="Why (kept in the record's history)."),
) -> None:
    """Withdraw records: they stay in the store and its history but no assessment counts
    them; `clex evidence restore` puts them back."""
    from evidence.changes import withdraw as do_withdraw

    _status_change(ctx, do_withdraw, cluster, ids, reason, "withdrawn")


def restore(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(..., metavar="ID...", help="Withdrawn records."),
    cluster: str = ClusterOpt,
    reason: str = typer.Option(None, "--reason", help="Why (kept in the record's history)."),
) -> None:
    """Put withdrawn records back, each with the status it had before."""
    from evidence.changes import restore as do_restore

    _status_change(ctx, do_restore, cluster, ids, reason, "restored")


def _status_change(
    ctx: typer.Context,
    change: Callable[..., Any],
    cluster: str,
    ids: list[str],
    reason: str | None,
    what: str,
) -> None:
    """A withdrawal or a restore: the ids checked first (every unknown one named), then
    one batch by this run's user and command line."""
    store = open_store(ctx)
    check_ids(store, cluster, ids)
    with outfile.last_step():  # its one batch: once stored, a signal comes too late
        done = change(
            store, cluster, ids, reason=reason, actor=actor(ctx), command=command_line(ctx)
        )
    _print_done(done, what)


def _print_done(done: Any, what: str) -> None:
    for line in done.lines:
        console.print(str(line), markup=False)
    if done.batch is not None:
        console.print(
            f"Batch {done.batch}: {what}; `clex import undo {done.batch}` reverses it.",
            markup=False,
        )


# -- clex evidence history -------------------------------------------------------------
def history(
    ctx: typer.Context,
    record_id: str = typer.Argument(..., metavar="ID", help="The record."),
    cluster: str = ClusterOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Everything that happened to a record, oldest first: who, when, what (created,
    field changed, status old -> new, withdrawn, restored, undone), from which file or
    command, and the note."""
    from evidence.record_history import record_history

    store = open_store(ctx)
    check_ids(store, cluster, [record_id])
    entries, versions = record_history(store, cluster, record_id)
    if as_json:
        print_json({"id": record_id, "history": entries, "versions": versions})
        return
    table(
        f"History of {record_id}",
        ["when", "who", "what", "field", "old", "new", "from", "note"],
        [
            (
                e["at"],
                e["who"],
                e["what"],
                e["field"] or "",
                e["old_text"],
                e["new_text"],
                e["from"] or "",
                e["note"] or "",
            )
            for e in entries
        ],
    )


# -- clex import undo / list, and clex import FILE... ----------------------------------
_FILES = "clex.import_files"
_HELP = "clex.import_help"


class ImportGroup(TyperGroup):
    """`clex import undo|list ...`; any other first word is `clex import FILE...` (so
    `clex import ./undo` imports a file named undo)."""

    runs_without_subcommand = True  # `clex import FILE...` is a command of its own

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            ctx.meta[_FILES] = list(args)
            return []
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Context, formatter: Any) -> None:
        """`clex import --help` shows the file import's arguments and options too (they
        used to show only under `clex import FILE --help`), then `undo` and `list`."""
        ctx.meta[_HELP] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            ctx.meta.pop(_HELP, None)

    def get_params(self, ctx: Context) -> list[Any]:
        params = super().get_params(ctx)
        if not ctx.meta.get(_HELP):
            return params
        own = [p for p in _file_import().get_params(ctx) if p.name != "help"]
        return own + params

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return ["[OPTIONS]", self.subcommand_metavar or ""]

    def invoke(self, ctx: Context) -> Any:
        args = ctx.meta.pop(_FILES, None)
        if args is None:
            return super().invoke(ctx)
        cmd = _file_import()
        with cmd.make_context(ctx.info_name, args, parent=ctx.parent) as sub:
            return cmd.invoke(sub)


def _file_import() -> Any:
    from .root_options import files_read_by_clex

    files = typer.Typer(add_completion=False)
    files.command("import")(import_)
    command = typer.main.get_command(files)
    files_read_by_clex(command)  # built here, apart from the root's tree
    return command


import_app = typer.Typer(
    cls=ImportGroup,
    subcommand_metavar="FILE... | undo BATCH | list",
    help="Import evidence: `clex import FILE... [--cluster SLUG] [--dry-run]` (all rows or "
    "none, every problem listed with its place; the options below); "
    "`clex import list` shows the batches, `clex import undo BATCH` reverses one.",
    no_args_is_help=True,
)


@import_app.command("undo")
def undo(
    ctx: typer.Context,
    batch: int = typer.Argument(..., metavar="BATCH", help="The batch (`clex import list`)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what the undo would change; write nothing."
    ),
    show_progress: bool = ProgressOpt,
) -> None:
    """Reverse a batch: records it created are withdrawn, records it changed get their
    earlier values back, its status changes are reversed. Itself a batch: undoing it
    applies the batch again."""
    from evidence.changes import undo as do_undo

    store = open_store(ctx)
    with (
        shown(forced=show_progress) as progress,
        progress.step(f"Undoing batch {batch}"),
        outfile.last_step(),  # its one batch: once stored, a signal comes too late
    ):
        done = do_undo(store, batch, actor=actor(ctx), command=command_line(ctx), dry_run=dry_run)
    for line in done.lines:
        console.print(str(line), markup=False)
    if dry_run:
        console.print(f"Dry run: batch {batch} was not undone; nothing was written.", markup=False)
        return
    console.print(
        f"Batch {batch} undone as batch {done.batch}; `clex import undo {done.batch}` "
        "applies it again.",
        markup=False,
    )


@import_app.command("list")
def list_batches(
    ctx: typer.Context,
    cluster: str | None = AnyClusterOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Every batch (an import run, an edit, a withdrawal, an undo): id, when, who, the
    command, records created and changed, statuses changed, and what undid it."""
    store = open_store(ctx)
    rows = store.batch_list(cluster)
    if as_json:
        print_json(rows)
        return
    table(
        count(len(rows), "batch", "batches") + (f" of {cluster}" if cluster else ""),
        ["batch", "when", "who", "action", "command", "created", "changed", "statuses", "undone"],
        [
            (
                r["id"],
                r["at"],
                r["actor"],
                r["action"] + (f" of {r['undoes']}" if r["undoes"] else ""),
                r["command"],
                r["created"],
                r["changed"],
                r["statuses"],
                f"by {r['undone_by']}" if r["undone_by"] else "",
            )
            for r in rows
        ],
    )
