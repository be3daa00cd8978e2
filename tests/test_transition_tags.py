"""Services on the twin transition (V8, V9) count every topic of their transition.

Why: the tag vocabulary offers `energy` and `circular_economy` as topics of their own,
and V9's evidence text names energy efficiency and the circular economy, yet V9 counted
only the tag `green`: four green services tagged by their topic gave V9 0 and no Gold
(session 24's assessor, F3). The vocabulary says once which topics belong to which
transition (`evidence.vocabulary.TRANSITIONS`); the built-in catalogue lists them in its
conditions, and the first test holds the two together, so neither can drift.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from assessment import Period, assess
from criteria.loader import require_catalogue
from evidence.ingest import import_files
from evidence.models import ClusterProfile, kind_fields
from evidence.store import Store
from evidence.template_notes import column_note
from evidence.vocabulary import TAGS, TRANSITIONS, other_topics

INDICATORS = {"digital": "V8", "green": "V9"}  # the built-in catalogue's transition counts


def _tags_counted(where: dict[str, Any]) -> set[str]:
    """The tags a `where` counts a record for: one `contains`, or an `any_of` of them."""
    if "tags" in where:
        return {where["tags"]["contains"]}
    return {t for branch in where.get("any_of", []) for t in _tags_counted(branch)}


def test_the_catalogue_counts_each_transitions_topics_of_the_vocabulary() -> None:
    cat = require_catalogue("ecei-gold")
    assert set(INDICATORS) == set(TRANSITIONS)
    for transition, indicator in INDICATORS.items():
        metric = cat.indicator(indicator).metric
        assert metric is not None
        assert _tags_counted(dict(metric.where)) == set(TRANSITIONS[transition]), indicator
    # no other indicator reads a record's topics: the other tags count nowhere, as the
    # template's note on the column says
    for ind in cat.indicators:
        if ind.metric is not None and ind.id not in INDICATORS.values():
            assert "tags" not in repr(ind.metric.where), ind.id


def _assess(tmp_path: Path, services: str) -> Any:
    store = Store(str(tmp_path / "store.db"))
    store.add_cluster(ClusterProfile(slug="c", name="Case", country="CZ", region="CZ-51"))
    (tmp_path / "evidence.yaml").write_text(textwrap.dedent(services), encoding="utf-8")
    import_files(store, [tmp_path / "evidence.yaml"], cluster="c")
    return assess(store, "c", Period.year(2025), as_of=Period.year(2025).end)


def test_green_services_tagged_by_their_topic_count_for_the_green_transition(
    tmp_path: Path,
) -> None:
    """Energy audits and recycling matchmaking are green-transition services whatever
    topic of it they are tagged with; one tagged with two of them counts once, a health
    service none, and no service tagged health is a near miss of V9 (its topic says
    what it is: re-tagging it for the points would mislabel it)."""
    snap = _assess(
        tmp_path,
        """\
        - {kind: service, title: Energy audits, start: 2025-03-01, category: consulting, members_served: 6, tags: energy}
        - {kind: service, title: Recycling matchmaking, start: 2025-04-01, category: matchmaking, members_served: 4, tags: Circular Economy}
        - {kind: service, title: Renewables purchasing, start: 2025-05-01, category: other, members_served: 9, tags: "energy, green"}
        - {kind: service, title: Decarbonisation day, start: 2025-06-01, category: training, members_served: 12, tags: green}
        - {kind: service, title: Clinical trials desk, start: 2025-07-01, category: consulting, members_served: 3, tags: health}
        - {kind: service, title: AI clinic, start: 2025-08-01, category: consulting, members_served: 5, tags: "digital, energy"}
        """,
    )
    v9, v8 = snap.indicator("V9"), snap.indicator("V8")
    assert v9.value == 5 and v9.points == 3  # all but the health desk; the AI clinic is both
    assert v8.value == 1
    assert not [m for m in v9.not_counted if "health" in m.title.lower() or m.id.endswith("desk")]
    assert v9.not_counted_total == 0


def test_the_template_says_which_topics_count_and_that_the_others_do_not() -> None:
    service = column_note("service", "tags", kind_fields("service")["tags"])
    for transition, topics in TRANSITIONS.items():
        assert ", ".join(topics) in service, transition
    assert f"The other topics ({', '.join(other_topics())})" in service
    assert "count for no indicator" in service
    event = column_note("event", "tags", kind_fields("event")["tags"])
    assert ", ".join(TAGS) in event and "only on services" in event
