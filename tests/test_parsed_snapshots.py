"""Kept snapshots are parsed once per text (`assessment.parsed`), never served stale.

Real snapshots from the report fixtures' pipeline, kept in a real SQLite store and read
back through `kept_snapshot`, as the web page reads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from assessment import keep_snapshot, kept_snapshot
from assessment.parsed import Parsed
from assessment.snapshot_file import snapshot_of_text
from evidence.findings import UserDataError
from evidence.schema import snapshots
from evidence.store import Store
from tests.report_fixtures import ReportData, build

pytestmark = pytest.mark.xdist_group("parsed-snapshots")  # one worker builds the data


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("parsed"))


def _store(tmp_path: Path, data: ReportData) -> tuple[Store, int, int]:
    store = Store(str(tmp_path / "kept.db"))
    store.add_cluster(data.own.cluster)
    return store, keep_snapshot(store, data.own), keep_snapshot(store, data.previous)


def test_a_kept_snapshot_is_parsed_once_and_is_what_was_kept(
    tmp_path: Path, data: ReportData
) -> None:
    store, own, previous = _store(tmp_path, data)
    try:
        first = kept_snapshot(store, data.own.cluster.slug, own)
        again = kept_snapshot(store, data.own.cluster.slug, own)
        assert first is again  # the same parse, not a second one
        assert first.to_json() == data.own.to_json()
        other = kept_snapshot(store, data.own.cluster.slug, previous)
        assert other is not first and other.to_json() == data.previous.to_json()
    finally:
        store.engine.dispose()


def test_a_file_written_and_kept_from_one_sealing_is_the_same_document(
    tmp_path: Path, data: ReportData
) -> None:
    """`write_snapshot` hands back the text it wrote and its digest; kept from them, the
    store holds what keeping the snapshot alone holds, and the digest is the content's."""
    from assessment import write_snapshot
    from assessment.snapshot import content_digest

    store, alone, _ = _store(tmp_path, data)
    try:
        sealed = write_snapshot(data.own, tmp_path / "own.json")
        assert sealed == ((tmp_path / "own.json").read_text(encoding="utf-8"), sealed[1])
        assert sealed[1] == content_digest(data.own) and f'"digest": "{sealed[1]}"' in sealed[0]
        reused = keep_snapshot(store, data.own, sealed=sealed)
        with store.read() as conn:
            rows = {
                r.id: (r.document, r.sha256)
                for r in conn.execute(snapshots.select().where(snapshots.c.id.in_([alone, reused])))
            }
        assert rows[reused] == rows[alone] == (sealed[0], sealed[1])
    finally:
        store.engine.dispose()


def test_a_document_changed_behind_clex_is_read_again_and_refused(
    tmp_path: Path, data: ReportData
) -> None:
    store, own, _ = _store(tmp_path, data)
    slug = data.own.cluster.slug
    try:
        assert kept_snapshot(store, slug, own) is not None  # parsed and kept in memory
        text = store.saved_snapshot(slug, own)
        assert text is not None
        forged = text.replace('"overall": ', '"overall": 1', 1)  # a score no engine gave
        with store.write() as conn:
            conn.execute(update(snapshots).where(snapshots.c.id == own).values(document=forged))
        with pytest.raises(UserDataError):
            kept_snapshot(store, slug, own)
        with pytest.raises(UserDataError):  # a failed parse is not kept either
            kept_snapshot(store, slug, own)
    finally:
        store.engine.dispose()


def test_the_parses_kept_are_bounded_by_the_texts_length(data: ReportData) -> None:
    texts = [data.own.to_json(), data.previous.to_json(), data.peers[0].to_json()]
    parsed = Parsed(budget=len(texts[0]) + len(texts[1]) + 10)
    calls: list[str] = []

    def parse(text: str) -> object:
        calls.append(text)
        return snapshot_of_text(text, "t")

    for text in texts:
        parsed.get(text, parse)  # type: ignore[arg-type]
    assert len(parsed) == 2  # the third pushed the oldest out
    parsed.get(texts[2], parse)  # type: ignore[arg-type]
    parsed.get(texts[1], parse)  # type: ignore[arg-type]
    assert len(calls) == 3  # both still kept
    parsed.get(texts[0], parse)  # type: ignore[arg-type]
    assert len(calls) == 4  # it was pushed out, so parsed again
    huge = Parsed(budget=10)
    huge.get(texts[0], parse)  # type: ignore[arg-type]
    assert len(huge) == 0  # larger than the whole budget: parsed, never kept


def test_peer_files_remembered_are_read_each_time_and_parsed_once(
    tmp_path: Path, data: ReportData
) -> None:
    from assessment.benchmark import collect_peers

    folder = tmp_path / "peers"
    folder.mkdir()
    for n, peer in enumerate(data.peers[:2]):
        (folder / f"p{n}.json").write_text(peer.to_json(), encoding="utf-8")
    first = collect_peers([folder], remember=True)
    again = collect_peers([folder], remember=True)
    assert [p.snapshot for p in first] == [p.snapshot for p in again]
    assert all(a.snapshot is b.snapshot for a, b in zip(first, again, strict=True))
    plain = collect_peers([folder])  # the command line's: parsed afresh
    assert all(a.snapshot is not b.snapshot for a, b in zip(first, plain, strict=True))
    (folder / "p0.json").write_text("{", encoding="utf-8")  # damaged since
    changed = collect_peers([folder], remember=True)
    assert changed[0].snapshot is None and changed[0].problem
    assert changed[1].snapshot is again[1].snapshot


def test_a_peer_folder_larger_than_the_parses_kept_is_not_remembered(
    tmp_path: Path, data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in the same order at every visit, a folder that does not fit would push out
    each parse before its next use: it is parsed afresh instead, and pushes nothing out."""
    from assessment import benchmark
    from assessment.benchmark import collect_peers

    folder = tmp_path / "peers"
    folder.mkdir()
    for n, peer in enumerate(data.peers[:3]):
        (folder / f"p{n}.json").write_text(peer.to_json(), encoding="utf-8")
    small = Parsed(budget=len(data.peers[0].to_json()) * 2)  # room for one folder's half
    monkeypatch.setattr(benchmark, "PARSED", small)
    first = collect_peers([folder], remember=True)
    again = collect_peers([folder], remember=True)
    assert all(a.snapshot is not b.snapshot for a, b in zip(first, again, strict=True))
