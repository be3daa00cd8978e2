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
2020: the 2022-2023 self-assessment is Bronze-ready (the eligibility criteria hold) but
misses Gold: ten indicators, among them the strategy and the survey, are below their
Gold step. The cluster acts on it: a new strategy 2024-2028 built on a member survey, an
action plan with KPIs that the board monitors, a larger team, more missions and fairs
abroad, an infrastructure project and new members. 2024-2025 reaches Gold, and Silver
with three improvement areas (the strategy, the survey, satisfaction) against 2022-2023.
The Silver (2018) and Gold (2021) awards are recorded; both have expired. The numbers come out of the real engine
(`clex demo` assesses the data written here); this script only writes evidence.

Files written:
  cluster.yaml                  the cluster profile
  evidence.xlsx                 the `clex template` workbook, filled in (members, events,
                                projects, staff, training, presence (website, ECCP
                                profile), finance, services, surveys)
  documents.yaml                statutes, strategies, action plans, KPI reports, awards ...
  communication.yaml            newsletters, press, web news, social media
  judgements-YYYY.yaml          the assessor's judgement of G8 for each year 2016-2025
  judgements-2022-2023.yaml     ... and for the two renewal periods
  judgements-2024-2025.yaml
  reviews.yaml                  the 2025 renewal audit: which records were verified
  peers/peer-NN.json            22 synthetic peer snapshots (2024-2025), made by the engine

Layout (scripts/demo_data/): the story's facts are plain data in `tables/` (members,
projects, events abroad, documents, judgements ...); the code that turns them into
records and files is beside it: `rows` (the yearly rules), `assessor` (judgements and
the audit), `peers` (peer snapshots from the real engine), `files` (reproducible
writers). This script only puts them together in the order the random generator is
drawn from.
"""

# Records keep one field group per line, easier to read than the wrapped form; long
# lines are accepted in this file.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from demo_data.assessor import improvement_files, judgement_files, reviews  # noqa: E402
from demo_data.files import clean, dump_yaml, write_workbook  # noqa: E402
from demo_data.peers import write_peers  # noqa: E402
from demo_data.rows import (  # noqa: E402
    communication,
    documents,
    events,
    finance,
    members,
    presence,
    services,
    training,
)
from demo_data.tables.organisation import STAFF, SURVEYS  # noqa: E402
from demo_data.tables.projects import PROJECTS  # noqa: E402
from demo_data.tables.story import AWARDS, PROFILE, SEED, Row  # noqa: E402


def build(out: Path, *, peers: bool = True) -> None:
    """Write every file into `out`. The calls draw from one seeded generator in a fixed
    order (events, then communication; the peers have their own seed): reordering them
    moves every generated date and number."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    sheets: dict[str, list[Row]] = {
        "member": members(),
        "event": events(rng),
        "project": PROJECTS,
        "staff": STAFF,
        "training": training(),
        "presence": presence(),
        "finance": finance(),
        "service": services(),
        "survey": SURVEYS,
    }
    docs = documents()
    comms = communication(rng)
    write_workbook(out / "evidence.xlsx", sheets)
    dump_yaml(
        out / "documents.yaml",
        [{"kind": "document", **clean(d)} for d in docs],
        "# Documents of NanoTex Liberec Cluster (fictional): statutes, strategies, action\n"
        "# plans, KPI reports, success stories, awards. Import: clex import documents.yaml",
    )
    dump_yaml(
        out / "communication.yaml",
        [{"kind": "communication", **clean(c)} for c in comms],
        "# Communication of NanoTex Liberec Cluster (fictional): newsletters, press\n"
        "# releases, media mentions, web news, social media. Import: clex import communication.yaml",
    )
    dump_yaml(out / "cluster.yaml", PROFILE, "# The demo cluster's profile (clex init).")
    dump_yaml(
        out / "awards.yaml",
        AWARDS,
        "# Labels the demo cluster was awarded (as with `clex label award`), recorded by\n"
        "# `clex demo`: validity counts from these dates, never from a readiness.",
    )
    judgement_files(docs, out)
    improvement_files(docs, out)
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
