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
from bot.markets.prices import sync_products
from bot.models.stations import Slot, Station
from bot.models.users import Role, User
from bot.sample import load_users
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from bot.stations.sample import load_sample
from bot.users import Visitor, set_role, touch

SHANGHAI = ZoneInfo("Asia/Shanghai")
SANJIA = (36.8051, 118.6641)  # 三元朱村, home of the SG05 co-op
HOME = (36.885, 118.736)  # 圣城街道, by SG01 (it takes vegetables and eggs, not grain)
HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米


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


async def farmer_of_sg01(harness: Harness, lang: str = "zh") -> None:
    """The sample county; 张大爷 (10001) uses SG01 and reads `lang`."""
    await load_county(harness)
    async with session_scope() as session:
        await touch(session, Visitor(10001, "张大爷"))
        farmer = await session.get(User, 10001)
        station = await session.scalar(select(Station).where(Station.external_id == "SG01"))
        assert farmer is not None and station is not None
        farmer.station_id = station.id
        farmer.language = lang


async def living_by_sg01(harness: Harness) -> Harness:
    """The sample county, its products known; 张大爷 lives by SG01 (HOME) and uses it."""
    await load_county(harness)
    async with session_scope() as session:
        await sync_products(session)
        sg01 = await session.scalar(select(Station.id).where(Station.external_id == "SG01"))
        farmer = await session.get(User, 10001)
        assert farmer is not None and sg01 is not None
        farmer.station_id = sg01
        farmer.home_lat, farmer.home_lon = HOME
    return harness


async def sg01_staffed() -> Station:
    """张大爷 (10001) farms by SG01, which 李站长 (20001, of load_county) now staffs; SG01."""
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == "SG01"))
        assert station is not None
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = station.id
        await set_role(session, 20001, Role.staff, station_id=station.id)
    return station


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
