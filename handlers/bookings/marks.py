"""Station staff marking a pickup without its code: 收了 / 没来 alone list the round now due
with their ✅ 收了 / ❌ 没来 buttons (as /pickups); 孙大爷鸡蛋收了，28斤 finds that farmer's
booking today and records it as `CODE 收了 28斤` does; 孙大爷没来 shows its card to press.
The words are read by knowledge/text/staff_marks.py, the bookings found by bot/bookings/marks.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.bookings import marks, queries
from bot.bookings.model import BookingView
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from handlers.bookings.base import now_of
from handlers.bookings.weighing import weigh_said
from handlers.render import rounds
from knowledge.text.staff_marks import Mark, MarkSaid


async def marked(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    user: User,
    said: MarkSaid,
) -> None:
    """收了 / 没来 / 孙大爷鸡蛋收了 28斤 from staff of `user.station_id`: answered as above."""
    assert user.station_id is not None
    lang, now = user.language, now_of(context)
    today = now.date()
    async with session_scope() as session:
        rounds_of = await queries.station_pickups(session, user.station_id, [today])
    if not said.who:
        due = marks.due(rounds_of, said.mark, now)
        if not due:
            await message.reply_text(t(lang, "bookings.staff.mark_due_none"))
            return
        await _listed(message, lang, t(lang, f"bookings.staff.mark_pick_{said.mark}"), due, now)
        return
    open_today = [b for p in rounds_of if not p.closed for b in p.bookings]
    found = marks.named([b for b in open_today if marks.markable(b, said.mark, now)], said.who)
    if not found:
        await message.reply_text(t(lang, "bookings.staff.mark_none", who=said.who))
        return
    if len(found) > 1:
        head = t(lang, "bookings.staff.mark_several", count=len(found), who=said.who)
        await _listed(message, lang, head, found, now)
        return
    (booking,) = found
    if said.mark is Mark.collected and said.kg is not None:
        await weigh_said(update, context, lang, booking, said.kg)
        return
    text, markup = rounds.staff_card(lang, booking, today, now)
    await message.reply_text(text, reply_markup=markup)


async def _listed(
    message: Message, lang: str, head: str, bookings: Sequence[BookingView], now: datetime
) -> None:
    """The bookings, one line each as /pickups lists them, with their buttons."""
    for text, markup in rounds.mark_list(lang, head, bookings, now.date(), now):
        await message.reply_text(text, reply_markup=markup)
