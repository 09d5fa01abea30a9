"""Booking a pickup: slots on offer, refusals, capacity and races, once a form, per-farmer caps."""

from __future__ import annotations

import asyncio
import re
from datetime import time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.bookings import model, queries, service
from bot.bookings import text as booking_text
from bot.bookings.model import Actor, Refused
from bot.bookings.queries import bookable_days
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, BookingStatus, SlotDay
from tests.bookings_util import TOMORROW, book_at, refusal, setup_other, setup_station
from tests.stations_util import MORNING, make_user


async def test_book_and_list(db: str) -> None:
    station_id, [slot] = await setup_station()
    booked = await book_at(10001, station_id, slot)
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
    station_id, [slot] = await setup_station(slots="08:00-10:00=40/40000")
    codes = {(await book_at(10001, station_id, slot, kg=10)).code for _ in range(30)}
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
    station_id, slots = await setup_station(slots="08:00-10:00=2/1000|14:00-16:00=2/1000")
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
    await book_at(10001, station_id, slots[0], kg=600)
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
    station_id, [slot] = await setup_station(slots="08:00-10:00=1/1000")
    other_id, [other_slot] = await setup_other()
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
            return await refusal(book(session, **args))

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
    await book_at(10001, station_id, slot)
    with pytest.raises(Refused, match="full"):
        await book_at(10002, station_id, slot)
    assert other_id != station_id


async def test_weight_is_a_capacity_too(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=5/1000")
    await book_at(10001, station_id, slot, kg=700)
    with pytest.raises(Refused) as refused:
        await book_at(10002, station_id, slot, kg=400)
    assert refused.value.reason == "too_heavy" and refused.value.params == {"free_kg": 300}
    await book_at(10002, station_id, slot, kg=300)


@pytest.mark.parametrize("racers", [50])
async def test_race_for_the_last_places(db: str, racers: int) -> None:
    """Fifty farmers book at once into a slot of three places: exactly three get one."""
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/100000")
    async with session_scope() as session:
        for n in range(racers):
            await make_user(session, 50000 + n)

    async def one(n: int) -> str:
        try:
            await book_at(50000 + n, station_id, slot, kg=100)
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
    station_id, [slot] = await setup_station(slots="08:00-10:00=1/1000")
    await book_at(10001, station_id, slot)
    # Even a buggy writer that skips the conditional UPDATE is stopped by the CHECK.
    with pytest.raises(IntegrityError):
        async with session_scope() as session:
            await session.execute(update(SlotDay).values(booked_count=SlotDay.booked_count + 1))


async def _count_booked() -> int:
    async with session_scope() as session:
        return len(
            list(
                await session.scalars(select(Booking).where(Booking.status == BookingStatus.booked))
            )
        )


async def test_a_booking_form_books_once(db: str) -> None:
    """The same form's ✅ twice (a restart brought it back, a double tap): one booking."""
    station_id, slots = await setup_station(slots="08:00-10:00=10/10000|14:00-16:00=10/10000")
    first = await book_at(10001, station_id, slots[0], draft_id="form-0001abcd")
    with pytest.raises(Refused) as again:
        await book_at(10001, station_id, slots[0], draft_id="form-0001abcd")
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
        *(book_at(10002, station_id, slots[1], draft_id="form-0002abcd") for _ in range(2)),
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
            await refusal(
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
    station_id, [slot] = await setup_station(slots="08:00-10:00=25/100000")
    limits = model.Limits(per_station_day=2, open_total=3)
    await book_at(10001, station_id, slot, kg=1, limits=limits)
    second = await book_at(10001, station_id, slot, kg=1, limits=limits)
    with pytest.raises(Refused) as third:
        await book_at(10001, station_id, slot, kg=1, limits=limits)
    assert third.value.reason == "limit_station_day" and third.value.params == {"limit": 2}
    await book_at(10002, station_id, slot, kg=1, limits=limits)  # others still get a place
    later = TOMORROW + timedelta(days=1)
    elsewhere = await book_at(10001, station_id, slot, day=later, kg=1, limits=limits)
    with pytest.raises(Refused) as fourth:
        await book_at(10001, station_id, slot, day=later + timedelta(days=1), kg=1, limits=limits)
    assert fourth.value.reason == "limit_open" and fourth.value.params == {"limit": 3}
    async with session_scope() as session:
        # Moving one onto a day that is full for this farmer is refused too.
        assert (
            await refusal(
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
    await book_at(10001, station_id, slot, day=later + timedelta(days=1), kg=1, limits=limits)


async def test_the_days_a_farmer_is_at_the_limit_are_known_before_the_confirmation(
    db: str,
) -> None:
    # Sandbox walk: the two-a-day limit was only found at the ✅, with the farmer stuck.
    station_id, [slot] = await setup_station(slots="08:00-10:00=25/100000")
    limits = model.Limits(per_station_day=2)
    later = TOMORROW + timedelta(days=1)
    first = await book_at(10001, station_id, slot, kg=1, limits=limits)
    await book_at(10001, station_id, slot, kg=1, limits=limits)
    await book_at(10001, station_id, slot, day=later, kg=1, limits=limits)
    await book_at(10002, station_id, slot, day=later, kg=1, limits=limits)
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


async def test_too_big_for_every_slot_is_not_fully_booked(db: str) -> None:
    station_id, slots = await setup_station(slots="08:00-10:00=1/3000|14:00-16:00=1/2000")
    async with session_scope() as session:
        # Bigger than the largest slot (3000 kg): no day will ever take it in one go.
        too_big = await queries.why_no_days(session, station_id, 20_000, MORNING)
        assert (too_big.reason, too_big.params["max_kg"]) == ("too_big", 3000)
        assert (too_big.params["day_kg"], too_big.params["free_kg"]) == (5000, 3000)
        assert await bookable_days(session, station_id, 20_000, MORNING) == []
    for day in range(7):  # every round of the week taken
        for slot in slots:
            await book_at(10001, station_id, slot, day=MORNING.date() + timedelta(day), kg=100)
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
