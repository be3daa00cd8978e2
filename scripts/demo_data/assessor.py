"""The assessor's files: the G8 judgement for every year and period, and the 2025 renewal
audit's review decisions.

Both name evidence records by id; the ids come from `files.record_id` (the importer's own
rule), so they match the records `clex demo` imports. The levels, reasons and notes are
in `tables.judgements`; this module finds the records they refer to.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .files import dump_yaml, record_id
from .tables.judgements import (
    AUDIT_FROM,
    AUDITED,
    EARLIER,
    G8_YEARS,
    IMPROVEMENTS,
    MENTION_NOTE,
    NEEDS_INFO,
    OPEN_FROM,
    REJECTED,
    RENEWALS,
    STRATEGY_FOR,
)
from .tables.organisation import SURVEYS
from .tables.story import AUDITOR, FOREIGN_AUDITOR, MANAGER, REVIEWED_AT, Row


def judgement_files(docs: list[Row], out: Path) -> None:
    """judgements-YYYY.yaml for 2016-2025 and judgements-PERIOD.yaml for the two-year
    periods: G8's level, why, and the ids of the documents that show it. The renewal
    periods were judged by the two Gold assessors, each giving the agreed level."""
    ids = {(d["doc_type"], d["title"]): record_id("document", d) for d in docs}
    rows = {(d["doc_type"], d["title"]): d for d in docs}
    surveys = {s["title"]: record_id("survey", s) for s in SURVEYS}

    def cited(first: int, last: int, keys: list[tuple[str, str]]) -> list[str]:
        """The documents of `keys` in force in first..last: a judgement cites only what
        counts in its period (an expired action plan does not show the current one)."""
        return list(
            dict.fromkeys(
                ids[k]
                for k in keys
                if k in rows
                and rows[k]["start"] <= date(last, 12, 31)
                and (rows[k].get("end") is None or rows[k]["end"] >= date(first, 1, 1))
            )
        )

    def in_force(year: int) -> list[tuple[str, str]]:
        strategy, plan = STRATEGY_FOR[year]
        return [
            ("strategy", strategy),
            ("action_plan", plan),
            ("kpi_report", f"KPI monitoring report {year}"),
        ]

    for year, (level, why) in G8_YEARS.items():
        evidence = cited(year, year, in_force(year)) if level else []
        assessor = MANAGER if year < 2022 else AUDITOR
        _write_judgements(out / f"judgements-{year}.yaml", year, level, why, evidence, assessor)
    for label, (level, why, first) in EARLIER.items():
        evidence = cited(first, first + 1, in_force(first) + in_force(first + 1))
        _write_judgements(out / f"judgements-{label}.yaml", label, level, why, evidence, MANAGER)
    for label, (level, why, keys) in RENEWALS.items():
        first, last = (int(y) for y in label.split("-"))
        evidence = [surveys[t] for k, t in keys if k == "survey"]
        evidence = cited(first, last, [k for k in keys if k[0] != "survey"]) + evidence
        both = [AUDITOR, FOREIGN_AUDITOR]
        _write_judgements(out / f"judgements-{label}.yaml", label, level, why, evidence, both)


def improvement_files(docs: list[Row], out: Path) -> None:
    """improvements-PERIOD.yaml: the areas the cluster names for Silver, with record ids."""
    ids = {(d["doc_type"], d["title"]): record_id("document", d) for d in docs}
    ids |= {("survey", s["title"]): record_id("survey", s) for s in SURVEYS}
    for label, areas in IMPROVEMENTS.items():
        dump_yaml(
            out / f"improvements-{label}.yaml",
            {
                "improvements": [
                    {"area": area, "description": text, "evidence": [ids[k] for k in keys]}
                    for area, text, keys in areas
                ]
            },
            f"# The improvement areas NanoTex Liberec Cluster names for Silver, {label}\n"
            "# (clex assess --improvements): an indicator or improvement topic of the\n"
            "# catalogue, how it changed the cluster, and the ids of the records that show it.",
        )


def _write_judgements(
    path: Path,
    period: int | str,
    level: int,
    why: str,
    evidence: list[str],
    assessor: str | list[str],
) -> None:
    """One G8 judgement; several assessors are listed each with their level."""
    who: dict[str, object] = (
        {"assessor": assessor}
        if isinstance(assessor, str)
        else {"assessors": [{"name": name, "level": level} for name in assessor]}
    )
    dump_yaml(
        path,
        {
            "judgements": [
                {"indicator": "G8", "level": level, "rationale": why, "evidence": evidence, **who}
            ]
        },
        f"# Judgements for NanoTex Liberec Cluster, {period} (clex assess --judgements).\n"
        "# G8 is the only indicator of ecei-gold scored by an assessor; `evidence` lists the\n"
        "# ids of the documents behind the level (see `clex evidence show ID`).",
    )


def reviews(sheets: dict[str, list[Row]], docs: list[Row], comms: list[Row]) -> list[Row]:
    """The 2025 renewal audit: the auditor verified what the 2024-2025 scores rest on.

    Everything the cluster registers for 2024-2025 is verified, plus the member and staff
    lists and the founding documents; December 2025 items were not yet reviewed, except
    the documents behind the G8 level the two assessors signed (a judgement scores in an
    audit only on verified evidence); two records need more information and one press
    release was rejected.
    """
    needs_info = dict(NEEDS_INFO)
    cited = RENEWALS[AUDITED][2]  # what the G8 level the assessors signed rests on
    signed = {("survey" if t == "survey" else "document", title) for t, title in cited}
    mention = next(c for c in comms if c["channel"] == "media_mention" and c["start"].year == 2025)
    needs_info[("communication", mention["title"])] = MENTION_NOTE
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
        if key in REJECTED:
            rejects.append({"id": rid, "note": REJECTED[key]})
            continue
        ongoing = kind in ("member", "staff", "project", "presence") and (
            row.get("end") is None or row["end"] >= AUDIT_FROM
        )
        founding = kind == "document" and row["doc_type"] in ("statutes", "strategy")
        recent = AUDIT_FROM <= row["start"] < OPEN_FROM
        if key in signed or ongoing or founding or recent:
            verified.append(rid)
    missing = set(needs_info) | set(REJECTED) | signed
    found = {(k, r["title"]) for k, r in everything}
    if missing - found:
        raise SystemExit(f"reviews name records that do not exist: {sorted(missing - found)}")
    return [
        {"reviewer": AUDITOR, "at": REVIEWED_AT, "status": "verified",
         "note": "Checked against the documents in the 2025 renewal audit.",
         "ids": sorted(verified)},
        *({"reviewer": AUDITOR, "at": REVIEWED_AT, "status": "needs_info", "note": r["note"],
           "ids": [r["id"]]} for r in info),
        *({"reviewer": AUDITOR, "at": REVIEWED_AT, "status": "rejected", "note": r["note"],
           "ids": [r["id"]]} for r in rejects),
    ]  # fmt: skip
