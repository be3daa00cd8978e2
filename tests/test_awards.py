"""Readiness is not an award (issue 14): a label awarded on a date is recorded with
`clex label award`, and its validity, renewal window and state on a day follow from that
date and the label's `validity` rules; the snapshot carries the awards made up to its
date. Also here: a period shorter than a year says that its per-year values are
extrapolated.

The date arithmetic is tested on `assessment.awards` with the validity given explicitly
(first award 24 months, timely renewal 36, renewal window 12: ECEI's); the commands run
as a user runs them, on SQLite and PostgreSQL (`db_url`), with catalogues and evidence in
the user's YAML.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from assessment.awards import award_terms, state_on
from criteria.models import Validity
from evidence.models import ClusterProfile
from evidence.store import Award, Store
from tests.conftest import Run, said

ECEI = Validity(months=24, renewal_months=36, renewal_window_months=12)

# A catalogue with one per-year indicator and two labels, in the user's syntax.
CATALOGUE = textwrap.dedent("""\
    id: rates
    version: "1"
    title: Rates
    areas:
      - {id: activity, title: Activity}
    indicators:
      - id: A1
        area: activity
        title: Events a year
        question: How many events does the cluster hold a year?
        evidence: The event list
        metric: {aggregate: count, kind: event, per_year: true}
        points:
          - {at_least: 4, points: 1}
          - {at_least: 12, points: 2}
        basis: modelled
        verified: false
      - id: A2
        area: activity
        title: Committed members
        question: How many committed members at the end?
        evidence: The member list
        metric: {aggregate: count, kind: member, scope: active_at_end}
        points:
          - {at_least: 15, points: 1}
        basis: modelled
        verified: false
    labels:
      - {id: bronze, title: Bronze}
      - {id: gold, title: Gold}
""")

EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: event, title: Advent meetup, format: matchmaking, start: 2024-12-03}
    - {kind: event, title: Winter school, format: training, start: 2024-12-10}
    - {kind: event, title: Year-end forum, format: conference, start: 2024-12-17}
    - {kind: event, title: Spring day, format: conference, start: 2024-04-17}
""")


def _award(n: int, label: str, on: str, withdrawn: bool = False) -> Award:
    return Award(
        id=n,
        cluster="nano",
        label=label,
        awarded_on=date.fromisoformat(on),
        awarded_by="EUCLES",
        note="",
        recorded_at=datetime(2026, 1, 1),
        withdrawn=datetime(2026, 1, 2) if withdrawn else None,
        withdrawn_reason="entered in error" if withdrawn else "",
    )


def _terms(awards: list[Award], on: str) -> list:
    return award_terms(awards, lambda _label: ECEI, date.fromisoformat(on))


# -- the date arithmetic --------------------------------------------------------------


def test_a_first_award_is_valid_24_months_then_renewable_for_12() -> None:
    (first,) = _terms([_award(1, "gold", "2024-03-15")], "2024-03-15")
    assert (first.kind, first.months) == ("first award", 24)
    assert first.valid_until == date(2026, 3, 14)  # the last valid day
    assert first.renewable_until == date(2027, 3, 14)
    states = {
        day: state_on(first, date.fromisoformat(day))
        for day in ("2024-03-14", "2024-03-15", "2026-03-14", "2026-03-15", "2027-03-14")
    }
    assert states == {
        "2024-03-14": "not yet awarded",
        "2024-03-15": "valid",
        "2026-03-14": "valid",
        "2026-03-15": "in the renewal window",
        "2027-03-14": "in the renewal window",
    }
    assert state_on(first, date(2027, 3, 15)) == "expired"


def test_a_timely_renewal_is_valid_36_months_from_its_own_date() -> None:
    first, renewal = _terms(
        [_award(1, "gold", "2024-03-15"), _award(2, "gold", "2026-02-01")], "2026-06-01"
    )
    assert (renewal.kind, renewal.months) == ("timely renewal", 36)
    assert renewal.valid_until == date(2029, 1, 31)
    assert renewal.renewable_until == date(2030, 1, 31)
    assert (first.state, renewal.state) == ("renewed", "valid")


