"""The PDF report, as a reader sees it: text (pdftotext), structure (qpdf), no warnings.

Real snapshots come from tests/report_fixtures.py (store -> import -> assess). A few
PDFs are rendered once per module and shared; cheaper checks render HTML only.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence.findings import UserDataError
from reports import write_report
from reports.context import build_context
from reports.i18n import Lang
from tests.conftest import ROOT, Demo, run_in_process
from tests.report_fixtures import FORMULA_TITLE, HOSTILE_TITLE, ReportData, build, flat, pdf_words

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("pdftotext") and shutil.which("qpdf")),
        reason="needs poppler-utils (pdftotext) and qpdf",
    ),
    pytest.mark.xdist_group("reports-pdf"),  # its module fixtures are built once, in one worker
]

AREAS_EN = (
    "Structure of the cluster",
    "Management, governance and financing",
    "Communication and recognition",
    "Services for members",
)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def render(write: Callable[[], Path]) -> tuple[Path, list[str]]:
    """Run `write` with every WeasyPrint warning collected (they must be none)."""
    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        path = write()
    finally:
        logger.removeHandler(handler)
    return path, [r.getMessage() for r in handler.records]


def text_of(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("report-data"))


@pytest.fixture(scope="module")
def pdf_en(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path, warnings = render(
        lambda: write_report(data.own, out, compare=[data.previous], peers=data.peers)
    )
    return {"path": path, "warnings": warnings, "text": text_of(path)}


def test_the_fixture_gives_a_varied_picture(data: ReportData) -> None:
    met = {i.minimum_met for i in data.own.indicators if i.minimum_met is not None}
    assert met == {True, False}
    assert all(a.percent > 0 for a in data.own.areas)
    assert any(r.title == HOSTILE_TITLE for r in data.own.evidence)


# -- what the reader sees -------------------------------------------------------------


def test_text_holds_every_indicator_area_and_verdict(
    pdf_en: dict[str, Any], data: ReportData
) -> None:
    text = pdf_en["text"]
    for ind in data.own.indicators:
        assert re.search(rf"\b{re.escape(ind.id)}\b", text), ind.id
    for title in AREAS_EN:
        assert title in flat(text), title
    assert "Not yet ready for any label" in text
    for label in ("Bronze", "Silver", "Gold"):
        assert label in text
    assert "not ready" in text
    # The reasons behind the verdict, as the snapshot states them.
    assert "G2 Cluster management staff (FTE): 0.4 FTE, needs at least 0.5 FTE" in flat(text)
    assert "indicators are below their Gold step" in flat(text)


def test_hostile_evidence_titles_are_literal_text(pdf_en: dict[str, Any]) -> None:
    text = flat(pdf_en["text"])
    assert HOSTILE_TITLE in text
    assert FORMULA_TITLE in text


def test_no_weasyprint_warnings(pdf_en: dict[str, Any]) -> None:
    assert pdf_en["warnings"] == []


def test_qpdf_accepts_it(pdf_en: dict[str, Any]) -> None:
    proc = subprocess.run(["qpdf", "--check", str(pdf_en["path"])], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pages_render_to_png(pdf_en: dict[str, Any], tmp_path: Path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm missing")
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(pdf_en["path"]), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    info = subprocess.run(["pdfinfo", str(pdf_en["path"])], capture_output=True, text=True).stdout
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert all(p.stat().st_size > 500 for p in pages)


def test_metadata_comes_from_the_snapshot(pdf_en: dict[str, Any], data: ReportData) -> None:
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(pdf_en["path"])], capture_output=True, text=True, check=True
    ).stdout
    assert f"Author:          {data.own.cluster.name}" in info
    assert "Title:           Cluster excellence self-assessment: " in info
    assert "ecei-gold" in re.search(r"Keywords:\s+(.*)", info).group(1)  # type: ignore[union-attr]
    assert "CreationDate:    2025-01-15" in info
    assert "A4" in info


def test_bookmarks_contents_page_numbers_and_links(pdf_en: dict[str, Any]) -> None:
    doc = json.loads(
        subprocess.run(
            ["qpdf", "--json", "--json-key=outlines", "--json-key=qpdf", str(pdf_en["path"])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    top = [o["title"] for o in doc["outlines"]]
    assert top[:2] == ["Executive summary", "Scores by area"]
    assert "Appendix: evidence per indicator" in top
    areas = next(o for o in doc["outlines"] if o["title"] == "Scores by area")
    assert [k["title"] for k in areas["kids"]] == list(AREAS_EN)
    objects = doc["qpdf"][1].values()
    links = [o["value"] for o in objects if isinstance(o.get("value"), dict)]
    internal = [o["/Dest"] for o in links if o.get("/Subtype") == "/Link" and "/Dest" in o]
    # contents -> sections, summary -> areas, area tables -> the appendix
    assert {"u:summary", "u:area-structure", "u:ev-S1", "u:ev-C1"} <= set(internal)
    summary_page = next(o for o in doc["outlines"] if o["title"] == "Executive summary")[
        "destpageposfrom1"
    ]
    contents = text_of(pdf_en["path"], 2)
    assert re.search(rf"Executive summary\s+{summary_page}\b", contents), contents
    assert re.search(r"Page 2 of \d+", contents)


def test_changes_since_the_previous_period(pdf_en: dict[str, Any], data: ReportData) -> None:
    text = flat(pdf_en["text"])
    lang = Lang("en")
    for now, before in zip(data.own.areas, data.previous.areas, strict=True):
        assert flat(f"{lang.pct(now.percent)} {lang.pct(before.percent)}") in text
    change = lang.delta(data.own.overall - data.previous.overall)
    said = f"The overall score is {lang.pct(data.own.overall)}, {change} percentage points"
    assert flat(f"{said} against 2023") in text


def test_trend_peers_findings_and_appendix_sections(
    pdf_en: dict[str, Any], data: ReportData
) -> None:
    text = flat(pdf_en["text"])
    for heading in (
        "Trend over time",
        "Position among peers",
        "Findings for the auditor",
        "Gaps and the cheapest path to Gold",
    ):
        assert heading in text
    assert "Peers: 6 clusters, period 2024, catalogue ecei-gold " in text
    # all six peers are Czech: the country's group would be the same table again
    assert "Same country (CZ): the same clusters as the group “All peers”, not shown." in text
    assert "Same sector (nanotechnology): fewer than five peers, not shown." in text
    assert "Peer cluster" not in text  # peers are never named
    assert "Counting only verified evidence, as an audit does" in text
    assert data.own.evidence_digest in text
    ref = next(r for r in data.own.evidence if r.title == HOSTILE_TITLE)
    # the record's source (file and place) under its title, as the Evidence sheet has it
    # (a title of two lines: the text gives the status and digest columns apart)
    assert ref.source
    # a long source (a test's temporary folder under pytest-xdist) wraps in its cell,
    # and the text breaks it where the line did: compared without the spaces
    row = f"{ref.id} Nov 20, 2024 {HOSTILE_TITLE} {ref.source}"
    assert "".join(row.split()) in "".join(text.split())
    assert f"submitted {ref.content_sha256[:12]}" in text


def test_the_charts_words_are_text_in_the_pdf(pdf_en: dict[str, Any], data: ReportData) -> None:
    """The charts' legends and labels are text a reader can find and copy (drawn in the
    report's embedded font), not outlines: the peers' legend is in no HTML text."""
    from reports.html import render_html

    text = flat(pdf_en["text"])
    assert re.search(r"Peers[’'] middle half", text)
    assert re.search(r"Peers[’'] median", text)
    assert "Gold 80 %" in text  # the radar's and the trend's line
    html = render_html(data.own, compare=[data.previous], peers=data.peers).html
    words = re.sub(r"data:image/svg\+xml;base64,[^\"]+", "", html)
    assert not re.search(r"Peers(’|'|&#39;|&#x27;) middle half", words)


def peers_page(text: str, start: str) -> str:
    """The peers section of a report's text, from its first sentence (the heading is
    also in the contents and every page's header)."""
    page = flat(text)
    return page[page.index(start) :]


