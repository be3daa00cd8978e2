"""Snapshots checked before use: a hand-edited or forged snapshot is refused by `report`,
`compare`, `benchmark` and `verify`, through the CLI as a user runs it, with a located
message saying what does not add up; honest snapshots, old ones without a digest among
them, are accepted. And a snapshot never makes `verify` read a file it merely names."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment.snapshot import Snapshot, content_digest
from criteria.loader import resolve
from tests.conftest import Run
from tests.test_assess_cli import EVIDENCE

AS_OF = ("--as-of", "2025-01-15")


class Made:
    """A store with one cluster and its honest snapshots of 2023 and 2024."""

    def __init__(self, clex: Callable[..., Run], folder: Path, db: str) -> None:
        self.folder = folder
        self._clex = clex
        self.db = db

    def run(self, *args: str) -> Run:
        return self._clex(*args, env={"CLEX_DB": self.db})

    def data(self, name: str = "s.json") -> dict[str, Any]:
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    def write(self, name: str, data: dict[str, Any] | str) -> str:
        text = data if isinstance(data, str) else json.dumps(data)
        (self.folder / name).write_text(text, encoding="utf-8")
        return name


@pytest.fixture
def made(clex: Callable[..., Run], tmp_path: Path, db_url: str) -> Made:
    return make(clex, tmp_path, db_url)


def make(clex: Callable[..., Run], tmp_path: Path, db_url: str) -> Made:
    """The store and its two snapshots (the fixture's body, for other test files)."""
    m = Made(clex, tmp_path, db_url)
    assert m.run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ").code == 0
    (tmp_path / "ev.yaml").write_text(EVIDENCE, encoding="utf-8")
    assert m.run("import", "ev.yaml", "--cluster", "nano").code == 0
    for year, name in (("2024", "s.json"), ("2023", "s2023.json")):
        run = m.run("assess", "--cluster", "nano", "--period", year, *AS_OF, "-o", name)
        assert run.code == 0, run
    return m


def _refused_everywhere(made: Made, name: str, fragment: str) -> None:
    """Each command that reads the snapshot refuses it, exit 1, naming the file and
    `fragment`; no report is written."""
    (made.folder / "peers").mkdir(exist_ok=True)
    shutil.copy(made.folder / "s2023.json", made.folder / "peers" / "p.json")
    runs = {
        "report": made.run("report", name, "-o", "r.pdf"),
        "compare": made.run("compare", "s2023.json", name),
        "benchmark": made.run("benchmark", name, "--peers", "peers"),
        "verify": made.run("verify", name),
    }
    for command, run in runs.items():
        assert run.code == 1, (command, run)
        assert f"{name}:" in run.err and fragment in run.err, (command, run)
        assert "Traceback" not in run.err
    assert not (made.folder / "r.pdf").exists()


def test_an_honest_snapshot_carries_its_digest_and_is_accepted(made: Made) -> None:
    data = made.data()
    assert len(data["digest"]) == 64
    assert content_digest(Snapshot.model_validate(data)) == data["digest"]
    assert made.run("verify", "s.json").code == 0
    assert made.run("compare", "s2023.json", "s.json").code == 0


def test_a_snapshot_written_before_digests_is_accepted_when_it_adds_up(made: Made) -> None:
    data = made.data()
    del data["digest"]
    made.write("old.json", data)
    run = made.run("compare", "s2023.json", "old.json")
    assert run.code == 0, run
    assert made.run("verify", "old.json").code == 0


def test_a_snapshot_saved_with_a_byte_order_mark_is_read(made: Made) -> None:
    """Windows Notepad saves UTF-8 with a BOM; JSON's parser refused it ("Unexpected
    UTF-8 BOM"), where every other input of clex is read with one."""
    text = (made.folder / "s.json").read_text(encoding="utf-8")
    (made.folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (made.folder / "peers").mkdir()
    shutil.copy(made.folder / "bom.json", made.folder / "peers" / "p.json")
    for args in (
        ("verify", "bom.json"),
        ("compare", "s2023.json", "bom.json"),
        ("benchmark", "bom.json", "--peers", "peers"),
    ):
        run = made.run(*args)
        assert run.code == 0 and "BOM" not in run.err, (args, run)


def test_overall_85_over_areas_that_add_up_to_less_is_refused(made: Made) -> None:
    data = made.data()
    del data["digest"]  # as if written before digests: the arithmetic alone catches it
    real = data["overall"]
    data["overall"] = 85.0
    made.write("edited.json", data)
    _refused_everywhere(
        made,
        "edited.json",
        f"edited.json:overall: overall 85 %, but the indicators' weighted points give {real:.2f} %",
    )
    run = made.run("report", "edited.json", "-o", "r.pdf")
    assert "its numbers do not add up; refused" in run.err


def test_a_changed_title_with_the_digest_left_is_refused(made: Made) -> None:
    data = made.data()
    data["indicators"][0]["title"] = "Something nicer"
    made.write("edited.json", data)
    _refused_everywhere(made, "edited.json", "edited.json:digest: edited after clex wrote it")


def test_points_above_the_maximum_are_refused(made: Made) -> None:
    data = made.data()
    del data["digest"]
    ind = data["indicators"][0]
    ind["points"] = ind["max_points"] + 5
    made.write("edited.json", data)
    _refused_everywhere(
        made,
        "edited.json",
        f"edited.json:indicators.{ind['id']}.points: {ind['max_points'] + 5:g} points, "
        f"outside 0..{ind['max_points']:g}",
    )


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda t: t.replace('"overall": ', '"overall": NaN, "x": ', 1), "overall: nan is not"),
        (lambda t: t.replace('"overall": ', '"overall": 1e999, "x": ', 1), "overall: inf is not"),
        (lambda t: t.replace('"overall": ', '"overall": 1e308, "x": ', 1), "out of range"),
        (lambda t: t.replace('"overall": ', '"overall": ' + "9" * 5000 + ', "x": ', 1), "digits"),
        (
            lambda t: t.replace('"after_as_of": []', '"after_as_of": ' + "[" * 9000 + "]" * 9000),
            "deep",
        ),
        (
            lambda t: t.replace('"created": "2025-01-15"', '"created": "9999-12-31"'),
            "outside 1900-2100",
        ),
    ],
    ids=["nan", "infinity", "1e308", "5000 digits", "deep nesting", "far-off date"],
)
def test_numbers_and_dates_no_snapshot_holds_are_refused(
    made: Made, edit: Callable[[str], str], fragment: str
) -> None:
    text = (made.folder / "s.json").read_text(encoding="utf-8")
    made.write("edited.json", edit(text))
    _refused_everywhere(made, "edited.json", fragment)


