"""Bookings: free slots, capacity under races, changes, refusals, staff actions, reminders."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

import bot.bookings
import bot.stations
from bot.bookings import model, notices, queries, service
from bot.bookings import text as booking_text
from bot.bookings.model import Actor, Refused
from bot.bookings.queries import bookable_days
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.alerts import DeliveryRun, OutboxMessage
from bot.models.stations import Booking, BookingStatus, SlotDay
from bot.models.users import Role
from handlers.render.bookings import booked_text, rebook_buttons
from tests.stations_util import MORNING, make_station, make_user

TOMORROW = MORNING.date() + timedelta(days=1)


async def _setup(**station: Any) -> tuple[int, list[int]]:
    async with session_scope() as session:
        ids = await make_station(session, **station)
        await make_user(session, 10001, "张大爷")
        await make_user(session, 10002, "李大娘")
    return ids


async def _book(
    farmer: int,
    station_id: int,
    slot_id: int,
    day: date = TOMORROW,
    kg: int = 500,
    product: str = "西红柿",
    draft_id: str | None = None,
    limits: model.Limits | None = None,
) -> model.BookingView:
    async def work(session: Any) -> model.BookingView:
        return await book(
            session,
            farmer_id=farmer,
            station_id=station_id,
            slot_id=slot_id,
            day=day,
            product=product,
            quantity_text=f"{kg}公斤",
            quantity_kg=kg,
            now_local=MORNING,
            draft_id=draft_id,
            limits=limits,
        )

    return await retrying(work)


async def _refusal(coro: Any) -> str:
    with pytest.raises(Refused) as refused:
        await coro
    return refused.value.reason


async def test_book_and_list(db: str) -> None:
    station_id, [slot] = await _setup()
    booked = await _book(10001, station_id, slot)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", booked.code)
    assert booked.status is BookingStatus.booked and booked.farmer_name == "张大爷"
    assert (booked.starts, booked.ends) == (time(8), time(10))
    async with session_scope() as session:
        mine = await queries.farmer_bookings(session, 10001, MORNING.date())
        theirs = await queries.farmer_bookings(session, 10002, MORNING.date())
        counter = await session.scalar(select(SlotDay).where(SlotDay.slot_id == slot))
    assert [b.code for b in mine] == [booked.code] and theirs == []
    assert counter is not None and (counter.booked_count, counter.booked_kg) == (1, 500)


async def test_codes_are_unique(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=40/40000")
    codes = {(await _book(10001, station_id, slot, kg=10)).code for _ in range(30)}
    assert len(codes) == 30
    async with session_scope() as session:
        first = await session.scalar(select(Booking).limit(1))
        assert first is not None
        other = Booking(
            **{c.name: getattr(first, c.name) for c in Booking.__table__.columns if c.name != "id"}
        )
        session.add(other)
        with pytest.raises(IntegrityError):
            await session.flush()
        await session.rollback()


async def test_days_and_slots_on_offer(db: str) -> None:
    station_id, slots = await _setup(slots="08:00-10:00=2/1000|14:00-16:00=2/1000")
    async with session_scope() as session:
        days = await bookable_days(session, station_id, 500, MORNING)
        assert [d.day for d in days] == [MORNING.date() + timedelta(days=n) for n in range(7)]
        # At noon today's morning slot has started: only the afternoon is left.
        noon = await bookable_days(session, station_id, 500, MORNING.replace(hour=12))
        assert [s.starts for s in noon[0].slots] == [time(14)]
        # Started, but an hour and more before its end: today's round is still on offer.
        started = await bookable_days(session, station_id, 500, MORNING.replace(hour=14, minute=30))
        assert [s.starts for s in started[0].slots] == [time(14)]
        # Within the hour before its end: not any more (today is gone from the days).
        late = await bookable_days(session, station_id, 500, MORNING.replace(hour=15))
        assert late[0].day == MORNING.date() + timedelta(days=1)
        # Too heavy for any slot: nothing on offer.
        assert await bookable_days(session, station_id, 1500, MORNING) == []
    await _book(10001, station_id, slots[0], kg=600)
    async with session_scope() as session:
        tomorrow = await queries.bookable_slots(session, station_id, TOMORROW, 400, MORNING)
    assert [(s.starts, s.free, s.free_kg) for s in tomorrow] == [
        (time(8), 1, 400),
        (time(14), 2, 1000),
    ]
    async with session_scope() as session:
        assert [
            s.starts
            for s in await queries.bookable_slots(session, station_id, TOMORROW, 450, MORNING)
        ] == [time(14)]


async def test_refusals_when_booking(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=1/1000")
    other_id, [other_slot] = await _setup_other()
    async with session_scope() as session:

        async def attempt(**overrides: Any) -> str:
            args: dict[str, Any] = {
                "farmer_id": 10001,
                "station_id": station_id,
                "slot_id": slot,
                "day": TOMORROW,
                "product": "西红柿",
                "quantity_text": "1吨",
                "quantity_kg": 500,
                "now_local": MORNING,
            }
            args.update(overrides)
            return await _refusal(book(session, **args))

        assert await attempt(product="玉米") == "not_accepted"
        assert await attempt(slot_id=other_slot) == "no_slot"
        assert await attempt(day=MORNING.date() + timedelta(days=7)) == "bad_day"
        assert await attempt(day=MORNING.date() - timedelta(days=1)) == "bad_day"
        assert await attempt(day=MORNING.date(), now_local=MORNING.replace(hour=9)) == "started"
        # 08:00-10:00 at 08:30 is still bookable (the hour before its end starts at 09:00).
        early = MORNING.replace(hour=8, minute=30)
        assert await attempt(day=MORNING.date(), now_local=early, quantity_kg=2000) == "too_heavy"
        assert await attempt(quantity_kg=2000) == "too_heavy"
        assert await attempt(quantity_kg=0) == "bad_quantity"
        assert await attempt(station_id=999999) == "no_station"
    await _book(10001, station_id, slot)
    with pytest.raises(Refused, match="full"):
        await _book(10002, station_id, slot)
    assert other_id != station_id


async def _setup_other() -> tuple[int, list[int]]:
    async with session_scope() as session:
        return await make_station(session, external_id="T2", lat=36.9, lon=118.8)


async def test_weight_is_a_capacity_too(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=5/1000")
    await _book(10001, station_id, slot, kg=700)
    with pytest.raises(Refused) as refused:
        await _book(10002, station_id, slot, kg=400)
    assert refused.value.reason == "too_heavy" and refused.value.params == {"free_kg": 300}
    await _book(10002, station_id, slot, kg=300)


@pytest.mark.parametrize("racers", [50])
async def test_race_for_the_last_places(db: str, racers: int) -> None:
    """Fifty farmers book at once into a slot of three places: exactly three get one."""
    station_id, [slot] = await _setup(slots="08:00-10:00=3/100000")
    async with session_scope() as session:
        for n in range(racers):
            await make_user(session, 50000 + n)

    async def one(n: int) -> str:
        try:
            await _book(50000 + n, station_id, slot, kg=100)
        except Refused as refused:
            return refused.reason
        return "ok"

    outcomes = await asyncio.gather(*(one(n) for n in range(racers)))
    assert outcomes.count("ok") == 3
    assert set(outcomes) == {"ok", "full"}
    async with session_scope() as session:
        counter = await session.scalar(select(SlotDay).where(SlotDay.slot_id == slot))
        booked = await session.scalars(
            select(Booking).where(Booking.status == BookingStatus.booked)
        )
        assert counter is not None and counter.booked_count == 3 == len(list(booked))


async def test_the_database_refuses_overbooking_itself(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=1/1000")
    await _book(10001, station_id, slot)
    # Even a buggy writer that skips the conditional UPDATE is stopped by the CHECK.
    with pytest.raises(IntegrityError):
        async with session_scope() as session:
            await session.execute(update(SlotDay).values(booked_count=SlotDay.booked_count + 1))


async def test_cancel_gives_the_place_back(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=1/1000")
    mine = await _book(10001, station_id, slot)
    async with session_scope() as session:
        assert (
            await _refusal(service.cancel(session, Actor(10002), mine.id, MORNING)) == "not_yours"
        )
        cancelled = await service.cancel(session, Actor(10001), mine.id, MORNING)
        assert cancelled.status is BookingStatus.cancelled
        assert await _refusal(service.cancel(session, Actor(10001), mine.id, MORNING)) == (
            "bad_state"
        )
    await _book(10002, station_id, slot)  # the place is free again


async def test_reschedule(db: str) -> None:
    station_id, slots = await _setup(slots="08:00-10:00=1/1000|14:00-16:00=1/1000")
    mine = await _book(10001, station_id, slots[0])
    later = TOMORROW + timedelta(days=1)
    async with session_scope() as session:
        assert (
            await _refusal(
                service.reschedule(
                    session, Actor(10002), mine.id, slot_id=slots[1], day=later, now_local=MORNING
                )
            )
            == "not_yours"
        )
        assert (
            await _refusal(
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
    await _book(10002, station_id, slots[0])  # the old place was given back
    with pytest.raises(Refused, match="full"):
        await _book(10002, station_id, slots[1], day=later)


async def test_staff_actions_are_for_that_station_only(db: str) -> None:
    station_id, [slot] = await _setup()
    other_id, _ = await _setup_other()
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
        await make_user(session, 20002, "别站", Role.staff, other_id)
    mine = await _book(10001, station_id, slot, day=MORNING.date())
    now = MORNING.replace(hour=9)  # during the 08:00-10:00 round
    async with session_scope() as session:
        farmer = await model.actor_of(session, 10001)
        stranger_staff = await model.actor_of(session, 20002)
        staff = await model.actor_of(session, 20001)
        assert await _refusal(service.mark_collected(session, farmer, mine.id, 480, now)) == (
            "not_staff"
        )
        assert (
            await _refusal(service.mark_collected(session, stranger_staff, mine.id, 480, now))
            == "not_staff"
        )
        assert await _refusal(service.mark_no_show(session, stranger_staff, mine.id, now)) == (
            "not_staff"
        )
        assert await _refusal(service.close_slot(session, stranger_staff, slot, now.date())) == (
            "not_staff"
        )
        assert (
            await _refusal(service.cancel(session, stranger_staff, mine.id, MORNING)) == "not_yours"
        )
        done = await service.mark_collected(session, staff, mine.id, 482.25, now)
        assert done.status is BookingStatus.collected and done.weighed_kg == 482.2
        assert await _refusal(service.mark_no_show(session, staff, mine.id, now)) == ("bad_state")
        assert await _refusal(service.mark_collected(session, staff, 999999, 1, now)) == (
            "not_found"
        )
    future = await _book(10002, station_id, slot)
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        assert await _refusal(service.mark_no_show(session, staff, future.id, now)) == "not_yet"
        # Staff of the station may change a farmer's booking for them.
        cancelled = await service.cancel(session, staff, future.id, MORNING)
        assert cancelled.status is BookingStatus.cancelled


async def test_close_slot_tells_who_is_affected(db: str) -> None:
    station_id, slots = await _setup(slots="08:00-10:00=3/3000|14:00-16:00=3/3000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    a = await _book(10001, station_id, slots[0])
    b = await _book(10002, station_id, slots[0])
    elsewhere = await _book(10002, station_id, slots[1])
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        affected = await service.close_slot(session, staff, slots[0], TOMORROW, "下雨")
        assert {v.id for v in affected} == {a.id, b.id}
        assert all(v.status is BookingStatus.slot_closed for v in affected)
        assert await _refusal(service.close_slot(session, staff, slots[0], TOMORROW)) == (
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
        await _book(10001, station_id, slots[0])
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
    station_id, slots = await _setup(slots="08:00-10:00=3/3000|14:00-16:00=3/3000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    a = await _book(10001, station_id, slots[0], kg=400)
    b = await _book(10002, station_id, slots[0], kg=600)
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        assert (
            await _refusal(service.reopen_slot(session, staff, slots[0], TOMORROW, MORNING))
            == "not_closed"
        )
        await service.close_slot(session, staff, slots[0], TOMORROW, "rain")
        # One farmer moved meanwhile: that booking stays where it went.
        await service.reschedule(
            session, Actor(10002), b.id, slot_id=slots[1], day=TOMORROW, now_local=MORNING
        )
        assert (
            await _refusal(service.reopen_slot(session, Actor(10003), slots[0], TOMORROW, MORNING))
            == "not_staff"
        )
        late = MORNING.replace(hour=11) + timedelta(days=1)  # after tomorrow's 08:00-10:00
        assert (
            await _refusal(service.reopen_slot(session, staff, slots[0], TOMORROW, late))
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
            await _refusal(service.reopen_slot(session, staff, slots[0], TOMORROW, MORNING))
            == "not_closed"
        )
    # Open again: it takes bookings.
    assert (await _book(10002, station_id, slots[0])).status is BookingStatus.booked


async def test_reminders_are_queued_once(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=3/3000")
    first = await _book(10001, station_id, slot)
    await _book(10002, station_id, slot, day=TOMORROW + timedelta(days=1))
    async with session_scope() as session:
        assert await notices.due_reminders(session, TOMORROW) == [first.id]
        assert await notices.queue_reminders(session, TOMORROW, MORNING.date()) == 1
    # A second run (a restart's catch-up, another process) queues nothing.
    async with session_scope() as session:
        assert await notices.queue_reminders(session, TOMORROW, MORNING.date()) == 0
        assert await notices.claim_reminder(session, first.id) is None
        [push] = list(await session.scalars(select(OutboxMessage)))
        run = await session.get(DeliveryRun, push.run_id)
    assert push.chat_id == 10001 and push.source == "booking" and push.priority == 0
    assert push.text.startswith(f"⏰ 明天收货提醒（预约号 {first.code}）")
    assert "12月8日 周二（明天） 08:00-10:00" in push.text
    assert run is not None and run.kind == "reminder" and run.queued == 1


async def test_notices_are_queued_with_their_cause(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=3/3000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    booked = await _book(10001, station_id, slot)
    # A unit of work that fails after queueing leaves no notice: it exists only
    # with its cause.
    with pytest.raises(Refused):
        async with session_scope() as session:
            staff = await model.actor_of(session, 20001)
            [victim] = await service.close_slot(session, staff, slot, TOMORROW, "rain")
            await notices.queue_notice(session, victim, "slot_closed", MORNING.date())
            await service.close_slot(session, Actor(10002), slot, TOMORROW)
    async with session_scope() as session:
        assert list(await session.scalars(select(OutboxMessage))) == []
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        [affected_one] = await service.close_slot(session, staff, slot, TOMORROW, "rain")
        await notices.queue_notice(
            session,
            affected_one,
            "slot_closed",
            MORNING.date(),
            reason="rain",
            buttons=rebook_buttons,
        )
        await notices.queue_notice(
            session,
            affected_one,
            "slot_closed",
            MORNING.date(),
            reason="rain",
            buttons=rebook_buttons,
        )
    async with session_scope() as session:
        [push] = list(await session.scalars(select(OutboxMessage)))
    assert "因为下雨取消了" in push.text and booked.code in push.text
    assert push.markup is not None and json.loads(push.markup) == {
        "inline_keyboard": [
            [
                {
                    "text": t("zh", "bookings.notify.move_button"),
                    "callback_data": f"bk:mv:{booked.id}",
                },
                {
                    "text": t("zh", "bookings.notify.cancel_button"),
                    "callback_data": f"bk:cx:{booked.id}",
                },
            ]
        ]
    }


def test_booking_and_station_domains_build_no_keyboards() -> None:
    # Keyboards are the chat's (handlers/render): the domain returns data only.
    packages = [Path(bot.bookings.__file__).parent, Path(bot.stations.__file__).parent]
    for path in sorted(f for package in packages for f in package.glob("*.py")):
        assert "inline_keyboard" not in path.read_text(encoding="utf-8"), path


async def test_late_bookings_count_as_reminded(db: str) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=3/3000")

    async def work(session: Any) -> model.BookingView:
        return await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot,
            day=TOMORROW,
            product="黄瓜",
            quantity_text="两千斤",
            quantity_kg=1000,
            now_local=MORNING.replace(hour=20),
            reminder_at=time(19),
        )

    await retrying(work)
    async with session_scope() as session:
        assert await notices.due_reminders(session, TOMORROW) == []


async def _count_booked() -> int:
    async with session_scope() as session:
        return len(
            list(
                await session.scalars(select(Booking).where(Booking.status == BookingStatus.booked))
            )
        )


async def test_a_booking_form_books_once(db: str) -> None:
    """The same form's ✅ twice (a restart brought it back, a double tap): one booking."""
    station_id, slots = await _setup(slots="08:00-10:00=10/10000|14:00-16:00=10/10000")
    first = await _book(10001, station_id, slots[0], draft_id="form-0001abcd")
    with pytest.raises(Refused) as again:
        await _book(10001, station_id, slots[0], draft_id="form-0001abcd")
    assert again.value.reason == "already_booked" and again.value.params == {"code": first.code}
    async with session_scope() as session:
        found = await queries.confirmed(session, "form-0001abcd")
        assert found is not None and found.id == first.id
        assert await queries.confirmed(session, "form-never-sent") is None
        counter = await session.scalar(select(SlotDay).where(SlotDay.slot_id == slots[0]))
    assert await _count_booked() == 1
    assert counter is not None and (counter.booked_count, counter.booked_kg) == (1, 500)
    # Two presses of one form at the same moment: still one booking.
    racing = await asyncio.gather(
        *(_book(10002, station_id, slots[1], draft_id="form-0002abcd") for _ in range(2)),
        return_exceptions=True,
    )
    refusals = [r.reason for r in racing if isinstance(r, Refused)]
    assert refusals == ["already_booked"], racing
    assert await _count_booked() == 2
    # A move confirmed twice moves once.
    later = TOMORROW + timedelta(days=1)
    async with session_scope() as session:
        await service.reschedule(
            session,
            Actor(10001),
            first.id,
            slot_id=slots[1],
            day=later,
            now_local=MORNING,
            draft_id="form-0003abcd",
        )
    async with session_scope() as session:
        assert (
            await _refusal(
                service.reschedule(
                    session,
                    Actor(10001),
                    first.id,
                    slot_id=slots[0],
                    day=TOMORROW,
                    now_local=MORNING,
                    draft_id="form-0003abcd",
                )
            )
            == "already_booked"
        )


