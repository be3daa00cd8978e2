"""`clex benchmark` and `clex compare` as an assessor would accept them.

Every snapshot here comes from a real assessment (`clex init`, `clex import` of evidence
YAML, `clex assess`) into a real store, SQLite and PostgreSQL; the peer folders are
what an association would collect; benchmark and compare run as the user runs them.
The world of clusters is built once per store (assessing is the slow part) and each
test copies the snapshot files it needs into a folder of its own.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PG_URL, Run, _runner, fresh_pg, run_in_process

AS_OF = "2025-01-15"
# slug -> (country, sector, committed members): the subject first, then its peers.
CLUSTERS = {
    "nano": ("CZ", "Nanofibres", 24),
    "p1": ("CZ", "Nanofibres", 16),
    "p2": ("CZ", "Nanofibres", 20),
    "p3": ("CZ", "nanofibres", 31),  # the same sector, written differently
    "p4": ("DE", "Nanofibres", 36),
    "p5": ("AT", "Nanofibres", 52),
    "p6": ("CZ", "Textiles", 18),
    "p7": ("SK", "Textiles", 27),
    "p8": ("PL", "Textiles", 22),
    "p9": ("HU", "Textiles", 40),
    "p10": ("SI", "Textiles", 19),
}


# G8 judged at level 0 (no evidence needed): a judgement made, unlike the peers' none
JUDGED = (
    "judgements:\n  - {indicator: G8, level: 0, rationale: no strategy seen,"
    " assessors: [{name: A, level: 0}, {name: B, level: 0}]}\n"
)


def evidence(members: int) -> str:
    rows = [
        f"- {{kind: member, title: Member {n}, type: {'sme' if n % 3 else 'university'}, "
        f"committed: yes, start: 2019-03-01}}"
        for n in range(members)
    ]
    rows.append("- {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}")
    rows += [
        f"- {{kind: event, title: Day {n}, format: conference, start: 2024-0{n + 1}-14}}"
        for n in range(members // 8)
    ]
    return "\n".join(rows) + "\n"


def looser_copy(text: str) -> str:
    """The catalogue with S1's first threshold lowered by 5, under the same id."""
    at = text.index("id: S1")
    found = re.compile(r"at_least: (\d+)").search(text, at)
    assert found is not None
    lower = int(found.group(1)) - 5
    return text[: found.start()] + f"at_least: {lower}" + text[found.end() :]


class World:
    def __init__(self, folder: Path, clex: Callable[..., Run]) -> None:
        self.folder = folder
        self.clex = clex

    def file(self, name: str) -> Path:
        return self.folder / "snaps" / f"{name}.json"

    def peers(self, target: Path, *names: str) -> Path:
        """A peer folder holding copies of the named snapshots (file times kept)."""
        folder = target / "peers"
        folder.mkdir(exist_ok=True)
        for name in names:
            shutil.copy2(self.file(name), folder / f"{name}.json")
        return folder


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("world")
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("CLEX_TEST_PG_URL is not set")
        db = fresh_pg(PG_URL)
    else:
        db = str(folder / "store.db")
    run = _runner(run_in_process, folder)

    def clex(*args: str) -> Run:
        done = run(*args, env={"CLEX_DB": db})
        assert done.code == 0, done
        return done

    (folder / "snaps").mkdir()
    builtin = Path(clex("criteria", "path").out.strip())
    (folder / "loose.yaml").write_text(
        looser_copy(builtin.read_text(encoding="utf-8")), encoding="utf-8"
    )
    for slug, (country, sector, members) in CLUSTERS.items():
        clex("init", "--cluster", slug, "--name", f"Cluster {slug.upper()}",
             "--country", country, "--sector", sector)  # fmt: skip
        (folder / f"{slug}.yaml").write_text(evidence(members), encoding="utf-8")
        clex("import", f"{slug}.yaml", "--cluster", slug)

    def assess(slug: str, name: str, *extra: str, period: str = "2024") -> None:
        out = f"snaps/{name}.json"
        clex("assess", "--cluster", slug, "--period", period, "--as-of", AS_OF, "-o", out, *extra)

    for slug in CLUSTERS:
        assess(slug, f"{slug}-2024")
    for year in (2020, 2021, 2022, 2023):
        assess("p1", f"p1-{year}", period=str(year))
    assess("nano", "nano-2023", period="2023")
    assess("nano", "nano-2024-audit", "--audit")
    assess("nano", "nano-2024-loose", "--catalogue", "loose.yaml")
    assess("p1", "p1-2024-again", "--as-of", "2025-02-01")  # a later run, same period
    assess("p2", "p2-2024-loose", "--catalogue", "loose.yaml")
    assess("p3", "p3-2024-audit", "--audit")
    assess("p2", "p2-2023-2024", period="2023-2024")  # two years: another length
    assess("p3", "p3-short", period="2024-01-01..2024-12-30")  # 365 days, not a year
    (folder / "j.yaml").write_text(JUDGED, encoding="utf-8")
    assess("nano", "nano-2024-judged", "--judgements", "j.yaml")  # the peers' G8 is not
    assess("p6", "p6-2024-judged", "--judgements", "j.yaml")
    return World(folder, clex)


