"""What an assessment counts: its date (`--as-of`) and its counting mode.

Evidence is written as the user writes it (YAML) and imported as the user imports it;
reviews go through `evidence.review.review`, with a past date (`at`) where the story
needs one, as the demo's script does. Each test runs on SQLite and, with
CLEX_TEST_PG_URL set, on PostgreSQL (`db_url`); the CLI tests run `clex` on that store.
"""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from assessment import assess
from assessment.counting import cut
from assessment.period import Period
from assessment.verify import verify
from criteria.loader import require_catalogue, resolve
from criteria.models import Catalogue
from evidence.findings import UserDataError
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.review import review
from evidence.store import Store
from tests.conftest import said

Y2024 = Period.year(2024)
AS_OF = date(2025, 1, 15)
BEFORE = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)  # a review on a day before AS_OF

MEMBERS = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta, type: university, committed: yes, start: 2016-09-01}
    - {kind: member, title: Gamma, type: sme, committed: yes, start: 2024-02-01}
    - {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}
""")


@pytest.fixture
def store(db_url: str) -> Any:
    s = Store(db_url)
    s.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    yield s
    s.engine.dispose()


def add(store: Store, tmp_path: Path, text: str, *, reviewer: str | None = None) -> dict[str, str]:
    """Import `text` (evidence YAML) as the user does; title -> id of every record."""
    path = tmp_path / f"ev{len(list(tmp_path.glob('ev*.yaml')))}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    import_files(store, [path], cluster="nano", reviewer=reviewer)
    return {r.title: r.id for r in store.records("nano")}


def messages(snap: Any) -> str:
    return "\n".join(str(f.message) for f in snap.findings)


# -- the assessment's date ----------------------------------------------------------------


def test_as_of_before_the_period_ends_is_refused(store: Store, tmp_path: Path) -> None:
    add(store, tmp_path, MEMBERS)
    with pytest.raises(UserDataError) as err:
        assess(store, "nano", Y2024, as_of=date(2024, 12, 30))
    assert "the assessment's date 2024-12-30 is before the period 2024 ends (2024-12-31)" in str(
        err.value.findings[0]
    )
    assess(store, "nano", Y2024, as_of=Y2024.end)  # the period's last day is fine


def test_cli_refuses_as_of_before_the_period_ends(clex, db_url: str, tmp_path: Path) -> None:
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "nano", "--name", "Nano", env=env).code == 0
    run = clex(
        "assess", "--cluster", "nano", "--period", "2024", "--as-of", "2024-06-30", "-o", "s.json",
        env=env,
    )  # fmt: skip
    assert run.code == 1, run
    assert "as_of: the assessment's date 2024-06-30 is before the period 2024 ends" in run.err
    assert "--as-of 2024-12-31 or later" in run.err
    # nor after today: the store's state at a future date is not known yet
    later = (date.today() + timedelta(days=1)).isoformat()
    run = clex(
        "assess", "--cluster", "nano", "--period", "2024", "--as-of", later, "-o", "s.json",
        env=env,
    )  # fmt: skip
    assert run.code == 1, run
    assert f"the assessment's date {later} is after today" in run.err
    # a period not over yet: not "give --as-of END or later", which the check above refuses
    year = date.today().year
    run = clex("assess", "--cluster", "nano", "--period", str(year), "-o", "s.json", env=env)
    assert run.code == 1, run
    said = " ".join(run.err.split())
    assert f"the period {year} has not ended yet" in said, said
    yesterday = date.today() - timedelta(days=1)
    if yesterday.year == year:  # on 1 January no part of the year is over
        assert f"up to yesterday ({year}-01-01..{yesterday})" in said, said
    assert "--as-of" not in said, said
    assert not (tmp_path / "s.json").exists()
    # one not begun yet has no part up to today to offer (it offered 2027-01-01..today)
    ahead = str(year + 1)
    run = clex("assess", "--cluster", "nano", "--period", ahead, "-o", "s.json", env=env)
    said = " ".join(run.err.split())
    assert run.code == 1 and f"the period {ahead} has not ended yet" in said, run
    assert "up to yesterday" not in said, said
    # nor one ending today: the day is not over (it was assessed, one ending tomorrow not)
    today = date.today()
    for last, ends in ((today, "it ends today"), (today + timedelta(days=1), "it ends on")):
        begun = (last - timedelta(days=364)).isoformat()
        run = clex(
            "assess", "--cluster", "nano", "--from", begun, "--to", last.isoformat(),
            "-o", "s.json", env=env,
        )  # fmt: skip
        said = " ".join(run.err.split())
        assert run.code == 1 and f"has not ended yet ({ends}" in said, run
        yesterday = (today - timedelta(days=1)).isoformat()
        assert f"or the part of this one up to yesterday ({begun}..{yesterday})" in said, said
    assert not (tmp_path / "s.json").exists()
    # one before 1900 was written, and no reader took its snapshot (dates outside 1900-2100)
    for period in (["--period", "1899"], ["--from", "1850-01-01", "--to", "1999-12-31"]):
        run = clex("assess", "--cluster", "nano", *period, "-o", "s.json", env=env)
        said = " ".join(run.err.split())
        assert run.code == 1 and "begins before 1900-01-01" in said, run
        assert not (tmp_path / "s.json").exists()


def test_records_dated_after_as_of_do_not_count_and_are_listed(
    store: Store, tmp_path: Path
) -> None:
    ids = add(
        store,
        tmp_path,
        MEMBERS
        + "- {kind: member, title: Late, type: sme, committed: yes, start: 2025-02-01}\n"
        + "- {kind: event, title: Spring day, format: conference, start: 2025-03-01}\n",
    )
    late = sorted([ids["Late"], ids["Spring day"]])
    for audit in (False, True):
        snap = assess(store, "nano", Y2024, as_of=AS_OF, audit=audit)
        assert snap.after_as_of == late
        assert late[0] not in snap.indicator("S1").evidence_ids
        assert all(late[0] not in i.evidence_ids for i in snap.indicators)
        assert "2 records dated after Jan 15, 2025, the assessment's date, were not counted: " in (
            messages(snap)
        )
    self = assess(store, "nano", Y2024, as_of=AS_OF)
    assert self.indicator("S1").value == 3  # Alpha, Beta, Gamma; not Late
    # a date after all of them lists none
    assert assess(store, "nano", Y2024, as_of=date(2025, 6, 30)).after_as_of == []


# -- reviews made after the assessment's date ---------------------------------------------


def test_a_review_after_as_of_does_not_count_and_snapshots_stay_identical(
    store: Store, tmp_path: Path
) -> None:
    ids = add(store, tmp_path, MEMBERS)
    alpha, beta = ids["Alpha"], ids["Beta"]
    review(store, "nano", [alpha], status="verified", reviewer="Eva", at=BEFORE)
    first = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    assert first.indicator("S1").value == 1 and first.indicator("S1").evidence_ids == [alpha]
    own = assess(store, "nano", Y2024, as_of=AS_OF)

    # after the date: Beta verified, Alpha rejected (now, and late on the day after)
    review(store, "nano", [beta], status="verified", reviewer="Eva")
    review(store, "nano", [alpha], status="rejected", reviewer="Eva",
           at=datetime(2025, 1, 16, 0, 30, tzinfo=UTC))  # fmt: skip
    again = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    assert again.to_json() == first.to_json()
    assert assess(store, "nano", Y2024, as_of=AS_OF).to_json() == own.to_json()
    assert verify(store, first) == [] and verify(store, own) == []
    refs = {r.id: r.status for r in again.evidence}
    assert refs[alpha] == "verified"

    today = assess(store, "nano", Y2024, as_of=date.today(), audit=True)
    assert today.indicator("S1").evidence_ids == [beta]
    assert "1 rejected record was not counted" in messages(today)


def test_a_record_edited_after_as_of_is_no_longer_verified_as_of_then(
    store: Store, tmp_path: Path
) -> None:
    """Alpha was verified before the assessment's date and edited after it: the review
    vouched for what Alpha held then, not for what it holds now, so an audit dated then
    does not count Alpha's present content as verified (it counted it: Gold on content
    nobody verified), and says so; a self-assessment counts it as it is."""
    from evidence.changes import edit

    ids = add(store, tmp_path, MEMBERS)
    alpha = ids["Alpha"]
    review(store, "nano", [alpha], status="verified", reviewer="Eva", at=BEFORE)
    first = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    assert first.indicator("S1").evidence_ids == [alpha]

    edit(store, "nano", alpha, {"title": "Alpha Ltd"}, actor="Mia", command="clex evidence edit")
    audit = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    assert audit.indicator("S1").value == 0
    assert "1 record was changed after Jan 15, 2025, the assessment's date" in messages(audit)
    assert f"does not count: {alpha}" in messages(audit)
    own = assess(store, "nano", Y2024, as_of=AS_OF)
    assert own.indicator("S1").value == 3
    assert verify(store, first) != []  # the edit is a difference of the first audit


def test_a_review_dated_on_the_as_of_day_counts(store: Store, tmp_path: Path) -> None:
    """The day ends at midnight UTC: a review at 00:30 the next day in Prague (23:30 UTC)
    is still on it."""
    ids = add(store, tmp_path, MEMBERS)
    prague = timezone(timedelta(hours=1))
    review(store, "nano", [ids["Alpha"]], status="verified", reviewer="Eva",
           at=datetime(2025, 1, 16, 0, 30, tzinfo=prague))  # fmt: skip
    review(store, "nano", [ids["Beta"]], status="verified", reviewer="Eva",
           at=datetime(2025, 1, 16, 0, 30, tzinfo=UTC))  # fmt: skip
    snap = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    assert snap.indicator("S1").evidence_ids == [ids["Alpha"]]


def test_statuses_are_read_back_only_when_a_review_came_later(store: Store, tmp_path: Path) -> None:
    """The common case (nothing reviewed since the date) reads the status column; a
    record imported after the date keeps the status it was imported with."""
    ids = add(store, tmp_path, MEMBERS)
    add(  # imported as a draft (a review import creates nothing, so no import verifies)
        store,
        tmp_path,
        "- {kind: member, title: Delta, type: sme, committed: yes, start: 2020-01-01, "
        "status: draft}\n",
    )
    with store.read() as conn:
        assert (
            cut(store, conn, "nano", AS_OF, ("submitted", "verified")).statuses_at is None
        )  # imports are no change
    review(store, "nano", [ids["Alpha"]], status="rejected", reviewer="Eva")
    with store.read() as conn:
        assert cut(store, conn, "nano", AS_OF, ("submitted", "verified")).statuses_at is not None
        assert cut(store, conn, "nano", date.today(), ("submitted", "verified")).statuses_at is None
    delta = {r.title: r.id for r in store.records("nano")}["Delta"]
    counted = assess(store, "nano", Y2024, as_of=AS_OF).indicator("S1").evidence_ids
    assert ids["Alpha"] in counted and delta not in counted  # rejected after AS_OF; a draft
    drafts = assess(store, "nano", Y2024, as_of=AS_OF, include_drafts=True)
    assert delta in drafts.indicator("S1").evidence_ids


# -- counting modes -----------------------------------------------------------------------

DRAFTS = MEMBERS + textwrap.dedent("""\
    - {kind: member, title: Draft one, type: sme, committed: yes, start: 2024-05-01, status: draft}
    - {kind: member, title: Asked, type: sme, committed: yes, start: 2024-06-01}
