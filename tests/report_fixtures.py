"""Real snapshots for the report tests, made through the real pipeline.

A SQLite store, cluster profiles, evidence imported from YAML files written here (in the
user's own syntax) and `assessment.assess`: the reports then see exactly what a user's
snapshot holds. The own cluster gets a varied picture (some minimums met, G2 missed,
points in every area, drafts, an expiring record, a judgement) and two hostile titles;
six small peers differ in size so that the benchmark has a spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assessment import Period, Snapshot, assess, write_snapshot
from assessment.snapshot import Judgement, evidence_digest
from evidence.models import ClusterProfile
from evidence.store import Store
from tests.conftest import import_reviewed

HOSTILE_TITLE = '<img src="file:///etc/passwd"> =HYPERLINK("http://x","y")'
FORMULA_TITLE = '=HYPERLINK("http://x","y")'
OWN = "jm-nano"
REGION = "Jihomoravský kraj"
AS_OF = {2023: date(2024, 1, 20), 2024: date(2025, 1, 15)}


@dataclass(frozen=True)
class ReportData:
    own: Snapshot  # 2024
    previous: Snapshot  # 2023, same cluster
    peers: list[Snapshot]
    own_file: Path
    previous_file: Path
    peer_dir: Path


def _members(count: int, *, prefix: str, region: str, late: int = 3) -> list[dict[str, Any]]:
    """`count` committed members; the last `late` joined in 2024 (2016-2022 for the rest)."""
    types = ["sme", "sme", "sme", "large_company", "startup", "research", "university", "public"]
    out = []
    for n in range(count):
        joined = (
            date(2024, 3 + n % 6, 1) if n >= count - late else date(2016 + n % 7, 1 + n % 12, 1)
        )
        abroad = n % 11 == 10
        out.append(
            {
                "kind": "member",
                "title": f"{prefix} member {n + 1:02d}",
                "type": types[n % len(types)],
                "country": "SK" if abroad else "CZ",
                "region": None if abroad else (region if n % 4 else "Zlínský kraj"),
                "committed": True,
                "fee_paying": n % 3 != 0,
                "start": joined.isoformat(),
            }
        )
    return out


def own_evidence(year: int) -> list[dict[str, Any]]:
    """The own cluster in `year`: 2024 is stronger than 2023 in three areas."""
    later = year == 2024
    y = str(year)
    items: list[dict[str, Any]] = [
        {
            "kind": "document",
            "doc_type": "statutes",
            # amended statutes, a year after the founding (2016, the profile's): the
            # profile's year decides G1, so the value rests on no record (a report says so)
            "title": "Stanovy spolku (změna)",
            "start": "2017-05-10",
            "status": "verified",
        },
        {
            "kind": "document",
            "doc_type": "strategy",
            "title": "Strategie klastru 2023-2027",
            "start": "2023-02-01",
            "approved_on": "2023-03-15",
            "approved_by": "general assembly",
            "status": "verified",
        },
        {
            "kind": "staff",
            "title": "Cluster manager",
            "role": "manager",
            "fte": 0.4,
            "start": "2019-01-01",
        },
        {
            "kind": "training",
            "title": f"Cluster management course {y}",
            "person": "Cluster manager",
            "hours": 12,
            "start": f"{y}-04-15",
        },
        {
            "kind": "finance",
            "title": f"Membership fees {y}",
            "source_type": "membership_fees",
            "amount_eur": 60000 if later else 40000,
            "start": f"{y}-01-01",
            "year": year,
        },
        {
            "kind": "finance",
            "title": f"Regional grant {y}",
            "source_type": "public_regional",
            "amount_eur": 100000,
            "start": f"{y}-02-01",
            "year": year,
            "secured_until": "2026-06-30",
        },
        {
            "kind": "communication",
            "channel": "website",
            "title": "www.jm-nano.example",
            "start": "2017-01-01",
        },
    ]
    for n in range(12 if later else 7):
        items.append(
            {
                "kind": "communication",
                "channel": "social_media",
                "title": f"LinkedIn post {n + 1}",
                "start": f"{y}-{1 + n % 12:02d}-10",
            }
        )
    for n in range(5 if later else 3):
        items.append(
            {
                "kind": "communication",
                "channel": "newsletter",
                "title": f"Zpravodaj {n + 1}/{y}",
                "start": f"{y}-{2 + 2 * n:02d}-05",
                "status": "draft" if later and n == 4 else "submitted",
            }
        )
    if later:
        items += [
            {
                "kind": "communication",
                "channel": "newsletter",
                "title": HOSTILE_TITLE,
                "start": "2024-11-20",
                "status": "submitted",  # counted in a self-assessment, so it reaches the report
            },
            {
                "kind": "communication",
                "channel": "newsletter",
                "title": FORMULA_TITLE,
                "start": "2024-12-10",
            },
            {
                "kind": "communication",
                "channel": "press_release",
                "title": "Nanovlákna z Brna míří do Bavorska",
                "start": "2024-04-02",
                "status": "verified",
            },
            {
                "kind": "document",
                "doc_type": "success_story",
                "title": "Příběh úspěchu: filtrační membrány",
                "start": "2024-06-01",
            },
            {
                "kind": "document",
                "doc_type": "award",
                "title": "Cena hejtmana za inovace",
                "start": "2024-10-01",
                "expires": "2024-12-01",
            },
        ]
    for n, fmt in enumerate(["board_meeting", "board_meeting", "general_assembly"]):
        items.append(
            {
                "kind": "event",
                "format": fmt,
                "role": "organiser",
                "audience": "members",
                "title": f"{fmt.replace('_', ' ').title()} {n + 1}/{y}",
                "start": f"{y}-{3 + 3 * n:02d}-15",
            }
        )
    for n in range(5 if later else 3):
        items.append(
            {
                "kind": "event",
                "format": "workshop",
                "role": "organiser",
                "audience": "members",
                "title": f"Workshop {n + 1}/{y}",
                "start": f"{y}-{2 + 2 * n:02d}-20",
                "city": "Brno",
                "country": "CZ",
            }
        )
    items.append(
        {
            "kind": "event",
            "format": "fair",
            "role": "exhibitor",
            "title": f"Nanotech fair Munich {y}",
            "start": f"{y}-06-12",
            "city": "München",
            "country": "DE",
            "members_involved": 4,
        }
    )
    categories = ["information", "matchmaking", "training", "internationalisation"]
    for n, cat in enumerate(categories[: 4 if later else 3]):
        items.append(
            {
                "kind": "service",
                "category": cat,
                "title": f"Service {cat} {y}",
                "start": f"{y}-0{n + 1}-01",
                "end": f"{y}-0{n + 1}-01",  # delivered once (no end: a standing service)
                "members_served": 6 + n,
                "tags": "digital" if n == 0 else "",
            }
        )
    items.append(
        {
            "kind": "project",
            "title": f"NanoFilter {y}",
            "acronym": "NANOFIL",
            "role": "lead",
            "funder": "TA ČR",
            "cluster_budget_eur": 150000 if later else 60000,
            "member_participants": 4,
            "project_status": "running",
            "start": f"{y}-01-01",
        }
    )
    items.append(
        {
            "kind": "survey",
            "title": f"Member satisfaction survey {y}",
            "invited": 25,
            "respondents": 14,
            "satisfaction": 78 if later else 66,
            "start": f"{y}-11-01",
        }
    )
    return items


def peer_evidence(year: int, size: int, n_peer: int) -> list[dict[str, Any]]:
    y = str(year)
    items = _members(size, prefix=f"Peer{n_peer}", region="Plzeňský kraj", late=n_peer % 3)
    items += [
        {
            "kind": "staff",
            "title": f"Manager {n_peer}",
            "fte": 0.5 + 0.25 * (n_peer % 4),
            "start": "2018-01-01",
        },
        {"kind": "communication", "channel": "website", "title": "web", "start": "2018-01-01"},
        {
            "kind": "survey",
            "title": f"Survey {y}",
            "satisfaction": 60 + 5 * n_peer,
            "start": f"{y}-10-01",
        },
    ]
    for n in range(n_peer * 2):
        items.append(
            {
                "kind": "event",
                "format": "workshop",
                "role": "organiser",
                "audience": "members",
                "title": f"Workshop {n}",
                "start": f"{y}-{1 + n % 12:02d}-03",
            }
        )
    for n in range(n_peer):
        items.append(
            {
                "kind": "communication",
                "channel": "newsletter",
                "title": f"News {n}",
                "start": f"{y}-{1 + n % 12:02d}-07",
            }
        )
    return items


def _import(store: Store, folder: Path, slug: str, name: str, items: list[dict[str, Any]]) -> None:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"evidence": items}, allow_unicode=True), encoding="utf-8")
    import_reviewed(store, path, cluster=slug, workspace=folder, reviewer="A. Auditor")


def build(folder: Path) -> ReportData:
    """Store, imports and assessments in `folder`; snapshots written as JSON files too."""
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(str(folder / "clex.db"))
    store.add_cluster(
        ClusterProfile(
            slug=OWN,
            name="Jihomoravský nanoklastr, z.s.",
            country="CZ",
            region=REGION,
            sector="nanotechnology",
            founded=2016,
            website="https://jm-nano.example",
        )
    )
    # One member list over the years (joined dates decide who counts when), and the
    # activity of each year in a file of its own, as a cluster would keep them.
    _import(store, folder, OWN, "own-members", _members(26, prefix="Nano", region=REGION, late=5))
    _import(store, folder, OWN, "own-2023", own_evidence(2023))
    _import(store, folder, OWN, "own-2024", own_evidence(2024))
    strategy_id = next(
        r.id for r in store.records(OWN, kind="document") if r.title.startswith("Strategie")
    )
    judged = [
        Judgement(
            indicator="G8",
            level=2,
            rationale="Approved strategy with objectives; the action plan has no KPIs yet.",
            evidence=[strategy_id],
            assessor="J. Nováková",
        )
    ]
    previous = assess(store, OWN, Period.year(2023), as_of=AS_OF[2023], judgements=judged)
    own = assess(store, OWN, Period.year(2024), as_of=AS_OF[2024], judgements=judged)
    peers = []
    peer_dir = folder / "peers"
    peer_dir.mkdir(exist_ok=True)
    for n in range(1, 7):
        slug = f"peer-{n}"
        store.add_cluster(
            ClusterProfile(
                slug=slug, name=f"Peer cluster {n}", country="CZ", region="Plzeňský kraj"
            )
        )
        _import(store, folder, slug, slug, peer_evidence(2024, 14 + 6 * n, n))
        # judged on G8 as the cluster is (a benchmark compares totals judged alike):
        # level 0, no strategy seen, the points an unjudged G8 gave before
        unseen = Judgement(
            indicator="G8", level=0, rationale="No strategy seen.", assessor="J. Nováková"
        )
        snap = assess(store, slug, Period.year(2024), as_of=AS_OF[2024], judgements=[unseen])
        write_snapshot(snap, peer_dir / f"{slug}.json")
        peers.append(snap)
    own_file, previous_file = folder / "own-2024.json", folder / "own-2023.json"
    write_snapshot(own, own_file)
    write_snapshot(previous, previous_file)
    return ReportData(own, previous, peers, own_file, previous_file, peer_dir)


# -- a large cluster, for the performance targets (issue 8) ----------------------------

_KINDS = ("communication", "event", "member", "document", "service", "project", "finance")
_WORDS = (
    "Workshop on nanofibre filtration for member companies",
    "LinkedIn monthly report",
    "Newsletter",
    "Matchmaking with Bavarian partners at the Munich fair",
    "Board meeting minutes",
    "Press release: new membrane line opens in Brno",
    "Member",
    "Training day",
)


def big_snapshot(base: Snapshot, records: int = 100_000, *, shared: bool = False) -> Snapshot:
    """`base` with `records` synthetic evidence records spread over its indicators.

    Each indicator that cites evidence in `base` gets a share of the records in
    proportion to how many it cites there (at least one), so the long groups stay long.
    By default every record is cited by one indicator only: `records` records are then
    `records` rows in the workbook's Evidence sheet and in the PDF's appendix. With
    `shared`, indicators that cite the very same records in `base` (the member list
    behind S1-S6) share their synthetic records too, as a real snapshot does; the
    appendix then lists such a group once and the workbook once per indicator.
    Deterministic: the same `base` and arguments give the same snapshot.
    """
    import hashlib
    from datetime import timedelta

    groups: dict[tuple[str, ...], list[str]] = {}
    for ind in base.indicators:
        if ind.evidence_ids:
            key = tuple(sorted(ind.evidence_ids)) if shared else (ind.id,)
            groups.setdefault(key, []).append(ind.id)
    weights = {
        key: max(1, len(key) if shared else len(base.indicator(ids[0]).evidence_ids))
        for key, ids in groups.items()
    }
    total = sum(weights.values())
    start, days = base.period.start, (base.period.end - base.period.start).days + 1
    statuses = ("verified", "verified", "verified", "submitted", "draft", "needs_info")
    evidence: list[dict[str, Any]] = []
    cited: dict[str, list[str]] = {}
    n = 0
    keys = list(groups)
    for k, key in enumerate(keys):
        share = records - n if k == len(keys) - 1 else round(records * weights[key] / total)
        ids = []
        for _ in range(share):
            rid = f"syn-{n:06d}"
            word = _WORDS[n % len(_WORDS)]
            title = (
                f"{word} {n}" if n % 5 else f"{word} {n}: " + "a longer description " * (1 + n % 7)
            )
            evidence.append(
                {
                    "id": rid,
                    "kind": _KINDS[n % len(_KINDS)],
                    "title": title.strip(),
                    "start": (start + timedelta(days=n * 7919 % days)).isoformat(),
                    "status": statuses[n % len(statuses)],
                    "content_sha256": hashlib.sha256(rid.encode()).hexdigest(),
                    "source": f"data/synthetic.yaml:{1 + 9 * n}",
                }
            )
            ids.append(rid)
            n += 1
        for ind_id in groups[key]:
            cited[ind_id] = ids
    data = base.model_dump(mode="json", by_alias=True)
    data["evidence"] = evidence
    for ind in data["indicators"]:
        ind["evidence_ids"] = cited.get(ind["id"], [])
    data.pop("digest", None)  # a new content: `write_snapshot` writes its own digest
    made = Snapshot.model_validate(data)
    return made.model_copy(update={"evidence_digest": evidence_digest(made.evidence)})


def flat(text: str) -> str:
    """Text with its white space squeezed: what a reader reads, whatever the layout."""
    return " ".join(text.split())


def pdf_words(pdf: Path) -> str:
    """A PDF's text as pdftotext extracts it, white space squeezed (`flat`)."""
    import subprocess

    run = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return flat(run.stdout)


