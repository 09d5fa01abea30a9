"""Starting the bot for real: checks, logging, then long polling or the sandbox."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError
from telegram.request import HTTPXRequest

from bot.core.config import ConfigError, Settings
from bot.core.db import dispose_engine, init_engine
from bot.core.logs import setup_logging

log = logging.getLogger(__name__)

# Waiting for an unreachable Bot API server at start: 1 s, doubling, at most this.
FIRST_RETRY = 1.0
MAX_RETRY = 60.0
# One line, exit code 2, as for any wrong setting (README, "Configuration").
REJECTED_TOKEN = (
    "config error: telegram_token (FARMHUB_TELEGRAM_TOKEN): the Telegram server rejected "
    "this token (revoked or mistyped): copy the current one from @BotFather"
)
Sleep = Callable[[float], Awaitable[object]]


def run_bot(settings: Settings, *, upgrade: bool = False) -> int:
    """Run FarmHub until interrupted; returns the process exit code."""
    from bot.cli import prepare_real_bot, require_current_schema
    from bot.core import migrate

    setup_logging(settings.log_level, settings.token)
    if upgrade:
        asyncio.run(migrate.upgrade(settings.database_url))
    asyncio.run(require_current_schema(settings))
    if not settings.token:
        return _no_token(settings)
    asyncio.run(prepare_real_bot(settings))

    try:
        # Before anything else starts: a rejected token is one line, and an
        # unreachable server is waited for, not a traceback.
        asyncio.run(wait_for_telegram(settings))
    except InvalidToken:
        raise ConfigError(REJECTED_TOKEN) from None

    from bot.telegram.app import build_application

    init_engine(settings.database_url)
    app = build_application(settings)

    async def _close_db(_app: object) -> None:
        await dispose_engine()

    app.post_shutdown = _close_db
    try:
        # bootstrap_retries=-1: should the server go away again in between, wait for it.
        app.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    except InvalidToken:
        raise ConfigError(REJECTED_TOKEN) from None
    return 0


async def wait_for_telegram(
    settings: Settings,
    *,
    sleep: Sleep = asyncio.sleep,
    first: float = FIRST_RETRY,
    cap: float = MAX_RETRY,
) -> str:
    """Call getMe until the Bot API server answers; the bot's username, or InvalidToken.

    A server that cannot be reached (connection refused, DNS, timeouts, 5xx) is
    retried forever, 1 s doubling to `cap`, one log line per attempt: the bot
    starts by itself once the network is back.
    """
    from bot.telegram.sender import DEFAULT_BASE_FILE_URL, DEFAULT_BASE_URL

    assert settings.token is not None
    request = HTTPXRequest(connection_pool_size=1)
    bot = Bot(
        settings.token,
        base_url=settings.telegram_base_url or DEFAULT_BASE_URL,
        base_file_url=settings.telegram_base_file_url or DEFAULT_BASE_FILE_URL,
        request=request,
    )
    delay = first
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                me = await bot.get_me()
                return me.username or ""
            except NetworkError as exc:  # getMe repeats safely, whatever became of it
                log.warning(
                    "Telegram Bot API server not reachable (%s); attempt %d, retrying in %g s",
                    exc.message,
                    attempt,
                    delay,
                )
            await sleep(delay)
            delay = min(cap, delay * 2)
    finally:
        # Not bot.shutdown(): the bot was never initialised, so it would skip this.
        await request.shutdown()


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
