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

from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.sample import load_demand, load_markets, load_prices
from bot.models.users import Role, User

Loader = Callable[[AsyncSession], Awaitable[int]]

# The sandbox's three identities: a farmer, a station staff member and an admin.
SANDBOX_USERS = (
    (10001, "张大爷", Role.farmer),
    (20001, "李站长", Role.staff),
    (30001, "王管理员", Role.admin),
)
SANDBOX_IDS = frozenset(telegram_id for telegram_id, _, _ in SANDBOX_USERS)


async def load_users(session: AsyncSession) -> int:
    """The sandbox's demo users, so `make run` can chat as each role at once."""
    added = 0
    for telegram_id, name, role in SANDBOX_USERS:
        if await session.get(User, telegram_id) is None:
            session.add(User(telegram_id=telegram_id, name=name, role=role, language="zh"))
            added += 1
    await session.flush()
    return added


async def load_knowledge(session: AsyncSession) -> int:
    """The shipped knowledge base (knowledge/data/kb/)."""
    from knowledge.kb.repository import load_sample

    return await load_sample(session)


async def load_stations(session: AsyncSession) -> int:
    """The sample county's service stations and villages (knowledge/data/)."""
    from bot.stations.sample import load_sample

    return await load_sample(session)


LOADERS: list[tuple[str, Loader]] = [
    ("users", load_users),
    ("knowledge", load_knowledge),
    ("markets", load_markets),
    ("prices", load_prices),
    ("demand", load_demand),
    ("stations", load_stations),
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
    return {name: await loader(session) for name, loader in LOADERS if users or name != "users"}


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
