"""Reports: the PDF for a board and an auditor, and the Excel workbook, from snapshots only.

`write_report` is the entry point (the `clex report` and `clex demo` commands call it);
`render_html` gives the PDF's final HTML, so that WeasyPrint's share can be timed apart.
Reports read snapshots, never the store, so a snapshot mailed to an auditor can be
turned into the same report anywhere. WeasyPrint, openpyxl and matplotlib are imported
only when a report is written, so that importing this package stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from evidence.findings import Finding, UserDataError

if TYPE_CHECKING:
    from assessment.benchmark import PeerFile
    from assessment.snapshot import Snapshot

    from .html import RenderedHtml
    from .progress import Progress

FORMATS = (".pdf", ".xlsx")


def write_report(
    snapshot: Snapshot,
    out: Path,
    *,
    compare: Sequence[Snapshot] = (),
    peers: Sequence[Snapshot | PeerFile] = (),
    lang: str = "en",
    templates: Path | None = None,
    pdfa: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
) -> Path:
    """Write the report for `snapshot` to `out`; the suffix (.pdf or .xlsx) picks the format.

    `compare`: earlier snapshots of the same cluster (trend, and the previous period for
    changes); `peers`: other clusters' snapshots, or `collect_peers`' files (benchmark:
    what cannot be compared is left out, and the report says why). `templates` only affects
    the PDF (the workbook ignores it); `pdfa` with .xlsx is an error. `workers` (PDF
    only): render a long evidence appendix in that many processes, joined in page order;
    0 picks the number by the appendix's length and the CPUs (one process below about
    4,000 records, and always on 2 CPUs or fewer, where it measured slower: see
    `reports.parallel.auto_workers`). `progress` is
    called with each step (reports/progress.py); by default nothing is shown. Problems
    with the inputs raise `UserDataError`.
    """
    from .context import build_context
    from .i18n import LANGUAGES, Lang
    from .progress import Step, silent

    tell = progress or silent

    out = Path(out)
    suffix = out.suffix.lower()
    problems = []
    if suffix not in FORMATS:
        problems.append(
            Finding(
                file=str(out),
                message=f"cannot write a {suffix or 'suffix-less'} report; "
                "name the output .pdf or .xlsx",
            )
        )
    if lang not in LANGUAGES:
        problems.append(
            Finding(message=f"no report language {lang!r}; use one of {', '.join(LANGUAGES)}")
        )
    if suffix == ".xlsx" and pdfa:
        problems.append(Finding(file=str(out), message="PDF/A applies to .pdf reports only"))
    if workers < 0:
        problems.append(Finding(message=f"workers must be 0 (automatic) or more, not {workers}"))
    if not out.parent.is_dir():
        problems.append(Finding(file=str(out.parent), message="no such folder"))
    if problems:
        raise UserDataError(problems, f"cannot write the report {out}")
    tell(Step("prepare", total=1))
    ctx = build_context(snapshot, compare_with=compare, peers=peers, lang=Lang(lang))
    tell(Step("prepare", done=1, total=1, finished=True))
    if suffix == ".pdf":
        from .pdf import write_pdf

        return write_pdf(ctx, out, templates=templates, pdfa=pdfa, workers=workers, progress=tell)
    from .excel import write_workbook

    tell(Step("workbook", total=1))
    written = write_workbook(ctx, out)
    tell(Step("workbook", done=1, total=1, finished=True))
    return written


def render_html(
    snapshot: Snapshot,
    *,
    compare: Sequence[Snapshot] = (),
    peers: Sequence[Snapshot | PeerFile] = (),
    lang: str = "en",
    templates: Path | None = None,
) -> RenderedHtml:
    """The final HTML of the PDF report, and the base URL and fetcher WeasyPrint needs
    (see `reports.html.render_html`)."""
    from .html import render_html as render

    return render(snapshot, compare=compare, peers=peers, lang=lang, templates=templates)


__all__ = ["FORMATS", "render_html", "write_report"]
