"""Property: export -> import is the identity, whatever text the records hold.

Random records (any printable or control text, dates, numbers, yes/no, lists) are put in
a real SQLite store, exported to a real workbook and imported again: nothing may change,
and the records read back equal the ones written.
"""

from __future__ import annotations

import atexit
import shutil
import string
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.cells import SPREADSHEET_ERRORS
from evidence.findings import UserDataError
from evidence.ingest import import_files
from evidence.models import ClusterProfile, Event, Member, Project, Record, make_record
from evidence.review import export
from evidence.schema import evidence
from evidence.store import Store, record_to_row
from evidence.vocabulary import TAGS

# Any text a person can type, tabs and line breaks included (other control characters
# are refused at import, see test_control_characters_are_refused).
TEXT = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc"),
        include_characters="\n\t",
        exclude_characters="\ufffe\uffff",
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "" and t.strip().upper() not in SPREADSHEET_ERRORS)
WORD = st.text(string.ascii_letters + string.digits + " -_.&", min_size=1, max_size=12).filter(
    lambda t: t.strip() != "" and "," not in t
)
DAY = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    out: list[Record] = []
    for n in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["member", "event", "project"]))
        start = draw(DAY)
        data = {
            "kind": kind,
            "cluster": "p",
            "id": f"r{n}",
            "title": draw(TEXT),
            "start": start,
            "notes": draw(st.none() | TEXT),
            "url": draw(st.none() | TEXT),
            # tags and regions come from vocabularies (issue 15): drawn from them
            "tags": tuple(draw(st.lists(st.sampled_from(sorted(TAGS)), max_size=3, unique=True))),
        }
        if kind == "member":
            data |= {
                "committed": draw(st.booleans()),
                "type": draw(st.sampled_from(["sme", "university", "public"])),
                "country": "CZ",
                "region": draw(st.none() | st.sampled_from(["CZ-51", "CZ-64", "CZ-10"])),
            }
        elif kind == "event":
            data |= {
                "participants": draw(st.none() | st.integers(0, 10**6)),
                "city": draw(st.none() | TEXT),
            }
        else:
            data |= {
                "budget_eur": draw(st.none() | st.floats(0, 1e9, allow_nan=False)),
                "acronym": draw(st.none() | WORD),
                "partners": tuple(draw(st.lists(WORD, max_size=3))),
            }
        out.append(make_record(data))
    return out


def _comparable(r: Record) -> dict[str, object]:
    return r.model_dump(exclude={"source"})


_STORE: dict[str, Store] = {}
_COUNTER = iter(range(10**9))


def shared_store() -> tuple[Store, Path]:
    """One store for all examples (migrations run once); each example gets its own cluster."""
    if "s" not in _STORE:
        folder = Path(tempfile.mkdtemp(prefix="clex-roundtrip-"))
        atexit.register(shutil.rmtree, folder, True)  # shared by every example, gone at exit
        _STORE["s"] = Store(str(folder / "s.db"))
        _STORE["folder"] = folder  # type: ignore[assignment]
    return _STORE["s"], _STORE["folder"]  # type: ignore[return-value]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_export_then_import_changes_nothing(recs: list[Record]) -> None:
    store, folder = shared_store()
    slug = f"p{next(_COUNTER)}"
    store.add_cluster(ClusterProfile(slug=slug, name="P"))
    recs = [r.model_copy(update={"cluster": slug}) for r in recs]
    with store.write() as conn:
        conn.execute(
            evidence.insert(),
            [record_to_row(r, version=1, import_id=None, all_columns=True) for r in recs],
        )
    before = {r.id: _comparable(r) for r in store.records(slug)}
    export(store, slug, folder / f"{slug}.xlsx")
    report = import_files(store, [folder / f"{slug}.xlsx"], cluster=slug)
    after = {r.id: _comparable(r) for r in store.records(slug)}
    assert after == before
    assert report.summary()["unchanged"] == len(recs), report.summary()


def test_types_are_what_the_strategy_draws() -> None:
    assert {Member, Event, Project} <= {
        type(make_record({"kind": k, "cluster": "p", "title": "t", "start": date(2020, 1, 1)}))
        for k in ("member", "event", "project")
    }


def test_control_characters_are_refused(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_cluster(ClusterProfile(slug="p", name="P"))
    (tmp_path / "c.csv").write_text("kind,title,start\nmember,bell\x07 ring,2020-01-01\n")
    try:
        import_files(store, [tmp_path / "c.csv"], cluster="p")
    except UserDataError as exc:
        assert [str(f) for f in exc.findings] == [
            f"{tmp_path / 'c.csv'}:2:title: contains the control character U+0007 at position "
            "5; remove it"
        ]
    else:
        raise AssertionError("a control character was accepted")