def test_a_renewal_after_expiry_is_late_and_after_the_window_a_new_award() -> None:
    late = _terms([_award(1, "gold", "2024-03-15"), _award(2, "gold", "2026-09-01")], "2026-09-01")
    assert (late[1].kind, late[1].months) == ("late renewal", 24)
    anew = _terms([_award(1, "gold", "2024-03-15"), _award(2, "gold", "2027-03-15")], "2027-04-01")
    assert (anew[1].kind, anew[1].months) == ("new award", 24)


def test_other_labels_and_withdrawn_awards_renew_nothing() -> None:
    terms = _terms(
        [
            _award(1, "bronze", "2024-01-10"),
            _award(2, "gold", "2024-02-01", withdrawn=True),
            _award(3, "gold", "2025-01-10"),
        ],
        "2025-06-01",
    )
    assert [(t.label, t.kind, t.state) for t in terms] == [
        ("bronze", "first award", "valid"),
        ("gold", "first award", "withdrawn"),
        ("gold", "first award", "valid"),
    ]


def test_a_term_whose_anniversary_does_not_exist_ends_on_the_months_last_day() -> None:
    """An award of 29 February 2024 for 24 months: 29 February 2026 does not exist, so
    the label is valid through the 28th (as periods of months end in EU law, Regulation
    1182/71, art. 3(2)(c)), not only to the 27th; so is its renewal window in 2027. One
    of 31 January for a month is valid through February's last day."""
    (leap,) = _terms([_award(1, "gold", "2024-02-29")], "2024-03-01")
    assert leap.valid_until == date(2026, 2, 28)
    assert leap.renewable_until == date(2027, 2, 28)
    assert state_on(leap, date(2026, 2, 28)) == "valid"
    assert state_on(leap, date(2026, 3, 1)) == "in the renewal window"
    assert state_on(leap, date(2027, 3, 1)) == "expired"
    from assessment.awards import _anniversary

    assert _anniversary(date(2025, 1, 31), 1) == date(2025, 3, 1)  # valid to 28 February
    assert _anniversary(date(2024, 3, 15), 24) == date(2026, 3, 15)


# -- the store -------------------------------------------------------------------------


def test_awards_are_append_only_and_a_withdrawal_is_a_later_row(db_url: str) -> None:
    store = Store(db_url)
    try:
        store.add_cluster(ClusterProfile(slug="nano", name="Nano"))
        first = store.add_award("nano", "gold", date(2024, 3, 15), awarded_by="EUCLES", note="")
        store.withdraw_award("nano", first, "entered in error")
        (award,) = store.awards("nano")
        assert award.id == first and award.withdrawn is not None
        assert award.withdrawn_reason == "entered in error"
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text("UPDATE awards SET label = 'bronze'"))
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text("DELETE FROM awards"))
        with store.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM awards")).scalar() == 2
    finally:
        store.engine.dispose()


# -- the commands ----------------------------------------------------------------------


@pytest.fixture
def nano(clex: Callable[..., Run], db_url: str, tmp_path: Path) -> Callable[..., Run]:
    """`clex` on a store (SQLite or PostgreSQL) with cluster nano, its evidence and the
    `rates` catalogue in rates.yaml."""

    def run(*args: str) -> Run:
        return clex(*args, env={"CLEX_DB": db_url})

    assert run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    (tmp_path / "rates.yaml").write_text(CATALOGUE, encoding="utf-8")
    assert run("import", "ev.yaml", "--cluster", "nano").code == 0
    return run


