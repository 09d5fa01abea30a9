"""Moving a booking to another day: "🕘 改时间" on it, or the move typed (改到后天, 改成明天下午,
move it to Friday) by a farmer with a booking to move.

A typed move is classified as a knowledge question (改 is ambiguous), and only the bookings
can say what it means: with one booking to come it moves that one, the day said filled
in; with several it asks which (the produce named, 西红柿那个改到后天, picks among them);
with none it is the question it was before. Said during a booking in progress, the day is
that booking's.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.bookings import model, queries
from bot.bookings.model import BookingView
from bot.core.db import session_scope
from bot.models.users import User
from handlers.bookings.base import (
    CONFIRM,
    DAY,
    KEPT,
    NAME,
    SLOT,
    WANT_DAY,
    allowed_booking,
    draft_of,
    now_of,
    pressed_booking,
    show_reply,
    want_day,
)
from handlers.bookings.steps import present
from handlers.common import register_visitor
from handlers.leave import redispatch
from handlers.render import bookings as view
from handlers.render import moves
from handlers.routing import intent_of
from knowledge.text.dates import SaidDay, said_day
from knowledge.text.lexicon import lexicon

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
    said = said_day(typed, now_of(context).date()) if isinstance(typed, str) else None
    return await _begin(update, context, user, booking, said)


async def move_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """改到后天 typed (routing.MoveWords): the day for the booking in progress, else a move of
    the farmer's one booking to come, or the question which one; with none, the question
    the text was before."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = intent_of(message.text or "").text if message is not None else ""
    today = now_of(context).date()
    said = said_day(text, today)
    draft = draft_of(context)
    if draft.get("step") and not draft.get(KEPT):
        return await _for_draft(update, context, user.language, draft, said)
    async with session_scope() as session:
        bookings = await queries.farmer_bookings(session, user.telegram_id, today)
    named = {m.canonical for m in lexicon().mentions(text, "product")}
    if named and any(b.product in named for b in bookings):
        bookings = [b for b in bookings if b.product in named]
    if not bookings:
        # Nothing to move: 改到后天 is the question it was (the base has entries on moving).
        await redispatch(update, context, skip=NAME)
        return ConversationHandler.END
    if len(bookings) == 1:
        return await _begin(update, context, user, bookings[0], said)
    if context.user_data is not None:
        context.user_data[MOVE_SAID] = text
    await show_reply(update, *moves.which_to_move(user.language, bookings, today))
    return ConversationHandler.END


async def _for_draft(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    said: SaidDay,
) -> str:
    """改到后天 during a booking or a move: its day from now on (asked again if chosen)."""
    want_day(draft, said)
    step = str(draft["step"])
    if step in (DAY, SLOT, CONFIRM):
        # The day (and round) chosen are replaced by the one said.
        draft.pop("day", None)
        draft.pop("slot", None)
        step = DAY
    return await present(update, context, lang, step, edit=False)


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
    )
    note = None
    if said is not None:
        want_day(draft, said)
        if said.day is None and said.span is None and (said.part or said.at):
            # 改到下午: the afternoon of the day it is booked for.
            draft[WANT_DAY] = booking.day.isoformat()
        note = moves.moving_note(user.language, booking, now_of(context).date())
    return await present(update, context, user.language, DAY, note=note, edit=False)
