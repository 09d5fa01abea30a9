"""Shipped sample data: what `farmhub sample load` puts in a database for `make run`.

Each feature adds a loader to LOADERS. A loader adds what is missing and never
overwrites: running it again, or after an admin edited the data, changes nothing.

The demo users are identities of the offline sandbox only: in a database a real
bot uses, Telegram ids 20001 and 30001 are whoever holds them. They are never
loaded when a token is set, and `farmhub run` refuses a database where one of them
runs a station (`demo_staff`). Generated prices carry source "sample" and stop as
soon as real prices exist (bot/markets/sample.py).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import clock
from bot.core.commands import require_current_schema
from bot.core.config import Settings
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.markets.sample import load_demand, load_markets, load_prices
from bot.models.stations import Station
from bot.models.users import Role, User
from bot.stations import sample as stations_sample
from knowledge.kb import repository as kb_repository

Loader = Callable[[AsyncSession], Awaitable[int]]

# The sandbox's three identities: a farmer, a station staff member and an admin.
SANDBOX_USERS = (
    (10001, "张大爷", Role.farmer),
    (20001, "李站长", Role.staff),
    (30001, "王管理员", Role.admin),
)
# Farmers of station SG01 who have talked to the bot before, so a staff
# member's notice in the sandbox reaches someone: (id, name, village, lat, lon).
NEIGHBOURS = (
    (10011, "刘大姐", "东关村", 36.8861, 118.7402),
    (10012, "赵大哥", "西关村", 36.8832, 118.7281),
    (10013, "孙大爷", "南关村", 36.8790, 118.7365),
)
NEIGHBOURS_STATION = "SG01"
SANDBOX_IDS = frozenset(
    [telegram_id for telegram_id, _, _ in SANDBOX_USERS] + [n[0] for n in NEIGHBOURS]
)


async def load_users(session: AsyncSession) -> int:
    """The sandbox's demo users, so `make run` can chat as each role at once."""
    added = 0
    for telegram_id, name, role in SANDBOX_USERS:
        if await session.get(User, telegram_id) is None:
            # The staff and the admin have opened the bot, as in the sandbox's story: pushes to
            # them (a farmer's question for 李站长) are sent, not kept for a /start
            # (bot/delivery/waiting.py). The farmer starts by writing, in his own language.
            started = None if role is Role.farmer else clock.utcnow()
            session.add(
                User(
                    telegram_id=telegram_id,
                    name=name,
                    role=role,
                    language="zh",
                    started_at=started,
                )
            )
            added += 1
    await session.flush()
    return added


async def load_neighbours(session: AsyncSession) -> int:
    """Farmers of the sample station SG01 (after the stations), so notices reach someone."""
    station = await session.scalar(select(Station).where(Station.external_id == NEIGHBOURS_STATION))
    if station is None:
        return 0
    added = 0
    for telegram_id, name, village, lat, lon in NEIGHBOURS:
        if await session.get(User, telegram_id) is None:
            session.add(
                User(
                    telegram_id=telegram_id,
                    name=name,
                    role=Role.farmer,
                    language="zh",
                    station_id=station.id,
                    home_lat=lat,
                    home_lon=lon,
                    home_place=village,
                    started_at=clock.utcnow(),
                )
            )
            added += 1
    await session.flush()
    return added


async def load_knowledge(session: AsyncSession) -> int:
    """The shipped knowledge base (knowledge/data/kb/)."""
    return await kb_repository.load_sample(session)


async def load_stations(session: AsyncSession) -> int:
    """The sample county's service stations and villages (knowledge/data/)."""
    return await stations_sample.load_sample(session)


LOADERS: list[tuple[str, Loader]] = [
    ("users", load_users),
    ("knowledge", load_knowledge),
    ("markets", load_markets),
    ("prices", load_prices),
    ("demand", load_demand),
    ("stations", load_stations),
    ("neighbours", load_neighbours),
]


# What `sample load --if-empty` still runs on a database that is not new: the
# sample's daily prices are relative to today, so a demo database made last week
# would otherwise show week-old prices everywhere.
REFRESHERS: list[tuple[str, Loader]] = [
    ("prices", load_prices),
]


async def refresh(session: AsyncSession) -> dict[str, int]:
    """Bring the date-relative sample data (prices) up to today."""
    return {name: await loader(session) for name, loader in REFRESHERS}


async def load_all(session: AsyncSession, *, users: bool = True) -> dict[str, int]:
    """Run every loader in order (without the demo users if not `users`); counts added."""
    demo = {"users", "neighbours"}
    return {name: await loader(session) for name, loader in LOADERS if users or name not in demo}


async def demo_staff(session: AsyncSession) -> list[User]:
    """The sandbox's identities that hold a station role (a real bot must not start with them).

    Admins are left to the configuration: `reconcile_roles` demotes any not in admin_ids.
    """
    rows = await session.scalars(
        select(User)
        .where(User.telegram_id.in_(SANDBOX_IDS), User.role == Role.staff)
        .order_by(User.telegram_id)
    )
    return list(rows)


# ---- `farmhub sample load` --------------------------------------------------------

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
    await require_current_schema(settings)
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            # `make run` loads the sample once, on a new database: every later start
            # would add nothing but still read the whole sample (tens of seconds).
            if if_empty and await session.scalar(select(User.telegram_id).limit(1)) is not None:
                return False, await refresh(session)
            return True, await load_all(session, users=not settings.token)
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


def add_commands(commands: Any) -> None:
    """Register `sample load`."""
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
