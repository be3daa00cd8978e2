"""What costs you points: suspicious values and possible duplicates found at assessment,
the manager's page and sheet that list them, and the audit comparison said only once
reviews exist.

Evidence is written and imported as a user does (YAML) into a real store (SQLite, and
PostgreSQL with CLEX_TEST_PG_URL: `db_url`), assessed with the built-in catalogue; the
report is the real PDF (text from pdftotext) and workbook (read back with openpyxl).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment import Period, Snapshot, assess, read_snapshot, write_snapshot
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.review import review
from evidence.store import Store
from tests.conftest import Demo
from tests.report_fixtures import pdf_words

SLUG = "tex"
AS_OF = date(2025, 1, 15)
BEFORE = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


def _members() -> list[dict[str, Any]]:
    """Twelve committed members, none with a region: the home-region share is 0 %; two
    of them look like one organisation."""
    names = [f"Member company {n:02d}" for n in range(1, 11)]
    names += ["Nanofibre Tech s.r.o.", "NanoFibre Tech"]
    return [
        {
            "kind": "member",
            "title": name,
            "type": "sme",
            "country": "CZ",
            "committed": True,
            "fee_paying": True,
            "start": "2020-01-01",
        }
        for name in names
    ]


def _activity() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "kind": "event",
            "format": "workshop",
            "role": "organiser",
            "audience": "members",
            "title": "Workshop on nanofibre filtration",
            "start": "2024-03-10",
            "city": "Liberec",
            "country": "CZ",
        },
        {  # the same workshop, imported again from the web page
            "kind": "event",
            "format": "workshop",
            "role": "organiser",
            "audience": "members",
            "title": "Workshop: nanofibre filtration",
            "start": "2024-03-11",
            "city": "Liberec",
        },
        {
            "kind": "event",
            "format": "workshop",
            "role": "organiser",
            "audience": "members",
            "title": "Workshop on membranes",
            "start": "2024-09-10",
            "city": "Liberec",
            "country": "CZ",
        },
    ]
    for year, score in ((2020, 82), (2021, 80), (2022, 85), (2023, 84)):
        items.append(
            {
                "kind": "survey",
                "title": f"Member satisfaction survey {year}",
                "invited": 20,
                "respondents": 12,
                "satisfaction": score,
                "start": f"{year}-11-01",
            }
        )
    items.append(  # a 1-10 score in the 0-100 column
        {
            "kind": "survey",
            "title": "Member satisfaction survey 2024",
            "invited": 20,
            "respondents": 12,
            "satisfaction": 7.5,
            "start": "2024-11-01",
        }
    )
    return items


def _store(url: str, folder: Path) -> Store:
    store = Store(url)
    store.add_cluster(
        ClusterProfile(slug=SLUG, name="Textile cluster", country="CZ", region="CZ-51")
    )  # no founding year
    path = folder / "evidence.yaml"
    items = _members() + _activity()
    path.write_text(yaml.safe_dump({"evidence": items}, allow_unicode=True), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=folder)
    return store


@pytest.fixture
def assessed(db_url: str, tmp_path: Path) -> tuple[Store, Snapshot]:
    store = _store(db_url, tmp_path)
    return store, assess(store, SLUG, Period.year(2024), as_of=AS_OF)


def _group(snap: Snapshot, group: str) -> list[str]:
    return [str(c.what) for c in snap.concerns if c.group == group]


def test_the_assessment_finds_what_quietly_costs_points(
    assessed: tuple[Store, Snapshot],
) -> None:
    _, snap = assessed
    by_text = {str(c.what): c for c in snap.concerns}
    # the home-region share is 0 % while the profile names a region: the members' regions
    zero = next(
        c for t, c in by_text.items() if "although the profile gives CZ-51 (Liberecký kraj)" in t
    )
    assert zero.indicators == ["S6"]
    assert zero.records_total == 12
    assert "12 of its 12 “member” records have no “region”" in str(zero.what)
    # the same empty field is not listed a second time for the same indicator
    assert [t for t in _group(snap, "suspicious") if "“region”" in t] == [str(zero.what)]
    # 7.5 among 80s: another scale, named with its record and value
    scale = next(c for t, c in by_text.items() if "on another scale" in t)
    assert [(r.title, r.value) for r in scale.records] == [("Member satisfaction survey 2024", 7.5)]
    assert "V7" in scale.indicators
    # the profile has no founding year: the age indicator counts less
    profile = _group(snap, "profile")
    assert len(profile) == 1 and "the cluster's founding year" in profile[0]
    # possible duplicates: the two spellings of one member, the workshop imported twice
    dupes = [c for c in snap.concerns if c.group == "duplicate"]
    titles = sorted(tuple(sorted(r.title for r in c.records)) for c in dupes)
    assert titles == [
        ("NanoFibre Tech", "Nanofibre Tech s.r.o."),
        ("Workshop on nanofibre filtration", "Workshop: nanofibre filtration"),
    ]
    # and nothing a user's own text could turn into a field name or an operator
    for c in snap.concerns:
        for text in (str(c.what), str(c.todo)):
            assert "$" not in text and " = " not in text and "_" not in text.replace("--", "")


@pytest.mark.parametrize(("count", "label"), [(15, "Bronze"), (30, "Gold")])
def test_a_duplicate_that_holds_up_a_minimum_says_so(
    db_url: str, tmp_path: Path, count: int, label: str
) -> None:
    """Fifteen committed members meet Bronze's 15 (thirty, S1's Gold step), but two of
    them look like one organisation: an assessor counting them once finds one fewer. The
    concern names the indicators that count both and the minimum at stake."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    names = [f"Member company {n:02d}" for n in range(1, count - 1)]
    names += ["Alfa Textil s.r.o.", "ALFA TEXTIL, spol. s r.o."]
    members = [
        {"kind": "member", "title": n, "type": "sme", "committed": True, "start": "2020-01-01"}
        for n in names
    ]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump({"evidence": members}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert snap.indicator("S1").value == count
    (dupe,) = [c for c in snap.concerns if c.group == "duplicate"]
    assert "S1" in dupe.indicators
    said = f"counted once, S1 is {count - 1}, below {label}'s {count}"
    assert said in str(dupe.what), dupe.what


def test_a_different_number_or_date_is_no_duplicate(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    events = [
        {"kind": "event", "format": "board_meeting", "role": "organiser", "title": t, "start": d}
        for t, d in [
            ("Board meeting 1/2024", "2024-03-01"),
            ("Board meeting 2/2024", "2024-03-02"),  # another number: two meetings
            ("Conference on filtration", "2024-05-01"),
            ("Conference on filtration", "2024-06-01"),  # a month later: another one
        ]
    ]
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"evidence": events}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert [c for c in snap.concerns if c.group == "duplicate"] == []


def test_a_newsletter_entered_twice_is_a_duplicate_at_stake(db_url: str, tmp_path: Path) -> None:
    """C1 "newsletters a year": six entries of which "Newsletter 3/2024" and "Newsletter
    03/2024" of one day are one issue (numbers read as numbers). Counted once, C1 is 5,
    below Gold's 6: the concern names C1 and says so (it found nothing: communication
    records were never compared). A press release of the same title and day is another
    item of news, not a twin."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    news = [
        {"kind": "communication", "channel": channel, "title": title, "start": day}
        for channel, title, day in [
            ("newsletter", "Newsletter 1/2024", "2024-02-10"),
            ("newsletter", "Newsletter 2/2024", "2024-04-10"),
            ("newsletter", "Newsletter 3/2024", "2024-05-10"),
            ("newsletter", "Newsletter 03/2024", "2024-05-10"),
            ("press_release", "Newsletter 3/2024", "2024-05-10"),
            ("newsletter", "Newsletter 4/2024", "2024-08-10"),
            ("newsletter", "Newsletter 5/2024", "2024-11-10"),
        ]
    ]
    path = tmp_path / "n.yaml"
    path.write_text(yaml.safe_dump({"evidence": news}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert snap.indicator("C1").value == 6
    (dupe,) = [c for c in snap.concerns if c.group == "duplicate"]
    assert sorted(r.title for r in dupe.records) == ["Newsletter 03/2024", "Newsletter 3/2024"]
    assert "C1" in dupe.indicators
    assert "counted once, C1 is 5, below Gold's 6" in str(dupe.what), dupe.what


def test_a_duplicate_is_looked_for_where_the_count_counts_it(db_url: str, tmp_path: Path) -> None:
    """An event counts in the period it starts in (`conditions.by_start`): a fair of 30
    December 2024 to 2 January 2025 entered twice is a pair of 2024's, where C2 counts
    both, not of 2025's, which counts neither (the check went by the last day and named
    it in 2025 too, with no indicator counting it)."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    fair = {"kind": "event", "format": "fair", "role": "organiser", "audience": "members"}
    fairs = [
        {**fair, "title": "Winter fair on textiles", "start": "2024-12-30", "end": "2025-01-02"},
        {**fair, "title": "Winter fair: textiles", "start": "2024-12-31", "end": "2025-01-02"},
    ]
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump({"evidence": fairs}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    pairs = {
        year: [c for c in assess(store, SLUG, Period.year(year), as_of=date(2026, 1, 15)).concerns
               if c.group == "duplicate"]
        for year in (2024, 2025)
    }  # fmt: skip
    assert [len(c.records) for c in pairs[2024]] == [2] and pairs[2025] == []


def test_a_duplicate_counted_once_is_worked_out_as_the_indicator_is(
    db_url: str, tmp_path: Path
) -> None:
    """V8 "digital services a year" over 2024-2025 counts each year apart and divides by
    two (`Period.year_slices`): a programme of both years entered twice and a clinic of
    2024 are 3 + 2 = 2.5 a year. Counted once, the programme is 2 + 1 = 1.5 a year, below
    Gold's 2: the concern says so (it took "one a year less", 2.0, which held, and said
    nothing was at stake)."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    service = {"kind": "service", "category": "consulting", "tags": "digital", "members_served": 3}
    services = [
        {**service, "title": "Digital programme", "start": "2024-01-01", "end": "2025-12-31"},
        {**service, "title": "Digital Programme", "start": "2024-01-02", "end": "2025-12-31"},
        {**service, "title": "AI clinic", "start": "2024-03-01", "end": "2024-03-01"},
    ]
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"evidence": services}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.parse("2024-2025"), as_of=date(2026, 1, 15))
    assert snap.indicator("V8").value == 2.5
    (dupe,) = [c for c in snap.concerns if c.group == "duplicate"]
    assert "V8" in dupe.indicators
    assert "counted once, V8 is 1.5, below Gold's 2" in str(dupe.what), dupe.what


def test_only_the_periods_records_are_looked_at_for_empty_fields_and_duplicates(
    db_url: str, tmp_path: Path
) -> None:
    """Events of earlier years are not "records of the period": their empty countries and
    their pairs are last year's concerns (each year's assessment said them again), and a
    member who left before the period is not counted twice with the one who joined."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    event = {"kind": "event", "format": "workshop", "role": "organiser", "audience": "members"}
    old = [
        {**event, "title": f"Workshop {n} on fibres", "start": f"2019-0{n}-10", "city": "Dresden"}
        for n in range(1, 8)  # no country, though abroad: the empty field of 2019
    ]
    old += [  # a pair of 2019
        {**event, "title": "Fair on technical textiles", "start": "2019-10-01", "country": "CZ"},
        {**event, "title": "Fair: technical textiles", "start": "2019-10-02", "country": "CZ"},
    ]
    new = [
        {**event, "title": f"Seminar {n} on yarns", "start": f"2024-0{n}-10", "country": "CZ"}
        for n in range(1, 6)
    ]
    member = {"kind": "member", "type": "sme", "country": "CZ", "committed": True}
    members = [
        {**member, "title": "Acme Fibres s.r.o.", "start": "2015-01-01", "end": "2018-06-30"},
        {**member, "title": "ACME Fibres", "start": "2021-01-01"},  # joined again, renamed
    ]
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"evidence": old + new + members}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    later = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert [str(c.what) for c in later.concerns if "“country”" in str(c.what)] == []
    assert [c for c in later.concerns if c.group == "duplicate"] == []
    then = assess(store, SLUG, Period.year(2019), as_of=AS_OF)  # where they belong
    empty = [c for c in then.concerns if "“country”" in str(c.what)]
    assert len(empty) == 1 and "7 of the 9 “event” records that C6" in str(empty[0].what)
    assert "would count have no “country”" in str(empty[0].what)
    pairs = [sorted(r.title for r in c.records) for c in then.concerns if c.group == "duplicate"]
    assert ["Fair on technical textiles", "Fair: technical textiles"] in pairs


