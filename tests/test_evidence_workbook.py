"""Template -> filled in -> import -> list; re-import; export -> import; five bad cells."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evidence.models import KINDS


def fill(template: Path, out: Path, rows: dict[str, list[dict[str, object]]]) -> None:
    """Write rows under the template's header, as a manager would in Excel."""
    wb = load_workbook(template)
    for sheet, items in rows.items():
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        for r, item in enumerate(items, start=2):
            for key, value in item.items():
                ws.cell(row=r, column=headers.index(key) + 1).value = value
    wb.save(out)


MEMBERS = [
    {
        "title": "Nanofibre Tech s.r.o.",
        "joined": date(2018, 3, 1),
        "type": "sme",
        "country": "CZ",
        "committed": "yes",
        "fee_paying": "yes",
    },
    {
        "title": "Technical University",
        "joined": "1.9.2016",
        "type": "university",
        "country": "CZ",
        "committed": "yes",
    },
    {
        "title": "Filter GmbH",
        "joined": "2020-05-04",
        "type": "large_company",
        "country": "DE",
        "committed": "no",
        "left": datetime(2023, 12, 31),
    },
]
EVENTS = [
    {
        "title": "Cluster day",
        "start": date(2024, 5, 14),
        "role": "organiser",
        "format": "conference",
        "participants": 85,
        "city": "Liberec",
        "country": "CZ",
    }
]
STAFF = [{"title": "Cluster manager", "employed_from": date(2019, 1, 1), "fte": 0.8}]


@pytest.fixture
def filled(clex, tmp_path: Path) -> Path:
    assert clex("init", "--cluster", "nano", "--name", "Nano cluster", "--country", "CZ").code == 0
    run = clex("template", "template.xlsx")
    assert run.code == 0, run
    out = tmp_path / "filled.xlsx"
    fill(tmp_path / "template.xlsx", out, {"member": MEMBERS, "event": EVENTS, "staff": STAFF})
    return out


def listed(clex) -> list[dict[str, object]]:
    run = clex("evidence", "list", "--cluster", "nano", "--json")
    assert run.code == 0, run
    return json.loads(run.out)


def test_template_has_a_sheet_per_kind_with_notes_and_dropdowns(clex, tmp_path: Path) -> None:
    assert clex("template", "t.xlsx").code == 0
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames[0] == "instructions" and "examples" in wb.sheetnames
    for kind in KINDS:
        ws = wb[kind]
        headers = [c.value for c in ws[1]]
        assert headers[:3] == [
            "id",
            "title",
            "joined" if kind == "member" else "employed_from" if kind == "staff" else "start",
        ]
        assert all(c.comment is not None and c.comment.text for c in ws[1])
    member = wb["member"]
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in member.data_validations.dataValidation
    }
    headers = [c.value for c in member[1]]
    type_col = "ABCDEFGHIJKLMNOP"[headers.index("type")]
    assert "sme" in lists[type_col] and "university" in lists[type_col]
    start_col = headers.index("joined") + 1
    assert member.cell(row=2, column=start_col).number_format == "yyyy-mm-dd"


def test_fill_import_list_reimport_export_reimport(clex, filled: Path, tmp_path: Path) -> None:
    run = clex("import", str(filled), "--cluster", "nano", "--dry-run")
    assert run.code == 0 and "5 would be created" in run.out, run
    assert listed(clex) == []
    run = clex("import", str(filled), "--cluster", "nano")
    assert run.code == 0 and "5 were created" in run.out, run
    records = listed(clex)
    assert sorted(r["title"] for r in records) == sorted(
        [m["title"] for m in MEMBERS] + ["Cluster day", "Cluster manager"]
    )
    by_title = {r["title"]: r for r in records}
    assert by_title["Technical University"]["start"] == "2016-09-01"  # d.m.yyyy text
    assert by_title["Filter GmbH"]["end"] == "2023-12-31"  # a real datetime cell
    assert by_title["Nanofibre Tech s.r.o."]["committed"] is True
    assert by_title["Cluster manager"]["fte"] == 0.8
    assert by_title["Cluster day"]["source"] == {"file": str(filled), "sheet": "event", "row": 2}

    run = clex("import", str(filled), "--cluster", "nano")
    assert "0 were created, 0 updated, 5 unchanged" in run.out, run
    assert listed(clex) == records

    assert clex("evidence", "export", "export.xlsx", "--cluster", "nano").code == 0
    run = clex("import", "export.xlsx", "--cluster", "nano")
    assert run.code == 0 and "0 were created, 0 updated, 5 unchanged; 0 review" in run.out, run
    assert listed(clex) == records