def test_peers_page_shows_values_with_units_not_point_shares(
    pdf_en: dict[str, Any], cli_pdf: dict[str, Any], data: ReportData
) -> None:
    own = data.own
    s1, s2 = own.indicator("S1"), own.indicator("S2")
    assert s2.unit == "percent" and s2.value is not None and s1.value is not None
    share = 100 * s2.points / s2.max_points  # what the page showed before: not a value
    assert abs(share - s2.value) > 1
    en = peers_page(pdf_en["text"], "Peers: 6 clusters")
    en = en[: en.index("Findings for the auditor")]
    value = flat(Lang("en").value(s2.value, "percent"))
    assert f"S2 Share of companies among participants {value} " in en
    # (a header that wraps may come between the title and the figures in the text)
    assert re.search(
        rf"S1 Committed cluster participants (?:[A-Z ]+ )?{s1.value:g} in the peers'", en
    )
    assert f"participants {flat(Lang('en').pct(share))}" not in en
    # the peers' spread of S1, by hand from their member counts (inclusive quartiles)
    counts = sorted(p.indicator("S1").value or 0 for p in data.peers)
    import statistics

    q1, median, q3 = statistics.quantiles(counts, n=4, method="inclusive")
    spread = f"{median:g} {q1:g} – {q3:g} – 6"  # six peers: no lowest and highest
    assert spread in en and f"{counts[0]:g} – {counts[-1]:g}" not in en
    assert "The lowest and highest values are shown from ten clusters on" in en
    # lower-is-better and descriptive rows say so; rows too few peers have are named
    assert "(descriptive, no points)" in en
    assert "Fewer than five peers have a value for: " in en and "These rows are not shown." in en
    cs = peers_page(text_of(cli_pdf["path"]), "Srovnání: 6 klastrů")
    assert flat(Lang("cs").value(s2.value, "percent")) + " " in cs
    assert "Srovnání: 6 klastrů, období 2024, katalog ecei-gold " in cs
    assert "méně než pět srovnatelných klastrů, neuvádí se." in cs


