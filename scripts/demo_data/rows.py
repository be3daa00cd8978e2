"""The rules that turn the story's tables into records, one function per sheet or file.

`demo_data.tables` says what happened (members, projects, events abroad, documents ...);
this module adds what follows from a rule: yearly events and their dates, participant
numbers drawn from the seeded random generator, finance rows from the income table,
yearly services, reports and news. The generator is shared and drawn from in a fixed
order (events, then communication), so the output is the same on every run.
"""

# Records keep one field group per line, easier to read than the wrapped form; long
# lines are accepted in this file.
# ruff: noqa: E501

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date

from .tables.activities import (
    ABROAD,
    ECCP_PROFILE,
    MEDIA,
    NATIONAL,
    NEWS_TOPICS,
    PLAN,
    PUBLICATIONS,
    SERVICES_ONCE,
    TRAINING_TOPICS,
    WEBSITE,
    WORKSHOP_TOPICS,
    ServiceRow,
)
from .tables.documents import AWARDS, BOARD, DOCUMENTS, GA, KPI_REPORT_YEARS, STORIES
from .tables.members import LEAVE_NOTES, MEMBERS
from .tables.organisation import FINANCE, NATIONAL_GRANT, SECURED, STAFF, TRAINING_HOURS
from .tables.story import HOME, YEARS, Row

# the members whose sites host the study visits: Czech companies and research institutes
VISIT_HOSTS = [
    m[0] for m in MEMBERS if m[1] in ("sme", "large_company", "research") and m[2] == "CZ"
]


def members() -> list[Row]:
    out = []
    for name, mtype, country, region, joined, left, committed in MEMBERS:
        fee = committed and mtype not in ("public", "university")
        out.append(
            {
                "title": name,
                "org_id": org_id(name, country),
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


def org_id(name: str, country: str) -> str:
    """A fictional registration number, the same for a name on every run: a Czech IČO
    (8 digits) at home, a VAT number abroad (country code and 9 digits)."""
    digits = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))
    return digits[:8] if country == "CZ" else f"{country}{digits[:9]}"


def training() -> list[Row]:
    """The training log: each person's yearly hours as a spring and an autumn course,
    in the years (and the part of the year) they were employed."""
    out: list[Row] = []
    for person in STAFF:
        name = str(person["title"]).split(",")[0]
        hours = TRAINING_HOURS[name]
        for year in YEARS:
            for day, title, share in (
                (date(year, 4, 16), "Spring course", hours // 2),
                (date(year, 10, 15), "Autumn course", hours - hours // 2),
            ):
                if person["start"] <= day and (person["end"] is None or day <= person["end"]):
                    out.append({"title": f"{title} {year}", "person": name, "hours": share,
                                "start": day})  # fmt: skip
    return sorted(out, key=lambda r: (r["start"], r["person"]))


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
                    "end": date(year, 12, 31),
                    "year": year,
                    "source_type": source,
                    "amount_eur": amount,
                    "secured_until": SECURED[year]
                    if source == "public_national"
                    else (date(year, 12, 31) if source == "public_regional" else None),
                }
            )
    return out


def services() -> list[Row]:
    rows: list[ServiceRow] = []
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
    rows += SERVICES_ONCE
    out = []
    for i, (year, category, title, served, fee, tags) in enumerate(rows):
        month = 3 + (i * 5) % 9
        start = date(year, month, 1)
        out.append(
            {
                "title": title,
                "start": start,
                # a year's programme runs to the year's end; a service delivered once has
                # its day as its end (without one it would be a standing service)
                "end": date(year, 12, 31) if str(year) in title else start,
                "category": category,
                "members_served": served,
                "fee_based": fee,
                "tags": tags,
            }
        )
    return sorted(out, key=lambda r: (r["start"], r["title"]))


def documents() -> list[Row]:
    docs: list[Row] = list(DOCUMENTS)
    for year in KPI_REPORT_YEARS:
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
    for day, title in STORIES:
        docs.append({"doc_type": "success_story", "title": title, "start": day})
    for day, title, body in AWARDS:
        docs.append(
            {"doc_type": "award", "title": title, "start": day, "approved_by": body,
             "approved_on": day, "expires": date(day.year + 2, day.month, day.day)
             if title.startswith("ECEI") else None}
        )  # fmt: skip
    return sorted(docs, key=lambda d: (d["start"], d["doc_type"], d["title"]))


def presence() -> list[Row]:
    """The website and the ECCP profile: standing presences, not news items."""
    return [dict(WEBSITE), dict(ECCP_PROFILE)]


def communication(rng: random.Random) -> list[Row]:
    out: list[Row] = []
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
    out += [dict(p) for p in PUBLICATIONS]
    return sorted(out, key=lambda r: (r["start"], r["channel"], r["title"]))
