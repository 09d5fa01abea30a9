"""Blind testers' words at the booking's steps, through the local Bot API server: amounts
said loosely (一千多斤, 十几吨, 两千来斤, "1000+ jin"), 1 typed where the products are buttons,
and a question typed where the produce or the amount is asked (蓝莓修剪, blueberry pruning).

Before: 一千多斤 was "not understood"; 1 was "没认出「1」"; 蓝莓修剪 at the amount step got
"没看懂这个数量" and "blueberry pruning" at the product step booked blueberries. The clock
is pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables, rounds of 4000 kg


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


async def _farmer(harness: Harness, english: bool = False) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    if english:
        await farmer.send("/language")
        await farmer.press("English")
    return farmer


async def test_more_than_an_amount_asks_which_figure_to_book(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.press("玉米")
    asked = await farmer.send("一千多斤")
    assert asked.last.text == t(
        "zh", "bookings.loose_ask", said="一千多斤", low="1000斤", high="2000斤"
    )
    assert asked.last.button_rows == [["按2000斤预约"], ["按1000斤预约"], ["⬅️ 返回", "✖️ 取消"]]
    stations = await farmer.press("按2000斤预约")
    assert stations.edited[-1].text == "您的玉米 2000斤（1000公斤），送到哪个服务站？"
    # An exact amount typed instead is taken as typed.
    await farmer.send("✖️ 取消")
    again = await farmer.send("我想明天送十几吨玉米到站里")
    assert again.last.text.startswith("您说的是十几吨，按多少预约？")
    exact = await farmer.send("1200斤")
    assert exact.last.text == "您的玉米 1200斤（600公斤），送到哪个服务站？"


async def test_about_an_amount_is_booked_as_it(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我想明天上午送两千来斤玉米到站里")
    assert asked.last.text == "您的玉米 2000斤（1000公斤），送到哪个服务站？"
    await farmer.press(asked.last.buttons[0])
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert (booking.quantity_kg, booking.quantity_text) == (1000, "2000斤")


async def test_more_than_an_amount_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, english=True)
    await farmer.send("book a pickup")
    await farmer.press("corn")
    asked = await farmer.send("1000+ jin")
    assert asked.last.text == t(
        "en", "bookings.loose_ask", said="1000+ jin", low="1000 jin", high="2000 jin"
    )
    assert asked.last.button_rows == [
        ["Book 2000 jin"],
        ["Book 1000 jin"],
        ["⬅️ Back", "✖️ Cancel"],
    ]


async def test_a_number_typed_at_the_product_step_picks_that_button(harness: Harness) -> None:
    farmer = await _farmer(harness)
    shown = await farmer.send("预约收货")
    first = shown.last.buttons[0]
    picked = await farmer.send("1")
    assert picked.last.text.startswith(f"{first}大概有多少")
    await farmer.send("✖️ 取消")
    await farmer.send("预约收货")
    past = await farmer.send("12")
    assert past.last.text.startswith(t("zh", "bookings.product_numbers", count=8))


async def test_a_number_typed_at_the_product_step_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, english=True)
    shown = await farmer.send("book a pickup")
    picked = await farmer.send("the second one")
    assert picked.last.text.startswith(f"About how much {shown.last.buttons[1]} do you have?")


async def test_a_question_at_the_amount_or_product_step_is_answered(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.press("玉米")
    # The base has nothing on it: still a question, not "没看懂这个数量".
    asked = await farmer.send("蓝莓修剪")
    assert asked.texts[0] == t("zh", "bookings.left")
    assert t("zh", "bookings.bad_quantity") not in asked.texts
    resumed = await farmer.send("🚚 预约收货")
    assert resumed.last.text.startswith(t("zh", "bookings.resumed") + "\n玉米大概有多少")
    await farmer.send("✖️ 取消")
    await farmer.send("预约收货")
    question = await farmer.send("蓝莓咋修剪")
    assert question.texts[0] == t("zh", "bookings.left")
    assert await _bookings(10001) == []


async def test_a_question_at_the_product_step_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, english=True)
    await farmer.send("book a pickup")
    asked = await farmer.send("blueberry pruning")
    assert asked.texts[0] == t("en", "bookings.left")
    assert not [text for text in asked.texts if "blueberr" in text and "how much" in text]
    await farmer.send("book a pickup")
    await farmer.press("corn")
    again = await farmer.send("blueberry pruning?")
    assert again.texts[0] == t("en", "bookings.left")
    assert t("en", "bookings.bad_quantity") not in again.texts
