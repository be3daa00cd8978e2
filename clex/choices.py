"""Option values that must be one of a known set: kinds, statuses, languages, clusters.

Why: a typo in a choice used to pass silently (`clex evidence list --kind members`
printed "0 records") or to mislead (a cluster typo suggested creating a new cluster).
Every choice is checked here, before the command does anything, and a value that is not
known is refused with the nearest known ones: "no kind 'members'; did you mean
'member'?" (exit 2, a usage error). A value that differs only in case is taken as the
known one.

The cluster is the one choice whose set lives in the store. `ClusterOpt` (the
`--cluster` option of every command that works on one cluster) resolves it while the
command line is parsed, so a command receives a slug that exists:

- given and known: used as it is;
- given, unknown but close to a stored slug: "no cluster 'nanno' in the store; did you
  mean 'nano'?" (exit 2), never the advice to create it;
- given, unknown and close to none: the store's own error (exit 1), which names the
  clusters it holds and how to create one;
- left out: the store's only cluster, named on stderr ("cluster: nano (the only one in
  the store)"); with none or several the command is refused and says what to give.

A command outside this module that takes `--cluster` declares `cluster: str = ClusterOpt`
(it receives the resolved slug); code that has a slug from elsewhere calls
`resolve_cluster(store, slug_or_None)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from .output import count, err_console, usage_error
from .session import open_store

if TYPE_CHECKING:
    from evidence.store import Store

LANGUAGES = ("en", "cs")  # reports.i18n.LANGUAGES; repeated so `clex --help` imports nothing
CUTOFF = 70  # rapidfuzz ratio (0-100) below which a known word is no likely misspelling
SHORT, SHORT_CUTOFF = 3, 50  # a word this short has one letter in two right ("cz": "cs")
NEAR = 5  # suggestions: the best match and any within this many points of it
SUGGESTIONS = 3


def nearest(value: str, known: Iterable[str]) -> list[str]:
    """The known words `value` is most likely a misspelling of, best first (may be empty)."""
    from rapidfuzz import fuzz, process

    words = list(dict.fromkeys(known))
    matches = process.extract(
        value.casefold(),
        [w.casefold() for w in words],
        scorer=fuzz.ratio,
        limit=SUGGESTIONS,
        score_cutoff=SHORT_CUTOFF if len(value) <= SHORT else CUTOFF,
    )
    if not matches:
        return []
    best = matches[0][1]
    return [words[index] for _, score, index in matches if score >= best - NEAR]


def did_you_mean(words: Sequence[str]) -> str:
    """ "did you mean 'a'?" or "did you mean 'a' or 'b'?"."""
    return "did you mean " + " or ".join(repr(w) for w in words) + "?"


def choose(value: str, known: Sequence[str], *, noun: str, option: str = "") -> str:
    """`value` as one of `known` (a different case is taken as the known word), or a usage
    error (exit 2) that names the nearest known words, or all of them when none is near."""
    if value in known:
        return value
    folded = {k.casefold(): k for k in known}
    if value.casefold() in folded:
        return folded[value.casefold()]
    near = nearest(value, known)
    hint = did_you_mean(near) if near else f"use one of {', '.join(known)}"
    usage_error(f"{option + ': ' if option else ''}no {noun} {value!r}; {hint}")


def _checked(noun: str, known: Callable[[], Sequence[str]]) -> Callable[..., str | None]:
    """A click callback that checks an option's value with `choose` (None passes)."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
        if value is None or ctx.resilient_parsing:
            return value
        return choose(value, known(), noun=noun, option=_option_name(param))

    return check


def _option_name(param: typer.CallbackParam) -> str:
    return max(param.opts, key=len) if param.opts else str(param.name)


def _kinds() -> Sequence[str]:
    from evidence.models import KINDS

    return list(KINDS)


def _statuses() -> Sequence[str]:
    from evidence.models import STATUSES

    return STATUSES


def kind_option(help: str) -> Any:
    """`--kind KIND`, optional, checked against the evidence kinds."""
    return typer.Option(
        None, "--kind", metavar="KIND", help=help, callback=_checked("kind", _kinds)
    )


def status_option(help: str, *, required: bool = False) -> Any:
    """`--status STATUS`, checked against the record statuses."""
    return typer.Option(
        ... if required else None,
        "--status",
        metavar="STATUS",
        help=help,
        callback=_checked("status", _statuses),
    )


def _roles() -> Sequence[str]:
    from web.users import ROLES

    return ROLES


def role_option(help: str) -> Any:
    """`--role ROLE`, required, checked against the web page's roles before a password is
    asked for ("managr": did you mean 'manager'?, exit 2)."""
    return typer.Option(..., "--role", metavar="ROLE", help=help, callback=_checked("role", _roles))


