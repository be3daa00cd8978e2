"""Forged and malformed snapshots (issue 21, item 2 and the last bullet): `clex verify`
checks the whole snapshot, not only its values, even when the forger sealed the file
again with a fresh digest; a snapshot never makes clex read a file it names; a snapshot
no assessment writes (5,000-digit numbers, 10,000-deep nesting, 1e308, far-off dates, no
indicators) is refused with the file named, by every command that reads one."""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Watch, Workspace, expect

Snap = dict[str, Any]


def seal(data: Snap) -> Snap:
    """The snapshot with its digest made again, as a forger who read clex's source does."""
    from assessment.snapshot import Snapshot, content_digest

    data = copy.deepcopy(data)
    data["digest"] = content_digest(Snapshot.model_validate(data))
    return data


def _areas_agree(data: Snap) -> None:
    """Area points, maxima and per cents and the total made to add up again over the
    indicators left, so that only re-deriving them from the store tells."""
    total = maximum = 0.0
    for area in data["areas"]:
        mine = [i for i in data["indicators"] if i["area"] == area["id"] and i["scored"]]
        area["points"] = round(sum(i["points"] * i["weight"] for i in mine), 4)
        area["max_points"] = round(sum(i["max_points"] * i["weight"] for i in mine), 4)
        area["percent"] = round(100 * area["points"] / (area["max_points"] or 1), 2)
        total += area["points"]
        maximum += area["max_points"]
    for area in data["areas"]:
        area["share_of_total"] = round(100 * area["max_points"] / maximum, 2)
    data["overall"] = round(100 * total / maximum, 2)


def _area_scores(data: Snap) -> str:
    area = data["areas"][0]
    area["points"] = area["max_points"]
    area["percent"] = 100.0
    return area["id"]


def _label_reasons(data: Snap) -> str:
    data["labels"][0]["reasons"] = []
    return "reasons"


def _cluster_name(data: Snap) -> str:
    data["cluster"]["name"] = "Somebody Else's Cluster"
    return "name"


def _nan_total(data: Snap) -> str:
    data["overall"] = math.nan
    return "overall"


def _no_gold(data: Snap) -> str:
    data["labels"] = [lab for lab in data["labels"] if lab["id"] != "gold"]
    return "Gold"


def _no_weak_indicators(data: Snap) -> tuple[str, ...]:
    weak = [i["id"] for i in data["indicators"] if not i["gold_met"] and i["scored"]]
    data["indicators"] = [i for i in data["indicators"] if i["id"] not in weak]
    data["gaps"] = [g for g in data["gaps"] if g["indicator"] not in weak]
    data["gold_blocked"] = [g for g in data["gold_blocked"] if g["indicator"] not in weak]
    _areas_agree(data)
    return ("indicators", weak[0])


def _no_gaps(data: Snap) -> str:
    data["gaps"] = []
    return "gaps"


def _unsealed_name(data: Snap) -> str:
    data["cluster"]["name"] = "Somebody Else's Cluster"
    data.pop("digest")
    return "name"


FORGERIES: dict[str, Callable[[Snap], str | tuple[str, ...]]] = {
    "area-scores": _area_scores,
    "label-reasons": _label_reasons,
    "cluster-name": _cluster_name,
    "nan-total": _nan_total,
    "no-gold-label": _no_gold,
    "no-weak-indicators": _no_weak_indicators,
    "no-gaps": _no_gaps,
    "no-digest-other-name": _unsealed_name,
}


def test_an_honest_snapshot_verifies(ws: Workspace) -> None:
    """The control: the store reproduces the snapshot the forgeries start from."""
    watch = Watch(ws.plain, [ws.path])
    expect(ws.run("verify", "plain.json"), 0, "plain.json")
    watch.unchanged()


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_a_forged_and_resealed_snapshot_fails_verify(ws: Workspace, forgery: str) -> None:
    data = json.loads((ws.path / "plain.json").read_text(encoding="utf-8"))
    field = FORGERIES[forgery](data)
    if "digest" in data:
        data = seal(data)
    (ws.path / "forged.json").write_text(json.dumps(data), encoding="utf-8")
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("verify", "forged.json")
    expect(run, 1, "forged.json", field)
    assert "verified (" not in run.out and "reproduced" not in run.out.split("\n")[0], run
    watch.unchanged()


@pytest.mark.parametrize("target", ["secret", "/etc/shadow"])
def test_a_snapshot_never_names_a_file_to_read(ws: Workspace, target: str) -> None:
    """The catalogue reference names a file and carries its true SHA-256: clex finds
    catalogues by id and digest among its own and the ones given, never at a path a
    snapshot names, and prints nothing of the file."""
    if target == "secret":
        path = ws.path.parent / "secret.yaml"
        path.write_text("id: [SECRET-LINE-1\nSECRET-LINE-2: {\n", encoding="utf-8")
    else:
        path = Path(target)
        if not path.is_file():
            pytest.skip(f"no {target} here")
    data = json.loads((ws.path / "plain.json").read_text(encoding="utf-8"))
    data["catalogue"]["ref"] = str(path)
    data["catalogue"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (ws.path / "forged.json").write_text(json.dumps(seal(data)), encoding="utf-8")
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("verify", "forged.json")
    expect(run, 1, "forged.json", "catalogue")
    said = run.out + run.err
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        words = [w for w in line.replace("{", " ").replace(":", ": ").split() if len(w) > 3]
        assert not any(w in said for w in words[:1]), (line, run)
    watch.unchanged()


# -- snapshots no assessment writes -----------------------------------------------------
def _shape(text: str, shape: str) -> str:
    if shape == "5000-digits":
        return text.replace('"overall": ', '"overall": 1' + "0" * 5000 + ', "x": ', 1)
    if shape == "10000-deep":
        return text.replace('"judgements": []', '"judgements": ' + "[" * 10000 + "]" * 10000)
    if shape == "1e308":
        return text.replace('"overall": ', '"overall": 1e308, "x": ', 1)
    if shape == "far-dates":
        return text.replace('"end": "2024-12-31"', '"end": "9999-12-31"', 1)
    if shape == "no-indicators":
        data = json.loads(text)
        data["indicators"] = []
        return json.dumps(seal(data))
    raise AssertionError(shape)


SHAPES = ["5000-digits", "10000-deep", "1e308", "far-dates", "no-indicators"]
COMMANDS = {
    "verify": ["verify", "bad.json"],
    "compare": ["compare", "plain.json", "bad.json"],
    "report": ["report", "bad.json", "-o", "out.xlsx"],
    "benchmark": ["benchmark", "bad.json", "--peers", "peers"],
}
CASES = [("verify", s) for s in SHAPES] + [
    (c, s) for c in ("compare", "report", "benchmark") for s in ("5000-digits", "10000-deep")
]


@pytest.mark.parametrize(("command", "shape"), CASES)
def test_a_snapshot_no_assessment_writes_is_refused(
    ws: Workspace, command: str, shape: str
) -> None:
    text = json.dumps(json.loads((ws.path / "plain.json").read_text(encoding="utf-8")))
    bad = _shape(text, shape)
    assert bad != text
    (ws.path / "bad.json").write_text(bad, encoding="utf-8")
    (ws.path / "peers").mkdir()
    watch = Watch(ws.plain, [ws.path])
    expect(ws.run(*COMMANDS[command]), 1, "bad.json")
    watch.unchanged()
