"""Dates known only to the month or the year (issue 18), from the record to the report.

A page says "v červnu 2020" or "im Jahr 2019": the record keeps 1..30 June 2020 (or the
year) and says `date_precision: month` (`year`). These stories hold it to that end to
end, as a user meets it: the checks and their messages, a store of revision 0007
upgraded with its rows kept as "day" and their digests, a round trip through export
and import and through edit and history (SQLite, and PostgreSQL with CLEX_TEST_PG_URL:
`db_url`), the assessment (a month inside the period counts, one straddling its start
does not and is named with the reason, a year counts in its calendar year, a project
dated by months counts while it runs, a time-weighted sum by hand), and the words a
report shows ("červen 2024", "2024").
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy import text

from assessment import assess
from assessment.period import Period
from criteria.loader import require_catalogue
from evidence.ingest import import_files
from evidence.models import ClusterProfile, make_record
from evidence.precision import last_whole_unit_by
from evidence.store import Store
from reports.i18n import Lang
from tests.conftest import Run, store_at_revision

# -- the record's checks ------------------------------------------------------------------


def event(**fields: Any) -> Any:
    return make_record({"kind": "event", "cluster": "nano", "title": "Cluster day", **fields})


def test_a_month_or_year_dates_whole_units_and_says_what_to_write() -> None:
    with pytest.raises(ValidationError) as exc:
        event(start="2020-06-15", end="2020-06-29", date_precision="month")
    message = str(exc.value)
    assert "date_precision month: start 2020-06-15 is not the first day of a month: write " \
        "2020-06-01; end 2020-06-29 is not the last day of a month: write 2020-06-30 " \
        "(or date_precision day, when the day is known)" in message  # fmt: skip
    with pytest.raises(ValidationError, match="end 2019-12-30 is not the last day of a year: "):
        event(start="2019-01-01", end="2019-12-30", date_precision="year")
    with pytest.raises(ValidationError, match="date_precision"):
        event(start="2020-06-01", date_precision="week")
    # a day-dated record needs no whole units; February of a leap year ends on the 29th
    assert event(start="2020-06-15").date_precision == "day"
    assert event(start="2024-02-01", end="2024-02-29", date_precision="month").end is not None


def test_without_an_end_an_event_is_its_month_and_a_project_goes_on() -> None:
    assert event(start="2020-06-01", date_precision="month").end == date(2020, 6, 30)
    assert event(start="2019-01-01", date_precision="year").end == date(2019, 12, 31)
    project = make_record(
        {"kind": "project", "cluster": "nano", "title": "Nanofil", "start": "2011-10-01"}
        | {"date_precision": "month"}
    )
    assert project.end is None


def test_the_last_whole_unit_by_a_day() -> None:
    assert last_whole_unit_by(date(2020, 6, 15), "month") == date(2020, 5, 1)
    assert last_whole_unit_by(date(2020, 6, 30), "month") == date(2020, 6, 1)
    assert last_whole_unit_by(date(2020, 1, 10), "month") == date(2019, 12, 1)
    assert last_whole_unit_by(date(2020, 12, 31), "year") == date(2020, 1, 1)
    assert last_whole_unit_by(date(2020, 12, 30), "year") == date(2019, 1, 1)


def test_an_import_names_the_row_and_column_of_a_wrong_month(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    assert clex("init", "--cluster", "nano", "--name", "Nano").code == 0
    (tmp_path / "ev.csv").write_text(
        "title,start,end,date_precision\nCluster day,2020-06-01,2020-06-30,month\n"
        "Workshop,15.6.2020,,month\n",
        encoding="utf-8",
    )
    run = clex("import", "ev.csv", "--cluster", "nano", "--kind", "event")
    assert run.code == 1, run
    lines = [ln for ln in run.err.splitlines() if "ev.csv" in ln]
    assert len(lines) == 1, run.err
    assert ":3:date_precision" in lines[0]
    assert "start 2020-06-15 is not the first day of a month: write 2020-06-01" in lines[0]


# -- the store ------------------------------------------------------------------------------


def test_a_store_of_revision_0007_keeps_its_rows_as_dated_to_the_day(
    db_url: str, tmp_path: Path
) -> None:
    """The column comes with "day" for every row, and no digest changes: a re-import of
    the file the record came from finds it unchanged."""
    record = event(start="2024-05-14", role="organiser", participants=40)
    # the content digest by its definition before the field existed
    content = record.model_dump(
        mode="json",
        exclude={"source", "status", "id", "cluster", "kind", "date_precision"},
        exclude_none=True,
    )
    content = {k: v for k, v in content.items() if v not in ((), [], "")}
    old_sha = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    with store_at_revision(db_url, "0007") as conn:
        conn.execute(
            text(
                "INSERT INTO evidence (cluster, id, kind, title, start, role, format, "
                "participants, status, version, content_sha256, updated_at) VALUES ('nano', "
                ":id, 'event', 'Cluster day', '2024-05-14', 'organiser', 'other', 40, "
                "'submitted', 1, :sha, '2025-01-01 10:00:00+00:00')"
            ),
            {"id": record.id, "sha": old_sha},
        )
    store = Store(db_url)
    try:
        stored, version = store.record("nano", record.id)
        assert stored.date_precision == "day" and version == 1
        with store.read() as conn:
            row = conn.execute(text("SELECT date_precision, content_sha256 FROM evidence")).one()
        assert tuple(row) == ("day", old_sha)
        path = tmp_path / "ev.yaml"
        path.write_text(
            "- {kind: event, title: Cluster day, start: 2024-05-14, role: organiser, "
            "participants: 40}\n",
            encoding="utf-8",
        )
        report = import_files(store, [path], cluster="nano")
        assert report.summary()["unchanged"] == 1, report.summary()
    finally:
        store.engine.dispose()


EVIDENCE = """\
- {kind: event, title: June fair, start: 2024-06-01, end: 2024-06-30, date_precision: month}
- {kind: event, title: Year meeting, start: 2019-01-01, date_precision: year}
- {kind: project, title: Nanofil, start: 2011-10-01, end: 2014-09-30, date_precision: month}
"""


@pytest.fixture
def run(clex: Callable[..., Run], db_url: str, tmp_path: Path) -> Callable[..., Run]:
    """`clex` on the test's store (SQLite or PostgreSQL) holding EVIDENCE."""

    def go(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url, "CLEX_USER": "Eva"})

    assert go("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    done = go("import", "ev.yaml", "--cluster", "nano")
    assert done.code == 0 and "3 were created" in done.out, done
    return go


def listed(run: Callable[..., Run]) -> dict[str, dict[str, Any]]:
    out = run("evidence", "list", "--cluster", "nano", "--json")
    assert out.code == 0, out
    return {r["title"]: r for r in json.loads(out.out)}


def test_export_and_import_again_keep_the_precision(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    before = listed(run)
    assert before["June fair"]["date_precision"] == "month"
    assert before["Year meeting"]["end"] == "2019-12-31"  # the whole year
    assert before["Nanofil"]["date_precision"] == "month"

    assert run("evidence", "export", "export.xlsx", "--cluster", "nano").code == 0
    ws = load_workbook(tmp_path / "export.xlsx")["event"]
    heads = [c.value for c in ws[1]]
    rows = {r[heads.index("title")].value: r for r in ws.iter_rows(min_row=2)}
    fair, meeting = rows["June fair"], rows["Year meeting"]
    assert fair[heads.index("date_precision")].value == "month"
    assert fair[heads.index("start")].number_format == "yyyy-mm"  # shown as 2024-06
    assert fair[heads.index("start")].value == datetime(2024, 6, 1)  # the day is kept
    assert meeting[heads.index("end")].number_format == "yyyy"

    again = run("import", "export.xlsx", "--cluster", "nano")
    assert again.code == 0 and "0 updated, 3 unchanged" in again.out, again
    # a file without the column keeps the stored precision (`keep_absent`)
    (tmp_path / "old.csv").write_text(
        "title,start,end\nJune fair,2024-06-01,2024-06-30\n", encoding="utf-8"
    )
    old = run("import", "old.csv", "--cluster", "nano", "--kind", "event")
    assert old.code == 0 and "1 unchanged" in old.out, old
    assert listed(run) == before

    table = run("evidence", "list", "--cluster", "nano")
    line = next(ln for ln in table.out.splitlines() if "June fair" in ln)
    assert "2024-06  " in line and "2024-06-01" not in line
    assert "2019" in next(ln for ln in table.out.splitlines() if "Year meeting" in ln)


def test_edit_and_history_follow_the_precision(run: Callable[..., Run]) -> None:
    fair = listed(run)["June fair"]["id"]
    done = run(
        "evidence", "edit", fair, "--cluster", "nano", "date_precision=day", "end=14.6.2024",
        "start=14.6.2024",
    )  # fmt: skip
    assert done.code == 0, done
    now = listed(run)["June fair"]
    assert (now["date_precision"], now["start"], now["end"]) == ("day", "2024-06-14", "2024-06-14")
    history = json.loads(run("evidence", "history", fair, "--cluster", "nano", "--json").out)
    changed = {
        (e["field"], e["old"], e["new"]) for e in history["history"] if e["what"] == "changed"
    }
    assert {
        ("date_precision", "month", "day"),
        ("start", "2024-06-01", "2024-06-14"),
        ("end", "2024-06-30", "2024-06-14"),
    } <= changed, history

    refused = run("evidence", "edit", fair, "--cluster", "nano", "date_precision=month")
    assert refused.code == 1, refused
    assert "start 2024-06-14 is not the first day of a month: write 2024-06-01" in refused.err
    assert listed(run)["June fair"]["date_precision"] == "day"


# -- the assessment -------------------------------------------------------------------------

CATALOGUE = textwrap.dedent("""\
    id: months
    version: "1"
    title: Months
    areas:
      - {id: structure, title: Structure}
    indicators:
      - id: E1
        area: structure
        title: Events organised
        question: How many?
        evidence: Attendance lists
        metric: {aggregate: count, kind: event, scope: in_period}
        points: [{at_least: 1, points: 1}]
        basis: modelled
        verified: false
      - id: E2
        area: structure
        title: Participants on an average day
        question: How many?
        evidence: Attendance lists
        metric:
          aggregate: sum
          kind: event
          field: participants
          scope: in_period
          time_weighted: true
        points: [{at_least: 1, points: 1}]
        basis: modelled
        verified: false
      - id: P1
        area: structure
        title: Projects running
        question: How many?
        evidence: Contracts
        metric: {aggregate: count, kind: project, scope: in_period}
        points: [{at_least: 1, points: 1}]
        basis: modelled
        verified: false
      - id: S1
        area: structure
        title: Management FTE
        question: How much?
        evidence: Contracts
        metric:
          aggregate: sum
          kind: staff
          field: fte
          scope: in_period
          time_weighted: true
        points: [{at_least: 1, points: 1}]
        basis: modelled
        verified: false
    labels:
      - {id: bronze, title: Bronze, indicators: {E1: {at_least: 1}}}
""")

DATED = """\
- {kind: event, title: June fair, start: 2024-06-01, date_precision: month, participants: 366}
- {kind: event, title: Year meeting, start: 2024-01-01, date_precision: year, participants: 732}
- {kind: event, title: Two days, start: 2024-05-14, end: 2024-05-15, participants: 183}
- {kind: event, title: Winter school, start: 2023-12-01, end: 2024-01-31,
   date_precision: month, participants: 500}
- {kind: event, title: Last year, start: 2023-01-01, date_precision: year, participants: 9}
- {kind: project, title: Nanofil, start: 2021-10-01, end: 2024-09-30, date_precision: month}
- {kind: staff, title: Manager, fte: 1.0, start: 2024-07-01, date_precision: month}
"""


@pytest.fixture
def assessed(db_url: str, tmp_path: Path) -> Any:
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    (tmp_path / "ev.yaml").write_text(DATED, encoding="utf-8")
    import_files(store, [tmp_path / "ev.yaml"], cluster="nano")
    (tmp_path / "cat.yaml").write_text(CATALOGUE, encoding="utf-8")
    catalogue = require_catalogue(str(tmp_path / "cat.yaml"))
    try:
        yield (
            store,
            assess(store, "nano", Period.year(2024), as_of=date(2025, 1, 15), catalogue=catalogue),
        )
    finally:
        store.engine.dispose()


def test_a_month_or_year_counts_when_it_lies_wholly_in_the_period(assessed: Any) -> None:
    store, snap = assessed
    ids = {r.title: r.id for r in store.records("nano")}
    e1 = snap.indicator("E1")
    assert e1.value == 3
    assert set(e1.evidence_ids) == {ids["June fair"], ids["Year meeting"], ids["Two days"]}
    # December 2023 to January 2024: an event counts in the period it starts in, so
    # it is out of 2024's count by its start, whatever its precision
    misses = {m.title: m for m in e1.not_counted}
    assert misses["Winter school"].on == "scope"
    assert str(misses["Winter school"].condition) == "starting from Jan 1, 2024 to Dec 31, 2024"
    # by its days (E2), it may have ended on 2 January or on 31 December (it meets the
    # period, so a day-dated one would count a part); named with the reason
    winter = {m.title: m for m in snap.indicator("E2").not_counted}["Winter school"]
    assert winter.on == "precision"
    assert str(winter.condition) == (
        "dated to the day, or to a month or year wholly inside what is counted"
    )
    assert misses["Last year"].on == "scope"  # outside the period, as before
    # a project dated by months runs through them: it counts in 2024
    assert snap.indicator("P1").value == 1
    refs = {e.id: e for e in snap.evidence}
    assert refs[ids["June fair"]].date_precision == "month"  # the report shows "June 2024"
    assert refs[ids["Two days"]].date_precision == "day"


def test_time_weighted_by_hand(assessed: Any) -> None:
    """2024 has 366 days. A month or year event is one day (its shortest possible
    length), not 30 or 366: 366 x 1/366 + 732 x 1/366; the two-day one 183 x 2/366; the
    winter school is not counted: 1 + 2 + 1 = 4. The manager, dated "July 2024" and
    open-ended, ran from 1 July: 184 of 366 days of one FTE."""
    _, snap = assessed
    assert snap.indicator("E2").value == pytest.approx(4.0)
    assert snap.indicator("S1").value == pytest.approx(184 / 366)


def test_the_report_says_give_the_day_and_shows_the_month(assessed: Any, tmp_path: Path) -> None:
    from reports import render_html, write_report
    from reports.costs import costs_view

    _, snap = assessed
    for code, words in (
        ("en", "These records are dated only to the month or year"),
        ("cs", "Tyto záznamy jsou datovány jen měsícem nebo rokem"),
    ):
        view = costs_view(snap, Lang(code), {})
        near = next(g for g in view.groups if g.id == "near_misses")
        item = next(i for i in near.items if words in i.todo)
        assert [r.title for r in item.records] == ["Winter school"]
        outside = next(g for g in view.groups if g.id == "outside")
        # and, as an event that started in 2023, correctly out of 2024's count of events
        assert any("Winter school" in [r.title for r in i.records] for i in outside.items)

    html = render_html(snap, lang="cs").html
    assert "červen 2024" in html and "1. 6. 2024" not in html
    out = write_report(snap, tmp_path / "r.xlsx", lang="cs")
    ws = load_workbook(out)["Doklady"]
    fair = next(r for r in ws.iter_rows(min_row=2) if r[5].value == "June fair")
    assert fair[3].value == datetime(2024, 6, 1) and fair[3].number_format == "[$-405]mmmm yyyy"


def test_dates_in_words() -> None:
    assert Lang("cs").date(date(2020, 6, 1), precision="month") == "červen 2020"
    assert Lang("en").date(date(2020, 6, 1), precision="month") == "June 2020"
    assert Lang("cs").date(date(2019, 1, 1), precision="year") == "2019"
    assert Lang("en").date(date(2020, 6, 1)) == "Jun 1, 2020"
