"""Pickup bookings: free slots, booking a place, changing it, collecting it. Telegram-free.

Capacity is enforced by the database. Each (slot, day) has a counter row in
slot_days; taking a place is one conditional UPDATE

    UPDATE slot_days SET booked_count = booked_count + 1, booked_kg = booked_kg + :kg
    WHERE id = :id AND NOT closed AND booked_count < capacity
      AND booked_kg + :kg <= capacity_kg

in the same transaction as the booking's INSERT. PostgreSQL re-checks the WHERE
clause on the newest row version after waiting for a concurrent writer, and
SQLite runs one writer at a time, so two farmers racing for the last place can
never both get it; CHECK constraints on slot_days back this up. Callers run
these functions inside bot.core.transactions.retrying, which retries the whole unit
of work when the database reports a lock timeout, deadlock or code collision.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.bookings.model import (
    ACTIVE,
    HOLDS_PLACE,
    MAX_BOOKING_KG,
    Actor,
    AmountChanged,
    BookedHerd,
    BookingView,
    Limits,
    Refused,
    booking_window,
    late_hours,
    may_collect,
    new_code,
    refuse_before_round,
    still_bookable,
)
from bot.bookings.queries import (
    changeable,
    check_limits,
    confirmed,
    consume_draft,
    find_by_code,
    runnable,
    station_of,
    view,
    views_where,
)
from bot.models.stations import Booking, BookingStatus, Slot, SlotDay, StationProduct
from bot.models.users import utcnow
from knowledge.text.numbers import Quantity

# --- taking and giving back places ----------------------------------------------------


async def _ensure_slot_day(session: AsyncSession, slot: Slot, day: date) -> None:
    """Create the (slot, day) counter if it is missing; concurrent creators do not clash."""
    values = {
        "slot_id": slot.id,
        "day": day,
        "capacity": slot.capacity,
        "capacity_kg": slot.capacity_kg,
        "booked_count": 0,
        "booked_kg": 0,
        "closed": False,
    }
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        await session.execute(
            pg_insert(SlotDay)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["slot_id", "day"])
        )
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        await session.execute(
            sqlite_insert(SlotDay)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["slot_id", "day"])
        )


async def _take_place(session: AsyncSession, slot: Slot, day: date, kg: int) -> int:
    """Take one place of `kg` in the slot on `day`; returns the slot_day id or Refused."""
    await _ensure_slot_day(session, slot, day)
    taken = await session.execute(
        update(SlotDay)
        .where(
            SlotDay.slot_id == slot.id,
            SlotDay.day == day,
            SlotDay.closed.is_(False),
            SlotDay.booked_count < SlotDay.capacity,
            SlotDay.booked_kg + kg <= SlotDay.capacity_kg,
        )
        .values(booked_count=SlotDay.booked_count + 1, booked_kg=SlotDay.booked_kg + kg)
        .execution_options(synchronize_session=False)
    )
    row = (
        await session.execute(
            select(
                SlotDay.id,
                SlotDay.closed,
                SlotDay.capacity,
                SlotDay.booked_count,
                SlotDay.capacity_kg,
                SlotDay.booked_kg,
            ).where(SlotDay.slot_id == slot.id, SlotDay.day == day)
        )
    ).one()
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return int(row.id)
    if row.closed:
        raise Refused("slot_closed")
    if row.booked_count >= row.capacity:
        raise Refused("full")
    raise Refused("too_heavy", free_kg=max(0, row.capacity_kg - row.booked_kg))


async def _give_back(session: AsyncSession, slot_day_id: int, kg: int) -> None:
    await session.execute(
        update(SlotDay)
        .where(SlotDay.id == slot_day_id, SlotDay.booked_count > 0)
        .values(
            booked_count=SlotDay.booked_count - 1,
            booked_kg=case((SlotDay.booked_kg >= kg, SlotDay.booked_kg - kg), else_=0),
        )
        .execution_options(synchronize_session=False)
    )


async def _bookable_slot(
    session: AsyncSession, station_id: int, slot_id: int, day: date, now_local: datetime
) -> Slot:
    slot = await session.get(Slot, slot_id)
    if slot is None or slot.station_id != station_id or not slot.active:
        raise Refused("no_slot")
    if day not in booking_window(now_local.date()):
        raise Refused("bad_day")
    if not still_bookable(day, slot.starts, slot.ends, now_local):
        raise Refused("started", hours=late_hours())
    return slot


def _reminder_already_due(day: date, now_local: datetime, reminder_at: time) -> bool:
    # A booking for today, or for tomorrow made after the evening reminder went
    # out, is confirmed so close to the pickup that the confirmation is the reminder.
    tomorrow = now_local.date() + timedelta(days=1)
    return day <= now_local.date() or (day == tomorrow and now_local.time() >= reminder_at)


async def _unique_code(session: AsyncSession) -> str:
    for _ in range(20):
        code = new_code()
        if not await session.scalar(select(exists().where(Booking.code == code))):
            return code
    raise RuntimeError("could not draw a free booking code")  # 32^6 codes: never in practice


async def book(
    session: AsyncSession,
    *,
    farmer_id: int,
    station_id: int,
    slot_id: int,
    day: date,
    product: str,
    quantity_text: str,
    quantity_kg: int,
    now_local: datetime,
    reminder_at: time = time(19, 0),
    draft_id: str | None = None,
    limits: Limits | None = None,
    herd: BookedHerd | None = None,
    said: str | None = None,
) -> BookingView:
    """Book a place for the farmer's produce, or raise Refused saying why not.

    `draft_id` names the booking form: booking it a second time is refused
    (`already_booked`); `limits` caps the farmer's open bookings; `herd` is the live animals
    the weight is of, as the farmer said them (两头黄牛 for 牛肉 600斤); `said` the name the
    farmer gave produce when not its own (洋芋 for 土豆), kept in the same column.
    """
    if draft_id is not None and (earlier := await confirmed(session, draft_id)) is not None:
        raise Refused("already_booked", code=earlier.code)
    if not 1 <= quantity_kg <= MAX_BOOKING_KG:
        raise Refused("bad_quantity")
    if limits is not None:
        await check_limits(
            session, limits, farmer_id, now_local.date(), station_id=station_id, day=day
        )
    station = await station_of(session, station_id)
    accepted = await session.scalar(
        select(
            exists().where(
                StationProduct.station_id == station.id, StationProduct.product == product
            )
        )
    )
    if not accepted:
        raise Refused("not_accepted", product=product)
    slot = await _bookable_slot(session, station_id, slot_id, day, now_local)
    if quantity_kg > slot.capacity_kg:
        raise Refused("too_heavy", free_kg=slot.capacity_kg)
    slot_day_id = await _take_place(session, slot, day, quantity_kg)
    as_said = herd.animal if herd is not None else said
    booking = Booking(
        code=await _unique_code(session),
        farmer_id=farmer_id,
        station_id=station_id,
        slot_id=slot.id,
        slot_day_id=slot_day_id,
        day=day,
        product=product,
        quantity_text=quantity_text[:40],
        quantity_kg=quantity_kg,
        animal=as_said[:20] if as_said else None,
        heads=herd.heads if herd is not None else None,
        heads_high=herd.high if herd is not None else None,
        status=BookingStatus.booked,
        reminder_sent_at=utcnow() if _reminder_already_due(day, now_local, reminder_at) else None,
    )
    session.add(booking)
    await session.flush()
    await consume_draft(session, draft_id, booking.id, farmer_id)
    return await view(session, booking.id)


def _not_over(booking: Booking, slot: Slot, now_local: datetime) -> None:
    if booking.status not in ACTIVE:
        raise Refused("bad_state", status=booking.status.value)
    if (booking.day, slot.ends) <= (now_local.date(), now_local.time()):
        raise Refused("past")


async def cancel(
    session: AsyncSession, actor: Actor, booking_id: int, now_local: datetime
) -> BookingView:
    """Cancel a booking and give its place back (farmer, station staff or admin)."""
    booking = await changeable(session, actor, booking_id)
    slot = await session.get(Slot, booking.slot_id)
    assert slot is not None
    _not_over(booking, slot, now_local)
    if booking.status is BookingStatus.booked:
        await _give_back(session, booking.slot_day_id, booking.quantity_kg)
    booking.status = BookingStatus.cancelled
    await session.flush()
    return await view(session, booking.id)


async def reschedule(
    session: AsyncSession,
    actor: Actor,
    booking_id: int,
    *,
    slot_id: int,
    day: date,
    now_local: datetime,
    reminder_at: time = time(19, 0),
    draft_id: str | None = None,
    limits: Limits | None = None,
) -> BookingView:
    """Move a booking (also one whose slot was closed) to another slot of its station.

    `draft_id` and `limits` work as for `book` (a move counts against the
    per-station-and-day limit of the day it moves to).
    """
    if draft_id is not None and (earlier := await confirmed(session, draft_id)) is not None:
        raise Refused("already_booked", code=earlier.code)
    booking = await changeable(session, actor, booking_id)
    old_slot = await session.get(Slot, booking.slot_id)
    assert old_slot is not None
    _not_over(booking, old_slot, now_local)
    if booking.status is BookingStatus.booked and (booking.slot_id, booking.day) == (slot_id, day):
        raise Refused("same_slot")
    slot = await _bookable_slot(session, booking.station_id, slot_id, day, now_local)
    if limits is not None and day != booking.day:
        await check_limits(
            session,
            limits,
            booking.farmer_id,
            now_local.date(),
            station_id=booking.station_id,
            day=day,
            leaving_out=booking.id,
        )
    if booking.quantity_kg > slot.capacity_kg:
        raise Refused("too_heavy", free_kg=slot.capacity_kg)
    new_slot_day = await _take_place(session, slot, day, booking.quantity_kg)
    if booking.status is BookingStatus.booked:
        await _give_back(session, booking.slot_day_id, booking.quantity_kg)
    booking.slot_id, booking.day, booking.slot_day_id = slot.id, day, new_slot_day
    booking.status = BookingStatus.booked
    booking.reminder_sent_at = (
        utcnow() if _reminder_already_due(day, now_local, reminder_at) else None
    )
    await session.flush()
    await consume_draft(session, draft_id, booking.id, actor.telegram_id)
    return await view(session, booking.id)


async def _own_booking(session: AsyncSession, farmer_id: int, code_or_id: int | str) -> Booking:
    """The farmer's booking by its id or its code (ABC123), else Refused."""
    booking_id = (
        code_or_id if isinstance(code_or_id, int) else await find_by_code(session, code_or_id)
    )
    booking = await session.get(Booking, booking_id) if booking_id is not None else None
    if booking is None:
        raise Refused("not_found")
    if booking.farmer_id != farmer_id:
        raise Refused("not_yours")
    return booking