def test_fewer_than_five_peers_show_no_figure_in_the_pdf(data: ReportData) -> None:
    from reports.html import html_of

    ctx = build_context(data.own, peers=data.peers[:4], lang=Lang("en"))
    html = html_of(ctx)
    page = html[html.index('<section class="peers">') :]
    page = page[: page.index("</section>")]
    assert "Fewer than five peers: the comparable peer clusters are too few" in page
    assert "<table" not in page and "<img" not in page and "%" not in page
    assert "Peers: fewer than five peers, catalogue ecei-gold" in page


def test_the_previous_period_is_the_latest_earlier_snapshot_of_the_cluster(
    data: ReportData,
) -> None:
    from assessment.snapshot import PreviousInfo

    lang = Lang("en")
    stranger = data.peers[0]
    ctx = build_context(data.own, compare_with=[stranger, data.previous, data.own], lang=lang)
    assert ctx.previous_label == "2023" and ctx.previous_overall == data.previous.overall
    assert ctx.indicator("S5").previous_points == data.previous.indicator("S5").points
    assert ctx.trend is not None and ctx.trend.periods == ["2023", "2024"]
    assert any("another cluster (Peer cluster 1, 2024)" in n for n in ctx.notes)
    # Without --compare, the snapshot's own `previous` gives area scores (no indicators).
    earlier = PreviousInfo(
        period=data.previous.period,
        overall=data.previous.overall,
        areas={a.id: a.percent for a in data.previous.areas},
        catalogue_sha256=data.previous.catalogue.sha256,
    )
    ctx = build_context(data.own.model_copy(update={"previous": earlier}), lang=lang)
    assert [a.previous for a in ctx.areas] == [a.percent for a in data.previous.areas]
    assert ctx.indicator("S5").change is None and ctx.trend is None
    # Peers that are the cluster itself are left out, with a note.
    ctx = build_context(data.own, peers=[data.own, *data.peers], lang=lang)
    assert ctx.peers is not None and ctx.peers.result.peer_count == len(data.peers)


