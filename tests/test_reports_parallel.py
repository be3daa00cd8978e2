"""A long appendix rendered in parts, in processes of their own (reports/parallel.py).

The parallel PDF must read as the one-process PDF does: the same records in the same
order, "Page X of Y" right on every page, the contents page's numbers, bookmarks and
links landing where they say, qpdf content, no WeasyPrint warning.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from evidence.findings import UserDataError
from reports import write_report
from reports.context import build_context
from reports.i18n import Lang
from tests.report_fixtures import ReportData, big_snapshot, build, flat
from tests.test_reports_pdf import render

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("pdftotext") and shutil.which("qpdf")),
        reason="needs poppler-utils (pdftotext) and qpdf",
    ),
    pytest.mark.xdist_group(
        "reports-parallel"
    ),  # its module fixtures are built once, in one worker
]

RECORDS = 1500
RECORD_ID = re.compile(r"\b(syn-\d{6})\b")
QPDF_JSON = ("qpdf", "--json", "--json-key=outlines", "--json-key=pages", "--json-key=qpdf")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("report-data"))


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def structure(pdf: Path) -> dict[str, Any]:
    """Outline (depth, title, page), link destinations, named destinations, page objects."""
    doc = json.loads(
        subprocess.run(
            [*QPDF_JSON, str(pdf)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    objects = {k.removeprefix("obj:"): v.get("value") for k, v in doc["qpdf"][1].items()}

    def resolve(value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\d+ \d+ R", value):
            return objects[value]
        return value

    def walk(items: list[dict[str, Any]], depth: int = 0) -> list[tuple[int, str, int]]:
        out = []
        for o in items:
            out.append((depth, o["title"], o["destpageposfrom1"]))
            out += walk(o["kids"], depth + 1)
        return out

    catalog = next(
        v for v in objects.values() if isinstance(v, dict) and v.get("/Type") == "/Catalog"
    )
    pairs = resolve(resolve(catalog["/Names"])["/Dests"])["/Names"]
    links = [
        v["/Dest"]
        for v in objects.values()
        if isinstance(v, dict) and v.get("/Subtype") == "/Link" and "/Dest" in v
    ]
    return {
        "outline": walk(doc["outlines"]),
        "links": links,
        "names": dict(zip(pairs[::2], pairs[1::2], strict=True)),
        "pages": [p["object"] for p in doc["pages"]],
    }


@pytest.fixture(scope="module")
def pdfs(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same long report in one process and in two."""
    snap = big_snapshot(data.own, RECORDS)
    folder = tmp_path_factory.mktemp("parallel")
    out: dict[str, Any] = {"snapshot": snap, "folder": folder}
    for workers in (1, 2):
        path, warnings = render(
            lambda w=workers: write_report(  # type: ignore[misc]
                snap, folder / f"w{w}.pdf", compare=[data.previous], workers=w
            )
        )
        out[workers] = {"path": path, "warnings": warnings, "pages": pages_of(path)}
    return out


@pytest.mark.slow
def test_the_same_records_in_the_same_order(pdfs: dict[str, Any]) -> None:
    one, two = pdfs[1]["pages"], pdfs[2]["pages"]
    ids = [RECORD_ID.findall("".join(one)), RECORD_ID.findall("".join(two))]
    assert ids[0] == ids[1]
    assert len(ids[0]) == RECORDS
    # The pages before the appendix's second part are the same text (but for the total).
    same = 0
    for a, b in zip(one, two, strict=False):
        if re.sub(r" of \d+", "", a) != re.sub(r" of \d+", "", b):
            break
        same += 1
    outline = structure(pdfs[1]["path"])["outline"]
    appendix = next(o[2] for o in outline if o[1] == "Appendix: evidence per indicator")
    assert same >= appendix  # cover to the appendix's first page at least
    assert abs(len(one) - len(two)) <= 1


