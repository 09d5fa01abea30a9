"""The `farmhub` command line: run the bot, migrate the database, load data."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core import migrate
from bot.core.commands import CliError
from bot.core.config import ConfigError, Settings, get_settings
from bot.core.logs import install_excepthook, register_secret
from knowledge.text.county_products import (
    ENV_PATH,
    ProductsFileError,
    check_county_products,
    use_products_file,
)

if TYPE_CHECKING:
    pass

R = TypeVar("R")
log = logging.getLogger(__name__)

# Feature modules that add subcommands: each has `add_commands(subparsers)`.
COMMAND_MODULES: list[str] = [
    "knowledge.cli",
    "bot.markets.cli",
    "bot.stations.cli",
    "bot.alerts.cli",
    "bot.broadcasts.cli",
    "bot.audit.cli",
    "bot.roles.cli",
    "bot.admindata.cli",
    "bot.sample",
    "bot.sandbox.cli",
]

Handler = Callable[[argparse.Namespace, Settings], int]


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(migrate.upgrade(settings.database_url, args.revision))
    print(f"database at {asyncio.run(migrate.current_revision(settings.database_url))}")
    return 0


def _db_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(migrate.downgrade(settings.database_url, args.revision))
    print(f"database at {asyncio.run(migrate.current_revision(settings.database_url))}")
    return 0


def _db_current(args: argparse.Namespace, settings: Settings) -> int:
    current = asyncio.run(migrate.current_revision(settings.database_url))
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind: newest is {head}"
    print(f"{current or 'empty (no migrations applied)'} ({state})")
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here, not at the top: PTB and the handlers load only when a bot starts,
    # so data commands (`kb search`, imports) stay quick.
    from bot.sandbox.cli import start_sandbox
    from bot.telegram.runner import refuse_sqlite, run_bot, run_webhook

    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    if args.webhook or args.workers > 1:
        # Before anything else: several processes need PostgreSQL (one clear line).
        refuse_sqlite(settings)
        if not args.webhook:
            raise CliError("--workers needs --webhook (polling is one process)")
        return run_webhook(settings, workers=args.workers, upgrade=args.upgrade)
    if not settings.token:
        # No token: the offline sandbox on the same database (README, "The two commands").
        return start_sandbox(settings, upgrade=args.upgrade)
    return run_bot(settings, upgrade=args.upgrade)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser, with every feature's subcommands."""
    parser = argparse.ArgumentParser(
        prog="farmhub",
        description="FarmHub: prices, pickups and answers for farmers, over Telegram.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="start the bot (offline sandbox when no token is set)")
    run.add_argument("--upgrade", action="store_true", help="migrate the database first")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve Telegram's webhook (webhook_url, webhook_secret, webhook_listen; "
        "PostgreSQL only) instead of long polling",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="with --webhook: N worker processes on this machine (default 1)",
    )
    run.set_defaults(func=_run)

    db = commands.add_parser("db", help="database schema migrations")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_commands.add_parser("upgrade", help="migrate to the newest schema (or REV)")
    up.add_argument("revision", nargs="?", default="head", help="target revision (default head)")
    up.set_defaults(func=_db_upgrade)
    down = db_commands.add_parser("downgrade", help="migrate down to REV ('base' empties it)")
    down.add_argument("revision", help="target revision, e.g. base or -1")
    down.set_defaults(func=_db_downgrade)
    db_commands.add_parser("current", help="show the database's revision").set_defaults(
        func=_db_current
    )

    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `farmhub` console script."""
    # Even a traceback nobody expected must not print the token.
    install_excepthook()
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
        # A county's products file (products_file, FARMHUB_PRODUCTS) with a mistake is one
        # line, before anything runs.
        # FARMHUB_PRODUCTS is read where it always was (knowledge/text/county_products.py),
        # first; the setting is what config.yaml says otherwise.
        use_products_file(None if os.environ.get(ENV_PATH, "").strip() else settings.products_file)
        # A word it takes from a shipped product (羊 from 羊肉) is said, not refused.
        check_county_products(warn=lambda line: print(line, file=sys.stderr))
        register_secret(settings.token)
        if settings.webhook_secret is not None:
            register_secret(settings.webhook_secret.get_secret_value())
        func: Any = args.func
        return int(func(args, settings))
    except (ConfigError, ProductsFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"farmhub: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