# -- safety ---------------------------------------------------------------------------


def test_url_fetcher_refuses_everything_but_own_assets(tmp_path: Path) -> None:
    from reports.weasy import TEMPLATES, AssetRefused, ReportFetcher

    fetch = ReportFetcher(tmp_path)
    for url in (
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "data:text/html,<b>x</b>",
        (TEMPLATES / ".." / "__init__.py").as_uri(),
        TEMPLATES.parent.as_uri() + "/templates/../pdf.py",
        (TEMPLATES / "cover.html").as_uri(),  # only stylesheets, images and fonts
    ):
        with pytest.raises(AssetRefused):
            fetch.fetch(url)
    assert b"@page" in fetch.fetch((TEMPLATES / "report.css").as_uri()).read()
    (tmp_path / "report.css").write_text("/* mine */")
    assert fetch.fetch((TEMPLATES / "report.css").as_uri()).read() == b"/* mine */"
    assert fetch.fetch("data:image/svg+xml;base64,PHN2Zy8+").read() == b"<svg/>"


def test_evidence_text_is_escaped_in_the_html(data: ReportData) -> None:
    from reports.html import html_of

    html = html_of(build_context(data.own, lang=Lang("en")))
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert '<img src="file:' not in html
    assert re.findall(r'<img src="([^"]{0,26})', html) == ["data:image/svg+xml;base64,"]


def test_render_html_is_the_html_write_report_prints(data: ReportData, tmp_path: Path) -> None:
    from reports import render_html
    from reports.html import html_of
    from reports.weasy import BASE_URL, ReportFetcher

    rendered = render_html(data.own, compare=[data.previous], peers=data.peers, templates=tmp_path)
    ctx = build_context(data.own, compare_with=[data.previous], peers=data.peers, lang=Lang("en"))
    assert rendered.html == html_of(ctx, tmp_path)
    assert rendered.base_url == BASE_URL and rendered.templates == tmp_path
    assert isinstance(rendered.url_fetcher, ReportFetcher)
    assert rendered.document().base_url == BASE_URL


