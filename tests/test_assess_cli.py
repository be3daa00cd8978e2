"""`clex assess`, `verify`, `compare` and `benchmark` as a user runs them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.test_criteria_loader import GOOD

EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta, type: university, committed: yes, start: 2016-09-01}
    - {kind: member, title: Gamma, type: sme, committed: yes, start: 2024-02-01}
    - {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}
    - {kind: event, title: Cluster day, format: conference, start: 2024-05-14}
""")
REVIEWED = "Alpha"


@pytest.fixture
def store(clex, tmp_path: Path) -> Path:
    assert clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert clex("import", "ev.yaml", "--cluster", "nano").code == 0
    return tmp_path


def snapshot(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_assess_writes_identical_snapshots_with_as_of(clex, store: Path) -> None:
    for name in ("a.json", "b.json"):
        run = clex(
            "assess", "--cluster", "nano", "--period", "2024", "--as-of", "2025-01-15", "-o", name
        )
        assert run.code == 0, run
    assert (store / "a.json").read_bytes() == (store / "b.json").read_bytes()
    snap = snapshot(store / "a.json")
    assert snap["schema"] == "clex.assessment/1" and snap["created"] == "2025-01-15"
    s1 = next(i for i in snap["indicators"] if i["id"] == "S1")
    assert s1["value"] == 3 and len(s1["evidence_ids"]) == 3
    assert "Overall" in run.out and "Bronze: not ready" in run.out


def test_verify_passes_untouched_and_names_a_changed_record(clex, store: Path) -> None:
    clex("assess", "--cluster", "nano", "--period", "2024", "-o", "s.json")
    run = clex("verify", "s.json")
    assert run.code == 0 and "verified" in run.out, run
    (store / "ev.yaml").write_text(
        EVIDENCE.replace("title: Alpha, type: sme", "title: Alpha, type: startup")
    )
    assert clex("import", "ev.yaml", "--cluster", "nano").code == 0
    changed = next(
        r["id"]
        for r in json.loads(clex("evidence", "list", "--cluster", "nano", "--json").out)
        if r["title"] == REVIEWED
    )
    run = clex("verify", "s.json")
    assert run.code == 1, run
    assert f"record {changed} (Alpha) changed after the snapshot" in run.err
    assert sum(1 for line in run.err.splitlines() if "changed after the snapshot" in line) == 1


def test_verify_names_a_removed_record_and_a_review(clex, store: Path) -> None:
    clex("assess", "--cluster", "nano", "--period", "2024", "-o", "s.json")
    rid = snapshot(store / "s.json")["indicators"][0]["evidence_ids"][0]
    clex(
        "evidence", "review", rid, "--cluster", "nano", "--status", "rejected", "--reviewer", "Eva"
    )
    run = clex("verify", "s.json", "--json")
    assert run.code == 1
    found = json.loads(run.out)["findings"]
    assert any(f.get("record_id") == rid and "reviewed since" in f["message"] for f in found)
    assert any(f.get("indicator_id") == "S1" for f in found)


def test_audit_counts_only_verified(clex, store: Path) -> None:
    ids = json.loads(
        clex("evidence", "list", "--cluster", "nano", "--kind", "member", "--json").out
    )
    clex(
        "evidence",
        "review",
        ids[0]["id"],
        "--cluster",
        "nano",
        "--status",
        "verified",
        "--reviewer",
        "Eva",
    )
    clex("assess", "--cluster", "nano", "--period", "2024", "--audit", "-o", "audit.json")
    snap = snapshot(store / "audit.json")
    assert snap["mode"] == "audit" and snap["counted_statuses"] == ["verified"]
    s1 = next(i for i in snap["indicators"] if i["id"] == "S1")
    assert s1["value"] == 1 and s1["other_mode_points"] is not None
    assert snap["other_mode_overall"] >= snap["overall"]


def test_silver_with_previous_assessment(clex, store: Path) -> None:
    """A small catalogue: Bronze always holds; Silver needs a Bronze-ready assessment
    18-24 months earlier and three improvement areas (tests/test_labels.py has the rest)."""
    cat = GOOD.replace("{S1: {at_least: 15}}", "{S1: {at_least: 0}}")
    (store / "cat.yaml").write_text(cat, encoding="utf-8")
    common = ["--cluster", "nano", "--catalogue", "cat.yaml", "--as-of", "2025-01-15"]
    assert clex("assess", *common, "--period", "2022", "-o", "p2022.json").code == 0
    assert (
        clex(
            "assess", *common, "--period", "2024", "-o", "p2024.json", "--previous", "p2022.json"
        ).code
        == 0
    )
    silver = next(lb for lb in snapshot(store / "p2024.json")["labels"] if lb["id"] == "silver")
    assert silver["ready"] is False  # the earlier one holds, but no improvement area is named
    from evidence.messages import Msg

    assert [str(Msg.model_validate(r)) for r in silver["reasons"][:2]] == [
        "earlier assessment: 2022, ready for Bronze, same catalogue and counting mode",
        "0 of the 3 improvement areas needed reach their Gold step; "
        "name the improvement areas in the improvements file",
    ]
    assert (
        clex(
            "assess", *common, "--period", "2023", "-o", "p2023.json", "--previous", "p2022.json"
        ).code
        == 0
    )
    too_soon = next(lb for lb in snapshot(store / "p2023.json")["labels"] if lb["id"] == "silver")
    assert "(2022) ended 12 months before this one; it must end 18 to 24 months" in " ".join(
        str(Msg.model_validate(r)) for r in too_soon["reasons"]
    )
    assert clex("verify", "p2024.json", "--catalogue", "cat.yaml").code == 0


def test_judgements_file_with_errors_is_located(clex, store: Path) -> None:
    (store / "j.yaml").write_text(
        "judgements:\n  - {indicator: G8, level: 7}\n"
        "  - {indicator: S1, level: 1}\n  - {indicatr: G8}\n"
    )
    run = clex(
        "assess", "--cluster", "nano", "--period", "2024", "--judgements", "j.yaml", "-o", "s.json"
    )
    assert run.code == 1 and not (store / "s.json").exists()
    assert "j.yaml:2:" in run.err and "level 7 is not a level of G8" in run.err
    assert "indicator S1 is measured from evidence, not judged" in run.err
    assert "unknown key 'indicatr'" in run.err


def test_compare_and_benchmark(clex, store: Path) -> None:
    (store / "strategy.yaml").write_text(
        "- {kind: document, title: Strategy 2024, doc_type: strategy, start: 2024-03-01,"
        " approved_on: 2024-03-01}\n",
        encoding="utf-8",
    )
    assert clex("import", "strategy.yaml", "--cluster", "nano").code == 0  # G7, weighted 2
    clex("assess", "--cluster", "nano", "--period", "2023", "-o", "y2023.json")
    clex("assess", "--cluster", "nano", "--period", "2024", "-o", "y2024.json")
    run = clex("compare", "y2023.json", "y2024.json", "--json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert [c["period"] for c in data["columns"]] == ["2023", "2024"]
    s1 = next(r for r in data["indicators"] if r["id"] == "S1")
    assert s1["values"] == [2, 3] and data["common_share"] == 100.0
    # the table shows the points as the total counts them (weighted), so that its rows
    # add up to the overall change; each change is the exact one, rounded, as the
    # reports and the web page show it
    text = clex("compare", "y2023.json", "y2024.json", env={"COLUMNS": "200"})
    assert "Indicators (weighted points)" in text.out, text
    weighted = [
        r for r in data["indicators"] if None not in r["weighted"] and r["weighted"] != r["points"]
    ]
    assert weighted, "the catalogue weighs some indicator"
    row = next(line for line in text.out.splitlines() if line.split()[:1] == [weighted[0]["id"]])
    then, now = weighted[0]["weighted"]
    assert f"{then:.1f}" in row and f"{now:.1f} ({round(now - then, 1) + 0.0:+.1f})" in row, row
    peers = store / "peers"
    peers.mkdir()
    base = snapshot(store / "y2024.json")
    for n in range(4):
        peer_snapshot(peers / f"p{n}.json", base, n)
    run = clex("benchmark", "y2024.json", "--peers", str(peers), "--json")
    everyone = json.loads(run.out)["groups"][0]
    assert everyone["clusters"] == 4 and everyone["rows"] == []  # fewer than 5: not shown
    peer_snapshot(peers / "p4.json", base, 4)
    # DESIGN's form, several paths after one --peers, gives what the folder gives
    files = [str(peers / f"p{n}.json") for n in range(5)]
    listed = clex("benchmark", "y2024.json", "--peers", *files, "--json")
    assert listed.code == 0, listed
    assert json.loads(listed.out)["groups"][0]["clusters"] == 5
    run = clex("benchmark", "y2024.json", "--peers", str(peers), "--json")
    result = json.loads(run.out)
    overall = next(r for r in result["groups"][0]["rows"] if r["id"] == "overall")
    score = base["overall"]
    assert overall["median"] == overall["q1"] == overall["q3"] == score
    assert overall["position"] == "at_median"  # five peers just like it: a tie is the median
    assert "Peer" not in run.out  # peers are never named
    (peers / "broken.json").write_text("{not json")
    run = clex("benchmark", "y2024.json", "--peers", str(peers))
    assert run.code == 0 and "broken.json: not a snapshot" in run.out
    assert clex("benchmark", "y2024.json", "--peers", "nowhere").code == 1


def peer_snapshot(path: Path, base: dict, n: int) -> None:
    """A peer as clex writes it (digest and all): `base` assessed for another cluster."""
    from assessment import write_snapshot
    from assessment.snapshot import Snapshot
    from tests.report_fixtures import as_another_cluster

    snap = Snapshot.model_validate({k: v for k, v in base.items() if k != "digest"})
    write_snapshot(as_another_cluster(snap, f"peer{n}", f"Peer {n}"), path)


def test_assess_usage_errors(clex, store: Path) -> None:
    assert clex("assess", "--cluster", "nano", "-o", "s.json").code == 2
    assert clex("assess", "--cluster", "nano", "--period", "20x4", "-o", "s.json").code == 2
    run = clex("assess", "--cluster", "nope", "--period", "2024", "-o", "s.json")
    assert run.code == 1 and "no cluster 'nope'" in run.err


def test_page_import_makes_draft_records_with_offsets(clex, store: Path) -> None:
    samples = Path(__file__).resolve().parents[2] / "shared" / "samples"
    if not samples.is_dir():
        pytest.skip("../shared/samples is not here")
    page = samples / "association-projects-page.txt"
    run = clex("import", str(page), "--cluster", "nano", "--json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert data["created"] >= 8 and all(r["status"] == "draft" for r in data["records"])
    assert all(r["source"].startswith("offset ") for r in data["records"])
    assert any("has no date" in w["message"] for w in data["warnings"])
    text = page.read_text(encoding="utf-8")
    first = data["records"][0]
    offset = int(first["source"].split()[1])
    assert first["title"].split()[0] in text[offset : offset + 200]


def test_report_takes_several_snapshots_after_one_option(clex, store: Path) -> None:
    for year in ("2022", "2023", "2024"):
        assert (
            clex("assess", "--cluster", "nano", "--period", year, "-o", f"y{year}.json").code == 0
        )
    run = clex("report", "y2024.json", "-o", "r.xlsx", "--compare", "y2022.json", "y2023.json")
    assert run.code == 0, run
    from openpyxl import load_workbook

    text = " ".join(
        str(c.value) for ws in load_workbook(store / "r.xlsx").worksheets
        for row in ws.iter_rows() for c in row if c.value is not None
    )  # fmt: skip
    assert "2022" in text and "2023" in text
    both = clex(
        "report", "y2024.json", "-o", "s.xlsx", "--compare", "y2022.json", "y2023.json",
        "--peers", "y2022.json",
    )  # fmt: skip
    assert both.code == 2 and "give --compare and --peers once for each file" in both.err
    # the snapshot after the option: Click would take the second path as the snapshot
    late = clex("report", "--compare", "y2022.json", "y2023.json", "y2024.json", "-o", "u.xlsx")
    assert late.code == 2 and "give the snapshot first: SNAP.json --compare A B" in late.err
    assert not (store / "u.xlsx").exists()
    assert (
        clex("report", "./y2024.json", "-o", "v.xlsx", "--compare", "y2022.json", "y2023.json").code
        == 0
    )
    assert not (store / "s.xlsx").exists()
    # another cluster's snapshot is left out of the trend, and the command says so
    assert clex("init", "--cluster", "other", "--name", "Other").code == 0
    assert clex("assess", "--cluster", "other", "--period", "2023", "-o", "o.json").code == 0
    mixed = clex("report", "y2024.json", "-o", "t.xlsx", "--compare", "o.json", "y2023.json")
    assert mixed.code == 0, mixed
    assert "warning: o.json: a snapshot of another cluster (Other, 2023)" in mixed.err, mixed


def test_compare_changes_are_the_exact_ones_rounded() -> None:
    """The terminal's change is the reports' and the web's: the exact change, rounded
    (45.45 to 72.73 is +27.3, where the numbers shown, 45.5 and 72.7, differ by 27.2);
    a change that rounds to nothing is +0.0, never -0.0."""
    from clex.assess_cmd import _cells

    assert _cells([45.45, 72.73]) == ["45.5", "72.7 (+27.3)"]
    assert _cells([38.46, 76.92, None, 76.9]) == ["38.5", "76.9 (+38.5)", "-", "76.9 (+0.0)"]
