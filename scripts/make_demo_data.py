"""Write the data `clex demo` ships with: a fictional Czech nanofibre cluster, 2016-2025.

Run by a developer after changing the story, the evidence models or the catalogue:

    .venv/bin/python scripts/make_demo_data.py            # rewrites clex/demo_data/
    .venv/bin/python scripts/make_demo_data.py --out DIR  # somewhere else (the tests do)

Everything is deterministic (fixed seed, fixed dates, fixed zip timestamps), so running it
twice writes the same files and `tests/test_demo.py` can check that the shipped data is
what this script makes.

The story (NanoTex Liberec Cluster, z.s., founded 2012 in Liberec): a growing cluster
with an ECEI Gold label awarded in 2021. Then the long-serving cluster manager left, the
strategy update of 2019 ran out at the end of 2022 and no member survey was run after
2020: the 2022-2023 self-assessment misses Gold (and a minimum requirement). The cluster
acts on it: a new strategy 2024-2028 built on a member survey, an action plan with KPIs
that the board monitors, a larger team, more missions and fairs abroad, an infrastructure
project and new members. 2024-2025 reaches Gold. The numbers come out of the real engine
(`clex demo` assesses the data written here); this script only writes evidence.

Files written:
  cluster.yaml                  the cluster profile
  evidence.xlsx                 the `clex template` workbook, filled in (members, events,
                                projects, staff, finance, services, surveys)
  documents.yaml                statutes, strategies, action plans, KPI reports, awards ...
  communication.yaml            website, newsletters, press, web news, social media
  judgements-YYYY.yaml          the assessor's judgement of G8 for each year 2016-2025
  judgements-2022-2023.yaml     ... and for the two renewal periods
  judgements-2024-2025.yaml
  reviews.yaml                  the 2025 renewal audit: which records were verified
  peers/peer-NN.json            22 synthetic peer snapshots (2024-2025), made by the engine
"""

# The data tables below keep one record per line, which is easier to read and edit than
# the wrapped form; long lines are accepted in this file only.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import chdir
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment import Period, assess  # noqa: E402
from assessment.snapshot import Judgement  # noqa: E402
from evidence.ingest import import_files  # noqa: E402
from evidence.models import ClusterProfile, make_record  # noqa: E402
from evidence.store import Store  # noqa: E402
from evidence.workbook import header_label, write_template  # noqa: E402

SEED = 20260115
AS_OF = date(2026, 1, 15)  # the date every demo and peer snapshot carries
YEARS = range(2016, 2026)
SLUG = "nanotex"
REGION = "Liberec Region"
HOME = "Liberec"
ZIP_TIME = (2026, 1, 15, 0, 0, 0)
AUDITOR = "Demo Auditor"
MANAGER = "Tomáš Novák (cluster manager)"

PROFILE = {
    "slug": SLUG,
    "name": "NanoTex Liberec Cluster",
    "country": "CZ",
    "region": REGION,
    "sector": "Nanofibres, technical textiles and filtration",
    "founded": 2012,
    "website": "https://www.nanotex-cluster.example",
    "legal_form": "z.s. (registered association)",
}

Row = dict[str, Any]


# ----------------------------------------------------------------------------- members

# name, type, country, region, joined, left, committed
_M = tuple[str, str, str, str, date, date | None, bool]
LIB = REGION
MEMBERS: list[_M] = [
    # founding members, May 2012
    ("Technická univerzita Ještěd, Fakulta textilní", "university", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Výzkumný ústav netkaných textilií, a.s.", "research", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Nanovlákna Jizera s.r.o.", "sme", "CZ", LIB, date(2012, 5, 15), None, True),
    ("FiltraTech Liberec s.r.o.", "sme", "CZ", LIB, date(2012, 5, 15), None, True),
    ("SpinLab CZ s.r.o.", "sme", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Severočeská textilní skupina a.s.", "large_company", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Ústav polymerních materiálů Liberec, v.v.i.", "research", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Inovační centrum Libereckého kraje, p.o.", "public", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Ještěd Membranes s.r.o.", "sme", "CZ", LIB, date(2012, 6, 1), None, True),
    ("Textilní inovace Turnov a.s.", "sme", "CZ", LIB, date(2012, 9, 1), None, True),
    # 2013-2015
    ("Polymer Nisa s.r.o.", "sme", "CZ", LIB, date(2013, 2, 1), None, True),
    ("Bohemia Nanocoat s.r.o.", "sme", "CZ", LIB, date(2013, 3, 15), None, True),
    ("Lužická textilní a.s.", "large_company", "CZ", LIB, date(2013, 4, 1), None, True),
    ("Medifibre s.r.o.", "sme", "CZ", LIB, date(2013, 6, 1), None, True),
    ("AirPure Systems s.r.o.", "sme", "CZ", "Central Bohemian Region", date(2013, 9, 1), None, True),
    ("Frýdlant Nonwovens s.r.o.", "sme", "CZ", LIB, date(2013, 11, 1), None, True),
    ("Kovo Semily s.r.o.", "sme", "CZ", LIB, date(2014, 1, 15), date(2016, 6, 30), True),
    ("Iser Composites s.r.o.", "sme", "CZ", LIB, date(2014, 3, 1), None, True),
    ("Tanvald Technical Textiles s.r.o.", "sme", "CZ", LIB, date(2014, 5, 1), None, True),
    ("Pražská nanotechnologická s.r.o.", "sme", "CZ", "Prague", date(2014, 6, 1), None, True),
    ("Chrastava Coatings s.r.o.", "sme", "CZ", LIB, date(2014, 9, 1), date(2019, 11, 30), True),
    ("Česká asociace netkaných textilií, z.s.", "association", "CZ", "Prague", date(2014, 10, 1), None, True),
    ("Vlákno Plus s.r.o.", "sme", "CZ", LIB, date(2015, 1, 15), None, True),
    ("AquaMembrána s.r.o.", "sme", "CZ", "South Moravian Region", date(2015, 2, 1), date(2023, 4, 30), True),
    ("Jizerská strojírna a.s.", "large_company", "CZ", LIB, date(2015, 3, 1), None, True),
    ("Reichenberg Engineering s.r.o.", "sme", "CZ", LIB, date(2015, 4, 1), date(2017, 8, 31), True),
    ("Hydrofil Brno s.r.o.", "sme", "CZ", "South Moravian Region", date(2015, 5, 1), None, True),
    ("Nová Paka Filtration s.r.o.", "sme", "CZ", "Hradec Králové Region", date(2015, 6, 1), None, True),
    ("Lausitzer Vliesstoffe GmbH", "large_company", "DE", "Saxony", date(2015, 9, 1), None, True),
    ("Harrachov Glass Fibres s.r.o.", "sme", "CZ", LIB, date(2015, 10, 1), None, True),
    # 2016-2021: growth, the odd company leaving
    ("BioSpin Therapeutics s.r.o.", "startup", "CZ", LIB, date(2016, 3, 1), date(2022, 9, 30), True),
    ("Okresní hospodářská komora Liberec", "association", "CZ", LIB, date(2016, 2, 1), None, False),
    ("Česká Lípa Plastics a.s.", "sme", "CZ", LIB, date(2016, 5, 1), None, True),
    ("Filtrowanie Jelenia Góra Sp. z o.o.", "sme", "PL", "Lower Silesia", date(2016, 10, 1), None, True),
    ("Nanosense Labs s.r.o.", "startup", "CZ", LIB, date(2017, 2, 1), None, True),
    ("AutoInterior Components CZ a.s.", "large_company", "CZ", LIB, date(2017, 4, 1), None, True),
    ("Centrum nanomateriálů a filtrace, z.ú.", "research", "CZ", LIB, date(2017, 6, 1), None, True),
    ("Dresdner Beschichtungstechnik GmbH", "sme", "DE", "Saxony", date(2017, 9, 1), date(2021, 9, 30), True),
    ("Univerzita Labe, Fakulta materiálů", "university", "CZ", "Ústí nad Labem Region", date(2018, 1, 15), None, True),
    ("KlimaTech Europe CZ a.s.", "large_company", "CZ", "Central Bohemian Region", date(2018, 3, 1), None, True),
    ("Jablonecké sklo a povrchy s.r.o.", "sme", "CZ", LIB, date(2018, 6, 1), None, True),
    ("FiberLoop s.r.o.", "startup", "CZ", LIB, date(2019, 2, 1), None, True),
    ("Vienna Membrane Solutions GmbH", "sme", "AT", "Vienna", date(2019, 4, 1), date(2020, 10, 31), True),
    ("Fachverband Vliesstoffe Sachsen e.V.", "association", "DE", "Saxony", date(2019, 5, 1), None, False),
    ("Turnov Precision Optics s.r.o.", "sme", "CZ", LIB, date(2019, 5, 1), date(2025, 6, 30), True),
    ("Hochschule Oberlausitz für Technik", "university", "DE", "Saxony", date(2019, 9, 1), None, True),
    ("MedTex Hradec s.r.o.", "sme", "CZ", "Hradec Králové Region", date(2020, 6, 1), date(2024, 3, 31), True),
    ("Studio Kvádr design s.r.o.", "sme", "CZ", LIB, date(2021, 1, 15), date(2022, 12, 31), False),
    ("GreenWeb Materials s.r.o.", "startup", "CZ", LIB, date(2021, 3, 1), None, True),
    ("Jizerská rozvojová agentura, z.ú.", "public", "CZ", LIB, date(2021, 6, 1), None, True),
    # 2022-2023: flat
    ("Semily Smart Textiles s.r.o.", "startup", "CZ", LIB, date(2022, 5, 1), None, True),
    ("Oberlausitzer Filtervlies GmbH", "sme", "DE", "Saxony", date(2022, 11, 1), None, True),
    ("NanoWeb Slovakia s.r.o.", "sme", "SK", "Žilina Region", date(2023, 3, 1), None, True),
    ("Krkonoše Outdoor Gear s.r.o.", "sme", "CZ", "Hradec Králové Region", date(2023, 6, 1), None, True),
    # 2024-2025: the new strategy's member drive
    ("Bavaria Fibres GmbH", "sme", "DE", "Bavaria", date(2024, 2, 1), None, True),
    ("Ještěd Digital Twin s.r.o.", "startup", "CZ", LIB, date(2024, 4, 1), None, True),
    ("Liberec Water Technologies s.r.o.", "sme", "CZ", LIB, date(2024, 5, 1), None, True),
    ("Instytut Włókien Dolnośląski", "research", "PL", "Lower Silesia", date(2024, 6, 1), None, True),
    ("Euroregion Nisa Innovation Hub, z.s.", "association", "CZ", LIB, date(2024, 9, 1), None, True),
    ("Steinbach Filtertechnik GmbH", "sme", "DE", "Saxony", date(2025, 1, 15), None, True),
    ("Nanoclean Liberec s.r.o.", "startup", "CZ", LIB, date(2025, 3, 1), None, True),
    ("Preciz Mold s.r.o.", "sme", "CZ", LIB, date(2025, 4, 1), None, True),
    ("Mobility Textiles Mladá Boleslav a.s.", "large_company", "CZ", "Central Bohemian Region", date(2025, 5, 1), None, True),
    ("Jizera Valley Biotech s.r.o.", "sme", "CZ", LIB, date(2025, 6, 1), None, True),
    ("Tirol Nanomaterials GmbH", "sme", "AT", "Tyrol", date(2025, 9, 1), None, True),
]  # fmt: skip

