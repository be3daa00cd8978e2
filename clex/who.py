"""Who changes the store, and the command line that did it: what every batch records.

Why a module of its own: the import (`evidence_cmd`) and the manager's record commands
(`records_cmd`) both start batches; the name comes from the global `--user` option
(`CLEX_USER`, else the login name, else "unknown") and the command line from what
`clex.cli.main` was given, both kept in the root command's context.
"""

from __future__ import annotations

import getpass
import shlex
import sys

import typer


def actor(ctx: typer.Context) -> str:
    """Who changes the store: `--user`/`CLEX_USER`, else the login name, else "unknown"."""
    name = (ctx.find_root().obj or {}).get("user")
    if name and str(name).strip():
        return fits("--user", str(name).strip())
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


def fits(option: str, name: str) -> str:
    """`name` as given, or a usage error when it is longer than the store holds (a person's
    name is `String(200)` in `evidence.schema`; PostgreSQL refuses more, SQLite would not)."""
    from evidence.models import NAME_MAX

    from .output import usage_error

    if len(name) > NAME_MAX:
        usage_error(f"{option}: {len(name):,} characters is too long (at most {NAME_MAX})")
    return name


def command_line(ctx: typer.Context) -> str:
    """The command line being run, as a batch records it, a store URL's password as ***
    (the batches are append-only: a password kept there could never be taken out)."""
    from evidence.store.guard import hide_password

    argv = (ctx.find_root().obj or {}).get("argv")
    return "clex " + hide_password(shlex.join(sys.argv[1:] if argv is None else argv))
