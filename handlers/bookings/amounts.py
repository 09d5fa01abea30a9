"""A booking's amount changed: "✏️ 改数量" under 我的预约 (the amount asked), or said in words
(改成1200斤, 西红柿改成1200斤, 只有800斤了, make it 1200 jin) by a farmer with a booking.

Either way a ✅ shows the old and the new amount before anything changes; a typed 是 is that
✅ too. The change is the service's (the round's kg cap); the station's staff are told of it
through the outbox, as of a listing's amount changed. Said during a new booking in progress,
the amount is that booking's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, ConversationHandler, filters

from bot.bookings import model, queries, service
from bot.bookings.model import AmountChanged, BookingView, Refused
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.users import get_user
from handlers import pending
from handlers.bookings.answers import quantity_typed
from handlers.bookings.base import (
    KEPT,
    NAME,
    QUANTITY,
    allowed_booking,
    draft_of,
    now_of,
    pressed_booking,
    show_reply,
    take_amount,
    tell_refused,
)
from handlers.bookings.steps import next_missing, present
from handlers.common import register_visitor, remove_buttons
from handlers.leave import redispatch
from handlers.notify import push
from handlers.render import booking_amounts as view
from handlers.render import bookings as bookings_view
from handlers.routing import intent_of
from knowledge.kb.questions import staff_of
from knowledge.text.amount_change import said_amount
from knowledge.text.lexicon import lexicon
from knowledge.text.numbers import Quantity, parse_quantity

# user_data: the booking whose ✏️ asked for its new amount (the amount typed next answers it).
AMOUNT_ASKED = pending.key("booking_amount_asked")
# An amount typed after ✏️ is short: 1200斤, 六百公斤, "1200 jin".
MAX_AMOUNT_REPLY = 30


# --- said in words --------------------------------------------------------------------------


async def amount_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """改成1200斤 typed (routing.AmountWords): the amount for the booking in progress, else the
    farmer's one booking's (or the produce's named) asked with ✅, or which one; with none,
    that there is none (the produce named but not booked: handed on)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = intent_of(message.text or "").text if message is not None else ""
    quantity = said_amount(text)
    if message is None or quantity is None:
        return ConversationHandler.END
    draft = draft_of(context)
    if draft.get("step") and not draft.get(KEPT) and draft.get("mode") != "move":
        return await _for_draft(update, context, user.language, draft, text, quantity)
    today = now_of(context).date()
    async with session_scope() as session:
        every = await queries.farmer_bookings(session, user.telegram_id, today)
    bookings = [b for b in every if b.status is BookingStatus.booked]
    named = {m.canonical for m in lexicon().mentions(text, "product")}
    if named:
        bookings = [b for b in bookings if b.product in named]
        if not bookings:
            # 今年玉米只有800斤了 with no corn booked: about the harvest, not a booking.
            await redispatch(update, context, skip=NAME)
            return _staying(draft)
    if not bookings:
        await message.reply_text(t(user.language, "bookings.mine.amount_none"))
    elif len(bookings) == 1:
        await ask_to_confirm(update, context, user, bookings[0], quantity)
    else:
        await show_reply(update, *view.which(user.language, bookings, quantity, today), edit=False)
    return _staying(draft)


def _staying(draft: dict[str, Any]) -> str | int:
    """A move in progress stays at its step (the amount is another matter); else the end."""
    if draft.get("mode") == "move" and draft.get("step") and not draft.get(KEPT):
        return str(draft["step"])
    return ConversationHandler.END


async def _for_draft(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    text: str,
    quantity: Quantity,
) -> str:
    """改成1200斤 during a new booking: its amount from now on (the round picked, if any, is
    picked again: the room a round has depends on it)."""
    if draft["step"] == QUANTITY:
        return await quantity_typed(update, context)
    problem = take_amount(draft, text, quantity, lang)
    if problem is not None:
        return await present(update, context, lang, QUANTITY, note=problem, edit=False)
    draft.pop("slot", None)
    return await present(update, context, lang, next_missing(draft), edit=False)


# --- ✏️ 改数量 -------------------------------------------------------------------------------


async def change_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "✏️ 改数量" on a booking: its amount now, and the new one asked for."""
    user, booking_id = await pressed_booking(update, context, bookings_view.BookingAmount)
    if booking_id is None or not await _owned(update, user, booking_id):
        return
    booking = await allowed_booking(update, user, booking_id, False, (BookingStatus.booked,))
    if booking is None:
        return
    pending.remember(update, context, AMOUNT_ASKED, booking.id)
    sent = await show_reply(
        update, view.ask_text(user.language, booking, now_of(context).date()), edit=False
    )
    pending.shown(context, sent)


class AmountReply(filters.MessageFilter):
    """An amount typed after ✏️ 改数量 (1200斤): the booking's new amount, to confirm."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="BookingAmountReply")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for a short text from someone whose ✏️ asked for an amount."""
        text, sender = message.text, message.from_user
        if sender is None or not self.user_data.get(sender.id, {}).get(AMOUNT_ASKED):
            return False
        return (
            bool(text) and not (text or "/").startswith("/") and len(text or "") <= MAX_AMOUNT_REPLY
        )


async def amount_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The amount typed after ✏️: asked to confirm (an unread one: asked again)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    asked = context.user_data.get(AMOUNT_ASKED) if context.user_data is not None else None
    if message is None or not isinstance(asked, int):
        return
    quantity = parse_quantity(message.text or "")
    if quantity is None or quantity.value <= 0:
        # Still open: the next message may be the amount.
        pending.remember(update, context, AMOUNT_ASKED, asked)
        await message.reply_text(t(user.language, "bookings.mine.amount_unread"))
        return
    booking = await allowed_booking(update, user, asked, False, (BookingStatus.booked,))
    if booking is not None:
        await ask_to_confirm(update, context, user, booking, quantity)


# --- the ✅ --------------------------------------------------------------------------------


async def ask_to_confirm(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    booking: BookingView,
    quantity: Quantity,
) -> None:
    """ "500斤 → 1200斤, 对吗？" with ✅ / 不改; a typed 是 / 不 answers it too."""
    text, keyboard = view.confirm(user.language, booking, quantity, now_of(context).date())
    unit, number = view.amount_said(quantity)
    CONFIRM.ask(update, context, bookings_view.AmountTo(booking.id, unit, number).encode())
    sent = await show_reply(update, text, keyboard, edit=False)
    pending.shown(context, sent)


async def which_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One of the farmer's bookings, picked for the amount they typed: its ✅ asked."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = bookings_view.AmountFor.parse(query.data if query else None)
    quantity = view.amount_of(pressed) if pressed is not None else None
    if query is None or pressed is None or quantity is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    if not await _owned(update, user, pressed.booking_id):
        return
    booking = await allowed_booking(update, user, pressed.booking_id, False, model.ACTIVE)
    if booking is None:
        return
    await remove_buttons(query)  # picked: the which-one buttons are spent
    await ask_to_confirm(update, context, user, booking, quantity)


async def yes_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The ✅: the booking's new amount."""
    query = update.callback_query
    if query is not None:
        await change(update, context, query.data or "")


async def change(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """Give the booking the amount its ✅ carries (pressed, or 是 typed); staff are told."""
    user = await register_visitor(update, context)
    pending.forget(context)
    lang, now = user.language, now_of(context)
    pressed = bookings_view.AmountTo.parse(data)
    quantity = view.amount_of(pressed) if pressed is not None else None
    if pressed is None or quantity is None:
        await tell_refused(update, lang, Refused("bad_quantity"))
        return
    booking_id = pressed.booking_id

    async def work(session: Any) -> AmountChanged:
        changed = await service.change_amount(
            session, user.telegram_id, booking_id, quantity, now_local=now
        )
        b = changed.booking
        for staff_id in await staff_of(session, b.station_id):
            member = await get_user(session, staff_id)
            if member is not None:
                await push(
                    session,
                    staff_id,
                    view.staff_notice(member.language, changed, user.name, now.date()),
                    key=f"booking-amount:{b.id}:{changed.old_kg}:{b.quantity_kg}:{staff_id}",
                    source="booking",
                )
        return changed

    try:
        changed = await retrying(work)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return
    await show_reply(update, view.changed_text(lang, changed, now.date()))


async def keep_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """不改: the booking's amount stays, said so."""
    user, booking_id = await pressed_booking(update, context, bookings_view.KeepAmount)
    if booking_id is not None and await _owned(update, user, booking_id):
        await _kept(update, context, user, booking_id)


async def _owned(update: Update, user: User, booking_id: int) -> bool:
    """Whether the booking is the presser's own (its amount is the farmer's to change; staff
    weigh what comes): else refused, saying nothing of it (a forged or a stranger's press)."""
    try:
        async with session_scope() as session:
            booking = await queries.view(session, booking_id)
    except Refused as refused:
        await tell_refused(update, user.language, refused)
        return False
    if booking.farmer_id != user.telegram_id:
        await tell_refused(update, user.language, Refused("not_yours"))
        return False
    return True


async def _kept(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, booking_id: int
) -> None:
    pending.forget(context)
    async with session_scope() as session:
        booking = await queries.view(session, booking_id)
    await show_reply(update, view.kept_text(user.language, booking, now_of(context).date()))


async def _typed_yes(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    await change(update, context, data)


async def _typed_no(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    user = await register_visitor(update, context)
    pressed = bookings_view.AmountTo.parse(data)
    if pressed is not None:
        await _kept(update, context, user, pressed.booking_id)


# The ✅ answered in words: 是 / 好的 / yes as its ✅, 不 / no as 不改.
CONFIRM = pending.Question(pending.key("booking_amount_confirm"), _typed_yes, _typed_no)
