"""What every handler needs: who is talking, in which language, and the settings."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackContext,
    ContextTypes,
    ExtBot,
)

from bot.core.config import Settings
from bot.core.db import get_engine, session_scope, unavailable
from bot.core.i18n import normalise_language, t
from bot.models.users import Role, User
from bot.users import (
    USERS,
    Visitor,
    follow_language,
    get_user,
    known_visitor,
    remember_user,
    touch,
)
from handlers.menus import sync_menus
from handlers.render import language_followed_keyboard, main_menu
from knowledge.text.language import written_in
from knowledge.text.staff_words import StaffAsk, staff_words

SETTINGS_KEY = "settings"

log = logging.getLogger(__name__)


class FarmContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context, plus the sender of this update, registered once for all handlers."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.visitor: User | None = None
        # The language this update's words switched a farmer who never chose one to (None:
        # no switch): after the reply, their menus are redrawn in it and, to English, they
        # are told so with a button to keep it (`tell_language_followed`).
        self.language_followed: str | None = None


# PTB creates one context per update and hands it to every group's handler.
CONTEXT_TYPES = ContextTypes(context=FarmContext)


def role_of(context: ContextTypes.DEFAULT_TYPE) -> Role:
    """The role of this update's sender (registered in group -1), for their bottom menu;
    a farmer when not known."""
    visitor: User | None = getattr(context, "visitor", None)
    return visitor.role if visitor is not None else Role.farmer


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    """The Settings stored in bot_data when the Application was built."""
    settings: Settings = context.application.bot_data[SETTINGS_KEY]
    return settings


def visitor_of(update: Update) -> Visitor:
    """The sender of an update as a Telegram-free Visitor."""
    tg = update.effective_user
    if tg is None:
        raise ValueError("update has no user")
    return Visitor(
        telegram_id=tg.id,
        name=tg.full_name or (tg.username or str(tg.id)),
        username=tg.username,
        language_code=tg.language_code,
    )


async def remember_visitor(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -1, before any feature: register the update's sender once for all handlers.

    When the database is away or locked, the sender is told "busy, try again" once
    and no feature runs (each would fail the same way and apologise again).
    """
    if not isinstance(update, Update) or update.effective_user is None:
        return
    try:
        await register_visitor(update, context)
    except Exception as error:
        if not unavailable(error):
            raise
        log.warning("update %s: database unavailable: %s", update.update_id, error)
        await tell_busy(update)
        raise ApplicationHandlerStop from None


async def tell_busy(update: Update) -> None:
    """ "Busy, please try again" in the sender's Telegram language (the database is away)."""
    tg = update.effective_user
    text = t(normalise_language(tg.language_code if tg else None), "error.busy")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_chat is not None and update.effective_chat.type == "private":
            await update.get_bot().send_message(update.effective_chat.id, text)
    except TelegramError:
        log.warning("could not tell chat %s the database is busy", update.effective_chat)


async def register_visitor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User:
    """The update's sender as stored: registered (in its own unit of work) once per update."""
    cached: User | None = getattr(context, "visitor", None)
    if cached is not None and update.effective_user is not None:
        if cached.telegram_id == update.effective_user.id:
            return cached
    visitor, admin_ids = visitor_of(update), settings_of(context).admin_ids
    engine = get_engine().sync_engine
    # Known and unchanged: from the cache, no statement (its last-seen time is
    # written behind); anyone else is read and, if new or changed, written now.
    user = known_visitor(engine, visitor, admin_ids)
    if user is None:
        generation = USERS.generation()
        async with session_scope() as session:
            user, _ = await touch(session, visitor, admin_ids)
        remember_user(engine, user, generation)
    user = await follow_written_language(update, context, user)
    if isinstance(context, FarmContext):
        context.visitor = user
    return user


