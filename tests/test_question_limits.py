"""Per-farmer limit on questions forwarded to the station a day (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.types import MediaKind
from bot.users import Visitor, touch
from knowledge.kb import questions, threads

TZ = ZoneInfo("Asia/Shanghai")


async def _ask(text: str) -> int:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        return (await questions.record(session, farmer, text)).id


async def _forward(question_id: int, per_day: int = 3) -> None:
    async with session_scope() as session:
        await questions.forward(session, question_id, 10001, per_day=per_day, tz=TZ)


async def test_one_farmer_forwards_a_limited_number_a_day(db: str, clock: PinnedClock) -> None:
    sent = [await _ask(f"问题{n}") for n in range(3)]
    for question_id in sent:
        await _forward(question_id)
    fourth_id = await _ask("第四个问题")
    with pytest.raises(questions.TooManyQuestions) as refused:
        await _forward(fourth_id)
    assert refused.value.limit == 3
    async with session_scope() as session:
        fourth = await session.get(OpenQuestion, fourth_id)
        assert fourth is not None and fourth.status is QuestionStatus.unanswered  # kept, not sent
    await _forward(sent[0])  # forwarding one already forwarded is not a new question
    # Another farmer is not held back by this one.
    async with session_scope() as session:
        other, _ = await touch(session, Visitor(10002, "李婶"))
        theirs = await questions.record(session, other, "别人的问题")
        await questions.forward(session, theirs.id, 10002, per_day=3, tz=TZ)
    # The next local day the farmer may forward again.
    clock.advance(timedelta(days=1))
    await _forward(fourth_id)
    async with session_scope() as session:
        assert await questions.forwarded_today(session, 10001, TZ) == 0  # asked yesterday


async def test_an_addition_taken_out_of_a_thread_is_a_question_of_its_own(
    db: str, clock: PinnedClock
) -> None:
    question_id = await _ask("大棚草莓叶子边缘焦枯是什么原因")
    await _forward(question_id)
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        for text in ("两天了", "（补充了一张照片）"):
            added = await questions.add_follow_up(
                session, farmer, text, clock.now(), photo="P1" if "照片" in text else None
            )
            assert added is not None
        q = added.question
        assert threads.first_words(q) == "大棚草莓叶子边缘焦枯是什么原因"
        assert threads.first_words(q, limit=4) == "大棚草莓…"
        key = threads.part_key("两天了")
        old, new = await questions.split_follow_up(session, farmer, question_id, key)
        assert old.text == "大棚草莓叶子边缘焦枯是什么原因\n➕ （补充了一张照片）"
        assert new.text == "两天了" and new.status is QuestionStatus.unanswered
        # The photo goes with the addition that brought it (the part it came with moved up
        # one when "两天了" was taken out before it).
        photo_key = threads.part_key("（补充了一张照片）")
        old, shown = await questions.split_follow_up(session, farmer, question_id, photo_key)
        assert old.text == "大棚草莓叶子边缘焦枯是什么原因" and old.photo_file_id is None
        assert shown.photo_file_id == "P1"
        assert await threads.thread_of(session, old) == [threads.Part(old.text)]
        photo = threads.Attachment(MediaKind.photo, "P1")
        assert await threads.thread_of(session, shown) == [threads.Part(shown.text, (photo,))]
        # Nothing left to take out; the question itself never is.
        with pytest.raises(questions.NoSuchAddition):
            await questions.split_follow_up(session, farmer, question_id, key)
        with pytest.raises(questions.NoSuchAddition):
            first = threads.part_key("大棚草莓叶子边缘焦枯是什么原因")
            await questions.split_follow_up(session, farmer, question_id, first)
        other, _ = await touch(session, Visitor(10002, "李婶"))
        with pytest.raises(questions.NotAllowed):
            await questions.split_follow_up(session, other, question_id, key)