async def test_one_farmer_cannot_take_every_place(db: str) -> None:
    """Per-farmer limits: open bookings at one station on one day, and open bookings in all."""
    station_id, [slot] = await _setup(slots="08:00-10:00=25/100000")
    limits = model.Limits(per_station_day=2, open_total=3)
    await _book(10001, station_id, slot, kg=1, limits=limits)
    second = await _book(10001, station_id, slot, kg=1, limits=limits)
    with pytest.raises(Refused) as third:
        await _book(10001, station_id, slot, kg=1, limits=limits)
    assert third.value.reason == "limit_station_day" and third.value.params == {"limit": 2}
    await _book(10002, station_id, slot, kg=1, limits=limits)  # others still get a place
    later = TOMORROW + timedelta(days=1)
    elsewhere = await _book(10001, station_id, slot, day=later, kg=1, limits=limits)
    with pytest.raises(Refused) as fourth:
        await _book(10001, station_id, slot, day=later + timedelta(days=1), kg=1, limits=limits)
    assert fourth.value.reason == "limit_open" and fourth.value.params == {"limit": 3}
    async with session_scope() as session:
        # Moving one onto a day that is full for this farmer is refused too.
        assert (
            await _refusal(
                service.reschedule(
                    session,
                    Actor(10001),
                    elsewhere.id,
                    slot_id=slot,
                    day=TOMORROW,
                    now_local=MORNING,
                    limits=limits,
                )
            )
            == "limit_station_day"
        )
        await service.cancel(session, Actor(10001), second.id, MORNING)
    # A cancelled booking no longer counts.
    await _book(10001, station_id, slot, day=later + timedelta(days=1), kg=1, limits=limits)


