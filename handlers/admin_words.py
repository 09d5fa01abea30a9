"""An admin's request typed in words answered with the command to send (sandbox walk).

把李站长的权限撤了 and 昨天寿光大蒜的价打错了，应该是3块1 got the knowledge base's "no answer
yet" from the county's admin. The words are read by knowledge.text.admin_words; here the
person is looked up by name (李站长 → 20001), the station by its name, the market among the
markets (in pinyin too: "the shouguang garlic price yesterday should be 3.1"), and the admin
is told the exact command (/revoke 20001, /price 大蒜 寿光 3.1 昨天, in English /price garlic
Shouguang 3.1 yesterday):
the command itself asks before it changes anything. Only admins' words are routed here
(handlers/senders.py); a farmer's same words go on to the farmers' features.
"""

from __future__ import annotations

from functools import lru_cache

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.core.clock import local_today
from bot.core.db import session_scope
from bot.markets.names import market_named_in
from bot.markets.prices import all_markets
from bot.models.users import Role, User
from bot.roles.service import Member, members, people_named
from bot.stations.catalogue import catalog
from handlers import admin_entries, ask
from handlers.common import register_visitor, settings_of
from handlers.render import admin_words as view
from handlers.routing import LONG_MESSAGE_CHARS, menu_intent
from knowledge.text.admin_words import AdminAsk, AdminWords, admin_words
from knowledge.text.english import romanise


@lru_cache(maxsize=512)
def _said(text: str) -> AdminWords | None:
    return admin_words(text)


class AdminErrand(filters.MessageFilter):
    """Text that, from an admin, asks for a role or price change in words (routed before the
    farmers' features and the knowledge base: only admins' words)."""

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and _said(text) is not None


async def admin_errand(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's request in words: the command to send; anyone else's words as a question."""
    user = await register_visitor(update, context)
    message = update.effective_message
    said = _said(message.text or "") if message is not None else None
    if message is None or said is None or user.role is not Role.admin:
        await ask.question(update, context)
        return
    if said.ask is AdminAsk.price and said.product and said.price:
        market = await _market(message.text or "", "zh")
        if market is not None:
            # Everything /price needs was said: its preview at once (✅ saves), not the
            # command to type again.
            words = [said.product, market, said.price, *_said_or_none(said.unit, said.day)]
            await admin_entries.preview_price(
                message, user, words, local_today(settings_of(context).tz)
            )
            return
    await message.reply_text(await _reply(user, said, message.text or ""))


def _said_or_none(*words: str | None) -> list[str]:
    return [word for word in words if word]


async def _people(said: AdminWords) -> list[Member]:
    async with session_scope() as session:
        if said.user_id is not None:
            return await members(session, telegram_id=said.user_id)
        if said.person:
            return await people_named(session, said.person)
    return []


async def _reply(user: User, said: AdminWords, text: str) -> str:
    lang = user.language
    if said.ask is AdminAsk.price:
        return view.price_text(lang, said, await _market(text, lang))
    found = await _people(said)
    if said.ask is AdminAsk.revoke:
        return view.revoke_text(lang, said, found)
    return view.grant_text(lang, said, found, await _station(said))


async def _market(text: str, lang: str) -> str | None:
    async with session_scope() as session:
        markets = await all_markets(session)
    # The market as /price takes it: its short name (寿光), said by it or by its city, in
    # characters or in pinyin (shouguang); in English its pinyin, which /price takes too.
    market = market_named_in(text, markets)
    if market is None:
        return None
    name = market.short_name or market.name
    return romanise(name) if lang == "en" else name


async def _station(said: AdminWords) -> str | None:
    if said.station is None or said.station.isascii():
        return said.station
    async with session_scope() as session:
        named = (await catalog(session)).stations_named(said.station)
    return named[0].external_id if len(named) == 1 else None
