"""Values at the edge of what a store holds (issue 21, item 6), on SQLite and on
PostgreSQL: refused where they enter, located (exit 1, or 2 for an option's value),
never a traceback from the database and never silently changed (`amount_eur: inf` was
stored, exported as an empty cell and read back as 0.0)."""

from __future__ import annotations

import json

import pytest

from .conftest import Watch, Workspace, expect

FINANCE = "- {kind: finance, title: Fees, start: 2024-01-01, year: 2024, "
EVENT = "- {kind: event, title: Fair, start: 2024-03-01, role: organiser, format: fair, "
ROWS = {
    "amount-inf-yaml": (
        FINANCE + "source_type: membership_fees, amount_eur: .inf}\n",
        "amount_eur",
    ),
    "amount-nan-yaml": (
        FINANCE + "source_type: membership_fees, amount_eur: .nan}\n",
        "amount_eur",
    ),
    "amount-1e400-yaml": (
        FINANCE + "source_type: membership_fees, amount_eur: 1e400}\n",
        "amount_eur",
    ),
    "participants-2^63": (EVENT + f"participants: {2**63}}}\n", "participants"),
    "participants-2^31": (EVENT + f"participants: {2**31}}}\n", "participants"),
    "participants--2^31-1": (EVENT + f"participants: {-(2**31) - 1}}}\n", "participants"),
    "id-121-chars": (EVENT + f"id: eve-{'1' * 117}}}\n", "id"),
    "year-9999999": (
        "- {kind: finance, title: Fees, start: 2024-01-01, year: 9999999, "
        "source_type: membership_fees, amount_eur: 5}\n",
        "year",
    ),
}


@pytest.mark.parametrize("row", list(ROWS))
def test_a_value_no_store_holds_is_refused(ws: Workspace, store_url: str, row: str) -> None:
    text, field = ROWS[row]
    (ws.path / "in.yaml").write_text(text, encoding="utf-8")
    watch = Watch(store_url, [ws.path])
    run = ws.run("import", "in.yaml", "--cluster", "nano", db=store_url)
    expect(run, 1, "in.yaml", field)
    watch.unchanged()


def test_inf_in_a_csv_cell(ws: Workspace, store_url: str) -> None:
    (ws.path / "in.csv").write_text(
        "kind,title,start,year,source_type,amount_eur\nfinance,Fees,2024-01-01,2024,"
        "membership_fees,inf\n",
        encoding="utf-8",
    )
    watch = Watch(store_url, [ws.path])
    expect(ws.run("import", "in.csv", "--cluster", "nano", db=store_url), 1, "in.csv", "amount_eur")
    watch.unchanged()


LONG = "x" * 201
OPTIONS = {
    "init-sector": [
        "init",
        "--cluster",
        "nano2",
        "--name",
        "N",
        "--country",
        "CZ",
        "--sector",
        LONG,
    ],
    "init-name": ["init", "--cluster", "nano2", "--name", "n" * 301, "--country", "CZ"],
    "init-slug": ["init", "--cluster", "s" * 64, "--name", "N", "--country", "CZ"],
    "user": ["--user", LONG, "import", "in.yaml", "--cluster", "nano"],
    "reviewer": [
        "evidence",
        "review",
        "{id}",
        "--cluster",
        "nano",
        "--status",
        "verified",
        "--reviewer",
        LONG,
    ],
}


@pytest.mark.parametrize("option", list(OPTIONS))
def test_an_option_value_no_store_holds(ws: Workspace, store_url: str, option: str) -> None:
    (ws.path / "in.yaml").write_text("- {kind: member, title: A, start: 2020-01-01}\n")
    watch = Watch(store_url, [ws.path])
    ids = json.loads(ws.run("evidence", "list", "--json", db=store_url).out or "[]")
    record = ids[0]["id"] if ids else "none"
    run = ws.run(*[a.replace("{id}", record) for a in OPTIONS[option]], db=store_url)
    expect(run, (1, 2), ("200", "300", "62", "63", "too long", "at most"))
    watch.unchanged()
