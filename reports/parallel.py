"""A long evidence appendix rendered in parts, in processes of their own, joined in page order.

Why it is built this way (issue 8): 100,000 records make an appendix of some 3,000
pages, and WeasyPrint lays them out on one core, nearly all of the report's time.
- The parts are the report itself up to a first run of the appendix, then later runs of
  the appendix (`appendix_part.html`), cut where the rows balance the work (`plan`). A
  part may begin inside an indicator's table, which then repeats its head as on any page
  the table runs over onto. Each part starts on a page of its own, so the parallel PDF
  may have a page more than the one-process PDF; records and their order are the same.
- "Page X of Y" counts the whole document, but a part's page count is only known once
  it is laid out. All parts are laid out at once; WeasyPrint makes the page margins
  (where the numbers are) after all of a document's pages, and there each worker reports
  its count and waits for its first page number and the total (reports/pdf_worker.py:
  the one place that relies on WeasyPrint's internals, its `make_margin_boxes(context,
  page, state)` step and the page counters in `state`; `check_weasyprint` fails loudly
  if that changes). Drawing and writing the PDF then go on in parallel too.
- WeasyPrint's Document and Page objects do not pickle (they hold Pango layouts), so each
  worker writes a PDF and `merge` joins them with pypdf: the pages in order, the first
  part's catalogue (metadata, language, outline), each later part's outline under the
  appendix's entry, and one name tree of every real anchor. A part that links to an
  anchor in another part (the areas table to the evidence, "the same records as") gets
  an invisible stub of it so that WeasyPrint keeps the link; stubs are dropped in the
  merged name tree, so every link lands on the real anchor.
- The contents page is in the first part with every section it lists, so its page
  numbers are right as they are. Later parts begin with the page strings (cluster,
  period, section) that earlier pages set, so headers and footers read the same.
Not for PDF/A (the merged file would need a new conformance check) nor for a templates
folder that overrides the templates the parts are made of: those render in one process.
"""

from __future__ import annotations

import html as htmllib
import logging
import os
import re
import tempfile
import time
from collections.abc import Sequence
from itertools import accumulate
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from evidence.outfile import Interrupted, interrupted, output_file, pdf_problem

from .context import same_evidence
from .html import refused, render_template, template_data
from .pdf_worker import work
from .progress import Progress, Step, silent
from .views import AppendixGroup, ReportContext

log = logging.getLogger(__name__)

MIN_RECORDS = 4000  # `workers=0`: one process for fewer records (about 120 pages)
MIN_CPUS = 3  # `workers=0`: one process on fewer CPUs (measured, see `auto_workers`)
# What the pages before the appendix cost to lay out, in appendix rows: 420-590 in four
# reports measured apart (the front alone against the appendix alone, December 2026:
# benchmark clusters of 1,000 and 10,000 records, the demo's two periods, with and
# without peers and trend). At 1,000 the first part had too little: for the 10,000-record
# report it waited 1.2-1.8 s for the second's page count, 2 processes took 0.90x of one
# instead of 0.73x (medians of 3, interleaved).
FRONT_ROWS = 500
GROUP_ROWS = 3  # an indicator's heading and table head, in rows
TITLE_CHARS = 60  # about this many characters of a record's title fit on one line
# A --templates folder that overrides any of these renders in one process: the parts
# are made of them, and a part must look like the pages it continues.
PART_TEMPLATES = frozenset(
    {
        "base.html",
        "report.html",
        "report.css",
        "macros.html",
        "appendix.html",
        "appendix_group.html",
        "appendix_part.html",
    }
)
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\shref="#([^"]+)"')

Plan = list[list[AppendixGroup]]  # the appendix groups (or runs of them) of each part


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan(ctx: ReportContext, workers: int, *, templates: Path | None, pdfa: bool) -> Plan:
    """The appendix of each part: one part (one process) unless parallel rendering applies.

    `workers`: the number of processes; 0 lets `auto_workers` pick by the records
    listed and the CPUs.
    """
    same = same_evidence(ctx.indicators)
    groups = [AppendixGroup.whole(i) for i in ctx.indicators]
    listed = sum(len(g.evidence) for g in groups if g.id not in same)
    if workers == 0:
        workers = auto_workers(listed, cpus())
    if workers <= 1:
        return [groups]
    if pdfa:
        log.info("PDF/A: rendering in one process")
        return [groups]
    if templates is not None:
        mine = sorted(n for n in PART_TEMPLATES if (templates / n).is_file())
        if mine:
            log.info("%s overridden: rendering in one process", ", ".join(mine))
            return [groups]
    return split(groups, same, workers)