""")


def test_drafts_count_only_with_include_drafts(clex, db_url: str, tmp_path: Path) -> None:
    env = {"CLEX_DB": db_url}
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ", env=env).code == 0
    (tmp_path / "ev.yaml").write_text(DRAFTS, encoding="utf-8")
    assert clex("import", "ev.yaml", "--cluster", "nano", env=env).code == 0
    common = ["assess", "--cluster", "nano", "--period", "2024", "--as-of", "2025-01-15"]

    assert clex(*common, "-o", "self.json", env=env).code == 0
    snap = json.loads((tmp_path / "self.json").read_text(encoding="utf-8"))
    s1 = next(i for i in snap["indicators"] if i["id"] == "S1")
    assert s1["value"] == 4  # Alpha, Beta, Gamma, Asked
    assert snap["counted_statuses"] == ["submitted", "verified"] and not snap["include_drafts"]
    found = [said(f["message"]) for f in snap["findings"]]
    assert "1 draft record was not counted; submit it, or assess with --include-drafts " \
        "to see what it would add" in found  # fmt: skip

    run = clex(*common, "--include-drafts", "-o", "drafts.json", env=env)
    assert run.code == 0 and "self-assessment, drafts counted" in run.out, run
    snap = json.loads((tmp_path / "drafts.json").read_text(encoding="utf-8"))
    s1 = next(i for i in snap["indicators"] if i["id"] == "S1")
    assert s1["value"] == 5
    assert snap["counted_statuses"] == ["draft", "submitted", "verified"] and snap["include_drafts"]
    assert any("1 draft record counted; submit or verify it" in said(f["message"])
               for f in s1["findings"])  # fmt: skip
    assert "1 draft record was counted (--include-drafts); review it before the audit" in [
        said(f["message"]) for f in snap["findings"]
    ]
    for name in ("self.json", "drafts.json"):
        assert clex("verify", name, env=env).code == 0


def test_needs_info_never_counts(store: Store, tmp_path: Path) -> None:
    ids = add(store, tmp_path, DRAFTS)
    review(store, "nano", [ids["Asked"]], status="needs_info", reviewer="Eva", at=BEFORE)
    review(store, "nano", [ids["Alpha"]], status="verified", reviewer="Eva", at=BEFORE)
    for drafts in (False, True):
        snap = assess(store, "nano", Y2024, as_of=AS_OF, include_drafts=drafts)
        assert ids["Asked"] not in snap.indicator("S1").evidence_ids
        assert snap.indicator("S1").value == (4 if drafts else 3)
        assert "1 record needs more information from the cluster and was not counted" in (
            messages(snap)
        )
    audit = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    assert audit.indicator("S1").evidence_ids == [ids["Alpha"]]
    assert "5 records not yet verified were not counted for the cluster" in messages(audit)


FINANCE = """\
    - {kind: finance, title: Membership fees, source_type: membership_fees, amount_eur: 20000, start: 2024-03-31}
    - {kind: finance, title: Regional grant, source_type: public_regional, amount_eur: 60000, start: 2024-06-30}
    - {kind: finance, title: National grant, source_type: public_national, amount_eur: 8500, start: 2024-09-30}
