"""Knowledge entries and questions in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.models.knowledge import QuestionStatus
from bot.models.users import Role
from bot.users import Visitor, set_role, touch
from knowledge.kb import questions, staff_answers
from knowledge.kb.entries import Entry
from knowledge.kb.repository import all_entries, load_index, refresh_index, upsert_entries
from knowledge.kb.search import KnowledgeSearch

TOMATO = Entry(
    "pest-1",
    "西红柿叶子发黄怎么办",
    "下部老叶发黄多为缺氮，追施尿素。",
    ["番茄黄叶"],
    ["西红柿"],
    "pests_diseases",
)
POTATO = Entry(
    "store-1", "土豆怎么储存不发芽", "放在阴凉黑暗处，温度2-4℃。", ["洋芋发芽"], ["土豆"], "storage"
)


@pytest.fixture
def search() -> KnowledgeSearch:
    return KnowledgeSearch()


async def test_upsert_counts_and_is_idempotent(db: str, search: KnowledgeSearch) -> None:
    async with session_scope() as session:
        result = await upsert_entries(session, [TOMATO, POTATO], search, by="test")
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    async with session_scope() as session:
        again = await upsert_entries(session, [TOMATO, POTATO], search, by="test")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    changed = Entry(**{**TOMATO.__dict__, "answer": "先看是不是缺氮。"})
    async with session_scope() as session:
        third = await upsert_entries(session, [changed], search, by="test")
        assert (third.added, third.updated) == (0, 1)
        assert [e.answer for e in await all_entries(session) if e.id == "pest-1"] == [
            "先看是不是缺氮。"
        ]


async def test_index_loads_from_cached_tokens(db: str, search: KnowledgeSearch) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [TOMATO, POTATO], search, by="test")
    fresh = KnowledgeSearch()
    async with session_scope() as session:
        newest = await load_index(session, fresh)
    assert newest is not None and len(fresh.index) == 2
    best = fresh.search("洋芋老发芽").best
    assert best is not None and best.entry_id == "store-1"


async def test_refresh_picks_up_changes_from_elsewhere(db: str, search: KnowledgeSearch) -> None:
    running = KnowledgeSearch()  # the bot's index, loaded before the import
    async with session_scope() as session:
        await upsert_entries(session, [TOMATO], search, by="test")
    async with session_scope() as session:
        since = await load_index(session, running)
    async with session_scope() as session:  # an import in another process
        await upsert_entries(session, [POTATO], search, by="import")
    assert "store-1" not in running.index
    async with session_scope() as session:
        await refresh_index(session, running, since)
    assert "store-1" in running.index


async def test_questions_flow_and_permissions(db: str, search: KnowledgeSearch) -> None:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        other, _ = await touch(session, Visitor(10002, "李婶"))
        await touch(session, Visitor(20001, "李站长"))
        await touch(session, Visitor(20002, "外站"))
        await set_role(session, 20001, Role.staff, station_id=1)
        await set_role(session, 20002, Role.staff, station_id=2)
        farmer.station_id = 1
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        q = await questions.record(session, farmer, "大棚里的草莓叶子卷了")
        assert q.status is QuestionStatus.unanswered and q.station_id == 1
    async with session_scope() as session:
        with pytest.raises(questions.NotAllowed):
            await questions.forward(session, q.id, other.telegram_id)
    async with session_scope() as session:
        recipients = await questions.forward(session, q.id, 10001)
        assert recipients.telegram_ids == (20001,)
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        outsider, _ = await touch(session, Visitor(20002, "外站"))
        assert [x.id for x in (await staff_answers.open_for(session, staff)).questions] == [q.id]
        assert (await staff_answers.open_for(session, outsider)).questions == []
        with pytest.raises(questions.NotAllowed):
            await staff_answers.answer(session, outsider, q.id, "乱答")
        with pytest.raises(questions.NotAllowed):
            await staff_answers.open_for(session, farmer)
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        answered = await staff_answers.answer(session, staff, q.id, "可能是螨虫，喷联苯肼酯。")
        assert answered.status is QuestionStatus.answered
        entry = await staff_answers.save_as_entry(session, staff, q.id, search)
    assert entry.id == f"station-q{q.id}"
    best = search.search("草莓叶子卷了").best
    assert best is not None and best.entry_id == entry.id


async def test_farmer_without_station_reaches_admins(db: str) -> None:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10003, "新农户"))
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        q = await questions.record(session, farmer, "怎么申请补贴")
    async with session_scope() as session:
        recipients = await questions.forward(session, q.id, 10003)
    assert recipients.telegram_ids == (30001,)


def test_an_entry_is_made_of_the_question_as_asked_not_what_was_added() -> None:
    # Second blind walk: 好的，明天上午我带过去 joined the thread and became part of the
    # entry's question when staff saved the answer (📚).
    from knowledge.kb.threads import THREAD_SEP, asked

    assert asked(f"草莓果子上长了一层灰毛{THREAD_SEP}好的，明天上午我带过去") == (
        "草莓果子上长了一层灰毛"
    )
    # A photo sent first is asked by the words that describe it.
    assert asked(f"（照片）{THREAD_SEP}叶子上有白斑") == "叶子上有白斑"
    assert asked(f"(photo){THREAD_SEP}🎤 voice 3s") == f"(photo){THREAD_SEP}🎤 voice 3s"


@pytest.mark.parametrize(
    ("lang", "photo", "added"),
    [("en", "(photo)", "(added a photo)"), ("zh", "（照片）", "（补充了一张照片）")],
)
def test_a_photo_without_words_is_said_in_the_staff_members_language(
    lang: str, photo: str, added: str
) -> None:
    # An English staff member read （照片）, the placeholder stored in the farmer's language.
    from handlers.render.knowledge import as_asked
    from knowledge.kb.threads import THREAD_SEP

    for stored in ("（照片）", "(photo)"):
        assert as_asked(stored, lang) == photo
    thread = f"（照片）{THREAD_SEP}叶子上有白斑{THREAD_SEP}（补充了一张照片）"
    assert as_asked(thread, lang) == f"{photo}{THREAD_SEP}叶子上有白斑{THREAD_SEP}{added}"
    # The farmer's own words stay as typed, brackets and all.
    assert as_asked("（照片）里的叶子发黄了", lang) == "（照片）里的叶子发黄了"