async def test_the_days_a_farmer_is_at_the_limit_are_known_before_the_confirmation(
    db: str,
) -> None:
    # Sandbox walk: the two-a-day limit was only found at the ✅, with the farmer stuck.
    station_id, [slot] = await _setup(slots="08:00-10:00=25/100000")
    limits = model.Limits(per_station_day=2)
    later = TOMORROW + timedelta(days=1)
    first = await _book(10001, station_id, slot, kg=1, limits=limits)
    await _book(10001, station_id, slot, kg=1, limits=limits)
    await _book(10001, station_id, slot, day=later, kg=1, limits=limits)
    await _book(10002, station_id, slot, day=later, kg=1, limits=limits)
    today = MORNING.date()
    async with session_scope() as session:
        full = await queries.days_at_limit(session, limits, 10001, station_id, today)
        assert full == {TOMORROW}  # the day after holds one of his and one of hers
        assert await queries.days_at_limit(session, limits, 10002, station_id, today) == set()
        # A booking being moved does not count against the days it could move to.
        moving = await queries.days_at_limit(
            session, limits, 10001, station_id, today, leaving_out=first.id
        )
        assert moving == set()
        assert await queries.days_at_limit(session, model.Limits(), 10001, station_id, today) == (
            set()
        )
        await service.cancel(session, Actor(10001), first.id, MORNING)
        assert await queries.days_at_limit(session, limits, 10001, station_id, today) == set()


