"""Station staff: making a Telegram user staff of a station, and taking them off."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.stations import Station
from bot.models.users import Role, User
from bot.users import demote, make_staff


async def station_by_file_id(session: AsyncSession, external_id: str) -> Station:
    """The station with this id as in the stations file (or its database id); LookupError."""
    station = await session.scalar(select(Station).where(Station.external_id == external_id))
    if station is None and external_id.isdigit():
        station = await session.get(Station, int(external_id))
    if station is None:
        raise LookupError(f"no station with id {external_id!r}")
    return station


async def add_staff(session: AsyncSession, telegram_id: int, external_id: str) -> User:
    """Make a Telegram user staff of the station with this file id (registering them if new)."""
    station = await station_by_file_id(session, external_id)
    user = await session.get(User, telegram_id)
    if user is None:
        user = User(telegram_id=telegram_id, name="", language="zh", active=True)
        session.add(user)
    make_staff(user, station.id)
    await session.flush()
    return user


async def remove_staff(
    session: AsyncSession, telegram_id: int, external_id: str | None = None
) -> str:
    """Take a staff member off their station (checked against `external_id` if given).

    They become a farmer; returns the station's file id ("" if they had none).
    """
    station = await station_by_file_id(session, external_id) if external_id else None
    user = await session.get(User, telegram_id)
    if (
        user is None
        or user.role is not Role.staff
        or (station is not None and user.station_id != station.id)
    ):
        where = f" of station {external_id!r}" if external_id else ""
        raise LookupError(f"user {telegram_id} is not staff{where}")
    if station is None and user.station_id is not None:
        station = await session.get(Station, user.station_id)
    # The station they had as a farmer (if any) is theirs again.
    demote(user)
    await session.flush()
    return station.external_id if station is not None else ""
