"""A cluster's own news page: its general assembly, a mission it led, the numbers of
participants and members, and what the near misses say of a role the importer set.

The page is imported as the manager does (`clex import news.html`), the drafts are
submitted unchanged, and the built-in catalogue is assessed on a real store (SQLite, and
PostgreSQL with CLEX_TEST_PG_URL), so the values are the ones a user sees.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment import assess
from assessment.period import Period
from clex.cli import app
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.pages.headcount import headcount
from evidence.pages.importer import parse_page
from evidence.review import review
from evidence.store import Store

NEWS = """<!DOCTYPE html>
<html lang="en"><head><title>News - NanoTex Cluster</title></head>
<body><main><h1>News 2025</h1>
<article><h2>NanoTex joint stand at Hannover Messe</h2>
<p>From 31 March to 4 April 2025 the NanoTex cluster organised a joint stand of six member
companies at Hannover Messe in Hannover, Germany. Over 400 visitors came to the stand.</p></article>
<article><h2>Member workshop on nanofibre filtration</h2>
<p>On 12 May 2025 NanoTex organised a workshop for its members in Liberec on nanofibre
filtration. 28 participants from 15 member companies attended.</p></article>
<article><h2>Matchmaking mission to Japan</h2>
<p>On 14 October 2025 the NanoTex cluster led a business mission of four member companies to
Osaka, Japan, with matchmaking meetings with Japanese firms.</p></article>
<article><h2>General assembly</h2>
<p>The general assembly of the NanoTex cluster met on 20 June 2025 in Liberec and approved
the annual report.</p></article>
<article><h2>Assembly of the association</h2>
<p>The general assembly of the National Cluster Association met on 9 September 2025 in
Prague.</p></article>
</main></body></html>"""


def _items(text: str, name: str | None = "NanoTex Cluster") -> dict[str, tuple[object, ...]]:
    page = parse_page(text, filename="news.html", html=True, cluster_name=name)
    return {
        i.title: (i.role, i.format, i.country, i.participants, i.members_involved)
        for i in page.items
    }


def test_the_clusters_own_assembly_and_the_mission_it_led_are_organised() -> None:
    found = _items(NEWS)
    assert found["General assembly"][:2] == ("organiser", "general_assembly")
    assert found["Matchmaking mission to Japan"][:3] == ("organiser", "matchmaking", "JP")
    # another body's assembly stays unread: the importer sets it, and says so
    assert found["Assembly of the association"][:2] == (None, "general_assembly")
    assert found["NanoTex joint stand at Hannover Messe"][:2] == ("organiser", "fair")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Dne 20. června 2025 se konala valná hromada klastru NanoTex v Liberci.",
            "NanoTex",
            "organiser",
        ),
        ("Dne 20. června 2025 se konala valná hromada našeho klastru.", None, "organiser"),
        (
            "Dne 20. června 2025 se konala valná hromada Národní klastrové asociace.",
            "NanoTex",
            None,
        ),
        ("Am 20. Juni 2025 fand unsere Mitgliederversammlung in Jena statt.", None, "organiser"),
        ("Walne Zgromadzenie Członków Klastra odbyło się 20 czerwca 2025.", None, "organiser"),
        ("L'assemblée générale du pôle s'est tenue le 20 juin 2025.", None, "organiser"),
        ("NanoTex's board meeting took place on 20 June 2025.", "NanoTex", "organiser"),
        (
            "Klastr NanoTex vedl 14. října 2025 podnikatelskou misi do Japonska.",
            "NanoTex",
            "organiser",
        ),
        ("Der Cluster leitete am 14. Oktober 2025 eine Delegation nach Japan.", None, "organiser"),
        ("On 14 October 2025 we led a delegation of members to Osaka.", None, "organiser"),
        ("On 14 October 2025 CzechInvest led a business mission to Osaka.", "NanoTex", None),
        ("The Moravian cluster led a mission to Osaka on 14 October 2025.", "NanoTex", None),
        (
            "The NanoTex cluster led the discussion at the conference on 14 October 2025.",
            "NanoTex",
            None,
        ),
    ],
)
def test_the_cluster_as_organiser_in_the_languages_the_importer_reads(
    text: str, name: str | None, role: str | None
) -> None:
    page = f"<html><body><h2>News</h2><p>{text}</p></body></html>"
    (item,) = parse_page(page, filename="x.html", html=True, cluster_name=name).items
    assert item.role == role


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("28 participants from 15 member companies attended.", (28, 15)),
        ("a business mission of four member companies to Osaka", (None, 4)),
        ("Semináře se zúčastnilo 45 účastníků ze 12 členských firem.", (45, 12)),
        ("Sechs Mitgliedsunternehmen präsentieren sich; 30 Teilnehmende.", (30, 6)),
        ("a delegation with 5 members of the cluster", (None, 5)),
        # estimates, limits, expectations, two counts, the cluster's size: none
        ("Over 400 participants came to the stand.", (None, None)),
        ("Up to 30 participants can register.", (None, None)),
        ("The conference expects 200 participants.", (None, None)),
        ("Workshop A had 12 participants, workshop B 20 participants.", (None, None)),
        ("The cluster now has 55 members.", (None, None)),
        ("On day two delegates can join a guided tour.", (None, None)),
    ],
)
def test_participants_and_members_only_where_the_page_states_them_exactly(
    text: str, numbers: tuple[int | None, int | None]
) -> None:
    assert headcount(text) == numbers


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    s.add_cluster(ClusterProfile(slug="c", name="NanoTex Cluster", country="CZ"))
    return s


def _imported(store: Store, tmp_path: Path, page: str) -> dict[str, str]:
    path = tmp_path / "news.html"
    path.write_text(page, encoding="utf-8")
    import_files(store, [path], cluster="c")
    records = store.records("c")
    review(store, "c", [r.id for r in records], status="submitted", reviewer="Mia Manager")
    return {r.title: r.id for r in records}


def test_the_pages_events_count_where_the_assessor_counts_them(
    store: Store, tmp_path: Path
) -> None:
    ids = _imported(store, tmp_path, NEWS)
    notes = {r.title: r.notes or "" for r in store.records("c")}
    assert (
        "participants 28 and members involved 15; please check them"
        in notes["Member workshop on nanofibre filtration"]
    )
    assert "give them where known" in notes["General assembly"]
    snap = assess(store, "c", Period.year(2025), as_of=date.today())
    values = {i: snap.indicator(i).value for i in ("G6", "C6", "V3", "C2")}
    assert values == {"G6": 1, "C6": 2, "V3": 2, "C2": 1}
    assert snap.indicator("G6").evidence_ids == [ids["General assembly"]]
    # the association's assembly: attended, as the importer set it, a near miss to check
    (miss,) = snap.indicator("G6").not_counted
    assert miss.id == ids["Assembly of the association"]
    assert str(miss.condition) == (
        "role is organiser or co-organiser (role is participant: set by the importer, "
        "not read from the source; check it)"
    )


def test_a_role_the_manager_stated_says_what_the_record_is(store: Store, tmp_path: Path) -> None:
    """The same assembly with the role given (or the importer's sentence gone, or the
    role edited since): another body's meeting the cluster attended, no near miss."""
    evidence = tmp_path / "ev.yaml"
    evidence.write_text(
        textwrap.dedent("""\
        - {kind: event, title: Stated, role: participant, format: general_assembly,
           start: 2025-09-09}
        - {kind: event, title: Edited, role: speaker, format: general_assembly,
           start: 2025-09-10,
           notes: "Role not stated in the text; set to participant, please check."}
        - {kind: event, title: Guessed, role: participant, format: general_assembly,
           start: 2025-09-11,
           notes: "Imported. Role not stated in the text; set to participant, please check."}
        """),
        encoding="utf-8",
    )
    import_files(store, [evidence], cluster="c")
    snap = assess(store, "c", Period.year(2025), as_of=date.today())
    assert [m.title for m in snap.indicator("G6").not_counted] == ["Guessed"]


