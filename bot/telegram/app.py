"""Builds the python-telegram-bot Application: token, server, handlers, command menu."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.core.config import Settings
from bot.telegram.persistence import DatabasePersistence
from bot.telegram.sender import InteractiveLimiter
from bot.telegram.tuning import ChatOrderedProcessor, bot_request, updates_request
from handlers import register
from handlers.common import CONTEXT_TYPES, SETTINGS_KEY
from handlers.jobs import start_jobs, stop_jobs
from handlers.render import bot_commands, supported_languages

log = logging.getLogger(__name__)

FarmHubApp = Application[Any, Any, Any, Any, Any, Any]


async def set_command_menus(app: FarmHubApp) -> None:
    """The command menu in each language."""
    # Chinese is also the default for users whose client language we have no menu for.
    await app.bot.set_my_commands(bot_commands("zh"))
    for lang in supported_languages():
        await app.bot.set_my_commands(bot_commands(lang), language_code=lang)


async def _post_init(app: FarmHubApp) -> None:
    await set_command_menus(app)
    await start_jobs(app)
    log.info("FarmHub is up as @%s", app.bot.username)


async def _post_stop(app: FarmHubApp) -> None:
    await stop_jobs(app)


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> FarmHubApp:
    """The Application with every handler registered (token from settings unless given)."""
    token = token or settings.token
    if not token:
        raise ValueError("no Telegram token: set FARMHUB_TELEGRAM_TOKEN")
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder().token(token).post_init(_post_init).post_stop(_post_stop)
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    builder = builder.request(request or bot_request())
    builder = builder.get_updates_request(get_updates_request or updates_request())
    # Different chats' updates concurrently, one chat's in order; 429 and 5xx
    # retried (bot/telegram/tuning.py, measured in docs/benchmarks.md).
    builder = builder.concurrent_updates(ChatOrderedProcessor())
    # ... and every message a handler sends is charged to the budget the outbox
    # sender paces bulk pushes by, so replies go first (bot/telegram/sender.py).
    builder = builder.rate_limiter(InteractiveLimiter())
    # Conversations in progress and their drafts survive a restart (bot/telegram/persistence.py).
    builder = builder.persistence(DatabasePersistence())
    # Each update's sender is registered once and handed to every handler (handlers/common.py).
    builder = builder.context_types(CONTEXT_TYPES)
    app = builder.build()
    app.bot_data[SETTINGS_KEY] = settings
    register(app)
    return app