LEAVE_NOTES = {
    "Kovo Semily s.r.o.": "Left: moved its business to automotive stamping.",
    "Chrastava Coatings s.r.o.": "Left: insolvency proceedings.",
    "AquaMembrána s.r.o.": "Left: acquired by a foreign group.",
    "Reichenberg Engineering s.r.o.": "Left: merged into Jizerská strojírna a.s.",
    "BioSpin Therapeutics s.r.o.": "Left: moved to Prague after its seed round.",
    "Dresdner Beschichtungstechnik GmbH": "Left: closed its Czech branch.",
    "Vienna Membrane Solutions GmbH": "Left: cost cutting during the pandemic.",
    "Turnov Precision Optics s.r.o.": "Left: no longer works with textiles.",
    "MedTex Hradec s.r.o.": "Left: joined a medical-devices cluster instead.",
    "Studio Kvádr design s.r.o.": "Trial membership not extended.",
}


def members() -> list[Row]:
    out = []
    for name, mtype, country, region, joined, left, committed in MEMBERS:
        fee = committed and mtype not in ("public", "university")
        out.append(
            {
                "title": name,
                "start": joined,
                "end": left,
                "type": mtype,
                "country": country,
                "region": region,
                "committed": committed,
                "fee_paying": fee,
                "notes": LEAVE_NOTES.get(name)
                or (None if committed else "Associated partner without a membership agreement."),
            }
        )
    return out


# ----------------------------------------------------------------------------- events

# per year: board meetings, events organised for members, newsletters, press releases
# and media mentions, web news and social-media items. The dip in 2020-2023 (pandemic,
# the manager's departure) and the push from 2024 are the story.
PLAN: dict[int, dict[str, int]] = {
    2016: {"board": 4, "member_events": 8, "newsletters": 6, "press": 6, "web": 14},
    2017: {"board": 4, "member_events": 9, "newsletters": 6, "press": 7, "web": 16},
    2018: {"board": 4, "member_events": 10, "newsletters": 8, "press": 8, "web": 24},
    2019: {"board": 5, "member_events": 10, "newsletters": 12, "press": 9, "web": 24},
    2020: {"board": 4, "member_events": 6, "newsletters": 12, "press": 6, "web": 24},
    2021: {"board": 4, "member_events": 6, "newsletters": 10, "press": 5, "web": 24},
    2022: {"board": 3, "member_events": 7, "newsletters": 6, "press": 4, "web": 24},
    2023: {"board": 3, "member_events": 6, "newsletters": 6, "press": 5, "web": 24},
    2024: {"board": 4, "member_events": 7, "newsletters": 12, "press": 9, "web": 28},
    2025: {"board": 4, "member_events": 7, "newsletters": 12, "press": 10, "web": 32},
}

WORKSHOP_TOPICS = [
    "Electrospinning scale-up",
    "Testing nanofibre filtration media",
    "Medical textiles under the MDR",
    "Functional coatings for technical textiles",
    "Intellectual property for SMEs",
    "Preparing OP TAK applications",
    "Writing a Horizon Europe proposal",
    "Recycling technical textiles",
    "Digital twins in nonwovens production",
    "Inline sensors for nonwovens lines",
    "Energy savings in textile finishing",
    "PFAS restrictions and alternatives",
    "Exporting to Japan and Korea",
    "Clean-room manufacturing for medical products",
    "Life-cycle assessment for filters",
    "AI in visual quality inspection",
    "Nanosafety at the workplace",
    "Antiviral surface treatments",
    "Water filtration membranes",
    "Bio-based polymers for nanofibres",
]
TRAINING_TOPICS = [
    "Project management for R&D projects",
    "Sales of technical products abroad",
    "Lean production in textile SMEs",
    "Cybersecurity basics for manufacturers",
    "Carbon footprint reporting (CSRD) for suppliers",
    "Grant accounting and reporting",
]
VISIT_HOSTS = [
    m[0] for m in MEMBERS if m[1] in ("sme", "large_company", "research") and m[2] == "CZ"
]

