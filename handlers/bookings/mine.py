"""我的预约: the farmer's coming bookings, and cancelling one."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.bookings import model, notices, queries, service
from bot.bookings.model import BookingView, Refused
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.users import User
from handlers import pending, render
from handlers.bookings.base import (
    allowed_booking,
    now_of,
    pressed_booking,
    show_reply,
    tell_refused,
)
from handlers.common import incoming, register_visitor
from handlers.render import bookings as view

# user_data: the booking whose "确定要取消…吗？" is open (a typed 是 answers it: handlers/pending).
CANCEL_ASKED = pending.key("cancel_asked")


# --- 我的预约: list, cancel ---------------------------------------------------------------------


async def my_bookings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer's coming bookings with change-time and cancel buttons."""
    message, user = await incoming(update, context)
    today = now_of(context).date()
    async with session_scope() as session:
        views = await queries.farmer_bookings(session, user.telegram_id, today)
    for text, markup in view.my_bookings(user.language, views, today):
        await message.reply_text(
            text, reply_markup=markup or render.main_menu(user.language, user.role)
        )


async def ask_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "取消" on a booking: check it is theirs, then ask to confirm."""
    user, booking_id = await pressed_booking(update, context, view.Cancel)
    if booking_id is None:
        return
    booking = await allowed_booking(update, user, booking_id, False, model.ACTIVE)
    if booking is None:
        return
    await ask_to_cancel(update, context, user, booking)


async def ask_to_cancel(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, booking: BookingView
) -> None:
    """ "确定要取消预约…吗？" with its two buttons; a typed 是 / 不 answers it too."""
    starts, ends = view.window(booking.starts, booking.ends)
    text = t(
        user.language,
        "bookings.mine.confirm_cancel",
        code=booking.code,
        starts=starts,
        ends=ends,
        date=view.date_label(user.language, booking.day, now_of(context).date()),
    )
    pending.remember(update, context, CANCEL_ASKED, booking.id)
    sent = await show_reply(
        update, text, view.cancel_confirm_keyboard(user.language, booking.id), edit=False
    )
    pending.shown(context, sent)


async def ask_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, booking_id: object
) -> None:
    """ "确定要取消…吗？" asked again in `user`'s language after "English please" (handlers/
    pending.py), while the booking is still theirs to cancel (else why not is said)."""
    if not isinstance(booking_id, int):
        return
    booking = await allowed_booking(update, user, booking_id, False, model.ACTIVE)
    if booking is not None:
        await ask_to_cancel(update, context, user, booking)


async def cancel_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel the booking (refused, changing nothing, unless it is theirs or their station's)."""
    _user, booking_id = await pressed_booking(update, context, view.CancelYes)
    if booking_id is None:
        return
    await cancel_booking(update, context, booking_id)


async def cancel_booking(
    update: Update, context: ContextTypes.DEFAULT_TYPE, booking_id: int
) -> None:
    """Cancel one booking, pressed ✅ or typed 是 (see cancel_confirmed)."""
    user = await register_visitor(update, context)
    pending.forget(context)
    lang = user.language
    now = now_of(context)

    async def work(session: Any) -> BookingView:
        actor = await model.actor_of(session, user.telegram_id)
        booking = await service.cancel(session, actor, booking_id, now)
        if booking.farmer_id != user.telegram_id:  # staff cancelled it for the farmer
            await notices.queue_notice(session, booking, "cancelled", now.date())
        return booking

    try:
        booking = await retrying(work)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return
    await show_reply(update, t(lang, "bookings.mine.cancelled", code=booking.code))


async def keep_booking(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "不取消"."""
    user = await register_visitor(update, context)
    pending.forget(context)
    await show_reply(update, t(user.language, "bookings.mine.kept"))
