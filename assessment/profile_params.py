"""A cluster's own values (`$country`, `$region`, `$founded`) as parameters of statements
that every cluster shares, bound when they run.

Why: a metric plan's SQL had these values written into it, so each profile got plans of
its own. Among the benchmark's 100 clusters there are 54 profiles, and the first
assessment of all of them took 7.5 s against 1.9 s for the next one, nearly all of it
building plans again (issue 19 names plan keys among the per-cluster costs). Now the
statement holds a parameter in their place, and one plan serves every profile that
gives the same of these values. Whether a value is given still matters: a condition on a
value the profile lacks matches nothing, which is another statement (`given`).

Where the SQL must hold the value itself (a list field that holds it, a text that
contains it: both are built from the string), the plan stays the profile's own
(`Opened.pinned`), as before.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, Date, String, bindparam

from evidence.models import ClusterProfile

from .period import Period, resolve_value
from .profile_needs import profile_variables, variables

T = TypeVar("T")
OWN = tuple(profile_variables())  # the profile's fields, not the period's: country ...


def own_variable(value: object) -> bool:
    """Whether `value` (a value, or a condition of mappings and lists) uses any of the
    profile's own `$variables`, with or without an offset."""
    return any(name in OWN for name in variables(value))


def given(profile: ClusterProfile) -> tuple[bool, ...]:
    """Which of its own values the profile gives (part of a shared plan's key)."""
    return tuple(getattr(profile, name) is not None for name in OWN)


def own_values(profile: ClusterProfile) -> tuple[Any, ...]:
    """The values themselves (the key of a plan that is the profile's own)."""
    return tuple(getattr(profile, name) for name in OWN)


@dataclass
class Opened:
    """The parameters a plan's statements leave open for the cluster's own values: each
    parameter's name -> (the `$variable` as written, "date" or "text": how the field it
    is compared with holds it)."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    pinned: bool = False  # some statement holds a value itself: the plan is the profile's

    def param(self, raw: str, as_type: str) -> BindParameter[Any]:
        """The open parameter standing for `$variable` `raw` compared as `as_type`."""
        spelt = raw[1:].replace("-", "_minus_").replace("+", "_plus_")
        name = "own_" + "".join(c if c.isalnum() else "_" for c in spelt) + "_" + as_type
        self.names[name] = (raw, as_type)
        return bindparam(name, type_=Date if as_type == "date" else String)

    def values(self, profile: ClusterProfile, period: Period, as_of: date | None) -> dict[str, Any]:
        """The open parameters' values for `profile`, as the statements bind them."""
        out: dict[str, Any] = {}
        for name, (raw, as_type) in self.names.items():
            value = resolve_value(raw, profile=profile, period=period, as_of=as_of)
            if value is None or as_type == "date":
                out[name] = value
            else:
                out[name] = str(value)
        return out


class Plans(Generic[T]):
    """Plans (or prepared statements) by key, least recently used out when more than
    `kept` are kept; a key holds whether the profile gives each of its own values
    (`given`), and a plan that holds the values themselves (`pinned`) is kept under
    them too, so that only that profile finds it."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._plans: OrderedDict[Hashable, T] = OrderedDict()
        self._pinned: set[Hashable] = set()  # keys whose plans are each profile's own

    def get(self, key: tuple[Any, ...], profile: ClusterProfile) -> T | None:
        """The plan kept for `key` (with `profile`'s own values where they are in it)."""
        full = self._key(key, profile)
        found = self._plans.get(full)
        if found is not None:
            with contextlib.suppress(KeyError):  # another thread's plan pushed it out
                self._plans.move_to_end(full)
        return found

    def put(self, key: tuple[Any, ...], profile: ClusterProfile, plan: T, pinned: bool) -> None:
        """Keeps `plan`, built for `profile`; `pinned`: it holds the profile's values."""
        if pinned and key not in self._pinned:
            if len(self._pinned) > self.kept:
                self._pinned.clear()
            self._pinned.add(key)
        # by `pinned`, not by the set, which another thread may just have cleared: a
        # pinned plan under the bare key would give every profile this one's values
        self._plans[(*key, own_values(profile)) if pinned else key] = plan
        if len(self._plans) > self.kept:
            self._plans.popitem(last=False)

    def _key(self, key: tuple[Any, ...], profile: ClusterProfile) -> tuple[Any, ...]:
        return (*key, own_values(profile)) if key in self._pinned else key

    def clear(self) -> None:
        self._plans.clear()
        self._pinned.clear()

    def __len__(self) -> int:
        return len(self._plans)
