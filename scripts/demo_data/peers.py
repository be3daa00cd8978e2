"""The 22 peer snapshots `clex demo` compares the cluster with, made by the real engine.

Each peer gets a strength (weak .. excellent, shuffled over the names) and, from it,
"knobs": members, team, activity, recognition, each with its own noise. The knobs
become a few plain records, which the real importer loads into a scratch store and the
real engine assesses for 2024-2025; the snapshot is what ships. So the peers move when
the catalogue or the engine changes, which is why they are generated, not written by hand.
"""

# Records keep one field group per line, easier to read than the wrapped form; long
# lines are accepted in this file.
# ruff: noqa: E501

from __future__ import annotations

import json
import random
import shutil
import tempfile
from contextlib import chdir
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assessment import Period, assess
from assessment.snapshot import Judgement
from evidence.ingest import import_files
from evidence.models import ClusterProfile
from evidence.regions import resolve as resolve_region
from evidence.store import Store

from .files import clean, dump_yaml
from .tables.peers import PEER_NAMES, peer_sector
from .tables.story import AS_OF, SEED, Row


@dataclass(frozen=True)
class PeerKnobs:
    """What distinguishes one peer from another: size, team, activity, recognition."""

    members: int
    growth: float  # share of members that joined during the period
    company_share: float
    sme_share: float
    home_share: float
    foreign: int
    fte: float
    training: int
    stable_share: float
    board: int  # governance meetings a year
    strategy: bool
    g8: int
    private_share: float
    secured: bool
    newsletters: int
    member_events: int
    press: int
    web: int
    countries: int
    stories: int
    awards: int
    categories: int
    uses_per_member: float
    other_types: int  # distinct non-company member types (research, university ...)
    intl: int  # activities abroad with members a year
    projects: int
    budget: int
    surveys: int
    satisfaction: int
    digital: int
    green: int


def peer_knobs(rng: random.Random, strength: float) -> PeerKnobs:
    """Knobs around `strength` (0 weak .. 1 excellent), each with its own noise."""

    def lvl(lo: float, hi: float, spread: float = 0.2) -> float:
        s = min(1.0, max(0.0, strength + rng.uniform(-spread, spread)))
        return lo + (hi - lo) * s

    return PeerKnobs(
        members=round(lvl(16, 66)),
        growth=lvl(-0.04, 0.22),
        company_share=lvl(0.45, 0.8),
        sme_share=lvl(0.5, 0.85),
        home_share=lvl(0.3, 0.85),
        foreign=round(lvl(0, 7)),
        fte=round(lvl(0.5, 4.5) * 2) / 2,
        training=round(lvl(4, 40)),
        stable_share=lvl(0.3, 1.0),
        board=round(lvl(2, 6.4)),
        strategy=rng.random() < 0.3 + 0.7 * strength,
        g8=min(4, max(0, round(lvl(0, 4, 0.25)))),
        private_share=lvl(0.12, 0.6),
        secured=rng.random() < 0.2 + 0.7 * strength,
        newsletters=round(lvl(2, 12.4)),
        member_events=round(lvl(2, 11)),
        press=round(lvl(1, 12)),
        web=round(lvl(4, 30)),
        countries=round(lvl(0, 7)),
        stories=round(lvl(0, 3.4)),
        awards=round(lvl(0, 3.3, 0.3)),
        categories=round(lvl(2, 8.5)),
        uses_per_member=lvl(0.3, 2.4),
        other_types=round(lvl(0.6, 4.4)),
        intl=round(lvl(0, 5.4)),
        projects=round(lvl(0, 6)),
        budget=int(round(lvl(40000, 1800000), -4)),  # over the projects' 3.5 years
        surveys=min(2, round(lvl(-0.3, 2.3, 0.3))),
        satisfaction=round(lvl(58, 88)),
        digital=round(lvl(0, 5.5)),
        green=round(lvl(0, 5.5)),
    )


