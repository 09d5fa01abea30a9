"""When a market route has nothing to say, the knowledge base's answer (blind test).

One rule for every intent routed by its words (handlers/routing.py): the price and buyers
features answer from market data, and when that data has nothing for the message (the
"product" is none the markets know, no market quotes it, nobody is buying it) the message
may still be a question the knowledge base answers: 种地补贴一亩给多少钱 read as the price of
「种地补贴一亩给」, a county's own entry 青石县哪里收核桃 behind 哪里收核桃 价钱多少 with no
buyers listed. Then the base's decision settles it: when it answers, the farmer gets that
answer (after the market's empty line, when that line says something true and useful);
otherwise the feature's own reply stands. Only a clear answer replaces it: entries the base
merely suggests are no better than the feature's own "which product?".
"""

from __future__ import annotations

from telegram import Message
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.models.users import User
from handlers.ask import Out, respond
from handlers.ask_search import look_up, search_engine


async def knowledge_instead(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    text: str,
    empty: str | None = None,
) -> bool:
    """Answer `text` from the knowledge base if it answers it clearly; True when it did.

    `empty`: the feature's line for its empty result (暂时没有人在收核桃), sent first.
    """
    if not len((await search_engine()).index):
        return False  # an empty base answers nothing (and loads no tokenizer to say so)
    async with session_scope() as session:
        found = await look_up(session, text)
    if not found.answered:
        return False
    if empty is not None:
        await message.reply_text(empty)
    await respond(Out.of(message), context, user, text, found, None, None)
    return True
