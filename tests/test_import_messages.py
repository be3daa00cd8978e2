"""An import's row problems are messages: Czech for the Czech web page, the same English
as before for the command line and `--json` (`str()` of the message)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evidence.findings import Finding, format_findings
from evidence.messages import Msg, render
from evidence.readers import RawRow
from evidence.validate import validate_row
from reports.i18n import translations


def _problems(tmp_path: Path, kind: str, **cells: Any) -> list[Finding]:
    findings: list[Finding] = []
    row = RawRow(
        file="ev.xlsx",
        sheet=kind,
        row=4,
        kind=kind,
        cells={name: (name, value) for name, value in cells.items()},
    )
    validate_row(row, "nano", tmp_path, findings)
    return findings


def _czech(finding: Finding) -> str:
    return render(finding.message, translations("cs"), "cs")


@pytest.mark.parametrize(
    ("kind", "cells", "english", "czech"),
    [
        (
            "member",
            {"title": "Alfa", "start": "31.2.2024"},
            "'31.2.2024' is not a real date (no such day)",
            "'31.2.2024' není skutečné datum (takový den neexistuje)",
        ),
        (
            "member",
            {"title": "Alfa", "start": "brzy"},
            "'brzy' is not a date; write 2024-03-31 or 31.3.2024",
            "'brzy' není datum; napište 2024-03-31 nebo 31.3.2024",
        ),
        (
            "event",
            {"title": "Den", "start": "2024-05-01", "participants": "abc"},
            "'abc' is not a number",
            "'abc' není číslo",
        ),
        (
            "member",
            {"title": "Alfa", "start": "2024-01-01", "type": "Large Compny"},
            "'Large Compny' is not one of: sme, large_company, startup, research, university, "
            "public, association, other; did you mean 'large_company'?",
            "'Large Compny' není žádná z možností: sme, large_company, startup, research, "
            "university, public, association, other; měli jste na mysli 'large_company'?",
        ),
        (
            "member",
            {"start": "2024-01-01"},
            "title is required",
            "chybí povinný údaj title",
        ),
    ],
)
def test_a_row_problem_reads_in_czech_and_in_the_same_english(
    tmp_path: Path, kind: str, cells: dict[str, Any], english: str, czech: str
) -> None:
    (found,) = _problems(tmp_path, kind, **cells)
    assert isinstance(found.message, Msg)
    assert str(found.message) == english  # the command line's words, unchanged
    assert _czech(found) == czech


def test_the_command_line_and_json_print_the_english(tmp_path: Path) -> None:
    findings = _problems(tmp_path, "member", title="Alfa", start="31.2.2024")
    assert format_findings(findings) == (
        "ev.xlsx:member:4:start: '31.2.2024' is not a real date (no such day)"
    )
    (item,) = json.loads(format_findings(findings, as_json=True))
    assert item["message"] == "'31.2.2024' is not a real date (no such day)"


def test_the_status_column_and_the_import_rules_read_in_czech(tmp_path: Path) -> None:
    found = _problems(
        tmp_path,
        "survey",
        title="Spokojenost 2024",
        start="2024-03-01",
        invited="10",
        respondents="12",
        status="verifed",
    )
    czech = [_czech(f) for f in found]
    assert any(c.startswith("'verifed' není žádná z hodnot ") for c in czech), czech
    assert any("měli jste na mysli 'verified'?" in c for c in czech), czech
    assert (
        "respondentů je 12, oslovených jen 10: odpovědělo víc lidí, než kolik jich bylo "
        "osloveno; opravte jedno z čísel"
    ) in czech


def test_a_tag_and_a_satisfaction_read_in_czech(tmp_path: Path) -> None:
    found = _problems(
        tmp_path,
        "survey",
        title="Spokojenost 2024",
        start="2024-03-01",
        satisfaction="4.5",
        tags="xyzzy",
    )
    english = [str(f.message) for f in found]
    assert any(e.startswith("unknown tag 'xyzzy'; the tags are: ") for e in english), english
    assert any(e.startswith("satisfaction 4.5 looks like a score on a 1-5 scale") for e in english)
    czech = [_czech(f) for f in found]
    assert any(c.startswith("neznámý štítek 'xyzzy'; štítky jsou: ") for c in czech), czech
    assert any(c.startswith("spokojenost 4.5 vypadá jako hodnocení na škále 1–5") for c in czech)
