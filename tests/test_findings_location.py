"""A finding's location is structured, and printed as the text findings always printed.

`Location.__str__` is the one place a location becomes text; these pin that text for
each kind of producer (YAML, CSV, workbook, page, ids and data paths), the JSON form,
and that a location written as text (a snapshot from before) is read and kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence.findings import Finding, Location, format_findings
from evidence.readers import read_rows


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (Location(), ""),
        (Location(line=12, column=5), "12:5"),
        (Location(sheet="member", row=1, column="C"), "member:1:C"),
        (Location(sheet="member", row=7, column="C (title)"), "member:7:C (title)"),
        (Location(sheet="member"), "member"),
        (Location(row=5, column="start"), "5:start"),
        (Location(row=1, column=3), "1:3"),
        (Location(line=4), "4"),
        (Location(offset=2345), "offset 2345"),
        (Location(byte=17), "byte 17"),
        (Location(key="evidence 3f2a"), "evidence 3f2a"),
        (Location(text="indicators.0.id"), "indicators.0.id"),
    ],
)
def test_location_text(location: Location, text: str) -> None:
    assert str(location) == text
    finding = Finding(file="f.csv", location=location, message="m")
    assert str(finding) == (f"f.csv:{text}: m" if text else "f.csv: m")


def test_json_is_the_parts_a_location_has() -> None:
    finding = Finding(file="c.yaml", location=Location(line=3, column=9), message="m")
    (item,) = json.loads(format_findings([finding], as_json=True))
    assert item["location"] == {"line": 3, "column": 9}
    assert Finding.model_validate_json(finding.model_dump_json()) == finding


def test_a_location_written_as_text_is_kept_as_text() -> None:
    old = Finding.model_validate({"file": "s.json", "location": "S1", "message": "m"})
    assert old.location == Location(text="S1") and str(old) == "s.json:S1: m"
    assert Finding.model_validate({"location": "", "message": "m"}).location == Location()


def test_csv_and_yaml_readers_locate_structurally(tmp_path: Path) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text("kind,title,colour\nmember,A,red\nplanet,B,\n", encoding="utf-8")
    findings: list[Finding] = []
    list(read_rows(csv, kind=None, findings=findings))
    assert [f.location for f in findings] == [
        Location(row=1, column=3),
        Location(row=3, column="kind"),
    ]
    yml = tmp_path / "m.yaml"
    yml.write_text("- kind: member\n  title: A\n  colour: red\n", encoding="utf-8")
    findings = []
    list(read_rows(yml, kind=None, findings=findings))
    assert [f.location for f in findings] == [Location(line=3, column=3)]
