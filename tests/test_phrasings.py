"""The base learns farmers' words: proposed phrasings, approved by an admin (issue 12)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.core.db import session_scope
from bot.models.knowledge import KbEntry, PhrasingStatus
from knowledge.kb.entries import Entry
from knowledge.kb.phrasings import PhrasingError, approve, list_phrasings, propose_phrasing, reject
from knowledge.kb.repository import (
    all_entries,
    ensure_loaded,
    load_index,
    sync,
    upsert_entries,
)
from knowledge.kb.search import Decision, KnowledgeSearch

COW = Entry(
    "ls-1", "牛瘤胃臌气怎么急救", "立即插胃管放气，灌服消气灵。", [], ["牛", "急救"], "livestock"
)
SHEEP = Entry("ls-2", "羊怎么驱虫", "春秋各驱一次虫。", [], ["羊", "驱虫"], "livestock")
FARMER = "黄犍子吃撑了直哼哼"


async def test_an_approved_phrasing_is_searchable_at_once(db: str) -> None:
    search = KnowledgeSearch()
    async with session_scope() as session:
        await upsert_entries(session, [COW, SHEEP], search, by="test")
    before = search.search(FARMER)
    assert before.decision is Decision.decline
    async with session_scope() as session:
        proposed = await propose_phrasing(session, "ls-1", FARMER, "suggestion")
        assert proposed is not None
        # The same words, the entry's own question or an unknown entry add nothing.
        assert await propose_phrasing(session, "ls-1", FARMER, "staff") is None
        assert await propose_phrasing(session, "ls-1", "牛瘤胃臌气怎么急救", "staff") is None
        assert await propose_phrasing(session, "nope", FARMER, "staff") is None
        # An English question is searched through its Chinese words: nothing to learn.
        assert await propose_phrasing(session, "ls-1", "my cow is bloated", "suggestion") is None
        # Nor is one in pinyin, all of it or some: search reads it in characters first.
        assert await propose_phrasing(session, "ls-1", "niu duzi zhang", "suggestion") is None
        assert await propose_phrasing(session, "ls-1", "huangjianzi 吃撑了", "suggestion") is None
        waiting = await list_phrasings(session)
        assert [(p.entry_id, p.text, p.source) for p in waiting] == [("ls-1", FARMER, "suggestion")]
        await approve(session, proposed.id, search, by="admin")
    after = search.search(FARMER)
    assert after.best is not None and after.best.entry_id == "ls-1"
    assert after.decision is Decision.answer
    async with session_scope() as session:
        assert [e.alt_questions for e in await all_entries(session) if e.id == "ls-1"] == [[FARMER]]
        assert await list_phrasings(session) == []
        with pytest.raises(PhrasingError):
            await approve(session, proposed.id, search, by="admin")


async def test_a_rejected_phrasing_is_not_searchable_nor_proposed_again(db: str) -> None:
    search = KnowledgeSearch()
    async with session_scope() as session:
        await upsert_entries(session, [COW, SHEEP], search, by="test")
        proposed = await propose_phrasing(session, "ls-2", "牛肚子胀", "suggestion")
        assert proposed is not None
        await reject(session, proposed.id, by="admin")
        assert await propose_phrasing(session, "ls-2", "牛肚子胀", "suggestion") is None
        decided = await list_phrasings(session, None)
        assert [p.status for p in decided] == [PhrasingStatus.rejected]
        assert [e.alt_questions for e in await all_entries(session) if e.id == "ls-2"] == [[]]


def test_phrasings_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    base = tmp_path / "kb.csv"
    base.write_text(
        "id,question,answer,alt_questions,tags,category\n"
        "ls-1,牛瘤胃臌气怎么急救,立即插胃管放气。,,牛|急救,livestock\n"
        "ls-2,羊怎么驱虫,春秋各驱一次虫。,,羊|驱虫,livestock\n",
        encoding="utf-8",
    )
    assert main(["kb", "import", str(base)]) == 0

    async def propose(session: object) -> int:
        row = await propose_phrasing(session, "ls-1", FARMER, "staff")  # type: ignore[arg-type]
        assert row is not None
        return row.id

    from bot.core.commands import in_session
    from bot.core.config import load_settings

    number = __import__("asyncio").run(in_session(load_settings(), propose))
    capsys.readouterr()
    assert main(["kb", "phrasings"]) == 0
    listing = capsys.readouterr().out
    assert f"#{number}" in listing and FARMER in listing and "ls-1" in listing
    assert main(["kb", "phrasings", "approve"]) == 2
    assert main(["kb", "phrasings", "approve", str(number)]) == 0
    assert "approved" in capsys.readouterr().out
    assert main(["kb", "phrasings", "reject", str(number)]) == 1
    assert "already approved" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(FARMER + "\n"))
    assert main(["kb", "search"]) == 0
    assert "ls-1" in capsys.readouterr().out.split("\t")[2]


async def test_an_approved_phrasing_is_answered_after_a_restart(db: str) -> None:
    search = KnowledgeSearch()
    async with session_scope() as session:
        await upsert_entries(session, [COW, SHEEP], search, by="test")
        proposed = await propose_phrasing(session, "ls-1", FARMER, "suggestion")
        assert proposed is not None
        await approve(session, proposed.id, search, by="admin")
    restarted = KnowledgeSearch()  # a new process: the index comes from the cached tokens
    async with session_scope() as session:
        await load_index(session, restarted)
    assert restarted.unsplit == set()
    after = restarted.search(FARMER)
    assert after.best is not None and after.best.entry_id == "ls-1"
    assert after.decision is Decision.answer
    assert restarted.exact_match("牛瘤胃臌气怎么急救") == "ls-1"


async def test_tokens_cached_in_the_old_layout_load_and_gain_their_phrasings(db: str) -> None:
    cow = replace(COW, alt_questions=[FARMER, "牛肚子胀得像鼓"])
    search = KnowledgeSearch()
    async with session_scope() as session:
        await upsert_entries(session, [cow, SHEEP], search, by="test")
        # As a release before this one stored them: one list per field, no phrasings.
        for row in await session.scalars(select(KbEntry)):
            tokens = dict(row.tokens)
            fields = ("question", "alts", "tags", "answer", "bigrams")
            row.tokens = {name: tokens[name].split() for name in fields}
    restarted = KnowledgeSearch()
    async with session_scope() as session:
        await ensure_loaded(session, restarted)  # as the bot starts
    assert restarted.unsplit == {"ls-1"}  # SHEEP has no phrasings to split
    assert restarted.exact_match("牛瘤胃臌气怎么急救") == "ls-1"
    assert restarted.exact_match(FARMER) is None  # not known yet, and not guessed
    async with session_scope() as session:
        await sync(session, restarted)
    assert restarted.unsplit == set()
    assert restarted.exact_match(FARMER) == "ls-1"
    assert restarted.search("牛肚子胀得像鼓").decision is Decision.answer
    again = KnowledgeSearch()  # and the rows were stored again in the new layout
    async with session_scope() as session:
        await load_index(session, again)
        stored = {
            row.id: row.tokens.get("format") for row in await session.scalars(select(KbEntry))
        }
    assert stored == {"ls-1": 2, "ls-2": None}  # the one without phrasings needs nothing
    assert again.unsplit == set() and again.exact_match(FARMER) == "ls-1"


def test_phrasings_added_to_a_loaded_index_are_exact_matches_without_rebuilding() -> None:
    search = KnowledgeSearch()
    search.load([("ls-1", search.doc_tokens(COW)), ("ls-2", search.doc_tokens(SHEEP))])
    assert search.exact_match("羊怎么驱虫") == "ls-2"  # the table is made here
    search.upsert(replace(SHEEP, alt_questions=["羊肚里有虫咋办"]))
    assert search.exact_match("羊肚里有虫咋办") == "ls-2"
    search.upsert(SHEEP)  # the phrasing withdrawn
    assert search.exact_match("羊肚里有虫咋办") is None
    search.remove("ls-2")
    assert search.exact_match("羊怎么驱虫") is None
