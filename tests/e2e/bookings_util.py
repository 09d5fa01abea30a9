"""Helpers for the booking conversations' e2e tests: day codes, stored bookings, pushed messages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.core.db import session_scope
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.state import Message
from tests.e2e.county import today


def day_code(day: date) -> str:
    """A day as the booking buttons carry it (YYYYMMDD): the data pressed here is literal."""
    return day.strftime("%Y%m%d")


async def stored_bookings(farmer_id: int | None = None) -> list[Booking]:
    """Every booking stored (or `farmer_id`'s), in the order made."""
    async with session_scope() as session:
        query = select(Booking).order_by(Booking.id)
        if farmer_id is not None:
            query = query.where(Booking.farmer_id == farmer_id)
        return list(await session.scalars(query))


async def pushed(person: SandboxUser, seen: int) -> Message:
    """The first message `person` got after `seen` messages (pushed via the outbox)."""
    if len(person.messages) > seen:
        return person.messages[seen]
    return await person.next_reply()


def tomorrow_data() -> str:
    """The day button's data for tomorrow."""
    return f"bk:d:{day_code(today() + timedelta(days=1))}"