"""


def test_an_audit_share_stays_at_what_verified_evidence_proves(
    store: Store, tmp_path: Path
) -> None:
    """The issue's example: only the fee rows are verified; the share of private financing
    stays at 22.6 % in the audit instead of jumping to 100 %."""
    ids = add(store, tmp_path, FINANCE)
    review(store, "nano", [ids["Membership fees"]], status="verified", reviewer="Eva", at=BEFORE)
    own = assess(store, "nano", Y2024, as_of=AS_OF)
    g9 = own.indicator("G9")
    assert g9.value == pytest.approx(100 * 20000 / 88500) and g9.confirmed is None
    assert g9.points == 1 and g9.other_mode_points == 1  # the audit gives the same

    audit = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    g9 = audit.indicator("G9")
    assert g9.value == pytest.approx(100 * 20000 / 88500) and g9.points == 1
    assert g9.confirmed is False
    assert g9.other_mode_points == 1
    grants = sorted([ids["Regional grant"], ids["National grant"]])
    assert sorted(g9.evidence_ids) == sorted([*grants, ids["Membership fees"]])
    (finding,) = [f for f in g9.findings if str(f.message).startswith("not confirmed")]
    assert str(finding.message) == (
        "not confirmed: 2 unverified records count against the cluster here until they "
        f"are verified: {', '.join(i for i in g9.evidence_ids if i in grants)}"
    )
    assert {r.id: r.status for r in audit.evidence}[grants[0]] == "submitted"
    assert verify(store, audit) == []

    # verified, the grants confirm the value: nothing is left unverified
    review(store, "nano", grants, status="verified", reviewer="Eva", at=BEFORE)
    g9 = assess(store, "nano", Y2024, as_of=AS_OF, audit=True).indicator("G9")
    assert g9.confirmed is True and g9.value == pytest.approx(100 * 20000 / 88500)
    assert not [f for f in g9.findings if str(f.message).startswith("not confirmed")]


def _g3_lower_is_better(tmp_path: Path) -> Catalogue:
    """The built-in catalogue with G3 scored on an `at_most` ladder, as it was before it
    became descriptive (issue 15): the built-in catalogue has no lower-is-better ratio."""
    text = (resolve(None)).read_text(encoding="utf-8")
    ladder = (
        "    points:\n      - {at_most: 60, points: 1}\n"
        "      - {at_most: 40, points: 2, gold: true}\n      - {at_most: 25, points: 3}\n"
        "    weight: 1\n"
    )
    start = text.index("  - id: G3\n")
    at = text.index("    scored: false\n", start)
    path = tmp_path / "g3-at-most.yaml"
    path.write_text(text[:at] + ladder + text[at + len("    scored: false\n") :], encoding="utf-8")
    return require_catalogue(path)


def test_an_audit_ratio_where_lower_is_better_is_bounded_from_above(
    store: Store, tmp_path: Path
) -> None:
    """Committed participants per management FTE on an `at_most` ladder: the audit takes
    every member the cluster put forward over the verified FTE only."""
    ids = add(
        store,
        tmp_path,
        MEMBERS + "- {kind: staff, title: Assistant, fte: 1.0, start: 2022-01-01}\n",
    )
    review(store, "nano", [ids["Alpha"], ids["Manager"]], status="verified", reviewer="Eva",
           at=BEFORE)  # fmt: skip
    cat = _g3_lower_is_better(tmp_path)
    assert assess(store, "nano", Y2024, as_of=AS_OF, catalogue=cat).indicator("G3").value == 1.5
    g3 = assess(store, "nano", Y2024, as_of=AS_OF, audit=True, catalogue=cat).indicator("G3")
    assert g3.value == 3 / 1.0  # verified alone: 1 member / 1 FTE
    assert g3.confirmed is False
    assert sorted(g3.evidence_ids) == sorted(
        [ids["Alpha"], ids["Beta"], ids["Gamma"], ids["Manager"]]
    )
    assert "not confirmed: 2 unverified records" in str(g3.findings[-1].message)


def test_an_audit_growth_is_bounded_by_verified_members(store: Store, tmp_path: Path) -> None:
    """S5, net growth of committed participants: ten unverified and two verified members
    from 2015, ten verified ones joined in 2024. Verified members alone would show 500 %
    growth (2 -> 12); the audit keeps the unverified ones in the starting count."""
    old = "".join(
        f"- {{kind: member, title: Old {n}, type: sme, committed: yes, start: 2015-01-01}}\n"
        for n in range(12)
    )
    new = "".join(
        f"- {{kind: member, title: New {n}, type: sme, committed: yes, start: 2024-03-01}}\n"
        for n in range(10)
    )
    ids = add(store, tmp_path, old + new)
    verified = [ids["Old 0"], ids["Old 1"], *(ids[f"New {n}"] for n in range(10))]
    review(store, "nano", verified, status="verified", reviewer="Eva", at=BEFORE)
    self_s5 = assess(store, "nano", Y2024, as_of=AS_OF).indicator("S5")
    assert self_s5.value == pytest.approx(100 * (22 - 12) / 12)
    s5 = assess(store, "nano", Y2024, as_of=AS_OF, audit=True).indicator("S5")
    assert s5.value == 0.0  # 12 verified at the end against 12 put forward at the start
    assert s5.confirmed is False


# -- records entered after the assessment's date (session 24) -----------------------------

NEWSLETTERS = """\
- {kind: communication, title: Newsletter 1, channel: newsletter, start: 2024-03-01}
- {kind: communication, title: Newsletter 2, channel: newsletter, start: 2024-06-01}
"""
LATE = "- {kind: communication, title: Newsletter 3, channel: newsletter, start: 2024-11-20}\n"


def day(d: date) -> str:
    """A date as the English messages say it ("Jan 15, 2025")."""
    return f"{d:%b} {d.day}, {d.year}"


def entered_on_10_january(monkeypatch: pytest.MonkeyPatch) -> None:
    """The base is imported on 2025-01-10, before AS_OF (the late one: today)."""
    monkeypatch.setattr("evidence.ingest.now", lambda: BEFORE)


def test_a_record_entered_after_the_date_is_left_out_and_named(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newsletter of November entered after the assessment's date (today) was not in
    the store then: an assessment of that date leaves it out in both modes and names it
    with the day it was entered; one as of today counts it. It counted, unsaid (s24 F4)."""
    with monkeypatch.context() as mp:
        entered_on_10_january(mp)
        ids = add(store, tmp_path, MEMBERS + NEWSLETTERS)
    kept = assess(store, "nano", Y2024, as_of=AS_OF)
    ids = add(store, tmp_path, LATE)
    late = ids["Newsletter 3"]
    today = datetime.now(UTC).date()
    review(store, "nano", [late], status="verified", reviewer="Auditor")  # today, too
    for audit in (False, True):
        snap = assess(store, "nano", Y2024, as_of=AS_OF, audit=audit)
        assert late not in snap.indicator("C1").evidence_ids
        assert snap.entered_after == [late]
        assert (
            f"1 record entered after Jan 15, 2025, the assessment's date, is left out, as the "
            f"store did not hold it then (the day it was entered in brackets): {late} "
            f"({today}); assess as of {day(today)} or later to count it"
        ) in messages(snap)
        assert late not in [m.id for m in snap.indicator("C1").not_counted]  # no near miss
    self = assess(store, "nano", Y2024, as_of=AS_OF)
    assert self.indicator("C1").value == kept.indicator("C1").value == 2
    assert self.indicator("C1").evidence_ids == kept.indicator("C1").evidence_ids
    now = assess(store, "nano", Y2024, as_of=today)
    assert late in now.indicator("C1").evidence_ids and now.entered_after == []
    assert verify(store, kept) == []  # the kept snapshot is what the store held then


