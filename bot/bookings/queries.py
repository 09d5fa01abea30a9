"""Reading bookings: free days and slots, a farmer's bookings, limits, who may act on one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.bookings.model import (
    ACTIVE,
    Actor,
    BookedHerd,
    BookingView,
    ClosedRound,
    DayChoice,
    Limits,
    Refused,
    Round,
    SlotChoice,
    SlotPickups,
    booking_window,
    still_bookable,
)
from bot.models.stations import Booking, BookingConfirmation, BookingStatus, Slot, SlotDay, Station
from bot.models.users import User

# --- reading ----------------------------------------------------------------------


async def station_of(session: AsyncSession, station_id: int) -> Station:
    """The station, or Refused when it is gone or inactive."""
    station = await session.get(Station, station_id)
    if station is None or not station.active:
        raise Refused("no_station")
    return station


async def why_no_days(
    session: AsyncSession, station_id: int, kg: int, now_local: datetime
) -> Refused:
    """Why no day takes `kg` (asked when none does), with the station's real limits.

    `too_big`: more than any round takes (`max_kg` a round, `day_kg` a day, `rounds`);
    `too_big_now`: a round could take it, but the most any round still has free in the
    bookable days is `free_kg`; `fully_booked`: nothing is free at all. The first two
    also carry `free_kg`, the largest amount one booking can get now (0: none).
    """
    rounds = tuple(
        Round(slot.starts, slot.ends, slot.capacity_kg)
        for slot in await session.scalars(
            select(Slot)
            .where(Slot.station_id == station_id, Slot.active.is_(True))
            .order_by(Slot.starts)
        )
    )
    largest = max((r.capacity_kg for r in rounds), default=0)
    # Any load of one kilogram fits wherever a place is free: the most free is the room left.
    free_kg = min(
        largest,
        max(
            (
                slot.free_kg
                for choice in await bookable_days(session, station_id, 1, now_local)
                for slot in choice.slots
            ),
            default=0,
        ),
    )
    limits = {"max_kg": largest, "day_kg": sum(r.capacity_kg for r in rounds)}
    if rounds and kg > largest:
        return Refused("too_big", free_kg=free_kg, rounds=rounds, **limits)
    if 0 < free_kg < kg:
        return Refused("too_big_now", free_kg=free_kg, rounds=rounds, **limits)
    return Refused("fully_booked")


async def bookable_days(
    session: AsyncSession, station_id: int, kg: int, now_local: datetime
) -> list[DayChoice]:
    """The next seven days with their slots that still fit `kg` (started slots left out)."""
    await station_of(session, station_id)
    days = booking_window(now_local.date())
    slots = list(
        await session.scalars(
            select(Slot)
            .where(Slot.station_id == station_id, Slot.active.is_(True))
            .order_by(Slot.starts)
        )
    )
    counters: dict[tuple[int, date], tuple[int, int, int, int, bool]] = {}
    if slots:
        rows = await session.execute(
            select(
                SlotDay.slot_id,
                SlotDay.day,
                SlotDay.capacity,
                SlotDay.capacity_kg,
                SlotDay.booked_count,
                SlotDay.booked_kg,
                SlotDay.closed,
            ).where(SlotDay.slot_id.in_([s.id for s in slots]), SlotDay.day.in_(days))
        )
        for slot_id, day, cap, cap_kg, count, booked_kg, closed in rows:
            counters[(slot_id, day)] = (cap, cap_kg, count, booked_kg, closed)
    out = []
    for day in days:
        choices = []
        for slot in slots:
            # Today's round until an hour before it ends (model.still_bookable), not only
            # before it starts: a 14:00-18:00 round is still bookable at 15:00.
            if not still_bookable(day, slot.starts, slot.ends, now_local):
                continue
            cap, cap_kg, count, booked_kg, closed = counters.get(
                (slot.id, day), (slot.capacity, slot.capacity_kg, 0, 0, False)
            )
            free, free_kg = cap - count, cap_kg - booked_kg
            if closed or free <= 0 or free_kg < kg:
                continue
            choices.append(SlotChoice(slot.id, day, slot.starts, slot.ends, free, free_kg))
        if choices:
            out.append(DayChoice(day, tuple(choices)))
    return out


async def closed_rounds(session: AsyncSession, station_id: int, day: date) -> list[ClosedRound]:
    """The station's rounds its staff closed on `day` (with why), earliest first."""
    rows = await session.execute(
        select(Slot.id, Slot.starts, Slot.ends, SlotDay.closed_reason)
        .join(SlotDay, SlotDay.slot_id == Slot.id)
        .where(Slot.station_id == station_id, SlotDay.day == day, SlotDay.closed.is_(True))
        .order_by(Slot.starts)
    )
    return [ClosedRound(slot_id, starts, ends, reason) for slot_id, starts, ends, reason in rows]


async def bookable_slots(
    session: AsyncSession, station_id: int, day: date, kg: int, now_local: datetime
) -> list[SlotChoice]:
    """The slots of one day that still fit `kg`."""
    for choice in await bookable_days(session, station_id, kg, now_local):
        if choice.day == day:
            return list(choice.slots)
    return []


