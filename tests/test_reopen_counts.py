"""A round closed and opened again counts every booking that holds a place in it (blind
staff walk: 3 collected and a no-show fell out of 已约 4/10 户 after a reopen, and the round
took more than its cap)."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import select

from bot.bookings import model, queries, service
from bot.bookings.model import HOLDS_PLACE, Refused
from bot.core.db import session_scope
from bot.models.stations import BookingStatus, SlotDay
from bot.models.users import Role
from tests.bookings_util import TOMORROW, book_at, setup_station
from tests.stations_util import MORNING, make_user


def _in_round() -> datetime:
    """Tomorrow 08:30: inside the 08:00-10:00 round (collected and no-show may be marked)."""
    return datetime.combine(TOMORROW, time(8, 30), tzinfo=MORNING.tzinfo)


async def _counter(slot_id: int) -> tuple[int, int]:
    async with session_scope() as session:
        row = await session.scalar(
            select(SlotDay).where(SlotDay.slot_id == slot_id, SlotDay.day == TOMORROW)
        )
    assert row is not None
    return row.booked_count, row.booked_kg


async def _handled_round(capacity: str) -> tuple[int, int, list[model.BookingView]]:
    """A round with three bookings: one collected, one no-show, one still to come."""
    station_id, [slot] = await setup_station(slots=f"08:00-10:00={capacity}")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
        await make_user(session, 10003, "王大哥")
    booked = [
        await book_at(10001, station_id, slot, kg=100),
        await book_at(10002, station_id, slot, kg=200),
        await book_at(10003, station_id, slot, kg=300),
    ]
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        await service.mark_collected(session, staff, booked[0].id, 95, _in_round())
        await service.mark_no_show(session, staff, booked[1].id, _in_round())
    return station_id, slot, booked


async def _close_and_reopen(slot: int) -> list[model.BookingView]:
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        await service.close_slot(session, staff, slot, TOMORROW, "rain", now_local=_in_round())
        return await service.reopen_slot(session, staff, slot, TOMORROW, _in_round())


async def test_reopened_round_counts_collected_and_no_show(db: str) -> None:
    station_id, slot, booked = await _handled_round("10/5000")
    assert await _counter(slot) == (3, 600)
    back = await _close_and_reopen(slot)
    # Only the booking still to come was put off and is told; all three hold their place.
    assert [b.id for b in back] == [booked[2].id]
    assert await _counter(slot) == (3, 600)
    async with session_scope() as session:
        [pickups] = await queries.station_pickups(session, station_id, [TOMORROW])
    assert (pickups.booked_count, pickups.booked_kg, len(pickups.bookings)) == (3, 600, 3)
    assert HOLDS_PLACE == (BookingStatus.booked, BookingStatus.collected, BookingStatus.no_show)


async def test_a_full_round_reopened_takes_no_more_households(db: str) -> None:
    station_id, slot, _ = await _handled_round("3/5000")
    await _close_and_reopen(slot)
    with pytest.raises(Refused, match="full"):
        await book_at(10001, station_id, slot, kg=10)
    assert await _counter(slot) == (3, 600)


async def test_a_reopened_round_keeps_its_kg_cap(db: str) -> None:
    station_id, slot, _ = await _handled_round("10/700")
    await _close_and_reopen(slot)
    with pytest.raises(Refused, match="too_heavy") as refused:
        await book_at(10001, station_id, slot, kg=150)
    assert refused.value.params["free_kg"] == 100
    await book_at(10001, station_id, slot, kg=100)  # what is left still fits
    assert await _counter(slot) == (4, 700)