# events abroad and national events: (date, title, role, format, city, country,
# participants, members involved, audience)
_E = tuple[date, str, str, str, str, str, int, int, str]
ABROAD: list[_E] = [
    (date(2016, 5, 3), "Techtextil Frankfurt 2016: joint stand", "exhibitor", "fair", "Frankfurt am Main", "DE", 0, 4, "public"),
    (date(2016, 10, 17), "Business mission to South Korea", "organiser", "mission", "Seoul", "KR", 9, 5, "members"),
    (date(2016, 11, 8), "Nanocon 2016", "speaker", "conference", "Brno", "CZ", 0, 3, "public"),
    (date(2017, 4, 4), "INDEX 2017: joint stand", "exhibitor", "fair", "Geneva", "CH", 0, 3, "public"),
    (date(2017, 6, 20), "Study visit to textile clusters in northern Portugal", "participant", "study_visit", "Guimarães", "PT", 0, 2, "members"),
    (date(2017, 11, 6), "Growth regions conference", "participant", "conference", "Valencia", "ES", 0, 0, "public"),
    (date(2017, 10, 4), "International Engineering Fair Brno 2017", "exhibitor", "fair", "Brno", "CZ", 0, 5, "public"),
    (date(2018, 5, 15), "Techtextil Frankfurt 2018: joint stand", "exhibitor", "fair", "Frankfurt am Main", "DE", 0, 6, "public"),
    (date(2018, 10, 23), "Filtech 2018", "exhibitor", "fair", "Cologne", "DE", 0, 3, "public"),
    (date(2018, 3, 12), "Cluster matchmaking with Saxon textile companies", "co_organiser", "matchmaking", "Dresden", "DE", 48, 9, "mixed"),
    (date(2018, 9, 25), "Business mission to Israel", "organiser", "mission", "Tel Aviv", "IL", 8, 5, "members"),
    (date(2019, 1, 29), "Nano Tech 2019: Czech pavilion", "exhibitor", "fair", "Tokyo", "JP", 0, 3, "public"),
    (date(2019, 5, 14), "Cross-border nanotech day", "organiser", "matchmaking", "Zittau", "DE", 62, 11, "mixed"),
    (date(2019, 9, 18), "European Cluster Conference", "speaker", "conference", "Brussels", "BE", 0, 1, "public"),
    (date(2019, 11, 5), "Study visit to the Lombardy technical textiles district", "organiser", "study_visit", "Milan", "IT", 14, 7, "members"),
    (date(2020, 10, 13), "Filtech 2020 (online)", "exhibitor", "fair", "Cologne", "DE", 0, 2, "public"),
    (date(2021, 6, 8), "Interreg FiberBridge final conference", "co_organiser", "conference", "Dresden", "DE", 85, 8, "mixed"),
    (date(2021, 11, 16), "European Cluster Conference (online)", "participant", "conference", "Brussels", "BE", 0, 0, "public"),
    (date(2022, 6, 21), "Techtextil Frankfurt 2022: joint stand", "exhibitor", "fair", "Frankfurt am Main", "DE", 0, 5, "public"),
    (date(2022, 10, 4), "International Engineering Fair Brno 2022", "exhibitor", "fair", "Brno", "CZ", 0, 4, "public"),
    (date(2023, 3, 22), "Lower Silesian textile days: B2B matchmaking", "co_organiser", "matchmaking", "Wrocław", "PL", 56, 4, "mixed"),
    (date(2023, 11, 14), "Euroclusters network meeting", "speaker", "conference", "Brussels", "BE", 0, 0, "public"),
    (date(2024, 3, 5), "JEC World 2024: Czech pavilion", "exhibitor", "fair", "Paris", "FR", 0, 4, "public"),
    (date(2024, 4, 9), "Techtextil Frankfurt 2024: joint stand", "exhibitor", "fair", "Frankfurt am Main", "DE", 0, 6, "public"),
    (date(2024, 6, 11), "Saxon-Bohemian nanofibre matchmaking", "co_organiser", "matchmaking", "Dresden", "DE", 71, 8, "mixed"),
    (date(2024, 10, 8), "Study visit to the Lombardy technical textiles district", "organiser", "study_visit", "Milan", "IT", 16, 6, "members"),
    (date(2024, 10, 1), "International Engineering Fair Brno 2024", "exhibitor", "fair", "Brno", "CZ", 0, 5, "public"),
    (date(2025, 1, 29), "Business mission to Japan: Nano Tech 2025", "organiser", "mission", "Tokyo", "JP", 11, 5, "members"),
    (date(2025, 4, 16), "Lower Silesian textile days: B2B matchmaking", "co_organiser", "matchmaking", "Wrocław", "PL", 64, 7, "mixed"),
    (date(2025, 5, 13), "Business mission to South Korea", "organiser", "mission", "Seoul", "KR", 10, 4, "members"),
    (date(2025, 10, 14), "Filtech 2025", "exhibitor", "fair", "Cologne", "DE", 0, 3, "public"),
    (date(2025, 11, 18), "MEDICA 2025: joint stand", "exhibitor", "fair", "Düsseldorf", "DE", 0, 4, "public"),
    (date(2025, 12, 2), "Interreg partner meeting Nisa Nanomed Bridge", "speaker", "meeting", "Vienna", "AT", 0, 2, "mixed"),
]  # fmt: skip

# the national cluster association's cluster days and similar national events
NATIONAL: list[_E] = [
    (date(y, 10, d), f"National cluster day {y}", "participant", "conference", city, "CZ", 0, 1, "public")
    for y, d, city in [
        (2016, 4, "Zlín"), (2017, 3, "Pardubice"), (2018, 9, "Ostrava"), (2019, 8, "Plzeň"),
        (2021, 12, "Praha"), (2022, 11, "Brno"), (2023, 10, "Hradec Králové"),
        (2024, 8, "Liberec"), (2025, 7, "Olomouc"),
    ]
]  # fmt: skip


def _spread(rng: random.Random, year: int, n: int, months: list[int]) -> list[date]:
    """`n` distinct working-day dates in `year`, spread over `months`."""
    days: set[date] = set()
    i = 0
    while len(days) < n:
        month = months[i % len(months)]
        day = date(year, month, rng.randint(3, 26))
        if day.weekday() < 5:
            days.add(day)
            i += 1
    return sorted(days)


def events(rng: random.Random) -> list[Row]:
    out: list[Row] = []

    def add(
        start: date,
        title: str,
        role: str,
        fmt: str,
        city: str,
        country: str,
        participants: int | None,
        involved: int | None,
        audience: str,
        tags: str | None = None,
    ) -> None:
        out.append(
            {
                "title": title,
                "start": start,
                "role": role,
                "format": fmt,
                "city": city,
                "country": country,
                "participants": participants or None,
                "members_involved": involved,
                "audience": audience,
                "tags": tags,
            }
        )

    topics = iter(_cycle(WORKSHOP_TOPICS, rng))
    trainings = iter(_cycle(TRAINING_TOPICS, rng))
    hosts = iter(_cycle(VISIT_HOSTS, rng))
    for year in YEARS:
        plan = PLAN[year]
        online = year in (2020, 2021)
        # governance: the board, and the general assembly every spring
        for i, day in enumerate(_spread(rng, year, plan["board"], [2, 5, 9, 11, 12])):
            add(day, f"Board meeting {i + 1}/{year}", "organiser", "board_meeting", HOME, "CZ",
                7, 7, "members")  # fmt: skip
        ga = date(year, 3, 24 if year != 2024 else 21)
        add(ga, f"General assembly {year}", "organiser", "general_assembly", HOME, "CZ",
            rng.randint(24, 38), rng.randint(22, 34), "members")  # fmt: skip
        # events for members: the cluster day, workshops, trainings, matchmaking, visits
        n = plan["member_events"]
        days = _spread(rng, year, n, [1, 2, 4, 5, 6, 9, 10, 11])
        kinds = ["conference"] + [
            "workshop",
            "training",
            "workshop",
            "matchmaking",
            "study_visit",
        ] * 3
        for day, fmt in zip(days, kinds[:n], strict=True):
            city = "online" if online and fmt in ("workshop", "training") else HOME
            if fmt == "conference":
                add(date(year, 6, 12 if year % 2 else 14), f"NanoTex Cluster Day {year}",
                    "organiser", "conference", HOME, "CZ", rng.randint(80, 140),
                    rng.randint(24, 36), "mixed")  # fmt: skip
            elif fmt == "workshop":
                topic = next(topics)
                add(day, f"Workshop: {topic}", "organiser", "workshop", city, "CZ",
                    rng.randint(14, 40), rng.randint(6, 15), "members",
                    _topic_tags(topic))  # fmt: skip
            elif fmt == "training":
                topic = next(trainings)
                add(day, f"Training: {topic}", "organiser", "training", city, "CZ",
                    rng.randint(8, 20), rng.randint(5, 11), "members",
                    _topic_tags(topic))  # fmt: skip
            elif fmt == "matchmaking":
                add(day, "B2B matchmaking: filtration buyers meet nanofibre suppliers",
                    "organiser", "matchmaking", HOME, "CZ", rng.randint(30, 60),
                    rng.randint(10, 18), "mixed")  # fmt: skip
            else:
                host = next(hosts)
                add(day, f"Study visit at {host}", "organiser", "study_visit", HOME, "CZ",
                    rng.randint(12, 25), rng.randint(6, 12), "members")  # fmt: skip
    for day, title, role, fmt, city, country, participants, involved, audience in ABROAD + NATIONAL:
        add(day, title, role, fmt, city, country, participants, involved, audience)
    return sorted(out, key=lambda r: (r["start"], r["title"]))


