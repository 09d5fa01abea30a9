"""A booking's produce shows its own icon (blind walk, 施甸: cattle were shown with 🥬): 🐄 for
牛肉 on the confirmation, the booking made and the farmer's list; 🥬 for vegetables still."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import tomorrow_data
from tests.e2e.county import load_county
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)


@pytest.mark.parametrize(
    ("lang", "product", "icon"),
    [("zh", "牛肉", "🐄"), ("en", "beef", "🐄"), ("zh", "猪肉", "🐖"), ("zh", "玉米", "🥬")],
)
async def test_a_booking_shows_the_animal(
    harness: Harness, lang: str, product: str, icon: str
) -> None:
    await load_county(harness)
    async with session_scope() as session:
        await make_station(
            session, external_id="YM01", name="化龙畜牧站", lat=36.73, lon=118.62,
            products="羊肉|猪肉|牛肉|玉米",
        )  # fmt: skip
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.share_location(*HUALONG)
    await farmer.send("预约收货" if lang == "zh" else "book a pickup")
    await farmer.send(product)
    stations = await farmer.send("1600斤")
    await farmer.press(next(b for b in stations.last.buttons if "化龙畜牧站" in b))
    await farmer.press(tomorrow_data())
    await farmer.press(farmer.last.buttons[0])
    summary = farmer.last.text
    assert f"\n{icon} " in summary, summary
    assert ("🥬" in summary) is (icon == "🥬")
    done = await farmer.press(farmer.last.buttons[0])
    assert f"\n{icon} " in done.edited[0].text
    mine = await farmer.send("我的预约" if lang == "zh" else "my bookings")
    assert f"{icon} " in mine.last.text
