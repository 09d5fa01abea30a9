"""The index snapshot: the same search after a round trip; stale or corrupt ones are not used."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import make_url

from bench.eval_search import load_cases
from bot.core.clock import PinnedClock
from bot.core.config import get_settings
from bot.core.db import session_scope
from bot.models.knowledge import KbEntry
from knowledge.kb import snapshot
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.index import FIELD_B, FIELD_WEIGHTS, DocTokens
from knowledge.kb.repository import load_index, snapshot_path, upsert_entries
from knowledge.kb.search import KnowledgeSearch
from knowledge.kb.stored import FIELD_NAMES
from tests.test_kb_repository import POTATO, TOMATO

EVAL = Path(__file__).resolve().parent.parent / "knowledge" / "eval"
KEY = {"entries": 0, "newest": "2026-06-10T02:00:00+00:00", "tokenizer": "t"}


def _queries() -> list[str]:
    cases = load_cases(EVAL / "dev.yaml") + load_cases(EVAL / "test.yaml")
    return [case.query for case in cases]


def _answers(search: KnowledgeSearch, queries: list[str]) -> list[object]:
    return [search.search(q, k=10) for q in queries]


@pytest.fixture(scope="module")
def built() -> KnowledgeSearch:
    search = KnowledgeSearch()
    docs = [(e.id, search.doc_tokens(e)) for e in read_shipped()]
    # One entry as cached before phrasings were kept apart: restored unsplit too.
    first_id, first = docs[0]
    docs[0] = (first_id, DocTokens(*(getattr(first, f) for f in FIELD_NAMES)))
    search.load(docs)
    return search


def _restored(built: KnowledgeSearch, tmp_path: Path) -> KnowledgeSearch:
    path = tmp_path / "index.npz"
    assert snapshot.write(path, KEY, built.index.export())
    compiled = snapshot.read(path, KEY)
    assert compiled is not None
    fresh = KnowledgeSearch()
    fresh.restore(compiled)
    return fresh


def test_round_trip_searches_the_same(built: KnowledgeSearch, tmp_path: Path) -> None:
    fresh = _restored(built, tmp_path)
    queries = _queries()
    assert _answers(fresh, queries) == _answers(built, queries)
    assert list(fresh.index.items()) == list(built.index.items())
    assert fresh.index.vocabulary() == built.index.vocabulary()
    assert (fresh.phrased, fresh.unsplit) == (built.phrased, built.unsplit)
    assert len(fresh.unsplit) == 1
    texts = [t for e in read_shipped() for t in (e.question, *e.alt_questions)]
    assert [fresh.exact_match(t) for t in texts] == [built.exact_match(t) for t in texts]


def test_round_trip_then_changes_search_the_same(built: KnowledgeSearch, tmp_path: Path) -> None:
    fresh = _restored(built, tmp_path)
    rows = KnowledgeSearch()  # the same entries built from the rows, as before snapshots
    rows.load(built.index.items())
    entries = read_shipped()
    queries = _queries()[::3]
    edited = Entry(**{**entries[3].__dict__, "question": "玉米叶子上有红色的斑点怎么治"})
    for search in (fresh, rows):
        search.upsert(edited)
        search.remove(entries[5].id)
        search.upsert(Entry("new-1", "大棚草莓白粉病怎么防", "通风降湿，喷药。", [], ["草莓"], "x"))
    assert _answers(fresh, queries) == _answers(rows, queries)
    fresh.index.compact()
    rows.index.compact()
    assert _answers(fresh, queries) == _answers(rows, queries)
    assert list(fresh.index.items()) == list(rows.index.items())


def test_stale_or_corrupt_snapshot_is_ignored(
    built: KnowledgeSearch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "index.npz"
    assert snapshot.write(path, KEY, built.index.export())
    assert snapshot.read(path, {**KEY, "entries": 1}) is None
    assert snapshot.read(path, {**KEY, "tokenizer": "other"}) is None
    whole = path.read_bytes()
    caplog.set_level(logging.WARNING)
    for broken in (whole[: len(whole) // 2], whole[:-10], whole[:100] + b"x" + whole[101:]):
        path.write_bytes(broken)
        assert snapshot.read(path, KEY) is None
    flipped = bytearray(whole)
    flipped[len(whole) // 3] ^= 0xFF  # inside some array's bytes: its checksum fails
    path.write_bytes(bytes(flipped))
    assert snapshot.read(path, KEY) is None
    assert "unreadable" in caplog.text
    assert not list(tmp_path.glob("*.tmp"))


def test_snapshot_places() -> None:
    assert snapshot_path(make_url("sqlite+aiosqlite:///data/farmhub.db")) == Path(
        "data/farmhub.db.index.npz"
    )
    assert snapshot_path(make_url("sqlite+aiosqlite:///:memory:")) is None
    assert snapshot_path(make_url("postgresql+asyncpg://u:secret@h/farmhub")) is None


# ---- through the repository, on a SQLite file ---------------------------------------------

CORN = Entry("corn-1", "玉米叶子上有红斑", "多为锈病，喷三唑酮。", [], ["玉米"], "pests_diseases")


async def _load(monkeypatch: pytest.MonkeyPatch) -> tuple[KnowledgeSearch, bool]:
    """A fresh process's index, and whether it was built from the rows."""
    built: list[bool] = []
    original = KnowledgeSearch.load

    def load(self: KnowledgeSearch, docs: object) -> None:
        built.append(True)
        original(self, docs)  # type: ignore[arg-type]

    monkeypatch.setattr(KnowledgeSearch, "load", load)
    fresh = KnowledgeSearch()
    async with session_scope() as session:
        await load_index(session, fresh)
    monkeypatch.setattr(KnowledgeSearch, "load", original)
    return fresh, bool(built)


