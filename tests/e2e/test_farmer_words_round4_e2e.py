"""A blind tester's round as a farmer in a northwest county, through the local Bot API
server: price alerts in everyday words (洋芋到一块了叫我), keys mashed that must not switch a
Chinese farmer to English, and 后晌 / 前晌 / 晌午 typed at a booking's round step."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from bot.users import get_user
from tests.e2e.test_alert_words_e2e import alerts, market
from tests.e2e.test_booking_typed_e2e import _at_slots, _farmer
from tests.e2e.test_english_e2e import english

pytestmark = pytest.mark.e2e

__all__ = ["english", "market"]  # the fixtures, used by name
FARMER = 10001


async def test_alerts_said_in_everyday_words(market: Harness) -> None:
    farmer = market.user(FARMER, "张大爷")
    made = (await farmer.send("洋芋涨到两块钱给我说一声")).last.text or ""
    assert made.startswith("✅ 订好了！洋芋（土豆）") and "涨到 2.00 元/斤 以上时提醒" in made
    made = (await farmer.send("西红柿跌到两块喊我一声")).last.text or ""
    assert made.startswith("✅ 订好了！西红柿") and "跌到 2.00 元/斤 以下时提醒" in made
    assert await alerts() == [("土豆", "above", 2.0), ("西红柿", "below", 2.0)]
    # A question about the price is answered, not subscribed.
    asked = (await farmer.send("土豆价格过一块了吗")).last.text or ""
    assert "订好了" not in asked
    assert len(await alerts()) == 2


async def test_an_alert_said_in_everyday_english(english: Harness) -> None:
    farmer = english.user(FARMER, "张大爷")
    made = (await farmer.send("give me a shout when tomatoes hit 3 yuan")).last.text or ""
    assert made.startswith("✅ Done! tomato")
    assert "alert when it reaches 3.00 yuan/jin or more" in made


@pytest.mark.parametrize("typed", ["asdkjh qwe", "。。。", "xkcd blorp"])
async def test_keys_mashed_keep_a_chinese_farmer_in_chinese(harness: Harness, typed: str) -> None:
    farmer = harness.user(FARMER, "张大爷")
    await farmer.send("/start")
    replies = await farmer.send(typed)
    assert t("en", "language.followed_menu") not in replies.texts
    async with session_scope() as session:
        user = await get_user(session, FARMER)
        assert user is not None and user.language == "zh"
    # Real English still switches one who never chose.
    replies = await farmer.send("my cow is sick")
    assert t("en", "language.followed_menu") in replies.texts


@pytest.mark.parametrize(("typed", "window"), [("后晌", "14:00-16:00"), ("前晌", "08:00-10:00")])
async def test_a_dialect_part_of_the_day_picks_the_round(
    harness: Harness, typed: str, window: str
) -> None:
    farmer = await _farmer(harness)
    await _at_slots(farmer)
    picked = await farmer.send(typed)
    assert (picked.last.text or "").startswith("请确认您的预约：")
    assert window in (picked.last.text or "")


async def test_noon_takes_the_first_round_after_it(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await _at_slots(farmer)
    picked = await farmer.send("晌午")
    assert t("zh", "bookings.help_step.slot") not in picked.texts
    assert (picked.last.text or "").startswith("请确认您的预约：") and "14:00-16:00" in (
        picked.last.text or ""
    )


async def test_the_evening_in_english_picks_the_afternoon_round(harness: Harness) -> None:
    farmer = await _farmer(harness, "en")
    await _at_slots(farmer, "en")
    picked = await farmer.send("in the evening")
    assert (picked.last.text or "").startswith("Please confirm your booking")
    assert "14:00-16:00" in (picked.last.text or "")
