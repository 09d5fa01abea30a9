"""Helpers for station and booking tests: a station in one call, farmers, a fixed clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.stations import Slot, Station
from bot.models.users import Role, User, utcnow
from bot.stations.file_checks import StationRecord, parse_hours, parse_products, parse_slots
from bot.stations.importer import store_stations

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday morning in Shouguang: every slot of the coming week is still ahead.
MORNING = datetime(2026, 12, 7, 6, 0, tzinfo=SHANGHAI)


def record(
    external_id: str = "T1",
    *,
    name: str = "测试服务站",
    lat: float = 36.88,
    lon: float = 118.74,
    hours: str = "07:00-18:00",
    slots: str = "08:00-10:00=3/3000",
    products: str = "西红柿|黄瓜",
    cold: bool = False,
    villages: Sequence[str] = (),
) -> StationRecord:
    """A valid station record, parsed the way an import file would be."""
    open_from, open_to = parse_hours(hours)
    return StationRecord(
        external_id=external_id,
        name=name,
        lat=lat,
        lon=lon,
        address="测试地址",
        phone="0536-5000000",
        open_from=open_from,
        open_to=open_to,
        slots=parse_slots(slots, open_from, open_to),
        products=parse_products(products),
        cold_storage=cold,
        villages=tuple(villages),
    )


async def make_station(session: AsyncSession, **kwargs: object) -> tuple[int, list[int]]:
    """Import one station; returns its id and its slot ids in time order."""
    rec = record(**kwargs)  # type: ignore[arg-type]
    await store_stations(session, [rec])
    station = await session.scalar(select(Station).where(Station.external_id == rec.external_id))
    assert station is not None
    slots = await session.scalars(
        select(Slot.id).where(Slot.station_id == station.id).order_by(Slot.starts)
    )
    return station.id, list(slots)


async def make_user(
    session: AsyncSession,
    telegram_id: int,
    name: str = "农户",
    role: Role = Role.farmer,
    station_id: int | None = None,
) -> User:
    """A registered user: one who has written to the bot (see `started_at`)."""
    user = User(
        telegram_id=telegram_id,
        name=name,
        role=role,
        station_id=station_id,
        started_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    return user
