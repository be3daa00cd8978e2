"""The page's language: English or Czech, as the reports.

Why a module of its own: the page says the reports' words (kinds, statuses, values,
the engine's messages) through `reports.i18n.Lang`, and its own words (menus, buttons,
forms) through `web/locale/cs/LC_MESSAGES/web.po`; the two catalogues are chained, so a
template needs one `_()`. The language is the session's choice (the EN/CZ switch), else
the browser's first preference between the two.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.requests import Request

from reports.i18n import LANGUAGES, Lang, po_translations

LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def page_lang(code: str) -> Lang:
    """The reports' `Lang` of `code` whose messages are the page's first, then the reports'."""
    lang = Lang(code)
    own = po_translations(LOCALE_DIR / code / "LC_MESSAGES" / "web.po", code)
    if code != "en":
        own.add_fallback(lang.translations)
        lang.translations = own
    return lang


def lang_of(request: Request) -> Lang:
    """The request's language, as the page's `Lang` (what a route words its text with)."""
    return page_lang(chosen(request))


def chosen(request: Request) -> str:
    """The session's language, else the browser's preference, else English."""
    asked = request.session.get("lang")
    if asked in LANGUAGES:
        return str(asked)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"
