"""Write-behind buffers: small, frequent, loss-tolerant writes, gathered and written together.

Every update used to write its sender's last-seen time, and every price question a
counter, each in its own write transaction. On SQLite a write needs the one
database-wide write lock: while another process held it (a long import), every
farmer's update waited for it, even /help. Such writes are not worth that: a
`WriteBehind` keeps them in memory (the newest value, or a sum, per key) and
`flush_all` writes each buffer in one statement and one short transaction, every
few seconds (handlers/jobs.py) and when the bot stops. A flush that fails (the
database busy or away) keeps its values for the next one; a crash loses at most
one interval of them, which is what makes them fit for this and nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# How often the bot writes the buffers (handlers/jobs.py).
FLUSH_INTERVAL_S = 3.0


class WriteBehind(Generic[K, V]):
    """Values by key, merged in memory until `flush` writes them all in one go."""

    def __init__(
        self,
        name: str,
        write: Callable[[AsyncSession, dict[K, V]], Awaitable[None]],
        merge: Callable[[V, V], V] = lambda _old, new: new,
    ) -> None:
        self.name = name
        self._write = write
        self._merge = merge
        self._pending: dict[K, V] = {}
        _BUFFERS.append(self)

    def add(self, key: K, value: V) -> None:
        """Keep a value for `key` (merged with one not yet written)."""
        old = self._pending.get(key)
        self._pending[key] = value if old is None else self._merge(old, value)

    def pending(self) -> dict[K, V]:
        """What has not been written yet (a copy)."""
        return dict(self._pending)

    def discard(self) -> None:
        """Forget what is pending (tests, and a new database)."""
        self._pending.clear()

    async def flush(self) -> int:
        """Write everything pending in one transaction; the count written (0 on failure)."""
        if not self._pending:
            return 0
        taken, self._pending = self._pending, {}
        try:
            async with session_scope() as session:
                await self._write(session, taken)
        except Exception as exc:
            # Kept for the next flush; newer values (added meanwhile) win.
            for key, value in taken.items():
                if key in self._pending:
                    self._pending[key] = self._merge(value, self._pending[key])
                else:
                    self._pending[key] = value
            # Expected while another process holds SQLite's write lock: one line.
            log.warning(
                "could not write %d %s (%s); kept for the next flush",
                len(taken),
                self.name,
                str(exc).splitlines()[0][:200],
            )
            return 0
        return len(taken)


_BUFFERS: list[WriteBehind[Any, Any]] = []


_flushing = False


async def flush_all() -> int:
    """Write every buffer; how many values were written (0 if a flush is under way)."""
    global _flushing
    if _flushing:
        # The previous one still waits for the database (a long lock): it will
        # take what is added meanwhile too, or keep it for the next.
        return 0
    _flushing = True
    try:
        return sum([await buffer.flush() for buffer in list(_BUFFERS)])
    finally:
        _flushing = False


def discard_all() -> None:
    """Forget every pending value (between tests: each starts on a new database)."""
    for buffer in _BUFFERS:
        buffer.discard()
