"""东北 day words through the local Bot API server (blind tester): 明个下午两点送黄豆五千斤 asked
the day again, and staff 明个谁来送粮 listed both today and tomorrow. The clock is pinned
(tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bookings.text import date_label
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables


async def _farmer(harness: Harness) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    return farmer


@pytest.mark.parametrize(
    ("sentence", "day", "round_"),
    [
        ("明个下午两点送玉米五千斤", "6月11日 周四（明天）", "14:00"),
        ("明儿个头晌送两千斤苞米", "6月11日 周四（明天）", "08:00"),
        ("后儿个下晚送两千斤玉米", "6月12日 周五（后天）", ""),
        ("今个晌午送两千斤玉米", "6月10日 周三（今天）", ""),
    ],
)
async def test_a_booking_said_with_a_northern_day(
    harness: Harness, sentence: str, day: str, round_: str
) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send(sentence)
    text = asked.last.text or ""
    if "请确认您的预约" not in text:
        await farmer.press(asked.last.buttons[0])  # the station
        text = farmer.last.text or ""
    assert "哪天" not in text and day in text, text
    assert round_ in text


async def test_staff_ask_who_brings_produce_on_mingge(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    booking = await direct_booking(10001, "SG01", 1)
    tomorrow = date_label("zh", today() + timedelta(days=1), today())
    listed = await staff.send("明个谁来送粮")
    assert len(listed) == 1, [m.text for m in listed]  # tomorrow only, not today too
    assert listed.last.text is not None and tomorrow in listed.last.text
    assert booking.code in listed.last.text
    assert date_label("zh", today(), today()) not in listed.last.text
