"""All of a day's bookings called off at once (明天的都取消, 明天的全不去了, "cancel all
tomorrow"): listed and asked once (✅ 全部取消 / 都不取消, or a typed 是 / 不), then each is
cancelled as one cancelled alone would be, in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.bookings import model, queries, service
from bot.bookings.model import BookingView, Refused
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.users import User
from handlers import pending
from handlers.bookings.base import now_of, show_reply
from handlers.bookings.mine import keep_booking
from handlers.common import register_visitor
from handlers.render import bookings as view
from handlers.render import moves
from knowledge.text.yesno import says_yes

# user_data: the day (its ordinal) whose "确定要取消…全部…吗？" is open.
# By name, not position: pending.QUESTIONS grows as features add questions.
CANCEL_DAY_ASKED = pending.key("cancel_day_asked")
assert CANCEL_DAY_ASKED in pending.QUESTIONS


async def ask_cancel_all(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    day: date,
    bookings: list[BookingView],
) -> None:
    """ "确定要取消您明天的全部 2 个预约吗？" with each listed; a typed 是 / 不 answers it too."""
    today = now_of(context).date()
    text, markup = moves.cancel_all(user.language, day, bookings, today)
    pending.remember(update, context, CANCEL_DAY_ASKED, day.toordinal())
    pending.shown(context, await show_reply(update, text, markup, edit=False))


async def ask_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, day: object
) -> None:
    """ "确定要取消…全部…吗？" asked again in `user`'s language after "English please"
    (handlers/pending.py), with the bookings still on that day (none left: nothing asked)."""
    if not isinstance(day, int) or not 1 <= day <= date.max.toordinal():
        return
    on = date.fromordinal(day)
    async with session_scope() as session:
        every = await queries.farmer_bookings(session, user.telegram_id, now_of(context).date())
    on_day = [b for b in every if b.day == on]
    if on_day:
        await ask_cancel_all(update, context, user, on, on_day)


async def cancel_all_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ 全部取消: the presser's own bookings that day are cancelled (nobody else's)."""
    query = update.callback_query
    pressed = view.CancelDay.parse(query.data) if query is not None else None
    if pressed is None or not 1 <= pressed.day <= date.max.toordinal():
        user = await register_visitor(update, context)
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    await cancel_day(update, context, date.fromordinal(pressed.day))


async def cancel_all_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """是 (or 不) typed to "确定要取消…全部…吗？": as its ✅ (or 都不取消) button."""
    message = update.effective_message
    asked = context.user_data.get(CANCEL_DAY_ASKED) if context.user_data is not None else None
    if message is None or not isinstance(asked, int):
        return
    if says_yes(message.text or ""):
        await cancel_day(update, context, date.fromordinal(asked))
    else:
        await keep_booking(update, context)


async def cancel_day(update: Update, context: ContextTypes.DEFAULT_TYPE, day: date) -> None:
    """Cancel every booking the farmer still has on `day`; say which were, and which not."""
    user = await register_visitor(update, context)
    pending.forget(context)
    lang = user.language
    now = now_of(context)
    today = now.date()

    async def work(session: Any) -> tuple[list[str], list[str]]:
        actor = await model.actor_of(session, user.telegram_id)
        done: list[str] = []
        left: list[str] = []
        for booking in await queries.farmer_bookings(session, user.telegram_id, today):
            if booking.day != day:
                continue
            try:
                cancelled = await service.cancel(session, actor, booking.id, now)
            except Refused:  # its round is over meanwhile: nothing of it was changed
                left.append(booking.code)
                continue
            # As one cancelled alone (mine.cancel_booking): the farmer's own, so no notice is
            # queued; the station's staff see it cancelled in their pickups.
            done.append(cancelled.code)
        return done, left

    done, left = await retrying(work)
    when = view.date_label(lang, day, today)
    if not done and not left:
        await show_reply(update, t(lang, "bookings.cancel_all_none", date=when))
        return
    sep = ", " if lang == "en" else "、"
    lines = []
    if done:
        lines.append(
            t(lang, "bookings.cancel_all_done", date=when, count=len(done), codes=sep.join(done))
        )
    if left:
        lines.append(t(lang, "bookings.cancel_all_left", codes=sep.join(left)))
    await show_reply(update, "\n".join(lines))
