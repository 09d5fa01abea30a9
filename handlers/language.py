"""Language words typed ("English please", "change language", 说中文), /language and the
language buttons: the switch itself, shared by the plain message (handlers/start.py) and
every conversation's step (`with_language`: a booking's, a notice's draft, /kb add's, a staff
reply's), which then asks its step again in the new language, its draft kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.core.db import session_scope
from bot.core.i18n import LANGUAGES, t
from bot.models.users import User
from bot.users import set_language
from handlers import render
from handlers.common import FarmContext, language_of, register_visitor
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


async def redraw_menu(update: Update, user: User) -> None:
    """The bottom menu of `user`'s role redrawn in their language, on a line of its own: after
    a switch in the middle of a conversation, whose step is asked again with its own (inline)
    buttons, so no reply of the switch carries the menu otherwise and it would stay in the
    language left."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(
            t(user.language, "language.menu_redrawn"),
            reply_markup=render.main_menu(user.language, user.role),
        )


async def offer_languages(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: the two languages as buttons."""
    await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            t("zh", "language.choose"), reply_markup=render.language_keyboard()
        )


async def switch_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User | None:
    """A language button (/language's, or the undo under a switch): stored, the menus synced
    and the message says so; the user switched, or None for an unknown button or a second tap
    on a choice already said (nothing more to do)."""
    query = update.callback_query
    if query is None or query.data is None:
        return None
    pressed = render.Language.parse(query.data)
    choice = pressed.code if pressed else ""
    if choice not in LANGUAGES:
        await query.answer(t(await language_of(update), "fallback.unknown_button"))
        return None
    await register_visitor(update, context)
    async with session_scope() as session:
        user = await set_language(session, query.from_user.id, choice)
    if isinstance(context, FarmContext):
        context.visitor = user
    # Staff and admins have their own menu, in their language.
    await sync_menus(context.application, query.from_user.id)
    await query.answer()
    changed = t(choice, "language.changed")
    if query.message is not None and getattr(query.message, "text", None) == changed:
        return None  # a second tap on an answered choice: said and done already
    try:
        await query.edit_message_text(changed)
    except BadRequest as exc:
        # A double tap: the first press already changed it.
        if "not modified" in str(exc).lower():
            return None
        raise
    return user


# A conversation's step asked again in `user`'s language, the conversation being in `state`:
# the state to go to (None: stay).
Reask = Callable[[Update, ContextTypes.DEFAULT_TYPE, User, object], Awaitable[object]]


def at_step(state: object, reask: Reask) -> list[BaseHandler[Any, Any, Any]]:
    """The handlers a conversation puts first at step `state`: "English please" / 说中文 typed
    switches, /language offers the two languages (the step stays open, its draft kept) and a
    language button pressed switches; after a switch the step is asked again in the new
    language (`reask`), the bottom menu redrawn in it first (the step's own keyboard, if any,
    then replaces it as it would)."""

    async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        user = await switch_said(update, context)
        if user is None:
            return None  # the two languages offered: the step stays as it is
        await redraw_menu(update, user)
        return await reask(update, context, user, state)

    async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        await offer_languages(update, context)
        return None

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        user = await switch_pressed(update, context)
        if user is None:
            return None
        await redraw_menu(update, user)
        return await reask(update, context, user, state)

    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return [
        MessageHandler(text & LanguageWords(), typed),
        CommandHandler("language", command),
        CallbackQueryHandler(pressed, pattern=render.Language.matches),
    ]


# A step asked again from its draft (what user_data keeps of it): the state to go to (None: stay).
AskDraft = Callable[[Update, ContextTypes.DEFAULT_TYPE, User, Any], Awaitable[object]]


def from_draft(key: str, ask: AskDraft) -> Reask:
    """A `reask` for a step whose draft is kept in user_data[`key`] (the alert, the booking,
    the round being changed): `ask` sends the step's question again with that draft, in the
    user's new language; with none kept (timed out or finished meanwhile) the conversation
    ends, as nothing is waited for any more."""

    async def reask(
        update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
    ) -> object:
        draft = (context.user_data or {}).get(key)
        if draft is None:
            return ConversationHandler.END
        asked = await ask(update, context, user, draft)
        return state if asked is None else asked

    return reask


def with_language(states: dict[object, list[Any]], reask: Reask) -> dict[object, list[Any]]:
    """The states with the language handlers (`at_step`) tried first in each, before the
    conversation's way out (handlers/leave.py would take /language for leaving, the draft
    dropped) and before its own answers ("English please" is no notice, reply or product);
    the timeout state excepted."""
    return {
        state: handlers
        if state == ConversationHandler.TIMEOUT
        else [*at_step(state, reask), *handlers]
        for state, handlers in states.items()
    }
