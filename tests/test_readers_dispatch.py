"""`evidence.readers.read_rows` reads every suffix, pages included, and `evidence` sits
at the bottom: nothing in it imports `criteria` (or anything above it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from evidence.findings import Finding, Location
from evidence.models import Record
from evidence.readers import read_rows

PAGE = """Grow your region 6. 11. 2017

We organised a workshop in Brno for our members.

Plans for next year

Nothing is dated here.
"""


def test_a_page_gives_draft_records_and_located_warnings(tmp_path: Path) -> None:
    page = tmp_path / "news.txt"
    page.write_text(PAGE, encoding="utf-8")
    findings: list[Finding] = []
    rows = list(read_rows(page, kind=None, findings=findings, cluster="nano", cluster_name="N"))
    assert len(rows) == 1 and isinstance(rows[0], Record) and rows[0].status == "draft"
    offset = PAGE.index("Plans")
    assert [(f.location, f.severity) for f in findings] == [(Location(offset=offset), "warning")]
    assert str(findings[0]).startswith(f"{page}:offset {offset}: warning: item 'Plans for next")
    with pytest.raises(ValueError, match="cluster"):
        list(read_rows(page, kind=None, findings=[]))


def test_an_unknown_suffix_is_a_finding(tmp_path: Path) -> None:
    odd = tmp_path / "x.odt"
    odd.write_bytes(b"")
    findings: list[Finding] = []
    assert list(read_rows(odd, kind=None, findings=findings)) == []
    assert [f.message for f in findings] == [
        "unsupported file type .odt; use .xlsx, .csv, .yaml, .json, .txt or .html"
    ]


def test_evidence_imports_nothing_above_it() -> None:
    root = Path(__file__).resolve().parents[1] / "evidence"
    above = ("criteria", "assessment", "reports", "clex")
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [(path.name, n) for n in names if n.split(".")[0] in above]
    assert found == []