def _cycle(items: list[str], rng: random.Random) -> Iterator[str]:
    while True:
        batch = list(items)
        rng.shuffle(batch)
        yield from batch


def _topic_tags(topic: str) -> str | None:
    low = topic.casefold()
    if any(w in low for w in ("digital", "ai ", "sensor", "cyber")):
        return "digital"
    if any(
        w in low for w in ("recycl", "energy", "bio-based", "life-cycle", "carbon", "pfas", "water")
    ):
        return "green"
    return None


# ----------------------------------------------------------------------------- projects

PROJECTS: list[Row] = [
    {
        "title": "Internationalisation of the NanoTex cluster",
        "acronym": "NTX-INT",
        "start": date(2016, 1, 1),
        "end": date(2018, 12, 31),
        "role": "lead",
        "funder": "MPO",
        "programme": "OP PIK Spolupráce - Klastry",
        "budget_eur": 390000,
        "cluster_budget_eur": 260000,
        "partner_countries": "CZ",
        "member_participants": 14,
        "project_status": "completed",
        "notes": "Joint stands at fairs, missions to Korea and Israel, market analyses.",
    },
    {
        "title": "NanoValue: nanotechnology value chains in Central Europe",
        "acronym": "NANOVALUE",
        "start": date(2017, 7, 1),
        "end": date(2020, 6, 30),
        "role": "partner",
        "funder": "European Commission",
        "programme": "Interreg Central Europe",
        "budget_eur": 2400000,
        "cluster_budget_eur": 185000,
        "partner_countries": "CZ, DE, AT, PL, IT, SI",
        "member_participants": 6,
        "project_status": "completed",
        "tags": "green",
    },
    {
        "title": "FiberBridge: Saxon-Bohemian nanofibre innovation network",
        "acronym": "FIBERBRIDGE",
        "start": date(2019, 1, 1),
        "end": date(2022, 6, 30),
        "role": "lead",
        "funder": "European Commission",
        "programme": "Interreg Czech Republic - Saxony",
        "budget_eur": 820000,
        "cluster_budget_eur": 290000,
        "partner_countries": "CZ, DE",
        "member_participants": 9,
        "project_status": "completed",
    },
    {
        "title": "Nanofibre sound absorbers for vehicle interiors",
        "acronym": "ACOUSTEX",
        "start": date(2018, 7, 1),
        "end": date(2021, 6, 30),
        "role": "support",
        "funder": "TA CR",
        "programme": "EPSILON",
        "budget_eur": 480000,
        "cluster_budget_eur": 20000,
        "partner_countries": "CZ",
        "member_participants": 3,
        "project_status": "completed",
    },
    {
        "title": "Antiviral nanofibre filters for air handling units",
        "acronym": "AVIRFIL",
        "start": date(2020, 9, 1),
        "end": date(2023, 8, 31),
        "role": "support",
        "funder": "TA CR",
        "programme": "TREND",
        "budget_eur": 610000,
        "cluster_budget_eur": 20000,
        "partner_countries": "CZ",
        "member_participants": 4,
        "project_status": "completed",
    },
    {
        "title": "CIRCTEX: circular technical textiles",
        "acronym": "CIRCTEX",
        "start": date(2021, 5, 1),
        "end": date(2024, 4, 30),
        "role": "partner",
        "funder": "European Commission",
        "programme": "Horizon 2020",
        "budget_eur": 4800000,
        "cluster_budget_eur": 95000,
        "partner_countries": "CZ, PT, ES, DE, IT, BE",
        "member_participants": 2,
        "project_status": "completed",
        "tags": "green",
    },
    {
        "title": "TEX4TWIN Eurocluster for textile SMEs",
        "acronym": "TEX4TWIN",
        "start": date(2023, 1, 1),
        "end": date(2025, 6, 30),
        "role": "partner",
        "funder": "European Commission",
        "programme": "Single Market Programme (Euroclusters)",
        "budget_eur": 3200000,
        "cluster_budget_eur": 60000,
        "partner_countries": "CZ, DE, FR, IT, ES, PT, RO",
        "member_participants": 10,
        "project_status": "completed",
        "tags": "digital, green",
    },
    {
        "title": "Shared electrospinning pilot line",
        "acronym": "NTX-LAB",
        "start": date(2024, 2, 1),
        "end": date(2026, 1, 31),
        "role": "lead",
        "funder": "MPO",
        "programme": "OP TAK Spolupráce - klastry (infrastructure)",
        "budget_eur": 610000,
        "cluster_budget_eur": 480000,
        "partner_countries": "CZ",
        "member_participants": 8,
        "project_status": "running",
    },
    {
        "title": "GreenFibre: bio-based nanofibres for filtration",
        "acronym": "GREENFIBRE",
        "start": date(2024, 1, 1),
        "end": date(2027, 12, 31),
        "role": "partner",
        "funder": "European Commission",
        "programme": "Horizon Europe",
        "budget_eur": 5900000,
        "cluster_budget_eur": 140000,
        "partner_countries": "CZ, FI, DE, IT, ES, NL",
        "member_participants": 2,
        "project_status": "running",
        "tags": "green",
    },
    {
        "title": "Collective research: functionalised nanofibrous structures",
        "acronym": "NTX-FUNC",
        "start": date(2024, 7, 1),
        "end": date(2027, 6, 30),
        "role": "lead",
        "funder": "MPO",
        "programme": "OP TAK Spolupráce - klastry (collective research)",
        "budget_eur": 1100000,
        "cluster_budget_eur": 180000,
        "partner_countries": "CZ",
        "member_participants": 7,
        "project_status": "running",
    },
    {
        "title": "Nisa Nanomed Bridge",
        "acronym": "NANOMED-BRIDGE",
        "start": date(2024, 9, 1),
        "end": date(2026, 12, 31),
        "role": "partner",
        "funder": "European Commission",
        "programme": "Interreg Czech Republic - Poland",
        "budget_eur": 640000,
        "cluster_budget_eur": 120000,
        "partner_countries": "CZ, PL",
        "member_participants": 5,
        "project_status": "running",
    },
    {
        "title": "Smart textiles for the digital factory",
        "acronym": "DIGITEX",
        "start": date(2025, 1, 1),
        "end": date(2027, 12, 31),
        "role": "support",
        "funder": "TA CR",
        "programme": "TREND",
        "budget_eur": 520000,
        "cluster_budget_eur": 25000,
        "partner_countries": "CZ",
        "member_participants": 2,
        "project_status": "running",
        "tags": "digital",
    },
    {
        "title": "Nanofibre membranes for water reuse",
        "acronym": "AQUANANO",
        "start": date(2026, 4, 1),
        "end": date(2029, 3, 31),
        "role": "lead",
        "funder": "European Commission",
        "programme": "Interreg Central Europe",
        "budget_eur": 1900000,
        "cluster_budget_eur": 210000,
        "partner_countries": "CZ, AT, HU, SI, PL",
        "member_participants": 6,
        "project_status": "planned",
        "notes": "Proposal submitted in October 2025; decision expected in spring 2026.",
        "tags": "green",
    },
]


# ----------------------------------------------------------------------------- staff