@pytest.fixture
def bench(world: World, tmp_path: Path) -> Iterator[Callable[..., dict[str, Any]]]:
    """`clex benchmark nano-2024.json --peers FOLDER --json` over the named snapshots."""

    def run(*names: str, subject: str = "nano-2024") -> dict[str, Any]:
        folder = world.peers(tmp_path, *names)
        done = world.clex("benchmark", str(world.file(subject)), "--peers", str(folder), "--json")
        return json.loads(done.out)

    yield run


def group(result: dict[str, Any], gid: str) -> dict[str, Any]:
    return next(g for g in result["groups"] if g["id"] == gid)


def reasons(result: dict[str, Any]) -> dict[str, str]:
    return {Path(x["source"]).stem: x["reason"] for x in result["left_out"]}


def test_five_files_of_one_cluster_do_not_make_a_group(bench) -> None:
    result = bench("p1-2020", "p1-2021", "p1-2022", "p1-2023", "p1-2024")
    everyone = group(result, "all")
    assert result["peer_count"] == 1 and everyone["clusters"] == 1
    assert everyone["formed"] is False and everyone["rows"] == []
    assert everyone["reason"].startswith("fewer than five peers: no figures are shown")
    assert "no single cluster can be recognised" in everyone["reason"]
    assert all(not g["formed"] and g["rows"] == [] for g in result["groups"])


def test_fewer_than_five_peers_show_no_figure_at_all(bench, world: World, tmp_path) -> None:
    """Four clusters: the terminal says so and shows no table and no number (neither
    the peers' nor the cluster's own), not a table of dashes."""
    bench("p1-2024", "p2-2024", "p3-2024", "p4-2024")
    text = world.clex(
        "benchmark", str(world.file("nano-2024")), "--peers", str(tmp_path / "peers")
    ).out
    assert "Fewer than five peers: the comparable peer clusters are too few" in text
    assert "Same sector (Nanofibres): fewer than five peers, not shown." in text
    assert "Same country (CZ): fewer than five peers, not shown." in text
    basis = next(line for line in text.splitlines() if line.startswith("Peers: "))
    assert basis.startswith("Peers: fewer than five peers, catalogue ecei-gold ")
    shown = text.replace(basis, "")
    assert "median" not in shown and "%" not in shown and " – " not in shown
    assert not re.search(r"\b\d+([.,]\d+)?\b", shown.replace("2024", ""))


