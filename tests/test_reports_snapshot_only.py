"""A report reads the snapshot only: no catalogue file, no `criteria` import.

The snapshot carries the catalogue's translated titles and the Gold pass mark
(`CatalogueInfo.translations`, `.gold_threshold`); a snapshot written before it did is
completed from the catalogue file by `read_snapshot` when that file is at hand, and
otherwise reported in English against the ECEI 80 %.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from assessment import read_snapshot, write_snapshot
from assessment.snapshot import Snapshot
from tests.report_fixtures import ReportData, build

pytestmark = pytest.mark.xdist_group(
    "reports-snapshot-only"
)  # its module fixtures are built once, in one worker

REPORTS = Path(__file__).resolve().parents[1] / "reports"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("report-data"))


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


def test_no_report_module_imports_criteria() -> None:
    offenders = {
        str(p.relative_to(REPORTS)): sorted(m for m in _imports(p) if m.split(".")[0] == "criteria")
        for p in REPORTS.rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


def _elsewhere(snap: Snapshot, threshold: float | None) -> Snapshot:
    """The snapshot as mailed to someone without its catalogue file."""
    info = snap.catalogue.model_copy(
        update={
            "ref": "/nowhere/own-catalogue.yaml",
            "sha256": "0" * 64,
            "gold_threshold": threshold,
        }
    )
    return snap.model_copy(update={"catalogue": info})


def test_a_new_snapshot_carries_titles_and_the_gold_pass_mark(data: ReportData) -> None:
    info = data.own.catalogue
    assert info.gold_threshold == 80
    assert info.translations is not None
    cs = info.translations["cs"]
    assert cs.areas["structure"] == "Struktura klastru"
    assert cs.labels["gold"] == "certifikát Gold"
    assert cs.topics["strategy"] == "Strategie, akční plán a jejich sledování"
    assert set(cs.indicators) <= {i.id for i in data.own.indicators}
    again = json.loads(data.own_file.read_text(encoding="utf-8"))["catalogue"]
    assert again["gold_threshold"] == 80 and again["translations"]["cs"]["catalogue"]


def test_a_report_renders_with_no_catalogue_reachable(
    data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports import render_html
    from reports.context import build_context
    from reports.i18n import Lang

    snap = _elsewhere(data.own, 70.0)
    for name in [m for m in sys.modules if m == "criteria" or m.startswith("criteria.")]:
        monkeypatch.setitem(sys.modules, name, None)  # any import of criteria now fails
    html = render_html(snap, lang="cs").html
    for text in ("Struktura klastru", "Členové klastru se závazkem", "Certifikát Gold"):
        assert text in html, text
    assert build_context(snap, lang=Lang("cs")).gold_threshold == 70
    assert build_context(snap, lang=Lang("en")).gold_threshold == 70
    assert build_context(_elsewhere(data.own, None), lang=Lang("en")).gold_threshold == 80


def _old(snap: Snapshot, path: Path, **catalogue: str) -> Path:
    """`snap` as a snapshot written before the catalogue's titles and pass mark were."""
    data = json.loads(snap.to_json())
    del data["catalogue"]["gold_threshold"], data["catalogue"]["translations"]
    del data["digest"]  # written before digests too
    data["catalogue"].update(catalogue)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_old_snapshot_is_completed_from_its_catalogue_file(
    data: ReportData, tmp_path: Path
) -> None:
    old = read_snapshot(_old(data.own, tmp_path / "old.json"))
    assert old.catalogue == data.own.catalogue  # the built-in catalogue is at hand
    changed = read_snapshot(_old(data.own, tmp_path / "changed.json", sha256="0" * 64))
    assert changed.catalogue.gold_threshold is None  # only from the very same file
    assert changed.catalogue.translations == data.own.catalogue.translations


def test_an_old_snapshot_without_its_catalogue_reports_in_english_at_80(
    data: ReportData, tmp_path: Path
) -> None:
    from reports.context import build_context
    from reports.i18n import Lang

    # a catalogue file neither built in nor given: found by neither SHA-256 nor id (a
    # snapshot's path is never read, so `ref` alone no longer hides the built-in one)
    path = _old(data.own, tmp_path / "old.json", ref="/nowhere/own.yaml", id="own", sha256="0" * 64)
    old = read_snapshot(path)
    assert old.catalogue.translations is None and old.catalogue.gold_threshold is None
    ctx = build_context(old, lang=Lang("cs"))
    assert ctx.gold_threshold == 80
    assert [a.title for a in ctx.areas] == [a.title for a in data.own.areas]  # English
    write_snapshot(old, tmp_path / "again.json")  # and it still writes and reads
    assert read_snapshot(tmp_path / "again.json").catalogue.id == "own"
