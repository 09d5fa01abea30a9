"""Station staff: closing a slot (rain, no truck) and telling every farmer booked in it."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.audit import record
from bot.bookings import model, notices, queries, service
from bot.bookings.model import BookingView, Refused
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.stations import BookingStatus
from handlers.bookings.base import now_of, show_reply, tell_refused
from handlers.common import press, register_visitor
from handlers.render import bookings as view


async def ask_close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "关闭这个时段": check the staff runs it, then ask why (each reason closes it)."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.CloseSlot.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    slot_id, day = pressed.slot_id, pressed.day
    try:
        async with session_scope() as session:
            actor = await model.actor_of(session, user.telegram_id)
            pickups = await queries.closable(session, actor, slot_id, day)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return
    starts, ends = view.window(pickups.starts, pickups.ends)
    active = [b for b in pickups.bookings if b.status is BookingStatus.booked]
    text = t(
        lang,
        "bookings.staff.close_confirm",
        date=view.date_label(lang, day, now_of(context).date()),
        starts=starts,
        ends=ends,
        count=len(active),
    )
    await show_reply(update, text, view.close_keyboard(lang, slot_id, day), edit=False)


async def close_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Close the slot and tell every farmer booked in it, offering another time."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.CloseYes.parse(query.data)
    if pressed is None or pressed.reason not in view.CLOSE_REASONS:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    slot_id, day, reason = pressed.slot_id, pressed.day, pressed.reason

    today = now_of(context).date()

    async def work(session: Any) -> list[BookingView]:
        actor = await model.actor_of(session, user.telegram_id)
        affected = await service.close_slot(session, actor, slot_id, day, reason)
        # Every farmer in the slot is told, with buttons to pick another time,
        # in the same transaction that closes it.
        for booking in affected:
            await notices.queue_notice(
                session, booking, "slot_closed", today, reason=reason, buttons=view.rebook_buttons
            )
        await record(
            session, user.telegram_id, "slot.close", f"slot {slot_id} {day.isoformat()}",
            before={"open": True},
            after={"open": False, "reason": reason, "bookings": [b.code for b in affected]},
        )
        return affected

    try:
        affected = await retrying(work)
        async with session_scope() as session:
            slot = await queries.slot_window(session, slot_id)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return
    starts, ends = view.window(*slot)
    await show_reply(
        update,
        t(
            lang,
            "bookings.staff.closed",
            date=view.date_label(lang, day, today),
            starts=starts,
            ends=ends,
            count=len(affected),
        ),
    )


async def keep_open(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "不关闭"."""
    user = await register_visitor(update, context)
    await show_reply(update, t(user.language, "bookings.staff.kept_open"))
