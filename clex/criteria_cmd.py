"""`clex criteria ...`: list, show, validate a catalogue and print its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .output import console, count, fail_with_findings, print_json, styled, table

if TYPE_CHECKING:  # pydantic models: imported by the commands, never for `--help`
    from criteria.models import Catalogue, Indicator, LabelRule

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


def require_catalogue(ref: str | Path | None = None) -> Catalogue:
    """`criteria.loader.require_catalogue`, imported when a command runs (pydantic)."""
    from criteria.loader import require_catalogue as load

    return load(ref)


def _ladder(ind: Indicator) -> str:
    if ind.judgement is not None:
        return " / ".join(f"{lv.points:g}" for lv in ind.judgement.levels) + " (judgement)"
    if not ind.scored:
        return "not scored (descriptive)"
    sign = ">=" if not ind.lower_is_better else "<="
    return ", ".join(
        f"{sign}{s.threshold:g}: {s.points:g}{' (Gold step)' if s.gold else ''}" for s in ind.points
    )


def _requirements(cat: Catalogue, ind: Indicator) -> str:
    """What each label asks of this indicator."""
    parts = [f"{lb.title}: {lb.indicators[ind.id]}" for lb in cat.labels if ind.id in lb.indicators]
    if ind.gold_points is not None:
        parts += [
            f"{lb.title}: its Gold step ({ind.gold_points:g} points)"
            for lb in cat.labels
            if lb.gold_steps
        ]
    return "; ".join(parts) or "none"


def label_lines(cat: Catalogue, rule: LabelRule) -> list[str]:
    """A label's requirements, one per line, as `clex criteria show LABEL` prints them."""
    lines = [f"{rule.title} ({rule.id}) requires:"]
    for other in rule.requires:
        lines.append(f"  - every requirement of {cat.label(other).title}")
    for ind_id, threshold in rule.indicators.items():
        lines.append(f"  - {ind_id} {cat.indicator(ind_id).title}: {threshold}")
    if rule.gold_steps:
        lines.append(
            f"  - each of the {len(cat.scored)} scored indicators at its Gold step "
            "(marked in `clex criteria show ID`)"
        )
    if rule.total_at_least is not None:
        lines.append(f"  - a total of at least {rule.total_at_least:g} % of all weighted points")
    if (imp := rule.improvements) is not None:
        topics = ", ".join(t.id for t in cat.improvement_topics) or "none"
        lines.append(
            f"  - an earlier assessment of the same cluster, catalogue and counting mode, "
            f"ready for {', '.join(cat.label(r).title for r in rule.requires) or 'no label'}, "
            f"whose period ended {imp.previous_months_min}-{imp.previous_months_max} months "
            "before this one's (--previous)"
        )
        lines.append(
            f"  - {imp.count} improvement areas named by the cluster (--improvements), each "
            f"an indicator or a topic ({topics}), with a description and evidence, each "
            "reaching its Gold step"
        )
    lines.append("  - an assessment period of 12 or 24 whole months")
    v = rule.validity
    lines.append(
        f"Valid {v.months} months from the award ({v.renewal_months} after a timely renewal); "
        f"renewable until {v.renewal_window_months} months after expiry. Readiness computed "
        "here is not an award: record one with `clex label award`."
    )
    return lines


def _indicator_json(ind: Indicator) -> dict[str, Any]:
    data = ind.model_dump(mode="json")
    data["max_points"] = ind.max_points
    return data


@app.command("list")
def list_(catalogue: str = CatalogueOpt, as_json: bool = JsonOpt) -> None:
    """List the indicators: id, area, title, what labels require, max points."""
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
            _requirements(cat, i),
            f"{i.max_points:g}",
            f"{i.weight:g}",
            "yes" if i.verified else "modelled",
        )
        for i in cat.indicators
    ]
    table(
        f"{cat.title} ({cat.id} {cat.version}): {len(rows)} indicators",
        ["id", "area", "title", "labels require", "max", "weight", "threshold"],
        rows,
    )


@app.command()
def show(
    indicator_id: str = typer.Argument(
        ..., metavar="ID", help="An indicator, label or improvement topic id."
    ),
    catalogue: str = CatalogueOpt,
    as_json: bool = JsonOpt,
) -> None:
    """One indicator (question, evidence, metric, ladder, basis), one label (what it
    requires, how long an award is valid) or one improvement topic."""
    cat = require_catalogue(catalogue)
    rule = next((lb for lb in cat.labels if lb.id.casefold() == indicator_id.casefold()), None)
    if rule is not None:
        if as_json:
            print_json(rule.model_dump(mode="json"))
            return
        for line in label_lines(cat, rule):
            console.print(line, markup=False)
        return
    topic = next(
        (t for t in cat.improvement_topics if t.id.casefold() == indicator_id.casefold()), None
    )
    if topic is not None:
        if as_json:
            print_json(topic.model_dump(mode="json"))
            return
        console.print(f"{topic.title} ({topic.id}): an improvement topic (Silver)", markup=False)
        for ind_id in topic.indicators:
            ind = cat.indicator(ind_id)
            console.print(f"  - {ind.id} {ind.title}: Gold step {ind.gold_points:g}", markup=False)
        console.print("It reaches its Gold step when each of these does.", markup=False)
        return
    match = [i for i in cat.indicators if i.id.casefold() == indicator_id.casefold()]
    if not match:
        ids = ", ".join(i.id for i in cat.indicators)
        labels = ", ".join(lb.id for lb in cat.labels)
        fail_with_findings(
            [],
            f"no indicator or label {indicator_id!r} in {cat.id}; ids are {ids}; labels {labels}",
        )
    ind = match[0]
    if as_json:
        print_json(_indicator_json(ind))
        return
    area = cat.area(ind.area)
    console.print(styled(f"{ind.id}  {ind.title}  ({area.title})", "bold"))
    lines = [
        f"Question:  {ind.question}",
        f"Evidence:  {ind.evidence}",
        f"Points:    {_ladder(ind)}   weight {ind.weight:g}, max {ind.max_points:g}",
        f"Labels:    {_requirements(cat, ind)}",
        f"Basis:     {ind.basis} ({'verified' if ind.verified else 'modelled, not verified'})",
    ]
    if ind.metric is not None:
        lines.append(
            "Metric:    " + json.dumps(ind.metric.model_dump(mode="json", exclude_defaults=True))
        )
    else:
        assert ind.judgement is not None
        lines.append("Levels:")
        lines += [
            f"  {lv.points:g}: {lv.description}{' (Gold step)' if lv.gold else ''}"
            for lv in ind.judgement.levels
        ]
    for line in lines:
        console.print(line, markup=False)


@app.command()
def validate(
    file: Path = typer.Argument(..., metavar="FILE", help="A catalogue YAML file."),
    as_json: bool = JsonOpt,
) -> None:
    """Check a catalogue file; every problem is printed as FILE:LINE:COL: message."""
    from criteria.loader import load_catalogue

    cat, findings = load_catalogue(file)
    if cat is None:
        fail_with_findings(
            findings,
            f"{file}: {count(len(findings), 'problem')}; nothing was loaded",
            as_json=as_json,
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
    from criteria.models import Catalogue

    data = Catalogue.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "clex catalogue"
    print_json(data)


@app.command()
def path(catalogue: str = CatalogueOpt) -> None:
    """Print the file of a catalogue (copy a built-in one to start your own)."""
    from criteria.loader import resolve

    console.print(str(resolve(catalogue)), markup=False)
