"""The PDF report: the report's HTML (reports/html.py) -> WeasyPrint, for a board and an auditor.

Why it is built this way:
- the HTML is made apart (reports/html.py), so this module and the parallel writer
  (reports/parallel.py) both print the same HTML and import it one way;
- evidence text is hostile: besides autoescaped HTML, WeasyPrint gets `ReportFetcher`,
  which serves the report's own template folders and its own chart data (SVG/PNG
  `data:` URIs) and refuses everything else (no network, no `file:` outside), stopping
  the render instead of silently skipping (`refusals`);
- the document is reproducible: metadata dates come from the snapshot, charts are
  deterministic, and nothing reads the clock;
- a long appendix can be rendered in parts, in processes of their own (`workers`,
  see reports/parallel.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from weasyprint import Attachment
from weasyprint.urls import FatalURLFetchingError

from evidence.findings import Finding, UserDataError
from evidence.outfile import output_file, pdf_problem

from . import parallel
from .html import RenderedHtml, html_of, refused
from .progress import Progress, Step, silent
from .views import ReportContext
from .weasy import ReportFetcher, fewer_collections  # apart, for a parallel render's workers

log = logging.getLogger(__name__)


def pdf_options(ctx: ReportContext, templates: Path | None, pdfa: bool) -> dict[str, Any]:
    """`write_pdf` options: PDF/A-3b with the snapshot attached, or none."""
    if not pdfa:
        return {}
    snap = ctx.snapshot
    stamp = datetime(snap.created.year, snap.created.month, snap.created.day, tzinfo=UTC)
    return {
        "pdf_variant": "pdf/a-3b",
        "attachments": [
            Attachment(
                string=snap.to_json().encode("utf-8"),
                name=f"snapshot-{snap.cluster.slug}-{snap.period.label}.json",
                description="clex assessment snapshot (clex.assessment/1)",
                created=stamp,
                modified=stamp,
                relationship="Source",
                url_fetcher=ReportFetcher(templates),
            )
        ],
    }


@contextmanager
def refusals(templates: Path | None) -> Iterator[None]:
    """A template that fetches something not its own becomes the user's error."""
    try:
        yield
    except FatalURLFetchingError as exc:
        raise refused(templates, str(exc.__cause__ or exc)) from None
    except RecursionError:  # thousands of elements opened and never closed, by a template
        raise UserDataError(
            [
                Finding(
                    file=str(templates or "the report's templates"),
                    message="the report's HTML is nested too deeply for the PDF renderer "
                    "(a template that opens elements in a loop and closes them in another?)",
                )
            ],
            "the PDF was not written",
        ) from None


def write_pdf(
    ctx: ReportContext,
    out: Path,
    *,
    templates: Path | None = None,
    pdfa: bool = False,
    workers: int = 1,
    progress: Progress = silent,
) -> Path:
    """The PDF report of `ctx` to `out`; `workers` > 1 (0: as many as pay) renders a long
    appendix in that many processes (reports/parallel.py). `progress` hears of the HTML,
    the pages laid out and the PDF written (reports/progress.py)."""
    if workers != 1:
        plan = parallel.plan(ctx, workers, templates=templates, pdfa=pdfa)
        if len(plan) > 1:
            return parallel.write_pdf(ctx, out, plan, templates=templates, progress=progress)
    progress(Step("html", total=1))
    rendered = RenderedHtml(html_of(ctx, templates), templates)
    progress(Step("html", done=1, total=1, finished=True))
    options = pdf_options(ctx, templates, pdfa)
    with refusals(templates), fewer_collections():
        # laid out, then written (what `HTML.write_pdf` does), to tell the two apart
        progress(Step("layout"))
        document = rendered.document().render(**options)
        pages = len(document.pages)
        progress(Step("layout", 1, 1, pages=pages, finished=True))
        progress(Step("write", total=1, pages=pages))
        with output_file(out, check=pdf_problem) as tmp:  # whole and checked, or not at all
            document.write_pdf(tmp, **options)
        progress(Step("write", 1, 1, pages=pages, finished=True))
    log.info("wrote %s (%s)", out, "PDF/A-3b" if pdfa else "PDF")
    return out


__all__ = ["pdf_options", "refusals", "write_pdf"]
