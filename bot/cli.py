"""The `farmhub` command line: run the bot, migrate the database, load data."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.config import ConfigError, Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.models.users import User

R = TypeVar("R")
log = logging.getLogger(__name__)

# Feature modules that add subcommands: each has `add_commands(subparsers)`.
COMMAND_MODULES: list[str] = [
    "knowledge.cli",
    "bot.markets.cli",
    "bot.stations.cli",
    "bot.alerts.cli",
    "bot.sandbox.cli",
]

Handler = Callable[[argparse.Namespace, Settings], int]


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core import migrate

    asyncio.run(migrate.upgrade(settings.database_url, args.revision))
    print(f"database at {asyncio.run(migrate.current_revision(settings.database_url))}")
    return 0


def _db_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core import migrate

    asyncio.run(migrate.downgrade(settings.database_url, args.revision))
    print(f"database at {asyncio.run(migrate.current_revision(settings.database_url))}")
    return 0


def _db_current(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core import migrate

    current = asyncio.run(migrate.current_revision(settings.database_url))
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind: newest is {head}"
    print(f"{current or 'empty (no migrations applied)'} ({state})")
    return 0


# What `sample load --if-empty` (so `make run`) says instead of loading, when a token is set.
REAL_BOT_EMPTY = (
    "sample data: not loaded, because a Telegram token is set and a real bot starts on an "
    "empty database: import your own data (farmhub kb|prices|stations import), or ask for "
    "the sample with `farmhub sample load` (everything but the sandbox's demo users)"
)
NO_DEMO_USERS = (
    "demo users not loaded: a Telegram token is set, and they are identities of the offline "
    "sandbox only (unset FARMHUB_TELEGRAM_TOKEN to load them for the sandbox)"
)


async def _sample_load(settings: Settings, if_empty: bool = False) -> tuple[bool, dict[str, int]]:
    """Load the sample (or, with if_empty on a used database, only refresh it); (loaded, counts).

    With a token set the demo users are never loaded: in a real bot their Telegram
    ids belong to real people, who would get the sandbox's staff and admin roles.
    """
    from sqlalchemy import select

    from bot import sample
    from bot.core.db import dispose_engine, init_engine, session_scope
    from bot.models.users import User

    await require_current_schema(settings)
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            # `make run` loads the sample once, on a new database: every later start
            # would add nothing but still read the whole sample (tens of seconds).
            if if_empty and await session.scalar(select(User.telegram_id).limit(1)) is not None:
                return False, await sample.refresh(session)
            return True, await sample.load_all(session, users=not settings.token)
    finally:
        await dispose_engine()


def _sample(args: argparse.Namespace, settings: Settings) -> int:
    if args.if_empty and settings.token:
        # `make run` with a real token: nothing is loaded unless asked for explicitly.
        print(REAL_BOT_EMPTY)
        return 0
    loaded, counts = asyncio.run(_sample_load(settings, if_empty=args.if_empty))
    summary = ", ".join(f"{name} +{n}" for name, n in counts.items())
    if not loaded:
        print(f"sample data: the database is not empty, only brought up to today: {summary}")
        return 0
    print(f"sample data loaded: {summary}")
    if settings.token:
        print(NO_DEMO_USERS)
    return 0


async def _demo_staff_problem(session: AsyncSession, demo: Sequence[User]) -> str:
    """The one line that says which demo staff a real bot would inherit, and the fixes."""
    from bot.models.stations import Station

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
    from bot import sample
    from bot.core.db import dispose_engine, init_engine, session_scope
    from bot.users import reconcile_roles

    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            demo = await sample.demo_staff(session)
            if demo:
                raise ConfigError(await _demo_staff_problem(session, demo))
            changes = await reconcile_roles(session, settings.admin_ids)
    finally:
        await dispose_engine()
    if changes.promoted or changes.demoted:
        log.info(
            "roles from admin_ids: promoted %s, demoted %s",
            list(changes.promoted),
            list(changes.demoted),
        )


async def require_current_schema(settings: Settings) -> None:
    """Stop with a clear next step when the database is behind the code."""
    from bot.core import migrate

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
    from bot.core import migrate

    if await migrate.current_revision(settings.database_url) is None:
        await migrate.upgrade(settings.database_url)
        print("new database: schema created", file=sys.stderr)
    await require_current_schema(settings)


async def in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[R]]) -> R:
    """Run one unit of work for a data command: schema ready, one session, engine closed."""
    from bot.core.db import dispose_engine, init_engine, session_scope

    await prepare_database(settings)
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            return await work(session)
    finally:
        await dispose_engine()


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.runner import run_bot

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
        "load",
        help="add the sample data to the database (never overwrites; with a Telegram token "
        "set, never the sandbox's demo users)",
    )
    load.add_argument(
        "--if-empty",
        action="store_true",
        help="load everything only on a new database (no users yet); on a used one, "
        "only bring the date-relative sample prices up to today (as `make run` does); "
        "with a Telegram token set, load nothing",
    )
    load.set_defaults(func=_sample)

    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `farmhub` console script."""
    from bot.core.logs import install_excepthook, register_secret

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