def _without_digest(edit: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        del data["digest"]
        edit(data)

    return apply


def _twice(data: dict[str, Any]) -> None:
    data["indicators"].append(data["indicators"][0])


def _no_gold(data: dict[str, Any]) -> None:
    data["labels"] = [lb for lb in data["labels"] if lb["id"] != "gold"]


def _weak_gone(data: dict[str, Any]) -> None:
    weak = min(data["indicators"], key=lambda i: i["points"])
    data["indicators"].remove(weak)


def _area(data: dict[str, Any]) -> None:
    data["areas"][0]["points"] += 1


def _gold_ready(data: dict[str, Any]) -> None:
    next(lb for lb in data["labels"] if lb["id"] == "gold")["ready"] = True


def _nothing(data: dict[str, Any]) -> None:
    data["indicators"] = []


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (_twice, "indicators: ids listed more than once: S1"),
        (_no_gold, "labels: the catalogue has a Gold label, the snapshot does not"),
        (_weak_gone, "indicators: not the catalogue's indicators; missing: "),
        (_area, "but its indicators' weighted points add up to"),
        (_gold_ready, "labels.gold.ready: ready for Gold with an overall"),
        (_nothing, "indicators: no indicators: nothing was assessed"),
    ],
    ids=["duplicate id", "gold removed", "weak indicator removed", "area", "gold", "empty"],
)
def test_forged_parts_are_refused(
    made: Made, edit: Callable[[dict[str, Any]], None], fragment: str
) -> None:
    data = made.data()
    _without_digest(edit)(data)
    made.write("edited.json", data)
    _refused_everywhere(made, "edited.json", fragment)


