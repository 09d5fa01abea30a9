"""Delivery runs that queue nothing are not kept (a restart's digest catch-up made one per
start, 共 0 条 … 正在发送 forever); the outbox still sends nothing twice."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import digests
from bot.alerts import service as alerts
from bot.alerts.model import AlertSpec
from bot.core.db import session_scope
from bot.delivery import outbox, runs
from bot.models.alerts import AlertKind, DeliveryRun, OutboxMessage, RunKind
from tests.test_alerts import TZ, farmers, market_data

__all__ = ["market_data"]
SEVEN = time(7, 0)


async def _count(model: type[DeliveryRun] | type[OutboxMessage]) -> int:
    async with session_scope() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_a_digest_slot_run_again_keeps_one_run(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, place="新发地")
        )
    for expected in (1, 0, 0):  # the job, then two restarts catching the slot up
        async with session_scope() as session:
            assert await digests.enqueue_digests(session, SEVEN, market_data, TZ) == expected
    assert await _count(OutboxMessage) == 1
    async with session_scope() as session:
        (run,) = await runs.recent_runs(session)
    assert (run.kind, run.queued) == (RunKind.digest.value, 1)


async def test_empty_unfinished_runs_left_before_are_dropped_at_start(db: str) -> None:
    await farmers(10001)
    async with session_scope() as session:
        empty = await outbox.start_run(session, RunKind.digest, "06:00 2026-12-05")
        finished = await outbox.start_run(session, RunKind.digest, "07:00 2026-12-04")
        finished.finished_at = finished.created_at
        assert not await runs.drop_if_empty(session, await _with_one(session))
        assert empty.id is not None
    async with session_scope() as session:
        assert await runs.drop_empty_runs(session) == 1
    async with session_scope() as session:
        left = await runs.recent_runs(session)
    assert sorted(r.label for r in left) == ["07:00 2026-12-04", "broadcast"]


async def _with_one(session: AsyncSession) -> DeliveryRun:
    run = await outbox.start_run(session, RunKind.broadcast, "broadcast")
    push = outbox.Push(key="k:1", chat_id=10001, text="hi")
    assert await outbox.enqueue(session, [push], source="test", run=run) == 1
    return run
