"""Forged snapshots, through the CLI as an attacker makes them: a real snapshot edited,
then sealed again with a digest that matches (the digest is plain arithmetic, anyone
can recompute it). `clex verify` must still refuse each, exit 1, naming the field: it
re-derives the snapshot from the store and compares every field the store can derive.

And the snapshots no reader should choke on (numbers of thousands of digits, nesting
ten thousand deep, 1e308, far-off dates, no indicators): a located message and exit 1
on every command that reads a snapshot, `assess --previous` among them."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment.snapshot import Snapshot, content_digest
from tests.conftest import Run
from tests.test_snapshot_check import AS_OF, Made, make

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def made(clex: Callable[..., Run], tmp_path: Path, db_url: str) -> Made:
    """The store (SQLite, and PostgreSQL when set up) with its honest snapshots."""
    return make(clex, tmp_path, db_url)


@pytest.fixture
def on_sqlite(clex: Callable[..., Run], tmp_path: Path) -> Made:
    """The same on SQLite only: a file no reader takes never reaches the store."""
    return make(clex, tmp_path, str(tmp_path / "store.db"))


def _sealed(data: dict[str, Any]) -> str:
    """The snapshot's text with a digest that matches its (forged) content."""
    data = {k: v for k, v in data.items() if k != "digest"}
    data["digest"] = content_digest(Snapshot.model_validate(data))
    return json.dumps(data, indent=2, ensure_ascii=False)