def test_a_forged_peer_is_left_out_of_the_benchmark_with_its_reason(made: Made) -> None:
    peers = made.folder / "peers"
    peers.mkdir()
    data = made.data("s2023.json")
    data["cluster"]["name"] = "Someone else"
    made.write("peers/forged.json", data)
    run = made.run("benchmark", "s.json", "--peers", "peers", "--json")
    assert run.code == 0, run
    left = json.loads(run.out)["left_out"]
    reasons = [p["reason"] for p in left if p["source"].endswith("forged.json")]
    assert reasons == [
        "not a snapshot: edited after clex wrote it: its content no longer matches its "
        "digest (write a new snapshot with `clex assess`)"
    ]


def test_verify_compares_what_the_store_rederives_beyond_values(made: Made) -> None:
    """A snapshot re-sealed after its cluster's name and a label's reasons were changed
    (its arithmetic holds, its digest matches): verify names each difference."""
    snap = Snapshot.model_validate(made.data())
    bronze = snap.label("bronze")
    assert bronze is not None
    labels = [
        lb.model_copy(update={"reasons": ["all fine"]}) if lb.id == "bronze" else lb
        for lb in snap.labels
    ]
    forged = snap.model_copy(
        update={
            "cluster": snap.cluster.model_copy(update={"name": "Evil"}),
            "labels": labels,
            "gaps": snap.gaps[1:],
        }
    )
    made.write("forged.json", forged.to_json())
    run = made.run("verify", "forged.json")
    assert run.code == 1, run
    assert "forged.json:cluster: the cluster's profile differs from the store's: name" in run.err
    assert f"{bronze.title}: the reasons differ from those derived now" in run.err
    assert (
        "forged.json:gaps: the gaps (each indicator's next step) differ from those derived now"
        in run.err
    )


def test_verify_never_reads_a_file_the_snapshot_merely_names(made: Made) -> None:
    secret = made.folder / "secret.yaml"
    secret.write_text("SECRET-LINE: do not show\nid: [\n", encoding="utf-8")
    for translations in (True, False):  # an old snapshot is completed from its catalogue
        data = made.data()
        del data["digest"]
        data["catalogue"]["ref"] = str(secret)
        if not translations:
            del data["catalogue"]["translations"]
        made.write("forged.json", data)
        run = made.run("verify", "forged.json")
        assert "SECRET" not in run.out + run.err
        # the built-in catalogue of its SHA-256 is used, whatever path the snapshot names
        assert run.code == 0, run
        assert made.run("compare", "s2023.json", "forged.json").code == 0


def test_verify_finds_a_catalogue_file_by_its_sha256(made: Made) -> None:
    """A snapshot made with a catalogue file: verify never reads the path the snapshot
    names (a forger's choice), so the user gives the file, wherever it is now."""
    own = resolve(None).read_text(encoding="utf-8") + "# our own copy\n"
    (made.folder / "own.yaml").write_text(own, encoding="utf-8")  # not the built-in's SHA
    run = made.run(
        "assess",
        "--cluster",
        "nano",
        "--period",
        "2024",
        *AS_OF,
        "--catalogue",
        "own.yaml",
        "-o",
        "own.json",
    )
    assert run.code == 0, run
    run = made.run("verify", "own.json")
    assert run.code == 1 and "own.yaml, SHA-256" in run.err and "is not at hand" in run.err, run
    assert made.run("verify", "own.json", "--catalogue", "own.yaml").code == 0
    (made.folder / "own.yaml").rename(made.folder / "moved.yaml")
    run = made.run("verify", "own.json", "--catalogue", "moved.yaml")
    assert run.code == 0 and "verified" in run.out, run
