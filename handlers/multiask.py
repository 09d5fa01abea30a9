"""A message with several asks (鸡咳嗽 还有蒜价多少): each answerable one answered alone.

The clauses come from knowledge.text.multiask; a price, buyers or farming question is
answered by its own feature's handler as if sent alone (at most three), and what starts a
conversation (an alert, an offer, a booking) is never started from here: one closing
message says how to ask it on its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import lru_cache

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.core.i18n import t
from handlers import ask, demand, prices
from handlers.common import register_visitor
from handlers.routing import LONG_MESSAGE_CHARS, menu_intent
from knowledge.text.intent import Kind
from knowledge.text.multiask import MOST_ANSWERS, Ask, split_asks

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]
_ANSWER: dict[Kind, Handler] = {
    Kind.price: prices.price_question,
    Kind.demand: demand.demand_question,
    Kind.knowledge: ask.question,
}
# How to start each conversation on its own (the rest: send the clause alone).
_HOW = {
    Kind.subscribe: "multiask.how_subscribe",
    Kind.alert_edit: "multiask.how_subscribe",
    Kind.supply: "multiask.how_supply",
    Kind.booking: "multiask.how_booking",
    Kind.station: "multiask.how_station",
}


@lru_cache(maxsize=512)
def asks_of(text: str) -> tuple[Ask, ...] | None:
    """The cached asks of a multi-ask text, None for a message asking one thing."""
    asks = split_asks(text)
    return tuple(asks) if asks is not None else None


class MultiAsk(filters.MessageFilter):
    """Typed text (no command, no menu button) that clearly holds several asks."""

    def filter(self, message: Message) -> bool:
        """True for such a text."""
        text = message.text
        if not text or text.startswith("/") or len(text.strip()) > LONG_MESSAGE_CHARS:
            return False
        return menu_intent(text) is None and asks_of(text) is not None


def _alone(update: Update, message: Message, text: str) -> Update:
    """The update as if the farmer had sent only `text`."""
    bot = message.get_bot()
    data = message.to_dict()
    data["text"] = text
    data.pop("entities", None)  # offsets of the whole message, wrong in a clause
    clause = Message.de_json(data, bot)
    return Update(update.update_id, message=clause)


async def multi_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer each answerable ask of the message in order, then say what was left out."""
    message = update.effective_message
    if message is None or not message.text or (asks := asks_of(message.text)) is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    answered = [a for a in asks if a.answered][:MOST_ANSWERS]
    for one in answered:
        await _ANSWER[one.intent.kind](_alone(update, message, one.text), context)
    rest = [a for a in asks if a not in answered]
    if not rest:
        return
    lines = [t(lang, "multiask.rest", asks="、".join(f"「{a.text}」" for a in rest))]
    # A product named elsewhere in the message (站里收不收葱 … 要卖两千斤) is the one meant.
    named = next((a.intent.product for a in asks if a.intent.product), None)
    for one in rest:
        key = _HOW.get(one.intent.kind)
        product = one.intent.product or named or t(lang, "multiask.example_product")
        lines.append(
            t(lang, key, product=product) if key else t(lang, "multiask.alone", text=one.text)
        )
    await message.reply_text("\n".join(dict.fromkeys(lines)))