async def _resize_place(session: AsyncSession, booking: Booking, kg: int) -> None:
    """Take or give back the difference in the booking's round counter, refused past its kg cap.

    One conditional UPDATE, as _take_place: two farmers growing their loads at once cannot
    both fill the last room.
    """
    more = kg - booking.quantity_kg
    if more <= 0:
        await session.execute(
            update(SlotDay)
            .where(SlotDay.id == booking.slot_day_id)
            .values(booked_kg=case((SlotDay.booked_kg >= -more, SlotDay.booked_kg + more), else_=0))
            .execution_options(synchronize_session=False)
        )
        return
    grown = await session.execute(
        update(SlotDay)
        .where(
            SlotDay.id == booking.slot_day_id,
            SlotDay.closed.is_(False),
            SlotDay.booked_kg + more <= SlotDay.capacity_kg,
        )
        .values(booked_kg=SlotDay.booked_kg + more)
        .execution_options(synchronize_session=False)
    )
    if grown.rowcount == 1:  # type: ignore[attr-defined]
        return
    row = (
        await session.execute(
            select(SlotDay.closed, SlotDay.capacity_kg, SlotDay.booked_kg).where(
                SlotDay.id == booking.slot_day_id
            )
        )
    ).one()
    if row.closed:
        raise Refused("slot_closed")
    # The most this booking may weigh: its own kg plus the room still free.
    room = booking.quantity_kg + max(0, row.capacity_kg - row.booked_kg)
    raise Refused("amount_too_heavy", max_kg=room)


