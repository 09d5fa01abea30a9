"""Station staff typing a booking code (E9LEXL, as /pickups and the farmer's booking show it).

The code alone shows that booking's card with the buttons /pickups gives it (收了, 没来);
with 已收 / 收了 / 称了 and a weight (E9LEXL 已收 780斤) the weighing is recorded as the
收了 button's weight prompt records it (handlers/bookings/weighing.py: no confirmation
there: the reply says what was recorded; a weight more than 3 times off the booking, or
the farmer early, is asked ✅ first); 已收 without a weight shows the card, whose
收了 asks the weight. A code of another station's booking is said not to be theirs, with
no details. The code is read by bot.bookings.typed_code; only staff's texts come here
(handlers/senders.py), before the farmers' features.
"""

from __future__ import annotations

from functools import lru_cache

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.bookings import queries
from bot.bookings.model import ACTIVE, BookingView
from bot.bookings.text import booking_text
from bot.bookings.typed_code import CodeSaid, read_code, read_farmer_code
from bot.core.db import session_scope
from bot.core.i18n import t
from handlers import render
from handlers.bookings.base import now_of
from handlers.bookings.weighing import weigh_said
from handlers.common import register_visitor
from handlers.render import bookings as booking_view
from handlers.render import rounds
from handlers.routing import LONG_MESSAGE_CHARS, menu_intent


@lru_cache(maxsize=512)
def _said(text: str) -> CodeSaid | None:
    return read_code(text)


class BookingCode(filters.MessageFilter):
    """A short text with one booking code in it (E9LEXL, e9lexl 已收 780斤)."""

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and _said(text) is not None


@lru_cache(maxsize=512)
def _farmer_said(text: str) -> str | None:
    return read_farmer_code(text)


class FarmerBookingCode(filters.MessageFilter):
    """A farmer's text that is one booking code (GSS7G6, 我的预约 gss7g6) and nothing else."""

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and _farmer_said(text) is not None


async def farmer_code_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A farmer's own booking named by its code: shown (with its buttons while it is to come);
    another farmer's code, or none, is "not found" without details (blind test: 答不上来)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    code = _farmer_said(message.text or "") if message is not None else None
    if message is None or code is None:
        return
    lang = user.language
    today = now_of(context).date()
    async with session_scope() as session:
        booking_id = await queries.find_by_code(session, code)
        booking = await queries.view(session, booking_id) if booking_id is not None else None
    if booking is None or booking.farmer_id != user.telegram_id:
        await message.reply_text(
            t(lang, "bookings.mine.code_not_found", code=code),
            reply_markup=render.main_menu(lang, user.role),
        )
        return
    if booking.status in ACTIVE and booking.day >= today:  # still to come: move / cancel
        for text, markup in booking_view.my_bookings(lang, [booking], today):
            await message.reply_text(text, reply_markup=markup or render.main_menu(lang, user.role))
        return
    await message.reply_text(
        booking_text(lang, "bookings.mine.entry", booking, today),
        reply_markup=render.main_menu(lang, user.role),
    )


async def code_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The booking a staff member's typed code names: its card, or its weighing recorded."""
    message = update.effective_message
    user = await register_visitor(update, context)
    said = _said(message.text or "") if message is not None else None
    if message is None or said is None:
        return
    lang = user.language
    now = now_of(context)
    async with session_scope() as session:
        booking_id = await queries.find_by_code(session, said.code)
        booking: BookingView | None = None
        if booking_id is not None:
            booking = await queries.view(session, booking_id)
    if booking is None:
        await message.reply_text(t(lang, "bookings.staff.code_not_found", code=said.code))
        return
    if user.station_id is None or booking.station_id != user.station_id:
        await message.reply_text(t(lang, "bookings.staff.code_not_ours", code=said.code))
        return
    if said.collected and said.kg is not None:
        # As the 收了 button: a same-day no-show too; early or far from the booking asked ✅.
        await weigh_said(update, context, lang, booking, said.kg)
        return
    text, markup = rounds.staff_card(lang, booking, now.date(), now)
    await message.reply_text(text, reply_markup=markup)
