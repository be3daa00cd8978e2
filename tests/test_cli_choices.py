"""The command line forgives where it can and refuses where it must, as a user types it:
root options anywhere on the line, "did you mean" for a kind, a status or a cluster
typed wrong, `--cluster` left out when the store holds one cluster, and no output file
overwritten without `--force`. Each story runs `clex` in process on a real store
(SQLite, and PostgreSQL where the store decides the answer)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from clex.root_options import RootGroup
from evidence.store import Store
from tests.conftest import Run
from tests.test_assess_cli import EVIDENCE

Clex = Callable[..., Run]


@pytest.fixture
def nano(clex: Clex, tmp_path: Path, db_url: str) -> Clex:
    """`clex` on a store (SQLite or PostgreSQL) holding the cluster nano and 5 records."""

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        return clex(*args, env={"CLEX_DB": db_url, **(env or {})})

    assert run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert run("import", "ev.yaml", "--cluster", "nano").code == 0
    return run


def ids(run: Run) -> list[str]:
    assert run.code == 0, run
    return [r["id"] for r in json.loads(run.out)]


# -- root options anywhere -------------------------------------------------------------


def test_db_and_verbose_anywhere_on_the_line(clex: Clex, tmp_path: Path) -> None:
    assert clex("init", "--cluster", "solo", "--name", "Solo", "--db", "x.db").code == 0
    assert (tmp_path / "x.db").is_file() and not (tmp_path / "clex.db").exists()
    after = clex("evidence", "list", "--cluster", "solo", "--db", "x.db")
    equals = clex("evidence", "list", "--db=x.db", "--cluster", "solo")
    before = clex("--db", "x.db", "evidence", "list", "--cluster", "solo")
    assert after.code == equals.code == before.code == 0, (after, equals, before)
    assert after.out == equals.out == before.out
    assert "0 evidence records of solo" in after.out
    verbose = clex("evidence", "list", "--db", "x.db", "--cluster", "solo", "-v")
    assert verbose.code == 0 and "INFO " in verbose.err and "INFO" not in after.err, verbose
    # the later of two wins, as a repeated option does: x.db has solo, clex.db is none
    later = clex("--db", "clex.db", "evidence", "list", "--cluster", "solo", "--db", "x.db")
    assert later.code == 0, later
    earlier = clex("--db", "x.db", "evidence", "list", "--cluster", "solo", "--db", "clex.db")
    assert earlier.code == 1 and "no store clex.db" in earlier.err, earlier
    assert not (tmp_path / "clex.db").exists()


def test_an_option_value_that_looks_like_a_root_option_stays_a_value(nano: Clex) -> None:
    alpha = ids(nano("evidence", "list", "--json"))[0]
    run = nano("evidence", "review", alpha, "--status", "needs_info", "--reviewer", "Eva",
               "--note", "-v")  # fmt: skip
    assert run.code == 0 and run.err.count("INFO") == 0, run
    assert '"note": "-v"' in nano("evidence", "history", alpha, "--json").out


def test_any_root_option_is_taken_from_anywhere() -> None:
    """`RootGroup` reads the root options from the root command, so one added there
    (`--user`, part S) is accepted after the subcommand without a change to it."""
    seen: dict[str, object] = {}
    app = typer.Typer(cls=RootGroup)

    @app.callback()
    def root(
        db: str = typer.Option("clex.db", "--db", help="d"),
        user: str = typer.Option(None, "--user", help="u"),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="v"),
    ) -> None:
        seen.update(db=db, user=user, verbose=verbose)

    group = typer.Typer()
    app.add_typer(group, name="evidence")

    @group.command("review")
    def review(
        ids: list[str] = typer.Argument(..., help="i"),
        note: str = typer.Option(None, "--note", help="n"),
    ) -> None:
        seen.update(ids=ids, note=note)

    @group.command("other")
    def other() -> None:
        seen.update(other=True)

    def run(*args: str) -> dict[str, object]:
        seen.clear()
        with pytest.raises(SystemExit) as done:
            app(list(args), prog_name="clex")
        assert done.value.code == 0
        return dict(seen)

    got = run("evidence", "review", "A", "--user", "Jana", "--note", "-v", "B", "--db=x.db")
    assert got == {"db": "x.db", "user": "Jana", "verbose": False, "ids": ["A", "B"], "note": "-v"}
    got = run("--db", "a.db", "evidence", "-v", "review", "A", "--db", "b.db")
    assert got["db"] == "b.db" and got["verbose"] is True  # the later wins
    assert run("evidence", "review", "--", "--user")["ids"] == ["--user"]  # after --: a value


# -- did you mean ----------------------------------------------------------------------


def test_a_kind_typo_is_refused_with_the_kind_meant(nano: Clex) -> None:
    run = nano("evidence", "list", "--cluster", "nano", "--kind", "members")
    assert run.code == 2, run
    assert "no kind 'members'; did you mean 'member'?" in run.err
    assert "0 evidence records" not in run.out
    run = nano("import", "ev.yaml", "--cluster", "nano", "--kind", "evnt")
    assert run.code == 2 and "did you mean 'event'?" in run.err, run
    far = nano("evidence", "list", "--cluster", "nano", "--kind", "zzz")
    assert far.code == 2 and "use one of member, event" in far.err, far
    same = nano("evidence", "list", "--cluster", "nano", "--kind", "Member", "--json")
    assert len(ids(same)) == 3  # a different case is the kind meant


def test_a_status_typo_is_refused_with_the_status_meant(nano: Clex) -> None:
    alpha = ids(nano("evidence", "list", "--json"))[0]
    run = nano("evidence", "list", "--cluster", "nano", "--status", "verifed")
    assert run.code == 2 and "no status 'verifed'; did you mean 'verified'?" in run.err, run
    run = nano("evidence", "review", alpha, "--status", "need_info", "--reviewer", "Eva")
    assert run.code == 2 and "did you mean 'needs_info'?" in run.err, run
    shown = json.loads(nano("evidence", "show", alpha, "--json").out)
    assert shown["status"] == "submitted"  # nothing reviewed


def test_a_cluster_typo_suggests_the_cluster_not_a_new_one(nano: Clex) -> None:
    run = nano("evidence", "list", "--cluster", "nanno")
    assert run.code == 2, run
    assert "no cluster 'nanno' in the store; did you mean 'nano'?" in run.err
    assert "clex init" not in run.err
    run = nano("assess", "--cluster", "nan", "--period", "2024", "-o", "s.json")
    assert run.code == 2 and "did you mean 'nano'?" in run.err, run
    far = nano("evidence", "list", "--cluster", "textiles")  # near nothing: may be a new one
    assert far.code == 1 and "clusters here: nano" in far.err, far
    assert "clex init --cluster textiles" in far.err


def test_a_role_typo_is_refused_before_a_password_is_asked(nano: Clex) -> None:
    run = nano("user", "add", "bob", "--role", "managr", "--cluster", "nano")
    assert run.code == 2 and "--role: no role 'managr'; did you mean 'manager'?" in run.err, run
    assert "password" not in run.err  # refused before the password was asked for
    users = nano("user", "list", "--json")
    assert "bob" not in users.out


def test_a_language_typo_is_refused(clex: Clex) -> None:
    run = clex("template", "t.xlsx", "--lang", "cz")
    assert run.code == 2 and "no language 'cz'; did you mean 'cs'?" in run.err, run


# -- the cluster left out --------------------------------------------------------------


def test_the_only_cluster_is_used_and_named(nano: Clex, tmp_path: Path) -> None:
    run = nano("evidence", "list", "--json")
    assert len(ids(run)) == 5
    assert "cluster: nano (the only one in the store)" in run.err
    run = nano("assess", "--period", "2024", "--as-of", "2025-01-15", "-o", "s.json")
    assert run.code == 0 and "cluster: nano" in run.err, run
    assert json.loads((tmp_path / "s.json").read_text())["cluster"]["slug"] == "nano"
    assert nano("label", "list").code == 0


def test_with_two_clusters_or_none_the_cluster_must_be_named(
    nano: Clex, clex: Clex, tmp_path: Path
) -> None:
    assert nano("init", "--cluster", "textile", "--name", "Textile").code == 0
    run = nano("evidence", "list")
    assert (
        run.code == 2
        and "say which cluster with --cluster: the store holds nano, textile" in run.err
    )
    assert len(ids(nano("evidence", "list", "--cluster", "nano", "--json"))) == 5
    Store(str(tmp_path / "empty.db")).engine.dispose()  # a store, but no cluster in it
    empty = clex("evidence", "list", env={"CLEX_DB": "empty.db"})
    assert empty.code == 2 and "the store holds no cluster yet" in empty.err, empty
    assert "clex init --cluster SLUG --name NAME" in empty.err


# -- no silent overwrite ---------------------------------------------------------------


def test_no_output_file_is_overwritten_without_force(nano: Clex, tmp_path: Path) -> None:
    assessed = ("assess", "--cluster", "nano", "--period", "2024", "--as-of", "2025-01-15")
    writers = {
        "t.xlsx": ("template", "t.xlsx"),
        "e.xlsx": ("evidence", "export", "e.xlsx", "--cluster", "nano"),
        "s.json": (*assessed, "-o", "s.json"),
        "r.xlsx": ("report", "s.json", "-o", "r.xlsx"),
    }
    for name, args in writers.items():
        first = nano(*args)
        assert first.code == 0, first
        (tmp_path / name).write_bytes(b"mine")
        again = nano(*args)
        assert again.code == 2, again
        assert f"{name} exists; give another name, or --force to overwrite it" in again.err
        assert (tmp_path / name).read_bytes() == b"mine"  # nothing written
        forced = nano(*args, "--force")  # s.json: the report below needs it back
        assert forced.code == 0, forced
        assert (tmp_path / name).read_bytes() != b"mine"


def test_a_device_pipe_or_link_is_never_replaced_even_with_force(
    clex: Clex, tmp_path: Path
) -> None:
    """The writer puts a new file in the name's place: `-o /dev/null --force` as root
    replaced the system's device with a plain file, and a link became a copy while the
    file it named stayed as it was. Each is refused, even with --force, and left as it is."""
    import os
    import stat

    os.mkfifo(tmp_path / "pipe.xlsx")
    (tmp_path / "real.xlsx").write_bytes(b"mine")
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "real.xlsx")
    for name, says in (
        ("pipe.xlsx", "is a device, pipe or socket, not a file"),
        ("link.xlsx", "is a symbolic link (to "),
    ):
        run = clex("template", name, "--force")
        assert run.code == 2 and says in run.err, run
    assert stat.S_ISFIFO((tmp_path / "pipe.xlsx").lstat().st_mode)
    assert (tmp_path / "link.xlsx").is_symlink()
    assert (tmp_path / "real.xlsx").read_bytes() == b"mine"


def test_a_folder_is_never_overwritten(clex: Clex, tmp_path: Path) -> None:
    (tmp_path / "t.xlsx").mkdir()
    run = clex("template", "t.xlsx", "--force")
    assert run.code == 2 and "t.xlsx is a folder" in run.err, run


def test_the_store_names_its_clusters_sorted(db_url: str) -> None:
    from evidence.models import ClusterProfile
    from evidence.store import Store

    store = Store(db_url)
    try:
        assert store.cluster_slugs() == []
        for slug in ("textile", "nano"):
            store.add_cluster(ClusterProfile(slug=slug, name=slug.title()))
        assert store.cluster_slugs() == ["nano", "textile"]
    finally:
        store.engine.dispose()
