"""Staff at the scale: collected or no-show, not before the round, early, weights corrected."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bookings import model, service
from bot.bookings.model import Refused
from bot.core.db import session_scope
from bot.models.stations import BookingStatus
from bot.models.users import Role
from tests.bookings_util import book_at, refusal, setup_other, setup_station
from tests.stations_util import MORNING, make_user


async def test_staff_actions_are_for_that_station_only(db: str) -> None:
    station_id, [slot] = await setup_station()
    other_id, _ = await setup_other()
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
        await make_user(session, 20002, "别站", Role.staff, other_id)
    mine = await book_at(10001, station_id, slot, day=MORNING.date())
    now = MORNING.replace(hour=9)  # during the 08:00-10:00 round
    async with session_scope() as session:
        farmer = await model.actor_of(session, 10001)
        stranger_staff = await model.actor_of(session, 20002)
        staff = await model.actor_of(session, 20001)
        assert await refusal(service.mark_collected(session, farmer, mine.id, 480, now)) == (
            "not_staff"
        )
        assert (
            await refusal(service.mark_collected(session, stranger_staff, mine.id, 480, now))
            == "not_staff"
        )
        assert await refusal(service.mark_no_show(session, stranger_staff, mine.id, now)) == (
            "not_staff"
        )
        assert await refusal(service.close_slot(session, stranger_staff, slot, now.date())) == (
            "not_staff"
        )
        assert (
            await refusal(service.cancel(session, stranger_staff, mine.id, MORNING)) == "not_yours"
        )
        done = await service.mark_collected(session, staff, mine.id, 482.25, now)
        assert done.status is BookingStatus.collected and done.weighed_kg == 482.2
        assert await refusal(service.mark_no_show(session, staff, mine.id, now)) == ("bad_state")
        assert await refusal(service.mark_collected(session, staff, 999999, 1, now)) == (
            "not_found"
        )
    future = await book_at(10002, station_id, slot)
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        assert await refusal(service.mark_no_show(session, staff, future.id, now)) == "not_yet"
        # Staff of the station may change a farmer's booking for them.
        cancelled = await service.cancel(session, staff, future.id, MORNING)
        assert cancelled.status is BookingStatus.cancelled


async def test_a_round_cannot_be_marked_before_it_starts(db: str) -> None:
    station_id, [slot] = await setup_station()  # one round, 08:00-10:00
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    mine = await book_at(10001, station_id, slot, day=MORNING.date())
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        for early in (MORNING, MORNING.replace(hour=7, minute=59)):  # 06:00, 07:59
            with pytest.raises(Refused) as refused:
                await service.mark_collected(session, staff, mine.id, 480, early)
            assert refused.value.reason == "not_started"
            assert refused.value.params["starts"] == "08:00"
            assert await refusal(service.mark_no_show(session, staff, mine.id, early)) == (
                "not_started"
            )
        done = await service.mark_collected(session, staff, mine.id, 480, MORNING.replace(hour=8))
        assert done.status is BookingStatus.collected


async def test_early_collection_and_a_corrected_weight(db: str) -> None:
    # Blind test: a farmer who came the day before could not be recorded, nor a typo fixed.
    station_id, [slot] = await setup_station()  # one round, 08:00-10:00
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
        await make_user(session, 20002, "外站", Role.staff, None)
    tomorrow = MORNING.date() + timedelta(days=1)
    mine = await book_at(10001, station_id, slot, day=tomorrow)
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        assert await refusal(service.mark_collected(session, staff, mine.id, 490, MORNING)) == (
            "not_yet"
        )
        early = await service.mark_collected(session, staff, mine.id, 490, MORNING, early=True)
        assert early.status is BookingStatus.collected and early.weighed_kg == 490
        # Corrected, by its station's staff only, up to CORRECT_DAYS after its day.
        stranger = await model.actor_of(session, 20002)
        assert (
            await refusal(service.correct_weight(session, stranger, mine.id, 500, MORNING))
            == "not_staff"
        )
        fixed, before = await service.correct_weight(session, staff, mine.id, 500, MORNING)
        assert (fixed.weighed_kg, before) == (500, 490)
        last = MORNING + timedelta(days=1 + service.CORRECT_DAYS)
        fixed, _ = await service.correct_weight(session, staff, mine.id, 495, last)
        assert fixed.weighed_kg == 495
        late = last + timedelta(days=1)
        assert await refusal(service.correct_weight(session, staff, mine.id, 500, late)) == (
            "correct_over"
        )
        assert await refusal(service.correct_weight(session, staff, mine.id, 0, MORNING)) == (
            "bad_quantity"
        )


def test_a_weighed_amount_is_said_in_the_bookings_unit() -> None:
    # Blind test: 九百八十斤 for a booking in 斤 was said "490 公斤" only (read as half missing).
    from bot.bookings.text import weighed_label

    assert weighed_label("zh", 490, "1000斤") == "980 斤（490 公斤）"
    assert weighed_label("en", 490, "1000斤") == "980 jin (490 kg)"
    assert weighed_label("zh", 0.5, "1斤") == "1 斤（0.5 公斤）"
    assert weighed_label("zh", 490, "500公斤") == "490 公斤"
    assert weighed_label("zh", 490, "1吨") == "490 公斤"
