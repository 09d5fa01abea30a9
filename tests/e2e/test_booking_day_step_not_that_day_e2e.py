"""明天不去了 typed at the day step of a new booking: "not tomorrow" for the booking being made
(as 明天去不了), never the draft dropped nor the farmer's other bookings offered to cancel
(handlers/bookings/cancelling.py). Without a draft it stays a cancel by day. The clock is
pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.render.bookings import date_label
from tests.e2e.bookings_util import farmer_at_hualong
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e


async def _statuses() -> dict[str, str]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == 10001)
        return {b.product: str(b.status.value) for b in await session.scalars(query)}


async def _at_day_step(harness: Harness, lang: str) -> SandboxUser:
    await load_county(harness)
    farmer = await farmer_at_hualong(harness, lang)
    asked = await farmer.send(
        "预约收货 两千斤玉米" if lang == "zh" else "book a pickup for 1000 kg of corn"
    )
    await farmer.press(asked.last.buttons[0])  # the nearest station: the day step
    return farmer


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("zh", "明天不去了"),
        ("zh", "明天的不要了"),
        ("zh", "明天都不去了"),
        ("en", "not coming tomorrow"),
    ],
)
async def test_the_day_is_turned_down_and_the_draft_kept(
    harness: Harness, lang: str, typed: str
) -> None:
    farmer = await _at_day_step(harness, lang)
    tomorrow = date_label(lang, today() + timedelta(days=1), today())
    said = await farmer.send(typed)
    assert said.texts[0] != t(lang, "bookings.flow_cancelled")
    assert said.last.content.startswith(t(lang, "bookings.day_turned_down", date=tomorrow))
    assert tomorrow in said.last.buttons  # the days again, none picked
    # The draft is still there: another day goes on to its rounds, then the summary.
    await farmer.press(said.last.buttons[1])
    await farmer.press(farmer.last.buttons[0])
    assert "2000斤" in farmer.last.content or "1000 kg" in farmer.last.content


async def test_a_booking_that_day_is_not_offered_to_cancel(harness: Harness) -> None:
    farmer = await _at_day_step(harness, "zh")
    corn = await direct_booking(10001, "SG07", 0, product="大白菜")
    said = await farmer.send("明天不去了")
    assert all("确定要取消预约" not in text for text in said.texts)
    assert all(corn.code not in text for text in said.texts)
    assert await _statuses() == {"大白菜": "booked"}


async def test_without_a_draft_it_still_cancels_by_day(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    asked = await farmer.send("明天不去了")
    assert asked.last.content.startswith(f"确定要取消预约 {corn.code}")
    await farmer.send("是")
    assert await _statuses() == {"玉米": "cancelled"}
