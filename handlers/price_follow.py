"""The farmer's next words about the price just shown, naming no product again.

After 大蒜今天啥价 a farmer goes on as in speech: 跟上个礼拜比涨了没, 那公斤呢, 比上周呢, 新发地呢
(sandbox walk: 「我还不知道「跟」的价格」). The products shown are handlers/just_priced.py's;
the price answer itself is handlers/prices.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.core.db import session_scope
from bot.stations.finder import village_spelled
from handlers import ask, just_priced, prices
from handlers.routing import LONG_MESSAGE_CHARS, intent_of, menu_intent
from knowledge.text.intent import Kind
from knowledge.text.price_follow import PLACE, follow_up_kind, spelled_place


class FollowUp(filters.MessageFilter):
    """Words about the price just shown that name no product (那公斤呢, 涨了没, 新发地呢)."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="PriceFollowUp")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for such words from a farmer whose last message got a price card."""
        text, sender = message.text, message.from_user
        if not text or text.startswith("/") or sender is None or menu_intent(text) is not None:
            return False
        if len(text) > LONG_MESSAGE_CHARS or not just_priced.shown(
            self.user_data.get(sender.id, {})
        ):
            return False
        intent = intent_of(text)
        if intent.products or intent.kind not in (Kind.price, Kind.knowledge):
            return False
        return follow_up_kind(intent.text) is not None


async def follow_up(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The price just shown, as the follow-up asks: a period, a unit, its change, a market.

    A bare "X呢" is only a market or place when X is one; else it is a question."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    # As classified: pinyin in characters (xinfadi? is 新发地?).
    said = intent_of(message.text).text
    # A village or township in pinyin (Daotian?) is looked up by its spelling: the pinyin reader
    # may pick other characters for it (到田, not 稻田: sandbox walk, answered as paddy fields).
    spelt = spelled_place(message.text)
    if spelt is not None:
        async with session_scope() as session:
            village = await village_spelled(session, spelt)
        if village is not None:
            await prices.answer_price(update, context, carry_over=True, where=village.name)
            return
    if follow_up_kind(said) == PLACE and not await prices.names_place(said):
        await ask.question(update, context)
        return
    await prices.answer_price(update, context, carry_over=True)
