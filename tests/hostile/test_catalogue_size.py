"""A catalogue of 4,734 indicators (issue 21, item 6): `criteria validate` accepted one
that `clex assess` then crashed on. Now the two agree: either validate refuses it with
the limit named and assess refuses it the same way, or both run it, within the limits."""

from __future__ import annotations

import copy

import yaml

from tests.conftest import ROOT

from .conftest import Watch, Workspace, expect

COUNT = 4734


def big_catalogue(ws: Workspace) -> None:
    data = yaml.safe_load(
        (ROOT / "criteria" / "catalogues" / "ecei-gold.yaml").read_text(encoding="utf-8")
    )
    model = next(i for i in data["indicators"] if i["id"] == "S7")
    for key in ("question", "basis", "translations", "verified"):
        model.pop(key, None)
    extra = COUNT - len(data["indicators"])
    for n in range(extra):
        copy_ = copy.deepcopy(model)
        copy_["id"] = f"X{n}"
        copy_["title"] = f"Copy {n} of S7"
        data["indicators"].append(copy_)
    data["id"] = "big"
    text = yaml.safe_dump(data, width=10_000, allow_unicode=True, sort_keys=False)
    (ws.path / "big.yaml").write_text(text, encoding="utf-8")


def test_validate_and_assess_agree_on_a_huge_catalogue(ws: Workspace) -> None:
    big_catalogue(ws)
    watch = Watch(ws.plain, [ws.path])
    valid = ws.run("criteria", "validate", "big.yaml", wall=180)
    expect(valid, (0, 1), "big.yaml")
    watch.unchanged()
    run = ws.run(
        "assess",
        "--cluster",
        "nano",
        "--period",
        "2024",
        "--as-of",
        "2025-01-01",
        "--catalogue",
        "big.yaml",
        "-o",
        "big.json",
        wall=180,
    )
    if valid.code == 1:
        expect(run, 1, "big.yaml")
        watch.unchanged()
    else:
        expect(run, 0, "big.json")
        watch.unchanged("big.json")
