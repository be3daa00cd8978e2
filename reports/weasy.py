"""What WeasyPrint gets from clex besides the HTML: the base URL, a fetcher that serves
only the report's own assets, and a gentler garbage-collector setting.

A module of its own so that a worker process of a parallel render (reports/parallel.py)
imports WeasyPrint and this, not Jinja, the snapshot models and the charts.
"""

from __future__ import annotations

import gc
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

TEMPLATES = Path(__file__).with_name("templates")
BASE_URL = TEMPLATES.resolve().as_uri() + "/"  # relative URLs resolve against the templates
DATA_TYPES = frozenset({"image/svg+xml", "image/png"})
ASSET_SUFFIXES = frozenset(
    {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".ttf", ".otf"}
)


class AssetRefused(ValueError):
    """A URL the report may not fetch: anything but its own assets."""


class ReportFetcher(URLFetcher):
    """Serves files below the template folders and the report's own data: images.

    Only stylesheets, images and fonts are served, even from the user's folder. A
    relative URL in a template resolves against the package templates folder; a file of
    the same relative name in the user's folder wins, as templates do.
    """

    def __init__(self, user_templates: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.package = TEMPLATES.resolve()
        self.user = user_templates.resolve() if user_templates else None

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            media = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
            if media not in DATA_TYPES:
                raise AssetRefused(f"refused data: URL of type {media or 'text/plain'}")
            return super().fetch(url, headers)
        if scheme != "file":
            raise AssetRefused(f"refused {url[:80]}: a report fetches nothing from outside")
        path = self._local(Path(url2pathname(unquote(urlsplit(url).path))), url)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})

    def _local(self, wanted: Path, url: str) -> Path:
        real = wanted.resolve()
        if real.suffix.lower() not in ASSET_SUFFIXES:
            raise AssetRefused(f"refused {url[:200]}: not a stylesheet, image or font")
        roots = [r for r in (self.user, self.package) if r is not None]
        if real.is_relative_to(self.package) and self.user is not None:
            overlay = (self.user / real.relative_to(self.package)).resolve()
            if overlay.is_relative_to(self.user) and overlay.is_file():
                return overlay
        if any(real.is_relative_to(r) for r in roots) and real.is_file():
            return real
        raise AssetRefused(
            f"refused {url[:200]}: only the report's own template folders are served"
        )


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while WeasyPrint builds its box trees.

    Layout makes millions of objects that live until the PDF is written; with the
    default thresholds the collector walks them over and over. Measured on a 180-page
    report: 12 % faster, 8 % more memory (switched off entirely: 17 % faster, 60 % more).
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*before)
