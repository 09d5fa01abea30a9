"""Long lists reach staff in several messages Telegram accepts (issue 10 item 9).

A busy day at a station (40 bookings by farmers with 128-character names) made a
6,427-character /pickups message that Telegram refuses ("message is too long").
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models.stations import Slot
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer
from bot.users import Visitor, touch
from handlers.render import MAX_BUTTONS, MESSAGE_LIMIT, utf16_len
from tests.e2e.conftest import RawCall
from tests.e2e.county import direct_booking, load_county, slot_ids, today

pytestmark = pytest.mark.e2e


async def test_the_server_counts_utf16_units_like_telegram(
    botapi: BotApiServer, call: RawCall
) -> None:
    # 2,048 emoji are 4,096 UTF-16 units: the most Telegram takes; one more is refused.
    status, body = await call("sendMessage", json_body={"chat_id": 10001, "text": "😀" * 2048})
    assert status == 200, body
    status, body = await call("sendMessage", json_body={"chat_id": 10001, "text": "😀" * 2049})
    assert (status, body["description"]) == (400, "Bad Request: message is too long")


async def test_pickups_of_a_busy_day_arrive_in_several_messages(
    harness: Harness, clock: PinnedClock
) -> None:
    await load_county(harness)
    async with session_scope() as session:  # a big station: two rounds of 25 pickups
        await session.execute(
            update(Slot).where(Slot.id.in_(await slot_ids("SG01"))).values(capacity=25)
        )
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    codes = []
    for n in range(40):
        farmer_id = 11000 + n
        name = f"{n:02d}" + "欧阳" * 63  # 128 characters
        async with session_scope() as session:
            await touch(session, Visitor(farmer_id, name))
        booking = await direct_booking(farmer_id, "SG01", n % 2, day=today(), kg=100)
        codes.append(booking.code)
    lists = await staff.send("/pickups")
    assert len(lists) > 1
    for message in lists:
        assert utf16_len(message.text or "") <= MESSAGE_LIMIT
        assert len(message.buttons) <= MAX_BUTTONS
    assert lists[0].text.startswith("🏪 圣城街道邮政便民服务站")
    # Every booking listed once, with its buttons under the message that lists it.
    for code in codes:
        holding = [m for m in lists if f"{code} " in (m.text or "")]
        assert len(holding) == 1, code
        assert f"✅ 收了 {code}" in holding[0].buttons
    # The buttons still work from a later message.
    # The buttons still work from a later message (once the afternoon round has begun).
    clock.advance(timedelta(hours=4, minutes=30))
    later = next(m for m in lists[1:] if f"✅ 收了 {codes[-1]}" in m.buttons)
    asked = await staff.press(f"✅ 收了 {codes[-1]}", message=later)
    assert asked.last.text.startswith(f"请打 {codes[-1]} 的过秤重量")