def test_award_and_list(nano: Callable[..., Run]) -> None:
    run = nano(
        "label", "award", "gold", "--cluster", "nano", "--on", "2024-03-15", "--by", "EUCLES"
    )
    assert run.code == 0, run
    assert "Recorded award 1: Gold to nano on 2024-03-15 by EUCLES" in run.out
    note = ("--note", "Bronze of 2021")
    assert (
        nano("label", "award", "bronze", "--cluster", "nano", "--on", "2021-05-02", *note).code == 0
    )

    run = nano("label", "list", "--cluster", "nano", "--as-of", "2026-06-01")
    assert run.code == 0, run
    assert "Nano: labels awarded, as of 2026-06-01" in run.out
    assert (
        "1. Gold, first award on 2024-03-15, valid 24 months: expired after 2026-03-14; it "
        "can be renewed by repeating the process until 2027-03-14" in run.out
    )
    assert "apply for it anew Note: Bronze of 2021" in run.out
    assert "2. Bronze, first award on 2021-05-02, valid 24 months: expired after 2023-05-01" in (
        run.out
    )

    listed = json.loads(
        nano("label", "list", "--cluster", "nano", "--json", "--as-of", "2025-01-01").out
    )
    assert listed["as_of"] == "2025-01-01"
    gold = next(a for a in listed["awards"] if a["label"] == "gold")
    assert gold | {"id": 0} == {
        "id": 0,
        "label": "gold",
        "title": "Gold",
        "awarded_on": "2024-03-15",
        "awarded_by": "EUCLES",
        "note": "",
        "kind": "first award",
        "months": 24,
        "valid_until": "2026-03-14",
        "renewable_until": "2027-03-14",
        "state": "valid",
        "withdrawn_reason": None,
    }
    states = {
        day: json.loads(nano("label", "list", "--cluster", "nano", "--json", "--as-of", day).out)
        for day in ("2024-01-01", "2027-04-01")
    }
    assert [a["state"] for a in states["2024-01-01"]["awards"]] == [
        "in the renewal window",
        "not yet awarded",
    ]
    assert [a["state"] for a in states["2027-04-01"]["awards"]] == ["expired", "expired"]


def test_a_timely_renewal_and_a_withdrawal_through_the_commands(nano: Callable[..., Run]) -> None:
    for day in ("2022-03-15", "2024-02-01"):
        assert nano("label", "award", "gold", "--cluster", "nano", "--on", day).code == 0
    run = nano("label", "withdraw", "1", "--cluster", "nano", "--reason", "wrong cluster")
    assert run.code == 0 and "Withdrew award 1 of nano: wrong cluster" in run.out, run
    listed = json.loads(
        nano("label", "list", "--cluster", "nano", "--json", "--as-of", "2024-06-01").out
    )
    assert [(a["kind"], a["state"], a["withdrawn_reason"]) for a in listed["awards"]] == [
        ("first award", "withdrawn", "wrong cluster"),
        ("first award", "valid", None),  # the withdrawn award renews nothing
    ]
    # the built-in catalogue's Gold: a timely renewal is valid 36 months
    assert nano("label", "award", "gold", "--cluster", "nano", "--on", "2025-06-01").code == 0
    listed = json.loads(nano("label", "list", "--cluster", "nano", "--json").out)
    renewal = listed["awards"][-1]
    assert (renewal["kind"], renewal["months"], renewal["valid_until"]) == (
        "timely renewal",
        36,
        "2028-05-31",
    )
    again = nano("label", "withdraw", "1", "--cluster", "nano", "--reason", "twice")
    assert again.code == 1 and "award 1 of cluster 'nano' is already withdrawn" in again.err


