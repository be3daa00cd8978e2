"""An indicator the two snapshots' catalogues define differently is no change of the cluster.

The assessor's case (session 25, F2): 2024 assessed with an older copy of the catalogue
(C1's Gold step at 8 newsletters, not 6), 2025 with the built-in one. `clex compare` marked
C1 "redefined", yet its note on the overall change, the report's summary ("+60.4
percentage points against 2024, of which +11.3 from G8"), the area lines ("change since
2024: +77.3") and the workbook counted C1's points as progress; only the trend page's
foot said the catalogues differed. Now C1's part is named beside G8's wherever the
overall change is stated, the like-for-like rest leaves it out, the area lines and the
indicator rows say "redefined", and the summary names both catalogues. As the user runs
it: real snapshots made with two catalogue files, the CLI, the PDF's text and the
workbook read back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.report_fixtures import pdf_words, two_snapshots
from tests.test_compare_unjudged import EVIDENCE, JUDGED, one

NEWSLETTERS_2024 = "".join(
    f"- {{kind: communication, channel: newsletter, title: Newsletter {n}/2024, start: 2024-{n:02d}-10}}\n"
    for n in range(1, 8)
)  # fmt: skip


def older_copy(text: str) -> str:
    """The catalogue as an older version: C1's Gold step at 8 newsletters, not 6."""
    at = text.index("id: C1")
    step = "- {at_least: 6, points: 2, gold: true}"
    where = text.index(step, at)
    older = text[:where] + step.replace("6", "8") + text[where + len(step) :]
    return older.replace('version: "', 'version: "2025.9-', 1)


@pytest.fixture
def snaps(clex: Any, tmp_path: Path) -> Any:
    builtin = Path(clex("criteria", "path").out.strip())
    old = older_copy(builtin.read_text(encoding="utf-8"))
    return two_snapshots(
        clex, tmp_path, EVIDENCE + NEWSLETTERS_2024,
        first=("--catalogue", "old.yaml"), second=("--judgements", "j.yaml"),
        files={"old.yaml": old, "j.yaml": JUDGED},
    )  # fmt: skip


def _parts(tmp_path: Path) -> tuple[float, float, float, float]:
    """The overall change, G8's part (judged only in 2025), C1's (1 point under the old
    catalogue, 3 under the new one) and the rest, worked out from the two snapshots."""
    a, b = (json.loads((tmp_path / f"s{y}.json").read_text()) for y in (2024, 2025))

    def top(s: dict[str, Any]) -> float:
        return sum(i["max_points"] * i["weight"] for i in s["indicators"] if i["scored"])

    def c1(s: dict[str, Any]) -> float:
        return next(i["points"] for i in s["indicators"] if i["id"] == "C1")

    assert (c1(a), c1(b)) == (1, 3)  # 7 newsletters: 1 point under the old step of 8
    change = b["overall"] - a["overall"]
    g8 = 100 * 9 / top(b)
    redefined = 100 * (3 / top(b) - 1 / top(a))
    return change, g8, redefined, change - g8 - redefined


def test_compare_sets_the_redefined_indicator_apart(snaps: Any, tmp_path: Path) -> None:
    out = " ".join(snaps("compare", "s2024.json", "s2025.json").out.split())
    change, g8, c1, rest = _parts(tmp_path)
    assert (
        f"Of the overall change from 2024 to 2025 ({one(change)} percentage points), "
        f"{one(g8 + c1)} come from indicators not assessed alike in both periods: G8, judged "
        f"only in 2025 ({one(g8)}); C1, defined differently by ecei-gold 2025.9-"
    ) in out
    assert f"and ecei-gold 2026.5 ({one(c1)})." in out
    assert f"The indicators assessed alike in both periods make {one(rest)}." in out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_report_names_the_redefined_part_and_both_catalogues(
    snaps: Any, tmp_path: Path
) -> None:
    for lang in ("en", "cs"):
        for suffix in ("pdf", "xlsx"):
            snaps("report", "s2025.json", "--compare", "s2024.json", "--lang", lang,
                  "-o", f"r-{lang}.{suffix}")  # fmt: skip
    _, g8, c1, rest = _parts(tmp_path)
    assert abs(rest) < 0.05  # nothing else changed: C1's and G8's parts are all of it
    en = pdf_words(tmp_path / "r-en.pdf")
    said = (
        f"percentage points against 2024, of which +{g8:.1f} from G8, judged only in 2025; "
        f"+{c1:.1f} from C1, defined differently by the two catalogues; the indicators "
        f"assessed alike in both periods make ±0."
    )
    assert said in en
    assert "2024 was assessed with another catalogue (ecei-gold 2025.9-" in en
    assert "this assessment: ecei-gold 2026.5)." in en
    # the communication area's line and C1's rows, in the area table and on the trend page
    now = json.loads((tmp_path / "s2025.json").read_text())
    top = next(a["max_points"] for a in now["areas"] if a["id"] == "communication")
    area = 100 * (3 - 1) / top  # C1's 2 points over its area's maximum, in both catalogues
    assert f"of which +{area:.1f} from C1, defined differently by the two catalogues" in en
    assert "+2 redefined" in en  # the area table's change column, and the trend page's
    assert "C1 Member newsletters per year 1 3 +2 redefined" in en
    cs = pdf_words(tmp_path / "r-cs.pdf")
    assert f"+{c1:.1f}".replace(".", ",") + " p. b. na C1, definovaný v obou katalozích jinak" in cs
    assert "Období 2024 bylo posouzeno podle jiného katalogu" in cs
    assert "jinak definováno" in cs
    book = load_workbook(tmp_path / "r-en.xlsx")
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert any(said in c for c in cells)  # the summary sheet
    ind = book["Indicators"]
    head = [c.value for c in ind[1]]
    c1_row = next(r for r in ind.iter_rows(values_only=True) if r[0] == "C1")
    assert c1_row[head.index("Change basis")] == "redefined"
    areas = book["Areas"]
    head = [c.value for c in areas[1]]
    row = next(r for r in areas.iter_rows(values_only=True) if r[0] == "communication")
    assert row[head.index("Not like for like")].startswith(f"of which +{area:.1f} from C1")