def peer_records(k: PeerKnobs, country: str, region: str, rng: random.Random) -> list[Row]:
    """Few, plain records that give the knobs' values in 2024-2025 (titles are generic)."""
    rows: list[Row] = []
    y0 = date(2024, 1, 1)

    def day(i: int, n: int) -> date:
        return date(2024 + (i * 2) // max(n, 1) % 2, 1 + (i * 7) % 12, 1 + (i * 11) % 27)

    new = round(k.members * max(k.growth, 0))
    left = round(k.members * max(-k.growth, 0)) + (1 if k.members > 30 else 0)
    companies = round(k.members * k.company_share)
    smes = round(companies * k.sme_share)
    others = ["research", "university", "public", "association"][: max(1, k.other_types)]
    for i in range(k.members + left):
        if i < smes:
            mtype = "startup" if i % 7 == 6 else "sme"
        elif i < companies:
            mtype = "large_company"
        else:
            mtype = others[i % len(others)]
        active = i < k.members
        foreign = active and i >= k.members - k.foreign
        joined = day(i, new) if k.members - new <= i < k.members else date(2015, 1 + i % 12, 1)
        home = not foreign and rng.random() < k.home_share
        rows.append(
            {"kind": "member", "title": f"Member {i + 1:03d}", "type": mtype,
             "country": "XX" if foreign else country, "region": region if home else None,
             "start": joined, "end": None if active else date(2024, 6, 30), "committed": True}
        )  # fmt: skip
    for row in rows:
        if row["country"] == "XX":
            row["country"] = "EE" if country != "EE" else "LV"
    fte_left = k.fte
    n = 0
    while fte_left > 0:
        fte = min(1.0, fte_left)
        stable = n < max(1, round(k.stable_share * (k.fte + 0.5)))
        start = date(2019, 1, 1) if stable else date(2024, 9, 1)
        rows.append({"kind": "staff", "title": f"Staff {n + 1}", "fte": fte, "start": start})
        for year in (2024, 2025):  # a yearly course of a week (up to 40 h), while employed
            if date(year, 10, 1) >= start:
                rows.append({"kind": "training", "title": f"Course {year}", "person": f"Staff {n + 1}",
                             "hours": k.training * fte, "start": date(year, 10, 1),
                             "end": date(year, 10, 5)})  # fmt: skip
        fte_left -= fte
        n += 1
    for i in range(k.board * 2):
        rows.append({"kind": "event", "title": f"Board meeting {i + 1}", "format": "board_meeting",
                     "start": day(i, k.board * 2), "audience": "members"})  # fmt: skip
    for i in range(k.member_events * 2):
        rows.append({"kind": "event", "title": f"Member event {i + 1}", "format": "workshop",
                     "role": "organiser", "audience": "members", "start": day(i, k.member_events * 2),
                     "country": country, "participants": 12 + i % 20})  # fmt: skip
    abroad = ["DE", "FR", "IT", "ES", "JP", "US", "BE", "KR"]
    abroad = [c for c in abroad if c != country]
    for i in range(max(k.intl * 2, k.countries)):
        rows.append({"kind": "event", "title": f"Activity abroad {i + 1}", "format": "fair",
                     "role": "exhibitor" if i < k.countries else "participant",
                     "country": abroad[i % min(len(abroad), max(k.countries, 1))],
                     "members_involved": 3 if i < k.intl * 2 else 0,
                     "start": day(i, k.intl * 2)})  # fmt: skip
    rows.append({"kind": "document", "doc_type": "statutes", "title": "Statutes",
                 "start": date(2025 - 2 - round(k.members / 8), 3, 1)})  # fmt: skip
    if k.strategy:
        rows.append({"kind": "document", "doc_type": "strategy", "title": "Strategy",
                     "start": date(2023, 11, 1), "approved_on": date(2023, 11, 1)})  # fmt: skip
    else:
        rows.append({"kind": "document", "doc_type": "strategy", "title": "Strategy",
                     "start": date(2019, 5, 1), "approved_on": date(2019, 5, 1)})  # fmt: skip
    for i in range(k.stories):
        rows.append({"kind": "document", "doc_type": "success_story", "title": f"Story {i + 1}",
                     "start": day(i, k.stories)})  # fmt: skip
    for i in range(k.awards):
        rows.append({"kind": "document", "doc_type": "award", "title": f"Award {i + 1}",
                     "start": day(i, k.awards)})  # fmt: skip
    total = 400000 + 100000 * k.fte
    private = round(total * k.private_share)
    y1 = date(2025, 12, 31)  # the amounts cover the two years
    rows.append({"kind": "finance", "title": "Private income", "source_type": "membership_fees",
                 "amount_eur": private, "start": y0, "end": y1})  # fmt: skip
    rows.append({"kind": "finance", "title": "Public income", "source_type": "public_national",
                 "amount_eur": round(total - private), "start": y0, "end": y1,
                 "secured_until": date(2027, 3, 31) if k.secured else date(2026, 3, 31)})  # fmt: skip
    rows.append({"kind": "presence", "platform": "website", "title": "Website",
                 "languages": "en", "start": date(2014, 1, 1)})  # fmt: skip
    rows.append({"kind": "presence", "platform": "eccp_profile", "title": "ECCP profile",
                 "start": date(2017, 1, 1)})  # fmt: skip
    for channel, per_year in (("newsletter", k.newsletters), ("press_release", k.press),
                              ("social_media", k.web)):  # fmt: skip
        for i in range(per_year * 2):
            rows.append({"kind": "communication", "channel": channel,
                         "title": f"{channel} {i + 1}", "start": day(i, per_year * 2)})  # fmt: skip
    categories = ["information", "matchmaking", "training", "internationalisation",
                  "collaborative_rd", "marketing", "access_to_finance", "consulting",
                  "infrastructure"]  # fmt: skip
    n_services = max(k.categories, k.digital, k.green)
    uses = round(k.uses_per_member * k.members * 2)
    for i in range(n_services):
        tags = [t for t, want in (("digital", k.digital), ("green", k.green)) if i < want]
        on = day(i, n_services)  # delivered once: its day is its end (else standing)
        rows.append({"kind": "service", "title": f"Service {i + 1}",
                     "category": categories[i % max(k.categories, 1)],
                     "members_served": uses // n_services, "start": on, "end": on,
                     "tags": ", ".join(tags) or None})  # fmt: skip
    per_project = k.budget // max(k.projects, 1)
    for i in range(max(k.projects, 1)):
        rows.append({"kind": "project", "title": f"Project {i + 1}", "project_status": "running",
                     "member_participants": 4 if i < k.projects else 1,
                     "cluster_budget_eur": per_project, "start": date(2023, 1 + i, 1),
                     "end": date(2026, 6, 30)})  # fmt: skip
    for i in range(k.surveys):
        rows.append({"kind": "survey", "title": f"Survey {i + 1}", "start": date(2024 + i, 11, 1),
                     "invited": k.members, "respondents": max(10, k.members // 2),
                     "satisfaction": k.satisfaction - 3 + 3 * i})  # fmt: skip
    return [clean(r) for r in rows]


def write_peers(out: Path) -> list[float]:
    """Peer snapshots, 2024-2025, from the real importer and engine on a scratch store."""
    rng = random.Random(SEED + 1)
    folder = out / "peers"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    overall = []
    strengths = [0.12 + 0.83 * i / (len(PEER_NAMES) - 1) for i in range(len(PEER_NAMES))]
    rng.shuffle(strengths)
    with tempfile.TemporaryDirectory() as tmp, chdir(tmp):
        store = Store(str(Path(tmp) / "peers.db"))
        for n, ((name, country, region), strength) in enumerate(
            zip(PEER_NAMES, strengths, strict=True), start=1
        ):
            slug = f"peer-{n:02d}"
            store.add_cluster(
                ClusterProfile(
                    slug=slug,
                    name=name,
                    country=country,
                    region=resolve_region(region, country),  # as `clex init` stores it
                    sector=peer_sector(name),
                    founded=2008 + n % 9,
                )
            )
            k = peer_knobs(rng, strength)
            source = Path(f"{slug}.yaml")
            dump_yaml(source, peer_records(k, country, region, rng), f"# {name}")
            import_files(store, [source], cluster=slug, workspace=Path(tmp))
            strategy = store.records(slug, kind="document")
            doc_ids = [r.id for r in strategy if r.title == "Strategy"]
            judged = [
                Judgement(indicator="G8", level=k.g8, rationale="Peer self-assessment.",
                          evidence=doc_ids if k.g8 else [], assessor="Peer cluster")
            ]  # fmt: skip
            snap = assess(store, slug, Period.parse("2024-2025"), as_of=AS_OF, judgements=judged)
            # compact JSON: the peers ship in the package and are read only by the engine
            data = snap.model_dump(mode="json", by_alias=True)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
            (folder / f"{slug}.json").write_text(text, encoding="utf-8")
            overall.append(snap.overall)
        store.engine.dispose()
    return overall
