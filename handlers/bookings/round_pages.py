"""A round's close / reopen button pressed on a message that no longer shows it as it is.

A /pickups message keeps the buttons it was sent with: after the round is reopened (from
another message), its ↩️ 重新开放 only said 这个时段没有关闭 (blind staff walk). Now the
press is answered with how the round stands, and the message is shown as it is now: a
/pickups page drawn again from the database (its round's title, marks and buttons), any
other message (已关闭 …, 要重新开放 …吗？) with the round's current button in place of the
stale one. Also used after a round is reopened from a /pickups page: the page shows it open.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.bookings import queries
from bot.bookings.model import Refused, SlotPickups
from bot.core.db import session_scope
from bot.stations.catalogue import get_station
from handlers.bookings.base import now_of
from handlers.render import bookings as view
from handlers.render import rounds

log = logging.getLogger(__name__)

# The refusals of a press on a message from before: the round closed or reopened since, or over.
STALE = frozenset({"not_closed", "already_closed", "round_over", "close_over"})


def pressed_page(update: Update) -> Message | None:
    """The pressed message when it is a /pickups page (rounds.staff_day), else None."""
    query = update.callback_query
    message = query.message if query is not None else None
    if isinstance(message, Message) and rounds.is_day_page(message.text, message.reply_markup):
        return message
    return None


async def show_round_now(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, slot_id: int, day: date
) -> None:
    """Edit the pressed message to the round's state now (see the module's docstring)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    now = now_of(context)
    try:
        async with session_scope() as session:
            station_id = await queries.slot_station(session, slot_id)
            station = await get_station(session, station_id)
            of_day = await queries.station_pickups(session, station_id, [day])
    except Refused:
        return
    pickups = next((p for p in of_day if p.slot_id == slot_id), None)
    if pickups is None or station is None:
        return
    try:
        if pressed_page(update) is not None:
            page = _page_of(lang, station.name, of_day, pickups, now)
            if page is not None:
                # Shown as it is already (a second stale press): Telegram refuses the edit.
                if (page[0], page[1]) != (message.text, message.reply_markup):
                    await query.edit_message_text(page[0], reply_markup=page[1])
                return
        markup = _swapped(lang, message.reply_markup, pickups, now)
        if markup != message.reply_markup:
            await query.edit_message_reply_markup(markup)
    except BadRequest as exc:
        # Unchanged (it shows this already), or too old to edit: the answer said it.
        log.debug("could not show a round as it is: %s", exc)


def _ours(button: InlineKeyboardButton, slot_id: int, day: date) -> bool:
    """Whether a button is the round's 🚫 关闭 or ↩️ 重新开放."""
    data = button.callback_data
    for kind in (view.CloseSlot, view.ReopenSlot):
        pressed = kind.parse(data)
        if pressed is not None and (pressed.slot_id, pressed.day) == (slot_id, day):
            return True
    return False


def _page_of(
    lang: str, station: str, of_day: list[SlotPickups], pickups: SlotPickups, now: datetime
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The page of the day's /pickups that shows the round (its button under it)."""
    pages = rounds.staff_day(lang, station, pickups.day, of_day, now.date(), now)
    for text, markup in pages:
        rows = markup.inline_keyboard if markup else ()
        if any(_ours(b, pickups.slot_id, pickups.day) for row in rows for b in row):
            return text, markup
    return None  # a round over has no button: its buttons are taken off instead


def _swapped(
    lang: str, markup: InlineKeyboardMarkup, pickups: SlotPickups, now: datetime
) -> InlineKeyboardMarkup | None:
    """The keyboard with the round's button as it stands (none once the round is over)."""
    over = queries.round_over(pickups.day, pickups.ends, now)
    current = None if over else rounds.round_button(lang, pickups, now.date())

    def as_now(button: InlineKeyboardButton) -> InlineKeyboardButton | None:
        return current if _ours(button, pickups.slot_id, pickups.day) else button

    rows = [[b for b in map(as_now, row) if b is not None] for row in markup.inline_keyboard]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None