def lang_option(languages: Sequence[str], help: str) -> Any:
    """`--lang en|cs`, checked against `languages` (the first is the default)."""
    return typer.Option(
        languages[0],
        "--lang",
        metavar="|".join(languages),
        help=help,
        callback=_checked("language", lambda: languages),
    )


# -- the cluster -----------------------------------------------------------------------


def resolve_cluster(store: Store, given: str | None) -> str:
    """The slug of the cluster a command works on (the rules: this module's docstring)."""
    slugs = store.cluster_slugs()
    if given is None:
        if len(slugs) == 1:
            err_console.print(f"cluster: {slugs[0]} (the only one in the store)", markup=False)
            return slugs[0]
        if not slugs:
            usage_error(
                "the store holds no cluster yet; create one with "
                "`clex init --cluster SLUG --name NAME`"
            )
        usage_error(f"say which cluster with --cluster: the store holds {', '.join(slugs)}")
    if given in slugs:
        return given
    folded = {s.casefold(): s for s in slugs}
    if given.casefold() in folded:
        return folded[given.casefold()]
    near = nearest(given, slugs)
    if near:
        usage_error(f"no cluster {given!r} in the store; {did_you_mean(near)}")
    store.cluster(given)  # the store's error: the clusters it holds, how to create one
    return given  # not reached: the store has no such cluster


def _cluster(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    if ctx.resilient_parsing:
        return value
    return resolve_cluster(open_store(ctx), value)


ClusterOpt: str = typer.Option(
    None,
    "--cluster",
    metavar="SLUG",
    help="The cluster's slug (see `clex init`); may be left out when the store holds "
    "only one cluster.",
    callback=_cluster,
)


def _some_cluster(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    if value is None or ctx.resilient_parsing:
        return value
    return resolve_cluster(open_store(ctx), value)


# `--cluster` where leaving it out means every cluster (`clex import list`): a value given
# is checked as `ClusterOpt` checks it ("did you mean"), None stays None.
AnyClusterOpt: str | None = typer.Option(
    None,
    "--cluster",
    metavar="SLUG",
    help="Only this cluster's (default: every cluster's).",
    callback=_some_cluster,
)


# -- record ids and fields -------------------------------------------------------------
ID_DISTANCE = 2  # Levenshtein: a stored id this close to an unknown one is the one meant


def check_ids(store: Store, cluster: str, ids: Sequence[str]) -> None:
    """Refuse (exit 1, every unknown id listed) ids that are not records of the cluster,
    each with the stored id it is one or two characters away from, if any: "no evidence
    record 'com-029e4dfcaa8'; did you mean 'com-029e4dfcaa86'?". Why: the store's own
    error names only the ids command, and a one-character slip in a 16-character id is
    the usual mistake."""
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import extractOne

    from evidence.findings import Finding, UserDataError

    with store.read() as conn:
        known = store.versions(conn, cluster)
    unknown = [i for i in dict.fromkeys(ids) if i not in known]
    if not unknown:
        return
    problems = []
    for record_id in unknown:
        near = extractOne(
            record_id, list(known), scorer=Levenshtein.distance, score_cutoff=ID_DISTANCE
        )
        hint = did_you_mean([near[0]]) if near else "`clex evidence list` shows the ids"
        problems.append(
            Finding(message=f"no evidence record {record_id!r} in cluster {cluster!r}; {hint}")
        )
    raise UserDataError(
        problems, f"{count(len(unknown), 'record id')} not in the store; nothing was done"
    )


def check_fields(kind: str, names: Iterable[str], fields: Sequence[str]) -> None:
    """Refuse (exit 1, every one listed) field names a record of `kind` does not have but
    that are close to one it has: "event records have no field 'titel'; did you mean
    'title'?". A name close to none is left to the edit, which lists the kind's fields."""
    from evidence.findings import Finding, UserDataError

    problems = []
    for name in names:
        if name in fields:
            continue
        near = nearest(name, fields)
        if near:
            problems.append(
                Finding(message=f"{kind} records have no field {name!r}; {did_you_mean(near)}")
            )
    if problems:
        raise UserDataError(problems, "nothing was changed")


# -- dates -----------------------------------------------------------------------------
def date_value(option: str, text: str | None) -> date | None:
    """A date option's value read as an import reads a date cell (2024-03-31, 31.3.2024,
    31. 3. 2024), so the notation a user imports with also filters; anything else is a
    usage error naming the option."""
    from evidence.cells import CellError, parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except CellError as exc:
        usage_error(f"{option}: {exc}")
