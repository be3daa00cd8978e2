"""Hours and FTE beyond what time allows (session 25's assessor, F1).

A Czech manager's workbook wrote `7,5` and `1.250` hours in its training column: the
column's decimal comma made `1.250` 1,250 hours (as Czech notation means it), G4 read
2,009 hours of training per FTE a year, its top step, and the import and the report's
"Suspicious values" said nothing. The import now says how it read the cell, and the
assessment names the ratio and the record that time cannot allow; a staff record above
one FTE too. Each story goes through the command line or the store, as a user's would.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook

from assessment import Period, assess, read_snapshot
from evidence.ingest import import_files
from evidence.messages import render
from evidence.models import ClusterProfile
from evidence.store import Store
from reports.i18n import translations
from tests.report_fixtures import pdf_words

SLUG = "k"


def _czech_workbook(path: Path) -> Path:
    """The sheets of session 25's case c05 that G4 reads, typed as text cells."""
    wb = Workbook()
    staff = wb.active
    assert staff is not None
    staff.title = "staff"
    staff.append(["title", "employed_from", "role", "fte"])
    staff.append(["Manažerka klastru", "1. 1. 2020", "manager", "0,5"])
    staff.append(["Asistent", "1. 7. 2025", "assistant", "0,25"])
    training = wb.create_sheet("training")
    training.append(["title", "start", "hours", "person"])
    training.append(["Školení GDPR", "12. 2. 2025", "7,5", "Manažerka klastru"])
    training.append(["Kurz projektového řízení", "3. 4. 2025", "1.250", "Manažerka klastru"])
    wb.save(path)
    return path


def test_a_czech_workbooks_1250_training_hours_are_said_at_import_and_in_the_report(
    clex: Any, tmp_path: Path
) -> None:
    """`1.250` beside `7,5` is 1,250 hours (a point separates thousands in Czech), and
    the import says so, with its cell and how to write either reading; G4's 2,009
    hours per FTE a year and the course's 1,250 hours on one day are named under
    "Suspicious values", in English and Czech, though two records give no usual."""
    assert clex("init", "--cluster", SLUG, "--name", "Klastr Nano", "--country", "CZ").code == 0
    _czech_workbook(tmp_path / "vyplneno.xlsx")
    warning = (
        "vyplneno.xlsx:training:3:C (hours): warning: '1.250' is read as 1250: its column "
        "writes decimals with a comma (as '7,5' does); write 1250 or 1,25 so that the cell "
        "alone says which"
    )
    dry = clex("import", "vyplneno.xlsx", "--cluster", SLUG, "--dry-run")
    assert dry.code == 0 and warning in dry.out + dry.err, dry
    run = clex("import", "vyplneno.xlsx", "--cluster", SLUG)
    assert run.code == 0 and warning in run.out + run.err, run
    listed = clex("evidence", "list", "--cluster", SLUG, "--json")
    hours = {r["title"]: r["hours"] for r in json.loads(listed.out) if r["kind"] == "training"}
    assert hours == {"Školení GDPR": 7.5, "Kurz projektového řízení": 1250.0}

    run = clex(
        "assess", "--cluster", SLUG, "--period", "2025", "--as-of", "2026-01-15", "-o", "s.json"
    )
    assert run.code == 0, run
    snap = read_snapshot(tmp_path / "s.json")
    fte = 0.5 + 0.25 * 184 / 365
    assert snap.indicator("G4").value == pytest.approx(1257.5 / fte)  # as counted: 2,009
    suspicious = [c for c in snap.concerns if c.group == "suspicious"]
    ratio, day = suspicious
    assert str(ratio.what) == (
        "G4 gives 2,009 hours per FTE a year, more than a full-time working year "
        "(1,920 hours): nobody trains longer than they work."
    )
    assert ratio.indicators == ["G4"]
    assert [(r.title, r.value) for r in ratio.records] == [
        ("Kurz projektového řízení", 1250.0),
        ("Školení GDPR", 7.5),
    ]
    assert str(day.what) == (
        "1 “training” record gives more “hours” than the days it spans have (24 hours a day)."
    )
    assert [(r.title, r.value) for r in day.records] == [("Kurz projektového řízení", 1250.0)]

    assert clex("report", "s.json", "-o", "r.pdf", "--lang", "cs").code == 0
    page = pdf_words(tmp_path / "r.pdf")
    said = page[page.index("Podezřelé hodnoty") :]
    assert "Nic nenalezeno" not in said[: said.index("Možné duplicity")]
    assert (
        "G4 dává 2 009 hodin na úvazek za rok, víc než celý pracovní rok na plný úvazek "
        "(1 920 hodin)"
    ) in said
    assert "uvádí v poli „hodiny“ víc, než mají dny, které zahrnuje (24 hodin denně)" in said
    assert "Kurz projektového řízení (1 250)" in said


