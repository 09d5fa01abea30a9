"""A farmer's own bookings: moved, cancelled by button or in plain words; forged presses refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus, Slot
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import day_code, stored_bookings
from tests.e2e.county import direct_booking, load_county, slot_ids, today

pytestmark = pytest.mark.e2e


async def test_my_bookings_reschedule_and_cancel(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    first = await direct_booking(10001, "SG01", 0)
    second = await direct_booking(10001, "SG01", 1)
    listing = await farmer.send("我的预约")
    assert listing.last.text.startswith("您的预约：")
    assert first.code in listing.last.text and second.code in listing.last.text
    # Reschedule the first to the day after tomorrow, afternoon.
    await farmer.press(f"🕘 改时间 {first.code}")
    assert farmer.last.text == "圣城街道邮政便民服务站：哪天送过去？"
    later = today() + timedelta(days=2)
    await farmer.press(f"bk:d:{day_code(later)}")
    await farmer.press(farmer.last.buttons[1])
    assert farmer.last.text.startswith(f"请确认改约（预约号 {first.code}）")
    moved = await farmer.press("✅ 确认")
    [changed] = moved.edited
    assert changed.text.startswith(f"✅ 改好了！预约号 {first.code} 改到")
    # Cancel the second, after a confirmation.
    await farmer.send("我的预约")
    await farmer.press(f"✖️ 取消 {second.code}")
    assert farmer.last.text.startswith(f"确定要取消预约 {second.code}")
    await farmer.press("不取消")
    assert farmer.last.text == t("zh", "bookings.mine.kept")
    await farmer.send("我的预约")
    await farmer.press(f"✖️ 取消 {second.code}")
    await farmer.press("是，取消预约")
    assert farmer.last.text == t("zh", "bookings.mine.cancelled", code=second.code)
    a, b = await stored_bookings(10001)
    assert (a.day, a.status) == (later, BookingStatus.booked)
    assert b.status is BookingStatus.cancelled
    # Cancelling it again (an old button) is refused and changes nothing.
    again = await farmer.press_data(f"bk:cy:{second.id}")
    gone = t("zh", "bookings.refused.state.cancelled")  # said as it stands: cancelled
    assert again.answer is not None and again.answer.text == gone


@pytest.mark.parametrize("words", ["取消", "不去了", "预约不要了", "/cancel"])
async def test_calling_a_pickup_off_in_plain_words_shows_the_bookings_to_cancel(
    harness: Harness, words: str
) -> None:
    # Outside any conversation, a farmer with a coming booking who says 不去了 means it
    # (sandbox walk: 取消 said "nothing to cancel", 预约不要了 started a new booking).
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    booking = await direct_booking(10001, "SG01", 0)
    replies = await farmer.send(words)
    assert booking.code in replies.last.text
    # Names the booking, or calls the trip off (不去了, as 不送了): its one booking's "确定要取消…吗？".
    if words in ("预约不要了", "不去了"):
        assert replies.last.text.startswith(f"确定要取消预约 {booking.code}")
        assert replies.last.buttons == ["是，取消预约", "不取消"]
    else:
        assert replies.texts[0] == t("zh", "cancel.which_booking")
        assert f"✖️ 取消 {booking.code}" in replies.last.buttons
    [still] = await stored_bookings(10001)
    assert still.status is BookingStatus.booked  # nothing cancelled without the button


async def test_cancel_words_with_no_booking_say_there_is_nothing_to_cancel(
    harness: Harness,
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    assert (await farmer.send("不去了")).last.text == t("zh", "cancel.nothing")


@pytest.mark.both_databases
async def test_forged_callbacks_are_refused_and_change_nothing(harness: Harness) -> None:
    await load_county(harness)
    owner = harness.user(10001, "张大爷")
    await owner.send("/start")
    other = harness.user(10002, "王二")
    await other.send("/start")
    theirs = await direct_booking(10001, "SG01", 0, day=today())
    slot = (await slot_ids("SG01"))[1]
    day = day_code(today() + timedelta(days=1))
    refusals = {
        f"bk:cx:{theirs.id}": "bookings.refused.not_yours",
        f"bk:cy:{theirs.id}": "bookings.refused.not_yours",
        f"bk:mv:{theirs.id}": "bookings.refused.not_yours",
        f"bk:cl:{theirs.id}": "bookings.refused.not_staff",
        f"bk:ce:{theirs.id}": "bookings.refused.not_staff",
        f"bk:ns:{theirs.id}": "bookings.refused.not_staff",
        f"bk:cs:{slot}:{day}": "bookings.refused.not_staff",
        f"bk:cz:{slot}:{day}:rain": "bookings.refused.not_staff",
        "bk:cy:99999999": "bookings.refused.not_found",
        "bk:cy:abc": "fallback.unknown_button",
        "bk:cy:2147483648": "fallback.unknown_button",  # past the integer keys
        "bk:cz:1:20991301:rain": "fallback.unknown_button",
        "bk:new:77777": "fallback.unknown_button",
    }
    for data, key in refusals.items():
        replies = await other.press_data(data)
        assert replies.answer is not None and replies.answer.text == t("zh", key), data
        assert replies.answer.show_alert
    [booking] = await stored_bookings()
    assert booking.status is BookingStatus.booked and booking.slot_id == theirs.slot_id
    async with session_scope() as session:
        closed = await session.scalar(select(Slot).where(Slot.id == slot))
    assert closed is not None and closed.active
    assert owner.messages[-1].text.startswith("张大爷您好")  # the owner was not bothered
