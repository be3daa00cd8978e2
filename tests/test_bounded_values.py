"""Numbers, strings and dates bounded at the edge, the same on SQLite and PostgreSQL.

Issue 21: an integer of 2^63 or more was a traceback on SQLite (2^31 on PostgreSQL),
`amount_eur: .inf` was stored, exported as an empty cell and read back as 0.0, text over
200 characters in a `String(200)` column was a traceback on PostgreSQL, and a catalogue
of thousands of indicators passed `clex criteria validate` and then crashed `clex
assess` (SQLite's 2,000 result columns). Each case runs the CLI and asserts the located
message with its limit, the exit code, no traceback and nothing stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run


@pytest.fixture
def store(clex: Callable[..., Run], db_url: str) -> str:
    assert clex("--db", db_url, "init", "--cluster", "nano", "--name", "Nano").code == 0
    return db_url


@pytest.mark.parametrize(
    ("kind", "cell", "message"),
    [
        ("communication", "reach: 9223372036854775808", "reach: 9223372036854775808 is too large"),
        (
            "communication",
            "reach: 2147483648",
            "reach: 2147483648 is too large: at most 2,147,483,647",
        ),
        ("event", "participants: 1e300", "participants: 1.0e+300 is too large"),
        ("finance", "amount_eur: .inf", "amount_eur: inf is not a finite number"),
        ("finance", "amount_eur: .nan", "amount_eur: nan is not a finite number"),
        ("training", "hours: .nan", "hours: nan is not a finite number"),
        ("event", "end: 9999-12-31", "end: 9999-12-31 is outside the dates clex takes"),
        ("event", "start: 0001-01-01", "start: 0001-01-01 is outside"),
    ],
)
def test_a_value_the_store_cannot_hold_is_a_located_finding(
    clex: Callable[..., Run], tmp_path: Path, store: str, kind: str, cell: str, message: str
) -> None:
    start = "" if cell.startswith("start") else "  start: 2024-01-01\n"
    (tmp_path / "rows.yaml").write_text(f"- kind: {kind}\n  title: T\n{start}  {cell}\n")
    run = clex("--db", store, "import", "rows.yaml")
    assert run.code == 1, run
    assert f"rows.yaml:1:{message}" in run.err, run
    assert "Traceback" not in run.err
    listed = clex("--db", store, "evidence", "list")
    assert "0 evidence records" in listed.out, listed


def test_every_problem_of_a_row_is_listed_with_a_bound_among_them(
    clex: Callable[..., Run], tmp_path: Path, store: str
) -> None:
    """A value beyond the store's bounds is listed with the row's other problems, not
    only once they are fixed (a text pasted from a word processor carries a vertical
    tab, U+000B, a manual line break)."""
    (tmp_path / "rows.yaml").write_text(
        '- {kind: event, title: "Fair\\vday", start: 2024-01-01, participants: 3000000000}\n'
        "- {kind: finance, title: '', start: 1850-01-01, amount_eur: .inf}\n"
    )
    run = clex("--db", store, "import", "rows.yaml")
    assert run.code == 1, run
    for where, message in [
        ("rows.yaml:1:title", "contains the control character U+000B"),
        ("rows.yaml:1:participants", "3000000000 is too large"),
        ("rows.yaml:2:title", ""),
        ("rows.yaml:2:start", "1850-01-01 is outside the dates clex takes"),
        ("rows.yaml:2:amount_eur", "inf is not a finite number"),
    ]:
        assert f"{where}: {message}" in run.err, (where, run.err)
    assert "Traceback" not in run.err


def test_the_largest_store_safe_values_are_taken(
    clex: Callable[..., Run], tmp_path: Path, store: str
) -> None:
    (tmp_path / "rows.yaml").write_text(
        "- {kind: communication, title: Big, start: 1900-01-01, reach: 2147483647}\n"
        "- {kind: finance, title: Rich, start: 2100-12-31, amount_eur: 1.0e+308}\n"
    )
    run = clex("--db", store, "import", "rows.yaml")
    assert run.code == 0, run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "u" * 201, "import", "rows.yaml"], "--user: 201 characters is too long"),
        (["import", "rows.yaml", "--reviewer", "r" * 300], "--reviewer: 300 characters"),
        (["init", "--cluster", "nano", "--sector", "s" * 201], "--sector: 201 characters"),
        (["init", "--cluster", "nano", "--legal-form", "l" * 201], "(at most 200)"),
        (["init", "--cluster", "nano", "--website", "w" * 2001], "(at most 2,000)"),
    ],
)
def test_text_longer_than_the_store_holds_is_a_usage_error(
    clex: Callable[..., Run], tmp_path: Path, store: str, args: list[str], message: str
) -> None:
    (tmp_path / "rows.yaml").write_text("- {kind: event, title: T, start: 2024-01-01}\n")
    run = clex("--db", store, *args)
    assert run.code == 2, run
    assert message in run.err, run
    assert "0 evidence records" in clex("--db", store, "evidence", "list").out


def test_a_name_of_200_characters_is_taken(
    clex: Callable[..., Run], tmp_path: Path, store: str
) -> None:
    (tmp_path / "rows.yaml").write_text("- {kind: event, title: T, start: 2024-01-01}\n")
    assert clex("--db", store, "--user", "u" * 200, "import", "rows.yaml").code == 0
    assert clex("--db", store, "init", "--cluster", "nano", "--sector", "s" * 200).code == 0


def _big_catalogue(path: Path, wanted: int) -> Path:
    """The built-in catalogue's indicators repeated (new ids) up to `wanted`."""
    from importlib import resources

    source = resources.files("criteria") / "catalogues" / "ecei-gold.yaml"
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    base = doc["indicators"]
    indicators = []
    for k in range(wanted // len(base) + 1):
        for ind in base:
            copy = {key: v for key, v in ind.items() if key != "translations"}
            copy["id"] = ind["id"] if k == 0 else f"{ind['id']}x{k}"
            indicators.append(copy)
    doc.update(id="big", indicators=indicators[:wanted])
    doc.pop("translations", None)

    class Plain(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    path.write_text(yaml.dump(doc, Dumper=Plain, allow_unicode=True))
    return path


@pytest.mark.slow
def test_validate_refuses_the_catalogue_assess_cannot_run_and_assess_runs_the_largest(
    clex: Callable[..., Run], tmp_path: Path
) -> None:
    """Validate took 4,734 indicators and assess crashed ("too many columns in result
    set"), then, split into queries, ran for more than 15 minutes: the catalogue is now
    bounded (`MAX_INDICATORS`), and one at the bound is assessed."""
    from criteria.checks import MAX_INDICATORS

    _big_catalogue(tmp_path / "over.yaml", MAX_INDICATORS + 1)
    run = clex("criteria", "validate", "over.yaml")
    assert run.code == 1 and f"more than the {MAX_INDICATORS:,}" in run.err, run
    assert clex("init", "--cluster", "nano", "--name", "Nano").code == 0
    run = clex("assess", "--period", "2024", "--catalogue", "over.yaml", "-o", "o.json")
    assert run.code == 1 and "indicators" in run.err and not (tmp_path / "o.json").exists()

    _big_catalogue(tmp_path / "big.yaml", MAX_INDICATORS)
    assert clex("criteria", "validate", "big.yaml").code == 0
    run = clex("assess", "--period", "2024", "--catalogue", "big.yaml", "-o", "s.json", timeout=600)
    assert run.code == 0, run
    assert (tmp_path / "s.json").is_file()