async def views_where(
    session: AsyncSession, where: Any, order: Sequence[Any] = ()
) -> list[BookingView]:
    """The bookings matching `where`, as views."""
    rows = await session.execute(
        select(Booking, Station, Slot, User.name)
        .join(Station, Station.id == Booking.station_id)
        .join(Slot, Slot.id == Booking.slot_id)
        .join(User, User.telegram_id == Booking.farmer_id)
        .where(where)
        .order_by(*(order or (Booking.day, Slot.starts, Booking.id)))
    )
    return [_view(b, st, sl, name) for b, st, sl, name in rows]


def _view(b: Booking, station: Station, slot: Slot, farmer_name: str) -> BookingView:
    return BookingView(
        id=b.id,
        code=b.code,
        farmer_id=b.farmer_id,
        farmer_name=farmer_name,
        station_id=station.id,
        station_name=station.name,
        station_phone=station.phone,
        station_address=station.address,
        slot_id=slot.id,
        day=b.day,
        starts=slot.starts,
        ends=slot.ends,
        product=b.product,
        quantity_text=b.quantity_text,
        quantity_kg=b.quantity_kg,
        status=b.status,
        weighed_kg=b.weighed_kg,
        reminder_pending=b.status is BookingStatus.booked and b.reminder_sent_at is None,
        herd=BookedHerd(b.heads, b.heads_high, b.animal) if b.animal and b.heads else None,
        said=b.animal if b.animal and not b.heads else None,
    )


async def view(session: AsyncSession, booking_id: int) -> BookingView:
    """One booking as shown to people."""
    found = await views_where(session, Booking.id == booking_id)
    if not found:
        raise Refused("not_found")
    return found[0]


async def farmer_bookings(session: AsyncSession, farmer_id: int, today: date) -> list[BookingView]:
    """A farmer's bookings still to come (booked, or waiting for a new slot)."""
    return await views_where(
        session,
        and_(
            Booking.farmer_id == farmer_id,
            Booking.status.in_(ACTIVE),
            Booking.day >= today,
        ),
    )


async def find_by_code(session: AsyncSession, code: str) -> int | None:
    """The id of the booking with this code, or None."""
    found: int | None = await session.scalar(
        select(Booking.id).where(Booking.code == code.strip().upper())
    )
    return found


async def confirmed(session: AsyncSession, draft_id: str) -> BookingView | None:
    """The booking a booking form's ✅ already made (or moved), or None if it was never done."""
    booking_id = await session.scalar(
        select(BookingConfirmation.booking_id).where(BookingConfirmation.draft_id == draft_id)
    )
    return None if booking_id is None else await view(session, booking_id)


async def consume_draft(
    session: AsyncSession, draft_id: str | None, booking_id: int, telegram_id: int
) -> None:
    """Mark the form's ✅ as done, in the booking's transaction.

    A second confirmation of the same form is refused before it books anything;
    two racing ones collide on the unique draft_id and the loser's whole
    transaction (its booking too) rolls back, to be retried as "already booked".
    """
    if draft_id is None:
        return
    earlier = await confirmed(session, draft_id)
    if earlier is not None:
        raise Refused("already_booked", code=earlier.code)
    session.add(
        BookingConfirmation(draft_id=draft_id, booking_id=booking_id, telegram_id=telegram_id)
    )
    await session.flush()


async def open_count(
    session: AsyncSession,
    farmer_id: int,
    today: date,
    *,
    station_id: int | None = None,
    day: date | None = None,
    leaving_out: int | None = None,
) -> int:
    """How many open bookings (to come) the farmer holds, optionally at one station on one day."""
    query = select(func.count(Booking.id)).where(
        Booking.farmer_id == farmer_id, Booking.status.in_(ACTIVE), Booking.day >= today
    )
    if station_id is not None:
        query = query.where(Booking.station_id == station_id)
    if day is not None:
        query = query.where(Booking.day == day)
    if leaving_out is not None:
        query = query.where(Booking.id != leaving_out)
    return int(await session.scalar(query) or 0)


async def check_limits(
    session: AsyncSession,
    limits: Limits,
    farmer_id: int,
    today: date,
    *,
    station_id: int | None = None,
    day: date | None = None,
    leaving_out: int | None = None,
) -> None:
    """Refuse one more open booking when the farmer already holds as many as allowed.

    One farmer must not take every place of a round: the per-station-and-day limit
    is checked when the station and day are known, the overall one always.
    """
    if limits.open_total is not None and leaving_out is None:
        if await open_count(session, farmer_id, today) >= limits.open_total:
            raise Refused("limit_open", limit=limits.open_total)
    if limits.per_station_day is not None and station_id is not None and day is not None:
        held = await open_count(
            session, farmer_id, today, station_id=station_id, day=day, leaving_out=leaving_out
        )
        if held >= limits.per_station_day:
            raise Refused("limit_station_day", limit=limits.per_station_day)


