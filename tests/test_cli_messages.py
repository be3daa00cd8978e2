"""What `clex` says when a line is wrong, as a user types it: each error once, "did you
mean" for an id or a field typed wrong, a store file that does not exist refused by a
command that only reads, the wording of a missing file and a folder, plurals. Each story
runs `clex` in process on a real store (SQLite, and PostgreSQL where the store answers)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
        lines = [line.removeprefix("error: ") for line in run.err.splitlines()]
        assert len(lines) == len(set(lines)), (args, run.err)
        assert run.err.count("error: ") == 1, (args, run.err)


def test_import_list_cluster_typo_suggests_the_cluster(nano: Clex) -> None:  # noqa: F811
    run = nano("import", "list", "--cluster", "nanoo")
    assert run.code == 2, run
    assert "no cluster 'nanoo' in the store; did you mean 'nano'?" in run.err
    assert "clex init" not in run.err
    listed = nano("import", "list", "--cluster", "nano")
    assert listed.code == 0 and listed.out.splitlines()[0] == "1 batch of nano", listed


def test_an_id_typo_gets_the_stored_id_meant(nano: Clex) -> None:  # noqa: F811
    alpha = _id(nano, "Alpha")
    typo = alpha[:-1] + ("0" if alpha[-1] != "0" else "1")
    for args in [
        ("evidence", "show", typo),
        ("evidence", "history", typo),
        ("evidence", "edit", typo, "title=Alpha two"),
        ("evidence", "withdraw", typo, "zzz-nothing-near", "--reason", "duplicate"),
        ("evidence", "restore", typo),
    ]:
        run = nano(*args)
        assert run.code == 1, (args, run)
        assert f"no evidence record '{typo}' in cluster 'nano'; did you mean '{alpha}'?" in run.err
    run = nano("evidence", "withdraw", typo, "zzz-nothing-near", "--reason", "duplicate")
    assert "'zzz-nothing-near' in cluster 'nano'; `clex evidence list` shows the ids" in run.err
    assert "2 record ids not in the store" in run.err
    assert nano("evidence", "show", alpha).code == 0  # nothing was withdrawn


def test_a_field_typo_in_edit_gets_the_field_meant(nano: Clex) -> None:  # noqa: F811
    staff = _id(nano, "Manager")
    run = nano("evidence", "edit", staff, "ftee=0,5", "titel=Director")
    assert run.code == 1, run
    assert "staff records have no field 'ftee'; did you mean 'fte'?" in run.err
    assert "staff records have no field 'titel'; did you mean 'title'?" in run.err
    assert json.loads(nano("evidence", "show", staff, "--json").out)["fte"] == 1.0


def test_edit_without_an_equals_sign_is_a_usage_error(nano: Clex) -> None:  # noqa: F811
    staff = _id(nano, "Manager")
    run = nano("evidence", "edit", staff, "fte")
    assert run.code == 2, run
    assert "'fte' has no '='" in run.err
    assert "Traceback" not in run.err


def test_a_command_that_reads_refuses_a_store_that_does_not_exist(
    clex: Clex, tmp_path: Path
) -> None:
    for args in [
        ("evidence", "list", "--db", "nosuch.db"),
        ("--db", f"sqlite:///{tmp_path / 'nosuch.db'}", "evidence", "list"),
        ("import", "list", "--db", "nosuch.db"),
    ]:
        run = clex(*args)
        assert run.code == 1, (args, run)
        assert "no store" in run.err and "nosuch.db" in run.err and "clex init" in run.err
        assert "Traceback" not in run.err
    assert not (tmp_path / "nosuch.db").exists()  # nothing created
    made = clex("init", "--cluster", "nano", "--name", "Nano", "--db", "new.db")
    assert made.code == 0 and (tmp_path / "new.db").is_file(), made  # init creates it


def test_a_bad_slug_or_country_is_said_in_words_not_a_pattern(clex: Clex) -> None:
    run = clex("init", "--cluster", "Bad Slug!", "--name", "B", "--country", "Chechia")
    assert run.code == 2, run
    said = " ".join(run.err.split())
    assert "--cluster: 'Bad Slug!' is not a cluster slug: lowercase letters" in said, said
    assert "--country: 'Chechia' is not a country: write its ISO 3166-1 code" in said, said
    assert "did you mean CZ (Czechia)?" in said, said
    assert "pattern" not in said and "^[" not in said, said


def test_a_founding_year_to_come_is_refused(clex: Clex) -> None:
    run = clex("init", "--cluster", "r", "--name", "R", "--founded", "2999")
    assert run.code == 2 and "--founded 2999: a year from 1800 to this one" in run.err, run
    assert clex("init", "--cluster", "r", "--name", "R", "--founded", "2012").code == 0


def test_a_date_range_turned_round_is_a_usage_error(nano: Clex) -> None:  # noqa: F811
    run = nano("evidence", "list", "--from", "2025-01-01", "--to", "2024-01-01")
    assert run.code == 2 and "--from 2025-01-01 is after --to 2024-01-01" in run.err, run


def test_a_dash_is_no_output_file(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    run = nano("assess", "--cluster", "nano", "--period", "2024", "-o", "-")
    assert run.code == 2 and "'-' is not written to the terminal here" in run.err, run
    assert not (tmp_path / "-").exists()


def test_db_without_a_value_is_a_usage_error_naming_db(clex: Clex) -> None:
    run = clex("evidence", "list", "--db")
    assert run.code == 2, run
    assert "'--db' requires an argument" in run.err
    assert "Traceback" not in run.err


def test_date_options_take_the_notations_an_import_takes(nano: Clex) -> None:  # noqa: F811
    iso = nano("evidence", "list", "--from", "2019-01-01", "--to", "2019-12-31", "--json")
    czech = nano("evidence", "list", "--from", "1.1.2019", "--to", "31. 12. 2019", "--json")
    assert iso.code == czech.code == 0, (iso, czech)
    assert sorted(r["title"] for r in json.loads(czech.out)) == ["Alpha", "Manager"]
    assert iso.out == czech.out
    bad = nano("evidence", "list", "--from", "31.2.2019")
    assert bad.code == 2 and "--from: '31.2.2019' is not a real date" in bad.err, bad


def test_a_folder_and_a_missing_file_are_named_as_such(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "docs").mkdir()
    run = nano("import", "docs", "nope.xlsx")
    assert run.code == 1, run
    assert "docs: is a folder, not a file" in run.err and "nope.xlsx: no such file" in run.err
    assert "2 files cannot be read; nothing was imported" in run.err
    for snapshot, said in [
        ("nosuch.json", "nosuch.json: no such file"),
        ("docs", "docs: is a folder"),
    ]:
        verify = nano("verify", snapshot)
        assert verify.code == 1 and said in verify.err, verify
        assert "not a file" not in verify.err or snapshot == "docs", verify


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="reads as another user: needs root and setpriv (root reads any file)",
)
def test_unreadable_files_are_all_named_with_what_to_do() -> None:
    """A file without read permission was Click's usage box (exit 2) naming the first
    only; now every file that cannot be read is listed, each with what to do, exit 1."""
    import tempfile

    from tests.conftest import CLEX_ENV

    with tempfile.TemporaryDirectory(dir="/tmp") as name:  # pytest's folders are root's only
        folder = Path(name)
        folder.chmod(0o777)
        for file in ("a.yaml", "b.yaml"):
            (folder / file).write_text("- {kind: member, title: A, start: 2020-01-01}\n")
            (folder / file).chmod(0)
        env = {**os.environ, **CLEX_ENV, "CLEX_DB": str(folder / "s.db"), "HOME": name}
        clex = [sys.executable, "-m", "clex"]
        made = subprocess.run([*clex, "init", "--cluster", "nano", "--name", "N"], env=env)
        assert made.returncode == 0
        for path in folder.iterdir():
            if path.suffix != ".yaml":
                path.chmod(0o666)
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        done = subprocess.run(
            [*as_nobody, *clex, "import", "a.yaml", "b.yaml", "c.yaml", "--cluster", "nano"],
            env=env, cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 1, done
    for file in ("a.yaml", "b.yaml"):
        assert f"{file}: permission denied; check the file's permissions" in done.stderr
    assert "c.yaml: no such file" in done.stderr
    assert "3 files cannot be read; nothing was imported" in done.stderr


def test_one_is_singular(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "one.yaml").write_text(
        "- {kind: member, title: Delta, type: sme, start: 2023-05-01}\n", encoding="utf-8"
    )
    run = nano("import", "one.yaml")
    assert run.code == 0 and "1 record read:" in run.out, run
    listed = nano("evidence", "list", "--from", "1.5.2023", "--to", "1.5.2023")
    assert listed.code == 0 and listed.out.splitlines()[0] == "1 evidence record of nano", listed
    typo = nano("evidence", "show", "zzz")
    assert "1 record id not in the store" in typo.err, typo
    five = nano("evidence", "list", "--kind", "member")
    assert five.out.splitlines()[0] == "4 evidence records of nano", five


def test_an_output_into_a_missing_folder_is_a_usage_error(nano: Clex, tmp_path: Path) -> None:  # noqa: F811
    assessed = ("assess", "--period", "2024", "--as-of", "2025-01-15")
    for args, out in [
        (("template", "no/t.xlsx"), "no/t.xlsx"),
        (("evidence", "export", "no/e.xlsx"), "no/e.xlsx"),
        ((*assessed, "-o", "no/s.json"), "no/s.json"),
    ]:
        run = nano(*args)
        assert run.code == 2, (args, run)
        assert f"{out}: no folder no" in run.err and "Traceback" not in run.err, run
    assert not (tmp_path / "no").exists()


def test_a_librarys_error_log_is_one_line_and_an_interrupt_is_not_logged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SQLAlchemy's pool logs an error, with its exception, when Ctrl-C lands while it
    closes a connection: the user sees "interrupted" once, never that traceback; any
    other library error with an exception is one line, never a traceback."""
    import logging

    from clex.cli import _log_to_stderr
    from evidence.outfile import Interrupted

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    _log_to_stderr(verbose=False)
    pool = logging.getLogger("sqlalchemy.pool.impl.QueuePool")
    try:
        try:
            raise Interrupted(2)
        except Interrupted:
            pool.error("Exception closing connection <x>", exc_info=True)
        try:
            raise ValueError("disk said no")
        except ValueError:
            pool.error("Exception during reset", exc_info=True)
    finally:  # the next test in this process finds the root logger as it was
        root.handlers[:] = handlers
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "closing connection" not in err
    assert err.splitlines() == [
        "ERROR sqlalchemy.pool.impl.QueuePool: Exception during reset",
        "ValueError: disk said no",
    ]