def auto_workers(listed: int, cpus: int) -> int:
    """The processes `workers=0` picks: one on fewer than `MIN_CPUS` CPUs or below
    `MIN_RECORDS` records listed, else a part of `MIN_RECORDS` / 2 records at least and
    one per CPU at most.

    Why not on 2 CPUs (measured on the 2-core machine of BENCHMARKS.md, December 2026,
    `write_report(snap, out, workers=2)` against `workers=1`, medians of 2, wall-clock):
    appendix of 287 rows 1.62x slower, 384 rows 1.21x, 2,752 rows 1.00x, 3,988 rows 1.42x
    (1-minute load 5-10: the machine shared, as it mostly is); on the same machine nearly
    idle (load 1.4) 4,198 rows took 0.79x. Two processes also cost 35-80 % more CPU time
    (2,752 rows: 16.9 s against 12.0 s), and a part begins on a page of its own. So on 2
    cores the best case saves a fifth and the usual case loses up to half; the second
    core is seldom free. With 3 CPUs and more (not measured here) one is left for the
    parent and the rest of the machine, and `MIN_RECORDS` (the old rule) applies.
    `--workers N` chooses explicitly on any machine.
    """
    if cpus < MIN_CPUS or listed < MIN_RECORDS:
        return 1
    return max(1, min(cpus, listed // (MIN_RECORDS // 2)))


def _row_weight(title: str) -> int:
    return 1 + len(title) // TITLE_CHARS


def split(groups: Sequence[AppendixGroup], same: dict[str, str], parts: int) -> Plan:
    """`groups` cut into at most `parts` runs of about equal work, the first part also
    carrying the pages before the appendix (`FRONT_ROWS`)."""
    # A group listed in full costs its heading and table head plus its rows; one
    # shown as "the same records as" (or with none) costs about a heading.
    weights = [
        [_row_weight(e.title) for e in g.evidence] if g.evidence and g.id not in same else []
        for g in groups
    ]
    total = FRONT_ROWS + sum(GROUP_ROWS + sum(w) for w in weights)
    share = total / parts
    out: Plan = [[]]
    done = FRONT_ROWS
    for group, rows in zip(groups, weights, strict=True):
        if len(out) < parts and done + GROUP_ROWS / 2 > share * len(out) and out[-1]:
            out.append([])  # the boundary falls before this group
        done += GROUP_ROWS
        start = 0
        for k, weight in enumerate(rows):
            if len(out) < parts and done + weight / 2 > share * len(out) and k > start:
                out[-1].append(AppendixGroup(group.row, group.evidence[start:k], start > 0))
                out.append([])
                start = k
            done += weight
        out[-1].append(AppendixGroup(group.row, group.evidence[start:], start > 0))
    return [p for p in out if p]


# -- the parent ---------------------------------------------------------------------------


def _with_stubs(html: str) -> tuple[str, list[str]]:
    """`html` with an invisible anchor for each internal link whose target it lacks."""
    have = {htmllib.unescape(m) for m in _ID.findall(html)}
    wanted = {htmllib.unescape(m) for m in _HREF.findall(html)}
    stubs = sorted(wanted - have)
    if not stubs:
        return html, []
    block = '<div class="anchors">{}</div>'.format(
        "".join(f'<p id="{htmllib.escape(name)}"></p>' for name in stubs)
    )
    end = html.rfind("</body>")
    return html[:end] + block + html[end:], stubs


def part_html(ctx: ReportContext, parts: Plan, templates: Path | None) -> list[str]:
    """Each part's final HTML: the report with the first run, then the later runs."""
    data = template_data(ctx)
    out = [render_template(ctx, {**data, "appendix": parts[0]}, templates)]
    for groups in parts[1:]:
        out.append(
            render_template(ctx, {**data, "appendix": groups}, templates, "appendix_part.html")
        )
    return out


def write_pdf(
    ctx: ReportContext,
    out: Path,
    parts: Plan,
    *,
    templates: Path | None,
    progress: Progress = silent,
) -> Path:
    """Render the parts of `parts` in as many spawned processes, join them into `out`;
    `progress` hears of each part laid out and written (reports/progress.py)."""
    spawn = get_context("spawn")
    started = time.perf_counter()
    workers = []
    try:
        for _ in parts:  # started first: they import WeasyPrint while the HTML is made
            mine, theirs = spawn.Pipe()
            proc = spawn.Process(target=work, args=(theirs,), name="clex-pdf-part")
            proc.start()
            theirs.close()
            workers.append((proc, mine))
        with tempfile.TemporaryDirectory(prefix=".clex-pdf-", dir=out.parent) as folder:
            files = [Path(folder) / f"part-{k}.pdf" for k in range(len(parts))]
            stubs = []
            n = len(parts)
            progress(Step("html", total=1))
            htmls = part_html(ctx, parts, templates)
            progress(Step("html", 1, 1, finished=True))
            progress(Step("layout", 0, n))
            for (_, conn), html, file in zip(workers, htmls, files, strict=True):
                html, missing = _with_stubs(html)
                stubs.append(missing)
                conn.send({"html": html, "templates": templates, "out": str(file)})
            counts = []
            for _, conn in workers:
                counts.append(_expect(conn, "pages", templates))
                progress(Step("layout", len(counts), n, pages=sum(counts)))
            total = sum(counts)
            progress(Step("layout", n, n, pages=total, finished=True))
            for (_, conn), first in zip(workers, accumulate([0, *counts[:-1]]), strict=True):
                conn.send((first, total))
            progress(Step("write", 0, n, pages=total))
            for k, (_, conn) in enumerate(workers):
                warnings, times = _expect(conn, "done", templates)
                progress(Step("write", k + 1, n, pages=total))
                for level, message in warnings:
                    logging.getLogger("weasyprint").log(level, "%s", message)
                log.info(
                    "part %d: %s", k, ", ".join(f"{what} {t:.1f} s" for what, t in times.items())
                )
            laid_out = time.perf_counter()
            with output_file(out, check=pdf_problem) as tmp:  # whole and checked, or not at all
                merge(files, stubs, tmp)
            progress(Step("write", n, n, pages=total, finished=True))
    finally:
        for proc, conn in workers:
            conn.close()
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
                proc.join()
    log.info(
        "wrote %s: %s pages in %d processes (%.1f s, joining %.1f s)",
        out,
        " + ".join(map(str, counts)),
        len(parts),
        time.perf_counter() - started,
        time.perf_counter() - laid_out,
    )
    return out


def _expect(conn: Connection, kind: str, templates: Path | None) -> Any:
    """The worker's next message, which must be `kind`; its failure becomes ours."""
    try:
        got, value = conn.recv()
    except EOFError:
        if interrupted():  # SIGTERM to the process group ended the worker first
            raise Interrupted from None
        raise RuntimeError("a PDF worker process ended without an answer") from None
    if got == "refused":
        raise refused(templates, value)
    if got != kind:
        raise RuntimeError(f"PDF worker process failed:\n{value}")
    return value


# -- joining ------------------------------------------------------------------------------


def merge(files: Sequence[Path], stubs: Sequence[Sequence[str]], out: Path) -> None:
    """Join part PDFs: pages in order, the first part's catalogue, every part's outline
    (later parts' under the first part's last entry, the appendix), every real anchor."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=files[0])
    first_pages = [0]
    readers = [PdfReader(files[0])]
    for file in files[1:]:
        reader = PdfReader(file)
        readers.append(reader)
        first_pages.append(len(writer.pages))
        for page in reader.pages:
            writer.add_page(page)

    def target(reader: Any, first: int, dest: Any) -> ArrayObject:
        page = writer.pages[first + reader.get_destination_page_number(dest)]
        return _xyz(page.indirect_reference, dest.left, dest.top)

    names: dict[str, ArrayObject] = {}
    for reader, first, skip in zip(readers, first_pages, stubs, strict=True):
        for name, dest in reader.named_destinations.items():
            if name not in skip and name not in names:
                names[name] = target(reader, first, dest)
    entries = ArrayObject()
    for name in sorted(names):
        entries += [TextStringObject(name), names[name]]
    catalog = writer.root_object
    if "/Names" not in catalog:
        catalog[NameObject("/Names")] = DictionaryObject()
    tree = DictionaryObject({NameObject("/Names"): entries})
    catalog["/Names"][NameObject("/Dests")] = tree  # type: ignore[index]

    outline = writer.get_outline_root()
    appendix = outline.get("/Last")  # the first part's last top-level entry
    for reader, first in zip(readers[1:], first_pages[1:], strict=True):
        parent = appendix if appendix is not None else outline.indirect_reference

        def add(items: list[Any], parent: Any, reader: Any = reader, first: int = first) -> None:
            previous = parent
            for item in items:
                if isinstance(item, list):  # the children of the item before
                    add(item, previous)
                else:
                    previous = _outline_item(
                        writer, parent, item.title, target(reader, first, item)
                    )

        add(reader.outline, parent)
    writer.write(out)


def _xyz(page: Any, left: float | None, top: float | None) -> Any:
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject, NumberObject

    def number(value: float | None) -> Any:
        return NullObject() if value is None else FloatObject(value)

    return ArrayObject([page, NameObject("/XYZ"), number(left), number(top), NumberObject(0)])


def _outline_item(writer: Any, parent: Any, title: str, dest: Any) -> Any:
    """A new last child of outline item (or root) `parent`; counts updated as PDF wants."""
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, TextStringObject

    node = parent.get_object()
    item = DictionaryObject(
        {
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Parent"): parent,
            NameObject("/Dest"): dest,
        }
    )
    ref = writer._add_object(item)
    last = node.get("/Last")
    if last is None:
        node[NameObject("/First")] = ref
    else:
        last.get_object()[NameObject("/Next")] = ref
        item[NameObject("/Prev")] = last
    node[NameObject("/Last")] = ref
    # /Count: visible descendants of an open item (and the root), minus those of a
    # closed one; a new item is visible as far up as its ancestors are open.
    while node is not None:
        count = int(node.get("/Count", 0))
        node[NameObject("/Count")] = NumberObject(count - 1 if count < 0 else count + 1)
        if count < 0 or "/Parent" not in node:
            break
        node = node["/Parent"].get_object()
    return ref
