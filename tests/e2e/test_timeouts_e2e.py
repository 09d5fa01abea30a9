"""Conversation timeouts kept in the database (issue 13): they survive a restart, by the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.clock import PinnedClock
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.models.stations import BotState
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer
from handlers import timeouts
from tests.e2e.county import load_county
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

# A bare product: an answer at the product step, a price question outside a booking.
BARE_PRODUCT = "黄瓜"


async def _county(harness: Harness) -> None:
    await load_county(harness)
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))


async def _outside(harness: Harness, text: str) -> list[str]:
    other = harness.user(10099, "王婶")
    await other.send("/start")
    return (await other.send(text)).texts


async def _at_quantity_step(farmer: SandboxUser) -> None:
    await farmer.send("/start")
    await farmer.press("🚚 预约收货")
    await farmer.press("西红柿")
    assert farmer.last.text.startswith("西红柿大概有多少？")


async def _deadlines() -> list[BotState]:
    async with session_scope() as session:
        return list(await session.scalars(select(BotState).where(BotState.kind == "deadline")))


async def test_an_abandoned_booking_stops_holding_messages(
    harness: Harness, clock: PinnedClock
) -> None:
    await _county(harness)
    farmer = harness.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    [row] = await _deadlines()
    assert row.name == "booking"
    # Within the hour the bare product is the booking's: it switches the product asked...
    clock.advance(timedelta(minutes=30))
    assert f"{BARE_PRODUCT}大概有多少？" in (await farmer.send(BARE_PRODUCT)).last.text
    # ... an hour after the last step it is a price question again.
    clock.advance(timedelta(minutes=61))
    assert (await farmer.send(BARE_PRODUCT)).texts == await _outside(harness, BARE_PRODUCT)
    # The draft was kept: 预约收货 carries on with it.
    resumed = await farmer.press("🚚 预约收货")
    assert resumed.last.text.startswith(t("zh", "bookings.resumed"))
    assert f"{BARE_PRODUCT}大概有多少？" in resumed.last.text


@pytest.mark.both_databases
async def test_a_timeout_survives_a_restart(settings: Settings, clock: PinnedClock) -> None:
    async with BotApiServer() as server:
        async with Harness.start(settings, server=server) as first:
            await _county(first)
            await _at_quantity_step(first.user(10001, "张大爷"))
            first.assert_clean()
        # Down for two hours: the booking ran out meanwhile.
        clock.advance(timedelta(hours=2))
        async with Harness.start(settings, server=server) as second:
            farmer = second.user(10001, "张大爷")
            expected = await _outside(second, BARE_PRODUCT)
            assert (await farmer.send(BARE_PRODUCT)).texts == expected
            assert (await farmer.send("/cancel")).last.text == t("zh", "cancel.nothing")
            second.assert_clean()
    assert await _deadlines() == []


async def _sweep(harness: Harness) -> int:
    """What the minute's sweep job does: how many conversations it ended."""
    return sum([await c.sweep() for c in timeouts.timed_conversations(harness.app)])


async def test_the_minute_sweep_ends_what_ran_out(harness: Harness, clock: PinnedClock) -> None:
    await _county(harness)
    farmer = harness.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    clock.advance(timedelta(minutes=59))
    assert await _sweep(harness) == 0
    clock.advance(timedelta(minutes=2))
    assert await _sweep(harness) == 1
    assert await _deadlines() == []
    assert harness.app.user_data[10001]["booking"]["kept"] is True


async def test_a_kept_draft_expires_after_a_day(harness: Harness, clock: PinnedClock) -> None:
    await _county(harness)
    farmer = harness.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    left = await farmer.send("今天西红柿啥价")
    assert left.texts[0] == t("zh", "bookings.left")
    clock.advance(timedelta(hours=25))
    fresh = await farmer.press("🚚 预约收货")
    assert fresh.last.text == t("zh", "bookings.kept_expired") + "\n" + t(
        "zh", "bookings.ask_product"
    )