@pytest.mark.slow
def test_every_page_is_numbered_of_the_whole(pdfs: dict[str, Any]) -> None:
    pages = pdfs[2]["pages"]
    for n, text in enumerate(pages[1:], start=2):
        assert f"Page {n} of {len(pages)}" in flat(text), n
    # page headers and footers of the later part read as the earlier ones
    cluster = pdfs["snapshot"].cluster.name
    period = re.search(r"Assessment period [^\n]*\)", pages[2])
    assert period is not None
    for text in pages[-3:]:
        assert text.startswith(f"{cluster}\n\nAppendix: evidence per indicator\n\n")
        assert f"\n{period.group(0)}\n" in text


@pytest.mark.slow
def test_outline_contents_and_links_land_right(pdfs: dict[str, Any]) -> None:
    one, two = structure(pdfs[1]["path"]), structure(pdfs[2]["path"])
    assert [o[:2] for o in one["outline"]] == [o[:2] for o in two["outline"]]
    appendix = next(o for o in two["outline"] if o[1] == "Appendix: evidence per indicator")
    groups = [o for o in two["outline"] if o[0] == 1 and re.match(r"[SGCV]\d+ ", o[1])]
    pages = pdfs[2]["pages"]
    for _, title, page in groups[-10:]:
        # each bookmark of the later part opens the page with that indicator's heading
        assert flat(title) in flat(pages[page - 1]), title
    contents = flat(pages[1])
    assert re.search(rf"Appendix: evidence per indicator {appendix[2]}\b", contents)
    # every link's named destination exists, on the page of its real anchor
    assert set(two["links"]) <= set(two["names"])
    cited = {f"u:ev-{g[1].split()[0]}" for g in groups if not g[1].endswith("· 0")}
    assert cited <= set(two["links"])  # from the areas tables, in the first part
    assert set(one["names"]) == set(two["names"])  # and no stub is left
    for _, title, page in groups:
        dest = two["names"][f"u:ev-{title.split()[0]}"]
        assert dest[0] == two["pages"][page - 1]


@pytest.mark.slow
def test_the_parallel_pdf_is_sound(pdfs: dict[str, Any]) -> None:
    assert pdfs[2]["warnings"] == [] and pdfs[1]["warnings"] == []
    path = pdfs[2]["path"]
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Title:           Cluster excellence self-assessment: " in info
    assert "CreationDate:    2025-01-15" in info
    assert not [p for p in pdfs["folder"].iterdir() if p.name.startswith(".clex-pdf-")]


# -- the plan ---------------------------------------------------------------------------


def test_parts_cover_every_record_once_in_order(data: ReportData) -> None:
    from reports.context import same_evidence
    from reports.parallel import FRONT_ROWS, _row_weight, split

    ctx = build_context(big_snapshot(data.own, 5000), lang=Lang("en"))
    same = same_evidence(ctx.indicators)
    from reports.views import AppendixGroup

    groups = [AppendixGroup.whole(i) for i in ctx.indicators]
    for n in (2, 3, 4):
        parts = split(groups, same, n)
        assert len(parts) == n
        runs = [g for part in parts for g in part]
        assert [e.id for g in runs for e in g.evidence] == [
            e.id for g in groups for e in g.evidence
        ]
        # a group's first run has its title, later runs continue it
        for k, g in enumerate(runs):
            assert g.continued == (k > 0 and runs[k - 1].id == g.id)
        loads = [sum(_row_weight(e.title) for g in part for e in g.evidence) for part in parts]
        loads[0] += FRONT_ROWS
        assert max(loads) < 1.1 * min(loads), loads


def test_what_renders_in_one_process(data: ReportData, tmp_path: Path) -> None:
    from reports.parallel import MIN_RECORDS, plan

    small = build_context(data.own, lang=Lang("en"))
    big = build_context(big_snapshot(data.own, 2 * MIN_RECORDS), lang=Lang("en"))
    assert len(plan(small, 0, templates=None, pdfa=False)) == 1  # too short to pay
    assert len(plan(big, 2, templates=None, pdfa=False)) == 2
    assert len(plan(big, 1, templates=None, pdfa=False)) == 1
    assert len(plan(big, 2, templates=None, pdfa=True)) == 1  # PDF/A: one process
    (tmp_path / "cover.html").write_text("<p>mine</p>")
    assert len(plan(big, 2, templates=tmp_path, pdfa=False)) == 2
    (tmp_path / "appendix_group.html").write_text("<p>mine</p>")
    assert len(plan(big, 2, templates=tmp_path, pdfa=False)) == 1