def test_a_template_reaching_outside_fails_cleanly(data: ReportData, tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(
        '<html><body><img src="file:///etc/passwd"></body></html>'
    )
    out = tmp_path / "x.pdf"
    with pytest.raises(UserDataError) as err:
        write_report(data.own, out, templates=tmp_path)
    assert "file:///etc/passwd" in str(err.value.findings[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file


# -- templates and languages ----------------------------------------------------------


def test_one_overridden_template_changes_the_output(data: ReportData, tmp_path: Path) -> None:
    from reports.html import html_of

    ctx = build_context(data.own, lang=Lang("en"))
    (tmp_path / "cover.html").write_text(
        '<section class="cover"><p class="cover-cluster">{{ snapshot.cluster.name }}</p>'
        "<p>Board pack {{ snapshot.period.label }}: {{ verdict }}</p></section>"
    )
    default, custom = html_of(ctx), html_of(ctx, tmp_path)
    assert "Board pack 2024: Not yet ready for any label" in custom
    assert "Board pack" not in default
    cover_labels = '<table class="labels">'  # the summary repeats long reasons in its own
    assert cover_labels in default and cover_labels not in custom
    assert "Executive summary" in custom  # the other sections are the package's


def test_a_broken_template_is_a_located_error(data: ReportData, tmp_path: Path) -> None:
    from reports.html import html_of

    (tmp_path / "gaps.html").write_text("<p>\n{% for g in gaps %}\n</p>")
    with pytest.raises(UserDataError) as err:
        html_of(build_context(data.own, lang=Lang("en")), tmp_path)
    finding = err.value.findings[0]
    assert finding.file.endswith("gaps.html") and str(finding.location) == "3"
    (tmp_path / "gaps.html").write_text("{{ no_such_value }}")
    with pytest.raises(UserDataError, match="template"):
        html_of(build_context(data.own, lang=Lang("en")), tmp_path)


def test_the_appendix_names_each_records_source_in_czech_too(data: ReportData) -> None:
    from reports import render_html

    html = render_html(data.own, lang="cs").html
    ref = next(r for r in data.own.evidence if r.source)
    assert f'<div class="ev-source">{ref.source}</div>' in html
    assert "Pod každým názvem: soubor, z něhož byl záznam importován" in html
    # a page's item is at a character of the page
    assert Lang("cs").source("news.html:offset 183") == "news.html:znak 183"
    assert Lang("en").source("news.html:offset 183") == "news.html:offset 183"


def test_czech_html_uses_czech_titles_numbers_and_dates(data: ReportData) -> None:
    from reports import render_html

    html = render_html(data.own, lang="cs").html
    for text in (
        "Souhrn pro vedení",
        "Struktura klastru",
        "Členové klastru se závazkem",
        "Zatím nesplňuje podmínky žádného certifikátu",
        Lang("cs").pct(data.own.overall),
        "15. ledna 2025",
        "Certifikát Gold",
    ):
        assert text in html, text


def test_output_problems_are_user_errors(data: ReportData, tmp_path: Path) -> None:
    with pytest.raises(UserDataError, match="cannot write"):
        write_report(data.own, tmp_path / "report.docx")
    with pytest.raises(UserDataError):
        write_report(data.own, tmp_path / "report.pdf", lang="de")
    with pytest.raises(UserDataError):
        write_report(data.own, tmp_path / "missing" / "report.pdf")


def test_charts_are_deterministic_svg() -> None:
    from reports import charts

    args: tuple[Any, ...] = (
        ["A", "B", "C", "D"],
        [10.0, 50.0, 70.0, 90.0],
        [5.0, 40.0, 70.0, 95.0],
    )
    one = charts.radar(*args, gold=80, legend=("2024", "2023", "Gold"))
    two = charts.radar(*args, gold=80, legend=("2024", "2023", "Gold"))
    assert one == two and one.lstrip().startswith("<?xml")
    assert "<dc:date>" not in one
    # words are text, a dollar sign is a dollar sign (not matplotlib's math), and markup
    # in a name is escaped
    named = charts.radar(
        ["$5 to $10", "R&D <b>", "C", "D"],
        [10.0, 50.0, 70.0, 90.0],
        None,
        gold=80,
        legend=("2024", "2023", "Gold"),
    )
    assert ">$5 to $10<" in named and "R&amp;D &lt;b&gt;" in named
    assert "<b>" not in named


# -- the command ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_pdf(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`clex report` in Czech, as PDF/A, with trend, peers and one overridden template."""
    folder = tmp_path_factory.mktemp("cli")
    templates = folder / "templates"
    templates.mkdir()
    (templates / "contents.html").write_text(
        '<section class="contents"><h2 class="toc-title">Obsah (šablona svazu)</h2>'
        '<ul class="toc">{% for item in toc %}<li class="toc-{{ item.level }}">'
        '<a href="#{{ item.anchor }}">{{ item.title }}</a></li>{% endfor %}</ul></section>',
        encoding="utf-8",
    )
    out = folder / "zprava.pdf"
    run = run_in_process(
        [
            "report",
            str(data.own_file),
            "-o",
            str(out),
            "--lang",
            "cs",
            "--pdfa",
            "--compare",
            str(data.previous_file),
            "--peers",
            str(data.peer_dir),
            "--templates",
            str(templates),
        ],
        cwd=folder,
        timeout=300,
    )
    yield {"run": run, "path": out, "folder": folder}


def test_cli_writes_a_czech_pdfa_with_the_snapshot_inside(
    cli_pdf: dict[str, Any], data: ReportData
) -> None:
    run, path = cli_pdf["run"], cli_pdf["path"]
    assert run.code == 0, run
    assert f"Report written to {path}" in flat(run.out)
    assert "WARNING" not in run.err and "Traceback" not in run.err
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    text = flat(text_of(path))
    for czech in (
        "Souhrn pro vedení",
        "Skóre podle oblastí",
        "Struktura klastru",
        "Řízení, správa a financování",
        "Komunikace a uznání",
        "Služby pro členy",
        "Členové klastru se závazkem",
        "Vývoj v čase",
        "Postavení mezi srovnatelnými klastry",
        "Příloha: doklady k ukazatelům",
        "Obsah (šablona svazu)",  # the overridden template
        HOSTILE_TITLE,
    ):
        assert czech in text, czech
    attachments = subprocess.run(
        ["qpdf", "--list-attachments", str(path)], capture_output=True, text=True, check=True
    ).stdout
    name = "snapshot-jm-nano-2024.json"
    assert name in attachments
    shown = subprocess.run(
        ["qpdf", f"--show-attachment={name}", str(path)], capture_output=True, check=True
    ).stdout
    assert json.loads(shown) == json.loads(data.own_file.read_text(encoding="utf-8"))
    plain = subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout
    assert b'pdfaid:part="3"' in plain and b'pdfaid:conformance="B"' in plain


def test_cli_usage_and_data_errors(
    data: ReportData, tmp_path: Path, clex: Callable[..., Any]
) -> None:
    bad_lang = clex("report", str(data.own_file), "-o", "x.pdf", "--lang", "de")
    assert bad_lang.code == 2 and "--lang" in bad_lang.err
    bad_suffix = clex("report", str(data.own_file), "-o", "x.docx")
    assert bad_suffix.code == 2
    pdfa_xlsx = clex("report", str(data.own_file), "-o", "x.xlsx", "--pdfa")
    assert pdfa_xlsx.code == 2
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "clex.assessment/1", "overall": "lots"}')
    damaged = clex("report", str(broken), "-o", "x.pdf")
    assert damaged.code == 1 and f"{broken}:overall" in damaged.err
    missing_peer = clex(
        "report", str(data.own_file), "-o", "x.pdf", "--peers", str(tmp_path / "none.json")
    )
    assert missing_peer.code == 1 and "none.json" in missing_peer.err


@pytest.mark.parametrize(
    ("lang", "footer"),
    [
        ("en", "every score can be re-derived from the evidence store."),
        ("cs", "každé skóre lze znovu odvodit z úložiště dokladů."),
    ],
)
def test_a_long_verdict_stays_above_the_covers_footer(
    clex: Any, tmp_path: Path, lang: str, footer: str
) -> None:
    """A cluster with almost nothing: Gold's first reason lists 31 indicators, and the
    cover ran it over its footer ("...; everysummary" in the text). The cover's reasons
    are cut at a word; the summary keeps them whole."""
    assert clex("init", "--cluster", "acme", "--name", "Acme", "--country", "CZ").code == 0
    (tmp_path / "s.yaml").write_text(
        "- {kind: staff, title: M, employed_from: 2020-01-01, role: manager, fte: 0.4999}\n"
    )
    assert clex("import", "s.yaml", "--cluster", "acme").code == 0
    assert clex("assess", "--cluster", "acme", "--period", "2024", "-o", "a.json").code == 0
    run = clex("report", "a.json", "-o", "r.pdf", "--lang", lang)
    assert run.code == 0, run
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(tmp_path / "r.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert footer in flat(cover), flat(cover)[-600:]
    assert "…" in cover  # a reason cut on the cover ...
    assert "S4" in flat(text_of(tmp_path / "r.pdf"))  # ... and whole in the summary


def _cover_words(pdf: Path) -> list[tuple[str, float, float]]:
    """Page 1's words with their top and bottom (points from the top), by pdftotext."""
    import subprocess

    run = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        run.stdout,
    )
    return [(w, float(top), float(bottom)) for top, bottom, w in found]


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_cover_stays_above_its_footer(lang: str, demo_run: Demo, tmp_path: Path) -> None:
    """The demo's 2024-2025 cover (three labels ready, each with long reasons) ends its
    readiness table above the footer line, in both languages: in Czech, longer, the Gold
    reason ran over the footer's text."""
    out = tmp_path / f"cover-{lang}.pdf"
    snap = demo_run.out / "snapshots" / "2024-2025.json"
    run = run_in_process(["report", str(snap), "-o", str(out), "--lang", lang], cwd=tmp_path)
    assert run.code == 0, run
    words = _cover_words(out)
    first = "Prepared" if lang == "en" else "Připraveno"
    foot = next(top for w, top, _ in words if w == first)
    above = [bottom for _, top, bottom in words if top < foot - 1]
    assert above and max(above) < foot - 2, (max(above), foot)


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_silvers_earlier_assessment_is_no_since_when_its_period_is_longer(
    demo_run: Demo, tmp_path: Path
) -> None:
    """2025 assessed with 2022-2023 as Silver's earlier assessment: the report's summary
    and areas say no change "since 2022-2023" (one year against two), as a snapshot
    compared with says none; the Czech workbook's evidence dates are Czech too."""
    from openpyxl import load_workbook

    demo = demo_run.copy_to(tmp_path)
    db = ["--db", str(demo / "clex.db")]
    run = run_in_process(
        [*db, "assess", "--cluster", "nanotex", "--period", "2025", "--as-of", "2026-01-15",
         "--judgements", str(demo / "data" / "judgements-2025.yaml"),
         "--previous", str(demo / "snapshots" / "2022-2023.json"), "-o", "s.json"],
        cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 0, run
    assert run_in_process(["report", "s.json", "-o", "r.pdf"], cwd=tmp_path).code == 0
    words = pdf_words(tmp_path / "r.pdf")
    assert "since 2022-2023" not in words and "2022-2023 Change" not in words
    xlsx = ["report", "s.json", "-o", "r.xlsx", "--lang", "cs"]
    assert run_in_process(xlsx, cwd=tmp_path).code == 0
    sheet = load_workbook(tmp_path / "r.xlsx")["Doklady"]
    formats = {c.number_format for row in sheet.iter_rows(min_row=2) for c in row if c.is_date}
    assert formats == {"d. m. yyyy"}, formats


def test_a_home_folder_that_cannot_be_written_is_no_warning(
    data: ReportData, tmp_path: Path
) -> None:
    """Under a HOME that cannot be written (a service account, a container) every PDF
    report began with two long WARNING lines of matplotlib about its cache, though it
    carried on in a temporary folder and the report was whole."""
    import os
    import sys

    (tmp_path / "file").write_text("not a folder")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_"))}
    env |= {"HOME": str(tmp_path / "file" / "home"), "COLUMNS": "200", "NO_COLOR": "1"}
    env["PYTHONPATH"] = str(ROOT)  # this tree's clex, not an installed one
    out = tmp_path / "r.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "clex", "report", str(data.own_file), "-o", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done
    assert done.stderr == "", done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_the_peers_legend_describes_what_is_drawn(pdf_en: dict[str, Any], data: ReportData) -> None:
    """Six peers: no whisker and no range is drawn (from ten on), and the legend said
    "the whisker runs from the peers' lowest to their highest value ... the peers' range
    is written on its right"; it now says what the chart shows, in English and Czech."""
    from reports.html import render_html

    en = peers_page(pdf_en["text"], "Peers: 6 clusters")
    assert "the whisker runs" not in en and "range is written on its right" not in en
    assert (
        "The peers' lowest and highest values are drawn from ten peers on: here fewer have "
        "a value, and each would be one cluster's own." in en.replace("’", "'")
    )
    html = render_html(data.own, compare=[data.previous], peers=data.peers, lang="cs").html
    assert "Nejnižší a nejvyšší hodnota srovnatelných klastrů se kreslí od deseti" in flat(html)
    assert "vede čára od nejnižší" not in html
