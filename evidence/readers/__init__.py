"""Read a user's file into rows: `.xlsx`, `.csv`, `.yaml`/`.json`, and pages (`.txt`, `.html`).

`read_rows` is the one entry: it picks the reader by the file's suffix. One module per
format: `xlsx`, `csvfile`, `mapping` (YAML and JSON) and pages (through `evidence.pages`,
a package of its own); `rows` holds the `RawRow` they yield and the
header mapping they share.

A tabular reader only finds rows and names their columns; it does not judge values.
That is `ingest`'s job, the same for every format, so a bad date reads the same
complaint whether it came from Excel or YAML; the one thing decided over a column,
`1,250` (1250 or 1.25?), is settled over the rows before that (`numbercolumns`). A
page is different: its items are read from prose, so the page reader yields draft
`Record`s itself, for a manager to review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..encodings import EncodingError, decode
from ..encodings import name as encoding_name
from ..findings import Finding, Location
from ..messages import M
from ..models import Record
from ..pages.html import MAX_HTML_CHARS
from .csvfile import csv_rows
from .mapping import mapping_rows
from .numbercolumns import settle_numbers
from .rows import REVIEW_COLUMNS, RawRow, map_header, normalise_header
from .xlsx import xlsx_rows

__all__ = [
    "MAX_FILE_BYTES", "PAGE_SUFFIXES", "REVIEW_COLUMNS", "RawRow", "map_header",
    "normalise_header", "read_rows",
]  # fmt: skip

MAX_FILE_BYTES = 200_000_000
PAGE_SUFFIXES = (".txt", ".html", ".htm")
MAX_PAGE_BYTES = MAX_HTML_CHARS  # a page file: the page importer's own limit (pages.html)


def read_rows(
    path: Path,
    *,
    kind: str | None,
    findings: list[Finding],
    cluster: str | None = None,
    cluster_name: str | None = None,
) -> Iterator[RawRow | Record]:
    """The rows of one file; problems with the file itself go to `findings`.

    A workbook, CSV or YAML/JSON file gives `RawRow`s; a page gives draft `Record`s of
    `cluster` (required for a page), with `cluster_name` to recognise "organised by ...".
    """
    suffix = path.suffix.lower()
    name = str(path)
    if suffix in PAGE_SUFFIXES:
        if cluster is None:
            raise ValueError("a page gives records of a cluster: pass cluster=")
        from ..pages.importer import page_records  # trafilatura is slow to import: only for pages

        text = _page_text(path, findings)
        if text is not None:
            yield from page_records(path, text, kind, cluster, cluster_name, findings)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        findings.append(Finding(file=name, message=f"cannot read the file: {exc.strerror}"))
        return
    if size > MAX_FILE_BYTES:
        findings.append(Finding(file=name, message="file is larger than 200 MB; split it"))
        return
    if suffix == ".xlsx" or suffix == ".xlsm":
        yield from settle_numbers(xlsx_rows(path, findings), findings)
    elif suffix == ".csv":
        yield from settle_numbers(csv_rows(path, kind, findings), findings)
    elif suffix in (".yaml", ".yml", ".json"):
        yield from settle_numbers(mapping_rows(path, kind, findings), findings)
    elif suffix == ".gz":  # a page or a CSV saved compressed
        findings.append(Finding(file=name, message=GZIPPED))
    elif suffix == ".zip":
        findings.append(Finding(file=name, message=ZIPPED))
    else:
        findings.append(
            Finding(
                file=name,
                message=(
                    f"unsupported file type {suffix or '(none)'}; use .xlsx, .csv, .yaml, .json, "
                    ".txt or .html"
                ),
            )
        )


GZIPPED = M(
    "a gzip-compressed file: decompress it (gunzip, or 7-Zip on Windows) and import the "
    "file it holds"
)
ZIPPED = M("a zip archive: extract it and import the file it holds")


def _page_text(path: Path, findings: list[Finding]) -> str | None:
    """A page's text in whatever encoding it was saved (UTF-8, its declared charset,
    Windows-1250...), a warning naming any other than UTF-8; None when none reads it."""
    try:
        with path.open("rb") as fh:  # at most one byte past the limit: a 47 MB page is not read
            raw = fh.read(MAX_PAGE_BYTES + 1)
        if len(raw) > MAX_PAGE_BYTES:
            findings.append(
                Finding(
                    file=str(path),
                    message=(
                        f"the page is larger than {MAX_PAGE_BYTES // 1_000_000} MB; not read "
                        "(save the article alone, or split the page)"
                    ),
                )
            )
            return None
        text, codec = decode(raw, what="page")
    except OSError as exc:
        findings.append(Finding(file=str(path), message=f"cannot read the page: {exc.strerror}"))
        return None
    except EncodingError as exc:
        where = Location(byte=exc.byte)
        findings.append(Finding(file=str(path), location=where, message=exc.message))
        return None
    if codec not in ("utf_8", "utf_8_sig"):
        findings.append(Finding(file=str(path), message=f"read as {encoding_name(codec)}",
                                severity="warning"))  # fmt: skip
    return text
