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

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.bookings.text import booking_text, rebook_buttons
from bot.delivery import outbox
from bot.models.alerts import DeliveryRun
from bot.models.stations import (
    Booking,
    BookingConfirmation,
    BookingStatus,
    Slot,
    SlotDay,
    Station,
    StationProduct,
)
from bot.models.users import Role, User, utcnow

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud safely
CODE_LENGTH = 6
BOOKING_DAYS = 7  # today and the six days after
MAX_BOOKING_KG = 100_000
ACTIVE = (BookingStatus.booked, BookingStatus.slot_closed)
# Notices about a farmer's own pickup go out before price alerts (10) and digests (20).
NOTICE_PRIORITY = 0
NOTICE_KEYS = {
    "reminder": "bookings.reminder",
    "collected": "bookings.notify.collected",
    "no_show": "bookings.notify.no_show",
    "slot_closed": "bookings.notify.slot_closed",
    "cancelled": "bookings.notify.cancelled_by_staff",
}


class Refused(Exception):
    """A booking action that cannot be done; `reason` names the message to show."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Actor:
    """Who is asking for a change: their id, role and station."""

    telegram_id: int
    role: Role = Role.farmer
    station_id: int | None = None

    def runs(self, station_id: int) -> bool:
        """Staff of this station, or an admin."""
        return self.role is Role.admin or (
            self.role is Role.staff and self.station_id == station_id
        )


async def actor_of(session: AsyncSession, telegram_id: int) -> Actor:
    """The Actor for a Telegram user (a farmer if they never started the bot)."""
    user = await session.get(User, telegram_id)
    if user is None:
        return Actor(telegram_id)
    return Actor(telegram_id, user.role, user.station_id)


@dataclass(frozen=True)
class SlotChoice:
    """A slot on a day, with what is still free."""

    slot_id: int
    day: date
    starts: time
    ends: time
    free: int
    free_kg: int


@dataclass(frozen=True)
class DayChoice:
    """A day with at least one slot a booking of this weight still fits in."""

    day: date
    slots: tuple[SlotChoice, ...]


@dataclass(frozen=True)
class BookingView:
    """A booking with what a farmer or staff member is shown about it."""

    id: int
    code: str
    farmer_id: int
    farmer_name: str
    station_id: int
    station_name: str
    station_phone: str
    station_address: str
    slot_id: int
    day: date
    starts: time
    ends: time
    product: str
    quantity_text: str
    quantity_kg: int
    status: BookingStatus
    weighed_kg: float | None


@dataclass(frozen=True)
class SlotPickups:
    """One slot on one day at a station, and its bookings (for staff)."""

    slot_id: int
    day: date
    starts: time
    ends: time
    capacity: int
    capacity_kg: int
    booked_count: int
    booked_kg: int
    closed: bool
    bookings: tuple[BookingView, ...]


@dataclass(frozen=True)
class Limits:
    """How many open bookings one farmer may hold (None: no limit)."""

    per_station_day: int | None = None
    open_total: int | None = None


def new_code() -> str:
    """A random booking code of CODE_LENGTH characters from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


DRAFT_ID_LENGTH = 16
_DRAFT_ID_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def new_draft_id() -> str:
    """A random id for one booking form (URL-safe, fits callback data)."""
    return secrets.token_urlsafe(12)[:DRAFT_ID_LENGTH]


def valid_draft_id(raw: str) -> bool:
    """Whether untrusted callback data holds something shaped like a draft id."""
    return 8 <= len(raw) <= 32 and set(raw) <= _DRAFT_ID_ALPHABET


def booking_window(today: date) -> list[date]:
    """The days a farmer may book: today and the next six."""
    return [today + timedelta(days=n) for n in range(BOOKING_DAYS)]


# --- reading ----------------------------------------------------------------------


async def _station(session: AsyncSession, station_id: int) -> Station:
    station = await session.get(Station, station_id)
    if station is None or not station.active:
        raise Refused("no_station")
    return station


async def bookable_days(
    session: AsyncSession, station_id: int, kg: int, now_local: datetime
) -> list[DayChoice]:
    """The next seven days with their slots that still fit `kg` (started slots left out)."""
    await _station(session, station_id)
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
            if day == now_local.date() and slot.starts <= now_local.time():
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


async def bookable_slots(
    session: AsyncSession, station_id: int, day: date, kg: int, now_local: datetime
) -> list[SlotChoice]:
    """The slots of one day that still fit `kg`."""
    for choice in await bookable_days(session, station_id, kg, now_local):
        if choice.day == day:
            return list(choice.slots)
    return []


