"""What every handler needs: who is talking, in which language, and the settings."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import normalise_language
from bot.models.users import User
from bot.users import Visitor, get_user, touch

SETTINGS_KEY = "settings"


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


async def register_visitor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User:
    """Register or refresh the sender in its own unit of work; returns the stored user."""
    async with session_scope() as session:
        user, _ = await touch(session, visitor_of(update), settings_of(context).admin_ids)
    return user


async def language_of(update: Update) -> str:
    """The sender's chosen language, falling back to their Telegram client's."""
    tg = update.effective_user
    if tg is None:
        return "zh"
    async with session_scope() as session:
        user = await get_user(session, tg.id)
    return user.language if user is not None else normalise_language(tg.language_code)
