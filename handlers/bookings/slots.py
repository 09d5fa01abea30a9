"""Station staff: closing a slot (rain, no truck) and telling every farmer booked in it.

"🚫 关闭" asks why: a reason button closes it, and so does a reason typed in its
own words (下雨，车坏了), which the farmers get as written. "↩️ 重新开放" (under the
closing's reply, and in /pickups) opens a slot closed by mistake again. The question is a short
persistent conversation, so the typed reason is never taken for a knowledge question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.audit import record
from bot.bookings import model, notices, queries, service
from bot.bookings.model import Actor, BookingView, Refused
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.stations import BookingStatus
from handlers.bookings.base import BOOKING_TIMEOUT_S, now_of, show_reply, tell_refused
from handlers.common import press, register_visitor
from handlers.leave import leave_handler, with_leave
from handlers.render import bookings as view
from handlers.render import rounds
from handlers.render.rounds import who_text
from handlers.timeouts import TimedConversation

CLOSE_NAME = "slot_close"
WAIT_REASON = "bk_close_reason"  # the conversation's one state: waiting for the reason
CLOSING = "closing_slot"  # user_data: [slot id, ISO day] of the slot being closed
# The stored reason's column holds 100 characters.
MAX_REASON = 100


async def ask_close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "关闭这个时段": check the staff runs it, then ask why (a button or typed words)."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.CloseSlot.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    slot_id, day = pressed.slot_id, pressed.day
    try:
        async with session_scope() as session:
            actor = await model.actor_of(session, user.telegram_id)
            pickups = await queries.closable(session, actor, slot_id, day)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return ConversationHandler.END
    starts, ends = view.window(pickups.starts, pickups.ends)
    active = [b for b in pickups.bookings if b.status is BookingStatus.booked]
    text = t(
        lang,
        "bookings.staff.close_confirm",
        date=view.date_label(lang, day, now_of(context).date()),
        starts=starts,
        ends=ends,
        who=who_text(lang, active),
    )
    if context.user_data is not None:
        context.user_data[CLOSING] = [slot_id, day.isoformat()]
    await show_reply(update, text, rounds.close_keyboard(lang, slot_id, day), edit=False)
    return WAIT_REASON


async def close_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A reason button: close the slot and tell every farmer booked in it."""
    query, user = await press(update, context)
    pressed = view.CloseYes.parse(query.data)
    if pressed is None or pressed.reason not in view.CLOSE_REASONS:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    return await _close(update, context, pressed.slot_id, pressed.day, pressed.reason)


async def reason_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The reason in the staff's own words (下雨，车坏了): it closes the slot, farmers read it."""
    message = update.effective_message
    user = await register_visitor(update, context)
    closing = (context.user_data or {}).get(CLOSING)
    if message is None or not isinstance(closing, list) or len(closing) != 2:
        return ConversationHandler.END
    reason = " ".join((message.text or "").split())
    if not reason or len(reason) > MAX_REASON:
        await message.reply_text(
            t(user.language, "bookings.staff.reason_too_long", limit=MAX_REASON)
        )
        return WAIT_REASON
    return await _close(update, context, int(closing[0]), date.fromisoformat(closing[1]), reason)


async def _close(
    update: Update, context: ContextTypes.DEFAULT_TYPE, slot_id: int, day: date, reason: str
) -> int:
    """Close the slot and tell every farmer booked in it, offering another time."""
    user = await register_visitor(update, context)
    lang = user.language
    if context.user_data is not None:
        context.user_data.pop(CLOSING, None)
    today = now_of(context).date()
    # A button's reason is said in each farmer's language; typed words are quoted as written.
    said = reason not in view.CLOSE_REASONS
    kind = "slot_closed_said" if said else "slot_closed"
    # A slot reopened may be closed again: that is told again too.
    occasion = utcnow().isoformat()
    changed = await _change_round(
        update,
        lang,
        user.telegram_id,
        slot_id,
        day,
        opens=False,
        change=lambda session, actor: service.close_slot(session, actor, slot_id, day, reason),
        # Every farmer in the slot is told, with buttons to pick another time, in the same
        # transaction that closes it.
        notify=lambda session, booking: notices.queue_notice(
            session,
            booking,
            kind,
            today,
            reason=reason,
            buttons=view.rebook_buttons,
            occasion=occasion,
        ),
        audited={"reason": reason},
    )
    if changed is None:
        return ConversationHandler.END
    affected, starts, ends = changed
    await show_reply(
        update,
        t(
            lang,
            "bookings.staff.closed_said" if said else "bookings.staff.closed",
            date=view.date_label(lang, day, today),
            starts=starts,
            ends=ends,
            who=who_text(lang, affected),
            reason=reason,
        ),
        # Closed by mistake: open it again at once (blind test).
        rounds.reopen_keyboard(lang, slot_id, day, starts, ends),
    )
    return ConversationHandler.END


