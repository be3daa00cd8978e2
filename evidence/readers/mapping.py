"""Read a `.yaml`/`.yml` or `.json` file (a list of records) into raw rows.

JSON is YAML, so both go through the safe YAML reader with line marks
(`evidence.yamlsource`): a record's row is the line it starts on, and an unknown field
or kind is reported at its key's line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..import_rules import removed_field
from ..messages import M
from ..models import KINDS, kind_fields
from .rows import REVIEW_COLUMNS, RawRow, normalise_header, unknown_kind


def mapping_rows(path: Path, kind: str | None, findings: list[Finding]) -> Iterator[RawRow]:
    """The records of a YAML/JSON list (or of its `evidence:` key), one row per record."""
    from ..yamlsource import read_yaml  # imported when first needed, as before

    doc = read_yaml(path)
    findings.extend(doc.findings)
    data = doc.data
    if data is None:
        return
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and "evidence" in data:
        data, prefix = data["evidence"], ("evidence",)
    if not isinstance(data, list):
        findings.append(doc.finding((), "expected a list of records, each a mapping with `kind`"))
        return
    for i, item in enumerate(data):
        line = doc.location((*prefix, i)).line or 1
        if not isinstance(item, dict):
            findings.append(doc.finding((*prefix, i), "each record is a mapping of field: value"))
            continue
        row_kind = str(item.get("kind") or kind or "").casefold()
        if row_kind not in KINDS:
            findings.append(
                doc.finding(
                    (*prefix, i, "kind") if "kind" in item else (*prefix, i),
                    unknown_kind(row_kind),
                )
            )
            continue
        known = set(kind_fields(row_kind)) | set(REVIEW_COLUMNS) | {"kind"}
        cells: dict[str, tuple[str, Any]] = {}
        for key, value in item.items():
            fname = normalise_header(key)
            if fname not in known:
                findings.append(
                    doc.finding(
                        (*prefix, i, key),
                        removed_field(row_kind, fname)
                        or M(
                            "{kind} has no field {field}; fields are {fields}",
                            kind=row_kind,
                            field=repr(key),
                            fields=", ".join(kind_fields(row_kind)),
                        ),
                        key=True,
                    )
                )
            elif fname != "kind":
                cells[fname] = (fname, value)
        yield RawRow(file=str(path), sheet=None, row=line, kind=row_kind, cells=cells)