async def days_at_limit(
    session: AsyncSession,
    limits: Limits,
    farmer_id: int,
    station_id: int,
    today: date,
    *,
    leaving_out: int | None = None,
) -> set[date]:
    """The days on which the farmer already holds as many open bookings at the station as
    the per-station-and-day limit allows (none without that limit).

    Asked when the days are offered, so a day the ✅ would refuse is never picked.
    `leaving_out`: a booking being moved, which does not count against its new day.
    """
    if limits.per_station_day is None:
        return set()
    query = (
        select(Booking.day, func.count(Booking.id))
        .where(
            Booking.farmer_id == farmer_id,
            Booking.station_id == station_id,
            Booking.status.in_(ACTIVE),
            Booking.day >= today,
        )
        .group_by(Booking.day)
    )
    if leaving_out is not None:
        query = query.where(Booking.id != leaving_out)
    rows = await session.execute(query)
    return {day for day, held in rows if held >= limits.per_station_day}


# --- authorisation ------------------------------------------------------------------


async def _booking(session: AsyncSession, booking_id: int) -> Booking:
    booking = await session.get(Booking, booking_id)
    if booking is None:
        raise Refused("not_found")
    return booking


async def changeable(session: AsyncSession, actor: Actor, booking_id: int) -> Booking:
    """The booking if `actor` may change it: its farmer, its station's staff, or an admin."""
    booking = await _booking(session, booking_id)
    if booking.farmer_id != actor.telegram_id and not actor.runs(booking.station_id):
        raise Refused("not_yours")
    return booking


async def runnable(session: AsyncSession, actor: Actor, booking_id: int) -> Booking:
    """The booking if `actor` runs its station (collect, no-show)."""
    booking = await _booking(session, booking_id)
    if not actor.runs(booking.station_id):
        raise Refused("not_staff")
    return booking


async def may_change(session: AsyncSession, actor: Actor, booking_id: int) -> BookingView:
    """The booking if `actor` may cancel or reschedule it, else Refused."""
    booking = await changeable(session, actor, booking_id)
    return await view(session, booking.id)


async def may_run(session: AsyncSession, actor: Actor, booking_id: int) -> BookingView:
    """The booking if `actor` runs its station (may mark it collected), else Refused."""
    booking = await runnable(session, actor, booking_id)
    return await view(session, booking.id)


async def closable(
    session: AsyncSession, actor: Actor, slot_id: int, day: date, now_local: datetime | None = None
) -> SlotPickups:
    """The slot on `day` if `actor` may close it (staff of its station, and, `now_local`
    given, its round not over yet), else Refused."""
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    if not actor.runs(slot.station_id):
        raise Refused("not_staff")
    if now_local is not None and round_over(day, slot.ends, now_local):
        raise Refused("close_over")
    for pickups in await station_pickups(session, slot.station_id, [day]):
        if pickups.slot_id == slot_id:
            if pickups.closed:
                raise Refused("already_closed")
            return pickups
    raise Refused("no_slot")


def round_over(day: date, ends: time, now_local: datetime) -> bool:
    """Whether a round of `day` ending at `ends` is over (nothing left to close or reopen)."""
    return (day, ends) <= (now_local.date(), now_local.time())


async def slot_station(session: AsyncSession, slot_id: int) -> int:
    """The station a slot belongs to."""
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    return slot.station_id


async def slot_window(session: AsyncSession, slot_id: int) -> tuple[time, time]:
    """When a slot starts and ends."""
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    return slot.starts, slot.ends


# --- the station's side ----------------------------------------------------------------


async def station_pickups(
    session: AsyncSession, station_id: int, days: Iterable[date]
) -> list[SlotPickups]:
    """Every slot of the station on these days with its bookings, in time order."""
    days = list(days)
    slots = list(
        await session.scalars(
            select(Slot).where(Slot.station_id == station_id).order_by(Slot.starts)
        )
    )
    counters = {
        (sd.slot_id, sd.day): sd
        for sd in await session.scalars(
            select(SlotDay).where(SlotDay.slot_id.in_([s.id for s in slots]), SlotDay.day.in_(days))
        )
    }
    bookings: dict[tuple[int, date], list[BookingView]] = {}
    for b in await views_where(
        session,
        and_(
            Booking.station_id == station_id,
            Booking.day.in_(days),
            Booking.status != BookingStatus.cancelled,
        ),
    ):
        bookings.setdefault((b.slot_id, b.day), []).append(b)
    out = []
    for day in days:
        for slot in slots:
            counter = counters.get((slot.id, day))
            listed = tuple(bookings.get((slot.id, day), ()))
            if not slot.active and not listed:
                continue
            out.append(
                SlotPickups(
                    slot_id=slot.id,
                    day=day,
                    starts=slot.starts,
                    ends=slot.ends,
                    capacity=counter.capacity if counter else slot.capacity,
                    capacity_kg=counter.capacity_kg if counter else slot.capacity_kg,
                    booked_count=counter.booked_count if counter else 0,
                    booked_kg=counter.booked_kg if counter else 0,
                    closed=counter.closed if counter else False,
                    bookings=listed,
                )
            )
    return out