def test_four_clusters_plus_a_duplicate_period_are_four(bench, world: World, tmp_path) -> None:
    result = bench("p1-2024", "p1-2024-again", "p2-2024", "p3-2024", "p4-2024")
    assert group(result, "all")["clusters"] == 4 and not group(result, "all")["formed"]
    assert reasons(result) == {
        "p1-2024": "another snapshot of a cluster already compared (2024); "
        f"{tmp_path / 'peers' / 'p1-2024-again.json'} is used"
    }
    # A fifth cluster makes a group: quartiles and a position, no rank, no names.
    result = bench("p5-2024")
    everyone = group(result, "all")
    assert everyone["formed"] and everyone["clusters"] == 5 and result["peer_count"] == 5
    overall = everyone["rows"][0]
    assert overall["id"] == "overall" and overall["n"] == 5
    assert overall["q1"] <= overall["median"] <= overall["q3"]
    assert overall["position"] in {"top_quarter", "above_median", "at_median", "below_median",
                                   "bottom_quarter"}  # fmt: skip
    assert "percentile" not in overall and everyone["summary"].endswith("(5 clusters)")
    assert everyone["summary"].startswith("overall score ")
    # S1 compares the members themselves, not a share of points: the peers have 16,
    # 20, 31, 36 and 52 committed members (by hand: inclusive quartiles), NANO 24. The
    # lowest and highest are two peers' own values: not shown under ten clusters (with
    # them, the five figures were the five peers' values).
    s1 = next(r for r in everyone["rows"] if r["id"] == "S1")
    assert s1["unit"] == "count" and s1["n"] == 5 and s1["own"] == 24
    assert (s1["low"], s1["q1"], s1["median"], s1["q3"], s1["high"]) == (None, 20, 31, 36, None)
    assert result["notes"] == [
        "The lowest and highest values are shown from ten clusters on: in a smaller group "
        "each is one cluster's own value."
    ]
    assert s1["position"] == "below_median"
    assert result["peer_periods"] == ["2024"] and result["counting"] == "self"
    # the five are all of Nanofibres: the sector's table would be the same one again
    sector = group(result, "sector")
    assert not sector["formed"] and sector["reason"] == (
        "the same clusters as the group “All peers”"
    )
    text = world.clex(
        "benchmark", str(world.file("nano-2024")), "--peers", str(tmp_path / "peers")
    ).out
    assert "Peers: 5 clusters, period 2024, catalogue ecei-gold " in text
    assert "a self-assessment, counting submitted and verified records; one snapshot" in text
    assert "All peers: 5 clusters. Cluster NANO: overall score " in " ".join(text.split())
    assert "below the peers' median, within the middle half" in " ".join(text.split())
    assert "Cluster P" not in text  # peers are never named
    assert "p1-2024.json: another snapshot of a cluster already compared" in text
    s1_line = next(line for line in text.splitlines() if line.startswith("S1 "))
    assert not re.search(r"\b(16|52)\b", s1_line), s1_line  # the ends: two peers' values


def test_a_cluster_is_its_name_and_country_not_its_slug(bench, world: World, tmp_path) -> None:
    """Slugs are each store's own choice. In a second store, P4 assessed again under
    the slug `p4-liberec` is still P4 (four clusters, no figures: by slug they were five
    and every figure was shown); another cluster that chose the slug `p1` is not P1,
    and one that chose `nano` is not the assessed NANO (each was left out)."""
    other = _runner(run_in_process, tmp_path)

    def clex(*args: str) -> None:
        done = other(*args, env={"CLEX_DB": str(tmp_path / "other.db")})
        assert done.code == 0, done

    for slug, name, country, members in (
        ("p4-liberec", "Cluster P4", "DE", 30),
        ("p1", "Alpha Cluster", "CZ", 32),  # evidence of its own: another cluster
        ("nano", "Another Cluster Named Elsewhere", "CZ", 33),
    ):
        clex("init", "--cluster", slug, "--name", name, "--country", country,
             "--sector", "Nanofibres")  # fmt: skip
        (tmp_path / f"{slug}.yaml").write_text(evidence(members), encoding="utf-8")
        clex("import", f"{slug}.yaml", "--cluster", slug)
        out = str(tmp_path / f"other-{slug}.json")
        clex("assess", "--cluster", slug, "--period", "2024", "--as-of", AS_OF, "-o", out)
    peers = world.peers(tmp_path, "p1-2024", "p2-2024", "p3-2024", "p4-2024")
    shutil.copy2(tmp_path / "other-p4-liberec.json", peers)
    result = bench()
    assert group(result, "all")["clusters"] == 4 and not group(result, "all")["formed"]
    assert list(reasons(result)) in (["p4-2024"], ["other-p4-liberec"])
    for slug in ("p1", "nano"):
        shutil.copy2(tmp_path / f"other-{slug}.json", peers)
    result = bench()
    assert reasons(result).keys() == {"p4-2024"} or reasons(result).keys() == {"other-p4-liberec"}
    assert group(result, "all")["clusters"] == 6 and group(result, "all")["formed"]


