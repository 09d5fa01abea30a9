"""Changing a booking's amount (西红柿改成1200斤): the round's kg cap, its counter, who may."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.bookings import model, service
from bot.bookings.model import Actor
from bot.core.db import session_scope
from bot.models.stations import SlotDay
from bot.models.users import Role
from knowledge.text.numbers import Quantity
from tests.bookings_util import TOMORROW, book_at, refusal, setup_station
from tests.stations_util import MORNING, make_user


async def _booked_kg(slot_id: int) -> int:
    async with session_scope() as session:
        kg = await session.scalar(
            select(SlotDay.booked_kg).where(SlotDay.slot_id == slot_id, SlotDay.day == TOMORROW)
        )
        assert kg is not None
        return int(kg)


async def test_more_and_less_moves_the_rounds_counter(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/1000")
    mine = await book_at(10001, station_id, slot, kg=250)
    await book_at(10002, station_id, slot, kg=100)
    async with session_scope() as session:
        grown = await service.change_amount(
            session, 10001, mine.code, Quantity(1200, "斤"), now_local=MORNING
        )
    assert (grown.old_text, grown.old_kg) == ("250公斤", 250)
    assert (grown.booking.quantity_kg, grown.booking.quantity_text) == (600, "1200斤")
    assert await _booked_kg(slot) == 700
    async with session_scope() as session:
        shrunk = await service.change_amount(
            session, 10001, mine.id, Quantity(800, "斤"), now_local=MORNING
        )
    assert shrunk.booking.quantity_kg == 400 and shrunk.old_kg == 600
    assert await _booked_kg(slot) == 500


async def test_the_rounds_kg_cap_is_respected(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/1000")
    mine = await book_at(10001, station_id, slot, kg=250)
    await book_at(10002, station_id, slot, kg=600)
    async with session_scope() as session:
        # 150 kg are free: this booking may grow to 400 kg, not 401.
        refused = service.change_amount(
            session, 10001, mine.id, Quantity(401, "公斤"), now_local=MORNING
        )
        assert await refusal(refused) == "amount_too_heavy"
    assert await _booked_kg(slot) == 850  # nothing taken by the refusal
    async with session_scope() as session:
        too_big = service.change_amount(
            session, 10001, mine.id, Quantity(2, "吨"), now_local=MORNING
        )
        assert await refusal(too_big) == "too_heavy"  # more than the round ever takes
        fits = await service.change_amount(
            session, 10001, mine.id, Quantity(400, "公斤"), now_local=MORNING
        )
    assert fits.booking.quantity_kg == 400
    assert await _booked_kg(slot) == 1000


async def test_only_the_farmers_own_booked_booking_before_its_round_ends(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/1000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    mine = await book_at(10001, station_id, slot, kg=250)
    amount = Quantity(300, "公斤")
    async with session_scope() as session:
        assert (
            await refusal(service.change_amount(session, 10002, mine.id, amount, now_local=MORNING))
            == "not_yours"
        )
        assert (
            await refusal(
                service.change_amount(session, 10001, "ZZZZZZ", amount, now_local=MORNING)
            )
            == "not_found"
        )
        for bad in (Quantity(0, "斤"), Quantity(101, "吨")):
            refused = service.change_amount(session, 10001, mine.id, bad, now_local=MORNING)
            assert await refusal(refused) == "bad_quantity"
        same = service.change_amount(
            session, 10001, mine.id, Quantity(500, "斤"), now_local=MORNING
        )
        assert await refusal(same) == "same_amount"
        over = MORNING.replace(hour=11) + timedelta(days=1)  # tomorrow's 08:00-10:00 is over
        late = service.change_amount(session, 10001, mine.id, amount, now_local=over)
        assert await refusal(late) == "past"
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        await service.close_slot(session, staff, slot, TOMORROW, "rain")
    async with session_scope() as session:
        closed = service.change_amount(session, 10001, mine.id, amount, now_local=MORNING)
        assert await refusal(closed) == "amount_closed"
    async with session_scope() as session:
        await service.cancel(session, Actor(10001), mine.id, MORNING)
    async with session_scope() as session:
        cancelled = service.change_amount(session, 10001, mine.id, amount, now_local=MORNING)
        assert await refusal(cancelled) == "bad_state"
