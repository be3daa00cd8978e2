"""`clex user add|list|disable|enable|passwd`: the web page's users, from a terminal.

Why here as well as in the page: the first admin has to come from somewhere, and an
administrator who is locked out needs a way back that does not go through the page.
The rules (roles, password length, argon2id hashes) are `web.users`', the same the
admin's page uses. A password is never an option's value (it would stay in the shell's
history and in `ps`): it is asked for twice, or read from standard input with
`--password-stdin` (or the environment's `CLEX_PASSWORD`) for scripts.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

from evidence import outfile

from .choices import role_option
from .output import console, print_json, table, usage_error
from .session import open_store

if TYPE_CHECKING:
    from web.users import Actor

app = typer.Typer(
    help="The web page's users: add, list, disable, enable, new password.", no_args_is_help=True
)

PasswordStdinOpt = typer.Option(
    False,
    "--password-stdin",
    help="Read the password from standard input (one line) instead of asking.",
)


def _password(from_stdin: bool) -> str:
    """The password from standard input, CLEX_PASSWORD or the terminal. Why the checks: a
    closed standard input (`<&-`: Python's `sys.stdin` is None) and a password in another
    encoding than UTF-8 (a Latin-2 terminal, a variable set by a script) ended in
    tracebacks when it was read or hashed."""
    if from_stdin:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            usage_error("--password-stdin: standard input is empty")
        return _utf8("--password-stdin", line.rstrip("\r\n"))
    given = os.environ.get("CLEX_PASSWORD")
    if given:  # for a script or a container, as PGPASSWORD is for psql
        return _utf8("CLEX_PASSWORD", given)
    if sys.stdin is None or not sys.stdin.isatty():
        usage_error(
            "no terminal to ask the password on: pipe it in with --password-stdin "
            "or set CLEX_PASSWORD"
        )
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Again", hide_input=True) != first:
        usage_error("the two passwords differ; nothing was changed")
    return _utf8("the password", str(first))


def _utf8(where: str, password: str) -> str:
    """`password` unless it holds bytes that are not UTF-8 (kept by Python as surrogates)."""
    from evidence.store import is_utf8

    if not is_utf8(password):
        usage_error(
            f"{where}: the password is not UTF-8 text (the terminal or the script gave it in "
            "another encoding); give it in UTF-8"
        )
    return password


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="The name the user signs in with."),
    role: str = role_option("admin, manager, auditor, board or analyst."),
    cluster: str = typer.Option(
        None, "--cluster", metavar="SLUG", help="The cluster of a manager, auditor or board viewer."
    ),
    password_stdin: bool = PasswordStdinOpt,
) -> None:
    """Add a user of the web page (`clex serve`) with one role."""
    from web.users import add_user

    store = open_store(ctx)
    password = _password(password_stdin)
    with outfile.last_step():  # the user and its log line, one commit: then it is done
        user = add_user(store, name, role, cluster, password, by=_actor(ctx))
    console.print(
        f"added {user.name} ({user.role}{' of ' + user.cluster if user.cluster else ''})",
        markup=False,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the users: name, role, cluster, whether disabled or locked."""
    from web.users import users

    found = users(open_store(ctx))
    rows = [
        {"name": u.name, "role": u.role, "cluster": u.cluster, "disabled": u.disabled}
        for u in found
    ]
    if as_json:
        print_json(rows)
        return
    table(
        None,
        ["name", "role", "cluster", "state"],
        [
            [r["name"], r["role"], r["cluster"] or "", "disabled" if r["disabled"] else "active"]
            for r in rows
        ],
    )


def _switch(ctx: typer.Context, name: str, disabled: bool) -> None:
    from web.users import set_disabled

    store = open_store(ctx)
    with outfile.last_step():  # the change and its log line, one commit
        name = set_disabled(store, name, disabled, by=_actor(ctx))
    console.print(f"{name} {'disabled' if disabled else 'enabled'}", markup=False)


@app.command("disable")
def disable(
    ctx: typer.Context, name: str = typer.Argument(..., metavar="NAME", help="The user to disable.")
) -> None:
    """Disable a user: their next request in the page is refused (nothing is deleted)."""
    _switch(ctx, name, True)


@app.command("enable")
def enable(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="The user to enable again."),
) -> None:
    """Enable a disabled user again."""
    _switch(ctx, name, False)


@app.command("passwd")
def passwd(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="The user whose password changes."),
    password_stdin: bool = PasswordStdinOpt,
) -> None:
    """Set a new password (it also lifts a lockout and ends the user's sessions)."""
    from web.users import set_password

    store = open_store(ctx)
    password = _password(password_stdin)
    with outfile.last_step():  # the new hash and its log line, one commit
        name = set_password(store, name, password, by=_actor(ctx))
    console.print(f"new password set for {name}", markup=False)


def _actor(ctx: typer.Context) -> Actor:
    from web.users import Actor

    from .who import actor

    return Actor("clex user: " + actor(ctx))
