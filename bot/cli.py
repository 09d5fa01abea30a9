"""The `farmhub` command line: run the bot, migrate the database, load data."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from bot.config import ConfigError, Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

R = TypeVar("R")

# Feature modules that add subcommands: each has `add_commands(subparsers)`.
COMMAND_MODULES: list[str] = [
    "knowledge.cli",
    "bot.market_cli",
    "bot.stations_cli",
    "bot.alerts_cli",
    "bot.sandbox.cli",
]

Handler = Callable[[argparse.Namespace, Settings], int]


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot import migrate

    asyncio.run(migrate.upgrade(settings.database_url, args.revision))
    print(f"database at {asyncio.run(migrate.current_revision(settings.database_url))}")
    return 0


def _db_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot import migrate

    asyncio.run(migrate.downgrade(settings.database_url, args.revision))
    print(f"database at {asyncio.run(migrate.current_revision(settings.database_url))}")
    return 0


def _db_current(args: argparse.Namespace, settings: Settings) -> int:
    from bot import migrate

    current = asyncio.run(migrate.current_revision(settings.database_url))
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind: newest is {head}"
    print(f"{current or 'empty (no migrations applied)'} ({state})")
    return 0


async def _sample_load(settings: Settings, if_empty: bool = False) -> tuple[bool, dict[str, int]]:
    """Load the sample (or, with if_empty on a used database, only refresh it); (loaded, counts)."""
    from sqlalchemy import select

    from bot import sample
    from bot.db import dispose_engine, init_engine, session_scope
    from bot.models.users import User

    await require_current_schema(settings)
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            # `make run` loads the sample once, on a new database: every later start
            # would add nothing but still read the whole sample (tens of seconds).
            if if_empty and await session.scalar(select(User.telegram_id).limit(1)) is not None:
                return False, await sample.refresh(session)
            return True, await sample.load_all(session)
    finally:
        await dispose_engine()


def _sample(args: argparse.Namespace, settings: Settings) -> int:
    loaded, counts = asyncio.run(_sample_load(settings, if_empty=args.if_empty))
    summary = ", ".join(f"{name} +{n}" for name, n in counts.items())
    if not loaded:
        print(f"sample data: the database is not empty, only brought up to today: {summary}")
        return 0
    print(f"sample data loaded: {summary}")
    return 0


async def require_current_schema(settings: Settings) -> None:
    """Stop with a clear next step when the database is behind the code."""
    from bot import migrate

    current = await migrate.current_revision(settings.database_url)
    head = migrate.head_revision()
    if current != head:
        raise CliError(
            f"the database is at {current or 'no revision'} but this FarmHub needs {head}: "
            "run `farmhub db upgrade` (make run does this for you)"
        )


async def prepare_database(settings: Settings) -> None:
    """Create the schema of a brand-new database; refuse one that is merely behind.

    Data commands (imports, search) work on a fresh clone without a separate
    `db upgrade`, but never migrate an existing database behind the admin's back.
    """
    from bot import migrate

    if await migrate.current_revision(settings.database_url) is None:
        await migrate.upgrade(settings.database_url)
        print("new database: schema created", file=sys.stderr)
    await require_current_schema(settings)


async def in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[R]]) -> R:
    """Run one unit of work for a data command: schema ready, one session, engine closed."""
    from bot.db import dispose_engine, init_engine, session_scope

    await prepare_database(settings)
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            return await work(session)
    finally:
        await dispose_engine()


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run_bot

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

    sample = commands.add_parser("sample", help="the shipped sample data")
    sample_commands = sample.add_subparsers(dest="sample_command", required=True, metavar="ACTION")
    load = sample_commands.add_parser(
        "load", help="add the sample data to the database (never overwrites)"
    )
    load.add_argument(
        "--if-empty",
        action="store_true",
        help="load everything only on a new database (no users yet); on a used one, "
        "only bring the date-relative sample prices up to today (as `make run` does)",
    )
    load.set_defaults(func=_sample)

    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `farmhub` console script."""
    from bot.logs import install_excepthook, register_secret

    # Even a traceback nobody expected must not print the token.
    install_excepthook()
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
        register_secret(settings.token)
        func: Any = args.func
        return int(func(args, settings))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"farmhub: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
