"""✅ #1 已对接 on /offers: asked first, the buyer typed or skipped, ↩️ undone the same day.

Blind walk: one tap marked a sale listing matched and told the farmer 好消息！…找到了买家, with
no "are you sure", no buyer and no way back. Now the tap asks, showing the buyers the demand
data has for the product; typed words (王老板 1.2元/斤) are the buyer, told the farmer with
the news; ✅ confirms without; ✖️ keeps it open. What was done says who was told, with
↩️ 撤销对接 until the day ends (the farmer then gets a correction).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.core.callbacks import any_of
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.demand import buyers_of
from bot.markets.prices import local_today
from bot.markets.supply import MAX_BUYER, OfferError, handled_offer, mark_matched, unmatch
from bot.models.users import User, utcnow
from bot.users import get_user
from handlers.common import press, register_visitor, remove_buttons, settings_of
from handlers.leave import leave_handler, with_leave
from handlers.notify import push
from handlers.render import offer_matching as view
from handlers.render import supply as supply_view
from handlers.timeouts import TimedConversation

CONVERSATION = "offer_match"
WAIT_BUYER = "of_buyer"  # stored by persistence: a string
MATCHING = "offer_matching"  # user_data: the offer whose ✅ is asked
TIMEOUT_S = 30 * 60
END = TimedConversation.END
# ✅ 确认对接 and ✖️: in the conversation, and pressed after it ended too (handlers/__init__.py).
CHOICES = any_of(view.ConfirmMatch, view.NotMatched)


async def ask_match(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ #1 已对接: the offer and its product's known buyers, asked before anything is told."""
    query, user = await press(update, context)
    lang = user.language
    pressed = supply_view.OfferMatched.parse(query.data)
    if pressed is None:
        await query.answer(supply_view.refusal(lang, OfferError("not_found")), show_alert=True)
        return END
    today = local_today(settings_of(context).tz)
    try:
        async with session_scope() as session:
            offer = await handled_offer(session, pressed.offer_id, user)
            buyers = await buyers_of(session, offer.product, today)
    except OfferError as exc:
        await query.answer(supply_view.refusal(lang, exc), show_alert=True)
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data[MATCHING] = offer.id
    text, keyboard = view.ask(lang, offer, buyers)
    await context.bot.send_message(query.from_user.id, text, reply_markup=keyboard)
    return WAIT_BUYER


async def buyer_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Words typed at the question: the buyer (and price), and the match confirmed with them."""
    message, user = update.effective_message, await register_visitor(update, context)
    offer_id = (context.user_data or {}).pop(MATCHING, None)
    if message is None or offer_id is None:
        return END
    buyer = " ".join((message.text or "").split())[:MAX_BUYER]
    await _match(message, context, user, int(offer_id), buyer)
    return END


async def confirm_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ 确认对接 (no buyer written), or ✖️ 不是，点错了 (the offer stays open)."""
    query, user = await press(update, context)
    go = view.ConfirmMatch.parse(query.data)
    pressed = go or view.NotMatched.parse(query.data)
    if context.user_data is not None:
        context.user_data.pop(MATCHING, None)
    await query.answer()
    await remove_buttons(query)
    message = query.message
    if pressed is None or not isinstance(message, Message):
        return END
    if go is None:
        await message.reply_text(view.kept(user.language, pressed.offer_id))
    else:
        await _match(message, context, user, go.offer_id, "")
    return END


async def _match(
    message: Message, context: ContextTypes.DEFAULT_TYPE, user: User, offer_id: int, buyer: str
) -> None:
    """Mark it matched, tell the farmer (with the buyer when written), say so with ↩️."""
    lang = user.language
    try:
        async with session_scope() as session:
            offer = await mark_matched(session, offer_id, user, utcnow(), buyer)
            farmer = await get_user(session, offer.farmer_id)
            # A farmer known to have blocked the bot cannot be told: staff phone them.
            told = farmer is not None and farmer.active
            if farmer is not None and told:
                # Keyed by the match's moment: matched again after an undo, told again.
                await push(
                    session,
                    offer.farmer_id,
                    view.farmer_notice(farmer.language, offer, buyer),
                    key=f"offer-matched:{offer.id}:{utcnow().timestamp():.0f}",
                    source="offer",
                )
    except OfferError as exc:
        await message.reply_text(supply_view.refusal(lang, exc))
        return
    text, keyboard = view.matched(lang, offer, buyer, told)
    await message.reply_text(text, reply_markup=keyboard)


async def undo_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """↩️ 撤销对接: a match made today undone, the farmer told it fell through."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.UndoMatch.parse(query.data)
    tz = settings_of(context).tz
    # The day's start, local: a match from an earlier day is no mis-tap to take back here.
    since = datetime.combine(local_today(tz), time.min, tzinfo=tz)
    try:
        if pressed is None:
            raise OfferError("not_found")
        async with session_scope() as session:
            offer = await unmatch(session, pressed.offer_id, user, since)
            farmer = await get_user(session, offer.farmer_id)
            told = farmer is not None and farmer.active
            if farmer is not None and told:
                await push(
                    session,
                    offer.farmer_id,
                    view.unmatched_notice(farmer.language, offer),
                    key=f"offer-unmatched:{offer.id}:{utcnow().timestamp():.0f}",
                    source="offer",
                )
    except OfferError as exc:
        await query.answer(supply_view.refusal(lang, exc), show_alert=True)
        await remove_buttons(query)
        return
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        await query.message.reply_text(view.unmatched(lang, offer, told))


def conversation() -> TimedConversation:
    """✅ #1 已对接, then the buyer typed or ✅ / ✖️; a command or menu button leaves."""
    return TimedConversation(
        entry_points=[CallbackQueryHandler(ask_match, pattern=supply_view.OfferMatched.matches)],
        states=with_leave(
            {
                WAIT_BUYER: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, buyer_typed),
                    CallbackQueryHandler(confirm_pressed, pattern=CHOICES),
                ]
            },
            leave_handler(CONVERSATION, "offers.match_left", intents=False, on_leave=_left),
        ),
        fallbacks=[CommandHandler("cancel", _cancel)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=TIMEOUT_S),
    )


def _left(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(MATCHING, None)


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/cancel at the question: nothing marked."""
    _left(context)
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(t(user.language, "offers.match_left"))
    return END
