"""PostgreSQL advisory locks: one chat's updates at a time, one leader at a time.

- `ChatLocks`: a chat's updates are handled inside a transaction holding
  `pg_try_advisory_xact_lock(chat)` on a connection of its own pool, so two
  workers (on any machines) never handle one chat at once, and the lock goes
  with the transaction even when the worker dies. A transaction-level lock also
  works through a transaction-pooling PgBouncer.
- `Leadership`: the leader holds the session-level `pg_try_advisory_lock` on a
  dedicated connection, checked every `check` seconds; the others try every
  `retry` seconds. A killed leader's connection closes and PostgreSQL releases
  the lock at once; a leader cut off by the network is dropped by the server's
  TCP keepalives (set on the connection: about 8 s), and stops its jobs itself
  as soon as its own check fails, so two leaders never run at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

log = logging.getLogger(__name__)

# The leader's lock is the two-int4 form (classid, objid), which never collides
# with the single-bigint form the chat locks use.
LEADER_KEY = (0x46484231, 1)  # "FHB1"
# The leader's lock connection: the server drops a silent peer after
# idle + interval * count seconds, so a leader cut off is replaced within 10 s.
KEEPALIVES = {"tcp_keepalives_idle": "4", "tcp_keepalives_interval": "1",
              "tcp_keepalives_count": "3"}

Hook = Callable[[], Awaitable[None]]


def asyncpg_dsn(url: str) -> str:
    """The plain libpq-style DSN of a postgresql+asyncpg:// SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChatLocks:
    """Per-chat transaction-level advisory locks on a pool of their own."""

    def __init__(self, url: str, size: int) -> None:
        # Its own pool: a handler's session must never wait for a connection that
        # a lock holder waits on in turn.
        self.engine: AsyncEngine = create_async_engine(
            url, pool_size=size, max_overflow=0, pool_pre_ping=True
        )

    @contextlib.asynccontextmanager
    async def hold(self, chat_key: int) -> AsyncIterator[bool]:
        """Yield True while this process holds the chat's lock, False if another does."""
        async with self.engine.connect() as conn, conn.begin():
            got = bool(await conn.scalar(select(func.pg_try_advisory_xact_lock(chat_key))))
            yield got

    async def close(self) -> None:
        """Close the pool."""
        await self.engine.dispose()


class Leadership:
    """Campaigns for the leader lock; calls `on_elected` / `on_deposed` as it is won and lost."""

    def __init__(
        self,
        url: str,
        on_elected: Hook,
        on_deposed: Hook,
        *,
        retry: float = 2.0,
        check: float = 1.0,
        key: tuple[int, int] = LEADER_KEY,
    ) -> None:
        self.dsn = asyncpg_dsn(url)
        self.on_elected = on_elected
        self.on_deposed = on_deposed
        self.retry = retry
        self.check = check
        self.key = key
        self.leader = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Campaign in the background."""
        self._task = asyncio.create_task(self._run(), name="farmhub-leadership")

    async def stop(self) -> None:
        """Stop campaigning; a leader stops its jobs and gives the lock back."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self.dsn, timeout=5, server_settings=KEEPALIVES)
                while True:
                    if await conn.fetchval(
                        "SELECT pg_try_advisory_lock($1, $2)", *self.key, timeout=5
                    ):
                        break
                    await asyncio.sleep(self.retry)
                self.leader = True
                log.info("leader: this process runs the jobs and the outbox sender")
                await self.on_elected()
                while True:
                    await asyncio.sleep(self.check)
                    await conn.fetchval("SELECT 1", timeout=self.check + 2)
            except asyncio.CancelledError:
                await self._depose()
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
                raise
            except Exception as exc:
                # The connection failed, or starting the jobs did: either way the
                # lock goes back (the connection is closed) and another may lead.
                if isinstance(exc, OSError | TimeoutError | asyncpg.PostgresError
                              | asyncpg.InterfaceError):
                    log.warning("leader lock connection: %s; campaigning again", exc)
                else:
                    log.exception("leader: starting or running the jobs failed; stepping down")
                await self._depose()
                if conn is not None:
                    conn.terminate()
                await asyncio.sleep(self.retry)

    async def _depose(self) -> None:
        if self.leader:
            self.leader = False
            log.warning("leader: no longer; jobs and sender stopped")
            try:
                await self.on_deposed()
            except Exception:
                log.exception("leader: stopping the jobs failed")
