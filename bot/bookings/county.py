"""The county's day station by station, for the admin (今天有啥事, /pickups without a station).

Plain counts read in a few grouped queries: each active station's pickups today and
tomorrow (tomorrow's weight too: 25,000斤 due at 07:00 must not wait until the morning),
the questions and sale listings waiting for it. Only bookings still to come count: not
cancelled ones, nor those of a closed round, nor those collected (early, the day before,
too) or marked no-show. 户 are farmers: one farmer's two bookings are one household.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.stations import Booking, BookingStatus, Station

# What counts as a pickup still to come: booked, not yet collected (a farmer who came early
# was counted as still pending), not cancelled, not put off by a closed round.
PENDING = BookingStatus.booked


@dataclass(frozen=True)
class DayLoad:
    """How many pickups a station has still to come on a day (bookings, and the farmers
    bringing them: 户), and what they weigh in all (kg)."""

    count: int = 0
    kg: int = 0
    farmers: int = 0


@dataclass(frozen=True)
class StationDay:
    """One station's day at a glance for the admin."""

    station_id: int
    code: str
    name: str
    today: DayLoad
    tomorrow: DayLoad
    questions: int
    offers: int


async def loads(
    session: AsyncSession, days: Iterable[date], station_id: int | None = None
) -> dict[tuple[int, date], DayLoad]:
    """Pickups per (station, day) on these days (one station's when given)."""
    query = (
        select(
            Booking.station_id,
            Booking.day,
            func.count(Booking.id),
            func.coalesce(func.sum(Booking.quantity_kg), 0),
            func.count(distinct(Booking.farmer_id)),
        )
        .where(Booking.day.in_(list(days)), Booking.status == PENDING)
        .group_by(Booking.station_id, Booking.day)
    )
    if station_id is not None:
        query = query.where(Booking.station_id == station_id)
    return {
        (station, day): DayLoad(int(count), int(kg), int(farmers))
        for station, day, count, kg, farmers in await session.execute(query)
    }


async def _waiting(session: AsyncSession) -> tuple[dict[int | None, int], dict[int | None, int]]:
    """Open questions and open sale listings per station (None: none assigned)."""
    asked = await session.execute(
        select(OpenQuestion.station_id, func.count(OpenQuestion.id))
        .where(OpenQuestion.status == QuestionStatus.open)
        .group_by(OpenQuestion.station_id)
    )
    offered = await session.execute(
        select(SupplyOffer.station_id, func.count(SupplyOffer.id))
        .where(SupplyOffer.status == OfferStatus.open)
        .group_by(SupplyOffer.station_id)
    )
    return (
        {station: int(count) for station, count in asked},
        {station: int(count) for station, count in offered},
    )


async def county_day(session: AsyncSession, today: date) -> list[StationDay]:
    """Every active station's day (today, tomorrow, what waits), by station id."""
    tomorrow = today + timedelta(days=1)
    counted = await loads(session, [today, tomorrow])
    questions, offers = await _waiting(session)
    stations = await session.scalars(
        select(Station).where(Station.active.is_(True)).order_by(Station.external_id)
    )
    return [
        StationDay(
            station_id=s.id,
            code=s.external_id,
            name=s.name,
            today=counted.get((s.id, today), DayLoad()),
            tomorrow=counted.get((s.id, tomorrow), DayLoad()),
            questions=questions.get(s.id, 0),
            offers=offers.get(s.id, 0),
        )
        for s in stations
    ]


async def unassigned(session: AsyncSession) -> tuple[int, int]:
    """Questions and sale listings waiting with no station (the admin's own)."""
    questions, offers = await _waiting(session)
    return questions.get(None, 0), offers.get(None, 0)
