"""Per-process caches kept fresh across processes with PostgreSQL LISTEN/NOTIFY.

Triggers on the cached tables (migration 0015_scale) NOTIFY channel
`farmhub_cache` with the cache's name when a writer commits, whichever process
or command wrote. Each process listens on a connection of its own and runs the
refresher registered for that name; while the connection is down it refreshes
everything on reconnecting, since notifications were missed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from bot.cluster.locks import asyncpg_dsn

log = logging.getLogger(__name__)

CHANNEL = "farmhub_cache"
Refresher = Callable[[], Awaitable[None]]


class CacheListener:
    """LISTENs on CHANNEL and runs one refresher per cache name, never two of one at once."""

    def __init__(self, url: str, refreshers: dict[str, Refresher], *, check: float = 5.0) -> None:
        self.dsn = asyncpg_dsn(url)
        self.refreshers = refreshers
        self.check = check
        self.refreshed = 0  # how many refreshes ran, for tests
        self._dirty: set[str] = set()
        self._running: dict[str, asyncio.Task[None]] = {}
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    def start(self) -> None:
        """Listen in the background."""
        self._task = asyncio.create_task(self._run(), name="farmhub-cache-listener")

    async def stop(self) -> None:
        """Stop listening and refreshing."""
        tasks = [t for t in (self._task, *self._running.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._task = None

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        self.changed(payload)

    def changed(self, name: str) -> None:
        """Refresh cache `name` soon (all of them for '*')."""
        names = list(self.refreshers) if name == "*" else [name]
        for one in names:
            if one not in self.refreshers:
                continue
            if one in self._running:
                self._dirty.add(one)  # refreshed again once the running refresh ends
            else:
                self._running[one] = asyncio.create_task(self._refresh(one))

    async def _refresh(self, name: str) -> None:
        try:
            while True:
                self._dirty.discard(name)
                try:
                    await self.refreshers[name]()
                    self.refreshed += 1
                except Exception:
                    log.exception("cache %s: refresh failed", name)
                if name not in self._dirty:
                    return
        finally:
            self._running.pop(name, None)

    async def _run(self) -> None:
        first = True
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self.dsn, timeout=5)
                await conn.add_listener(CHANNEL, self._notified)
                if not first:
                    self.changed("*")  # what was announced while we were away
                first = False
                self.listening.set()
                while True:
                    await asyncio.sleep(self.check)
                    await conn.fetchval("SELECT 1", timeout=self.check)
            except asyncio.CancelledError:
                if conn is not None:
                    conn.terminate()
                raise
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                self.listening.clear()
                log.warning("cache listener connection: %s; reconnecting", exc)
                if conn is not None:
                    conn.terminate()
                await asyncio.sleep(1.0)
