"""The cluster's documents: statutes, strategies, action plans, minutes, reports, success
stories and awards.

The yearly documents (KPI and annual reports) are a rule in `demo_data.rows.documents`;
the rest are listed here one by one, as a cluster's document register would.
"""

# ruff: noqa: E501

from __future__ import annotations

from datetime import date

from .story import Row

GA = "General assembly"
BOARD = "Board"

DOCUMENTS: list[Row] = [
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

# the years with a KPI monitoring report: none in 2021-2023 (the story's gap)
KPI_REPORT_YEARS = (2016, 2017, 2018, 2019, 2020, 2024, 2025)

STORIES: list[tuple[date, str]] = [
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

# (date, title, awarding body); an ECEI label expires two years after its award
AWARDS: list[tuple[date, str, str]] = [
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
