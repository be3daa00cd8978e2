"""Which cluster a snapshot is of, among the snapshots a benchmark or a spread reads.

Why a module of its own: a group is shown only from five *clusters*, not five files
(DOMAIN.md), so two files of one cluster must count once and two clusters must never
merge; the slug is each store's own choice (`assessment.benchmark`), so a cluster is
its name and country. Two ways that went wrong:

- a name compared as member names are (`evidence.members.name_key`) drops a legal form
  wherever it stands, so "EV Cluster" (electric vehicles) and "AS Cluster" were both
  "cluster", one cluster of the two. Here a legal form is dropped at the end only,
  where a name carries it ("Nanoprogress, z.s.", "Cluster Übersee e.V."); case,
  accents and punctuation still do not matter;
- a snapshot without a country was a cluster of its own beside the same cluster's file
  that had one: one cluster counted twice (and the assessed cluster, without its
  country, was a peer of itself). Here a snapshot without a country is the cluster of
  its name in the one country the other snapshots give it; when they give it several,
  which one it is cannot be told, and the file is left out saying what to do (`unclear`);
- one cluster entered in a second store under another name ("Peer cluster 2" and "Peer
  cluster 2 (CZ)") passed as two, so four clusters made five peers. Here a country in
  brackets at the name's end is dropped as a legal form is, and snapshots of the same
  evidence are one cluster whatever their names (`Clusters.same`): the same records'
  contents and statuses (`evidence_key`; not `Snapshot.evidence_digest`, whose record
  ids a store derives from its own slug); a snapshot with no evidence merges with none.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from evidence.countries import CountryError, country_code, country_or_as_written
from evidence.members import trailing_form_key
from evidence.messages import M, Msg

from .snapshot import Snapshot

# A cluster as a benchmark tells clusters apart: (its country, its name as compared),
# ("CZ", "nanoprogress").
Cluster = tuple[str, str]


def country_of(snap: Snapshot) -> str:
    """The snapshot's country as an import reads it (an older snapshot's UK is GB); ""
    when it has none (and as written when it is no country)."""
    country = snap.cluster.country
    return country_or_as_written(country) if country else ""


_BRACKETED = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")


def name_key(snap: Snapshot) -> str:
    """The snapshot's cluster's name as compared: a legal form at its end dropped
    (`trailing_form_key`), and so is a country in brackets there ("Peer cluster 2 (CZ)"),
    when it is the snapshot's own country or the snapshot has none."""
    name = snap.cluster.name
    found = _BRACKETED.search(name)
    if found:
        try:
            named = country_code(found.group(1))
        except CountryError:
            named = ""
        if named and country_of(snap) in ("", named):
            name = name[: found.start()]
    return trailing_form_key(name)


def evidence_key(snap: Snapshot) -> str:
    """What the records behind a snapshot say and their statuses, without their ids (a
    record's id is derived from its cluster's slug when the file gives none): two
    snapshots with the same key are of the same evidence, whichever store holds it."""
    lines = sorted(f"{r.content_sha256}:{r.status}" for r in snap.evidence)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def cluster_of(snap: Snapshot) -> Cluster:
    """("CZ", "nanoprogress"): a snapshot's cluster by its own country and name, as
    `Clusters.of` gives it once a snapshot without a country has been given its
    (`Clusters.filled`)."""
    return (country_of(snap), name_key(snap))


class Clusters:
    """Which cluster each of a set of snapshots is of (module docstring)."""

    def __init__(self, snaps: Iterable[Snapshot]) -> None:
        snaps = list(snaps)
        self.countries: dict[str, set[str]] = {}
        for snap in snaps:
            country = country_of(snap)
            if country:
                self.countries.setdefault(name_key(snap), set()).add(country)
        # the same evidence is the same cluster: each cluster's first one of its evidence
        self._joined: dict[Cluster, Cluster] = {}
        first: dict[str, Cluster] = {}
        for snap in snaps:
            found = self.of(snap)
            if found is None or not snap.evidence:
                continue
            self._join(first.setdefault(evidence_key(snap), found), found)

    def _root(self, c: Cluster) -> Cluster:
        while self._joined.get(c, c) != c:
            c = self._joined[c]
        return c

    def _join(self, a: Cluster, b: Cluster) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self._joined[max(ra, rb)] = min(ra, rb)

    def same(self, snap: Snapshot) -> Cluster | None:
        """The cluster a snapshot is of, one for every snapshot of the same evidence
        (`of` joined by `evidence_key`); None as `of` gives it."""
        found = self.of(snap)
        return None if found is None else self._root(found)

    @staticmethod
    def name(snap: Snapshot) -> str:
        """The snapshot's cluster's name as compared."""
        return name_key(snap)

    def of(self, snap: Snapshot) -> Cluster | None:
        """("CZ", "nanoprogress"); None when the snapshot has no country and clusters of its
        name are in several countries (`unclear` says so)."""
        name = self.name(snap)
        country = country_of(snap)
        if not country:
            known = self.countries.get(name, set())
            if len(known) > 1:
                return None
            country = next(iter(known), "")
        return (country, name)

    def filled(self, snap: Snapshot) -> Snapshot:
        """The snapshot with the country `of` found for it, when it had none: the same
        cluster is in its country's group whichever of its files is compared."""
        found = self.of(snap)
        country = found[0] if found else ""
        if snap.cluster.country or not country:
            return snap
        return snap.model_copy(
            update={"cluster": snap.cluster.model_copy(update={"country": country})}
        )

    def unclear(self, snap: Snapshot) -> Msg:
        """Why a snapshot's cluster cannot be told (`of` gave None), and what to do;
        naming no cluster (peers never appear by name, `assessment.benchmark`)."""
        return M(
            "no country, and clusters of the same name are in {n} countries: which one it "
            "is cannot be told; set its cluster's country ({command}) and assess again",
            n=len(self.countries.get(self.name(snap), ())),
            command="clex init --cluster SLUG --country CODE",
        )

    def perhaps_own(self, own: Snapshot) -> Msg:
        """Why a peer of the assessed cluster's name is left out when the assessed
        snapshot has no country and its name is in several countries."""
        return M(
            "perhaps the assessed cluster, whose snapshot has no country: set it ({command}) "
            "and assess again",
            command=f"clex init --cluster {own.cluster.slug} --country CODE",
        )
