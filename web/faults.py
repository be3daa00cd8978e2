"""A fault of clex while it answers a request: an error page for the user, one line for
the server's log, the details for the administrator in the error log.

Why an ASGI middleware and not FastAPI's handler of `Exception`: Starlette answers with
that handler and then raises the exception again for the server, so uvicorn wrote
"Exception in ASGI application" and the whole traceback into its log on every 500, and
closed the connection. Here the fault ends where it is caught: the browser gets the
"Something went wrong" page with the fault's number, the log one line naming the
request, the error and where its details are, and the error log (`clex serve
--error-log`) the traceback under that number, where an administrator looks it up when a
user quotes it. The user's data problems, the machine's trouble and refused pages are
answered by the application's own handlers before they get here.
"""

from __future__ import annotations

import logging
import secrets
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("web.app")
_WRITING = threading.Lock()  # one fault's block at a time: requests run in threads too


class Faults:
    """ASGI middleware: an exception no handler answered becomes the error page (500),
    a line in the log and a block in `error_log` (None: the details are not kept)."""

    def __init__(self, app: ASGIApp, error_log: Path | None = None) -> None:
        self.app = app
        self.error_log = error_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            fault = self.record(scope, exc)
            if started:  # a page cut short: the browser sees it end; nothing else to send
                return
            await _page(scope, fault)(scope, receive, send)

    def record(self, scope: Scope, exc: Exception) -> str:
        """The fault's number, its one line logged and its details kept."""
        fault = secrets.token_hex(4)
        request = f"{scope.get('method', '')} {scope.get('path', '')}"
        error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        kept = self._keep(fault, request, exc)
        log.error("fault %s of clex on %s: %s; %s", fault, request, error, kept)
        return fault

    def _keep(self, fault: str, request: str, exc: Exception) -> str:
        """Appends the fault's block to the error log; what the log line says of it."""
        if self.error_log is None:
            return "its details are not kept (no --error-log)"
        at = datetime.now(UTC).isoformat(timespec="seconds")
        details = "".join(traceback.format_exception(exc))
        block = f"--- fault {fault} at {at} on {request}\n{details}\n"
        try:
            with _WRITING, self.error_log.open("a", encoding="utf-8", errors="replace") as out:
                out.write(block)
        except OSError as trouble:
            return f"its details could not be written to {self.error_log}: {trouble.strerror}"
        return f"details in {self.error_log}"


def _page(scope: Scope, fault: str) -> Response:
    """The error page, in the user's language; plain text if even the page fails."""
    from .render import page

    try:
        return page(Request(scope), "error.html", status=500, problem="bug", fault=fault)
    except Exception:  # the templates or the session are the fault's own
        return PlainTextResponse(
            f"Something went wrong (fault {fault}); please tell the administrator.",
            status_code=500,
        )


def check_error_log(path: Path) -> str | None:
    """Why `path` cannot be the error log (None: it can): its folder is made and the file
    opened for appending, once, before the server listens."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as trouble:
        return trouble.strerror or str(trouble)
    return None
