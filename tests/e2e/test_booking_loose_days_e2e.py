"""Days said the way farmers say them when they are not one date: 月底, 月初, 下个月初, 下礼拜,
过几天, "next week", "end of the month".

Through the local Bot API server. These used to be lost (the day step asked as if nothing
had been said). Now a month's end or start is that day, taken when the station has room
then, or refused with the days that can be booked, as any day beyond the week is; days
said loosely offer the days among them that can be booked. The clock is pinned
(tests/conftest.py) at Wednesday 10 June 2026, 10:00 in Shanghai, or here at Saturday
27 June, three days before the month's end.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.core.clock import PinnedClock, use_clock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

SHANGHAI = ZoneInfo("Asia/Shanghai")
HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米, rounds 08:00-10:00 and 14:00-16:00
MONTH_END_NEAR = datetime(2026, 6, 27, 10, 0, tzinfo=SHANGHAI)
WEEK = [
    "6月10日 周三（今天）",
    "6月11日 周四（明天）",
    "6月12日 周五（后天）",
    "6月13日 周六",
    "6月14日 周日",
    "6月15日 周一",
    "6月16日 周二",
]


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


async def _farmer(harness: Harness) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    return farmer


def _days(farmer: SandboxUser) -> list[str]:
    """The day buttons of the day step (back and cancel left out)."""
    return [b for b in farmer.last.buttons if b not in ("⬅️ 返回", "✖️ 取消", "⬅️ Back", "✖️ Cancel")]


async def test_the_months_end_in_the_week_is_booked(harness: Harness) -> None:
    farmer = await _farmer(harness)
    with use_clock(PinnedClock(MONTH_END_NEAR)):
        asked = await farmer.send("月底上午送两千斤玉米到站里")
        assert asked.last.text == "您的玉米 2000斤（1000公斤），送到哪个服务站？"
        # 月底 is the 30th; with 上午 and one morning round, straight to the summary.
        await farmer.press(asked.last.buttons[0])
        assert "6月30日 周二 08:00-10:00" in farmer.last.text
        await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert booking.day == date(2026, 6, 30)


async def test_next_months_start_typed_at_the_day_step(harness: Harness) -> None:
    farmer = await _farmer(harness)
    with use_clock(PinnedClock(MONTH_END_NEAR)):
        await farmer.send("预约收货")
        await farmer.press("玉米")
        stations = await farmer.send("两千斤")
        await farmer.press(stations.last.buttons[0])
        assert "哪天送过去" in farmer.last.text
        slots = await farmer.send("下个月初")
        assert slots.last.text.startswith("7月1日 周三，选个时间段")
        await farmer.press(slots.last.buttons[0])
        await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert booking.day == date(2026, 7, 1)


async def test_the_months_end_beyond_the_week_is_refused_with_the_days_that_can_be(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("这个月底送两千斤玉米到站里")
    days = await farmer.press(asked.last.buttons[0])
    text = days.edited[-1].text
    assert text.startswith(
        "6月30日 周二还约不了：只能约今天起 7 天内的（到 6月16日 周二）。请从下面选一天"
    )
    assert _days(farmer) == WEEK
    # 月初 typed then is refused the same way; the product and amount are kept.
    again = await farmer.send("月初")
    assert again.last.text.startswith("7月1日 周三还约不了：只能约今天起 7 天内的")
    await farmer.press("6月12日 周五（后天）")
    await farmer.press(farmer.last.buttons[0])
    assert "玉米 2000斤（1000公斤）" in farmer.last.text


async def test_next_week_offers_its_days_that_can_be_booked(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("下礼拜送两千斤玉米到站里")
    days = await farmer.press(asked.last.buttons[0])
    assert days.edited[-1].text.startswith(
        "「下礼拜」现在只能约到 6月16日 周二（只能约今天起 7 天内的），下面是能约的几天，选一个："
    )
    assert _days(farmer) == ["6月15日 周一", "6月16日 周二"]
    slots = await farmer.press("6月15日 周一")
    assert slots.edited[-1].text.startswith("6月15日 周一，选个时间段")


async def test_some_day_soon_asks_which_of_the_days_from_tomorrow(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.press("玉米")
    stations = await farmer.send("两千斤")
    await farmer.press(stations.last.buttons[0])
    asked = await farmer.send("过几天")
    assert asked.last.text.startswith(t("zh", "bookings.span_soon", said="「过几天」"))
    assert _days(farmer) == WEEK[1:]


async def test_loose_days_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    asked = await farmer.send("I want to bring 200 kg of potatoes to the station next week")
    days = await farmer.press(asked.last.buttons[0])
    assert days.edited[-1].text.startswith(
        'For "next week", bookings are open only until Tue Jun 16 (the 7 days from today)'
    )
    assert _days(farmer) == ["Mon Jun 15", "Tue Jun 16"]


async def test_the_end_of_the_month_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    with use_clock(PinnedClock(MONTH_END_NEAR)):
        asked = await farmer.send(
            "I want to bring 200 kg of potatoes to the station at the end of the month"
        )
        # The 30th is three days away: its rounds are offered.
        slots = await farmer.press(asked.last.buttons[0])
        assert slots.edited[-1].text.startswith("Tue Jun 30: choose a time")
