"""A pickup asked for by sending someone (想找人来拉), and a day typed at the station step
(sandbox walk: 「答不上来」, then 「没找到「明天」这个地方」 with villages like it offered, and the
day forwarded to the station as a question). The clock is pinned (tests/conftest.py):
Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from tests.e2e.test_booking_typed_e2e import _at_stations, _farmer

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("said", ["俺家白菜今年长得好 想找人来拉", "白菜砍完了 叫个车来拉"])
async def test_sending_for_the_produce_is_a_booking(harness: Harness, said: str) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send(said)
    assert asked.last.text.startswith("大白菜大概有多少？")


async def test_a_day_at_the_station_step_is_kept_for_the_day_step(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await _at_stations(farmer)
    noted = await farmer.send("明天")
    assert noted.last.text.startswith("好的，日子记下了：6月11日 周四（明天）")
    assert "没找到" not in noted.last.text
    assert noted.last.text.endswith("您的大白菜 500斤（250公斤），送到哪个服务站？")
    rounds = await farmer.press(noted.last.buttons[0])
    assert rounds.edited[-1].text.startswith("6月11日 周四（明天），选个时间段")


async def test_a_day_at_the_station_step_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, lang="en")
    await farmer.send("book a pickup")
    await farmer.send("cabbage")
    stations = await farmer.send("500 jin")
    noted = await farmer.send("tomorrow")
    assert "Thu 11 Jun" in noted.last.text or "Jun 11" in noted.last.text
    assert noted.last.buttons == stations.last.buttons
