"""Who may see and answer a farmer's question, and that it is answered once (SQLite and PostgreSQL).

Issue 10 item 6: a question the farmer never forwarded was readable and answerable by
staff of any station (a forged `qa:re:<id>`), and an answered question could be
answered again, overwriting the first reply.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.core.db import session_scope
from bot.core.transactions import retrying
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from bot.users import Visitor, set_role, touch
from knowledge.kb import questions, staff_answers


async def _people() -> None:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = 1
        await touch(session, Visitor(10003, "新农户"))  # no station yet
        for telegram_id, name, station in (
            (20001, "李站长", 1),
            (20002, "外站", 2),
            (20003, "李站员", 1),
        ):
            await touch(session, Visitor(telegram_id, name))
            await set_role(session, telegram_id, Role.staff, station_id=station)
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])


async def _user(telegram_id: int) -> User:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        return user


async def _question(farmer_id: int, text: str, *, forward: bool) -> int:
    async with session_scope() as session:
        farmer = await session.get(User, farmer_id)
        assert farmer is not None
        q = await questions.record(session, farmer, text)
        if forward:
            await questions.forward(session, q.id, farmer_id)
        return q.id


async def _may(telegram_id: int, question_id: int) -> bool:
    user = await _user(telegram_id)
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return await staff_answers.may_handle(user, q)


async def test_unforwarded_questions_are_invisible_to_everyone(db: str) -> None:
    await _people()
    mine = await _question(10001, "大棚里的草莓叶子卷了", forward=False)
    stationless = await _question(10003, "怎么申请补贴", forward=False)
    for who in (20001, 20002, 30001):
        user = await _user(who)
        for qid in (mine, stationless):
            assert not await _may(who, qid)
            async with session_scope() as session:
                with pytest.raises(questions.NotAllowed):
                    await staff_answers.get_answerable(session, user, qid)
            async with session_scope() as session:
                with pytest.raises(questions.NotAllowed):
                    await staff_answers.answer(session, user, qid, "乱答")
            async with session_scope() as session:
                assert qid not in [
                    q.id for q in (await staff_answers.open_for(session, user)).questions
                ]
    async with session_scope() as session:
        for qid in (mine, stationless):
            q = await session.get(OpenQuestion, qid)
            assert q is not None and q.answer is None and q.status is QuestionStatus.unanswered


async def test_forwarded_question_belongs_to_its_station_or_the_admins(db: str) -> None:
    await _people()
    mine = await _question(10001, "大棚里的草莓叶子卷了", forward=True)
    stationless = await _question(10003, "怎么申请补贴", forward=True)
    # The farmer's station's staff, not another station's; admins may answer any question.
    assert await _may(20001, mine) and await _may(20003, mine) and await _may(30001, mine)
    assert not await _may(20002, mine)
    # A question without a station: the admins, and no station's staff.
    assert await _may(30001, stationless)
    assert not await _may(20001, stationless) and not await _may(20002, stationless)
    assert not await _may(10001, mine) and not await _may(10003, stationless)
    async with session_scope() as session:
        assert [
            q.id for q in (await staff_answers.open_for(session, await _user(20001))).questions
        ] == [mine]
        assert (await staff_answers.open_for(session, await _user(20002))).questions == []
        assert [
            q.id for q in (await staff_answers.open_for(session, await _user(30001))).questions
        ] == [stationless]
    async with session_scope() as session:
        with pytest.raises(questions.NotAllowed):
            await staff_answers.answer(session, await _user(20002), stationless, "乱答")


async def test_a_station_nobody_staffs_hands_the_question_to_the_admins(db: str) -> None:
    await _people()
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10004, "远村农户"))
        farmer.station_id = 3  # no staff member has this station
        q = await questions.record(session, farmer, "羊不吃草了")
        recipients = await questions.forward(session, q.id, 10004)
        assert recipients.to_admins and recipients.telegram_ids == (30001,)
        qid = q.id
    # The admins may answer it, as they answer a farmer's without a station.
    assert await _may(30001, qid)
    assert not await _may(20001, qid) and not await _may(20002, qid)
    async with session_scope() as session:
        admin_list = (await staff_answers.open_for(session, await _user(30001))).questions
        assert qid in [x.id for x in admin_list]
    # A station with staff keeps its questions.
    mine = await _question(10001, "大棚里的草莓叶子卷了", forward=True)
    async with session_scope() as session:
        q2 = await session.get(OpenQuestion, mine)
        assert q2 is not None and q2.station_id == 1


async def test_an_answered_question_is_not_answered_again(db: str) -> None:
    await _people()
    qid = await _question(10001, "大棚里的草莓叶子卷了", forward=True)
    async with session_scope() as session:
        await staff_answers.answer(session, await _user(20001), qid, "可能是螨虫，喷联苯肼酯。")
    for who in (20001, 20003):
        async with session_scope() as session:
            with pytest.raises(questions.AlreadyAnswered):
                await staff_answers.answer(session, await _user(who), qid, "第二个回复")
        async with session_scope() as session:
            with pytest.raises(questions.AlreadyAnswered):
                await staff_answers.get_answerable(session, await _user(who), qid)
    async with session_scope() as session:
        q = await session.get(OpenQuestion, qid)
        assert q is not None
        assert (q.answer, q.answered_by) == ("可能是螨虫，喷联苯肼酯。", 20001)


async def test_two_staff_racing_produce_one_answer(db: str) -> None:
    await _people()
    qid = await _question(10001, "大棚里的草莓叶子卷了", forward=True)
    first, second = await _user(20001), await _user(20003)
    # Both have the question open (as after pressing "answer") before either writes.
    loaded = asyncio.Event()
    ready = 0

    async def reply(user: User, text: str) -> str:
        async def work(session: object) -> str:
            nonlocal ready
            await staff_answers.get_answerable(session, user, qid)  # type: ignore[arg-type]
            ready += 1
            if ready >= 2:
                loaded.set()
            await asyncio.wait_for(loaded.wait(), 5)
            await staff_answers.answer(session, user, qid, text)  # type: ignore[arg-type]
            return text

        try:
            return await retrying(work)
        except questions.AlreadyAnswered:
            return "refused"

    outcomes = await asyncio.gather(reply(first, "答复甲"), reply(second, "答复乙"))
    assert outcomes.count("refused") == 1
    async with session_scope() as session:
        q = await session.get(OpenQuestion, qid)
        assert q is not None and q.answer in ("答复甲", "答复乙")
        winner = {"答复甲": 20001, "答复乙": 20003}[q.answer]
        assert q.answered_by == winner and q.status is QuestionStatus.answered


async def test_staff_add_to_an_answered_question(db: str) -> None:
    # Blind test: a staff member's second reply to the same question was refused.
    await _people()
    qid = await _question(10001, "大棚里的草莓叶子卷了", forward=True)
    async with session_scope() as session:
        with pytest.raises(questions.NotAllowed):  # nothing to add to yet
            await staff_answers.add_to_answer(session, await _user(20001), qid, "补一句")
    async with session_scope() as session:
        await staff_answers.answer(session, await _user(20001), qid, "可能是螨虫。")
    async with session_scope() as session:
        q, first = await staff_answers.add_to_answer(
            session, await _user(20001), qid, "喷联苯肼酯。"
        )
        _, second = await staff_answers.add_to_answer(
            session, await _user(20003), qid, "隔七天再喷。"
        )
        assert (first, second) == (1, 2)
    async with session_scope() as session:
        q = await session.get(OpenQuestion, qid)  # type: ignore[assignment]
        assert q is not None and q.answer == "可能是螨虫。\n➕ 喷联苯肼酯。\n➕ 隔七天再喷。"
        assert (q.answered_by, q.status) == (20001, QuestionStatus.answered)
        with pytest.raises(questions.NotAllowed):  # another station's staff
            await staff_answers.add_to_answer(session, await _user(20002), qid, "乱答")


async def test_an_admin_of_a_station_answers_its_questions(db: str) -> None:
    # 李站长, staff of station 1, made an admin too (set_role keeps the station): the
    # station's questions are still theirs to list and answer, with the county's.
    await _people()
    mine = await _question(10001, "大棚里的草莓叶子卷了", forward=True)
    stationless = await _question(10003, "怎么申请补贴", forward=True)
    async with session_scope() as session:
        other, _ = await touch(session, Visitor(10002, "外站农户"))
        other.station_id = 2
        await set_role(session, 20001, Role.admin)
    elsewhere = await _question(10002, "羊不吃草了", forward=True)
    assert await _may(20001, mine) and await _may(20001, stationless)
    assert await _may(20001, elsewhere)  # another station's: an admin may still answer it
    async with session_scope() as session:
        listed = (await staff_answers.open_for(session, await _user(20001))).questions
        assert [q.id for q in listed] == [mine, stationless]  # own station and the county's
        # The county admin with no station lists the county's only.
        county = (await staff_answers.open_for(session, await _user(30001))).questions
        assert [q.id for q in county] == [stationless]
    async with session_scope() as session:
        await staff_answers.answer(session, await _user(20001), mine, "卷叶是缺水，早晚浇透")
    async with session_scope() as session:
        q = await session.get(OpenQuestion, mine)
        assert q is not None and q.status is QuestionStatus.answered and q.answered_by == 20001
