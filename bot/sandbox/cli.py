"""`farmhub botapi` (the local Bot API server alone) and `farmhub sandbox` (terminal chat)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial
from typing import Any

from bot.core import migrate
from bot.core.commands import in_session, require_current_schema
from bot.core.config import Settings
from bot.markets.county_data import start_warnings


def add_commands(subparsers: Any) -> None:
    """Add `botapi` and `sandbox` to the farmhub command line."""
    botapi = subparsers.add_parser(
        "botapi", help="run the local Telegram Bot API server (offline tests and demos)"
    )
    botapi.add_argument("--host", default="127.0.0.1", help="address to listen on")
    botapi.add_argument("--port", type=int, default=8081, help="port (default 8081)")
    botapi.add_argument(
        "--no-flood-limits",
        action="store_true",
        help="never answer 429 (Telegram's flood limits are on by default)",
    )
    botapi.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="delay every answer, like the round trip to Telegram",
    )
    botapi.set_defaults(func=_botapi)

    sandbox = subparsers.add_parser(
        "sandbox", help="chat with FarmHub in this terminal, offline, on the configured database"
    )
    sandbox.add_argument("--upgrade", action="store_true", help="migrate the database first")
    sandbox.set_defaults(func=_sandbox)


def _botapi(args: argparse.Namespace, settings: Settings) -> int:
    # Imported when the command runs: every `farmhub` call loads this module to register it.
    from bot.sandbox.flood import FloodLimits
    from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer

    # The bot's own token if one is configured (never printed: it is a secret).
    token = settings.token or SANDBOX_TOKEN
    server = BotApiServer(
        token=token,
        host=args.host,
        port=args.port,
        latency=args.latency_ms / 1000,
        flood=FloodLimits.off() if args.no_flood_limits else None,
    )

    async def serve() -> None:
        async with server:
            print(f"Bot API sandbox on {server.url}")
            print(f"  FARMHUB_TELEGRAM_BASE_URL={server.base_url}")
            print(f"  FARMHUB_TELEGRAM_BASE_FILE_URL={server.base_file_url}")
            if token == SANDBOX_TOKEN:
                print(f"  FARMHUB_TELEGRAM_TOKEN={SANDBOX_TOKEN}")
            print(f"  act as a person: {server.url}/sandbox (JSON); Ctrl-C stops", flush=True)
            await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    return 0


def _sandbox(args: argparse.Namespace, settings: Settings) -> int:
    return start_sandbox(settings, upgrade=args.upgrade)


def start_sandbox(settings: Settings, *, upgrade: bool = False) -> int:
    """The terminal sandbox on the configured database (migrated first with `upgrade`)."""
    # The chat pulls in the whole Application (PTB): only when the sandbox starts.
    from bot.sandbox.chat import run_sandbox

    if upgrade:
        asyncio.run(migrate.upgrade(settings.database_url))
    asyncio.run(require_current_schema(settings))
    # Prices of products the synonym table does not know (no products file given): one line.
    for line in asyncio.run(in_session(settings, partial(start_warnings, settings=settings))):
        print(line, file=sys.stderr)
    return run_sandbox(settings)
