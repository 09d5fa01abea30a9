"""Language words typed ("English please", "change language", 说中文): the switch itself,
shared by the plain message (handlers/start.py) and a conversation's step (a booking's),
which then asks its step again in the new language."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.users import set_language
from handlers import render
from handlers.common import FarmContext, register_visitor
from handlers.menus import sync_menus
from knowledge.text.language import language_wish, written_in


def says_language(text: str) -> bool:
    """Whether a message asks for a language, or to change it (a filter's test)."""
    return language_wish(text) is not None


class LanguageWords(filters.MessageFilter):
    """A message asking for a language or to change it (knowledge/text/language.py)."""

    def filter(self, message: Message) -> bool:
        """True for "English please", "change language", 说中文."""
        return bool(message.text) and says_language(message.text or "")


async def switch_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User | None:
    """Switch to the language the message asks for, saying so with one tap to undo; the user
    switched, or None when none was named (the two languages are offered as buttons).

    "change language" without one named switches to English when it is said in English by
    someone not already choosing English; otherwise the two buttons.
    """
    user = await register_visitor(update, context)
    message = update.effective_message
    if message is None or not message.text:
        return None
    if isinstance(context, FarmContext):
        context.language_followed = None  # this reply says it all
    wish = language_wish(message.text)
    if wish == "any":
        settled_en = user.language_chosen and user.language == "en"
        wish = "en" if written_in(message.text) == "en" and not settled_en else None
    if wish is None:
        await message.reply_text(
            t("zh", "language.choose"), reply_markup=render.language_keyboard()
        )
        return None
    async with session_scope() as session:
        user = await set_language(session, user.telegram_id, wish)
    if isinstance(context, FarmContext):
        context.visitor = user
    await sync_menus(context.application, user.telegram_id)
    await message.reply_text(
        t(wish, "language.switched"), reply_markup=render.language_undo_keyboard(wish)
    )
    return user


async def redraw_menu(update: Update, lang: str) -> None:
    """The bottom menu redrawn in `lang`, on a line of its own: after a switch in the middle
    of a conversation, whose step is asked again with its own (inline) buttons, so no reply
    of the switch carries the menu otherwise and it would stay in the language left."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(
            t(lang, "language.menu_redrawn"), reply_markup=render.main_menu(lang)
        )
