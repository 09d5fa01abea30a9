"""Live animals told by the head (我有20只羊): 「是想卖吗？」 answered by the 📦 要卖 button or in
words (要卖, 卖, 想卖, 是的, "sell them", yes), the head-count listing drafted and its weight
asked next; 不卖 / no leaves them unlisted.

Sandbox walk: 要卖 typed under the question was read as a new question (how to sell, 答不上来
its details) and nothing was listed; only the button listed the sheep.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.listings import open_listing_of
from bot.markets.prices import local_today
from bot.markets.supply import OfferError, draft_offer, set_heads
from bot.models.markets import Product
from bot.models.users import User
from handlers import listed_again, pending
from handlers.common import press, register_visitor, remove_buttons, settings_of
from handlers.render import listings as listings_view
from handlers.render.supply import refusal
from handlers.supply import AMOUNT_ASKED, HERD_ASKED, next_step
from knowledge.text.heads import Herd, head_count, measure_of, said_herd, says_sell
from knowledge.text.normalise import normalise
from knowledge.text.per_head import herd_noun
from knowledge.text.yesno import says_no, says_yes

# A typed answer to 「是想卖吗？」 is short (是的，要卖吧).
MAX_ANSWER = 20


class SellAnswer(filters.MessageFilter):
    """要卖 / 是的 / 不卖 typed while 「您有20只羊。是想卖吗？」 waits for its 📦 要卖."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="SellAnswer")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for a short sell, yes or no from someone asked whether to sell their herd."""
        text, sender = message.text, message.from_user
        if sender is None or not self.user_data.get(sender.id, {}).get(HERD_ASKED):
            return False
        if not text or text.startswith("/") or len(text) > MAX_ANSWER:
            return False
        return says_sell(normalise(text)) or says_yes(text) or says_no(text)


async def herd_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """要卖 / 是的 typed to 「是想卖吗？」: as its 📦 要卖; 不卖 / no: left unlisted, said how."""
    message = update.effective_message
    asked = context.user_data.get(HERD_ASKED) if context.user_data is not None else None
    pressed = listings_view.SellHerd.parse(asked)
    if message is None or pressed is None:
        return
    user = await register_visitor(update, context)
    pending.forget(context)
    text = message.text or ""
    if says_no(text) and not says_sell(normalise(text)):
        async with session_scope() as session:
            product = await session.get(Product, pressed.product_id)
        herd = _said(user.language, pressed, product.name if product else "")
        await message.reply_text(t(user.language, "supply.herd_kept", herd=herd))
        return
    await _sell(update, context, user, pressed)


async def sell_herd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """📦 要卖 under 我有20只羊: the head-count listing drafted, its weight asked next."""
    query, user = await press(update, context)
    pressed = listings_view.SellHerd.parse(query.data)
    if pressed is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)  # pressed once: no second draft
    pending.forget(context)
    await _sell(update, context, user, pressed)


def _said(lang: str, pressed: listings_view.SellHerd, meat: str) -> str:
    """What the farmer said of them (20只羊, 20 sheep): the draft's words, read again for its
    herd when the weight is asked."""
    count = f"{pressed.heads}" if not pressed.high else f"{pressed.heads}-{pressed.high}"
    measure = " " if pressed.animal.isascii() else measure_of(meat)
    return f"{count}{measure}{pressed.animal}"


async def _sell(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    pressed: listings_view.SellHerd,
) -> None:
    """Draft the head-count listing (pressed or typed), or show the open one of the animal."""
    today = local_today(settings_of(context).tz)
    high = pressed.high or None
    lang = user.language
    try:
        async with session_scope() as session:
            product = await session.get(Product, pressed.product_id)
            if product is None:
                raise OfferError("not_found")
            said = _said(lang, pressed, product.name)
            listed = await open_listing_of(session, user.telegram_id, product.id)
            if listed is None:
                offer = await draft_offer(
                    session,
                    user.telegram_id,
                    said,
                    pressed.product_id,
                    None,
                    None,
                    today,
                    heads=(pressed.heads, high),
                )
    except OfferError as exc:
        await context.bot.send_message(user.telegram_id, refusal(lang, exc))
        return
    if listed is not None:  # the same sheep listed already: that listing, not a second
        herd = Herd(pressed.heads, high, pressed.animal, product.name)
        await listed_again.tell(context, user.telegram_id, lang, listed, herd, None)
        return
    await next_step(update, context, offer, today, user, said=said)


class HeadsReply(filters.MessageFilter):
    """A head count alone (两头, 3头) typed at "您大概有多少牛肉要卖？": the herd, not a weight."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="HeadsReply")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for a bare head count from someone asked the amount of their draft."""
        text, sender = message.text, message.from_user
        if sender is None or not self.user_data.get(sender.id, {}).get(AMOUNT_ASKED):
            return False
        if not text or text.startswith("/") or len(text) > MAX_ANSWER:
            return False
        return head_count(normalise(text)) is not None


async def heads_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """两头 at the amount of a meat's draft: its head count kept, the weight asked next (in
    all or per head); at another product's amount, the amount asked again."""
    message = update.effective_message
    count = head_count(normalise(message.text or "")) if message is not None else None
    if message is None or count is None:
        return
    user = await register_visitor(update, context)
    async with session_scope() as session:
        offer = await set_heads(session, user.telegram_id, count, utcnow())
    if offer is None or offer.product is None:  # no draft, or not an animal's: weigh it
        await message.reply_text(t(user.language, "supply.no_draft"))
        return
    lang, meat = user.language, offer.product
    # The animal as named when drafting (两头黄牛要卖), else as the reader's language names it.
    drafted = said_herd(normalise(offer.said))
    animal = drafted.animal if drafted is not None and drafted.meat == meat else ""
    if not animal or (lang == "en") != animal.isascii():
        animal = herd_noun(lang, meat) or meat
    said = f"{count[0]}{' ' if lang == 'en' else measure_of(meat)}{animal}"
    await next_step(update, context, offer, local_today(settings_of(context).tz), user, said=said)