def test_one_cluster_with_and_without_its_country_or_legal_form_is_one(
    bench, world: World, tmp_path
) -> None:
    """Files of one cluster from other stores: "Nanoprogress, z.s." (CZ) and "NANOPROGRESS"
    assessed where no country was given are one cluster (they were two, and three peers
    plus them made a group of five, its figures shown); "EV Cluster" and "AS Cluster" are
    two (a legal form is dropped at a name's end only: both were "cluster", one). A file
    without a country whose name is in two countries cannot be told: left out, saying
    what to do."""
    other = _runner(run_in_process, tmp_path)

    def clex(*args: str) -> None:
        done = other(*args, env={"CLEX_DB": str(tmp_path / "other.db")})
        assert done.code == 0, done

    for slug, name, country, members in (
        ("np", "Nanoprogress, z.s.", "CZ", 30),
        ("np-home", "NANOPROGRESS", None, 29),
        ("ev", "EV Cluster", "CZ", 33),  # each cluster its own evidence: the same
        ("as", "AS Cluster", "CZ", 34),  # evidence is one cluster whatever its name
        ("p2-sk", "Cluster P2", "SK", 35),  # another cluster of P2's name, in Slovakia
        ("p2-nowhere", "Cluster P2", None, 37),
    ):
        where = ("--country", country) if country else ()
        clex("init", "--cluster", slug, "--name", name, "--sector", "Nanofibres", *where)
        (tmp_path / f"{slug}.yaml").write_text(evidence(members), encoding="utf-8")
        clex("import", f"{slug}.yaml", "--cluster", slug)
        out = str(tmp_path / f"other-{slug}.json")
        clex("assess", "--cluster", slug, "--period", "2024", "--as-of", AS_OF, "-o", out)

    def peers(*slugs: str, also: tuple[str, ...] = ()) -> dict[str, Any]:
        folder = world.peers(tmp_path / slugs[0], "p1-2024", "p3-2024", "p4-2024", *also)
        for slug in slugs:
            shutil.copy2(tmp_path / f"other-{slug}.json", folder)
        done = world.clex(
            "benchmark", str(world.file("nano-2024")), "--peers", str(folder), "--json"
        )
        return json.loads(done.out)

    for slug in ("np", "np-home", "ev", "as", "p2-sk", "p2-nowhere"):
        (tmp_path / slug).mkdir()
    one = peers("np", "np-home")
    assert group(one, "all")["clusters"] == 4 and not group(one, "all")["formed"]
    assert list(reasons(one)) in (["other-np"], ["other-np-home"])
    two = peers("ev", "as")
    assert group(two, "all")["clusters"] == 5 and group(two, "all")["formed"]
    unclear = peers("p2-nowhere", "p2-sk", also=("p2-2024",))  # P2 of CZ, P2 of SK
    assert reasons(unclear).keys() == {"other-p2-nowhere"}
    assert reasons(unclear)["other-p2-nowhere"] == (
        "no country, and clusters of the same name are in 2 countries: which one it is cannot "
        "be told; set its cluster's country (clex init --cluster SLUG --country CODE) and "
        "assess again"
    )


def test_the_same_evidence_is_one_cluster_whatever_its_name(bench, world: World, tmp_path) -> None:
    """s25b F5: P4's evidence entered in a second store as "Cluster P4 (DE)" and again as
    "Liberec Nano" (another slug each) is P4: the snapshots share P4's evidence digest
    (and a country in brackets is dropped from a name as a legal form is). They passed as
    two more clusters, and four clusters showed every figure as five."""
    other = _runner(run_in_process, tmp_path)

    def clex(*args: str) -> None:
        done = other(*args, env={"CLEX_DB": str(tmp_path / "other.db")})
        assert done.code == 0, done

    (tmp_path / "p4.yaml").write_text(evidence(36), encoding="utf-8")  # P4's own file
    for slug, name in (("p4-de", "Cluster P4 (DE)"), ("ln", "Liberec Nano")):
        clex("init", "--cluster", slug, "--name", name, "--country", "DE",
             "--sector", "Nanofibres")  # fmt: skip
        clex("import", "p4.yaml", "--cluster", slug)
        out = str(tmp_path / f"other-{slug}.json")
        clex("assess", "--cluster", slug, "--period", "2024", "--as-of", AS_OF, "-o", out)
    peers = world.peers(tmp_path, "p1-2024", "p2-2024", "p3-2024", "p4-2024")
    shutil.copy2(tmp_path / "other-ln.json", peers)
    result = bench()
    assert group(result, "all")["clusters"] == 4 and not group(result, "all")["formed"]
    assert list(reasons(result)) in (["p4-2024"], ["other-ln"])
    assert next(iter(reasons(result).values())).startswith(
        "another snapshot of a cluster already compared (2024); "
    )
    (peers / "other-ln.json").unlink()
    shutil.copy2(tmp_path / "other-p4-de.json", peers)
    result = bench()
    assert group(result, "all")["clusters"] == 4 and not group(result, "all")["formed"]
    # the assessed cluster's own evidence under another name is the assessed cluster
    (tmp_path / "own").mkdir()
    own = world.peers(tmp_path / "own", "p1-2024", "p2-2024", "p3-2024", "p5-2024")
    shutil.copy2(tmp_path / "other-ln.json", own)
    done = world.clex(
        "benchmark", str(tmp_path / "other-p4-de.json"), "--peers", str(own), "--json"
    )
    assert reasons(json.loads(done.out)) == {"other-ln": "the same cluster as the assessed one"}
    # five clusters: the basis says what a cluster is
    shutil.copy2(world.file("p6-2024"), peers)
    text = " ".join(
        world.clex("benchmark", str(world.file("nano-2024")), "--peers", str(peers)).out.split()
    )
    assert (
        "one snapshot per cluster (snapshots of the same evidence are one cluster, whatever "
        "its name), of a period as long" in text
    )


