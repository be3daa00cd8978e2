"""What one cluster does in one year, as evidence records: the content of the data sets.

Why it looks like this: a benchmark on uniform noise would hide the costs users meet
(open-ended memberships that pile up over the years, the communication bulk that the
`in_period` metrics count, ids and digests of real-sized rows). Each cluster gets a
profile (country, region code, sector, founding year) and each year a fixed
institutional core (four board meetings with minutes, a general assembly, twelve
newsletters, finance by source for the financial year and now and then a grant entered
once for its whole span, a survey with invited and respondents, KPI and annual reports,
a strategy and action plan every four years, hires, dated training entries) plus a
filler drawn by weight: social posts, web news and press (the bulk), events at home and
fairs abroad (with participants; a few too small to count), joining members (with an
org_id, a region code, sometimes an agreement that expires), services (a few that served
no one), projects, documents. The cluster's website (in English, or for some only in
the local language) and its ECCP profile are `presence` records. At 1,000
records a year a cluster has about 500 members over ten years, about 100 events and
700 communication items a year: a large, active cluster. Every built-in `ecei-gold`
metric reads some of it, so no value is trivially zero.

A year depends only on (seed, cluster, year): years can be generated in any order, in
parallel, with the same result. Statuses mix as in a store being prepared for an
audit: older years mostly verified, the last two with drafts and open questions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from assessment.period import shift
from evidence.models import (
    ClusterProfile,
    Communication,
    Document,
    Event,
    Finance,
    Member,
    Presence,
    Project,
    Record,
    Service,
    Source,
    Staff,
    Survey,
    Training,
    kind_fields,
)

LAST_YEAR = 2024


@dataclass(frozen=True)
class Country:
    code: str
    language: str  # ISO 639-1: the language of its clusters' websites besides English
    regions: tuple[str, ...]  # ISO 3166-2 codes; the first is where its clusters are based
    cities: tuple[str, ...]
    abroad: tuple[str, ...]  # where its clusters go to fairs and find partners


def _land(code: str, language: str, regions: str, cities: str, abroad: str) -> Country:
    return Country(
        code, language, tuple(regions.split()), tuple(cities.split("|")), tuple(abroad.split())
    )


COUNTRIES = (
    _land("CZ", "cs", "CZ-51 CZ-64 CZ-10", "Liberec|Brno", "DE SK AT PL"),
    _land("DE", "de", "DE-BY DE-SN DE-BW", "Muenchen|Dresden", "AT CZ FR NL"),
    _land("AT", "de", "AT-4 AT-6 AT-9", "Linz|Graz", "DE CZ IT"),
    _land("PL", "pl", "PL-24 PL-12 PL-14", "Katowice|Krakow", "DE CZ SK LT"),
    _land("SK", "sk", "SK-KI SK-BL", "Kosice|Bratislava", "CZ AT HU"),
    _land("FR", "fr", "FR-OCC FR-GES FR-BRE", "Toulouse|Strasbourg", "DE ES IT BE"),
    _land("ES", "es", "ES-CT ES-PV", "Barcelona|Bilbao", "FR PT IT"),
    _land("IT", "it", "IT-25 IT-21 IT-45", "Milano|Torino", "FR AT SI"),
    _land("NL", "nl", "NL-NB NL-ZH", "Eindhoven|Rotterdam", "BE DE DK"),
    _land("DK", "da", "DK-82 DK-84", "Aarhus|Kobenhavn", "SE DE NO"),
)
SECTORS = (
    "Nanotextiles", "Automotive", "ICT", "Medtech", "Energy", "Agrifood", "Aerospace",
    "Plastics", "Wood", "Creative", "Photonics", "Water",
)  # fmt: skip
NAME_A = ("Nano", "Tech", "Bio", "Smart", "Euro", "Opti", "Green", "Digi", "Alpha", "Nova")
NAME_B = ("fibre", "systems", "motion", "lab", "works", "tronic", "solutions", "form", "med")
LEGAL = {"CZ": "s.r.o.", "SK": "s.r.o.", "DE": "GmbH", "AT": "GmbH", "PL": "sp. z o.o."}
TAGS = ("digital", "green", "internationalisation", "innovation", "skills", "energy")
MEMBER_TYPES: tuple[str, ...] = ("sme", "large_company", "startup", "research", "university")
MEMBER_TYPES += ("public", "association", "other")
MEMBER_WEIGHTS = (55, 12, 10, 8, 5, 4, 3, 3)
FUNDERS = (
    ("European Commission", "Horizon Europe"),
    ("European Commission", "Single Market Programme, clusters"),
    ("Interreg", "Interreg Central Europe"),
    ("National agency", "Cluster programme"),
    ("Regional government", "Regional innovation strategy"),
)
FINANCE_SOURCES: tuple[str, ...] = ("membership_fees", "paid_services", "public_regional")
FINANCE_SOURCES += ("public_national", "public_eu", "project_funding", "private")
SERVICE_CATEGORIES = kind_fields("service")["category"].choices
TRAININGS = (
    "Cluster management excellence course",
    "Project management",
    "EU funding programmes",
    "Facilitation workshop",
    "Data protection",
)


def profile(seed: int, index: int, first_year: int) -> ClusterProfile:
    """The profile of the `index`-th cluster of a data set."""
    rng = random.Random(f"{seed}:profile:{index}")
    land = COUNTRIES[index % len(COUNTRIES)]
    sector = SECTORS[(index // len(COUNTRIES)) % len(SECTORS)]
    slug = f"{land.code.lower()}-{sector.lower()}-{index:03d}"
    return ClusterProfile(
        slug=slug,
        name=f"{sector} Cluster {land.cities[0]} {index}",
        country=land.code,
        region=land.regions[0],
        sector=sector,
        founded=first_year - rng.randint(0, 6),
        website=f"https://{slug}.example",
        legal_form="registered association",
    )


class ClusterYear:
    """Builds the records of one cluster in one year; all randomness from one seed."""

    def __init__(self, seed: int, index: int, year: int, first_year: int, last_year: int) -> None:
        self.year, self.last_year = year, last_year
        self.prof = profile(seed, index, first_year)
        self.index = index
        self.slug = self.prof.slug
        self.land = COUNTRIES[index % len(COUNTRIES)]
        self.rng = random.Random(f"{seed}:{index}:{year}")
        self.first = year == first_year
        self.age = year - first_year
        self.out: list[Record] = []

    def records(self, count: int) -> list[Record]:
        """Exactly `count` records: the core (sampled down if `count` is tiny), then filler."""
        self.core()
        if len(self.out) > count:
            self.out = sorted(self.rng.sample(self.out, count), key=lambda r: r.start)
        makers = (
            (self.social, 42),
            (self.web_news, 12),
            (self.press, 8),
            (self.event, 10),
            (self.member, 12 if self.first else 5),
            (self.service, 6),
            (self.project, 3),
            (self.document, 4),
        )
        rest = count - len(self.out)
        for make in self.rng.choices([m for m, _ in makers], [w for _, w in makers], k=rest):
            make()
        return self.out

    # -- helpers --------------------------------------------------------------------------
    def day(self, first_month: int = 1, last_month: int = 12) -> date:
        start = date(self.year, first_month, 1)
        stop = date(self.year + (last_month == 12), last_month % 12 + 1, 1)
        return start + timedelta(days=self.rng.randrange((stop - start).days))

    def add(self, cls: type[Record], **fields: Any) -> None:
        rng, n = self.rng, len(self.out) + 1
        r = rng.random()
        statuses: tuple[tuple[str, float], ...]
        if self.year >= self.last_year - 1:
            statuses = (
                ("verified", 0.35),
                ("submitted", 0.8),
                ("draft", 0.92),
                ("needs_info", 0.96),
            )
        else:
            statuses = (("verified", 0.75), ("submitted", 0.95), ("needs_info", 0.97))
        status = next((s for s, p in statuses if r < p), "rejected")
        kind = cls.model_fields["kind"].default
        data: dict[str, Any] = {
            "cluster": self.slug,
            "status": status,
            "source": Source(file=f"evidence-{self.year}.xlsx", sheet=kind, row=n + 1),
        }
        if rng.random() < 0.3:
            data["tags"] = tuple(rng.sample(TAGS, rng.randint(1, 2)))
        if rng.random() < 0.2:
            data["url"] = f"https://{self.slug}.example/{kind}/{self.year}/{n}"
        if rng.random() < 0.1:
            data["notes"] = "Checked against the original list; the minutes have the details."
        self.out.append(cls(**{**data, **fields}))

    def tag(self) -> str:
        return f"{self.year}-{len(self.out) + 1:05d}"

    # -- the institutional core: the same few dozen records a year, whatever the size ------
    def core(self) -> None:
        y, rng, land = self.year, self.rng, self.land
        for q in range(4):
            held = self.day(3 * q + 1, 3 * q + 3)
            self.add(
                Event,
                title=f"Board meeting {q + 1}/{y}",
                start=held,
                role="organiser",
                format="board_meeting",
                city=land.cities[0],
                country=land.code,
                participants=rng.randint(5, 9),
                members_involved=rng.randint(5, 9),
                audience="members",
            )
            self.add(Document, title=f"Minutes, board {q + 1}/{y}", doc_type="minutes", start=held)
        self.add(
            Event,
            title=f"General assembly {y}",
            start=self.day(4, 6),
            role="organiser",
            format="general_assembly",
            city=land.cities[0],
            country=land.code,
            participants=rng.randint(30, 90),
            members_involved=rng.randint(25, 80),
            audience="members",
        )
        for m in range(1, 13):
            self.add(
                Communication,
                title=f"Newsletter {m}/{y}",
                channel="newsletter",
                start=self.day(m, m),
                audience="members",
                reach=rng.randint(150, 900),
            )
        for doc_type in ("kpi_report", "annual_report"):
            title = f"{doc_type.replace('_', ' ').capitalize()} {y}"
            self.add(Document, title=title, doc_type=doc_type, start=self.day(2, 4))
        if self.age % 4 == 0:
            approved = self.day(1, 6)
            for doc_type in ("strategy", "action_plan"):
                self.add(
                    Document,
                    title=f"Cluster {doc_type.replace('_', ' ')} {y}-{y + 3}",
                    doc_type=doc_type,
                    start=approved,
                    approved_by="General assembly",
                    approved_on=approved,
                )
        if self.first:
            founded = date(self.prof.founded or y, 3, 1)
            self.add(
                Document,
                title="Statutes of the cluster association",
                doc_type="statutes",
                start=founded,
                approved_by="Founding members",
                approved_on=founded,
            )
            english = rng.random() < 0.85  # the others' sites are in the local language only
            self.add(
                Presence,
                title=f"Cluster website {self.slug}.example",
                platform="website",
                url=f"https://{self.slug}.example",
                languages=(land.language, "en") if english else (land.language,),
                start=founded,
            )
        if self.age == 2 and rng.random() < 0.7:  # listed on the ECCP a few years in
            self.add(
                Presence,
                title="Profile on the European Cluster Collaboration Platform",
                platform="eccp_profile",
                url=f"https://clustercollaboration.example/cluster-organisations/{self.slug}",
                languages=("en",),
                start=self.day(),
            )
        for source in FINANCE_SOURCES:
            if source in ("public_eu", "private") and rng.random() < 0.4:
                continue
            self.add(
                Finance,
                title=f"{source.replace('_', ' ').capitalize()} {y}",
                year=y,
                source_type=source,
                start=date(y, 1, 1),
                end=date(y, 12, 31),
                amount_eur=float(rng.randrange(5_000, 400_000, 500)),
                secured_until=date(y + rng.randint(1, 3), 12, 31) if rng.random() < 0.5 else None,
            )
        if rng.random() < 0.2:  # a grant entered once for its whole span (pro rata)
            years = rng.randint(2, 6)
            granted = self.day(1, 9)
            self.add(
                Finance,
                title=f"Grant {self.tag()} for {years} years",
                year=y,
                source_type=rng.choice(("public_eu", "public_national", "public_regional")),
                start=granted,
                end=shift(granted, 12 * years) - timedelta(days=1),
                amount_eur=float(rng.randrange(100_000, 2_000_000, 1000)),
                secured_until=shift(granted, 12 * years) - timedelta(days=1),
            )
        if rng.random() < 0.5:  # a one-off payment: no end
            self.add(
                Finance,
                title=f"Sponsorship {self.tag()}",
                year=y,
                source_type="private",
                start=self.day(),
                amount_eur=float(rng.randrange(1_000, 50_000, 500)),
            )
        if rng.random() < 0.85:  # some too small to count (under 10 and under 30 %)
            invited = rng.randint(12, 250)
            low = rng.random() < 0.15
            self.add(
                Survey,
                title=f"Member satisfaction survey {y}",
                start=self.day(9, 11),
                invited=invited if rng.random() < 0.9 else None,
                respondents=rng.randint(1, 3) if low else rng.randint(invited // 4, invited),
                satisfaction=round(rng.uniform(55, 92), 1),
            )
        for _ in range(3 if self.first else int(rng.random() < 0.6)):
            start = self.day()
            role = rng.choice(("cluster manager", "project manager", "assistant", "analyst"))
            self.add(
                Staff,
                title=f"Team member {self.tag()}, {role}",
                start=start,
                end=start + timedelta(days=rng.randint(400, 3000)) if rng.random() < 0.4 else None,
                role=role,
                fte=rng.choice((0.5, 0.8, 1.0, 1.0)),
            )
        for _ in range(rng.randint(1, 6)):  # dated training entries of the team
            course = rng.random() < 0.3
            start = self.day()
            self.add(
                Training,
                title=rng.choice(TRAININGS),
                start=start,
                end=start + timedelta(days=rng.randint(1, 4)) if course else None,
                hours=float(rng.choice((2, 4, 8, 8, 16, 24))),
                person=f"Team member {rng.randint(1, 4)}",
            )

    # -- the filler: what grows with the size of a cluster -----------------------------------
    def social(self) -> None:
        network = self.rng.choice(("LinkedIn", "X", "Facebook", "YouTube"))
        self.add(
            Communication,
            title=f"{network} post {self.tag()}",
            start=self.day(),
            channel="social_media",
            audience="public",
            reach=self.rng.randint(50, 5000),
        )

    def web_news(self) -> None:
        self.add(
            Communication,
            title=f"Web news {self.tag()}: a member's success",
            start=self.day(),
            channel="website",
            audience="public",
        )

    def press(self) -> None:
        channel = self.rng.choice(
            ("press_release", "media_mention", "media_mention", "publication", "presentation")
        )
        self.add(
            Communication,
            title=f"{channel.replace('_', ' ').capitalize()} {self.tag()}",
            start=self.day(),
            channel=channel,
            audience="public",
            reach=self.rng.randint(500, 50_000),
        )

    def event(self) -> None:
        rng, land = self.rng, self.land
        if rng.random() < 0.25:  # abroad: fairs, missions, matchmaking with members
            fmt = rng.choice(("fair", "mission", "matchmaking", "study_visit", "conference"))
            self.add(
                Event,
                title=f"{fmt.replace('_', ' ').capitalize()} abroad {self.tag()}",
                start=self.day(),
                format=fmt,
                role=rng.choice(("exhibitor", "organiser", "co_organiser", "participant")),
                country=rng.choice(land.abroad),
                participants=rng.randint(5, 400),
                members_involved=rng.randint(0, 12),
                audience="mixed",
            )
            return
        fmt = rng.choice(("workshop", "workshop", "training", "conference", "meeting", "other"))
        small = fmt == "meeting" and rng.random() < 0.5  # a two-person meeting: no activity
        self.add(
            Event,
            title=f"{fmt.capitalize()} {self.tag()}",
            start=self.day(),
            format=fmt,
            role=rng.choice(("organiser", "organiser", "co_organiser", "participant", "speaker")),
            city=rng.choice(land.cities),
            country=land.code,
            participants=rng.randint(2, 4) if small else rng.randint(8, 200),
            members_involved=rng.randint(1, 40),
            audience=rng.choice(("members", "mixed", "public", None)),
        )

    def member(self) -> None:
        rng, land = self.rng, self.land
        joined = self.day()
        home = rng.random() < 0.85
        country = land.code if home else rng.choice(land.abroad)
        region = None
        if home:
            region = land.regions[0] if rng.random() < 0.7 else rng.choice(land.regions)
        name = f"{rng.choice(NAME_A)}{rng.choice(NAME_B)} {self.tag()}"
        # a company number or VAT id, unique within the cluster; some members have none
        org_id = f"{country}{self.index:03d}{self.year % 100:02d}{len(self.out) + 1:05d}"
        committed = rng.random() < 0.7
        self.add(
            Member,
            title=f"{name} {LEGAL.get(country, 'AG')}",
            start=joined,
            end=joined + timedelta(days=rng.randint(365, 3650)) if rng.random() < 0.3 else None,
            country=country,
            region=region,
            type=rng.choices(MEMBER_TYPES, MEMBER_WEIGHTS)[0],
            committed=committed,
            fee_paying=rng.random() < 0.6,
            org_id=org_id if rng.random() < 0.85 else None,
            # a membership agreement signed for a few years, not renewed
            expires=shift(joined, 12 * rng.randint(2, 4))
            if committed and rng.random() < 0.15
            else None,
        )

    def service(self) -> None:
        rng = self.rng
        category = rng.choice(SERVICE_CATEGORIES)
        start = self.day()
        self.add(
            Service,
            title=f"{category.replace('_', ' ').capitalize()} service {self.tag()}",
            start=start,
            end=start + timedelta(days=rng.randint(0, 330)),
            category=category,
            members_served=0 if rng.random() < 0.1 else rng.randint(1, 60),  # 0: served no one
            fee_based=rng.random() < 0.3,
            tags=tuple(t for t, p in (("digital", 0.25), ("green", 0.2)) if rng.random() < p),
        )

    def project(self) -> None:
        rng = self.rng
        funder, programme = rng.choice(FUNDERS)
        start = self.day()
        end = start + timedelta(days=rng.randint(365, 4 * 365))
        budget = float(rng.randrange(50_000, 5_000_000, 1000))
        state = "completed" if end < date(self.last_year, 12, 31) else "running"
        abroad = self.land.abroad
        self.add(
            Project,
            title=f"Project {self.tag()}",
            start=start,
            end=None if state == "running" and rng.random() < 0.3 else end,  # end not known
            acronym=f"P{self.tag()}",
            role=rng.choice(("lead", "partner", "partner", "support")),
            funder=funder,
            programme=programme,
            budget_eur=budget,
            cluster_budget_eur=round(budget * rng.uniform(0.05, 0.3), 2),
            partner_countries=tuple(rng.sample(abroad, rng.randint(1, len(abroad)))),
            member_participants=rng.randint(0, 15),
            # a refused application and a project called off before it ran count nowhere
            project_status=rng.choices(
                ("planned", state, None, "not_funded", "cancelled"), (5, 81, 10, 2, 2)
            )[0],
        )

    def document(self) -> None:
        doc_type = self.rng.choices(
            ("success_story", "press_clipping", "other", "award", "survey_report"),
            (40, 30, 20, 4, 6),
        )[0]
        title = f"{doc_type.replace('_', ' ').capitalize()} {self.tag()}"
        self.add(Document, title=title, start=self.day(), doc_type=doc_type)
