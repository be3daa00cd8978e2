"""The benchmark data sets: stores and workbooks of N clusters x years x records a year.

Why a module of its own: the measured code must find its data ready, and generating a
million records takes longer than most measurements. Data sets are built once, in
parallel processes (a cluster-year is the unit, see `synth`), and cached under
`data_dir()` under a name made of their parameters and `GENERATOR_VERSION`; a rerun
reuses them. Generation time is never measured.

Two outputs:
- a SQLite store filled through `Store` (so it is migrated and configured as users'
  stores are) and bulk inserts of `record_to_row(..., all_columns=True)` rows, i.e.
  the rows an import would write, without paying for an import;
- a workbook in the template's layout (a sheet per kind, header = the template's
  column names, `joined`/`left` for members, the id column left empty for clex to
  derive), written in openpyxl's write-only mode and then given what Excel and
  LibreOffice write but the write-only mode does not: a shared-string table and each
  sheet's `<dimension>`. Without the dimension, openpyxl's read-only mode parses every
  sheet twice, which would inflate the import baseline (and flatter the import ratio)
  with a cost no user's file has.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar
from zipfile import ZIP_DEFLATED, ZipFile

from evidence.models import KINDS, ClusterProfile, Record

from . import data_dir
from .synth import LAST_YEAR, ClusterYear, profile

log = logging.getLogger(__name__)

GENERATOR_VERSION = 2  # bump when `synth` changes what it generates: old caches are ignored
# 2: issue 15's data model (presence, training, org_id, region codes, expires, grants)
WORKBOOK_FORMAT = 2  # bump when the workbook's layout changes (2: shared strings, dimension)
T = TypeVar("T")


@dataclass(frozen=True)
class Spec:
    """N clusters x `years` x `per_year` records: the size and seed of one data set."""

    clusters: int
    years: int
    per_year: int
    seed: int = 8
    last_year: int = LAST_YEAR

    @property
    def records(self) -> int:
        return self.clusters * self.years * self.per_year

    @property
    def first_year(self) -> int:
        return self.last_year - self.years + 1

    def key(self) -> str:
        return (
            f"c{self.clusters}-y{self.years}-r{self.per_year}-s{self.seed}"
            f"-e{self.last_year}-g{GENERATOR_VERSION}"
        )

    def profile(self, index: int) -> ClusterProfile:
        return profile(self.seed, index, self.first_year)

    def slugs(self) -> list[str]:
        return [self.profile(i).slug for i in range(self.clusters)]

    def year_records(self, index: int, year: int) -> list[Record]:
        gen = ClusterYear(self.seed, index, year, self.first_year, self.last_year)
        return gen.records(self.per_year)

    def tasks(self) -> list[tuple[Spec, int, int]]:
        years = range(self.first_year, self.last_year + 1)
        return [(self, i, y) for i in range(self.clusters) for y in years]


def one_cluster(records: int, seed: int = 8) -> Spec:
    """One cluster, ten years, `records` records in all (assess-one, import, reports)."""
    return Spec(clusters=1, years=10, per_year=max(1, records // 10), seed=seed)


def _parallel(fn: Callable[[Any], T], tasks: list[Any], workers: int) -> Iterator[T]:
    """`fn` over `tasks` in spawned processes (results in task order)."""
    if workers <= 1 or len(tasks) == 1:
        yield from map(fn, tasks)
        return
    chunks = max(1, len(tasks) // (4 * workers))
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        yield from pool.map(fn, tasks, chunksize=chunks)


# -- the store -------------------------------------------------------------------------


def _store_rows(task: tuple[Spec, int, int]) -> list[dict[str, Any]]:
    from evidence.store import record_to_row

    spec, index, year = task
    return [
        record_to_row(r, version=1, import_id=None, all_columns=True)
        for r in spec.year_records(index, year)
    ]


def build_store(spec: Spec, *, workers: int = 2) -> Path:
    """A SQLite store holding `spec`'s evidence (cached; built on first use)."""
    from evidence.schema import evidence
    from evidence.store import Store

    path = data_dir() / f"store-{spec.key()}.db"
    if path.exists():
        return path
    tmp = path.with_name(path.name + ".part")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        stale.unlink(missing_ok=True)
    log.warning("generating a store of %s records: %s", f"{spec.records:,}", path.name)
    store = Store(str(tmp))
    for i in range(spec.clusters):
        store.add_cluster(spec.profile(i))
    batch: list[dict[str, Any]] = []
    for rows in _parallel(_store_rows, spec.tasks(), workers):
        batch.extend(rows)
        if len(batch) >= 50_000:
            with store.write() as conn:
                conn.execute(evidence.insert(), batch)
            batch = []
    if batch:
        with store.write() as conn:
            conn.execute(evidence.insert(), batch)
    store.engine.dispose()
    with closing(sqlite3.connect(tmp)) as raw:  # fold the WAL into the file: one file to cache
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for side in ("-wal", "-shm"):
        Path(f"{tmp}{side}").unlink(missing_ok=True)
    tmp.replace(path)
    return path


