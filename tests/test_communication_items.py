"""A communication record says how many items it stands for (`items`), and the counts of
communication items (C1, C3, C5, C10) add them up.

Why: C5's evidence text invited one record per monthly social-media report, and C5
counted records, so twelve monthly LinkedIn reports of 20 posts each and 10 web news
items read as 22 items a year (1 point, below Gold) where the cluster published 250
(3 points, Gold ready): session 24's assessor, F2. The tests enter the evidence as a
manager does (a CSV file through `clex import`), assess it with the real store, and
read the numbers where the auditor reads them: the snapshot, the PDF and the workbook.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from evidence.models import Communication
from evidence.store import Store, content_sha256

from .conftest import store_at_revision
from .report_fixtures import pdf_words

ROWS = "\n".join(
    [f"communication,Web news {n},2025-{n:02d}-03,website,," for n in range(1, 11)]
    + [
        f"communication,LinkedIn monthly report {m:02d}/2025,2025-{m:02d}-28,social_media,4000,20"
        for m in range(1, 13)
    ]
)


def _setup(clex: Callable[..., Any], tmp_path: Path, rows: str, name: str = "ev.csv") -> Any:
    assert clex("init", "--cluster", "c", "--name", "C", "--country", "CZ").code == 0
    (tmp_path / name).write_text(
        "kind,title,start,channel,reach,items\n" + textwrap.dedent(rows) + "\n", encoding="utf-8"
    )
    return clex("import", name, "--cluster", "c")


def _indicator(snapshot: Path, ind: str) -> dict[str, Any]:
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    return next(i for i in data["indicators"] if i["id"] == ind)


def test_a_monthly_report_counts_the_posts_it_stands_for(
    clex: Callable[..., Any], tmp_path: Path
) -> None:
    """10 web news items and 12 monthly reports of 20 posts: 250 items a year, C5's top
    step; C10 (the last twelve months) 250 too. Rows without `items` are one item each,
    so the same rows without the column give 22, as before."""
    assert _setup(clex, tmp_path, ROWS).code == 0
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    c5, c10 = _indicator(tmp_path / "s.json", "C5"), _indicator(tmp_path / "s.json", "C10")
    assert (c5["value"], c5["points"], c5["unit"]) == (250, 3, "count")
    assert c10["value"] == 250 and len(c5["evidence_ids"]) == 22
    # the report lists each record with the items it stands for
    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    assert "LinkedIn monthly report 03/2025 · 20 items" in pdf_words(tmp_path / "r.pdf")
    assert clex("report", "s.json", "-o", "r.xlsx").code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "r.xlsx", read_only=True)["Evidence"]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("Items")
    items = {r[5]: r[col] for r in rows[1:] if r[0] == "C5"}
    assert items["LinkedIn monthly report 03/2025"] == 20 and items["Web news 3"] == 1


def test_items_is_a_whole_number_from_one(clex: Callable[..., Any], tmp_path: Path) -> None:
    bad = """\
        communication,Zero,2025-02-04,website,,0
        communication,Text,2025-02-05,website,,20 posts
        communication,Half,2025-02-06,website,,2.5
        communication,Fine,2025-02-07,website,,
        """
    run = _setup(clex, tmp_path, bad)
    assert run.code == 1
    assert "ev.csv:2:items: 0 is too small: items must be at least 1" in run.err
    assert "ev.csv:3:items: '20 posts' is not a number" in run.err
    assert "ev.csv:4:items: '2.5' is not a whole number" in run.err
    assert "ev.csv:5" not in run.err and "nothing was imported" in run.err


def test_a_single_items_digest_is_the_one_stored_before_the_field() -> None:
    """Every communication record stored before stood for one item: its digest (and every
    snapshot's evidence digest) stays what it was."""
    record = Communication(
        id="n1", cluster="c", title="News", start=date(2025, 3, 1), channel="website"
    )
    before = {"channel": "website", "start": "2025-03-01", "title": "News"}
    text_before = json.dumps(before, sort_keys=True, ensure_ascii=False)
    assert content_sha256(record) == hashlib.sha256(text_before.encode()).hexdigest()
    assert content_sha256(record.model_copy(update={"items": 20})) != content_sha256(record)


def test_a_store_of_revision_0011_gives_its_communication_one_item(db_url: str) -> None:
    row = (
        "INSERT INTO evidence (cluster, id, kind, title, start, status, version, "
        "content_sha256, updated_at, channel) VALUES ('nano', :id, :kind, 'X', '2025-01-01', "
        "'submitted', 1, :sha, '2025-01-02 10:00:00+00:00', :channel)"
    )
    with store_at_revision(db_url, "0011") as conn:
        conn.execute(text(row), {"id": "com-1", "kind": "communication", "sha": "0" * 64,
                                 "channel": "website"})  # fmt: skip
        conn.execute(text(row), {"id": "eve-1", "kind": "event", "sha": "0" * 64,
                                 "channel": None})  # fmt: skip
    store = Store(db_url)
    try:
        with store.engine.connect() as conn:
            got = dict(conn.execute(text("SELECT id, items FROM evidence")).all())
        assert got == {"com-1": 1, "eve-1": None}
        (news,) = [r for r in store.records("nano") if r.id == "com-1"]
        assert isinstance(news, Communication) and news.items == 1
    finally:
        store.engine.dispose()


def test_items_over_more_than_a_month_are_named_at_import(
    clex: Callable[..., Any], tmp_path: Path
) -> None:
    """All of a record's items count where it starts: a yearly social-media report of 240
    posts from July 2024 to June 2025 added 240 to 2024 and none to 2025, with no word.
    The import names each record of several items spanning more than a month, and asks
    for one record per month; a monthly report (its month as its span), one item over a
    long span, and a re-import that changes nothing are not named."""
    assert clex("init", "--cluster", "c", "--name", "C", "--country", "CZ").code == 0
    (tmp_path / "ev.csv").write_text(
        "kind,id,title,start,end,channel,items\n"
        "communication,year,LinkedIn 2024/25,2024-07-01,2025-06-30,social_media,240\n"
        "communication,jan,LinkedIn 01/2025,2025-01-01,2025-01-31,social_media,20\n"
        "communication,book,Yearbook,2025-01-01,2025-12-31,publication,\n",
        encoding="utf-8",
    )
    run = clex("import", "ev.csv", "--cluster", "c")
    assert run.code == 0, run
    said = " ".join((run.out + run.err).split())
    assert (
        "1 communication record stands for several items over more than a month: year; all "
        "its items count where it starts, none in a later month or year. Enter one record "
        "per month, dated on the month's last day, with that month's items"
    ) in said, said
    assert "jan" not in said.split("over more than a month:")[1].split(";")[0]
    again = clex("import", "ev.csv", "--cluster", "c")
    assert "over more than a month" not in again.out + again.err
