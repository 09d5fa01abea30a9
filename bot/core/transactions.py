"""A unit of work that is retried when the database asks for it.

Concurrent writers are normal (two farmers racing for the last place in a
slot): SQLite may answer "database is locked" once its busy timeout runs out,
PostgreSQL may pick a deadlock victim or fail a serialisation, and a random
booking code may collide with a unique one. All of these leave nothing behind
(the transaction rolled back), so running the whole unit of work again is safe.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope

log = logging.getLogger(__name__)

R = TypeVar("R")

# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
RETRY_SQLSTATES = {"40001", "40P01", "55P03"}


def is_transient(exc: BaseException) -> bool:
    """Whether running the unit of work again may succeed."""
    if isinstance(exc, IntegrityError):
        return True  # a unique random code collided; a new attempt draws another
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return True  # SQLite: another writer held the lock past busy_timeout
    if isinstance(exc, DBAPIError):
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return code in RETRY_SQLSTATES
    return False


async def retrying(work: Callable[[AsyncSession], Awaitable[R]], attempts: int = 6) -> R:
    """Run `work` in its own session, committing once; retry transient conflicts."""
    for attempt in range(1, attempts + 1):
        try:
            async with session_scope() as session:
                return await work(session)
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            log.info("retrying a unit of work after %s (attempt %d)", type(exc).__name__, attempt)
            # Jitter so the racers do not collide again in lockstep.
            await asyncio.sleep(random.uniform(0.005, 0.03) * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