def test_corrected_file_updates_and_keeps_history(clex, filled: Path, tmp_path: Path) -> None:
    clex("import", str(filled), "--cluster", "nano")
    rid = next(r["id"] for r in listed(clex) if r["title"] == "Cluster day")
    assert (
        clex(
            "evidence",
            "review",
            rid,
            "--cluster",
            "nano",
            "--status",
            "verified",
            "--reviewer",
            "Eva",
        ).code
        == 0
    )
    fixed = tmp_path / "fixed.xlsx"
    fill(filled, fixed, {"event": [{**EVENTS[0], "participants": 92}]})
    run = clex("import", str(fixed), "--cluster", "nano")
    assert "0 were created, 1 updated, 4 unchanged" in run.out, run
    run = clex("evidence", "history", rid, "--cluster", "nano", "--json")
    hist = json.loads(run.out)
    statuses = [e for e in hist["history"] if e["field"] == "status"]
    # the import's user (`--user`, CLEX_USER, else the login name) made both entries
    user = os.environ.get("CLEX_USER") or getpass.getuser() or "unknown"
    assert [(e["old"], e["new"], e["who"]) for e in statuses] == [
        (None, "submitted", user),
        ("submitted", "verified", "Eva"),
        ("verified", "submitted", user),
    ]
    # the corrected cell is in the history as a field change, from the file's row
    changed = [e for e in hist["history"] if e["what"] == "changed"]
    assert [(e["field"], e["old"], e["new"]) for e in changed] == [("participants", 85, 92)]
    assert changed[0]["from"].startswith(str(fixed)) and "sheet event" in changed[0]["from"]
    assert [v["version"] for v in hist["versions"]] == [1]
    assert json.loads(hist["versions"][0]["data"])["participants"] == 85
    shown = json.loads(clex("evidence", "show", rid, "--cluster", "nano", "--json").out)
    assert shown["participants"] == 92 and shown["version"] == 2


def test_five_bad_cells_give_five_located_messages(clex, filled: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    fill(
        filled,
        bad,
        {
            "member": [
                {**MEMBERS[0], "joined": "31.02.2024"},
                {**MEMBERS[1], "type": "unicorn"},
                {**MEMBERS[2], "title": None},
            ],
            "staff": [{**STAFF[0], "fte": -0.5}],
            "event": [{**EVENTS[0], "participants": "many"}],
        },
    )
    run = clex("import", str(bad), "--cluster", "nano")
    assert run.code == 1, run
    lines = [ln for ln in run.err.splitlines() if ln.startswith(str(bad))]
    assert len(lines) == 5, run.err
    expected = [
        ":member:2:C (joined): '31.02.2024' is not a real date",
        ":member:3:K (type): 'unicorn' is not one of",
        ":member:4:B (title): title is required",
        ":staff:2:L (fte): -0.5 is too small",
        ":event:2:O (participants): 'many' is not a number",
    ]
    for exp in expected:
        assert any(exp in ln for ln in lines), (exp, lines)
    assert "nothing was imported" in run.err
    assert listed(clex) == []


def test_unknown_column_and_wrong_sheet(clex, tmp_path: Path) -> None:
    from openpyxl import Workbook

    clex("init", "--cluster", "nano", "--name", "Nano")
    wb = Workbook()
    wb.active.title = "members list"
    wb.save(tmp_path / "x.xlsx")
    run = clex("import", "x.xlsx", "--cluster", "nano")
    assert run.code == 1 and "no sheet named after an evidence kind" in run.err
    wb = Workbook()
    ws = wb.active
    ws.title = "member"
    ws.append(["title", "joined", "colour"])
    ws.append(["ACME", "2020-01-01", "red"])
    wb.save(tmp_path / "y.xlsx")
    run = clex("import", "y.xlsx", "--cluster", "nano")
    assert run.code == 1 and "y.xlsx:member:1:C: unknown column 'colour'" in run.err, run


def test_truncated_workbook_is_refused(clex, filled: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(filled.read_bytes()[:5000])
    run = clex("import", str(broken), "--cluster", "nano")
    assert run.code == 1 and "damaged or truncated" in run.err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_workbook_saved_by_libreoffice_imports(clex, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    run = clex("import", str(out / "filled.xlsx"), "--cluster", "nano")
    assert run.code == 0 and "5 were created" in run.out, run
    starts = {r["title"]: r["start"] for r in listed(clex)}
    assert starts["Technical University"] == "2016-09-01"