STAFF: list[Row] = [
    {"title": "Jana Horáková, cluster manager", "start": date(2014, 1, 1), "end": date(2021, 6, 30),
     "role": "manager", "fte": 1.0, "training_hours": 24,
     "notes": "Left for the regional innovation agency."},
    {"title": "Petr Kučera, project manager", "start": date(2016, 3, 1), "end": None,
     "role": "project manager", "fte": 1.0, "training_hours": 24},
    {"title": "Lucie Marešová, office and communication", "start": date(2017, 9, 1),
     "end": date(2022, 8, 31), "role": "assistant", "fte": 0.5, "training_hours": 8},
    {"title": "Tomáš Novák, cluster manager", "start": date(2021, 10, 1), "end": None,
     "role": "manager", "fte": 1.0, "training_hours": 32},
    {"title": "Klára Svobodová, communication officer", "start": date(2023, 2, 1), "end": None,
     "role": "communication", "fte": 0.5, "training_hours": 32},
    {"title": "Martin Beneš, international projects", "start": date(2024, 3, 1), "end": None,
     "role": "international projects", "fte": 1.0, "training_hours": 48},
    {"title": "Eva Dvořáková, innovation services", "start": date(2024, 9, 1), "end": None,
     "role": "services", "fte": 0.5, "training_hours": 24},
]  # fmt: skip


# ----------------------------------------------------------------------------- finance

# year: fees, paid services, sponsoring, region, national grant, EU projects
FINANCE: dict[int, tuple[int, int, int, int, int, int]] = {
    2016: (24000, 6000, 4000, 20000, 95000, 0),
    2017: (27000, 7000, 4000, 20000, 90000, 22000),
    2018: (30000, 9000, 5000, 22000, 85000, 30000),
    2019: (33000, 11000, 5000, 22000, 40000, 55000),
    2020: (34000, 6000, 3000, 25000, 45000, 60000),
    2021: (35000, 7000, 4000, 25000, 50000, 55000),
    2022: (38000, 14000, 6000, 25000, 55000, 20000),
    2023: (39000, 15000, 6000, 25000, 55000, 20000),
    2024: (45000, 28000, 9000, 25000, 85000, 45000),
    2025: (52000, 36000, 12000, 25000, 95000, 50000),
}
# how far the national grant of each year was secured (the funding contract's end)
SECURED = {
    2016: date(2018, 12, 31), 2017: date(2018, 12, 31), 2018: date(2022, 6, 30),
    2019: date(2022, 6, 30), 2020: date(2022, 6, 30), 2021: date(2022, 12, 31),
    2022: date(2023, 12, 31), 2023: date(2024, 12, 31), 2024: date(2026, 1, 31),
    2025: date(2027, 6, 30),
}  # fmt: skip
NATIONAL_GRANT = {
    **dict.fromkeys(range(2016, 2019), "MPO grant OP PIK Spolupráce - Klastry"),
    **dict.fromkeys(range(2019, 2022), "Interreg FiberBridge co-financing (state budget)"),
    **dict.fromkeys(range(2022, 2024), "MPO grant for cluster management"),
    **dict.fromkeys(range(2024, 2026), "MPO grant OP TAK Spolupráce - klastry"),
}


def finance() -> list[Row]:
    out = []
    labels = [
        ("membership_fees", "Membership fees"),
        ("paid_services", "Paid services"),
        ("private", "Sponsoring by members"),
        ("public_regional", "Liberec Region contribution"),
        ("public_national", None),
        ("public_eu", "EU project income"),
    ]
    for year, amounts in FINANCE.items():
        for (source, label), amount in zip(labels, amounts, strict=True):
            if not amount:
                continue
            title = f"{label or NATIONAL_GRANT[year]} {year}"
            out.append(
                {
                    "title": title,
                    "start": date(year, 1, 1),
                    "year": year,
                    "source_type": source,
                    "amount_eur": amount,
                    "secured_until": SECURED[year]
                    if source == "public_national"
                    else (date(year, 12, 31) if source == "public_regional" else None),
                }
            )
    return out


# ----------------------------------------------------------------------------- services

# (year, category, title, members served, fee based, tags)
_S = tuple[int, str, str, int, bool, str | None]


def services() -> list[Row]:
    rows: list[_S] = []
    for year in YEARS:
        weak = year in (2020, 2021, 2022, 2023)
        rows += [
            (year, "information", f"Funding calls digest {year}", 24, False, None),
            (year, "matchmaking", f"Partner search for project consortia {year}", 6, False, None),
            (
                year,
                "internationalisation",
                f"Joint stands and missions abroad {year}",
                6,
                True,
                None,
            ),
            (year, "training", f"Training programme for member staff {year}", 10, True, None),
            (
                year,
                "marketing",
                f"Member profiles in the cluster catalogue {year}",
                12,
                False,
                None,
            ),
        ]
        if not weak:
            rows.append(
                (year, "collaborative_rd", f"Project preparation support {year}", 5, False, None)
            )
    rows += [
        (2016, "consulting", "Market analyses for Korea and Israel", 9, False, None),
        (2017, "consulting", "Energy audits with the regional energy agency", 5, True, "green"),
        (2018, "training", "Lean production coaching", 6, True, None),
        (2019, "consulting", "Industry 4.0 readiness checks", 7, True, "digital"),
        (2019, "collaborative_rd", "Recycled polymers pilot with three members", 3, False, "green"),
        (
            2019,
            "training",
            "Industry 4.0 workshop series for production managers",
            9,
            True,
            "digital",
        ),
        (2019, "consulting", "Circular design clinics with the regional agency", 4, False, "green"),
        (2019, "matchmaking", "Digital supply-chain platform pilot", 5, False, "digital, green"),
        (
            2020,
            "information",
            "Pandemic support desk: supply chains and state aid",
            24,
            False,
            None,
        ),
        (2020, "training", "Webinar series: moving sales online", 9, False, "digital"),
        (2020, "collaborative_rd", "Remote production monitoring pilot", 3, False, "digital"),
        (2021, "consulting", "E-commerce and digital marketing clinic", 5, True, "digital"),
        (2021, "collaborative_rd", "Antiviral filter testing round", 4, False, "green"),
        (2022, "training", "Webinar series: digital tools for SMEs", 11, False, "digital"),
        (2022, "consulting", "Energy price crisis: savings advice", 9, False, "green"),
        (2023, "collaborative_rd", "Recyclable filter media feasibility study", 3, False, "green"),
        (
            2023,
            "consulting",
            "TEX4TWIN vouchers: digitalisation of finishing lines",
            4,
            False,
            "digital",
        ),
        (
            2023,
            "consulting",
            "TEX4TWIN vouchers: energy and material efficiency",
            4,
            False,
            "green",
        ),
        (2023, "training", "Cybersecurity basics for production IT", 8, True, "digital"),
        (
            2024,
            "access_to_finance",
            "Grant advisory for OP TAK and Horizon Europe calls",
            14,
            True,
            None,
        ),
        (2024, "consulting", "Digital maturity assessments for SMEs", 6, True, "digital"),
        (2024, "consulting", "Carbon footprint of filter products (LCA)", 5, True, "green"),
        (2024, "training", "AI in quality inspection: hands-on course", 8, True, "digital"),
        (2025, "infrastructure", "Access to the shared electrospinning pilot line", 9, True, None),
        (2025, "consulting", "PFAS-free finishing: substitution advice", 6, True, "green"),
        (2025, "collaborative_rd", "Recycled PET nanofibre trials", 4, False, "green"),
        (2025, "training", "Cybersecurity for manufacturers", 10, True, "digital"),
        (
            2025,
            "matchmaking",
            "Digital twin pilots: matching SMEs with solution providers",
            5,
            False,
            "digital",
        ),
        (2025, "access_to_finance", "Investor day for start-up members", 6, False, None),
    ]
    out = []
    for i, (year, category, title, served, fee, tags) in enumerate(rows):
        month = 3 + (i * 5) % 9
        out.append(
            {
                "title": title,
                "start": date(year, month, 1),
                "end": date(year, 12, 31) if str(year) in title else None,
                "category": category,
                "members_served": served,
                "fee_based": fee,
                "tags": tags,
            }
        )
    return sorted(out, key=lambda r: (r["start"], r["title"]))


# ----------------------------------------------------------------------------- surveys

SURVEYS: list[Row] = [
    {"title": "Member satisfaction survey 2016", "start": date(2016, 10, 20), "invited": 32,
     "respondents": 21, "satisfaction": 74},
    {"title": "Member satisfaction survey 2018", "start": date(2018, 11, 15), "invited": 38,
     "respondents": 24, "satisfaction": 79},
    {"title": "Member satisfaction survey 2020 (online)", "start": date(2020, 11, 10),
     "invited": 41, "respondents": 22, "satisfaction": 77},
    {"title": "Member needs and satisfaction survey 2024", "start": date(2024, 1, 30),
     "invited": 45, "respondents": 33, "satisfaction": 72,
     "notes": "Input for the strategy 2024-2028."},
    {"title": "Member satisfaction survey 2025", "start": date(2025, 11, 12), "invited": 52,
     "respondents": 37, "satisfaction": 78},
]  # fmt: skip


