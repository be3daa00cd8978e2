"""Import events and projects from a cluster's news and project pages (.txt or .html).

Clusters keep their history on their web pages: news items about events they organised
or attended, and descriptions of their projects. `split` splits such a page into
items (a heading and the paragraphs under it), `items` reads each item's dates,
kind, place, role, partners and funder, and this module turns every dated item into a
*draft* record whose source is the file and the character offset of the item's
heading, so that the manager reviews it before it counts. An item without a date is
reported as a problem and never given one; dates come only from `dates`, which
finds what the text states.

Page text is data: HTML goes through the standard library's parser (nothing is fetched,
no entity or link is resolved, script/style are dropped), and nothing is ever evaluated.
`clex import PAGE.txt|PAGE.html` reaches `page_records` through `readers.read_rows`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Location
from ..models import KINDS, Record, Source, make_record
from .dates import find_dates, find_partial_dates
from .items import ParsedItem, item_date, item_title, parse_item
from .split import PageItem, split_items, split_page

__all__ = [
    "PageItem", "PageResult", "ParsedItem", "find_dates", "page_records", "parse_page",
    "split_items", "to_records",
]  # fmt: skip


@dataclass
class PageResult:
    filename: str
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_page(
    text: str,
    *,
    filename: str,
    html: bool = False,
    kind: str | None = None,
    cluster_name: str | None = None,
) -> PageResult:
    """Read every item of a page; dateless items become problems, not items.

    `kind` ("event" or "project") forces the kind of every item; `cluster_name`, when
    given, lets "organised by <name>" mark the cluster as (co-)organiser.
    """
    if kind not in (None, "event", "project"):
        raise ValueError(f"kind must be 'event' or 'project', not {kind!r}")
    result = PageResult(filename=filename)
    items, above = split_page(text, html)
    if not items:
        result.problems.append((0, "no items found (no headings with text under them)"))
    for item in items:
        span = item_date(item)
        if span is not None:
            result.items.append(parse_item(item, span, kind, cluster_name))
            continue
        why = ""
        partial = find_partial_dates(item.text)
        refs = [s.text for s in find_dates(item.text)]
        if partial:
            why = f"; it names {partial[0]!r} without a year"
        elif refs:
            why = f"; {refs[0]!r} is the date of a source text, not of the item"
        title = item_title(item, None)
        message = f"item {title!r} at offset {item.offset} has no date{why}; not imported"
        result.problems.append((item.offset, message))
    if items and find_dates(above):
        message = "the text before the first heading names a date but no item; not imported"
        result.problems.insert(0, (0, message))
    return result


def to_records(result: PageResult, *, cluster: str) -> list[Record]:
    """Draft records (status 'draft', source file and offset) for the parsed items."""
    records: list[Record] = []
    for item in result.items:
        own = KINDS[item.kind].model_fields
        data: dict[str, object] = {
            "cluster": cluster, "kind": item.kind, "title": item.title,
            "start": item.start, "end": item.end, "status": "draft",
            "source": Source(file=result.filename, offset=item.offset),
        }  # fmt: skip
        notes = [
            f"Imported from a page; date from {item.date_text!r} ({item.date.precision}).",
            "Kind, role and place were read from the wording: please check them.",
        ]
        for name in ("city", "country", "role", "format", "partners", "partner_countries",
                     "funder", "acronym"):  # fmt: skip
            value = getattr(item, name)
            if name in own and value not in (None, ()):
                data[name] = value
        if "role" not in data:
            data["role"] = "participant" if item.kind == "event" else "partner"
            notes.append(f"Role not stated in the text; set to {data['role']}, please check.")
        data["notes"] = " ".join(notes)
        records.append(make_record(data))
    return records


def page_records(
    path: Path, kind: str | None, cluster: str, cluster_name: str | None, findings: list[Finding]
) -> Iterator[Record]:
    """The draft records of one page file; its problems go to `findings` as warnings."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(Finding(file=str(path), message=f"cannot read the page as UTF-8: {exc}"))
        return
    if kind not in (None, "event", "project"):
        findings.append(
            Finding(
                file=str(path),
                message="pages give event or project records; use --kind event or --kind project",
            )
        )
        return
    result = parse_page(
        text,
        filename=str(path),
        html=path.suffix.lower() != ".txt",
        kind=kind,
        cluster_name=cluster_name,
    )
    for offset, message in result.problems:
        findings.append(
            Finding(
                file=str(path),
                location=Location(offset=offset),
                message=message,
                severity="warning",
            )
        )
    yield from to_records(result, cluster=cluster)
