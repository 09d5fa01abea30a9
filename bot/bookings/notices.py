"""Telling the farmer: notices about their booking and the evening reminders, via the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.bookings.model import BookingView
from bot.bookings.queries import view
from bot.bookings.text import booking_text
from bot.delivery import outbox, runs
from bot.models.alerts import DeliveryRun, RunKind
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User, utcnow

# Notices about a farmer's own pickup go out before price alerts (10) and digests (20).
NOTICE_PRIORITY = 0
NOTICE_KEYS = {
    "reminder": "bookings.reminder",
    "collected": "bookings.notify.collected",
    # Staff corrected the weight (a typo): told once per corrected weight (its occasion).
    "reweighed": "bookings.notify.reweighed",
    "no_show": "bookings.notify.no_show",
    "slot_closed": "bookings.notify.slot_closed",
    # Closed for a reason the staff typed: their words are quoted as they wrote them.
    "slot_closed_said": "bookings.notify.slot_closed_said",
    "cancelled": "bookings.notify.cancelled_by_staff",
    # The staff opened the slot again (closed by mistake): the booking stands.
    "slot_reopened": "bookings.notify.slot_reopened",
}
# The buttons under a notice, for (the farmer's language, the booking id), as the
# outbox stores them (Telegram's JSON). The chat layer builds them
# (handlers/render/bookings.py): the domain never builds a keyboard.
Buttons = Callable[[str, int], dict[str, Any]]


# --- telling the farmer ---------------------------------------------------------------------


async def queue_notice(
    session: AsyncSession,
    booking: BookingView,
    kind: str,
    today: date,
    *,
    reason: str | None = None,
    buttons: Buttons | None = None,
    run: DeliveryRun | None = None,
    occasion: str = "",
) -> int:
    """Queue a notice about their booking for the farmer, in the caller's transaction.

    The outbox (bot/delivery/outbox.py) delivers it once the transaction commits, so the
    notice exists exactly when its cause does; the key makes a repeat a no-op. A cause
    that may happen again to the same booking (closed, reopened, closed again) names its
    `occasion`, so the second time is told too.
    """
    farmer = await session.get(User, booking.farmer_id)
    lang = farmer.language if farmer is not None else "zh"
    key = f"booking:{kind}:{booking.id}:{booking.day.isoformat()}:{booking.slot_id}"
    push = outbox.Push(
        key=f"{key}:{occasion}" if occasion else key,
        chat_id=booking.farmer_id,
        text=booking_text(lang, NOTICE_KEYS[kind], booking, today, reason),
        markup=buttons(lang, booking.id) if buttons is not None else None,
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
    run = await outbox.start_run(session, RunKind.reminder, day.isoformat())
    queued = 0
    for booking_id in due:
        booking = await claim_reminder(session, booking_id)
        if booking is not None:
            queued += await queue_notice(session, booking, "reminder", today, run=run)
    await runs.drop_if_empty(session, run)  # all queued before: no run that never finishes
    return queued