async def test_a_round_cannot_be_marked_before_it_starts(db: str) -> None:
    station_id, [slot] = await _setup()  # one round, 08:00-10:00
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    mine = await _book(10001, station_id, slot, day=MORNING.date())
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        for early in (MORNING, MORNING.replace(hour=7, minute=59)):  # 06:00, 07:59
            with pytest.raises(Refused) as refused:
                await service.mark_collected(session, staff, mine.id, 480, early)
            assert refused.value.reason == "not_started"
            assert refused.value.params["starts"] == "08:00"
            assert await _refusal(service.mark_no_show(session, staff, mine.id, early)) == (
                "not_started"
            )
        done = await service.mark_collected(session, staff, mine.id, 480, MORNING.replace(hour=8))
        assert done.status is BookingStatus.collected


async def test_early_collection_and_a_corrected_weight(db: str) -> None:
    # Blind test: a farmer who came the day before could not be recorded, nor a typo fixed.
    station_id, [slot] = await _setup()  # one round, 08:00-10:00
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
        await make_user(session, 20002, "外站", Role.staff, None)
    tomorrow = MORNING.date() + timedelta(days=1)
    mine = await _book(10001, station_id, slot, day=tomorrow)
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        assert await _refusal(service.mark_collected(session, staff, mine.id, 490, MORNING)) == (
            "not_yet"
        )
        early = await service.mark_collected(session, staff, mine.id, 490, MORNING, early=True)
        assert early.status is BookingStatus.collected and early.weighed_kg == 490
        # Corrected, by its station's staff only, up to CORRECT_DAYS after its day.
        stranger = await model.actor_of(session, 20002)
        assert (
            await _refusal(service.correct_weight(session, stranger, mine.id, 500, MORNING))
            == "not_staff"
        )
        fixed, before = await service.correct_weight(session, staff, mine.id, 500, MORNING)
        assert (fixed.weighed_kg, before) == (500, 490)
        last = MORNING + timedelta(days=1 + service.CORRECT_DAYS)
        fixed, _ = await service.correct_weight(session, staff, mine.id, 495, last)
        assert fixed.weighed_kg == 495
        late = last + timedelta(days=1)
        assert await _refusal(service.correct_weight(session, staff, mine.id, 500, late)) == (
            "correct_over"
        )
        assert await _refusal(service.correct_weight(session, staff, mine.id, 0, MORNING)) == (
            "bad_quantity"
        )


