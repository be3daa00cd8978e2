"""Writing the files: the filled-in workbook, YAML without aliases, and record ids.

The demo data is shipped in the package and `tests/test_demo.py` checks that it is what
the generator writes, so every writer here is byte-reproducible: fixed zip timestamps and
document properties in the workbook, a fixed YAML style. `record_id` asks the real
models for the id the importer will give a row, so judgements and reviews can name
records before any import has run.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from evidence.models import make_record
from evidence.workbook import header_label, write_template

from .tables.story import SLUG, ZIP_TIME, Row


def record_id(kind: str, row: Row) -> str:
    """The id the importer will derive for this row (evidence.models.derive_id)."""
    data = {k: v for k, v in row.items() if v is not None}
    if isinstance(data.get("tags"), str):
        data["tags"] = tuple(t.strip() for t in data["tags"].split(",") if t.strip())
    return make_record({**data, "kind": kind, "cluster": SLUG}).id


def write_workbook(path: Path, sheets: dict[str, list[Row]]) -> None:
    """The blank `clex template` workbook with the rows filled in, bytes reproducible."""
    from openpyxl import load_workbook

    blank = path.with_name(path.name + ".blank.xlsx")
    write_template(blank)
    wb = load_workbook(blank)
    blank.unlink()
    for kind, rows in sheets.items():
        ws = wb[kind]
        columns = {str(c.value): c.column for c in ws[1] if c.value}
        for r, row in enumerate(rows, start=2):
            for field, value in row.items():
                if value is None:
                    continue
                col = columns[header_label(kind, field)]
                if isinstance(value, bool):
                    value = "yes" if value else "no"
                ws.cell(row=r, column=col, value=value)
    wb.properties.creator = "clex scripts/make_demo_data.py"
    wb.properties.created = datetime(*ZIP_TIME)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    _normalise_zip(tmp, path)
    tmp.unlink()


def _normalise_zip(src: Path, dst: Path) -> None:
    """Fixed timestamps inside the zip and in docProps, so the bytes do not change."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2026-01-15T00:00:00Z\g<2>",
                    data,
                )
            out = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            zout.writestr(out, data)


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors/aliases (the importer refuses them, rightly)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(path: Path, data: Any, header: str) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header.rstrip() + "\n" + text, encoding="utf-8")


def clean(row: Row) -> Row:
    """The row without its empty fields, as a YAML evidence file lists it."""
    return {k: v for k, v in row.items() if v is not None}
