"""`clex verify` as an auditor reads it (issue 17, item 5): the verdict first (the total,
each area, each label: reproduced, or how they changed), then the records the snapshot
cites that changed since (content field by field, withdrawn, their attachment file
hashed again in the workspace), then the reviews since, one line per group with the ids
after. Run as the user runs it (the CLI in process) on snapshots made by `clex assess`,
on a real SQLite store and, with CLEX_TEST_PG_URL set, PostgreSQL (`db_url`)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from assessment import read_snapshot
from assessment.verify import verification, verify
from assessment.verify_report import verification_lines
from evidence.store import Store
from tests.conftest import Run

CATALOGUE = textwrap.dedent("""\
    id: tiny-verify
    version: "1"
    title: Tiny
    areas:
      - {id: structure, title: Structure}
      - {id: services, title: Services}
    indicators:
      - id: S1
        area: structure
        title: Committed members
        question: How many?
        evidence: Member list
        metric: {aggregate: count, kind: member, scope: active_at_end, where: {committed: true}}
        points:
          - {at_least: 2, points: 1}
          - {at_least: 3, points: 2}
        basis: modelled
        verified: false
      - id: G1
        area: structure
        title: Strategy
        question: Is there a strategy?
        evidence: The strategy
        metric: {aggregate: exists, kind: document, scope: all, where: {doc_type: strategy}}
        points:
          - {at_least: 1, points: 1}
        basis: modelled
        verified: false
      - id: V1
        area: services
        title: Events
        question: How many events?
        evidence: Event list
        metric: {aggregate: count, kind: event, scope: in_period}
        points:
          - {at_least: 1, points: 1}
        basis: modelled
        verified: false
    labels:
      - {id: bronze, title: Bronze, indicators: {S1: {at_least: 3}}}
""")
EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta, type: university, committed: yes, start: 2016-09-01}
    - {kind: member, title: Gamma, type: sme, committed: yes, start: 2024-02-01}
    - {kind: event, title: Cluster day, format: conference, start: 2024-05-14}
    - {kind: document, title: Strategy, doc_type: strategy, start: 2024-01-10, attachment: docs/strategy.pdf}
""")
PAST = "2025-01-15"  # a snapshot "as of" this day: reviews made today come after it


class Cluster:
    """A store with the cluster 'nano' and its evidence, in a scratch folder that is
    also the workspace of its attachments."""

    def __init__(self, clex: Callable[..., Run], folder: Path, db: str) -> None:
        self.folder, self.db, self._clex = folder, db, clex

    def run(self, *args: str) -> Run:
        if args[:1] == ("verify",):  # never read from the path the snapshot names
            args = (*args, "--catalogue", "tiny.yaml")
        return self._clex(*args, env={"CLEX_DB": self.db})

    def assess(self, name: str, *as_of: str) -> dict:
        run = self.run(
            "assess", "--cluster", "nano", "--period", "2024", "--catalogue", "tiny.yaml",
            *as_of, "-o", name,
        )  # fmt: skip
        assert run.code == 0, run
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    def ids(self) -> dict[str, str]:
        """title -> id of every record."""
        listed = self.run("evidence", "list", "--cluster", "nano", "--json")
        return {r["title"]: r["id"] for r in json.loads(listed.out)}

    def review(self, ids: list[str], status: str, reviewer: str) -> None:
        run = self.run(
            "evidence", "review", *ids, "--cluster", "nano", "--status", status,
            "--reviewer", reviewer,
        )  # fmt: skip
        assert run.code == 0, run

    def import_yaml(self, text: str, name: str = "ev.yaml") -> None:
        (self.folder / name).write_text(text, encoding="utf-8")
        run = self.run("import", name, "--cluster", "nano")
        assert run.code == 0, run