def test_totals_are_compared_only_with_totals_judged_alike(
    bench, world: World, tmp_path: Path
) -> None:
    """s25b F4: NANO's G8 is judged (level 0), its peers' G8 never was (an assessment
    without a judgements file). A total without a judgement is not one with a low one,
    so the peers' overall and governance scores are left out (too few remain: the rows
    are not shown) and the reader is told which peers and why, in the CLI, the PDF and
    the workbook, in English and Czech. They stood beside NANO's as if comparable."""
    result = bench("p1-2024", "p2-2024", "p3-2024", "p4-2024", "p5-2024",
                   subject="nano-2024-judged")  # fmt: skip
    everyone = group(result, "all")
    assert everyone["formed"] and everyone["clusters"] == 5
    assert {"overall", "governance", "G8"} <= set(everyone["hidden"])
    shown = {r["id"] for r in everyone["rows"]}
    assert {"structure", "communication", "services", "S1", "G2"} <= shown
    assert everyone["unlike"] == [
        {"own_unjudged": False, "indicators": ["G8"], "peers": 5,
         "rows": ["overall", "governance"]}
    ]  # fmt: skip
    peers = tmp_path / "peers"
    text = " ".join(
        world.clex(
            "benchmark", str(world.file("nano-2024-judged")), "--peers", str(peers)
        ).out.split()
    )
    said = (
        "5 peers were not judged on G8 Quality of the strategy, action plan and KPI "
        "monitoring: their totals leave out those points (a judgement not made scores none), "
        "so they are left out of: Overall score; Management, governance and financing."
    )
    assert said in text
    assert not any(line.startswith("Overall score") for line in text.splitlines())
    # The other way round: NANO not judged, one peer judged on G8 (p6): that peer's
    # totals are left out, the other five compared, the summary counts five.
    result = bench("p6-2024-judged")
    everyone = group(result, "all")
    overall = everyone["rows"][0]
    assert overall["id"] == "overall" and overall["n"] == 5 and everyone["clusters"] == 6
    assert everyone["summary"].endswith("(5 clusters)")
    text = " ".join(
        world.clex("benchmark", str(world.file("nano-2024")), "--peers", str(peers)).out.split()
    )
    assert (
        "This cluster was not judged on G8 Quality of the strategy, action plan and KPI "
        "monitoring: its total leaves out those points (a judgement not made scores none), "
        "so 1 peer judged on it is left out of: Overall score; Management, governance and "
        "financing." in text
    )
    (peers / "p6-2024-judged.json").unlink()
    subject = str(world.file("nano-2024-judged"))
    for lang in ("en", "cs"):
        for suffix in ("pdf", "xlsx"):
            world.clex("report", subject, "--peers", str(peers), "--lang", lang,
                       "-o", str(tmp_path / f"r-{lang}.{suffix}"))  # fmt: skip
    from openpyxl import load_workbook

    from tests.report_fixtures import flat

    for lang, words in (
        ("en", said),
        ("cs", "5 srovnávaných klastrů nebylo posouzeno v ukazateli G8 "),
    ):
        book = load_workbook(tmp_path / f"r-{lang}.xlsx")
        cells = flat(" ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(
            values_only=True) for c in row if c is not None))  # fmt: skip
        assert words in cells, lang
        if shutil.which("pdftotext"):
            from tests.report_fixtures import pdf_words

            assert words in pdf_words(tmp_path / f"r-{lang}.pdf"), lang


