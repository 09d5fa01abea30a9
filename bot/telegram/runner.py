"""Starting the bot for real: checks, logging, then long polling or the sandbox."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError
from telegram.request import HTTPXRequest

from bot import sample
from bot.core import migrate
from bot.core.commands import require_current_schema
from bot.core.config import ConfigError, Settings
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.core.logs import setup_logging
from bot.markets.county_data import start_warnings
from bot.models.stations import Station
from bot.models.users import User
from bot.telegram import app as telegram_app
from bot.telegram.sender import DEFAULT_BASE_FILE_URL, DEFAULT_BASE_URL
from bot.users import reconcile_roles

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


SQLITE_REFUSED = (
    "config error: database_url (FARMHUB_DATABASE_URL): webhook mode and --workers need "
    "PostgreSQL (postgresql+asyncpg://...); SQLite is the embedded single-process database"
)


def refuse_sqlite(settings: Settings) -> None:
    """Several processes need PostgreSQL: one clear line (exit 2) on SQLite."""
    if not settings.is_postgres:
        raise ConfigError(SQLITE_REFUSED)


def _check_webhook(settings: Settings) -> None:
    refuse_sqlite(settings)
    if not settings.webhook_url:
        raise ConfigError(
            "config error: webhook_url (FARMHUB_WEBHOOK_URL): webhook mode needs the public "
            "HTTPS URL Telegram posts updates to"
        )
    if settings.webhook_secret is None:
        raise ConfigError(
            "config error: webhook_secret (FARMHUB_WEBHOOK_SECRET): webhook mode needs a "
            "secret (1-256 characters of A-Z a-z 0-9 _ -)"
        )


def run_webhook(settings: Settings, *, workers: int = 1, upgrade: bool = False) -> int:
    """Serve the webhook with `workers` uvicorn processes until interrupted; the exit code."""
    import uvicorn  # only webhook mode needs the ASGI server

    _check_webhook(settings)
    _prepare(settings, upgrade)
    asyncio.run(set_webhook(settings))
    host, port = settings.listen_address
    log.info("webhook: %d worker(s) on %s:%d", workers, host, port)
    uvicorn.run(
        "bot.telegram.webhook:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,
        # The reverse proxy in front terminates TLS and keeps connections open.
        proxy_headers=True,
        timeout_graceful_shutdown=15,
    )
    return 0


async def set_webhook(settings: Settings) -> None:
    """Tell Telegram where to post updates, with the secret (idempotent: every start)."""
    assert settings.token is not None and settings.webhook_secret is not None
    request = HTTPXRequest(connection_pool_size=1)
    bot = Bot(
        settings.token,
        base_url=settings.telegram_base_url or DEFAULT_BASE_URL,
        base_file_url=settings.telegram_base_file_url or DEFAULT_BASE_FILE_URL,
        request=request,
    )
    try:
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
            max_connections=100,
        )
    finally:
        await request.shutdown()


def _prepare(settings: Settings, upgrade: bool) -> None:
    """Logging, schema, token and the checks every start makes before serving."""
    setup_logging(settings.log_level, settings.token)
    if upgrade:
        asyncio.run(migrate.upgrade(settings.database_url))
    asyncio.run(require_current_schema(settings))
    if not settings.token:
        raise ConfigError("telegram_token (FARMHUB_TELEGRAM_TOKEN): not set")
    asyncio.run(prepare_real_bot(settings))
    try:
        # Before anything else starts: a rejected token is one line, and an
        # unreachable server is waited for, not a traceback.
        asyncio.run(wait_for_telegram(settings))
    except InvalidToken:
        raise ConfigError(REJECTED_TOKEN) from None


def run_bot(settings: Settings, *, upgrade: bool = False) -> int:
    """Run FarmHub until interrupted; returns the process exit code."""
    _prepare(settings, upgrade)
    init_engine(settings.database_url)
    app = telegram_app.build_application(settings)

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




async def _demo_staff_problem(session: AsyncSession, demo: Sequence[User]) -> str:
    """The one line that says which demo staff a real bot would inherit, and the fixes."""
    who: list[str] = []
    for user in demo:
        station = await session.get(Station, user.station_id) if user.station_id else None
        who.append(f"{user.telegram_id} of {station.external_id if station else 'no station'}")
    fixes = " and ".join(f"`farmhub staff remove {user.telegram_id}`" for user in demo)
    return (
        "config error: database_url (FARMHUB_DATABASE_URL): this database holds the offline "
        f"sandbox's demo staff ({', '.join(who)}), whom a real bot would show farmers' "
        "bookings: point FARMHUB_DATABASE_URL at a separate database for the real bot, "
        f"or run {fixes}"
    )


async def prepare_real_bot(settings: Settings) -> None:
    """Before a real bot starts: refuse the sandbox's demo staff, apply admin_ids to the roles.

    Raises ConfigError (one line, exit 2) when the database holds a demo identity
    with a station role: the real person with that Telegram id would see farmers'
    names and booking codes.
    """
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            demo = await sample.demo_staff(session)
            if demo:
                raise ConfigError(await _demo_staff_problem(session, demo))
            changes = await reconcile_roles(session, settings.admin_ids)
            # Prices of products the synonym table does not know (no products file given).
            said = await start_warnings(session, settings)
    finally:
        await dispose_engine()
    for line in said:
        log.warning("%s", line)
    if changes.promoted or changes.demoted:
        log.info(
            "roles from admin_ids: promoted %s, demoted %s",
            list(changes.promoted),
            list(changes.demoted),
        )
