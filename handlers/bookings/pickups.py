"""Station staff: /pickups (today's and tomorrow's pickups by slot) and no-shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.audit import record
from bot.bookings import model, notices, queries, service
from bot.bookings.model import BookingView, Refused
from bot.core.db import session_scope
from bot.core.i18n import day_label, t
from bot.core.transactions import retrying
from bot.models.stations import Booking
from bot.models.users import Role
from bot.stations.catalogue import get_station
from handlers.bookings import county
from handlers.bookings.base import now_of, pressed_booking, show_reply, tell_refused
from handlers.common import incoming, press
from handlers.guards import require
from handlers.render import bookings as view
from handlers.render import county as county_view
from handlers.render import rounds
from knowledge.text.dates import said_day, without_days

# --- station staff: /pickups, collected, no-show, closing a slot -------------------------------


async def pickups_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pickups: today's and tomorrow's pickups of the staff member's station, by slot;
    /pickups 明天 (后天, 周三, 12月8日, tomorrow) that day's. An admin without a station gets
    the stations to choose from; /pickups HL01 (伦河, HL01 明天) a station's
    (handlers/bookings/county.py)."""
    today = now_of(context).date()
    said = " ".join(context.args or [])
    days = [today, today + timedelta(days=1)]
    if not said:
        await show_pickups(update, context, days)
        return
    day = said_day(said, today).day
    # What names no day: a station (/pickups SG15 明天, 圣城邮政后天, "SG15 tomorrow").
    station_words = _station_words(said) if day is not None else said
    if day is not None and not station_words:
        await show_pickups(update, context, [day])
        return
    message, user = await incoming(update, context)
    if not await require(update, user, Role.staff):
        return
    if user.role is Role.admin:
        station_id = await county.named_station(message, user, station_words, context)
        if station_id is not None:
            await show_pickups(update, context, [day] if day else days, station_id)
        return
    if day is not None:
        # Staff keep their own station's (handlers/bookings/county.py): that day's.
        await show_pickups(update, context, [day])
        return
    # The example day is the day after tomorrow, never a fixed date gone by.
    example = day_label(user.language, today + timedelta(days=2))
    await message.reply_text(
        t(user.language, "bookings.staff.pickups_day", said=said, example=example)
    )


def _station_words(said: str) -> str:
    """What /pickups' words say besides the day (and the 的 or "the"/"on" said with it)."""
    words = without_days(said).split()
    return " ".join(w.strip("的") for w in words if w not in _AROUND_DAY and w.strip("的"))


# Said with a day and naming nothing (圣城邮政的 明天, on Friday, for tomorrow).
_AROUND_DAY = frozenset({"the", "on", "for", "of", "at", "的"})


async def show_pickups(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    days: Sequence[date],
    station_id: int | None = None,
) -> None:
    """The pickups of the staff member's station on `days`, by slot (/pickups, or a day
    asked in words: 明天谁来送货); an admin's of `station_id`, or the stations to choose."""
    message, user = await incoming(update, context)
    lang = user.language
    if not await require(update, user, Role.staff):
        return
    if station_id is not None and user.role is not Role.admin:
        station_id = None  # only admins see other stations
    station_id = station_id or user.station_id
    if station_id is None and user.role is Role.admin:
        # An admin with no station of their own: which station's (blind test).
        await county.pick_station(message, user, context)
        return
    if station_id is None:
        await message.reply_text(t(lang, "guard.no_station"))
        return
    now = now_of(context)
    today = now.date()
    async with session_scope() as session:
        station = await get_station(session, station_id)
        slots = await queries.station_pickups(session, station.id, days) if station else []
    if station is None or not slots:
        if len(days) == 1:
            label = view.date_label(lang, days[0], today)
            await message.reply_text(t(lang, "bookings.staff.nothing_on", date=label))
        else:
            await message.reply_text(t(lang, "bookings.staff.nothing"))
        return
    for day in days:
        of_day = [p for p in slots if p.day == day]
        if of_day:
            for text, markup in rounds.staff_day(lang, station.name, day, of_day, today, now):
                await message.reply_text(text, reply_markup=markup)


async def pickups_at_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A station's button under the admin's /pickups (handlers/bookings/county.py): its pickups."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return  # the guard answers the press with why
    await query.answer()
    button = county_view.PickupsAt.parse(query.data)
    if button is not None:
        today = now_of(context).date()
        await show_pickups(update, context, [today, today + timedelta(days=1)], button.station)


async def no_show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "没来": record it and tell the farmer."""
    user, booking_id = await pressed_booking(update, context, view.NoShow)
    if booking_id is None:
        return
    lang = user.language
    now = now_of(context)
    today = now.date()

    async def work(session: Any) -> BookingView:
        actor = await model.actor_of(session, user.telegram_id)
        before = await session.get(Booking, booking_id)
        was = {"status": before.status.value} if before is not None else None
        booking = await service.mark_no_show(session, actor, booking_id, now)
        await notices.queue_notice(session, booking, "no_show", today)
        await record(
            session,
            user.telegram_id,
            "booking.no_show",
            f"booking {booking.code}",
            before=was,
            after={"status": booking.status.value},
        )
        return booking

    try:
        booking = await retrying(work)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return
    await show_reply(update, t(lang, "bookings.staff.no_show", code=booking.code), edit=False)