def test_other_catalogue_copy_other_mode_own_cluster_and_junk_are_left_out(
    bench, tmp_path: Path
) -> None:
    (tmp_path / "peers").mkdir()
    (tmp_path / "peers" / "notes.json").write_text("{not json", encoding="utf-8")
    result = bench(
        "p1-2024", "p2-2024", "p3-2024", "p4-2024", "p2-2024-loose", "p3-2024-audit",
        "nano-2023",
    )  # fmt: skip
    why = reasons(result)
    assert set(why) == {"p2-2024-loose", "p3-2024-audit", "nano-2023", "notes"}
    assert why["p2-2024-loose"].startswith("a changed copy of the catalogue ecei-gold (SHA-256")
    assert "its thresholds may differ" in why["p2-2024-loose"]
    assert why["p3-2024-audit"] == (
        "another counting mode: an audit (verified evidence only), not a self-assessment"
    )
    assert why["nano-2023"] == "the same cluster as the assessed one"
    assert why["notes"].startswith("not a snapshot: ")
    # p2 and p3 still count, with their comparable snapshots: four clusters, too few
    assert group(result, "all")["clusters"] == 4 and not group(result, "all")["formed"]


def test_an_audit_is_compared_with_audits_only(bench) -> None:
    result = bench("p1-2024", "p2-2024", "p3-2024-audit", subject="nano-2024-audit")
    assert result["mode"] == "audit" and group(result, "all")["clusters"] == 1
    assert reasons(result)["p1-2024"] == (
        "another counting mode: a self-assessment, not an audit (verified evidence only)"
    )


def test_sector_and_country_groups(bench, world: World, tmp_path: Path) -> None:
    """Ten peers: all of them, with their lowest and highest values, and the five of
    the same sector beside the five others; CZ holds four, too few."""
    result = bench(*(f"p{n}-2024" for n in range(1, 11)))
    assert [g["id"] for g in result["groups"]] == ["all", "sector", "country"]
    everyone, sector, country = result["groups"]
    assert everyone["formed"] and everyone["clusters"] == 10
    s1 = next(r for r in everyone["rows"] if r["id"] == "S1")
    assert (s1["low"], s1["high"]) == (16, 52)  # ten clusters: the ends are shown
    assert (
        sector["formed"]
        and sector["clusters"] == 5
        and sector["title"] == ("Same sector: Nanofibres")
    )
    assert sector["rows"][0]["n"] == 5 and sector["rows"][0]["low"] is None
    # CZ: p1, p2, p3 and p6; p7 is Slovak
    assert not country["formed"] and country["clusters"] == 4 and country["rows"] == []
    assert country["reason"].startswith("fewer than five peers")


def test_a_group_is_not_shown_beside_one_it_differs_from_by_fewer_than_five(
    bench, world: World, tmp_path: Path
) -> None:
    """Seven peers, five of the same sector: all peers beside the sector's five would
    tell the two others' values by difference (with six and five, every value of the
    one other cluster came out exactly), so the sector group shows no figure."""
    result = bench(*(f"p{n}-2024" for n in range(1, 8)))
    everyone, sector, _ = result["groups"]
    assert everyone["formed"] and everyone["clusters"] == 7
    assert not sector["formed"] and sector["rows"] == [] and sector["clusters"] == 5
    assert sector["reason"] == (
        "beside the group “All peers”, it would leave out 2 clusters, whose values its "
        "figures and that group's would tell"
    )
    text = " ".join(
        world.clex(
            "benchmark", str(world.file("nano-2024")), "--peers", str(tmp_path / "peers")
        ).out.split()
    )
    assert "Same sector (Nanofibres): beside the group “All peers”, it would leave out" in text