def _ids(search: KnowledgeSearch, query: str) -> list[str]:
    return [r.entry_id for r in search.search(query).results]


async def test_start_up_uses_a_fresh_snapshot_only(
    db: str,
    clock: PinnedClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    if not db.startswith("sqlite"):
        # PostgreSQL keeps a snapshot only in index_cache_dir.
        settings = get_settings()
        monkeypatch.setattr(settings, "index_cache_dir", str(tmp_path))
    path = snapshot_path(make_url(db))
    assert path is not None
    path.unlink(missing_ok=True)
    writer = KnowledgeSearch()
    async with session_scope() as session:
        await upsert_entries(session, [TOMATO, POTATO], writer, by="test")
    first, rebuilt = await _load(monkeypatch)
    assert rebuilt and path.is_file()
    second, rebuilt = await _load(monkeypatch)
    assert not rebuilt
    assert _ids(second, "洋芋老发芽") == _ids(first, "洋芋老发芽")
    assert list(second.index.items()) == list(first.index.items())

    clock.advance(timedelta(seconds=1))  # an entry changed since
    async with session_scope() as session:
        changed = Entry(**{**POTATO.__dict__, "question": "红薯怎么储存不烂"})
        await upsert_entries(session, [changed], writer, by="test")
    fresh, rebuilt = await _load(monkeypatch)
    assert rebuilt and "红薯" in fresh.index.tokens_of("store-1").question

    clock.advance(timedelta(seconds=1))  # one added
    async with session_scope() as session:
        await upsert_entries(session, [CORN], writer, by="test")
    fresh, rebuilt = await _load(monkeypatch)
    assert rebuilt and "corn-1" in fresh.index

    async with session_scope() as session:  # one removed (no newer change left behind)
        await session.execute(delete(KbEntry).where(KbEntry.id == "pest-1"))
    fresh, rebuilt = await _load(monkeypatch)
    assert rebuilt and "pest-1" not in fresh.index
    fresh, rebuilt = await _load(monkeypatch)
    assert not rebuilt and "pest-1" not in fresh.index

    path.write_bytes(path.read_bytes()[:-100])  # truncated
    caplog.set_level(logging.WARNING)
    fresh, rebuilt = await _load(monkeypatch)
    assert rebuilt and "unreadable" in caplog.text and len(fresh.index) == 2


def test_tokens_that_would_not_split_back_are_not_kept(built: KnowledgeSearch) -> None:
    search = KnowledgeSearch()
    search.load([("a", DocTokens(["x y"], [], [], [], [])), ("b", DocTokens([""], [], [], [], []))])
    with pytest.raises(ValueError, match="question"):
        search.index.export()


def test_every_store_keeps_the_fields_in_one_order() -> None:
    # The index's weights, the cached rows and the snapshot's arrays are read by position.
    assert tuple(FIELD_WEIGHTS) == tuple(FIELD_B) == FIELD_NAMES
