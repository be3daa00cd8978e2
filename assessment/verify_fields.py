"""Every field of a snapshot that the store re-derives, compared with the re-derivation.

Why: `clex verify` used to compare what a person reads first (values, points, areas,
labels, gaps, the cluster) and nothing else. A forger can re-seal a snapshot's digest
(`snapshot.content_digest` is public arithmetic, not a signature), so anything left out
of the comparison could be changed at will and still be "verified": a label's title, an
explanation, the awards, the Gold blockers, the concerns, a record's title, the
catalogue's titles. Here the snapshot and the one the store derives now are walked side
by side as JSON, so that a field added to the snapshot later is compared without
anyone remembering to add it; only what the snapshot was made *from* is left out (the
period, the as-of date, the mode, the judgements, the earlier assessment, the improvement
areas: they are the re-derivation's inputs; the snapshot's word on them is all there
is) and what no store can know (the tool's version, the digest, the path the catalogue
was read from: a copy of a built-in catalogue has its SHA-256 under any name).

A difference is named by its path in the file ("indicators.S1.explanation",
"labels.gold.title"), one finding per item (an indicator, a label, a record, a gap) with
each field that differs; lists of items are matched by their id, so a removed one is
"missing from the snapshot", not a shift of every item after it. The caller passes the
paths it already reported in its own words (`skip`), so nothing is said twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .snapshot import Snapshot

Problem = tuple[str, str]  # (where in the snapshot, what differs)

# what the re-derivation is given, or what no store can know
NOT_DERIVED = frozenset(
    {
        "schema",
        "tool_version",
        "digest",
        "created",
        "period",
        "mode",
        "include_drafts",
        "judgements",
        "previous",
        "improvements",
        "catalogue.ref",
    }
)
# the field that names an item of a list, by the list's name
ITEM_KEYS = ("id", "indicator", "label")
SHOWN_FIELDS = 8  # fields named per item before "and N more"
SHORT = 200  # a scalar shown then and now when its text is at most this long


def field_differences(snap: Snapshot, again: Snapshot, skip: Iterable[str] = ()) -> list[Problem]:
    """Each item (or top-level field) of `snap` whose fields differ from `again`, the
    snapshot the store derives now; paths in `skip` (and below them) left out."""
    then = snap.model_dump(mode="json", by_alias=True)
    now = again.model_dump(mode="json", by_alias=True)
    skipped = set(skip) | NOT_DERIVED
    grouped: dict[str, list[tuple[str, Any, Any]]] = {}
    for path, a, b in _walk("", then, now):
        if _under(path, skipped):
            continue
        item, rest = _item(path)
        grouped.setdefault(item, []).append((rest, a, b))
    return [(item, _message(diffs)) for item, diffs in grouped.items()]


def _under(path: str, prefixes: set[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:n]) in prefixes for n in range(1, len(parts) + 1))


def _item(path: str) -> tuple[str, str]:
    """("indicators.S1", "explanation") of "indicators.S1.explanation"; a top-level
    field is its own item ("reviewed", "")."""
    parts = path.split(".", 2)
    if len(parts) >= 2 and parts[0] in _LISTS:
        return ".".join(parts[:2]), ".".join(parts[2:])
    return parts[0], ".".join(parts[1:])


_LISTS = frozenset(
    {"indicators", "areas", "labels", "evidence", "awards", "gaps", "gold_path", "gold_blocked"}
)
_ABSENT = object()  # an item or key on one side only


class _Count(int):
    """How many items a list has, where two lists of unnamed items differ in length."""

    def __str__(self) -> str:
        return f"{int(self)} item" + ("" if self == 1 else "s")


def _walk(path: str, a: Any, b: Any) -> Iterator[tuple[str, Any, Any]]:
    """(path, then, now) of each leaf that differs; dicts by key, lists of items by
    their id, other lists by position."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in dict.fromkeys([*a, *b]):
            yield from _walk(_join(path, str(key)), a.get(key, _ABSENT), b.get(key, _ABSENT))
    elif isinstance(a, list) and isinstance(b, list):
        key = _key_of(a, b)
        if key is None:
            if len(a) != len(b):
                yield path, _Count(len(a)), _Count(len(b))
                return
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                yield from _walk(_join(path, str(i)), x, y)
            return
        mine = {str(x[key]): x for x in a}
        theirs = {str(y[key]): y for y in b}
        for ident in dict.fromkeys([*mine, *theirs]):
            yield from _walk(
                _join(path, ident), mine.get(ident, _ABSENT), theirs.get(ident, _ABSENT)
            )
    elif not _equal(a, b):
        yield path, a, b


def _key_of(a: list[Any], b: list[Any]) -> str | None:
    """The field naming the items of two lists, when every item has one, unique."""
    items = a + b
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for key in ITEM_KEYS:
        if all(key in x for x in items):
            if len({str(x[key]) for x in a}) == len(a) and len({str(y[key]) for y in b}) == len(b):
                return key
            return None
    return None


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return bool(a == b)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _message(diffs: list[tuple[str, Any, Any]]) -> str:
    """One item's differences in words: a whole item on one side only, a single field
    then and now, or the fields that differ."""
    if len(diffs) == 1:
        rest, a, b = diffs[0]
        if a is _ABSENT:
            return "missing from the snapshot, derived now" + (f" ({rest})" if rest else "")
        if b is _ABSENT:
            return "not derived now: the store gives no such" + (f" {rest}" if rest else " item")
        shown = f"{_shown(a)} in the snapshot, {_shown(b)} derived now"
        if _short(a) and _short(b):
            return (f"{rest}: " if rest else "") + shown
        return (f"{rest} " if rest else "") + "differs from what the store derives now"
    names = sorted({rest.split(".")[0] or "(itself)" for rest, _, _ in diffs})
    more = len(names) - SHOWN_FIELDS
    listed = ", ".join(names[:SHOWN_FIELDS]) + (f" and {more} more" if more > 0 else "")
    return f"differs from what the store derives now: {listed}"


def _short(value: Any) -> bool:
    return value is None or (
        not isinstance(value, (dict, list)) and value is not _ABSENT and len(str(value)) <= SHORT
    )


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, _Count):
        return str(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
