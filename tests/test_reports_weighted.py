"""Numbers a reader adds up: the trend, the verified-only table and the workbook show
weighted points where the totals are weighted, change against the summary's previous
period, and no 0 for an indicator that is worth no points.

Real snapshots (tests/report_fixtures.py) plus an earlier year assessed from the same
store, so that the first period compared is not the previous one; one PDF (pdftotext)
and one workbook (openpyxl), rendered once for the module.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from assessment import Period, Snapshot, assess
from assessment.compare import not_judged
from evidence.store import Store
from reports import write_report
from reports.i18n import Lang
from tests.report_fixtures import OWN, ReportData, build, flat

pytestmark = [
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"),
    pytest.mark.xdist_group("reports-weighted"),
]

EN = Lang("en")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("report-data"))


@pytest.fixture(scope="module")
def older(data: ReportData) -> Snapshot:
    """2022 of the same cluster, from the same store: weaker than 2023 (no activity)."""
    store = Store(str(data.own_file.parent / "clex.db"))
    return assess(store, OWN, Period.year(2022), as_of=date(2023, 1, 20))


@pytest.fixture(scope="module")
def report(
    data: ReportData, older: Snapshot, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("weighted")
    compare = [older, data.previous]
    pdf = write_report(data.own, out / "r.pdf", compare=compare)
    xlsx = write_report(data.own, out / "r.xlsx", compare=compare)

    def text(*layout: str) -> str:
        args = ["pdftotext", "-enc", "UTF-8", *layout, str(pdf), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    return {"text": flat(text()), "lines": text("-layout").splitlines(), "wb": load_workbook(xlsx)}


def table(lines: list[str], head: str, end: str) -> dict[str, list[str]]:
    """The rows of the table(s) from the first line holding `head` to the first line
    holding `end` after it, as the layout shows them: first word -> the words that end
    the row (its numbers; a title wrapping onto the next line leaves them on the first)."""
    at = next(n for n, line in enumerate(lines) if head in line)
    rows: dict[str, list[str]] = {}
    for line in lines[at + 1 :]:
        if end in line:
            break
        words = line.split()
        if words and words[0] not in rows:
            rows[words[0]] = words
    return rows


def ends(row: list[str], *cells: str) -> bool:
    want = flat(" ".join(cells)).split()
    return row[-len(want) :] == want


def test_the_trend_changes_against_the_previous_period_not_the_first(
    report: dict[str, Any], data: ReportData, older: Snapshot
) -> None:
    own, prev = data.own, data.previous
    assert abs((own.overall - older.overall) - (own.overall - prev.overall)) > 0.5
    # the headers are in capitals; the change is the summary's, since 2023, not since 2022
    rows = table(report["lines"], "CHANGE SINCE 2023", "Scores in per cent")
    cells = [EN.pct(s.overall) for s in (older, prev, own)]
    assert ends(rows["Overall"], *cells, EN.delta(own.overall - prev.overall))
    for area in own.areas:
        row = next(r for r in rows.values() if flat(" ".join(r)).startswith(area.title[:12]))
        change = EN.delta(area.percent - prev.area(area.id).percent)
        assert ends(row, EN.pct(prev.area(area.id).percent), EN.pct(area.percent), change)
    key = f"{EN.delta(own.overall - prev.overall)} percentage points against 2023"
    assert flat(key) in report["text"]
    assert "Scores in per cent; their change in percentage points." in report["text"]


def test_the_trend_shows_weighted_points_and_no_zero_for_descriptive_ones(
    report: dict[str, Any], data: ReportData, older: Snapshot
) -> None:
    own, prev = data.own, data.previous
    assert "Weighted points per indicator" in report["text"]
    rows = table(report["lines"], "CHANGE SINCE 2023", "Points are weighted as the total")
    snaps = [older, prev, own]
    assert own.indicator("G8").weight == 3 and own.indicator("G7").weight == 2
    for iid in ("G7", "G8", "S1"):
        weight = own.indicator(iid).weight
        points = [s.indicator(iid).points * weight for s in snaps]
        shown = [
            "not judged" if not_judged(s.indicator(iid)) else EN.num(p)
            for s, p in zip(snaps, points, strict=True)
        ]
        assert ends(rows[iid], *shown, EN.delta(points[2] - points[1])), iid
    # 2022 was assessed without judgements: G8 reads "not judged", not 0 (session 24)
    assert not_judged(older.indicator("G8")) and not not_judged(prev.indicator("G8"))
    for iid in ("G3", "C9", "C10"):
        assert not own.indicator(iid).scored
        assert ends(rows[iid], "– – – –"), iid  # one per period and the change: never 0


def test_the_verified_only_table_adds_up_in_weighted_points(
    report: dict[str, Any], data: ReportData
) -> None:
    own = data.own
    assert own.other_mode_overall is not None
    rows = table(report["lines"], "VERIFIED ONLY", "Assessor's judgements")
    differing = [
        i
        for i in own.indicators
        if i.scored and i.other_mode_points is not None and i.other_mode_points != i.points
    ]
    assert differing
    drops = 0.0
    for ind in differing:
        assert ind.other_mode_points is not None
        now, other = ind.points * ind.weight, ind.other_mode_points * ind.weight
        drops += other - now
        assert ends(rows[ind.id], EN.num(now), EN.num(other), EN.delta(other - now, 2)), ind.id
    top = sum(i.max_points * i.weight for i in own.indicators if i.scored)
    got = sum(i.points * i.weight for i in own.indicators if i.scored)
    # the drops add up to the totals' difference, which is the two scores' difference
    assert abs(100 * (got + drops) / top - own.other_mode_overall) < 0.01
    assert f"All indicators ({EN.num(top)} weighted points at most)" in report["text"]
    total = [EN.num(got), f"({EN.pct(own.overall)})", EN.num(got + drops)]
    total += [f"({EN.pct(own.other_mode_overall)})", EN.delta(drops, 2)]
    assert ends(rows["All"], *total)
    # the score counting verified evidence only: one decimal, like every score
    said = f"would be {EN.pct(own.other_mode_overall)} instead of {EN.pct(own.overall)}"
    assert flat(said) in report["text"]


def cells(wb: Workbook, sheet: str, header: str) -> tuple[list[Any], list[list[Any]]]:
    """The header row whose first cell is `header`, and the rows under it to a blank."""
    rows = list(wb[sheet].iter_rows(values_only=True))
    at = next(n for n, r in enumerate(rows) if r[0] == header)
    body = []
    for r in rows[at + 1 :]:
        if r[0] is None:
            break
        body.append(list(r))
    return list(rows[at]), body


def test_the_workbook_trend_and_indicators_are_weighted(
    report: dict[str, Any], data: ReportData, older: Snapshot
) -> None:
    wb, own, prev = report["wb"], data.own, data.previous
    head, areas = cells(wb, "Trend", "Area")
    assert head[:5] == ["Area", "2022", "2023", "2024", "Change since 2023"]
    overall = next(r for r in areas if r[0] == "Overall")
    assert overall[1:4] == [older.overall, prev.overall, own.overall]
    assert overall[4] == round(own.overall - prev.overall, 2)
    head, inds = cells(wb, "Trend", "ID")
    assert head[-2:] == ["Change since 2023", "Change basis"]  # the basis: "redefined" ...
    rows = {r[0]: r for r in inds}
    g8 = own.indicator("G8")
    assert rows["G8"][2:5] == ["not judged", *(s.indicator("G8").points * 3 for s in (prev, own))]
    assert rows["G8"][5] == (g8.points - prev.indicator("G8").points) * 3
    assert rows["C9"][2:] == ["not scored"] * 3 + [None, None]

    head, body = cells(wb, "Indicators", "ID")
    found = {r[0]: dict(zip(head, r, strict=True)) for r in body}
    c9 = found["C9"]
    assert c9["Points"] == "not scored"
    assert c9["Max points"] is None and c9["Points of max"] is None
    g7 = own.indicator("G7")
    assert g7.weight == 2
    row = found["G7"]
    assert row["Weighted points in 2023"] == prev.indicator("G7").points * 2
    assert row["Change"] == (g7.points - prev.indicator("G7").points) * 2
    if g7.other_mode_points is not None:
        assert row["Weighted points, Verified only"] == g7.other_mode_points * 2

    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Change"] == round(own.overall - prev.overall, 2)


def test_czech_says_percentage_points(data: ReportData, tmp_path: Path) -> None:
    from reports.context import build_context, key_messages

    ctx = build_context(data.own, compare_with=[data.previous], lang=Lang("cs"))
    first = key_messages(ctx)[0]
    assert "p. b." in first and " bodu" not in first
