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

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from evidence.store import Store


def open_store(ctx: typer.Context) -> Store:
    """The store named by the root option `--db`, opened on first use in this run."""
    from evidence.store import Store

    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    store: Store | None = root.obj.get("store")
    if store is None:
        store = Store(root.obj.get("db") or "clex.db")
        root.obj["store"] = store
        root.call_on_close(store.engine.dispose)
    return store