def test_the_importers_sentence_is_matched_exactly(store: Store, tmp_path: Path) -> None:
    """The note's sentence was found with LIKE: the `_` of `study_visit` matched the space
    of a note typed by hand, and SQLite ignored case, so a visit the manager stated and a
    sentence not the importer's read as guesses, near misses of G6 (session 24 review)."""
    evidence = tmp_path / "ev.yaml"
    evidence.write_text(
        textwrap.dedent("""\
        - {kind: event, title: Visit, role: organiser, format: study_visit,
           start: 2025-09-09,
           notes: "Format not stated in the text; set to study visit, please check."}
        - {kind: event, title: Own words, role: participant, format: general_assembly,
           start: 2025-09-10,
           notes: "role not stated in the text; set to PARTICIPANT, please check."}
        - {kind: event, title: Guessed, role: participant, format: general_assembly,
           start: 2025-09-11,
           notes: "Role not stated in the text; set to participant, please check."}
        """),
        encoding="utf-8",
    )
    import_files(store, [evidence], cluster="c")
    snap = assess(store, "c", Period.year(2025), as_of=date.today())
    assert [m.title for m in snap.indicator("G6").not_counted] == ["Guessed"]


def test_the_near_miss_names_the_guess_in_czech(store: Store, tmp_path: Path) -> None:
    from reports.i18n import Lang

    _imported(store, tmp_path, NEWS)
    snap = assess(store, "c", Period.year(2025), as_of=date.today())
    (miss,) = snap.indicator("G6").not_counted
    said = Lang("cs").msg(miss.condition)
    assert "doplnil import, ve zdroji to uvedeno není; ověřte to" in said
    assert "účastník" in said


def test_assess_explain_prints_the_guess(tmp_path: Path) -> None:
    (tmp_path / "news.html").write_text(NEWS, encoding="utf-8")
    db = ["--db", str(tmp_path / "clex.db")]

    def run(*args: str) -> str:
        done = CliRunner().invoke(app, [*db, *args])
        assert done.exit_code == 0, done.output
        return done.output

    run("init", "--cluster", "c", "--name", "NanoTex Cluster", "--country", "CZ")
    run("import", str(tmp_path / "news.html"), "--cluster", "c")
    out = run("assess", "--cluster", "c", "--period", "2025",
              "--include-drafts", "-o", str(tmp_path / "s.json"), "--explain", "G6")  # fmt: skip
    assert "G6 Board and general assembly meetings per year: 1" in out
    assert "Assembly of the association" in out
    assert "(role is participant: set by the importer, not read from the source; check it)" in out
    # the role is the importer's, not empty: the words do not say both (session 24 review)
    assert "role is empty" not in out
