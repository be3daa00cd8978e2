"""The cluster organisation: its team, its income and its member surveys.

Plain data, one entry per person, year or survey; `demo_data.rows.finance` turns the
income table into finance records.
"""

from __future__ import annotations

from datetime import date

from .story import Row

# hours of training a year per person (the training log: `demo_data.rows.training` dates
# them, a spring and an autumn course in every year of the employment)
TRAINING_HOURS: dict[str, int] = {
    "Jana Horáková": 40, "Petr Kučera": 40, "Lucie Marešová": 16, "Tomáš Novák": 32,
    "Klára Svobodová": 32, "Martin Beneš": 48, "Eva Dvořáková": 24,
}  # fmt: skip

STAFF: list[Row] = [
    {"title": "Jana Horáková, cluster manager", "start": date(2014, 1, 1), "end": date(2021, 6, 30),
     "role": "manager", "fte": 1.0,
     "notes": "Left for the regional innovation agency."},
    {"title": "Petr Kučera, project manager", "start": date(2016, 3, 1), "end": None,
     "role": "project manager", "fte": 1.0},
    {"title": "Lucie Marešová, office and communication", "start": date(2017, 9, 1),
     "end": date(2022, 8, 31), "role": "assistant", "fte": 0.5},
    {"title": "Tomáš Novák, cluster manager", "start": date(2021, 10, 1), "end": None,
     "role": "manager", "fte": 1.0},
    {"title": "Klára Svobodová, communication officer", "start": date(2023, 2, 1), "end": None,
     "role": "communication", "fte": 0.5},
    {"title": "Martin Beneš, international projects", "start": date(2024, 3, 1), "end": None,
     "role": "international projects", "fte": 1.0},
    {"title": "Eva Dvořáková, innovation services", "start": date(2024, 9, 1), "end": None,
     "role": "services", "fte": 0.5},
]  # fmt: skip

# year: fees, paid services, sponsoring, region, national grant, EU projects
FINANCE: dict[int, tuple[int, int, int, int, int, int]] = {
    2016: (24000, 6000, 4000, 20000, 95000, 0),
    2017: (27000, 7000, 4000, 20000, 90000, 22000),
    2018: (30000, 24000, 12000, 22000, 70000, 30000),
    2019: (33000, 22000, 10000, 22000, 35000, 55000),
    2020: (34000, 6000, 3000, 25000, 45000, 60000),
    2021: (35000, 7000, 4000, 25000, 50000, 55000),
    2022: (38000, 14000, 6000, 25000, 55000, 20000),
    2023: (39000, 15000, 6000, 25000, 55000, 20000),
    2024: (45000, 28000, 9000, 25000, 85000, 45000),
    2025: (52000, 36000, 12000, 25000, 95000, 50000),
}
# how far the national grant of each year was secured (the funding contract's end; the
# OP TAK contract signed in 2024 runs to mid-2027)
SECURED = {
    2016: date(2018, 12, 31), 2017: date(2018, 12, 31), 2018: date(2022, 6, 30),
    2019: date(2022, 6, 30), 2020: date(2022, 6, 30), 2021: date(2022, 12, 31),
    2022: date(2023, 12, 31), 2023: date(2024, 12, 31), 2024: date(2027, 6, 30),
    2025: date(2027, 6, 30),
}  # fmt: skip
NATIONAL_GRANT = {
    **dict.fromkeys(range(2016, 2019), "MPO grant OP PIK Spolupráce - Klastry"),
    **dict.fromkeys(range(2019, 2022), "Interreg FiberBridge co-financing (state budget)"),
    **dict.fromkeys(range(2022, 2024), "MPO grant for cluster management"),
    **dict.fromkeys(range(2024, 2026), "MPO grant OP TAK Spolupráce - klastry"),
}

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
