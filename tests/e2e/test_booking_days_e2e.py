"""A booking's day said in words: in the first sentence, typed at the day step, out of reach."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.db import session_scope
from bot.models.stations import Slot
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import stored_bookings
from tests.e2e.county import SANJIA, load_county, today

pytestmark = pytest.mark.e2e


async def test_one_sentence_booking_with_the_day_said(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("预约明天来收800斤黄瓜")
    assert replies.last.text == "您的黄瓜 800斤（400公斤），送到哪个服务站？"
    # 明天 was said: the day step is skipped, the rounds of tomorrow are offered.
    await farmer.press(replies.last.buttons[0])
    assert farmer.last.text.startswith("6月11日 周四（明天），选个时间段")
    await farmer.press(farmer.last.buttons[0])
    await farmer.press("✅ 确认")
    [booking] = await stored_bookings(10001)
    assert (booking.product, booking.day) == ("黄瓜", today() + timedelta(days=1))


async def _at_the_day_step(harness: Harness) -> SandboxUser:
    """张大爷 booking 800斤 of cucumbers, the station picked: the day step asked."""
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("预约来收800斤黄瓜")
    await farmer.press(replies.last.buttons[0])  # the station
    assert "哪天送过去" in farmer.last.text
    return farmer


@pytest.mark.parametrize(("typed", "days"), [("后天", 2), ("后天上午", 2), ("明天", 1)])
async def test_a_day_typed_at_the_day_step_is_taken(
    harness: Harness, typed: str, days: int
) -> None:
    # The day step took only its buttons: 后天上午 typed got "请点上面的按钮" (sandbox walk).
    farmer = await _at_the_day_step(harness)
    await farmer.send(typed)
    label = "明天" if days == 1 else "后天"
    assert f"（{label}）" in farmer.last.text
    if "上午" not in typed:  # the day's rounds; 后天上午 names its one morning round
        assert "时间段" in farmer.last.text
        await farmer.press(farmer.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约")
    await farmer.press("✅ 确认")
    [booking] = await stored_bookings(10001)
    assert booking.day == today() + timedelta(days=days)


async def test_words_that_name_no_day_at_the_day_step_ask_again(harness: Harness) -> None:
    farmer = await _at_the_day_step(harness)
    again = await farmer.send("随便")
    assert "哪天送过去" in again.last.text
    assert await stored_bookings(10001) == []


async def test_one_sentence_booking_with_day_and_round(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("后天下午来收两千斤西红柿")
    await farmer.press(replies.last.buttons[0])
    # 后天下午: the day and the afternoon round are both taken, straight to the summary.
    assert farmer.last.text.startswith("请确认您的预约：")
    assert "6月12日" in farmer.last.text
    await farmer.press("✅ 确认")
    [booking] = await stored_bookings(10001)
    assert booking.day == today() + timedelta(days=2)
    async with session_scope() as session:
        slot = await session.get(Slot, booking.slot_id)
    assert slot is not None and slot.starts.hour >= 12


async def test_a_day_the_station_cannot_take_is_said(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("预约12月8号来收800斤黄瓜")
    await farmer.press(replies.last.buttons[0])
    assert farmer.last.text.startswith("12月8日")
    assert (
        "还约不了：只能约今天起 7 天内的" in farmer.last.text and "哪天送过去？" in farmer.last.text
    )
