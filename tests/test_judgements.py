"""Judgements an auditor can sign, as a user writes them and runs `clex assess`.

A judgements file names each assessor with their own level (a Gold audit has two), and
a judgement scores only when every record it cites is in the store and counts in the
assessment's mode: a missing id is an error (exit 1, every missing id listed), a record
that does not count, or a level without any evidence, scores 0 with a finding.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import said

EVIDENCE = textwrap.dedent("""\
    - {kind: member, title: Alpha, type: sme, committed: yes, start: 2019-03-01}
    - {kind: member, title: Beta, type: university, committed: yes, start: 2016-09-01}
    - {kind: staff, title: Manager, fte: 1.0, start: 2019-01-01}
    - {kind: document, title: Strategy 2024-2028, doc_type: strategy, start: 2024-03-21, approved_on: 2024-03-21}
    - {kind: document, title: Action plan 2024, doc_type: action_plan, start: 2024-04-02}
    - {kind: document, title: Action plan 2019-2020, doc_type: action_plan, start: 2019-05-14, end: 2020-12-31}
    - {kind: document, title: KPI report 2024, doc_type: kpi_report, start: 2024-12-10}
""")


class User:
    """One user's store and folder: imports the evidence, writes a judgements file and
    runs `clex assess` on it, as the user would."""

    def __init__(self, clex: Callable[..., Any], folder: Path, db: str) -> None:
        self.run, self.folder, self.env = clex, folder, {"CLEX_DB": db}
        assert self.clex("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
        (folder / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
        assert self.clex("import", "ev.yaml", "--cluster", "nano").code == 0
        listed = json.loads(self.clex("evidence", "list", "--cluster", "nano", "--json").out)
        self.ids = {r["title"]: r["id"] for r in listed}
        rejected = self.clex(
            "evidence", "review", self.ids["KPI report 2024"], "--cluster", "nano",
            "--status", "rejected", "--reviewer", "Eva", "--note", "not the board's report",
        )  # fmt: skip
        assert rejected.code == 0, rejected

    def clex(self, *args: str) -> Any:
        return self.run(*args, env=self.env)

    def assess(self, judgements: str, *extra: str) -> Any:
        (self.folder / "j.yaml").write_text(textwrap.dedent(judgements), encoding="utf-8")
        (self.folder / "s.json").unlink(missing_ok=True)
        # dated today: the review above (made now) counts only in an assessment dated on
        # or after its day
        return self.clex(
            "assess", "--cluster", "nano", "--period", "2024", "--as-of", date.today().isoformat(),
            "--judgements", "j.yaml", "-o", "s.json", *extra,
        )  # fmt: skip

    def snapshot(self) -> dict[str, Any]:
        return json.loads((self.folder / "s.json").read_text(encoding="utf-8"))

    def g8(self) -> dict[str, Any]:
        """G8 of the snapshot, its sentences (messages) in English as the CLI says them."""
        g8 = next(i for i in self.snapshot()["indicators"] if i["id"] == "G8")
        findings = [{**f, "message": said(f["message"])} for f in g8["findings"]]
        return {**g8, "explanation": said(g8["explanation"]), "findings": findings}


@pytest.fixture
def user(clex: Callable[..., Any], tmp_path: Path, db_url: str) -> User:
    return User(clex, tmp_path, db_url)


@pytest.fixture
def sqlite_user(clex: Callable[..., Any], tmp_path: Path) -> User:
    """For what does not depend on the store: SQLite only."""
    return User(clex, tmp_path, str(tmp_path / "clex.db"))


def test_two_assessors_are_read_and_kept_in_the_snapshot(user: User) -> None:
    strategy, plan = user.ids["Strategy 2024-2028"], user.ids["Action plan 2024"]
    run = user.assess(f"""\
        judgements:
          - indicator: G8
            level: 3
            rationale: Strategy approved by the general assembly; action plan with KPIs.
            evidence: [{strategy}, {plan}]
            assessors:
              - {{name: Jana Nováková, level: 3}}
              - {{name: Peter Schmidt, level: 2}}
        """)
    assert run.code == 0, run
    (judged,) = user.snapshot()["judgements"]
    assert judged["level"] == 3 and judged["assessor"] == ""
    assert judged["assessors"] == [
        {"name": "Jana Nováková", "level": 3},
        {"name": "Peter Schmidt", "level": 2},
    ]
    g8 = user.g8()
    assert g8["points"] == 3 and g8["value"] == 3
    assert "Jana Nováková, Peter Schmidt (2)" in g8["explanation"]
    (info,) = g8["findings"]
    assert info["severity"] == "info"
    assert "Jana Nováková 3, Peter Schmidt 2" in info["message"]
    assert user.clex("verify", "s.json").code == 0  # the snapshot's judgements re-run alike


def test_one_assessor_written_the_older_way_still_reads(sqlite_user: User) -> None:
    strategy = sqlite_user.ids["Strategy 2024-2028"]
    run = sqlite_user.assess(f"""\
        judgements:
          - {{indicator: G8, level: 2, evidence: [{strategy}], assessor: Jana Nováková}}
        """)
    assert run.code == 0, run
    (judged,) = sqlite_user.snapshot()["judgements"]
    assert judged["assessor"] == "Jana Nováková" and "assessors" not in judged
    g8 = sqlite_user.g8()
    assert g8["points"] == 2 and g8["findings"] == []
    assert g8["explanation"].endswith("(Jana Nováková)")


def test_assessor_problems_are_located_at_their_lines(sqlite_user: User) -> None:
    strategy = sqlite_user.ids["Strategy 2024-2028"]
    run = sqlite_user.assess(f"""\
        judgements:
          - indicator: G8
            level: 3
            evidence: [{strategy}]
            assessor: Jana Nováková
            assessors:
              - {{name: Jana Nováková, level: 3}}
              - {{name: Peter Schmidt, level: 7}}
              - {{name: Peter Schmidt, level: 2}}
              - {{name: " ", level: 2}}
        """)
    assert run.code == 1 and not (sqlite_user.folder / "s.json").exists()
    assert "Traceback" not in run.err
    assert "j.yaml:6:" in run.err and "give either `assessor: NAME`" in run.err
    assert "j.yaml:8:" in run.err
    assert "Peter Schmidt's level 7 is not a level of G8; levels are 0, 1, 2, 3, 4" in run.err
    assert "j.yaml:9:" in run.err and "assessor 'Peter Schmidt' is named twice" in run.err
    assert "j.yaml:10:" in run.err and "an assessor needs a name" in run.err
    assert "4 problem(s) in the judgements" in run.err


def test_a_missing_cited_record_is_an_error_listing_every_missing_id(user: User) -> None:
    strategy = user.ids["Strategy 2024-2028"]
    run = user.assess(f"""\
        judgements:
          - indicator: G8
            level: 3
            evidence:
              - {strategy}
              - doc-000000000000
              - doc-ffffffffffff
            assessor: Jana Nováková
        """)
    assert run.code == 1, run
    assert not (user.folder / "s.json").exists() and "Traceback" not in run.err
    lines = run.err.splitlines()
    assert any(
        line.startswith("j.yaml:6:") and "judgement of G8 cites doc-000000000000" in line
        for line in lines
    ), run.err
    assert any(
        line.startswith("j.yaml:7:") and "judgement of G8 cites doc-ffffffffffff" in line
        for line in lines
    ), run.err
    assert "2 record(s) cited by the judgements in j.yaml are not in the store" in run.err
    assert strategy not in run.err


def test_a_rejected_cited_record_scores_0_with_the_finding(user: User) -> None:
    strategy, report = user.ids["Strategy 2024-2028"], user.ids["KPI report 2024"]
    run = user.assess(f"""\
        judgements:
          - {{indicator: G8, level: 4, evidence: [{strategy}, {report}], assessor: Jana Nováková}}
        """)
    assert run.code == 0, run
    g8 = user.g8()
    assert g8["value"] == 4 and g8["points"] == 0 and g8["minimum_met"] in (None, False)
    (error,) = [f for f in g8["findings"] if f["severity"] == "error"]
    assert error["record_id"] == report
    assert f"cites {report} (KPI report 2024), which is rejected" in error["message"]
    assert "so G8 scores 0 points instead of 4 points" in error["message"]
    assert "have it reviewed again" in error["message"]
    assert "scores 0" in g8["explanation"]


def test_an_agreed_level_above_both_assessors_counts_as_the_highest_of_theirs(
    sqlite_user: User,
) -> None:
    """Both assessors found level 2; an agreed 4 is no level either found: it scored 4
    (and gave Gold) with a warning only in the snapshot. It counts as 2, and says why."""
    strategy, plan = sqlite_user.ids["Strategy 2024-2028"], sqlite_user.ids["Action plan 2024"]
    run = sqlite_user.assess(f"""\
        judgements:
          - indicator: G8
            level: 4
            evidence: [{strategy}, {plan}]
            assessors:
              - {{name: Jana Nováková, level: 2}}
              - {{name: Peter Schmidt, level: 2}}
        """)
    assert run.code == 0, run
    g8 = sqlite_user.g8()
    assert g8["value"] == 2 and g8["points"] == 2
    (warning,) = [f for f in g8["findings"] if f["severity"] == "warning"]
    assert "the agreed level 4 lies above the assessors' own levels" in warning["message"]
    assert "so it counts as 2, the highest of theirs" in warning["message"]
    assert g8["explanation"].startswith("judged 2 of 4 points")
    # the terminal says it too (it said nothing: the warning was in the snapshot only)
    assert "G8: warning: the agreed level 4 lies above the assessors' own levels" in run.out


def test_a_cited_record_outside_the_period_scores_0(sqlite_user: User) -> None:
    old = sqlite_user.ids["Action plan 2019-2020"]
    run = sqlite_user.assess(f"""\
        judgements:
          - {{indicator: G8, level: 2, evidence: [{old}], assessor: Jana Nováková}}
        """)
    assert run.code == 0, run
    g8 = sqlite_user.g8()
    assert g8["points"] == 0
    (error,) = g8["findings"]
    assert "lies outside the period from Jan 1, 2024 to Dec 31, 2024" in error["message"]
    assert "cite records of the period" in error["message"]


def test_a_report_on_the_period_written_after_it_counts_by_the_span_it_reports_on(
    sqlite_user: User,
) -> None:
    """The year's KPI report is approved in January: dated by its approval it lies after
    the period, and the finding says how to date it; dated by the span it reports on
    (its approval under approved_on) it is evidence of the period."""
    (sqlite_user.folder / "reports.yaml").write_text(
        textwrap.dedent("""\
            - {kind: document, title: KPI report dated by approval, doc_type: kpi_report, start: 2025-01-20}
            - {kind: document, title: KPI report on 2024, doc_type: kpi_report, start: 2024-01-01, end: 2024-12-31, approved_on: 2025-01-20}
            """),
        encoding="utf-8",
    )
    assert sqlite_user.clex("import", "reports.yaml", "--cluster", "nano").code == 0
    listed = json.loads(sqlite_user.clex("evidence", "list", "--cluster", "nano", "--json").out)
    ids = {r["title"]: r["id"] for r in listed}
    strategy, plan = sqlite_user.ids["Strategy 2024-2028"], sqlite_user.ids["Action plan 2024"]
    late = ids["KPI report dated by approval"]
    run = sqlite_user.assess(f"""\
        judgements:
          - {{indicator: G8, level: 4, evidence: [{strategy}, {plan}, {late}], assessor: Jana Nováková}}
        """)
    assert run.code == 0, run
    g8 = sqlite_user.g8()
    assert g8["points"] == 0
    (error,) = [f for f in g8["findings"] if f["severity"] == "error"]
    assert "which lies after the period from Jan 1, 2024 to Dec 31, 2024" in error["message"]
    assert "its start and end are the span it reports on" in error["message"]
    # the terminal gives the remedy too, under the line that says G8 scores 0 (it said
    # only "scores 0: ... lies outside the period", the remedy in the snapshot alone)
    lines = run.out.splitlines()
    said = next(n for n, line in enumerate(lines) if line.startswith("G8: judged 4 of 4"))
    assert f"scores 0: {late} lies outside the period" in lines[said]
    assert lines[said + 1].startswith(f"G8: the judgement cites {late} (KPI report dated by")
    assert lines[said + 1].endswith(
        "a report on the period written after it counts when its start and end are the "
        "span it reports on (its approval date under approved_on); else cite records of the "
        "period"
    ), lines[said + 1]
    on = ids["KPI report on 2024"]
    run = sqlite_user.assess(f"""\
        judgements:
          - {{indicator: G8, level: 4, evidence: [{strategy}, {plan}, {on}], assessor: Jana Nováková}}
        """)
    assert run.code == 0, run
    g8 = sqlite_user.g8()
    assert g8["points"] == 4 and not [f for f in g8["findings"] if f["severity"] == "error"]


def test_a_level_without_evidence_scores_0_but_the_lowest_needs_none(sqlite_user: User) -> None:
    run = sqlite_user.assess("""\
        judgements:
          - {indicator: G8, level: 3, rationale: trust us, assessor: Jana Nováková}
        """)
    assert run.code == 0, run
    g8 = sqlite_user.g8()
    assert g8["value"] == 3 and g8["points"] == 0
    (error,) = g8["findings"]
    assert error["severity"] == "error"
    assert "judged 3 points without any evidence, so G8 scores 0 points" in error["message"]
    assert "under evidence in the judgements file" in error["message"]
    run = sqlite_user.assess("""\
        judgements:
          - {indicator: G8, level: 0, rationale: no written strategy, assessor: Jana Nováková}
        """)
    assert run.code == 0, run
    assert sqlite_user.g8()["findings"] == []


def test_an_audit_asks_for_both_assessors_and_verified_evidence(user: User) -> None:
    strategy, plan = user.ids["Strategy 2024-2028"], user.ids["Action plan 2024"]
    done = user.clex(
        "evidence", "review", strategy, "--cluster", "nano",
        "--status", "verified", "--reviewer", "Eva",
    )  # fmt: skip
    assert done.code == 0, done
    one = f"""\
        judgements:
          - {{indicator: G8, level: 3, evidence: [{strategy}], assessor: Jana Nováková}}
        """
    assert user.assess(one, "--audit").code == 0
    g8 = user.g8()
    assert g8["points"] == 3
    (warning,) = g8["findings"]
    assert warning["severity"] == "warning"
    assert "a Gold audit records both assessors' levels" in warning["message"]
    assert "this judgement has 1 assessor:" in warning["message"]
    # the same judgement in a self-assessment: no such warning
    assert user.assess(one).code == 0 and user.g8()["findings"] == []

    both = f"""\
        judgements:
          - indicator: G8
            level: 3
            evidence: [{strategy}]
            assessors: [{{name: Jana Nováková, level: 3}}, {{name: Peter Schmidt, level: 3}}]
        """
    assert user.assess(both, "--audit").code == 0
    assert user.g8()["points"] == 3 and user.g8()["findings"] == []

    # a submitted record counts in a self-assessment, not in an audit
    unverified = both.replace(f"[{strategy}]", f"[{strategy}, {plan}]")
    assert user.assess(unverified).code == 0 and user.g8()["points"] == 3
    assert user.assess(unverified, "--audit").code == 0
    g8 = user.g8()
    assert g8["points"] == 0
    (error,) = g8["findings"]
    assert f"{plan} (Action plan 2024), which is submitted" in error["message"]
    assert (
        "does not count in this audit" in error["message"]
        and "have it verified" in error["message"]
    )


def test_an_agreed_level_below_the_assessors_levels_is_a_warning(sqlite_user: User) -> None:
    """Below both assessors' levels it is the stricter reading: it stands, with a warning."""
    strategy = sqlite_user.ids["Strategy 2024-2028"]
    run = sqlite_user.assess(f"""\
        judgements:
          - indicator: G8
            level: 1
            evidence: [{strategy}]
            assessors: [{{name: A, level: 2}}, {{name: B, level: 2}}]
        """)
    assert run.code == 0, run
    g8 = sqlite_user.g8()
    (warning,) = g8["findings"]
    assert warning["severity"] == "warning" and g8["points"] == 1
    assert (
        "the agreed level 1 lies outside the assessors' own levels (A 2, B 2)"
        in (warning["message"])
    )


