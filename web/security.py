"""The page's defences that every request passes: CSRF, headers, body size, login rate.

Why our own CSRF check rather than a middleware package: a middleware that reads the
token from the request body has to consume the body before the route does, and one
well-known package breaks multipart uploads that way; the header-only packages do not
cover plain HTML forms, which must work without JavaScript. Here the token lives in the
signed session (Starlette's `SessionMiddleware`, itsdangerous), every form carries it as
a hidden field and htmx sends it as the `X-CSRF-Token` header (`static/web.js`); it is
compared after Starlette has parsed the form with the same parser the route then reads
from its cache, so uploads are checked exactly like other forms.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UPLOAD_LIMIT = 20 * 1024 * 1024  # a workbook of 100,000 rows is about 6 MB

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def csrf_token(request: Request) -> str:
    """The session's token, made on first use (the sign-in page makes it)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def csrf_protect(request: Request) -> None:
    """Refuses (403) a state-changing request whose token is missing or not the session's.

    A FastAPI dependency of the whole application: GET, HEAD and OPTIONS pass."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            limit = getattr(request.app.state, "upload_limit", UPLOAD_LIMIT)
            form = await request.form(max_part_size=limit)
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(str(expected), given):
        raise HTTPException(status_code=403, detail="csrf")


class Guard:
    """ASGI middleware: security headers on every answer, and a request body over
    `limit` bytes refused with 413 before it is read into memory or onto disk."""

    def __init__(self, app: ASGIApp, limit: int = UPLOAD_LIMIT, secure: bool = False) -> None:
        self.app = app
        self.limit = limit
        self.headers = [*HEADERS]
        if secure:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0] not in dict(self.headers)]
                message = {**message, "headers": headers + self.headers}
            await send(message)

        try:
            await self.app(scope, counted, with_headers)
        except _TooLarge:
            if not started:
                await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f"The upload is larger than {limit // (1024 * 1024)} MB.".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LoginRate:
    """At most `attempts` refused sign-ins per client address in `window` seconds; then
    the address waits, whichever names it tries (spraying many accounts with a few
    passwords each stays under every account's lockout). Successful sign-ins do not
    count: an office behind one address signs in all morning. In memory, behind a lock
    (sign-ins run in the thread pool), a key forgotten once its window is over (and the
    oldest beyond `keep`); a restart forgets; the per-account lockout in the store does
    not. `web.users` counts the wrong passwords of names that are no user's with one."""

    def __init__(self, attempts: int = 30, window: float = 300.0, keep: int = 10_000) -> None:
        self.attempts = attempts
        self.window = window
        self.keep = keep  # the most keys remembered (the oldest forgotten first)
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> int:
        times = self._seen.get(client)
        if times is None:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._seen[client]
        return len(times)

    def blocked(self, client: str, now: float | None = None) -> bool:
        """Whether the address has used up its refused sign-ins for now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return self._recent(client, now) >= self.attempts

    def refused(self, client: str, now: float | None = None) -> None:
        """Counts one refused sign-in from the address."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(client, now)
            self._seen.setdefault(client, deque()).append(now)
            while len(self._seen) > self.keep:
                del self._seen[next(iter(self._seen))]


def client_of(request: Request) -> str:
    """The address a request came from (the proxy's, behind one)."""
    return request.client.host if request.client is not None else "unknown"
