"""Snapshot files: written whole or not at all, read back with located errors.

Apart from `snapshot.py` (the models) because reading an old snapshot completes it from
its catalogue (`catalogue_view`), which itself builds on the models: models <- views <-
files, no cycle.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from evidence.findings import Finding, Location, UserDataError

from .catalogue_view import complete_old_snapshot
from .snapshot import SCHEMA, Snapshot


def write_snapshot(snapshot: Snapshot, path: Path) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(snapshot.to_json(), encoding="utf-8")
    tmp.replace(path)


def read_snapshot(path: Path | str) -> Snapshot:
    """Load and check a snapshot; a damaged or foreign file is a located user error."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserDataError([Finding(file=name, message=f"cannot read: {exc.strerror}")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserDataError([Finding(file=name, message=f"not a JSON snapshot ({exc})")]) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UserDataError(
            [
                Finding(
                    file=name,
                    message=(
                        f'not a clex snapshot (expected "schema": "{SCHEMA}"); write one with '
                        "`clex assess`"
                    ),
                )
            ]
        )
    try:
        snapshot = Snapshot.model_validate(data)
    except ValidationError as exc:
        raise UserDataError(
            [
                Finding(
                    file=name,
                    location=Location(key=".".join(str(p) for p in e["loc"])),
                    message=e["msg"],
                )
                for e in exc.errors()[:20]
            ],
            f"{name}: a damaged snapshot",
        ) from None
    if snapshot.catalogue.translations is None:  # written before the snapshot carried them
        snapshot = complete_old_snapshot(snapshot)
    return snapshot