async def follow_written_language(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User
) -> User:
    """Someone who never chose a language is answered in the one they write: an English
    message switches them to English (a Chinese one back), until they choose with /language.

    In their private chat only. Staff and admins follow only their own errands (who is
    coming tomorrow, pickups tomorrow): what they write for farmers (an answer, a closing's
    reason, a notice) is in the farmers' language, not a wish for theirs.
    """
    message = update.message
    if message is None or user.language_chosen or message.chat.type != "private":
        return user
    written = message.text or message.caption or ""
    if user.role is not Role.farmer and not own_errand(written):
        return user
    said = written_in(written)
    if said is None or said == user.language:
        return user
    async with session_scope() as session:
        changed = await follow_language(session, user.telegram_id, said)
    if changed:
        user.language = said
        if isinstance(context, FarmContext):
            context.language_followed = said
    return user


def own_errand(text: str) -> bool:
    """Whether staff words ask the bot for themselves (not words for farmers to read)."""
    words = staff_words(text)
    if words is None or words.ask is StaffAsk.reply:
        return False
    return not (words.ask is StaffAsk.close and words.reason is not None)


async def tell_language_followed(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every feature: a farmer whose language just followed what they wrote gets the
    bottom menu and the command menu in it (as a /language choice does); switched to
    English, they are told so, with "Always English" and 中文 buttons (the reply itself
    came first, and may not have redrawn the menu: a price card, an answer)."""
    if not isinstance(update, Update) or not isinstance(context, FarmContext):
        return
    lang = context.language_followed
    if lang is None or update.effective_chat is None:
        return
    context.language_followed = None
    await sync_menus(context.application, update.effective_chat.id)
    chat = update.effective_chat.id
    # A message carries one keyboard: the menu comes with its own line, the choice after it.
    await context.bot.send_message(
        chat, t(lang, "language.followed_menu"), reply_markup=main_menu(lang, role_of(context))
    )
    if lang == "en":
        await context.bot.send_message(
            chat, t("en", "language.followed"), reply_markup=language_followed_keyboard()
        )


async def language_of(update: Update) -> str:
    """The sender's chosen language, falling back to their Telegram client's."""
    tg = update.effective_user
    if tg is None:
        return "zh"
    async with session_scope() as session:
        user = await get_user(session, tg.id)
    return user.language if user is not None else normalise_language(tg.language_code)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[CallbackQuery, User]:
    """A button handler's press (with its data) and the sender, registered once per update."""
    query = update.callback_query
    if query is None or query.data is None:
        # PTB routes only presses with callback data to CallbackQueryHandlers.
        raise TypeError(f"update {update.update_id} is not a button press")
    return query, await register_visitor(update, context)


async def incoming(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Message, User]:
    """A message handler's message and the sender, registered once per update."""
    message = update.effective_message
    if message is None:
        raise TypeError(f"update {update.update_id} has no message")
    return message, await register_visitor(update, context)


async def remove_buttons(query: CallbackQuery) -> None:
    """Take the inline buttons off the pressed message, if it still has any.

    A message without them (a double tap on two phones, a press forged on another
    message) makes Telegram answer "message is not modified": the work the press
    did must still be reported, so that is not an error.
    """
    message = query.message
    if isinstance(message, Message) and (
        message.reply_markup is None or not message.reply_markup.inline_keyboard
    ):
        return
    await _without_buttons(query.edit_message_reply_markup(None))


async def remove_buttons_of(bot: Any, chat_id: int, message_id: int) -> None:
    """Take the inline buttons off a message the bot sent, as `remove_buttons` does for a
    press: the ✅ / ❌ question a typed 是 / 不 answered (handlers/pending.py). That message
    may be gone or too old to edit by now: its buttons are then no concern."""
    await _without_buttons(
        bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None),
        also=("message to edit not found", "message can't be edited"),
    )


async def _without_buttons(edit: Awaitable[object], also: tuple[str, ...] = ()) -> None:
    """Await an edit taking buttons off; "not modified" (none left) is not an error."""
    try:
        await edit
    except BadRequest as exc:
        said = exc.message.lower()
        if not any(reason in said for reason in ("not modified", *also)):
            raise
