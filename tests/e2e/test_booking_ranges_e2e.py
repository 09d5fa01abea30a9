"""An amount estimated as a range (3-5吨, 两三千斤, 4、5百斤, "3 to 5 tonnes") is asked about.

Through the local Bot API server. Such an amount used to be booked as its larger figure
without a word (3-5吨), or not understood at all (两三千斤, 4、5百斤). Now the amount step
asks which figure to book, the larger one first with why (the station keeps room for the
amount booked), and the farmer may press either or type an exact amount. The clock is
pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables, rounds of 4000 kg


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


async def test_a_range_in_one_sentence_asks_which_figure_and_books_the_one_pressed(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我想后天上午送两三千斤苞谷到站里")
    assert asked.last.text == t("zh", "bookings.range_ask", low="2000斤", high="3000斤")
    assert "按3000斤约，送3000斤也收得下" in asked.last.text
    # The larger figure first: the one the station must keep room for.
    assert asked.last.button_rows == [["按3000斤预约"], ["按2000斤预约"], ["⬅️ 返回", "✖️ 取消"]]
    assert await _bookings(10001) == []
    stations = await farmer.press("按3000斤预约")
    # The word said, then the product (said-word).
    assert stations.edited[-1].text == "您的苞谷（玉米） 3000斤（1500公斤），送到哪个服务站？"
    # The day and morning said in the sentence still hold: straight to the summary.
    await farmer.press(stations.edited[-1].buttons[0])
    summary = farmer.last.text
    assert "6月12日 周五（后天） 08:00-10:00" in summary
    assert "苞谷（玉米） 3000斤（1500公斤）" in summary
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert (booking.quantity_kg, booking.quantity_text) == (1500, "3000斤")
    assert booking.day == today() + timedelta(days=2)


async def test_the_smaller_figure_pressed_is_the_one_booked(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.press("玉米")
    asked = await farmer.send("4、5百斤")
    assert asked.last.text == t("zh", "bookings.range_ask", low="400斤", high="500斤")
    stations = await farmer.press("按400斤预约")
    assert stations.edited[-1].text == "您的玉米 400斤（200公斤），送到哪个服务站？"
    await farmer.press(stations.edited[-1].buttons[0])
    await farmer.press("6月11日 周四（明天）")
    await farmer.press(farmer.last.buttons[0])
    assert "玉米 400斤（200公斤）" in farmer.last.text
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert (booking.quantity_kg, booking.quantity_text) == (200, "400斤")


async def test_an_exact_amount_typed_instead_of_a_button_is_taken(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.press("玉米")
    asked = await farmer.send("三到五吨")
    assert asked.last.button_rows[:2] == [["按5吨预约"], ["按3吨预约"]]
    stations = await farmer.send("3.5吨")
    assert stations.last.text == "您的玉米 3.5吨（3500公斤），送到哪个服务站？"
    # The range is forgotten once an amount is chosen: back to the amount asks afresh.
    back = await farmer.press("⬅️ 返回")
    assert back.edited[-1].text.startswith("玉米大概有多少？")


async def test_a_range_typed_with_the_product_asks_at_the_amount_step(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    asked = await farmer.send("3-5吨玉米")
    assert asked.last.text.startswith("您说的是3吨到5吨，按多少预约？")
    # 5 t is more than one of this station's rounds takes: said once the station is chosen.
    stations = await farmer.press("按5吨预约")
    told = await farmer.press(stations.edited[-1].buttons[0])
    assert "您的玉米 5吨（5000公斤）比一个时段能收的还多" in told.edited[-1].text


async def test_a_range_said_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    asked = await farmer.send("I want to bring 3 to 5 tonnes of potatoes to the station tomorrow")
    assert asked.last.text == t("en", "bookings.range_ask", low="3 t", high="5 t")
    assert asked.last.button_rows == [["Book 5 t"], ["Book 3 t"], ["⬅️ Back", "✖️ Cancel"]]
    stations = await farmer.press("Book 3 t")
    assert (
        stations.edited[-1].text == "Your potato, 3 t (3000 kg): which station should collect it?"
    )
    await farmer.press(stations.edited[-1].buttons[0])
    await farmer.press(farmer.last.buttons[0])  # tomorrow's first round
    assert "potato 3 t (3000 kg)" in farmer.last.text
    await farmer.press("✅ Confirm")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.quantity_kg, booking.quantity_text) == ("土豆", 3000, "3吨")