async def test_too_big_for_every_slot_is_not_fully_booked(db: str) -> None:
    station_id, slots = await _setup(slots="08:00-10:00=1/3000|14:00-16:00=1/2000")
    async with session_scope() as session:
        # Bigger than the largest slot (3000 kg): no day will ever take it in one go.
        too_big = await queries.why_no_days(session, station_id, 20_000, MORNING)
        assert (too_big.reason, too_big.params["max_kg"]) == ("too_big", 3000)
        assert (too_big.params["day_kg"], too_big.params["free_kg"]) == (5000, 3000)
        assert await bookable_days(session, station_id, 20_000, MORNING) == []
    for day in range(7):  # every round of the week taken
        for slot in slots:
            await _book(10001, station_id, slot, day=MORNING.date() + timedelta(day), kg=100)
    async with session_scope() as session:
        assert await bookable_days(session, station_id, 100, MORNING) == []
        full = await queries.why_no_days(session, station_id, 100, MORNING)
        assert full.reason == "fully_booked"
        too_big = await queries.why_no_days(session, station_id, 20_000, MORNING)
        assert (too_big.reason, too_big.params["free_kg"]) == ("too_big", 0)
    # The two say different things: a smaller amount, or another station / another day.
    said = booking_text.no_days_text("zh", too_big, "测试服务站", "20吨", product="玉米")
    assert said.startswith("测试服务站每天的收货时段：08:00-10:00 最多 3000 公斤，")
    assert said.endswith(t("zh", "bookings.resize_full"))
    assert "约满" not in said.replace(t("zh", "bookings.resize_full"), "")
    said = booking_text.no_days_text("en", full, "Test station", "100 kg")
    assert said == t("en", "bookings.fully_booked", station="Test station")


