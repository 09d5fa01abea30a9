"""A push queued while its person presses Start is never left waiting (SQLite and PostgreSQL).

Pushes to someone who never opened the bot are stored `waiting` and released by their
/start (bot/delivery/waiting.py): the /start writes `started_at` and commits, then releases.
Before: `enqueue` read `started_at` first and inserted afterwards, so a /start whose write
and release ran in between (or whose write was not yet committed when it was read) left
the push `waiting` until a next /start that might never come.

The interleavings are injected: the /start runs between any two statements of the
enqueue's unit of work, or starts first and commits while the enqueue is under way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.delivery import outbox, waiting
from bot.delivery.outbox import Push
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.users import Role, User
from bot.users import Visitor, touch

NEWCOMER = 10002  # granted staff before ever writing to the bot
# How long a step is let run before the other goes on (it may be waiting for a lock).
BLOCKED_S = 0.5


async def _granted() -> None:
    async with session_scope() as session:
        session.add(User(telegram_id=NEWCOMER, name="", role=Role.staff, started_at=None))


async def _start() -> int:
    """What /start does: registered (started_at written, committed), then the release."""
    async with session_scope() as session:
        await touch(session, Visitor(NEWCOMER, "新站员"))
    async with session_scope() as session:
        return await waiting.release_waiting(session, NEWCOMER)


async def _within(work: asyncio.Task[Any], seconds: float = BLOCKED_S) -> None:
    """Let `work` run until it finishes or `seconds` pass (it waits for a lock we hold)."""
    await asyncio.wait({work}, timeout=seconds)


async def _status() -> tuple[OutboxStatus, bool]:
    async with session_scope() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == "roles:1"))
        user = await session.get(User, NEWCOMER)
    assert row is not None and user is not None
    return row.status, user.started_at is not None


def _pausing(session: AsyncSession, at: int, pause: Callable[[], Awaitable[None]]) -> list[int]:
    """Make `session` call `pause` after its `at`-th statement (0: before the first)."""
    done = [0]
    original = session.execute  # scalars() and scalar() go through it too

    async def statement(*args: Any, **kwargs: Any) -> Any:
        if done[0] == at:
            await pause()
        result = await original(*args, **kwargs)
        done[0] += 1
        return result

    setattr(session, "execute", statement)  # noqa: B010 (an instance's method, for this test)
    return done


@pytest.mark.parametrize("at", [0, 1, 2, 3])
async def test_a_start_between_any_two_statements_leaves_nothing_waiting(db: str, at: int) -> None:
    await _granted()
    started: list[asyncio.Task[int]] = []

    async def pause() -> None:
        started.append(asyncio.create_task(_start()))
        await _within(started[0])

    async with session_scope() as session:
        done = _pausing(session, at, pause)
        await outbox.enqueue(
            session, [Push("roles:1", NEWCOMER, "您现在是工作人员")], source="roles"
        )
        if not started:  # past its last statement: the /start runs before the commit
            await pause()
        assert done[0] >= 1
    released = await started[0]
    status, has_started = await _status()
    assert has_started
    # Queued at once (the /start was seen), or held and released by that /start.
    assert status is OutboxStatus.queued, (at, released)


async def test_a_start_not_yet_committed_when_a_push_is_queued(db: str) -> None:
    await _granted()
    queued_it, released = asyncio.Event(), asyncio.Event()

    async def enqueue() -> None:
        async with session_scope() as session:
            await outbox.enqueue(
                session, [Push("roles:1", NEWCOMER, "您现在是工作人员")], source="roles"
            )
            queued_it.set()
            # Its commit comes after the /start's release (unless the release waits for it).
            await _within(asyncio.create_task(released.wait()), 2 * BLOCKED_S)

    async with session_scope() as session:  # the /start's registration, written not committed
        await touch(session, Visitor(NEWCOMER, "新站员"))
        await session.flush()
        queuing = asyncio.create_task(enqueue())
        await _within(asyncio.create_task(queued_it.wait()))
    release = asyncio.create_task(_release())
    await _within(release)
    released.set()
    await queuing
    await release
    status, has_started = await _status()
    assert has_started and status is OutboxStatus.queued


async def _release() -> int:
    async with session_scope() as session:
        return await waiting.release_waiting(session, NEWCOMER)
