"""Per-farmer limit on questions forwarded to the station a day (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.users import Visitor, touch
from knowledge.kb import questions

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
