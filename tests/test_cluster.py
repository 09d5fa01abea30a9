"""bot/cluster on PostgreSQL: claims, the leader lock, chat locks, cache notifications."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.cluster import claims
from bot.cluster.caches import CacheListener
from bot.cluster.locks import ChatLocks, Leadership
from bot.core import migrate
from bot.core.db import dispose_engine, init_engine, session_scope
from tests import dbutil
from tests.conftest import _need_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
async def pg() -> AsyncIterator[str]:
    """A migrated PostgreSQL database of this module's own."""
    await _need_postgres()
    url = await dbutil.create_postgres_database()
    await migrate.upgrade(url)
    yield url
    await dispose_engine()
    await dbutil.drop_postgres_database(url)


async def test_an_update_is_claimed_once_and_read_back_in_order(pg: str) -> None:
    init_engine(pg)
    try:
        async with session_scope() as session:
            assert await claims.claim(session, 12, 7, '{"update_id": 12}')
            assert await claims.claim(session, 11, 7, '{"update_id": 11}')
            assert not await claims.claim(session, 12, 7, '{"update_id": 12}')
        async with session_scope() as session:
            assert [u for u, _ in await claims.pending(session, 7)] == [11, 12]
            await claims.mark_done(session, 11)
        async with session_scope() as session:
            assert [u for u, _ in await claims.pending(session, 7)] == [12]
            assert tuple(await claims.counts(session)) == (1, 1)
    finally:
        await dispose_engine()


async def test_one_chat_lock_holder_at_a_time(pg: str) -> None:
    first, second = ChatLocks(pg, 2), ChatLocks(pg, 2)
    try:
        async with first.hold(42) as got:
            assert got
            async with second.hold(42) as other:
                assert not other
            async with second.hold(43) as other:
                assert other
        async with second.hold(42) as got:
            assert got  # released with the transaction
    finally:
        await first.close()
        await second.close()


async def test_one_leader_and_a_takeover_when_it_goes(pg: str) -> None:
    events: list[str] = []

    def hooks(name: str) -> tuple:  # type: ignore[type-arg]
        async def elected() -> None:
            events.append(f"{name} elected")

        async def deposed() -> None:
            events.append(f"{name} deposed")

        return elected, deposed

    a = Leadership(pg, *hooks("a"), retry=0.1, check=0.1)
    b = Leadership(pg, *hooks("b"), retry=0.1, check=0.1)
    a.start()
    for _ in range(100):
        if a.leader:
            break
        await asyncio.sleep(0.05)
    b.start()
    await asyncio.sleep(0.5)
    assert a.leader and not b.leader
    await a.stop()  # its connection closes: the lock is free
    for _ in range(100):
        if b.leader:
            break
        await asyncio.sleep(0.05)
    assert b.leader
    await b.stop()
    assert events == ["a elected", "a deposed", "b elected", "b deposed"]


async def test_a_leader_whose_jobs_fail_to_start_steps_down(pg: str) -> None:
    tries = 0

    async def failing() -> None:
        nonlocal tries
        tries += 1
        raise RuntimeError("no Bot API")

    async def nothing() -> None:
        return None

    lead = Leadership(pg, failing, nothing, retry=0.1, check=0.1)
    other = Leadership(pg, nothing, nothing, retry=0.1, check=0.1)
    lead.start()
    for _ in range(100):
        if tries:
            break
        await asyncio.sleep(0.05)
    other.start()
    for _ in range(100):
        if other.leader:
            break
        await asyncio.sleep(0.05)
    assert other.leader and tries >= 1
    await lead.stop()
    await other.stop()


async def test_a_committed_change_is_announced_to_every_listener(pg: str) -> None:
    heard: list[str] = []

    async def kb() -> None:
        heard.append("kb")

    async def stations() -> None:
        heard.append("stations")

    listener = CacheListener(pg, {"kb": kb, "stations": stations})
    listener.start()
    await asyncio.wait_for(listener.listening.wait(), 10)
    init_engine(pg)
    try:
        async with session_scope() as session:
            await session.execute(
                text(
                    "INSERT INTO kb_entries (id, question, answer, alt_questions, tags, category, "
                    "updated_at, updated_by) VALUES ('t1', 'q', 'a', '[]', '[]', 'other', now(), 'test')"
                )
            )
        for _ in range(100):
            if heard:
                break
            await asyncio.sleep(0.02)
        assert heard == ["kb"]
    finally:
        await dispose_engine()
        await listener.stop()
