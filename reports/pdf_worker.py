"""One part of a parallel PDF render, in a spawned process of its own (reports/parallel.py).

Imports WeasyPrint and `reports.weasy` only: a worker starts while the parent still
builds the HTML, and every second of its start is a second on the critical path.
The protocol on the pipe: the parent sends the job (HTML, templates folder, PDF path);
the worker lays it out and, where WeasyPrint makes the page margins, sends
("pages", its page count) and waits for (its first page number - 1, the total); then it
writes its PDF and sends ("done", (WeasyPrint's warnings, timings)). A failure is
("refused", message) for an asset the report may not fetch, else ("error", traceback).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, NoReturn


def check_weasyprint() -> Callable[..., Any]:
    """WeasyPrint's margin-box step, which `_Numbering` wraps; an error if it changed."""
    import inspect

    import weasyprint.layout as layout

    step = getattr(layout, "make_margin_boxes", None)
    if step is None or list(inspect.signature(step).parameters) != ["context", "page", "state"]:
        raise RuntimeError(
            f"WeasyPrint {__import__('weasyprint').__version__} lays out page margins in a "
            "way reports/parallel.py does not know; render with workers=1"
        )
    return step


class _Numbering:
    """Page numbers of a part: its pages counted from `first` + 1, of `total` in all.

    Wraps `weasyprint.layout.make_margin_boxes`, which WeasyPrint calls for each page
    once all pages are laid out: on the first call the part's page count goes to the
    parent, which answers with the numbering once every part has reported.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.step = check_weasyprint()
        self.first: int | None = None
        self.total = 0
        self.reported = self.numbered = 0.0  # when it asked, and got its numbers

    def __call__(self, context: Any, page: Any, state: Any) -> Any:
        quote_depth, counters, scopes, *rest = state
        if self.first is None:
            self.reported = time.perf_counter()
            self.conn.send(("pages", counters["pages"][0]))
            self.first, self.total = self.conn.recv()
            self.numbered = time.perf_counter()
        counters = {
            **counters,
            "page": [n + self.first for n in counters.get("page", [0])],
            "pages": [self.total],
        }
        return self.step(context, page, (quote_depth, counters, scopes, *rest))


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append((record.levelno, record.getMessage()))


def work(conn: Connection) -> None:
    """One part: lay out, learn its page numbers, write its PDF (a spawned process)."""
    import signal

    # Ctrl-C reaches the whole process group: the parent decides, and ends the workers
    # (a worker's own KeyboardInterrupt would print a traceback on the terminal)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import weasyprint.layout as layout
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        from .weasy import BASE_URL, ReportFetcher, fewer_collections

        numbering = _Numbering(conn)
        layout.make_margin_boxes = numbering  # this process renders this part only
        warnings = _Warnings()
        logging.getLogger("weasyprint").addHandler(warnings)
        ready = time.perf_counter()
        job = conn.recv()
        started = time.perf_counter()
    except BaseException as exc:  # the parent is waiting for an answer
        _answer(conn, ("error", repr(exc)))
        return
    try:
        templates = job["templates"]
        with fewer_collections():
            document = HTML(
                string=job["html"], base_url=BASE_URL, url_fetcher=ReportFetcher(templates)
            ).render()
            if numbering.first is None:
                raise RuntimeError("WeasyPrint laid out no page margins; cannot number pages")
            laid_out = time.perf_counter()
            document.write_pdf(job["out"])
        times = {
            "waited for its HTML": started - ready,
            "laid out": numbering.reported - started,
            "waited for its numbers": numbering.numbered - numbering.reported,
            "finished layout": laid_out - numbering.numbered,
            "wrote": time.perf_counter() - laid_out,
            "CPU in all": time.process_time(),
        }
        conn.send(("done", (warnings.seen, times)))
    except FatalURLFetchingError as exc:
        _answer(conn, ("refused", str(exc.__cause__ or exc)))
    except BaseException:
        import traceback

        _answer(conn, ("error", traceback.format_exc()))
    else:
        _leave()


def _leave() -> NoReturn:
    """Ends a worker whose part is written and answered, without the interpreter's
    teardown: that frees the laid-out document object by object, and the parent waits
    for it (`join`) before the report is done: 0.5-0.6 s of the 6.5 s that two
    processes took for a 10,000-record report (December 2026)."""
    import os
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _answer(conn: Connection, message: tuple[str, Any]) -> None:
    """A failure to the parent, unless the parent is gone (interrupted: it ended first)."""
    import contextlib

    with contextlib.suppress(OSError):  # a broken pipe: nobody to tell, nothing to print
        conn.send(message)
