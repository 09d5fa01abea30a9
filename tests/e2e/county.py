"""Shared set-up for the station and booking conversations: the sample county, a clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.bookings.model import BookingView
from bot.bookings.service import book
from bot.core.clock import local_today
from bot.core.db import session_scope
from bot.core.transactions import retrying
from bot.models.stations import Slot, Station
from bot.sample import load_users
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from bot.stations.sample import load_sample

SHANGHAI = ZoneInfo("Asia/Shanghai")
SANJIA = (36.8051, 118.6641)  # 三元朱村, home of the SG05 co-op


def today() -> date:
    """Today in the bot's time zone, by the clock the tests pin (tests/conftest.py)."""
    return local_today(SHANGHAI)


async def load_county(harness: Harness) -> None:
    """The sandbox users (李站长 runs SG01) and the sample county's stations and villages."""
    # Scripted people type faster than anyone could: the per-chat flood limit
    # would only slow these conversations down (it has its own tests).
    harness.server.set_flood_limits(FloodLimits.off())
    async with session_scope() as session:
        await load_users(session)
        await load_sample(session)
    # The sandbox's staff and admin have started the bot (bot/sample.py): they have a chat, so
    # pushes to them (a new sale listing, handlers/staff_offers.py) reach it as in the sandbox.
    for telegram_id, name in ((20001, "李站长"), (30001, "王管理员")):
        harness.user(telegram_id, name)


async def slot_ids(external_id: str) -> list[int]:
    """A station's slot ids in time order."""
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == external_id))
        assert station is not None
        ids = await session.scalars(
            select(Slot.id).where(Slot.station_id == station.id).order_by(Slot.starts)
        )
        return list(ids)


async def direct_booking(
    farmer_id: int,
    external_id: str,
    slot_index: int = 0,
    day: date | None = None,
    product: str = "西红柿",
    kg: int = 500,
) -> BookingView:
    """A booking made straight through the service (as if earlier that morning)."""
    slots = await slot_ids(external_id)
    day = day or today() + timedelta(days=1)
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == external_id))
        assert station is not None
        station_id = station.id

    async def work(session: object) -> BookingView:
        return await book(
            session,  # type: ignore[arg-type]
            farmer_id=farmer_id,
            station_id=station_id,
            slot_id=slots[slot_index],
            day=day,
            product=product,
            quantity_text=f"{kg}公斤",
            quantity_kg=kg,
            now_local=datetime.combine(today(), time(0, 1), SHANGHAI),
        )

    return await retrying(work)
