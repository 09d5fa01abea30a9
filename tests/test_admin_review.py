"""Review before farmers see it, on both databases: drafts, phrasings, flags, staff told."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.admindata import review
from bot.audit import entries as audit_entries
from bot.core.db import session_scope
from bot.models import KbEntry, OutboxMessage
from bot.models.users import Role
from bot.users import Visitor, set_role, touch
from handlers.render.roles import audit_line
from knowledge.kb import phrasings, questions, staff_answers
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine

REPLY = "可能是拉稀，喂口服补液盐。严重的明天上午带一只来站里看看，张大爷别急。"


def test_time_bound_and_personal_wording_is_flagged() -> None:
    found = review.flags(REPLY, ("张三",))
    assert [(f.word, f.reason) for f in found] == [
        ("明天", "time"),
        ("带一只来站里", "visit"),
        ("张大爷", "name"),
    ]
    assert review.flags("羊拉稀先停喂精料，喂口服补液盐。") == []
    assert [f.word for f in review.flags("李婶，您的羊", ("李婶",))] == ["李婶"]


@pytest.mark.parametrize(
    "general",
    [
        # The station as a place is every farmer's (tester: 「到站里」 was flagged).
        "潮粮可以拉到站里烘干，按烘干后的重量算钱。",
        "证件带齐到站上领。",
        "不清楚的来站里问技术员。",
        "Come to the station with your ID to collect it.",
    ],
)
def test_the_station_as_a_place_is_not_flagged(general: str) -> None:
    assert review.flags(general) == []


@pytest.mark.parametrize(
    ("specific", "word", "reason"),
    [
        ("您的那批玉米水分高，先晾两天。", "您的那批", "yours"),
        ("你家那头牛先别喂精料。", "你家那头", "yours"),
        ("Your batch is too damp.", "Your batch", "yours"),
        ("明天拉到站里。", "明天", "time"),
        ("张大爷到站里领。", "张大爷", "name"),
        ("我们站里只收干粮。", "我们站里", "visit"),
    ],
)
def test_one_farmer_s_day_or_lot_is_still_flagged(specific: str, word: str, reason: str) -> None:
    assert [(f.word, f.reason) for f in review.flags(specific)] == [(word, reason)]


@pytest.mark.parametrize(
    "general",
    [
        "周六周日照常收货，不休息。",
        "每周六上午有技术员。",
        "星期天也收货。",
        "open on Saturdays too",
    ],
)
def test_a_weekday_said_of_every_week_is_not_day_bound(general: str) -> None:
    # Sandbox walk: 「周六（时间）、周日（时间）」 was flagged in a general answer about weekends.
    assert review.flags(general) == []


@pytest.mark.parametrize(
    ("dated", "word"),
    [
        ("这周六不收货。", "这周六"),
        ("下周一开始收玉米。", "下周一"),
        ("本周日停水。", "本周日"),
        ("12月5日停电。", "12月5日"),
        ("明天下雨。", "明天"),
        ("closed this Saturday", "this Saturday"),
    ],
)
def test_a_dated_or_relative_day_is_day_bound(dated: str, word: str) -> None:
    assert [f.word for f in review.flags(dated)] == [word]


@pytest.mark.parametrize(
    "variety",
    [
        "台农1号芒果花期要防炭疽病。",
        "贵妃2号和金煌一号都可以种。",
        "郑单958号耐密植。",
        "台农十一号挂果早。",
        "SH1号番茄苗已到。",
    ],
)
def test_a_number_after_a_name_is_a_variety_not_a_day(variety: str) -> None:
    # Blind tester: 台农1号 was flagged 「1号（时间）」 in an answer about mangoes.
    assert review.flags(variety) == []


@pytest.mark.parametrize(
    ("dated", "word"),
    [
        ("1号开始收芒果。", "1号"),
        ("下个1号收货。", "1号"),
        ("请在3号前把甘蔗送到。", "3号"),
        ("每月15号发补贴。", "15号"),
        ("收购截止到20号，台农1号优先。", "20号"),
    ],
)
def test_a_day_of_the_month_alone_or_after_a_time_word_is_day_bound(dated: str, word: str) -> None:
    assert [f.word for f in review.flags(dated)] == [word]


async def _answered() -> int:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        await touch(session, Visitor(20001, "李站长"))
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        await set_role(session, 20001, Role.staff, station_id=1)
        farmer.station_id = 1
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        q = await questions.record(session, farmer, "羊拉稀怎么办")
    async with session_scope() as session:
        await questions.forward(session, q.id, 10001)
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        await staff_answers.answer(session, staff, q.id, REPLY)
    return q.id


async def test_a_draft_waits_then_goes_live_edited_and_staff_is_told(db: str) -> None:
    question_id = await _answered()
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        draft = await review.propose(session, staff, question_id, engine())
        with pytest.raises(review.AlreadyProposed):
            await review.propose(session, staff, question_id, engine())
    async with session_scope() as session:
        assert await session.get(KbEntry, draft.entry_id) is None  # not live
        item = await review.next_item(session)
    assert item is not None and item.kind == review.DRAFT and item.waiting == 1
    assert {f.word for f in item.flags} == {"明天", "带一只来站里", "张大爷"}
    async with session_scope() as session:
        admin, _ = await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        edited = await review.edit(session, admin, item.kind, item.id, "喂口服补液盐，停喂精料。")
        assert edited.flags == []
        done = await review.decide(session, admin, item.kind, item.id, approved=True)
    assert done.told == 20001
    async with session_scope() as session:
        entry = await session.get(KbEntry, draft.entry_id)
        pushes = list(await session.scalars(select(OutboxMessage)))
        assert await review.next_item(session) is None
    assert entry is not None and entry.answer == "喂口服补液盐，停喂精料。"
    assert [p.chat_id for p in pushes if "审核" in p.text] == [20001]
    best = engine().search("羊拉稀怎么办").best
    assert best is not None and best.entry_id == draft.entry_id
    async with session_scope() as session:
        with pytest.raises(review.ReviewGone):
            await review.decide(session, admin, item.kind, item.id, approved=False)


async def test_rejected_draft_never_answers_and_phrasings_are_in_the_queue(db: str) -> None:
    question_id = await _answered()
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(20001, "李站长"))
        await review.propose(session, staff, question_id, engine())
        entry = Entry("sheep-1", "羊拉稀怎么办", "停喂精料。", [], [], "livestock")
        await upsert_entries(session, [entry], engine(), by="test")
        await phrasings.propose_phrasing(session, "sheep-1", "羊屙稀咋整", "suggestion")
    async with session_scope() as session:
        admin, _ = await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        first = await review.next_item(session)
        assert first is not None and first.waiting == 2
        rejected = await review.decide(session, admin, first.kind, first.id, approved=False)
        assert rejected.told == 20001
        assert await session.get(KbEntry, first.entry_id) is None
    async with session_scope() as session:
        second = await review.next_item(session)
        assert second is not None and second.kind == review.PHRASING
        assert second.text == "羊屙稀咋整" and second.question == "羊拉稀怎么办"
        await review.decide(session, admin, second.kind, second.id, approved=True)
    async with session_scope() as session:
        sheep = await session.get(KbEntry, "sheep-1")
    assert sheep is not None and "羊屙稀咋整" in sheep.alt_questions
    # The audit log says what was approved: the phrasing and its entry (blind test: only
    # "类型：条目草稿；编号：1").
    async with session_scope() as session:
        approved = [e for e in await audit_entries(session) if e.action == "kb.approve"]
    assert approved and approved[0].after is not None
    assert approved[0].after["phrasing"] == "羊屙稀咋整"
    assert approved[0].after["question"] == "羊拉稀怎么办"
    said = audit_line("zh", approved[0], ZoneInfo("Asia/Shanghai"))
    assert "问题：羊拉稀怎么办" in said and "问法：羊屙稀咋整" in said, said
