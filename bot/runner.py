"""Starting the bot for real: checks, logging, then long polling or the sandbox."""

from __future__ import annotations

import asyncio
import logging
import sys

from telegram import Update

from bot.config import Settings
from bot.db import dispose_engine, init_engine
from bot.logs import setup_logging

log = logging.getLogger(__name__)


def run_bot(settings: Settings, *, upgrade: bool = False) -> int:
    """Run FarmHub until interrupted; returns the process exit code."""
    from bot import migrate
    from bot.cli import prepare_real_bot, require_current_schema

    setup_logging(settings.log_level, settings.token)
    if upgrade:
        asyncio.run(migrate.upgrade(settings.database_url))
    asyncio.run(require_current_schema(settings))
    if not settings.token:
        return _no_token(settings)
    asyncio.run(prepare_real_bot(settings))

    from bot.app import build_application

    init_engine(settings.database_url)
    app = build_application(settings)

    async def _close_db(_app: object) -> None:
        await dispose_engine()

    app.post_shutdown = _close_db
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _no_token(settings: Settings) -> int:
    try:
        from bot.sandbox.chat import run_sandbox
    except ImportError:
        print(
            "No Telegram token is set. Create a bot with @BotFather, then run:\n"
            "  FARMHUB_TELEGRAM_TOKEN=123456:ABC... make run",
            file=sys.stderr,
        )
        return 1
    return run_sandbox(settings)
