"""An assessment "as of" a past day counts records withdrawn since as they stood, and says so.

The assessor's case (session 23, F6): the board meetings were imported as batch 2, an
assessment was kept, then `clex import undo 2` withdrew them. A new assessment as of
the kept one's day counted the six meetings in full, said nothing, and its PDF listed
them as submitted. The value rule stays (as it stood on the date: the kept snapshot
still verifies), but the new snapshot, the terminal and the report name the records,
when and by what they were withdrawn. As the user runs it: the CLI, a real store, the
PDF's text.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import said
from tests.report_fixtures import pdf_words

MEMBERS = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}
""")
BOARD = textwrap.dedent("""\
    - {kind: event, title: Board meeting 1/2024, format: board_meeting, role: organiser, start: 2024-03-12}
    - {kind: event, title: Board meeting 2/2024, format: board_meeting, role: organiser, start: 2024-09-17}
""")  # fmt: skip


def test_records_withdrawn_after_the_date_count_as_they_stood_and_are_named(
    clex: Any, db_url: str, tmp_path: Path
) -> None:
    env = {"CLEX_DB": db_url}

    def run(*args: str) -> Any:
        done = clex(*args, env=env)
        assert done.code == 0, done
        return done

    run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ")
    (tmp_path / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (tmp_path / "board.yaml").write_text(BOARD, encoding="utf-8")
    run("import", "members.yaml", "--cluster", "nano")  # batch 1
    run("import", "board.yaml", "--cluster", "nano")  # batch 2
    day = (date.today() - timedelta(days=1)).isoformat()  # before the undo, made today
    common = ("assess", "--cluster", "nano", "--period", "2024", "--as-of", day)
    run(*common, "-o", "kept.json")
    run("import", "undo", "2")
    listed = json.loads(run("evidence", "list", "--cluster", "nano", "--json").out)
    board = sorted(r["id"] for r in listed if r["title"].startswith("Board meeting"))

    again = run(*common, "-o", "again.json")
    snap = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    g6 = next(i for i in snap["indicators"] if i["id"] == "G6")
    assert g6["value"] == 2 and sorted(g6["evidence_ids"]) == board  # as they stood then
    found = [said(f["message"]) for f in snap["findings"]]
    assert any("2 records counted here were withdrawn after" in s for s in found), found
    line = next(x for x in again.out.splitlines() if "withdrawn after" in x)
    assert "(undo of batch 2); they count as they stood then: " in line
    assert all(i in line for i in board)

    verified = clex("verify", "kept.json", env=env)  # the kept one: withdrawals said once
    told = verified.out + verified.err
    assert "values, points and labels reproduced" in told, verified
    assert "findings:" not in told and "2 records withdrawn on" in told

    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils (pdftotext)")
    run("report", "again.json", "-o", "again.pdf")
    text = pdf_words(tmp_path / "again.pdf")
    assert "2 records counted here were withdrawn after" in text
    assert "(undo of batch 2); they count as they stood then" in text
