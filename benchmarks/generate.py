"""Deterministic, realistic evidence for the benchmarks: N clusters x years x records a year.

Why it looks like this: a benchmark on uniform noise would hide the costs users meet
(open-ended memberships that pile up over the years, the communication bulk that the
`in_period` metrics count, ids and digests of real-sized rows). Each cluster gets a
profile (country, region, sector) and each year a fixed institutional core (board
meetings, a general assembly, twelve newsletters, finance by source, a survey, KPI and
annual reports, a strategy every four years) plus a filler drawn by weight: social
posts, web news and press (the bulk), events at home and fairs abroad, joining members,
projects, services, documents. At 1,000 records a year a cluster has about 300 members
over ten years, 80 events and 700 communication items a year: an active, large
cluster. Every built-in `ecei-gold` metric reads some of it (values are neither all
zero nor all full marks).

A year of a cluster depends only on (seed, cluster, year), so years are generated in
parallel processes and the result never depends on the number of workers. Two outputs:
a store filled through `Store` and `record_to_row(..., all_columns=True)` bulk inserts,
and a workbook in the template's layout (header = field names, member/staff start and
end headers as the template names them), written in openpyxl's write-only mode. Both
are cached under `data_dir()` by their parameters; generation time is never measured.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from evidence.models import (
    KINDS,
    ClusterProfile,
    Communication,
    Document,
    Event,
    Finance,
    Member,
    Project,
    Record,
    Service,
    Source,
    Staff,
    Survey,
)

from . import data_dir

log = logging.getLogger(__name__)

GENERATOR_VERSION = 1  # bump when the generated content changes: old caches are ignored
LAST_YEAR = 2024

# country, its regions (the first is the cluster's home), cities, neighbours
COUNTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("CZ", ("Liberec Region", "South Moravian Region", "Prague", "Moravian-Silesian Region"),
     ("Liberec", "Brno", "Praha", "Ostrava"), ("DE", "SK", "AT", "PL")),
    ("DE", ("Bavaria", "Baden-Wuerttemberg", "Saxony", "North Rhine-Westphalia"),
     ("Muenchen", "Stuttgart", "Dresden", "Koeln"), ("AT", "CZ", "FR", "NL", "PL")),
    ("AT", ("Upper Austria", "Styria", "Vienna"), ("Linz", "Graz", "Wien"), ("DE", "CZ", "IT")),
    ("PL", ("Silesia", "Lesser Poland", "Masovia"), ("Katowice", "Krakow", "Warszawa"),
     ("DE", "CZ", "SK", "LT")),
    ("SK", ("Kosice Region", "Bratislava Region"), ("Kosice", "Bratislava"), ("CZ", "AT", "HU")),
    ("FR", ("Occitanie", "Auvergne-Rhone-Alpes", "Grand Est"), ("Toulouse", "Lyon", "Strasbourg"),
     ("DE", "ES", "IT", "BE")),
    ("ES", ("Catalonia", "Basque Country", "Valencia"), ("Barcelona", "Bilbao", "Valencia"),
     ("FR", "PT", "IT")),
    ("IT", ("Lombardy", "Piedmont", "Emilia-Romagna"), ("Milano", "Torino", "Bologna"),
     ("FR", "AT", "SI", "ES")),
    ("NL", ("North Brabant", "South Holland"), ("Eindhoven", "Rotterdam"), ("BE", "DE", "DK")),
    ("DK", ("Central Denmark", "Capital Region"), ("Aarhus", "Kobenhavn"), ("SE", "DE", "NO")),
)  # fmt: skip
SECTORS = (
    "Nanotextiles", "Automotive", "ICT", "Medical technology", "Energy", "Agrifood",
    "Aerospace", "Plastics", "Wood and furniture", "Creative industries", "Photonics",
    "Water technologies",
)  # fmt: skip
NAME_A = ("Nano", "Tech", "Bio", "Smart", "Euro", "Opti", "Green", "Digi", "Alpha", "Nova")
NAME_B = ("fibre", "systems", "motion", "lab", "works", "tronic", "solutions", "form", "med")
LEGAL = {"CZ": "s.r.o.", "SK": "s.r.o.", "DE": "GmbH", "AT": "GmbH", "PL": "sp. z o.o."}
TAGS = ("digital", "green", "export", "innovation", "skills")
FUNDERS = (
    ("European Commission", "Horizon Europe"),
    ("European Commission", "COSME / SMP Clusters"),
    ("Interreg", "Interreg Central Europe"),
    ("National agency", "Cluster programme"),
    ("Regional government", "Regional innovation strategy"),
)


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
            f"c{self.clusters}-y{self.years}-r{self.per_year}-s{self.seed}-"
            f"e{self.last_year}-g{GENERATOR_VERSION}"
        )


def profile(spec: Spec, index: int) -> ClusterProfile:
    """The profile of the `index`-th cluster of a data set (same spec, same profile)."""
    rng = random.Random(f"{spec.seed}:profile:{index}")
    country, regions, _, _ = COUNTRIES[index % len(COUNTRIES)]
    sector = SECTORS[(index // len(COUNTRIES)) % len(SECTORS)]
    slug = f"{country.lower()}-{sector.split()[0].lower()}-{index:03d}"
    return ClusterProfile(
        slug=slug,
        name=f"{sector} Cluster {regions[index % len(regions)]} {index}",
        country=country,
        region=regions[0],
        sector=sector,
        founded=spec.first_year - rng.randint(0, 6),
        website=f"https://{slug}.example",
        legal_form="registered association",
    )


# -- one year of one cluster ---------------------------------------------------------


class _Year:
    """Builds the records of one cluster in one year; all randomness from one seed."""

    def __init__(self, spec: Spec, index: int, year: int) -> None:
        self.spec, self.year = spec, year
        self.prof = profile(spec, index)
        self.slug = self.prof.slug
        self.country, self.regions, self.cities, self.abroad = COUNTRIES[index % len(COUNTRIES)]
        self.rng = random.Random(f"{spec.seed}:{index}:{year}")
        self.age = year - spec.first_year  # 0 in the first generated year
        self.out: list[Record] = []
        self.seq = 0

    def day(self, month_from: int = 1, month_to: int = 12) -> date:
        start = date(self.year, month_from, 1)
        stop = date(self.year + 1, 1, 1) if month_to == 12 else date(self.year, month_to + 1, 1)
        return start + timedelta(days=self.rng.randrange((stop - start).days))

    def n(self) -> int:
        self.seq += 1
        return self.seq

    def common(self, kind: str) -> dict[str, Any]:
        r = self.rng.random()
        recent = self.year >= self.spec.last_year - 1
        if recent:
            status = ("verified" if r < 0.35 else "submitted" if r < 0.80 else "draft"
                      if r < 0.92 else "needs_info" if r < 0.96 else "rejected")  # fmt: skip
        else:
            status = ("verified" if r < 0.75 else "submitted" if r < 0.95 else "needs_info"
                      if r < 0.97 else "rejected")  # fmt: skip
        data: dict[str, Any] = {
            "cluster": self.slug,
            "status": status,
            "source": Source(file=f"evidence-{self.year}.xlsx", sheet=kind, row=self.seq + 1),
        }
        if self.rng.random() < 0.3:
            data["tags"] = tuple(self.rng.sample(TAGS, self.rng.randint(1, 2)))
        if self.rng.random() < 0.2:
            data["url"] = f"https://{self.slug}.example/{kind}/{self.year}/{self.seq}"
        if self.rng.random() < 0.1:
            data["notes"] = "Checked against the original list; see the minutes for details."
        return data

    def add(self, cls: type[Record], **fields: Any) -> None:
        self.n()
        self.out.append(cls(**{**self.common(cls.model_fields["kind"].default), **fields}))

    # institutional core: the same few dozen records every year, whatever the size
    def core(self) -> None:
        y, rng = self.year, self.rng
        home = self.cities[0]
        for q in range(4):
            self.add(Event, title=f"Board meeting {q + 1}/{y}", start=self.day(3 * q + 1, 3 * q + 3),
                     role="organiser", format="board_meeting", city=home, country=self.country,
                     participants=rng.randint(5, 9), members_involved=rng.randint(5, 9),
                     audience="members")  # fmt: skip
            self.add(Document, title=f"Minutes of board meeting {q + 1}/{y}", doc_type="minutes",
                     start=self.day(3 * q + 1, 3 * q + 3))  # fmt: skip
        self.add(Event, title=f"General assembly {y}", start=self.day(4, 6), role="organiser",
                 format="general_assembly", city=home, country=self.country,
                 participants=rng.randint(30, 90), members_involved=rng.randint(25, 80),
                 audience="members")  # fmt: skip
        for m in range(12):
            self.add(Communication, title=f"Newsletter {m + 1}/{y}", channel="newsletter",
                     start=self.day(m + 1, m + 1), audience="members",
                     reach=rng.randint(150, 900))  # fmt: skip
        for kind in ("kpi_report", "annual_report"):
            self.add(Document, title=f"{kind.replace('_', ' ').capitalize()} {y}", doc_type=kind,
                     start=self.day(2, 4), approved_by="Board")  # fmt: skip
        if self.age % 4 == 0:
            approved = self.day(1, 6)
            for kind in ("strategy", "action_plan"):
                self.add(Document, title=f"Cluster {kind.replace('_', ' ')} {y}-{y + 3}",
                         doc_type=kind, start=approved, approved_by="General assembly",
                         approved_on=approved)  # fmt: skip
        if self.age == 0:
            founded = date(self.prof.founded or y, 3, 1)
            self.add(Document, title="Statutes of the cluster association", doc_type="statutes",
                     start=founded, approved_by="Founding members", approved_on=founded)  # fmt: skip
            self.add(Communication, title=f"Cluster website {self.slug}.example",
                     channel="website", start=founded, audience="public")  # fmt: skip
        sources = ("membership_fees", "paid_services", "public_regional", "public_national",
                   "public_eu", "project_funding", "private")  # fmt: skip
        for source in sources:
            if source in ("public_eu", "private") and rng.random() < 0.4:
                continue
            secured = date(y + rng.randint(1, 3), 12, 31) if rng.random() < 0.5 else None
            self.add(Finance, title=f"{source.replace('_', ' ').capitalize()} {y}", year=y,
                     source_type=source, start=date(y, 1, 1), end=date(y, 12, 31),
                     amount_eur=float(rng.randrange(5_000, 400_000, 500)),
                     secured_until=secured)  # fmt: skip
        if rng.random() < 0.85:
            invited = rng.randint(40, 250)
            self.add(Survey, title=f"Member satisfaction survey {y}", start=self.day(9, 11),
                     invited=invited, respondents=rng.randint(invited // 4, invited * 3 // 4),
                     satisfaction=round(rng.uniform(55, 92), 1))  # fmt: skip
        hires = 3 if self.age == 0 else int(rng.random() < 0.6)
        for _ in range(hires):
            start = self.day()
            end = start + timedelta(days=rng.randint(400, 3000)) if rng.random() < 0.4 else None
            role = rng.choice(("cluster manager", "project manager", "assistant", "analyst"))
            self.add(Staff, title=f"Team member {y}-{self.seq}, {role}", start=start, end=end,
                     role=role, fte=rng.choice((0.5, 0.8, 1.0, 1.0)),
                     training_hours=float(rng.randint(4, 60)))  # fmt: skip

    # the filler, drawn by weight: what grows with the size of a cluster
    def filler(self, count: int) -> None:
        makers = (
            (self.social, 42), (self.web_news, 12), (self.press, 8), (self.event, 10),
            (self.member, 5 if self.age else 12), (self.service, 6), (self.project, 3),
            (self.document, 4),
        )  # fmt: skip
        choose = self.rng.choices([m for m, _ in makers], [w for _, w in makers], k=count)
        for make in choose:
            make()

    def social(self) -> None:
        net = self.rng.choice(("LinkedIn", "X", "Facebook", "YouTube"))
        self.add(Communication, title=f"{net} post {self.year}-{self.seq}", start=self.day(),
                 channel="social_media", audience="public",
                 reach=self.rng.randint(50, 5000))  # fmt: skip

    def web_news(self) -> None:
        self.add(Communication, title=f"Web news {self.year}-{self.seq}: member success",
                 start=self.day(), channel="website", audience="public")  # fmt: skip

    def press(self) -> None:
        channel = self.rng.choice(("press_release", "media_mention", "media_mention",
                                   "publication", "presentation"))  # fmt: skip
        self.add(Communication, title=f"{channel.replace('_', ' ').capitalize()} "
                 f"{self.year}-{self.seq}", start=self.day(), channel=channel,
                 audience="public", reach=self.rng.randint(500, 50_000))  # fmt: skip

    def event(self) -> None:
        rng = self.rng
        if rng.random() < 0.25:  # abroad: fairs, missions, matchmaking with members
            fmt = rng.choice(("fair", "mission", "matchmaking", "study_visit", "conference"))
            self.add(Event, title=f"{fmt.replace('_', ' ').capitalize()} abroad "
                     f"{self.year}-{self.seq}", start=self.day(), format=fmt,
                     role=rng.choice(("exhibitor", "organiser", "co_organiser", "participant")),
                     country=rng.choice(self.abroad), participants=rng.randint(5, 400),
                     members_involved=rng.randint(0, 12), audience="mixed")  # fmt: skip
            return
        fmt = rng.choice(("workshop", "workshop", "training", "conference", "meeting",
                          "matchmaking", "other"))  # fmt: skip
        self.add(Event, title=f"{fmt.capitalize()} {self.year}-{self.seq}", start=self.day(),
                 format=fmt, role=rng.choice(("organiser", "organiser", "co_organiser",
                 "participant", "speaker")), city=rng.choice(self.cities), country=self.country,
                 participants=rng.randint(8, 200), members_involved=rng.randint(1, 40),
                 audience=rng.choice(("members", "mixed", "public")))  # fmt: skip

    def member(self) -> None:
        rng = self.rng
        joined = self.day()
        left = joined + timedelta(days=rng.randint(365, 3650)) if rng.random() < 0.3 else None
        home = rng.random() < 0.85
        country = self.country if home else rng.choice(self.abroad)
        region = (self.regions[0] if rng.random() < 0.7 else rng.choice(self.regions)) if home else None
        legal = LEGAL.get(country, "Ltd")
        self.add(Member, title=f"{rng.choice(NAME_A)}{rng.choice(NAME_B)} {self.year}-{self.seq} "
                 f"{legal}", start=joined, end=left, country=country, region=region,
                 type=rng.choices(("sme", "large_company", "startup", "research", "university",
                 "public", "association", "other"), (55, 12, 10, 8, 5, 4, 3, 3))[0],
                 committed=rng.random() < 0.8, fee_paying=rng.random() < 0.75)  # fmt: skip

    def service(self) -> None:
        rng = self.rng
        category = rng.choice(tuple(Service.model_fields["category"].annotation.__args__))  # type: ignore[union-attr]
        start = self.day()
        tags = tuple(t for t, p in (("digital", 0.25), ("green", 0.2)) if rng.random() < p)
        self.add(Service, title=f"{category.replace('_', ' ').capitalize()} service "
                 f"{self.year}-{self.seq}", start=start,
                 end=start + timedelta(days=rng.randint(0, 330)), category=category,
                 members_served=rng.randint(1, 60), fee_based=rng.random() < 0.3,
                 tags=tags)  # fmt: skip

    def project(self) -> None:
        rng = self.rng
        funder, programme = rng.choice(FUNDERS)
        start = self.day()
        end = start + timedelta(days=rng.randint(365, 4 * 365))
        budget = float(rng.randrange(50_000, 5_000_000, 1000))
        cutoff = date(self.spec.last_year, 12, 31)
        state = "planned" if rng.random() < 0.05 else ("completed" if end < cutoff else "running")
        self.add(Project, title=f"Project {self.year}-{self.seq}", start=start, end=end,
                 acronym=f"P{self.year % 100}{self.seq:04d}",
                 role=rng.choice(("lead", "partner", "partner", "support")), funder=funder,
                 programme=programme, budget_eur=budget,
                 cluster_budget_eur=round(budget * rng.uniform(0.05, 0.3), 2),
                 partner_countries=tuple(rng.sample(self.abroad, rng.randint(1, len(self.abroad)))),
                 member_participants=rng.randint(0, 15), project_status=state)  # fmt: skip

    def document(self) -> None:
        doc_type = self.rng.choices(("success_story", "press_clipping", "other", "award",
                                     "survey_report"), (40, 30, 20, 4, 6))[0]  # fmt: skip
        self.add(Document, title=f"{doc_type.replace('_', ' ').capitalize()} "
                 f"{self.year}-{self.seq}", start=self.day(), doc_type=doc_type)  # fmt: skip


def year_records(spec: Spec, index: int, year: int) -> list[Record]:
    """Exactly `spec.per_year` records of cluster `index` in `year`."""
    gen = _Year(spec, index, year)
    gen.core()
    if len(gen.out) > spec.per_year:  # tiny data sets: keep a fair sample of the core
        gen.out = sorted(gen.rng.sample(gen.out, spec.per_year), key=lambda r: r.start)
    gen.filler(spec.per_year - len(gen.out))
    return gen.out


# -- the store -------------------------------------------------------------------------


def _store_rows(args: tuple[Spec, int, int]) -> list[dict[str, Any]]:
    from evidence.store import record_to_row

    spec, index, year = args
    return [
        record_to_row(r, version=1, import_id=None, all_columns=True)
        for r in year_records(spec, index, year)
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
    log.warning("generating %s records into %s", f"{spec.records:,}", path.name)
    store = Store(str(tmp))
    for i in range(spec.clusters):
        store.add_cluster(profile(spec, i))
    tasks = [(spec, i, y) for i in range(spec.clusters) for y in range(spec.first_year, spec.last_year + 1)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        batch: list[dict[str, Any]] = []
        for rows in pool.map(_store_rows, tasks, chunksize=max(1, len(tasks) // (8 * workers))):
            batch.extend(rows)
            if len(batch) >= 50_000:
                _insert(store, evidence, batch)
                batch = []
        _insert(store, evidence, batch)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.engine.dispose()
    tmp.replace(path)
    Path(f"{tmp}-wal").unlink(missing_ok=True)
    Path(f"{tmp}-shm").unlink(missing_ok=True)
    return path


def _insert(store: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        with store.write() as conn:
            conn.execute(table.insert(), rows)


# -- the workbook ----------------------------------------------------------------------


def _cell(value: Any, ftype: str) -> Any:
    if value is None:
        return None
    if ftype == "bool":
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else None
    return value


def _sheet_rows(args: tuple[Spec, int, int]) -> dict[str, list[tuple[Any, ...]]]:
    """One cluster-year as template rows per kind (the id column left for clex to derive)."""
    from evidence.workbook import template_fields

    spec, index, year = args
    out: dict[str, list[tuple[Any, ...]]] = {}
    for rec in year_records(spec, index, year):
        fields = template_fields(rec.kind)
        values = tuple(
            None if f.name == "id" else _cell(getattr(rec, f.name), f.type) for f in fields
        )
        out.setdefault(rec.kind, []).append(values)
    return out


def workbook_spec(rows: int, seed: int = 8) -> Spec:
    """One cluster, ten years, `rows` records in all (the import case's file)."""
    return Spec(clusters=1, years=10, per_year=max(1, rows // 10), seed=seed)


def build_workbook(spec: Spec, *, workers: int = 2) -> Path:
    """A template-layout workbook with `spec.records` data rows (cached)."""
    from openpyxl import Workbook

    from evidence.workbook import header_label, template_fields

    path = data_dir() / f"workbook-{spec.key()}.xlsx"
    if path.exists():
        return path
    log.warning("writing a %s-row workbook %s", f"{spec.records:,}", path.name)
    by_kind: dict[str, list[tuple[Any, ...]]] = {k: [] for k in KINDS}
    tasks = [(spec, i, y) for i in range(spec.clusters) for y in range(spec.first_year, spec.last_year + 1)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        for part in pool.map(_sheet_rows, tasks):
            for kind, rows in part.items():
                by_kind[kind].extend(rows)
    wb = Workbook(write_only=True)
    for kind in KINDS:
        ws = wb.create_sheet(kind)
        ws.append([header_label(kind, f.name) for f in template_fields(kind)])
        for values in by_kind.pop(kind):
            ws.append(values)
    tmp = path.with_name(path.name + ".part.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return path


def clusters_of(spec: Spec) -> Sequence[ClusterProfile]:
    return [profile(spec, i) for i in range(spec.clusters)]


def digest(paths: Sequence[Path]) -> str:
    """A short fingerprint of generated files (shown with the results)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(f"{p.name}:{p.stat().st_size}".encode())
    return h.hexdigest()[:12]


def iter_kinds(records: Sequence[Record]) -> Iterator[tuple[str, int]]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    yield from sorted(counts.items())