@pytest.fixture
def nano(clex: Callable[..., Run], tmp_path: Path, db_url: str) -> Cluster:
    c = Cluster(clex, tmp_path, db_url)
    (tmp_path / "tiny.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "strategy.pdf").write_bytes(b"%PDF-1.4 strategy 2024-2027, approved")
    assert c.run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    c.import_yaml(EVIDENCE)
    return c


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_an_untouched_store_says_what_it_reproduced(nano: Cluster) -> None:
    nano.assess("s.json")
    run = nano.run("verify", "s.json")
    assert run.code == 0, run
    today = date.today().isoformat()
    assert _lines(run.out) == [
        f"s.json (Nano, 2024, as of {today}): values, points and labels reproduced: "
        "total 100.0 %, 2 areas, Bronze ready",
        "s.json: verified (5 evidence records unchanged).",
    ]


def test_a_store_without_the_cluster_is_named_the_wrong_store(nano: Cluster) -> None:
    """Not "5 records no longer in the store" and "create it with clex init": the store
    given is not the one the snapshot was made from."""
    nano.assess("s.json")
    other = str(nano.folder / "other.db")
    made = nano._clex("init", "--cluster", "acme", "--name", "Acme", env={"CLEX_DB": other})
    assert made.code == 0, made
    run = nano._clex("verify", "s.json", env={"CLEX_DB": other})
    assert run.code == 1, run
    said = " ".join(run.err.split())
    assert "this store holds no cluster 'nano' (it holds acme)" in said, said
    assert "no longer in the store" not in said and "clex init" not in said


def test_the_verdict_comes_first_then_records_then_reviews_grouped(nano: Cluster) -> None:
    """The manager un-commits a member and the auditor reviews on the snapshot's day:
    the first lines say the total and Bronze moved; the changed field is named; the
    four reviews are two lines, not four."""
    nano.assess("s.json")
    ids = nano.ids()
    nano.import_yaml(EVIDENCE.replace("title: Gamma, type: sme, committed: yes",
                                      "title: Gamma, type: sme, committed: no"))  # fmt: skip
    nano.review([ids["Alpha"], ids["Beta"], ids["Cluster day"]], "verified", "Jana Novak")
    nano.review([ids["Strategy"]], "rejected", "Eva Auditor")
    run = nano.run("verify", "s.json")
    assert run.code == 1, run
    today = date.today().isoformat()
    verified = sorted([ids["Alpha"], ids["Beta"], ids["Cluster day"]])
    assert _lines(run.err) == [
        f"s.json (Nano, 2024, as of {today}): NOT reproduced by the store as it is now",
        "  Total 100.0 % then, 50.0 % now",
        "  Areas: Structure 100.0 % then, 33.3 % now; Services reproduced",
        "  Labels: Bronze ready then, not now",
        f"  S1 Committed members: value 3 (2 points) then, 2 (1 point) now; "
        f"no longer counted: {ids['Gamma']}",
        f"  G1 Strategy: value 1 (1 point) then, 0 (0 points) now; "
        f"no longer counted: {ids['Strategy']}",
        "Other differences:",
        "  s.json:gaps: the gaps (each indicator's next step) differ from those derived now",
        "  s.json:gold_path: the Gold path differs from the one derived now",
        # every field the store derives is compared: the audit's points moved with reviews
        "  s.json:indicators.V1: other_mode_points: 0 in the snapshot, 1 derived now",
        "  s.json:other_mode_overall: 0 in the snapshot, 50 derived now",
        "  s.json:findings: 0 items in the snapshot, 1 item derived now",
        "Records changed since the snapshot (1):",
        f"  record {ids['Gamma']} (Gamma) changed after the snapshot: committed yes then, no now",
        f"Reviews dated on or before {today} that the snapshot did not see (4 records):",
        f"  3 records verified by Jana Novak: {', '.join(verified)}",
        f"  1 record rejected by Eva Auditor: {ids['Strategy']}",
        "error: s.json: 15 difference(s); the snapshot no longer matches the store",
    ]
    data = json.loads(nano.run("verify", "s.json", "--json").out)
    assert data["ok"] is False and data["verdict"]["reproduced"] is False
    assert data["verdict"]["total_then"] == 100.0 and data["verdict"]["total_now"] == 50.0
    assert [(lb["id"], lb["then"], lb["now"]) for lb in data["verdict"]["labels"]] == [
        ("bronze", True, False)
    ]
    assert data["records"][0]["fields"] == [{"field": "committed", "then": True, "now": False}]
    assert [(g["status"], g["reviewer"], g["ids"]) for g in data["reviews"]] == [
        ("verified", "Jana Novak", verified),
        ("rejected", "Eva Auditor", [ids["Strategy"]]),
    ]
    # every detail stays: one finding per record reviewed, with its id and reviewer
    reviewed = [f for f in data["findings"] if "was reviewed since the snapshot" in f["message"]]
    assert sorted(f["record_id"] for f in reviewed) == sorted([*verified, ids["Strategy"]])
    assert all(" by Jana Novak, " in f["message"] for f in reviewed if f["record_id"] in verified)


def test_attachments_are_hashed_again_in_the_workspace(nano: Cluster, db_url: str) -> None:
    """A strategy PDF replaced on disk changes no digest in the store: verify hashes the
    file again and names the record and the file; a workspace without it says so. The
    library leaves the files alone unless given a workspace (Silver's check of an earlier
    snapshot runs wherever `clex assess` is run)."""
    nano.assess("s.json")
    doc = nano.ids()["Strategy"]
    pdf = nano.folder / "docs" / "strategy.pdf"
    original = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.4 strategy 2024-2027, a draft nobody approved")
    run = nano.run("verify", "s.json")
    assert run.code == 1, run
    assert "values, points and labels reproduced" in _lines(run.err)[0]
    changed = [line for line in run.err.splitlines() if doc in line]
    assert len(changed) == 1, run
    assert changed[0].startswith(
        f"  record {doc} (Strategy): its attachment docs/strategy.pdf changed since the "
        "snapshot (SHA-256 "
    )
    data = json.loads(nano.run("verify", "s.json", "--json").out)
    assert [(r["id"], r["what"], r["file"]) for r in data["records"]] == [
        (doc, "attachment changed", "docs/strategy.pdf")
    ]
    assert data["records"][0]["sha256_then"] != data["records"][0]["sha256_now"]
    store = Store(db_url)
    snap = read_snapshot(nano.folder / "s.json")
    cat = [nano.folder / "tiny.yaml"]
    assert verify(store, snap, catalogues=cat) == []
    found = verify(store, snap, catalogues=cat, workspace=nano.folder)
    assert [f.record_id for f in found] == [doc]
    store.engine.dispose()
    pdf.write_bytes(original)
    assert nano.run("verify", "s.json").code == 0
    (nano.folder / "elsewhere").mkdir()
    run = nano.run("verify", "s.json", "--workspace", "elsewhere")
    assert run.code == 1, run
    assert (
        f"record {doc} (Strategy): its attachment docs/strategy.pdf is not in the "
        f"workspace {(nano.folder / 'elsewhere').resolve()}"
    ) in run.err
    run = nano.run("verify", "s.json", "--workspace", "nowhere")
    assert run.code == 2 and "--workspace nowhere: no such folder" in run.err, run


def test_a_withdrawn_record_is_a_change_even_when_the_scores_hold(nano: Cluster) -> None:
    """Withdrawn after the snapshot's date, a record still counted then, so the scores
    are reproduced; but the snapshot rests on a record the manager took back: verify
    says when, by whom and why, as the record's change, never as a review."""
    nano.assess("s.json", "--as-of", PAST)
    ids = nano.ids()
    gamma = ids["Gamma"]
    _withdraw(nano, [gamma], "entered twice")
    run = nano.run("verify", "s.json")
    assert run.code == 1, run
    lines = _lines(run.err)
    assert "values, points and labels reproduced" in lines[0]
    today = datetime.now(UTC).date().isoformat()
    message = (
        f"record {gamma} (Gamma) was withdrawn on {today} by Petra Manager: entered "
        "twice (`clex evidence restore` puts it back)"
    )
    assert lines[1:] == [
        "Records changed since the snapshot (1):",
        f"  {message}",
        "error: s.json: 1 difference(s); the snapshot no longer matches the store",
    ]
    data = json.loads(nano.run("verify", "s.json", "--json").out)
    assert data["later_reviews"] == [] and data["reviews"] == []
    assert data["records"][0] | {"at": None} == {
        "id": gamma,
        "title": "Gamma",
        "what": "withdrawn",
        "message": message,
        "fields": [],
        "at": None,
        "by": "Petra Manager",
        "reason": "entered twice",
        "file": None,
        "sha256_then": None,
        "sha256_now": None,
    }
    # an import undone withdraws many records at once: one line, the ids after
    others = sorted([ids["Alpha"], ids["Cluster day"]])
    _withdraw(nano, others, "import undone")
    run = nano.run("verify", "s.json")
    assert _lines(run.err)[1:4] == [
        "Records changed since the snapshot (3):",
        f"  {message}",
        f"  2 records withdrawn on {today} by Petra Manager: import undone: "
        f"{', '.join(others)} (`clex evidence restore` puts them back)",
    ]
    data = json.loads(nano.run("verify", "s.json", "--json").out)
    assert sorted(r["id"] for r in data["records"]) == sorted([gamma, *others])


def _withdraw(nano: Cluster, ids: list[str], reason: str) -> None:
    """The manager withdraws records, as she does: `clex evidence withdraw`."""
    run = nano.run(
        "evidence", "withdraw", *ids, "--cluster", "nano", "--reason", reason,
        "--user", "Petra Manager",
    )  # fmt: skip
    assert run.code == 0, run


def test_reviews_after_the_snapshots_date_are_listed_grouped_not_counted(
    nano: Cluster,
) -> None:
    """Reviews made after the snapshot's date are not differences (exit 0), but the
    auditor sees them, one line per group, the ids after (all of them in --json)."""
    many = "".join(
        f"- {{kind: member, title: Member {n:02}, type: sme, start: 2020-01-01}}\n"
        for n in range(14)
    )
    nano.import_yaml(many, "more.yaml")
    nano.assess("s.json", "--as-of", PAST)
    ids = nano.ids()
    members = sorted(ids[f"Member {n:02}"] for n in range(14))
    nano.review(members, "verified", "Jana Novak")
    nano.review([ids["Alpha"]], "needs_info", "Eva Auditor")
    run = nano.run("verify", "s.json")
    assert run.code == 0, run
    assert _lines(run.out) == [
        f"s.json (Nano, 2024, as of {PAST}): values, points and labels reproduced: "
        "total 100.0 %, 2 areas, Bronze ready",
        f"Reviews after {PAST} (15 records): not part of the snapshot, which reads statuses "
        "as they stood on its date",
        f"  14 records verified by Jana Novak: {', '.join(members[:12])} and 2 more "
        "(--json lists them all)",
        f"  1 record marked as needing information by Eva Auditor: {ids['Alpha']}",
        "s.json: verified (5 evidence records unchanged).",
    ]
    data = json.loads(nano.run("verify", "s.json", "--json").out)
    assert data["ok"] is True and data["findings"] == []
    assert data["later_reviews"][0]["ids"] == members
    assert data["later_reviews"][0]["before"] == dict.fromkeys(members, "submitted")


def test_a_file_edited_after_clex_wrote_it_says_so_after_the_verdict(
    nano: Cluster, db_url: str
) -> None:
    """A title made nicer by hand: `clex verify` refuses the file, located, as every
    command does; the library, given it unchecked (Silver's earlier snapshot), says the
    numbers are reproduced and, at once after, that the file was edited."""
    data = nano.assess("s.json")
    data["indicators"][0]["title"] = "Something nicer"
    (nano.folder / "edited.json").write_text(json.dumps(data), encoding="utf-8")
    run = nano.run("verify", "edited.json")
    assert run.code == 1 and "edited.json:digest: edited after clex wrote it" in run.err, run
    store = Store(db_url)
    snap = read_snapshot(nano.folder / "edited.json", checked=False)
    found = verification(
        store, snap, snapshot_file="edited.json", catalogues=[nano.folder / "tiny.yaml"]
    )
    store.engine.dispose()
    lines = verification_lines(found)
    assert lines[0].endswith("Bronze ready; but the file fails its own checks"), lines
    assert lines[1:3] == [
        "The snapshot file fails its own checks (edited after clex wrote it?):",
        "  edited.json:digest: edited after clex wrote it: its content no longer matches its "
        "digest (write a new snapshot with `clex assess`)",
    ]
    # the title is a field the store derives too: named as it differs
    assert [str(f.location) for f in found.findings] == ["digest", "indicators.S1"]
    assert "indicators.S1: title: 'Something nicer' in the snapshot" in str(found.findings[1])