def test_the_same_award_entered_twice_is_refused(nano: Callable[..., Run]) -> None:
    """Entered twice, the second award of a day read as a timely renewal of the first and
    kept an expired Gold valid; once the first is withdrawn, the day may be entered again."""
    first = ("label", "award", "gold", "--cluster", "nano", "--on", "2024-01-01")
    assert nano(*first).code == 0
    again = nano(*first)
    assert again.code == 1 and "already holds the Gold label awarded on 2024-01-01" in again.err
    assert "clex label withdraw 1" in again.err, again
    assert nano("label", "award", "silver", "--cluster", "nano", "--on", "2024-01-01").code == 0
    listed = json.loads(nano("label", "list", "--cluster", "nano", "--json").out)
    assert [(a["label"], a["awarded_on"]) for a in listed["awards"]] == [
        ("gold", "2024-01-01"),
        ("silver", "2024-01-01"),
    ]
    assert nano("label", "withdraw", "1", "--cluster", "nano", "--reason", "typo").code == 0
    assert nano(*first).code == 0


def test_award_refuses_an_unknown_label_a_future_date_and_a_bad_date(
    nano: Callable[..., Run],
) -> None:
    run = nano("label", "award", "platinum", "--cluster", "nano", "--on", "2024-03-15")
    assert run.code == 1, run
    assert "no label 'platinum' in the catalogue ecei-gold; its labels: bronze, silver, gold" in (
        run.err
    )
    run = nano(
        "label",
        "award",
        "silver",
        "--cluster",
        "nano",
        "--on",
        "2024-03-15",
        "--catalogue",
        "rates.yaml",
    )
    assert run.code == 1 and "its labels: bronze, gold" in run.err, run
    future = date.today().replace(year=date.today().year + 1).isoformat()
    run = nano("label", "award", "gold", "--cluster", "nano", "--on", future)
    assert run.code == 1 and f"--on {future} is in the future" in run.err, run
    run = nano("label", "award", "gold", "--cluster", "nano", "--on", "31.2.2024")
    assert run.code == 2 and "--on" in run.err and "31.2.2024" in run.err, run
    run = nano("label", "award", "gold", "--cluster", "nope", "--on", "2024-03-15")
    assert run.code == 1 and "no cluster 'nope' in the store" in run.err, run
    listed = json.loads(nano("label", "list", "--cluster", "nano", "--json").out)
    assert listed["awards"] == []


# -- the snapshot ----------------------------------------------------------------------


