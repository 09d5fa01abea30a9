"""Booking bugs found in a user test: a paused reschedule, a station that does not take
the crop, a far location, small amounts, and questions about the service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, BookingStatus
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

SHOUGUANG = (36.85, 118.75)  # the user test's location, between 圣城 and 文家


async def _english(farmer: SandboxUser) -> None:
    await farmer.send("/language")
    await farmer.press("English")


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


# --- 1. a paused 改时间 does not take over the next booking ------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_paused_reschedule_does_not_hijack_a_new_booking(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await _english(farmer)
    booked = await direct_booking(10001, "SG01", 0)
    mine = "我的预约" if lang == "zh" else "my bookings"
    await farmer.send(mine)
    moving = await farmer.press(t(lang, "bookings.mine.move_button", code=booked.code))
    assert moving.last.text.endswith(t(lang, "bookings.ask_day", station="").strip(": "))
    # The farmer wanders off to the booking list: the reschedule is dropped, said plainly.
    listed = await farmer.send(mine)
    assert listed.texts[0] == t(lang, "bookings.move_left")
    assert booked.code in listed.last.text
    # A new booking from the menu is a new booking, not the old reschedule.
    fresh = await farmer.press(t(lang, "menu.booking"))
    assert fresh.last.text == t(lang, "bookings.ask_product")
    assert t(lang, "bookings.resumed") not in fresh.last.text
    product = await farmer.send("苞谷" if lang == "zh" else "corn")
    assert product.last.text.startswith(
        t(lang, "bookings.ask_quantity", product="玉米" if lang == "zh" else "corn")[:4]
    )
    # The booking that was being moved kept its time.
    [kept] = await _bookings(10001)
    assert (kept.status, kept.slot_id) == (BookingStatus.booked, booked.slot_id)
    assert kept.day == today() + timedelta(days=1)


async def test_a_new_booking_from_the_menu_mid_reschedule_ends_the_reschedule(
    harness: Harness,
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    booked = await direct_booking(10001, "SG01", 0)
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {booked.code}")
    fresh = await farmer.press("🚚 预约收货")
    assert fresh.last.text == t("zh", "bookings.move_left") + "\n" + t("zh", "bookings.ask_product")
    await farmer.send("苞谷")
    assert farmer.last.text.startswith("玉米大概有多少？")