async def change_amount(
    session: AsyncSession,
    farmer_id: int,
    code_or_id: int | str,
    quantity: Quantity,
    *,
    now_local: datetime,
) -> AmountChanged:
    """Give the farmer's own booking (by id or code) a new amount, while it is booked and its
    round not over, within the booking limit and the round's kg cap; or raise Refused.

    The round's booked_kg moves by the difference in the caller's transaction.
    """
    booking = await _own_booking(session, farmer_id, code_or_id)
    if booking.status is BookingStatus.slot_closed:
        raise Refused("amount_closed")  # no round to hold it: moved first, then resized
    if booking.status is not BookingStatus.booked:
        raise Refused("bad_state", status=booking.status.value)
    slot = await session.get(Slot, booking.slot_id)
    assert slot is not None  # a booking's slot is deactivated, never deleted
    _not_over(booking, slot, now_local)
    if not math.isfinite(quantity.kg) or quantity.kg <= 0:
        raise Refused("bad_quantity")
    kg = max(1, round(quantity.kg))  # whole kilograms, as book() counts them
    if kg > MAX_BOOKING_KG:
        raise Refused("bad_quantity")
    if kg == booking.quantity_kg:
        raise Refused("same_amount")
    if kg > slot.capacity_kg:
        raise Refused("too_heavy", free_kg=slot.capacity_kg)
    old_text, old_kg = booking.quantity_text, booking.quantity_kg
    await _resize_place(session, booking, kg)
    booking.quantity_kg = kg
    booking.quantity_text = f"{quantity.value:g}{quantity.unit}"[:40]
    await session.flush()
    return AmountChanged(await view(session, booking.id), old_text, old_kg)