def test_the_page_readers_own_log_lines_show_only_with_verbose(
    nano: Clex,  # noqa: F811
    tmp_path: Path,
) -> None:
    """trafilatura logged "ERROR trafilatura.utils: parsed tree length: 0, wrong data
    type or not valid HTML" and "WARNING trafilatura.core: discarding data: None" above
    the import's own findings on an empty or odd page; they are shown with -v only."""
    (tmp_path / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    (tmp_path / "text.html").write_text("hello", encoding="utf-8")
    for page in ("blank.html", "text.html"):
        run = nano("import", page, "--dry-run")
        assert run.code == 1 and f"{page}: no record in the file(s)" in run.err, run
        assert "trafilatura" not in run.err and "htmldate" not in run.err, run
        assert all(line.startswith((page, "error:", "cluster:")) for line in run.err.splitlines())
        verbose = nano("-v", "import", page, "--dry-run")
        assert "trafilatura." in verbose.err, verbose


def test_a_home_folder_that_does_not_exist_is_a_usage_error(clex: Clex) -> None:
    """`~nosuchuser/x.db` was Python's RuntimeError and a traceback."""
    run = clex("--db", "~nosuchuser19/x.db", "evidence", "list")
    assert run.code == 2 and "no home folder for ~nosuchuser19" in run.err, run
    demo = clex("demo", "--out", "~nosuchuser19/demo")
    assert demo.code == 2 and "--out ~nosuchuser19/demo: no home folder" in demo.err, demo


def test_snapshot_and_assessment_inputs_are_all_named_as_the_import_names_them(
    nano: Clex,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A missing snapshot was "cannot read: not a file" (a folder and /dev/zero too), a
    missing judgements file "cannot read the file: No such file or directory", and only
    the first bad file of `compare A B` or `report --compare` was named. Now every input
    file is checked before any is read, in the import's words, all of them at once."""
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    run = nano("compare", "gone.json", "folder.json", "/dev/zero")
    assert run.code == 1, run
    assert "gone.json: no such file" in run.err
    assert "folder.json: is a folder, not a file" in run.err
    assert "/dev/zero: not a regular file (a pipe, device or socket); give a saved file" in run.err
    assert "3 files cannot be read; nothing was compared" in run.err
    run = nano("report", "gone.json", "-o", "r.pdf", "--compare", "folder.json", "old.json")
    assert run.code == 1, run
    assert "3 files cannot be read; no report was written" in run.err, run
    run = nano(
        "assess", "--period", "2024", "--judgements", "j.yaml", "--previous", "folder.json",
        "--improvements", "i.yaml", "-o", "s.json",
    )  # fmt: skip
    assert run.code == 1, run
    for line in ("j.yaml: no such file", "folder.json: is a folder", "i.yaml: no such file"):
        assert line in run.err, run
    assert "3 files cannot be read; nothing was assessed" in run.err
    assert not (tmp_path / "s.json").exists() and not (tmp_path / "r.pdf").exists()
    run = nano("compare", "binary.json", "binary.json")
    assert run.code == 1, run
    assert "binary.json:byte 0: not a JSON snapshot (not UTF-8 text)" in run.err, run
    assert "give a snapshot `clex assess` wrote" in run.err


def test_a_workspace_that_is_no_folder_is_said_once_for_every_command(
    nano: Clex,  # noqa: F811
    tmp_path: Path,
) -> None:
    """`clex import --workspace typo` listed each attachment as missing "in the workspace
    typo", never that the folder itself is not there; now each command with --workspace
    says it once, as a usage error, before anything is read."""
    (tmp_path / "a.pdf").write_text("minutes")
    (tmp_path / "doc.yaml").write_text(
        "- {kind: document, title: Minutes, doc_type: minutes, start: 2024-03-01,"
        " attachment: a.pdf}\n",
        encoding="utf-8",
    )
    listed = json.loads(nano("evidence", "list", "--json").out)
    some = listed[0]["id"]
    for given, said in (("gone", "no such folder"), ("doc.yaml", "not a folder")):
        for args in (
            ["import", "doc.yaml", "--cluster", "nano", "--workspace", given],
            ["evidence", "edit", some, "notes=x", "--cluster", "nano", "--workspace", given],
        ):
            run = nano(*args)
            assert run.code == 2, run
            assert f"--workspace {given}: {said}" in run.err, run
            assert "does not exist in the workspace" not in run.err


def test_every_folder_option_says_no_folder_in_the_same_words(
    nano: Clex,  # noqa: F811
    tmp_path: Path,
) -> None:
    """`clex serve --peers` and `clex report --templates` each said a missing folder in
    words of their own; they say it as --workspace does, before anything is read."""
    (tmp_path / "doc.yaml").write_text("- {kind: event}\n", encoding="utf-8")
    for given, said in (("gone", "no such folder"), ("doc.yaml", "not a folder")):
        for args in (
            ["serve", "--peers", given],
            ["report", "own.json", "-o", "r.pdf", "--templates", given],
        ):
            run = nano(*args)
            assert run.code == 2, run
            assert f"{args[-2]} {given}: {said}" in run.err, run


def test_text_that_is_not_utf8_is_named_not_a_traceback(
    nano: Clex,  # noqa: F811
) -> None:
    """A terminal in ISO-8859-2 sends "café" after --note or --user as bytes
    Python keeps as lone surrogates; the database driver refused them with a traceback.
    Now the text is named as the bytes it is, with what to do, and nothing is saved."""
    some = json.loads(nano("evidence", "list", "--json").out)[0]["id"]

    def history(rid: str) -> list[str]:
        return [
            e["what"] for e in json.loads(nano("evidence", "history", rid, "--json").out)["history"]
        ]

    before = history(some)
    for args in (
        ["evidence", "review", some, "--status", "needs_info", "--reviewer", "Eva",
         "--note", "caf\udce9"],
        ["--user", "jos\udce9", "evidence", "withdraw", some, "--reason", "duplicate"],
    ):  # fmt: skip
        run = nano(*args)
        assert run.code == 1, run
        assert "is not UTF-8 text" in run.err and "\\xe9" in run.err, run
    assert history(some) == before  # nothing of it was saved


def test_a_password_not_utf8_or_a_closed_stdin_is_a_usage_error(tmp_path: Path) -> None:
    """A password in another encoding (from standard input or CLEX_PASSWORD) and a
    closed standard input (`<&-`) ended in tracebacks when the password was hashed or
    read; they are usage errors saying what to do."""
    from tests.conftest import CLEX_ENV, ROOT

    env = {**os.environ, **CLEX_ENV, "CLEX_DB": str(tmp_path / "s.db"), "PYTHONPATH": str(ROOT)}
    env.pop("CLEX_PASSWORD", None)
    clex = [sys.executable, "-m", "clex"]
    assert (
        subprocess.run([*clex, "init", "--cluster", "nano", "--name", "N"], env=env).returncode == 0
    )
    add = [*clex, "user", "add", "eva", "--role", "admin"]
    runs = [
        subprocess.run(
            [*add, "--password-stdin"], input=b"\xff\xfe-long-enough-1\n", env=env,
            capture_output=True, check=False,
        ),
        subprocess.run(
            add, env={**{k.encode(): v.encode() for k, v in env.items()},
                      b"CLEX_PASSWORD": b"\xff\xfe-long-enough-1"},
            capture_output=True, check=False,
        ),
        subprocess.run(
            ["sh", "-c", 'exec "$@" <&-', "sh", *add, "--password-stdin"], env=env,
            capture_output=True, check=False,
        ),
        subprocess.run(
            ["sh", "-c", 'exec "$@" <&-', "sh", *add], env=env, capture_output=True, check=False,
        ),
    ]  # fmt: skip
    said = [
        "--password-stdin: the password is not UTF-8 text",
        "CLEX_PASSWORD: the password is not UTF-8 text",
        "--password-stdin: standard input is empty",
        "no terminal to ask the password on",
    ]
    for done, words in zip(runs, said, strict=True):
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and words in err and "Traceback" not in err, err


def test_a_store_whose_name_or_url_is_not_utf8_is_no_traceback(tmp_path: Path) -> None:
    """A store file named in another encoding than UTF-8 (the byte 0xff) was created by
    `init`, and then every other command ended in a traceback (its read-only look quoted
    the name as text); under LANG=en_US.UTF-8 (strict output, unlike C.UTF-8) even the
    line "Created cluster ... in n\xff.db" was one; and a server URL typed in a Latin-2
    terminal was the driver's traceback."""
    from tests.conftest import CLEX_ENV, ROOT

    env = {**os.environ, **CLEX_ENV, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"}
    env.pop("CLEX_DB", None)

    def clex(*args: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable.encode(), b"-m", b"clex", *args], cwd=tmp_path, env=env,
            capture_output=True, check=False,
        )  # fmt: skip

    made = clex(b"--db", b"n\xff.db", b"init", b"--cluster", b"nano", b"--name", b"N")
    assert made.returncode == 0 and b"n\xff.db" in made.stdout, made
    listed = clex(b"--db", b"n\xff.db", b"evidence", b"list")
    assert listed.returncode == 0 and b"0 evidence records of nano" in listed.stdout, listed
    url = clex(b"--db", b"postgresql://eva:caf\xe9@127.0.0.1:1/x", b"evidence", b"list")
    assert url.returncode == 1 and b"the URL is not UTF-8 text" in url.stderr, url
    assert b"caf" not in url.stderr and b"Traceback" not in url.stderr


def test_serve_refuses_a_secret_or_host_that_is_not_utf8_before_it_listens(
    nano: Clex,  # noqa: F811
) -> None:
    """A CLEX_SECRET_KEY in another encoding served every request as a 500 with a
    traceback in the log; a --host the resolver cannot encode (bytes that are not UTF-8,
    an empty label) was its traceback."""
    run = nano("serve", "--port", "8", env={"CLEX_SECRET_KEY": "\udcff\udcfe-secret"})
    assert run.code == 2 and "CLEX_SECRET_KEY is not UTF-8 text" in run.err, run
    run = nano("serve", "--host", "a..b", "--port", "8", "--error-log", "errors.log")
    assert run.code == 2 and "cannot listen there (not a host name)" in run.err, run


def test_serve_refuses_an_error_log_it_cannot_write_before_it_listens(
    nano: Clex,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The details of a fault of clex go to the error log (`web.faults`); one that cannot
    be written is said at the start, naming it, not found out when a user quotes a fault's
    number. The default is under $XDG_STATE_HOME (else ~/.local/state)."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    run = nano("serve", "--port", "8", "--error-log", str(tmp_path / "a-file" / "errors.log"))
    assert run.code == 2, run
    assert f"--error-log {tmp_path / 'a-file' / 'errors.log'}: cannot write there" in run.err
    assert "give --error-log FILE in a folder you may write to" in run.err
    run = nano("serve", "--port", "8", env={"XDG_STATE_HOME": str(tmp_path / "a-file")})
    said = f"the error log {tmp_path / 'a-file' / 'clex' / 'serve-errors.log'}: cannot write"
    assert run.code == 2 and said in run.err, run


def test_a_users_name_or_password_with_control_characters_is_refused(clex: Clex) -> None:
    """`clex user add` took "b\\x01ob" (listed as a second "bob"), a name over two lines
    and one a right-to-left mark shows backwards: a name nobody can type at the sign-in,
    and a log that misleads. Each is refused with the character and its place; a
    password with DEL or a C1 control too, as one with a C0 control was."""
    assert clex("init", "--cluster", "nano", "--name", "N").code == 0
    for name, char in (("b\x01ob", "U+0001"), ("a\nb", "U+000A"), ("\u202eob", "U+202E")):
        run = clex("user", "add", name, "--role", "admin", env={"CLEX_PASSWORD": "long-enough-1"})
        assert run.code == 1, run
        assert f"a user's name contains the control character {char} at position" in run.err
    run = clex("user", "add", "eva", "--role", "admin", env={"CLEX_PASSWORD": "long\x7fenough-1"})
    assert run.code == 1 and "a password must not hold control characters" in run.err, run
    assert clex("user", "list", "--json").out.strip() == "[]"