def test_the_snapshot_carries_the_awards_up_to_its_date(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    for label, day in (("gold", "2023-06-01"), ("bronze", "2024-11-20"), ("gold", "2025-03-01")):
        assert (
            nano("label", "award", label, "--cluster", "nano", "--on", day, "--by", "EUCLES").code
            == 0
        )
    run = nano(
        "assess",
        "--cluster",
        "nano",
        "--period",
        "2024",
        "--as-of",
        "2025-01-15",
        "--catalogue",
        "rates.yaml",
        "-o",
        "s.json",
    )
    assert run.code == 0, run
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [(a["label"], a["awarded_on"], a["state"]) for a in snap["awards"]] == [
        ("gold", "2023-06-01", "valid"),
        ("bronze", "2024-11-20", "valid"),
    ]  # the gold of 2025-03-01 came after the snapshot's date
    assert snap["awards"][0]["valid_until"] == "2025-05-31"
    assert "Labels awarded, as of 2025-01-15:" in run.out
    assert "Gold, first award on 2023-06-01, valid 24 months: valid until 2025-05-31" in run.out
    assert "valid until" not in run.out.split("Labels awarded")[0]  # readiness has none


def test_an_old_snapshot_without_awards_still_reads(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    from assessment import read_snapshot

    assert (
        nano(
            "assess",
            "--cluster",
            "nano",
            "--period",
            "2024",
            "--as-of",
            "2025-01-15",
            "-o",
            "s.json",
        ).code
        == 0
    )
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data.pop("awards") == []
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    assert read_snapshot(tmp_path / "old.json").awards == []


# -- per-year values on a short period ---------------------------------------------------


def test_a_one_month_period_says_its_per_year_values_are_extrapolated(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    run = nano(
        "assess",
        "--cluster",
        "nano",
        "--from",
        "2024-12-01",
        "--to",
        "2024-12-31",
        "--as-of",
        "2025-01-15",
        "--catalogue",
        "rates.yaml",
        "-o",
        "dec.json",
    )
    assert run.code == 0, run
    snap = json.loads((tmp_path / "dec.json").read_text(encoding="utf-8"))
    a1 = next(i for i in snap["indicators"] if i["id"] == "A1")
    assert a1["value"] == 36  # three events in December: 36 a year
    assert [said(f["message"]) for f in a1["findings"]] == [
        "a value per year, extrapolated to a year from 1 month (2024-12-01..2024-12-31)"
    ]
    a2 = next(i for i in snap["indicators"] if i["id"] == "A2")
    assert a2["findings"] == []  # not a per-year value
    assert [
        said(f["message"]) for f in snap["findings"] if "shorter than a year" in said(f["message"])
    ] == [
        "the period 2024-12-01..2024-12-31 is 1 month long, shorter than a year: the values "
        "per year of 1 indicator (A1) are extrapolated to a year (one event in it counts as "
        "12 a year)"
    ]

    whole = nano(
        "assess",
        "--cluster",
        "nano",
        "--period",
        "2024",
        "--as-of",
        "2025-01-15",
        "--catalogue",
        "rates.yaml",
        "-o",
        "y.json",
    )
    assert whole.code == 0, whole
    year = json.loads((tmp_path / "y.json").read_text(encoding="utf-8"))
    assert not any("extrapolated" in said(f["message"]) for f in year["findings"])
    assert next(i for i in year["indicators"] if i["id"] == "A1")["findings"] == []


def test_a_period_of_days_counts_its_days() -> None:
    from assessment.period import Period

    assert Period(date(2024, 12, 5), date(2025, 1, 18)).short_of_a_year == "45 days"
    assert Period(date(2024, 3, 2), date(2025, 3, 1)).short_of_a_year is None  # 365 days
    assert Period(date(2024, 1, 1), date(2024, 11, 30)).short_of_a_year == "11 months"
    assert Period.year(2024).short_of_a_year is None


def test_the_reports_show_the_awards_in_english_and_czech(
    nano: Callable[..., Run], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from assessment import read_snapshot
    from reports import render_html, write_report
    from reports.i18n import Lang

    assert (
        nano(
            "label", "award", "gold", "--cluster", "nano", "--on", "2023-06-01", "--by", "EUCLES"
        ).code
        == 0
    )
    run = nano(
        "assess",
        "--cluster",
        "nano",
        "--period",
        "2024",
        "--as-of",
        "2025-01-15",
        "--catalogue",
        "rates.yaml",
        "-o",
        "s.json",
    )
    assert run.code == 0, run
    snap = read_snapshot(tmp_path / "s.json")
    en, cs = Lang("en"), Lang("cs")
    html = render_html(snap, lang="en").html
    assert f"Labels awarded, as of {en.date(date(2025, 1, 15))}" in html
    assert (
        f"First award on {en.date(date(2023, 6, 1))}, valid 24 months: until "
        f"{en.date(date(2025, 5, 31))}; renewable by repeating the process until "
        f"{en.date(date(2026, 5, 31))}. Awarded by EUCLES." in html
    )
    html = render_html(snap, lang="cs").html
    assert f"Udělené certifikáty ke dni {cs.date(date(2025, 1, 15))}" in html
    assert f"První udělení dne {cs.date(date(2023, 6, 1))}, platnost 24 měsíců" in html
    assert ">platný<" in html

    wb = load_workbook(write_report(snap, tmp_path / "r.xlsx"))
    cells = [
        [c for c in row if c is not None] for row in wb.worksheets[0].iter_rows(values_only=True)
    ]
    assert [f"Labels awarded, as of {en.date(date(2025, 1, 15))}"] in cells
    row = next(r for r in cells if r and r[0] == "Gold" and "valid" in r)
    assert row[2].startswith(f"First award on {en.date(date(2023, 6, 1))}")