def test_a_snapshot_written_before_concerns_still_loads(
    assessed: tuple[Store, Snapshot], tmp_path: Path
) -> None:
    _, snap = assessed
    data = snap.model_dump(mode="json", by_alias=True)
    del data["concerns"], data["reviewed"]
    old = Snapshot.model_validate(data)
    assert old.concerns == [] and old.reviewed is None
    write_snapshot(snap, tmp_path / "s.json")
    assert read_snapshot(tmp_path / "s.json").concerns == snap.concerns


# -- the report ----------------------------------------------------------------------------


_pdf_text = pdf_words


def test_the_page_and_the_sheet_list_each_item_with_records_and_what_to_do(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    from reports import write_report

    store = _store(f"sqlite:///{tmp_path / 'clex.db'}", tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    pdf = write_report(snap, tmp_path / "r.pdf")
    text = _pdf_text(pdf)
    page = text[text.index("What costs you points What the evidence loses") :]  # not the toc
    for heading in ("Missing profile fields", "Suspicious values", "Possible duplicates"):
        assert heading in page
    assert "on another scale (at most 10, where the others give about 82)" in page
    assert "Member satisfaction survey 2024 (7.5)" in page
    assert "Convert the values to the scale of the others" in page
    assert "Nanofibre Tech s.r.o." in page and "Give both the same organisation id" in page
    # nobody has reviewed anything: no audit score, a word on reviews instead
    assert "No record has been reviewed yet" in page
    assert "Counting only verified evidence" not in text

    xlsx = write_report(snap, tmp_path / "r.xlsx")
    ws = load_workbook(xlsx)["Costs"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["Group", "ID", "What", "What to do", "Records", "At stake"]
    by_what = {r[2]: r for r in rows[1:] if r[2]}
    scale = next(r for w, r in by_what.items() if "on another scale" in w)
    assert scale[0] == "Suspicious values" and "V7" in scale[1]
    assert scale[4].endswith("Member satisfaction survey 2024 (7.5)")
    stake = next(r for w, r in by_what.items() if "although the profile gives" in w)[5]
    gap = next(g for g in snap.gaps if g.indicator == "S6")
    assert stake == pytest.approx(gap.gain)  # the next step of S6, as a number
    assert any(r[0] == "Near misses" for r in rows[1:]) or not any(
        i.not_counted for i in snap.indicators
    )


def test_the_audit_comparison_waits_for_reviews_and_says_what_is_verified(
    tmp_path: Path,
) -> None:
    from reports.costs import audit_comparison
    from reports.i18n import Lang

    store = _store(f"sqlite:///{tmp_path / 'clex.db'}", tmp_path)
    first = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert first.reviewed == 0
    assert first.other_mode_overall is not None and first.other_mode_overall < first.overall
    assert audit_comparison(first, Lang("en")) == ""
    records = store.records(SLUG, kind="member")
    ids = [r.id for r in records[:3]]
    review(store, SLUG, ids, status="verified", reviewer="A. Auditor", at=BEFORE)
    later = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert later.reviewed == 3
    sentence = audit_comparison(later, Lang("en"))
    assert sentence.startswith("Counting only verified evidence, as an audit does,")
    assert f"3 of the {len(later.evidence)} records behind the scores are verified" in sentence
    czech = audit_comparison(later, Lang("cs"))
    assert "ověřeny" in czech and "Counting" not in czech
    # an older snapshot without the count: its evidence's statuses tell
    data = later.model_dump(mode="json", by_alias=True)
    del data["reviewed"]
    assert audit_comparison(Snapshot.model_validate(data), Lang("en")) == sentence


def _settled_store(url: str, folder: Path) -> Store:
    """Ten committed members (no two alike), one who left in 2023, three newsletters of
    2024 and a fourth still a draft, and one of 2023."""
    store = Store(url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    items = _members()[:10]
    items.append({**items[0], "title": "Former member Alpha s.r.o.", "end": "2023-06-30"})
    letters = [("NanoTex newsletter 1/2023", "2023-10-01", "submitted")]
    letters += [(f"NanoTex newsletter {n}/2024", f"2024-0{n}-01", "submitted") for n in (1, 2, 3)]
    letters += [("NanoTex newsletter 4/2024", "2024-09-01", "draft")]
    items += [
        {"kind": "communication", "channel": "newsletter", "title": t, "start": d, "status": s}
        for t, d, s in letters
    ]
    path = folder / "evidence.yaml"
    path.write_text(yaml.safe_dump({"evidence": items}, allow_unicode=True), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=folder)
    return store


def test_records_dated_outside_are_no_points_to_win_and_each_is_listed_once(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    from reports import write_report

    store = _settled_store(f"sqlite:///{tmp_path / 'clex.db'}", tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    former = next(r.id for r in store.records(SLUG, kind="member") if "Former" in r.title)
    missed = [i.id for i in snap.indicators if any(m.id == former for m in i.not_counted)]
    assert len(missed) > 1  # the engine lists the former member under several indicators
    c1 = next(g for g in snap.gaps if g.indicator == "C1")
    assert c1.records_needed == 1  # three newsletters a year, the next step asks four

    text = _pdf_text(write_report(snap, tmp_path / "r.pdf"))
    page = text[text.index("What costs you points What the evidence loses") :]
    near = page[page.index("Near misses") : page.index("Missing profile fields")]
    outside = page[page.index("Correctly not counted: outside the period") :]
    # the former member and the 2023 newsletter: not offered as points to win back
    for record in ("Former member Alpha s.r.o.", "NanoTex newsletter 1/2023"):
        assert record not in near and page.count(record) == 1 and record in outside
    assert "Check their dates" not in page and "no points to win here" in outside
    # the draft newsletter is the one the next step of C1 needs: submitting it wins it
    assert "NanoTex newsletter 4/2024" in near and "Submit these records" in near
    assert f"+{c1.gain:.2f}" in near
    # each group the intro promises is there, "None found." when it has nothing
    for heading in ("Missing profile fields", "Suspicious values", "Possible duplicates"):
        assert heading in page
    dupes = page[page.index("Possible duplicates") : page.index("Correctly not counted")]
    assert "settle them before the audit. None found." in dupes
    # the footnote stands under the intro, not alone after the last table
    assert page.index("At stake: percentage points") < page.index("Near misses")

    ws = load_workbook(write_report(snap, tmp_path / "r.xlsx"))["Costs"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    mine = [r for r in rows if r[4] and former in r[4]]
    assert len(mine) == 1  # once, with every indicator it misses
    group, ids, _, todo, records, stake = mine[0]
    assert group == "Correctly not counted: outside the period" and stake is None
    assert ids == ", ".join(missed) and records == f"{former} — Former member Alpha s.r.o."
    assert todo.startswith("Nothing to fix")
    empty = next(r for r in rows if r[0] == "Possible duplicates")
    assert empty[1:3] == [None, "None found."]
    draft = next(r for r in rows if r[4] and "NanoTex newsletter 4/2024" in r[4])
    assert draft[0] == "Near misses" and draft[5] == pytest.approx(c1.gain)


def test_an_indicator_of_several_years_asks_its_field_of_each_of_them() -> None:
    """The records a field is asked of are each indicator's own: a three-year count looks
    at 2022-2024 in a 2024 assessment, a one-period count at 2024, an `all` at every
    year; an event of 2020 is none of the three-year indicator's."""
    from assessment.concern_rows import Row, Use
    from assessment.costs import _empty_fields
    from criteria.models import Metric

    def event(n: int, year: int, country: str | None) -> Row:
        # a fair the cluster exhibited at: without a country, not one at home (session 25)
        values = {"country": country, "format": "fair", "role": "exhibitor"}
        return Row(f"e{n}", "event", f"Event {n}", date(year, 5, n), None, values)

    rows = [event(n, 2022, None) for n in range(1, 5)]  # four without a country, in 2022
    rows += [event(n, 2020, None) for n in range(5, 9)]  # four more, in 2020
    rows += [event(n, 2024, "CZ") for n in range(9, 12)]  # three with one, in 2024

    def concern(scope: Any) -> list[str]:
        metric = Metric.model_validate(
            {"aggregate": "count", "kind": "event", "scope": scope, "where": {"country": "CZ"}}
        )
        uses = {"event": Use({"country": [("X1", (), metric)]}, {})}
        profile = ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51")
        return [str(c.what) for c in _empty_fields(rows, uses, Period.year(2024), profile)]

    assert concern("in_period") == []  # 2024's three all have one
    (three,) = concern({"last_years": 3})
    assert "4 of the 7 “event” records" in three
    (every,) = concern("all")
    assert "8 of the 11 “event” records" in every


@pytest.mark.parametrize("period_wording", [False, True])
def test_an_empty_field_reads_in_czech_in_new_and_kept_snapshots(period_wording: bool) -> None:
    """The concern's wording changed (it named "records of the period" for indicators
    that look at several years); a snapshot kept with the old wording still reads in
    Czech, not in English inside a Czech report."""
    from evidence.messages import Mp, render, term
    from reports.i18n import translations

    if period_wording:
        one = "{n} of the {total} “{kind}” records of the period has no “{field}”, so {ids} "
        many = "{n} of the {total} “{kind}” records of the period have no “{field}”, so {ids} "
        one, many = one + "cannot count it.", many + "cannot count them."
    else:
        one = "{n} of the {total} “{kind}” records that {ids} would count has no “{field}”, so "
        many = "{n} of the {total} “{kind}” records that {ids} would count have no “{field}”, "
        one, many = one + "it is not counted.", many + "so they are not counted."

    def czech(n: int) -> str:
        args = {"kind": term("kind:event"), "field": term("field:country"), "ids": "C6, V3"}
        return render(Mp(one, many, n=n, total=21, **args), translations("cs"), "cs")

    if period_wording:
        assert czech(3).startswith("3 z 21 záznamů typu „akce“"), czech(3)
        assert "C6, V3" in czech(3) and "nemají vyplněno pole „země“" in czech(3), czech(3)
        return
    # the verb agrees with the records whatever their number: "21 z 21 záznamů ... nemá
    # ... a proto se nezapočítá" read as one record of 21
    start = "Pole „země“ není vyplněno u {n} z 21 záznamů typu „akce“ pro C6, V3; "
    assert czech(1) == start.format(n=1) + "tento záznam se proto nezapočítá."
    for n in (3, 21):
        assert czech(n) == start.format(n=n) + "tyto záznamy se proto nezapočítají."


def test_the_usual_range_of_a_value_takes_the_earlier_years(db_url: str, tmp_path: Path) -> None:
    """A value is far from the usual by the cluster's every year up to the period's end,
    although the period alone holds too few of them to tell: the projects of 2016-2019
    set the usual budget that the 2024 project's is a thousand times."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    project = {"kind": "project", "project_status": "completed", "member_participants": 3}
    items = [
        {
            **project,
            "title": f"Project {year}",
            "cluster_budget_eur": 100_000 + year,
            "start": f"{year}-01-01",
            "end": f"{year}-12-31",
        }
        for year in range(2016, 2020)
    ]
    items.append(
        {
            **project,
            "project_status": "running",
            "title": "Project 2024",
            "cluster_budget_eur": 100_000_000,
            "start": "2024-01-01",
            "end": "2025-12-31",
        }
    )
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"evidence": items}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    far = [c for c in snap.concerns if "far from the usual" in str(c.what)]
    assert len(far) == 1 and "V5" in far[0].indicators, snap.concerns
    assert [(r.title, r.value) for r in far[0].records] == [("Project 2024", 100_000_000.0)]


def test_a_service_serving_more_members_than_the_cluster_has(db_url: str, tmp_path: Path) -> None:
    """V2 divides the members services served by the committed participants: a service
    whose members_served is above them (12 of a cluster of 5, the others serving 3-4,
    so not "far from the usual") is named with its value and the participants, in
    English and Czech; the value is a concern, not a cap (V2 stays 25 / 5)."""
    from evidence.messages import render
    from reports.i18n import translations

    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    items: list[dict[str, Any]] = [
        {
            "kind": "member",
            "title": f"Member {n}",
            "type": "sme",
            "country": "CZ",
            "region": "CZ-51",
            "committed": True,
            "start": "2020-01-01",
        }
        for n in range(5)
    ]
    served = {"Desk": 3, "Matchmaking": 3, "Training": 3, "Audit": 4, "Newsletter": 12}
    items += [
        {
            "kind": "service",
            "title": title,
            "category": "information",
            "members_served": n,
            "start": "2024-03-01",
            "end": "2024-03-01",
        }
        for title, n in served.items()
    ]
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"evidence": items}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert snap.indicator("V2").value == pytest.approx(25 / 5)
    assert not [c for c in snap.concerns if "far from the usual" in str(c.what)]
    above = [c for c in snap.concerns if "participants" in str(c.what)]
    assert len(above) == 1, [str(c.what) for c in snap.concerns]
    assert str(above[0].what) == (
        "1 “service” record gives a “members served” above the 5 participants V2 divides "
        "by: a record cannot serve more members than the cluster has."
    )
    assert "not subscribers" in str(above[0].todo)
    assert above[0].indicators == ["V2"] and above[0].group == "suspicious"
    assert [(r.title, r.value) for r in above[0].records] == [("Newsletter", 12.0)]
    czech = render(above[0].what, translations("cs"), "cs")
    assert "víc než 5 členů, kterými V2 dělí" in czech, czech


def test_standing_services_started_before_the_period_are_named(db_url: str, tmp_path: Path) -> None:
    """A service without an end is a standing service and counts in every later period;
    a store filled before that reading holds one-off services entered without their end
    too, and the import's warning was never said of them. At assessment, each counted
    service without an end that started before the period is named (the earliest first)
    with the indicators it counts in, for an auditor to see it still ran; one that
    started in the period, or has its end, is not. The values stay as counted."""
    from evidence.messages import render
    from reports.i18n import translations

    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    items: list[dict[str, Any]] = [
        {
            "kind": "member",
            "title": f"Member {n}",
            "type": "sme",
            "country": "CZ",
            "committed": True,
            "start": "2020-01-01",
        }
        for n in range(5)
    ]
    services = [
        ("Partner day", "2019-05-10", None),  # a one-off of 2019 entered the old way
        ("Information desk", "2019-01-01", None),
        ("Training", "2024-06-01", None),  # started in the period
        ("Fair", "2024-03-01", "2024-03-01"),
    ]
    items += [
        {"kind": "service", "title": title, "category": "information", "members_served": 2}
        | {"start": start}
        | ({"end": end} if end else {})
        for title, start, end in services
    ]
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"evidence": items}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    named = [c for c in snap.concerns if "standing service" in str(c.what)]
    assert len(named) == 1, [str(c.what) for c in snap.concerns]
    concern = named[0]
    assert concern.group == "suspicious"
    assert [r.title for r in concern.records] == ["Information desk", "Partner day"]
    assert concern.records_total == 2
    assert "V2" in concern.indicators and "V1" in concern.indicators
    assert str(concern.what).startswith(
        "2 “service” records without an end started before the period and count in it"
    )
    assert "an auditor asks for it" in str(concern.todo)
    czech = render(concern.what, translations("cs"), "cs")
    assert "bez konce začaly před obdobím" in czech, czech


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_reading_only_what_a_check_looks_at_gives_the_concerns_of_reading_everything(
    demo_run: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The concerns read, of each kind, only the records whose last day reaches the
    earliest day a check starts from and those giving a value (`costs._wants`); they
    must be exactly the concerns of reading every record of every kind up to the
    period's end: on the demo's ten years (every year and two-year period) and on this
    module's store of every kind of concern, in both modes."""
    import assessment.costs as costs
    from assessment.concern_rows import Use
    from evidence.models import KINDS

    demo = Store(str(demo_run.out / "clex.db"))
    mine = _store(str(tmp_path / "store.db"), tmp_path)
    periods = [Period.year(y) for y in range(2017, 2026)]
    periods += [Period(date(y, 1, 1), date(y + 1, 12, 31)) for y in range(2016, 2025, 2)]
    runs = [(demo, "nanotex", p) for p in periods]
    runs += [(mine, SLUG, p) for p in (Period.year(2024), Period(date(2023, 1, 1), AS_OF))]
    read: list[int] = []
    rows = costs._rows

    def counted(*args: Any, **kwargs: Any) -> Any:
        out = rows(*args, **kwargs)
        read.append(len(out))
        return out

    def concerns() -> list[Any]:
        return [
            assess(store, slug, p, as_of=AS_OF if store is mine else date(2026, 1, 15),
                   audit=audit).concerns
            for store, slug, p in runs
            for audit in (False, True)
        ]  # fmt: skip

    monkeypatch.setattr(costs, "_rows", counted)
    narrowed = concerns()
    fewer, read[:] = sum(read), []

    def everything(uses: Any, period: Period) -> tuple[Any, ...]:
        empty = Use({}, {})
        return tuple(
            (kind, costs._EVERY_YEAR, tuple(sorted(uses.get(kind, empty).values)))
            for kind in sorted(KINDS)
        )

    monkeypatch.setattr(costs, "_wants", everything)
    whole = concerns()
    for store in (demo, mine):
        store.engine.dispose()
    groups = {c.group for found in narrowed for c in found}
    assert groups == {"profile", "suspicious", "duplicate"}, groups  # something to compare
    assert fewer < sum(read)  # and the narrowed read is the smaller one
    assert narrowed == whole


def test_a_region_is_not_asked_of_members_abroad(db_url: str, tmp_path: Path) -> None:
    """Eight committed members without a region: five in Germany, Poland and Austria can
    never be in the home region CZ-51, so filling theirs in wins no point; the concern
    names the three Czech ones (and one whose country nobody gave) only."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    countries = ["DE", "DE", "PL", "AT", "AT", "CZ", "CZ", "CZ", None]
    members = [
        {
            "kind": "member",
            "title": f"Firm {n}",
            "type": "sme",
            "committed": True,
            "start": "2020-01-01",
            **({"country": c} if c else {}),
        }
        for n, c in enumerate(countries)
    ]
    members.append(
        {
            "kind": "member",
            "title": "Home firm",
            "type": "sme",
            "committed": True,
            "start": "2020-01-01",
            "country": "CZ",
            "region": "CZ-51",
        }
    )
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump({"evidence": members}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    (concern,) = [c for c in snap.concerns if "“region”" in str(c.what)]
    assert {r.title for r in concern.records} == {"Firm 5", "Firm 6", "Firm 7", "Firm 8"}
    assert "4 of the 10 “member” records" in str(concern.what), concern.what


def test_no_home_region_concern_when_every_member_is_abroad(db_url: str, tmp_path: Path) -> None:
    """Sixteen committed members, all in Germany: 0 % in the home region CZ-51 is what the
    records say, not a region nobody filled in."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    members = [
        {"kind": "member", "title": f"Firma {n}", "type": "sme", "committed": True,
         "start": "2020-01-01", "country": "DE"}
        for n in range(16)
    ]  # fmt: skip
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump({"evidence": members}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    assert snap.indicator("S6").value == 0
    assert [str(c.what) for c in snap.concerns if "S6" in c.indicators] == []


def test_training_of_someone_not_on_the_staff_is_named(db_url: str, tmp_path: Path) -> None:
    """G4 counts the management team's own training: a course given to members and
    entered as training (person "12 member companies") is named as a concern; the staff's
    own, written with or without accents and role, is not."""
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="T", country="CZ", region="CZ-51"))
    rows = [
        {"kind": "staff", "title": "Jana Horáková, cluster manager", "fte": 1,
         "start": "2020-01-01"},
        {"kind": "training", "title": "Leadership", "hours": 16, "person": "jana horakova",
         "start": "2024-03-01"},
        {"kind": "training", "title": "AI for members", "hours": 16,
         "person": "12 member companies", "start": "2024-04-10"},
    ]  # fmt: skip
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"evidence": rows}), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    (concern,) = [c for c in snap.concerns if "G4" in c.indicators and c.group == "suspicious"]
    assert "1 of the 2 counted “training” records names someone who is on no staff record" in (
        str(concern.what)
    )
    assert [r.title for r in concern.records] == ["AI for members (12 member companies)"]
    assert snap.indicator("G4").value == 32.0  # counted as entered: a concern, not a cut


def _strategy_asked_about(tmp_path: Path) -> tuple[Store, str]:
    """`_settled_store` with one strategy (2024), on which the reviewer asked for more
    information before the assessment's date; the store and the strategy's id."""
    store = _settled_store(f"sqlite:///{tmp_path / 'clex.db'}", tmp_path)
    path = tmp_path / "strategy.yaml"
    path.write_text(
        "- {kind: document, title: Strategy 2024-2027, doc_type: strategy,"
        " start: 2024-02-01, approved_on: 2024-02-01}\n",
        encoding="utf-8",
    )
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    doc = next(r.id for r in store.records(SLUG, kind="document"))
    review(store, SLUG, [doc], status="needs_info", reviewer="Eva",
           at=datetime(2024, 12, 20, tzinfo=UTC))  # fmt: skip
    return store, doc


def test_a_strategy_the_auditor_asked_about_is_the_points_of_its_step(tmp_path: Path) -> None:
    """G7 (a strategy approved in the last three years) is an `exists`: one record wins
    its step. The only strategy waits for information the reviewer asked for, so
    settling it is the step's points, shown at stake (it was "–"), not only "new work"."""
    store, doc = _strategy_asked_about(tmp_path)
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    g7 = next(g for g in snap.gaps if g.indicator == "G7")
    assert g7.records_needed == 1 and g7.gain > 0
    from reports.costs import costs_view
    from reports.i18n import Lang

    view = costs_view(snap, Lang("en"), {})
    near = next(g for g in view.groups if g.id == "near_misses")
    mine = [item for item in near.items if any(r.id == doc for r in item.records)]
    assert mine and mine[0].at_stake == pytest.approx(g7.gain), mine


def test_a_judgement_held_back_by_its_records_status_is_settled_not_judged_again(
    tmp_path: Path,
) -> None:
    """G8 judged 4 on a strategy the reviewer asked about scores 0; its step is that
    record settled (one record, 1 unit), not "4 levels higher in the assessor's
    judgement" (20 units), in the next steps and on the Gold path alike."""
    from assessment.snapshot import Judgement

    store, doc = _strategy_asked_about(tmp_path)
    judged = [Judgement(indicator="G8", level=4, rationale="seen on site", evidence=[doc])]
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF, judgements=judged)
    assert snap.indicator("G8").points == 0
    g8 = next(g for g in snap.gaps if g.indicator == "G8")
    assert (g8.effort_kind, g8.effort, g8.cost) == ("records", 1, 1)
    assert (g8.points_now, g8.points_next) == (0, 4)  # the whole agreed level back
    assert "settle with the reviewer the records it rests on" in str(g8.need)
    assert doc in str(g8.need)
    # a record that is simply missing its level's evidence is judged again, as before
    bare = assess(store, SLUG, Period.year(2024), as_of=AS_OF)
    again = next(g for g in bare.gaps if g.indicator == "G8")
    assert again.effort_kind == "judgement"


def _judged_on_documents(tmp_path: Path, docs: str) -> tuple[Store, dict[str, str]]:
    """`_settled_store` with the documents of `docs` (YAML rows); the store and each
    document's id by its title."""
    store = _settled_store(f"sqlite:///{tmp_path / 'clex.db'}", tmp_path)
    path = tmp_path / "docs.yaml"
    path.write_text(docs, encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    return store, {r.title: r.id for r in store.records(SLUG, kind="document")}


def test_a_judgement_held_back_by_its_records_dates_is_put_right_not_judged_again(
    tmp_path: Path,
) -> None:
    """G8 judged 4 on the strategy of 2024 and the KPI report on 2024, entered on its
    approval day in 2025 (as a cluster dates a document), scores 0. Its step is that
    record dated by the span it reports on (one record), with the whole agreed level's
    gain, in the next steps and the cheapest gain (the Gold path: `test_gold_path`); not
    "3 levels higher in the assessor's judgement", which the assessors have no reason to
    give."""
    from assessment.snapshot import Judgement

    store, ids = _judged_on_documents(
        tmp_path,
        "- {kind: document, title: Strategy 2024-2027, doc_type: strategy,"
        " start: 2024-02-01, approved_on: 2024-02-01}\n"
        "- {kind: document, title: KPI report 2024, doc_type: kpi_report,"
        " start: 2025-01-10, approved_on: 2025-01-10}\n",
    )
    strategy, kpi = ids["Strategy 2024-2027"], ids["KPI report 2024"]
    judged = [Judgement(indicator="G8", level=4, rationale="seen", evidence=[strategy, kpi])]
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF, judgements=judged)
    assert snap.indicator("G8").points == 0
    g8 = next(g for g in snap.gaps if g.indicator == "G8")
    assert (g8.effort_kind, g8.effort, g8.points_now, g8.points_next) == ("records", 1, 0, 4)
    assert str(g8.need) == (
        f"the assessors' level 4 counted: enter {kpi} with the span it reports on as its "
        "start and end, its approval day under approved_on"
    )
    assert snap.cheapest_gain is not None and snap.cheapest_gain.indicator == "G8"
    assert snap.cheapest_gain.gain == g8.gain


def test_a_judgement_on_a_document_approved_after_the_date_is_assessed_later(
    tmp_path: Path,
) -> None:
    """The strategy approved on 2025-01-20 is no evidence on 2025-01-15, the assessment's
    date: the step is an assessment as of its approval or later, and an event of 2023
    cited for 2024 is a record of the period to cite in its place; two records."""
    from assessment.snapshot import Judgement

    store, ids = _judged_on_documents(
        tmp_path,
        "- {kind: document, title: Strategy 2024-2027, doc_type: strategy,"
        " start: 2024-02-01, approved_on: 2025-01-20}\n"
        "- {kind: document, title: Action plan 2023, doc_type: action_plan,"
        " start: 2023-02-01, end: 2023-12-31, approved_on: 2023-02-01}\n",
    )
    strategy, plan = ids["Strategy 2024-2027"], ids["Action plan 2023"]
    judged = [Judgement(indicator="G8", level=3, rationale="seen", evidence=[strategy, plan])]
    snap = assess(store, SLUG, Period.year(2024), as_of=AS_OF, judgements=judged)
    g8 = next(g for g in snap.gaps if g.indicator == "G8")
    assert (g8.effort_kind, g8.effort, g8.points_next) == ("records", 2, 3)
    assert str(g8.need) == (
        f"the assessors' level 3 counted: cite records of the period in place of {plan}; "
        f"assess as of Jan 20, 2025 or later, once {strategy} is approved"
    )


def _events_at_home_and_abroad() -> str:
    """Five fairs abroad and five more whose country was left out, six board meetings
    and six member workshops at home: no venue on any of them (empty: on site)."""
    rows = [
        f"- {{kind: event, title: Fair {c}, format: fair, role: exhibitor, country: {c}, "
        f"members_involved: 4, participants: 30, start: 2025-0{n + 1}-12}}"
        for n, c in enumerate(("DE", "AT", "PL", "FR", "IT"))
    ]
    rows += [
        f"- {{kind: event, title: Fair abroad {n}, format: fair, role: exhibitor, "
        f"members_involved: 3, participants: 25, start: 2025-0{n}-20}}"
        for n in range(1, 6)
    ]
    rows += [
        f"- {{kind: event, title: Board meeting {n}/2025, format: board_meeting, role: organiser, "
        f"country: CZ, city: Liberec, participants: 9, start: 2025-0{n}-05}}"
        for n in range(1, 7)
    ]
    rows += [
        f"- {{kind: event, title: Member workshop {n}, format: workshop, role: organiser, "
        f"country: CZ, audience: members, participants: 20, start: 2025-0{n}-25}}"
        for n in range(1, 7)
    ]
    return "\n".join(rows) + "\n"


def test_an_empty_field_is_named_only_where_filling_it_in_would_count_the_record(
    clex: Any, tmp_path: Path
) -> None:
    """Session 23's assessor (F4): every cluster with events was told that its events
    "have no venue, so they are not counted", though an empty venue is on site, which
    C6 and V3 accept (`any_of` with `venue: {missing: true}`), and board meetings and
    workshops at home would count for neither whatever their venue. A field is named
    only on records that every other condition of the indicator admits and that it does
    not count as they are: the five fairs without a country, not the venue of anything.
    Run as a manager does (the command line, a real store), read in the PDF and the
    workbook's Costs sheet."""
    from openpyxl import load_workbook

    assert clex("init", "--cluster", "c", "--name", "Case", "--country", "CZ").code == 0
    (tmp_path / "events.yaml").write_text(_events_at_home_and_abroad(), encoding="utf-8")
    assert clex("import", "events.yaml", "--cluster", "c").code == 0
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    snap = read_snapshot(tmp_path / "s.json")
    assert snap.indicator("C6").value == 5 and snap.indicator("V3").value == 5
    suspicious = [c for c in snap.concerns if c.group == "suspicious"]
    assert [str(c.what) for c in suspicious if "“venue”" in str(c.what)] == []
    (country,) = [c for c in suspicious if "“country”" in str(c.what)]
    assert sorted(r.title for r in country.records) == [f"Fair abroad {n}" for n in range(1, 6)]
    assert country.indicators == ["C6", "V3"]
    assert "5 of the 22 “event” records that C6, V3 would count have no “country”" in str(
        country.what
    )

    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    page = _pdf_text(tmp_path / "r.pdf")
    assert "have no “venue”" not in page and "Fill in “venue”" not in page
    assert "have no “country”" in page and "Fair abroad 1" in page
    assert clex("report", "s.json", "-o", "r.xlsx").code == 0
    cells = [
        str(c.value)
        for row in load_workbook(tmp_path / "r.xlsx")["Costs"].iter_rows()
        for c in row
        if c.value
    ]
    assert not any("“venue”" in v for v in cells)
    assert any("have no “country”" in v for v in cells)


def test_an_event_at_home_without_a_country_is_not_named_as_lacking_one(
    clex: Any, tmp_path: Path
) -> None:
    """Session 25: an event without a country is at the cluster's home, as the
    template's note says, yet the concern named the cluster's own workshops and board
    meetings as having no country, so C6 and V3 "did not count" them. Named now are the
    events whose record says they were elsewhere: a city abroad ("Munich"), or no place
    at all for an event the cluster went to (exhibited at, a mission); a workshop it
    held in Brno or without a city, and a fair in Liberec, are home. A member without a
    country is still named (S7: a member has a seat somewhere)."""
    home = [
        f"- {{kind: event, title: Member workshop {n}, format: workshop, role: organiser, "
        f"participants: 20, start: 2025-0{n}-25}}"
        for n in range(1, 4)
    ]
    home += [
        f"- {{kind: event, title: Seminar in Brno {n}, format: workshop, role: speaker, "
        f"city: Brno, participants: 20, start: 2025-0{n}-15}}"
        for n in range(1, 4)
    ]
    home.append(
        "- {kind: event, title: Liberec fair, format: fair, role: exhibitor, city: liberec, "
        "members_involved: 3, start: 2025-05-05}"
    )
    away = [
        "- {kind: event, title: Munich fair, format: fair, role: exhibitor, city: München, "
        "members_involved: 3, start: 2025-03-12}",
        "- {kind: event, title: Fair without a place, format: fair, role: exhibitor, "
        "members_involved: 3, start: 2025-04-12}",
        "- {kind: event, title: Mission led, format: mission, role: organiser, "
        "members_involved: 4, start: 2025-06-12}",
    ]
    members = [
        f"- {{kind: member, title: Member {n}, type: sme, committed: true, start: 2020-01-01"
        + (", country: CZ}" if n > 3 else "}")
        for n in range(1, 16)
    ]
    assert clex("init", "--cluster", "c", "--name", "Case", "--country", "CZ").code == 0
    (tmp_path / "e.yaml").write_text("\n".join(home + away + members) + "\n", encoding="utf-8")
    assert clex("import", "e.yaml", "--cluster", "c").code == 0
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    snap = read_snapshot(tmp_path / "s.json")
    country = [c for c in snap.concerns if "have no “country”" in str(c.what)]
    events = [c for c in country if "“event”" in str(c.what)]
    assert [sorted(r.title for r in c.records) for c in events] == [
        ["Fair without a place", "Mission led", "Munich fair"]
    ]
    assert events[0].indicators == ["C6", "V3"]
    assert "3 of the 10 “event” records" in str(events[0].what), events[0].what
    (members_lacking,) = [c for c in country if "“member”" in str(c.what)]
    assert sorted(r.title for r in members_lacking.records) == ["Member 1", "Member 2", "Member 3"]


def test_minutes_without_their_meeting_say_what_to_enter(clex: Any, tmp_path: Path) -> None:
    """Session 23's assessor (F5): six board meetings entered only as their signed
    minutes gave G6 = 0 with no word (a document is no near miss of an event). They are
    not counted in the meeting's place (a meeting entered both ways would count twice);
    the minutes without a meeting on their day or the month before are named, with the event to enter. The
    general assembly entered as an event too is counted once and not named."""
    from openpyxl import load_workbook

    days = [f"2025-{2 * n + 1:02d}-15" for n in range(6)]
    rows = [
        f"- {{kind: document, title: Minutes of the board meeting {n + 1}/2025, "
        f"doc_type: minutes, approved_by: Board, approved_on: {day}, start: {day}}}"
        for n, day in enumerate(days)
    ]
    rows.append(
        f"- {{kind: event, title: General assembly 2025, format: general_assembly, "
        f"role: organiser, country: CZ, participants: 40, start: {days[0]}}}"
    )
    assert clex("init", "--cluster", "c", "--name", "Case", "--country", "CZ").code == 0
    (tmp_path / "board.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert clex("import", "board.yaml", "--cluster", "c").code == 0
    run = clex(
        "assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    snap = read_snapshot(tmp_path / "s.json")
    assert snap.indicator("G6").value == 1
    (minutes,) = [c for c in snap.concerns if "“minutes”" in str(c.what)]
    assert minutes.indicators == ["G6"] and minutes.records_total == 5
    assert [r.title for r in minutes.records] == [
        f"Minutes of the board meeting {n}/2025" for n in range(2, 7)
    ]
    assert "5 “minutes” documents of the period have no record that G6 counts on their day" in (
        str(minutes.what)
    )
    assert "format is board meeting or general assembly" in str(minutes.todo)

    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    page = _pdf_text(tmp_path / "r.pdf")
    assert "“minutes” documents of the period have no record that G6 counts" in page
    assert "Minutes of the board meeting 6/2025" in page
    assert "Enter what each document records as one of the event records" in page
    assert clex("report", "s.json", "-o", "r.xlsx").code == 0
    sheet = load_workbook(tmp_path / "r.xlsx")["Costs"]
    (row,) = [[c.value for c in r] for r in sheet.iter_rows() if "“minutes”" in str(r[2].value)]
    assert row[1] == "G6" and "Minutes of the board meeting 2/2025" in str(row[4])


def test_minutes_whose_day_has_no_meeting_g6_counts_are_named(clex: Any, tmp_path: Path) -> None:
    """Session 23's reviewer: the minutes' meeting "was entered" when any board meeting
    stood on the day, so the minutes of the cluster's own board went unnamed while G6
    stayed 0. A meeting of another body the cluster only attended (role participant) is
    no meeting of its own board, and one the auditor rejected is none the assessment
    counts: the minutes of those days are named; those of the day of a meeting G6 counts
    are not."""
    rows = [
        f"- {{kind: document, title: Minutes {n}/2025, doc_type: minutes, approved_by: Board, "
        f"approved_on: {day}, start: {day}}}"
        for n, day in enumerate(["2025-02-15", "2025-05-15", "2025-09-15"], start=1)
    ]
    rows += [
        "- {kind: event, title: Board of the national association, format: board_meeting, "
        "role: participant, country: CZ, participants: 8, start: 2025-02-15}",
        "- {id: evt-may-board, kind: event, title: Board meeting May, format: board_meeting, "
        "role: organiser, country: CZ, participants: 8, start: 2025-05-10}",
        "- {kind: event, title: Board meeting September, format: board_meeting, "
        "role: organiser, country: CZ, participants: 8, start: 2025-09-15}",
    ]
    assert clex("init", "--cluster", "c", "--name", "Case", "--country", "CZ").code == 0
    (tmp_path / "board.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert clex("import", "board.yaml", "--cluster", "c").code == 0
    run = clex(
        "evidence", "review", "evt-may-board", "--cluster", "c", "--status", "rejected",
        "--reviewer", "Eva", "--note", "no attendance list",
    )  # fmt: skip
    assert run.code == 0, run
    run = clex("assess", "--cluster", "c", "--period", "2025", "-o", "s.json")
    assert run.code == 0, run
    snap = read_snapshot(tmp_path / "s.json")
    assert snap.indicator("G6").value == 1  # September's meeting
    (minutes,) = [c for c in snap.concerns if "“minutes”" in str(c.what)]
    assert [r.title for r in minutes.records] == ["Minutes 1/2025", "Minutes 2/2025"]
    assert minutes.records_total == 2

    assert clex("report", "s.json", "-o", "r.pdf").code == 0
    page = _pdf_text(tmp_path / "r.pdf")
    said = page[page.index("“minutes” documents of the period have no record that G6") :]
    assert "Minutes 1/2025" in said and "Minutes 2/2025" in said
    assert "Minutes 3/2025" not in said
