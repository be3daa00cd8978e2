"""Tests of an event's format read in the languages of cluster pages: a fair's joint stand
in Estonian, a seminar in Italian, a study tour in Norwegian, a general assembly in
Lithuanian, compounds ("Havbrukskonferansen", "Fachtagung"). The page is read as the
importer reads it, and an assembly is assessed on a real store (SQLite, and PostgreSQL
with CLEX_TEST_PG_URL), so that G6 is the value a user sees.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assessment import assess
from assessment.period import Period
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.pages.importer import parse_page
from evidence.review import review
from evidence.store import Store


@pytest.mark.parametrize(
    ("heading", "fmt"),
    [
        ("Ühisstend messil TechTartu", "fair"),
        ("Collettiva del Distretto al Salone Nautico", "fair"),
        ("Stoisko klastra na targach ITM", "fair"),
        ("Seminario: materiali compositi e riciclo", "workshop"),
        ("Frokostseminar: Ny grunnrenteskatt", "workshop"),
        ("Εργαστήριο: Πιστοποίηση ISO 14001", "workshop"),
        ("Webinaari: sähkön joustomarkkinat", "workshop"),
        ("Studietur til Færøyene", "study_visit"),
        ("Wizyta studyjna w Bawarii", "study_visit"),
        ("Havbrukskonferansen 2026", "conference"),
        ("Fachtagung Kreislaufwirtschaft im Bau", "conference"),
        ("Misión comercial a México", "mission"),
        ("Formation « Réussir ses salons professionnels »", "training"),
        ("Clustertreffen Leichtbau im Frühjahr", "meeting"),
        ("Visuotinis narių susirinkimas", "general_assembly"),
        ("Klastri üldkoosolek", "general_assembly"),
        ("Asamblea general de socios", "general_assembly"),
        # words that only look like one: no format
        ("Of course the members came", None),
        ("A taller building for the incubator", None),
    ],
)
def test_an_events_format_in_the_language_of_its_page(heading: str, fmt: str | None) -> None:
    page = f"<html><body><h2>{heading}</h2><p>12. 3. 2026, Tartu.</p></body></html>"
    (item,) = parse_page(page, filename="x.html", html=True).items
    assert item.format == fmt


NEWS = """<!DOCTYPE html>
<html lang="it"><head><title>Notizie - Distretto Nautico</title></head>
<body><main><h1>Notizie 2025</h1>
<article><h2>Assemblea generale del distretto</h2>
<p>L'assemblea generale del nostro distretto si è tenuta il 20 giugno 2025 a Viareggio e
ha approvato il bilancio.</p></article>
</main></body></html>"""


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    s.add_cluster(ClusterProfile(slug="c", name="Distretto Nautico", country="IT"))
    return s


def test_an_italian_general_assembly_counts_for_g6(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(NEWS, encoding="utf-8")
    import_files(store, [path], cluster="c")
    records = store.records("c")
    review(store, "c", [r.id for r in records], status="submitted", reviewer="Mia Manager")
    (record,) = store.records("c")
    assert record.format == "general_assembly"
    snap = assess(store, "c", Period.year(2025), as_of=date.today())
    assert snap.indicator("G6").value == 1