def test_a_store_filled_after_the_date_counts_its_records_as_dated(
    store: Store, tmp_path: Path
) -> None:
    """A cluster that starts using clex enters its past: a store with none of its
    records by the assessment's date has no state of that day to go back to, and counts
    them as dated, as it did before."""
    ids = add(store, tmp_path, MEMBERS + NEWSLETTERS + LATE)
    snap = assess(store, "nano", Y2024, as_of=AS_OF)
    assert ids["Newsletter 3"] in snap.indicator("C1").evidence_ids
    assert snap.entered_after == [] and "entered after" not in messages(snap)


def test_a_judgement_citing_a_record_entered_later_scores_0(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessment.judgements import load_judgements

    with monkeypatch.context() as mp:
        entered_on_10_january(mp)
        add(store, tmp_path, MEMBERS)
    ids = add(
        store,
        tmp_path,
        "- {kind: document, title: Strategy, doc_type: strategy, start: 2024-05-01}",
    )
    doc = ids["Strategy"]
    path = tmp_path / "j.yaml"
    path.write_text(
        f"- {{indicator: G8, level: 2, rationale: fine, evidence: [{doc}]}}\n", encoding="utf-8"
    )
    judged = load_judgements(path, require_catalogue(None))
    g8 = assess(store, "nano", Y2024, as_of=AS_OF, judgements=judged).indicator("G8")
    assert g8.points == 0
    text = " ".join(str(f.message) for f in g8.findings)
    today = day(datetime.now(UTC).date())
    assert f"cites {doc} (Strategy), entered on {today}, after Jan 15, 2025" in text
    assert "withdrawn" not in text
    # its step is the record counted (an assessment of a later date), with the agreed
    # level's whole gain: not "2 levels higher in the assessor's judgement"
    snap = assess(store, "nano", Y2024, as_of=AS_OF, judgements=judged)
    gap = next(g for g in snap.gaps if g.indicator == "G8")
    assert (gap.effort_kind, gap.effort, gap.points_next) == ("records", 1, 2)
    assert str(gap.need) == (
        f"the assessors' level 2 counted: assess as of {today} or later, the day {doc} was entered"
    )


def test_a_record_entered_and_edited_after_the_date_is_not_said_to_count(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newsletter entered after the assessment's date and edited since is left out of
    an assessment of that date: an audit said it "counts as it is now" (only the ones
    an audit would count now, verified, were taken out of that warning)."""
    from evidence.changes import edit

    with monkeypatch.context() as mp:
        entered_on_10_january(mp)
        add(store, tmp_path, MEMBERS + NEWSLETTERS)
    late = add(store, tmp_path, LATE)["Newsletter 3"]
    edit(store, "nano", late, {"title": "Newsletter 3 (Nov)"}, actor="Mia", command="clex evidence edit")  # fmt: skip
    for audit in (False, True):
        snap = assess(store, "nano", Y2024, as_of=AS_OF, audit=audit)
        assert late not in snap.indicator("C1").evidence_ids
        assert "changed after" not in messages(snap), messages(snap)
        assert snap.entered_after == ([] if audit else [late])  # named where it would count
