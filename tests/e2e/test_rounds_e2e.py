"""Rounds and times said in one sentence (issue 13): 上午 with two morning rounds, 9点,
"Saturday afternoon", "tomorrow at 8 am", and daily alerts "every morning at 8".

The clock is pinned on Wednesday 10 June 2026, 10:00 (tests/conftest.py). The
farmer lives at 三元朱村, whose co-op (SG05) collects 06:30-08:30 and 14:00-16:00;
a second morning round, 09:00-11:00, is added here.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.models.alerts import AlertKind, AlertSubscription
from bot.models.stations import Booking, Slot, Station
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import SANJIA, load_county, today

pytestmark = pytest.mark.e2e


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county, with a second morning round at the co-op of 三元朱村."""
    await load_county(harness)
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == "SG05"))
        assert station is not None
        session.add(
            Slot(
                station_id=station.id,
                starts=time(9),
                ends=time(11),
                capacity=10,
                capacity_kg=8000,
                active=True,
            )
        )
    return harness


async def _farmer(harness: Harness, lang: str = "zh") -> SandboxUser:
    farmer = harness.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.share_location(*SANJIA)
    return farmer


async def _booked_slot() -> tuple[Booking, Slot]:
    async with session_scope() as session:
        [booking] = list(await session.scalars(select(Booking)))
        slot = await session.get(Slot, booking.slot_id)
        assert slot is not None
        return booking, slot


async def test_morning_with_two_morning_rounds_offers_only_those(county: Harness) -> None:
    farmer = await _farmer(county)
    asked = await farmer.send("后天上午来收两千斤西红柿")
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.startswith("6月12日 周五（后天）上午有几个时间段，选一个：")
    rounds = [b for b in farmer.last.buttons if "·" in b]
    assert [r.split(" ·")[0] for r in rounds] == ["06:30-08:30", "09:00-11:00"]
    await farmer.press(rounds[1])
    await farmer.press("✅ 确认")
    booking, slot = await _booked_slot()
    assert (booking.day, slot.starts) == (today() + timedelta(days=2), time(9))


async def test_a_time_said_picks_its_round(county: Harness) -> None:
    farmer = await _farmer(county)
    asked = await farmer.send("后天早上9点半来收两千斤西红柿")
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约：")
    assert "09:00-11:00" in farmer.last.text
    # Said without a day: the round is picked once the day is.
    await farmer.send("取消")
    asked = await farmer.send("预约收货 两千斤西红柿 下午来")
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.endswith("哪天送过去？")
    await farmer.press(farmer.last.buttons[1])
    assert farmer.last.text.startswith("请确认您的预约：")
    assert "14:00-16:00" in farmer.last.text


async def test_an_afternoon_the_station_has_no_room_for_is_said(county: Harness) -> None:
    farmer = await _farmer(county)
    asked = await farmer.send("后天晚上8点来收两千斤西红柿")
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.startswith("6月12日 周五（后天） 20:00 没有收货的时间段")


async def test_spoken_english_days_and_times(county: Harness) -> None:
    farmer = await _farmer(county, "en")
    asked = await farmer.send("book a pickup on Saturday afternoon for 2000 jin of tomatoes")
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.startswith("Please confirm your booking")
    assert "Sat Jun 13" in farmer.last.text and "14:00-16:00" in farmer.last.text
    await farmer.press(farmer.last.buttons[0])
    asked = await farmer.send("book a pickup tomorrow at 8 am for 500 kg of cucumbers")
    await farmer.press(asked.last.buttons[0])
    assert "06:30-08:30" in farmer.last.text and "(tomorrow)" in farmer.last.text


async def test_daily_alerts_at_a_spoken_english_time(county: Harness) -> None:
    farmer = await _farmer(county, "en")
    at_eight = await farmer.send("send me tomato prices every morning at 8")
    assert "every day at 08:00" in at_eight.last.text
    evening = await farmer.send("send me potato prices every evening at 7 o'clock")
    assert "every day at 19:00" in evening.last.text
    async with session_scope() as session:
        kinds = {(s.kind, s.at_time) for s in await session.scalars(select(AlertSubscription))}
    assert kinds == {(AlertKind.daily, time(8)), (AlertKind.daily, time(19))}
