"""A blind user test in a 湘西 county, through the local Bot API server: 莫给我发价格了
unsubscribes, 后天送不成了 cancels, 涨了喊我一声 sets an alert, praise is chatter, 你们站几点开门
without a station asks where, a farmer's own code shows the booking, a dropped move's stale
✅ says the booking stands, and "English please" at a listing's amount asks it again. The
clock is pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.i18n import t
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables


async def _farmer(harness: Harness, english: bool = False, located: bool = True) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if english:
        await farmer.send("/language")
        await farmer.press("English")
    if located:
        await farmer.share_location(*HUALONG)
    return farmer


async def test_mo_gei_wo_fa_unsubscribes(harness: Harness) -> None:
    farmer = await _farmer(harness)
    said = await farmer.send("莫给我发价格了")
    assert "的价格" not in said.last.content and "提醒" in said.last.content


async def test_stop_sending_me_prices_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, english=True)
    said = await farmer.send("stop sending me the tomato prices")
    assert "alert" in said.last.content.lower()


async def test_a_rise_then_call_me_asks_the_alerts_line(harness: Harness) -> None:
    farmer = await _farmer(harness)
    said = await farmer.send("土豆涨了喊我一声")
    assert "提醒" in said.last.content and "💰" not in said.last.content


async def test_cannot_bring_that_day_cancels_it(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, day=today() + timedelta(days=2), product="玉米")
    asked = await farmer.send("后天送不成了")
    assert asked.last.content.startswith(f"确定要取消预约 {booked.code}")


async def test_cannot_then_another_day_moves_it(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, day=today() + timedelta(days=2), product="玉米")
    moving = await farmer.send("我屋头的包谷后天送不成了，改到大后天")
    assert moving.last.content.startswith(f"改预约 {booked.code}")
    assert "6月13日" in moving.last.content


async def test_praise_is_thanked_never_forwarded(harness: Harness) -> None:
    farmer = await _farmer(harness)
    said = await farmer.send("你们好厉害哦")
    assert said.last.content == t("zh", "kb.chatter.praise")
    english = await _farmer(harness, english=True)
    said = await english.send("you're great")
    assert said.last.content == t("en", "kb.chatter.praise")


async def test_the_station_asked_without_one_asks_where(harness: Harness) -> None:
    farmer = await _farmer(harness, located=False)
    said = await farmer.send("你们站几点开门")
    assert said.last.content == t("zh", "stations.mine_none")


async def test_a_farmers_own_code_shows_it_and_anothers_is_not_found(harness: Harness) -> None:
    farmer = await _farmer(harness)
    mine = await direct_booking(10001, "SG07", 0, product="玉米")
    await harness.user(10002, "李大姐").send("/start")
    other = await direct_booking(10002, "SG07", 0, product="大白菜")
    shown = await farmer.send(mine.code)
    assert mine.code in shown.last.content and "玉米" in shown.last.content
    assert any(mine.code in b for b in shown.last.buttons)
    refused = await farmer.send(other.code)
    assert refused.last.content == t("zh", "bookings.mine.code_not_found", code=other.code)


async def test_a_dropped_moves_stale_confirm_says_the_booking_stands(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, product="玉米")
    moving = await farmer.send("改成后天下午")
    assert "请确认改约" in moving.last.content
    dropped = await farmer.send("后天那个不送了")
    assert booked.code in dropped.last.content
    stale = await farmer.press("✅ 确认")
    said = (stale.answer.text if stale.answer is not None else None) or stale.last.content
    assert "已经取消" in said and booked.code in said and "过期" not in said


async def test_english_please_at_a_listings_amount_asks_it_again(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我要卖玉米")
    assert asked.last.content.startswith("您大概有多少玉米要卖")
    switched = await farmer.send("English please")
    assert switched.last.content.startswith("How much corn do you have to sell")
