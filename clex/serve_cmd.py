"""`clex serve`: the web page over the store, served by uvicorn.

Why a command of its own and so little in it: the application is `web.app.create_app`;
this opens the store first (a missing or broken store is the same clear error as for
every other command), takes the address before anything else (an address in use or not
this machine's is a usage error naming it, not uvicorn's log line), reads the session
key from `CLEX_SECRET_KEY` when it is set (sessions then survive a restart), makes sure
the error log can be written (`web.faults`: a fault of clex is a page with its number, a
line in the log and its details there) and hands the listening socket to uvicorn.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import typer

from .files import require_folder
from .output import console, usage_error
from .session import open_store


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="The port to listen on."),
    peers: Path = typer.Option(
        None,
        "--peers",
        metavar="DIR",
        help="A folder of peer snapshots for the benchmark, besides the store's clusters.",
    ),
    workspace: Path = typer.Option(
        None,
        "--workspace",
        metavar="DIR",
        help="The folder the records' attachments are in, for downloads "
        "(default: the SQLite store's folder, else here).",
    ),
    https: bool = typer.Option(
        False,
        "--https",
        help="The page is reached over HTTPS (behind a proxy): Secure cookies, HSTS.",
    ),
    error_log: Path = typer.Option(
        None,
        "--error-log",
        metavar="FILE",
        help="Where the details of a fault of clex are kept, under the number its error "
        "page shows (default: $XDG_STATE_HOME/clex/serve-errors.log, "
        "~/.local/state/clex/serve-errors.log).",
    ),
) -> None:
    """Serve the web page (sign-in, dashboards, evidence, review, import, reports)."""
    store = open_store(ctx)  # refuses a missing or broken store before anything listens
    require_folder(peers, "--peers")
    require_folder(workspace, "--workspace")
    secret = _secret()
    errors = _error_log(error_log)
    listening = _listen(host, port)
    import uvicorn

    from web.app import create_app

    app = create_app(
        store.url,
        secret=secret,
        secure=https,
        peers=peers,
        workspace=workspace,
        error_log=errors,
    )
    if sys.stdout is not None:  # a server started with stdout closed (`>&-`) still serves
        console.print(
            f"clex serves {store.where} on http://{host}:{port}/ (Ctrl-C stops); "
            f"faults of clex are detailed in {errors}",
            markup=False,
        )
    config = uvicorn.Config(app, log_level="warning", proxy_headers=https)
    uvicorn.Server(config).run(sockets=[listening])


def _secret() -> str | None:
    """CLEX_SECRET_KEY (None: a new one each start), refused unless it is UTF-8 text.
    Why: one set in another encoding served every request as a 500, each with a
    traceback in the server's log (the session cookie is signed with it)."""
    from evidence.store import is_utf8

    secret = os.environ.get("CLEX_SECRET_KEY") or None
    if secret is not None and not is_utf8(secret):
        usage_error("CLEX_SECRET_KEY is not UTF-8 text; set it to UTF-8 characters")
    return secret


def _error_log(given: Path | None) -> Path:
    """The error log (`web.faults`), made writable before anything listens, or a usage
    error naming it: the details of a fault are what an administrator needs, and a log
    that cannot be written is found out now, not when a user quotes a fault's number."""
    from web.faults import check_error_log

    if given is not None:
        where, option = given, "--error-log"
    else:
        where, option = _state_folder() / "clex" / "serve-errors.log", "the error log"
    trouble = check_error_log(where)
    if trouble is not None:
        usage_error(
            f"{option} {where}: cannot write there ({trouble}); "
            "give --error-log FILE in a folder you may write to"
        )
    return where.absolute()


def _state_folder() -> Path:
    """$XDG_STATE_HOME (when it is an absolute path, as the XDG rules ask), else
    ~/.local/state; without a home (HOME unset, no entry in the user database) a usage
    error: Python's `Path.home()` raised a RuntimeError."""
    state = os.environ.get("XDG_STATE_HOME") or ""
    if Path(state).is_absolute():
        return Path(state)
    try:
        return Path.home() / ".local" / "state"
    except RuntimeError:
        usage_error(
            "no home folder to keep the error log in (HOME is not set): give --error-log FILE"
        )


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to the address, or a usage error saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except (OSError, UnicodeError) as exc:  # a host name that is not UTF-8: the latter
        reason = getattr(exc, "strerror", None) or "not a host name"
        usage_error(f"--host {host} --port {port}: cannot listen there ({reason})")
    return sock
