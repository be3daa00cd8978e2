"""`clex label ...`: record the labels a cluster was awarded, and list them with their validity.

Readiness (`clex assess`) is what clex computes; an award is what ECEI gave on a date.
These commands record that date (`award`), withdraw one entered in error (`withdraw`:
a later row, the store keeps both) and show each award's validity, renewal window and
state on a day (`list`), computed by `assessment.awards` from the catalogue's label
rules.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from evidence import outfile

from .choices import ClusterOpt, date_value
from .output import console, print_json, table, usage_error
from .session import open_store

if TYPE_CHECKING:
    from assessment.snapshot import AwardInfo

app = typer.Typer(
    help="Labels awarded to a cluster: record an award, list awards with their validity.",
    no_args_is_help=True,
)

CatalogueOpt = typer.Option(
    None,
    "--catalogue",
    "-c",
    metavar="ID|FILE",
    help="The catalogue whose labels and validity rules apply (default: ecei-gold).",
)


def _day(text: str, option: str) -> date:
    day = date_value(option, text)
    if day is None:
        usage_error(f"{option} takes a date: 2024-03-31 or 31.3.2024")
    return day


@app.command("award")
def award(
    ctx: typer.Context,
    label: str = typer.Argument(..., metavar="LABEL", help="The label's id, e.g. gold."),
    cluster: str = ClusterOpt,
    on: str = typer.Option(..., "--on", help="The day it was awarded: 2024-03-31 or 31.3.2024."),
    by: str = typer.Option("", "--by", help="Who awarded it, e.g. EUCLES."),
    note: str = typer.Option("", "--note", help="Anything worth keeping with it."),
    catalogue: str = CatalogueOpt,
) -> None:
    """Record that the cluster was awarded LABEL on a day (not readiness: the award)."""
    from criteria.loader import require_catalogue
    from evidence.findings import Finding, Location, UserDataError

    day = _day(on, "--on")
    cat = require_catalogue(catalogue)
    known = [rule.id for rule in cat.labels]
    problems = []
    if label not in known:
        problems.append(
            f"no label {label!r} in the catalogue {cat.id}; its labels: "
            f"{', '.join(known) or 'none'}"
        )
    if day > date.today():
        problems.append(f"--on {day} is in the future; record an award once it is made")
    if problems:
        raise UserDataError(
            [Finding(location=Location(key=label), message=m) for m in problems],
            f"the award of {label!r} to {cluster!r} was not recorded",
        )
    store = open_store(ctx)
    store.cluster(cluster)  # a missing cluster: its own error, with the known ones
    with outfile.last_step():  # its one change: once stored, a signal comes too late
        award_id = store.add_award(cluster, label, day, awarded_by=by, note=note)
    title = cat.label(label).title
    console.print(
        f"Recorded award {award_id}: {title} to {cluster} on {day}"
        + (f" by {by}" if by else "")
        + ". `clex label list` shows its validity.",
        markup=False,
    )


@app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    award_id: int = typer.Argument(..., metavar="AWARD_ID", help="From `clex label list`."),
    cluster: str = ClusterOpt,
    reason: str = typer.Option(..., "--reason", help="Why: e.g. entered in error."),
) -> None:
    """Withdraw an award entered in error (kept in the store, marked withdrawn)."""
    if not reason.strip():
        usage_error("--reason must say why the award is withdrawn")
    store = open_store(ctx)
    store.cluster(cluster)
    with outfile.last_step():  # its one change: once stored, a signal comes too late
        store.withdraw_award(cluster, award_id, reason.strip())
    console.print(f"Withdrew award {award_id} of {cluster}: {reason.strip()}", markup=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    cluster: str = ClusterOpt,
    as_of: str = typer.Option(None, "--as-of", help="The day to show states on (default: today)."),
    catalogue: str = CatalogueOpt,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """List the cluster's awards: valid until, renewal window, state on a day."""
    from assessment.awards import award_terms, validity_of
    from criteria.loader import require_catalogue

    day = _day(as_of, "--as-of") if as_of else date.today()
    cat = require_catalogue(catalogue)
    store = open_store(ctx)
    profile = store.cluster(cluster)
    titles = {rule.id: rule.title for rule in cat.labels}
    infos = award_terms(store.awards(cluster), validity_of(cat), day, titles)
    if as_json:
        print_json(
            {
                "cluster": cluster,
                "as_of": day.isoformat(),
                "catalogue": cat.id,
                "awards": [_json(i) for i in infos],
            }
        )
        return
    if not infos:
        console.print(
            f"{profile.name} has no awards recorded; `clex label award` records one.",
            markup=False,
        )
        return
    table(
        f"{profile.name}: labels awarded, as of {day}",
        ["id", "label", "awarded", "by", "valid until", "renewable until", "state"],
        [
            (i.id, i.title, i.awarded_on, i.awarded_by, i.valid_until, i.renewable_until, i.state)
            for i in infos
        ],
    )
    for line in award_lines(infos):
        console.print(line, markup=False)
    unknown = sorted({i.label for i in infos} - titles.keys())
    if unknown:
        console.print(
            f"not in the catalogue {cat.id}: {', '.join(unknown)} (default validity shown)",
            markup=False,
        )


def award_lines(infos: list[AwardInfo]) -> list[str]:
    """Each award in a sentence: what it was, and what it asks of the cluster next."""
    return [f"{i.id}. {award_sentence(i)}" + (f" Note: {i.note}" if i.note else "") for i in infos]


def award_sentence(i: AwardInfo) -> str:
    """One award: its kind and validity, and the renewal its state calls for."""
    head = f"{i.title}, {i.kind} on {i.awarded_on}, valid {i.months} months"
    if i.withdrawn_reason is not None:
        return f"{head}: withdrawn ({i.withdrawn_reason})"
    return (
        f"{head}: "
        + {
            "not yet awarded": f"awarded after this day, valid until {i.valid_until}",
            "valid": f"valid until {i.valid_until}; renew by then for a timely renewal, "
            f"or by {i.renewable_until} by repeating the process",
            "renewed": f"renewed by a later award (this one ran until {i.valid_until})",
            "in the renewal window": f"expired after {i.valid_until}; it can be renewed by "
            f"repeating the process until {i.renewable_until}, then only applied for anew",
            "expired": f"expired after {i.valid_until} and could be renewed until "
            f"{i.renewable_until}; apply for it anew",
        }[i.state]
    )


def _json(info: AwardInfo) -> dict[str, Any]:
    return info.model_dump(mode="json")
