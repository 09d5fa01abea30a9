"""A message with several asks (鸡咳嗽 还有蒜价多少): each answerable one answered alone.

The clauses come from knowledge.text.multiask; a price, buyers or farming question is
answered by its own feature's handler as if sent alone (at most three), and what starts a
conversation (an alert, an offer, a booking) is never started from here: one closing
message says how to ask it on its own.

Sent while a conversation waits for its step's answer (a booking's amount, an alert's
product), the message is that conversation's to take: as a question asked at a step, it
leaves the conversation with its one line (预约先放一放…) and is answered here
(handlers/leave.py), instead of being answered while the conversation waits on in silence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.core.i18n import t
from handlers import ask, demand, prices
from handlers.common import register_visitor
from handlers.leave import leaving
from handlers.routing import LONG_MESSAGE_CHARS, asks_of, menu_intent
from handlers.timeouts import timed_conversations
from knowledge.text.intent import Kind
from knowledge.text.multiask import MOST_ANSWERS

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


class MultiAsk(filters.MessageFilter):
    """Typed text (no command, no menu button) that clearly holds several asks."""

    def filter(self, message: Message) -> bool:
        """True for such a text."""
        text = message.text
        if not text or text.startswith("/") or len(text.strip()) > LONG_MESSAGE_CHARS:
            return False
        return menu_intent(text) is None and asks_of(text) is not None


class MultiAskHandler(MessageHandler[Any, Any]):
    """Takes a multi-ask message, unless a conversation waits for this chat's next message
    (then the conversation's step leaves and hands it back here: handlers/leave.py)."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        super().__init__(filters.UpdateType.MESSAGE & MultiAsk(), multi_ask)
        self.app = app

    def check_update(self, update: object) -> Any:
        """The message filter's answer, None while a conversation (not being left) waits."""
        check = super().check_update(update)
        if check is None or check is False:
            return check
        gone = leaving()
        for conversation in timed_conversations(self.app):
            if conversation.name not in gone and conversation.holds(update):
                return None
        return check


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
    # A clause forwarded to the station goes as the whole message: staff need the rest of it.
    whole = ask.WHOLE_MESSAGE.set(message.text.strip())
    try:
        for one in answered:
            await _ANSWER[one.intent.kind](_alone(update, message, one.text), context)
    finally:
        ask.WHOLE_MESSAGE.reset(whole)
    rest = [a for a in asks if a not in answered]
    if not rest:
        return
    # Quoted as the language quotes (「土豆啥价」、「…」; "garlic price", "…").
    quoted = [f"「{a.text}」" if lang == "zh" else f'"{a.text}"' for a in rest]
    lines = [t(lang, "multiask.rest", asks=("、" if lang == "zh" else ", ").join(quoted))]
    # A product named elsewhere in the message (站里收不收葱 … 要卖两千斤) is the one meant.
    named = next((a.intent.product for a in asks if a.intent.product), None)
    for one in rest:
        key = _HOW.get(one.intent.kind)
        product = one.intent.product or named or t(lang, "multiask.example_product")
        lines.append(
            t(lang, key, product=product) if key else t(lang, "multiask.alone", text=one.text)
        )
    await message.reply_text("\n".join(dict.fromkeys(lines)))
