"""The store a command line works on, opened once from `--db` (or `CLEX_DB`).

Why a module of its own: both the options that need the store while the command line
is parsed (`choices.ClusterOpt` resolves the cluster) and the commands themselves open
it; opening it twice would check its migrations twice. The first to ask opens it and
keeps it on the root context; it is closed when the command line's run ends, as the end
of the process closes it, so a run of `main()` in a process that goes on leaves no
connection behind. SQLAlchemy is imported here only when a store is opened, so
`clex --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .output import fail_with_findings, usage_error

if TYPE_CHECKING:
    from evidence.store import Store


def open_store(ctx: typer.Context, *, create: bool = False) -> Store:
    """The store named by the root option `--db`, opened on first use in this run.

    A SQLite file that does not exist is created only when `create` is given (`clex
    init`); any other command refuses it and creates nothing: `clex evidence list --db
    nosuch.db` used to leave an empty nosuch.db behind and report "no cluster"."""
    from evidence.store import Store

    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    store: Store | None = root.obj.get("store")
    if store is None:
        db = root.obj.get("db") or "clex.db"
        missing = sqlite_file(db)
        if not create and missing is not None and not missing.exists():
            fail_with_findings(
                [], f"no store {db}: `clex init --cluster SLUG --name NAME` creates one"
            )
        store = Store(db, create=create)
        root.obj["store"] = store
        root.call_on_close(store.engine.dispose)
    return store


def home_path(text: str, option: str) -> Path:
    """`text` as a path with a leading ~ or ~user expanded (a quoted "~/x" too, which the
    shell left alone), or a usage error when there is no such home folder (it was
    Python's RuntimeError and a traceback)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        first = text.split("/", 1)[0]
        usage_error(f"{option} {text}: no home folder for {first}; give the folder without it")


def sqlite_file(db: str) -> Path | None:
    """The file a `--db` value names when it is a SQLite file (a path, or a sqlite:///
    URL), else None (a server's URL, an in-memory database)."""
    if "://" not in db:
        return home_path(db, "--db")
    if db.startswith("sqlite") and "///" in db:
        path = db.split("///", 1)[1].split("?", 1)[0]
        return Path(path) if path and path != ":memory:" else None
    return None