# ----------------------------------------------------------------------------- documents

GA = "General assembly"
BOARD = "Board"


def documents() -> list[Row]:
    docs: list[Row] = [
        {"doc_type": "statutes", "title": "Statutes of NanoTex Liberec Cluster, z.s.",
         "start": date(2012, 5, 15), "approved_by": "Founding assembly",
         "approved_on": date(2012, 5, 15)},
        {"doc_type": "statutes", "title": "Statutes, amended (board of seven)",
         "start": date(2019, 3, 24), "approved_by": GA, "approved_on": date(2019, 3, 24)},
        {"doc_type": "strategy", "title": "Cluster strategy 2016-2020", "start": date(2016, 3, 24),
         "end": date(2020, 12, 31), "approved_by": GA, "approved_on": date(2016, 3, 24)},
        {"doc_type": "action_plan", "title": "Action plan 2016-2018 with KPIs",
         "start": date(2016, 4, 20), "end": date(2018, 12, 31), "approved_by": BOARD,
         "approved_on": date(2016, 4, 20)},
        {"doc_type": "strategy", "title": "Strategy update 2019-2022", "start": date(2019, 3, 24),
         "end": date(2022, 12, 31), "approved_by": GA, "approved_on": date(2019, 3, 24),
         "notes": "Mid-term revision after the ECEI Silver benchmarking."},
        {"doc_type": "action_plan", "title": "Action plan 2019-2020 with KPIs",
         "start": date(2019, 5, 14), "end": date(2020, 12, 31), "approved_by": BOARD,
         "approved_on": date(2019, 5, 14)},
        {"doc_type": "other", "title": "ECEI Silver benchmarking report",
         "start": date(2018, 11, 28)},
        {"doc_type": "other", "title": "ECEI Gold assessment report", "start": date(2021, 2, 25)},
        {"doc_type": "other", "title": "Self-assessment 2022-2023 and gap-closing plan",
         "start": date(2024, 1, 18), "approved_by": BOARD, "approved_on": date(2024, 1, 18),
         "notes": "Gold not reachable: strategy out of date, no member survey since 2020."},
        {"doc_type": "strategy", "title": "NanoTex strategy 2024-2028", "start": date(2024, 3, 21),
         "end": date(2028, 12, 31), "approved_by": GA, "approved_on": date(2024, 3, 21),
         "notes": "Built on the 2024 member survey and a SWOT workshop with the board."},
        {"doc_type": "minutes", "title": "Minutes of the general assembly approving the strategy 2024-2028",
         "start": date(2024, 3, 21), "approved_by": GA, "approved_on": date(2024, 3, 21)},
        {"doc_type": "action_plan", "title": "Action plan 2024-2025 with 14 KPIs",
         "start": date(2024, 4, 16), "end": date(2025, 12, 31), "approved_by": BOARD,
         "approved_on": date(2024, 4, 16)},
        {"doc_type": "minutes", "title": "Board minutes: KPI report 2024 discussed, action plan adjusted",
         "start": date(2024, 12, 10), "approved_by": BOARD, "approved_on": date(2024, 12, 10)},
        {"doc_type": "minutes", "title": "Board minutes: KPI report 2025 discussed",
         "start": date(2025, 12, 9), "approved_by": BOARD, "approved_on": date(2025, 12, 9)},
        {"doc_type": "survey_report", "title": "Report on the member needs survey 2024",
         "start": date(2024, 2, 20)},
        {"doc_type": "survey_report", "title": "Report on the member satisfaction survey 2025",
         "start": date(2025, 12, 5)},
    ]  # fmt: skip
    for year in (2016, 2017, 2018, 2019, 2020, 2024, 2025):
        docs.append(
            {"doc_type": "kpi_report", "title": f"KPI monitoring report {year}",
             "start": date(year, 12, 10 if year != 2025 else 9), "approved_by": BOARD,
             "approved_on": date(year, 12, 10 if year != 2025 else 9)}
        )  # fmt: skip
    for year in YEARS:
        docs.append(
            {"doc_type": "annual_report", "title": f"Annual report {year}",
             "start": date(year + 1, 3, 24 if year != 2023 else 21), "approved_by": GA,
             "approved_on": date(year + 1, 3, 24 if year != 2023 else 21)}
        )  # fmt: skip
    docs = [d for d in docs if d["start"] <= date(2025, 12, 31)]
    stories = [
        (date(2016, 11, 30), "From lab to market: nanofibre acoustic panels by three members"),
        (date(2017, 12, 5), "A Korean distributor for FiltraTech Liberec after the mission"),
        (date(2018, 9, 12), "Joint clean-room line for medical nanofibre dressings"),
        (date(2019, 10, 22), "FiberBridge brings a Saxon partner into a member's supply chain"),
        (date(2020, 5, 18), "Members switch to nanofibre face-mask filters within six weeks"),
        (date(2021, 9, 14), "Antiviral HVAC filter prototype tested in a Liberec hospital"),
        (date(2022, 11, 8), "Energy crisis: shared savings programme cuts members' gas use"),
        (date(2023, 9, 19), "Eurocluster vouchers help two SMEs digitise their finishing lines"),
        (date(2024, 6, 25), "Pilot line orders from three SMEs in its first quarter"),
        (date(2025, 3, 18), "Start-up member Nanoclean wins a Japanese customer on the mission"),
        (date(2025, 10, 2), "Recycled PET nanofibres enter serial production at a member"),
    ]
    for day, title in stories:
        docs.append({"doc_type": "success_story", "title": title, "start": day})
    awards = [
        (date(2018, 11, 28), "ECEI Silver label", "European Secretariat for Cluster Analysis"),
        (date(2018, 10, 9), "Cluster of the year 2018", "National cluster association"),
        (date(2021, 3, 2), "ECEI Gold label", "European Secretariat for Cluster Analysis"),
        (date(2022, 10, 11), "Cluster manager of the year 2022", "National cluster association"),
        (
            date(2024, 10, 8),
            "Best cluster project 2024 (pilot line)",
            "National cluster association",
        ),
        (date(2025, 6, 4), "Regional innovation award 2025", "Liberec Region"),
    ]
    for day, title, body in awards:
        docs.append(
            {"doc_type": "award", "title": title, "start": day, "approved_by": body,
             "approved_on": day, "expires": date(day.year + 2, day.month, day.day)
             if title.startswith("ECEI") else None}
        )  # fmt: skip
    return sorted(docs, key=lambda d: (d["start"], d["doc_type"], d["title"]))


# ----------------------------------------------------------------------------- communication

NEWS_TOPICS = [
    "New member", "Call for projects", "Workshop report", "Fair report", "Member success",
    "Project news", "Funding news", "Event invitation", "Research result", "Interview",
]  # fmt: skip
MEDIA = [
    "Liberecký deník", "Hospodářské noviny", "Czech Radio Liberec", "Technický týdeník",
    "TextilePlus magazine", "ČT24 regional news", "E15", "Innovation Origins",
]  # fmt: skip