def test_one_assessor_named_twice_in_other_capitals_or_spaces_is_refused(
    sqlite_user: User,
) -> None:
    """`A One` and `a one` (or `Jana  Nováková` and `jana nováková` typed with a combining
    accent) are one person: their two levels passed as the two assessors a Gold audit
    needs, without a word. The repeat is refused at its line and column, with the file's
    other problems, and nothing is assessed."""
    strategy = sqlite_user.ids["Strategy 2024-2028"]
    twice = "[{name: A One, level: 3}, {name: a one, level: 3}]"  # one assessor, two spellings
    run = sqlite_user.assess(f"""\
        judgements:
          - indicator: G8
            evidence: [{strategy}]
            level: 3
            assessors: {twice}
          - indicator: G8x
            level: 3
        """)
    assert run.code == 1, run
    assert not (sqlite_user.folder / "s.json").exists() and "Traceback" not in run.err
    assert (
        "j.yaml:5:43: assessor 'a one' is named twice (as 'A One' above; names are compared "
        "whatever their capitals and spaces): list each assessor once, with their own level"
    ) in run.err
    assert "j.yaml:6:" in run.err and "unknown indicator 'G8x'" in run.err
    assert "2 problem(s) in the judgements" in run.err

    run = sqlite_user.assess(f"""\
        judgements:
          - indicator: G8
            level: 3
            evidence: [{strategy}]
            assessors:
              - {{name: "Jana  Nováková", level: 3}}
              - {{name: " jana nova\\u0301ková", level: 3}}
        """)
    assert run.code == 1, run
    assert "j.yaml:7:" in run.err and "is named twice (as 'Jana  Nováková' above" in run.err