# -- the workbook ----------------------------------------------------------------------


def _cell(value: Any, ftype: str) -> Any:
    """A field value as a manager types it into the template."""
    if value is None or value == ():
        return None
    if ftype == "bool":
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


def _sheet_rows(task: tuple[Spec, int, int]) -> dict[str, list[tuple[Any, ...]]]:
    from evidence.workbook import template_fields

    spec, index, year = task
    out: dict[str, list[tuple[Any, ...]]] = {}
    for rec in spec.year_records(index, year):
        fields = template_fields(rec.kind)
        values = tuple(
            None if f.name == "id" else _cell(getattr(rec, f.name), f.type) for f in fields
        )
        out.setdefault(rec.kind, []).append(values)
    return out


def build_workbook(spec: Spec, *, workers: int = 2) -> Path:
    """A template-layout workbook with `spec.records` data rows (cached)."""
    from openpyxl import Workbook

    from evidence.workbook import header_label, template_fields

    path = data_dir() / f"workbook-{spec.key()}-x{WORKBOOK_FORMAT}.xlsx"
    if path.exists():
        return path
    log.warning("writing a workbook of %s rows: %s", f"{spec.records:,}", path.name)
    by_kind: dict[str, list[tuple[Any, ...]]] = {k: [] for k in KINDS}
    for part in _parallel(_sheet_rows, spec.tasks(), workers):
        for kind, rows in part.items():
            by_kind[kind].extend(rows)
    wb = Workbook(write_only=True)
    for kind in KINDS:
        ws = wb.create_sheet(kind)
        ws.append([header_label(kind, f.name) for f in template_fields(kind)])
        for values in by_kind.pop(kind):
            ws.append(values)
    raw = path.with_name(path.stem + ".raw.xlsx")
    wb.save(raw)
    tmp = path.with_name(path.stem + ".part.xlsx")
    _like_excel(raw, tmp)
    raw.unlink()
    tmp.replace(path)
    return path


_INLINE = re.compile(
    r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t((?: [^>]*)?)>(.*?)</t></is></c>'
)
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _like_excel(src: Path, dst: Path) -> None:
    """Inline strings become a shared-string table; each sheet gets its dimension."""
    from openpyxl.utils import get_column_letter

    strings: dict[tuple[str, str], int] = {}
    count = 0

    def shared(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        index = strings.setdefault((m[3], m[4]), len(strings))
        return f'<c r="{m[1]}"{m[2]} t="s"><v>{index}</v></c>'

    with ZipFile(src) as zin, ZipFile(dst, "w", ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info).decode("utf-8")
            if info.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data)
                last = data.rfind('<row r="')
                rows = int(data[last + 8 : data.index('"', last + 8)]) if last >= 0 else 1
                first = data[data.find("<row ") : data.find("</row>")]
                cols = max(first.count("<c "), 1)
                dim = f'<dimension ref="A1:{get_column_letter(cols)}{rows}" />'
                data = data.replace("<sheetViews>", dim + "<sheetViews>", 1)
            elif info.filename == "[Content_Types].xml":
                part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}" />'
                data = data.replace("</Types>", part + "</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rIdSST" />'
                data = data.replace("</Relationships>", rel + "</Relationships>")
            zout.writestr(info, data)
        items = "".join(f"<si><t{attrs}>{text}</t></si>" for attrs, text in strings)
        zout.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{count}" uniqueCount="{len(strings)}">{items}</sst>',
            ZIP_DEFLATED,
        )
