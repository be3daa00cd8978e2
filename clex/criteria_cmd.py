"""`clex criteria ...`: list, show, validate a catalogue and print its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from criteria.loader import load_catalogue, require_catalogue, resolve
from criteria.models import Catalogue, Indicator

from .output import console, fail_with_findings, print_json, table

app = typer.Typer(
    help="The criteria catalogue: indicators, points, minimums, labels.", no_args_is_help=True
)

CatalogueOpt = typer.Option(
    None,
    "--catalogue",
    "-c",
    metavar="ID|FILE",
    help="A built-in catalogue id or a catalogue file (default: ecei-gold).",
)
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")


def _ladder(ind: Indicator) -> str:
    if ind.judgement is not None:
        return " / ".join(f"{lv.points:g}" for lv in ind.judgement.levels) + " (judgement)"
    sign = ">=" if not ind.lower_is_better else "<="
    return ", ".join(f"{sign}{s.threshold:g}: {s.points:g}" for s in ind.points)


def _indicator_json(ind: Indicator) -> dict[str, Any]:
    data = ind.model_dump(mode="json")
    data["max_points"] = ind.max_points
    return data


@app.command("list")
def list_(catalogue: str = CatalogueOpt, as_json: bool = JsonOpt) -> None:
    """List the indicators: id, area, title, minimum, max points."""
    cat = require_catalogue(catalogue)
    if as_json:
        print_json(
            {
                "id": cat.id,
                "version": cat.version,
                "title": cat.title,
                "areas": [a.model_dump(mode="json") for a in cat.areas],
                "labels": [lb.model_dump(mode="json") for lb in cat.labels],
                "indicators": [_indicator_json(i) for i in cat.indicators],
            }
        )
        return
    rows = [
        (
            i.id,
            i.area,
            i.title,
            "" if i.minimum is None else f"{i.minimum:g}",
            f"{i.max_points:g}",
            f"{i.weight:g}",
            "yes" if i.verified else "modelled",
        )
        for i in cat.indicators
    ]
    table(
        f"{cat.title} ({cat.id} {cat.version}): {len(rows)} indicators",
        ["id", "area", "title", "minimum", "max", "weight", "threshold"],
        rows,
    )


@app.command()
def show(
    indicator_id: str = typer.Argument(..., metavar="ID"),
    catalogue: str = CatalogueOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Everything about one indicator: question, evidence, metric, ladder, basis."""
    cat = require_catalogue(catalogue)
    match = [i for i in cat.indicators if i.id.casefold() == indicator_id.casefold()]
    if not match:
        ids = ", ".join(i.id for i in cat.indicators)
        fail_with_findings([], f"no indicator {indicator_id!r} in {cat.id}; ids are {ids}")
    ind = match[0]
    if as_json:
        print_json(_indicator_json(ind))
        return
    area = cat.area(ind.area)
    lines = [
        f"[bold]{ind.id}  {ind.title}[/bold]  ({area.title})",
        f"Question:  {ind.question}",
        f"Evidence:  {ind.evidence}",
        f"Points:    {_ladder(ind)}   weight {ind.weight:g}, max {ind.max_points:g}",
        f"Minimum:   {'none' if ind.minimum is None else f'{ind.minimum:g}'}",
        f"Basis:     {ind.basis} ({'verified' if ind.verified else 'modelled, not verified'})",
    ]
    if ind.metric is not None:
        lines.append(
            "Metric:    " + json.dumps(ind.metric.model_dump(mode="json", exclude_defaults=True))
        )
    else:
        assert ind.judgement is not None
        lines.append("Levels:")
        lines += [f"  {lv.points:g}: {lv.description}" for lv in ind.judgement.levels]
    for line in lines:
        console.print(line, markup=line.startswith("[bold]"))


@app.command()
def validate(
    file: Path = typer.Argument(..., metavar="FILE", help="A catalogue YAML file."),
    as_json: bool = JsonOpt,
) -> None:
    """Check a catalogue file; every problem is printed as FILE:LINE:COL: message."""
    cat, findings = load_catalogue(file)
    if cat is None:
        fail_with_findings(
            findings, f"{file}: {len(findings)} problem(s); nothing was loaded", as_json=as_json
        )
    if as_json:
        print_json(
            {"ok": True, "id": cat.id, "version": cat.version, "indicators": len(cat.indicators)}
        )
    else:
        console.print(
            f"{file}: ok ({cat.id} {cat.version}, {len(cat.indicators)} indicators "
            f"in {len(cat.areas)} areas, {len(cat.labels)} labels)",
            markup=False,
        )


@app.command()
def schema() -> None:
    """Print the catalogue's JSON Schema (for editors that check YAML as you type)."""
    data = Catalogue.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "clex catalogue"
    print_json(data)


@app.command()
def path(catalogue: str = CatalogueOpt) -> None:
    """Print the file of a catalogue (copy a built-in one to start your own)."""
    console.print(str(resolve(catalogue)), markup=False)
