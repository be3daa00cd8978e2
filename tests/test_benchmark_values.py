"""The benchmark's hand-written SQL computes the values clex computes, on generated data.

Why: the assess benchmarks time clex against `benchmarks/baresql.py`, SQL written by
hand from the catalogue format rather than taken from `assessment/metrics.py`; a ratio
means something only while both compute the same values. `python -m benchmarks` checks
that on every run, but nobody runs it for a change of the format. These tests do the
same check on a small generated store (three clusters, ten years of 100 records, the benchmark's
generator), for the built-in catalogue and for a catalogue that uses every feature of
the format (`any_of`, `missing`, field-relative values, `$as_of`, `$founded`, `since`,
`pro_rata`, `time_weighted`, `expires` and one-day records in the scopes), in both
counting modes (the values and the audit-mode points). SQLite only: the baseline is
bare `sqlite3`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from benchmarks.cases import AssessPair
from benchmarks.generate import Spec, build_store

SPEC = Spec(clusters=3, years=10, per_year=100)

# name: metric (flow YAML). Each reads records the generator writes in every cluster.
FEATURES = {
    "fte_average": "{aggregate: sum, kind: staff, field: fte, time_weighted: true}",
    "income_pro_rata": "{aggregate: sum, kind: finance, field: amount_eur, pro_rata: true}",
    "own_income_share": (
        "{aggregate: share, kind: finance, field: amount_eur, pro_rata: true, numerator: "
        "{any_of: [{secured_until: {gte: $period_end+1y}}, {source_type: private}]}}"
    ),
    "analyst_fte_share": (
        "{aggregate: share, kind: staff, field: fte, time_weighted: true, "
        "numerator: {role: [analyst, assistant]}}"
    ),
    "committed_or_paying": (
        "{aggregate: count, kind: member, scope: active_at_end, "
        "where: {any_of: [{committed: true}, {fee_paying: true, org_id: {missing: false}}]}}"
    ),
    "member_growth": (
        "{aggregate: growth, kind: member, where: {any_of: [{committed: true}, "
        "{fee_paying: true}]}}"
    ),
    "events_no_audience": (
        "{aggregate: count, kind: event, where: {audience: {missing: true}, "
        "participants: {gte: {field: members_involved, times: 1.5}}}}"
    ),
    "surveys_with_response": (
        "{aggregate: count, kind: survey, scope: {last_years: 3}, where: {any_of: "
        "[{respondents: {gte: 10}}, {respondents: {gte: {field: invited, times: 0.3}}}]}}"
    ),
    "documents_before_as_of": (
        "{aggregate: count, kind: document, scope: all, "
        "where: {start: {lte: $as_of-1y}, approved_on: {gte: $founded}}}"
    ),
    "age_since_founded": (
        "{aggregate: age_years, kind: document, scope: all, where: {doc_type: statutes}, "
        "since: $founded}"
    ),
    "website_in_english": (
        "{aggregate: exists, kind: presence, scope: active_at_end, "
        "where: {platform: website, languages: {contains: en}}}"
    ),
    "news_active_at_end": (
        "{aggregate: count, kind: communication, scope: active_at_end, where: {channel: website}}"
    ),
    "training_hours": "{aggregate: sum, kind: training, field: hours, per_year: true}",
}


def features_catalogue(path: Path) -> Path:
    """`FEATURES` as a catalogue file at `path` (also assessed on both stores by
    `tests/test_stores_agree.py`)."""
    indicators = "".join(
        textwrap.dedent(f"""\
          - id: {name}
            area: all
            title: {name}
            question: Q?
            evidence: E
            metric: {metric}
            points: [{{at_least: 1, points: 1}}]
            basis: b
            verified: false
        """)
        for name, metric in FEATURES.items()
    )
    text = "id: features\nversion: '1'\ntitle: Features\nareas:\n  - {id: all, title: All}\n"
    path.write_text(text + "indicators:\n" + textwrap.indent(indicators, "  "), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated store, once for the module (one process: no pool in a test)."""
    folder = tmp_path_factory.mktemp("bench-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLEX_BENCH_DATA", str(folder))
        build_store(SPEC, workers=1)
    return folder


def _compare(data: Path, monkeypatch: pytest.MonkeyPatch, catalogue: Path | None) -> AssessPair:
    monkeypatch.setenv("CLEX_BENCH_DATA", str(data))
    pair = AssessPair(SPEC, catalogue)
    try:
        pair.clex()
        pair.bare()
        assert pair.mismatches() == []
    finally:
        pair.close()
    return pair


def test_bare_sql_equals_clex_for_the_builtin_catalogue(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = _compare(data, monkeypatch, None)
    compared = [v for own, _ in pair.values.values() for v in own.values()]
    assert len(compared) == 3 * len([i for i in pair.cat.indicators if i.metric])
    assert sum(1 for v in compared if v) > len(compared) // 2  # not a comparison of zeros


def test_bare_sql_equals_clex_for_every_format_feature(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pair = _compare(data, monkeypatch, features_catalogue(tmp_path / "features.yaml"))
    values = {name: [pair.values[s][0][name] for s in pair.slugs] for name in FEATURES}
    # the generated data exercises each feature: some cluster has a value other than 0
    trivial = [name for name, got in values.items() if not any(got)]
    assert trivial == ["news_active_at_end"], values  # news items are one-day records
    # an average FTE over the year is at most the FTE ever employed
    assert all(0 < v < 10 for v in values["fte_average"])