async def _views(session: AsyncSession, where: Any, order: Sequence[Any] = ()) -> list[BookingView]:
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
    )


async def view(session: AsyncSession, booking_id: int) -> BookingView:
    """One booking as shown to people."""
    found = await _views(session, Booking.id == booking_id)
    if not found:
        raise Refused("not_found")
    return found[0]


async def farmer_bookings(session: AsyncSession, farmer_id: int, today: date) -> list[BookingView]:
    """A farmer's bookings still to come (booked, or waiting for a new slot)."""
    return await _views(
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


async def _consume_draft(
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


# --- authorisation ------------------------------------------------------------------


async def _booking(session: AsyncSession, booking_id: int) -> Booking:
    booking = await session.get(Booking, booking_id)
    if booking is None:
        raise Refused("not_found")
    return booking


async def _changeable(session: AsyncSession, actor: Actor, booking_id: int) -> Booking:
    """The booking if `actor` may change it: its farmer, its station's staff, or an admin."""
    booking = await _booking(session, booking_id)
    if booking.farmer_id != actor.telegram_id and not actor.runs(booking.station_id):
        raise Refused("not_yours")
    return booking


async def _runnable(session: AsyncSession, actor: Actor, booking_id: int) -> Booking:
    """The booking if `actor` runs its station (collect, no-show)."""
    booking = await _booking(session, booking_id)
    if not actor.runs(booking.station_id):
        raise Refused("not_staff")
    return booking


async def may_change(session: AsyncSession, actor: Actor, booking_id: int) -> BookingView:
    """The booking if `actor` may cancel or reschedule it, else Refused."""
    booking = await _changeable(session, actor, booking_id)
    return await view(session, booking.id)


async def may_run(session: AsyncSession, actor: Actor, booking_id: int) -> BookingView:
    """The booking if `actor` runs its station (may mark it collected), else Refused."""
    booking = await _runnable(session, actor, booking_id)
    return await view(session, booking.id)


async def closable(session: AsyncSession, actor: Actor, slot_id: int, day: date) -> SlotPickups:
    """The slot on `day` if `actor` may close it (staff of its station), else Refused."""
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    if not actor.runs(slot.station_id):
        raise Refused("not_staff")
    for pickups in await station_pickups(session, slot.station_id, [day]):
        if pickups.slot_id == slot_id:
            if pickups.closed:
                raise Refused("already_closed")
            return pickups
    raise Refused("no_slot")


async def slot_window(session: AsyncSession, slot_id: int) -> tuple[time, time]:
    """When a slot starts and ends."""
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    return slot.starts, slot.ends


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
    if day == now_local.date() and slot.starts <= now_local.time():
        raise Refused("started")
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
) -> BookingView:
    """Book a place for the farmer's produce, or raise Refused saying why not.

    `draft_id` names the booking form: booking it a second time is refused
    (`already_booked`); `limits` caps the farmer's open bookings.
    """
    if draft_id is not None and (earlier := await confirmed(session, draft_id)) is not None:
        raise Refused("already_booked", code=earlier.code)
    if not 1 <= quantity_kg <= MAX_BOOKING_KG:
        raise Refused("bad_quantity")
    if limits is not None:
        await check_limits(
            session, limits, farmer_id, now_local.date(), station_id=station_id, day=day
        )
    station = await _station(session, station_id)
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
        status=BookingStatus.booked,
        reminder_sent_at=utcnow() if _reminder_already_due(day, now_local, reminder_at) else None,
    )
    session.add(booking)
    await session.flush()
    await _consume_draft(session, draft_id, booking.id, farmer_id)
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
    booking = await _changeable(session, actor, booking_id)
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
    booking = await _changeable(session, actor, booking_id)
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
    await _consume_draft(session, draft_id, booking.id, actor.telegram_id)
    return await view(session, booking.id)


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
    for b in await _views(
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


async def mark_collected(
    session: AsyncSession, actor: Actor, booking_id: int, weighed_kg: float, today: date
) -> BookingView:
    """Staff record a pickup as collected, with the weighed quantity."""
    booking = await _runnable(session, actor, booking_id)
    if booking.status is not BookingStatus.booked:
        raise Refused("bad_state", status=booking.status.value)
    if booking.day > today:
        raise Refused("not_yet")
    if not 0 < weighed_kg <= MAX_BOOKING_KG:
        raise Refused("bad_quantity")
    booking.status = BookingStatus.collected
    booking.weighed_kg = round(weighed_kg, 1)
    await session.flush()
    return await view(session, booking.id)


async def mark_no_show(
    session: AsyncSession, actor: Actor, booking_id: int, today: date
) -> BookingView:
    """Staff record that the farmer's produce was not there."""
    booking = await _runnable(session, actor, booking_id)
    if booking.status is not BookingStatus.booked:
        raise Refused("bad_state", status=booking.status.value)
    if booking.day > today:
        raise Refused("not_yet")
    booking.status = BookingStatus.no_show
    await session.flush()
    return await view(session, booking.id)


async def close_slot(
    session: AsyncSession, actor: Actor, slot_id: int, day: date, reason: str = ""
) -> list[BookingView]:
    """Staff close one slot on one day; returns the bookings it affected (to tell them)."""
    slot = await session.get(Slot, slot_id)
    if slot is None:
        raise Refused("no_slot")
    if not actor.runs(slot.station_id):
        raise Refused("not_staff")
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
    return await _views(session, Booking.id.in_([b.id for b in affected])) if affected else []


async def update_future_capacity(session: AsyncSession, slot: Slot) -> None:
    """Apply a slot's new capacity to its counters from today on (never below what is booked)."""
    today = utcnow().date() - timedelta(days=1)  # a day of slack for time zones
    await session.execute(
        update(SlotDay)
        .where(SlotDay.slot_id == slot.id, SlotDay.day >= today)
        .values(
            capacity=case(
                (SlotDay.booked_count > slot.capacity, SlotDay.booked_count),
                else_=slot.capacity,
            ),
            capacity_kg=case(
                (SlotDay.booked_kg > slot.capacity_kg, SlotDay.booked_kg),
                else_=slot.capacity_kg,
            ),
        )
        .execution_options(synchronize_session=False)
    )


# --- telling the farmer ---------------------------------------------------------------------


async def queue_notice(
    session: AsyncSession,
    booking: BookingView,
    kind: str,
    today: date,
    *,
    reason: str | None = None,
    buttons: bool = False,
    run: DeliveryRun | None = None,
) -> int:
    """Queue a notice about their booking for the farmer, in the caller's transaction.

    The outbox (bot/delivery/outbox.py) delivers it once the transaction commits, so the
    notice exists exactly when its cause does; the key makes a repeat a no-op.
    """
    farmer = await session.get(User, booking.farmer_id)
    lang = farmer.language if farmer is not None else "zh"
    push = outbox.Push(
        key=f"booking:{kind}:{booking.id}:{booking.day.isoformat()}:{booking.slot_id}",
        chat_id=booking.farmer_id,
        text=booking_text(lang, NOTICE_KEYS[kind], booking, today, reason),
        markup=rebook_buttons(lang, booking.id) if buttons else None,
        priority=NOTICE_PRIORITY,
    )
    return await outbox.enqueue(session, [push], source="booking", run=run)


# --- reminders ----------------------------------------------------------------------------


async def due_reminders(session: AsyncSession, day: date) -> list[int]:
    """Ids of the bookings on `day` still waiting for their evening-before reminder."""
    rows = await session.scalars(
        select(Booking.id)
        .where(
            Booking.day == day,
            Booking.status == BookingStatus.booked,
            Booking.reminder_sent_at.is_(None),
        )
        .order_by(Booking.id)
    )
    return list(rows)


async def claim_reminder(session: AsyncSession, booking_id: int) -> BookingView | None:
    """Mark one booking reminded; None if it was already (a second run sends nothing)."""
    claimed = await session.execute(
        update(Booking)
        .where(
            Booking.id == booking_id,
            Booking.reminder_sent_at.is_(None),
            Booking.status == BookingStatus.booked,
        )
        .values(reminder_sent_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return await view(session, booking_id)


async def queue_reminders(session: AsyncSession, day: date, today: date) -> int:
    """Mark every booking on `day` reminded and queue its reminder, in one transaction.

    Running it twice (two processes, a restart's catch-up) queues nothing twice:
    a marked booking is not claimed again, and the outbox key is unique.
    """
    due = await due_reminders(session, day)
    if not due:
        return 0
    run = await outbox.start_run(session, "reminder", f"收货提醒 {day.isoformat()}")
    queued = 0
    for booking_id in due:
        booking = await claim_reminder(session, booking_id)
        if booking is not None:
            queued += await queue_notice(session, booking, "reminder", today, run=run)
    return queued
