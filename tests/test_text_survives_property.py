"""Property: any text a person can type survives the PDF and the Excel report as text.

A real snapshot of a tiny cluster gets random text as its name, an evidence title and
an assessor's rationale; the workbook must hold exactly that text in its cells (never a
formula), and the PDF's extracted text must hold it too (white space aside: table
cells may wrap it).
"""

from __future__ import annotations

import atexit
import shutil
import string
import subprocess
import tempfile
import textwrap
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assessment import Period, Snapshot, assess
from assessment.snapshot import Judgement
from evidence.cells import SPREADSHEET_ERRORS
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.store import Store
from reports import write_report

# Latin text with the characters that break HTML, spreadsheets and shells.
ALPHABET = (
    string.ascii_letters
    + string.digits
    + " <>&\"'=+-@/\\;:,.!?()[]{}%$#*_~|^`"
    + "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽäöüßÄÖÜàâçèêëîïôùûœÆØÅæøå€§°±«»–—…"
)
# a spreadsheet's error code (#N/A) is no text: refused at import (test_spreadsheet_cells)
TEXT = st.text(ALPHABET, min_size=1, max_size=30).filter(
    lambda t: t.strip() != "" and t.strip().upper() not in SPREADSHEET_ERRORS
)
_CACHE: dict[str, Snapshot] = {}


def base_snapshot() -> Snapshot:
    if "snap" not in _CACHE:
        folder = Path(tempfile.mkdtemp(prefix="clex-text-"))
        atexit.register(shutil.rmtree, folder, True)  # shared by every example, gone at exit
        store = Store(str(folder / "s.db"))
        store.add_cluster(ClusterProfile(slug="t", name="T", country="CZ"))
        (folder / "e.yaml").write_text(
            textwrap.dedent("""\
            - {kind: member, title: Placeholder, type: sme, committed: yes, start: 2020-01-01}
            - {kind: document, title: Strategy, doc_type: strategy, start: 2024-02-01}
        """),
            encoding="utf-8",
        )
        import_files(store, [folder / "e.yaml"], cluster="t")
        strategy = store.records("t", kind="document")[0].id
        judgement = Judgement(
            indicator="G8", level=2, rationale="r", evidence=[strategy], assessor="a"
        )
        _CACHE["snap"] = assess(
            store, "t", Period.year(2024), as_of=date(2025, 1, 15), judgements=[judgement]
        )
    return _CACHE["snap"]


def squeeze(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT, title=TEXT, rationale=TEXT)
def test_any_text_survives_both_reports(name: str, title: str, rationale: str) -> None:
    snap = base_snapshot()
    member = next(r for r in snap.evidence if r.kind == "member")
    data = snap.model_dump(by_alias=True)
    data["cluster"]["name"] = name.strip()
    for ref in data["evidence"]:
        if ref["id"] == member.id:
            ref["title"] = title.strip()
    data["judgements"][0]["rationale"] = rationale.strip()
    changed = Snapshot.model_validate(data)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = write_report(changed, Path(tmp) / "r.xlsx")
        cells = [
            c
            for ws in load_workbook(xlsx).worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str)
        ]
        for text in (name.strip(), title.strip()):
            found = [c for c in cells if c.value == text]
            assert found, f"{text!r} is not a cell of the workbook"
            assert all(c.data_type == "s" for c in found)
        pdf = write_report(changed, Path(tmp) / "r.pdf")
        extracted = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for text in (name, title, rationale):
            assert squeeze(text) in squeeze(extracted), f"{text!r} is not in the PDF's text"
