"""`clex demo`: the whole job on the shipped sample cluster, and the shipped data itself.

The demo runs in a subprocess as a user runs it, once per test session (`demo_run` in
conftest.py, shared with the README walk-through). Its numbers must tell the story the
issue asks for (2022-2023 below the Gold line, 2024-2025 above it), a second run into the
same folder must give byte-identical snapshots, and the shipped data must be exactly what
`scripts/make_demo_data.py` writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessment import read_snapshot
from criteria.loader import require_catalogue
from tests.conftest import Demo, Run

ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA = ROOT / "clex" / "demo_data"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # one demo per run


def run(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "CLEX_DB": str(cwd / "elsewhere.db")}
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def snapshots(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "snapshots").glob("*.json"))}


@pytest.fixture
def demo(demo_run: Demo) -> tuple[Path, str]:
    return demo_run.out, demo_run.run.out


def test_demo_writes_reports_and_says_what_to_open(demo: tuple[Path, str]) -> None:
    out, stdout = demo
    pdf, xlsx = out / "report-2024-2025.pdf", out / "report-2024-2025.xlsx"
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    assert (out / "report-2022-2023.pdf").read_bytes()[:5] == b"%PDF-"
    wb = load_workbook(xlsx, read_only=True)
    assert len(wb.sheetnames) >= 2
    # the sector's group (7 of 22 peers) has its table and says its summary once; the
    # all-peers range is shown (22 clusters), the sector's is not (7)
    texts = [
        r[0] for r in wb["Benchmark"].iter_rows(values_only=True) if r and isinstance(r[0], str)
    ]
    sector = [t for t in texts if t.startswith("Same sector (") and "7 clusters" in t]
    assert len(sector) == 1, sector
    rows = [r for r in wb["Benchmark"].iter_rows(values_only=True) if r[2:3] == ("S1",)]
    assert [(r[0], r[7] is None, r[11] is None) for r in rows] == [
        ("All peers", False, False),
        ("Same sector", True, True),
    ]
    wb.close()
    first = next(line for line in stdout.splitlines() if line.startswith("Open first:"))
    assert "clex-demo/report-2024-2025.pdf" in first
    assert "2022-2023: overall" in stdout and "Gold not ready" in stdout
    assert "2024-2025: overall" in stdout and "Gold ready" in stdout
    assert not (out.parent / "elsewhere.db").exists()  # --db / CLEX_DB is ignored
    changed = next(line for line in stdout.splitlines() if line.startswith("What changed"))
    assert "(weighted points, +" in changed and " more." in changed, changed  # not 4 of 16


def test_snapshots_tell_the_story(demo: tuple[Path, str]) -> None:
    out, _ = demo
    names = set(snapshots(out))
    assert {f"{y}.json" for y in range(2016, 2026)} <= names
    assert {"2022-2023.json", "2024-2025.json"} <= names
    before = json.loads((out / "snapshots" / "2022-2023.json").read_text(encoding="utf-8"))
    after = json.loads((out / "snapshots" / "2024-2025.json").read_text(encoding="utf-8"))
    gold = {
        s["period"]["label"]: next(lb for lb in s["labels"] if lb["id"] == "gold")
        for s in (before, after)
    }
    assert gold["2022-2023"]["ready"] is False
    assert gold["2024-2025"]["ready"] is True
    assert 55 <= before["overall"] < 80 <= after["overall"] <= 90
    # 2022-2023: eligible (Bronze) but six indicators below their Gold step, among them
    # the expired strategy and the member survey not run since 2020
    assert not [i["id"] for i in before["indicators"] if i["minimum_met"] is False]
    assert next(lb for lb in before["labels"] if lb["id"] == "bronze")["ready"] is True
    below = [i["id"] for i in before["indicators"] if i["gold_met"] is False]
    assert below == ["G7", "G8", "G10", "C3", "V3", "V5", "V6", "V7", "V8", "V9"]
    from evidence.messages import Msg

    reasons = [str(Msg.model_validate(r)) for r in gold["2022-2023"]["reasons"]]
    assert any("10 indicators are below their Gold step" in r for r in reasons)
    assert after["previous"]["period"]["label"] == "2022-2023"
    silver = next(lb for lb in after["labels"] if lb["id"] == "silver")
    assert silver["ready"] is True
    assert [i["area"] for i in after["improvements"]] == [
        "strategy",
        "satisfaction",
        "internationalisation",
    ]
    assert all(lb["valid_until"] is None for lb in after["labels"])  # readiness, no award
    awards = {a["label"]: a for a in after["awards"]}
    assert awards["gold"]["awarded_on"] == "2021-02-25"
    assert awards["gold"]["valid_until"] == "2023-02-24" and awards["gold"]["state"] == "expired"
    # an audit is meaningful: most of what the scores rest on was verified by the auditor
    statuses = [e["status"] for e in after["evidence"]]
    assert statuses.count("verified") > 0.8 * len(statuses)
    assert after["other_mode_overall"] is not None and after["other_mode_overall"] >= 80
    for name in ("compare-years.json", "benchmark-2024-2025.json"):
        assert json.loads((out / name).read_text(encoding="utf-8"))


def test_the_store_reproduces_the_snapshot(
    demo_run: Demo, clex: Callable[..., Run], tmp_path: Path
) -> None:
    out = demo_run.copy_to(tmp_path)  # verify reads the store; SQLite may write beside it
    # the renewal period, assessed with the previous period (Silver) carried in the snapshot
    run = clex(
        "--db", str(out / "clex.db"), "verify", str(out / "snapshots" / "2024-2025.json")
    )  # fmt: skip
    assert run.code == 0, run


def test_shipped_peers_are_valid_snapshots_with_a_spread() -> None:
    files = sorted((DEMO_DATA / "peers").glob("*.json"))
    assert len(files) >= 20
    peers = [read_snapshot(f) for f in files]
    assert len({p.cluster.slug for p in peers}) == len(peers)
    assert {p.catalogue.id for p in peers} == {"ecei-gold"}
    assert {p.period.label for p in peers} == {"2024-2025"}
    # comparable with the demo's own snapshot: one catalogue file, the built-in one, and
    # self-assessments, so `clex benchmark` forms its group of 5+ distinct clusters
    assert {p.catalogue.sha256 for p in peers} == {require_catalogue(None).sha256}
    assert {p.mode for p in peers} == {"self"}
    overall = sorted(p.overall for p in peers)
    assert overall[-1] - overall[0] > 40
    gold = [p.label("gold") for p in peers]
    assert 2 <= sum(1 for g in gold if g is not None and g.ready) < len(peers) // 2


def test_second_run_into_the_same_folder_is_identical(
    demo_run: Demo, clex: Callable[..., Run], tmp_path: Path
) -> None:
    out = demo_run.copy_to(tmp_path)
    first = snapshots(out)
    (out / "report-2024-2025.pdf").unlink()
    done = clex("demo", "--out", str(out), env={"CLEX_DB": str(tmp_path / "elsewhere.db")})
    assert done.code == 0, done
    assert snapshots(out) == first
    assert (out / "report-2024-2025.pdf").stat().st_size > 10_000
    assert not (tmp_path / "elsewhere.db").exists()  # --db / CLEX_DB is ignored


def test_refuses_a_folder_that_is_not_a_demo_folder(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    keep = tmp_path / "mine" / "clex.db"
    keep.parent.mkdir()
    keep.write_text("a user's store")
    done = clex("demo", "--out", str(keep.parent))
    assert done.code == 2
    assert "not a clex demo folder" in done.err
    assert keep.read_text() == "a user's store"


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {
            ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets
        }
    finally:
        wb.close()


def test_shipped_data_is_what_the_generator_writes(tmp_path: Path) -> None:
    proc = run(str(ROOT / "scripts" / "make_demo_data.py"), "--out", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shipped = sorted(p.relative_to(DEMO_DATA) for p in DEMO_DATA.rglob("*") if p.is_file())
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert shipped == made
    for rel in shipped:
        if rel.suffix == ".xlsx":
            assert _cells(DEMO_DATA / rel) == _cells(tmp_path / rel), rel
        else:
            assert (DEMO_DATA / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel
