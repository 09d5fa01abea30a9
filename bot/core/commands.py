"""What every `farmhub` data command needs: a current schema and one unit of work."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import migrate
from bot.core.config import Settings
from bot.core.db import dispose_engine, init_engine, session_scope

R = TypeVar("R")


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


async def require_current_schema(settings: Settings) -> None:
    """Stop with a clear next step when the database is behind the code."""
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
    if await migrate.current_revision(settings.database_url) is None:
        await migrate.upgrade(settings.database_url)
        print("new database: schema created", file=sys.stderr)
    await require_current_schema(settings)


async def in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[R]]) -> R:
    """Run one unit of work for a data command: schema ready, one session, engine closed."""
    await prepare_database(settings)
    init_engine(settings.database_url)
    try:
        async with session_scope() as session:
            return await work(session)
    finally:
        await dispose_engine()
