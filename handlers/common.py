"""What every handler needs: who is talking, in which language, and the settings."""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.core.config import Settings
from bot.core.db import get_engine, session_scope
from bot.core.i18n import normalise_language
from bot.models.users import User
from bot.users import USERS, Visitor, get_user, known_visitor, remember_user, touch

SETTINGS_KEY = "settings"


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


# PTB creates one context per update and hands it to every group's handler.
CONTEXT_TYPES = ContextTypes(context=FarmContext)


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
    """Group -1, before any feature: register the update's sender once for all handlers."""
    if isinstance(update, Update) and update.effective_user is not None:
        await register_visitor(update, context)


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
    if isinstance(context, FarmContext):
        context.visitor = user
    return user


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
