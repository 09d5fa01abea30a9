"""The bookings' vocabulary: refusals, who acts, what the queries return, limits, codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.timeofday import hhmm
from bot.models.stations import BookingStatus
from bot.models.users import Role, User
from bot.users import may

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud safely
CODE_LENGTH = 6
BOOKING_DAYS = 7  # today and the six days after
MAX_BOOKING_KG = 100_000
ACTIVE = (BookingStatus.booked, BookingStatus.slot_closed)
# The bookings that hold a place in their round's counters (SlotDay.booked_count/kg), and so
# what a round's 已约 5/10 户 counts: still to come, collected and no-show alike. A collected
# or no-show booking keeps its place (the round's hours and the truck's load were planned
# for it), so a full round that closes and opens again is still full. Only cancelling or
# moving a booking gives its place back; a closed round's counters are empty.
HOLDS_PLACE = (BookingStatus.booked, BookingStatus.collected, BookingStatus.no_show)
# Today's round stays bookable after it starts (a 14:00-18:00 round runs all afternoon: a farmer
# at 15:00 can still bring the produce), until this long before it ends, so the staff still
# have time to weigh what comes. A round shorter than this is bookable until it starts.
LATE_BOOKING_MARGIN = timedelta(hours=1)


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
        """Staff of this station, or an admin (the one role rule, bot.users.may)."""
        return may(self, Role.staff, station_id)


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
class Round:
    """A station's daily collection round and the kilograms it takes."""

    starts: time
    ends: time
    capacity_kg: int


@dataclass(frozen=True)
class ClosedRound:
    """A round the station's staff closed on one day, and why (a reason code or their words)."""

    slot_id: int
    starts: time
    ends: time
    reason: str | None


@dataclass(frozen=True)
class DayChoice:
    """A day with at least one slot a booking of this weight still fits in."""

    day: date
    slots: tuple[SlotChoice, ...]


@dataclass(frozen=True)
class BookedHerd:
    """Live animals booked by the head (两头黄牛): the count (`high`: the top of an estimate,
    十几头; None for a count said exactly) and the animal as the farmer said it (黄牛, cows)."""

    heads: int
    high: int | None
    animal: str


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
    # The evening-before reminder is still to be sent: False once it went, and for a
    # booking made too close to its pickup for one (service._reminder_already_due).
    reminder_pending: bool
    # Live animals booked by the head, shown as said (2头黄牛 约600斤, not 牛肉 600斤); None
    # for produce booked by weight.
    herd: BookedHerd | None = None
    # Produce booked by a name not its own (洋芋 for 土豆), shown as said: 洋芋（土豆）.
    said: str | None = None


@dataclass(frozen=True)
class AmountChanged:
    """A booking given a new amount, and the amount it had (for "500斤 → 1200斤")."""

    booking: BookingView
    old_text: str
    old_kg: int


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


def last_booking_time(starts: time, ends: time) -> time:
    """When today's round `starts`-`ends` stops taking bookings: LATE_BOOKING_MARGIN before it
    ends (14:00-18:00: until 17:00), and never before it starts (08:00-08:30: until 08:00)."""
    day = date(2000, 1, 1)
    last = datetime.combine(day, ends) - LATE_BOOKING_MARGIN
    return max(starts, last.time()) if last.date() == day else starts


def late_hours() -> int:
    """LATE_BOOKING_MARGIN in whole hours, as farmers are told it (结束前 1 小时)."""
    return int(LATE_BOOKING_MARGIN / timedelta(hours=1))


def still_bookable(day: date, starts: time, ends: time, now_local: datetime) -> bool:
    """Whether the round `starts`-`ends` on `day` may still be booked at `now_local` (a day
    after today always; today until last_booking_time)."""
    if day != now_local.date():
        return day > now_local.date()
    return now_local.time() < last_booking_time(starts, ends)


def refuse_before_round(day: date, starts: time, ends: time, now_local: datetime) -> None:
    """Refuse marking a pickup before its round starts (06:00 for a 14:00 round is a slip)."""
    if day > now_local.date():
        raise Refused("not_yet")
    if day == now_local.date() and now_local.time() < starts:
        raise Refused("not_started", starts=hhmm(starts), ends=hhmm(ends))


def may_collect(status: BookingStatus, day: date, today: date) -> bool:
    """Whether staff may record a pickup collected: booked, or marked 没来 earlier the same
    day (the farmer came late: blind staff walk, the record was stuck as a no-show)."""
    return status is BookingStatus.booked or (status is BookingStatus.no_show and day == today)
