"""The nearest stations through the local Bot API server, replaying the blind test.

After `/loc 36.85 118.73` the list was 7.7 km, 16 km, then the 3.9 km 圣城街道邮政 marked
closed (the 6.6 and 6.9 km stations missing), and the farmer's usual station became the
7.7 km one; after 07:00 圣城街道邮政 (the only station with staff) was gone; 圣城街道 typed
gave 9, 11 and 18 km stations but not 圣城街道's own. Open stations were picked first and
closed ones only filled the rest. Now: by distance, closed ones saying when they open, a
named place's own station first, and the booking's station step offering the same.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Station
from bot.sandbox.harness import Harness
from bot.users import get_user
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

TESTER = (36.85, 118.73)
NEAREST = ["圣城街道邮政便民服务站", "孙家集京东服务站", "文家街道村淘服务站"]  # 3.9, 6.6, 6.9 km


def _entries(text: str | None) -> list[str]:
    """The listed stations of a search answer (between the title and the hint)."""
    return (text or "").split("\n\n")[1:4]


async def _station_id(name: str) -> int:
    async with session_scope() as session:
        found = await session.scalar(select(Station.id).where(Station.name == name))
    assert found is not None
    return found


async def test_the_blind_testers_walk(harness: Harness, clock: PinnedClock) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    clock.advance(timedelta(hours=-3, minutes=-15))  # 06:45: only the co-ops are open
    listing = (await farmer.share_location(*TESTER))[0]
    entries = _entries(listing.text)
    for entry, name, km in zip(entries, NEAREST, ("3.9", "6.6", "6.9"), strict=True):
        assert name in entry and f"📏 {km} 公里" in entry
        assert "08:00-18:00 · 现在还没开门，08:00 开门" in entry
    # The nearest becomes the farmer's usual station (one line says so and how to change).
    assert (listing.text or "").endswith(t("zh", "stations.adopted", name=NEAREST[0]))
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.station_id == await _station_id(NEAREST[0])
    clock.advance(timedelta(minutes=25))  # 07:10: 洛城 opens at 07:00
    again = await farmer.send("服务站在哪")
    assert [NEAREST[n] in e for n, e in enumerate(_entries(again[0].text))] == [True] * 3
    # The township named: its own station, 0.2 km, first.
    town = await farmer.send("圣城街道")
    assert (town[0].text or "").startswith("离圣城街道最近的服务站：\n\n1. 圣城街道邮政便民服务站")
    assert "📏 0.2 公里" in _entries(town[0].text)[0]
    clock.advance(timedelta(hours=12))  # 19:10: closed for the day
    night = await farmer.send("服务站在哪")
    assert "今天已关门，明天 08:00 开门" in _entries(night[0].text)[0]


async def test_the_blind_testers_walk_in_english(harness: Harness, clock: PinnedClock) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    clock.advance(timedelta(hours=-3, minutes=-15))  # 06:45
    listing = (await farmer.share_location(*TESTER))[0]
    entries = _entries(listing.text)
    assert (listing.text or "").startswith("Stations nearest to you:")
    assert "📏 3.9 km" in entries[0] and "closed now, opens at 08:00" in entries[0]
    assert "📏 6.6 km" in entries[1] and "📏 6.9 km" in entries[2]
    clock.advance(timedelta(hours=12, minutes=25))  # 19:10
    night = await farmer.send("where is the station")
    assert "📏 3.9 km" in _entries(night[0].text)[0]
    assert "closed for today, opens tomorrow at 08:00" in _entries(night[0].text)[0]


async def test_a_villages_own_station_comes_first(harness: Harness) -> None:
    # 北营村 is served by 营里镇京东 (2.5 km); 营里镇供销社 is 2.0 km from it.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    found = await farmer.send("北营村有服务站吗")
    entries = _entries(found[0].text)
    assert entries[0].startswith("1. 营里镇京东服务站（京东） · 🏠 就在北营村（营里镇）\n")
    assert "营里镇供销社服务站" in entries[1] and "🏠" not in entries[1]
    assert (found[0].text or "").endswith(t("zh", "stations.adopted", name="营里镇京东服务站"))


async def test_the_booking_offers_the_same_nearest_stations(
    harness: Harness, clock: PinnedClock
) -> None:
    # The booking's station step asks the same Catalog.nearest as the search: by distance.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    clock.advance(timedelta(hours=-3, minutes=-15))  # 06:45, when the list went wrong
    await farmer.share_location(*TESTER)
    await farmer.send("预约收货")
    await farmer.press("西红柿")
    step = await farmer.send("两千斤")
    buttons = step.last.buttons
    assert buttons[0].startswith("⭐ 圣城街道邮政") and "3.9" in buttons[0]
    assert buttons[1].startswith("孙家集京东") and "6.6" in buttons[1]
    assert buttons[2].startswith("文家街道村淘") and "6.9" in buttons[2]
    # Asked there, the addresses and hours list the same stations, in the same order.
    answer = await farmer.send("服务站在哪")
    text = answer.last.text or ""
    assert [text.index(name) for name in NEAREST] == sorted(text.index(n) for n in NEAREST)
    assert "现在还没开门，08:00 开门" in text


async def test_a_villages_own_station_comes_first_in_english(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    await farmer.send("where is the station")
    found = await farmer.send("北营村")
    entries = _entries(found[0].text)
    assert "营里镇京东服务站" in entries[0] and "· 🏠 in 北营村" in entries[0]
    assert "📏 2.5 km" in entries[0] and "📏 2.0 km" in entries[1]
