"""A farmer books a pickup in one sentence, and is promised only the reminders that will come.

Through the local Bot API server (sandbox walk): 我想后天上午送两千斤苞谷到站里 has no
预约 and no 来收, yet it is a booking, and the conversation starts with the product, the
amount and the day filled in. A booking made in the evening for the next day gets no
evening reminder (the confirmation is the reminder), so the confirmation must not promise one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.core.clock import PinnedClock, use_clock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, Slot, Station
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.bookings import reminders as booking_reminders
from tests.e2e.county import SANJIA, load_county, today
from tests.e2e.test_alerts_e2e import sender_of

pytestmark = pytest.mark.e2e

SHANGHAI = ZoneInfo("Asia/Shanghai")
HUALONG = (36.7261, 118.6187)  # 化龙村: the 化龙镇 station takes 玉米 and vegetables
# The pinned clock's day (tests/conftest.py) at 20:30, after the 19:00 reminders went out.
EVENING = datetime(2026, 6, 10, 20, 30, tzinfo=SHANGHAI)


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


async def _farmer(harness: Harness, home: tuple[float, float] | None = None) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if home is not None:
        await farmer.share_location(*home)
    return farmer


async def test_a_farmer_books_in_one_sentence(harness: Harness) -> None:
    farmer = await _farmer(harness, HUALONG)
    # 苞谷 is 玉米 (said as the farmer says it, 苞谷（玉米）); 两千斤 the amount; 后天上午 the
    # day and its morning round.
    asked = await farmer.send("我想后天上午送两千斤苞谷到站里")
    assert asked.last.text == "您的苞谷（玉米） 2000斤（1000公斤），送到哪个服务站？"
    assert "化龙镇村淘服务站" in asked.last.buttons[0]
    # Only the station was missing: the day and the one morning round were said.
    await farmer.press(asked.last.buttons[0])
    summary = farmer.last.text
    assert summary.startswith("请确认您的预约：")
    assert "6月12日 周五（后天） 08:00-10:00" in summary
    assert "苞谷（玉米） 2000斤（1000公斤）" in summary
    assert await _bookings(10001) == []  # nothing is booked before the ✅
    done = await farmer.press("✅ 确认")
    assert done.edited[0].text.startswith("✅ 预约好了！预约号：")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.quantity_kg, booking.quantity_text) == ("玉米", 1000, "2000斤")
    assert booking.day == today() + timedelta(days=2)
    async with session_scope() as session:
        station = await session.get(Station, booking.station_id)
        slot = await session.get(Slot, booking.slot_id)
    assert station is not None and station.external_id == "SG07"
    assert slot is not None and slot.starts.hour < 12


async def test_a_sentence_with_no_home_asks_the_place_then_only_the_round(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("明天想拉三百斤土豆过去")
    assert asked.last.text == t("zh", "bookings.ask_station_place")
    options = await farmer.press("📍 发送我的位置", location=HUALONG)
    assert options.last.text == "您的土豆 300斤（150公斤），送到哪个服务站？"
    await farmer.press(options.last.buttons[0])
    # 明天 said, no part of the day: tomorrow's rounds are offered, not the days.
    assert farmer.last.text.startswith("6月11日 周四（明天），选个时间段")
    await farmer.press(farmer.last.buttons[0])
    assert "土豆 300斤（150公斤）" in farmer.last.text
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.quantity_kg) == ("土豆", 150)
    assert booking.day == today() + timedelta(days=1)


async def test_the_product_said_asks_the_amount_and_a_later_sentence_adds_to_it(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness, SANJIA)
    asked = await farmer.send("约个时间送西红柿")
    assert asked.last.text.startswith("西红柿大概有多少？")
    stations = await farmer.send("两千斤")
    await farmer.press(stations.last.buttons[0])
    assert "哪天送过去" in farmer.last.text
    # At the day step the farmer says it all again: the station chosen is kept.
    summary = await farmer.send("后天上午送两千斤西红柿过去")
    assert summary.last.text.startswith("请确认您的预约：\n🏪 三元朱村蔬菜合作社")
    assert "6月12日 周五（后天） 06:30-08:30" in summary.last.text
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.quantity_kg) == ("西红柿", 1000)


async def test_a_booking_said_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, HUALONG)
    await farmer.send("/language")
    await farmer.press("English")
    asked = await farmer.send("I want to bring 200 kg of potatoes to the station tomorrow morning")
    assert asked.last.text == "Your potato, 200 kg: which station should collect it?"
    await farmer.press(asked.last.buttons[0])
    summary = farmer.last.text
    assert summary.startswith("Please confirm your booking:")
    assert "Thu Jun 11 (tomorrow) 08:00-10:00" in summary and "potato 200 kg" in summary
    done = await farmer.press("✅ Confirm")
    assert done.edited[0].text.startswith("✅ Booked!")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.quantity_kg) == ("土豆", 200)


@pytest.mark.parametrize(
    ("lang", "text", "asked"),
    [
        # Staff busy-day walk: the amount first, then the day and 送 / 能收吗 (答不上来).
        ("zh", "土豆两吨，明天早上送", "您的土豆 2吨（2000公斤），送到哪个服务站？"),
        ("zh", "玉米300斤明天上午能收吗", "您的玉米 300斤（150公斤），送到哪个服务站？"),
        (
            "en",
            "2 tons of potatoes, delivering tomorrow morning",
            "Your potato, 2 t (2000 kg): which station should collect it?",
        ),
    ],
)
async def test_the_amount_first_then_the_day_starts_a_booking(
    harness: Harness, lang: str, text: str, asked: str
) -> None:
    farmer = await _farmer(harness, HUALONG)
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    replies = await farmer.send(text)
    assert replies.last.text == asked


async def test_questions_about_the_service_are_not_booked(harness: Harness) -> None:
    farmer = await _farmer(harness, SANJIA)
    booking_questions = {
        t("zh", "bookings.ask_product"),
        t("zh", "bookings.ask_station_place"),
    }
    for question in ("送货上门收费吗", "快递寄到站里怎么取", "西红柿多少钱", "土豆什么时候种"):
        # The first question loads the word segmenter: slower than a booking step.
        replies = await farmer.send(question, within=30)
        assert replies.last.text not in booking_questions, question
        assert "送到哪个服务站" not in replies.last.text, question
        assert "大概有多少" not in replies.last.text, question
    assert await _bookings(10001) == []


async def _book_by_sentence(farmer: SandboxUser, sentence: str) -> str:
    """Book at the usual station in one sentence; returns the confirmation."""
    asked = await farmer.send(sentence)
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约：")
    done = await farmer.press("✅ 确认")
    return done.edited[0].text


async def _reminders_sent(harness: Harness, farmer: SandboxUser) -> list[str]:
    """Run the evening reminder now; the messages it brought the farmer."""
    seen = len(farmer.messages)
    await harness.app.job_queue.run_once(booking_reminders.reminder_job, 3600).run(harness.app)
    assert await (await sender_of(harness)).drain(5)
    return [m.text for m in farmer.messages[seen:]]


async def test_booked_at_half_past_eight_for_tomorrow_no_reminder_is_promised(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness, SANJIA)
    with use_clock(PinnedClock(EVENING)):
        booked = await _book_by_sentence(farmer, "明天上午送两千斤西红柿到站里")
        # The evening's reminders went out at 19:00: this booking gets none, and is told so.
        assert "6月11日 周四（明天） 06:30-08:30" in booked
        assert "提醒您" not in booked
        assert t("zh", "bookings.booked_reminder.none") in booked
        assert await _reminders_sent(harness, farmer) == []
        # The day after tomorrow still gets its reminder tomorrow evening, as promised.
        later = await _book_by_sentence(farmer, "后天上午送两千斤黄瓜到站里")
        assert t("zh", "bookings.booked_reminder.evening_before", at="19:00") in later


async def test_booked_at_ten_for_tomorrow_the_reminder_is_promised_and_sent(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness, SANJIA)  # the pinned clock: 10:00
    booked = await _book_by_sentence(farmer, "明天上午送两千斤西红柿到站里")
    assert "今天晚上 19:00 我会再提醒您" in booked
    [booking] = await _bookings(10001)
    [reminder] = await _reminders_sent(harness, farmer)
    assert reminder.startswith(f"⏰ 明天收货提醒（预约号 {booking.code}）")


async def test_the_english_confirmation_keeps_its_promise_too(harness: Harness) -> None:
    farmer = await _farmer(harness, SANJIA)
    await farmer.send("/language")
    await farmer.press("English")
    with use_clock(PinnedClock(EVENING)):
        asked = await farmer.send("I want to bring 500 kg of tomatoes to the station tomorrow")
        await farmer.press(asked.last.buttons[0])
        await farmer.press(farmer.last.buttons[0])  # tomorrow's first round
        done = await farmer.press("✅ Confirm")
    booked = done.edited[0].text
    assert "I will remind you" not in booked
    assert t("en", "bookings.booked_reminder.none") in booked
