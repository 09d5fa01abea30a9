"""A draft the base already answers: /review shows that entry, ➕ makes the farmer's words its
phrasing (no second entry to compete with it), 🆕 saves a new one tagged with the products."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.admindata import review
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbDraft, KbEntry, KbPhrasing, OpenQuestion, OutboxMessage
from bot.models.knowledge import PhrasingStatus
from bot.models.users import Role
from bot.users import Visitor, set_role, touch
from knowledge.kb import phrasings, questions, staff_answers
from knowledge.kb.decision import Decision
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine

WORDING = "烤烟叶子花花的皱起来咋个整"
MOSAIC = Entry(
    "sd-009",
    "烤烟花叶病怎么防治？",
    "症状：叶片出现黄绿相间的花叶，叶面皱缩，叶片畸形。用无病壮苗，防好蚜虫，"
    "发病初期喷8%宁南霉素水剂1600倍液。",
    [],
    ["烤烟", "花叶病"],
    "pests_diseases",
)
OTHERS = [
    Entry(
        "sd-010",
        "烤烟黑胫病怎么防治？",
        "选抗病品种，轮作，发病初期喷甲霜灵。",
        [],
        ["烤烟", "黑胫病"],
        "pests_diseases",
    ),
    Entry("sd-020", "玉米怎么追肥？", "大喇叭口期追施尿素每亩15公斤。", [], ["玉米"], "fertiliser"),
    Entry("sd-030", "羊拉稀怎么办？", "停喂精料，喂口服补液盐。", [], ["羊"], "livestock"),
]
REPLY = "这是花叶病，拔掉病株，喷宁南霉素，防蚜虫。"


async def _drafted(text: str, staff_language: str = "zh") -> tuple[int, int]:
    """A farmer's forwarded question answered by staff and saved (📚): (question, draft)."""
    async with session_scope() as session:
        await upsert_entries(session, [MOSAIC, *OTHERS], engine(), by="test")
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        staff.language = staff_language
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        await set_role(session, 20001, Role.staff, station_id=1)
        farmer.station_id = 1
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        q = await questions.record(session, farmer, text)
    async with session_scope() as session:
        await questions.forward(session, q.id, 10001)
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        await staff_answers.answer(session, staff, q.id, REPLY)
        draft = await review.propose(session, staff, q.id, engine())
    return q.id, draft.id


async def test_a_draft_the_base_answers_carries_that_entry(db: str) -> None:
    _, draft_id = await _drafted(WORDING)
    async with session_scope() as session:
        item = await review.next_item(session)
    assert item is not None and item.id == draft_id
    assert item.similar is not None
    assert item.similar.entry_id == "sd-009" and item.similar.question == "烤烟花叶病怎么防治？"
    assert item.similar.decision is Decision.answer and item.similar.learnable
    # A new entry beside it is tagged with what both are about (烤烟), not its disease.
    assert item.tags == ("烤烟",)


async def test_a_draft_nothing_is_close_to_carries_no_entry(db: str) -> None:
    await _drafted("草莓大棚里蜜蜂不出箱怎么回事")
    async with session_scope() as session:
        item = await review.next_item(session)
    assert item is not None and item.similar is None and item.tags == ()


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_merge_makes_the_wording_a_phrasing_and_no_second_entry(db: str, lang: str) -> None:
    question_id, draft_id = await _drafted(WORDING, staff_language=lang)
    async with session_scope() as session:
        admin, _ = await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        done = await review.merge(session, admin, draft_id, "sd-009")
    assert done.added and done.entry_id == "sd-009" and done.told == 20001
    async with session_scope() as session:
        draft = await session.get(KbDraft, draft_id)
        entry = await session.get(KbEntry, "sd-009")
        question = await session.get(OpenQuestion, question_id)
        ids = set(await session.scalars(select(KbEntry.id)))
        pushes = list(await session.scalars(select(OutboxMessage)))
        assert await review.next_item(session) is None
    assert draft is not None and draft.status.value == "approved"
    assert entry is not None and WORDING in entry.alt_questions
    assert question is not None and question.kb_entry_id == "sd-009"
    assert ids == {"sd-009", "sd-010", "sd-020", "sd-030"}  # no station-q entry
    told = t(
        lang,
        "review.told_merged",
        question=WORDING,
        entry_question="烤烟花叶病怎么防治？",
        entry_id="sd-009",
    )
    assert [p.text for p in pushes if p.chat_id == 20001][-1] == told
    for asked in ("烤烟花叶病", WORDING):
        found = engine().search(asked)
        assert found.decision is Decision.answer and found.best is not None, asked
        assert found.best.entry_id == "sd-009", asked
    async with session_scope() as session:
        with pytest.raises(review.ReviewGone):  # a second press: already decided
            await review.merge(session, admin, draft_id, "sd-009")
        with pytest.raises(review.ReviewGone):
            await review.decide(session, admin, review.DRAFT, draft_id, approved=True)


async def test_merge_into_an_entry_gone_meanwhile_changes_nothing(db: str) -> None:
    _, draft_id = await _drafted(WORDING)
    async with session_scope() as session:
        admin, _ = await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        with pytest.raises(review.ReviewGone):
            await review.merge(session, admin, draft_id, "sd-999")
    async with session_scope() as session:
        draft = await session.get(KbDraft, draft_id)
    assert draft is not None and draft.status.value == "waiting"


async def test_saved_as_new_beside_a_similar_entry_it_is_tagged(db: str) -> None:
    _, draft_id = await _drafted(WORDING)
    async with session_scope() as session:
        admin, _ = await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        done = await review.decide(session, admin, review.DRAFT, draft_id, approved=True)
    async with session_scope() as session:
        entry = await session.get(KbEntry, done.item.entry_id)
    assert entry is not None and entry.tags == ["烤烟"]


def test_new_tags_are_the_shared_products_and_the_draft_s_own() -> None:
    similar = review.Similar("x", "番茄晚疫病", ("番茄", "晚疫病", "大棚"), Decision.suggest, True)
    # 番茄 is a product (西红柿's other name); 大棚 is said by the draft; 洋芋 is its own.
    assert review.new_tags("大棚洋芋和西红柿叶子黑了", similar) == (
        "番茄",
        "大棚",
        "土豆",
        "西红柿",
    )
    assert review.new_tags("大棚洋芋", None) == ()


async def test_adopt_approves_a_rejected_wording_and_skips_a_known_one(db: str) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [MOSAIC], engine(), by="test")
        row = await phrasings.propose_phrasing(session, "sd-009", WORDING, "suggestion")
        assert row is not None
        await phrasings.reject(session, row.id, "admin:1")
        assert await phrasings.adopt(session, "sd-009", WORDING, engine(), "admin:1", "staff")
        assert row.status is PhrasingStatus.approved
        assert not await phrasings.adopt(session, "sd-009", WORDING, engine(), "admin:1", "staff")
        assert not await phrasings.adopt(
            session, "sd-009", "烤烟花叶病怎么防治？", engine(), "admin:1", "staff"
        )
        assert not await phrasings.adopt(
            session, "sd-009", "tobacco leaves crinkled", engine(), "admin:1", "staff"
        )
        texts = list(await session.scalars(select(KbPhrasing.text)))
        entry = await session.get(KbEntry, "sd-009")
    assert texts == [WORDING] and entry is not None and entry.alt_questions == [WORDING]
