"""Booking phrases from the blind test, through the local Bot API server: 送站里 without 到
(我有两千来斤玉米明天想送站里), a day and 送货 alone (明天送货), and 一下 before 下周 (帮我约一下
下周三送五百斤西红柿 is next Wednesday, not the one after).

Before: the first two were answered 答不上来; the third booked 下下周三. The clock is pinned
(tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables


async def _farmer(harness: Harness) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    return farmer


@pytest.mark.parametrize(
    "sentence",
    ["我有两千来斤玉米明天想送站里", "两千来斤玉米明天送站里", "我有两千斤玉米明天想送站上"],
)
async def test_to_the_station_without_dao_starts_a_booking(harness: Harness, sentence: str) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send(sentence)
    assert asked.last.text == "您的玉米 2000斤（1000公斤），送到哪个服务站？"
    await farmer.press(asked.last.buttons[0])
    assert "6月11日 周四（明天）" in farmer.last.text


async def test_a_day_and_deliver_asks_what(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我想明天送货")
    assert asked.last.text == t("zh", "bookings.ask_product")


async def test_yixia_before_next_week_is_next_week(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("帮我约一下下周三送五百斤西红柿")
    await farmer.press(asked.last.buttons[0])
    assert "6月17日 周三" in farmer.last.text
    assert "6月24日" not in farmer.last.text


async def test_a_station_named_in_the_sentence_is_taken(harness: Harness) -> None:
    # Its name was dropped: "送到哪个服务站？" listed others, not 圣城 (blind test).
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    asked = await farmer.send("明天上午送五百斤大葱到圣城街道邮政")
    assert asked.last.text.startswith("请确认您的预约：\n🏪 圣城街道邮政便民服务站\n")
    assert "6月11日 周四（明天） 08:00-10:00" in asked.last.text
    # 邮政 alone names several: the station step asks which.
    await farmer.send("✖️ 取消")
    several = await farmer.send("明天上午送五百斤大葱到邮政")
    assert "请确认您的预约" not in several.last.text
