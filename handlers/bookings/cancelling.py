"""A booking called off in words (取消白菜的预约, 白菜那个不送了，取消吧), and a typed yes or no
(是, 好的, 不) to "确定要取消预约…吗？".

Typed, the cancel finds the farmer's bookings to come (the produce named picks among them):
with one it asks to confirm, as ✖️ under 我的预约 does; with several it asks which; with none
it says so. Said during a booking in progress it calls that booking off (the step's ✖️).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.bookings import queries
from bot.core.db import session_scope
from bot.core.i18n import t
from handlers.bookings.base import KEPT, draft_of, now_of, show_reply
from handlers.bookings.mine import CANCEL_ASKED, ask_to_cancel, cancel_booking, keep_booking
from handlers.bookings.nav import quit_flow
from handlers.common import register_visitor
from handlers.render import moves
from handlers.routing import intent_of
from knowledge.text.cancelling import cancelled_products
from knowledge.text.lexicon import product_label
from knowledge.text.yesno import says_yes


async def cancel_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """取消白菜的预约 typed (routing.CancelWords): confirm, ask which, or say there is none."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = intent_of(message.text or "").text if message is not None else ""
    draft = draft_of(context)
    if draft.get("step") and not draft.get(KEPT):
        return await quit_flow(update, context)
    today = now_of(context).date()
    async with session_scope() as session:
        bookings = await queries.farmer_bookings(session, user.telegram_id, today)
    named = cancelled_products(text)
    if named:
        bookings = [b for b in bookings if b.product in named]
    if not bookings:
        await show_reply(update, _none(user.language, named), edit=False)
    elif len(bookings) == 1:
        await ask_to_cancel(update, context, user, bookings[0])
    else:
        await show_reply(update, *moves.which_to_cancel(user.language, bookings, today), edit=False)
    return ConversationHandler.END


def _none(lang: str, named: set[str]) -> str:
    if not named:
        return t(lang, "bookings.mine.none")
    names = "、".join(product_label(lang, p) for p in sorted(named))
    return t(lang, "bookings.cancel_none_of", product=names)


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
