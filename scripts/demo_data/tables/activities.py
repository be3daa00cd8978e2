"""What the cluster did year by year: activity levels, topics, events abroad, one-off
services, news topics and media, and the communication records that happen once.

The yearly rules that turn these into records (dates, participants, tags) are in
`demo_data.rows`; this module only holds the facts they draw on.
"""

# ruff: noqa: E501

from __future__ import annotations

from datetime import date

from .story import Row

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


# services offered once (not every year): (year, category, title, members served,
# fee based, tags); the yearly ones are a rule in `demo_data.rows.services`
ServiceRow = tuple[int, str, str, int, bool, str | None]
SERVICES_ONCE: list[ServiceRow] = [
    (2016, "consulting", "Market analyses for Korea and Israel", 9, False, None),
    (2017, "consulting", "Energy audits with the regional energy agency", 5, True, "green"),
    (2018, "training", "Lean production coaching", 6, True, None),
    (2019, "consulting", "Industry 4.0 readiness checks", 7, True, "digital"),
    (2019, "collaborative_rd", "Recycled polymers pilot with three members", 3, False, "green"),
    (2019, "training", "Industry 4.0 workshop series for production managers", 9, True, "digital"),
    (2019, "consulting", "Circular design clinics with the regional agency", 4, False, "green"),
    (2019, "matchmaking", "Digital supply-chain platform pilot", 5, False, "digital, green"),
    (2020, "information", "Pandemic support desk: supply chains and state aid", 24, False, None),
    (2020, "training", "Webinar series: moving sales online", 9, False, "digital"),
    (2020, "collaborative_rd", "Remote production monitoring pilot", 3, False, "digital"),
    (2021, "consulting", "E-commerce and digital marketing clinic", 5, True, "digital"),
    (2021, "collaborative_rd", "Antiviral filter testing round", 4, False, "green"),
    (2022, "training", "Webinar series: digital tools for SMEs", 11, False, "digital"),
    (2022, "consulting", "Energy price crisis: savings advice", 9, False, "green"),
    (2023, "collaborative_rd", "Recyclable filter media feasibility study", 3, False, "green"),
    (2023, "consulting", "TEX4TWIN vouchers: digitalisation of finishing lines", 4, False, "digital"),
    (2023, "consulting", "TEX4TWIN vouchers: energy and material efficiency", 4, False, "green"),
    (2023, "training", "Cybersecurity basics for production IT", 8, True, "digital"),
    (2024, "access_to_finance", "Grant advisory for OP TAK and Horizon Europe calls", 14, True, None),
    (2024, "consulting", "Digital maturity assessments for SMEs", 6, True, "digital"),
    (2024, "consulting", "Carbon footprint of filter products (LCA)", 5, True, "green"),
    (2024, "training", "AI in quality inspection: hands-on course", 8, True, "digital"),
    (2024, "training", "Energy management for textile finishers (ISO 50001)", 7, True, "green"),
    (2025, "infrastructure", "Access to the shared electrospinning pilot line", 9, True, None),
    (2025, "consulting", "PFAS-free finishing: substitution advice", 6, True, "green"),
    (2025, "collaborative_rd", "Recycled PET nanofibre trials", 4, False, "green"),
    (2025, "training", "Cybersecurity for manufacturers", 10, True, "digital"),
    (2025, "matchmaking", "Digital twin pilots: matching SMEs with solution providers", 5, False, "digital"),
    (2025, "access_to_finance", "Investor day for start-up members", 6, False, None),
]  # fmt: skip

NEWS_TOPICS = [
    "New member", "Call for projects", "Workshop report", "Fair report", "Member success",
    "Project news", "Funding news", "Event invitation", "Research result", "Interview",
]  # fmt: skip
MEDIA = [
    "Liberecký deník", "Hospodářské noviny", "Czech Radio Liberec", "Technický týdeník",
    "TextilePlus magazine", "ČT24 regional news", "E15", "Innovation Origins",
]  # fmt: skip

# the cluster's standing presence online (`presence` records, not news items): the
# website, in Czech and English since 2014, and the ECCP profile every label has needed
# since 2019 (the cluster listed itself in 2016)
WEBSITE: Row = {
    "platform": "website",
    "title": "Cluster website nanotex-cluster.example",
    "start": date(2012, 9, 1),
    "languages": "cs, en",
    "url": "https://www.nanotex-cluster.example",
    "notes": "English pages since 2014.",
}
ECCP_PROFILE: Row = {
    "platform": "eccp_profile",
    "title": "NanoTex profile on the European Cluster Collaboration Platform",
    "start": date(2016, 2, 10),
    "languages": "en",
    "url": "https://clustercollaboration.eu/cluster-organisations/nanotex-liberec-cluster",
}
PUBLICATIONS: list[Row] = [
    {"channel": "publication", "title": "Nanofibre technologies in the Liberec Region (brochure)",
     "start": date(2019, 6, 1), "audience": "public", "reach": 2000},
    {"channel": "presentation", "title": "How a cluster regains Gold: lessons from a self-assessment",
     "start": date(2025, 11, 6), "audience": "cluster managers", "reach": 120},
]  # fmt: skip