@pytest.mark.parametrize(
    ("lang", "typed", "kg", "shown"),
    [
        ("zh", "1斤", 1, "1斤（0.5公斤）"),  # not 约1公斤: the slot counts 1, the farmer has 0.5
        ("zh", "3斤", 2, "3斤（1.5公斤）"),
        ("zh", "2000斤", 1000, "2000斤（1000公斤）"),
        ("zh", "1.5吨", 1500, "1.5吨（1500公斤）"),
        ("zh", "1担", 50, "1担（50公斤）"),
        ("zh", "300公斤", 300, "300公斤"),
        ("zh", "", 7, "7kg"),
        ("en", "1斤", 1, "1 jin (0.5 kg)"),
        ("en", "2000斤", 1000, "2000 jin (1000 kg)"),
    ],
)
def test_an_amount_is_shown_as_typed_with_its_exact_kilograms(
    lang: str, typed: str, kg: int, shown: str
) -> None:
    assert booking_text.quantity_label(lang, typed, kg) == shown


@pytest.mark.parametrize(
    ("at", "days_ahead", "promise"),
    [
        # Booked at 10:00 for tomorrow: tonight's 19:00 run reminds it.
        (time(10), 1, "tonight"),
        # At 20:30 tonight's run is over: the confirmation is the reminder, none is promised.
        (time(20, 30), 1, "none"),
        (time(19), 1, "none"),
        # The day after tomorrow is reminded tomorrow evening, whenever it was booked.
        (time(20, 30), 2, "evening_before"),
        # Today's pickup has no evening before.
        (time(6), 0, "none"),
    ],
)
async def test_the_confirmation_promises_only_a_reminder_that_will_go(
    db: str, at: time, days_ahead: int, promise: str
) -> None:
    station_id, [slot] = await _setup(slots="08:00-10:00=3/3000")
    now = MORNING.replace(hour=at.hour, minute=at.minute)
    day = now.date() + timedelta(days=days_ahead)

    async def work(session: Any) -> model.BookingView:
        return await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot,
            day=day,
            product="西红柿",
            quantity_text="2000斤",
            quantity_kg=1000,
            now_local=now,
            reminder_at=time(19),
        )

    booked = await retrying(work)
    assert booked.reminder_pending is (promise != "none")
    async with session_scope() as session:
        assert (await notices.due_reminders(session, day) == [booked.id]) is booked.reminder_pending
    for lang in ("zh", "en"):
        text = booked_text(lang, booked, now.date(), time(19))
        expected = t(lang, f"bookings.booked_reminder.{promise}", at="19:00")
        assert expected in text
        others = {"tonight", "evening_before", "none"} - {promise}
        assert not any(t(lang, f"bookings.booked_reminder.{o}", at="19:00") in text for o in others)


