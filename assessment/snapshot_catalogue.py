"""The catalogue a snapshot was made with, found without reading a file the snapshot
names.

Why: a snapshot is a file anyone can edit, and its `catalogue.ref` is a path or a
built-in id. Loading whatever path it names let a forged snapshot make `clex verify`
read any file and print its lines as "catalogue problems" (`/etc/shadow`); even hashing
it would read a file of the forger's choosing (a device, a FIFO, a file of gigabytes).
So the snapshot's word is never a path: its catalogue is looked for among the built-in
ones (by SHA-256, then by the built-in id it names) and the files the user gives
(`--catalogue`, by SHA-256, then by id). A catalogue file the snapshot was made with
that is neither built in nor given is "not at hand", and the message says to give it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from criteria.loader import builtin_ids, require_catalogue, resolve
from criteria.models import Catalogue
from evidence.findings import Finding, Location, UserDataError

from .snapshot import CatalogueInfo


def snapshot_catalogue(info: CatalogueInfo, given: Sequence[Path] = ()) -> Catalogue:
    """The snapshot's catalogue: the one of its SHA-256 among the files the user `given`
    and the built-in ones, else the one of its id (a given file, or the built-in one the
    snapshot names; the caller sees it changed by its SHA-256); otherwise
    `UserDataError` saying which was not found and what to give."""
    files = [require_catalogue(path) for path in given]
    same = next((c for c in files if c.sha256 == info.sha256), None)
    if same is not None:
        return same
    built_in = next((b for b in builtin_ids() if _sha256(resolve(b)) == info.sha256), None)
    if built_in is not None:
        return require_catalogue(built_in)
    named = next((c for c in files if c.id == info.id), None)
    if named is not None:
        return named
    if info.ref in builtin_ids():  # a built-in one by its id, never a path
        return require_catalogue(info.ref)
    raise UserDataError(
        [
            Finding(
                location=Location(key="catalogue"),
                message=f"the catalogue {info.id} {info.version} the snapshot was made with "
                f"({info.ref}, SHA-256 {info.sha256[:12]}) is not at hand: it is not a built-in "
                "catalogue, and no file given with --catalogue has that SHA-256 or id; "
                "give the catalogue file with --catalogue",
            )
        ]
    )


def _sha256(path: Path) -> str:
    """The SHA-256 of a built-in catalogue's file (part of clex, a few hundred KB)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
