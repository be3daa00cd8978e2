"""Who and when: the demo cluster's profile and the fixed points of its story.

Plain data: everything here is a fact of the fictional cluster (or a constant that keeps
the output reproducible), so changing the story means editing values, not code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

SEED = 20260115
AS_OF = date(2026, 1, 15)  # the date every demo and peer snapshot carries
YEARS = range(2016, 2026)
SLUG = "nanotex"
REGION = "Liberec Region"
HOME = "Liberec"
ZIP_TIME = (2026, 1, 15, 0, 0, 0)
AUDITOR = "Demo Auditor"
# when the auditor recorded the 2025 renewal audit's reviews: before AS_OF, so they count
REVIEWED_AT = datetime(2026, 1, 12, 14, 0, tzinfo=UTC)
FOREIGN_AUDITOR = "Demo Foreign Auditor"  # a Gold audit has two assessors
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

# One record as the generator handles it: field name -> value (None = left empty).
Row = dict[str, Any]

# Labels the cluster was awarded (clex label award): ECEI Silver after the 2018
# benchmarking, Gold in February 2021 (expired 2023, renewal window closed 2024)
AWARDS: list[Row] = [
    {"label": "silver", "awarded_on": date(2018, 11, 28), "awarded_by": "ESCA (ECEI)",
     "note": "Second benchmarking and three improvement areas validated on site."},
    {"label": "gold", "awarded_on": date(2021, 2, 25), "awarded_by": "ESCA (ECEI)",
     "note": "Two assessors, two days on site."},
]  # fmt: skip