def communication(rng: random.Random) -> list[Row]:
    out: list[Row] = [
        {"channel": "website", "title": "Cluster website nanotex-cluster.example",
         "start": date(2012, 9, 1), "audience": "public", "reach": None,
         "url": "https://www.nanotex-cluster.example"},
    ]  # fmt: skip
    for year in YEARS:
        plan = PLAN[year]
        n = plan["newsletters"]
        months = [1 + (12 * i) // n for i in range(n)]
        for i, month in enumerate(months, start=1):
            out.append(
                {"channel": "newsletter", "title": f"NanoTex newsletter {i}/{year}",
                 "start": date(year, month, 15 if month != 12 else 12), "audience": "members",
                 "reach": 180 + 12 * (year - 2016) + rng.randint(0, 20)}
            )  # fmt: skip
        for i, day in enumerate(_spread(rng, year, plan["press"], list(range(1, 13))), start=1):
            if i % 2:
                out.append(
                    {"channel": "press_release", "title": f"Press release {i}/{year}",
                     "start": day, "audience": "public"}
                )  # fmt: skip
            else:
                media = MEDIA[rng.randrange(len(MEDIA))]
                out.append(
                    {"channel": "media_mention", "title": f"{media} on the cluster ({day:%d.%m.%Y})",
                     "start": day, "audience": "public", "reach": rng.randint(5, 90) * 1000}
                )  # fmt: skip
        web = plan["web"]
        social = 12 if year >= 2019 else 0  # a monthly LinkedIn report since 2019
        for month in range(1, social + 1):
            out.append(
                {"channel": "social_media", "title": f"LinkedIn monthly report {month:02d}/{year}",
                 "start": date(year, month, 28), "audience": "public",
                 "reach": (900 + 150 * (year - 2019)) * rng.randint(8, 12) // 10}
            )  # fmt: skip
        for day in _spread(rng, year, web - social, list(range(1, 13))):
            topic = NEWS_TOPICS[rng.randrange(len(NEWS_TOPICS))]
            out.append(
                # a news item is dated (end = start): only the site record itself is
                # "active" (C4), not every item ever published
                {"channel": "website", "title": f"Web news: {topic} ({day:%d.%m.%Y})",
                 "start": day, "end": day, "audience": "public"}
            )  # fmt: skip
    out.append(
        {"channel": "publication", "title": "Nanofibre technologies in the Liberec Region (brochure)",
         "start": date(2019, 6, 1), "audience": "public", "reach": 2000}
    )  # fmt: skip
    out.append(
        {"channel": "presentation", "title": "How a cluster regains Gold: lessons from a self-assessment",
         "start": date(2025, 11, 6), "audience": "cluster managers", "reach": 120}
    )  # fmt: skip
    return sorted(out, key=lambda r: (r["start"], r["channel"], r["title"]))


# ----------------------------------------------------------------------------- writing


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


def _clean(row: Row) -> Row:
    return {k: v for k, v in row.items() if v is not None}


# G8: the assessor's level for each year, why, and which documents show it
G8_YEARS: dict[int, tuple[int, str]] = {
    2016: (3, "Strategy 2016-2020 approved by the general assembly; action plan with KPIs."),
    2017: (4, "Strategy and action plan with KPIs; the first KPI report was discussed by the board."),
    2018: (4, "KPIs monitored yearly; the action plan was adjusted after the 2017 report."),
    2019: (4, "Strategy updated after the Silver benchmarking; new action plan with KPIs."),
    2020: (4, "KPI report 2020 discussed by the board despite the pandemic."),
    2021: (3, "Approved strategy and action plan; no KPI report in 2021 (change of manager)."),
    2022: (2, "The 2019 strategy update expired at the end of 2022; no action plan after 2020."),
    2023: (2, "No valid strategy; objectives only in the 2019 update; KPIs no longer monitored."),
    2024: (4, "New strategy 2024-2028 based on the member survey; action plan with KPIs; KPI "
              "report 2024 discussed by the board, action plan adjusted."),
    2025: (4, "Strategy 2024-2028 and action plan with 14 KPIs; KPI report 2025 discussed by "
              "the board."),
}  # fmt: skip


def judgement_files(docs: list[Row], out: Path) -> None:
    ids = {(d["doc_type"], d["title"]): record_id("document", d) for d in docs}
    surveys = {s["title"]: record_id("survey", s) for s in SURVEYS}

    def doc(doc_type: str, title: str) -> str:
        return ids[(doc_type, title)]

    strategy_for = {
        **dict.fromkeys(range(2016, 2019), ("Cluster strategy 2016-2020", "Action plan 2016-2018 with KPIs")),
        **dict.fromkeys(range(2019, 2024), ("Strategy update 2019-2022", "Action plan 2019-2020 with KPIs")),
        **dict.fromkeys(range(2024, 2026), ("NanoTex strategy 2024-2028", "Action plan 2024-2025 with 14 KPIs")),
    }  # fmt: skip
    for year, (level, why) in G8_YEARS.items():
        strategy, plan = strategy_for[year]
        evidence = [doc("strategy", strategy), doc("action_plan", plan)]
        report = ("kpi_report", f"KPI monitoring report {year}")
        if report in ids:
            evidence.append(ids[report])
        assessor = MANAGER if year < 2022 else AUDITOR
        _write_judgements(out / f"judgements-{year}.yaml", year, level, why, evidence, assessor)
    earlier = {
        "2016-2017": (4, "Strategy 2016-2020 approved by the general assembly, based on a member "
                      "survey; action plan 2016-2018 with KPIs; KPI reports 2016 and 2017 "
                      "discussed by the board.", 2016),
        "2018-2019": (4, "Strategy updated in 2019 after the ECEI Silver benchmarking; action "
                      "plans with KPIs; KPI reports 2018 and 2019 discussed by the board.", 2018),
        "2020-2021": (3, "Approved strategy update and action plan 2019-2020 with KPIs; the KPI "
                      "report 2020 was discussed, none in 2021 after the change of manager.", 2020),
    }  # fmt: skip
    for label, (level, why, first) in earlier.items():
        evidence = []
        for year in (first, first + 1):
            strategy, plan = strategy_for[year]
            evidence += [doc("strategy", strategy), doc("action_plan", plan)]
            report = ("kpi_report", f"KPI monitoring report {year}")
            if report in ids:
                evidence.append(ids[report])
        evidence = list(dict.fromkeys(evidence))
        _write_judgements(out / f"judgements-{label}.yaml", label, level, why, evidence, MANAGER)
    _write_judgements(
        out / "judgements-2022-2023.yaml",
        "2022-2023",
        2,
        "The strategy update 2019-2022 was approved by the general assembly and has objectives, "
        "but it expired at the end of 2022 and no new strategy was approved in the period. The "
        "last action plan with KPIs covered 2019-2020 and the last KPI report is from 2020: the "
        "KPIs are no longer monitored.",
        [
            doc("strategy", "Strategy update 2019-2022"),
            doc("action_plan", "Action plan 2019-2020 with KPIs"),
            doc("kpi_report", "KPI monitoring report 2020"),
        ],
        AUDITOR,
    )
    _write_judgements(
        out / "judgements-2024-2025.yaml",
        "2024-2025",
        4,
        "Strategy 2024-2028 built on the 2024 member needs survey and a SWOT workshop, approved "
        "by the general assembly on 21 March 2024. The action plan 2024-2025 sets 14 KPIs with "
        "targets, owners, timeline and budget. The KPI reports 2024 and 2025 were discussed by "
        "the board, and the action plan was adjusted in December 2024.",
        [
            doc("strategy", "NanoTex strategy 2024-2028"),
            doc("minutes", "Minutes of the general assembly approving the strategy 2024-2028"),
            doc("action_plan", "Action plan 2024-2025 with 14 KPIs"),
            doc("kpi_report", "KPI monitoring report 2024"),
            doc("kpi_report", "KPI monitoring report 2025"),
            doc("minutes", "Board minutes: KPI report 2024 discussed, action plan adjusted"),
            doc("survey_report", "Report on the member needs survey 2024"),
            surveys["Member needs and satisfaction survey 2024"],
        ],
        AUDITOR,
    )


def _write_judgements(
    path: Path, period: int | str, level: int, why: str, evidence: list[str], assessor: str
) -> None:
    dump_yaml(
        path,
        {
            "judgements": [
                {
                    "indicator": "G8",
                    "level": level,
                    "rationale": why,
                    "evidence": evidence,
                    "assessor": assessor,
                }
            ]
        },
        f"# Judgements for NanoTex Liberec Cluster, {period} (clex assess --judgements).\n"
        "# G8 is the only indicator of ecei-gold scored by an assessor; `evidence` lists the\n"
        "# ids of the documents behind the level (see `clex evidence show ID`).",
    )


def reviews(sheets: dict[str, list[Row]], docs: list[Row], comms: list[Row]) -> list[Row]:
    """The 2025 renewal audit: the auditor verified what the 2024-2025 scores rest on.

    Everything the cluster registers for 2024-2025 is verified, plus the member and staff
    lists and the founding documents; December 2025 items were not yet reviewed; two
    records need more information and one media mention was rejected.
    """
    audit_from = date(2024, 1, 1)
    open_from = date(2025, 12, 1)
    needs_info = {
        ("service", "Investor day for start-up members"): "Attendance list missing.",
    }
    mention = next(c for c in comms if c["channel"] == "media_mention" and c["start"].year == 2025)
    needs_info[("communication", mention["title"])] = "Link to the article missing."
    rejected = {("communication", "Press release 5/2024"): "Duplicate of press release 3/2024."}
    verified: list[str] = []
    info: list[Row] = []
    rejects: list[Row] = []
    everything: list[tuple[str, Row]] = [(k, r) for k, rows in sheets.items() for r in rows]
    everything += [("document", d) for d in docs] + [("communication", c) for c in comms]
    for kind, row in everything:
        rid = record_id(kind, row)
        key = (kind, row["title"])
        if key in needs_info:
            info.append({"id": rid, "note": needs_info[key]})
            continue
        if key in rejected:
            rejects.append({"id": rid, "note": rejected[key]})
            continue
        ongoing = kind in ("member", "staff", "project") and (
            row.get("end") is None or row["end"] >= audit_from
        )
        founding = kind == "document" and row["doc_type"] in ("statutes", "strategy")
        recent = audit_from <= row["start"] < open_from
        if (
            ongoing
            or founding
            or recent
            or (
                kind == "communication"
                and row["channel"] == "website"
                and row["start"].year == 2012
            )
        ):
            verified.append(rid)
    missing = set(needs_info) | set(rejected)
    found = {(k, r["title"]) for k, r in everything}
    if missing - found:
        raise SystemExit(f"reviews name records that do not exist: {sorted(missing - found)}")
    return [
        {"reviewer": AUDITOR, "status": "verified",
         "note": "Checked against the documents in the 2025 renewal audit.",
         "ids": sorted(verified)},
        *({"reviewer": AUDITOR, "status": "needs_info", "note": r["note"], "ids": [r["id"]]}
          for r in info),
        *({"reviewer": AUDITOR, "status": "rejected", "note": r["note"], "ids": [r["id"]]}
          for r in rejects),
    ]  # fmt: skip


# ----------------------------------------------------------------------------- peers

PEER_NAMES = [
    ("Saxon Textile Innovation Network", "DE", "Saxony"),
    ("Cluster Technical Textiles Bavaria", "DE", "Bavaria"),
    ("Nanotech Cluster Upper Austria", "AT", "Upper Austria"),
    ("Moravian Advanced Materials Cluster", "CZ", "South Moravian Region"),
    ("Silesian Nonwovens Cluster", "PL", "Silesia"),
    ("Łódź Textile Cluster", "PL", "Łódź"),
    ("Slovak Plastics and Fibres Cluster", "SK", "Trenčín Region"),
    ("Flanders Smart Textiles", "BE", "Flanders"),
    ("Textile Valley Piedmont", "IT", "Piedmont"),
    ("Lombardy Nanomaterials District", "IT", "Lombardy"),
    ("Catalan Technical Textiles Cluster", "ES", "Catalonia"),
    ("Valencia Textile Innovation Cluster", "ES", "Valencia"),
    ("Portugal Textile Cluster North", "PT", "Norte"),
    ("Rhône-Alpes Technical Textiles", "FR", "Auvergne-Rhône-Alpes"),
    ("Hauts-de-France Textile Innovation", "FR", "Hauts-de-France"),
    ("Finnish Fibre Cluster", "FI", "Uusimaa"),
    ("Swedish Smart Materials Cluster", "SE", "Västra Götaland"),
    ("Slovenian Advanced Materials Cluster", "SI", "Savinjska"),
    ("Hungarian Nanotechnology Cluster", "HU", "Central Hungary"),
    ("Romanian Textile Concept Cluster", "RO", "Nord-Est"),
    ("Danish Filtration Network", "DK", "Midtjylland"),
    ("Dutch Nanofibre Cluster", "NL", "Gelderland"),
]


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
        budget=int(round(lvl(20000, 900000), -4)),
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
             "country": "XX" if foreign else country, "region": region if home else "elsewhere",
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
        rows.append(
            {"kind": "staff", "title": f"Staff {n + 1}", "fte": fte,
             "start": date(2019, 1, 1) if stable else date(2024, 9, 1),
             "training_hours": k.training * 2 * fte}
        )  # fmt: skip
        fte_left -= fte
        n += 1
    for i in range(k.board * 2):
        rows.append({"kind": "event", "title": f"Board meeting {i + 1}", "format": "board_meeting",
                     "start": day(i, k.board * 2), "audience": "members"})  # fmt: skip
    for i in range(k.member_events * 2):
        rows.append({"kind": "event", "title": f"Member event {i + 1}", "format": "workshop",
                     "role": "organiser", "audience": "members", "start": day(i, k.member_events * 2),
                     "country": country})  # fmt: skip
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
    rows.append({"kind": "finance", "title": "Private income", "source_type": "membership_fees",
                 "amount_eur": private, "start": y0})  # fmt: skip
    rows.append({"kind": "finance", "title": "Public income", "source_type": "public_national",
                 "amount_eur": round(total - private), "start": y0,
                 "secured_until": date(2027, 3, 31) if k.secured else date(2026, 3, 31)})  # fmt: skip
    rows.append({"kind": "communication", "channel": "website", "title": "Website",
                 "start": date(2014, 1, 1)})  # fmt: skip
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
        rows.append({"kind": "service", "title": f"Service {i + 1}",
                     "category": categories[i % max(k.categories, 1)],
                     "members_served": uses // n_services, "start": day(i, n_services),
                     "tags": ", ".join(tags) or None})  # fmt: skip
    per_project = k.budget // max(k.projects, 1)
    for i in range(max(k.projects, 1)):
        rows.append({"kind": "project", "title": f"Project {i + 1}", "project_status": "running",
                     "member_participants": 4 if i < k.projects else 1,
                     "cluster_budget_eur": per_project, "start": date(2023, 1 + i, 1),
                     "end": date(2026, 6, 30)})  # fmt: skip
    for i in range(k.surveys):
        rows.append({"kind": "survey", "title": f"Survey {i + 1}", "start": date(2024 + i, 11, 1),
                     "satisfaction": k.satisfaction - 3 + 3 * i})  # fmt: skip
    return [_clean(r) for r in rows]


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
                    region=region,
                    sector="Technical textiles and advanced materials",
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


# ----------------------------------------------------------------------------- main


def build(out: Path, *, peers: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    sheets: dict[str, list[Row]] = {
        "member": members(),
        "event": events(rng),
        "project": PROJECTS,
        "staff": STAFF,
        "finance": finance(),
        "service": services(),
        "survey": SURVEYS,
    }
    docs = documents()
    comms = communication(rng)
    write_workbook(out / "evidence.xlsx", sheets)
    dump_yaml(
        out / "documents.yaml",
        [{"kind": "document", **_clean(d)} for d in docs],
        "# Documents of NanoTex Liberec Cluster (fictional): statutes, strategies, action\n"
        "# plans, KPI reports, success stories, awards. Import: clex import documents.yaml",
    )
    dump_yaml(
        out / "communication.yaml",
        [{"kind": "communication", **_clean(c)} for c in comms],
        "# Communication of NanoTex Liberec Cluster (fictional): website, newsletters, press\n"
        "# releases, media mentions, web news, social media. Import: clex import communication.yaml",
    )
    dump_yaml(out / "cluster.yaml", PROFILE, "# The demo cluster's profile (clex init).")
    judgement_files(docs, out)
    dump_yaml(
        out / "reviews.yaml",
        reviews(sheets, docs, comms),
        "# The 2025 renewal audit of the demo cluster: status changes the auditor recorded\n"
        "# (as with `clex evidence review`), applied by `clex demo` after the import.",
    )
    if peers:
        overall = write_peers(out)
        print(
            f"peers: {len(overall)}, overall min {min(overall):.1f} median "
            f"{sorted(overall)[len(overall) // 2]:.1f} max {max(overall):.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "clex" / "demo_data", help="default: clex/demo_data"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip the peer snapshots")
    args = parser.parse_args()
    build(args.out.resolve(), peers=not args.no_peers)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
