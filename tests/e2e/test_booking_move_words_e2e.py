"""A farmer moves a booking by typing it (改到后天, 改成明天下午, "move it to Friday afternoon").

Through the local Bot API server. Right after booking, 改到后天 used to be taken for a
knowledge question and answered 答不上来 (the routing keeps 改 to the base on purpose: 打药
改到后天 moves a spraying). Now, with exactly one booking to come, it starts that booking's
改时间 with the day filled in; with several it asks which one (the produce named picks
one); with none it is the question it always was. The clock is pinned (tests/conftest.py):
Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, Slot
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables, 08:00 and 14:00 rounds


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


async def _starts_at(booking: Booking) -> int:
    async with session_scope() as session:
        slot = await session.get(Slot, booking.slot_id)
        assert slot is not None
        return slot.starts.hour


async def _farmer(harness: Harness, user_id: int = 10001) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(user_id, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    return farmer


async def _book(farmer: SandboxUser, sentence: str) -> str:
    """Book at the usual station in one sentence; returns the booking code."""
    asked = await farmer.send(sentence)
    await farmer.press(asked.last.buttons[0])
    done = await farmer.press("✅ 确认")
    booked = done.edited[-1].text
    assert booked.startswith("✅ 预约好了！预约号：")
    return booked.split("预约号：")[1].split()[0]


async def test_one_booking_is_moved_to_the_day_typed(harness: Harness) -> None:
    farmer = await _farmer(harness)
    code = await _book(farmer, "我想明天上午送两千斤玉米到站里")
    moving = await farmer.send("改到后天")
    text = moving.last.text
    assert text.startswith(
        f"改预约 {code}：现在是 6月11日 周四（明天） 08:00-10:00，化龙镇村淘服务站，"
        "玉米 2000斤（1000公斤）。\n6月12日 周五（后天），选个时间段："
    )
    await farmer.press(moving.last.buttons[1])  # 14:00-16:00
    assert farmer.last.text.startswith(f"请确认改约（预约号 {code}）")
    done = await farmer.press("✅ 确认")
    assert done.edited[-1].text.startswith(f"✅ 改好了！预约号 {code} 改到 6月12日 周五（后天）")
    [booking] = await _bookings(10001)
    assert booking.day == today() + timedelta(days=2) and await _starts_at(booking) == 14


async def test_a_day_and_part_of_the_day_go_straight_to_the_confirmation(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    code = await _book(farmer, "我想后天上午送两千斤玉米到站里")
    moving = await farmer.send("改成明天下午")
    assert moving.last.text.startswith(f"改预约 {code}：")
    assert f"请确认改约（预约号 {code}）" in moving.last.text
    assert "改到 6月11日 周四（明天） 14:00-16:00" in moving.last.text
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert booking.day == today() + timedelta(days=1) and await _starts_at(booking) == 14
    # 改到上午 then: the morning of the day it is on now.
    again = await farmer.send("能不能改到上午")
    assert "改到 6月11日 周四（明天） 08:00-10:00" in again.last.text


async def test_several_bookings_ask_which_one(harness: Harness) -> None:
    farmer = await _farmer(harness)
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    tomato = await direct_booking(10001, "SG07", 1, product="西红柿")
    asked = await farmer.send("改到后天")
    assert asked.last.text == t("zh", "bookings.move_which", count=2)
    assert asked.last.buttons == [
        f"🕘 {corn.code} · 6月11日 周四（明天） 08:00 · 玉米",
        f"🕘 {tomato.code} · 6月11日 周四（明天） 14:00 · 西红柿",
    ]
    moving = await farmer.press(asked.last.buttons[1])
    assert moving.last.text.startswith(f"改预约 {tomato.code}：")
    assert "6月12日 周五（后天），选个时间段：" in moving.last.text
    await farmer.press("✖️ 取消")
    # Called off: the booking keeps its time, and is not said to be gone.
    assert farmer.last.text == t("zh", "bookings.move_cancelled", code=tomato.code)
    assert {b.day for b in await _bookings(10001)} == {today() + timedelta(days=1)}
    # The produce named says which one.
    named = await farmer.send("西红柿那个改到周五上午")
    assert named.last.text.startswith(f"改预约 {tomato.code}：")
    assert "改到 6月12日 周五（后天） 08:00-10:00" in named.last.text


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_with_no_booking_it_says_there_is_none_to_move(harness: Harness, lang: str) -> None:
    """Sandbox walk: 改到后天 with nothing booked got 答不上来 and the offer to forward it."""
    farmer = await _farmer(harness)
    if lang == "en":
        await farmer.send("English please")
    replies = await farmer.send("改到后天" if lang == "zh" else "move it to friday")
    assert replies.texts == [t(lang, "bookings.mine.move_none")]
    # Words beside the move that are about something else are never a move.
    await direct_booking(10001, "SG07", 0, product="玉米")
    sprayed = await farmer.send("下雨了打药改到后天")
    assert not sprayed.last.text.startswith("改预约")


async def test_typed_during_a_booking_it_is_that_bookings_day(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await direct_booking(10001, "SG07", 0, product="玉米")
    asked = await farmer.send("我想明天上午送两千斤西红柿到站里")
    await farmer.press(asked.last.buttons[0])
    assert "6月11日 周四（明天） 08:00-10:00" in farmer.last.text
    # At the confirmation, the day typed replaces the one chosen; the booking already
    # made is not touched.
    changed = await farmer.send("改到后天上午")
    assert changed.last.text.startswith("请确认您的预约：")
    assert "6月12日 周五（后天） 08:00-10:00" in changed.last.text
    await farmer.press("✅ 确认")
    days = sorted(b.day for b in await _bookings(10001))
    assert days == [today() + timedelta(days=1), today() + timedelta(days=2)]


async def test_a_move_typed_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    booking = await direct_booking(10001, "SG07", 0, product="玉米")
    moving = await farmer.send("can you move my pickup to Friday afternoon")
    text = moving.last.text
    assert text.startswith(f"Moving booking {booking.code}: now Thu Jun 11 (tomorrow) 08:00-10:00")
    assert "Fri Jun 12 (day after tomorrow) 14:00-16:00" in text
    await farmer.press("✅ Confirm")
    [moved] = await _bookings(10001)
    assert moved.day == today() + timedelta(days=2) and await _starts_at(moved) == 14


async def test_a_shift_counts_from_the_day_booked(harness: Harness) -> None:
    # 推迟两天 right after booking was answered 答不上来 (blind test): it moves the booking two
    # days on from its day (tomorrow, Thursday: Saturday); 提前一天 one day back from there.
    farmer = await _farmer(harness)
    code = await _book(farmer, "我想明天上午送两千斤玉米到站里")
    later = await farmer.send("推迟两天")
    assert later.last.text.startswith(f"改预约 {code}：现在是 6月11日 周四（明天） 08:00-10:00")
    assert "\n6月13日 周六，选个时间段：" in later.last.text
    await farmer.press("✖️ 取消")
    pushed = await farmer.send("往后推两天")
    assert "\n6月13日 周六，选个时间段：" in pushed.last.text
    # At the move's day step, 提前一天 counts from the day shown (Saturday): Friday.
    earlier = await farmer.send("提前一天")
    assert earlier.last.text.startswith("6月12日 周五（后天），选个时间段：")
    await farmer.press("✖️ 取消")
    [booking] = await _bookings(10001)
    assert booking.day == today() + timedelta(days=1)  # called off: not moved


async def test_a_shift_said_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    booking = await direct_booking(10001, "SG07", 0, product="玉米")
    moving = await farmer.send("push it back two days")
    assert moving.last.text.startswith(f"Moving booking {booking.code}: now Thu Jun 11 (tomorrow)")
    assert "Sat Jun 13" in moving.last.text
    await farmer.press(moving.last.buttons[0])
    await farmer.press("✅ Confirm")
    [moved] = await _bookings(10001)
    assert moved.day == today() + timedelta(days=3)


async def test_a_day_typed_before_the_day_step_is_said_to_be_kept(harness: Harness) -> None:
    # 改到后天 typed at the product, amount or station step kept the day silently (blind test).
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    at_amount = await farmer.press("玉米")
    assert at_amount.edited[0].text.startswith("玉米大概有多少")
    noted = await farmer.send("改到后天")
    assert noted.last.text.startswith(
        t("zh", "bookings.day_noted", date="6月12日 周五（后天）") + "\n玉米大概有多少"
    )
    stations = await farmer.send("两千斤")
    rounds = await farmer.press(stations.last.buttons[0])
    assert rounds.edited[0].text.startswith("6月12日 周五（后天），选个时间段")
    # 推迟两天 with no day chosen yet has nothing to count from: said so.
    await farmer.send("✖️ 取消")
    await farmer.send("预约收货")
    unknown = await farmer.send("推迟两天")
    assert unknown.last.text.startswith(t("zh", "bookings.shift_no_day"))


async def test_a_day_typed_before_the_day_step_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    await farmer.send("book a pickup")
    noted = await farmer.send("move it to the day after tomorrow")
    assert noted.last.text.startswith(
        "OK, the day is noted: Fri Jun 12 (day after tomorrow). Once this step is done"
    )
    assert "What do you want to sell?" in noted.last.text
