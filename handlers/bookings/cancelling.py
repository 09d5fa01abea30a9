"""A booking called off in words (取消白菜的预约, 白菜那个不送了，取消吧, 明天不去了, 后天那个取消),
and a typed yes or no (是, 好的, 不) to "确定要取消预约…吗？".

Typed, the cancel finds the farmer's bookings to come (the produce and the day named pick
among them): with one it asks to confirm, as ✖️ under 我的预约 does; with several it asks
which; with none that day it says so and lists the ones they have; with none at all it says
so, unless only a day was named (明天不去了 from a farmer with no booking is no cancel: it is
the question it was). Said during a booking in progress it calls that booking off (the
step's ✖️), never picks the day; a booking already made for the day named, other than the
one in progress, is then asked about too. At a new booking's day step a day alone called off
(明天不去了) is that day turned down for it, as 明天去不了: the draft is kept, the days asked
again. All of a day's (明天的都取消), two or more, are asked about at once
(handlers/bookings/cancel_all.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.bookings import queries
from bot.bookings.model import BookingView
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from handlers.bookings.base import (
    CONFIRM,
    DAY,
    KEPT,
    NAME,
    SLOT,
    WANT_DAY,
    draft_of,
    now_of,
    show_reply,
)
from handlers.bookings.cancel_all import ask_cancel_all
from handlers.bookings.mine import CANCEL_ASKED, ask_to_cancel, cancel_booking, keep_booking
from handlers.bookings.nav import quit_flow
from handlers.bookings.steps import next_missing, present
from handlers.common import register_visitor
from handlers.leave import redispatch
from handlers.render import bookings as view
from handlers.render import moves
from handlers.routing import intent_of
from knowledge.text.cancelling import Cancel, cancelled_day, read_cancel
from knowledge.text.dates import said_day
from knowledge.text.lexicon import product_label
from knowledge.text.yesno import says_yes


async def cancel_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """取消白菜的预约 / 明天不去了 typed (routing.CancelWords): confirm, ask which, say there is
    none (that day), or hand a day alone on when there is no booking at all."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = intent_of(message.text or "").text if message is not None else ""
    read = read_cancel(text)
    said = read or Cancel(frozenset(), False, True)
    today = now_of(context).date()
    day = cancelled_day(text, today) if said.names_day else None
    async with session_scope() as session:
        every = await queries.farmer_bookings(session, user.telegram_id, today)
    bookings = [b for b in every if b.product in said.products] if said.products else every
    draft = draft_of(context)
    if draft.get("step") and not draft.get(KEPT):
        if day is not None and _day_only(read) and _picking_day(draft):
            # 明天不去了 at a new booking's day step: "not tomorrow" for it, as 明天去不了.
            return await _turn_down(update, context, user.language, day)
        return await _in_progress(update, context, user, draft, day, bookings)
    on_day = [b for b in bookings if day is None or b.day == day]
    if said.every and day is not None and not said.products and len(on_day) > 1:
        # 明天的都取消: all of that day's, listed and asked once.
        await ask_cancel_all(update, context, user, day, on_day)
    elif on_day:
        await _ask(update, context, user, on_day, today)
    elif day is not None and every:
        product = _names(user.language, said.products) or None
        await show_reply(
            update, *moves.none_on_day(user.language, day, product, every, today), edit=False
        )
    elif said.names_booking or (read is not None and said.names_day):
        # 明天不去了 alone (read_cancel leaves nothing else in it) from a farmer with no booking
        # at all: said so (final blind walk: 答不上来 and an offer to forward it).
        await show_reply(update, _none(user.language, said.products), edit=False)
    else:
        await redispatch(update, context, skip=NAME)
    return ConversationHandler.END


def _day_only(read: Cancel | None) -> bool:
    """Whether a cancel names a day and nothing else (明天不去了, not 取消明天的预约)."""
    return read is not None and read.names_day and not read.names_booking


def _picking_day(draft: dict[str, Any]) -> bool:
    """Whether the draft is a new booking waiting at its day step (not a move's)."""
    return draft.get("mode") == "new" and draft.get("step") == DAY


async def _in_progress(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    draft: dict[str, Any],
    day: date | None,
    bookings: list[BookingView],
) -> int:
    """A cancel said at a step: the booking in progress called off (明天不去了 never picks
    tomorrow). A booking already made for the day named, when the one in progress is not for
    that day (or is a move of it), is asked about next: that is the one meant."""
    chosen = draft.get("day") or draft.get(WANT_DAY)
    others = [b for b in bookings if day is not None and chosen != day.isoformat() and b.day == day]
    await quit_flow(update, context)
    if others:
        await _ask(update, context, user, others, now_of(context).date())
    return ConversationHandler.END


async def _ask(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    bookings: list[BookingView],
    today: date,
) -> None:
    """One booking: "确定要取消…吗？"; several: which one."""
    if len(bookings) == 1:
        await ask_to_cancel(update, context, user, bookings[0])
    else:
        await show_reply(update, *moves.which_to_cancel(user.language, bookings, today), edit=False)


def _names(lang: str, products: frozenset[str]) -> str:
    return "、".join(product_label(lang, p) for p in sorted(products))


def _none(lang: str, named: frozenset[str]) -> str:
    if not named:
        return t(lang, "bookings.mine.none")
    return t(lang, "bookings.cancel_none_of", product=_names(lang, named))


async def day_turned_down(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """明天去不了 / 后天有事 at a step (routing.DayTurnedDown): that day is not chosen. Chosen
    already (at the rounds, the summary), it is dropped and the days are offered again; else
    the step is asked again, saying so."""
    user = await register_visitor(update, context)
    message = update.effective_message
    today = now_of(context).date()
    day = said_day(message.text or "", today).day if message is not None else None
    return await _turn_down(update, context, user.language, day)


async def _turn_down(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, day: date | None
) -> str:
    """The draft's step asked again with `day` not chosen (dropped if it was)."""
    today = now_of(context).date()
    draft = draft_of(context)
    step = str(draft.get("step") or next_missing(draft))
    note = None
    if day is not None:
        if draft.get("day") == day.isoformat():
            draft.pop("day", None)
            draft.pop("slot", None)
            step = DAY if step in (SLOT, CONFIRM) else step
        if draft.get(WANT_DAY) == day.isoformat():
            draft.pop(WANT_DAY, None)
        note = t(lang, "bookings.day_turned_down", date=view.date_label(lang, day, today))
    return await present(update, context, lang, step, note=note, edit=False)


async def cancel_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """是 (or 不) typed to "确定要取消预约…吗？": as its ✅ (or 不取消) button."""
    message = update.effective_message
    asked = context.user_data.get(CANCEL_ASKED) if context.user_data is not None else None
    if message is None or not isinstance(asked, int):
        return
    if says_yes(message.text or ""):
        await cancel_booking(update, context, asked)
    else:
        await keep_booking(update, context)
