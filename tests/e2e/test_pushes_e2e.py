"""One push path: staff replies, forwarded questions and offer notices go through the outbox.

Each is a row written with its cause, under a key derived from that cause, and
delivered by the sender: once, even when the update that caused it is handled
twice, and after a restart when the sender was down as it was queued.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Update
from telegram.ext import TypeHandler

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from bot.telegram.sender import running_sender, start_delivery, stop_delivery
from tests.e2e.questions_util import farmer_and_staff
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

QUESTION = "大棚草莓叶子边缘焦枯是什么原因"
ANSWER = "多半是缺钾，叶面喷磷酸二氢钾。"


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Farmer 张大爷 (10001) of station 1 near Beijing, its staff member 李站长 (20001),
    markets with prices; every update the bot handles is kept in `harness.seen`."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await seed_markets(session, today)
        farmer = await farmer_and_staff(session)
        farmer.home_lat, farmer.home_lon = 39.9, 116.4
    seen: list[Update] = []

    async def keep(update: Update, context: Any) -> None:
        seen.append(update)

    # Group -5: before every handler, even the per-user throttle (-2) and the
    # visitor's (-1); claims nothing.
    harness.app.add_handler(TypeHandler(Update, keep), group=-5)
    harness.seen = seen  # type: ignore[attr-defined]
    return harness


async def rows(key_prefix: str) -> list[OutboxMessage]:
    async with session_scope() as session:
        return list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.startswith(key_prefix))
                .order_by(OutboxMessage.id)
            )
        )


async def handle_again(harness: Harness, update: Update) -> None:
    """The same update reaches the handlers a second time (a redelivery after a crash)."""
    await harness.app.update_queue.put(update)
    await harness.app.update_queue.join()
    await harness.delivered()
    # A button press redelivered is too old to answer: Telegram refuses the
    # answer and the handler's error is reported, as in production.
    harness.server.take_rejections()
    harness.take_errors()


def containing(messages: list[Message], text: str) -> list[Message]:
    return [m for m in messages if text in m.content]


async def forwarded_question(harness: Harness) -> int:
    """The farmer asks what nobody can answer and sends it to the station; its id."""
    farmer = harness.user(10001, "张大爷")
    offer = (await farmer.send(QUESTION)).last
    # Its knowledge base speaks of 西红柿, not of 玉米: the hint's example is a 西红柿 one.
    assert offer.text == t("zh", "kb.declined", ex_spots="西红柿叶子上有斑点")
    question_id = int(offer.callback_data[0].removeprefix("kb:fw:"))
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    return question_id


async def test_a_forwarded_question_reaches_staff_through_the_outbox_once(
    county: Harness,
) -> None:
    staff = county.user(20001, "李站长")
    question_id = await forwarded_question(county)
    (row,) = await rows("qa-forward:")
    assert row.key == f"qa-forward:{question_id}:20001" and row.chat_id == 20001
    assert row.status is OutboxStatus.sent and row.source == "question"
    assert row.markup is not None
    assert json.loads(row.markup)["inline_keyboard"][0][0]["callback_data"] == (
        f"qa:re:{question_id}"
    )
    (notice,) = containing(staff.messages, QUESTION)
    assert notice.callback_data == [f"qa:re:{question_id}"]
    # The farmer's press handled a second time: nobody is told twice.
    await handle_again(county, county.seen[-1])  # type: ignore[attr-defined]
    assert len(containing(staff.messages, QUESTION)) == 1
    assert len(await rows("qa-forward:")) == 1


async def test_a_forwarded_photo_goes_through_the_outbox_as_a_photo(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    await farmer.send_photo(caption="辣椒叶子上这是什么病")
    await farmer.press(t("zh", "kb.ask_station_button"))
    (row,) = await rows("qa-forward:")
    assert row.photo and row.status is OutboxStatus.sent
    notice = staff.last
    assert notice.kind == "photo" and "辣椒叶子" in (notice.caption or "")


async def test_a_staff_reply_reaches_the_farmer_through_the_outbox_once(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    question_id = await forwarded_question(county)
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    done = await staff.send(ANSWER)
    assert done.last.text == t("zh", "questions.reply_sent")
    (row,) = await rows("qa-reply:")
    assert row.key == f"qa-reply:{question_id}" and row.chat_id == 10001
    assert row.status is OutboxStatus.sent
    assert len(containing(farmer.messages, ANSWER)) == 1
    # The staff member's answer handled a second time: the farmer hears it once.
    typed = county.seen[-1]  # type: ignore[attr-defined]
    assert typed.message is not None and typed.message.text == ANSWER
    await handle_again(county, typed)
    assert len(containing(farmer.messages, ANSWER)) == 1
    assert len(await rows("qa-reply:")) == 1


@pytest.mark.both_databases
async def test_an_offer_notice_queued_while_the_sender_is_down_arrives_after_a_restart(
    county: Harness,
) -> None:
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    draft = await farmer.send("我有两千斤玉米要卖，一块二一斤")
    await farmer.press("✅ 确认登记", message=draft.last)
    listed = await staff.send("/offers")
    offer_id = int(listed.last.callback_data[0].rsplit(":", 1)[-1])
    # The bot stops delivering (as in a crash before its sender ran)...
    await stop_delivery(county.app)
    assert running_sender(county.app) is None
    seen = len(farmer.messages)
    asked = await staff.press(listed.last.buttons[0])  # 已对接 asks first
    matched = await staff.press(t("zh", "offers.confirm_match"), message=asked.last)
    assert "已通知农户" in matched.last.text
    (row,) = await rows("offer-matched:")
    assert row.key.startswith(f"offer-matched:{offer_id}:") and row.chat_id == 10001
    assert row.status is OutboxStatus.queued
    assert len(farmer.messages) == seen  # nothing went out while the sender was down
    # ... and starts again: the notice queued with the match is delivered, once.
    await start_delivery(county.app, county.app.bot_data["settings"])
    await county.delivered()
    notices = containing(farmer.messages, "好消息！服务站已经为您的玉米 2000斤 找到了买家")
    assert len(notices) == 1
    (row,) = await rows("offer-matched:")
    assert row.status is OutboxStatus.sent
    # The press handled a second time: refused as already matched, not told twice.
    await handle_again(county, county.seen[-1])  # type: ignore[attr-defined]
    assert len(containing(farmer.messages, "找到了买家")) == 1
    assert len(await rows("offer-matched:")) == 1