def test_a_judgement_without_the_agreed_level_asks_for_it_naming_the_assessors_levels(
    sqlite_user: User,
) -> None:
    """The assessors' own levels with no agreed `level` said "level: Field required";
    now the message says which level is missing, with the levels the assessors gave (or
    the indicator's levels, when no assessor gave one), in Czech too."""
    from assessment.judgements import load_judgements
    from criteria.loader import require_catalogue
    from evidence.findings import UserDataError
    from reports.i18n import Lang

    strategy = sqlite_user.ids["Strategy 2024-2028"]
    written = f"""\
        judgements:
          - indicator: G8
            rationale: no agreement yet
            evidence: [{strategy}]
            assessors: [{{name: A One, level: 4}}, {{name: B Two, level: 2}}]
          - {{indicator: G8, assessor: Jana Nováková}}
        """
    run = sqlite_user.assess(written)
    assert run.code == 1, run
    assert (
        "j.yaml:2:5: level: give the level the assessors agreed on (they gave 4 and 2)" in run.err
    )
    assert "j.yaml:6:5: level: give the level chosen, one of 0, 1, 2, 3, 4 (the levels of G8)" in (
        run.err
    )
    assert "Field required" not in run.err

    with pytest.raises(UserDataError) as refused:
        load_judgements(sqlite_user.folder / "j.yaml", require_catalogue(None))
    czech = [Lang("cs").msg(f.message) for f in refused.value.findings]
    assert czech == [
        "level: zadejte úroveň, na které se posuzovatelé shodli (uvedli 4 a 2)",
        "level: zadejte zvolenou úroveň, jednu z 0, 1, 2, 3, 4 (úrovně G8)",
    ]