def test_the_import_says_in_czech_how_the_column_read_the_cell(tmp_path: Path) -> None:
    """The web page's import preview shows an import's findings in its language."""
    from evidence.findings import Finding
    from evidence.readers import read_rows

    found: list[Finding] = []
    list(read_rows(_czech_workbook(tmp_path / "w.xlsx"), kind=None, findings=found))
    (said,) = [f for f in found if f.severity == "warning"]
    assert not isinstance(said.message, str)
    assert render(said.message, translations("cs"), "cs") == (
        "'1.250' je přečteno jako 1250: sloupec píše desetinnou čárku (jako '7,5'); "
        "napište 1250, nebo 1,25, aby buňka sama říkala, které číslo platí"
    )


def _assessed(db_url: str, tmp_path: Path, items: list[dict[str, Any]]) -> list[Any]:
    store = Store(db_url)
    store.add_cluster(ClusterProfile(slug=SLUG, name="K", country="CZ", region="CZ-51"))
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"evidence": items}, allow_unicode=True), encoding="utf-8")
    import_files(store, [path], cluster=SLUG, workspace=tmp_path)
    snap = assess(store, SLUG, Period.year(2025), as_of=date(2026, 1, 15))
    return [c for c in snap.concerns if c.group == "suspicious"]


def _staff(fte: float, title: str = "Jana Nováková") -> dict[str, Any]:
    return {"kind": "staff", "title": title, "fte": fte, "start": "2020-01-01"}


def _training(hours: float, start: str, end: str | None = None) -> dict[str, Any]:
    course = {"kind": "training", "title": f"Course {start}", "person": "Jana Nováková"}
    return {**course, "hours": hours, "start": start, **({"end": end} if end else {})}


def test_what_time_allows_is_no_concern(db_url: str, tmp_path: Path) -> None:
    """A full-time person, 24 hours on one day, 40 hours over a week's course: all
    within what time allows, nothing said (the demo's courses are 24 hours a day)."""
    items = [_staff(1.0), _training(24, "2025-03-03"), _training(40, "2025-05-05", "2025-05-09")]
    assert _assessed(db_url, tmp_path, items) == []


def test_a_record_beyond_its_days_and_a_person_above_one_fte(db_url: str, tmp_path: Path) -> None:
    """30 hours on one day (a course of several days entered on its first day alone) and a
    staff record of 1.2 FTE are named, each with its value; 1.2 FTE keeps G4's ratio
    far below a working year, so the ratio is not named."""
    items = [
        _staff(1.2),
        _staff(0.5, "Petr Malý"),
        _training(30, "2025-03-03"),
        _training(60, "2025-05-05", "2025-05-09"),
    ]
    person, day = _assessed(db_url, tmp_path, items)  # kinds in order
    assert str(day.what) == (
        "1 “training” record gives more “hours” than the days it spans have (24 hours a day)."
    )
    assert [(r.title, r.value) for r in day.records] == [("Course 2025-03-03", 30.0)]
    assert day.indicators == ["G4"]
    assert str(person.what) == (
        "1 “staff” record gives an “FTE” above 1: one person works at most one full-time "
        "equivalent."
    )
    assert [(r.title, r.value) for r in person.records] == [("Jana Nováková", 1.2)]
    assert person.indicators == ["G2", "G3", "G4"]
    czech = render(person.what, translations("cs"), "cs")
    assert "jeden člověk pracuje nejvýše na jeden plný úvazek" in czech, czech
