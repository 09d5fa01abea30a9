"""Moving a booking to another day: "🕘 改时间" on it, or the move typed (改到后天, 改成明天下午,
move it to Friday) by a farmer with a booking to move.

A typed move is classified as a knowledge question (改 is ambiguous), and only the bookings
can say what it means: with one booking to come it moves that one, the day said filled
in; with several it asks which (the produce named, 西红柿那个改到后天, picks among them);
with none it is the question it was before. Said during a booking in progress, the day is
that booking's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.bookings import model, queries
from bot.bookings.model import BookingView
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from bot.models.users import User
from handlers.bookings.base import (
    BOOKED_CLOSED,
    BOOKED_DAY,
    BOOKED_SLOT,
    CONFIRM,
    DAY,
    KEPT,
    SLOT,
    WANT_DAY,
    allowed_booking,
    draft_of,
    now_of,
    pressed_booking,
    show_reply,
    want_day,
)
from handlers.bookings.herd_draft import HERD, SAID, herd_of, said_of
from handlers.bookings.steps import present
from handlers.common import register_visitor
from handlers.render import bookings as view
from handlers.render import moves
from handlers.routing import intent_of
from knowledge.text.dates import SaidDay, said_day
from knowledge.text.lexicon import lexicon
from knowledge.text.moving import said_shift

# user_data: the move typed while the farmer picks which booking it is for (the normalised
# text; read again on the press, so the days are counted from then).
MOVE_SAID = "move_said"


async def start_move(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "改时间" on a booking (its farmer, or the station's staff): pick a new day and slot."""
    user, booking_id = await pressed_booking(update, context, view.Move)
    if booking_id is None:
        return ConversationHandler.END
    booking = await allowed_booking(update, user, booking_id, False, model.ACTIVE)
    if booking is None:
        return ConversationHandler.END
    return await _begin(update, context, user, booking, None)


async def move_to_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """One of the farmer's bookings, picked to move to the day they typed (see move_said)."""
    user, booking_id = await pressed_booking(update, context, view.MoveTo)
    if booking_id is None:
        return ConversationHandler.END
    booking = await allowed_booking(update, user, booking_id, False, model.ACTIVE)
    if booking is None:
        return ConversationHandler.END
    typed = context.user_data.pop(MOVE_SAID, None) if context.user_data is not None else None
    said = _said(typed, now_of(context).date(), booking.day) if isinstance(typed, str) else None
    return await _begin(update, context, user, booking, said)


def _said(text: str, today: date, booked: date | None) -> SaidDay:
    """The day a typed move names: 改到后天, or 推迟两天 counted from the day `booked`."""
    said = said_day(text, today)
    shift = said_shift(text)
    if shift is None or booked is None:
        return said
    return SaidDay(booked + timedelta(days=shift), said.part, said.at)


async def move_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """改到后天 typed (routing.MoveWords): the day for the booking in progress, else a move of
    the farmer's one booking to come, or the question which one; with none, that there is
    none to move."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = intent_of(message.text or "").text if message is not None else ""
    today = now_of(context).date()
    draft = draft_of(context)
    if draft.get("step") and not draft.get(KEPT):
        return await _for_draft(update, context, user.language, draft, text)
    async with session_scope() as session:
        bookings = await queries.farmer_bookings(session, user.telegram_id, today)
    named = {m.canonical for m in lexicon().mentions(text, "product")}
    if named and any(b.product in named for b in bookings):
        bookings = [b for b in bookings if b.product in named]
    if not bookings:
        # Nothing to move. Said as nothing but a move (改到后天: routing.MoveWords), it is
        # about a booking all the same: said so, not 答不上来 and an offer to forward it.
        if message is not None:
            await message.reply_text(t(user.language, "bookings.mine.move_none"))
        return ConversationHandler.END
    if len(bookings) == 1:
        return await _begin(update, context, user, bookings[0], _said(text, today, bookings[0].day))
    if context.user_data is not None:
        context.user_data[MOVE_SAID] = text
    await show_reply(update, *moves.which_to_move(user.language, bookings, today))
    return ConversationHandler.END


async def _for_draft(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    text: str,
) -> str:
    """改到后天 during a booking or a move: its day from now on (asked again if chosen).

    推迟两天 counts from the day chosen (or wanted, or a moved booking's own day). Said before
    the day step (at the product, amount or station step), the step is shown again with a
    line saying the day is taken, for when the days are offered.
    """
    today = now_of(context).date()
    base = draft.get("day") or draft.get(WANT_DAY) or draft.get(BOOKED_DAY)
    said = _said(text, today, date.fromisoformat(base) if base else None)
    step = str(draft["step"])
    if said.day is None and said.span is None and said_shift(text) is not None:
        # 推迟两天 with no day chosen yet: nothing to count from.
        note = t(lang, "bookings.shift_no_day")
        return await present(update, context, lang, step, note=note, edit=False)
    want_day(draft, said)
    if step in (DAY, SLOT, CONFIRM):
        # The day (and round) chosen are replaced by the one said.
        draft.pop("day", None)
        draft.pop("slot", None)
        return await present(update, context, lang, DAY, edit=False)
    return await present(update, context, lang, step, note=day_noted(lang, said, today), edit=False)


def day_noted(lang: str, said: SaidDay, today: date) -> str | None:
    """The line saying a day typed before the day step is kept for it (None: no day said)."""
    if said.day is not None:
        return t(lang, "bookings.day_noted", date=view.date_label(lang, said.day, today))
    if said.span is not None:
        return t(lang, "bookings.days_noted", said=said.span.said)
    return None


async def _begin(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    booking: BookingView,
    said: SaidDay | None,
) -> str:
    """Start moving `booking`: the day step, with the day said (if any) filled in."""
    draft = draft_of(context)
    draft.clear()
    draft.update(
        mode="move",
        booking_id=booking.id,
        code=booking.code,
        product=booking.product,
        kg=booking.quantity_kg,
        qty=booking.quantity_text,
        station=booking.station_id,
        **{
            HERD: herd_of(booking),  # 2头黄牛 约600斤 shown again at the move's ✅
            SAID: said_of(booking),  # 洋芋（土豆） too
            BOOKED_DAY: booking.day.isoformat(),
            BOOKED_SLOT: booking.slot_id,
            BOOKED_CLOSED: booking.status == BookingStatus.slot_closed,
        },
    )
    note = None
    if said is not None:
        want_day(draft, said)
        if said.day is None and said.span is None and (said.part or said.at):
            # 改到下午: the afternoon of the day it is booked for.
            draft[WANT_DAY] = booking.day.isoformat()
        note = moves.moving_note(user.language, booking, now_of(context).date())
    return await present(update, context, user.language, DAY, note=note, edit=False)
