"""The catalogue a snapshot was made with, found without reading a file the snapshot
merely names.

Why: a snapshot is a file anyone can edit, and its `catalogue.ref` is a path or a
built-in id. Loading whatever path it names let a forged snapshot make `clex verify`
read any file and print its lines as "catalogue problems" (`/etc/shadow`). So the
snapshot's word alone is trusted for built-in catalogues only (by id); any other file is
read only when the user gives it (`--catalogue`) or, at the path the snapshot names,
when it is a regular, catalogue-sized file whose SHA-256 is the snapshot's own: a file
with that digest is the catalogue the snapshot was made with, whatever else it holds,
and a file with another digest is never parsed, so nothing of it can be shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from criteria.loader import builtin_ids, require_catalogue
from criteria.models import Catalogue
from evidence.findings import Finding, Location, UserDataError

from .snapshot import CatalogueInfo

LARGEST = 16 * 1024 * 1024  # bytes: a catalogue of a thousand indicators is ~1 MB


def snapshot_catalogue(info: CatalogueInfo, given: Sequence[Path] = ()) -> Catalogue:
    """The snapshot's catalogue: a file the user `given` whose SHA-256 or id matches
    (the same SHA-256 first), the built-in one of its id, or the file the snapshot names
    when its SHA-256 matches; otherwise `UserDataError` saying which was not found."""
    files = [require_catalogue(path) for path in given]
    same = next((c for c in files if c.sha256 == info.sha256), None)
    if same is not None:
        return same
    named = next((c for c in files if c.id == info.id), None)
    if named is not None:
        return named
    if info.ref in builtin_ids():
        return require_catalogue(info.ref)
    if _sha256(Path(info.ref)) == info.sha256:
        return require_catalogue(info.ref)
    raise UserDataError(
        [
            Finding(
                location=Location(key="catalogue"),
                message=f"the catalogue {info.id} {info.version} the snapshot was made with "
                f"(SHA-256 {info.sha256[:12]}) is not at hand: {info.ref} is not a built-in "
                "catalogue, and no file there has that SHA-256; give the catalogue file "
                "with --catalogue",
            )
        ]
    )


def _sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file no larger than a catalogue (None: not one)."""
    try:
        if not path.is_file() or path.stat().st_size > LARGEST:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):  # unreadable, or a path the OS refuses
        return None
