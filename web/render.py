"""Pages from templates: one Jinja2 environment per language, autoescape on.

Why a module of its own: every page gets the same things (the signed-in user, the CSRF
token its forms carry, the language and its filters, the menu the user's role may
see), and text from evidence must only ever reach HTML through autoescaped variables,
as in the reports. `page()` is the one way a route answers with HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send

from reports.html import lang_environment

from .i18n import chosen, page_lang

TEMPLATES = Path(__file__).with_name("templates")
CHUNK = 32 * 1024  # characters of a streamed page sent at once
_TAKE = 256  # Jinja's pieces joined at once (a few KB: a chunk is still ~CHUNK)


@functools.cache
def environment(code: str) -> jinja2.Environment:
    """The page templates' environment in `code`, compiled once per process."""
    lang = page_lang(code)
    env = lang_environment(lang, jinja2.FileSystemLoader(str(TEMPLATES)))
    env.globals["lang"] = lang
    return env


def context(request: Request, **values: Any) -> dict[str, Any]:
    """What every template may use, and the route's own `values`."""
    from .access import may

    user = getattr(request.state, "user", None)
    code = chosen(request)
    return {
        "request": request,
        "user": user,
        "csrf": request.session.get("csrf", ""),
        "code": code,
        "may": (lambda action, cluster=None: user is not None and may(user, action, cluster)),
        **values,
    }


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """The template rendered for this request, in the request's language."""
    env = environment(chosen(request))
    html = env.get_template(template).render(context(request, **values))
    return HTMLResponse(html, status_code=status)


def streamed(request: Request, template: str, **values: Any) -> Response:
    """The template rendered for this request as it is generated, sent in chunks of
    ~32 KiB (the values must be read before: an error half-way cannot become an error
    page). For a page whose length grows with what it lists."""
    env = environment(chosen(request))
    parts = env.get_template(template).generate(context(request, **values))
    return Streamed(_chunks(parts))


class Streamed(Response):
    """A page sent chunk by chunk from the event loop (each chunk a few milliseconds of
    Jinja at most). Unlike Starlette's `StreamingResponse` it starts no task to listen
    for the client going away: that task cost more than the whole of a 50-row page,
    and a page's rest is cheap to finish generating for a client that left."""

    media_type = "text/html; charset=utf-8"

    def __init__(self, chunks: Iterator[bytes], status_code: int = 200) -> None:
        self.chunks = chunks
        self.status_code = status_code
        self.background = None
        self.init_headers(None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # the first chunk made before the status goes out: a template that fails in it (a
        # short page fits in one) is still an error page, not a 200 cut short
        held = next(self.chunks, b"")  # one behind: the last chunk says it is the last
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        for chunk in self.chunks:
            await send({"type": "http.response.body", "body": held, "more_body": True})
            held = chunk
        await send({"type": "http.response.body", "body": held, "more_body": False})


def _chunks(parts: Iterator[str]) -> Iterator[bytes]:
    """The template's output in chunks of at least `CHUNK` characters. Jinja yields a
    piece per literal and per value (a thousand for a list of 50 rows); the pieces are
    taken `_TAKE` at a time by `islice` and joined in C, not looked at one by one."""
    buffer: list[str] = []
    size = 0
    while pieces := list(islice(parts, _TAKE)):  # a list: empty pieces are not the end
        taken = "".join(pieces)
        buffer.append(taken)
        size += len(taken)
        if size >= CHUNK:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()