def two_snapshots(
    clex: Any,
    folder: Path,
    evidence: str,
    first: tuple[str, ...] = (),
    second: tuple[str, ...] = (),
    files: dict[str, str] | None = None,
) -> Any:
    """`clex` on a store of its own (in `folder`) holding one cluster, `nano`, with
    `evidence` imported and 2024 and 2025 assessed as of 2026-01-15 into s2024.json and
    s2025.json, `first` and `second` their further options (`files`: more files they
    read, by name); returns the runner, which asserts every command succeeds. Two
    snapshots counted differently, as the compare tests need them."""
    env = {"CLEX_DB": str(folder / "clex.db")}

    def run(*args: str) -> Any:
        done = clex(*args, env=env)
        assert done.code == 0, done
        return done

    run("init", "--cluster", "nano", "--name", "Nano", "--country", "CZ")
    (folder / "ev.yaml").write_text(evidence, encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    run("import", "ev.yaml", "--cluster", "nano")
    common = ("assess", "--cluster", "nano", "--as-of", "2026-01-15")
    run(*common, "--period", "2024", *first, "-o", "s2024.json")
    run(*common, "--period", "2025", *second, "-o", "s2025.json")
    return run


def as_another_cluster(snap: Snapshot, slug: str, name: str) -> Snapshot:
    """`snap` as another cluster's assessment: renamed, and its records' contents made
    its own (a benchmark takes snapshots of the same evidence for one cluster whatever
    their names, `assessment.peer_identity`), the values left as they are."""
    import hashlib

    refs = [
        r.model_copy(
            update={
                "content_sha256": hashlib.sha256(f"{slug}:{r.content_sha256}".encode()).hexdigest()
            }
        )
        for r in snap.evidence
    ]
    cluster = snap.cluster.model_copy(update={"slug": slug, "name": name})
    return snap.model_copy(
        update={"cluster": cluster, "evidence": refs, "evidence_digest": evidence_digest(refs)}
    )


def older_form(snap: Snapshot, why: str = "", finding: str = "") -> Snapshot:
    """`snap` as a clex before commit 162b048 (sentences as messages) wrote it:
    explanations, findings and label reasons as English text, a judged indicator's
    explanation in that clex's own words (`assessment/judged.py` then: "judged
    {level:g} of {most:g}: {description}" and " ({who})"; "; scores 0: " and `why` when
    given, with the English `finding` on the judged indicator), and no judgement level
    descriptions among the catalogue's titles (carried only since)."""
    from criteria.loader import require_catalogue
    from evidence.findings import Finding

    cat = require_catalogue(snap.catalogue.ref)
    judged = {j.indicator: j for j in snap.judgements}

    def said(ind: Any) -> str:
        j = judged.get(ind.id)
        if j is None:
            return str(ind.explanation)
        levels = cat.indicator(ind.id).judgement.levels  # type: ignore[union-attr]
        level = next(lv for lv in levels if lv.points == j.level)
        who = ", ".join(
            a.name + ("" if a.level == j.level else f" ({a.level:g})") for a in j.assessor_levels
        )
        text = f"judged {j.level:g} of {ind.max_points:g}: {level.description}"
        text += f" ({who})" if who else ""
        return text + (f"; scores 0: {why}" if why else "")

    def plain(findings: list[Any]) -> list[Any]:
        return [f.model_copy(update={"message": str(f.message)}) for f in findings]

    def found(ind: Any) -> list[Any]:
        extra = [Finding(message=finding, indicator_id=ind.id)] if finding else []
        return plain(ind.findings) + (extra if ind.id in judged else [])

    indicators = [
        i.model_copy(update={"explanation": said(i), "findings": found(i)}) for i in snap.indicators
    ]
    labels = [lb.model_copy(update={"reasons": [str(r) for r in lb.reasons]}) for lb in snap.labels]
    titles = {
        lang: t.model_copy(update={"levels": {}})
        for lang, t in (snap.catalogue.translations or {}).items()
    }
    info = snap.catalogue.model_copy(update={"translations": titles})
    return snap.model_copy(
        update={
            "indicators": indicators,
            "labels": labels,
            "findings": plain(snap.findings),
            "catalogue": info,
        }
    )
