"""What `clex` says when a line is wrong, as a user types it: each error once, "did you
mean" for an id or a field typed wrong, a store file that does not exist refused by a
command that only reads, the wording of a missing file and a folder, plurals. Each story
runs `clex` in process on a real store (SQLite, and PostgreSQL where the store answers)."""

from __future__ import annotations

import json

from tests.test_cli_choices import Clex, nano  # noqa: F401  (the fixture)


def _id(run: Clex, title: str) -> str:
    listed = run("evidence", "list", "--json")
    assert listed.code == 0, listed
    return next(r["id"] for r in json.loads(listed.out) if r["title"] == title)


def test_each_error_is_printed_once(nano: Clex) -> None:  # noqa: F811
    for args in [
        ("import", "undo", "99"),
        ("evidence", "show", "nope"),
        ("evidence", "history", "BADID"),
        ("evidence", "list", "--cluster", "zzzz"),
    ]:
        run = nano(*args)
        assert run.code == 1, run
        lines = [line for line in run.err.splitlines() if not line.startswith("cluster: ")]
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, run.err)


def test_import_list_cluster_typo_suggests_the_cluster(nano: Clex) -> None:  # noqa: F811
    run = nano("import", "list", "--cluster", "nanoo")
    assert run.code == 2, run
    assert "no cluster 'nanoo' in the store; did you mean 'nano'?" in run.err
    assert "clex init" not in run.err
    listed = nano("import", "list", "--cluster", "nano")
    assert listed.code == 0 and "batches of nano" in listed.out.splitlines()[0], listed