async def test_a_reminded_booking_is_no_longer_pending(db: str) -> None:
    station_id, [slot] = await _setup()
    booked = await _book(10001, station_id, slot)
    assert booked.reminder_pending
    async with session_scope() as session:
        await notices.queue_reminders(session, TOMORROW, MORNING.date())
    async with session_scope() as session:
        [mine] = await queries.farmer_bookings(session, 10001, MORNING.date())
    assert not mine.reminder_pending


def test_a_closed_slot_notice_says_a_button_reason_in_words_and_quotes_a_typed_one() -> None:
    from datetime import date, time

    from bot.bookings.model import BookingView
    from bot.models.stations import BookingStatus

    day = date(2026, 12, 6)
    b = BookingView(
        1,
        "A1B2",
        10001,
        "张大爷",
        1,
        "测试服务站",
        "",
        "",
        1,
        day,
        time(8),
        time(10),
        "玉米",
        "500斤",
        250,
        BookingStatus.slot_closed,
        None,
        False,
    )
    rain = booking_text.booking_text("zh", "bookings.notify.slot_closed", b, day, "rain")
    assert "因为下雨取消了" in rain
    typed = booking_text.booking_text(
        "en", "bookings.notify.slot_closed_said", b, day, "下雨，车坏了"
    )
    assert 'The station says: "下雨，车坏了"' in typed
    # No reason at all is the station's "something came up".
    assert "站里临时有事" in booking_text.booking_text("zh", "bookings.notify.slot_closed", b, day)


def test_a_weighed_amount_is_said_in_the_bookings_unit() -> None:
    # Blind test: 九百八十斤 for a booking in 斤 was said "490 公斤" only (read as half missing).
    from bot.bookings.text import weighed_label

    assert weighed_label("zh", 490, "1000斤") == "980 斤（490 公斤）"
    assert weighed_label("en", 490, "1000斤") == "980 jin (490 kg)"
    assert weighed_label("zh", 0.5, "1斤") == "1 斤（0.5 公斤）"
    assert weighed_label("zh", 490, "500公斤") == "490 公斤"
    assert weighed_label("zh", 490, "1吨") == "490 公斤"