async def _started(session: AsyncSession, booking: Booking, now_local: datetime) -> None:
    """Refuse a pickup mark before the booking's round starts."""
    slot = await session.get(Slot, booking.slot_id)
    assert slot is not None  # a booking's slot is deactivated, never deleted
    refuse_before_round(booking.day, slot.starts, slot.ends, now_local)


async def mark_collected(
    session: AsyncSession,
    actor: Actor,
    booking_id: int,
    weighed_kg: float,
    now_local: datetime,
    *,
    early: bool = False,
) -> BookingView:
    """Staff record a pickup as collected, with the weighed quantity (once its round started;
    `early`: the farmer came before it, confirmed by staff with 「提前收货？」's ✅); a no-show
    of the same day too (the farmer came late)."""
    booking = await runnable(session, actor, booking_id)
    if not may_collect(booking.status, booking.day, now_local.date()):
        raise Refused("bad_state", status=booking.status.value)
    if not early:
        await _started(session, booking, now_local)
    if not 0 < weighed_kg <= MAX_BOOKING_KG:
        raise Refused("bad_quantity")
    booking.status = BookingStatus.collected
    booking.weighed_kg = round(weighed_kg, 1)
    await session.flush()
    return await view(session, booking.id)


# How many days after its day a collected pickup's weight may still be corrected (a typo).
CORRECT_DAYS = 3


async def correct_weight(
    session: AsyncSession, actor: Actor, booking_id: int, weighed_kg: float, now_local: datetime
) -> tuple[BookingView, float]:
    """Staff correct the weight of a pickup collected already (已收 1000斤 after a typed 980斤),
    up to CORRECT_DAYS after its day; returns it and the weight it had."""
    booking = await runnable(session, actor, booking_id)
    if booking.status is not BookingStatus.collected or booking.weighed_kg is None:
        raise Refused("bad_state", status=booking.status.value)
    if (now_local.date() - booking.day).days > CORRECT_DAYS:
        raise Refused("correct_over", days=CORRECT_DAYS)
    if not 0 < weighed_kg <= MAX_BOOKING_KG:
        raise Refused("bad_quantity")
    before = booking.weighed_kg
    booking.weighed_kg = round(weighed_kg, 1)
    await session.flush()
    return await view(session, booking.id), before


