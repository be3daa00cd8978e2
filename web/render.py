"""Pages from templates: one Jinja2 environment per language, autoescape on.

Why a module of its own: every page gets the same things (the signed-in user, the CSRF
token its forms carry, the language and its filters, the menu the user's role may
see), and text from evidence must only ever reach HTML through autoescaped variables,
as in the reports. `page()` is the one way a route answers with HTML.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from reports.html import lang_environment

from .i18n import chosen, page_lang

TEMPLATES = Path(__file__).with_name("templates")


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