def test_a_peer_of_an_earlier_period_is_compared_and_said(bench, world: World, tmp_path) -> None:
    """A peer whose only snapshot is of 2021 is compared with 2024 (the association
    decides whether to keep it), and the basis, built once for the terminal, the PDF,
    the workbook and the web page, says how many peers are of which earlier period."""
    from assessment.benchmark import benchmark
    from assessment.snapshot_file import read_snapshot
    from reports.i18n import Lang
    from reports.peers import basis

    result = bench("p1-2021", "p2-2024", "p3-2024", "p4-2024", "p5-2024")
    assert group(result, "all")["clusters"] == 5 and result["earlier_peers"] == {"2021": 1}
    text = world.clex(
        "benchmark", str(world.file("nano-2024")), "--peers", str(tmp_path / "peers")
    ).out
    said = " ".join(text.split())
    assert "Peers: 5 clusters, period 2021, 2024, catalogue ecei-gold " in said
    assert (
        "peers never named. Of an earlier period than 2024: 1 peer is of 2021; their values "
        "may be out of date." in said
    ), said
    peers = [read_snapshot(p) for p in sorted((tmp_path / "peers").iterdir())]
    czech = basis(benchmark(read_snapshot(world.file("nano-2024")), peers), Lang("cs"))
    assert czech.endswith(
        "Z dřívějšího období než 2024: 1 srovnávaný klastr je z období 2021; jejich hodnoty "
        "mohou být zastaralé."
    ), czech
    same = bench("p1-2024")  # the folder holds p1's 2024 now: it is compared, nothing said
    assert same["earlier_peers"] == {}


def test_one_cluster_is_one_value_of_the_assessed_periods_length(bench) -> None:
    """p1 assessed for five years is one peer, its 2024 (the assessed period); p2's
    two-year snapshot is left out beside its 2024 (and would be on its own: a count of
    two years is not one of one)."""
    result = bench(
        "p1-2020", "p1-2021", "p1-2022", "p1-2023", "p1-2024", "p2-2023-2024", "p2-2024",
        "p3-2024", "p4-2024", "p5-2024",
    )  # fmt: skip
    everyone = group(result, "all")
    assert everyone["clusters"] == 5 and everyone["rows"][0]["n"] == 5
    assert result["peer_periods"] == ["2024"]
    why = reasons(result)
    assert set(why) == {"p1-2020", "p1-2021", "p1-2022", "p1-2023", "p2-2023-2024"}
    assert why["p1-2021"].startswith("another snapshot of a cluster already compared (2021); ")
    assert why["p1-2021"].endswith("p1-2024.json is used")
    assert why["p2-2023-2024"] == (
        "a period of another length (2023-2024: 2 years, not 1 year): its counts cover another span"
    )
    alone = bench("p2-2023-2024", subject="nano-2024")  # its 2024 still in the folder
    assert reasons(alone)["p2-2023-2024"].startswith("a period of another length")


def test_a_period_a_day_short_of_a_year_is_not_compared_with_a_year(
    bench, world: World, tmp_path: Path
) -> None:
    """p3 assessed over 1 January - 30 December 2024 (365 days of a leap year, no whole
    months) was "as long" as 2024 to the nearest month, and compared with its counts
    extrapolated; no label is judged on it. It is left out, and the basis says why."""
    result = bench("p1-2024", "p2-2024", "p3-short", "p4-2024", "p5-2024", "p6-2024")
    assert reasons(result) == {
        "p3-short": "a period of another length (2024-01-01..2024-12-30: 365 days, not 1 "
        "year): its counts cover another span"
    }
    assert group(result, "all")["clusters"] == 5 and result["peer_periods"] == ["2024"]
    text = world.clex(
        "benchmark", str(world.file("nano-2024")), "--peers", str(tmp_path / "peers")
    ).out
    assert (
        "1 peer is left out for the length of its period: only periods of exactly "
        "1\u00a0year are compared."
    ) in text, text


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("2025", "2024-07-01..2025-06-30", True),  # a July-June year is a year
        ("2024", "2025", True),  # 366 days and 365: both 12 whole months
        ("2025", "2024-03-01..2025-02-28", True),
        ("2025", "2025-01-01..2025-12-30", False),  # 364 days: no year
        ("2025-01-01..2025-12-30", "2024-01-02..2024-12-30", True),  # 364 days each
        ("2025", "2025-03-01..2025-12-31", False),  # 10 months
        ("2024-2025", "2025", False),
    ],
)
def test_which_periods_are_as_long(one: str, other: str, alike: bool) -> None:
    from assessment.period import Period

    assert Period.parse(one).same_length(Period.parse(other)) is alike


