"""Changing bookings: cancelling and moving them, and staff closing and reopening a round."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from bot.bookings import model, queries, service
from bot.bookings.model import Actor, Refused
from bot.core.db import session_scope
from bot.models.stations import BookingStatus, SlotDay
from bot.models.users import Role
from tests.bookings_util import TOMORROW, book_at, refusal, setup_station
from tests.stations_util import MORNING, make_user


async def test_cancel_gives_the_place_back(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=1/1000")
    mine = await book_at(10001, station_id, slot)
    async with session_scope() as session:
        assert await refusal(service.cancel(session, Actor(10002), mine.id, MORNING)) == "not_yours"
        cancelled = await service.cancel(session, Actor(10001), mine.id, MORNING)
        assert cancelled.status is BookingStatus.cancelled
        assert await refusal(service.cancel(session, Actor(10001), mine.id, MORNING)) == (
            "bad_state"
        )
    await book_at(10002, station_id, slot)  # the place is free again


async def test_reschedule(db: str) -> None:
    station_id, slots = await setup_station(slots="08:00-10:00=1/1000|14:00-16:00=1/1000")
    mine = await book_at(10001, station_id, slots[0])
    later = TOMORROW + timedelta(days=1)
    async with session_scope() as session:
        assert (
            await refusal(
                service.reschedule(
                    session, Actor(10002), mine.id, slot_id=slots[1], day=later, now_local=MORNING
                )
            )
            == "not_yours"
        )
        assert (
            await refusal(
                service.reschedule(
                    session,
                    Actor(10001),
                    mine.id,
                    slot_id=slots[0],
                    day=TOMORROW,
                    now_local=MORNING,
                )
            )
            == "same_slot"
        )
        moved = await service.reschedule(
            session, Actor(10001), mine.id, slot_id=slots[1], day=later, now_local=MORNING
        )
    assert (moved.code, moved.day, moved.starts) == (mine.code, later, time(14))
    await book_at(10002, station_id, slots[0])  # the old place was given back
    with pytest.raises(Refused, match="full"):
        await book_at(10002, station_id, slots[1], day=later)


async def test_close_slot_tells_who_is_affected(db: str) -> None:
    station_id, slots = await setup_station(slots="08:00-10:00=3/3000|14:00-16:00=3/3000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    a = await book_at(10001, station_id, slots[0])
    b = await book_at(10002, station_id, slots[0])
    elsewhere = await book_at(10002, station_id, slots[1])
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        affected = await service.close_slot(session, staff, slots[0], TOMORROW, "下雨")
        assert {v.id for v in affected} == {a.id, b.id}
        assert all(v.status is BookingStatus.slot_closed for v in affected)
        assert await refusal(service.close_slot(session, staff, slots[0], TOMORROW)) == (
            "already_closed"
        )
        pickups = await queries.station_pickups(session, station_id, [TOMORROW])
        assert [(p.starts, p.closed, len(p.bookings)) for p in pickups] == [
            (time(8), True, 2),
            (time(14), False, 1),
        ]
        assert await queries.bookable_slots(session, station_id, TOMORROW, 100, MORNING) == [
            s
            for s in await queries.bookable_slots(session, station_id, TOMORROW, 100, MORNING)
            if s.starts == time(14)
        ]
    with pytest.raises(Refused, match="slot_closed"):
        await book_at(10001, station_id, slots[0])
    async with session_scope() as session:
        # The farmer picks another slot for the same booking.
        moved = await service.reschedule(
            session, Actor(10001), a.id, slot_id=slots[1], day=TOMORROW, now_local=MORNING
        )
        assert moved.status is BookingStatus.booked and moved.code == a.code
        mine = await queries.farmer_bookings(session, 10002, MORNING.date())
        assert {v.status for v in mine} == {BookingStatus.slot_closed, BookingStatus.booked}
    assert elsewhere.id != a.id


async def test_a_slot_closed_by_mistake_is_reopened_with_its_bookings(db: str) -> None:
    # Blind test: staff could not undo a close; the farmers had to rebook.
    station_id, slots = await setup_station(slots="08:00-10:00=3/3000|14:00-16:00=3/3000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    a = await book_at(10001, station_id, slots[0], kg=400)
    b = await book_at(10002, station_id, slots[0], kg=600)
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        assert (
            await refusal(service.reopen_slot(session, staff, slots[0], TOMORROW, MORNING))
            == "not_closed"
        )
        await service.close_slot(session, staff, slots[0], TOMORROW, "rain")
        # One farmer moved meanwhile: that booking stays where it went.
        await service.reschedule(
            session, Actor(10002), b.id, slot_id=slots[1], day=TOMORROW, now_local=MORNING
        )
        assert (
            await refusal(service.reopen_slot(session, Actor(10003), slots[0], TOMORROW, MORNING))
            == "not_staff"
        )
        late = MORNING.replace(hour=11) + timedelta(days=1)  # after tomorrow's 08:00-10:00
        assert (
            await refusal(service.reopen_slot(session, staff, slots[0], TOMORROW, late))
            == "round_over"
        )
        [back] = await service.reopen_slot(session, staff, slots[0], TOMORROW, MORNING)
        assert (back.id, back.status) == (a.id, BookingStatus.booked)
        counter = await session.scalar(
            select(SlotDay).where(SlotDay.slot_id == slots[0], SlotDay.day == TOMORROW)
        )
        assert counter is not None and not counter.closed and counter.closed_reason is None
        assert (counter.booked_count, counter.booked_kg) == (1, 400)
        pickups = await queries.station_pickups(session, station_id, [TOMORROW])
        assert [(p.closed, len(p.bookings)) for p in pickups] == [(False, 1), (False, 1)]
        assert (
            await refusal(service.reopen_slot(session, staff, slots[0], TOMORROW, MORNING))
            == "not_closed"
        )
    # Open again: it takes bookings.
    assert (await book_at(10002, station_id, slots[0])).status is BookingStatus.booked
