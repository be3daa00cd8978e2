"""The assessor's side of the story: the G8 judgements and the 2025 renewal audit.

G8 (strategy, action plan, KPI monitoring) is the one ecei-gold indicator an assessor
scores; these are the levels, the reasons and the documents named as evidence. The audit
notes say which records the auditor did not simply verify. `demo_data.assessor` turns
them into judgement and review files with the records' ids.
"""

# ruff: noqa: E501

from __future__ import annotations

from datetime import date

# G8: the assessor's level for each year, why, and which documents show it
G8_YEARS: dict[int, tuple[int, str]] = {
    2016: (3, "Strategy 2016-2020 approved by the general assembly; action plan with KPIs."),
    2017: (4, "Strategy and action plan with KPIs; the first KPI report was discussed by the board."),
    2018: (4, "KPIs monitored yearly; the action plan was adjusted after the 2017 report."),
    2019: (4, "Strategy updated after the Silver benchmarking; new action plan with KPIs."),
    2020: (4, "KPI report 2020 discussed by the board despite the pandemic."),
    2021: (2, "Approved strategy update with objectives; the action plan ended in 2020 and "
              "no KPI report in 2021 (change of manager)."),
    2022: (2, "The 2019 strategy update expired at the end of 2022; no action plan after 2020."),
    2023: (0, "No strategy in force: the 2019 update expired at the end of 2022; KPIs no "
              "longer monitored."),
    2024: (4, "New strategy 2024-2028 based on the member survey; action plan with KPIs; KPI "
              "report 2024 discussed by the board, action plan adjusted."),
    2025: (4, "Strategy 2024-2028 and action plan with 14 KPIs; KPI report 2025 discussed by "
              "the board."),
}  # fmt: skip

# the strategy and action plan in force in each year: (strategy title, action plan title)
STRATEGY_FOR: dict[int, tuple[str, str]] = {
    **dict.fromkeys(range(2016, 2019), ("Cluster strategy 2016-2020", "Action plan 2016-2018 with KPIs")),
    **dict.fromkeys(range(2019, 2024), ("Strategy update 2019-2022", "Action plan 2019-2020 with KPIs")),
    **dict.fromkeys(range(2024, 2026), ("NanoTex strategy 2024-2028", "Action plan 2024-2025 with 14 KPIs")),
}  # fmt: skip

# the earlier two-year periods: label -> (level, why, first year)
EARLIER: dict[str, tuple[int, str, int]] = {
    "2016-2017": (4, "Strategy 2016-2020 approved by the general assembly, based on a member "
                  "survey; action plan 2016-2018 with KPIs; KPI reports 2016 and 2017 "
                  "discussed by the board.", 2016),
    "2018-2019": (4, "Strategy updated in 2019 after the ECEI Silver benchmarking; action "
                  "plans with KPIs; KPI reports 2018 and 2019 discussed by the board.", 2018),
    "2020-2021": (3, "Approved strategy update and action plan 2019-2020 with KPIs; the KPI "
                  "report 2020 was discussed, none in 2021 after the change of manager.", 2020),
}  # fmt: skip

# the two renewal periods the demo assesses: label -> (level, why, evidence); the
# evidence is (doc_type, title) of a document, or ("survey", title) of a survey record
RENEWALS: dict[str, tuple[int, str, list[tuple[str, str]]]] = {
    "2022-2023": (
        2,
        "The strategy update 2019-2022 was approved by the general assembly and has objectives, "
        "but it expired at the end of 2022 and no new strategy was approved in the period. No "
        "action plan with KPIs was in force (the last covered 2019-2020) and no KPI report was "
        "written: the KPIs are no longer monitored.",
        [
            ("strategy", "Strategy update 2019-2022"),
            ("action_plan", "Action plan 2019-2020 with KPIs"),
            ("kpi_report", "KPI monitoring report 2020"),
        ],
    ),
    "2024-2025": (
        4,
        "Strategy 2024-2028 built on the 2024 member needs survey and a SWOT workshop, approved "
        "by the general assembly on 21 March 2024. The action plan 2024-2025 sets 14 KPIs with "
        "targets, owners, timeline and budget. The KPI reports 2024 and 2025 were discussed by "
        "the board, and the action plan was adjusted in December 2024.",
        [
            ("strategy", "NanoTex strategy 2024-2028"),
            ("minutes", "Minutes of the general assembly approving the strategy 2024-2028"),
            ("action_plan", "Action plan 2024-2025 with 14 KPIs"),
            ("kpi_report", "KPI monitoring report 2024"),
            ("kpi_report", "KPI monitoring report 2025"),
            ("minutes", "Board minutes: KPI report 2024 discussed, action plan adjusted"),
            ("survey_report", "Report on the member needs survey 2024"),
            ("survey", "Member needs and satisfaction survey 2024"),
        ],
    ),
}

# the 2025 renewal audit: records from AUDIT_FROM are verified, those from OPEN_FROM not
# yet reviewed; (kind, title) -> the auditor's note
AUDIT_FROM = date(2024, 1, 1)
AUDITED = "2024-2025"  # the renewal period whose G8 judgement the audit signs
OPEN_FROM = date(2025, 12, 1)
NEEDS_INFO: dict[tuple[str, str], str] = {
    ("service", "Investor day for start-up members"): "Attendance list missing.",
}
# ... and the first media mention of 2025
MENTION_NOTE = "Link to the article missing."
REJECTED: dict[tuple[str, str], str] = {
    ("communication", "Press release 5/2024"): "Duplicate of press release 3/2024.",
}

# Silver: the three improvement areas the cluster names for 2024-2025 against 2022-2023
# (clex assess --improvements): area (an indicator or improvement topic), how the
# improvement changed the cluster, and the evidence as in RENEWALS
IMPROVEMENTS: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {
    "2024-2025": [
        (
            "strategy",
            "A new strategy 2024-2028, built on a member needs survey and a SWOT workshop, "
            "replaced the expired 2019 update; its action plan sets 14 KPIs that the board "
            "reviews every December.",
            [
                ("strategy", "NanoTex strategy 2024-2028"),
                ("minutes", "Minutes of the general assembly approving the strategy 2024-2028"),
                ("minutes", "Board minutes: KPI report 2024 discussed, action plan adjusted"),
            ],
        ),
        (
            "satisfaction",
            "Members are asked again: a needs survey in 2024 fed the strategy, a satisfaction "
            "survey in 2025 checks the services (none had been run since 2020); satisfaction "
            "rose from 72 to 78 of 100 after the service portfolio was reworked on its findings.",
            [
                ("survey", "Member needs and satisfaction survey 2024"),
                ("survey", "Member satisfaction survey 2025"),
                ("survey_report", "Report on the member satisfaction survey 2025"),
            ],
        ),
        (
            "internationalisation",
            "Internationalisation activities with members went from one a year in 2022-2023 "
            "to four or five (joint stands at fairs, matchmaking, missions to Japan and South "
            "Korea); a start-up member won a Japanese customer on the 2025 mission.",
            [
                (
                    "success_story",
                    "Start-up member Nanoclean wins a Japanese customer on the mission",
                ),
            ],
        ),
    ],
}