async def mark_no_show(
    session: AsyncSession, actor: Actor, booking_id: int, now_local: datetime
) -> BookingView:
    """Staff record that the farmer's produce was not there (once its round started)."""
    booking = await runnable(session, actor, booking_id)
    if booking.status is not BookingStatus.booked:
        raise Refused("bad_state", status=booking.status.value)
    await _started(session, booking, now_local)
    booking.status = BookingStatus.no_show
    await session.flush()
    return await view(session, booking.id)


async def close_slot(
    session: AsyncSession,
    actor: Actor,
    slot_id: int,
    day: date,
    reason: str = "",
    *,
    now_local: datetime | None = None,
) -> list[BookingView]:
    """Staff close one slot on one day; returns the bookings it affected (to tell them).

    Refused: no_slot, not_staff, close_over (`now_local` given and the round is over),
    already_closed.
    """
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    if not actor.runs(slot.station_id):
        raise Refused("not_staff")
    if now_local is not None and (day, slot.ends) <= (now_local.date(), now_local.time()):
        raise Refused("close_over")
    await _ensure_slot_day(session, slot, day)
    closed = await session.execute(
        update(SlotDay)
        .where(SlotDay.slot_id == slot_id, SlotDay.day == day, SlotDay.closed.is_(False))
        .values(closed=True, closed_reason=reason[:100] or None, booked_count=0, booked_kg=0)
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused("already_closed")
    affected = list(
        await session.scalars(
            select(Booking).where(
                Booking.slot_id == slot_id,
                Booking.day == day,
                Booking.status == BookingStatus.booked,
            )
        )
    )
    for booking in affected:
        booking.status = BookingStatus.slot_closed
    await session.flush()
    return await views_where(session, Booking.id.in_([b.id for b in affected])) if affected else []


async def _places_held(
    session: AsyncSession, slot_id: int, day: date, *, extra: list[Booking]
) -> tuple[int, int]:
    """How many bookings hold a place in the slot on `day` (HOLDS_PLACE) and their kg, with
    `extra` bookings about to hold one again."""
    row = (
        await session.execute(
            select(func.count(Booking.id), func.coalesce(func.sum(Booking.quantity_kg), 0)).where(
                Booking.slot_id == slot_id,
                Booking.day == day,
                Booking.status.in_(HOLDS_PLACE),
            )
        )
    ).one()
    return int(row[0]) + len(extra), int(row[1]) + sum(b.quantity_kg for b in extra)


async def reopen_slot(
    session: AsyncSession, actor: Actor, slot_id: int, day: date, now_local: datetime
) -> list[BookingView]:
    """Staff open again a slot they closed on `day` (by mistake): its bookings that were not
    moved or cancelled meanwhile are booked again, and returned (to tell their farmers).

    Refused: not_staff, no_slot, round_over (the slot's time is over), not_closed.
    """
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    if not actor.runs(slot.station_id):
        raise Refused("not_staff")
    if (day, slot.ends) <= (now_local.date(), now_local.time()):
        raise Refused("round_over")
    back = list(
        await session.scalars(
            select(Booking).where(
                Booking.slot_id == slot_id,
                Booking.day == day,
                Booking.status == BookingStatus.slot_closed,
            )
        )
    )
    # The counters the closing emptied hold again every booking with a place in the round:
    # those put back, and those collected or marked no-show before it closed (blind walk:
    # 3 collected and a no-show fell out, and 已约 4/10 户 read 0/10 after reopening).
    count, kg = await _places_held(session, slot_id, day, extra=back)
    reopened = await session.execute(
        update(SlotDay)
        .where(SlotDay.slot_id == slot_id, SlotDay.day == day, SlotDay.closed.is_(True))
        .values(
            closed=False,
            closed_reason=None,
            # Never past the CHECK: a counter that undercounted before (an earlier reopen)
            # may have let more in; the round is then just full.
            booked_count=case((SlotDay.capacity < count, SlotDay.capacity), else_=count),
            booked_kg=case((SlotDay.capacity_kg < kg, SlotDay.capacity_kg), else_=kg),
        )
        .execution_options(synchronize_session=False)
    )
    if reopened.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused("not_closed")
    for booking in back:
        booking.status = BookingStatus.booked
    await session.flush()
    return await views_where(session, Booking.id.in_([b.id for b in back])) if back else []