async def reopen_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "↩️ 重新开放": the slot takes bookings again, and the farmers it had keep their place."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.ReopenSlot.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    slot_id, day = pressed.slot_id, pressed.day
    now = now_of(context)
    occasion = utcnow().isoformat()
    changed = await _change_round(
        update,
        lang,
        user.telegram_id,
        slot_id,
        day,
        opens=True,
        change=lambda session, actor: service.reopen_slot(session, actor, slot_id, day, now),
        notify=lambda session, booking: notices.queue_notice(
            session, booking, "slot_reopened", now.date(), occasion=occasion
        ),
    )
    if changed is None:
        return
    restored, starts, ends = changed
    said = dict(date=view.date_label(lang, day, now.date()), starts=starts, ends=ends)
    if restored:
        text = t(lang, "bookings.staff.reopened", who=who_text(lang, restored), **said)
    else:
        text = t(lang, "bookings.staff.reopened_empty", **said)
    await show_reply(update, text)


async def _change_round(
    update: Update,
    lang: str,
    staff_id: int,
    slot_id: int,
    day: date,
    *,
    opens: bool,
    change: Callable[[AsyncSession, Actor], Awaitable[list[BookingView]]],
    notify: Callable[[AsyncSession, BookingView], Awaitable[object]],
    audited: dict[str, Any] | None = None,
) -> tuple[list[BookingView], str, str] | None:
    """Close or reopen a round: the bookings it touched and its hours; None when refused.

    One unit of work (retried on a conflict) changes the round, queues each farmer's
    notice and writes the audit line, so the farmers hear of it exactly when it happened;
    a refusal (not the staff's station, already closed or open) is told to the staff.
    """

    async def work(session: AsyncSession) -> list[BookingView]:
        actor = await model.actor_of(session, staff_id)
        touched = await change(session, actor)
        for booking in touched:
            await notify(session, booking)
        await record(
            session,
            staff_id,
            "slot.reopen" if opens else "slot.close",
            f"slot {slot_id} {day.isoformat()}",
            before={"open": not opens},
            after={"open": opens, **(audited or {}), "bookings": [b.code for b in touched]},
        )
        return touched

    try:
        touched = await retrying(work)
        async with session_scope() as session:
            slot = await queries.slot_window(session, slot_id)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return None
    starts, ends = view.window(*slot)
    return touched, starts, ends


async def keep_open(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """ "不关闭" (or /cancel while asked why)."""
    user = await register_visitor(update, context)
    _left(context)
    await show_reply(update, t(user.language, "bookings.staff.kept_open"))
    return ConversationHandler.END


def _left(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(CLOSING, None)


def conversation() -> ConversationHandler[Any]:
    """ "🚫 关闭", then why: a reason button or typed words (persistent, with a timeout)."""
    # New messages only: an edited message is not a new reason.
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[CallbackQueryHandler(ask_close, pattern=view.CloseSlot.matches)],
        # Any text is the reason: only a command or a menu button leaves.
        states=with_leave(
            {
                WAIT_REASON: [
                    CallbackQueryHandler(close_confirmed, pattern=view.CloseYes.matches),
                    CallbackQueryHandler(keep_open, pattern=view.KeepOpen.matches),
                    MessageHandler(text, reason_typed),
                ]
            },
            leave_handler(CLOSE_NAME, "bookings.staff.close_left", intents=False, on_leave=_left),
        ),
        fallbacks=[CommandHandler("cancel", keep_open)],
        name=CLOSE_NAME,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=BOOKING_TIMEOUT_S),
    )
