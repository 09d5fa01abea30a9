"""The database layer: what a cancelled unit of work leaves behind on SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from bot.core.db import dispose_engine, init_engine, session_scope


async def _keep_writing() -> None:
    while True:
        async with session_scope() as session:
            await session.execute(text("UPDATE t SET v = v + 1 WHERE id = 1"))
            await session.execute(text("SELECT v FROM t"))
            await session.execute(text("UPDATE t SET v = v + 1 WHERE id = 2"))


async def test_writers_cancelled_anywhere_leave_no_lock_behind(tmp_path: Path) -> None:
    # As when the outbox sender's tasks are cancelled (Sender.stop, or the crash
    # in the restart tests) in the middle of a unit of work: the next writer
    # must not find the database locked.
    init_engine(f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}")
    try:
        async with session_scope() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"))
            await session.execute(text("INSERT INTO t VALUES (1, 0), (2, 0)"))
        # The CancelledErrors are kept: with their tracebacks they hold the frames
        # of the interrupted statements, as reference cycles do until the
        # garbage collector happens to run (in the restart tests, for seconds).
        errors = []
        for step in range(300):
            task = asyncio.create_task(_keep_writing())
            for _ in range(step % 40 + 1):  # cancel at a different point each time
                await asyncio.sleep(0)
            if step % 3 == 0:
                await asyncio.sleep(0.001 * (step % 7))
            task.cancel()
            errors += await asyncio.gather(task, return_exceptions=True)
            async with session_scope() as session:
                await session.execute(text("PRAGMA busy_timeout=1000"))
                await session.execute(text("UPDATE t SET v = 0 WHERE id = 1"))
        assert all(isinstance(error, asyncio.CancelledError) for error in errors)
    finally:
        await dispose_engine()
