"""A cluster's news page reporting a member's own event and an online webinar (session 25
assessor, F3).

"Our member Elmarco organised an open day" was read as an event the cluster organised,
and counted in C2; "an online webinar with the Austrian cluster ecoplus in Vienna" made
Austria a country where the cluster presented itself (C6). The pages are imported by
the CLI into a real SQLite store, the drafts submitted as they stand, and `clex assess`
shows C2 and C6 as an assessor counts them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clex.cli import app
from evidence.pages.importer import parse_page
from evidence.pages.venue import event_venue

NEWS = """<!DOCTYPE html><html lang="en"><head><title>News - Liberec Nano Cluster</title></head>
<body><main><h1>News from the Liberec Nano Cluster 2025</h1>
<article><h2>Member Elmarco organised an open day</h2>
<p>Our member Elmarco organised an open day for students on 12 March 2025 in Liberec, with
40 participants.</p></article>
<article><h2>Cluster organised a matchmaking day</h2>
<p>On 18 June 2025 the Liberec Nano Cluster organised a matchmaking day in Liberec: 28
participants from 15 member companies.</p></article>
<article><h2>Joint stand at Techtextil</h2>
<p>From 22 to 25 April 2025 the Liberec Nano Cluster organised a joint stand at Techtextil in
Frankfurt, Germany, with four member companies and 30 participants.</p></article>
<article><h2>Webinar with Austrian partners</h2>
<p>On 9 October 2025 the Liberec Nano Cluster organised an online webinar with the Austrian
cluster ecoplus in Vienna; 35 participants.</p></article>
</main></body></html>"""

NOVINKY = """<!DOCTYPE html><html lang="cs"><head><title>Novinky</title></head><body><main>
<h1>Novinky Liberec Nano Cluster</h1>
<article><h2>Den otevřených dveří u člena</h2>
<p>Náš člen Elmarco uspořádal 14. března 2025 v Liberci den otevřených dveří pro studenty, zúčastnilo se 45 účastníků.</p></article>
<article><h2>Online seminář se slovenskými partnery</h2>
<p>Liberec Nano Cluster uspořádal 8. října 2025 online webinář se slovenským klastrem v Bratislavě; 30 účastníků.</p></article>
</main></body></html>"""


def _cli(tmp_path: Path) -> tuple[callable, Path]:  # type: ignore[valid-type]
    db = ["--db", str(tmp_path / "clex.db")]

    def run(*args: str) -> str:
        done = CliRunner().invoke(app, [*db, *args])
        assert done.exit_code == 0, done.output
        return done.output

    return run, tmp_path


def test_a_members_event_and_an_online_webinar_count_as_an_assessor_counts_them(
    tmp_path: Path,
) -> None:
    run, _ = _cli(tmp_path)
    run("init", "--cluster", "c", "--name", "Liberec Nano Cluster", "--country", "CZ")
    for name, page in (("news.html", NEWS), ("novinky.html", NOVINKY)):
        (tmp_path / name).write_text(page, encoding="utf-8")
        run("import", str(tmp_path / name), "--cluster", "c")
    events = json.loads(run("evidence", "list", "--cluster", "c", "--kind", "event", "--json"))
    for event in events:  # submitted as they stand, as a busy manager does
        run("evidence", "review", event["id"], "--cluster", "c", "--status", "submitted",
            "--reviewer", "Mia Manager")  # fmt: skip
    on = {e["start"]: e for e in events}
    open_day = on["2025-03-12"]
    assert open_day["role"] == "participant"
    assert "The text says a member (Elmarco) organised it, not the cluster" in open_day["notes"]
    den = on["2025-03-14"]  # "Náš člen Elmarco uspořádal"
    assert den["role"] == "participant" and "a member (Elmarco)" in den["notes"]
    # "uspořádal" with the cluster as its subject: the cluster organised it, online
    assert (on["2025-10-08"]["role"], on["2025-10-08"]["venue"]) == ("organiser", "online")
    webinar = on["2025-10-09"]
    assert (webinar["role"], webinar["venue"], webinar.get("country")) == (
        "organiser",
        "online",
        None,
    )
    assert "Read as held online" in webinar["notes"]

    out = run("assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-12-05",
              "-o", str(tmp_path / "s.json"), "--explain", "C2")  # fmt: skip
    # matchmaking, stand and the two webinars: the member's open days are not the cluster's
    assert "C2 Events organised for members per year: 4" in out
    out = run("assess", "--cluster", "c", "--period", "2025", "--as-of", "2026-12-05",
              "-o", str(tmp_path / "s.json"), "--force", "--explain", "C6")  # fmt: skip
    assert "C6 Countries in which the cluster presented itself: 1" in out  # DE, not AT


def _role(text: str, name: str | None = "Liberec Nano Cluster") -> str | None:
    (item,) = parse_page(text, filename="p.txt", cluster_name=name).items
    return item.role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Our member Elmarco organised an open day on 12 March 2025.", "participant"),
        ("Member company Elmarco organised a seminar on 12 March 2025.", "participant"),
        ("On 12 March 2025 the Technical University of Liberec organised a day.", "participant"),
        ("Náš člen Elmarco uspořádal 14. března 2025 den otevřených dveří.", "participant"),
        ("Náš člen Elmarco pořádá 14. března 2025 den otevřených dveří.", "participant"),
        ("Unser Mitglied Elmarco veranstaltete am 14. März 2025 einen Tag.", "participant"),
        ("Nasz członek Elmarco zorganizował 14 marca 2025 dzień otwarty.", "participant"),
        ("Náš člen Elmarco usporiadal 14. marca 2025 deň otvorených dverí.", "participant"),
        # the cluster, "we" or a first person: its own
        ("Liberec Nano Cluster uspořádal 8. října 2025 setkání členů.", "organiser"),
        ("Klastr pořádá 8. října 2025 setkání členů.", "organiser"),
        ("V říjnu 2025 jsme uspořádali den otevřených laboratoří.", "organiser"),
        ("Vo februári 2025 sme v Banskej Bystrici zorganizovali seminár.", "organiser"),
        ("Ve středu 11. října 2025 pořádáme na stánku seminář.", "organiser"),
        ("Together with our member Elmarco we organised a day on 12 May 2025.", "organiser"),
        ("On 12 May 2025 the cluster organised an open day in Liberec.", "organiser"),
        # a place after a preposition is not who organised it
        ("In Liberec, on 12 May 2025, we hosted a day and organised a tour.", "organiser"),
    ],
)
def test_who_organised_decides_the_clusters_role(text: str, role: str) -> None:
    assert _role(text) == role


@pytest.mark.parametrize(
    ("heading", "sentence", "venue"),
    [
        ("Webinar with Austrian partners", "On 9 October 2025 we held it in Vienna.", "online"),
        ("Online seminář", "Dne 8. října 2025 v Bratislavě.", "online"),
        ("Online-Seminar: Wasserstoff", "Am 7. Mai 2026.", "online"),
        ("Info day", "The info day on 5 May 2025 will take place online.", "online"),
        ("Info day", "The info day on 5 May 2025 runs via Zoom.", "online"),
        ("Setkání", "Setkání 5. května 2025 proběhne online.", "online"),
        ("Jornada", "El 23 de abril de 2025, una jornada en formato híbrido.", "hybrid"),
        ("Conference", "The conference on 5 May 2025 in Brno will be live-streamed.", "hybrid"),
        ("Konference", "Konference 5. 5. 2025 proběhne prezenčně i online.", "hybrid"),
        ("Conference", "Conference on 5 May 2025 in person in Brno.", "on_site"),
        # "online" of a registration or a topic is no venue
        ("Fair", "Register online for the fair in Munich on 5 May 2025.", None),
        ("Workshop on online marketing", "On 5 May 2025 in Brno.", None),
        ("Hybrid drives conference", "On 5 May 2025 in Vienna.", None),
    ],
)
def test_the_venue_is_read_from_the_words(heading: str, sentence: str, venue: str | None) -> None:
    assert event_venue(heading, sentence, f"{heading}\n{sentence}") == venue


def test_an_online_event_gets_no_country_from_a_partners_seat() -> None:
    page = "Webinar\nOn 9 October 2025 we organised an online webinar with ecoplus in Vienna."
    (item,) = parse_page(page, filename="p.txt", cluster_name="Liberec Nano Cluster").items
    assert (item.venue, item.city, item.country, item.role) == ("online", None, None, "organiser")
    on_site = page.replace("Webinar", "Workshop").replace("an online webinar", "a workshop")
    (item,) = parse_page(on_site, filename="p.txt", cluster_name="Liberec Nano Cluster").items
    assert (item.venue, item.country) == (None, "AT")
