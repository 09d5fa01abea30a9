"""The database: one async engine per process, one session per unit of work."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

from bot.core.cache import watch

# How long a SQLite writer waits for another's lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 10000

_engine: AsyncEngine | None = None
_sessions: async_sessionmaker[AsyncSession] | None = None


class Base(DeclarativeBase):
    """Declarative base of every FarmHub table."""


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a SQLite file so the first run needs no manual step."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: object, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run while the sender writes; foreign keys are off by
    # default in SQLite; busy_timeout makes concurrent writers wait, not fail.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


class RollbackOnClose(sqlite3.Connection):
    """A SQLite connection that ends its transaction before closing, so no lock outlives it."""

    def close(self) -> None:
        """Roll back what is open, then close."""
        # When a task is cancelled while awaiting a statement, SQLAlchemy
        # invalidates the connection and closes it (aiosqlite runs this in its
        # thread). The cancelled statement's cursor is still referenced from
        # the CancelledError's traceback, so sqlite3_close_v2 only makes the
        # connection a zombie and keeps its transaction, with the database's
        # write lock, until that cursor is garbage collected: every other
        # writer then fails with "database is locked". A rollback first
        # releases the lock whatever still refers to the connection.
        try:
            if self.in_transaction:
                self.rollback()
        finally:
            super().close()


def make_engine(
    url: str, echo: bool = False, *, pool: tuple[int, int] | None = None
) -> AsyncEngine:
    """Create an async engine for a SQLite or PostgreSQL URL (`pool`: size and overflow)."""
    ensure_sqlite_dir(url)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    connect_args = {"factory": RollbackOnClose} if is_sqlite else {}
    sizes = {"pool_size": pool[0], "max_overflow": pool[1]} if pool and not is_sqlite else {}
    # The ping also on SQLite: a connection invalidated by a cancelled statement
    # is replaced on checkout (tests/test_db.py), not handed out broken.
    # JSON as UTF-8, not \uXXXX escapes: Chinese text stored at half the size, and
    # the knowledge index's cached tokens decode in a third of the time.
    engine = create_async_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        connect_args=connect_args,
        json_serializer=partial(json.dumps, ensure_ascii=False),
        **sizes,
    )
    sync_engine: Engine = engine.sync_engine
    if engine.dialect.name == "sqlite":
        event.listen(sync_engine, "connect", _sqlite_pragmas)
    # Cached lookups are forgotten when this engine commits a write to their tables.
    watch(sync_engine)
    return engine


def init_engine(
    url: str, echo: bool = False, *, pool: tuple[int, int] | None = None
) -> AsyncEngine:
    """Set the process-wide engine (called once at start, and by tests)."""
    global _engine, _sessions
    _engine = make_engine(url, echo=echo, pool=pool)
    _sessions = async_sessionmaker(_engine, expire_on_commit=False)
    return _engine


def get_engine() -> AsyncEngine:
    """The process-wide engine; init_engine must have run."""
    if _engine is None:
        raise RuntimeError("database not initialised: call bot.core.db.init_engine(url) first")
    return _engine


async def dispose_engine() -> None:
    """Close every pooled connection (at shutdown, and between tests)."""
    global _engine, _sessions
    if _engine is not None:
        await _engine.dispose()
    _engine = None
    _sessions = None


@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    """One unit of work: commit once at the end, roll back on any error."""
    if _sessions is None:
        raise RuntimeError("database not initialised: call bot.core.db.init_engine(url) first")
    async with _sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


_AWAY = (exc.InterfaceError, exc.DisconnectionError, exc.TimeoutError)
_AWAY_MARKERS = (
    "locked", "busy", "readonly", "read-only", "unable to open", "disk i/o", "connection",
    "terminat", "shutting down", "not accepting", "does not allow connections", "closed",
)


def unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database is away or busy (not a bug): try again later.

    SQLite locked by another writer, or read-only; PostgreSQL's connection
    terminated, refused, or the pool exhausted.
    """
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, _AWAY):
            return True
        if isinstance(error, exc.OperationalError | exc.DBAPIError):
            # "no such table" is an OperationalError too: a bug, not a busy moment.
            message = str(error.orig).lower()
            if any(marker in message for marker in _AWAY_MARKERS):
                return True
        if isinstance(error, ConnectionError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False
