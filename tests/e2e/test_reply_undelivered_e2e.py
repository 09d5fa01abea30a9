"""A staff reply that never reaches its farmer (blocked the bot, refused): the staff are told.

Sandbox walk: the reply's outbox row ended failed or blocked and its writer never knew.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.questions_util import station_county

pytestmark = pytest.mark.e2e

QUESTION = "大棚草莓叶子边缘焦枯是什么原因"
ANSWER = "多半是缺钾，叶面喷磷酸二氢钾。"


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Farmer 张大爷 (10001) of station 1 and its staff member 李站长 (20001)."""
    return await station_county(harness)


async def _forwarded(harness: Harness) -> int:
    farmer = harness.user(10001, "张大爷")
    offer = (await farmer.send(QUESTION)).last
    question_id = int(offer.callback_data[0].removeprefix("kb:fw:"))
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    return question_id


async def _status(key: str) -> OutboxStatus:
    async with session_scope() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        assert row is not None
        return row.status


async def test_staff_hear_when_the_farmer_blocked_the_bot(county: Harness) -> None:
    staff = county.user(20001, "李站长")
    question_id = await _forwarded(county)
    county.server.block_chat(10001)
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    done = await staff.send(ANSWER)
    await county.delivered()
    assert t("zh", "questions.reply_sent") in [m.text for m in done]
    assert await _status(f"qa-reply:{question_id}") is OutboxStatus.blocked
    told = [m for m in staff.messages if m.content.startswith("⚠️")]
    assert [m.content for m in told] == [
        t(
            "zh",
            "questions.reply_undelivered",
            farmer="张大爷",
            id=question_id,
            question=QUESTION[:30],
            why=t("zh", "questions.undelivered_blocked"),
        )
    ]
    assert "屏蔽" in told[0].content


async def test_staff_hear_in_english_when_more_after_the_answer_cannot_be_delivered(
    county: Harness,
) -> None:
    staff = county.user(20001, "李站长")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 20001).values(language="en"))
    question_id = await _forwarded(county)
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    await staff.send(ANSWER)
    await county.delivered()
    # Telegram refuses the next message to the farmer for good (a 400).
    county.server.fail_next(
        "sendMessage", 400, description="Bad Request: user is deactivated", chat_id=10001
    )
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    await staff.send("记得先把焦叶摘掉。")
    await county.delivered()
    key = f"qa-reply:{question_id}:1:20001"
    assert await _status(key) is OutboxStatus.failed
    told = [m for m in staff.messages if m.content.startswith("⚠️")]
    assert len(told) == 1
    assert "could not be delivered" in told[0].content
    assert t("en", "questions.undelivered_failed") in told[0].content
    county.server.take_rejections()


async def test_a_delivered_reply_tells_the_staff_nothing_more(county: Harness) -> None:
    staff = county.user(20001, "李站长")
    question_id = await _forwarded(county)
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    await staff.send(ANSWER)
    await county.delivered()
    assert await _status(f"qa-reply:{question_id}") is OutboxStatus.sent
    assert not [m for m in staff.messages if m.content.startswith("⚠️")]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_staff_hear_when_telegram_no_longer_finds_the_farmers_chat(
    county: Harness, lang: str
) -> None:
    # Sandbox blind test: a new run's server forgot the farmer's chat; the reply went
    # "400 chat not found" and was kept as if the farmer had never opened the bot.
    staff = county.user(20001, "李站长")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 20001).values(language=lang))
    question_id = await _forwarded(county)
    county.server.fail_next(
        "sendMessage", 400, description="Bad Request: chat not found", chat_id=10001
    )
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    await staff.send(ANSWER)
    await county.delivered()
    assert await _status(f"qa-reply:{question_id}") is OutboxStatus.failed
    told = [m for m in staff.messages if m.content.startswith("⚠️")]
    assert len(told) == 1
    assert t(lang, "questions.undelivered_failed") in told[0].content
    county.server.take_rejections()


async def test_a_deleted_account_is_told_as_undeliverable_not_as_a_block(county: Harness) -> None:
    staff = county.user(20001, "李站长")
    question_id = await _forwarded(county)
    county.server.fail_next(
        "sendMessage", 403, description="Forbidden: user is deactivated", chat_id=10001
    )
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    await staff.send(ANSWER)
    await county.delivered()
    assert await _status(f"qa-reply:{question_id}") is OutboxStatus.blocked
    told = [m for m in staff.messages if m.content.startswith("⚠️")]
    assert len(told) == 1
    assert t("zh", "questions.undelivered_failed") in told[0].content
    assert "屏蔽" not in told[0].content
    county.server.take_rejections()