def test_automatic_workers_need_a_third_cpu(data: ReportData, tmp_path: Path) -> None:
    """`workers=0` renders in one process on 2 CPUs (where two measured slower), in parts
    with 3 CPUs or more once the appendix is long; `workers=2` still splits anywhere."""
    from reports.parallel import MIN_CPUS, MIN_RECORDS, auto_workers, cpus, plan

    assert MIN_CPUS == 3
    assert auto_workers(10 * MIN_RECORDS, 1) == 1
    assert auto_workers(10 * MIN_RECORDS, 2) == 1
    assert auto_workers(MIN_RECORDS - 1, 8) == 1
    assert auto_workers(MIN_RECORDS, 3) == 2
    assert auto_workers(10 * MIN_RECORDS, 4) == 4
    big = build_context(big_snapshot(data.own, 2 * MIN_RECORDS), lang=Lang("en"))
    parts = len(plan(big, 0, templates=None, pdfa=False))
    assert (parts == 1) == (cpus() < MIN_CPUS), parts
    assert len(plan(big, 2, templates=None, pdfa=False)) == 2
    # a real report with workers=0: on a machine of 2 CPUs, the one-process PDF
    snap = big_snapshot(data.own, 300)
    auto, one = tmp_path / "auto.pdf", tmp_path / "one.pdf"
    write_report(snap, auto, workers=0)
    write_report(snap, one, workers=1)
    assert auto.read_bytes() == one.read_bytes()


def test_stubs_keep_links_to_other_parts() -> None:
    from reports.parallel import _with_stubs

    html, stubs = _with_stubs(
        '<body><a href="#ev-S1">x</a><h2 id="ev-S2">y</h2><a href="#ev-S2">z</a></body>'
    )
    assert stubs == ["ev-S1"]
    assert html.endswith('<div class="anchors"><p id="ev-S1"></p></div></body>')


def test_a_refused_asset_in_a_worker_is_the_users_error(data: ReportData, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "cover.html").write_text('<section><img src="file:///etc/passwd"></section>')
    out = tmp_path / "x.pdf"
    snap = big_snapshot(data.own, 300)
    with pytest.raises(UserDataError) as err:
        write_report(snap, out, templates=templates, workers=2)
    assert "file:///etc/passwd" in str(err.value.findings[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates"]


def test_workers_must_not_be_negative(data: ReportData, tmp_path: Path) -> None:
    with pytest.raises(UserDataError, match="workers"):
        write_report(data.own, tmp_path / "x.pdf", workers=-1)


def test_clex_report_workers(data: ReportData, tmp_path: Path, clex: Any) -> None:
    """`clex report --workers 2` writes the parallel PDF: every record listed once, every
    page numbered of the whole; a negative count is a usage error that writes nothing."""
    from assessment import write_snapshot

    snap = big_snapshot(data.own, 400)
    path = tmp_path / "snap.json"
    write_snapshot(snap, path)
    bad = clex("report", str(path), "-o", "bad.pdf", "--workers", "-1")
    assert bad.code == 2 and "--workers" in bad.err, bad
    assert not (tmp_path / "bad.pdf").exists()
    done = clex("report", str(path), "-o", "par.pdf", "--workers", "2", "--json", timeout=600)
    assert done.code == 0, done
    assert json.loads(done.out)["report"].endswith("par.pdf")
    pages = pages_of(tmp_path / "par.pdf")
    listed = RECORD_ID.findall("\n".join(pages))
    wanted = {e.id for e in snap.evidence if RECORD_ID.fullmatch(e.id)}
    assert wanted and wanted <= set(listed)
    for number, text in enumerate(pages[1:], 2):  # the cover carries no number
        assert f"Page {number} of {len(pages)}" in flat(text), number
