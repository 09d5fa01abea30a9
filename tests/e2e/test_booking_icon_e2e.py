"""A booking's produce shows its own icon (blind walk, 施甸: cattle were shown with 🥬): 🐄 for
牛肉 on the confirmation, the booking made and the farmer's list; 🥬 for vegetables still."""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import livestock_booking_at_amount, tomorrow_data

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "product", "icon"),
    [("zh", "牛肉", "🐄"), ("en", "beef", "🐄"), ("zh", "猪肉", "🐖"), ("zh", "玉米", "🥬")],
)
async def test_a_booking_shows_the_animal(
    harness: Harness, lang: str, product: str, icon: str
) -> None:
    farmer = await livestock_booking_at_amount(harness, lang, product)
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
