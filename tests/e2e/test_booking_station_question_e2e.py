"""Where the stations are, asked at the booking's station step (服务站在哪, where is the station).

Through the local Bot API server. Such a question used to be looked up as a place name
(没找到「服务站在哪」这个地方). Now it is answered with the nearest stations that take the
product, their addresses and hours, above the step's own buttons; or, with the farmer's
place unknown, the step asks for it. Either way the booking stays at the station step.
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

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 (化龙镇村淘服务站) takes 玉米
ASK_STATION = "您的玉米 2000斤（1000公斤），送到哪个服务站？"


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        return list(await session.scalars(select(Booking).where(Booking.farmer_id == farmer_id)))


async def _at_station_step(harness: Harness, home: bool = True) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if home:
        await farmer.share_location(*HUALONG)
    await farmer.send("预约收货")
    # Typed: without a home the buttons are what the county's stations take most (vegetables).
    await farmer.send("玉米")
    await farmer.send("两千斤")
    return farmer


@pytest.mark.parametrize("question", ["服务站在哪", "最近的站在哪", "附近有啥站", "服务站电话多少"])
async def test_the_nearest_stations_are_shown_and_the_step_goes_on(
    harness: Harness, question: str
) -> None:
    farmer = await _at_station_step(harness)
    assert farmer.last.text == ASK_STATION
    answer = await farmer.send(question)
    text = answer.last.text
    assert "没找到" not in text and "预约先放一放" not in text
    assert text.startswith("离您最近、收玉米的服务站：")
    assert "化龙镇村淘服务站" in text and "寿光市化龙镇化龙村委会西侧" in text
    assert "0536-5000107" in text
    # The step's own question and buttons, below: the booking carries on.
    assert text.endswith(ASK_STATION)
    assert answer.last.buttons[0].startswith("⭐ 化龙镇村淘服务站")
    await farmer.press(answer.last.buttons[0])
    assert farmer.last.text.startswith("化龙镇村淘服务站：哪天送过去？")


async def test_with_no_place_known_the_step_asks_where_the_farmer_is(harness: Harness) -> None:
    farmer = await _at_station_step(harness, home=False)
    assert farmer.last.text == t("zh", "bookings.ask_station_place")
    answer = await farmer.send("最近的服务站在哪")
    assert answer.last.text == t("zh", "bookings.ask_station_place")
    assert "📍 发送我的位置" in farmer.keyboard
    stations = await farmer.press("📍 发送我的位置", location=HUALONG)
    assert stations.last.text == ASK_STATION


async def test_a_station_question_naming_a_place_looks_there(harness: Harness) -> None:
    farmer = await _at_station_step(harness, home=False)
    answer = await farmer.send("稻田镇的服务站在哪")
    assert t("zh", "stations.place_remembered", place="稻田镇") in answer.texts
    assert answer.last.text == ASK_STATION
    assert "稻田镇村淘服务站" in answer.last.buttons[0]


async def test_where_is_the_station_in_english(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("/language")
    await farmer.press("English")
    await farmer.share_location(*HUALONG)
    asked = await farmer.send("I want to bring 200 kg of potatoes to the station tomorrow")
    assert asked.last.text == "Your potato, 200 kg: which station should collect it?"
    answer = await farmer.send("where is the station")
    text = answer.last.text
    assert text.startswith("Stations nearest to you that take potato:")
    assert "0536-5000107" in text
    assert text.endswith("Your potato, 200 kg: which station should collect it?")
    await farmer.press(answer.last.buttons[0])
    assert farmer.last.text.startswith("Thu Jun 11 (tomorrow): choose a time")
    assert await _bookings(10001) == []
