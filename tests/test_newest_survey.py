"""V7 (`latest`): the newest survey that stands decides, counted or not.

The assessor's case (session 23, F1): a verified 2023 survey at 85 and a submitted 2024
one at 62. The self-assessment read 62 (1 point); the audit fell back to 85 (3 points)
and scored higher than the self-assessment; asking about the 2024 survey (needs_info)
brought 85 back in the self-assessment too. An unproven newest survey leaves V7 without
a value, and says what counting it would give. Real store, the CLI, the PDF's text.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from assessment import assess
from assessment.period import Period
from evidence.changes import withdraw
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.review import review
from evidence.store import Store
from tests.conftest import said
from tests.report_fixtures import pdf_words

Y2024 = Period.year(2024)
AS_OF = date(2025, 1, 15)
BEFORE = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)

SURVEYS = textwrap.dedent("""\
    - {kind: survey, title: Survey 2023, start: 2023-11-01, invited: 50, respondents: 30, satisfaction: 85}
    - {kind: survey, title: Survey 2024, start: 2024-11-01, invited: 55, respondents: 32, satisfaction: 62}
""")  # fmt: skip
DRAFT = """\
- {kind: survey, title: Survey Dec 2024, start: 2024-12-01, respondents: 20, satisfaction: 50, status: draft}
"""  # fmt: skip


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Any:
    s = Store(db_url)
    s.add_cluster(ClusterProfile(slug="nano", name="Nano", country="CZ"))
    (tmp_path / "surveys.yaml").write_text(SURVEYS, encoding="utf-8")
    import_files(s, [tmp_path / "surveys.yaml"], cluster="nano")
    yield s
    s.engine.dispose()


def _ids(store: Store) -> dict[str, str]:
    return {r.title: r.id for r in store.records("nano")}


def _v7(store: Store, as_of: date = AS_OF, **how: Any) -> Any:
    return assess(store, "nano", Y2024, as_of=as_of, **how).indicator("V7")


def test_an_unverified_newest_survey_leaves_the_audit_without_a_value(store: Store) -> None:
    ids = _ids(store)
    review(store, "nano", [ids["Survey 2023"]], status="verified", reviewer="Eva", at=BEFORE)
    own = _v7(store)
    assert (own.value, own.points) == (62, 1)
    audit = assess(store, "nano", Y2024, as_of=AS_OF, audit=True)
    v7 = audit.indicator("V7")
    assert (v7.value, v7.points, v7.evidence_ids) == (None, 0, [])  # not the 2023 survey's 85
    assert audit.overall <= assess(store, "nano", Y2024, as_of=AS_OF).overall
    assert [said(f.message) for f in v7.findings] == [
        f"the newest record, {ids['Survey 2024']} of Nov 1, 2024 (submitted), is not counted "
        "in this assessment, and an older one does not stand for it; counted, it gives 62 of "
        "100: 1 of 3 points"
    ]
    # its near miss: verifying it reaches V7's next step (60), so it is one record
    step = next(g for g in audit.gaps if g.indicator == "V7")
    assert (step.points_next, step.records_needed) == (1, 1)


def test_a_questioned_newest_survey_is_no_value_a_rejected_or_draft_one_replaces_nothing(
    store: Store, tmp_path: Path
) -> None:
    ids = _ids(store)
    newer = [ids["Survey 2024"]]
    review(store, "nano", newer, status="needs_info", reviewer="Eva", at=BEFORE)
    assert _v7(store).value is None  # it was 85 when the auditor asked about the 2024 one
    review(store, "nano", newer, status="rejected", reviewer="Eva", at=BEFORE)
    assert _v7(store).value == 85  # refused as evidence: the 2023 survey is the newest
    review(store, "nano", newer, status="submitted", reviewer="Eva", at=BEFORE)
    withdraw(store, "nano", newer, reason="entered twice", actor="Jan", command="test")
    today = date.today()  # the withdrawal is today's
    assert _v7(store, as_of=today).value == 85  # withdrawn: it is not there
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    import_files(store, [tmp_path / "draft.yaml"], cluster="nano")
    # a draft is nobody's word yet (drafts count only when asked for): the 2023 survey
    # is the newest that stands; counting drafts, the draft is, and gives its value
    assert _v7(store, as_of=today).value == 85
    assert _v7(store, as_of=today, include_drafts=True).value == 50


def test_the_audit_report_says_what_verifying_the_newest_survey_gives(
    clex: Any, db_url: str, store: Store, tmp_path: Path
) -> None:
    review(
        store, "nano", [_ids(store)["Survey 2023"]], status="verified", reviewer="Eva", at=BEFORE
    )
    env = {"CLEX_DB": db_url}
    run = clex("assess", "--cluster", "nano", "--period", "2024", "--as-of", "2025-01-15",
               "--audit", "-o", "audit.json", env=env)  # fmt: skip
    assert run.code == 0, run
    assert "V7: warning: the newest record" in run.out and "counted, it gives 62 of 100" in run.out
    snap = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    gains = {g["indicator"]: g["gain"] for g in snap["gaps"] if g["indicator"] in ("V6", "V7")}
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils (pdftotext)")
    assert clex("report", "audit.json", "-o", "audit.pdf", env=env).code == 0
    text = pdf_words(tmp_path / "audit.pdf")
    assert "counted, it gives 62 of 100: 1 of 3 points" in text
    # verifying it wins V6's and V7's next steps: both are at stake, no loss hidden
    assert f"+{round(gains['V6'] + gains['V7'], 2):.2f}" in text