def test_position_words_ties_as_shown() -> None:
    """A value the report prints like the median is at the median; one equal to a
    quartile is within the middle half; only beyond it is a quarter."""
    from assessment.benchmark import position

    assert position(73.94, 60.0, 73.9, 80.0, digits=1) == "at_median"  # "73.9 %" both
    assert position(73.96, 60.0, 73.9, 80.0, digits=1) == "above_median"  # 74.0 %
    assert position(80.0, 60.0, 73.9, 80.0, digits=1) == "above_median"
    assert position(80.04, 60.0, 73.9, 80.0, digits=1) == "above_median"  # 80.0 %
    assert position(80.1, 60.0, 73.9, 80.0, digits=1) == "top_quarter"
    assert position(60.0, 60.0, 73.9, 80.0, digits=1) == "below_median"
    assert position(59.9, 60.0, 73.9, 80.0, digits=1) == "bottom_quarter"
    # all peers alike: equal is the median, anything else a quarter
    assert position(3, 3, 3, 3) == "at_median"
    assert position(4, 3, 3, 3) == "top_quarter" and position(2, 3, 3, 3) == "bottom_quarter"


def test_compare_lists_a_redefined_indicator(world: World) -> None:
    run = world.clex(
        "compare", str(world.file("nano-2023")), str(world.file("nano-2024-loose")), "--json"
    )
    result = json.loads(run.out)
    assert result["same_cluster"] and result["same_mode"] and not result["same_catalogue"]
    assert result["definitions_checked"] is True
    assert result["definition_changes"] == [
        {"id": "S1", "title": result["indicators"][0]["title"], "change": "redefined",
         "periods": ["2023 -> 2024"]}
    ]  # fmt: skip
    assert any("Indicators defined differently" in n and "S1 (2023 -> 2024)" in n
               for n in result["notes"])  # fmt: skip
    assert any("different catalogues: ecei-gold" in n for n in result["notes"])
    text = world.clex("compare", str(world.file("nano-2023")), str(world.file("nano-2024-loose")))
    assert "redefined" in text.out and "S1 (2023 -> 2024)" in text.out


def test_compare_says_when_clusters_and_modes_differ(world: World) -> None:
    files = [str(world.file(n)) for n in ("nano-2024", "p4-2024", "nano-2024-audit")]
    result = json.loads(world.clex("compare", *files, "--json").out)
    assert not result["same_cluster"] and not result["same_mode"] and result["same_catalogue"]
    assert result["definition_changes"] == []
    notes = " ".join(result["notes"])
    assert "The snapshots are of different clusters (Cluster NANO, Cluster P4)" in notes
    assert (
        "counted in different modes (2024: a self-assessment, 2024: a self-assessment, "
        "2024: an audit (verified evidence only))" in notes
    )
    assert [c["cluster"] for c in result["columns"]] == ["nano", "p4", "nano"]


def test_compare_an_old_snapshot_without_definitions(world: World, tmp_path: Path) -> None:
    """A snapshot written before the digests: with the same catalogue file nothing can
    have moved; with another, the result says the definitions cannot be checked."""
    data = json.loads(world.file("nano-2023").read_text(encoding="utf-8"))
    del data["catalogue"]["definitions"], data["digest"]  # written before either
    old = tmp_path / "old-2023.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    same = json.loads(world.clex("compare", str(old), str(world.file("nano-2024")), "--json").out)
    assert same["definitions_checked"] and same["definition_changes"] == []
    other = world.clex("compare", str(old), str(world.file("nano-2024-loose")), "--json")
    result = json.loads(other.out)
    assert result["definitions_checked"] is False and result["definition_changes"] == []
    assert any(
        "snapshot(s) of 2023 were written before snapshots recorded indicator definitions" in n
        and "cannot be checked" in n
        for n in result["notes"]
    )


def test_compare_says_periods_of_another_length_or_overlapping_in_the_readers_language(
    world: World,
) -> None:
    """Two years beside one (the one inside the two) are neither alike nor one after
    another: the terminal says so in English, a Czech report in Czech."""
    from assessment import read_snapshot
    from assessment.compare import compare
    from reports.i18n import Lang

    files = [str(world.file(n)) for n in ("p2-2023-2024", "p2-2024")]
    notes = " ".join(json.loads(world.clex("compare", *files, "--json").out)["notes"])
    assert "The periods differ in length (2023-2024: 2 years, 2024: 1 year)" in notes
    assert "Periods overlap (2023-2024 and 2024)" in notes
    czech = [Lang("cs").msg(n) for n in compare([read_snapshot(Path(f)) for f in files]).notes]
    assert czech[0].startswith("Období se liší délkou (2023-2024: 2\u00a0roky, 2024: 1\u00a0rok)")
    assert czech[1].startswith("Období se překrývají (2023-2024 a 2024)")