def _first(items: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    return next(x for x in items if all(x.get(k) == v for k, v in match.items()))


def _recompute(data: dict[str, Any]) -> None:
    """Areas, shares and the total made to add up again after indicators were forged,
    as a careful forger would, so that the file's own arithmetic holds."""
    scored = [i for i in data["indicators"] if i["scored"]]
    top = sum(i["max_points"] * i["weight"] for i in scored)
    for area in data["areas"]:
        mine = [i for i in scored if i["area"] == area["id"]]
        area["points"] = sum(i["points"] * i["weight"] for i in mine)
        area["max_points"] = sum(i["max_points"] * i["weight"] for i in mine)
        area["percent"] = round(100 * area["points"] / area["max_points"], 2)
        area["share_of_total"] = round(100 * area["max_points"] / top, 2)
    data["overall"] = round(100 * sum(i["points"] * i["weight"] for i in scored) / top, 2)


def _more_points(data: dict[str, Any]) -> None:
    ind = _first(data["indicators"], id="S1")
    ind["points"] = 1.0
    for gap in data["gaps"] + data["gold_path"] + data["gold_blocked"]:
        if gap["indicator"] == "S1":
            gap["points_now"] = 1.0
    _recompute(data)


def _weak_gone(data: dict[str, Any]) -> None:
    """The two weakest indicators of an area that keeps others, and all trace of them."""
    area = data["areas"][0]["id"]
    mine = [i for i in data["indicators"] if i["scored"] and i["area"] == area]
    weak = {i["id"] for i in sorted(mine, key=lambda i: i["points"])[:2]}
    data["indicators"] = [i for i in data["indicators"] if i["id"] not in weak]
    for key in ("gaps", "gold_path", "gold_blocked"):
        data[key] = [g for g in data[key] if g["indicator"] not in weak]
    if data["cheapest_gain"] and data["cheapest_gain"]["indicator"] in weak:
        data["cheapest_gain"] = None
    data["catalogue"]["definitions"] = {
        k: v for k, v in data["catalogue"]["definitions"].items() if k not in weak
    }
    _recompute(data)


def _gold_gone(data: dict[str, Any]) -> None:
    """The Gold label and the catalogue's pass mark for it, so the file agrees with itself."""
    _gold_label_gone(data)
    data["catalogue"]["gold_threshold"] = None


def _set(path: str, value: Any) -> Edit:
    """An edit setting one field: "labels.bronze.title" (list items by their id)."""

    def edit(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        node: Any = data
        for part in head:
            if isinstance(node, list):
                node = next(x for x in node if part in (x.get("id"), x.get("indicator")))
            else:
                node = node[part]
        node[last] = value

    return edit


def _gold_label_gone(data: dict[str, Any]) -> None:
    data["labels"] = [lb for lb in data["labels"] if lb["id"] != "gold"]


FORGED: list[tuple[str, Edit, str]] = [
    (
        "area score",
        _more_points,
        "S1 Committed cluster participants: value 3 (1 point) then, 3 (0 points) now",
    ),
    (
        "area title",
        _set("areas.structure.title", "Forged"),
        "areas.structure: title: 'Forged' in the",
    ),
    ("label reasons", _set("labels.bronze.reasons", ["all fine"]), "the reasons differ"),
    ("label qualification", _set("labels.bronze.qualification", "x"), "the reasons differ"),
    (
        "label title",
        _set("labels.bronze.title", "Platinum"),
        "labels.bronze: title: 'Platinum' in the snapshot, 'Bronze' derived now",
    ),
    ("cluster name", _set("cluster.name", "Evil"), "cluster: the cluster's profile differs"),
    ("total NaN", _set("overall", float("nan")), "overall: nan is not a number"),
    ("Gold label removed", _gold_gone, "Labels: Gold: missing from the snapshot"),
    (
        "Gold label removed, threshold kept",
        _gold_label_gone,
        "labels: the catalogue has a Gold label, the snapshot does not",
    ),
    (
        "weak indicators removed",
        _weak_gone,
        "S1 Committed cluster participants: missing from the snapshot",
    ),
    ("gaps removed", _set("gaps", []), "gaps: the gaps (each indicator's next step) differ"),
    ("a gap's gain", _set("gaps.C4.gain", 50.0), "gaps.C4: gain: 50 in the snapshot, 0.94"),
    ("Gold blockers removed", _set("gold_blocked", []), "gold_blocked.G1: missing from the"),
    ("Gold plan", _set("gold_later", True), "gold_path: the Gold plan was for a later period"),
    ("cheapest gain", _set("cheapest_gain", None), "cheapest_gain: differs from what the"),
    ("findings removed", _set("findings", []), "findings: 0 items in the snapshot"),
    ("concerns removed", _set("concerns", []), "concerns: 0 items in the snapshot"),
    ("reviewed", _set("reviewed", 5), "reviewed: 5 in the snapshot, 0 derived now"),
    ("explanation", _set("indicators.S1.explanation", "fine"), "indicators.S1: explanation diff"),
    (
        "indicator title",
        _set("indicators.S1.title", "Forged"),
        "indicators.S1: title: 'Forged' in the snapshot, 'Committed cluster participants'",
    ),
    ("near misses", _set("indicators.S1.not_counted_total", 7), "indicators.S1: not_counted_t"),
    ("other mode", _set("other_mode_overall", None), "other_mode_overall: none in the snapshot"),
    ("counted statuses", _set("counted_statuses", ["verified"]), "counted_statuses: "),
    ("records after", _set("after_as_of", ["x"]), "after_as_of: 1 item in the snapshot, 0 item"),
    ("catalogue title", _set("catalogue.title", "Forged"), "catalogue: title: 'Forged' in the"),
    (
        "catalogue definitions",
        _set("catalogue.definitions", {}),
        "catalogue: differs from what the store derives now: definitions",
    ),
]


@pytest.mark.parametrize(("edit", "fragment"), [f[1:] for f in FORGED], ids=[f[0] for f in FORGED])
def test_a_resealed_forgery_is_caught_by_re_deriving_it(
    made: Made, edit: Edit, fragment: str
) -> None:
    data = made.data()
    edit(data)
    made.write("forged.json", _sealed(data))
    run = made.run("verify", "forged.json")
    assert run.code == 1, run
    assert "Traceback" not in run.err
    assert "forged.json:" in run.err and fragment in run.err, run
    assert "forged.json:digest" not in run.err  # the digest matches: re-derivation caught it


def test_a_forged_record_title_is_named_by_the_record(made: Made) -> None:
    data = made.data()
    ref = data["evidence"][0]
    ref["title"] = "Forged record"
    made.write("forged.json", _sealed(data))
    run = made.run("verify", "forged.json")
    assert run.code == 1, run
    assert f"forged.json:evidence.{ref['id']}: title: 'Forged record' in the snapshot" in run.err


def test_an_honest_snapshot_has_no_field_that_differs(made: Made) -> None:
    """Every field compared, and none differs when nothing was touched."""
    data = made.data()
    made.write("same.json", _sealed(data))
    run = made.run("verify", "same.json", "--json")
    assert run.code == 0, run
    assert json.loads(run.out)["problems"] == []


_OPENED: list[str] | None = None  # while a list: the paths this process opens


def _watch(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_watch)  # cannot be removed: it records only while `_OPENED` is a list


def test_a_forged_catalogue_path_is_never_opened(made: Made) -> None:
    """The catalogue named by a path (another file, /etc/shadow, a folder), re-sealed:
    verify never opens it (the run is in this process, its opens are watched), never
    prints a line of it, and finds the built-in catalogue by SHA-256."""
    global _OPENED
    secret = made.folder / "secret.yaml"
    secret.write_text("SECRET-LINE: do not show\n", encoding="utf-8")
    for ref in (str(secret), "/etc/shadow", "/etc/passwd", "/dev/zero", "../" * 30):
        data = made.data()
        data["catalogue"]["ref"] = ref
        made.write("forged.json", _sealed(data))
        _OPENED = []
        try:
            run = made.run("verify", "forged.json")
            opened = _OPENED
        finally:
            _OPENED = None
        assert any(p.endswith("forged.json") for p in opened)  # the watch works
        assert not [p for p in opened if p.endswith(("secret.yaml", "shadow", "passwd", "zero"))]
        assert "SECRET" not in run.out + run.err and "root:" not in run.out + run.err, run
        assert "Traceback" not in run.err
        assert run.code == 0, run  # the built-in catalogue of its SHA-256 is used


def test_a_forged_catalogue_id_and_digest_make_it_not_at_hand(made: Made) -> None:
    data = made.data()
    data["catalogue"].update(ref="/etc/shadow", id="other", sha256="0" * 64)
    made.write("forged.json", _sealed(data))
    run = made.run("verify", "forged.json")
    assert run.code == 1, run
    assert "forged.json:catalogue: the catalogue other" in run.err and "is not at hand" in run.err
    assert "root:" not in run.out + run.err


def test_a_forged_period_label_is_refused_by_every_reader(made: Made) -> None:
    """The label every reader shows ("Nano, 1999") must name the period's own days."""
    data = made.data()
    data["period"]["label"] = "1999"
    made.write("forged.json", _sealed(data))
    for args in (["verify", "forged.json"], ["compare", "forged.json", "s.json"]):
        run = made.run(*args)
        assert run.code == 1, run
        assert "forged.json:period.label: '1999' does not name the period" in run.err, run


def test_a_catalogue_option_naming_no_file_is_the_option_not_the_snapshot(
    on_sqlite: Made,
) -> None:
    """A mistyped --catalogue said the snapshot "no longer matches the store"."""
    run = on_sqlite.run("verify", "s.json", "--catalogue", "no/such/cat.yaml")
    assert run.code == 1, run
    assert "no/such/cat.yaml: no such file" in run.err and "nothing was verified" in run.err
    assert "no longer matches" not in run.out + run.err


def test_a_broken_catalogue_file_is_its_own_problem_not_the_snapshots(
    on_sqlite: Made,
) -> None:
    """A --catalogue file that is not UTF-8 or misses keys was told as "1 difference(s);
    the snapshot no longer matches the store", its problem placed in the snapshot's file."""
    (on_sqlite.folder / "binary.yaml").write_bytes(b"id: \xff\xfe\n")
    (on_sqlite.folder / "half.yaml").write_text("id: half\n", encoding="utf-8")
    run = on_sqlite.run(
        "verify", "s.json", "--catalogue", "binary.yaml", "--catalogue", "half.yaml"
    )
    assert run.code == 1, run
    assert "binary.yaml:byte 4: not valid UTF-8" in run.err, run
    assert "half.yaml:1:1: missing key 'areas'" in run.err, run
    assert "a --catalogue file has problems; nothing was verified" in run.err
    assert "no longer matches" not in run.out + run.err and "s.json:" not in run.err


# -- snapshots no reader should choke on ------------------------------------------------


def _text_edit(pattern: str, replacement: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        new, n = re.subn(pattern, replacement, text, count=1)
        assert n == 1, pattern
        return new

    return edit


def _no_indicators(text: str) -> str:
    data = json.loads(text)
    data["indicators"] = []
    return _sealed(data)


def _nan_total(text: str) -> str:
    data = json.loads(text)
    data["overall"] = float("nan")
    return _sealed(data)


HOSTILE: list[tuple[str, Callable[[str], str], str]] = [
    (
        "5000 digits",
        _text_edit(r'"overall": [^,]*', '"overall": ' + "9" * 5000),
        "a number of more than 4300 digits",
    ),
    (
        "4000 digits",
        _text_edit(r'"overall": [^,]*', '"overall": ' + "9" * 4000),
        "overall: a 4000-digit number is out of range",
    ),
    (
        "10000 deep",
        _text_edit(r'"after_as_of": \[\]', '"after_as_of": ' + "[" * 10_000 + "]" * 10_000),
        "nested more than 100 levels deep",
    ),
    (
        "500 deep",
        _text_edit(r'"after_as_of": \[\]', '"after_as_of": ' + "[" * 500 + "]" * 500),
        "after_as_of.0.0.0.0.0. ...: nested more than 100 levels deep",
    ),
    ("1e308", _text_edit(r'"overall": [^,]*', '"overall": 1e308'), "overall: 1e+308 is out of"),
    ("NaN", _nan_total, "overall: nan is not a number a snapshot can hold"),
    (
        "far-off date",
        _text_edit(r'"created": "[^"]*"', '"created": "9999-12-31"'),
        "created: the date 9999-12-31 is outside 1900-2100",
    ),
    (
        "year one",
        _text_edit(r'"start": "2024-01-01"', '"start": "0001-01-01"'),
        "period.start: the date 0001-01-01 is outside 1900-2100",
    ),
    ("no indicators", _no_indicators, "indicators: no indicators: nothing was assessed"),
    (
        "not JSON",
        _text_edit(r'"overall": ', '"overall": ,'),
        "not a JSON snapshot (Expecting value)",
    ),
]


@pytest.mark.parametrize(
    ("edit", "fragment"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_a_hostile_snapshot_is_a_located_message_on_every_command(
    on_sqlite: Made, edit: Callable[[str], str], fragment: str
) -> None:
    made = on_sqlite
    name = "hostile.json"
    text = (made.folder / "s.json").read_text(encoding="utf-8")
    made.write(name, edit(text))
    (made.folder / "peers").mkdir()
    shutil.copy(made.folder / "s2023.json", made.folder / "peers" / "p.json")
    runs = {
        "verify": made.run("verify", name),
        "report": made.run("report", name, "-o", "r.pdf"),
        "compare": made.run("compare", "s2023.json", name),
        "benchmark": made.run("benchmark", name, "--peers", "peers"),
        "assess --previous": made.run(
            "assess",
            "--cluster",
            "nano",
            "--period",
            "2025",
            *AS_OF[:1],
            "2026-01-15",
            "--previous",
            name,
            "-o",
            "next.json",
        ),
    }
    for command, run in runs.items():
        assert "Traceback" not in run.err, (command, run)
        assert run.code == 1, (command, run)
        assert f"{name}:" in run.err and fragment in run.err, (command, run)
        assert len(run.err) < 5000, (command, run)  # a message, not a dump
    assert not (made.folder / "r.pdf").exists() and not (made.folder / "next.json").exists()


def test_awards_forged_away_are_named_and_awards_recorded_since_are_not(made: Made) -> None:
    """An award the store held when the snapshot was made, forged away: a difference.
    An award recorded after the snapshot's date (dated before it): the snapshot could
    not know it, so no difference, as with reviews made after its date."""
    award = ("label", "award", "bronze", "--cluster", "nano", "--on", "2024-06-01")
    assert made.run(*award).code == 0
    assert made.run("verify", "s.json").code == 0  # s.json is dated 2025-01-15: before it
    run = made.run("assess", "--cluster", "nano", "--period", "2024", "-o", "today.json")
    assert run.code == 0, run
    data = made.data("today.json")
    assert [a["label"] for a in data["awards"]] == ["bronze"]
    data["awards"] = []
    made.write("forged.json", _sealed(data))
    run = made.run("verify", "forged.json")
    assert run.code == 1, run
    assert "forged.json:awards.1: missing from the snapshot, derived now" in run.err
